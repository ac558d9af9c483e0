//! `helpbook serve`, end to end over real sockets: each test starts the
//! binary (`serve --port 0`) on its own temporary copy of
//! `tests/fixtures/trees`, reads the address from the one line it prints on
//! stdout, and talks HTTP/1.1 to it with a small client written here (raw
//! `TcpStream`s, so request targets go out exactly as written).
//!
//! Covered:
//! - serving: pages (`text/html; charset=utf-8`, the live-reload script
//!   injected before `</body>`), `/__helpbook/live.js`, statics, the site's
//!   404 page, `/a/b` → 301 `/a/b/`, ETag / `If-None-Match` → 304,
//!   `Cache-Control: no-cache`, HEAD (same headers, empty body), POST → 405;
//! - the search module's brotli copy, sent with `Content-Encoding: br` when
//!   `Accept-Encoding` allows it (weights, `*`), the module otherwise, both
//!   with `Vary: Accept-Encoding`; the copy decodes to the module;
//! - the search index built in the background (`/search/live/hot.bin`, the
//!   wasm module as `application/wasm`); a request for it made before it is
//!   built waits for it instead of getting a 404;
//! - path safety: `..`, percent-encoded dots and slashes, backslashes, NUL,
//!   absolute-form and `//` targets never reach a file outside the site, and
//!   sources (`book.toml`, `content/…`) are never served;
//! - the event stream (`/__helpbook/events`): the current status first, then
//!   one message per rebuild with the changed URLs and the errors;
//! - live rebuilds: a body edit (incremental: only that page), a title edit
//!   (the category page too), errors (bad front matter, a broken link, a dead
//!   end in a troubleshooter) shown with file:line while the last good pages
//!   stay served, then fixed; a new article (full rebuild) and its deletion;
//!   a save by write-to-temp + rename (stays incremental);
//! - that incremental rebuilds produce exactly what a fresh server builds
//!   from the same files (pages and error reports);
//! - requests during a burst of saves: always a whole page, old or new;
//! - stalled clients (no request, or half its headers) are disconnected
//!   after the header timeout, while an event stream stays open;
//! - start-up problems: the port is taken, not a help center.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::{build_to, copy_tree, fixture_path, list_files};
use serde_json::Value;

/// How long anything the tests wait for may take (a rebuild, a file of the
/// search index, a message).
const TIMEOUT: Duration = Duration::from_secs(10);
/// How often a condition is polled.
const POLL: Duration = Duration::from_millis(50);
/// The server must print its address within this time.
const START_TIMEOUT: Duration = Duration::from_secs(30);

const GUIDE: &str = "content/help/guide.md";
const FIX_SYNC: &str = "content/help/fix-sync.md";
const ROUTER: &str = "content/help/router.md";
const LIVE_SCRIPT: &str = "<script src=\"/__helpbook/live.js\"></script>";

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

/// A running `helpbook serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    /// Everything the server wrote to stderr so far.
    log: Arc<Mutex<String>>,
    /// The help center it serves.
    root: PathBuf,
    /// Keeps the temporary copy alive as long as the server.
    _dir: Option<tempfile::TempDir>,
}

impl Server {
    /// A server on a fresh temporary copy of `tests/fixtures/trees`.
    fn start() -> Server {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().join("site");
        copy_tree(&fixture_path("trees"), &root);
        let mut server = Server::start_at(&root);
        server._dir = Some(dir);
        server
    }

    /// A server on the help center at `root` (owned by the caller).
    fn start_at(root: &Path) -> Server {
        Server::start_in(root, Path::new(env!("CARGO_MANIFEST_DIR")))
    }

    /// A server on the help center at `root`, run from the folder `cwd`.
    fn start_in(root: &Path, cwd: &Path) -> Server {
        let mut child = spawn_serve(root, cwd, &["--port", "0"]);
        let log = drain_stderr(&mut child);
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            // Keep reading so the server never blocks on a full pipe.
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let mut server = Server {
            child,
            port: 0,
            log,
            root: root.to_path_buf(),
            _dir: None,
        };
        let line = rx.recv_timeout(START_TIMEOUT).unwrap_or_else(|_| {
            panic!(
                "`helpbook serve` printed no address within {START_TIMEOUT:?}{}",
                server.stderr()
            )
        });
        server.port = line
            .strip_prefix("Serving at http://127.0.0.1:")
            .and_then(|rest| rest.split_once('/'))
            .and_then(|(port, _)| port.parse().ok())
            .unwrap_or_else(|| {
                panic!(
                    "the first line on stdout is not `Serving at http://127.0.0.1:PORT/…`: {line:?}{}",
                    server.stderr()
                )
            });
        server
    }

    /// The server's stderr so far, formatted for assertion messages.
    fn stderr(&self) -> String {
        format!(
            "\n--- server stderr ---\n{}--- end of stderr ---",
            self.log.lock().unwrap()
        )
    }

    /// The raw stderr so far.
    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).unwrap_or_else(|e| panic!("read {relative}: {e}"))
    }

    fn write(&self, relative: &str, text: &str) {
        fs::write(self.path(relative), text).unwrap_or_else(|e| panic!("write {relative}: {e}"));
    }

    /// A request with `Connection: close`, read to its end.
    fn request(&self, method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
        let mut head = format!(
            "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n",
            self.port
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if method == "POST" {
            head.push_str("Content-Length: 0\r\n");
        }
        head.push_str("\r\n");
        self.raw(head.as_bytes())
    }

    fn get(&self, target: &str) -> Reply {
        self.request("GET", target, &[])
    }

    /// Sends `bytes` as they are and reads the reply until the server closes.
    fn raw(&self, bytes: &[u8]) -> Reply {
        let mut stream = self.connect();
        stream
            .write_all(bytes)
            .unwrap_or_else(|e| panic!("send a request: {e}{}", self.stderr()));
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap_or_else(|e| {
            panic!(
                "read the reply to {:?}: {e}{}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(200)]),
                self.stderr()
            )
        });
        Reply::parse(&raw).unwrap_or_else(|| {
            panic!(
                "not an HTTP reply to {:?}: {:?}{}",
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&raw),
                self.stderr()
            )
        })
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port))
            .unwrap_or_else(|e| panic!("connect to port {}: {e}{}", self.port, self.stderr()));
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(TIMEOUT)).unwrap();
        stream
    }

    /// Opens the event stream (and checks its headers).
    fn events(&self) -> Events {
        let mut stream = self.connect();
        write!(
            stream,
            "GET /__helpbook/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            let n = reader.read_line(&mut line).unwrap_or_else(|e| {
                panic!("read the event stream's headers: {e}{}", self.stderr())
            });
            if n == 0 || line == "\r\n" {
                break;
            }
            head.push(line.trim_end().to_string());
        }
        assert!(
            head.first().is_some_and(|l| l.starts_with("HTTP/1.1 200")),
            "the event stream answered {head:?}{}",
            self.stderr()
        );
        let header = |name: &str| {
            head.iter().find_map(|l| {
                let (n, v) = l.split_once(':')?;
                n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
            })
        };
        assert_eq!(
            header("content-type").as_deref(),
            Some("text/event-stream"),
            "the event stream's type; headers: {head:?}"
        );
        let chunked = header("transfer-encoding").is_some_and(|v| v.contains("chunked"));
        // No timeout in the reading thread: it ends when the stream is shut
        // down (`Events` dropped) or the server exits.
        stream.set_read_timeout(None).unwrap();
        let (tx, rx) = mpsc::channel();
        let closed = Arc::new(AtomicBool::new(false));
        let flag = closed.clone();
        thread::spawn(move || {
            read_events(reader, chunked, &tx);
            flag.store(true, Ordering::SeqCst);
        });
        Events {
            stream,
            rx,
            seen: Vec::new(),
            closed,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `helpbook --root ROOT serve ARGS…` in the folder `cwd`, stdout and
/// stderr piped.
fn spawn_serve(root: &Path, cwd: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1780000000")
        .arg("--root")
        .arg(root)
        .arg("serve")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("`helpbook serve` starts")
}

/// Collects the child's stderr, line by line, on a thread.
fn drain_stderr(child: &mut Child) -> Arc<Mutex<String>> {
    let log = Arc::new(Mutex::new(String::new()));
    let pipe = child.stderr.take().expect("stderr is piped");
    let sink = log.clone();
    thread::spawn(move || {
        let mut reader = BufReader::new(pipe);
        let mut line = Vec::new();
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => sink
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&line)),
            }
        }
    });
    log
}

