//! Evaluation of [`find_obligations`] on the second labelled set (issue 12): 40 real
//! instruments in `tests/fixtures/eval-real/`, split by kind into a development half (tuned on)
//! and a held-out half (never tuned on).
//!
//! `cargo test --lib ingest::obligations::eval_real -- --nocapture` prints precision and
//! recall of addressees and obligations for each half and fails below the bar of that half.
//! An addressee is compared after normalising case, hyphens and a leading "the"/"a"/"an"; a
//! known concept is compared by its id. An obligation counts when its addressee, kind and
//! reference (as written, ignoring case) all match those of a labelled one.
//!
//! TEST-ONLY READER: the catalogue reader cannot read these records' heading variants yet
//! (another change of issue 12), so [`descriptions`] reads only the "Name of Resource" and
//! "Description" fields of `records.txt`, relying on every record having an "Availability"
//! heading right after its description. It is not a reader of the format.

use super::{find_obligations, Addressee, Found};
use crate::ingest::folder::Collection;
use crate::ingest::text::{normalize, Text};
use crate::model::{ObligationKind, SchemeKind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The bar of each half: (addressee precision, addressee recall, obligation precision,
/// obligation recall) at least; the figures reached, floored to two decimals. Today's
/// extractor, before issue 12, reached dev 0.83 0.16 0.66 0.18 and held-out 1.00 0.12 1.00
/// 0.11; the held-out half was scored once, after the development on the dev half was done.
const DEV_BAR: [f64; 4] = [0.93, 1.0, 0.94, 1.0];
const HELDOUT_BAR: [f64; 4] = [0.86, 0.62, 0.84, 0.61];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval-real")
}

/// Name and description of every record of `records.txt`, in file order (test-only reader,
/// see the module documentation).
fn descriptions() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(fixtures().join("records.txt")).unwrap();
    let mut out = Vec::new();
    let mut lines = text.lines();
    let mut name = None;
    while let Some(line) = lines.next() {
        match line {
            "Name of Resource" => {
                name = lines.by_ref().map(str::trim).find(|l| !l.is_empty());
            }
            "Description" => {
                let body: Vec<&str> = lines
                    .by_ref()
                    .take_while(|l| *l != "Availability")
                    .collect();
                let description = body.join("\n").trim().to_owned();
                out.push((name.take().unwrap().to_owned(), description));
            }
            _ => {}
        }
    }
    out
}

/// True positives, predictions and gold items, summed over records.
#[derive(Default)]
struct Score {
    hits: usize,
    predicted: usize,
    gold: usize,
}

impl Score {
    fn add(&mut self, predicted: &[String], gold: &[String]) -> (Vec<String>, Vec<String>) {
        let mut left: Vec<&String> = gold.iter().collect();
        let mut wrong = Vec::new();
        for p in predicted {
            match left.iter().position(|g| *g == p) {
                Some(i) => {
                    left.remove(i);
                    self.hits += 1;
                }
                None => wrong.push(p.clone()),
            }
        }
        self.predicted += predicted.len();
        self.gold += gold.len();
        (wrong, left.into_iter().cloned().collect())
    }

    fn precision(&self) -> f64 {
        self.hits as f64 / self.predicted.max(1) as f64
    }

    fn recall(&self) -> f64 {
        self.hits as f64 / self.gold.max(1) as f64
    }
}

/// A phrase as compared: normalised, single spaces, without a leading article.
fn phrase_key(phrase: &str) -> String {
    let words: Vec<String> = normalize(phrase)
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let skip = usize::from(
        words
            .first()
            .is_some_and(|w| ["the", "a", "an"].contains(&w.as_str())),
    );
    words[skip..].join(" ")
}

/// A labelled addressee as compared: a concept id as it is, a phrase by [`phrase_key`].
fn gold_addressee(label: &str, ids: &BTreeSet<String>) -> String {
    if ids.contains(label) {
        label.to_owned()
    } else {
        phrase_key(label)
    }
}

fn found_addressee(found: &Found) -> String {
    match &found.addressee {
        Addressee::Known(id) => id.to_string(),
        Addressee::Phrase(phrase) => phrase_key(phrase),
    }
}

fn key(addressee: String, kind: &str, reference: Option<&str>) -> String {
    let reference = reference.map_or("-".to_owned(), phrase_key);
    format!("{addressee} | {kind} | {reference}")
}

