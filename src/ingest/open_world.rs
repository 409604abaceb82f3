//! The open world: an organization, a type, a jurisdiction or an addressee that no concept
//! names becomes a new concept, marked unreviewed, instead of refusing the record.
//!
//! A label names a concept when its slug ([`Slug::of`]: case, apostrophes, diacritics, a
//! leading "The", white space and punctuation folded) equals the concept's id or the slug of
//! its label or of one of its alternative labels. There is no fuzzy merging: "UN Security
//! Council" does not match "United Nations Security Council" unless a concept lists it as an
//! alternative label. A new concept's id is the slug of its label, its label is the label as
//! the catalogue writes it, its source is the catalogue, and its status is
//! [`ConceptStatus::Unreviewed`]. A group of states acting together ("Australia, Canada, New
//! Zealand, United Kingdom, and the United States of America") is one organization, labelled
//! as written: resgraph never splits it.
//!
//! ```
//! use resgraph::ingest::open_world::OpenWorld;
//! use resgraph::ingest::Collection;
//! use resgraph::model::{HttpIri, SchemeKind};
//! let mut concepts = Collection::read_dir("data".as_ref()).unwrap();
//! let source = HttpIri::parse("https://example.org/catalogue").unwrap();
//! let mut world = OpenWorld::new(&mut concepts, false, source);
//! assert_eq!(world.concept(SchemeKind::Body, "the United Nations security council").unwrap().as_str(), "unsc");
//! assert_eq!(world.concept(SchemeKind::Body, "Verisk Maplecroft").unwrap().as_str(), "verisk-maplecroft");
//! assert_eq!(world.added().len(), 1);
//! ```

use crate::ingest::Collection;
use crate::model::{Concept, ConceptScheme, ConceptStatus, HttpIri, SchemeKind, Slug};
use std::collections::HashMap;

/// Concept schemes that grow as labels come: each label no concept names becomes a new,
/// unreviewed concept (or, when strict, an error).
pub struct OpenWorld<'a> {
    concepts: &'a mut Collection,
    strict: bool,
    source: HttpIri,
    added: Vec<(SchemeKind, Slug)>,
    /// Every name of every concept (its id, and the slugs of its labels) to its id, so that a
    /// look-up costs the same however many concepts there are.
    names: HashMap<(SchemeKind, Slug), Slug>,
}

impl<'a> OpenWorld<'a> {
    /// Grows the schemes of `concepts`; new concepts cite `source`. With `strict`, a label no
    /// concept names is an error instead.
    pub fn new(concepts: &'a mut Collection, strict: bool, source: HttpIri) -> OpenWorld<'a> {
        let mut names = HashMap::new();
        for (kind, (_, scheme)) in &concepts.schemes {
            for concept in &scheme.concepts {
                let slugs = std::iter::once(&concept.label)
                    .chain(&concept.alt_labels)
                    .filter_map(|label| Slug::of(label));
                for name in std::iter::once(concept.id.clone()).chain(slugs) {
                    names
                        .entry((*kind, name))
                        .or_insert_with(|| concept.id.clone());
                }
            }
        }
        OpenWorld {
            concepts,
            strict,
            source,
            added: Vec::new(),
            names,
        }
    }

    /// The concept schemes as they are now.
    pub fn collection(&self) -> &Collection {
        self.concepts
    }

    /// The concepts made so far, in the order they were made.
    pub fn added(&self) -> &[(SchemeKind, Slug)] {
        &self.added
    }

    /// The id of the concept of `kind` that `label` names, made if there is none. The error
    /// says what is wrong: a label with no letter or digit, or (strict) an unknown label.
    pub fn concept(&mut self, kind: SchemeKind, label: &str) -> Result<Slug, String> {
        let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(c) = label
            .chars()
            .find(|c| !crate::ingest::folder::is_xml_char(*c))
        {
            return Err(format!(
                "the {} {label:?} holds the character U+{:04X}, which RDF/XML cannot hold",
                kind.segment(),
                c as u32
            ));
        }
        let Some(slug) = Slug::of(&label) else {
            return Err(format!(
                "the {} {label:?} has no letter or digit to name it by",
                kind.segment()
            ));
        };
        if let Some(id) = self.names.get(&(kind, slug.clone())) {
            return Ok(id.clone());
        }
        let (path, scheme) = self.concepts.schemes.entry(kind).or_insert_with(|| {
            (
                format!("concepts/{}.json", kind.segment()).into(),
                ConceptScheme {
                    scheme: kind,
                    title: format!("{} concepts", kind.segment()),
                    concepts: Vec::new(),
                },
            )
        });
        if self.strict {
            return Err(format!(
                "the {} {label:?} is not in {} (without --strict it becomes a new, unreviewed concept)",
                kind.segment(),
                path.display()
            ));
        }
        scheme.concepts.push(Concept {
            id: slug.clone(),
            label,
            alt_labels: Vec::new(),
            definition: None,
            sources: vec![self.source.clone()],
            status: Some(ConceptStatus::Unreviewed),
        });
        self.concepts.schemes_changed();
        self.names.insert((kind, slug.clone()), slug.clone());
        self.added.push((kind, slug.clone()));
        Ok(slug)
    }
}
