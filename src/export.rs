//! Stage 4a: write the graph in an RDF format, deterministically, and write files atomically.
//!
//! Output is sorted (by graph, then subject with `rdf:type` first, then predicate and object),
//! so the same data always gives the same bytes, and Turtle comes grouped by subject. Only the
//! prefixes actually used are declared.

use crate::error::{Error, Result};
use crate::vocab::{rdf, xsd, PREFIXES};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, Quad, QuadRef, TermRef};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

/// The RDF formats resgraph exports, named by their usual file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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

    /// The oxigraph format.
    pub fn rdf_format(self) -> RdfFormat {
        RdfFormat::from_extension(self.extension()).expect("oxigraph knows every extension here")
    }

    /// Whether the format keeps the named source graphs (otherwise only the default graph is written).
    pub fn keeps_graphs(self) -> bool {
        self.rdf_format().supports_datasets()
    }
}

/// Writes `quads` to `writer` in `format`: sorted, without duplicates, with only the prefixes used.
/// Returns how many triples (or quads, for formats that keep graphs) it wrote.
///
/// ```
/// use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
/// use resgraph::export::{write_quads, Format};
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
    let keep_graphs = format.keeps_graphs();
    let mut sorted: Vec<QuadRef<'_>> = quads
        .iter()
        .map(Quad::as_ref)
        .filter(|q| keep_graphs || q.graph_name.is_default_graph())
        .collect();
    sorted.sort_by_cached_key(sort_key);
    sorted.dedup();

    let mut serializer = RdfSerializer::from_format(format.rdf_format());
    for (prefix, namespace) in used_prefixes(&sorted, format) {
        serializer = serializer
            .with_prefix(prefix, namespace)
            .expect("vocabulary namespaces are valid IRIs");
    }
    let count = sorted.len();
    let mut serializer = serializer.for_writer(writer);
    for quad in sorted {
        serializer.serialize_quad(quad)?;
    }
    serializer.finish()?.flush()?;
    Ok(count)
}

/// Graph (default first), subject, `rdf:type` before other predicates, predicate, object.
fn sort_key(quad: &QuadRef<'_>) -> (String, String, bool, String, String) {
    let graph = match quad.graph_name {
        GraphNameRef::DefaultGraph => String::new(),
        g => g.to_string(),
    };
    (
        graph,
        quad.subject.to_string(),
        quad.predicate != rdf::TYPE,
        quad.predicate.to_string(),
        quad.object.to_string(),
    )
}

/// The prefixes of [`PREFIXES`] that the serializer will use to abbreviate some term.
fn used_prefixes(quads: &[QuadRef<'_>], format: Format) -> Vec<(&'static str, &'static str)> {
    let turtle_like = matches!(format, Format::Ttl | Format::Trig);
    let mut iris = BTreeSet::new();
    for quad in quads {
        iris.insert(quad.subject.to_string());
        if !(turtle_like && quad.predicate == rdf::TYPE) {
            iris.insert(quad.predicate.as_str().to_owned());
        }
        match quad.object {
            TermRef::NamedNode(n) => {
                iris.insert(n.as_str().to_owned());
            }
            TermRef::Literal(l) => {
                let datatype = l.datatype();
                let written_plain = datatype == xsd::STRING
                    || datatype == rdf::LANG_STRING
                    || (turtle_like && datatype == xsd::INTEGER && is_integer(l.value()));
                if !written_plain {
                    iris.insert(datatype.as_str().to_owned());
                }
            }
            _ => {}
        }
        if let GraphNameRef::NamedNode(g) = quad.graph_name {
            iris.insert(g.as_str().to_owned());
        }
    }
    PREFIXES
        .iter()
        .copied()
        .filter(|(_, namespace)| {
            iris.iter().any(|iri| {
                iri.strip_prefix(namespace)
                    .is_some_and(is_simple_local_name)
            })
        })
        .collect()
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

/// Writes a file atomically: into a temporary file beside it, renamed over it once complete.
///
/// If `write` fails, the temporary file is removed and an existing file at `path` is untouched.
pub fn write_file_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(Error::io(dir))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".resgraph-")
        .tempfile_in(dir)
        .map_err(Error::io(dir))?;
    {
        let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
        write(&mut buffered).map_err(Error::io(path))?;
        buffered.flush().map_err(Error::io(path))?;
    }
    temp.as_file().sync_all().map_err(Error::io(path))?;
    temp.persist(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        cause: e.error,
    })?;
    Ok(())
}
