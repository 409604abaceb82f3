//! The streaming path from records to an export: records are read (from a [`Collection`] in
//! memory, or one by one from a JSON Lines file), checked, mapped and serialized in chunks on
//! every core, and written in input order through a bounded pipeline ([`ordered`]). Both paths
//! give the same bytes for the same records in the same order.

use crate::error::{Error, Result};
use crate::graph::map::{instrument_iri, map_schemes};
use crate::graph::mint::Minter;
use crate::ingest::folder::{parse_json_str, Collection};
use crate::model::Record;
use crate::publish::export::{Exporter, Format, PreparedRecord};
use std::collections::{BTreeMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Mutex};

/// How many records a worker maps and serializes together (a chunk).
pub const CHUNK: usize = 256;

/// How many chunks per worker may be in flight at once (read, being prepared, or waiting to be
/// written in order): what bounds memory, whatever the number of records.
pub const IN_FLIGHT_PER_WORKER: usize = 4;

/// How many workers prepare chunks: rayon's thread count, so every core unless
/// `RAYON_NUM_THREADS` says otherwise (`RAYON_NUM_THREADS=1` gives one worker).
pub fn workers() -> usize {
    rayon::current_num_threads().max(1)
}

/// Runs `work` over `inputs` on `workers` threads and hands the results to `sink` in input
/// order, on the calling thread. `inputs` is drawn on a thread of its own, and at most
/// [`IN_FLIGHT_PER_WORKER`] × `workers` inputs are in flight, so memory stays bounded however
/// many there are. The first error of `sink` stops everything and is returned.
pub fn ordered<I: Send, O: Send, E>(
    workers: usize,
    inputs: impl Iterator<Item = I> + Send,
    work: impl Fn(I) -> O + Sync,
    mut sink: impl FnMut(O) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let workers = workers.max(1);
    let limit = IN_FLIGHT_PER_WORKER * workers;
    // A token per input in flight: the reader takes one before it reads an input, the sink
    // gives it back once that input's result is written.
    let (token_tx, token_rx) = sync_channel::<()>(limit);
    for _ in 0..limit {
        token_tx
            .send(())
            .expect("the channel has room for every token");
    }
    let (in_tx, in_rx) = sync_channel::<(usize, I)>(limit);
    let in_rx = Arc::new(Mutex::new(in_rx));
    let (out_tx, out_rx) = sync_channel::<(usize, O)>(limit);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for (index, input) in inputs.enumerate() {
                if token_rx.recv().is_err() || in_tx.send((index, input)).is_err() {
                    return;
                }
            }
        });
        for _ in 0..workers {
            let (in_rx, out_tx, work) = (Arc::clone(&in_rx), out_tx.clone(), &work);
            scope.spawn(move || loop {
                let next = in_rx.lock().map(|rx| rx.recv());
                let Ok(Ok((index, input))) = next else { return };
                if out_tx.send((index, work(input))).is_err() {
                    return;
                }
            });
        }
        drop((in_rx, out_tx));
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (index, output) in out_rx {
            waiting.insert(index, output);
            while let Some(output) = waiting.remove(&next) {
                // On an error, out_rx and token_tx are dropped here, which stops the reader
                // and the workers.
                sink(output)?;
                next += 1;
                let _ = token_tx.send(());
            }
        }
        Ok(())
    })
}

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

/// Writes the records of a dataset in order (not its concept schemes), mapped and serialized
/// in chunks on every core ([`ordered`]).
pub fn export_records<W: Write>(
    dataset: &Collection,
    minter: &Minter,
    exporter: &mut Exporter<W>,
) -> std::io::Result<()> {
    let preparer = exporter.preparer();
    ordered(
        workers(),
        dataset.records.chunks(CHUNK),
        |chunk| -> Vec<PreparedRecord<'static>> {
            chunk
                .iter()
                .map(|(_, record)| preparer.record(minter, record))
                .collect()
        },
        |prepared| {
            prepared
                .into_iter()
                .try_for_each(|record| exporter.append_record(record))
        },
    )
}

/// What [`export_jsonl`] reports as it goes: records done and bytes of input read.
pub type OnProgress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// A chunk of a JSON Lines file as read: its bytes, its non-blank lines (number and byte
/// range) and how many bytes of the file were read up to its end.
struct Lines {
    bytes: Vec<u8>,
    lines: Vec<(usize, std::ops::Range<usize>)>,
    read: u64,
}

