//! The HTTP/1.1 server under [`Site`]: connections, their deadlines, and the body limit.
//!
//! hyper parses HTTP on a tokio runtime, so an idle or slow connection costs a small task,
//! not a thread: thousands of them cannot starve the clients that send a whole request. A
//! connection that has sent nothing yet costs no buffer either: hyper takes it over only once
//! it has bytes to read. Every connection is held to deadlines:
//!
//! - its request head must arrive within the request timeout of the moment the server starts
//!   waiting for it, which also closes idle keep-alive connections (hyper's header read
//!   timeout); a head over 16 KiB is refused (`431`);
//! - its body must arrive within the request timeout of its head (else `408`), and may not be
//!   longer than the site's body limit (else `413`, answered without reading the body); at
//!   most [`MAX_BODIES`] bodies are read at once, so their memory is bounded too (else `503`);
//! - each piece of the answer must be taken by the client within the request timeout, or the
//!   connection is dropped.
//!
//! A complete request is handed to [`Site::response`] on tokio's blocking thread pool, since
//! SPARQL evaluation is blocking work. A published file (a dump) is sent as it is read, a
//! piece of [`FILE_CHUNK`] bytes at a time, each read once the client has taken the one before
//! ([`FileBody`]): a dump of any size costs 1 MiB per download, and a slow client holds no thread.

use super::{Body as SiteBody, Reply, Site};
use crate::error::{Error, Result};
use http::header::{CONNECTION, SERVER};
use http::{HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt, Either, Full, LengthLimitError, Limited};
use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::future::Future;
use std::io::Read;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_io_timeout::TimeoutWriter;

/// The default for [`ServerLimits::max_connections`].
pub const DEFAULT_MAX_CONNECTIONS: usize = 10_000;
/// The default for [`ServerLimits::request_timeout`], in seconds.
pub const DEFAULT_REQUEST_TIMEOUT_SECS: f64 = 10.0;
/// The most threads answering requests at once (queries wait for a slot in them).
const MAX_HANDLER_THREADS: usize = 64;
/// The most request bodies read into memory at once.
pub const MAX_BODIES: usize = MAX_HANDLER_THREADS;
/// The largest request head hyper buffers (request line and headers), in bytes.
const MAX_HEAD: usize = 16 * 1024;
/// File descriptors kept free for everything but connections.
const SPARE_FILES: usize = 64;
/// The size of each piece of a published file the server reads and sends.
pub const FILE_CHUNK: usize = 1 << 20;

/// The body of a response as hyper sends it: in memory, or a file read as it is sent.
type ResponseBody = Either<Full<Bytes>, FileBody>;

/// Limits on connections, as opposed to the limits on queries in
/// [`SiteOptions`](super::SiteOptions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    /// The most connections open at once; further ones wait in the kernel's accept queue
    /// until one closes.
    pub max_connections: usize,
    /// How long a client has to send a request's head, then its body, and to take each
    /// piece of the answer; also how long an idle keep-alive connection is kept.
    pub request_timeout: Duration,
}

impl Default for ServerLimits {
    fn default() -> ServerLimits {
        ServerLimits {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            request_timeout: Duration::from_secs_f64(DEFAULT_REQUEST_TIMEOUT_SECS),
        }
    }
}

impl ServerLimits {
    /// These limits with `max_connections` lowered to what the process's open-file limit
    /// allows, after raising that limit (its soft value) as far as needed and permitted.
    pub fn fit_open_files(self) -> ServerLimits {
        let wanted = (self.max_connections + SPARE_FILES) as u64;
        let room = rlimit::increase_nofile_limit(wanted).unwrap_or(0) as usize;
        ServerLimits {
            max_connections: self
                .max_connections
                .min(room.saturating_sub(SPARE_FILES))
                .max(1),
            ..self
        }
    }
}

