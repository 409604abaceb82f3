//! Stage 1, ingest: read catalogue files, records, concept schemes and mapping tables, and check
//! that they hold together.
//!
//! - [`catalogue`] parses the OSCE compendium's text format into entries;
//! - [`extract`] turns entries into records, with what each description says;
//! - [`import`] writes the records of catalogue files as record files;
//! - [`folder`] reads a data folder (records, concept schemes, mappings) into a [`Collection`];
//! - [`mappings`] reads the SSSOM mapping table;
//! - [`open_world`] makes new, unreviewed concepts of labels no concept names;
//! - [`profile`] maps the headings of a catalogue to the fields of its entries;
//! - [`rdf`] reads RDF files;
//! - [`synth`] makes synthetic records for benchmarks;
//! - `text` (crate-internal) normalises descriptions and finds labels, sentences and paragraphs;
//! - `obligations` (crate-internal) finds the obligations a description reports.

pub mod catalogue;
pub mod extract;
pub mod folder;
pub mod import;
pub mod mappings;
pub(crate) mod obligations;
pub mod open_world;
pub mod profile;
pub mod rdf;
pub mod synth;
pub(crate) mod text;

pub use folder::Collection;
