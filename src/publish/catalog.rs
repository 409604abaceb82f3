//! Stage 4c: describe the graph for catalogues that harvest DCAT-AP 3 and VoID.
//!
//! `out/catalog.ttl` holds a `dcat:Catalog` with one `dcat:Collection` (the graph, which is also a
//! `void:Collection`), one `dcat:Distribution` per export file (media type, byte size, SHA-256),
//! and a `dcat:DataService` for the SPARQL endpoint. Every VoID count is counted from the
//! graph's statements ([`Statistics`]), never typed by hand. Every class the DCAT-AP shapes
//! target is stated explicitly, so the description validates without a reasoner. Nothing here
//! depends on the clock: the dates come from the data. Everything is counted, asked of the
//! store (the statements of [`READS`]) or given (the dumps' sizes and checksums, the licence),
//! so `build` and `serve` describe the same graph alike.

use crate::error::{Error, Result};
use crate::files::HashingWriter;
use crate::graph::mint::Minter;
use crate::graph::store::{Answer, GraphStore, SparqlGraph};
use crate::publish::export::{export_file_name, Format, Hashes};
use crate::vocab::{
    dcat, dcterms, eli, foaf, rdf, rdfs, rg, skos, spdx, void, xsd, EU_DATA_THEME,
    IANA_MEDIA_TYPES, PREFIXES, SPARQL_PROTOCOL,
};
use iri_string::types::IriStr;
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef,
    Term, TermRef,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;

/// The most resolutions the catalog names as `void:exampleResource` (the first by IRI).
pub const EXAMPLE_RESOURCES: usize = 5;

/// The file name of the DCAT-AP / VoID description `build` writes beside the exports.
pub const CATALOG_FILE: &str = "catalog.ttl";

/// The licence `build` states when none is given: Creative Commons Attribution 4.0.
pub const DEFAULT_LICENCE: &str = "http://creativecommons.org/licenses/by/4.0/";

/// The licence IRI `text`, checked: an absolute IRI.
pub fn licence_iri(text: &str) -> Result<NamedNode> {
    NamedNode::new(text)
        .ok()
        .filter(|_| IriStr::new(text).is_ok())
        .ok_or_else(|| Error::Base {
            base: text.to_owned(),
            message: "the licence is not a valid absolute IRI".into(),
        })
}

/// Whether [`describe`] can mint the IRI `{base}{path}`: the catalog, the publisher, the
/// SPARQL service and its endpoint, the dataset with its distributions, checksums and
/// partitions (`dataset/…`) and the dumps (`dump/…`). Any other IRI under the base is never
/// the catalog's, so `serve` answers 404 for it without making the catalog (which hashes every
/// dump).
///
/// ```
/// use resgraph::publish::catalog::mints_path;
/// assert!(mints_path("dataset/distribution/ttl/checksum"));
/// assert!(mints_path("service/sparql"));
/// assert!(!mints_path("resolution/unsc/2016/2331"));
/// assert!(!mints_path("datasets"));
/// ```
pub fn mints_path(path: &str) -> bool {
    matches!(
        path,
        "catalog" | "publisher" | "service/sparql" | "sparql" | "dataset"
    ) || path.starts_with("dataset/")
        || path.starts_with("dump/")
}

/// The IRI of the dataset the catalog describes, `{base}dataset` (also the default dataset of
/// the SPARQL service that `serve` describes).
pub fn dataset_iri(minter: &Minter) -> NamedNode {
    minter.own("dataset")
}

/// One export file, as a distribution of the dataset.
#[derive(Debug, Clone)]
pub struct Dump {
    /// The format.
    pub format: Format,
    /// The file name (`resgraph.ttl`).
    pub file_name: String,
    /// Its size in bytes.
    pub byte_size: usize,
    /// Its SHA-256, in lowercase hexadecimal.
    pub sha256: String,
}

