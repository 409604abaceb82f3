//! The validation report: one result per focus node, path, value and constraint that fails.

use super::shapes::PathExpr;
use crate::vocab::{rdf, sh, strict_curie};
use oxigraph::model::{BlankNode, Graph, Literal, NamedNode, NamedNodeRef, Term, TripleRef};
use std::collections::BTreeMap;
use std::str::FromStr;

/// The severity of a validation result.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// `sh:Violation`: the data does not conform.
    Violation,
    /// `sh:Warning`.
    Warning,
    /// `sh:Info`.
    Info,
    /// Another severity IRI a shape names (SHACL allows any); it does not stop a build.
    Other(String),
}

impl Severity {
    pub(super) fn from_iri(iri: NamedNodeRef<'_>) -> Severity {
        if iri == sh::VIOLATION {
            Severity::Violation
        } else if iri == sh::WARNING {
            Severity::Warning
        } else if iri == sh::INFO {
            Severity::Info
        } else {
            Severity::Other(iri.as_str().to_owned())
        }
    }

    /// The severity's IRI (`sh:Violation`, …).
    pub fn iri(&self) -> NamedNodeRef<'_> {
        match self {
            Severity::Violation => sh::VIOLATION,
            Severity::Warning => sh::WARNING,
            Severity::Info => sh::INFO,
            Severity::Other(iri) => NamedNodeRef::new_unchecked(iri),
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Severity::Violation => f.write_str("Violation"),
            Severity::Warning => f.write_str("Warning"),
            Severity::Info => f.write_str("Info"),
            Severity::Other(iri) => f.write_str(&shorten(NamedNodeRef::new_unchecked(iri))),
        }
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
    /// The shape (`sh:sourceShape`) in N-Triples syntax, blank nodes with their labels.
    pub source_shape: String,
    /// The result path as a SHACL path structure, for [`Report::to_graph`].
    pub(super) result_path: Option<PathExpr>,
}

/// A validation report: every result, sorted (violations first, then by focus node). Equal
/// results that come from different paths through the shapes (one property shape reached
/// from two node shapes) are each kept, as SHACL's reports have them.
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

    /// One report of the results of `reports` on parts of one graph, sorted. A focus node
    /// that two parts both hold (a source many records cite) is checked in each, so a result
    /// is kept as many times as the one report that has it most often holds it (a report
    /// keeps equal results that come from different shapes' paths, as SHACL asks).
    pub fn merged(reports: impl IntoIterator<Item = Report>) -> Report {
        let mut most: BTreeMap<ValidationResult, usize> = BTreeMap::new();
        for report in reports {
            let mut counts: BTreeMap<ValidationResult, usize> = BTreeMap::new();
            for result in report.results {
                *counts.entry(result).or_default() += 1;
            }
            for (result, n) in counts {
                let m = most.entry(result).or_default();
                *m = (*m).max(n);
            }
        }
        let results = most
            .into_iter()
            .flat_map(|(result, n)| std::iter::repeat_n(result, n))
            .collect();
        Report { results }
    }

    /// The report as a SHACL validation report graph (`sh:ValidationReport`, one
    /// `sh:ValidationResult` each, paths as SHACL path structures). Its `sh:conforms` is as
    /// SHACL defines it: true only when there is no result of any severity.
    pub fn to_graph(&self) -> Graph {
        let mut graph = Graph::new();
        let report = BlankNode::default();
        graph.insert(TripleRef::new(&report, rdf::TYPE, sh::VALIDATION_REPORT));
        let conforms = Literal::from(self.results.is_empty());
        graph.insert(TripleRef::new(&report, sh::CONFORMS, &conforms));
        for r in &self.results {
            let result = BlankNode::default();
            graph.insert(TripleRef::new(&report, sh::RESULT, &result));
            graph.insert(TripleRef::new(&result, rdf::TYPE, sh::VALIDATION_RESULT));
            let component = NamedNode::new_unchecked(format!("{}{}", sh::NS, r.component));
            graph.insert(TripleRef::new(
                &result,
                sh::SOURCE_CONSTRAINT_COMPONENT,
                &component,
            ));
            graph.insert(TripleRef::new(
                &result,
                sh::RESULT_SEVERITY,
                r.severity.iri(),
            ));
            graph.insert(TripleRef::new(
                &result,
                sh::RESULT_MESSAGE,
                &Literal::from(r.message.as_str()),
            ));
            for (predicate, term) in [
                (sh::FOCUS_NODE, Some(&r.focus)),
                (sh::VALUE, r.value.as_ref()),
                (sh::SOURCE_SHAPE, Some(&r.source_shape)),
            ] {
                if let Some(term) = term.and_then(|t| Term::from_str(t).ok()) {
                    graph.insert(TripleRef::new(&result, predicate, &term));
                }
            }
            if let Some(path) = &r.result_path {
                let node = path_graph(&mut graph, path);
                graph.insert(TripleRef::new(&result, sh::RESULT_PATH, &node));
            }
        }
        graph
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

/// Writes `path` into `graph` as a SHACL path structure; returns its node.
fn path_graph(graph: &mut Graph, path: &PathExpr) -> Term {
    let wrap = |predicate: NamedNodeRef<'_>, inner: &PathExpr, graph: &mut Graph| {
        let node = BlankNode::default();
        let inner = path_graph(graph, inner);
        graph.insert(TripleRef::new(&node, predicate, &inner));
        Term::from(node)
    };
    match path {
        PathExpr::Predicate(p) => p.clone().into(),
        PathExpr::Inverse(p) => wrap(sh::INVERSE_PATH, p, graph),
        PathExpr::ZeroOrMore(p) => wrap(sh::ZERO_OR_MORE_PATH, p, graph),
        PathExpr::OneOrMore(p) => wrap(sh::ONE_OR_MORE_PATH, p, graph),
        PathExpr::ZeroOrOne(p) => wrap(sh::ZERO_OR_ONE_PATH, p, graph),
        PathExpr::Sequence(parts) => list_graph(graph, parts),
        PathExpr::Alternative(parts) => {
            let node = BlankNode::default();
            let list = list_graph(graph, parts);
            graph.insert(TripleRef::new(&node, sh::ALTERNATIVE_PATH, &list));
            node.into()
        }
    }
}

/// Writes `parts` into `graph` as an RDF list of path structures; returns its head.
fn list_graph(graph: &mut Graph, parts: &[PathExpr]) -> Term {
    let mut head: Term = rdf::NIL.into_owned().into();
    for part in parts.iter().rev() {
        let cell = BlankNode::default();
        let first = path_graph(graph, part);
        graph.insert(TripleRef::new(&cell, rdf::FIRST, &first));
        graph.insert(TripleRef::new(&cell, rdf::REST, &head));
        head = cell.into();
    }
    head
}
