//! IRI minting from record fields: a base, a slug, an instrument number and a URL, taken from
//! the input split at NUL bytes. Whatever the checks let through must mint a clean IRI.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use resgraph::graph::mint::Minter;
use resgraph::model::{HttpIri, Number, SchemeKind, Slug};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut fields = text.split('\0');
    let base = fields.next().unwrap_or_default();
    let slug = fields.next().unwrap_or_default();
    let number = fields.next().unwrap_or_default();
    let url = fields.next().unwrap_or_default();
    let year = data.first().map_or(2016, |b| 1900 + u16::from(*b));

    let minter = match Minter::new(base) {
        Ok(minter) => {
            common::assert_clean_iri(minter.base());
            minter
        }
        Err(_) => common::minter().clone(),
    };
    if let Ok(slug) = Slug::parse(slug) {
        for kind in [
            SchemeKind::Topic,
            SchemeKind::Group,
            SchemeKind::Addressee,
            SchemeKind::Body,
        ] {
            common::assert_clean_iri(minter.concept(kind, slug.as_str()).as_str());
        }
        common::assert_clean_iri(minter.own(slug.as_str()).as_str());
        if let Ok(number) = Number::parse(number) {
            let instrument =
                minter.instrument("resolution", slug.as_str(), Some(year), &number.segment());
            common::assert_clean_iri(instrument.as_str());
            common::assert_clean_iri(minter.part(&instrument, slug.as_str()).as_str());
        }
    }
    if let Ok(url) = HttpIri::parse(url) {
        common::assert_clean_iri(url.as_str());
    }
});
