//! IRIs for everything resgraph describes: stable, readable, derived from the record, under a
//! configurable base.
//!
//! ```
//! use resgraph::graph::mint::Minter;
//! let minter = Minter::new("https://example.org/unres/").unwrap();
//! assert_eq!(
//!     minter.instrument("resolution", "unsc", Some(2016), "2331").as_str(),
//!     "https://example.org/unres/resolution/unsc/2016/2331"
//! );
//! ```

use crate::error::{Error, Result};
use crate::model::SchemeKind;
use iri_string::types::IriStr;
use oxigraph::model::NamedNode;

/// The base IRI resgraph mints under when none is given.
pub const DEFAULT_BASE: &str = "https://w3id.org/resgraph/";

/// Builds IRIs under one base; every IRI it returns has been checked by `iri-string`.
#[derive(Debug, Clone)]
pub struct Minter {
    base: String,
}

impl Minter {
    /// A minter under `base`, which must be an absolute http(s) IRI ending in `/`.
    pub fn new(base: &str) -> Result<Minter> {
        let refuse = |message: &str| Error::Base {
            base: base.to_owned(),
            message: message.to_owned(),
        };
        let iri = IriStr::new(base).map_err(|e| refuse(&format!("not a valid IRI: {e}")))?;
        if !matches!(iri.scheme_str(), "http" | "https") {
            return Err(refuse("use an http or https IRI"));
        }
        if iri.query().is_some() || iri.fragment().is_some() || !base.ends_with('/') {
            return Err(refuse("end it with '/' and give no query or fragment"));
        }
        // RFC 3987 allows some (U+00A0, U+2000…), but a space in a base is a pasting slip, and
        // every IRI minted under it would carry it.
        if base.chars().any(char::is_whitespace) {
            return Err(refuse(
                "it holds a space character; write it percent-encoded",
            ));
        }
        Ok(Minter {
            base: base.to_owned(),
        })
    }

    /// The base IRI.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// `{base}{path}`, checked.
    fn iri(&self, path: &str) -> NamedNode {
        checked(format!("{}{path}", self.base))
    }

    /// `{base}{kind}/{body}/{year}/{key}`, e.g. `{base}resolution/unsc/2016/2331`.
    pub fn instrument(&self, kind: &str, body: &str, year: Option<u16>, key: &str) -> NamedNode {
        match year {
            Some(year) => self.iri(&format!("{kind}/{body}/{year:04}/{key}")),
            None => self.iri(&format!("{kind}/{body}/{key}")),
        }
    }

    /// A resource of resgraph itself: `{base}{path}` (e.g. `activity/curation`).
    pub fn own(&self, path: &str) -> NamedNode {
        self.iri(path)
    }

    /// A part of an instrument: `{instrument}/{path}` (e.g. `obligation/1`).
    pub fn part(&self, instrument: &NamedNode, path: &str) -> NamedNode {
        checked(format!("{}/{path}", instrument.as_str()))
    }

    /// A concept scheme: `{base}{topic|group|addressee|body}`
    pub fn scheme(&self, kind: SchemeKind) -> NamedNode {
        self.iri(kind.segment())
    }

    /// A concept: `{base}{topic|group|addressee|body}/{id}`
    pub fn concept(&self, kind: SchemeKind, id: &str) -> NamedNode {
        self.iri(&format!("{}/{id}", kind.segment()))
    }
}

/// Checks a minted IRI. Every path segment resgraph builds comes from a
/// [`crate::model::Slug`] or a number, so this only fails on a bug.
fn checked(iri: String) -> NamedNode {
    assert!(
        IriStr::new(&iri).is_ok(),
        "minted an invalid IRI {iri:?}: a path segment was not checked"
    );
    NamedNode::new_unchecked(iri)
}
