//! A help center kept in memory for `helpbook serve`, rebuilt incrementally.
//!
//! The first build runs the whole pipeline. After that, saving one article
//! (an original or a translation, `name.es.md`) re-reads and re-parses only
//! that file, re-resolves its links (and those of the pages that link to
//! it), and re-renders only the pages that show something of it, in its
//! language: its own page (or a tree's steps), and — when its title,
//! description, order or promotion changed — its category page, the pages
//! that list it as related, and the home page; when its title or order
//! changed, the pages whose category navigation lists it.
//!
//! Across languages, an edit reaches: the translations of an edited
//! original whose "may be out of date" notice comes or goes (its `updated`
//! date against theirs), and the translations' pages whose links go to
//! the original because the article they link to is not translated (when
//! its headings changed); a translation checked against its original
//! again (outdated, a tree's shape). The language switcher and hreflang
//! alternates name which pages exist, which only a structural change
//! alters. Anything structural (a file added or removed — a translation
//! included —, `book.toml`, the theme, a category's `_index.md`, the
//! announcement, a known issue of `content/_status/`, a draft flag, a
//! tree's steps or aliases) rebuilds it all.
//!
//! The search indexes are left to the caller, which rebuilds them in the
//! background: after an edit, only those of the languages edited (see
//! [`LiveSite::take_search_jobs`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::base::diagnostic::{Diagnostic, Report};
use crate::base::text::SourceText;
use crate::config::CONTENT_DIR;
use crate::load;
use crate::pipeline::{self, BuildOptions, Counts, Fatal};
use crate::serve::log::Timings;
use crate::validate;
use crate::validate::links::{self, LinkIndex};
use crate::validate::translations;
use rayon::prelude::*;

use crate::base::files::LinkGuard;
use crate::model::site::{Article, DocId, Site};
use crate::model::urls::Redirect;
use crate::render::alternates::Alternates;
use crate::render::{Job, Place, Renderer};
use crate::theme::Theme;

/// Output path → bytes, in order, shared between copies: a copy for the
/// server is a pointer's, and an edit copies only the tree's path to each
/// page it changes (copying 60,000 entries was 13–69 ms of every save on a
/// help center in five languages).
pub type PageMap = rpds::RedBlackTreeMapSync<String, Arc<[u8]>>;

/// Up to how many pages an edit re-renders on the rebuild thread itself
/// rather than on rayon's (a body edit re-renders one).
const ON_THIS_THREAD: usize = 8;

/// The site's files: output path (`a/b/index.html`, no base path) → bytes,
/// plus assets served from their source files. Cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct Files {
    /// Rendered pages, statics and (once built) the search index.
    pub files: PageMap,
    /// Output path → content file to serve as is (changed by full builds
    /// only).
    pub copies: Arc<BTreeMap<String, PathBuf>>,
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
    /// Where the time went.
    pub timings: Timings,
}

/// Search indexes to build again, by language (0 for the original, `n`
/// for the `n`th translation).
#[derive(Default)]
pub struct SearchJobs {
    /// These are every language's: indexes of languages not among them
    /// are gone (after a full build).
    pub all: bool,
    /// What each index is built from.
    pub jobs: BTreeMap<usize, crate::index::LiveJob>,
    /// The time it took to gather them.
    pub prepared: Duration,
}

impl SearchJobs {
    /// Nothing to build.
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty() && !self.all
    }

    /// Adds `newer`, which replaces what it has newer input for (and
    /// everything when it is every language's).
    pub fn merge(&mut self, newer: SearchJobs) {
        if newer.all {
            *self = newer;
        } else {
            self.jobs.extend(newer.jobs);
            self.prepared += newer.prepared;
        }
    }
}

/// Gathering a search index's input was given up.
#[derive(Debug)]
struct Stopped;

/// One language's site and what is kept to update it.
struct Lang {
    site: Site,
    index: LinkIndex,
    /// For each article, the documents of this language that link to it.
    backlinks: Vec<BTreeSet<DocId>>,
    /// A translation's documents whose links go to the original because
    /// the page is not translated, for each article of the original
    /// (empty for the original).
    fallback: Vec<BTreeSet<DocId>>,
    /// Article key (`account/reset`) → index.
    by_key: HashMap<String, usize>,
    /// Where its pages go (`es/`, empty for the original).
    prefix: String,
}