/// Runs `site` on `bind` until the process ends. `ready` is called once the socket listens,
/// with the limits in force ([`ServerLimits::fit_open_files`]).
pub fn serve(
    site: Site,
    bind: SocketAddr,
    limits: ServerLimits,
    ready: impl FnOnce(&ServerLimits),
) -> Result<()> {
    let limits = limits.fit_open_files();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(MAX_HANDLER_THREADS)
        .thread_name("resgraph-serve")
        // Requests are parsed on these threads: room for every query within the shape limits.
        .thread_stack_size(crate::graph::store::QUERY_STACK_SIZE)
        .build()
        .map_err(|e| Error::Serve(format!("cannot start the server's runtime: {e}")))?;
    runtime.block_on(async {
        let listener = TcpListener::bind(bind)
            .await
            .map_err(|e| Error::Serve(format!("cannot listen on {bind}: {e}")))?;
        ready(&limits);
        let site = Arc::new(site);
        let warm = Arc::clone(&site);
        // The browse index, the home page's counts and the catalog (which hashes every dump,
        // unless `build --store` kept it) take scans of the graph: make them before the first
        // visitor asks.
        std::thread::spawn(move || {
            let _ = warm.browse_index();
            let _ = warm.overview();
            let _ = warm.catalog();
        });
        accept(listener, site, limits).await;
        Ok(())
    })
}

/// Accepts connections forever, at most `limits.max_connections` open at once.
async fn accept(listener: TcpListener, site: Arc<Site>, limits: ServerLimits) {
    let open = Arc::new(Semaphore::new(limits.max_connections));
    let bodies = Arc::new(Semaphore::new(MAX_BODIES));
    loop {
        let Ok(permit) = Arc::clone(&open).acquire_owned().await else {
            return; // The semaphore is never closed.
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Out of file descriptors, most likely: wait for some to close.
                eprintln!("resgraph serve: cannot accept a connection: {error}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let (site, bodies) = (Arc::clone(&site), Arc::clone(&bodies));
        tokio::spawn(async move {
            // Until its first byte, a connection is only a socket and this small task. (Not
            // `readable()`, which may wake before there is anything to read.)
            let mut first = [0; 1];
            if !matches!(
                tokio::time::timeout(limits.request_timeout, stream.peek(&mut first)).await,
                Ok(Ok(1))
            ) {
                return;
            }
            let mut stream = TimeoutWriter::new(stream);
            stream.set_timeout(Some(limits.request_timeout));
            let io = TokioIo::new(Box::pin(stream));
            let service = service_fn(move |request| {
                respond(Arc::clone(&site), Arc::clone(&bodies), request, limits)
            });
            // A connection ends with an error when the client goes away or misses a deadline;
            // either way there is nobody left to tell. (Boxed: the connection's state is large,
            // and a task holds the largest state of its future from the start.)
            let _ = Box::pin(
                http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(limits.request_timeout)
                    .max_buf_size(MAX_HEAD)
                    .serve_connection(io, service),
            )
            .await;
            drop(permit);
        });
    }
}

/// Reads the body of `request` within the limits, then has the site answer it.
async fn respond(
    site: Arc<Site>,
    bodies: Arc<Semaphore>,
    request: Request<Incoming>,
    limits: ServerLimits,
) -> std::result::Result<Response<ResponseBody>, Infallible> {
    let (head, body) = request.into_parts();
    let max_body = site.max_body();
    // hyper has parsed the declared Content-Length into the body's size hint.
    if body.size_hint().lower() > max_body as u64 {
        return Ok(refuse(super::too_large(max_body)));
    }
    let started = tokio::time::Instant::now();
    let reading = if body.is_end_stream() {
        None
    } else {
        match tokio::time::timeout(limits.request_timeout, bodies.acquire_owned()).await {
            Ok(Ok(permit)) => Some(permit),
            _ => {
                return Ok(refuse(Reply::text(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("{MAX_BODIES} request bodies are being read; try again later"),
                )))
            }
        }
    };
    let body = match tokio::time::timeout_at(
        started + limits.request_timeout,
        Limited::new(body, max_body).collect(),
    )
    .await
    {
        Ok(Ok(body)) => body.to_bytes().to_vec(),
        Ok(Err(error)) if error.is::<LengthLimitError>() => {
            return Ok(refuse(super::too_large(max_body)))
        }
        Ok(Err(error)) => {
            return Ok(refuse(Reply::text(
                StatusCode::BAD_REQUEST,
                format!("the request body could not be read: {error}"),
            )))
        }
        Err(_) => {
            return Ok(refuse(Reply::text(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the request body did not arrive within {} s",
                    limits.request_timeout.as_secs_f64()
                ),
            )))
        }
    };
    drop(reading);
    let request = Request::from_parts(head, body);
    let response = match tokio::task::spawn_blocking(move || site.response(request)).await {
        Ok(response) => response,
        Err(error) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, error).into_response(),
    };
    Ok(finish(response))
}

