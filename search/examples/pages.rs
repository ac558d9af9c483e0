//! The index pages each query reads on a first search, round by round: what
//! query expansion costs a reader on a slow link.
//!
//! ```text
//! cargo run --release -p helpbook-search --example pages -- \
//!     <site>/search/<hash> QUERY...
//! ```
//!
//! Prints one line per query: the pages of each round, their total and the
//! bytes as stored (each query starts from a freshly opened index).

use std::path::PathBuf;
use std::process::ExitCode;

use helpbook_search::engine::Request;
use helpbook_search::local::LocalIndex;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: pages <site>/search/<hash> QUERY...");
        return ExitCode::from(2);
    };
    for text in args {
        let request = Request {
            text: text.clone(),
            category: None,
            limit: 10,
        };
        let run = LocalIndex::open(&dir).and_then(|index| index.search(&request));
        match run {
            Ok((_, trace)) => {
                let rounds: Vec<String> =
                    trace.rounds.iter().map(|r| r.len().to_string()).collect();
                let pages: usize = trace.rounds.iter().map(Vec::len).sum();
                println!(
                    "{text:?}: rounds [{}] = {pages} pages, {} bytes",
                    rounds.join(" + "),
                    trace.bytes
                );
            }
            Err(e) => {
                eprintln!("{text:?}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
