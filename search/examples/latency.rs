//! Native query latency of a built site's index, for `bench/search.sh`.
//!
//! ```text
//! cargo run --release -p helpbook-search --example latency -- \
//!     <site>/search/<hash> bench/queries.txt [--iterations N] [--limit N]
//! ```
//!
//! For each query (one a line; blank lines and `#` comments skipped):
//!
//! - **cold**: open the index afresh from `hot.bin` and run the query, loading
//!   the pages it asks for from disk (gunzip included): the first search of
//!   a reader who just opened the site. Rounds and stored bytes come from this
//!   run. The first query of the list is also reported on its own.
//! - **warm**: on one index that has run every query once (so every page they
//!   need is loaded), each query is timed `--iterations` times (default 20).
//!
//! Prints one JSON object on stdout (times in milliseconds).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use helpbook_search::engine::{Mode, Request};
use helpbook_search::local::LocalIndex;

struct Options {
    dir: PathBuf,
    queries: PathBuf,
    iterations: usize,
    limit: usize,
}

fn parse_args() -> Result<Options, String> {
    let mut positional = Vec::new();
    let mut iterations = 20;
    let mut limit = 10;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<usize, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .filter(|&n: &usize| n > 0)
                .ok_or_else(|| format!("{name} needs a positive number"))
        };
        match arg.as_str() {
            "--iterations" => iterations = number("--iterations")?,
            "--limit" => limit = number("--limit")?,
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}")),
            _ => positional.push(PathBuf::from(arg)),
        }
    }
    let [dir, queries] = <[PathBuf; 2]>::try_from(positional)
        .map_err(|_| "expected <index dir> <queries file>".to_owned())?;
    Ok(Options {
        dir,
        queries,
        iterations,
        limit,
    })
}

/// The value at quantile `q` of sorted samples (nearest rank).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

fn open(dir: &Path) -> Result<LocalIndex, String> {
    LocalIndex::open(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

struct Cold {
    open_ms: f64,
    search_ms: f64,
    rounds: usize,
    pages: usize,
    bytes: u64,
    hits: usize,
    mode: Mode,
    top: String,
}

fn cold(dir: &Path, request: &Request) -> Result<Cold, String> {
    let started = Instant::now();
    let index = open(dir)?;
    let open_ms = ms(started);
    let started = Instant::now();
    let (results, trace) = index
        .search(request)
        .map_err(|e| format!("{:?}: {e}", request.text))?;
    let search_ms = ms(started);
    let top = results
        .hits
        .first()
        .map_or(String::new(), |hit| match &hit.section {
            Some(section) => format!("{} › {section}", hit.title),
            None => hit.title.clone(),
        });
    Ok(Cold {
        open_ms,
        search_ms,
        rounds: trace.rounds.len(),
        pages: trace.rounds.iter().map(Vec::len).sum(),
        bytes: trace.bytes,
        hits: results.hits.len(),
        mode: results.mode,
        top,
    })
}

fn run(options: &Options) -> Result<String, String> {
    let text = std::fs::read_to_string(&options.queries)
        .map_err(|e| format!("{}: {e}", options.queries.display()))?;
    let requests: Vec<Request> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| Request {
            text: line.to_owned(),
            category: None,
            limit: options.limit,
        })
        .collect();
    if requests.is_empty() {
        return Err(format!("{} has no queries", options.queries.display()));
    }

    let colds = requests
        .iter()
        .map(|request| cold(&options.dir, request))
        .collect::<Result<Vec<_>, _>>()?;

    let index = open(&options.dir)?;
    let pages = index.engine().manifest().page_count();
    for request in &requests {
        index.search(request).map_err(|e| e.to_string())?;
    }
    let mut warm: Vec<Vec<f64>> = Vec::new();
    for request in &requests {
        let mut samples = Vec::with_capacity(options.iterations);
        for _ in 0..options.iterations {
            let started = Instant::now();
            let (_, trace) = index.search(request).map_err(|e| e.to_string())?;
            samples.push(ms(started));
            if !trace.rounds.is_empty() {
                return Err(format!("{:?} still loaded pages when warm", request.text));
            }
        }
        samples.sort_by(f64::total_cmp);
        warm.push(samples);
    }

    let mut all: Vec<f64> = warm.iter().flatten().copied().collect();
    all.sort_by(f64::total_cmp);
    let mut cold_ms: Vec<f64> = colds.iter().map(|c| c.open_ms + c.search_ms).collect();
    cold_ms.sort_by(f64::total_cmp);

    let mut out = String::from("{");
    out.push_str(&format!(
        "\"pages\":{pages},\"hot_bytes\":{},\"open_ms\":{:.3},\"iterations\":{},",
        index.hot_bytes, colds[0].open_ms, options.iterations
    ));
    out.push_str(&format!(
        "\"first_query\":{{\"text\":{},\"ms\":{:.3},\"rounds\":{},\"bytes\":{}}},",
        quoted(&requests[0].text),
        colds[0].search_ms,
        colds[0].rounds,
        colds[0].bytes
    ));
    out.push_str(&format!(
        "\"cold\":{{\"median_ms\":{:.3},\"p95_ms\":{:.3}}},",
        quantile(&cold_ms, 0.5),
        quantile(&cold_ms, 0.95)
    ));
    out.push_str(&format!(
        "\"warm\":{{\"samples\":{},\"median_ms\":{:.3},\"p95_ms\":{:.3},\"max_ms\":{:.3}}},",
        all.len(),
        quantile(&all, 0.5),
        quantile(&all, 0.95),
        all.last().copied().unwrap_or(0.0)
    ));
    out.push_str("\"queries\":[");
    for (i, ((request, cold), samples)) in requests.iter().zip(&colds).zip(&warm).enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            "{{\"text\":{},\"cold_ms\":{:.3},\"open_ms\":{:.3},\"rounds\":{},\"pages\":{},\"bytes\":{},\
             \"warm_median_ms\":{:.3},\"hits\":{},\"mode\":\"{}\",\"top\":{}}}",
            quoted(&request.text),
            cold.search_ms,
            cold.open_ms,
            cold.rounds,
            cold.pages,
            cold.bytes,
            quantile(samples, 0.5),
            cold.hits,
            if cold.mode == Mode::All { "all" } else { "any" },
            quoted(&cold.top)
        ));
    }
    out.push_str("]}");
    Ok(out)
}

fn quoted(text: &str) -> String {
    helpbook_search::json::to_string(text)
}

fn main() -> ExitCode {
    let result = parse_args().and_then(|options| run(&options));
    match result {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("latency: {message}");
            eprintln!(
                "usage: latency <site>/search/<hash> <queries file> [--iterations N] [--limit N]"
            );
            ExitCode::from(2)
        }
    }
}
