//! `resgraph push`: load the graph into a running SPARQL store.

use super::options::{seconds, BaseArgs, DataArgs};
use super::progress::Progress;
use super::Usage;
use resgraph::push::{push, Credentials, PushOptions, DEFAULT_CHUNK_TRIPLES};
use std::path::PathBuf;

/// Load the graph into a running SPARQL store with the SPARQL 1.1 Graph Store HTTP
/// Protocol, replacing one named graph: a PUT, then a POST per further chunk.
///
/// The password is read from the environment variable RESGRAPH_PASSWORD (or --password).
///
/// Example: RESGRAPH_PASSWORD=dba resgraph push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --graph https://w3id.org/resgraph/graph --user dba
#[derive(clap::Args)]
pub struct Args {
    /// The store's Graph Store Protocol endpoint (http://…).
    #[arg(long)]
    endpoint: String,
    /// The named graph to replace.
    #[arg(long)]
    graph: String,
    #[command(flatten)]
    data: DataArgs,
    /// Push these RDF files instead of building from --data.
    #[arg(long, num_args = 1.., value_name = "FILE")]
    from: Vec<PathBuf>,
    #[command(flatten)]
    base: BaseArgs,
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
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let timeout = seconds("--timeout", args.timeout)?;
    let graph = oxigraph::model::NamedNode::new(&args.graph)
        .map_err(|e| Usage(format!("--graph {}: not an IRI: {e}", args.graph)))?;
    let credentials = match (args.user, args.password) {
        (Some(user), Some(password)) => Some(Credentials { user, password }),
        (Some(_), None) => {
            return Err(Usage(
                "--user needs a password: set RESGRAPH_PASSWORD (or --password)".into(),
            )
            .into())
        }
        (None, _) => None,
    };
    let quads = if args.from.is_empty() {
        resgraph::graph::map::map_dataset(&args.data.collection()?, &args.base.minter()?)
    } else {
        resgraph::ingest::rdf::read_rdf_files(&args.from)?
    };
    let options = PushOptions {
        endpoint: args.endpoint.clone(),
        graph: graph.clone(),
        credentials,
        chunk_triples: args.chunk_size,
        timeout,
    };
    let bar = Progress::new(false, 0, "{bar:30} {msg}");
    let logged = bar.is_hidden();
    let done = push(&quads, &options, |p| {
        let line = format!(
            "chunk {}/{} · {}/{} triples",
            p.chunks_written, p.chunks, p.triples_written, p.triples
        );
        if logged {
            eprintln!("{line}");
        }
        bar.set_length(p.chunks as u64);
        bar.update(p.chunks_written as u64, line);
    });
    bar.done();
    let done = done?;
    println!(
        "pushed {} triples in {} chunk{} to <{}> at {}",
        done.triples_written,
        done.chunks,
        if done.chunks == 1 { "" } else { "s" },
        graph.as_str(),
        args.endpoint
    );
    Ok(())
}
