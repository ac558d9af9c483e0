//! Front matter as later stages see it: what an article, a section's
//! `_index.md` and the announcement say about themselves. `load` reads
//! them (`load::front_matter`).

use std::ops::Range;

use jiff::civil::Date;

/// A string with the byte range (in the whole file) it was written at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The text.
    pub text: String,
    /// Where it is in the file.
    pub span: Range<usize>,
}

/// What an article is (`kind` in front matter).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ArticleKind {
    /// An ordinary article (the default).
    #[default]
    Article,
    /// A troubleshooting tree: each `##` heading is a step.
    Troubleshooter,
    /// A troubleshooting tree with progress, a summary of answers and a
    /// pre-filled support request.
    Wizard,
}

impl ArticleKind {
    /// Whether the article is a troubleshooting tree.
    pub fn is_tree(self) -> bool {
        self != ArticleKind::Article
    }

    /// The name used in front matter and templates.
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleKind::Article => "article",
            ArticleKind::Troubleshooter => "troubleshooter",
            ArticleKind::Wizard => "wizard",
        }
    }
}

/// The front matter of an article.
#[derive(Clone, Debug, Default)]
pub struct ArticleMeta {
    /// `kind`: an article, or a troubleshooting tree.
    pub kind: ArticleKind,
    /// For trees: the id of the first step when it is not the first heading.
    pub start: Option<Located>,
    /// For trees: the `[[support.channels]]` name pre-filled requests go to.
    pub support_channel: Option<Located>,
    /// `[extra]`: values written in the body as `{{ name }}`.
    pub extra: Vec<(String, String, Range<usize>)>,
    /// Required title.
    pub title: String,
    /// One-sentence summary.
    pub description: String,
    /// Sort order within the section (lower first).
    pub weight: Option<i64>,
    /// Left out of `build` unless `--drafts`.
    pub draft: bool,
    /// Extra search terms.
    pub keywords: Vec<String>,
    /// Old URLs that redirect here.
    pub aliases: Vec<Located>,
    /// Shown as "Last updated".
    pub updated: Option<Date>,
    /// Paths of related articles.
    pub related: Vec<Located>,
    /// Shown on the home page.
    pub promoted: bool,
}

/// The front matter of a section's `_index.md` (all optional).
#[derive(Clone, Debug, Default)]
pub struct SectionMeta {
    /// Title; defaults to the folder name.
    pub title: Option<String>,
    /// One-sentence summary.
    pub description: String,
    /// Sort order among sibling sections.
    pub weight: Option<i64>,
    /// The name of one of the theme's icons (`lock`), or an emoji or short
    /// text, shown on category cards.
    pub icon: String,
    /// Where `icon`'s value is in the file, when it is set.
    pub icon_span: Option<Range<usize>>,
}

/// How serious an announcement is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnnouncementSeverity {
    /// News.
    Info,
    /// A known issue.
    Warning,
    /// Something is down.
    Outage,
}

impl AnnouncementSeverity {
    /// The name templates see.
    pub fn as_str(self) -> &'static str {
        match self {
            AnnouncementSeverity::Info => "info",
            AnnouncementSeverity::Warning => "warning",
            AnnouncementSeverity::Outage => "outage",
        }
    }
}

/// The front matter of `content/_announcement.md`.
#[derive(Clone, Debug)]
pub struct AnnouncementMeta {
    /// Headline of the banner.
    pub title: String,
    /// How serious it is.
    pub severity: AnnouncementSeverity,
    /// First day it is shown.
    pub start: Option<Date>,
    /// Last day it is shown.
    pub end: Option<Date>,
    /// `pages`: the articles and categories (content paths, `a/b.md` or a
    /// folder) the announcement concerns: the full banner shows there and
    /// on the home page, a one-line notice everywhere else.
    pub pages: Vec<Located>,
}
