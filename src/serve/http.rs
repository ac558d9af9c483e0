//! The HTTP side of the preview (axum on tokio): the listening socket and
//! its connections (hyper, with a header-read and an idle timeout and a
//! cap on connections, so stalled clients cannot pile up), the
//! one handler every request goes to (path checks: no `..`, encoded dots,
//! backslashes or NUL; the base path; content types; ETag/304; HEAD; the
//! search module's brotli copy when the browser accepts br), the
//! live-reload script injected into HTML, and the Server-Sent Events that
//! tell open tabs about each build.

use std::convert::Infallible;
use std::hash::{Hash, Hasher};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{broadcast, OwnedSemaphorePermit, Semaphore};

use crate::base::files::{read_limited, LinkGuard};
use crate::serve::shared::{Shared, Snapshot};

/// Where the injected script and the event stream live (outside any site path).
const PREFIX: &str = "/__helpbook/";
/// The live-reload script, injected before `</body>` of every HTML page.
const LIVE_JS: &str = include_str!("live.js");

/// Binds the listening socket on `address`: `port`, or 8000 and the next
/// free one up to 8009.
pub(crate) fn listen(address: IpAddr, port: Option<u16>) -> Result<TcpListener, String> {
    let ports: Vec<u16> = match port {
        Some(port) => vec![port],
        None => (8000..8010).collect(),
    };
    let mut last = None;
    for port in ports {
        match TcpListener::bind(SocketAddr::new(address, port)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some((port, e)),
        }
    }
    match last {
        Some((port, e)) if e.kind() == std::io::ErrorKind::AddrInUse => Err(format!(
            "port {port} is already in use on {address}: choose another with --port N (or --port 0 for any free port)"
        )),
        Some((port, e)) => Err(format!("cannot listen on {address}:{port}: {e}")),
        None => Err("no port to listen on".into()),
    }
}

/// How long a client may take to send a request's headers, counted from
/// when the connection opens or its previous response ends: a stalled or
/// trickling client is disconnected (and an idle keep-alive connection
/// closed, as servers do).
pub(crate) const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a connection may go without a byte read or written (a client
/// that stops reading a response). An open tab's event stream writes a
/// keep-alive every 15 seconds, so it is never idle that long.
pub(crate) const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a request for a search file waits for the search index being
/// built (under [`IDLE_TIMEOUT`], which would close the connection).
const SEARCH_WAIT: Duration = Duration::from_secs(45);

/// The most connections served at once; more wait to be accepted.
pub(crate) const MAX_CONNECTIONS: usize = 256;

/// Serves `shared` on `listener` until Ctrl-C (on a small tokio runtime of
/// its own), each connection with the timeouts above. `Err` when the
/// server cannot start.
pub(crate) fn serve(listener: TcpListener, shared: Arc<Shared>) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| format!("cannot listen: {e}"))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| format!("cannot listen: {e}"))?;
        let app = axum::Router::new().fallback(handle).with_state(shared);
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        let stop = tokio::signal::ctrl_c();
        tokio::pin!(stop);
        loop {
            let slot = tokio::select! {
                slot = slots.clone().acquire_owned() => slot.map_err(|e| format!("server error: {e}"))?,
                _ = &mut stop => return Ok(()),
            };
            let accepted = tokio::select! {
                accepted = listener.accept() => accepted,
                _ = &mut stop => return Ok(()),
            };
            match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(connection(stream, app.clone(), slot));
                }
                // Out of file descriptors and the like: wait for some to
                // close rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    })
}

/// Serves one connection (HTTP/1.1, keep-alive) until the client closes
/// it or a timeout does; `slot` is its place among [`MAX_CONNECTIONS`].
async fn connection(stream: TcpStream, app: axum::Router, slot: OwnedSemaphorePermit) {
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Tracked {
        inner: stream,
        activity: activity.clone(),
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    let served = builder.serve_connection(io, TowerToHyperService::new(app));
    // Dropping the connection closes it.
    tokio::select! {
        _ = served => {}
        () = activity.idle(IDLE_TIMEOUT) => {}
    }
    drop(slot);
}

/// When a connection last read or wrote a byte.
struct Activity {
    opened: Instant,
    /// Milliseconds from `opened`.
    last: AtomicU64,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            opened: Instant::now(),
            last: AtomicU64::new(0),
        }
    }

    fn touch(&self) {
        let now = u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(now, Ordering::Relaxed);
    }

    /// Returns once `limit` has passed without a byte read or written.
    async fn idle(&self, limit: Duration) {
        loop {
            let last = Duration::from_millis(self.last.load(Ordering::Relaxed));
            let deadline = self.opened + last + limit;
            if Instant::now() >= deadline {
                return;
            }
            tokio::time::sleep_until(deadline.into()).await;
        }
    }
}

