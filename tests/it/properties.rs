//! Property tests (proptest): whatever a valid record holds, every export format parses back
//! to an isomorphic graph; minted IRIs are clean; Turtle literals survive any text; a catalogue
//! entry written in the catalogue format reads back as the same entry; `build` validates
//! whatever `import` accepts.
//!
//! `PROPTEST_CASES=N cargo test --test it properties::` runs N cases per property (default 64).

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{Dataset as RdfDataset, GraphName, Literal, NamedNode, Quad, Term};
use proptest::prelude::*;
use resgraph::build::validate_quads;
use resgraph::graph::map::{map_dataset, map_record};
use resgraph::graph::mint::{Minter, DEFAULT_BASE};
use resgraph::ingest::catalogue::CatalogueEntry;
use resgraph::ingest::extract::{entry_to_record, CatalogueSource};
use resgraph::ingest::folder::Collection;
use resgraph::ingest::open_world::OpenWorld;
use resgraph::ingest::profile::Profile;
use resgraph::model::{Date, HttpIri, LanguageCode, Number, Precision, Record, SchemeKind, Slug};
use resgraph::publish::export::{write_quads, Format};
use resgraph::shipped::{ontology_for, shapes_for};
use std::path::Path;
use std::sync::OnceLock;

/// Reads catalogue text with the OSCE compendium's profile.
fn parse_catalogue(path: &Path, bytes: &[u8]) -> resgraph::Result<Vec<CatalogueEntry>> {
    resgraph::ingest::catalogue::parse_catalogue(path, bytes, &Profile::osce_compendium())
}

fn data() -> &'static Collection {
    static DATA: OnceLock<Collection> = OnceLock::new();
    DATA.get_or_init(|| Collection::read_dir(Path::new("data")).expect("data/ reads"))
}

fn template() -> Record {
    data().records[0].1.clone()
}

fn minter() -> Minter {
    Minter::new(DEFAULT_BASE).unwrap()
}

/// Any text, weighted towards what breaks serializers: quotes, backslashes, line breaks,
/// markup characters, controls and characters outside the BMP.
fn nasty_text() -> impl Strategy<Value = String> {
    let char = prop_oneof![
        4 => any::<char>(),
        1 => prop::sample::select(vec![
            '"', '\'', '\\', '\n', '\r', '\t', '<', '>', '&', '{', '}', '@', '#', ':', '.',
            ' ', '\u{0}', '\u{1}', '\u{7f}', '\u{85}', '\u{2028}', '\u{feff}', '\u{fffe}',
            '\u{1f600}', 'é',
        ]),
    ];
    prop::collection::vec(char, 0..40).prop_map(|chars| chars.into_iter().collect())
}

/// Any text a record may hold: [`nasty_text`] without the characters XML 1.0 (and so
/// RDF/XML) cannot hold, which the record checks refuse.
fn record_text() -> impl Strategy<Value = String> {
    nasty_text().prop_map(|text| {
        text.chars()
            .filter(|c| {
                matches!(c, '\t' | '\n' | '\r')
                    || (*c >= ' ' && !matches!(c, '\u{fffe}' | '\u{ffff}'))
            })
            .collect()
    })
}

/// Valid http(s) IRIs, with arbitrary characters in the path that the checks let through.
fn http_iri() -> impl Strategy<Value = HttpIri> {
    (
        "(http|https|HTTP)",
        "[a-z0-9]{1,8}(\\.[a-z]{2,4})?",
        nasty_text(),
    )
        .prop_filter_map("not a valid IRI", |(scheme, host, path)| {
            HttpIri::parse(&format!("{scheme}://{host}/{path}")).ok()
        })
}

fn slug() -> impl Strategy<Value = Slug> {
    "[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,3}".prop_map(|s| Slug::parse(&s).unwrap())
}

fn number() -> impl Strategy<Value = Number> {
    "[A-Za-z0-9][A-Za-z0-9/.-]{0,12}".prop_map(|s| Number::parse(&s).unwrap())
}

