//! `helpbook serve`: a live preview for writers.
//!
//! The site is built in memory ([`LiveSite`]) and served over HTTP (axum on
//! tokio) from an immutable snapshot that each rebuild replaces in one swap,
//! so a request gets the old page or the new one, never half of either.
//! A watcher (notify, debounced) feeds changed paths to one rebuild thread;
//! the search index is rebuilt on its own thread after the pages, so saving
//! an article never waits for it. Open tabs learn about rebuilds over
//! Server-Sent Events from a small script injected into HTML in serve mode
//! only: they reload when their page changed (keeping the scroll position)
//! and show the build's errors in an overlay until they are fixed.

pub mod live;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::hash::{Hash, Hasher};
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use codespan_reporting::term::termcolor::{ColorChoice, NoColor, StandardStream};
use futures_util::stream::{self, Stream, StreamExt};
use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::broadcast;

use crate::base::diagnostic::{self, Report};
use crate::pipeline::{BuildOptions, Fatal};
use crate::serve::live::{url_of, Files, LiveSite, Update};

/// Where the injected script and the event stream live (outside any site path).
const PREFIX: &str = "/__helpbook/";
/// The live-reload script, injected before `</body>` of every HTML page.
const LIVE_JS: &str = include_str!("live.js");
/// How long the watcher waits for an editor to finish writing.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// How long saves must pause before the search index is rebuilt.
const SEARCH_QUIET: Duration = Duration::from_millis(400);

/// Options of `helpbook serve`.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Port; `None` tries 8000 and the next few when it is taken.
    pub port: Option<u16>,
    /// Address to listen on (loopback unless asked).
    pub bind: IpAddr,
    /// Open the site in the default browser.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
    /// Colours for diagnostics on the terminal.
    pub color: ColorChoice,
    /// Print only errors.
    pub quiet: bool,
}

/// What the browser tabs are told after each build.
#[derive(Clone, Debug, serde::Serialize)]
struct Status {
    /// Increases with every build (a tab that sees a new one may reload).
    version: u64,
    /// Number of errors (the overlay shows when non-zero).
    errors: usize,
    /// Number of warnings.
    warnings: usize,
    /// The diagnostics as the terminal shows them, without colours.
    text: String,
    /// URL paths that changed (`"*"`: everything).
    changed: Vec<String>,
    /// Whether the whole site was rebuilt (not only the pages an edit
    /// touched); `changed` still lists only pages whose bytes changed.
    full: bool,
}

/// What requests read: swapped whole on every rebuild.
struct Snapshot {
    pages: Arc<Files>,
    search: Arc<BTreeMap<String, Arc<[u8]>>>,
}

struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    /// The latest status, sent to tabs as they connect.
    status: RwLock<Arc<String>>,
    events: broadcast::Sender<Arc<String>>,
    /// The site's base path (`/` or `/help/`).
    base: RwLock<String>,
}

