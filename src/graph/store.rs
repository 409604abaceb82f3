//! Stage 3: load the quads into an embedded oxigraph store and answer SPARQL over it.

use crate::error::{Error, Refusal, Result};
use crate::graph::memory::MemoryLimit;
use crate::graph::order::{Order, Sorter};
use crate::vocab::PREFIXES;
use oxigraph::model::{
    BlankNode, GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad,
    Term, TermRef, Triple, Variable,
};
use oxigraph::sparql::{
    CancellationToken, PreparedSparqlQuery, QueryEvaluationError, QueryResults, QuerySolution,
    SparqlEvaluator,
};
use oxigraph::store::Store;
use spargebra::algebra::{
    AggregateExpression, Expression, Function, GraphPattern, OrderExpression,
    PropertyPathExpression,
};
use spargebra::term::{NamedNodePattern, TermPattern};
use spargebra::SparqlParser;
use std::collections::{HashMap, HashSet};
use std::sync::mpsc;
use std::time::Duration;

/// The knowledge graph, loaded into an in-memory oxigraph [`Store`].
///
/// The default graph holds every fact once (see [`crate::graph::map`]); `GRAPH ?g { … }` tells which
/// source says what. Clones share the same store.
#[derive(Clone)]
pub struct GraphStore {
    store: Store,
    /// How many quads its [`Loader`] takes at once ([`LOAD_BATCH`] or [`MEMORY_LOAD_BATCH`]).
    load_batch: usize,
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

/// A piece of an answer, handed over as the query is evaluated ([`SparqlGraph::stream`]): the
/// variables then each row of a SELECT answer, the value of an ASK answer, or the start then
/// each triple of a CONSTRUCT or DESCRIBE answer.
#[derive(Debug)]
pub enum Piece<'a> {
    /// The projected variables of a SELECT answer, before its rows.
    Variables(&'a [Variable]),
    /// One row, in the order of the variables; `None` where a variable is unbound.
    Row(&'a [Option<TermRef<'a>>]),
    /// An ASK answer.
    Boolean(bool),
    /// A CONSTRUCT or DESCRIBE answer starts.
    Graph,
    /// One triple of it.
    Triple(Triple),
}

/// Limits on one query, for a server that answers queries from anyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryLimits {
    /// The query is cancelled when it runs longer than this.
    pub timeout: Duration,
    /// The most rows (or triples, for CONSTRUCT and DESCRIBE) an answer may have.
    pub max_rows: usize,
    /// The most memory a query may hold while it runs, in bytes: past it, the query is stopped
    /// at its next check (where it also checks its deadline). Counted only in a program whose
    /// global allocator is [`crate::graph::memory::CountingAllocator`], as `resgraph`'s is.
    pub max_memory: usize,
}

/// The longest query text, in bytes (the server's default body limit).
pub const MAX_QUERY_BYTES: usize = 1 << 20;
/// The deepest nesting of `(`, `{` and `[` in a query.
pub const MAX_NESTING: usize = 64;
/// The most `UNION`s in a query.
pub const MAX_UNIONS: usize = 256;
/// The most operators (`+ - * / | || && !`) and property path steps in a query.
pub const MAX_OPERATORS: usize = 1000;
/// The most groups and clauses in a query: every `{` (but a UNION branch's), every `.`, `;`
/// and `,` between triple patterns (and between function arguments), and every `BIND` and
/// `FILTER`. The parser and the evaluator recurse once per clause, and oxigraph's optimizer
/// takes time superlinear in the number of joined groups, triple patterns and `VALUES` before
/// any deadline applies (in the fuzzer's AddressSanitizer build, with nothing in the store, 96
/// `VALUES` take 13.5 s and 64 take 2.9 s; in a debug build, 250 groups take over 30 s).
pub const MAX_CLAUSES: usize = 64;
/// The most triple patterns in a parsed query, over all its groups. The parser turns each step
/// of a property path sequence (`a/b/c`) into a triple pattern of its own, and oxigraph's
/// optimizer (its type inference) spends time superlinear in their number before any deadline
/// applies, most when they share a variable: with nothing in the store, 96 triple patterns
/// joined on one variable take 0.5 s in a release build and 11 s in the fuzzer's
/// (AddressSanitizer) build, 64 take 0.07 s and 2 to 2.8 s; a 705-step path took 7 minutes in a
/// debug build.
pub const MAX_TRIPLE_PATTERNS: usize = 64;
/// The stack of the threads that parse and evaluate queries: the SPARQL parser and oxigraph's
/// evaluator recurse, and this holds every query within the limits above (measured in a debug
/// build, the largest frames).
pub const QUERY_STACK_SIZE: usize = 64 << 20;

