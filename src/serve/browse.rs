//! `/instruments`: every instrument, a page at a time, narrowed by facets (issuing body, year,
//! kind, topic, armed group) with their counts, and by a word search over titles, symbols and
//! descriptions.
//!
//! The [`BrowseIndex`] is made once ([`Indexing`]: from the quads as `build --store` loads them,
//! or by one scan of each property it reads in `serve`'s store; linear in the graph), and then
//! answers each request in memory: the search words are looked up in an inverted index (word →
//! sorted instrument numbers) and intersected, and one pass over the matching instruments counts
//! the facets and picks the page. So a page costs time linear in the instruments that match,
//! never a SPARQL query over the whole graph.

use crate::graph::map::kind_class;
use crate::model::InstrumentKind;
use crate::vocab::{dcterms, eli, rdf, rg, skos};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef, TermRef};
use oxigraph::store::Store;
use std::collections::{BTreeMap, HashMap};

/// The file in an on-disk store's folder holding the browse index `build --store` made from
/// it ([`BrowseIndex::write`]), which `serve --store` reads instead of scanning the store.
pub const STORE_BROWSE_FILE: &str = "browse-index.json";

/// Instruments on one page of `/instruments`.
pub const PAGE_SIZE: usize = 50;
/// Values shown per facet (the most frequent first); the others are reached by search.
pub const FACET_VALUES: usize = 20;
/// The most words a search uses; later words are ignored (and the page says so).
pub const MAX_SEARCH_WORDS: usize = 16;

/// The facets, in the order the page shows them, with their query-string names.
pub const FACETS: [(&str, &str); 5] = [
    ("body", "Issuing body"),
    ("year", "Year"),
    ("kind", "Kind"),
    ("topic", "Topic"),
    ("group", "Armed group"),
];

/// One instrument as the browse page lists it.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// The instrument's IRI.
    pub iri: String,
    /// Its symbol (`S/RES/2331 (2016)`) or, without one, its title.
    pub label: String,
    /// Its title.
    pub title: String,
    /// The value of each facet (indexes into [`BrowseIndex::values`]), in [`FACETS`] order.
    facets: [Vec<u32>; 5],
}

/// What the browse page knows of every instrument, made once from the store.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct BrowseIndex {
    entries: Vec<Entry>,
    /// Each facet's values (a label per value number), in [`FACETS`] order.
    values: [Vec<String>; 5],
    /// Each facet's value numbers by label: the inverse of `values` (not written: it is made
    /// again from `values` when the index is read).
    #[serde(skip)]
    numbers: [HashMap<String, u32>; 5],
    /// Each word (lower case) → the sorted numbers of the instruments whose title, symbol or
    /// description has it. Written as gaps ([`gaps`]).
    #[serde(rename = "word_gaps", with = "gaps")]
    words: BTreeMap<String, Vec<u32>>,
}

/// The instrument numbers of each word, written as gaps: the first number, then each one's
/// distance from the one before. Most are small numbers of a digit or two instead of up to
/// seven, which makes the index file less than half as long and as quick to read. (The field is
/// `word_gaps`, so that an index written before, with `words`, is refused, not misread.)
mod gaps {
    use serde::de::Error;
    use serde::ser::SerializeSeq;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    /// Writes each word's numbers (sorted, each once) as gaps.
    pub fn serialize<S: Serializer>(
        words: &BTreeMap<String, Vec<u32>>,
        out: S,
    ) -> Result<S::Ok, S::Error> {
        out.collect_map(words.iter().map(|(word, numbers)| (word, Gaps(numbers))))
    }

    /// One word's numbers, as gaps.
    struct Gaps<'a>(&'a [u32]);

    impl Serialize for Gaps<'_> {
        fn serialize<S: Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
            let mut seq = out.serialize_seq(Some(self.0.len()))?;
            let mut last = 0;
            for &number in self.0 {
                seq.serialize_element(&(number - last))?;
                last = number;
            }
            seq.end()
        }
    }

    /// Reads each word's gaps back into its numbers; a repeated number or one past `u32` is
    /// refused.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        input: D,
    ) -> Result<BTreeMap<String, Vec<u32>>, D::Error> {
        let mut words = BTreeMap::<String, Vec<u32>>::deserialize(input)?;
        for (word, numbers) in &mut words {
            let mut last = 0u32;
            for (i, number) in numbers.iter_mut().enumerate() {
                if i > 0 && *number == 0 {
                    return Err(D::Error::custom(format!(
                        "the word {word:?} lists an instrument twice"
                    )));
                }
                last = last.checked_add(*number).ok_or_else(|| {
                    D::Error::custom(format!("the word {word:?} lists a number past 2^32"))
                })?;
                *number = last;
            }
        }
        Ok(words)
    }
}

