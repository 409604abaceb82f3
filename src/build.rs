//! The main job, stage by stage: read → map → store → export and answer the stored queries.

use crate::error::{Error, Result};
use crate::files::{file_writer, write_file_atomically, FileWriter, StagedFile};
use crate::graph::frozen::{FrozenGraph, FrozenLoader};
use crate::graph::map::{map_record, map_schemes, RecordQuads};
use crate::graph::memory::HighWater;
use crate::graph::mint::{Minter, DEFAULT_BASE};
use crate::graph::store::{
    parse_query, predicates_read, reads_named_graphs, Loader, SparqlGraph, StagedStore, StoreInfo,
    MEMORY_LOAD_BATCH,
};
use crate::ingest::extract::{records_from_catalogue, CatalogueSource};
use crate::ingest::folder::{read_records, Collection, Minted};
use crate::ingest::open_world::OpenWorld;
use crate::ingest::profile::Profile;
use crate::ingest::rdf::read_rdf_files;
use crate::model::{Record, SchemeKind, Slug};
use crate::publish::catalog::{licence_iri, Dump, Statistics, CATALOG_FILE};
use crate::publish::docs::Examples;
use crate::publish::export::{sort_block, write_quads, Exporter, Format, SeenShared};
use crate::query::{queries_for, AnswerFiles, StoredQuery};
use crate::serve::browse::{BrowseIndex, Indexing, STORE_BROWSE_FILE};
use crate::shacl::{Report, Severity, Shapes, Validator};
use crate::shipped::{self, Text};
use oxigraph::model::Quad;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::thread::ScopedJoinHandle;
use std::time::{Duration, Instant};

pub use crate::publish::export::export_file_name;

/// Where `build` reads and writes.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The data folder (`concepts/`, `records/`).
    pub data: PathBuf,
    /// Catalogue files to read as well, with the catalogue they come from.
    pub catalogues: Vec<PathBuf>,
    /// The catalogue the files in `catalogues` come from.
    pub catalogue_source: CatalogueSource,
    /// The headings of the files in `catalogues`, each with the field it fills.
    pub profile: Profile,
    /// The stored queries to answer.
    pub queries: Vec<StoredQuery>,
    /// The output folder.
    pub out: PathBuf,
    /// The base IRI to mint under.
    pub base: String,
    /// The licence IRI the catalog states for the dataset and its distributions.
    pub licence: String,
    /// The SHACL shapes (Turtle) the graph must conform to before anything is written; none to
    /// skip.
    pub shapes: Vec<Text>,
    /// The ontology's Turtle files that `ontology.html` documents.
    pub ontology: Vec<Text>,
    /// The folder of an on-disk store to write (it replaces the store there, if any); none to
    /// keep the store in memory only.
    pub store: Option<PathBuf>,
    /// The formats to export the graph in (by default [`Format::ALL`]). An export of another
    /// format that an earlier build left in the output folder is removed, so that the folder
    /// holds one build's files only.
    pub formats: Vec<Format>,
}

impl BuildOptions {
    /// The defaults for the data folder `data`: the shipped queries, ontology and shapes with
    /// the data folder's own replacing them ([`crate::shipped`]), output to `out`, the default
    /// base and licence, and no catalogue file (catalogue files added later are read with the
    /// OSCE compendium's profile).
    ///
    /// ```
    /// let options = resgraph::build::BuildOptions::new("data", "out").unwrap();
    /// assert_eq!(options.shapes[0].path.to_str(), Some("ontology/shapes.ttl"));
    /// ```
    pub fn new(data: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Result<BuildOptions> {
        let data = data.into();
        let ontology = shipped::ontology_for(&data, None)?;
        Ok(BuildOptions {
            queries: queries_for(&data, None)?,
            shapes: shipped::shapes_for(&ontology, &[])?,
            ontology,
            data,
            catalogues: Vec::new(),
            catalogue_source: CatalogueSource::osce_compendium(),
            profile: Profile::osce_compendium(),
            out: out.into(),
            base: DEFAULT_BASE.to_owned(),
            licence: crate::publish::catalog::DEFAULT_LICENCE.to_owned(),
            store: None,
            formats: Format::ALL.to_vec(),
        })
    }
}

/// Wall-clock time per phase.
#[derive(Default)]
struct Clock {
    start: Option<Instant>,
    laps: Vec<(String, Duration)>,
}

impl Clock {
    /// Records the time since the previous call under `phase` (the first call starts the clock).
    fn lap(&mut self, phase: &str) {
        let now = Instant::now();
        if let Some(since) = self.start.replace(now) {
            self.laps.push((phase.to_owned(), now - since));
        }
    }
}

/// What `build` did, for its summary line.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// Records read.
    pub records: usize,
    /// Distinct triples in the default graph (every fact once), as exported to Turtle.
    pub triples: usize,
    /// Quads in the store (with the source graphs).
    pub quads: usize,
    /// Files written, in order.
    pub written: Vec<PathBuf>,
    /// Wall-clock time of each phase, in order.
    pub timings: Vec<(String, Duration)>,
    /// Each stored query's name and number of answer rows.
    pub answers: Vec<(String, usize)>,
    /// The most memory each task of the concurrent phase (each stored query, the catalog, the
    /// ontology page, the browse index) held on its thread, in bytes: 0 unless the program's
    /// global allocator is [`CountingAllocator`](crate::graph::memory::CountingAllocator).
    pub held: Vec<(String, u64)>,
    /// The SHACL report, when shapes were given (warnings only: violations stop the build).
    pub report: Option<Report>,
    /// The new, unreviewed concepts the catalogue files named: scheme and id.
    pub added: Vec<(SchemeKind, Slug)>,
}