/// Refuses a query whose shape would make the parser or the evaluator recurse too deep: a
/// linear scan of the text (skipping strings, IRIs and comments) against [`MAX_QUERY_BYTES`],
/// [`MAX_NESTING`], [`MAX_UNIONS`], [`MAX_OPERATORS`] and [`MAX_CLAUSES`].
pub fn check_query_shape(text: &str) -> std::result::Result<(), Refusal> {
    if text.len() > MAX_QUERY_BYTES {
        return Err(Refusal::TooLong(text.len(), MAX_QUERY_BYTES));
    }
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut unions, mut operators) = (0usize, 0usize, 0usize, 0usize);
    let mut clauses = 0usize;
    // Whether the last word was UNION: the group after it is a branch, not a joined group.
    let mut after_union = false;
    let mut i = 0;
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    while i < bytes.len() {
        let b = bytes[i];
        if !b.is_ascii_whitespace() && b != b'{' && b != b'#' {
            after_union = false;
        }
        match b {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' | b'\'' => {
                let long = bytes[i..].starts_with(&[b, b, b]);
                i += if long { 3 } else { 1 };
                while i < bytes.len() {
                    if bytes[i] == b'\\' {
                        i += 2;
                    } else if long && bytes[i..].starts_with(&[b, b, b]) {
                        i += 2;
                        break;
                    } else if bytes[i] == b || (!long && bytes[i] == b'\n') {
                        break;
                    } else {
                        i += 1;
                    }
                }
            }
            b'<' => {
                // An IRI, as SPARQL's lexer tells it from the operator.
                let end = bytes[i + 1..]
                    .iter()
                    .position(|&c| c <= b' ' || b"<\"{}|^`\\".contains(&c) || c == b'>');
                if let Some(end) = end.filter(|&end| bytes[i + 1 + end] == b'>') {
                    i += end + 1;
                }
            }
            b'(' | b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
                if b == b'{' && !std::mem::take(&mut after_union) {
                    clauses += 1;
                }
            }
            b'.' | b';' | b',' => clauses += 1,
            b')' | b'}' | b']' => depth = depth.saturating_sub(1),
            b'+' | b'-' | b'*' | b'/' | b'!' => operators += 1,
            b'|' | b'&' => {
                operators += 1;
                if bytes.get(i + 1) == Some(&b) {
                    i += 1;
                }
            }
            b'?' | b'$' => {
                while i + 1 < bytes.len() && is_name(bytes[i + 1]) {
                    i += 1;
                }
            }
            _ if is_name(b) || b == b':' => {
                // A keyword, a number or a prefixed name (which may hold `-`, `.` and `:`).
                let start = i;
                while i + 1 < bytes.len()
                    && (is_name(bytes[i + 1]) || b":%".contains(&bytes[i + 1]))
                {
                    i += 1;
                }
                let mut word = &bytes[start..=i];
                let continues = |i: usize| {
                    // A `.` inside a prefixed name or a number, not one that ends a triple.
                    bytes.get(i + 1) != Some(&b'.')
                        || bytes
                            .get(i + 2)
                            .is_some_and(|&c| is_name(c) || b"-:%".contains(&c))
                };
                if b.is_ascii_digit() {
                    while i + 1 < bytes.len() && bytes[i + 1] == b'.' && continues(i) {
                        i += 1;
                        while i + 1 < bytes.len() && is_name(bytes[i + 1]) {
                            i += 1;
                        }
                    }
                } else if word.contains(&b':') {
                    while i + 1 < bytes.len() && b"-.:\\".contains(&bytes[i + 1]) && continues(i) {
                        i += if bytes[i + 1] == b'\\' { 2 } else { 1 };
                        while i + 1 < bytes.len()
                            && (is_name(bytes[i + 1]) || b":%".contains(&bytes[i + 1]))
                        {
                            i += 1;
                        }
                    }
                    word = b"";
                }
                if word.eq_ignore_ascii_case(b"union") {
                    unions += 1;
                    after_union = true;
                } else if word.eq_ignore_ascii_case(b"bind") || word.eq_ignore_ascii_case(b"filter")
                {
                    clauses += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if deepest > MAX_NESTING {
        return Err(Refusal::TooDeep(deepest, MAX_NESTING));
    }
    if unions > MAX_UNIONS {
        return Err(Refusal::TooManyUnions(unions, MAX_UNIONS));
    }
    if operators > MAX_OPERATORS {
        return Err(Refusal::TooManyOperators(operators, MAX_OPERATORS));
    }
    if clauses > MAX_CLAUSES {
        return Err(Refusal::TooManyClauses(clauses, MAX_CLAUSES));
    }
    Ok(())
}

/// Runs `f` on a thread with [`QUERY_STACK_SIZE`] of stack, for parsing and evaluating a query.
pub fn on_query_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Result<T> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("resgraph-query".to_owned())
            .stack_size(QUERY_STACK_SIZE)
            .spawn_scoped(scope, f)
            .map_err(|e| Error::Store(format!("cannot start a query thread: {e}")))?;
        thread
            .join()
            .map_err(|_| Error::Store("the query thread panicked".to_owned()))
    })
}

/// Parses a SPARQL query with resgraph's prefixes ([`PREFIXES`]) predeclared. A query beyond
/// the shape limits is refused ([`check_query_shape`], then [`MAX_TRIPLE_PATTERNS`] once
/// parsed), and so is a SPARQL Update ([`Refusal::Update`]); `name` labels errors.
pub fn parse_query(name: &str, sparql: &str) -> Result<spargebra::Query> {
    check_query_shape(sparql).map_err(|refusal| Error::Refused {
        name: name.to_owned(),
        refusal,
    })?;
    let parser = || {
        let mut parser = SparqlParser::new();
        for (prefix, namespace) in PREFIXES {
            parser = parser
                .with_prefix(*prefix, *namespace)
                .expect("vocabulary namespaces are valid IRIs");
        }
        parser
    };
    match parser().parse_query(sparql) {
        Ok(mut query) => {
            let mut patterns = 0;
            for_each_pattern(query_pattern(&mut query), &mut |pattern| match pattern {
                GraphPattern::Bgp { patterns: triples } => patterns += triples.len(),
                GraphPattern::Path { .. } => patterns += 1,
                _ => {}
            });
            if patterns > MAX_TRIPLE_PATTERNS {
                return Err(Error::Refused {
                    name: name.to_owned(),
                    refusal: Refusal::TooManyTriplePatterns(patterns, MAX_TRIPLE_PATTERNS),
                });
            }
            Ok(query)
        }
        Err(_) if sparql.trim().is_empty() => Err(Error::Query {
            name: name.to_owned(),
            message: "the query is empty".to_owned(),
        }),
        Err(error) => Err(
            if parser()
                .parse_update(sparql)
                .is_ok_and(|update| !update.operations.is_empty())
            {
                Error::Refused {
                    name: name.to_owned(),
                    refusal: Refusal::Update,
                }
            } else {
                Error::Query {
                    name: name.to_owned(),
                    message: error.to_string(),
                }
            },
        ),
    }
}

/// Whether the query calls SERVICE anywhere: in its pattern, a sub-query, or a FILTER EXISTS.
pub fn calls_service(query: &spargebra::Query) -> bool {
    let mut query = query.clone();
    let mut found = false;
    for_each_pattern(query_pattern(&mut query), &mut |pattern| {
        found |= matches!(pattern, GraphPattern::Service { .. });
    });
    found
}

/// Whether the query can read a named graph: it has a FROM or FROM NAMED clause, or a GRAPH
/// pattern anywhere (a sub-query, a FILTER EXISTS). A query that cannot reads the default graph
/// alone, so `build` need not load the source graphs to answer it.
///
/// ```
/// use resgraph::graph::store::{parse_query, reads_named_graphs};
/// let reads = |sparql: &str| reads_named_graphs(&parse_query("q", sparql).unwrap());
/// assert!(!reads("SELECT * WHERE { ?s a rg:Resolution }"));
/// assert!(reads("SELECT * WHERE { ?s ?p ?o FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }"));
/// assert!(reads("SELECT * WHERE { { SELECT ?g WHERE { GRAPH ?g { } } } }"));
/// assert!(reads("SELECT * FROM <https://example.org/g> WHERE { ?s ?p ?o }"));
/// assert!(reads("ASK FROM NAMED <https://example.org/g> { ?s ?p ?o }"));
/// ```
pub fn reads_named_graphs(query: &spargebra::Query) -> bool {
    let (spargebra::Query::Select { dataset, .. }
    | spargebra::Query::Construct { dataset, .. }
    | spargebra::Query::Describe { dataset, .. }
    | spargebra::Query::Ask { dataset, .. }) = query;
    let mut query = query.clone();
    let mut found = dataset.is_some();
    for_each_pattern(query_pattern(&mut query), &mut |pattern| {
        found |= matches!(pattern, GraphPattern::Graph { .. });
    });
    found
}

