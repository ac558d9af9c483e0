//! A help center kept in memory for `helpbook serve`, rebuilt incrementally.
//!
//! The first build runs the whole pipeline. After that, saving one article
//! re-reads and re-parses only that file, re-resolves its links (and those of
//! the pages that link to it), and re-renders only the pages that show
//! something of it: its own page (or a tree's steps), and — when its title,
//! description, order or promotion changed — its category page, the pages
//! that list it as related, and the home page; when its title or order
//! changed, the pages whose category navigation lists it. Anything structural (a file
//! added or removed, `book.toml`, the theme, a category's `_index.md`, the
//! announcement, a known issue of `content/_status/`, a draft flag, a
//! tree's steps or aliases) rebuilds it all.
//! The search index is left to the caller, which rebuilds it in the
//! background (see [`LiveSite::search_jobs`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::base::diagnostic::{Diagnostic, Report};
use crate::config::CONTENT_DIR;
use crate::load;
use crate::pipeline::{self, BuildOptions, Counts, Fatal};
use crate::validate;
use crate::validate::links::{self, LinkIndex};
use rayon::prelude::*;

use crate::base::files::LinkGuard;
use crate::model::site::{Article, DocId, Site};
use crate::model::urls::Redirect;
use crate::render::{Job, Renderer};
use crate::theme::Theme;

/// The site's files: output path (`a/b/index.html`, no base path) → bytes,
/// plus assets served from their source files.
#[derive(Clone, Debug, Default)]
pub struct Files {
    /// Rendered pages, statics and (once built) the search index.
    pub files: BTreeMap<String, Arc<[u8]>>,
    /// Output path → content file to serve as is.
    pub copies: BTreeMap<String, PathBuf>,
    /// Which links those files may have become since the build (they are
    /// read from disk at each request); `None` before the first build.
    pub(crate) guard: Option<LinkGuard>,
}

/// What one rebuild did.
#[derive(Clone, Debug, Default)]
pub struct Update {
    /// The whole site was rebuilt.
    pub full: bool,
    /// Output paths written or removed.
    pub changed: Vec<String>,
    /// Pages rendered.
    pub rendered: usize,
    /// Time from the call to the files being ready.
    pub elapsed: Duration,
    /// Problems this update found that were not there before (all of them
    /// after a full build).
    pub fresh: Vec<Diagnostic>,
}

/// Everything kept between rebuilds once a full build succeeded.
struct State {
    site: Site,
    /// Its translations (rebuilt whole on every change).
    translations: Vec<Site>,
    theme: Theme,
    tera: tera::Tera,
    redirects: Vec<Redirect>,
    /// What the last full build counted, and its pages (as `build` counts
    /// them: redirects apart).
    counts: (Counts, usize),
    index: LinkIndex,
    /// For each article, the documents that link to it.
    backlinks: Vec<BTreeSet<DocId>>,
}

/// A help center in memory.
pub struct LiveSite {
    root: PathBuf,
    options: BuildOptions,
    state: Option<State>,
    diagnostics: Diagnostics,
}

/// Current problems by file (`None`: not about one file), and which lists an
/// update changed, to tell what it newly found.
#[derive(Default)]
struct Diagnostics {
    by_file: BTreeMap<Option<PathBuf>, Vec<Diagnostic>>,
    /// Lists as they were before the current update, for those it touched.
    before: BTreeMap<Option<PathBuf>, Vec<Diagnostic>>,
    sources: BTreeMap<PathBuf, Arc<str>>,
}

impl Diagnostics {
    /// The list of `file`, to change (its previous state is remembered).
    fn list(&mut self, file: Option<PathBuf>) -> &mut Vec<Diagnostic> {
        if !self.before.contains_key(&file) {
            let old = self.by_file.get(&file).cloned().unwrap_or_default();
            self.before.insert(file.clone(), old);
        }
        self.by_file.entry(file).or_default()
    }

    /// What the touched lists have that they did not have before.
    fn take_fresh(&mut self) -> Vec<Diagnostic> {
        let mut fresh = Vec::new();
        for (file, old) in std::mem::take(&mut self.before) {
            if let Some(new) = self.by_file.get(&file) {
                fresh.extend(new.iter().filter(|d| !old.contains(d)).cloned());
            }
        }
        self.by_file.retain(|_, list| !list.is_empty());
        fresh
    }
}