impl Shared {
    fn snapshot(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn publish_pages(&self, pages: Files) {
        let mut guard = self.snapshot.write().unwrap_or_else(|p| p.into_inner());
        let search = guard.search.clone();
        *guard = Arc::new(Snapshot {
            pages: Arc::new(pages),
            search,
        });
    }

    fn publish_search(&self, search: BTreeMap<String, Arc<[u8]>>) {
        let mut guard = self.snapshot.write().unwrap_or_else(|p| p.into_inner());
        let pages = guard.pages.clone();
        *guard = Arc::new(Snapshot {
            pages,
            search: Arc::new(search),
        });
    }

    fn announce(&self, status: &Status) {
        let json = Arc::new(serde_json::to_string(status).unwrap_or_else(|_| "{}".into()));
        *self.status.write().unwrap_or_else(|p| p.into_inner()) = json.clone();
        // No tab listening is fine.
        let _ = self.events.send(json);
    }
}

/// Runs the preview until Ctrl-C. `Err` is a problem that stops it from
/// starting (exit 2): not a help center, the port is taken.
pub fn run(root: &Path, options: ServeOptions) -> Result<(), String> {
    let today = crate::pipeline::build_date().map_err(|d| d.message)?;
    let build_options = BuildOptions {
        drafts: options.drafts,
        today,
        live: true,
    };
    let started = Instant::now();
    let spinner = crate::progress::Spinner::start(options.quiet, "Building the help center");
    let (mut live, files) = match LiveSite::build(root, build_options) {
        Ok(built) => built,
        Err(Fatal::NoConfig(root)) => {
            return Err(Fatal::NoConfig(root).to_string());
        }
        Err(e) => return Err(e.to_string()),
    };
    spinner.finish();
    let report = live.report();
    print_report(&report, &options);
    if let Some(site) = live.site() {
        if !options.quiet {
            eprintln!(
                "Built {} pages in {:.2} s ({} articles, {} troubleshooters){}",
                files.files.keys().filter(|k| k.ends_with(".html")).count(),
                started.elapsed().as_secs_f64(),
                site.articles.len(),
                site.articles.iter().filter(|a| a.tree.is_some()).count(),
                if site.config.search_enabled {
                    "; building the search index in the background"
                } else {
                    ""
                }
            );
        }
    }

    let listener = bind(&options)?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let base = live
        .site()
        .map(|s| s.config.base_path.clone())
        .unwrap_or_else(|| "/".into());
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot {
            pages: Arc::new(files.clone()),
            search: Arc::new(BTreeMap::new()),
        })),
        status: RwLock::new(Arc::new(String::new())),
        events,
        base: RwLock::new(base.clone()),
    });
    shared.announce(&status_of(
        &live.errors(),
        live.counts(),
        1,
        vec!["*".into()],
        true,
    ));

    // The search index: its own thread, the latest input wins.
    let (search_tx, search_rx) = mpsc::channel::<Vec<crate::index::LiveJob>>();
    {
        let shared = shared.clone();
        std::thread::spawn(move || search_thread(search_rx, shared));
    }
    let jobs = live.search_jobs();
    if !jobs.is_empty() {
        let _ = search_tx.send(jobs);
    }

    // The watcher (changes only: reads of the files while building must not
    // trigger another build) and the rebuild thread, which waits for a
    // moment of quiet so one save (often several writes) is one rebuild.
    let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let (watch_tx, watch_rx) = mpsc::channel::<PathBuf>();
    let inputs = [
        root_abs.join(crate::config::CONTENT_DIR),
        root_abs.join("themes"),
        root_abs.join(crate::config::CONFIG_FILE),
    ];
    let is_input = move |path: &Path| inputs.iter().any(|input| path.starts_with(input));
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
            ) {
                for path in event.paths {
                    if is_input(&path) {
                        let _ = watch_tx.send(path);
                    }
                }
            }
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    // The root itself, not book.toml: editors that save by renaming would
    // end a watch on the file. content/ and themes/ are watched whole, also
    // when they appear later (see `watch_folders`).
    watcher
        .watch(&root_abs, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root_abs.display()))?;
    let mut watched: Vec<PathBuf> = Vec::new();
    watch_folders(&mut watcher, &root_abs, &mut watched)?;
    {
        let shared = shared.clone();
        let options = options.clone();
        let root = root.to_path_buf();
        let mut files = files;
        let root_abs = root_abs.clone();
        std::thread::spawn(move || {
            let mut watcher = watcher;
            let mut version = 1;
            let mut search_due = false;
            let mut counts = live.counts();
            loop {
                // After pages change, the search index is rebuilt once saves
                // pause for a moment: typing never waits for it.
                let first = if search_due {
                    match watch_rx.recv_timeout(SEARCH_QUIET) {
                        Ok(path) => path,
                        Err(mpsc::RecvTimeoutError::Timeout) => {
                            search_due = false;
                            let jobs = live.search_jobs();
                            if !jobs.is_empty() {
                                let _ = search_tx.send(jobs);
                            }
                            continue;
                        }
                        Err(mpsc::RecvTimeoutError::Disconnected) => break,
                    }
                } else {
                    match watch_rx.recv() {
                        Ok(path) => path,
                        Err(_) => break,
                    }
                };
                let mut batch = vec![first];
                while let Ok(more) = watch_rx.recv_timeout(DEBOUNCE) {
                    batch.push(more);
                }
                let mut paths: Vec<PathBuf> = Vec::new();
                for path in batch {
                    let relative = path
                        .strip_prefix(&root_abs)
                        .or_else(|_| path.strip_prefix(&root))
                        .map(Path::to_path_buf)
                        .unwrap_or(path);
                    if !paths.contains(&relative) {
                        paths.push(relative);
                    }
                }
                if let Err(e) = watch_folders(&mut watcher, &root_abs, &mut watched) {
                    eprintln!("warning: {e}");
                }
                let update = match live.apply(&mut files, &paths) {
                    Ok(update) => update,
                    Err(e) => {
                        eprintln!("error: {e}");
                        continue;
                    }
                };
                let now = live.counts();
                if update.changed.is_empty()
                    && !update.full
                    && update.fresh.is_empty()
                    && now == counts
                {
                    continue;
                }
                counts = now;
                version += 1;
                shared.publish_pages(files.clone());
                if let Some(site) = live.site() {
                    *shared.base.write().unwrap_or_else(|p| p.into_inner()) =
                        site.config.base_path.clone();
                }
                let base = shared.base.read().map(|b| b.clone()).unwrap_or_default();
                let changed = update
                    .changed
                    .iter()
                    .map(|p| {
                        if p == "*" {
                            p.clone()
                        } else {
                            format!("{base}{}", url_of(p))
                        }
                    })
                    .collect();
                shared.announce(&status_of(
                    &live.errors(),
                    counts,
                    version,
                    changed,
                    update.full,
                ));
                log_update(
                    &root_abs,
                    &paths,
                    &update,
                    &live.report_of(update.fresh.clone()),
                    counts,
                    &options,
                );
                search_due = true;
            }
        });
    }

    let url = format!("http://{address}{base}");
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {} makes the preview (drafts included, if --drafts) reachable from other machines",
            options.bind
        );
    }
    if !options.quiet {
        eprintln!("Serving at {url} (Ctrl-C to stop). Watching content/, themes/ and book.toml.");
    }
    // Tests and scripts read the address from this line on stdout.
    println!("Listening on http://{address}/");
    let _ = std::io::stdout().flush();
    if options.open {
        if let Err(e) = opener::open(&url) {
            eprintln!("warning: cannot open a browser: {e}");
        }
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let result = runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| format!("cannot listen: {e}"))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| format!("cannot listen: {e}"))?;
        let app = axum::Router::new().fallback(handle).with_state(shared);
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| format!("server error: {e}"))
    });
    if !options.quiet {
        eprintln!("Stopped.");
    }
    result
}

