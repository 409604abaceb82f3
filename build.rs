//! Embeds the files resgraph ships as defaults (the ontology and its shapes, the stored
//! queries, the concept schemes and the mapping table), so that the binary runs from any
//! folder. It writes `$OUT_DIR/shipped.rs`, one `(path, text)` pair per file, sorted by path;
//! `src/shipped.rs` includes it. Paths are written relative to `CARGO_MANIFEST_DIR`, so a
//! build folder copied to another checkout never embeds the first checkout's files.

use std::fmt::Write as _;
use std::path::Path;

/// The shipped folders and the file extension each holds.
const FOLDERS: [(&str, &str); 3] = [
    ("ontology", "ttl"),
    ("queries", "rq"),
    ("data/concepts", "json"),
];
/// Single shipped files.
const FILES: [&str; 1] = ["data/mappings.sssom.tsv"];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = String::new();
    for (folder, extension) in FOLDERS {
        println!("cargo:rerun-if-changed={folder}");
        let mut paths: Vec<String> = std::fs::read_dir(root.join(folder))
            .unwrap_or_else(|e| panic!("{folder}: {e}"))
            .map(|entry| entry.expect("a readable folder").path())
            .filter(|p| p.extension().is_some_and(|e| e == extension))
            .map(|p| format!("{folder}/{}", p.file_name().unwrap().to_string_lossy()))
            .collect();
        paths.sort();
        let name = folder.rsplit('/').next().unwrap().to_uppercase();
        writeln!(out, "/// The shipped `{folder}/*.{extension}` files.").unwrap();
        writeln!(out, "pub const {name}: &[(&str, &str)] = &[").unwrap();
        for path in paths {
            println!("cargo:rerun-if-changed={path}");
            let absolute = root.join(&path);
            writeln!(
                out,
                "    ({path:?}, include_str!({:?})),",
                absolute.display().to_string()
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    for path in FILES {
        println!("cargo:rerun-if-changed={path}");
        let name = Path::new(path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .split('.')
            .next()
            .unwrap()
            .to_uppercase();
        writeln!(out, "/// The shipped `{path}`.").unwrap();
        writeln!(
            out,
            "pub const {name}: (&str, &str) = ({path:?}, include_str!({:?}));",
            root.join(path).display().to_string()
        )
        .unwrap();
    }
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("shipped.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}