/// `a/b/index.html` → `a/b/`; other paths stay as they are.
pub fn url_of(output_path: &str) -> String {
    match output_path.strip_suffix("index.html") {
        Some(dir) => dir.to_string(),
        None => output_path.to_string(),
    }
}

impl LiveSite {
    /// Builds the help center at `root` in memory. `Err` only when it is not
    /// a help center at all (no `book.toml`); content errors are in
    /// [`LiveSite::report`] and leave the files empty.
    pub fn build(root: &Path, options: BuildOptions) -> Result<(LiveSite, Files), Fatal> {
        let mut live = LiveSite {
            root: root.to_path_buf(),
            options: BuildOptions {
                live: true,
                ..options
            },
            state: None,
            diagnostics: Diagnostics::default(),
        };
        let mut files = Files::default();
        live.full(&mut files)?;
        Ok((live, files))
    }

    /// The site as last built successfully.
    pub fn site(&self) -> Option<&Site> {
        self.state.as_ref().map(|s| &s.site)
    }

    /// What the help center holds and how many pages the last full build
    /// made, counted as `build` and `check` count them.
    pub fn contents(&self) -> Option<&(Counts, usize)> {
        self.state.as_ref().map(|s| &s.counts)
    }

    /// Every current problem, with the sources for excerpts.
    pub fn report(&self) -> Report {
        self.report_of(self.diagnostics.by_file.values().flatten().cloned())
    }

    /// The current errors only (cheap when a site has thousands of warnings).
    pub fn errors(&self) -> Report {
        self.report_of(
            self.diagnostics
                .by_file
                .values()
                .flatten()
                .filter(|d| d.is_error())
                .cloned(),
        )
    }

    /// Numbers of current errors and warnings.
    pub fn counts(&self) -> (usize, usize) {
        let all = self.diagnostics.by_file.values().flatten();
        let errors = all.clone().filter(|d| d.is_error()).count();
        (errors, all.count() - errors)
    }

    /// A report of `diagnostics` with the sources of their files.
    pub fn report_of(&self, diagnostics: impl IntoIterator<Item = Diagnostic>) -> Report {
        let mut report = Report::default();
        for d in diagnostics {
            if let Some(file) = &d.file {
                if let Some(text) = self.diagnostics.sources.get(file) {
                    report.add_source(file.clone(), text.clone());
                }
            }
            report.push(d);
        }
        report
    }

    /// What the search indexes are built from, one per language (call
    /// after an update; the caller builds them off the request path).
    pub fn search_jobs(&self) -> Vec<crate::index::LiveJob> {
        let Some(state) = self.state.as_ref() else {
            return Vec::new();
        };
        if !state.site.config.search_enabled {
            return Vec::new();
        }
        std::iter::once(&state.site)
            .chain(&state.translations)
            .enumerate()
            .map(|(n, site)| {
                let config = &site.config;
                let title = state
                    .theme
                    .strings_for(&config.language, &config.labels)
                    .get("contact_us");
                crate::index::LiveJob {
                    input: crate::index::input(site, &title),
                    locations: crate::index::live_locations(
                        (n > 0).then_some(config.language.as_str()),
                    ),
                    base_url: config.absolute_url(&config.url("")),
                }
            })
            .collect()
    }

