//! The help center as the report joins events with it: every language's
//! site loaded and validated through the pipeline (titles, trees and their
//! steps), and every page's URL path (articles, tree steps, tree maps,
//! categories, contact and search pages, aliases) mapped to what it is.

use std::collections::BTreeMap;
use std::path::Path;

use crate::base::diagnostic::Report;
use crate::model::site::{Article, Site};
use crate::pipeline::{self, Fatal};
use crate::theme::Theme;

use super::model::Page;

/// What a URL path of the help center is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// An article (or a tree's start page, or its map).
    Article {
        /// The site (language), the original first.
        site: usize,
        /// The article in that site.
        article: usize,
    },
    /// A tree's step other than the start.
    Step {
        /// The site.
        site: usize,
        /// The tree's article.
        article: usize,
        /// The step.
        node: usize,
    },
    /// A category's page (section 0: the home page).
    Section {
        /// The site.
        site: usize,
        /// The section.
        section: usize,
    },
    /// The contact page.
    Contact {
        /// The site.
        site: usize,
    },
    /// The search page.
    Search {
        /// The site.
        site: usize,
    },
}

/// The loaded help center and its URL paths.
pub struct Content {
    /// Every language's site, the original first.
    pub sites: Vec<Site>,
    /// The contact page's title in each site's language.
    pub contact_titles: Vec<String>,
    pages: BTreeMap<String, Place>,
}

impl Content {
    /// Loads and validates the help center at `root` (problems in
    /// `report`; the report still uses what loaded).
    pub fn load(root: &Path, report: &mut Report) -> Result<Content, Fatal> {
        let (sites, theme) = pipeline::load_checked(root, false, report)?;
        let theme = theme.unwrap_or_else(Theme::built_in);
        let contact_titles = sites
            .iter()
            .map(|s| {
                theme
                    .strings_for(&s.config.language, &s.config.labels)
                    .get("contact_us")
            })
            .collect();
        Ok(Content::new(sites, contact_titles))
    }

    /// The content of `sites`, with the contact page's title per site.
    pub fn new(sites: Vec<Site>, contact_titles: Vec<String>) -> Content {
        let mut pages = BTreeMap::new();
        for (s, site) in sites.iter().enumerate() {
            let config = &site.config;
            pages.insert(config.url("contact/"), Place::Contact { site: s });
            pages.insert(config.url("search/"), Place::Search { site: s });
            for (i, section) in site.sections.iter().enumerate() {
                pages.insert(
                    config.url(&section.url_path),
                    Place::Section {
                        site: s,
                        section: i,
                    },
                );
            }
            for (a, article) in site.articles.iter().enumerate() {
                let place = Place::Article {
                    site: s,
                    article: a,
                };
                let url = config.url(&article.url_path);
                for alias in &article.meta.aliases {
                    if let Some(alias) = alias_url(&alias.text, &config.base_path) {
                        pages.entry(alias).or_insert(place);
                    }
                }
                if let Some(tree) = &article.tree {
                    pages.insert(format!("{url}map/"), place);
                    for node in 0..tree.nodes.len() {
                        if node != tree.start {
                            let step = Place::Step {
                                site: s,
                                article: a,
                                node,
                            };
                            pages.insert(format!("{url}{}", tree.node_path(node)), step);
                        }
                    }
                }
                pages.insert(url, place);
            }
        }
        Content {
            sites,
            contact_titles,
            pages,
        }
    }

    /// The help center's title (in its own language).
    pub fn title(&self) -> String {
        self.sites
            .first()
            .map(|s| s.config.title.clone())
            .unwrap_or_default()
    }

    /// What the URL path `url` is (a `#fragment` and `index.html` are
    /// ignored; a missing final `/` is added).
    pub fn place(&self, url: &str) -> Option<Place> {
        let url = page_path(url);
        self.pages.get(url).copied().or_else(|| {
            (!url.ends_with('/'))
                .then(|| self.pages.get(&format!("{url}/")).copied())
                .flatten()
        })
    }

