//! `helpbook insights`: reads the events of a period (the collector's
//! database or an events file), joins them with the help center's current
//! content and prints the report (text, JSON or one HTML page), or
//! `[[search.expect]]` entries with `--suggest-tests`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use helpbook::base::diagnostic::Report;
use helpbook::insights::event::Stored;
use helpbook::insights::report::{
    self, html, period, source, suggest, text, Content, Indexes, Options, Period,
};

use crate::cli::args::{InsightsArgs, ReportFormat};
use crate::cli::print::{fatal, Terminal};

/// Runs the command for the help center at `root`.
pub(crate) fn run(root: &Path, args: &InsightsArgs, terminal: Terminal) -> ExitCode {
    match report_text(root, args, terminal) {
        Ok(output) => write_out(args.out.as_deref(), &output, terminal),
        Err(message) => fatal(message),
    }
}

/// The report (or the suggested tests) as the text to write; `Err` is a
/// usage or I/O failure (exit 2).
fn report_text(root: &Path, args: &InsightsArgs, terminal: Terminal) -> Result<String, String> {
    let period = Period::new(args.since, period::now()?)?;
    let (content, events, skipped) = load(
        root,
        (args.db.as_deref(), args.events.as_deref()),
        &period,
        terminal,
    )?;
    if let Some(language) = &args.language {
        report::check_language(&content, language)?;
    }
    let events = report::in_language(events, args.language.as_deref());
    let indexes = Indexes::new(&content);
    if args.suggest_tests {
        return Ok(suggest::suggest_tests(
            &content,
            &indexes,
            &events,
            &period,
            args.min_searches,
        ));
    }
    let options = Options {
        period,
        language: args.language.clone(),
        top: args.top as usize,
    };
    let built = report::build(&content, &indexes, &events, skipped, &options);
    Ok(match args.format {
        ReportFormat::Text => text::render(&built),
        ReportFormat::Json => built.to_json(),
        ReportFormat::Html => html::render(&built),
    })
}

/// The help center's content and the events from the start of the period
/// before `period` (for trends): from the database, the events file, or
/// both. Content problems are summed up in one note; bad lines of an
/// events file are warnings at their line.
pub(crate) fn load(
    root: &Path,
    (db, file): (Option<&Path>, Option<&Path>),
    period: &Period,
    terminal: Terminal,
) -> Result<(Content, Vec<Stored>, usize), String> {
    let mut content_report = Report::default();
    let content = Content::load(root, &mut content_report).map_err(|e| e.to_string())?;
    if content_report.has_errors() && !terminal.quiet {
        eprintln!(
            "note: the help center has {} error(s) (`helpbook check` shows them); the report uses what loaded",
            content_report.error_count()
        );
    }
    let since = period.previous().start_time();
    let mut events = Vec::new();
    let mut skipped = 0;
    if let Some(db) = db {
        let (stored, bad) = source::from_db(db, since)?;
        events.extend(stored);
        skipped += bad;
    }
    if let Some(file) = file {
        let mut lines = Report::default();
        events.extend(source::from_file(file, since, &mut lines)?);
        terminal.diagnostics(&lines);
    }
    if db.is_some() && file.is_some() {
        events.sort_by_key(|s| s.time);
    }
    Ok((content, events, skipped))
}

/// Writes `output` to `out`, or to stdout.
fn write_out(out: Option<&Path>, output: &str, terminal: Terminal) -> ExitCode {
    match out {
        Some(path) => match std::fs::write(path, output) {
            Ok(()) => {
                if !terminal.quiet {
                    eprintln!("wrote {}", path.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => fatal(format!("cannot write {}: {e}", path.display())),
        },
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(output.as_bytes())
                .and_then(|_| stdout.flush())
            {
                Ok(()) => ExitCode::SUCCESS,
                // A closed pipe (`| head`) is not a failure.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => fatal(format!("cannot write the report: {e}")),
            }
        }
    }
}
