//! Stage 2: map a [`Collection`] to RDF quads.
//!
//! Where each fact came from is kept as a named graph: the facts a source backs are stated in
//! the graph `{instrument}/source/{source id}`, which the default graph describes with PROV-O.
//! The default graph is the merge: everything resgraph states (types, concept schemes, graph
//! descriptions) and every fact of every source graph, once. So a query over the default graph
//! sees each fact once, and `GRAPH ?g { … }` tells which sources state it. Turtle and
//! N-Triples exports hold the default graph; TriG, N-Quads and JSON-LD hold the source graphs too.
//!
//! The mappings of `data/mappings.sssom.tsv` ([`crate::ingest::mappings`]) are stated in the default
//! graph, one triple per row.

use crate::graph::mint::Minter;
use crate::ingest::folder::Collection;
use crate::model::{
    ConceptStatus, Date, Extraction, Fact, InstrumentKind, MentionKind, ObligationKind, Precision,
    Record, SchemeKind, Slug, Source, SourceKind,
};
use crate::vocab::{dcterms, dctype, eli, oa, prov, rdf, rdfs, rg, schema, skos, xsd, EU_LANGUAGE};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};

/// Maps every concept scheme and record of `dataset` to quads, IRIs minted by `minter`: the
/// whole graph, as loaded into the store.
///
/// The quads come in no particular order and may repeat; [`crate::publish::export`] sorts and dedups.
pub fn map_dataset(dataset: &Collection, minter: &Minter) -> Vec<Quad> {
    let mut quads = map_schemes(dataset, minter);
    for (_, record) in &dataset.records {
        let RecordQuads { own, shared } = map_record(minter, record, true);
        quads.extend(own);
        quads.extend(shared);
    }
    quads
}

/// Maps the concept schemes of `dataset` and its SSSOM mappings.
pub fn map_schemes(dataset: &Collection, minter: &Minter) -> Vec<Quad> {
    let mut out = Quads::new(true);
    for (_, scheme) in dataset.schemes.values() {
        map_scheme(&mut out, minter, scheme);
    }
    for set in &dataset.mappings {
        out.own.extend(set.quads());
    }
    out.own
}

/// The quads of one record: those about the instrument and its parts, and those about
/// resources many records share (sources, activities, agents), which a writer states once.
#[derive(Debug, Clone, Default)]
pub struct RecordQuads {
    /// About the instrument, its obligations, citations, expressions and annotations.
    pub own: Vec<Quad>,
    /// About shared resources.
    pub shared: Vec<Quad>,
}

/// Collects quads.
struct Quads {
    own: Vec<Quad>,
    shared: Vec<Quad>,
    /// Whether to state sourced facts in their source graphs too, or only in the default graph
    /// (all that Turtle, N-Triples and RDF/XML keep).
    source_graphs: bool,
}

impl Quads {
    fn new(source_graphs: bool) -> Quads {
        // About what one synthetic record gives, so that the vectors rarely grow.
        Quads {
            own: Vec::with_capacity(if source_graphs { 128 } else { 64 }),
            shared: Vec::with_capacity(8),
            source_graphs,
        }
    }

    /// States a quad about the record's own resources (and, for a source graph, in the
    /// default graph too).
    fn add(
        &mut self,
        graph: &GraphName,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        object: impl Into<Term>,
    ) {
        let merged = Quad::new(
            subject.clone(),
            predicate,
            object.into(),
            GraphName::DefaultGraph,
        );
        if self.source_graphs && !graph.is_default_graph() {
            let mut quad = merged.clone();
            quad.graph_name = graph.clone();
            self.own.push(quad);
        }
        self.own.push(merged);
    }

    /// States a triple, in the default graph, about a resource many records share.
    fn add_shared(
        &mut self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        object: impl Into<Term>,
    ) {
        self.shared.push(Quad::new(
            subject.clone(),
            predicate,
            object.into(),
            GraphName::DefaultGraph,
        ));
    }
}

