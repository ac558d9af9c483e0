//! `redirect`: the view of an alias's redirect page.

use serde::Serialize;

use crate::config::Config;
use crate::model::site::Article;

/// `redirect` on the redirect page of an article's alias.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RedirectView {
    /// Absolute form of `to` when `site-url` is absolute, else `to`.
    pub canonical_url: String,
    /// The URL of the article the alias leads to.
    pub to: String,
}

impl RedirectView {
    /// The redirect to `target`.
    pub(crate) fn new(config: &Config, target: &Article) -> RedirectView {
        let to = config.url(&target.url_path);
        RedirectView {
            canonical_url: config.absolute_url(&to),
            to,
        }
    }
}
