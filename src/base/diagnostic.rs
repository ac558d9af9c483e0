//! Diagnostics: problems found in a help center, as values.
//!
//! Every stage of the pipeline returns [`Diagnostic`]s instead of printing or
//! failing early, so one run reports every problem. They are rendered once, at
//! the edge: [`render_human`] for a terminal (with a source excerpt, coloured
//! only on a TTY) and [`render_json`] for machines.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use serde::Serialize;

use crate::base::text::SourceText;

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
    // Byte by byte: the compiler counts 16 or 32 at a time.
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
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
    sources: BTreeMap<PathBuf, SourceText>,
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
    /// The text is shared with its other holders: packed there, it is
    /// packed here too, and unpacked only to be shown.
    pub fn add_source(&mut self, file: PathBuf, text: impl Into<SourceText>) {
        self.sources.insert(file, text.into());
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
    pub fn sources(&self) -> &BTreeMap<PathBuf, SourceText> {
        &self.sources
    }

    fn sorted_inner(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self.diagnostics.iter().collect();
        all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        all.dedup();
        all
    }
}

/// Source lines longer than this many characters are shown cut to a
/// window of this many around the problem, with `…` where they go on
/// (whole, every diagnostic on a 19 KB line reprinted all of it).
pub const EXCERPT_WIDTH: usize = 100;

/// Characters of a cut line shown before the problem.
const EXCERPT_BEFORE: usize = 40;

/// In a person's output, the diagnostics of one kind (same severity, same
/// message but for its quoted parts and numbers) shown per file; the rest
/// are counted in one note. JSON lists every diagnostic.
pub const SHOWN_PER_KIND: usize = 100;

/// Writes diagnostics for a person: `error: …`, ` --> file:line:col`, an
/// underlined excerpt and `= help: …`, then a count. Excerpts of long lines
/// are cut around the problem ([`EXCERPT_WIDTH`]); after
/// [`SHOWN_PER_KIND`] diagnostics of one kind in a file, one note says how
/// many more there are.
pub fn render_human(
    report: &Report,
    out: &mut dyn codespan_reporting::term::termcolor::WriteColor,
) -> std::io::Result<()> {
    use codespan_reporting::files::SimpleFiles;
    use codespan_reporting::term;

    let mut files = SimpleFiles::new();
    let mut ids = BTreeMap::new();
    // Only the texts a diagnostic points into (packed texts are unpacked).
    let pointed: BTreeSet<&Path> = report
        .diagnostics
        .iter()
        .filter_map(|d| d.file.as_deref())
        .collect();
    for (path, text) in &report.sources {
        if !pointed.contains(path.as_path()) {
            continue;
        }
        let text = text.get();
        let starts: Vec<usize> = codespan_reporting::files::line_starts(&text).collect();
        let id = files.add(display_path(path), text.clone());
        ids.insert(path.clone(), (id, text, starts));
    }
    let config = term::Config::default();
    let sorted = report.sorted();
    let mut of_kind: HashMap<(Option<&Path>, Severity, String), usize> = HashMap::new();
    for d in &sorted {
        *of_kind.entry(kind(d)).or_default() += 1;
    }
    let mut shown: HashMap<(Option<&Path>, Severity, String), usize> = HashMap::new();
    for d in sorted {
        let key = kind(d);
        let count = shown.entry(key.clone()).or_default();
        *count += 1;
        if *count == SHOWN_PER_KIND + 1 {
            let more = of_kind.get(&key).map_or(0, |n| n - SHOWN_PER_KIND);
            let summary = summary(d, more);
            term::emit_to_write_style(out, &config, &files, &summary)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
        }
        if *count > SHOWN_PER_KIND {
            continue;
        }
        let file = d.file.as_ref().and_then(|f| ids.get(f));
        let result = match (file, &d.span) {
            (Some((id, text, starts)), Some(span)) => match Window::around(text, starts, span) {
                Some(window) => {
                    let name = display_path(d.file.as_deref().unwrap_or(Path::new("")));
                    let window = Window { name, ..window };
                    let label = Label::primary((), window.span.clone());
                    let cs = outline(d).with_labels(vec![label]);
                    term::emit_to_write_style(out, &config, &window, &with_help(cs, d))
                }
                None => {
                    let cs = outline(d).with_labels(vec![Label::primary(*id, span.clone())]);
                    term::emit_to_write_style(out, &config, &files, &with_help(cs, d))
                }
            },
            _ => {
                let mut cs = outline(d);
                if let Some(file) = &d.file {
                    let location = match (d.line, d.column) {
                        (Some(l), Some(c)) => format!("{}:{l}:{c}", display_path(file)),
                        (Some(l), None) => format!("{}:{l}", display_path(file)),
                        _ => display_path(file),
                    };
                    cs = cs.with_notes(vec![format!("in {location}")]);
                }
                term::emit_to_write_style(out, &config, &files, &with_help(cs, d))
            }
        };
        result.map_err(|e| std::io::Error::other(e.to_string()))?;
    }
    Ok(())
}