/// A request to `/instruments`: the chosen facet values, the search text and the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// The chosen value (its label) of each facet, in [`FACETS`] order.
    pub chosen: [Option<String>; 5],
    /// The search text.
    pub search: String,
    /// The page, from 1.
    pub page: usize,
}

/// One facet value with the number of matching instruments that have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    /// The value's label.
    pub label: String,
    /// How many of the matching instruments have it.
    pub count: usize,
}

/// The answer to a [`Selection`].
#[derive(Debug)]
pub struct Found<'a> {
    /// How many instruments match.
    pub total: usize,
    /// The instruments of the requested page.
    pub page: Vec<&'a Entry>,
    /// For each facet (in [`FACETS`] order), its most frequent values among the matches.
    pub facets: [Vec<FacetCount>; 5],
    /// The search words used (lower case).
    pub words: Vec<String>,
}

/// The words of a text: maximal runs of letters and digits, in lower case.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

impl Selection {
    /// Reads a query string (`body=UN%20Security%20Council&year=2016&q=forced+labour&page=2`);
    /// unknown or malformed parameters are ignored, a page below 1 is page 1.
    pub fn from_query(query: &str) -> Selection {
        let mut selection = Selection {
            page: 1,
            ..Selection::default()
        };
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            if value.is_empty() {
                continue;
            }
            if let Some(i) = FACETS.iter().position(|(n, _)| *n == name) {
                selection.chosen[i] = Some(value.into_owned());
            } else if name == "q" {
                selection.search = value.into_owned();
            } else if name == "page" {
                selection.page = value.parse().unwrap_or(1).max(1);
            }
        }
        selection
    }

    /// The query string of this selection with facet `facet` set to `value` (or removed) and
    /// the page set to `page`.
    pub fn with(&self, facet: Option<(usize, Option<&str>)>, page: usize) -> String {
        let mut chosen = self.chosen.clone();
        if let Some((i, value)) = facet {
            chosen[i] = value.map(str::to_owned);
        }
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (i, value) in chosen.iter().enumerate() {
            if let Some(value) = value {
                query.append_pair(FACETS[i].0, value);
            }
        }
        if !self.search.is_empty() {
            query.append_pair("q", &self.search);
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        query.finish()
    }
}

impl BrowseIndex {
    /// Reads every instrument of the default graph of `store` ([`Indexing`]): one scan of
    /// each type of instrument, then one of each property the index reads.
    pub fn from_store(store: &Store) -> Result<BrowseIndex, oxigraph::store::StorageError> {
        let default = Some(GraphNameRef::DefaultGraph);
        let mut indexing = Indexing::default();
        for kind in InstrumentKind::ALL {
            let class = kind_class(kind).into();
            for quad in store.quads_for_pattern(None, Some(rdf::TYPE), Some(class), default) {
                indexing.see_type(quad?.as_ref());
            }
        }
        for predicate in Indexing::READS {
            for quad in store.quads_for_pattern(None, Some(predicate), None, default) {
                indexing.see(quad?.as_ref());
            }
        }
        Ok(indexing.finish())
    }

    /// Writes the index as JSON (`numbers` is left out: [`BrowseIndex::read`] makes it again).
    pub fn write(&self, out: impl std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer(out, self).map_err(std::io::Error::other)
    }

