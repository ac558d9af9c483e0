//! The theme's words: `strings/<code>.toml` files (flat tables of text)
//! and [`Strings`], the words of one language as pages see them (`t`):
//! English under every gap, then the language's own file, then the help
//! center's `[language.<code>.labels]`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::base::data;
use crate::base::diagnostic::Diagnostic;

/// The language every theme has all its strings in.
pub const STRINGS_FALLBACK: &str = "en";

/// A strings file: a flat table of text values.
pub(crate) fn parse_strings(
    text: &str,
    file: &Path,
) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    let root = data::parse_toml(text).map_err(|errors| {
        errors
            .into_iter()
            .map(|(message, span)| {
                Diagnostic::error(format!("theme strings are not valid TOML: {message}"))
                    .in_file(file)
                    .at(text, span)
            })
            .collect::<Vec<_>>()
    })?;
    let mut out = BTreeMap::new();
    let mut diagnostics = Vec::new();
    if let data::Value::Table(entries) = root.value {
        for (key, _, node) in entries {
            match node.value {
                data::Value::String(value) => {
                    out.insert(key, value);
                }
                other => diagnostics.push(
                    Diagnostic::error(format!(
                        "`{key}` in theme strings must be text, found {}",
                        other.type_name()
                    ))
                    .in_file(file)
                    .at(text, node.span)
                    .with_help(format!("write it like: {key} = \"Search\"")),
                ),
            }
        }
    }
    if diagnostics.is_empty() {
        Ok(out)
    } else {
        Err(diagnostics)
    }
}

/// The theme's strings in one language (`t` in templates).
#[derive(Clone, Debug, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Strings(pub BTreeMap<String, String>);

impl Strings {
    /// The string `key` (the key itself when no strings file has it, so a
    /// missing string shows up rather than vanishing).
    pub fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// The string `key` with its `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key);
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

/// The strings of a theme (`all`: language code → its table) in
/// `language`: English for every key, the language's own where the theme
/// has them (its primary language's, then its own), then `labels` (a help
/// center's wording from book.toml).
pub(crate) fn strings_in(
    all: &BTreeMap<String, BTreeMap<String, String>>,
    language: &str,
    labels: &BTreeMap<String, String>,
) -> Strings {
    let mut out = all.get(STRINGS_FALLBACK).cloned().unwrap_or_default();
    let primary = language.split('-').next().unwrap_or(language);
    for code in [primary, language] {
        if code != STRINGS_FALLBACK {
            if let Some(own) = all.get(code) {
                out.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
    }
    out.extend(labels.iter().map(|(k, v)| (k.clone(), v.clone())));
    Strings(out)
}
