//! Stage 1, for catalogue files: read the OSCE compendium's record format into entries.
//!
//! A record is a run of headed fields, each heading on a line of its own followed by its value,
//! blank lines between, and a line holding only `.` after the record. Which headings there are,
//! and the field of the entry each fills, is the catalogue's [`Profile`]: the OSCE compendium's
//! ("Name of Resource", "Type", "Country / jurisdiction", "Organization" or "Enacting
//! authority", "Initiative launch date" or one of three other date headings, "Description",
//! "Availability") is built in. A heading directly followed by another heading, or by the
//! closing `.`, has no value: the field is not given. A description may run over several
//! paragraphs; Availability holds one `LANG[, LANG…]: url` line per link.
//!
//! ```
//! use resgraph::ingest::catalogue::parse_catalogue;
//! use resgraph::ingest::profile::Profile;
//! let text = "Name of Resource\n\nResolution 2331 (2016) Maintenance of international peace and security\n\n\
//!             Type\n\nInternational legislation / policy\n\n\
//!             Country / jurisdiction\n\n\
//!             Organization\n\nUnited Nations Security Council\n\n\
//!             Initiative launch date\n\n20 December 2016\n\n\
//!             Availability\n\nENG: https://undocs.org/S/RES/2331(2016)\n\n.\n";
//! let entries = parse_catalogue("seed.txt".as_ref(), text.as_bytes(), &Profile::osce_compendium()).unwrap();
//! assert_eq!(entries[0].name, "Resolution 2331 (2016) Maintenance of international peace and security");
//! assert_eq!(entries[0].types, ["International legislation / policy"]);
//! assert_eq!(entries[0].jurisdiction, None);
//! assert_eq!(entries[0].date.unwrap().to_string(), "2016-12-20");
//! ```

use crate::error::{Error, Result};
use crate::ingest::profile::{Field, Profile};
use crate::model::{Date, HttpIri, LanguageCode, MONTHS};
use std::path::{Path, PathBuf};

/// One record of a catalogue file, its values as written (dates parsed). A field the record
/// does not give, or gives with no value, is `None` (or empty), never an empty string.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogueEntry {
    /// The line the record starts on (1-based).
    pub line: usize,
    /// The name ("Name of Resource").
    pub name: String,
    /// The catalogue's own number of the record ("1." above the name), when it gives one.
    pub catalogue_number: Option<u32>,
    /// The types ("Type"), the value split at each ", ".
    pub types: Vec<String>,
    /// The jurisdiction ("Country / jurisdiction").
    pub jurisdiction: Option<String>,
    /// The organization ("Organization", "Enacting authority").
    pub organization: Option<String>,
    /// The date ("Initiative launch date", "Entry into force / date of approval", "Date of
    /// publishing", "Date of initial launch"), parsed, with its precision.
    pub date: Option<Date>,
    /// The description ("Description"), verbatim, paragraphs separated by a blank line.
    pub description: Option<String>,
    /// The line the description starts on (0 without a description).
    pub description_line: usize,
    /// The links ("Availability"): each language code with its URL.
    pub availability: Vec<(LanguageCode, HttpIri)>,
}

