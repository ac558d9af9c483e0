//! The insights event format, version 1: what a help center's pages send
//! (documented for teams that route events elsewhere in
//! `schemas/insights-events-v1.json`), checked the same way by the
//! collector and the report.
//!
//! A page posts a [`Batch`] (`{"version": 1, "events": [...]}`); each
//! [`Event`] is tagged by `kind`. Nothing in an event identifies a reader:
//! no identifiers, no addresses, no free text but a search query (scrubbed
//! of anything that looks like an email address or a phone number) and an
//! optional comment after a "No" vote. Stored events carry the time the
//! collector received them ([`Stored`]).

use serde::{Deserialize, Serialize};

use crate::config::is_language_tag;

/// The version of the format this module reads and writes.
pub const VERSION: u32 = 1;
/// Most events in one batch.
pub const MAX_BATCH: usize = 50;
/// Longest search query kept, in characters.
pub const MAX_QUERY: usize = 200;
/// Longest comment after a "No" vote, in characters.
pub const MAX_COMMENT: usize = 500;
/// Longest page path or result URL, in characters.
pub const MAX_URL: usize = 1000;
/// Longest step id, channel name or answer path, in characters.
pub const MAX_NAME: usize = 200;
/// What replaces a query that looks like an email address.
pub const EMAIL_PLACEHOLDER: &str = "[email]";
/// What replaces a query that looks like a phone number.
pub const PHONE_PLACEHOLDER: &str = "[phone]";

/// What a page posts: one or more events.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    /// Always [`VERSION`].
    pub version: u32,
    /// At most [`MAX_BATCH`].
    pub events: Vec<Event>,
}

/// One thing a reader did.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    /// A search as the reader settled on it (after the typing pause), and
    /// what came of it.
    Search {
        /// The page the search was made on (its URL path).
        page: String,
        /// The page's language.
        language: String,
        /// The query, trimmed.
        query: String,
        /// How many results it found.
        results: u32,
        /// The result the reader opened, or `None` when they opened none.
        opened: Option<Opened>,
    },
    /// "Was this helpful?" on an article or a tree step.
    Vote {
        /// The article's or step's URL path.
        page: String,
        /// The page's language.
        language: String,
        /// Yes or no.
        helpful: bool,
        /// After a "No": why, when the reader said.
        reason: Option<Reason>,
        /// After a "No": what the reader wrote, when they did.
        comment: Option<String>,
    },
    /// A step in a troubleshooter or wizard.
    Tree {
        /// The tree's URL path (its start page).
        page: String,
        /// The page's language.
        language: String,
        /// What happened.
        action: TreeAction,
        /// The step's id where it happened.
        step: String,
        /// The answers from the start, as in `?a=` (`0.2.1`: the index of
        /// the choice at each step); empty at the start.
        answers: String,
    },
    /// A support channel was opened.
    Contact {
        /// The page it was opened from.
        page: String,
        /// The page's language.
        language: String,
        /// The channel's name in book.toml (`[[support.channels]] name`).
        channel: String,
    },
}

/// The result a reader opened after a search.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Opened {
    /// Its place in the results, from 1.
    pub rank: u32,
    /// Its URL path (with `#section` for a section result).
    pub url: String,
}

/// Why an article or step did not help.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// It is out of date.
    Outdated,
    /// It did not answer the reader's question.
    DidNotAnswer,
    /// It was hard to follow.
    HardToFollow,
    /// Something is missing.
    SomethingMissing,
}

/// What happened in a tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TreeAction {
    /// The reader answered the first step.
    Start,
    /// The reader reached a `.resolved` step.
    Resolved,
    /// The reader reached a `.escalate` step.
    Escalate,
    /// The reader left at this step without answering it.
    Leave,
}

/// An event as stored: with the time the collector received it.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    /// Seconds since 1970-01-01 UTC.
    pub time: i64,
    /// The event.
    pub event: Event,
}

impl Event {
    /// The page the event is about.
    pub fn page(&self) -> &str {
        match self {
            Event::Search { page, .. }
            | Event::Vote { page, .. }
            | Event::Tree { page, .. }
            | Event::Contact { page, .. } => page,
        }
    }

    /// The language of that page.
    pub fn language(&self) -> &str {
        match self {
            Event::Search { language, .. }
            | Event::Vote { language, .. }
            | Event::Tree { language, .. }
            | Event::Contact { language, .. } => language,
        }
    }