/// How many records `build` checks, maps and validates at once, on every core, with the store
/// in memory. A batch's quads and its six prepared exports are held beside the store: at
/// 100,000 records a batch of 2048 peaked 100 MiB higher, and took no less time.
pub const BATCH: usize = 512;

/// [`BATCH`] with an on-disk store (`--store`). Each load its bulk loader takes kept
/// it busy for seconds, while the exports of the batch that filled them waited (before the
/// loader had a thread of its own): with batches of 512, `build --store` of 100,000 records
/// spent 71.8 s in its streamed phase against 65.7 s with 2048, one run after the other (and
/// 200 MiB less at its peak).
pub const BATCH_ON_DISK: usize = 2048;

/// Runs the main job. The records are streamed: read one by one, checked, mapped in batches of
/// [`BATCH`] records ([`BATCH_ON_DISK`] with `--store`; on every core) and handed to the store's
/// bulk loader and to the exporters (one per format of [`BuildOptions::formats`], each on a
/// thread of its own), so memory holds a few batches and one small key per record (to refuse a
/// second record of the same instrument), whatever the number of records; each stored query's
/// answer is written as it is evaluated.
/// Everything is checked, loaded, validated and queried before the first output is put in place, so
/// bad input leaves `out/` (and the store folder) as it was; each file is replaced atomically.
pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let existed = options.out.exists();
    let result = build_into(options);
    if result.is_err() && !existed {
        // The folders made for the staged files, empty again: a failed build leaves nothing.
        let _ = std::fs::remove_dir(options.out.join("answers"));
        let _ = std::fs::remove_dir(&options.out);
    }
    result
}

