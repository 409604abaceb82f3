//! The HTML pages of a [`Site`]: the home page, a resource's page (a resolution's own, or the
//! generic one) and a query's answer, each a maud template in the one layout of
//! [`crate::publish::html`], so everything the graph says is escaped.
//!
//! Pages only render: which page a request gets, and in which format, is decided in `mod.rs`
//! and `sparql.rs`.

use super::browse::{BrowseIndex, Selection, FACETS, PAGE_SIZE};
use super::Site;
use crate::error::Result;
use crate::graph::store::{Answer, SparqlGraph};
use crate::publish::export::{export_file_name, Format};
use crate::publish::html::layout;
use crate::vocab::{
    curie, dcat, dcterms, eli, foaf, prov, rdf, rdfs, rg, skos, spdx, void, EU_LANGUAGE,
};
use maud::{html, Markup, PreEscaped};
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple};

/// Fills the query form's text area with the stored query chosen in its list.
const FORM_SCRIPT: &str = "document.getElementById('stored-query').addEventListener('change', function () {\
var o = this.options[this.selectedIndex]; if (o.dataset.sparql) { document.getElementById('query').value = o.dataset.sparql; } });";

/// A page of the site: the layout, with ` · resgraph` after the title.
fn page(title: &str, body: Markup) -> String {
    layout(&format!("{title} · resgraph"), body).into_string()
}

/// Pieces of markup, separated by commas.
fn join(items: impl IntoIterator<Item = Markup>) -> Markup {
    html! {
        @for (i, item) in items.into_iter().enumerate() {
            @if i > 0 { ", " }
            (item)
        }
    }
}

/// The counts the home page shows beside the number of instruments and triples, made once
/// (each takes a scan of the graph), so that the page answers at once at any size.
pub(super) struct Overview {
    quads: String,
    graphs: String,
    concepts: String,
}

