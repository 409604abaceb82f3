//! The frozen graph `build` answers from (`graph::frozen`) answers every kind of pattern as
//! oxigraph's store does: each combination of bound subject, predicate, object and graph, the
//! default graph and named ones, terms the graph lacks, and quads given twice.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;
use resgraph::graph::frozen::FrozenGraph;
use resgraph::graph::store::{Answer, GraphStore, SparqlGraph};

/// A default graph and two named graphs that share a triple, with blank nodes, literals of
/// several kinds, and one quad given twice.
const QUADS: &str = r#"
<http://e/a> <http://e/p> <http://e/b> .
<http://e/a> <http://e/p> "x" .
<http://e/a> <http://e/q> "x"@en .
<http://e/b> <http://e/p> <http://e/a> .
_:n <http://e/q> "2016-12-20"^^<http://www.w3.org/2001/XMLSchema#date> .
<http://e/b> <http://e/q> _:n .
<http://e/a> <http://e/p> <http://e/b> <http://e/g1> .
<http://e/c> <http://e/p> "y" <http://e/g1> .
<http://e/c> <http://e/p> "y" <http://e/g1> .
<http://e/a> <http://e/p> <http://e/b> <http://e/g2> .
_:m <http://e/r> <http://e/g1> <http://e/g2> .
"#;

/// Queries over every shape of pattern, each with its rows in one order.
const QUERIES: [&str; 16] = [
    "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
    "SELECT * WHERE { <http://e/a> ?p ?o } ORDER BY ?p ?o",
    "SELECT * WHERE { ?s <http://e/p> ?o } ORDER BY ?s ?o",
    "SELECT * WHERE { ?s ?p <http://e/b> } ORDER BY ?s ?p",
    "SELECT * WHERE { <http://e/a> <http://e/p> ?o } ORDER BY ?o",
    "SELECT * WHERE { <http://e/a> ?p <http://e/b> } ORDER BY ?p",
    "SELECT * WHERE { ?s <http://e/p> \"x\" } ORDER BY ?s",
    "ASK { <http://e/a> <http://e/p> <http://e/b> }",
    "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o",
    "SELECT * WHERE { GRAPH <http://e/g1> { ?s ?p ?o } } ORDER BY ?s ?p ?o",
    "SELECT * WHERE { GRAPH ?g { <http://e/a> ?p ?o } } ORDER BY ?g ?p ?o",
    "SELECT ?g WHERE { GRAPH ?g { } } ORDER BY ?g",
    "SELECT * WHERE { ?s <http://e/missing> ?o }",
    "SELECT * WHERE { BIND(<http://e/a> AS ?s) ?s <http://e/p> ?o } ORDER BY ?o",
    "SELECT * WHERE { BIND(\"made\" AS ?o) OPTIONAL { ?s ?p ?o } }",
    "SELECT ?x WHERE { ?s <http://e/q> ?d FILTER(?d > \"2016-01-01\"^^xsd:date) BIND(STR(?d) AS ?x) }",
];

fn quads() -> Vec<Quad> {
    RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(QUADS.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn every_pattern_is_answered_as_oxigraphs_store_answers_it() {
    let store = GraphStore::load(&quads()).unwrap();
    let frozen = FrozenGraph::from_quads(quads()).unwrap();
    // The quad given twice is kept once: 10 distinct quads.
    assert_eq!((store.len().unwrap(), frozen.len()), (10, 10));
    for sparql in QUERIES {
        let expected = store.query(sparql, sparql).unwrap();
        assert_eq!(frozen.query(sparql, sparql).unwrap(), expected, "{sparql}");
    }
}

#[test]
fn a_pattern_gives_its_exact_rows() {
    let frozen = FrozenGraph::from_quads(quads()).unwrap();
    let rows = |sparql: &str| match frozen.query("q", sparql).unwrap() {
        Answer::Solutions { rows, .. } => rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|t| t.map_or("-".into(), |t| t.to_string()))
            })
            .map(|row| row.collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        rows("SELECT ?g ?s ?o WHERE { GRAPH ?g { ?s <http://e/p> ?o } } ORDER BY ?g ?s ?o"),
        [
            "<http://e/g1> <http://e/a> <http://e/b>",
            "<http://e/g1> <http://e/c> \"y\"",
            "<http://e/g2> <http://e/a> <http://e/b>",
        ]
    );
    assert_eq!(
        rows("SELECT ?s ?o WHERE { ?s <http://e/p> ?o } ORDER BY ?s ?o"),
        [
            "<http://e/a> <http://e/b>",
            "<http://e/a> \"x\"",
            "<http://e/b> <http://e/a>",
        ]
    );
    assert_eq!(
        rows("SELECT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"),
        ["<http://e/g1>", "<http://e/g2>"]
    );
}