fn build_into(options: &BuildOptions) -> Result<BuildSummary> {
    let mut clock = Clock::default();
    clock.lap("start");
    let minter = Minter::new(&options.base)?;
    let licence = licence_iri(&options.licence)?;
    let (mut concepts, record_files) = Collection::read_dir_without_records(&options.data)?;
    let (imported, added) = import_catalogues(options, &mut concepts)?;
    clock.lap("read the concept schemes and catalogue files");

    let staged_store = options
        .store
        .as_deref()
        .map(StagedStore::create)
        .transpose()?;
    // A build killed while writing leaves temporary files; they are never outputs.
    for dir in [options.out.clone(), options.out.join("answers")] {
        crate::files::remove_stale_temp_files(&dir)?;
    }
    // The chosen formats, each once, in the order of `Format::ALL`.
    let formats: Vec<Format> = Format::ALL
        .into_iter()
        .filter(|f| options.formats.contains(f))
        .collect();
    let staged: Vec<StagedFile> = formats
        .iter()
        .map(|f| StagedFile::create(&options.out.join(export_file_name(*f))))
        .collect::<Result<_>>()?;
    // The concept schemes and mappings, in export order once: every export starts with them,
    // and the loader and the validator take them first.
    let mut shared = map_schemes(&concepts, &minter);
    sort_block(&mut shared);
    let mut exporters = Vec::with_capacity(staged.len());
    for (format, file) in formats.iter().copied().zip(&staged) {
        let writer = file_writer(file.file());
        let exporter = Exporter::for_graph(format, writer).map_err(Error::io(file.path()))?;
        let mut exporter = exporter.shared_once_by_caller();
        exporter
            .write_block(shared.clone())
            .map_err(Error::io(file.path()))?;
        exporters.push(exporter);
    }
    let shapes = match options.shapes.is_empty() {
        true => None,
        false => Some(Shapes::from_texts(&options.shapes)?),
    };
    // The stored queries, parsed before any record is read, so that a bad one stops the build
    // at once. An in-memory store only answers them and describes the default graph: it needs
    // the source graphs only if a query can read them. Without them it holds about half as
    // many quads.
    let queries = options
        .queries
        .iter()
        .map(|query| {
            Ok((
                query,
                parse_query(&query.path.display().to_string(), &query.sparql)?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let source_graphs =
        staged_store.is_some() || queries.iter().any(|(_, parsed)| reads_named_graphs(parsed));
    // Nor does it need the statements of a predicate that neither a query nor the catalog
    // reads (the VoID counts and the ontology page's examples are noted as the quads stream):
    // 1.35 M of the 4.79 M triples at 100,000 records.
    let predicates = match source_graphs {
        true => None,
        false => queries
            .iter()
            .map(|(_, parsed)| predicates_read(parsed))
            .collect::<Option<Vec<_>>>()
            .map(|read| {
                let catalog = crate::publish::catalog::READS.map(|p| p.as_str().to_owned());
                read.into_iter().flatten().chain(catalog).collect()
            }),
    };
    let validator = shapes.as_ref().map(|s| Validator::new(s, &shared));
    let noting = Noting {
        predicates,
        examples: Examples::default(),
        statistics: Statistics::new(minter.base()),
        indexing: staged_store.as_ref().map(|_| Indexing::default()),
    };
    // With `--store`, the quads go to oxigraph's on-disk store; without, to a frozen graph,
    // which answers the queries about twice as fast as oxigraph's in-memory store, in less
    // than half its memory (docs/scale.md).
    let loader = match &staged_store {
        Some(staged) => Loading::Store(staged.store().loader()),
        None => Loading::Frozen(FrozenLoader::default()),
    };
    let mapper = Mapper {
        concepts: &concepts,
        reports: match &validator {
            Some(v) => vec![v.validate_shared()?],
            None => Vec::new(),
        },
        validator: validator.as_ref(),
        minter: &minter,
        minted: Minted::default(),
        source_graphs,
        seen_shared: SeenShared::default(),
        quads: shared.len(),
    };
    let streamed = std::thread::scope(|scope| {
        let mut stream = RecordStream {
            mapper,
            sinks: Sinks::start(scope, (loader, shared.clone(), noting), exporters, &staged),
            batch_size: match staged_store {
                Some(_) => BATCH_ON_DISK,
                None => BATCH,
            },
            batch: Vec::new(),
            records: 0,
        };
        read_files(&record_files, &mut stream)?;
        for (path, record) in imported {
            stream.push(path, record)?;
        }
        stream.finish()
    })?;
    let Streamed {
        records,
        dumps,
        quads,
        reports,
        noting,
        frozen,
    } = streamed;
    let store: &dyn SparqlGraph = match (&staged_store, &frozen) {
        (Some(staged), _) => staged.store(),
        (None, Some(frozen)) => frozen,
        (None, None) => unreachable!("a build without a store loads a frozen graph"),
    };
    let Noting {
        examples,
        statistics,
        indexing,
        ..
    } = noting;
    clock.lap("read, check, map and validate the records, load the store, export");
    let report = match validator {
        Some(_) => Some(conforming(Report::merged(reports), &options.shapes)?),
        None => None,
    };
    // Each answer goes to its staged files as it is evaluated, and is never held whole; with
    // a store, also to the files kept with it.
    let answer_dir = options.out.join("answers");
    let keep = staged_store.as_ref().map(StagedStore::folder);
    // The stored queries, the dataset's description and the ontology page only read the store:
    // they run at once, on every core. Each query's own time is kept for --timings; an error is
    // the first query's in name order, as when they ran one by one.
    let answer = || {
        queries
            .par_iter()
            .map(|(query, parsed)| {
                let ((rows, written, kept), took, most) = held(|| {
                    let mut files = AnswerFiles::create(query, &answer_dir, keep)?;
                    let name = query.path.display().to_string();
                    let parsed = parsed.clone();
                    store.stream(&name, parsed, None, None, &mut |piece| files.take(piece))?;
                    files.finish()
                })?;
                Ok((query, rows, written, kept, took, most))
            })
            .collect::<Vec<Result<_>>>()
            .into_iter()
            .collect::<Result<Vec<_>>>()
    };
    let describe = || {
        held(|| crate::publish::catalog::describe(store, &statistics, &minter, &dumps, &licence))
    };
    let document = || {
        held(|| crate::publish::docs::document(&options.ontology, &concepts.mappings, &examples))
    };
    // The browse index `serve --store` shows, kept with an on-disk store.
    let index = || {
        held(|| match (&staged_store, indexing) {
            (Some(staged), Some(indexing)) => keep_browse_index(staged, indexing.finish()),
            _ => Ok(()),
        })
    };
    // None of these tasks calls rayon in turn, so a thread never starts a second task while it
    // holds the memory of a first: at most one task a core is under way.
    let ((answers, catalog), (docs, browse)) = rayon::join(
        || rayon::join(answer, describe),
        || rayon::join(document, index),
    );
    let (answers, (catalog, catalog_took, catalog_held), (docs, docs_took, docs_held), browse) =
        (answers?, catalog?, docs?, browse?);
    clock.lap("answer the stored queries, describe the dataset (DCAT, VoID), document the ontology and index the instruments, at once");
    // Each task's own time (after the phase's) and the most memory it held.
    let mut tasks: Vec<(String, Duration, u64)> = answers
        .iter()
        .map(|(query, .., took, most)| (format!("query {}", query.name), *took, *most))
        .collect();
    tasks.push((
        "catalog (DCAT, VoID)".to_owned(),
        catalog_took,
        catalog_held,
    ));
    tasks.push(("ontology page".to_owned(), docs_took, docs_held));
    if staged_store.is_some() {
        tasks.push(("browse index".to_owned(), browse.1, browse.2));
    }
    let most_held = tasks
        .iter()
        .map(|(t, _, held)| (t.clone(), *held))
        .collect();
    clock
        .laps
        .extend(tasks.into_iter().map(|(t, took, _)| (t, took)));

    let mut summary = BuildSummary {
        records,
        triples: statistics.triples(),
        quads,
        written: Vec::new(),
        answers: Vec::new(),
        held: most_held,
        report,
        timings: Vec::new(),
        added,
    };
    for file in staged {
        summary.written.push(file.path().to_path_buf());
        file.commit()?;
    }
    for format in Format::ALL.into_iter().filter(|f| !formats.contains(f)) {
        let path = options.out.join(export_file_name(format));
        if let Err(e) = std::fs::remove_file(&path) {
            if e.kind() != std::io::ErrorKind::NotFound {
                return Err(Error::io(&path)(e));
            }
        }
    }
    let path = options.out.join(CATALOG_FILE);
    write_file_atomically(&path, |w| write_quads(&catalog, Format::Ttl, w).map(drop))?;
    summary.written.push(path);
    let path = options.out.join(crate::publish::docs::DOCS_FILE);
    write_file_atomically(&path, |w| w.write_all(docs.as_bytes()))?;
    summary.written.push(path);
    // What the store keeps beside it, for `serve --store`: the exports, catalog and page.
    let published = summary.written.clone();
    // Each answer's files, and what is kept with the store.
    let mut kept_rows = std::collections::BTreeMap::new();
    for (query, rows, written, kept, ..) in answers {
        for file in written {
            summary.written.push(file.path().to_path_buf());
            file.commit()?;
        }
        if !kept.is_empty() {
            kept_rows.insert(query.name.clone(), rows);
        }
        for file in kept {
            file.commit()?;
        }
        summary.answers.push((query.name.clone(), rows));
    }
    if let Some(staged) = staged_store {
        // Counted here, where the store is fresh in the page cache: counted by `serve` on a cold
        // store of 1,000,000 records, it kept the first home page waiting for 52 s.
        let graphs = staged.store().named_graph_count()?;
        let info = StoreInfo {
            records: summary.records,
            triples: summary.triples,
            quads: summary.quads,
            graphs: Some(graphs),
            base: minter.base().to_owned(),
            licence: licence.as_str().to_owned(),
            answers: kept_rows,
        };
        staged.commit(&info, &published)?;
    }
    clock.lap("write the catalog, the ontology page, the answers and the store");
    summary.timings = clock.laps;
    Ok(summary)
}

/// Runs `task` on this thread, with how long it took and the most memory it held there
/// ([`HighWater`]).
fn held<T>(task: impl FnOnce() -> Result<T>) -> Result<(T, Duration, u64)> {
    let (started, mark) = (Instant::now(), HighWater::start());
    let done = task()?;
    Ok((done, started.elapsed(), mark.most()))
}

/// Keeps the browse index of `/instruments`, noted as the quads were loaded, in the folder of the
/// store being written ([`STORE_BROWSE_FILE`]), so that `serve --store` need not scan the store
/// for it.
fn keep_browse_index(staged: &StagedStore, index: BrowseIndex) -> Result<()> {
    let path = staged.folder().join(STORE_BROWSE_FILE);
    write_file_atomically(&path, |w| index.write(w))
}

/// Reads the catalogue files of `options` into records, adding to `concepts` the new,
/// unreviewed concepts they name; returns the records (each with its file) and those concepts.
fn import_catalogues<'a>(
    options: &'a BuildOptions,
    concepts: &mut Collection,
) -> Result<(Vec<Sourced<'a>>, NewConcepts)> {
    let mut imported = Vec::new();
    let url = options.catalogue_source.url.clone();
    let mut world = OpenWorld::new(concepts, false, url);
    for path in &options.catalogues {
        let source = &options.catalogue_source;
        for record in records_from_catalogue(path, &mut world, source, &options.profile)? {
            imported.push((path.as_path(), record));
        }
    }
    let added = world.added().to_vec();
    concepts.schemes_changed();
    Ok((imported, added))
}

/// The new, unreviewed concepts catalogue files named: scheme and id.
type NewConcepts = Vec<(SchemeKind, Slug)>;

/// Reads the records of `files` into `stream` on a thread of its own, [`BATCH`] at a time, so
/// that parsing the next batch overlaps checking, mapping and exporting the one before. An
/// error is the first in file order, as when reading and mapping took turns.
fn read_files<'a>(files: &'a [PathBuf], stream: &mut RecordStream<'a, '_>) -> Result<()> {
    let (sender, batches) = std::sync::mpsc::sync_channel::<Result<Vec<Sourced<'a>>>>(1);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            for path in files {
                let read = read_records(path, |record| {
                    batch.push((path.as_path(), record));
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        // The stream has stopped on an error of its own, which is the one
                        // reported; this one only stops the reading.
                        if sender.send(Ok(full)).is_err() {
                            return Err(Error::io(path)(std::io::Error::other("build stopped")));
                        }
                    }
                    Ok(())
                });
                if let Err(error) = read {
                    let _ = sender.send(Err(error));
                    return;
                }
            }
            let _ = sender.send(Ok(batch));
        });
        // Returning early drops `batches`, which stops the reader.
        for batch in batches {
            for (path, record) in batch? {
                stream.push(path, record)?;
            }
        }
        Ok(())
    })
}

