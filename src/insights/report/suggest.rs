//! `helpbook insights --suggest-tests`: `[[search.expect]]` entries for
//! book.toml from what readers did. A query searched at least
//! `min_searches` times in the period, whose opened result was the same
//! page at least [`CONSISTENT`] of the time, becomes an expectation that
//! the search keeps finding that page; `top` is 3, or the rank the page
//! has today when lower, so a pasted entry passes on today's content. A
//! page the search no longer finds in its first [`LOOK_AT`] results is
//! printed commented out, with why.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::config::DEFAULT_EXPECT_TOP;
use crate::insights::event::{Event, Stored, EMAIL_PLACEHOLDER, PHONE_PLACEHOLDER};

use super::content::{page_path, step_names, Content, Place};
use super::looser::Indexes;
use super::period::{date_of, Period};
use super::reader_text::one_line;
use super::searches::normalise;

/// The share of opens that must go to one page.
pub const CONSISTENT: f64 = 0.8;
/// Results looked at for today's rank.
const LOOK_AT: usize = 10;

/// One query's searches and the pages opened from them.
#[derive(Default)]
struct Opens {
    searches: u64,
    pages: BTreeMap<String, u64>,
}

/// The entries to paste, as TOML (comments say where each comes from).
pub fn suggest_tests(
    content: &Content,
    indexes: &Indexes<'_>,
    events: &[Stored],
    period: &Period,
    min_searches: u64,
) -> String {
    let mut queries: BTreeMap<(String, String), Opens> = BTreeMap::new();
    for stored in events.iter().filter(|s| period.contains(s.time)) {
        let Event::Search {
            language,
            query,
            opened,
            ..
        } = &stored.event
        else {
            continue;
        };
        let query = normalise(query);
        if query.contains(EMAIL_PLACEHOLDER) || query.contains(PHONE_PLACEHOLDER) {
            continue;
        }
        let entry = queries.entry((query, language.clone())).or_default();
        entry.searches += 1;
        if let Some(opened) = opened {
            *entry
                .pages
                .entry(page_path(&opened.url).to_string())
                .or_default() += 1;
        }
    }
    let mut chosen: Vec<(&(String, String), &Opens, String, u64)> = Vec::new();
    for (key, opens) in &queries {
        let total: u64 = opens.pages.values().sum();
        let best = opens
            .pages
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)));
        if let Some((url, &n)) = best {
            if opens.searches >= min_searches && n as f64 >= CONSISTENT * total as f64 {
                chosen.push((key, opens, url.clone(), n));
            }
        }
    }
    chosen.sort_by(|a, b| b.1.searches.cmp(&a.1.searches).then_with(|| a.0.cmp(b.0)));

    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Suggested by `helpbook insights --suggest-tests` from the searches of {} to {}:\n\
         # queries searched at least {min_searches} times whose opened result was the same page\n\
         # at least {:.0}% of the time. Paste the entries you agree with into book.toml.",
        date_of(period.first),
        date_of(period.last),
        CONSISTENT * 100.0
    );
    if chosen.is_empty() {
        let _ = writeln!(out, "# No query qualifies in this period.");
    }
    let original = content.sites.first().map(|s| s.config.language.as_str());
    for ((query, language), opens, url, n) in chosen {
        let total: u64 = opens.pages.values().sum();
        let _ = writeln!(
            out,
            "\n# \"{}\": {} searches; {n} of {total} opened results were {url}",
            one_line(query),
            opens.searches
        );
        let Some(path) = content_path_of(content, &url) else {
            let _ = writeln!(
                out,
                "# (not an article or a tree step of the help center today: no entry)"
            );
            continue;
        };
        let rank = indexes
            .of(language)
            .and_then(|index| index.rank_of(query, &url, LOOK_AT));
        let prefix = if rank.is_some() { "" } else { "# " };
        if rank.is_none() {
            let _ = writeln!(
                out,
                "# The search does not find it in its first {LOOK_AT} results today: fix that first."
            );
        }
        let top = rank.unwrap_or(DEFAULT_EXPECT_TOP).max(DEFAULT_EXPECT_TOP);
        let _ = writeln!(out, "{prefix}[[search.expect]]");
        let _ = writeln!(out, "{prefix}query = {}", toml_string(query));
        let _ = writeln!(out, "{prefix}article = {}", toml_string(&path));
        let _ = writeln!(out, "{prefix}top = {top}");
        if Some(language.as_str()) != original {
            let _ = writeln!(out, "{prefix}language = {}", toml_string(language));
        }
    }
    out
}

/// The content path of an article's or step's URL (`a/b.md`, `a/t.md#id`).
fn content_path_of(content: &Content, url: &str) -> Option<String> {
    match content.place(url)? {
        Place::Article { site, article } => Some(super::content::content_path(
            &content.sites[site].articles[article],
        )),
        Place::Step {
            site,
            article,
            node,
        } => {
            let site = &content.sites[site];
            Some(step_names(site, &site.articles[article], node).2)
        }
        _ => None,
    }
}

/// A TOML basic string.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::toml_string;

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(toml_string("x\u{1b}y"), r#""x\u001By""#);
    }
}
