//! Content rules that tie what writers wrote to book.toml: a tree's
//! `support-channel` names a channel, a translation has no aliases of its
//! own, `[language.<code>.labels]` names strings the theme has, a body has
//! no NUL characters, raw HTML follows `[build] raw-html`, and a
//! category's `icon` names one of the theme's icons.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::base::diagnostic::Diagnostic;
use crate::base::did_you_mean::did_you_mean;
use crate::config::{Config, RawHtml, CONFIG_FILE};
use crate::markdown::Parsed;
use crate::model::meta::Located;
use crate::model::site::{Article, Site, SourceFile};
use crate::theme::{is_icon_name, Theme, STRINGS_FALLBACK};

/// An error when the tree `article` sends its support requests to a
/// channel book.toml does not have.
pub(crate) fn support_channel(config: &Config, article: &Article) -> Option<Diagnostic> {
    let channel = article.meta.support_channel.as_ref()?;
    if !article.meta.kind.is_tree()
        || config
            .support_channels
            .iter()
            .any(|c| c.key == channel.text)
    {
        return None;
    }
    Some(unknown_channel(
        config,
        channel,
        &article.file.text.get(),
        &article.file.path,
    ))
}

/// `support-channel` names no `[[support.channels]]` entry.
fn unknown_channel(config: &Config, channel: &Located, source: &str, file: &Path) -> Diagnostic {
    let names = config.support_channels.iter().map(|c| c.key.as_str());
    let help = match did_you_mean(&channel.text, names) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None if config.support_channels.is_empty() => {
            "book.toml has no [[support.channels]]; add one, or remove `support-channel`".into()
        }
        None => format!(
            "use the `name` of one of the [[support.channels]] in book.toml: {}",
            config
                .support_channels
                .iter()
                .map(|c| format!("\"{}\"", c.key))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Diagnostic::error(format!(
        "`support-channel` is \"{}\", but book.toml has no such channel",
        channel.text
    ))
    .in_file(file)
    .at(source, channel.span.clone())
    .with_help(help)
}

/// An error for each category whose `icon` looks like an icon's name (ASCII
/// letters, digits, `-`) but names none of the theme's icons, with a
/// did-you-mean. Other text (an emoji) is shown as it is.
pub(crate) fn section_icons(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for section in &site.sections {
        let (Some(file), Some(span)) = (&section.file, &section.meta.icon_span) else {
            continue;
        };
        let name = &section.meta.icon;
        if !is_icon_name(name) || theme.icon(name).is_some() {
            continue;
        }
        let help = match did_you_mean(name, theme.icon_names()) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => format!(
                "the theme's icons are: {}",
                theme.icon_names().collect::<Vec<_>>().join(", ")
            ),
        };
        diagnostics.push(
            Diagnostic::error(format!(
                "`icon` is \"{name}\", but the theme has no icon of that name"
            ))
            .in_file(&file.path)
            .at(&file.text.get(), span.clone())
            .with_help(help),
        );
    }
    diagnostics
}

/// A warning for each translated article that has `aliases`: a translation's
/// URL mirrors its original's, whose aliases redirect there. They are
/// dropped.
pub(crate) fn translation_aliases(site: &mut Site) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for article in &mut site.articles {
        if let Some(first) = article.meta.aliases.first() {
            diagnostics.push(
                Diagnostic::warning("`aliases` in a translation are not used")
                    .in_file(&article.file.path)
                    .at(&article.file.text.get(), first.span.clone())
                    .with_help("a translation's URL mirrors its original's, and the original's aliases redirect there; remove them here"),
            );
        }
        article.meta.aliases.clear();
    }
    diagnostics
}

/// Warnings for `[language.<code>.labels]` keys the theme has no string
/// for (a typo would otherwise be silently ignored), at the key in
/// book.toml (whose text is `config_text`).
pub(crate) fn unknown_labels(config: &Config, theme: &Theme, config_text: &str) -> Vec<Diagnostic> {
    let Some(known) = theme.strings.get(STRINGS_FALLBACK) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for language in &config.languages {
        for key in language.labels.keys().filter(|k| !known.contains_key(*k)) {
            let help = match did_you_mean(key, known.keys().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "the keys are those of themes/default/strings/en.toml".to_string(),
            };
            let mut d = Diagnostic::warning(format!(
                "`{key}` in [language.{}.labels] is not a string of the theme",
                language.code
            ))
            .in_file(CONFIG_FILE)
            .with_help(help);
            if let Some(span) = language.label_spans.get(key) {
                d = d.at(config_text, span.clone());
            }
            out.push(d);
        }
    }
    out
}

