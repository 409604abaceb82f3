//! Stage 3b: SHACL Core validation, evaluated by oxigraph's SPARQL engine.
//!
//! Shapes files are parsed with oxigraph. Each constraint of each shape becomes one SPARQL
//! query over the data store that selects the focus nodes (and value nodes) that break it;
//! `sh:node`, `sh:or`, `sh:and`, `sh:not` and `sh:xone` check the conformance of each value
//! node to the nested shapes the same way. A constraint component that this engine does not
//! implement is refused when the shapes are read, never silently ignored.
//!
//! ```
//! use oxigraph::model::Dataset;
//! use resgraph::validate::Shapes;
//! let shapes = Shapes::parse_turtle("shapes.ttl", br#"
//!     @prefix sh: <http://www.w3.org/ns/shacl#> .
//!     <https://example.org/S> a sh:NodeShape ;
//!         sh:targetNode <https://example.org/r> ;
//!         sh:property [ sh:path <https://example.org/title> ; sh:minCount 1 ] .
//! "#).unwrap();
//! let report = shapes.validate(&Dataset::new()).unwrap();
//! assert!(!report.conforms());
//! assert_eq!(report.results[0].component, "MinCountConstraintComponent");
//! ```

use crate::error::{Error, Result};
use crate::vocab::{rdf, rdfs, sh, xsd, PREFIXES};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    Dataset, Graph, Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, Term, TermRef,
    TripleRef,
};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use std::collections::HashMap;
use std::path::Path;

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
    fn from_iri(iri: NamedNodeRef<'_>) -> Severity {
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

/// A SHACL property path.
#[derive(Debug, Clone)]
enum PathExpr {
    Predicate(NamedNode),
    Inverse(Box<PathExpr>),
    Sequence(Vec<PathExpr>),
    Alternative(Vec<PathExpr>),
    ZeroOrMore(Box<PathExpr>),
    OneOrMore(Box<PathExpr>),
    ZeroOrOne(Box<PathExpr>),
}

impl PathExpr {
    /// The SPARQL property path; `short` abbreviates IRIs with resgraph's prefixes.
    fn sparql(&self, short: bool) -> String {
        let join = |parts: &[PathExpr], sep: &str| -> String {
            let parts: Vec<String> = parts.iter().map(|p| p.sparql(short)).collect();
            format!("({})", parts.join(sep))
        };
        match self {
            PathExpr::Predicate(p) if short => shorten(p.as_ref()),
            PathExpr::Predicate(p) => p.to_string(),
            PathExpr::Inverse(p) => format!("^{}", p.sparql(short)),
            PathExpr::Sequence(parts) => join(parts, "/"),
            PathExpr::Alternative(parts) => join(parts, "|"),
            PathExpr::ZeroOrMore(p) => format!("({})*", p.sparql(short)),
            PathExpr::OneOrMore(p) => format!("({})+", p.sparql(short)),
            PathExpr::ZeroOrOne(p) => format!("({})?", p.sparql(short)),
        }
    }
}

/// A target declaration.
#[derive(Debug, Clone)]
enum Target {
    Class(NamedNode),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

/// One constraint (a constraint component with its parameters).
#[derive(Debug, Clone)]
enum Constraint {
    Class(NamedNode),
    Datatype(NamedNode),
    NodeKind(NamedNode),
    MinCount(u64),
    MaxCount(u64),
    MinLength(u64),
    MaxLength(u64),
    Pattern(String, String),
    LanguageIn(Vec<String>),
    UniqueLang,
    In(Vec<Term>),
    HasValue(Term),
    Node(usize),
    Property(usize),
    Or(Vec<usize>),
    And(Vec<usize>),
    Not(usize),
    Xone(Vec<usize>),
    Closed(Vec<NamedNode>),
}

impl Constraint {
    fn component(&self) -> &'static str {
        match self {
            Constraint::Class(_) => "ClassConstraintComponent",
            Constraint::Datatype(_) => "DatatypeConstraintComponent",
            Constraint::NodeKind(_) => "NodeKindConstraintComponent",
            Constraint::MinCount(_) => "MinCountConstraintComponent",
            Constraint::MaxCount(_) => "MaxCountConstraintComponent",
            Constraint::MinLength(_) => "MinLengthConstraintComponent",
            Constraint::MaxLength(_) => "MaxLengthConstraintComponent",
            Constraint::Pattern(..) => "PatternConstraintComponent",
            Constraint::LanguageIn(_) => "LanguageInConstraintComponent",
            Constraint::UniqueLang => "UniqueLangConstraintComponent",
            Constraint::In(_) => "InConstraintComponent",
            Constraint::HasValue(_) => "HasValueConstraintComponent",
            Constraint::Node(_) => "NodeConstraintComponent",
            Constraint::Property(_) => "PropertyConstraintComponent",
            Constraint::Or(_) => "OrConstraintComponent",
            Constraint::And(_) => "AndConstraintComponent",
            Constraint::Not(_) => "NotConstraintComponent",
            Constraint::Xone(_) => "XoneConstraintComponent",
            Constraint::Closed(_) => "ClosedConstraintComponent",
        }
    }
}

/// A node or property shape.
#[derive(Debug, Clone)]
struct Shape {
    id: Term,
    path: Option<PathExpr>,
    targets: Vec<Target>,
    constraints: Vec<Constraint>,
    severity: Severity,
    message: Option<String>,
    deactivated: bool,
}

/// SHACL parameters this engine does not implement: a shape using one is refused.
const UNSUPPORTED: &[&str] = &[
    "equals",
    "disjoint",
    "lessThan",
    "lessThanOrEquals",
    "minExclusive",
    "minInclusive",
    "maxExclusive",
    "maxInclusive",
    "qualifiedValueShape",
    "sparql",
    "target",
];

/// A shapes graph, read into shapes and ready to validate a store.
#[derive(Debug, Clone, Default)]
pub struct Shapes {
    shapes: Vec<Shape>,
    index: HashMap<Term, usize>,
}

impl Shapes {
    /// Reads shapes from Turtle files (parsed by oxigraph, blank nodes kept apart per file).
    pub fn read(paths: &[impl AsRef<Path>]) -> Result<Shapes> {
        let mut graph = Graph::new();
        for path in paths {
            let path = path.as_ref();
            let bytes = std::fs::read(path).map_err(Error::io(path))?;
            parse_into(&mut graph, &path.display().to_string(), &bytes)?;
        }
        Shapes::from_graph(&graph, "shapes")
    }

    /// Reads shapes from one Turtle document; `name` labels errors.
    pub fn parse_turtle(name: &str, turtle: &[u8]) -> Result<Shapes> {
        let mut graph = Graph::new();
        parse_into(&mut graph, name, turtle)?;
        Shapes::from_graph(&graph, name)
    }

    /// How many shapes (node and property shapes) there are.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// Whether there is no shape.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    fn from_graph(graph: &Graph, name: &str) -> Result<Shapes> {
        let mut reader = ShapeReader {
            graph,
            name,
            shapes: Shapes::default(),
        };
        let mut roots: Vec<Term> = Vec::new();
        for class in [sh::NODE_SHAPE, sh::PROPERTY_SHAPE] {
            roots.extend(
                graph
                    .subjects_for_predicate_object(rdf::TYPE, class)
                    .map(|s| Term::from(s.into_owned())),
            );
        }
        for target in [
            sh::TARGET_CLASS,
            sh::TARGET_NODE,
            sh::TARGET_SUBJECTS_OF,
            sh::TARGET_OBJECTS_OF,
        ] {
            roots.extend(
                graph
                    .triples_for_predicate(target)
                    .map(|t| Term::from(t.subject.into_owned())),
            );
        }
        roots.sort_by_key(|t| t.to_string());
        roots.dedup();
        for root in roots {
            reader.shape(&root)?;
        }
        Ok(reader.shapes)
    }

    /// Validates the default graph of `data` against every shape that has a target.
    ///
    /// The data is an in-memory [`Dataset`], not an oxigraph `Store`: the store keeps derived
    /// integer types (`xsd:nonNegativeInteger`, …) as `xsd:integer`, which `sh:datatype`
    /// would then refuse.
    pub fn validate(&self, data: &Dataset) -> Result<Report> {
        let mut engine = Engine {
            shapes: self,
            data,
            conforms: HashMap::new(),
        };
        let mut results = Vec::new();
        for (i, shape) in self.shapes.iter().enumerate() {
            if shape.targets.is_empty() || shape.deactivated {
                continue;
            }
            let focus = target_pattern(&shape.targets);
            engine.validate_shape(i, &focus, &mut results, 0)?;
        }
        results.sort();
        results.dedup();
        Ok(Report { results })
    }
}

