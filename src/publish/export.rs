//! Stage 4a: write the graph in an RDF format, deterministically, and write files atomically.
//!
//! Output is written in blocks (see [`Exporter`]), each sorted, so the same data always gives
//! the same bytes and Turtle comes grouped by subject. Only the prefixes actually used are
//! declared.

use crate::graph::map::{map_record, RecordQuads};
use crate::graph::mint::Minter;
use crate::model::Record;
use crate::vocab::{rdf, xsd, GRAPH_PREFIXES, PREFIXES};
use oxigraph::io::{RdfFormat, RdfSerializer, WriterQuadSerializer};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef, TermRef};

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::Write;

/// The RDF formats resgraph exports, named by their usual file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Turtle (the default graph, which merges all facts)
    Ttl,
    /// N-Triples (the default graph)
    Nt,
    /// N-Quads (with the source graphs)
    Nq,
    /// TriG (with the source graphs)
    Trig,
    /// RDF/XML (the default graph)
    Rdf,
    /// JSON-LD (with the source graphs)
    Jsonld,
}

impl Format {
    /// Every format, in the order `build` writes them.
    pub const ALL: [Format; 6] = [
        Format::Ttl,
        Format::Nt,
        Format::Nq,
        Format::Trig,
        Format::Rdf,
        Format::Jsonld,
    ];

    /// The file extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Ttl => "ttl",
            Format::Nt => "nt",
            Format::Nq => "nq",
            Format::Trig => "trig",
            Format::Rdf => "rdf",
            Format::Jsonld => "jsonld",
        }
    }

    /// What the format holds, for `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Format::Ttl => "Turtle (the default graph, which merges all facts)",
            Format::Nt => "N-Triples (the default graph)",
            Format::Nq => "N-Quads (with the source graphs)",
            Format::Trig => "TriG (with the source graphs)",
            Format::Rdf => "RDF/XML (the default graph)",
            Format::Jsonld => "JSON-LD (with the source graphs)",
        }
    }

    /// The format whose extension is `name`.
    pub fn from_extension(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.extension() == name)
    }

    /// The oxigraph format.
    pub fn rdf_format(self) -> RdfFormat {
        RdfFormat::from_extension(self.extension()).expect("oxigraph knows every extension here")
    }

    /// Whether the format keeps the named source graphs (otherwise only the default graph is written).
    pub fn keeps_graphs(self) -> bool {
        matches!(self, Format::Nq | Format::Trig | Format::Jsonld)
    }

    /// Whether the format writes `quad`: every quad, or only those of the default graph.
    fn writes(self, quad: &Quad) -> bool {
        self.keeps_graphs() || quad.graph_name.is_default_graph()
    }
}

/// The file name of the graph export in `format`: `resgraph.ttl`, `resgraph.nq`, … (as `build`
/// writes it and `serve` serves it under `/dump/`).
pub fn export_file_name(format: Format) -> String {
    format!("resgraph.{}", format.extension())
}

/// Writes `quads` to `writer` in `format`, as one block: sorted, without duplicates, with only
/// the prefixes used. Returns how many triples (or quads, for formats that keep graphs) it wrote.
///
/// ```
/// use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
/// use resgraph::publish::export::{write_quads, Format};
/// let s = NamedNode::new("https://example.org/r").unwrap();
/// let date = NamedNode::new("http://data.europa.eu/eli/ontology#date_document").unwrap();
/// let xsd_date = NamedNode::new("http://www.w3.org/2001/XMLSchema#date").unwrap();
/// let quad = Quad::new(s, date, Literal::new_typed_literal("2016-12-20", xsd_date), GraphName::DefaultGraph);
/// let mut out = Vec::new();
/// write_quads(&[quad], Format::Ttl, &mut out).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "\
/// @prefix eli: <http://data.europa.eu/eli/ontology#> .
/// @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
/// <https://example.org/r> eli:date_document \"2016-12-20\"^^xsd:date .
/// ");
/// ```
pub fn write_quads(quads: &[Quad], format: Format, writer: impl Write) -> std::io::Result<usize> {
    let mut exporter = Exporter::new(format, writer)?;
    exporter.write_block(quads.to_vec())?;
    exporter.finish().map(|(_, count)| count)
}