/// Watches `content/` and `themes/` (recursively) if they exist and are not
/// watched yet: a theme folder created while serving is picked up.
fn watch_folders(
    watcher: &mut notify::RecommendedWatcher,
    root: &Path,
    watched: &mut Vec<PathBuf>,
) -> Result<(), String> {
    for name in [crate::config::CONTENT_DIR, "themes"] {
        let path = root.join(name);
        if path.is_dir() && !watched.contains(&path) {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
            watched.push(path);
        } else if !path.is_dir() {
            // Gone (or never there): watch it again when it comes back.
            watched.retain(|p| p != &path);
        }
    }
    Ok(())
}

/// Binds the listening socket: the given port, or 8000 and the next free one.
fn bind(options: &ServeOptions) -> Result<std::net::TcpListener, String> {
    let ports: Vec<u16> = match options.port {
        Some(port) => vec![port],
        None => (8000..8010).collect(),
    };
    let mut last = None;
    for port in ports {
        match std::net::TcpListener::bind(SocketAddr::new(options.bind, port)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some((port, e)),
        }
    }
    match last {
        Some((port, e)) if e.kind() == std::io::ErrorKind::AddrInUse => Err(format!(
            "port {port} is already in use on {}: choose another with --port N (or --port 0 for any free port)",
            options.bind
        )),
        Some((port, e)) => Err(format!("cannot listen on {}:{port}: {e}", options.bind)),
        None => Err("no port to listen on".into()),
    }
}

/// The status for the tabs: `errors` is the report of current errors (the
/// overlay shows them; warnings, maybe thousands while content is being
/// imported, stay in the terminal), `counts` the numbers of both.
fn status_of(
    errors: &Report,
    counts: (usize, usize),
    version: u64,
    changed: Vec<String>,
    full: bool,
) -> Status {
    let mut text = NoColor::new(Vec::new());
    if errors.has_errors() {
        let _ = diagnostic::render_human(errors, &mut text);
    }
    Status {
        version,
        errors: counts.0,
        warnings: counts.1,
        text: String::from_utf8_lossy(&text.into_inner()).into_owned(),
        changed,
        full,
    }
}

