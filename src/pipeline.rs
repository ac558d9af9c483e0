//! The whole pipeline for `build` and `check`: config → load → validate →
//! render, with every problem collected in one [`Report`].

use std::path::Path;
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::base::diagnostic::{Diagnostic, Report};
use crate::config::{Config, CONFIG_FILE};
use crate::index as search_index;
use crate::index::IndexError;
use crate::load::{self, LoadOptions};
use crate::model::site::Site;
use crate::render::{self, Output};
use crate::theme::Theme;
use crate::validate::{links, translations, urls};
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
    /// index is built (`check`).
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

/// What a pipeline run produced.
#[derive(Debug)]
pub struct Built {
    /// The loaded site (in the original language), when `book.toml` could
    /// be read.
    pub site: Option<Site>,
    /// Its translations, one site per `[language.<code>]`.
    pub translations: Vec<Site>,
    /// Rendered files, when there were no errors before rendering.
    pub output: Option<Output>,
    /// Where the time went.
    pub timings: Timings,
    /// The theme and its compiled templates, when they loaded (kept by a
    /// live preview to re-render pages).
    pub theme: Option<(Theme, tera::Tera)>,
    /// Alias redirects.
    pub redirects: Vec<crate::model::urls::Redirect>,
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

/// [`run`] with the files going to `target`, telling `progress` what it is
/// doing ("Loading content", …) for a progress indicator.
pub fn run_with_progress(
    root: &Path,
    options: BuildOptions,
    target: Target,
    report: &mut Report,
    progress: &dyn Fn(&str),
) -> Result<Built, Fatal> {
    let mut timings = Timings::default();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Timings| {
        timings.phases.push((name, clock.elapsed(), peak_memory()));
        clock = Instant::now();
    };

    let config_path = root.join(CONFIG_FILE);
    if !config_path.is_file() {
        return Err(Fatal::NoConfig(root.to_path_buf()));
    }
    let (config, config_text, diagnostics) =
        Config::load(root).map_err(|e| Fatal::Io(config_path.clone(), e))?;
    report.add_source(CONFIG_FILE.into(), config_text.as_str().into());
    report.extend(diagnostics);
    let Some(config) = config else {
        return Ok(Built {
            site: None,
            output: None,
            timings,
            theme: None,
            redirects: Vec::new(),
            written: None,
            translations: Vec::new(),
        });
    };
    let theme = Theme::load(root, &config, &config_text);
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
        report.extend(unknown_labels(&config, theme, &config_text));
    }
    lap("theme", &mut timings);

    progress("Loading content");
    let mut sites = load::load_all(
        root,
        config,
        LoadOptions {
            drafts: options.drafts,
        },
        report,
    );
    // A translation has its original's URLs: aliases are the original's.
    for site in sites.iter_mut().skip(1) {
        for article in &mut site.articles {
            if let Some(first) = article.meta.aliases.first() {
                report.push(
                    Diagnostic::warning("`aliases` in a translation are not used")
                        .in_file(&article.file.path)
                        .at(&article.file.text, first.span.clone())
                        .with_help("a translation's URL mirrors its original's, and the original's aliases redirect there; remove them here"),
                );
            }
            article.meta.aliases.clear();
        }
    }
    lap("load", &mut timings);
    progress("Checking links");
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
    let names = match &theme {
        Ok(theme) => theme,
        Err(_) => {
            built_in = Theme::built_in();
            &built_in
        }
    };
    let status = translations::check(&sites, names, report);
    lap("validate", &mut timings);

    // Pages go to the staging folder as they are rendered.
    let mut written = None;
    let staging = match &target {
        Target::Folder(dest) if !report.has_errors() && tera.is_some() => {
            let dest = dest
                .clone()
                .unwrap_or_else(|| root.join(&sites[0].config.build_dir));
            match Staging::create(root, &dest) {
                Ok(staging) => Some(staging),
                Err(e) => {
                    written = Some(Err(e));
                    None
                }
            }
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
            let mut output: Option<Output> = None;
            let mut parts = Timings::default();
            let alternates = render::alternates::Alternates::of(&sites, theme);
            for (n, site) in sites.iter().enumerate() {
                let prefix = if n == 0 {
                    String::new()
                } else {
                    format!("{}/", site.config.language)
                };
                let place = render::Place {
                    prefix: &prefix,
                    alternates: &alternates,
                    outdated: &status.outdated[n],
                };
                let job = SiteJob {
                    site,
                    place,
                    redirects: if n == 0 { &redirects } else { &[] },
                    theme,
                    tera,
                    options,
                    index: !matches!(target, Target::Check),
                    manifest: search_index::manifest_path(
                        (n > 0).then_some(site.config.language.as_str()),
                    ),
                    translation: (n > 0).then_some(site.config.language.as_str()),
                };
                match render_and_index(job, sink, report, &mut parts) {
                    Ok(Some(part)) => match &mut output {
                        None => output = Some(part),
                        Some(all) => all.add(part),
                    },
                    Ok(None) => {}
                    Err(e) => {
                        written = Some(Err(e));
                        break;
                    }
                }
            }
            lap("render + index", &mut timings);
            // Its parts, shown under it.
            timings.phases.append(&mut parts.phases);
            output.filter(|_| !report.has_errors() && written.is_none())
        }
        _ => None,
    };
    if let Some(staging) = staging {
        // Dropped without a commit, the staging folder is deleted.
        if output.is_some() && written.is_none() {
            let dest = staging.dest().to_path_buf();
            written = Some(staging.commit().map(|_| dest));
            lap("write", &mut timings);
        }
    }
    let theme = match (theme, tera) {
        (Ok(theme), Some(tera)) => Some((theme, tera)),
        _ => None,
    };
    let mut sites = sites.into_iter();
    Ok(Built {
        site: sites.next(),
        translations: sites.collect(),
        output,
        timings,
        theme,
        redirects,
        written,
    })
}

