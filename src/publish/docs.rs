//! Stage 4c: the ontology's documentation, one HTML page (`ontology.html`) written from the
//! ontology files themselves, like pyLODE or Widoco output.
//!
//! oxigraph reads every `*.ttl` of the ontology folder (the ontology and its SHACL shapes). The
//! page gives the ontology's title, description and version, a table of contents, and for each
//! class and property of the ontology's namespace (anchored by its local name: `#Resolution`):
//! its label, IRI, comment, domain, range, super- and sub-terms, the mappings of the SSSOM table,
//! the SHACL shapes that constrain it and, for a class, an example instance from the built
//! graph, serialized by [`crate::publish::export`]. Every text is HTML-escaped, everything is sorted, and
//! nothing depends on the clock, so the same inputs give the same bytes.

use crate::error::{Error, Result};
use crate::ingest::mappings::MappingSet;
use crate::ingest::rdf::parse_rdf_texts;
use crate::publish::export::{write_quads, Format};
use crate::shipped::Text;
use crate::vocab::{curie, dcterms, owl, rdf, rdfs, sh, PREFIXES};
use oxigraph::model::{
    Graph, GraphName, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, Term, TermRef,
};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// The file name of the page `build` and `docs` write.
pub const DOCS_FILE: &str = "ontology.html";

