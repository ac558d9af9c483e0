//! `helpbook collect`, end to end over real sockets: each test starts the
//! binary (`collect --port 0`) on a database in its own temporary folder,
//! reads the address from the line it prints on stdout, talks HTTP/1.1 to
//! it with a small client written here (raw `TcpStream`s), and reads the
//! database back through the library's `Store`.
//!
//! Covered:
//! - `/`, `/health`, `/schema` (the schema file as served), 404 and 405;
//! - batches that break the format: 400 with the reason, nothing stored;
//!   queries that look like an email address or a phone number stored as
//!   placeholders; an unsupported body type (415);
//! - bodies over 64 KiB (413), by declared length before the body is sent
//!   and by a chunked body;
//! - origins: another site's page gets 403 without CORS headers, the
//!   preflight of an allowed one the CORS headers, a request without
//!   `Origin` (not a browser) is accepted;
//! - the rate limit per client (429 with `Retry-After`), and no client
//!   address in the database;
//! - 8 concurrent clients × 1,000 events: every acknowledged event in the
//!   database, once, as sent;
//! - SIGKILL under load, then a restart: nothing acknowledged is missing;
//! - SIGTERM under load: exit 0, every acknowledged event committed;
//! - a damaged or foreign database file, a folder that does not exist, a
//!   bad `--allow-origin`, a port in use: exit 2 with a message, no panic;
//! - `--keep-days`: old events deleted at start;
//! - that `schemas/insights-events-v1.json` (checked by the `jsonschema`
//!   crate) and `Batch::parse` accept and refuse the same batches, over a
//!   corpus of a few hundred.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use helpbook::insights::event::{Batch, Event, Opened, Reason, TreeAction};
use helpbook::insights::store::Store;
use serde_json::{json, Value};

/// The origin every collector here allows.
const ORIGIN: &str = "http://localhost:8000";
/// How long a reply or an exit may take.
const TIMEOUT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------
// The collector
// ---------------------------------------------------------------------------

/// A running `helpbook collect`, killed when dropped.
struct Collector {
    child: Child,
    port: u16,
    /// Everything it wrote to stderr so far.
    log: Arc<Mutex<String>>,
}

impl Collector {
    /// Starts a collector on `db` allowing [`ORIGIN`], with `args` added.
    fn start(db: &Path, args: &[&str]) -> Collector {
        let mut child = spawn(db, args);
        let log = drain(child.stderr.take().expect("stderr is piped"));
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let mut collector = Collector {
            child,
            port: 0,
            log,
        };
        let line = rx.recv_timeout(TIMEOUT).unwrap_or_default();
        collector.port = line
            .strip_prefix("Listening on http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix("/\n"))
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| {
                panic!(
                    "no `Listening on http://127.0.0.1:PORT/` on stdout: {line:?}{}",
                    collector.stderr()
                )
            });
        collector
    }

    /// The collector's stderr so far, for assertion messages.
    fn stderr(&self) -> String {
        format!("\n--- collector stderr ---\n{}", self.log.lock().unwrap())
    }

    /// Sends `raw` on a new connection and reads the reply until the
    /// server closes it.
    fn raw(&self, raw: &[u8]) -> Reply {
        let mut stream = connect(self.port);
        // The server may answer (and close) before reading everything.
        let _ = stream.write_all(raw);
        read_reply(&mut stream).unwrap_or_else(|e| panic!("{e}{}", self.stderr()))
    }

    /// A request with `headers` and `body` (`Connection: close`).
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.port,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut raw = head.into_bytes();
        raw.extend_from_slice(body);
        self.raw(&raw)
    }

    /// Posts `body` as `sendBeacon` does (text/plain, from [`ORIGIN`]).
    fn beacon(&self, body: &str) -> Reply {
        self.request(
            "POST",
            "/events",
            &[
                ("Origin", ORIGIN),
                ("Content-Type", "text/plain;charset=UTF-8"),
            ],
            body.as_bytes(),
        )
    }

    /// Sends a signal (`TERM`, `INT`) and waits for the exit.
    fn signal(&mut self, name: &str) -> ExitStatus {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{name} failed");
        self.wait()
    }

    /// Waits for the process to end (at most [`TIMEOUT`]).
    fn wait(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the stderr thread take the last lines.
                thread::sleep(Duration::from_millis(100));
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the collector did not exit within {TIMEOUT:?}{}",
                self.stderr()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `helpbook collect --db DB --port 0 --allow-origin ORIGIN ARGS…`.
fn spawn(db: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .env("NO_COLOR", "1")
        .arg("collect")
        .arg("--db")
        .arg(db)
        .args(["--port", "0", "--allow-origin", ORIGIN])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("`helpbook collect` starts")
}

/// Collects a child's stderr on a thread.
fn drain(pipe: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let log = Arc::new(Mutex::new(String::new()));
    let sink = log.clone();
    thread::spawn(move || {
        let mut reader = BufReader::new(pipe);
        let mut line = Vec::new();
        while matches!(reader.read_until(b'\n', &mut line), Ok(n) if n > 0) {
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&line));
            line.clear();
        }
    });
    log
}

