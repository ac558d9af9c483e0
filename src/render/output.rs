//! What rendering a site gives back: the files kept in memory, the assets to
//! copy, and the counts of the build summary.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::model::site::Site;

/// Everything a build writes.
#[derive(Debug, Default)]
pub struct Output {
    /// Output path (`account/reset/index.html`) → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Output path → file to copy (content assets, possibly large).
    pub copies: BTreeMap<String, PathBuf>,
    /// Counts for the build summary.
    pub stats: Stats,
    /// Sizes of the search index, when search is on.
    pub search: Option<helpbook_search::writer::Stats>,
}

impl Output {
    /// Adds the files and counts of another language's site.
    pub fn add(&mut self, other: Output) {
        self.files.extend(other.files);
        self.copies.extend(other.copies);
        self.stats.pages += other.stats.pages;
        self.stats.articles += other.stats.articles;
        self.stats.trees += other.stats.trees;
        self.stats.sections += other.stats.sections;
        self.stats.redirects += other.stats.redirects;
        self.stats.assets += other.stats.assets;
        if let (Some(ours), Some(theirs)) = (&mut self.search, other.search) {
            ours.documents += theirs.documents;
            ours.raw_bytes += theirs.raw_bytes;
            ours.card_bytes += theirs.card_bytes;
            ours.page_bytes += theirs.page_bytes;
        }
    }
}

/// Counts for the one-line build summary.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub struct Stats {
    /// HTML pages written (redirects excluded).
    pub pages: usize,
    /// Articles (troubleshooters and wizards included).
    pub articles: usize,
    /// Troubleshooters and wizards.
    pub trees: usize,
    /// Sections (categories), the home page excluded.
    pub sections: usize,
    /// Alias redirect pages.
    pub redirects: usize,
    /// Assets copied from content/.
    pub assets: usize,
}

impl Stats {
    /// The counts of `site`, rendered as `pages` HTML pages and `redirects`
    /// redirect pages.
    pub fn of(site: &Site, pages: usize, redirects: usize) -> Stats {
        Stats {
            pages,
            articles: site.articles.len(),
            trees: site.articles.iter().filter(|a| a.tree.is_some()).count(),
            sections: site.sections.len() - 1,
            redirects,
            assets: site.assets.len(),
        }
    }
}
