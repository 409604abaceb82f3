//! How the catalogue reader's time grows with the size of one field: `cargo bench --bench
//! catalogue`. Linear time shows as a flat MB/s column.

use std::path::Path;
use std::time::Instant;

fn main() {
    let paragraph =
        "Trafficking in persons in supply chains is described here at length. ".repeat(1000);
    let profile = resgraph::ingest::profile::Profile::osce_compendium();
    println!("{:>10} {:>12} {:>10}", "field MB", "parse ms", "MB/s");
    for paragraphs in [15, 30, 60, 120] {
        let description = vec![paragraph.trim_end(); paragraphs].join("\n\n");
        let text = format!(
            "Name of Resource\n\nA long guidance note\n\nType\n\nGuidance\n\n\
             Country / jurisdiction\n\nGlobal\n\nOrganization\n\nOSCE\n\n\
             Description\n\n{description}\n\nAvailability\n\nENG: https://www.osce.org/\n\n.\n"
        );
        let runs = 5;
        let start = Instant::now();
        for _ in 0..runs {
            let entries = resgraph::ingest::catalogue::parse_catalogue(
                Path::new("bench.txt"),
                text.as_bytes(),
                &profile,
            )
            .expect("the bench record parses");
            assert_eq!(entries.len(), 1);
        }
        let seconds = start.elapsed().as_secs_f64() / f64::from(runs);
        let mb = description.len() as f64 / 1e6;
        println!("{mb:>10.1} {:>12.1} {:>10.1}", seconds * 1e3, mb / seconds);
    }
}
