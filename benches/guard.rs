//! What the deadline guard costs (docs/serving.md, "A deadline is a deadline"): every stored
//! query and a join-heavy one over RECORDS synthetic records (default 10 000), each run three
//! times without limits and three times with them (so with the guard), best of three:
//! `cargo bench --bench guard [RECORDS]`.

use resgraph::graph::store::{parse_query, GraphStore, QueryLimits, SparqlGraph};
use resgraph::ingest::folder::Collection;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let records: u64 = std::env::args()
        .filter_map(|a| a.parse().ok())
        .next()
        .unwrap_or(10_000);
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let concepts = Collection::read_dir(&data).expect("data/ reads");
    let file = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("guard-bench.jsonl");
    let mut jsonl = Vec::new();
    resgraph::ingest::synth::write_synthetic(&concepts, records, 1, &mut jsonl)
        .expect("synthetic records");
    std::fs::write(&file, jsonl).expect("the records file is written");
    let dataset = Collection::read_inputs(&[file], Some(&data)).expect("the records read");
    let minter = resgraph::graph::mint::Minter::new(resgraph::graph::mint::DEFAULT_BASE)
        .expect("the default base");
    let store = GraphStore::load(&resgraph::graph::map::map_dataset(&dataset, &minter))
        .expect("the store loads");
    let limits = QueryLimits {
        timeout: Duration::from_secs(600),
        max_rows: usize::MAX,
        max_memory: usize::MAX,
    };
    let mut queries: Vec<(String, String)> =
        resgraph::query::stored_queries(&Path::new(env!("CARGO_MANIFEST_DIR")).join("queries"))
            .expect("the stored queries read")
            .into_iter()
            .map(|q| (q.name, q.sparql))
            .collect();
    queries.push((
        "join".to_owned(),
        "SELECT (COUNT(*) AS ?n) WHERE { ?r a rg:Resolution ; ?p ?o . ?o ?q ?x . ?x ?y ?z }"
            .to_owned(),
    ));
    println!(
        "{records} records, {} quads",
        store.len().expect("the store counts")
    );
    println!(
        "{:<14} {:>12} {:>12} {:>8}",
        "query", "unguarded s", "guarded s", "change"
    );
    for (name, sparql) in queries {
        let mut best = [f64::MAX; 2];
        for _ in 0..3 {
            let started = Instant::now();
            store.query(&name, &sparql).expect("the query answers");
            best[0] = best[0].min(started.elapsed().as_secs_f64());
            let parsed = parse_query(&name, &sparql).expect("the query parses");
            let started = Instant::now();
            store
                .run(&name, parsed, None, Some(&limits))
                .expect("the guarded query answers");
            best[1] = best[1].min(started.elapsed().as_secs_f64());
        }
        println!(
            "{name:<14} {:>12.3} {:>12.3} {:>+7.1}%",
            best[0],
            best[1],
            (best[1] / best[0] - 1.0) * 100.0
        );
    }
}
