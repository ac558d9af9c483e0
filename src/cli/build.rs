//! `helpbook build`: runs the pipeline into the destination folder (a
//! signal deletes the unfinished site before exiting: [`interrupt`]) and
//! prints the diagnostics and a summary (a line for people, or one JSON
//! document with `--format json`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use helpbook::base::diagnostic::{self, Report};
use helpbook::pipeline::{Built, Counts, Target, Timings};
use helpbook::render::Output;

use crate::cli::args::Format;
use crate::cli::interrupt;
use crate::cli::pipeline;
use crate::cli::print::{
    content_exit, counts_json, counts_text, fatal, fatal_as, partial_lines, plural, Terminal,
};

/// What `helpbook build` was asked.
pub(crate) struct BuildArgs<'a> {
    /// The help center's folder.
    pub root: &'a Path,
    /// `--dest`: where to write the site instead of book.toml's `build-dir`.
    pub dest: Option<&'a Path>,
    /// `--drafts`.
    pub drafts: bool,
    /// `--format`.
    pub format: Format,
    /// `--timings` (or `--verbose`).
    pub timings: bool,
}

/// Runs the command.
pub(crate) fn run(args: &BuildArgs<'_>, terminal: Terminal) -> ExitCode {
    let start = Instant::now();
    let mut report = Report::default();
    interrupt::cancel_builds_on_signals();
    let built = pipeline::run(
        args.root,
        args.drafts,
        Target::Folder(args.dest.map(Path::to_path_buf)),
        &mut report,
        terminal.quiet || args.format == Format::Json,
    );
    interrupt::wait_if_interrupted();
    let built = match built {
        Ok(built) => built,
        Err(message) => return fatal_as(args.format, message),
    };
    let Built {
        output,
        timings: phases,
        written,
        counts,
        ..
    } = built;
    let (written_to, write_error) = match written {
        Some(Ok(dest)) => (Some(dest), None),
        Some(Err(e)) => (None, Some(e)),
        None => (None, None),
    };
    let elapsed = start.elapsed();
    match args.format {
        Format::Json => {
            let summary = output
                .as_ref()
                .zip(counts.as_ref())
                .map(|(o, c)| summary(o, c, written_to.as_deref(), elapsed));
            let fatal = write_error.as_ref().map(|e| e.to_string());
            println!(
                "{}",
                diagnostic::render_json(&report, summary.as_ref(), fatal.as_deref())
            );
        }
        Format::Human => {
            terminal.diagnostics(&report);
            if args.timings {
                print_timings(&phases);
            }
            let built = output
                .as_ref()
                .zip(counts.as_ref())
                .zip(written_to.as_ref())
                .map(|((o, c), d)| (o, c, d));
            print_outcome(&report, built, elapsed, terminal.quiet);
        }
    }
    if let Some(e) = write_error {
        return fatal(e);
    }
    content_exit(&report)
}

/// The `summary` of the JSON report: the counts `check` gives too, and what
/// was written.
fn summary(o: &Output, c: &Counts, dest: Option<&Path>, elapsed: Duration) -> serde_json::Value {
    let mut summary = counts_json(c);
    let more = serde_json::json!({
        "pages": o.stats.pages,
        "redirects": o.stats.redirects,
        "assets": o.stats.assets,
        "dest": dest.map(|d| d.display().to_string()),
        "search": o.search.as_ref().map(|s| serde_json::json!({
            "documents": s.documents,
            "index_bytes": s.raw_bytes,
            "hot_bytes": s.hot_bytes,
            "page_bytes": s.page_bytes,
            "inline": s.inline,
        })),
        "seconds": elapsed.as_secs_f64(),
    });
    if let (Some(summary), serde_json::Value::Object(more)) = (summary.as_object_mut(), more) {
        summary.extend(more);
    }
    summary
}

/// The time (and peak memory) of each stage, on stderr.
pub(crate) fn print_timings(timings: &Timings) {
    for (name, duration, peak) in &timings.phases {
        let peak = peak
            .map(|bytes| format!("   peak memory {}", human_bytes(bytes)))
            .unwrap_or_default();
        eprintln!(
            "  {name:<16} {:>8.1} ms{peak}",
            duration.as_secs_f64() * 1000.0
        );
    }
}

/// The last line: what was built and where (stdout, unless quiet), with a
/// line per `partial` language, or why nothing was written (stderr).
fn print_outcome(
    report: &Report,
    built: Option<(&Output, &Counts, &PathBuf)>,
    elapsed: Duration,
    quiet: bool,
) {
    if let Some((o, counts, dest)) = built {
        if !quiet {
            let mut out = std::io::stdout().lock();
            let index = o
                .search
                .as_ref()
                .map(|s| format!(", search index {}", human_bytes(s.hot_bytes + s.page_bytes)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "Built {}: {}, {}{index} in {:.2} s → {}",
                plural(o.stats.pages, "page", "pages"),
                counts_text(counts),
                plural(o.stats.redirects, "redirect", "redirects"),
                elapsed.as_secs_f64(),
                dest.display()
            );
            for line in partial_lines(counts) {
                let _ = writeln!(out, "  {line}");
            }
        }
    } else if report.has_errors() {
        eprintln!(
            "Build failed: {} error(s), {} warning(s). Nothing was written; the previous site is unchanged.",
            report.error_count(),
            report.warning_count()
        );
    }
}

/// `73.4 KiB`.
fn human_bytes(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", bytes as f64 / 1_048_576.0)
    }
}