fn parse_into(graph: &mut Graph, name: &str, bytes: &[u8]) -> Result<()> {
    for triple in RdfParser::from_format(RdfFormat::Turtle)
        .rename_blank_nodes()
        .for_slice(bytes)
    {
        let quad = triple.map_err(|e| Error::Query {
            name: name.to_owned(),
            message: format!("not valid Turtle: {e}"),
        })?;
        graph.insert(TripleRef::new(
            quad.subject.as_ref(),
            quad.predicate.as_ref(),
            quad.object.as_ref(),
        ));
    }
    Ok(())
}

/// Reads shapes out of a parsed shapes graph.
struct ShapeReader<'a> {
    graph: &'a Graph,
    name: &'a str,
    shapes: Shapes,
}

impl ShapeReader<'_> {
    fn fail(&self, shape: &Term, message: impl std::fmt::Display) -> Error {
        Error::Query {
            name: self.name.to_owned(),
            message: format!("shape {}: {message}", shorten_term(shape)),
        }
    }

    fn objects(&self, subject: &Term, predicate: NamedNodeRef<'_>) -> Vec<Term> {
        let Some(subject) = as_subject(subject) else {
            return Vec::new();
        };
        let mut objects: Vec<Term> = self
            .graph
            .objects_for_subject_predicate(subject, predicate)
            .map(TermRef::into_owned)
            .collect();
        objects.sort_by_key(|t| t.to_string());
        objects
    }

    fn object(&self, subject: &Term, predicate: NamedNodeRef<'_>) -> Option<Term> {
        self.objects(subject, predicate).into_iter().next()
    }

    fn iri(&self, shape: &Term, term: &Term, what: &str) -> Result<NamedNode> {
        match term {
            Term::NamedNode(n) => Ok(n.clone()),
            other => Err(self.fail(shape, format!("{what} must be an IRI, not {other}"))),
        }
    }

    fn integer(&self, shape: &Term, term: &Term, what: &str) -> Result<u64> {
        match term {
            Term::Literal(l) => l
                .value()
                .parse()
                .map_err(|_| self.fail(shape, format!("{what} must be a non-negative integer"))),
            other => Err(self.fail(shape, format!("{what} must be an integer, not {other}"))),
        }
    }

    /// The members of the RDF list starting at `head`.
    fn list(&self, shape: &Term, head: &Term) -> Result<Vec<Term>> {
        let mut items = Vec::new();
        let mut node = head.clone();
        while node != Term::from(rdf::NIL.into_owned()) {
            let first = self.object(&node, rdf::FIRST);
            let rest = self.object(&node, rdf::REST);
            match (first, rest) {
                (Some(first), Some(rest)) if items.len() < 10_000 => {
                    items.push(first);
                    node = rest;
                }
                _ => return Err(self.fail(shape, format!("{head} is not a well-formed RDF list"))),
            }
        }
        Ok(items)
    }

    fn path(&self, shape: &Term, node: &Term) -> Result<PathExpr> {
        if let Term::NamedNode(n) = node {
            if *n != rdf::NIL {
                return Ok(PathExpr::Predicate(n.clone()));
            }
        }
        if self.object(node, rdf::FIRST).is_some() {
            let parts = self
                .list(shape, node)?
                .iter()
                .map(|p| self.path(shape, p))
                .collect::<Result<Vec<_>>>()?;
            return Ok(PathExpr::Sequence(parts));
        }
        let one = |p: NamedNodeRef<'_>| self.object(node, p);
        if let Some(p) = one(sh::INVERSE_PATH) {
            return Ok(PathExpr::Inverse(Box::new(self.path(shape, &p)?)));
        }
        if let Some(list) = one(sh::ALTERNATIVE_PATH) {
            let parts = self
                .list(shape, &list)?
                .iter()
                .map(|p| self.path(shape, p))
                .collect::<Result<Vec<_>>>()?;
            return Ok(PathExpr::Alternative(parts));
        }
        if let Some(p) = one(sh::ZERO_OR_MORE_PATH) {
            return Ok(PathExpr::ZeroOrMore(Box::new(self.path(shape, &p)?)));
        }
        if let Some(p) = one(sh::ONE_OR_MORE_PATH) {
            return Ok(PathExpr::OneOrMore(Box::new(self.path(shape, &p)?)));
        }
        if let Some(p) = one(sh::ZERO_OR_ONE_PATH) {
            return Ok(PathExpr::ZeroOrOne(Box::new(self.path(shape, &p)?)));
        }
        Err(self.fail(shape, format!("{node} is not a SHACL property path")))
    }

    /// Reads the shape `id` (and the shapes it refers to) once; returns its index.
    fn shape(&mut self, id: &Term) -> Result<usize> {
        if let Some(&i) = self.shapes.index.get(id) {
            return Ok(i);
        }
        let index = self.shapes.shapes.len();
        self.shapes.index.insert(id.clone(), index);
        self.shapes.shapes.push(Shape {
            id: id.clone(),
            path: None,
            targets: Vec::new(),
            constraints: Vec::new(),
            severity: Severity::Violation,
            message: None,
            deactivated: false,
        });

        let Some(subject) = as_subject(id) else {
            return Err(self.fail(id, "a shape must be an IRI or a blank node"));
        };
        let mut predicates: Vec<NamedNode> = self
            .graph
            .triples_for_subject(subject)
            .map(|t| t.predicate.into_owned())
            .collect();
        predicates.sort();
        predicates.dedup();
        for p in &predicates {
            if let Some(local) = p.as_str().strip_prefix(sh::NS) {
                if UNSUPPORTED.contains(&local) {
                    return Err(self.fail(
                        id,
                        format!("resgraph's SHACL engine does not implement sh:{local}"),
                    ));
                }
            }
        }

        let path = match self.object(id, sh::PATH) {
            Some(p) => Some(self.path(id, &p)?),
            None => None,
        };
        let mut targets = Vec::new();
        for t in self.objects(id, sh::TARGET_CLASS) {
            targets.push(Target::Class(self.iri(id, &t, "sh:targetClass")?));
        }
        for t in self.objects(id, sh::TARGET_NODE) {
            targets.push(Target::Node(t));
        }
        for t in self.objects(id, sh::TARGET_SUBJECTS_OF) {
            targets.push(Target::SubjectsOf(self.iri(
                id,
                &t,
                "sh:targetSubjectsOf",
            )?));
        }
        for t in self.objects(id, sh::TARGET_OBJECTS_OF) {
            targets.push(Target::ObjectsOf(self.iri(id, &t, "sh:targetObjectsOf")?));
        }

        let mut constraints = Vec::new();
        for t in self.objects(id, sh::CLASS) {
            constraints.push(Constraint::Class(self.iri(id, &t, "sh:class")?));
        }
        for t in self.objects(id, sh::DATATYPE) {
            constraints.push(Constraint::Datatype(self.iri(id, &t, "sh:datatype")?));
        }
        for t in self.objects(id, sh::NODE_KIND) {
            constraints.push(Constraint::NodeKind(self.iri(id, &t, "sh:nodeKind")?));
        }
        for t in self.objects(id, sh::MIN_COUNT) {
            constraints.push(Constraint::MinCount(self.integer(id, &t, "sh:minCount")?));
        }
        for t in self.objects(id, sh::MAX_COUNT) {
            constraints.push(Constraint::MaxCount(self.integer(id, &t, "sh:maxCount")?));
        }
        for t in self.objects(id, sh::MIN_LENGTH) {
            constraints.push(Constraint::MinLength(self.integer(
                id,
                &t,
                "sh:minLength",
            )?));
        }
        for t in self.objects(id, sh::MAX_LENGTH) {
            constraints.push(Constraint::MaxLength(self.integer(
                id,
                &t,
                "sh:maxLength",
            )?));
        }
        let flags = match self.object(id, sh::FLAGS) {
            Some(Term::Literal(l)) => l.value().to_owned(),
            _ => String::new(),
        };
        for t in self.objects(id, sh::PATTERN) {
            match t {
                Term::Literal(l) => {
                    constraints.push(Constraint::Pattern(l.value().to_owned(), flags.clone()))
                }
                other => {
                    return Err(self.fail(id, format!("sh:pattern must be a string, not {other}")))
                }
            }
        }
        for t in self.objects(id, sh::LANGUAGE_IN) {
            let tags = self
                .list(id, &t)?
                .into_iter()
                .map(|tag| match tag {
                    Term::Literal(l) => Ok(l.value().to_owned()),
                    other => {
                        Err(self.fail(id, format!("sh:languageIn holds {other}, not a string")))
                    }
                })
                .collect::<Result<Vec<_>>>()?;
            constraints.push(Constraint::LanguageIn(tags));
        }
        if let Some(Term::Literal(l)) = self.object(id, sh::UNIQUE_LANG) {
            if l.value() == "true" {
                constraints.push(Constraint::UniqueLang);
            }
        }
        for t in self.objects(id, sh::IN) {
            let values = self.list(id, &t)?;
            constraints.push(Constraint::In(values));
        }
        for t in self.objects(id, sh::HAS_VALUE) {
            constraints.push(Constraint::HasValue(t));
        }
        for t in self.objects(id, sh::NODE) {
            constraints.push(Constraint::Node(self.shape(&t)?));
        }
        for t in self.objects(id, sh::PROPERTY) {
            constraints.push(Constraint::Property(self.shape(&t)?));
        }
        for (predicate, make) in [
            (sh::OR, Constraint::Or as fn(Vec<usize>) -> Constraint),
            (sh::AND, Constraint::And),
            (sh::XONE, Constraint::Xone),
        ] {
            for t in self.objects(id, predicate) {
                let members = self
                    .list(id, &t)?
                    .iter()
                    .map(|m| self.shape(m))
                    .collect::<Result<Vec<_>>>()?;
                constraints.push(make(members));
            }
        }
        for t in self.objects(id, sh::NOT) {
            constraints.push(Constraint::Not(self.shape(&t)?));
        }
        if let Some(Term::Literal(l)) = self.object(id, sh::CLOSED) {
            if l.value() == "true" {
                let mut allowed = Vec::new();
                for p in self.objects(id, sh::PROPERTY) {
                    if let Some(Term::NamedNode(n)) = self.object(&p, sh::PATH) {
                        allowed.push(n);
                    }
                }
                for list in self.objects(id, sh::IGNORED_PROPERTIES) {
                    for p in self.list(id, &list)? {
                        allowed.push(self.iri(id, &p, "sh:ignoredProperties")?);
                    }
                }
                constraints.push(Constraint::Closed(allowed));
            }
        }

        let severity = match self.object(id, sh::SEVERITY) {
            Some(Term::NamedNode(n)) => Severity::from_iri(n.as_ref()),
            _ => Severity::Violation,
        };
        let messages: Vec<Literal> = self
            .objects(id, sh::MESSAGE)
            .into_iter()
            .filter_map(|t| match t {
                Term::Literal(l) => Some(l),
                _ => None,
            })
            .collect();
        let message = messages
            .iter()
            .find(|l| l.language() == Some("en"))
            .or_else(|| messages.first())
            .map(|l| l.value().to_owned());
        let deactivated = matches!(
            self.object(id, sh::DEACTIVATED),
            Some(Term::Literal(l)) if l.value() == "true"
        );
        let shape = &mut self.shapes.shapes[index];
        shape.path = path;
        shape.targets = targets;
        shape.constraints = constraints;
        shape.severity = severity;
        shape.message = message;
        shape.deactivated = deactivated;
        Ok(index)
    }
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNodeRef<'_>> {
    match term {
        Term::NamedNode(n) => Some(n.as_ref().into()),
        Term::BlankNode(b) => Some(b.as_ref().into()),
        _ => None,
    }
}

