//! The pages of a site to render: each a [`Job`] with its output path, in a
//! stable order.

use crate::model::site::Site;
use crate::model::urls::Redirect;

/// One page to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Job {
    /// The home page.
    Home,
    /// A category page.
    Section(usize),
    /// An article.
    Article(usize),
    /// A step of a tree (`Some`), or its map (`None`).
    Tree(usize, Option<usize>),
    /// A page with only the common context: (template, kind, key of its
    /// title in the theme's strings, URL path).
    Simple(&'static str, &'static str, &'static str, &'static str),
    /// An alias redirect (index into the redirects).
    Redirect(usize),
}

/// Every HTML page of `site` with its output path, in a stable order: the
/// home, contact and search pages, the 404 page when the site is at the help
/// center's root (`at_root`; one for the whole help center), categories,
/// articles, then `redirects`.
pub(crate) fn all(site: &Site, at_root: bool, redirects: &[Redirect]) -> Vec<(String, Job)> {
    let mut jobs = vec![
        (String::from("index.html"), Job::Home),
        (
            "contact/index.html".into(),
            Job::Simple("contact.html", "contact", "contact_us", "contact/"),
        ),
        (
            "search/index.html".into(),
            Job::Simple("search.html", "search", "search_title", "search/"),
        ),
    ];
    if at_root {
        jobs.push((
            "404.html".into(),
            Job::Simple("404.html", "not_found", "not_found_title", "404.html"),
        ));
    }
    for i in 1..site.sections.len() {
        jobs.push((
            format!("{}index.html", site.sections[i].url_path),
            Job::Section(i),
        ));
    }
    for i in 0..site.articles.len() {
        jobs.extend(of_article(site, i));
    }
    for (i, r) in redirects.iter().enumerate() {
        jobs.push((r.output_path.clone(), Job::Redirect(i)));
    }
    jobs
}

/// The pages of article `i`: one, or for a tree one per step (never two at
/// one path: duplicate step ids are errors) and the map.
pub(crate) fn of_article(site: &Site, i: usize) -> Vec<(String, Job)> {
    let article = &site.articles[i];
    let Some(tree) = &article.tree else {
        return vec![(format!("{}index.html", article.url_path), Job::Article(i))];
    };
    let mut jobs = Vec::with_capacity(tree.nodes.len() + 1);
    for (n, node) in tree.nodes.iter().enumerate() {
        if tree.node(&node.id) == Some(n) {
            jobs.push((
                format!("{}{}index.html", article.url_path, tree.node_path(n)),
                Job::Tree(i, Some(n)),
            ));
        }
    }
    jobs.push((
        format!("{}map/index.html", article.url_path),
        Job::Tree(i, None),
    ));
    jobs
}
