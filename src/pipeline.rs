//! The whole pipeline for `build` and `check`: config → load → validate →
//! render, with every problem collected in one [`Report`].

use std::path::Path;
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::base::diagnostic::{Diagnostic, Report};
use crate::config::{Config, CONFIG_FILE};
use crate::index::expect::SearchTests;
use crate::index::{self, IndexError, SearchOutput};
use crate::load::{self, LoadOptions};
use crate::model::search::{Expectation, Locations};
use crate::model::site::Site;
use crate::model::urls::Redirect;
use crate::render::{self, Output};
use crate::theme::Theme;
use crate::validate::{self, links, translations, urls};
use crate::write::{Sink, Staging, WriteError};

/// Options of one build.
#[derive(Clone, Copy, Debug)]
pub struct BuildOptions {
    /// Include `draft = true` articles.
    pub drafts: bool,
    /// The day the site is built for (announcement dates are compared to it).
    pub today: Date,
    /// A live preview (`serve`): the search index lives at fixed URLs and is
    /// not built here (the server builds it in the background), so pages
    /// never wait for it.
    pub live: bool,
}

/// Where a run's rendered files go.
#[derive(Clone, Debug)]
pub enum Target {
    /// Kept in memory, in [`Built::output`] (a live preview, tests).
    Memory,
    /// Rendered (so template errors are found) and dropped; no search
    /// index is built (`check`), except in memory for the languages that
    /// `[[search.expect]]` tests.
    Check,
    /// Written to a folder, `None` meaning book.toml's `build-dir`, which
    /// is replaced only once the whole site is written (`build`).
    Folder(Option<std::path::PathBuf>),
}

/// A problem that is not about content: exit code 2.
#[derive(Debug)]
pub enum Fatal {
    /// No `book.toml` at the root.
    NoConfig(std::path::PathBuf),
    /// Reading `book.toml` failed.
    Io(std::path::PathBuf, std::io::Error),
}

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fatal::NoConfig(root) => write!(
                f,
                "no {CONFIG_FILE} in {}: this is not a help center (use --root DIR, or `helpbook init` to create one)",
                root.display()
            ),
            Fatal::Io(path, err) => write!(f, "cannot read {}: {err}", path.display()),
        }
    }
}

/// Stops every build of this process from writing and deletes its
/// unfinished site and temporary files (for a signal handler, which then
/// exits). Returns how many builds were stopped before they replaced their
/// destination.
pub fn cancel_builds() -> usize {
    crate::write::leftovers::cancel()
}

/// Time spent in each stage, for `--timings`.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    /// (stage name, duration, peak memory of the process so far in bytes
    /// where the system tells), in order.
    pub phases: Vec<(&'static str, Duration, Option<u64>)>,
}

/// The most memory the process has had resident so far (Linux: `VmHWM`).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// What a help center holds, counted one way for `build`, `check` and
/// `serve` (their summaries print it with the same words).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Articles of the original language (troubleshooters and wizards
    /// included; drafts only when built with drafts), those that could not
    /// be read included.
    pub articles: usize,
    /// Of which: article files that could not be read (their errors say
    /// why), so not built.
    pub unreadable: usize,
    /// Of the articles: troubleshooters and wizards.
    pub trees: usize,
    /// Categories (the home page excluded).
    pub categories: usize,
    /// Each translation's language and how far it goes.
    pub languages: Vec<Coverage>,
}

/// How much of the original one language translates.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    /// Its code (`es`).
    pub code: String,
    /// Its name, as the language switcher shows it (`Español`).
    pub name: String,
    /// Articles of the original it translates.
    pub translated: usize,
    /// `[language.<code>] partial = true`: translated in part on purpose.
    pub partial: bool,
}

impl Counts {
    /// The counts of a help center: its original site and its translations
    /// (languages named as `theme` names them).
    pub fn of(site: &Site, translations: &[Site], theme: &Theme) -> Counts {
        let originals: std::collections::HashSet<&str> =
            site.articles.iter().map(|a| a.key.as_str()).collect();
        let unreadable = site
            .unreadable
            .iter()
            .filter(|key| !key.rsplit('/').next().unwrap_or(key).starts_with('_'))
            .count();
        Counts {
            articles: site.articles.len() + unreadable,
            unreadable,
            trees: site.articles.iter().filter(|a| a.tree.is_some()).count(),
            categories: site.sections.len().saturating_sub(1),
            languages: translations
                .iter()
                .map(|t| Coverage {
                    code: t.config.language.clone(),
                    name: theme.name_of_language(&t.config),
                    translated: t
                        .articles
                        .iter()
                        .filter(|a| originals.contains(a.key.as_str()))
                        .count(),
                    partial: site
                        .config
                        .languages
                        .iter()
                        .any(|l| l.code == t.config.language && l.partial),
                })
                .collect(),
        }
    }

