//! Stage 1b: turn catalogue entries into records, extracting from each description the armed
//! groups, topics and obligations it mentions, each with the exact characters it came from.
//!
//! Matching is by the labels and aliases of the concept schemes in `data/concepts/`, ignoring
//! case, apostrophe style (’ or ') and hyphen-versus-space, on word boundaries; the longest
//! match wins where matches overlap (see `text.rs`). Obligations are found by `obligations.rs`:
//! a sentence that directs a noun phrase (must, shall, calls upon, requests, requires …).

use crate::error::{Error, Result};
use crate::ingest::catalogue::CatalogueEntry;
use crate::ingest::folder::{present_facts, Collection};
use crate::ingest::obligations::{find_obligations, Addressee, Found};
use crate::ingest::open_world::OpenWorld;
use crate::ingest::profile::Profile;
use crate::ingest::text::{normalize, Text};
use crate::model::{
    Citation, Extraction, InstrumentKind, Link, Mention, MentionKind, Number, Obligation, Record,
    SchemeKind, Slug, Source, SourceKind,
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
    world: &mut OpenWorld<'_>,
    source: &CatalogueSource,
    profile: &Profile,
) -> Result<Vec<Record>> {
    let bytes = std::fs::read(path).map_err(Error::io(path))?;
    crate::ingest::catalogue::parse_catalogue(path, &bytes, profile)?
        .iter()
        .map(|entry| entry_to_record(path, entry, world, source))
        .collect()
}

/// The file name `resgraph import` gives a record: `unsc-2016-2331.json`,
/// `uk-parliament-2015-act-modern-slavery-act.json`.
pub fn record_file_name(record: &Record) -> String {
    let key = record.iri_key().unwrap_or_default();
    let year = record.year.map(|y| format!("-{y}")).unwrap_or_default();
    match record.instrument {
        InstrumentKind::Resolution => format!("{}{year}-{key}.json", record.body),
        kind => format!("{}{year}-{}-{key}.json", record.body, kind.segment()),
    }
}