/// The predicates a query can read, by IRI; none when it can read any: a DESCRIBE query, a
/// variable predicate, a negated property set, or a path that may have length zero (which
/// matches every node of the graph). `build` loads an in-memory store with these predicates
/// only, when every query it answers names them.
///
/// ```
/// use resgraph::graph::store::{parse_query, predicates_read};
/// let read = |sparql: &str| predicates_read(&parse_query("q", sparql).unwrap());
/// let iris = |names: &[&str]| Some(names.iter().map(|n| n.to_string()).collect());
/// let rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
/// let (title, label) = (
///     "http://purl.org/dc/terms/title",
///     "http://www.w3.org/2004/02/skos/core#prefLabel",
/// );
/// assert_eq!(read("SELECT * WHERE { ?s a rg:Resolution }"), iris(&[rdf_type]));
/// assert_eq!(
///     read("SELECT * WHERE { ?s dcterms:title ?t FILTER EXISTS { ?s rg:topic/skos:prefLabel ?l } }"),
///     iris(&[title, "https://w3id.org/resgraph/ontology#topic", label]),
/// );
/// assert_eq!(read("SELECT * WHERE { ?s ?p ?o }"), None);
/// assert_eq!(read("SELECT * WHERE { ?s !rdf:type ?o }"), None);
/// assert_eq!(read("SELECT * WHERE { ?s skos:broader* ?o }"), None);
/// assert_eq!(read("DESCRIBE <https://example.org/r>"), None);
/// ```
pub fn predicates_read(query: &spargebra::Query) -> Option<std::collections::BTreeSet<String>> {
    if matches!(query, spargebra::Query::Describe { .. }) {
        return None;
    }
    let mut query = query.clone();
    let mut read = Some(std::collections::BTreeSet::new());
    for_each_pattern(query_pattern(&mut query), &mut |pattern| match pattern {
        GraphPattern::Bgp { patterns } => {
            for pattern in patterns {
                match (&pattern.predicate, &mut read) {
                    (NamedNodePattern::NamedNode(p), Some(read)) => {
                        read.insert(p.as_str().to_owned());
                    }
                    _ => read = None,
                }
            }
        }
        GraphPattern::Path { path, .. } => {
            let named = path_predicates(path, &mut read);
            read = read.take().filter(|_| named);
        }
        _ => {}
    });
    read
}

/// Adds the predicates of `path` to `read`; false when the path can read any predicate or
/// have length zero.
fn path_predicates(
    path: &PropertyPathExpression,
    read: &mut Option<std::collections::BTreeSet<String>>,
) -> bool {
    match path {
        PropertyPathExpression::NamedNode(p) => {
            if let Some(read) = read {
                read.insert(p.as_str().to_owned());
            }
            true
        }
        PropertyPathExpression::Reverse(inner) | PropertyPathExpression::OneOrMore(inner) => {
            path_predicates(inner, read)
        }
        PropertyPathExpression::Sequence(a, b) | PropertyPathExpression::Alternative(a, b) => {
            path_predicates(a, read) && path_predicates(b, read)
        }
        PropertyPathExpression::ZeroOrMore(_)
        | PropertyPathExpression::ZeroOrOne(_)
        | PropertyPathExpression::NegatedPropertySet(_) => false,
    }
}

/// The pattern of a query (its WHERE clause, with its solution modifiers).
fn query_pattern(query: &mut spargebra::Query) -> &mut GraphPattern {
    let (spargebra::Query::Select { pattern, .. }
    | spargebra::Query::Construct { pattern, .. }
    | spargebra::Query::Describe { pattern, .. }
    | spargebra::Query::Ask { pattern, .. }) = query;
    pattern
}

/// Calls `f` on every pattern inside `pattern`, children first, then on `pattern` itself: the
/// patterns of sub-queries and of EXISTS in expressions too. It recurses once per nested
/// pattern or expression, which the shape limits bound.
fn for_each_pattern(pattern: &mut GraphPattern, f: &mut impl FnMut(&mut GraphPattern)) {
    match pattern {
        GraphPattern::Bgp { .. }
        | GraphPattern::Path { .. }
        | GraphPattern::Values { .. }
        | GraphPattern::Service { .. } => {}
        GraphPattern::Join { left, right }
        | GraphPattern::Lateral { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right } => {
            for_each_pattern(left, f);
            for_each_pattern(right, f);
        }
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => {
            for_each_pattern(left, f);
            for_each_pattern(right, f);
            if let Some(expression) = expression {
                for_each_pattern_in(expression, f);
            }
        }
        GraphPattern::Filter { expr, inner } => {
            for_each_pattern(inner, f);
            for_each_pattern_in(expr, f);
        }
        GraphPattern::Extend {
            inner, expression, ..
        } => {
            for_each_pattern(inner, f);
            for_each_pattern_in(expression, f);
        }
        GraphPattern::OrderBy { inner, expression } => {
            for_each_pattern(inner, f);
            for key in expression {
                let (OrderExpression::Asc(e) | OrderExpression::Desc(e)) = key;
                for_each_pattern_in(e, f);
            }
        }
        GraphPattern::Group {
            inner, aggregates, ..
        } => {
            for_each_pattern(inner, f);
            for (_, aggregate) in aggregates {
                if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                    for_each_pattern_in(expr, f);
                }
            }
        }
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => for_each_pattern(inner, f),
    }
    f(pattern);
}

