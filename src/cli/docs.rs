//! `resgraph docs`: the ontology's documentation page.

use super::options::{BaseArgs, DataArgs, OntologyArgs};
use resgraph::files::write_file_atomically;
use resgraph::publish::docs::{document, Examples, DOCS_FILE};
use std::path::PathBuf;

/// Write the ontology's documentation: one HTML page (ontology.html) with every class and
/// property, its label, comment, domain, range, alignments, SSSOM mappings, SHACL
/// constraints and an example from the graph built from the data folder.
///
/// `build` writes the same page beside the exports.
///
/// Example: resgraph docs --out out
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ontology: OntologyArgs,
    #[command(flatten)]
    data: DataArgs,
    /// The folder to write ontology.html into.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    #[command(flatten)]
    base: BaseArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let dataset = args.data.collection()?;
    let quads = resgraph::graph::map::map_dataset(&dataset, &args.base.minter()?);
    let store = resgraph::graph::store::GraphStore::load(&quads)?;
    let html = document(
        &args.ontology.load(&args.data)?,
        &dataset.mappings,
        &Examples::of(store.store()),
    )?;
    let path = args.out.join(DOCS_FILE);
    write_file_atomically(&path, |w| w.write_all(html.as_bytes()))?;
    println!("{}", path.display());
    Ok(())
}
