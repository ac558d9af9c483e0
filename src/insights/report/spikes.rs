//! Spikes: a day where one article's (or step's) "No" votes, or one query
//! that found nothing, jumped well above its usual level. The rule: at
//! least [`SPIKE_MIN`] that day, and more than [`SPIKE_FACTOR`] times its
//! median daily count over the period (days without any counted as 0, so
//! for something rare the median is 0 and any day of 5 or more is a
//! spike).

use std::collections::BTreeMap;

use crate::insights::event::{Event, Stored};

use super::content::Content;
use super::model::{Spike, SPIKE_FACTOR, SPIKE_MIN};
use super::period::Period;
use super::searches::normalise;

/// What a daily series counts.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Subject {
    /// "No" votes on a page: (URL path, language).
    NoVotes(String, String),
    /// Searches of a query that found nothing: (query, language).
    NoResults(String, String),
}

/// Every spike of the period, the latest first (then the biggest).
pub fn spikes(content: &Content, events: &[Stored], period: &Period) -> Vec<Spike> {
    let days = period.days() as usize;
    let mut series: BTreeMap<Subject, Vec<u64>> = BTreeMap::new();
    for stored in events {
        let Some(day) = period.day_index(stored.time) else {
            continue;
        };
        let subject = match &stored.event {
            Event::Vote {
                page,
                language,
                helpful: false,
                ..
            } => Subject::NoVotes(content.page(page, language).url, language.clone()),
            Event::Search {
                query,
                language,
                results: 0,
                ..
            } => Subject::NoResults(normalise(query), language.clone()),
            _ => continue,
        };
        if let Some(count) = series
            .entry(subject)
            .or_insert_with(|| vec![0; days])
            .get_mut(day)
        {
            *count += 1;
        }
    }
    let mut list = Vec::new();
    for (subject, counts) in series {
        let median = median(&counts);
        for (day, &count) in counts.iter().enumerate() {
            if count < SPIKE_MIN || count as f64 <= SPIKE_FACTOR * median {
                continue;
            }
            let (kind, page, query, language) = match &subject {
                Subject::NoVotes(url, language) => (
                    "no_votes",
                    Some(content.page(url, language)),
                    None,
                    language,
                ),
                Subject::NoResults(query, language) => {
                    ("no_results", None, Some(query.clone()), language)
                }
            };
            list.push(Spike {
                kind: kind.into(),
                page,
                query,
                language: language.clone(),
                date: period.date(day),
                count,
                median,
            });
        }
    }
    list.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.query.cmp(&b.query))
            .then_with(|| a.page.cmp(&b.page))
    });
    list
}

/// The median of `counts` (the mean of the middle two for an even number).
fn median(counts: &[u64]) -> f64 {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2] as f64,
        n => (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn medians_of_daily_counts() {
        assert_eq!(median(&[0, 0, 9, 1, 0]), 0.0);
        assert_eq!(median(&[4, 1, 3, 2]), 2.5);
        assert_eq!(median(&[]), 0.0);
    }
}
