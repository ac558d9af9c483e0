//! Reading `book.toml` into a [`Config`]: every table and key checked, an
//! unknown key an error with a did-you-mean suggestion (as mdBook does),
//! and every problem of the file reported in one run.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::base::data::{self, Fields, NamedValue, Node};
use crate::base::diagnostic::Diagnostic;
use crate::base::files::open_regular;
use crate::config::book::{BrokenLinks, ColorScheme, Config, RawHtml, CONFIG_FILE};
use crate::config::channels::{channel_help, read_timing, SupportChannel};
use crate::config::hours::{read_hours, Hours};
use crate::config::insights::{feedback_replaced, read_insights, read_search_expectations};
use crate::config::languages::{read_languages, Original, Source};
use crate::config::theme::{read_brand, Brand};
use crate::config::url::checked_channel_url;

/// The top-level tables of book.toml.
struct Tables<'a> {
    book: Option<&'a Node>,
    build: Option<&'a Node>,
    output: Option<&'a Node>,
    support: Option<&'a Node>,
    feedback: Option<&'a Node>,
    insights: Option<&'a Node>,
    search: Option<&'a Node>,
    theme: Option<&'a Node>,
    status: Option<&'a Node>,
    extra: Vec<NamedValue>,
    language: Option<&'a Node>,
}

/// `[book]`.
struct Book {
    title: Option<String>,
    description: String,
    language: String,
}

/// `[build]`.
struct Build {
    build_dir: PathBuf,
    broken_links: BrokenLinks,
    raw_html: RawHtml,
    follow_external_symlinks: bool,
}

/// `[output.html]` and `[output.html.search]`.
struct Html {
    theme: String,
    site_url_warning: Option<Diagnostic>,
    origin: Option<String>,
    base_path: String,
    default_theme: ColorScheme,
    search: Search,
}

/// `[output.html.search]`.
struct Search {
    enabled: bool,
    synonyms: Vec<Vec<String>>,
    builtin_synonyms: bool,
    untranslated: bool,
    budget: u64,
}

/// `[support]`.
struct Support {
    intro: String,
    channels: Vec<SupportChannel>,
    request_channel: Option<usize>,
    hours: Option<Hours>,
}

/// Reads the fields of one table of book.toml (an empty one when absent),
/// collecting its diagnostics when done.
struct Table<'a> {
    fields: Fields<'a>,
}

/// The largest book.toml read: anything larger is a mistake (the same
/// limit as an article's).
pub const MAX_CONFIG_BYTES: u64 = 8 * 1024 * 1024;

/// `book.toml` as read: the config, the file's text and its problems.
#[derive(Clone, Debug)]
pub struct ConfigFile {
    /// The config. When `diagnostics` has errors, the best that could be
    /// read (defaults for the values and tables that failed): enough to
    /// load and check the content in the same run, never to build.
    pub config: Config,
    /// The file's text (bytes that are not UTF-8 shown as U+FFFD), for
    /// excerpts in diagnostics.
    pub text: String,
    /// Every problem of the file.
    pub diagnostics: Vec<Diagnostic>,
}

