//! The engine's own scorer against tantivy's query path (the reference,
//! native only) on a built site: for every query, both must find the same
//! documents in the same order with the same scores and counts.
//!
//! ```text
//! cargo run --release -p helpbook-search --example differential -- \
//!     <site>/search/<hash> QUERIES_FILE... [--category KEY]...
//! ```
//!
//! A queries file has one query a line (`#` comments), or one JSON object
//! with a `"query"` a line (`bench/relevance/*.jsonl`). Each query runs
//! with limits 10 and 150, without a filter and with each `--category`.
//! Prints the searches compared, how many had bitwise equal scores, the
//! largest relative score difference and every difference; exits 1 when
//! there is one.

use std::path::PathBuf;
use std::process::ExitCode;

use helpbook_search::engine::{Request, Scorer};
use helpbook_search::local::LocalIndex;

/// What comparing one search found.
#[derive(Default)]
struct Tally {
    compared: usize,
    bitwise: usize,
    largest: f32,
    differences: Vec<String>,
}

fn queries(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            if line.starts_with('{') {
                let value: serde_json::Value =
                    serde_json::from_str(line).unwrap_or_else(|e| panic!("{path}: {e}"));
                value["query"].as_str().unwrap_or_default().to_owned()
            } else {
                line.to_owned()
            }
        })
        .collect()
}

fn compare(index: &LocalIndex, request: &Request, tally: &mut Tally) -> Result<(), String> {
    index.search(request).map_err(|e| e.0)?;
    let run = |scorer| loop {
        match index.engine().documents(request, scorer).map_err(|e| e.0)? {
            Ok(documents) => return Ok::<_, String>(documents),
            // tantivy's searcher reads the document store's footer, which
            // the engine does not.
            Err(pages) if scorer == Scorer::Reference => {
                index.load(&pages).map_err(|e| e.0)?;
            }
            Err(pages) => return Err(format!("pages {pages:?} missing after the search")),
        }
    };
    let (own, reference) = (run(Scorer::Own)?, run(Scorer::Reference)?);
    tally.compared += 1;
    let what = format!("{:?} in {:?}", request.text, request.category);
    let counts = |d: &helpbook_search::engine::Documents| (d.all, d.count, d.any, d.top.len());
    if counts(&own) != counts(&reference) {
        return Err(format!(
            "{what}: all/count/any/top {:?} vs {:?}",
            counts(&own),
            counts(&reference)
        ));
    }
    let mut bitwise = true;
    for (a, b) in own.top.iter().zip(&reference.top) {
        if a.1 != b.1 {
            return Err(format!("{what}: document {} vs {}", a.1, b.1));
        }
        let relative = (a.0 - b.0).abs() / b.0.abs().max(1e-6);
        tally.largest = tally.largest.max(relative);
        bitwise &= a.0.to_bits() == b.0.to_bits();
        if relative > 1e-4 {
            return Err(format!("{what}: score of {} {} vs {}", a.1, a.0, b.0));
        }
    }
    tally.bitwise += usize::from(bitwise);
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: differential <site>/search/<hash> QUERIES_FILE... [--category KEY]...");
        return ExitCode::from(2);
    };
    let (mut files, mut categories) = (Vec::new(), vec![None]);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--category", Some(key)) => categories.push(Some(key)),
            (_, next) => {
                files.push(arg);
                files.extend(next);
            }
        }
    }
    let index = match LocalIndex::open(&dir) {
        Ok(index) => index,
        Err(e) => {
            eprintln!("{}: {}", dir.display(), e.0);
            return ExitCode::FAILURE;
        }
    };
    let mut tally = Tally::default();
    for text in files.iter().flat_map(|f| queries(f)) {
        for category in &categories {
            for limit in [10, 150] {
                let request = Request {
                    text: text.clone(),
                    category: category.clone(),
                    limit,
                };
                if let Err(difference) = compare(&index, &request, &mut tally) {
                    tally.differences.push(difference);
                }
            }
        }
    }
    println!(
        "{} searches compared, {} with bitwise equal scores, largest relative difference {:e}, {} differences",
        tally.compared,
        tally.bitwise,
        tally.largest,
        tally.differences.len()
    );
    for difference in &tally.differences {
        println!("{difference}");
    }
    if tally.differences.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
