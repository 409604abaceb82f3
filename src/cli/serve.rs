//! `resgraph serve`: the read-only linked-data server.

use super::options::{seconds, BaseArgs, DataArgs, OntologyArgs, QueriesArgs};
use super::Usage;
use resgraph::graph::store::{stored_ontology_page, GraphStore, QueryLimits};
use resgraph::ingest::rdf::parse_rdf_texts;
use resgraph::publish::catalog::licence_iri;
use resgraph::publish::docs::{document, Examples};
use resgraph::serve::{serve, ServerLimits, Site, SiteOptions, DEFAULT_BIND};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Serve the graph read-only over HTTP: a SPARQL endpoint at /sparql, a page or an RDF
/// description for every IRI minted under the base, the stored queries at /query/NAME, a
/// home page at / and a VoID description at /catalog.
///
/// The graph is built from --data at start, read from exported RDF files (--from), or opened
/// from the on-disk store that `build --store DIR` wrote (--store DIR).
/// Request paths map to IRIs under --base, whatever address the server listens on.
///
/// Example: resgraph serve --bind 127.0.0.1:7878, then
/// curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql?query=SELECT+*+WHERE+{?s+?p+?o}+LIMIT+3'
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArgs,
    /// Serve these RDF files (as `resgraph build` exports them) instead of building from --data.
    #[arg(long, num_args = 1.., value_name = "FILE", conflicts_with = "store")]
    from: Vec<PathBuf>,
    /// Serve the on-disk store that `build --store DIR` wrote, opened read-only, instead of
    /// building from --data: nothing is loaded again, and /ontology, /catalog, the dumps and
    /// the answers of /query/NAME (whatever their number of rows) are the files build
    /// published and kept there. --base and --licence must be the build's.
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
    #[command(flatten)]
    queries: QueriesArgs,
    #[command(flatten)]
    ontology: OntologyArgs,
    /// The licence IRI that /catalog states for the dataset (default: CC BY 4.0, as build).
    #[arg(long, default_value = resgraph::publish::catalog::DEFAULT_LICENCE)]
    licence: String,
    /// The address to listen on.
    #[arg(long, default_value = DEFAULT_BIND)]
    bind: SocketAddr,
    #[command(flatten)]
    base: BaseArgs,
    /// The longest a query may run, in seconds.
    #[arg(long, default_value_t = resgraph::serve::DEFAULT_TIMEOUT_SECS)]
    timeout: f64,
    /// The largest answer, in rows (or triples for CONSTRUCT and DESCRIBE).
    #[arg(long, default_value_t = resgraph::serve::DEFAULT_MAX_ROWS)]
    max_rows: usize,
    /// The most memory one query may hold, in MiB; past it the query is stopped (503).
    #[arg(long, default_value_t = resgraph::serve::DEFAULT_MAX_QUERY_MEMORY_MIB)]
    max_query_memory: usize,
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
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let timeout = seconds("--timeout", args.timeout)?;
    let request_timeout = seconds("--request-timeout", args.request_timeout)?;
    if args.max_connections == 0 {
        return Err(Usage("--max-connections 0: give at least 1".into()).into());
    }
    let licence = licence_iri(&args.licence)?;
    let ontology = args.ontology.load(&args.data)?;
    let options = SiteOptions {
        base: args.base.base.clone(),
        limits: QueryLimits {
            timeout,
            max_rows: args.max_rows,
            max_memory: args.max_query_memory.saturating_mul(1 << 20),
        },
        max_body: args.max_body,
        queries: args.queries.load(&args.data)?,
    };
    let ontology_quads = Some(parse_rdf_texts(&ontology)?);
    let (site, page) = if let Some(dir) = &args.store {
        let (store, info) = GraphStore::open_read_only(dir)?;
        let minter = args.base.minter()?;
        for (option, built, given) in [
            ("--base", info.base.as_str(), minter.base()),
            ("--licence", info.licence.as_str(), licence.as_str()),
        ] {
            if built != given {
                return Err(Usage(format!(
                    "{option} {given}: the store in {} was built with {option} {built}, which its kept catalog states; serve it with that",
                    dir.display()
                ))
                .into());
            }
        }
        let site = Site::with_store(store, &info, ontology_quads, options)?.with_published(dir)?;
        (site, stored_ontology_page(dir)?)
    } else if args.from.is_empty() {
        let dataset = args.data.collection()?;
        let mappings = dataset.mappings.clone();
        let site = Site::from_records(dataset, args.base.minter()?, ontology_quads, options)?;
        let store = site.store().store();
        let page = document(&ontology, &mappings, &Examples::of(store))?;
        (site, page)
    } else {
        let quads = resgraph::ingest::rdf::read_rdf_files(&args.from)?;
        let site = Site::new(quads, ontology_quads, options)?;
        let store = site.store().store();
        let page = document(&ontology, &[], &Examples::of(store))?;
        (site, page)
    };
    let site = site.with_licence(licence).with_ontology_page(page);
    let (triples, bind, base) = (site.triples(), args.bind, args.base.base);
    let limits = ServerLimits {
        max_connections: args.max_connections,
        request_timeout,
    };
    serve(site, bind, limits, |limits| {
        println!(
            "resgraph serves {triples} triples at http://{bind}/ (IRIs under {base}; at most {} connections); stop with Ctrl-C",
            limits.max_connections
        );
        let _ = std::io::stdout().flush();
    })?;
    Ok(())
}
