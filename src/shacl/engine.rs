//! Evaluating [`Shapes`] natively: each focus node is checked by walking oxrdf's indexed
//! graphs (subject–predicate, predicate–object and object look-ups), never through SPARQL, so
//! the work is proportional to the focus nodes and their neighbourhoods.

use super::report::{shorten, shorten_term, Report, ValidationResult};
use super::shapes::{Constraint, PathExpr, Qualified, Shape, Shapes, Target, MAX_SHAPE_DEPTH};
use super::values::{compare, langmatches, well_formed};
use crate::error::{Error, Result};
use crate::vocab::{rdf, rdfs, sh};
use oxigraph::model::dataset::GraphView;
use oxigraph::model::{
    Dataset, GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef, TermRef, TripleRef,
};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// How many focus nodes one parallel task checks.
const CHUNK: usize = 512;

impl Shapes {
    /// Validates the default graph of `data` against every shape that has a target, on every
    /// core (rayon) over chunks of focus nodes.
    ///
    /// The data is an in-memory [`Dataset`], not an oxigraph `Store`: the store keeps derived
    /// integer types (`xsd:nonNegativeInteger`, …) as `xsd:integer`, which `sh:datatype`
    /// would then refuse.
    pub fn validate(&self, data: &Dataset) -> Result<Report> {
        let view = Data {
            graphs: [Some(data.graph(GraphNameRef::DefaultGraph)), None],
        };
        let focus = view.targets(self, &data.graph(GraphNameRef::DefaultGraph), true);
        validate_focus(self, &view, &focus)
    }

    /// The shapes with a target that are not deactivated.
    fn active(&self) -> impl Iterator<Item = (usize, &Shape)> {
        self.shapes
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.targets.is_empty() && !s.deactivated)
    }
}

/// Checks every `(shape, focus node)` pair against `data`, in parallel chunks.
fn validate_focus<'a>(
    shapes: &'a Shapes,
    data: &Data<'a>,
    focus: &[(usize, TermRef<'a>)],
) -> Result<Report> {
    let chunks: Vec<Vec<Found<'a>>> = focus
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut engine = Engine::new(shapes, data);
            let mut found = Vec::new();
            for &(shape, node) in chunk {
                engine.check(shape, node, &mut found, 0)?;
            }
            Ok(found)
        })
        .collect::<Result<_>>()?;
    let mut results: Vec<ValidationResult> = chunks
        .into_iter()
        .flatten()
        .map(|f| f.result(shapes))
        .collect();
    results.sort();
    Ok(Report { results })
}

/// Validates a graph block by block, for a build that never holds the whole graph in one
/// dataset.
///
/// The shared quads (concept schemes, mappings: what no record owns) are given once; then
/// each block (one record's quads, or a chunk of records') is checked against the shapes with
/// the shared quads beside it. A block's focus nodes are the targets its own triples give
/// (`sh:targetClass` through `rdfs:subClassOf` in the block or the shared quads,
/// `sh:targetSubjectsOf`, `sh:targetObjectsOf`); the shared quads' focus nodes and every
/// `sh:targetNode` are checked by [`Validator::validate_shared`]. Merged with
/// [`Report::merged`], the reports equal [`Shapes::validate`] on all the quads together as long
/// as every focus node's shapes only look at its own block and the shared quads (each
/// `rdf:type` a `sh:class` needs, each value a path reaches), and a node that several blocks
/// hold (a source many records cite) is described the same way in each.
///
/// ```
/// use oxigraph::model::{NamedNode, Quad, GraphName, Literal};
/// use resgraph::shacl::{Report, Shapes, Validator};
/// let shapes = Shapes::parse_turtle("shapes.ttl", br#"
///     @prefix sh: <http://www.w3.org/ns/shacl#> .
///     <https://example.org/S> a sh:NodeShape ;
///         sh:targetSubjectsOf <https://example.org/title> ;
///         sh:property [ sh:path <https://example.org/title> ; sh:maxCount 1 ] .
/// "#).unwrap();
/// let validator = Validator::new(&shapes, &[]);
/// let title = |s: &str| Quad::new(
///     NamedNode::new_unchecked("https://example.org/r"),
///     NamedNode::new_unchecked("https://example.org/title"),
///     Literal::new_simple_literal(s),
///     GraphName::DefaultGraph,
/// );
/// let shared = validator.validate_shared().unwrap();
/// let block = validator.validate_block(&[title("a"), title("b")]).unwrap();
/// let report = Report::merged([shared, block]);
/// assert_eq!(report.results[0].component, "MaxCountConstraintComponent");
/// ```
pub struct Validator<'s> {
    shapes: &'s Shapes,
    shared: Dataset,
}

