//! What the report counts beside searches, votes and trees: support
//! channels opened (by page), articles no event reached, and the counts of
//! each day (for the charts).

use std::collections::{BTreeMap, BTreeSet};

use crate::insights::event::{Event, Stored, TreeAction};

use super::content::Content;
use super::model::{ChannelStats, DayCounts, Page, PageCount};
use super::period::Period;

/// Channels opened in the period, the most opened first, each with the
/// pages it was opened from.
pub fn channels(content: &Content, events: &[Stored], period: &Period) -> Vec<ChannelStats> {
    let previous = period.previous();
    let mut by_channel: BTreeMap<&str, (u64, u64, BTreeMap<Page, u64>)> = BTreeMap::new();
    for stored in events {
        let Event::Contact {
            page,
            language,
            channel,
        } = &stored.event
        else {
            continue;
        };
        let entry = by_channel.entry(channel.as_str()).or_default();
        if period.contains(stored.time) {
            entry.0 += 1;
            *entry.2.entry(content.page(page, language)).or_default() += 1;
        } else if previous.contains(stored.time) {
            entry.1 += 1;
        }
    }
    let mut list: Vec<ChannelStats> = by_channel
        .into_iter()
        .filter(|(_, (count, _, _))| *count > 0)
        .map(|(channel, (count, previous, pages))| {
            let mut pages: Vec<PageCount> = pages
                .into_iter()
                .map(|(page, count)| PageCount { page, count })
                .collect();
            pages.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.page.cmp(&b.page)));
            ChannelStats {
                channel: channel.to_string(),
                count,
                previous,
                pages,
            }
        })
        .collect();
    list.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.channel.cmp(&b.channel))
    });
    list
}

/// The articles (trees included) of the help center, of `language` when
/// given, that no event of the period touched: no vote, no search that
/// opened them, no event on any of their pages. Sorted by content path.
pub fn unreached(
    content: &Content,
    events: &[Stored],
    period: &Period,
    language: Option<&str>,
) -> Vec<Page> {
    let mut reached = BTreeSet::new();
    for stored in events.iter().filter(|s| period.contains(s.time)) {
        let event = &stored.event;
        reached.extend(content.article_of(event.page()));
        if let Event::Search {
            opened: Some(opened),
            ..
        } = event
        {
            reached.extend(content.article_of(&opened.url));
        }
    }
    let mut list = Vec::new();
    for (s, site) in content.sites.iter().enumerate() {
        if language.is_some_and(|l| l != site.config.language) {
            continue;
        }
        for a in 0..site.articles.len() {
            if !reached.contains(&(s, a)) {
                list.push(content.page_of(super::content::Place::Article {
                    site: s,
                    article: a,
                }));
            }
        }
    }
    list.sort_by(|a, b| (&a.path, &a.language).cmp(&(&b.path, &b.language)));
    list
}

/// The counts of each day of the period, oldest first.
pub fn days(events: &[Stored], period: &Period) -> Vec<DayCounts> {
    let mut days: Vec<DayCounts> = (0..period.days() as usize)
        .map(|i| DayCounts {
            date: period.date(i),
            ..DayCounts::default()
        })
        .collect();
    for stored in events {
        let Some(day) = period.day_index(stored.time).and_then(|i| days.get_mut(i)) else {
            continue;
        };
        match &stored.event {
            Event::Search {
                results, opened, ..
            } => {
                day.searches += 1;
                if *results == 0 {
                    day.no_results += 1;
                } else if opened.is_none() {
                    day.not_opened += 1;
                }
            }
            Event::Vote { helpful: true, .. } => day.yes_votes += 1,
            Event::Vote { helpful: false, .. } => day.no_votes += 1,
            Event::Tree {
                action: TreeAction::Start,
                ..
            } => day.tree_starts += 1,
            Event::Tree { .. } => {}
            Event::Contact { .. } => day.contacts += 1,
        }
    }
    days
}
