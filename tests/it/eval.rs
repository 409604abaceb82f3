//! Evaluation of the extraction on a labelled set: 11 catalogue records of real instruments in
//! `tests/fixtures/eval/records.txt` (the two seed records and nine written for this set), with
//! the groups, topics and obligations a careful reader finds in each description in
//! `tests/fixtures/eval/labels.json`.
//!
//! Prints precision and recall per kind of fact (`cargo test --test it eval -- --nocapture`) and
//! fails below the bar stated in docs/catalogue-format.md.

use crate::util::{repo, resgraph};
use std::collections::BTreeMap;
use std::path::Path;

/// The bar: (precision, recall) at least.
const BAR: [(&str, f64, f64); 3] = [
    ("groups", 0.9, 0.9),
    ("topics", 0.9, 0.9),
    ("obligations", 0.9, 0.8),
];

/// True positives, predictions and gold items, summed over records.
#[derive(Default, Debug)]
pub struct Score {
    pub hits: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Score {
    pub fn add(&mut self, predicted: &[String], gold: &[String]) {
        let mut left: Vec<&String> = gold.iter().collect();
        for p in predicted {
            if let Some(i) = left.iter().position(|g| *g == p) {
                left.remove(i);
                self.hits += 1;
            }
        }
        self.predicted += predicted.len();
        self.gold += gold.len();
    }

    pub fn precision(&self) -> f64 {
        self.hits as f64 / self.predicted.max(1) as f64
    }

    pub fn recall(&self) -> f64 {
        self.hits as f64 / self.gold.max(1) as f64
    }
}

pub fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

/// An obligation as compared: addressee, kind and paragraph must all match.
fn obligation_keys(obligations: &serde_json::Value, from_record: bool) -> Vec<String> {
    obligations
        .as_array()
        .map(|a| {
            a.iter()
                .map(|o| {
                    let paragraph = if from_record {
                        o["citations"][0]["paragraph"].clone()
                    } else {
                        o["paragraph"].clone()
                    };
                    format!("{} {} {}", o["addressee"], o["kind"], paragraph)
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn extraction_meets_the_bar_on_the_labelled_set() {
    let dir = tempfile::tempdir().unwrap();
    let concepts = dir.path().join("data/concepts");
    std::fs::create_dir_all(&concepts).unwrap();
    for scheme in ["topics", "groups", "addressees"] {
        std::fs::copy(
            repo().join(format!("data/concepts/{scheme}.json")),
            concepts.join(format!("{scheme}.json")),
        )
        .unwrap();
    }
    std::fs::copy(
        repo().join("tests/fixtures/eval/bodies.json"),
        concepts.join("bodies.json"),
    )
    .unwrap();
    let mut scores: BTreeMap<&str, Score> = BTreeMap::new();
    let pairs = imported_with_labels(dir.path(), "tests/fixtures/eval");
    let seen = pairs.len();
    for (record, gold) in &pairs {
        for kind in ["groups", "topics"] {
            scores
                .entry(kind)
                .or_default()
                .add(&strings(&record[kind]), &strings(&gold[kind]));
        }
        scores.entry("obligations").or_default().add(
            &obligation_keys(&record["obligations"], true),
            &obligation_keys(&gold["obligations"], false),
        );
    }

    println!("extraction on {seen} labelled records:");
    println!(
        "{:<12} {:>9} {:>6} {:>9} {:>6} {:>6}",
        "kind", "precision", "recall", "predicted", "gold", "hits"
    );
    for (kind, score) in &scores {
        println!(
            "{kind:<12} {:>9.3} {:>6.3} {:>9} {:>6} {:>6}",
            score.precision(),
            score.recall(),
            score.predicted,
            score.gold,
            score.hits
        );
    }
    for (kind, precision, recall) in BAR {
        let score = &scores[kind];
        assert!(
            score.precision() >= precision && score.recall() >= recall,
            "{kind}: precision {:.3} (bar {precision}), recall {:.3} (bar {recall})",
            score.precision(),
            score.recall()
        );
    }
}

/// Imports `{set}/records.txt` (a folder of the repository) into `dir/out` and pairs each
/// record with its labels in `{set}/labels.json`; every labelled record must be imported.
pub fn imported_with_labels(dir: &Path, set: &str) -> Vec<(serde_json::Value, serde_json::Value)> {
    let records = repo().join(set).join("records.txt");
    let run = resgraph(dir, &["import", records.to_str().unwrap(), "-o", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut labels: BTreeMap<String, serde_json::Value> =
        serde_json::from_slice(&std::fs::read(repo().join(set).join("labels.json")).unwrap())
            .unwrap();
    let mut pairs = Vec::new();
    for entry in std::fs::read_dir(dir.join("out/records")).unwrap() {
        let record: serde_json::Value =
            serde_json::from_slice(&std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
        let title = record["title"].as_str().unwrap().to_owned();
        let gold = labels
            .remove(&title)
            .unwrap_or_else(|| panic!("no labels for {title:?}"));
        pairs.push((record, gold));
    }
    assert!(labels.is_empty(), "not imported: {:?}", labels.keys());
    pairs
}