/// [`for_each_pattern`] for the EXISTS and NOT EXISTS inside an expression.
fn for_each_pattern_in(expression: &mut Expression, f: &mut impl FnMut(&mut GraphPattern)) {
    match expression {
        Expression::Exists(pattern) => for_each_pattern(pattern, f),
        Expression::NamedNode(_)
        | Expression::Literal(_)
        | Expression::Variable(_)
        | Expression::Bound(_) => {}
        Expression::Or(a, b)
        | Expression::And(a, b)
        | Expression::Equal(a, b)
        | Expression::SameTerm(a, b)
        | Expression::Greater(a, b)
        | Expression::GreaterOrEqual(a, b)
        | Expression::Less(a, b)
        | Expression::LessOrEqual(a, b)
        | Expression::Add(a, b)
        | Expression::Subtract(a, b)
        | Expression::Multiply(a, b)
        | Expression::Divide(a, b) => {
            for_each_pattern_in(a, f);
            for_each_pattern_in(b, f);
        }
        Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
            for_each_pattern_in(a, f)
        }
        Expression::If(a, b, c) => {
            for_each_pattern_in(a, f);
            for_each_pattern_in(b, f);
            for_each_pattern_in(c, f);
        }
        Expression::In(a, list) => {
            for_each_pattern_in(a, f);
            for e in list {
                for_each_pattern_in(e, f);
            }
        }
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
            for e in list {
                for_each_pattern_in(e, f);
            }
        }
    }
}

/// The RDF dataset a query runs over, as the SPARQL protocol's `default-graph-uri` and
/// `named-graph-uri` parameters give it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryDataset {
    /// The graphs merged into the default graph (none: the store's default graph).
    pub default_graphs: Vec<GraphName>,
    /// The named graphs `GRAPH` can see (none: all of them).
    pub named_graphs: Vec<NamedOrBlankNode>,
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
        Ok(GraphStore::in_memory_from(store))
    }

    /// A new, empty in-memory store.
    pub fn in_memory() -> Result<GraphStore> {
        let store = Store::new().map_err(|e| Error::Store(e.to_string()))?;
        Ok(GraphStore::in_memory_from(store))
    }

    /// Wraps an in-memory store.
    fn in_memory_from(store: Store) -> GraphStore {
        let load_batch = MEMORY_LOAD_BATCH;
        GraphStore { store, load_batch }
    }

    /// Wraps an on-disk store.
    #[cfg(feature = "disk")]
    fn on_disk(store: Store) -> GraphStore {
        let load_batch = LOAD_BATCH;
        GraphStore { store, load_batch }
    }

    /// Opens the on-disk store that `build --store DIR` left in `dir`, read-only (the graph is
    /// not loaded again), with what build noted about it. A folder without the note
    /// ([`STORE_INFO_FILE`]) holds no complete store and is refused.
    #[cfg(feature = "disk")]
    pub fn open_read_only(dir: &std::path::Path) -> Result<(GraphStore, StoreInfo)> {
        let info = StoreInfo::read(dir)?;
        let store = Store::open_read_only(dir).map_err(|e| store_error(dir, e))?;
        Ok((GraphStore::on_disk(store), info))
    }

    /// Without the `disk` feature there is no on-disk store: always an error saying so.
    #[cfg(not(feature = "disk"))]
    pub fn open_read_only(dir: &std::path::Path) -> Result<(GraphStore, StoreInfo)> {
        Err(no_disk(dir))
    }

    /// A bulk loader into this store: give it quads in batches, then commit.
    pub fn loader(&self) -> Loader<'_> {
        Loader {
            loader: self.store.bulk_loader(),
            batch: self.load_batch,
        }
    }

    /// The number of named graphs (source graphs) in the store.
    pub fn named_graph_count(&self) -> Result<usize> {
        let mut n = 0;
        for graph in self.store.named_graphs() {
            graph.map_err(|e| Error::Store(e.to_string()))?;
            n += 1;
        }
        Ok(n)
    }

    /// The number of triples in the default graph.
    pub fn default_graph_len(&self) -> Result<usize> {
        let mut n = 0;
        for quad in self
            .store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
        {
            quad.map_err(|e| Error::Store(e.to_string()))?;
            n += 1;
        }
        Ok(n)
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

    /// Every quad of the store, in no particular order.
    pub fn quads(&self) -> Result<Vec<Quad>> {
        self.store
            .iter()
            .collect::<Result<_, _>>()
            .map_err(|e| Error::Store(e.to_string()))
    }

    /// The triples of the default graph with `subject` as subject (outgoing) or `object` as
    /// object (incoming), as a linked-data description of one resource.
    pub fn describe(&self, resource: NamedNodeRef<'_>) -> Result<Vec<Triple>> {
        let default = Some(GraphNameRef::DefaultGraph);
        let outgoing = self
            .store
            .quads_for_pattern(Some(resource.into()), None, None, default);
        let incoming =
            self.store
                .quads_for_pattern(None, None, Some(TermRef::from(resource)), default);
        let mut triples = Vec::new();
        for quad in outgoing.chain(incoming) {
            let quad = quad.map_err(|e| Error::Store(e.to_string()))?;
            triples.push(Triple::new(quad.subject, quad.predicate, quad.object));
        }
        triples.dedup();
        Ok(triples)
    }

    /// The objects of `subject predicate ?o` in the default graph.
    pub fn objects(
        &self,
        subject: NamedNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Vec<Term>> {
        self.store
            .quads_for_pattern(
                Some(subject.into()),
                Some(predicate),
                None,
                Some(GraphNameRef::DefaultGraph),
            )
            .map(|q| q.map(|q| q.object))
            .collect::<Result<_, _>>()
            .map_err(|e| Error::Store(e.to_string()))
    }
}

impl SparqlGraph for GraphStore {
    fn evaluate(
        &self,
        query: PreparedSparqlQuery,
    ) -> std::result::Result<QueryResults<'_>, QueryEvaluationError> {
        query.on_store(&self.store).execute()
    }
}

/// A graph that answers SPARQL: a [`GraphStore`] (oxigraph's store, in memory or on disk) or a
/// [`FrozenGraph`](crate::graph::frozen::FrozenGraph). Its provided methods run a query within
/// limits; a graph gives only [`SparqlGraph::evaluate`].
pub trait SparqlGraph: Sync {
    /// Evaluates a query prepared with oxigraph's evaluator over this graph.
    fn evaluate(
        &self,
        query: PreparedSparqlQuery,
    ) -> std::result::Result<QueryResults<'_>, QueryEvaluationError>;

    /// Runs a SPARQL query; resgraph's prefixes ([`PREFIXES`]) are predeclared. `name` labels
    /// errors (a stored query's file, or `--sparql`). It runs on the calling thread: see
    /// [`on_query_stack`] for queries from anyone.
    fn query(&self, name: &str, sparql: &str) -> Result<Answer> {
        self.run(name, parse_query(name, sparql)?, None, None)
    }

