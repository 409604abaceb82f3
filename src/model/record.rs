//! The record model: what one JSON file in `data/records/` says about one instrument, and the
//! concept schemes in `data/concepts/` that records point into.

use super::value::{Date, HttpIri, LanguageCode, Number, Slug};
use serde::{Deserialize, Serialize};

/// One legal instrument (e.g. a Security Council resolution) as curated in `data/records/`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The name of the resource, verbatim from the catalogue.
    pub title: String,
    /// What kind of instrument it is (default: a resolution).
    #[serde(default, skip_serializing_if = "InstrumentKind::is_resolution")]
    pub instrument: InstrumentKind,
    /// The official document symbol (e.g. `S/RES/2331 (2016)`); absent for non-UN instruments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// The issuing body: an id in the `body` concept scheme (e.g. `unsc`).
    pub body: Slug,
    /// The instrument's number as its issuer writes it (`2331`, `64/293`, `2011/36/EU`);
    /// absent for instruments known by name only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<Number>,
    /// The last segment of the instrument's IRI when it has no number (`modern-slavery-act`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<Slug>,
    /// The year in the instrument's identifier, when it has one (a guidance document with no
    /// date may not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// The catalogue's types, verbatim (e.g. "International legislation / policy"): one
    /// string, or a list when the catalogue gives several. Each names a concept of the `type`
    /// scheme ([`SchemeKind::Type`]) by its label.
    #[serde(
        rename = "type",
        default,
        with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub types: Vec<String>,
    /// The catalogue's country or jurisdiction, verbatim (e.g. "Global"), when it gives one; it
    /// names a concept of the `jurisdiction` scheme by its label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// The adoption date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted: Option<Date>,
    /// The catalogue's description, verbatim, paragraph breaks included.
    pub description: String,
    /// Topic ids in the `topic` concept scheme.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Slug>,
    /// Armed-group ids in the `group` concept scheme.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Slug>,
    /// What the instrument asks of whom.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<Obligation>,
    /// Where the instrument's text can be read, per language.
    pub availability: Vec<Link>,
    /// Where the facts above come from; every fact must be backed by at least one source.
    pub sources: Vec<Source>,
    /// When topics, groups and obligations were extracted by resgraph rather than curated:
    /// which tool did it and the exact characters of the description each came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extraction: Option<Extraction>,
}

impl Record {
    /// The last segment of the instrument's IRI: its number (`64/293` → `64-293`) or its key.
    pub fn iri_key(&self) -> Option<String> {
        match (&self.key, &self.number) {
            (Some(key), _) => Some(key.to_string()),
            (None, Some(number)) => Some(number.segment()),
            (None, None) => None,
        }
    }
}

/// The kinds of instrument a catalogue lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InstrumentKind {
    /// A resolution of an intergovernmental body.
    #[default]
    Resolution,
    /// A decision (e.g. of the OSCE Ministerial Council).
    Decision,
    /// A convention (a treaty).
    Convention,
    /// A protocol to a convention.
    Protocol,
    /// An act of a legislature.
    Act,
    /// An EU directive.
    Directive,
    /// An EU regulation.
    Regulation,
    /// An executive order.
    ExecutiveOrder,
    /// A standard (e.g. ISO 20400, SA8000).
    Standard,
    /// A code of conduct (e.g. the ETI Base Code).
    CodeOfConduct,
    /// A company's own policy (e.g. a supplier code).
    CorporatePolicy,
    /// Guidance, a tool or another non-binding resource.
    Guidance,
    /// A report or an analysis.
    Report,
    /// An index, a score or a benchmark.
    Index,
}

impl InstrumentKind {
    /// Every kind, legislation first.
    pub const ALL: [InstrumentKind; 14] = [
        InstrumentKind::Resolution,
        InstrumentKind::Decision,
        InstrumentKind::Convention,
        InstrumentKind::Protocol,
        InstrumentKind::Act,
        InstrumentKind::Directive,
        InstrumentKind::Regulation,
        InstrumentKind::ExecutiveOrder,
        InstrumentKind::Standard,
        InstrumentKind::CodeOfConduct,
        InstrumentKind::CorporatePolicy,
        InstrumentKind::Guidance,
        InstrumentKind::Report,
        InstrumentKind::Index,
    ];

