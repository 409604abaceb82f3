//! The W3C SHACL Core test suite (data-shapes `tests/core/`), read in place from
//! `../shared/reference/shacl-test-suite/core/`: every `sht:Validate` entry of every manifest
//! that `core/manifest.ttl` includes is run through our engine, and its report must be the
//! expected one. Reports are compared as the suite says: the same `sh:conforms` and the same
//! results (focus node, path, value, source shape, constraint component, severity), messages
//! left out. Blank nodes the data and shapes name (focus nodes, values, source shapes) keep
//! their labels, since one parse reads the data, the shapes and the expected report; blank
//! result nodes and path structures are compared by canonicalizing both report graphs.

use crate::util::{diff, shared_reference};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{
    Dataset, Graph, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, QuadRef, Term,
    TermRef, Triple, TripleRef,
};
use resgraph::shacl::Shapes;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const SHT: &str = "http://www.w3.org/ns/shacl-test#";
const SH: &str = "http://www.w3.org/ns/shacl#";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

fn iri(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

/// The suite tests our engine refuses when it reads their shapes, each with its message.
const REFUSED: &[(&str, &str)] = &[];

/// A Turtle file parsed with its `file:` URL as base and its blank node labels kept.
fn parse(path: &Path) -> Graph {
    let base = url::Url::from_file_path(path).unwrap().to_string();
    let bytes = std::fs::read(path).unwrap();
    let mut graph = Graph::new();
    for triple in RdfParser::from_format(RdfFormat::Turtle)
        .with_base_iri(&base)
        .unwrap()
        .for_slice(&bytes)
    {
        let quad = triple.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        graph.insert(TripleRef::new(&quad.subject, &quad.predicate, &quad.object));
    }
    graph
}

fn object<'a>(graph: &'a Graph, subject: TermRef<'_>, predicate: &str) -> Option<TermRef<'a>> {
    let subject: NamedOrBlankNodeRef<'_> = match subject {
        TermRef::NamedNode(n) => n.into(),
        TermRef::BlankNode(b) => b.into(),
        _ => return None,
    };
    let predicate = NamedNode::new_unchecked(predicate);
    graph.object_for_subject_predicate(subject, &predicate)
}

fn list<'a>(graph: &'a Graph, mut head: TermRef<'a>) -> Vec<TermRef<'a>> {
    let mut items = Vec::new();
    while let Some(first) = object(graph, head, &format!("{RDF}first")) {
        items.push(first);
        head = object(graph, head, &format!("{RDF}rest")).unwrap();
    }
    items
}

fn file_of(term: TermRef<'_>) -> PathBuf {
    let TermRef::NamedNode(n) = term else {
        panic!("{term} is not a file IRI")
    };
    url::Url::parse(n.as_str()).unwrap().to_file_path().unwrap()
}

/// Every `sht:Validate` entry reachable from `manifest`: name, data file, shapes file and the
/// expected report (see [`report_triples`]).
fn entries(manifest: &Path, out: &mut Vec<(String, PathBuf, PathBuf, Graph)>) {
    let graph = parse(manifest);
    let this = NamedNode::new_unchecked(url::Url::from_file_path(manifest).unwrap().as_str());
    for include in graph.objects_for_subject_predicate(&this, &iri(MF, "include")) {
        entries(&file_of(include), out);
    }
    let Some(head) = object(&graph, this.as_ref().into(), &format!("{MF}entries")) else {
        return;
    };
    for entry in list(&graph, head) {
        let kind = object(&graph, entry, &format!("{RDF}type")).unwrap();
        assert_eq!(kind, iri(SHT, "Validate").as_ref().into(), "{entry}");
        let action = object(&graph, entry, &format!("{MF}action")).unwrap();
        let data = file_of(object(&graph, action, &format!("{SHT}dataGraph")).unwrap());
        let shapes = file_of(object(&graph, action, &format!("{SHT}shapesGraph")).unwrap());
        let result = object(&graph, entry, &format!("{MF}result")).unwrap();
        let core = std::fs::canonicalize(shared_reference("shacl-test-suite/core")).unwrap();
        let name = manifest
            .parent()
            .unwrap()
            .strip_prefix(&core)
            .unwrap()
            .join(
                entry
                    .to_string()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .trim_end_matches('>'),
            )
            .display()
            .to_string();
        let mut expected = Graph::new();
        report_triples(&graph, result, &mut expected);
        out.push((name, data, shapes, expected));
    }
}