/// A record with the file it was read from.
type Sourced<'a> = (&'a Path, Record);

/// The writers of one export file: SHA-256 and size on the way to the staged file.
type ExportWriter<'a> = FileWriter<&'a std::fs::File>;

/// Where `build` streams the records: checked and mapped a batch at a time (on every core),
/// then handed to the store's loader and to the exporters, each on a thread of its own.
struct RecordStream<'a, 'scope> {
    mapper: Mapper<'a>,
    sinks: Sinks<'a, 'scope>,
    /// How many records make a batch: [`BATCH`] or [`BATCH_ON_DISK`].
    batch_size: usize,
    batch: Vec<Sourced<'a>>,
    records: usize,
}

/// The side of [`RecordStream`] that checks, maps and validates a batch of records.
struct Mapper<'a> {
    concepts: &'a Collection,
    /// The shapes to validate each batch with, if any, and the reports so far.
    validator: Option<&'a Validator<'a>>,
    reports: Vec<Report>,
    minter: &'a Minter,
    minted: Minted,
    /// Whether the loader takes the source graphs too, or the default graph only.
    source_graphs: bool,
    /// The shared statements handed on so far, for the loader and every exporter at once.
    seen_shared: SeenShared,
    /// The distinct quads so far, with the source graphs: what N-Quads and TriG hold.
    quads: usize,
}

