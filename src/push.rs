//! Stage 5b: push the graph into a running SPARQL store with the SPARQL 1.1 Graph Store HTTP
//! Protocol, so that users who outgrow one machine load it into the store they scale.
//!
//! The default graph (every fact once) replaces one named graph: the first chunk is a `PUT`
//! (which replaces the graph), the next chunks are `POST`s (which add to it). A graph that fits
//! in one chunk is therefore replaced atomically by the store; when a later chunk fails, the
//! error says exactly which chunks and triples were written.
//!
//! Credentials are sent when the store asks for them (HTTP 401), with the scheme it asks for:
//! Basic, or Digest (which Virtuoso's `/sparql-graph-crud-auth` uses).

use crate::error::{Error, Result};
use crate::publish::export::{write_quads, Format};
use base64::Engine as _;
use md5::{Digest as _, Md5};
use oxhttp::model::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use oxhttp::model::{Body, Method, Request, StatusCode};
use oxigraph::model::{GraphName, NamedNode, Quad};
use std::io::Read;
use std::time::Duration;

/// The default number of triples per request.
pub const DEFAULT_CHUNK_TRIPLES: usize = 50_000;

/// A user name and password for the store.
#[derive(Clone)]
pub struct Credentials {
    /// The user name.
    pub user: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials {{ user: {:?}, password: … }}", self.user)
    }
}

/// Where and how to push.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// The store's Graph Store Protocol endpoint (an `http://` URL), e.g.
    /// `http://127.0.0.1:8890/sparql-graph-crud-auth` for Virtuoso or
    /// `http://127.0.0.1:3030/ds/data` for Fuseki.
    pub endpoint: String,
    /// The named graph to replace.
    pub graph: NamedNode,
    /// Credentials, sent when the store asks for them.
    pub credentials: Option<Credentials>,
    /// The most triples sent in one request.
    pub chunk_triples: usize,
    /// The timeout of each request.
    pub timeout: Duration,
}

/// How far a push has got, after each chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pushed {
    /// Chunks written so far.
    pub chunks_written: usize,
    /// Chunks in all.
    pub chunks: usize,
    /// Triples written so far.
    pub triples_written: usize,
    /// Triples in all.
    pub triples: usize,
}

/// Pushes the default graph of `quads` into `options.graph`, replacing it, and reports
/// progress after each chunk. Returns the final progress.
pub fn push(
    quads: &[Quad],
    options: &PushOptions,
    mut progress: impl FnMut(&Pushed),
) -> Result<Pushed> {
    let mut triples: Vec<Quad> = quads
        .iter()
        .filter(|q| q.graph_name.is_default_graph())
        .cloned()
        .collect();
    triples.sort_by_cached_key(|q| q.to_string());
    triples.dedup();
    let size = options.chunk_triples.max(1);
    let chunks: Vec<&[Quad]> = if triples.is_empty() {
        vec![&[]]
    } else {
        triples.chunks(size).collect()
    };
    let has_blank_nodes = triples
        .iter()
        .any(|q| q.subject.is_blank_node() || q.object.is_blank_node());
    if has_blank_nodes && chunks.len() > 1 {
        return Err(Error::Push(format!(
            "the graph has blank nodes and {} triples, more than one chunk of {size}: a blank \
             node cannot span two requests, so raise --chunk-size to {} or more",
            triples.len(),
            triples.len()
        )));
    }
    if !options.endpoint.starts_with("http://") {
        return Err(Error::Push(format!(
            "{}: give an http:// URL (this build of resgraph speaks plain HTTP only)",
            options.endpoint
        )));
    }
    let separator = if options.endpoint.contains('?') {
        '&'
    } else {
        '?'
    };
    let url = format!(
        "{}{separator}graph={}",
        options.endpoint,
        url::form_urlencoded::byte_serialize(options.graph.as_str().as_bytes()).collect::<String>()
    );
    let client = oxhttp::Client::new()
        .with_global_timeout(options.timeout)
        .with_user_agent(concat!("resgraph/", env!("CARGO_PKG_VERSION")))
        .expect("the user agent is a valid header");
    let mut auth = Auth::default();
    let mut done = Pushed {
        chunks_written: 0,
        chunks: chunks.len(),
        triples_written: 0,
        triples: triples.len(),
    };
    for (i, chunk) in chunks.iter().enumerate() {
        let mut body = Vec::new();
        let in_default: Vec<Quad> = chunk
            .iter()
            .map(|q| {
                let mut q = q.clone();
                q.graph_name = GraphName::DefaultGraph;
                q
            })
            .collect();
        write_quads(&in_default, Format::Ttl, &mut body).map_err(|e| Error::Push(e.to_string()))?;
        let method = if i == 0 { Method::PUT } else { Method::POST };
        let outcome = send(&client, &method, &url, &body, options, &mut auth);
        if let Err(problem) = outcome {
            return Err(Error::Push(failure(
                options,
                &done,
                i,
                chunk.len(),
                &problem,
            )));
        }
        done.chunks_written += 1;
        done.triples_written += chunk.len();
        progress(&done);
    }
    Ok(done)
}

