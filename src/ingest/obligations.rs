//! Obligations in a description: who is asked to do what, of what kind, and where the
//! instrument says so.

use crate::ingest::folder::Collection;
use crate::ingest::text::{normalize, Text};
use crate::model::{ObligationKind, SchemeKind, Slug};
use std::ops::Range;

/// Who an obligation is addressed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Addressee {
    /// A concept of the `addressee` scheme whose label the phrase holds.
    Known(Slug),
    /// The noun phrase as written, when it holds no label of the scheme.
    Phrase(String),
}

/// An obligation found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Who is asked.
    pub addressee: Addressee,
    /// Whether it concerns procurement and supply chains.
    pub kind: ObligationKind,
    /// What they are asked to do, in a short phrase.
    pub action: String,
    /// Where the instrument says so, as written: "Section 2(a)", "paragraph 24", "Article 8(1)".
    pub reference: Option<String>,
    /// The paragraph number, only when the reference is a paragraph or point number.
    pub paragraph: Option<u32>,
    /// The sentence it was read from, as a character range in the text.
    pub sentence: Range<usize>,
}

/// The obligations `text` reports: one per sentence that names an addressee of the `addressee`
/// scheme of `concepts` and uses a directive word.
pub(crate) fn find_obligations(text: &Text, concepts: &Collection) -> Vec<Found> {
    const CUES: [&str; 22] = [
        "calls upon",
        "calls on",
        "call upon",
        "urges",
        "urged",
        "requests",
        "requested",
        "encourages",
        "encouraged",
        "recommends",
        "recommended",
        "requires",
        "required",
        "must",
        "shall",
        "obliges",
        "obliged",
        "invites",
        "directs",
        "directed",
        "mandates",
        "decides",
    ];
    let mut found = Vec::new();
    for sentence in text.sentences() {
        let Some(cue) = CUES
            .iter()
            .flat_map(|cue| {
                text.find(cue, sentence.clone())
                    .into_iter()
                    .map(move |i| (i, *cue))
            })
            .min()
        else {
            continue;
        };
        let addressees = text.matches(concepts, SchemeKind::Addressee, sentence.clone());
        let Some((_, addressee_end, addressee)) = addressees.first().cloned() else {
            continue;
        };
        let quote = text.slice(sentence.start, sentence.end);
        let rest_start = addressee_end;
        let cue_then_that = !text.find("that", cue.0..addressees[0].0).is_empty();
        let action_start = if cue_then_that {
            rest_start
        } else {
            text.find("to", rest_start..sentence.end)
                .first()
                .map_or(rest_start, |to| to + 2)
        };
        let mut action = text.slice(action_start, sentence.end);
        if let Some(cut) = action.find(", which") {
            action.truncate(cut);
        }
        let action = action
            .trim()
            .trim_end_matches(['.', ';', ':'])
            .trim()
            .to_owned();
        let lower = normalize(&quote);
        let procurement = [
            "procurement",
            "supply chain",
            "supplier",
            "contract",
            "purchas",
        ]
        .iter()
        .any(|w| lower.contains(w));
        let reference = paragraph_reference(text, sentence.clone());
        found.push(Found {
            addressee: Addressee::Known(Slug::parse(&addressee).expect("concept ids are slugs")),
            kind: if procurement {
                ObligationKind::Procurement
            } else {
                ObligationKind::General
            },
            action,
            paragraph: reference.as_ref().map(|r| r.1),
            reference: reference.map(|r| r.0),
            sentence,
        });
    }
    found
}

/// The first "Point 24", "paragraph 23", "operative paragraph 5", "section 54", "article 3"
/// in a sentence: its words as written and its number.
fn paragraph_reference(text: &Text, sentence: Range<usize>) -> Option<(String, u32)> {
    const WORDS: [&str; 6] = [
        "operative paragraph",
        "paragraph",
        "para.",
        "point",
        "section",
        "article",
    ];
    let mut found: Vec<(usize, usize)> = Vec::new();
    for word in WORDS {
        for start in text.find(word, sentence.clone()) {
            found.push((start, start + word.chars().count()));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    for (start, end) in found {
        let mut i = end;
        if text.chars.get(i) != Some(&' ') {
            continue;
        }
        i += 1;
        let digits_end = (i..sentence.end)
            .find(|&k| !text.chars[k].is_ascii_digit())
            .unwrap_or(sentence.end);
        if digits_end > i && !text.is_word_char(digits_end) {
            let number = text.slice(i, digits_end).parse().ok()?;
            return Some((text.slice(start, digits_end), number));
        }
    }
    None
}

#[cfg(test)]
mod eval_real;
