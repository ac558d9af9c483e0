//! [`Staging`]: the folder beside the destination that a build writes into
//! and swaps in only when complete, and the checks that refuse destinations
//! whose replacement would destroy sources.

use std::collections::HashSet;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::write::error::WriteError;

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
/// failed build), it is deleted and the previous site stays untouched.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    dest: PathBuf,
    previous: PathBuf,
    /// Temporary files of the build, beside (not in) the new site.
    scratch: PathBuf,
    made: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    /// Checks that `dest` may be replaced (see [`check_destination`]) and
    /// creates an empty staging folder beside it.
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
        let dir = parent.join(format!(".{name}.helpbook-new-{}", std::process::id()));
        let previous = parent.join(format!(".{name}.helpbook-old-{}", std::process::id()));
        let scratch = parent.join(format!(".{name}.helpbook-tmp-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let _ = fs::remove_dir_all(&scratch);
        fs::create_dir_all(&dir).map_err(|e| WriteError::Io(dir.clone(), e))?;
        Ok(Staging {
            dir,
            dest: dest.to_path_buf(),
            previous,
            scratch,
            made: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// The destination this staging folder will replace.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// A new, empty folder `name` for temporary files, outside the staging
    /// folder (nothing in it can reach the site) and deleted with it.
    pub fn scratch(&self, name: &str) -> Result<PathBuf, WriteError> {
        let dir = self.scratch.join(name);
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| WriteError::Io(dir.clone(), e))?;
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
        let target = self.folder_for(path)?;
        let file = fs::File::create(&target).map_err(|e| page_error(path, &target, e))?;
        let mut writer = BufWriter::new(file);
        writer
            .write_all(bytes)
            .and_then(|_| writer.flush())
            .map_err(|e| page_error(path, &target, e))
    }

    /// Reads back a file written (`path` relative to the site).
    pub fn read(&self, path: &str) -> Result<Vec<u8>, WriteError> {
        let target = self.dir.join(path);
        fs::read(&target).map_err(|e| WriteError::Io(target, e))
    }

    /// Copies `source` to `path` (relative to the site).
    pub fn copy(&self, path: &str, source: &Path) -> Result<(), WriteError> {
        let target = self.folder_for(path)?;
        fs::copy(source, &target)
            .map(|_| ())
            .map_err(|e| page_error(path, source, e))
    }

    /// Replaces the destination with the staging folder: the old site is
    /// moved aside, the new one moved in, then the old one deleted.
    pub fn commit(mut self) -> Result<(), WriteError> {
        self.committed = true;
        let _ = fs::remove_dir_all(&self.scratch);
        let had_previous = self.dest.exists();
        if had_previous {
            if let Err(e) = fs::rename(&self.dest, &self.previous) {
                let _ = fs::remove_dir_all(&self.dir);
                return Err(WriteError::Io(self.dest.clone(), e));
            }
        }
        if let Err(e) = fs::rename(&self.dir, &self.dest) {
            if had_previous {
                let _ = fs::rename(&self.previous, &self.dest);
            }
            let _ = fs::remove_dir_all(&self.dir);
            return Err(WriteError::Io(self.dest.clone(), e));
        }
        if had_previous {
            remove_in_parallel(&self.previous);
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

/// Deletes a folder, its top-level entries on every core (deleting a large
/// old site is mostly waiting on the file system).
fn remove_in_parallel(dir: &Path) {
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

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
            let _ = fs::remove_dir_all(&self.scratch);
        }
    }
}
