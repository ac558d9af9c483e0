//! A theme's files: the default theme embedded in the binary, overridden
//! file by file by a help center's own `themes/<name>/` folder (templates,
//! static files, and single keys of `strings/<code>.toml`), as mdBook and
//! Zola allow.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::base::diagnostic::Diagnostic;
use crate::config::Config;
use crate::theme::strings::{parse_strings, strings_in, Strings, STRINGS_FALLBACK};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme file came from, to name it in error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The default theme inside the helpbook binary.
    BuiltIn,
    /// A file of the help center (path relative to its root).
    Override(PathBuf),
}

impl Origin {
    /// The file to name in a diagnostic for template `name`.
    pub fn display_path(&self, name: &str) -> PathBuf {
        match self {
            Origin::BuiltIn => PathBuf::from(format!("(built-in theme)/templates/{name}")),
            Origin::Override(path) => path.clone(),
        }
    }
}

/// A theme's files, after overrides.
#[derive(Clone, Debug, Default)]
pub struct Theme {
    /// Template name (`article.html`) → text and origin.
    pub templates: BTreeMap<String, (String, Origin)>,
    /// Static file path (`helpbook.css`) → bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Language code → the theme's strings in it (`strings/<code>.toml`),
    /// an override's keys over the built-in ones.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
}

impl Theme {
    /// The default theme merged with `root/themes/<config.theme>/`. An unknown
    /// theme name is an error located in `book.toml`.
    pub fn load(root: &Path, config: &Config, config_text: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut theme = Theme::default();
        collect_embedded(&DEFAULT_THEME, &mut theme);
        let folder = Path::new("themes").join(&config.theme);
        let dir = root.join(&folder);
        if !dir.is_dir() {
            if config.theme == "default" {
                return Ok(theme);
            }
            let mut d = Diagnostic::error(format!(
                "unknown theme \"{}\": there is no folder {}",
                config.theme,
                folder.display()
            ))
            .in_file("book.toml")
            .with_help(format!(
                "create {}/ with the templates you want to override, or use theme = \"default\"",
                folder.display()
            ));
            if let Some(offset) = find_key(config_text, "theme") {
                d = d.at(config_text, offset..offset + 5);
            }
            return Err(vec![d]);
        }
        let mut diagnostics = Vec::new();
        let strings_dir = dir.join("strings");
        if strings_dir.is_dir() {
            let display = folder.join("strings");
            match std::fs::read_dir(&strings_dir) {
                Ok(entries) => {
                    let mut paths: Vec<PathBuf> = entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                        .collect();
                    paths.sort();
                    for path in paths {
                        let Some(code) = path.file_stem().map(|s| s.to_string_lossy().into_owned())
                        else {
                            continue;
                        };
                        let shown = display.join(format!("{code}.toml"));
                        match std::fs::read_to_string(&path) {
                            Ok(text) => match parse_strings(&text, &shown) {
                                Ok(table) => theme.strings.entry(code).or_default().extend(table),
                                Err(d) => diagnostics.extend(d),
                            },
                            Err(e) => diagnostics.push(
                                Diagnostic::error(format!("cannot read theme strings: {e}"))
                                    .in_file(shown),
                            ),
                        }
                    }
                }
                Err(e) => diagnostics.push(
                    Diagnostic::error(format!("cannot read theme strings: {e}")).in_file(display),
                ),
            }
        }
        for (sub, is_template) in [("templates", true), ("static", false)] {
            let base = dir.join(sub);
            if !base.is_dir() {
                continue;
            }
            for entry in WalkDir::new(&base).follow_links(true).sort_by_file_name() {
                let entry = match entry {
                    Ok(e) if e.file_type().is_file() => e,
                    Ok(_) => continue,
                    Err(err) => {
                        diagnostics.push(
                            Diagnostic::error(format!("cannot read theme file: {err}"))
                                .in_file(folder.join(sub)),
                        );
                        continue;
                    }
                };
                let Ok(relative) = entry.path().strip_prefix(&base) else {
                    continue;
                };
                let name = crate::base::paths::slash_path(relative);
                if name.split('/').any(|p| p.starts_with('.')) {
                    continue;
                }
                let display = folder.join(sub).join(relative);
                let bytes = match std::fs::read(entry.path()) {
                    Ok(b) => b,
                    Err(e) => {
                        diagnostics.push(
                            Diagnostic::error(format!("cannot read theme file: {e}"))
                                .in_file(display),
                        );
                        continue;
                    }
                };
                if is_template {
                    match String::from_utf8(bytes) {
                        Ok(text) => {
                            theme
                                .templates
                                .insert(name, (text, Origin::Override(display)));
                        }
                        Err(_) => diagnostics.push(
                            Diagnostic::error("template is not valid UTF-8")
                                .in_file(display)
                                .with_help("save the template as UTF-8"),
                        ),
                    }
                } else {
                    theme.statics.insert(name, bytes);
                }
            }
        }
        if diagnostics.is_empty() {
            Ok(theme)
        } else {
            Err(diagnostics)
        }
    }
}