impl ConfigFile {
    /// Whether the file has no errors (its config can be built).
    pub fn is_valid(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

impl Config {
    /// Reads and checks `<root>/book.toml`. The file's text is returned too,
    /// for excerpts in diagnostics; the config is `None` when the file has
    /// errors. `Err` holds an I/O problem (exit 2).
    pub fn load(root: &Path) -> Result<(Option<Config>, String, Vec<Diagnostic>), std::io::Error> {
        let file = Config::read(root)?;
        let valid = file.is_valid();
        Ok((valid.then_some(file.config), file.text, file.diagnostics))
    }

    /// Reads `<root>/book.toml` as far as it can: a file that is not UTF-8
    /// or is too large is an error located in it (exit 1, as any problem
    /// of its content), and a file with errors still gives a best-effort
    /// config. `Err` holds an I/O problem (exit 2).
    pub fn read(root: &Path) -> Result<ConfigFile, std::io::Error> {
        use std::io::Read;
        let path = root.join(CONFIG_FILE);
        let mut bytes = Vec::new();
        // A regular file only: a FIFO is refused without waiting for a
        // writer, a link to a device (/dev/zero) without reading it.
        let (opened, _) = open_regular(&path)?;
        opened.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes)?;
        let file = Path::new(CONFIG_FILE);
        if bytes.len() as u64 > MAX_CONFIG_BYTES {
            let (config, _) = Config::parse_best_effort("", file);
            let too_large = Diagnostic::error(format!(
                "book.toml is larger than {} MB",
                MAX_CONFIG_BYTES / 1_048_576
            ))
            .in_file(file)
            .with_help("book.toml holds settings only; is this the right file?");
            return Ok(ConfigFile {
                config,
                text: String::new(),
                diagnostics: vec![too_large],
            });
        }
        let (text, not_utf8) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                // The text is the same up to the first bad byte, shown as
                // U+FFFD: its excerpt underlines that.
                let d = Diagnostic::not_utf8(e.as_bytes(), valid)
                    .in_file(file)
                    .at(&text, valid..valid + '\u{FFFD}'.len_utf8());
                (text, Some(d))
            }
        };
        let (config, mut diagnostics) = Config::parse_best_effort(&text, file);
        diagnostics.splice(0..0, not_utf8);
        Ok(ConfigFile {
            config,
            text,
            diagnostics,
        })
    }

    /// Parses the text of a `book.toml`. Returns `None` when the file has
    /// errors (all of them are in the diagnostics).
    pub fn parse(text: &str, file: &Path) -> (Option<Config>, Vec<Diagnostic>) {
        let (config, diagnostics) = Config::parse_best_effort(text, file);
        let valid = !diagnostics.iter().any(Diagnostic::is_error);
        (valid.then_some(config), diagnostics)
    }

    /// Parses the text of a `book.toml`, returning a config even when it
    /// has errors: defaults for what failed (a table that is not valid
    /// TOML is read as far as the parser could). The diagnostics say
    /// whether it may be used to build.
    pub fn parse_best_effort(text: &str, file: &Path) -> (Config, Vec<Diagnostic>) {
        let (root, syntax) = data::parse_toml_partial(text);
        let source = Source { file, text };
        let mut diagnostics = Vec::new();
        let config = read_config(&root, &source, &mut diagnostics);
        if syntax.is_empty() {
            (config, diagnostics)
        } else {
            // What the tables say is unreliable after a syntax error
            // (a missing title may just be the broken line): only the
            // syntax errors are reported.
            (config, syntax_errors(syntax, text, file))
        }
    }
}

/// Every table of book.toml into a config, with defaults for what failed.
fn read_config(root: &Node, source: &Source<'_>, diagnostics: &mut Vec<Diagnostic>) -> Config {
    let tables = read_tables(root, source, diagnostics);
    let table = |node, name| Table::new(node, name, source);
    let book = read_book(
        table(tables.book, "[book]"),
        tables.book.is_some(),
        diagnostics,
    );
    let build = read_build(table(tables.build, "[build]"), diagnostics);
    let mut output = table(tables.output, "[output]");
    let html_node = output.fields.take_table("html");
    diagnostics.extend(output.finish());
    let html = read_html(table(html_node, "[output.html]"), source, diagnostics);
    let support = read_support(table(tables.support, "[support]"), source, diagnostics);
    let brand = read_theme(table(tables.theme, "[theme]"), diagnostics);
    let extra = read_extra(tables.extra, source, diagnostics);
    if let Some(node) = tables.feedback {
        diagnostics.push(feedback_replaced(node, source));
    }
    let insights_endpoint = match tables.insights {
        Some(node) => read_insights(table(Some(node), "[insights]").fields, diagnostics),
        None => String::new(),
    };
    let status_live = read_status(table(tables.status, "[status]"), diagnostics);
    let search_expectations =
        read_search_expectations(table(tables.search, "[search]").fields, source, diagnostics);
    let original = Original {
        code: &book.language,
        extra: &extra,
        channels: &support.channels,
    };
    let languages = read_languages(tables.language, &original, source, diagnostics);
    Config {
        title: book.title.unwrap_or_default(),
        description: book.description,
        build_dir: build.build_dir,
        broken_links: build.broken_links,
        follow_external_symlinks: build.follow_external_symlinks,
        raw_html: build.raw_html,
        theme: html.theme,
        origin: html.origin,
        site_url_warning: html.site_url_warning,
        default_theme: html.default_theme,
        brand,
        search_enabled: html.search.enabled,
        synonyms: html.search.synonyms,
        builtin_synonyms: html.search.builtin_synonyms,
        search_untranslated: html.search.untranslated,
        search_budget: html.search.budget,
        support_intro: support.intro,
        support_channels: support.channels,
        request_channel: support.request_channel,
        support_hours: support.hours,
        extra: extra.into(),
        insights_endpoint,
        status_live,
        search_expectations,
        languages,
        root_path: html.base_path.clone(),
        default_language: book.language.clone(),
        labels: BTreeMap::new(),
        language: book.language,
        base_path: html.base_path,
    }
}

