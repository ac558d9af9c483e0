//! Watching the help center's inputs and rebuilding on every save: the
//! notify watcher (changes only: reads of the files while building must not
//! trigger another build) feeds changed paths to one rebuild thread, which
//! waits for a moment of quiet so one save (often several writes) is one
//! rebuild, publishes the new pages, tells the tabs, and asks for the search
//! index once saves pause.

use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::{CONFIG_FILE, CONTENT_DIR};
use crate::serve::live::{is_scratch_file, url_of, Files, LiveSite, Update};
use crate::serve::log::{Log, Rebuild, ServeEvent, Timings};
use crate::serve::search::Indexer;
use crate::serve::shared::{Shared, Status};

/// How long the watcher waits for an editor to finish writing.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// How long it waits for more once every file changed is complete (an
/// article's file closed after writing or renamed into place): a tool
/// saving several files at once writes them back to back.
const SETTLED: Duration = Duration::from_millis(2);
/// How long saves must pause before the search index is rebuilt.
const SEARCH_QUIET: Duration = Duration::from_millis(400);
/// The folder of theme overrides.
const THEMES_DIR: &str = "themes";

/// The rebuild thread's state.
pub(crate) struct Rebuilder {
    /// The help center in memory.
    pub live: LiveSite,
    /// Its files, as last published.
    pub files: Files,
    /// What the server reads.
    pub shared: Arc<Shared>,
    /// The search-index thread.
    pub indexer: Indexer,
    /// Where events go.
    pub log: Log,
    /// The help center's root as given on the command line.
    pub root: PathBuf,
}

impl Rebuilder {
    /// Starts watching the inputs and the rebuild thread. `Err` when the
    /// help center's root cannot be watched.
    pub(super) fn start(self) -> Result<(), String> {
        let root_abs = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        let (watcher, rx) = watcher(&root_abs)?;
        let mut watching = Watching {
            watcher,
            root: root_abs,
            folders: Vec::new(),
        };
        watching.add_folders()?;
        std::thread::spawn(move || self.run(watching, &rx));
        Ok(())
    }

