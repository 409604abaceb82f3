//! Stage 3b: SHACL Core validation by a native engine (no SPARQL).
//!
//! Shapes files are parsed with oxigraph and read into targets, property paths and
//! constraints ([`Shapes`]). The engine checks each focus node by walking oxrdf's indexed
//! graph, focus nodes in parallel chunks, so validation is linear in the data
//! ([`Shapes::validate`]); [`Validator`] checks a graph block by block beside shared quads.
//! Every SHACL Core constraint component is implemented and the W3C SHACL Core test suite
//! passes (`tests/it/shacl_suite.rs`); SHACL-SPARQL and SHACL-AF are refused when the shapes
//! are read, never silently ignored. Nesting is bounded by [`MAX_SHAPE_DEPTH`]. See
//! `docs/design.md`, "The SHACL engine".
//!
//! ```
//! use oxigraph::model::Dataset;
//! use resgraph::shacl::Shapes;
//! let shapes = Shapes::parse_turtle("shapes.ttl", br#"
//!     @prefix sh: <http://www.w3.org/ns/shacl#> .
//!     <https://example.org/S> a sh:NodeShape ;
//!         sh:targetNode <https://example.org/r> ;
//!         sh:property [ sh:path <https://example.org/title> ; sh:minCount 1 ] .
//! "#).unwrap();
//! let report = shapes.validate(&Dataset::new()).unwrap();
//! assert!(!report.conforms());
//! assert_eq!(report.results[0].component, "MinCountConstraintComponent");
//! ```

mod engine;
mod report;
mod shapes;
mod values;

pub use engine::Validator;
pub use report::{Report, Severity, ValidationResult};
pub use shapes::{Shapes, MAX_SHAPE_DEPTH};
