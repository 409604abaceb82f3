//! `resgraph build`: the main job.

use super::options::{rdf_format, BaseArgs, DataArgs, OntologyArgs, QueriesArgs, SourceArgs};
use resgraph::build::{build, BuildOptions};
use resgraph::shacl::Severity;
use resgraph::shipped;
use std::io::Write;
use std::path::PathBuf;

/// The main job: read and check the records, load them into the embedded store, export the
/// graph in every format and answer every stored query.
///
/// Writes out/resgraph.{ttl,nt,nq,trig,rdf,jsonld} (or the --formats chosen), out/catalog.ttl
/// (DCAT-AP 3 and VoID, naming those exports), out/ontology.html and
/// out/answers/NAME.{txt,csv}, and with --store DIR an on-disk store.
/// Nothing is written unless all records are valid and all queries run. The records are
/// streamed, a batch at a time; with --store the store is on disk too, so memory stays small
/// whatever the number of records.
///
/// Example: resgraph build --data data --out out
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArgs,
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
    /// The formats to export the graph in, comma-separated (default: all six). An export of
    /// another format left in the output folder by an earlier build is removed.
    #[arg(long, value_name = "EXT,…", value_parser = rdf_format(), value_delimiter = ',')]
    formats: Vec<resgraph::publish::export::Format>,
    /// Also write the graph to an on-disk store (RocksDB, with oxigraph's bulk loader) in this
    /// folder, replacing the store there, for `query --store` and `serve --store`. Without it
    /// the graph lives in memory only. Needs resgraph built with `--features disk`.
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
    #[command(flatten)]
    queries: QueriesArgs,
    #[command(flatten)]
    base: BaseArgs,
    /// A SHACL shapes file (Turtle) the graph must conform to before anything is written,
    /// instead of the ontology's shapes.ttl; repeatable.
    #[arg(long, value_name = "FILE")]
    shapes: Vec<PathBuf>,
    /// Skip the SHACL validation.
    #[arg(long)]
    no_validate: bool,
    /// The licence IRI that out/catalog.ttl states for the dataset (default: CC BY 4.0).
    #[arg(long, default_value = resgraph::publish::catalog::DEFAULT_LICENCE)]
    licence: String,
    #[command(flatten)]
    ontology: OntologyArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let ontology = args.ontology.load(&args.data)?;
    let shapes = match args.no_validate {
        true => Vec::new(),
        false => shipped::shapes_for(&ontology, &args.shapes)?,
    };
    let options = BuildOptions {
        queries: args.queries.load(&args.data)?,
        data: args.data.data,
        catalogues: args.catalogues,
        catalogue_source: args.source.source()?,
        profile: args.source.profile()?,
        out: args.out,
        base: args.base.base,
        licence: args.licence,
        shapes,
        ontology,
        store: args.store,
        formats: match args.formats.is_empty() {
            true => resgraph::publish::export::Format::ALL.to_vec(),
            false => args.formats,
        },
    };
    let summary = build(&options).map_err(super::print_report)?;
    for (kind, id) in &summary.added {
        eprintln!("new unreviewed {} {id}", kind.segment());
    }
    if args.timings {
        for (phase, took) in &summary.timings {
            eprintln!("{:>10.3} s  {phase}", took.as_secs_f64());
        }
        for (task, bytes) in &summary.held {
            eprintln!("{:>10} KiB  held at most by {task}", bytes / 1024);
        }
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} records → {} triples ({} quads with source graphs) → {}",
        summary.records,
        summary.triples,
        summary.quads,
        options.out.display()
    )?;
    for (name, rows) in &summary.answers {
        writeln!(out, "  answers/{name}: {rows} rows")?;
    }
    if let Some(report) = &summary.report {
        let names: Vec<String> = options
            .shapes
            .iter()
            .map(|s| s.path.display().to_string())
            .collect();
        writeln!(
            out,
            "  SHACL: conforms to {} ({} warnings)",
            names.join(", "),
            report.count(Severity::Warning)
        )?;
    }
    Ok(())
}
