//! `helpbook check`: runs everything a build runs, writing nothing, and
//! prints the diagnostics and a count (or one JSON document).

use std::path::Path;
use std::process::ExitCode;

use helpbook::base::diagnostic::{self, Report};
use helpbook::pipeline::{Built, Target};

use crate::cli::args::Format;
use crate::cli::build::print_timings;
use crate::cli::pipeline;
use crate::cli::print::{content_exit, counts_json, counts_text, fatal_as, Terminal};

/// Runs the command on the help center at `root`; `timings` prints the
/// time spent in each stage.
pub(crate) fn run(
    root: &Path,
    drafts: bool,
    format: Format,
    timings: bool,
    terminal: Terminal,
) -> ExitCode {
    let mut report = Report::default();
    let built = match pipeline::run(
        root,
        drafts,
        Target::Check,
        &mut report,
        terminal.quiet || format == Format::Json,
    ) {
        Ok(built) => built,
        Err(message) => return fatal_as(format, message),
    };
    match format {
        Format::Json => {
            let summary = built.counts.as_ref().map(counts_json);
            println!(
                "{}",
                diagnostic::render_json(&report, summary.as_ref(), None)
            );
        }
        Format::Human => {
            terminal.diagnostics(&report);
            if timings {
                print_timings(&built.timings);
            }
            if !terminal.quiet {
                print_count(&built, &report);
            }
        }
    }
    content_exit(&report)
}

/// `Checked N articles (T troubleshooters) in M categories, …: E error(s),
/// W warning(s).` on stderr, in the words of `build`'s summary.
fn print_count(built: &Built, report: &Report) {
    let Some(counts) = &built.counts else {
        return;
    };
    eprintln!(
        "Checked {}: {} error(s), {} warning(s).",
        counts_text(counts),
        report.error_count(),
        report.warning_count()
    );
}
