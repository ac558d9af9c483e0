//! The report as one self-contained HTML page: inline CSS (light and dark,
//! readable on a phone), inline SVG charts, no script, font or anything
//! else to fetch, so it works offline and as an e-mail attachment. Every
//! chart is a picture of the table that follows it (a caption, header
//! cells with their scope), which is what assistive technologies read.
//! Reader text (queries, comments) is escaped and isolated (`<bdi>`), so
//! neither markup nor a right-to-left query can change the page.

use std::fmt::Write as _;

use crate::base::html::escape_html as e;

use super::format::{percent, percent_of, period_line, trend};
use super::model::{
    share, DayCounts, InsightsReport, Page, PageVotes, QueryStats, TreeStats, SPIKE_FACTOR,
    SPIKE_MIN,
};
use super::reader_text::one_line;
use super::suggest::toml_string;

/// The page's style sheet.
const STYLE: &str = r#"
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1c1f;--muted:#585d68;--line:#d9dce1;--card:#f5f6f8;
--opened:#1a5fd0;--unopened:#a35a00;--none:#c42b1c;--yes:#1d7a3a;--no:#c42b1c;--left:#c42b1c;--reached:#1a5fd0}
@media (prefers-color-scheme:dark){:root{--bg:#15171b;--fg:#e7e8ea;--muted:#a9afba;--line:#3a3e46;--card:#1f2228;
--opened:#7fb0ff;--unopened:#f0b14a;--none:#ff8a80;--yes:#6fcf8a;--no:#ff8a80;--left:#ff8a80;--reached:#7fb0ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header,main,footer{max-width:68rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.5rem}
h1{font-size:1.6rem;line-height:1.2;margin:0 0 .25rem}
h2{font-size:1.3rem;margin:2.5rem 0 .75rem;padding-top:.5rem;border-top:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.75rem 0 .5rem}
p{margin:.5rem 0}
.muted,figcaption{color:var(--muted)}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:.75rem 0 0}
a{color:var(--opened)}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
pre{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.75rem;overflow-x:auto;white-space:pre-wrap;word-break:break-word}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(10.5rem,1fr));gap:.75rem;margin:1rem 0;padding:0}
.cards div{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:.75rem 1rem}
.cards dt{color:var(--muted);font-size:.9rem}
.cards dd{margin:0;font-size:1.6rem;font-weight:650;line-height:1.3}
.cards dd span{display:block;font-size:.85rem;font-weight:400;color:var(--muted)}
figure{margin:1rem 0}
svg{display:block;width:100%;height:auto}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:.5rem 0;font-size:.9rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:.15rem;margin-right:.35rem;vertical-align:-.05rem}
.axis{display:flex;justify-content:space-between;font-size:.8rem;color:var(--muted)}
.bars{display:grid;grid-template-columns:minmax(0,14rem) minmax(3rem,1fr) auto;gap:.3rem .75rem;align-items:center;margin:.75rem 0}
.bars .label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bars .value{font-variant-numeric:tabular-nums;text-align:right;color:var(--muted);font-size:.9rem}
.bars svg{height:.9rem}
.s-opened{fill:var(--opened);background:var(--opened)}.s-unopened{fill:var(--unopened);background:var(--unopened)}
.s-none{fill:var(--none);background:var(--none)}.s-yes{fill:var(--yes);background:var(--yes)}
.s-no{fill:var(--no);background:var(--no)}.s-reached{fill:var(--reached);background:var(--reached)}.s-left{fill:var(--left);background:var(--left)}
.table-wrap{overflow-x:auto;margin:.5rem 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}
caption{text-align:left;font-weight:600;padding:.25rem 0 .5rem}
th,td{text-align:left;vertical-align:top;padding:.4rem .6rem;border-bottom:1px solid var(--line)}
thead th{border-bottom:2px solid var(--line);white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td ul{margin:0;padding-left:1rem}
td code,th code{overflow-wrap:anywhere}
details{margin:.5rem 0 1rem}
summary{cursor:pointer;color:var(--opened)}
.tree{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:.25rem 1rem .5rem;margin:1rem 0}
.tree h3{margin-top:.75rem}
blockquote{margin:.25rem 0;padding-left:.6rem;border-left:3px solid var(--line)}
footer{margin-top:3rem;padding-bottom:2rem;font-size:.85rem;color:var(--muted)}
@media (max-width:40rem){h1{font-size:1.35rem}thead th,thead th.n{white-space:normal}.tree{padding:.25rem .6rem .5rem}.bars{grid-template-columns:minmax(0,9rem) minmax(2rem,1fr) auto}th,td{padding:.35rem .4rem}}
"#;

/// The report as an HTML page.
pub fn render(report: &InsightsReport) -> String {
    let mut out = String::new();
    let title = format!("Insights: {}", report.help_center);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n<meta name=\"generator\" content=\"helpbook insights\">\n\
         <title>{} ({} to {})</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n<p class=\"muted\">{}</p>\n",
        e(&title),
        e(&report.period.since),
        e(&report.period.until),
        e(&title),
        e(&period_line(report))
    );
    out.push_str(
        "<nav aria-label=\"Sections\"><ul><li><a href=\"#searches\">Searches</a></li>\
         <li><a href=\"#helpfulness\">Helpfulness</a></li><li><a href=\"#trees\">Troubleshooters</a></li>\
         <li><a href=\"#channels\">Support channels</a></li><li><a href=\"#spikes\">Spikes</a></li>\
         <li><a href=\"#unreached\">Nobody reached</a></li></ul></nav>\n</header>\n<main>\n",
    );
    overview(&mut out, report);
    searches(&mut out, report);
    helpfulness(&mut out, report);
    trees(&mut out, report);
    channels(&mut out, report);
    spikes(&mut out, report);
    unreached(&mut out, report);
    let _ = write!(
        out,
        "</main>\n<footer>\n<p>Made by <code>helpbook insights</code> from {} events ({} in the {} days before). \
         Events carry no identifiers: a count is of events, not of people. Days are UTC. \
         The page needs nothing from the network.</p>\n</footer>\n</body>\n</html>\n",
        report.events.in_period, report.events.previous_period, report.period.days
    );
    out
}

