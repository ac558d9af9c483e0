//! Troubleshooters and wizards: starts, how many readers reached a
//! `.resolved` or an `.escalate` step or left midway, and per step how
//! many reached it and how many left there. The answers a reader gave are
//! the event's answer path (`?a=`, the index of the choice at each step),
//! replayed on today's tree; a path that no longer fits (the tree changed)
//! is counted as unmatched.
//!
//! Every end or leave event counts its path once: a reader who goes on
//! past a `.resolved` step counts once for each end they reach.

use std::collections::BTreeMap;

use crate::insights::event::{Event, Stored, TreeAction};
use crate::model::site::Article;
use crate::model::tree::{Target, Tree};

use super::content::{Content, Place};
use super::model::{share, AnswerCount, StepStats, TreeStats};
use super::period::Period;

/// Every tree of the help center (of `language` only, when given) with its
/// figures over the period, the most started first.
pub fn trees(
    content: &Content,
    events: &[Stored],
    period: &Period,
    language: Option<&str>,
) -> Vec<TreeStats> {
    let mut walks: BTreeMap<(usize, usize), Vec<&Stored>> = BTreeMap::new();
    for stored in events.iter().filter(|s| period.contains(s.time)) {
        if let Event::Tree { page, .. } = &stored.event {
            if let Some(Place::Article { site, article }) = content.place(page) {
                walks.entry((site, article)).or_default().push(stored);
            }
        }
    }
    let mut list = Vec::new();
    for (s, site) in content.sites.iter().enumerate() {
        if language.is_some_and(|l| l != site.config.language) {
            continue;
        }
        for (a, article) in site.articles.iter().enumerate() {
            if article.tree.is_some() {
                let events = walks.get(&(s, a)).map(Vec::as_slice).unwrap_or(&[]);
                if let Some(stats) = tree_stats(content, (s, a), events) {
                    list.push(stats);
                }
            }
        }
    }
    list.sort_by(|a, b| b.starts.cmp(&a.starts).then_with(|| a.page.cmp(&b.page)));
    list
}

/// The figures of the tree of `(site, article)` from its events.
pub fn tree_stats(
    content: &Content,
    (site, article): (usize, usize),
    events: &[&Stored],
) -> Option<TreeStats> {
    let a: &Article = &content.sites[site].articles[article];
    let tree = a.tree.as_ref()?;
    let mut stats = TreeStats {
        page: content.page_of(Place::Article { site, article }),
        starts: 0,
        resolved: 0,
        escalated: 0,
        left: 0,
        resolution_rate: None,
        escalation_rate: None,
        steps: Vec::new(),
        answers: Vec::new(),
        unmatched: 0,
    };
    let mut reached = vec![0u64; tree.nodes.len()];
    let mut left = vec![0u64; tree.nodes.len()];
    let mut taken: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    for stored in events {
        let Event::Tree {
            action,
            step,
            answers,
            ..
        } = &stored.event
        else {
            continue;
        };
        match action {
            TreeAction::Start => {
                stats.starts += 1;
                continue;
            }
            TreeAction::Resolved => stats.resolved += 1,
            TreeAction::Escalate => stats.escalated += 1,
            TreeAction::Leave => stats.left += 1,
        }
        match replay(tree, answers).filter(|(_, last)| tree.nodes[*last].id == *step) {
            Some((path, last)) => {
                reached[tree.start] += 1;
                for &(node, choice) in &path {
                    *taken.entry((node, choice)).or_default() += 1;
                    if let Target::Node(next) = tree.nodes[node].choices[choice].target {
                        reached[next] += 1;
                    }
                }
                if *action == TreeAction::Leave {
                    left[last] += 1;
                }
            }
            None => stats.unmatched += 1,
        }
    }
    stats.resolution_rate = share(stats.resolved, stats.starts);
    stats.escalation_rate = share(stats.escalated, stats.starts);
    for (i, node) in tree.nodes.iter().enumerate() {
        stats.steps.push(StepStats {
            id: node.id.clone(),
            question: node.question.clone(),
            end: node.terminal.map(|t| t.as_str().to_string()),
            reached: reached[i],
            left: left[i],
            leave_rate: share(left[i], reached[i]),
        });
        for (c, choice) in node.choices.iter().enumerate() {
            let to = match choice.target {
                Target::Node(t) => tree.nodes[t].id.clone(),
                Target::Page | Target::Missing => choice.dest.clone(),
            };
            stats.answers.push(AnswerCount {
                step: node.id.clone(),
                choice: c,
                label: choice.label.clone(),
                to,
                count: taken.get(&(i, c)).copied().unwrap_or(0),
            });
        }
    }
    Some(stats)
}

/// Follows an answer path (`0.2.1`) from the start: the answers taken as
/// (step, choice) and the step it ends on; `None` when it does not fit the
/// tree. A last answer that leads to an article ends on the step it was
/// given at.
pub fn replay(tree: &Tree, answers: &str) -> Option<(Vec<(usize, usize)>, usize)> {
    let mut node = tree.start;
    let mut path = Vec::new();
    if answers.is_empty() {
        return Some((path, node));
    }
    let parts: Vec<&str> = answers.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let index: usize = part.parse().ok()?;
        let choice = tree.nodes.get(node)?.choices.get(index)?;
        path.push((node, index));
        match choice.target {
            Target::Node(next) => node = next,
            Target::Page if i + 1 == parts.len() => {}
            _ => return None,
        }
    }
    Some((path, node))
}

/// The figures of the tree in `file` (its path from the help center's
/// root, `content/a/tree.md`, or a translation's `tree.es.md`) over the
/// period; `None` when no tree of the help center is in that file.
pub fn for_file(
    content: &Content,
    file: &std::path::Path,
    events: &[Stored],
    period: &Period,
) -> Option<TreeStats> {
    let (site, article) = content.sites.iter().enumerate().find_map(|(s, site)| {
        site.articles
            .iter()
            .position(|a| a.file.path == file && a.tree.is_some())
            .map(|a| (s, a))
    })?;
    let own = Place::Article { site, article };
    let events: Vec<&Stored> = events
        .iter()
        .filter(|s| period.contains(s.time))
        .filter(
            |s| matches!(&s.event, Event::Tree { page, .. } if content.place(page) == Some(own)),
        )
        .collect();
    tree_stats(content, (site, article), &events)
}
