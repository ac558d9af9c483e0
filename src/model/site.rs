//! The site model: what `load` builds from `content/` and later stages read.
//!
//! Sections and articles live in flat vectors and refer to each other by
//! index, so walking the tree (breadcrumbs, counts, related articles) is
//! linear and needs no reference counting.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use jiff::civil::Date;

use crate::base::text::SourceText;
use crate::config::Config;
use crate::markdown::{Headings, LinkUrls, Parsed};
use crate::model::meta::{AnnouncementMeta, ArticleMeta, SectionMeta};
use crate::model::status::{Affected, IssueMeta};
use crate::model::tree::Tree;

/// A Markdown file's text and its place in the help center.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the help center's root (`content/a/b.md`).
    pub path: PathBuf,
    /// The whole text (shared with its body's [`Parsed`] and the report;
    /// packed once parsed, in a full build).
    pub text: SourceText,
}

/// A folder under `content/` (the root folder is section 0, the home page).
#[derive(Clone, Debug)]
pub struct Section {
    /// Path of the folder under `content/`, `/`-separated (`""` for the root).
    pub key: String,
    /// The `_index.md`, if the folder has one.
    pub file: Option<SourceFile>,
    /// Its front matter (defaults when there is no `_index.md`).
    pub meta: SectionMeta,
    /// The title shown (front matter, else the folder name).
    pub title: String,
    /// URL path below the base path, `""` for the root or `a/b/`.
    pub url_path: String,
    /// Parent section, `None` for the root.
    pub parent: Option<usize>,
    /// Sub-sections, in display order.
    pub subsections: Vec<usize>,
    /// Articles directly in this folder, in display order.
    pub articles: Vec<usize>,
    /// The `_index.md` body.
    pub body: Parsed,
}

/// A Markdown article.
#[derive(Clone, Debug)]
pub struct Article {
    /// Path under `content/` without `.md` (`account/reset-password`).
    pub key: String,
    /// The file.
    pub file: SourceFile,
    /// Its front matter.
    pub meta: ArticleMeta,
    /// The section (folder) it is in.
    pub section: usize,
    /// URL path below the base path (`account/reset-password/`).
    pub url_path: String,
    /// Its body.
    pub body: Parsed,
    /// The steps, when the article is a troubleshooter or wizard.
    pub tree: Option<Tree>,
}

/// The site-wide banner from `content/_announcement.md`.
#[derive(Clone, Debug)]
pub struct Announcement {
    /// The file.
    pub file: SourceFile,
    /// Its front matter.
    pub meta: AnnouncementMeta,
    /// Its body.
    pub body: Parsed,
}

/// One known issue: `content/_status/<name>.md`.
#[derive(Clone, Debug)]
pub struct Issue {
    /// The file's name without `.md` (`login-codes-delayed`): its id on the
    /// status page, in the feed and in `status.json`.
    pub name: String,
    /// The file.
    pub file: SourceFile,
    /// Its front matter.
    pub meta: IssueMeta,
    /// Its body.
    pub body: Parsed,
}

impl Issue {
    /// Whether the issue is current on `today`: started, and not ended
    /// before it (the end day itself still counts).
    pub fn is_current(&self, today: Date) -> bool {
        self.meta.start <= today && self.meta.end.is_none_or(|e| today <= e)
    }

    /// Whether the issue is over on `today`.
    pub fn is_past(&self, today: Date) -> bool {
        self.meta.end.is_some_and(|e| e < today)
    }
}

/// A file under `content/` that is not Markdown (an image, a PDF), copied as is.
#[derive(Clone, Debug)]
pub struct Asset {
    /// Path under `content/`, `/`-separated; also its URL path.
    pub key: String,
    /// Where to copy it from.
    pub source: PathBuf,
}

/// A Markdown document that can hold links: an article, a section's
/// `_index.md` or the announcement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DocId {
    /// `site.articles[i]`.
    Article(usize),
    /// `site.sections[i]`.
    Section(usize),
    /// `site.announcement`.
    Announcement,
    /// `site.issues[i]`, a known issue of `content/_status/`.
    Issue(usize),
}

