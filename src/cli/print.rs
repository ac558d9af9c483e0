//! What every command prints the same way: diagnostics on stderr (in
//! colour on a terminal, errors only with `--quiet`), failures outside the
//! content (`error: …`, exit 2), and the exit code of a run's content
//! problems.

use std::io::IsTerminal;
use std::process::ExitCode;

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use helpbook::base::diagnostic::{self, Report};
use helpbook::pipeline::Counts;

use crate::cli::args::{Format, When};

/// How the terminal is written to: colours, and whether to print only
/// errors.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Terminal {
    /// Colours in diagnostics.
    pub color: ColorChoice,
    /// Print only errors (`--quiet`).
    pub quiet: bool,
}

impl Terminal {
    /// The terminal for `--color when` and `--quiet`: colours by default
    /// only when stderr is a terminal and `NO_COLOR` is not set.
    pub fn new(when: When, quiet: bool) -> Terminal {
        let color = match when {
            When::Always => ColorChoice::Always,
            When::Never => ColorChoice::Never,
            When::Auto
                if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() =>
            {
                ColorChoice::Auto
            }
            When::Auto => ColorChoice::Never,
        };
        Terminal { color, quiet }
    }

    /// Prints `report` on stderr (only its errors when quiet).
    pub fn diagnostics(&self, report: &Report) {
        let mut stream = StandardStream::stderr(self.color);
        let result = if self.quiet {
            diagnostic::render_human(&report.errors_only(), &mut stream)
        } else {
            diagnostic::render_human(report, &mut stream)
        };
        if let Err(e) = result {
            eprintln!("error: cannot print diagnostics: {e}");
        }
    }
}

/// Exit code for a run whose content problems are in `report`: 1 when
/// there are errors.
pub(crate) fn content_exit(report: &Report) -> ExitCode {
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A usage or I/O failure: `error: message` on stderr, exit 2.
pub(crate) fn fatal(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// A usage or I/O failure (exit 2); with `--format json` it is also printed
/// as a JSON document on stdout, so a machine reading stdout always gets one.
pub(crate) fn fatal_as(format: Format, message: impl std::fmt::Display) -> ExitCode {
    if format == Format::Json {
        let json = serde_json::json!({
            "ok": false,
            "errors": 1,
            "warnings": 0,
            "fatal": message.to_string(),
            "diagnostics": [],
        });
        println!("{json:#}");
    }
    fatal(message)
}

/// What a help center holds, in the words `build`, `check` and `serve` all
/// use: `41 articles (4 troubleshooters) in 6 categories, 12 translations
/// into 2 languages`; files that could not be read are counted and said.
pub(crate) fn counts_text(counts: &Counts) -> String {
    let mut inside = vec![plural(counts.trees, "troubleshooter", "troubleshooters")];
    if counts.unreadable > 0 {
        inside.push(format!("{} could not be read", counts.unreadable));
    }
    let mut text = format!(
        "{} ({}) in {}",
        plural(counts.articles, "article", "articles"),
        inside.join("; "),
        plural(counts.categories, "category", "categories")
    );
    if !counts.languages.is_empty() {
        text.push_str(&format!(
            ", {} into {}",
            plural(counts.translations(), "translation", "translations"),
            plural(counts.languages.len(), "language", "languages")
        ));
    }
    text
}

/// One line per language that book.toml marks `partial`: `Español: 11 of
/// 41 articles translated (partial, as book.toml says; helpbook check lists
/// the others)`. Other languages' gaps are warnings with their list.
pub(crate) fn partial_lines(counts: &Counts) -> Vec<String> {
    let originals = counts.articles - counts.unreadable;
    counts
        .languages
        .iter()
        .filter(|l| l.partial && l.translated < originals)
        .map(|l| {
            format!(
                "{} ({}): {} of {originals} articles translated (partial, as book.toml says; `helpbook check` lists the others)",
                l.name, l.code, l.translated
            )
        })
        .collect()
}

/// `1 article`, `2 articles`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The counts in a JSON report's `summary` (`check` and `build`):
/// `articles` (unreadable ones included), `unreadable`, `trees`,
/// `sections`, and per translation its `code`, `translated` and `partial`.
pub(crate) fn counts_json(counts: &Counts) -> serde_json::Value {
    serde_json::json!({
        "articles": counts.articles,
        "unreadable": counts.unreadable,
        "trees": counts.trees,
        "sections": counts.categories,
        "translations": counts.translations(),
        "languages": counts.languages,
    })
}
