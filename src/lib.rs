#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod build;
pub mod error;
pub mod export;
pub mod map;
pub mod mint;
pub mod push;
pub mod query;
pub mod read;
pub mod record;
pub mod serve;
pub mod store;
pub mod vocab;

pub use error::{Error, Result};
