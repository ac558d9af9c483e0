//! [`Config`], what `book.toml` says, and what the other stages ask of it
//! (URLs under the base path, a translation's own config, direction).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::base::diagnostic::Diagnostic;
use crate::base::files::LinkGuard;

use crate::config::channels::SupportChannel;
use crate::config::hours::Hours;
use crate::config::insights::SearchExpectation;
use crate::config::theme::Brand;

/// The name of the configuration file at a help center's root.
pub const CONFIG_FILE: &str = "book.toml";

/// The folder of a help center's articles, below its root.
pub const CONTENT_DIR: &str = "content";

use crate::config::languages::{is_rtl, Language};

/// What to do with a broken internal link or anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrokenLinks {
    /// Stop the build (the default).
    Error,
    /// Report, but build anyway (while importing existing content).
    Warn,
}

/// What to do with raw HTML in Markdown bodies (`[build] raw-html`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawHtml {
    /// Written into the page as it is (the default: writers are trusted,
    /// as in Zola and mdBook).
    Allow,
    /// Written, with a warning at each block or tag.
    Warn,
    /// An error at each block or tag (for help centers that take
    /// contributions from writers they do not trust).
    Deny,
}

/// Colour scheme the default theme starts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorScheme {
    /// Follow the reader's `prefers-color-scheme`.
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl ColorScheme {
    /// The name templates see.
    pub fn as_str(self) -> &'static str {
        match self {
            ColorScheme::Auto => "auto",
            ColorScheme::Light => "light",
            ColorScheme::Dark => "dark",
        }
    }
}

/// The parsed `book.toml`.
#[derive(Clone, Debug)]
pub struct Config {
    /// `[book] title`.
    pub title: String,
    /// `[book] description`.
    pub description: String,
    /// `[book] language`, a BCP 47 tag such as `en`.
    pub language: String,
    /// `[build] build-dir`, relative to the root.
    pub build_dir: PathBuf,
    /// `[build] broken-links`.
    pub broken_links: BrokenLinks,
    /// `[build] follow-external-symlinks`: symbolic links under `content/`
    /// and `themes/` may lead outside the help center's folder (else each
    /// is an error and is not published).
    pub follow_external_symlinks: bool,
    /// `[build] raw-html`.
    pub raw_html: RawHtml,
    /// `[output.html] theme`: `default` or a folder under `themes/`.
    pub theme: String,
    /// The path part of `site-url`, always starting and ending with `/`.
    pub base_path: String,
    /// `scheme://host` of `site-url` when it is absolute, else `None`.
    pub origin: Option<String>,
    /// The warning `build` gives when `site-url` is missing or a path (search
    /// engines ignore relative canonical, hreflang and sitemap URLs).
    pub site_url_warning: Option<Diagnostic>,
    /// `[output.html] default-theme`.
    pub default_theme: ColorScheme,
    /// `[theme]`: logo, favicon and accent colour.
    pub brand: Brand,
    /// `[output.html.search] enable`.
    pub search_enabled: bool,
    /// `[output.html.search] synonyms`: groups of words that find each other
    /// (`"2fa, two-factor, two factor authentication"`).
    pub synonyms: Vec<Vec<String>>,
    /// `[output.html.search] builtin-synonyms`: whether queries also use
    /// the built-in synonyms and filler words of the site's language.
    pub builtin_synonyms: bool,
    /// `[output.html.search] untranslated`: whether a translation's search
    /// also finds the original's articles it does not translate yet (in
    /// the original's language, labelled with it).
    pub search_untranslated: bool,
    /// `[output.html.search] size-budget`: most bytes (compressed) a browser
    /// may download before it can run the first search; a build over it warns.
    pub search_budget: u64,
    /// `[support] intro`.
    pub support_intro: String,
    /// `[[support.channels]]`.
    pub support_channels: Vec<SupportChannel>,
    /// `[support] request-channel`: the channel pre-filled support requests
    /// go to (an index into `support_channels`); troubleshooters may choose
    /// another with `support-channel` in their front matter.
    pub request_channel: Option<usize>,
    /// `[support.hours]`: the team's time zone, weekly hours and holidays,
    /// which `business-hours` and `live` channels count in.
    pub support_hours: Option<Hours>,
    /// `[extra]`: named values articles write as `{{ name }}` (waiting
    /// periods, appeal windows), so a number lives in one place.
    pub extra: Arc<BTreeMap<String, String>>,
    /// `[insights] endpoint`: where pages send what readers do (searches,
    /// votes, tree steps, contact clicks); empty when not configured, and
    /// then pages send nothing and load no extra script.
    pub insights_endpoint: String,
    /// `[status] live`: the address of a `status.json` (relative to the
    /// site's root, a path from `/`, or an http(s) URL) that pages fetch to
    /// show or clear known issues without a rebuild; empty when unset.
    pub status_live: String,
    /// `[[search.expect]]`: searches that must find an article, checked on
    /// every build.
    pub search_expectations: Vec<SearchExpectation>,
    /// `[language.<code>]`: the languages other than `[book] language`, in
    /// the order written.
    pub languages: Vec<Language>,
    /// The site's own base path, without a language's folder: where the
    /// shared files (theme statics, the search engine) live. Equal to
    /// `base_path` except in a translation's config.
    pub root_path: String,
    /// The language of the help center's original articles.
    pub default_language: String,
    /// `[language.<code>.labels]` of this config's language.
    pub labels: BTreeMap<String, String>,
}

