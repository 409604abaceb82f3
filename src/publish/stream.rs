//! The streaming path from records to an export: records are read (from a [`Collection`] in
//! memory, or one by one from a JSON Lines file), checked, mapped and written in batches, each
//! batch mapped and serialized on every core. Both paths give the same bytes for the same
//! records in the same order.

use crate::error::{Error, Result};
use crate::graph::map::{instrument_iri, map_record, map_schemes, RecordQuads};
use crate::graph::mint::Minter;
use crate::ingest::folder::{parse_json_str, Collection};
use crate::model::Record;
use crate::publish::export::{Exporter, Format};
use rayon::prelude::*;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufRead, Write};
use std::path::Path;

/// How many records are mapped and serialized together (and held in memory at once).
pub const BATCH: usize = 2048;

/// Writes a whole dataset: its concept schemes, then its records in order.
pub fn export_dataset<W: Write>(
    dataset: &Collection,
    minter: &Minter,
    exporter: &mut Exporter<W>,
) -> std::io::Result<()> {
    exporter.write_block(map_schemes(dataset, minter))?;
    export_records(dataset, minter, exporter)
}

/// Writes a whole dataset in `format` to `out`, as `build` writes its export files and `serve`
/// its dumps; returns the writer and how many triples (or quads) it wrote.
pub fn write_dataset<W: Write>(
    dataset: &Collection,
    minter: &Minter,
    format: Format,
    out: W,
) -> std::io::Result<(W, usize)> {
    let mut exporter = Exporter::for_graph(format, out)?;
    export_dataset(dataset, minter, &mut exporter)?;
    exporter.finish()
}

/// Writes the records of a dataset in order (not its concept schemes).
pub fn export_records<W: Write>(
    dataset: &Collection,
    minter: &Minter,
    exporter: &mut Exporter<W>,
) -> std::io::Result<()> {
    let graphs = exporter.format().keeps_graphs();
    for batch in dataset.records.chunks(BATCH) {
        let mapped: Vec<RecordQuads> = batch
            .par_iter()
            .map(|(_, record)| map_record(minter, record, graphs))
            .collect();
        exporter.write_records(mapped)?;
    }
    Ok(())
}

/// What [`export_jsonl`] reports as it goes: records done and bytes of input read.
pub type OnProgress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// Streams the records of a JSON Lines file (one record per line; blank lines are skipped)
/// into `exporter`; write the concept schemes of `concepts` first. Each record is checked as [`Collection`] checks it;
/// the first bad line stops the export with its line, column and field. Returns how many
/// records were written.
pub fn export_jsonl<W: Write>(
    path: &Path,
    concepts: &Collection,
    minter: &Minter,
    exporter: &mut Exporter<W>,
    progress: OnProgress<'_>,
) -> Result<u64> {
    let file = std::fs::File::open(path).map_err(Error::io(path))?;
    let mut lines = std::io::BufReader::with_capacity(1 << 20, file);
    let write_error = |e: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        cause: e,
    };
    let graphs = exporter.format().keeps_graphs();
    let mut seen: HashSet<u64> = HashSet::new();
    let (mut line_number, mut records, mut bytes) = (0usize, 0u64, 0u64);
    loop {
        let mut batch: Vec<(usize, String)> = Vec::with_capacity(BATCH);
        while batch.len() < BATCH {
            let mut line = String::new();
            let n = lines.read_line(&mut line).map_err(Error::io(path))?;
            if n == 0 {
                break;
            }
            bytes += n as u64;
            line_number += 1;
            if !line.trim().is_empty() {
                batch.push((line_number, line));
            }
        }
        if batch.is_empty() {
            break;
        }
        let mapped: Vec<Result<(u64, RecordQuads)>> = batch
            .par_iter()
            .map(|(number, line)| {
                let record: Record = parse_json_str(path, line, *number)?;
                concepts.check_record(path, &record)?;
                let iri = instrument_iri(minter, &record);
                let mut hasher = DefaultHasher::new();
                iri.as_str().hash(&mut hasher);
                Ok((hasher.finish(), map_record(minter, &record, graphs)))
            })
            .collect();
        let mut ready = Vec::with_capacity(mapped.len());
        for ((number, _), result) in batch.iter().zip(mapped) {
            let (key, quads) = result?;
            if !seen.insert(key) {
                return Err(Error::invalid(
                    path,
                    format!("line {number}"),
                    "this record describes an instrument an earlier line already describes",
                ));
            }
            ready.push(quads);
        }
        records += ready.len() as u64;
        exporter.write_records(ready).map_err(write_error)?;
        progress(records, bytes);
    }
    Ok(records)
}

/// Writes the whole graph of `dataset` (concept schemes, then records) and of the records of
/// the JSON Lines files `jsonl` (streamed, reporting `progress`) with `exporter`, and finishes
/// it; a failure to write names `target`.
pub fn export_graph<W: Write>(
    target: &std::path::Path,
    dataset: &Collection,
    jsonl: &[std::path::PathBuf],
    minter: &Minter,
    mut exporter: Exporter<W>,
    progress: OnProgress<'_>,
) -> Result<()> {
    exporter
        .write_block(map_schemes(dataset, minter))
        .map_err(Error::io(target))?;
    export_records(dataset, minter, &mut exporter).map_err(Error::io(target))?;
    for path in jsonl {
        export_jsonl(path, dataset, minter, &mut exporter, progress)?;
    }
    exporter.finish().map_err(Error::io(target))?;
    Ok(())
}
