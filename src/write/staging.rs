//! [`Staging`]: the folder beside the destination that a build writes into
//! and swaps in only when complete (and deletes however the build fails,
//! interrupted builds included: [`crate::write::leftovers`]), and the
//! checks that refuse destinations whose replacement would destroy sources.

use std::collections::HashSet;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::write::error::WriteError;
use crate::write::leftovers::{self, unless_cancelled, BuildLock, Kind, Names};

/// Checks that replacing `dest` cannot destroy the help center's sources or
/// an unrelated folder.
pub(crate) fn check_destination(root: &Path, dest: &Path) -> Result<(), WriteError> {
    let canonical_root =
        fs::canonicalize(root).map_err(|e| WriteError::Io(root.to_path_buf(), e))?;
    let canonical_dest = resolve_path(dest).map_err(|e| WriteError::Io(dest.to_path_buf(), e))?;
    for protected in ["content", "themes"] {
        let p = canonical_root.join(protected);
        if canonical_dest.starts_with(&p) {
            return Err(WriteError::Refused(format!(
                "refusing to build into {}: it is inside the help center's {protected}/ folder",
                dest.display()
            )));
        }
    }
    if canonical_root.starts_with(&canonical_dest) {
        return Err(WriteError::Refused(format!(
            "refusing to build into {}: it contains the help center itself",
            dest.display()
        )));
    }
    if canonical_dest.is_file() {
        return Err(WriteError::Refused(format!(
            "the destination {} is a file, not a folder",
            dest.display()
        )));
    }
    if canonical_dest.is_dir() {
        let mut entries =
            fs::read_dir(&canonical_dest).map_err(|e| WriteError::Io(dest.to_path_buf(), e))?;
        let empty = entries.next().is_none();
        if !empty
            && !canonical_dest.join("index.html").is_file()
            && !canonical_dest.join("404.html").is_file()
        {
            return Err(WriteError::Refused(format!(
                "refusing to replace {}: it is not empty and does not look like a built site (no index.html)",
                dest.display()
            )));
        }
    }
    Ok(())
}

