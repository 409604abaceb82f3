//! Reading a shapes graph into [`Shapes`]: targets, paths and constraints, each checked, and a
//! constraint component this engine does not implement refused by name.

use super::report::{shorten, shorten_term, Severity};
use crate::error::{Error, Result};
use crate::shipped::Text;
use crate::vocab::{rdf, rdfs, sh};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    Graph, Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef, TripleRef,
};
use std::collections::HashMap;
use std::path::Path;

/// A SHACL property path.
#[derive(Debug, Clone)]
pub(super) enum PathExpr {
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
    pub(super) fn sparql(&self, short: bool) -> String {
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
pub(super) enum Target {
    Class(NamedNode),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

/// One constraint (a constraint component with its parameters).
#[derive(Debug, Clone)]
pub(super) enum Constraint {
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
    pub(super) fn component(&self) -> &'static str {
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
pub(super) struct Shape {
    pub(super) id: Term,
    pub(super) path: Option<PathExpr>,
    pub(super) targets: Vec<Target>,
    pub(super) constraints: Vec<Constraint>,
    pub(super) severity: Severity,
    pub(super) message: Option<String>,
    pub(super) deactivated: bool,
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
    pub(super) shapes: Vec<Shape>,
    pub(super) index: HashMap<Term, usize>,
}

impl Shapes {
    /// Reads shapes from Turtle files (parsed by oxigraph, blank nodes kept apart per file).
    pub fn read(paths: &[impl AsRef<Path>]) -> Result<Shapes> {
        let texts = paths
            .iter()
            .map(|path| Text::read(path.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        Shapes::from_texts(&texts)
    }

    /// Reads shapes from Turtle texts, shipped or read from disk (blank nodes kept apart per
    /// text).
    pub fn from_texts(texts: &[Text]) -> Result<Shapes> {
        let mut graph = Graph::new();
        for text in texts {
            parse_into(
                &mut graph,
                &text.path.display().to_string(),
                text.text.as_bytes(),
            )?;
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

    pub(super) fn from_graph(graph: &Graph, name: &str) -> Result<Shapes> {
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
    pub(super) fn fail(&self, shape: &Term, message: impl std::fmt::Display) -> Error {
        Error::Query {
            name: self.name.to_owned(),
            message: format!("shape {}: {message}", shorten_term(shape)),
        }
    }

    pub(super) fn objects(&self, subject: &Term, predicate: NamedNodeRef<'_>) -> Vec<Term> {
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

    pub(super) fn object(&self, subject: &Term, predicate: NamedNodeRef<'_>) -> Option<Term> {
        self.objects(subject, predicate).into_iter().next()
    }

    pub(super) fn iri(&self, shape: &Term, term: &Term, what: &str) -> Result<NamedNode> {
        match term {
            Term::NamedNode(n) => Ok(n.clone()),
            other => Err(self.fail(shape, format!("{what} must be an IRI, not {other}"))),
        }
    }

    pub(super) fn integer(&self, shape: &Term, term: &Term, what: &str) -> Result<u64> {
        match term {
            Term::Literal(l) => l
                .value()
                .parse()
                .map_err(|_| self.fail(shape, format!("{what} must be a non-negative integer"))),
            other => Err(self.fail(shape, format!("{what} must be an integer, not {other}"))),
        }
    }

    /// The members of the RDF list starting at `head`.
    pub(super) fn list(&self, shape: &Term, head: &Term) -> Result<Vec<Term>> {
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

    pub(super) fn path(&self, shape: &Term, node: &Term) -> Result<PathExpr> {
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
    pub(super) fn shape(&mut self, id: &Term) -> Result<usize> {
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
pub(super) fn target_pattern(targets: &[Target]) -> String {
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