    /// Rebuilds on every batch of changes until the watcher stops; after
    /// pages change, the search index is rebuilt once saves pause for a
    /// moment: typing never waits for it.
    fn run(mut self, mut watching: Watching, rx: &mpsc::Receiver<Change>) {
        let mut version = 1;
        let mut counts = self.live.counts();
        let mut search_due = false;
        // A change that stopped the gathering of the search indexes' input.
        let mut waiting: Option<Change> = None;
        loop {
            let first = if let Some(change) = waiting.take() {
                change
            } else if search_due {
                match rx.recv_timeout(SEARCH_QUIET) {
                    Ok(path) => path,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        // A save stops the gathering (the indexes stay due).
                        let stop = || {
                            waiting = rx.try_recv().ok();
                            waiting.is_some()
                        };
                        if let Some(jobs) = self.live.take_search_jobs_unless(stop) {
                            search_due = false;
                            self.indexer.rebuild(jobs);
                        }
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            } else {
                match rx.recv() {
                    Ok(path) => path,
                    Err(_) => break,
                }
            };
            let mut timings = Timings::starting(first.at);
            let live = &self.live;
            let paths = watching.batch(first, &self.root, rx, |p| live.is_article_file(p));
            timings.lap("debounce");
            if let Err(e) = watching.add_folders() {
                self.log.send(ServeEvent::WatchFailed(e));
            }
            let mut update = match self.live.apply(&mut self.files, &paths) {
                Ok(update) => update,
                Err(e) => {
                    self.log.send(ServeEvent::RebuildFailed(e.to_string()));
                    continue;
                }
            };
            timings.extend(std::mem::take(&mut update.timings));
            let now = self.live.counts();
            if update.changed.is_empty() && !update.full && update.fresh.is_empty() && now == counts
            {
                continue;
            }
            counts = now;
            version += 1;
            timings.lap("counts");
            self.publish(&update, version, counts, &mut timings);
            self.report(&watching.root, paths, update, counts.0, timings);
            search_due = true;
        }
    }

    /// Serves the rebuilt pages and tells the tabs what changed.
    /// `counts` are the numbers of errors and warnings now.
    fn publish(
        &self,
        update: &Update,
        version: u64,
        counts: (usize, usize),
        timings: &mut Timings,
    ) {
        self.shared.publish_pages(self.files.clone());
        timings.lap("publish");
        if let Some(site) = self.live.site() {
            self.shared.set_base(site.config.base_path.clone());
        }
        let base = self.shared.base();
        let changed = update
            .changed
            .iter()
            .map(|p| {
                if p == "*" {
                    p.clone()
                } else {
                    format!("{base}{}", url_of(p))
                }
            })
            .collect();
        self.shared.announce(&Status::new(
            &self.live.errors(),
            counts,
            version,
            changed,
            update.full,
        ));
        timings.lap("announce");
    }

    /// Logs what a rebuild found and did (`errors`: the site's errors now).
    fn report(
        &self,
        root: &Path,
        paths: Vec<PathBuf>,
        update: Update,
        errors: usize,
        timings: Timings,
    ) {
        // Name the file that was saved, not an editor's temporary files.
        let saved = paths
            .into_iter()
            .filter(|p| root.join(p).is_file() || p.extension().is_some_and(|e| e == "md"))
            .collect();
        self.log.send(ServeEvent::Rebuilt(Rebuild {
            diagnostics: self.live.report_of(update.fresh),
            saved,
            full: update.full,
            rendered: update.rendered,
            changed: update.changed.len(),
            elapsed: update.elapsed,
            errors,
            timings,
        }));
    }
}

/// Whether a change to `relative` needs no wait for more: an editor's
/// scratch file (which rebuilds nothing), or an article's file left
/// `complete`. A new file (`sed -i`'s temporary file, written and closed
/// before it is renamed over an article) waits: rebuilt alone, it would
/// rebuild the whole site.
fn is_ready(relative: &Path, complete: bool, is_article: impl Fn(&Path) -> bool) -> bool {
    let scratch = relative
        .file_name()
        .is_some_and(|n| is_scratch_file(&n.to_string_lossy()));
    scratch || (complete && is_article(relative))
}

/// A path the watcher saw change, and when.
struct Change {
    path: PathBuf,
    /// When the watcher heard of it.
    at: Instant,
    /// Whether the change leaves the file complete: closed after writing,
    /// or renamed into place (not when it is still being written, gone or
    /// renamed away).
    complete: bool,
}

/// Whether the `n`th path of a notify `event` is left complete by it (see
/// [`Change::complete`]); `None` for events that change nothing (reads,
/// closes after reading).
fn completes(event: &EventKind, n: usize) -> Option<bool> {
    match event {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(true),
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => Some(true),
        // Both: the path it had, then the path it has.
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => Some(n == 1),
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any => {
            Some(false)
        }
        EventKind::Access(_) | EventKind::Other => None,
    }
}

/// A watcher of the help center's inputs, and the folders it watches
/// recursively.
struct Watching {
    watcher: RecommendedWatcher,
    /// The help center's root, canonical.
    root: PathBuf,
    /// `content/` and `themes/`, once watched.
    folders: Vec<PathBuf>,
}

impl Watching {
    /// Watches `content/` and `themes/` (recursively) if they exist and
    /// are not watched yet: a theme folder created while serving is picked
    /// up.
    fn add_folders(&mut self) -> Result<(), String> {
        for name in [CONTENT_DIR, THEMES_DIR] {
            let path = self.root.join(name);
            if path.is_dir() && !self.folders.contains(&path) {
                self.watcher
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
                self.folders.push(path);
            } else if !path.is_dir() {
                // Gone (or never there): watch it again when it comes back.
                self.folders.retain(|p| p != &path);
            }
        }
        Ok(())
    }

