//! Where a report's events come from: the collector's database (`--db`),
//! or an events file collected elsewhere (`--events`, JSON Lines, one
//! event with its `time` per line). A bad line is a warning at its line;
//! the others are still read.

use std::path::Path;

use crate::base::diagnostic::{Diagnostic, Report};
use crate::insights::event::Stored;
use crate::insights::store::Store;

/// Bad lines reported one by one; more are counted in one last warning.
const MAX_LINE_WARNINGS: usize = 20;

/// The events received at or after `since` in the database at `path`,
/// oldest first, and how many rows no longer parse.
pub fn from_db(path: &Path, since: i64) -> Result<(Vec<Stored>, usize), String> {
    let store = Store::open_read_only(path).map_err(|e| e.to_string())?;
    store.events_since(since).map_err(|e| e.to_string())
}

/// The events at or after `since` in the events file at `path`, oldest
/// first. Each line that is not an event is a warning in `report` (at its
/// line); `Err` when the file cannot be read at all.
pub fn from_file(path: &Path, since: i64, report: &mut Report) -> Result<Vec<Stored>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut events = Vec::new();
    let mut bad = 0;
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let read = match std::str::from_utf8(line) {
            Ok(text) => {
                let text = text.trim_start_matches('\u{feff}').trim();
                if text.is_empty() || text.starts_with('#') {
                    continue;
                }
                Stored::from_json_line(text)
            }
            Err(_) => Err("not UTF-8 text".to_string()),
        };
        match read {
            Ok(stored) if stored.time >= since => events.push(Stored {
                time: stored.time,
                event: stored.event.scrubbed(),
            }),
            Ok(_) => {}
            Err(why) => {
                bad += 1;
                if bad <= MAX_LINE_WARNINGS {
                    report.push(
                        Diagnostic::warning(format!("this line is not an event: {why}"))
                            .in_file(path)
                            .at_line(i + 1)
                            .with_help("each line is one event as JSON with its `time` (schemas/insights-events-v1.json); the line is left out of the report"),
                    );
                }
            }
        }
    }
    if bad > MAX_LINE_WARNINGS {
        report.push(
            Diagnostic::warning(format!(
                "{} more lines are not events (left out of the report)",
                bad - MAX_LINE_WARNINGS
            ))
            .in_file(path),
        );
    }
    // Files collected elsewhere need not be in order.
    events.sort_by_key(|e| e.time);
    Ok(events)
}
