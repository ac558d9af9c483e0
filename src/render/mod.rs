//! Rendering: turns the validated [`Site`] into every output file, in memory.
//!
//! Builds the view model once, renders pages in parallel with tera (templates
//! compiled once) and returns files keyed by output path, so writing is a
//! separate, atomic step and two builds give identical bytes.

pub mod alternates;
pub mod tree_pages;
pub mod view;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::base::diagnostic::{Diagnostic, Report};
use crate::markdown;
use crate::model::site::{DocId, Site};
use crate::model::urls::{Redirect, STATIC_DIR};
use crate::render::alternates::Alternates;
use crate::render::view::*;
use crate::theme::{Strings, Theme};
use crate::write::{Sink, WriteError};

/// How many same-category neighbours are shown when an article lists no `related`.
pub const RELATED_FALLBACK: usize = 4;

/// Everything a build writes.
#[derive(Debug, Default)]
pub struct Output {
    /// Output path (`account/reset/index.html`) → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Output path → file to copy (content assets, possibly large).
    pub copies: BTreeMap<String, PathBuf>,
    /// Counts for the build summary.
    pub stats: Stats,
    /// Sizes of the search index, when search is on.
    pub search: Option<helpbook_search::writer::Stats>,
}

impl Output {
    /// Adds the files and counts of another language's site.
    pub fn add(&mut self, other: Output) {
        self.files.extend(other.files);
        self.copies.extend(other.copies);
        self.stats.pages += other.stats.pages;
        self.stats.articles += other.stats.articles;
        self.stats.trees += other.stats.trees;
        self.stats.sections += other.stats.sections;
        self.stats.redirects += other.stats.redirects;
        self.stats.assets += other.stats.assets;
        if let (Some(ours), Some(theirs)) = (&mut self.search, other.search) {
            ours.documents += theirs.documents;
            ours.raw_bytes += theirs.raw_bytes;
            ours.card_bytes += theirs.card_bytes;
            ours.page_bytes += theirs.page_bytes;
        }
    }
}

/// Counts for the one-line build summary.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub struct Stats {
    /// HTML pages written (redirects excluded).
    pub pages: usize,
    /// Articles (troubleshooters and wizards included).
    pub articles: usize,
    /// Troubleshooters and wizards.
    pub trees: usize,
    /// Sections (categories), the home page excluded.
    pub sections: usize,
    /// Alias redirect pages.
    pub redirects: usize,
    /// Assets copied from content/.
    pub assets: usize,
}

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

/// The folder of the theme's templates that are rendered once per site
/// (`parts.<name>` in every page's context).
pub const PARTS_DIR: &str = "parts/";

/// The context keys one page sets (the rest, `site` and `t`, every page
/// shares).
const PAGE_KEYS: [&str; 7] = [
    "page", "home", "section", "article", "tree", "redirect", "sitemap",
];

/// Where a site sits among the languages of its help center.
#[derive(Clone, Copy, Debug)]
pub struct Place<'a> {
    /// Output folder of the site (`es/`), empty for the original language.
    pub prefix: &'a str,
    /// Every language's pages.
    pub alternates: &'a Alternates,
    /// Per article: a translation whose original was updated after it.
    pub outdated: &'a [bool],
}

static NO_ALTERNATES: Alternates = Alternates {
    languages: Vec::new(),
};

impl Place<'static> {
    /// A help center in one language.
    pub fn single() -> Place<'static> {
        Place {
            prefix: "",
            alternates: &NO_ALTERNATES,
            outdated: &[],
        }
    }
}

