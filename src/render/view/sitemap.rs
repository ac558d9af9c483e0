//! `sitemap` and `sitemap_url`: the views of `sitemap.xml` and `robots.txt`,
//! which list the whole help center (every language's pages).

use serde::Serialize;

use crate::model::site::Site;
use crate::render::alternates::Alternates;
use crate::render::view::date::iso_date;

/// `sitemap` in `sitemap.xml`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SitemapView {
    /// Every page of the help center, in a stable order.
    pub urls: Vec<SitemapUrl>,
}

/// One page in the sitemap.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SitemapUrl {
    /// Its URL, absolute when `site-url` is absolute.
    pub loc: String,
    /// An article's `updated` date (`YYYY-MM-DD`), or empty.
    pub lastmod: String,
}

impl SitemapView {
    /// The pages of `site` (home, contact, the status page, categories, articles and their
    /// tree steps; no tree maps, no search page) with those of the other
    /// languages in `alternates` after them.
    pub(crate) fn new(site: &Site, alternates: &Alternates) -> SitemapView {
        let config = &site.config;
        let entry = |url_path: &str, updated| SitemapUrl {
            loc: config.absolute_url(&config.url(url_path)),
            lastmod: iso_date(updated),
        };
        let mut urls = vec![entry("", None), entry("contact/", None)];
        // The status page of known issues (not its feed).
        if site.has_status_page() {
            urls.push(entry("status/", None));
        }
        urls.extend(
            site.sections
                .iter()
                .skip(1)
                .map(|s| entry(&s.url_path, None)),
        );
        for a in &site.articles {
            urls.push(entry(&a.url_path, a.meta.updated));
            if let Some(tree) = &a.tree {
                for (i, node) in tree.nodes.iter().enumerate() {
                    if i != tree.start && tree.node(&node.id) == Some(i) {
                        let path = format!("{}{}", a.url_path, tree.node_path(i));
                        urls.push(entry(&path, a.meta.updated));
                    }
                }
            }
        }
        // The translations' pages: the sitemap is the whole site's.
        for language in alternates.languages.iter().skip(1) {
            for path in language.paths() {
                urls.push(SitemapUrl {
                    loc: config.absolute_url(&format!("{}{path}", language.base_path)),
                    lastmod: String::new(),
                });
            }
        }
        SitemapView { urls }
    }
}

/// `sitemap_url` in `robots.txt` (and `sitemap.xml`): the sitemap's URL,
/// absolute when `site-url` is absolute.
pub(crate) fn sitemap_url(site: &Site) -> String {
    site.config.absolute_url(&site.config.url("sitemap.xml"))
}