    /// Runs a parsed query over `dataset` (the store's default graph when `None`) within
    /// `limits`: SERVICE is refused, the query is cancelled after the timeout and an answer
    /// longer than the row limit is refused.
    fn run(
        &self,
        name: &str,
        query: spargebra::Query,
        dataset: Option<&QueryDataset>,
        limits: Option<&QueryLimits>,
    ) -> Result<Answer> {
        let mut answer = Answer::Boolean(false);
        self.stream(name, query, dataset, limits, &mut |piece| {
            match (piece, &mut answer) {
                (Piece::Variables(variables), answer) => {
                    let variables = variables.to_vec();
                    *answer = Answer::Solutions {
                        variables,
                        rows: Vec::new(),
                    }
                }
                (Piece::Row(row), Answer::Solutions { rows, .. }) => {
                    rows.push(row.iter().map(|t| t.map(TermRef::into_owned)).collect())
                }
                (Piece::Boolean(value), answer) => *answer = Answer::Boolean(value),
                (Piece::Graph, answer) => *answer = Answer::Graph(Vec::new()),
                (Piece::Triple(triple), Answer::Graph(triples)) => triples.push(triple),
                _ => unreachable!("the pieces of an answer come in order"),
            }
            Ok(())
        })?;
        Ok(answer)
    }

    /// [`SparqlGraph::run`], handing each piece of the answer to `sink` as it is evaluated
    /// instead of holding the answer: memory does not grow with its rows, but for a sorted
    /// answer, whose rows are held until the last is found ([`crate::graph::order`], or by
    /// oxigraph). An error of `sink` stops the query and is returned.
    fn stream(
        &self,
        name: &str,
        query: spargebra::Query,
        dataset: Option<&QueryDataset>,
        limits: Option<&QueryLimits>,
        sink: &mut dyn FnMut(Piece<'_>) -> Result<()>,
    ) -> Result<()> {
        let refuse = |refusal: Refusal| Error::Refused {
            name: name.to_owned(),
            refusal,
        };
        let fail = |message: String| Error::Query {
            name: name.to_owned(),
            message,
        };
        if limits.is_some() && calls_service(&query) {
            return Err(refuse(Refusal::Service));
        }
        let token = CancellationToken::new();
        let mut query = query;
        // The ORDER BY that resgraph does itself, on a copy of the query: the query as written
        // runs only when the copy's answer has a key that copy cannot order.
        let mut unordered = query.clone();
        let order = Order::take(&mut unordered);
        if limits.is_some() {
            guard_query(&mut query);
            if order.is_some() {
                guard_query(&mut unordered);
            }
        }
        let alive = token.clone();
        let prepare = |query: spargebra::Query| {
            let alive = alive.clone();
            let mut prepared = SparqlEvaluator::new()
                .with_cancellation_token(token.clone())
                .with_custom_function(NamedNode::new_unchecked(ALIVE), move |args| {
                    // Out of the loop that calls it, to the `catch_unwind` below (no panic
                    // message).
                    stop_if_cancelled(&alive);
                    Some(
                        args.first()
                            .cloned()
                            // `ALIVE()`: true, as the cheapest literal whose value is true (one
                            // allocation, no datatype).
                            .unwrap_or_else(|| Literal::new_simple_literal("t").into()),
                    )
                })
                .for_query(query);
            if let Some(dataset) = dataset {
                if !dataset.default_graphs.is_empty() {
                    prepared
                        .dataset_mut()
                        .set_default_graph(dataset.default_graphs.clone());
                }
                if !dataset.named_graphs.is_empty() {
                    prepared
                        .dataset_mut()
                        .set_available_named_graphs(dataset.named_graphs.clone());
                }
            }
            prepared
        };
        // The token is cancelled at the deadline, or by the allocation that takes this thread
        // over the query's memory limit.
        let memory = limits.map(|l| MemoryLimit::set(l.max_memory, &token));
        let _watchdog = limits.map(|l| Watchdog::start(token.clone(), l.timeout));
        let max_rows = limits.map_or(usize::MAX, |l| l.max_rows);
        let evaluation_error = |e: QueryEvaluationError| match (e, limits) {
            (QueryEvaluationError::Cancelled, Some(l)) => {
                if memory.as_ref().is_some_and(MemoryLimit::exceeded) {
                    refuse(Refusal::TooMuchMemory(l.max_memory))
                } else {
                    refuse(Refusal::Timeout(l.timeout))
                }
            }
            (e, _) => fail(e.to_string()),
        };
        let evaluate = || -> Result<()> {
            if let Some(order) = order {
                let results = self
                    .evaluate(prepare(unordered))
                    .map_err(evaluation_error)?;
                let QueryResults::Solutions(solutions) = results else {
                    unreachable!("an ORDER BY is taken out of SELECT queries only")
                };
                let variables = solutions.variables().to_vec();
                let shown = order.shown();
                let mut sorter = Sorter::new(order);
                let mut ordered = true;
                for solution in solutions {
                    let solution = solution.map_err(evaluation_error)?;
                    let row = terms_of(&solution, &variables);
                    if !sorter.push(&row) {
                        ordered = false;
                        break;
                    }
                    if sorter.len() > max_rows {
                        return Err(refuse(Refusal::TooManyRows(max_rows)));
                    }
                }
                if ordered {
                    sink(Piece::Variables(&variables[..shown]))?;
                    return sorter
                        .sorted(|| stop_if_cancelled(&alive), |row| sink(Piece::Row(row)));
                }
            }
            let results = self.evaluate(prepare(query)).map_err(evaluation_error)?;
            match results {
                QueryResults::Solutions(solutions) => {
                    let variables = solutions.variables().to_vec();
                    sink(Piece::Variables(&variables))?;
                    for (count, solution) in solutions.enumerate() {
                        let solution = solution.map_err(evaluation_error)?;
                        if count == max_rows {
                            return Err(refuse(Refusal::TooManyRows(max_rows)));
                        }
                        sink(Piece::Row(&terms_of(&solution, &variables)))?;
                    }
                }
                QueryResults::Boolean(value) => sink(Piece::Boolean(value))?,
                QueryResults::Graph(triples) => {
                    sink(Piece::Graph)?;
                    for (count, triple) in triples.enumerate() {
                        let triple = triple.map_err(evaluation_error)?;
                        if count == max_rows {
                            return Err(refuse(Refusal::TooManyRows(max_rows)));
                        }
                        sink(Piece::Triple(triple))?;
                    }
                }
            }
            Ok(())
        };
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(evaluate)) {
            Ok(answer) => answer,
            Err(payload) if payload.is::<Cancelled>() => {
                Err(evaluation_error(QueryEvaluationError::Cancelled))
            }
            Err(payload) => std::panic::resume_unwind(payload),
        }
    }
}

