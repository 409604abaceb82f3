//! The ORDER BY of a SELECT query whose keys are all variables, done by resgraph instead of by
//! the engine, with each row's keys computed once.
//!
//! spareval 0.2.9 evaluates every key of both rows at each comparison of its sort and copies
//! each string key it compares, so sorting 150,000 rows on five string keys takes about as long
//! as finding them (docs/scale.md, "Sorting the answer"). Here each row is read from the store
//! once and held as bytes, led by one byte string for all its keys whose order as bytes is the
//! rows' order, and the sort compares those strings where they lie.
//!
//! The answer is the same as the engine's: the same rows, in the same order wherever the keys
//! differ (rows with equal keys keep the engine's order; SPARQL leaves their order open). This
//! module knows the engine's order of unbound values, IRIs, strings (`xsd:string`, and
//! language-tagged) and dates without a time zone (`xsd:date`, `xsd:gYearMonth`, `xsd:gYear`
//! with four-digit years: [`is_plain_date`]), which are what the stored queries sort on: IRIs
//! before literals, and literals by text, then datatype, then language. (spareval compares two
//! such dates by value, which is their order as text, and a date with another literal by text
//! first.) A row with another kind of key (a number, a date with a time zone, a blank node)
//! ends the attempt, and the caller runs the query as written
//! ([`crate::graph::store::SparqlGraph::stream`]).

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{BlankNodeRef, LiteralRef, NamedNodeRef, TermRef, Variable};
use spargebra::algebra::{Expression, GraphPattern, OrderExpression};

/// How to sort the answer of a query whose ORDER BY [`Order::take`] took out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// Each key: its column in the rows the rewritten query returns, and whether it descends.
    /// No column is a key twice.
    keys: Vec<(usize, bool)>,
    /// How many of those columns the query as written projects; the others were added for the
    /// keys, and are dropped once the rows are sorted.
    shown: usize,
}

impl Order {
    /// Takes the ORDER BY out of a SELECT query whose solution modifiers are, from the inside,
    /// ORDER BY on variables alone, the projection, then DISTINCT or REDUCED or neither (no
    /// LIMIT, no OFFSET), and returns how to sort its rows; `None`, leaving the query as it is,
    /// otherwise.
    ///
    /// A key that the query does not project is added at the end of its projection, unless it
    /// is DISTINCT or REDUCED (the added column would change which rows are the same).
    ///
    /// ```
    /// use resgraph::graph::order::Order;
    /// use resgraph::graph::store::parse_query;
    ///
    /// let sorted = "SELECT ?b WHERE { ?a ?p ?b } ORDER BY DESC(?a) ?b";
    /// let mut query = parse_query("q", sorted).unwrap();
    /// assert_eq!(Order::take(&mut query).map(|order| order.shown()), Some(1));
    /// // ?a is added to the projection, for the sort; the answer shows ?b alone.
    /// assert_eq!(query.to_string(), "SELECT ?b ?a WHERE { ?a ?p ?b . }");
    ///
    /// let by_text = "SELECT ?a WHERE { ?a ?p ?b } ORDER BY STR(?a)";
    /// let mut query = parse_query("q", by_text).unwrap();
    /// assert_eq!(Order::take(&mut query), None);
    /// assert!(query.to_string().ends_with("ORDER BY ASC(STR(?a))"));
    /// ```
    pub fn take(query: &mut spargebra::Query) -> Option<Order> {
        let spargebra::Query::Select { pattern, .. } = query else {
            return None;
        };
        match pattern {
            GraphPattern::Distinct { inner } | GraphPattern::Reduced { inner } => {
                Self::take_from(inner, true)
            }
            projection => Self::take_from(projection, false),
        }
    }

    /// [`Order::take`] on the projection of a query.
    fn take_from(projection: &mut GraphPattern, distinct: bool) -> Option<Order> {
        let GraphPattern::Project { inner, variables } = projection else {
            return None;
        };
        let GraphPattern::OrderBy {
            inner: ordered,
            expression,
        } = &mut **inner
        else {
            return None;
        };
        let shown = variables.len();
        let mut columns: Vec<Variable> = variables.clone();
        let mut keys = Vec::with_capacity(expression.len());
        for key in expression.iter() {
            let (variable, descending) = match key {
                OrderExpression::Asc(Expression::Variable(v)) => (v, false),
                OrderExpression::Desc(Expression::Variable(v)) => (v, true),
                _ => return None,
            };
            let column = match columns.iter().position(|c| c == variable) {
                Some(column) => column,
                None if distinct => return None,
                None => {
                    columns.push(variable.clone());
                    columns.len() - 1
                }
            };
            // A column sorted on once already breaks no tie the second time.
            if keys.iter().all(|&(c, _)| c != column) {
                keys.push((column, descending));
            }
        }
        **inner = std::mem::replace(&mut **ordered, empty());
        *variables = columns;
        Some(Order { keys, shown })
    }

