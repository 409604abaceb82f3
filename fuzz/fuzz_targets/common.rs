//! What every target shares: the concept schemes of `data/` and checks on minted IRIs.
#![allow(dead_code)]

use oxigraph::model::{Quad, Term};
use resgraph::graph::mint::Minter;
use resgraph::ingest::folder::Collection;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// `data/` with its records removed: the concept schemes and mappings records point into.
pub fn concepts() -> &'static Collection {
    static CONCEPTS: OnceLock<Collection> = OnceLock::new();
    CONCEPTS.get_or_init(|| {
        let mut dataset = Collection::read_dir(&root().join("data")).expect("data/ reads");
        dataset.records.clear();
        dataset
    })
}

/// The default minter.
pub fn minter() -> &'static Minter {
    static MINTER: OnceLock<Minter> = OnceLock::new();
    MINTER.get_or_init(|| Minter::new(resgraph::graph::mint::DEFAULT_BASE).expect("a valid base"))
}

/// Panics unless `iri` is a valid IRI with none of the characters an IRI never holds raw.
pub fn assert_clean_iri(iri: &str) {
    assert!(
        iri_string::types::IriStr::new(iri).is_ok(),
        "invalid IRI {iri:?}"
    );
    assert!(
        oxigraph::model::NamedNode::new(iri).is_ok(),
        "oxigraph refuses the IRI {iri:?}"
    );
    assert!(
        !iri.chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c)),
        "unescaped character in IRI {iri:?}"
    );
}

/// Checks every IRI of `quads`, then that their N-Triples parse back to the same quads.
pub fn assert_quads_sound(quads: &[Quad]) {
    for quad in quads {
        if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = &quad.subject {
            assert_clean_iri(n.as_str());
        }
        assert_clean_iri(quad.predicate.as_str());
        match &quad.object {
            Term::NamedNode(n) => assert_clean_iri(n.as_str()),
            Term::Literal(l) => assert_clean_iri(l.datatype().as_str()),
            _ => {}
        }
    }
    let mut text = Vec::new();
    resgraph::publish::export::write_quads(quads, resgraph::publish::export::Format::Nq, &mut text)
        .expect("N-Quads serialize");
    let mut back = Vec::new();
    for quad in oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads)
        .for_reader(text.as_slice())
    {
        back.push(quad.unwrap_or_else(|e| {
            panic!(
                "our N-Quads do not parse back: {e}\n{}",
                String::from_utf8_lossy(&text)
            )
        }));
    }
    let mut sorted: Vec<String> = quads.iter().map(|q| q.to_string()).collect();
    let mut back: Vec<String> = back.iter().map(|q| q.to_string()).collect();
    sorted.sort();
    sorted.dedup();
    back.sort();
    back.dedup();
    assert_eq!(sorted, back, "N-Quads round trip changed the graph");
}