/// Everything loaded from a help center.
#[derive(Clone, Debug)]
pub struct Site {
    /// The help center's root folder.
    pub root: PathBuf,
    /// `book.toml`.
    pub config: Config,
    /// Sections; `sections[0]` is `content/` itself.
    pub sections: Vec<Section>,
    /// Articles (drafts only when building with drafts).
    pub articles: Vec<Article>,
    /// Non-Markdown files under `content/`.
    pub assets: Vec<Asset>,
    /// The announcement banner, if `content/_announcement.md` exists.
    pub announcement: Option<Announcement>,
    /// Content paths of drafts that were left out (`a/b.md`), to explain
    /// links that point at them.
    pub skipped_drafts: Vec<String>,
    /// Content paths of Markdown files that could not be read (their own
    /// errors say why): links to them are not reported as missing too.
    pub unreadable: Vec<String>,
    /// Of those, the articles whose body could still be read (only their
    /// front matter is broken): their headings, so that links to an
    /// anchor in them are checked in the same run.
    pub unreadable_headings: BTreeMap<String, Headings>,
    /// Resolved link URLs per document: event index → URL (filled by `links`).
    pub link_urls: BTreeMap<DocId, LinkUrls>,
    /// Resolved `related` articles per article (filled by `links`).
    pub related: BTreeMap<usize, Vec<usize>>,
    /// The articles and sections the announcement's `pages` name (filled by
    /// `links`): the full banner shows on them, on what a named section
    /// holds and on the home page; a one-line notice everywhere else.
    pub announced: BTreeSet<DocId>,
    /// The known issues of `content/_status/`, by file name (a
    /// translation's own where translated, else the original's).
    pub issues: Vec<Issue>,
    /// Per issue, the pages its `affects` names (filled by `validate`;
    /// empty for an issue of the whole help center).
    pub affected: Vec<Vec<Affected>>,
}

impl Site {
    /// The section's ancestors from the root down, including itself.
    pub fn section_chain(&self, section: usize) -> Vec<usize> {
        let mut chain = vec![section];
        let mut current = section;
        while let Some(parent) = self.sections[current].parent {
            chain.push(parent);
            current = parent;
        }
        chain.reverse();
        chain
    }

    /// Articles in a section and all its sub-sections.
    pub fn article_count(&self, section: usize) -> usize {
        let s = &self.sections[section];
        s.articles.len()
            + s.subsections
                .iter()
                .map(|&sub| self.article_count(sub))
                .sum::<usize>()
    }

    /// Whether the announcement concerns article `i`: it, or a section it
    /// is in, is named in the announcement's `pages`.
    pub fn announces_article(&self, i: usize) -> bool {
        self.announced.contains(&DocId::Article(i)) || self.names_section(self.articles[i].section)
    }

    /// Whether the announcement concerns section `i` (the home page always):
    /// it, or a section above it, is named in the announcement's `pages`.
    pub fn announces_section(&self, i: usize) -> bool {
        i == 0 || self.names_section(i)
    }

    /// Whether section `i` or one above it is in `announced`.
    fn names_section(&self, i: usize) -> bool {
        self.section_chain(i)
            .iter()
            .any(|&s| self.announced.contains(&DocId::Section(s)))
    }

    /// Whether the site has a status page: it has known issues, or
    /// `[status] live` is set.
    pub fn has_status_page(&self) -> bool {
        !self.issues.is_empty() || !self.config.status_live.is_empty()
    }

    /// The source file of a document.
    pub fn doc_file(&self, doc: DocId) -> Option<&SourceFile> {
        match doc {
            DocId::Article(i) => Some(&self.articles[i].file),
            DocId::Section(i) => self.sections[i].file.as_ref(),
            DocId::Announcement => self.announcement.as_ref().map(|a| &a.file),
            DocId::Issue(i) => self.issues.get(i).map(|a| &a.file),
        }
    }

    /// The parsed body of a document.
    pub fn doc_body(&self, doc: DocId) -> Option<&Parsed> {
        match doc {
            DocId::Article(i) => Some(&self.articles[i].body),
            DocId::Section(i) => Some(&self.sections[i].body),
            DocId::Announcement => self.announcement.as_ref().map(|a| &a.body),
            DocId::Issue(i) => self.issues.get(i).map(|a| &a.body),
        }
    }
}
