//! Synthetic records for benchmarks: deterministic, shaped like real ones (about 4 topics,
//! 2 armed groups, 1.5 obligations and a 120-word description each), using the ids of the
//! concept schemes so that they pass every check.
//!
//! They are clearly not knowledge: their catalogue source is `https://example.org/…` and their
//! numbers start at 100000, far above any real Security Council resolution.

use crate::ingest::folder::{present_facts, Collection};
use crate::model::{
    Citation, Date, HttpIri, LanguageCode, Link, Number, Obligation, ObligationKind, Record,
    SchemeKind, Slug, Source, SourceKind,
};

/// SplitMix64: a tiny, well-known generator, so the same seed gives the same records on every
/// machine and every version.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `count` distinct items of `from`, in a random order.
    fn pick<'a, T>(&mut self, from: &'a [T], count: usize) -> Vec<&'a T> {
        let mut indices: Vec<usize> = (0..from.len()).collect();
        for i in (1..indices.len()).rev() {
            indices.swap(i, self.below(i + 1));
        }
        indices.iter().take(count).map(|&i| &from[i]).collect()
    }
}

const WORDS: &[&str] = &[
    "the",
    "council",
    "condemns",
    "all",
    "instances",
    "of",
    "exploitation",
    "in",
    "areas",
    "affected",
    "by",
    "conflict",
    "and",
    "stresses",
    "that",
    "states",
    "should",
    "strengthen",
    "cooperation",
    "victims",
    "protection",
    "measures",
    "reporting",
    "mechanisms",
    "including",
    "data",
    "collection",
    "monitoring",
    "accountability",
    "for",
    "persons",
    "responsible",
    "women",
    "children",
    "support",
    "assistance",
    "international",
    "regional",
    "organizations",
    "efforts",
    "prevent",
    "counter",
    "networks",
    "financing",
    "recruitment",
    "border",
];

/// Writes `count` synthetic records (from `seed`) as JSON Lines to `out`, using the concept
/// ids of `concepts`.
pub fn write_synthetic(
    concepts: &Collection,
    count: u64,
    seed: u64,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let ids = |kind: SchemeKind| -> Vec<(Slug, String)> {
        concepts
            .schemes
            .get(&kind)
            .map(|(_, s)| {
                s.concepts
                    .iter()
                    .map(|c| (c.id.clone(), c.label.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (topics, groups, addressees) = (
        ids(SchemeKind::Topic),
        ids(SchemeKind::Group),
        ids(SchemeKind::Addressee),
    );
    let body = ids(SchemeKind::Body)
        .first()
        .map(|(id, _)| id.clone())
        .ok_or_else(|| std::io::Error::other("the data folder has no issuing body"))?;
    let mut random = Random(seed);
    for i in 0..count {
        let record = synthetic_record(&mut random, i, &body, &topics, &groups, &addressees);
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn synthetic_record(
    random: &mut Random,
    i: u64,
    body: &Slug,
    topics: &[(Slug, String)],
    groups: &[(Slug, String)],
    addressees: &[(Slug, String)],
) -> Record {
    let number = 100_000 + i;
    let year = 1946 + (i % 80) as u16;
    let adopted = Date::parse(&format!(
        "{year:04}-{:02}-{:02}",
        1 + random.below(12),
        1 + random.below(28)
    ))
    .expect("days 1 to 28 exist in every month");
    let topic_count = 3 + random.below(3);
    let chosen_topics = random.pick(topics, topic_count);
    let group_count = random.below(5).min(groups.len());
    let chosen_groups = random.pick(groups, group_count);
    let mut sentences = Vec::new();
    let mut words = 0;
    while words < 100 {
        let length = 12 + random.below(10);
        let mut sentence: Vec<&str> = (0..length)
            .map(|_| WORDS[random.below(WORDS.len())])
            .collect();
        sentence[0] = "The";
        words += length;
        sentences.push(format!("{}.", sentence.join(" ")));
    }
    for (_, label) in chosen_topics.iter().chain(chosen_groups.iter()) {
        sentences.push(format!("It addresses {label}."));
    }
    let obligations: Vec<Obligation> = (0..random.below(4))
        .map(|k| {
            let (addressee, label) = &addressees[random.below(addressees.len())];
            let action = format!("take measures against exploitation in area {}", k + 1);
            let quote = format!("The resolution calls upon {label} to {action}.");
            sentences.push(quote.clone());
            Obligation {
                addressee: addressee.clone(),
                action,
                kind: if random.below(2) == 0 {
                    ObligationKind::Procurement
                } else {
                    ObligationKind::General
                },
                quote,
                source: Slug::parse("catalogue").expect("a valid id"),
                citations: if random.below(2) == 0 {
                    vec![Citation {
                        label: format!("paragraph {}", 1 + random.below(30)),
                        paragraph: Some(1 + random.below(30) as u32),
                        quote: None,
                        source: Slug::parse("catalogue").expect("a valid id"),
                    }]
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let url =
        |path: &str| HttpIri::parse(&format!("https://example.org/{path}")).expect("a valid IRI");
    let mut record = Record {
        title: format!("Resolution {number} ({year}) Synthetic record {i}"),
        instrument: Default::default(),
        symbol: Some(format!("S/RES/{number} ({year})")),
        body: body.clone(),
        number: Some(Number::parse(&number.to_string()).expect("digits")),
        key: None,
        year: Some(year),
        types: vec!["International legislation / policy".into()],
        jurisdiction: Some("Global".into()),
        adopted: Some(adopted),
        description: sentences.join(" "),
        topics: chosen_topics
            .into_iter()
            .map(|(id, _)| id.clone())
            .collect(),
        groups: chosen_groups
            .into_iter()
            .map(|(id, _)| id.clone())
            .collect(),
        obligations,
        availability: vec![Link {
            language: LanguageCode::parse("ENG").expect("a valid code"),
            url: url(&format!("synthetic/S/RES/{number}")),
        }],
        sources: vec![Source {
            id: Slug::parse("catalogue").expect("a valid id"),
            kind: SourceKind::Catalogue,
            url: url("synthetic-catalogue"),
            title: "A synthetic catalogue for benchmarks".into(),
            facts: Vec::new(),
        }],
        extraction: None,
    };
    record.sources[0].facts = present_facts(&record);
    record
}