    /// Reads an index that [`BrowseIndex::write`] wrote.
    pub fn read(json: &[u8]) -> Result<BrowseIndex, serde_json::Error> {
        let mut index: BrowseIndex = serde_json::from_slice(json)?;
        let count = index.entries.len();
        if let Some((word, _)) = index
            .words
            .iter()
            .find(|(_, numbers)| numbers.last().is_some_and(|&n| n as usize >= count))
        {
            return Err(serde::de::Error::custom(format!(
                "the word {word:?} lists an instrument past the {count} there are"
            )));
        }
        if let Some(entry) = index.entries.iter().find(|entry| {
            (entry.facets.iter().zip(&index.values))
                .any(|(chosen, values)| chosen.iter().any(|&n| n as usize >= values.len()))
        }) {
            return Err(serde::de::Error::custom(format!(
                "the instrument {} has a facet value the index does not list",
                entry.iri
            )));
        }
        for (values, numbers) in index.values.iter().zip(&mut index.numbers) {
            numbers.extend(
                values
                    .iter()
                    .enumerate()
                    .map(|(n, v)| (v.clone(), n as u32)),
            );
        }
        Ok(index)
    }

    /// How many instruments there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The instruments that match `selection` (every chosen facet value, every search word),
    /// the requested page of them and the facet counts among them.
    pub fn find(&self, selection: &Selection) -> Found<'_> {
        let words: Vec<String> = words(&selection.search).take(MAX_SEARCH_WORDS).collect();
        let mut chosen: [Option<u32>; 5] = [None; 5];
        let mut impossible = false;
        for (i, value) in selection.chosen.iter().enumerate() {
            if let Some(value) = value {
                match self.numbers[i].get(value) {
                    Some(n) => chosen[i] = Some(*n),
                    None => impossible = true,
                }
            }
        }
        let candidates: Box<dyn Iterator<Item = u32> + '_> = if impossible {
            Box::new(std::iter::empty())
        } else if words.is_empty() {
            Box::new(0..self.entries.len() as u32)
        } else {
            let mut lists: Vec<&[u32]> = Vec::new();
            for word in &words {
                match self.words.get(word) {
                    Some(list) => lists.push(list),
                    None => lists.clear(),
                }
                if lists.is_empty() {
                    break;
                }
            }
            lists.sort_by_key(|l| l.len());
            match lists.split_first() {
                None => Box::new(std::iter::empty()),
                Some((shortest, rest)) => {
                    let rest: Vec<&[u32]> = rest.to_vec();
                    Box::new(
                        shortest
                            .iter()
                            .copied()
                            .filter(move |n| rest.iter().all(|l| l.binary_search(n).is_ok())),
                    )
                }
            }
        };
        let first = (selection.page - 1).saturating_mul(PAGE_SIZE);
        let mut counts: [HashMap<u32, usize>; 5] = Default::default();
        let mut total = 0;
        let mut page = Vec::new();
        for n in candidates {
            let entry = &self.entries[n as usize];
            let fits = chosen
                .iter()
                .zip(&entry.facets)
                .all(|(want, has)| want.is_none_or(|w| has.contains(&w)));
            if !fits {
                continue;
            }
            if total >= first && page.len() < PAGE_SIZE {
                page.push(entry);
            }
            total += 1;
            for (i, values) in entry.facets.iter().enumerate() {
                for value in values {
                    *counts[i].entry(*value).or_default() += 1;
                }
            }
        }
        let facets = std::array::from_fn(|i| {
            let mut found: Vec<FacetCount> = counts[i]
                .iter()
                .map(|(value, count)| FacetCount {
                    label: self.values[i][*value as usize].clone(),
                    count: *count,
                })
                .collect();
            found.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
            found.truncate(FACET_VALUES);
            found
        });
        Found {
            total,
            page,
            facets,
            words,
        }
    }
}

/// Makes a [`BrowseIndex`] from the statements of a default graph: first those that type the
/// instruments ([`Indexing::see_type`]), then the statements about them and the concepts'
/// labels ([`Indexing::see`]). A statement about a subject not yet typed as an instrument is
/// passed over. `build --store` notes each batch of quads as it loads them ([`Indexing::note`]),
/// so that it need not scan the store afterwards (418 s at 1,000,000 records); `serve` scans
/// its store ([`BrowseIndex::from_store`]). Each value that several statements give (a title,
/// a symbol, a concept's label) is the least of them, so the order they come in does not
/// matter.
#[derive(Debug, Default)]
pub struct Indexing {
    index: BrowseIndex,
    /// Each instrument's number, by its IRI.
    number: HashMap<String, u32>,
    /// Each word → the numbers of the instruments that have it (unsorted, maybe repeated).
    postings: BTreeMap<String, Vec<u32>>,
    /// The facets' values as the statements give them (a concept's IRI, a year), in
    /// [`FACETS`] order, each with its number; [`Indexing::finish`] puts labels in their place.
    raw: [(Vec<String>, HashMap<String, u32>); 5],
    /// The label of each concept, by IRI.
    labels: HashMap<String, String>,
}

