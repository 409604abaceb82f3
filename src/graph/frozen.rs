//! A read-only in-memory graph that answers SPARQL about twice as fast as oxigraph's in-memory
//! store and holds less than half its memory: `build` answers its stored queries over one when
//! it has no `--store` (docs/scale.md, "A frozen graph for the answers").
//!
//! Each distinct term is kept once and named by a number; each quad is four numbers, kept in
//! three sorted arrays (subject, predicate, object and graph in the orders SPOG, POSG and OSPG,
//! plus GSPO for the quads of named graphs), so that every pattern is a binary search and a run
//! of consecutive entries. oxigraph's own evaluator (spareval) runs the queries over it through
//! its [`QueryableDataset`] trait: this module stores, it does not evaluate.
//!
//! ```
//! use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
//! use resgraph::graph::frozen::FrozenLoader;
//! use resgraph::graph::store::{Answer, SparqlGraph};
//!
//! let s = NamedNode::new("https://example.org/s")?;
//! let p = NamedNode::new("https://example.org/p")?;
//! let mut loader = FrozenLoader::default();
//! loader.load(vec![Quad::new(s, p, Literal::from("o"), GraphName::DefaultGraph)])?;
//! let graph = loader.finish();
//! let Answer::Solutions { rows, .. } = graph.query("q", "SELECT ?o WHERE { ?s ?p ?o }")? else {
//!     unreachable!()
//! };
//! assert_eq!(rows, [[Some(Literal::from("o").into())]]);
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

use crate::error::{Error, Result};
use crate::graph::store::SparqlGraph;
use oxigraph::model::{GraphName, Quad, Term};
use oxigraph::sparql::{PreparedSparqlQuery, QueryEvaluationError, QueryResults};
use spareval::{InternalQuad, QueryableDataset};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;

/// The number standing for the default graph in a quad's fourth place; no term has it.
const DEFAULT_GRAPH: u32 = u32::MAX;

/// The most distinct terms a frozen graph holds: every 32-bit number but `u32::MAX`, which
/// stands for the default graph. One more is refused by [`FrozenLoader::load`] with `a frozen
/// graph holds at most 4294967295 distinct terms`.
pub const MAX_TERMS: usize = DEFAULT_GRAPH as usize;

/// One quad as the numbers of its subject, predicate, object and graph, in an index's order.
type Key = [u32; 4];

/// The terms of a graph, each kept once and named by its place.
#[derive(Default)]
struct Terms {
    /// Each term, at its number.
    terms: Vec<Arc<Term>>,
    /// The number of each term.
    numbers: HashMap<Arc<Term>, u32, foldhash::fast::RandomState>,
}

impl Terms {
    /// The number of `term`, given it a new one if it has none.
    fn intern(&mut self, term: Term) -> Result<u32> {
        if let Some(number) = self.numbers.get(&term) {
            return Ok(*number);
        }
        if self.terms.len() == MAX_TERMS {
            return Err(Error::Store(format!(
                "a frozen graph holds at most {MAX_TERMS} distinct terms"
            )));
        }
        let number = self.terms.len() as u32;
        let term = Arc::new(term);
        self.terms.push(Arc::clone(&term));
        self.numbers.insert(term, number);
        Ok(number)
    }
}

/// Builds a [`FrozenGraph`]: hand it quads batch by batch, then [`FrozenLoader::finish`].
#[derive(Default)]
pub struct FrozenLoader {
    terms: Terms,
    spog: Vec<Key>,
}

impl FrozenLoader {
    /// Adds `quads` (a quad given twice is kept once).
    pub fn load(&mut self, quads: Vec<Quad>) -> Result<()> {
        self.spog.reserve(quads.len());
        for quad in quads {
            let graph = match quad.graph_name {
                GraphName::DefaultGraph => DEFAULT_GRAPH,
                GraphName::NamedNode(g) => self.terms.intern(g.into())?,
                GraphName::BlankNode(g) => self.terms.intern(g.into())?,
            };
            let subject = self.terms.intern(quad.subject.into())?;
            let predicate = self.terms.intern(quad.predicate.into())?;
            let object = self.terms.intern(quad.object)?;
            self.spog.push([subject, predicate, object, graph]);
        }
        Ok(())
    }

