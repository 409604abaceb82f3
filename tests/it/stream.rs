//! The streaming path: JSON Lines in, every format out, the same bytes as the non-streamed path;
//! synthetic records; gzip dumps in shards with their SHA-256.

use crate::util::{assert_text, resgraph, resgraph_with_env, scratch, statements};
use oxigraph::io::RdfFormat;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// Writes the records of `dir` (sorted by file name) as one JSON Lines file.
fn records_as_jsonl(dir: &Path, jsonl: &Path) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut lines = String::new();
    for file in files {
        let value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        lines.push_str(&serde_json::to_string(&value).unwrap());
        lines.push('\n');
    }
    std::fs::write(jsonl, lines).unwrap();
}

#[test]
fn streaming_json_lines_gives_the_same_bytes_as_build_in_every_format() {
    let dir = scratch();
    assert_eq!(resgraph(dir.path(), &["build"]).code, 0);
    records_as_jsonl(
        &dir.path().join("data/records"),
        &dir.path().join("records.jsonl"),
    );
    for format in ["ttl", "nt", "nq", "trig", "rdf", "jsonld"] {
        let file = format!("streamed.{format}");
        let run = resgraph(
            dir.path(),
            &[
                "export",
                "records.jsonl",
                "--format",
                format,
                "-o",
                &file,
                "--quiet",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let streamed = std::fs::read(dir.path().join(&file)).unwrap();
        let built = std::fs::read(dir.path().join(format!("out/resgraph.{format}"))).unwrap();
        assert!(
            streamed == built,
            "{format}: streamed output differs from build"
        );
    }
}

#[test]
fn synthetic_records_are_deterministic_and_stream_like_record_files() {
    let dir = scratch();
    for name in ["a.jsonl", "b.jsonl"] {
        let run = resgraph(dir.path(), &["synth", "3000", "-o", name]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let a = std::fs::read(dir.path().join("a.jsonl")).unwrap();
    assert!(
        a == std::fs::read(dir.path().join("b.jsonl")).unwrap(),
        "synth is not deterministic"
    );
    let text = String::from_utf8(a).unwrap();
    assert_eq!(text.lines().count(), 3000);

    // The same records as one file each, read whole (not streamed).
    let records = dir.path().join("one-file-each");
    std::fs::create_dir(&records).unwrap();
    for (i, line) in text.lines().enumerate() {
        std::fs::write(records.join(format!("{i:06}.json")), line).unwrap();
    }
    for format in ["ttl", "nq"] {
        let streamed = resgraph(
            dir.path(),
            &["export", "a.jsonl", "--format", format, "--quiet"],
        );
        let whole = resgraph(dir.path(), &["export", "one-file-each", "--format", format]);
        assert_eq!(streamed.code, 0, "{}", streamed.stderr);
        assert_eq!(whole.code, 0, "{}", whole.stderr);
        assert!(
            streamed.stdout == whole.stdout,
            "{format}: streamed differs from whole"
        );
    }
}

#[test]
fn gzip_dump_in_shards_with_their_sha256() {
    let dir = scratch();
    assert_eq!(
        resgraph(dir.path(), &["synth", "500", "-o", "r.jsonl"]).code,
        0
    );
    let plain = resgraph(
        dir.path(),
        &["export", "r.jsonl", "--format", "nt", "--quiet"],
    );
    let run = resgraph(
        dir.path(),
        &[
            "export",
            "r.jsonl",
            "--format",
            "nt",
            "-o",
            "dump/r.nt.gz",
            "--split",
            "4000",
            "--quiet",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut shards: Vec<_> = std::fs::read_dir(dir.path().join("dump"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    shards.sort();
    let lines = plain.stdout.lines().count();
    let expected = lines.div_ceil(4000);
    assert_eq!(shards.len(), 2 * expected, "{shards:?}");
    let mut joined = String::new();
    for n in 1..=expected {
        let name = format!("r.{n:06}.nt.gz");
        let bytes = std::fs::read(dir.path().join("dump").join(&name)).unwrap();
        let sidecar =
            std::fs::read_to_string(dir.path().join("dump").join(format!("{name}.sha256")))
                .unwrap();
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(sidecar, format!("{digest}  {name}\n"));
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        assert!(text.lines().count() <= 4000);
        joined.push_str(&text);
    }
    assert!(
        joined == plain.stdout,
        "the shards do not add up to the plain dump"
    );
}

#[test]
fn a_bad_line_names_its_line_column_and_field() {
    let dir = scratch();
    assert_eq!(
        resgraph(dir.path(), &["synth", "3", "-o", "r.jsonl"]).code,
        0
    );
    let text = std::fs::read_to_string(dir.path().join("r.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let broken = lines[1].replacen("\"adopted\":\"", "\"adopted\":\"31 February ", 1);
    std::fs::write(
        dir.path().join("bad.jsonl"),
        format!("{}\n\n{broken}\n", lines[0]),
    )
    .unwrap();
    let run = resgraph(
        dir.path(),
        &["export", "bad.jsonl", "-o", "bad.ttl", "--quiet"],
    );
    assert_eq!(run.code, 1);
    let column = broken.find("\"31 February").unwrap() + 1;
    let value = &broken[column..broken[column..].find('"').unwrap() + column];
    assert_text(
        &run.stderr,
        &format!("error: bad.jsonl:3:{column}: adopted: {value:?} is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY\n"),
    );
    assert!(!dir.path().join("bad.ttl").exists());
}

#[test]
fn dumps_are_for_line_based_formats() {
    let dir = scratch();
    let run = resgraph(dir.path(), &["export", "--format", "ttl", "-o", "x.ttl.gz"]);
    assert_eq!(run.code, 2);
    assert_text(
        &run.stderr,
        "error: gzip dumps and --split are for line-based formats: use --format nt or nq\n",
    );
}

#[test]
fn every_core_and_one_worker_give_the_same_bytes_and_graph_run_after_run() {
    let dir = scratch();
    // 3000 records: a dozen chunks, prepared out of order by the workers.
    assert_eq!(
        resgraph(dir.path(), &["synth", "3000", "-o", "r.jsonl"]).code,
        0
    );
    for format in ["ttl", "nt", "nq", "trig", "rdf", "jsonld"] {
        let mut outputs = Vec::new();
        for (name, threads) in [("a", "2"), ("b", "2"), ("one", "1"), ("four", "4")] {
            let file = format!("{name}.{format}");
            let run = resgraph_with_env(
                dir.path(),
                &[("RAYON_NUM_THREADS", threads)],
                &[
                    "export", "r.jsonl", "--format", format, "-o", &file, "--quiet",
                ],
            );
            assert_eq!(run.code, 0, "{}", run.stderr);
            outputs.push(std::fs::read(dir.path().join(&file)).unwrap());
        }
        for (other, bytes) in ["again", "one worker", "four workers"]
            .iter()
            .zip(&outputs[1..])
        {
            assert!(bytes == &outputs[0], "{format}: {other} gives other bytes");
        }
    }
    // The Turtle, parsed back, is exactly the graph of the N-Triples (the prefixes are declared
    // once, in front of chunks serialized apart), and the N-Quads' default graph.
    let turtle = statements(&dir.path().join("a.ttl"), RdfFormat::Turtle);
    let triples = statements(&dir.path().join("a.nt"), RdfFormat::NTriples);
    assert_eq!(triples.len(), 144_530);
    assert!(turtle == triples, "the Turtle and the N-Triples differ");
    let trig = statements(&dir.path().join("a.trig"), RdfFormat::TriG);
    let quads = statements(&dir.path().join("a.nq"), RdfFormat::NQuads);
    assert!(trig == quads, "the TriG and the N-Quads differ");
}

#[test]
fn a_bad_record_in_a_late_chunk_stops_the_export_and_writes_nothing() {
    let dir = scratch();
    assert_eq!(
        resgraph(dir.path(), &["synth", "2000", "-o", "r.jsonl"]).code,
        0
    );
    let text = std::fs::read_to_string(dir.path().join("r.jsonl")).unwrap();
    let lines: Vec<String> = text.lines().map(String::from).collect();
    // Line 1700 is in the seventh chunk; the chunks after it are prepared by then too. Its
    // year is not a number (a syntax error, with its column), then its body is no known body
    // (a check, with its line).
    let year = lines[1699].find("\"year\":").unwrap() + 7;
    let mut bad_year = lines.clone();
    bad_year[1699].insert_str(year, "\"MMXVI\",\"was\":");
    let start = lines[1699].find("\"body\":\"").unwrap() + 7;
    let end = start + 1 + lines[1699][start + 1..].find('"').unwrap();
    let mut bad_body = lines.clone();
    bad_body[1699].replace_range(start..=end, "\"nobody\"");
    let cases = [
        (bad_year, "ttl", format!("bad.jsonl:1700:{}: year: invalid type: string \"MMXVI\", expected u16", year + 7)),
        (bad_body, "nt", "bad.jsonl: line 1700, body: unknown body id nobody: it is not in data/concepts/bodies.json".to_string()),
    ];
    for (lines, format, error) in cases {
        std::fs::write(dir.path().join("bad.jsonl"), lines.join("\n")).unwrap();
        let out = format!("bad.{format}");
        let run = resgraph(
            dir.path(),
            &[
                "export",
                "bad.jsonl",
                "--format",
                format,
                "-o",
                &out,
                "--quiet",
            ],
        );
        assert_eq!(run.code, 1);
        assert_text(&run.stderr, &format!("error: {error}\n"));
        assert!(!dir.path().join(&out).exists());
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".resgraph-"))
        .collect();
    assert_eq!(left, Vec::<String>::new(), "temporary files left behind");
}
