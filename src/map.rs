//! Stage 2: map a [`Dataset`] to RDF quads.
//!
//! Where each fact came from is kept as a named graph: the facts a source backs are stated in
//! the graph `{instrument}/source/{source id}`, which the default graph describes with PROV-O.
//! The default graph is the merge: everything resgraph states (types, concept schemes, graph
//! descriptions) and every fact of every source graph, once. So a query over the default graph
//! sees each fact once, and `GRAPH ?g { … }` tells which sources state it. Turtle and
//! N-Triples exports hold the default graph; TriG, N-Quads and JSON-LD hold the source graphs too.

use crate::mint::Minter;
use crate::read::Dataset;
use crate::record::{Fact, ObligationKind, Record, SchemeKind, Source, SourceKind};
use crate::vocab::{dcterms, eli, prov, rdf, rdfs, rg, schema, skos, xsd, EU_LANGUAGE};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};

/// Maps every concept scheme and record of `dataset` to quads, IRIs minted by `minter`.
///
/// The quads come in no particular order and may repeat; [`crate::export`] sorts and dedups.
pub fn map_dataset(dataset: &Dataset, minter: &Minter) -> Vec<Quad> {
    let mut out = Quads::default();
    for (_, scheme) in dataset.schemes.values() {
        map_scheme(&mut out, minter, scheme);
    }
    for (_, record) in &dataset.records {
        map_record(&mut out, minter, record);
    }
    out.0
}

/// Collects quads.
#[derive(Default)]
struct Quads(Vec<Quad>);

impl Quads {
    fn add(
        &mut self,
        graph: &GraphName,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        object: impl Into<Term>,
    ) {
        let quad = Quad::new(subject.clone(), predicate, object.into(), graph.clone());
        if !graph.is_default_graph() {
            let mut merged = quad.clone();
            merged.graph_name = GraphName::DefaultGraph;
            self.0.push(merged);
        }
        self.0.push(quad);
    }
}

fn english(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "en")
}

fn typed(value: impl Into<String>, datatype: NamedNodeRef<'_>) -> Literal {
    Literal::new_typed_literal(value, datatype)
}

fn iri(value: &str) -> NamedNode {
    NamedNode::new_unchecked(value)
}

fn map_scheme(out: &mut Quads, minter: &Minter, scheme: &crate::record::ConceptScheme) {
    let g = GraphName::DefaultGraph;
    let scheme_iri = minter.scheme(scheme.scheme);
    let class = match scheme.scheme {
        SchemeKind::Topic => rg::TOPIC,
        SchemeKind::Group => rg::ARMED_GROUP,
        SchemeKind::Addressee => rg::ADDRESSEE,
        SchemeKind::Body => rg::ISSUING_BODY,
    };
    out.add(&g, &scheme_iri, rdf::TYPE, skos::CONCEPT_SCHEME);
    out.add(&g, &scheme_iri, dcterms::TITLE, english(&scheme.title));
    for concept in &scheme.concepts {
        let c = minter.concept(scheme.scheme, concept.id.as_str());
        out.add(&g, &scheme_iri, skos::HAS_TOP_CONCEPT, c.clone());
        out.add(&g, &c, rdf::TYPE, skos::CONCEPT);
        out.add(&g, &c, rdf::TYPE, class);
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

fn map_record(out: &mut Quads, minter: &Minter, record: &Record) {
    let g = GraphName::DefaultGraph;
    let r = minter.resolution(record.body.as_str(), record.year, record.number);
    out.add(&g, &r, rdf::TYPE, rg::RESOLUTION);
    out.add(&g, &r, rdf::TYPE, eli::LEGAL_RESOURCE);
    out.add(&g, &r, rdf::TYPE, schema::LEGISLATION);

    let graph_of =
        |source: &Source| -> GraphName { minter.part(&r, &format!("source/{}", source.id)).into() };
    let source_by_id = |id: &str| -> &Source {
        record
            .sources
            .iter()
            .find(|s| s.id.as_str() == id)
            .expect("read::Dataset::check checked source ids")
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
        out.add(&g, &url, rdf::TYPE, prov::ENTITY);
        let kind = match source.kind {
            SourceKind::Catalogue => rg::CATALOGUE_RECORD,
            SourceKind::Text => rg::INSTRUMENT_TEXT,
        };
        out.add(&g, &url, rdf::TYPE, kind);
        out.add(&g, &url, dcterms::TITLE, english(&source.title));
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
            out.add(
                &cg,
                &c,
                rg::PARAGRAPH_NUMBER,
                typed(citation.paragraph.to_string(), xsd::INTEGER),
            );
            if let Some(quote) = &citation.quote {
                out.add(&cg, &c, rg::QUOTE, english(quote));
            }
            out.add(&cg, &c, prov::WAS_DERIVED_FROM, iri(source.url.as_str()));
        }
    }
}

/// States one fact of `record` about `r` in `graph`.
fn map_fact(
    out: &mut Quads,
    minter: &Minter,
    graph: &GraphName,
    r: &NamedNode,
    record: &Record,
    fact: Fact,
) {
    match fact {
        Fact::Title => out.add(graph, r, dcterms::TITLE, english(&record.title)),
        Fact::Symbol => {
            if let Some(symbol) = &record.symbol {
                out.add(graph, r, eli::ID_LOCAL, Literal::new_simple_literal(symbol));
            }
        }
        Fact::Body => out.add(
            graph,
            r,
            eli::PASSED_BY,
            minter.concept(SchemeKind::Body, record.body.as_str()),
        ),
        Fact::Number => {
            out.add(
                graph,
                r,
                eli::NUMBER,
                Literal::new_simple_literal(record.number.to_string()),
            );
            out.add(
                graph,
                r,
                rg::YEAR,
                typed(format!("{:04}", record.year), xsd::G_YEAR),
            );
        }
        Fact::Type => out.add(graph, r, rg::CATALOGUE_TYPE, english(&record.kind)),
        Fact::Jurisdiction => out.add(graph, r, dcterms::COVERAGE, english(&record.jurisdiction)),
        Fact::Adopted => out.add(
            graph,
            r,
            eli::DATE_DOCUMENT,
            typed(record.adopted.to_string(), xsd::DATE),
        ),
        Fact::Description => out.add(graph, r, dcterms::DESCRIPTION, english(&record.description)),
        Fact::Topics => {
            for topic in &record.topics {
                out.add(
                    graph,
                    r,
                    eli::IS_ABOUT,
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