/// Runs `helpbook ARGS…` to its end: (exit code, stderr).
fn run_to_end(args: &[&std::ffi::OsStr]) -> common::Run {
    common::run(args)
}

fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the collector");
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(TIMEOUT)).unwrap();
    stream
}

/// A fresh temporary folder and the database path in it.
fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("insights.sqlite");
    (dir, db)
}

/// Every event in the database, oldest first.
fn stored(db: &Path) -> Vec<Event> {
    let store = Store::open_read_only(db).expect("the database opens");
    let (events, skipped) = store.events_since(0).expect("the events read");
    assert_eq!(skipped, 0, "rows that do not parse");
    events.into_iter().map(|s| s.event).collect()
}

// ---------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------

/// One HTTP reply.
#[derive(Debug)]
struct Reply {
    status: u16,
    /// Names in lower case.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn has_cors_headers(&self) -> bool {
        self.headers
            .iter()
            .any(|(n, _)| n.starts_with("access-control-"))
    }
}

/// Reads one reply (its body by `Content-Length`), leaving the connection
/// open for the next request.
fn read_reply(stream: &mut TcpStream) -> Result<Reply, String> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .map_err(|e| format!("read a status line: {e}"))?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or(format!("not an HTTP reply: {line:?}"))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader
            .read_line(&mut line)
            .map_err(|e| format!("read headers: {e}"))?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader
        .read_exact(&mut body)
        .map_err(|e| format!("read a body of {length} bytes: {e}"))?;
    Ok(Reply {
        status,
        headers,
        body,
    })
}

/// A client on one keep-alive connection, posting as a page would.
struct Client {
    stream: TcpStream,
    port: u16,
}

impl Client {
    /// Posts `events`; `Err` when the connection failed.
    fn post(&mut self, events: &[Event]) -> Result<Reply, String> {
        let body = batch_json(events);
        let head = format!(
            "POST /events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: {ORIGIN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.port,
            body.len()
        );
        self.stream
            .write_all(format!("{head}{body}").as_bytes())
            .map_err(|e| e.to_string())?;
        read_reply(&mut self.stream)
    }
}

fn batch_json(events: &[Event]) -> String {
    json!({ "version": 1, "events": events }).to_string()
}

// ---------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------

/// An event of every kind by turn, unique to (`client`, `n`).
fn event(client: usize, n: usize) -> Event {
    let page = format!("/c{client}/e{n}/");
    match n % 4 {
        0 => Event::Search {
            page,
            language: "en".into(),
            query: format!("client {client} search {n}"),
            results: n as u32,
            opened: n.is_multiple_of(8).then(|| Opened {
                rank: 1 + (n % 3) as u32,
                url: "/account-access/hacked-account/".into(),
            }),
        },
        1 => Event::Vote {
            page,
            language: "pt-BR".into(),
            helpful: false,
            reason: Some(Reason::HardToFollow),
            comment: Some(format!("comentário {n} — não ajudou")),
        },
        2 => Event::Tree {
            page,
            language: "ar".into(),
            action: TreeAction::Leave,
            step: format!("step-{n}"),
            answers: format!("0.{}", n % 5),
        },
        _ => Event::Contact {
            page,
            language: "es".into(),
            channel: format!("Canal {client}"),
        },
    }
}

/// A contact event from `page`.
fn contact(page: &str) -> Event {
    Event::Contact {
        page: page.into(),
        language: "en".into(),
        channel: "Email support".into(),
    }
}

