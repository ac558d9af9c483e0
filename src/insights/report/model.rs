//! What a report holds, as plain serialisable values: the text and HTML
//! renderings read them, and `--format json` prints them as they are. The
//! field names are the JSON's, documented in the README; every list has a
//! fixed order (biggest count first, then by name), so two runs on the
//! same events print the same bytes.

use std::collections::BTreeMap;

use serde::Serialize;

/// The version of the JSON layout (`"version"`); a field removed or
/// renamed changes it, a field added does not.
pub const REPORT_VERSION: u32 = 1;

/// A whole report.
#[derive(Clone, Debug, Serialize)]
pub struct InsightsReport {
    /// The layout's version ([`REPORT_VERSION`]).
    pub version: u32,
    /// The help center's title.
    pub help_center: String,
    /// The days covered.
    pub period: PeriodInfo,
    /// `--language`, when given.
    pub language: Option<String>,
    /// Events in the period and before it.
    pub events: EventCounts,
    /// What readers searched for.
    pub searches: Searches,
    /// Articles and tree steps with votes, least helpful first.
    pub helpfulness: Vec<PageVotes>,
    /// Articles with no event at all in the period (the first `--top`, by
    /// content path).
    pub unreached: Vec<Page>,
    /// How many articles no event reached, in all.
    pub unreached_total: u64,
    /// Troubleshooters and wizards with events.
    pub trees: Vec<TreeStats>,
    /// Support channels opened.
    pub channels: Vec<ChannelStats>,
    /// Days where one article's "No" votes or one no-result query jumped.
    pub spikes: Vec<Spike>,
    /// Counts per day of the period, oldest first (for charts).
    pub days: Vec<DayCounts>,
}

/// The days a report covers (UTC).
#[derive(Clone, Debug, Serialize)]
pub struct PeriodInfo {
    /// The first day (`2026-04-29`).
    pub since: String,
    /// The last day, today.
    pub until: String,
    /// How many days.
    pub days: i64,
    /// The first day of the period of the same length before it (trends
    /// compare with that).
    pub previous_since: String,
}

/// How many events were read.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EventCounts {
    /// In the period (after `--language`).
    pub in_period: u64,
    /// In the period before it.
    pub previous_period: u64,
    /// Rows of the database that no longer parse, left out.
    pub skipped: u64,
}

/// A page of the help center, as the report names it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Page {
    /// Its URL path, as events give it.
    pub url: String,
    /// Its title (a step: the tree's title › the step's heading); the URL
    /// when the page is not in the help center (any more).
    pub title: String,
    /// Its content path (`account-access/reset-password.md`, a step with
    /// `#id`), when it is an article or a tree step.
    pub path: Option<String>,
    /// `article`, `troubleshooter`, `wizard`, `step`, `category`, `home`,
    /// `contact`, `search`, or `unknown` (not in the help center now).
    pub kind: String,
    /// Its language.
    pub language: String,
}

/// Search events, grouped.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Searches {
    /// Searches in the period.
    pub total: u64,
    /// In the period before.
    pub previous_total: u64,
    /// Of which found nothing.
    pub no_results: u64,
    /// Of which found something, but no result was opened.
    pub not_opened: u64,
    /// Of which a result was opened.
    pub opened: u64,
    /// The most frequent queries.
    pub top: Vec<QueryStats>,
    /// Queries that found nothing, most frequent first.
    pub without_results: Vec<QueryStats>,
    /// Queries that found results nobody opened, most frequent first.
    pub results_not_opened: Vec<QueryStats>,
    /// Every synonym group suggested above, for one `synonyms` line.
    pub suggested_synonyms: Vec<String>,
}

/// One normalised query (lower-case, trimmed, white space folded).
#[derive(Clone, Debug, Default, Serialize)]
pub struct QueryStats {
    /// The query.
    pub query: String,
    /// The language of the pages it was typed on.
    pub language: String,
    /// Searches in the period (for the lists of problems: the searches
    /// with that problem).
    pub count: u64,
    /// The same in the period before.
    pub previous: u64,
    /// Searches that found nothing.
    pub no_results: u64,
    /// Searches whose results nobody opened.
    pub not_opened: u64,
    /// Searches where a result was opened.
    pub opened: u64,
    /// What the search finds today with a looser query (each word, and
    /// words of the index a typo away): best first. Only in the lists of
    /// problems.
    pub closest: Vec<Page>,
    /// A synonym group to add (`"paswrod, password"`), when a word of the
    /// query is a near miss of a word in the index that no synonym covers.
    pub synonyms: Vec<String>,
}