/// A refusal that closes the connection, so that a body left unread is never parsed as the
/// next request.
fn refuse(reply: Reply) -> Response<ResponseBody> {
    let mut response = finish(reply.into_response());
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    response
}

/// The site's response as hyper sends it, with the `Server` header.
fn finish(response: Response<SiteBody>) -> Response<ResponseBody> {
    let mut response = response.map(|body| match body {
        SiteBody::Bytes(bytes) => Either::Left(Full::new(Bytes::from(bytes))),
        SiteBody::File(file, length) => Either::Right(FileBody::read(file, length)),
    });
    response.headers_mut().insert(
        SERVER,
        HeaderValue::from_static(concat!("resgraph/", env!("CARGO_PKG_VERSION"))),
    );
    response
}

/// A file sent a piece at a time: each piece of [`FILE_CHUNK`] bytes is read on tokio's
/// blocking pool when hyper asks for it, that is once the client has taken the one before, so a
/// slow client holds no thread, and a client that goes away drops the body and the file.
pub struct FileBody {
    file: Option<std::io::Take<std::fs::File>>,
    reading: Option<tokio::task::JoinHandle<Piece>>,
    left: u64,
}

/// The file back from a read, with the piece read.
type Piece = (std::io::Take<std::fs::File>, std::io::Result<Vec<u8>>);

impl FileBody {
    fn read(file: std::fs::File, length: u64) -> FileBody {
        FileBody {
            file: Some(file.take(length)),
            reading: None,
            left: length,
        }
    }
}

impl Body for FileBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<std::result::Result<Frame<Bytes>, std::io::Error>>> {
        let this = self.get_mut();
        if this.reading.is_none() {
            let Some(mut file) = this.file.take().filter(|_| this.left > 0) else {
                return Poll::Ready(None);
            };
            this.reading = Some(tokio::task::spawn_blocking(move || {
                let mut piece = Vec::with_capacity(FILE_CHUNK);
                let read = (&mut file).take(FILE_CHUNK as u64).read_to_end(&mut piece);
                (file, read.map(|_| piece))
            }));
        }
        let Some(reading) = this.reading.as_mut() else {
            return Poll::Ready(None);
        };
        let Poll::Ready(joined) = Pin::new(reading).poll(context) else {
            return Poll::Pending;
        };
        this.reading = None;
        Poll::Ready(Some(match joined {
            Ok((file, Ok(piece))) if !piece.is_empty() => {
                this.left = this.left.saturating_sub(piece.len() as u64);
                this.file = Some(file);
                Ok(Frame::data(Bytes::from(piece)))
            }
            Ok((_, Ok(_))) => Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the file is shorter than when it was opened",
            )),
            Ok((_, Err(e))) => Err(e),
            Err(e) => Err(std::io::Error::other(e)),
        }))
    }

    fn is_end_stream(&self) -> bool {
        self.left == 0 && self.reading.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.left)
    }
}