/// An empty table: what a missing one reads as.
static EMPTY: Node = Node {
    value: data::Value::Table(Vec::new()),
    span: 0..0,
};

impl<'a> Table<'a> {
    /// The table `node` (empty when absent), named `name` in messages.
    fn new(node: Option<&'a Node>, name: &str, source: &Source<'a>) -> Table<'a> {
        Table {
            fields: Fields::new(node.unwrap_or(&EMPTY), name, source.file, source.text, 0),
        }
    }

    fn finish(self) -> Vec<Diagnostic> {
        self.fields.finish()
    }
}

/// Every TOML syntax error of the file, located.
fn syntax_errors(
    errors: Vec<(String, std::ops::Range<usize>)>,
    text: &str,
    file: &Path,
) -> Vec<Diagnostic> {
    errors
        .into_iter()
        .map(|(message, span)| {
            Diagnostic::error(format!("book.toml is not valid TOML: {message}"))
                .in_file(file)
                .at(text, span)
                .with_help("fix the syntax; each setting is `key = value` under a [table]")
        })
        .collect()
}

/// The top-level tables; unknown ones are reported, and a missing `[book]`.
fn read_tables<'a>(
    root: &'a Node,
    source: &Source<'a>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Tables<'a> {
    let mut top = Fields::new(root, "book.toml", source.file, source.text, 0);
    let tables = Tables {
        book: top.take_table("book"),
        build: top.take_table("build"),
        output: top.take_table("output"),
        support: top.take_table("support"),
        feedback: top.take_table("feedback"),
        insights: top.take_table("insights"),
        search: top.take_table("search"),
        theme: top.take_table("theme"),
        status: top.take_table("status"),
        extra: top.take_value_table("extra"),
        language: top.take_table("language"),
    };
    let book_missing = tables.book.is_none() && top.span_of("book").is_none();
    diagnostics.extend(top.finish());
    if book_missing {
        diagnostics.push(
            Diagnostic::error("book.toml has no [book] table")
                .in_file(source.file)
                .at_line(1)
                .with_help("add:\n[book]\ntitle = \"Acme Help Center\""),
        );
    }
    tables
}

/// `[status]`: `live`, the address of a `status.json` pages fetch (empty
/// when unset): a path relative to the site's root (`status.json`), a path
/// from `/`, or an http(s) URL; never spaces, control characters,
/// backslashes or another scheme.
fn read_status(mut t: Table<'_>, diagnostics: &mut Vec<Diagnostic>) -> String {
    let f = &mut t.fields;
    let span = f.span_of("live").unwrap_or(0..0);
    let live = f.take_string("live").unwrap_or_default();
    let live = live.trim().to_string();
    let plain = !live.contains(|c: char| c.is_control() || c.is_whitespace() || c == '\\');
    let scheme = live.split_once(':').is_some_and(|(s, _)| !s.contains('/'));
    let usable = plain
        && !live.starts_with("//")
        && (!scheme || live.starts_with("https://") || live.starts_with("http://"));
    if !live.is_empty() && !usable {
        f.error_at(
            &span,
            format!("`live` in [status] must be a path or an http(s) URL, not \"{live}\""),
            Some("live = \"status.json\" (a file beside the site's pages, which the build writes from content/_status/ unless content/ has one)".into()),
        );
    }
    diagnostics.extend(t.finish());
    if usable {
        live
    } else {
        String::new()
    }
}

