//! Stage 1, for catalogue files: read the OSCE compendium's record format into entries.
//!
//! A record is a run of headed fields ("Name of Resource", "Type", "Country / jurisdiction",
//! "Organization", "Initiative launch date", "Description", "Availability"), each heading on a
//! line of its own followed by its value, blank lines between, and a line holding only `.`
//! after the record. A description may run over several paragraphs; Availability holds one
//! `LANG[, LANG…]: url` line per link.
//!
//! ```
//! use resgraph::ingest::catalogue::parse_catalogue;
//! let text = "Name of Resource\n\nResolution 2331 (2016) Maintenance of international peace and security\n\n\
//!             Organization\n\nUnited Nations Security Council\n\n\
//!             Initiative launch date\n\n20 December 2016\n\n\
//!             Availability\n\nENG: https://undocs.org/S/RES/2331(2016)\n\n.\n";
//! let entries = parse_catalogue("seed.txt".as_ref(), text.as_bytes()).unwrap();
//! assert_eq!(entries[0].name, "Resolution 2331 (2016) Maintenance of international peace and security");
//! assert_eq!(entries[0].launch_date.unwrap().to_string(), "2016-12-20");
//! ```

use crate::error::{Error, Result};
use crate::model::{Date, HttpIri, LanguageCode, MONTHS};
use std::path::{Path, PathBuf};

/// One record of a catalogue file, its values as written (dates parsed).
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogueEntry {
    /// The line the record starts on (1-based).
    pub line: usize,
    /// "Name of Resource".
    pub name: String,
    /// The catalogue's own number of the record ("1." above the name), when it gives one.
    pub catalogue_number: Option<u32>,
    /// "Type".
    pub kind: Option<String>,
    /// "Country / jurisdiction".
    pub jurisdiction: Option<String>,
    /// "Organization".
    pub organization: Option<String>,
    /// "Initiative launch date", parsed.
    pub launch_date: Option<Date>,
    /// "Description", verbatim, paragraphs separated by a blank line.
    pub description: Option<String>,
    /// The line the description starts on.
    pub description_line: usize,
    /// "Availability": each language code with its URL.
    pub availability: Vec<(LanguageCode, HttpIri)>,
}

/// The headings of the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heading {
    Name,
    Type,
    Jurisdiction,
    Organization,
    LaunchDate,
    Description,
    Availability,
}

