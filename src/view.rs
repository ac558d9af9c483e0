//! The view model: the plain data templates receive (documented for theme
//! authors in `themes/README.md`). Templates never see the internal model or
//! file paths, so the pipeline can change behind this contract.

use serde::Serialize;

/// `site`: on every page.
#[derive(Clone, Debug, Serialize)]
pub struct SiteView {
    /// `[book] title`.
    pub title: String,
    /// `[book] description`.
    pub description: String,
    /// `[book] language`.
    pub language: String,
    /// Base path, ending in `/`.
    pub base_url: String,
    /// The home page URL.
    pub home_url: String,
    /// The contact page URL.
    pub contact_url: String,
    /// The search page URL.
    pub search_url: String,
    /// `auto`, `light` or `dark`.
    pub default_theme: &'static str,
    /// Top-level categories.
    pub sections: Vec<SectionSummary>,
    /// `[[support.channels]]`.
    pub support_channels: Vec<ChannelView>,
    /// `[support] intro`.
    pub support_intro: String,
    /// `[feedback] endpoint` or empty.
    pub feedback_endpoint: String,
    /// The active announcement.
    pub announcement: Option<AnnouncementView>,
    /// `helpbook <version>`.
    pub generator: String,
    /// Where the search files are; `None` when search is off.
    pub search: Option<SearchView>,
}

/// URLs the search script needs (all include the base path).
#[derive(Clone, Debug, Serialize)]
pub struct SearchView {
    /// The worker script.
    pub worker_url: String,
    /// The wasm module.
    pub wasm_url: String,
    /// The hot bundle.
    pub hot_url: String,
    /// The folder of the index pages.
    pub dir_url: String,
}

/// A way to reach a human.
#[derive(Clone, Debug, Serialize)]
pub struct ChannelView {
    /// "Email".
    pub name: String,
    /// Where the link goes.
    pub url: String,
    /// "within 24 hours" or empty.
    pub response_time: String,
    /// When to use it, or empty.
    pub description: String,
}

/// The announcement banner.
#[derive(Clone, Debug, Serialize)]
pub struct AnnouncementView {
    /// `info`, `warning` or `outage`.
    pub severity: &'static str,
    /// Headline.
    pub title: String,
    /// Rendered body.
    pub html: String,
    /// `YYYY-MM-DD` or empty.
    pub start: String,
    /// `YYYY-MM-DD` or empty.
    pub end: String,
}

/// `page`: what every page says about itself.
#[derive(Clone, Debug, Serialize)]
pub struct PageView {
    /// `home`, `section`, `article`, `contact`, `search`, `not_found`, `redirect`.
    pub kind: &'static str,
    /// For `<title>`.
    pub title: String,
    /// For meta description and Open Graph.
    pub description: String,
    /// URL path of this page.
    pub url: String,
    /// Absolute URL when `site-url` is absolute, else the path.
    pub canonical_url: String,
    /// Home down to the parent of this page.
    pub breadcrumbs: Vec<Crumb>,
}

/// One breadcrumb (also used for an article's section).
#[derive(Clone, Debug, Serialize)]
pub struct Crumb {
    /// Link text.
    pub title: String,
    /// Link target.
    pub url: String,
}

/// A section in a list.
#[derive(Clone, Debug, Serialize)]
pub struct SectionSummary {
    /// Title.
    pub title: String,
    /// Summary.
    pub description: String,
    /// URL.
    pub url: String,
    /// Emoji or short text, or empty.
    pub icon: String,
    /// Articles in it and its sub-sections.
    pub article_count: usize,
}

/// An article in a list.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleSummary {
    /// Title.
    pub title: String,
    /// Summary.
    pub description: String,
    /// URL.
    pub url: String,
    /// Its category's title.
    pub section_title: String,
    /// Its category's URL.
    pub section_url: String,
    /// `YYYY-MM-DD` or empty.
    pub updated: String,
}

/// `home` on the home page.
#[derive(Clone, Debug, Serialize)]
pub struct HomeView {
    /// Body of `content/_index.md`.
    pub html: String,
    /// Top-level categories.
    pub sections: Vec<SectionSummary>,
    /// Promoted articles.
    pub promoted: Vec<ArticleSummary>,
}

/// `section` on a category page.
#[derive(Clone, Debug, Serialize)]
pub struct SectionView {
    /// Title.
    pub title: String,
    /// Summary.
    pub description: String,
    /// URL.
    pub url: String,
    /// Emoji or short text, or empty.
    pub icon: String,
    /// Body of its `_index.md`.
    pub html: String,
    /// Its articles, in order.
    pub articles: Vec<ArticleSummary>,
    /// Its sub-sections, in order.
    pub subsections: Vec<SectionSummary>,
}

/// One table-of-contents entry.
#[derive(Clone, Debug, Serialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Heading text.
    pub title: String,
}

/// `article` on an article page.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleView {
    /// Stable key (`account/reset-password`), sent with feedback.
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
