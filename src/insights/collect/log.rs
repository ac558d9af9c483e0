//! What the collector has to say, as values: like the preview, it never
//! prints. Each thing worth a line on the terminal is a [`CollectEvent`]
//! handed to the [`Log`] its caller passes in. Requests are not reported
//! one by one but added up ([`Tally`]) and reported at most once a second
//! as [`Activity`]; no event ever carries a client's address.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Something that happened while collecting, in the order it happened.
#[derive(Clone, Debug, PartialEq)]
pub enum CollectEvent {
    /// The database is open (before the server listens).
    Opened {
        /// Its file.
        db: PathBuf,
        /// Events it holds (after deleting old ones).
        events: u64,
    },
    /// Events older than `--keep-days` were deleted (sent only when there
    /// were some: at start, then at each hourly check).
    Deleted {
        /// How many.
        events: usize,
        /// The age limit, in days.
        keep_days: u32,
    },
    /// The server listens.
    Listening {
        /// The socket's address (the port chosen when asked for any).
        address: SocketAddr,
        /// Where pages post (`http://address/events`).
        url: String,
        /// The database's file.
        db: PathBuf,
    },
    /// What was stored and refused since the last report (at most one a
    /// second, only when something happened).
    Activity(Activity),
    /// A transaction failed: the events in it were answered 503 (the pages
    /// drop them). The collector goes on.
    WriteFailed(String),
    /// Deleting old events failed; the collector goes on and tries again in
    /// an hour.
    DeleteFailed(String),
    /// The server stopped (SIGINT or SIGTERM) after committing every batch
    /// it had accepted.
    Stopped {
        /// Events in the database.
        events: u64,
    },
}

/// Requests since the last report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    /// Events stored, by kind: search, vote, tree, contact.
    pub stored: [u64; 4],
    /// Events in the database after them.
    pub total: u64,
    /// Batches refused because they do not follow the format (400).
    pub invalid: u64,
    /// The reason the last of them was refused (what its sender was told).
    pub last_invalid: Option<String>,
    /// Bodies over the size limit (413).
    pub too_large: u64,
    /// Requests from origins not allowed (403).
    pub forbidden: u64,
    /// Requests over a client's rate limit (429).
    pub limited: u64,
    /// Batches not stored because the database failed or the writer was
    /// busy (503).
    pub unavailable: u64,
}

/// The names of [`Activity::stored`]'s kinds, in its order.
pub const KINDS: [&str; 4] = ["search", "vote", "tree", "contact"];

impl Activity {
    /// Events stored.
    pub fn stored_events(&self) -> u64 {
        self.stored.iter().sum()
    }

    /// Requests refused, whatever the reason.
    pub fn refused(&self) -> u64 {
        self.invalid + self.too_large + self.forbidden + self.limited + self.unavailable
    }

    fn is_empty(&self) -> bool {
        self.stored_events() == 0 && self.refused() == 0
    }
}

/// Where the collector's events go: a function its caller passes in, called
/// on whichever of the collector's threads the event happens.
#[derive(Clone)]
pub struct Log(Arc<dyn Fn(CollectEvent) + Send + Sync>);

impl Log {
    /// A log that hands every event to `sink`.
    pub fn new(sink: impl Fn(CollectEvent) + Send + Sync + 'static) -> Log {
        Log(Arc::new(sink))
    }

    /// Hands over one event.
    pub fn send(&self, event: CollectEvent) {
        (self.0)(event)
    }
}

impl std::fmt::Debug for Log {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Log")
    }
}

/// What the request handlers and the writer add up between two reports.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tally(Arc<Mutex<Activity>>);

impl Tally {
    /// Changes the counts.
    pub(crate) fn add(&self, change: impl FnOnce(&mut Activity)) {
        let mut activity = self.0.lock().unwrap_or_else(|p| p.into_inner());
        change(&mut activity);
    }

    /// The counts since the last call, when anything happened (the total
    /// stays).
    pub(crate) fn take(&self) -> Option<Activity> {
        let mut activity = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if activity.is_empty() {
            return None;
        }
        let total = activity.total;
        let taken = std::mem::take(&mut *activity);
        activity.total = total;
        Some(taken)
    }
}
