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

/// The obligations `text` reports. A sentence reports obligations when it uses a directive form
/// and names who it directs: the first directive form of the sentence that names an addressee
/// gives one obligation per addressee it names (coordinated noun phrases are split).
///
/// - Directive forms: "must", "shall", "undertake(s) to"; "is/are/was/were required, requested,
///   urged, asked, called upon/on, encouraged, expected, recommended, obliged, directed, invited,
///   prohibited or barred" (negated: not a directive); and, active, "requires, obliges, asks,
///   requests, calls upon/on, urges, encourages, recommends, invites, directs, expects,
///   prohibits, bars" (and their past forms) followed by a noun phrase and "to" (or "from" after
///   prohibits and bars), by "that" and a clause, or by "to" and a noun phrase; and "has …
///   amended so that" and a clause.
/// - The addressee is the subject of "must", "shall" and the passive forms; the object of the
///   active verbs; the subject of the clause after "that". A label of the `addressee` scheme of
///   `concepts` that ends the noun phrase (its head) makes it [`Addressee::Known`]; otherwise it
///   is the phrase as written, without a leading "the", "a", "an", "certain", "its", "their",
///   "this", "these" or "those". "all" is kept: the scheme writes "all States" with it.
/// - The kind is procurement when the sentence or its paragraph speaks of procurement,
///   purchasing, suppliers, contractors, contracts, sourcing or supply chains.
/// - The reference is the first "paragraph", "operative paragraph", "para.", "point",
///   "section", "article", "clause" or "principle" in the sentence followed by a number, with
///   any subsection: "Section 2(a)", "Article 8(1)"; its paragraph number only for paragraphs
///   and points.
pub(crate) fn find_obligations(text: &Text, concepts: &Collection) -> Vec<Found> {
    let paragraphs = text.paragraphs();
    let mut found = Vec::new();
    for sentence in text.sentences() {
        let words = tokens(text, sentence.clone());
        let Some(directive) = directives(&words)
            .into_iter()
            .find_map(|cue| addressees(text, concepts, &words, cue))
        else {
            continue;
        };
        let paragraph = paragraphs
            .iter()
            .find(|p| p.start <= sentence.start && sentence.end <= p.end)
            .cloned()
            .unwrap_or(sentence.clone());
        let kind = if speaks_of_procurement(&text.slice(sentence.start, sentence.end))
            || speaks_of_procurement(&text.slice(paragraph.start, paragraph.end))
        {
            ObligationKind::Procurement
        } else {
            ObligationKind::General
        };
        let action_start = directive.action_start;
        let mut action = text.slice(action_start.min(sentence.end), sentence.end);
        if let Some(cut) = action.find(", which") {
            action.truncate(cut);
        }
        let action = action
            .trim()
            .trim_end_matches(['.', ';', ':'])
            .trim()
            .to_owned();
        let reference = reference(text, sentence.clone());
        let mut seen = Vec::new();
        for addressee in directive.addressees {
            if seen.contains(&addressee) {
                continue;
            }
            seen.push(addressee.clone());
            found.push(Found {
                addressee,
                kind,
                action: action.clone(),
                reference: reference.as_ref().map(|r| r.0.clone()),
                paragraph: reference.as_ref().and_then(|r| r.1),
                sentence: sentence.clone(),
            });
        }
    }
    found
}

/// Whether `text` speaks of procurement, purchasing, suppliers, contractors, contracts,
/// sourcing or supply chains.
fn speaks_of_procurement(text: &str) -> bool {
    let lower = normalize(text);
    [
        "procur",
        "purchas",
        "supplier",
        "contract",
        "sourcing",
        "supply chain",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// A word or punctuation mark of a sentence: its character range and its normalised form.
#[derive(Debug, Clone)]
struct Token {
    start: usize,
    end: usize,
    lower: String,
    /// Whether it starts with a capital letter.
    capital: bool,
    /// Whether it is a word (letters or digits) rather than punctuation.
    word: bool,
}

/// The words and punctuation of `range`. A word is letters and digits, with the hyphens,
/// apostrophes and full stops between them ("Secretary-General", "Da'esh", "1714.43").
fn tokens(text: &Text, range: Range<usize>) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = range.start;
    while i < range.end {
        let c = text.chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c.is_alphanumeric() {
            i += 1;
            while i < range.end
                && (text.chars[i].is_alphanumeric()
                    || (matches!(text.chars[i], '-' | '‐' | '‑' | '\'' | '’' | '.')
                        && i + 1 < range.end
                        && text.chars[i + 1].is_alphanumeric()))
            {
                i += 1;
            }
        } else {
            i += 1;
        }
        let lower: String = text.normal[start..i].iter().collect();
        out.push(Token {
            start,
            end: i,
            lower: lower.replace(' ', "-"),
            capital: c.is_uppercase(),
            word: c.is_alphanumeric(),
        });
    }
    out
}

/// How a directive form points at its addressee.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Form {
    /// "must", "shall", "undertake to", "are urged to": the addressee is the subject.
    Subject,
    /// "requires X to", "prohibits X from": the addressee is the object.
    Object {
        /// Whether the object is followed by "from" rather than "to".
        from: bool,
    },
    /// "requests that X …", "has … amended so that X …": the subject of the clause.
    Clause,
}

