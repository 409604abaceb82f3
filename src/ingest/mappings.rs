//! Stage 1b: read the SSSOM mapping table (`data/mappings.sssom.tsv`) that links our terms to
//! the outside world, so that [`crate::graph::map`] can state each mapping as a triple.
//!
//! The file is SSSOM/TSV with embedded metadata (<https://mapping-commons.github.io/sssom/>):
//!
//! 1. Leading lines that start with `#` hold the mapping set's metadata in YAML, with the `#`
//!    removed (so `##` lines are YAML comments). It must give `curie_map` (prefix → IRI
//!    prefix), `mapping_set_id` and `license` (IRIs); other metadata is kept as it is.
//! 2. The next line is the header: tab-separated column names. `subject_id`, `predicate_id`,
//!    `object_id` and `mapping_justification` are required.
//! 3. Every further line is one mapping, with exactly as many tab-separated cells as the header.
//!
//! Identifiers are CURIEs, expanded through the `curie_map` and the SSSOM built-in prefixes
//! (`owl`, `rdf`, `rdfs`, `skos`, `semapv`, `sssom`); each expansion is checked by
//! `iri-string`. The predicate must be one that has a plain RDF reading ([`PREDICATES`]): the
//! row `rg:Resolution skos:broadMatch eli:LegalResource` becomes exactly that triple. Every error
//! names the file, the line and the column of the bad cell, and the column's name.
//!
//! ```
//! use resgraph::ingest::mappings::MappingSet;
//! let tsv = "#curie_map:\n#  ex: \"https://example.org/\"\n\
//!            #mapping_set_id: \"https://example.org/set\"\n\
//!            #license: \"http://creativecommons.org/licenses/by/4.0/\"\n\
//!            subject_id\tpredicate_id\tobject_id\tmapping_justification\n\
//!            ex:a\tskos:exactMatch\tex:b\tsemapv:ManualMappingCuration\n";
//! let set = MappingSet::parse("m.sssom.tsv".as_ref(), tsv).unwrap();
//! assert_eq!(
//!     set.quads()[0].to_string(),
//!     "<https://example.org/a> <http://www.w3.org/2004/02/skos/core#exactMatch> <https://example.org/b>"
//! );
//! ```

use crate::error::{Error, Result};
use crate::vocab::{owl, rdf, rdfs, semapv, skos, sssom};
use iri_string::types::IriStr;
use oxigraph::model::{GraphName, NamedNode, NamedNodeRef, Quad};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use yaml_rust2::{Yaml, YamlLoader};

/// The name of the mapping table in a data folder.
pub const MAPPINGS_FILE: &str = "mappings.sssom.tsv";

/// The SSSOM predicates resgraph accepts, each stated as it is in the graph: the SKOS mapping
/// properties, OWL equivalence and identity, and RDFS subsumption.
pub const PREDICATES: [NamedNodeRef<'static>; 10] = [
    skos::EXACT_MATCH,
    skos::CLOSE_MATCH,
    skos::BROAD_MATCH,
    skos::NARROW_MATCH,
    skos::RELATED_MATCH,
    owl::EQUIVALENT_CLASS,
    owl::EQUIVALENT_PROPERTY,
    owl::SAME_AS,
    rdfs::SUB_CLASS_OF,
    rdfs::SUB_PROPERTY_OF,
];

/// The prefixes SSSOM declares built in: a file may use them without a `curie_map` entry.
const BUILT_IN: [(&str, &str); 6] = [
    ("owl", owl::NS),
    ("rdf", rdf::NS),
    ("rdfs", rdfs::NS),
    ("skos", skos::NS),
    ("semapv", semapv::NS),
    ("sssom", sssom::NS),
];

/// The columns every mapping table must have.
const REQUIRED: [&str; 4] = [
    "subject_id",
    "predicate_id",
    "object_id",
    "mapping_justification",
];

/// The columns whose cells are identifiers (CURIEs), expanded and checked when present.
const IDENTIFIERS: [&str; 9] = [
    "subject_id",
    "predicate_id",
    "object_id",
    "mapping_justification",
    "subject_source",
    "object_source",
    "author_id",
    "creator_id",
    "reviewer_id",
];

