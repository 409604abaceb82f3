//! `resgraph synth`: synthetic records for benchmarks.

use super::options::DataArgs;
use resgraph::files::write_file_atomically;
use resgraph::ingest::synth::write_synthetic;
use std::path::PathBuf;

/// Write N deterministic synthetic records as JSON Lines, for benchmarks.
///
/// They are shaped like real records (about 4 topics, 2 armed groups, 1.5 obligations and
/// a 120-word description each) and use the concept ids of the data folder. The same N and
/// seed always give the same file.
///
/// Example: resgraph synth 100000 -o records.jsonl
#[derive(clap::Args)]
pub struct Args {
    /// How many records.
    count: u64,
    /// The JSON Lines file to write (atomically).
    #[arg(long, short)]
    output: PathBuf,
    #[command(flatten)]
    data: DataArgs,
    /// The seed of the pseudo-random choices.
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let concepts = args.data.collection()?;
    write_file_atomically(&args.output, |w| {
        write_synthetic(&concepts, args.count, args.seed, w)
    })?;
    Ok(())
}