    /// Translated articles in every language together.
    pub fn translations(&self) -> usize {
        self.languages.iter().map(|l| l.translated).sum()
    }
}

/// What a pipeline run produced.
#[derive(Debug)]
pub struct Built {
    /// The loaded site (in the original language; with a best-effort
    /// config when `book.toml` has errors).
    pub site: Option<Site>,
    /// Its translations, one site per `[language.<code>]`.
    pub translations: Vec<Site>,
    /// Rendered files, when there were no errors before rendering.
    pub output: Option<Output>,
    /// What the help center holds (`None` when nothing could be loaded).
    pub counts: Option<Counts>,
    /// Where the time went.
    pub timings: Timings,
    /// The theme and its compiled templates, when they loaded (kept by a
    /// live preview to re-render pages).
    pub theme: Option<(Theme, tera::Tera)>,
    /// Alias redirects.
    pub redirects: Vec<Redirect>,
    /// For [`Target::Folder`]: where the site was written, or why it could
    /// not be (`None` when there was nothing to write).
    pub written: Option<Result<std::path::PathBuf, WriteError>>,
}

/// Runs config → load → validate → render for the help center at `root`.
/// Content problems are in `report`; only problems outside the content
/// (no `book.toml`, unreadable root) are `Err`.
pub fn run(root: &Path, options: BuildOptions, report: &mut Report) -> Result<Built, Fatal> {
    run_with_progress(root, options, Target::Memory, report, &|_| {})
}

/// The help center at `root` loaded and validated as `check` does, without
/// rendering: every language's site (the original first; read with a
/// best-effort config when `book.toml` has errors) and the theme when it loads (its strings name
/// the contact page in search results). Problems are in `report`. For
/// commands that read the content without building it (`insights`).
pub fn load_checked(
    root: &Path,
    drafts: bool,
    report: &mut Report,
) -> Result<(Vec<Site>, Option<Theme>), Fatal> {
    let (config, config_text) = read_config(root, report)?;
    let theme = Theme::load(root, &config, &config_text).ok();
    let options = LoadOptions {
        drafts,
        pack_texts: false,
    };
    let mut sites = load::load_all(root, config, options, report);
    validate_sites(&mut sites, theme.as_ref(), true, report);
    Ok((sites, theme))
}