/// A directive form in a sentence: where it starts and ends (in tokens) and its form.
#[derive(Debug, Clone, Copy)]
struct Cue {
    start: usize,
    end: usize,
    form: Form,
}

const BE: &[&str] = &["is", "are", "was", "were", "been"];

/// Prepositions that can open a phrase qualifying a subject ("importers of these minerals").
const PREPOSITIONS: &[&str] = &[
    "of", "in", "on", "at", "by", "for", "from", "with", "into", "under", "above", "below", "over",
    "through", "within", "across", "between",
];

/// Participles that make a directive in the passive ("are urged to"), and after "has … ":
/// the same words are active past forms ("the Council urged States to").
const PARTICIPLES: &[&str] = &[
    "required",
    "requested",
    "urged",
    "asked",
    "called",
    "encouraged",
    "expected",
    "recommended",
    "obliged",
    "directed",
    "invited",
    "prohibited",
    "barred",
    "obligated",
];

/// Active directive verbs, present tense.
const VERBS: &[&str] = &[
    "requires",
    "obliges",
    "obligates",
    "asks",
    "requests",
    "calls",
    "call",
    "urges",
    "encourages",
    "recommends",
    "invites",
    "directs",
    "expects",
    "prohibits",
    "bars",
];

/// Every directive form of a sentence, in order.
fn directives(words: &[Token]) -> Vec<Cue> {
    let w = |i: usize| words.get(i).map_or("", |t| t.lower.as_str());
    let mut cues = Vec::new();
    for i in 0..words.len() {
        let word = w(i);
        if word == "must"
            || word == "shall"
            || ((word == "undertake" || word == "undertakes") && w(i + 1) == "to")
        {
            cues.push(Cue {
                start: i,
                end: i + 1,
                form: Form::Subject,
            });
        } else if word == "amended"
            && w(i + 1) == "so"
            && w(i + 2) == "that"
            && words[..i]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "has" | "have" | "had"))
        {
            cues.push(Cue {
                start: i,
                end: i + 3,
                form: Form::Clause,
            });
        } else if PARTICIPLES.contains(&word) || VERBS.contains(&word) {
            // "calls" and "called" direct only with "upon" or "on".
            let mut end = i + 1;
            if matches!(word, "calls" | "call" | "called") {
                if !matches!(w(i + 1), "upon" | "on") {
                    continue;
                }
                end += 1;
            }
            let from = word.starts_with("prohibit") || word.starts_with("bar");
            // Passive: a form of "be", perhaps with adverbs, before the participle.
            let mut k = i;
            while k > 0
                && (w(k - 1).ends_with("ly")
                    || matches!(
                        w(k - 1),
                        "also" | "further" | "hereby" | "therefore" | "not"
                    ))
            {
                k -= 1;
            }
            let negated =
                words[k..i].iter().any(|t| t.lower == "not") || (i > 0 && w(i - 1) == "not");
            let passive = k > 0
                && (BE.contains(&w(k - 1))
                    || (w(k - 1) == "be"
                        && !(k > 1 && matches!(w(k - 2), "can" | "may" | "could" | "might"))));
            if PARTICIPLES.contains(&word) && passive {
                if !negated {
                    cues.push(Cue {
                        start: k - 1,
                        end,
                        form: Form::Subject,
                    });
                }
            } else if !(negated || k > 0 && matches!(w(k - 1), "be" | "been" | "being")) {
                let form = if w(end) == "that" {
                    end += 1;
                    Form::Clause
                } else {
                    Form::Object { from }
                };
                cues.push(Cue {
                    start: i,
                    end,
                    form,
                });
            }
        }
    }
    cues
}

/// Who a directive form directs, and where the action it asks for starts (a character).
struct Directive {
    addressees: Vec<Addressee>,
    action_start: usize,
}

/// Words that determine a noun phrase and are left out of the addressee.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "certain", "its", "their", "this", "these", "those",
];

