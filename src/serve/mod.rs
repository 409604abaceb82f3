//! Publishing: a read-only linked-data server over the graph.
//!
//! One [`Site`] answers every request, on top of [`crate::graph::store`], [`crate::query`] and
//! [`crate::publish::export`]: the SPARQL 1.1 Protocol at `/sparql`, the stored queries at
//! `/query/NAME`, a page or an RDF description for every IRI minted under the base (the
//! resource IRI answers 303 See Other to its document `/doc/…`, as the W3C note "Cool URIs for
//! the Semantic Web" recommends), a home page, a VoID description at `/catalog` and
//! `/.well-known/void`, and dumps at `/dump/resgraph.EXT`. [`serve`] runs it as an HTTP/1.1
//! server (hyper on tokio, in the `server` submodule), which owns the connections, their
//! deadlines and the body limit; a [`Site`] only ever sees complete requests.
//!
//! Request paths map to IRIs under the base: with the base `https://w3id.org/resgraph/`, the
//! path `/resolution/unsc/2016/2331` is the resolution `https://w3id.org/resgraph/resolution/unsc/2016/2331`,
//! whatever address the server listens on.

use crate::error::{Error, Result};
use crate::graph::mint::Minter;
use crate::graph::store::{parse_query, Answer, GraphStore, QueryDataset, QueryLimits, Refusal};
use crate::ingest::folder::Collection;
use crate::publish::export::{write_quads, Exporter, Format};
use crate::publish::stream::export_dataset;
use crate::query::StoredQuery;
use crate::vocab::{
    curie, dcterms, eli, formats, prov, rdf, rdfs, rg, sd, skos, void, xsd, EU_LANGUAGE,
};
use http::header::{
    HeaderName, ACCEPT, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_MAX_AGE, ALLOW, CONTENT_TYPE, LOCATION, VARY,
};
use http::{Method, Request, Response, StatusCode};
use oxigraph::model::{
    GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple,
};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QuerySolution;
use std::fmt::Write as _;
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::Duration;

mod server;
pub use server::{
    serve, ServerLimits, DEFAULT_MAX_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT_SECS, MAX_BODIES,
};

/// The address `resgraph serve` listens on by default.
pub const DEFAULT_BIND: &str = "127.0.0.1:7878";
/// The default query time limit, in seconds.
pub const DEFAULT_TIMEOUT_SECS: f64 = 10.0;
/// The default largest request body, in bytes (1 MiB).
pub const DEFAULT_MAX_BODY: usize = 1 << 20;
/// The default largest answer, in rows (or triples).
pub const DEFAULT_MAX_ROWS: usize = 10_000;
/// The most SPARQL queries evaluated at once; more get 503 until one ends.
pub const MAX_RUNNING_QUERIES: usize = 4;

/// How a [`Site`] answers.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// The base IRI the graph was minted under; request paths map to IRIs under it.
    pub base: String,
    /// Limits on each SPARQL query.
    pub limits: QueryLimits,
    /// The largest request body accepted, in bytes.
    pub max_body: usize,
    /// The stored queries, served at `/query/NAME`.
    pub queries: Vec<StoredQuery>,
}

/// The server's content: the graph, its stored queries and the ontology, and how to answer.
pub struct Site {
    store: GraphStore,
    quads: Vec<Quad>,
    records: Option<(Collection, Minter)>,
    ontology: Option<(GraphStore, Vec<Quad>)>,
    options: SiteOptions,
    triples: usize,
    running: Arc<Slots>,
}

/// How many queries are running, and a signal when one ends.
#[derive(Default)]
struct Slots {
    count: Mutex<usize>,
    freed: Condvar,
}

/// Counts a query as running until dropped.
struct Running(Arc<Slots>);

impl Drop for Running {
    fn drop(&mut self) {
        let mut count = self.0.count.lock().unwrap_or_else(|e| e.into_inner());
        *count -= 1;
        self.0.freed.notify_one();
    }
}

/// A response under construction: status, content type, body.
struct Reply {
    status: StatusCode,
    content_type: &'static str,
    body: Vec<u8>,
    headers: Vec<(HeaderName, String)>,
}

impl Reply {
    fn new(status: StatusCode, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type,
            body: body.into(),
            headers: Vec::new(),
        }
    }

    /// A plain-text message, for every refusal and error.
    fn text(status: StatusCode, message: impl std::fmt::Display) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            format!("{} {}: {message}\n", status.as_u16(), reason(status)),
        )
    }

    fn html(body: String) -> Reply {
        Reply::new(StatusCode::OK, "text/html; charset=utf-8", body)
    }

    fn header(mut self, name: HeaderName, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    fn into_response(self) -> Response<Vec<u8>> {
        let mut builder = Response::builder()
            .status(self.status)
            .header(CONTENT_TYPE, self.content_type)
            .header(ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        for (name, value) in self.headers {
            builder = builder.header(name, value);
        }
        builder
            .body(self.body)
            .expect("the response headers are valid")
    }
}

/// 413 for a request body over `limit` bytes.
fn too_large(limit: usize) -> Reply {
    Reply::text(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("the request body is larger than {limit} bytes, the limit of this server"),
    )
}

fn reason(status: StatusCode) -> &'static str {
    status.canonical_reason().unwrap_or("")
}

/// SPARQL results formats, and the HTML table for browsers, by media type.
const RESULTS_TYPES: &[&str] = &[
    "application/sparql-results+json",
    "application/json",
    "application/sparql-results+xml",
    "application/xml",
    "text/csv",
    "text/tab-separated-values",
    "text/html",
];

/// RDF formats for graphs, and HTML for browsers, by media type.
const GRAPH_TYPES: &[&str] = &[
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/ld+json",
    "text/html",
];