/// Everything the pages of one site share, prepared once: the compiled
/// templates with `static_url`, the `site` context and the theme's parts
/// (markup every page shares, rendered once). Renders any page on
/// its own, so a live preview can re-render only what an edit touched.
pub struct Renderer<'a> {
    site: &'a Site,
    place: Place<'a>,
    theme: &'a Theme,
    redirects: &'a [Redirect],
    tera: tera::Tera,
    top_sections: Vec<SectionSummary>,
    /// The theme's strings in the site's language.
    strings: Strings,
    /// The words of the markup added to Markdown, in the site's language.
    labels: markdown::Labels,
    /// What every page's context starts with: `site`, `t` and `parts`.
    shared_context: tera::Context,
    /// Parts that could not be rendered: (`` `parts.<name>` ``, why).
    part_errors: Vec<(String, Diagnostic)>,
    /// Per article, the data `tree.js` reads, made once for all the
    /// tree's pages.
    tree_data: Vec<std::sync::OnceLock<String>>,
}

impl<'a> Renderer<'a> {
    /// Prepares rendering of `site`.
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        tera: &tera::Tera,
        redirects: &'a [Redirect],
        search: Option<&crate::model::search::Locations>,
        today: Date,
        place: Place<'a>,
    ) -> Result<Self, Diagnostic> {
        let config = &site.config;
        let base = &config.base_path;
        let static_hashes: HashMap<String, String> = theme
            .statics
            .iter()
            .map(|(name, bytes)| (name.clone(), crate::base::hash::short_hash(bytes, 5)))
            .collect();
        let mut tera = tera.clone();
        let static_base = config.root_url(STATIC_DIR);
        // `{{ value | json_script | safe }}` inside a <script> element:
        // JSON with `<` escaped, so no string can close the element.
        tera.register_filter(
            "json_script",
            |value: &tera::Value, _: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
                json_script(value).map(tera::Value::String)
            },
        );
        // `tr(key="…")`: a theme string, for macros (which do not see the
        // page's `t`, and would copy it on every call if it were passed).
        let strings = theme.strings_for(&config.language, &config.labels);
        let strings_for_macros = strings.clone();
        let strings_for_json = strings.clone();
        // `tr_json(keys=[…])`: the theme strings the scripts read, as one
        // JSON object safe inside <script> (a loop over the keys in the
        // template cost more than the rest of a page).
        tera.register_function(
            "tr_json",
            move |args: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
                let keys = args
                    .get("keys")
                    .and_then(|v| v.as_array())
                    .ok_or_else(|| tera::Error::msg("tr_json needs keys=[\"name\", …]"))?;
                strings_json(&strings_for_json, keys).map(tera::Value::String)
            },
        );
        tera.register_function(
            "tr",
            move |args: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
                let key = args
                    .get("key")
                    .and_then(|v| v.as_str())
                    .ok_or_else(|| tera::Error::msg("tr needs key=\"name\""))?;
                Ok(tera::Value::String(strings_for_macros.get(key)))
            },
        );
        tera.register_function(
            "static_url",
            move |args: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
                let path = args
                    .get("path")
                    .and_then(|v| v.as_str())
                    .ok_or_else(|| tera::Error::msg("static_url needs path=\"file\""))?;
                let hash = static_hashes.get(path).ok_or_else(|| {
                    tera::Error::msg(format!("static_url: the theme has no static file `{path}`"))
                })?;
                Ok(tera::Value::String(format!("{static_base}{path}?v={hash}")))
            },
        );
        let mut renderer = Renderer {
            site,
            place,
            theme,
            redirects,
            tera,
            top_sections: Vec::new(),
            labels: markdown_labels(&strings),
            strings,
            shared_context: tera::Context::new(),
            part_errors: Vec::new(),
            tree_data: site
                .articles
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        };
        renderer.top_sections = site.sections[0]
            .subsections
            .iter()
            .map(|&i| renderer.section_summary(i))
            .collect();
        let announcement = site.announcement.as_ref().and_then(|a| {
            let active =
                a.meta.start.is_none_or(|s| s <= today) && a.meta.end.is_none_or(|e| today <= e);
            active.then(|| AnnouncementView {
                severity: a.meta.severity.as_str(),
                title: a.meta.title.clone(),
                html: renderer.html_of(DocId::Announcement),
                start: a.meta.start.map(|d| d.to_string()).unwrap_or_default(),
                end: a.meta.end.map(|d| d.to_string()).unwrap_or_default(),
            })
        });
        let site_view = SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            language: config.language.clone(),
            dir: if config.rtl() { "rtl" } else { "ltr" },
            base_url: base.clone(),
            home_url: base.clone(),
            contact_url: config.url("contact/"),
            search_url: config.url("search/"),
            search: search.map(|l| SearchView {
                worker_url: config.root_url(&l.worker),
                wasm_url: config.root_url(&l.wasm),
                hot_url: config.root_url(&l.hot),
                dir_url: config.root_url(&l.dir),
            }),
            default_theme: config.default_theme.as_str(),
            sections: renderer.top_sections.clone(),
            support_channels: config
                .support_channels
                .iter()
                .map(|c| ChannelView {
                    name: c.name.clone(),
                    url: c.url.clone(),
                    response_time: c.response_time.clone(),
                    description: c.description.clone(),
                })
                .collect(),
            support_intro: config.support_intro.clone(),
            feedback_endpoint: config.feedback_endpoint.clone(),
            announcement,
            generator: format!("helpbook {}", env!("CARGO_PKG_VERSION")),
        };
        let site_value = tera::to_value(&site_view)
            .map_err(|e| Diagnostic::error(format!("internal error preparing templates: {e}")))?;
        renderer.shared_context.insert("site", &site_value);
        renderer.shared_context.insert("t", &renderer.strings);
        let parts = renderer.render_parts();
        renderer.shared_context.insert("parts", &parts);
        Ok(renderer)
    }

    /// The theme's parts (`templates/parts/<name>.html`): markup that is the
    /// same on every page, rendered once with `site` and `t` rather than by
    /// every page (tera's cost is in looking up each variable: each lookup
    /// of `site.title` or `t.x` allocates, and the footer and the search
    /// templates alone were a fifth of rendering with search on). Name → HTML,
    /// one trailing newline dropped (as Jinja does). A part that fails is
    /// left out, and its error is reported by the pages that use it (a
    /// theme's own `base.html` may not use the default parts at all).
    fn render_parts(&mut self) -> BTreeMap<String, String> {
        let mut parts = BTreeMap::new();
        for template in self.theme.templates.keys() {
            let Some(name) = template
                .strip_prefix(PARTS_DIR)
                .and_then(|n| n.strip_suffix(".html"))
                .filter(|n| !n.contains('/'))
            else {
                continue;
            };
            let mut html = match self.tera.render(template, &self.shared_context) {
                Ok(html) => html,
                Err(err) => {
                    let d = self.theme.template_error(&err, None);
                    self.part_errors.push((format!("`parts.{name}`"), d));
                    continue;
                }
            };
            if html.ends_with('\n') {
                html.pop();
                if html.ends_with('\r') {
                    html.pop();
                }
            }
            parts.insert(name.to_string(), html);
        }
        parts
    }

    /// The diagnostic for a template error of a page: the error of the part
    /// it uses when the part could not be rendered.
    fn page_error(&self, err: &tera::Error) -> Diagnostic {
        let chain = crate::theme::error_chain(err);
        self.part_errors
            .iter()
            .find(|(name, _)| chain.contains(name.as_str()))
            .map(|(_, d)| d.clone())
            .unwrap_or_else(|| self.theme.template_error(err, None))
    }

    /// The theme's strings in the site's language.
    pub fn strings(&self) -> &Strings {
        &self.strings
    }

    fn html_of(&self, doc: DocId) -> String {
        let empty = BTreeMap::new();
        let body = self.site.doc_body(doc);
        let rewrites = self.site.link_urls.get(&doc).unwrap_or(&empty);
        body.map(|b| markdown::render(b, rewrites, &self.labels))
            .unwrap_or_default()
    }

    fn section_summary(&self, i: usize) -> SectionSummary {
        let s = &self.site.sections[i];
        SectionSummary {
            title: s.title.clone(),
            description: s.meta.description.clone(),
            url: self.site.config.url(&s.url_path),
            icon: s.meta.icon.clone(),
            article_count: self.site.article_count(i),
        }
    }

    fn article_summary(&self, i: usize) -> ArticleSummary {
        let site = self.site;
        let a = &site.articles[i];
        let s = &site.sections[a.section];
        ArticleSummary {
            title: a.meta.title.clone(),
            description: a.meta.description.clone(),
            url: site.config.url(&a.url_path),
            section_title: s.title.clone(),
            section_url: site.config.url(&s.url_path),
            updated: a.meta.updated.map(|d| d.to_string()).unwrap_or_default(),
            kind: a.meta.kind.as_str(),
        }
    }

    fn crumbs_for_section(&self, section: usize, include_self: bool) -> Vec<Crumb> {
        let site = self.site;
        let chain = site.section_chain(section);
        let take = if include_self {
            chain.len()
        } else {
            chain.len() - 1
        };
        chain[..take]
            .iter()
            .map(|&i| Crumb {
                title: if i == 0 {
                    self.strings.get("home_crumb")
                } else {
                    site.sections[i].title.clone()
                },
                url: site.config.url(&site.sections[i].url_path),
            })
            .collect()
    }

    fn page(
        &self,
        kind: &'static str,
        title: String,
        description: String,
        url_path: &str,
        breadcrumbs: Vec<Crumb>,
    ) -> PageView {
        let config = &self.site.config;
        let url = config.url(url_path);
        let alternates = self
            .place
            .alternates
            .of_page(url_path)
            .into_iter()
            .map(|a| AlternateView {
                current: a.code == config.language,
                absolute_url: config.absolute_url(&a.url),
                code: a.code,
                name: a.name,
                url: a.url,
                translated: a.translated,
            })
            .collect();
        PageView {
            kind,
            title,
            description,
            canonical_url: config.absolute_url(&url),
            url,
            breadcrumbs,
            crumb_title: None,
            alternates,
            outdated_original: None,
        }
    }

    /// The original's URL when article `i` is a translation its original
    /// was updated after.
    fn outdated_original(&self, i: usize) -> Option<String> {
        if !self.place.outdated.get(i).copied().unwrap_or(false) {
            return None;
        }
        let original = self.place.alternates.languages.first()?;
        Some(format!(
            "{}{}",
            original.base_path, self.site.articles[i].url_path
        ))
    }

    /// Every HTML page of the site with its output path, in a stable order.
    pub fn jobs(&self) -> Vec<(String, Job)> {
        let site = self.site;
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
        // One 404 page for the whole site, at its root.
        if self.place.prefix.is_empty() {
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
            jobs.extend(self.article_jobs(i));
        }
        for (i, r) in self.redirects.iter().enumerate() {
            jobs.push((r.output_path.clone(), Job::Redirect(i)));
        }
        jobs
    }

    /// The pages of article `i`: one, or one per step and a map for a tree.
    pub fn article_jobs(&self, i: usize) -> Vec<(String, Job)> {
        let article = &self.site.articles[i];
        match &article.tree {
            Some(tree) => tree_pages::pages(article, tree)
                .into_iter()
                .map(|(path, node)| (path, Job::Tree(i, node)))
                .collect(),
            None => vec![(format!("{}index.html", article.url_path), Job::Article(i))],
        }
    }

    /// Renders one page.
    pub fn render(&self, job: &Job) -> Result<Vec<u8>, Diagnostic> {
        self.render_in(&mut self.context(), job)
    }

    /// A context holding what every page shares (`site`, `t`), for
    /// [`Renderer::render_in`].
    pub fn context(&self) -> tera::Context {
        self.shared_context.clone()
    }

    /// Renders one page in `ctx` (from [`Renderer::context`]), leaving it as
    /// it was: one context serves many pages, so the shared values are not
    /// copied for each.
    pub fn render_in(&self, ctx: &mut tera::Context, job: &Job) -> Result<Vec<u8>, Diagnostic> {
        let result = self.render_page(ctx, job);
        for key in PAGE_KEYS {
            ctx.remove(key);
        }
        result
    }

    fn render_page(&self, ctx: &mut tera::Context, job: &Job) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let config = &site.config;
        let template = match job {
            Job::Home => {
                let promoted = site
                    .sections
                    .iter()
                    .flat_map(|s| s.articles.iter().copied())
                    .filter(|&i| site.articles[i].meta.promoted)
                    .map(|i| self.article_summary(i))
                    .collect();
                ctx.insert(
                    "page",
                    &self.page(
                        "home",
                        config.title.clone(),
                        config.description.clone(),
                        "",
                        Vec::new(),
                    ),
                );
                ctx.insert(
                    "home",
                    &HomeView {
                        html: self.html_of(DocId::Section(0)),
                        sections: self.top_sections.clone(),
                        promoted,
                    },
                );
                "index.html"
            }
            Job::Section(i) => {
                let s = &site.sections[*i];
                ctx.insert(
                    "page",
                    &self.page(
                        "section",
                        s.title.clone(),
                        s.meta.description.clone(),
                        &s.url_path,
                        self.crumbs_for_section(*i, false),
                    ),
                );
                ctx.insert(
                    "section",
                    &SectionView {
                        title: s.title.clone(),
                        description: s.meta.description.clone(),
                        url: config.url(&s.url_path),
                        icon: s.meta.icon.clone(),
                        html: self.html_of(DocId::Section(*i)),
                        articles: s
                            .articles
                            .iter()
                            .map(|&a| self.article_summary(a))
                            .collect(),
                        subsections: s
                            .subsections
                            .iter()
                            .map(|&c| self.section_summary(c))
                            .collect(),
                    },
                );
                "section.html"
            }
            Job::Article(i) => {
                let a = &site.articles[*i];
                let s = &site.sections[a.section];
                let related: Vec<usize> = match site.related.get(i) {
                    Some(list) => list.clone(),
                    None => neighbours(&s.articles, *i),
                };
                let description = if a.meta.description.is_empty() {
                    excerpt(&a.body.plain_text, 160)
                } else {
                    a.meta.description.clone()
                };
                let mut page = self.page(
                    "article",
                    a.meta.title.clone(),
                    description,
                    &a.url_path,
                    self.crumbs_for_section(a.section, true),
                );
                page.outdated_original = self.outdated_original(*i);
                ctx.insert("page", &page);
                ctx.insert(
                    "article",
                    &ArticleView {
                        id: a.key.clone(),
                        title: a.meta.title.clone(),
                        description: a.meta.description.clone(),
                        url: config.url(&a.url_path),
                        html: self.html_of(DocId::Article(*i)),
                        updated: a.meta.updated.map(|d| d.to_string()).unwrap_or_default(),
                        updated_display: a
                            .meta
                            .updated
                            .map(|d| display_date(d, &self.strings))
                            .unwrap_or_default(),
                        keywords: a.meta.keywords.clone(),
                        section: Crumb {
                            title: if a.section == 0 {
                                self.strings.get("home_crumb")
                            } else {
                                s.title.clone()
                            },
                            url: config.url(&s.url_path),
                        },
                        toc: a
                            .body
                            .headings
                            .iter()
                            .filter(|h| h.level == 2 || h.level == 3)
                            .map(|h| TocEntry {
                                level: h.level,
                                id: h.id.clone(),
                                title: h.text.clone(),
                            })
                            .collect(),
                        related: related
                            .into_iter()
                            .map(|r| self.article_summary(r))
                            .collect(),
                    },
                );
                "article.html"
            }
            Job::Tree(i, node) => {
                let a = &site.articles[*i];
                let Some(tree) = &a.tree else {
                    return Err(Diagnostic::error(format!(
                        "internal error: {} is not a tree",
                        a.file.path.display()
                    )));
                };
                let mut crumbs = self.crumbs_for_section(a.section, true);
                let data = self.tree_data[*i]
                    .get_or_init(|| tree_pages::data_json(site, *i, tree, &self.strings))
                    .clone();
                let view =
                    tree_pages::tree_view(site, *i, tree, *node, &self.strings, &self.labels, data);
                let description = if a.meta.description.is_empty() {
                    excerpt(&a.body.plain_text, 160)
                } else {
                    a.meta.description.clone()
                };
                let page_view = match node {
                    Some(n) => {
                        let (title, crumb) = tree_pages::page_title(a, tree, *n, &self.strings);
                        let url_path = format!("{}{}", a.url_path, tree.node_path(*n));
                        if *n != tree.start {
                            crumbs.push(Crumb {
                                title: a.meta.title.clone(),
                                url: config.url(&a.url_path),
                            });
                        }
                        let mut p = self.page(kind_of(tree), title, description, &url_path, crumbs);
                        p.crumb_title = Some(if *n == tree.start {
                            a.meta.title.clone()
                        } else {
                            crumb
                        });
                        p
                    }
                    None => {
                        crumbs.push(Crumb {
                            title: a.meta.title.clone(),
                            url: config.url(&a.url_path),
                        });
                        let mut p = self.page(
                            "tree_map",
                            self.strings
                                .fill("all_steps_title", &[("title", &a.meta.title)]),
                            description,
                            &format!("{}map/", a.url_path),
                            crumbs,
                        );
                        p.crumb_title = Some(self.strings.get("all_steps"));
                        p
                    }
                };
                let mut page_view = page_view;
                page_view.outdated_original = self.outdated_original(*i);
                ctx.insert("page", &page_view);
                ctx.insert("tree", &view);
                if node.is_some() {
                    "tree.html"
                } else {
                    "tree-map.html"
                }
            }
            Job::Simple(template, kind, title, url_path) => {
                ctx.insert(
                    "page",
                    &self.page(
                        kind,
                        self.strings.get(title),
                        config.description.clone(),
                        url_path,
                        vec![Crumb {
                            title: self.strings.get("home_crumb"),
                            url: config.base_path.clone(),
                        }],
                    ),
                );
                template
            }
            Job::Redirect(r) => {
                let redirect = &self.redirects[*r];
                let target = &site.articles[redirect.article];
                let to = config.url(&target.url_path);
                ctx.insert(
                    "page",
                    &self.page(
                        "redirect",
                        target.meta.title.clone(),
                        target.meta.description.clone(),
                        &target.url_path,
                        Vec::new(),
                    ),
                );
                ctx.insert(
                    "redirect",
                    &serde_json::json!({ "canonical_url": config.absolute_url(&to), "to": to }),
                );
                "redirect.html"
            }
        };
        self.tera
            .render(template, ctx)
            .map(String::into_bytes)
            .map_err(|err| self.page_error(&err))
    }

    /// `sitemap.xml` and `robots.txt`.
    pub fn extras(&self) -> Vec<(String, Result<Vec<u8>, Diagnostic>)> {
        let site = self.site;
        let config = &site.config;
        let entry = |url_path: &str, updated: Option<Date>| {
            serde_json::json!({
                "loc": config.absolute_url(&config.url(url_path)),
                "lastmod": updated.map(|d| d.to_string()).unwrap_or_default(),
            })
        };
        let mut urls = vec![entry("", None), entry("contact/", None)];
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
        for language in self.place.alternates.languages.iter().skip(1) {
            for path in language.paths() {
                urls.push(serde_json::json!({
                    "loc": config.absolute_url(&format!("{}{path}", language.base_path)),
                    "lastmod": "",
                }));
            }
        }
        let sitemap_url = config.absolute_url(&config.url("sitemap.xml"));
        // Built as one value and moved in (`insert` would copy every URL);
        // `from_value` only fails for what is not an object.
        let mut ctx = tera::Context::from_value(serde_json::json!({
            "sitemap": { "urls": urls },
            "sitemap_url": sitemap_url,
        }))
        .unwrap_or_default();
        ctx.extend(self.shared_context.clone());
        [("sitemap.xml", "sitemap.xml"), ("robots.txt", "robots.txt")]
            .into_iter()
            .map(|(template, path)| {
                let result = self
                    .tera
                    .render(template, &ctx)
                    .map(String::into_bytes)
                    .map_err(|err| self.page_error(&err));
                (path.to_string(), result)
            })
            .collect()
    }
}