/// A graph pattern binding `?this` to each target node of `targets`, once.
fn target_pattern(targets: &[Target]) -> String {
    let parts: Vec<String> = targets
        .iter()
        .map(|t| match t {
            Target::Class(c) => format!("?this {}/{}* {c} .", rdf::TYPE, rdfs::SUB_CLASS_OF),
            Target::Node(n) => format!("VALUES ?this {{ {n} }}"),
            Target::SubjectsOf(p) => format!("?this {p} ?targetObject ."),
            Target::ObjectsOf(p) => format!("?targetSubject {p} ?this ."),
        })
        .collect();
    format!(
        "{{ SELECT DISTINCT ?this WHERE {{ {{ {} }} }} }}",
        parts.join(" } UNION { ")
    )
}

/// Evaluates shapes over one store.
struct Engine<'a> {
    shapes: &'a Shapes,
    data: &'a Dataset,
    conforms: HashMap<(Term, usize), bool>,
}

/// Nesting deeper than this (through `sh:node` and the like) is taken as a cycle.
const MAX_DEPTH: usize = 32;

impl Engine<'_> {
    fn select(&self, shape: &Shape, sparql: &str) -> Result<Vec<Vec<Option<Term>>>> {
        let fail = |message: String| Error::Query {
            name: format!("SHACL query for shape {}", shorten_term(&shape.id)),
            message,
        };
        let results = SparqlEvaluator::new()
            .parse_query(sparql)
            .map_err(|e| fail(format!("{e} in {sparql}")))?
            .on_queryable_dataset(self.data)
            .execute()
            .map_err(|e| fail(e.to_string()))?;
        let QueryResults::Solutions(solutions) = results else {
            unreachable!("SHACL queries are SELECT queries")
        };
        let variables = solutions.variables().to_vec();
        let mut rows = Vec::new();
        for solution in solutions {
            let solution = solution.map_err(|e| fail(e.to_string()))?;
            rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
        }
        Ok(rows)
    }

    /// Adds to `results` what shape `index` finds wrong with the focus nodes bound by `focus`.
    fn validate_shape(
        &mut self,
        index: usize,
        focus: &str,
        results: &mut Vec<ValidationResult>,
        depth: usize,
    ) -> Result<()> {
        let shapes = self.shapes;
        let shape = &shapes.shapes[index];
        if shape.deactivated {
            return Ok(());
        }
        if depth > MAX_DEPTH {
            return Err(Error::Query {
                name: format!("shape {}", shorten_term(&shape.id)),
                message: "shapes refer to each other in a cycle".into(),
            });
        }
        let path = shape.path.as_ref().map(|p| p.sparql(false));
        let values = match &path {
            Some(p) => format!("?this {p} ?value ."),
            None => "BIND(?this AS ?value)".to_owned(),
        };
        let violating = |filter: String| {
            format!("SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} FILTER({filter}) }}")
        };
        for constraint in &shape.constraints {
            let mut found: Vec<(Term, Option<Term>)> = Vec::new();
            let mut pairs = |engine: &Self, sparql: String| -> Result<()> {
                for row in engine.select(shape, &sparql)? {
                    let mut row = row.into_iter();
                    if let Some(Some(this)) = row.next() {
                        found.push((this, row.next().flatten()));
                    }
                }
                Ok(())
            };
            match constraint {
                Constraint::Class(c) => pairs(
                    self,
                    violating(format!(
                        "NOT EXISTS {{ ?value {}/{}* {c} }}",
                        rdf::TYPE,
                        rdfs::SUB_CLASS_OF
                    )),
                )?,
                Constraint::Datatype(d) => {
                    // The datatype is compared on the terms themselves: SPARQL's datatype()
                    // gives xsd:integer for every derived integer type.
                    let castable = [
                        xsd::DATE,
                        xsd::DATE_TIME,
                        xsd::INTEGER,
                        xsd::DECIMAL,
                        xsd::BOOLEAN,
                        xsd::DOUBLE,
                        xsd::FLOAT,
                    ]
                    .contains(&d.as_ref());
                    // An ill-formed literal of the datatype does not conform either.
                    let well_formed = if castable {
                        format!("COALESCE(isLiteral({d}(STR(?value))), false)")
                    } else {
                        "true".to_owned()
                    };
                    for row in self.select(
                        shape,
                        &format!(
                            "SELECT DISTINCT ?this ?value ?ok WHERE {{ {focus} {values} \
                             BIND({well_formed} AS ?ok) }}"
                        ),
                    )? {
                        let [Some(this), Some(value), ok] = &row[..] else {
                            continue;
                        };
                        let fits = matches!(value, Term::Literal(l) if l.datatype() == d.as_ref())
                            && matches!(ok, Some(Term::Literal(b)) if b.value() == "true");
                        if !fits {
                            found.push((this.clone(), Some(value.clone())));
                        }
                    }
                }
                Constraint::NodeKind(kind) => {
                    let k = kind.as_ref();
                    let ok = if k == sh::IRI {
                        "isIRI(?value)"
                    } else if k == sh::BLANK_NODE {
                        "isBlank(?value)"
                    } else if k == sh::LITERAL {
                        "isLiteral(?value)"
                    } else if k == sh::BLANK_NODE_OR_IRI {
                        "(isBlank(?value) || isIRI(?value))"
                    } else if k == sh::BLANK_NODE_OR_LITERAL {
                        "(isBlank(?value) || isLiteral(?value))"
                    } else if k == sh::IRI_OR_LITERAL {
                        "(isIRI(?value) || isLiteral(?value))"
                    } else {
                        return Err(Error::Query {
                            name: format!("shape {}", shorten_term(&shape.id)),
                            message: format!("{kind} is not a SHACL node kind"),
                        });
                    };
                    pairs(self, violating(format!("!{ok}")))?
                }
                Constraint::MinCount(n) => {
                    let optional = match &path {
                        Some(p) => format!("OPTIONAL {{ ?this {p} ?value }}"),
                        None => "BIND(?this AS ?value)".to_owned(),
                    };
                    pairs(
                        self,
                        format!(
                            "SELECT ?this WHERE {{ {focus} {optional} }} GROUP BY ?this \
                             HAVING(COUNT(DISTINCT ?value) < {n})"
                        ),
                    )?
                }
                Constraint::MaxCount(n) => pairs(
                    self,
                    format!(
                        "SELECT ?this WHERE {{ {focus} {values} }} GROUP BY ?this \
                         HAVING(COUNT(DISTINCT ?value) > {n})"
                    ),
                )?,
                Constraint::MinLength(n) => pairs(
                    self,
                    violating(format!("isBlank(?value) || STRLEN(STR(?value)) < {n}")),
                )?,
                Constraint::MaxLength(n) => pairs(
                    self,
                    violating(format!("isBlank(?value) || STRLEN(STR(?value)) > {n}")),
                )?,
                Constraint::Pattern(pattern, flags) => {
                    let pattern = Literal::new_simple_literal(pattern);
                    let flags = Literal::new_simple_literal(flags);
                    pairs(
                        self,
                        violating(format!(
                            "isBlank(?value) || !REGEX(STR(?value), {pattern}, {flags})"
                        )),
                    )?
                }
                Constraint::LanguageIn(tags) => {
                    let any: Vec<String> = tags
                        .iter()
                        .map(|t| {
                            format!(
                                "langMatches(lang(?value), {})",
                                Literal::new_simple_literal(t)
                            )
                        })
                        .collect();
                    let any = if any.is_empty() {
                        "false".to_owned()
                    } else {
                        any.join(" || ")
                    };
                    pairs(self, violating(format!("!isLiteral(?value) || !({any})")))?
                }
                Constraint::UniqueLang => pairs(
                    self,
                    format!(
                        "SELECT DISTINCT ?this WHERE {{ {focus} {values} \
                         FILTER(isLiteral(?value) && lang(?value) != \"\") }} \
                         GROUP BY ?this (lang(?value) AS ?language) HAVING(COUNT(DISTINCT ?value) > 1)"
                    ),
                )?,
                Constraint::In(allowed) => {
                    let filter = if allowed.is_empty() {
                        "true".to_owned()
                    } else {
                        let any: Vec<String> = allowed
                            .iter()
                            .map(|t| sparql_term(shape, t).map(|t| format!("sameTerm(?value, {t})")))
                            .collect::<Result<_>>()?;
                        format!("!({})", any.join(" || "))
                    };
                    pairs(self, violating(filter))?
                }
                Constraint::HasValue(v) => {
                    let v = sparql_term(shape, v)?;
                    let present = match &path {
                        Some(p) => format!("?this {p} {v}"),
                        None => format!("FILTER(sameTerm(?this, {v}))"),
                    };
                    pairs(
                        self,
                        format!("SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ {present} }} }}"),
                    )?
                }
                Constraint::Closed(allowed) => {
                    let mut filter = String::from("true");
                    for p in allowed {
                        filter.push_str(&format!(" && ?predicate != {p}"));
                    }
                    for row in self.select(
                        shape,
                        &format!(
                            "SELECT DISTINCT ?this ?value ?predicate WHERE {{ {focus} \
                             ?this ?predicate ?value FILTER({filter}) }}"
                        ),
                    )? {
                        if let [Some(this), value, _] = &row[..] {
                            found.push((this.clone(), value.clone()));
                        }
                    }
                }
                Constraint::Property(p) => {
                    self.validate_shape(*p, focus, results, depth + 1)?;
                }
                Constraint::Node(_)
                | Constraint::Or(_)
                | Constraint::And(_)
                | Constraint::Not(_)
                | Constraint::Xone(_) => {
                    for row in self.select(
                        shape,
                        &format!("SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} }}"),
                    )? {
                        let (Some(this), Some(value)) = (&row[0], &row[1]) else {
                            continue;
                        };
                        let mut check = |s: usize| self.conforms_to(value, s, depth + 1);
                        let ok = match constraint {
                            Constraint::Node(s) => check(*s)?,
                            Constraint::Not(s) => !check(*s)?,
                            Constraint::Or(members) => {
                                let mut any = false;
                                for s in members {
                                    if check(*s)? {
                                        any = true;
                                        break;
                                    }
                                }
                                any
                            }
                            Constraint::And(members) => {
                                let mut all = true;
                                for s in members {
                                    if !check(*s)? {
                                        all = false;
                                        break;
                                    }
                                }
                                all
                            }
                            Constraint::Xone(members) => {
                                let mut n = 0;
                                for s in members {
                                    if check(*s)? {
                                        n += 1;
                                    }
                                }
                                n == 1
                            }
                            _ => unreachable!("matched above"),
                        };
                        if !ok {
                            found.push((this.clone(), Some(value.clone())));
                        }
                    }
                }
            }
            let counted = matches!(
                constraint,
                Constraint::MinCount(_)
                    | Constraint::MaxCount(_)
                    | Constraint::UniqueLang
                    | Constraint::HasValue(_)
            );
            for (this, value) in found {
                results.push(ValidationResult {
                    severity: shape.severity,
                    focus: this.to_string(),
                    path: shape.path.as_ref().map(|p| p.sparql(true)),
                    value: if counted {
                        None
                    } else {
                        value.map(|v| v.to_string())
                    },
                    component: constraint.component().to_owned(),
                    shape: shorten_term(&shape.id),
                    message: shape
                        .message
                        .clone()
                        .unwrap_or_else(|| default_message(constraint, shapes)),
                });
            }
        }
        Ok(())
    }

    /// Whether `node` conforms to shape `index` (has no validation result of any severity).
    fn conforms_to(&mut self, node: &Term, index: usize, depth: usize) -> Result<bool> {
        let key = (node.clone(), index);
        if let Some(&known) = self.conforms.get(&key) {
            return Ok(known);
        }
        let focus = format!(
            "VALUES ?this {{ {} }}",
            sparql_term(&self.shapes.shapes[index], node)?
        );
        let mut results = Vec::new();
        self.validate_shape(index, &focus, &mut results, depth)?;
        let conforms = results.is_empty();
        self.conforms.insert(key, conforms);
        Ok(conforms)
    }
}

