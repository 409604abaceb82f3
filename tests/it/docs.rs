//! `resgraph docs` and the `out/ontology.html` that `build` writes: every term of the ontology
//! with its anchor, label and comment (as oxigraph reads them from the ontology), escaped, and
//! the same bytes on every run.

use crate::util::{self, repo, resgraph, scratch};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Term, TermRef};
use std::collections::BTreeMap;
use std::path::Path;

const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const OWL: &str = "http://www.w3.org/2002/07/owl#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// The classes and properties of `namespace` declared in a Turtle file, with label and comment.
fn terms(path: &Path, namespace: &str) -> BTreeMap<String, (String, String)> {
    let quads: Vec<_> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&std::fs::read(path).unwrap())
        .map(Result::unwrap)
        .collect();
    let text = |subject: &str, local: &str| -> String {
        quads
            .iter()
            .find(|q| {
                q.subject.to_string() == format!("<{subject}>")
                    && q.predicate.as_str() == format!("{RDFS}{local}")
            })
            .map(|q| match q.object.as_ref() {
                TermRef::Literal(l) => l.value().to_owned(),
                other => panic!("{other}"),
            })
            .unwrap_or_else(|| panic!("{subject} has no rdfs:{local}"))
    };
    let mut terms = BTreeMap::new();
    for q in &quads {
        let typed_as_term = q.predicate.as_str() == RDF_TYPE
            && ["Class", "ObjectProperty", "DatatypeProperty"]
                .iter()
                .any(|k| {
                    q.object
                        == Term::NamedNode(oxigraph::model::NamedNode::new_unchecked(format!(
                            "{OWL}{k}"
                        )))
                });
        let subject = q.subject.to_string();
        let subject = subject.trim_matches(['<', '>']);
        if typed_as_term && subject.starts_with(namespace) && subject != namespace {
            let local = subject[namespace.len()..].to_owned();
            terms.insert(local, (text(subject, "label"), text(subject, "comment")));
        }
    }
    terms
}