fn english(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "en")
}

fn typed(value: impl Into<String>, datatype: NamedNodeRef<'_>) -> Literal {
    Literal::new_typed_literal(value, datatype)
}

/// A date as a literal of the datatype its precision calls for: `"2018"^^xsd:gYear`,
/// `"2017-04"^^xsd:gYearMonth` or `"2016-12-20"^^xsd:date`.
pub(crate) fn date_literal(date: Date) -> Literal {
    let datatype = match date.precision() {
        Precision::Year => xsd::G_YEAR,
        Precision::Month => xsd::G_YEAR_MONTH,
        Precision::Day => xsd::DATE,
    };
    debug_assert!(datatype.as_str().ends_with(date.xsd_datatype_name()));
    typed(date.to_string(), datatype)
}

fn iri(value: &str) -> NamedNode {
    NamedNode::new_unchecked(value)
}

fn map_scheme(out: &mut Quads, minter: &Minter, scheme: &crate::model::ConceptScheme) {
    let g = GraphName::DefaultGraph;
    let scheme_iri = minter.scheme(scheme.scheme);
    let class = match scheme.scheme {
        SchemeKind::Topic => rg::TOPIC,
        SchemeKind::Group => rg::ARMED_GROUP,
        SchemeKind::Addressee => rg::ADDRESSEE,
        SchemeKind::Body => rg::ISSUING_BODY,
        SchemeKind::Type => rg::RESOURCE_TYPE,
        SchemeKind::Jurisdiction => rg::JURISDICTION,
    };
    out.add(&g, &scheme_iri, rdf::TYPE, skos::CONCEPT_SCHEME);
    out.add(&g, &scheme_iri, dcterms::TITLE, english(&scheme.title));
    for concept in &scheme.concepts {
        let c = minter.concept(scheme.scheme, concept.id.as_str());
        out.add(&g, &scheme_iri, skos::HAS_TOP_CONCEPT, c.clone());
        out.add(&g, &c, rdf::TYPE, skos::CONCEPT);
        out.add(&g, &c, rdf::TYPE, class);
        if concept.status == Some(ConceptStatus::Unreviewed) {
            out.add(&g, &c, rdf::TYPE, rg::UNREVIEWED_CONCEPT);
        }
        if scheme.scheme == SchemeKind::Body {
            out.add(&g, &c, rdf::TYPE, eli::ORGANIZATION);
        }
        out.add(&g, &c, skos::IN_SCHEME, scheme_iri.clone());
        out.add(&g, &c, skos::PREF_LABEL, english(&concept.label));
        for alias in &concept.alt_labels {
            out.add(&g, &c, skos::ALT_LABEL, english(alias));
        }
        if let Some(definition) = &concept.definition {
            out.add(&g, &c, skos::DEFINITION, english(definition));
        }
        for source in &concept.sources {
            out.add(&g, &c, prov::WAS_DERIVED_FROM, iri(source.as_str()));
        }
    }
}

/// The IRI of the instrument a record describes.
pub fn instrument_iri(minter: &Minter, record: &Record) -> NamedNode {
    let key = record
        .iri_key()
        .expect("read::Collection::check checked that every record has a number or a key");
    minter.instrument(
        record.instrument.segment(),
        record.body.as_str(),
        record.year,
        &key,
    )
}

/// Maps one record, with its source graphs if `source_graphs` (otherwise only the default
/// graph, which holds every fact once).
pub fn map_record(minter: &Minter, record: &Record, source_graphs: bool) -> RecordQuads {
    let mut out = Quads::new(source_graphs);
    map_record_into(&mut out, minter, record);
    RecordQuads {
        own: out.own,
        shared: out.shared,
    }
}

