//! Why a site could not be written.

use std::io;
use std::path::PathBuf;

/// Why the site could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// The destination is unsafe to replace (it holds the sources, or
    /// something that is not a built site).
    Refused(String),
    /// The file system failed.
    Io(PathBuf, io::Error),
    /// A file of the site could not be written.
    Page {
        /// Its path in the site (`account/reset/index.html`).
        page: String,
        /// The file or folder that failed.
        path: PathBuf,
        /// Why.
        error: io::Error,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Refused(message) => f.write_str(message),
            WriteError::Io(path, err) => write!(f, "cannot write {}: {err}", path.display()),
            WriteError::Page { page, path, error } => {
                write!(f, "cannot write /{page} ({}): {error}", path.display())
            }
        }
    }
}