/// A valid record: the template with every free-text field, the number, key, year and URLs
/// replaced.
fn record() -> impl Strategy<Value = Record> {
    (
        (record_text(), record_text(), record_text(), record_text()),
        (
            record_text(),
            record_text(),
            record_text(),
            proptest::option::of(record_text()),
        ),
        (
            proptest::option::of(number()),
            proptest::option::of(slug()),
            1u16..=9999,
        ),
        (
            prop::collection::vec(http_iri(), 1..3),
            proptest::option::of(record_text()),
            date(),
        ),
    )
        .prop_map(
            |(
                // The type and jurisdiction name concepts, so they stay the template's.
                (title, _, _, description),
                (action, quote, label, citation_quote),
                (number, key, year),
                (urls, symbol, adopted),
            )| {
                let mut record = template();
                record.adopted = Some(adopted);
                record.title = title;
                record.description = description;
                record.symbol = record.symbol.and(symbol);
                for obligation in &mut record.obligations {
                    obligation.action = action.clone();
                    obligation.quote = quote.clone();
                    for citation in &mut obligation.citations {
                        citation.label = label.clone();
                        citation.quote = citation_quote.clone();
                    }
                }
                if number.is_some() || key.is_some() {
                    record.number = number;
                    record.key = key;
                }
                record.year = Some(year);
                let first = record.availability[0].clone();
                record.availability = urls
                    .into_iter()
                    .map(|url| resgraph::model::Link {
                        language: first.language.clone(),
                        url,
                    })
                    .collect();
                record
            },
        )
}

/// The quads as a canonical dataset, so that graphs compare up to blank node names.
fn canonical(quads: impl IntoIterator<Item = Quad>) -> RdfDataset {
    let mut dataset: RdfDataset = quads.into_iter().collect();
    dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
    dataset
}

fn parse(format: RdfFormat, bytes: &[u8]) -> Result<Vec<Quad>, String> {
    RdfParser::from_format(format)
        .for_reader(bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())
}