impl Indexing {
    /// The predicates whose statements [`Indexing::see`] reads.
    pub const READS: [NamedNodeRef<'static>; 11] = [
        skos::PREF_LABEL,
        dcterms::TITLE,
        eli::ID_LOCAL,
        dcterms::DESCRIPTION,
        eli::PASSED_BY,
        dcterms::PUBLISHER,
        eli::DATE_DOCUMENT,
        dcterms::ISSUED,
        eli::IS_ABOUT,
        dcterms::SUBJECT,
        rg::NAMES_GROUP,
    ];

    /// Notes a batch of quads (of any graph): the instruments they type, then what they say
    /// of them. No statement about an instrument may come in an earlier batch than the one
    /// that types it, as in `build`, which hands on each record's statements in one batch.
    pub fn note(&mut self, quads: &[Quad]) {
        for quad in quads {
            self.see_type(quad.as_ref());
        }
        for quad in quads {
            self.see(quad.as_ref());
        }
    }

    /// Notes `quad` if it types an instrument (a named node) in the default graph.
    pub fn see_type(&mut self, quad: QuadRef<'_>) {
        let (NamedOrBlankNodeRef::NamedNode(iri), TermRef::NamedNode(class)) =
            (quad.subject, quad.object)
        else {
            return;
        };
        if quad.predicate != rdf::TYPE || !quad.graph_name.is_default_graph() {
            return;
        }
        let Some(kind) = InstrumentKind::ALL
            .into_iter()
            .find(|k| kind_class(*k) == class)
        else {
            return;
        };
        let n = match self.number.get(iri.as_str()) {
            Some(n) => *n,
            None => {
                let n = self.index.entries.len() as u32;
                self.index.entries.push(Entry {
                    iri: iri.as_str().to_owned(),
                    ..Entry::default()
                });
                self.number.insert(iri.as_str().to_owned(), n);
                n
            }
        };
        self.facet(KIND, n, kind.segment());
    }

    /// Notes `quad` if it is in the default graph and labels a concept or says what
    /// [`Indexing::READS`] reads of an instrument.
    pub fn see(&mut self, quad: QuadRef<'_>) {
        if !quad.graph_name.is_default_graph() {
            return;
        }
        let (predicate, object) = (quad.predicate, quad.object);
        if predicate == skos::PREF_LABEL {
            if let (NamedOrBlankNodeRef::NamedNode(c), TermRef::Literal(l)) = (quad.subject, object)
            {
                least(
                    self.labels.entry(c.as_str().to_owned()).or_default(),
                    l.value(),
                );
            }
        }
        let NamedOrBlankNodeRef::NamedNode(subject) = quad.subject else {
            return;
        };
        let Some(&n) = self.number.get(subject.as_str()) else {
            return;
        };
        let text = match object {
            TermRef::Literal(l) => Some(l.value()),
            _ => None,
        };
        let facet = match (predicate, object) {
            (p, TermRef::NamedNode(c)) if p == eli::PASSED_BY || p == dcterms::PUBLISHER => {
                Some((BODY, c.as_str()))
            }
            (p, TermRef::NamedNode(c)) if p == eli::IS_ABOUT || p == dcterms::SUBJECT => {
                Some((TOPIC, c.as_str()))
            }
            (p, TermRef::NamedNode(c)) if p == rg::NAMES_GROUP => Some((GROUP, c.as_str())),
            (p, TermRef::Literal(l)) if p == eli::DATE_DOCUMENT || p == dcterms::ISSUED => {
                l.value().get(..4).map(|year| (YEAR, year))
            }
            _ => None,
        };
        if let Some((i, value)) = facet {
            self.facet(i, n, value);
            return;
        }
        let Some(text) = text else {
            return;
        };
        let entry = &mut self.index.entries[n as usize];
        if predicate == dcterms::TITLE {
            least(&mut entry.title, text);
        } else if predicate == eli::ID_LOCAL {
            least(&mut entry.label, text);
        } else if predicate != dcterms::DESCRIPTION {
            return;
        }
        // A description gives only words.
        for word in words(text) {
            self.postings.entry(word).or_default().push(n);
        }
    }