/// Parses a whole catalogue file whose headings are those of `profile`. Any problem rejects
/// the whole file, with its line.
///
/// ```
/// use resgraph::ingest::catalogue::parse_catalogue;
/// use resgraph::ingest::profile::Profile;
/// let text = "Name of Resource\n\nA guide\n\nInitiative end date\n\n2020\n\n.\n";
/// assert_eq!(
///     parse_catalogue("c.txt".as_ref(), text.as_bytes(), &Profile::osce_compendium())
///         .unwrap_err()
///         .to_string(),
///     "c.txt:5:1: unknown heading \"Initiative end date\" (the profile osce-compendium has no such heading)"
/// );
/// ```
pub fn parse_catalogue(
    path: &Path,
    bytes: &[u8],
    profile: &Profile,
) -> Result<Vec<CatalogueEntry>> {
    let fail_at = |line: usize, column: usize, message: String| Error::Syntax {
        path: path.to_path_buf(),
        line,
        column,
        field: String::new(),
        message,
    };
    let fail = |line: usize, message: String| fail_at(line, 1, message);
    let unknown = |line: usize, heading: &str| {
        fail(
            line,
            format!(
                "unknown heading {heading:?} (the profile {} has no such heading)",
                profile.name
            ),
        )
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let before = &bytes[..offset];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        Error::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            field: String::new(),
            message: format!(
                "the byte 0x{:02X} at offset {offset} is not UTF-8",
                bytes[offset]
            ),
        }
    })?;

    let mut parser = Parser {
        path: path.to_path_buf(),
        profile,
        entries: Vec::new(),
        current: None,
        given: Vec::new(),
    };
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .collect();
    let paragraphs = paragraphs(&lines);
    let mut i = 0;
    while i < paragraphs.len() {
        let (line, para) = &paragraphs[i];
        if para.len() == 1 && para[0].trim() == "." {
            parser.close(*line)?;
            i += 1;
            continue;
        }
        let heading_text = para[0].trim();
        let Some(field) = profile.field(heading_text) else {
            return Err(unknown(*line, heading_text));
        };
        if para.len() > 1 {
            return Err(fail(
                line + 1,
                format!("put a blank line between the heading {heading_text:?} and its value"),
            ));
        }
        // The value: the next paragraphs up to the next heading or the closing ".".
        let mut j = i + 1;
        let mut values: Vec<(usize, String)> = Vec::new();
        while j < paragraphs.len() {
            let (value_line, value) = &paragraphs[j];
            let first = value[0].trim();
            if profile.field(first).is_some() || (value.len() == 1 && first == ".") {
                break;
            }
            let more_allowed = match field {
                Field::Description => !looks_like_heading(value),
                Field::Availability => true,
                // A name may follow the record's number ("1.").
                Field::Name => values.len() == 1 && record_number(&values[0].1).is_some(),
                _ => false,
            };
            if !values.is_empty() && !more_allowed {
                return Err(unknown(*value_line, first));
            }
            values.push((*value_line, value.join("\n")));
            j += 1;
        }
        if field == Field::Name && values.is_empty() {
            return Err(fail(
                *line,
                format!("the heading {heading_text:?} has no value"),
            ));
        }
        if let Some((_, earlier)) = parser.given.iter().find(|(f, _)| *f == field) {
            return Err(if field == Field::Name {
                fail(
                    parser.current.as_ref().map_or(*line, |entry| entry.line),
                    format!(
                        "this record is not closed by a line holding only \".\" before the next one starts at line {line}"
                    ),
                )
            } else if earlier == heading_text {
                fail(
                    *line,
                    format!("the heading {heading_text:?} appears twice in one record"),
                )
            } else {
                fail(
                    *line,
                    format!(
                        "the headings {earlier:?} and {heading_text:?} both give the {field} of one record"
                    ),
                )
            });
        }
        parser.given.push((field, heading_text.to_owned()));
        let entry = parser.open(*line);
        // A heading with no value gives nothing: the field stays as it is, not given.
        let Some((value_line, _)) = values.first().cloned() else {
            i = j;
            continue;
        };
        match field {
            Field::Name => {
                let (number, name) = match values.as_slice() {
                    [(_, n), (_, name)] => match record_number(n) {
                        Some(number) => (Some(number), name.clone()),
                        None => return Err(unknown(values[1].0, name)),
                    },
                    [(_, name)] => (None, name.clone()),
                    _ => unreachable!("at most two paragraphs are kept for a name"),
                };
                entry.catalogue_number = number;
                entry.name = one_line(&name);
            }
            Field::Type => {
                entry.types = one_line(&values[0].1)
                    .split(", ")
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
            Field::Jurisdiction => entry.jurisdiction = Some(one_line(&values[0].1)),
            Field::Organization => entry.organization = Some(one_line(&values[0].1)),
            Field::Date => {
                let date = parse_date(values[0].1.trim()).map_err(|m| fail(value_line, m))?;
                entry.date = Some(date);
            }
            Field::Description => {
                let paragraphs: Vec<&str> = values.iter().map(|(_, v)| v.as_str()).collect();
                entry.description = Some(paragraphs.join("\n\n"));
                entry.description_line = value_line;
            }
            Field::Availability => {
                for (first_line, text) in &values {
                    for (k, link) in text.split('\n').enumerate() {
                        let links = parse_availability(link)
                            .map_err(|(column, m)| fail_at(first_line + k, column, m))?;
                        entry.availability.extend(links);
                    }
                }
            }
        }
        i = j;
    }
    // The end of the file closes the last record, as in the catalogue files we receive.
    parser.close(usize::MAX)?;
    if parser.entries.is_empty() {
        return Err(fail(1, "the file holds no records".into()));
    }
    Ok(parser.entries)
}

