//! What the preview has to say, as values: the server never prints. Each
//! thing it used to write to the terminal is a [`ServeEvent`] handed to the
//! [`Log`] its caller passes in (the command line turns them into lines on
//! stderr and stdout; tests may collect them).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::base::diagnostic::Report;
use crate::pipeline::Counts;

/// Something that happened while serving, in the order it happened (events
/// come from the thread that starts the server, the rebuild thread and the
/// search-index thread).
#[derive(Clone, Debug)]
pub enum ServeEvent {
    /// The first build of the help center starts (it may take a while).
    Building,
    /// The first build finished (with or without a site to serve).
    Built(FirstBuild),
    /// The server listens.
    Listening {
        /// The socket's address (the port chosen when asked for any).
        address: SocketAddr,
        /// The help center's home page (`http://address/base-path/`).
        url: String,
    },
    /// Saved files were rebuilt (sent only when that changed something).
    Rebuilt(Rebuild),
    /// A help center's input folder (`content/`, `themes/`) could not be
    /// watched; the preview goes on without it.
    WatchFailed(String),
    /// A rebuild could not run (`book.toml` gone or unreadable); the last
    /// site is still served.
    RebuildFailed(String),
    /// The search indexes were rebuilt and are served.
    SearchIndexed {
        /// Number of indexes built (one per language, or those of the
        /// languages edited).
        indexes: usize,
        /// Time it took.
        elapsed: Duration,
        /// Time the rebuild thread took to gather the indexes' input (a
        /// save in the meantime waits for it).
        prepared: Duration,
    },
    /// A search index could not be built; the previous ones are still
    /// served.
    SearchFailed(String),
    /// `--open` could not open a browser.
    OpenFailed(String),
    /// The server stopped (Ctrl-C).
    Stopped,
}

/// The outcome of the first build.
#[derive(Clone, Debug)]
pub struct FirstBuild {
    /// Every problem it found.
    pub diagnostics: Report,
    /// The site it built, unless errors prevented it.
    pub site: Option<SiteSummary>,
}

/// What the first build built.
#[derive(Clone, Debug)]
pub struct SiteSummary {
    /// HTML pages built (redirects apart), as `build` counts them.
    pub pages: usize,
    /// What the help center holds, as `build` and `check` count it.
    pub counts: Counts,
    /// When the build started (a report of its time counts from here).
    pub started: Instant,
    /// Whether a search index is being built in the background.
    pub search: bool,
}

/// What one rebuild did.
#[derive(Clone, Debug)]
pub struct Rebuild {
    /// Problems the rebuild newly found (often none).
    pub diagnostics: Report,
    /// The files that were saved, relative to the root (editors' temporary
    /// files left out; may be empty when only such files changed).
    pub saved: Vec<PathBuf>,
    /// Whether the whole site was rebuilt.
    pub full: bool,
    /// Pages rendered (for a partial rebuild).
    pub rendered: usize,
    /// Pages whose bytes changed (or that appeared or went).
    pub changed: usize,
    /// Time the rebuild took.
    pub elapsed: Duration,
    /// Errors in the site now (the browser shows them until they are fixed).
    pub errors: usize,
    /// Where the time went, from the first change the watcher saw to the
    /// tabs being told (`serve --timings` prints them).
    pub timings: Timings,
}

/// The steps of a rebuild and the time each took, in order.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    /// (step, time) in the order they ran.
    pub steps: Vec<(&'static str, Duration)>,
    /// When the current step started.
    since: Option<Instant>,
}

impl Timings {
    /// Timings whose first step starts at `start`.
    pub fn starting(start: Instant) -> Timings {
        Timings {
            steps: Vec::new(),
            since: Some(start),
        }
    }

    /// Ends the current step, named `step`, and starts the next.
    pub fn lap(&mut self, step: &'static str) {
        let now = Instant::now();
        let since = self.since.unwrap_or(now);
        self.steps.push((step, now.duration_since(since)));
        self.since = Some(now);
    }

    /// Adds the steps of `other` (timed on their own) after these.
    pub fn extend(&mut self, other: Timings) {
        self.steps.extend(other.steps);
        self.since = Some(Instant::now());
    }

    /// The time of every step together.
    pub fn total(&self) -> Duration {
        self.steps.iter().map(|(_, d)| *d).sum()
    }
}

/// Where the server's events go: a function its caller passes in, called on
/// whichever of the server's threads the event happens.
#[derive(Clone)]
pub struct Log(Arc<dyn Fn(ServeEvent) + Send + Sync>);

impl Log {
    /// A log that hands every event to `sink`.
    pub fn new(sink: impl Fn(ServeEvent) + Send + Sync + 'static) -> Log {
        Log(Arc::new(sink))
    }

    /// Hands over one event.
    pub fn send(&self, event: ServeEvent) {
        (self.0)(event)
    }
}

impl std::fmt::Debug for Log {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Log")
    }
}
