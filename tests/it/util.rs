//! A small harness: run the real `resgraph` binary in a scratch folder and read what it wrote,
//! compare texts with a readable diff, start servers on loopback ports, require the tools from
//! outside the repository that some tests need, and keep the heavy tests from running at once.
//!
//! A test that needs something outside the repository is `#[ignore = "needs …"]`, so that
//! `cargo test` passes in a clean clone; `cargo test -- --include-ignored` (what `.ci/run`
//! runs) runs it too, and then it fails, naming what is missing and how to install it, when
//! that is not here. It never passes without having checked anything.

use oxigraph::io::{RdfFormat, RdfParser};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

/// Distinct triples in the graph built from `data/` (the default graph): 474 from the records
/// and concept schemes, and 23 from the rows of `data/mappings.sssom.tsv`.
pub const TRIPLES: usize = 497;

/// Quads in the graph built from `data/` (the default graph and the source graphs).
/// The 23 mapping triples are in the default graph only.
pub const QUADS: usize = 590;

/// The repository root (where `data/`, `queries/` and `ontology/` are).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `resgraph ARGS` in `dir`.
pub fn resgraph(dir: &Path, args: &[&str]) -> Run {
    resgraph_with_env(dir, &[], args)
}

/// Runs `resgraph ARGS` in `dir` with the environment variables `env` set.
pub fn resgraph_with_env(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_resgraph"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .expect("the resgraph binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// A scratch folder holding a copy of the repository's `data/`, `queries/` and `ontology/`.
pub fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("data"), &dir.path().join("data"));
    copy_dir(&repo().join("queries"), &dir.path().join("queries"));
    copy_dir(&repo().join("ontology"), &dir.path().join("ontology"));
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file below `dir` with its bytes, by path relative to `dir`.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.push((path.strip_prefix(dir).unwrap().to_path_buf(), bytes));
            }
        }
    }
    files.sort();
    files
}

/// The statements of an RDF file as sorted N-Quads lines (no blank nodes are expected, so set
/// equality is graph isomorphism).
pub fn statements(path: &Path, format: RdfFormat) -> BTreeSet<String> {
    let bytes = std::fs::read(path).unwrap();
    RdfParser::from_format(format)
        .for_slice(&bytes)
        .map(|q| {
            let q = q.unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
            assert!(
                !q.subject.is_blank_node() && !q.object.is_blank_node(),
                "unexpected blank node in {}",
                path.display()
            );
            format!("{q} .")
        })
        .collect()
}

/// Asserts two texts are equal, showing a line diff when they are not.
#[track_caller]
pub fn assert_text(actual: &str, expected: &str) {
    if actual != expected {
        panic!(
            "the texts differ (- expected, + actual):\n{}",
            diff(expected, actual)
        );
    }
}

/// The lines that differ between two texts, in hunks with three lines of context, each headed
/// by its line numbers. A line whose whitespace could hide the difference is shown quoted.
pub fn diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.split_inclusive('\n').collect();
    let new: Vec<&str> = actual.split_inclusive('\n').collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let a = &old[prefix..old.len() - suffix];
    let b = &new[prefix..new.len() - suffix];
    let mut edits: Vec<(char, &str)> = old[..prefix].iter().map(|l| (' ', *l)).collect();
    if a.len() * b.len() <= 1 << 22 {
        // The longest common subsequence of the lines between, by dynamic programming.
        let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                lcs[i][j] = if a[i] == b[j] {
                    lcs[i + 1][j + 1] + 1
                } else {
                    lcs[i + 1][j].max(lcs[i][j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            if i < a.len() && j < b.len() && a[i] == b[j] {
                edits.push((' ', a[i]));
                (i, j) = (i + 1, j + 1);
            } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
                edits.push(('-', a[i]));
                i += 1;
            } else {
                edits.push(('+', b[j]));
                j += 1;
            }
        }
    } else {
        edits.extend(a.iter().map(|l| ('-', *l)));
        edits.extend(b.iter().map(|l| ('+', *l)));
    }
    edits.extend(old[old.len() - suffix..].iter().map(|l| (' ', *l)));

    const CONTEXT: usize = 3;
    let changed: Vec<usize> = (0..edits.len()).filter(|&k| edits[k].0 != ' ').collect();
    let shown = |k: usize| {
        changed
            .iter()
            .any(|&c| c.saturating_sub(CONTEXT) <= k && k <= c + CONTEXT)
    };
    let mut out = String::new();
    let (mut line_old, mut line_new) = (1, 1);
    let mut in_hunk = false;
    for (k, &(mark, line)) in edits.iter().enumerate() {
        if !shown(k) {
            in_hunk = false;
        } else {
            if !in_hunk {
                out += &format!("@@ expected line {line_old}, actual line {line_new} @@\n");
                in_hunk = true;
            }
            let body = line.strip_suffix('\n');
            let text = body.unwrap_or(line);
            if text.contains(['\r', '\t']) || text.ends_with(' ') {
                out += &format!("{mark} {line:?}\n");
            } else if body.is_none() {
                out += &format!("{mark} {text} (no newline at the end)\n");
            } else {
                out += &format!("{mark} {text}\n");
            }
        }
        line_old += usize::from(mark != '+');
        line_new += usize::from(mark != '-');
    }
    out
}

