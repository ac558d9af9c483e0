//! `helpbook init`: writes a small starter help center that builds as is.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir, File};

static SCAFFOLD: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/tools/scaffold");

/// Why `init` did nothing.
#[derive(Debug)]
pub enum InitError {
    /// These files already exist; nothing was written.
    Exists(Vec<PathBuf>),
    /// Writing failed.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::Exists(paths) => {
                write!(f, "refusing to overwrite existing files:")?;
                for p in paths {
                    write!(f, "\n  {}", p.display())?;
                }
                write!(f, "\nchoose an empty folder: helpbook init NEW-FOLDER")
            }
            InitError::Io(path, err) => write!(f, "cannot write {}: {err}", path.display()),
        }
    }
}

fn all_files<'a>(dir: &'a Dir<'a>, out: &mut Vec<&'a File<'a>>) {
    out.extend(dir.files());
    for sub in dir.dirs() {
        all_files(sub, out);
    }
}

/// Writes the starter help center into `dir` (created if needed). Checks
/// every file first: if any exists, nothing is written. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    let mut files = Vec::new();
    all_files(&SCAFFOLD, &mut files);
    files.sort_by_key(|f| f.path());
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|f| dir.join(f.path()))
        .filter(|p| p.exists())
        .collect();
    if !existing.is_empty() {
        return Err(InitError::Exists(existing));
    }
    let mut written = Vec::new();
    for file in files {
        let target = dir.join(file.path());
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| InitError::Io(parent.to_path_buf(), e))?;
        }
        std::fs::write(&target, file.contents()).map_err(|e| InitError::Io(target.clone(), e))?;
        written.push(target);
    }
    Ok(written)
}
