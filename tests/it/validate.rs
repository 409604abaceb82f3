//! `resgraph validate` and the SHACL checks of `build`: our shapes on our data and on graphs
//! broken one way each, the DCAT-AP 3.0.1 shapes on `out/catalog.ttl`, each checked by our
//! engine and by pySHACL, and the VoID counts against SPARQL on the exported graph.

use crate::util::{self, assert_text, pyshacl_python, repo, resgraph, scratch, shared_reference};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use resgraph::shacl::{Report, Validator};
use std::path::{Path, PathBuf};
use std::process::Command;

const R2331: &str = "https://w3id.org/resgraph/resolution/unsc/2016/2331";
const ELI: &str = "http://data.europa.eu/eli/ontology#";
const RG: &str = "https://w3id.org/resgraph/ontology#";
/// The messages of the shapes that ask an obligation and a source graph to be about an
/// instrument: once typed neither eli:LegalResource nor schema:CreativeWork, a resolution is none.
const BELONGS: &str = "An obligation belongs to exactly one instrument (^rg:hasObligation): legislation (eli:LegalResource) or another work (schema:CreativeWork).";
const DESCRIBES: &str = "A source graph describes (rg:describes) exactly one instrument: legislation (eli:LegalResource) or another work (schema:CreativeWork).";

