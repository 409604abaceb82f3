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
use crate::ingest::obligations::{find_obligations, Addressee};
use crate::ingest::profile::Profile;
use crate::ingest::text::{labels, normalize, Text};
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
    let year = record.year.map(|y| format!("-{y}")).unwrap_or_default();
    match record.instrument {
        InstrumentKind::Resolution => format!("{}{year}-{key}.json", record.body),
        kind => format!("{}{year}-{}-{key}.json", record.body, kind.segment()),
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
        year: Some(id.year),
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

/// Whether `id` is a concept of the addressee scheme.
fn is_addressee(concepts: &Collection, id: &Slug) -> bool {
    concepts
        .schemes
        .get(&SchemeKind::Addressee)
        .is_some_and(|(_, scheme)| scheme.concepts.iter().any(|c| &c.id == id))
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

    /// The obligations the text reports ([`find_obligations`]), with a mention spanning the
    /// sentence of each.
    fn obligations(
        &self,
        concepts: &Collection,
        source: &Slug,
        mentions: &mut Vec<Mention>,
    ) -> Vec<Obligation> {
        let mut obligations = Vec::new();
        for found in find_obligations(self, concepts) {
            // A phrase's id is its slug. Until open-world concepts make such ids concepts of
            // the addressee scheme, an obligation whose id is not one is left out: the record
            // check refuses unknown addressee ids, and with them the whole file.
            let addressee = match found.addressee {
                Addressee::Known(id) => id,
                Addressee::Phrase(phrase) => match Slug::of(&phrase) {
                    Some(id) if is_addressee(concepts, &id) => id,
                    _ => continue,
                },
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
        obligations
    }
}