/// A table: `caption`, column headers (a header ending in `#` is a number
/// column), rows whose first cell is the row's header. Cells are HTML.
fn table(out: &mut String, caption: &str, headers: &[&str], rows: &[Vec<String>]) {
    let _ = write!(
        out,
        "<div class=\"table-wrap\" role=\"region\" aria-label=\"{0}\" tabindex=\"0\">\n<table>\n<caption>{0}</caption>\n<thead><tr>",
        e(caption)
    );
    for h in headers {
        match h.strip_suffix('#') {
            Some(h) => {
                let _ = write!(out, "<th scope=\"col\" class=\"n\">{}</th>", e(h));
            }
            None => {
                let _ = write!(out, "<th scope=\"col\">{}</th>", e(h));
            }
        }
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let numeric = headers.get(i).is_some_and(|h| h.ends_with('#'));
            match (i, numeric) {
                (0, _) => {
                    let _ = write!(out, "<th scope=\"row\">{cell}</th>");
                }
                (_, true) => {
                    let _ = write!(out, "<td class=\"n\">{cell}</td>");
                }
                _ => {
                    let _ = write!(out, "<td>{cell}</td>");
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// A legend: (series class, name).
fn legend(out: &mut String, series: &[(&str, &str)]) {
    out.push_str("<ul class=\"legend\">");
    for (class, name) in series {
        let _ = write!(
            out,
            "<li><span class=\"swatch {class}\"></span>{}</li>",
            e(name)
        );
    }
    out.push_str("</ul>\n");
}

/// One row of [`bars`]: its label, the parts of its bar (value, series
/// class), the value's text.
type BarRow<'a> = (String, Vec<(u64, &'a str)>, String);

/// Horizontal bars, one row per item: a label (text), a bar of stacked parts
/// `(value, class)` scaled to `max`, and the value's text. A picture of
/// the table that follows it, hidden from assistive technologies.
fn bars(out: &mut String, rows: &[BarRow<'_>], max: u64) {
    out.push_str("<div class=\"bars\" aria-hidden=\"true\">\n");
    for (label, parts, value) in rows {
        let _ = write!(
            out,
            "<span class=\"label\" title=\"{0}\"><bdi>{0}</bdi></span><svg viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" focusable=\"false\">",
            e(label)
        );
        let mut x = 0.0;
        for (n, class) in parts {
            let w = if max == 0 {
                0.0
            } else {
                *n as f64 / max as f64 * 100.0
            };
            if w > 0.0 {
                let _ = write!(
                    out,
                    "<rect class=\"{class}\" x=\"{x:.2}\" y=\"0\" width=\"{w:.2}\" height=\"10\" rx=\"1\"/>"
                );
            }
            x += w;
        }
        let _ = writeln!(out, "</svg><span class=\"value\">{}</span>", e(value));
    }
    out.push_str("</div>\n");
}

/// Reader text on one line (no control or direction characters), escaped
/// and isolated from the text around it.
fn reader(text: &str) -> String {
    format!("<bdi>{}</bdi>", e(&one_line(text)))
}

/// A query, with its language under it.
fn query_cell(q: &QueryStats) -> String {
    format!(
        "{}<br><span class=\"muted\">{}</span>",
        reader(&q.query),
        e(&q.language)
    )
}

/// A query's count, with its trend under it.
fn count_cell(q: &QueryStats) -> String {
    format!(
        "{}<br><span class=\"muted\">{}</span>",
        q.count,
        e(&trend(q.count, q.previous))
    )
}

/// A page: its title, and its URL path under it.
fn page_cell(page: &Page) -> String {
    if page.title == page.url {
        format!("<code>{}</code>", e(&page.url))
    } else {
        format!(
            "<bdi>{}</bdi><br><code>{}</code>",
            e(&page.title),
            e(&page.url)
        )
    }
}

fn overview(out: &mut String, report: &InsightsReport) {
    let s = &report.searches;
    let yes: u64 = report.days.iter().map(|d| d.yes_votes).sum();
    let no: u64 = report.days.iter().map(|d| d.no_votes).sum();
    let starts: u64 = report.trees.iter().map(|t| t.starts).sum();
    let resolved: u64 = report.trees.iter().map(|t| t.resolved).sum();
    let contacts: u64 = report.channels.iter().map(|c| c.count).sum();
    let contacts_before: u64 = report.channels.iter().map(|c| c.previous).sum();
    out.push_str("<section aria-labelledby=\"overview\">\n<h2 id=\"overview\">Overview</h2>\n<dl class=\"cards\">\n");
    for (name, value, note) in [
        (
            "Searches",
            s.total.to_string(),
            format!("{} vs the period before", trend(s.total, s.previous_total)),
        ),
        (
            "Found nothing",
            percent_of(s.no_results, s.total),
            format!("{} searches", s.no_results),
        ),
        (
            "Results not opened",
            percent_of(s.not_opened, s.total),
            format!("{} searches", s.not_opened),
        ),
        (
            "Voted helpful",
            percent(share(yes, yes + no)),
            format!("{yes} yes, {no} no"),
        ),
        (
            "Trees resolved",
            percent(share(resolved, starts)),
            format!("{resolved} of {starts} starts"),
        ),
        (
            "Support opened",
            contacts.to_string(),
            format!("{} vs the period before", trend(contacts, contacts_before)),
        ),
    ] {
        let _ = writeln!(
            out,
            "<div><dt>{}</dt><dd>{}<span>{}</span></dd></div>",
            e(name),
            e(&value),
            e(&note)
        );
    }
    out.push_str("</dl>\n</section>\n");
}

/// The searches of each day as stacked columns, with the axis's first and
/// last days and the busiest day's count as text beside it.
fn daily_chart(out: &mut String, days: &[DayCounts]) {
    let max = days.iter().map(|d| d.searches).max().unwrap_or(0);
    let width = (days.len().max(1) * 12) as f64;
    let height = 120.0;
    let _ = write!(
        out,
        "<figure>\n<svg viewBox=\"0 0 {width} {height}\" preserveAspectRatio=\"none\" role=\"img\" aria-labelledby=\"daily-caption\" focusable=\"false\" style=\"height:10rem\">"
    );
    for (i, d) in days.iter().enumerate() {
        let x = i as f64 * 12.0 + 1.0;
        let mut y = height;
        for (n, class) in [
            (
                d.searches.saturating_sub(d.no_results + d.not_opened),
                "s-opened",
            ),
            (d.not_opened, "s-unopened"),
            (d.no_results, "s-none"),
        ] {
            if n == 0 || max == 0 {
                continue;
            }
            let h = n as f64 / max as f64 * (height - 4.0);
            y -= h;
            let _ = write!(
                out,
                "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{y:.2}\" width=\"10\" height=\"{h:.2}\"/>"
            );
        }
    }
    out.push_str("</svg>\n");
    if let (Some(first), Some(last)) = (days.first(), days.last()) {
        let _ = writeln!(
            out,
            "<div class=\"axis\" aria-hidden=\"true\"><span>{}</span><span>busiest day: {max}</span><span>{}</span></div>",
            e(&first.date),
            e(&last.date)
        );
    }
    let _ = writeln!(
        out,
        "<figcaption id=\"daily-caption\">Searches per day: opened a result, found results nobody opened, found nothing. The numbers are in the table “Searches by day”.</figcaption>\n</figure>"
    );
    legend(
        out,
        &[
            ("s-opened", "opened a result"),
            ("s-unopened", "results not opened"),
            ("s-none", "found nothing"),
        ],
    );
    let rows: Vec<Vec<String>> = days
        .iter()
        .rev()
        .map(|d| {
            vec![
                e(&d.date),
                d.searches.to_string(),
                d.not_opened.to_string(),
                d.no_results.to_string(),
                d.yes_votes.to_string(),
                d.no_votes.to_string(),
                d.tree_starts.to_string(),
                d.contacts.to_string(),
            ]
        })
        .collect();
    out.push_str("<details>\n<summary>Searches by day (table)</summary>\n");
    table(
        out,
        "Searches by day",
        &[
            "Day",
            "Searches#",
            "Not opened#",
            "Found nothing#",
            "Yes votes#",
            "No votes#",
            "Tree starts#",
            "Support opened#",
        ],
        &rows,
    );
    out.push_str("</details>\n");
}

fn searches(out: &mut String, report: &InsightsReport) {
    let s = &report.searches;
    out.push_str("<section aria-labelledby=\"searches\">\n<h2 id=\"searches\">Searches</h2>\n");
    let _ = writeln!(
        out,
        "<p>{} searches ({} in the period before, {}): {} found nothing, {} found results nobody opened.</p>",
        s.total,
        s.previous_total,
        e(&trend(s.total, s.previous_total)),
        s.no_results,
        s.not_opened
    );
    daily_chart(out, &report.days);
    out.push_str("<h3>Top searches</h3>\n");
    let rows: Vec<Vec<String>> = s
        .top
        .iter()
        .map(|q| {
            vec![
                query_cell(q),
                count_cell(q),
                q.no_results.to_string(),
                q.not_opened.to_string(),
            ]
        })
        .collect();
    if rows.is_empty() {
        out.push_str("<p>No searches in the period.</p>\n");
    } else {
        table(
            out,
            "Top searches",
            &["Query", "Searches#", "Found nothing#", "Not opened#"],
            &rows,
        );
    }
    problems(
        out,
        "Searches that found nothing",
        "s-none",
        &s.without_results,
    );
    problems(
        out,
        "Searches whose results nobody opened",
        "s-unopened",
        &s.results_not_opened,
    );
    if !s.suggested_synonyms.is_empty() {
        let groups: Vec<String> = s
            .suggested_synonyms
            .iter()
            .map(|g| toml_string(g))
            .collect();
        let _ = writeln!(
            out,
            "<h3>Synonyms to add</h3>\n<p>Words readers typed that are a typo away from a word of the help center. Add the ones that are right to book.toml:</p>\n<pre><code>[output.html.search]\nsynonyms = [{}]</code></pre>",
            e(&groups.join(", "))
        );
    }
    out.push_str("</section>\n");
}

/// A list of problem queries: bars of their counts, then the table with
/// what a looser query finds today and the synonyms to add.
fn problems(out: &mut String, title: &str, class: &str, list: &[QueryStats]) {
    let _ = writeln!(out, "<h3>{}</h3>", e(title));
    if list.is_empty() {
        out.push_str("<p>None in the period.</p>\n");
        return;
    }
    let max = list.iter().map(|q| q.count).max().unwrap_or(0);
    let bar_rows: Vec<BarRow<'_>> = list
        .iter()
        .take(10)
        .map(|q| (q.query.clone(), vec![(q.count, class)], q.count.to_string()))
        .collect();
    bars(out, &bar_rows, max);
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|q| {
            let closest = if q.closest.is_empty() && q.query.starts_with('[') {
                "<span class=\"muted\">an email address or a phone number, removed before it was sent</span>".to_string()
            } else if q.closest.is_empty() {
                "<span class=\"muted\">nothing, even looser</span>".to_string()
            } else {
                let items: Vec<String> = q
                    .closest
                    .iter()
                    .map(|p| format!("<li>{}</li>", page_cell(p)))
                    .collect();
                format!("<ul>{}</ul>", items.concat())
            };
            let synonyms: Vec<String> = q
                .synonyms
                .iter()
                .map(|g| format!("<p>Synonym to add: <code>{}</code></p>", e(&toml_string(g))))
                .collect();
            vec![
                query_cell(q),
                count_cell(q),
                format!("{closest}{}", synonyms.concat()),
            ]
        })
        .collect();
    table(
        out,
        title,
        &["Query", "Searches#", "Closest today (a looser query)"],
        &rows,
    );
}

fn helpfulness(out: &mut String, report: &InsightsReport) {
    out.push_str(
        "<section aria-labelledby=\"helpfulness\">\n<h2 id=\"helpfulness\">Helpfulness</h2>\n",
    );
    if report.helpfulness.is_empty() {
        out.push_str("<p>No votes in the period.</p>\n</section>\n");
        return;
    }
    out.push_str("<p>Articles and troubleshooter steps with votes, the most “No” first.</p>\n");
    legend(out, &[("s-no", "No"), ("s-yes", "Yes")]);
    let max = report
        .helpfulness
        .iter()
        .map(|v| v.yes + v.no)
        .max()
        .unwrap_or(0);
    let bar_rows: Vec<BarRow<'_>> = report
        .helpfulness
        .iter()
        .take(12)
        .map(|v| {
            (
                v.page.title.clone(),
                vec![(v.no, "s-no"), (v.yes, "s-yes")],
                format!("{} no of {}", v.no, v.yes + v.no),
            )
        })
        .collect();
    bars(out, &bar_rows, max);
    let rows: Vec<Vec<String>> = report.helpfulness.iter().map(vote_row).collect();
    table(
        out,
        "Votes per page",
        &[
            "Page",
            "Yes#",
            "No#",
            "% No#",
            "Reasons and latest comments",
        ],
        &rows,
    );
    out.push_str("</section>\n");
}

fn vote_row(v: &PageVotes) -> Vec<String> {
    let reasons: Vec<String> = v
        .reasons
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(r, n)| format!("{} {n}", e(r)))
        .collect();
    let comments: Vec<String> = v
        .comments
        .iter()
        .map(|c| {
            let reason = c
                .reason
                .as_deref()
                .map(|r| format!(", {}", e(r)))
                .unwrap_or_default();
            format!(
                "<blockquote>{}<br><span class=\"muted\">{}{reason}</span></blockquote>",
                reader(&c.text),
                e(&c.date)
            )
        })
        .collect();
    vec![
        page_cell(&v.page),
        v.yes.to_string(),
        v.no.to_string(),
        e(&percent(Some(v.no_share))),
        format!("{}{}", reasons.join("<br>"), comments.concat()),
    ]
}

fn trees(out: &mut String, report: &InsightsReport) {
    out.push_str(
        "<section aria-labelledby=\"trees\">\n<h2 id=\"trees\">Troubleshooters and wizards</h2>\n",
    );
    if report.trees.is_empty() {
        out.push_str("<p>The help center has none.</p>\n");
    } else {
        out.push_str("<p>Per step: how many readers reached it, and how many left there without answering. <code>helpbook tree graph FILE --insights …</code> draws how many took each answer.</p>\n");
        legend(
            out,
            &[
                ("s-left", "left there"),
                ("s-reached", "went on, or ended there"),
            ],
        );
    }
    for (i, t) in report.trees.iter().enumerate() {
        tree(out, i, t);
    }
    out.push_str("</section>\n");
}

fn tree(out: &mut String, i: usize, t: &TreeStats) {
    let _ = write!(
        out,
        "<article class=\"tree\" aria-labelledby=\"tree-{i}\">\n<h3 id=\"tree-{i}\"><bdi>{}</bdi> <span class=\"muted\">({})</span></h3>\n<p><code>{}</code></p>\n",
        e(&t.page.title),
        e(&t.page.kind),
        e(&t.page.url)
    );
    let _ = writeln!(
        out,
        "<dl class=\"cards\"><div><dt>Starts</dt><dd>{}</dd></div><div><dt>Resolved</dt><dd>{}<span>{} readers</span></dd></div>\
         <div><dt>Escalated</dt><dd>{}<span>{} readers</span></dd></div><div><dt>Left midway</dt><dd>{}</dd></div></dl>",
        t.starts,
        e(&percent(t.resolution_rate)),
        t.resolved,
        e(&percent(t.escalation_rate)),
        t.escalated,
        t.left
    );
    if t.unmatched > 0 {
        let _ = writeln!(
            out,
            "<p class=\"muted\">Answer paths that no longer fit the tree (it changed since): {}.</p>",
            t.unmatched
        );
    }
    let reached: Vec<_> = t.steps.iter().filter(|s| s.reached > 0).collect();
    if reached.is_empty() {
        out.push_str("<p>No reader walked it in the period.</p>\n</article>\n");
        return;
    }
    let max = reached.iter().map(|s| s.reached).max().unwrap_or(0);
    let bar_rows: Vec<BarRow<'_>> = reached
        .iter()
        .map(|s| {
            (
                s.question.clone(),
                vec![
                    (s.left, "s-left"),
                    (s.reached - s.left.min(s.reached), "s-reached"),
                ],
                format!("{} left of {}", s.left, s.reached),
            )
        })
        .collect();
    bars(out, &bar_rows, max);
    let rows: Vec<Vec<String>> = t
        .steps
        .iter()
        .map(|s| {
            vec![
                format!("<bdi>{}</bdi><br><code>{}</code>", e(&s.question), e(&s.id)),
                e(s.end.as_deref().unwrap_or("")),
                s.reached.to_string(),
                s.left.to_string(),
                e(&percent(s.leave_rate)),
            ]
        })
        .collect();
    table(
        out,
        &format!("Steps of “{}”", t.page.title),
        &["Step", "End", "Reached#", "Left here#", "Leave rate#"],
        &rows,
    );
    out.push_str("</article>\n");
}

fn channels(out: &mut String, report: &InsightsReport) {
    out.push_str("<section aria-labelledby=\"channels\">\n<h2 id=\"channels\">Support channels opened</h2>\n");
    if report.channels.is_empty() {
        out.push_str("<p>None in the period.</p>\n</section>\n");
        return;
    }
    let max = report.channels.iter().map(|c| c.count).max().unwrap_or(0);
    let bar_rows: Vec<BarRow<'_>> = report
        .channels
        .iter()
        .map(|c| {
            (
                c.channel.clone(),
                vec![(c.count, "s-opened")],
                c.count.to_string(),
            )
        })
        .collect();
    bars(out, &bar_rows, max);
    let rows: Vec<Vec<String>> = report
        .channels
        .iter()
        .map(|c| {
            let pages: Vec<String> = c
                .pages
                .iter()
                .take(5)
                .map(|p| format!("<li>{} × {}</li>", p.count, page_cell(&p.page)))
                .collect();
            let more = c.pages.len().saturating_sub(5);
            let more = if more > 0 {
                format!("<li class=\"muted\">and {more} more pages</li>")
            } else {
                String::new()
            };
            vec![
                e(&c.channel),
                c.count.to_string(),
                e(&trend(c.count, c.previous)),
                format!("<ul>{}{more}</ul>", pages.concat()),
            ]
        })
        .collect();
    table(
        out,
        "Support channels opened, by page",
        &["Channel", "Opened#", "Trend#", "From the pages"],
        &rows,
    );
    out.push_str("</section>\n");
}

fn spikes(out: &mut String, report: &InsightsReport) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"spikes\">\n<h2 id=\"spikes\">Spikes</h2>\n<p>Days where one page’s “No” votes or one query that found nothing reached at least {SPIKE_MIN} and more than {SPIKE_FACTOR} times its median daily count over the period.</p>"
    );
    if report.spikes.is_empty() {
        out.push_str("<p>None in the period.</p>\n</section>\n");
        return;
    }
    let rows: Vec<Vec<String>> = report
        .spikes
        .iter()
        .map(|s| {
            let (what, subject) = match (&s.page, &s.query) {
                (Some(page), _) => ("“No” votes", page_cell(page)),
                (_, Some(query)) => ("found nothing", reader(query)),
                _ => ("", String::new()),
            };
            vec![
                e(&s.date),
                e(what),
                subject,
                e(&s.language),
                s.count.to_string(),
                format!("{}", s.median),
            ]
        })
        .collect();
    table(
        out,
        "Spikes",
        &[
            "Day",
            "What",
            "Page or query",
            "Language",
            "That day#",
            "Median#",
        ],
        &rows,
    );
    out.push_str("</section>\n");
}

fn unreached(out: &mut String, report: &InsightsReport) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"unreached\">\n<h2 id=\"unreached\">Nobody reached</h2>\n<p>{} articles had no event at all in the period: no vote, no search that opened them, nothing on their pages.</p>",
        report.unreached_total
    );
    let rows: Vec<Vec<String>> = report
        .unreached
        .iter()
        .map(|p| {
            vec![
                format!("<code>{}</code>", e(p.path.as_deref().unwrap_or(&p.url))),
                e(&p.language),
                format!("<bdi>{}</bdi>", e(&p.title)),
            ]
        })
        .collect();
    if !rows.is_empty() {
        table(
            out,
            "Articles nobody reached",
            &["Article", "Language", "Title"],
            &rows,
        );
    }
    let more = report.unreached_total as usize - report.unreached.len();
    if more > 0 {
        let _ = writeln!(
            out,
            "<p class=\"muted\">And {more} more (<code>--top</code> shows more).</p>"
        );
    }
    out.push_str("</section>\n");
}
