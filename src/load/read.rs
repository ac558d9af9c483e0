//! Reading a content file as text: a regular file only (not a FIFO or a
//! device), a size limit (a log or a data dump would slow every build; at
//! most one byte past it is ever read) and a UTF-8 check that says where
//! the first bad byte is.

use std::path::Path;

use crate::base::diagnostic::Diagnostic;
use crate::base::files::{megabytes, read_limited, FileProblem, MAX_TEXT_BYTES};

/// Markdown files larger than this are refused: they are almost certainly a
/// mistake (a log or a data dump), and would slow every build.
pub const MAX_MARKDOWN_BYTES: u64 = MAX_TEXT_BYTES;

/// Reads a file as UTF-8 text, refusing huge files, anything that is not a
/// regular file, and invalid encodings with a diagnostic that says where
/// and what to do.
pub(crate) fn read_text(path: &Path, relative: &Path) -> Result<String, Diagnostic> {
    let bytes = read_limited(path, MAX_MARKDOWN_BYTES).map_err(|problem| match problem {
        FileProblem::TooLarge(size) => Diagnostic::error(format!(
            "file is too large ({}; the limit is {} MB)",
            megabytes(size),
            MAX_MARKDOWN_BYTES / 1_048_576
        ))
        .in_file(relative)
        .with_help("split it into several articles, or move data files out of content/"),
        FileProblem::NotRegular(kind) => not_a_file(relative, kind),
        FileProblem::Io(e) => Diagnostic::error(format!("cannot read file: {e}"))
            .in_file(relative)
            .with_help("check that the file exists and that you can read it"),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        Diagnostic::not_utf8(e.as_bytes(), e.utf8_error().valid_up_to()).in_file(relative)
    })
}

/// The error for `relative`, which is `kind` ("a FIFO (named pipe)"), not a
/// regular file: it is skipped.
pub(crate) fn not_a_file(relative: &Path, kind: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "{} is {kind}, not a regular file: it was skipped",
        relative.display()
    ))
    .in_file(relative)
    .with_help("helpbook reads only regular files from content/ (not pipes, sockets or devices): remove it, or put the file itself there")
}