/// Everything kept between rebuilds once a full build succeeded.
struct State {
    /// Every language's site, the original first.
    langs: Vec<Lang>,
    theme: Theme,
    tera: tera::Tera,
    redirects: Vec<Redirect>,
    /// What the last full build counted, and its pages (as `build` counts
    /// them: redirects apart).
    counts: (Counts, usize),
    /// Every language's pages (the switcher, hreflang).
    alternates: Alternates,
    /// Per language, per article: a translation its original was updated
    /// after.
    outdated: Vec<Vec<bool>>,
    /// Each article's file (`content/a/b.es.md`) → (language, article):
    /// comparing a saved path with every article's took 20 ms on 30,000.
    files: HashMap<PathBuf, (usize, usize)>,
}

/// A help center in memory.
pub struct LiveSite {
    root: PathBuf,
    options: BuildOptions,
    state: Option<State>,
    diagnostics: Diagnostics,
    /// The search indexes to build again.
    search: Dirty,
}

/// Which search indexes an update made stale since they were last asked for.
#[derive(Default)]
struct Dirty {
    all: bool,
    languages: BTreeSet<usize>,
}

/// Current problems by file (`None`: not about one file), and which lists an
/// update changed, to tell what it newly found.
#[derive(Default)]
struct Diagnostics {
    by_file: BTreeMap<Option<PathBuf>, Vec<Diagnostic>>,
    /// Lists as they were before the current update, for those it touched.
    before: BTreeMap<Option<PathBuf>, Vec<Diagnostic>>,
    sources: BTreeMap<PathBuf, SourceText>,
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

/// Whether a file named `name` is an editor's (`.name.swp`, `name~`, a
/// hidden file), which changes nothing of the site.
pub fn is_scratch_file(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp")
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
            search: Dirty::default(),
        };
        let mut files = Files::default();
        live.full(&mut files)?;
        Ok((live, files))
    }

    /// The site as last built successfully.
    pub fn site(&self) -> Option<&Site> {
        self.state.as_ref().map(|s| &s.langs[0].site)
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

    /// What the search indexes are built from, one per language, the
    /// original first.
    pub fn search_jobs(&self) -> Vec<crate::index::LiveJob> {
        let Some(state) = self.state.as_ref() else {
            return Vec::new();
        };
        (0..state.langs.len())
            .filter_map(|n| state.search_job(n, &mut || false).ok().flatten())
            .collect()
    }

    /// The search indexes that updates since the last call made stale:
    /// every language's after a full build, else those of the languages
    /// edited (call it when saves pause; the caller builds them off the
    /// request path).
    pub fn take_search_jobs(&mut self) -> SearchJobs {
        self.take_search_jobs_unless(|| false).unwrap_or_default()
    }

    /// [`LiveSite::take_search_jobs`], given up (`None`, the indexes still
    /// stale) as soon as `stop` says so: gathering a language's documents
    /// takes a third of a second at 10,000 articles, which a save must not
    /// wait for. `stop` is asked before each page.
    pub fn take_search_jobs_unless(
        &mut self,
        mut stop: impl FnMut() -> bool,
    ) -> Option<SearchJobs> {
        let started = Instant::now();
        let Some(state) = self.state.as_ref() else {
            self.search = Dirty::default();
            return Some(SearchJobs::default());
        };
        let languages: Vec<usize> = if self.search.all {
            (0..state.langs.len()).collect()
        } else {
            self.search.languages.iter().copied().collect()
        };
        let mut jobs = BTreeMap::new();
        for n in languages {
            if let Some(job) = state.search_job(n, &mut stop).ok()? {
                jobs.insert(n, job);
            }
        }
        let dirty = std::mem::take(&mut self.search);
        Some(SearchJobs {
            all: dirty.all,
            jobs,
            prepared: started.elapsed(),
        })
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
        self.search = Dirty {
            all: true,
            ..Dirty::default()
        };
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
        let rendered = output.stats.pages;
        // After the first build, only the pages whose bytes changed reload.
        let first = self.state.is_none() && files.files.is_empty();
        let mut changed: Vec<String> = Vec::new();
        let new: PageMap = output
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
        files.copies = Arc::new(output.copies);
        files.guard = Some(site.config.link_guard(&site.root));
        let sites: Vec<Site> = std::iter::once(site).chain(built.translations).collect();
        self.state = Some(State::new(
            sites,
            (theme, tera),
            built.redirects,
            (counts, rendered),
        ));
        let mut timings = Timings::starting(started);
        timings.lap("full build");
        Ok(Update {
            full: true,
            changed,
            rendered,
            elapsed: started.elapsed(),
            fresh: report.sorted().into_iter().cloned().collect(),
            timings,
        })
    }

    /// Whether `path` (relative to the root) is the file of an article or
    /// a translation of the site as last built: once such a file is
    /// written whole, rebuilding need not wait for more changes.
    pub fn is_article_file(&self, path: &Path) -> bool {
        self.state
            .as_ref()
            .is_some_and(|state| state.files.contains_key(path))
    }

    /// Rebuilds after the files at `paths` (absolute, or relative to the
    /// root) changed on disk: only what depends on them when that is known
    /// to be safe, else everything.
    pub fn apply(&mut self, files: &mut Files, paths: &[PathBuf]) -> Result<Update, Fatal> {
        let started = Instant::now();
        // (language, article) saved.
        let mut edited: BTreeSet<(usize, usize)> = BTreeSet::new();
        let mut assets: Vec<String> = Vec::new();
        let mut full = self.state.is_none();
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
            if is_scratch_file(&name) {
                continue;
            }
            let on_disk = self.root.join(relative);
            let (is_file, is_dir) = (on_disk.is_file(), on_disk.is_dir());
            let key = relative
                .strip_prefix(CONTENT_DIR)
                .map(crate::base::paths::slash_path)
                .unwrap_or_default();
            // An original or a translation (`name.es.md`) of its own file.
            let article = state.files.get(relative).copied();
            // A known issue (content/_status/) shows on the pages it affects,
            // on the status page, its feed and status.json: all rebuilt.
            if key == crate::model::status::STATUS_DIR
                || key.starts_with(&format!("{}/", crate::model::status::STATUS_DIR))
            {
                full = true;
                continue;
            }
            let site = &state.langs[0].site;
            let asset = site.assets.iter().any(|a| a.key == key);
            let section = site.sections.iter().any(|s| s.key == key);
            match (article, asset, section) {
                // An article saved.
                (Some(at), _, _) if is_file => {
                    edited.insert(at);
                }
                // An image replaced: served from disk, nothing to rebuild.
                (_, true, _) if is_file => assets.push(key),
                // A folder's timestamp.
                (_, _, true) if is_dir => {}
                // Something known is gone, or something new appeared (a
                // translation added changes the switcher of the
                // original's pages, and more).
                (Some(_), _, _) | (_, true, _) | (_, _, true) => full = true,
                _ if is_file || is_dir => full = true,
                // A temporary file that came and went (editors, sed -i).
                _ => {}
            }
        }
        if full {
            return self.full(files);
        }
        let mut update = Update {
            timings: Timings::starting(started),
            ..Update::default()
        };
        update.timings.lap("classify");
        update.changed.extend(assets);
        if !edited.is_empty() {
            if let Some(structural) = self.edit(files, &edited, &mut update) {
                if structural {
                    return self.full(files);
                }
            }
        }
        update.fresh = self.diagnostics.take_fresh();
        update.timings.lap("diagnostics");
        update.elapsed = started.elapsed();
        Ok(update)
    }

    /// Re-reads, re-checks and re-renders the edited articles, by
    /// (language, article). `Some(true)` when an edit changes the site's
    /// structure and needs a full build.
    fn edit(
        &mut self,
        files: &mut Files,
        edited: &BTreeSet<(usize, usize)>,
        update: &mut Update,
    ) -> Option<bool> {
        let state = self.state.as_mut()?;
        let diagnostics = &mut self.diagnostics;
        // Template problems are found again while rendering.
        diagnostics.list(None).clear();
        let mut plans: Vec<Plan> = state.langs.iter().map(|_| Plan::default()).collect();
        // The translations checked against their originals again.
        let pairs = state.translation_pairs(edited);
        state.forget_translation_checks(&pairs, diagnostics);
        // A translation's index holds the originals it lacks: an edit to
        // one of those is an edit to that index too.
        for &(n, i) in edited.iter().filter(|(n, _)| *n == 0) {
            let key = &state.langs[n].site.articles[i].key;
            for (m, lang) in state.langs.iter().enumerate().skip(1) {
                if !lang.by_key.contains_key(key) {
                    self.search.languages.insert(m);
                }
            }
        }
        for &(n, i) in edited {
            if state.reread(n, i, self.options.drafts, diagnostics, &mut plans) {
                return Some(true);
            }
        }
        state.recheck_translations(&pairs, diagnostics, &mut plans);
        update.timings.lap("re-read");
        for (n, plan) in plans.iter_mut().enumerate() {
            let mine: BTreeSet<usize> = edited
                .iter()
                .filter(|(m, _)| *m == n)
                .map(|&(_, i)| i)
                .collect();
            if mine.is_empty() {
                continue;
            }
            self.search.languages.insert(n);
            let lang = &mut state.langs[n];
            lang.resort(&mine, plan);
            if plan.titles {
                lang.recheck_titles(diagnostics);
            }
        }
        update.timings.lap("re-sort");
        for (n, plan) in plans.iter_mut().enumerate() {
            state.relink(n, diagnostics, plan);
        }
        update.timings.lap("relink");
        for (n, plan) in plans.iter().enumerate() {
            if !plan.jobs.is_empty() || plan.sitemap {
                state.render(n, plan, self.options.today, files, update, diagnostics);
            }
        }
        Some(false)
    }
}