fn collect_embedded(dir: &Dir<'static>, theme: &mut Theme) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = path.strip_prefix("templates/") {
            if let Some(text) = file.contents_utf8() {
                theme
                    .templates
                    .insert(name.to_string(), (text.to_string(), Origin::BuiltIn));
            }
        } else if let Some(name) = path.strip_prefix("static/") {
            theme
                .statics
                .insert(name.to_string(), file.contents().to_vec());
        } else if let Some(name) = path.strip_prefix("strings/") {
            if let (Some(code), Some(text)) = (name.strip_suffix(".toml"), file.contents_utf8()) {
                if let Ok(table) = parse_strings(text, Path::new(&path)) {
                    theme.strings.insert(code.to_string(), table);
                }
            }
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, theme);
    }
}

impl Theme {
    /// The strings of the theme in `language` (see [`strings_in`]).
    pub fn strings_for(&self, language: &str, labels: &BTreeMap<String, String>) -> Strings {
        strings_in(&self.strings, language, labels)
    }
}

impl Theme {
    /// The default theme alone, without a help center's overrides.
    pub fn built_in() -> Theme {
        let mut theme = Theme::default();
        collect_embedded(&DEFAULT_THEME, &mut theme);
        theme
    }

    /// The name of `config`'s language in itself, for readers:
    /// `[language.<code>] name`, else the theme's [`Theme::language_name`],
    /// else the code.
    pub fn name_of_language(&self, config: &Config) -> String {
        config
            .languages
            .iter()
            .find(|l| l.code == config.language && !l.name.is_empty())
            .map(|l| l.name.clone())
            .or_else(|| self.language_name(&config.language))
            .unwrap_or_else(|| config.language.clone())
    }

    /// The name of language `code` in itself (`Español`): `language_name`
    /// in the theme's strings file of that language (or of its primary
    /// language, `pt` for `pt-BR`); never the English fallback's.
    pub fn language_name(&self, code: &str) -> Option<String> {
        let primary = code.split('-').next().unwrap_or(code);
        [code, primary]
            .into_iter()
            .find_map(|c| self.strings.get(c)?.get("language_name").cloned())
    }
}

impl Strings {
    /// The built-in theme's English strings.
    pub fn english() -> Strings {
        let mut theme = Theme::default();
        collect_embedded(&DEFAULT_THEME, &mut theme);
        theme.strings_for(STRINGS_FALLBACK, &BTreeMap::new())
    }
}

/// Byte offset of the first line of `text` that sets `key`.
fn find_key(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with('=') {
            return Some(offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_named_in_themselves() {
        let theme = Theme::built_in();
        assert_eq!(theme.language_name("es").as_deref(), Some("Español"));
        assert_eq!(theme.language_name("pt-BR").as_deref(), Some("Português"));
        assert_eq!(theme.language_name("ar").as_deref(), Some("العربية"));
        // Not the English fallback's name.
        assert_eq!(theme.language_name("xx"), None);
    }

    #[test]
    fn default_theme_is_embedded() {
        let theme = Theme::built_in();
        assert!(theme.templates.contains_key("base.html"));
        assert!(theme.statics.contains_key("helpbook.css"));
        assert!(theme.strings.contains_key("en"));
    }
}