impl<'a, 'scope> RecordStream<'a, 'scope> {
    /// Takes the next record (read from `path`).
    fn push(&mut self, path: &'a Path, record: Record) -> Result<()> {
        self.batch.push((path, record));
        if self.batch.len() == self.batch_size {
            self.flush()?;
        }
        Ok(())
    }

    /// Checks and maps the records of the batch (on every core), then hands them to the
    /// exporters and their quads to the loader.
    fn flush(&mut self) -> Result<()> {
        let (ready, load) = self.mapper.map(&self.batch)?;
        self.records += self.batch.len();
        self.batch.clear();
        self.sinks.take(ready, load)
    }

    /// Flushes the last batch, commits the store and finishes the exports; returns the number
    /// of records, the description of each export, how many statements each holds and the
    /// validation reports.
    fn finish(mut self) -> Result<Streamed> {
        self.flush()?;
        let (loader, noting, exporters) = self.sinks.finish()?;
        let frozen = loader.finish()?;
        let mut dumps = Vec::new();
        for (exporter, path) in exporters {
            let format = exporter.format();
            let (buffered, _) = exporter.finish().map_err(Error::io(path))?;
            let hashing = buffered
                .into_inner()
                .map_err(|e| Error::io(path)(e.into_error()))?;
            let (direct, dump) = Dump::hashed(format, hashing);
            direct.into_inner().map_err(Error::io(path))?;
            dumps.push(dump);
        }
        Ok(Streamed {
            records: self.records,
            dumps,
            quads: self.mapper.quads,
            reports: self.mapper.reports,
            noting,
            frozen,
        })
    }
}

impl Mapper<'_> {
    /// Checks and maps `batch` (on every core), refuses a second record of an instrument and
    /// validates the batch; returns the mapped records, each shared statement kept only with
    /// the first record that has it, and the quads the loader takes of them.
    fn map(&mut self, batch: &[Sourced<'_>]) -> Result<(Vec<RecordQuads>, Vec<Quad>)> {
        let mut ready = check_and_map(self.concepts, self.minter, &mut self.minted, batch)?;
        if let Some(validator) = self.validator {
            self.reports.push(validate_mapped(validator, &ready)?);
        }
        // Each shared statement goes on once, with the first record that has it (each record
        // was validated with all of its own).
        for quads in &mut ready {
            quads.shared = self.seen_shared.new_ones(&quads.shared);
            self.quads += quads.own.len() + quads.shared.len();
        }
        let source_graphs = self.source_graphs;
        let mut load = Vec::new();
        for quads in &ready {
            let own = quads.own.iter();
            let own = own.filter(|q| source_graphs || q.graph_name.is_default_graph());
            load.extend(own.cloned());
            load.extend(quads.shared.iter().cloned());
        }
        Ok((ready, load))
    }
}