/// [`run`] with the files going to `target`, telling `progress` what it is
/// doing ("Loading content", …) for a progress indicator.
///
/// The stages, in order: config and theme, load, validate, then render and
/// index together into a sink (a staging folder swapped in only when all is
/// written, memory, or nothing), each stage's time recorded.
pub fn run_with_progress(
    root: &Path,
    options: BuildOptions,
    target: Target,
    report: &mut Report,
    progress: &dyn Fn(&str),
) -> Result<Built, Fatal> {
    let mut clock = Clock::start();
    let (config, config_text) = read_config(root, report)?;
    if let (Target::Folder(_), Some(warning)) = (&target, &config.site_url_warning) {
        // The site to publish: search engines need its full address.
        report.push(warning.clone());
    }
    let (theme, tera) = load_theme(root, &config, &config_text, report);
    clock.lap("theme");

    progress("Loading content");
    let load_options = LoadOptions {
        drafts: options.drafts,
        // Only a full build packs the texts; `serve` re-renders from its
        // model at every edit, `check` keeps no pages.
        pack_texts: matches!(target, Target::Folder(_)),
    };
    let mut sites = load::load_all(root, config, load_options, report);
    clock.lap("load");
    progress("Checking links");
    let list_partial = matches!(target, Target::Check);
    let (redirects, status) = validate_sites(&mut sites, theme.as_ref().ok(), list_partial, report);
    let expectations = validate::expectations::resolve(&sites, &config_text, report);
    clock.lap("validate");

    // Pages go to the staging folder as they are rendered.
    let mut written = None;
    let staging = match &target {
        Target::Folder(dest) if !report.has_errors() && tera.is_some() => {
            let dest = dest
                .clone()
                .unwrap_or_else(|| root.join(&sites[0].config.build_dir));
            Staging::create(root, &dest)
                .map_err(|e| written = Some(Err(e)))
                .ok()
        }
        _ => None,
    };
    let sink = match (&target, &staging) {
        (Target::Memory, _) => Some(Sink::Memory),
        (Target::Check, _) => Some(Sink::Discard),
        (Target::Folder(_), Some(staging)) => Some(Sink::Staging(staging)),
        (Target::Folder(_), None) => None,
    };
    let output = match (&theme, &tera, sink) {
        (Ok(theme), Some(tera), Some(sink)) if !report.has_errors() => {
            progress("Rendering pages");
            let languages = Languages {
                sites: &sites,
                redirects: &redirects,
                status: &status,
                expectations: (&expectations, &config_text),
            };
            let mut parts = Timings::default();
            let rendered = render_languages(
                &languages,
                (theme, tera),
                &target,
                options,
                sink,
                report,
                &mut parts,
            );
            clock.lap("render + index");
            // Its parts, shown under it.
            clock.timings.phases.append(&mut parts.phases);
            match rendered {
                Ok(output) => output.filter(|_| !report.has_errors()),
                Err(e) => {
                    written = Some(Err(e));
                    None
                }
            }
        }
        _ => None,
    };
    if let Some(staging) = staging {
        // Dropped without a commit, the staging folder is deleted.
        if output.is_some() && written.is_none() {
            let dest = staging.dest().to_path_buf();
            written = Some(staging.commit().map(|_| dest));
            clock.lap("write");
        }
    }
    let counts = sites
        .split_first()
        .map(|(site, translations)| match &theme {
            Ok(theme) => Counts::of(site, translations, theme),
            Err(_) => Counts::of(site, translations, &Theme::built_in()),
        });
    let theme = match (theme, tera) {
        (Ok(theme), Some(tera)) => Some((theme, tera)),
        _ => None,
    };
    let mut sites = sites.into_iter();
    Ok(Built {
        site: sites.next(),
        translations: sites.collect(),
        counts,
        output,
        timings: clock.timings,
        theme,
        redirects,
        written,
    })
}

/// `book.toml` of the help center at `root`, its problems in `report`.
/// When it has errors the config is the best that could be read, so the
/// content is still loaded and checked in the same run (every problem at
/// once); the errors keep anything from being rendered or written.
fn read_config(root: &Path, report: &mut Report) -> Result<(Config, String), Fatal> {
    let config_path = root.join(CONFIG_FILE);
    if !config_path.is_file() {
        return Err(Fatal::NoConfig(root.to_path_buf()));
    }
    let file = Config::read(root).map_err(|e| Fatal::Io(config_path, e))?;
    report.add_source(CONFIG_FILE.into(), file.text.as_str());
    report.extend(file.diagnostics);
    Ok((file.config, file.text))
}

/// Stage times, measured lap by lap.
struct Clock {
    timings: Timings,
    since: Instant,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            timings: Timings::default(),
            since: Instant::now(),
        }
    }

    /// Records the time since the last lap as stage `name`.
    fn lap(&mut self, name: &'static str) {
        self.timings
            .phases
            .push((name, self.since.elapsed(), peak_memory()));
        self.since = Instant::now();
    }
}

/// The theme (default and overrides) and its compiled templates; problems
/// go to `report`, including labels in book.toml the theme has no string
/// for.
fn load_theme(
    root: &Path,
    config: &Config,
    config_text: &str,
    report: &mut Report,
) -> (Result<Theme, Vec<Diagnostic>>, Option<tera::Tera>) {
    let theme = Theme::load(root, config, config_text);
    let tera = match &theme {
        Ok(theme) => match theme.compile() {
            Ok(tera) => Some(tera),
            Err(diagnostics) => {
                report.extend(diagnostics);
                None
            }
        },
        Err(diagnostics) => {
            report.extend(diagnostics.iter().cloned());
            None
        }
    };
    if let Ok(theme) = &theme {
        report.extend(validate::rules::unknown_labels(config, theme, config_text));
    }
    (theme, tera)
}