/// How many bytes of Turtle or TriG statements an [`Exporter`] holds before it writes the
/// `@prefix` lines they use in front of them: enough for a graph's vocabularies to appear, so
/// that a later declaration is rare, and small beside the batches a build holds.
pub const HEAD_BYTES: usize = 4 << 20;

/// Streams a graph in blocks: the concept schemes, then one block per record, in order.
///
/// Each block is sorted (by graph, then subject with `rdf:type` first, then predicate and
/// object) and written whole, so a subject's statements stay together; statements about
/// resources many records share (sources, activities) are written once, with the first record
/// that has them. Memory holds one batch of records, whatever the number of records. Turtle and
/// TriG declare only the prefixes used: the first [`HEAD_BYTES`] of statements are held until
/// the `@prefix` lines they use are written in front of them, and a prefix first used after
/// those is declared just before the block that first uses it.
pub struct Exporter<W: Write> {
    format: Format,
    prefixes: &'static [(&'static str, &'static str)],
    sink: Sink<W>,
    /// The shared statements written so far; none when the caller hands each one once
    /// ([`Exporter::shared_once_by_caller`]).
    seen_shared: Option<SeenShared>,
    used: u32,
    count: usize,
}

/// A set that keeps each item as a 128-bit hash (two keyed SipHash values) instead of whole:
/// 16 bytes an item. Two distinct items share a hash with a chance of about n² / 2¹²⁹ for n
/// items, and the keys are random, so no input can aim at a collision.
///
/// ```
/// use resgraph::publish::export::Hashes;
///
/// let mut seen = Hashes::default();
/// assert!(seen.insert("a") && seen.insert("b"));
/// assert!(!seen.insert("a"));
/// assert!(seen.contains("b") && !seen.contains("c"));
/// assert_eq!(seen.len(), 2);
/// ```
#[derive(Debug, Default)]
pub struct Hashes {
    hashes: HashSet<u128>,
    keys: (std::hash::RandomState, std::hash::RandomState),
}

impl Hashes {
    /// Notes `item`; whether it is new.
    pub fn insert<T: std::hash::Hash + ?Sized>(&mut self, item: &T) -> bool {
        let hash = self.hash(item);
        self.hashes.insert(hash)
    }

    /// Whether `item` was noted.
    pub fn contains<T: std::hash::Hash + ?Sized>(&self, item: &T) -> bool {
        self.hashes.contains(&self.hash(item))
    }

    /// The 128-bit hash of `item`: two 64-bit hashes with independent keys.
    fn hash<T: std::hash::Hash + ?Sized>(&self, item: &T) -> u128 {
        use std::hash::BuildHasher;
        let (high, low) = (self.keys.0.hash_one(item), self.keys.1.hash_one(item));
        u128::from(high) << 64 | u128::from(low)
    }

    /// How many distinct items were noted.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Whether no item was noted.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }
}

/// The statements about shared resources (sources, activities) handed on so far, so that each
/// is written once. Each is kept as a 128-bit hash ([`Hashes`]), not as the statement: a
/// catalogue whose records cite sources of their own has a few such statements a record, and
/// six exporters each keeping them whole held 0.9 GiB at 100,000 records.
///
/// ```
/// use oxigraph::model::{vocab::rdf, NamedNode, Quad, GraphName};
/// use resgraph::publish::export::SeenShared;
///
/// let source = NamedNode::new("https://example.org/source").unwrap();
/// let quad = Quad::new(source, rdf::TYPE, rdf::PROPERTY, GraphName::DefaultGraph);
/// let mut seen = SeenShared::default();
/// assert_eq!(seen.new_ones(&[quad.clone(), quad.clone()]), [quad.clone()]);
/// assert!(seen.new_ones(&[quad]).is_empty());
/// ```
#[derive(Debug, Default)]
pub struct SeenShared(Hashes);

impl SeenShared {
    /// The statements of `quads` not handed on before, in their order, each once; notes them.
    pub fn new_ones(&mut self, quads: &[Quad]) -> Vec<Quad> {
        let new = quads.iter().filter(|quad| self.0.insert(*quad));
        new.cloned().collect()
    }
}

/// Where an [`Exporter`] writes.
enum Sink<W: Write> {
    /// N-Triples and N-Quads: blocks go straight out.
    Direct(W),
    /// Turtle and TriG: the head is held until its prefixes are known ([`HEAD_BYTES`]); then
    /// the prefixes declared so far, as bits of the exporter's list.
    Declaring {
        out: W,
        head: Option<Vec<u8>>,
        declared: u32,
    },
    /// RDF/XML and JSON-LD: one serializer for the whole document.
    Document(Box<WriterQuadSerializer<W>>),
}