    /// Gives instrument `n` the value `value` (as the statements give it) of facet `i`.
    fn facet(&mut self, i: usize, n: u32, value: &str) {
        let (values, numbers) = &mut self.raw[i];
        let value = intern(values, numbers, value);
        let chosen = &mut self.index.entries[n as usize].facets[i];
        if !chosen.contains(&value) {
            chosen.push(value);
        }
    }

    /// The index: the concepts' labels in place of their IRIs (a value without a label is
    /// dropped), each instrument without a symbol labelled by its title, the instruments in
    /// the order of their labels.
    pub fn finish(mut self) -> BrowseIndex {
        let mut index = std::mem::take(&mut self.index);
        // Each raw value's number among the labels, if it has one.
        let relabel: Vec<Vec<Option<u32>>> = (0..FACETS.len())
            .map(|i| {
                let (values, interned) = (&mut index.values[i], &mut index.numbers[i]);
                self.raw[i]
                    .0
                    .iter()
                    .map(|raw| {
                        let label = match i {
                            YEAR | KIND => Some(raw),
                            _ => self.labels.get(raw),
                        };
                        label.map(|label| intern(values, interned, label))
                    })
                    .collect()
            })
            .collect();
        for entry in &mut index.entries {
            for (chosen, relabel) in entry.facets.iter_mut().zip(&relabel) {
                let mut labelled: Vec<u32> = Vec::with_capacity(chosen.len());
                for value in chosen.iter().filter_map(|raw| relabel[*raw as usize]) {
                    if !labelled.contains(&value) {
                        labelled.push(value);
                    }
                }
                *chosen = labelled;
            }
            if entry.label.is_empty() {
                entry.label = entry.title.clone();
            }
        }
        // List by label; the word index keeps instrument numbers, so renumber it.
        let mut order: Vec<u32> = (0..index.entries.len() as u32).collect();
        order.sort_by(|a, b| {
            let (a, b) = (&index.entries[*a as usize], &index.entries[*b as usize]);
            (&a.label, &a.iri).cmp(&(&b.label, &b.iri))
        });
        let mut new_number = vec![0u32; order.len()];
        for (new, old) in order.iter().enumerate() {
            new_number[*old as usize] = new as u32;
        }
        let mut entries: Vec<Option<Entry>> = index.entries.drain(..).map(Some).collect();
        index.entries = order
            .iter()
            .map(|old| entries[*old as usize].take().unwrap_or_default())
            .collect();
        index.words = self.postings;
        for postings in index.words.values_mut() {
            for n in postings.iter_mut() {
                *n = new_number[*n as usize];
            }
            postings.sort_unstable();
            postings.dedup();
        }
        index
    }
}

/// The facets' positions in [`FACETS`].
const BODY: usize = 0;
const YEAR: usize = 1;
const KIND: usize = 2;
const TOPIC: usize = 3;
const GROUP: usize = 4;

/// Keeps in `kept` the least of it and `text` (`text` when `kept` is empty).
fn least(kept: &mut String, text: &str) {
    if kept.is_empty() || text < kept.as_str() {
        text.clone_into(kept);
    }
}