/// The `rg:` class of instruments of `kind` (`rg:Resolution`, …).
pub fn kind_class(kind: InstrumentKind) -> NamedNodeRef<'static> {
    match kind {
        InstrumentKind::Resolution => rg::RESOLUTION,
        InstrumentKind::Decision => rg::DECISION,
        InstrumentKind::Convention => rg::CONVENTION,
        InstrumentKind::Protocol => rg::PROTOCOL,
        InstrumentKind::Act => rg::ACT,
        InstrumentKind::Directive => rg::DIRECTIVE,
        InstrumentKind::Regulation => rg::REGULATION,
        InstrumentKind::ExecutiveOrder => rg::EXECUTIVE_ORDER,
        InstrumentKind::Standard => rg::STANDARD,
        InstrumentKind::CodeOfConduct => rg::CODE_OF_CONDUCT,
        InstrumentKind::CorporatePolicy => rg::CORPORATE_POLICY,
        InstrumentKind::Guidance => rg::GUIDANCE,
        InstrumentKind::Report => rg::REPORT,
        InstrumentKind::Index => rg::INDEX,
    }
}

fn map_record_into(out: &mut Quads, minter: &Minter, record: &Record) {
    let g = GraphName::DefaultGraph;
    let r = instrument_iri(minter, record);
    let class = kind_class(record.instrument);
    out.add(&g, &r, rdf::TYPE, class);
    if !record.instrument.is_legislation() {
        out.add(&g, &r, rdf::TYPE, schema::CREATIVE_WORK);
        if record.instrument == InstrumentKind::Report {
            out.add(&g, &r, rdf::TYPE, schema::REPORT);
        }
    } else {
        out.add(&g, &r, rdf::TYPE, eli::LEGAL_RESOURCE);
        out.add(&g, &r, rdf::TYPE, schema::LEGISLATION);
    }
    let curation = minter.own("activity/curation");
    let extraction = record
        .extraction
        .as_ref()
        .map(|e| map_extraction_activity(out, minter, &e.tool));

    let graph_of =
        |source: &Source| -> GraphName { minter.part(&r, &format!("source/{}", source.id)).into() };
    let source_by_id = |id: &str| -> &Source {
        record
            .sources
            .iter()
            .find(|s| s.id.as_str() == id)
            .expect("read::Collection::check checked source ids")
    };

    for source in &record.sources {
        let graph = graph_of(source);
        let GraphName::NamedNode(graph_iri) = &graph else {
            unreachable!("source graphs are named")
        };
        let url = iri(source.url.as_str());
        out.add(&g, graph_iri, rdf::TYPE, rg::SOURCE_GRAPH);
        out.add(&g, graph_iri, rg::DESCRIBES, r.clone());
        out.add(&g, graph_iri, prov::WAS_DERIVED_FROM, url.clone());
        out.add(&g, &r, prov::WAS_DERIVED_FROM, url.clone());
        out.add_shared(&url, rdf::TYPE, prov::ENTITY);
        let kind = match source.kind {
            SourceKind::Catalogue => rg::CATALOGUE_RECORD,
            SourceKind::Text => rg::INSTRUMENT_TEXT,
        };
        out.add_shared(&url, rdf::TYPE, kind);
        out.add_shared(&url, dcterms::TITLE, english(&source.title));
        let activity = match (&record.extraction, &extraction) {
            (Some(e), Some(activity)) if e.source == source.id => activity.clone(),
            _ => {
                out.add_shared(&curation, rdf::TYPE, prov::ACTIVITY);
                out.add_shared(&curation, rdf::TYPE, rg::CURATION);
                out.add_shared(&curation, rdfs::LABEL, english("curation by hand"));
                curation.clone()
            }
        };
        out.add(&g, graph_iri, prov::WAS_GENERATED_BY, activity);
        for fact in &source.facts {
            map_fact(out, minter, &graph, &r, record, *fact);
        }
    }

    for (i, obligation) in record.obligations.iter().enumerate() {
        let o = minter.part(&r, &format!("obligation/{}", i + 1));
        let source = source_by_id(obligation.source.as_str());
        let og = graph_of(source);
        out.add(&og, &r, rg::HAS_OBLIGATION, o.clone());
        out.add(&og, &o, rdf::TYPE, rg::OBLIGATION);
        if obligation.kind == ObligationKind::Procurement {
            out.add(&og, &o, rdf::TYPE, rg::PROCUREMENT_OBLIGATION);
        }
        out.add(&og, &o, dcterms::IS_PART_OF, r.clone());
        out.add(
            &og,
            &o,
            rg::ADDRESSEE_PROP,
            minter.concept(SchemeKind::Addressee, obligation.addressee.as_str()),
        );
        out.add(&og, &o, rg::ACTION, english(&obligation.action));
        out.add(&og, &o, rg::QUOTE, english(&obligation.quote));
        out.add(&og, &o, prov::WAS_DERIVED_FROM, iri(source.url.as_str()));
        for (j, citation) in obligation.citations.iter().enumerate() {
            let c = minter.part(&o, &format!("citation/{}", j + 1));
            let source = source_by_id(citation.source.as_str());
            let cg = graph_of(source);
            out.add(&cg, &o, rg::CITED_AT, c.clone());
            out.add(&cg, &c, rdf::TYPE, rg::PARAGRAPH_CITATION);
            out.add(&cg, &c, rdfs::LABEL, english(&citation.label));
            if let Some(paragraph) = citation.paragraph {
                out.add(
                    &cg,
                    &c,
                    rg::PARAGRAPH_NUMBER,
                    typed(paragraph.to_string(), xsd::INTEGER),
                );
            }
            if let Some(quote) = &citation.quote {
                out.add(&cg, &c, rg::QUOTE, english(quote));
            }
            out.add(&cg, &c, prov::WAS_DERIVED_FROM, iri(source.url.as_str()));
        }
    }

    if let (Some(found), Some(activity)) = (&record.extraction, &extraction) {
        let source = source_by_id(found.source.as_str());
        map_mentions(out, minter, &r, record, found, source, activity);
    }
}

