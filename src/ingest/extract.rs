//! Stage 1b: turn catalogue entries into records, extracting from each description the armed
//! groups, topics and obligations it mentions, each with the exact characters it came from.
//!
//! Matching is by the labels and aliases of the concept schemes in `data/concepts/`, ignoring
//! case, apostrophe style (’ or ') and hyphen-versus-space, on word boundaries; the longest
//! match wins where matches overlap. An obligation is a sentence that names an addressee and
//! uses a directive word (calls upon, requests, recommends, requires, shall …).

use crate::error::{Error, Result};
use crate::ingest::catalogue::CatalogueEntry;
use crate::ingest::folder::{present_facts, Collection};
use crate::ingest::profile::Profile;
use crate::model::{
    Citation, Concept, Extraction, InstrumentKind, Link, Mention, MentionKind, Number, Obligation,
    ObligationKind, Record, SchemeKind, Slug, Source, SourceKind,
};
use std::path::Path;

/// The tool name written into every extraction: `resgraph` and its version.
pub const TOOL: &str = concat!("resgraph ", env!("CARGO_PKG_VERSION"));

/// The catalogue a file comes from, as the source of every fact read from it.
#[derive(Debug, Clone)]
pub struct CatalogueSource {
    /// The source id used in records (and in the source graph's IRI).
    pub id: Slug,
    /// Where the catalogue can be read.
    pub url: crate::model::HttpIri,
    /// What it is.
    pub title: String,
}

impl CatalogueSource {
    /// The OSCE compendium, resgraph's first real input.
    pub fn osce_compendium() -> CatalogueSource {
        CatalogueSource {
            id: Slug::parse("osce-compendium").expect("a valid id"),
            url: crate::model::HttpIri::parse(
                "https://communities.osce.org/plugins/viewsource/viewpagesrc.action?pageId=590440",
            )
            .expect("a valid IRI"),
            title: "OSCE Compendium of Relevant Reference Materials and Resources on Ethical \
                    Sourcing and Prevention of Trafficking in Human Beings for Labour \
                    Exploitation in Supply Chains (OSCE Communities page 590440)"
                .into(),
        }
    }
}

/// Reads a catalogue file whose headings are those of `profile`, and turns each of its entries
/// into a record. Any problem rejects the whole file.
pub fn records_from_catalogue(
    path: &Path,
    concepts: &Collection,
    source: &CatalogueSource,
    profile: &Profile,
) -> Result<Vec<Record>> {
    let bytes = std::fs::read(path).map_err(Error::io(path))?;
    crate::ingest::catalogue::parse_catalogue(path, &bytes, profile)?
        .iter()
        .map(|entry| entry_to_record(path, entry, concepts, source))
        .collect()
}

/// The file name `resgraph import` gives a record: `unsc-2016-2331.json`,
/// `uk-parliament-2015-act-modern-slavery-act.json`.
pub fn record_file_name(record: &Record) -> String {
    let key = record.iri_key().unwrap_or_default();
    match record.instrument {
        InstrumentKind::Resolution => format!("{}-{}-{key}.json", record.body, record.year),
        kind => format!(
            "{}-{}-{}-{key}.json",
            record.body,
            record.year,
            kind.segment()
        ),
    }
}

