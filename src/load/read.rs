//! Reading a content file as text: a size limit (a log or a data dump
//! would slow every build) and a UTF-8 check that says where the first bad
//! byte is.

use std::path::Path;

use crate::base::diagnostic::Diagnostic;

/// Markdown files larger than this are refused: they are almost certainly a
/// mistake (a log or a data dump), and would slow every build.
pub const MAX_MARKDOWN_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a file as UTF-8 text, refusing huge files and invalid encodings with
/// a diagnostic that says where and what to do.
pub(crate) fn read_text(path: &Path, relative: &Path) -> Result<String, Diagnostic> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_MARKDOWN_BYTES {
        return Err(Diagnostic::error(format!(
            "file is too large ({:.1} MB; the limit is {} MB)",
            size as f64 / 1_048_576.0,
            MAX_MARKDOWN_BYTES / 1_048_576
        ))
        .in_file(relative)
        .with_help("split it into several articles, or move data files out of content/"));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(format!("cannot read file: {e}"))
            .in_file(relative)
            .with_help("check that the file exists and that you can read it")
    })?;
    String::from_utf8(bytes).map_err(|e| {
        Diagnostic::not_utf8(e.as_bytes(), e.utf8_error().valid_up_to()).in_file(relative)
    })
}