/// The best of `offers` for the `Accept` header (`None` if none is acceptable). Without an
/// `Accept` header, the first offer. Ties go to the earlier offer.
fn negotiate<'a>(accept: Option<&str>, offers: &[&'a str]) -> Option<&'a str> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return offers.first().copied();
    };
    let ranges: Vec<(String, f32)> = accept
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let media = parts.next()?.trim().to_ascii_lowercase();
            let mut q = 1.0;
            for param in parts {
                if let Some(value) = param.trim().strip_prefix("q=") {
                    q = value.trim().parse().unwrap_or(0.0);
                }
            }
            Some((media, q))
        })
        .collect();
    let quality = |offer: &str| -> f32 {
        let (kind, _) = offer.split_once('/').unwrap_or((offer, ""));
        let mut best: Option<(u8, f32)> = None;
        for (media, q) in &ranges {
            let specificity = if media == offer {
                3
            } else if media.strip_suffix("/*") == Some(kind) {
                2
            } else if media == "*/*" {
                1
            } else {
                continue;
            };
            if best.is_none_or(|(s, _)| specificity > s) {
                best = Some((specificity, *q));
            }
        }
        best.map_or(0.0, |(_, q)| q)
    };
    let mut chosen: Option<(&str, f32)> = None;
    for offer in offers {
        let q = quality(offer);
        if q > 0.0 && chosen.is_none_or(|(_, best)| q > best) {
            chosen = Some((offer, q));
        }
    }
    chosen.map(|(offer, _)| offer)
}

/// The RDF export format for a graph media type.
fn graph_format(media: &str) -> Option<Format> {
    match media {
        "text/turtle" => Some(Format::Ttl),
        "application/n-triples" => Some(Format::Nt),
        "application/rdf+xml" => Some(Format::Rdf),
        "application/ld+json" => Some(Format::Jsonld),
        _ => None,
    }
}

fn media_type(format: Format) -> &'static str {
    match format {
        Format::Ttl => "text/turtle; charset=utf-8",
        Format::Nt => "application/n-triples",
        Format::Nq => "application/n-quads",
        Format::Trig => "application/trig",
        Format::Rdf => "application/rdf+xml",
        Format::Jsonld => "application/ld+json",
    }
}