    /// How many columns of each row the query as written projects (the first ones).
    pub fn shown(&self) -> usize {
        self.shown
    }
}

/// The rows of an answer, held to be sorted by an [`Order`]: each row as bytes, one row after
/// another in blocks of 1 MiB (`BLOCK`), so that a row costs little more than its text (an
/// oxrdf `Term` is an enum and an allocation for each of its texts). A row starts with its
/// sort key, all its keys in one byte string whose order as bytes is the order of the rows
/// (built by `sort_key`), so that a comparison is one `memcmp` from each row's start; its terms
/// follow.
#[derive(Debug)]
pub struct Sorter {
    order: Order,
    blocks: Vec<Vec<u8>>,
    /// Where each row starts: its block, then its offset in the block.
    rows: Vec<(u32, u32)>,
    /// The sort key of the row being pushed, before it is copied into its block (kept to reuse
    /// its memory).
    key: Vec<u8>,
}

/// The size of a block of rows; a longer row has a block of its own.
const BLOCK: usize = 1 << 20;

impl Sorter {
    /// An empty sorter for `order`.
    pub fn new(order: Order) -> Sorter {
        Sorter {
            order,
            blocks: Vec::new(),
            rows: Vec::new(),
            key: Vec::new(),
        }
    }

    /// Holds `row` (in the columns of the rewritten query); `false`, holding nothing, when one
    /// of its keys is a term this module cannot order: neither unbound, nor an IRI, nor a
    /// string, nor a date without a time zone ([`is_plain_date`]).
    pub fn push(&mut self, row: &[Option<TermRef<'_>>]) -> bool {
        let orderable = |column: usize| match texts(row[column]) {
            (UNBOUND | IRI | STRING | TAGGED, ..) => true,
            (TYPED, value, Some(datatype)) => is_plain_date(value, datatype),
            _ => false,
        };
        if !self.order.keys.iter().all(|&(column, _)| orderable(column)) {
            return false;
        }
        let shown = &row[..self.order.shown];
        self.key.clear();
        for &(column, descending) in &self.order.keys {
            sort_key(&mut self.key, row[column], descending);
        }
        let key_len = u32::try_from(self.key.len()).expect("a sort key is below 4 GiB");
        let size = 4 + self.key.len() + shown.iter().map(encoded_len).sum::<usize>();
        let fits = self
            .blocks
            .last()
            .is_some_and(|b| b.len() + size <= b.capacity());
        if !fits {
            self.blocks.push(Vec::with_capacity(size.max(BLOCK)));
        }
        let block = self.blocks.len() - 1;
        let bytes = &mut self.blocks[block];
        let offset = u32::try_from(bytes.len()).expect("a block is below 4 GiB");
        bytes.extend(key_len.to_le_bytes());
        bytes.extend(&self.key);
        for term in shown {
            encode(bytes, *term);
        }
        let block = u32::try_from(block).expect("fewer than 4 G blocks");
        self.rows.push((block, offset));
        true
    }

    /// How many rows it holds.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether it holds no row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Hands `each` the rows in order, each with the columns the query as written projects,
    /// its terms borrowed from where they are held; an error of `each` stops and is returned.
    /// `check` is called at each comparison, so that it can stop a sort that has run out of
    /// time.
    pub fn sorted<E>(
        mut self,
        check: impl Fn(),
        mut each: impl FnMut(&[Option<TermRef<'_>>]) -> Result<(), E>,
    ) -> Result<(), E> {
        let row = |(block, offset): (u32, u32)| &self.blocks[block as usize][offset as usize..];
        let mut rows = std::mem::take(&mut self.rows);
        rows.sort_by(|&a, &b| {
            check();
            held_key(row(a)).0.cmp(held_key(row(b)).0)
        });
        let mut terms = Vec::with_capacity(self.order.shown);
        for at in rows {
            let mut bytes = held_key(row(at)).1;
            terms.clear();
            terms.extend((0..self.order.shown).map(|_| decode(&mut bytes)));
            each(&terms)?;
        }
        Ok(())
    }
}

// A term as bytes: a kind, then its texts, each as its length (4 bytes) and its UTF-8 bytes.
const UNBOUND: u8 = 0;
const IRI: u8 = 1;
const BLANK: u8 = 2;
const STRING: u8 = 3;
const TAGGED: u8 = 4;
const TYPED: u8 = 5;

/// Whether `value` of `datatype` is an `xsd:date` (`2016-12-20`), `xsd:gYearMonth`
/// (`2016-12`) or `xsd:gYear` (`2016`) with a four-digit year and no time zone: one whose
/// order as a value is its order as text.
pub fn is_plain_date(value: &str, datatype: &str) -> bool {
    let shape = match datatype {
        d if d == xsd::DATE.as_str() => "dddd-dd-dd",
        d if d == xsd::G_YEAR_MONTH.as_str() => "dddd-dd",
        d if d == xsd::G_YEAR.as_str() => "dddd",
        _ => return false,
    };
    value.len() == shape.len()
        && value.bytes().zip(shape.bytes()).all(|(v, s)| match s {
            b'd' => v.is_ascii_digit(),
            _ => v == s,
        })
}

/// The texts of a term, by kind: its IRI, blank node id, or value then language or datatype.
fn texts(term: Option<TermRef<'_>>) -> (u8, &str, Option<&str>) {
    match term {
        None => (UNBOUND, "", None),
        Some(TermRef::NamedNode(iri)) => (IRI, iri.as_str(), None),
        Some(TermRef::BlankNode(node)) => (BLANK, node.as_str(), None),
        Some(TermRef::Literal(literal)) => match literal.language() {
            Some(language) => (TAGGED, literal.value(), Some(language)),
            None if literal.datatype() == xsd::STRING => (STRING, literal.value(), None),
            None => (TYPED, literal.value(), Some(literal.datatype().as_str())),
        },
    }
}

/// How many bytes [`encode`] writes for `term`.
fn encoded_len(term: &Option<TermRef<'_>>) -> usize {
    match texts(*term) {
        (UNBOUND, ..) => 1,
        (_, text, None) => 5 + text.len(),
        (_, text, Some(more)) => 9 + text.len() + more.len(),
    }
}

/// Appends `term` to `bytes`.
fn encode(bytes: &mut Vec<u8>, term: Option<TermRef<'_>>) {
    let (kind, text, more) = texts(term);
    bytes.push(kind);
    if kind == UNBOUND {
        return;
    }
    for text in std::iter::once(text).chain(more) {
        let len = u32::try_from(text.len()).expect("a term is below 4 GiB");
        bytes.extend(len.to_le_bytes());
        bytes.extend(text.as_bytes());
    }
}

/// A held term: its kind and its texts (the second empty where it has one).
type HeldTerm<'a> = (u8, &'a [u8], &'a [u8]);

/// The term at the start of `bytes`, and the bytes after it.
fn split(bytes: &[u8]) -> (HeldTerm<'_>, &[u8]) {
    let kind = bytes[0];
    let mut rest = &bytes[1..];
    let mut text = || {
        let (len, after) = rest.split_at(4);
        let len = u32::from_le_bytes(len.try_into().expect("4 bytes")) as usize;
        let (text, after) = after.split_at(len);
        rest = after;
        text
    };
    let (first, second) = match kind {
        UNBOUND => (&[][..], &[][..]),
        IRI | BLANK | STRING => (text(), &[][..]),
        _ => {
            let first = text();
            (first, text())
        }
    };
    ((kind, first, second), rest)
}

/// The datatypes of the literals a sort key can hold (strings, language-tagged strings and
/// plain dates), in the order of their IRIs: a literal's datatype is its place here, one byte
/// of its key.
const DATATYPES: [NamedNodeRef<'static>; 5] = [
    rdf::LANG_STRING,
    xsd::DATE,
    xsd::G_YEAR,
    xsd::G_YEAR_MONTH,
    xsd::STRING,
];

/// Appends to `key` the sort key of `term` (unbound, an IRI, a string or a plain date): bytes
/// whose order is spareval's `cmp_terms` order of the terms, unbound first, then IRIs by code
/// point, then literals by text, then datatype, then language (UTF-8 bytes sort as code points
/// do). Its bytes are inverted where the key descends.
///
/// A rank comes first (0 unbound, 1 IRI, 2 literal). An IRI's text follows; a literal's value,
/// then its datatype's place in [`DATATYPES`], then a language-tagged string's language. Each
/// text has every zero byte written `00 FF` and `00 00` after it: so a text that is the start
/// of another sorts before it, and no key is the start of another, which lets the next key
/// follow.
fn sort_key(key: &mut Vec<u8>, term: Option<TermRef<'_>>, descending: bool) {
    fn text(key: &mut Vec<u8>, text: &str) {
        for (i, piece) in text.as_bytes().split(|&byte| byte == 0).enumerate() {
            if i > 0 {
                key.extend([0, 0xFF]);
            }
            key.extend_from_slice(piece);
        }
        key.extend([0, 0]);
    }
    let start = key.len();
    match term {
        None => key.push(0),
        Some(TermRef::NamedNode(iri)) => {
            key.push(1);
            text(key, iri.as_str());
        }
        Some(TermRef::Literal(literal)) => {
            key.push(2);
            text(key, literal.value());
            let datatype = DATATYPES
                .iter()
                .position(|d| *d == literal.datatype())
                .expect("a key's datatype is one Sorter::push lets through");
            key.push(datatype as u8);
            if let Some(language) = literal.language() {
                text(key, language);
            }
        }
        Some(TermRef::BlankNode(_)) => unreachable!("Sorter::push lets no blank node through"),
    }
    if descending {
        for byte in &mut key[start..] {
            *byte = !*byte;
        }
    }
}

/// The sort key at the start of a held row, and the row's terms after it.
fn held_key(row: &[u8]) -> (&[u8], &[u8]) {
    let (len, rest) = row.split_at(4);
    rest.split_at(u32::from_le_bytes(len.try_into().expect("4 bytes")) as usize)
}

/// The term at the start of `bytes`, borrowed from them; `bytes` then start after it.
fn decode<'a>(bytes: &mut &'a [u8]) -> Option<TermRef<'a>> {
    let ((kind, first, second), rest) = split(bytes);
    *bytes = rest;
    let text = |t| std::str::from_utf8(t).expect("encoded from a str");
    Some(match kind {
        UNBOUND => return None,
        IRI => NamedNodeRef::new_unchecked(text(first)).into(),
        BLANK => BlankNodeRef::new_unchecked(text(first)).into(),
        STRING => LiteralRef::new_simple_literal(text(first)).into(),
        TAGGED => {
            LiteralRef::new_language_tagged_literal_unchecked(text(first), text(second)).into()
        }
        _ => LiteralRef::new_typed_literal(text(first), NamedNodeRef::new_unchecked(text(second)))
            .into(),
    })
}

/// An empty pattern, to stand in while a pattern is moved.
fn empty() -> GraphPattern {
    GraphPattern::Bgp {
        patterns: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, Literal, NamedNode, Term};

    /// The terms of `row`, borrowed.
    fn refs(row: &[Option<Term>]) -> Vec<Option<TermRef<'_>>> {
        row.iter()
            .map(|term| term.as_ref().map(Term::as_ref))
            .collect()
    }