    /// `search`, `vote`, `tree` or `contact`.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Search { .. } => "search",
            Event::Vote { .. } => "vote",
            Event::Tree { .. } => "tree",
            Event::Contact { .. } => "contact",
        }
    }

    /// Checks what the types do not: lengths, shapes and that a comment or
    /// reason only follows a "No". `Err` says what is wrong, for a 400.
    pub fn check(&self) -> Result<(), String> {
        check_page(self.page())?;
        if !is_language_tag(self.language()) {
            return Err(format!(
                "`language` is not a language tag: {:?}",
                self.language()
            ));
        }
        match self {
            Event::Search { query, opened, .. } => {
                within("query", query, MAX_QUERY)?;
                if query.trim().is_empty() {
                    return Err("`query` is empty".into());
                }
                if let Some(opened) = opened {
                    if opened.rank == 0 {
                        return Err("`opened.rank` counts from 1".into());
                    }
                    check_page(&opened.url).map_err(|e| e.replace("`page`", "`opened.url`"))?;
                }
            }
            Event::Vote {
                helpful,
                reason,
                comment,
                ..
            } => {
                if *helpful && (reason.is_some() || comment.is_some()) {
                    return Err("`reason` and `comment` follow a \"No\" (`helpful`: false)".into());
                }
                if let Some(comment) = comment {
                    within("comment", comment, MAX_COMMENT)?;
                }
            }
            Event::Tree { step, answers, .. } => {
                within("step", step, MAX_NAME)?;
                if step.is_empty() {
                    return Err("`step` is empty".into());
                }
                within("answers", answers, MAX_NAME)?;
                if !answers.is_empty()
                    && !answers
                        .split('.')
                        .all(|a| !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit()))
                {
                    return Err("`answers` is choice indices joined by dots (`0.2.1`)".into());
                }
            }
            Event::Contact { channel, .. } => {
                within("channel", channel, MAX_NAME)?;
                if channel.is_empty() {
                    return Err("`channel` is empty".into());
                }
            }
        }
        Ok(())
    }

    /// The event with anything in its query that looks like an email
    /// address or a phone number replaced (pages do it before sending;
    /// the collector does it again).
    pub fn scrubbed(mut self) -> Event {
        if let Event::Search { query, .. } = &mut self {
            *query = scrub_query(query);
        }
        self
    }
}

impl Batch {
    /// Parses and checks a posted body: `Err` says what is wrong, for a
    /// 400. The events come back scrubbed.
    pub fn parse(body: &[u8]) -> Result<Vec<Event>, String> {
        let batch: Batch = serde_json::from_slice(body).map_err(|e| e.to_string())?;
        if batch.version != VERSION {
            return Err(format!(
                "`version` is {}; this collector reads version {VERSION}",
                batch.version
            ));
        }
        if batch.events.is_empty() {
            return Err("`events` is empty".into());
        }
        if batch.events.len() > MAX_BATCH {
            return Err(format!("more than {MAX_BATCH} events in one batch"));
        }
        let mut events = Vec::with_capacity(batch.events.len());
        for (i, event) in batch.events.into_iter().enumerate() {
            event.check().map_err(|e| format!("events[{i}]: {e}"))?;
            events.push(event.scrubbed());
        }
        Ok(events)
    }
}

impl Stored {
    /// One line of an events file (JSON Lines): the event's fields and
    /// `time` (RFC 3339, UTC).
    pub fn to_json_line(&self) -> String {
        let mut value = serde_json::to_value(&self.event).unwrap_or_default();
        if let Some(map) = value.as_object_mut() {
            let time = jiff::Timestamp::from_second(self.time)
                .map(|t| t.to_string())
                .unwrap_or_default();
            map.insert("time".into(), serde_json::Value::String(time));
        }
        value.to_string()
    }

    /// Reads one line of an events file: an event's fields and `time`
    /// (RFC 3339). `Err` says what is wrong.
    pub fn from_json_line(line: &str) -> Result<Stored, String> {
        let mut value: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        let time = value
            .as_object_mut()
            .and_then(|m| m.remove("time"))
            .ok_or("no `time`")?;
        let time = time
            .as_str()
            .ok_or("`time` is not text")?
            .parse::<jiff::Timestamp>()
            .map_err(|e| format!("`time`: {e}"))?
            .as_second();
        let event: Event = serde_json::from_value(value).map_err(|e| e.to_string())?;
        event.check()?;
        Ok(Stored { time, event })
    }
}

fn within(name: &str, text: &str, max: usize) -> Result<(), String> {
    if text.chars().count() > max {
        return Err(format!("`{name}` is longer than {max} characters"));
    }
    Ok(())
}

/// A page path: starts with `/`, no scheme or host (events never carry
/// another site's address), no query string (it could hold anything).
fn check_page(page: &str) -> Result<(), String> {
    within("page", page, MAX_URL)?;
    if !page.starts_with('/') || page.starts_with("//") {
        return Err(format!("`page` must be a path starting with `/`: {page:?}"));
    }
    if page.contains('?') {
        return Err("`page` must not have a query string".into());
    }
    Ok(())
}

/// Replaces a query that looks like an email address or a phone number
/// with a placeholder: readers type their own address into search boxes.
pub fn scrub_query(query: &str) -> String {
    let query = query.trim();
    let looks_like_email = query.split_whitespace().any(|word| {
        word.split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
    });
    if looks_like_email {
        return EMAIL_PLACEHOLDER.to_string();
    }
    if has_phone_number(query) {
        return PHONE_PLACEHOLDER.to_string();
    }
    query.to_string()
}

