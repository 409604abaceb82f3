//! The library's error type. It depends on no other module but the SHACL report it carries
//! (`shacl/report.rs`, which depends on nothing but the vocabulary).

use crate::shacl::Report;
use std::path::PathBuf;
use std::time::Duration;

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
        refusal: Refusal,
    },
    /// A file would be replaced that the caller did not ask to replace.
    #[error("{} exists: give --force to replace it", .0.display())]
    Exists(PathBuf),
    /// No stored query has the name asked for.
    #[error("no stored query {name}: {}there are: {known}", suggestion.as_ref().map(|s| format!("did you mean {s}? ")).unwrap_or_default())]
    UnknownQuery {
        /// The name asked for.
        name: String,
        /// The nearest stored query name, if one is near.
        suggestion: Option<String>,
        /// Every stored query name, comma-separated.
        known: String,
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
        report: Box<Report>,
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

/// Why a query was refused instead of answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The text is a SPARQL Update, and the store is read-only.
    Update,
    /// The query calls SERVICE (federated query), which is disabled.
    Service,
    /// The query ran longer than the limit.
    Timeout(Duration),
    /// The answer has more rows than the limit.
    TooManyRows(usize),
    /// The query held more memory than the limit, in bytes.
    TooMuchMemory(usize),
    /// As many queries as the server runs at once are running.
    Busy(usize),
    /// As many stored queries as the server answers at once are being answered.
    StoredBusy(usize),
    /// The query text is longer than the limit, in bytes.
    TooLong(usize, usize),
    /// The query nests brackets deeper than the limit.
    TooDeep(usize, usize),
    /// The query has more UNIONs than the limit.
    TooManyUnions(usize, usize),
    /// The query has more operators and path steps than the limit.
    TooManyOperators(usize, usize),
    /// The query has more groups and clauses than the limit.
    TooManyClauses(usize, usize),
    /// The parsed query has more triple patterns than the limit.
    TooManyTriplePatterns(usize, usize),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Update => f.write_str("SPARQL Update is refused: this endpoint is read-only"),
            Refusal::Service => f.write_str(
                "SERVICE (federated query) is disabled: this server does not fetch other endpoints",
            ),
            Refusal::Timeout(limit) => write!(
                f,
                "the query was cancelled after {} s, the time limit of this server",
                limit.as_secs_f64()
            ),
            Refusal::TooMuchMemory(limit) => write!(
                f,
                "the query was stopped when it held more than {} MiB, the memory limit of this server for one query",
                limit >> 20
            ),
            Refusal::Busy(limit) => write!(
                f,
                "{limit} queries are running, the most this server runs at once: try again later"
            ),
            Refusal::StoredBusy(limit) => write!(
                f,
                "{limit} stored queries are being answered, the most this server answers at once: try again later"
            ),
            Refusal::TooLong(found, limit) => write!(
                f,
                "the query is {found} bytes long; at most {limit} are allowed"
            ),
            Refusal::TooDeep(found, limit) => write!(
                f,
                "the query nests brackets {found} deep; at most {limit} are allowed"
            ),
            Refusal::TooManyUnions(found, limit) => write!(
                f,
                "the query has {found} UNIONs; at most {limit} are allowed"
            ),
            Refusal::TooManyOperators(found, limit) => write!(
                f,
                "the query has {found} operators and path steps; at most {limit} are allowed"
            ),
            Refusal::TooManyClauses(found, limit) => write!(
                f,
                "the query has {found} groups and clauses; at most {limit} are allowed"
            ),
            Refusal::TooManyTriplePatterns(found, limit) => write!(
                f,
                "the query has {found} triple patterns (each step of a property path sequence is one); at most {limit} are allowed"
            ),
            Refusal::TooManyRows(limit) => write!(
                f,
                "the answer has more than {limit} rows, the limit of this server: add a LIMIT or narrow the query"
            ),
        }
    }
}

fn field_prefix(field: &str) -> String {
    if field.is_empty() {
        String::new()
    } else {
        format!("{field}: ")
    }
}

impl Error {
    /// Whether the error is in how resgraph was called (a bad base IRI, an unknown stored
    /// query) rather than in the data or the machine: the CLI exits with code 2 for these.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Error::Base { .. } | Error::UnknownQuery { .. } | Error::Exists(_)
        ) || matches!(
            self,
            Error::Refused {
                refusal: Refusal::TooLong(..)
                    | Refusal::TooDeep(..)
                    | Refusal::TooManyUnions(..)
                    | Refusal::TooManyOperators(..)
                    | Refusal::TooManyClauses(..)
                    | Refusal::TooManyTriplePatterns(..),
                ..
            }
        )
    }

    /// A function that makes an I/O error naming `path`, for `map_err`.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
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
