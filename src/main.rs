//! `resgraph`, the command line over the resgraph library.

use anyhow::Context;
use clap::{Parser, Subcommand};
use resgraph::build::{build, BuildOptions};
use resgraph::export::{write_file_atomically, write_quads, Format};
use resgraph::mint::{Minter, DEFAULT_BASE};
use resgraph::push::{push, Credentials, PushOptions, DEFAULT_CHUNK_TRIPLES};
use resgraph::query::{read_query, stored_queries, write_answer, AnswerFormat};
use resgraph::read::Dataset;
use resgraph::serve::{serve, timeout_from_secs, Site, SiteOptions, DEFAULT_BIND};
use resgraph::store::{GraphStore, QueryLimits};
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
        /// The output folder.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// The folder of stored queries.
        #[arg(long, default_value = "queries")]
        queries: PathBuf,
        /// The base IRI every resource is minted under.
        #[arg(long, default_value = DEFAULT_BASE)]
        base: String,
    },
    /// Convert records to one RDF format, on standard output or into a file.
    ///
    /// Example: resgraph export data/records/unsc-2016-2331.json --format nt -o 2331.nt
    Export {
        /// Record files, folders of record files, or data folders (default: data).
        inputs: Vec<PathBuf>,
        /// The RDF format.
        #[arg(long, short, value_enum, default_value = "ttl")]
        format: Format,
        /// The file to write (atomically); standard output if absent.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Where the concept schemes are, when no data folder is among the inputs.
        #[arg(long, default_value = "data/concepts")]
        concepts: PathBuf,
        /// The base IRI every resource is minted under.
        #[arg(long, default_value = DEFAULT_BASE)]
        base: String,
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
    /// home page at / and a VoID description at /catalog.
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
        /// The ontology file served at /ontology (skipped if it does not exist).
        #[arg(long, default_value = "ontology/resgraph.ttl")]
        ontology: PathBuf,
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
fn graph_quads(
    data: &std::path::Path,
    from: &[PathBuf],
    base: &str,
) -> anyhow::Result<Vec<oxigraph::model::Quad>> {
    let minter = Minter::new(base)?;
    if from.is_empty() {
        let dataset = Dataset::read_dir(data)?;
        Ok(resgraph::map::map_dataset(&dataset, &minter))
    } else {
        Ok(resgraph::read::read_rdf_files(from)?)
    }
}

fn seconds(option: &str, secs: f64) -> anyhow::Result<std::time::Duration> {
    timeout_from_secs(secs)
        .ok_or_else(|| Usage(format!("{option} {secs}: give a number of seconds above 0")).into())
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
            out,
            queries,
            base,
        } => {
            let summary = build(&BuildOptions {
                data,
                queries,
                out: out.clone(),
                base,
            })?;
            println!(
                "{} records → {} triples ({} quads with source graphs) → {}",
                summary.records,
                summary.triples,
                summary.quads,
                out.display()
            );
            for (name, rows) in &summary.answers {
                println!("  answers/{name}: {rows} rows");
            }
        }
        Command::Export {
            inputs,
            format,
            output,
            concepts,
            base,
        } => {
            let minter = Minter::new(&base)?;
            let inputs = if inputs.is_empty() {
                vec![PathBuf::from("data")]
            } else {
                inputs
            };
            let dataset = Dataset::read_inputs(&inputs, Some(&concepts))?;
            let quads = resgraph::map::map_dataset(&dataset, &minter);
            match output {
                Some(path) => {
                    write_file_atomically(&path, |w| write_quads(&quads, format, w).map(drop))?
                }
                None => {
                    let stdout = std::io::stdout().lock();
                    write_quads(&quads, format, stdout).context("writing to standard output")?;
                }
            }
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
            let dataset = Dataset::read_dir(&data)?;
            let store = GraphStore::load(&resgraph::map::map_dataset(&dataset, &minter))?;
            let answer = store.query(&label, &text)?;
            write_answer(&answer, format, std::io::stdout().lock())
                .context("writing to standard output")?;
        }
        Command::Serve {
            data,
            from,
            queries,
            ontology,
            bind,
            base,
            timeout,
            max_rows,
            max_body,
        } => {
            let timeout = seconds("--timeout", timeout)?;
            let quads = graph_quads(&data, &from, &base)?;
            let ontology = if ontology.is_file() {
                Some(resgraph::read::read_rdf_files(&[ontology])?)
            } else {
                None
            };
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
            let triples = site.triples();
            serve(site, bind, || {
                println!(
                    "resgraph serves {triples} triples at http://{bind}/ (IRIs under {base}); stop with Ctrl-C"
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
            let quads = graph_quads(&data, &from, &base)?;
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
