//! Stage 4, publish: write the graph in every RDF format, as dumps, with its DCAT-AP/VoID
//! description and the ontology's documentation.
//!
//! - [`export`] serializes quads deterministically, in blocks;
//! - [`stream`] maps and writes records in batches on every core;
//! - [`dump`] writes gzip files and shards with their SHA-256;
//! - [`catalog`] describes the graph for harvesters (DCAT-AP 3, VoID);
//! - [`docs`] writes the ontology's HTML page;
//! - [`html`] is the layout of every HTML page, the ontology's and those of `serve`.

pub mod catalog;
pub mod docs;
pub mod dump;
pub mod export;
pub mod html;
pub mod stream;