/// The validate stage on every language's site: articles on their own
/// (trees, channels), a translation's aliases, links, the URL space, and
/// the translations against their original (languages named as `theme`
/// names them, or the built-in theme when it failed to load; the articles a
/// `partial` language lacks listed only when `list_partial`). Returns the
/// original's alias redirects and the translations' status.
fn validate_sites(
    sites: &mut [Site],
    theme: Option<&Theme>,
    list_partial: bool,
    report: &mut Report,
) -> (Vec<Redirect>, translations::Status) {
    for site in sites.iter_mut().skip(1) {
        report.extend(validate::rules::translation_aliases(site));
    }
    for site in sites.iter_mut() {
        validate::check_articles(site, report);
        validate::titles::check(site, report);
    }
    validate::check_pages(sites, report);
    let mut redirects = Vec::new();
    if let Some((original, translations)) = sites.split_first_mut() {
        links::resolve_links(original, None, report);
        redirects = urls::check_urls(original, report);
        for site in translations.iter_mut() {
            links::resolve_links(site, Some(original), report);
            urls::check_urls(site, report);
        }
    }
    let built_in;
    if let Some(theme) = theme {
        for site in sites.iter() {
            report.extend(validate::rules::section_icons(site, theme));
        }
    }
    let names = match theme {
        Some(theme) => theme,
        None => {
            built_in = Theme::built_in();
            &built_in
        }
    };
    let status = translations::check(sites, names, list_partial, report);
    (redirects, status)
}

/// Every language's validated site, for rendering.
struct Languages<'a> {
    sites: &'a [Site],
    redirects: &'a [Redirect],
    status: &'a translations::Status,
    /// The `[[search.expect]]` found in the content, and book.toml's text.
    expectations: (&'a [Expectation], &'a str),
}

/// Renders and indexes every language's site into `sink`, the original
/// first. `Ok(None)` when a template failed (in `report`).
fn render_languages(
    languages: &Languages<'_>,
    (theme, tera): (&Theme, &tera::Tera),
    target: &Target,
    options: BuildOptions,
    sink: Sink<'_>,
    report: &mut Report,
    parts: &mut Timings,
) -> Result<Option<Output>, WriteError> {
    let alternates = render::alternates::Alternates::of(languages.sites, theme);
    let mut output: Option<Output> = None;
    for (n, site) in languages.sites.iter().enumerate() {
        let translation = (n > 0).then_some(site.config.language.as_str());
        let prefix = translation
            .map(|code| format!("{code}/"))
            .unwrap_or_default();
        let (expectations, config_text) = languages.expectations;
        let expectations: Vec<Expectation> = expectations
            .iter()
            .filter(|e| e.language == n)
            .cloned()
            .collect();
        let job = SiteJob {
            site,
            place: render::Place {
                prefix: &prefix,
                alternates: &alternates,
                outdated: &languages.status.outdated[n],
            },
            redirects: if n == 0 { languages.redirects } else { &[] },
            theme,
            tera,
            options,
            // `check` builds an index only to run search tests on it.
            index: !matches!(target, Target::Check) || !expectations.is_empty(),
            manifest: index::manifest_path(translation),
            translation,
            original: (n > 0).then(|| &languages.sites[0]),
            tests: SearchTests {
                written: &languages.sites[0].config.search_expectations,
                expectations: &expectations,
                config_text,
            },
        };
        if let Some(part) = render_and_index(job, sink, report, parts)? {
            match &mut output {
                None => output = Some(part),
                Some(all) => all.add(part),
            }
        }
    }
    Ok(output)
}

/// One language's site to render and index.
struct SiteJob<'a> {
    site: &'a Site,
    place: render::Place<'a>,
    redirects: &'a [Redirect],
    theme: &'a Theme,
    tera: &'a tera::Tera,
    options: BuildOptions,
    /// Build the search index (not for `check`, unless it has search
    /// tests).
    index: bool,
    /// Where the index's manifest goes (`search/index.json`).
    manifest: String,
    /// The language's code, for a translation.
    translation: Option<&'a str>,
    /// The original language's site, for a translation (its untranslated
    /// articles are searchable from the translation's pages).
    original: Option<&'a Site>,
    /// The `[[search.expect]]` to run on its index.
    tests: SearchTests<'a>,
}

