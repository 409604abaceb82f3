//! Reading a shapes graph into [`Shapes`]: targets, paths and constraints, each checked, and a
//! constraint component this engine does not implement refused by name.

use super::report::{shorten, shorten_term, Severity};
use crate::error::{Error, Result};
use crate::ingest::rdf::file_base_iri;
use crate::shipped::Text;
use crate::vocab::{rdf, rdfs, sh};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    Graph, Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef, TripleRef,
};
use std::collections::HashMap;
use std::path::Path;

/// How deep shapes may nest (through `sh:node`, `sh:property`, `sh:and`, `sh:or`, `sh:xone`,
/// `sh:not`, `sh:qualifiedValueShape`) and property paths may nest, when the shapes are read and
/// when a focus node is checked. Deeper nesting (a cycle of shapes through the data, or a
/// hostile shapes file) is refused with an error that names this limit.
pub const MAX_SHAPE_DEPTH: usize = 64;

/// A SHACL property path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// `sh:qualifiedValueShape` with its counts: the shape, the sibling shapes a value must not
/// conform to (when `sh:qualifiedValueShapesDisjoint`), and the bound.
#[derive(Debug, Clone)]
pub(super) struct Qualified {
    pub(super) shape: usize,
    pub(super) siblings: Vec<usize>,
    pub(super) count: u64,
}

