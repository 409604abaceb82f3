//! Stage 4c: the ontology's documentation, one HTML page (`ontology.html`) written from the
//! ontology files themselves, like pyLODE or Widoco output.
//!
//! oxigraph reads every `*.ttl` of the ontology folder (the ontology and its SHACL shapes). The
//! page gives the ontology's title, description and version, a table of contents, and for each
//! class and property of the ontology's namespace (anchored by its local name: `#Resolution`):
//! its label, IRI, comment, domain, range, super- and sub-terms, the mappings of the SSSOM table,
//! the SHACL shapes that constrain it and, for a class, an example instance from the built
//! graph, serialized by [`crate::publish::export`]. The page is a maud template in the layout of
//! [`crate::publish::html`], so every text is HTML-escaped; everything is sorted, and nothing
//! depends on the clock, so the same inputs give the same bytes.

use crate::error::{Error, Result};
use crate::ingest::mappings::MappingSet;
use crate::ingest::rdf::parse_rdf_texts;
use crate::publish::export::{sort_block, write_quads, Format};
use crate::publish::html::layout;
use crate::shipped::Text;
use crate::vocab::{curie, dcterms, owl, rdf, rdfs, sh, PREFIXES};
use maud::{html, Markup, PreEscaped};
use oxigraph::model::{
    Graph, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad,
    QuadRef, TermRef,
};
use oxigraph::store::Store;
use std::collections::{BTreeSet, HashMap};

/// The file name of the page `build` and `docs` write.
pub const DOCS_FILE: &str = "ontology.html";

/// Writes the documentation page of the ontology in `files` (Turtle, shipped or read from
/// disk: see [`crate::shipped::ontology_for`]), with the mappings of `mappings` and, for each
/// class, the statements about its instance in `examples`.
pub fn document(files: &[Text], mappings: &[MappingSet], examples: &Examples) -> Result<String> {
    let mut ontology = Graph::new();
    for quad in parse_rdf_texts(files)? {
        ontology.insert(quad.as_ref());
    }
    let page = Page {
        ontology: &ontology,
        files,
        mappings,
        examples,
    };
    page.render().ok_or_else(|| {
        let names: Vec<String> = files.iter().map(|t| t.path.display().to_string()).collect();
        Error::invalid(
            names.join(", "),
            "",
            "no owl:Ontology is declared in these .ttl files",
        )
    })
}

/// The inputs of the page.
struct Page<'a> {
    ontology: &'a Graph,
    files: &'a [Text],
    mappings: &'a [MappingSet],
    examples: &'a Examples,
}

/// The example instance of each class, with the statements of the default graph about it: the
/// first, by IRI (named nodes before blank nodes), of the subjects typed with it in the default
/// graph.
///
/// `build` notes them as it loads the quads ([`Examples::note`]), so that its store need not
/// hold them; the others read them from the store ([`Examples::of`]), one pass over its
/// `rdf:type` statements. Both give the same examples for the same graph.
///
/// ```
/// use oxigraph::model::{vocab::rdf, GraphName, Literal, NamedNode, NamedNodeRef, Quad};
/// use resgraph::publish::docs::Examples;
///
/// let class = NamedNode::new("https://example.org/Act").unwrap();
/// let iri = |iri: &str| NamedNode::new(iri).unwrap();
/// let typed = |s: &str, graph: GraphName| Quad::new(iri(s), rdf::TYPE, class.clone(), graph);
/// let title = Quad::new(
///     iri("https://example.org/a"),
///     iri("http://purl.org/dc/terms/title"),
///     Literal::new_simple_literal("A"),
///     GraphName::DefaultGraph,
/// );
/// let mut examples = Examples::default();
/// // In two batches, the statements about `a` before its type.
/// examples.note(&[typed("https://example.org/b", GraphName::DefaultGraph)]);
/// examples.note(&[
///     title.clone(),
///     typed("https://example.org/a", GraphName::DefaultGraph),
///     typed("https://example.org/0", iri("https://example.org/g").into()),
/// ]);
/// let first = examples.of_class(class.as_ref()).unwrap();
/// assert_eq!(first.to_string(), "<https://example.org/a>");
/// let about = examples.statements_of(class.as_ref()).unwrap();
/// assert_eq!(about, [title, typed("https://example.org/a", GraphName::DefaultGraph)]);
/// assert!(examples.of_class(NamedNodeRef::new("https://example.org/Law").unwrap()).is_none());
/// ```
///
/// Within a batch the statements about a subject may come in any order, but no statement about
/// it may come in an earlier batch than the one that types it: `build` hands each record's
/// statements on in one batch, and the first statements about a shared resource (a concept, a
/// source) with its type.
#[derive(Debug, Default)]
pub struct Examples {
    /// By the class's IRI.
    first: HashMap<String, NamedOrBlankNode>,
    /// The statements about each example, in the order noted.
    about: HashMap<NamedOrBlankNode, Vec<Quad>>,
}