impl Site {
    /// The home page's counts, made at the first call ([`super::serve`] makes them in the
    /// background as soon as it listens).
    pub(super) fn overview(&self) -> &Overview {
        self.overview.get_or_init(|| {
            let shown = |n: Result<usize>| n.map(|n| n.to_string()).unwrap_or_default();
            let quads = match self.known_quads {
                Some(n) => Ok(n),
                None => self.store.len(),
            };
            let concepts = match self.store.query(
                "/",
                "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a skos:Concept }",
            ) {
                Ok(Answer::Solutions { rows, .. }) => rows
                    .first()
                    .and_then(|r| r.first().cloned().flatten())
                    .map(|t| self.label(&t))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            Overview {
                quads: shown(quads),
                graphs: shown(match self.known_graphs {
                    Some(n) => Ok(n),
                    None => self.store.named_graph_count(),
                }),
                concepts,
            }
        })
    }

    /// `/`: what the dataset is, its counts, its resolutions, the stored queries and a form.
    pub(super) fn home_page(&self) -> String {
        let overview = self.overview();
        let index = self.browse_index();
        let first = index.map(|i| {
            i.find(&Selection {
                page: 1,
                ..Selection::default()
            })
        });
        let limits = &self.options.limits;
        let body = html! {
            h1 { "resgraph" }
            p {
                "A linked-data knowledge graph of international legal instruments: UN Security \
                 Council resolutions on trafficking in persons in armed conflict, mapped from \
                 catalogue records to RDF with ELI, DCTERMS, SKOS, PROV-O and schema.org. Every \
                 fact carries its source; where a catalogue and the instrument's own text \
                 disagree, both claims are kept."
            }
            table #counts {
                tr {
                    th { "instruments" }
                    td { (first.as_ref().map(|f| f.total.to_string()).unwrap_or_default()) }
                }
                tr { th { "triples (default graph)" } td { (self.triples) } }
                tr { th { "quads (with the source graphs)" } td { (overview.quads) } }
                tr { th { "source graphs" } td { (overview.graphs) } }
                tr {
                    th { "concepts" }
                    td { (overview.concepts) }
                }
            }
            h2 { "Instruments" }
            @match &first {
                Ok(found) => {
                    (instrument_list(self, &found.page))
                    p {
                        a #browse href="/instruments" {
                            "Browse all " (found.total) " instruments"
                        }
                        " by issuing body, year, kind, topic and armed group, or search them."
                    }
                }
                Err(e) => p.error { "The instruments cannot be listed: " (e) }
            }
            h2 { "Stored queries" }
            table #stored {
                tr { th { "query" } th { "question" } }
                @for q in &self.options.queries {
                    tr {
                        td { a href={ "/query/" (q.name) } { (q.name) } }
                        td { (q.question) }
                    }
                }
            }
            (self.query_form(""))
            h2 { "Data" }
            p {
                "Dumps: "
                (join(Format::ALL.iter().map(|f| html! {
                    a href={ "/dump/" (export_file_name(*f)) } { (f.extension()) }
                })))
                ". The DCAT-AP and VoID description (licence, dumps with their size and SHA-256, \
                 statistics) is at " a href="/catalog" { "/catalog" } ", the ontology at "
                a href="/ontology" { "/ontology" } ". The SPARQL endpoint is "
                a href="/sparql" { "/sparql" }
                " (SPARQL 1.1 Protocol; without a query it returns its service description). \
                 Limits: a query runs at most " (limits.timeout.as_secs_f64())
                " s, an answer has at most " (limits.max_rows)
                " rows, a request body at most " (self.options.max_body)
                " bytes; SPARQL Update and SERVICE are refused."
            }
        };
        page("Home", body)
    }

    /// The query form: a stored-query chooser that fills the text area, and the text area.
    fn query_form(&self, text: &str) -> Markup {
        html! {
            h2 { "Ask a question" }
            form #query-form action="/sparql" method="get" {
                p {
                    label for="stored-query" { "Start from a stored query:" } " "
                    select #stored-query {
                        option value="" { "(choose)" }
                        @for q in &self.options.queries {
                            option value=(q.name) data-sparql=(q.sparql) {
                                (q.name) " — " (q.question)
                            }
                        }
                    }
                }
                textarea #query name="query" rows="14" { (text) }
                p {
                    button #run type="submit" { "Run query" } " "
                    span.muted {
                        "Prefixes rg: eli: dcterms: skos: prov: schema: rdf: rdfs: xsd: owl: sd: \
                         void: formats: are predeclared."
                    }
                }
            }
            script { (PreEscaped(FORM_SCRIPT)) }
        }
    }

    /// `/sparql` for a browser: the query form holding `text`, under the error the query got
    /// if it got one.
    pub(super) fn query_page(&self, text: &str, error: Option<&str>) -> String {
        let body = html! {
            h1 { "SPARQL query" }
            @if let Some(error) = error {
                p #query-error { (error) }
            }
            (self.query_form(text))
        };
        page("SPARQL query", body)
    }

    /// A query's answer as an HTML page, with the form to change and rerun it; `of`: the number of
    /// rows of the whole answer, when `answer` holds only its first rows.
    pub(super) fn results_page(&self, text: &str, answer: &Answer, of: Option<usize>) -> String {
        let body = html! {
            h1 { "Query results" }
            @match answer {
                Answer::Solutions { variables, rows } => {
                    @match of.filter(|all| *all > rows.len()) {
                        Some(all) => p #row-count {
                            "The first " (rows.len()) " rows of " (all) ". The whole answer is \
                            sent to a SPARQL client (Accept: text/csv, text/tab-separated-values, \
                            application/sparql-results+json or +xml)."
                        },
                        None => p #row-count { (rows.len()) " row" @if rows.len() != 1 { "s" } },
                    }
                    table #results {
                        thead { tr { @for v in variables { th { (v.as_str()) } } } }
                        tbody {
                            @for row in rows {
                                tr {
                                    @for cell in row {
                                        td { @if let Some(term) = cell { (self.term_html(term)) } }
                                    }
                                }
                            }
                        }
                    }
                }
                Answer::Boolean(value) => {
                    p #boolean { (value.to_string()) }
                }
                Answer::Graph(triples) => {
                    p #row-count { (triples.len()) " triples" }
                    table #results {
                        thead { tr { th { "subject" } th { "predicate" } th { "object" } } }
                        tbody {
                            @for t in triples {
                                tr {
                                    td { (self.term_html(&Term::from(t.subject.clone()))) }
                                    td { (self.predicate_html(&t.predicate)) }
                                    td { (self.term_html(&t.object)) }
                                }
                            }
                        }
                    }
                }
            }
            (self.query_form(text))
        };
        page("Query results", body)
    }

    /// The HTML page of a resource: a resolution's own page, or the generic one.
    pub(super) fn resource_page(&self, iri: NamedNodeRef<'_>) -> Result<String> {
        let is_resolution = self
            .values(iri, rdf::TYPE)
            .contains(&Term::from(rg::RESOLUTION));
        let title = self.label(&Term::from(iri.into_owned()));
        let triples = self.describe(iri)?;
        let (outgoing, incoming): (Vec<&Triple>, Vec<&Triple>) = triples
            .iter()
            .partition(|t| t.subject == NamedOrBlankNode::from(iri.into_owned()));
        let doc = format!("/doc{}", self.href(iri.as_str()));
        let body = html! {
            @if is_resolution {
                (self.resolution_body(iri))
            } @else {
                h1 { (title) }
            }
            p.muted { "IRI: " span.iri #iri { (iri.as_str()) } }
            h2 { "All statements" }
            table #statements {
                tr { th { "property" } th { "value" } }
                @for t in &outgoing {
                    tr { td { (self.predicate_html(&t.predicate)) } td { (self.term_html(&t.object)) } }
                }
            }
            @if !incoming.is_empty() {
                h2 { "Linked from" }
                table #incoming {
                    tr { th { "resource" } th { "property" } }
                    @for t in &incoming {
                        tr {
                            td { (self.term_html(&Term::from(t.subject.clone()))) }
                            td { (self.predicate_html(&t.predicate)) }
                        }
                    }
                }
            }
            p {
                "This description as "
                a href={ (doc) ".ttl" } { "Turtle" } ", "
                a href={ (doc) ".nt" } { "N-Triples" } ", "
                a href={ (doc) ".rdf" } { "RDF/XML" } ", "
                a href={ (doc) ".jsonld" } { "JSON-LD" } "."
            }
        };
        Ok(page(&title, body))
    }

    /// The sections of a resolution's page.
    fn resolution_body(&self, r: NamedNodeRef<'_>) -> Markup {
        let text = |p| self.first_text(r, p).unwrap_or_default();
        let terms = |values: Vec<Term>| join(values.iter().map(|v| self.term_html(v)));
        let facts = [
            ("Symbol", html! { (text(eli::ID_LOCAL)) }),
            ("Adopted", html! { (text(eli::DATE_DOCUMENT)) }),
            ("Issuing body", terms(self.values(r, eli::PASSED_BY))),
            ("Type (catalogue)", html! { (text(rg::CATALOGUE_TYPE)) }),
            ("Coverage", html! { (text(dcterms::COVERAGE)) }),
        ];
        let topics = self.values(r, eli::IS_ABOUT);
        let groups = self.values(r, rg::NAMES_GROUP);
        let obligations = self.values(r, rg::HAS_OBLIGATION);
        let texts = self.texts(r);
        let sources = self.values(r, prov::WAS_DERIVED_FROM);
        html! {
            h1 #title { (text(dcterms::TITLE)) }
            dl {
                @for (name, value) in facts {
                    @if !value.0.is_empty() {
                        dt { (name) } dd { (value) }
                    }
                }
            }
            @if let Some(description) = self.first_text(r, dcterms::DESCRIPTION) {
                h2 { "Description" }
                @for paragraph in description.split("\n\n") {
                    p { (paragraph) }
                }
            }
            @if !topics.is_empty() {
                h2 { "Topics" }
                ul #topics {
                    @for topic in &topics { li { (self.term_html(topic)) } }
                }
            }
            @if !groups.is_empty() {
                h2 { "Armed groups named" }
                ul #groups {
                    @for group in &groups {
                        @let aliases = self.aliases(group);
                        li {
                            (self.term_html(group))
                            @if !aliases.is_empty() {
                                " " span.muted { "(also " (aliases.join("; ")) ")" }
                            }
                        }
                    }
                }
            }
            @if !obligations.is_empty() {
                h2 { "Obligations" }
            }
            @for obligation in &obligations {
                @if let Term::NamedNode(o) = obligation {
                    (self.obligation(o.as_ref()))
                }
            }
            @if !texts.is_empty() {
                h2 { "Full text" }
                ul #texts {
                    @for (language, url) in &texts {
                        @let target = match url {
                            Term::NamedNode(n) => n.as_str().to_owned(),
                            other => self.label(other),
                        };
                        li { (language) " " a href=(target) { (target) } }
                    }
                }
            }
            @if !sources.is_empty() {
                h2 { "Sources" }
                ul #sources {
                    @for source in &sources {
                        @if let Term::NamedNode(s) = source {
                            li {
                                a href=(s.as_str()) { (self.label(source)) }
                                " " span.muted { "(" (self.source_kind(s.as_ref())) ")" }
                            }
                        }
                    }
                }
            }
        }
    }

    /// One obligation of a resolution: addressees, action, quote, sources and citations.
    fn obligation(&self, o: NamedNodeRef<'_>) -> Markup {
        let kind = if self
            .values(o, rdf::TYPE)
            .contains(&Term::from(rg::PROCUREMENT_OBLIGATION))
        {
            "Procurement obligation"
        } else {
            "Obligation"
        };
        let sources = self.values(o, prov::WAS_DERIVED_FROM);
        let citations: Vec<NamedNode> = self
            .values(o, rg::CITED_AT)
            .into_iter()
            .filter_map(|c| match c {
                Term::NamedNode(c) => Some(c),
                _ => None,
            })
            .collect();
        html! {
            section.obligation {
                h3 { a href=(self.href(o.as_str())) { (kind) } }
                p {
                    b { "Addressed to:" } " "
                    (join(self.values(o, rg::ADDRESSEE_PROP).iter().map(|a| self.term_html(a))))
                }
                @if let Some(action) = self.first_text(o, rg::ACTION) {
                    p { b { "Action:" } " " (action) }
                }
                @if let Some(quote) = self.first_text(o, rg::QUOTE) {
                    blockquote { (quote) }
                }
                @if !sources.is_empty() {
                    p.muted { "Source: " (join(sources.iter().map(|s| self.term_html(s)))) }
                }
                @if !citations.is_empty() {
                    table.citations {
                        tr { th { "cited at" } th { "paragraph" } th { "quote" } th { "source" } }
                        @for c in &citations {
                            @let cell = |p| self.first_text(c.as_ref(), p).unwrap_or_default();
                            tr {
                                td { (cell(rdfs::LABEL)) }
                                td { (cell(rg::PARAGRAPH_NUMBER)) }
                                td { (cell(rg::QUOTE)) }
                                td {
                                    (join(self.values(c.as_ref(), prov::WAS_DERIVED_FROM)
                                        .iter()
                                        .map(|s| self.term_html(s))))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The full texts of a resolution: (language code, URL) of each manifestation.
    fn texts(&self, r: NamedNodeRef<'_>) -> Vec<(String, Term)> {
        let mut texts = Vec::new();
        for expression in self.values(r, eli::IS_REALIZED_BY) {
            let Term::NamedNode(e) = &expression else {
                continue;
            };
            let language = self
                .first_text(e.as_ref(), eli::LANGUAGE)
                .map(|l| l.trim_start_matches(EU_LANGUAGE).to_owned())
                .unwrap_or_default();
            for manifestation in self.values(e.as_ref(), eli::IS_EMBODIED_BY) {
                let Term::NamedNode(m) = &manifestation else {
                    continue;
                };
                for url in self.values(m.as_ref(), eli::IS_EXEMPLIFIED_BY) {
                    texts.push((language.clone(), url));
                }
            }
        }
        texts
    }

    /// The other names of a concept (its `skos:altLabel`s).
    fn aliases(&self, concept: &Term) -> Vec<String> {
        match concept {
            Term::NamedNode(c) => self
                .values(c.as_ref(), skos::ALT_LABEL)
                .iter()
                .map(|a| self.label(a))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// What a source is, in words.
    fn source_kind(&self, source: NamedNodeRef<'_>) -> &'static str {
        let kinds = self.values(source, rdf::TYPE);
        if kinds.contains(&Term::from(rg::CATALOGUE_RECORD)) {
            "catalogue record"
        } else if kinds.contains(&Term::from(rg::INSTRUMENT_TEXT)) {
            "the instrument's text"
        } else {
            "source"
        }
    }

    /// Where a link to `iri` goes: a path on this server for IRIs under the base.
    fn href(&self, iri: &str) -> String {
        match iri.strip_prefix(&self.options.base) {
            Some(rest) => format!("/{rest}"),
            None => iri.to_owned(),
        }
    }

    /// The best human label of a term: a concept's label, a title, a symbol, or the IRI.
    fn label(&self, term: &Term) -> String {
        match term {
            Term::NamedNode(node) => {
                for predicate in [skos::PREF_LABEL, dcterms::TITLE, rdfs::LABEL, eli::ID_LOCAL] {
                    if let Some(Term::Literal(l)) = self
                        .store
                        .objects(node.as_ref(), predicate)
                        .ok()
                        .and_then(|o| o.into_iter().next())
                    {
                        return l.value().to_owned();
                    }
                }
                node.as_str().to_owned()
            }
            Term::Literal(l) => l.value().to_owned(),
            other => other.to_string(),
        }
    }

    /// A term as HTML: a link with its label for an IRI, the value for a literal.
    fn term_html(&self, term: &Term) -> Markup {
        match term {
            Term::NamedNode(node) => {
                html! { a href=(self.href(node.as_str())) { (self.label(term)) } }
            }
            Term::Literal(l) => html! { (l.value()) },
            other => html! { (other.to_string()) },
        }
    }

    /// A predicate (or a class) as a short name (`eli:is_about`), linked to where it is defined.
    fn predicate_html(&self, predicate: &NamedNode) -> Markup {
        html! { a href=(self.href(predicate.as_str())) { (curie(predicate.as_str())) } }
    }

    /// The values of a property, sorted.
    fn values(&self, subject: NamedNodeRef<'_>, predicate: NamedNodeRef<'_>) -> Vec<Term> {
        let mut values = self.store.objects(subject, predicate).unwrap_or_default();
        values.sort_by_key(|t| t.to_string());
        values
    }

    /// The first value of a property, as text.
    fn first_text(&self, subject: NamedNodeRef<'_>, predicate: NamedNodeRef<'_>) -> Option<String> {
        self.values(subject, predicate).first().map(|t| match t {
            Term::Literal(l) => l.value().to_owned(),
            other => self.label(other),
        })
    }

    /// `/catalog` for a browser: the catalog graph (`quads`, from
    /// [`crate::publish::catalog::describe`]) as a page: the dataset, its downloads (format,
    /// size, SHA-256, link), the SPARQL service, its licence and publisher, and its VoID
    /// statistics and partitions.
    pub(super) fn catalog_page(&self, quads: &[Quad]) -> String {
        let graph = CatalogGraph(quads);
        let catalog = graph.subject_of_type(dcat::CATALOG);
        let dataset = graph.object(&catalog, dcat::DATASET_PROP);
        let service = graph.object(&catalog, dcat::SERVICE);
        let publisher = graph.object(&catalog, dcterms::PUBLISHER);
        let text = |subject: &Option<Term>, predicate| -> String {
            match graph.object(subject, predicate) {
                Some(Term::Literal(l)) => l.value().to_owned(),
                Some(Term::NamedNode(n)) => n.as_str().to_owned(),
                Some(other) => other.to_string(),
                None => String::new(),
            }
        };
        let link = |term: &Option<Term>, label: String| -> Markup {
            match term {
                Some(Term::NamedNode(n)) => html! { a href=(self.href(n.as_str())) { (label) } },
                _ => html! { (label) },
            }
        };
        let iri_link = |term: &Option<Term>| -> Markup {
            let label = match term {
                Some(Term::NamedNode(n)) => n.as_str().to_owned(),
                _ => String::new(),
            };
            link(term, label)
        };
        let stats = [
            ("triples", void::TRIPLES),
            ("entities", void::ENTITIES),
            ("distinct subjects", void::DISTINCT_SUBJECTS),
            ("distinct objects", void::DISTINCT_OBJECTS),
            ("properties", void::PROPERTIES),
            ("classes", void::CLASSES),
        ];
        let partitions = |predicate, key, count| -> Vec<(Option<Term>, String)> {
            let mut rows: Vec<(Option<Term>, String)> = graph
                .objects(&dataset, predicate)
                .into_iter()
                .map(|partition| {
                    let partition = Some(partition);
                    (graph.object(&partition, key), text(&partition, count))
                })
                .collect();
            rows.sort_by_key(|(term, _)| term.as_ref().map(Term::to_string));
            rows
        };
        let curie_link = |term: &Option<Term>| -> Markup {
            match term {
                Some(Term::NamedNode(n)) => self.predicate_html(n),
                _ => html! {},
            }
        };
        let classes = partitions(void::CLASS_PARTITION, void::CLASS, void::ENTITIES);
        let properties = partitions(void::PROPERTY_PARTITION, void::PROPERTY, void::TRIPLES);
        let mut distributions: Vec<Option<Term>> = graph
            .objects(&dataset, dcat::DISTRIBUTION_PROP)
            .into_iter()
            .map(Some)
            .collect();
        distributions.sort_by_key(|d| text(d, dcterms::TITLE));
        let keywords: Vec<String> = graph
            .objects(&dataset, dcat::KEYWORD)
            .iter()
            .map(|k| match k {
                Term::Literal(l) => l.value().to_owned(),
                other => other.to_string(),
            })
            .collect();
        let body = html! {
            h1 { (text(&catalog, dcterms::TITLE)) }
            p #catalog-description { (text(&catalog, dcterms::DESCRIPTION)) }
            table #catalog {
                tr { th { "publisher" } td { (text(&publisher, foaf::NAME)) } }
                tr { th { "licence" } td { (iri_link(&graph.object(&catalog, dcterms::LICENSE))) } }
                tr { th { "issued" } td { (text(&catalog, dcterms::ISSUED)) } }
                tr { th { "modified" } td { (text(&catalog, dcterms::MODIFIED)) } }
            }
            h2 { "Dataset: " (text(&dataset, dcterms::TITLE)) }
            p { (text(&dataset, dcterms::DESCRIPTION)) }
            p.muted { "IRI: " span.iri { (iri_link(&dataset)) } }
            @if !keywords.is_empty() {
                p #keywords { "Keywords: " (keywords.join(", ")) }
            }
            table #statistics {
                @for (name, predicate) in stats {
                    tr { th { (name) } td { (text(&dataset, predicate)) } }
                }
            }
            h2 { "Downloads" }
            table #distributions {
                tr { th { "format" } th { "media type" } th { "bytes" } th { "SHA-256" } th { "download" } }
                @for d in &distributions {
                    @let checksum = graph.object(d, spdx::CHECKSUM_PROP);
                    @let download = graph.object(d, dcat::DOWNLOAD_URL);
                    tr {
                        td { (link(d, text(d, dcterms::TITLE))) }
                        td { (text(d, dcat::MEDIA_TYPE).rsplit_once("/media-types/").map_or(String::new(), |(_, m)| m.to_owned())) }
                        td { (text(d, dcat::BYTE_SIZE)) }
                        td.iri { (text(&checksum, spdx::CHECKSUM_VALUE)) }
                        td { (link(&download, text(d, dcat::DOWNLOAD_URL))) }
                    }
                }
            }
            h2 { "SPARQL service" }
            table #service {
                tr { th { "service" } td { (link(&service, text(&service, dcterms::TITLE))) } }
                tr { th { "endpoint" } td { (link(&graph.object(&service, dcat::ENDPOINT_URL), text(&service, dcat::ENDPOINT_URL))) } }
                tr { th { "conforms to" } td { (iri_link(&graph.object(&service, dcterms::CONFORMS_TO))) } }
            }
            h2 { "Classes" }
            table #class-partitions {
                tr { th { "class" } th { "entities" } }
                @for (class, n) in &classes {
                    tr { td { (curie_link(class)) } td { (n) } }
                }
            }
            h2 { "Properties" }
            table #property-partitions {
                tr { th { "property" } th { "triples" } }
                @for (property, n) in &properties {
                    tr { td { (curie_link(property)) } td { (n) } }
                }
            }
            p {
                "This catalog is DCAT-AP 3 and VoID: ask /catalog for Turtle, N-Triples, RDF/XML or JSON-LD "
                "(" code { "Accept" } "), as " code { "build" } " writes it to " code { "out/catalog.ttl" } "."
            }
        };
        page(&text(&catalog, dcterms::TITLE), body)
    }

    /// `/instruments`: the instruments `selection` picks, a page at a time, with the facets
    /// and the search box.
    pub(super) fn instruments_page(&self, index: &BrowseIndex, selection: &Selection) -> String {
        let found = index.find(selection);
        let pages = found.total.div_ceil(PAGE_SIZE).max(1);
        let link = |facet: Option<(usize, Option<&str>)>, page: usize| {
            let query = selection.with(facet, page);
            match query.is_empty() {
                true => "/instruments".to_owned(),
                false => format!("/instruments?{query}"),
            }
        };
        let body = html! {
            h1 { "Instruments" }
            form #search action="/instruments" method="get" {
                @for (i, (name, _)) in FACETS.iter().enumerate() {
                    @if let Some(value) = &selection.chosen[i] {
                        input type="hidden" name=(name) value=(value);
                    }
                }
                label for="q" { "Search titles, symbols and descriptions:" } " "
                input #q type="search" name="q" value=(selection.search);
                " " button #search-run type="submit" { "Search" }
            }
            p #matches {
                (found.total) " of " (index.len()) " instruments"
                @if !found.words.is_empty() { " with the words " strong { (found.words.join(" ")) } }
                @for (i, (_, title)) in FACETS.iter().enumerate() {
                    @if let Some(value) = &selection.chosen[i] {
                        " · " (title) ": " strong { (value) } " "
                        a.remove href=(link(Some((i, None)), 1)) { "(remove)" }
                    }
                }
            }
            div #facets {
                @for (i, (name, title)) in FACETS.iter().enumerate() {
                    section.facet id={ "facet-" (name) } {
                        h2 { (title) }
                        ul {
                            @for value in &found.facets[i] {
                                li {
                                    a href=(link(Some((i, Some(value.label.as_str()))), 1)) {
                                        (value.label)
                                    }
                                    " " span.count { (value.count) }
                                }
                            }
                        }
                    }
                }
            }
            (instrument_list(self, &found.page))
            p #pages {
                "Page " (selection.page.min(pages)) " of " (pages) " "
                @if selection.page > 1 {
                    a #previous rel="prev" href=(link(None, selection.page.min(pages + 1) - 1)) { "previous" } " "
                }
                @if selection.page < pages {
                    a #next rel="next" href=(link(None, selection.page + 1)) { "next" }
                }
            }
        };
        page("Instruments", body)
    }
}

