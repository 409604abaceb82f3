//! The ontology in `ontology/`: it parses, it declares every term of ours the data uses, every
//! ELI term it and the data use exists in ELI 1.5, and its alignments let a schema.org-only
//! consumer find our facts.

use crate::util::{repo, resgraph, scratch, shared_reference, statements};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::collections::BTreeSet;

const RG: &str = "https://w3id.org/resgraph/ontology#";
const ELI: &str = "http://data.europa.eu/eli/ontology#";

/// Every IRI in the statements (N-Triples lines) that starts with `namespace`.
fn iris_in(lines: &BTreeSet<String>, namespace: &str) -> BTreeSet<String> {
    let mut iris = BTreeSet::new();
    for line in lines {
        for part in line.split('<').skip(1) {
            let iri = part.split('>').next().unwrap();
            if iri.starts_with(namespace) {
                iris.insert(iri.to_owned());
            }
        }
    }
    iris
}

fn ontology() -> BTreeSet<String> {
    statements(&repo().join("ontology/resgraph.ttl"), RdfFormat::Turtle)
}

fn built_graph() -> BTreeSet<String> {
    let dir = scratch();
    assert_eq!(resgraph(dir.path(), &["build"]).code, 0);
    statements(&dir.path().join("out/resgraph.nt"), RdfFormat::NTriples)
}

#[test]
fn every_term_of_ours_is_declared_with_a_label_and_a_comment() {
    let ontology = ontology();
    let mut used = iris_in(&built_graph(), RG);
    used.extend(iris_in(&ontology, RG));
    used.remove(RG);
    assert!(used.len() >= 20, "{used:?}");
    for term in used {
        for property in [
            "http://www.w3.org/2000/01/rdf-schema#label",
            "http://www.w3.org/2000/01/rdf-schema#comment",
        ] {
            assert!(
                ontology
                    .iter()
                    .any(|t| t.starts_with(&format!("<{term}> <{property}> "))),
                "{term} has no {property} in ontology/resgraph.ttl"
            );
        }
    }
}

#[test]
#[ignore = "needs ../shared/reference"]
fn every_eli_term_exists_in_eli_1_5() {
    let reference = shared_reference("eli/eli-ontology-1.5.rdf");
    let bytes = std::fs::read(&reference).unwrap();
    let declared: BTreeSet<String> = RdfParser::from_format(RdfFormat::RdfXml)
        .for_slice(&bytes)
        .filter_map(|t| {
            let t = t.unwrap();
            (t.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
                .then(|| t.subject.to_string().trim_matches(['<', '>']).to_owned())
        })
        .collect();
    let mut used = iris_in(&built_graph(), ELI);
    used.extend(iris_in(&ontology(), ELI));
    assert!(used.len() >= 15, "{used:?}");
    for term in used {
        assert!(declared.contains(&term), "{term} is not in ELI 1.5");
    }
}

#[test]
fn a_schema_org_consumer_finds_our_dates_and_bodies_through_the_alignments() {
    let dir = scratch();
    assert_eq!(resgraph(dir.path(), &["build"]).code, 0);
    let store = Store::new().unwrap();
    for (file, format) in [
        (dir.path().join("out/resgraph.nt"), RdfFormat::NTriples),
        (repo().join("ontology/resgraph.ttl"), RdfFormat::Turtle),
    ] {
        store
            .load_from_slice(format, &std::fs::read(file).unwrap())
            .unwrap();
    }
    let query = "PREFIX schema: <https://schema.org/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT DISTINCT ?date WHERE {
          ?legislation a/rdfs:subClassOf* schema:Legislation .
          ?date_property (rdfs:subPropertyOf|owl:equivalentProperty)* schema:legislationDate .
          ?passed_property (rdfs:subPropertyOf|owl:equivalentProperty)* schema:legislationPassedBy .
          ?legislation ?date_property ?date ; ?passed_property ?body .
        } ORDER BY ?date";
    let QueryResults::Solutions(solutions) = SparqlEvaluator::new()
        .parse_query(query)
        .unwrap()
        .on_store(&store)
        .execute()
        .unwrap()
    else {
        panic!("a SELECT query gives solutions")
    };
    let dates: Vec<String> = solutions
        .map(|s| match s.unwrap().get("date") {
            Some(Term::Literal(l)) => l.value().to_owned(),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(dates, ["2016-12-20", "2017-11-21"]);
}