    /// Sorts the indexes, on every core, and returns the graph.
    pub fn finish(self) -> FrozenGraph {
        let FrozenLoader { terms, mut spog } = self;
        spog.sort_unstable();
        spog.dedup();
        let reorder = |order: fn(&Key) -> Key, keep: fn(&Key) -> bool| {
            let mut index: Vec<Key> = spog.iter().filter(|k| keep(k)).map(order).collect();
            index.sort_unstable();
            index
        };
        let ((posg, ospg), gspo) = rayon::join(
            || {
                rayon::join(
                    || reorder(|[s, p, o, g]| [*p, *o, *s, *g], |_| true),
                    || reorder(|[s, p, o, g]| [*o, *s, *p, *g], |_| true),
                )
            },
            || reorder(|[s, p, o, g]| [*g, *s, *p, *o], |k| k[3] != DEFAULT_GRAPH),
        );
        FrozenGraph {
            terms,
            spog,
            posg,
            ospg,
            gspo,
        }
    }
}

/// A read-only graph, built by a [`FrozenLoader`], that answers SPARQL ([`SparqlGraph`]).
pub struct FrozenGraph {
    terms: Terms,
    /// Every quad, by subject, predicate, object, graph.
    spog: Vec<Key>,
    /// Every quad, by predicate, object, subject, graph.
    posg: Vec<Key>,
    /// Every quad, by object, subject, predicate, graph.
    ospg: Vec<Key>,
    /// The quads of named graphs, by graph, subject, predicate, object.
    gspo: Vec<Key>,
}

impl FrozenGraph {
    /// A frozen graph of `quads`.
    pub fn from_quads(quads: Vec<Quad>) -> Result<FrozenGraph> {
        let mut loader = FrozenLoader::default();
        loader.load(quads)?;
        Ok(loader.finish())
    }

    /// The number of distinct quads.
    pub fn len(&self) -> usize {
        self.spog.len()
    }

    /// Whether the graph holds no quad.
    pub fn is_empty(&self) -> bool {
        self.spog.is_empty()
    }
}

impl SparqlGraph for FrozenGraph {
    fn evaluate(
        &self,
        query: PreparedSparqlQuery,
    ) -> std::result::Result<QueryResults<'_>, QueryEvaluationError> {
        query.on_queryable_dataset(self).execute()
    }
}

/// The entries of the sorted `index` that start with `prefix`.
fn starting_with<'a>(index: &'a [Key], prefix: &[u32]) -> &'a [Key] {
    let n = prefix.len();
    let start = index.partition_point(|k| &k[..n] < prefix);
    let len = index[start..].partition_point(|k| &k[..n] == prefix);
    &index[start..start + len]
}

/// A term as the evaluator holds it: the number of a term of the graph, or a term the query
/// made (by `BIND`, a function, a constant the graph lacks), which no quad holds. A term of
/// the graph is always a number, so that equal terms are equal here too.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FrozenTerm {
    /// A term of the graph.
    Number(u32),
    /// A term the graph does not hold.
    Other(Arc<Term>),
}