/// The events of `events` as sorted JSON strings (a set to compare).
fn as_set(events: &[Event]) -> BTreeSet<String> {
    events
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect()
}

/// Runs `clients` threads, each posting the events `event(client, 0..)` in
/// batches of 1, 2, 3, 4, 10 (by turn) until it has posted `per_client`
/// events, the connection fails, or `stop` is set. Returns the events that
/// were acknowledged (204) and the statuses of any that were not.
fn load(
    port: u16,
    clients: usize,
    per_client: usize,
    stop: Arc<AtomicBool>,
) -> thread::JoinHandle<(Vec<Event>, Vec<u16>)> {
    thread::spawn(move || {
        let workers: Vec<_> = (0..clients)
            .map(|client| {
                let stop = stop.clone();
                thread::spawn(move || {
                    let mut acked = Vec::new();
                    let mut refused = Vec::new();
                    let Ok(stream) = TcpStream::connect(("127.0.0.1", port)) else {
                        return (acked, refused);
                    };
                    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
                    stream.set_nodelay(true).unwrap();
                    let mut client_conn = Client { stream, port };
                    let mut n = 0;
                    for size in [1, 2, 3, 4, 10].into_iter().cycle() {
                        if n >= per_client || stop.load(Ordering::SeqCst) {
                            break;
                        }
                        let size = size.min(per_client - n);
                        let events: Vec<Event> = (n..n + size).map(|i| event(client, i)).collect();
                        n += size;
                        match client_conn.post(&events) {
                            Ok(reply) if reply.status == 204 => acked.extend(events),
                            Ok(reply) => refused.push(reply.status),
                            // The server went away (killed, or stopped).
                            Err(_) => break,
                        }
                    }
                    (acked, refused)
                })
            })
            .collect();
        let mut acked = Vec::new();
        let mut refused = Vec::new();
        for worker in workers {
            let (a, r) = worker.join().expect("a client thread");
            acked.extend(a);
            refused.extend(r);
        }
        (acked, refused)
    })
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[test]
fn status_schema_and_other_paths() {
    let (_dir, db) = temp_db();
    let collector = Collector::start(&db, &[]);
    for path in ["/", "/health"] {
        let reply = collector.request("GET", path, &[], b"");
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply.text().starts_with("helpbook collect: ok"),
            "{reply:?}"
        );
        assert_eq!(reply.text().lines().count(), 1, "{reply:?}");
    }
    let reply = collector.request("GET", "/schema", &[], b"");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("application/schema+json")
    );
    let file = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/insights-events-v1.json"),
    )
    .unwrap();
    assert_eq!(reply.text(), file);
    assert_eq!(collector.request("GET", "/events", &[], b"").status, 405);
    assert_eq!(collector.request("GET", "/elsewhere", &[], b"").status, 404);
    wait_for_log(&collector, "Collecting insights on http://127.0.0.1:");
}

fn stderr_of(collector: &Collector) -> String {
    collector.log.lock().unwrap().clone()
}