    /// Runs the whole pipeline and replaces every file.
    fn full(&mut self, files: &mut Files) -> Result<Update, Fatal> {
        let started = Instant::now();
        let mut report = Report::default();
        let built = pipeline::run(&self.root, self.options, &mut report)?;
        self.diagnostics = Diagnostics {
            sources: report.sources().clone(),
            ..Diagnostics::default()
        };
        for d in report.sorted() {
            self.diagnostics
                .by_file
                .entry(d.file.clone())
                .or_default()
                .push(d.clone());
        }
        let (Some(site), Some(output), Some((theme, tera)), Some(counts)) =
            (built.site, built.output, built.theme, built.counts)
        else {
            // Keep serving what was there; the errors say why.
            self.state = None;
            return Ok(Update {
                full: true,
                elapsed: started.elapsed(),
                fresh: report.sorted().into_iter().cloned().collect(),
                ..Update::default()
            });
        };
        let index = links::build_index(&site);
        let backlinks = backlinks(&site, &index);
        let rendered = output.stats.pages;
        // After the first build, only the pages whose bytes changed reload.
        let first = self.state.is_none() && files.files.is_empty();
        let mut changed: Vec<String> = Vec::new();
        let new: BTreeMap<String, Arc<[u8]>> = output
            .files
            .into_iter()
            .map(|(k, v)| {
                if !first && files.files.get(&k).map(|b| &**b) != Some(v.as_slice()) {
                    changed.push(k.clone());
                }
                (k, Arc::from(v))
            })
            .collect();
        if !first {
            changed.extend(
                files
                    .files
                    .keys()
                    .filter(|k| !new.contains_key(*k))
                    .cloned(),
            );
        } else {
            changed.push("*".into());
        }
        files.files = new;
        files.copies = output.copies;
        files.guard = Some(site.config.link_guard(&site.root));
        self.state = Some(State {
            site,
            translations: built.translations,
            theme,
            tera,
            redirects: built.redirects,
            counts: (counts, rendered),
            index,
            backlinks,
        });
        Ok(Update {
            full: true,
            changed,
            rendered,
            elapsed: started.elapsed(),
            fresh: report.sorted().into_iter().cloned().collect(),
        })
    }

    /// Rebuilds after the files at `paths` (absolute, or relative to the
    /// root) changed on disk: only what depends on them when that is known
    /// to be safe, else everything.
    pub fn apply(&mut self, files: &mut Files, paths: &[PathBuf]) -> Result<Update, Fatal> {
        let started = Instant::now();
        let mut edited: BTreeSet<usize> = BTreeSet::new();
        let mut assets: Vec<String> = Vec::new();
        // A help center in several languages is rebuilt whole on every save:
        // its pages link across languages (the switcher, hreflang), which
        // the incremental path does not follow yet.
        let mut full = self.state.is_none()
            || self
                .state
                .as_ref()
                .is_some_and(|s| !s.site.config.languages.is_empty());
        for path in paths {
            let relative = path.strip_prefix(&self.root).unwrap_or(path);
            let Some(first) = relative.components().next() else {
                continue;
            };
            let first = first.as_os_str().to_string_lossy();
            if relative == Path::new(crate::config::CONFIG_FILE) || first == "themes" {
                full = true;
                continue;
            }
            if first != CONTENT_DIR {
                continue; // editor backups and the like outside the help center's inputs
            }
            let Some(state) = &self.state else {
                continue;
            };
            let name = relative
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
                continue;
            }
            let on_disk = self.root.join(relative);
            let (is_file, is_dir) = (on_disk.is_file(), on_disk.is_dir());
            let key = relative
                .strip_prefix(CONTENT_DIR)
                .map(crate::base::paths::slash_path)
                .unwrap_or_default();
            let article = state
                .site
                .articles
                .iter()
                .position(|a| a.file.path == relative);
            // A known issue (content/_status/) shows on the pages it affects,
            // on the status page, its feed and status.json: all rebuilt.
            if key == crate::model::status::STATUS_DIR
                || key.starts_with(&format!("{}/", crate::model::status::STATUS_DIR))
            {
                full = true;
                continue;
            }
            let asset = state.site.assets.iter().any(|a| a.key == key);
            let section = state.site.sections.iter().any(|s| s.key == key);
            match (article, asset, section) {
                // An article saved.
                (Some(i), _, _) if is_file => {
                    edited.insert(i);
                }
                // An image replaced: served from disk, nothing to rebuild.
                (_, true, _) if is_file => assets.push(key),
                // A folder's timestamp.
                (_, _, true) if is_dir => {}
                // Something known is gone, or something new appeared.
                (Some(_), _, _) | (_, true, _) | (_, _, true) => full = true,
                _ if is_file || is_dir => full = true,
                // A temporary file that came and went (editors, sed -i).
                _ => {}
            }
        }
        if full {
            return self.full(files);
        }
        let mut update = Update::default();
        update.changed.extend(assets);
        if !edited.is_empty() {
            if let Some(structural) = self.edit(files, &edited, &mut update) {
                if structural {
                    return self.full(files);
                }
            }
        }
        update.elapsed = started.elapsed();
        update.fresh = self.diagnostics.take_fresh();
        Ok(update)
    }

    /// Re-reads, re-checks and re-renders the edited articles. `Some(true)`
    /// when an edit changes the site's structure and needs a full build.
    fn edit(
        &mut self,
        files: &mut Files,
        edited: &BTreeSet<usize>,
        update: &mut Update,
    ) -> Option<bool> {
        let state = self.state.as_mut()?;
        // Template problems are found again while rendering.
        self.diagnostics.list(None).clear();
        let mut plan = Plan::default();
        for &i in edited {
            if state.reread(i, self.options.drafts, &mut self.diagnostics, &mut plan) {
                return Some(true);
            }
        }
        state.resort(edited, &mut plan);
        state.recheck_titles(&mut self.diagnostics);
        state.relink(&mut self.diagnostics, &mut plan);
        state.render(
            &plan,
            self.options.today,
            files,
            update,
            &mut self.diagnostics,
        );
        Some(false)
    }
}