/// A term in SPARQL syntax; blank nodes cannot be named in a query.
fn sparql_term(shape: &Shape, term: &Term) -> Result<String> {
    match term {
        Term::BlankNode(_) => Err(Error::Query {
            name: format!("shape {}", shorten_term(&shape.id)),
            message: "resgraph's SHACL engine cannot check nested shapes or sh:in/sh:hasValue \
                      on blank nodes (resgraph's graphs have none)"
                .into(),
        }),
        other => Ok(other.to_string()),
    }
}

/// What a constraint asks, when its shape gives no `sh:message`.
fn default_message(constraint: &Constraint, shapes: &Shapes) -> String {
    let name = |i: &usize| shorten_term(&shapes.shapes[*i].id);
    let names = |v: &[usize]| v.iter().map(name).collect::<Vec<_>>().join(", ");
    match constraint {
        Constraint::Class(c) => format!("the value is not an instance of {}", shorten(c.as_ref())),
        Constraint::Datatype(d) => format!(
            "the value is not a well-formed {} literal",
            shorten(d.as_ref())
        ),
        Constraint::NodeKind(k) => format!("the value is not of node kind {}", shorten(k.as_ref())),
        Constraint::MinCount(n) => format!("fewer than {n} values"),
        Constraint::MaxCount(n) => format!("more than {n} values"),
        Constraint::MinLength(n) => format!("the value is shorter than {n} characters"),
        Constraint::MaxLength(n) => format!("the value is longer than {n} characters"),
        Constraint::Pattern(p, _) => format!("the value does not match {p:?}"),
        Constraint::LanguageIn(tags) => {
            format!("the language tag is not one of {}", tags.join(", "))
        }
        Constraint::UniqueLang => "two values have the same language tag".to_owned(),
        Constraint::In(v) => format!(
            "the value is not one of {}",
            v.iter().map(shorten_term).collect::<Vec<_>>().join(", ")
        ),
        Constraint::HasValue(v) => format!("the value {} is missing", shorten_term(v)),
        Constraint::Node(s) => format!("the value does not conform to {}", name(s)),
        Constraint::Property(s) => format!("see {}", name(s)),
        Constraint::Or(v) => format!("the value conforms to none of {}", names(v)),
        Constraint::And(v) => format!("the value does not conform to all of {}", names(v)),
        Constraint::Not(s) => format!("the value conforms to {}", name(s)),
        Constraint::Xone(v) => format!("the value does not conform to exactly one of {}", names(v)),
        Constraint::Closed(_) => "a property outside the shape's closed set".to_owned(),
    }
}