/// `[book]`: the title (required when the table exists), description and
/// language.
fn read_book(mut t: Table<'_>, present: bool, diagnostics: &mut Vec<Diagnostic>) -> Book {
    let f = &mut t.fields;
    let title = if present {
        f.require_string("title", "title = \"Acme Help Center\"")
    } else {
        None
    };
    let description = f.take_string("description").unwrap_or_default();
    let language = f
        .take_string("language")
        .unwrap_or_else(|| "en".to_string());
    let _ = f.take_string_list("authors");
    diagnostics.extend(t.finish());
    Book {
        title,
        description,
        language,
    }
}

/// `[build]`: where the site goes, what a broken link is, what raw HTML in
/// Markdown is, and whether links out of the help center are followed.
fn read_build(mut t: Table<'_>, diagnostics: &mut Vec<Diagnostic>) -> Build {
    let f = &mut t.fields;
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
    let raw_html = read_raw_html(f);
    let follow_external_symlinks = f.take_bool("follow-external-symlinks").unwrap_or(false);
    diagnostics.extend(t.finish());
    Build {
        build_dir: PathBuf::from(build_dir),
        broken_links,
        raw_html,
        follow_external_symlinks,
    }
}

/// `[build] raw-html`: `"allow"` (the default), `"warn"` or `"deny"`.
fn read_raw_html(f: &mut Fields<'_>) -> RawHtml {
    match f.take_string("raw-html").as_deref() {
        None | Some("allow") => RawHtml::Allow,
        Some("warn") => RawHtml::Warn,
        Some("deny") => RawHtml::Deny,
        Some(other) => {
            let span = f.span_of("raw-html").unwrap_or(0..0);
            f.error_at(
                &span,
                format!("`raw-html` must be \"allow\", \"warn\" or \"deny\", not \"{other}\""),
                Some("\"deny\" refuses HTML written in Markdown, for content from writers you do not trust".into()),
            );
            RawHtml::Allow
        }
    }
}

/// `[output.html]` and its `[output.html.search]`.
fn read_html<'a>(mut t: Table<'a>, source: &Source<'a>, diagnostics: &mut Vec<Diagnostic>) -> Html {
    let f = &mut t.fields;
    let mut theme = f
        .take_string("theme")
        .unwrap_or_else(|| "default".to_string());
    if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
        let span = f.span_of("theme").unwrap_or(0..0);
        f.error_at(
            &span,
            format!("`theme` must be the name of a folder under themes/, not \"{theme}\""),
            Some("use theme = \"default\" or the name of a folder in themes/".into()),
        );
        "default".clone_into(&mut theme);
    }
    let site_url_span = f.span_of("site-url");
    let mut site_url_warning = None;
    let site_url = f.take_string("site-url").unwrap_or_else(|| "/".to_string());
    let (origin, base_path) = match split_site_url(&site_url) {
        Ok((None, base_path)) => {
            site_url_warning = Some(relative_site_url(f, site_url_span, &base_path));
            (None, base_path)
        }
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
                format!("`default-theme` must be \"auto\", \"light\" or \"dark\", not \"{other}\""),
                Some("\"auto\" follows the reader's system setting".into()),
            );
            ColorScheme::Auto
        }
    };
    let search = f.take_table("search");
    diagnostics.extend(t.finish());
    let search = read_search(
        Table::new(search, "[output.html.search]", source),
        diagnostics,
    );
    Html {
        theme,
        site_url_warning,
        origin,
        base_path,
        default_theme,
        search,
    }
}

/// `[theme]`: the brand (see [`crate::config::theme`]).
fn read_theme(mut t: Table<'_>, diagnostics: &mut Vec<Diagnostic>) -> Brand {
    let brand = read_brand(&mut t.fields);
    diagnostics.extend(t.finish());
    brand
}