/// Prepares record blocks for an [`Exporter`] on any thread: `Copy`, `Send` and `Sync`.
#[derive(Debug, Clone, Copy)]
pub struct Preparer {
    format: Format,
    prefixes: &'static [(&'static str, &'static str)],
}

impl Preparer {
    /// Maps `record` and prepares its block (sorted and, for every format but RDF/XML and
    /// JSON-LD, serialized), with the statements about shared resources beside it.
    pub fn record(&self, minter: &Minter, record: &Record) -> PreparedRecord<'static> {
        self.mapped(map_record(minter, record, self.format.keeps_graphs()))
    }

    /// Prepares the block of a record already mapped (the quads of source graphs are dropped
    /// for a format without graphs).
    pub fn mapped(&self, record: RecordQuads) -> PreparedRecord<'static> {
        PreparedRecord {
            own: prepare(self.format, self.prefixes, record.own),
            shared: Cow::Owned(record.shared),
        }
    }

    /// Prepares the block of a record whose own quads are already in export order
    /// ([`sort_block`]), borrowing them: several exporters can prepare the same record without
    /// copying it.
    pub fn sorted<'q>(&self, record: &'q RecordQuads) -> PreparedRecord<'q> {
        PreparedRecord {
            own: prepare_sorted(self.format, self.prefixes, Cow::Borrowed(&record.own)),
            shared: Cow::Borrowed(&record.shared),
        }
    }
}

/// One record made ready to write ([`Preparer::record`]), owning or borrowing its quads.
pub struct PreparedRecord<'q> {
    own: Prepared<'q>,
    shared: Cow<'q, [Quad]>,
}

/// A block made ready to write: sorted and, where the format allows, already serialized.
pub struct Prepared<'q> {
    /// The sorted block, kept for RDF/XML and JSON-LD, which serialize when it is written.
    quads: Cow<'q, [Quad]>,
    bytes: Vec<u8>,
    used: u32,
    count: usize,
}

impl<W: Write> Exporter<W> {
    /// An exporter writing `format` to `out`, abbreviating with every prefix resgraph knows
    /// ([`PREFIXES`]).
    pub fn new(format: Format, out: W) -> std::io::Result<Self> {
        Exporter::with_prefixes(format, out, PREFIXES)
    }

    /// An exporter for the graph itself (records, concept schemes, mappings), abbreviating
    /// with the prefixes of its vocabularies ([`GRAPH_PREFIXES`]).
    pub fn for_graph(format: Format, out: W) -> std::io::Result<Self> {
        Exporter::with_prefixes(format, out, GRAPH_PREFIXES)
    }

    fn with_prefixes(
        format: Format,
        out: W,
        prefixes: &'static [(&'static str, &'static str)],
    ) -> std::io::Result<Self> {
        let sink = match format {
            Format::Nt | Format::Nq => Sink::Direct(out),
            Format::Ttl | Format::Trig => Sink::Declaring {
                out,
                head: Some(Vec::new()),
                declared: 0,
            },
            Format::Rdf | Format::Jsonld => {
                let mut serializer = RdfSerializer::from_format(format.rdf_format());
                for (prefix, namespace) in prefixes {
                    serializer = serializer
                        .with_prefix(*prefix, *namespace)
                        .expect("vocabulary namespaces are valid IRIs");
                }
                Sink::Document(Box::new(serializer.for_writer(out)))
            }
        };
        Ok(Exporter {
            format,
            prefixes,
            sink,
            seen_shared: Some(SeenShared::default()),
            used: 0,
            count: 0,
        })
    }

    /// The format written.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Writes one block (e.g. the concept schemes, or a CONSTRUCT answer).
    pub fn write_block(&mut self, quads: Vec<Quad>) -> std::io::Result<()> {
        let prepared = prepare(self.format, self.prefixes, quads);
        self.append(prepared)
    }

    /// What prepares blocks for this exporter on any thread ([`Preparer::record`]); hand the
    /// results back to [`Exporter::append_record`] in input order.
    pub fn preparer(&self) -> Preparer {
        Preparer {
            format: self.format,
            prefixes: self.prefixes,
        }
    }

