//! Bad input is refused with the file, line and column (or field) and what is wrong, exit code
//! 1, and nothing in `out/` replaced.

use crate::util::{assert_text, repo, resgraph, scratch, snapshot};

/// What [`snapshot`] returns: every file under a folder, with its bytes.
type Snapshot = Vec<(std::path::PathBuf, Vec<u8>)>;

/// Builds with `data/records/` holding only the fixture `tests/fixtures/bad-records/NAME.json`
/// over an `out/` from an earlier good build; returns the error and checks `out/` is untouched.
fn build_with_bad_record(name: &str) -> String {
    let dir = scratch();
    assert_eq!(resgraph(dir.path(), &["build"]).code, 0);
    let before = snapshot(&dir.path().join("out"));

    let records = dir.path().join("data/records");
    std::fs::remove_dir_all(&records).unwrap();
    std::fs::create_dir(&records).unwrap();
    let fixture = repo().join(format!("tests/fixtures/bad-records/{name}.json"));
    std::fs::copy(fixture, records.join(format!("{name}.json"))).unwrap();

    let run = resgraph(dir.path(), &["build"]);
    assert_eq!(run.stdout, "");
    assert_refused(&run, &dir.path().join("out"), &before);
    run.stderr
}

/// Checks that `run` failed with exit code 1 and left `out` as `before`.
fn assert_refused(run: &crate::util::Run, out: &std::path::Path, before: &Snapshot) {
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        snapshot(out) == *before,
        "out/ changed after a failed build"
    );
}

#[test]
fn malformed_json() {
    assert_text(
        &build_with_bad_record("bad-json"),
        "error: data/records/bad-json.json:6:16: key must be a string\n",
    );
}

#[test]
fn unknown_field() {
    assert_text(
        &build_with_bad_record("unknown-field"),
        "error: data/records/unknown-field.json:60:16: organisation: unknown field `organisation`, expected one of `title`, `instrument`, `symbol`, `body`, `number`, `key`, `year`, `type`, `jurisdiction`, `adopted`, `description`, `topics`, `groups`, `obligations`, `availability`, `sources`, `extraction`\n",
    );
}

#[test]
fn impossible_date() {
    assert_text(
        &build_with_bad_record("impossible-date"),
        "error: data/records/impossible-date.json:9:14: adopted: 2016-02-31 is not a date: February 2016 has 29 days\n",
    );
}

#[test]
fn url_with_a_space() {
    assert_text(
        &build_with_bad_record("url-with-space"),
        "error: data/records/url-with-space.json:37:14: availability[0].url: \"https://undocs.org/en/S/RES/2388 (2017)\" is not a valid IRI: a space at character 33 is not allowed (percent-encode it)\n",
    );
}

#[test]
fn url_with_angle_brackets() {
    assert_text(
        &build_with_bad_record("url-with-angle-brackets"),
        "error: data/records/url-with-angle-brackets.json:37:14: availability[0].url: \"https://undocs.org/<S/RES/2388>\" is not a valid IRI: '<' at character 20 is not allowed (percent-encode it)\n",
    );
}

#[test]
fn url_that_is_not_http() {
    assert_text(
        &build_with_bad_record("url-javascript"),
        "error: data/records/url-javascript.json:37:14: availability[0].url: \"javascript:alert(1)\" is not an http(s) IRI: its scheme is javascript\n",
    );
}

#[test]
fn unknown_group() {
    assert_text(
        &build_with_bad_record("unknown-group"),
        "error: data/records/unknown-group.json: groups[0]: unknown group id hezbollah: it is not in data/concepts/groups.json\n",
    );
}

#[test]
fn fact_without_a_source() {
    assert_text(
        &build_with_bad_record("fact-without-source"),
        "error: data/records/fact-without-source.json: adopted: no source backs this fact: list it under the `facts` of one of `sources`\n",
    );
}