/// Polls `check` every [`POLL`] until it gives a value, for at most
/// [`TIMEOUT`]; panics saying what it waited for.
fn wait_for<T>(server: &Server, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(value) = check() {
            return value;
        }
        if Instant::now() > deadline {
            panic!("waited {TIMEOUT:?} for {what}{}", server.stderr());
        }
        thread::sleep(POLL);
    }
}

/// Waits until `target` answers 200 with a body containing `text`.
fn wait_for_text(server: &Server, target: &str, text: &str) -> Reply {
    let mut last = None;
    let found = {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let reply = server.get(target);
            if reply.status == 200 && reply.text().contains(text) {
                break Some(reply);
            }
            last = Some(reply);
            if Instant::now() > deadline {
                break None;
            }
            thread::sleep(POLL);
        }
    };
    found.unwrap_or_else(|| {
        let last = last.unwrap();
        panic!(
            "waited {TIMEOUT:?} for {target} to show {text:?}; last reply: {} {}{}",
            last.status,
            excerpt(&last.text()),
            server.stderr()
        )
    })
}

fn excerpt(text: &str) -> String {
    let text: String = text.chars().take(600).collect();
    format!("{text:?}")
}

// ---------------------------------------------------------------------------
// HTTP replies
// ---------------------------------------------------------------------------