/// The custom function `ALIVE(x)`: `x` (`ALIVE()`: a true value), or, once the query's token
/// is cancelled (at its deadline, or by [`MemoryLimit`] when it holds more memory than its
/// limit), an unwinding that ends it wherever it is. spareval checks its token only when it
/// reads the store, and loops for minutes after the deadline where it works without reading it:
/// sorting, grouping, deduplicating, joining what it has read, filtering it out.
/// [`guard_query`] puts `ALIVE` in each of those loops.
const ALIVE: &str = "urn:resgraph:alive";

/// The terms `solution` binds to `variables`, borrowed, in their order.
fn terms_of<'a>(solution: &'a QuerySolution, variables: &[Variable]) -> Vec<Option<TermRef<'a>>> {
    variables
        .iter()
        .map(|v| solution.get(v).map(Term::as_ref))
        .collect()
}

/// The unwinding payload of `ALIVE` in a cancelled query.
struct Cancelled;

/// Ends the query, by unwinding to the `catch_unwind` of [`SparqlGraph::stream`], once `token`
/// is cancelled.
fn stop_if_cancelled(token: &CancellationToken) {
    if token.is_cancelled() {
        std::panic::resume_unwind(Box::new(Cancelled));
    }
}

/// Puts `ALIVE` into every loop of the query that does not read the store, at every depth
/// (sub-queries, EXISTS, OPTIONAL, MINUS, UNION): the same answers, but a cancelled query
/// stops at once.
///
/// - the first key `e` of each ORDER BY becomes `ALIVE(e)`, so every comparison of a sort
///   checks;
/// - each FILTER conjunct `c` becomes `c || !ALIVE()`, so every solution a filter drops
///   checks (a true `c` passes its solution on, up to a guard);
/// - the solutions that flow into a GROUP BY (aggregates), DISTINCT, REDUCED, ORDER BY,
///   LIMIT/OFFSET, a projection, either side of MINUS, the optional side of OPTIONAL and the
///   query's result pass a filter `COALESCE(ALIVE(), ?v1, …, ?vn)` over the pattern's
///   variables: true for every solution at once (COALESCE reads no variable after `ALIVE()`),
///   and since it names every variable sparopt keeps it above the pattern's joins (a filter
///   with fewer variables would be pushed below them; `BOUND(?v)` would not do, sparopt folds
///   it to `true` where `?v` is always bound), so each solution a join makes checks.
///
/// Blank nodes in patterns become variables first, so that the guard names them too. The walk
/// recurses once per nested pattern, which the shape limits ([`MAX_NESTING`], [`MAX_CLAUSES`])
/// bound.
fn guard_query(query: &mut spargebra::Query) {
    let pattern = query_pattern(query);
    let mut blank_nodes = HashMap::new();
    for_each_pattern(pattern, &mut |p| guard_pattern(p, &mut blank_nodes));
    guard_solutions(pattern);
}

/// `ALIVE(args…)`.
fn alive(args: Vec<Expression>) -> Expression {
    Expression::FunctionCall(Function::Custom(NamedNode::new_unchecked(ALIVE)), args)
}

/// [`guard_query`] for one pattern whose sub-patterns are guarded already, and the blank nodes
/// turned into variables so far.
fn guard_pattern(pattern: &mut GraphPattern, blank_nodes: &mut HashMap<BlankNode, Variable>) {
    match pattern {
        GraphPattern::Bgp { patterns } => {
            for triple in patterns {
                name_blank_node(&mut triple.subject, blank_nodes);
                name_blank_node(&mut triple.object, blank_nodes);
            }
        }
        GraphPattern::Path {
            subject, object, ..
        } => {
            name_blank_node(subject, blank_nodes);
            name_blank_node(object, blank_nodes);
        }
        GraphPattern::Minus { left, right } => {
            guard_solutions(left);
            guard_solutions(right);
        }
        GraphPattern::LeftJoin {
            right, expression, ..
        } => {
            guard_solutions(right);
            if let Some(expression) = expression {
                guard_condition(expression);
            }
        }
        GraphPattern::Filter { expr, .. } => guard_condition(expr),
        GraphPattern::OrderBy { inner, expression } => {
            guard_solutions(inner);
            if let Some(OrderExpression::Asc(e) | OrderExpression::Desc(e)) = expression.first_mut()
            {
                // Every comparison evaluates the first key.
                let key = std::mem::replace(e, Expression::Literal(true.into()));
                *e = alive(vec![key]);
            }
        }
        GraphPattern::Group { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => guard_solutions(inner),
        GraphPattern::Values { .. }
        | GraphPattern::Service { .. }
        | GraphPattern::Join { .. }
        | GraphPattern::Lateral { .. }
        | GraphPattern::Union { .. }
        | GraphPattern::Extend { .. }
        | GraphPattern::Graph { .. } => {}
    }
}

/// How many quads are handed to an on-disk store's bulk loader at once: half of oxigraph's own
/// batch size (a million), so that each makes one set of RocksDB files, built on a thread of
/// its own beside the one before, and two such loads hold what one of a million held: about
/// 100 MB of quads each, whatever the number of records.
pub const LOAD_BATCH: usize = 500_000;

/// How many quads are handed to an in-memory store's loader, or a frozen graph's
/// ([`crate::graph::frozen::FrozenLoader`]), at once. Each takes them one by one, so a larger
/// batch would only hold more quads waiting beside the graph: about 20 MB.
pub const MEMORY_LOAD_BATCH: usize = 100_000;

/// Loads quads into a [`GraphStore`] with oxigraph's bulk loader, batch by batch.
pub struct Loader<'a> {
    loader: oxigraph::store::BulkLoader<'a>,
    batch: usize,
}

