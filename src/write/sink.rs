//! [`Sink`]: where each rendered file goes the moment it is ready (memory,
//! nowhere, or the staging folder).

use std::path::{Path, PathBuf};

use crate::write::error::WriteError;
use crate::write::staging::Staging;

/// Where a build's files go, as soon as each is rendered.
#[derive(Clone, Copy)]
pub enum Sink<'a> {
    /// Kept in the build's output (a live preview serves them from memory).
    Memory,
    /// Dropped (`check` renders every page only to find template errors).
    Discard,
    /// Written into a staging folder (`build`): no finished page waits in
    /// memory for the rest.
    Staging(&'a Staging),
}

impl Sink<'_> {
    /// Takes a rendered file: `Some(bytes)` back when it is to be kept in
    /// memory.
    pub fn put(&self, path: &str, bytes: Vec<u8>) -> Result<Option<Vec<u8>>, WriteError> {
        match self {
            Sink::Memory => Ok(Some(bytes)),
            Sink::Discard => Ok(None),
            Sink::Staging(staging) => staging.write(path, &bytes).map(|_| None),
        }
    }

    /// The bytes of a file already given to a staging folder (the search
    /// tests read the index back); `None` for memory and discard, where
    /// nothing was written.
    pub fn read(&self, path: &str) -> Option<Result<Vec<u8>, WriteError>> {
        match self {
            Sink::Memory | Sink::Discard => None,
            Sink::Staging(staging) => Some(staging.read(path)),
        }
    }

    /// A new, empty folder for temporary files named `name` (a large search
    /// index's cards wait there), deleted with the staging folder; `None`
    /// when files are kept in memory.
    pub fn scratch(&self, name: &str) -> Result<Option<PathBuf>, WriteError> {
        match self {
            Sink::Memory | Sink::Discard => Ok(None),
            Sink::Staging(staging) => staging.scratch(name).map(Some),
        }
    }

    /// Takes a file to copy as it is: `true` when it is to be kept in
    /// the build's output.
    pub fn copy(&self, path: &str, source: &Path) -> Result<bool, WriteError> {
        match self {
            Sink::Memory => Ok(true),
            Sink::Discard => Ok(false),
            Sink::Staging(staging) => staging.copy(path, source).map(|_| false),
        }
    }
}