/// Text as maud escapes it: `&`, `<`, `>` and `"` (attributes are always in double quotes, so
/// `'` needs no escape).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// How often `needle` occurs in `haystack`.
fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// Opening and closing tags of every element the page uses balance, in order.
fn assert_well_formed(html: &str) {
    for tag in [
        "html", "head", "body", "header", "nav", "section", "table", "tr", "td", "th", "ul", "li",
        "pre", "h1", "h2", "h3", "h4", "a", "code", "title", "style",
    ] {
        let open = count(html, &format!("<{tag}>")) + count(html, &format!("<{tag} "));
        let close = count(html, &format!("</{tag}>"));
        assert_eq!(
            open, close,
            "<{tag}> opened {open} times, closed {close} times"
        );
    }
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest.find('>').expect("every tag is closed by >");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!')
            || ["meta", "br"]
                .iter()
                .any(|v| tag.split(' ').next() == Some(v))
        {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name),
                "</{name}> closes the wrong element"
            );
        } else {
            stack.push(tag.split(' ').next().unwrap().to_owned());
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

#[test]
fn build_documents_every_term_with_its_anchor_label_and_comment() {
    let dir = scratch();
    let run = resgraph(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(dir.path().join("out/ontology.html")).unwrap();
    let terms = terms(
        &repo().join("ontology/resgraph.ttl"),
        "https://w3id.org/resgraph/ontology#",
    );
    assert_eq!(terms.len(), 39, "{terms:?}");
    for (local, (label, comment)) in &terms {
        let section = html
            .split(&format!("<section class=\"term\" id=\"{local}\">"))
            .nth(1)
            .unwrap_or_else(|| panic!("no anchor #{local}"));
        let section = section.split("</section>").next().unwrap();
        assert!(
            section.starts_with(&format!("<h3>{}</h3>", escape(label))),
            "{local}: {section}"
        );
        assert!(
            section.contains(&format!(
                "<tr><th>Comment</th><td>{}</td></tr>",
                escape(comment)
            )),
            "{local}"
        );
        assert!(
            html.contains(&format!("<li><a href=\"#{local}\">{local}</a></li>")),
            "{local} is not in the contents"
        );
    }
    assert!(html.contains("<title>resgraph ontology</title>"));
    assert!(html.contains("<tr><th>Version</th><td>0.1.0</td></tr>"));
    assert_eq!(count(&html, "<section class=\"term\""), terms.len());
    // Alignments, mappings, constraints and the example of the main class.
    let resolution = html
        .split("id=\"Resolution\">")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(resolution.contains("<tr><th>Super-classes</th><td><a href=\"http://data.europa.eu/eli/ontology#LegalResource\"><code>eli:LegalResource</code></a>, <a href=\"https://schema.org/Legislation\"><code>schema:Legislation</code></a></td></tr>"));
    assert!(resolution.contains("<code>skos:broadMatch</code></a> <a href=\"https://schema.org/Legislation\"><code>schema:Legislation</code></a> <small>(data/mappings.sssom.tsv, line 23)</small>"));
    assert!(resolution.contains("<code>rgsh:Legislation-adopted</code> Legislation has at most one adoption date (eli:date_document): an xsd:date, or an xsd:gYearMonth or xsd:gYear when the catalogue gives only a month or a year."));
    assert!(resolution.contains("&lt;https://w3id.org/resgraph/resolution/unsc/2016/2331&gt; a eli:LegalResource , schema:Legislation , rg:Resolution ;\n\teli:date_document &quot;2016-12-20&quot;^^xsd:date ;\n\teli:id_local &quot;S/RES/2331 (2016)&quot; ;"));
    let citation = html
        .split("id=\"ParagraphCitation\">")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(citation.contains("&lt;https://w3id.org/resgraph/resolution/unsc/2016/2331/obligation/1/citation/1&gt; a rg:ParagraphCitation ;"));
    assert_well_formed(&html);
}

#[test]
fn docs_writes_the_same_page_as_build_with_the_same_bytes_every_run() {
    let dir = scratch();
    assert_eq!(resgraph(dir.path(), &["build"]).code, 0);
    let built = std::fs::read(dir.path().join("out/ontology.html")).unwrap();
    for out in ["docs1", "docs2"] {
        let run = resgraph(dir.path(), &["docs", "--out", out]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout, format!("{out}/ontology.html\n"));
        let page = std::fs::read(dir.path().join(out).join("ontology.html")).unwrap();
        assert!(
            page == built,
            "{out}/ontology.html differs from out/ontology.html"
        );
    }
}

#[test]
fn build_notes_the_same_examples_as_docs_reads_from_the_store() {
    // `build` notes each class's example as it loads the records, `docs` reads it back from
    // the store: on records whose IRIs are not in the order of their files, both pages show
    // the first instance by IRI.
    let dir = scratch();
    util::synthetic_data(dir.path(), "synthetic", 40, 7);
    let run = resgraph(
        dir.path(),
        &["build", "--data", "synthetic", "--no-validate"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let built = std::fs::read_to_string(dir.path().join("out/ontology.html")).unwrap();
    let run = resgraph(
        dir.path(),
        &["docs", "--data", "synthetic", "--out", "docs"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(dir.path().join("docs/ontology.html")).unwrap();
    assert!(
        page == built,
        "docs/ontology.html differs from out/ontology.html"
    );
    assert!(built.contains("&lt;https://w3id.org/resgraph/resolution/"));
}

#[test]
fn texts_are_escaped() {
    let dir = scratch();
    util::copy_dir(
        &repo().join("tests/fixtures/docs-ontology"),
        &dir.path().join("tiny"),
    );
    let run = resgraph(dir.path(), &["docs", "--ontology", "tiny", "--out", "o"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(dir.path().join("o/ontology.html")).unwrap();
    let terms = terms(
        &dir.path().join("tiny/tiny.ttl"),
        "https://example.org/tiny#",
    );
    assert_eq!(terms.len(), 2);
    assert!(html.contains("<title>Tiny &lt;test&gt; ontology &amp; co</title>"));
    assert!(html.contains("<tr><th>Comment</th><td>A term whose comment says a &lt; b &amp;&amp; &quot;c&quot; &gt; d, and &lt;script&gt;alert(1)&lt;/script&gt;.</td></tr>"));
    assert!(html.contains("<tr><th>Comment</th><td>Relates a &lt;Less&gt; to another.</td></tr>"));
    assert!(!html.contains("<script>"));
    assert!(html.contains("<tr><th>Domain</th><td><a href=\"#Less\"><code>https://example.org/tiny#Less</code></a></td></tr>"));
    assert_well_formed(&html);
}

#[test]
fn an_ontology_folder_without_an_ontology_is_refused() {
    let dir = scratch();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let run = resgraph(dir.path(), &["docs", "--ontology", "empty"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: empty: the ontology folder has no .ttl file\n"
    );
    assert!(!dir.path().join("out").exists());
}
