//! Content rules that tie what writers wrote to book.toml: a tree's
//! `support-channel` names a channel, a translation has no aliases of its
//! own, and `[language.<code>.labels]` names strings the theme has.

use std::path::Path;

use crate::base::diagnostic::Diagnostic;
use crate::base::did_you_mean::did_you_mean;
use crate::config::Config;
use crate::config::CONFIG_FILE;
use crate::model::meta::Located;
use crate::model::site::{Article, Site};
use crate::theme::{Theme, STRINGS_FALLBACK};

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
        &article.file.text,
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
                    .at(&article.file.text, first.span.clone())
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
