//! Paths as helpbook names them: relative, with `/` separators.

use std::path::Path;

/// A relative path with `/` separators on every platform (`a/b.md`).
pub(crate) fn slash_path(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