/// Builds entries as headings come.
struct Parser<'p> {
    path: PathBuf,
    profile: &'p Profile,
    entries: Vec<CatalogueEntry>,
    current: Option<CatalogueEntry>,
    /// The fields the current record has given so far, each with the heading that gave it.
    given: Vec<(Field, String)>,
}

impl Parser<'_> {
    fn open(&mut self, line: usize) -> &mut CatalogueEntry {
        self.current.get_or_insert_with(|| CatalogueEntry {
            line,
            name: String::new(),
            catalogue_number: None,
            types: Vec::new(),
            jurisdiction: None,
            organization: None,
            date: None,
            description: None,
            description_line: 0,
            availability: Vec::new(),
        })
    }

    fn close(&mut self, line: usize) -> Result<()> {
        let fail = |line: usize, message: &str| Error::Syntax {
            path: self.path.clone(),
            line,
            column: 1,
            field: String::new(),
            message: message.to_owned(),
        };
        self.given.clear();
        let Some(entry) = self.current.take() else {
            return if line == usize::MAX {
                Ok(())
            } else {
                Err(fail(line, "a \".\" line closes no record"))
            };
        };
        if entry.name.is_empty() {
            let headings: Vec<String> = self
                .profile
                .headings_of(Field::Name)
                .map(|h| format!("{h:?}"))
                .collect();
            let message = format!("this record has no {}", headings.join(" or "));
            return Err(fail(entry.line, &message));
        }
        self.entries.push(entry);
        Ok(())
    }
}

/// Runs of non-blank lines, each with the number of its first line.
fn paragraphs<'a>(lines: &[(usize, &'a str)]) -> Vec<(usize, Vec<&'a str>)> {
    let mut out: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut in_paragraph = false;
    for (number, line) in lines {
        if line.trim().is_empty() {
            in_paragraph = false;
        } else if in_paragraph {
            out.last_mut().expect("in a paragraph").1.push(line);
        } else {
            out.push((*number, vec![line]));
            in_paragraph = true;
        }
    }
    out
}

/// A paragraph of a description that reads like a heading (one short line with no sentence
/// punctuation, e.g. "Initiative end date"): a heading the format does not know, which must
/// never be merged into the description.
fn looks_like_heading(paragraph: &[&str]) -> bool {
    let line = paragraph[0].trim();
    paragraph.len() == 1
        && line.split_whitespace().count() <= 4
        && line.chars().next().is_some_and(char::is_uppercase)
        && !line.ends_with(['.', ':', ';', ',', '!', '?', ')', '"', '”'])
        && !line.chars().any(|c| c.is_ascii_digit())
}

/// The number of a catalogue record, written `12.` above its name.
fn record_number(paragraph: &str) -> Option<u32> {
    paragraph.strip_suffix('.')?.parse().ok()
}

