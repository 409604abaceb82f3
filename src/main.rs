//! `resgraph`, the command line over the resgraph library.

use anyhow::Context;
use clap::{Parser, Subcommand};
use resgraph::build::{build, BuildOptions};
use resgraph::files::write_file_atomically;
use resgraph::graph::map::map_schemes;
use resgraph::graph::mint::{Minter, DEFAULT_BASE};
use resgraph::graph::store::{GraphStore, QueryLimits};
use resgraph::ingest::extract::{record_file_name, records_from_catalogue, CatalogueSource};
use resgraph::ingest::folder::Collection;
use resgraph::ingest::rdf::read_rdf_files;
use resgraph::ingest::synth::write_synthetic;
use resgraph::model::{HttpIri, Slug};
use resgraph::publish::dump::DumpWriter;
use resgraph::publish::export::{Exporter, Format};
use resgraph::publish::stream::{export_jsonl, export_records};
use resgraph::push::{push, Credentials, PushOptions, DEFAULT_CHUNK_TRIPLES};
use resgraph::query::{read_query, stored_queries, write_answer, AnswerFormat};
use resgraph::serve::{serve, timeout_from_secs, ServerLimits, Site, SiteOptions, DEFAULT_BIND};
use resgraph::shacl::Shapes;
use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Turns catalogue records about international legal instruments into a linked-data graph.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The main job: read and check the records, load them into the embedded store, export the
    /// graph in every format and answer every stored query.
    ///
    /// Writes out/resgraph.{ttl,nt,nq,trig,rdf,jsonld} and out/answers/NAME.{txt,csv}. Nothing
    /// is written unless all records are valid and all queries run.
    ///
    /// Example: resgraph build --data data --out out
    Build {
        /// The data folder, holding concepts/ and records/.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// A catalogue file (the OSCE compendium's format) to read as well; repeatable.
        #[arg(long = "catalogue", value_name = "FILE")]
        catalogues: Vec<PathBuf>,
        /// Print how long each phase took, on standard error.
        #[arg(long)]
        timings: bool,
        #[command(flatten)]
        source: SourceArgs,
        /// The output folder.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// The folder of stored queries.
        #[arg(long, default_value = "queries")]
        queries: PathBuf,
        /// The base IRI every resource is minted under.
        #[arg(long, default_value = DEFAULT_BASE)]
        base: String,
        /// The SHACL shapes the graph must conform to before anything is written (repeatable).
        #[arg(long, default_value = "ontology/shapes.ttl")]
        shapes: Vec<PathBuf>,
        /// Skip the SHACL validation.
        #[arg(long)]
        no_validate: bool,
        /// The licence IRI that out/catalog.ttl states for the dataset (default: CC BY 4.0).
        #[arg(long, default_value = resgraph::publish::catalog::DEFAULT_LICENCE)]
        licence: String,
        /// The ontology folder whose *.ttl files out/ontology.html documents.
        #[arg(long, default_value = "ontology")]
        ontology: PathBuf,
    },
    /// Write the ontology's documentation: one HTML page (ontology.html) with every class and
    /// property, its label, comment, domain, range, alignments, SSSOM mappings, SHACL
    /// constraints and an example from the graph built from the data folder.
    ///
    /// `build` writes the same page beside the exports.
    ///
    /// Example: resgraph docs --out out
    Docs {
        /// The ontology folder (every *.ttl in it is read).
        #[arg(long, default_value = "ontology")]
        ontology: PathBuf,
        /// The data folder the examples (and mappings) come from.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// The folder to write ontology.html into.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// The base IRI every resource is minted under.
        #[arg(long, default_value = DEFAULT_BASE)]
        base: String,
    },
    /// Check a graph against SHACL shapes and print the report: focus node, path, value,
    /// message and severity of every result. Exit code 1 if there is a violation.
    ///
    /// Each INPUT is a data folder (the graph `build` makes from it) or an RDF file (.ttl, .nt,
    /// .nq, .trig, .rdf, .jsonld; its default graph is checked). The default INPUT is data.
    ///
    /// Example: resgraph validate out/catalog.ttl --shapes dcat-ap-SHACL.ttl
    Validate {
        /// Data folders or RDF files (default: data).
        inputs: Vec<PathBuf>,
        /// A SHACL shapes file in Turtle (repeatable).
        #[arg(long, default_value = "ontology/shapes.ttl")]
        shapes: Vec<PathBuf>,
        /// The base IRI every resource is minted under (for data folders).
        #[arg(long, default_value = DEFAULT_BASE)]
        base: String,
    },
    /// Read catalogue files (the OSCE compendium's format) and write one JSON record per
    /// instrument, with the groups, topics and obligations extracted from each description and
    /// the characters each came from.
    ///
    /// A file with any bad record is refused whole, with its line and what is wrong. Existing
    /// record files are never overwritten unless --force is given.
    ///
    /// Example: resgraph import ../shared/seed/000_18eec137fbde1df8.txt -o imported/
    Import {
        /// Catalogue files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The folder to write the records into.
        #[arg(long, short, default_value = "data/records")]
        output: PathBuf,
        /// The data folder whose concept schemes (bodies, groups, topics, addressees) are used.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Replace record files that already exist.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Write N deterministic synthetic records as JSON Lines, for benchmarks.
    ///
    /// They are shaped like real records (about 4 topics, 2 armed groups, 1.5 obligations and
    /// a 120-word description each) and use the concept ids of the data folder. The same N and
    /// seed always give the same file.
    ///
    /// Example: resgraph synth 100000 -o records.jsonl
    Synth {
        /// How many records.
        count: u64,
        /// The JSON Lines file to write (atomically).
        #[arg(long, short)]
        output: PathBuf,
        /// The data folder whose concept ids the records use.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// The seed of the pseudo-random choices.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Convert records to one RDF format, on standard output or into a file.
    ///
    /// Records are mapped and written in batches on every core; a JSON Lines file (one record
    /// per line, `.jsonl`) is streamed, so memory stays flat however many records it holds.
    ///
    /// Example: resgraph export data/records/unsc-2016-2331.json --format nt -o 2331.nt
    ///
    /// Example: resgraph export records.jsonl --format ttl -o records.ttl --quiet
    Export {
        /// Record files, JSON Lines files (`.jsonl`), folders of record files, or data folders
        /// (default: data).
        inputs: Vec<PathBuf>,
        /// The RDF format.
        #[arg(long, short, value_enum, default_value = "ttl")]
        format: Format,
        /// The file to write (atomically); standard output if absent.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The data folder whose concept schemes and mappings are used when no data folder is
        /// among the inputs.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// The base IRI every resource is minted under.
        #[arg(long, default_value = DEFAULT_BASE)]
        base: String,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
        /// Write numbered shards of at most this many lines (N-Triples and N-Quads only), each
        /// with a SHA-256 beside it: `-o out.nt.gz --split 1000000` writes out.000001.nt.gz, …
        #[arg(long, value_name = "LINES", requires = "output")]
        split: Option<u64>,
    },
    /// Answer a stored query (by name), a query file, or a query given inline, over the graph
    /// built from the data folder. Without a query, list the stored queries.
    ///
    /// resgraph's prefixes (rg:, eli:, dcterms:, skos:, prov:, schema:, rdf:, rdfs:, xsd:, owl:)
    /// are predeclared; the default graph holds every fact once, GRAPH ?g tells its sources.
    ///
    /// Example: resgraph query obligations --format csv
    ///
    /// Example: resgraph query --sparql 'SELECT ?r WHERE { ?r a rg:Resolution }'
    Query {
        /// A stored query: the name of a file in the queries folder, without `.rq`.
        #[arg(conflicts_with_all = ["file", "sparql"])]
        name: Option<String>,
        /// A file holding a SPARQL query.
        #[arg(long, conflicts_with = "sparql")]
        file: Option<PathBuf>,
        /// A SPARQL query.
        #[arg(long)]
        sparql: Option<String>,
        /// How to print the answer.
        #[arg(long, value_enum, default_value = "table")]
        format: AnswerFormat,
        /// The data folder, holding concepts/ and records/.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// The folder of stored queries.
        #[arg(long, default_value = "queries")]
        queries: PathBuf,
        /// The base IRI every resource is minted under.
        #[arg(long, default_value = DEFAULT_BASE)]
        base: String,
    },
    /// Serve the graph read-only over HTTP: a SPARQL endpoint at /sparql, a page or an RDF
    /// description for every IRI minted under the base, the stored queries at /query/NAME, a
    /// home page at /, the DCAT-AP and VoID description at /catalog and the ontology at
    /// /ontology.
    ///
    /// The graph is built from --data at start, or read from exported RDF files (--from).
    /// Request paths map to IRIs under --base, whatever address the server listens on.
    ///
    /// Example: resgraph serve --bind 127.0.0.1:7878, then
    /// curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql?query=SELECT+*+WHERE+{?s+?p+?o}+LIMIT+3'
    Serve {
        /// The data folder, holding concepts/ and records/.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Serve these RDF files (as `resgraph build` exports them) instead of building from --data.
        #[arg(long, num_args = 1.., value_name = "FILE")]
        from: Vec<PathBuf>,
        /// The folder of stored queries.
        #[arg(long, default_value = "queries")]
        queries: PathBuf,
        /// The ontology folder (every *.ttl in it, as for build and docs), served at /ontology
        /// as RDF and as the page `resgraph docs` writes (skipped if it does not exist).
        #[arg(long, default_value = "ontology")]
        ontology: PathBuf,
        /// The licence IRI that /catalog states for the dataset (default: CC BY 4.0, as build).
        #[arg(long, default_value = resgraph::publish::catalog::DEFAULT_LICENCE)]
        licence: String,
        /// The address to listen on.
        #[arg(long, default_value = DEFAULT_BIND)]
        bind: SocketAddr,
        /// The base IRI every resource is minted under.
        #[arg(long, default_value = DEFAULT_BASE)]
        base: String,
        /// The longest a query may run, in seconds.
        #[arg(long, default_value_t = resgraph::serve::DEFAULT_TIMEOUT_SECS)]
        timeout: f64,
        /// The largest answer, in rows (or triples for CONSTRUCT and DESCRIBE).
        #[arg(long, default_value_t = resgraph::serve::DEFAULT_MAX_ROWS)]
        max_rows: usize,
        /// The largest request body, in bytes.
        #[arg(long, default_value_t = resgraph::serve::DEFAULT_MAX_BODY)]
        max_body: usize,
        /// The most connections open at once; more wait until one closes.
        #[arg(long, default_value_t = resgraph::serve::DEFAULT_MAX_CONNECTIONS)]
        max_connections: usize,
        /// Seconds a client has to send a request's headers, then its body, and to take each
        /// piece of the answer; also how long an idle connection is kept open.
        #[arg(long, default_value_t = resgraph::serve::DEFAULT_REQUEST_TIMEOUT_SECS)]
        request_timeout: f64,
    },
    /// Load the graph into a running SPARQL store with the SPARQL 1.1 Graph Store HTTP
    /// Protocol, replacing one named graph: a PUT, then a POST per further chunk.
    ///
    /// The password is read from the environment variable RESGRAPH_PASSWORD (or --password).
    ///
    /// Example: RESGRAPH_PASSWORD=dba resgraph push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --graph https://w3id.org/resgraph/graph --user dba
    Push {
        /// The store's Graph Store Protocol endpoint (http://…).
        #[arg(long)]
        endpoint: String,
        /// The named graph to replace.
        #[arg(long)]
        graph: String,
        /// The data folder, holding concepts/ and records/.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Push these RDF files instead of building from --data.
        #[arg(long, num_args = 1.., value_name = "FILE")]
        from: Vec<PathBuf>,
        /// The base IRI every resource is minted under.
        #[arg(long, default_value = DEFAULT_BASE)]
        base: String,
        /// The user name, if the store wants credentials.
        #[arg(long)]
        user: Option<String>,
        /// The password (prefer the environment variable RESGRAPH_PASSWORD).
        #[arg(long, env = "RESGRAPH_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// The most triples in one request.
        #[arg(long, default_value_t = DEFAULT_CHUNK_TRIPLES)]
        chunk_size: usize,
        /// The timeout of each request, in seconds.
        #[arg(long, default_value_t = 300.0)]
        timeout: f64,
    },
}

/// The graph's quads: read from exported RDF files, or built from the data folder.
/// The quads to serve or push: the graph built from the data folder (with its records, for
/// writing dumps), or the RDF files given with `--from`.
type Graph = (Vec<oxigraph::model::Quad>, Option<(Collection, Minter)>);

fn graph_quads(data: &std::path::Path, from: &[PathBuf], base: &str) -> anyhow::Result<Graph> {
    let minter = Minter::new(base)?;
    if from.is_empty() {
        let dataset = Collection::read_dir(data)?;
        let quads = resgraph::graph::map::map_dataset(&dataset, &minter);
        Ok((quads, Some((dataset, minter))))
    } else {
        Ok((resgraph::ingest::rdf::read_rdf_files(from)?, None))
    }
}

fn seconds(option: &str, secs: f64) -> anyhow::Result<std::time::Duration> {
    timeout_from_secs(secs)
        .ok_or_else(|| Usage(format!("{option} {secs}: give a number of seconds above 0")).into())
}

/// The catalogue that catalogue files come from.
#[derive(clap::Args)]
struct SourceArgs {
    /// The id of the catalogue, used in records and source graph IRIs.
    #[arg(long, default_value = "osce-compendium")]
    source_id: String,
    /// Where the catalogue can be read (default: the OSCE compendium's page).
    #[arg(long)]
    source_url: Option<String>,
    /// What the catalogue is (default: the OSCE compendium's title).
    #[arg(long)]
    source_title: Option<String>,
}

impl SourceArgs {
    fn source(&self) -> anyhow::Result<CatalogueSource> {
        let mut source = CatalogueSource::osce_compendium();
        source.id = Slug::parse(&self.source_id).map_err(Usage)?;
        if let Some(url) = &self.source_url {
            source.url = HttpIri::parse(url).map_err(Usage)?;
        }
        if let Some(title) = &self.source_title {
            source.title = title.clone();
        }
        Ok(source)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            let usage = error.is::<Usage>()
                || error
                    .downcast_ref::<resgraph::Error>()
                    .is_some_and(|e| !e.is_bad_data());
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

/// A mistake in how resgraph was called (exit code 2).
#[derive(Debug)]
struct Usage(String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// Whether the reader of our standard output went away (as `resgraph … | head` does).
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Build {
            data,
            catalogues,
            timings,
            source,
            out,
            queries,
            base,
            shapes,
            no_validate,
            licence,
            ontology,
        } => {
            let options = BuildOptions {
                data,
                catalogues,
                catalogue_source: source.source()?,
                queries,
                out: out.clone(),
                base,
                licence,
                shapes: if no_validate { Vec::new() } else { shapes },
                ontology,
            };
            let summary = match build(&options) {
                Err(resgraph::Error::Nonconforming {
                    shapes,
                    violations,
                    report,
                }) => {
                    report.write_text(std::io::stderr().lock())?;
                    return Err(resgraph::Error::Nonconforming {
                        shapes,
                        violations,
                        report,
                    }
                    .into());
                }
                other => other?,
            };
            println!(
                "{} records → {} triples ({} quads with source graphs) → {}",
                summary.records,
                summary.triples,
                summary.quads,
                out.display()
            );
            if timings {
                for (phase, took) in &summary.timings {
                    eprintln!("{:>10.3} s  {phase}", took.as_secs_f64());
                }
            }
            for (name, rows) in &summary.answers {
                println!("  answers/{name}: {rows} rows");
            }
            if let Some(report) = &summary.report {
                println!(
                    "  SHACL: conforms to {} ({} warnings)",
                    options
                        .shapes
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    report.count(resgraph::shacl::Severity::Warning)
                );
            }
        }
        Command::Docs {
            ontology,
            data,
            out,
            base,
        } => {
            let minter = Minter::new(&base)?;
            let dataset = Collection::read_dir(&data)?;
            let quads = resgraph::graph::map::map_dataset(&dataset, &minter);
            let html = resgraph::publish::docs::document(&ontology, &dataset.mappings, &quads)?;
            let path = out.join(resgraph::publish::docs::DOCS_FILE);
            write_file_atomically(&path, |w| w.write_all(html.as_bytes()))?;
            println!("{}", path.display());
        }
        Command::Validate {
            inputs,
            shapes,
            base,
        } => {
            let inputs = if inputs.is_empty() {
                vec![PathBuf::from("data")]
            } else {
                inputs
            };
            let shapes_read = Shapes::read(&shapes)?;
            let minter = Minter::new(&base)?;
            let (folders, files): (Vec<PathBuf>, Vec<PathBuf>) =
                inputs.into_iter().partition(|p| p.is_dir());
            let mut quads = Vec::new();
            for folder in &folders {
                let dataset = Collection::read_dir(folder)?;
                quads.extend(resgraph::graph::map::map_dataset(&dataset, &minter));
            }
            let mut store_quads = read_rdf_files(&files)?;
            store_quads.extend(quads);
            let data: oxigraph::model::Dataset = store_quads.into_iter().collect();
            let report = shapes_read.validate(&data)?;
            report
                .write_text(std::io::stdout().lock())
                .context("writing to standard output")?;
            if !report.conforms() {
                return Err(resgraph::Error::Nonconforming {
                    shapes: shapes
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    violations: report.count(resgraph::shacl::Severity::Violation),
                    report,
                }
                .into());
            }
        }
        Command::Import {
            files,
            output,
            data,
            force,
            source,
        } => {
            let source = source.source()?;
            let concepts = Collection::read_dir(&data)?;
            let mut written = Vec::new();
            for file in &files {
                for record in records_from_catalogue(file, &concepts, &source)? {
                    let path = output.join(record_file_name(&record));
                    written.push((path, record));
                }
            }
            let mut check = concepts.clone();
            check.records.clear();
            check.add_records(written.iter().cloned())?;
            for (path, _) in &written {
                if path.exists() && !force {
                    return Err(Usage(format!(
                        "{} exists: give --force to replace it",
                        path.display()
                    ))
                    .into());
                }
            }
            for (path, record) in &written {
                write_file_atomically(path, |w| {
                    serde_json::to_writer_pretty(&mut *w, record)?;
                    writeln!(w)
                })?;
                println!("{}", path.display());
            }
        }
        Command::Synth {
            count,
            output,
            data,
            seed,
        } => {
            let concepts = Collection::read_dir(&data)?;
            write_file_atomically(&output, |w| write_synthetic(&concepts, count, seed, w))?;
        }
        Command::Export {
            inputs,
            format,
            output,
            data,
            base,
            quiet,
            split,
        } => {
            let minter = Minter::new(&base)?;
            let dump = output
                .as_ref()
                .is_some_and(|p| p.extension().is_some_and(|e| e == "gz"))
                || split.is_some();
            if dump && !matches!(format, Format::Nt | Format::Nq) {
                return Err(Usage(
                    "gzip dumps and --split are for line-based formats: use --format nt or nq"
                        .into(),
                )
                .into());
            }
            let inputs = if inputs.is_empty() {
                vec![PathBuf::from("data")]
            } else {
                inputs
            };
            let (streamed, read): (Vec<PathBuf>, Vec<PathBuf>) = inputs
                .into_iter()
                .partition(|p| p.extension().is_some_and(|e| e == "jsonl"));
            let dataset = Collection::read_inputs(&read, Some(&data))?;
            let progress = Progress::new(quiet, &streamed);
            let write = |out: &mut dyn Write| -> anyhow::Result<()> {
                let mut exporter = Exporter::for_graph(format, out)?;
                exporter.write_block(map_schemes(&dataset, &minter))?;
                export_records(&dataset, &minter, &mut exporter)?;
                for path in &streamed {
                    export_jsonl(path, &dataset, &minter, &mut exporter, &|records, bytes| {
                        progress.update(records, bytes)
                    })?;
                }
                exporter.finish()?;
                Ok(())
            };
            match output {
                Some(path) if dump => {
                    let mut writer = DumpWriter::new(&path, split);
                    write(&mut writer)?;
                    for (file, _) in writer.finish()? {
                        if !quiet {
                            eprintln!("{}", file.display());
                        }
                    }
                }
                Some(path) => {
                    let mut failure = None;
                    let written = write_file_atomically(&path, |w| {
                        write(w).map_err(|e| {
                            failure = Some(e);
                            std::io::Error::other("export failed")
                        })
                    });
                    if let Some(e) = failure {
                        return Err(e);
                    }
                    written?;
                }
                None => {
                    write(&mut std::io::stdout().lock()).context("writing to standard output")?
                }
            }
            progress.done();
        }
        Command::Query {
            name,
            file,
            sparql,
            format,
            data,
            queries,
            base,
        } => {
            let (label, text) = match (name, file, sparql) {
                (Some(name), _, _) => {
                    let path = queries.join(format!("{name}.rq"));
                    if !path.is_file() {
                        let known: Vec<String> = stored_queries(&queries)?
                            .into_iter()
                            .map(|q| q.name)
                            .collect();
                        return Err(Usage(format!(
                            "no stored query {name} in {} (there are: {})",
                            queries.display(),
                            known.join(", ")
                        ))
                        .into());
                    }
                    let query = read_query(&path)?;
                    (query.path.display().to_string(), query.sparql)
                }
                (_, Some(file), _) => {
                    let query = std::fs::read_to_string(&file)
                        .with_context(|| file.display().to_string())?;
                    (file.display().to_string(), query)
                }
                (_, _, Some(sparql)) => ("--sparql".to_owned(), sparql),
                (None, None, None) => {
                    let mut stdout = std::io::stdout().lock();
                    for query in stored_queries(&queries)? {
                        writeln!(stdout, "{:<24} {}", query.name, query.question)?;
                    }
                    return Ok(());
                }
            };
            let minter = Minter::new(&base)?;
            let dataset = Collection::read_dir(&data)?;
            let store = GraphStore::load(&resgraph::graph::map::map_dataset(&dataset, &minter))?;
            let answer = store.query(&label, &text)?;
            write_answer(&answer, format, std::io::stdout().lock())
                .context("writing to standard output")?;
        }
        Command::Serve {
            data,
            from,
            queries,
            ontology,
            licence,
            bind,
            base,
            timeout,
            max_rows,
            max_body,
            max_connections,
            request_timeout,
        } => {
            let timeout = seconds("--timeout", timeout)?;
            let request_timeout = seconds("--request-timeout", request_timeout)?;
            if max_connections == 0 {
                return Err(Usage("--max-connections 0: give at least 1".into()).into());
            }
            let licence = resgraph::publish::catalog::licence_iri(&licence)?;
            let (quads, records) = graph_quads(&data, &from, &base)?;
            let ontology = if ontology.is_dir() {
                let mappings = records.as_ref().map_or(&[][..], |(d, _)| &d.mappings[..]);
                let page = resgraph::publish::docs::document(&ontology, mappings, &quads)?;
                let files = resgraph::publish::docs::ontology_files(&ontology)?;
                Some((resgraph::ingest::rdf::read_rdf_files(&files)?, page))
            } else {
                None
            };
            let (ontology, page) = ontology.unzip();
            let site = Site::new(
                quads,
                ontology,
                SiteOptions {
                    base: base.clone(),
                    limits: QueryLimits { timeout, max_rows },
                    max_body,
                    queries: stored_queries(&queries)?,
                },
            )?;
            let site = match records {
                Some((dataset, minter)) => site.with_records(dataset, minter),
                None => site,
            }
            .with_licence(licence);
            let site = match page {
                Some(page) => site.with_ontology_page(page),
                None => site,
            };
            let triples = site.triples();
            let limits = ServerLimits {
                max_connections,
                request_timeout,
            };
            serve(site, bind, limits, |limits| {
                println!(
                    "resgraph serves {triples} triples at http://{bind}/ (IRIs under {base}; at most {} connections); stop with Ctrl-C",
                    limits.max_connections
                );
                let _ = std::io::stdout().flush();
            })?;
        }
        Command::Push {
            endpoint,
            graph,
            data,
            from,
            base,
            user,
            password,
            chunk_size,
            timeout,
        } => {
            let timeout = seconds("--timeout", timeout)?;
            let graph = oxigraph::model::NamedNode::new(&graph)
                .map_err(|e| Usage(format!("--graph {graph}: not an IRI: {e}")))?;
            let credentials = match (user, password) {
                (Some(user), Some(password)) => Some(Credentials { user, password }),
                (Some(_), None) => {
                    return Err(Usage(
                        "--user needs a password: set RESGRAPH_PASSWORD (or --password)".into(),
                    )
                    .into())
                }
                (None, _) => None,
            };
            let (quads, _) = graph_quads(&data, &from, &base)?;
            let options = PushOptions {
                endpoint: endpoint.clone(),
                graph: graph.clone(),
                credentials,
                chunk_triples: chunk_size,
                timeout,
            };
            let terminal = std::io::stderr().is_terminal();
            let done = push(&quads, &options, |p| {
                let width = 30;
                let filled = width * p.chunks_written / p.chunks.max(1);
                let line = format!(
                    "[{}{}] chunk {}/{} · {}/{} triples",
                    "#".repeat(filled),
                    "-".repeat(width - filled),
                    p.chunks_written,
                    p.chunks,
                    p.triples_written,
                    p.triples
                );
                if terminal {
                    eprint!("\r{line}");
                    if p.chunks_written == p.chunks {
                        eprintln!();
                    }
                } else {
                    eprintln!("{line}");
                }
            })
            .inspect_err(|_| {
                if terminal {
                    eprintln!();
                }
            })?;
            println!(
                "pushed {} triples in {} chunk{} to <{}> at {endpoint}",
                done.triples_written,
                done.chunks,
                if done.chunks == 1 { "" } else { "s" },
                graph.as_str()
            );
        }
    }
    Ok(())
}

/// A progress bar on standard error, for streamed inputs, when it is a terminal and not --quiet.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(quiet: bool, streamed: &[PathBuf]) -> Progress {
        use std::io::IsTerminal;
        if quiet || streamed.is_empty() || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let total: u64 = streamed
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        let bar = indicatif::ProgressBar::new(total);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {msg} ({bytes_per_sec}, {eta} left)",
            )
            .expect("a valid progress template"),
        );
        Progress(Some(bar))
    }

    fn update(&self, records: u64, bytes: u64) {
        if let Some(bar) = &self.0 {
            bar.set_position(bytes);
            bar.set_message(format!("{records} records"));
        }
    }

    fn done(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