/// Describes the extraction activity of a tool (`resgraph 0.1.0`) and returns its IRI.
fn map_extraction_activity(out: &mut Quads, minter: &Minter, tool: &str) -> NamedNode {
    let key = Slug::of(tool).map(|s| s.to_string()).unwrap_or_default();
    let activity = minter.own(&format!("activity/extraction/{key}"));
    let agent = minter.own(&format!("agent/{key}"));
    out.add_shared(&activity, rdf::TYPE, prov::ACTIVITY);
    out.add_shared(&activity, rdf::TYPE, rg::EXTRACTION);
    out.add_shared(
        &activity,
        rdfs::LABEL,
        english(&format!("extraction by {tool}")),
    );
    out.add_shared(&activity, prov::WAS_ASSOCIATED_WITH, agent.clone());
    out.add_shared(&agent, rdf::TYPE, prov::SOFTWARE_AGENT);
    out.add_shared(&agent, rdfs::LABEL, Literal::new_simple_literal(tool));
    if let Some(version) = tool.split_whitespace().nth(1) {
        out.add_shared(
            &agent,
            schema::SOFTWARE_VERSION,
            Literal::new_simple_literal(version),
        );
    }
    activity
}

/// How many characters of context a text quote selector keeps on each side.
const CONTEXT: usize = 32;

