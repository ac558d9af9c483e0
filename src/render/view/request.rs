//! The support request a wizard's `.escalate` steps write from the reader's
//! answers: the channel it goes to, its subject and text, and its link
//! (`mailto:` or a web form's query, percent-encoded); and how each channel
//! takes a request the reader writes in "Describe your problem" (the contact
//! page and escalate steps, filled in by `describe.js`).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::config::{Config, SupportChannel};
use crate::model::site::Article;
use crate::render::view::site::ChannelView;
use crate::theme::Strings;

/// Characters kept as they are in `mailto:` and query values (RFC 3986
/// unreserved); everything else is percent-encoded, spaces as `%20`.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `text` as a query value.
fn encode(text: &str) -> String {
    utf8_percent_encode(text, QUERY_VALUE).to_string()
}

/// `url` with query parameters added (after `?`, or `&` when it has a query).
pub(crate) fn with_query(url: &str, params: &[(&str, &str)]) -> String {
    let mut out = url.to_string();
    for (name, value) in params {
        out.push(if out.contains('?') { '&' } else { '?' });
        out.push_str(&encode(name));
        out.push('=');
        out.push_str(&encode(value));
    }
    out
}

/// The support channel requests from this tree go to.
pub(crate) fn channel<'a>(config: &'a Config, article: &Article) -> Option<&'a SupportChannel> {
    match &article.meta.support_channel {
        Some(name) => config.support_channels.iter().find(|c| c.key == name.text),
        None => config
            .request_channel
            .and_then(|i| config.support_channels.get(i)),
    }
}

/// The subject line of a support request sent from `question`.
pub(crate) fn subject(t: &Strings, title: &str, question: &str) -> String {
    t.fill(
        "request_subject",
        &[("title", title), ("question", question)],
    )
}

/// The text of a support request around the reader's answers: (before,
/// after).
pub(crate) fn text(t: &Strings, config: &Config, title: &str, question: &str) -> (String, String) {
    let before = format!(
        "{}\n\n{}\n\n{}\n\n",
        t.get("request_hello"),
        t.fill("request_used", &[("title", title), ("site", &config.title)]),
        t.fill("request_where", &[("question", question)]),
    );
    let after = format!(
        "{}{} \n{} \n{} \n\n{}\n",
        prompts(t),
        t.get("request_field_username"),
        t.get("request_field_contact"),
        t.get("request_field_other"),
        t.get("request_screenshot"),
    );
    (before, after)
}

/// The questions of a good request (what happened, since when, what was
/// expected, what was tried), each on its own line to answer after it, and
/// a blank line. `describe.js` writes the reader's words after the first
/// and the pages they opened after the last.
pub(crate) fn prompts(t: &Strings) -> String {
    format!(
        "{} \n{} \n{} \n{} \n\n",
        t.get("request_what_happened"),
        t.get("request_since"),
        t.get("request_expected"),
        t.get("request_tried"),
    )
}

/// How one channel takes a request written in "Describe your problem".
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ChannelRequest {
    /// The channel's key (`data-channel` on its card's link).
    pub key: String,
    /// `email` (`mailto:` with subject and body), `form` (the URL with
    /// `subject-param` and `body-param`) or `link` (a `tel:` number or a
    /// form without parameters: the reader copies the text).
    pub kind: &'static str,
    /// The channel's URL.
    pub url: String,
    /// The form's subject parameter (empty when none).
    pub subject_param: String,
    /// The form's text parameter (empty when none).
    pub body_param: String,
}

impl ChannelRequest {
    /// How `channel` takes a request.
    fn new(channel: &SupportChannel) -> ChannelRequest {
        ChannelRequest {
            key: channel.key.clone(),
            kind: kind_of(&channel.url, &channel.body_param),
            url: channel.url.clone(),
            subject_param: channel.subject_param.clone(),
            body_param: channel.body_param.clone(),
        }
    }
}

/// The [`ChannelRequest::kind`] of a channel at `url` whose form takes the
/// text in `body_param`.
fn kind_of(url: &str, body_param: &str) -> &'static str {
    if url.starts_with("mailto:") {
        "email"
    } else if url.starts_with("tel:") || body_param.is_empty() {
        "link"
    } else {
        "form"
    }
}

/// `describe` in the context of the contact page and of escalate steps:
/// what `describe.js` needs to write the request for each channel.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct DescribeView {
    /// Every channel, in book.toml's order.
    pub channels: Vec<ChannelRequest>,
}

impl DescribeView {
    /// The channels of `config`.
    pub(crate) fn new(config: &Config) -> DescribeView {
        DescribeView {
            channels: config
                .support_channels
                .iter()
                .map(ChannelRequest::new)
                .collect(),
        }
    }
}

/// A support request written from the reader's answers.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RequestView {
    /// The channel it goes to.
    pub channel: ChannelView,
    /// Whether the channel is email (`mailto:`) rather than a web form.
    pub is_email: bool,
    /// The link without JavaScript: the channel with the subject filled in.
    pub url: String,
    /// Subject line.
    pub subject: String,
    /// The request's text before answers are added.
    pub body: String,
}

impl RequestView {
    /// The request to `channel` from the step asking `question` of
    /// `article`, in the language of `t`.
    pub(crate) fn new(
        channel: &SupportChannel,
        t: &Strings,
        config: &Config,
        article: &Article,
        question: &str,
    ) -> RequestView {
        let title = &article.meta.title;
        let subject = subject(t, title, question);
        let (before, after) = text(t, config, title, question);
        let is_email = channel.url.starts_with("mailto:");
        let url = if is_email {
            with_query(&channel.url, &[("subject", &subject)])
        } else {
            with_query(&channel.url, &[(&channel.subject_param, &subject)])
        };
        RequestView {
            channel: ChannelView::new(channel, config, t),
            is_email,
            url,
            subject,
            body: format!("{before}{after}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(
            with_query(
                "mailto:help@x.example",
                &[("subject", "Locked out: help & more")]
            ),
            "mailto:help@x.example?subject=Locked%20out%3A%20help%20%26%20more"
        );
        assert_eq!(
            with_query("https://x.example/f?lang=en", &[("description", "a\nb")]),
            "https://x.example/f?lang=en&description=a%0Ab"
        );
    }

    #[test]
    fn channels_take_requests_by_their_kind() {
        let kind = kind_of;
        assert_eq!(kind("mailto:help@x.example", "body"), "email");
        assert_eq!(kind("https://x.example/form", "description"), "form");
        assert_eq!(kind("https://x.example/chat", ""), "link");
        assert_eq!(kind("tel:+15550100", "body"), "link");
    }
}