/// What went wrong with one request.
enum Problem {
    /// The store answered with an error status.
    Status(StatusCode, String),
    /// The connection was refused: nothing was sent.
    NotSent(String),
    /// No answer after sending (timeout, broken connection).
    Transport(String),
}

/// The error message of a failed push: what failed, and exactly what the target graph holds.
fn failure(
    options: &PushOptions,
    done: &Pushed,
    chunk: usize,
    chunk_len: usize,
    problem: &Problem,
) -> String {
    let graph = options.graph.as_str();
    let method = if chunk == 0 { "PUT" } else { "POST" };
    let what = match problem {
        Problem::Status(status, body) => {
            format!("{} answered HTTP {status} to the {method} of chunk {} of {} ({chunk_len} triples): {body}", options.endpoint, chunk + 1, done.chunks)
        }
        Problem::NotSent(e) => format!(
            "the {method} of chunk {} of {} ({chunk_len} triples) to {} could not be sent: {e}",
            chunk + 1,
            done.chunks,
            options.endpoint
        ),
        Problem::Transport(e) => format!(
            "the {method} of chunk {} of {} ({chunk_len} triples) to {} got no answer: {e}",
            chunk + 1,
            done.chunks,
            options.endpoint
        ),
    };
    let state = match (chunk, problem) {
        (0, Problem::Status(..)) => format!(
            "The store refused the PUT that replaces <{graph}>, so it was not changed; nothing was written."
        ),
        (0, Problem::NotSent(_)) => format!("Nothing was sent: <{graph}> is as it was."),
        (0, Problem::Transport(_)) => format!(
            "<{graph}> is either as it was or replaced by chunk 1 ({chunk_len} triples): the store did not say which."
        ),
        (_, Problem::Status(..) | Problem::NotSent(_)) => format!(
            "<{graph}> now holds chunks 1–{} of {}: the first {} of {} triples in sorted N-Triples order (a PUT replaced the graph, {} POST(s) added to it); the rest was not written. Run push again to replace the graph.",
            done.chunks_written, done.chunks, done.triples_written, done.triples, done.chunks_written - 1
        ),
        (_, Problem::Transport(_)) => format!(
            "<{graph}> holds chunks 1–{} of {} (the first {} of {} triples in sorted N-Triples order), and chunk {} may or may not have been added; the rest was not written. Run push again to replace the graph.",
            done.chunks_written, done.chunks, done.triples_written, done.triples, chunk + 1
        ),
    };
    format!("{what}\n{state}")
}

/// The authentication the store asked for, kept for the next requests.
#[derive(Default)]
struct Auth {
    challenge: Option<Challenge>,
    count: u32,
}

enum Challenge {
    Basic,
    Digest {
        realm: String,
        nonce: String,
        opaque: Option<String>,
        qop_auth: bool,
    },
}

