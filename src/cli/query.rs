//! `resgraph query`: answer a stored query, a query file or an inline query.

use super::options::{answer_format, BaseArgs, DataArgs, QueriesArgs};
use anyhow::Context;
use resgraph::graph::frozen::FrozenGraph;
use resgraph::graph::store::{on_query_stack, GraphStore, SparqlGraph};
use resgraph::query::{find, write_answer, AnswerFormat};
use std::io::Write;
use std::path::PathBuf;

/// Answer a stored query (by name), a query file, or a query given inline, over the graph
/// built from the data folder, or over the store `build --store DIR` wrote (--store DIR).
/// Without a query, list the stored queries.
///
/// resgraph's prefixes (rg:, eli:, dcterms:, skos:, prov:, schema:, rdf:, rdfs:, xsd:, owl:
/// and the others listed in docs/guide.md) are predeclared; the default graph holds every fact once, GRAPH ?g tells its sources.
///
/// Example: resgraph query obligations --format csv
///
/// Example: resgraph query --sparql 'SELECT ?r WHERE { ?r a rg:Resolution }'
#[derive(clap::Args)]
pub struct Args {
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
    #[arg(long, value_parser = answer_format(), default_value = "table")]
    format: AnswerFormat,
    #[command(flatten)]
    data: DataArgs,
    /// Answer over the on-disk store that `build --store DIR` wrote, opened read-only, instead
    /// of building the graph from --data.
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
    #[command(flatten)]
    queries: QueriesArgs,
    #[command(flatten)]
    base: BaseArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let (label, text) = match (args.name, args.file, args.sparql) {
        (Some(name), _, _) => {
            let queries = args.queries.load(&args.data)?;
            let query = find(&queries, &name)?;
            (query.path.display().to_string(), query.sparql.clone())
        }
        (_, Some(file), _) => {
            let query =
                std::fs::read_to_string(&file).with_context(|| file.display().to_string())?;
            (file.display().to_string(), query)
        }
        (_, _, Some(sparql)) => ("--sparql".to_owned(), sparql),
        (None, None, None) => {
            let mut stdout = std::io::stdout().lock();
            for query in args.queries.load(&args.data)? {
                writeln!(stdout, "{:<24} {}", query.name, query.question)?;
            }
            return Ok(());
        }
    };
    // Without a store, the records are loaded into a frozen graph, which answers about twice as
    // fast as oxigraph's in-memory store (docs/scale.md).
    let graph: Box<dyn SparqlGraph> = match &args.store {
        Some(dir) => Box::new(GraphStore::open_read_only(dir)?.0),
        None => Box::new(FrozenGraph::from_quads(resgraph::graph::map::map_dataset(
            &args.data.collection()?,
            &args.base.minter()?,
        ))?),
    };
    // The parser and the evaluator recurse: give them the stack the shape limits need.
    let answer = on_query_stack(|| graph.query(&label, &text))??;
    write_answer(&answer, args.format, std::io::stdout().lock())
        .context("writing to standard output")
}