    /// Every row `sorter` hands out, in order, owned.
    fn all(sorter: Sorter) -> Vec<Vec<Option<Term>>> {
        let mut rows = Vec::new();
        sorter
            .sorted(
                || (),
                |row| {
                    rows.push(row.iter().map(|t| t.map(TermRef::into_owned)).collect());
                    Ok::<_, ()>(())
                },
            )
            .unwrap();
        rows
    }

    fn order(keys: &[(usize, bool)]) -> Order {
        Order {
            keys: keys.to_vec(),
            shown: 1,
        }
    }

    fn sorted(order: Order, rows: Vec<Vec<Option<Term>>>) -> Vec<Option<Term>> {
        let mut sorter = Sorter::new(order);
        for row in &rows {
            assert!(sorter.push(&refs(row)));
        }
        all(sorter).into_iter().map(|row| row[0].clone()).collect()
    }

    fn iri(s: &str) -> Option<Term> {
        Some(NamedNode::new(s).unwrap().into())
    }

    fn text(s: &str) -> Option<Term> {
        Some(Literal::new_simple_literal(s).into())
    }

    #[test]
    fn unbound_then_iris_then_strings_each_by_code_point() {
        let rows = ["b", "a\u{0}", "a", "é", "z", "a\u{1}"]
            .into_iter()
            .map(|s| vec![text(s)])
            .chain([vec![None], vec![iri("http://b")], vec![iri("http://a")]])
            .collect();
        let expected = vec![
            None,
            iri("http://a"),
            iri("http://b"),
            text("a"),
            text("a\u{0}"),
            text("a\u{1}"),
            text("b"),
            text("z"),
            text("é"),
        ];
        assert_eq!(sorted(order(&[(0, false)]), rows), expected);
    }