/// One HTTP reply.
#[derive(Debug)]
struct Reply {
    status: u16,
    /// Names in lower case, in order.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn parse(raw: &[u8]) -> Option<Reply> {
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = std::str::from_utf8(&raw[..end]).ok()?;
        let mut lines = head.split("\r\n");
        let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| {
                let (n, v) = l.split_once(':')?;
                Some((n.trim().to_ascii_lowercase(), v.trim().to_string()))
            })
            .collect();
        let mut body = raw[end + 4..].to_vec();
        if headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
        {
            body = dechunk(&body)?;
        }
        Some(Reply {
            status,
            headers,
            body,
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The body of a complete chunked message.
fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&raw[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

// ---------------------------------------------------------------------------
// Server-Sent Events
// ---------------------------------------------------------------------------

/// An open `/__helpbook/events` stream.
struct Events {
    stream: TcpStream,
    rx: mpsc::Receiver<Value>,
    /// Every message received so far.
    seen: Vec<Value>,
    closed: Arc<AtomicBool>,
}

impl Events {
    /// The next message matching `want` (earlier ones are kept in `seen`).
    fn wait(&mut self, server: &Server, what: &str, want: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(message) => {
                    self.seen.push(message.clone());
                    if want(&message) {
                        return message;
                    }
                }
                Err(_) => panic!(
                    "waited {TIMEOUT:?} for an event: {what}; stream closed: {}; messages so far:\n{}{}",
                    self.closed.load(Ordering::SeqCst),
                    self.seen
                        .iter()
                        .map(|m| format!("  {m}\n"))
                        .collect::<String>(),
                    server.stderr()
                ),
            }
        }
    }

    /// The first message after connecting: the current status.
    fn first(&mut self, server: &Server) -> Value {
        self.wait(server, "the current status", |_| true)
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

/// Reads the event stream, sending each `data:` payload as JSON.
fn read_events(mut reader: BufReader<TcpStream>, chunked: bool, tx: &mpsc::Sender<Value>) {
    let mut text = String::new();
    loop {
        let mut bytes = Vec::new();
        if chunked {
            let mut size_line = String::new();
            match reader.read_line(&mut size_line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let Ok(size) =
                usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16)
            else {
                return;
            };
            if size == 0 {
                return;
            }
            bytes.resize(size + 2, 0);
            if reader.read_exact(&mut bytes).is_err() {
                return;
            }
            bytes.truncate(size);
        } else {
            let mut buf = [0; 4096];
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => bytes.extend_from_slice(&buf[..n]),
            }
        }
        text.push_str(&String::from_utf8_lossy(&bytes));
        let normalised = text.replace("\r\n", "\n");
        text = normalised;
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            let data: Vec<&str> = block
                .lines()
                .filter_map(|l| l.strip_prefix("data:"))
                .map(|d| d.strip_prefix(' ').unwrap_or(d))
                .collect();
            if data.is_empty() {
                continue; // a keep-alive comment
            }
            let json = data.join("\n");
            let value = serde_json::from_str(&json)
                .unwrap_or_else(|e| Value::String(format!("NOT JSON ({e}): {json}")));
            if tx.send(value).is_err() {
                return;
            }
        }
    }
}

/// The `changed` list of a status message.
fn changed(message: &Value) -> Vec<&str> {
    message["changed"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Whether the event reports a rebuild of the whole site.
fn full(message: &Value) -> bool {
    message["full"].as_bool() == Some(true)
}

fn errors(message: &Value) -> u64 {
    message["errors"].as_u64().unwrap_or(u64::MAX)
}

fn version(message: &Value) -> u64 {
    message["version"].as_u64().unwrap_or(0)
}

/// `guide.md` with `extra` appended as a paragraph.
fn guide_with(original: &str, extra: &str) -> String {
    format!("{original}\n{extra}\n")
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is not in {text:?}"))
        + 1
}

// ---------------------------------------------------------------------------
// Serving
// ---------------------------------------------------------------------------

#[test]
fn serves_pages_statics_and_the_live_script() {
    let server = Server::start();

    let home = server.get("/");
    assert_eq!(home.status, 200, "GET /{}", server.stderr());
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = home.text();
    assert!(
        html.contains("<title>Tree Fixture</title>"),
        "the home page: {}",
        excerpt(&html)
    );
    assert_eq!(
        html.matches(LIVE_SCRIPT).count(),
        1,
        "the live-reload script is injected once"
    );
    assert!(
        html.contains(&format!("{LIVE_SCRIPT}\n</body>")),
        "the live-reload script comes right before </body>: {}",
        &html[html.len().saturating_sub(300)..]
    );
    assert_eq!(
        home.header("content-length"),
        Some(home.body.len().to_string().as_str())
    );

    let script = server.get("/__helpbook/live.js");
    assert_eq!(script.status, 200);
    assert!(
        script
            .header("content-type")
            .is_some_and(|t| t.contains("javascript")),
        "live.js type: {:?}",
        script.header("content-type")
    );
    assert!(script
        .text()
        .contains("new EventSource(\"/__helpbook/events\")"));
    assert!(
        !script.text().contains(LIVE_SCRIPT),
        "only HTML gets the script"
    );

    // The stylesheet, by the URL the page uses (with its `?v=` stamp).
    let css_url = html
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|u| u.starts_with("/static/helpbook.css?v="))
        .unwrap_or_else(|| panic!("no stylesheet link in {}", excerpt(&html)));
    let css = server.get(css_url);
    assert_eq!(css.status, 200, "GET {css_url}");
    assert!(
        css.header("content-type")
            .is_some_and(|t| t.starts_with("text/css")),
        "{css_url}: {:?}",
        css.header("content-type")
    );
    assert!(!css.body.is_empty());

    // Every page of the site, each with the script.
    for page in [
        "/help/",
        "/help/guide/",
        "/help/router/",
        "/help/fix-sync/restart/",
        "/contact/",
    ] {
        let reply = server.get(page);
        assert_eq!(reply.status, 200, "GET {page}{}", server.stderr());
        assert!(reply.text().contains(LIVE_SCRIPT), "{page} has the script");
    }
    assert!(server
        .get("/help/guide/")
        .text()
        .contains("Codes expire after 10 minutes"));

    // Missing: the site's 404 page.
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        missing.text().contains("Page not found"),
        "the site's 404 page: {}",
        excerpt(&missing.text())
    );
    assert!(missing.text().contains(LIVE_SCRIPT));
    assert_eq!(server.get("/nope.css").body, missing.body);

    // Folder pages without the slash.
    let redirect = server.get("/help/guide");
    assert_eq!(redirect.status, 301, "GET /help/guide");
    assert_eq!(redirect.header("location"), Some("/help/guide/"));

    // Other methods.
    for method in ["POST", "PUT", "DELETE"] {
        let reply = server.request(method, "/", &[]);
        assert_eq!(reply.status, 405, "{method} /");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"), "{method} /");
    }
}

#[test]
fn etags_conditional_requests_and_head() {
    let server = Server::start();
    for target in ["/", "/help/guide/", "/__helpbook/live.js", "/no/such/page/"] {
        let full = server.get(target);
        let etag = full
            .header("etag")
            .unwrap_or_else(|| panic!("GET {target}: no ETag in {:?}", full.headers))
            .to_string();
        assert_eq!(
            full.header("cache-control"),
            Some("no-cache"),
            "GET {target}"
        );

        // HEAD: the same headers, no body.
        let head = server.request("HEAD", target, &[]);
        assert_eq!(head.status, full.status, "HEAD {target}");
        assert!(head.body.is_empty(), "HEAD {target} has a body");
        for name in ["content-type", "content-length", "etag", "cache-control"] {
            assert_eq!(
                head.header(name),
                full.header(name),
                "HEAD {target}: header {name}"
            );
        }
        assert_eq!(
            head.header("content-length"),
            Some(full.body.len().to_string().as_str()),
            "HEAD {target}: Content-Length is the GET body's length"
        );

        if full.status != 200 {
            continue;
        }
        // If-None-Match: the same ETag → 304, another one → 200.
        let cached = server.request("GET", target, &[("If-None-Match", &etag)]);
        assert_eq!(cached.status, 304, "GET {target} with If-None-Match {etag}");
        assert!(cached.body.is_empty(), "a 304 has no body");
        assert_eq!(cached.header("etag"), Some(etag.as_str()));
        assert_eq!(cached.header("cache-control"), Some("no-cache"));
        let listed = format!("\"other\", {etag}");
        assert_eq!(
            server
                .request("GET", target, &[("If-None-Match", &listed)])
                .status,
            304,
            "GET {target} with If-None-Match {listed}"
        );
        let stale = server.request("GET", target, &[("If-None-Match", "\"stale-1\"")]);
        assert_eq!(stale.status, 200, "GET {target} with a stale ETag");
        assert_eq!(stale.body, full.body);
        let head_cached = server.request("HEAD", target, &[("If-None-Match", &etag)]);
        assert_eq!(head_cached.status, 304, "HEAD {target} with If-None-Match");
    }
}

/// A redirect that a browser keeps forever would outlive the preview's
/// content: the live server's redirects must be revalidated like its pages.
#[test]
fn redirects_are_not_cached() {
    let server = Server::start();
    let redirect = server.get("/help/guide");
    assert_eq!(redirect.status, 301);
    assert_eq!(
        redirect.header("cache-control"),
        Some("no-cache"),
        "a 301 without Cache-Control is cached by browsers indefinitely; headers: {:?}",
        redirect.headers
    );
}

#[test]
fn search_index_is_built_in_the_background() {
    let server = Server::start();
    let hot = wait_for(&server, "/search/live/hot.bin", || {
        let reply = server.get("/search/live/hot.bin");
        (reply.status == 200).then_some(reply)
    });
    assert!(!hot.body.is_empty(), "hot.bin is empty");
    assert_eq!(hot.header("content-type"), Some("application/octet-stream"));

    let home = server.get("/").text();
    let wasm_url = home
        .split("data-search-wasm=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("no data-search-wasm on <body>: {}", excerpt(&home)));
    assert!(
        wasm_url.starts_with("/search/helpbook-search.") && wasm_url.ends_with(".wasm"),
        "{wasm_url}"
    );
    let wasm = server.get(wasm_url);
    assert_eq!(wasm.status, 200, "GET {wasm_url}{}", server.stderr());
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert!(
        wasm.body.starts_with(b"\0asm"),
        "{wasm_url} is not a wasm module"
    );
    let worker_url = home
        .split("data-search-worker=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("data-search-worker on <body>");
    let worker = server.get(worker_url);
    assert_eq!(worker.status, 200, "GET {worker_url}");
    assert!(worker
        .header("content-type")
        .is_some_and(|t| t.contains("javascript")));
}

/// A help center big enough that its search index takes a while to build
/// after the pages are served (a page's search asks for the index as soon
/// as it loads): `articles` articles of a few paragraphs.
fn write_big_help_center(root: &Path, articles: usize) {
    fs::create_dir_all(root.join("content/help")).expect("content folder");
    fs::write(root.join("book.toml"), "[book]\ntitle = \"Big\"\n").expect("book.toml");
    fs::write(
        root.join("content/help/_index.md"),
        "+++\ntitle = \"Help\"\n+++\n",
    )
    .expect("_index.md");
    let words = [
        "password", "account", "sign", "code", "email", "phone", "recover", "hacked", "message",
        "privacy", "block", "report", "appeal", "removed", "business", "payout", "verify", "login",
    ];
    for n in 0..articles {
        let mut body = format!(
            "+++\ntitle = \"Article {n} about {}\"\n+++\n\n",
            words[n % words.len()]
        );
        for section in 0..4 {
            body.push_str(&format!("## Part {section}\n\n"));
            for sentence in 0..8 {
                let w = |k: usize| words[(n * 7 + section * 5 + sentence * 3 + k) % words.len()];
                body.push_str(&format!(
                    "Check the {} and the {} before the {} step {sentence}. ",
                    w(0),
                    w(1),
                    w(2)
                ));
            }
            body.push_str("\n\n");
        }
        fs::write(root.join(format!("content/help/article-{n}.md")), body).expect("article");
    }
}

#[test]
fn a_request_for_the_search_index_before_it_is_built_waits_for_it() {
    // Before the fix, the page's search asked for `hot.bin` while the index
    // was still being built, got a 404 and told the reader "Search isn't
    // available right now" until a reload.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("site");
    write_big_help_center(&root, 3000);
    let server = Server::start_at(&root);
    let asked = Instant::now();
    let hot = server.get("/search/live/hot.bin");
    assert_eq!(
        hot.status,
        200,
        "GET /search/live/hot.bin right after the server started ({:?}){}",
        asked.elapsed(),
        server.stderr()
    );
    assert!(!hot.body.is_empty(), "hot.bin is empty");
    // A file that is not in the index is still a 404 once it is built.
    assert_eq!(server.get("/search/live/no-such-file.bin").status, 404);
}

#[test]
fn search_module_is_sent_brotli_compressed_when_accepted() {
    let server = Server::start();
    let home = wait_for(&server, "data-search-wasm", || {
        let home = server.get("/").text();
        home.contains("data-search-wasm=\"").then_some(home)
    });
    let wasm_url = home
        .split("data-search-wasm=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("data-search-wasm on <body>")
        .to_string();
    wait_for(&server, &wasm_url, || {
        (server.get(&wasm_url).status == 200).then_some(())
    });

    // No Accept-Encoding: the module as it is, but caches are told that
    // the answer depends on the header.
    let plain = server.get(&wasm_url);
    assert_eq!(plain.status, 200);
    assert!(
        plain.body.starts_with(b"\0asm"),
        "{wasm_url} is not a module"
    );
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.header("vary"), Some("accept-encoding"));

    let br = server.request(
        "GET",
        &wasm_url,
        &[("Accept-Encoding", "gzip, deflate, br")],
    );
    assert_eq!(br.status, 200);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.header("content-type"), Some("application/wasm"));
    assert_eq!(br.header("vary"), Some("accept-encoding"));
    let length = br.body.len().to_string();
    assert_eq!(br.header("content-length"), Some(length.as_str()));
    assert!(
        br.body.len() * 10 < plain.body.len() * 9,
        "the brotli copy ({} bytes) is not smaller than the module ({} bytes)",
        br.body.len(),
        plain.body.len()
    );
    // The copy is the very module (a stale `.br` beside a rebuilt module fails here).
    let mut decoded = Vec::new();
    brotli_decompressor::BrotliDecompress(&mut br.body.as_slice(), &mut decoded)
        .expect("the brotli copy decodes");
    assert!(decoded == plain.body, "the brotli copy is not the module");
    assert_ne!(br.header("etag"), plain.header("etag"));

    // HEAD: the same headers, no body; If-None-Match per representation.
    let head = server.request("HEAD", &wasm_url, &[("Accept-Encoding", "br")]);
    assert_eq!(head.header("content-encoding"), Some("br"));
    assert_eq!(head.header("content-length"), Some(length.as_str()));
    assert!(head.body.is_empty());
    let etag = br.header("etag").expect("an ETag");
    let again = server.request(
        "GET",
        &wasm_url,
        &[("Accept-Encoding", "br"), ("If-None-Match", etag)],
    );
    assert_eq!(again.status, 304);

    // Weights: br refused by name, accepted through `*`, or not named at all.
    for (accept, expect_br) in [
        ("gzip, br;q=0", false),
        ("br;q=0, *", false),
        ("gzip", false),
        ("identity", false),
        ("*", true),
        ("gzip;q=1.0, BR;q=0.5", true),
    ] {
        let reply = server.request("GET", &wasm_url, &[("Accept-Encoding", accept)]);
        assert_eq!(
            reply.header("content-encoding") == Some("br"),
            expect_br,
            "Accept-Encoding: {accept}"
        );
        assert_eq!(reply.header("vary"), Some("accept-encoding"), "{accept}");
    }

    // Files without a brotli copy are sent as they are, with no Vary.
    let worker_url = home
        .split("data-search-worker=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("data-search-worker on <body>");
    let worker = server.request("GET", worker_url, &[("Accept-Encoding", "br")]);
    assert_eq!(worker.status, 200);
    assert_eq!(worker.header("content-encoding"), None);
    assert_eq!(worker.header("vary"), None);
    let page = server.request("GET", "/", &[("Accept-Encoding", "br")]);
    assert_eq!(page.header("content-encoding"), None);

    // The live index's hot bundle has its brotli copy too, the same bundle.
    let hot_url = "/search/live/hot.bin";
    wait_for(&server, hot_url, || {
        (server.get(hot_url).status == 200).then_some(())
    });
    let hot = server.get(hot_url);
    let hot_br = server.request("GET", hot_url, &[("Accept-Encoding", "br")]);
    assert_eq!(hot_br.header("content-encoding"), Some("br"), "{hot_url}");
    let mut decoded = Vec::new();
    brotli_decompressor::BrotliDecompress(&mut hot_br.body.as_slice(), &mut decoded)
        .expect("the hot bundle's brotli copy decodes");
    assert!(
        decoded == helpbook_search::writer::gunzip(&hot.body).unwrap(),
        "the brotli copy is not the hot bundle"
    );
}

// ---------------------------------------------------------------------------
// Path safety
// ---------------------------------------------------------------------------

#[test]
fn request_paths_never_leave_the_site() {
    // A file next to the help center that no request may reach.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture_path("trees"), &root);
    fs::write(dir.path().join("secret.txt"), "TOP-SECRET-0xC0FFEE\n").unwrap();
    // An image next to the articles: served from its file on disk.
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>\n";
    fs::write(root.join("content/help/diagram.svg"), svg).unwrap();
    let server = Server::start_at(&root);

    // What must never come back: the outside file, the config, sources.
    let forbidden = [
        "TOP-SECRET-0xC0FFEE",
        "request-channel",
        "[where to look](@/help/router.md#where)",
        "kind = \"troubleshooter\"",
        "root:x:0:0",
    ];
    let port = server.port;
    let targets = [
        "/../secret.txt",
        "/../site/book.toml",
        "/help/../../secret.txt",
        "/static/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/help/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/.%2e/secret.txt",
        "/%2e%2e%2fsite%2fbook.toml",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "/..\\secret.txt",
        "/help\\..\\..\\secret.txt",
        "/book.toml%00.html",
        "/%00",
        "/./book.toml",
        "/book.toml",
        "/content/help/guide.md",
        "/help/guide.md",
        "/content/help/fix-sync.md",
        "/help/fix-sync.md",
        "//book.toml",
        "//etc/passwd",
        "//../secret.txt",
        "/%2f%2fbook.toml",
        "/%c0%ae%c0%ae/secret.txt",
        "/%ff",
        "/help/guide/%2e%2e/%2e%2e/book.toml",
        "/help/diagram.svg/../../book.toml",
        "/help/diagram.svg/..%2f..%2f..%2fsecret.txt",
        "/help/..%2fdiagram.svg",
    ];
    let absolute = [
        format!("http://127.0.0.1:{port}/../secret.txt"),
        format!("http://127.0.0.1:{port}/%2e%2e/secret.txt"),
        format!("http://127.0.0.1:{port}/book.toml"),
        "http://example.com/../../secret.txt".to_string(),
        "file:///etc/passwd".to_string(),
    ];
    let mut failures = Vec::new();
    for target in targets.iter().map(|t| t.to_string()).chain(absolute) {
        let request =
            format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
        let mut stream = server.connect();
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        // A server may also just close the connection on a malformed request.
        let _ = stream.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw);
        let status = text
            .lines()
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .unwrap_or("(no reply)")
            .to_string();
        if !raw.is_empty() && status != "400" && status != "404" {
            failures.push(format!("{target}: status {status}"));
        }
        for secret in forbidden {
            if text.contains(secret) {
                failures.push(format!("{target}: the reply contains {secret:?}"));
            }
        }
    }
    // Sources are not pages: the content folder is never served.
    for target in ["/content/help/guide.md", "/help/guide.md", "/book.toml"] {
        let reply = server.get(target);
        if reply.status != 404 {
            failures.push(format!(
                "{target}: status {} (a source, must be 404)",
                reply.status
            ));
        }
    }
    // The server still works after all that, the image included.
    assert_eq!(
        server.get("/help/guide/").status,
        200,
        "{}",
        server.stderr()
    );
    let image = server.get("/help/diagram.svg");
    assert_eq!(
        image.status,
        200,
        "GET /help/diagram.svg{}",
        server.stderr()
    );
    assert_eq!(image.text(), svg);
    assert!(
        image
            .header("content-type")
            .is_some_and(|t| t.starts_with("image/svg+xml")),
        "{:?}",
        image.header("content-type")
    );
    // Absolute-form is valid HTTP/1.1 (proxies send it).
    let proxied = server.raw(
        format!("GET http://127.0.0.1:{port}/help/guide/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    assert_eq!(
        proxied.status, 200,
        "absolute-form request for /help/guide/"
    );
    assert!(
        failures.is_empty(),
        "unsafe replies:\n  {}{}",
        failures.join("\n  "),
        server.stderr()
    );
    assert!(!server.log().contains("panicked"), "{}", server.stderr());
}

// ---------------------------------------------------------------------------
// Events and live rebuilds
// ---------------------------------------------------------------------------

#[test]
fn event_stream_starts_with_the_current_status() {
    let server = Server::start();
    let mut events = server.events();
    let first = events.first(&server);
    assert_eq!(version(&first), 1, "{first}");
    assert_eq!(errors(&first), 0, "{first}");
    assert_eq!(first["warnings"].as_u64(), Some(0), "{first}");
    assert_eq!(first["text"].as_str(), Some(""), "{first}");
    assert_eq!(changed(&first), ["*"], "{first}");

    // A second tab gets the same status; after a rebuild, the new one.
    let mut second = server.events();
    assert_eq!(second.first(&server), first);
    let original = server.read(GUIDE);
    server.write(GUIDE, &guide_with(&original, "A second paragraph."));
    let next = events.wait(&server, "a rebuild", |m| version(m) > 1);
    assert_eq!(version(&next), 2, "{next}");
    let mut third = server.events();
    assert_eq!(
        third.first(&server),
        next,
        "a new tab gets the latest status"
    );
    drop(second);
}

#[test]
fn body_edit_rerenders_only_that_page() {
    let server = Server::start();
    let mut events = server.events();
    events.first(&server);
    let home_before = server.get("/").body;
    let category_before = server.get("/help/").body;

    let original = server.read(GUIDE);
    let edited = original.replace("Codes expire after", "Login codes quietly expire after");
    assert_ne!(edited, original);
    server.write(GUIDE, &edited);

    let message = events.wait(&server, "/help/guide/ changed", |m| {
        changed(m).contains(&"/help/guide/")
    });
    assert_eq!(errors(&message), 0, "{message}");
    assert!(
        !full(&message),
        "a body edit is not a full rebuild: {message}"
    );
    assert!(
        !changed(&message).contains(&"/help/"),
        "the category page does not show bodies: {message}"
    );
    let page = wait_for_text(
        &server,
        "/help/guide/",
        "Login codes quietly expire after 10 minutes",
    );
    assert!(page.text().contains(LIVE_SCRIPT));
    wait_for(&server, "the re-rendered log line", || {
        server.log().contains("re-rendered").then_some(())
    });
    let log = server.log();
    assert!(
        log.contains("content/help/guide.md changed: re-rendered"),
        "the log names the file{}",
        server.stderr()
    );
    assert!(
        !log.contains("rebuilt the whole site"),
        "a body edit must stay incremental{}",
        server.stderr()
    );
    assert_eq!(
        server.get("/").body,
        home_before,
        "the home page is unchanged"
    );
    assert_eq!(
        server.get("/help/").body,
        category_before,
        "the category page is unchanged"
    );
}

#[test]
fn title_edit_updates_the_category_page() {
    let server = Server::start();
    let mut events = server.events();
    events.first(&server);
    assert!(!server.get("/help/").text().contains("Guide to login codes"));

    let original = server.read(GUIDE);
    server.write(
        GUIDE,
        &original.replace("title = \"Guide\"", "title = \"Guide to login codes\""),
    );
    let message = events.wait(&server, "/help/ changed", |m| {
        changed(m).contains(&"/help/")
    });
    assert!(
        changed(&message).contains(&"/help/guide/"),
        "the article itself changed too: {message}"
    );
    assert!(!full(&message), "{message}");
    wait_for_text(&server, "/help/", "Guide to login codes");
    wait_for_text(&server, "/help/guide/", "<h1>Guide to login codes</h1>");
    assert!(
        !server.log().contains("rebuilt the whole site"),
        "a title edit stays incremental{}",
        server.stderr()
    );
}

#[test]
fn bad_front_matter_is_reported_and_the_last_good_page_kept() {
    let server = Server::start();
    let mut events = server.events();
    events.first(&server);
    let original = server.read(GUIDE);
    let good_page = server.get("/help/guide/");
    assert_eq!(good_page.status, 200);

    server.write(GUIDE, "+++\ntitle = \n+++\n");
    let broken = events.wait(&server, "an error", |m| errors(m) >= 1);
    let text = broken["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("content/help/guide.md:2"),
        "the error names the file and line: {broken}"
    );
    assert!(
        text.contains("front matter is not valid TOML"),
        "the error says what is wrong: {broken}"
    );
    assert!(text.contains("error"), "{broken}");
    wait_for(&server, "the error on stderr", || {
        server
            .log()
            .contains("front matter is not valid TOML")
            .then_some(())
    });

    // Still serving, the last good version of the page.
    assert_eq!(server.get("/").status, 200, "{}", server.stderr());
    let during = server.get("/help/guide/");
    assert_eq!(during.status, 200, "{}", server.stderr());
    assert_eq!(during.body, good_page.body, "the last good page is served");

    server.write(GUIDE, &guide_with(&original, "Fixed and saved again."));
    let fixed = events.wait(&server, "no errors", |m| errors(m) == 0);
    assert_eq!(fixed["text"].as_str(), Some(""), "{fixed}");
    wait_for_text(&server, "/help/guide/", "Fixed and saved again.");
    // The terminal says so too.
    wait_for(&server, "`Fixed:` on stderr", || {
        server
            .log()
            .contains(
                "Fixed: the site builds again (1 error fixed by saving content/help/guide.md)",
            )
            .then_some(())
    });
}

#[test]
fn broken_link_is_reported_with_its_line_then_fixed() {
    let server = Server::start();
    let mut events = server.events();
    events.first(&server);
    let original = server.read(GUIDE);

    let broken = guide_with(&original, "See [x](nope.md) for more.");
    let line = line_of(&broken, "nope.md");
    server.write(GUIDE, &broken);
    let message = events.wait(&server, "an error", |m| errors(m) >= 1);
    let text = message["text"].as_str().unwrap_or_default();
    assert!(
        text.contains(&format!("content/help/guide.md:{line}")),
        "the error names content/help/guide.md:{line}: {message}"
    );
    assert!(
        text.contains("link to a missing file: `nope.md`"),
        "{message}"
    );
    assert_eq!(server.get("/").status, 200);
    assert_eq!(server.get("/help/guide/").status, 200);

    server.write(
        GUIDE,
        &guide_with(&original, "See [the helper](router.md) instead."),
    );
    let fixed = events.wait(&server, "no errors", |m| errors(m) == 0);
    assert_eq!(fixed["text"].as_str(), Some(""), "{fixed}");
    let page = wait_for_text(&server, "/help/guide/", "the helper");
    assert!(
        page.text().contains("href=\"/help/router/\""),
        "the fixed link points to the page: {}",
        excerpt(&page.text())
    );
}

#[test]
fn dead_end_step_is_reported_then_fixed() {
    let server = Server::start();
    let mut events = server.events();
    events.first(&server);
    let original = server.read(FIX_SYNC);
    let good_page = server.get("/help/fix-sync/");
    assert_eq!(good_page.status, 200);

    let dead = format!(
        "{}\n## Dead {{#dead}}\n\nNothing here.\n",
        original.replace(
            "- [Never](#restart)",
            "- [Never](#restart)\n- [Give up](#dead)"
        )
    );
    let line = line_of(&dead, "## Dead");
    server.write(FIX_SYNC, &dead);
    let message = events.wait(&server, "the dead end", |m| errors(m) >= 1);
    let text = message["text"].as_str().unwrap_or_default();
    assert!(
        text.contains(&format!("content/help/fix-sync.md:{line}")),
        "the error names content/help/fix-sync.md:{line}: {message}"
    );
    assert!(text.contains("step `dead` is a dead end"), "{message}");
    // Still serving the last good site.
    assert_eq!(server.get("/").status, 200, "{}", server.stderr());
    let during = server.get("/help/fix-sync/");
    assert_eq!(during.status, 200, "{}", server.stderr());
    assert_eq!(during.body, good_page.body, "the last good page is served");

    // Fixed, leaving a step nothing leads to: a warning, which the browser
    // is told the number of but not shown (errors only).
    let unreachable = format!("{original}\n## Dead {{#dead .resolved}}\n\nNothing here.\n");
    server.write(FIX_SYNC, &unreachable);
    let fixed = events.wait(&server, "no errors", |m| errors(m) == 0);
    assert!(fixed["warnings"].as_u64() >= Some(1), "{fixed}");
    assert_eq!(
        fixed["text"].as_str(),
        Some(""),
        "warnings are not in the overlay text: {fixed}"
    );
    assert!(full(&fixed), "new steps: a full rebuild: {fixed}");
    // Even so, only the pages whose bytes changed reload.
    assert!(changed(&fixed).contains(&"/help/fix-sync/dead/"), "{fixed}");
    assert!(!changed(&fixed).contains(&"/help/guide/"), "{fixed}");
    assert!(!changed(&fixed).contains(&"*"), "{fixed}");
    wait_for(&server, "the page of the new step", || {
        (server.get("/help/fix-sync/dead/").status == 200).then_some(())
    });
    wait_for(&server, "the warning on stderr", || {
        server.log().contains("can't be reached").then_some(())
    });

    server.write(FIX_SYNC, &original);
    let clean = events.wait(&server, "no warnings", |m| {
        errors(m) == 0 && m["warnings"].as_u64() == Some(0)
    });
    assert!(full(&clean), "{clean}");
    wait_for(&server, "the removed step's page to be gone", || {
        (server.get("/help/fix-sync/dead/").status == 404).then_some(())
    });
}

#[test]
fn new_article_appears_and_deleted_article_is_gone() {
    let server = Server::start();
    let mut events = server.events();
    events.first(&server);
    let path = "content/help/new-topic.md";
    server.write(
        path,
        "+++\ntitle = \"Brand new topic\"\n+++\n\nFresh words about the new topic.\n",
    );
    let message = events.wait(&server, "a full rebuild", full);
    assert_eq!(errors(&message), 0, "{message}");
    let page = wait_for_text(
        &server,
        "/help/new-topic/",
        "Fresh words about the new topic.",
    );
    assert!(page.text().contains(LIVE_SCRIPT));
    wait_for_text(&server, "/help/", "Brand new topic");
    wait_for(&server, "the full-rebuild log line", || {
        server
            .log()
            .contains("rebuilt the whole site")
            .then_some(())
    });

    fs::remove_file(server.path(path)).unwrap();
    let version_before = version(&message);
    events.wait(&server, "another full rebuild", |m| {
        version(m) > version_before && full(m)
    });
    wait_for(&server, "/help/new-topic/ to be 404", || {
        (server.get("/help/new-topic/").status == 404).then_some(())
    });
    assert!(!server.get("/help/").text().contains("Brand new topic"));
    assert_eq!(server.get("/help/guide/").status, 200);
}

#[test]
fn save_by_rename_stays_incremental() {
    let server = Server::start();
    let mut events = server.events();
    events.first(&server);
    let original = server.read(GUIDE);

    // As `sed -i` does: a temporary file in the same folder, renamed over
    // the article.
    let temporary = server.path("content/help/sedQ1w2E3");
    fs::write(
        &temporary,
        guide_with(&original, "Saved by renaming, first time."),
    )
    .unwrap();
    fs::rename(&temporary, server.path(GUIDE)).unwrap();
    events.wait(&server, "/help/guide/ changed", |m| {
        changed(m).contains(&"/help/guide/")
    });
    wait_for_text(&server, "/help/guide/", "Saved by renaming, first time.");

    // As editors that write `name.tmp` and rename do.
    let temporary = server.path("content/help/guide.md.tmp");
    fs::write(
        &temporary,
        guide_with(&original, "Saved by renaming, second time."),
    )
    .unwrap();
    fs::rename(&temporary, server.path(GUIDE)).unwrap();
    wait_for_text(&server, "/help/guide/", "Saved by renaming, second time.");

    wait_for(&server, "two re-rendered log lines", || {
        (server.log().matches("re-rendered").count() >= 2).then_some(())
    });
    assert!(
        !server.log().contains("rebuilt the whole site"),
        "saving by rename must not rebuild the whole site{}",
        server.stderr()
    );
    assert!(
        events
            .seen
            .iter()
            .skip(1) // the status on connecting
            .all(|m| !full(m)),
        "no full rebuild announced: {:?}",
        events.seen
    );
    assert_eq!(server.get("/help/sedQ1w2E3").status, 404);
    assert_eq!(server.get("/help/guide.md.tmp").status, 404);
}

#[test]
fn config_edit_rebuilds_the_whole_site() {
    let server = Server::start();
    let mut events = server.events();
    events.first(&server);
    // Saved the way most editors do: a new file renamed over book.toml.
    let config = server
        .read("book.toml")
        .replace("title = \"Tree Fixture\"", "title = \"Renamed Fixture\"")
        .replace(
            "code-validity = \"10 minutes\"",
            "code-validity = \"15 minutes\"",
        );
    let temporary = server.path("book.toml.tmp");
    fs::write(&temporary, config).unwrap();
    fs::rename(&temporary, server.path("book.toml")).unwrap();
    let message = events.wait(&server, "a full rebuild", full);
    assert_eq!(errors(&message), 0, "{message}");
    wait_for_text(&server, "/", "<title>Renamed Fixture</title>");
    wait_for_text(&server, "/help/guide/", "Codes expire after 15 minutes");
    wait_for(&server, "the full-rebuild log line", || {
        server
            .log()
            .contains("rebuilt the whole site")
            .then_some(())
    });

    // A second save of book.toml is seen too (the watch survived the rename).
    let config = server
        .read("book.toml")
        .replace("Renamed Fixture", "Renamed Again");
    server.write("book.toml", &config);
    wait_for_text(&server, "/", "<title>Renamed Again</title>");
}

/// The terminal names the file that was saved, wherever the server was
/// started from (here: a folder that has no `book.toml` of its own).
#[test]
fn log_names_the_saved_file_whatever_the_working_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture_path("trees"), &root);
    let cwd = empty_cwd();
    let server = Server::start_in(&root, cwd.path());
    let config = server
        .read("book.toml")
        .replace("title = \"Tree Fixture\"", "title = \"Renamed Fixture\"");
    server.write("book.toml", &config);
    wait_for_text(&server, "/", "<title>Renamed Fixture</title>");
    let line = wait_for(&server, "the rebuild's log line", || {
        server
            .log()
            .lines()
            .find(|l| l.contains("rebuilt the whole site"))
            .map(str::to_string)
    });
    assert!(
        line.starts_with("book.toml changed:"),
        "the log line names book.toml: {line:?}{}",
        server.stderr()
    );
}

/// `themes/` may not exist when the preview starts: a writer who then
/// creates a theme override expects the server ("Watching content/, themes/
/// and book.toml") to follow every later save in it.
#[test]
fn theme_folder_created_while_serving_is_watched() {
    let server = Server::start();
    assert!(!server.path("themes").exists());
    let css = |marker: &str| format!("/* custom theme {marker} */\nbody {{ color: #123456; }}\n");

    let statics = server.path("themes/default/static");
    fs::create_dir_all(&statics).unwrap();
    // Give the watcher time to see the new folder, as a person would.
    thread::sleep(Duration::from_millis(300));
    fs::write(statics.join("helpbook.css"), css("one")).unwrap();
    thread::sleep(Duration::from_millis(300));
    fs::write(statics.join("helpbook.css"), css("two")).unwrap();
    wait_for_text(&server, "/static/helpbook.css", "custom theme two");
}

#[test]
fn search_index_follows_edits() {
    let server = Server::start();
    let before = wait_for(&server, "the first search index", || {
        let reply = server.get("/search/live/hot.bin");
        (reply.status == 200).then_some(reply.body)
    });
    let original = server.read(GUIDE);
    server.write(
        GUIDE,
        &guide_with(&original, "Xylophonic quasar bandwidth troubleshooting."),
    );
    wait_for_text(&server, "/help/guide/", "Xylophonic quasar");
    wait_for(&server, "a new search index", || {
        let reply = server.get("/search/live/hot.bin");
        (reply.status == 200 && reply.body != before).then_some(())
    });
    assert!(
        !server.log().contains("could not be built"),
        "{}",
        server.stderr()
    );
}

/// Every page the live server shows after incremental rebuilds is the page
/// a fresh server builds from the same files.
#[test]
fn incremental_rebuilds_match_a_fresh_build() {
    let server = Server::start();
    let mut events = server.events();
    let mut last = version(&events.first(&server));

    // 1. A new title (the guide moves to the end of its category) and a
    //    description: listings change.
    let original = server.read(GUIDE);
    server.write(
        GUIDE,
        &original.replace(
            "title = \"Guide\"",
            "title = \"Zeta guide\"\ndescription = \"All about login codes.\"",
        ),
    );
    let message = events.wait(&server, "the title change", |m| version(m) > last);
    last = version(&message);
    wait_for_text(&server, "/help/", "Zeta guide");
    assert_same_site(&server, "after a title change");

    // 2. A heading id that another article links to changes: that link is
    //    now broken.
    let renamed = server.read(GUIDE).replace("{#codes}", "{#expiry}");
    server.write(GUIDE, &renamed);
    let message = events.wait(&server, "the broken anchor", |m| {
        version(m) > last && errors(m) >= 1
    });
    last = version(&message);
    let fresh = Server::start_at(&server.root);
    let mut fresh_events = fresh.events();
    let expected = fresh_events.first(&fresh);
    assert_eq!(
        (errors(&message), message["text"].as_str()),
        (errors(&expected), expected["text"].as_str()),
        "the live server's errors after the edit (left) are a fresh build's (right)\nlive: {message}\nfresh: {expected}"
    );
    assert!(
        message["text"]
            .as_str()
            .is_some_and(|t| t.contains("content/help/router.md")),
        "the broken link is in router.md: {message}"
    );
    drop(fresh_events);
    drop(fresh);

    // 3. The link is mended from the other side.
    let router = server
        .read(ROUTER)
        .replace("guide.md#codes", "guide.md#expiry");
    server.write(ROUTER, &router);
    let message = events.wait(&server, "no errors", |m| {
        version(m) > last && errors(m) == 0
    });
    last = version(&message);
    wait_for(&server, "the mended link", || {
        let page = server.get("/help/router/code/").text();
        page.contains("/help/guide/#expiry").then_some(())
    });
    assert_same_site(&server, "after mending a link");

    // 4. A body and the weight: the order of the category changes again.
    let weighted = server
        .read(GUIDE)
        .replace(
            "title = \"Zeta guide\"",
            "title = \"Zeta guide\"\nweight = 1",
        )
        .replace("Codes expire after", "Every code expires after");
    server.write(GUIDE, &weighted);
    let message = events.wait(&server, "the weight change", |m| version(m) > last);
    last = version(&message);
    wait_for_text(&server, "/help/guide/", "Every code expires after");
    assert_same_site(&server, "after a weight change");

    // 5. Promoted to the home page, with a date; a troubleshooter renamed.
    let promoted = server.read(GUIDE).replace(
        "weight = 1",
        "weight = 1\npromoted = true\nupdated = 2026-05-01",
    );
    server.write(GUIDE, &promoted);
    let message = events.wait(&server, "the promotion", |m| version(m) > last);
    last = version(&message);
    wait_for_text(&server, "/", "Zeta guide");
    let renamed = server.read(FIX_SYNC).replace(
        "title = \"Sync is stuck\"",
        "title = \"Alpha sync problems\"",
    );
    server.write(FIX_SYNC, &renamed);
    let message = events.wait(&server, "the troubleshooter's title", |m| version(m) > last);
    last = version(&message);
    wait_for_text(&server, "/help/", "Alpha sync problems");
    assert_same_site(
        &server,
        "after a promotion and a troubleshooter's new title",
    );

    // 6. No longer promoted.
    let unpromoted = server.read(GUIDE).replace("promoted = true\n", "");
    server.write(GUIDE, &unpromoted);
    events.wait(&server, "the end of the promotion", |m| version(m) > last);
    wait_for(&server, "the home page without the guide", || {
        (!server.get("/").text().contains("Zeta guide")).then_some(())
    });
    assert_same_site(&server, "after the promotion ended");
    assert!(
        !server.log().contains("rebuilt the whole site"),
        "all these edits are incremental{}",
        server.stderr()
    );
}

/// Compares every file of the site as `server` serves it with what a new
/// server on the same files serves.
fn assert_same_site(server: &Server, when: &str) {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let build = build_to(&server.root, &dest);
    assert_eq!(build.code, Some(0), "helpbook build {when}: {build:#?}");
    let fresh = Server::start_at(&server.root);
    let mut differences = Vec::new();
    let mut compared = 0;
    for file in list_files(&dest) {
        // The search index lives elsewhere in serve mode.
        if file.starts_with("search/") && !file.ends_with(".html") {
            continue;
        }
        let target = format!("/{}", file.strip_suffix("index.html").unwrap_or(&file));
        let expected = fresh.get(&target);
        let actual = server.get(&target);
        compared += 1;
        if expected.status != actual.status {
            differences.push(format!(
                "{target}: status {} (a fresh server: {})",
                actual.status, expected.status
            ));
        } else if expected.body != actual.body {
            let (a, e) = (actual.text(), expected.text());
            let (line, (got, want)) = a
                .lines()
                .zip(e.lines())
                .enumerate()
                .find(|(_, (x, y))| x != y)
                .unwrap_or((0, ("(length differs)", "")));
            differences.push(format!(
                "{target}: line {}: live {:?}, fresh {:?}",
                line + 1,
                got.trim(),
                want.trim()
            ));
        }
    }
    assert!(compared > 10, "only {compared} files compared");
    assert!(
        differences.is_empty(),
        "{when}, the live server differs from a fresh build:\n  {}{}",
        differences.join("\n  "),
        server.stderr()
    );
}

#[test]
fn requests_during_saves_get_whole_pages() {
    let server = Server::start();
    let original = server.read(GUIDE);
    let versions = [
        guide_with(&original, "Version marker ALPHA-ONE."),
        guide_with(&original, "Version marker BRAVO-TWO."),
    ];
    let markers = ["ALPHA-ONE", "BRAVO-TWO"];
    server.write(GUIDE, &versions[0]);
    wait_for_text(&server, "/help/guide/", markers[0]);

    let server = Arc::new(server);
    let writing = Arc::new(AtomicBool::new(true));
    let start = Arc::new(Barrier::new(5));
    let writer = {
        let server = server.clone();
        let writing = writing.clone();
        let start = start.clone();
        let versions = versions.clone();
        thread::spawn(move || {
            /// Tells the readers to stop, even if the writer panics.
            struct Done(Arc<AtomicBool>);
            impl Drop for Done {
                fn drop(&mut self) {
                    self.0.store(false, Ordering::SeqCst);
                }
            }
            let _done = Done(writing);
            start.wait();
            // Saves one at a time, each served before the next: every swap
            // happens while the readers are reading…
            for i in 1..=14 {
                server.write(GUIDE, &versions[i % 2]);
                wait_for_text(&server, "/help/guide/", markers[i % 2]);
            }
            // …then a burst faster than the rebuilds, ending on BRAVO.
            for i in 1..=7 {
                server.write(GUIDE, &versions[i % 2]);
                thread::sleep(Duration::from_millis(10));
            }
            wait_for_text(&server, "/help/guide/", markers[1]);
        })
    };
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let server = server.clone();
            let writing = writing.clone();
            let start = start.clone();
            thread::spawn(move || {
                start.wait();
                let mut problems = Vec::new();
                let mut seen = [0; 2];
                let mut count = 0;
                // At least 100 requests, and on while the saves go on
                // (bounded all the same).
                while count < 100 || (writing.load(Ordering::SeqCst) && count < 2000) {
                    count += 1;
                    let reply = server.get("/help/guide/");
                    let text = reply.text();
                    let found: Vec<usize> = (0..2).filter(|&i| text.contains(markers[i])).collect();
                    if reply.status != 200 {
                        problems.push(format!("status {}", reply.status));
                    } else if !text.trim_end().ends_with("</html>") {
                        problems.push(format!("an incomplete page ({} bytes)", text.len()));
                    } else if found.len() != 1 {
                        problems.push(format!("markers {found:?} in {}", excerpt(&text)));
                    } else {
                        seen[found[0]] += 1;
                    }
                    if reply.header("content-length") != Some(reply.body.len().to_string().as_str())
                    {
                        problems.push(format!(
                            "Content-Length {:?} for {} bytes",
                            reply.header("content-length"),
                            reply.body.len()
                        ));
                    }
                }
                (problems, seen, count)
            })
        })
        .collect();
    writer.join().expect("the writer");
    let mut problems = Vec::new();
    let mut seen = [0; 2];
    let mut total = 0;
    for reader in readers {
        let (p, s, count) = reader.join().expect("a reader");
        problems.extend(p);
        seen[0] += s[0];
        seen[1] += s[1];
        total += count;
    }
    assert!(
        problems.is_empty(),
        "{} of {total} replies were wrong, e.g.:\n  {}{}",
        problems.len(),
        problems
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n  "),
        server.stderr()
    );
    assert!(
        seen[0] > 0 && seen[1] > 0,
        "the readers saw both versions ({seen:?} of {total})"
    );
    // The last save won (and stays).
    thread::sleep(Duration::from_millis(200));
    assert!(server.get("/help/guide/").text().contains(markers[1]));
    assert!(!server.log().contains("panicked"), "{}", server.stderr());
}