fn not_acceptable(offers: &[&str]) -> Reply {
    Reply::text(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "no format you accept is available; ask for one of {}",
            offers.join(", ")
        ),
    )
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A page: the layout around `body` (already HTML).
fn page(title: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · resgraph</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 62rem; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.45; color: #222; }}
header a {{ margin-right: 1rem; }}
table {{ border-collapse: collapse; margin: .5rem 0; }}
th, td {{ border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }}
td a {{ overflow-wrap: anywhere; }}
th {{ background: #f2f2f2; }}
blockquote {{ border-left: 4px solid #9ab; margin: .5rem 0; padding: .25rem .75rem; background: #f7f9fa; }}
textarea {{ width: 100%; font-family: monospace; }}
code, .iri {{ font-family: monospace; font-size: .9em; word-break: break-all; }}
dt {{ font-weight: bold; }}
.muted {{ color: #666; }}
</style>
</head>
<body>
<header><a href="/">resgraph</a><a href="/sparql">SPARQL endpoint</a><a href="/catalog">Catalog (VoID)</a></header>
{body}
</body>
</html>
"#,
        title = escape(title)
    )
}

impl Site {
    /// A site over `quads` (the default graph and the source graphs), with the ontology's
    /// quads if given.
    pub fn new(
        quads: Vec<Quad>,
        ontology: Option<Vec<Quad>>,
        options: SiteOptions,
    ) -> Result<Site> {
        let store = GraphStore::load(&quads)?;
        let triples = write_quads(&quads, Format::Nt, std::io::sink())
            .map_err(|e| Error::Serve(e.to_string()))?;
        let ontology = match ontology {
            Some(quads) => Some((GraphStore::load(&quads)?, quads)),
            None => None,
        };
        Ok(Site {
            store,
            quads,
            records: None,
            ontology,
            options,
            triples,
            running: Arc::new(Slots::default()),
        })
    }

    /// Serves dumps written from the records the graph was built from, so that they are the
    /// same bytes as `resgraph export` and `resgraph build` write.
    pub fn with_records(mut self, dataset: Collection, minter: Minter) -> Site {
        self.records = Some((dataset, minter));
        self
    }

    /// The number of distinct triples in the default graph.
    pub fn triples(&self) -> usize {
        self.triples
    }

    /// The largest request body this site accepts, in bytes.
    pub fn max_body(&self) -> usize {
        self.options.max_body
    }

    /// Answers one complete request (its body already read).
    ///
    /// ```
    /// # fn main() -> resgraph::Result<()> {
    /// use resgraph::serve::{Site, SiteOptions, DEFAULT_MAX_BODY};
    /// use resgraph::graph::store::QueryLimits;
    /// use std::time::Duration;
    ///
    /// let site = Site::new(Vec::new(), None, SiteOptions {
    ///     base: "https://w3id.org/resgraph/".into(),
    ///     limits: QueryLimits { timeout: Duration::from_secs(10), max_rows: 100 },
    ///     max_body: DEFAULT_MAX_BODY,
    ///     queries: Vec::new(),
    /// })?;
    /// let request = http::Request::get("/sparql?query=ASK%7B%7D")
    ///     .header("Accept", "text/csv")
    ///     .body(Vec::new())
    ///     .unwrap();
    /// let response = site.handle(request);
    /// assert_eq!(response.status(), 200);
    /// assert_eq!(response.body(), b"true");
    /// # Ok(()) }
    /// ```
    pub fn handle(&self, request: Request<Vec<u8>>) -> Response<Vec<u8>> {
        let mut reply = self.route(&request);
        if request.method() == Method::HEAD {
            reply.body.clear();
        }
        reply.into_response()
    }

    fn route(&self, request: &Request<Vec<u8>>) -> Reply {
        let path = request.uri().path().to_owned();
        let method = request.method().clone();
        if method == Method::OPTIONS {
            // No Access-Control-Allow-Methods: GET, HEAD and POST are CORS-safelisted.
            return Reply::new(StatusCode::NO_CONTENT, "text/plain", Vec::new())
                .header(ACCESS_CONTROL_ALLOW_HEADERS, "Accept, Content-Type")
                .header(ACCESS_CONTROL_MAX_AGE, "86400");
        }
        let allowed: &[Method] = if path == "/sparql" {
            &[Method::GET, Method::HEAD, Method::POST]
        } else {
            &[Method::GET, Method::HEAD]
        };
        if !allowed.contains(&method) {
            let names: Vec<&str> = allowed.iter().map(Method::as_str).collect();
            return Reply::text(
                StatusCode::METHOD_NOT_ALLOWED,
                format!(
                    "{method} is not allowed on {path}: this server is read-only (allowed: {})",
                    names.join(", ")
                ),
            )
            .header(ALLOW, names.join(", "));
        }
        let accept = request
            .headers()
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let accept = accept.as_deref();
        match path.as_str() {
            "/" => self.home(accept),
            "/sparql" => self.sparql(request, accept),
            "/catalog" | "/.well-known/void" => self.catalog(accept),
            "/ontology" => self.ontology(accept),
            _ => {
                if let Some(name) = path.strip_prefix("/query/") {
                    self.stored(name, accept)
                } else if let Some(file) = path.strip_prefix("/dump/") {
                    self.dump(file)
                } else if let Some(rest) = path.strip_prefix("/doc/") {
                    self.document(rest, accept)
                } else {
                    self.resource(&path)
                }
            }
        }
    }

    /// `{base}{path without its leading /}`, if that is an IRI.
    fn iri_of(&self, path: &str) -> Option<NamedNode> {
        NamedNode::new(format!(
            "{}{}",
            self.options.base,
            path.trim_start_matches('/')
        ))
        .ok()
    }

    /// Where a link to `iri` goes: a path on this server for IRIs under the base.
    fn href(&self, iri: &str) -> String {
        match iri.strip_prefix(&self.options.base) {
            Some(rest) => format!("/{rest}"),
            None => iri.to_owned(),
        }
    }

    fn is_described(&self, iri: NamedNodeRef<'_>) -> bool {
        self.store
            .store()
            .quads_for_pattern(Some(iri.into()), None, None, None)
            .next()
            .is_some()
    }

    /// A resource IRI: 303 See Other to its document, or 404.
    fn resource(&self, path: &str) -> Reply {
        match self.iri_of(path) {
            Some(iri) if self.is_described(iri.as_ref()) => Reply::text(
                StatusCode::SEE_OTHER,
                format!("{} is described by /doc{path}", iri.as_str()),
            )
            .header(LOCATION, format!("/doc{path}")),
            _ => self.not_found(path),
        }
    }

    fn not_found(&self, path: &str) -> Reply {
        Reply::text(
            StatusCode::NOT_FOUND,
            format!(
                "nothing is described at {path} (IRI {}{}); see / for what is here",
                self.options.base,
                path.trim_start_matches('/')
            ),
        )
    }

    /// `/doc/{path}` (content negotiation) or `/doc/{path}.{html,ttl,nt,rdf,jsonld}`.
    fn document(&self, rest: &str, accept: Option<&str>) -> Reply {
        let described = |path: &str| {
            self.iri_of(path)
                .filter(|iri| self.is_described(iri.as_ref()))
        };
        let (iri, media) = match described(rest) {
            Some(iri) => match negotiate(accept, GRAPH_TYPES) {
                Some(media) => (iri, media),
                None => return not_acceptable(GRAPH_TYPES),
            },
            None => {
                let variant = rest.rsplit_once('.').and_then(|(stem, ext)| {
                    let media = match ext {
                        "html" => "text/html",
                        "ttl" => "text/turtle",
                        "nt" => "application/n-triples",
                        "rdf" => "application/rdf+xml",
                        "jsonld" => "application/ld+json",
                        _ => return None,
                    };
                    described(stem).map(|iri| (iri, media))
                });
                match variant {
                    Some(found) => found,
                    None => return self.not_found(&format!("/doc/{rest}")),
                }
            }
        };
        let reply = match graph_format(media) {
            Some(format) => match self.store.describe(iri.as_ref()) {
                Ok(triples) => graph_reply(&triples, format),
                Err(e) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, e),
            },
            None => match self.resource_page(iri.as_ref()) {
                Ok(html) => Reply::html(html),
                Err(e) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, e),
            },
        };
        reply.header(VARY, "Accept")
    }

    /// `/sparql`: the SPARQL 1.1 Protocol, or the service description without a query.
    fn sparql(&self, request: &Request<Vec<u8>>, accept: Option<&str>) -> Reply {
        let mut params: Vec<(String, String)> = request
            .uri()
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        let mut direct_query = None;
        if request.method() == Method::POST {
            let content_type = request
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let body = request.body();
            if body.len() > self.options.max_body {
                return too_large(self.options.max_body);
            }
            match content_type.as_str() {
                "application/x-www-form-urlencoded" => {
                    params.extend(url::form_urlencoded::parse(body).into_owned())
                }
                "application/sparql-query" => match std::str::from_utf8(body) {
                    Ok(text) => direct_query = Some(text.to_owned()),
                    Err(_) => {
                        return Reply::text(StatusCode::BAD_REQUEST, "the query is not UTF-8")
                    }
                },
                "application/sparql-update" => {
                    return Reply::text(StatusCode::FORBIDDEN, Refusal::Update)
                }
                other => {
                    return Reply::text(
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        format!(
                            "a POST to /sparql is application/x-www-form-urlencoded or application/sparql-query, not {other:?}"
                        ),
                    )
                }
            }
        }
        if params.iter().any(|(k, _)| k == "update") {
            return Reply::text(StatusCode::FORBIDDEN, Refusal::Update);
        }
        let queries: Vec<&String> = params
            .iter()
            .filter(|(k, _)| k == "query")
            .map(|(_, v)| v)
            .collect();
        let text = match (direct_query, queries.as_slice()) {
            (Some(text), []) => text,
            (None, [one]) => (*one).clone(),
            (None, []) => return self.service_description(accept),
            _ => {
                return Reply::text(
                    StatusCode::BAD_REQUEST,
                    "give exactly one query (one query= parameter, or the request body)",
                )
            }
        };
        let mut dataset = QueryDataset::default();
        for (key, value) in &params {
            let graph = || {
                NamedNode::new(value.as_str()).map_err(|e| {
                    Reply::text(
                        StatusCode::BAD_REQUEST,
                        format!("{key}={value:?} is not an IRI: {e}"),
                    )
                })
            };
            match key.as_str() {
                "default-graph-uri" => match graph() {
                    Ok(g) => dataset.default_graphs.push(GraphName::NamedNode(g)),
                    Err(reply) => return reply,
                },
                "named-graph-uri" => match graph() {
                    Ok(g) => dataset.named_graphs.push(NamedOrBlankNode::NamedNode(g)),
                    Err(reply) => return reply,
                },
                _ => {}
            }
        }
        self.answer("/sparql", &text, &dataset, accept)
    }

    /// Runs a query and writes its answer in the negotiated format.
    fn answer(
        &self,
        name: &str,
        text: &str,
        dataset: &QueryDataset,
        accept: Option<&str>,
    ) -> Reply {
        let result = parse_query(name, text).and_then(|query| {
            let is_graph = matches!(
                query,
                spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. }
            );
            let offers = if is_graph { GRAPH_TYPES } else { RESULTS_TYPES };
            let Some(media) = negotiate(accept, offers) else {
                return Ok(not_acceptable(offers));
            };
            let answer = self.evaluate(name, query, dataset)?;
            Ok(self.answer_reply(text, &answer, media))
        });
        match result {
            Ok(reply) => reply,
            Err(error) => error_reply(&error),
        }
    }

    /// Evaluates a query in a worker thread and waits at most the time limit for it.
    ///
    /// oxigraph checks the cancellation token between solutions, so a query busy in one long
    /// sort or aggregate notices it late; the client gets its 503 at the limit all the same,
    /// and at most [`MAX_RUNNING_QUERIES`] queries (finished or not) run at once. A query that
    /// finds them all taken waits for one, at most the time limit, before it is refused.
    fn evaluate(
        &self,
        name: &str,
        query: spargebra::Query,
        dataset: &QueryDataset,
    ) -> Result<Answer> {
        let limits = self.options.limits;
        {
            let count = self.running.count.lock().unwrap_or_else(|e| e.into_inner());
            let (mut count, _) = self
                .running
                .freed
                .wait_timeout_while(count, limits.timeout, |n| *n >= MAX_RUNNING_QUERIES)
                .unwrap_or_else(|e| e.into_inner());
            if *count >= MAX_RUNNING_QUERIES {
                return Err(Error::Refused {
                    name: name.to_owned(),
                    refusal: Refusal::Busy(MAX_RUNNING_QUERIES),
                });
            }
            *count += 1;
        }
        let running = Running(Arc::clone(&self.running));
        let (send, receive) = mpsc::channel();
        let store = self.store.clone();
        let (label, dataset) = (name.to_owned(), dataset.clone());
        std::thread::spawn(move || {
            let _running = running;
            let _ = send.send(store.run(&label, query, Some(&dataset), Some(&limits)));
        });
        receive
            .recv_timeout(limits.timeout + Duration::from_millis(100))
            .unwrap_or_else(|_| {
                Err(Error::Refused {
                    name: name.to_owned(),
                    refusal: Refusal::Timeout(limits.timeout),
                })
            })
    }

    fn answer_reply(&self, text: &str, answer: &Answer, media: &str) -> Reply {
        let results_format = match media {
            "application/sparql-results+json" | "application/json" => {
                Some(QueryResultsFormat::Json)
            }
            "application/sparql-results+xml" | "application/xml" => Some(QueryResultsFormat::Xml),
            "text/csv" => Some(QueryResultsFormat::Csv),
            "text/tab-separated-values" => Some(QueryResultsFormat::Tsv),
            _ => None,
        };
        match (answer, results_format, graph_format(media)) {
            (_, None, None) => Reply::html(self.results_page(text, answer)),
            (Answer::Graph(triples), _, Some(format)) => graph_reply(triples, format),
            (Answer::Solutions { .. } | Answer::Boolean(_), Some(format), _) => {
                let mut out = Vec::new();
                match write_results(answer, format, &mut out) {
                    Ok(()) => Reply::new(StatusCode::OK, results_media_type(format), out),
                    Err(e) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, e),
                }
            }
            _ => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, "format mismatch"),
        }
    }

    /// `/query/NAME`: a stored query's answer.
    fn stored(&self, name: &str, accept: Option<&str>) -> Reply {
        match self.options.queries.iter().find(|q| q.name == name) {
            Some(query) => self.answer(
                &format!("/query/{name}"),
                &query.sparql,
                &QueryDataset::default(),
                accept,
            ),
            None => {
                let known: Vec<&str> = self
                    .options
                    .queries
                    .iter()
                    .map(|q| q.name.as_str())
                    .collect();
                Reply::text(
                    StatusCode::NOT_FOUND,
                    format!(
                        "there is no stored query {name:?} (there are: {})",
                        known.join(", ")
                    ),
                )
            }
        }
    }

    /// `/dump/resgraph.EXT`: the whole graph in one format.
    fn dump(&self, file: &str) -> Reply {
        let format = Format::ALL
            .into_iter()
            .find(|f| file == format!("resgraph.{}", f.extension()));
        match format {
            Some(format) => {
                let written = match &self.records {
                    Some((dataset, minter)) => {
                        Exporter::for_graph(format, Vec::new()).and_then(|mut e| {
                            export_dataset(dataset, minter, &mut e)?;
                            e.finish().map(|(out, _)| out)
                        })
                    }
                    None => {
                        let mut out = Vec::new();
                        write_quads(&self.quads, format, &mut out).map(|_| out)
                    }
                };
                match written {
                    Ok(out) => Reply::new(StatusCode::OK, media_type(format), out),
                    Err(e) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, e),
                }
            }
            None => self.not_found(&format!("/dump/{file}")),
        }
    }

    /// `/ontology`: the ontology document (its terms are hash IRIs `…/ontology#Term`).
    fn ontology(&self, accept: Option<&str>) -> Reply {
        let Some((store, quads)) = &self.ontology else {
            return self.not_found("/ontology");
        };
        let Some(media) = negotiate(accept, GRAPH_TYPES) else {
            return not_acceptable(GRAPH_TYPES);
        };
        let reply = match graph_format(media) {
            Some(format) => {
                let mut out = Vec::new();
                match write_quads(quads, format, &mut out) {
                    Ok(_) => Reply::new(StatusCode::OK, media_type(format), out),
                    Err(e) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, e),
                }
            }
            None => Reply::html(ontology_page(store, quads)),
        };
        reply.header(VARY, "Accept")
    }

    /// `/catalog` and `/.well-known/void`: the VoID description.
    fn catalog(&self, accept: Option<&str>) -> Reply {
        let Some(media) = negotiate(accept, GRAPH_TYPES) else {
            return not_acceptable(GRAPH_TYPES);
        };
        let triples = self.void_description();
        let format = graph_format(media).unwrap_or(Format::Ttl);
        graph_reply(&triples, format).header(VARY, "Accept")
    }

    /// A minimal VoID description of the dataset, computed from the graph.
    pub fn void_description(&self) -> Vec<Triple> {
        let base = &self.options.base;
        let iri = |path: &str| NamedNode::new_unchecked(format!("{base}{path}"));
        let dataset = iri("catalog#dataset");
        let mut triples = vec![
            Triple::new(dataset.clone(), rdf::TYPE, void::DATASET),
            Triple::new(dataset.clone(), rdf::TYPE, sd::DATASET),
            Triple::new(
                dataset.clone(),
                dcterms::TITLE,
                Literal::new_language_tagged_literal_unchecked(
                    "resgraph: UN Security Council resolutions as linked data",
                    "en",
                ),
            ),
            Triple::new(
                dataset.clone(),
                void::TRIPLES,
                Literal::new_typed_literal(self.triples.to_string(), xsd::INTEGER),
            ),
            Triple::new(dataset.clone(), void::SPARQL_ENDPOINT, iri("sparql")),
            Triple::new(
                dataset.clone(),
                void::URI_SPACE,
                Literal::new_simple_literal(base.as_str()),
            ),
            Triple::new(
                dataset.clone(),
                void::VOCABULARY,
                NamedNode::new_unchecked(rg::NS.trim_end_matches('#')),
            ),
        ];
        for format in [Format::Ttl, Format::Nt, Format::Trig] {
            triples.push(Triple::new(
                dataset.clone(),
                void::DATA_DUMP,
                iri(&format!("dump/resgraph.{}", format.extension())),
            ));
        }
        for resolution in self.resolutions() {
            triples.push(Triple::new(
                dataset.clone(),
                void::EXAMPLE_RESOURCE,
                resolution,
            ));
        }
        triples
    }

    /// Every resolution, by IRI.
    fn resolutions(&self) -> Vec<NamedNode> {
        let mut found: Vec<NamedNode> = self
            .store
            .store()
            .quads_for_pattern(
                None,
                Some(rdf::TYPE),
                Some(rg::RESOLUTION.into()),
                Some(oxigraph::model::GraphNameRef::DefaultGraph),
            )
            .filter_map(|q| match q.ok()?.subject {
                NamedOrBlankNode::NamedNode(n) => Some(n),
                _ => None,
            })
            .collect();
        found.sort();
        found
    }

    /// `/sparql` without a query: the SPARQL 1.1 Service Description.
    fn service_description(&self, accept: Option<&str>) -> Reply {
        let Some(media) = negotiate(accept, GRAPH_TYPES) else {
            return not_acceptable(GRAPH_TYPES);
        };
        let base = &self.options.base;
        let endpoint = NamedNode::new_unchecked(format!("{base}sparql"));
        let dataset = NamedNode::new_unchecked(format!("{base}catalog#dataset"));
        let mut triples = vec![
            Triple::new(endpoint.clone(), rdf::TYPE, sd::SERVICE),
            Triple::new(endpoint.clone(), sd::ENDPOINT, endpoint.clone()),
            Triple::new(endpoint.clone(), sd::SUPPORTED_LANGUAGE, sd::SPARQL11_QUERY),
            Triple::new(endpoint.clone(), sd::DEFAULT_DATASET, dataset.clone()),
            Triple::new(dataset, rdf::TYPE, sd::DATASET),
        ];
        for format in [
            formats::SPARQL_RESULTS_JSON,
            formats::SPARQL_RESULTS_XML,
            formats::SPARQL_RESULTS_CSV,
            formats::SPARQL_RESULTS_TSV,
            formats::TURTLE,
            formats::N_TRIPLES,
            formats::RDF_XML,
            formats::JSON_LD,
        ] {
            triples.push(Triple::new(endpoint.clone(), sd::RESULT_FORMAT, format));
        }
        let format = graph_format(media).unwrap_or(Format::Ttl);
        graph_reply(&triples, format).header(VARY, "Accept")
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
    fn term_html(&self, term: &Term) -> String {
        match term {
            Term::NamedNode(node) => format!(
                r#"<a href="{}">{}</a>"#,
                escape(&self.href(node.as_str())),
                escape(&self.label(term))
            ),
            Term::Literal(l) => escape(l.value()),
            other => escape(&other.to_string()),
        }
    }

    fn values(&self, subject: NamedNodeRef<'_>, predicate: NamedNodeRef<'_>) -> Vec<Term> {
        let mut values = self.store.objects(subject, predicate).unwrap_or_default();
        values.sort_by_key(|t| t.to_string());
        values
    }

    fn first_text(&self, subject: NamedNodeRef<'_>, predicate: NamedNodeRef<'_>) -> Option<String> {
        self.values(subject, predicate).first().map(|t| match t {
            Term::Literal(l) => l.value().to_owned(),
            other => self.label(other),
        })
    }

    /// A predicate as a short name (`eli:is_about`), linked to where it is defined.
    fn predicate_html(&self, predicate: &NamedNode) -> String {
        format!(
            r#"<a href="{}">{}</a>"#,
            escape(&self.href(predicate.as_str())),
            escape(&curie(predicate.as_str()))
        )
    }

    /// The HTML page of a resource: a resolution's own page, or the generic one.
    fn resource_page(&self, iri: NamedNodeRef<'_>) -> Result<String> {
        let types = self.values(iri, rdf::TYPE);
        let is_resolution = types.iter().any(|t| *t == Term::from(rg::RESOLUTION));
        let title = self.label(&Term::from(iri.into_owned()));
        let mut body = String::new();
        if is_resolution {
            self.resolution_body(iri, &mut body);
        } else {
            let _ = write!(body, "<h1>{}</h1>", escape(&title));
        }
        let _ = write!(
            body,
            r#"<p class="muted">IRI: <span class="iri" id="iri">{}</span></p>"#,
            escape(iri.as_str())
        );
        let triples = self.store.describe(iri)?;
        let (outgoing, incoming): (Vec<&Triple>, Vec<&Triple>) = triples
            .iter()
            .partition(|t| t.subject == NamedOrBlankNode::from(iri.into_owned()));
        let _ = write!(body, "<h2>All statements</h2><table id=\"statements\"><tr><th>property</th><th>value</th></tr>");
        for t in &outgoing {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td></tr>",
                self.predicate_html(&t.predicate),
                self.term_html(&t.object)
            );
        }
        body.push_str("</table>");
        if !incoming.is_empty() {
            let _ = write!(body, "<h2>Linked from</h2><table id=\"incoming\"><tr><th>resource</th><th>property</th></tr>");
            for t in &incoming {
                let subject = Term::from(t.subject.clone());
                let _ = write!(
                    body,
                    "<tr><td>{}</td><td>{}</td></tr>",
                    self.term_html(&subject),
                    self.predicate_html(&t.predicate)
                );
            }
            body.push_str("</table>");
        }
        let doc = format!("/doc{}", self.href(iri.as_str()));
        let _ = write!(
            body,
            r#"<p>This description as <a href="{d}.ttl">Turtle</a>, <a href="{d}.nt">N-Triples</a>, <a href="{d}.rdf">RDF/XML</a>, <a href="{d}.jsonld">JSON-LD</a>.</p>"#,
            d = escape(&doc)
        );
        Ok(page(&title, &body))
    }

    /// The sections of a resolution's page.
    fn resolution_body(&self, r: NamedNodeRef<'_>, body: &mut String) {
        let text = |p| self.first_text(r, p).unwrap_or_default();
        let _ = write!(
            body,
            "<h1 id=\"title\">{}</h1>",
            escape(&text(dcterms::TITLE))
        );
        body.push_str("<dl>");
        let mut row = |name: &str, html: String| {
            if !html.is_empty() {
                let _ = write!(body, "<dt>{}</dt><dd>{html}</dd>", escape(name));
            }
        };
        row("Symbol", escape(&text(eli::ID_LOCAL)));
        row("Adopted", escape(&text(eli::DATE_DOCUMENT)));
        let join = |values: Vec<Term>| {
            values
                .iter()
                .map(|v| self.term_html(v))
                .collect::<Vec<_>>()
                .join(", ")
        };
        row("Issuing body", join(self.values(r, eli::PASSED_BY)));
        row("Type (catalogue)", escape(&text(rg::CATALOGUE_TYPE)));
        row("Coverage", escape(&text(dcterms::COVERAGE)));
        body.push_str("</dl>");
        if let Some(description) = self.first_text(r, dcterms::DESCRIPTION) {
            body.push_str("<h2>Description</h2>");
            for paragraph in description.split("\n\n") {
                let _ = write!(body, "<p>{}</p>", escape(paragraph));
            }
        }
        let topics = self.values(r, eli::IS_ABOUT);
        if !topics.is_empty() {
            body.push_str("<h2>Topics</h2><ul id=\"topics\">");
            for topic in &topics {
                let _ = write!(body, "<li>{}</li>", self.term_html(topic));
            }
            body.push_str("</ul>");
        }
        let groups = self.values(r, rg::NAMES_GROUP);
        if !groups.is_empty() {
            body.push_str("<h2>Armed groups named</h2><ul id=\"groups\">");
            for group in &groups {
                let aliases: Vec<String> = match group {
                    Term::NamedNode(g) => self
                        .values(g.as_ref(), skos::ALT_LABEL)
                        .iter()
                        .map(|a| self.label(a))
                        .collect(),
                    _ => Vec::new(),
                };
                let _ = write!(body, "<li>{}", self.term_html(group));
                if !aliases.is_empty() {
                    let _ = write!(
                        body,
                        " <span class=\"muted\">(also {})</span>",
                        escape(&aliases.join("; "))
                    );
                }
                body.push_str("</li>");
            }
            body.push_str("</ul>");
        }
        let obligations = self.values(r, rg::HAS_OBLIGATION);
        if !obligations.is_empty() {
            body.push_str("<h2>Obligations</h2>");
        }
        for obligation in &obligations {
            let Term::NamedNode(o) = obligation else {
                continue;
            };
            let o = o.as_ref();
            let kind = if self
                .values(o, rdf::TYPE)
                .contains(&Term::from(rg::PROCUREMENT_OBLIGATION))
            {
                "Procurement obligation"
            } else {
                "Obligation"
            };
            let _ = write!(
                body,
                r#"<section class="obligation"><h3><a href="{}">{kind}</a></h3>"#,
                escape(&self.href(o.as_str()))
            );
            let addressees = self.values(o, rg::ADDRESSEE_PROP);
            let _ = write!(
                body,
                "<p><b>Addressed to:</b> {}</p>",
                addressees
                    .iter()
                    .map(|a| self.term_html(a))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(action) = self.first_text(o, rg::ACTION) {
                let _ = write!(body, "<p><b>Action:</b> {}</p>", escape(&action));
            }
            if let Some(quote) = self.first_text(o, rg::QUOTE) {
                let _ = write!(body, "<blockquote>{}</blockquote>", escape(&quote));
            }
            let sources = self.values(o, prov::WAS_DERIVED_FROM);
            if !sources.is_empty() {
                let _ = write!(
                    body,
                    "<p class=\"muted\">Source: {}</p>",
                    sources
                        .iter()
                        .map(|s| self.term_html(s))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            let citations = self.values(o, rg::CITED_AT);
            if !citations.is_empty() {
                body.push_str("<table class=\"citations\"><tr><th>cited at</th><th>paragraph</th><th>quote</th><th>source</th></tr>");
                for citation in &citations {
                    let Term::NamedNode(c) = citation else {
                        continue;
                    };
                    let c = c.as_ref();
                    let cell = |p| escape(&self.first_text(c, p).unwrap_or_default());
                    let _ = write!(
                        body,
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        cell(rdfs::LABEL),
                        cell(rg::PARAGRAPH_NUMBER),
                        cell(rg::QUOTE),
                        self.values(c, prov::WAS_DERIVED_FROM)
                            .iter()
                            .map(|s| self.term_html(s))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
                body.push_str("</table>");
            }
            body.push_str("</section>");
        }
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
        if !texts.is_empty() {
            body.push_str("<h2>Full text</h2><ul id=\"texts\">");
            for (language, url) in &texts {
                let target = match url {
                    Term::NamedNode(n) => n.as_str().to_owned(),
                    other => self.label(other),
                };
                let _ = write!(
                    body,
                    r#"<li>{} <a href="{}">{}</a></li>"#,
                    escape(language),
                    escape(&target),
                    escape(&target)
                );
            }
            body.push_str("</ul>");
        }
        let sources = self.values(r, prov::WAS_DERIVED_FROM);
        if !sources.is_empty() {
            body.push_str("<h2>Sources</h2><ul id=\"sources\">");
            for source in &sources {
                let Term::NamedNode(s) = source else {
                    continue;
                };
                let kinds = self.values(s.as_ref(), rdf::TYPE);
                let kind = if kinds.contains(&Term::from(rg::CATALOGUE_RECORD)) {
                    "catalogue record"
                } else if kinds.contains(&Term::from(rg::INSTRUMENT_TEXT)) {
                    "the instrument's text"
                } else {
                    "source"
                };
                let _ = write!(
                    body,
                    r#"<li><a href="{}">{}</a> <span class="muted">({})</span></li>"#,
                    escape(s.as_str()),
                    escape(&self.label(source)),
                    escape(kind)
                );
            }
            body.push_str("</ul>");
        }
    }

    /// `/`: what the dataset is, its counts, its resolutions, the stored queries and a form.
    fn home(&self, accept: Option<&str>) -> Reply {
        if negotiate(accept, &["text/html"]).is_none() {
            return not_acceptable(&["text/html"]);
        }
        let count = |sparql: &str| -> String {
            match self.store.query("/", sparql) {
                Ok(Answer::Solutions { rows, .. }) => rows
                    .first()
                    .and_then(|r| r.first().cloned().flatten())
                    .map(|t| self.label(&t))
                    .unwrap_or_default(),
                _ => String::new(),
            }
        };
        let mut body = String::new();
        body.push_str(
            "<h1>resgraph</h1><p>A linked-data knowledge graph of international legal instruments: \
             UN Security Council resolutions on trafficking in persons in armed conflict, mapped \
             from catalogue records to RDF with ELI, DCTERMS, SKOS, PROV-O and schema.org. Every \
             fact carries its source; where a catalogue and the instrument's own text disagree, \
             both claims are kept.</p>",
        );
        let _ = write!(
            body,
            "<table id=\"counts\"><tr><th>resolutions</th><td>{}</td></tr>\
             <tr><th>triples (default graph)</th><td>{}</td></tr>\
             <tr><th>quads (with the source graphs)</th><td>{}</td></tr>\
             <tr><th>source graphs</th><td>{}</td></tr>\
             <tr><th>concepts</th><td>{}</td></tr></table>",
            self.resolutions().len(),
            self.triples,
            self.store.len().unwrap_or_default(),
            count("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
            count("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a skos:Concept }"),
        );
        body.push_str("<h2>Resolutions</h2><ul id=\"resolutions\">");
        for r in self.resolutions() {
            let term = Term::from(r.clone());
            let symbol = self
                .first_text(r.as_ref(), eli::ID_LOCAL)
                .unwrap_or_default();
            let _ = write!(
                body,
                r#"<li><a href="{}">{}</a> {}</li>"#,
                escape(&self.href(r.as_str())),
                escape(&symbol),
                escape(&self.label(&term))
            );
        }
        body.push_str("</ul><h2>Stored queries</h2><table id=\"stored\"><tr><th>query</th><th>question</th></tr>");
        for q in &self.options.queries {
            let _ = write!(
                body,
                r#"<tr><td><a href="/query/{n}">{n}</a></td><td>{}</td></tr>"#,
                escape(&q.question),
                n = escape(&q.name)
            );
        }
        body.push_str("</table>");
        body.push_str(&self.query_form(""));
        let _ = write!(
            body,
            "<h2>Data</h2><p>Dumps: {}. The SPARQL endpoint is <a href=\"/sparql\">/sparql</a> \
             (SPARQL 1.1 Protocol; without a query it returns its service description). \
             Limits: a query runs at most {} s, an answer has at most {} rows, a request body \
             at most {} bytes; SPARQL Update and SERVICE are refused.</p>",
            Format::ALL
                .iter()
                .map(|f| format!(r#"<a href="/dump/resgraph.{e}">{e}</a>"#, e = f.extension()))
                .collect::<Vec<_>>()
                .join(", "),
            self.options.limits.timeout.as_secs_f64(),
            self.options.limits.max_rows,
            self.options.max_body,
        );
        Reply::html(page("Home", &body))
    }

    /// The query form: a stored-query chooser that fills the text area, and the text area.
    fn query_form(&self, text: &str) -> String {
        let mut form = String::from(
            "<h2>Ask a question</h2><form id=\"query-form\" action=\"/sparql\" method=\"get\">\
             <p><label for=\"stored-query\">Start from a stored query:</label> \
             <select id=\"stored-query\"><option value=\"\">(choose)</option>",
        );
        for q in &self.options.queries {
            let _ = write!(
                form,
                r#"<option value="{}" data-sparql="{}">{} — {}</option>"#,
                escape(&q.name),
                escape(&q.sparql),
                escape(&q.name),
                escape(&q.question)
            );
        }
        let _ = write!(
            form,
            "</select></p><textarea id=\"query\" name=\"query\" rows=\"14\">{}</textarea>\
             <p><button id=\"run\" type=\"submit\">Run query</button> \
             <span class=\"muted\">Prefixes rg: eli: dcterms: skos: prov: schema: rdf: rdfs: xsd: owl: sd: void: formats: are predeclared.</span></p></form>\
             <script>document.getElementById('stored-query').addEventListener('change', function () {{\
             var o = this.options[this.selectedIndex]; if (o.dataset.sparql) {{ document.getElementById('query').value = o.dataset.sparql; }} }});</script>",
            escape(text)
        );
        form
    }

    /// A query's answer as an HTML page, with the form to change and rerun it.
    fn results_page(&self, text: &str, answer: &Answer) -> String {
        let mut body = String::from("<h1>Query results</h1>");
        match answer {
            Answer::Solutions { variables, rows } => {
                let _ = write!(
                    body,
                    "<p id=\"row-count\">{} row{}</p><table id=\"results\"><thead><tr>",
                    rows.len(),
                    if rows.len() == 1 { "" } else { "s" }
                );
                for v in variables {
                    let _ = write!(body, "<th>{}</th>", escape(v.as_str()));
                }
                body.push_str("</tr></thead><tbody>");
                for row in rows {
                    body.push_str("<tr>");
                    for cell in row {
                        let html = cell.as_ref().map(|t| self.term_html(t)).unwrap_or_default();
                        let _ = write!(body, "<td>{html}</td>");
                    }
                    body.push_str("</tr>");
                }
                body.push_str("</tbody></table>");
            }
            Answer::Boolean(value) => {
                let _ = write!(body, "<p id=\"boolean\">{value}</p>");
            }
            Answer::Graph(triples) => {
                let _ = write!(
                    body,
                    "<p id=\"row-count\">{} triples</p><table id=\"results\"><thead><tr><th>subject</th><th>predicate</th><th>object</th></tr></thead><tbody>",
                    triples.len()
                );
                for t in triples {
                    let _ = write!(
                        body,
                        "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                        self.term_html(&Term::from(t.subject.clone())),
                        self.predicate_html(&t.predicate),
                        self.term_html(&t.object)
                    );
                }
                body.push_str("</tbody></table>");
            }
        }
        body.push_str(&self.query_form(text));
        page("Query results", &body)
    }
}

/// The HTML page of the ontology: one section per term, anchored by its local name, so a
/// browser following `…/ontology#Resolution` lands on it.
fn ontology_page(store: &GraphStore, quads: &[Quad]) -> String {
    let mut subjects: Vec<NamedNode> = quads
        .iter()
        .filter_map(|q| match &q.subject {
            NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(rg::NS) => Some(n.clone()),
            _ => None,
        })
        .collect();
    subjects.sort();
    subjects.dedup();
    let mut body = format!(
        "<h1>The resgraph ontology</h1><p class=\"iri\">{}</p><p>As <a href=\"/ontology\">Turtle</a> (ask for text/turtle).</p>",
        escape(rg::NS)
    );
    for s in subjects {
        let local = &s.as_str()[rg::NS.len()..];
        let text = |p: NamedNodeRef<'_>| {
            store
                .objects(s.as_ref(), p)
                .unwrap_or_default()
                .into_iter()
                .find_map(|t| match t {
                    Term::Literal(l) => Some(l.value().to_owned()),
                    _ => None,
                })
                .unwrap_or_default()
        };
        let _ = write!(
            body,
            "<section id=\"{id}\"><h2>rg:{id}</h2><p><b>{}</b></p><p>{}</p></section>",
            escape(&text(rdfs::LABEL)),
            escape(&text(NamedNodeRef::new_unchecked(
                "http://www.w3.org/2000/01/rdf-schema#comment"
            ))),
            id = escape(local)
        );
    }
    page("Ontology", &body)
}

/// A graph in an RDF format, sorted and with our prefixes.
fn graph_reply(triples: &[Triple], format: Format) -> Reply {
    let quads: Vec<Quad> = triples
        .iter()
        .map(|t| t.clone().in_graph(GraphName::DefaultGraph))
        .collect();
    let mut out = Vec::new();
    match write_quads(&quads, format, &mut out) {
        Ok(_) => Reply::new(StatusCode::OK, media_type(format), out),
        Err(e) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

fn results_media_type(format: QueryResultsFormat) -> &'static str {
    match format {
        QueryResultsFormat::Json => "application/sparql-results+json",
        QueryResultsFormat::Xml => "application/sparql-results+xml",
        QueryResultsFormat::Csv => "text/csv; charset=utf-8",
        QueryResultsFormat::Tsv => "text/tab-separated-values; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn write_results(
    answer: &Answer,
    format: QueryResultsFormat,
    writer: &mut Vec<u8>,
) -> std::io::Result<()> {
    match answer {
        Answer::Boolean(value) => QueryResultsSerializer::from_format(format)
            .serialize_boolean_to_writer(writer, *value)
            .map(drop),
        Answer::Solutions { variables, rows } => {
            let mut serializer = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(writer, variables.clone())?;
            for row in rows {
                serializer.serialize(&QuerySolution::from((variables.clone(), row.clone())))?;
            }
            serializer.finish().map(drop)
        }
        Answer::Graph(_) => Err(std::io::Error::other("a graph is not a results table")),
    }
}

/// The status and message for a query that was not answered.
fn error_reply(error: &Error) -> Reply {
    let status = match error {
        Error::Refused { refusal, .. } => match refusal {
            Refusal::Update => StatusCode::FORBIDDEN,
            Refusal::Service => StatusCode::BAD_REQUEST,
            Refusal::Timeout(_) | Refusal::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            Refusal::TooManyRows(_) => StatusCode::FORBIDDEN,
        },
        Error::Query { .. } => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    Reply::text(status, error)
}

/// Parses `--timeout` seconds.
pub fn timeout_from_secs(secs: f64) -> Option<Duration> {
    (secs.is_finite() && secs > 0.0).then(|| Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_quality_then_offer_order() {
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert_eq!(negotiate(Some(browser), RESULTS_TYPES), Some("text/html"));
        assert_eq!(negotiate(Some(browser), GRAPH_TYPES), Some("text/html"));
        assert_eq!(
            negotiate(Some("*/*"), RESULTS_TYPES),
            Some("application/sparql-results+json")
        );
        assert_eq!(negotiate(None, GRAPH_TYPES), Some("text/turtle"));
        assert_eq!(
            negotiate(Some("text/*;q=0.5, application/n-triples"), GRAPH_TYPES),
            Some("application/n-triples")
        );
        assert_eq!(negotiate(Some("image/png"), GRAPH_TYPES), None);
        assert_eq!(negotiate(Some("text/turtle;q=0"), &["text/turtle"]), None);
    }

    #[test]
    fn escape_escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}