/// Renders one language's pages and builds its search index, at the same
/// time. `Ok(None)` when a template failed (in `report`).
fn render_and_index(
    job: SiteJob<'_>,
    sink: Sink<'_>,
    report: &mut Report,
    parts: &mut Timings,
) -> Result<Option<Output>, WriteError> {
    let site = job.site;
    let options = job.options;
    let search = site.config.search_enabled && job.index;
    // The index folder's name is a hash of the search input, so pages and
    // the index can be built at the same time.
    let contact_title = job
        .theme
        .strings_for(&site.config.language, &site.config.labels)
        .get("contact_us");
    let started = Instant::now();
    let mut documents = (search && !options.live)
        .then(|| index::SiteDocuments::new(site, job.original, &contact_title));
    let locations = if options.live {
        search.then(|| index::live_locations(job.translation))
    } else {
        documents.as_mut().map(|source| {
            // The first pages' plain texts, made here for the hash, are
            // kept for the index's pass, which takes them.
            source.keep_plain_texts(true);
            let locations = index::locations(&source.options(), &*source);
            source.keep_plain_texts(false);
            locations
        })
    };
    if documents.is_some() {
        parts
            .phases
            .push(("  search input", started.elapsed(), None));
    }
    let (rendered, built) = rayon::join(
        || {
            render::render_site(
                site,
                job.theme,
                job.tera,
                job.redirects,
                locations.as_ref(),
                options.today,
                job.place,
                sink,
                report,
            )
        },
        || {
            Some(build_index(
                &job,
                documents.as_ref()?,
                locations.clone()?,
                sink,
            ))
        },
    );
    let mut output = rendered?;
    let Some(built) = built else {
        return Ok(Some(output));
    };
    parts.phases.push(("  of which index", built.elapsed, None));
    if let Some((diagnostics, elapsed)) = built.tests {
        parts.phases.push(("  search tests", elapsed, None));
        report.extend(diagnostics);
    }
    match built.result {
        Ok(built_index) => {
            if let Some(warning) = index::budget::check(&site.config, &built_index.stats) {
                report.push(warning);
            }
            output.search = Some(built_index.stats.clone());
            // `check` keeps nothing (its index was in memory for the tests).
            if !matches!(sink, Sink::Discard) {
                output.files.extend(built_index.files);
            }
        }
        Err(IndexError::Write(e)) => return Err(e),
        Err(IndexError::Index(e)) => report.push(Diagnostic::error(e.to_string())),
    }
    Ok(Some(output))
}

/// A language's index, built while its pages are rendered.
struct BuiltIndex {
    result: Result<SearchOutput, IndexError>,
    elapsed: Duration,
    /// The search tests' failures and time, when there were tests.
    tests: Option<(Vec<Diagnostic>, Duration)>,
}

/// Builds `job`'s index from `source` into `sink` (into memory for
/// `check`, which discards pages: the search tests read it there), then
/// runs the language's search tests on it.
fn build_index(
    job: &SiteJob<'_>,
    source: &index::SiteDocuments<'_>,
    locations: Locations,
    sink: Sink<'_>,
) -> BuiltIndex {
    let started = Instant::now();
    let site = job.site;
    let sink = match sink {
        Sink::Discard => Sink::Memory,
        sink => sink,
    };
    let base = site.config.absolute_url(&site.config.url(""));
    let result = sink
        .scratch(&format!("search-{}", site.config.language))
        .map_err(IndexError::Write)
        .and_then(|scratch| {
            let options = helpbook_search::writer::Options {
                scratch,
                ..source.options()
            };
            index::build(&options, source, locations, &base, &job.manifest, sink)
        });
    let elapsed = started.elapsed();
    let tests = match &result {
        Ok(built) if !job.tests.expectations.is_empty() => {
            let started = Instant::now();
            let diagnostics = index::expect::run(&job.tests, site, built, sink);
            Some((diagnostics, started.elapsed()))
        }
        _ => None,
    };
    BuiltIndex {
        result,
        elapsed,
        tests,
    }
}

/// Today's date in UTC, or the date of `SOURCE_DATE_EPOCH` when set (for
/// reproducible builds).
pub fn build_date() -> Result<Date, Diagnostic> {
    let timestamp = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => {
            let seconds: i64 = value.trim().parse().map_err(|_| {
                Diagnostic::error(format!(
                    "SOURCE_DATE_EPOCH is not a number of seconds: `{value}`"
                ))
            })?;
            jiff::Timestamp::from_second(seconds)
                .map_err(|e| Diagnostic::error(format!("SOURCE_DATE_EPOCH is out of range: {e}")))?
        }
        Err(_) => jiff::Timestamp::now(),
    };
    Ok(timestamp.to_zoned(jiff::tz::TimeZone::UTC).date())
}
