//! Stages 2 and 3, the graph: mint IRIs, map records to quads, and load them into a store that
//! answers SPARQL.
//!
//! - [`mint`] makes every IRI under the base;
//! - [`map`] turns a [`crate::ingest::Collection`] into quads, with a source graph per source;
//! - [`store`] loads quads into oxigraph and answers queries within limits;
//! - [`frozen`] holds a read-only graph that answers queries faster, for `build`;
//! - [`order`] sorts an answer on variables itself, computing each row's keys once;
//! - [`memory`] counts the memory each thread holds, for the queries' memory limit.

pub mod frozen;
pub mod map;
pub mod memory;
pub mod mint;
pub mod order;
pub mod store;