/// A socket that records in [`Activity`] each time bytes move.
struct Tracked {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Why a request path is refused.
fn clean_path(raw: &str) -> Result<String, StatusCode> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| StatusCode::BAD_REQUEST)?;
    if !decoded.starts_with('/')
        || decoded.contains('\\')
        || decoded.contains('\0')
        || decoded
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
    {
        return Err(StatusCode::BAD_REQUEST);
    }
    Ok(decoded.into_owned())
}

/// The `Content-Type` of the file at `path`.
fn content_type(path: &str) -> HeaderValue {
    let mime = if path.ends_with(".html") {
        "text/html; charset=utf-8".to_string()
    } else if path.ends_with(".bin") {
        "application/octet-stream".to_string()
    } else {
        let guess = mime_guess::from_path(path).first_or_octet_stream();
        match guess.type_() {
            mime_guess::mime::TEXT => format!("{guess}; charset=utf-8"),
            _ if guess.subtype() == "javascript" || guess.subtype() == "json" => {
                format!("{guess}; charset=utf-8")
            }
            _ => guess.to_string(),
        }
    };
    HeaderValue::from_str(&mime).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

/// Adds the live-reload script to an HTML page.
fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{PREFIX}live.js\"></script>\n");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => {
            let mut out = String::with_capacity(text.len() + tag.len());
            out.push_str(&text[..at]);
            out.push_str(&tag);
            out.push_str(&text[at..]);
            out.into_bytes()
        }
        None => {
            let mut out = html.to_vec();
            out.extend_from_slice(tag.as_bytes());
            out
        }
    }
}

/// The entity tag of a response body.
fn etag(bytes: &[u8]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("\"{:016x}-{}\"", hasher.finish(), bytes.len())
}

/// A complete response for `bytes`, honouring HEAD and If-None-Match.
fn respond(
    method: &Method,
    headers: &HeaderMap,
    status: StatusCode,
    path: &str,
    bytes: Vec<u8>,
) -> Response {
    let tag = etag(&bytes);
    let mut response = if status == StatusCode::OK
        && headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"))
    {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        r
    } else {
        let length = bytes.len();
        let body = if method == Method::HEAD {
            Body::empty()
        } else {
            Body::from(bytes)
        };
        let mut r = Response::new(body);
        *r.status_mut() = status;
        r.headers_mut()
            .insert(header::CONTENT_TYPE, content_type(path));
        r.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        r
    };
    let h = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, value);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// A short plain-text response (errors).
fn plain(status: StatusCode, text: &str) -> Response {
    let mut r = (status, text.to_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// Answers every request: the script and event stream under [`PREFIX`],
/// else a file of the site below its base path.
async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "Only GET and HEAD.\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let path = match clean_path(uri.path()) {
        Ok(path) => path,
        Err(status) => return plain(status, "Bad request path.\n"),
    };
    if path == format!("{PREFIX}events") {
        return events(&shared).into_response();
    }
    if path == format!("{PREFIX}live.js") {
        return respond(
            &method,
            &headers,
            StatusCode::OK,
            "live.js",
            LIVE_JS.as_bytes().to_vec(),
        );
    }
    let base = shared.base();
    let snapshot = shared.snapshot();
    let Some(relative) = path.strip_prefix(base.as_str()).or_else(|| {
        // `/help` for a site under `/help/`.
        (format!("{path}/") == base).then_some("")
    }) else {
        if path == "/" {
            return redirect(&base);
        }
        return not_found(&method, &headers, &snapshot);
    };
    if format!("{path}/") == base {
        return redirect(&base);
    }
    let mut key = relative.to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    // A search file not there yet (the first index still being built, or
    // a rebuilt one whose files are new) is waited for rather than missed.
    let snapshot = if key.starts_with("search/")
        && snapshot.lookup(&key).is_none()
        && shared.wait_for_search(SEARCH_WAIT).await
    {
        shared.snapshot()
    } else {
        snapshot
    };
    site_file(&method, &headers, &snapshot, &path, &key).await
}

