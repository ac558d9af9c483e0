//! The pages of a site to render: each a [`Job`] with its output path, in a
//! stable order. Which pages there are and where they go is
//! [`model::urls`](crate::model::urls)'s, which `validate` checks with the
//! same list; a job adds how each is rendered.

use crate::model::site::Site;
use crate::model::urls::{self, Page, Redirect};

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
    /// The status page (`false`) or its Atom feed (`true`).
    Status(bool),
}

impl From<Page> for Job {
    fn from(page: Page) -> Job {
        match page {
            Page::Home => Job::Home,
            Page::Contact => Job::Simple("contact.html", "contact", "contact_us", "contact/"),
            Page::Search => Job::Simple("search.html", "search", "search_title", "search/"),
            Page::NotFound => Job::Simple("404.html", "not_found", "not_found_title", "404.html"),
            Page::Section(i) => Job::Section(i),
            Page::Article(i) => Job::Article(i),
            Page::Step(i, n) => Job::Tree(i, Some(n)),
            Page::Map(i) => Job::Tree(i, None),
            Page::Redirect(r) => Job::Redirect(r),
            Page::Status => Job::Status(false),
            Page::StatusFeed => Job::Status(true),
        }
    }
}

/// Every HTML page of `site` with its output path, in a stable order: the
/// home, contact and search pages, the 404 page when the site is at the help
/// center's root (`at_root`; one for the whole help center), categories,
/// articles, then `redirects`.
pub(crate) fn all(site: &Site, at_root: bool, redirects: &[Redirect]) -> Vec<(String, Job)> {
    jobs(urls::site_pages(site, at_root, redirects))
}

/// The pages of article `i`: one, or for a tree one per step (never two at
/// one path: duplicate step ids are errors) and the map.
pub(crate) fn of_article(site: &Site, i: usize) -> Vec<(String, Job)> {
    jobs(urls::article_pages(site, i))
}

/// `pages` as jobs.
fn jobs(pages: Vec<(String, Page)>) -> Vec<(String, Job)> {
    pages
        .into_iter()
        .map(|(path, page)| (path, Job::from(page)))
        .collect()
}