/// Turns one catalogue entry into a record, using the concept schemes of `concepts`.
pub fn entry_to_record(
    path: &Path,
    entry: &CatalogueEntry,
    concepts: &Collection,
    source: &CatalogueSource,
) -> Result<Record> {
    let missing = |heading: &str| Error::Syntax {
        path: path.to_path_buf(),
        line: entry.line,
        column: 1,
        field: String::new(),
        message: format!("this record has no {heading:?}"),
    };
    let organization = entry
        .organization
        .as_deref()
        .ok_or_else(|| missing("Organization"))?;
    let description = entry
        .description
        .clone()
        .ok_or_else(|| missing("Description"))?;
    if entry.availability.is_empty() {
        return Err(missing("Availability"));
    }
    if entry.types.is_empty() {
        return Err(missing("Type"));
    }
    let body = find_concept(concepts, SchemeKind::Body, organization).ok_or_else(|| {
        Error::Syntax {
            path: path.to_path_buf(),
            line: entry.line,
            column: 1,
            field: String::new(),
            message: format!(
                "the organization {organization:?} is not in the body concept scheme: add it to data/concepts/bodies.json"
            ),
        }
    })?;
    let id =
        identify(&entry.name, body.as_str(), entry.date.map(|d| d.year())).ok_or_else(|| {
            Error::Syntax {
                path: path.to_path_buf(),
                line: entry.line,
                column: 1,
                field: String::new(),
                message: format!(
                    "cannot tell the year of {:?}: give an Initiative launch date",
                    entry.name
                ),
            }
        })?;

    let text = Text::new(&description);
    let mut mentions = Vec::new();
    let groups = text.concepts(
        concepts,
        SchemeKind::Group,
        MentionKind::Group,
        &mut mentions,
    );
    let topics = text.concepts(
        concepts,
        SchemeKind::Topic,
        MentionKind::Topic,
        &mut mentions,
    );
    let obligations = text.obligations(concepts, &source.id, &mut mentions);

    let mut record = Record {
        title: entry.name.clone(),
        instrument: id.kind,
        symbol: id.symbol,
        body,
        number: id.number,
        key: id.key,
        year: id.year,
        kind: entry.types.join(", "),
        jurisdiction: entry
            .jurisdiction
            .clone()
            .ok_or_else(|| missing("Country / jurisdiction"))?,
        adopted: entry.date,
        description,
        topics,
        groups,
        obligations,
        availability: entry
            .availability
            .iter()
            .map(|(language, url)| Link {
                language: language.clone(),
                url: url.clone(),
            })
            .collect(),
        sources: vec![Source {
            id: source.id.clone(),
            kind: SourceKind::Catalogue,
            url: source.url.clone(),
            title: source.title.clone(),
            facts: Vec::new(),
        }],
        extraction: Some(Extraction {
            tool: TOOL.into(),
            source: source.id.clone(),
            mentions,
        }),
    };
    record.sources[0].facts = present_facts(&record);
    Ok(record)
}

/// What an instrument's name and issuer say about its identity.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    /// The kind of instrument.
    pub kind: InstrumentKind,
    /// Its number, when it has one.
    pub number: Option<Number>,
    /// Its IRI key, when it has no number.
    pub key: Option<Slug>,
    /// The year in its identifier.
    pub year: u16,
    /// Its UN document symbol, for UN resolutions.
    pub symbol: Option<String>,
}

