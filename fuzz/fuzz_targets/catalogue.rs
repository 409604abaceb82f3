//! The catalogue-format reader, and what `import` does with what it reads.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use resgraph::ingest::extract::{entry_to_record, CatalogueSource};
use resgraph::ingest::open_world::OpenWorld;
use resgraph::ingest::profile::Profile;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.txt");
    let Ok(entries) =
        resgraph::ingest::catalogue::parse_catalogue(path, data, &Profile::osce_compendium())
    else {
        return;
    };
    let mut concepts = common::concepts().clone();
    let source = CatalogueSource::osce_compendium();
    let mut world = OpenWorld::new(&mut concepts, false, source.url.clone());
    let mut records = Vec::new();
    for entry in &entries {
        if let Ok(record) = entry_to_record(path, entry, &mut world, &source) {
            records.push(record);
        }
    }
    for record in records {
        if concepts.check_record(path, &record).is_ok() {
            let quads = resgraph::graph::map::map_record(common::minter(), &record, true);
            common::assert_quads_sound(&quads.own);
            common::assert_quads_sound(&quads.shared);
        }
    }
});
