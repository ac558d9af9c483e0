//! Each page's context: its template, the `page` view and the view of what
//! the page shows (`home`, `section`, `article`, `tree` or `redirect`), one
//! function per kind of page. [`Pages`] holds what they need, prepared once
//! per site.

use std::sync::OnceLock;

use crate::base::diagnostic::Diagnostic;
use crate::markdown;
use crate::model::site::{DocId, Site};
use crate::model::urls::Redirect;
use crate::render::jobs::Job;
use crate::render::place::Place;
use crate::render::view::page::description_of;
use crate::render::view::request::DescribeView;
use crate::render::view::status::{IssueView, SiteStatusView, Status, StatusView, STATUS_PATH};
use crate::render::view::structured::json_ld;
use crate::render::view::tree::{page_kind, page_title, TreeParts};
use crate::render::view::tree_data::data_json;
use crate::render::view::{
    ArticleSummary, ArticleView, Crumb, HomeView, NavItem, PageView, RedirectView, SectionSummary,
    SectionView, TreeView,
};
use crate::theme::Strings;

/// How many same-category neighbours are shown when an article lists no `related`.
pub const RELATED_FALLBACK: usize = 4;

/// What one page adds to the context every page shares (`site`, `t`,
/// `parts`), and the template that renders it.
pub(crate) struct Page {
    /// The template (`article.html`).
    pub template: &'static str,
    /// `page`.
    pub page: PageView,
    /// What the page shows, under its own key.
    pub content: Content,
    /// `describe`: how each channel takes the request written in "Describe
    /// your problem" (the contact page and escalate steps; see
    /// [`Pages::describe_of`]).
    pub describe: Option<DescribeView>,
}

/// The view of what a page shows, under the key its templates read.
pub(crate) enum Content {
    /// Nothing but the common context (contact, search, 404).
    Nothing,
    /// `home`.
    Home(HomeView),
    /// `section`.
    Section(SectionView),
    /// `article`.
    Article(ArticleView),
    /// `tree`.
    Tree(Box<TreeView>),
    /// `redirect`.
    Redirect(RedirectView),
    /// `status`: the status page and its feed.
    Status(Box<StatusView>),
}

impl Page {
    /// The keys a page sets in the context (the others every page shares).
    pub(crate) const KEYS: [&'static str; 8] = [
        "page", "home", "section", "article", "tree", "redirect", "describe", "status",
    ];

    /// Puts the page's views into `ctx`.
    pub(crate) fn insert_into(&self, ctx: &mut tera::Context) {
        ctx.insert("page", &self.page);
        if let Some(describe) = &self.describe {
            ctx.insert("describe", describe);
        }
        match &self.content {
            Content::Nothing => {}
            Content::Home(view) => ctx.insert("home", view),
            Content::Section(view) => ctx.insert("section", view),
            Content::Article(view) => ctx.insert("article", view),
            Content::Tree(view) => ctx.insert("tree", view),
            Content::Redirect(view) => ctx.insert("redirect", view),
            Content::Status(view) => ctx.insert("status", view),
        }
    }
}

/// What building any page of one site needs, prepared once.
pub(crate) struct Pages<'a> {
    /// The site.
    site: &'a Site,
    /// Where it sits among the help center's languages.
    place: Place<'a>,
    /// Its alias redirects.
    redirects: &'a [Redirect],
    /// The theme's strings in the site's language.
    strings: Strings,
    /// The words of the markup added to Markdown, in the site's language.
    labels: markdown::Labels,
    /// The top-level categories (on the home page and in `site`).
    top_sections: Vec<SectionSummary>,
    /// Per article, what its tree's pages share (the data `tree.js`
    /// reads, each step's HTML), made once for all of them.
    tree_parts: Vec<OnceLock<TreeParts>>,
    /// The known issues, viewed once (set by [`Pages::with_status`]).
    status: Option<Status>,
}

