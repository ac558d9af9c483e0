//! `[language.<code>]` tables: the languages a help center is translated
//! into, and what a language tag is and which way it is written (from
//! `unic-langid`, which follows Unicode's language identifiers and CLDR's
//! layout data).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::str::FromStr;

use unic_langid::{CharacterDirection, LanguageIdentifier};

use crate::base::data::{self, Fields, NamedValue, Node};
use crate::base::diagnostic::Diagnostic;
use crate::base::did_you_mean::did_you_mean;
use crate::config::channels::{channel_help, SupportChannel};
use crate::config::url::checked_channel_url;

/// A language a help center is translated into: `[language.<code>]`.
#[derive(Clone, Debug)]
pub struct Language {
    /// The BCP 47 tag, as in file names (`reset-password.es.md`) and URLs
    /// (`/es/`).
    pub code: String,
    /// The language's name in itself, for the language switcher
    /// (`Español`; the theme's `language_name` when unset).
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
    /// `partial = true`: translated only in part on purpose. `build` and
    /// `serve` then sum up the articles it lacks in one line; `check`
    /// still lists them.
    pub partial: bool,
    /// Where each of `labels` is written in book.toml (its key), for
    /// diagnostics.
    pub label_spans: BTreeMap<String, Range<usize>>,
}

/// Whether text in the language `code` runs right to left (CLDR's layout
/// data: Arabic, Hebrew, Persian, Urdu, Pashto, Sindhi, Uyghur, Yiddish,
/// Dhivehi, Central Kurdish and others, and any tag whose script is written
/// so, such as `az-Arab`).
pub fn is_rtl(code: &str) -> bool {
    LanguageIdentifier::from_str(code)
        .is_ok_and(|id| id.character_direction() == CharacterDirection::RTL)
}

/// Whether `code` is a language tag as file names and URLs use it: a valid
/// BCP 47 / Unicode language identifier (`es`, `pt-BR`, `zh-Hant`,
/// `es-419`) whose language subtag is two or three lower-case letters.
pub fn is_language_tag(code: &str) -> bool {
    let primary = code.split('-').next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && !code.contains('_')
        && LanguageIdentifier::from_str(code).is_ok_and(|id| !id.language.is_empty())
}

/// What a help center's original language gives its translations to
/// translate: `[book] language`, its `[extra]` values and its channels.
pub(crate) struct Original<'a> {
    /// `[book] language`.
    pub(crate) code: &'a str,
    /// `[extra]`.
    pub(crate) extra: &'a BTreeMap<String, String>,
    /// `[[support.channels]]`.
    pub(crate) channels: &'a [SupportChannel],
}

/// Where diagnostics about book.toml go.
pub(crate) struct Source<'a> {
    /// `book.toml`.
    pub(crate) file: &'a Path,
    /// Its text.
    pub(crate) text: &'a str,
}

impl Source<'_> {
    /// The line (from 1) of byte `offset` of the file.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        bytes[..offset.min(bytes.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn error(&self, message: String, span: Range<usize>, help: String) -> Diagnostic {
        Diagnostic::error(message)
            .in_file(self.file)
            .at(self.text, span)
            .with_help(help)
    }
}

