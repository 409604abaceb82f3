//! Entry points for the fuzz targets in `fuzz/`, compiled only with the cargo feature
//! `fuzzing`. Not part of resgraph's stable API.

use crate::error::Result;
use crate::model::Record;
use std::path::Path;

/// Reads one JSON record from `text` as `resgraph build` reads a record file (or one line of a
/// JSON Lines file), with the same error positions.
pub fn parse_record(text: &str) -> Result<Record> {
    crate::ingest::folder::parse_json_str(Path::new("fuzz.json"), text, 1)
}