/// The triples of the report at `node` in `graph`: the report, its results without their
/// messages, and the path structures; blank focus nodes, values and source shapes (the data's
/// and the shapes' own) made IRIs by label, so canonicalization keeps them apart.
fn report_triples(graph: &Graph, node: TermRef<'_>, out: &mut Graph) {
    let named = |t: TermRef<'_>| -> Term {
        match t {
            TermRef::BlankNode(b) => iri("urn:blank:", b.as_str()).into(),
            other => other.into_owned(),
        }
    };
    let subject = match node {
        TermRef::BlankNode(b) => b,
        _ => return,
    };
    for t in graph.triples_for_subject(subject) {
        let p = t.predicate.as_str();
        if p == format!("{SH}resultMessage") {
            continue;
        }
        let leaf = [
            format!("{SH}focusNode"),
            format!("{SH}value"),
            format!("{SH}sourceShape"),
        ]
        .contains(&p.to_owned());
        let object = if leaf {
            named(t.object)
        } else {
            t.object.into_owned()
        };
        out.insert(&Triple::new(
            t.subject.into_owned(),
            t.predicate.into_owned(),
            object,
        ));
        if !leaf {
            report_triples(graph, t.object, out);
        }
    }
}

/// The report graph as sorted N-Triples lines, blank nodes canonicalized.
fn canonical(mut graph: Graph) -> String {
    graph.canonicalize(CanonicalizationAlgorithm::Unstable);
    let mut lines: Vec<String> = graph.iter().map(|t| format!("{t} .")).collect();
    lines.sort();
    lines.join("\n") + "\n"
}

/// Runs one suite entry: `Ok(())` when the report is the expected one, `Err(what differs)`;
/// `Refused(message)` when our engine refuses the shapes.
enum Outcome {
    Passed,
    Failed(String),
    Refused(String),
}

fn run(data: &Path, shapes: &Path, expected: &Graph) -> Outcome {
    let data_graph = parse(data);
    let shapes = match Shapes::from_graph(&parse(shapes), &shapes.display().to_string()) {
        Ok(shapes) => shapes,
        Err(e) => return Outcome::Refused(e.to_string()),
    };
    let mut dataset = Dataset::new();
    for t in data_graph.iter() {
        dataset.insert(QuadRef::new(
            t.subject,
            t.predicate,
            t.object,
            GraphNameRef::DefaultGraph,
        ));
    }
    let report = match shapes.validate(&dataset) {
        Ok(report) => report,
        Err(e) => return Outcome::Failed(format!("validation failed: {e}")),
    };
    let ours = report.to_graph();
    let mut got = Graph::new();
    let root = ours
        .subject_for_predicate_object(
            NamedNodeRef::new_unchecked(&format!("{RDF}type")),
            NamedNodeRef::new_unchecked(&format!("{SH}ValidationReport")),
        )
        .unwrap();
    report_triples(&ours, root.into(), &mut got);
    let (want, got) = (canonical(expected.clone()), canonical(got));
    if want == got {
        Outcome::Passed
    } else {
        let mut text = Vec::new();
        report.write_text(&mut text).unwrap();
        Outcome::Failed(format!(
            "{}\nour report:\n{}",
            diff(&want, &got),
            String::from_utf8(text).unwrap()
        ))
    }
}

#[test]
#[ignore = "needs ../shared/reference (the W3C SHACL test suite in shacl-test-suite/core)"]
fn our_engine_passes_the_w3c_shacl_core_test_suite() {
    let core = std::fs::canonicalize(shared_reference("shacl-test-suite/core")).unwrap();
    let mut all = Vec::new();
    entries(&core.join("manifest.ttl"), &mut all);
    assert!(
        all.len() > 90,
        "only {} suite entries were found",
        all.len()
    );
    let mut failed = BTreeMap::new();
    let mut refused = Vec::new();
    let mut passed = 0;
    for (name, data, shapes, expected) in &all {
        match run(data, shapes, expected) {
            Outcome::Passed => passed += 1,
            Outcome::Failed(why) => {
                failed.insert(name.clone(), why);
            }
            Outcome::Refused(message) => refused.push((name.clone(), message)),
        }
    }
    for (name, why) in &failed {
        eprintln!("=== {name} (expected report, then ours: - expected, + ours)\n{why}");
    }
    eprintln!("{passed} of {} W3C SHACL Core tests pass", all.len());
    let expected_refusals: Vec<(String, String)> = REFUSED
        .iter()
        .map(|(n, m)| (n.to_string(), m.to_string()))
        .collect();
    assert_eq!(refused, expected_refusals, "the refused tests changed");
    assert!(
        failed.is_empty(),
        "{} suite tests fail: {:?}",
        failed.len(),
        failed.keys().collect::<Vec<_>>()
    );
    assert_eq!(passed + REFUSED.len(), all.len());
}
