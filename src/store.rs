//! Stage 3: load the quads into an embedded oxigraph store and answer SPARQL over it.

use crate::error::{Error, Result};
use crate::vocab::PREFIXES;
use oxigraph::model::{Quad, Term, Triple, Variable};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

/// The knowledge graph, loaded into an in-memory oxigraph [`Store`].
///
/// The default graph holds every fact once (see [`crate::map`]); `GRAPH ?g { … }` tells which
/// source says what.
pub struct GraphStore {
    store: Store,
}

/// A query's answer, read in full.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A SELECT answer: the projected variables, then one row per solution.
    Solutions {
        /// The variables, in projection order.
        variables: Vec<Variable>,
        /// The rows; `None` where a variable is unbound.
        rows: Vec<Vec<Option<Term>>>,
    },
    /// An ASK answer.
    Boolean(bool),
    /// A CONSTRUCT or DESCRIBE answer.
    Graph(Vec<Triple>),
}

impl GraphStore {
    /// Loads `quads` into a new in-memory store with oxigraph's bulk loader.
    pub fn load(quads: &[Quad]) -> Result<GraphStore> {
        let store = Store::new().map_err(|e| Error::Store(e.to_string()))?;
        let mut loader = store.bulk_loader();
        loader
            .load_quads(quads.iter().cloned())
            .map_err(|e| Error::Store(e.to_string()))?;
        loader.commit().map_err(|e| Error::Store(e.to_string()))?;
        Ok(GraphStore { store })
    }

    /// The number of quads in the store.
    pub fn len(&self) -> Result<usize> {
        self.store.len().map_err(|e| Error::Store(e.to_string()))
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// The oxigraph store, for what this type does not wrap.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Runs a SPARQL query; resgraph's prefixes ([`PREFIXES`]) are predeclared. `name` labels
    /// errors (a stored query's file, or `--sparql`).
    pub fn query(&self, name: &str, sparql: &str) -> Result<Answer> {
        let fail = |message: String| Error::Query {
            name: name.to_owned(),
            message,
        };
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, namespace) in PREFIXES {
            evaluator = evaluator
                .with_prefix(*prefix, *namespace)
                .expect("vocabulary namespaces are valid IRIs");
        }
        let results = evaluator
            .parse_query(sparql)
            .map_err(|e| fail(e.to_string()))?
            .on_store(&self.store)
            .execute()
            .map_err(|e| fail(e.to_string()))?;
        Ok(match results {
            QueryResults::Solutions(solutions) => {
                let variables = solutions.variables().to_vec();
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(|e| fail(e.to_string()))?;
                    rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
                }
                Answer::Solutions { variables, rows }
            }
            QueryResults::Boolean(value) => Answer::Boolean(value),
            QueryResults::Graph(triples) => Answer::Graph(
                triples
                    .collect::<Result<_, _>>()
                    .map_err(|e| fail(e.to_string()))?,
            ),
        })
    }
}
