//! The record model: what one JSON file in `data/records/` says about one instrument, and the
//! concept schemes in `data/concepts/` that records point into.
//!
//! Field values that have a syntax of their own ([`Date`], [`HttpIri`], [`Slug`],
//! [`LanguageCode`]) are checked while the JSON is read, so a bad value is reported with the
//! line and column where it stands.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use std::fmt;

/// Marks an error message that carries the address of the offending JSON value, so that
/// [`crate::read`] can report the value's own line and column (serde_json reports where it
/// stopped reading, which for the last field of an object is the closing brace).
pub(crate) const AT_MARK: char = '\u{1}';

/// Reads a JSON string and checks it with `parse`; a failure names where the value starts.
fn checked<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, D::Error> {
    let raw = <&'de RawValue>::deserialize(deserializer)?;
    let text: String = match serde_json::from_str::<serde_json::Value>(raw.get()) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(serde_json::Value::Number(number)) => number.to_string(),
        _ => return Err(de::Error::custom("expected a string")),
    };
    parse(&text).map_err(|message| {
        let address = raw.get().as_ptr() as usize;
        de::Error::custom(format!("{AT_MARK}{address}{AT_MARK}{message}"))
    })
}

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
    /// The year in the instrument's identifier.
    pub year: u16,
    /// The catalogue's type, verbatim (e.g. "International legislation / policy").
    #[serde(rename = "type")]
    pub kind: String,
    /// The catalogue's country or jurisdiction, verbatim (e.g. "Global").
    pub jurisdiction: String,
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
    /// Guidance, a tool or another non-binding resource.
    Guidance,
}

impl InstrumentKind {
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
            InstrumentKind::Guidance => "guidance",
        }
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

/// An instrument's number as its issuer writes it: `2331`, `64/293`, `2011/36/EU`, `6/17`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Number(String);

impl Number {
    /// Checks that `text` is letters, digits, `/`, `.` and `-`, starting with a letter or digit.
    pub fn parse(text: &str) -> Result<Self, String> {
        let ok = text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-'));
        if ok {
            Ok(Number(text.to_owned()))
        } else {
            Err(format!(
                "{text:?} is not an instrument number: use letters, digits, '/', '.' and '-'"
            ))
        }
    }

    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as one IRI path segment: lowercase, `/` and `.` as `-` (`2011/36/EU` →
    /// `2011-36-eu`).
    pub fn segment(&self) -> String {
        self.0
            .chars()
            .map(|c| match c {
                '/' | '.' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect()
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        checked(deserializer, Number::parse)
    }
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
    /// The paragraph as the source words it ("Point 24", "operative paragraph 23").
    pub label: String,
    /// The paragraph number it gives.
    pub paragraph: u32,
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
    /// [`Record::kind`]
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
}

impl SchemeKind {
    /// The IRI path segment of the scheme and its concepts (`topic`, `group`, …).
    pub fn segment(self) -> &'static str {
        match self {
            SchemeKind::Topic => "topic",
            SchemeKind::Group => "group",
            SchemeKind::Addressee => "addressee",
            SchemeKind::Body => "body",
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
}

/// The English names of the months, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar date written `YYYY-MM-DD` that exists in the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, refusing dates that do not exist (such as `2016-02-31`).
    ///
    /// ```
    /// use resgraph::record::Date;
    /// assert_eq!(Date::parse("2016-12-20").unwrap().to_string(), "2016-12-20");
    /// assert_eq!(
    ///     Date::parse("2016-02-31").unwrap_err(),
    ///     "2016-02-31 is not a date: February 2016 has 29 days"
    /// );
    /// ```
    pub fn parse(text: &str) -> Result<Self, String> {
        let malformed = || format!("{text:?} is not a date of the form YYYY-MM-DD");
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(malformed());
        }
        let number = |range: std::ops::Range<usize>| -> Result<u16, String> {
            let digits = &text[range];
            if digits.bytes().all(|b| b.is_ascii_digit()) {
                digits.parse().map_err(|_| malformed())
            } else {
                Err(malformed())
            }
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        if !(1..=12).contains(&month) {
            return Err(format!("{text} is not a date: there is no month {month}"));
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day == 0 || day > days {
            let name = MONTHS[usize::from(month - 1)];
            return Err(format!(
                "{text} is not a date: {name} {year} has {days} days"
            ));
        }
        Ok(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        checked(deserializer, Date::parse)
    }
}

/// An absolute `http` or `https` IRI with a host, checked with `iri-string`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HttpIri(String);

impl HttpIri {
    /// Checks that `text` is a valid absolute IRI (RFC 3987) whose scheme is http or https.
    ///
    /// ```
    /// use resgraph::record::HttpIri;
    /// assert!(HttpIri::parse("https://undocs.org/en/S/RES/2388(2017)").is_ok());
    /// assert_eq!(
    ///     HttpIri::parse("javascript:alert(1)").unwrap_err(),
    ///     "\"javascript:alert(1)\" is not an http(s) IRI: its scheme is javascript"
    /// );
    /// ```
    pub fn parse(text: &str) -> Result<Self, String> {
        if let Some((at, c)) = text
            .chars()
            .enumerate()
            .find(|(_, c)| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(*c))
        {
            let what = match c {
                ' ' => "a space".to_owned(),
                c if c.is_whitespace() || c.is_control() => {
                    format!("the character U+{:04X}", c as u32)
                }
                c => format!("'{c}'"),
            };
            return Err(format!(
                "{text:?} is not a valid IRI: {what} at character {} is not allowed (percent-encode it)",
                at + 1
            ));
        }
        let iri = iri_string::types::IriStr::new(text)
            .map_err(|e| format!("{text:?} is not a valid IRI: {e}"))?;
        let scheme = iri.scheme_str();
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return Err(format!(
                "{text:?} is not an http(s) IRI: its scheme is {scheme}"
            ));
        }
        if iri
            .authority_components()
            .is_none_or(|a| a.host().is_empty())
        {
            return Err(format!("{text:?} is not an http(s) IRI: it has no host"));
        }
        Ok(HttpIri(text.to_owned()))
    }

    /// The IRI as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for HttpIri {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        checked(deserializer, HttpIri::parse)
    }
}

/// An id usable as one IRI path segment: lowercase ASCII letters and digits in words joined
/// by single hyphens (`isil`, `trafficking-in-persons`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

impl Slug {
    /// Checks the slug syntax.
    ///
    /// ```
    /// use resgraph::record::Slug;
    /// assert!(Slug::parse("lords-resistance-army").is_ok());
    /// assert!(Slug::parse("Lord's Resistance Army").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, String> {
        let word = |w: &str| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        };
        if text.split('-').all(word) {
            Ok(Slug(text.to_owned()))
        } else {
            Err(format!(
                "{text:?} is not an id: use lowercase letters and digits in words joined by single hyphens"
            ))
        }
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Slug {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        checked(deserializer, Slug::parse)
    }
}

/// A three-letter code of the EU Publications Office language table (`ENG`, `FRA`, …).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LanguageCode(String);

impl LanguageCode {
    /// Checks that `text` is three uppercase ASCII letters.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(LanguageCode(text.to_owned()))
        } else {
            Err(format!(
                "{text:?} is not a language code: use the EU table's three capital letters, e.g. ENG"
            ))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for LanguageCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        checked(deserializer, LanguageCode::parse)
    }
}

/// Serializes the string newtypes as the strings they wrap.
macro_rules! serialize_as_string {
    ($($name:ident),*) => {$(
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    )*};
}

serialize_as_string!(Date, HttpIri, Slug, LanguageCode, Number);

impl fmt::Display for HttpIri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
