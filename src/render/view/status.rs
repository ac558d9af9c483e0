//! Known issues as templates see them: `page.issues` (the notices a page
//! shows), `status` (the status page and its Atom feed) and
//! `site.status` (the status page's URLs, the search results' badges and
//! `[status] live`), all built once per site by [`Status::new`].

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::model::site::Issue;
use crate::model::site::{DocId, Site};
use crate::model::status::Affected;
use crate::render::view::date::{display_date, iso_date};
use crate::theme::Strings;

/// The URL path of the status page below a site's base path.
pub(crate) const STATUS_PATH: &str = "status/";

/// The URL path of the status page's Atom feed below a site's base path.
pub(crate) const FEED_PATH: &str = "status/feed.xml";

/// A page an issue affects, on the status page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct AffectedView {
    /// The article's title, or the tree's with the step's question.
    pub title: String,
    /// Its URL.
    pub url: String,
}

/// One known issue.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct IssueView {
    /// The file's name (`login-codes-delayed`): the id of its notices, its
    /// place on the status page (`#issue-<id>`), in the feed and in
    /// `status.json`.
    pub id: String,
    /// `info`, `warning` or `outage`.
    pub severity: &'static str,
    /// Headline.
    pub title: String,
    /// Rendered body.
    pub html: String,
    /// `YYYY-MM-DD`.
    pub start: String,
    /// `YYYY-MM-DD` or empty.
    pub end: String,
    /// `start` in words, in the page's language.
    pub start_text: String,
    /// `end` in words, or empty.
    pub end_text: String,
    /// Whether it is current on the build's day (started, not ended).
    pub current: bool,
    /// Its entry on the status page.
    pub url: String,
    /// The last day it changed (its end once over, else its start), as an
    /// RFC 3339 time for the feed.
    pub updated: String,
    /// The pages of this language it affects (empty for an issue of the
    /// whole help center, or when none of its pages is translated).
    pub affects: Vec<AffectedView>,
    /// Whether it concerns the whole help center (no `affects`).
    pub site_wide: bool,
    /// On a page: whether the notice is a one-line summary that opens to
    /// the text (tree steps, pages a site-wide issue does not name) rather
    /// than shown in full.
    pub compact: bool,
}

/// `status`: the status page and its feed.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct StatusView {
    /// Issues current on the build's day, newest first.
    pub current: Vec<IssueView>,
    /// Issues that start later, soonest first.
    pub upcoming: Vec<IssueView>,
    /// Issues that are over, the most recently ended first.
    pub past: Vec<IssueView>,
    /// Every issue, the most recently updated first (the feed's entries).
    pub entries: Vec<IssueView>,
    /// The feed's `updated`: its newest entry's, or the build's day.
    pub updated: String,
    /// The feed's own absolute URL (or path), its `id`.
    pub feed_id: String,
    /// The status page's absolute URL (or path).
    pub page_url: String,
    /// The feed's absolute URL (or path).
    pub feed_url: String,
    /// What the feed's entry ids start with, before the issue's id: the
    /// status page's absolute URL and `#issue-`, or, when `site-url` is a
    /// path, `urn:helpbook:status:` (an id must be an absolute IRI).
    pub entry_id_prefix: String,
}

/// `site.status` (`None` when the site has no status page).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SiteStatusView {
    /// The status page.
    pub url: String,
    /// Its Atom feed.
    pub feed_url: String,
    /// `[status] live`, as pages fetch it, or empty.
    pub live_url: String,
    /// JSON for the search results' badges: a page's URL path (with the
    /// base path, as a search result's link has it) → `{"id", "title",
    /// "severity"}` of a current issue on that page; safe inside `<script>`.
    pub badges_json: String,
}

/// One badge of `badges_json`.
#[derive(Serialize)]
struct Badge<'a> {
    id: &'a str,
    title: &'a str,
    severity: &'static str,
}

/// Current issues per article: (issue, the tree's steps it names, or `None`
/// for the whole article or tree).
type ByArticle = BTreeMap<usize, Vec<(usize, Option<Vec<usize>>)>>;

/// The known issues of one site, viewed once.
pub(crate) struct Status {
    /// Every issue's view, as `site.issues`.
    views: Vec<IssueView>,
    /// Current issues per article: (issue, the tree's steps it names, or
    /// `None` for the whole article or tree).
    by_article: ByArticle,
    /// Current issues of the whole help center.
    site_wide: Vec<usize>,
    /// The build's day.
    today: Date,
    /// `site.status`.
    site_view: Option<SiteStatusView>,
}

