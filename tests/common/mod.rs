//! A tiny harness: run the real `resgraph` binary in a scratch folder and read what it wrote.

#![allow(dead_code)]

use oxigraph::io::{RdfFormat, RdfParser};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Distinct triples in the graph built from `data/` (the default graph): 292 from the records
/// and concept schemes, and 23 from the rows of `data/mappings.sssom.tsv`.
pub const TRIPLES: usize = 315;

/// Quads in the graph built from `data/` (the default graph and the source graphs).
/// The 23 mapping triples are in the default graph only.
pub const QUADS: usize = 404;

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
    let output = Command::new(env!("CARGO_BIN_EXE_resgraph"))
        .args(args)
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

/// Asserts two texts are equal, showing both in full when they are not.
pub fn assert_text(actual: &str, expected: &str) {
    if actual != expected {
        panic!("\n--- expected\n{expected}\n--- actual\n{actual}\n---");
    }
}