/// Reads a JSON Lines file in chunks of [`CHUNK`] non-blank lines.
fn read_chunks(path: &Path, file: std::fs::File) -> impl Iterator<Item = Result<Lines>> + Send {
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let (mut line_number, mut read, mut done) = (0usize, 0u64, false);
    let path = path.to_path_buf();
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut chunk = Lines {
            bytes: Vec::with_capacity(CHUNK * 3000),
            lines: Vec::with_capacity(CHUNK),
            read,
        };
        while chunk.lines.len() < CHUNK {
            let start = chunk.bytes.len();
            match reader.read_until(b'\n', &mut chunk.bytes) {
                Ok(0) => {
                    done = true;
                    break;
                }
                Ok(n) => {
                    read += n as u64;
                    line_number += 1;
                    if !chunk.bytes[start..].trim_ascii().is_empty() {
                        chunk.lines.push((line_number, start..chunk.bytes.len()));
                    }
                }
                Err(e) => {
                    done = true;
                    return Some(Err(Error::io(&path)(e)));
                }
            }
        }
        chunk.read = read;
        (!chunk.lines.is_empty()).then_some(Ok(chunk))
    })
}

/// Reads, checks and prepares one line: the record's key (a hash of its instrument IRI) and
/// its prepared block.
fn prepare_line(
    path: &Path,
    bytes: &[u8],
    number: usize,
    concepts: &Collection,
    minter: &Minter,
    preparer: crate::publish::export::Preparer,
) -> Result<(u64, PreparedRecord<'static>)> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Syntax {
        path: path.to_path_buf(),
        line: number,
        column: e.valid_up_to() + 1,
        field: String::new(),
        message: "invalid UTF-8".into(),
    })?;
    let record: Record = parse_json_str(path, text, number)?;
    concepts.check_record(path, &record).map_err(|e| match e {
        Error::Invalid {
            path,
            field,
            message,
        } => Error::Invalid {
            path,
            field: format!("line {number}, {field}"),
            message,
        },
        other => other,
    })?;
    let mut hasher = DefaultHasher::new();
    instrument_iri(minter, &record).as_str().hash(&mut hasher);
    Ok((hasher.finish(), preparer.record(minter, &record)))
}

/// Streams the records of a JSON Lines file (one record per line; blank lines are skipped)
/// into `exporter`; write the concept schemes of `concepts` first. A reader thread reads the
/// file in chunks of [`CHUNK`] lines, every core checks, maps and serializes chunks, and the
/// calling thread writes them in input order ([`ordered`]). Each record is checked as
/// [`Collection`] checks it; the first bad line stops the export with its line, column and
/// field. Returns how many records were written.
pub fn export_jsonl<W: Write>(
    path: &Path,
    concepts: &Collection,
    minter: &Minter,
    exporter: &mut Exporter<W>,
    progress: OnProgress<'_>,
) -> Result<u64> {
    let file = std::fs::File::open(path).map_err(Error::io(path))?;
    let preparer = exporter.preparer();
    let mut seen: HashSet<u64> = HashSet::new();
    let mut records = 0u64;
    ordered(
        workers(),
        read_chunks(path, file),
        |chunk: Result<Lines>| -> Result<(Vec<_>, u64)> {
            let chunk = chunk?;
            let prepared = chunk
                .lines
                .iter()
                .map(|(number, range)| {
                    let line = &chunk.bytes[range.clone()];
                    (
                        *number,
                        prepare_line(path, line, *number, concepts, minter, preparer),
                    )
                })
                .collect();
            Ok((prepared, chunk.read))
        },
        |chunk| -> Result<()> {
            let (prepared, read) = chunk?;
            for (number, result) in prepared {
                let (key, record) = result?;
                if !seen.insert(key) {
                    return Err(Error::invalid(
                        path,
                        format!("line {number}"),
                        "this record describes an instrument an earlier line already describes",
                    ));
                }
                exporter.append_record(record).map_err(Error::io(path))?;
                records += 1;
            }
            progress(records, read);
            Ok(())
        },
    )?;
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