    /// The index of the site in `language`.
    pub fn site_of(&self, language: &str) -> Option<usize> {
        self.sites
            .iter()
            .position(|s| s.config.language == language)
    }

    /// How the report names the page at `url` (seen in an event in
    /// `language`).
    pub fn page(&self, url: &str, language: &str) -> Page {
        match self.place(url) {
            Some(place) => self.page_of(place),
            None => Page {
                url: page_path(url).to_string(),
                title: page_path(url).to_string(),
                path: None,
                kind: "unknown".into(),
                language: language.to_string(),
            },
        }
    }

    /// How the report names `place`.
    pub fn page_of(&self, place: Place) -> Page {
        let (site, url, title, path, kind) = match place {
            Place::Article { site, article } => {
                let a = &self.sites[site].articles[article];
                let s = &self.sites[site];
                (
                    site,
                    s.config.url(&a.url_path),
                    a.meta.title.clone(),
                    Some(content_path(a)),
                    a.meta.kind.as_str().to_string(),
                )
            }
            Place::Step {
                site,
                article,
                node,
            } => {
                let s = &self.sites[site];
                let a = &s.articles[article];
                let (url, title, path) = step_names(s, a, node);
                (site, url, title, Some(path), "step".into())
            }
            Place::Section { site, section } => {
                let s = &self.sites[site];
                let kind = if section == 0 { "home" } else { "category" };
                let sec = &s.sections[section];
                let title = if section == 0 {
                    s.config.title.clone()
                } else {
                    sec.title.clone()
                };
                (site, s.config.url(&sec.url_path), title, None, kind.into())
            }
            Place::Contact { site } => (
                site,
                self.sites[site].config.url("contact/"),
                self.contact_titles[site].clone(),
                None,
                "contact".into(),
            ),
            Place::Search { site } => (
                site,
                self.sites[site].config.url("search/"),
                "Search".into(),
                None,
                "search".into(),
            ),
        };
        Page {
            url,
            title,
            path,
            kind,
            language: self.sites[site].config.language.clone(),
        }
    }

    /// The article a page belongs to (a step's tree, a tree's map), for
    /// "nobody reached it".
    pub fn article_of(&self, url: &str) -> Option<(usize, usize)> {
        match self.place(url)? {
            Place::Article { site, article } | Place::Step { site, article, .. } => {
                Some((site, article))
            }
            _ => None,
        }
    }
}

/// A step's URL, title (the tree's › the step's) and content path
/// (`path.md#id`).
pub fn step_names(site: &Site, article: &Article, node: usize) -> (String, String, String) {
    let url = site.config.url(&article.url_path);
    match &article.tree {
        Some(tree) if node < tree.nodes.len() => {
            let step = &tree.nodes[node];
            (
                format!("{url}{}", tree.node_path(node)),
                format!("{} › {}", article.meta.title, step.question),
                format!("{}#{}", content_path(article), step.id),
            )
        }
        _ => (url, article.meta.title.clone(), content_path(article)),
    }
}

/// An article's content path (`account-access/reset-password.md`; a
/// translation has its original's path, with its language beside it).
pub fn content_path(article: &Article) -> String {
    format!("{}.md", article.key)
}

/// The page part of a URL path: no `#fragment`, no `index.html`.
pub fn page_path(url: &str) -> &str {
    let url = url.split('#').next().unwrap_or(url);
    url.strip_suffix("index.html").unwrap_or(url)
}

/// An alias (`/old/reset/`, with or without the base path) as a URL path.
fn alias_url(alias: &str, base_path: &str) -> Option<String> {
    let alias = alias.trim();
    if alias.contains("://") || alias.contains(['?', '#']) {
        return None;
    }
    let below = alias
        .strip_prefix(base_path)
        .unwrap_or(alias)
        .trim_matches('/');
    (!below.is_empty()).then(|| format!("{base_path}{below}/"))
}