/// An IRI shortened with resgraph's prefixes (`eli:date_document`), or `<iri>`.
fn shorten(iri: NamedNodeRef<'_>) -> String {
    PREFIXES
        .iter()
        .find_map(|(prefix, ns)| {
            iri.as_str()
                .strip_prefix(ns)
                .filter(|local| {
                    !local.is_empty()
                        && local
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
                })
                .map(|local| format!("{prefix}:{local}"))
        })
        .unwrap_or_else(|| iri.to_string())
}

fn shorten_term(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => shorten(n.as_ref()),
        Term::BlankNode(_) => "a blank node".to_owned(),
        other => other.to_string(),
    }
}

/// Reads RDF files (format by extension) into quads, for a store to validate.
pub fn load_rdf_files(paths: &[impl AsRef<Path>]) -> Result<Vec<Quad>> {
    let mut quads = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let format = RdfFormat::from_extension(extension).ok_or_else(|| {
            Error::invalid(
                path,
                "",
                "not an RDF file (use .ttl, .nt, .nq, .trig, .rdf or .jsonld)",
            )
        })?;
        let bytes = std::fs::read(path).map_err(Error::io(path))?;
        for quad in RdfParser::from_format(format).for_slice(&bytes) {
            quads.push(quad.map_err(|e| Error::invalid(path, "", e.to_string()))?);
        }
    }
    Ok(quads)
}
