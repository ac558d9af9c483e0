//! What a build leaves beside its destination while it runs, and what
//! happens to it when the build is interrupted: the lock file each build
//! holds (an OS lock, released by the system however the process ends),
//! the removal of folders left by builds that no longer run, and the
//! cancelling of this process's builds when a signal stops it.
//!
//! A build with process id `pid` writing `site` uses, beside it:
//! `.site.helpbook-lock-<pid>` (created and locked first, unlinked last),
//! `.site.helpbook-new-<pid>` (the new site), `.site.helpbook-tmp-<pid>`
//! (scratch files) and `.site.helpbook-old-<pid>` (the previous site while
//! it is deleted). A folder whose lock file is missing or can be locked
//! belongs to a build that ended without cleaning up (`kill -9`, a power
//! cut): the next build removes it.

use std::collections::BTreeSet;
use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

use rayon::prelude::*;

use crate::write::error::WriteError;

/// The kinds of entries a build makes beside its destination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The new site (`-new-`).
    New,
    /// Temporary files (`-tmp-`).
    Scratch,
    /// The previous site, moved aside to be deleted (`-old-`).
    Previous,
    /// The lock file (`-lock-`).
    Lock,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::New, Kind::Scratch, Kind::Previous, Kind::Lock];
    const FOLDERS: [Kind; 3] = [Kind::New, Kind::Scratch, Kind::Previous];

    fn word(self) -> &'static str {
        match self {
            Kind::New => "new",
            Kind::Scratch => "tmp",
            Kind::Previous => "old",
            Kind::Lock => "lock",
        }
    }
}

/// The names of the entries builds of one destination make beside it.
#[derive(Clone, Debug)]
pub(crate) struct Names {
    /// The destination's parent folder.
    parent: PathBuf,
    /// `.<destination's name>.helpbook-`.
    prefix: String,
}

impl Names {
    /// The names for builds into `parent/name`.
    pub(crate) fn new(parent: &Path, name: &str) -> Names {
        Names {
            parent: parent.to_path_buf(),
            prefix: format!(".{name}.helpbook-"),
        }
    }

    /// The entry of `kind` of the build with process id `pid`.
    pub(crate) fn path(&self, kind: Kind, pid: u32) -> PathBuf {
        self.parent
            .join(format!("{}{}-{pid}", self.prefix, kind.word()))
    }

    /// The process id in an entry's name, when it is one of ours.
    fn pid_of(&self, file_name: &str) -> Option<u32> {
        let rest = file_name.strip_prefix(&self.prefix)?;
        let (word, pid) = rest.split_once('-')?;
        let known = Kind::ALL.iter().any(|k| k.word() == word);
        let digits = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
        (known && digits).then(|| pid.parse().ok()).flatten()
    }
}

/// The lock a running build holds on its lock file: other builds leave its
/// folders alone while it is held. The system releases it when the process
/// ends, however it ends.
#[derive(Debug)]
pub(crate) struct BuildLock {
    path: PathBuf,
    file: Option<File>,
}

impl BuildLock {
    /// Creates and locks the lock file at `path` (waiting, at most briefly,
    /// for a build that is removing a dead one's leftovers). A file system
    /// without locks gives a lock file that is not locked, which other
    /// builds then never remove.
    pub(crate) fn acquire(path: PathBuf) -> Result<BuildLock, WriteError> {
        loop {
            let file = fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| WriteError::Io(path.clone(), e))?;
            if file.lock().is_err() {
                return Ok(BuildLock {
                    path,
                    file: Some(file),
                });
            }
            // Another build may have removed the file between our open and
            // our lock (it found it unlocked): lock a file that is there.
            if same_file(&file, &path) {
                return Ok(BuildLock {
                    path,
                    file: Some(file),
                });
            }
        }
    }

    /// Unlinks the lock file, then releases the lock.
    pub(crate) fn release(&mut self) {
        if let Some(file) = self.file.take() {
            let _ = fs::remove_file(&self.path);
            drop(file);
        }
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        self.release();
    }
}

/// Whether the open `file` is the one at `path` now.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether the open `file` is the one at `path` now (elsewhere an open file
/// cannot be removed, so it is).
#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// Removes what builds into the same destination that no longer run left
/// beside it (all but `own`, this build's process id): their folders, then
/// their lock files. A build that still runs holds its lock and is left
/// alone.
pub(crate) fn remove_leftovers(names: &Names, own: u32) {
    let Ok(entries) = fs::read_dir(&names.parent) else {
        return;
    };
    let pids: BTreeSet<u32> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| names.pid_of(&e.file_name().to_string_lossy()))
        .filter(|&pid| pid != own)
        .collect();
    for pid in pids {
        let lock_path = names.path(Kind::Lock, pid);
        let held = match fs::OpenOptions::new().write(true).open(&lock_path) {
            // No lock file: a build that never took one (or has let it go).
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(_) => continue,
            Ok(file) => match file.try_lock() {
                Ok(()) => Some(file),
                // Running, or locks cannot tell: leave it alone.
                Err(TryLockError::WouldBlock) | Err(TryLockError::Error(_)) => continue,
            },
        };
        for kind in Kind::FOLDERS {
            remove_folder(&names.path(kind, pid));
        }
        if held.is_some() {
            let _ = fs::remove_file(&lock_path);
        }
    }
}