fn one_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads a date written like `20 December 2016`, `December 2016` or `2016`, keeping its
/// precision.
///
/// ```
/// use resgraph::ingest::catalogue::parse_date;
/// use resgraph::model::Precision;
/// assert_eq!(parse_date("21 November 2017").unwrap().to_string(), "2017-11-21");
/// assert_eq!(parse_date("April 2017").unwrap().to_string(), "2017-04");
/// assert_eq!(parse_date("2018").unwrap().precision(), Precision::Year);
/// assert_eq!(
///     parse_date("31 February 2016").unwrap_err(),
///     "31 February 2016 is not a date: February 2016 has 29 days"
/// );
/// ```
pub fn parse_date(text: &str) -> Result<Date, String> {
    let unreadable = || {
        format!("{text:?} is not a date written like \"20 December 2016\", \"December 2016\" or \"2016\"")
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let (day, month, year) = match words.as_slice() {
        [day, month, year] => (Some(*day), Some(*month), *year),
        [month, year] => (None, Some(*month), *year),
        [year] => (None, None, *year),
        _ => return Err(unreadable()),
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(unreadable());
    }
    let mut iso = year.to_owned();
    if let Some(month) = month {
        let month = MONTHS
            .iter()
            .position(|m| m.eq_ignore_ascii_case(month))
            .ok_or_else(unreadable)?
            + 1;
        iso.push_str(&format!("-{month:02}"));
    }
    if let Some(day) = day {
        if !(1..=2).contains(&day.len()) || !day.bytes().all(|b| b.is_ascii_digit()) {
            return Err(unreadable());
        }
        let day: u8 = day.parse().map_err(|_| unreadable())?;
        iso.push_str(&format!("-{day:02}"));
    }
    Date::parse(&iso).map_err(|e| e.replace(&iso, text))
}

/// Reads one Availability line: `ENG: url` or `DEU, ENG, FRA: url`. A failure gives the
/// column (1-based, in characters) of what is wrong.
fn parse_availability(line: &str) -> Result<Vec<(LanguageCode, HttpIri)>, (usize, String)> {
    let (languages, rest) = line
        .split_once(':')
        .filter(|(_, rest)| rest.starts_with(char::is_whitespace))
        .ok_or_else(|| {
            let message = format!("{line:?} is not an availability line like \"ENG: https://…\"");
            (1, message)
        })?;
    let url = rest.trim();
    let column = languages.chars().count()
        + 1
        + (rest.chars().count() - rest.trim_start().chars().count())
        + 1;
    let url = HttpIri::parse(url).map_err(|m| (column, m))?;
    languages
        .split(',')
        .map(|code| {
            Ok((
                LanguageCode::parse(code.trim()).map_err(|m| (1, m))?,
                url.clone(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Precision;

    fn parse(text: &str) -> Result<Vec<CatalogueEntry>, String> {
        parse_catalogue(
            Path::new("c.txt"),
            text.as_bytes(),
            &Profile::osce_compendium(),
        )
        .map_err(|e| e.to_string())
    }

    /// A record of the named fields, each heading followed by its value (none when empty).
    fn record(fields: &[(&str, &str)]) -> String {
        let mut out = String::new();
        for (heading, value) in fields {
            out.push_str(&format!("{heading}\n\n{value}\n\n"));
        }
        out + ".\n\n"
    }

    #[test]
    fn every_heading_variant_fills_its_field() {
        let text = [
            record(&[
                ("Name of Resource", "Modern Slavery Act 2015"),
                ("Type", "Legislation"),
                ("Country / jurisdiction", "United Kingdom"),
                ("Enacting authority", "Parliament of the United Kingdom"),
                ("Entry into force / date of approval", "26 March 2015"),
                ("Description", "An Act."),
                ("Availability", "ENG: https://www.legislation.gov.uk/"),
            ]),
            record(&[
                ("Name of Resource", "Trafficking in Persons Report 2018"),
                ("Organization", "United States Department of State"),
                ("Date of publishing", "June 2018"),
            ]),
            record(&[
                ("Name of Resource", "Modern Slavery Index"),
                ("Organization", "Verisk Maplecroft"),
                ("Date of initial launch", "2016"),
            ]),
            record(&[
                ("Name of Resource", "Resolution 2331 (2016)"),
                ("Organization", "United Nations Security Council"),
                ("Initiative launch date", "20 December 2016"),
            ]),
        ]
        .concat();
        let entries = parse(&text).unwrap();
        let got: Vec<(&str, Option<&str>, Option<String>)> = entries
            .iter()
            .map(|e| {
                (
                    e.name.as_str(),
                    e.organization.as_deref(),
                    e.date.map(|d| d.to_string()),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Modern Slavery Act 2015",
                    Some("Parliament of the United Kingdom"),
                    Some("2015-03-26".to_owned())
                ),
                (
                    "Trafficking in Persons Report 2018",
                    Some("United States Department of State"),
                    Some("2018-06".to_owned())
                ),
                (
                    "Modern Slavery Index",
                    Some("Verisk Maplecroft"),
                    Some("2016".to_owned())
                ),
                (
                    "Resolution 2331 (2016)",
                    Some("United Nations Security Council"),
                    Some("2016-12-20".to_owned())
                ),
            ]
        );
        let first = &entries[0];
        assert_eq!(first.types, ["Legislation"]);
        assert_eq!(first.jurisdiction.as_deref(), Some("United Kingdom"));
        assert_eq!(first.description.as_deref(), Some("An Act."));
        assert_eq!(first.description_line, 23);
        assert_eq!(first.availability.len(), 1);
        assert_eq!(first.availability[0].0.as_str(), "ENG");
        assert_eq!(
            first.availability[0].1.as_str(),
            "https://www.legislation.gov.uk/"
        );
    }

    #[test]
    fn a_custom_profile_reads_its_own_headings_and_refuses_the_compendiums() {
        let profile = Profile::from_json(
            Path::new("my.json"),
            r#"{"name": "my-catalogue", "headings": {"Title": "name", "Short title": "name", "Kinds": "type", "Issuer": "organization", "Issued": "date", "Links": "availability"}}"#,
        )
        .unwrap();
        let text = "Title\n\nModern Slavery Act 2015\n\nKinds\n\nLegislation, Act\n\n\
                    Issuer\n\nParliament of the United Kingdom\n\nIssued\n\nMarch 2015\n\n\
                    Links\n\nENG: https://www.legislation.gov.uk/\n\n.\n";
        let entries = parse_catalogue(Path::new("my.txt"), text.as_bytes(), &profile).unwrap();
        assert_eq!(
            entries,
            [CatalogueEntry {
                line: 1,
                name: "Modern Slavery Act 2015".into(),
                catalogue_number: None,
                types: vec!["Legislation".into(), "Act".into()],
                jurisdiction: None,
                organization: Some("Parliament of the United Kingdom".into()),
                date: Some(Date::parse("2015-03").unwrap()),
                description: None,
                description_line: 0,
                availability: vec![(
                    LanguageCode::parse("ENG").unwrap(),
                    HttpIri::parse("https://www.legislation.gov.uk/").unwrap()
                )],
            }]
        );
        let error = |text: &str| {
            parse_catalogue(Path::new("my.txt"), text.as_bytes(), &profile)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            error("Title\n\nAn Act\n\nOrganization\n\nParliament\n\n.\n"),
            "my.txt:5:1: unknown heading \"Organization\" (the profile my-catalogue has no such heading)"
        );
        assert_eq!(
            error("Issuer\n\nParliament\n\n.\n"),
            "my.txt:1:1: this record has no \"Title\" or \"Short title\""
        );
    }

    #[test]
    fn an_unknown_heading_names_the_profile_with_line_and_column() {
        let text = "Name of Resource\n\nAn Act\n\nType\n\nLegislation\n\n\
                    Initiative end date\n\n2004\n\n.\n";
        assert_eq!(
            parse(text).unwrap_err(),
            "c.txt:9:1: unknown heading \"Initiative end date\" (the profile osce-compendium has no such heading)"
        );
        // A value of two paragraphs, where one is allowed: the second is a heading not known.
        let text = "Name of Resource\n\nAn Act\n\nOrganization\n\nParliament\n\nIssuer\n\n.\n";
        assert_eq!(
            parse(text).unwrap_err(),
            "c.txt:9:1: unknown heading \"Issuer\" (the profile osce-compendium has no such heading)"
        );
    }

    #[test]
    fn a_heading_with_no_value_gives_nothing() {
        let text = record(&[
            ("Name of Resource", "Apple Supplier Code of Conduct"),
            ("Type", ""),
            ("Country / jurisdiction", ""),
            ("Organization", ""),
            ("Date of publishing", ""),
            ("Description", ""),
            ("Availability", ""),
        ]);
        assert_eq!(
            parse(&text).unwrap(),
            [CatalogueEntry {
                line: 1,
                name: "Apple Supplier Code of Conduct".into(),
                catalogue_number: None,
                types: Vec::new(),
                jurisdiction: None,
                organization: None,
                date: None,
                description: None,
                description_line: 0,
                availability: Vec::new(),
            }]
        );
        // The closing "." right after a heading, and the end of the file, end a value too.
        let entries = parse("Name of Resource\n\nAn Act\n\nAvailability\n\n.\n\nName of Resource\n\nA Code\n\nType\n").unwrap();
        assert_eq!(entries.len(), 2);
        assert!(entries[0].availability.is_empty());
        assert!(entries[1].types.is_empty());
        // The name stays required.
        assert_eq!(
            parse("Name of Resource\n\nType\n\nLegislation\n\n.\n").unwrap_err(),
            "c.txt:1:1: the heading \"Name of Resource\" has no value"
        );
    }

    #[test]
    fn two_headings_of_one_field_are_refused_like_a_repeated_heading() {
        let text = record(&[
            ("Name of Resource", "An Act"),
            ("Organization", "Parliament"),
            ("Enacting authority", "Parliament"),
        ]);
        assert_eq!(
            parse(&text).unwrap_err(),
            "c.txt:9:1: the headings \"Organization\" and \"Enacting authority\" both give the organization of one record"
        );
        // Even when the first has no value.
        let text = record(&[
            ("Name of Resource", "An Act"),
            ("Initiative launch date", ""),
            ("Date of publishing", "2018"),
        ]);
        assert_eq!(
            parse(&text).unwrap_err(),
            "c.txt:9:1: the headings \"Initiative launch date\" and \"Date of publishing\" both give the date of one record"
        );
        let text = record(&[
            ("Name of Resource", "An Act"),
            ("Type", ""),
            ("Type", "Legislation"),
        ]);
        assert_eq!(
            parse(&text).unwrap_err(),
            "c.txt:9:1: the heading \"Type\" appears twice in one record"
        );
        // The next record may use the other heading.
        let text = [
            record(&[("Name of Resource", "An Act"), ("Organization", "A")]),
            record(&[("Name of Resource", "A Code"), ("Enacting authority", "B")]),
        ]
        .concat();
        assert_eq!(parse(&text).unwrap().len(), 2);
    }

    #[test]
    fn dates_keep_their_precision() {
        let cases = [
            ("20 December 2016", "2016-12-20", Precision::Day),
            ("1 January 2019", "2019-01-01", Precision::Day),
            ("April 2017", "2017-04", Precision::Month),
            ("december 2018", "2018-12", Precision::Month),
            ("2018", "2018", Precision::Year),
        ];
        for (text, iso, precision) in cases {
            let date = parse_date(text).unwrap();
            assert_eq!(
                (date.to_string(), date.precision()),
                (iso.into(), precision)
            );
        }
        let unreadable = [
            "",
            "18",
            "20 Dec 2016",
            "2016 December",
            "20 December 16",
            "Spring 2016",
            "the 20 December 2016",
            "2016-12-20",
            "x December 2016",
            "200 May 2015",
            "+5 May 2015",
        ];
        for text in unreadable {
            assert_eq!(
                parse_date(text).unwrap_err(),
                format!("{text:?} is not a date written like \"20 December 2016\", \"December 2016\" or \"2016\"")
            );
        }
        assert_eq!(
            parse_date("29 February 2015").unwrap_err(),
            "29 February 2015 is not a date: February 2015 has 28 days"
        );
        assert_eq!(
            parse_date("0 May 2015").unwrap_err(),
            "0 May 2015 is not a date: May 2015 has 31 days"
        );
        let text = record(&[
            ("Name of Resource", "An Act"),
            ("Date of publishing", "31 February 2016"),
        ]);
        assert_eq!(
            parse(&text).unwrap_err(),
            "c.txt:7:1: 31 February 2016 is not a date: February 2016 has 29 days"
        );
    }

    #[test]
    fn a_type_holds_several_types_split_at_comma_space() {
        let types = |value: &str| {
            parse(&record(&[("Name of Resource", "An Act"), ("Type", value)])).unwrap()[0]
                .types
                .clone()
        };
        assert_eq!(
            types("Corporate Policy, Guidance on policy / legislation implementation"),
            [
                "Corporate Policy",
                "Guidance on policy / legislation implementation"
            ]
        );
        assert_eq!(
            types("Score / Measurement / Metric"),
            ["Score / Measurement / Metric"]
        );
        assert_eq!(types("Report/analysis,Index"), ["Report/analysis,Index"]);
        assert_eq!(
            types("Standard,  Code\n  of conduct"),
            ["Standard", "Code of conduct"]
        );
        assert_eq!(types("Standard, , Code, "), ["Standard", "Code,"]);
    }

    #[test]
    fn the_forty_real_records_parse_with_the_built_in_profile() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval-real/records.txt");
        let bytes = std::fs::read(&path).unwrap();
        let entries = parse_catalogue(&path, &bytes, &Profile::osce_compendium()).unwrap();
        assert_eq!(entries.len(), 40);
        let count = |precision: Option<Precision>| {
            entries
                .iter()
                .filter(|e| e.date.map(Date::precision) == precision)
                .count()
        };
        assert_eq!(
            [
                count(Some(Precision::Day)),
                count(Some(Precision::Month)),
                count(Some(Precision::Year)),
                count(None)
            ],
            [27, 7, 4, 2]
        );
        let names = |keep: &dyn Fn(&CatalogueEntry) -> bool| -> Vec<&str> {
            entries
                .iter()
                .filter(|e| keep(e))
                .map(|e| e.name.as_str())
                .collect()
        };
        assert_eq!(
            names(&|e| e.jurisdiction.is_none()),
            ["ISO 20400:2017 Sustainable procurement — Guidance"]
        );
        assert_eq!(names(&|e| e.availability.is_empty()).len(), 5);
        assert_eq!(
            names(&|e| e.organization.is_none() || e.types.is_empty()).len(),
            0
        );
        assert_eq!(names(&|e| e.description.is_none()).len(), 0);
        let mut types: Vec<String> = entries.iter().map(|e| e.types.join(" | ")).collect();
        types.sort();
        types.dedup();
        assert_eq!(
            types,
            [
                "Corporate Policy | Guidance on policy / legislation implementation",
                "Guidance on Policy",
                "Guidance on policy / legislation implementation",
                "International legislation / policy",
                "Legislation",
                "Policy",
                "Report/analysis",
                "Score / Measurement / Metric",
                "Score / Measurement / Metric | Report/analysis",
                "Standard | Guidance on policy / legislation implementation",
            ]
        );
        assert_eq!(entries.iter().filter(|e| e.types.len() == 2).count(), 7);
        let mc = entries.iter().find(|e| e.name.contains("6/17")).unwrap();
        assert_eq!(mc.date.unwrap().to_string(), "2017");
    }
}
