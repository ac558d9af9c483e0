//! `page`: what every page says about itself (title, description, URL),
//! its breadcrumbs and its versions in the help center's other languages.

use serde::Serialize;

use crate::config::Config;
use crate::model::site::{Article, Site};
use crate::render::alternates::{Alternate, Alternates};
use crate::render::view::nav::NavItem;
use crate::theme::Strings;

/// How many characters of an article's text stand in for a description it
/// does not have.
pub(crate) const DESCRIPTION_LENGTH: usize = 160;

/// `page`: what every page says about itself.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PageView {
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
    /// The last breadcrumb's text when it differs from `title` (on a
    /// tree step: the tree's title, without the step and its question).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crumb_title: Option<String>,
    /// This page in every language of the help center (empty with one
    /// language): the language switcher and `hreflang` links.
    pub alternates: Vec<AlternateView>,
    /// A translation whose original was updated after it: the URL of the
    /// original, for a "may be out of date" notice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outdated_original: Option<String>,
    /// Whether the announcement shows in full here (the home page and the
    /// pages its `pages` names) rather than as a one-line notice.
    pub announcement_full: bool,
    /// The category navigation beside a category or an article (empty on
    /// other pages): every top-level category, the ones the page is in
    /// opened (see `NavItem::list`).
    pub nav: Vec<NavItem>,
    /// schema.org JSON-LD for search engines (`BreadcrumbList`, `Article`),
    /// safe to write inside `<script type="application/ld+json">`; empty
    /// when the page has none.
    pub json_ld: String,
    /// The known issues this page shows a notice of (see
    /// `render/view/status.rs`).
    pub issues: Vec<crate::render::view::status::IssueView>,
}

impl PageView {
    /// The page of kind `kind` at `url_path` (below the site's base), with
    /// its versions in every language of `alternates`; no `crumb_title`,
    /// not outdated.
    pub(crate) fn new(
        config: &Config,
        alternates: &Alternates,
        kind: &'static str,
        title: String,
        description: String,
        url_path: &str,
        breadcrumbs: Vec<Crumb>,
    ) -> PageView {
        let url = config.url(url_path);
        PageView {
            kind,
            title,
            description,
            canonical_url: config.absolute_url(&url),
            url,
            breadcrumbs,
            crumb_title: None,
            alternates: alternates
                .of_page(url_path)
                .into_iter()
                .map(|a| AlternateView::new(config, a))
                .collect(),
            outdated_original: None,
            announcement_full: false,
            nav: Vec::new(),
            json_ld: String::new(),
            issues: Vec::new(),
        }
    }
}

/// The page in one language.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct AlternateView {
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

impl AlternateView {
    /// The view of `alternate` on a page of `config`'s site.
    pub(crate) fn new(config: &Config, alternate: Alternate) -> AlternateView {
        AlternateView {
            current: alternate.code == config.language,
            absolute_url: config.absolute_url(&alternate.url),
            code: alternate.code,
            name: alternate.name,
            url: alternate.url,
            translated: alternate.translated,
        }
    }
}

/// One breadcrumb (also used for an article's section).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Crumb {
    /// Link text.
    pub title: String,
    /// Link target.
    pub url: String,
}

impl Crumb {
    /// The link to the home page.
    pub(crate) fn home(config: &Config, strings: &Strings) -> Crumb {
        Crumb {
            title: strings.get("home_crumb"),
            url: config.base_path.clone(),
        }
    }

    /// The link to section `i`: its title, or the theme's word for the home
    /// page when it is the home page (section 0).
    pub(crate) fn section(site: &Site, i: usize, strings: &Strings) -> Crumb {
        let section = &site.sections[i];
        Crumb {
            title: if i == 0 {
                strings.get("home_crumb")
            } else {
                section.title.clone()
            },
            url: site.config.url(&section.url_path),
        }
    }

    /// The link to an article (a tree's first step).
    pub(crate) fn article(config: &Config, article: &Article) -> Crumb {
        Crumb {
            title: article.meta.title.clone(),
            url: config.url(&article.url_path),
        }
    }

    /// The home page down to section `section`, the section itself only
    /// when `include_self`.
    pub(crate) fn trail(
        site: &Site,
        section: usize,
        include_self: bool,
        strings: &Strings,
    ) -> Vec<Crumb> {
        let chain = site.section_chain(section);
        let take = if include_self {
            chain.len()
        } else {
            chain.len() - 1
        };
        chain[..take]
            .iter()
            .map(|&i| Crumb::section(site, i, strings))
            .collect()
    }
}

/// What an article's pages say about it in `<meta name=description>`: its
/// `description`, else the start of its text.
pub(crate) fn description_of(article: &Article) -> String {
    if article.meta.description.is_empty() {
        excerpt(&article.body.plain_text(), DESCRIPTION_LENGTH)
    } else {
        article.meta.description.clone()
    }
}

/// The first `max` characters of `text` on word boundaries, with an ellipsis.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let mut out = String::new();
    for word in flat.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_on_words() {
        assert_eq!(excerpt("one two three", 9), "one two…");
        assert_eq!(excerpt("short", 9), "short");
    }
}