/// No IRI holds a character that must be escaped.
fn assert_clean_iri(iri: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        iri_string::types::IriStr::new(iri).is_ok(),
        "invalid IRI {:?}",
        iri
    );
    prop_assert!(
        !iri.chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c)),
        "unescaped character in {:?}",
        iri
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64)
    ))]

    /// For any valid record, export → parse back gives an isomorphic graph in every format.
    #[test]
    fn every_format_round_trips(record in record()) {
        data().check_record(Path::new("record.json"), &record)
            .map_err(|e| TestCaseError::reject(e.to_string()))?;
        let mapped = map_record(&minter(), &record, true);
        let quads: Vec<Quad> = mapped.own.into_iter().chain(mapped.shared).collect();
        for format in Format::ALL {
            let mut bytes = Vec::new();
            write_quads(&quads, format, &mut bytes).unwrap();
            let back = parse(format.rdf_format(), &bytes).map_err(|e| {
                TestCaseError::fail(format!(
                    "{format:?} does not parse back: {e}\n{}",
                    String::from_utf8_lossy(&bytes)
                ))
            })?;
            let expected = quads
                .iter()
                .filter(|q| format.keeps_graphs() || q.graph_name == GraphName::DefaultGraph)
                .cloned();
            prop_assert_eq!(canonical(back), canonical(expected), "{:?}", format);
        }
    }

    /// A record with a character RDF/XML cannot hold is refused, naming the field.
    #[test]
    fn records_with_control_characters_are_refused(
        before in record_text(),
        bad in prop::sample::select(vec!['\u{0}', '\u{1}', '\u{b}', '\u{c}', '\u{1b}', '\u{1f}', '\u{fffe}', '\u{ffff}']),
        after in record_text(),
    ) {
        let mut record = template();
        record.description = format!("{before}{bad}{after}");
        let error = data().check_record(Path::new("r.json"), &record).unwrap_err().to_string();
        prop_assert_eq!(
            error,
            format!(
                "r.json: description: the character U+{:04X} at character {} is not allowed: RDF/XML cannot hold it (no control characters but tab and line breaks)",
                bad as u32,
                before.chars().count() + 1
            )
        );
    }

    /// Every IRI a valid record maps to is valid and clean.
    #[test]
    fn mapped_iris_are_clean(record in record()) {
        data().check_record(Path::new("record.json"), &record)
            .map_err(|e| TestCaseError::reject(e.to_string()))?;
        let mapped = map_record(&minter(), &record, true);
        for quad in mapped.own.iter().chain(&mapped.shared) {
            let subject = quad.subject.to_string();
            assert_clean_iri(subject.trim_start_matches('<').trim_end_matches('>'))?;
            assert_clean_iri(quad.predicate.as_str())?;
            if let Term::NamedNode(n) = &quad.object {
                assert_clean_iri(n.as_str())?;
            }
            if let GraphName::NamedNode(g) = &quad.graph_name {
                assert_clean_iri(g.as_str())?;
            }
        }
    }

    /// IRIs minted from any field value the checks accept are clean; values they refuse never
    /// reach the minter.
    #[test]
    fn minted_iris_are_clean(
        text in nasty_text(),
        slug_text in "[a-z0-9-]{0,12}",
        number_text in "[A-Za-z0-9/.-]{0,12}",
        year in any::<u16>(),
    ) {
        let minter = minter();
        for candidate in [&text, &slug_text] {
            if let Ok(slug) = Slug::parse(candidate) {
                for kind in [SchemeKind::Topic, SchemeKind::Group, SchemeKind::Addressee, SchemeKind::Body] {
                    assert_clean_iri(minter.concept(kind, slug.as_str()).as_str())?;
                }
            }
        }
        for candidate in [&text, &number_text] {
            if let Ok(number) = Number::parse(candidate) {
                let iri = minter.instrument("resolution", "unsc", Some(year), &number.segment());
                assert_clean_iri(iri.as_str())?;
                assert_clean_iri(minter.part(&iri, "obligation/1").as_str())?;
            }
        }
        if let Ok(iri) = HttpIri::parse(&text) {
            assert_clean_iri(iri.as_str())?;
            prop_assert!(NamedNode::new(iri.as_str()).is_ok());
        }
    }

    /// A Turtle literal survives any text: Unicode, quotes, backslashes, line breaks.
    #[test]
    fn turtle_literals_survive_any_text(text in nasty_text(), language in "[a-z]{2}(-[A-Z]{2})?") {
        let subject = NamedNode::new("https://example.org/s").unwrap();
        let predicate = NamedNode::new("http://purl.org/dc/terms/description").unwrap();
        let literals = [
            Literal::new_simple_literal(&text),
            Literal::new_language_tagged_literal(&text, &language).unwrap(),
        ];
        for literal in literals {
            let quad = Quad::new(subject.clone(), predicate.clone(), literal, GraphName::DefaultGraph);
            for format in [Format::Ttl, Format::Nt, Format::Trig, Format::Nq] {
                let mut bytes = Vec::new();
                write_quads(std::slice::from_ref(&quad), format, &mut bytes).unwrap();
                let back = parse(format.rdf_format(), &bytes).map_err(TestCaseError::fail)?;
                prop_assert_eq!(&back, &vec![quad.clone()], "{:?}", format);
            }
        }
    }

    /// A catalogue entry written in the catalogue format reads back as the same entry.
    #[test]
    fn catalogue_entries_round_trip(entries in prop::collection::vec(catalogue_entry(), 1..4)) {
        let text = write_catalogue(&entries);
        let back = parse_catalogue(Path::new("c.txt"), text.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(back.len(), entries.len());
        for (back, entry) in back.iter().zip(&entries) {
            let mut back = back.clone();
            (back.line, back.description_line) = (entry.line, entry.description_line);
            prop_assert_eq!(&back, entry, "{}", text);
        }
    }

    /// Whatever the bytes, the catalogue reader answers (an entry list or an error) and never
    /// panics; CRLF line ends and a byte-order mark change nothing.
    #[test]
    fn catalogue_reader_ignores_crlf_and_bom(entries in prop::collection::vec(catalogue_entry(), 1..3)) {
        let text = write_catalogue(&entries);
        let plain = parse_catalogue(Path::new("c.txt"), text.as_bytes()).unwrap();
        let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        let crlf = parse_catalogue(Path::new("c.txt"), crlf.as_bytes()).unwrap();
        prop_assert_eq!(plain, crlf);
    }

    /// Whatever a catalogue file holds, `build`, with validation, accepts every record that
    /// `import` accepts: instruments of every kind, with new organizations, types,
    /// jurisdictions and addressees, dates at any precision, empty values and no links.
    #[test]
    fn build_validates_whatever_import_accepts(entries in prop::collection::vec(importable_entry(), 1..4)) {
        let text = write_catalogue(&entries);
        let path = Path::new("c.txt");
        let entries = parse_catalogue(path, text.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let mut concepts = data().clone();
        concepts.records.clear();
        let source = CatalogueSource::osce_compendium();
        let mut world = OpenWorld::new(&mut concepts, false, source.url.clone());
        let mut records = Vec::new();
        for entry in &entries {
            match entry_to_record(path, entry, &mut world, &source) {
                Ok(record) => records.push((path.to_path_buf(), record)),
                // import refuses the whole file: there is nothing for build to accept.
                Err(_) => return Ok(()),
            }
        }
        if concepts.add_records(records).is_err() {
            return Ok(());
        }
        let quads = map_dataset(&concepts, &minter());
        let shapes = shapes_for(&ontology_for(Path::new("data"), None).unwrap(), &[]).unwrap();
        validate_quads(&quads, &shapes).map_err(|e| {
            let report = match &e {
                resgraph::Error::Nonconforming { report, .. } => {
                    let mut text = Vec::new();
                    report.write_text(&mut text).unwrap();
                    String::from_utf8(text).unwrap()
                }
                _ => String::new(),
            };
            TestCaseError::fail(format!("{e}\n{report}\n{text}"))
        })?;
    }
}

/// A name that says what kind of instrument it is, as catalogue names do.
fn instrument_name() -> impl Strategy<Value = String> {
    let title = prop::collection::vec("[A-Z][a-z]{1,8}", 1..4).prop_map(|w| w.join(" "));
    (title, 1u32..3000, 1950u16..2030, 0usize..13).prop_map(|(title, n, y, kind)| match kind {
        0 => format!("Resolution {n} ({y}) {title}"),
        1 => format!("{title} Act {y}"),
        2 => format!("Directive {y}/{n}/EU on {title}"),
        3 => format!("Regulation (EU) {y}/{n} on {title}"),
        4 => format!("Executive Order {n} {title}"),
        5 => format!("Decision No. {n} {title}"),
        6 => format!("Protocol to the {title} Convention"),
        7 => format!("{title} Convention"),
        8 => format!("{title} Standard"),
        9 => format!("{title} Code of Conduct"),
        10 => format!("{title} Report {y}"),
        11 => format!("{title} Index"),
        _ => title,
    })
}

/// A catalogue entry `import` may accept: a name that gives its kind, plain organization,
/// type and jurisdiction labels, and a description that directs someone.
fn importable_entry() -> impl Strategy<Value = CatalogueEntry> {
    let label = || prop::collection::vec("[A-Z][a-z]{1,8}", 1..4).prop_map(|w| w.join(" "));
    (
        catalogue_entry(),
        instrument_name(),
        (
            label(),
            proptest::option::of(label()),
            proptest::option::of(label()),
        ),
        (
            label(),
            prop::sample::select(vec!["must", "shall", "are required to"]),
        ),
    )
        .prop_map(
            |(mut entry, name, (organization, kind, jurisdiction), (addressee, cue))| {
                entry.name = name;
                entry.organization = Some(organization);
                entry.types = kind.into_iter().collect();
                entry.jurisdiction = jurisdiction;
                entry.description = Some(format!(
                    "{addressee} {cue} publish a statement on their supply chains.\n\n{}",
                    entry.description.unwrap_or_default()
                ));
                entry
            },
        )
}

/// One line of words: what the format keeps of a one-line field (whitespace collapsed).
fn words() -> impl Strategy<Value = String> {
    prop::collection::vec("[^\\s\\p{Cc}]{1,8}", 1..6).prop_map(|w| w.join(" "))
}

/// Every heading of the OSCE compendium's profile.
fn headings() -> Vec<String> {
    Profile::osce_compendium()
        .headings()
        .map(|(h, _)| h.to_owned())
        .collect()
}

/// Whether a one-line value could be read as something else: a heading, the closing ".", or a
/// record number.
fn reads_as_more(value: &str) -> bool {
    headings().iter().any(|h| h == value) || value == "." || value.ends_with('.')
}

/// A description paragraph that reads as a sentence, never as a heading or a closing ".".
fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(words(), 1..3)
        .prop_filter("a heading", |lines| !headings().contains(&lines[0]))
        .prop_map(|lines| format!("{}.", lines.join("\n")))
}