fn kind_name(kind: ObligationKind) -> &'static str {
    match kind {
        ObligationKind::Procurement => "procurement",
        ObligationKind::General => "general",
    }
}

/// Scores one half; prints the figures (and, for the development half only, what was missed
/// or wrong) and returns (addressee precision, recall, obligation precision, recall).
fn evaluate(split: &str) -> [f64; 4] {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let concepts = Collection::read_inputs(&[], Some(&data)).unwrap();
    let ids: BTreeSet<String> = concepts.schemes[&SchemeKind::Addressee]
        .1
        .concepts
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    let labels: BTreeMap<String, serde_json::Value> =
        serde_json::from_slice(&std::fs::read(fixtures().join("labels.json")).unwrap()).unwrap();
    let records = descriptions();
    assert_eq!(
        records.len(),
        labels.len(),
        "every labelled record was read"
    );
    let (mut addressees, mut obligations) = (Score::default(), Score::default());
    let mut seen = 0;
    for (name, description) in records {
        let gold = labels
            .get(&name)
            .unwrap_or_else(|| panic!("no labels for {name:?}"));
        if gold["split"] != split {
            continue;
        }
        seen += 1;
        let text = Text::new(&description);
        let found = find_obligations(&text, &concepts);

        let mut predicted: Vec<String> = Vec::new();
        for f in &found {
            let a = found_addressee(f);
            if !predicted.contains(&a) {
                predicted.push(a);
            }
        }
        let mut labelled: Vec<String> = Vec::new();
        for a in gold["addressees"].as_array().unwrap() {
            let a = gold_addressee(a.as_str().unwrap(), &ids);
            if !labelled.contains(&a) {
                labelled.push(a);
            }
        }
        let (wrong_a, missed_a) = addressees.add(&predicted, &labelled);

        let predicted: Vec<String> = found
            .iter()
            .map(|f| {
                key(
                    found_addressee(f),
                    kind_name(f.kind),
                    f.reference.as_deref(),
                )
            })
            .collect();
        let labelled: Vec<String> = gold["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                key(
                    gold_addressee(o["addressee"].as_str().unwrap(), &ids),
                    o["kind"].as_str().unwrap(),
                    o["reference"].as_str(),
                )
            })
            .collect();
        let (wrong_o, missed_o) = obligations.add(&predicted, &labelled);
        if split == "dev"
            && !(wrong_a.is_empty()
                && missed_a.is_empty()
                && wrong_o.is_empty()
                && missed_o.is_empty())
        {
            println!("{name}");
            for w in wrong_a {
                println!("  addressee not labelled: {w}");
            }
            for m in missed_a {
                println!("  addressee missed:       {m}");
            }
            for w in wrong_o {
                println!("  obligation not labelled: {w}");
            }
            for m in missed_o {
                println!("  obligation missed:       {m}");
            }
        }
    }
    assert!(seen > 0, "no records in the {split} half");
    println!("obligations on the {split} half of tests/fixtures/eval-real ({seen} records):");
    println!(
        "{:<12} {:>9} {:>6} {:>9} {:>6} {:>6}",
        "fact", "precision", "recall", "predicted", "gold", "hits"
    );
    for (fact, score) in [("addressees", &addressees), ("obligations", &obligations)] {
        println!(
            "{fact:<12} {:>9.3} {:>6.3} {:>9} {:>6} {:>6}",
            score.precision(),
            score.recall(),
            score.predicted,
            score.gold,
            score.hits
        );
    }
    [
        addressees.precision(),
        addressees.recall(),
        obligations.precision(),
        obligations.recall(),
    ]
}

fn assert_bar(split: &str, figures: [f64; 4], bar: [f64; 4]) {
    let names = [
        "addressee precision",
        "addressee recall",
        "obligation precision",
        "obligation recall",
    ];
    for ((name, figure), bar) in names.iter().zip(figures).zip(bar) {
        assert!(figure >= bar, "{split}: {name} {figure:.3}, bar {bar}");
    }
}

#[test]
fn dev() {
    assert_bar("dev", evaluate("dev"), DEV_BAR);
}

#[test]
fn heldout() {
    assert_bar("heldout", evaluate("heldout"), HELDOUT_BAR);
}