/// The warning for a `site-url` that is a path (or missing): search engines
/// need absolute URLs in canonical and `hreflang` links, the sitemap and
/// robots.txt. `build` gives it (`check` is about the content).
fn relative_site_url(f: &Fields<'_>, span: Option<Range<usize>>, base_path: &str) -> Diagnostic {
    let example = format!("site-url = \"https://help.example.com{base_path}\"");
    let (span, message) = match span {
        Some(span) => (
            span,
            format!("`site-url` is the path \"{base_path}\", not a full URL: canonical links, hreflang links, the sitemap and robots.txt hold relative URLs, which search engines ignore"),
        ),
        None => (
            f.table_span(),
            "[output.html] has no `site-url`: canonical links, hreflang links, the sitemap and robots.txt hold relative URLs, which search engines ignore".to_string(),
        ),
    };
    f.warning(
        &span,
        message,
        format!("write the address readers will find the help center at, such as {example}"),
    )
}

/// `[output.html.search]`: whether there is search, synonym groups
/// (the site's and the built-in ones), and the download budget.
fn read_search(mut t: Table<'_>, diagnostics: &mut Vec<Diagnostic>) -> Search {
    let f = &mut t.fields;
    let enabled = f.take_bool("enable").unwrap_or(true);
    let builtin_synonyms = f.take_bool("builtin-synonyms").unwrap_or(true);
    let untranslated = f.take_bool("untranslated").unwrap_or(true);
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
    let budget = match f.take_string("size-budget") {
        None => DEFAULT_SEARCH_BUDGET,
        Some(text) => parse_size(&text).unwrap_or_else(|| {
            f.error_at(
                &budget_span,
                format!("`size-budget` is not a size: \"{text}\""),
                Some("write a number with a unit: size-budget = \"5 MB\" (or \"800 KB\")".into()),
            );
            DEFAULT_SEARCH_BUDGET
        }),
    };
    diagnostics.extend(t.finish());
    Search {
        enabled,
        synonyms,
        builtin_synonyms,
        untranslated,
        budget,
    }
}

/// `[support]` and its `[[support.channels]]`.
fn read_support<'a>(
    mut t: Table<'a>,
    source: &Source<'a>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Support {
    let f = &mut t.fields;
    let intro = f.take_string("intro").unwrap_or_default();
    let channel_nodes = f.take_table_array("channels");
    let request_channel_name = f.take_string("request-channel");
    let request_span = f.span_of("request-channel").unwrap_or(0..0);
    let hours_node = f.take_table("hours");
    diagnostics.extend(t.finish());
    let hours = read_support_hours(hours_node, source, diagnostics);
    let mut channels = Vec::new();
    let mut name_spans: Vec<(String, Range<usize>)> = Vec::new();
    for node in channel_nodes {
        let Some((channel, name_span)) = read_channel(node, hours.is_some(), source, diagnostics)
        else {
            continue;
        };
        if let Some((_, first)) = name_spans.iter().find(|(name, _)| *name == channel.key) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "two [[support.channels]] are named \"{}\" (the first on line {})",
                    channel.key,
                    source.line_of(first.start)
                ))
                .in_file(source.file)
                .at(source.text, name_span)
                .with_help("give each channel its own `name`: trees' `support-channel` and `request-channel` choose a channel by it"),
            );
            continue;
        }
        name_spans.push((channel.key.clone(), name_span));
        channels.push(channel);
    }
    let request_channel = match request_channel_name {
        None => (!channels.is_empty()).then_some(0),
        Some(name) => {
            let found = channels.iter().position(|c| c.name == name);
            if found.is_none() {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "`request-channel` in [support] is \"{name}\", but no [[support.channels]] has that name"
                    ))
                    .in_file(source.file)
                    .at(source.text, request_span)
                    .with_help(channel_help(&name, &channels)),
                );
            }
            found
        }
    };
    Support {
        intro,
        channels,
        request_channel,
        hours,
    }
}

