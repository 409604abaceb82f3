//! `resgraph import` and `resgraph build --catalogue` on files in the OSCE compendium's format.

use crate::util::{self, assert_text, repo, resgraph, scratch, snapshot, statements};
use oxigraph::io::RdfFormat;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The seed catalogue file, byte for byte as we received it (`../shared/seed/`).
fn seed() -> PathBuf {
    repo().join("tests/fixtures/seed/000_18eec137fbde1df8.txt")
}

/// Imports `tests/fixtures/catalogue/NAME.txt` into an empty folder; returns the run and what
/// was written.
fn import_fixture(name: &str) -> (util::Run, Vec<(PathBuf, Vec<u8>)>) {
    let dir = scratch();
    let fixture = repo().join(format!("tests/fixtures/catalogue/{name}.txt"));
    std::fs::copy(&fixture, dir.path().join(format!("{name}.txt"))).unwrap();
    std::fs::create_dir(dir.path().join("imported")).unwrap();
    let run = resgraph(
        dir.path(),
        &["import", &format!("{name}.txt"), "-o", "imported"],
    );
    let written = snapshot(&dir.path().join("imported"));
    (run, written)
}

/// Imports a bad fixture: exit code 1, nothing written, and the error message.
fn refused(name: &str) -> String {
    let (run, written) = import_fixture(name);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(written.is_empty(), "{name}: something was written");
    run.stderr
}

#[test]
fn crlf_bom_multi_paragraph_description_and_several_availability_lines() {
    let (run, written) = import_fixture("crlf-bom");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].0, Path::new("osce-2003-decision-557.json"));
    let record: serde_json::Value = serde_json::from_slice(&written[0].1).unwrap();
    assert_eq!(
        record["title"],
        "Decision No. 557 OSCE Action Plan to Combat Trafficking in Human Beings"
    );
    assert_eq!(record["instrument"], "decision");
    assert_eq!(record["number"], "557");
    assert_eq!(record["adopted"], "2003-07-24");
    assert_eq!(
        record["description"],
        "The Action Plan recommends that participating States adopt laws on trafficking in human beings.\n\nIn its paragraph 5, the plan lists forms of exploitation, including forced labour."
    );
    assert_eq!(
        record["availability"],
        serde_json::json!([
            {"language": "DEU", "url": "https://www.osce.org/actionplan"},
            {"language": "ENG", "url": "https://www.osce.org/actionplan"},
            {"language": "FRA", "url": "https://www.osce.org/actionplan"},
            {"language": "RUS", "url": "https://www.osce.org/ru/actionplan"},
        ])
    );
    assert_eq!(
        record["topics"],
        serde_json::json!(["trafficking-in-persons", "forced-labour"])
    );
    // One sentence asks participating States to act; "paragraph 5" stands in another sentence,
    // which asks no one to do anything: it is neither an obligation nor its paragraph.
    assert_eq!(
        record["obligations"],
        serde_json::json!([{
            "addressee": "participating-states",
            "action": "adopt laws on trafficking in human beings",
            "kind": "general",
            "quote": "The Action Plan recommends that participating States adopt laws on trafficking in human beings.",
            "source": "osce-compendium"
        }])
    );
}

#[test]
fn empty_file() {
    assert_text(
        &refused("empty"),
        "error: empty.txt:1:1: the file holds no records\n",
    );
}

#[test]
fn record_without_a_name() {
    assert_text(
        &refused("no-name"),
        "error: no-name.txt:1:1: this record has no \"Name of Resource\"\n",
    );
}

#[test]
fn unknown_heading_between_fields() {
    assert_text(
        &refused("unknown-heading"),
        "error: unknown-heading.txt:23:1: unknown heading \"Initiative end date\"\n",
    );
}

#[test]
fn unknown_heading_is_never_merged_into_the_description() {
    assert_text(
        &refused("unknown-heading-in-description"),
        "error: unknown-heading-in-description.txt:27:1: unknown heading \"Initiative end date\"\n",
    );
}

#[test]
fn record_not_closed_before_the_next_one() {
    assert_text(
        &refused("not-closed"),
        "error: not-closed.txt:1:1: this record is not closed by a line holding only \".\" before the next one starts at line 34\n",
    );
}

#[test]
fn impossible_date() {
    assert_text(
        &refused("impossible-date"),
        "error: impossible-date.txt:21:1: 31 February 2016 is not a date: February 2016 has 29 days\n",
    );
}

#[test]
fn bytes_that_are_not_utf8() {
    assert_text(
        &refused("not-utf8"),
        "error: not-utf8.txt:13:6: the byte 0xE9 at offset 167 is not UTF-8\n",
    );
}

#[test]
fn availability_urls_that_are_not_http_iris() {
    assert_text(
        &refused("url-with-space"),
        "error: url-with-space.txt:31:16: \"https://www.osce.org/action plan\" is not a valid IRI: a space at character 28 is not allowed (percent-encode it)\n",
    );
    assert_text(
        &refused("url-with-angle-brackets"),
        "error: url-with-angle-brackets.txt:31:16: \"https://www.osce.org/<actionplan>\" is not a valid IRI: '<' at character 22 is not allowed (percent-encode it)\n",
    );
    assert_text(
        &refused("url-javascript"),
        "error: url-javascript.txt:31:16: \"javascript:alert(1)\" is not an http(s) IRI: its scheme is javascript\n",
    );
}

#[test]
fn import_never_overwrites_a_record_without_force() {
    let dir = scratch();
    let seed = seed();
    let seed = seed.to_str().unwrap();
    let run = resgraph(dir.path(), &["import", seed]);
    assert_eq!(run.code, 2);
    assert_text(
        &run.stderr,
        "error: data/records/unsc-2016-2331.json exists: give --force to replace it\n",
    );
}