/// A list of instruments, each linked to its page, with its title after its symbol.
fn instrument_list(site: &Site, entries: &[&super::browse::Entry]) -> Markup {
    html! {
        ul #instruments {
            @for entry in entries {
                li {
                    a href=(site.href(&entry.iri)) { (entry.label) }
                    @if entry.label != entry.title { " " span.title { (entry.title) } }
                }
            }
        }
    }
}

/// The quads of the catalog graph, looked up by subject and predicate (a few hundred: a scan
/// each).
struct CatalogGraph<'a>(&'a [Quad]);

impl CatalogGraph<'_> {
    /// The first subject typed `class`.
    fn subject_of_type(&self, class: NamedNodeRef<'_>) -> Option<Term> {
        self.0
            .iter()
            .find(|q| q.predicate == rdf::TYPE && q.object == class.into())
            .map(|q| q.subject.clone().into())
    }

    /// The objects of `subject predicate ?o`.
    fn objects(&self, subject: &Option<Term>, predicate: NamedNodeRef<'_>) -> Vec<Term> {
        self.0
            .iter()
            .filter(|q| {
                q.predicate == predicate && subject.as_ref() == Some(&q.subject.clone().into())
            })
            .map(|q| q.object.clone())
            .collect()
    }

    /// One object of `subject predicate ?o`.
    fn object(&self, subject: &Option<Term>, predicate: NamedNodeRef<'_>) -> Option<Term> {
        self.objects(subject, predicate).into_iter().next()
    }
}
