//! The one thread that writes to the database. Request handlers hand it
//! their checked batches over a bounded channel ([`Inbox`]) and wait; it
//! takes whatever is waiting (up to [`MAX_GROUP`] events), commits it in
//! one transaction (group commit: one disk sync for many requests) and only
//! then answers each handler, so a request is acknowledged only once its
//! events are on disk. Between batches it deletes events older than the
//! retention period, once an hour. When every handler is gone (shutdown),
//! it commits what is still queued and ends.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use crate::insights::collect::log::{CollectEvent, Log, Tally, KINDS};
use crate::insights::event::Event;
use crate::insights::store::{Store, StoreError};

/// Most events committed in one transaction.
pub(crate) const MAX_GROUP: usize = 2000;
/// Batches waiting for the writer before new ones are refused (503).
const QUEUE: usize = 4096;
/// Seconds in a day.
const DAY: i64 = 24 * 60 * 60;

/// How long events are kept, and how often old ones are deleted.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Retention {
    /// Days to keep events; 0 keeps them all.
    pub(crate) keep_days: u32,
    /// Time between two deletions.
    pub(crate) every: Duration,
}

impl Retention {
    /// Deletes the events older than the retention period at `now`
    /// (seconds since 1970); returns how many.
    pub(crate) fn delete_old(&self, store: &mut Store, now: i64) -> Result<usize, StoreError> {
        if self.keep_days == 0 {
            return Ok(0);
        }
        store.delete_before(now - i64::from(self.keep_days) * DAY)
    }
}

/// Why a batch was not stored.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum NotStored {
    /// The queue is full: the writer cannot keep up.
    Busy,
    /// The transaction failed (what the database said), or the writer is
    /// gone.
    Failed(String),
}

/// A checked batch waiting for the writer, and who to tell once it is on
/// disk.
struct Pending {
    /// When it was received (seconds since 1970).
    time: i64,
    events: Vec<Event>,
    done: oneshot::Sender<Result<(), String>>,
}

/// The request handlers' side of the channel to the writer (cloned into
/// each).
#[derive(Clone, Debug)]
pub(crate) struct Inbox(SyncSender<Pending>);

impl Inbox {
    /// Queues `events` received at `time` and waits until they are
    /// committed.
    pub(crate) async fn store(&self, time: i64, events: Vec<Event>) -> Result<(), NotStored> {
        let (done, committed) = oneshot::channel();
        let pending = Pending { time, events, done };
        match self.0.try_send(pending) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(NotStored::Busy),
            Err(TrySendError::Disconnected(_)) => {
                return Err(NotStored::Failed("the writer has stopped".into()))
            }
        }
        match committed.await {
            Ok(result) => result.map_err(NotStored::Failed),
            Err(_) => Err(NotStored::Failed("the writer has stopped".into())),
        }
    }
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pending({} events)", self.events.len())
    }
}

/// The writer thread's state.
struct Writer {
    store: Store,
    retention: Retention,
    /// Events in the database.
    total: u64,
    tally: Tally,
    log: Log,
}

/// Starts the writer on `store` (holding `total` events). Its thread ends
/// once every [`Inbox`] is dropped and the queue is committed, returning
/// the number of events in the database.
pub(crate) fn start(
    store: Store,
    total: u64,
    retention: Retention,
    tally: Tally,
    log: Log,
) -> Result<(Inbox, JoinHandle<u64>), String> {
    let (sender, receiver) = mpsc::sync_channel(QUEUE);
    tally.add(|a| a.total = total);
    let writer = Writer {
        store,
        retention,
        total,
        tally,
        log,
    };
    let thread = std::thread::Builder::new()
        .name("insights-writer".into())
        .spawn(move || writer.run(&receiver))
        .map_err(|e| format!("cannot start the database writer: {e}"))?;
    Ok((Inbox(sender), thread))
}