/// A rendered file after the sink took it: the bytes when kept in memory,
/// or why the page could not be rendered.
type Kept = Result<Option<Vec<u8>>, Diagnostic>;

/// Renders every page of `site` into `sink`. Template errors go to
/// `report`; the first file that cannot be written is returned as `Err`.
#[allow(clippy::too_many_arguments)]
pub fn render_site(
    site: &Site,
    theme: &Theme,
    tera: &tera::Tera,
    redirects: &[Redirect],
    search: Option<&crate::model::search::Locations>,
    today: Date,
    place: Place<'_>,
    sink: Sink<'_>,
    report: &mut Report,
) -> Result<Output, WriteError> {
    let renderer = match Renderer::new(site, theme, tera, redirects, search, today, place) {
        Ok(r) => r,
        Err(d) => {
            report.push(d);
            return Ok(Output::default());
        }
    };
    let jobs = renderer.jobs();
    // Every job but the redirects is a page of the summary's count.
    let page_count = jobs.len() - redirects.len();
    // Each page leaves memory as soon as it is rendered (unless the sink
    // keeps pages in memory); only failures are collected.
    let rendered: Vec<(String, Kept)> = jobs
        .par_iter()
        .map_init(
            || renderer.context(),
            |ctx, (path, job)| {
                let path = format!("{}{path}", place.prefix);
                let result = match renderer.render_in(ctx, job) {
                    Ok(bytes) => sink.put(&path, bytes).map(Ok)?,
                    Err(d) => Err(d),
                };
                Ok((path, result))
            },
        )
        .filter(|r: &Result<_, WriteError>| !matches!(r, Ok((_, Ok(None)))))
        .collect::<Result<_, WriteError>>()?;
    // A broken template fails every page the same way: report it once.
    let mut errors: BTreeMap<String, Diagnostic> = BTreeMap::new();
    let mut output = Output::default();
    let mut extras = Vec::new();
    // The sitemap, robots.txt, the theme's files and content assets are the
    // whole site's, written once at its root.
    let root = place.prefix.is_empty();
    for (path, result) in renderer.extras().into_iter().filter(|_| root) {
        let result = match result {
            Ok(bytes) => Ok(sink.put(&path, bytes)?),
            Err(d) => Err(d),
        };
        extras.push((path, result));
    }
    for (path, result) in rendered.into_iter().chain(extras) {
        match result {
            Ok(Some(bytes)) => {
                output.files.insert(path, bytes);
            }
            Ok(None) => {}
            Err(d) => {
                errors.entry(d.message.clone()).or_insert(d);
            }
        }
    }
    for (name, bytes) in theme.statics.iter().filter(|_| root) {
        let path = format!("{STATIC_DIR}{name}");
        if let Some(bytes) = sink.put(&path, bytes.clone())? {
            output.files.insert(path, bytes);
        }
    }
    for asset in site.assets.iter().filter(|_| root) {
        if sink.copy(&asset.key, &asset.source)? {
            output
                .copies
                .insert(asset.key.clone(), asset.source.clone());
        }
    }
    report.extend(errors.into_values());
    output.stats = Stats {
        pages: page_count,
        articles: site.articles.len(),
        trees: site.articles.iter().filter(|a| a.tree.is_some()).count(),
        sections: site.sections.len() - 1,
        redirects: redirects.len(),
        assets: site.assets.len(),
    };
    Ok(output)
}