// ---------------------------------------------------------------------------
// Stalled clients
// ---------------------------------------------------------------------------

#[test]
fn stalled_connections_are_closed_and_event_streams_are_not() {
    let server = Server::start();
    let mut events = server.events();
    events.first(&server);
    let started = Instant::now();
    // Clients that connect and send nothing, or half a request's headers.
    let stalled: Vec<TcpStream> = (0..40)
        .map(|i| {
            let mut stream = server.connect();
            if i % 2 == 1 {
                stream
                    .write_all(b"GET /help/guide/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    .unwrap();
            }
            stream
                .set_read_timeout(Some(Duration::from_secs(40)))
                .unwrap();
            stream
        })
        .collect();
    for mut stream in stalled {
        // The server closes it (an error such as a reset counts too); a
        // read that times out does not.
        let mut rest = Vec::new();
        match stream.read_to_end(&mut rest) {
            Ok(_) => {}
            Err(e) => assert!(
                !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ),
                "a stalled connection stayed open for {:?}{}",
                started.elapsed(),
                server.stderr()
            ),
        }
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(30),
        "stalled connections closed after {elapsed:?}"
    );
    // An open tab's event stream outlives the header timeout: a save still
    // reaches it, and the server still answers.
    let original = server.read(GUIDE);
    server.write(GUIDE, &guide_with(&original, "After the stalled clients."));
    let next = events.wait(&server, "a rebuild", |m| version(m) > 1);
    assert!(changed(&next).contains(&"/help/guide/"), "{next}");
    assert_eq!(server.get("/help/guide/").status, 200);
}