    #[test]
    fn a_descending_key_reverses_and_the_next_key_breaks_ties() {
        let rows = vec![
            vec![text("1"), text("a"), text("x")],
            vec![text("2"), text("ab"), text("x")],
            vec![text("3"), text("a"), text("y")],
            vec![text("4"), None, text("x")],
        ];
        let expected = vec![text("2"), text("3"), text("1"), text("4")];
        assert_eq!(sorted(order(&[(1, true), (2, true)]), rows), expected);
    }

    #[test]
    fn the_datatypes_of_sort_keys_are_in_the_order_of_their_iris() {
        let iris: Vec<&str> = DATATYPES.iter().map(|d| d.as_str()).collect();
        let mut sorted = iris.clone();
        sorted.sort_unstable();
        assert_eq!(iris, sorted);
    }

    #[test]
    fn zero_bytes_and_prefixes_keep_their_order_under_a_descending_key() {
        // Descending on column 1, then ascending on column 2: "a\0" and "a\0\0" would tie
        // with "a" if a zero byte ended a text, and "a" would sort after "ab" if a text that
        // is the start of another did not sort first.
        let rows = vec![
            vec![text("1"), text("a"), text("y")],
            vec![text("2"), text("a\u{0}"), text("x")],
            vec![text("3"), text("ab"), text("x")],
            vec![text("4"), text("a"), text("x")],
            vec![text("5"), text("a\u{0}\u{0}"), text("x")],
            vec![text("6"), iri("http://a"), None],
        ];
        let expected = vec![
            text("3"),
            text("5"),
            text("2"),
            text("4"),
            text("1"),
            text("6"),
        ];
        assert_eq!(sorted(order(&[(1, true), (2, false)]), rows), expected);
    }