impl Dump {
    /// Describes the bytes of an export file.
    pub fn new(format: Format, file_name: String, bytes: &[u8]) -> Dump {
        let mut hashing = HashingWriter::new(std::io::sink());
        hashing.write_all(bytes).expect("a sink takes every byte");
        let (_, byte_size, sha256) = hashing.finish();
        Dump {
            format,
            file_name,
            byte_size: byte_size as usize,
            sha256,
        }
    }

    /// Describes the export file in `format` ([`export_file_name`]) whose bytes went through
    /// `hashing`; gives back the writer under it.
    pub fn hashed<W: Write>(format: Format, hashing: HashingWriter<W>) -> (W, Dump) {
        let (out, byte_size, sha256) = hashing.finish();
        let dump = Dump {
            format,
            file_name: export_file_name(format),
            byte_size: byte_size as usize,
            sha256,
        };
        (out, dump)
    }
}

/// The EU data themes the dataset is filed under, with their English labels from the EU
/// Publications Office authority table.
const THEMES: &[(&str, &str)] = &[
    ("JUST", "Justice, legal system and public safety"),
    ("INTR", "International issues"),
];

struct Out(Vec<Quad>);

impl Out {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.0
            .push(Quad::new(s.clone(), p, o.into(), GraphName::DefaultGraph));
    }
}

fn english(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "en")
}

fn iri(value: impl Into<String>) -> NamedNode {
    NamedNode::new_unchecked(value)
}

fn count(value: usize) -> Literal {
    Literal::new_typed_literal(value.to_string(), xsd::INTEGER)
}

/// The rows of a SELECT query over the store.
fn rows(store: &dyn SparqlGraph, name: &str, sparql: &str) -> Result<Vec<Vec<Option<Term>>>> {
    match store.query(name, sparql)? {
        Answer::Solutions { rows, .. } => Ok(rows),
        _ => unreachable!("catalog queries are SELECT queries"),
    }
}