/// One language's site to render and index.
struct SiteJob<'a> {
    site: &'a Site,
    place: render::Place<'a>,
    redirects: &'a [crate::model::urls::Redirect],
    theme: &'a Theme,
    tera: &'a tera::Tera,
    options: BuildOptions,
    /// Build the search index (not for `check`).
    index: bool,
    /// Where the index's manifest goes (`search/index.json`).
    manifest: String,
    /// The language's code, for a translation.
    translation: Option<&'a str>,
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
    let documents =
        (search && !options.live).then(|| search_index::SiteDocuments::new(site, &contact_title));
    let locations = if options.live {
        search.then(|| search_index::live_locations(job.translation))
    } else {
        documents
            .as_ref()
            .map(|source| search_index::locations(&source.options(), source))
    };
    if documents.is_some() {
        parts
            .phases
            .push(("  search input", started.elapsed(), None));
    }
    let (rendered, index) = rayon::join(
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
            let source = documents.as_ref()?;
            let locations = locations.clone()?;
            let started = Instant::now();
            let base = site.config.absolute_url(&site.config.url(""));
            let index = sink
                .scratch(&format!("search-{}", site.config.language))
                .map_err(IndexError::Write)
                .and_then(|scratch| {
                    let options = helpbook_search::writer::Options {
                        scratch,
                        ..source.options()
                    };
                    search_index::build(&options, source, locations, &base, &job.manifest, sink)
                });
            Some((index, started.elapsed()))
        },
    );
    if let Some((_, elapsed)) = &index {
        parts.phases.push(("  of which index", *elapsed, None));
    }
    let mut output = rendered?;
    match index {
        Some((Ok(index), _)) => {
            if let Some(warning) = search_budget(&site.config, &index.stats) {
                report.push(warning);
            }
            output.search = Some(index.stats.clone());
            output.files.extend(index.files);
        }
        Some((Err(IndexError::Write(e)), _)) => return Err(e),
        Some((Err(IndexError::Index(e)), _)) => report.push(Diagnostic::error(e.to_string())),
        None => {}
    }
    Ok(Some(output))
}

/// Warnings for `[language.<code>.labels]` keys the theme has no string
/// for (a typo would otherwise be silently ignored).
fn unknown_labels(config: &Config, theme: &Theme, config_text: &str) -> Vec<Diagnostic> {
    let Some(known) = theme.strings.get(crate::theme::STRINGS_FALLBACK) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for language in &config.languages {
        for key in language.labels.keys().filter(|k| !known.contains_key(*k)) {
            let help = match crate::base::did_you_mean::did_you_mean(
                key,
                known.keys().map(String::as_str),
            ) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "the keys are those of themes/default/strings/en.toml".to_string(),
            };
            let mut d = Diagnostic::warning(format!(
                "`{key}` in [language.{}.labels] is not a string of the theme",
                language.code
            ))
            .in_file(CONFIG_FILE)
            .with_help(help);
            if let Some(at) = config_text.find(&format!("{key} =")) {
                d = d.at(config_text, at..at + key.len());
            }
            out.push(d);
        }
    }
    out
}

/// A warning when a browser would download more than `[output.html.search]
/// size-budget` before its first search: the engine, its worker script and
/// the hot bundle (compressed), without which no query can run.
fn search_budget(config: &Config, stats: &helpbook_search::writer::Stats) -> Option<Diagnostic> {
    let engine = helpbook_search::writer::gzip(search_index::WASM).len() as u64
        + helpbook_search::writer::gzip(search_index::WORKER_JS.as_bytes()).len() as u64;
    let total = engine + stats.hot_bytes;
    (total > config.search_budget).then(|| {
        Diagnostic::warning(format!(
            "a reader's browser downloads {:.1} MB before its first search result (engine {:.1} MB, index start {:.1} MB), over the {:.1} MB size-budget",
            total as f64 / 1e6,
            engine as f64 / 1e6,
            stats.hot_bytes as f64 / 1e6,
            config.search_budget as f64 / 1e6
        ))
        .in_file(CONFIG_FILE)
        .with_help("the index start grows with the number of pages and sections: split the help center, or raise [output.html.search] size-budget if your readers are on fast connections")
    })
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
