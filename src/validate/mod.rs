//! Checks of a loaded help center, across files: links and anchors (with
//! did-you-mean for missing files), the URL space, troubleshooting trees'
//! graphs, translations against their original, and content rules that
//! tie articles to book.toml (support channels, labels, aliases, the
//! articles of `[[search.expect]]`), articles of one language with the same
//! title.

pub(crate) mod expectations;
pub(crate) mod links;
pub(crate) mod rules;
pub(crate) mod status;
pub(crate) mod suggest;
pub(crate) mod titles;
pub(crate) mod translations;
pub mod trees;
pub(crate) mod urls;

use crate::base::diagnostic::{Diagnostic, Report};
use crate::config::Config;
use crate::model::site::{Article, Site};

/// The checks of one article that need only the article and its site's
/// config: its tree's graph (which also fills in the steps' distances),
/// its support channel, NUL characters and raw HTML (`[build] raw-html`). [`check_articles`] runs them on a whole site; a
/// live preview runs them on the article a writer saved.
pub fn check_article(config: &Config, article: &mut Article) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    if let Some(tree) = &mut article.tree {
        diagnostics.extend(trees::check(
            tree,
            &article.file.path,
            &article.file.text.get(),
        ));
    }
    diagnostics.extend(rules::support_channel(config, article));
    diagnostics.extend(rules::body(config, &article.file, &article.body));
    diagnostics
}

/// [`check_article`] for every article of `site`.
pub fn check_articles(site: &mut Site, report: &mut Report) {
    for article in &mut site.articles {
        report.extend(check_article(&site.config, article));
    }
}

/// The body checks of [`check_article`] for the categories' `_index.md`
/// and the announcement of every language's site, each file once.
pub fn check_pages(sites: &[Site], report: &mut Report) {
    report.extend(rules::page_bodies(sites));
}
