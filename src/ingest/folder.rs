//! Stage 1: read records and concept schemes from disk, and check that they hold together.

use crate::error::{Error, Result};
use crate::files::files_with_extension;
use crate::ingest::mappings::{MappingSet, MAPPINGS_FILE};
use crate::model::{
    ConceptScheme, Extraction, Fact, MentionKind, Record, SchemeKind, Slug, AT_MARK,
};
use crate::shipped::{self, Text};
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Records and the concept schemes they point into, checked and ready to map to RDF.
#[derive(Debug, Clone, Default)]
pub struct Collection {
    /// Concept schemes, by kind.
    pub schemes: BTreeMap<SchemeKind, (PathBuf, ConceptScheme)>,
    /// Records, each with the file it came from, in file-name order.
    pub records: Vec<(PathBuf, Record)>,
    /// The SSSOM mapping tables (`mappings.sssom.tsv`) of the data folders read.
    pub mappings: Vec<MappingSet>,
    /// The concept ids of each scheme, made on first use so that checking a record costs the
    /// same however many concepts there are; [`Collection::schemes_changed`] forgets it.
    ids: OnceLock<HashMap<SchemeKind, HashSet<Slug>>>,
}

impl Collection {
    /// Reads a data folder laid out like `data/`: `concepts/*.json`, `records/*.json` and, if
    /// present, `mappings.sssom.tsv`. A concept scheme or mapping table the folder does not
    /// have is the one resgraph ships ([`crate::shipped`]).
    pub fn read_dir(dir: &Path) -> Result<Collection> {
        if !dir.is_dir() {
            return Err(Error::invalid(
                dir,
                "",
                "the data folder does not exist (give the folder holding records/ and concepts/ with --data DIR)",
            ));
        }
        Collection::read_inputs(&[dir.to_path_buf()], None)
    }

    /// Reads the inputs of `resgraph export`: each a data folder (holding `records/` or
    /// `concepts/`), a folder of record files, or one record file. Concept schemes and mappings
    /// come from the data folders given, or else from the data folder `data` (if it exists);
    /// what none of them has is the one resgraph ships.
    pub fn read_inputs(inputs: &[PathBuf], data: Option<&Path>) -> Result<Collection> {
        let (mut dataset, record_files) = Collection::plan_inputs(inputs, data)?;
        for path in record_files {
            read_records(&path, |record| {
                dataset.records.push((path.clone(), record));
                Ok(())
            })?;
        }
        dataset.check()?;
        Ok(dataset)
    }

    /// Reads the concept schemes and mapping tables of a data folder (as [`Collection::read_dir`]
    /// does) but not its records: returns them, without records, and the record files to read
    /// (with [`read_records`]), in the order `read_dir` reads them.
    pub fn read_dir_without_records(dir: &Path) -> Result<(Collection, Vec<PathBuf>)> {
        if !dir.is_dir() {
            return Err(Error::invalid(
                dir,
                "",
                "the data folder does not exist (give the folder holding records/ and concepts/ with --data DIR)",
            ));
        }
        Collection::plan_inputs(&[dir.to_path_buf()], None)
    }

