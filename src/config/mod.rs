//! `book.toml`: the help center's configuration.
//!
//! Every table and key is checked: an unknown key is an error with a
//! did-you-mean suggestion (as mdBook does), and every problem in the file is
//! reported in one run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::base::data::{self, Fields, Node};
use crate::base::diagnostic::Diagnostic;
use crate::base::did_you_mean::did_you_mean;

/// The name of the configuration file at a help center's root.
pub const CONFIG_FILE: &str = "book.toml";

/// The folder of a help center's articles, below its root.
pub const CONTENT_DIR: &str = "content";

/// What to do with a broken internal link or anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrokenLinks {
    /// Stop the build (the default).
    Error,
    /// Report, but build anyway (while importing existing content).
    Warn,
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

/// One way for readers to reach a human (`[[support.channels]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportChannel {
    /// Shown as the channel's heading ("Email").
    pub name: String,
    /// The name in `[[support.channels]]`, which front matter's
    /// `support-channel` and `[support] request-channel` refer to (the same
    /// as `name`, except in a translation that renames the channel).
    pub key: String,
    /// `mailto:`, `https:` or a site path.
    pub url: String,
    /// "within 24 hours"; may be empty.
    pub response_time: String,
    /// When to use this channel; may be empty.
    pub description: String,
    /// For a form (`https:`) channel: the query parameter that takes the
    /// subject of a pre-filled support request (`subject-param`).
    pub subject_param: String,
    /// For a form channel: the query parameter that takes the request's text
    /// (`body-param`).
    pub body_param: String,
}

/// A language a help center is translated into: `[language.<code>]`.
#[derive(Clone, Debug)]
pub struct Language {
    /// The BCP 47 tag, as in file names (`reset-password.es.md`) and URLs
    /// (`/es/`).
    pub code: String,
    /// The language's name in itself, for the language switcher
    /// (`Español`; a built-in name for common codes when unset).
    pub name: String,
    /// The help center's title in this language (`[book] title` when unset).
    pub title: String,
    /// Its description.
    pub description: String,
    /// `[language.<code>.extra]`: values that differ in this language.
    pub extra: BTreeMap<String, String>,
    /// `[language.<code>.labels]`: theme strings this help center words
    /// its own way in this language (over the theme's strings file).
    pub labels: BTreeMap<String, String>,
    /// `[language.<code>.support] intro`, empty to keep the original's.
    pub support_intro: String,
    /// `[[language.<code>.support.channels]]`: channels as shown in this
    /// language, each naming the original channel it translates in `key`
    /// (`channel = "Email support"`); unset fields keep the original's.
    pub channels: Vec<SupportChannel>,
    /// Written right to left (Arabic, Hebrew, Persian, Urdu...).
    pub rtl: bool,
}

