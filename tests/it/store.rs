//! The on-disk store: `build --store DIR` writes it (RocksDB, for real), `query --store DIR`
//! and `serve --store DIR` open it read-only and answer exactly as the build did.

use crate::util::{self, get, resgraph, scratch, serve};

/// The HTML pages at `paths` of the server at `base_url`, each checked to be a 200.
fn pages(base_url: &str, paths: &[&str]) -> Vec<String> {
    let page = |path: &&str| {
        let page = get(&format!("{base_url}{path}"), "text/html");
        assert_eq!(page.status, 200, "{path}");
        page.body
    };
    paths.iter().map(page).collect()
}

/// The stored queries of `queries/`, by name.
fn stored_queries() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(util::repo().join("queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The CSV answer of `query --store graph --sparql SPARQL` in `dir`.
fn count_in_store(dir: &std::path::Path, sparql: &str) -> String {
    let args = [
        "query", "--store", "graph", "--format", "csv", "--sparql", sparql,
    ];
    let run = resgraph(dir, &args);
    assert_eq!(run.code, 0, "{sparql}: {}", run.stderr);
    run.stdout
}

#[test]
#[cfg_attr(
    not(feature = "disk"),
    ignore = "needs the disk feature: cargo test --features disk"
)]
fn query_over_the_built_store_gives_the_answers_build_wrote() {
    let dir = scratch();
    // A store folder left by an interrupted build is never taken for a store, and is cleared.
    std::fs::create_dir_all(dir.path().join("graph.tmp-resgraph/junk")).unwrap();
    let run = resgraph(dir.path(), &["build", "--store", "graph"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.path().join("graph.tmp-resgraph").exists());
    let note = std::fs::read_to_string(dir.path().join("graph/resgraph-store.json")).unwrap();
    let note: serde_json::Value = serde_json::from_str(&note).unwrap();
    assert_eq!(
        note,
        serde_json::json!({
            "records": 2,
            "triples": util::TRIPLES,
            "quads": util::QUADS,
            "graphs": 4,
            "base": "https://w3id.org/resgraph/",
            "licence": "http://creativecommons.org/licenses/by/4.0/",
            "answers": {
                "addressees": 3, "disagreements": 1, "evidence": 0, "groups": 4,
                "instruments": 2, "jurisdictions": 2, "obligations": 2, "resolutions": 2,
                "topics": 12, "unreviewed": 0
            }
        })
    );
    // The store keeps what build published from it, as hard links to the files in out/.
    for name in [
        "resgraph.ttl",
        "resgraph.nt",
        "resgraph.nq",
        "resgraph.trig",
        "resgraph.rdf",
        "resgraph.jsonld",
        "catalog.ttl",
        "ontology.html",
    ] {
        use std::os::unix::fs::MetadataExt;
        let kept = std::fs::metadata(dir.path().join("graph").join(name)).unwrap();
        let published = std::fs::metadata(dir.path().join("out").join(name)).unwrap();
        assert_eq!(kept.ino(), published.ino(), "{name}");
    }
    // The data folder is not read: the answers come from the store alone.
    std::fs::remove_dir_all(dir.path().join("data/records")).unwrap();
    let names = stored_queries();
    assert_eq!(names.len(), 10);
    for name in &names {
        let run = resgraph(
            dir.path(),
            &["query", name, "--store", "graph", "--format", "csv"],
        );
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let built = std::fs::read_to_string(dir.path().join(format!("out/answers/{name}.csv")));
        assert_eq!(run.stdout, built.unwrap(), "{name}");
    }
    let count = count_in_store(
        dir.path(),
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    );
    assert_eq!(count, format!("n\r\n{}\r\n", util::QUADS - util::TRIPLES));
}

#[test]
#[cfg_attr(
    not(feature = "disk"),
    ignore = "needs the disk feature: cargo test --features disk"
)]
fn a_second_build_replaces_the_store_and_a_folder_without_one_is_refused() {
    let dir = scratch();
    for _ in 0..2 {
        let run = resgraph(dir.path(), &["build", "--store", "graph", "--no-validate"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    assert!(!dir.path().join("graph.old-resgraph").exists());
    let run = resgraph(dir.path(), &["query", "resolutions", "--store", "graph"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let run = resgraph(dir.path(), &["query", "resolutions", "--store", "empty"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: empty: no complete store here (no resgraph-store.json): give the folder that `resgraph build --store DIR` wrote\n"
    );
}

#[test]
#[cfg_attr(
    not(feature = "disk"),
    ignore = "needs the disk feature: cargo test --features disk"
)]
fn serve_answers_from_the_built_store() {
    let dir = scratch();
    let run = resgraph(dir.path(), &["build", "--store", "graph"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The browse pages, as a server that builds the graph in memory shows them.
    let browse = [
        "/instruments",
        "/instruments?year=2016",
        "/instruments?q=procurement+agencies",
        "/instruments?group=Boko+Haram",
    ];
    let expected = pages(&serve(dir.path(), &[]).base_url, &browse);
    std::fs::remove_dir_all(dir.path().join("data/records")).unwrap();
    let server = serve(dir.path(), &["--store", "graph"]);
    // serve --store shows the same pages from the browse index build kept with the store.
    assert!(dir.path().join("graph/browse-index.json").is_file());
    for (page, expected) in pages(&server.base_url, &browse).iter().zip(&expected) {
        util::assert_text(page, expected);
    }
    assert!(expected[1].contains("S/RES/2331 (2016)") && !expected[1].contains("S/RES/2388"));
    for name in stored_queries() {
        let reply = get(&format!("{}/query/{name}", server.base_url), "text/csv");
        assert_eq!(reply.status, 200, "{name}");
        let built = std::fs::read_to_string(dir.path().join(format!("out/answers/{name}.csv")));
        assert_eq!(reply.body, built.unwrap(), "{name}");
    }
    let home = get(&format!("{}/", server.base_url), "text/html");
    for part in [
        format!(
            "<tr><th>triples (default graph)</th><td>{}</td></tr>",
            util::TRIPLES
        ),
        format!(
            "<tr><th>quads (with the source graphs)</th><td>{}</td></tr>",
            util::QUADS
        ),
    ] {
        assert!(home.body.contains(&part), "missing {part}\n{}", home.body);
    }
    // The counts the home page shows are the graph's (made once, without counting quads).
    let graphs = count_in_store(
        dir.path(),
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    );
    let graphs = graphs.lines().nth(1).unwrap();
    let part = format!("<tr><th>source graphs</th><td>{graphs}</td></tr>");
    assert!(home.body.contains(&part), "missing {part}\n{}", home.body);
    // That count is the one build noted, not counted again: a note that says otherwise is shown.
    let note_path = dir.path().join("graph/resgraph-store.json");
    let note = std::fs::read_to_string(&note_path).unwrap();
    let noted = format!("\"graphs\": {graphs},");
    assert!(note.contains(&noted), "{note}");
    std::fs::write(&note_path, note.replace(&noted, "\"graphs\": 7,")).unwrap();
    let renoted = serve(dir.path(), &["--store", "graph"]);
    let home = get(&format!("{}/", renoted.base_url), "text/html");
    let part = "<tr><th>source graphs</th><td>7</td></tr>";
    assert!(home.body.contains(part), "missing {part}\n{}", home.body);
    // A note from before the count was noted: serve counts.
    std::fs::write(&note_path, note.replace(&noted, "")).unwrap();
    let counted = serve(dir.path(), &["--store", "graph"]);
    let home = get(&format!("{}/", counted.base_url), "text/html");
    let part = format!("<tr><th>source graphs</th><td>{graphs}</td></tr>");
    assert!(home.body.contains(&part), "missing {part}\n{}", home.body);
    // /ontology is the page build wrote, kept in the store folder.
    let page = get(&format!("{}/ontology", server.base_url), "text/html");
    let built = std::fs::read_to_string(dir.path().join("out/ontology.html")).unwrap();
    assert_eq!(page.body, built);
    // /catalog is the catalog build wrote, and the dumps are build's exports, byte for byte,
    // even once out/ is gone: the store folder keeps them.
    let out = dir.path().join("out");
    let built: Vec<(String, String)> = ["catalog.ttl", "resgraph.nq", "resgraph.jsonld"]
        .iter()
        .map(|name| {
            (
                name.to_string(),
                std::fs::read_to_string(out.join(name)).unwrap(),
            )
        })
        .collect();
    std::fs::remove_dir_all(&out).unwrap();
    let catalog = get(&format!("{}/catalog", server.base_url), "text/turtle");
    assert_eq!(catalog.status, 200);
    util::assert_text(&catalog.body, &built[0].1);
    for (name, bytes) in &built[1..] {
        let url = format!("{}/dump/{name}", server.base_url);
        let dump = get(&url, "*/*");
        assert_eq!(dump.status, 200, "{name}");
        assert_eq!(
            dump.header("content-length"),
            Some(bytes.len().to_string().as_str())
        );
        assert!(dump.body == *bytes, "{name} differs from build's export");
        let head = util::raw("HEAD", &url, "*/*");
        assert_eq!(
            head.header("content-length"),
            Some(bytes.len().to_string().as_str())
        );
        assert_eq!(head.body, "");
    }
}

#[test]
#[cfg_attr(
    not(feature = "disk"),
    ignore = "needs the disk feature: cargo test --features disk"
)]
fn the_browse_index_build_notes_is_the_one_serve_makes_from_its_store() {
    // `build --store` notes the browse index as it loads the quads; a server without a kept
    // index makes it from its store. On records of every kind, over two pages, both list,
    // count and find the same instruments.
    let dir = scratch();
    util::synthetic_data(dir.path(), "synthetic", 60, 5);
    let run = resgraph(
        dir.path(),
        &[
            "build",
            "--data",
            "synthetic",
            "--store",
            "graph",
            "--no-validate",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let browse = [
        "/instruments",
        "/instruments?page=2",
        "/instruments?kind=resolution",
        "/instruments?q=trafficking+persons",
    ];
    let expected = pages(
        &serve(dir.path(), &["--data", "synthetic"]).base_url,
        &browse,
    );
    let server = serve(dir.path(), &["--store", "graph"]);
    for (page, expected) in pages(&server.base_url, &browse).iter().zip(&expected) {
        util::assert_text(page, expected);
    }
    assert!(expected[0].contains("of 60 instruments"), "{}", expected[0]);
}

#[test]
#[cfg_attr(
    not(feature = "disk"),
    ignore = "needs the disk feature: cargo test --features disk"
)]
fn serve_sends_the_answers_build_kept_whatever_their_size() {
    let dir = scratch();
    let run = resgraph(dir.path(), &["build", "--store", "graph", "--no-validate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // An answer of the graph as `query` gives it from the store, in each results format.
    let from_store = |format: &str| {
        let args = ["query", "topics", "--store", "graph", "--format", format];
        let run = resgraph(dir.path(), &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    // With at most 5 rows an answer, `topics` (12 rows) is refused when evaluated; the answer
    // build kept is sent whole, in every results format, and a browser sees its first rows.
    let server = serve(dir.path(), &["--store", "graph", "--max-rows", "5"]);
    let url = format!("{}/query/topics", server.base_url);
    for (media, format) in [
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
    ] {
        let reply = get(&url, media);
        assert_eq!(reply.status, 200, "{media}: {}", reply.body);
        assert_eq!(reply.body, from_store(format), "{media}");
        assert!(reply.header("content-type").unwrap().starts_with(media));
        assert_eq!(reply.header("vary"), Some("Accept"));
    }
    let page = get(&url, "text/html");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("The first 5 rows of 12."),
        "{}",
        page.body
    );
    assert_eq!(page.body.matches("<tr><td>").count(), 5, "{}", page.body);
    let text = std::fs::read_to_string(util::repo().join("queries/topics.rq")).unwrap();
    let sparql = format!("{}/sparql?query={}", server.base_url, util::encode(&text));
    let refused = get(&sparql, "text/csv");
    assert_eq!(refused.status, 403, "{}", refused.body);
    drop(server);
    // A stored query whose text is not the one build answered is evaluated, within the limits.
    let queries = dir.path().join("other-queries");
    std::fs::create_dir(&queries).unwrap();
    std::fs::write(queries.join("topics.rq"), format!("{text}\n")).unwrap();
    let other = [
        "--store",
        "graph",
        "--max-rows",
        "5",
        "--queries",
        "other-queries",
    ];
    let server = serve(dir.path(), &other);
    let reply = get(&format!("{}/query/topics", server.base_url), "text/csv");
    assert_eq!(reply.status, 403, "{}", reply.body);
}

#[test]
#[cfg_attr(
    not(feature = "disk"),
    ignore = "needs the disk feature: cargo test --features disk"
)]
fn serve_offers_the_dumps_build_wrote_and_no_other() {
    let dir = scratch();
    let args = [
        "build",
        "--store",
        "graph",
        "--formats",
        "nt",
        "--no-validate",
    ];
    let run = resgraph(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The store folder's file names (not their bytes: RocksDB's files are among them).
    let kept: Vec<String> = std::fs::read_dir(dir.path().join("graph"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("resgraph."))
        .collect();
    assert_eq!(kept, ["resgraph.nt"]);
    let server = serve(dir.path(), &["--store", "graph"]);
    let dump = get(&format!("{}/dump/resgraph.nt", server.base_url), "*/*");
    assert_eq!(dump.status, 200);
    let built = std::fs::read_to_string(dir.path().join("out/resgraph.nt")).unwrap();
    assert!(dump.body == built, "the dump differs from build's export");
    let dump = get(&format!("{}/dump/resgraph.nq", server.base_url), "*/*");
    assert_eq!(dump.status, 404);
    let catalog = get(&format!("{}/catalog", server.base_url), "text/turtle");
    assert!(catalog.body.contains("/dump/resgraph.nt>"));
    assert!(!catalog.body.contains("/dump/resgraph.nq>"));
}

#[test]
#[cfg_attr(
    not(feature = "disk"),
    ignore = "needs the disk feature: cargo test --features disk"
)]
fn serve_refuses_a_store_under_another_base_or_licence() {
    let dir = scratch();
    let run = resgraph(dir.path(), &["build", "--store", "graph", "--no-validate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = resgraph(
        dir.path(),
        &[
            "serve",
            "--store",
            "graph",
            "--base",
            "https://example.org/other/",
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --base https://example.org/other/: the store in graph was built with --base https://w3id.org/resgraph/, which its kept catalog states; serve it with that\n"
    );
    let run = resgraph(
        dir.path(),
        &[
            "serve",
            "--store",
            "graph",
            "--licence",
            "https://example.org/licence",
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --licence https://example.org/licence: the store in graph was built with --licence http://creativecommons.org/licenses/by/4.0/, which its kept catalog states; serve it with that\n"
    );
}

#[test]
#[cfg_attr(
    not(feature = "disk"),
    ignore = "needs the disk feature: cargo test --features disk"
)]
fn slow_dump_readers_hold_no_thread() {
    use std::io::Write;
    let dir = scratch();
    // 2000 records: an N-Quads dump of about 40 MB, more than a socket's buffers take.
    util::synthetic_data(dir.path(), "synthetic", 2000, 5);
    let args = [
        "build",
        "--data",
        "synthetic",
        "--store",
        "graph",
        "--no-validate",
    ];
    let run = resgraph(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A reader that held a thread would hold it until the request timeout drops its
    // connection: 120 s here, so a query that waits for a thread cannot answer within 30 s.
    let server = serve(
        dir.path(),
        &["--store", "graph", "--request-timeout", "120"],
    );
    let host = server.base_url.strip_prefix("http://").unwrap();
    // The bound below is about waiting, not speed; other heavy tests are kept off the cores.
    let _heavy = util::heavy();
    // More readers than the server has threads for requests (64), none taking its dump.
    let readers: Vec<std::net::TcpStream> = (0..80)
        .map(|_| {
            let mut reader = std::net::TcpStream::connect(host).unwrap();
            write!(
                reader,
                "GET /dump/resgraph.nq HTTP/1.1\r\nHost: {host}\r\n\r\n"
            )
            .unwrap();
            reader
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_secs(1));
    util::stored_query_answers_within(&server, 30.0, "beside 80 slow dump readers");
    drop(readers);
    // A reader that takes it gets the whole export, piece after piece.
    let dump = get(&format!("{}/dump/resgraph.nq", server.base_url), "*/*");
    let exported = std::fs::read_to_string(dir.path().join("out/resgraph.nq")).unwrap();
    assert!(exported.len() > 30 << 20, "{} bytes", exported.len());
    assert!(
        dump.body == exported,
        "the dump differs from build's export"
    );
}
