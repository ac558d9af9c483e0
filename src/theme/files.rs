//! A theme's files: the default theme embedded in the binary, overridden
//! file by file by a help center's own `themes/<name>/` folder (templates,
//! static files, and single keys of `strings/<code>.toml`), as mdBook and
//! Zola allow.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::base::diagnostic::Diagnostic;
use crate::base::files::{read_limited, FileProblem, LinkGuard, MAX_TEXT_BYTES};
use crate::config::book::external_link_error;
use crate::config::Config;
use crate::theme::brand::{read_brand, Image, DEFAULT_FAVICON};
use crate::theme::icons::inline_svg;
use crate::theme::strings::{parse_strings, strings_in, Strings, STRINGS_FALLBACK};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A theme's static file larger than this is refused: every build holds the
/// theme's files in memory (a font or an image is well under it).
pub(crate) const MAX_STATIC_BYTES: u64 = 32 * 1024 * 1024;

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
    /// Icon name (`lock`) → its SVG, ready to write inline (`icons/<name>.svg`).
    pub icons: BTreeMap<String, String>,
    /// `[theme] logo`, among the statics.
    pub logo: Option<Image>,
    /// `[theme] favicon`, among the statics (see [`Theme::favicon`] for the default).
    pub favicon: Option<Image>,
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
                let diagnostics = theme.add_brand(root, config, config_text);
                return if diagnostics.is_empty() {
                    Ok(theme)
                } else {
                    Err(diagnostics)
                };
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
        let guard = config.link_guard(root);
        if let Some(target) = guard.refuses_on_the_way(&dir) {
            return Err(vec![external_link_error(&folder, &target)]);
        }
        let overrides = Overrides {
            dir: &dir,
            folder: &folder,
            guard: &guard,
        };
        overrides.read_strings(&mut theme, &mut diagnostics);
        overrides.read_files(&mut theme, &mut diagnostics);
        diagnostics.extend(theme.add_brand(root, config, config_text));
        if diagnostics.is_empty() {
            Ok(theme)
        } else {
            Err(diagnostics)
        }
    }
}

impl Theme {
    /// Adds `config`'s `[theme] logo` and `favicon` to the statics; returns
    /// the problems with them.
    fn add_brand(&mut self, root: &Path, config: &Config, config_text: &str) -> Vec<Diagnostic> {
        let brand = read_brand(root, config, config_text, MAX_STATIC_BYTES);
        self.statics.extend(brand.statics);
        self.logo = brand.logo;
        self.favicon = brand.favicon;
        brand.diagnostics
    }

    /// The favicon: `[theme] favicon`, else the theme's `favicon.svg` (an
    /// override's when it has one); `None` when a theme has none.
    pub fn favicon(&self) -> Option<Image> {
        self.favicon.clone().or_else(|| {
            self.statics.contains_key(DEFAULT_FAVICON).then(|| Image {
                name: DEFAULT_FAVICON.to_string(),
                mime: "image/svg+xml",
                size: None,
            })
        })
    }

    /// The markup of icon `name` to write inline, `None` when the theme has
    /// no such icon.
    pub fn icon(&self, name: &str) -> Option<&str> {
        self.icons.get(name).map(String::as_str)
    }

    /// The names of the theme's icons, in order.
    pub fn icon_names(&self) -> impl Iterator<Item = &str> {
        self.icons.keys().map(String::as_str)
    }
}

/// A help center's theme folder (`themes/<name>/`), read over the default.
struct Overrides<'a> {
    /// Where it is.
    dir: &'a Path,
    /// As diagnostics name it (`themes/<name>`).
    folder: &'a Path,
    /// Which symbolic links may be followed.
    guard: &'a LinkGuard,
}

