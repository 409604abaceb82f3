//! The validation report: one result per focus node, path, value and constraint that fails.

use crate::vocab::{sh, strict_curie};
use oxigraph::model::{NamedNodeRef, Term};

/// The severity of a validation result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// `sh:Violation`: the data does not conform.
    Violation,
    /// `sh:Warning`.
    Warning,
    /// `sh:Info`.
    Info,
}

impl Severity {
    pub(super) fn from_iri(iri: NamedNodeRef<'_>) -> Severity {
        if iri == sh::WARNING {
            Severity::Warning
        } else if iri == sh::INFO {
            Severity::Info
        } else {
            Severity::Violation
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Violation => "Violation",
            Severity::Warning => "Warning",
            Severity::Info => "Info",
        })
    }
}

/// One SHACL validation result.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ValidationResult {
    /// Its severity (the shape's `sh:severity`, `sh:Violation` by default).
    pub severity: Severity,
    /// The focus node, in N-Triples syntax.
    pub focus: String,
    /// The property path, in SPARQL syntax with resgraph's prefixes, if the shape has one.
    pub path: Option<String>,
    /// The value node that breaks the constraint, in N-Triples syntax, if there is one.
    pub value: Option<String>,
    /// The constraint component's local name (`MinCountConstraintComponent`).
    pub component: String,
    /// The shape, shortened with resgraph's prefixes.
    pub shape: String,
    /// The shape's `sh:message` (English preferred), or what the constraint asks.
    pub message: String,
}

/// A validation report: every result, sorted (violations first, then by focus node).
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The results.
    pub results: Vec<ValidationResult>,
}

impl Report {
    /// Whether the data conforms: there is no result of severity `sh:Violation`.
    pub fn conforms(&self) -> bool {
        self.count(Severity::Violation) == 0
    }

    /// How many results have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.results
            .iter()
            .filter(|r| r.severity == severity)
            .count()
    }

    /// Writes the report as text: one block per result, then a closing `Conforms:` line.
    pub fn write_text(&self, mut w: impl std::io::Write) -> std::io::Result<()> {
        for r in &self.results {
            writeln!(w, "{} ({}, {})", r.severity, r.shape, r.component)?;
            writeln!(w, "  focus:   {}", r.focus)?;
            if let Some(path) = &r.path {
                writeln!(w, "  path:    {path}")?;
            }
            if let Some(value) = &r.value {
                writeln!(w, "  value:   {value}")?;
            }
            writeln!(w, "  message: {}", r.message)?;
        }
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        writeln!(
            w,
            "Conforms: {} ({}, {}, {})",
            self.conforms(),
            plural(self.count(Severity::Violation), "violation"),
            plural(self.count(Severity::Warning), "warning"),
            plural(self.count(Severity::Info), "info")
        )
    }
}

/// An IRI shortened with resgraph's prefixes (`eli:date_document`), or `<iri>`.
pub(super) fn shorten(iri: NamedNodeRef<'_>) -> String {
    strict_curie(iri.as_str()).unwrap_or_else(|| iri.to_string())
}

/// A term as a report names it: an IRI shortened, a blank node as "a blank node".
pub(super) fn shorten_term(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => shorten(n.as_ref()),
        Term::BlankNode(_) => "a blank node".to_owned(),
        other => other.to_string(),
    }
}
