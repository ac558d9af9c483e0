//! The site's URL layout, in one place for the two stages that need it:
//! `validate` checks that every output has a file of its own and `render`
//! writes them. The pages of a language's site with their output files, the
//! files and folders the generator writes itself, and aliases that redirect
//! to articles.

use std::collections::HashSet;

use crate::model::site::Site;

/// A page of a language's site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// The home page.
    Home,
    /// The contact page.
    Contact,
    /// The search page.
    Search,
    /// The not-found page (one for the whole help center, at its root).
    NotFound,
    /// The page of `site.sections[i]` (never 0: that is the home page).
    Section(usize),
    /// The page of `site.articles[i]`, an article that is not a tree.
    Article(usize),
    /// A step's page of tree article `.0`: `site.articles[.0]`'s step `.1`
    /// (the start step is at the tree's own URL).
    Step(usize, usize),
    /// The map of tree article `site.articles[i]`.
    Map(usize),
    /// The redirect of an alias: `redirects[i]`.
    Redirect(usize),
    /// The status page: current and past known issues.
    Status,
    /// The status page's Atom feed.
    StatusFeed,
}

/// The pages every language's site has at fixed URL paths: (page, URL path
/// below the site's folder, what it is).
pub const FIXED_PAGES: [(Page, &str, &str); 3] = [
    (Page::Home, "", "the home page"),
    (Page::Contact, "contact/", "the contact page"),
    (Page::Search, "search/", "the search page"),
];

/// The status page and its feed, in a site with known issues or
/// `[status]`: (page, URL path, what it is).
pub const STATUS_PAGES: [(Page, &str, &str); 2] = [
    (Page::Status, "status/", "the status page"),
    (Page::StatusFeed, "status/feed.xml", "the status feed"),
];

/// The not-found page, at the help center's root only (one for every
/// language): (page, URL path, what it is).
pub const NOT_FOUND: (Page, &str, &str) = (Page::NotFound, "404.html", "the not-found page");

/// The files of the whole help center besides pages, written at its root,
/// each rendered from the theme's template of the same name: (output path,
/// what it is).
pub const ROOT_FILES: [(&str, &str); 2] =
    [("sitemap.xml", "the sitemap"), ("robots.txt", "robots.txt")];

/// The folder theme static files are written to.
pub const STATIC_DIR: &str = "static/";

/// The folder of the search page, and at the help center's root of the
/// search index (manifests, engine, worker, index folders).
pub const SEARCH_DIR: &str = "search/";

/// The longest name of a file or folder that file systems accept, in bytes
/// (ext4, APFS, NTFS and others: 255).
pub const MAX_NAME_BYTES: usize = 255;

/// The longest output path below the site's folder, in bytes: `PATH_MAX`
/// (4,096 bytes on Linux) less room for the destination folder's own path.
pub const MAX_PATH_BYTES: usize = 3072;

/// An alias: an old URL that redirects to an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    /// The output file path below the site root (`old/page/index.html`).
    pub output_path: String,
    /// The alias's URL path below the base path (`old/page/`).
    pub url_path: String,
    /// The article it redirects to.
    pub article: usize,
}

/// The output file of `url_path` (a URL path below a site's folder): a
/// folder's `index.html` (`a/b/` → `a/b/index.html`, `""` →
/// `index.html`), or the file itself (`404.html`).
pub fn output_file(url_path: &str) -> String {
    if url_path.is_empty() || url_path.ends_with('/') {
        format!("{url_path}index.html")
    } else {
        url_path.to_string()
    }
}

/// Every page of `site` with its output file (below the site's folder), in
/// a stable order: the fixed pages, the not-found page when the site is at
/// the help center's root (`at_root`), categories, articles (each with its
/// steps and map), then `redirects`.
pub fn site_pages(site: &Site, at_root: bool, redirects: &[Redirect]) -> Vec<(String, Page)> {
    let mut pages: Vec<(String, Page)> = FIXED_PAGES
        .iter()
        .map(|&(page, url, _)| (output_file(url), page))
        .collect();
    if at_root {
        pages.push((output_file(NOT_FOUND.1), NOT_FOUND.0));
    }
    if site.has_status_page() {
        pages.extend(
            STATUS_PAGES
                .iter()
                .map(|&(page, url, _)| (output_file(url), page)),
        );
    }
    for (i, section) in site.sections.iter().enumerate().skip(1) {
        pages.push((output_file(&section.url_path), Page::Section(i)));
    }
    for i in 0..site.articles.len() {
        pages.extend(article_pages(site, i));
    }
    for (i, r) in redirects.iter().enumerate() {
        pages.push((r.output_path.clone(), Page::Redirect(i)));
    }
    pages
}

/// The pages of article `i` with their output files: one, or for a tree
/// one per step (the first of steps sharing an id: duplicate ids are
/// errors) and the map.
pub fn article_pages(site: &Site, i: usize) -> Vec<(String, Page)> {
    let article = &site.articles[i];
    let Some(tree) = &article.tree else {
        return vec![(output_file(&article.url_path), Page::Article(i))];
    };
    let mut pages = Vec::with_capacity(tree.nodes.len() + 1);
    let mut seen = HashSet::with_capacity(tree.nodes.len());
    for (n, node) in tree.nodes.iter().enumerate() {
        if seen.insert(node.id.as_str()) {
            let url = format!("{}{}", article.url_path, tree.node_path(n));
            pages.push((output_file(&url), Page::Step(i, n)));
        }
    }
    pages.push((output_file(&map_url(&article.url_path)), Page::Map(i)));
    pages
}

/// The URL path of the map of the tree at `url_path`.
pub fn map_url(url_path: &str) -> String {
    format!("{url_path}map/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_written_as_their_index() {
        assert_eq!(output_file(""), "index.html");
        assert_eq!(output_file("a/b/"), "a/b/index.html");
        assert_eq!(output_file("404.html"), "404.html");
    }
}
