//! "Was this helpful?" votes per article and tree step: yes and no, the
//! share of "No", the reasons given and the latest comments.

use std::collections::BTreeMap;

use crate::insights::event::{Event, Reason, Stored};

use super::content::Content;
use super::model::{share, Comment, PageVotes};
use super::period::{date_of_time, Period};

/// Comments kept per page.
const COMMENTS: usize = 3;

/// The names of the reasons, as in the events.
pub fn reason_name(reason: Reason) -> &'static str {
    match reason {
        Reason::Outdated => "outdated",
        Reason::DidNotAnswer => "did-not-answer",
        Reason::HardToFollow => "hard-to-follow",
        Reason::SomethingMissing => "something-missing",
    }
}

/// Every reason, in the order readers see them.
pub const REASONS: [Reason; 4] = [
    Reason::Outdated,
    Reason::DidNotAnswer,
    Reason::HardToFollow,
    Reason::SomethingMissing,
];

/// The pages with votes in the period, the most "No" votes first (then the
/// highest share of "No", then by URL); the first `top`.
pub fn helpfulness(
    content: &Content,
    events: &[Stored],
    period: &Period,
    top: usize,
) -> Vec<PageVotes> {
    let mut pages: BTreeMap<(String, String), PageVotes> = BTreeMap::new();
    // Newest last, so the latest comments are at the end.
    for stored in events.iter().filter(|s| period.contains(s.time)) {
        let Event::Vote {
            page,
            language,
            helpful,
            reason,
            comment,
        } = &stored.event
        else {
            continue;
        };
        // Keyed by the page it is today (an alias counts for its article).
        let resolved = content.page(page, language);
        let votes = pages
            .entry((resolved.url.clone(), language.clone()))
            .or_insert_with(|| PageVotes {
                page: resolved,
                yes: 0,
                no: 0,
                no_share: 0.0,
                reasons: REASONS
                    .iter()
                    .map(|r| (reason_name(*r).to_string(), 0))
                    .collect(),
                comments: Vec::new(),
            });
        if *helpful {
            votes.yes += 1;
            continue;
        }
        votes.no += 1;
        if let Some(reason) = reason {
            *votes
                .reasons
                .entry(reason_name(*reason).to_string())
                .or_default() += 1;
        }
        if let Some(text) = comment.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            votes.comments.push(Comment {
                date: date_of_time(stored.time),
                reason: reason.map(|r| reason_name(r).to_string()),
                text: text.to_string(),
            });
        }
    }
    let mut list: Vec<PageVotes> = pages
        .into_values()
        .map(|mut v| {
            v.no_share = share(v.no, v.yes + v.no).unwrap_or(0.0);
            let keep = v.comments.len().saturating_sub(COMMENTS);
            v.comments.drain(..keep);
            v.comments.reverse();
            v
        })
        .collect();
    list.sort_by(|a, b| {
        b.no.cmp(&a.no)
            .then_with(|| b.no_share.total_cmp(&a.no_share))
            .then_with(|| a.page.cmp(&b.page))
    });
    list.truncate(top);
    list
}
