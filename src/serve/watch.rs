//! Watching the help center's inputs and rebuilding on every save: the
//! notify watcher (changes only: reads of the files while building must not
//! trigger another build) feeds changed paths to one rebuild thread, which
//! waits for a moment of quiet so one save (often several writes) is one
//! rebuild, publishes the new pages, tells the tabs, and asks for the search
//! index once saves pause.

use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::{CONFIG_FILE, CONTENT_DIR};
use crate::serve::live::{url_of, Files, LiveSite, Update};
use crate::serve::log::{Log, Rebuild, ServeEvent};
use crate::serve::search::Indexer;
use crate::serve::shared::{Shared, Status};

/// How long the watcher waits for an editor to finish writing.
const DEBOUNCE: Duration = Duration::from_millis(30);
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
    fn run(mut self, mut watching: Watching, rx: &mpsc::Receiver<PathBuf>) {
        let mut version = 1;
        let mut counts = self.live.counts();
        let mut search_due = false;
        loop {
            let first = if search_due {
                match rx.recv_timeout(SEARCH_QUIET) {
                    Ok(path) => path,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        search_due = false;
                        self.indexer.rebuild(self.live.take_search_jobs());
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
            let paths = watching.batch(first, &self.root, rx);
            if let Err(e) = watching.add_folders() {
                self.log.send(ServeEvent::WatchFailed(e));
            }
            let update = match self.live.apply(&mut self.files, &paths) {
                Ok(update) => update,
                Err(e) => {
                    self.log.send(ServeEvent::RebuildFailed(e.to_string()));
                    continue;
                }
            };
            let now = self.live.counts();
            if update.changed.is_empty() && !update.full && update.fresh.is_empty() && now == counts
            {
                continue;
            }
            counts = now;
            version += 1;
            self.publish(&update, version, counts);
            self.report(&watching.root, paths, update, counts.0);
            search_due = true;
        }
    }

    /// Serves the rebuilt pages and tells the tabs what changed.
    /// `counts` are the numbers of errors and warnings now.
    fn publish(&self, update: &Update, version: u64, counts: (usize, usize)) {
        self.shared.publish_pages(self.files.clone());
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
    }

    /// Logs what a rebuild found and did (`errors`: the site's errors now).
    fn report(&self, root: &Path, paths: Vec<PathBuf>, update: Update, errors: usize) {
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
        }));
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

    /// `first` and the paths that change until [`DEBOUNCE`] passes quietly,
    /// relative to the root (canonical or as given), each once.
    fn batch(&self, first: PathBuf, given: &Path, rx: &mpsc::Receiver<PathBuf>) -> Vec<PathBuf> {
        let mut batch = vec![first];
        while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
            batch.push(more);
        }
        let mut paths: Vec<PathBuf> = Vec::new();
        for path in batch {
            let relative = path
                .strip_prefix(&self.root)
                .or_else(|_| path.strip_prefix(given))
                .map(Path::to_path_buf)
                .unwrap_or(path);
            if !paths.contains(&relative) {
                paths.push(relative);
            }
        }
        paths
    }
}

/// A watcher of the folder `root` (not recursive: the root itself, not
/// book.toml, as editors that save by renaming would end a watch on the
/// file), sending every changed path below `content/`, `themes/` or that is
/// `book.toml`.
fn watcher(root: &Path) -> Result<(RecommendedWatcher, mpsc::Receiver<PathBuf>), String> {
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let inputs = [
        root.join(CONTENT_DIR),
        root.join(THEMES_DIR),
        root.join(CONFIG_FILE),
    ];
    let is_input = move |path: &Path| inputs.iter().any(|input| path.starts_with(input));
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
            ) {
                for path in event.paths {
                    if is_input(&path) {
                        let _ = tx.send(path);
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