/// Waits until the collector's stderr holds `text` (lines printed before
/// the address on stdout may still be on their way).
fn wait_for_log(collector: &Collector, text: &str) {
    let deadline = Instant::now() + TIMEOUT;
    while !stderr_of(collector).contains(text) {
        assert!(
            Instant::now() < deadline,
            "no {text:?} on stderr{}",
            collector.stderr()
        );
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn batches_that_break_the_format_get_400_with_the_reason() {
    let (_dir, db) = temp_db();
    let collector = Collector::start(&db, &[]);
    let long_comment = "x".repeat(501);
    for (body, says) in [
        ("not json".to_string(), "expected"),
        (r#"{"version":1,"events":[]}"#.into(), "`events` is empty"),
        (
            r#"{"version":2,"events":[{"kind":"contact","page":"/","language":"en","channel":"x"}]}"#.into(),
            "`version` is 2; this collector reads version 1",
        ),
        (
            r#"{"version":1,"events":[{"kind":"click","page":"/","language":"en"}]}"#.into(),
            "unknown variant `click`",
        ),
        (
            r#"{"version":1,"events":[{"kind":"contact","page":"/","language":"en","channel":"x","ip":"192.0.2.1"}]}"#.into(),
            "unknown field `ip`",
        ),
        (
            r#"{"version":1,"events":[{"kind":"search","page":"/","language":"en","query":"x","results":"3","opened":null}]}"#.into(),
            "invalid type: string \"3\", expected u32",
        ),
        (
            format!(r#"{{"version":1,"events":[{{"kind":"vote","page":"/","language":"en","helpful":false,"reason":null,"comment":"{long_comment}"}}]}}"#),
            "events[0]: `comment` is longer than 500 characters",
        ),
        (
            batch_json(&vec![contact("/"); 51]),
            "more than 50 events",
        ),
    ] {
        let reply = collector.beacon(&body);
        assert_eq!(reply.status, 400, "{body}: {reply:?}");
        assert!(reply.text().contains(says), "{body}: {:?}", reply.text());
        assert_eq!(reply.header("access-control-allow-origin"), Some(ORIGIN));
    }
    let reply = collector.request(
        "POST",
        "/events",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        batch_json(&[contact("/")]).as_bytes(),
    );
    assert_eq!(reply.status, 415, "{reply:?}");
    assert!(reply.text().contains("application/json or text/plain"));

    // A good batch: stored, with contact details in queries replaced.
    let search = |query: &str| Event::Search {
        page: "/".into(),
        language: "en".into(),
        query: query.into(),
        results: 0,
        opened: None,
    };
    let reply = collector.beacon(&batch_json(&[
        search("jane.doe@example.com"),
        search("call +1 (555) 010-9999"),
        search("reset password"),
    ]));
    assert_eq!(reply.status, 204, "{reply:?}{}", collector.stderr());
    assert!(reply.body.is_empty());
    assert_eq!(
        stored(&db),
        [
            search("[email]"),
            search("[phone]"),
            search("reset password")
        ]
    );
}

#[test]
fn bodies_over_64_kib_get_413() {
    let (_dir, db) = temp_db();
    let collector = Collector::start(&db, &[]);
    // A declared length over the limit is answered before the body is sent.
    let mut stream = connect(collector.port);
    write!(
        stream,
        "POST /events HTTP/1.1\r\nHost: x\r\nOrigin: {ORIGIN}\r\nContent-Type: text/plain\r\nContent-Length: 70000\r\n\r\n"
    )
    .unwrap();
    let reply = read_reply(&mut stream).unwrap_or_else(|e| panic!("{e}{}", collector.stderr()));
    assert_eq!(reply.status, 413, "{reply:?}");
    assert!(
        reply.text().contains("larger than 65536 bytes"),
        "{reply:?}"
    );

    // A chunked body that turns out too long.
    let chunk = format!("{{\"version\":1,\"events\":[{}", " ".repeat(9_000));
    let mut raw = format!(
        "POST /events HTTP/1.1\r\nHost: x\r\nOrigin: {ORIGIN}\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    for _ in 0..8 {
        raw.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
    }
    raw.push_str("0\r\n\r\n");
    assert_eq!(collector.raw(raw.as_bytes()).status, 413);

    // Just under the limit is read (and judged on its content).
    let padded = format!(
        "{}{}",
        batch_json(&[contact("/")]),
        " ".repeat(65_536 - batch_json(&[contact("/")]).len())
    );
    assert_eq!(padded.len(), 65_536);
    assert_eq!(collector.beacon(&padded).status, 204);
    assert_eq!(stored(&db).len(), 1);
}

#[test]
fn only_allowed_origins_get_cors_and_may_post() {
    let (_dir, db) = temp_db();
    let collector = Collector::start(&db, &["--allow-origin", "https://help.example.com/"]);
    let body = batch_json(&[contact("/")]);

    let reply = collector.request(
        "POST",
        "/events",
        &[
            ("Origin", "https://evil.example"),
            ("Content-Type", "text/plain"),
        ],
        body.as_bytes(),
    );
    assert_eq!(reply.status, 403, "{reply:?}");
    assert!(!reply.has_cors_headers(), "{reply:?}");
    // Near misses: another port, scheme, or the opaque origin of a sandbox.
    for origin in ["http://localhost:8001", "https://localhost:8000", "null"] {
        let reply = collector.request("POST", "/events", &[("Origin", origin)], body.as_bytes());
        assert_eq!(reply.status, 403, "{origin}: {reply:?}");
    }
    let preflight = |origin: &str| {
        collector.request(
            "OPTIONS",
            "/events",
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "content-type"),
            ],
            b"",
        )
    };
    let reply = preflight("https://evil.example");
    assert_eq!(reply.status, 403);
    assert!(!reply.has_cors_headers(), "{reply:?}");

    for origin in [ORIGIN, "https://help.example.com"] {
        let reply = preflight(origin);
        assert_eq!(reply.status, 204, "{origin}: {reply:?}");
        assert_eq!(reply.header("access-control-allow-origin"), Some(origin));
        assert_eq!(reply.header("access-control-allow-methods"), Some("POST"));
        assert_eq!(
            reply.header("access-control-allow-headers"),
            Some("content-type")
        );
        assert_eq!(reply.header("vary"), Some("origin"));
        let reply = collector.request(
            "POST",
            "/events",
            &[("Origin", origin), ("Content-Type", "application/json")],
            body.as_bytes(),
        );
        assert_eq!(reply.status, 204, "{origin}: {reply:?}");
        assert_eq!(reply.header("access-control-allow-origin"), Some(origin));
    }
    // No Origin at all: not a browser (curl, a relay); accepted, no CORS.
    let reply = collector.request("POST", "/events", &[], body.as_bytes());
    assert_eq!(reply.status, 204, "{reply:?}");
    assert!(!reply.has_cors_headers());
    assert_eq!(stored(&db).len(), 3);
}

#[test]
fn each_client_is_rate_limited_and_its_address_never_written() {
    let (dir, db) = temp_db();
    let mut collector = Collector::start(&db, &["--rate-limit", "1"]);
    // One request a second, in bursts of two.
    let started = Instant::now();
    let statuses: Vec<Reply> = (0..5)
        .map(|i| collector.beacon(&batch_json(&[contact(&format!("/{i}/"))])))
        .collect();
    let codes: Vec<u16> = statuses.iter().map(|r| r.status).collect();
    if started.elapsed() < Duration::from_millis(900) {
        assert_eq!(codes, [204, 204, 429, 429, 429], "{statuses:?}");
    } else {
        // A machine so slow that a token came back meanwhile.
        assert_eq!(codes[..3], [204, 204, 429], "{statuses:?}");
    }
    assert_eq!(statuses[2].header("retry-after"), Some("1"), "{statuses:?}");
    assert_eq!(
        statuses[2].header("access-control-allow-origin"),
        Some(ORIGIN)
    );
    // A second later, one more.
    thread::sleep(Duration::from_millis(1100));
    assert_eq!(collector.beacon(&batch_json(&[contact("/5/")])).status, 204);
    thread::sleep(Duration::from_millis(1200)); // the report of the second
    assert_eq!(collector.signal("TERM").code(), Some(0));
    let accepted = codes.iter().filter(|c| **c == 204).count() + 1;
    assert_eq!(stored(&db).len(), accepted);
    wait_for_log(
        &collector,
        &format!("{} over a client's rate limit", 6 - accepted),
    );
    // Nothing on disk holds the client's address.
    for entry in fs::read_dir(dir.path()).unwrap() {
        let bytes = fs::read(entry.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(9).any(|w| w == b"127.0.0.1"),
            "an address on disk"
        );
    }
}

#[test]
fn eight_clients_of_a_thousand_events_are_all_stored() {
    let (_dir, db) = temp_db();
    let mut collector = Collector::start(&db, &["--rate-limit", "0"]);
    let started = Instant::now();
    let (acked, refused) = load(collector.port, 8, 1000, Arc::new(AtomicBool::new(false)))
        .join()
        .unwrap();
    let elapsed = started.elapsed();
    assert!(
        refused.is_empty(),
        "refused: {refused:?}{}",
        collector.stderr()
    );
    assert_eq!(acked.len(), 8000, "{}", collector.stderr());
    // Acknowledged means committed: readable before the collector stops.
    let in_db = stored(&db);
    assert_eq!(in_db.len(), 8000);
    assert_eq!(as_set(&in_db), as_set(&acked));
    let store = Store::open_read_only(&db).unwrap();
    let (events, _) = store.events_since(0).unwrap();
    let now = jiff::Timestamp::now().as_second();
    assert!(events
        .iter()
        .all(|s| s.time <= now && s.time >= now - 60 - elapsed.as_secs() as i64));
    assert_eq!(collector.signal("TERM").code(), Some(0));
}

#[cfg(unix)]
#[test]
fn sigkill_under_load_loses_no_acknowledged_event() {
    let (_dir, db) = temp_db();
    let mut collector = Collector::start(&db, &["--rate-limit", "0"]);
    let clients = load(
        collector.port,
        8,
        usize::MAX,
        Arc::new(AtomicBool::new(false)),
    );
    // Let the load run, then kill the collector in the middle of it.
    let deadline = Instant::now() + TIMEOUT;
    while Instant::now() < deadline {
        thread::sleep(Duration::from_millis(200));
        let in_db = Store::open_read_only(&db)
            .and_then(|s| s.count())
            .unwrap_or(0);
        if in_db >= 2000 {
            break;
        }
    }
    collector.child.kill().expect("SIGKILL");
    let status = collector.wait();
    assert_eq!(status.code(), None, "killed by a signal");
    let (acked, refused) = clients.join().unwrap();
    assert!(refused.is_empty(), "refused: {refused:?}");
    assert!(acked.len() >= 2000, "only {} acknowledged", acked.len());

    // It starts again on the same file, which holds every acknowledged
    // event once (and perhaps some whose answer never left).
    let mut again = Collector::start(&db, &[]);
    assert_eq!(again.signal("TERM").code(), Some(0), "{}", again.stderr());
    let in_db = stored(&db);
    let unique = as_set(&in_db);
    assert_eq!(unique.len(), in_db.len(), "an event stored twice");
    let acked_set = as_set(&acked);
    let lost: Vec<&String> = acked_set.difference(&unique).collect();
    assert!(
        lost.is_empty(),
        "{} acknowledged events lost, e.g. {:?}",
        lost.len(),
        lost.first()
    );
}

#[cfg(unix)]
#[test]
fn sigterm_under_load_commits_everything_accepted_and_exits_0() {
    let (_dir, db) = temp_db();
    let mut collector = Collector::start(&db, &["--rate-limit", "0"]);
    let stop = Arc::new(AtomicBool::new(false));
    let clients = load(collector.port, 8, usize::MAX, stop.clone());
    thread::sleep(Duration::from_millis(700));
    let status = collector.signal("TERM");
    stop.store(true, Ordering::SeqCst);
    let (acked, refused) = clients.join().unwrap();
    assert_eq!(status.code(), Some(0), "{}", collector.stderr());
    assert!(refused.is_empty(), "refused: {refused:?}");
    assert!(!acked.is_empty());
    let in_db = stored(&db);
    assert!(as_set(&acked).is_subset(&as_set(&in_db)));
    wait_for_log(
        &collector,
        &format!(
            "Stopped; every accepted event is stored ({} in the database).",
            in_db.len()
        ),
    );
    assert!(!stderr_of(&collector).contains("panicked"));

    // SIGINT (Ctrl-C) too.
    let mut collector = Collector::start(&db, &[]);
    assert_eq!(collector.beacon(&batch_json(&[contact("/")])).status, 204);
    assert_eq!(collector.signal("INT").code(), Some(0));
    assert_eq!(stored(&db).len(), in_db.len() + 1);
}

#[test]
fn a_database_that_cannot_be_used_is_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let collect = |db: &Path, extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "collect".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            "--allow-origin".as_ref(),
            ORIGIN.as_ref(),
        ];
        if !extra.contains(&"--port") {
            args.extend(["--port", "0"].map(std::ffi::OsStr::new));
        }
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        let run = run_to_end(&args);
        run.assert_no_panic(&format!("collect --db {}", db.display()));
        assert_eq!(run.code, Some(2), "{run:#?}");
        run.stderr
    };

    // Not SQLite at all.
    let text = dir.path().join("notes.sqlite");
    fs::write(&text, "meeting notes, not a database ".repeat(200)).unwrap();
    let err = collect(&text, &[]);
    assert!(
        err.contains("notes.sqlite is not a helpbook events database"),
        "{err}"
    );

    // An events database with damaged pages.
    let damaged = dir.path().join("damaged.sqlite");
    {
        let mut store = Store::open(&damaged).unwrap();
        let events: Vec<(i64, Event)> = (0..2000).map(|n| (1_765_000_000, event(0, n))).collect();
        store.insert(&events).unwrap();
    }
    let _ = fs::remove_file(dir.path().join("damaged.sqlite-wal"));
    let mut bytes = fs::read(&damaged).unwrap();
    assert!(bytes.len() > 40_000, "{} bytes", bytes.len());
    for b in &mut bytes[8192..40_000] {
        *b = 0xA5;
    }
    fs::write(&damaged, &bytes).unwrap();
    let err = collect(&damaged, &[]);
    assert!(err.contains("is not a helpbook events database"), "{err}");

    // Another program's database.
    let foreign = dir.path().join("songs.sqlite");
    {
        let connection = rusqlite::Connection::open(&foreign).unwrap();
        connection
            .execute_batch("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');")
            .unwrap();
    }
    let err = collect(&foreign, &[]);
    assert!(err.contains("is not a helpbook events database"), "{err}");
    assert!(err.contains("give another --db"), "{err}");

    // A folder that does not exist.
    let err = collect(&dir.path().join("missing/insights.sqlite"), &[]);
    assert!(err.contains("cannot open"), "{err}");

    // Not an origin.
    let err = collect(
        &dir.path().join("ok.sqlite"),
        &["--allow-origin", "help.example.com"],
    );
    assert!(
        err.contains("--allow-origin \"help.example.com\": it has no scheme"),
        "{err}"
    );

    // A port in use.
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let err = collect(&dir.path().join("ok.sqlite"), &["--port", &port]);
    assert!(
        err.contains(&format!("port {port} is already in use")),
        "{err}"
    );
}