/// The site's file at output path `key` (requested as `path`).
async fn site_file(
    method: &Method,
    headers: &HeaderMap,
    snapshot: &Snapshot,
    path: &str,
    key: &str,
) -> Response {
    if let Some(bytes) = snapshot.lookup(key) {
        if key.ends_with(".html") {
            return respond(method, headers, StatusCode::OK, key, inject(&bytes));
        }
        return precompressed(method, headers, snapshot, key, bytes.to_vec());
    }
    if let Some(source) = snapshot.pages.copies.get(key) {
        let (source, guard) = (source.clone(), snapshot.pages.guard.clone());
        let read = tokio::task::spawn_blocking(move || read_asset(&source, guard.as_ref())).await;
        return match read {
            Ok(Some(bytes)) => respond(method, headers, StatusCode::OK, key, bytes),
            _ => not_found(method, headers, snapshot),
        };
    }
    // `/a/b` for the folder page `/a/b/`, as static hosts do.
    if !key.ends_with(".html") && snapshot.lookup(&format!("{key}/index.html")).is_some() {
        return redirect(&format!("{path}/"));
    }
    not_found(method, headers, snapshot)
}

/// A site file that may have a brotli copy beside it (`<key>.br`, the
/// search module's): that copy with `Content-Encoding: br` when the request
/// accepts br, as nginx's `brotli_static` and Caddy's `precompressed` serve
/// it, else `bytes`; either answer says `Vary: Accept-Encoding`, so caches
/// keep the two apart.
fn precompressed(
    method: &Method,
    headers: &HeaderMap,
    snapshot: &Snapshot,
    key: &str,
    bytes: Vec<u8>,
) -> Response {
    let Some(brotli) = snapshot.lookup(&format!("{key}.br")) else {
        return respond(method, headers, StatusCode::OK, key, bytes);
    };
    let mut response = if accepts_br(headers) {
        let mut r = respond(method, headers, StatusCode::OK, key, brotli.to_vec());
        r.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        r
    } else {
        respond(method, headers, StatusCode::OK, key, bytes)
    };
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Whether `Accept-Encoding` allows br: listed (or `*`) with a weight
/// above zero, and not refused by name (`br;q=0` with `*`).
fn accepts_br(headers: &HeaderMap) -> bool {
    let mut named = None;
    let mut any = false;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let weight = parts
                .find_map(|p| {
                    let p = p.trim();
                    p.strip_prefix("q=").or(p.strip_prefix("Q="))
                })
                .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
            if coding.eq_ignore_ascii_case("br") {
                named = Some(weight > 0.0);
            } else if coding == "*" {
                any = weight > 0.0;
            }
        }
    }
    named.unwrap_or(any)
}

/// The bytes of a content asset, read at the request: `None` when it is
/// gone, is no longer a regular file (a FIFO would hang the request), or
/// now leads out of the help center through a symbolic link that `guard`
/// refuses (the build checked it, but it may have changed since).
fn read_asset(source: &std::path::Path, guard: Option<&LinkGuard>) -> Option<Vec<u8>> {
    if guard.is_some_and(|g| g.refuses_on_the_way(source).is_some()) {
        return None;
    }
    read_limited(source, u64::MAX - 1).ok()
}

/// A redirect browsers must not remember past the preview (a 301 without
/// cache headers is kept indefinitely).
fn redirect(to: &str) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::MOVED_PERMANENTLY;
    if let Ok(value) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, value);
    }
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// The site's 404 page, or one that points at the errors when there is no
/// site yet.
fn not_found(method: &Method, headers: &HeaderMap, snapshot: &Snapshot) -> Response {
    match snapshot.pages.files.get("404.html") {
        Some(page) => respond(
            method,
            headers,
            StatusCode::NOT_FOUND,
            "404.html",
            inject(page),
        ),
        None => {
            // No site yet (the first build failed): a page that shows the errors.
            let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>helpbook: build failed</title></head><body><main><h1>The help center could not be built</h1><p>The errors are listed in the terminal and over this page. Fix them and save: this page reloads by itself.</p></main></body></html>";
            respond(
                method,
                headers,
                StatusCode::NOT_FOUND,
                "404.html",
                inject(page.as_bytes()),
            )
        }
    }
}

/// The event stream: the current status first, then one per build.
fn events(shared: &Shared) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let (first, rx) = shared.subscribe();
    let later = stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(message) => return Some((message, rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let all = stream::once(async move { first })
        .chain(later)
        .map(|message| Ok(Event::default().data(message.as_str())));
    Sse::new(all).keep_alive(KeepAlive::default())
}