/// A date at any precision: a year, a month or a day.
fn date() -> impl Strategy<Value = Date> {
    (1u16..=9999, 0u8..=12, 0u8..=28).prop_map(|(y, m, d)| {
        let text = match (m, d) {
            (0, _) => format!("{y:04}"),
            (m, 0) => format!("{y:04}-{m:02}"),
            (m, d) => format!("{y:04}-{m:02}-{d:02}"),
        };
        Date::parse(&text).unwrap()
    })
}

/// A catalogue entry the format can express.
fn catalogue_entry() -> impl Strategy<Value = CatalogueEntry> {
    (
        (words(), proptest::option::of(1u32..500)),
        (
            prop::collection::vec(words().prop_filter("a comma", |t| !t.contains(", ")), 0..3),
            proptest::option::of(words()),
            proptest::option::of(words()),
        ),
        proptest::option::of(date()),
        proptest::option::of(prop::collection::vec(paragraph(), 1..4)),
        prop::collection::vec(("[A-Z]{3}", http_iri()), 0..3),
    )
        .prop_filter(
            "a value that reads as a heading or a record number",
            |((name, _), (types, j, o), ..)| {
                let types = (!types.is_empty()).then(|| types.join(", "));
                let ok = [Some(name), types.as_ref(), j.as_ref(), o.as_ref()]
                    .into_iter()
                    .flatten()
                    .all(|v| !reads_as_more(v));
                ok
            },
        )
        .prop_map(
            |((name, number), (types, jurisdiction, organization), date, description, links)| {
                CatalogueEntry {
                    line: 0,
                    name,
                    catalogue_number: number,
                    types,
                    jurisdiction,
                    organization,
                    date,
                    description: description.map(|p| p.join("\n\n")),
                    description_line: 0,
                    availability: links
                        .into_iter()
                        .map(|(code, url)| (LanguageCode::parse(&code).unwrap(), url))
                        .collect(),
                }
            },
        )
}