/// A diagnostic's severity and message for codespan-reporting.
fn outline<F>(d: &Diagnostic) -> CsDiagnostic<F> {
    match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    }
    .with_message(&d.message)
}

/// `cs` with the diagnostic's help, if it has one.
fn with_help<F>(cs: CsDiagnostic<F>, d: &Diagnostic) -> CsDiagnostic<F> {
    match &d.help {
        Some(help) => cs.with_notes(vec![format!("help: {help}")]),
        None => cs,
    }
}

/// What makes diagnostics "of one kind": their file, severity and
/// [`message_shape`].
fn kind(d: &Diagnostic) -> (Option<&Path>, Severity, String) {
    (d.file.as_deref(), d.severity, message_shape(&d.message))
}

/// A message with what it quotes (between backticks or double quotes)
/// shown as `…`, what it adds in parentheses left out and its numbers as
/// `#`: "link to a missing file: `a.md` (looked for content/a.md)" and the
/// same about `b.md` have one shape.
fn message_shape(message: &str) -> String {
    let mut shape = String::with_capacity(message.len());
    let mut closing: Option<char> = None;
    let mut parens = 0usize;
    for c in message.chars() {
        match (closing, c) {
            (Some(close), c) if c == close => {
                closing = None;
                shape.push(c);
            }
            (Some(_), _) => {}
            (None, '`' | '"') if parens == 0 => {
                closing = Some(c);
                shape.push(c);
                shape.push('…');
            }
            (None, '(') => parens += 1,
            (None, ')') => parens = parens.saturating_sub(1),
            (None, _) if parens > 0 => {}
            (None, c) if c.is_ascii_digit() => {
                if !shape.ends_with('#') {
                    shape.push('#');
                }
            }
            (None, c) => shape.push(c),
        }
    }
    shape
}

/// The note that stands for the `more` diagnostics of `d`'s kind not shown.
fn summary(d: &Diagnostic, more: usize) -> CsDiagnostic<usize> {
    let what = match (d.severity, more) {
        (Severity::Error, 1) => "error",
        (Severity::Error, _) => "errors",
        (Severity::Warning, 1) => "warning",
        (Severity::Warning, _) => "warnings",
    };
    let file = d
        .file
        .as_deref()
        .map_or(String::new(), |f| format!(" in {}", display_path(f)));
    CsDiagnostic::note()
        .with_message(format!(
            "… and {more} more {what} like \"{}\"{file}",
            message_shape(&d.message).trim_end()
        ))
        .with_notes(vec![format!(
            "help: only the first {SHOWN_PER_KIND} of one kind in a file are shown; `--format json` lists every one"
        )])
}

/// One line of a file cut around a diagnostic's span, as a file of one
/// line for codespan-reporting that still reports the line's number and
/// the columns of the whole line.
struct Window {
    /// The file's name as shown.
    name: String,
    /// The cut line: `…`, the window, `…`, newline.
    text: String,
    /// The span within `text`.
    span: Range<usize>,
    /// The line's number in the file (1-based).
    line: usize,
    /// The column (1-based, in characters) of the first character after
    /// the leading `…`.
    first_column: usize,
    /// Bytes of the leading `…` (0 when the window starts the line).
    prefix: usize,
}

impl Window {
    /// The window around `span` in `text` (whose line starts are
    /// `starts`), or `None` when every line the span covers is at most
    /// [`EXCERPT_WIDTH`] characters (it is shown as it is). A span over
    /// several lines is cut to its first.
    fn around(text: &str, starts: &[usize], span: &Range<usize>) -> Option<Window> {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let line_of = |at: usize| starts.partition_point(|&s| s <= at).saturating_sub(1);
        let line_end = |line: usize| starts.get(line + 1).map_or(text.len(), |&next| next - 1);
        let (first, last) = (line_of(start), line_of(end));
        let long = (first..=last).any(|l| {
            let line = &text[starts[l]..line_end(l)];
            line.len() > EXCERPT_WIDTH && line.chars().count() > EXCERPT_WIDTH
        });
        if !long {
            return None;
        }
        let line = &text[starts[first]..line_end(first)];
        let (a, b) = (
            start - starts[first],
            end.min(starts[first] + line.len()) - starts[first],
        );
        let a_chars = line[..a].chars().count();
        let chars = a_chars + line[a..].chars().count();
        let mut from = a_chars.saturating_sub(EXCERPT_BEFORE);
        let to = (from + EXCERPT_WIDTH).min(chars);
        from = from.min(to.saturating_sub(EXCERPT_WIDTH));
        let byte_at = |c: usize| line.char_indices().nth(c).map_or(line.len(), |(i, _)| i);
        let (from_byte, to_byte) = (byte_at(from), byte_at(to));
        let prefix = if from > 0 { "…" } else { "" };
        let suffix = if to < chars { "…" } else { "" };
        let shift = |at: usize| prefix.len() + at.clamp(from_byte, to_byte) - from_byte;
        Some(Window {
            name: String::new(),
            text: format!("{prefix}{}{suffix}\n", &line[from_byte..to_byte]),
            span: shift(a)..shift(b),
            line: first + 1,
            first_column: from + 1,
            prefix: prefix.len(),
        })
    }
}