/// One mapping: a row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// The 1-based line of the row in the file.
    pub line: usize,
    /// Our term (`subject_id`, expanded).
    pub subject: NamedNode,
    /// How it relates to the other term (`predicate_id`, one of [`PREDICATES`]).
    pub predicate: NamedNode,
    /// The other term (`object_id`, expanded).
    pub object: NamedNode,
    /// Why the mapping holds (`mapping_justification`, expanded).
    pub justification: NamedNode,
    /// Every cell of the row by column name, as written (labels, comment, sources …).
    pub cells: BTreeMap<String, String>,
}

/// A mapping table: its metadata and its mappings, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingSet {
    /// The file it was read from.
    pub path: PathBuf,
    /// `mapping_set_id`.
    pub id: NamedNode,
    /// `license`.
    pub license: NamedNode,
    /// `curie_map`, with the built-in prefixes: prefix → IRI prefix.
    pub curie_map: BTreeMap<String, String>,
    /// The mappings, in file order.
    pub mappings: Vec<Mapping>,
}

impl MappingSet {
    /// Reads and checks a mapping table.
    pub fn read(path: &Path) -> Result<MappingSet> {
        let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
        MappingSet::parse(path, &text)
    }

    /// Parses and checks the text of a mapping table; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<MappingSet> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines: Vec<&str> = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        let error = |line: usize, column: usize, field: &str, message: String| Error::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            field: field.to_owned(),
            message,
        };

        // 1. The metadata block: YAML in the leading `#` lines, the `#` removed.
        let block: Vec<&str> = lines
            .iter()
            .take_while(|l| l.starts_with('#'))
            .map(|l| &l[1..])
            .collect();
        let meta = Metadata::parse(&block)
            .map_err(|(line, column, field, message)| error(line, column, &field, message))?;

        // 2. The header.
        let header_index = block.len();
        let Some(header) = lines.get(header_index).filter(|l| !l.is_empty()) else {
            return Err(error(
                header_index + 1,
                1,
                "",
                "the header row (subject_id, predicate_id, object_id, …) is missing".into(),
            ));
        };
        let columns: Vec<&str> = header.split('\t').collect();
        for (i, name) in columns.iter().enumerate() {
            if columns[..i].contains(name) {
                return Err(error(
                    header_index + 1,
                    cell_column(header, i),
                    name,
                    "the column is given twice".into(),
                ));
            }
        }
        for name in REQUIRED {
            if !columns.contains(&name) {
                return Err(error(
                    header_index + 1,
                    1,
                    "",
                    format!("the header has no column {name}"),
                ));
            }
        }

        // 3. The rows.
        let mut mappings = Vec::new();
        for (index, row) in lines.iter().enumerate().skip(header_index + 1) {
            let line = index + 1;
            if row.is_empty() {
                continue;
            }
            if row.starts_with('#') {
                return Err(error(
                    line,
                    1,
                    "",
                    "metadata lines (#) must all come before the header".into(),
                ));
            }
            let cells: Vec<&str> = row.split('\t').collect();
            if cells.len() != columns.len() {
                return Err(error(
                    line,
                    1,
                    "",
                    format!(
                        "the row has {} columns, the header has {}",
                        cells.len(),
                        columns.len()
                    ),
                ));
            }
            let mut expanded: BTreeMap<&str, NamedNode> = BTreeMap::new();
            for (i, (name, cell)) in columns.iter().zip(&cells).enumerate() {
                if !IDENTIFIERS.contains(name) || (cell.is_empty() && !REQUIRED.contains(name)) {
                    continue;
                }
                let iri = meta
                    .expand(cell)
                    .map_err(|message| error(line, cell_column(row, i), name, message))?;
                if *name == "predicate_id" && !PREDICATES.contains(&iri.as_ref()) {
                    return Err(error(
                        line,
                        cell_column(row, i),
                        name,
                        format!(
                            "unknown predicate {cell}: use one of {}",
                            PREDICATES
                                .iter()
                                .map(|p| meta.shorten(p.as_str()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
                expanded.insert(name, iri);
            }
            let mut take = |name: &str| {
                expanded
                    .remove(name)
                    .expect("required columns are present and expanded")
            };
            mappings.push(Mapping {
                line,
                subject: take("subject_id"),
                predicate: take("predicate_id"),
                object: take("object_id"),
                justification: take("mapping_justification"),
                cells: columns
                    .iter()
                    .zip(&cells)
                    .map(|(c, v)| ((*c).to_owned(), (*v).to_owned()))
                    .collect(),
            });
        }
        Ok(MappingSet {
            path: path.to_path_buf(),
            id: meta.id,
            license: meta.license,
            curie_map: meta.curie_map,
            mappings,
        })
    }

    /// Each mapping as one triple in the default graph: subject, predicate, object.
    pub fn quads(&self) -> Vec<Quad> {
        self.mappings
            .iter()
            .map(|m| {
                Quad::new(
                    m.subject.clone(),
                    m.predicate.clone(),
                    m.object.clone(),
                    GraphName::DefaultGraph,
                )
            })
            .collect()
    }
}

/// The 1-based column (in characters) where cell `index` of a tab-separated `row` starts.
fn cell_column(row: &str, index: usize) -> usize {
    let before: usize = row
        .split('\t')
        .take(index)
        .map(|c| c.chars().count() + 1)
        .sum();
    before + 1
}

/// A metadata error: line, column, field, message.
type MetaError = (usize, usize, String, String);

/// The mapping set metadata resgraph needs.
struct Metadata {
    id: NamedNode,
    license: NamedNode,
    curie_map: BTreeMap<String, String>,
}

impl Metadata {
    /// Parses the metadata block (`#` removed; block line `i` is file line `i + 1`, and its
    /// column `c` is file column `c + 1`).
    fn parse(block: &[&str]) -> Result<Metadata, MetaError> {
        let yaml = block.join("\n");
        let docs = YamlLoader::load_from_str(&yaml).map_err(|e| {
            let marker = e.marker();
            (
                marker.line(),
                marker.col() + 2,
                String::new(),
                format!("the metadata is not valid YAML: {}", e.info()),
            )
        })?;
        let empty = Yaml::Hash(Default::default());
        let root = docs.first().unwrap_or(&empty);
        let Yaml::Hash(root) = root else {
            return Err((
                1,
                2,
                String::new(),
                "the metadata is not a YAML mapping".into(),
            ));
        };
        let find = |key: &str| -> (usize, usize) {
            block
                .iter()
                .position(|l| l.starts_with(&format!("{key}:")))
                .map_or((1, 1), |i| (i + 1, 2))
        };
        let get = |key: &str| root.get(&Yaml::String(key.to_owned()));
        let missing = |key: &str| {
            (
                block.len() + 1,
                1,
                String::new(),
                format!("the metadata (# lines) gives no {key}"),
            )
        };

        let mut curie_map: BTreeMap<String, String> = BUILT_IN
            .iter()
            .map(|(p, ns)| ((*p).to_owned(), (*ns).to_owned()))
            .collect();
        let Some(Yaml::Hash(map)) = get("curie_map") else {
            return Err(missing("curie_map"));
        };
        let (map_line, _) = find("curie_map");
        for (prefix, namespace) in map {
            let (Yaml::String(prefix), Yaml::String(namespace)) = (prefix, namespace) else {
                return Err((
                    map_line,
                    2,
                    "curie_map".into(),
                    "every entry maps a prefix to an IRI prefix, both strings".into(),
                ));
            };
            let line = block
                .iter()
                .enumerate()
                .skip(map_line)
                .find(|(_, l)| l.trim_start().starts_with(&format!("{prefix}:")))
                .map_or(map_line, |(i, _)| i + 1);
            let column = block[line - 1].len() - block[line - 1].trim_start().len() + 2;
            let field = format!("curie_map.{prefix}");
            check_iri(namespace).map_err(|m| (line, column, field.clone(), m))?;
            if let Some((_, builtin)) = BUILT_IN.iter().find(|(p, _)| p == prefix) {
                if builtin != namespace {
                    return Err((
                        line,
                        column,
                        field,
                        format!("{prefix} is built into SSSOM as {builtin}"),
                    ));
                }
            }
            curie_map.insert(prefix.clone(), namespace.clone());
        }
        let iri_of = |key: &str| -> Result<NamedNode, MetaError> {
            let Some(Yaml::String(value)) = get(key) else {
                return Err(missing(key));
            };
            let (line, column) = find(key);
            check_iri(value)
                .map(NamedNode::new_unchecked)
                .map_err(|m| (line, column, key.to_owned(), m))
        };
        Ok(Metadata {
            id: iri_of("mapping_set_id")?,
            license: iri_of("license")?,
            curie_map,
        })
    }

    /// Expands a CURIE through the curie map and checks the IRI.
    fn expand(&self, curie: &str) -> Result<NamedNode, String> {
        let Some((prefix, local)) = curie.split_once(':') else {
            return Err(format!("{curie:?} is not a CURIE (prefix:local)"));
        };
        let Some(namespace) = self.curie_map.get(prefix) else {
            return Err(format!(
                "unknown prefix {prefix:?} in {curie}: declare it in the curie_map"
            ));
        };
        check_iri(&format!("{namespace}{local}")).map(NamedNode::new_unchecked)
    }

    /// An IRI as a CURIE, for messages.
    fn shorten(&self, iri: &str) -> String {
        self.curie_map
            .iter()
            .filter_map(|(p, ns)| iri.strip_prefix(ns.as_str()).map(|l| format!("{p}:{l}")))
            .min_by_key(String::len)
            .unwrap_or_else(|| iri.to_owned())
    }
}

/// Checks an absolute IRI with `iri-string`.
fn check_iri(iri: &str) -> Result<String, String> {
    IriStr::new(iri)
        .map(|_| iri.to_owned())
        .map_err(|e| format!("{iri:?} is not a valid IRI: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "#curie_map:\n#  ex: \"https://example.org/\"\n\
        #mapping_set_id: \"https://example.org/set\"\n\
        #license: \"http://creativecommons.org/licenses/by/4.0/\"\n\
        subject_id\tpredicate_id\tobject_id\tmapping_justification\n";

    fn parse(rows: &str) -> Result<MappingSet> {
        MappingSet::parse(Path::new("m.tsv"), &format!("{HEAD}{rows}"))
    }

    #[test]
    fn every_predicate_becomes_itself() {
        for predicate in PREDICATES {
            let set = parse(&format!(
                "ex:a\t<{}>\tex:b\tsemapv:ManualMappingCuration\n",
                predicate.as_str()
            ));
            assert!(set.is_err(), "a full IRI is not a CURIE");
            let curie = BUILT_IN
                .iter()
                .find_map(|(p, ns)| {
                    predicate
                        .as_str()
                        .strip_prefix(ns)
                        .map(|l| format!("{p}:{l}"))
                })
                .unwrap();
            let set = parse(&format!(
                "ex:a\t{curie}\tex:b\tsemapv:ManualMappingCuration\n"
            ))
            .unwrap();
            assert_eq!(set.quads()[0].predicate.as_ref(), predicate);
        }
    }

    #[test]
    fn errors_name_line_column_and_field() {
        let cases = [
            (
                "ex:a\tskos:exactMatch\tfoo:b\tsemapv:ManualMappingCuration\n",
                "m.tsv:6:22: object_id: unknown prefix \"foo\" in foo:b: declare it in the curie_map",
            ),
            (
                "ex:a\tskos:fooMatch\tex:b\tsemapv:ManualMappingCuration\n",
                "m.tsv:6:6: predicate_id: unknown predicate skos:fooMatch: use one of skos:exactMatch, skos:closeMatch, skos:broadMatch, skos:narrowMatch, skos:relatedMatch, owl:equivalentClass, owl:equivalentProperty, owl:sameAs, rdfs:subClassOf, rdfs:subPropertyOf",
            ),
            (
                "ex:a b\tskos:exactMatch\tex:b\tsemapv:ManualMappingCuration\n",
                "m.tsv:6:1: subject_id: \"https://example.org/a b\" is not a valid IRI: invalid IRI: invalid path",
            ),
            (
                "ex:a\tskos:exactMatch\tex:b\n",
                "m.tsv:6:1: the row has 3 columns, the header has 4",
            ),
        ];
        for (row, message) in cases {
            assert_eq!(parse(row).unwrap_err().to_string(), message);
        }
    }

    #[test]
    fn metadata_errors_point_into_the_block() {
        let text = HEAD.replace("https://example.org/\"", "https://exa mple.org/\"");
        let error = MappingSet::parse(Path::new("m.tsv"), &text)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with(
                "m.tsv:2:4: curie_map.ex: \"https://exa mple.org/\" is not a valid IRI"
            ),
            "{error}"
        );
        let text = HEAD.replace(
            "#license: \"http://creativecommons.org/licenses/by/4.0/\"\n",
            "",
        );
        let error = MappingSet::parse(Path::new("m.tsv"), &text)
            .unwrap_err()
            .to_string();
        assert_eq!(error, "m.tsv:4:1: the metadata (# lines) gives no license");
        let error = MappingSet::parse(Path::new("m.tsv"), "#curie_map: [\n")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("m.tsv:"), "{error}");
    }
}
