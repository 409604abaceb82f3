//! `resgraph import`: catalogue files to record files.

use super::options::{DataArgs, SourceArgs};
use resgraph::ingest::import::{import, ImportOptions};
use resgraph::ingest::Collection;
use std::path::PathBuf;

/// Read catalogue files (the OSCE compendium's format, or another catalogue's with --profile)
/// and write a data folder: one JSON record per instrument in DIR/records/, with the groups,
/// topics and obligations extracted from each description and the characters each came from,
/// and every concept scheme in DIR/concepts/.
///
/// An organization, type, jurisdiction or addressee that no concept names becomes a new
/// concept, marked unreviewed, and is reported once on standard error (--strict refuses it
/// instead); `resgraph query unreviewed` lists them. `resgraph build --data DIR` takes the
/// folder as it is. A file with any bad record is refused whole, with its line and what is
/// wrong. Existing record files are never overwritten unless --force is given.
///
/// Example: resgraph import tests/fixtures/seed/000_18eec137fbde1df8.txt -o imported
#[derive(clap::Args)]
pub struct Args {
    /// Catalogue files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The data folder to write (records/ and concepts/).
    #[arg(long, short, value_name = "DIR", default_value = "data")]
    output: PathBuf,
    #[command(flatten)]
    data: DataArgs,
    /// Replace record files that already exist.
    #[arg(long)]
    force: bool,
    /// Refuse a label that no concept names, instead of making a new, unreviewed concept.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    source: SourceArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let options = ImportOptions {
        files: args.files,
        source: args.source.source()?,
        profile: args.source.profile()?,
        output: args.output,
        force: args.force,
        strict: args.strict,
    };
    // Only the concept schemes are read: a data folder that does not exist gives the shipped ones.
    let concepts = Collection::read_inputs(&[], Some(&args.data.data))?;
    let imported = import(&concepts, &options)?;
    for (kind, id, label) in &imported.added {
        eprintln!("new unreviewed {} {id}: {label}", kind.segment());
    }
    for path in imported.records.iter().chain(&imported.concepts) {
        println!("{}", path.display());
    }
    Ok(())
}