#[test]
fn the_diff_shows_the_changed_lines_with_context_and_line_numbers() {
    let expected = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n";
    let actual = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\nl\nm\nn\no";
    assert_eq!(
        diff(expected, actual),
        "@@ expected line 2, actual line 2 @@
  b
  c
  d
- e
+ E
  f
  g
  h
@@ expected line 12, actual line 12 @@
  l
  m
  n
+ o (no newline at the end)
"
    );
    assert_eq!(
        diff("x \ny\n", "x\ny\n"),
        "@@ expected line 1, actual line 1 @@\n- \"x \\n\"\n+ x\n  y\n"
    );
}

/// A loopback TCP port that was free a moment ago, and that no other test of this process was
/// given (the tests share one process, and a port is free again once its probe is closed).
pub fn free_port() -> u16 {
    static GIVEN: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());
    let mut given = GIVEN.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        if given.insert(port) {
            return port;
        }
    }
}

/// A child process that is killed (and reaped) when dropped, also when a test panics.
pub struct Guard {
    pub child: std::process::Child,
    pub name: &'static str,
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        if let Err(e) = self.child.wait() {
            eprintln!(
                "{} (pid {}) was not reaped: {e}",
                self.name,
                self.child.id()
            );
        }
    }
}

/// `resgraph serve` running on a loopback port, in `dir`, stopped when dropped.
pub struct Served {
    pub base_url: String,
    /// Held for its `Drop`, which stops the server.
    _guard: Guard,
}

impl Served {
    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self._guard.child.id()
    }
}

/// Starts `resgraph serve --bind 127.0.0.1:PORT ARGS` in `dir` and waits until it listens.
pub fn serve(dir: &Path, args: &[&str]) -> Served {
    use std::io::BufRead;
    let port = free_port();
    let bind = format!("127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_resgraph"))
        .args(["serve", "--bind", &bind])
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .expect("the resgraph binary runs");
    let stdout = child.stdout.take().unwrap();
    let guard = Guard {
        child,
        name: "resgraph serve",
    };
    let mut line = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .unwrap();
    assert!(
        line.starts_with("resgraph serves "),
        "resgraph serve did not start: {line:?}"
    );
    Served {
        base_url: format!("http://{bind}"),
        _guard: guard,
    }
}

/// An HTTP answer, read in full.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one HTTP request with oxhttp's client (redirects are not followed).
pub fn http(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    use oxhttp::model::{Body, Method, Request};
    let mut request = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).unwrap())
        .uri(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Body::from(body.to_vec())).unwrap();
    let response = oxhttp::Client::new()
        .with_global_timeout(std::time::Duration::from_secs(120))
        .request(request)
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let body = response.into_body().to_string().unwrap();
    Reply {
        status,
        headers,
        body,
    }
}