impl<'a> Pages<'a> {
    /// Prepares the pages of `site`, at `place`, with its alias `redirects`
    /// and the theme's `strings` in its language.
    pub(crate) fn new(
        site: &'a Site,
        place: Place<'a>,
        redirects: &'a [Redirect],
        strings: Strings,
    ) -> Pages<'a> {
        Pages {
            site,
            place,
            redirects,
            labels: markdown_labels(&strings),
            strings,
            top_sections: site.sections[0]
                .subsections
                .iter()
                .map(|&i| SectionSummary::new(site, i))
                .collect(),
            tree_parts: site.articles.iter().map(|_| OnceLock::new()).collect(),
            status: None,
        }
    }

    /// The pages with the site's known issues as they stand on `today`.
    pub(crate) fn with_status(mut self, today: jiff::civil::Date) -> Pages<'a> {
        let status = Status::new(self.site, today, &self.strings, |d| self.html_of(d));
        self.status = Some(status);
        self
    }

    /// `site.status`: `None` without a status page.
    pub(crate) fn site_status(&self) -> Option<SiteStatusView> {
        self.status.as_ref().and_then(Status::site_view)
    }

    /// The notices of the page `job` renders (see [`Status`]).
    fn issues_of(&self, job: &Job) -> Vec<IssueView> {
        let Some(status) = &self.status else {
            return Vec::new();
        };
        match *job {
            Job::Home => status.for_page(true),
            Job::Article(i) => status.for_article(i, None),
            Job::Tree(i, node) => status.for_article(i, Some(node)),
            Job::Redirect(_) | Job::Status(_) => Vec::new(),
            _ => status.for_page(false),
        }
    }

    /// The status page (`feed` false) or its Atom feed: current, upcoming
    /// and past known issues.
    fn status_page(&self, feed: bool) -> Page {
        let config = &self.site.config;
        let view = match &self.status {
            Some(status) => status.page(self.site),
            None => Status::new(self.site, jiff::civil::Date::MIN, &self.strings, |_| {
                String::new()
            })
            .page(self.site),
        };
        Page {
            template: if feed {
                "status-feed.xml"
            } else {
                "status.html"
            },
            page: self.page_view(
                "status",
                self.strings.get("status_title"),
                config.description.clone(),
                STATUS_PATH,
                vec![Crumb::home(config, &self.strings)],
            ),
            content: Content::Status(Box::new(view)),
            describe: None,
        }
    }

    /// The theme's strings in the site's language.
    pub(crate) fn strings(&self) -> &Strings {
        &self.strings
    }

    /// The top-level categories.
    pub(crate) fn top_sections(&self) -> &[SectionSummary] {
        &self.top_sections
    }

    /// The body of `doc` as HTML (empty when it has none), its links
    /// resolved.
    pub(crate) fn html_of(&self, doc: DocId) -> String {
        let rewrites = self
            .site
            .link_urls
            .get(&doc)
            .unwrap_or(markdown::LinkUrls::none());
        self.site
            .doc_body(doc)
            .map(|b| markdown::render(b, rewrites, &self.labels))
            .unwrap_or_default()
    }

    /// The context of the page `job` renders.
    pub(crate) fn page(&self, job: &Job) -> Result<Page, Diagnostic> {
        let mut page = self.page_of(job)?;
        page.page.issues = self.issues_of(job);
        let site = self.site;
        // The article a page is about: an article, or a tree's first step.
        let article = match *job {
            Job::Article(i) => Some(i),
            Job::Tree(i, Some(n)) => site.articles[i]
                .tree
                .as_ref()
                .is_some_and(|t| t.start == n)
                .then_some(i),
            _ => None,
        };
        page.page.json_ld = json_ld(&site.config, &page.page, article.map(|i| &site.articles[i]));
        page.describe = self.describe_of(&page);
        Ok(page)
    }

    /// `describe` for the pages with the "Describe your problem" box: the
    /// contact page and escalate steps.
    fn describe_of(&self, page: &Page) -> Option<DescribeView> {
        let boxed = match &page.content {
            Content::Nothing => page.page.kind == "contact",
            Content::Tree(view) => view.node.as_ref().is_some_and(|n| n.terminal == "escalate"),
            _ => false,
        };
        boxed.then(|| DescribeView::new(&self.site.config))
    }

    /// The context of the page `job` renders, without its JSON-LD.
    fn page_of(&self, job: &Job) -> Result<Page, Diagnostic> {
        Ok(match *job {
            Job::Home => self.home(),
            Job::Section(i) => self.section(i),
            Job::Article(i) => self.article(i),
            Job::Tree(i, node) => self.tree(i, node)?,
            Job::Simple(template, kind, title, url_path) => {
                self.simple(template, kind, title, url_path)
            }
            Job::Redirect(r) => self.redirect(r),
            Job::Status(feed) => self.status_page(feed),
        })
    }

    /// The home page.
    fn home(&self) -> Page {
        let config = &self.site.config;
        let html = self.html_of(DocId::Section(0));
        let mut page = self.page_view(
            "home",
            config.title.clone(),
            config.description.clone(),
            "",
            Vec::new(),
        );
        page.announcement_full = true;
        Page {
            template: "index.html",
            page,
            content: Content::Home(HomeView::new(self.site, html, self.top_sections.clone())),
            describe: None,
        }
    }

    /// The page of section `i`.
    fn section(&self, i: usize) -> Page {
        let s = &self.site.sections[i];
        let html = self.html_of(DocId::Section(i));
        let mut page = self.page_view(
            "section",
            s.title.clone(),
            s.meta.description.clone(),
            &s.url_path,
            Crumb::trail(self.site, i, false, &self.strings),
        );
        page.announcement_full = self.site.announces_section(i);
        page.nav = NavItem::list(self.site, i, None);
        Page {
            template: "section.html",
            page,
            content: Content::Section(SectionView::new(self.site, i, html)),
            describe: None,
        }
    }

    /// The page of article `i`.
    fn article(&self, i: usize) -> Page {
        let a = &self.site.articles[i];
        let mut page = self.page_view(
            "article",
            a.meta.title.clone(),
            description_of(a),
            &a.url_path,
            Crumb::trail(self.site, a.section, true, &self.strings),
        );
        page.outdated_original = self.place.outdated_original(i, &a.url_path);
        page.announcement_full = self.site.announces_article(i);
        page.nav = NavItem::list(self.site, a.section, Some(i));
        let html = self.html_of(DocId::Article(i));
        let related = self.related(i);
        Page {
            template: "article.html",
            page,
            content: Content::Article(ArticleView::new(self.site, i, html, related, &self.strings)),
            describe: None,
        }
    }

    /// The articles shown as related to article `i`: its `related`, else
    /// its neighbours in its category.
    fn related(&self, i: usize) -> Vec<ArticleSummary> {
        let site = self.site;
        let list = match site.related.get(&i) {
            Some(list) => list.clone(),
            None => neighbours(&site.sections[site.articles[i].section].articles, i),
        };
        list.into_iter()
            .map(|r| ArticleSummary::new(site, r))
            .collect()
    }

    /// Step `node` of the tree of article `i`, or its map (`None`).
    fn tree(&self, i: usize, node: Option<usize>) -> Result<Page, Diagnostic> {
        let site = self.site;
        let a = &site.articles[i];
        let Some(tree) = &a.tree else {
            return Err(Diagnostic::error(format!(
                "internal error: {} is not a tree",
                a.file.path.display()
            )));
        };
        let parts = self.tree_parts[i].get_or_init(|| {
            let data = data_json(site, i, tree, &self.strings);
            TreeParts::new(site, i, tree, &self.labels, data)
        });
        let view = TreeView::new(site, i, tree, node, &self.strings, parts);
        let config = &site.config;
        let mut crumbs = Crumb::trail(site, a.section, true, &self.strings);
        let (mut page, template) = match node {
            Some(n) => {
                let title = page_title(a, tree, n, &self.strings);
                let url_path = format!("{}{}", a.url_path, tree.node_path(n));
                let kind = page_kind(tree);
                // Short on a phone: the category, then the tree's title (the
                // question is the page's heading, not repeated here).
                let mut page = self.page_view(kind, title, description_of(a), &url_path, crumbs);
                page.crumb_title = Some(a.meta.title.clone());
                (page, "tree.html")
            }
            None => {
                crumbs.push(Crumb::article(config, a));
                let title = self
                    .strings
                    .fill("all_steps_title", &[("title", &a.meta.title)]);
                let url_path = format!("{}map/", a.url_path);
                let mut page =
                    self.page_view("tree_map", title, description_of(a), &url_path, crumbs);
                page.crumb_title = Some(self.strings.get("all_steps"));
                (page, "tree-map.html")
            }
        };
        page.outdated_original = self.place.outdated_original(i, &a.url_path);
        page.announcement_full = site.announces_article(i);
        Ok(Page {
            template,
            page,
            content: Content::Tree(Box::new(view)),
            describe: None,
        })
    }

    /// A page with only the common context (contact, search, 404).
    fn simple(
        &self,
        template: &'static str,
        kind: &'static str,
        title: &str,
        url_path: &str,
    ) -> Page {
        let config = &self.site.config;
        Page {
            template,
            page: self.page_view(
                kind,
                self.strings.get(title),
                config.description.clone(),
                url_path,
                vec![Crumb::home(config, &self.strings)],
            ),
            content: Content::Nothing,
            describe: None,
        }
    }

    /// Redirect `r`: an article's alias.
    fn redirect(&self, r: usize) -> Page {
        let target = &self.site.articles[self.redirects[r].article];
        Page {
            template: "redirect.html",
            page: self.page_view(
                "redirect",
                target.meta.title.clone(),
                target.meta.description.clone(),
                &target.url_path,
                Vec::new(),
            ),
            content: Content::Redirect(RedirectView::new(&self.site.config, target)),
            describe: None,
        }
    }

    /// `page` for a page of this site at `url_path`.
    fn page_view(
        &self,
        kind: &'static str,
        title: String,
        description: String,
        url_path: &str,
        breadcrumbs: Vec<Crumb>,
    ) -> PageView {
        PageView::new(
            &self.site.config,
            self.place.alternates,
            kind,
            title,
            description,
            url_path,
            breadcrumbs,
        )
    }
}

/// Up to [`RELATED_FALLBACK`] articles that follow `article` in its section's
/// order, wrapping around.
fn neighbours(order: &[usize], article: usize) -> Vec<usize> {
    let Some(position) = order.iter().position(|&a| a == article) else {
        return Vec::new();
    };
    (1..order.len())
        .map(|step| order[(position + step) % order.len()])
        .take(RELATED_FALLBACK)
        .collect()
}

/// The words of the markup added to Markdown (callout titles, table names)
/// from the theme's strings.
fn markdown_labels(t: &Strings) -> markdown::Labels {
    markdown::Labels {
        note: t.get("callout_note"),
        tip: t.get("callout_tip"),
        important: t.get("callout_important"),
        warning: t.get("callout_warning"),
        caution: t.get("callout_caution"),
        table: t.get("table"),
        table_named: t.get("table_named"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_wrap_around() {
        assert_eq!(neighbours(&[1, 2, 3], 3), vec![1, 2]);
        assert_eq!(neighbours(&[1, 2, 3, 4, 5, 6], 2), vec![3, 4, 5, 6]);
        assert!(neighbours(&[7], 7).is_empty());
    }
}