/// The number of `label` among `values`, added if new.
fn intern(values: &mut Vec<String>, interned: &mut HashMap<String, u32>, label: &str) -> u32 {
    if let Some(n) = interned.get(label) {
        return *n;
    }
    values.push(label.to_owned());
    interned.insert(label.to_owned(), values.len() as u32 - 1);
    values.len() as u32 - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_before_its_instruments_type_in_a_batch_is_indexed() {
        let iri = |iri: &str| oxigraph::model::NamedNode::new(iri).unwrap();
        let r = iri("https://example.org/r");
        let default = oxigraph::model::GraphName::DefaultGraph;
        let title = oxigraph::model::Literal::new_simple_literal("Forced labour");
        let mut indexing = Indexing::default();
        indexing.note(&[
            Quad::new(r.clone(), dcterms::TITLE, title, default.clone()),
            Quad::new(r, rdf::TYPE, rg::ACT, default),
        ]);
        let index = indexing.finish();
        let found = index.find(&Selection::from_query("q=labour&kind=act"));
        assert_eq!(found.total, 1);
        assert_eq!(found.page[0].label, "Forced labour");
        assert_eq!(found.facets[KIND][0].label, "act");
    }

    #[test]
    fn a_selection_reads_its_query_string_and_writes_it_back() {
        let s = Selection::from_query("body=UN+Security+Council&q=forced%20labour&page=0&x=1");
        assert_eq!(s.chosen[0].as_deref(), Some("UN Security Council"));
        assert_eq!(s.search, "forced labour");
        assert_eq!(s.page, 1);
        assert_eq!(
            s.with(Some((1, Some("2016"))), 3),
            "body=UN+Security+Council&year=2016&q=forced+labour&page=3"
        );
        assert_eq!(s.with(Some((0, None)), 1), "q=forced+labour");
    }

    /// An index of three instruments, as [`BrowseIndex::write`] writes it.
    const THREE: &str = concat!(
        r#"{"entries":["#,
        r#"{"iri":"urn:a","label":"A","title":"Forced labour","facets":[[0],[],[],[],[]]},"#,
        r#"{"iri":"urn:b","label":"B","title":"Supply chains","facets":[[0],[],[],[],[]]},"#,
        r#"{"iri":"urn:c","label":"C","title":"Forced labour in supply chains","facets":[[],[],[],[],[]]}],"#,
        r#""values":[["UN Security Council"],[],[],[],[]],"#,
        r#""word_gaps":{"chains":[1,1],"forced":[0,2],"in":[2],"labour":[0,2],"supply":[1,1]}}"#
    );

    #[test]
    fn the_index_file_holds_each_words_numbers_as_gaps_and_reads_back_the_same() {
        let index = BrowseIndex::read(THREE.as_bytes()).unwrap();
        let found = |search: &str| -> Vec<String> {
            let selection = Selection {
                search: search.to_owned(),
                page: 1,
                ..Selection::default()
            };
            let found = index.find(&selection);
            found.page.iter().map(|e| e.iri.clone()).collect()
        };
        assert_eq!(found("forced labour"), ["urn:a", "urn:c"]);
        assert_eq!(found("supply chains"), ["urn:b", "urn:c"]);
        let mut written = Vec::new();
        index.write(&mut written).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), THREE);
    }

    #[test]
    fn an_index_of_another_form_or_damaged_is_refused() {
        let refused = |json: &str| BrowseIndex::read(json.as_bytes()).unwrap_err().to_string();
        // Written before the gaps: the numbers themselves, under `words`.
        let before = THREE.replace(r#""word_gaps":{"#, r#""words":{"#);
        assert_eq!(
            refused(&before),
            "missing field `word_gaps` at line 1 column 392"
        );
        assert_eq!(
            refused(&THREE.replace(r#""in":[2]"#, r#""in":[3]"#)),
            "the word \"in\" lists an instrument past the 3 there are"
        );
        assert_eq!(
            refused(&THREE.replace(r#""forced":[0,2]"#, r#""forced":[0,0]"#)),
            "the word \"forced\" lists an instrument twice at line 1 column 396"
        );
        assert_eq!(
            refused(&THREE.replace(
                r#""facets":[[0],[],[],[],[]]},{"iri":"urn:b""#,
                r#""facets":[[1],[],[],[],[]]},{"iri":"urn:b""#
            )),
            "the instrument urn:a has a facet value the index does not list"
        );
    }

    #[test]
    fn words_are_lower_case_runs_of_letters_and_digits() {
        let found: Vec<String> = words("S/RES/2331 (2016): Trafficking, Lord’s Army").collect();
        assert_eq!(
            found,
            [
                "s",
                "res",
                "2331",
                "2016",
                "trafficking",
                "lord",
                "s",
                "army"
            ]
        );
    }
}
