//! Writing a built site atomically: everything goes into a temporary folder
//! next to the destination, which replaces the old site only once complete.
//! A failed build leaves the previous site untouched.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::Output;

/// Why the site could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// The destination is unsafe to replace (it holds the sources, or
    /// something that is not a built site).
    Refused(String),
    /// The file system failed.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Refused(message) => f.write_str(message),
            WriteError::Io(path, err) => write!(f, "cannot write {}: {err}", path.display()),
        }
    }
}

/// Checks that replacing `dest` cannot destroy the help center's sources or
/// an unrelated folder.
pub fn check_destination(root: &Path, dest: &Path) -> Result<(), WriteError> {
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

/// Writes `output` to `dest`, replacing what was there only when every file
/// has been written.
pub fn write_site(output: &Output, dest: &Path) -> Result<(), WriteError> {
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| WriteError::Io(parent.to_path_buf(), e))?;
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let staging = parent.join(format!(".{name}.helpbook-new-{}", std::process::id()));
    let previous = parent.join(format!(".{name}.helpbook-old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);

    let result = write_all(output, &staging);
    if let Err(err) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }
    // Swap: move the old site aside, move the new one in, delete the old one.
    let had_previous = dest.exists();
    if had_previous {
        fs::rename(dest, &previous).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            WriteError::Io(dest.to_path_buf(), e)
        })?;
    }
    if let Err(e) = fs::rename(&staging, dest) {
        if had_previous {
            let _ = fs::rename(&previous, dest);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(WriteError::Io(dest.to_path_buf(), e));
    }
    if had_previous {
        let _ = fs::remove_dir_all(&previous);
    }
    Ok(())
}

fn write_all(output: &Output, staging: &Path) -> Result<(), WriteError> {
    fs::create_dir_all(staging).map_err(|e| WriteError::Io(staging.to_path_buf(), e))?;
    // Create folders first (sequentially, each once), then write files in parallel.
    let mut dirs: Vec<PathBuf> = output
        .files
        .keys()
        .chain(output.copies.keys())
        .filter_map(|p| Path::new(p).parent().map(|d| staging.join(d)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(|e| WriteError::Io(dir.clone(), e))?;
    }
    output.files.par_iter().try_for_each(|(path, bytes)| {
        let target = staging.join(path);
        let file = fs::File::create(&target).map_err(|e| WriteError::Io(target.clone(), e))?;
        let mut writer = BufWriter::new(file);
        writer
            .write_all(bytes)
            .and_then(|_| writer.flush())
            .map_err(|e| WriteError::Io(target.clone(), e))
    })?;
    output.copies.par_iter().try_for_each(|(path, source)| {
        let target = staging.join(path);
        fs::copy(source, &target)
            .map(|_| ())
            .map_err(|e| WriteError::Io(source.clone(), e))
    })?;
    Ok(())
}