impl<'s> Validator<'s> {
    /// A validator of `shapes` with the `shared` quads (only the default graph's are kept).
    pub fn new(shapes: &'s Shapes, shared: &[Quad]) -> Validator<'s> {
        Validator {
            shapes,
            shared: default_graph(shared),
        }
    }

    /// Checks the focus nodes of the shared quads and every `sh:targetNode` against the shared
    /// quads (in parallel).
    pub fn validate_shared(&self) -> Result<Report> {
        let shared = || self.shared.graph(GraphNameRef::DefaultGraph);
        let view = Data {
            graphs: [Some(shared()), None],
        };
        let focus = view.targets(self.shapes, &shared(), true);
        validate_focus(self.shapes, &view, &focus)
    }

    /// Checks the focus nodes of one block of quads (only the default graph's are read), with
    /// the shared quads beside it; on one thread, so that blocks can be checked in parallel.
    pub fn validate_block<'q>(&self, quads: impl IntoIterator<Item = &'q Quad>) -> Result<Report> {
        let block = default_graph(quads);
        let graph = block.graph(GraphNameRef::DefaultGraph);
        let view = Data {
            graphs: [
                Some(graph),
                Some(self.shared.graph(GraphNameRef::DefaultGraph)),
            ],
        };
        let focus = view.targets(self.shapes, &block.graph(GraphNameRef::DefaultGraph), false);
        let mut engine = Engine::new(self.shapes, &view);
        let mut found = Vec::new();
        for (shape, node) in focus {
            engine.check(shape, node, &mut found, 0)?;
        }
        let mut results: Vec<ValidationResult> =
            found.into_iter().map(|f| f.result(self.shapes)).collect();
        results.sort();
        Ok(Report { results })
    }
}

fn default_graph<'q>(quads: impl IntoIterator<Item = &'q Quad>) -> Dataset {
    let mut data = Dataset::new();
    for quad in quads
        .into_iter()
        .filter(|q| q.graph_name.is_default_graph())
    {
        data.insert(QuadRef::new(
            &quad.subject,
            &quad.predicate,
            &quad.object,
            GraphNameRef::DefaultGraph,
        ));
    }
    data
}

/// What a check reads: the default graph of a block, and the shared quads' beside it.
struct Data<'a> {
    graphs: [Option<GraphView<'a>>; 2],
}