    /// Maps, prepares and writes one record, on the calling thread.
    pub fn write_record(&mut self, minter: &Minter, record: &Record) -> std::io::Result<()> {
        let prepared = self.preparer().record(minter, record);
        self.append_record(prepared)
    }

    /// Leaves to the caller the check that each shared statement is written once: the caller
    /// hands each one in one record only, as `build` does with one [`SeenShared`] for all its
    /// exporters instead of one each.
    pub fn shared_once_by_caller(mut self) -> Self {
        self.seen_shared = None;
        self
    }

    /// Writes one prepared record block, after the shared statements not written before.
    pub fn append_record(&mut self, record: PreparedRecord<'_>) -> std::io::Result<()> {
        let PreparedRecord { own, shared } = record;
        let new = match &mut self.seen_shared {
            Some(seen) => seen.new_ones(&shared),
            None => shared.into_owned(),
        };
        if !new.is_empty() {
            self.append(prepare(self.format, self.prefixes, new))?;
        }
        self.append(own)
    }

    fn append(&mut self, block: Prepared<'_>) -> std::io::Result<()> {
        self.used |= block.used;
        self.count += block.count;
        match &mut self.sink {
            Sink::Direct(out) => out.write_all(&block.bytes),
            Sink::Declaring {
                out,
                head,
                declared,
            } => match head {
                Some(held) => {
                    held.extend_from_slice(&block.bytes);
                    if held.len() >= HEAD_BYTES {
                        out.write_all(&prelude_of(self.format, self.prefixes, self.used))?;
                        out.write_all(held)?;
                        *declared = self.used;
                        *head = None;
                    }
                    Ok(())
                }
                None => {
                    let new = block.used & !*declared;
                    if new != 0 {
                        out.write_all(&prelude_of(self.format, self.prefixes, new))?;
                        *declared |= new;
                    }
                    out.write_all(&block.bytes)
                }
            },
            Sink::Document(serializer) => {
                for quad in block.quads.iter().filter(|q| self.format.writes(q)) {
                    serializer.serialize_quad(quad)?;
                }
                Ok(())
            }
        }
    }

    /// Finishes the document; returns the writer and how many statements were written.
    pub fn finish(self) -> std::io::Result<(W, usize)> {
        let out = match self.sink {
            Sink::Direct(mut out) => {
                out.flush()?;
                out
            }
            Sink::Declaring { mut out, head, .. } => {
                if let Some(held) = head {
                    out.write_all(&prelude_of(self.format, self.prefixes, self.used))?;
                    out.write_all(&held)?;
                }
                out.flush()?;
                out
            }
            Sink::Document(serializer) => {
                let mut out = serializer.finish()?;
                out.flush()?;
                out
            }
        };
        Ok((out, self.count))
    }
}

/// Sorts a block, drops duplicates and statements the format does not keep, notes the prefixes
/// it uses and, for formats whose blocks can be concatenated, serializes it.
pub fn prepare(
    format: Format,
    prefixes: &'static [(&'static str, &'static str)],
    mut quads: Vec<Quad>,
) -> Prepared<'static> {
    sort_block(&mut quads);
    prepare_sorted(format, prefixes, Cow::Owned(quads))
}

/// Puts a block in export order and drops its duplicates, once for every format. The order of
/// statements in every export: graph (default first, then named nodes, then blank nodes, each
/// by name), subject (named nodes, then blank nodes), `rdf:type` before other predicates,
/// predicate, object (named nodes, blank nodes, then literals by value, datatype and language).
pub fn sort_block(quads: &mut Vec<Quad>) {
    // Most comparisons in a block are between statements about one subject, whose IRIs are
    // equal or share long prefixes: comparing them was most of the time of an export. So the
    // block's few graphs, subjects and predicates are ranked once, in their order, and
    // the sort compares ranks, and objects only between statements of one subject and
    // predicate.
    let graphs = ranks(quads.iter().map(|q| graph_key(q.graph_name.as_ref())));
    let subjects = ranks(quads.iter().map(|q| subject_key(q.subject.as_ref())));
    let predicates = ranks(quads.iter().map(|q| predicate_key(q.predicate.as_ref())));
    let ranks = graphs
        .into_iter()
        .zip(subjects)
        .zip(predicates)
        .map(|((graph, subject), predicate)| [graph, subject, predicate]);
    let mut keyed: Vec<([u32; 3], Quad)> = ranks.zip(quads.drain(..)).collect();
    keyed.sort_unstable_by(|(a_rank, a), (b_rank, b)| {
        a_rank
            .cmp(b_rank)
            .then_with(|| term_key(a.object.as_ref()).cmp(&term_key(b.object.as_ref())))
    });
    quads.extend(keyed.into_iter().map(|(_, quad)| quad));
    quads.dedup();
}

