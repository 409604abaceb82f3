//! Publishing: a read-only linked-data server over the graph.
//!
//! One [`Site`] answers every request, on top of [`crate::graph::store`], [`crate::query`] and
//! [`crate::publish`]: the SPARQL 1.1 Protocol at `/sparql` and the stored queries at
//! `/query/NAME` (`sparql.rs`), a page or an RDF description for every IRI minted under the
//! base (the resource IRI answers 303 See Other to its document `/doc/…`, as the W3C note "Cool
//! URIs for the Semantic Web" recommends), a home page (`pages.rs`), the DCAT-AP and VoID
//! description at `/catalog` and `/.well-known/void` (the one [`crate::publish::catalog`] makes
//! for `build`), the ontology at `/ontology` (its RDF, or the page [`crate::publish::docs`]
//! writes), and dumps at `/dump/resgraph.EXT`. Formats are negotiated by `Accept`
//! (`negotiate.rs`). [`serve`] runs it as an HTTP/1.1 server (hyper on tokio, in the `server`
//! submodule), which owns the connections, their deadlines and the body limit; a [`Site`] only
//! ever sees complete requests.
//!
//! Request paths map to IRIs under the base: with the base `https://w3id.org/resgraph/`, the
//! path `/resolution/unsc/2016/2331` is the resolution `https://w3id.org/resgraph/resolution/unsc/2016/2331`,
//! whatever address the server listens on.

use crate::error::{Error, Result};
use crate::files::HashingWriter;
use crate::graph::map::{map_record, map_schemes, RecordQuads};
use crate::graph::mint::Minter;
use crate::graph::store::{GraphStore, QueryLimits};
use crate::ingest::folder::Collection;
use crate::publish::catalog::{describe, Dump, Statistics, CATALOG_FILE, DEFAULT_LICENCE};
use crate::publish::export::{export_file_name, write_quads, Format};
use crate::publish::stream::write_dataset;
use crate::query::StoredQuery;
use http::header::{
    HeaderName, ACCEPT, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_MAX_AGE, ALLOW, CONTENT_LENGTH, CONTENT_TYPE, LOCATION, VARY,
};
use http::{Method, Request, Response, StatusCode};
use negotiate::{
    graph_format, graph_reply, media_type, negotiate, not_acceptable, quads_reply, GRAPH_TYPES,
};
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple};
use std::io::Write;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

pub(crate) mod browse;
mod negotiate;
mod pages;
#[cfg(feature = "server")]
mod server;
mod sparql;
#[cfg(feature = "server")]
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
/// The default most memory one query may hold, in MiB: with the 4 clients' queries and the 2
/// stored queries that may run at once, at most 768 MiB in all, so that the server stays within
/// 1 GB of its store.
pub const DEFAULT_MAX_QUERY_MEMORY_MIB: usize = 128;
/// The most SPARQL queries from clients evaluated at once; another waits for one to end, at
/// most the time limit, and then gets 503.
pub const MAX_RUNNING_QUERIES: usize = 4;
/// The most stored queries (`/query/NAME`) evaluated at once, beside the clients' queries;
/// another waits as a client's query does. (An answer `build --store` kept is not evaluated.)
pub const MAX_RUNNING_STORED_QUERIES: usize = 2;

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
    /// The quads the store was loaded from; none for a store opened from disk.
    quads: Option<Vec<Quad>>,
    records: Option<(Collection, Minter)>,
    minter: Minter,
    licence: NamedNode,
    ontology: Option<Vec<Quad>>,
    ontology_page: Option<String>,
    /// The DCAT/VoID description, made once (it hashes every dump): in the background as soon
    /// as the server listens, or at the first request for it, whichever comes first.
    catalog: OnceLock<std::result::Result<Vec<Quad>, String>>,
    options: SiteOptions,
    triples: usize,
    /// The slots of the clients' queries ([`MAX_RUNNING_QUERIES`]).
    running: Arc<sparql::Slots>,
    /// The slots of the stored queries ([`MAX_RUNNING_STORED_QUERIES`]).
    stored_running: Arc<sparql::Slots>,
    /// What `/instruments` browses, made from the store at the first request that needs it.
    browse: OnceLock<std::result::Result<browse::BrowseIndex, String>>,
    /// The quads in the store, if known without counting (an on-disk store's note says).
    known_quads: Option<usize>,
    /// The named graphs in the store, if known without counting (an on-disk store's note says).
    known_graphs: Option<usize>,
    /// The counts the home page shows, made once.
    overview: OnceLock<pages::Overview>,
    /// The folder of the files `build` published, if it kept them ([`Site::with_published`]).
    published: Option<std::path::PathBuf>,
    /// The stored queries whose answers `build` kept in that folder, with their numbers of
    /// rows (from the store's note).
    kept_answers: std::collections::BTreeMap<String, usize>,
}