/// The votes on one article or step.
#[derive(Clone, Debug, Serialize)]
pub struct PageVotes {
    /// The page.
    pub page: Page,
    /// "Yes" votes.
    pub yes: u64,
    /// "No" votes.
    pub no: u64,
    /// `no / (yes + no)`, four decimals.
    pub no_share: f64,
    /// The reasons given after "No": `outdated`, `did-not-answer`,
    /// `hard-to-follow`, `something-missing` (all four, zero included).
    pub reasons: BTreeMap<String, u64>,
    /// The latest comments, newest first (reader text: escape it).
    pub comments: Vec<Comment>,
}

/// A comment after a "No".
#[derive(Clone, Debug, Serialize)]
pub struct Comment {
    /// The day it was received.
    pub date: String,
    /// The reason given with it, if any.
    pub reason: Option<String>,
    /// What the reader wrote.
    pub text: String,
}

/// One troubleshooter or wizard.
#[derive(Clone, Debug, Serialize)]
pub struct TreeStats {
    /// The tree's first page.
    pub page: Page,
    /// Readers who answered the first step.
    pub starts: u64,
    /// Readers who reached a `.resolved` step.
    pub resolved: u64,
    /// Readers who reached an `.escalate` step.
    pub escalated: u64,
    /// Readers who left at a step without answering it.
    pub left: u64,
    /// `resolved / starts`, four decimals (`null` without starts).
    pub resolution_rate: Option<f64>,
    /// `escalated / starts`.
    pub escalation_rate: Option<f64>,
    /// Every step, in the file's order.
    pub steps: Vec<StepStats>,
    /// How many readers took each answer (from the events' answer paths).
    pub answers: Vec<AnswerCount>,
    /// Events whose answer path no longer fits the tree (it changed).
    pub unmatched: u64,
}

/// One step of a tree.
#[derive(Clone, Debug, Serialize)]
pub struct StepStats {
    /// Its id.
    pub id: String,
    /// Its heading.
    pub question: String,
    /// `resolved` or `escalate` for an end.
    pub end: Option<String>,
    /// Readers whose path reached it.
    pub reached: u64,
    /// Readers who left here without answering.
    pub left: u64,
    /// `left / reached`, four decimals.
    pub leave_rate: Option<f64>,
}

/// How many readers took one answer.
#[derive(Clone, Debug, Serialize)]
pub struct AnswerCount {
    /// The step's id.
    pub step: String,
    /// The answer's index at that step (as in `?a=`).
    pub choice: usize,
    /// The answer's text.
    pub label: String,
    /// Where it leads: a step's id, or the link of the article it hands
    /// over to.
    pub to: String,
    /// Readers who took it.
    pub count: u64,
}

/// One support channel.
#[derive(Clone, Debug, Serialize)]
pub struct ChannelStats {
    /// Its name in book.toml.
    pub channel: String,
    /// Times it was opened in the period.
    pub count: u64,
    /// In the period before.
    pub previous: u64,
    /// The pages it was opened from, most first.
    pub pages: Vec<PageCount>,
}

/// A page and a count.
#[derive(Clone, Debug, Serialize)]
pub struct PageCount {
    /// The page.
    pub page: Page,
    /// The count.
    pub count: u64,
}

/// A day where something jumped: at least [`SPIKE_MIN`] that day and more
/// than [`SPIKE_FACTOR`] times its median daily count over the period.
#[derive(Clone, Debug, Serialize)]
pub struct Spike {
    /// `no_votes` (an article's or step's "No" votes) or `no_results` (a
    /// query that found nothing).
    pub kind: String,
    /// The page (`no_votes`).
    pub page: Option<Page>,
    /// The query (`no_results`).
    pub query: Option<String>,
    /// The language.
    pub language: String,
    /// The day.
    pub date: String,
    /// Its count that day.
    pub count: u64,
    /// Its median daily count over the period.
    pub median: f64,
}

/// Fewest events in one day for a spike.
pub const SPIKE_MIN: u64 = 5;
/// How many times its median daily count a spike's day must exceed.
pub const SPIKE_FACTOR: f64 = 3.0;

/// Counts of one day.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DayCounts {
    /// The day (`2026-05-28`).
    pub date: String,
    /// Searches.
    pub searches: u64,
    /// Of which found nothing.
    pub no_results: u64,
    /// Of which found results nobody opened.
    pub not_opened: u64,
    /// "Yes" votes.
    pub yes_votes: u64,
    /// "No" votes.
    pub no_votes: u64,
    /// Trees started.
    pub tree_starts: u64,
    /// Support channels opened.
    pub contacts: u64,
}

/// `part / whole` with four decimals; `None` when `whole` is zero.
pub fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 / whole as f64 * 10_000.0).round() / 10_000.0)
}

impl InsightsReport {
    /// The report as pretty-printed JSON (fields in the order above, lists
    /// in their fixed order), ending with a line break.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        json
    }
}
