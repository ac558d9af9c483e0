//! A load generator for `helpbook collect` (used by `bench/collect.sh`):
//! N clients, each on one keep-alive connection (std TCP, HTTP/1.1), post
//! batches of B events as fast as the collector answers, and the run
//! reports the events acknowledged per second and the latency of requests
//! (p50, p99, max).
//!
//! ```text
//! cargo run --release --example collect_load -- --port 8787 [--clients 8]
//!     [--batch 1] [--seconds 10] [--origin http://127.0.0.1:8000]
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

struct Options {
    port: u16,
    clients: usize,
    batch: usize,
    seconds: f64,
    origin: String,
}

fn main() {
    let options = match parse(std::env::args().skip(1).collect()) {
        Ok(options) => options,
        Err(e) => {
            eprintln!("collect_load: {e}");
            std::process::exit(2);
        }
    };
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(options.seconds);
    let threads: Vec<_> = (0..options.clients)
        .map(|client| {
            let (port, batch, origin) = (options.port, options.batch, options.origin.clone());
            std::thread::spawn(move || run_client(port, client, batch, &origin, deadline))
        })
        .collect();
    let mut latencies = Vec::new();
    let mut refused = 0;
    for thread in threads {
        match thread.join() {
            Ok(Ok((mine, not_ok))) => {
                latencies.extend(mine);
                refused += not_ok;
            }
            Ok(Err(e)) => {
                eprintln!("collect_load: a client failed: {e}");
                std::process::exit(1);
            }
            Err(_) => std::process::exit(1),
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let at = |q: f64| {
        let i = ((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len().max(1)) - 1;
        latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let events = latencies.len() * options.batch;
    println!(
        "clients {} batch {}: {} requests, {} events in {:.1} s = {:.0} events/s ({:.0} requests/s); latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {} refused",
        options.clients,
        options.batch,
        latencies.len(),
        events,
        elapsed,
        events as f64 / elapsed,
        latencies.len() as f64 / elapsed,
        at(0.50),
        at(0.99),
        at(1.0),
        refused,
    );
}

fn parse(args: Vec<String>) -> Result<Options, String> {
    let mut options = Options {
        port: 8787,
        clients: 8,
        batch: 1,
        seconds: 10.0,
        origin: "http://127.0.0.1:8000".into(),
    };
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {value}: {e}");
        match flag.as_str() {
            "--port" => options.port = value.parse().map_err(|e| bad(&e))?,
            "--clients" => options.clients = value.parse().map_err(|e| bad(&e))?,
            "--batch" => options.batch = value.parse().map_err(|e| bad(&e))?,
            "--seconds" => options.seconds = value.parse().map_err(|e| bad(&e))?,
            "--origin" => options.origin = value,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if !(1..=50).contains(&options.batch) || options.clients == 0 {
        return Err("--batch is 1 to 50 and --clients at least 1".into());
    }
    Ok(options)
}

/// One client until `deadline`: the latency of each acknowledged request,
/// and how many were not acknowledged.
fn run_client(
    port: u16,
    client: usize,
    batch: usize,
    origin: &str,
    deadline: Instant,
) -> Result<(Vec<Duration>, usize), String> {
    let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let mut writer = stream.try_clone().map_err(|e| e.to_string())?;
    let mut reader = BufReader::new(stream);
    let mut latencies = Vec::new();
    let mut refused = 0;
    let mut n = 0;
    while Instant::now() < deadline {
        let body = body(client, n, batch);
        n += 1;
        let request = format!(
            "POST /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {origin}\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let sent = Instant::now();
        writer
            .write_all(request.as_bytes())
            .map_err(|e| e.to_string())?;
        let status = read_response(&mut reader)?;
        if status == 204 {
            latencies.push(sent.elapsed());
        } else {
            refused += 1;
        }
    }
    Ok((latencies, refused))
}

/// A batch of `batch` events of every kind, each unique.
fn body(client: usize, n: usize, batch: usize) -> String {
    let events: Vec<String> = (0..batch)
        .map(|i| match (n + i) % 4 {
            0 => format!(r#"{{"kind":"search","page":"/","language":"en","query":"load {client} {n} {i}","results":3,"opened":{{"rank":1,"url":"/a/b/"}}}}"#),
            1 => format!(r#"{{"kind":"vote","page":"/a/{client}/","language":"en","helpful":false,"reason":"outdated","comment":"request {n} event {i}"}}"#),
            2 => format!(r#"{{"kind":"tree","page":"/t/{client}/","language":"en","action":"leave","step":"s{n}","answers":"0.{i}"}}"#),
            _ => format!(r#"{{"kind":"contact","page":"/c/{client}/","language":"en","channel":"load {n} {i}"}}"#),
        })
        .collect();
    format!(r#"{{"version":1,"events":[{}]}}"#, events.join(","))
}

/// Reads one response; returns its status.
fn read_response(reader: &mut BufReader<TcpStream>) -> Result<u16, String> {
    let mut line = String::new();
    reader.read_line(&mut line).map_err(|e| e.to_string())?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or(format!("not an HTTP response: {line:?}"))?;
    let mut length = 0;
    loop {
        line.clear();
        reader.read_line(&mut line).map_err(|e| e.to_string())?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).map_err(|e| e.to_string())?;
    Ok(status)
}
