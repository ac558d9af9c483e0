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
    /// The language of this site's pages (`[book] language`, or a
    /// translation's code).
    pub language: String,
    /// `rtl` for right-to-left languages, else `ltr`.
    pub dir: &'static str,
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
    /// The last breadcrumb's text when it differs from `title` (a step of a
    /// wizard: the question, without "Step 2 of about 4").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crumb_title: Option<String>,
    /// This page in every language of the help center (empty with one
    /// language): the language switcher and `hreflang` links.
    pub alternates: Vec<AlternateView>,
    /// A translation whose original was updated after it: the URL of the
    /// original, for a "may be out of date" notice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outdated_original: Option<String>,
}

/// The page in one language.
#[derive(Clone, Debug, Serialize)]
pub struct AlternateView {
    /// Language code (`es`), for `hreflang` and `lang`.
    pub code: String,
    /// The language's name in itself (`Español`).
    pub name: String,
    /// The page in that language, or that language's home page.
    pub url: String,
    /// Absolute form of `url` when `site-url` is absolute.
    pub absolute_url: String,
    /// Whether the page exists in that language (`hreflang` only then).
    pub translated: bool,
    /// The language of this page.
    pub current: bool,
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
    /// `article`, `troubleshooter` or `wizard`.
    pub kind: &'static str,
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

/// `tree` on the pages of a troubleshooter or wizard (one page per step,
/// and the map).
#[derive(Clone, Debug, Serialize)]
pub struct TreeView {
    /// Stable key (`account-access/recover-your-account`).
    pub id: String,
    /// `troubleshooter` or `wizard`.
    pub kind: &'static str,
    /// The tree's title.
    pub title: String,
    /// Its summary.
    pub description: String,
    /// URL of the first step.
    pub url: String,
    /// URL of the overview of all steps.
    pub map_url: String,
    /// Its category.
    pub section: Crumb,
    /// The text before the first step (shown on the first step's page only).
    pub intro_html: String,
    /// Number of steps.
    pub step_count: usize,
    /// The step this page shows (absent on the map).
    pub node: Option<NodeView>,
    /// The overview: the first step and, nested, where each answer leads.
    pub map: Option<MapNode>,
    /// The tree as JSON for `tree.js` (questions, answers, URLs), already
    /// safe to put inside `<script type="application/json">`.
    pub data_json: String,
    /// "Last updated" date, `YYYY-MM-DD` or empty.
    pub updated: String,
}

/// One step's page.
#[derive(Clone, Debug, Serialize)]
pub struct NodeView {
    /// The step's id.
    pub id: String,
    /// The question (the page's `h1`).
    pub question: String,
    /// The step's body.
    pub html: String,
    /// `resolved`, `escalate` or empty.
    pub terminal: &'static str,
    /// This page's URL.
    pub url: String,
    /// Whether this is the first step.
    pub is_start: bool,
    /// The answers, as links.
    pub choices: Vec<ChoiceView>,
    /// Step number on the shortest way here (1 for the first step).
    pub step: usize,
    /// Fewest steps from the start to an end through this step.
    pub total: usize,
    /// The step before this one on the shortest way here.
    pub back: Option<Crumb>,
    /// The pre-filled support request (wizard `.escalate` steps).
    pub request: Option<RequestView>,
}

/// One answer.
#[derive(Clone, Debug, Serialize)]
pub struct ChoiceView {
    /// What the reader answers.
    pub label: String,
    /// Extra words under the label, or empty.
    pub hint: String,
    /// Where it goes.
    pub url: String,
    /// The step it leads to, or empty when it leads to an article.
    pub to: String,
}

/// A support request written from the reader's answers.
#[derive(Clone, Debug, Serialize)]
pub struct RequestView {
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

/// A step in the map, with where each answer leads.
#[derive(Clone, Debug, Serialize)]
pub struct MapNode {
    /// The step's id.
    pub id: String,
    /// Its question.
    pub question: String,
    /// Its page.
    pub url: String,
    /// `resolved`, `escalate` or empty.
    pub terminal: &'static str,
    /// Its answers.
    pub answers: Vec<MapAnswer>,
}

/// An answer in the map.
#[derive(Clone, Debug, Serialize)]
pub struct MapAnswer {
    /// What the reader answers.
    pub label: String,
    /// The step it leads to, listed here when this is the first place the
    /// map reaches it.
    pub node: Option<MapNode>,
    /// Otherwise: the title of where it goes (a step listed elsewhere, or an
    /// article) and its URL.
    pub ref_title: String,
    /// URL of `ref_title`.
    pub ref_url: String,
    /// Whether it leads out of the tree to an article.
    pub is_article: bool,
}
