//! `[[support.channels]]`: the ways readers reach a human, and when they
//! answer: free text (`response-time`) or structured (`reply-within`,
//! `business-hours`, `live`, counted in `[support.hours]`).

use crate::base::data::Fields;
use crate::base::did_you_mean::did_you_mean;
use crate::config::hours::{parse_duration, ReplyWithin, DURATION_HELP};

/// One way for readers to reach a human (`[[support.channels]]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SupportChannel {
    /// Shown as the channel's heading ("Email").
    pub name: String,
    /// The name in `[[support.channels]]`, which front matter's
    /// `support-channel` and `[support] request-channel` refer to (the same
    /// as `name`, except in a translation that renames the channel).
    pub key: String,
    /// `mailto:`, `https:` or a site path.
    pub url: String,
    /// "within 24 hours"; may be empty.
    pub response_time: String,
    /// When to use this channel; may be empty.
    pub description: String,
    /// For a form (`https:`) channel: the query parameter that takes the
    /// subject of a pre-filled support request (`subject-param`).
    pub subject_param: String,
    /// For a form channel: the query parameter that takes the request's text
    /// (`body-param`).
    pub body_param: String,
    /// `urgent = true`: for readers at risk (safety, someone in danger):
    /// listed first on the contact page and marked, whatever its place in
    /// book.toml.
    pub urgent: bool,
    /// `reply-within = "24h"`: a reply comes within this long (in the
    /// team's open hours with `business_hours`).
    pub reply_within: Option<ReplyWithin>,
    /// `business-hours = true`: `reply_within` counts only the hours of
    /// `[support.hours]`.
    pub business_hours: bool,
    /// `live = true`: a chat or phone line, answered while
    /// `[support.hours]` says the team is open.
    pub live: bool,
}

/// A channel's structured reply time, as read.
pub(crate) struct Timing {
    /// `reply-within`.
    pub reply_within: Option<ReplyWithin>,
    /// `business-hours`.
    pub business_hours: bool,
    /// `live`.
    pub live: bool,
}

/// What to add when a channel needs `[support.hours]`.
const HOURS_NEEDED: &str = "add the team's hours to book.toml:\n[support.hours]\ntime-zone = \"Europe/Madrid\"\nweekdays = \"09:00-18:00\"";

/// `reply-within`, `business-hours` and `live` of a channel (in `f`, named
/// `context` in messages), checked against its `response_time` and
/// whether book.toml has `[support.hours]`; problems are recorded in `f`.
pub(crate) fn read_timing(
    f: &mut Fields<'_>,
    context: &str,
    response_time: &str,
    has_hours: bool,
) -> Timing {
    let within_span = f.span_of("reply-within").unwrap_or(0..0);
    let business_span = f.span_of("business-hours").unwrap_or(0..0);
    let live_span = f.span_of("live").unwrap_or(0..0);
    let within_text = f.take_string("reply-within");
    let business_hours = f.take_bool("business-hours").unwrap_or(false);
    let live = f.take_bool("live").unwrap_or(false);
    let reply_within = within_text.as_deref().and_then(|text| {
        let parsed = parse_duration(text);
        if parsed.is_none() {
            f.error_at(
                &within_span,
                format!("`reply-within` in {context} is not a duration: \"{text}\""),
                Some(DURATION_HELP.into()),
            );
        }
        parsed
    });
    if within_text.is_some() && !response_time.is_empty() {
        f.error_at(
            &within_span,
            format!("{context} has both `response-time` and `reply-within`"),
            Some("keep one: reply-within = \"24h\" shows readers a reply-by time in their own clock; response-time = \"…\" is free text".into()),
        );
    }
    if live && within_text.is_some() {
        f.error_at(
            &within_span,
            format!("{context} is `live` and has `reply-within`"),
            Some("a live channel (chat, phone) answers while the team is open: remove `reply-within`, or `live` if replies come later".into()),
        );
    }
    if business_hours && within_text.is_none() {
        f.error_at(
            &business_span,
            format!("`business-hours` in {context} has no `reply-within` to count"),
            Some(
                "add the time a reply takes, counted in the team's hours: reply-within = \"8h\""
                    .into(),
            ),
        );
    }
    for (on, key, span) in [
        (business_hours, "business-hours", &business_span),
        (live, "live", &live_span),
    ] {
        if on && !has_hours {
            f.error_at(
                span,
                format!("`{key} = true` in {context} needs the team's hours, but book.toml has no [support.hours]"),
                Some(HOURS_NEEDED.into()),
            );
        }
    }
    Timing {
        reply_within,
        business_hours,
        live,
    }
}

/// Help for a name that no `[[support.channels]]` entry has.
pub(crate) fn channel_help(name: &str, channels: &[SupportChannel]) -> String {
    match did_you_mean(name, channels.iter().map(|c| c.key.as_str())) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None => "name one of the [[support.channels]] by its `name`".into(),
    }
}