impl<'a> QueryableDataset<'a> for &'a FrozenGraph {
    type InternalTerm = FrozenTerm;
    type Error = Infallible;

    fn internal_quads_for_pattern(
        &self,
        subject: Option<&FrozenTerm>,
        predicate: Option<&FrozenTerm>,
        object: Option<&FrozenTerm>,
        graph_name: Option<Option<&FrozenTerm>>,
    ) -> impl Iterator<Item = std::result::Result<InternalQuad<FrozenTerm>, Infallible>> + use<'a>
    {
        /// The number of a bound term; `Err` for a term the graph lacks, which matches nothing.
        fn number(term: Option<&FrozenTerm>) -> std::result::Result<Option<u32>, ()> {
            match term {
                None => Ok(None),
                Some(FrozenTerm::Number(n)) => Ok(Some(*n)),
                Some(FrozenTerm::Other(_)) => Err(()),
            }
        }
        let graph: &'a FrozenGraph = self;
        // `None`: any named graph; `Some(g)`: graph `g` (`DEFAULT_GRAPH`: the default graph).
        let wanted = match graph_name {
            None => Ok(None),
            Some(None) => Ok(Some(DEFAULT_GRAPH)),
            Some(g) => number(g),
        };
        let (Ok(s), Ok(p), Ok(o), Ok(wanted)) =
            (number(subject), number(predicate), number(object), wanted)
        else {
            return [].iter().filter_map(to_quad(SPOG, None));
        };
        // The index whose order puts the bound terms first, the entries starting with them,
        // and how to read an entry back as subject, predicate, object, graph.
        let (entries, order) = match (s, p, o, wanted) {
            (Some(s), Some(p), Some(o), _) => (starting_with(&graph.spog, &[s, p, o]), SPOG),
            (Some(s), Some(p), None, _) => (starting_with(&graph.spog, &[s, p]), SPOG),
            (Some(s), None, Some(o), _) => (starting_with(&graph.ospg, &[o, s]), OSPG),
            (Some(s), None, None, _) => (starting_with(&graph.spog, &[s]), SPOG),
            (None, Some(p), Some(o), _) => (starting_with(&graph.posg, &[p, o]), POSG),
            (None, Some(p), None, _) => (starting_with(&graph.posg, &[p]), POSG),
            (None, None, Some(o), _) => (starting_with(&graph.ospg, &[o]), OSPG),
            (None, None, None, Some(DEFAULT_GRAPH)) => (&graph.spog[..], SPOG),
            (None, None, None, Some(g)) => (starting_with(&graph.gspo, &[g]), GSPO),
            (None, None, None, None) => (&graph.gspo[..], GSPO),
        };
        entries.iter().filter_map(to_quad(order, wanted))
    }

    fn internal_named_graphs(
        &self,
    ) -> impl Iterator<Item = std::result::Result<FrozenTerm, Infallible>> + use<'a> {
        let graph: &'a FrozenGraph = self;
        graph
            .gspo
            .chunk_by(|a, b| a[0] == b[0])
            .map(|quads| Ok(FrozenTerm::Number(quads[0][0])))
    }

    fn internalize_term(&self, term: Term) -> std::result::Result<FrozenTerm, Infallible> {
        Ok(match self.terms.numbers.get(&term) {
            Some(n) => FrozenTerm::Number(*n),
            None => FrozenTerm::Other(Arc::new(term)),
        })
    }

    fn externalize_term(&self, term: FrozenTerm) -> std::result::Result<Term, Infallible> {
        Ok(match term {
            FrozenTerm::Number(n) => Term::clone(&self.terms.terms[n as usize]),
            FrozenTerm::Other(term) => Arc::unwrap_or_clone(term),
        })
    }
}

/// The orders of the indexes: where an entry holds the subject, predicate, object and graph.
type Order = [usize; 4];
const SPOG: Order = [0, 1, 2, 3];
const POSG: Order = [2, 0, 1, 3];
const OSPG: Order = [1, 2, 0, 3];
const GSPO: Order = [1, 2, 3, 0];

/// Reads an entry of an index in `order` back as a quad, if it is in graph `wanted` (`None`:
/// any named graph).
fn to_quad(
    order: Order,
    wanted: Option<u32>,
) -> impl Fn(&Key) -> Option<std::result::Result<InternalQuad<FrozenTerm>, Infallible>> {
    move |entry| {
        let graph = entry[order[3]];
        let kept = match wanted {
            None => graph != DEFAULT_GRAPH,
            Some(wanted) => graph == wanted,
        };
        kept.then(|| {
            Ok(InternalQuad {
                subject: FrozenTerm::Number(entry[order[0]]),
                predicate: FrozenTerm::Number(entry[order[1]]),
                object: FrozenTerm::Number(entry[order[2]]),
                graph_name: (graph != DEFAULT_GRAPH).then_some(FrozenTerm::Number(graph)),
            })
        })
    }
}
