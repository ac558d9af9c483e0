//! The views of lists: section and article summaries, the home page
//! (`home`) and a category page (`section`).

use serde::Serialize;

use crate::model::site::Site;
use crate::render::view::date::iso_date;

/// A section in a list.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SectionSummary {
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

impl SectionSummary {
    /// Section `i` of `site` in a list.
    pub(crate) fn new(site: &Site, i: usize) -> SectionSummary {
        let s = &site.sections[i];
        SectionSummary {
            title: s.title.clone(),
            description: s.meta.description.clone(),
            url: site.config.url(&s.url_path),
            icon: s.meta.icon.clone(),
            article_count: site.article_count(i),
        }
    }
}

/// An article in a list.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ArticleSummary {
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

impl ArticleSummary {
    /// Article `i` of `site` in a list.
    pub(crate) fn new(site: &Site, i: usize) -> ArticleSummary {
        let a = &site.articles[i];
        let s = &site.sections[a.section];
        ArticleSummary {
            title: a.meta.title.clone(),
            description: a.meta.description.clone(),
            url: site.config.url(&a.url_path),
            section_title: s.title.clone(),
            section_url: site.config.url(&s.url_path),
            updated: iso_date(a.meta.updated),
            kind: a.meta.kind.as_str(),
        }
    }
}

/// `home` on the home page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct HomeView {
    /// Body of `content/_index.md`.
    pub html: String,
    /// Top-level categories.
    pub sections: Vec<SectionSummary>,
    /// Promoted articles.
    pub promoted: Vec<ArticleSummary>,
}

impl HomeView {
    /// The home page of `site`: the body of `content/_index.md` rendered as
    /// `html`, the top-level categories `sections`, and the promoted
    /// articles in display order.
    pub(crate) fn new(site: &Site, html: String, sections: Vec<SectionSummary>) -> HomeView {
        let promoted = site
            .sections
            .iter()
            .flat_map(|s| s.articles.iter().copied())
            .filter(|&i| site.articles[i].meta.promoted)
            .map(|i| ArticleSummary::new(site, i))
            .collect();
        HomeView {
            html,
            sections,
            promoted,
        }
    }
}

/// `section` on a category page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SectionView {
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

impl SectionView {
    /// The page of section `i` of `site`, its `_index.md` rendered as `html`.
    pub(crate) fn new(site: &Site, i: usize, html: String) -> SectionView {
        let s = &site.sections[i];
        SectionView {
            title: s.title.clone(),
            description: s.meta.description.clone(),
            url: site.config.url(&s.url_path),
            icon: s.meta.icon.clone(),
            html,
            articles: s
                .articles
                .iter()
                .map(|&a| ArticleSummary::new(site, a))
                .collect(),
            subsections: s
                .subsections
                .iter()
                .map(|&c| SectionSummary::new(site, c))
                .collect(),
        }
    }
}