/// The predicates whose statements [`describe`] asks of the store: the adoption dates (the
/// issue date).
pub const READS: [NamedNodeRef<'static>; 1] = [eli::DATE_DOCUMENT];

/// The catalog description of the graph in `store` (minted by `minter`, with the counts of
/// `statistics`), its `dumps`, under `licence`. `build` writes it to `out/catalog.ttl`, and
/// `serve` serves it at `/catalog`.
pub fn describe(
    store: &dyn SparqlGraph,
    statistics: &Statistics,
    minter: &Minter,
    dumps: &[Dump],
    licence: &NamedNode,
) -> Result<Vec<Quad>> {
    let base = minter.base();
    let mut out = Out(Vec::new());
    let catalog = minter.own("catalog");
    let graph = dataset_iri(minter);
    let service = minter.own("service/sparql");
    let endpoint = minter.own("sparql");
    let publisher = minter.own("publisher");
    // The latest adoption date of the records (each record's is its instrument's
    // eli:date_document), so that the graph alone gives the same description.
    let date = rows(
        store,
        "catalog date",
        &format!(
            "SELECT (MAX(?d) AS ?date) WHERE {{ ?r <{}> ?d }}",
            eli::DATE_DOCUMENT.as_str()
        ),
    )?
    .into_iter()
    .next()
    .and_then(|row| row.into_iter().next().flatten())
    .and_then(|d| match d {
        Term::Literal(l) => Some(l),
        _ => None,
    });

    out.add(&publisher, rdf::TYPE, foaf::AGENT);
    out.add(&publisher, foaf::NAME, english("The resgraph project"));
    out.add(&licence.clone(), rdf::TYPE, dcterms::LICENSE_DOCUMENT);

    out.add(&catalog, rdf::TYPE, dcat::CATALOG);
    out.add(&catalog, dcterms::TITLE, english("resgraph catalogue"));
    out.add(
        &catalog,
        dcterms::DESCRIPTION,
        english("The linked-data graph that resgraph builds from catalogue records about international legal instruments, and the SPARQL service over it."),
    );
    out.add(&catalog, dcterms::PUBLISHER, publisher.clone());
    out.add(&catalog, dcterms::LICENSE, licence.clone());
    out.add(&catalog, dcat::DATASET_PROP, graph.clone());
    out.add(&catalog, dcat::SERVICE, service.clone());
    let theme_scheme = iri(EU_DATA_THEME);
    out.add(&catalog, dcat::THEME_TAXONOMY, theme_scheme.clone());
    out.add(&theme_scheme, rdf::TYPE, skos::CONCEPT_SCHEME);
    out.add(&theme_scheme, dcterms::TITLE, english("Data theme"));

    out.add(&graph, rdf::TYPE, dcat::DATASET);
    out.add(&graph, rdf::TYPE, void::DATASET);
    out.add(&graph, dcterms::TITLE, english("resgraph knowledge graph"));
    out.add(
        &graph,
        dcterms::DESCRIPTION,
        english("United Nations Security Council resolutions on trafficking in persons in armed conflict, the obligations they set on procurement and supply chains, the armed groups they name and the source of every fact. Derived from public United Nations documents and the catalogues that describe them."),
    );
    out.add(&graph, dcterms::PUBLISHER, publisher.clone());
    for (code, label) in THEMES {
        let theme = iri(format!("{EU_DATA_THEME}/{code}"));
        out.add(&graph, dcat::THEME, theme.clone());
        out.add(&theme, rdf::TYPE, skos::CONCEPT);
        out.add(&theme, skos::PREF_LABEL, english(label));
        out.add(&theme, skos::IN_SCHEME, theme_scheme.clone());
    }
    for label in statistics.keywords() {
        out.add(&graph, dcat::KEYWORD, label);
    }
    if let Some(date) = &date {
        for s in [&catalog, &graph] {
            out.add(s, dcterms::ISSUED, date.clone());
            out.add(s, dcterms::MODIFIED, date.clone());
        }
    }

    for dump in dumps {
        let ext = dump.format.extension();
        let distribution = minter.own(&format!("dataset/distribution/{ext}"));
        let download = minter.own(&format!("dump/{}", dump.file_name));
        let media_type = iri(format!(
            "{IANA_MEDIA_TYPES}{}",
            dump.format.rdf_format().media_type()
        ));
        let checksum = minter.own(&format!("dataset/distribution/{ext}/checksum"));
        out.add(&graph, dcat::DISTRIBUTION_PROP, distribution.clone());
        out.add(&graph, void::DATA_DUMP, download.clone());
        out.add(&distribution, rdf::TYPE, dcat::DISTRIBUTION);
        out.add(
            &distribution,
            dcterms::TITLE,
            english(&format!(
                "resgraph knowledge graph in {}",
                dump.format.rdf_format().name()
            )),
        );
        out.add(&distribution, dcat::ACCESS_URL, download.clone());
        out.add(&distribution, dcat::DOWNLOAD_URL, download);
        out.add(&distribution, dcat::MEDIA_TYPE, media_type.clone());
        out.add(&media_type, rdf::TYPE, dcterms::MEDIA_TYPE);
        out.add(
            &distribution,
            dcat::BYTE_SIZE,
            Literal::new_typed_literal(dump.byte_size.to_string(), xsd::NON_NEGATIVE_INTEGER),
        );
        out.add(&distribution, dcterms::LICENSE, licence.clone());
        out.add(&distribution, spdx::CHECKSUM_PROP, checksum.clone());
        out.add(&checksum, rdf::TYPE, spdx::CHECKSUM);
        out.add(&checksum, spdx::ALGORITHM, spdx::SHA256);
        out.add(
            &checksum,
            spdx::CHECKSUM_VALUE,
            Literal::new_typed_literal(&dump.sha256, xsd::HEX_BINARY),
        );
    }
    let sha256 = spdx::SHA256.into_owned();
    out.add(&sha256, rdf::TYPE, spdx::CHECKSUM_ALGORITHM);

    out.add(&service, rdf::TYPE, dcat::DATA_SERVICE);
    out.add(
        &service,
        dcterms::TITLE,
        english("resgraph SPARQL endpoint"),
    );
    out.add(&service, dcat::ENDPOINT_URL, endpoint.clone());
    // DCAT-AP's range shapes ask for an explicit rdfs:Resource (they assume no reasoner).
    out.add(&endpoint, rdf::TYPE, rdfs::RESOURCE);
    out.add(&service, dcat::SERVES_DATASET, graph.clone());
    out.add(&service, dcterms::PUBLISHER, publisher.clone());
    let protocol = iri(SPARQL_PROTOCOL);
    out.add(&service, dcterms::CONFORMS_TO, protocol.clone());
    out.add(&protocol, rdf::TYPE, dcterms::STANDARD);

    describe_void(statistics, &mut out, &graph, base, &endpoint);
    Ok(out.0)
}

/// The counts VoID gives of a default graph, its example resources (the first resolutions by
/// IRI) and the catalog's keywords (the labels of the topics the resolutions are about), taken
/// as its statements pass by ([`Statistics::note`]):
/// `build` notes the statements it loads, so that its store need not hold those that no
/// stored query reads, and `serve` those of its store ([`Statistics::of`]). Each statement
/// must pass once, and no statement about a resolution may pass in an earlier batch than its
/// type. The distinct subjects and objects, and the resolutions, are kept as 128-bit hashes
/// ([`Hashes`]): 16 bytes a term.
///
/// ```
/// use oxigraph::model::{vocab::rdf, GraphName, Literal, NamedNode, Quad};
/// use resgraph::publish::catalog::Statistics;
///
/// let iri = |iri: &str| NamedNode::new(iri).unwrap();
/// let (a, b) = (iri("https://example.org/a"), iri("https://example.org/b"));
/// let title = iri("http://purl.org/dc/terms/title");
/// let mut statistics = Statistics::new("https://example.org/");
/// statistics.note(&[
///     Quad::new(a.clone(), rdf::TYPE, iri("https://example.org/Act"), GraphName::DefaultGraph),
///     Quad::new(a.clone(), title.clone(), Literal::new_simple_literal("A"), GraphName::DefaultGraph),
///     Quad::new(b, title, Literal::new_simple_literal("A"), GraphName::DefaultGraph),
///     Quad::new(a, rdf::TYPE, iri("https://example.org/Law"), iri("https://example.org/g")),
/// ]);
/// assert_eq!(statistics.triples(), 3);
/// assert_eq!((statistics.subjects(), statistics.objects()), (2, 2));
/// assert!(statistics.keywords().is_empty());
///
/// // A resolution's topic, stated in a later batch than its type, is a keyword.
/// let (resolution, topic) = (iri("https://example.org/r"), iri("https://example.org/t"));
/// let (a, is_about) = (rdf::TYPE, iri("http://data.europa.eu/eli/ontology#is_about"));
/// let label = iri("http://www.w3.org/2004/02/skos/core#prefLabel");
/// let resolution_class = iri("https://w3id.org/resgraph/ontology#Resolution");
/// statistics.note(&[
///     Quad::new(resolution.clone(), a, resolution_class, GraphName::DefaultGraph),
///     Quad::new(topic.clone(), label, Literal::new_simple_literal("T"), GraphName::DefaultGraph),
/// ]);
/// statistics.note(&[Quad::new(resolution, is_about, topic, GraphName::DefaultGraph)]);
/// assert_eq!(statistics.keywords(), [Literal::new_simple_literal("T")]);
/// ```
#[derive(Debug, Default)]
pub struct Statistics {
    /// The IRIs that are this graph's own entities start with it.
    base: String,
    /// Triples by property IRI.
    properties: HashMap<String, usize>,
    /// Instances by class (the objects of `rdf:type`).
    classes: HashMap<Term, usize>,
    /// The distinct subjects and objects.
    subjects: Hashes,
    objects: Hashes,
    /// The distinct subjects that are IRIs starting with `base`.
    entities: usize,
    /// The resolutions noted so far.
    resolutions: Hashes,
    /// The first [`EXAMPLE_RESOURCES`] resolutions by IRI (in code point order).
    examples: BTreeSet<String>,
    /// The topics (by IRI) some resolution is about.
    topics: HashSet<String>,
    /// Every preferred label of a named node: its IRI and the label.
    labels: Vec<(String, Literal)>,
}

impl Statistics {
    /// No statement yet, for a graph minted under `base`.
    pub fn new(base: &str) -> Statistics {
        Statistics {
            base: base.to_owned(),
            ..Statistics::default()
        }
    }

    /// The counts of the default graph of `store`, minted under `base`.
    pub fn of(store: &GraphStore, base: &str) -> Result<Statistics> {
        let mut statistics = Statistics::new(base);
        let (store, default) = (store.store(), Some(GraphNameRef::DefaultGraph));
        let failed = |e: oxigraph::store::StorageError| Error::Store(e.to_string());
        for quad in store.quads_for_pattern(None, None, None, default) {
            statistics.see(quad.map_err(failed)?.as_ref());
        }
        let resolution = Some(rg::RESOLUTION.into());
        for typed in store.quads_for_pattern(None, Some(rdf::TYPE), resolution, default) {
            let subject = typed.map_err(failed)?.subject;
            statistics.see_resolution(subject.as_ref());
            let about = Some(eli::IS_ABOUT);
            for quad in store.quads_for_pattern(Some(subject.as_ref()), about, None, default) {
                statistics.see_topic(quad.map_err(failed)?.as_ref());
            }
        }
        Ok(statistics)
    }

    /// Notes a batch of quads (of any graph).
    pub fn note(&mut self, quads: &[Quad]) {
        for quad in quads {
            self.see(quad.as_ref());
        }
        let typed = quads
            .iter()
            .filter(|q| q.graph_name.is_default_graph() && q.predicate == rdf::TYPE)
            .filter(|q| q.object.as_ref() == rg::RESOLUTION.into());
        for quad in typed {
            self.resolutions.insert(&quad.subject);
            self.see_resolution(quad.subject.as_ref());
        }
        for quad in quads {
            if quad.predicate == eli::IS_ABOUT && self.resolutions.contains(&quad.subject) {
                self.see_topic(quad.as_ref());
            }
        }
    }

    /// Keeps `resolution` among the examples if it is one of the first by IRI: what `SELECT ?r
    /// WHERE { ?r a rg:Resolution } ORDER BY STR(?r) LIMIT 5` answers, without sorting every
    /// resolution (minutes at 1,000,000 records).
    fn see_resolution(&mut self, resolution: NamedOrBlankNodeRef<'_>) {
        if let NamedOrBlankNodeRef::NamedNode(iri) = resolution {
            let iri = iri.as_str();
            let full = self.examples.len() >= EXAMPLE_RESOURCES;
            if full
                && self
                    .examples
                    .last()
                    .is_some_and(|last| iri >= last.as_str())
            {
                return;
            }
            self.examples.insert(iri.to_owned());
            if self.examples.len() > EXAMPLE_RESOURCES {
                self.examples.pop_last();
            }
        }
    }

    /// Notes the topic of `quad`, a statement that a resolution is about it.
    fn see_topic(&mut self, quad: QuadRef<'_>) {
        if let (TermRef::NamedNode(topic), true) = (quad.object, quad.graph_name.is_default_graph())
        {
            if !self.topics.contains(topic.as_str()) {
                self.topics.insert(topic.as_str().to_owned());
            }
        }
    }

    /// The catalog's keywords: each preferred label of a topic some resolution is about, once,
    /// in order.
    pub fn keywords(&self) -> Vec<Literal> {
        let mut keywords: Vec<&Literal> = self
            .labels
            .iter()
            .filter(|(concept, _)| self.topics.contains(concept))
            .map(|(_, label)| label)
            .collect();
        keywords.sort_by_key(|l| (l.value(), l.language(), l.datatype().as_str()));
        keywords.dedup();
        keywords.into_iter().cloned().collect()
    }

    /// Counts `quad`, if it is in the default graph.
    fn see(&mut self, quad: QuadRef<'_>) {
        if !quad.graph_name.is_default_graph() {
            return;
        }
        match self.properties.get_mut(quad.predicate.as_str()) {
            Some(n) => *n += 1,
            None => {
                self.properties
                    .insert(quad.predicate.as_str().to_owned(), 1);
            }
        }
        if quad.predicate == rdf::TYPE {
            *self.classes.entry(quad.object.into_owned()).or_default() += 1;
        }
        if self.subjects.insert(&quad.subject) {
            if let NamedOrBlankNodeRef::NamedNode(n) = quad.subject {
                self.entities += usize::from(n.as_str().starts_with(&self.base));
            }
        }
        self.objects.insert(&quad.object);
        if let (NamedOrBlankNodeRef::NamedNode(concept), TermRef::Literal(label)) =
            (quad.subject, quad.object)
        {
            if quad.predicate == skos::PREF_LABEL {
                let label = label.into_owned();
                self.labels.push((concept.as_str().to_owned(), label));
            }
        }
    }

    /// The number of triples seen.
    pub fn triples(&self) -> usize {
        self.properties.values().sum()
    }

    /// The number of distinct subjects.
    pub fn subjects(&self) -> usize {
        self.subjects.len()
    }

    /// The number of distinct objects.
    pub fn objects(&self) -> usize {
        self.objects.len()
    }
}

/// The order of the class partitions: by the class's string value.
fn term_order(term: TermRef<'_>) -> (&str, u8) {
    match term {
        TermRef::NamedNode(n) => (n.as_str(), 0),
        TermRef::BlankNode(b) => (b.as_str(), 1),
        TermRef::Literal(l) => (l.value(), 2),
    }
}

/// The VoID statistics of the default graph and its example resources, from its
/// [`Statistics`].
fn describe_void(
    statistics: &Statistics,
    out: &mut Out,
    graph: &NamedNode,
    base: &str,
    endpoint: &NamedNode,
) {
    out.add(graph, void::SPARQL_ENDPOINT, endpoint.clone());
    out.add(graph, void::URI_SPACE, Literal::new_simple_literal(base));
    for (property, n) in [
        (void::TRIPLES, statistics.triples()),
        (void::DISTINCT_SUBJECTS, statistics.subjects.len()),
        (void::DISTINCT_OBJECTS, statistics.objects.len()),
        (void::PROPERTIES, statistics.properties.len()),
        (void::CLASSES, statistics.classes.len()),
        (void::ENTITIES, statistics.entities),
    ] {
        out.add(graph, property, count(n));
    }

    let mut vocabularies: Vec<&str> = Vec::new();
    let mut used = |term: &Term| {
        if let Term::NamedNode(n) = term {
            for (_, ns) in PREFIXES {
                if n.as_str().starts_with(ns) && !vocabularies.contains(ns) {
                    vocabularies.push(ns);
                }
            }
        }
    };
    let mut classes: Vec<(&Term, &usize)> = statistics.classes.iter().collect();
    classes.sort_by_key(|(class, _)| term_order(class.as_ref()));
    for (i, (class, n)) in classes.into_iter().enumerate() {
        used(class);
        let partition = iri(format!("{base}dataset/class/{}", i + 1));
        out.add(graph, void::CLASS_PARTITION, partition.clone());
        out.add(&partition, void::CLASS, class.clone());
        out.add(&partition, void::ENTITIES, count(*n));
    }
    let mut properties: Vec<(&String, &usize)> = statistics.properties.iter().collect();
    properties.sort();
    for (i, (property, n)) in properties.into_iter().enumerate() {
        let property = Term::from(iri(property.as_str()));
        used(&property);
        let partition = iri(format!("{base}dataset/property/{}", i + 1));
        out.add(graph, void::PROPERTY_PARTITION, partition.clone());
        out.add(&partition, void::PROPERTY, property);
        out.add(&partition, void::TRIPLES, count(*n));
    }
    vocabularies.sort();
    for ns in vocabularies {
        out.add(graph, void::VOCABULARY, iri(ns));
    }
    for r in &statistics.examples {
        out.add(graph, void::EXAMPLE_RESOURCE, iri(r.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, NamedOrBlankNode};

    /// The VoID numbers of `quads`, by property.
    fn void_numbers(quads: &[Quad]) -> Vec<(String, String)> {
        let store = GraphStore::load(quads).unwrap();
        let minter = Minter::new("https://example.org/").unwrap();
        let graph: NamedOrBlankNode = dataset_iri(&minter).into();
        let statistics = Statistics::of(&store, minter.base()).unwrap();
        let mut found: Vec<(String, String)> =
            describe(&store, &statistics, &minter, &[], &iri(DEFAULT_LICENCE))
                .unwrap()
                .into_iter()
                .filter(|q| q.subject == graph)
                .filter_map(|q| {
                    let property = q
                        .predicate
                        .as_str()
                        .strip_prefix("http://rdfs.org/ns/void#")?;
                    match q.object {
                        Term::Literal(l) => Some((property.to_owned(), l.value().to_owned())),
                        _ => None,
                    }
                })
                .collect();
        found.sort();
        found
    }

    #[test]
    fn a_blank_node_subject_counts_as_a_subject_and_not_as_an_entity() {
        let (r, other) = (
            iri("https://example.org/r/1"),
            iri("https://elsewhere.org/x"),
        );
        let quad = |s: NamedOrBlankNode, p: NamedNodeRef<'_>, o: Term| {
            Quad::new(s, p, o, GraphName::DefaultGraph)
        };
        let quads = [
            quad(r.clone().into(), rdf::TYPE, rg::RESOLUTION.into()),
            quad(r.clone().into(), dcterms::TITLE, english("A").into()),
            quad(other.clone().into(), dcterms::TITLE, english("B").into()),
            quad(
                BlankNode::default().into(),
                dcterms::TITLE,
                english("A").into(),
            ),
        ];
        let expect = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(p, n)| (p.to_string(), n.to_string()))
                .collect()
        };
        assert_eq!(
            void_numbers(&quads),
            expect(&[
                ("classes", "1"),
                ("distinctObjects", "3"),
                ("distinctSubjects", "3"),
                ("entities", "1"),
                ("properties", "2"),
                ("triples", "4"),
                ("uriSpace", "https://example.org/"),
            ])
        );
    }

    /// The example resources are the first five resolutions by IRI, whatever the order and
    /// the batches in which `build` notes them, and as [`Statistics::of`] finds them in a store.
    #[test]
    fn the_examples_are_the_first_five_resolutions_by_iri() {
        let typed = |n: u32| {
            let r = iri(format!("https://example.org/r/{n}"));
            Quad::new(r, rdf::TYPE, rg::RESOLUTION, GraphName::DefaultGraph)
        };
        let other = Quad::new(
            iri("https://example.org/a"),
            rdf::TYPE,
            iri("https://example.org/Act"),
            GraphName::DefaultGraph,
        );
        let (first, second) = (
            [typed(7), other, typed(3), typed(5)],
            [typed(6), typed(9), typed(2), typed(4), typed(8)],
        );
        let minter = Minter::new("https://example.org/").unwrap();
        let examples = |statistics: &Statistics| -> Vec<String> {
            let store = GraphStore::load(&[]).unwrap();
            describe(&store, statistics, &minter, &[], &iri(DEFAULT_LICENCE))
                .unwrap()
                .into_iter()
                .filter(|q| q.predicate == void::EXAMPLE_RESOURCE)
                .map(|q| q.object.to_string())
                .collect()
        };
        let expected = [2, 3, 4, 5, 6].map(|n| format!("<https://example.org/r/{n}>"));

        let mut noted = Statistics::new(minter.base());
        noted.note(&first);
        noted.note(&second);
        assert_eq!(examples(&noted), expected);

        let store = GraphStore::load(&[first.as_slice(), &second].concat()).unwrap();
        assert_eq!(
            examples(&Statistics::of(&store, minter.base()).unwrap()),
            expected
        );
    }
}
