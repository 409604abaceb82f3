//! Every kind of instrument through the whole pipeline (issue 12): `tests/fixtures/kinds` holds
//! eight real instruments of seven kinds (a UN resolution, an act, a directive, an executive
//! order, a standard, a code of conduct, a report and an index, facts from
//! `tests/fixtures/eval-real`), with concepts of their own, some unreviewed. `build` makes a graph
//! that conforms to the shapes, each kind gets the IRI docs/data-model.md documents, every stored
//! query gives exactly the expected table, and the shapes report a broken work or piece of
//! legislation with their exact messages.

use crate::util::{assert_text, copy_dir, repo, resgraph, scratch};
use std::path::Path;

const B: &str = "https://w3id.org/resgraph/";
const RG: &str = "https://w3id.org/resgraph/ontology#";
const ELI: &str = "http://data.europa.eu/eli/ontology#";
const TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const ACT: &str = "https://w3id.org/resgraph/act/uk-parliament/2015/modern-slavery-act";
const ISO: &str = "https://w3id.org/resgraph/standard/iso/2017/20400";
const TIP: &str =
    "https://w3id.org/resgraph/report/us-department-of-state/2018/trafficking-in-persons-report";
const GSI: &str = "https://w3id.org/resgraph/index/walk-free/2023/global-slavery-index";