#[test]
fn events_older_than_keep_days_are_deleted_at_start() {
    let (_dir, db) = temp_db();
    let now = jiff::Timestamp::now().as_second();
    let day = 24 * 60 * 60;
    {
        let mut store = Store::open(&db).unwrap();
        store
            .insert(&[
                (now - 200 * day, contact("/200-days/")),
                (now - 31 * day, contact("/31-days/")),
                (now - 29 * day, contact("/29-days/")),
                (now - 60, contact("/a-minute/")),
            ])
            .unwrap();
    }
    // 0 keeps everything.
    let mut collector = Collector::start(&db, &["--keep-days", "0"]);
    assert_eq!(collector.signal("TERM").code(), Some(0));
    assert_eq!(stored(&db).len(), 4);

    let mut collector = Collector::start(&db, &["--keep-days", "30"]);
    wait_for_log(&collector, "Deleted 2 event(s) older than 30 days.");
    wait_for_log(&collector, "(2 events so far");
    assert_eq!(collector.signal("TERM").code(), Some(0));
    assert_eq!(stored(&db), [contact("/29-days/"), contact("/a-minute/")]);
}

// ---------------------------------------------------------------------------
// The JSON Schema and `Batch::parse` agree
// ---------------------------------------------------------------------------

/// One event of each kind, every field set.
fn base_events() -> Vec<Value> {
    vec![
        json!({"kind":"search","page":"/","language":"en","query":"hacked acount","results":4,
               "opened":{"rank":1,"url":"/account-access/hacked-account/#step"}}),
        json!({"kind":"vote","page":"/a/b/","language":"pt-BR","helpful":false,
               "reason":"did-not-answer","comment":"My code never arrives"}),
        json!({"kind":"tree","page":"/t/","language":"ar","action":"escalate","step":"no-contact","answers":"0.2.1"}),
        json!({"kind":"contact","page":"/contact/","language":"es-419","channel":"Email support"}),
    ]
}