/// A scratch folder where `build` has run.
fn built() -> tempfile::TempDir {
    let dir = scratch();
    let run = resgraph(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

/// Writes `broken.nt`: the built graph without the lines containing any of `remove`, with
/// `replace` applied and `add` appended.
fn broken(dir: &Path, remove: &[String], replace: &[(&str, &str)], add: &[String]) -> PathBuf {
    let nt = std::fs::read_to_string(dir.join("out/resgraph.nt")).unwrap();
    let mut lines: Vec<String> = Vec::new();
    for line in nt.lines() {
        if remove.iter().any(|r| line.contains(r.as_str())) {
            continue;
        }
        let mut line = line.to_owned();
        for (from, to) in replace {
            line = line.replace(from, to);
        }
        lines.push(line);
    }
    let before = nt.lines().count();
    assert!(
        lines.len() < before || !replace.is_empty() || !add.is_empty(),
        "the edit changed nothing"
    );
    lines.extend(add.iter().cloned());
    let path = dir.join("broken.nt");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// The number of violations in a report of `resgraph validate`.
fn violations(report: &str) -> usize {
    report.matches("\nViolation (").count() + report.starts_with("Violation (") as usize
}

/// Our engine on a graph broken one way (see [`broken`]): `expected` is its whole report.
fn validate_broken(
    remove: Vec<String>,
    replace: Vec<(&str, &str)>,
    add: Vec<String>,
    expected: &str,
) {
    let dir = built();
    broken(dir.path(), &remove, &replace, &add);
    let run = resgraph(dir.path(), &["validate", "broken.nt"]);
    assert_text(&run.stdout, expected);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let violations = violations(expected);
    assert_text(
        &run.stderr,
        &format!(
            "error: the graph does not conform to ontology/shapes.ttl: {violations} violation{}\n",
            if violations == 1 { "" } else { "s" }
        ),
    );
}

/// pySHACL on the same broken graph reports the results of our engine's `expected` report.
fn pyshacl_on_broken(
    remove: Vec<String>,
    replace: Vec<(&str, &str)>,
    add: Vec<String>,
    expected: &str,
) {
    pyshacl_python();
    let dir = built();
    broken(dir.path(), &remove, &replace, &add);
    let shapes = [dir.path().join("ontology/shapes.ttl")];
    pyshacl_agrees(dir.path(), "broken.nt", &shapes, violations(expected));
}

/// A graph broken one way, given as to [`validate_broken`], and two tests named after it:
/// `our_engine`, what our engine reports, and `pyshacl_agrees`, that pySHACL, the independent
/// validator, reports the same results (it needs pySHACL, so it is ignored by default).
macro_rules! broken_graph {
    ($name:ident, $remove:expr, $replace:expr, $add:expr, $expected:expr $(,)?) => {
        mod $name {
            use super::*;

            #[test]
            fn our_engine() {
                validate_broken($remove, $replace, $add, $expected);
            }

            #[test]
            #[ignore = "needs pySHACL in target/pyshacl-venv (.ci/run installs it)"]
            fn pyshacl_agrees() {
                pyshacl_on_broken($remove, $replace, $add, $expected);
            }
        }
    };
}

mod our_data_conforms_to_our_shapes {
    use super::*;

    #[test]
    fn our_engine() {
        let dir = scratch();
        let run = resgraph(dir.path(), &["validate"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_text(
            &run.stdout,
            "Conforms: true (0 violations, 0 warnings, 0 infos)\n",
        );
    }

    #[test]
    #[ignore = "needs pySHACL in target/pyshacl-venv (.ci/run installs it)"]
    fn pyshacl_agrees() {
        pyshacl_python();
        let dir = built();
        let shapes = [dir.path().join("ontology/shapes.ttl")];
        super::pyshacl_agrees(dir.path(), "out/resgraph.ttl", &shapes, 0);
    }
}

broken_graph!(
    a_resolution_without_adoption_date,
    vec![format!("<{R2331}> <{ELI}date_document>")],
    vec![],
    vec![],
    &format!(
        "Violation (rgsh:Resolution-adopted, MinCountConstraintComponent)
  focus:   <{R2331}>
  path:    eli:date_document
  message: A resolution has its adoption date (eli:date_document): intergovernmental bodies date every resolution.
Conforms: false (1 violation, 0 warnings, 0 infos)
"
    ),
);

broken_graph!(
    a_resolution_with_two_adoption_dates,
    vec![],
    vec![],
    vec![format!(
        "<{R2331}> <{ELI}date_document> \"2016-12-21\"^^<http://www.w3.org/2001/XMLSchema#date> ."
    )],
    &format!(
        "Violation (rgsh:Legislation-adopted, MaxCountConstraintComponent)
  focus:   <{R2331}>
  path:    eli:date_document
  message: Legislation has at most one adoption date (eli:date_document): an xsd:date, or an xsd:gYearMonth or xsd:gYear when the catalogue gives only a month or a year.
Conforms: false (1 violation, 0 warnings, 0 infos)
"
    ),
);

broken_graph!(
    an_adoption_date_that_is_not_an_xsd_date,
    vec![],
    vec![(
        "\"2016-12-20\"^^<http://www.w3.org/2001/XMLSchema#date>",
        "\"20 December 2016\"",
    )],
    vec![],
    &format!(
        "Violation (rgsh:Legislation-adopted, OrConstraintComponent)
  focus:   <{R2331}>
  path:    eli:date_document
  value:   \"20 December 2016\"
  message: Legislation has at most one adoption date (eli:date_document): an xsd:date, or an xsd:gYearMonth or xsd:gYear when the catalogue gives only a month or a year.
Conforms: false (1 violation, 0 warnings, 0 infos)
"
    ),
);

broken_graph!(
    an_issuing_body_that_is_not_one,
    vec![format!("<{R2331}> <{ELI}passed_by>")],
    vec![],
    vec![format!(
        "<{R2331}> <{ELI}passed_by> <https://w3id.org/resgraph/topic/procurement> ."
    )],
    &format!(
        "Violation (rgsh:Legislation-body, ClassConstraintComponent)
  focus:   <{R2331}>
  path:    eli:passed_by
  value:   <https://w3id.org/resgraph/topic/procurement>
  message: Legislation has exactly one issuing body (eli:passed_by), an rg:IssuingBody.
Conforms: false (1 violation, 0 warnings, 0 infos)
"
    ),
);

broken_graph!(
    a_resolution_without_title,
    vec![format!("<{R2331}> <http://purl.org/dc/terms/title>")],
    vec![],
    vec![],
    &format!(
        "Violation (rgsh:Instrument-title, MinCountConstraintComponent)
  focus:   <{R2331}>
  path:    dcterms:title
  message: An instrument has a title (dcterms:title): language-tagged text, at most one per language.
Conforms: false (1 violation, 0 warnings, 0 infos)
"
    ),
);

broken_graph!(
    a_title_without_language_tag,
    vec![format!("<{R2331}> <http://purl.org/dc/terms/title>")],
    vec![],
    vec![format!(
        "<{R2331}> <http://purl.org/dc/terms/title> \"Resolution 2331 (2016)\" ."
    )],
    &format!(
        "Violation (rgsh:Instrument-title, DatatypeConstraintComponent)
  focus:   <{R2331}>
  path:    dcterms:title
  value:   \"Resolution 2331 (2016)\"
  message: An instrument has a title (dcterms:title): language-tagged text, at most one per language.
Conforms: false (1 violation, 0 warnings, 0 infos)
"
    ),
);

broken_graph!(
    a_resolution_without_availability_link,
    vec![format!(
        "<{R2331}/expression/eng/manifestation/1> <{ELI}is_exemplified_by>"
    )],
    vec![],
    vec![],
    &format!(
        "Violation (a blank node, MinCountConstraintComponent)
  focus:   <{R2331}/expression/eng/manifestation/1>
  path:    eli:is_exemplified_by
  message: A copy (eli:Manifestation) is exemplified by (eli:is_exemplified_by) an http(s) IRI.
Conforms: false (1 violation, 0 warnings, 0 infos)
"
    ),
);

broken_graph!(
    an_obligation_without_addressee,
    vec![format!("<{R2331}/obligation/1> <{RG}addressee>")],
    vec![],
    vec![],
    &format!(
        "Violation (rgsh:Obligation-addressee, MinCountConstraintComponent)
  focus:   <{R2331}/obligation/1>
  path:    rg:addressee
  message: An obligation has exactly one addressee (rg:addressee), an rg:Addressee.
Conforms: false (1 violation, 0 warnings, 0 infos)
"
    ),
);

broken_graph!(
    an_obligation_without_quote,
    vec![format!("<{R2331}/obligation/1> <{RG}quote>")],
    vec![],
    vec![],
    &format!(
        "Violation (rgsh:Obligation-quote, MinCountConstraintComponent)
  focus:   <{R2331}/obligation/1>
  path:    rg:quote
  message: An obligation has a quote (rg:quote): the source's words, language-tagged.
Conforms: false (1 violation, 0 warnings, 0 infos)
"
    ),
);

broken_graph!(
    a_citation_without_provenance,
    vec![format!(
        "<{R2331}/obligation/1/citation/1> <http://www.w3.org/ns/prov#wasDerivedFrom>"
    )],
    vec![],
    vec![],
    &format!(
        "Violation (a blank node, MinCountConstraintComponent)
  focus:   <{R2331}/obligation/1/citation/1>
  path:    prov:wasDerivedFrom
  message: A citation names the one source it was read from (prov:wasDerivedFrom).
Conforms: false (1 violation, 0 warnings, 0 infos)
"
    ),
);

broken_graph!(
    a_source_graph_that_describes_nothing,
    vec![format!("<{R2331}/source/unscr> <{RG}describes>")],
    vec![],
    vec![],
    &format!(
        "Violation (a blank node, MinCountConstraintComponent)
  focus:   <{R2331}/source/unscr>
  path:    rg:describes
  message: {DESCRIBES}
Conforms: false (1 violation, 0 warnings, 0 infos)
"
    ),
);

broken_graph!(
    a_resolution_not_typed_eli_legal_resource,
    vec![format!(
        "<{R2331}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ELI}LegalResource>"
    )],
    vec![],
    vec![],
    &format!(
        "Violation (a blank node, ClassConstraintComponent)
  focus:   <{R2331}/expression/eng>
  path:    eli:realizes
  value:   <{R2331}>
  message: A language version realizes (eli:realizes) a legal resource.
Violation (rgsh:Obligation-instrument, OrConstraintComponent)
  focus:   <{R2331}/obligation/1>
  path:    ^rg:hasObligation
  value:   <{R2331}>
  message: {BELONGS}
Violation (a blank node, OrConstraintComponent)
  focus:   <{R2331}/source/osce-compendium>
  path:    rg:describes
  value:   <{R2331}>
  message: {DESCRIBES}
Violation (a blank node, OrConstraintComponent)
  focus:   <{R2331}/source/resolution-text>
  path:    rg:describes
  value:   <{R2331}>
  message: {DESCRIBES}
Violation (a blank node, OrConstraintComponent)
  focus:   <{R2331}/source/unscr>
  path:    rg:describes
  value:   <{R2331}>
  message: {DESCRIBES}
Violation (rgsh:Legislation-types, HasValueConstraintComponent)
  focus:   <{R2331}>
  path:    rdf:type
  message: Legislation is also typed eli:LegalResource, for consumers without a reasoner.
Conforms: false (6 violations, 0 warnings, 0 infos)
"
    ),
);

broken_graph!(
    a_concept_iri_off_our_pattern,
        vec![],
        vec![],
        vec!["<https://w3id.org/resgraph/Topics/Procurement> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2004/02/skos/core#Concept> .".to_owned(), "<https://w3id.org/resgraph/Topics/Procurement> <http://www.w3.org/2004/02/skos/core#prefLabel> \"procurement\"@en .".to_owned(), "<https://w3id.org/resgraph/Topics/Procurement> <http://www.w3.org/2004/02/skos/core#inScheme> <https://w3id.org/resgraph/topic> .".to_owned()],
        "Violation (rgsh:Concept, PatternConstraintComponent)
  focus:   <https://w3id.org/resgraph/Topics/Procurement>
  value:   <https://w3id.org/resgraph/Topics/Procurement>
  message: A concept's IRI is {base}{topic|group|addressee|body|type|jurisdiction}/{id}.
Conforms: false (1 violation, 0 warnings, 0 infos)
",
);

broken_graph!(
    a_language_off_the_eu_table,
        vec![],
        vec![("/language/ENG>", "/language/english>")],
        vec![],
        &format!(
            "Violation (a blank node, PatternConstraintComponent)
  focus:   <{R2331}/expression/eng>
  path:    eli:language
  value:   <http://publications.europa.eu/resource/authority/language/english>
  message: A language version has exactly one language (eli:language) from the EU authority table of languages.
Violation (a blank node, PatternConstraintComponent)
  focus:   <https://w3id.org/resgraph/resolution/unsc/2017/2388/expression/eng>
  path:    eli:language
  value:   <http://publications.europa.eu/resource/authority/language/english>
  message: A language version has exactly one language (eli:language) from the EU authority table of languages.
Conforms: false (2 violations, 0 warnings, 0 infos)
"
        ),
);

/// Runs pySHACL on `data` (relative to `dir`) with `shapes`; returns its exit code and output.
/// Panics when pySHACL is not installed.
fn pyshacl(dir: &Path, data: &str, shapes: &[PathBuf]) -> (i32, String) {
    let output = Command::new(pyshacl_python())
        .arg(repo().join("tests/support/pyshacl_validate.py"))
        .arg(data)
        .args(shapes)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap(),
    )
}

/// pySHACL reports the same results as our engine on `data` (relative to `dir`) with `shapes`:
/// severity, focus node, constraint component, value and shape (blank nodes as `_`), each as
/// many times, and as many violations as `violations`.
fn pyshacl_agrees(dir: &Path, data: &str, shapes: &[PathBuf], violations: usize) {
    let (code, output) = pyshacl(dir, data, shapes);
    let theirs: Vec<&str> = output
        .lines()
        .filter(|line| line.starts_with("result: "))
        .collect();
    // Read as `resgraph validate` reads a file: its default graph.
    let dataset: oxigraph::model::Dataset =
        resgraph::ingest::rdf::read_rdf_files(&[dir.join(data)])
            .unwrap()
            .into_iter()
            .filter(|quad| quad.graph_name.is_default_graph())
            .collect();
    let ours = resgraph::shacl::Shapes::read(shapes)
        .unwrap()
        .validate(&dataset)
        .unwrap();
    let blank = |term: &str| match term.starts_with("_:") {
        true => "_".to_owned(),
        false => term.to_owned(),
    };
    let mut ours: Vec<String> = ours
        .results
        .iter()
        .map(|r| {
            let severity = r
                .severity
                .iri()
                .as_str()
                .trim_start_matches(resgraph::vocab::sh::NS);
            let value = r.value.as_deref().map_or("-".to_owned(), blank);
            let (focus, shape) = (blank(&r.focus), blank(&r.source_shape));
            format!("result: {severity} {focus} {} {value} {shape}", r.component)
        })
        .collect();
    ours.sort();
    assert_eq!(theirs, ours, "pySHACL disagrees:\n{output}");
    let violated = ours
        .iter()
        .filter(|r| r.starts_with("result: Violation "))
        .count();
    assert_eq!(violated, violations, "{output}");
    assert_eq!(code, i32::from(violations > 0), "{output}");
}

/// The DCAT-AP 3.0.1 release in the shared reference data; panics when it is not there.
fn dcat_ap() -> PathBuf {
    shared_reference("dcat-ap/3.0.1")
}

/// The official DCAT-AP 3.0.1 shapes, in the two sets upstream publishes (the mdr-vocabularies
/// shapes need EU vocabularies that are not here).
fn dcat_ap_shape_sets(dir: &Path) -> [Vec<PathBuf>; 2] {
    [
        vec![
            dir.join("shacl/dcat-ap-SHACL.ttl"),
            dir.join("shacl/ranges.ttl"),
        ],
        vec![
            dir.join("html-shacl/shapes.ttl"),
            dir.join("html-shacl/range.ttl"),
            dir.join("html-shacl/deprecateduris.ttl"),
        ],
    ]
}

#[test]
#[ignore = "needs ../shared/reference and pySHACL in target/pyshacl-venv (.ci/run installs it)"]
fn the_catalog_conforms_to_dcat_ap_3_0_1_by_our_engine_and_by_pyshacl() {
    let reference = dcat_ap();
    pyshacl_python();
    let dir = built();
    for shapes in dcat_ap_shape_sets(&reference) {
        let mut args = vec!["validate".to_owned(), "out/catalog.ttl".to_owned()];
        for s in &shapes {
            args.push("--shapes".to_owned());
            args.push(s.display().to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = resgraph(dir.path(), &args);
        assert_eq!(run.code, 0, "{shapes:?}\n{}{}", run.stdout, run.stderr);
        assert_text(
            &run.stdout,
            "Conforms: true (0 violations, 0 warnings, 0 infos)\n",
        );
        let (code, output) = pyshacl(dir.path(), "out/catalog.ttl", &shapes);
        assert!(output.contains("Conforms: True"), "{shapes:?}\n{output}");
        assert_eq!(code, 0);
    }
}

#[test]
#[ignore = "needs ../shared/reference and pySHACL in target/pyshacl-venv (.ci/run installs it)"]
fn our_engine_and_pyshacl_report_the_same_dcat_ap_violations_on_a_broken_catalog() {
    let reference = dcat_ap();
    pyshacl_python();
    let dir = built();
    // A catalog without its publisher, and a distribution without an access URL.
    let catalog = std::fs::read_to_string(dir.path().join("out/catalog.ttl")).unwrap();
    let broken: String = catalog
        .lines()
        .filter(|l| !l.contains("dcterms:publisher") && !l.contains("dcat:accessURL"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("broken-catalog.ttl"), broken).unwrap();
    let [generated, _] = dcat_ap_shape_sets(&reference);
    let run = resgraph(
        dir.path(),
        &[
            "validate",
            "broken-catalog.ttl",
            "--shapes",
            &generated[0].display().to_string(),
            "--shapes",
            &generated[1].display().to_string(),
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .ends_with("Conforms: false (7 violations, 0 warnings, 0 infos)\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(
        "  focus:   <https://w3id.org/resgraph/catalog>\n  path:    dcterms:publisher\n"
    ));
    pyshacl_agrees(dir.path(), "broken-catalog.ttl", &generated, 7);
}

fn count(store: &Store, sparql: &str) -> u64 {
    let QueryResults::Solutions(mut rows) = SparqlEvaluator::new()
        .parse_query(sparql)
        .unwrap()
        .on_store(store)
        .execute()
        .unwrap()
    else {
        panic!("not a SELECT")
    };
    let row = rows.next().unwrap().unwrap();
    match row.get("n") {
        Some(Term::Literal(l)) => l.value().parse().unwrap(),
        other => panic!("{other:?}"),
    }
}

fn load(path: &Path, format: RdfFormat) -> Store {
    let store = Store::new().unwrap();
    let bytes = std::fs::read(path).unwrap();
    for quad in RdfParser::from_format(format).for_slice(&bytes) {
        store.insert(&quad.unwrap()).unwrap();
    }
    store
}

#[test]
fn void_counts_equal_what_sparql_counts_on_the_exported_graph() {
    let dir = built();
    let graph = load(&dir.path().join("out/resgraph.nt"), RdfFormat::NTriples);
    let catalog = load(&dir.path().join("out/catalog.ttl"), RdfFormat::Turtle);
    let void = "http://rdfs.org/ns/void#";
    let dataset = "<https://w3id.org/resgraph/dataset>";
    for (property, sparql) in [
        ("triples", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        (
            "distinctSubjects",
            "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
        ),
        (
            "distinctObjects",
            "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }",
        ),
        (
            "properties",
            "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
        ),
        (
            "classes",
            "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }",
        ),
        (
            "entities",
            "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), \"https://w3id.org/resgraph/\")) }",
        ),
    ] {
        let stated = count(
            &catalog,
            &format!("SELECT ?n WHERE {{ {dataset} <{void}{property}> ?n }}"),
        );
        assert_eq!(stated, count(&graph, sparql), "void:{property}");
    }
    assert_eq!(
        count(
            &catalog,
            &format!("SELECT ?n WHERE {{ {dataset} <{void}triples> ?n }}")
        ),
        util::TRIPLES as u64
    );
    // Every class and property partition, one by one.
    let classes = count(
        &graph,
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }",
    );
    let properties = count(
        &graph,
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
    );
    assert_eq!(
        count(
            &catalog,
            &format!("SELECT (COUNT(*) AS ?n) WHERE {{ {dataset} <{void}classPartition> ?x }}")
        ),
        classes
    );
    assert_eq!(
        count(
            &catalog,
            &format!("SELECT (COUNT(*) AS ?n) WHERE {{ {dataset} <{void}propertyPartition> ?x }}")
        ),
        properties
    );
    let QueryResults::Solutions(rows) = SparqlEvaluator::new()
        .parse_query(&format!(
            "SELECT ?what ?n ?kind WHERE {{ {{ {dataset} <{void}classPartition> [ <{void}class> ?what ; <{void}entities> ?n ] BIND(\"class\" AS ?kind) }} UNION {{ {dataset} <{void}propertyPartition> [ <{void}property> ?what ; <{void}triples> ?n ] BIND(\"property\" AS ?kind) }} }}"
        ))
        .unwrap()
        .on_store(&catalog)
        .execute()
        .unwrap()
    else {
        panic!()
    };
    let mut checked = 0;
    for row in rows {
        let row = row.unwrap();
        let what = row.get("what").unwrap().to_string();
        let stated: u64 = match row.get("n") {
            Some(Term::Literal(l)) => l.value().parse().unwrap(),
            _ => panic!(),
        };
        let sparql = match row.get("kind") {
            Some(Term::Literal(l)) if l.value() == "class" => {
                format!("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a {what} }}")
            }
            _ => format!("SELECT (COUNT(*) AS ?n) WHERE {{ ?s {what} ?o }}"),
        };
        assert_eq!(stated, count(&graph, &sparql), "{what}");
        checked += 1;
    }
    assert_eq!(checked as u64, classes + properties);
    assert!(classes >= 15 && properties >= 25, "{classes} {properties}");
}

#[test]
fn build_refuses_a_graph_that_breaks_a_shape_and_writes_nothing() {
    let dir = scratch();
    // A shape the real data breaks: every resolution would need two titles. The data folder's
    // ontology/shapes.ttl replaces the shipped one.
    let mut text = std::fs::read_to_string(dir.path().join("ontology/shapes.ttl")).unwrap();
    let shapes = dir.path().join("data/ontology/shapes.ttl");
    std::fs::create_dir_all(shapes.parent().unwrap()).unwrap();
    text.push_str(&format!(
        "rgsh:TwoTitles a sh:NodeShape ; sh:targetNode <{R2331}> ;\n  sh:property [ sh:path dcterms:title ; sh:minCount 2 ] .\n"
    ));
    std::fs::write(&shapes, text).unwrap();
    let report = format!(
        "Violation (a blank node, MinCountConstraintComponent)
  focus:   <{R2331}>
  path:    dcterms:title
  message: fewer than 2 values
Conforms: false (1 violation, 0 warnings, 0 infos)
"
    );
    let error = "error: the graph does not conform to data/ontology/shapes.ttl: 1 violation\n";
    let run = resgraph(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert_text(&run.stderr, &format!("{report}{error}"));
    assert!(!dir.path().join("out").exists());
    let run = resgraph(dir.path(), &["build", "--no-validate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("SHACL"));
    // `validate` reports the same of the data folder (a batch of records at a time, as build
    // checks it) and of the exported graph (whole).
    for input in ["data", "out/resgraph.nt"] {
        let run = resgraph(dir.path(), &["validate", input]);
        assert_eq!(run.code, 1, "{input}: {}", run.stderr);
        assert_text(&run.stdout, &report);
        assert_text(&run.stderr, error);
    }
}

/// The whole-graph report of `shapes` on `shared` and `blocks` together, and the report of a
/// [`Validator`] that checks the blocks one by one beside the shared quads.
fn whole_and_chunked(
    shapes: &resgraph::shacl::Shapes,
    shared: &[oxigraph::model::Quad],
    blocks: &[Vec<oxigraph::model::Quad>],
) -> (Report, Report) {
    let all: oxigraph::model::Dataset = shared.iter().chain(blocks.iter().flatten()).collect();
    let whole = shapes.validate(&all).unwrap();
    let validator = Validator::new(shapes, shared);
    let mut reports = vec![validator.validate_shared().unwrap()];
    for block in blocks {
        reports.push(validator.validate_block(block).unwrap());
    }
    (whole, Report::merged(reports))
}

/// The records of `data` mapped as `build` maps them, seven records to a block, beside the
/// quads of the concept schemes and mappings.
fn record_blocks(data: &Path) -> (Vec<oxigraph::model::Quad>, Vec<Vec<oxigraph::model::Quad>>) {
    use resgraph::graph::map::{map_record, map_schemes};
    let dataset = resgraph::ingest::folder::Collection::read_dir(data).unwrap();
    let minter = resgraph::graph::mint::Minter::new(resgraph::graph::mint::DEFAULT_BASE).unwrap();
    let blocks = dataset
        .records
        .chunks(7)
        .map(|chunk| {
            let mut quads = Vec::new();
            for (_, record) in chunk {
                let mapped = map_record(&minter, record, true);
                quads.extend(mapped.own);
                quads.extend(mapped.shared);
            }
            quads
        })
        .collect();
    (map_schemes(&dataset, &minter), blocks)
}

fn shipped_shapes() -> resgraph::shacl::Shapes {
    resgraph::shacl::Shapes::read(&[repo().join("ontology/shapes.ttl")]).unwrap()
}

#[test]
fn chunked_validation_reports_what_whole_graph_validation_reports_on_our_data() {
    let (shared, blocks) = record_blocks(&repo().join("data"));
    let (whole, chunked) = whole_and_chunked(&shipped_shapes(), &shared, &blocks);
    assert!(whole.results.is_empty(), "{:?}", whole.results);
    assert_eq!(chunked.results, whole.results);
    // build's block-by-block validation of a data folder says the same.
    let minter = resgraph::graph::mint::Minter::new(resgraph::graph::mint::DEFAULT_BASE).unwrap();
    let shapes = [resgraph::shipped::Text::read(&repo().join("ontology/shapes.ttl")).unwrap()];
    let report = resgraph::build::validate_folder(&repo().join("data"), &minter, &shapes).unwrap();
    assert_eq!(report.unwrap().results, whole.results);
}

#[test]
fn chunked_validation_reports_what_whole_graph_validation_reports_on_synthetic_records() {
    use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
    let dir = scratch();
    let data = dir.path().join("data");
    util::copy_dir(&repo().join("data/concepts"), &data.join("concepts"));
    std::fs::copy(
        repo().join("data/mappings.sssom.tsv"),
        data.join("mappings.sssom.tsv"),
    )
    .unwrap();
    std::fs::create_dir_all(data.join("records")).unwrap();
    let run = resgraph(
        dir.path(),
        &["synth", "200", "-o", "data/records/synth.jsonl"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (shared, mut blocks) = record_blocks(&data);
    assert_eq!(blocks.len(), 29);
    // Break one record of the fourth block: its instrument loses its titles and gets a second
    // year, an untagged description and a year that is not an xsd:gYear.
    let title = NamedNode::new_unchecked("http://purl.org/dc/terms/title");
    let block = &mut blocks[3];
    let instrument = block
        .iter()
        .find(|q| q.predicate == title && q.graph_name.is_default_graph())
        .unwrap()
        .subject
        .clone();
    block.retain(|q| !(q.subject == instrument && q.predicate == title));
    let year = NamedNode::new_unchecked(format!("{RG}year"));
    for (predicate, object) in [
        (
            year.clone(),
            Literal::new_typed_literal(
                "1999",
                NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#gYear"),
            ),
        ),
        (year, Literal::new_simple_literal("the nineties")),
        (
            NamedNode::new_unchecked("http://purl.org/dc/terms/description"),
            Literal::new_simple_literal("no language tag"),
        ),
    ] {
        block.push(Quad::new(
            instrument.clone(),
            predicate,
            object,
            GraphName::DefaultGraph,
        ));
    }
    let (whole, chunked) = whole_and_chunked(&shipped_shapes(), &shared, &blocks);
    let found: Vec<(&str, &str, Option<&str>)> = whole
        .results
        .iter()
        .map(|r| (r.shape.as_str(), r.component.as_str(), r.value.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "rgsh:Instrument-description",
                "DatatypeConstraintComponent",
                Some("\"no language tag\"")
            ),
            ("rgsh:Instrument-title", "MinCountConstraintComponent", None),
            ("rgsh:Instrument-year", "MaxCountConstraintComponent", None),
            (
                "rgsh:Instrument-year",
                "DatatypeConstraintComponent",
                Some("\"the nineties\"")
            ),
        ]
    );
    assert!(whole
        .results
        .iter()
        .all(|r| r.focus == instrument.to_string()));
    assert_eq!(chunked.results, whole.results);
}

#[test]
fn rdf_files_resolve_relative_iris_against_their_own_file_url() {
    let dir = scratch();
    std::fs::write(
        dir.path().join("my data.ttl"),
        "<> a <#Thing> ; <#p> \"x\" .\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("shapes.ttl"),
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n\
         @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\
         <#S> a sh:NodeShape ; sh:targetClass <my%20data.ttl#Thing> ;\n\
         \x20   sh:property <#S-p> .\n\
         <#S-p> sh:path <my%20data.ttl#p> ; sh:datatype xsd:integer .\n",
    )
    .unwrap();
    let run = resgraph(
        dir.path(),
        &["validate", "my data.ttl", "--shapes", "shapes.ttl"],
    );
    let url = |name: &str| url::Url::from_file_path(dir.path().join(name)).unwrap();
    let (data, shapes) = (url("my data.ttl"), url("shapes.ttl"));
    assert!(data.as_str().ends_with("/my%20data.ttl"), "{data}");
    assert_text(
        &run.stdout,
        &format!(
            "Violation (<{shapes}#S-p>, DatatypeConstraintComponent)\n\
             \x20 focus:   <{data}>\n\
             \x20 path:    <{data}#p>\n\
             \x20 value:   \"x\"\n\
             \x20 message: the value is not a well-formed xsd:integer literal\n\
             Conforms: false (1 violation, 0 warnings, 0 infos)\n"
        ),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
}