/// What an edit needs done, found article by article.
#[derive(Default)]
struct Plan {
    /// Pages to re-render.
    jobs: BTreeSet<JobKey>,
    /// Documents whose links to resolve again.
    relink: BTreeSet<DocId>,
    /// Edited articles whose listing (title, order, …) changed.
    listed: Vec<usize>,
    /// Whether the sitemap changes (an `updated` date did).
    sitemap: bool,
}

impl State {
    /// Re-reads article `i` into the site and plans what it changes.
    /// `true` when the edit changes the site's structure (a full build).
    fn reread(
        &mut self,
        i: usize,
        drafts: bool,
        diagnostics: &mut Diagnostics,
        plan: &mut Plan,
    ) -> bool {
        let (mut article, mut found, source) = load::reload_article(&self.site, i);
        if let Some(article) = &mut article {
            found.extend(validate::check_article(&self.site.config, article));
        }
        let path = Some(self.site.articles[i].file.path.clone());
        if let Some(source) = source {
            diagnostics
                .sources
                .insert(source.path.clone(), source.text.clone());
        }
        // This file's own problems are replaced; its link problems are
        // re-checked later.
        let list = diagnostics.list(path);
        list.retain(|d| d.from_links);
        list.extend(found);
        let Some(new) = article else {
            // Broken front matter: keep the last good page, show the errors.
            return false;
        };
        let old = &self.site.articles[i];
        if structural_change(old, &new, drafts) {
            return true;
        }
        let listed = listing_changed(old, &new);
        // The category navigation of the pages in its category names it, in order.
        let navigation = old.meta.title != new.meta.title || old.meta.weight != new.meta.weight;
        plan.sitemap |= old.meta.updated != new.meta.updated;
        let anchors = anchors_changed(old, &new);
        if listed && (old.meta.promoted || new.meta.promoted) {
            plan.jobs.insert(JobKey::Home);
        }
        self.site.articles[i] = new;
        plan.relink.insert(DocId::Article(i));
        if anchors {
            plan.relink.extend(self.backlinks[i].iter().copied());
        }
        if listed {
            self.plan_listing(i, plan);
        }
        if navigation {
            self.plan_navigation(self.site.articles[i].section, plan);
        }
        false
    }

    /// The pages whose category navigation lists the articles of `section`:
    /// the articles in it and in its sub-categories, and the sub-categories'
    /// pages (see `render/view/nav.rs`). The home page's articles are in
    /// no navigation.
    fn plan_navigation(&self, section: usize, plan: &mut Plan) {
        if section == 0 {
            return;
        }
        let mut stack = vec![section];
        while let Some(s) = stack.pop() {
            if s != section {
                plan.jobs.insert(JobKey::Section(s));
            }
            let s = &self.site.sections[s];
            plan.jobs
                .extend(s.articles.iter().map(|&a| JobKey::Article(a)));
            stack.extend(s.subsections.iter().copied());
        }
    }