/// Whether `text` holds a run of digits and phone punctuation (`+ - ( ) .`
/// and spaces), starting a word, with 7 to 15 digits: `+1 (555) 010-9999`,
/// `0612345678`; not `0x80070005`.
fn has_phone_number(text: &str) -> bool {
    let mut digits = 0;
    let mut in_run = false;
    let mut previous = ' ';
    for c in text.chars().chain([' ', '\0']) {
        let phone_char = c.is_ascii_digit() || "+-().".contains(c);
        if in_run && (phone_char || c == ' ') {
            digits += usize::from(c.is_ascii_digit());
        } else if !in_run && phone_char && previous.is_whitespace() {
            in_run = true;
            digits = usize::from(c.is_ascii_digit());
        } else {
            if in_run && (7..=15).contains(&digits) {
                return true;
            }
            in_run = false;
            digits = 0;
        }
        previous = c;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_of_each_kind_parses() {
        let body = r#"{"version":1,"events":[
            {"kind":"search","page":"/","language":"en","query":"hacked acount","results":4,"opened":{"rank":1,"url":"/account-access/hacked-account/"}},
            {"kind":"search","page":"/search/","language":"es","query":"contraseña","results":0,"opened":null},
            {"kind":"vote","page":"/account-access/reset-password/","language":"en","helpful":false,"reason":"did-not-answer","comment":"My code never arrives"},
            {"kind":"vote","page":"/a/b/","language":"en","helpful":true,"reason":null,"comment":null},
            {"kind":"tree","page":"/account-access/recover-your-account/","language":"en","action":"leave","step":"confirm-identity","answers":"0.2"},
            {"kind":"contact","page":"/contact/","language":"ar","channel":"Email support"}
        ]}"#;
        let events = Batch::parse(body.as_bytes()).unwrap();
        assert_eq!(events.len(), 6);
        assert_eq!(events[2].kind(), "vote");
    }

    #[test]
    fn problems_say_what_is_wrong() {
        for (body, says) in [
            (r#"{"version":2,"events":[]}"#, "version"),
            (r#"{"version":1,"events":[]}"#, "empty"),
            (
                r#"{"version":1,"events":[{"kind":"click","page":"/","language":"en"}]}"#,
                "unknown variant",
            ),
            (
                r#"{"version":1,"events":[{"kind":"contact","page":"/","language":"en","channel":"x","ip":"1.2.3.4"}]}"#,
                "unknown field",
            ),
            (
                r#"{"version":1,"events":[{"kind":"contact","page":"https://x.example/","language":"en","channel":"x"}]}"#,
                "path",
            ),
            (
                r#"{"version":1,"events":[{"kind":"vote","page":"/","language":"en","helpful":true,"reason":"outdated","comment":null}]}"#,
                "follow a \"No\"",
            ),
            (
                r#"{"version":1,"events":[{"kind":"tree","page":"/t/","language":"en","action":"start","step":"a","answers":"0.x"}]}"#,
                "indices",
            ),
            (
                r#"{"version":1,"events":[{"kind":"search","page":"/","language":"english","query":"x","results":1,"opened":null}]}"#,
                "language tag",
            ),
        ] {
            let err = Batch::parse(body.as_bytes()).unwrap_err();
            assert!(err.contains(says), "{body}: {err}");
        }
        let long = "x".repeat(MAX_COMMENT + 1);
        let body = format!(
            r#"{{"version":1,"events":[{{"kind":"vote","page":"/","language":"en","helpful":false,"reason":null,"comment":"{long}"}}]}}"#
        );
        assert!(Batch::parse(body.as_bytes())
            .unwrap_err()
            .contains("longer than 500"));
    }

    #[test]
    fn queries_that_look_like_contact_details_are_replaced() {
        assert_eq!(scrub_query("jane.doe@example.com"), EMAIL_PLACEHOLDER);
        assert_eq!(
            scrub_query("reset for jane@mail.example"),
            EMAIL_PLACEHOLDER
        );
        assert_eq!(scrub_query("+1 (555) 010-9999"), PHONE_PLACEHOLDER);
        assert_eq!(scrub_query("0612345678"), PHONE_PLACEHOLDER);
        assert_eq!(scrub_query("  2fa code  "), "2fa code");
        assert_eq!(scrub_query("error 0x80070005"), "error 0x80070005");
        assert_eq!(scrub_query("@murmur handle"), "@murmur handle");
    }

    #[test]
    fn stored_events_round_trip_through_json_lines() {
        let stored = Stored {
            time: 1_765_000_000,
            event: Event::Contact {
                page: "/contact/".into(),
                language: "en".into(),
                channel: "Email support".into(),
            },
        };
        let line = stored.to_json_line();
        assert!(line.contains("\"time\":\"2025-12-06T05:46:40Z\""), "{line}");
        assert_eq!(Stored::from_json_line(&line).unwrap(), stored);
    }
}
