//! `page.nav`: the category navigation beside a category or an article
//! (the sidebar of documentation sites), as a flat list with levels.

use serde::Serialize;

use crate::model::site::Site;

/// How many articles of one category the navigation lists before it links
/// to the category for the rest: the navigation is on every page of the
/// category, so listing them all would grow with the square of its size.
pub(crate) const NAV_ARTICLES: usize = 12;

/// One link of the category navigation.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct NavItem {
    /// The category's or article's title; for `more`, how many articles
    /// the list leaves out.
    pub title: String,
    /// Where it goes.
    pub url: String,
    /// 0 for a top-level category, 1 for what is in it, and so on.
    pub level: usize,
    /// `section`, `article`, `troubleshooter`, `wizard`, or `more` (the
    /// link to a category whose articles the list cuts short).
    pub kind: &'static str,
    /// The page being shown.
    pub current: bool,
    /// A category the page being shown is in (opened to show its content).
    pub open: bool,
}

impl NavItem {
    /// The navigation of a page in section `section` of `site` (the
    /// section's own page when `article` is `None`): every top-level
    /// category, and inside each category on the way down to `section`,
    /// its sub-categories and up to [`NAV_ARTICLES`] articles (the current
    /// one always); a category's own page leaves its content to the page.
    /// Empty when the site has no categories.
    pub(crate) fn list(site: &Site, section: usize, article: Option<usize>) -> Vec<NavItem> {
        let chain = site.section_chain(section);
        let mut items = Vec::new();
        // An explicit stack (the section nesting is the content's, not bounded):
        // (section, level), pushed in reverse so they come out in order.
        let mut stack: Vec<(usize, usize)> = site.sections[0]
            .subsections
            .iter()
            .rev()
            .map(|&s| (s, 0))
            .collect();
        // Articles of an open section are listed after its sub-sections; a
        // marker on the stack (`usize::MAX` level) says "now its articles".
        while let Some((s, level)) = stack.pop() {
            if level == usize::MAX {
                push_articles(site, s, chain_depth(&chain, s), article, &mut items);
                continue;
            }
            let open = chain.contains(&s);
            let current = article.is_none() && s == section;
            items.push(NavItem {
                title: site.sections[s].title.clone(),
                url: site.config.url(&site.sections[s].url_path),
                level,
                kind: "section",
                current,
                open,
            });
            // A category's own page lists its content in the page itself.
            if open && !current {
                stack.push((s, usize::MAX));
                for &sub in site.sections[s].subsections.iter().rev() {
                    stack.push((sub, level + 1));
                }
            }
        }
        items
    }
}

/// The level of section `s`'s content: its depth below the top level plus one.
fn chain_depth(chain: &[usize], s: usize) -> usize {
    chain.iter().position(|&c| c == s).unwrap_or(1)
}

/// The articles of open section `s` at `level`: the first [`NAV_ARTICLES`],
/// `article` if it comes later, and a link to the section for the rest.
fn push_articles(
    site: &Site,
    s: usize,
    level: usize,
    article: Option<usize>,
    items: &mut Vec<NavItem>,
) {
    let list = &site.sections[s].articles;
    for (n, &a) in list.iter().enumerate() {
        let current = article == Some(a);
        if n >= NAV_ARTICLES && !current {
            continue;
        }
        let meta = &site.articles[a].meta;
        items.push(NavItem {
            title: meta.title.clone(),
            url: site.config.url(&site.articles[a].url_path),
            level,
            kind: meta.kind.as_str(),
            current,
            open: false,
        });
    }
    if list.len() > NAV_ARTICLES {
        items.push(NavItem {
            title: list.len().to_string(),
            url: site.config.url(&site.sections[s].url_path),
            level,
            kind: "more",
            current: false,
            open: false,
        });
    }
}
