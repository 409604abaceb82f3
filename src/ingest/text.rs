//! Text matching for extraction: a description's characters with their normalised form, found
//! on word boundaries, split into sentences and paragraphs.
//!
//! Normalising ignores case, apostrophe style (’ or ') and hyphen-versus-space, one character for
//! one character, so that positions in the normalised text are positions in the original.

use crate::ingest::folder::Collection;
use crate::model::{Concept, SchemeKind};
use std::ops::Range;

/// The label and the aliases of a concept.
pub(crate) fn labels(concept: &Concept) -> impl Iterator<Item = &str> {
    std::iter::once(concept.label.as_str()).chain(concept.alt_labels.iter().map(String::as_str))
}

/// Lowercase, one apostrophe, hyphens and dashes as spaces: one character for one character,
/// so positions in the normalised text are positions in the original.
pub(crate) fn normalize_char(c: char) -> char {
    match c {
        '’' | '‘' | '`' | '´' => '\'',
        '-' | '‐' | '‑' | '–' | '—' => ' ',
        c if c.is_whitespace() => ' ',
        c => c
            .to_lowercase()
            .next()
            .filter(|_| c.to_lowercase().count() == 1)
            .unwrap_or(c),
    }
}

/// `text` with every character normalised by [`normalize_char`].
pub(crate) fn normalize(text: &str) -> String {
    text.chars().map(normalize_char).collect()
}

/// A description, ready for matching: its characters and their normalised form.
pub(crate) struct Text {
    /// The characters as written.
    pub(crate) chars: Vec<char>,
    /// The same characters, normalised.
    pub(crate) normal: Vec<char>,
}

/// A match: start and end (in characters) and what matched.
pub(crate) type Span = (usize, usize, String);

impl Text {
    /// The text of `text`, ready for matching.
    pub(crate) fn new(text: &str) -> Text {
        let chars: Vec<char> = text.chars().collect();
        let normal = chars.iter().map(|c| normalize_char(*c)).collect();
        Text { chars, normal }
    }

    /// The number of characters.
    pub(crate) fn len(&self) -> usize {
        self.chars.len()
    }

    /// The characters `start..end`, as written.
    pub(crate) fn slice(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }

    /// Whether the character at `i` is a letter or digit (false past the end).
    pub(crate) fn is_word_char(&self, i: usize) -> bool {
        self.chars.get(i).is_some_and(|c| c.is_alphanumeric())
    }

    /// Every place `label` occurs on word boundaries within `range`.
    pub(crate) fn find(&self, label: &str, range: Range<usize>) -> Vec<usize> {
        let needle: Vec<char> = normalize(label).chars().collect();
        if needle.is_empty() || range.len() < needle.len() {
            return Vec::new();
        }
        (range.start..=range.end - needle.len())
            .filter(|&i| {
                self.normal[i..i + needle.len()] == needle[..]
                    && (i == 0 || !self.is_word_char(i - 1))
                    && !self.is_word_char(i + needle.len())
            })
            .collect()
    }

    /// Non-overlapping matches of a scheme's labels in `range`, longest first where they
    /// overlap, in text order; each with its concept id.
    pub(crate) fn matches(
        &self,
        concepts: &Collection,
        kind: SchemeKind,
        range: Range<usize>,
    ) -> Vec<Span> {
        let Some((_, scheme)) = concepts.schemes.get(&kind) else {
            return Vec::new();
        };
        let mut candidates: Vec<Span> = Vec::new();
        for concept in &scheme.concepts {
            for label in labels(concept) {
                let n = label.chars().count();
                for start in self.find(label, range.clone()) {
                    candidates.push((start, start + n, concept.id.to_string()));
                }
            }
        }
        candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut chosen: Vec<Span> = Vec::new();
        for candidate in candidates {
            if chosen.last().is_none_or(|last| candidate.0 >= last.1) {
                chosen.push(candidate);
            }
        }
        chosen
    }

    /// The sentences of the text, as character ranges without surrounding white space.
    pub(crate) fn sentences(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let n = self.chars.len();
        for i in 0..n {
            let c = self.chars[i];
            let ends = match c {
                '.' | '!' | '?' => {
                    let next = self.chars[i + 1..].iter().find(|c| !c.is_whitespace());
                    i + 1 == n
                        || (self.chars[i + 1].is_whitespace()
                            && next.is_none_or(|c| c.is_uppercase() || matches!(c, '"' | '“')))
                }
                '\n' => i + 1 < n && self.chars[i + 1] == '\n',
                _ => false,
            };
            if ends || i + 1 == n {
                out.push(start..i + 1);
                start = i + 1;
            }
        }
        out.into_iter().filter_map(|r| self.trimmed(r)).collect()
    }

    /// The paragraphs of the text (separated by a blank line), as character ranges without
    /// surrounding white space.
    pub(crate) fn paragraphs(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let n = self.chars.len();
        for i in 0..n {
            if self.chars[i] == '\n' && self.chars[i + 1..].first() == Some(&'\n') {
                out.push(start..i);
                start = i + 1;
            }
        }
        out.push(start..n);
        out.into_iter().filter_map(|r| self.trimmed(r)).collect()
    }

    /// `range` without white space at either end; `None` when it is all white space.
    fn trimmed(&self, range: Range<usize>) -> Option<Range<usize>> {
        let s = range.clone().find(|&i| !self.chars[i].is_whitespace())?;
        let e = range.rev().find(|&i| !self.chars[i].is_whitespace())? + 1;
        Some(s..e)
    }
}
