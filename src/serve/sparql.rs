//! The SPARQL 1.1 Protocol at `/sparql` and the stored queries at `/query/NAME`: reading the
//! query from the request, evaluating it within the limits, and writing its answer in the
//! negotiated format (an HTML table for browsers); without a query, the Service Description.

use super::negotiate::{
    graph_format, graph_reply, negotiate, not_acceptable, results_format, results_media_type,
    GRAPH_TYPES, RESULTS_TYPES,
};
use super::{too_large, Reply, Site, MAX_RUNNING_QUERIES, MAX_RUNNING_STORED_QUERIES};
use crate::error::Refusal;
use crate::error::{Error, Result};
use crate::graph::store::{parse_query, Answer, QueryDataset, SparqlGraph, QUERY_STACK_SIZE};
use crate::publish::catalog::dataset_iri;
use crate::publish::export::Format;
use crate::query::{first_kept_rows, kept_answer, write_answer, AnswerFormat, StoredQuery};
use crate::vocab::{formats, rdf, sd};
use http::header::CONTENT_TYPE;
use http::{Method, Request, StatusCode};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Triple};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::Duration;

/// How many queries of one kind are running, the most that may, and a signal when one ends.
pub(super) struct Slots {
    count: Mutex<usize>,
    freed: Condvar,
    max: usize,
    /// The refusal of a query that finds every slot taken.
    busy: Refusal,
}

impl Slots {
    /// The slots of the clients' queries ([`MAX_RUNNING_QUERIES`]).
    pub(super) fn for_clients() -> Slots {
        Slots::new(MAX_RUNNING_QUERIES, Refusal::Busy(MAX_RUNNING_QUERIES))
    }

    /// The slots of the stored queries ([`MAX_RUNNING_STORED_QUERIES`]).
    pub(super) fn for_stored_queries() -> Slots {
        let max = MAX_RUNNING_STORED_QUERIES;
        Slots::new(max, Refusal::StoredBusy(max))
    }

    fn new(max: usize, busy: Refusal) -> Slots {
        Slots {
            count: Mutex::new(0),
            freed: Condvar::new(),
            max,
            busy,
        }
    }
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

impl Site {
    /// `/sparql`: the SPARQL 1.1 Protocol, or the service description without a query.
    pub(super) fn sparql(&self, request: &Request<Vec<u8>>, accept: Option<&str>) -> Reply {
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
        self.answer("/sparql", &text, &dataset, accept, &self.running)
    }

    /// `/query/NAME`: a stored query's answer: the one `build --store` kept, if it did, else
    /// evaluated.
    pub(super) fn stored(&self, name: &str, accept: Option<&str>) -> Reply {
        match self.options.queries.iter().find(|q| q.name == name) {
            Some(query) => match self.kept(query, accept) {
                Some(reply) => reply,
                None => self.answer(
                    &format!("/query/{name}"),
                    &query.sparql,
                    &QueryDataset::default(),
                    accept,
                    &self.stored_running,
                ),
            },
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

    /// The answer to `query` that `build --store` kept with the store
    /// ([`crate::query::AnswerFiles`]), in the negotiated format: the kept file, sent as it is
    /// read, or for a browser a page of its first rows (at most the row limit). None if no
    /// answer to this very query is kept: then it is evaluated.
    fn kept(&self, query: &StoredQuery, accept: Option<&str>) -> Option<Reply> {
        let (dir, rows) = (
            self.published.as_deref()?,
            self.kept_answers.get(&query.name)?,
        );
        let media = negotiate(accept, RESULTS_TYPES)?;
        let reply = match results_format(media) {
            Some(format) => {
                let path = kept_answer(dir, query, format)?;
                Reply::file(&path, results_media_type(format)).map_err(Error::io(&path))
            }
            None => {
                let path = kept_answer(dir, query, AnswerFormat::Json)?;
                first_kept_rows(&path, self.options.limits.max_rows)
                    .map(|first| Reply::html(self.results_page(&query.sparql, &first, Some(*rows))))
            }
        };
        Some(reply.unwrap_or_else(|e| Reply::text(StatusCode::INTERNAL_SERVER_ERROR, e)))
    }

    /// Runs a query in one of `slots` (the clients' or the stored queries') and writes its answer
    /// in the negotiated format.
    fn answer(
        &self,
        name: &str,
        text: &str,
        dataset: &QueryDataset,
        accept: Option<&str>,
        slots: &Arc<Slots>,
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
            let answer = self.evaluate(name, query, dataset, slots)?;
            Ok(self.answer_reply(text, &answer, media))
        });
        match result {
            Ok(reply) => reply,
            // A browser sees the error on the form page, its query kept to correct.
            Err(error) if negotiate(accept, RESULTS_TYPES) == Some("text/html") => Reply {
                status: error_reply(&error).status,
                ..Reply::html(self.query_page(text, Some(&error.to_string())))
            },
            Err(error) => error_reply(&error),
        }
    }

