//! A read-only tantivy [`Directory`] over the [`PageCache`]: the index is
//! opened and searched from whatever pages have been fetched. A read of a
//! byte range that is not loaded records the pages it needs; synchronous
//! reads then fail, asynchronous reads stay pending, so that one pass over a
//! query stage collects every page that stage needs.
//!
//! The packed index carries no `meta.json` (reading one would take
//! serde_json's parser and tantivy's schema deserializers into the browser's
//! engine, a sixth of its code): the engine creates the index over this
//! directory from the schema it knows; the small files tantivy writes for
//! that (`meta.json`, `.managed.json`) are kept in memory.

use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::{Directory, HasLen};

use crate::pack::{Manifest, PageCache};

/// The shared page cache.
pub(crate) type SharedCache = Arc<Mutex<PageCache>>;

/// Locks the cache; a poisoned lock (a panic while holding it) is still usable
/// because the cache is never left half-updated.
pub(crate) fn lock(cache: &SharedCache) -> MutexGuard<'_, PageCache> {
    cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The error a read of missing pages returns.
pub(crate) fn missing_error() -> io::Error {
    io::Error::other("helpbook-search: index page not loaded yet")
}

/// A read-only directory serving tantivy's files from the page cache (and
/// the files tantivy writes whole, `atomic_write`, from memory).
#[derive(Clone)]
pub(crate) struct PagedDirectory {
    cache: SharedCache,
    files: Arc<Vec<(PathBuf, Range<u64>)>>,
    written: Arc<Mutex<Vec<WrittenFile>>>,
}

/// A file tantivy wrote whole: its path and bytes.
type WrittenFile = (PathBuf, Vec<u8>);

impl fmt::Debug for PagedDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PagedDirectory")
    }
}

impl PagedDirectory {
    /// A directory for the files listed in `manifest`.
    pub(crate) fn new(manifest: &Manifest, cache: SharedCache) -> PagedDirectory {
        let files = manifest
            .files
            .iter()
            .map(|file| {
                (
                    PathBuf::from(&file.name),
                    file.offset..file.offset + file.len,
                )
            })
            .collect();
        PagedDirectory {
            cache,
            files: Arc::new(files),
            written: Arc::default(),
        }
    }

    /// A file written with `atomic_write`, as last written.
    fn written(&self, path: &Path) -> Option<Vec<u8>> {
        let written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        written
            .iter()
            .find(|(name, _)| name == path)
            .map(|(_, data)| data.clone())
    }

    fn range_of(&self, path: &Path) -> Option<Range<u64>> {
        self.files
            .iter()
            .find(|(name, _)| name == path)
            .map(|(_, range)| range.clone())
    }
}

fn read_only() -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        "the search index is read-only",
    )
}

impl Directory for PagedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let range = self
            .range_of(path)
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        Ok(Arc::new(PagedFile {
            cache: self.cache.clone(),
            range,
        }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(read_only()),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.range_of(path).is_some() || self.written(path).is_some())
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(read_only()),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        if let Some(data) = self.written(path) {
            return Ok(data);
        }
        let range = self
            .range_of(path)
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        lock(&self.cache)
            .read(range)
            .ok_or_else(|| OpenReadError::IoError {
                io_error: Arc::new(missing_error()),
                filepath: path.to_path_buf(),
            })
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        if self.range_of(path).is_some() {
            return Err(read_only());
        }
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        written.retain(|(name, _)| name != path);
        written.push((path.to_path_buf(), data.to_vec()));
        Ok(())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

/// One file of the index.
struct PagedFile {
    cache: SharedCache,
    range: Range<u64>,
}

impl fmt::Debug for PagedFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PagedFile({:?})", self.range)
    }
}

impl PagedFile {
    fn absolute(&self, range: Range<usize>) -> io::Result<Range<u64>> {
        let start = self.range.start + range.start as u64;
        let end = self.range.start + range.end as u64;
        if end > self.range.end || start > end {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "read past the end of an index file",
            ));
        }
        Ok(start..end)
    }
}

impl HasLen for PagedFile {
    fn len(&self) -> usize {
        (self.range.end - self.range.start) as usize
    }
}

#[async_trait::async_trait]
impl FileHandle for PagedFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        let range = self.absolute(range)?;
        let bytes = lock(&self.cache).read(range).ok_or_else(missing_error)?;
        Ok(OwnedBytes::new(bytes))
    }

    async fn read_bytes_async(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        let range = self.absolute(range)?;
        let bytes = lock(&self.cache).read(range);
        match bytes {
            Some(bytes) => Ok(OwnedBytes::new(bytes)),
            // The missing pages are recorded; this attempt stops here and is
            // retried from the start once they are loaded.
            None => std::future::pending().await,
        }
    }
}