impl Loader<'_> {
    /// How many quads to hand to [`Loader::load`] at once: [`LOAD_BATCH`] for an on-disk
    /// store, [`MEMORY_LOAD_BATCH`] for an in-memory one.
    pub fn batch(&self) -> usize {
        self.batch
    }

    /// Adds a batch of quads (a quad already there is kept once).
    pub fn load(&mut self, quads: Vec<Quad>) -> Result<()> {
        self.loader
            .load_quads(quads)
            .map_err(|e| Error::Store(e.to_string()))
    }

    /// Makes what was loaded visible.
    pub fn commit(self) -> Result<()> {
        self.loader
            .commit()
            .map_err(|e| Error::Store(e.to_string()))
    }
}

/// The file in an on-disk store's folder where `build` notes what it holds ([`StoreInfo`]);
/// `build` writes it last, so a folder without it holds no complete store.
pub const STORE_INFO_FILE: &str = "resgraph-store.json";

/// The file in an on-disk store's folder holding the ontology page `build` wrote with it
/// (`out/ontology.html`), which `serve --store` shows: its examples take a scan of the graph.
/// The store's folder keeps every file `build` published from it under its own name
/// ([`StagedStore::commit`]).
pub const STORE_PAGE_FILE: &str = "ontology.html";

/// The ontology page kept in the on-disk store folder `dir` ([`STORE_PAGE_FILE`]).
pub fn stored_ontology_page(dir: &std::path::Path) -> Result<String> {
    let path = dir.join(STORE_PAGE_FILE);
    std::fs::read_to_string(&path).map_err(Error::io(&path))
}

/// What `build` notes about the on-disk store it wrote, so that `serve` need not count, and
/// serves the store under the base and licence the kept files state.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoreInfo {
    /// Records read.
    pub records: usize,
    /// Distinct triples in the default graph.
    pub triples: usize,
    /// Quads (with the source graphs).
    pub quads: usize,
    /// Named graphs (the source graphs); absent from the notes of stores built before it was
    /// noted, for which `serve` counts them.
    #[serde(default)]
    pub graphs: Option<usize>,
    /// The base IRI the graph was minted under.
    pub base: String,
    /// The licence IRI the kept catalog states.
    pub licence: String,
    /// The stored queries whose answers are kept with the store
    /// ([`crate::query::AnswerFiles`]), each with its number of rows.
    #[serde(default)]
    pub answers: std::collections::BTreeMap<String, usize>,
}

impl StoreInfo {
    /// Reads the note in the store folder `dir`.
    pub fn read(dir: &std::path::Path) -> Result<StoreInfo> {
        let path = dir.join(STORE_INFO_FILE);
        if !path.is_file() {
            return Err(Error::invalid(
                dir,
                "",
                format!("no complete store here (no {STORE_INFO_FILE}): give the folder that `resgraph build --store DIR` wrote"),
            ));
        }
        let text = std::fs::read_to_string(&path).map_err(Error::io(&path))?;
        crate::ingest::folder::parse_json_str(&path, &text, 1)
    }
}

/// The suffix of the folder beside `DIR` that `build --store DIR` writes its store into before
/// renaming it to `DIR`: `DIR.tmp-resgraph`. A folder of that name is never a complete store.
pub const STORE_TEMP_SUFFIX: &str = ".tmp-resgraph";
/// The suffix of the folder the previous store is moved to while the new one takes its place.
pub const STORE_OLD_SUFFIX: &str = ".old-resgraph";

/// An on-disk store being written: in a folder beside its target, renamed to the target only
/// at [`StagedStore::commit`], so a store left by an interrupted build is never taken for a
/// complete one.
pub struct StagedStore {
    store: GraphStore,
    temp: std::path::PathBuf,
    target: std::path::PathBuf,
}

impl StagedStore {
    /// A new, empty on-disk store for `dir`, in `DIR.tmp-resgraph` (a folder of that name left
    /// by an interrupted build is removed first, and so is a `DIR.old-resgraph`).
    #[cfg(feature = "disk")]
    pub fn create(dir: &std::path::Path) -> Result<StagedStore> {
        let temp = sibling(dir, STORE_TEMP_SUFFIX);
        for stale in [&temp, &sibling(dir, STORE_OLD_SUFFIX)] {
            if stale.exists() {
                std::fs::remove_dir_all(stale).map_err(Error::io(stale))?;
            }
        }
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(Error::io(parent))?;
        }
        let store = Store::open(&temp).map_err(|e| store_error(&temp, e))?;
        Ok(StagedStore {
            store: GraphStore::on_disk(store),
            temp,
            target: dir.to_path_buf(),
        })
    }

    /// Without the `disk` feature there is no on-disk store: always an error saying so.
    #[cfg(not(feature = "disk"))]
    pub fn create(dir: &std::path::Path) -> Result<StagedStore> {
        Err(no_disk(dir))
    }

    /// The folder the store is being written into, renamed at [`StagedStore::commit`]: what
    /// is written there is kept with the store.
    pub fn folder(&self) -> &std::path::Path {
        &self.temp
    }

    /// The store being written.
    pub fn store(&self) -> &GraphStore {
        &self.store
    }

    /// Flushes and closes the store, keeps beside it the files `build` published from it
    /// (`published`: the exports, the catalog and the ontology page, kept under their own
    /// names, [`STORE_PAGE_FILE`] among them) and notes `info` in it ([`STORE_INFO_FILE`]),
    /// then puts it in place of the target folder (whose old store, if any, is removed). A kept
    /// file is a hard link, or a copy where the store is on another file system.
    pub fn commit(self, info: &StoreInfo, published: &[std::path::PathBuf]) -> Result<()> {
        let StagedStore {
            store,
            temp,
            target,
        } = self;
        #[cfg(feature = "disk")]
        store.store.flush().map_err(|e| store_error(&temp, e))?;
        drop(store);
        for file in published {
            let name = file.file_name().ok_or_else(|| {
                Error::invalid(file, "", "a published file has no file name".to_owned())
            })?;
            let kept = temp.join(name);
            if std::fs::hard_link(file, &kept).is_err() {
                std::fs::copy(file, &kept).map_err(Error::io(&kept))?;
            }
        }
        let json = serde_json::to_vec_pretty(info).expect("the note serializes");
        crate::files::write_file_atomically(&temp.join(STORE_INFO_FILE), |w| w.write_all(&json))?;
        let old = sibling(&target, STORE_OLD_SUFFIX);
        if target.exists() {
            std::fs::rename(&target, &old).map_err(Error::io(&target))?;
        }
        std::fs::rename(&temp, &target).map_err(Error::io(&target))?;
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(Error::io(&old))?;
        }
        Ok(())
    }
}