/// A request over a plain TCP stream, to see a redirect as it is (oxhttp's client, with
/// redirects off, refuses a 303 instead of returning it) and a HEAD answer (oxhttp's client
/// waits for the body its Content-Length announces).
pub fn raw(method: &str, url: &str, accept: &str) -> Reply {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap()[9..12].parse().unwrap();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(": ").unwrap();
            (n.to_owned(), v.to_owned())
        })
        .collect();
    Reply {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// Asserts that `server` answers its stored query `resolutions` (200) within `seconds`, while
/// `beside` (named in the failure) is going on.
#[track_caller]
pub fn stored_query_answers_within(server: &Served, seconds: f64, beside: &str) {
    let started = std::time::Instant::now();
    let stored = get(
        &format!("{}/query/resolutions", server.base_url),
        "text/csv",
    );
    let took = started.elapsed();
    assert_eq!(stored.status, 200, "{beside}: {}", stored.body);
    assert!(
        took.as_secs_f64() < seconds,
        "{beside}: a stored query took {took:?}"
    );
}

/// GET `url` with an `Accept` header.
pub fn get(url: &str, accept: &str) -> Reply {
    http("GET", url, &[("Accept", accept)], b"")
}

/// Percent-encodes a query-string value.
pub fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Held by the tests that measure time or load the machine (hostile.rs, crash.rs, browser.rs,
/// push.rs): all tests run as threads of one process, and two of these at once on a small
/// machine would slow each other past their deadlines. Lighter tests still run beside them.
static HEAVY: Mutex<()> = Mutex::new(());

/// Waits until no other heavy test runs; this test is the heavy one until the guard is dropped.
/// (A heavy test that failed does not fail the others: the lock's poisoning is ignored.)
pub fn heavy() -> MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Panics unless each of `programs` is on `PATH`, naming the missing ones and `install`.
#[track_caller]
pub fn need_programs(programs: &[&str], install: &str) {
    let missing: Vec<&str> = programs
        .iter()
        .copied()
        .filter(|program| {
            !std::env::var_os("PATH")
                .map(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
                .unwrap_or(false)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "this test needs {}, missing from PATH: {install}",
        missing.join(" and ")
    );
}

/// Panics unless headless Chromium and its WebDriver are installed.
#[track_caller]
pub fn need_chromium() {
    need_programs(
        &["chromium", "chromedriver"],
        "install them with `apt-get install chromium chromium-driver` (.ci/run does)",
    );
}

/// Panics unless the Virtuoso Open-Source server is installed.
#[track_caller]
pub fn need_virtuoso() {
    need_programs(
        &["virtuoso-t"],
        "install it with `apt-get install virtuoso-opensource` (.ci/run does)",
    );
}

/// The Python that imports pySHACL: `$PYSHACL_PYTHON`, or the virtual environment where
/// `.ci/run` installs it; panics, saying how to install it, when neither has it.
#[track_caller]
pub fn pyshacl_python() -> PathBuf {
    static FOUND: OnceLock<Option<PathBuf>> = OnceLock::new();
    let found = FOUND.get_or_init(|| {
        let candidates = [
            std::env::var_os("PYSHACL_PYTHON").map(PathBuf::from),
            Some(repo().join("target/pyshacl-venv/bin/python")),
        ];
        candidates.into_iter().flatten().find(|p| {
            Command::new(p)
                .args(["-c", "import pyshacl"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
    });
    match found {
        Some(python) => python.clone(),
        None => panic!(
            "this test needs pySHACL, which is not installed (neither $PYSHACL_PYTHON nor \
             target/pyshacl-venv/bin/python imports pyshacl): install it with `python3 -m venv \
             target/pyshacl-venv && target/pyshacl-venv/bin/pip install pyshacl` (.ci/run does)"
        ),
    }
}

/// `path` in the shared reference data beside the clone (`../shared/reference/`, with the
/// DCAT-AP shapes and the ELI ontology); panics when it is not there.
#[track_caller]
pub fn shared_reference(path: &str) -> PathBuf {
    let wanted = repo().join("../shared/reference").join(path);
    assert!(
        wanted.exists(),
        "this test needs {}, which is not there: put the project's shared reference data \
         (DCAT-AP 3.0.1 shapes, ELI 1.5 ontology) in ../shared/reference, beside the clone, \
         as CI has it",
        wanted.display()
    );
    wanted
}

/// The query shapes that once overflowed the stack or outlived any deadline (issue 14), each at
/// its largest within the limits of `graph::store::check_query_shape` and `MAX_TRIPLE_PATTERNS`
/// and beyond, with the refusal the latter gets.
pub fn query_shapes() -> Vec<(String, String, &'static str)> {
    let nest = |n: usize| {
        format!(
            "ASK {{ FILTER({}1{}) }}",
            "(".repeat(n - 2),
            ")".repeat(n - 2)
        )
    };
    let braces = |n: usize| format!("ASK {}{}", "{".repeat(n), "}".repeat(n));
    let sum = |n: usize| format!("ASK {{ FILTER({} > 0) }}", vec!["1"; n + 1].join("+"));
    let union = |n: usize| format!("ASK {{ {} }}", vec!["{}"; n + 1].join(" UNION "));
    let path = |n: usize| format!("ASK {{ ?s {} ?o }}", vec!["rdf:type"; n + 1].join("/"));
    // Long flat chains: n joined groups, OPTIONALs, BINDs or triple patterns in one group.
    let chain = |n: usize, clause: &dyn Fn(usize) -> String| {
        let clauses: Vec<String> = (0..n).map(clause).collect();
        format!("SELECT * {{ {} }}", clauses.join(" "))
    };
    let groups = |n: usize| chain(n, &|i| format!("{{ <urn:x> <urn:y> ?o{i} }}"));
    let optionals = |n: usize| chain(n, &|i| format!("OPTIONAL {{ <urn:x> <urn:y> ?o{i} }}"));
    let binds = |n: usize| chain(n, &|i| format!("BIND({i} AS ?v{i})"));
    let triples = |n: usize| chain(n, &|i| format!("<urn:x> <urn:y> ?o{i} ."));
    // The fuzzer's second and third findings: triple patterns or VALUES joined on one variable.
    let joined = |n: usize| chain(n, &|_| "<urn:x> <urn:y> ?o .".to_owned());
    let values = |n: usize| chain(n, &|_| "VALUES ?v { 1 }".to_owned());
    vec![
        (
            nest(64),
            nest(1000),
            "the query nests brackets 1000 deep; at most 64 are allowed",
        ),
        (
            braces(64),
            braces(1000),
            "the query nests brackets 1000 deep; at most 64 are allowed",
        ),
        (
            sum(1000),
            sum(3999),
            "the query has 3999 operators and path steps; at most 1000 are allowed",
        ),
        (
            union(256),
            union(999),
            "the query has 999 UNIONs; at most 256 are allowed",
        ),
        (
            path(63),
            path(2999),
            "the query has 2999 operators and path steps; at most 1000 are allowed",
        ),
        (
            path(63),
            path(500),
            "the query has 501 triple patterns (each step of a property path sequence is one); at most 64 are allowed",
        ),
        (
            joined(63),
            joined(96),
            "the query has 97 groups and clauses; at most 64 are allowed",
        ),
        (
            values(63),
            values(96),
            "the query has 97 groups and clauses; at most 64 are allowed",
        ),
        (
            groups(63),
            groups(1000),
            "the query has 1001 groups and clauses; at most 64 are allowed",
        ),
        (
            optionals(63),
            optionals(1000),
            "the query has 1001 groups and clauses; at most 64 are allowed",
        ),
        (
            binds(63),
            binds(4000),
            "the query has 4001 groups and clauses; at most 64 are allowed",
        ),
        (
            triples(63),
            triples(1000),
            "the query has 1001 groups and clauses; at most 64 are allowed",
        ),
    ]
}

/// A data folder: the concept schemes and mappings of `data/`, and `count` synthetic records
/// (one file each) made with `seed`.
pub fn synthetic_data(dir: &Path, name: &str, count: u64, seed: u64) -> PathBuf {
    let data = dir.join(name);
    std::fs::create_dir_all(data.join("records")).unwrap();
    copy_dir(&dir.join("data/concepts"), &data.join("concepts"));
    std::fs::copy(
        dir.join("data/mappings.sssom.tsv"),
        data.join("mappings.sssom.tsv"),
    )
    .unwrap();
    let jsonl = dir.join(format!("{name}.jsonl"));
    let run = resgraph(
        dir,
        &[
            "synth",
            &count.to_string(),
            "--seed",
            &seed.to_string(),
            "-o",
            jsonl.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (i, line) in std::fs::read_to_string(&jsonl).unwrap().lines().enumerate() {
        std::fs::write(data.join(format!("records/r{i:05}.json")), line).unwrap();
    }
    data
}