/// A response under construction: status, content type, body.
struct Reply {
    status: StatusCode,
    content_type: &'static str,
    body: Body,
    headers: Vec<(HeaderName, String)>,
}

/// The body of a [`Site::response`]: bytes made for the request, or a file that `build`
/// published, which the server sends as it reads it.
#[derive(Debug)]
pub enum Body {
    /// The whole body, in memory.
    Bytes(Vec<u8>),
    /// A file and its length in bytes.
    File(std::fs::File, u64),
}

impl Body {
    /// The body's length in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Body::Bytes(bytes) => bytes.len() as u64,
            Body::File(_, length) => *length,
        }
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The whole body in memory (a file is read).
    pub fn into_bytes(self) -> std::io::Result<Vec<u8>> {
        match self {
            Body::Bytes(bytes) => Ok(bytes),
            Body::File(mut file, length) => {
                let mut bytes = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
                std::io::Read::read_to_end(&mut file, &mut bytes)?;
                Ok(bytes)
            }
        }
    }
}

impl Reply {
    fn new(status: StatusCode, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type,
            body: Body::Bytes(body.into()),
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

    /// The file at `path`, sent as it is read ([`Body::File`]).
    fn file(path: &std::path::Path, content_type: &'static str) -> std::io::Result<Reply> {
        let file = std::fs::File::open(path)?;
        let length = file.metadata()?.len();
        Ok(Reply {
            body: Body::File(file, length),
            ..Reply::new(StatusCode::OK, content_type, Vec::new())
        })
    }

    fn html(body: String) -> Reply {
        Reply::new(StatusCode::OK, "text/html; charset=utf-8", body)
    }

    fn header(mut self, name: HeaderName, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    fn into_response(self) -> Response<Body> {
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

impl Site {
    /// A site over `quads` (the default graph and the source graphs), with the ontology's
    /// quads if given; its IRIs are under `options.base`, an absolute http(s) IRI ending in `/`.
    pub fn new(
        quads: Vec<Quad>,
        ontology: Option<Vec<Quad>>,
        options: SiteOptions,
    ) -> Result<Site> {
        let store = GraphStore::load(&quads)?;
        let triples = write_quads(&quads, Format::Nt, std::io::sink())
            .map_err(|e| Error::Serve(e.to_string()))?;
        Site::assemble(store, Some(quads), triples, ontology, options)
    }

    /// A site over the concept schemes and records of `dataset`, minted by `minter` (under
    /// `options.base`): they are mapped a record at a time and loaded as `build` loads them, a
    /// [`Loader::batch`](crate::graph::store::Loader::batch) of quads at once, so the quads are
    /// never all held beside the store. Its dumps are the bytes `build` writes
    /// ([`Site::with_records`]).
    pub fn from_records(
        dataset: Collection,
        minter: Minter,
        ontology: Option<Vec<Quad>>,
        options: SiteOptions,
    ) -> Result<Site> {
        let store = GraphStore::in_memory()?;
        let mut loader = store.loader();
        let mut batch = map_schemes(&dataset, &minter);
        for (_, record) in &dataset.records {
            let RecordQuads { own, shared } = map_record(&minter, record, true);
            batch.extend(own);
            batch.extend(shared);
            if batch.len() >= loader.batch() {
                loader.load(std::mem::take(&mut batch))?;
            }
        }
        loader.load(batch)?;
        loader.commit()?;
        let triples = store.default_graph_len()?;
        Ok(Site::assemble(store, None, triples, ontology, options)?.with_records(dataset, minter))
    }

    /// A site over a store already loaded (such as the on-disk store `build --store DIR` left,
    /// opened with [`GraphStore::open_read_only`]), of which `info` says how many triples and
    /// quads it holds; nothing is loaded again, nor counted. Without records
    /// ([`Site::with_records`]) its dumps are written from the store's quads.
    pub fn with_store(
        store: GraphStore,
        info: &crate::graph::store::StoreInfo,
        ontology: Option<Vec<Quad>>,
        options: SiteOptions,
    ) -> Result<Site> {
        let mut site = Site::assemble(store, None, info.triples, ontology, options)?;
        site.known_quads = Some(info.quads);
        site.known_graphs = info.graphs;
        site.kept_answers = info.answers.clone();
        Ok(site)
    }

    fn assemble(
        store: GraphStore,
        quads: Option<Vec<Quad>>,
        triples: usize,
        ontology: Option<Vec<Quad>>,
        options: SiteOptions,
    ) -> Result<Site> {
        let minter = Minter::new(&options.base)?;
        Ok(Site {
            store,
            quads,
            records: None,
            minter,
            licence: NamedNode::new_unchecked(DEFAULT_LICENCE),
            ontology,
            ontology_page: None,
            catalog: OnceLock::new(),
            options,
            triples,
            running: Arc::new(sparql::Slots::for_clients()),
            stored_running: Arc::new(sparql::Slots::for_stored_queries()),
            browse: OnceLock::new(),
            known_quads: None,
            known_graphs: None,
            overview: OnceLock::new(),
            published: None,
            kept_answers: Default::default(),
        })
    }

    /// The store the site answers from.
    pub fn store(&self) -> &GraphStore {
        &self.store
    }

    /// Serves the files `build --store` published and kept in the store's folder `dir`
    /// ([`crate::graph::store::StagedStore::commit`]): `/dump/` sends the export files as they
    /// are read, `/catalog` is the graph of the kept `catalog.ttl` and `/instruments` browses the
    /// kept browse index (`browse-index.json`), so nothing is written or made again nor
    /// held in memory twice, and what is served is what `build` wrote.
    pub fn with_published(mut self, dir: &std::path::Path) -> Result<Site> {
        let catalog = crate::ingest::rdf::read_rdf_files(&[dir.join(CATALOG_FILE)])?;
        self.catalog = OnceLock::from(Ok(catalog));
        let path = dir.join(browse::STORE_BROWSE_FILE);
        let json = std::fs::read(&path).map_err(Error::io(&path))?;
        let index = browse::BrowseIndex::read(&json)
            .map_err(|e| Error::invalid(&path, "", format!("not a browse index: {e}")))?;
        self.browse = OnceLock::from(Ok(index));
        self.published = Some(dir.to_path_buf());
        Ok(self)
    }

    /// Serves dumps written from the records the graph was built from, so that they are the
    /// same bytes as `resgraph export` and `resgraph build` write.
    pub fn with_records(mut self, dataset: Collection, minter: Minter) -> Site {
        self.records = Some((dataset, minter));
        self
    }

    /// The licence that `/catalog` states for the dataset and its dumps (by default
    /// [`DEFAULT_LICENCE`], as `build`'s).
    pub fn with_licence(mut self, licence: NamedNode) -> Site {
        self.licence = licence;
        self
    }

    /// The HTML page served at `/ontology` to browsers: the page
    /// [`crate::publish::docs::document`] writes (`out/ontology.html`).
    pub fn with_ontology_page(mut self, html: String) -> Site {
        self.ontology_page = Some(html);
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
    ///     limits: QueryLimits {
    ///         timeout: Duration::from_secs(10),
    ///         max_rows: 100,
    ///         max_memory: 256 << 20,
    ///     },
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
        let (head, body) = self.response(request).into_parts();
        match body.into_bytes() {
            Ok(bytes) => Response::from_parts(head, bytes),
            Err(e) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, e)
                .into_response()
                .map(|body| body.into_bytes().unwrap_or_default()),
        }
    }

    /// [`Site::handle`], with a published file (a dump) left for the caller to send as it
    /// reads it, as the server does.
    pub fn response(&self, request: Request<Vec<u8>>) -> Response<Body> {
        let mut reply = self.route(&request);
        if request.method() == Method::HEAD {
            // The length the GET answer would have.
            let length = reply.body.len().to_string();
            reply.body = Body::Bytes(Vec::new());
            reply = reply.header(CONTENT_LENGTH, length);
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
        let reply = match path.as_str() {
            "/" => match negotiate(accept, &["text/html"]) {
                Some(_) => Reply::html(self.home_page()),
                None => not_acceptable(&["text/html"]),
            },
            "/sparql" => self.sparql(request, accept),
            "/catalog" | "/.well-known/void" => self.catalog_reply(accept),
            "/ontology" => self.ontology(accept),
            "/instruments" => match negotiate(accept, &["text/html"]) {
                Some(_) => self.instruments(request.uri().query().unwrap_or("")),
                None => not_acceptable(&["text/html"]),
            },
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
        };
        // Every answer of a negotiated path depends on Accept, its 404s and 406s too: a cache
        // must not give a browser the answer it stored for a SPARQL client.
        let negotiated = matches!(
            path.as_str(),
            "/" | "/sparql" | "/catalog" | "/.well-known/void" | "/ontology" | "/instruments"
        ) || path.starts_with("/query/")
            || path.starts_with("/doc/");
        match negotiated {
            true => reply.header(VARY, "Accept"),
            false => reply,
        }
    }

    /// The browse index, made from the store the first time (one scan of the graph).
    ///
    /// [`serve`] makes it in the background as soon as it listens, so that the first visitor
    /// does not wait for it.
    pub(crate) fn browse_index(&self) -> std::result::Result<&browse::BrowseIndex, &str> {
        self.browse
            .get_or_init(|| {
                browse::BrowseIndex::from_store(self.store.store()).map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(String::as_str)
    }

    /// `/instruments?body=…&year=…&kind=…&topic=…&group=…&q=…&page=N`.
    fn instruments(&self, query: &str) -> Reply {
        match self.browse_index() {
            Ok(index) => {
                let selection = browse::Selection::from_query(query);
                Reply::html(self.instruments_page(index, &selection))
            }
            Err(e) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, e),
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

    /// Whether the graph, or else the catalog (`/catalog`: the dataset, its distributions, the
    /// publisher, the SPARQL service), says something of `iri`.
    fn is_described(&self, iri: NamedNodeRef<'_>) -> bool {
        let in_store = self
            .store
            .store()
            .quads_for_pattern(Some(iri.into()), None, None, None)
            .next()
            .is_some();
        in_store || !self.catalog_description(iri).is_empty()
    }

    /// What the catalog says of `iri`, with the blank nodes it reaches (a checksum, a
    /// statistic), as a concise bounded description; nothing if the catalog cannot be made or
    /// never mints `iri` ([`crate::publish::catalog::mints_path`]: then it is not made).
    fn catalog_description(&self, iri: NamedNodeRef<'_>) -> Vec<Triple> {
        let path = iri.as_str().strip_prefix(self.options.base.as_str());
        if !path.is_some_and(crate::publish::catalog::mints_path) {
            return Vec::new();
        }
        let quads = self.catalog_quads().unwrap_or_default();
        let mut subjects = vec![NamedOrBlankNode::from(iri.into_owned())];
        let mut seen = std::collections::HashSet::new();
        let mut triples = Vec::new();
        while let Some(subject) = subjects.pop() {
            if !seen.insert(subject.clone()) {
                continue;
            }
            for quad in quads.iter().filter(|q| q.subject == subject) {
                if let Term::BlankNode(b) = &quad.object {
                    subjects.push(b.clone().into());
                }
                triples.push(Triple::from(quad.clone()));
            }
        }
        triples
    }

    /// What the graph says of `iri`, or else what the catalog says of it.
    fn describe(&self, iri: NamedNodeRef<'_>) -> Result<Vec<Triple>> {
        let triples = self.store.describe(iri)?;
        match triples.is_empty() {
            true => Ok(self.catalog_description(iri)),
            false => Ok(triples),
        }
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
        match graph_format(media) {
            Some(format) => match self.describe(iri.as_ref()) {
                Ok(triples) => graph_reply(&triples, format),
                Err(e) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, e),
            },
            None => match self.resource_page(iri.as_ref()) {
                Ok(html) => Reply::html(html),
                Err(e) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, e),
            },
        }
    }

    /// `/dump/resgraph.EXT`: the whole graph in one format.
    fn dump(&self, file: &str) -> Reply {
        let format = Format::ALL
            .into_iter()
            .find(|f| file == export_file_name(*f));
        match (format, &self.published) {
            (Some(format), Some(dir)) => {
                let path = dir.join(file);
                match Reply::file(&path, media_type(format)) {
                    Ok(reply) => reply,
                    // A format `build --formats` did not export: the kept catalog names no
                    // such distribution.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        self.not_found(&format!("/dump/{file}"))
                    }
                    Err(e) => Reply::text(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        format!("{}: {e}", path.display()),
                    ),
                }
            }
            (Some(format), None) => match self.export(format, Vec::new()) {
                Ok(out) => Reply::new(StatusCode::OK, media_type(format), out),
                Err(e) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, e),
            },
            (None, _) => self.not_found(&format!("/dump/{file}")),
        }
    }

    /// Writes the whole graph in `format` to `out`, as `/dump/` serves it: from the records if
    /// the site has them (the bytes `build` writes), else from the quads.
    fn export<W: Write>(&self, format: Format, mut out: W) -> std::io::Result<W> {
        match &self.records {
            Some((dataset, minter)) => write_dataset(dataset, minter, format, out).map(|(w, _)| w),
            None => match &self.quads {
                Some(quads) => write_quads(quads, format, &mut out).map(|_| out),
                None => {
                    let quads = self.store.quads().map_err(std::io::Error::other)?;
                    write_quads(&quads, format, &mut out).map(|_| out)
                }
            },
        }
    }

    /// `/ontology`: the ontology document (its terms are hash IRIs `…/ontology#Term`), as RDF
    /// or as the ontology's page.
    fn ontology(&self, accept: Option<&str>) -> Reply {
        let offers: Vec<&str> = GRAPH_TYPES
            .iter()
            .copied()
            .filter(|media| match graph_format(media) {
                Some(_) => self.ontology.is_some(),
                None => self.ontology_page.is_some(),
            })
            .collect();
        if offers.is_empty() {
            return self.not_found("/ontology");
        }
        let Some(media) = negotiate(accept, &offers) else {
            return not_acceptable(&offers);
        };
        match (graph_format(media), &self.ontology, &self.ontology_page) {
            (Some(format), Some(quads), _) => quads_reply(quads, format),
            (None, _, Some(page)) => Reply::html(page.clone()),
            _ => unreachable!("only what the site has is offered"),
        }
    }

    /// `/catalog` and `/.well-known/void`: the DCAT-AP and VoID description, as RDF or, for a
    /// browser, as a page.
    fn catalog_reply(&self, accept: Option<&str>) -> Reply {
        let Some(media) = negotiate(accept, GRAPH_TYPES) else {
            return not_acceptable(GRAPH_TYPES);
        };
        match (self.catalog_quads(), graph_format(media)) {
            (Ok(quads), Some(format)) => quads_reply(quads, format),
            (Ok(quads), None) => Reply::html(self.catalog_page(quads)),
            (Err(e), _) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, e),
        }
    }

    /// The DCAT-AP and VoID description served at `/catalog`: what
    /// [`crate::publish::catalog::describe`] says of this graph and of the dumps served at
    /// `/dump/` (their sizes and SHA-256), under the site's licence. For a site built from the
    /// same records, base and licence as `build`, it is the graph of `out/catalog.ttl`.
    pub fn catalog(&self) -> Result<Vec<Quad>> {
        self.catalog_quads()
            .map(<[Quad]>::to_vec)
            .map_err(|e| Error::Serve(e.to_owned()))
    }

    /// The description, made once: every dump is written (to a hash, not kept) at the first call.
    fn catalog_quads(&self) -> std::result::Result<&[Quad], &str> {
        let made = self.catalog.get_or_init(|| {
            let dumps = Format::ALL
                .into_iter()
                .map(|format| {
                    let hashing = self.export(format, HashingWriter::new(std::io::sink()))?;
                    Ok(Dump::hashed(format, hashing).1)
                })
                .collect::<std::io::Result<Vec<Dump>>>()
                .map_err(|e| e.to_string())?;
            let statistics =
                Statistics::of(&self.store, self.minter.base()).map_err(|e| e.to_string())?;
            describe(
                &self.store,
                &statistics,
                &self.minter,
                &dumps,
                &self.licence,
            )
            .map_err(|e| e.to_string())
        });
        made.as_deref().map_err(String::as_str)
    }
}

/// Parses `--timeout` seconds.
pub fn timeout_from_secs(secs: f64) -> Option<Duration> {
    (secs.is_finite() && secs > 0.0).then(|| Duration::from_secs_f64(secs))
}