/// One W3C Web Annotation per extracted fact: its body is the group, topic or obligation, its
/// target the span of the description, selected by quote and by character position.
fn map_mentions(
    out: &mut Quads,
    minter: &Minter,
    r: &NamedNode,
    record: &Record,
    found: &Extraction,
    source: &Source,
    activity: &NamedNode,
) {
    let g = GraphName::DefaultGraph;
    let description = minter.part(r, "description");
    out.add(&g, &description, rdf::TYPE, dctype::TEXT);
    out.add(&g, &description, rdf::VALUE, english(&record.description));
    out.add(&g, &description, dcterms::SUBJECT, r.clone());
    out.add(
        &g,
        &description,
        prov::WAS_DERIVED_FROM,
        iri(source.url.as_str()),
    );
    let chars: Vec<char> = record.description.chars().collect();
    let text = |from: usize, to: usize| -> String { chars[from..to].iter().collect() };
    for (i, mention) in found.mentions.iter().enumerate() {
        let a = minter.part(r, &format!("annotation/{}", i + 1));
        let (body, motivation) = match mention.fact {
            MentionKind::Group => (
                minter.concept(SchemeKind::Group, &mention.target),
                oa::IDENTIFYING,
            ),
            MentionKind::Topic => (
                minter.concept(SchemeKind::Topic, &mention.target),
                oa::CLASSIFYING,
            ),
            MentionKind::Obligation => {
                let index: usize = mention.target.parse().expect("checked by read");
                (
                    minter.part(r, &format!("obligation/{}", index + 1)),
                    oa::DESCRIBING,
                )
            }
        };
        let target = minter.part(&a, "target");
        let quote = minter.part(&target, "quote");
        let position = minter.part(&target, "position");
        out.add(&g, &a, rdf::TYPE, oa::ANNOTATION);
        out.add(&g, &a, oa::MOTIVATED_BY, motivation);
        out.add(&g, &a, oa::HAS_BODY, body);
        out.add(&g, &a, oa::HAS_TARGET, target.clone());
        out.add(&g, &a, prov::WAS_GENERATED_BY, activity.clone());
        out.add(&g, &a, prov::WAS_DERIVED_FROM, iri(source.url.as_str()));
        out.add(&g, &target, rdf::TYPE, oa::SPECIFIC_RESOURCE);
        out.add(&g, &target, oa::HAS_SOURCE, description.clone());
        out.add(&g, &target, oa::HAS_SELECTOR, quote.clone());
        out.add(&g, &target, oa::HAS_SELECTOR, position.clone());
        out.add(&g, &quote, rdf::TYPE, oa::TEXT_QUOTE_SELECTOR);
        out.add(
            &g,
            &quote,
            oa::EXACT,
            Literal::new_simple_literal(&mention.exact),
        );
        let before = mention.start.saturating_sub(CONTEXT);
        let after = (mention.end + CONTEXT).min(chars.len());
        out.add(
            &g,
            &quote,
            oa::PREFIX_PROP,
            Literal::new_simple_literal(text(before, mention.start)),
        );
        out.add(
            &g,
            &quote,
            oa::SUFFIX,
            Literal::new_simple_literal(text(mention.end, after)),
        );
        out.add(&g, &position, rdf::TYPE, oa::TEXT_POSITION_SELECTOR);
        for (property, value) in [(oa::START, mention.start), (oa::END, mention.end)] {
            out.add(
                &g,
                &position,
                property,
                typed(value.to_string(), xsd::NON_NEGATIVE_INTEGER),
            );
        }
    }
}