/// One constraint (a constraint component with its parameters).
#[derive(Debug, Clone)]
pub(super) enum Constraint {
    Class(NamedNode),
    Datatype(NamedNode),
    NodeKind(NamedNode),
    MinCount(u64),
    MaxCount(u64),
    MinExclusive(Term),
    MinInclusive(Term),
    MaxExclusive(Term),
    MaxInclusive(Term),
    MinLength(u64),
    MaxLength(u64),
    Pattern(regex::Regex, String),
    LanguageIn(Vec<String>),
    UniqueLang,
    Equals(NamedNode),
    Disjoint(NamedNode),
    LessThan(NamedNode),
    LessThanOrEquals(NamedNode),
    In(Vec<Term>),
    HasValue(Term),
    Node(usize),
    Property(usize),
    Or(Vec<usize>),
    And(Vec<usize>),
    Not(usize),
    Xone(Vec<usize>),
    QualifiedMinCount(Qualified),
    QualifiedMaxCount(Qualified),
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
            Constraint::MinExclusive(_) => "MinExclusiveConstraintComponent",
            Constraint::MinInclusive(_) => "MinInclusiveConstraintComponent",
            Constraint::MaxExclusive(_) => "MaxExclusiveConstraintComponent",
            Constraint::MaxInclusive(_) => "MaxInclusiveConstraintComponent",
            Constraint::MinLength(_) => "MinLengthConstraintComponent",
            Constraint::MaxLength(_) => "MaxLengthConstraintComponent",
            Constraint::Pattern(..) => "PatternConstraintComponent",
            Constraint::LanguageIn(_) => "LanguageInConstraintComponent",
            Constraint::UniqueLang => "UniqueLangConstraintComponent",
            Constraint::Equals(_) => "EqualsConstraintComponent",
            Constraint::Disjoint(_) => "DisjointConstraintComponent",
            Constraint::LessThan(_) => "LessThanConstraintComponent",
            Constraint::LessThanOrEquals(_) => "LessThanOrEqualsConstraintComponent",
            Constraint::In(_) => "InConstraintComponent",
            Constraint::HasValue(_) => "HasValueConstraintComponent",
            Constraint::Node(_) => "NodeConstraintComponent",
            Constraint::Property(_) => "PropertyConstraintComponent",
            Constraint::Or(_) => "OrConstraintComponent",
            Constraint::And(_) => "AndConstraintComponent",
            Constraint::Not(_) => "NotConstraintComponent",
            Constraint::Xone(_) => "XoneConstraintComponent",
            Constraint::QualifiedMinCount(_) => "QualifiedMinCountConstraintComponent",
            Constraint::QualifiedMaxCount(_) => "QualifiedMaxCountConstraintComponent",
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

/// SHACL parameters this engine does not implement (SHACL-SPARQL and SHACL Advanced
/// Features): a shape using one is refused.
const UNSUPPORTED: &[&str] = &["sparql", "target", "rule", "condition", "expression"];

/// A shapes graph, read into shapes and ready to validate a store.
#[derive(Debug, Clone, Default)]
pub struct Shapes {
    pub(super) shapes: Vec<Shape>,
    pub(super) index: HashMap<Term, usize>,
}

impl Shapes {
    /// Reads shapes from Turtle files (parsed by oxigraph, each with its own `file:` URL as
    /// base IRI, blank nodes kept apart per file).
    pub fn read(paths: &[impl AsRef<Path>]) -> Result<Shapes> {
        let texts = paths
            .iter()
            .map(|path| Text::read(path.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        Shapes::from_texts(&texts)
    }

    /// Reads shapes from Turtle texts, shipped or read from disk (each with its path's
    /// `file:` URL as base IRI, blank nodes kept apart per text).
    pub fn from_texts(texts: &[Text]) -> Result<Shapes> {
        let mut graph = Graph::new();
        for text in texts {
            let base = file_base_iri(&text.path)?;
            parse_into(
                &mut graph,
                &text.path.display().to_string(),
                text.text.as_bytes(),
                Some(&base),
            )?;
        }
        Shapes::read_graph(&graph, "shapes")
    }

    /// Reads shapes from one Turtle document (relative IRIs are refused); `name` labels
    /// errors.
    pub fn parse_turtle(name: &str, turtle: &[u8]) -> Result<Shapes> {
        let mut graph = Graph::new();
        parse_into(&mut graph, name, turtle, None)?;
        Shapes::read_graph(&graph, name)
    }

    /// Reads the shapes of a shapes graph already parsed; `name` labels errors. Blank node
    /// shapes keep their labels, so a report names the same blank nodes as `graph`.
    pub fn from_graph(graph: &Graph, name: &str) -> Result<Shapes> {
        Shapes::read_graph(graph, name)
    }

    /// How many shapes (node and property shapes) there are.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// Whether there is no shape.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    fn read_graph(graph: &Graph, name: &str) -> Result<Shapes> {
        let mut reader = ShapeReader {
            graph,
            name,
            shapes: Shapes::default(),
            depth: 0,
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

fn parse_into(graph: &mut Graph, name: &str, bytes: &[u8], base: Option<&str>) -> Result<()> {
    let mut parser = RdfParser::from_format(RdfFormat::Turtle).rename_blank_nodes();
    if let Some(base) = base {
        parser = parser.with_base_iri(base).map_err(|e| Error::Query {
            name: name.to_owned(),
            message: format!("{base} is not a base IRI: {e}"),
        })?;
    }
    for triple in parser.for_slice(bytes) {
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
    /// How deep the shape being read is nested, at most [`MAX_SHAPE_DEPTH`].
    depth: usize,
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

    fn too_deep(&self, shape: &Term, depth: usize) -> Result<()> {
        if depth > MAX_SHAPE_DEPTH {
            return Err(self.fail(
                shape,
                format!(
                    "shapes or property paths nest deeper than MAX_SHAPE_DEPTH ({MAX_SHAPE_DEPTH}) levels"
                ),
            ));
        }
        Ok(())
    }

    pub(super) fn path(&self, shape: &Term, node: &Term, depth: usize) -> Result<PathExpr> {
        self.too_deep(shape, depth)?;
        if let Term::NamedNode(n) = node {
            if *n != rdf::NIL {
                return Ok(PathExpr::Predicate(n.clone()));
            }
        }
        let paths = |list: &Term| -> Result<Vec<PathExpr>> {
            self.list(shape, list)?
                .iter()
                .map(|p| self.path(shape, p, depth + 1))
                .collect()
        };
        if self.object(node, rdf::FIRST).is_some() {
            let parts = paths(node)?;
            if parts.len() < 2 {
                return Err(self.fail(shape, "a sequence path has at least two members"));
            }
            return Ok(PathExpr::Sequence(parts));
        }
        let one = |p: NamedNodeRef<'_>| self.object(node, p);
        let inner = |p: Term| self.path(shape, &p, depth + 1).map(Box::new);
        if let Some(p) = one(sh::INVERSE_PATH) {
            return Ok(PathExpr::Inverse(inner(p)?));
        }
        if let Some(list) = one(sh::ALTERNATIVE_PATH) {
            return Ok(PathExpr::Alternative(paths(&list)?));
        }
        if let Some(p) = one(sh::ZERO_OR_MORE_PATH) {
            return Ok(PathExpr::ZeroOrMore(inner(p)?));
        }
        if let Some(p) = one(sh::ONE_OR_MORE_PATH) {
            return Ok(PathExpr::OneOrMore(inner(p)?));
        }
        if let Some(p) = one(sh::ZERO_OR_ONE_PATH) {
            return Ok(PathExpr::ZeroOrOne(inner(p)?));
        }
        Err(self.fail(shape, format!("{node} is not a SHACL property path")))
    }

    fn boolean(&self, id: &Term, predicate: NamedNodeRef<'_>) -> bool {
        matches!(self.object(id, predicate), Some(Term::Literal(l)) if l.value() == "true")
    }

    fn shapes_of(&mut self, list: &Term, id: &Term) -> Result<Vec<usize>> {
        self.list(id, list)?.iter().map(|m| self.shape(m)).collect()
    }

    /// Reads the shape `id` (and the shapes it refers to) once; returns its index.
    pub(super) fn shape(&mut self, id: &Term) -> Result<usize> {
        if let Some(&i) = self.shapes.index.get(id) {
            return Ok(i);
        }
        self.too_deep(id, self.depth)?;
        self.depth += 1;
        let read = self.read_shape(id);
        self.depth -= 1;
        read
    }

    fn read_shape(&mut self, id: &Term) -> Result<usize> {
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
            Some(p) => Some(self.path(id, &p, 0)?),
            None => None,
        };
        let mut targets = Vec::new();
        let is_shape = [sh::NODE_SHAPE, sh::PROPERTY_SHAPE].iter().any(|class| {
            self.graph
                .contains(TripleRef::new(subject, rdf::TYPE, *class))
        });
        if let Term::NamedNode(n) = id {
            // An implicit class target: a shape that is also an rdfs:Class.
            if is_shape
                && self
                    .graph
                    .contains(TripleRef::new(subject, rdf::TYPE, rdfs::CLASS))
            {
                targets.push(Target::Class(n.clone()));
            }
        }
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
        type Make = fn(NamedNode) -> Constraint;
        for (predicate, name, make) in [
            (sh::CLASS, "sh:class", Constraint::Class as Make),
            (sh::DATATYPE, "sh:datatype", Constraint::Datatype),
            (sh::NODE_KIND, "sh:nodeKind", Constraint::NodeKind),
            (sh::EQUALS, "sh:equals", Constraint::Equals),
            (sh::DISJOINT, "sh:disjoint", Constraint::Disjoint),
            (sh::LESS_THAN, "sh:lessThan", Constraint::LessThan),
            (
                sh::LESS_THAN_OR_EQUALS,
                "sh:lessThanOrEquals",
                Constraint::LessThanOrEquals,
            ),
        ] {
            for t in self.objects(id, predicate) {
                constraints.push(make(self.iri(id, &t, name)?));
            }
        }
        for t in self.objects(id, sh::NODE_KIND) {
            let kind = self.iri(id, &t, "sh:nodeKind")?;
            if !NODE_KINDS.contains(&kind.as_ref()) {
                return Err(self.fail(id, format!("{kind} is not a SHACL node kind")));
            }
        }
        type MakeCount = fn(u64) -> Constraint;
        for (predicate, name, make) in [
            (
                sh::MIN_COUNT,
                "sh:minCount",
                Constraint::MinCount as MakeCount,
            ),
            (sh::MAX_COUNT, "sh:maxCount", Constraint::MaxCount),
            (sh::MIN_LENGTH, "sh:minLength", Constraint::MinLength),
            (sh::MAX_LENGTH, "sh:maxLength", Constraint::MaxLength),
        ] {
            for t in self.objects(id, predicate) {
                constraints.push(make(self.integer(id, &t, name)?));
            }
        }
        type MakeBound = fn(Term) -> Constraint;
        for (predicate, make) in [
            (sh::MIN_EXCLUSIVE, Constraint::MinExclusive as MakeBound),
            (sh::MIN_INCLUSIVE, Constraint::MinInclusive),
            (sh::MAX_EXCLUSIVE, Constraint::MaxExclusive),
            (sh::MAX_INCLUSIVE, Constraint::MaxInclusive),
        ] {
            for t in self.objects(id, predicate) {
                constraints.push(make(t));
            }
        }
        let flags = match self.object(id, sh::FLAGS) {
            Some(Term::Literal(l)) => l.value().to_owned(),
            _ => String::new(),
        };
        for t in self.objects(id, sh::PATTERN) {
            match t {
                Term::Literal(l) => {
                    let regex = pattern_regex(l.value(), &flags).map_err(|e| self.fail(id, e))?;
                    constraints.push(Constraint::Pattern(regex, l.value().to_owned()))
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
        if self.boolean(id, sh::UNIQUE_LANG) {
            constraints.push(Constraint::UniqueLang);
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
                let members = self.shapes_of(&t, id)?;
                constraints.push(make(members));
            }
        }
        for t in self.objects(id, sh::NOT) {
            constraints.push(Constraint::Not(self.shape(&t)?));
        }
        self.qualified(id, &mut constraints)?;
        if self.boolean(id, sh::CLOSED) {
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
        let deactivated = self.boolean(id, sh::DEACTIVATED);
        let shape = &mut self.shapes.shapes[index];
        shape.path = path;
        shape.targets = targets;
        shape.constraints = constraints;
        shape.severity = severity;
        shape.message = message;
        shape.deactivated = deactivated;
        Ok(index)
    }

    /// `sh:qualifiedValueShape` with `sh:qualifiedMinCount` / `sh:qualifiedMaxCount`; the
    /// sibling shapes are the qualified value shapes of the other property shapes of every
    /// shape that has `id` as a property shape.
    fn qualified(&mut self, id: &Term, constraints: &mut Vec<Constraint>) -> Result<()> {
        let Some(q) = self.object(id, sh::QUALIFIED_VALUE_SHAPE) else {
            return Ok(());
        };
        let shape = self.shape(&q)?;
        let mut siblings = Vec::new();
        if self.boolean(id, sh::QUALIFIED_VALUE_SHAPES_DISJOINT) {
            let parents: Vec<Term> = self
                .graph
                .subjects_for_predicate_object(sh::PROPERTY, id)
                .map(|s| Term::from(s.into_owned()))
                .collect();
            for parent in parents {
                for sibling in self.objects(&parent, sh::PROPERTY) {
                    if sibling == *id {
                        continue;
                    }
                    for q in self.objects(&sibling, sh::QUALIFIED_VALUE_SHAPE) {
                        siblings.push(self.shape(&q)?);
                    }
                }
            }
            siblings.sort_unstable();
            siblings.dedup();
        }
        let min = self.object(id, sh::QUALIFIED_MIN_COUNT);
        let max = self.object(id, sh::QUALIFIED_MAX_COUNT);
        if min.is_none() && max.is_none() {
            return Err(self.fail(
                id,
                "sh:qualifiedValueShape needs sh:qualifiedMinCount or sh:qualifiedMaxCount",
            ));
        }
        if let Some(min) = min {
            let count = self.integer(id, &min, "sh:qualifiedMinCount")?;
            constraints.push(Constraint::QualifiedMinCount(Qualified {
                shape,
                siblings: siblings.clone(),
                count,
            }));
        }
        if let Some(max) = max {
            let count = self.integer(id, &max, "sh:qualifiedMaxCount")?;
            constraints.push(Constraint::QualifiedMaxCount(Qualified {
                shape,
                siblings,
                count,
            }));
        }
        Ok(())
    }
}

/// The node kinds `sh:nodeKind` may name.
const NODE_KINDS: [NamedNodeRef<'static>; 6] = [
    sh::IRI,
    sh::BLANK_NODE,
    sh::LITERAL,
    sh::BLANK_NODE_OR_IRI,
    sh::BLANK_NODE_OR_LITERAL,
    sh::IRI_OR_LITERAL,
];

/// The regular expression of `sh:pattern` with its `sh:flags` (XPath's `s`, `m`, `i`, `x`,
/// `q`), compiled by the regex crate.
fn pattern_regex(pattern: &str, flags: &str) -> std::result::Result<regex::Regex, String> {
    let mut builder = if flags.contains('q') {
        regex::RegexBuilder::new(&regex::escape(pattern))
    } else {
        regex::RegexBuilder::new(pattern)
    };
    for flag in flags.chars() {
        match flag {
            's' => builder.dot_matches_new_line(true),
            'm' => builder.multi_line(true),
            'i' => builder.case_insensitive(true),
            'x' => builder.ignore_whitespace(true),
            'q' => &mut builder,
            other => {
                return Err(format!(
                    "sh:flags holds {other:?}, not one of s, m, i, x, q"
                ))
            }
        };
    }
    builder
        .build()
        .map_err(|e| format!("sh:pattern {pattern:?} is not a regular expression: {e}"))
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNodeRef<'_>> {
    match term {
        Term::NamedNode(n) => Some(n.as_ref().into()),
        Term::BlankNode(b) => Some(b.as_ref().into()),
        _ => None,
    }
}