/// The rank of each of `keys` among the distinct keys, in their order. Each key is hashed
/// once, with foldhash (randomly seeded like the standard hasher, and faster than it on the
/// long IRIs of a block); only the distinct ones are sorted.
fn ranks<K: Ord + std::hash::Hash + Copy>(keys: impl Iterator<Item = K>) -> Vec<u32> {
    let mut ids: HashMap<K, u32, foldhash::fast::RandomState> = HashMap::default();
    let mut distinct: Vec<K> = Vec::new();
    let seen: Vec<u32> = keys
        .map(|key| {
            *ids.entry(key).or_insert_with(|| {
                distinct.push(key);
                distinct.len() as u32 - 1
            })
        })
        .collect();
    let mut order: Vec<u32> = (0..distinct.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| distinct[a as usize].cmp(&distinct[b as usize]));
    let mut rank = vec![0; distinct.len()];
    for (r, id) in (0u32..).zip(order) {
        rank[id as usize] = r;
    }
    seen.into_iter().map(|id| rank[id as usize]).collect()
}

/// [`prepare`] for a block already in export order ([`sort_block`]). The statements in source
/// graphs are skipped for a format without graphs.
fn prepare_sorted<'q>(
    format: Format,
    prefixes: &'static [(&'static str, &'static str)],
    quads: Cow<'q, [Quad]>,
) -> Prepared<'q> {
    let kept = || quads.iter().filter(move |q| format.writes(q));
    let turtle_like = matches!(format, Format::Ttl | Format::Trig);
    // Only Turtle and TriG declare the prefixes they use (the documents declare them all).
    let used = if !turtle_like {
        0
    } else {
        kept().fold(0, |mask, q| mask | prefixes_of(q.as_ref(), prefixes))
    };
    let count = kept().count();
    let document = matches!(format, Format::Rdf | Format::Jsonld);
    let mut bytes = Vec::new();
    if !document && count > 0 {
        bytes.reserve(count * 96);
        let (serializer, prelude_length) = block_serializer(format, prefixes);
        let mut serializer = serializer.for_writer(Skip {
            out: &mut bytes,
            skip: prelude_length,
        });
        for quad in kept() {
            serializer
                .serialize_quad(quad)
                .expect("writing to memory does not fail");
        }
        serializer
            .finish()
            .expect("writing to memory does not fail");
    }
    Prepared {
        quads: if document { quads } else { Cow::Borrowed(&[]) },
        bytes,
        used,
        count,
    }
}

/// A serializer for blocks of `format` (for Turtle and TriG, knowing every prefix of
/// `prefixes`) and the length of the prelude it writes before the first statement, which
/// [`prepare`] skips. Made once per thread and format and cloned for each block.
fn block_serializer(
    format: Format,
    prefixes: &'static [(&'static str, &'static str)],
) -> (RdfSerializer, usize) {
    thread_local! {
        static MADE: RefCell<Vec<(Format, usize, RdfSerializer, usize)>> = const { RefCell::new(Vec::new()) };
    }
    let key = prefixes.as_ptr() as usize;
    MADE.with_borrow_mut(|made| {
        if let Some((_, _, serializer, length)) =
            made.iter().find(|(f, k, _, _)| *f == format && *k == key)
        {
            return (serializer.clone(), *length);
        }
        let mut serializer = RdfSerializer::from_format(format.rdf_format());
        let mut length = 0;
        if matches!(format, Format::Ttl | Format::Trig) {
            for (prefix, namespace) in prefixes {
                serializer = serializer
                    .with_prefix(*prefix, *namespace)
                    .expect("vocabulary namespaces are valid IRIs");
            }
            length = prelude(format, prefixes).len();
        }
        made.push((format, key, serializer.clone(), length));
        (serializer, length)
    })
}