/// Words a noun phrase never holds (outside a label of the scheme): relative pronouns,
/// auxiliaries, prepositions, pronouns and conjunctions other than "and".
const STOP: &[&str] = &[
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "where",
    "when",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "not",
    "no",
    "of",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "to",
    "into",
    "under",
    "above",
    "below",
    "over",
    "through",
    "within",
    "without",
    "across",
    "including",
    "such",
    "as",
    "since",
    "after",
    "before",
    "during",
    "among",
    "between",
    "against",
    "about",
    "upon",
    "per",
    "via",
    "than",
    "it",
    "they",
    "he",
    "she",
    "we",
    "you",
    "them",
    "there",
    "or",
    "but",
    "nor",
    "while",
    "whereas",
    "so",
];

/// Verbs after which "that" opens a clause whose subject may be directed ("decides that all
/// States shall …").
const REPORTING: &[&str] = &[
    "recalls",
    "recalled",
    "states",
    "stated",
    "notes",
    "noted",
    "provides",
    "provided",
    "says",
    "said",
    "stresses",
    "stressed",
    "emphasises",
    "emphasizes",
    "recognises",
    "recognizes",
    "reaffirms",
    "decides",
    "decided",
    "ensures",
    "affirms",
    "adds",
    "specifies",
    "so",
];

fn is_stop(token: &Token) -> bool {
    !token.word
        || STOP.contains(&token.lower.as_str())
        || token.lower.starts_with(|c: char| c.is_ascii_digit())
}

/// A noun phrase: its tokens `start..end` (without leading determiners).
#[derive(Debug, Clone, Copy)]
struct Phrase {
    start: usize,
    end: usize,
}

/// The noun phrase starting at token `from` and ending before `limit`, or `None` when no
/// noun phrase starts there.
fn noun_phrase(words: &[Token], from: usize, limit: usize) -> Option<Phrase> {
    let w = |i: usize| words.get(i).filter(|_| i < limit);
    let mut i = from;
    while w(i).is_some_and(|t| DETERMINERS.contains(&t.lower.as_str())) {
        i += 1;
    }
    let start = i;
    let first = w(i)?;
    if is_stop(first) {
        return None;
    }
    // A participle opening the sentence ("Enacted through …", "Opening the meeting") is no
    // noun phrase.
    if (first.lower.ends_with("ed") || first.lower.ends_with("ing"))
        && w(i + 1).is_none_or(|t| is_stop(t) || DETERMINERS.contains(&t.lower.as_str()))
    {
        return None;
    }
    i += 1;
    while let Some(t) = w(i) {
        if !(is_stop(t) || t.lower.ends_with("ing") && t.lower.len() >= 5) {
            i += 1;
        } else if t.lower == "and"
            && w(i + 1).is_some_and(|n| !is_stop(n) && !DETERMINERS.contains(&n.lower.as_str()))
        {
            i += 2;
        } else if matches!(t.lower.as_str(), "of" | "in") {
            // A proper name after "of" or "in" stays: "Department of Labor", "members of
            // ETI", "Governments in the Region".
            let mut k = i + 1;
            if w(k).is_some_and(|n| n.lower == "the") {
                k += 1;
            }
            if !w(k).is_some_and(|n| n.word && n.capital) {
                break;
            }
            while w(k).is_some_and(|n| n.word && n.capital) {
                k += 1;
            }
            i = k;
        } else {
            break;
        }
    }
    Some(Phrase { start, end: i })
}

/// The addressees `cue` directs in the sentence `words`, with where its action starts; `None`
/// when it directs no one the sentence names.
fn addressees(text: &Text, concepts: &Collection, words: &[Token], cue: Cue) -> Option<Directive> {
    let after = |i: usize| words.get(i).map_or(usize::MAX, |t| t.start);
    let (phrases, action_start) = match cue.form {
        Form::Subject => {
            let phrase = subject(words, cue.start)?;
            // The action follows "to" ("are urged, as a matter of priority, to accede"), or the
            // modal itself.
            let to = (cue.end..words.len()).find(|&k| words[k].lower == "to");
            let action = match (words[cue.end - 1].lower.as_str(), to) {
                ("must" | "shall", _) | (_, None) => after(cue.end),
                (_, Some(to)) => after(to + 1),
            };
            (split(words, phrase), action)
        }
        Form::Clause => {
            let phrase = clause_subject(text, concepts, words, cue.end)?;
            (split(words, phrase), after(phrase.end))
        }
        Form::Object { from } => {
            // "recommends to the OSCE participating States adopting …"
            if words.get(cue.end).is_some_and(|t| t.lower == "to") {
                let phrase = clause_subject(text, concepts, words, cue.end + 1)?;
                (split(words, phrase), after(phrase.end))
            } else {
                let end = (cue.end + 1..words.len()).find(|&k| {
                    let next = words.get(k + 1);
                    (words[k].lower == "to"
                        && next.is_some_and(|n| {
                            n.word
                                && !DETERMINERS.contains(&n.lower.as_str())
                                && !n.lower.starts_with(|c: char| c.is_ascii_digit())
                        }))
                        || (from && words[k].lower == "from")
                })?;
                let phrases = object(words, cue.end, end)?;
                (phrases, after(end + 1))
            }
        }
    };
    let addressees: Vec<Addressee> = phrases
        .into_iter()
        .map(|p| addressee(text, concepts, words, p))
        .collect();
    (!addressees.is_empty()).then_some(Directive {
        addressees,
        action_start,
    })
}