impl Status {
    /// The issues of `site` on `today`, their bodies rendered by `html`.
    pub(crate) fn new(
        site: &Site,
        today: Date,
        strings: &Strings,
        html: impl Fn(DocId) -> String,
    ) -> Status {
        let config = &site.config;
        let views: Vec<IssueView> = site
            .issues
            .iter()
            .enumerate()
            .map(|(i, issue)| view(site, i, issue, today, strings, html(DocId::Issue(i))))
            .collect();
        let mut by_article = ByArticle::new();
        let mut site_wide = Vec::new();
        for (i, issue) in site.issues.iter().enumerate() {
            if !issue.is_current(today) {
                continue;
            }
            let affected = site.affected.get(i).map(Vec::as_slice).unwrap_or(&[]);
            if issue.meta.affects.is_empty() {
                site_wide.push(i);
            }
            for page in affected {
                let (article, step) = match *page {
                    Affected::Article(a) => (a, None),
                    Affected::Step(a, n) => (a, Some(n)),
                };
                let list = by_article.entry(article).or_default();
                match list.iter_mut().find(|(j, _)| *j == i) {
                    Some((_, steps)) => match (steps, step) {
                        (Some(steps), Some(n)) => steps.push(n),
                        (steps, None) => *steps = None,
                        (None, Some(_)) => {}
                    },
                    None => list.push((i, step.map(|n| vec![n]))),
                }
            }
        }
        let site_view = site.has_status_page().then(|| SiteStatusView {
            url: config.url(STATUS_PATH),
            feed_url: config.url(FEED_PATH),
            live_url: live_url(&site.config.status_live, &site.config.root_path),
            badges_json: badges_json(site, &views, &by_article),
        });
        Status {
            views,
            by_article,
            site_wide,
            today,
            site_view,
        }
    }

    /// `site.status`.
    pub(crate) fn site_view(&self) -> Option<SiteStatusView> {
        self.site_view.clone()
    }

    /// The notices of a page that is not about an article: the site-wide
    /// issues, in full on the home page (`full`), else one line each.
    pub(crate) fn for_page(&self, full: bool) -> Vec<IssueView> {
        self.pick(self.site_wide.iter().map(|&i| (i, !full)))
    }

    /// The notices of article `i`'s page, or of its tree's step `step`
    /// (`Some(None)` for the tree's map): its own issues (in full on an
    /// article, one line on a tree's pages), then the site-wide ones.
    pub(crate) fn for_article(&self, i: usize, step: Option<Option<usize>>) -> Vec<IssueView> {
        let own = self.by_article.get(&i).into_iter().flatten();
        let own = own.filter_map(|(issue, steps)| match (steps, step) {
            (None, _) => Some((*issue, step.is_some())),
            (Some(steps), Some(Some(n))) if steps.contains(&n) => Some((*issue, true)),
            _ => None,
        });
        let own: Vec<(usize, bool)> = own.collect();
        let wide = self
            .site_wide
            .iter()
            .filter(|i| !own.iter().any(|(j, _)| j == *i))
            .map(|&i| (i, true));
        self.pick(own.iter().copied().chain(wide))
    }

    /// The views of `issues`, each with its form.
    fn pick(&self, issues: impl Iterator<Item = (usize, bool)>) -> Vec<IssueView> {
        issues
            .map(|(i, compact)| IssueView {
                compact,
                ..self.views[i].clone()
            })
            .collect()
    }

    /// `status`, for the status page and its feed.
    pub(crate) fn page(&self, site: &Site) -> StatusView {
        let mut current: Vec<IssueView> = Vec::new();
        let mut upcoming = Vec::new();
        let mut past = Vec::new();
        for (view, issue) in self.views.iter().zip(&site.issues) {
            if issue.is_past(self.today) {
                past.push(view.clone());
            } else if issue.is_current(self.today) {
                current.push(view.clone());
            } else {
                upcoming.push(view.clone());
            }
        }
        current.sort_by(|a, b| b.start.cmp(&a.start).then(a.id.cmp(&b.id)));
        upcoming.sort_by(|a, b| a.start.cmp(&b.start).then(a.id.cmp(&b.id)));
        past.sort_by(|a, b| b.end.cmp(&a.end).then(a.id.cmp(&b.id)));
        let mut entries = self.views.clone();
        entries.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.id.cmp(&b.id)));
        let config = &site.config;
        StatusView {
            updated: entries
                .first()
                .map(|e| e.updated.clone())
                .unwrap_or_else(|| rfc3339(self.today)),
            current,
            upcoming,
            past,
            entries,
            feed_id: absolute_or_urn(&config.absolute_url(&config.url(FEED_PATH)), "feed"),
            entry_id_prefix: absolute_or_urn(
                &format!("{}#issue-", config.absolute_url(&config.url(STATUS_PATH))),
                "",
            ),
            page_url: config.absolute_url(&config.url(STATUS_PATH)),
            feed_url: config.absolute_url(&config.url(FEED_PATH)),
        }
    }
}