impl Examples {
    /// The examples of the default graph of `store`, with their statements.
    pub fn of(store: &Store) -> Examples {
        let default = Some(GraphNameRef::DefaultGraph);
        let mut examples = Examples::default();
        for quad in store
            .quads_for_pattern(None, Some(rdf::TYPE), None, default)
            .flatten()
        {
            examples.see(quad.as_ref());
        }
        examples.about = examples
            .first
            .values()
            .map(|subject| {
                let about = store
                    .quads_for_pattern(Some(subject.as_ref()), None, None, default)
                    .flatten()
                    .collect();
                (subject.clone(), about)
            })
            .collect();
        examples
    }

    /// Notes a batch of `quads` (of any graph): the subjects they type may be examples, and
    /// the statements about the examples are kept.
    pub fn note(&mut self, quads: &[Quad]) {
        for quad in quads {
            self.see(quad.as_ref());
        }
        let first = &self.first;
        self.about
            .retain(|subject, _| first.values().any(|example| example == subject));
        for example in self.first.values() {
            self.about.entry(example.clone()).or_default();
        }
        for quad in quads {
            if quad.graph_name.is_default_graph() {
                if let Some(about) = self.about.get_mut(&quad.subject) {
                    about.push(quad.clone());
                }
            }
        }
    }

    /// The statements about the example of `class`, if it has instances.
    pub fn statements_of(&self, class: NamedNodeRef<'_>) -> Option<&[Quad]> {
        let example = self.first.get(class.as_str())?;
        self.about.get(example).map(Vec::as_slice)
    }

    /// Notes `quad`: if it types its subject in the default graph, the subject may be its
    /// class's example.
    fn see(&mut self, quad: QuadRef<'_>) {
        let (TermRef::NamedNode(class), true) = (quad.object, quad.graph_name.is_default_graph())
        else {
            return;
        };
        if quad.predicate != rdf::TYPE {
            return;
        }
        match self.first.get_mut(class.as_str()) {
            Some(first) => {
                if order(quad.subject).lt(order(first.as_ref())) {
                    *first = quad.subject.into_owned();
                }
            }
            None => {
                self.first
                    .insert(class.as_str().to_owned(), quad.subject.into_owned());
            }
        }
    }