    /// The pages that list article `i`, whose listing changed: its
    /// category, the articles that show it as related or as a neighbour
    /// (before the category is re-sorted; after, in [`State::resort`]), and
    /// the trees whose maps name it.
    fn plan_listing(&self, i: usize, plan: &mut Plan) {
        let site = &self.site;
        let section = site.articles[i].section;
        plan.jobs.insert(JobKey::Section(section));
        plan.listed.push(i);
        for a in predecessors(&site.sections[section].articles, i) {
            plan.jobs.insert(JobKey::Article(a));
        }
        for (&a, list) in &site.related {
            if list.contains(&i) {
                plan.jobs.insert(JobKey::Article(a));
            }
        }
        for doc in &self.backlinks[i] {
            if let DocId::Article(a) = *doc {
                if site.articles[a].tree.is_some() {
                    plan.jobs.insert(JobKey::Article(a));
                }
            }
        }
    }

    /// Compares every title again (an edit may have made two alike, or
    /// told two apart): the warnings about titles are replaced wherever
    /// they are.
    fn recheck_titles(&self, diagnostics: &mut Diagnostics) {
        let mut report = Report::default();
        validate::titles::check(&self.site, &mut report);
        let stale: Vec<Option<PathBuf>> = diagnostics
            .by_file
            .iter()
            .filter(|(_, list)| list.iter().any(validate::titles::is_same_title))
            .map(|(file, _)| file.clone())
            .collect();
        for file in stale {
            diagnostics
                .list(file)
                .retain(|d| !validate::titles::is_same_title(d));
        }
        for d in report.sorted() {
            diagnostics.list(d.file.clone()).push(d.clone());
        }
    }

    /// Sorts the categories of the edited articles again (their order may
    /// have changed) and plans the pages of their new neighbours.
    fn resort(&mut self, edited: &BTreeSet<usize>, plan: &mut Plan) {
        let site = &mut self.site;
        for &i in edited {
            let section = site.articles[i].section;
            let mut order = std::mem::take(&mut site.sections[section].articles);
            order.sort_by_cached_key(|&a| {
                let a = &site.articles[a];
                (
                    a.meta.weight.unwrap_or(i64::MAX),
                    a.meta.title.to_lowercase(),
                    a.key.clone(),
                )
            });
            site.sections[section].articles = order;
        }
        for &i in &plan.listed {
            let section = site.articles[i].section;
            for a in predecessors(&site.sections[section].articles, i) {
                plan.jobs.insert(JobKey::Article(a));
            }
        }
    }

    /// Resolves the links of the edited documents again, and of those whose
    /// anchors into them may have changed; plans their pages.
    fn relink(&mut self, diagnostics: &mut Diagnostics, plan: &mut Plan) {
        for &doc in &plan.relink {
            let resolved = links::resolve_doc(&self.site, &self.index, doc, None);
            let mut found = resolved.diagnostics;
            if let DocId::Article(a) = doc {
                let (related, problems) = links::resolve_related(&self.site, &self.index, a, None);
                found.extend(problems);
                if related.is_empty() {
                    self.site.related.remove(&a);
                } else {
                    self.site.related.insert(a, related);
                }
            }
            let file = self.site.doc_file(doc).map(|f| f.path.clone());
            let list = diagnostics.list(file);
            list.retain(|d| !d.from_links);
            list.extend(found);
            for t in &resolved.targets {
                self.backlinks[*t].insert(doc);
            }
            if resolved.urls.is_empty() {
                self.site.link_urls.remove(&doc);
            } else {
                self.site.link_urls.insert(doc, resolved.urls);
            }
            match doc {
                DocId::Article(a) => {
                    plan.jobs.insert(JobKey::Article(a));
                }
                DocId::Section(0) => {
                    plan.jobs.insert(JobKey::Home);
                }
                DocId::Section(s) => {
                    plan.jobs.insert(JobKey::Section(s));
                }
                DocId::Announcement | DocId::Issue(_) => {}
            }
        }
    }

