//! What every command prints the same way: diagnostics on stderr (in
//! colour on a terminal, errors only with `--quiet`), failures outside the
//! content (`error: …`, exit 2), and the exit code of a run's content
//! problems.

use std::io::IsTerminal;
use std::process::ExitCode;

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use helpbook::base::diagnostic::{self, Report};

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