    /// The example of `class`, if it has instances.
    pub fn of_class(&self, class: NamedNodeRef<'_>) -> Option<NamedOrBlankNodeRef<'_>> {
        self.first.get(class.as_str()).map(NamedOrBlankNode::as_ref)
    }
}

/// The kinds of term the page documents, in page order: (type, section id, heading).
const KINDS: [(NamedNodeRef<'static>, &str, &str); 3] = [
    (owl::CLASS, "section-classes", "Classes"),
    (
        owl::OBJECT_PROPERTY,
        "section-object-properties",
        "Object properties",
    ),
    (
        owl::DATATYPE_PROPERTY,
        "section-datatype-properties",
        "Datatype properties",
    ),
];

impl Page<'_> {
    /// The page, or `None` when no owl:Ontology is declared.
    fn render(&self) -> Option<String> {
        let ontology = self.subjects_of_type(owl::ONTOLOGY).into_iter().next()?;
        let namespace = ontology.as_str().to_owned();
        let title = self
            .text(&ontology, dcterms::TITLE)
            .unwrap_or_else(|| namespace.clone());
        let sections: Vec<(&str, &str, NamedNodeRef<'_>, Vec<NamedNode>)> = KINDS
            .iter()
            .map(|(kind, id, heading)| {
                let terms = self
                    .subjects_of_type(*kind)
                    .into_iter()
                    .filter(|t| t.as_str().len() > namespace.len())
                    .filter(|t| t.as_str().starts_with(&namespace))
                    .collect();
                (*id, *heading, *kind, terms)
            })
            .collect();
        let sources = self
            .files
            .iter()
            .map(|f| &f.path)
            .chain(self.mappings.iter().map(|m| &m.path))
            .map(|path| html! { code { (path.display()) } });
        let see_also = self.links(&ontology, rdfs::SEE_ALSO, &namespace);
        let page = html! {
            h1 { (title) }
            table.fields {
                (row("IRI", html! { code { (namespace) } }))
                @if let Some(version) = self.text(&ontology, owl::VERSION_INFO) {
                    (row("Version", html! { (version) }))
                }
                @if let Some(description) = self.text(&ontology, dcterms::DESCRIPTION) {
                    (row("Description", html! { (description) }))
                }
                @if !see_also.is_empty() {
                    (row("See also", join(see_also)))
                }
                (row("Generated from", join(sources)))
            }
            nav #contents {
                h2 { "Contents" }
                ul {
                    @for (id, heading, _, terms) in &sections {
                        li {
                            a href={ "#" (id) } { (heading) }
                            ul {
                                @for term in terms {
                                    @let local = &term.as_str()[namespace.len()..];
                                    li { a href={ "#" (local) } { (local) } }
                                }
                            }
                        }
                    }
                    li { a href="#section-namespaces" { "Namespaces" } }
                }
            }
            @for (id, heading, kind, terms) in &sections {
                section #(id) {
                    h2 { (heading) }
                    @for term in terms {
                        (self.term(term, *kind, &namespace))
                    }
                }
            }
        };
        // The namespaces whose prefix the page above abbreviates with.
        let used: Vec<(&str, &str)> = PREFIXES
            .iter()
            .filter(|(prefix, _)| page.0.contains(&format!("<code>{prefix}:")))
            .copied()
            .collect();
        let body = html! {
            (page)
            section #section-namespaces {
                h2 { "Namespaces" }
                table.fields {
                    @for (prefix, ns) in used {
                        (row(prefix, html! { code { (ns) } }))
                    }
                }
            }
        };
        Some(layout(&title, body).into_string())
    }

    /// One term's section.
    fn term(&self, term: &NamedNode, kind: NamedNodeRef<'_>, namespace: &str) -> Markup {
        let local = &term.as_str()[namespace.len()..];
        let label = self.text(term, rdfs::LABEL).unwrap_or_else(|| local.into());
        let is_class = kind == owl::CLASS;
        let (sub, equivalent) = if is_class {
            (rdfs::SUB_CLASS_OF, owl::EQUIVALENT_CLASS)
        } else {
            (rdfs::SUB_PROPERTY_OF, owl::EQUIVALENT_PROPERTY)
        };
        // Each field: its name and its links, shown when there is any.
        let mut fields: Vec<(&str, Vec<Markup>)> = Vec::new();
        if !is_class {
            fields.push(("Domain", self.links(term, rdfs::DOMAIN, namespace)));
            fields.push(("Range", self.links(term, rdfs::RANGE, namespace)));
        }
        let (supers, subs) = if is_class {
            ("Super-classes", "Sub-classes")
        } else {
            ("Super-properties", "Sub-properties")
        };
        fields.push((supers, self.links(term, sub, namespace)));
        fields.push(("Equivalent to", self.links(term, equivalent, namespace)));
        fields.push((subs, self.linked_from(term, sub, namespace)));
        if is_class {
            fields.push((
                "In the domain of",
                self.linked_from(term, rdfs::DOMAIN, namespace),
            ));
            fields.push((
                "In the range of",
                self.linked_from(term, rdfs::RANGE, namespace),
            ));
        }
        let mappings: Vec<Markup> = self
            .mappings
            .iter()
            .flat_map(|set| {
                set.mappings
                    .iter()
                    .filter(|m| &m.subject == term)
                    .map(move |m| {
                        html! {
                            (link(m.predicate.as_ref(), namespace)) " "
                            (link(m.object.as_ref(), namespace)) " "
                            small { "(" (set.path.display()) ", line " (m.line) ")" }
                        }
                    })
            })
            .collect();
        let constraints = self.constraints(term, is_class);
        let example = is_class.then(|| self.example(term)).flatten();
        html! {
            section.term #(local) {
                h3 { (label) }
                table.fields {
                    (row("IRI", html! { code { (term.as_str()) } }))
                    @if let Some(comment) = self.text(term, rdfs::COMMENT) {
                        (row("Comment", html! { (comment) }))
                    }
                    @for (name, links) in fields {
                        @if !links.is_empty() {
                            (row(name, join(links)))
                        }
                    }
                    @if !mappings.is_empty() {
                        (row("Mappings (SSSOM)", lines(mappings)))
                    }
                    @if !constraints.is_empty() {
                        (row("SHACL constraints", lines(constraints)))
                    }
                }
                @if let Some(example) = example {
                    h4 { "Example" }
                    pre { (example.trim_end()) }
                }
            }
        }
    }

    /// The messages of the SHACL shapes that target the class, or whose path is the property.
    fn constraints(&self, term: &NamedNode, is_class: bool) -> Vec<Markup> {
        let mut shapes: BTreeSet<(String, String)> = BTreeSet::new();
        let mut add = |shape: NamedOrBlankNodeRef<'_>| {
            let name = match shape {
                NamedOrBlankNodeRef::NamedNode(n) => curie(n.as_str()),
                NamedOrBlankNodeRef::BlankNode(_) => String::from("a shape"),
            };
            let message = self
                .ontology
                .objects_for_subject_predicate(shape, sh::MESSAGE)
                .find_map(|o| match o {
                    TermRef::Literal(l) => Some(l.value().to_owned()),
                    _ => None,
                })
                .unwrap_or_default();
            shapes.insert((name, message));
        };
        if is_class {
            for shape in self
                .ontology
                .subjects_for_predicate_object(sh::TARGET_CLASS, term)
            {
                add(shape);
                for property in self
                    .ontology
                    .objects_for_subject_predicate(shape, sh::PROPERTY)
                {
                    if let Some(p) = term_subject(property) {
                        add(p);
                    }
                }
            }
        } else {
            for shape in self.ontology.subjects_for_predicate_object(sh::PATH, term) {
                add(shape);
            }
        }
        shapes
            .into_iter()
            .map(|(name, message)| html! { code { (name) } " " (message) })
            .collect()
    }

    /// The statements about the class's example instance, as Turtle.
    fn example(&self, class: &NamedNode) -> Option<String> {
        // In the exports' order, whichever order they were noted in.
        let mut about = self.examples.statements_of(class.as_ref())?.to_vec();
        sort_block(&mut about);
        let mut bytes = Vec::new();
        write_quads(&about, Format::Ttl, &mut bytes).ok()?;
        String::from_utf8(bytes).ok()
    }

    /// The named subjects typed `class`, sorted by IRI.
    fn subjects_of_type(&self, class: NamedNodeRef<'_>) -> Vec<NamedNode> {
        let set: BTreeSet<String> = self
            .ontology
            .subjects_for_predicate_object(rdf::TYPE, class)
            .filter_map(named_subject)
            .map(|n| n.as_str().to_owned())
            .collect();
        set.into_iter().map(NamedNode::new_unchecked).collect()
    }

    /// A text of the subject: the English one, else the first by value.
    fn text(&self, subject: &NamedNode, predicate: NamedNodeRef<'_>) -> Option<String> {
        let mut texts: Vec<(bool, String)> = self
            .ontology
            .objects_for_subject_predicate(subject, predicate)
            .filter_map(|o| match o {
                TermRef::Literal(l) => Some((l.language() != Some("en"), l.value().to_owned())),
                _ => None,
            })
            .collect();
        texts.sort();
        texts.into_iter().next().map(|(_, t)| t)
    }

    /// The IRIs the subject points to by `predicate`, as links, sorted.
    fn links(
        &self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        namespace: &str,
    ) -> Vec<Markup> {
        sorted(
            self.ontology
                .objects_for_subject_predicate(subject, predicate)
                .filter_map(|o| match o {
                    TermRef::NamedNode(n) => Some(link(n, namespace)),
                    _ => None,
                }),
        )
    }

    /// The named subjects that point to `object` by `predicate`, as links, sorted.
    fn linked_from(
        &self,
        object: &NamedNode,
        predicate: NamedNodeRef<'_>,
        namespace: &str,
    ) -> Vec<Markup> {
        sorted(
            self.ontology
                .subjects_for_predicate_object(predicate, object)
                .filter_map(named_subject)
                .map(|s| link(s, namespace)),
        )
    }
}

