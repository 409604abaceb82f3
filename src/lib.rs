#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod build;
pub mod catalogue;
pub mod describe;
pub mod docs;
pub mod dump;
pub mod error;
pub mod export;
pub mod extract;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub mod map;
pub mod mappings;
pub mod mint;
pub mod push;
pub mod query;
pub mod read;
pub mod record;
pub mod serve;
pub mod store;
pub mod stream;
pub mod synth;
pub mod validate;
pub mod vocab;

pub use error::{Error, Result};
