//! Diagnostics: problems found in a help center, as values.
//!
//! Every stage of the pipeline returns [`Diagnostic`]s instead of printing or
//! failing early, so one run reports every problem. They are rendered once, at
//! the edge: [`render_human`] for a terminal (with a source excerpt, coloured
//! only on a TTY) and [`render_json`] for machines.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops `build`; `check` exits 1.
    Error,
    /// Reported, but the site is still built.
    Warning,
}

/// One problem, located in a file of the help center.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The file, relative to the help center's root (`content/a/b.md`), if any.
    pub file: Option<PathBuf>,
    /// 1-based line, when the problem has a position.
    pub line: Option<usize>,
    /// 1-based column (in characters), when the problem has a position.
    pub column: Option<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Byte range in the file, used to underline the source excerpt.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// Found while resolving links (a live preview re-checks those on their
    /// own when a linked page changes).
    #[serde(skip)]
    pub from_links: bool,
}

impl Diagnostic {
    /// An error with no location yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A file that is not valid UTF-8 (`bytes`, valid up to byte
    /// `valid_up_to`, as [`std::str::Utf8Error`] says): an error at the
    /// line and column of the first bad byte, with no file yet.
    pub fn not_utf8(bytes: &[u8], valid_up_to: usize) -> Self {
        let valid = valid_up_to.min(bytes.len());
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = bytes[..valid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&bytes[line_start..valid])
            .chars()
            .count()
            + 1;
        let mut d = Diagnostic::error(format!(
            "file is not valid UTF-8 (byte 0x{:02x} at offset {valid})",
            bytes.get(valid).copied().unwrap_or(0)
        ))
        .with_help("save the file as UTF-8 in your editor (it may be Latin-1 or UTF-16)");
        d.line = Some(line);
        d.column = Some(column);
        d
    }

    /// `text` as a message quotes it: on one line (runs of spaces and line
    /// breaks as one space, tabs and other control characters escaped) and at most `max` characters,
    /// cut with `…`.
    pub fn quote(text: &str, max: usize) -> String {
        let mut out = String::new();
        let mut count = 0;
        let mut space = false;
        for c in text.trim().chars() {
            if count == max {
                out.push('…');
                break;
            }
            if matches!(c, ' ' | '\n' | '\r') {
                space = true;
                continue;
            }
            if std::mem::take(&mut space) {
                out.push(' ');
                count += 1;
            }
            if c.is_control() {
                out.extend(c.escape_default());
            } else {
                out.push(c);
            }
            count += 1;
        }
        out
    }

    /// A warning with no location yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: None,
            line: None,
            column: None,
            message: message.into(),
            help: None,
            span: None,
            from_links: false,
        }
    }

    /// Names the file the problem is in.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Locates the problem at a byte range of `source` (the whole file's text).
    pub fn at(mut self, source: &str, span: Range<usize>) -> Self {
        let (line, column) = line_col(source, span.start);
        self.line = Some(line);
        self.column = Some(column);
        self.span = Some(span);
        self
    }

    /// Locates the problem at a line (1-based) with no finer position.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self.column = Some(1);
        self
    }

    /// Adds advice on what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this stops a build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Sort key: file, then position, then text, so output order is stable.
    pub fn sort_key(&self) -> (Option<&Path>, usize, usize, Severity, &str) {
        (
            self.file.as_deref(),
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            self.severity,
            &self.message,
        )
    }
}

/// 1-based line and column (in characters) of byte `offset` in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Every diagnostic of a run, plus the sources needed to show excerpts.
#[derive(Clone, Debug, Default)]
pub struct Report {
    diagnostics: Vec<Diagnostic>,
    sources: BTreeMap<PathBuf, Arc<str>>,
}

impl Report {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Adds many diagnostics.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(diagnostics);
    }

    /// Remembers a file's text so excerpts can be shown for it.
    pub fn add_source(&mut self, file: PathBuf, text: Arc<str>) {
        self.sources.insert(file, text);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    /// A copy holding only the errors (and the sources), for `--quiet`.
    pub fn errors_only(&self) -> Report {
        Report {
            diagnostics: self
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect(),
            sources: self.sources.clone(),
        }
    }

    /// The diagnostics in a stable order (file, line, column), duplicates removed.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        self.sorted_inner()
    }

    /// The texts of the files diagnostics point into.
    pub fn sources(&self) -> &BTreeMap<PathBuf, Arc<str>> {
        &self.sources
    }

    fn sorted_inner(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self.diagnostics.iter().collect();
        all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        all.dedup();
        all
    }
}

/// Writes diagnostics for a person: `error: …`, ` --> file:line:col`, an
/// underlined excerpt and `= help: …`, then a count.
pub fn render_human(
    report: &Report,
    out: &mut dyn codespan_reporting::term::termcolor::WriteColor,
) -> std::io::Result<()> {
    use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
    use codespan_reporting::files::SimpleFiles;
    use codespan_reporting::term;

    let mut files = SimpleFiles::new();
    let mut ids = BTreeMap::new();
    for (path, text) in &report.sources {
        ids.insert(path.clone(), files.add(display_path(path), text.clone()));
    }
    let config = term::Config::default();
    for d in report.sorted() {
        let mut cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_message(&d.message);
        let id = d.file.as_ref().and_then(|f| ids.get(f));
        match (id, &d.span, &d.file) {
            (Some(id), Some(span), _) => {
                cs = cs.with_labels(vec![Label::primary(*id, span.clone())]);
            }
            (_, _, Some(file)) => {
                let location = match (d.line, d.column) {
                    (Some(l), Some(c)) => format!("{}:{l}:{c}", display_path(file)),
                    (Some(l), None) => format!("{}:{l}", display_path(file)),
                    _ => display_path(file),
                };
                cs = cs.with_notes(vec![format!("in {location}")]);
            }
            _ => {}
        }
        if let Some(help) = &d.help {
            cs = cs.with_notes(vec![format!("help: {help}")]);
        }
        term::emit_to_write_style(out, &config, &files, &cs)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
    }
    Ok(())
}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The JSON report printed by `--format json`.
#[derive(Serialize)]
struct JsonReport<'a> {
    ok: bool,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fatal: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
}

/// The diagnostics (and an optional build summary, and a failure outside the
/// content such as an unwritable destination) as one JSON document.
pub fn render_json(
    report: &Report,
    summary: Option<&serde_json::Value>,
    fatal: Option<&str>,
) -> String {
    let json = JsonReport {
        ok: !report.has_errors() && fatal.is_none(),
        errors: report.error_count(),
        warnings: report.warning_count(),
        diagnostics: report
            .sorted()
            .into_iter()
            .map(|d| JsonDiagnostic {
                severity: d.severity,
                file: d.file.as_deref().map(display_path),
                line: d.line,
                column: d.column,
                message: &d.message,
                help: d.help.as_deref(),
            })
            .collect(),
        summary,
        fatal,
    };
    serde_json::to_string_pretty(&json).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let s = "ab\ncdé f\n";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 3), (2, 1));
        // `f` is after a two-byte character.
        assert_eq!(line_col(s, s.find('f').unwrap()), (2, 5));
    }
}