    /// `first` and the paths that change until [`DEBOUNCE`] passes quietly
    /// — or only [`SETTLED`] once each path is an editor's scratch file or
    /// an article's file (`is_article`, given the path relative to the
    /// root) whose last change left it complete —, relative to the root
    /// (canonical or as given), each once.
    fn batch(
        &self,
        first: Change,
        given: &Path,
        rx: &mpsc::Receiver<Change>,
        is_article: impl Fn(&Path) -> bool,
    ) -> Vec<PathBuf> {
        // Each path with whether its change so far can be rebuilt at once.
        let mut paths: Vec<(PathBuf, bool)> = Vec::new();
        let mut next = Some(first);
        while let Some(change) = next {
            let relative = change
                .path
                .strip_prefix(&self.root)
                .or_else(|_| change.path.strip_prefix(given))
                .map(Path::to_path_buf)
                .unwrap_or(change.path);
            let ready = is_ready(&relative, change.complete, &is_article);
            match paths.iter_mut().find(|(p, _)| *p == relative) {
                Some(seen) => seen.1 = ready,
                None => paths.push((relative, ready)),
            }
            let wait = if paths.iter().all(|(_, ready)| *ready) {
                SETTLED
            } else {
                DEBOUNCE
            };
            next = rx.recv_timeout(wait).ok();
        }
        paths.into_iter().map(|(p, _)| p).collect()
    }
}

/// A watcher of the folder `root` (not recursive: the root itself, not
/// book.toml, as editors that save by renaming would end a watch on the
/// file), sending every changed path below `content/`, `themes/` or that is
/// `book.toml`.
fn watcher(root: &Path) -> Result<(RecommendedWatcher, mpsc::Receiver<Change>), String> {
    let (tx, rx) = mpsc::channel::<Change>();
    let inputs = [
        root.join(CONTENT_DIR),
        root.join(THEMES_DIR),
        root.join(CONFIG_FILE),
    ];
    let is_input = move |path: &Path| inputs.iter().any(|input| path.starts_with(input));
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            let at = Instant::now();
            for (n, path) in event.paths.into_iter().enumerate() {
                if let Some(complete) = completes(&event.kind, n) {
                    if is_input(&path) {
                        let _ = tx.send(Change { path, at, complete });
                    }
                }
            }
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    Ok((watcher, rx))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RemoveKind};

    fn is_guide(path: &Path) -> bool {
        path == Path::new("content/help/guide.md")
    }

    #[test]
    fn only_an_article_written_whole_or_renamed_into_place_is_complete() {
        let write = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert_eq!(completes(&write, 0), Some(true));
        let to = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        assert_eq!(completes(&to, 0), Some(true));
        let both = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert_eq!(
            (completes(&both, 0), completes(&both, 1)),
            (Some(false), Some(true))
        );
        let from = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        assert_eq!(completes(&from, 0), Some(false));
        let data = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        assert_eq!(completes(&data, 0), Some(false));
        assert_eq!(
            completes(&EventKind::Create(CreateKind::File), 0),
            Some(false)
        );
        assert_eq!(
            completes(&EventKind::Remove(RemoveKind::File), 0),
            Some(false)
        );
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        assert_eq!(completes(&read, 0), None);
    }

    #[test]
    fn a_new_file_waits_even_when_complete_and_scratch_files_never_do() {
        let guide = Path::new("content/help/guide.md");
        assert!(is_ready(guide, true, is_guide));
        assert!(!is_ready(guide, false, is_guide));
        // sed -i's temporary file, closed before the rename over the article.
        assert!(!is_ready(
            Path::new("content/help/sedQ1w2E3"),
            true,
            is_guide
        ));
        assert!(!is_ready(Path::new("content/help/new.md"), true, is_guide));
        assert!(is_ready(
            Path::new("content/help/.guide.md.swp"),
            false,
            is_guide
        ));
        assert!(is_ready(
            Path::new("content/help/guide.md~"),
            false,
            is_guide
        ));
    }

    #[test]
    fn a_batch_names_each_path_once_relative_to_the_root() {
        let root = PathBuf::from("/site");
        let (tx, rx) = mpsc::channel();
        let change = |path: &str, complete| Change {
            path: root.join(path),
            at: Instant::now(),
            complete,
        };
        tx.send(change("content/help/guide.md", true)).unwrap();
        tx.send(change("content/help/sedQ1w2E3", false)).unwrap();
        let watching = Watching {
            watcher: notify::recommended_watcher(|_: notify::Result<notify::Event>| {}).unwrap(),
            root: root.clone(),
            folders: Vec::new(),
        };
        let first = change("content/help/guide.md", false);
        let batch = watching.batch(first, &root, &rx, is_guide);
        assert_eq!(
            batch,
            [
                PathBuf::from("content/help/guide.md"),
                PathBuf::from("content/help/sedQ1w2E3")
            ]
        );
    }
}
