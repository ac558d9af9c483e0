//! `[[support.channels]]`: the ways readers reach a human.

use crate::base::did_you_mean::did_you_mean;

/// One way for readers to reach a human (`[[support.channels]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
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
}

/// Help for a name that no `[[support.channels]]` entry has.
pub(crate) fn channel_help(name: &str, channels: &[SupportChannel]) -> String {
    match did_you_mean(name, channels.iter().map(|c| c.key.as_str())) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None => "name one of the [[support.channels]] by its `name`".into(),
    }
}
