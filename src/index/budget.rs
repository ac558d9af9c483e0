//! The download budget of search: what a reader's browser fetches before
//! its first result, against `[output.html.search] size-budget`.

use helpbook_search::writer::{gzip, Stats};

use crate::base::diagnostic::Diagnostic;
use crate::config::{Config, CONFIG_FILE};
use crate::index::files::{WASM, WORKER_JS};

/// A warning when a browser would download more than `[output.html.search]
/// size-budget` before its first search: the engine, its worker script and
/// the hot bundle (compressed), without which no query can run.
pub(crate) fn check(config: &Config, stats: &Stats) -> Option<Diagnostic> {
    let engine = gzip(WASM).len() as u64 + gzip(WORKER_JS.as_bytes()).len() as u64;
    let total = engine + stats.hot_bytes;
    (total > config.search_budget).then(|| {
        Diagnostic::warning(format!(
            "a reader's browser downloads {:.1} MB before its first search result (engine {:.1} MB, index start {:.1} MB), over the {:.1} MB size-budget",
            total as f64 / 1e6,
            engine as f64 / 1e6,
            stats.hot_bytes as f64 / 1e6,
            config.search_budget as f64 / 1e6
        ))
        .in_file(CONFIG_FILE)
        .with_help("the index start grows with the number of pages and sections: split the help center, or raise [output.html.search] size-budget if your readers are on fast connections")
    })
}