/// Values to put in any field: types, bounds and shapes on both sides of
/// every rule.
fn candidate_values() -> Vec<Value> {
    let mut values = vec![
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(-1),
        json!(4_294_967_295u64),
        json!(4_294_967_296u64),
        json!(2.5),
        json!([]),
        json!({}),
        json!({"rank":1,"url":"/x/"}),
        json!({"rank":0,"url":"/x/"}),
        json!({"rank":1,"url":"https://x.example/"}),
        json!({"rank":1}),
        json!({"rank":1,"url":"/x/","title":"x"}),
    ];
    for text in [
        "",
        " ",
        "x",
        "/",
        "//x",
        "/a?b=1",
        "/a/#s",
        "é",
        "0",
        "0.2",
        "0.",
        ".1",
        "0..1",
        "12.3.456",
        "en",
        "es",
        "pt-BR",
        "zh-Hant",
        "es-419",
        "ar",
        "und",
        "EN",
        "e",
        "english",
        "en_US",
        "en-",
        "en-x",
        "en-x-private",
        "en-abcdefghi",
        "abcd",
        "en-Latn-US",
        "en-US-Latn",
        "en-12",
        "en-123",
        "de-CH-1901",
        "sr-Latn-RS-1996",
        "en--US",
        "zh-hant-tw",
        "ja-JP-u-ca",
        "en-Latn-abcd",
        "und-US",
        "undo",
        "outdated",
        "did-not-answer",
        "hard-to-follow",
        "something-missing",
        "Outdated",
        "start",
        "resolved",
        "escalate",
        "leave",
        "left",
        "search",
        "vote",
        "tree",
        "contact",
    ] {
        values.push(json!(text));
    }
    values.push(json!("x".repeat(200)));
    values.push(json!("x".repeat(201)));
    values.push(json!("é".repeat(500)));
    values.push(json!("é".repeat(501)));
    values.push(json!(format!("/{}", "x".repeat(999))));
    values.push(json!(format!("/{}", "x".repeat(1000))));
    values
}