/// Identifies an instrument from its name and issuing body (`unsc`, `unga`, …); `year` (of the
/// launch date) is used when the name has none. `None` when no year can be found.
///
/// ```
/// use resgraph::ingest::extract::identify;
/// let id = identify("Resolution 2331 (2016) Maintenance of international peace and security", "unsc", None).unwrap();
/// assert_eq!(id.symbol.as_deref(), Some("S/RES/2331 (2016)"));
/// let id = identify("Resolution 64/293 United Nations Global Plan of Action to Combat Trafficking in Persons", "unga", Some(2010)).unwrap();
/// assert_eq!(id.symbol.as_deref(), Some("A/RES/64/293"));
/// assert_eq!(id.number.unwrap().segment(), "64-293");
/// let id = identify("Modern Slavery Act 2015", "uk-parliament", None).unwrap();
/// assert_eq!((id.key.unwrap().as_str(), id.year, id.symbol), ("modern-slavery-act", 2015, None));
/// ```
pub fn identify(name: &str, body: &str, year: Option<u16>) -> Option<Identity> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let year_in_name = words
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_digit()))
        .find(|w| w.len() == 4 && w.parse::<u16>().is_ok_and(|y| (1800..2100).contains(&y)))
        .and_then(|w| w.parse().ok());
    let number = |text: &str| Number::parse(text).ok();
    let after = |word: &str| -> Option<&str> {
        let i = words.iter().position(|w| w.eq_ignore_ascii_case(word))?;
        words.get(i + 1).copied()
    };
    let mut identity = Identity {
        kind: InstrumentKind::Guidance,
        number: None,
        key: None,
        year: year.or(year_in_name)?,
        symbol: None,
    };
    if let Some(n) =
        after("Resolution").filter(|n| n.chars().next().is_some_and(|c| c.is_ascii_digit()))
    {
        identity.kind = InstrumentKind::Resolution;
        identity.number = number(n);
        if n.contains('/') {
            if body == "unga" {
                identity.symbol = Some(format!("A/RES/{n}"));
            }
        } else if let Some(y) = words
            .get(2)
            .and_then(|w| w.strip_prefix('('))
            .and_then(|w| w.strip_suffix(')'))
            .and_then(|w| w.parse::<u16>().ok())
        {
            identity.year = y;
            if body == "unsc" {
                identity.symbol = Some(format!("S/RES/{n} ({y})"));
            }
        }
    } else if let Some(n) = after("Directive").filter(|n| n.contains('/')) {
        identity.kind = InstrumentKind::Directive;
        identity.number = number(n);
        identity.year = n.split('/').next()?.parse().ok().or(Some(identity.year))?;
    } else if words.iter().any(|w| w.eq_ignore_ascii_case("Regulation")) {
        identity.kind = InstrumentKind::Regulation;
        identity.number = words
            .iter()
            .find(|w| w.contains('/') && w.starts_with(|c: char| c.is_ascii_digit()))
            .and_then(|w| number(w));
    } else if let Some(n) = after("Order").filter(|_| name.contains("Executive Order")) {
        identity.kind = InstrumentKind::ExecutiveOrder;
        identity.number = number(n);
    } else if name.starts_with("Decision") {
        identity.kind = InstrumentKind::Decision;
        identity.number = after("No.").and_then(number);
    } else if words.contains(&"Protocol") {
        identity.kind = InstrumentKind::Protocol;
    } else if words.contains(&"Convention") {
        identity.kind = InstrumentKind::Convention;
    } else if words.contains(&"Act") {
        identity.kind = InstrumentKind::Act;
        let upto = words.iter().position(|w| *w == "Act").unwrap_or(0);
        identity.key = Slug::of(&words[..=upto].join(" "));
    }
    if identity.number.is_none() && identity.key.is_none() {
        identity.key = Slug::of(&words.iter().take(8).copied().collect::<Vec<_>>().join(" "));
    }
    Some(identity)
}

/// A concept id whose label or alias is exactly `text` (normalised), in one scheme.
fn find_concept(concepts: &Collection, kind: SchemeKind, text: &str) -> Option<Slug> {
    let wanted = normalize(text);
    let (_, scheme) = concepts.schemes.get(&kind)?;
    scheme
        .concepts
        .iter()
        .find(|c| labels(c).any(|l| normalize(l) == wanted))
        .map(|c| c.id.clone())
}

fn labels(concept: &Concept) -> impl Iterator<Item = &str> {
    std::iter::once(concept.label.as_str()).chain(concept.alt_labels.iter().map(String::as_str))
}

