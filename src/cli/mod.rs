//! The command line: one module per command, each a few lines over the library, and the
//! options they share in [`options`].

mod build;
mod docs;
mod export;
mod import;
mod options;
mod progress;
mod push;
mod query;
mod serve;
mod synth;
mod validate;

use clap::{Parser, Subcommand};
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
    Build(build::Args),
    Docs(docs::Args),
    Validate(validate::Args),
    Import(import::Args),
    Synth(synth::Args),
    Export(export::Args),
    Query(query::Args),
    Serve(serve::Args),
    Push(push::Args),
}

/// Runs the command line and returns the exit code: 0, 1 for bad data or a failure, 2 for a
/// mistake in how resgraph was called.
pub fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Build(args) => build::run(args),
        Command::Docs(args) => docs::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Import(args) => import::run(args),
        Command::Synth(args) => synth::run(args),
        Command::Export(args) => export::run(args),
        Command::Query(args) => query::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Push(args) => push::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            let usage = error.is::<Usage>()
                || error
                    .downcast_ref::<resgraph::Error>()
                    .is_some_and(resgraph::Error::is_usage);
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

/// A mistake in how resgraph was called (exit code 2).
#[derive(Debug)]
pub struct Usage(pub String);

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

/// Prints the report of a graph that does not conform on standard error, then passes the
/// error on.
fn print_report(error: resgraph::Error) -> resgraph::Error {
    if let resgraph::Error::Nonconforming { report, .. } = &error {
        let _ = report.write_text(std::io::stderr().lock());
    }
    error
}