/// The checks of one Markdown body on its own (`file` is its file): NUL
/// characters, and raw HTML when `[build] raw-html` is not `"allow"`.
pub(crate) fn body(config: &Config, file: &SourceFile, body: &Parsed) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = nul_characters(file).into_iter().collect();
    if config.raw_html != RawHtml::Allow {
        out.extend(raw_html(config.raw_html, file, body));
    }
    out
}

/// [`body`] for the categories' `_index.md`, the announcement and the known
/// issues (`content/_status/`) of every language's site, each file once (a translation shows the original's
/// until it has its own).
pub(crate) fn page_bodies(sites: &[Site]) -> Vec<Diagnostic> {
    let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
    let mut out = Vec::new();
    for site in sites {
        let sections = site
            .sections
            .iter()
            .filter_map(|s| Some((s.file.as_ref()?, &s.body)));
        let announcement = site.announcement.iter().map(|a| (&a.file, &a.body));
        let issues = site.issues.iter().map(|i| (&i.file, &i.body));
        for (file, parsed) in sections.chain(announcement).chain(issues) {
            if seen.insert(file.path.clone()) {
                out.extend(body(&site.config, file, parsed));
            }
        }
    }
    out
}

/// An error at the first NUL character of a file (with how many there
/// are): it is never text (the file is damaged, or saved as UTF-16), and
/// browsers would show it as U+FFFD. Front matter cannot hold one (TOML
/// and YAML refuse it), so it is in the body.
fn nul_characters(file: &SourceFile) -> Option<Diagnostic> {
    let first = file.text.get().find('\0')?;
    let count = file.text.get().bytes().filter(|&b| b == 0).count();
    let more = match count {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    Some(
        Diagnostic::error(format!("NUL character (byte 0x00) in the text{more}"))
            .in_file(&file.path)
            .at(&file.text.get(), first..first + 1)
            .with_help("remove it: a NUL is never part of text (is the file damaged, or saved as UTF-16? save it as UTF-8)"),
    )
}

/// A diagnostic at each HTML block, inline tag and heading attribute of
/// `body` (raw HTML reaches the page as written): a warning under
/// `raw-html = "warn"`, an error under `"deny"`. HTML comments are fine.
fn raw_html(policy: RawHtml, file: &SourceFile, body: &Parsed) -> Vec<Diagnostic> {
    let text = body.source();
    let events = body.events(&text);
    let mut out = Vec::new();
    let mut block: Option<(usize, String)> = None;
    for (i, event) in events.iter().enumerate() {
        let found = match event {
            Event::Start(Tag::HtmlBlock) => {
                block = Some((i, String::new()));
                None
            }
            Event::Html(html) => {
                if let Some((_, text)) = &mut block {
                    text.push_str(html);
                }
                None
            }
            Event::End(TagEnd::HtmlBlock) => block
                .take()
                .filter(|(_, text)| !is_comment(text))
                .map(|(start, text)| (start, "HTML block", text)),
            // One diagnostic per element: its closing tag adds nothing.
            Event::InlineHtml(html) if !is_comment(html) && !html.starts_with("</") => {
                Some((i, "HTML tag", html.to_string()))
            }
            Event::Start(Tag::Heading { attrs, .. }) if !attrs.is_empty() => {
                let written = attrs
                    .iter()
                    .map(|(name, value)| match value {
                        Some(value) => format!("{name}={value}"),
                        None => name.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                Some((i, "heading attribute", written))
            }
            _ => None,
        };
        let Some((at, what, text)) = found else {
            continue;
        };
        let span = events.span(at);
        // The first line of a block is enough to find it.
        let end = file
            .text
            .get()
            .get(span.clone())
            .and_then(|t| t.find('\n'))
            .map_or(span.end, |n| span.start + n);
        let shown = Diagnostic::quote(&text, 40);
        let message = format!("raw HTML in Markdown ({what}): `{shown}`");
        let d = match policy {
            RawHtml::Deny => Diagnostic::error(message).with_help(
                "[build] raw-html = \"deny\" refuses HTML written in Markdown: write it in Markdown, or ask for the markup in the theme's templates",
            ),
            _ => Diagnostic::warning(message).with_help(
                "[build] raw-html = \"warn\": it is written into the page as it is, scripts included; check it, or write it in Markdown",
            ),
        };
        out.push(d.in_file(&file.path).at(&file.text.get(), span.start..end));
    }
    out
}

/// Whether raw HTML is only comments (`<!-- … -->`), which do nothing.
fn is_comment(html: &str) -> bool {
    let mut rest = html.trim();
    while !rest.is_empty() {
        let Some(inner) = rest.strip_prefix("<!--") else {
            return false;
        };
        let Some(end) = inner.find("-->") else {
            return false;
        };
        rest = inner[end + 3..].trim_start();
    }
    true
}