    /// Renders the planned pages into `files`, keeping those whose bytes
    /// changed, and the sitemap when dates changed.
    fn render(
        &self,
        plan: &Plan,
        today: jiff::civil::Date,
        files: &mut Files,
        update: &mut Update,
        diagnostics: &mut Diagnostics,
    ) {
        let search = self
            .site
            .config
            .search_enabled
            .then(|| crate::index::live_locations(None));
        let renderer = match Renderer::new(
            &self.site,
            &self.theme,
            &self.tera,
            &self.redirects,
            search.as_ref(),
            today,
            crate::render::Place::single(),
        ) {
            Ok(r) => r,
            Err(d) => {
                diagnostics.list(None).push(d);
                return;
            }
        };
        let rendered: Vec<(String, Result<Vec<u8>, Diagnostic>)> = self
            .pages(&renderer, &plan.jobs)
            .par_iter()
            .map(|(path, job)| (path.clone(), renderer.render(job)))
            .collect();
        let mut template_errors = Vec::new();
        for (path, result) in rendered {
            update.rendered += 1;
            match result {
                Ok(bytes) => {
                    if files.files.get(&path).map(|b| &**b) != Some(bytes.as_slice()) {
                        files.files.insert(path.clone(), Arc::from(bytes));
                        update.changed.push(path);
                    }
                }
                Err(d) => template_errors.push(d),
            }
        }
        // The sitemap lists `updated` dates, and nothing else an edit changes.
        if plan.sitemap {
            for (path, result) in renderer.extras() {
                if let Ok(bytes) = result {
                    files.files.insert(path, Arc::from(bytes));
                }
            }
        }
        diagnostics.list(None).extend(template_errors);
    }

    /// The pages of `jobs`: (output path, what renders it).
    fn pages(&self, renderer: &Renderer<'_>, jobs: &BTreeSet<JobKey>) -> Vec<(String, Job)> {
        let mut pages: Vec<(String, Job)> = Vec::new();
        for key in jobs {
            match *key {
                JobKey::Home | JobKey::Section(0) => pages.push(("index.html".into(), Job::Home)),
                JobKey::Section(s) => pages.push((
                    format!("{}index.html", self.site.sections[s].url_path),
                    Job::Section(s),
                )),
                JobKey::Article(a) => pages.extend(renderer.article_jobs(a)),
            }
        }
        pages.dedup();
        pages
    }
}

/// Pages to re-render, deduplicated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum JobKey {
    Home,
    Section(usize),
    Article(usize),
}

/// The articles whose "related" fallback (the next few in the category)
/// shows `article`: the few just before it, wrapping around.
fn predecessors(order: &[usize], article: usize) -> Vec<usize> {
    let Some(position) = order.iter().position(|&a| a == article) else {
        return Vec::new();
    };
    (1..order.len())
        .map(|step| order[(position + order.len() - step) % order.len()])
        .take(crate::render::RELATED_FALLBACK)
        .collect()
}

/// Whether replacing `old` by `new` changes which pages exist or where.
fn structural_change(old: &Article, new: &Article, drafts: bool) -> bool {
    let aliases = |a: &Article| {
        a.meta
            .aliases
            .iter()
            .map(|l| l.text.clone())
            .collect::<Vec<_>>()
    };
    let steps = |a: &Article| {
        a.tree.as_ref().map(|t| {
            (
                t.start,
                t.nodes.iter().map(|n| n.id.clone()).collect::<Vec<_>>(),
            )
        })
    };
    (new.meta.draft && !drafts)
        || aliases(old) != aliases(new)
        || old.meta.kind != new.meta.kind
        || steps(old) != steps(new)
}

/// Whether what lists show of an article (or its place in them) changed.
fn listing_changed(old: &Article, new: &Article) -> bool {
    let m = (&old.meta, &new.meta);
    m.0.title != m.1.title
        || m.0.description != m.1.description
        || m.0.weight != m.1.weight
        || m.0.updated != m.1.updated
        || m.0.promoted != m.1.promoted
        || m.0
            .related
            .iter()
            .map(|r| &r.text)
            .ne(m.1.related.iter().map(|r| &r.text))
}

/// Whether the article's heading ids changed (links into it may break or mend).
fn anchors_changed(old: &Article, new: &Article) -> bool {
    old.body
        .headings
        .iter()
        .map(|h| &h.id)
        .ne(new.body.headings.iter().map(|h| &h.id))
}

/// For each article, the documents linking to it.
fn backlinks(site: &Site, index: &LinkIndex) -> Vec<BTreeSet<DocId>> {
    let mut out = vec![BTreeSet::new(); site.articles.len()];
    for doc in links::documents(site) {
        for t in links::resolve_doc(site, index, doc, None).targets {
            out[t].insert(doc);
        }
    }
    out
}