/// `path` made absolute and free of `.`/`..`, with symbolic links resolved in
/// the part that exists (the destination itself may not exist yet).
fn resolve_path(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut lexical = PathBuf::new();
    for component in absolute.components() {
        match component {
            std::path::Component::ParentDir => {
                lexical.pop();
            }
            std::path::Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    // Canonicalize the deepest ancestor that exists, then re-append the rest.
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = fs::canonicalize(existing) {
            let mut out = canonical;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Ok(out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(lexical),
        }
    }
}

/// A folder next to the destination that the new site is written into;
/// [`Staging::commit`] swaps it in once complete. Dropped uncommitted (a
/// failed build), it is deleted and the previous site stays untouched. A
/// lock file beside it tells other builds it is in use (see
/// [`crate::write::leftovers`]); builds killed before they could clean up
/// leave folders the next build removes.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    dest: PathBuf,
    previous: PathBuf,
    /// Temporary files of the build, beside (not in) the new site.
    scratch: PathBuf,
    made: Mutex<HashSet<PathBuf>>,
    committed: bool,
    lock: BuildLock,
    /// Its number in the list [`leftovers::cancel`] deletes.
    remembered: u64,
}

impl Staging {
    /// Checks that `dest` may be replaced (see [`check_destination`]),
    /// takes this build's lock, removes what interrupted builds into the
    /// same destination left, and creates an empty staging folder beside it.
    pub fn create(root: &Path, dest: &Path) -> Result<Staging, WriteError> {
        check_destination(root, dest)?;
        let parent = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| WriteError::Io(parent.to_path_buf(), e))?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        let names = Names::new(parent, &name);
        let pid = std::process::id();
        let lock = BuildLock::acquire(names.path(Kind::Lock, pid))?;
        let dir = names.path(Kind::New, pid);
        let previous = names.path(Kind::Previous, pid);
        let scratch = names.path(Kind::Scratch, pid);
        let remembered = leftovers::remember(
            vec![dir.clone(), scratch.clone(), previous.clone()],
            names.path(Kind::Lock, pid),
        );
        leftovers::remove_leftovers(&names, pid);
        // An earlier process with the same id may have left these.
        for folder in [&dir, &scratch, &previous] {
            leftovers::remove_folder(folder);
        }
        let staging = Staging {
            dir,
            dest: dest.to_path_buf(),
            previous,
            scratch,
            made: Mutex::new(HashSet::new()),
            committed: false,
            lock,
            remembered,
        };
        unless_cancelled(&staging.dir, || {
            fs::create_dir_all(&staging.dir).map_err(|e| WriteError::Io(staging.dir.clone(), e))
        })?;
        Ok(staging)
    }

    /// The destination this staging folder will replace.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// A new, empty folder `name` for temporary files, outside the staging
    /// folder (nothing in it can reach the site) and deleted with it.
    pub fn scratch(&self, name: &str) -> Result<PathBuf, WriteError> {
        let dir = self.scratch.join(name);
        unless_cancelled(&dir, || {
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).map_err(|e| WriteError::Io(dir.clone(), e))
        })?;
        Ok(dir)
    }

    /// The folder of `path` inside the staging folder, created once.
    fn folder_for(&self, path: &str) -> Result<PathBuf, WriteError> {
        let target = self.dir.join(path);
        if let Some(folder) = target.parent() {
            let known = self
                .made
                .lock()
                .map(|made| made.contains(folder))
                .unwrap_or(false);
            if !known {
                fs::create_dir_all(folder).map_err(|e| page_error(path, folder, e))?;
                if let Ok(mut made) = self.made.lock() {
                    made.insert(folder.to_path_buf());
                }
            }
        }
        Ok(target)
    }

    /// Writes one file (`path` relative to the site).
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        unless_cancelled(&self.dir, || {
            let target = self.folder_for(path)?;
            let file = fs::File::create(&target).map_err(|e| page_error(path, &target, e))?;
            let mut writer = BufWriter::new(file);
            writer
                .write_all(bytes)
                .and_then(|_| writer.flush())
                .map_err(|e| page_error(path, &target, e))
        })
    }

    /// Reads back a file written (`path` relative to the site).
    pub fn read(&self, path: &str) -> Result<Vec<u8>, WriteError> {
        let target = self.dir.join(path);
        fs::read(&target).map_err(|e| WriteError::Io(target, e))
    }

    /// Copies `source` to `path` (relative to the site).
    pub fn copy(&self, path: &str, source: &Path) -> Result<(), WriteError> {
        unless_cancelled(&self.dir, || {
            let target = self.folder_for(path)?;
            fs::copy(source, &target)
                .map(|_| ())
                .map_err(|e| page_error(path, source, e))
        })
    }

    /// Replaces the destination with the staging folder: the old site is
    /// moved aside, the new one moved in, then the old one deleted.
    pub fn commit(mut self) -> Result<(), WriteError> {
        self.committed = true;
        let _ = fs::remove_dir_all(&self.scratch);
        let had_previous = self.dest.exists();
        // Both renames or neither: a signal's clean-up waits for them.
        unless_cancelled(&self.dest, || {
            if had_previous {
                fs::rename(&self.dest, &self.previous)
                    .map_err(|e| WriteError::Io(self.dest.clone(), e))?;
            }
            fs::rename(&self.dir, &self.dest).map_err(|e| {
                if had_previous {
                    let _ = fs::rename(&self.previous, &self.dest);
                }
                WriteError::Io(self.dest.clone(), e)
            })
        })
        .inspect_err(|_| leftovers::remove_folder(&self.dir))?;
        if had_previous {
            leftovers::remove_folder(&self.previous);
        }
        Ok(())
    }
}

/// Why the site's file `page` could not be written: `error` at `path`.
fn page_error(page: &str, path: &Path, error: io::Error) -> WriteError {
    WriteError::Page {
        page: page.to_string(),
        path: path.to_path_buf(),
        error,
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
            let _ = fs::remove_dir_all(&self.scratch);
        }
        leftovers::forget(self.remembered);
        self.lock.release();
    }
}