fn subject(term: TermRef<'_>) -> Option<NamedOrBlankNodeRef<'_>> {
    match term {
        TermRef::NamedNode(n) => Some(n.into()),
        TermRef::BlankNode(b) => Some(b.into()),
        _ => None,
    }
}

impl<'a> Data<'a> {
    /// The objects of `s p ?o`, each once.
    fn objects(&self, s: TermRef<'_>, p: NamedNodeRef<'_>) -> Vec<TermRef<'a>> {
        let Some(s) = subject(s) else {
            return Vec::new();
        };
        let [first, second] = &self.graphs;
        let mut out: Vec<TermRef<'a>> = first
            .iter()
            .flat_map(|g| g.objects_for_subject_predicate(s, p))
            .collect();
        if let (Some(first), Some(second)) = (first, second) {
            out.extend(
                second
                    .objects_for_subject_predicate(s, p)
                    .filter(|o| !first.contains(TripleRef::new(s, p, *o))),
            );
        }
        out
    }

    /// The subjects of `?s p o`, each once.
    fn subjects(&self, p: NamedNodeRef<'_>, o: TermRef<'_>) -> Vec<TermRef<'a>> {
        let [first, second] = &self.graphs;
        let mut out: Vec<TermRef<'a>> = first
            .iter()
            .flat_map(|g| g.subjects_for_predicate_object(p, o))
            .map(TermRef::from)
            .collect();
        if let (Some(first), Some(second)) = (first, second) {
            out.extend(
                second
                    .subjects_for_predicate_object(p, o)
                    .filter(|s| !first.contains(TripleRef::new(*s, p, o)))
                    .map(TermRef::from),
            );
        }
        out
    }

    /// Every `(predicate, object)` of `s`, each once.
    fn outgoing(&self, s: TermRef<'_>) -> Vec<(NamedNodeRef<'a>, TermRef<'a>)> {
        let Some(s) = subject(s) else {
            return Vec::new();
        };
        let [first, second] = &self.graphs;
        let mut out: Vec<_> = first
            .iter()
            .flat_map(|g| g.triples_for_subject(s))
            .map(|t| (t.predicate, t.object))
            .collect();
        if let (Some(first), Some(second)) = (first, second) {
            out.extend(
                second
                    .triples_for_subject(s)
                    .filter(|t| !first.contains(*t))
                    .map(|t| (t.predicate, t.object)),
            );
        }
        out
    }

    /// `class` and its subclasses (through `rdfs:subClassOf`), each once.
    fn subclasses(&self, class: TermRef<'a>) -> Vec<TermRef<'a>> {
        let mut seen = vec![class];
        let mut i = 0;
        while i < seen.len() {
            for sub in self.subjects(rdfs::SUB_CLASS_OF, seen[i]) {
                if !seen.contains(&sub) {
                    seen.push(sub);
                }
            }
            i += 1;
        }
        seen
    }

    /// Whether `node` is an instance of `class`: typed with it or with a subclass of it.
    fn is_instance(&self, node: TermRef<'_>, class: NamedNodeRef<'_>) -> bool {
        let mut seen = self.objects(node, rdf::TYPE);
        let mut i = 0;
        while i < seen.len() {
            if seen[i] == class.into() {
                return true;
            }
            for sup in self.objects(seen[i], rdfs::SUB_CLASS_OF) {
                if !seen.contains(&sup) {
                    seen.push(sup);
                }
            }
            i += 1;
        }
        false
    }

    /// `(shape, focus node)` for the class, subjects-of and objects-of targets of every active
    /// shape, found in the triples of `own` (subclasses through all the data), and for its
    /// `sh:targetNode`s when `with_nodes`; each once.
    fn targets(
        &self,
        shapes: &'a Shapes,
        own: &GraphView<'a>,
        with_nodes: bool,
    ) -> Vec<(usize, TermRef<'a>)> {
        let mut focus = Vec::new();
        for (i, shape) in shapes.active() {
            let mut nodes: Vec<TermRef<'a>> = Vec::new();
            for target in &shape.targets {
                match target {
                    Target::Class(class) => {
                        for class in self.subclasses(class.as_ref().into()) {
                            nodes.extend(
                                own.subjects_for_predicate_object(rdf::TYPE, class)
                                    .map(TermRef::from),
                            );
                        }
                    }
                    Target::SubjectsOf(p) => nodes.extend(
                        own.triples_for_predicate(p)
                            .map(|t| TermRef::from(t.subject)),
                    ),
                    Target::ObjectsOf(p) => {
                        nodes.extend(own.triples_for_predicate(p).map(|t| t.object))
                    }
                    Target::Node(node) if with_nodes => nodes.push(node.as_ref()),
                    Target::Node(_) => {}
                }
            }
            let mut seen = HashSet::new();
            nodes.retain(|n| seen.insert(*n));
            focus.extend(nodes.into_iter().map(|n| (i, n)));
        }
        focus
    }

    /// The value nodes `path` reaches from `node` (backwards when `inverse`), each once.
    fn path(&self, path: &PathExpr, node: TermRef<'a>, inverse: bool) -> Vec<TermRef<'a>> {
        match path {
            PathExpr::Predicate(p) if inverse => self.subjects(p.as_ref(), node),
            PathExpr::Predicate(p) => self.objects(node, p.as_ref()),
            PathExpr::Inverse(p) => self.path(p, node, !inverse),
            PathExpr::Sequence(parts) => {
                let mut nodes = vec![node];
                let ordered: Vec<&PathExpr> = if inverse {
                    parts.iter().rev().collect()
                } else {
                    parts.iter().collect()
                };
                for part in ordered {
                    let mut next = Distinct::default();
                    for n in nodes {
                        next.extend(self.path(part, n, inverse));
                    }
                    nodes = next.items;
                }
                nodes
            }
            PathExpr::Alternative(parts) => {
                let mut out = Distinct::default();
                for part in parts {
                    out.extend(self.path(part, node, inverse));
                }
                out.items
            }
            PathExpr::ZeroOrOne(p) => {
                let mut out = Distinct::default();
                out.push(node);
                out.extend(self.path(p, node, inverse));
                out.items
            }
            PathExpr::ZeroOrMore(p) | PathExpr::OneOrMore(p) => {
                let mut out = Distinct::default();
                if matches!(path, PathExpr::ZeroOrMore(_)) {
                    out.push(node);
                }
                let mut frontier = vec![node];
                let mut expanded = HashSet::new();
                while let Some(n) = frontier.pop() {
                    if !expanded.insert(n) {
                        continue;
                    }
                    for next in self.path(p, n, inverse) {
                        out.push(next);
                        frontier.push(next);
                    }
                }
                out.items
            }
        }
    }
}

/// Terms in the order first seen, each once.
#[derive(Default)]
struct Distinct<'a> {
    items: Vec<TermRef<'a>>,
    seen: HashSet<TermRef<'a>>,
}