impl Heading {
    const ALL: [(&'static str, Heading); 7] = [
        ("Name of Resource", Heading::Name),
        ("Type", Heading::Type),
        ("Country / jurisdiction", Heading::Jurisdiction),
        ("Organization", Heading::Organization),
        ("Initiative launch date", Heading::LaunchDate),
        ("Description", Heading::Description),
        ("Availability", Heading::Availability),
    ];

    fn parse(line: &str) -> Option<Heading> {
        Heading::ALL
            .iter()
            .find(|(text, _)| *text == line)
            .map(|(_, h)| *h)
    }
}

/// Parses a whole catalogue file. Any problem rejects the whole file, with its line.
pub fn parse_catalogue(path: &Path, bytes: &[u8]) -> Result<Vec<CatalogueEntry>> {
    let fail_at = |line: usize, column: usize, message: String| Error::Syntax {
        path: path.to_path_buf(),
        line,
        column,
        field: String::new(),
        message,
    };
    let fail = |line: usize, message: String| fail_at(line, 1, message);
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
        entries: Vec::new(),
        current: None,
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
        let Some(heading) = Heading::parse(heading_text) else {
            return Err(fail(*line, format!("unknown heading {heading_text:?}")));
        };
        if para.len() > 1 {
            return Err(fail(
                line + 1,
                format!("put a blank line between the heading {heading_text:?} and its value"),
            ));
        }
        let entry = parser.open(*line);
        // The value: the next paragraphs up to the next heading or the closing ".".
        let mut j = i + 1;
        let mut values: Vec<(usize, String)> = Vec::new();
        while j < paragraphs.len() {
            let (value_line, value) = &paragraphs[j];
            let first = value[0].trim();
            if Heading::parse(first).is_some() || (value.len() == 1 && first == ".") {
                break;
            }
            let more_allowed = match heading {
                Heading::Description => !looks_like_heading(value),
                Heading::Availability => true,
                Heading::Name => values.len() == 1,
                _ => false,
            };
            if !values.is_empty() && !more_allowed {
                return Err(fail(*value_line, format!("unknown heading {first:?}")));
            }
            values.push((*value_line, value.join("\n")));
            j += 1;
        }
        let Some((value_line, _)) = values.first().cloned() else {
            return Err(fail(
                *line,
                format!("the heading {heading_text:?} has no value"),
            ));
        };
        let slot_taken = match heading {
            Heading::Name => !entry.name.is_empty(),
            Heading::Type => entry.kind.is_some(),
            Heading::Jurisdiction => entry.jurisdiction.is_some(),
            Heading::Organization => entry.organization.is_some(),
            Heading::LaunchDate => entry.launch_date.is_some(),
            Heading::Description => entry.description.is_some(),
            Heading::Availability => !entry.availability.is_empty(),
        };
        if slot_taken && heading == Heading::Name {
            return Err(fail(
                entry.line,
                format!(
                    "this record is not closed by a line holding only \".\" before the next one starts at line {line}"
                ),
            ));
        }
        if slot_taken {
            return Err(fail(
                *line,
                format!("the heading {heading_text:?} appears twice in one record"),
            ));
        }
        match heading {
            Heading::Name => {
                let (number, name) = match values.as_slice() {
                    [(_, n), (_, name)] => match n.strip_suffix('.').map(str::parse::<u32>) {
                        Some(Ok(number)) => (Some(number), name.clone()),
                        _ => return Err(fail(values[1].0, format!("unknown heading {name:?}"))),
                    },
                    [(_, name)] => (None, name.clone()),
                    _ => unreachable!("at most two paragraphs are kept for a name"),
                };
                entry.catalogue_number = number;
                entry.name = one_line(&name);
            }
            Heading::Type => entry.kind = Some(one_line(&values[0].1)),
            Heading::Jurisdiction => entry.jurisdiction = Some(one_line(&values[0].1)),
            Heading::Organization => entry.organization = Some(one_line(&values[0].1)),
            Heading::LaunchDate => {
                let date = parse_date(values[0].1.trim()).map_err(|m| fail(value_line, m))?;
                entry.launch_date = Some(date);
            }
            Heading::Description => {
                let paragraphs: Vec<&str> = values.iter().map(|(_, v)| v.as_str()).collect();
                entry.description = Some(paragraphs.join("\n\n"));
                entry.description_line = value_line;
            }
            Heading::Availability => {
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
struct Parser {
    path: PathBuf,
    entries: Vec<CatalogueEntry>,
    current: Option<CatalogueEntry>,
}

impl Parser {
    fn open(&mut self, line: usize) -> &mut CatalogueEntry {
        self.current.get_or_insert_with(|| CatalogueEntry {
            line,
            name: String::new(),
            catalogue_number: None,
            kind: None,
            jurisdiction: None,
            organization: None,
            launch_date: None,
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
        let Some(entry) = self.current.take() else {
            return if line == usize::MAX {
                Ok(())
            } else {
                Err(fail(line, "a \".\" line closes no record"))
            };
        };
        if entry.name.is_empty() {
            return Err(fail(entry.line, "this record has no \"Name of Resource\""));
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

fn one_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads a date written like `20 December 2016`.
///
/// ```
/// use resgraph::ingest::catalogue::parse_date;
/// assert_eq!(parse_date("21 November 2017").unwrap().to_string(), "2017-11-21");
/// assert_eq!(
///     parse_date("31 February 2016").unwrap_err(),
///     "31 February 2016 is not a date: February 2016 has 29 days"
/// );
/// ```
pub fn parse_date(text: &str) -> Result<Date, String> {
    let unreadable = || format!("{text:?} is not a date written like \"20 December 2016\"");
    let words: Vec<&str> = text.split_whitespace().collect();
    let [day, month, year] = words.as_slice() else {
        return Err(unreadable());
    };
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month))
        .ok_or_else(unreadable)?
        + 1;
    let (day, year): (u8, u16) = match (day.parse(), year.parse()) {
        (Ok(d), Ok(y)) if year.len() == 4 => (d, y),
        _ => return Err(unreadable()),
    };
    Date::parse(&format!("{year:04}-{month:02}-{day:02}"))
        .map_err(|e| e.replace(&format!("{year:04}-{month:02}-{day:02}"), text))
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