/// Turns one catalogue entry into a record. Its organization, types, jurisdiction and
/// addressees name concepts of `world`, which makes the ones it has not got (see
/// [`crate::ingest::open_world`]).
pub fn entry_to_record(
    path: &Path,
    entry: &CatalogueEntry,
    world: &mut OpenWorld<'_>,
    source: &CatalogueSource,
) -> Result<Record> {
    let fail = |message: String| Error::Syntax {
        path: path.to_path_buf(),
        line: entry.line,
        column: 1,
        field: String::new(),
        message,
    };
    let missing = |field: &str| fail(format!("this record gives no {field}"));
    let organization = entry
        .organization
        .as_deref()
        .ok_or_else(|| missing("organization"))?;
    let description = entry
        .description
        .clone()
        .ok_or_else(|| missing("description"))?;
    let body = world
        .concept(SchemeKind::Body, organization)
        .map_err(fail)?;
    for label in &entry.types {
        world.concept(SchemeKind::Type, label).map_err(fail)?;
    }
    if let Some(label) = &entry.jurisdiction {
        world
            .concept(SchemeKind::Jurisdiction, label)
            .map_err(fail)?;
    }
    let id = identify(
        &entry.name,
        body.as_str(),
        entry.date.map(|d| d.year()),
        &entry.types,
    );
    if id.kind == InstrumentKind::Resolution && entry.date.is_none() {
        return Err(fail(format!(
            "the resolution {:?} gives no date: a resolution is always dated",
            entry.name
        )));
    }
    if id.year.is_none() && id.kind.is_legislation() {
        return Err(fail(format!(
            "cannot tell the year of {:?}: give its date",
            entry.name
        )));
    }

    let text = Text::new(&description);
    let mut mentions = Vec::new();
    let concepts = world.collection();
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
    let found = find_obligations(&text, concepts);
    let obligations = text
        .obligations(found, world, &source.id, &mut mentions)
        .map_err(fail)?;

    let mut record = Record {
        title: entry.name.clone(),
        instrument: id.kind,
        symbol: id.symbol,
        body,
        number: id.number,
        key: id.key,
        year: id.year,
        types: entry.types.clone(),
        jurisdiction: entry.jurisdiction.clone(),
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
    /// The year in its identifier, when the name or the date gives one.
    pub year: Option<u16>,
    /// Its UN document symbol, for UN resolutions.
    pub symbol: Option<String>,
}

/// Identifies an instrument from its name, issuing body (`unsc`, `unga`, …) and catalogue
/// types; `year` (of the catalogue's date) is used when the name has none. Legislation is known
/// by its name (Resolution, Directive, Regulation, Executive Order, Decision, Protocol,
/// Convention, Act); other works by their types or name (Standard, Code of conduct, Corporate
/// Policy, Report, Index or Score), else they are guidance.
///
/// ```
/// use resgraph::ingest::extract::identify;
/// use resgraph::model::InstrumentKind;
/// let id = identify("Resolution 2331 (2016) Maintenance of international peace and security", "unsc", None, &[]);
/// assert_eq!(id.symbol.as_deref(), Some("S/RES/2331 (2016)"));
/// let id = identify("Resolution 64/293 United Nations Global Plan of Action to Combat Trafficking in Persons", "unga", Some(2010), &[]);
/// assert_eq!(id.symbol.as_deref(), Some("A/RES/64/293"));
/// assert_eq!(id.number.unwrap().segment(), "64-293");
/// let id = identify("Modern Slavery Act 2015", "uk-parliament", None, &[]);
/// assert_eq!((id.key.unwrap().as_str(), id.year, id.symbol), ("modern-slavery-act", Some(2015), None));
/// let id = identify("ISO 20400:2017 Sustainable procurement", "iso", None, &["Standard".into()]);
/// assert_eq!((id.kind, id.year), (InstrumentKind::Standard, Some(2017)));
/// let id = identify("ETI Base Code", "ethical-trading-initiative", None, &[]);
/// assert_eq!((id.kind, id.year, id.key.unwrap().as_str()), (InstrumentKind::CodeOfConduct, None, "eti-base-code"));
/// ```
pub fn identify(name: &str, body: &str, year: Option<u16>, types: &[String]) -> Identity {
    // Words without the punctuation around them ("Convention," is "Convention").
    let words: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '"' | '“' | '”')))
        .filter(|w| !w.is_empty())
        .collect();
    let year_in_name = name
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<u16>().ok())
        .find(|y| (1800..2100).contains(y));
    let number = |text: &str| Number::parse(text).ok();
    let after = |word: &str| -> Option<&str> {
        let i = words.iter().position(|w| w.eq_ignore_ascii_case(word))?;
        words.get(i + 1).copied()
    };
    let mut identity = Identity {
        kind: InstrumentKind::Guidance,
        number: None,
        key: None,
        year: year.or(year_in_name),
        symbol: None,
    };
    if let Some(n) = after("Resolution")
        .filter(|_| words.first() == Some(&"Resolution"))
        .filter(|n| n.chars().next().is_some_and(|c| c.is_ascii_digit()))
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
            identity.year = Some(y);
            if body == "unsc" {
                identity.symbol = Some(format!("S/RES/{n} ({y})"));
            }
        }
    } else if let Some(n) = after("Directive").filter(|n| n.contains('/')) {
        identity.kind = InstrumentKind::Directive;
        identity.number = number(n);
        identity.year = n
            .split('/')
            .next()
            .and_then(|y| y.parse().ok())
            .or(identity.year);
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
    } else {
        identity.kind = work_kind(name, types);
    }
    if identity.number.is_none() && identity.key.is_none() {
        let name = name.split(':').next().unwrap_or(name);
        identity.key = Slug::of(
            &name
                .split_whitespace()
                .take(8)
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    identity
}

/// The kind of a work that is not legislation, from the words of its name, then of its
/// catalogue types ("Standard", "Corporate Policy", "Report/analysis", "Score / Measurement").
fn work_kind(name: &str, types: &[String]) -> InstrumentKind {
    const CUES: [(&str, InstrumentKind); 7] = [
        ("standard", InstrumentKind::Standard),
        ("code of conduct", InstrumentKind::CodeOfConduct),
        ("corporate policy", InstrumentKind::CorporatePolicy),
        ("report", InstrumentKind::Report),
        ("score", InstrumentKind::Index),
        ("index", InstrumentKind::Index),
        ("code", InstrumentKind::CodeOfConduct),
    ];
    let words = |text: &str| {
        let text = normalize(text);
        format!(
            " {} ",
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    let name = words(name);
    let types: Vec<String> = types.iter().map(|t| words(t)).collect();
    let has = |text: &str, cue: &str| text.contains(&format!(" {cue} "));
    CUES.iter()
        .find(|(cue, _)| has(&name, cue))
        .or_else(|| {
            CUES.iter()
                .find(|(cue, _)| types.iter().any(|t| has(t, cue)))
        })
        .map_or(InstrumentKind::Guidance, |(_, kind)| *kind)
}

impl Text {
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
        for (start, end, id) in self.matches(concepts, kind, 0..self.len()) {
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

    /// The obligations the text reports (`found` by [`find_obligations`]), with a mention
    /// spanning the sentence of each; an addressee no concept names becomes a new one in
    /// `world`.
    fn obligations(
        &self,
        found: Vec<Found>,
        world: &mut OpenWorld<'_>,
        source: &Slug,
        mentions: &mut Vec<Mention>,
    ) -> std::result::Result<Vec<Obligation>, String> {
        let mut obligations = Vec::new();
        for found in found {
            let addressee = match found.addressee {
                Addressee::Known(id) => id,
                Addressee::Phrase(phrase) => world.concept(SchemeKind::Addressee, &phrase)?,
            };
            let quote = self.slice(found.sentence.start, found.sentence.end);
            let citations = found
                .reference
                .clone()
                .map(|label| Citation {
                    label,
                    paragraph: found.paragraph,
                    quote: None,
                    source: source.clone(),
                })
                .into_iter()
                .collect();
            mentions.push(Mention {
                fact: MentionKind::Obligation,
                target: obligations.len().to_string(),
                start: found.sentence.start,
                end: found.sentence.end,
                exact: quote.clone(),
            });
            obligations.push(Obligation {
                addressee,
                action: found.action,
                kind: found.kind,
                quote,
                source: source.clone(),
                citations,
            });
        }
        Ok(obligations)
    }
}