impl<'a> Distinct<'a> {
    fn push(&mut self, term: TermRef<'a>) {
        if self.seen.insert(term) {
            self.items.push(term);
        }
    }

    fn extend(&mut self, terms: impl IntoIterator<Item = TermRef<'a>>) {
        for term in terms {
            self.push(term);
        }
    }
}

/// The result path of a finding: the shape's path, or the predicate `sh:closed` found.
#[derive(Clone, Copy)]
enum FoundPath<'a> {
    Shape,
    Predicate(NamedNodeRef<'a>),
}

/// One validation result, before it is written out.
struct Found<'a> {
    shape: usize,
    constraint: usize,
    focus: TermRef<'a>,
    path: FoundPath<'a>,
    value: Option<TermRef<'a>>,
}

impl Found<'_> {
    fn result(&self, shapes: &Shapes) -> ValidationResult {
        let shape = &shapes.shapes[self.shape];
        let constraint = &shape.constraints[self.constraint];
        let path = match self.path {
            FoundPath::Shape => shape.path.clone(),
            FoundPath::Predicate(p) => Some(PathExpr::Predicate(p.into_owned())),
        };
        ValidationResult {
            severity: shape.severity.clone(),
            focus: self.focus.to_string(),
            path: path.as_ref().map(|p| p.sparql(true)),
            value: self.value.map(|v| v.to_string()),
            component: constraint.component().to_owned(),
            shape: shorten_term(&shape.id),
            message: shape
                .message
                .clone()
                .unwrap_or_else(|| default_message(constraint, shapes)),
            source_shape: shape.id.to_string(),
            result_path: path,
        }
    }
}

/// Checks focus nodes on one thread, remembering which nodes conform to which shapes.
struct Engine<'a, 'd> {
    shapes: &'a Shapes,
    data: &'d Data<'a>,
    conforms: HashMap<(TermRef<'a>, usize), bool>,
}

impl<'a, 'd> Engine<'a, 'd> {
    fn new(shapes: &'a Shapes, data: &'d Data<'a>) -> Self {
        Engine {
            shapes,
            data,
            conforms: HashMap::new(),
        }
    }