    #[test]
    fn strings_sort_by_text_then_datatype_then_language() {
        let tagged = |s: &str, l: &str| {
            Some(Term::from(
                Literal::new_language_tagged_literal(s, l).unwrap(),
            ))
        };
        let rows = vec![
            vec![tagged("b", "en")],
            vec![text("b")],
            vec![tagged("b", "de")],
            vec![tagged("a", "fr")],
            vec![text("c")],
        ];
        let expected = vec![
            tagged("a", "fr"),
            tagged("b", "de"),
            tagged("b", "en"),
            text("b"),
            text("c"),
        ];
        assert_eq!(sorted(order(&[(0, false)]), rows), expected);
    }

    #[test]
    fn plain_dates_sort_as_text_among_the_strings() {
        let typed = |s: &str, d| Some(Term::from(Literal::new_typed_literal(s, d)));
        let rows = vec![
            vec![typed("2016-12-20", xsd::DATE)],
            vec![text("2016-12-20")],
            vec![typed("2016", xsd::G_YEAR)],
            vec![typed("2016-12", xsd::G_YEAR_MONTH)],
            vec![typed("2001-02-03", xsd::DATE)],
            vec![iri("http://a")],
        ];
        let expected = vec![
            iri("http://a"),
            typed("2001-02-03", xsd::DATE),
            typed("2016", xsd::G_YEAR),
            typed("2016-12", xsd::G_YEAR_MONTH),
            typed("2016-12-20", xsd::DATE),
            text("2016-12-20"),
        ];
        assert_eq!(sorted(order(&[(0, false)]), rows), expected);
    }

    #[test]
    fn every_kind_of_term_comes_back_as_it_was_held() {
        let terms = vec![
            None,
            iri("http://example.org/a"),
            Some(BlankNode::new("b0").unwrap().into()),
            text(""),
            text("zéro\u{0}"),
            Some(
                Literal::new_language_tagged_literal("x", "en-GB")
                    .unwrap()
                    .into(),
            ),
            Some(
                Literal::new_typed_literal("2016-12-20", oxigraph::model::vocab::xsd::DATE).into(),
            ),
        ];
        let mut sorter = Sorter::new(Order {
            keys: vec![(0, false)],
            shown: terms.len(),
        });
        assert!(sorter.push(&refs(&terms)));
        assert_eq!(all(sorter), vec![terms]);
    }

    #[test]
    fn other_terms_are_not_ordered_here() {
        let mut sorter = Sorter::new(order(&[(0, false)]));
        for term in [
            Term::from(Literal::new_typed_literal(
                "1",
                oxigraph::model::vocab::xsd::INTEGER,
            )),
            Literal::new_typed_literal("2016-12-20Z", xsd::DATE).into(),
            Literal::new_typed_literal("12016-12-20", xsd::DATE).into(),
            Literal::new_typed_literal("2016-12-20T00:00:00", xsd::DATE_TIME).into(),
            BlankNode::default().into(),
        ] {
            assert!(!sorter.push(&[Some(term.as_ref())]));
        }
        assert!(sorter.is_empty());
    }
}
