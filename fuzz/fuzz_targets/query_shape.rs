//! Deep and long query shapes (issue 14): each input byte pair picks a construct and how many
//! times to repeat or nest it, so that short inputs make queries thousands of clauses long or
//! deep. Whatever `check_query_shape` accepts must be parsed and evaluated on the query stack
//! without overflowing it; whatever it refuses is refused before parsing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resgraph::graph::store::{check_query_shape, on_query_stack, GraphStore, QueryLimits};
use std::time::Duration;

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

fuzz_target!(|data: &[u8]| {
    let mut body = String::new();
    for pair in data.chunks(2).take(8) {
        let n = usize::from(pair.get(1).copied().unwrap_or(1)) * 16;
        body = grow(pair[0], n, &body);
    }
    let query = format!("SELECT * WHERE {{ {body} }} LIMIT 1");
    let store = GraphStore::load(&[]).expect("an empty store");
    let limits = QueryLimits {
        timeout: Duration::from_secs(1),
        max_rows: 10,
    };
    // Parse errors and refusals are answers; an overflow aborts the process, which the fuzzer
    // reports.
    let answered = on_query_stack(|| {
        resgraph::graph::store::parse_query("fuzz", &query)
            .and_then(|parsed| store.run("fuzz", parsed, None, Some(&limits)))
    });
    if check_query_shape(&query).is_err() {
        assert!(matches!(
            answered,
            Ok(Err(resgraph::Error::Refused { .. }))
        ));
    }
});