fn print_report(report: &Report, options: &ServeOptions) {
    if report.sorted().is_empty() {
        return;
    }
    let mut stream = StandardStream::stderr(options.color);
    let report = if options.quiet {
        report.errors_only()
    } else {
        report.clone()
    };
    if let Err(e) = diagnostic::render_human(&report, &mut stream) {
        eprintln!("error: cannot print diagnostics: {e}");
    }
}

fn log_update(
    root: &Path,
    paths: &[PathBuf],
    update: &Update,
    fresh: &Report,
    (errors, _warnings): (usize, usize),
    options: &ServeOptions,
) {
    print_report(fresh, options);
    if options.quiet {
        return;
    }
    // Name the file that was saved, not an editor's temporary files.
    let real: Vec<&PathBuf> = paths
        .iter()
        .filter(|p| root.join(p).is_file() || p.extension().is_some_and(|e| e == "md"))
        .collect();
    let what = match real.as_slice() {
        [one] => one.display().to_string(),
        [] => "a file".to_string(),
        many => format!("{} files", many.len()),
    };
    let ms = update.elapsed.as_secs_f64() * 1000.0;
    if update.full {
        eprintln!("{what} changed: rebuilt the whole site in {ms:.0} ms");
    } else if update.rendered > 0 {
        eprintln!(
            "{what} changed: re-rendered {} page(s), {} updated, in {ms:.1} ms",
            update.rendered,
            update.changed.len()
        );
    }
    if errors > 0 {
        eprintln!("{errors} error(s): the browser shows them until you fix them.");
    }
}

/// Builds the search indexes (one per language) whenever new input
/// arrives (skipping inputs that a newer one replaced while it was busy)
/// and publishes their files.
fn search_thread(rx: mpsc::Receiver<Vec<crate::index::LiveJob>>, shared: Arc<Shared>) {
    // The first indexes may use every core; later ones get one thread, so
    // they never take the cores pages are re-rendered on.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
    let mut first = true;
    while let Ok(mut jobs) = rx.recv() {
        while let Ok(newer) = rx.try_recv() {
            jobs = newer;
        }
        let mut files = BTreeMap::new();
        let mut failed = false;
        for (n, job) in jobs.into_iter().enumerate() {
            let manifest =
                crate::index::manifest_path((n > 0).then_some(job.input.language.as_str()));
            let build = || {
                crate::index::build(
                    &job.input.options(),
                    &helpbook_search::writer::Runs::of(&job.input.documents),
                    job.locations.clone(),
                    &job.base_url,
                    &manifest,
                    crate::write::Sink::Memory,
                )
            };
            let built = match &pool {
                Some(pool) if !first => pool.install(build),
                _ => build(),
            };
            match built {
                Ok(output) => {
                    files.extend(output.files.into_iter().map(|(k, v)| (k, Arc::from(v))))
                }
                Err(e) => {
                    eprintln!("error: the search index could not be built: {e}");
                    failed = true;
                }
            }
        }
        first = false;
        if !failed {
            shared.publish_search(files);
        }
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
        return events(shared).into_response();
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
    let base = shared
        .base
        .read()
        .map(|b| b.clone())
        .unwrap_or_else(|_| "/".into());
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
    if let Some(bytes) = lookup(&snapshot, &key) {
        let bytes = if key.ends_with(".html") {
            inject(&bytes)
        } else {
            bytes.to_vec()
        };
        return respond(&method, &headers, StatusCode::OK, &key, bytes);
    }
    if let Some(source) = snapshot.pages.copies.get(&key) {
        return match tokio::fs::read(source).await {
            Ok(bytes) => respond(&method, &headers, StatusCode::OK, &key, bytes),
            Err(_) => not_found(&method, &headers, &snapshot),
        };
    }
    // `/a/b` for the folder page `/a/b/`, as static hosts do.
    if !key.ends_with(".html") && lookup(&snapshot, &format!("{key}/index.html")).is_some() {
        return redirect(&format!("{path}/"));
    }
    not_found(&method, &headers, &snapshot)
}

fn lookup(snapshot: &Snapshot, key: &str) -> Option<Arc<[u8]>> {
    snapshot
        .search
        .get(key)
        .or_else(|| snapshot.pages.files.get(key))
        .cloned()
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
fn events(shared: Arc<Shared>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let first = shared.status.read().map(|s| s.clone()).unwrap_or_default();
    let rx = shared.events.subscribe();
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