    /// Whether `node` conforms to shape `index` (has no validation result of any severity).
    fn conforms_to(&mut self, node: TermRef<'a>, index: usize, depth: usize) -> Result<bool> {
        if let Some(&known) = self.conforms.get(&(node, index)) {
            return Ok(known);
        }
        let mut found = Vec::new();
        self.check(index, node, &mut found, depth)?;
        let conforms = found.is_empty();
        self.conforms.insert((node, index), conforms);
        Ok(conforms)
    }

    /// Adds to `found` what shape `index` finds wrong with `focus`.
    fn check(
        &mut self,
        index: usize,
        focus: TermRef<'a>,
        found: &mut Vec<Found<'a>>,
        depth: usize,
    ) -> Result<()> {
        let shapes = self.shapes;
        let shape = &shapes.shapes[index];
        if depth > MAX_SHAPE_DEPTH {
            return Err(Error::Query {
                name: format!("shape {}", shorten_term(&shape.id)),
                message: format!(
                    "checking {focus} nests shapes deeper than MAX_SHAPE_DEPTH \
                     ({MAX_SHAPE_DEPTH}) levels: the shapes refer to each other in a cycle \
                     through the data"
                ),
            });
        }
        if shape.deactivated {
            return Ok(());
        }
        let data = self.data;
        let values = match &shape.path {
            Some(path) => data.path(path, focus, false),
            None => vec![focus],
        };
        for (c, constraint) in shape.constraints.iter().enumerate() {
            let report = |value: Option<TermRef<'a>>, found: &mut Vec<Found<'a>>| {
                found.push(Found {
                    shape: index,
                    constraint: c,
                    focus,
                    path: FoundPath::Shape,
                    value,
                })
            };
            // Each value node for which `ok` is false is a result.
            let each = |ok: &mut dyn FnMut(TermRef<'a>) -> bool, found: &mut Vec<Found<'a>>| {
                for v in &values {
                    if !ok(*v) {
                        report(Some(*v), found);
                    }
                }
            };
            match constraint {
                Constraint::Class(class) => {
                    each(&mut |v| data.is_instance(v, class.as_ref()), found)
                }
                Constraint::Datatype(d) => each(
                    &mut |v| matches!(v, TermRef::Literal(l) if l.datatype() == d.as_ref() && well_formed(l)),
                    found,
                ),
                Constraint::NodeKind(kind) => {
                    let k = kind.as_ref();
                    each(
                        &mut |v| {
                            let (iri, blank, literal) =
                                (v.is_named_node(), v.is_blank_node(), v.is_literal());
                            (k == sh::IRI && iri)
                                || (k == sh::BLANK_NODE && blank)
                                || (k == sh::LITERAL && literal)
                                || (k == sh::BLANK_NODE_OR_IRI && (blank || iri))
                                || (k == sh::BLANK_NODE_OR_LITERAL && (blank || literal))
                                || (k == sh::IRI_OR_LITERAL && (iri || literal))
                        },
                        found,
                    )
                }
                Constraint::MinCount(n) => {
                    if (values.len() as u64) < *n {
                        report(None, found)
                    }
                }
                Constraint::MaxCount(n) => {
                    if values.len() as u64 > *n {
                        report(None, found)
                    }
                }
                Constraint::MinExclusive(bound) => each(
                    &mut |v| compare(v, bound.as_ref()) == Some(Ordering::Greater),
                    found,
                ),
                Constraint::MinInclusive(bound) => each(
                    &mut |v| {
                        matches!(
                            compare(v, bound.as_ref()),
                            Some(Ordering::Greater | Ordering::Equal)
                        )
                    },
                    found,
                ),
                Constraint::MaxExclusive(bound) => each(
                    &mut |v| compare(v, bound.as_ref()) == Some(Ordering::Less),
                    found,
                ),
                Constraint::MaxInclusive(bound) => each(
                    &mut |v| {
                        matches!(
                            compare(v, bound.as_ref()),
                            Some(Ordering::Less | Ordering::Equal)
                        )
                    },
                    found,
                ),
                Constraint::MinLength(n) => each(
                    &mut |v| lexical(v).is_some_and(|s| s.chars().count() as u64 >= *n),
                    found,
                ),
                Constraint::MaxLength(n) => each(
                    &mut |v| lexical(v).is_some_and(|s| s.chars().count() as u64 <= *n),
                    found,
                ),
                Constraint::Pattern(regex, _) => each(
                    &mut |v| lexical(v).is_some_and(|s| regex.is_match(s)),
                    found,
                ),
                Constraint::LanguageIn(tags) => each(
                    &mut |v| match v {
                        TermRef::Literal(l) => l
                            .language()
                            .is_some_and(|lang| tags.iter().any(|t| langmatches(lang, t))),
                        _ => false,
                    },
                    found,
                ),
                Constraint::UniqueLang => {
                    let mut by_language: Vec<(String, usize)> = Vec::new();
                    for v in &values {
                        if let TermRef::Literal(l) = v {
                            if let Some(lang) = l.language() {
                                let lang = lang.to_ascii_lowercase();
                                match by_language.iter_mut().find(|(l, _)| *l == lang) {
                                    Some((_, n)) => *n += 1,
                                    None => by_language.push((lang, 1)),
                                }
                            }
                        }
                    }
                    for _ in by_language.iter().filter(|(_, n)| *n > 1) {
                        report(None, found);
                    }
                }
                Constraint::Equals(p) => {
                    let other = data.objects(focus, p.as_ref());
                    for v in values.iter().filter(|v| !other.contains(v)) {
                        report(Some(*v), found);
                    }
                    for v in other.iter().filter(|v| !values.contains(v)) {
                        report(Some(*v), found);
                    }
                }
                Constraint::Disjoint(p) => {
                    let other = data.objects(focus, p.as_ref());
                    each(&mut |v| !other.contains(&v), found)
                }
                Constraint::LessThan(p) | Constraint::LessThanOrEquals(p) => {
                    let other = data.objects(focus, p.as_ref());
                    let or_equal = matches!(constraint, Constraint::LessThanOrEquals(_));
                    for v in &values {
                        for w in &other {
                            let ok = match compare(*v, *w) {
                                Some(Ordering::Less) => true,
                                Some(Ordering::Equal) => or_equal,
                                _ => false,
                            };
                            if !ok {
                                report(Some(*v), found);
                            }
                        }
                    }
                }
                Constraint::In(allowed) => {
                    each(&mut |v| allowed.iter().any(|a| a.as_ref() == v), found)
                }
                Constraint::HasValue(wanted) => {
                    if !values.contains(&wanted.as_ref()) {
                        report(None, found)
                    }
                }
                Constraint::Property(p) => {
                    for v in &values {
                        self.check(*p, *v, found, depth + 1)?;
                    }
                }
                Constraint::Node(s) => {
                    for v in &values {
                        if !self.conforms_to(*v, *s, depth + 1)? {
                            report(Some(*v), found);
                        }
                    }
                }
                Constraint::Not(s) => {
                    for v in &values {
                        if self.conforms_to(*v, *s, depth + 1)? {
                            report(Some(*v), found);
                        }
                    }
                }
                Constraint::And(members) | Constraint::Or(members) | Constraint::Xone(members) => {
                    for v in &values {
                        let n = self.count_conforming_shapes(*v, members, depth + 1)?;
                        let ok = match constraint {
                            Constraint::And(_) => n == members.len(),
                            Constraint::Or(_) => n > 0,
                            _ => n == 1,
                        };
                        if !ok {
                            report(Some(*v), found);
                        }
                    }
                }
                Constraint::QualifiedMinCount(q) | Constraint::QualifiedMaxCount(q) => {
                    let n = self.qualified_count(&values, q, depth + 1)?;
                    let ok = match constraint {
                        Constraint::QualifiedMinCount(_) => n >= q.count,
                        _ => n <= q.count,
                    };
                    if !ok {
                        report(None, found);
                    }
                }
                Constraint::Closed(allowed) => {
                    for v in &values {
                        for (p, o) in data.outgoing(*v) {
                            if !allowed.iter().any(|a| a.as_ref() == p) {
                                found.push(Found {
                                    shape: index,
                                    constraint: c,
                                    focus: *v,
                                    path: FoundPath::Predicate(p),
                                    value: Some(o),
                                });
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// To how many of `members` `node` conforms.
    fn count_conforming_shapes(
        &mut self,
        node: TermRef<'a>,
        members: &[usize],
        depth: usize,
    ) -> Result<usize> {
        let mut n = 0;
        for s in members {
            if self.conforms_to(node, *s, depth)? {
                n += 1;
            }
        }
        Ok(n)
    }

    /// How many of `values` conform to the qualified value shape and to none of its siblings.
    fn qualified_count(
        &mut self,
        values: &[TermRef<'a>],
        q: &Qualified,
        depth: usize,
    ) -> Result<u64> {
        let mut n = 0;
        for v in values {
            if self.conforms_to(*v, q.shape, depth)?
                && self.count_conforming_shapes(*v, &q.siblings, depth)? == 0
            {
                n += 1;
            }
        }
        Ok(n)
    }
}

/// The string `sh:minLength`, `sh:maxLength` and `sh:pattern` read: an IRI's or a literal's
/// lexical form; none for a blank node.
fn lexical<'t>(term: TermRef<'t>) -> Option<&'t str> {
    match term {
        TermRef::NamedNode(n) => Some(n.as_str()),
        TermRef::Literal(l) => Some(l.value()),
        _ => None,
    }
}

/// What a constraint asks, when its shape gives no `sh:message`.
fn default_message(constraint: &Constraint, shapes: &Shapes) -> String {
    let name = |i: &usize| shorten_term(&shapes.shapes[*i].id);
    let names = |v: &[usize]| v.iter().map(name).collect::<Vec<_>>().join(", ");
    let iri = |p: &oxigraph::model::NamedNode| shorten(p.as_ref());
    match constraint {
        Constraint::Class(c) => format!("the value is not an instance of {}", iri(c)),
        Constraint::Datatype(d) => {
            format!("the value is not a well-formed {} literal", iri(d))
        }
        Constraint::NodeKind(k) => format!("the value is not of node kind {}", iri(k)),
        Constraint::MinCount(n) => format!("fewer than {n} values"),
        Constraint::MaxCount(n) => format!("more than {n} values"),
        Constraint::MinExclusive(b) => format!("the value is not greater than {b}"),
        Constraint::MinInclusive(b) => format!("the value is less than {b}"),
        Constraint::MaxExclusive(b) => format!("the value is not less than {b}"),
        Constraint::MaxInclusive(b) => format!("the value is greater than {b}"),
        Constraint::MinLength(n) => format!("the value is shorter than {n} characters"),
        Constraint::MaxLength(n) => format!("the value is longer than {n} characters"),
        Constraint::Pattern(_, p) => format!("the value does not match {p:?}"),
        Constraint::LanguageIn(tags) => {
            format!("the language tag is not one of {}", tags.join(", "))
        }
        Constraint::UniqueLang => "two values have the same language tag".to_owned(),
        Constraint::Equals(p) => format!("the values differ from those of {}", iri(p)),
        Constraint::Disjoint(p) => format!("the value is also a value of {}", iri(p)),
        Constraint::LessThan(p) => format!("the value is not less than each value of {}", iri(p)),
        Constraint::LessThanOrEquals(p) => {
            format!("the value is greater than a value of {}", iri(p))
        }
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
        Constraint::QualifiedMinCount(q) => format!(
            "fewer than {} values conform to {}",
            q.count,
            name(&q.shape)
        ),
        Constraint::QualifiedMaxCount(q) => {
            format!("more than {} values conform to {}", q.count, name(&q.shape))
        }
        Constraint::Closed(_) => "a property outside the shape's closed set".to_owned(),
    }
}
