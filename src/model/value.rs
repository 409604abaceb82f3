//! Field values that have a syntax of their own ([`Date`], [`HttpIri`], [`Slug`],
//! [`LanguageCode`], [`Number`]), checked while the JSON is read, so that a bad value is reported
//! with the line and column where it stands.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use std::fmt;

/// Marks an error message that carries the address of the offending JSON value, so that
/// [`crate::ingest::folder`] can report the value's own line and column (serde_json reports where it
/// stopped reading, which for the last field of an object is the closing brace).
pub(crate) const AT_MARK: char = '\u{1}';

/// Reads a JSON string and checks it with `parse`; a failure names where the value starts.
pub(crate) fn checked<'de, D: Deserializer<'de>, T>(
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

/// How much of a [`Date`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// Only the year: `2018`.
    Year,
    /// The month and year: `2017-04`.
    Month,
    /// The full date: `2016-12-20`.
    Day,
}

/// A date of the proleptic Gregorian calendar that exists, known to the year (`2018`), the
/// month (`2017-04`) or the day (`2016-12-20`): the ISO 8601 forms of `xsd:gYear`,
/// `xsd:gYearMonth` and `xsd:date`.
///
/// Dates order by year, then month, then day; a date known only to the year or month comes
/// before the full dates within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    /// 1 to 12, or 0 when only the year is known.
    month: u8,
    /// 1 to 31, or 0 when only the year or the month is known.
    day: u8,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, refusing dates that do not exist (such as
    /// `2016-02-31` or `2016-13`).
    ///
    /// ```
    /// use resgraph::model::{Date, Precision};
    /// assert_eq!(Date::parse("2016-12-20").unwrap().to_string(), "2016-12-20");
    /// assert_eq!(Date::parse("2017-04").unwrap().precision(), Precision::Month);
    /// assert_eq!(Date::parse("2018").unwrap().to_string(), "2018");
    /// assert_eq!(
    ///     Date::parse("2016-02-31").unwrap_err(),
    ///     "2016-02-31 is not a date: February 2016 has 29 days"
    /// );
    /// assert_eq!(
    ///     Date::parse("2016-13").unwrap_err(),
    ///     "2016-13 is not a date: there is no month 13"
    /// );
    /// assert_eq!(
    ///     Date::parse("20 December 2016").unwrap_err(),
    ///     "\"20 December 2016\" is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY"
    /// );
    /// ```
    pub fn parse(text: &str) -> Result<Self, String> {
        let malformed =
            || format!("{text:?} is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY");
        let bytes = text.as_bytes();
        let precision = match bytes.len() {
            4 => Precision::Year,
            7 if bytes[4] == b'-' => Precision::Month,
            10 if bytes[4] == b'-' && bytes[7] == b'-' => Precision::Day,
            _ => return Err(malformed()),
        };
        let number = |range: std::ops::Range<usize>| -> Result<u16, String> {
            let digits = &text[range];
            if digits.bytes().all(|b| b.is_ascii_digit()) {
                digits.parse().map_err(|_| malformed())
            } else {
                Err(malformed())
            }
        };
        let year = number(0..4)?;
        if precision == Precision::Year {
            return Ok(Date {
                year,
                month: 0,
                day: 0,
            });
        }
        let month = number(5..7)?;
        if !(1..=12).contains(&month) {
            return Err(format!("{text} is not a date: there is no month {month}"));
        }
        if precision == Precision::Month {
            return Ok(Date {
                year,
                month: month as u8,
                day: 0,
            });
        }
        let day = number(8..10)?;
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

    /// How much of the date is known.
    pub fn precision(self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// The local name of the XML Schema datatype of the date's literal in RDF: `gYear`,
    /// `gYearMonth` or `date`.
    ///
    /// ```
    /// use resgraph::model::Date;
    /// let names = ["2018", "2017-04", "2016-12-20"].map(|d| Date::parse(d).unwrap().xsd_datatype_name());
    /// assert_eq!(names, ["gYear", "gYearMonth", "date"]);
    /// ```
    pub fn xsd_datatype_name(self) -> &'static str {
        match self.precision() {
            Precision::Year => "gYear",
            Precision::Month => "gYearMonth",
            Precision::Day => "date",
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision() {
            Precision::Year => write!(f, "{:04}", self.year),
            Precision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
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
    /// Checks that `text` is a valid absolute IRI (RFC 3987) whose scheme is http or https, and
    /// writes the scheme in lowercase.
    ///
    /// ```
    /// use resgraph::model::HttpIri;
    /// assert!(HttpIri::parse("https://undocs.org/en/S/RES/2388(2017)").is_ok());
    /// assert_eq!(HttpIri::parse("HTTPS://undocs.org/").unwrap().as_str(), "https://undocs.org/");
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
        // The scheme is case-insensitive, and lowercase is its canonical form (RFC 3986 3.1).
        Ok(HttpIri(format!(
            "{}{}",
            scheme.to_ascii_lowercase(),
            &text[scheme.len()..]
        )))
    }

    /// The IRI as written, its scheme in lowercase.
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
    /// use resgraph::model::Slug;
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

    /// The slug of a name: its letters (diacritics dropped) and digits in lowercase ASCII,
    /// each run of other characters one `-`, apostrophes dropped, and a leading "The" left
    /// out; `None` if nothing is left. Two labels name the same concept when their slugs are
    /// equal: this is the only normalization resgraph matches labels by, with no fuzzy merging.
    ///
    /// ```
    /// use resgraph::model::Slug;
    /// assert_eq!(Slug::of("Lord’s Resistance Army").unwrap().as_str(), "lords-resistance-army");
    /// assert_eq!(Slug::of("resgraph 0.1.0").unwrap().as_str(), "resgraph-0-1-0");
    /// assert_eq!(Slug::of("The Consumer Goods  Forum").unwrap().as_str(), "consumer-goods-forum");
    /// assert_eq!(Slug::of("Côte d’Ivoire").unwrap().as_str(), "cote-divoire");
    /// assert!(Slug::of("…").is_none());
    /// ```
    pub fn of(name: &str) -> Option<Slug> {
        use unicode_normalization::char::is_combining_mark;
        use unicode_normalization::UnicodeNormalization;
        let trimmed = name.trim_start();
        let name = match trimmed.get(..4) {
            Some(the) if the.eq_ignore_ascii_case("the ") => &trimmed[4..],
            _ => trimmed,
        };
        let mut out = String::new();
        for c in name.nfd().filter(|c| !is_combining_mark(*c)) {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') && c != '\'' && c != '’' {
                out.push('-');
            }
        }
        let out = out.trim_end_matches('-');
        (!out.is_empty()).then(|| Slug(out.to_owned()))
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