    /// Evaluates a query in a worker thread and waits at most the time limit for it.
    ///
    /// The query is cancelled at the limit, and stops within milliseconds, even inside a sort
    /// (see [`SparqlGraph::run`](crate::graph::store::SparqlGraph::run)). It takes one of
    /// `slots`: a query that finds them all taken waits for one, at most the time limit, before
    /// it is refused. The clients' queries and the stored queries have slots of their own, so
    /// the stored queries answer while clients' queries take every slot, and the memory that
    /// queries hold is at most the memory limit times the number of slots.
    fn evaluate(
        &self,
        name: &str,
        query: spargebra::Query,
        dataset: &QueryDataset,
        slots: &Arc<Slots>,
    ) -> Result<Answer> {
        let limits = self.options.limits;
        let count = slots.count.lock().unwrap_or_else(|e| e.into_inner());
        let (mut count, _) = slots
            .freed
            .wait_timeout_while(count, limits.timeout, |n| *n >= slots.max)
            .unwrap_or_else(|e| e.into_inner());
        if *count >= slots.max {
            return Err(Error::Refused {
                name: name.to_owned(),
                refusal: slots.busy.clone(),
            });
        }
        *count += 1;
        drop(count);
        let running = Running(Arc::clone(slots));
        let (send, receive) = mpsc::channel();
        let store = self.store.clone();
        let (label, dataset) = (name.to_owned(), dataset.clone());
        let spawned = std::thread::Builder::new()
            .name("resgraph-query".to_owned())
            .stack_size(QUERY_STACK_SIZE)
            .spawn(move || {
                let _running = running;
                let _ = send.send(store.run(&label, query, Some(&dataset), Some(&limits)));
            });
        if let Err(error) = spawned {
            return Err(Error::Serve(format!(
                "cannot start a query thread: {error}"
            )));
        }
        receive
            .recv_timeout(limits.timeout + Duration::from_millis(100))
            .unwrap_or_else(|_| {
                Err(Error::Refused {
                    name: name.to_owned(),
                    refusal: Refusal::Timeout(limits.timeout),
                })
            })
    }

    /// An answer in the media type chosen for it.
    fn answer_reply(&self, text: &str, answer: &Answer, media: &str) -> Reply {
        match (answer, results_format(media), graph_format(media)) {
            (_, None, None) => Reply::html(self.results_page(text, answer, None)),
            (Answer::Graph(triples), _, Some(format)) => graph_reply(triples, format),
            (Answer::Solutions { .. } | Answer::Boolean(_), Some(format), _) => {
                let mut out = Vec::new();
                match write_answer(answer, format, &mut out) {
                    Ok(()) => Reply::new(StatusCode::OK, results_media_type(format), out),
                    Err(e) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, e),
                }
            }
            _ => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, "format mismatch"),
        }
    }

    /// `/sparql` without a query: the SPARQL 1.1 Service Description (its default dataset is
    /// the dataset of the catalog, `/catalog`), or for a browser the query form.
    fn service_description(&self, accept: Option<&str>) -> Reply {
        let Some(media) = negotiate(accept, GRAPH_TYPES) else {
            return not_acceptable(GRAPH_TYPES);
        };
        if media == "text/html" {
            return Reply::html(self.query_page("", None));
        }
        let endpoint = self.minter.own("sparql");
        let dataset = dataset_iri(&self.minter);
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
        graph_reply(&triples, format)
    }
}

/// The status and message for a query that was not answered.
fn error_reply(error: &Error) -> Reply {
    let status = match error {
        Error::Refused { refusal, .. } => match refusal {
            Refusal::Update => StatusCode::FORBIDDEN,
            Refusal::Service
            | Refusal::TooLong(..)
            | Refusal::TooDeep(..)
            | Refusal::TooManyUnions(..)
            | Refusal::TooManyOperators(..)
            | Refusal::TooManyClauses(..)
            | Refusal::TooManyTriplePatterns(..) => StatusCode::BAD_REQUEST,
            Refusal::Timeout(_)
            | Refusal::Busy(_)
            | Refusal::StoredBusy(_)
            | Refusal::TooMuchMemory(_) => StatusCode::SERVICE_UNAVAILABLE,
            Refusal::TooManyRows(_) => StatusCode::FORBIDDEN,
        },
        Error::Query { .. } => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    Reply::text(status, error)
}