/// Checks and maps `batch` (on every core), each record's own quads in export order, and
/// refuses a second record of an instrument that `minted` has; an error is the first record's
/// in `batch` order.
fn check_and_map(
    concepts: &Collection,
    minter: &Minter,
    minted: &mut Minted,
    batch: &[Sourced<'_>],
) -> Result<Vec<RecordQuads>> {
    let mapped: Vec<Result<RecordQuads>> = batch
        .par_iter()
        .map(|(path, record)| {
            concepts.check_record(path, record)?;
            let mut quads = map_record(minter, record, true);
            // In export order once, for the exporters that borrow it.
            sort_block(&mut quads.own);
            Ok(quads)
        })
        .collect();
    let mut ready = Vec::with_capacity(mapped.len());
    for ((path, record), quads) in batch.iter().zip(mapped) {
        let quads = quads?;
        minted.insert(path, record)?;
        ready.push(quads);
    }
    Ok(ready)
}

/// The store's loader and the exporters, each on a thread of its own that takes its work in
/// order from a channel. No sink waits for another: at each batch's end, the slowest (JSON-LD's
/// serializer, which cannot be split) held the other sinks and the mapping of the next batch,
/// leaving a core idle. A full channel holds the mapping back, so memory holds a few batches.
struct Sinks<'a, 'scope> {
    loader: Sink<'scope, Vec<Quad>, (Loading<'a>, Noting)>,
    exporters: Vec<Sink<'scope, Batch, Exported<'a>>>,
}

/// A batch of mapped records, shared by the exporters.
type Batch = Arc<Vec<RecordQuads>>;

/// An exporter done with its batches, and the path of its file.
type Exported<'a> = (Exporter<ExportWriter<'a>>, &'a Path);

/// One sink's channel and thread, which returns what it worked with, or its error.
struct Sink<'scope, T, D> {
    sender: SyncSender<T>,
    /// None once joined.
    thread: Option<ScopedJoinHandle<'scope, Result<D>>>,
}

impl<T, D> Sink<'_, T, D> {
    /// Sends `work`. A sink's thread stops early only on an error, which is returned.
    fn send(&mut self, work: T) -> Result<()> {
        if self.sender.send(work).is_ok() {
            return Ok(());
        }
        match self.thread.take().map(join_sink) {
            Some(Err(error)) => Err(error),
            _ => Err(Error::Store(
                "a thread of the build stopped without an error".into(),
            )),
        }
    }

    /// Closes the channel and waits for the sink to take all its work.
    fn join(self) -> Result<D> {
        let Sink { sender, thread } = self;
        drop(sender);
        match thread {
            Some(thread) => join_sink(thread),
            None => Err(Error::Store("a thread of the build stopped twice".into())),
        }
    }
}

/// The first `size` items of `pending`, taken out, once it holds that many.
///
/// The store's loader is handed exactly [`Loader::batch`] quads at a time. On disk, oxigraph's
/// bulk loader builds the RocksDB files of each load on a thread of its own, one per core, and
/// before it starts one it waits for the load it started that many loads before. Handed a
/// little more than a load, it made the rest a second, small load, so each full load waited
/// for the full one before it, and one core built the store's files (docs/scale.md,
/// "Measured").
fn take_load<T>(pending: &mut Vec<T>, size: usize) -> Option<Vec<T>> {
    if pending.len() < size {
        return None;
    }
    let rest = pending.split_off(size);
    Some(std::mem::replace(pending, rest))
}