/// `dir` with `suffix` added to its last component.
fn sibling(dir: &std::path::Path, suffix: &str) -> std::path::PathBuf {
    let mut name = dir.as_os_str().to_owned();
    name.push(suffix);
    std::path::PathBuf::from(name)
}

fn store_error(dir: &std::path::Path, e: impl std::fmt::Display) -> Error {
    Error::Store(format!("{}: {e}", dir.display()))
}

#[cfg(not(feature = "disk"))]
fn no_disk(dir: &std::path::Path) -> Error {
    store_error(
        dir,
        "this resgraph was built without the `disk` feature, so it has no on-disk store",
    )
}

/// Turns a blank node of a triple pattern into a variable (the same one for the same blank
/// node), as sparopt would, with a name that no SPARQL query can write.
fn name_blank_node(term: &mut TermPattern, blank_nodes: &mut HashMap<BlankNode, Variable>) {
    if let TermPattern::BlankNode(node) = term {
        let count = blank_nodes.len();
        let variable = blank_nodes
            .entry(node.clone())
            .or_insert_with(|| Variable::new_unchecked(format!("resgraph-blank-{count}")));
        *term = TermPattern::Variable(variable.clone());
    }
}

/// Makes the solutions of `pattern` pass `COALESCE(ALIVE(), ?v1, …, ?vn)`, unless
/// `pattern` is itself a sink whose input is guarded (its output is no larger than its input).
fn guard_solutions(pattern: &mut GraphPattern) {
    if matches!(
        pattern,
        GraphPattern::Project { .. }
            | GraphPattern::Distinct { .. }
            | GraphPattern::Reduced { .. }
            | GraphPattern::Slice { .. }
            | GraphPattern::OrderBy { .. }
            | GraphPattern::Group { .. }
    ) {
        return;
    }
    let mut seen = HashSet::new();
    let mut arguments = vec![alive(Vec::new())];
    pattern.on_in_scope_variable(|variable| {
        if seen.insert(variable) {
            arguments.push(Expression::Variable(variable.clone()));
        }
    });
    let expr = Expression::Coalesce(arguments);
    let inner = std::mem::replace(
        pattern,
        GraphPattern::Bgp {
            patterns: Vec::new(),
        },
    );
    *pattern = GraphPattern::Filter {
        expr,
        inner: Box::new(inner),
    };
}

/// Makes each conjunct `c` of a FILTER (or OPTIONAL) condition `c || !ALIVE()`: the same
/// value (true, false or an error) and the same variables, so sparopt pushes it where it pushed
/// `c`, but a solution that `c` drops calls `ALIVE`.
fn guard_condition(condition: &mut Expression) {
    if let Expression::And(left, right) = condition {
        guard_condition(left);
        guard_condition(right);
        return;
    }
    let c = std::mem::replace(condition, Expression::Literal(true.into()));
    *condition = Expression::Or(
        Box::new(c),
        Box::new(Expression::Not(Box::new(alive(Vec::new())))),
    );
}

/// Cancels a query when its time is up; dropping it (the query finished) stops it.
struct Watchdog {
    done: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watchdog {
    fn start(token: CancellationToken, timeout: Duration) -> Watchdog {
        let (done, finished) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = finished.recv_timeout(timeout) {
                token.cancel();
            }
        });
        Watchdog {
            done: Some(done),
            thread: Some(thread),
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        drop(self.done.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_within_the_limits_pass_and_beyond_are_refused() {
        let nest = |n: usize| {
            format!(
                "ASK {{ FILTER({}1{}) }}",
                "(".repeat(n - 2),
                ")".repeat(n - 2)
            )
        };
        assert_eq!(check_query_shape(&nest(64)), Ok(()));
        assert_eq!(check_query_shape(&nest(65)), Err(Refusal::TooDeep(65, 64)));
        let sum = |n: usize| format!("ASK {{ FILTER({} > 0) }}", vec!["1"; n + 1].join("+"));
        assert_eq!(check_query_shape(&sum(1000)), Ok(()));
        assert_eq!(
            check_query_shape(&sum(1001)),
            Err(Refusal::TooManyOperators(1001, 1000))
        );
        let union = |n: usize| format!("ASK {{ {} }}", vec!["{}"; n + 1].join(" UNION "));
        assert_eq!(check_query_shape(&union(256)), Ok(()));
        assert_eq!(
            check_query_shape(&union(257)),
            Err(Refusal::TooManyUnions(257, 256))
        );
        // Strings, IRIs, comments, variables and prefixed names hold no operators or brackets.
        let quiet =
            "SELECT ?union-?x WHERE { <http://a/b-c/d?e=(f)> ex:a-b:c.d \"((-/\" '''{'''} # ((((\n";
        assert_eq!(check_query_shape(quiet), Ok(()));
        assert!(check_query_shape("ASK { FILTER(?a < ?b || ?a > ?b) }").is_ok());
        let groups = |n: usize| format!("ASK {{ {} }}", "{ ?s ?p ?o } ".repeat(n));
        assert_eq!(check_query_shape(&groups(63)), Ok(()));
        assert_eq!(
            check_query_shape(&groups(64)),
            Err(Refusal::TooManyClauses(65, 64))
        );
        let binds = |n: usize| format!("SELECT * {{ {} }}", "BIND(1 AS ?v) ".repeat(n));
        assert_eq!(check_query_shape(&binds(63)), Ok(()));
        assert_eq!(
            check_query_shape(&binds(4000)),
            Err(Refusal::TooManyClauses(4001, 64))
        );
        // A `.` that ends a triple counts; one inside a number or a prefixed name does not.
        let triples = |end: &str| format!("ASK {{ {} }}", format!("?s ex:a.b 1.5{end}").repeat(63));
        assert_eq!(check_query_shape(&triples(" .")), Ok(()));
        assert_eq!(
            check_query_shape(&triples(".")),
            check_query_shape(&triples(" ."))
        );
        assert_eq!(
            check_query_shape(&triples(" ;")),
            check_query_shape(&triples(" ."))
        );
        assert_eq!(
            check_query_shape(&format!("{} ?s ?p ?o", triples(" ."))),
            Ok(())
        );
        assert_eq!(
            check_query_shape(&triples(" . ?s ?p ?o .")),
            Err(Refusal::TooManyClauses(127, 64))
        );
        assert_eq!(
            check_query_shape(&format!(
                "ASK {{ ?s ?p ex:o.{} }}",
                " ?s ?p ex:o.".repeat(64)
            )),
            Err(Refusal::TooManyClauses(66, 64))
        );
    }
}
