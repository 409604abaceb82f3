//! The SSSOM mapping table `data/mappings.sssom.tsv`: its rows are triples of the export, each
//! one backed by an axiom of the ontology, and a bad row stops `build` with the exact place and
//! reason, leaving `out/` as it was.

use crate::util::{assert_text, repo, resgraph, scratch, snapshot, statements};
use oxigraph::io::RdfFormat;
use std::collections::BTreeSet;

const RG: &str = "https://w3id.org/resgraph/ontology#";
const ELI: &str = "http://data.europa.eu/eli/ontology#";
const SCHEMA: &str = "https://schema.org/";
const DCTERMS: &str = "http://purl.org/dc/terms/";
const BROAD_MATCH: &str = "http://www.w3.org/2004/02/skos/core#broadMatch";

/// Every mapping resgraph publishes: our term, the broader term it maps to.
const EXPECTED: [(&str, &str); 23] = [
    ("Act", "eli:LegalResource"),
    ("Act", "schema:Legislation"),
    ("Convention", "eli:LegalResource"),
    ("Convention", "schema:Legislation"),
    ("Decision", "eli:LegalResource"),
    ("Decision", "schema:Legislation"),
    ("Directive", "eli:LegalResource"),
    ("Directive", "schema:Legislation"),
    ("ExecutiveOrder", "eli:LegalResource"),
    ("ExecutiveOrder", "schema:Legislation"),
    ("Guidance", "schema:CreativeWork"),
    ("IssuingBody", "eli:Organization"),
    ("IssuingBody", "schema:Organization"),
    ("Protocol", "eli:LegalResource"),
    ("Protocol", "schema:Legislation"),
    ("Regulation", "eli:LegalResource"),
    ("Regulation", "schema:Legislation"),
    ("Resolution", "eli:LegalResource"),
    ("Resolution", "schema:Legislation"),
    ("catalogueType", "dcterms:type"),
    ("describes", "dcterms:subject"),
    ("hasObligation", "dcterms:hasPart"),
    ("namesGroup", "schema:mentions"),
];

fn expand(curie: &str) -> String {
    let (prefix, local) = curie.split_once(':').unwrap();
    let ns = match prefix {
        "eli" => ELI,
        "schema" => SCHEMA,
        "dcterms" => DCTERMS,
        other => panic!("unexpected prefix {other}"),
    };
    format!("{ns}{local}")
}

#[test]
fn every_mapping_row_is_a_triple_of_the_export() {
    let dir = scratch();
    let run = resgraph(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected: BTreeSet<String> = EXPECTED
        .iter()
        .map(|(ours, theirs)| format!("<{RG}{ours}> <{BROAD_MATCH}> <{}> .", expand(theirs)))
        .collect();
    for (file, format) in [
        ("out/resgraph.nt", RdfFormat::NTriples),
        ("out/resgraph.ttl", RdfFormat::Turtle),
        ("out/resgraph.nq", RdfFormat::NQuads),
    ] {
        let graph = statements(&dir.path().join(file), format);
        let about_our_terms: BTreeSet<String> = graph
            .into_iter()
            .filter(|t| t.starts_with(&format!("<{RG}")))
            .collect();
        assert_eq!(about_our_terms, expected, "{file}");
    }
}

#[test]
fn every_mapping_says_what_an_axiom_of_the_ontology_says() {
    let ontology = statements(&repo().join("ontology/resgraph.ttl"), RdfFormat::Turtle);
    for (ours, theirs) in EXPECTED {
        let axiom = |property: &str| {
            format!(
                "<{RG}{ours}> <http://www.w3.org/2000/01/rdf-schema#{property}> <{}> .",
                expand(theirs)
            )
        };
        assert!(
            ontology.contains(&axiom("subClassOf")) || ontology.contains(&axiom("subPropertyOf")),
            "rg:{ours} skos:broadMatch {theirs} has no axiom in ontology/resgraph.ttl"
        );
    }
}

#[test]
fn the_table_has_no_unbis_or_wikidata_identifier() {
    let table = std::fs::read_to_string(repo().join("data/mappings.sssom.tsv")).unwrap();
    for namespace in ["wikidata.org", "metadata.un.org", "unbis"] {
        let used = table
            .lines()
            .filter(|l| !l.starts_with('#'))
            .any(|l| l.to_lowercase().contains(namespace));
        assert!(!used, "an unverified {namespace} identifier");
    }
}

const ROW: &str = "rg:Resolution\tresolution\tskos:broadMatch\teli:LegalResource\tLegal Resource\tsemapv:ManualMappingCuration\tresgraph project\trg:\teli:\ta comment";

#[test]
fn a_bad_row_stops_the_build_with_its_place_and_leaves_out_untouched() {
    let cases = [
        (
            ROW.replace("eli:LegalResource", "unbis:T0001"),
            "unknown prefix \"unbis\" in unbis:T0001: declare it in the curie_map",
            "object_id: ",
            "42",
        ),
        (
            ROW.replace("skos:broadMatch", "skos:broaderMatch"),
            "unknown predicate skos:broaderMatch: use one of skos:exactMatch, skos:closeMatch, skos:broadMatch, skos:narrowMatch, skos:relatedMatch, owl:equivalentClass, owl:equivalentProperty, owl:sameAs, rdfs:subClassOf, rdfs:subPropertyOf",
            "predicate_id: ",
            "26",
        ),
        (
            ROW.replace("rg:Resolution\t", "rg:Reso<lution\t"),
            "\"https://w3id.org/resgraph/ontology#Reso<lution\" is not a valid IRI: invalid IRI: invalid fragment",
            "subject_id: ",
            "1",
        ),
        (
            ROW.replace("\ta comment", ""),
            "the row has 9 columns, the header has 10",
            "",
            "1",
        ),
    ];
    for (row, message, field, column) in cases {
        let dir = scratch();
        assert_eq!(resgraph(dir.path(), &["build"]).code, 0);
        let before = snapshot(&dir.path().join("out"));
        let table = dir.path().join("data/mappings.sssom.tsv");
        let mut text = std::fs::read_to_string(&table).unwrap();
        let line = text.lines().count() + 1;
        text.push_str(&row);
        text.push('\n');
        std::fs::write(&table, text).unwrap();
        let run = resgraph(dir.path(), &["build"]);
        assert_eq!(run.code, 1, "{row}: {}", run.stderr);
        assert_text(
            &run.stderr,
            &format!("error: data/mappings.sssom.tsv:{line}:{column}: {field}{message}\n"),
        );
        assert_eq!(run.stdout, "");
        assert!(
            snapshot(&dir.path().join("out")) == before,
            "{row}: out/ changed"
        );
    }
}