/// `[language.<code>]` tables, in the order written (the switcher lists
/// them so). `own` is `[book] language`; `extra` and `support_channels` are the
/// originals a language's values and channels translate.
fn read_languages(
    table: Option<&Node>,
    own: &str,
    extra: &BTreeMap<String, String>,
    support_channels: &[SupportChannel],
    file: &Path,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Language> {
    let mut languages: Vec<Language> = Vec::new();
    if let Some(data::Value::Table(entries)) = table.map(|n| &n.value) {
        // In the order written (the switcher lists them so).
        let mut entries: Vec<_> = entries.iter().collect();
        entries.sort_by_key(|(_, span, _)| span.start);
        for (code, key_span, node) in entries {
            let problem = if !is_language_tag(code) {
                Some((
                    format!("`{code}` in [language] is not a language tag"),
                    "use a BCP 47 tag as in file names: [language.es], [language.pt-BR]"
                        .to_string(),
                ))
            } else if *code == own {
                Some((
                    format!("[language.{code}] is the help center's own language ([book] language)"),
                    "articles without a language in their name are in this language; list only the others".to_string(),
                ))
            } else {
                None
            };
            if let Some((message, help)) = problem {
                diagnostics.push(
                    Diagnostic::error(message)
                        .in_file(file)
                        .at(text, key_span.clone())
                        .with_help(help),
                );
                continue;
            }
            let context = format!("[language.{code}]");
            let mut f = Fields::new(node, context, file, text, 0);
            let name = f.take_string("name");
            let title = f.take_string("title");
            let description = f.take_string("description");
            let lang_extra = f.take_value_table("extra");
            let labels = f.take_value_table("labels");
            let support = f.take_table("support");
            let direction_span = f.span_of("direction").unwrap_or(0..0);
            let rtl = match f.take_string("direction").as_deref() {
                None => is_rtl(code),
                Some("rtl") => true,
                Some("ltr") => false,
                Some(other) => {
                    f.error_at(
                        &direction_span,
                        format!("`direction` must be \"ltr\" or \"rtl\", not \"{other}\""),
                        Some("right-to-left languages (Arabic, Hebrew...) are detected from the code; set it only to override".into()),
                    );
                    false
                }
            };
            diagnostics.extend(f.finish());
            let mut support_intro = String::new();
            let mut channels = Vec::new();
            if let Some(node) = support {
                let context = format!("[language.{code}.support]");
                let mut f = Fields::new(node, context, file, text, 0);
                support_intro = f.take_string("intro").unwrap_or_default();
                let nodes = f.take_table_array("channels");
                diagnostics.extend(f.finish());
                for node in nodes {
                    let context = format!("[[language.{code}.support.channels]]");
                    let mut f = Fields::new(node, context, file, text, 0);
                    let key_span = f.span_of("channel").unwrap_or(node.span.clone());
                    let key = f.require_string("channel", "channel = \"Email support\"");
                    let channel = SupportChannel {
                        key: key.clone().unwrap_or_default(),
                        name: f.take_string("name").unwrap_or_default(),
                        url: f.take_string("url").unwrap_or_default(),
                        response_time: f.take_string("response-time").unwrap_or_default(),
                        description: f.take_string("description").unwrap_or_default(),
                        subject_param: f.take_string("subject-param").unwrap_or_default(),
                        body_param: f.take_string("body-param").unwrap_or_default(),
                    };
                    diagnostics.extend(f.finish());
                    let Some(key) = key else { continue };
                    if !support_channels.iter().any(|c| c.key == key) {
                        let help = channel_help(&key, support_channels);
                        diagnostics.push(
                            Diagnostic::error(format!(
                                "[[language.{code}.support.channels]] translates \"{key}\", but no [[support.channels]] has that name"
                            ))
                            .in_file(file)
                            .at(text, key_span)
                            .with_help(help),
                        );
                        continue;
                    }
                    channels.push(channel);
                }
            }
            let mut values = BTreeMap::new();
            for (name, value, span) in lang_extra {
                if !extra.contains_key(&name) {
                    let help = match did_you_mean(&name, extra.keys().map(String::as_str)) {
                        Some(s) => format!(
                            "did you mean `{s}`? A language's values translate those of [extra]"
                        ),
                        None => {
                            "add it to [extra] too: a language's values translate those of [extra]"
                                .into()
                        }
                    };
                    diagnostics.push(
                        Diagnostic::error(format!(
                            "`{name}` in [language.{code}.extra] is not in [extra]"
                        ))
                        .in_file(file)
                        .at(text, span)
                        .with_help(help),
                    );
                    continue;
                }
                values.insert(name, value);
            }
            languages.push(Language {
                code: code.clone(),
                name: name.unwrap_or_default(),
                title: title.unwrap_or_default(),
                description: description.unwrap_or_default(),
                extra: values,
                labels: labels.into_iter().map(|(k, v, _)| (k, v)).collect(),
                support_intro,
                channels,
                rtl,
            });
        }
    }
    languages
}

/// Help for a name that no `[[support.channels]]` entry has.
fn channel_help(name: &str, channels: &[SupportChannel]) -> String {
    match did_you_mean(name, channels.iter().map(|c| c.key.as_str())) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None => "name one of the [[support.channels]] by its `name`".into(),
    }
}

/// Whether text in the language `code` runs right to left.
pub fn is_rtl(code: &str) -> bool {
    let primary = code.split('-').next().unwrap_or(code);
    matches!(
        primary,
        "ar" | "he" | "fa" | "ur" | "ps" | "sd" | "ug" | "yi" | "dv" | "ckb"
    )
}