impl Overrides<'_> {
    /// Single keys of `strings/<code>.toml` over the built-in ones.
    fn read_strings(&self, theme: &mut Theme, diagnostics: &mut Vec<Diagnostic>) {
        let strings_dir = self.dir.join("strings");
        if !strings_dir.is_dir() {
            return;
        }
        let display = self.folder.join("strings");
        if let Some(target) = self.guard.refuses(&strings_dir) {
            diagnostics.push(external_link_error(&display, &target));
            return;
        }
        let entries = match std::fs::read_dir(&strings_dir) {
            Ok(entries) => entries,
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error(format!("cannot read theme strings: {e}")).in_file(display),
                );
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let Some(code) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
                continue;
            };
            let shown = display.join(format!("{code}.toml"));
            if let Some(target) = self.guard.refuses(&path) {
                diagnostics.push(external_link_error(&shown, &target));
                continue;
            }
            let text = read_limited(&path, MAX_TEXT_BYTES)
                .map_err(|problem| unreadable(&shown, "theme strings", &problem))
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| {
                        Diagnostic::error("theme strings are not valid UTF-8")
                            .in_file(&shown)
                            .with_help("save the file as UTF-8")
                    })
                });
            match text {
                Ok(text) => match parse_strings(&text, &shown) {
                    Ok(table) => theme.strings.entry(code).or_default().extend(table),
                    Err(d) => diagnostics.extend(d),
                },
                Err(d) => diagnostics.push(d),
            }
        }
    }

    /// `templates/` and `static/`, file by file over the built-in ones.
    fn read_files(&self, theme: &mut Theme, diagnostics: &mut Vec<Diagnostic>) {
        for (sub, is_template) in [("templates", true), ("static", false), ("icons", false)] {
            let base = self.dir.join(sub);
            if !base.is_dir() {
                continue;
            }
            let mut refused = Vec::new();
            let walker = WalkDir::new(&base)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    if !e.path_is_symlink() {
                        return true;
                    }
                    // Checked before walkdir reads a linked folder.
                    let Some(target) = self.guard.refuses(e.path()) else {
                        return true;
                    };
                    let shown = match e.path().strip_prefix(&base) {
                        Ok(relative) if e.depth() > 0 => self.folder.join(sub).join(relative),
                        _ => self.folder.join(sub),
                    };
                    refused.push(external_link_error(&shown, &target));
                    false
                });
            for entry in walker {
                let entry = match entry {
                    Ok(e) if e.file_type().is_dir() => continue,
                    Ok(e) => e,
                    Err(err) => {
                        diagnostics.push(
                            Diagnostic::error(format!("cannot read theme file: {err}"))
                                .in_file(self.folder.join(sub)),
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
                let display = self.folder.join(sub).join(relative);
                let limit = if is_template {
                    MAX_TEXT_BYTES
                } else {
                    MAX_STATIC_BYTES
                };
                let bytes = match read_limited(entry.path(), limit) {
                    Ok(b) => b,
                    Err(problem) => {
                        diagnostics.push(unreadable(&display, "theme file", &problem));
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
                } else if sub == "icons" {
                    add_icon(theme, &name, &bytes, &display, diagnostics);
                } else {
                    theme.statics.insert(name, bytes);
                }
            }
            diagnostics.extend(refused);
        }
    }
}

/// Why a theme file (`what`: "theme file", "theme strings") at `shown`
/// could not be read, and what to do.
fn unreadable(shown: &Path, what: &str, problem: &FileProblem) -> Diagnostic {
    let help = match problem {
        FileProblem::NotRegular(_) => {
            "a theme holds only regular files (not pipes, sockets or devices): remove it, or put the file itself there".to_string()
        }
        FileProblem::TooLarge(_) => format!(
            "a template or strings file may be up to {} MB, a static file up to {} MB: make it smaller, or serve it from elsewhere",
            MAX_TEXT_BYTES / 1_048_576,
            MAX_STATIC_BYTES / 1_048_576
        ),
        FileProblem::Io(_) => "check that the file exists and that you can read it".to_string(),
    };
    Diagnostic::error(format!("cannot read {what}: {problem}"))
        .in_file(shown)
        .with_help(help)
}

/// Icon file `name` (`lock.svg`) of a theme override into `theme`: an SVG
/// file becomes icon `lock`; anything else is an error.
fn add_icon(
    theme: &mut Theme,
    name: &str,
    bytes: &[u8],
    display: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let svg = name
        .strip_suffix(".svg")
        .filter(|n| !n.contains('/'))
        .and_then(|n| Some((n, inline_svg(std::str::from_utf8(bytes).ok()?)?)));
    match svg {
        Some((icon, svg)) => {
            theme.icons.insert(icon.to_string(), svg);
        }
        None => diagnostics.push(
            Diagnostic::error(
                "a theme's icons/ folder holds SVG files only, each an <svg> element",
            )
            .in_file(display)
            .with_help("name the file after the icon (icons/lock.svg) and save it as UTF-8 SVG"),
        ),
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
        } else if let Some(name) = path.strip_prefix("icons/") {
            let svg = file.contents_utf8().and_then(inline_svg);
            if let (Some(icon), Some(svg)) = (name.strip_suffix(".svg"), svg) {
                theme.icons.insert(icon.to_string(), svg);
            }
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