/// Batches around the good ones: every field of every kind replaced by each
/// candidate value or removed, an unknown field added, and the batch's own
/// fields varied.
fn corpus() -> Vec<Value> {
    let mut batches = Vec::new();
    let values = candidate_values();
    for base in base_events() {
        batches.push(json!({"version":1,"events":[base.clone()]}));
        let fields: Vec<String> = base.as_object().unwrap().keys().cloned().collect();
        for field in &fields {
            for value in &values {
                let mut event = base.clone();
                event[field.as_str()] = value.clone();
                batches.push(json!({"version":1,"events":[event]}));
            }
            let mut event = base.clone();
            event.as_object_mut().unwrap().remove(field);
            batches.push(json!({"version":1,"events":[event]}));
        }
        let mut event = base.clone();
        event["session"] = json!("abc");
        batches.push(json!({"version":1,"events":[event]}));
    }
    // A "Yes" with a reason or a comment; a "No" without either.
    for (reason, comment) in [
        (json!(null), json!(null)),
        (json!("outdated"), json!(null)),
        (json!(null), json!("ok")),
    ] {
        for helpful in [true, false] {
            batches.push(
                json!({"version":1,"events":[{"kind":"vote","page":"/","language":"en",
                "helpful":helpful,"reason":reason,"comment":comment}]}),
            );
        }
    }
    let one = base_events()[3].clone();
    for batch in [
        json!({"version":1,"events":vec![one.clone(); 50]}),
        json!({"version":1,"events":vec![one.clone(); 51]}),
        json!({"version":1,"events":[]}),
        json!({"version":2,"events":[one.clone()]}),
        json!({"version":"1","events":[one.clone()]}),
        json!({"events":[one.clone()]}),
        json!({"version":1}),
        json!({"version":1,"events":[one.clone()],"sent":"now"}),
        json!({"version":1,"events":one.clone()}),
        json!({"version":1,"events":base_events()}),
        json!([]),
        json!(null),
    ] {
        batches.push(batch);
    }
    batches
}

#[test]
fn the_json_schema_and_batch_parse_agree() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/insights-events-v1.json");
    let schema: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("the schema compiles");
    let corpus = corpus();
    let mut disagreements = Vec::new();
    let (mut accepted, mut refused) = (0, 0);
    for batch in &corpus {
        let by_schema = validator.is_valid(batch);
        let by_parse = Batch::parse(batch.to_string().as_bytes());
        if by_schema != by_parse.is_ok() {
            disagreements.push(format!(
                "{batch}\n  schema: {}, Batch::parse: {:?}",
                if by_schema { "valid" } else { "invalid" },
                by_parse.map(|_| "valid")
            ));
        }
        if by_schema {
            accepted += 1;
        } else {
            refused += 1;
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} batches judged differently:\n{}",
        disagreements.len(),
        corpus.len(),
        disagreements.join("\n")
    );
    // Both sides of the rules are exercised.
    assert!(
        accepted > 50 && refused > 300,
        "{accepted} accepted, {refused} refused"
    );
}
