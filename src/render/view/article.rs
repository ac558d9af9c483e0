//! `article`: the view of an article's page.

use serde::Serialize;

use crate::markdown::Heading;
use crate::model::site::Site;
use crate::render::view::date::{display_date, iso_date};
use crate::render::view::listing::ArticleSummary;
use crate::render::view::page::Crumb;
use crate::theme::Strings;

/// One table-of-contents entry.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Heading text.
    pub title: String,
}

impl From<&Heading<'_>> for TocEntry {
    fn from(h: &Heading<'_>) -> TocEntry {
        TocEntry {
            level: h.level,
            id: h.id.to_string(),
            title: h.text.to_string(),
        }
    }
}

/// `article` on an article page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ArticleView {
    /// Stable key (`account/reset-password`): the content path without
    /// `.md`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub description: String,
    /// URL.
    pub url: String,
    /// Rendered body.
    pub html: String,
    /// `YYYY-MM-DD` or empty.
    pub updated: String,
    /// "October 14, 2026" or empty.
    pub updated_display: String,
    /// Front matter keywords.
    pub keywords: Vec<String>,
    /// Its category.
    pub section: Crumb,
    /// `##` and `###` headings.
    pub toc: Vec<TocEntry>,
    /// Related articles.
    pub related: Vec<ArticleSummary>,
}

impl ArticleView {
    /// The page of article `i` of `site`: its body rendered as `html`, the
    /// articles shown as `related`, dates and its category's name in the
    /// language of `strings`.
    pub(crate) fn new(
        site: &Site,
        i: usize,
        html: String,
        related: Vec<ArticleSummary>,
        strings: &Strings,
    ) -> ArticleView {
        let a = &site.articles[i];
        ArticleView {
            id: a.key.clone(),
            title: a.meta.title.clone(),
            description: a.meta.description.clone(),
            url: site.config.url(&a.url_path),
            html,
            updated: iso_date(a.meta.updated),
            updated_display: a
                .meta
                .updated
                .map(|d| display_date(d, strings))
                .unwrap_or_default(),
            keywords: a.meta.keywords.clone(),
            section: Crumb::section(site, a.section, strings),
            toc: a
                .body
                .headings
                .iter()
                .filter(|h| h.level == 2 || h.level == 3)
                .map(|h| TocEntry::from(&h))
                .collect(),
            related,
        }
    }
}
