//! The request handling of `resgraph serve`: routing, query-string and form parsing, the
//! SPARQL protocol and Accept negotiation, through `Site::handle`, without a socket.
//!
//! The input reads like an HTTP request: a first line `METHOD TARGET`, header lines
//! `Name: value`, an empty line, then the body. Whatever the `http` crate's request builder
//! refuses (a bad method, URI or header), as hyper would, is skipped.
#![no_main]

#[path = "common.rs"]
mod common;

use http::{Request, StatusCode};
use libfuzzer_sys::fuzz_target;
use resgraph::graph::store::QueryLimits;
use resgraph::serve::{Site, SiteOptions};
use std::sync::OnceLock;
use std::time::Duration;

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = common::root();
        let dataset =
            resgraph::ingest::folder::Collection::read_dir(&root.join("data")).expect("data/");
        let minter = common::minter().clone();
        let quads = resgraph::graph::map::map_dataset(&dataset, &minter);
        let ontology = resgraph::ingest::rdf::read_rdf_files(&[root.join("ontology/resgraph.ttl")])
            .expect("the ontology");
        Site::new(
            quads,
            Some(ontology),
            SiteOptions {
                base: minter.base().to_owned(),
                limits: QueryLimits {
                    timeout: Duration::from_secs(1),
                    max_rows: 1000,
                    max_memory: 64 << 20,
                },
                max_body: 64 * 1024,
                queries: resgraph::query::stored_queries(&root.join("queries")).expect("queries/"),
            },
        )
        .expect("the site")
        .with_records(dataset, minter)
    })
}

fuzz_target!(|data: &[u8]| {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (data, &[][..]),
    };
    let Ok(head) = std::str::from_utf8(head) else {
        return;
    };
    let mut lines = head.lines();
    let Some((method, target)) = lines.next().and_then(|l| l.split_once(' ')) else {
        return;
    };
    let mut builder = Request::builder().method(method).uri(target);
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            builder = builder.header(name.trim(), value.trim());
        }
    }
    let Ok(request) = builder.body(body.to_vec()) else {
        return;
    };
    let shown = format!("{request:?}");
    let response = site().handle(request);
    assert!(
        response.status() != StatusCode::INTERNAL_SERVER_ERROR,
        "500 for {shown}"
    );
});
