//! The search indexes of the preview (one per language, at `search/live/`
//! and `search/live-<code>/`), built on a thread of their own so that pages
//! never wait for them: the latest input wins, and the files are published
//! whole once every language's index is built.

use std::collections::BTreeMap;
use std::sync::{mpsc, Arc};
use std::time::Instant;

use crate::index::{LiveJob, SearchOutput};
use crate::serve::log::{Log, ServeEvent};
use crate::serve::shared::Shared;

/// The handle of the search-index thread.
pub(crate) struct Indexer(mpsc::Sender<Vec<LiveJob>>);

impl Indexer {
    /// Starts the thread, which publishes into `shared`.
    pub(super) fn start(shared: Arc<Shared>, log: Log) -> Indexer {
        let (tx, rx) = mpsc::channel::<Vec<LiveJob>>();
        std::thread::spawn(move || run(rx, &shared, &log));
        Indexer(tx)
    }

    /// Rebuilds the indexes from `jobs` (nothing when there are none: the
    /// site has no search, or no site was built).
    pub(super) fn rebuild(&self, jobs: Vec<LiveJob>) {
        if !jobs.is_empty() {
            let _ = self.0.send(jobs);
        }
    }
}

/// Builds the search indexes (one per language) whenever new input
/// arrives (skipping inputs that a newer one replaced while it was busy)
/// and publishes their files.
fn run(rx: mpsc::Receiver<Vec<LiveJob>>, shared: &Shared, log: &Log) {
    // The first indexes may use every core; later ones get one thread, so
    // they never take the cores pages are re-rendered on.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
    let mut first = true;
    while let Ok(mut jobs) = rx.recv() {
        while let Ok(newer) = rx.try_recv() {
            jobs = newer;
        }
        let started = Instant::now();
        let indexes = jobs.len();
        let mut files = BTreeMap::new();
        let mut failed = false;
        for (n, job) in jobs.into_iter().enumerate() {
            let built = match &pool {
                Some(pool) if !first => pool.install(|| build(n, &job)),
                _ => build(n, &job),
            };
            match built {
                Ok(output) => {
                    files.extend(output.files.into_iter().map(|(k, v)| (k, Arc::from(v))))
                }
                Err(e) => {
                    log.send(ServeEvent::SearchFailed(e));
                    failed = true;
                }
            }
        }
        first = false;
        if !failed {
            shared.publish_search(files);
            log.send(ServeEvent::SearchIndexed {
                indexes,
                elapsed: started.elapsed(),
            });
        }
    }
}

/// The files of the `n`th language's index (the original language first).
fn build(n: usize, job: &LiveJob) -> Result<SearchOutput, String> {
    let manifest = crate::index::manifest_path((n > 0).then_some(job.input.language.as_str()));
    crate::index::build(
        &job.input.options(),
        &helpbook_search::writer::Runs::of(&job.input.documents),
        job.locations.clone(),
        &job.base_url,
        &manifest,
        crate::write::Sink::Memory,
    )
    .map_err(|e| e.to_string())
}
