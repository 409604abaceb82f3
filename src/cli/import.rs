//! `resgraph import`: catalogue files to record files.

use super::options::{DataArgs, SourceArgs};
use resgraph::ingest::import::import;
use std::path::PathBuf;

/// Read catalogue files (the OSCE compendium's format) and write one JSON record per
/// instrument, with the groups, topics and obligations extracted from each description and
/// the characters each came from.
///
/// A file with any bad record is refused whole, with its line and what is wrong. Existing
/// record files are never overwritten unless --force is given.
///
/// Example: resgraph import tests/fixtures/seed/000_18eec137fbde1df8.txt -o imported/
#[derive(clap::Args)]
pub struct Args {
    /// Catalogue files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The folder to write the records into.
    #[arg(long, short, default_value = "data/records")]
    output: PathBuf,
    #[command(flatten)]
    data: DataArgs,
    /// Replace record files that already exist.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    source: SourceArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let source = args.source.source()?;
    let profile = args.source.profile()?;
    let concepts = args.data.collection()?;
    let written = import(
        &args.files,
        &concepts,
        &source,
        &profile,
        &args.output,
        args.force,
    )?;
    for path in written {
        println!("{}", path.display());
    }
    Ok(())
}