/// Whether `code` looks like a language tag (`es`, `pt-BR`, `zh-Hant`).
pub fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
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
    /// `[output.html] theme`: `default` or a folder under `themes/`.
    pub theme: String,
    /// The path part of `site-url`, always starting and ending with `/`.
    pub base_path: String,
    /// `scheme://host` of `site-url` when it is absolute, else `None`.
    pub origin: Option<String>,
    /// `[output.html] default-theme`.
    pub default_theme: ColorScheme,
    /// `[output.html.search] enable`.
    pub search_enabled: bool,
    /// `[output.html.search] synonyms`: groups of words that find each other
    /// (`"2fa, two-factor, two factor authentication"`).
    pub synonyms: Vec<Vec<String>>,
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
    /// `[extra]`: named values articles write as `{{ name }}` (waiting
    /// periods, appeal windows), so a number lives in one place.
    pub extra: std::sync::Arc<BTreeMap<String, String>>,
    /// `[feedback] endpoint`, empty when not configured.
    pub feedback_endpoint: String,
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
    /// Reads and checks `<root>/book.toml`. The file's text is returned too,
    /// for excerpts in diagnostics. `Err` holds an I/O problem (exit 2).
    pub fn load(root: &Path) -> Result<(Option<Config>, String, Vec<Diagnostic>), std::io::Error> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path)?;
        let (config, diagnostics) = Config::parse(&text, Path::new(CONFIG_FILE));
        Ok((config, text, diagnostics))
    }

    /// Parses the text of a `book.toml`. Returns `None` when the file has
    /// errors (all of them are in the diagnostics).
    pub fn parse(text: &str, file: &Path) -> (Option<Config>, Vec<Diagnostic>) {
        let root = match data::parse_toml(text) {
            Ok(root) => root,
            Err(errors) => {
                let diagnostics = errors
                    .into_iter()
                    .map(|(message, span)| {
                        Diagnostic::error(format!("book.toml is not valid TOML: {message}"))
                            .in_file(file)
                            .at(text, span)
                            .with_help(
                                "fix the syntax; each setting is `key = value` under a [table]",
                            )
                    })
                    .collect();
                return (None, diagnostics);
            }
        };
        let mut diagnostics = Vec::new();
        let mut top = Fields::new(&root, "book.toml", file, text, 0);
        let book = top.take_table("book");
        let build = top.take_table("build");
        let output = top.take_table("output");
        let support = top.take_table("support");
        let feedback = top.take_table("feedback");
        let extra_values = top.take_value_table("extra");
        let language_table = top.take_table("language");
        let book_missing = book.is_none() && top.span_of("book").is_none();
        diagnostics.extend(top.finish());
        if book_missing {
            diagnostics.push(
                Diagnostic::error("book.toml has no [book] table")
                    .in_file(file)
                    .at_line(1)
                    .with_help("add:\n[book]\ntitle = \"Acme Help Center\""),
            );
        }

        let empty = Node {
            value: data::Value::Table(Vec::new()),
            span: 0..0,
        };

        let mut f = Fields::new(book.unwrap_or(&empty), "[book]", file, text, 0);
        let title = if book.is_some() {
            f.require_string("title", "title = \"Acme Help Center\"")
        } else {
            None
        };
        let description = f.take_string("description").unwrap_or_default();
        let language = f
            .take_string("language")
            .unwrap_or_else(|| "en".to_string());
        let _ = f.take_string_list("authors");
        diagnostics.extend(f.finish());

        let mut f = Fields::new(build.unwrap_or(&empty), "[build]", file, text, 0);
        let build_dir = f
            .take_string("build-dir")
            .unwrap_or_else(|| "site".to_string());
        let broken_links = match f.take_string("broken-links").as_deref() {
            None | Some("error") => BrokenLinks::Error,
            Some("warn") => BrokenLinks::Warn,
            Some(other) => {
                let span = f.span_of("broken-links").unwrap_or(0..0);
                f.error_at(
                    &span,
                    format!("`broken-links` must be \"error\" or \"warn\", not \"{other}\""),
                    Some("use broken-links = \"warn\" while you fix imported content".into()),
                );
                BrokenLinks::Error
            }
        };
        diagnostics.extend(f.finish());

        let mut f = Fields::new(output.unwrap_or(&empty), "[output]", file, text, 0);
        let html = f.take_table("html");
        diagnostics.extend(f.finish());

        let mut f = Fields::new(html.unwrap_or(&empty), "[output.html]", file, text, 0);
        let theme = f
            .take_string("theme")
            .unwrap_or_else(|| "default".to_string());
        if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
            let span = f.span_of("theme").unwrap_or(0..0);
            f.error_at(
                &span,
                format!("`theme` must be the name of a folder under themes/, not \"{theme}\""),
                Some("use theme = \"default\" or the name of a folder in themes/".into()),
            );
        }
        let site_url = f.take_string("site-url").unwrap_or_else(|| "/".to_string());
        let (origin, base_path) = match split_site_url(&site_url) {
            Ok(parts) => parts,
            Err(message) => {
                let span = f.span_of("site-url").unwrap_or(0..0);
                f.error_at(
                    &span,
                    message,
                    Some("use a path such as \"/help/\" or a full URL such as \"https://help.example.com/\"".into()),
                );
                (None, "/".to_string())
            }
        };
        let default_theme = match f.take_string("default-theme").as_deref() {
            None | Some("auto") => ColorScheme::Auto,
            Some("light") => ColorScheme::Light,
            Some("dark") => ColorScheme::Dark,
            Some(other) => {
                let span = f.span_of("default-theme").unwrap_or(0..0);
                f.error_at(
                    &span,
                    format!(
                        "`default-theme` must be \"auto\", \"light\" or \"dark\", not \"{other}\""
                    ),
                    Some("\"auto\" follows the reader's system setting".into()),
                );
                ColorScheme::Auto
            }
        };
        let search = f.take_table("search");
        diagnostics.extend(f.finish());

        let mut f = Fields::new(
            search.unwrap_or(&empty),
            "[output.html.search]",
            file,
            text,
            0,
        );
        let search_enabled = f.take_bool("enable").unwrap_or(true);
        let synonyms: Vec<Vec<String>> = f
            .take_string_list("synonyms")
            .iter()
            .map(|(group, _)| {
                group
                    .split(',')
                    .map(|w| w.trim().to_lowercase())
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|group| group.len() > 1)
            .collect();
        let budget_span = f.span_of("size-budget").unwrap_or(0..0);
        let search_budget = match f.take_string("size-budget") {
            None => Some(DEFAULT_SEARCH_BUDGET),
            Some(text) => {
                let parsed = parse_size(&text);
                if parsed.is_none() {
                    f.error_at(
                        &budget_span,
                        format!("`size-budget` is not a size: \"{text}\""),
                        Some(
                            "write a number with a unit: size-budget = \"5 MB\" (or \"800 KB\")"
                                .into(),
                        ),
                    );
                }
                parsed
            }
        };
        diagnostics.extend(f.finish());

        let mut f = Fields::new(support.unwrap_or(&empty), "[support]", file, text, 0);
        let support_intro = f.take_string("intro").unwrap_or_default();
        let channel_nodes = f.take_table_array("channels");
        let request_channel_name = f.take_string("request-channel");
        let request_span = f.span_of("request-channel").unwrap_or(0..0);
        diagnostics.extend(f.finish());
        let mut support_channels = Vec::new();
        for node in channel_nodes {
            let mut f = Fields::new(node, "[[support.channels]]", file, text, 0);
            let name = f.require_string("name", "name = \"Email\"");
            let url = f.require_string("url", "url = \"mailto:help@example.com\"");
            let response_time = f.take_string("response-time").unwrap_or_default();
            let description = f.take_string("description").unwrap_or_default();
            let subject_param = f
                .take_string("subject-param")
                .unwrap_or_else(|| "subject".into());
            let body_param = f.take_string("body-param").unwrap_or_else(|| "body".into());
            diagnostics.extend(f.finish());
            if let (Some(name), Some(url)) = (name, url) {
                support_channels.push(SupportChannel {
                    key: name.clone(),
                    name,
                    url,
                    response_time,
                    description,
                    subject_param,
                    body_param,
                });
            }
        }
        let request_channel = match request_channel_name {
            None => (!support_channels.is_empty()).then_some(0),
            Some(name) => {
                let found = support_channels.iter().position(|c| c.name == name);
                if found.is_none() {
                    let help = channel_help(&name, &support_channels);
                    diagnostics.push(
                        Diagnostic::error(format!(
                            "`request-channel` in [support] is \"{name}\", but no [[support.channels]] has that name"
                        ))
                        .in_file(file)
                        .at(text, request_span)
                        .with_help(help),
                    );
                }
                found
            }
        };
        let mut extra = BTreeMap::new();
        for (name, value, span) in extra_values {
            if !is_value_name(&name) {
                diagnostics.push(
                    Diagnostic::error(format!("`{name}` in [extra] is not a usable value name"))
                        .in_file(file)
                        .at(text, span)
                        .with_help("use lower-case letters, digits and hyphens, e.g. appeal-window = \"30 days\""),
                );
                continue;
            }
            extra.insert(name, value);
        }

        let mut f = Fields::new(feedback.unwrap_or(&empty), "[feedback]", file, text, 0);
        let feedback_endpoint = f.take_string("endpoint").unwrap_or_default();
        diagnostics.extend(f.finish());

        let languages = read_languages(
            language_table,
            &language,
            &extra,
            &support_channels,
            file,
            text,
            &mut diagnostics,
        );

        let has_errors = diagnostics.iter().any(Diagnostic::is_error);
        match (title, has_errors) {
            (Some(title), false) => (
                Some(Config {
                    title,
                    description,
                    build_dir: PathBuf::from(build_dir),
                    broken_links,
                    theme,
                    origin,
                    default_theme,
                    search_enabled,
                    synonyms,
                    search_budget: search_budget.unwrap_or(DEFAULT_SEARCH_BUDGET),
                    support_intro,
                    support_channels,
                    request_channel,
                    extra: extra.into(),
                    feedback_endpoint,
                    languages,
                    root_path: base_path.clone(),
                    default_language: language.clone(),
                    labels: BTreeMap::new(),
                    language,
                    base_path,
                }),
                diagnostics,
            ),
            _ => (None, diagnostics),
        }
    }

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