/// A scratch folder with the fixture in `kinds/`, where `build --data kinds` has run.
fn built() -> tempfile::TempDir {
    let dir = scratch();
    copy_dir(
        &repo().join("tests/fixtures/kinds"),
        &dir.path().join("kinds"),
    );
    let run = resgraph(dir.path(), &["build", "--data", "kinds"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_text(
        &run.stdout,
        r#"8 records → 598 triples (799 quads with source graphs) → out
  answers/addressees: 7 rows
  answers/disagreements: 0 rows
  answers/evidence: 0 rows
  answers/groups: 2 rows
  answers/instruments: 8 rows
  answers/jurisdictions: 7 rows
  answers/obligations: 4 rows
  answers/resolutions: 1 rows
  answers/topics: 16 rows
  answers/unreviewed: 7 rows
  SHACL: conforms to ontology/shapes.ttl (0 warnings)
"#,
    );
    dir
}

fn answer(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(format!("out/answers/{name}.txt"))).unwrap()
}

#[test]
fn the_fixture_builds_and_conforms_to_the_shapes() {
    let dir = scratch();
    copy_dir(
        &repo().join("tests/fixtures/kinds"),
        &dir.path().join("kinds"),
    );
    let run = resgraph(dir.path(), &["validate", "kinds"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_text(
        &run.stdout,
        "Conforms: true (0 violations, 0 warnings, 0 infos)\n",
    );
    // build checks the shapes too, and says so (see `built`).
    built();
}

#[test]
fn each_kind_has_the_iri_the_data_model_documents() {
    let dir = built();
    let nt = std::fs::read_to_string(dir.path().join("out/resgraph.nt")).unwrap();
    let of_class = |class: &str| -> Vec<String> {
        let tail = format!("> <{TYPE}> <{RG}{class}> .");
        nt.lines()
            .filter_map(|l| l.strip_suffix(tail.as_str()))
            .map(|s| s.trim_start_matches('<').to_owned())
            .collect()
    };
    for (class, iri) in [
        // {base}{kind}/{body}/{year}/{key}: the key is the number as a segment ...
        ("Resolution", "resolution/unga/2010/64-293"),
        (
            "Directive",
            "directive/european-parliament-and-council/2011/2011-36-eu",
        ),
        ("ExecutiveOrder", "executive-order/us-president/2012/13627"),
        ("Standard", "standard/iso/2017/20400"),
        // ... or a slug, for an instrument known by name ...
        ("Act", "act/uk-parliament/2015/modern-slavery-act"),
        (
            "Report",
            "report/us-department-of-state/2018/trafficking-in-persons-report",
        ),
        ("Index", "index/walk-free/2023/global-slavery-index"),
        // ... and {base}{kind}/{body}/{key} for one with no year.
        (
            "CodeOfConduct",
            "code-of-conduct/ethical-trading-initiative/eti-base-code",
        ),
    ] {
        assert_eq!(of_class(class), [format!("{B}{iri}")], "{class}");
    }
    // Legislation is an ELI legal resource; the other works are schema.org creative works.
    for (iri, types) in [
        (
            ACT,
            [
                "http://data.europa.eu/eli/ontology#LegalResource",
                "https://schema.org/Legislation",
            ]
            .as_slice(),
        ),
        (ISO, ["https://schema.org/CreativeWork"].as_slice()),
        (
            TIP,
            [
                "https://schema.org/CreativeWork",
                "https://schema.org/Report",
            ]
            .as_slice(),
        ),
    ] {
        let mut stated: Vec<&str> = nt
            .lines()
            .filter(|l| l.starts_with(&format!("<{iri}> <{TYPE}> ")) && !l.contains(RG))
            .map(|l| l.rsplit_once(" <").unwrap().1.trim_end_matches("> ."))
            .collect();
        stated.sort();
        assert_eq!(stated, types, "{iri}");
    }
}

#[test]
fn every_stored_query_answers_exactly_this_on_the_fixture() {
    let dir = built();
    assert_text(
        &answer(dir.path(), "instruments"),
        r#"kind            | symbol                                                                                                  | body                                                  | date       | precision | jurisdiction             | types                                                     | instrument
----------------+---------------------------------------------------------------------------------------------------------+-------------------------------------------------------+------------+-----------+--------------------------+-----------------------------------------------------------+-------------------------------------------------------------------------------------------
act             | Modern Slavery Act 2015                                                                                 | Parliament of the United Kingdom                      | 2015-03-26 | date      | United Kingdom           | Legislation                                               | https://w3id.org/resgraph/act/uk-parliament/2015/modern-slavery-act
code-of-conduct | ETI Base Code                                                                                           | Ethical Trading Initiative                            |            |           | Global                   | Guidance on policy / legislation implementation; Standard | https://w3id.org/resgraph/code-of-conduct/ethical-trading-initiative/eti-base-code
directive       | Directive 2011/36/EU on preventing and combating trafficking in human beings and protecting its victims | European Parliament and Council of the European Union | 2011-04-05 | date      | European Union           | Legislation                                               | https://w3id.org/resgraph/directive/european-parliament-and-council/2011/2011-36-eu
executive-order | Executive Order 13627 Strengthening Protections Against Trafficking in Persons in Federal Contracts     | President of the United States                        | 2012-09-25 | date      | United States of America | Legislation                                               | https://w3id.org/resgraph/executive-order/us-president/2012/13627
index           | Global Slavery Index 2023                                                                               | Walk Free                                             |            |           | Global                   | Report/analysis; Score / Measurement / Metric             | https://w3id.org/resgraph/index/walk-free/2023/global-slavery-index
report          | Trafficking in Persons Report 2018                                                                      | United States Department of State                     | 2018-06-28 | date      | United States of America | Report/analysis                                           | https://w3id.org/resgraph/report/us-department-of-state/2018/trafficking-in-persons-report
resolution      | A/RES/64/293                                                                                            | United Nations General Assembly                       | 2010-07-30 | date      | Global                   | International legislation / policy                        | https://w3id.org/resgraph/resolution/unga/2010/64-293
standard        | ISO 20400:2017 Sustainable procurement — Guidance                                                       | International Organization for Standardization        |            |           |                          | Guidance on policy / legislation implementation; Standard | https://w3id.org/resgraph/standard/iso/2017/20400
(8 rows)
"#,
    );
    assert_text(
        &answer(dir.path(), "unreviewed"),
        r#"scheme       | label                                                 | instruments | concept
-------------+-------------------------------------------------------+-------------+---------------------------------------------------------------
addressee    | corporate members of ETI                              | 1           | https://w3id.org/resgraph/addressee/eti-corporate-members
addressee    | European Commission                                   | 1           | https://w3id.org/resgraph/addressee/european-commission
addressee    | federal contractors                                   | 1           | https://w3id.org/resgraph/addressee/federal-contractors
addressee    | United States Government                              | 1           | https://w3id.org/resgraph/addressee/united-states-government
body         | European Parliament and Council of the European Union | 1           | https://w3id.org/resgraph/body/european-parliament-and-council
jurisdiction | European Union                                        | 1           | https://w3id.org/resgraph/jurisdiction/european-union
type         | Score / Measurement / Metric                          | 1           | https://w3id.org/resgraph/type/score-measurement-metric
(7 rows)
"#,
    );
    assert_text(
        &answer(dir.path(), "jurisdictions"),
        r#"jurisdiction             | kind            | symbol                                                                                                  | instrument
-------------------------+-----------------+---------------------------------------------------------------------------------------------------------+-------------------------------------------------------------------------------------------
European Union           | directive       | Directive 2011/36/EU on preventing and combating trafficking in human beings and protecting its victims | https://w3id.org/resgraph/directive/european-parliament-and-council/2011/2011-36-eu
Global                   | code-of-conduct | ETI Base Code                                                                                           | https://w3id.org/resgraph/code-of-conduct/ethical-trading-initiative/eti-base-code
Global                   | index           | Global Slavery Index 2023                                                                               | https://w3id.org/resgraph/index/walk-free/2023/global-slavery-index
Global                   | resolution      | A/RES/64/293                                                                                            | https://w3id.org/resgraph/resolution/unga/2010/64-293
United Kingdom           | act             | Modern Slavery Act 2015                                                                                 | https://w3id.org/resgraph/act/uk-parliament/2015/modern-slavery-act
United States of America | executive-order | Executive Order 13627 Strengthening Protections Against Trafficking in Persons in Federal Contracts     | https://w3id.org/resgraph/executive-order/us-president/2012/13627
United States of America | report          | Trafficking in Persons Report 2018                                                                      | https://w3id.org/resgraph/report/us-department-of-state/2018/trafficking-in-persons-report
(7 rows)
"#,
    );
    assert_text(
        &answer(dir.path(), "addressees"),
        r#"class                     | addressee                | symbol                                                                                                  | kind        | obligation
--------------------------+--------------------------+---------------------------------------------------------------------------------------------------------+-------------+-------------------------------------------------------------------------------------------------
companies                 | commercial organisations | Modern Slavery Act 2015                                                                                 | procurement | https://w3id.org/resgraph/act/uk-parliament/2015/modern-slavery-act/obligation/1
companies                 | corporate members of ETI | ETI Base Code                                                                                           | procurement | https://w3id.org/resgraph/code-of-conduct/ethical-trading-initiative/eti-base-code/obligation/1
contractors and suppliers | federal contractors      | Executive Order 13627 Strengthening Protections Against Trafficking in Persons in Federal Contracts     | procurement | https://w3id.org/resgraph/executive-order/us-president/2012/13627/obligation/2
other                     | European Commission      | Directive 2011/36/EU on preventing and combating trafficking in human beings and protecting its victims | general     | https://w3id.org/resgraph/directive/european-parliament-and-council/2011/2011-36-eu/obligation/2
other                     | Member States            | A/RES/64/293                                                                                            | general     | https://w3id.org/resgraph/resolution/unga/2010/64-293/obligation/1
other                     | Member States            | Directive 2011/36/EU on preventing and combating trafficking in human beings and protecting its victims | general     | https://w3id.org/resgraph/directive/european-parliament-and-council/2011/2011-36-eu/obligation/1
other                     | United States Government | Executive Order 13627 Strengthening Protections Against Trafficking in Persons in Federal Contracts     | procurement | https://w3id.org/resgraph/executive-order/us-president/2012/13627/obligation/1
(7 rows)
"#,
    );
    assert_text(
        &answer(dir.path(), "groups"),
        r#"symbol                             | group                                | aliases                              | resolution
-----------------------------------+--------------------------------------+--------------------------------------+-------------------------------------------------------------------------------------------
Trafficking in Persons Report 2018 | Boko Haram                           |                                      | https://w3id.org/resgraph/report/us-department-of-state/2018/trafficking-in-persons-report
Trafficking in Persons Report 2018 | Islamic State in Iraq and the Levant | Da'esh | Da’esh | ISIL | ISIL/Da’esh | https://w3id.org/resgraph/report/us-department-of-state/2018/trafficking-in-persons-report
(2 rows)
"#,
    );
    assert_text(
        &answer(dir.path(), "topics"),
        r#"symbol                                                                                                  | topic                  | resolution
--------------------------------------------------------------------------------------------------------+------------------------+-------------------------------------------------------------------------------------------
A/RES/64/293                                                                                            | trafficking in persons | https://w3id.org/resgraph/resolution/unga/2010/64-293
Directive 2011/36/EU on preventing and combating trafficking in human beings and protecting its victims | trafficking in persons | https://w3id.org/resgraph/directive/european-parliament-and-council/2011/2011-36-eu
ETI Base Code                                                                                           | forced labour          | https://w3id.org/resgraph/code-of-conduct/ethical-trading-initiative/eti-base-code
ETI Base Code                                                                                           | supply chains          | https://w3id.org/resgraph/code-of-conduct/ethical-trading-initiative/eti-base-code
Executive Order 13627 Strengthening Protections Against Trafficking in Persons in Federal Contracts     | procurement            | https://w3id.org/resgraph/executive-order/us-president/2012/13627
Executive Order 13627 Strengthening Protections Against Trafficking in Persons in Federal Contracts     | trafficking in persons | https://w3id.org/resgraph/executive-order/us-president/2012/13627
Global Slavery Index 2023                                                                               | armed conflict         | https://w3id.org/resgraph/index/walk-free/2023/global-slavery-index
Global Slavery Index 2023                                                                               | forced labour          | https://w3id.org/resgraph/index/walk-free/2023/global-slavery-index
Global Slavery Index 2023                                                                               | trafficking in persons | https://w3id.org/resgraph/index/walk-free/2023/global-slavery-index
ISO 20400:2017 Sustainable procurement — Guidance                                                       | procurement            | https://w3id.org/resgraph/standard/iso/2017/20400
ISO 20400:2017 Sustainable procurement — Guidance                                                       | supply chains          | https://w3id.org/resgraph/standard/iso/2017/20400
Modern Slavery Act 2015                                                                                 | forced labour          | https://w3id.org/resgraph/act/uk-parliament/2015/modern-slavery-act
Modern Slavery Act 2015                                                                                 | supply chains          | https://w3id.org/resgraph/act/uk-parliament/2015/modern-slavery-act
Modern Slavery Act 2015                                                                                 | trafficking in persons | https://w3id.org/resgraph/act/uk-parliament/2015/modern-slavery-act
Trafficking in Persons Report 2018                                                                      | terrorism financing    | https://w3id.org/resgraph/report/us-department-of-state/2018/trafficking-in-persons-report
Trafficking in Persons Report 2018                                                                      | trafficking in persons | https://w3id.org/resgraph/report/us-department-of-state/2018/trafficking-in-persons-report
(16 rows)
"#,
    );
    assert_text(
        &answer(dir.path(), "obligations"),
        r#"symbol                                                                                              | addressee                | action                                                                                                                                                                                     | paragraph | catalogueSays | quote                                                                                                                                                                                                                                                                                                                                                               | obligation
----------------------------------------------------------------------------------------------------+--------------------------+--------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------+-----------+---------------+---------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------+------------------------------------------------------------------------------------------------
ETI Base Code                                                                                       | corporate members of ETI | adopt the Base Code in full or integrate it into their own codes, and require the suppliers in their supply chains to work towards meeting it                                              |           |               | Corporate members of ETI are expected to adopt the Base Code in full or integrate it into their own codes, and to require the suppliers in their supply chains to work towards meeting it.                                                                                                                                                                          | https://w3id.org/resgraph/code-of-conduct/ethical-trading-initiative/eti-base-code/obligation/1
Executive Order 13627 Strengthening Protections Against Trafficking in Persons in Federal Contracts | United States Government | ensure that taxpayer dollars do not contribute to trafficking in persons                                                                                                                   |           |               | Section 1 states that, as the largest single purchaser of goods and services in the world, the United States Government bears a responsibility to ensure that taxpayer dollars do not contribute to trafficking in persons.                                                                                                                                         | https://w3id.org/resgraph/executive-order/us-president/2012/13627/obligation/1
Executive Order 13627 Strengthening Protections Against Trafficking in Persons in Federal Contracts | federal contractors      | refrain from trafficking-related practices such as misleading or fraudulent recruitment, charging employees recruitment fees and destroying, concealing or confiscating identity documents |           |               | The order directs the Federal Acquisition Regulatory Council to amend the Federal Acquisition Regulation, and prohibits federal contractors, subcontractors and their employees from trafficking-related practices such as misleading or fraudulent recruitment, charging employees recruitment fees and destroying, concealing or confiscating identity documents. | https://w3id.org/resgraph/executive-order/us-president/2012/13627/obligation/2
Modern Slavery Act 2015                                                                             | commercial organisations | publish a slavery and human trafficking statement for each financial year                                                                                                                  |           |               | Under Section 54, on transparency in supply chains, commercial organisations that supply goods or services, carry on business in the United Kingdom and have a total turnover of £36 million or more must publish a slavery and human trafficking statement for each financial year.                                                                                | https://w3id.org/resgraph/act/uk-parliament/2015/modern-slavery-act/obligation/1
(4 rows)
"#,
    );
    assert_text(
        &answer(dir.path(), "resolutions"),
        r#"symbol       | body                            | adopted    | title                                                                                   | resolution
-------------+---------------------------------+------------+-----------------------------------------------------------------------------------------+------------------------------------------------------
A/RES/64/293 | United Nations General Assembly | 2010-07-30 | Resolution 64/293 United Nations Global Plan of Action to Combat Trafficking in Persons | https://w3id.org/resgraph/resolution/unga/2010/64-293
(1 row)
"#,
    );
    assert_text(
        &answer(dir.path(), "disagreements"),
        r#"symbol | catalogueSays | catalogue | textSays | text | obligation
-------+---------------+-----------+----------+------+-----------
(0 rows)
"#,
    );
    assert_text(
        &answer(dir.path(), "evidence"),
        r#"symbol | fact | what | start | end | exact | tool | annotation
-------+------+------+-------+-----+-------+------+-----------
(0 rows)
"#,
    );
}

#[test]
fn the_seed_obligations_fall_on_united_nations_bodies() {
    let dir = scratch();
    assert_eq!(resgraph(dir.path(), &["build"]).code, 0);
    assert_text(
        &answer(dir.path(), "addressees"),
        r#"class     | addressee                               | symbol            | kind        | obligation
----------+-----------------------------------------+-------------------+-------------+-----------------------------------------------------------------
UN bodies | Secretary-General of the United Nations | S/RES/2388 (2017) | general     | https://w3id.org/resgraph/resolution/unsc/2017/2388/obligation/1
UN bodies | United Nations agencies                 | S/RES/2331 (2016) | procurement | https://w3id.org/resgraph/resolution/unsc/2016/2331/obligation/1
UN bodies | United Nations system organizations     | S/RES/2388 (2017) | procurement | https://w3id.org/resgraph/resolution/unsc/2017/2388/obligation/2
(3 rows)
"#,
    );
}

/// Our engine on the fixture's graph broken one way: without the lines containing any of
/// `remove`, with `add` appended; `expected` is the whole report.
fn validate_broken(remove: &[String], add: &[String], expected: &str) {
    let dir = built();
    let nt = std::fs::read_to_string(dir.path().join("out/resgraph.nt")).unwrap();
    let mut lines: Vec<&str> = nt
        .lines()
        .filter(|l| !remove.iter().any(|r| l.contains(r.as_str())))
        .collect();
    assert!(
        lines.len() < nt.lines().count() || !add.is_empty(),
        "the edit changed nothing"
    );
    lines.extend(add.iter().map(String::as_str));
    std::fs::write(dir.path().join("broken.nt"), lines.join("\n") + "\n").unwrap();
    let run = resgraph(dir.path(), &["validate", "broken.nt"]);
    assert_text(&run.stdout, expected);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn legislation_with_a_date_that_is_no_xsd_date_is_reported() {
    // ELI's date is optional (a catalogue may give none), but one that is given is an
    // xsd:date, or an xsd:gYearMonth or xsd:gYear when only a month or a year is known.
    validate_broken(
        &[format!("<{ACT}> <{ELI}date_document>")],
        &[format!("<{ACT}> <{ELI}date_document> \"26 March 2015\" .")],
        &format!(
            "Violation (rgsh:Legislation-adopted, OrConstraintComponent)
  focus:   <{ACT}>
  path:    eli:date_document
  value:   \"26 March 2015\"
  message: Legislation has at most one adoption date (eli:date_document): an xsd:date, or an xsd:gYearMonth or xsd:gYear when the catalogue gives only a month or a year.
Conforms: false (1 violation, 0 warnings, 0 infos)
"
        ),
    );
}

#[test]
fn a_work_off_its_iri_pattern_is_reported() {
    let bad = format!("{B}code-of-conduct/Ethical_Trading_Initiative/eti-base-code");
    validate_broken(
        &[],
        &[
            format!("<{bad}> <{TYPE}> <{RG}CodeOfConduct> ."),
            format!("<{bad}> <{TYPE}> <https://schema.org/CreativeWork> ."),
            format!("<{bad}> <http://purl.org/dc/terms/title> \"ETI Base Code\"@en ."),
            format!("<{bad}> <http://purl.org/dc/terms/publisher> <{B}body/ethical-trading-initiative> ."),
            format!("<{bad}> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://ethicaltrade.org/eti-base-code/1-employment-freely-chosen> ."),
        ],
        &format!(
            "Violation (rgsh:CodeOfConduct, PatternConstraintComponent)
  focus:   <{bad}>
  value:   <{bad}>
  message: The IRI of a code of conduct is {{base}}code-of-conduct/{{body}}/{{year}}/{{key}}, or {{base}}code-of-conduct/{{body}}/{{key}} with no year.
Conforms: false (1 violation, 0 warnings, 0 infos)
"
        ),
    );
}

#[test]
fn a_work_described_with_eli_legislation_terms_is_reported() {
    validate_broken(
        &[],
        &[format!("<{ISO}> <{ELI}passed_by> <{B}body/iso> .")],
        &format!(
            "Violation (rgsh:Work-not-legislation, MaxCountConstraintComponent)
  focus:   <{ISO}>
  path:    (eli:passed_by|eli:date_document|eli:id_local|eli:number|eli:is_about|eli:is_realized_by)
  message: A work that is not legislation has no ELI legislation properties: it has dcterms:publisher, dcterms:issued, dcterms:identifier, dcterms:subject and schema:url instead.
Conforms: false (1 violation, 0 warnings, 0 infos)
"
        ),
    );
}

#[test]
fn a_work_without_its_publisher_is_reported() {
    validate_broken(
        &[format!("<{GSI}> <http://purl.org/dc/terms/publisher>")],
        &[],
        &format!(
            "Violation (rgsh:Work-publisher, MinCountConstraintComponent)
  focus:   <{GSI}>
  path:    dcterms:publisher
  message: A work has exactly one publisher (dcterms:publisher), an rg:IssuingBody.
Conforms: false (1 violation, 0 warnings, 0 infos)
"
        ),
    );
}

#[test]
fn a_report_not_typed_schema_report_is_reported() {
    validate_broken(
        &[format!("<{TIP}> <{TYPE}> <https://schema.org/Report>")],
        &[],
        &format!(
            "Violation (a blank node, HasValueConstraintComponent)
  focus:   <{TIP}>
  path:    rdf:type
  message: A report is also typed schema:Report, for consumers without a reasoner.
Conforms: false (1 violation, 0 warnings, 0 infos)
"
        ),
    );
}

#[test]
fn an_unreviewed_concept_that_is_no_skos_concept_is_reported() {
    let concept = format!("{B}addressee/federal-contractors");
    validate_broken(
        &[format!("<{concept}> <{TYPE}> <http://www.w3.org/2004/02/skos/core#Concept>")],
        &[],
        &format!(
            "Violation (rgsh:UnreviewedConcept, ClassConstraintComponent)
  focus:   <{concept}>
  value:   <{concept}>
  message: An unreviewed concept (made by import from a label no concept had) is still a skos:Concept, with its labels and scheme; a curator reviews it (the stored query unreviewed lists them).
Conforms: false (1 violation, 0 warnings, 0 infos)
"
        ),
    );
}
