//! Search events grouped by normalised query (lower-case, trimmed, white
//! space folded; the `[email]` and `[phone]` placeholders kept as they
//! are) and language: the most frequent queries, those that found nothing
//! and those whose results nobody opened, each with its trend and, for the
//! problems, what a looser query finds today and the synonyms to add.

use std::collections::{BTreeMap, BTreeSet};

use crate::insights::event::{Event, Stored};

use super::content::{page_path, Content};
use super::looser::Indexes;
use super::model::{Page, QueryStats, Searches};
use super::period::Period;

/// Results shown for a looser query.
const CLOSEST: usize = 3;

/// A query as the report groups it: lower-case, trimmed, white space
/// folded.
pub fn normalise(query: &str) -> String {
    query
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Counts of one query over both periods.
#[derive(Default)]
struct Tally {
    stats: QueryStats,
    previous_no_results: u64,
    previous_not_opened: u64,
}

/// The search part of the report: `top` queries per list.
pub fn searches(
    content: &Content,
    indexes: &Indexes<'_>,
    events: &[Stored],
    period: &Period,
    top: usize,
) -> Searches {
    let previous = period.previous();
    let mut out = Searches::default();
    let mut tallies: BTreeMap<(String, String), Tally> = BTreeMap::new();
    for stored in events {
        let Event::Search {
            language,
            query,
            results,
            opened,
            ..
        } = &stored.event
        else {
            continue;
        };
        let now = period.contains(stored.time);
        if !now && !previous.contains(stored.time) {
            continue;
        }
        let key = (normalise(query), language.clone());
        let tally = tallies.entry(key.clone()).or_default();
        let none = *results == 0;
        let unopened = !none && opened.is_none();
        if now {
            out.total += 1;
            let s = &mut tally.stats;
            s.count += 1;
            if none {
                out.no_results += 1;
                s.no_results += 1;
            } else if unopened {
                out.not_opened += 1;
                s.not_opened += 1;
            } else {
                out.opened += 1;
                s.opened += 1;
            }
        } else {
            out.previous_total += 1;
            tally.stats.previous += 1;
            tally.previous_no_results += u64::from(none);
            tally.previous_not_opened += u64::from(unopened);
        }
    }
    for ((query, language), tally) in &mut tallies {
        tally.stats.query = query.clone();
        tally.stats.language = language.clone();
    }
    out.top = ranked(&tallies, top, |t| (t.stats.count, t.stats.previous));
    out.without_results = ranked(&tallies, top, |t| {
        (t.stats.no_results, t.previous_no_results)
    });
    out.results_not_opened = ranked(&tallies, top, |t| {
        (t.stats.not_opened, t.previous_not_opened)
    });
    let mut synonyms = BTreeSet::new();
    for list in [&mut out.without_results, &mut out.results_not_opened] {
        for stats in list.iter_mut() {
            loosen(content, indexes, stats);
            synonyms.extend(stats.synonyms.iter().cloned());
        }
    }
    out.suggested_synonyms = synonyms.into_iter().collect();
    out
}

/// The `top` queries by `count` (this period's, the previous one's), most
/// first, then by query and language; queries with none this period are
/// left out. Each comes with that count as `count` and `previous`.
fn ranked(
    tallies: &BTreeMap<(String, String), Tally>,
    top: usize,
    count: impl Fn(&Tally) -> (u64, u64),
) -> Vec<QueryStats> {
    let mut rows: Vec<QueryStats> = tallies
        .values()
        .filter(|t| count(t).0 > 0)
        .map(|t| {
            let (now, before) = count(t);
            QueryStats {
                count: now,
                previous: before,
                ..t.stats.clone()
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.query.cmp(&b.query))
            .then_with(|| a.language.cmp(&b.language))
    });
    rows.truncate(top);
    rows
}

/// Fills in what the query finds today when loosened, and the synonym
/// groups its near misses suggest.
fn loosen(content: &Content, indexes: &Indexes<'_>, stats: &mut QueryStats) {
    let Some(index) = indexes.of(&stats.language) else {
        return;
    };
    let loosened = index.loosen(&stats.query, CLOSEST + 2);
    let mut seen = BTreeSet::new();
    let mut closest: Vec<Page> = Vec::new();
    for url in &loosened.urls {
        let page = content.page(page_path(url), &stats.language);
        if seen.insert(page.url.clone()) && closest.len() < CLOSEST {
            closest.push(page);
        }
    }
    stats.closest = closest;
    stats.synonyms = loosened
        .near_misses
        .iter()
        .map(|(word, near)| format!("{word}, {near}"))
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_grouped_by_their_normal_form() {
        assert_eq!(normalise("  Reset   PASSWORD\t"), "reset password");
        assert_eq!(normalise("[email]"), "[email]");
    }
}
