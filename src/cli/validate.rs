//! `resgraph validate`: check a graph against SHACL shapes.

use super::options::{BaseArgs, DataArgs, OntologyArgs};
use super::Usage;
use anyhow::Context;
use resgraph::build::{input_quads, validate_folder, validate_quads};
use resgraph::shipped;
use std::path::PathBuf;

/// Check a graph against SHACL shapes and print the report: focus node, path, value,
/// message and severity of every result. Exit code 1 if there is a violation.
///
/// Each INPUT is a data folder (the graph `build` makes from it) or an RDF file (.ttl, .nt,
/// .nq, .trig, .rdf, .jsonld; its default graph is checked). The default INPUT is data. One
/// data folder alone is checked as build checks it, a batch of records at a time beside the
/// concept schemes, so memory stays small; shapes that look from one record into another's
/// need the whole graph: give the exported file instead (out/resgraph.nt).
///
/// Example: resgraph validate out/catalog.ttl --shapes dcat-ap-SHACL.ttl
#[derive(clap::Args)]
pub struct Args {
    /// Data folders or RDF files (default: data).
    inputs: Vec<PathBuf>,
    /// A SHACL shapes file in Turtle, instead of the ontology's shapes.ttl; repeatable.
    #[arg(long, value_name = "FILE")]
    shapes: Vec<PathBuf>,
    #[command(flatten)]
    ontology: OntologyArgs,
    #[command(flatten)]
    base: BaseArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let inputs = match args.inputs.is_empty() {
        true => vec![PathBuf::from("data")],
        false => args.inputs,
    };
    let data = DataArgs {
        data: inputs
            .iter()
            .find(|p| p.is_dir())
            .cloned()
            .unwrap_or_else(|| "data".into()),
    };
    let shapes = shipped::shapes_for(&args.ontology.load(&data)?, &args.shapes)?;
    if shapes.is_empty() {
        return Err(Usage(
            "the ontology has no shapes.ttl: give the shapes with --shapes FILE".into(),
        )
        .into());
    }
    let minter = args.base.minter()?;
    // One data folder is validated as build validates it, a batch of records at a time.
    let validated = match inputs.as_slice() {
        [folder] if folder.is_dir() => validate_folder(folder, &minter, &shapes),
        _ => validate_quads(&input_quads(&inputs, &minter)?, &shapes),
    };
    match validated {
        Ok(report) => {
            if let Some(report) = report {
                report
                    .write_text(std::io::stdout().lock())
                    .context("writing to standard output")?;
            }
            Ok(())
        }
        Err(resgraph::Error::Nonconforming {
            shapes,
            violations,
            report,
        }) => {
            report
                .write_text(std::io::stdout().lock())
                .context("writing to standard output")?;
            Err(resgraph::Error::Nonconforming {
                shapes,
                violations,
                report,
            }
            .into())
        }
        Err(other) => Err(other.into()),
    }
}
