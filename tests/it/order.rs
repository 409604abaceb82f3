//! resgraph sorts an answer on variables itself (`graph::order`): the rows must come in the
//! engine's order, on the catalogue's records and on synthetic ones, over oxigraph's store and
//! over the frozen graph `build` answers from (`graph::frozen`).

use crate::util::{self, scratch};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Term, Variable};
use resgraph::graph::frozen::FrozenGraph;
use resgraph::graph::order::{is_plain_date, Order};
use resgraph::graph::store::{parse_query, Answer, GraphStore, SparqlGraph};
use spargebra::algebra::{Expression, GraphPattern, OrderExpression};

/// `sparql` with the variables `then` added, ascending, after the keys of its ORDER BY, so that
/// fewer rows tie; with `engine`, each key `k` is written `COALESCE(k)` (the same value, or
/// unbound where `k` is), which resgraph leaves to the engine to sort.
fn total_order(sparql: &str, then: &[Variable], engine: bool) -> String {
    fn order(pattern: &mut GraphPattern, then: &[Variable], engine: bool) {
        match pattern {
            GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. } => order(inner, then, engine),
            GraphPattern::Project { inner, .. } => {
                if let GraphPattern::OrderBy { expression, .. } = &mut **inner {
                    let then = then.iter().map(|v| Expression::Variable(v.clone()));
                    expression.extend(then.map(OrderExpression::Asc));
                    if engine {
                        for key in expression.iter_mut() {
                            let (OrderExpression::Asc(e) | OrderExpression::Desc(e)) = key;
                            *e = Expression::Coalesce(vec![e.clone()]);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut query = parse_query("q", sparql).unwrap();
    if let spargebra::Query::Select { pattern, .. } = &mut query {
        order(pattern, then, engine);
    }
    query.to_string()
}

/// Asserts that each query's rows come in the same order whoever sorts them, and which queries
/// resgraph leaves to the engine whatever their rows; returns the names of the queries with
/// fewer than two rows, which that proves nothing about. The frozen graph must give the same
/// answers, row for row, as the store.
fn assert_same_order(
    (store, frozen): &(GraphStore, FrozenGraph),
    queries: &[(String, String)],
) -> Vec<String> {
    let (mut short, mut left_to_the_engine) = (Vec::new(), Vec::new());
    for (name, sparql) in queries {
        // The projected variables whose values resgraph can order (IRIs, strings, plain dates,
        // unbound) in
        // every row: with them as keys too, the engine's sort and resgraph's both apply.
        let Answer::Solutions { variables, rows } = store.query(name, sparql).unwrap() else {
            panic!("{name}: not a SELECT answer")
        };
        let orderable = |term: &Option<Term>| match term {
            None | Some(Term::NamedNode(_)) => true,
            Some(Term::Literal(l)) => {
                [xsd::STRING, rdf::LANG_STRING].contains(&l.datatype())
                    || is_plain_date(l.value(), l.datatype().as_str())
            }
            Some(_) => false,
        };
        let then: Vec<Variable> = (0..variables.len())
            .filter(|&i| rows.iter().all(|row| orderable(&row[i])))
            .map(|i| variables[i].clone())
            .collect();
        let ours = store
            .query(name, &total_order(sparql, &then, false))
            .unwrap();
        let engines = store
            .query(name, &total_order(sparql, &then, true))
            .unwrap();
        if rows.len() < 2 {
            short.push(name.clone());
        }
        assert_eq!(ours, engines, "{name}");
        for engine in [false, true] {
            let sparql = total_order(sparql, &then, engine);
            let answer = frozen.query(name, &sparql).unwrap();
            assert_eq!(answer, ours, "{name} over the frozen graph");
        }
        let mut query = parse_query(name, &total_order(sparql, &then, false)).unwrap();
        if Order::take(&mut query).is_none() {
            left_to_the_engine.push(name.clone());
        }
    }
    // Every other query is sorted by resgraph, unless a key of a row is of another kind.
    assert_eq!(left_to_the_engine, ["unreviewed", "shape 10"]);
    short
}

/// Queries that sort on other terms too (dates, numbers, language-tagged strings, blank
/// nodes), descending, on keys the query does not project, under DISTINCT and LIMIT.
const SHAPES: [&str; 12] = [
    "SELECT ?x ?n WHERE { VALUES (?x ?n) { (\"b\"@en 1) (\"b\" 2) (\"b\"@de 3) (\"a\"@fr 4) (\"c\" 5) (<http://a> 6) (UNDEF 7) (\"é\" 8) (\"z\" 9) (\"b\\u0000\" 10) } } ORDER BY ?x",
    "SELECT ?x ?n WHERE { VALUES (?x ?n) { (\"b\"@en 1) (\"b\" 2) (\"b\"@de 3) (<http://b> 4) (UNDEF 5) (<http://a> 6) (\"a\" 7) } } ORDER BY DESC(?x) ?n",
    "SELECT ?s ?o WHERE { ?s ?p ?o FILTER(isIRI(?o) || DATATYPE(?o) = xsd:string) } ORDER BY DESC(?o)",
    "SELECT ?s ?x WHERE { ?s a ?t OPTIONAL { ?s dcterms:title ?x } } ORDER BY ?x",
    "SELECT ?s ?d WHERE { ?s eli:date_document ?d } ORDER BY DESC(?d)",
    "SELECT ?s ?l WHERE { ?s skos:prefLabel ?l } ORDER BY DESC(?l)",
    "SELECT ?s WHERE { ?s skos:prefLabel ?l OPTIONAL { ?s skos:altLabel ?a } } ORDER BY ?a DESC(?l)",
    "SELECT DISTINCT ?t WHERE { ?s a ?t } ORDER BY DESC(?t)",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)",
    "SELECT ?s ?o WHERE { ?s ?p ?o FILTER(isBlank(?o) || isLiteral(?o)) } ORDER BY ?o",
    "SELECT ?s WHERE { ?s a ?t } ORDER BY ?t LIMIT 7 OFFSET 2",
    "SELECT ?x ?n WHERE { VALUES (?x ?n) { (\"2016-12-20\"^^xsd:date 1) (\"2016-12-20\" 2) (\"2016\"^^xsd:gYear 3) (\"2016-12\"^^xsd:gYearMonth 4) (\"2001-02-03\"^^xsd:date 5) (<http://a> 6) (\"2016-12-20\"@en 7) (UNDEF 8) (\"2016-02-30\"^^xsd:date 9) } } ORDER BY DESC(?x) ?n",
];

fn queries() -> Vec<(String, String)> {
    let stored = resgraph::query::stored_queries(&util::repo().join("queries")).unwrap();
    let shapes = SHAPES.iter().enumerate();
    stored
        .into_iter()
        .map(|q| (q.name, q.sparql))
        .chain(shapes.map(|(i, q)| (format!("shape {i}"), q.to_string())))
        .collect()
}

/// The records of `data` in oxigraph's store and in a frozen graph.
fn graphs_of(data: &std::path::Path) -> (GraphStore, FrozenGraph) {
    let dataset = resgraph::ingest::folder::Collection::read_dir(data).unwrap();
    let minter = resgraph::graph::mint::Minter::new(resgraph::graph::mint::DEFAULT_BASE).unwrap();
    let quads = resgraph::graph::map::map_dataset(&dataset, &minter);
    let store = GraphStore::load(&quads).unwrap();
    (store, FrozenGraph::from_quads(quads).unwrap())
}

#[test]
fn answers_come_in_the_engines_order_on_the_catalogues_records() {
    let short = assert_same_order(&graphs_of(&util::repo().join("data")), &queries());
    // data/ has no extracted facts, no concept under review and no disagreement.
    assert_eq!(short, ["disagreements", "evidence", "unreviewed"]);
}

#[test]
fn answers_come_in_the_engines_order_on_synthetic_records() {
    let dir = scratch();
    let data = util::synthetic_data(dir.path(), "synthetic", 1500, 9);
    let short = assert_same_order(&graphs_of(&data), &queries());
    assert_eq!(short, ["disagreements", "evidence", "unreviewed"]);
}