impl Writer {
    /// Commits batches as they come, deletes old events on time; ends when
    /// the channel is closed and empty.
    fn run(mut self, receiver: &Receiver<Pending>) -> u64 {
        let mut next_deletion = Instant::now() + self.retention.every;
        loop {
            let wait = next_deletion.saturating_duration_since(Instant::now());
            match receiver.recv_timeout(wait) {
                Ok(first) => {
                    let mut group = vec![first];
                    let mut events = group[0].events.len();
                    while events < MAX_GROUP {
                        let Ok(next) = receiver.try_recv() else {
                            break;
                        };
                        events += next.events.len();
                        group.push(next);
                    }
                    self.commit(group);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if Instant::now() >= next_deletion {
                self.delete_old();
                next_deletion = Instant::now() + self.retention.every;
            }
        }
        self.total
    }

    /// Stores a group of batches in one transaction, then answers each.
    fn commit(&mut self, group: Vec<Pending>) {
        let mut rows = Vec::with_capacity(group.iter().map(|p| p.events.len()).sum());
        let mut answers = Vec::with_capacity(group.len());
        let mut kinds = [0u64; 4];
        for pending in group {
            for event in pending.events {
                if let Some(i) = KINDS.iter().position(|k| *k == event.kind()) {
                    kinds[i] += 1;
                }
                rows.push((pending.time, event));
            }
            answers.push(pending.done);
        }
        let result = self.store.insert(&rows).map_err(|e| e.to_string());
        match &result {
            Ok(()) => {
                self.total += rows.len() as u64;
                let total = self.total;
                self.tally.add(|a| {
                    for (stored, new) in a.stored.iter_mut().zip(kinds) {
                        *stored += new;
                    }
                    a.total = total;
                });
            }
            Err(e) => {
                let batches = answers.len() as u64;
                self.tally.add(|a| a.unavailable += batches);
                self.log.send(CollectEvent::WriteFailed(e.clone()));
            }
        }
        for done in answers {
            // A client that went away is not waiting for its answer.
            let _ = done.send(result.clone());
        }
    }

    /// Deletes events past the retention period.
    fn delete_old(&mut self) {
        match self.retention.delete_old(&mut self.store, now()) {
            Ok(0) => {}
            Ok(deleted) => {
                self.total = self.total.saturating_sub(deleted as u64);
                let total = self.total;
                self.tally.add(|a| a.total = total);
                self.log.send(CollectEvent::Deleted {
                    events: deleted,
                    keep_days: self.retention.keep_days,
                });
            }
            Err(e) => self.log.send(CollectEvent::DeleteFailed(e.to_string())),
        }
    }
}

/// Seconds since 1970, UTC.
pub(crate) fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    fn contact(channel: &str) -> Event {
        Event::Contact {
            page: "/contact/".into(),
            language: "en".into(),
            channel: channel.into(),
        }
    }

    #[test]
    fn batches_are_committed_before_they_are_answered_and_old_events_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("insights.sqlite");
        let mut store = Store::open(&path).unwrap();
        // Ten days old and one day old.
        store
            .insert(&[
                (now() - 10 * DAY, contact("old")),
                (now() - DAY, contact("new")),
            ])
            .unwrap();
        let events = Arc::new(Mutex::new(Vec::new()));
        let seen = events.clone();
        let log = Log::new(move |e| seen.lock().unwrap().push(e));
        let retention = Retention {
            keep_days: 5,
            every: Duration::from_millis(200),
        };
        let tally = Tally::default();
        let (inbox, thread) = start(store, 2, retention, tally.clone(), log).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let a = inbox.store(now(), vec![contact("a"), contact("b")]);
            let b = inbox.store(now(), vec![contact("c")]);
            let (a, b) = tokio::join!(a, b);
            assert_eq!((a, b), (Ok(()), Ok(())));
        });
        // Acknowledged means readable by another connection.
        let reader = Store::open_read_only(&path).unwrap();
        assert_eq!(reader.count().unwrap(), 5);
        // The hourly deletion (here every 200 ms) removes the old one.
        std::thread::sleep(Duration::from_millis(400));
        assert_eq!(reader.count().unwrap(), 4);
        drop(inbox);
        assert_eq!(thread.join().unwrap(), 4);
        let activity = tally.take().unwrap();
        assert_eq!(activity.stored, [0, 0, 0, 3]);
        assert_eq!(activity.total, 4);
        assert_eq!(
            events.lock().unwrap().as_slice(),
            [CollectEvent::Deleted {
                events: 1,
                keep_days: 5
            }]
        );
    }
}