/// Sends one request; on 401, answers the store's challenge with the credentials and retries
/// once.
fn send(
    client: &oxhttp::Client,
    method: &Method,
    url: &str,
    body: &[u8],
    options: &PushOptions,
    auth: &mut Auth,
) -> std::result::Result<(), Problem> {
    for attempt in 0..2 {
        let mut builder = Request::builder()
            .method(method.clone())
            .uri(url)
            .header(CONTENT_TYPE, "text/turtle; charset=utf-8");
        if let (Some(credentials), Some(challenge)) = (&options.credentials, &auth.challenge) {
            auth.count += 1;
            builder = builder.header(
                AUTHORIZATION,
                authorization(challenge, credentials, method, url, auth.count),
            );
        }
        let request = builder
            .body(Body::from(body.to_vec()))
            .map_err(|e| Problem::Transport(e.to_string()))?;
        let response = client.request(request).map_err(|e| {
            if e.kind() == std::io::ErrorKind::ConnectionRefused {
                Problem::NotSent(e.to_string())
            } else {
                Problem::Transport(e.to_string())
            }
        })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        if status == StatusCode::UNAUTHORIZED && attempt == 0 && options.credentials.is_some() {
            let challenges: Vec<String> = response
                .headers()
                .get_all(WWW_AUTHENTICATE)
                .iter()
                .filter_map(|v| v.to_str().ok().map(str::to_owned))
                .collect();
            if let Some(challenge) = challenges.iter().find_map(|c| parse_challenge(c)) {
                auth.challenge = Some(challenge);
                auth.count = 0;
                continue;
            }
        }
        let mut text = String::new();
        let _ = response.into_body().take(2000).read_to_string(&mut text);
        let text = text.trim().to_owned();
        let hint = if status == StatusCode::UNAUTHORIZED && options.credentials.is_none() {
            " (the store wants credentials: give --user and the password)"
        } else if status == StatusCode::UNAUTHORIZED {
            " (the credentials were refused)"
        } else {
            ""
        };
        return Err(Problem::Status(status, format!("{text}{hint}")));
    }
    unreachable!("the loop returns on its second attempt")
}

/// Parses a `WWW-Authenticate` value we can answer: Basic, or Digest with MD5.
fn parse_challenge(value: &str) -> Option<Challenge> {
    let (scheme, rest) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
    if scheme.eq_ignore_ascii_case("basic") {
        return Some(Challenge::Basic);
    }
    if !scheme.eq_ignore_ascii_case("digest") {
        return None;
    }
    let params = auth_params(rest);
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    if get("algorithm").is_some_and(|a| !a.eq_ignore_ascii_case("md5")) {
        return None;
    }
    Some(Challenge::Digest {
        realm: get("realm").unwrap_or_default(),
        nonce: get("nonce")?,
        opaque: get("opaque"),
        qop_auth: get("qop").is_some_and(|q| q.split(',').any(|q| q.trim() == "auth")),
    })
}

/// `key=value, key="quoted, value"` pairs.
fn auth_params(text: &str) -> Vec<(String, String)> {
    let mut params = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if key.is_empty() {
            return params;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.peek().copied().filter(|c| *c != ',') {
                value.push(c);
                chars.next();
            }
        }
        params.push((key.trim().to_owned(), value.trim().to_owned()));
    }
}

fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `Authorization` header answering `challenge` (RFC 7617 Basic, RFC 7616 Digest MD5).
fn authorization(
    challenge: &Challenge,
    credentials: &Credentials,
    method: &Method,
    url: &str,
    count: u32,
) -> String {
    match challenge {
        Challenge::Basic => format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD
                .encode(format!("{}:{}", credentials.user, credentials.password))
        ),
        Challenge::Digest {
            realm,
            nonce,
            opaque,
            qop_auth,
        } => {
            let uri = url
                .find("://")
                .and_then(|i| url[i + 3..].find('/').map(|j| &url[i + 3 + j..]))
                .unwrap_or("/");
            let ha1 = md5_hex(&format!(
                "{}:{realm}:{}",
                credentials.user, credentials.password
            ));
            let ha2 = md5_hex(&format!("{method}:{uri}"));
            let nc = format!("{count:08x}");
            let cnonce = md5_hex(&format!(
                "{:?}{}{count}",
                std::time::SystemTime::now(),
                std::process::id()
            ))[..16]
                .to_owned();
            let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
            let mut header = format!(
                r#"Digest username="{}", realm="{}", nonce="{}", uri="{}", algorithm=MD5"#,
                quote(&credentials.user),
                quote(realm),
                quote(nonce),
                quote(uri)
            );
            let response = if *qop_auth {
                header.push_str(&format!(r#", qop=auth, nc={nc}, cnonce="{cnonce}""#));
                md5_hex(&format!("{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}"))
            } else {
                md5_hex(&format!("{ha1}:{nonce}:{ha2}"))
            };
            header.push_str(&format!(r#", response="{response}""#));
            if let Some(opaque) = opaque {
                header.push_str(&format!(r#", opaque="{}""#, quote(opaque)));
            }
            header
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_answer_matches_rfc_2617_example() {
        // RFC 2617 section 3.5: user Mufasa, password "Circle Of Life".
        let challenge = parse_challenge(
            r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
        )
        .unwrap();
        let Challenge::Digest { qop_auth, .. } = &challenge else {
            panic!("not digest")
        };
        assert!(qop_auth);
        let credentials = Credentials {
            user: "Mufasa".into(),
            password: "Circle Of Life".into(),
        };
        let ha1 = md5_hex("Mufasa:testrealm@host.com:Circle Of Life");
        let ha2 = md5_hex("GET:/dir/index.html");
        assert_eq!(
            md5_hex(&format!(
                "{ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth:{ha2}"
            )),
            "6629fae49393a05397450978507c4ef1"
        );
        let header = authorization(
            &challenge,
            &credentials,
            &Method::GET,
            "http://www.nowhere.org/dir/index.html",
            1,
        );
        assert!(header.starts_with(r#"Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", algorithm=MD5, qop=auth, nc=00000001, cnonce=""#), "{header}");
        assert!(
            header.ends_with(r#", opaque="5ccc069c403ebaf9f0171e9517f40e41""#),
            "{header}"
        );
    }

    #[test]
    fn a_failure_midway_says_what_the_graph_holds() {
        let options = PushOptions {
            endpoint: "http://127.0.0.1:1/gsp".into(),
            graph: NamedNode::new("https://example.org/g").unwrap(),
            credentials: None,
            chunk_triples: 50_000,
            timeout: Duration::from_secs(1),
        };
        let done = Pushed {
            chunks_written: 2,
            chunks: 5,
            triples_written: 100_000,
            triples: 230_000,
        };
        let problem = Problem::Status(StatusCode::INTERNAL_SERVER_ERROR, "full".into());
        assert_eq!(
            failure(&options, &done, 2, 50_000, &problem),
            "http://127.0.0.1:1/gsp answered HTTP 500 Internal Server Error to the POST of chunk 3 of 5 (50000 triples): full\n\
             <https://example.org/g> now holds chunks 1–2 of 5: the first 100000 of 230000 triples in sorted N-Triples order (a PUT replaced the graph, 1 POST(s) added to it); the rest was not written. Run push again to replace the graph."
        );
        let lost = Problem::Transport("timed out".into());
        assert_eq!(
            failure(&options, &done, 2, 50_000, &lost),
            "the POST of chunk 3 of 5 (50000 triples) to http://127.0.0.1:1/gsp got no answer: timed out\n\
             <https://example.org/g> holds chunks 1–2 of 5 (the first 100000 of 230000 triples in sorted N-Triples order), and chunk 3 may or may not have been added; the rest was not written. Run push again to replace the graph."
        );
    }

    #[test]
    fn basic_answer_is_base64_of_user_and_password() {
        let credentials = Credentials {
            user: "Aladdin".into(),
            password: "open sesame".into(),
        };
        assert_eq!(
            authorization(
                &Challenge::Basic,
                &credentials,
                &Method::PUT,
                "http://h/x",
                1
            ),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }
}