impl Config {
    /// `path` (relative to the site root, no leading `/`) as a URL path with the base path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    /// The URL of a shared file (theme statics, the search engine), which
    /// every language uses from the site's root.
    pub fn root_url(&self, path: &str) -> String {
        format!("{}{}", self.root_path, path.trim_start_matches('/'))
    }

    /// The config of the site in `language` (one of [`Config::languages`]):
    /// URLs under `/<code>/`, its title, description, values and labels.
    pub fn for_language(&self, language: &Language) -> Config {
        let mut config = self.clone();
        config.base_path = format!("{}{}/", self.root_path, language.code);
        config.language = language.code.clone();
        if !language.title.is_empty() {
            config.title = language.title.clone();
        }
        if !language.description.is_empty() {
            config.description = language.description.clone();
        }
        if !language.extra.is_empty() {
            let mut values = (*self.extra).clone();
            values.extend(language.extra.clone());
            config.extra = values.into();
        }
        config.labels = language.labels.clone();
        if !language.support_intro.is_empty() {
            config.support_intro = language.support_intro.clone();
        }
        for channel in &mut config.support_channels {
            let Some(own) = language.channels.iter().find(|c| c.key == channel.key) else {
                continue;
            };
            for (ours, theirs) in [
                (&mut channel.name, &own.name),
                (&mut channel.url, &own.url),
                (&mut channel.response_time, &own.response_time),
                (&mut channel.description, &own.description),
                (&mut channel.subject_param, &own.subject_param),
                (&mut channel.body_param, &own.body_param),
            ] {
                if !theirs.is_empty() {
                    ours.clone_from(theirs);
                }
            }
        }
        config
    }

    /// Whether this config's language runs right to left.
    pub fn rtl(&self) -> bool {
        self.languages
            .iter()
            .find(|l| l.code == self.language)
            .map_or_else(|| is_rtl(&self.language), |l| l.rtl)
    }

    /// The absolute URL of a site path when `site-url` is absolute, else the path.
    pub fn absolute_url(&self, url_path: &str) -> String {
        match &self.origin {
            Some(origin) => format!("{origin}{url_path}"),
            None => url_path.to_string(),
        }
    }
}

impl Config {
    /// What decides which symbolic links of the help center at `root` are
    /// followed (`[build] follow-external-symlinks`).
    pub(crate) fn link_guard(&self, root: &Path) -> LinkGuard {
        LinkGuard::new(root, self.follow_external_symlinks)
    }
}

/// The error for `link` (as shown, relative to the root), a symbolic link
/// that leads to `target`, outside the help center: it is not published.
pub(crate) fn external_link_error(link: &Path, target: &Path) -> Diagnostic {
    Diagnostic::error(format!(
        "{} is a symbolic link to {}, outside the help center: it was skipped",
        link.display(),
        target.display()
    ))
    .in_file(link)
    .with_help(
        "copy what it points to into the help center, or set `follow-external-symlinks = true` under [build] in book.toml to publish what links outside it lead to",
    )
}