    /// The concept schemes and mapping tables of the inputs (checked), and their record files.
    fn plan_inputs(inputs: &[PathBuf], data: Option<&Path>) -> Result<(Collection, Vec<PathBuf>)> {
        let mut record_files = Vec::new();
        let mut concept_dirs = Vec::new();
        let mut mapping_files = Vec::new();
        for input in inputs {
            if input.is_dir() {
                let (records, concepts) = (input.join("records"), input.join("concepts"));
                if records.is_dir() || concepts.is_dir() {
                    record_files.extend(json_files(&records)?);
                    record_files.extend(files_with_extension(&records, "jsonl")?);
                    concept_dirs.push(concepts);
                    let mappings = input.join(MAPPINGS_FILE);
                    if mappings.is_file() {
                        mapping_files.push(mappings);
                    }
                } else {
                    record_files.extend(json_files(input)?);
                }
            } else if input.exists() {
                record_files.push(input.clone());
            } else {
                return Err(Error::invalid(input, "", "no such file or folder"));
            }
        }
        if let (true, Some(data)) = (concept_dirs.is_empty(), data) {
            concept_dirs.push(data.join("concepts"));
            let mappings = data.join(MAPPINGS_FILE);
            if mappings.is_file() {
                mapping_files.push(mappings);
            }
        }
        let mut dataset = Collection::default();
        for dir in &concept_dirs {
            for path in json_files(dir)? {
                dataset.add_scheme(&Text::read(&path)?)?;
            }
        }
        for shipped in shipped::CONCEPTS {
            let text = Text::shipped(*shipped);
            let scheme: ConceptScheme = parse_json_str(&text.path, &text.text, 1)?;
            dataset
                .schemes
                .entry(scheme.scheme)
                .or_insert((text.path, scheme));
        }
        for path in &mapping_files {
            dataset.mappings.push(MappingSet::read(path)?);
        }
        if mapping_files.is_empty() {
            let text = Text::shipped(shipped::MAPPINGS);
            dataset
                .mappings
                .push(MappingSet::parse(&text.path, &text.text)?);
        }
        dataset.check_schemes()?;
        Ok((dataset, record_files))
    }

    /// Adds the concept scheme in `file`, refusing a second scheme of the same kind.
    fn add_scheme(&mut self, file: &Text) -> Result<()> {
        let scheme: ConceptScheme = parse_json_str(&file.path, &file.text, 1)?;
        check_xml_chars(&file.path, scheme_texts(&scheme))?;
        if let Some((first, _)) = self.schemes.get(&scheme.scheme) {
            return Err(Error::invalid(
                &file.path,
                "scheme",
                format!(
                    "the {} scheme is already defined in {}",
                    scheme.scheme.segment(),
                    first.display()
                ),
            ));
        }
        self.schemes
            .insert(scheme.scheme, (file.path.clone(), scheme));
        Ok(())
    }

    /// Forgets the index of concept ids: call it after changing `schemes`.
    pub fn schemes_changed(&mut self) {
        self.ids = OnceLock::new();
    }

    /// Whether the scheme of `kind` has a concept `id`.
    fn has_concept(&self, kind: SchemeKind, id: &Slug) -> bool {
        let ids = self.ids.get_or_init(|| {
            self.schemes
                .iter()
                .map(|(kind, (_, scheme))| {
                    (
                        *kind,
                        scheme.concepts.iter().map(|c| c.id.clone()).collect(),
                    )
                })
                .collect()
        });
        ids.get(&kind).is_some_and(|ids| ids.contains(id))
    }

    /// Adds records (e.g. imported from a catalogue file) and checks the whole again.
    pub fn add_records(
        &mut self,
        records: impl IntoIterator<Item = (PathBuf, Record)>,
    ) -> Result<()> {
        self.records.extend(records);
        self.check()
    }

    /// Checks what JSON syntax cannot: ids exist, every fact has a source, nothing is minted twice.
    fn check(&self) -> Result<()> {
        self.check_schemes()?;
        let mut minted = Minted::default();
        for (path, record) in &self.records {
            self.check_record(path, record)?;
            minted.insert(path, record)?;
        }
        Ok(())
    }