/// `value` as JSON safe inside a `<script>` element (`<` escaped, so no
/// string can close the element).
fn json_script(value: &tera::Value) -> tera::Result<String> {
    let json =
        serde_json::to_string(value).map_err(|e| tera::Error::msg(format!("json_script: {e}")))?;
    Ok(json.replace('<', "\\u003c"))
}

/// `{"key":"string",…}` for `keys` in their order, each as [`json_script`]
/// writes it: what `tr_json(keys=…)` returns.
fn strings_json(strings: &Strings, keys: &[tera::Value]) -> tera::Result<String> {
    let mut out = String::from("{");
    for (i, key) in keys.iter().enumerate() {
        let name = key
            .as_str()
            .ok_or_else(|| tera::Error::msg(format!("tr_json: keys must be text, found {key}")))?;
        let text = strings.0.get(name).ok_or_else(|| {
            tera::Error::msg(format!("tr_json: the theme has no string `{name}`"))
        })?;
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json_script(key)?);
        out.push(':');
        out.push_str(&json_script(&tera::Value::String(text.clone()))?);
    }
    out.push('}');
    Ok(out)
}

/// The page kind of a tree's steps (`page.kind`, and the body class).
fn kind_of(tree: &crate::model::tree::Tree) -> &'static str {
    match tree.kind {
        crate::model::meta::ArticleKind::Wizard => "wizard",
        _ => "troubleshooter",
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

/// "October 14, 2026".
/// `October 4, 2026` (in the strings' language: `date_format` and the
/// month names).
fn display_date(date: Date, strings: &Strings) -> String {
    let month = strings.get(&format!("month_{}", date.month()));
    strings.fill(
        "date_format",
        &[
            ("month", &month),
            ("day", &date.day().to_string()),
            ("year", &date.year().to_string()),
        ],
    )
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

/// The first `max` characters of `text` on word boundaries, with an ellipsis.
pub fn excerpt(text: &str, max: usize) -> String {
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
    fn neighbours_wrap_around() {
        assert_eq!(neighbours(&[1, 2, 3], 3), vec![1, 2]);
        assert_eq!(neighbours(&[1, 2, 3, 4, 5, 6], 2), vec![3, 4, 5, 6]);
        assert!(neighbours(&[7], 7).is_empty());
    }

    #[test]
    fn dates_display_in_words() {
        assert_eq!(
            display_date(jiff::civil::date(2026, 10, 4), &Strings::english()),
            "October 4, 2026"
        );
    }

    /// A help center with one article and the theme parts `parts` (file
    /// name, text) over the default theme's.
    fn built_with_parts(parts: &[(&str, &str)]) -> (Report, Option<Output>) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let write = |path: &str, text: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "book.toml",
            "[book]\ntitle = \"T&T\"\n[output.html]\ntheme = \"x\"\n",
        );
        write("content/a.md", "+++\ntitle = \"A\"\n+++\nText.\n");
        for (name, text) in parts {
            write(&format!("themes/x/templates/parts/{name}"), text);
        }
        let options = crate::pipeline::BuildOptions {
            drafts: false,
            today: jiff::civil::date(2026, 1, 1),
            live: false,
        };
        let mut report = Report::default();
        let built = crate::pipeline::run(root, options, &mut report).unwrap();
        (report, built.output)
    }

    #[test]
    fn parts_are_rendered_once_for_every_page_and_overridable() {
        let (report, output) = built_with_parts(&[
            ("footer.html", "<footer>{{ site.title }}</footer>\n"),
            // Not used by any page: its error is not the pages'.
            ("unused.html", "{{ page.title }}"),
        ]);
        assert!(!report.has_errors(), "{report:?}");
        let output = output.unwrap();
        for page in ["index.html", "a/index.html", "contact/index.html"] {
            let html = String::from_utf8(output.files[page].clone()).unwrap();
            // Escaped like any page text; the file's last line break dropped.
            assert!(
                html.contains("  <footer>T&amp;T</footer>\n  <script"),
                "{page}: {html}"
            );
        }
        // A part that fails is reported by the pages that use it, with its
        // own error.
        let (report, _) = built_with_parts(&[("footer.html", "{{ page.title }}")]);
        assert!(report.has_errors(), "a part has no page");
        let text = format!("{report:?}");
        assert!(text.contains("parts/footer.html"), "{text}");
        assert!(text.contains("page.title"), "{text}");
    }

    #[test]
    fn excerpts_cut_on_words() {
        assert_eq!(excerpt("one two three", 9), "one two…");
        assert_eq!(excerpt("short", 9), "short");
    }
}
