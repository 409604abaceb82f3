//! `resgraph push` into a real Virtuoso Open-Source server that the test starts on loopback
//! ports with a throwaway database, then queries back.

use crate::util::{
    self, encode, free_port, heavy, http, need_virtuoso, repo, resgraph, scratch, Guard,
};
use oxigraph::model::Term;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use resgraph::graph::store::{Answer, GraphStore, SparqlGraph};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const GRAPH: &str = "https://example.org/resgraph-test/graph";

/// A throwaway Virtuoso: its HTTP port, stopped (killed) when dropped.
struct Virtuoso {
    http: String,
    _guard: Guard,
}

fn start_virtuoso(dir: &Path) -> Virtuoso {
    let (sql, http_port) = (free_port(), free_port());
    let d = dir.display();
    let ini = format!(
        "[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 100000
"
    );
    std::fs::write(dir.join("virtuoso.ini"), ini).unwrap();
    let child = Command::new("virtuoso-t")
        .arg("+configfile")
        .arg(dir.join("virtuoso.ini"))
        .arg("+foreground")
        .current_dir(dir)
        .stdout(std::fs::File::create(dir.join("stdout.log")).unwrap())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("virtuoso-t starts");
    let virtuoso = Virtuoso {
        http: format!("http://127.0.0.1:{http_port}"),
        _guard: Guard {
            child,
            name: "virtuoso-t",
        },
    };
    // A fresh database takes some seconds to create; the SPARQL endpoint answers when ready.
    let started = Instant::now();
    let ready = format!("{}/sparql?query={}", virtuoso.http, encode("ASK {}"));
    loop {
        let answered = std::net::TcpStream::connect(("127.0.0.1", http_port)).is_ok()
            && http(
                "GET",
                &ready,
                &[("Accept", "application/sparql-results+json")],
                b"",
            )
            .status
                == 200;
        if answered {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "Virtuoso did not start in 120 s: {}",
            std::fs::read_to_string(dir.join("virtuoso.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    virtuoso
}

/// The rows of a SELECT answer, as sorted lines of terms.
///
/// A `GROUP_CONCAT` result (the variable `?aliases`) is compared by its text, unbound being
/// the empty text: over a group whose values are all unbound, oxigraph leaves it unbound and
/// Virtuoso gives `""`, and oxigraph keeps a language tag all the values share while Virtuoso
/// gives a simple literal. Both readings of SPARQL 1.1 exist; every other term must be equal.
fn rows_of(
    variables: &[oxigraph::sparql::Variable],
    rows: &[Vec<Option<Term>>],
) -> BTreeSet<String> {
    let text = |v: &oxigraph::sparql::Variable, t: &Option<Term>| match (v.as_str(), t) {
        ("aliases", Some(Term::Literal(l))) => format!("{:?}", l.value()),
        ("aliases", None) => "\"\"".to_owned(),
        (_, t) => t.as_ref().map(Term::to_string).unwrap_or_default(),
    };
    rows.iter()
        .map(|row| {
            variables
                .iter()
                .zip(row)
                .map(|(v, t)| format!("{v}={}", text(v, t)))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Asks Virtuoso's SPARQL endpoint over the pushed graph only.
fn ask_virtuoso(virtuoso: &Virtuoso, sparql: &str) -> BTreeSet<String> {
    let prefixes: String = resgraph::vocab::PREFIXES
        .iter()
        .map(|(p, ns)| format!("PREFIX {p}: <{ns}>\n"))
        .collect();
    let url = format!(
        "{}/sparql?default-graph-uri={}&query={}",
        virtuoso.http,
        encode(GRAPH),
        encode(&format!("{prefixes}{sparql}"))
    );
    let reply = http(
        "GET",
        &url,
        &[("Accept", "application/sparql-results+json")],
        b"",
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let parsed = QueryResultsParser::from_format(QueryResultsFormat::Json)
        .for_slice(reply.body.as_bytes())
        .unwrap();
    let SliceQueryResultsParserOutput::Solutions(solutions) = parsed else {
        panic!("not solutions: {}", reply.body)
    };
    let variables = solutions.variables().to_vec();
    let rows: Vec<Vec<Option<Term>>> = solutions
        .map(|s| {
            let s = s.unwrap();
            variables.iter().map(|v| s.get(v).cloned()).collect()
        })
        .collect();
    rows_of(&variables, &rows)
}

#[test]
#[ignore = "needs virtuoso-opensource"]
fn push_loads_the_graph_into_virtuoso_and_its_answers_match_ours() {
    need_virtuoso();
    let _heavy = heavy();
    let db = tempfile::tempdir().unwrap();
    let virtuoso = start_virtuoso(db.path());
    let dir = scratch();
    let endpoint = format!("{}/sparql-graph-crud-auth", virtuoso.http);
    let push = |password: &str, chunk: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_resgraph"))
            .args([
                "push",
                "--endpoint",
                &endpoint,
                "--graph",
                GRAPH,
                "--user",
                "dba",
            ])
            .args(["--chunk-size", chunk])
            .env("RESGRAPH_PASSWORD", password)
            .current_dir(dir.path())
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let n = |count: usize| {
        BTreeSet::from([format!(
            "?n=\"{count}\"^^<http://www.w3.org/2001/XMLSchema#integer>"
        )])
    };

    // In chunks of 100 triples: a PUT then POSTs, with Digest authentication.
    let total = util::TRIPLES;
    let chunks = total.div_ceil(100);
    let (code, stdout, stderr) = push("dba", "100");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        format!("pushed {total} triples in {chunks} chunks to <{GRAPH}> at {endpoint}\n")
    );
    // Standard error is not a terminal here, so each chunk is a log line, not a bar.
    let progress: String = (1..=chunks)
        .map(|k| {
            let done = (k * 100).min(total);
            format!("chunk {k}/{chunks} · {done}/{total} triples\n")
        })
        .collect();
    assert_eq!(stderr, progress);
    assert_eq!(ask_virtuoso(&virtuoso, count), n(total));

    // Every stored query answers there as it does here.
    let dataset = resgraph::ingest::folder::Collection::read_dir(&dir.path().join("data")).unwrap();
    let minter = resgraph::graph::mint::Minter::new(resgraph::graph::mint::DEFAULT_BASE).unwrap();
    let ours = GraphStore::load(&resgraph::graph::map::map_dataset(&dataset, &minter)).unwrap();
    // The curated data answers every stored query but `evidence` (it has no extracted facts)
    // and `unreviewed` (every concept of data/ is reviewed).
    let mut answered = 0;
    for query in resgraph::query::stored_queries(&repo().join("queries")).unwrap() {
        let Answer::Solutions { variables, rows } = ours.query(&query.name, &query.sparql).unwrap()
        else {
            panic!("{} is not a SELECT", query.name)
        };
        answered += usize::from(!rows.is_empty());
        assert_eq!(
            ask_virtuoso(&virtuoso, &query.sparql),
            rows_of(&variables, &rows),
            "stored query {}",
            query.name
        );
    }
    assert_eq!(answered, 8, "stored queries with a non-empty answer");

    // Pushing again replaces the graph (the PUT), it does not add to it.
    let (code, stdout, _) = push("dba", "50000");
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        format!("pushed {total} triples in 1 chunk to <{GRAPH}> at {endpoint}\n")
    );
    assert_eq!(ask_virtuoso(&virtuoso, count), n(total));

    // Refused credentials: exit 1, a message that says nothing was written, graph unchanged.
    let (code, _, stderr) = push("wrong", "100");
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!(
            "answered HTTP 401 Unauthorized to the PUT of chunk 1 of {chunks} (100 triples)"
        )),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(&format!(
            "(the credentials were refused)\nThe store refused the PUT that replaces <{GRAPH}>, so it was not changed; nothing was written.\n"
        )),
        "{stderr}"
    );
    assert_eq!(ask_virtuoso(&virtuoso, count), n(total));
}

#[test]
fn push_without_a_store_says_nothing_was_written() {
    let dir = scratch();
    let port = free_port();
    let endpoint = format!("http://127.0.0.1:{port}/gsp");
    let run = resgraph(
        dir.path(),
        &["push", "--endpoint", &endpoint, "--graph", GRAPH],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(&format!(
            "error: push: the PUT of chunk 1 of 1 ({} triples) to {endpoint} could not be sent: ",
            util::TRIPLES
        )),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .ends_with(&format!("\nNothing was sent: <{GRAPH}> is as it was.\n")));
    let https = resgraph(
        dir.path(),
        &[
            "push",
            "--endpoint",
            "https://127.0.0.1:1/gsp",
            "--graph",
            GRAPH,
        ],
    );
    assert_eq!(https.code, 1);
    assert_eq!(
        https.stderr,
        "error: push: https://127.0.0.1:1/gsp: give an http:// URL (this build of resgraph speaks plain HTTP only)\n"
    );
}