/// Writes the documentation page of the ontology in `files` (Turtle, shipped or read from
/// disk: see [`crate::shipped::ontology_for`]), with the mappings of `mappings` and examples
/// taken from the default graph of `graph`.
pub fn document(files: &[Text], mappings: &[MappingSet], graph: &[Quad]) -> Result<String> {
    let mut ontology = Graph::new();
    for quad in parse_rdf_texts(files)? {
        ontology.insert(quad.as_ref());
    }
    let page = Page {
        ontology: &ontology,
        files,
        mappings,
        graph,
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
    graph: &'a [Quad],
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

const STYLE: &str = "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;\
line-height:1.4;color:#222}h1,h2,h3{color:#134}code,pre{font-family:monospace;font-size:0.9em}\
pre{background:#f4f6f8;padding:0.8em;overflow-x:auto;border:1px solid #dde}\
table{border-collapse:collapse;width:100%;margin:0.5em 0}th,td{text-align:left;vertical-align:top;\
padding:0.3em 0.6em;border-bottom:1px solid #dde}th{width:11em;color:#555;font-weight:normal}\
section.term{border-top:2px solid #134;margin-top:2em}nav ul{columns:2}";

impl Page<'_> {
    /// The page, or `None` when no owl:Ontology is declared.
    fn render(&self) -> Option<String> {
        let ontology = self.subjects_of_type(owl::ONTOLOGY).into_iter().next()?;
        let namespace = ontology.as_str().to_owned();
        let title = self
            .text(&ontology, dcterms::TITLE)
            .unwrap_or_else(|| namespace.clone());
        let mut h = String::new();
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n<table>\n",
            escape(&title),
            escape(&title)
        );
        row(
            &mut h,
            "IRI",
            &format!("<code>{}</code>", escape(&namespace)),
        );
        if let Some(version) = self.text(&ontology, owl::VERSION_INFO) {
            row(&mut h, "Version", &escape(&version));
        }
        if let Some(description) = self.text(&ontology, dcterms::DESCRIPTION) {
            row(&mut h, "Description", &escape(&description));
        }
        let see_also = self.links(&ontology, rdfs::SEE_ALSO, &namespace);
        if !see_also.is_empty() {
            row(&mut h, "See also", &see_also);
        }
        let mut sources: Vec<String> = self
            .files
            .iter()
            .map(|f| format!("<code>{}</code>", escape(&f.path.display().to_string())))
            .collect();
        sources.extend(
            self.mappings
                .iter()
                .map(|m| format!("<code>{}</code>", escape(&m.path.display().to_string()))),
        );
        row(&mut h, "Generated from", &sources.join(", "));
        h.push_str("</table>\n</header>\n");

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

        h.push_str("<nav>\n<h2>Contents</h2>\n<ul>\n");
        for (id, heading, _, terms) in &sections {
            let _ = writeln!(h, "<li><a href=\"#{id}\">{heading}</a>\n<ul>");
            for term in terms {
                let local = &term.as_str()[namespace.len()..];
                let _ = writeln!(
                    h,
                    "<li><a href=\"#{}\">{}</a></li>",
                    escape(local),
                    escape(local)
                );
            }
            h.push_str("</ul>\n</li>\n");
        }
        h.push_str("<li><a href=\"#section-namespaces\">Namespaces</a></li>\n</ul>\n</nav>\n");

        for (id, heading, kind, terms) in &sections {
            let _ = writeln!(h, "<section id=\"{id}\">\n<h2>{heading}</h2>");
            for term in terms {
                self.term(&mut h, term, *kind, &namespace);
            }
            h.push_str("</section>\n");
        }

        h.push_str("<section id=\"section-namespaces\">\n<h2>Namespaces</h2>\n<table>\n");
        for (prefix, ns) in PREFIXES {
            if h.contains(&format!("<code>{prefix}:")) {
                row(&mut h, prefix, &format!("<code>{}</code>", escape(ns)));
            }
        }
        h.push_str("</table>\n</section>\n</body>\n</html>\n");
        Some(h)
    }

    /// One term's section.
    fn term(&self, h: &mut String, term: &NamedNode, kind: NamedNodeRef<'_>, namespace: &str) {
        let local = &term.as_str()[namespace.len()..];
        let label = self.text(term, rdfs::LABEL).unwrap_or_else(|| local.into());
        let _ = write!(
            h,
            "<section class=\"term\" id=\"{}\">\n<h3>{}</h3>\n<table>\n",
            escape(local),
            escape(&label)
        );
        row(h, "IRI", &format!("<code>{}</code>", escape(term.as_str())));
        if let Some(comment) = self.text(term, rdfs::COMMENT) {
            row(h, "Comment", &escape(&comment));
        }
        let is_class = kind == owl::CLASS;
        let (sub, equivalent) = if is_class {
            (rdfs::SUB_CLASS_OF, owl::EQUIVALENT_CLASS)
        } else {
            (rdfs::SUB_PROPERTY_OF, owl::EQUIVALENT_PROPERTY)
        };
        let field = |h: &mut String, name: &str, html: String| {
            if !html.is_empty() {
                row(h, name, &html);
            }
        };
        if !is_class {
            field(h, "Domain", self.links(term, rdfs::DOMAIN, namespace));
            field(h, "Range", self.links(term, rdfs::RANGE, namespace));
        }
        let supers = if is_class {
            "Super-classes"
        } else {
            "Super-properties"
        };
        field(h, supers, self.links(term, sub, namespace));
        field(h, "Equivalent to", self.links(term, equivalent, namespace));
        let subs: BTreeSet<String> = self
            .ontology
            .subjects_for_predicate_object(sub, term)
            .filter_map(named_subject)
            .map(|s| link(s, namespace))
            .collect();
        field(
            h,
            if is_class {
                "Sub-classes"
            } else {
                "Sub-properties"
            },
            join(subs),
        );
        if is_class {
            for (name, property) in [
                ("In the domain of", rdfs::DOMAIN),
                ("In the range of", rdfs::RANGE),
            ] {
                let users: BTreeSet<String> = self
                    .ontology
                    .subjects_for_predicate_object(property, term)
                    .filter_map(named_subject)
                    .map(|s| link(s, namespace))
                    .collect();
                field(h, name, join(users));
            }
        }
        let mut mappings = Vec::new();
        for set in self.mappings {
            for m in set.mappings.iter().filter(|m| &m.subject == term) {
                mappings.push(format!(
                    "{} {} <small>({}, line {})</small>",
                    link(m.predicate.as_ref(), namespace),
                    link(m.object.as_ref(), namespace),
                    escape(&set.path.display().to_string()),
                    m.line
                ));
            }
        }
        field(h, "Mappings (SSSOM)", mappings.join("<br>\n"));
        field(h, "SHACL constraints", self.constraints(term, is_class));
        h.push_str("</table>\n");
        if is_class {
            if let Some(example) = self.example(term) {
                let _ = write!(
                    h,
                    "<h4>Example</h4>\n<pre>{}</pre>\n",
                    escape(example.trim_end())
                );
            }
        }
        h.push_str("</section>\n");
    }

    /// The messages of the SHACL shapes that target the class, or whose path is the property.
    fn constraints(&self, term: &NamedNode, is_class: bool) -> String {
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
            .map(|(name, message)| format!("<code>{}</code> {}", escape(&name), escape(&message)))
            .collect::<Vec<_>>()
            .join("<br>\n")
    }

    /// The first instance of the class (by IRI) in the built graph, as Turtle.
    fn example(&self, class: &NamedNode) -> Option<String> {
        let instance = self
            .graph
            .iter()
            .filter(|q| q.graph_name.is_default_graph())
            .filter(|q| q.predicate == rdf::TYPE && q.object == Term::from(class.clone()))
            .map(|q| q.subject.to_string())
            .min()?;
        let about: Vec<Quad> = self
            .graph
            .iter()
            .filter(|q| q.graph_name == GraphName::DefaultGraph)
            .filter(|q| q.subject.to_string() == instance)
            .cloned()
            .collect();
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
    fn links(&self, subject: &NamedNode, predicate: NamedNodeRef<'_>, namespace: &str) -> String {
        let links: BTreeSet<String> = self
            .ontology
            .objects_for_subject_predicate(subject, predicate)
            .filter_map(|o| match o {
                TermRef::NamedNode(n) => Some(link(n, namespace)),
                _ => None,
            })
            .collect();
        join(links)
    }
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

/// A table row: a heading cell (text) and a value cell (HTML).
fn row(h: &mut String, name: &str, html: &str) {
    let _ = writeln!(h, "<tr><th>{}</th><td>{html}</td></tr>", escape(name));
}

fn join(items: BTreeSet<String>) -> String {
    items.into_iter().collect::<Vec<_>>().join(", ")
}

/// An IRI as a link: to its anchor on this page if it is in `namespace`, else to itself.
fn link(iri: NamedNodeRef<'_>, namespace: &str) -> String {
    let target = match iri.as_str().strip_prefix(namespace) {
        Some(local) if !local.is_empty() => format!("#{local}"),
        _ => iri.as_str().to_owned(),
    };
    format!(
        "<a href=\"{}\"><code>{}</code></a>",
        escape(&target),
        escape(&curie(iri.as_str()))
    )
}

/// Escapes text for HTML content and attribute values.
///
/// ```
/// assert_eq!(resgraph::publish::docs::escape("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
