//! The search indexes of the preview (one per language, at `search/live/`
//! and `search/live-<code>/`), built on a thread of their own so that pages
//! never wait for them: the latest input of each language wins, only the
//! languages given new input are built again (after an edit, those
//! edited), and the files of every language are published together once
//! those are built.

use std::collections::BTreeMap;
use std::sync::{mpsc, Arc};
use std::time::Instant;

use crate::index::{LiveJob, SearchOutput};
use crate::serve::live::SearchJobs;
use crate::serve::log::{Log, ServeEvent};
use crate::serve::shared::Shared;

/// The handle of the search-index thread.
pub(crate) struct Indexer {
    tx: mpsc::Sender<SearchJobs>,
    shared: Arc<Shared>,
}

impl Indexer {
    /// Starts the thread, which publishes into `shared`.
    pub(super) fn start(shared: Arc<Shared>, log: Log) -> Indexer {
        let (tx, rx) = mpsc::channel::<SearchJobs>();
        let thread_shared = shared.clone();
        std::thread::spawn(move || run(rx, &thread_shared, &log));
        Indexer { tx, shared }
    }

    /// Rebuilds the indexes of `jobs` (nothing when there are none: the
    /// site has no search, no site was built, or nothing changed).
    pub(super) fn rebuild(&self, jobs: SearchJobs) {
        if !jobs.is_empty() {
            // Counted before it is sent, so that a request for a search
            // file made from now on waits for it.
            self.shared.indexing_started(1);
            if self.tx.send(jobs).is_err() {
                self.shared.indexing_done(1);
            }
        }
    }
}

/// Builds the search indexes (one per language) whenever new input
/// arrives (merging inputs that came while it was busy: a newer input of a
/// language replaces the older) and publishes every language's files.
fn run(rx: mpsc::Receiver<SearchJobs>, shared: &Shared, log: &Log) {
    yield_to_pages();
    // The first indexes may use every core; later ones get one thread, so
    // they never take the cores pages are re-rendered on. Both pools are
    // their own, never rayon's global one, where a page re-rendered after a
    // save would queue behind the index's work.
    let mut every_core = pool(0);
    let pool = pool(1);
    let mut first = true;
    // Each language's files, as last published.
    let mut published: BTreeMap<usize, BTreeMap<String, Arc<[u8]>>> = BTreeMap::new();
    while let Ok(mut work) = rx.recv() {
        let mut received = 1;
        while let Ok(newer) = rx.try_recv() {
            work.merge(newer);
            received += 1;
        }
        let started = Instant::now();
        let indexes = work.jobs.len();
        let prepared = work.prepared;
        let mut built_now = BTreeMap::new();
        let mut failed = false;
        for (n, job) in work.jobs {
            let built = match (&every_core, &pool) {
                (Some(all), _) if first => all.install(|| build(n, &job)),
                (_, Some(one)) if !first => one.install(|| build(n, &job)),
                _ => build(n, &job),
            };
            match built {
                Ok(output) => {
                    let files = output.files.into_iter().map(|(k, v)| (k, Arc::from(v)));
                    built_now.insert(n, files.collect());
                }
                Err(e) => {
                    log.send(ServeEvent::SearchFailed(e));
                    failed = true;
                }
            }
        }
        first = false;
        // Its threads are not needed again.
        every_core = None;
        if failed {
            shared.indexing_done(received);
            continue;
        }
        if work.all {
            published = built_now;
        } else {
            published.extend(built_now);
        }
        let files: BTreeMap<String, Arc<[u8]>> = published
            .values()
            .flat_map(|f| f.iter().map(|(k, v)| (k.clone(), v.clone())))
            .collect();
        shared.publish_search(files);
        shared.indexing_done(received);
        log.send(ServeEvent::SearchIndexed {
            indexes,
            elapsed: started.elapsed(),
            prepared,
        });
    }
}

/// A pool of `threads` threads (0: one per core) for the indexes, whose
/// threads [`yield_to_pages`].
fn pool(threads: usize) -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|n| format!("helpbook-index-{n}"))
        .start_handler(|_| yield_to_pages())
        .build()
        .ok()
}

/// Lowers the calling thread's priority (nice 10), so that on a busy
/// machine the pages a save re-renders, and the requests for them, get the
/// cores before a search index does. Linux only, where the nice value is
/// a thread's own (elsewhere it is the whole process's).
fn yield_to_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; `0` is the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
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