const MONTHS: [&str; 12] = [
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

/// Writes entries in the catalogue format (resgraph itself only reads it). The entries take
/// turns at the compendium's heading variants, and at leaving out a field they do not give or
/// writing its heading with no value.
fn write_catalogue(entries: &[CatalogueEntry]) -> String {
    let mut out = String::new();
    fn field(out: &mut String, heading: &str, value: &str) {
        out.push_str(&format!("{heading}\n\n{value}\n\n"));
    }
    for (i, entry) in entries.iter().enumerate() {
        let pick = |variants: &[&'static str]| variants[i % variants.len()];
        let name = match entry.catalogue_number {
            Some(n) => format!("{n}.\n\n{}", entry.name),
            None => entry.name.clone(),
        };
        field(&mut out, "Name of Resource", &name);
        let date = entry.date.map(|date| {
            let iso = date.to_string();
            let month = |m: &str| MONTHS[m.parse::<usize>().unwrap() - 1];
            match date.precision() {
                Precision::Year => iso,
                Precision::Month => format!("{} {}", month(&iso[5..7]), &iso[0..4]),
                Precision::Day => format!(
                    "{} {} {}",
                    iso[8..10].parse::<u8>().unwrap(),
                    month(&iso[5..7]),
                    &iso[0..4]
                ),
            }
        });
        let types = (!entry.types.is_empty()).then(|| entry.types.join(", "));
        let links = (!entry.availability.is_empty()).then(|| {
            let lines: Vec<String> = entry
                .availability
                .iter()
                .map(|(code, url)| format!("{code}: {url}"))
                .collect();
            lines.join("\n")
        });
        for (heading, value) in [
            ("Type", types),
            ("Country / jurisdiction", entry.jurisdiction.clone()),
            (
                pick(&["Organization", "Enacting authority"]),
                entry.organization.clone(),
            ),
            (
                pick(&[
                    "Initiative launch date",
                    "Entry into force / date of approval",
                    "Date of publishing",
                    "Date of initial launch",
                ]),
                date,
            ),
            ("Description", entry.description.clone()),
            ("Availability", links),
        ] {
            match value {
                Some(value) => field(&mut out, heading, &value),
                None if i % 2 == 0 => field(&mut out, heading, ""),
                None => {}
            }
        }
        out.push_str(".\n\n");
    }
    out
}