/// A writer that drops the first `skip` bytes written to it (a block serializer's prelude)
/// and appends the rest to `out`.
struct Skip<'a> {
    out: &'a mut Vec<u8>,
    skip: usize,
}

impl Write for Skip<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let dropped = self.skip.min(buf.len());
        self.skip -= dropped;
        self.out.extend_from_slice(&buf[dropped..]);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The `@prefix` lines of those of `prefixes` whose bits are set in `bits`.
fn prelude_of(format: Format, prefixes: &[(&str, &str)], bits: u32) -> Vec<u8> {
    let chosen: Vec<(&str, &str)> = (0..)
        .zip(prefixes)
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, prefix)| *prefix)
        .collect();
    prelude(format, &chosen)
}

/// The `@prefix` lines the Turtle or TriG serializer writes before its first statement when
/// given `prefixes`.
fn prelude(format: Format, prefixes: &[(&str, &str)]) -> Vec<u8> {
    let mut serializer = RdfSerializer::from_format(format.rdf_format());
    for (prefix, namespace) in prefixes {
        serializer = serializer
            .with_prefix(*prefix, *namespace)
            .expect("vocabulary namespaces are valid IRIs");
    }
    let probe = NamedNodeRef::new_unchecked("urn:resgraph:probe");
    let mut serializer = serializer.for_writer(Vec::new());
    serializer
        .serialize_quad(QuadRef::new(
            probe,
            probe,
            probe,
            GraphNameRef::DefaultGraph,
        ))
        .expect("writing to memory does not fail");
    let mut bytes = serializer
        .finish()
        .expect("writing to memory does not fail");
    let statement = b"<urn:resgraph:probe> <urn:resgraph:probe> <urn:resgraph:probe> .\n";
    assert!(
        bytes.ends_with(statement),
        "the serializer writes a plain statement"
    );
    bytes.truncate(bytes.len() - statement.len());
    bytes
}

// The keys hold no empty string: comparing one calls `memcmp` with the dangling pointer of an
// empty slice, which its masked vector load handles slowly (8 % of an export's CPU time when
// the default graph and plain IRIs were keyed by "").
fn graph_key(graph: GraphNameRef<'_>) -> (u8, Option<&str>) {
    match graph {
        GraphNameRef::DefaultGraph => (0, None),
        GraphNameRef::NamedNode(n) => (1, Some(n.as_str())),
        GraphNameRef::BlankNode(b) => (2, Some(b.as_str())),
    }
}

fn subject_key(subject: NamedOrBlankNodeRef<'_>) -> (u8, &str) {
    match subject {
        NamedOrBlankNodeRef::NamedNode(n) => (0, n.as_str()),
        NamedOrBlankNodeRef::BlankNode(b) => (1, b.as_str()),
    }
}

/// `rdf:type` first, then the others by IRI.
fn predicate_key(predicate: NamedNodeRef<'_>) -> (bool, &str) {
    (predicate != rdf::TYPE, predicate.as_str())
}

/// A literal's datatype and language come after its value (no language first).
fn term_key(term: TermRef<'_>) -> (u8, &str, Option<(&str, Option<&str>)>) {
    match term {
        TermRef::NamedNode(n) => (0, n.as_str(), None),
        TermRef::BlankNode(b) => (1, b.as_str(), None),
        TermRef::Literal(l) => (2, l.value(), Some((l.datatype().as_str(), l.language()))),
    }
}

/// The bits (one per entry of `prefixes`) of the prefixes the Turtle or TriG serializer uses
/// for this quad.
fn prefixes_of(quad: QuadRef<'_>, prefixes: &[(&str, &str)]) -> u32 {
    let mut mask = 0;
    let mut note = |iri: &str| {
        // A simple local name has no '/' or '#', so a namespace ending in one of them can only
        // shorten the IRI if it ends where the IRI's last one does: the others are skipped
        // without comparing their bytes.
        let split = iri.rfind(['/', '#']).map_or(0, |i| i + 1);
        for (i, (_, namespace)) in prefixes.iter().enumerate() {
            let may_fit = namespace.len() == split || !namespace.ends_with(['/', '#']);
            if may_fit
                && iri
                    .strip_prefix(namespace)
                    .is_some_and(is_simple_local_name)
            {
                mask |= 1 << i;
                break;
            }
        }
    };
    if let NamedOrBlankNodeRef::NamedNode(n) = quad.subject {
        note(n.as_str());
    }
    if quad.predicate != rdf::TYPE {
        note(quad.predicate.as_str());
    }
    match quad.object {
        TermRef::NamedNode(n) => note(n.as_str()),
        TermRef::Literal(l) => {
            let datatype = l.datatype();
            let written_plain = datatype == xsd::STRING
                || datatype == rdf::LANG_STRING
                || (datatype == xsd::INTEGER && is_integer(l.value()));
            if !written_plain {
                note(datatype.as_str());
            }
        }
        _ => {}
    }
    if let GraphNameRef::NamedNode(g) = quad.graph_name {
        note(g.as_str());
    }
    mask
}