/// `[language.<code>]` tables, in the order written (the switcher lists
/// them so).
pub(crate) fn read_languages(
    table: Option<&Node>,
    original: &Original<'_>,
    source: &Source<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Language> {
    let Some(data::Value::Table(entries)) = table.map(|n| &n.value) else {
        return Vec::new();
    };
    let mut entries: Vec<_> = entries.iter().collect();
    entries.sort_by_key(|(_, span, _)| span.start);
    let mut languages = Vec::new();
    for (code, key_span, node) in entries {
        let problem = if !is_language_tag(code) {
            Some((
                format!("`{code}` in [language] is not a language tag"),
                "use a BCP 47 tag as in file names: [language.es], [language.pt-BR]".to_string(),
            ))
        } else if *code == original.code {
            Some((
                format!("[language.{code}] is the help center's own language ([book] language)"),
                "articles without a language in their name are in this language; list only the others".to_string(),
            ))
        } else {
            None
        };
        if let Some((message, help)) = problem {
            diagnostics.push(source.error(message, key_span.clone(), help));
            continue;
        }
        languages.push(read_language(code, node, original, source, diagnostics));
    }
    languages
}

/// One `[language.<code>]` table.
fn read_language(
    code: &str,
    node: &Node,
    original: &Original<'_>,
    source: &Source<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Language {
    let context = format!("[language.{code}]");
    let mut f = Fields::new(node, context, source.file, source.text, 0);
    let name = f.take_string("name");
    let title = f.take_string("title");
    let description = f.take_string("description");
    let lang_extra = f.take_value_table("extra");
    let labels = f.take_value_table("labels");
    let support = f.take_table("support");
    let partial = f.take_bool("partial").unwrap_or(false);
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
    let (support_intro, channels) = match support {
        Some(node) => read_language_support(code, node, original, source, diagnostics),
        None => (String::new(), Vec::new()),
    };
    Language {
        code: code.to_string(),
        name: name.unwrap_or_default(),
        title: title.unwrap_or_default(),
        description: description.unwrap_or_default(),
        extra: read_language_extra(code, lang_extra, original, source, diagnostics),
        label_spans: labels
            .iter()
            .map(|l| (l.name.clone(), l.key_span.clone()))
            .collect(),
        labels: labels.into_iter().map(|l| (l.name, l.value)).collect(),
        support_intro,
        channels,
        rtl,
        partial,
    }
}

/// `[language.<code>.support]`: its intro and its channels, each naming
/// the original channel it translates.
fn read_language_support(
    code: &str,
    node: &Node,
    original: &Original<'_>,
    source: &Source<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (String, Vec<SupportChannel>) {
    let context = format!("[language.{code}.support]");
    let mut f = Fields::new(node, context, source.file, source.text, 0);
    let support_intro = f.take_string("intro").unwrap_or_default();
    let nodes = f.take_table_array("channels");
    diagnostics.extend(f.finish());
    let mut channels: Vec<(SupportChannel, Range<usize>)> = Vec::new();
    for node in nodes {
        let Some((channel, key_span)) = read_language_channel(code, node, source, diagnostics)
        else {
            continue;
        };
        let key = &channel.key;
        let problem = if let Some((_, first)) = channels.iter().find(|(c, _)| c.key == *key) {
            Some((
                format!(
                    "two [[language.{code}.support.channels]] translate \"{key}\" (the first on line {})",
                    source.line_of(first.start)
                ),
                "translate each channel once; merge the two entries".to_string(),
            ))
        } else if !original.channels.iter().any(|c| c.key == *key) {
            Some((
                format!(
                    "[[language.{code}.support.channels]] translates \"{key}\", but no [[support.channels]] has that name"
                ),
                channel_help(key, original.channels),
            ))
        } else {
            None
        };
        match problem {
            Some((message, help)) => diagnostics.push(source.error(message, key_span, help)),
            None => channels.push((channel, key_span)),
        }
    }
    (
        support_intro,
        channels.into_iter().map(|(channel, _)| channel).collect(),
    )
}

/// One `[[language.<code>.support.channels]]` entry and where its
/// `channel` is; `None` without a `channel`.
fn read_language_channel(
    code: &str,
    node: &Node,
    source: &Source<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(SupportChannel, Range<usize>)> {
    let context = format!("[[language.{code}.support.channels]]");
    let mut f = Fields::new(node, context.as_str(), source.file, source.text, 0);
    let key_span = f.span_of("channel").unwrap_or(node.span.clone());
    let key = f.require_string("channel", "channel = \"Email support\"");
    let url_span = f.span_of("url").unwrap_or(0..0);
    let url = f.take_string("url").unwrap_or_default();
    let channel = SupportChannel {
        key: key.unwrap_or_default(),
        name: f.take_string("name").unwrap_or_default(),
        url: checked_channel_url(&mut f, &context, url, &url_span),
        response_time: f.take_string("response-time").unwrap_or_default(),
        description: f.take_string("description").unwrap_or_default(),
        subject_param: f.take_string("subject-param").unwrap_or_default(),
        body_param: f.take_string("body-param").unwrap_or_default(),
        // Whether a channel is urgent is the original's to say, and so
        // is its structured reply time (`reply-within`, `live`).
        ..SupportChannel::default()
    };
    diagnostics.extend(f.finish());
    (!channel.key.is_empty()).then_some((channel, key_span))
}

/// `[language.<code>.extra]`: values that translate those of `[extra]`.
fn read_language_extra(
    code: &str,
    values: Vec<NamedValue>,
    original: &Original<'_>,
    source: &Source<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for NamedValue {
        name, value, span, ..
    } in values
    {
        if original.extra.contains_key(&name) {
            out.insert(name, value);
            continue;
        }
        let help = match did_you_mean(&name, original.extra.keys().map(String::as_str)) {
            Some(s) => {
                format!("did you mean `{s}`? A language's values translate those of [extra]")
            }
            None => "add it to [extra] too: a language's values translate those of [extra]".into(),
        };
        diagnostics.push(source.error(
            format!("`{name}` in [language.{code}.extra] is not in [extra]"),
            span,
            help,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for good in ["es", "pt-BR", "zh-Hant", "es-419", "ckb", "sr-Latn-RS"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["", "ES", "e", "english", "pt_BR", "es-", "-es", "es-x"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn directions() {
        for rtl in [
            "ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "ar-EG",
        ] {
            assert!(is_rtl(rtl), "{rtl}");
        }
        for ltr in ["en", "es", "pt-BR", "ja", "zh-Hant", "xx-nonsense-tag"] {
            assert!(!is_rtl(ltr), "{ltr}");
        }
    }
}
