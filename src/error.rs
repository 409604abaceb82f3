//! The library's error type.

use std::path::PathBuf;

/// Everything that can go wrong in resgraph, each naming where it went wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A data file is not well-formed, or a value in it is malformed: file, line, column, field.
    #[error("{}:{line}:{column}: {}{message}", path.display(), field_prefix(field))]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The field path (`availability[0].url`), when inside a record.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A well-formed data file says something that cannot be right (an unknown id, a fact
    /// without a source, two records for one IRI).
    #[error("{}: {}{message}", path.display(), field_prefix(field))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The field path.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A file or folder could not be read or written.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        cause: std::io::Error,
    },
    /// A SPARQL query could not be parsed or run.
    #[error("{name}: {message}")]
    Query {
        /// The stored query's file, or `--sparql`.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// A query was refused rather than answered (an update, SERVICE, a limit).
    #[error("{name}: {refusal}")]
    Refused {
        /// The stored query's file, `--sparql`, or the endpoint.
        name: String,
        /// Why.
        refusal: crate::graph::store::Refusal,
    },
    /// The base IRI given for minting is not usable.
    #[error("base IRI {base:?}: {message}")]
    Base {
        /// The IRI given.
        base: String,
        /// What is wrong.
        message: String,
    },
    /// The graph does not conform to the SHACL shapes (the report says where and why).
    #[error("the graph does not conform to {shapes}: {violations} violation{}", if *.violations == 1 { "" } else { "s" })]
    Nonconforming {
        /// The shapes files, comma-separated.
        shapes: String,
        /// How many results of severity sh:Violation.
        violations: usize,
        /// The full report.
        report: crate::shacl::Report,
    },
    /// The server could not start or stopped.
    #[error("serve: {0}")]
    Serve(String),
    /// Pushing the graph to a SPARQL store failed.
    #[error("push: {0}")]
    Push(String),
    /// The embedded store failed.
    #[error("store: {0}")]
    Store(String),
}

fn field_prefix(field: &str) -> String {
    if field.is_empty() {
        String::new()
    } else {
        format!("{field}: ")
    }
}

impl Error {
    /// Whether the error is in the input data (exit code 1) rather than in how resgraph was called.
    pub fn is_bad_data(&self) -> bool {
        !matches!(self, Error::Base { .. })
    }

    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |cause| Error::Io { path, cause }
    }

    pub(crate) fn invalid(
        path: impl Into<PathBuf>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Error {
        Error::Invalid {
            path: path.into(),
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
