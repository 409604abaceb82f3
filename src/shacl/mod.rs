//! Stage 3b: SHACL Core validation, evaluated by oxigraph's SPARQL engine.
//!
//! Shapes files are parsed with oxigraph. Each constraint of each shape becomes one SPARQL
//! query over the data store that selects the focus nodes (and value nodes) that break it;
//! `sh:node`, `sh:or`, `sh:and`, `sh:not` and `sh:xone` check the conformance of each value
//! node to the nested shapes the same way. A constraint component that this engine does not
//! implement is refused when the shapes are read, never silently ignored.
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