/// What an edit needs done in one language, found article by article.
#[derive(Default)]
struct Plan {
    /// Pages to re-render.
    jobs: BTreeSet<JobKey>,
    /// Documents whose links to resolve again.
    relink: BTreeSet<DocId>,
    /// Edited articles whose listing (title, order, …) changed.
    listed: Vec<usize>,
    /// Whether the sitemap changes (an `updated` date of the original
    /// did).
    sitemap: bool,
    /// Whether a title changed (the warnings about titles alike are
    /// found again).
    titles: bool,
}

impl State {
    /// The state of a help center just built: `sites` the original first.
    fn new(
        sites: Vec<Site>,
        (theme, tera): (Theme, tera::Tera),
        redirects: Vec<Redirect>,
        counts: (Counts, usize),
    ) -> State {
        let alternates = Alternates::of(&sites, &theme);
        let mut langs: Vec<Lang> = Vec::with_capacity(sites.len());
        for (n, site) in sites.into_iter().enumerate() {
            let index = links::build_index(&site);
            let original = langs.first().map(|o| (&o.site, &o.index));
            let (backlinks, fallback) = backlinks(&site, &index, original);
            let by_key = site
                .articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.key.clone(), i))
                .collect();
            let prefix = if n == 0 {
                String::new()
            } else {
                format!("{}/", site.config.language)
            };
            langs.push(Lang {
                site,
                index,
                backlinks,
                fallback,
                by_key,
                prefix,
            });
        }
        let outdated = langs
            .iter()
            .enumerate()
            .map(|(n, lang)| {
                lang.site
                    .articles
                    .iter()
                    .map(|a| {
                        let original = langs[0].by_key.get(&a.key);
                        n > 0
                            && original.is_some_and(|&i| {
                                translations::is_outdated(&langs[0].site.articles[i], a)
                            })
                    })
                    .collect()
            })
            .collect();
        let files = langs
            .iter()
            .enumerate()
            .flat_map(|(n, lang)| {
                let articles = lang.site.articles.iter().enumerate();
                articles.map(move |(i, a)| (a.file.path.clone(), (n, i)))
            })
            .collect();
        State {
            files,
            langs,
            theme,
            tera,
            redirects,
            counts,
            alternates,
            outdated,
        }
    }

    /// What the search index of language `n` is built from (`None` when
    /// search is off); `Err` when `stop` (asked before each page) said to
    /// give up.
    fn search_job(
        &self,
        n: usize,
        stop: &mut dyn FnMut() -> bool,
    ) -> Result<Option<crate::index::LiveJob>, Stopped> {
        let Some(lang) = self.langs.get(n) else {
            return Ok(None);
        };
        let site = &lang.site;
        let config = &site.config;
        if !config.search_enabled {
            return Ok(None);
        }
        let title = self
            .theme
            .strings_for(&config.language, &config.labels)
            .get("contact_us");
        let original = (n > 0).then(|| &self.langs[0].site);
        let input = crate::index::input_unless(site, original, &title, stop).ok_or(Stopped)?;
        Ok(Some(crate::index::LiveJob {
            input,
            locations: crate::index::live_locations((n > 0).then_some(config.language.as_str())),
            base_url: config.absolute_url(&config.url("")),
        }))
    }

    /// The (translation's language, its article, the original's article)
    /// that `edited` makes to check against each other again: an edited
    /// original with each of its translations, an edited translation with
    /// its original.
    fn translation_pairs(
        &self,
        edited: &BTreeSet<(usize, usize)>,
    ) -> BTreeSet<(usize, usize, usize)> {
        let mut pairs = BTreeSet::new();
        for &(n, i) in edited {
            let key = &self.langs[n].site.articles[i].key;
            if n == 0 {
                for (m, lang) in self.langs.iter().enumerate().skip(1) {
                    if let Some(&j) = lang.by_key.get(key) {
                        pairs.insert((m, j, i));
                    }
                }
            } else if let Some(&o) = self.langs[0].by_key.get(key) {
                pairs.insert((n, i, o));
            }
        }
        pairs
    }

    /// What [`translations::check_translation`] says of `(n, j, i)`: the
    /// translation `j` of language `n` against the original's article `i`.
    fn check_translation(&self, (n, j, i): (usize, usize, usize)) -> (bool, Vec<Diagnostic>) {
        let mut report = Report::default();
        let outdated = translations::check_translation(
            &self.langs[0].site.articles[i],
            &self.langs[n].site.articles[j],
            &mut report,
        );
        (outdated, report.sorted().into_iter().cloned().collect())
    }

    /// Takes the problems the last check of `pairs` found out of their
    /// translations' lists (before either file is read again).
    fn forget_translation_checks(
        &self,
        pairs: &BTreeSet<(usize, usize, usize)>,
        diagnostics: &mut Diagnostics,
    ) {
        for &pair in pairs {
            let (_, found) = self.check_translation(pair);
            let file = self.langs[pair.0].site.articles[pair.1].file.path.clone();
            let list = diagnostics.list(Some(file));
            for d in found {
                if let Some(at) = list.iter().position(|x| *x == d) {
                    list.remove(at);
                }
            }
        }
    }

    /// Checks `pairs` again (their files read anew): their problems, and
    /// the pages of the translations whose "may be out of date" notice
    /// comes or goes.
    fn recheck_translations(
        &mut self,
        pairs: &BTreeSet<(usize, usize, usize)>,
        diagnostics: &mut Diagnostics,
        plans: &mut [Plan],
    ) {
        for &pair in pairs {
            let (outdated, found) = self.check_translation(pair);
            let (n, j, _) = pair;
            let file = self.langs[n].site.articles[j].file.path.clone();
            diagnostics.list(Some(file)).extend(found);
            if self.outdated[n][j] != outdated {
                self.outdated[n][j] = outdated;
                plans[n].jobs.insert(JobKey::Article(j));
            }
        }
    }

    /// Re-reads article `i` of language `n` into its site and plans what
    /// it changes. `true` when the edit changes the site's structure (a
    /// full build).
    fn reread(
        &mut self,
        n: usize,
        i: usize,
        drafts: bool,
        diagnostics: &mut Diagnostics,
        plans: &mut [Plan],
    ) -> bool {
        let lang = &mut self.langs[n];
        let (mut article, mut found, source) = load::reload_article(&lang.site, i);
        if let Some(article) = &mut article {
            found.extend(validate::check_article(&lang.site.config, article));
        }
        let path = Some(lang.site.articles[i].file.path.clone());
        if let Some(source) = source {
            diagnostics
                .sources
                .insert(source.path.clone(), source.text.clone());
        }
        // This file's own problems are replaced; its link problems and
        // titles alike are re-checked later.
        let list = diagnostics.list(path);
        list.retain(|d| d.from_links || validate::titles::is_same_title(d));
        list.extend(found);
        let Some(new) = article else {
            // Broken front matter: keep the last good page, show the errors.
            return false;
        };
        let old = &lang.site.articles[i];
        if structural_change(old, &new, drafts) {
            return true;
        }
        let plan = &mut plans[n];
        let listed = listing_changed(old, &new);
        // The category navigation of the pages in its category names it, in order.
        let navigation = old.meta.title != new.meta.title || old.meta.weight != new.meta.weight;
        plan.titles |= old.meta.title != new.meta.title;
        // Only the original's dates are in the sitemap.
        plan.sitemap |= n == 0 && old.meta.updated != new.meta.updated;
        let anchors = anchors_changed(old, &new);
        if listed && (old.meta.promoted || new.meta.promoted) {
            plan.jobs.insert(JobKey::Home);
        }
        lang.site.articles[i] = new;
        plan.relink.insert(DocId::Article(i));
        if anchors {
            plan.relink.extend(lang.backlinks[i].iter().copied());
        }
        if listed {
            lang.plan_listing(i, plan);
        }
        if navigation {
            lang.plan_navigation(lang.site.articles[i].section, plan);
        }
        if anchors && n == 0 {
            // Translations link to the original where the page is not translated.
            for (m, other) in self.langs.iter().enumerate().skip(1) {
                plans[m].relink.extend(other.fallback[i].iter().copied());
            }
        }
        false
    }

    /// Resolves the links of language `n`'s documents planned again, and
    /// plans their pages.
    fn relink(&mut self, n: usize, diagnostics: &mut Diagnostics, plan: &mut Plan) {
        let Some((first, rest)) = self.langs.split_first_mut() else {
            return;
        };
        let (lang, original) = match n.checked_sub(1) {
            None => (first, None),
            Some(m) => match rest.get_mut(m) {
                Some(lang) => (lang, Some(&*first)),
                None => return,
            },
        };
        lang.relink(original, diagnostics, plan);
    }

    /// Renders the planned pages of language `n` into `files`, keeping
    /// those whose bytes changed, and the sitemap when dates changed.
    fn render(
        &self,
        n: usize,
        plan: &Plan,
        today: jiff::civil::Date,
        files: &mut Files,
        update: &mut Update,
        diagnostics: &mut Diagnostics,
    ) {
        let lang = &self.langs[n];
        let site = &lang.site;
        let search = site.config.search_enabled.then(|| {
            crate::index::live_locations((n > 0).then_some(site.config.language.as_str()))
        });
        let place = Place {
            prefix: &lang.prefix,
            alternates: &self.alternates,
            outdated: &self.outdated[n],
        };
        let redirects: &[Redirect] = if n == 0 { &self.redirects } else { &[] };
        let renderer = match Renderer::new(
            site,
            &self.theme,
            &self.tera,
            redirects,
            search.as_ref(),
            today,
            place,
        ) {
            Ok(r) => r,
            Err(d) => {
                diagnostics.list(None).push(d);
                return;
            }
        };
        update.timings.lap("renderer");
        let pages = lang.pages(&renderer, &plan.jobs);
        let render =
            |(path, job): &(String, Job)| (format!("{}{path}", lang.prefix), renderer.render(job));
        // A few pages on this thread: rayon's threads may be busy with a
        // search index, and a job queued behind its work waits for it.
        let rendered: Vec<(String, Result<Vec<u8>, Diagnostic>)> = if pages.len() <= ON_THIS_THREAD
        {
            pages.iter().map(render).collect()
        } else {
            pages.par_iter().map(render).collect()
        };
        let mut template_errors = Vec::new();
        for (path, result) in rendered {
            update.rendered += 1;
            match result {
                Ok(bytes) => {
                    if files.files.get(&path).map(|b| &**b) != Some(bytes.as_slice()) {
                        files.files.insert_mut(path.clone(), Arc::from(bytes));
                        update.changed.push(path);
                    }
                }
                Err(d) => template_errors.push(d),
            }
        }
        // The sitemap lists `updated` dates, and nothing else an edit changes.
        if plan.sitemap && n == 0 {
            for (path, result) in renderer.extras() {
                if let Ok(bytes) = result {
                    files.files.insert_mut(path, Arc::from(bytes));
                }
            }
        }
        diagnostics.list(None).extend(template_errors);
        update.timings.lap("render");
    }
}

