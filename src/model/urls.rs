//! The site's URL layout: paths the generator writes itself, and aliases
//! that redirect to articles.

/// URL paths (below the base path) the generator writes itself.
pub const RESERVED: &[(&str, &str)] = &[
    ("contact/", "the contact page"),
    ("search/", "the search page"),
    ("404.html", "the not-found page"),
    ("sitemap.xml", "the sitemap"),
    ("robots.txt", "robots.txt"),
];

/// The folder theme static files are written to.
pub const STATIC_DIR: &str = "static/";

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
