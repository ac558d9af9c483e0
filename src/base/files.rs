//! Reading a help center's own files with care: only regular files (a FIFO
//! would hang the run, a link to `/dev/zero` would never end), never more
//! than a limit, and symbolic links that stay inside the help center unless
//! the caller allows more ([`LinkGuard`]).

use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Text files read whole (articles, `book.toml`, templates, a theme's
/// strings) larger than this are refused: they are almost certainly a
/// mistake (a log or a data dump), and would slow every build.
pub(crate) const MAX_TEXT_BYTES: u64 = 8 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub(crate) enum FileProblem {
    /// It is not a regular file; what it is, in words ("a FIFO (named pipe)").
    NotRegular(&'static str),
    /// It is larger than the limit: its size in bytes, as far as known.
    TooLarge(u64),
    /// The system refused.
    Io(io::Error),
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileProblem::NotRegular(kind) => write!(f, "it is {kind}, not a regular file"),
            FileProblem::TooLarge(size) => write!(f, "it is too large ({})", megabytes(*size)),
            FileProblem::Io(err) => err.fmt(f),
        }
    }
}

impl From<FileProblem> for io::Error {
    fn from(problem: FileProblem) -> io::Error {
        match problem {
            FileProblem::Io(err) => err,
            other => io::Error::new(io::ErrorKind::InvalidInput, other.to_string()),
        }
    }
}

/// `8.0 MB`.
pub(crate) fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

/// What a file is, in words, when it is neither a regular file nor a
/// folder (`None` for those two).
pub(crate) fn special_kind(file_type: fs::FileType) -> Option<&'static str> {
    if file_type.is_file() || file_type.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_char_device() {
            return Some("a character device");
        }
        if file_type.is_block_device() {
            return Some("a block device");
        }
    }
    Some("a special file")
}

/// Opens `path` (following links) for reading when it is a regular file.
/// A FIFO is opened without waiting for a writer, then refused.
pub(crate) fn open_regular(path: &Path) -> Result<(File, Metadata), FileProblem> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Only changes how a FIFO or a device opens; a regular file reads as usual.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(FileProblem::Io)?;
    let metadata = file.metadata().map_err(FileProblem::Io)?;
    if metadata.is_dir() {
        return Err(FileProblem::NotRegular("a folder"));
    }
    if let Some(kind) = special_kind(metadata.file_type()) {
        return Err(FileProblem::NotRegular(kind));
    }
    Ok((file, metadata))
}

/// Reads the regular file at `path` whole, refusing it when it holds more
/// than `limit` bytes: at most `limit + 1` bytes are read, whatever the
/// file claims (it may grow while it is read).
pub(crate) fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, FileProblem> {
    let (file, metadata) = open_regular(path)?;
    if metadata.len() > limit {
        return Err(FileProblem::TooLarge(metadata.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(FileProblem::Io)?;
    if bytes.len() as u64 > limit {
        return Err(FileProblem::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Which symbolic links a help center's files may be: those that lead
/// somewhere inside its root folder, or (when allowed) any.
#[derive(Clone, Debug)]
pub(crate) struct LinkGuard {
    /// The root, symbolic links resolved.
    root: PathBuf,
    /// Links out of the root are followed.
    follow_external: bool,
}

impl LinkGuard {
    /// A guard for the help center at `root`.
    pub(crate) fn new(root: &Path, follow_external: bool) -> LinkGuard {
        LinkGuard {
            root: fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            follow_external,
        }
    }

    /// Where `path` leads when it is a symbolic link to somewhere outside
    /// the root and such links are not allowed; `None` for anything else
    /// (not a link, a link inside, a broken link: reading it will say).
    pub(crate) fn refuses(&self, path: &Path) -> Option<PathBuf> {
        if self.follow_external {
            return None;
        }
        let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return None;
        }
        let target = fs::canonicalize(path).ok()?;
        (!target.starts_with(&self.root)).then_some(target)
    }

    /// [`LinkGuard::refuses`] for `path` and each folder between the root
    /// and it (a file read again after the walk that found it: a folder on
    /// the way may have become a link since).
    pub(crate) fn refuses_on_the_way(&self, path: &Path) -> Option<PathBuf> {
        if self.follow_external {
            return None;
        }
        let target = fs::canonicalize(path).ok()?;
        (!target.starts_with(&self.root)).then_some(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_small_file_and_refuses_a_large_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, b"hello").unwrap();
        assert_eq!(read_limited(&path, 5).unwrap(), b"hello");
        assert!(matches!(
            read_limited(&path, 4),
            Err(FileProblem::TooLarge(5))
        ));
    }

    #[test]
    fn refuses_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_limited(dir.path(), 10),
            Err(FileProblem::NotRegular("a folder"))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_device_without_reading_it() {
        assert!(matches!(
            read_limited(Path::new("/dev/zero"), 10),
            Err(FileProblem::NotRegular("a character device"))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_root_are_refused_unless_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        fs::create_dir(&root).unwrap();
        fs::write(dir.path().join("outside.txt"), b"x").unwrap();
        fs::write(root.join("inside.txt"), b"x").unwrap();
        std::os::unix::fs::symlink("../outside.txt", root.join("out")).unwrap();
        std::os::unix::fs::symlink("inside.txt", root.join("in")).unwrap();
        let guard = LinkGuard::new(&root, false);
        assert!(guard.refuses(&root.join("out")).is_some());
        assert!(guard.refuses(&root.join("in")).is_none());
        assert!(guard.refuses(&root.join("inside.txt")).is_none());
        assert!(LinkGuard::new(&root, true)
            .refuses(&root.join("out"))
            .is_none());
    }
}