/// `[support.hours]` (`None` when absent, or when its time zone is
/// missing or unknown: the channels that need it are then reported too).
fn read_support_hours(
    node: Option<&Node>,
    source: &Source<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Hours> {
    let mut t = Table::new(Some(node?), "[support.hours]", source);
    let hours = read_hours(&mut t.fields);
    diagnostics.extend(t.finish());
    hours
}

/// One `[[support.channels]]` entry and where its name is; `None` when
/// it has no name. A missing or refused `url` is reported and left empty;
/// `has_hours`: whether book.toml has `[support.hours]`.
fn read_channel(
    node: &Node,
    has_hours: bool,
    source: &Source<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(SupportChannel, Range<usize>)> {
    let mut t = Table::new(Some(node), "[[support.channels]]", source);
    let f = &mut t.fields;
    let name_span = f.span_of("name").unwrap_or(node.span.clone());
    let name = f.require_string("name", "name = \"Email\"");
    let url_span = f.span_of("url").unwrap_or(0..0);
    let url = f.require_string("url", "url = \"mailto:help@example.com\"");
    let url = url.map(|url| checked_channel_url(f, "[[support.channels]]", url, &url_span));
    let response_time = f.take_string("response-time").unwrap_or_default();
    let description = f.take_string("description").unwrap_or_default();
    let subject_param = f
        .take_string("subject-param")
        .unwrap_or_else(|| "subject".into());
    let body_param = f.take_string("body-param").unwrap_or_else(|| "body".into());
    let urgent = f.take_bool("urgent").unwrap_or(false);
    let timing = read_timing(f, "[[support.channels]]", &response_time, has_hours);
    diagnostics.extend(t.finish());
    let channel = SupportChannel {
        key: name.clone()?,
        name: name?,
        url: url.unwrap_or_default(),
        response_time,
        description,
        subject_param,
        body_param,
        urgent,
        reply_within: timing.reply_within,
        business_hours: timing.business_hours,
        live: timing.live,
    };
    Some((channel, name_span))
}

/// `[extra]`: named values articles write as `{{ name }}`.
fn read_extra(
    values: Vec<NamedValue>,
    source: &Source<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut extra = BTreeMap::new();
    for NamedValue {
        name, value, span, ..
    } in values
    {
        if !is_value_name(&name) {
            diagnostics.push(
                Diagnostic::error(format!("`{name}` in [extra] is not a usable value name"))
                    .in_file(source.file)
                    .at(source.text, span)
                    .with_help("use lower-case letters, digits and hyphens, e.g. appeal-window = \"30 days\""),
            );
            continue;
        }
        extra.insert(name, value);
    }
    extra
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
        let host = &after[..host_end];
        if !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        {
            return Err(format!(
                "`site-url` \"{site_url}\" has an unexpected character in its host name \"{host}\""
            ));
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
        assert!(split_site_url("javascript:alert(1)").is_err());
        assert!(split_site_url("javascript://x/%0aalert(1)").is_err());
        assert!(split_site_url("https://a\"onload=x/").is_err());
        assert!(split_site_url("https://user@evil.example/").is_err());
        assert!(split_site_url("http://[::1]:8000/help/").is_ok());
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
    fn a_file_with_errors_still_gives_a_best_effort_config() {
        let text = "[book]\ntitle = \"T\"\ntitel = \"x\"\n[build]\nraw-html = \"deny\"\nbroken-links = \"maybe\"\n[output.html]\ntheme = \"../x\"\n[extra]\nwait = \"2 days\"\n";
        let (config, diags) = Config::parse_best_effort(text, Path::new("book.toml"));
        assert_eq!(diags.len(), 3, "{diags:?}");
        assert_eq!(config.title, "T");
        assert_eq!(config.raw_html, RawHtml::Deny);
        assert_eq!(config.broken_links, BrokenLinks::Error);
        assert_eq!(config.theme, "default", "a refused theme is not used");
        assert_eq!(config.extra.get("wait").map(String::as_str), Some("2 days"));
        assert!(Config::parse(text, Path::new("book.toml")).0.is_none());
        // After a syntax error, what the parser could read.
        let (config, diags) =
            Config::parse_best_effort("[book\n[extra]\nwait = \"1 day\"\n", Path::new("book.toml"));
        assert!(
            diags.iter().all(|d| d.message.contains("not valid TOML")),
            "{diags:?}"
        );
        assert_eq!(config.extra.get("wait").map(String::as_str), Some("1 day"));
    }

    #[test]
    fn missing_title_is_an_error() {
        let (config, diags) =
            Config::parse("[book]\ndescription = \"d\"\n", Path::new("book.toml"));
        assert!(config.is_none());
        assert!(diags.iter().any(|d| d.message.contains("required `title`")));
    }
}
