//! The whole pipeline for `build` and `check`: config → load → validate →
//! render, with every problem collected in one [`Report`].

use std::path::Path;
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::config::{Config, CONFIG_FILE};
use crate::diagnostic::{Diagnostic, Report};
use crate::load::{self, LoadOptions};
use crate::render::{self, Output};
use crate::site::Site;
use crate::theme::Theme;
use crate::{links, search_index, urls};

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
    /// (stage name, duration), in order.
    pub phases: Vec<(&'static str, Duration)>,
}

/// What a pipeline run produced.
#[derive(Debug)]
pub struct Built {
    /// The loaded site, when `book.toml` could be read.
    pub site: Option<Site>,
    /// Rendered files, when there were no errors before rendering.
    pub output: Option<Output>,
    /// Where the time went.
    pub timings: Timings,
    /// The theme and its compiled templates, when they loaded (kept by a
    /// live preview to re-render pages).
    pub theme: Option<(Theme, tera::Tera)>,
    /// Alias redirects.
    pub redirects: Vec<urls::Redirect>,
}

/// Runs config → load → validate → render for the help center at `root`.
/// Content problems are in `report`; only problems outside the content
/// (no `book.toml`, unreadable root) are `Err`.
pub fn run(root: &Path, options: BuildOptions, report: &mut Report) -> Result<Built, Fatal> {
    run_with_progress(root, options, report, &|_| {})
}

/// [`run`], telling `progress` what it is doing ("Loading content", …) for
/// a progress indicator.
pub fn run_with_progress(
    root: &Path,
    options: BuildOptions,
    report: &mut Report,
    progress: &dyn Fn(&str),
) -> Result<Built, Fatal> {
    let mut timings = Timings::default();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Timings| {
        timings.phases.push((name, clock.elapsed()));
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
    lap("theme", &mut timings);

    progress("Loading content");
    let mut site = load::load(
        root,
        config,
        LoadOptions {
            drafts: options.drafts,
        },
        report,
    );
    lap("load", &mut timings);
    progress("Checking links");
    links::resolve_links(&mut site, report);
    let redirects = urls::check_urls(&site, report);
    lap("validate", &mut timings);

    let output = match (&theme, &tera) {
        (Ok(theme), Some(tera)) if !report.has_errors() => {
            // The index folder's name is a hash of the search input, so pages
            // and the index can be built at the same time.
            let search_input =
                (site.config.search_enabled && !options.live).then(|| search_index::input(&site));
            let locations = if options.live {
                site.config
                    .search_enabled
                    .then(search_index::live_locations)
            } else {
                search_input.as_ref().map(search_index::locations)
            };
            let (mut output, index) = rayon::join(
                || {
                    render::render_site(
                        &site,
                        theme,
                        tera,
                        &redirects,
                        locations.as_ref(),
                        options.today,
                        report,
                    )
                },
                || {
                    let input = search_input.as_ref()?;
                    let locations = locations.clone()?;
                    let started = Instant::now();
                    let base = site.config.absolute_url(&site.config.url(""));
                    let index = search_index::build(input, locations, &base);
                    Some((index, started.elapsed()))
                },
            );
            lap("render + index", &mut timings);
            if let Some((index, elapsed)) = index {
                timings.phases.push(("  of which index", elapsed));
                match index {
                    Ok(index) => {
                        if let Some(warning) = search_budget(&site.config, &index.stats) {
                            report.push(warning);
                        }
                        output.search = Some(index.stats.clone());
                        output.files.extend(index.files);
                    }
                    Err(error) => report.push(Diagnostic::error(error.to_string())),
                }
            }
            (!report.has_errors()).then_some(output)
        }
        _ => None,
    };
    let theme = match (theme, tera) {
        (Ok(theme), Some(tera)) => Some((theme, tera)),
        _ => None,
    };
    Ok(Built {
        site: Some(site),
        output,
        timings,
        theme,
        redirects,
    })
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
