//! `topics` and `instruments` spell the paths `eli:is_about|dcterms:subject`,
//! `eli:passed_by|dcterms:publisher` and `eli:date_document|dcterms:issued` as a UNION whose
//! second branch drops what the first gives (docs/scale.md, "Paths as unions"). Over a work
//! that has both predicates of each pair, with one value in common, they give each row once,
//! exactly as the paths did, on oxigraph's store and on the frozen graph alike.

use crate::util::repo;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;
use resgraph::graph::frozen::FrozenGraph;
use resgraph::graph::store::{Answer, GraphStore, SparqlGraph};

/// An act with both predicates of each pair: a topic, a body and a date given by both, and a
/// second topic, body and date given by the predicate of other works alone.
const WORK: &str = r#"
@prefix rg: <https://w3id.org/resgraph/ontology#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix e: <http://e/> .

e:act a rg:Act ;
  dcterms:title "An act" ;
  eli:id_local "A 1" ;
  eli:is_about e:forced-labour ;
  dcterms:subject e:forced-labour, e:supply-chains ;
  eli:passed_by e:parliament ;
  dcterms:publisher e:parliament, e:ministry ;
  eli:date_document "2015-03-26"^^xsd:date ;
  dcterms:issued "2015-03-26"^^xsd:date, "2015"^^xsd:gYear .
e:forced-labour a rg:Topic ; skos:prefLabel "forced labour"@en .
e:supply-chains a rg:Topic ; skos:prefLabel "supply chains"@en .
e:parliament skos:prefLabel "Parliament"@en .
e:ministry skos:prefLabel "Ministry"@en .
"#;

/// The rows of the stored query `name` over `graph`, a line each, cells as N-Triples.
fn rows(graph: &dyn SparqlGraph, name: &str) -> String {
    let path = repo().join("queries").join(format!("{name}.rq"));
    let sparql = std::fs::read_to_string(&path).unwrap();
    let Answer::Solutions { rows, .. } = graph.query(name, &sparql).unwrap() else {
        panic!("{name} is a SELECT query")
    };
    let cell = |term: &Option<_>| term.as_ref().map_or("-".to_owned(), ToString::to_string);
    rows.iter()
        .map(|row| row.iter().map(cell).collect::<Vec<_>>().join(" ") + "\n")
        .collect()
}

#[test]
fn a_value_given_by_both_predicates_of_a_pair_is_one_row() {
    let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(WORK.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    let store = GraphStore::load(&quads).unwrap();
    let frozen = FrozenGraph::from_quads(quads).unwrap();
    let date = "<http://www.w3.org/2001/XMLSchema#date>";
    let year = "<http://www.w3.org/2001/XMLSchema#gYear>";
    for graph in [&store as &dyn SparqlGraph, &frozen] {
        assert_eq!(
            rows(graph, "topics"),
            "\"A 1\" \"forced labour\"@en <http://e/act>\n\
             \"A 1\" \"supply chains\"@en <http://e/act>\n"
        );
        // The four rows tie on the sort's keys (?kind ?symbol), so they come in the engine's
        // order: compared sorted. The act has no catalogue type, so ?types is unbound.
        let mut instruments: Vec<String> = rows(graph, "instruments")
            .lines()
            .map(str::to_owned)
            .collect();
        instruments.sort();
        assert_eq!(
            instruments,
            [
                format!("\"act\" \"A 1\" \"Ministry\"@en \"2015\"^^{year} \"gYear\" - - <http://e/act>"),
                format!("\"act\" \"A 1\" \"Ministry\"@en \"2015-03-26\"^^{date} \"date\" - - <http://e/act>"),
                format!("\"act\" \"A 1\" \"Parliament\"@en \"2015\"^^{year} \"gYear\" - - <http://e/act>"),
                format!("\"act\" \"A 1\" \"Parliament\"@en \"2015-03-26\"^^{date} \"date\" - - <http://e/act>"),
            ]
        );
    }
}
