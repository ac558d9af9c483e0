//! `helpbook collect` on the terminal: runs the collector and turns its
//! events into lines: the address on stdout (tests and scripts read it
//! there, as with `serve`), and on stderr where events go, what was stored
//! and refused each second, deletions, failures (only failures with
//! `--quiet`). No line ever holds a client's address.

use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};

use helpbook::insights::collect::{self, Activity, CollectEvent, CollectOptions, Log, Origins};

use crate::cli::print::{fatal, Terminal};

/// The command's arguments.
pub(crate) struct Args<'a> {
    pub db: &'a Path,
    pub port: u16,
    pub bind: IpAddr,
    pub allow_origin: &'a [String],
    pub keep_days: u32,
    pub rate_limit: u32,
    pub behind_proxy: bool,
}

/// Runs the collector until SIGINT or SIGTERM: exit 0 once every accepted
/// event is committed, 2 when it cannot start (the database, the port, an
/// origin).
pub(crate) fn run(args: &Args<'_>, terminal: Terminal) -> ExitCode {
    let origins = match Origins::parse(args.allow_origin) {
        Ok(origins) => origins,
        Err(message) => return fatal(message),
    };
    let allowed = origins.list().join(", ");
    let options = CollectOptions {
        db: PathBuf::from(args.db),
        bind: args.bind,
        port: args.port,
        origins,
        keep_days: args.keep_days,
        rate_limit: args.rate_limit,
        behind_proxy: args.behind_proxy,
    };
    let quiet = terminal.quiet;
    let held = AtomicU64::new(0);
    let log = Log::new(move |event| show(&event, quiet, &allowed, &held));
    match collect::run(options, log) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fatal(message),
    }
}

/// Prints one event (`held`: the events the database held when opened).
fn show(event: &CollectEvent, quiet: bool, allowed: &str, held: &AtomicU64) {
    match event {
        CollectEvent::Opened { events, .. } => held.store(*events, Ordering::Relaxed),
        CollectEvent::Deleted { events, keep_days } if !quiet => {
            eprintln!("Deleted {events} event(s) older than {keep_days} days.")
        }
        CollectEvent::Listening { address, url, db } => {
            if !quiet {
                eprintln!(
                    "Collecting insights on {url} → {} ({} events so far; Ctrl-C to stop)",
                    db.display(),
                    held.load(Ordering::Relaxed)
                );
                eprintln!("Accepting events from pages on {allowed}.");
            }
            // Tests and scripts read the address from this line on stdout.
            println!("Listening on http://{address}/");
            let _ = std::io::stdout().flush();
        }
        CollectEvent::Activity(activity) if !quiet => show_activity(activity),
        CollectEvent::WriteFailed(e) => {
            eprintln!("error: events could not be stored (their senders got 503): {e}")
        }
        CollectEvent::DeleteFailed(e) => {
            eprintln!("warning: old events could not be deleted (trying again in an hour): {e}")
        }
        CollectEvent::Stopped { events } if !quiet => {
            eprintln!("Stopped; every accepted event is stored ({events} in the database).")
        }
        _ => {}
    }
}

/// One line for what was stored, one for what was refused.
fn show_activity(activity: &Activity) {
    let stored = activity.stored_events();
    if stored > 0 {
        let kinds: Vec<String> = collect::KINDS
            .iter()
            .zip(activity.stored)
            .filter(|(_, n)| *n > 0)
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect();
        eprintln!(
            "Stored {stored} event(s) ({}); {} in the database.",
            kinds.join(", "),
            activity.total
        );
    }
    let mut refused = Vec::new();
    for (n, what) in [
        (activity.invalid, "not in the event format"),
        (activity.too_large, "too large"),
        (activity.forbidden, "from origins not allowed"),
        (activity.limited, "over a client's rate limit"),
        (activity.unavailable, "not stored (503)"),
    ] {
        if n > 0 {
            refused.push(format!("{n} {what}"));
        }
    }
    if !refused.is_empty() {
        let last = activity
            .last_invalid
            .as_deref()
            .map(|why| format!(" (last: {why})"))
            .unwrap_or_default();
        eprintln!("Refused {}{last}.", refused.join(", "));
    }
}
