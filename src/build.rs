//! The main job, stage by stage: read → map → store → export and answer the stored queries.

use crate::error::{Error, Result};
use crate::files::{write_file_atomically, HashingWriter};
use crate::graph::mint::{Minter, DEFAULT_BASE};
use crate::graph::store::{Answer, GraphStore};
use crate::ingest::extract::{records_from_catalogue, CatalogueSource};
use crate::ingest::folder::Collection;
use crate::ingest::open_world::OpenWorld;
use crate::ingest::profile::Profile;
use crate::ingest::rdf::read_rdf_files;
use crate::model::{SchemeKind, Slug};
use crate::publish::catalog::{licence_iri, Dump};
use crate::publish::export::{write_quads, Format};
use crate::publish::stream::write_dataset;
use crate::query::{queries_for, write_answer, AnswerFormat, StoredQuery};
use crate::shacl::{Report, Severity, Shapes, Validator};
use crate::shipped::{self, Text};
use oxigraph::model::Quad;
use std::path::{Path, PathBuf};
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
    /// The SHACL report, when shapes were given (warnings only: violations stop the build).
    pub report: Option<Report>,
    /// The new, unreviewed concepts the catalogue files named: scheme and id.
    pub added: Vec<(SchemeKind, Slug)>,
}

/// The file name of the DCAT-AP / VoID description `build` writes beside the exports.
pub const CATALOG_FILE: &str = "catalog.ttl";

/// Runs the main job. Everything is read, mapped, loaded and queried before the first file is
/// written, so bad input leaves `out/` as it was; each file is replaced atomically.
pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let mut clock = Clock::default();
    clock.lap("start");
    let minter = Minter::new(&options.base)?;
    let mut dataset = Collection::read_dir(&options.data)?;
    let mut imported = Vec::new();
    let mut concepts = dataset.clone();
    let added = {
        let url = options.catalogue_source.url.clone();
        let mut world = OpenWorld::new(&mut concepts, false, url);
        for path in &options.catalogues {
            let source = &options.catalogue_source;
            for record in records_from_catalogue(path, &mut world, source, &options.profile)? {
                imported.push((path.clone(), record));
            }
        }
        world.added().to_vec()
    };
    dataset.schemes = concepts.schemes;
    dataset.schemes_changed();
    dataset.add_records(imported)?;
    clock.lap("read and check records");
    let quads = crate::graph::map::map_dataset(&dataset, &minter);
    clock.lap("map to RDF");
    let store = GraphStore::load(&quads)?;
    clock.lap("load the store");
    let report = validate_quads(&quads, &options.shapes)?;
    clock.lap("validate");
    let mut answers = Vec::new();
    for query in &options.queries {
        let name = query.path.display().to_string();
        answers.push((query, store.query(&name, &query.sparql)?));
        clock.lap(&format!("query {}", query.name));
    }

    let mut summary = BuildSummary {
        records: dataset.records.len(),
        triples: 0,
        quads: store.len()?,
        written: Vec::new(),
        answers: Vec::new(),
        report,
        timings: Vec::new(),
        added,
    };
    let licence = licence_iri(&options.licence)?;
    // A build killed while writing leaves temporary files; they are never outputs.
    for dir in [options.out.clone(), options.out.join("answers")] {
        crate::files::remove_stale_temp_files(&dir)?;
    }
    let mut dumps = Vec::new();
    for format in Format::ALL {
        let path = options.out.join(export_file_name(format));
        let mut written = None;
        write_file_atomically(&path, |w| {
            let (hashing, count) = write_dataset(&dataset, &minter, format, HashingWriter::new(w))?;
            written = Some((count, Dump::hashed(format, hashing).1));
            Ok(())
        })?;
        let (count, dump) = written.expect("a written file has its description");
        if format == Format::Nt {
            summary.triples = count;
        }
        dumps.push(dump);
        summary.written.push(path);
        clock.lap(&format!("export {}", format.extension()));
    }
    let catalog = crate::publish::catalog::describe(&store, &minter, &dumps, &licence)?;
    let path = options.out.join(CATALOG_FILE);
    write_file_atomically(&path, |w| write_quads(&catalog, Format::Ttl, w).map(drop))?;
    summary.written.push(path);
    clock.lap("describe the dataset (DCAT, VoID)");
    let docs = crate::publish::docs::document(&options.ontology, &dataset.mappings, &quads)?;
    let path = options.out.join(crate::publish::docs::DOCS_FILE);
    write_file_atomically(&path, |w| w.write_all(docs.as_bytes()))?;
    summary.written.push(path);
    let answer_dir = options.out.join("answers");
    for (query, answer) in &answers {
        for format in [AnswerFormat::Table, AnswerFormat::Csv] {
            let path = answer_dir.join(format!("{}.{}", query.name, format.extension()));
            write_file_atomically(&path, |w| write_answer(answer, format, w))?;
            summary.written.push(path);
        }
        let rows = match answer {
            Answer::Solutions { rows, .. } => rows.len(),
            Answer::Boolean(_) => 1,
            Answer::Graph(triples) => triples.len(),
        };
        summary.answers.push((query.name.clone(), rows));
    }
    clock.lap("document the ontology, write the answers");
    summary.timings = clock.laps;
    Ok(summary)
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

/// How many records one block of [`validate_records`] holds.
const RECORDS_PER_BLOCK: usize = 64;

/// Validates the graph of `dataset` as [`validate_quads`] does, without ever holding it
/// whole: the concept schemes and mappings are the shared quads, and each block of
/// [`RECORDS_PER_BLOCK`] records is mapped (default graph only) and checked beside them, the
/// blocks in parallel. The report equals [`validate_quads`]'s on the whole graph: resgraph's
/// shapes only look at a record's own quads (its instrument, obligations, citations, sources
/// with their `rdf:type`) and the concepts.
pub fn validate_records(
    dataset: &Collection,
    minter: &Minter,
    shapes: &[Text],
) -> Result<Option<Report>> {
    use rayon::prelude::*;
    if shapes.is_empty() {
        return Ok(None);
    }
    let read = Shapes::from_texts(shapes)?;
    let shared = crate::graph::map::map_schemes(dataset, minter);
    let validator = Validator::new(&read, &shared);
    let mut reports = vec![validator.validate_shared()?];
    reports.extend(
        dataset
            .records
            .par_chunks(RECORDS_PER_BLOCK)
            .map(|block| {
                let mut quads = Vec::new();
                for (_, record) in block {
                    let mapped = crate::graph::map::map_record(minter, record, false);
                    quads.extend(mapped.own);
                    quads.extend(mapped.shared);
                }
                validator.validate_block(&quads)
            })
            .collect::<Result<Vec<_>>>()?,
    );
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