/// States one fact of `record` about `r` in `graph`.
///
/// Legislation is described with ELI (`eli:passed_by`, `eli:date_document`, `eli:id_local`,
/// `eli:number`, `eli:is_about`, and the expression → manifestation chain for each language
/// version); other works with DCTERMS and schema.org (`dcterms:publisher`, `dcterms:issued`,
/// `dcterms:identifier`, `dcterms:subject`, `schema:url` and `dcterms:language`), so that no
/// standard, code of conduct or report is classified as legislation by ELI's domains.
fn map_fact(
    out: &mut Quads,
    minter: &Minter,
    graph: &GraphName,
    r: &NamedNode,
    record: &Record,
    fact: Fact,
) {
    let legislation = record.instrument.is_legislation();
    match fact {
        Fact::Title => out.add(graph, r, dcterms::TITLE, english(&record.title)),
        Fact::Symbol => {
            if let Some(symbol) = &record.symbol {
                let property = if legislation {
                    eli::ID_LOCAL
                } else {
                    dcterms::IDENTIFIER
                };
                out.add(graph, r, property, Literal::new_simple_literal(symbol));
            }
        }
        Fact::Body => {
            let property = if legislation {
                eli::PASSED_BY
            } else {
                dcterms::PUBLISHER
            };
            out.add(
                graph,
                r,
                property,
                minter.concept(SchemeKind::Body, record.body.as_str()),
            )
        }
        Fact::Number => {
            if let Some(number) = &record.number {
                let property = if legislation {
                    eli::NUMBER
                } else {
                    dcterms::IDENTIFIER
                };
                out.add(
                    graph,
                    r,
                    property,
                    Literal::new_simple_literal(number.as_str()),
                );
            }
            if let Some(year) = record.year {
                out.add(graph, r, rg::YEAR, typed(format!("{year:04}"), xsd::G_YEAR));
            }
        }
        Fact::Type => {
            for label in &record.types {
                out.add(graph, r, rg::CATALOGUE_TYPE, english(label));
                if let Some(id) = Slug::of(label) {
                    out.add(
                        graph,
                        r,
                        dcterms::TYPE,
                        minter.concept(SchemeKind::Type, id.as_str()),
                    );
                }
            }
        }
        Fact::Jurisdiction => {
            if let Some(label) = &record.jurisdiction {
                out.add(graph, r, dcterms::COVERAGE, english(label));
                if let Some(id) = Slug::of(label) {
                    let concept = minter.concept(SchemeKind::Jurisdiction, id.as_str());
                    out.add(graph, r, dcterms::SPATIAL, concept);
                }
            }
        }
        Fact::Adopted => {
            if let Some(adopted) = &record.adopted {
                let property = if legislation {
                    eli::DATE_DOCUMENT
                } else {
                    dcterms::ISSUED
                };
                out.add(graph, r, property, date_literal(*adopted));
            }
        }
        Fact::Description => out.add(graph, r, dcterms::DESCRIPTION, english(&record.description)),
        Fact::Topics => {
            let property = if legislation {
                eli::IS_ABOUT
            } else {
                dcterms::SUBJECT
            };
            for topic in &record.topics {
                out.add(
                    graph,
                    r,
                    property,
                    minter.concept(SchemeKind::Topic, topic.as_str()),
                );
            }
        }
        Fact::Groups => {
            for group in &record.groups {
                out.add(
                    graph,
                    r,
                    rg::NAMES_GROUP,
                    minter.concept(SchemeKind::Group, group.as_str()),
                );
            }
        }
        Fact::Availability if !legislation => {
            for link in &record.availability {
                let code = link.language.as_str();
                out.add(graph, r, schema::URL, iri(link.url.as_str()));
                out.add(
                    graph,
                    r,
                    dcterms::LANGUAGE,
                    iri(&format!("{EU_LANGUAGE}{code}")),
                );
            }
        }
        Fact::Availability => {
            let mut per_language = std::collections::BTreeMap::<&str, usize>::new();
            for link in &record.availability {
                let code = link.language.as_str();
                let n = per_language.entry(code).or_default();
                *n += 1;
                let e = minter.part(r, &format!("expression/{}", code.to_ascii_lowercase()));
                let m = minter.part(&e, &format!("manifestation/{n}"));
                out.add(graph, r, eli::IS_REALIZED_BY, e.clone());
                out.add(graph, &e, rdf::TYPE, eli::LEGAL_EXPRESSION);
                out.add(graph, &e, eli::REALIZES, r.clone());
                out.add(
                    graph,
                    &e,
                    eli::LANGUAGE,
                    iri(&format!("{EU_LANGUAGE}{code}")),
                );
                out.add(graph, &e, eli::IS_EMBODIED_BY, m.clone());
                out.add(graph, &m, rdf::TYPE, eli::MANIFESTATION);
                out.add(graph, &m, eli::EMBODIES, e.clone());
                out.add(graph, &m, eli::IS_EXEMPLIFIED_BY, iri(link.url.as_str()));
            }
        }
    }
}
