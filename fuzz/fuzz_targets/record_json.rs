//! The JSON record reader, the checks after it and the mapping of a checked record to RDF.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(record) = resgraph::fuzzing::parse_record(text) else {
        return;
    };
    if common::concepts()
        .check_record(Path::new("fuzz.json"), &record)
        .is_ok()
    {
        let quads = resgraph::graph::map::map_record(common::minter(), &record, true);
        common::assert_quads_sound(&quads.own);
        common::assert_quads_sound(&quads.shared);
    }
});