/// What a sink's thread returned; its panic is raised again here.
fn join_sink<D>(thread: ScopedJoinHandle<'_, Result<D>>) -> Result<D> {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

impl<'a, 'scope> Sinks<'a, 'scope> {
    /// Starts the threads of the loader and of the exporters (writing to the `staged` files).
    /// The loader takes `first`, then each batch's quads, and loads them [`Loader::batch`] at a
    /// time, noting what [`Noting`] notes of them first.
    fn start(
        scope: &'scope std::thread::Scope<'scope, '_>,
        (mut loader, first, mut noting): (Loading<'a>, Vec<Quad>, Noting),
        exporters: Vec<Exporter<ExportWriter<'a>>>,
        staged: &'a [StagedFile],
    ) -> Self
    where
        'a: 'scope,
    {
        // While the loader loads, the quads gathering for its next load are its own: at most
        // one batch waits for it, so memory holds about as many quads as when they took turns.
        let (sender, batches) = sync_channel::<Vec<Quad>>(1);
        let thread = scope.spawn(move || {
            let mut pending = first;
            for quads in batches {
                pending.extend(quads);
                while let Some(load) = take_load(&mut pending, loader.batch()) {
                    noting.load(&mut loader, load)?;
                }
            }
            noting.load(&mut loader, pending)?;
            Ok((loader, noting))
        });
        let loader = Sink {
            sender,
            thread: Some(thread),
        };
        let exporters = exporters
            .into_iter()
            .zip(staged)
            .map(|(mut exporter, file)| {
                let path = file.path();
                let (sender, batches) = sync_channel::<Batch>(EXPORT_QUEUE);
                let thread = scope.spawn(move || {
                    for batch in batches {
                        // The blocks are prepared on every core, and written in order here.
                        let preparer = exporter.preparer();
                        let prepared: Vec<_> =
                            batch.par_iter().map(|r| preparer.sorted(r)).collect();
                        for record in prepared {
                            exporter.append_record(record).map_err(Error::io(path))?;
                        }
                    }
                    Ok((exporter, path))
                });
                Sink {
                    sender,
                    thread: Some(thread),
                }
            })
            .collect();
        Sinks { loader, exporters }
    }

    /// Hands `ready` to every exporter and `load` to the loader.
    fn take(&mut self, ready: Vec<RecordQuads>, load: Vec<Quad>) -> Result<()> {
        let ready = Arc::new(ready);
        for exporter in &mut self.exporters {
            exporter.send(Arc::clone(&ready))?;
        }
        self.loader.send(load)
    }

    /// Waits for every sink to take all its work; returns the loader, what it noted, and each
    /// exporter with its file's path, or the first error (the loader's first, then the
    /// exporters' in format order).
    fn finish(self) -> Result<(Loading<'a>, Noting, Vec<Exported<'a>>)> {
        let loaded = self.loader.join();
        let exported: Vec<Result<_>> = self.exporters.into_iter().map(Sink::join).collect();
        let (loader, noting) = loaded?;
        let exporters = exported.into_iter().collect::<Result<Vec<_>>>()?;
        Ok((loader, noting, exporters))
    }
}

/// Where the loader's side of the build puts the quads it takes.
enum Loading<'a> {
    /// The on-disk store of `--store`, through oxigraph's bulk loader.
    Store(Loader<'a>),
    /// A frozen graph, in memory.
    Frozen(FrozenLoader),
}

impl Loading<'_> {
    /// How many quads to hand to [`Loading::load`] at once ([`Loader::batch`]).
    fn batch(&self) -> usize {
        match self {
            Loading::Store(loader) => loader.batch(),
            Loading::Frozen(_) => MEMORY_LOAD_BATCH,
        }
    }

    /// Adds a batch of quads.
    fn load(&mut self, quads: Vec<Quad>) -> Result<()> {
        match self {
            Loading::Store(loader) => loader.load(quads),
            Loading::Frozen(loader) => loader.load(quads),
        }
    }

    /// Commits the store, or returns the frozen graph.
    fn finish(self) -> Result<Option<FrozenGraph>> {
        match self {
            Loading::Store(loader) => loader.commit().map(|()| None),
            Loading::Frozen(loader) => Ok(Some(loader.finish())),
        }
    }
}

/// How many batches may wait for each exporter.
const EXPORT_QUEUE: usize = 2;

/// What the loader's side of [`RecordStream`] notes of the quads before it loads them, so that
/// nothing reads them back from the store, and which of them it loads.
struct Noting {
    /// The predicates whose statements the loader takes (by IRI), or none to take all.
    predicates: Option<HashSet<String>>,
    /// The ontology page's example of each class with its statements (reading them back from
    /// the store took minutes at 1,000,000 records).
    examples: Examples,
    /// The VoID counts.
    statistics: Statistics,
    /// With an on-disk store, the browse index.
    indexing: Option<Indexing>,
}

impl Noting {
    /// Loads those of `quads` whose predicate is to be loaded, noting the ontology page's
    /// examples, the VoID counts and the browse index among all of them first.
    fn load(&mut self, loader: &mut Loading<'_>, mut quads: Vec<Quad>) -> Result<()> {
        self.examples.note(&quads);
        self.statistics.note(&quads);
        if let Some(indexing) = &mut self.indexing {
            indexing.note(&quads);
        }
        if let Some(predicates) = &self.predicates {
            quads.retain(|quad| predicates.contains(quad.predicate.as_str()));
        }
        loader.load(quads)
    }
}

/// What [`RecordStream::finish`] returns.
struct Streamed {
    /// The number of records.
    records: usize,
    /// Each export's description.
    dumps: Vec<Dump>,
    /// The distinct quads, with the source graphs.
    quads: usize,
    /// The validation reports.
    reports: Vec<Report>,
    /// What was noted of the quads.
    noting: Noting,
    /// The graph loaded, without `--store`.
    frozen: Option<FrozenGraph>,
}

/// Validates mapped records [`RECORDS_PER_BLOCK`] at a time, the blocks in parallel.
fn validate_mapped(validator: &Validator, records: &[RecordQuads]) -> Result<Report> {
    let reports = records
        .par_chunks(RECORDS_PER_BLOCK)
        .map(|block| {
            validator.validate_block(block.iter().flat_map(|m| m.own.iter().chain(&m.shared)))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Report::merged(reports))
}

/// Validates the default graph of `quads` against `shapes` (nothing if there are none); a
/// violation is an error carrying the report.
pub fn validate_quads(quads: &[Quad], shapes: &[Text]) -> Result<Option<Report>> {
    if shapes.is_empty() {
        return Ok(None);
    }
    let data: oxigraph::model::Dataset = quads
        .iter()
        .filter(|q| q.graph_name.is_default_graph())
        .cloned()
        .collect();
    let report = Shapes::from_texts(shapes)?.validate(&data)?;
    conforming(report, shapes).map(Some)
}

/// The report, or [`Error::Nonconforming`] when it has a violation.
fn conforming(report: Report, shapes: &[Text]) -> Result<Report> {
    if !report.conforms() {
        return Err(Error::Nonconforming {
            shapes: shapes
                .iter()
                .map(|text| text.path.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            violations: report.count(Severity::Violation),
            report: Box::new(report),
        });
    }
    Ok(report)
}

/// How many records one block of [`validate_folder`] and `build` holds.
const RECORDS_PER_BLOCK: usize = 64;

/// Validates the graph that the data folder `data` makes as [`validate_quads`] does, but as
/// `build` validates, without ever holding it whole: the records are read [`BATCH`] at a time,
/// checked and mapped on every core, and validated 64 at a time beside the shared quads (the
/// concept schemes and mappings), the blocks in parallel; memory holds one batch and one small
/// key per record. The report equals [`validate_quads`]'s on the whole graph: resgraph's
/// shapes only look at a record's own quads (its instrument, obligations, citations, sources
/// with their `rdf:type`) and the concepts. Bad input is the error `build` gives.
pub fn validate_folder(data: &Path, minter: &Minter, shapes: &[Text]) -> Result<Option<Report>> {
    if shapes.is_empty() {
        return Ok(None);
    }
    let read = Shapes::from_texts(shapes)?;
    let (concepts, files) = Collection::read_dir_without_records(data)?;
    let shared = map_schemes(&concepts, minter);
    let validator = Validator::new(&read, &shared);
    let mut reports = vec![validator.validate_shared()?];
    let mut minted = Minted::default();
    let mut batch: Vec<Sourced<'_>> = Vec::with_capacity(BATCH);
    let mut validate = |batch: &mut Vec<Sourced<'_>>| -> Result<()> {
        let mapped = check_and_map(&concepts, minter, &mut minted, batch)?;
        reports.push(validate_mapped(&validator, &mapped)?);
        batch.clear();
        Ok(())
    };
    for path in &files {
        read_records(path, |record| {
            batch.push((path, record));
            match batch.len() == BATCH {
                true => validate(&mut batch),
                false => Ok(()),
            }
        })?;
    }
    validate(&mut batch)?;
    conforming(Report::merged(reports), shapes).map(Some)
}

/// The quads of `inputs`: each a data folder (the graph `build` makes of it, minted with
/// `minter`) or an RDF file (its quads as they are).
pub fn input_quads(inputs: &[PathBuf], minter: &Minter) -> Result<Vec<Quad>> {
    let (folders, files): (Vec<&PathBuf>, Vec<&PathBuf>) = inputs.iter().partition(|p| p.is_dir());
    let mut quads = read_rdf_files(&files)?;
    for folder in folders {
        let dataset = Collection::read_dir(folder)?;
        quads.extend(crate::graph::map::map_dataset(&dataset, minter));
    }
    Ok(quads)
}

/// The default data folder, relative to the working directory.
pub fn default_data() -> &'static Path {
    Path::new("data")
}

#[cfg(test)]
mod tests {
    use super::take_load;

    #[test]
    fn loads_are_taken_whole_and_in_order() {
        let mut pending: Vec<u32> = (1..=7).collect();
        assert_eq!(take_load(&mut pending, 3), Some(vec![1, 2, 3]));
        assert_eq!(take_load(&mut pending, 3), Some(vec![4, 5, 6]));
        assert_eq!(take_load(&mut pending, 3), None);
        assert_eq!(pending, vec![7]);
    }
}