#[test]
fn two_records_for_one_resolution() {
    let dir = scratch();
    let records = dir.path().join("data/records");
    std::fs::copy(
        records.join("unsc-2016-2331.json"),
        records.join("unsc-2016-2331-copy.json"),
    )
    .unwrap();
    let run = resgraph(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert_text(
        &run.stderr,
        "error: data/records/unsc-2016-2331.json: number: unsc resolution 2331 of 2016 is already described by data/records/unsc-2016-2331-copy.json\n",
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn stored_query_without_its_question() {
    let dir = scratch();
    std::fs::create_dir_all(dir.path().join("data/queries")).unwrap();
    std::fs::write(
        dir.path().join("data/queries/bare.rq"),
        "SELECT * WHERE { ?s ?p ?o }\n",
    )
    .unwrap();
    let run = resgraph(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert_text(
        &run.stderr,
        "error: data/queries/bare.rq:1:1: a stored query starts with a `# ` comment saying what question it answers\n",
    );
}

#[test]
fn stored_query_that_fails_when_evaluated_leaves_nothing() {
    // The other answers are written to staged files as they are evaluated: none is left.
    let dir = scratch();
    std::fs::create_dir_all(dir.path().join("data/queries")).unwrap();
    std::fs::write(
        dir.path().join("data/queries/zzz-unsupported.rq"),
        "# Which function?\nSELECT * WHERE { ?s ?p ?o } ORDER BY <http://example.org/f>(?s)\n",
    )
    .unwrap();
    let run = resgraph(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert_text(
        &run.stderr,
        "error: data/queries/zzz-unsupported.rq: The custom function <http://example.org/f> is not supported\n",
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn stored_query_with_a_syntax_error() {
    let dir = scratch();
    std::fs::create_dir_all(dir.path().join("data/queries")).unwrap();
    std::fs::write(
        dir.path().join("data/queries/broken.rq"),
        "# Broken on purpose?\nSELECT * WHERE { ?s ?p }\n",
    )
    .unwrap();
    let run = resgraph(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert_text(
        &run.stderr,
        "error: data/queries/broken.rq: error at 3:1: expected OPTIONAL\n",
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn bad_base_iri_is_a_usage_error() {
    let dir = scratch();
    let run = resgraph(
        dir.path(),
        &["build", "--base", "https://example.org/no-slash"],
    );
    assert_eq!(run.code, 2);
    assert_text(
        &run.stderr,
        "error: base IRI \"https://example.org/no-slash\": end it with '/' and give no query or fragment\n",
    );
    // A no-break space is a valid IRI character, but never one a base should hold (fuzz
    // target `mint`, crash-24ae7b6e…).
    let run = resgraph(
        dir.path(),
        &["build", "--base", "https://example.org/a\u{a0}b/"],
    );
    assert_eq!(run.code, 2);
    assert_text(
        &run.stderr,
        "error: base IRI \"https://example.org/a\\u{a0}b/\": it holds a space character; write it percent-encoded\n",
    );
}

#[test]
fn unknown_option_is_a_usage_error() {
    let dir = scratch();
    let run = resgraph(dir.path(), &["build", "--frobnicate"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unexpected argument '--frobnicate'"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let run = resgraph(dir.path(), &["build", "--data", "nowhere"]);
    assert_eq!(run.code, 1);
    assert_text(
        &run.stderr,
        "error: nowhere: the data folder does not exist (give the folder holding records/ and concepts/ with --data DIR)\n",
    );
}

#[test]
fn a_control_character_rdf_xml_cannot_hold() {
    assert_text(
        &build_with_bad_record("control-character"),
        "error: data/records/control-character.json: title: the character U+0001 at character 97 is not allowed: RDF/XML cannot hold it (no control characters but tab and line breaks)\n",
    );
}

#[test]
fn a_control_character_in_a_concept_label() {
    let dir = scratch();
    assert_eq!(resgraph(dir.path(), &["build"]).code, 0);
    let before = snapshot(&dir.path().join("out"));
    let groups = dir.path().join("data/concepts/groups.json");
    let text = std::fs::read_to_string(&groups).unwrap();
    let text = text.replacen("\"Boko Haram\"", "\"Boko\\u001bHaram\"", 1);
    std::fs::write(&groups, text).unwrap();

    let run = resgraph(dir.path(), &["build"]);
    assert_refused(&run, &dir.path().join("out"), &before);
    assert_text(
        &run.stderr,
        "error: data/concepts/groups.json: concepts[1].label: the character U+001B at character 5 is not allowed: RDF/XML cannot hold it (no control characters but tab and line breaks)\n",
    );
}

/// The exporters and the loader take the first batches on threads of their own while the
/// build maps the third, which holds a record of an unknown body: the build stops with its
/// error, and nothing in `out/` is replaced.
#[test]
fn a_bad_record_in_a_late_batch_stops_the_build_and_replaces_nothing() {
    let dir = scratch();
    let data = crate::util::synthetic_data(dir.path(), "synthetic", 1200, 5);
    let args = ["build", "--data", "synthetic"];
    assert_eq!(resgraph(dir.path(), &args).code, 0);
    let before = snapshot(&dir.path().join("out"));

    // Record 1101 is in the third batch of 512 (`build::BATCH`).
    let path = data.join("records/r01100.json");
    let record = std::fs::read_to_string(&path).unwrap();
    let start = record.find("\"body\":\"").unwrap() + 7;
    let end = start + 1 + record[start + 1..].find('"').unwrap();
    let mut bad = record.clone();
    bad.replace_range(start..=end, "\"nobody\"");
    std::fs::write(&path, bad).unwrap();

    let run = resgraph(dir.path(), &args);
    assert_refused(&run, &dir.path().join("out"), &before);
    assert_text(
        &run.stderr,
        "error: synthetic/records/r01100.json: body: unknown body id nobody: it is not in synthetic/concepts/bodies.json\n",
    );
}