    /// The first IRI path segment of instruments of this kind (`resolution`, `executive-order`).
    pub fn segment(self) -> &'static str {
        match self {
            InstrumentKind::Resolution => "resolution",
            InstrumentKind::Decision => "decision",
            InstrumentKind::Convention => "convention",
            InstrumentKind::Protocol => "protocol",
            InstrumentKind::Act => "act",
            InstrumentKind::Directive => "directive",
            InstrumentKind::Regulation => "regulation",
            InstrumentKind::ExecutiveOrder => "executive-order",
            InstrumentKind::Standard => "standard",
            InstrumentKind::CodeOfConduct => "code-of-conduct",
            InstrumentKind::CorporatePolicy => "corporate-policy",
            InstrumentKind::Guidance => "guidance",
            InstrumentKind::Report => "report",
            InstrumentKind::Index => "index",
        }
    }

    /// Whether instruments of this kind are legislation (ELI legal resources) rather than
    /// other works a catalogue lists.
    pub fn is_legislation(self) -> bool {
        !matches!(
            self,
            InstrumentKind::Standard
                | InstrumentKind::CodeOfConduct
                | InstrumentKind::CorporatePolicy
                | InstrumentKind::Guidance
                | InstrumentKind::Report
                | InstrumentKind::Index
        )
    }

    fn is_resolution(&self) -> bool {
        *self == InstrumentKind::Resolution
    }
}

/// What resgraph extracted from a record's description, and where each result stands in it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Extraction {
    /// The tool and version that extracted (`resgraph 0.1.0`).
    pub tool: String,
    /// The id of the source (in the record's `sources`) whose description was read.
    pub source: Slug,
    /// Each extracted result with the characters it came from.
    pub mentions: Vec<Mention>,
}

/// One extracted result and the span of the description it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Mention {
    /// What was extracted: a group, a topic or an obligation.
    pub fact: MentionKind,
    /// The concept id (groups, topics), or the 0-based index in `obligations`.
    pub target: String,
    /// Start of the span, in Unicode characters from the start of the description (0-based).
    pub start: usize,
    /// End of the span (exclusive), in Unicode characters.
    pub end: usize,
    /// The span's text, verbatim.
    pub exact: String,
}

/// The kind of an extracted [`Mention`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// An armed group named in the description.
    Group,
    /// A topic the description is about.
    Topic,
    /// An obligation the description reports.
    Obligation,
}

/// Something an instrument asks an addressee to do.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// Who is asked: an id in the `addressee` concept scheme.
    pub addressee: Slug,
    /// What they are asked to do, in a short phrase.
    pub action: String,
    /// Whether it concerns procurement and supply chains.
    pub kind: ObligationKind,
    /// The words the obligation was read from, verbatim.
    pub quote: String,
    /// The id of the source (in the record's `sources`) the quote comes from.
    pub source: Slug,
    /// Where in the instrument the obligation stands, as each source puts it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
}

/// The kind of an [`Obligation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObligationKind {
    /// About procurement or supply chains.
    Procurement,
    /// Anything else.
    General,
}

/// A source's statement of which paragraph of the instrument holds an obligation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The place as the source words it ("Point 24", "operative paragraph 23", "Section 2(a)").
    pub label: String,
    /// The paragraph number it gives, when it names a paragraph or point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// The words of the source at that place, verbatim, when we have them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// The id of the source (in the record's `sources`) that says so.
    pub source: Slug,
}

/// One language version of the instrument's text.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The language, as an EU authority-table code (`ENG`, `FRA`, …), as the catalogue writes it.
    pub language: LanguageCode,
    /// Where to read it.
    pub url: HttpIri,
}