/// Deletes a folder, its top-level entries on every core (deleting a large
/// site is mostly waiting on the file system).
pub(crate) fn remove_folder(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        let entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.par_iter().for_each(|path| {
            let _ = if path.is_dir() {
                fs::remove_dir_all(path)
            } else {
                fs::remove_file(path)
            };
        });
    }
    let _ = fs::remove_dir_all(dir);
}

/// Set once this process's builds are cancelled: nothing more is written.
static STOPPED: RwLock<bool> = RwLock::new(false);

/// What every build of this process that has not finished made beside its
/// destination (its folders, the new site first, and its lock file), to
/// delete if it is cancelled.
static RUNNING: Mutex<Vec<(u64, Vec<PathBuf>, PathBuf)>> = Mutex::new(Vec::new());

/// Remembers a build's `folders` (the new site first) and `lock` file
/// until [`forget`] with the returned number.
pub(crate) fn remember(folders: Vec<PathBuf>, lock: PathBuf) -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    RUNNING
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push((id, folders, lock));
    id
}

/// Forgets the build [`remember`] returned `id` for.
pub(crate) fn forget(id: u64) {
    RUNNING
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .retain(|(i, _, _)| *i != id);
}

/// Runs `write` (a change under the destination's parent: `path` is what
/// it changes) unless this process's builds were cancelled; [`cancel`]
/// waits for the writes under way.
pub(crate) fn unless_cancelled<T>(
    path: &Path,
    write: impl FnOnce() -> Result<T, WriteError>,
) -> Result<T, WriteError> {
    let stopped = STOPPED.read().unwrap_or_else(|p| p.into_inner());
    if *stopped {
        return Err(WriteError::Io(
            path.to_path_buf(),
            io::Error::new(io::ErrorKind::Interrupted, "the build was interrupted"),
        ));
    }
    write()
}

/// Stops every build of this process from writing (a write under way
/// finishes first) and deletes what they made beside their destinations,
/// lock files last. For a signal handler, which then exits; returns how
/// many builds were stopped before they replaced their destination.
pub(crate) fn cancel() -> usize {
    *STOPPED.write().unwrap_or_else(|p| p.into_inner()) = true;
    let running = std::mem::take(&mut *RUNNING.lock().unwrap_or_else(|p| p.into_inner()));
    let mut unfinished = 0;
    for (_, folders, lock) in &running {
        if folders.first().is_some_and(|new| new.exists()) {
            unfinished += 1;
        }
        for folder in folders {
            // A thread that was writing into it may have made a folder again.
            for _ in 0..5 {
                remove_folder(folder);
                if !folder.exists() {
                    break;
                }
            }
        }
        let _ = fs::remove_file(lock);
    }
    unfinished
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_back() {
        let names = Names::new(Path::new("/x"), "site");
        assert_eq!(
            names.path(Kind::New, 42),
            Path::new("/x/.site.helpbook-new-42")
        );
        assert_eq!(names.pid_of(".site.helpbook-tmp-42"), Some(42));
        assert_eq!(names.pid_of(".site.helpbook-lock-7"), Some(7));
        assert_eq!(names.pid_of(".site.helpbook-new-"), None);
        assert_eq!(names.pid_of(".site.helpbook-new-4x"), None);
        assert_eq!(names.pid_of(".site.helpbook-other-4"), None);
        assert_eq!(names.pid_of(".docs.helpbook-new-4"), None);
    }

    #[test]
    fn leftovers_of_a_dead_build_go_and_a_running_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        let names = Names::new(dir.path(), "site");
        // A dead build: folders and a lock file nobody holds.
        fs::create_dir(names.path(Kind::New, 1)).unwrap();
        fs::write(names.path(Kind::New, 1).join("a.html"), b"x").unwrap();
        fs::create_dir(names.path(Kind::Scratch, 1)).unwrap();
        fs::write(names.path(Kind::Lock, 1), b"").unwrap();
        // An older helpbook's: no lock file at all.
        fs::create_dir(names.path(Kind::Previous, 2)).unwrap();
        // A running build: its lock is held.
        let running = BuildLock::acquire(names.path(Kind::Lock, 3)).unwrap();
        fs::create_dir(names.path(Kind::New, 3)).unwrap();
        remove_leftovers(&names, 99);
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".site.helpbook-lock-3", ".site.helpbook-new-3"]);
        drop(running);
        assert!(!names.path(Kind::Lock, 3).exists(), "released, unlinked");
    }
}
