//! Deep and long query shapes (issue 14): each input byte pair picks a construct and how many
//! times to repeat or nest it (`resgraph::fuzzing::shape_query`), so that short inputs make
//! queries thousands of clauses long or deep. Whatever `check_query_shape` accepts must be parsed and evaluated on the query stack
//! without overflowing it; whatever it refuses is refused before parsing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resgraph::graph::store::{
    check_query_shape, on_query_stack, GraphStore, QueryLimits, SparqlGraph,
};
use std::time::Duration;

fuzz_target!(|data: &[u8]| {
    let query = resgraph::fuzzing::shape_query(data);
    let store = GraphStore::load(&[]).expect("an empty store");
    let limits = QueryLimits {
        timeout: Duration::from_secs(1),
        max_rows: 10,
        max_memory: 64 << 20,
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