impl<'a> Files<'a> for Window {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), _byte_index: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, FilesError> {
        Ok(self.line + line_index)
    }

    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let at = floor_char_boundary(&self.text, byte_index.clamp(self.prefix, self.text.len()));
        Ok(self.first_column + self.text[self.prefix..at].chars().count())
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        match line_index {
            0 => Ok(0..self.text.len()),
            given => Err(FilesError::LineTooLarge { given, max: 0 }),
        }
    }
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

    /// `render_human` without colours.
    fn human(report: &Report) -> String {
        let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        render_human(report, &mut out).unwrap();
        String::from_utf8(out.into_inner()).unwrap()
    }

    fn report_on(text: &str, spans: impl IntoIterator<Item = Range<usize>>) -> Report {
        let mut report = Report::default();
        report.add_source(PathBuf::from("a.md"), text);
        for span in spans {
            report.push(
                Diagnostic::error(format!("problem at `{}`", span.start))
                    .in_file("a.md")
                    .at(text, span),
            );
        }
        report
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let text = "first\nsecond line here\n";
        let out = human(&report_on(text, Some(6..12)));
        assert!(out.contains("┌─ a.md:2:1\n"), "{out}");
        assert!(out.contains("2 │ second line here\n"), "{out}");
        assert!(out.contains("  │ ^^^^^^\n"), "{out}");
    }

    #[test]
    fn long_lines_are_cut_around_the_span_on_character_boundaries() {
        // Line 2: 300 characters, two bytes each; the span is characters
        // 150 to 153.
        let line = "é".repeat(300);
        let text = format!("intro\n{line}\nlast\n");
        let start = 6 + 150 * 2;
        let out = human(&report_on(&text, Some(start..start + 6)));
        assert!(out.contains("┌─ a.md:2:151\n"), "{out}");
        let shown = out.lines().find(|l| l.starts_with("2 │ ")).unwrap();
        let cut = format!("2 │ …{}…", "é".repeat(EXCERPT_WIDTH));
        assert_eq!(shown, cut);
        let underline = out.lines().find(|l| l.contains('^')).unwrap();
        let at = underline.chars().position(|c| c == '^').unwrap();
        assert_eq!(at, "2 │ …".chars().count() + EXCERPT_BEFORE, "{out}");
        assert_eq!(underline.matches('^').count(), 3);

        // Near the line's start and end: no `…` on that side, still the
        // window's width.
        let out = human(&report_on(&text, Some(6..8)));
        let shown = out.lines().find(|l| l.starts_with("2 │ ")).unwrap();
        assert_eq!(shown, format!("2 │ {}…", "é".repeat(EXCERPT_WIDTH)));
        let end = 6 + 299 * 2;
        let out = human(&report_on(&text, Some(end..end + 2)));
        assert!(out.contains("┌─ a.md:2:300\n"), "{out}");
        let shown = out.lines().find(|l| l.starts_with("2 │ ")).unwrap();
        assert_eq!(shown, format!("2 │ …{}", "é".repeat(EXCERPT_WIDTH)));
    }

    #[test]
    fn a_span_running_onto_a_long_line_is_cut_to_its_first_line() {
        let text = format!("short\n{}\n", "x".repeat(500));
        let out = human(&report_on(&text, Some(0..text.len())));
        assert!(out.contains("1 │ short\n"), "{out}");
        assert!(!out.contains("xxxx"), "{out}");
    }

    #[test]
    fn many_diagnostics_of_one_kind_are_summarised_per_file() {
        let text = "x\n".repeat(300);
        let mut report = report_on(&text, (0..250).map(|i| 2 * i..2 * i + 1));
        report.push(
            Diagnostic::warning("another kind")
                .in_file("a.md")
                .at(&text, 0..1),
        );
        let out = human(&report);
        assert_eq!(out.matches("error: problem at").count(), SHOWN_PER_KIND);
        assert!(
            out.contains("note: … and 150 more errors like \"problem at `…`\" in a.md\n"),
            "{out}"
        );
        assert!(out.contains("warning: another kind"));
        // JSON has them all.
        let json = render_json(&report, None, None);
        assert_eq!(json.matches("\"problem at").count(), 250);
    }

    #[test]
    fn message_shapes_leave_out_what_differs() {
        assert_eq!(
            message_shape("link to a missing file: `a.md` (looked for content/a.md)"),
            message_shape("link to a missing file: `b/c.md` (looked for content/b/c.md)")
        );
        assert_eq!(
            message_shape("answer 12 of step `x` goes to `#y`"),
            "answer # of step `…` goes to `…`"
        );
        assert_ne!(
            message_shape("step `a` is a dead end"),
            message_shape("step `a` is a trap")
        );
    }
}