/// A local name every serializer writes after a prefix without escapes.
fn is_simple_local_name(local: &str) -> bool {
    let mut chars = local.chars();
    match chars.next() {
        None => true,
        Some(first) => {
            (first.is_ascii_alphanumeric() || first == '_')
                && local
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
                && !local.ends_with('.')
        }
    }
}

/// Whether Turtle writes this `xsd:integer` as a bare number.
fn is_integer(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::dcterms;
    use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Term};
    use std::cmp::Ordering;

    /// The export order, one statement against another: what [`sort_block`] ranks.
    fn compare(a: QuadRef<'_>, b: QuadRef<'_>) -> Ordering {
        graph_key(a.graph_name)
            .cmp(&graph_key(b.graph_name))
            .then_with(|| subject_key(a.subject).cmp(&subject_key(b.subject)))
            .then_with(|| predicate_key(a.predicate).cmp(&predicate_key(b.predicate)))
            .then_with(|| term_key(a.object).cmp(&term_key(b.object)))
    }

    /// `block` sorted by [`compare`], without duplicates.
    fn by_compare(mut block: Vec<Quad>) -> Vec<Quad> {
        block.sort_by(|a, b| compare(a.as_ref(), b.as_ref()));
        block.dedup();
        block
    }

    #[test]
    fn a_prefix_first_used_after_the_head_is_declared_just_before_its_block() {
        let iri = |s: &str| NamedNode::new(format!("https://example.org/{s}")).unwrap();
        let text = "x".repeat(1000);
        // A first block longer than the head, which uses no prefix; then one that uses two.
        let head: Vec<Quad> = (0..HEAD_BYTES / 1000 + 1)
            .map(|i| {
                let object = Literal::new_simple_literal(&text);
                Quad::new(
                    iri(&format!("s{i}")),
                    iri("p"),
                    object,
                    GraphName::DefaultGraph,
                )
            })
            .collect();
        let title = Literal::new_simple_literal("t");
        let late = [
            Quad::new(iri("t"), rdf::VALUE, title.clone(), GraphName::DefaultGraph),
            Quad::new(iri("t"), dcterms::TITLE, title, iri("g")),
        ];
        for (format, tail) in [
            (
                Format::Ttl,
                "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n\
                 <https://example.org/t> rdf:value \"t\" .\n",
            ),
            (
                Format::Trig,
                "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n\
                 @prefix dcterms: <http://purl.org/dc/terms/> .\n\
                 <https://example.org/t> rdf:value \"t\" .\n\
                 <https://example.org/g> {\n\
                 \t<https://example.org/t> dcterms:title \"t\" .\n\
                 }\n",
            ),
        ] {
            let mut exporter = Exporter::new(format, Vec::new()).unwrap();
            exporter.write_block(head.clone()).unwrap();
            exporter.write_block(late.to_vec()).unwrap();
            let (bytes, _) = exporter.finish().unwrap();
            let written = String::from_utf8(bytes).unwrap();
            assert!(written.starts_with("<https://example.org/s0> <https://example.org/p> \"xxx"));
            assert!(
                written.ends_with(tail),
                "{format:?}: {}",
                &written[written.len() - 300..]
            );
            let parsed: HashSet<Quad> = oxigraph::io::RdfParser::from_format(format.rdf_format())
                .for_slice(written.as_bytes())
                .collect::<std::result::Result<_, _>>()
                .unwrap();
            let expected: HashSet<Quad> = head
                .iter()
                .chain(&late)
                .filter(|q| format.writes(q))
                .cloned()
                .collect();
            assert_eq!(parsed, expected, "{format:?}");
        }
    }

    #[test]
    fn a_format_keeps_graphs_when_oxigraphs_format_holds_datasets() {
        for format in Format::ALL {
            let datasets = format.rdf_format().supports_datasets();
            assert_eq!(format.keeps_graphs(), datasets, "{format:?}");
        }
    }

    #[test]
    fn prefixes_are_found_as_by_trying_every_namespace() {
        // What prefixes_of did before it skipped the namespaces that cannot fit.
        let every = |iri: &str, prefixes: &[(&str, &str)]| {
            let found = prefixes.iter().position(|(_, namespace)| {
                iri.strip_prefix(namespace)
                    .is_some_and(is_simple_local_name)
            });
            found.map_or(0, |i| 1u32 << i)
        };
        let prefixes: &[(&str, &str)] = &[
            ("a", "https://example.org/a/"),
            ("b", "https://example.org/a/b#"),
            ("u", "urn:x:"),
            ("c", "https://example.org/a/c"),
            ("d", "https://example.org/"),
        ];
        for iri in [
            "https://example.org/a/x",
            "https://example.org/a/b#y",
            "https://example.org/a/b#",
            "https://example.org/a/b/z",
            "https://example.org/a/cat",
            "https://example.org/a/c",
            "https://example.org/x.y",
            "https://example.org/x.",
            "urn:x:y",
            "urn:x:y/z",
            "urn:y",
            "https://example.org/a/",
        ] {
            let quad = QuadRef::new(
                NamedNodeRef::new(iri).unwrap(),
                rdf::TYPE,
                NamedNodeRef::new("urn:none").unwrap(),
                GraphNameRef::DefaultGraph,
            );
            assert_eq!(prefixes_of(quad, prefixes), every(iri, prefixes), "{iri}");
        }
    }

    #[test]
    fn a_block_is_sorted_by_the_export_order_whatever_order_it_comes_in() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let dataset = crate::ingest::folder::Collection::read_dir(&data).unwrap();
        let minter = Minter::new(crate::graph::mint::DEFAULT_BASE).unwrap();
        let mapped = crate::graph::map::map_dataset(&dataset, &minter);
        let iri = |s: &str| NamedNode::new(format!("https://example.org/{s}")).unwrap();
        let graph: GraphName = iri("g").into();
        let blank: GraphName = BlankNode::new("b0").unwrap().into();
        let mut odd = Vec::new();
        for graph in [GraphName::DefaultGraph, graph, blank] {
            let subjects: [NamedOrBlankNode; 3] = [
                iri("s/1").into(),
                iri("s").into(),
                BlankNode::new("s").unwrap().into(),
            ];
            for subject in subjects {
                let objects: [(NamedNode, Term); 7] = [
                    (
                        iri("p"),
                        Literal::new_language_tagged_literal("x", "fr")
                            .unwrap()
                            .into(),
                    ),
                    (iri("p"), Literal::new_simple_literal("x").into()),
                    (iri("p"), Literal::new_typed_literal("x", iri("t")).into()),
                    (iri("p"), BlankNode::new("o").unwrap().into()),
                    (iri("p"), iri("o").into()),
                    (rdf::TYPE.into_owned(), iri("C").into()),
                    (iri("a"), iri("o").into()),
                ];
                for (predicate, object) in objects {
                    let quad = Quad::new(subject.clone(), predicate, object, graph.clone());
                    odd.extend([quad.clone(), quad]);
                }
            }
        }
        // The objects of one subject and predicate: named nodes, blank nodes, then literals by
        // value, datatype IRI (rdf:langString, xsd:string, then https://…) and language.
        let mut one: Vec<Quad> = odd[..10].to_vec();
        sort_block(&mut one);
        let objects: Vec<String> = one.iter().map(|q| q.object.to_string()).collect();
        assert_eq!(
            objects,
            [
                "<https://example.org/o>",
                "_:o",
                "\"x\"@fr",
                "\"x\"",
                "\"x\"^^<https://example.org/t>",
            ]
        );
        for block in [mapped, odd] {
            let expected = by_compare(block.clone());
            for mut shuffled in [block.clone(), block.iter().rev().cloned().collect()] {
                let third = shuffled.len() / 3;
                shuffled.rotate_left(third);
                sort_block(&mut shuffled);
                assert_eq!(shuffled, expected);
            }
        }
    }
}
