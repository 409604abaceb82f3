//! Crash safety: `resgraph build` killed with SIGKILL at random moments while it writes `out/`
//! leaves every output file either as the previous build wrote it or as the new build writes
//! it, never in between; a later build cleans up the temporary files a killed one left.
//!
//! resgraph has no on-disk store (oxigraph is built without RocksDB; the store lives in
//! memory), so there is no store to check after a crash: only `out/`.
//!
//! `CRASH_RUNS` (default 6) and `CRASH_SEED` (default 7) set the number of kills and the
//! seed of their moments; `CRASH_RECORDS` (default 300) the size of the data set.

#![cfg(unix)]

use crate::util;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.is_dir() {
        walk(dir, dir, &mut out);
    }
    out
}

fn is_temp(path: &Path) -> bool {
    path.file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with(resgraph::files::TEMP_PREFIX)
}

fn build(dir: &Path, data: &Path, out: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_resgraph"));
    command
        .args(["build", "--no-validate", "--data"])
        .arg(data)
        .arg("--out")
        .arg(out)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// A small deterministic generator (xorshift64*), so that a failing run can be replayed.
struct Moments(u64);

impl Moments {
    fn next_fraction(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn a_killed_build_leaves_each_output_old_or_new() {
    let _heavy = util::heavy();
    let runs = env_or("CRASH_RUNS", 6);
    let seed = env_or("CRASH_SEED", 7);
    let records = env_or("CRASH_RECORDS", 300);
    let scratch = util::scratch();
    let dir = scratch.path();
    let old_data = util::synthetic_data(dir, "old", records, 1);
    let new_data = util::synthetic_data(dir, "new", records, 2);

    // The two complete versions, each built into a folder of its own.
    let old_out = dir.join("old-out");
    assert!(build(dir, &old_data, &old_out).status().unwrap().success());
    let started = Instant::now();
    let new_out = dir.join("new-out");
    assert!(build(dir, &new_data, &new_out).status().unwrap().success());
    let full = started.elapsed();
    let (old, new) = (files(&old_out), files(&new_out));
    assert_ne!(old, new, "the two data sets must give different outputs");
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>()
    );

    let mut moments = Moments(seed.max(1));
    let out = dir.join("out");
    let mut mixed = 0;
    for run in 0..runs {
        let _ = std::fs::remove_dir_all(&out);
        util::copy_dir(&old_out, &out);
        let delay = full.mul_f64(moments.next_fraction() * 1.1);
        let mut child = build(dir, &new_data, &out).spawn().unwrap();
        std::thread::sleep(delay);
        // SIGKILL; a build that finished already is fine too.
        let _ = child.kill();
        child.wait().unwrap();

        let now = files(&out);
        let (mut as_old, mut as_new, mut temps) = (0, 0, 0);
        for (path, bytes) in &now {
            if is_temp(path) {
                temps += 1;
                continue;
            }
            let is_old = old.get(path) == Some(bytes);
            let is_new = new.get(path) == Some(bytes);
            assert!(
                is_old || is_new,
                "run {run} (killed after {delay:?}): {} is neither the old nor the new file",
                path.display()
            );
            as_old += usize::from(is_old && !is_new);
            as_new += usize::from(is_new && !is_old);
        }
        for path in old.keys() {
            assert!(
                now.contains_key(path),
                "run {run}: {} disappeared",
                path.display()
            );
        }
        if as_old > 0 && as_new > 0 {
            mixed += 1;
        }
        eprintln!(
            "run {run}: killed after {delay:?} of {full:?}: {as_old} files old, {as_new} new, {temps} temporary files left"
        );

        // The next build completes, gives exactly the new version and removes the leftovers.
        assert!(build(dir, &new_data, &out).status().unwrap().success());
        assert_eq!(
            files(&out).keys().collect::<Vec<_>>(),
            new.keys().collect::<Vec<_>>(),
            "run {run}: a later build left temporary files or lost outputs"
        );
        assert!(
            files(&out) == new,
            "run {run}: the rebuilt out/ differs from a clean build"
        );
    }
    eprintln!("{mixed} of {runs} kills landed while build was replacing files");
}
