//! What the server's threads share: the snapshot requests read (swapped
//! whole on every rebuild, so a request gets the old page or the new one,
//! never half of either), the site's base path, the status the open
//! tabs are told after each build, and how many search-index builds are
//! under way (a request for a search file waits for them).

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use codespan_reporting::term::termcolor::NoColor;
use tokio::sync::{broadcast, watch};

use crate::base::diagnostic::{self, Report};
use crate::serve::live::Files;

/// What the browser tabs are told after each build.
#[derive(Clone, Debug, serde::Serialize)]
pub(crate) struct Status {
    /// Increases with every build (a tab that sees a new one may reload).
    pub version: u64,
    /// Number of errors (the overlay shows when non-zero).
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// The diagnostics as the terminal shows them, without colours.
    pub text: String,
    /// URL paths that changed (`"*"`: everything).
    pub changed: Vec<String>,
    /// Whether the whole site was rebuilt (not only the pages an edit
    /// touched); `changed` still lists only pages whose bytes changed.
    pub full: bool,
}

impl Status {
    /// The status for the tabs: `errors` is the report of current errors
    /// (the overlay shows them; warnings, maybe thousands while content is
    /// being imported, stay in the terminal), `counts` the numbers of both.
    pub(super) fn new(
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
}

/// What requests read: swapped whole on every rebuild.
pub(crate) struct Snapshot {
    /// The pages, statics and assets of the last build.
    pub pages: Arc<Files>,
    /// The search indexes' files (output path → bytes), once built.
    pub search: Arc<BTreeMap<String, Arc<[u8]>>>,
}

impl Snapshot {
    /// The bytes at output path `key` (a search file or a page), if any.
    pub(super) fn lookup(&self, key: &str) -> Option<Arc<[u8]>> {
        self.search
            .get(key)
            .or_else(|| self.pages.files.get(key))
            .cloned()
    }
}

/// The state the HTTP handlers, the rebuild thread and the search-index
/// thread share.
pub(crate) struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    /// The latest status, sent to tabs as they connect.
    status: RwLock<Arc<String>>,
    events: broadcast::Sender<Arc<String>>,
    /// The site's base path (`/` or `/help/`).
    base: RwLock<String>,
    /// Search-index builds asked for and not yet done (published or
    /// failed).
    indexing: watch::Sender<usize>,
}

impl Shared {
    /// Serves `pages` (no search index yet) under the base path `base`.
    pub(super) fn new(pages: Files, base: String) -> Shared {
        let (events, _) = broadcast::channel(64);
        Shared {
            snapshot: RwLock::new(Arc::new(Snapshot {
                pages: Arc::new(pages),
                search: Arc::new(BTreeMap::new()),
            })),
            status: RwLock::new(Arc::new(String::new())),
            events,
            base: RwLock::new(base),
            indexing: watch::Sender::new(0),
        }
    }

    /// The current snapshot.
    pub(super) fn snapshot(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The site's base path.
    pub(super) fn base(&self) -> String {
        self.base.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Sets the site's base path (`book.toml` may have changed it).
    pub(super) fn set_base(&self, base: String) {
        *self.base.write().unwrap_or_else(|p| p.into_inner()) = base;
    }

    /// Serves `pages` from now on, with the current search index.
    pub(super) fn publish_pages(&self, pages: Files) {
        let mut guard = self.snapshot.write().unwrap_or_else(|p| p.into_inner());
        let search = guard.search.clone();
        *guard = Arc::new(Snapshot {
            pages: Arc::new(pages),
            search,
        });
    }

    /// Serves the search index `search` from now on, with the current pages.
    pub(super) fn publish_search(&self, search: BTreeMap<String, Arc<[u8]>>) {
        let mut guard = self.snapshot.write().unwrap_or_else(|p| p.into_inner());
        let pages = guard.pages.clone();
        *guard = Arc::new(Snapshot {
            pages,
            search: Arc::new(search),
        });
    }

    /// Counts `n` more search-index builds under way.
    pub(super) fn indexing_started(&self, n: usize) {
        self.indexing.send_modify(|pending| *pending += n);
    }

    /// Counts `n` search-index builds as done (published or failed).
    pub(super) fn indexing_done(&self, n: usize) {
        self.indexing
            .send_modify(|pending| *pending = pending.saturating_sub(n));
    }

    /// Waits, at most `limit`, until no search-index build is under way;
    /// whether one was when called. A page's search asks for the index as
    /// soon as it loads, which at `serve`'s start (or after an edit that
    /// changes the index's files) can be before the index is there: the
    /// request then waits for it instead of failing, which the reader's
    /// search would take as "search unavailable" until a reload.
    pub(super) async fn wait_for_search(&self, limit: std::time::Duration) -> bool {
        let mut rx = self.indexing.subscribe();
        if *rx.borrow_and_update() == 0 {
            return false;
        }
        let _ = tokio::time::timeout(limit, rx.wait_for(|pending| *pending == 0)).await;
        true
    }

    /// Tells every open tab (and those that connect later) `status`.
    pub(super) fn announce(&self, status: &Status) {
        let json = Arc::new(serde_json::to_string(status).unwrap_or_else(|_| "{}".into()));
        *self.status.write().unwrap_or_else(|p| p.into_inner()) = json.clone();
        // No tab listening is fine.
        let _ = self.events.send(json);
    }

    /// The latest status, and a receiver of the ones after it.
    pub(super) fn subscribe(&self) -> (Arc<String>, broadcast::Receiver<Arc<String>>) {
        let first = self.status.read().map(|s| s.clone()).unwrap_or_default();
        (first, self.events.subscribe())
    }
}
