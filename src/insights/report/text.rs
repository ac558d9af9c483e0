//! The report as text for a terminal: one section per part, compact
//! tables with aligned columns. Reader text (queries, comments) is put on
//! one line without control characters.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::format::{percent, percent_of, period_line, trend};
use super::model::{InsightsReport, Page, QueryStats, TreeStats, SPIKE_FACTOR, SPIKE_MIN};
use super::reader_text::one_line;

/// Comments longer than this are cut on one line.
const COMMENT_CHARS: usize = 100;

/// How a column is aligned.
#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
}

/// The report as text.
pub fn render(report: &InsightsReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: insights for {}",
        one_line(&report.help_center),
        period_line(report)
    );
    let e = &report.events;
    let _ = write!(
        out,
        "{} events ({} in the {} days before)",
        e.in_period, e.previous_period, report.period.days
    );
    if e.skipped > 0 {
        let _ = write!(out, "; {} unreadable rows left out", e.skipped);
    }
    out.push('\n');
    searches(&mut out, report);
    helpfulness(&mut out, report);
    unreached(&mut out, report);
    trees(&mut out, report);
    channels(&mut out, report);
    spikes(&mut out, report);
    out
}

/// Writes a section heading.
fn heading(out: &mut String, title: &str) {
    let _ = write!(out, "\n{title}\n");
}