/// A document that facts of a record come from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// A short id, unique in the record, that obligations and citations refer to.
    pub id: Slug,
    /// Whether it is a catalogue's description or the instrument's own text.
    pub kind: SourceKind,
    /// Where it can be read.
    pub url: HttpIri,
    /// What it is, in a few words.
    pub title: String,
    /// Which of the record's fields it backs.
    #[serde(default)]
    pub facts: Vec<Fact>,
}

/// What kind of document a [`Source`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A catalogue's record about the instrument (what the catalogue claims).
    Catalogue,
    /// The instrument's own text, or a faithful reproduction of it (what the instrument says).
    Text,
}

/// A field of a [`Record`] that a [`Source`] can back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    /// [`Record::title`]
    Title,
    /// [`Record::symbol`]
    Symbol,
    /// [`Record::body`]
    Body,
    /// [`Record::number`] and [`Record::year`]
    Number,
    /// [`Record::types`]
    Type,
    /// [`Record::jurisdiction`]
    Jurisdiction,
    /// [`Record::adopted`]
    Adopted,
    /// [`Record::description`]
    Description,
    /// [`Record::topics`]
    Topics,
    /// [`Record::groups`]
    Groups,
    /// [`Record::availability`]
    Availability,
}

impl Fact {
    /// The field's name in the JSON record.
    pub fn field(self) -> &'static str {
        match self {
            Fact::Title => "title",
            Fact::Symbol => "symbol",
            Fact::Body => "body",
            Fact::Number => "number",
            Fact::Type => "type",
            Fact::Jurisdiction => "jurisdiction",
            Fact::Adopted => "adopted",
            Fact::Description => "description",
            Fact::Topics => "topics",
            Fact::Groups => "groups",
            Fact::Availability => "availability",
        }
    }
}

/// A concept scheme file in `data/concepts/`: topics, armed groups, addressees or bodies.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConceptScheme {
    /// Which scheme this is.
    pub scheme: SchemeKind,
    /// The scheme's title.
    pub title: String,
    /// The concepts, each with its labels.
    pub concepts: Vec<Concept>,
}

/// The four concept schemes records point into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SchemeKind {
    /// Subjects an instrument is about.
    Topic,
    /// Armed groups an instrument names.
    Group,
    /// Parties an obligation is addressed to.
    Addressee,
    /// Bodies that issue instruments.
    Body,
    /// The types a catalogue gives its resources ("Legislation", "Report/analysis").
    Type,
    /// Countries and jurisdictions ("Global", "United Kingdom").
    Jurisdiction,
}

impl SchemeKind {
    /// The IRI path segment of the scheme and its concepts (`topic`, `group`, …).
    pub fn segment(self) -> &'static str {
        match self {
            SchemeKind::Topic => "topic",
            SchemeKind::Group => "group",
            SchemeKind::Addressee => "addressee",
            SchemeKind::Body => "body",
            SchemeKind::Type => "type",
            SchemeKind::Jurisdiction => "jurisdiction",
        }
    }
}

/// One concept: a canonical label, its aliases, and where the labels come from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    /// The id, used in records and in the concept's IRI.
    pub id: Slug,
    /// The canonical (preferred) English label.
    pub label: String,
    /// Other names and spellings of the same thing.
    #[serde(default, rename = "altLabels", skip_serializing_if = "Vec::is_empty")]
    pub alt_labels: Vec<String>,
    /// What we mean by it, when the label is not enough.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    /// Where the labels are attested.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<HttpIri>,
    /// Whether a curator still has to review it: set on concepts that `import` made from a
    /// label no concept had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ConceptStatus>,
}

/// The review state of a [`Concept`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConceptStatus {
    /// Made by `import` from a catalogue's label; not yet checked by a curator.
    Unreviewed,
}

/// A field that holds one string or a list of strings in JSON, and a list in Rust; one
/// element is written back as a plain string.
mod one_or_many {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        Ok(match OneOrMany::deserialize(d)? {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        })
    }

    pub fn serialize<S: Serializer>(values: &[String], s: S) -> Result<S::Ok, S::Error> {
        match values {
            [one] => one.serialize(s),
            many => many.serialize(s),
        }
    }
}
