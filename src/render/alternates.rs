//! A page's versions in every language of a help center (for `hreflang`
//! and the language switcher).
//!
//! A translation mirrors the original's paths (`reset-password.es.md` is at
//! `/es/account-access/reset-password/` when the original is at
//! `/account-access/reset-password/`), so a page's versions are found by its
//! path under the site's base.

use std::collections::HashSet;

use crate::model::site::Site;
use crate::theme::Theme;

/// One language of a help center, for the switcher.
#[derive(Clone, Debug)]
pub struct LanguageSite {
    /// `en`, `es`.
    pub code: String,
    /// The language's own name (`Español`).
    pub name: String,
    /// The site's base path (`/es/`).
    pub base_path: String,
    /// Right to left.
    pub rtl: bool,
    /// Every page path the site has (`account/reset/`, `` for home).
    paths: HashSet<String>,
}

impl LanguageSite {
    /// The pages' paths, sorted, without tree maps (for the sitemap).
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self
            .paths
            .iter()
            .map(String::as_str)
            .filter(|p| !p.ends_with("/map/") && *p != "search/")
            .collect();
        paths.sort_unstable();
        paths
    }
}

/// Every language of a help center and the pages each has.
#[derive(Clone, Debug, Default)]
pub struct Alternates {
    /// The original language first.
    pub languages: Vec<LanguageSite>,
}

/// A page in one language: where the switcher goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alternate {
    /// Language code.
    pub code: String,
    /// The language's name in itself.
    pub name: String,
    /// The same page in that language, or that language's home page.
    pub url: String,
    /// Whether the page itself exists in that language.
    pub translated: bool,
}

impl Alternates {
    /// The pages of each site, each language named in itself
    /// ([`Theme::name_of_language`]). Only worth having with more than one.
    pub fn of(sites: &[Site], theme: &Theme) -> Alternates {
        let languages = sites
            .iter()
            .map(|site| {
                let config = &site.config;
                let mut paths: HashSet<String> = ["", "contact/", "search/"]
                    .into_iter()
                    .map(String::from)
                    .collect();
                paths.extend(site.sections.iter().map(|s| s.url_path.clone()));
                for article in &site.articles {
                    paths.insert(article.url_path.clone());
                    if let Some(tree) = &article.tree {
                        for i in 0..tree.nodes.len() {
                            paths.insert(format!("{}{}", article.url_path, tree.node_path(i)));
                        }
                        paths.insert(format!("{}map/", article.url_path));
                    }
                }
                LanguageSite {
                    code: config.language.clone(),
                    name: theme.name_of_language(config),
                    base_path: config.base_path.clone(),
                    rtl: config.rtl(),
                    paths,
                }
            })
            .collect();
        Alternates { languages }
    }

    /// The page at `url_path` (relative to a site's base) in every
    /// language; empty for a help center in one language.
    pub fn of_page(&self, url_path: &str) -> Vec<Alternate> {
        if self.languages.len() < 2 {
            return Vec::new();
        }
        self.languages
            .iter()
            .map(|language| {
                let translated = language.paths.contains(url_path);
                Alternate {
                    code: language.code.clone(),
                    name: language.name.clone(),
                    url: if translated {
                        format!("{}{url_path}", language.base_path)
                    } else {
                        language.base_path.clone()
                    },
                    translated,
                }
            })
            .collect()
    }
}