/// The view of issue `i`.
fn view(
    site: &Site,
    i: usize,
    issue: &Issue,
    today: Date,
    strings: &Strings,
    html: String,
) -> IssueView {
    let config = &site.config;
    let meta = &issue.meta;
    let affects = site
        .affected
        .get(i)
        .into_iter()
        .flatten()
        .map(|page| affected_view(site, *page))
        .collect();
    let changed = match meta.end {
        Some(end) if end < today => end,
        _ => meta.start,
    };
    IssueView {
        id: issue.name.clone(),
        severity: meta.severity.as_str(),
        title: meta.title.clone(),
        html,
        start: iso_date(Some(meta.start)),
        end: iso_date(meta.end),
        start_text: display_date(meta.start, strings),
        end_text: meta
            .end
            .map(|e| display_date(e, strings))
            .unwrap_or_default(),
        current: issue.is_current(today),
        url: format!("{}#issue-{}", config.url(STATUS_PATH), issue.name),
        updated: rfc3339(changed),
        affects,
        site_wide: meta.affects.is_empty(),
        compact: false,
    }
}

/// An affected page's title and URL.
fn affected_view(site: &Site, page: Affected) -> AffectedView {
    let config = &site.config;
    match page {
        Affected::Article(a) => AffectedView {
            title: site.articles[a].meta.title.clone(),
            url: config.url(&site.articles[a].url_path),
        },
        Affected::Step(a, n) => {
            let article = &site.articles[a];
            let (question, path) = match &article.tree {
                Some(tree) => (tree.nodes[n].question.clone(), tree.node_path(n)),
                None => (String::new(), String::new()),
            };
            AffectedView {
                title: format!("{} › {question}", article.meta.title),
                url: config.url(&format!("{}{path}", article.url_path)),
            }
        }
    }
}

/// `url` when absolute, else `urn:helpbook:status:<what>` (Atom ids are
/// absolute IRIs; one that never changes is what feed readers need).
fn absolute_or_urn(url: &str, what: &str) -> String {
    if url.contains("://") {
        url.to_string()
    } else {
        format!("urn:helpbook:status:{what}")
    }
}

/// `2026-11-01T00:00:00Z`.
fn rfc3339(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// `[status] live` as pages fetch it: a relative path from the help
/// center's root (`root_path`), anything else as written.
fn live_url(live: &str, root_path: &str) -> String {
    if live.is_empty() || live.starts_with('/') || live.contains("://") {
        live.to_string()
    } else {
        format!("{root_path}{live}")
    }
}

/// The search results' badges: the URL of every page a current issue
/// affects (a tree's every step when the tree is named) → the issue.
fn badges_json(site: &Site, views: &[IssueView], by_article: &ByArticle) -> String {
    let config = &site.config;
    let mut badges: BTreeMap<String, Badge<'_>> = BTreeMap::new();
    for (&a, issues) in by_article {
        let article = &site.articles[a];
        for (i, steps) in issues {
            let v = &views[*i];
            let badge = || Badge {
                id: &v.id,
                title: &v.title,
                severity: v.severity,
            };
            match (&article.tree, steps) {
                (Some(tree), None) => {
                    for n in 0..tree.nodes.len() {
                        let url = format!("{}{}", article.url_path, tree.node_path(n));
                        badges.entry(config.url(&url)).or_insert_with(badge);
                    }
                }
                (Some(tree), Some(steps)) => {
                    for &n in steps {
                        let url = format!("{}{}", article.url_path, tree.node_path(n));
                        badges.entry(config.url(&url)).or_insert_with(badge);
                    }
                }
                (None, _) => {
                    badges
                        .entry(config.url(&article.url_path))
                        .or_insert_with(badge);
                }
            }
        }
    }
    script_json(&serde_json::to_string(&badges).unwrap_or_else(|_| "{}".into()))
}

/// JSON made safe inside `<script>`: `<`, `>` and `&` escaped.
pub(crate) fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// `status.json` as the build writes it when `[status] live` names a file
/// of the site that `content/` does not hold: the site's issues in the
/// format of `schemas/status-v1.json`, so that pages fetch it without a
/// failed request and a team has a file to start from.
pub(crate) fn status_json(site: &Site) -> String {
    #[derive(Serialize)]
    struct File<'a> {
        version: u32,
        issues: Vec<Entry<'a>>,
    }
    #[derive(Serialize)]
    struct Entry<'a> {
        id: &'a str,
        title: &'a str,
        severity: &'static str,
        start: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        end: Option<String>,
        affects: Vec<String>,
        body: String,
    }
    let issues = site
        .issues
        .iter()
        .enumerate()
        .map(|(i, issue)| Entry {
            id: &issue.name,
            title: &issue.meta.title,
            severity: issue.meta.severity.as_str(),
            start: issue.meta.start.to_string(),
            end: issue.meta.end.map(|e| e.to_string()),
            affects: site
                .affected
                .get(i)
                .into_iter()
                .flatten()
                .map(|page| affected_view(site, *page).url)
                .collect(),
            body: issue.body.plain_text().trim().to_string(),
        })
        .collect();
    let mut json = serde_json::to_string_pretty(&File { version: 1, issues })
        .unwrap_or_else(|_| "{\"version\":1,\"issues\":[]}".into());
    json.push('\n');
    json
}