/// The default search download budget: 5 MB.
pub const DEFAULT_SEARCH_BUDGET: u64 = 5_000_000;

/// `"5 MB"`, `"800 KB"`, `"2MiB"`, `"1200000"` → bytes.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let number: f64 = text[..split].parse().ok()?;
    let unit = text[split..].trim().to_ascii_lowercase();
    let factor = match unit.as_str() {
        "" | "b" => 1.0,
        "kb" | "k" => 1e3,
        "mb" | "m" => 1e6,
        "gb" | "g" => 1e9,
        "kib" => 1024.0,
        "mib" => 1_048_576.0,
        "gib" => 1_073_741_824.0,
        _ => return None,
    };
    (number >= 0.0).then_some((number * factor) as u64)
}

/// Whether `name` can be written as `{{ name }}`: lower-case ASCII letters,
/// digits, `-` and `_`, starting with a letter.
pub fn is_value_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Splits `site-url` into an optional origin (`https://host`) and a base path
/// that starts and ends with `/`.
fn split_site_url(site_url: &str) -> Result<(Option<String>, String), String> {
    let site_url = site_url.trim();
    let (origin, path) = if let Some(scheme_end) = site_url.find("://") {
        let scheme = &site_url[..scheme_end];
        if scheme != "http" && scheme != "https" {
            return Err(format!(
                "`site-url` must use http or https, not \"{scheme}\""
            ));
        }
        let after = &site_url[scheme_end + 3..];
        let host_end = after.find('/').unwrap_or(after.len());
        if host_end == 0 {
            return Err(format!("`site-url` \"{site_url}\" has no host name"));
        }
        (
            Some(format!("{scheme}://{}", &after[..host_end])),
            after[host_end..].to_string(),
        )
    } else if site_url.starts_with('/') || site_url.is_empty() {
        (None, site_url.to_string())
    } else {
        return Err(format!(
            "`site-url` \"{site_url}\" must start with `/` or be a full http(s) URL"
        ));
    };
    if path.contains(['?', '#', ' ', '\\']) {
        return Err(format!(
            "`site-url` \"{site_url}\" must not contain ?, #, spaces or backslashes"
        ));
    }
    let mut base = format!("/{}", path.trim_matches('/'));
    if !base.ends_with('/') {
        base.push('/');
    }
    Ok((origin, base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_url_forms() {
        assert_eq!(split_site_url("/").unwrap(), (None, "/".into()));
        assert_eq!(split_site_url("/help").unwrap(), (None, "/help/".into()));
        assert_eq!(
            split_site_url("https://x.example/help/").unwrap(),
            (Some("https://x.example".into()), "/help/".into())
        );
        assert_eq!(
            split_site_url("https://x.example").unwrap(),
            (Some("https://x.example".into()), "/".into())
        );
        assert!(split_site_url("help").is_err());
        assert!(split_site_url("ftp://x").is_err());
    }

    #[test]
    fn reports_every_unknown_key_with_suggestion() {
        let text = "[book]\ntitle = \"T\"\ntitel = \"x\"\n[bulid]\n";
        let (config, diags) = Config::parse(text, Path::new("book.toml"));
        assert!(config.is_none());
        let messages: Vec<_> = diags
            .iter()
            .map(|d| (d.message.clone(), d.line, d.help.clone()))
            .collect();
        assert!(messages.iter().any(|(m, l, h)| m.contains("`titel`")
            && *l == Some(3)
            && h.as_deref() == Some("did you mean `title`?")));
        assert!(messages.iter().any(|(m, l, h)| m.contains("`bulid`")
            && *l == Some(4)
            && h.as_deref() == Some("did you mean `build`?")));
    }

    #[test]
    fn sizes_with_units() {
        assert_eq!(parse_size("5 MB"), Some(5_000_000));
        assert_eq!(parse_size("800KB"), Some(800_000));
        assert_eq!(parse_size("2 MiB"), Some(2_097_152));
        assert_eq!(parse_size("1200"), Some(1200));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("5 parsecs"), None);
    }

    #[test]
    fn missing_title_is_an_error() {
        let (config, diags) =
            Config::parse("[book]\ndescription = \"d\"\n", Path::new("book.toml"));
        assert!(config.is_none());
        assert!(diags.iter().any(|d| d.message.contains("required `title`")));
    }
}