/// The graphs each source states, as N-Quads lines, from a build's `out/resgraph.nq`.
fn source_graphs(nq: &Path) -> BTreeSet<String> {
    statements(nq, RdfFormat::NQuads)
        .into_iter()
        .filter(|q| q.contains("/source/osce-compendium> ."))
        .collect()
}

#[test]
fn the_seed_file_gives_the_same_catalogue_graph_as_the_curated_records() {
    let curated = scratch();
    assert_eq!(resgraph(curated.path(), &["build"]).code, 0);

    let imported = scratch();
    std::fs::remove_dir_all(imported.path().join("data/records")).unwrap();
    let seed = seed();
    let run = resgraph(
        imported.path(),
        &["build", "--catalogue", seed.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    let a = source_graphs(&curated.path().join("out/resgraph.nq"));
    let b = source_graphs(&imported.path().join("out/resgraph.nq"));
    assert_eq!(a.len(), 82);
    assert_eq!(a, b);

    // What differs is how the facts were obtained: curated by hand, or extracted by resgraph.
    let generated_by = |dir: &Path| -> Vec<String> {
        statements(&dir.join("out/resgraph.nt"), RdfFormat::NTriples)
            .into_iter()
            .filter(|t| {
                t.contains("/source/osce-compendium> <http://www.w3.org/ns/prov#wasGeneratedBy>")
            })
            .collect()
    };
    let version = env!("CARGO_PKG_VERSION").replace('.', "-");
    assert_eq!(
        generated_by(curated.path()),
        [
            "<https://w3id.org/resgraph/resolution/unsc/2016/2331/source/osce-compendium> <http://www.w3.org/ns/prov#wasGeneratedBy> <https://w3id.org/resgraph/activity/curation> .",
            "<https://w3id.org/resgraph/resolution/unsc/2017/2388/source/osce-compendium> <http://www.w3.org/ns/prov#wasGeneratedBy> <https://w3id.org/resgraph/activity/curation> .",
        ]
    );
    assert_eq!(
        generated_by(imported.path()),
        [
            format!("<https://w3id.org/resgraph/resolution/unsc/2016/2331/source/osce-compendium> <http://www.w3.org/ns/prov#wasGeneratedBy> <https://w3id.org/resgraph/activity/extraction/resgraph-{version}> ."),
            format!("<https://w3id.org/resgraph/resolution/unsc/2017/2388/source/osce-compendium> <http://www.w3.org/ns/prov#wasGeneratedBy> <https://w3id.org/resgraph/activity/extraction/resgraph-{version}> ."),
        ]
    );
}

#[test]
fn evidence_query_gives_the_quote_and_offsets_of_every_extracted_group_and_obligation() {
    let dir = scratch();
    std::fs::remove_dir_all(dir.path().join("data/records")).unwrap();
    let seed = seed();
    let run = resgraph(
        dir.path(),
        &["build", "--catalogue", seed.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = std::fs::read_to_string(dir.path().join("out/answers/evidence.csv")).unwrap();
    let tool = format!("resgraph {}", env!("CARGO_PKG_VERSION"));
    let rows: Vec<String> = csv
        .replace("\r\n", "\n")
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.splitn(7, ',').collect();
            cells[..5].join(",")
        })
        .collect();
    assert_eq!(
        rows,
        [
            "symbol,fact,what,start,end",
            "S/RES/2331 (2016),group,Islamic State in Iraq and the Levant,190,226",
            "S/RES/2331 (2016),group,Islamic State in Iraq and the Levant,228,239",
            "S/RES/2331 (2016),group,Boko Haram,355,365",
            "S/RES/2331 (2016),group,Al-Shabaab,367,377",
            "S/RES/2331 (2016),group,Lord’s Resistance Army,383,405",
            "S/RES/2331 (2016),obligation,United Nations agencies,659,848",
            "S/RES/2388 (2017),obligation,Secretary-General of the United Nations,384,646",
            "S/RES/2388 (2017),obligation,United Nations system organizations,648,1108",
        ]
    );
    assert!(csv.contains(&format!("S/RES/2331 (2016),group,Islamic State in Iraq and the Levant,228,239,ISIL/Da’esh,{tool},https://w3id.org/resgraph/resolution/unsc/2016/2331/annotation/2")), "{csv}");

    // The offsets count characters of the description, as the Web Annotation model says.
    let record: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo().join("data/records/unsc-2016-2331.json")).unwrap(),
    )
    .unwrap();
    let description: Vec<char> = record["description"].as_str().unwrap().chars().collect();
    assert_eq!(
        description[228..239].iter().collect::<String>(),
        "ISIL/Da’esh"
    );
}

#[test]
fn a_five_megabyte_description_is_read_whole() {
    let paragraph =
        "Trafficking in persons in supply chains is described here at length. ".repeat(1000);
    let description = vec![paragraph.trim_end(); 75].join("\n\n");
    assert!(description.len() > 5_000_000);
    let text = format!(
        "Name of Resource\n\nA long guidance note\n\nType\n\nGuidance\n\nCountry / jurisdiction\n\nGlobal\n\n\
         Organization\n\nOrganization for Security and Co-operation in Europe\n\n\
         Description\n\n{description}\n\nAvailability\n\nENG: https://www.osce.org/\n\n.\n"
    );
    let entries =
        resgraph::ingest::catalogue::parse_catalogue(Path::new("long.txt"), text.as_bytes())
            .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0].description.as_deref(),
        Some(description.as_str())
    );
}