/// Lowercase, one apostrophe, hyphens and dashes as spaces: one character for one character,
/// so positions in the normalised text are positions in the original.
fn normalize_char(c: char) -> char {
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

fn normalize(text: &str) -> String {
    text.chars().map(normalize_char).collect()
}

/// A description, ready for matching: its characters and their normalised form.
struct Text {
    chars: Vec<char>,
    normal: Vec<char>,
}

/// A match: start and end (in characters) and what matched.
type Span = (usize, usize, String);

impl Text {
    fn new(text: &str) -> Text {
        let chars: Vec<char> = text.chars().collect();
        let normal = chars.iter().map(|c| normalize_char(*c)).collect();
        Text { chars, normal }
    }

    fn slice(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }

    fn is_word_char(&self, i: usize) -> bool {
        self.chars.get(i).is_some_and(|c| c.is_alphanumeric())
    }

    /// Every place `label` occurs on word boundaries within `range`.
    fn find(&self, label: &str, range: std::ops::Range<usize>) -> Vec<usize> {
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
    fn matches(
        &self,
        concepts: &Collection,
        kind: SchemeKind,
        range: std::ops::Range<usize>,
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

    /// The concepts of one scheme the whole text mentions, in order of first mention; every
    /// mention is added to `mentions`.
    fn concepts(
        &self,
        concepts: &Collection,
        kind: SchemeKind,
        fact: MentionKind,
        mentions: &mut Vec<Mention>,
    ) -> Vec<Slug> {
        let mut ids: Vec<Slug> = Vec::new();
        for (start, end, id) in self.matches(concepts, kind, 0..self.chars.len()) {
            let slug = Slug::parse(&id).expect("concept ids are slugs");
            if !ids.contains(&slug) {
                ids.push(slug);
            }
            mentions.push(Mention {
                fact,
                target: id,
                start,
                end,
                exact: self.slice(start, end),
            });
        }
        ids
    }

    /// The sentences of the text, as character ranges without surrounding white space.
    fn sentences(&self) -> Vec<std::ops::Range<usize>> {
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
        out.into_iter()
            .filter_map(|r| {
                let s = (r.start..r.end).find(|&i| !self.chars[i].is_whitespace())?;
                let e = (r.start..r.end)
                    .rev()
                    .find(|&i| !self.chars[i].is_whitespace())?
                    + 1;
                Some(s..e)
            })
            .collect()
    }

    /// The obligations the text reports: one per sentence that names an addressee and uses a
    /// directive word. Adds a mention spanning each such sentence.
    fn obligations(
        &self,
        concepts: &Collection,
        source: &Slug,
        mentions: &mut Vec<Mention>,
    ) -> Vec<Obligation> {
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
        let mut obligations = Vec::new();
        for sentence in self.sentences() {
            let Some(cue) = CUES
                .iter()
                .flat_map(|cue| {
                    self.find(cue, sentence.clone())
                        .into_iter()
                        .map(move |i| (i, *cue))
                })
                .min()
            else {
                continue;
            };
            let addressees = self.matches(concepts, SchemeKind::Addressee, sentence.clone());
            let Some((_, addressee_end, addressee)) = addressees.first().cloned() else {
                continue;
            };
            let quote = self.slice(sentence.start, sentence.end);
            let rest_start = addressee_end;
            let cue_then_that = !self.find("that", cue.0..addressees[0].0).is_empty();
            let action_start = if cue_then_that {
                rest_start
            } else {
                self.find("to", rest_start..sentence.end)
                    .first()
                    .map_or(rest_start, |to| to + 2)
            };
            let mut action = self.slice(action_start, sentence.end);
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
            let citations = self
                .paragraph_reference(sentence.clone())
                .map(|(label, paragraph)| Citation {
                    label,
                    paragraph,
                    quote: None,
                    source: source.clone(),
                })
                .into_iter()
                .collect();
            mentions.push(Mention {
                fact: MentionKind::Obligation,
                target: obligations.len().to_string(),
                start: sentence.start,
                end: sentence.end,
                exact: quote.clone(),
            });
            obligations.push(Obligation {
                addressee: Slug::parse(&addressee).expect("concept ids are slugs"),
                action,
                kind: if procurement {
                    ObligationKind::Procurement
                } else {
                    ObligationKind::General
                },
                quote,
                source: source.clone(),
                citations,
            });
        }
        obligations
    }

    /// The first "Point 24", "paragraph 23", "operative paragraph 5", "section 54", "article 3"
    /// in a sentence: its words as written and its number.
    fn paragraph_reference(&self, sentence: std::ops::Range<usize>) -> Option<(String, u32)> {
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
            for start in self.find(word, sentence.clone()) {
                found.push((start, start + word.chars().count()));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        for (start, end) in found {
            let mut i = end;
            if self.chars.get(i) != Some(&' ') {
                continue;
            }
            i += 1;
            let digits_end = (i..sentence.end)
                .find(|&k| !self.chars[k].is_ascii_digit())
                .unwrap_or(sentence.end);
            if digits_end > i && !self.is_word_char(digits_end) {
                let number = self.slice(i, digits_end).parse().ok()?;
                return Some((self.slice(start, digits_end), number));
            }
        }
        None
    }
}
