//! Entry points for the fuzz targets in `fuzz/`, compiled only with the cargo feature
//! `fuzzing`. Not part of resgraph's stable API.

use crate::error::Result;
use crate::model::Record;
use std::path::Path;

/// Reads one JSON record from `text` as `resgraph build` reads a record file (or one line of a
/// JSON Lines file), with the same error positions.
pub fn parse_record(text: &str) -> Result<Record> {
    crate::ingest::folder::parse_json_str(Path::new("fuzz.json"), text, 1)
}

/// The query of the `query_shape` fuzz target: each byte pair of `data` (at most eight) picks a
/// construct and how many times to repeat or nest it (16 times the second byte, 16 when it is
/// missing), each around or after the constructs of the pairs before it.
pub fn shape_query(data: &[u8]) -> String {
    let mut body = String::new();
    for pair in data.chunks(2).take(8) {
        let n = usize::from(pair.get(1).copied().unwrap_or(1)) * 16;
        body = grow(pair[0], n, &body);
    }
    format!("SELECT * WHERE {{ {body} }} LIMIT 1")
}

/// One construct, repeated `n` times around or after `inner`.
fn grow(kind: u8, n: usize, inner: &str) -> String {
    let repeat = |piece: &str| piece.repeat(n);
    match kind % 12 {
        0 => format!("{}{inner}{}", "(".repeat(n), ")".repeat(n)),
        1 => format!("{}{inner}{}", "{".repeat(n), "}".repeat(n)),
        2 => format!("{inner}{}", repeat("+1")),
        3 => format!("{{{inner}}}{}", repeat(" UNION {}")),
        4 => format!("{inner} ?s {} ?o .", vec!["rdf:type"; n + 1].join("/")),
        5 => format!("{inner}{}", repeat(" { <urn:x> <urn:y> ?o }")),
        6 => format!("{inner}{}", repeat(" OPTIONAL { <urn:x> <urn:y> ?o }")),
        7 => format!("{inner}{}", repeat(" BIND(1 AS ?b)")),
        8 => format!("{inner}{}", repeat(" <urn:x> <urn:y> ?o .")),
        9 => format!("{inner}{}", repeat(" FILTER(?o)")),
        10 => format!("{inner}{}", repeat(" MINUS { ?s ?p ?o }")),
        _ => format!("{inner}{}", repeat(" VALUES ?v { 1 }")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Error, Refusal};
    use crate::graph::store::{on_query_stack, parse_query, GraphStore, QueryLimits, SparqlGraph};
    use std::time::{Duration, Instant};

    /// The first finding of `query_shape`: a 705-step path, which the parser makes 705 triple
    /// patterns, and 16 MINUS of one triple pattern each; oxigraph's optimizer took 7 minutes
    /// over it (debug build) before any deadline applied. It is refused now, at once.
    #[test]
    fn a_705_step_path_is_refused_before_the_optimizer_sees_it() {
        let query = shape_query(&[64, 44, 142]);
        assert_eq!(
            query,
            format!(
                "SELECT * WHERE {{  ?s {} ?o .{} }} LIMIT 1",
                vec!["rdf:type"; 705].join("/"),
                " MINUS { ?s ?p ?o }".repeat(16)
            )
        );
        let started = Instant::now();
        let refused = on_query_stack(|| parse_query("fuzz", &query)).unwrap();
        assert!(started.elapsed() < Duration::from_secs(1));
        let error = refused.unwrap_err();
        assert!(matches!(
            error,
            Error::Refused {
                refusal: Refusal::TooManyTriplePatterns(721, 64),
                ..
            }
        ));
        assert_eq!(
            error.to_string(),
            "fuzz: the query has 721 triple patterns (each step of a property path sequence is one); at most 64 are allowed"
        );
        // Within the limit (a 33-step path: 49 triple patterns), the same shape is answered
        // (empty) within its deadline.
        let query = shape_query(&[64, 2, 142]);
        let store = GraphStore::load(&[]).unwrap();
        let limits = QueryLimits {
            timeout: Duration::from_secs(5),
            max_rows: 10,
            max_memory: 64 << 20,
        };
        let started = Instant::now();
        let answer = on_query_stack(|| {
            parse_query("fuzz", &query).and_then(|q| store.run("fuzz", q, None, Some(&limits)))
        })
        .unwrap()
        .unwrap();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(
            answer,
            crate::graph::store::Answer::Solutions {
                variables: vec![
                    oxigraph::model::Variable::new_unchecked("o"),
                    oxigraph::model::Variable::new_unchecked("s")
                ],
                rows: Vec::new()
            }
        );
    }

    /// The second and third findings of `query_shape` (CI at stop 37, then a local run): the bytes
    /// `[119, 0, 44, 6]`, 96 triple patterns joined on one variable, and `[47, 2, 47, 4]`, 96
    /// `VALUES` joined on one variable. oxigraph's optimizer took 11 and 13.5 s over them in the
    /// fuzzer's AddressSanitizer build (0.5 s in a release build) before any deadline applied.
    /// Both are refused now before parsing; 48 of either are answered.
    #[test]
    fn ninety_six_joined_clauses_are_refused_before_parsing() {
        let joined = shape_query(&[119, 0, 44, 6]);
        assert_eq!(
            joined,
            format!(
                "SELECT * WHERE {{ {} }} LIMIT 1",
                " <urn:x> <urn:y> ?o .".repeat(96)
            )
        );
        let values = shape_query(&[47, 2, 47, 4]);
        assert_eq!(
            values,
            format!(
                "SELECT * WHERE {{ {} }} LIMIT 1",
                " VALUES ?v { 1 }".repeat(96)
            )
        );
        for query in [joined, values] {
            let refused = on_query_stack(|| parse_query("fuzz", &query)).unwrap();
            assert_eq!(
                refused.unwrap_err().to_string(),
                "fuzz: the query has 97 groups and clauses; at most 64 are allowed"
            );
        }
        let store = GraphStore::load(&[]).unwrap();
        let answer = |bytes: &[u8]| {
            let query = shape_query(bytes);
            on_query_stack(|| {
                parse_query("fuzz", &query).and_then(|q| store.run("fuzz", q, None, None))
            })
            .unwrap()
            .unwrap()
        };
        let one = oxigraph::model::Literal::from(1);
        assert_eq!(
            answer(&[44, 3]),
            crate::graph::store::Answer::Solutions {
                variables: vec![oxigraph::model::Variable::new_unchecked("o")],
                rows: Vec::new()
            }
        );
        assert_eq!(
            answer(&[47, 3]),
            crate::graph::store::Answer::Solutions {
                variables: vec![oxigraph::model::Variable::new_unchecked("v")],
                rows: vec![vec![Some(one.into())]]
            }
        );
    }
}