/// The subject of a directive form starting at token `cue`: the noun phrase right before it
/// ("Member States are urged"), or else the first noun phrase followed by a relative clause or
/// a prepositional phrase that runs up to it ("federal contractors who supply listed products
/// must"). A noun phrase can start the sentence, follow a comma, "and"/"but" after a comma, or
/// "that" after a reporting verb ("decides that all States shall").
fn subject(words: &[Token], cue: usize) -> Option<Phrase> {
    let mut starts = vec![0];
    for k in 0..cue {
        let t = &words[k];
        if matches!(t.lower.as_str(), "," | ";" | ":") {
            let mut s = k + 1;
            if words
                .get(s)
                .is_some_and(|n| matches!(n.lower.as_str(), "and" | "but" | "while" | "whereas"))
            {
                s += 1;
            }
            starts.push(s);
        } else if t.lower == "that" && k > 0 && REPORTING.contains(&words[k - 1].lower.as_str()) {
            starts.push(k + 1);
        }
    }
    let phrases: Vec<Phrase> = starts
        .iter()
        .filter(|&&s| s < cue)
        .filter_map(|&s| noun_phrase(words, s, cue))
        .collect();
    if let Some(direct) = phrases.iter().rev().find(|p| p.end == cue) {
        return Some(reduced_relative(words, *direct));
    }
    phrases.into_iter().find(|p| {
        words.get(p.end).is_some_and(|t| {
            matches!(t.lower.as_str(), "that" | "who" | "which" | "whose")
                || PREPOSITIONS.contains(&t.lower.as_str())
        })
    })
}

/// "the measures Members must take": in a noun phrase of lower-case words then capitalised
/// ones, right before the directive form, the capitalised words are the subject when the
/// lower-case word before them is a plural noun.
fn reduced_relative(words: &[Token], phrase: Phrase) -> Phrase {
    let ts = &words[phrase.start..phrase.end];
    let Some(first_capital) = ts.iter().skip(1).position(|t| t.capital).map(|i| i + 1) else {
        return phrase;
    };
    let before = &ts[first_capital - 1];
    let lower_then_capitals = ts[..first_capital]
        .iter()
        .all(|t| !t.capital || t.start == ts[0].start)
        && ts[first_capital..].iter().all(|t| t.capital);
    if lower_then_capitals
        && !before.capital
        && before.lower.ends_with('s')
        && !before.lower.ends_with("ss")
        && !before.lower.ends_with("ous")
    {
        Phrase {
            start: phrase.start + first_capital,
            end: phrase.end,
        }
    } else {
        phrase
    }
}

/// The subject of a clause starting at token `from` ("that the UN Secretary General ensure
/// …"): a label of the scheme right there, or else the noun phrase, cut after its first
/// plural noun or capitalised name when no auxiliary ends it.
fn clause_subject(
    text: &Text,
    concepts: &Collection,
    words: &[Token],
    from: usize,
) -> Option<Phrase> {
    let mut start = from;
    while words
        .get(start)
        .is_some_and(|t| DETERMINERS.contains(&t.lower.as_str()))
    {
        start += 1;
    }
    let first = words.get(start)?;
    let last = words.last()?;
    let labels = text.matches(concepts, SchemeKind::Addressee, first.start..last.end);
    if let Some((_, end, _)) = labels.iter().find(|(s, _, _)| *s == first.start) {
        let end = words.iter().position(|t| t.end >= *end)? + 1;
        return Some(Phrase { start, end });
    }
    let phrase = noun_phrase(words, start, words.len())?;
    if words.get(phrase.end).is_some_and(is_stop) || phrase.end == words.len() {
        return Some(phrase);
    }
    let ts = &words[phrase.start..phrase.end];
    let end = if ts[0].capital {
        ts.iter().position(|t| !t.capital).unwrap_or(ts.len())
    } else {
        ts.iter()
            .position(|t| t.lower.ends_with('s'))
            .map_or(ts.len(), |i| i + 1)
    };
    Some(Phrase {
        start: phrase.start,
        end: phrase.start + end.max(1),
    })
}