// ---------------------------------------------------------------------------
// Start-up
// ---------------------------------------------------------------------------

#[test]
fn a_taken_port_or_a_missing_help_center_is_an_error() {
    let server = Server::start();
    let port = server.port.to_string();
    let mut child = spawn_serve(
        &server.root,
        empty_cwd().path(),
        &["--port", &port, "--bind", "127.0.0.1"],
    );
    let code = wait_exit(&mut child);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(code, Some(2), "a second server on port {port}: {stderr}");
    assert!(
        stderr.contains(&format!("port {port} is already in use")),
        "{stderr}"
    );
    // The first one is unharmed.
    assert_eq!(server.get("/").status, 200);

    let empty = tempfile::tempdir().unwrap();
    let mut child = spawn_serve(empty.path(), empty.path(), &["--port", "0"]);
    let code = wait_exit(&mut child);
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    assert_eq!(code, Some(2), "serve in an empty folder");
    assert!(
        !stdout.contains("Listening"),
        "no address for a server that did not start: {stdout}"
    );
}

/// An empty working folder.
fn empty_cwd() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Waits (bounded) for a child that should exit by itself.
fn wait_exit(child: &mut Child) -> Option<i32> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the process did not exit within {TIMEOUT:?}");
        }
        thread::sleep(POLL);
    }
}

