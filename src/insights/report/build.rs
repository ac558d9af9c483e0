//! Putting a report together: the events of the period (and of the period
//! before, for trends), joined with the content, through each part's
//! aggregation.

use crate::insights::event::Stored;

use super::activity::{channels, days, unreached};
use super::content::Content;
use super::looser::Indexes;
use super::model::{EventCounts, InsightsReport, PeriodInfo, REPORT_VERSION};
use super::period::{date_of, Period};
use super::searches::searches;
use super::spikes::spikes;
use super::trees::trees;
use super::votes::helpfulness;

/// What a report covers.
#[derive(Clone, Debug)]
pub struct Options {
    /// The days.
    pub period: Period,
    /// Only events and content in this language.
    pub language: Option<String>,
    /// Most rows per list.
    pub top: usize,
}

/// Checks that the help center has `language`; `Err` names the ones it has.
pub fn check_language(content: &Content, language: &str) -> Result<(), String> {
    if content.site_of(language).is_some() {
        return Ok(());
    }
    let known: Vec<&str> = content
        .sites
        .iter()
        .map(|s| s.config.language.as_str())
        .collect();
    Err(format!(
        "the help center has no language `{language}`; its languages are: {}",
        known.join(", ")
    ))
}

/// The events in `language` only, when given.
pub fn in_language(mut events: Vec<Stored>, language: Option<&str>) -> Vec<Stored> {
    if let Some(language) = language {
        events.retain(|s| s.event.language() == language);
    }
    events
}

/// The report of `events` (from the start of the period before
/// `options.period`, in the language asked for) on `content`; `skipped`
/// rows of the database could not be read.
pub fn build(
    content: &Content,
    indexes: &Indexes<'_>,
    events: &[Stored],
    skipped: usize,
    options: &Options,
) -> InsightsReport {
    let period = &options.period;
    let previous = period.previous();
    let language = options.language.as_deref();
    let unreached = unreached(content, events, period, language);
    InsightsReport {
        version: REPORT_VERSION,
        help_center: content.title(),
        period: PeriodInfo {
            since: date_of(period.first),
            until: date_of(period.last),
            days: period.days(),
            previous_since: date_of(previous.first),
        },
        language: options.language.clone(),
        events: EventCounts {
            in_period: events.iter().filter(|s| period.contains(s.time)).count() as u64,
            previous_period: events.iter().filter(|s| previous.contains(s.time)).count() as u64,
            skipped: skipped as u64,
        },
        searches: searches(content, indexes, events, period, options.top),
        helpfulness: helpfulness(content, events, period, options.top),
        unreached_total: unreached.len() as u64,
        unreached: unreached.into_iter().take(options.top).collect(),
        trees: trees(content, events, period, language),
        channels: channels(content, events, period),
        spikes: spikes(content, events, period),
        days: days(events, period),
    }
}