/// A subject's N-Triples form as bytes (`<iri>` or `_:id`), to sort by without writing it out:
/// one instance of a class per record is a million at a million records.
fn order(subject: NamedOrBlankNodeRef<'_>) -> impl Iterator<Item = u8> + '_ {
    let (open, text, close): (&[u8], &str, &[u8]) = match subject {
        NamedOrBlankNodeRef::NamedNode(n) => (b"<", n.as_str(), b">"),
        NamedOrBlankNodeRef::BlankNode(b) => (b"_:", b.as_str(), b""),
    };
    open.iter()
        .copied()
        .chain(text.bytes())
        .chain(close.iter().copied())
}

fn named_subject(s: NamedOrBlankNodeRef<'_>) -> Option<NamedNodeRef<'_>> {
    match s {
        NamedOrBlankNodeRef::NamedNode(n) => Some(n),
        NamedOrBlankNodeRef::BlankNode(_) => None,
    }
}

fn term_subject(t: TermRef<'_>) -> Option<NamedOrBlankNodeRef<'_>> {
    match t {
        TermRef::NamedNode(n) => Some(n.into()),
        TermRef::BlankNode(b) => Some(b.into()),
        _ => None,
    }
}

/// A table row: a heading cell and a value cell.
fn row(name: &str, value: Markup) -> Markup {
    html! { tr { th { (name) } td { (value) } } }
}

/// Pieces of markup, sorted by their HTML and without repeats.
fn sorted(items: impl Iterator<Item = Markup>) -> Vec<Markup> {
    let set: BTreeSet<String> = items.map(Markup::into_string).collect();
    set.into_iter().map(PreEscaped).collect()
}

/// Pieces of markup, separated by commas.
fn join(items: impl IntoIterator<Item = Markup>) -> Markup {
    html! {
        @for (i, item) in items.into_iter().enumerate() {
            @if i > 0 { ", " }
            (item)
        }
    }
}

/// Pieces of markup, one a line.
fn lines(items: Vec<Markup>) -> Markup {
    html! {
        @for (i, item) in items.into_iter().enumerate() {
            @if i > 0 { br; }
            (item)
        }
    }
}

/// An IRI as a link: to its anchor on this page if it is in `namespace`, else to itself.
fn link(iri: NamedNodeRef<'_>, namespace: &str) -> Markup {
    let target = match iri.as_str().strip_prefix(namespace) {
        Some(local) if !local.is_empty() => format!("#{local}"),
        _ => iri.as_str().to_owned(),
    };
    html! { a href=(target) { code { (curie(iri.as_str())) } } }
}