    /// Checks that no concept scheme uses an id twice.
    fn check_schemes(&self) -> Result<()> {
        for (path, scheme) in self.schemes.values() {
            let mut seen = BTreeSet::new();
            for (i, concept) in scheme.concepts.iter().enumerate() {
                if !seen.insert(&concept.id) {
                    return Err(Error::invalid(
                        path,
                        format!("concepts[{i}].id"),
                        format!("the id {} is used twice", concept.id),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Checks one record against the concept schemes: ids exist, facts have sources, mentions
    /// match the description.
    pub fn check_record(&self, path: &Path, record: &Record) -> Result<()> {
        let known = |kind: SchemeKind, field: String, id: &Slug| -> Result<()> {
            let name = kind.segment();
            match self.schemes.get(&kind) {
                Some(_) if self.has_concept(kind, id) => Ok(()),
                Some((scheme_path, _)) => Err(Error::invalid(
                    path,
                    field,
                    format!(
                        "unknown {name} id {id}: it is not in {}",
                        scheme_path.display()
                    ),
                )),
                None => Err(Error::invalid(
                    path,
                    field,
                    format!("unknown {name} id {id}: there is no {name} concept scheme"),
                )),
            }
        };
        check_xml_chars(path, record_texts(record))?;
        known(SchemeKind::Body, "body".into(), &record.body)?;
        let labelled = |kind: SchemeKind, field: String, label: &str| -> Result<()> {
            match Slug::of(label) {
                Some(id) => known(kind, field, &id),
                None => Err(Error::invalid(
                    path,
                    field,
                    format!("{label:?} names no concept"),
                )),
            }
        };
        for (i, label) in record.types.iter().enumerate() {
            labelled(SchemeKind::Type, format!("type[{i}]"), label)?;
        }
        if let Some(label) = &record.jurisdiction {
            labelled(SchemeKind::Jurisdiction, "jurisdiction".into(), label)?;
        }
        for (i, id) in record.topics.iter().enumerate() {
            known(SchemeKind::Topic, format!("topics[{i}]"), id)?;
        }
        for (i, id) in record.groups.iter().enumerate() {
            known(SchemeKind::Group, format!("groups[{i}]"), id)?;
        }

        let mut sources = BTreeSet::new();
        for (i, source) in record.sources.iter().enumerate() {
            if !sources.insert(&source.id) {
                return Err(Error::invalid(
                    path,
                    format!("sources[{i}].id"),
                    format!("the source id {} is used twice", source.id),
                ));
            }
        }
        let source_known = |field: String, id: &Slug| -> Result<()> {
            if sources.contains(id) {
                Ok(())
            } else {
                Err(Error::invalid(
                    path,
                    field,
                    format!("unknown source {id}: it is not in this record's sources"),
                ))
            }
        };
        for (i, obligation) in record.obligations.iter().enumerate() {
            known(
                SchemeKind::Addressee,
                format!("obligations[{i}].addressee"),
                &obligation.addressee,
            )?;
            source_known(format!("obligations[{i}].source"), &obligation.source)?;
            for (j, citation) in obligation.citations.iter().enumerate() {
                source_known(
                    format!("obligations[{i}].citations[{j}].source"),
                    &citation.source,
                )?;
            }
        }

        let backed: BTreeSet<Fact> = record
            .sources
            .iter()
            .flat_map(|s| s.facts.iter().copied())
            .collect();
        for fact in present_facts(record) {
            if !backed.contains(&fact) {
                return Err(Error::invalid(
                    path,
                    fact.field(),
                    "no source backs this fact: list it under the `facts` of one of `sources`",
                ));
            }
        }
        if let Some(found) = &record.extraction {
            source_known("extraction.source".into(), &found.source)?;
            self.check_mentions(path, record, found)?;
        }
        Ok(())
    }
}

impl Collection {
    /// Checks that each mention points at something the record states, and that its span is
    /// exactly its text in the description.
    fn check_mentions(&self, path: &Path, record: &Record, found: &Extraction) -> Result<()> {
        let chars: Vec<char> = record.description.chars().collect();
        for (i, mention) in found.mentions.iter().enumerate() {
            let field = |name: &str| format!("extraction.mentions[{i}].{name}");
            let stated = match mention.fact {
                MentionKind::Group => record.groups.iter().any(|g| g.as_str() == mention.target),
                MentionKind::Topic => record.topics.iter().any(|t| t.as_str() == mention.target),
                MentionKind::Obligation => mention
                    .target
                    .parse::<usize>()
                    .is_ok_and(|n| n < record.obligations.len()),
            };
            if !stated {
                return Err(Error::invalid(
                    path,
                    field("target"),
                    format!(
                        "{} is not among the record's {:?}s",
                        mention.target, mention.fact
                    )
                    .to_lowercase(),
                ));
            }
            let span = (mention.start <= mention.end && mention.end <= chars.len())
                .then(|| chars[mention.start..mention.end].iter().collect::<String>());
            if span.as_deref() != Some(mention.exact.as_str()) {
                return Err(Error::invalid(
                    path,
                    field("exact"),
                    format!(
                        "the description does not hold {:?} at characters {}..{}",
                        mention.exact, mention.start, mention.end
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The facts a record states (a field that is absent or empty states nothing), in the order
/// of [`Fact`].
pub(crate) fn present_facts(record: &Record) -> Vec<Fact> {
    let mut facts = vec![
        Fact::Title,
        Fact::Body,
        Fact::Type,
        Fact::Jurisdiction,
        Fact::Description,
        Fact::Availability,
    ];
    if record.number.is_some() {
        facts.push(Fact::Number);
    }
    if record.adopted.is_some() {
        facts.push(Fact::Adopted);
    }
    if record.symbol.is_some() {
        facts.push(Fact::Symbol);
    }
    if !record.topics.is_empty() {
        facts.push(Fact::Topics);
    }
    if !record.groups.is_empty() {
        facts.push(Fact::Groups);
    }
    facts.sort();
    facts
}

/// The `*.json` files of a folder, sorted by name; none if the folder does not exist.
/// The instruments minted so far, each with the file of the record that describes it, to
/// refuse a second record of the same instrument. It keeps one small key per record.
#[derive(Debug, Default)]
pub struct Minted {
    first: HashMap<(&'static str, Slug, Option<u16>, String), u32>,
    files: Vec<PathBuf>,
}

impl Minted {
    /// Notes the instrument of `record` (read from `path`); refuses a record without the key
    /// of its IRI, or of an instrument an earlier record describes.
    pub fn insert(&mut self, path: &Path, record: &Record) -> Result<()> {
        let Some(key) = record.iri_key() else {
            return Err(Error::invalid(
                path,
                "number",
                "give the instrument's number, or a `key` for its IRI if it has none",
            ));
        };
        if self.files.last().is_none_or(|last| last != path) {
            self.files.push(path.to_path_buf());
        }
        let file = (self.files.len() - 1) as u32;
        let id = (
            record.instrument.segment(),
            record.body.clone(),
            record.year,
            key,
        );
        if let Some(first) = self.first.get(&id) {
            let (_, _, _, key) = id;
            let label = format!(
                "{} {} {}{}",
                record.body,
                record.instrument.segment(),
                record.number.as_ref().map_or(key, |n| n.to_string()),
                record.year.map(|y| format!(" of {y}")).unwrap_or_default()
            );
            return Err(Error::invalid(
                path,
                "number",
                format!(
                    "{label} is already described by {}",
                    self.files[*first as usize].display()
                ),
            ));
        }
        self.first.insert(id, file);
        Ok(())
    }
}

/// Reads the records of one record file, in order, and gives each to `each`: a `.jsonl` file
/// holds one record per line (blank lines skipped) and is read line by line; any other file
/// holds one record.
pub fn read_records(path: &Path, mut each: impl FnMut(Record) -> Result<()>) -> Result<()> {
    if path.extension().is_none_or(|e| e != "jsonl") {
        return each(parse_json(path)?);
    }
    let file = std::fs::File::open(path).map_err(Error::io(path))?;
    let mut lines = std::io::BufReader::with_capacity(1 << 20, file);
    let mut line = String::new();
    let mut number = 0;
    loop {
        line.clear();
        let n = std::io::BufRead::read_line(&mut lines, &mut line).map_err(Error::io(path))?;
        if n == 0 {
            return Ok(());
        }
        number += 1;
        if !line.trim().is_empty() {
            each(parse_json_str(path, &line, number)?)?;
        }
    }
}

fn json_files(dir: &Path) -> Result<Vec<PathBuf>> {
    files_with_extension(dir, "json")
}

/// Every free-text field of a record, with its name.
fn record_texts(record: &Record) -> Vec<(String, &str)> {
    let mut texts = vec![
        ("title".to_owned(), record.title.as_str()),
        ("description".to_owned(), record.description.as_str()),
    ];
    for (i, label) in record.types.iter().enumerate() {
        texts.push((format!("type[{i}]"), label));
    }
    if let Some(jurisdiction) = &record.jurisdiction {
        texts.push(("jurisdiction".to_owned(), jurisdiction));
    }
    if let Some(symbol) = &record.symbol {
        texts.push(("symbol".to_owned(), symbol));
    }
    for (i, obligation) in record.obligations.iter().enumerate() {
        texts.push((format!("obligations[{i}].action"), &obligation.action));
        texts.push((format!("obligations[{i}].quote"), &obligation.quote));
        for (j, citation) in obligation.citations.iter().enumerate() {
            texts.push((
                format!("obligations[{i}].citations[{j}].label"),
                &citation.label,
            ));
            if let Some(quote) = &citation.quote {
                texts.push((format!("obligations[{i}].citations[{j}].quote"), quote));
            }
        }
    }
    for (i, source) in record.sources.iter().enumerate() {
        texts.push((format!("sources[{i}].title"), &source.title));
    }
    texts
}

/// The free text of a concept scheme, by field path.
fn scheme_texts(scheme: &ConceptScheme) -> Vec<(String, &str)> {
    let mut texts = vec![("title".to_owned(), scheme.title.as_str())];
    for (i, concept) in scheme.concepts.iter().enumerate() {
        texts.push((format!("concepts[{i}].label"), &concept.label));
        for (j, alt) in concept.alt_labels.iter().enumerate() {
            texts.push((format!("concepts[{i}].altLabels[{j}]"), alt));
        }
        if let Some(definition) = &concept.definition {
            texts.push((format!("concepts[{i}].definition"), definition));
        }
    }
    texts
}

/// Refuses the first text holding a character that RDF/XML cannot hold, naming its field.
fn check_xml_chars(path: &Path, texts: Vec<(String, &str)>) -> Result<()> {
    for (field, text) in texts {
        if let Some((at, c)) = text.chars().enumerate().find(|(_, c)| !is_xml_char(*c)) {
            return Err(Error::invalid(
                path,
                field,
                format!(
                    "the character U+{:04X} at character {} is not allowed: RDF/XML cannot hold it (no control characters but tab and line breaks)",
                    c as u32,
                    at + 1
                ),
            ));
        }
    }
    Ok(())
}

/// Whether XML 1.0, and so RDF/XML, can hold `c` (its `Char` production): no control
/// characters but tab, line feed and carriage return, and not U+FFFE or U+FFFF.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
}

/// Parses one JSON file, reporting line, column and field path of the first problem.
fn parse_json<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
    parse_json_str(path, &text, 1)
}

/// Parses JSON text that starts at line `first_line` of `path` (a line of a JSON Lines file,
/// or a whole file), reporting line, column and field path of the first problem.
pub(crate) fn parse_json_str<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    first_line: usize,
) -> Result<T> {
    let syntax = |field: String, e: serde_json::Error| {
        let mut message = e.to_string();
        if let Some(cut) = message.rfind(" at line ") {
            message.truncate(cut);
        }
        let (mut line, mut column) = (e.line(), e.column());
        if let Some((offset, rest)) = value_offset(text, &message) {
            (line, column) = line_column(text, offset);
            message = rest;
        }
        Error::Syntax {
            path: path.to_path_buf(),
            line: line + first_line - 1,
            column,
            field: if field == "." || field == "?" {
                String::new()
            } else {
                field
            },
            message,
        }
    };
    // The fast path: plain serde_json. Only a failure is parsed again with the field path
    // tracked, for the error message.
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| syntax(e.path().to_string(), e.into_inner()))?;
    deserializer.end().map_err(|e| syntax(String::new(), e))?;
    Ok(value)
}

/// Reads the value address that [`crate::model`] puts in front of a message, as a byte offset
/// into `text`, and the message without it.
fn value_offset(text: &str, message: &str) -> Option<(usize, String)> {
    let rest = message.strip_prefix(AT_MARK)?;
    let (address, message) = rest.split_once(AT_MARK)?;
    let offset = address
        .parse::<usize>()
        .ok()?
        .checked_sub(text.as_ptr() as usize)?;
    (offset <= text.len()).then(|| (offset, message.to_owned()))
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}
