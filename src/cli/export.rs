//! `resgraph export`: records to one RDF format.

use super::options::{rdf_format, BaseArgs, DataArgs};
use super::progress::Progress;
use super::Usage;
use resgraph::files::write_file_atomically;
use resgraph::ingest::Collection;
use resgraph::publish::dump::DumpWriter;
use resgraph::publish::export::{Exporter, Format};
use resgraph::publish::stream::export_graph;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Convert records to one RDF format, on standard output or into a file.
///
/// Records are mapped and serialized in chunks on every core (RAYON_NUM_THREADS sets how
/// many workers) and written in input order; a JSON Lines file (one record per line, `.jsonl`)
/// is streamed, so memory stays flat however many records it holds.
///
/// Example: resgraph export data/records/unsc-2016-2331.json --format nt -o 2331.nt
///
/// Example: resgraph export records.jsonl --format ttl -o records.ttl --quiet
#[derive(clap::Args)]
pub struct Args {
    /// Record files, JSON Lines files (`.jsonl`), folders of record files, or data folders
    /// (default: data).
    inputs: Vec<PathBuf>,
    /// The RDF format.
    #[arg(long, short, value_parser = rdf_format(), default_value = "ttl")]
    format: Format,
    /// The file to write (atomically); standard output if absent.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// The data folder whose concept schemes and mappings are used when no data folder is
    /// among the inputs.
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    base: BaseArgs,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
    /// Write numbered shards of at most this many lines (N-Triples and N-Quads only), each
    /// with a SHA-256 beside it: `-o out.nt.gz --split 1000000` writes out.000001.nt.gz, …
    #[arg(long, value_name = "LINES", requires = "output")]
    split: Option<u64>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let minter = args.base.minter()?;
    let gzip = args
        .output
        .as_ref()
        .is_some_and(|p| p.extension().is_some_and(|e| e == "gz"));
    let dump = gzip || args.split.is_some();
    if dump && !matches!(args.format, Format::Nt | Format::Nq) {
        return Err(Usage(
            "gzip dumps and --split are for line-based formats: use --format nt or nq".into(),
        )
        .into());
    }
    let inputs = match args.inputs.is_empty() {
        true => vec![PathBuf::from("data")],
        false => args.inputs,
    };
    let (streamed, read): (Vec<PathBuf>, Vec<PathBuf>) = inputs
        .into_iter()
        .partition(|p| p.extension().is_some_and(|e| e == "jsonl"));
    let dataset = Collection::read_inputs(&read, Some(&args.data.data))?;
    let total = streamed
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let bar = Progress::new(
        args.quiet || streamed.is_empty(),
        total,
        "{bar:40} {bytes}/{total_bytes} {msg} ({bytes_per_sec}, {eta} left)",
    );
    let write = |target: &Path, out: &mut dyn Write| {
        let exporter =
            Exporter::for_graph(args.format, out).map_err(resgraph::Error::io(target))?;
        export_graph(
            target,
            &dataset,
            &streamed,
            &minter,
            exporter,
            &|records, bytes| bar.update(bytes, format!("{records} records")),
        )
    };
    match args.output {
        Some(path) if dump => {
            let mut writer = DumpWriter::new(&path, args.split);
            write(&path, &mut writer)?;
            for (file, _) in writer.finish()? {
                if !args.quiet {
                    eprintln!("{}", file.display());
                }
            }
        }
        Some(path) => {
            let mut failure = None;
            let written = write_file_atomically(&path, |w| {
                write(&path, w).map_err(|e| {
                    failure = Some(e);
                    std::io::Error::other("export failed")
                })
            });
            if let Some(e) = failure {
                return Err(e.into());
            }
            written?;
        }
        None => write(Path::new("standard output"), &mut std::io::stdout().lock())?,
    }
    bar.done();
    Ok(())
}