/// The objects of an active directive verb between tokens `from` and `to` (the "to" of the
/// action): noun phrases separated by commas ("Member States, international and regional
/// organizations and civil society"), up to the first part that is not one ("relevant United
/// Nations entities, including UNOCA, …").
fn object(words: &[Token], from: usize, to: usize) -> Option<Vec<Phrase>> {
    let mut phrases = Vec::new();
    let mut start = from;
    loop {
        let mut s = start;
        if !phrases.is_empty()
            && words
                .get(s)
                .is_some_and(|t| matches!(t.lower.as_str(), "and" | "or"))
        {
            s += 1;
        }
        let Some(phrase) = noun_phrase(words, s, to) else {
            break;
        };
        phrases.extend(split(words, phrase));
        if words.get(phrase.end).is_some_and(|t| t.lower == ",") && phrase.end < to {
            start = phrase.end + 1;
        } else {
            break;
        }
    }
    (!phrases.is_empty()).then_some(phrases)
}

/// A noun phrase split where it coordinates noun phrases of two words or more with "and":
/// "United Nations entities and bilateral partners", but not "international and regional
/// organizations" or "relevant United Nations agencies and entities".
fn split(words: &[Token], phrase: Phrase) -> Vec<Phrase> {
    let mut out = Vec::new();
    let mut start = phrase.start;
    for k in phrase.start..phrase.end {
        if words[k].lower == "and" && k - start >= 2 {
            let mut next = k + 1;
            while next < phrase.end && DETERMINERS.contains(&words[next].lower.as_str()) {
                next += 1;
            }
            let right = (next..phrase.end)
                .take_while(|&i| words[i].lower != "and")
                .count();
            if right >= 2 {
                out.push(Phrase { start, end: k });
                start = next;
            }
        }
    }
    out.push(Phrase {
        start,
        end: phrase.end,
    });
    out
}

/// The addressee a noun phrase names: the concept whose label ends it, or the phrase as
/// written.
fn addressee(text: &Text, concepts: &Collection, words: &[Token], phrase: Phrase) -> Addressee {
    let (start, end) = (words[phrase.start].start, words[phrase.end - 1].end);
    let labels = text.matches(concepts, SchemeKind::Addressee, start..end);
    match labels.into_iter().find(|(_, e, _)| *e == end) {
        Some((_, _, id)) => Addressee::Known(Slug::parse(&id).expect("concept ids are slugs")),
        None => Addressee::Phrase(text.slice(start, end)),
    }
}

/// The first reference in a sentence: "paragraph", "operative paragraph", "para.", "point",
/// "section", "article", "clause" or "principle" and a number, with any subsections ("Article
/// 8(1)", "section 1714.43"), as written; and the paragraph number, for a paragraph or point.
fn reference(text: &Text, sentence: Range<usize>) -> Option<(String, Option<u32>)> {
    const WORDS: [&str; 8] = [
        "operative paragraph",
        "paragraph",
        "para.",
        "point",
        "section",
        "article",
        "clause",
        "principle",
    ];
    let mut found: Vec<(usize, usize, &str)> = Vec::new();
    for word in WORDS {
        for start in text.find(word, sentence.clone()) {
            found.push((start, start + word.chars().count(), word));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let at = |i: usize| text.chars.get(i).copied().filter(|_| i < sentence.end);
    for (start, end, word) in found {
        let mut i = end;
        if at(i) != Some(' ') {
            continue;
        }
        i += 1;
        let digits_start = i;
        while at(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        if i == digits_start {
            continue;
        }
        let digits_end = i;
        // Dotted numbers ("1714.43") and subsections ("(1)", "(a)(ii)").
        while at(i) == Some('.') && at(i + 1).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
            while at(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
        }
        while at(i) == Some('(') {
            let close = (i + 1..sentence.end.min(i + 6)).find(|&k| text.chars[k] == ')');
            match close {
                Some(k) if k > i + 1 && (i + 1..k).all(|j| text.chars[j].is_alphanumeric()) => {
                    i = k + 1
                }
                _ => break,
            }
        }
        if text.is_word_char(i) {
            continue;
        }
        let paragraph = ["operative paragraph", "paragraph", "para.", "point"]
            .contains(&word)
            .then(|| text.slice(digits_start, digits_end).parse().ok())
            .flatten();
        return Some((text.slice(start, i), paragraph));
    }
    None
}