#[test]
fn each_language_has_its_own_live_search_index() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture_path("languages"), &root);
    let server = Server::start_at(&root);
    for (page, hot) in [
        ("/account/reset-password/", "/search/live/hot.bin"),
        ("/es/account/reset-password/", "/search/live-es/hot.bin"),
        ("/ja/account/reset-password/", "/search/live-ja/hot.bin"),
    ] {
        let html = server.get(page).text();
        assert!(
            html.contains(&format!("data-search-hot=\"{hot}\"")),
            "{page} searches {hot}: {}",
            excerpt(&html)
        );
        let reply = wait_for(&server, hot, || {
            let reply = server.get(hot);
            (reply.status == 200).then_some(reply)
        });
        assert!(!reply.body.is_empty());
    }
    // The Spanish index holds Spanish words: its bytes differ from the original's.
    assert_ne!(
        server.get("/search/live/hot.bin").body,
        server.get("/search/live-es/hot.bin").body
    );
}

/// `serve --timings` (issue 22): each rebuild's steps on a line of their
/// own, from the watcher's first event to the tabs told, and the search
/// indexes' gathering.
#[test]
fn timings_name_each_step_of_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture_path("trees"), &root);
    let mut child = spawn_serve(&root, &root, &["--port", "0", "--quiet", "--timings"]);
    let log = drain_stderr(&mut child);
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert!(line.starts_with("Serving at"), "{line:?}");
    let lines = |prefix: &str| -> Vec<String> {
        let log = log.lock().unwrap();
        log.lines()
            .filter(|l| l.starts_with(prefix))
            .map(str::to_string)
            .collect()
    };
    let started = Instant::now();
    // The first indexes, gathered before the server listens.
    while lines("timings: search: ").is_empty() && started.elapsed() < START_TIMEOUT {
        thread::sleep(POLL);
    }
    let path = root.join(GUIDE);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replacen("Codes expire after", "Codes run out after", 1),
    )
    .unwrap();
    while lines("timings: total").is_empty() && started.elapsed() < START_TIMEOUT {
        thread::sleep(POLL);
    }
    let _ = child.kill();
    let _ = child.wait();
    let rebuilds = lines("timings: total");
    let [rebuild] = rebuilds.as_slice() else {
        panic!("one rebuild timed: {:?}", log.lock().unwrap());
    };
    let steps: Vec<&str> = rebuild
        .split(" = ")
        .nth(1)
        .unwrap_or_default()
        .split(" + ")
        .filter_map(|step| step.rsplit_once(' ').map(|(name, _)| name))
        .collect();
    assert_eq!(
        steps,
        [
            "debounce",
            "classify",
            "re-read",
            "re-sort",
            "relink",
            "renderer",
            "render",
            "diagnostics",
            "counts",
            "publish",
            "announce"
        ],
        "{rebuild}"
    );
    let search = lines("timings: search: ");
    assert!(
        search[0].starts_with("timings: search: 1 index gathered in "),
        "{search:?}"
    );
}
