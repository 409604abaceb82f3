#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod build;
pub mod error;
pub mod files;
#[cfg(any(feature = "fuzzing", test))]
pub mod fuzzing;
pub mod graph;
pub mod ingest;
pub mod model;
pub mod publish;
pub mod push;
pub mod query;
pub mod serve;
pub mod shacl;
pub mod shipped;
pub mod vocab;

pub use error::{Error, Result};
