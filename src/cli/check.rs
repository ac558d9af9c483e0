//! `helpbook check`: runs everything a build runs, writing nothing, and
//! prints the diagnostics and a count (or one JSON document).

use std::path::Path;
use std::process::ExitCode;

use helpbook::base::diagnostic::{self, Report};
use helpbook::pipeline::{Built, Target};

use crate::cli::args::Format;
use crate::cli::build::print_timings;
use crate::cli::pipeline;
use crate::cli::print::{content_exit, fatal_as, Terminal};

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
            let summary = built.site.as_ref().map(|site| {
                serde_json::json!({
                    "articles": site.articles.len(),
                    "sections": site.sections.len().saturating_sub(1),
                })
            });
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

/// `Checked N articles … in M categories: E error(s), W warning(s).` on
/// stderr.
fn print_count(built: &Built, report: &Report) {
    let Some(site) = &built.site else {
        return;
    };
    let translated: usize = built.translations.iter().map(|t| t.articles.len()).sum();
    let translations = if built.translations.is_empty() {
        String::new()
    } else {
        format!(
            " and {translated} translation(s) into {} language(s)",
            built.translations.len()
        )
    };
    eprintln!(
        "Checked {} articles{translations} in {} categories: {} error(s), {} warning(s).",
        site.articles.len(),
        site.sections.len().saturating_sub(1),
        report.error_count(),
        report.warning_count()
    );
}