impl Lang {
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
    /// (before the category is re-sorted; after, in [`Lang::resort`]), and
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

    /// Compares every title of this language again (an edit may have made
    /// two alike, or told two apart): the warnings about titles are
    /// replaced wherever they are in its files.
    fn recheck_titles(&self, diagnostics: &mut Diagnostics) {
        let mut report = Report::default();
        validate::titles::check(&self.site, &mut report);
        let mine: HashSet<&Path> = self
            .site
            .articles
            .iter()
            .map(|a| a.file.path.as_path())
            .collect();
        let stale: Vec<Option<PathBuf>> = diagnostics
            .by_file
            .iter()
            .filter(|(file, list)| {
                file.as_deref().is_some_and(|f| mine.contains(f))
                    && list.iter().any(validate::titles::is_same_title)
            })
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

    /// Resolves the links of the planned documents again (in a
    /// translation, with `original` for the pages not translated); plans
    /// their pages.
    fn relink(&mut self, original: Option<&Lang>, diagnostics: &mut Diagnostics, plan: &mut Plan) {
        let fallback = original.map(|o| (&o.site, &o.index));
        for &doc in &plan.relink {
            let resolved = links::resolve_doc(&self.site, &self.index, doc, fallback);
            let mut found = resolved.diagnostics;
            if let DocId::Article(a) = doc {
                let (related, problems) =
                    links::resolve_related(&self.site, &self.index, a, original.map(|o| &o.index));
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
            for t in &resolved.fallback_targets {
                if let Some(set) = self.fallback.get_mut(*t) {
                    set.insert(doc);
                }
            }
            if resolved.urls.is_empty() {
                self.site.link_urls.remove(&doc);
            } else {
                self.site.link_urls.insert(doc, resolved.urls.into());
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

    /// The pages of `jobs`: (output path under the language's folder,
    /// what renders it).
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
        .map(|h| h.id)
        .ne(new.body.headings.iter().map(|h| h.id))
}

/// For each article, the documents linking to it.
type Backlinks = Vec<BTreeSet<DocId>>;

/// For each article of `site`, the documents linking to it; and in a
/// translation (`original` the original's site and index), for each
/// article of the original, the documents whose links go to it because it
/// is not translated.
fn backlinks(
    site: &Site,
    index: &LinkIndex,
    original: Option<(&Site, &LinkIndex)>,
) -> (Backlinks, Backlinks) {
    let mut out = vec![BTreeSet::new(); site.articles.len()];
    let mut fallback = vec![BTreeSet::new(); original.map_or(0, |(o, _)| o.articles.len())];
    let resolved: Vec<(DocId, links::DocLinks)> = links::documents(site)
        .into_par_iter()
        .map(|doc| (doc, links::resolve_doc(site, index, doc, original)))
        .collect();
    for (doc, links) in resolved {
        for t in links.targets {
            out[t].insert(doc);
        }
        for t in links.fallback_targets {
            if let Some(set) = fallback.get_mut(t) {
                set.insert(doc);
            }
        }
    }
    (out, fallback)
}
