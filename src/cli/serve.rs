//! `helpbook serve` on the terminal: runs the preview and turns its events
//! into lines: diagnostics and what each rebuild did on stderr (errors only
//! with `--quiet`), the address once, on stdout (tests and scripts read it
//! there), a spinner during the first build on a terminal.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use helpbook::serve::{self, FirstBuild, Log, Rebuild, ServeEvent, ServeOptions, Timings};

use crate::cli::print::{counts_text, fatal, partial_lines, plural, Terminal};
use crate::cli::progress::Spinner;

/// Runs the command until Ctrl-C; with `timings`, each rebuild's steps and
/// their times on a line of their own.
pub(crate) fn run(
    root: &Path,
    options: ServeOptions,
    terminal: Terminal,
    timings: bool,
) -> ExitCode {
    let spinner: Mutex<Option<Spinner>> = Mutex::new(None);
    // Errors in the site as last said, to say when they are all fixed.
    let errors = AtomicUsize::new(0);
    let log = Log::new(move |event| {
        match (timings, &event) {
            (true, ServeEvent::Rebuilt(rebuild)) => show_timings(&rebuild.timings),
            (
                true,
                ServeEvent::SearchIndexed {
                    indexes,
                    elapsed,
                    prepared,
                },
            ) => eprintln!(
                "timings: search: {} gathered in {:.2} ms (on the rebuild thread), built in {:.0} ms",
                plural(*indexes, "index", "indexes"),
                prepared.as_secs_f64() * 1000.0,
                elapsed.as_secs_f64() * 1000.0
            ),
            _ => {}
        }
        show(&event, terminal, &spinner, &errors)
    });
    match serve::run(root, options, log) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fatal(message),
    }
}

/// Prints one event (`spinner`: the one shown during the first build;
/// `errors`: how many the site had after the last build).
fn show(
    event: &ServeEvent,
    terminal: Terminal,
    spinner: &Mutex<Option<Spinner>>,
    errors: &AtomicUsize,
) {
    let quiet = terminal.quiet;
    match event {
        ServeEvent::Building => {
            let started = Spinner::start(quiet, "Building the help center");
            *spinner.lock().unwrap_or_else(|p| p.into_inner()) = Some(started);
        }
        ServeEvent::Built(first) => {
            if let Some(spinner) = spinner.lock().unwrap_or_else(|p| p.into_inner()).take() {
                spinner.finish();
            }
            errors.store(first.diagnostics.error_count(), Ordering::Relaxed);
            show_first_build(first, terminal);
        }
        ServeEvent::Listening { address, url } => {
            if !address.ip().is_loopback() {
                eprintln!(
                    "warning: listening on {} makes the preview (drafts included, if --drafts) reachable from other machines",
                    address.ip()
                );
            }
            // Once, on stdout: tests and scripts read the address here.
            println!(
                "Serving at {url} (Ctrl-C to stop); watching content/, themes/ and book.toml."
            );
            let _ = std::io::stdout().flush();
        }
        ServeEvent::Rebuilt(rebuild) => {
            let before = errors.swap(rebuild.errors, Ordering::Relaxed);
            show_rebuild(rebuild, before, terminal);
        }
        ServeEvent::WatchFailed(e) => eprintln!("warning: {e}"),
        ServeEvent::RebuildFailed(e) => eprintln!("error: {e}"),
        ServeEvent::SearchIndexed { .. } => {}
        ServeEvent::SearchFailed(e) => {
            eprintln!("error: the search index could not be built: {e}")
        }
        ServeEvent::OpenFailed(e) => eprintln!("warning: cannot open a browser: {e}"),
        ServeEvent::Stopped => {
            if !quiet {
                eprintln!("Stopped.");
            }
        }
    }
}

/// One line: `timings: total 41.2 ms = debounce 30.1 + classify 0.0 + …`
/// (milliseconds; the steps in the order they ran).
fn show_timings(timings: &Timings) {
    let steps: Vec<String> = timings
        .steps
        .iter()
        .map(|(step, time)| format!("{step} {:.2}", time.as_secs_f64() * 1000.0))
        .collect();
    eprintln!(
        "timings: total {:.2} ms = {}",
        timings.total().as_secs_f64() * 1000.0,
        steps.join(" + ")
    );
}

/// The first build's diagnostics and what it built.
fn show_first_build(first: &FirstBuild, terminal: Terminal) {
    terminal.diagnostics(&first.diagnostics);
    let Some(site) = &first.site else {
        return;
    };
    if !terminal.quiet {
        eprintln!(
            "Built {}: {} in {:.2} s{}",
            plural(site.pages, "page", "pages"),
            counts_text(&site.counts),
            site.started.elapsed().as_secs_f64(),
            if site.search {
                "; building the search index in the background"
            } else {
                ""
            }
        );
        for line in partial_lines(&site.counts) {
            eprintln!("  {line}");
        }
    }
}

/// A rebuild's new diagnostics, what it did, and whether errors remain or
/// were all fixed (`before`: errors after the previous build).
fn show_rebuild(rebuild: &Rebuild, before: usize, terminal: Terminal) {
    terminal.diagnostics(&rebuild.diagnostics);
    if terminal.quiet {
        return;
    }
    let what = match rebuild.saved.as_slice() {
        [one] => one.display().to_string(),
        [] => "a file".to_string(),
        many => format!("{} files", many.len()),
    };
    let ms = rebuild.elapsed.as_secs_f64() * 1000.0;
    if rebuild.full {
        eprintln!("{what} changed: rebuilt the whole site in {ms:.0} ms");
    } else if rebuild.rendered > 0 {
        eprintln!(
            "{what} changed: re-rendered {} page(s), {} updated, in {ms:.1} ms",
            rebuild.rendered, rebuild.changed
        );
    }
    if rebuild.errors > 0 {
        eprintln!(
            "{} error(s): the browser shows them until you fix them.",
            rebuild.errors
        );
    } else if before > 0 {
        eprintln!(
            "Fixed: the site builds again ({} fixed by saving {what}); the browser shows the pages.",
            plural(before, "error", "errors")
        );
    }
}
