//! The [`Renderer`] of one site: the compiled templates with helpbook's
//! functions, the context every page shares (`site`, `t` and the theme's
//! parts, rendered once) and [`Pages`], prepared once; it renders any one
//! page on its own, so a live preview can re-render only what an edit
//! touched.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::base::diagnostic::Diagnostic;
use crate::model::search::Locations;
use crate::model::site::{DocId, Site};
use crate::model::urls::{Redirect, ROOT_FILES};
use crate::render::functions;
use crate::render::jobs::{self, Job};
use crate::render::pages::{Page, Pages};
use crate::render::place::Place;
use crate::render::view::sitemap::{sitemap_url, SitemapView};
use crate::render::view::{AnnouncementView, SiteView};
use crate::theme::{Strings, Theme};

/// The folder of the theme's templates that are rendered once per site
/// (`parts.<name>` in every page's context).
pub const PARTS_DIR: &str = "parts/";

/// Everything the pages of one site share, prepared once: the compiled
/// templates with `static_url`, the `site` context and the theme's parts
/// (markup every page shares, rendered once). Renders any page on
/// its own, so a live preview can re-render only what an edit touched.
pub struct Renderer<'a> {
    /// The site.
    site: &'a Site,
    /// Where it sits among the help center's languages.
    place: Place<'a>,
    /// The theme (its parts, statics and template errors).
    theme: &'a Theme,
    /// The site's alias redirects.
    redirects: &'a [Redirect],
    /// The compiled templates with helpbook's functions.
    tera: tera::Tera,
    /// Each page's context.
    pages: Pages<'a>,
    /// What every page's context starts with: `site`, `t` and `parts`.
    shared_context: tera::Context,
    /// Parts that could not be rendered: (`` `parts.<name>` ``, why).
    part_errors: Vec<(String, Diagnostic)>,
}

impl<'a> Renderer<'a> {
    /// Prepares rendering of `site`: `tera` holds the theme's compiled
    /// templates, `search` where the search files are (`None` when search
    /// is off), `today` decides whether the announcement shows.
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        tera: &tera::Tera,
        redirects: &'a [Redirect],
        search: Option<&Locations>,
        today: Date,
        place: Place<'a>,
    ) -> Result<Self, Diagnostic> {
        let config = &site.config;
        let strings = theme.strings_for(&config.language, &config.labels);
        let mut tera = tera.clone();
        functions::register(&mut tera, theme, config, &strings);
        let pages = Pages::new(site, place, redirects, strings).with_status(today);
        let announcement = site.announcement.as_ref().and_then(|a| {
            AnnouncementView::active(a, today, || pages.html_of(DocId::Announcement))
        });
        let site_view = SiteView::new(
            config,
            pages.strings(),
            pages.top_sections().to_vec(),
            search,
            announcement,
        )
        .with_brand(config, theme)
        .with_status(pages.site_status());
        let mut renderer = Renderer {
            site,
            place,
            theme,
            redirects,
            tera,
            pages,
            shared_context: tera::Context::new(),
            part_errors: Vec::new(),
        };
        renderer.share(&site_view)?;
        Ok(renderer)
    }

    /// Fills the context every page starts with: `site`, `t`, then the
    /// theme's parts rendered with those two.
    fn share(&mut self, site_view: &SiteView) -> Result<(), Diagnostic> {
        let site_value = tera::to_value(site_view)
            .map_err(|e| Diagnostic::error(format!("internal error preparing templates: {e}")))?;
        self.shared_context.insert("site", &site_value);
        self.shared_context.insert("t", self.pages.strings());
        let parts = self.render_parts();
        self.shared_context.insert("parts", &parts);
        Ok(())
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

    /// Renders `template` in `ctx`.
    fn render_template(&self, template: &str, ctx: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        self.tera
            .render(template, ctx)
            .map(String::into_bytes)
            .map_err(|err| self.page_error(&err))
    }

    /// The theme's strings in the site's language.
    pub fn strings(&self) -> &Strings {
        self.pages.strings()
    }

    /// Every HTML page of the site with its output path, in a stable order.
    pub fn jobs(&self) -> Vec<(String, Job)> {
        jobs::all(self.site, self.place.is_root(), self.redirects)
    }

    /// The pages of article `i`: one, or one per step and a map for a tree.
    pub fn article_jobs(&self, i: usize) -> Vec<(String, Job)> {
        jobs::of_article(self.site, i)
    }

    /// Renders one page.
    pub fn render(&self, job: &Job) -> Result<Vec<u8>, Diagnostic> {
        self.render_in(&mut self.context(), job)
    }

    /// A context holding what every page shares (`site`, `t`, `parts`), for
    /// [`Renderer::render_in`].
    pub fn context(&self) -> tera::Context {
        self.shared_context.clone()
    }

    /// Renders one page in `ctx` (from [`Renderer::context`]), leaving it as
    /// it was: one context serves many pages, so the shared values are not
    /// copied for each.
    pub fn render_in(&self, ctx: &mut tera::Context, job: &Job) -> Result<Vec<u8>, Diagnostic> {
        let result = self.pages.page(job).and_then(|page| {
            page.insert_into(ctx);
            self.render_template(page.template, ctx)
        });
        for key in Page::KEYS {
            ctx.remove(key);
        }
        result
    }

    /// `sitemap.xml` and `robots.txt`, by output path, and the
    /// `status.json` of `[status] live` when the build writes it.
    pub fn extras(&self) -> Vec<(String, Result<Vec<u8>, Diagnostic>)> {
        let mut ctx = self.context();
        ctx.insert(
            "sitemap",
            &SitemapView::new(self.site, self.place.alternates),
        );
        ctx.insert("sitemap_url", &sitemap_url(self.site));
        // Each from the template of its name.
        let mut files: Vec<_> = ROOT_FILES
            .into_iter()
            .map(|(path, _)| (path.to_string(), self.render_template(path, &ctx)))
            .collect();
        if let Some(path) = written_status_json(self.site) {
            let json = crate::render::view::status::status_json(self.site);
            files.push((path, Ok(json.into_bytes())));
        }
        files
    }
}

/// The output path of the `status.json` the build writes: `[status] live`
/// when it is a path relative to the site's root that no file of `content/`
/// provides (a team's own file is copied as it is).
fn written_status_json(site: &Site) -> Option<String> {
    let live = &site.config.status_live;
    let relative = !live.is_empty() && !live.starts_with('/') && !live.contains("://");
    let path = live.split(['?', '#']).next().unwrap_or(live);
    (relative && !path.ends_with('/') && !site.assets.iter().any(|a| a.key == path))
        .then(|| path.to_string())
}