/// Writes `rows` under `headers`, columns padded to their widest cell,
/// each line indented by two spaces.
fn table(out: &mut String, headers: &[(&str, Align)], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = headers.iter().map(|(h, _)| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.width());
            }
        }
    }
    let header: Vec<String> = headers.iter().map(|(h, _)| h.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::from("  ");
        for (i, cell) in row.iter().enumerate() {
            let (width, align) = (widths[i], headers[i].1);
            let pad = " ".repeat(width.saturating_sub(cell.width()));
            if i > 0 {
                line.push_str("  ");
            }
            match align {
                Align::Left => {
                    line.push_str(cell);
                    line.push_str(&pad);
                }
                Align::Right => {
                    line.push_str(&pad);
                    line.push_str(cell);
                }
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// A page as "Title (url)".
fn page_text(page: &Page) -> String {
    if page.title == page.url {
        page.url.clone()
    } else {
        format!("{} ({})", one_line(&page.title), page.url)
    }
}

fn searches(out: &mut String, report: &InsightsReport) {
    let s = &report.searches;
    heading(
        out,
        &format!(
            "SEARCHES  {} ({} before, {}): {} found nothing ({}), {} found results nobody opened ({})",
            s.total,
            s.previous_total,
            trend(s.total, s.previous_total),
            s.no_results,
            percent_of(s.no_results, s.total),
            s.not_opened,
            percent_of(s.not_opened, s.total)
        ),
    );
    if s.total == 0 {
        let _ = writeln!(out, "  (no searches in the period)");
        return;
    }
    let _ = writeln!(out, "\nTop searches");
    let rows: Vec<Vec<String>> = s
        .top
        .iter()
        .map(|q| {
            vec![
                one_line(&q.query),
                q.language.clone(),
                q.count.to_string(),
                q.no_results.to_string(),
                q.not_opened.to_string(),
                trend(q.count, q.previous),
            ]
        })
        .collect();
    table(
        out,
        &[
            ("query", Align::Left),
            ("lang", Align::Left),
            ("searches", Align::Right),
            ("no result", Align::Right),
            ("not opened", Align::Right),
            ("trend", Align::Right),
        ],
        &rows,
    );
    problem_list(out, "Searches that found nothing", &s.without_results);
    problem_list(
        out,
        "Searches whose results nobody opened",
        &s.results_not_opened,
    );
    if !s.suggested_synonyms.is_empty() {
        let groups: Vec<String> = s
            .suggested_synonyms
            .iter()
            .map(|g| super::suggest::toml_string(g))
            .collect();
        let _ = writeln!(
            out,
            "\nSynonyms to add (near misses of words in the index), for book.toml:\n  [output.html.search]\n  synonyms = [{}]",
            one_line(&groups.join(", "))
        );
    }
}

/// A list of problem queries, each with what a looser query finds today.
fn problem_list(out: &mut String, title: &str, list: &[QueryStats]) {
    let _ = writeln!(out, "\n{title}");
    if list.is_empty() {
        let _ = writeln!(out, "  (none)");
        return;
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|q| {
            vec![
                one_line(&q.query),
                q.language.clone(),
                q.count.to_string(),
                trend(q.count, q.previous),
            ]
        })
        .collect();
    let mut lines = String::new();
    table(
        &mut lines,
        &[
            ("query", Align::Left),
            ("lang", Align::Left),
            ("searches", Align::Right),
            ("trend", Align::Right),
        ],
        &rows,
    );
    for (i, line) in lines.lines().enumerate() {
        let _ = writeln!(out, "{line}");
        let Some(q) = i.checked_sub(1).and_then(|i| list.get(i)) else {
            continue;
        };
        for (n, page) in q.closest.iter().enumerate() {
            let label = if n == 0 { "closest today:" } else { "" };
            let _ = writeln!(out, "      {label:<14} {}", page_text(page));
        }
        for group in &q.synonyms {
            let _ = writeln!(
                out,
                "      synonym:       {}",
                one_line(&super::suggest::toml_string(group))
            );
        }
    }
}

fn helpfulness(out: &mut String, report: &InsightsReport) {
    heading(out, "HELPFULNESS (pages with votes, the most \"No\" first)");
    if report.helpfulness.is_empty() {
        let _ = writeln!(out, "  (no votes in the period)");
        return;
    }
    for v in &report.helpfulness {
        let reasons: Vec<String> = v
            .reasons
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(r, n)| format!("{r} {n}"))
            .collect();
        let _ = writeln!(
            out,
            "  {}\n    yes {} · no {} ({} no){}",
            page_text(&v.page),
            v.yes,
            v.no,
            percent(Some(v.no_share)),
            if reasons.is_empty() {
                String::new()
            } else {
                format!(" · {}", reasons.join(", "))
            }
        );
        for c in &v.comments {
            let mut text = one_line(&c.text);
            if text.chars().count() > COMMENT_CHARS {
                text = text.chars().take(COMMENT_CHARS).collect::<String>() + "…";
            }
            let reason = c
                .reason
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            let _ = writeln!(out, "    {}{reason}: “{text}”", c.date);
        }
    }
}

fn unreached(out: &mut String, report: &InsightsReport) {
    heading(
        out,
        &format!(
            "NOBODY REACHED ({} articles with no event in the period)",
            report.unreached_total
        ),
    );
    let rows: Vec<Vec<String>> = report
        .unreached
        .iter()
        .map(|p| {
            vec![
                p.path.clone().unwrap_or_default(),
                p.language.clone(),
                one_line(&p.title),
            ]
        })
        .collect();
    if !rows.is_empty() {
        table(
            out,
            &[
                ("article", Align::Left),
                ("lang", Align::Left),
                ("title", Align::Left),
            ],
            &rows,
        );
    }
    let more = report.unreached_total as usize - report.unreached.len();
    if more > 0 {
        let _ = writeln!(out, "  … and {more} more (--top to see more)");
    }
}

fn trees(out: &mut String, report: &InsightsReport) {
    heading(out, "TROUBLESHOOTERS AND WIZARDS");
    if report.trees.is_empty() {
        let _ = writeln!(out, "  (the help center has none)");
    }
    for t in &report.trees {
        tree(out, t);
    }
}

fn tree(out: &mut String, t: &TreeStats) {
    let _ = writeln!(
        out,
        "  {} · {} · {}\n    starts {} · resolved {} ({}) · escalated {} ({}) · left {}{}",
        one_line(&t.page.title),
        t.page.kind,
        t.page.url,
        t.starts,
        t.resolved,
        percent(t.resolution_rate),
        t.escalated,
        percent(t.escalation_rate),
        t.left,
        if t.unmatched > 0 {
            format!(
                " · answer paths that no longer fit the tree: {}",
                t.unmatched
            )
        } else {
            String::new()
        }
    );
    if t.starts == 0 && t.resolved + t.escalated + t.left == 0 {
        return;
    }
    let rows: Vec<Vec<String>> = t
        .steps
        .iter()
        .map(|s| {
            vec![
                s.id.clone(),
                s.end.clone().unwrap_or_default(),
                s.reached.to_string(),
                s.left.to_string(),
                percent(s.leave_rate),
            ]
        })
        .collect();
    let mut lines = String::new();
    table(
        &mut lines,
        &[
            ("step", Align::Left),
            ("end", Align::Left),
            ("reached", Align::Right),
            ("left here", Align::Right),
            ("leave rate", Align::Right),
        ],
        &rows,
    );
    for line in lines.lines() {
        let _ = writeln!(out, "  {line}");
    }
}

fn channels(out: &mut String, report: &InsightsReport) {
    heading(out, "SUPPORT CHANNELS OPENED");
    if report.channels.is_empty() {
        let _ = writeln!(out, "  (none in the period)");
    }
    for c in &report.channels {
        let _ = writeln!(
            out,
            "  {}  {} ({} before, {})",
            one_line(&c.channel),
            c.count,
            c.previous,
            trend(c.count, c.previous)
        );
        for p in &c.pages {
            let _ = writeln!(out, "    {:>5}  {}", p.count, page_text(&p.page));
        }
    }
}

fn spikes(out: &mut String, report: &InsightsReport) {
    heading(
        out,
        &format!(
            "SPIKES (a day with at least {SPIKE_MIN} and more than {SPIKE_FACTOR}× the median daily count)"
        ),
    );
    if report.spikes.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for s in &report.spikes {
        let what = match (&s.page, &s.query) {
            (Some(page), _) => format!("\"No\" votes on {}", page_text(page)),
            (_, Some(query)) => format!("no results for “{}” ({})", one_line(query), s.language),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  {}  {} {what} (median {})",
            s.date, s.count, s.median
        );
    }
}
