//! Themes: the default theme embedded in the binary, overridden file by file
//! by a help center's own `themes/<name>/` folder (as mdBook and Zola allow),
//! compiled once into a tera instance.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::base::diagnostic::Diagnostic;
use crate::config::Config;

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

/// The language every theme has all its strings in.
pub const STRINGS_FALLBACK: &str = "en";

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

    /// Compiles every template into one tera instance. Errors name the
    /// template file and, for syntax errors, the line.
    pub fn compile(&self) -> Result<tera::Tera, Vec<Diagnostic>> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        tera.set_escape_fn(crate::base::html::escape_html);
        let all: Vec<(&str, &str)> = self
            .templates
            .iter()
            .map(|(name, (text, _))| (name.as_str(), text.as_str()))
            .collect();
        // Parsing is most of the cost (tens of milliseconds for the default
        // theme), so templates are parsed once; only when that fails is each
        // parsed alone, so every broken one is reported.
        let err = match tera.add_raw_templates(all) {
            Ok(()) => return Ok(tera),
            Err(err) => err,
        };
        let mut diagnostics = Vec::new();
        for (name, (text, origin)) in &self.templates {
            if let Err(err) = tera::Template::new(name, None, text) {
                diagnostics.push(self.template_error(&err, Some((name, origin))));
            }
        }
        if diagnostics.is_empty() {
            diagnostics.push(self.template_error(&err, None));
        }
        Err(diagnostics)
    }

    /// A diagnostic for a tera error, naming the template it is about.
    pub fn template_error(
        &self,
        err: &tera::Error,
        known: Option<(&String, &Origin)>,
    ) -> Diagnostic {
        let chain = error_chain(err);
        // The template named last in the chain is the one the problem is in.
        let named = known.map(|(n, _)| n.clone()).or_else(|| {
            quoted_names(&chain)
                .into_iter()
                .rev()
                .find(|n| self.templates.contains_key(n))
        });
        let origin = named
            .as_ref()
            .and_then(|n| self.templates.get(n))
            .map(|(_, o)| o.clone())
            .unwrap_or(Origin::BuiltIn);
        let file = named
            .as_ref()
            .map(|n| origin.display_path(n))
            .unwrap_or_else(|| PathBuf::from("(theme)"));
        let position = tera_position(&chain);
        let message = match position {
            // A syntax error: tera's own excerpt is replaced by ours; keep the cause.
            Some(_) => {
                let cause = chain
                    .lines()
                    .filter_map(|l| l.trim_start().strip_prefix("= "))
                    .collect::<Vec<_>>()
                    .join(" ");
                format!(
                    "template syntax error: {}",
                    if cause.is_empty() {
                        chain.trim()
                    } else {
                        cause.trim()
                    }
                )
            }
            None => format!(
                "template error: {}",
                chain
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(": ")
            ),
        };
        let mut d = Diagnostic::error(message).in_file(file).with_help(
            "check tags, variable names and filters; the data each template receives is listed in \
             themes/README.md of helpbook's source",
        );
        if let Some((line, column)) = position {
            d.line = Some(line);
            d.column = Some(column);
        }
        d
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

/// A strings file: a flat table of text values.
fn parse_strings(text: &str, file: &Path) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    let root = crate::base::data::parse_toml(text).map_err(|errors| {
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
    if let crate::base::data::Value::Table(entries) = root.value {
        for (key, _, node) in entries {
            match node.value {
                crate::base::data::Value::String(value) => {
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
    /// The built-in theme's English strings.
    pub fn english() -> Strings {
        let mut theme = Theme::default();
        collect_embedded(&DEFAULT_THEME, &mut theme);
        theme.strings_for(STRINGS_FALLBACK, &BTreeMap::new())
    }

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

impl Theme {
    /// The strings of the theme in `language`: English for every key, the
    /// language's own where the theme has them, then `labels` (a help
    /// center's wording from book.toml).
    pub fn strings_for(&self, language: &str, labels: &BTreeMap<String, String>) -> Strings {
        let mut out = self
            .strings
            .get(STRINGS_FALLBACK)
            .cloned()
            .unwrap_or_default();
        let primary = language.split('-').next().unwrap_or(language);
        for code in [primary, language] {
            if code != STRINGS_FALLBACK {
                if let Some(own) = self.strings.get(code) {
                    out.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
            }
        }
        out.extend(labels.iter().map(|(k, v)| (k.clone(), v.clone())));
        Strings(out)
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

/// The messages of an error and its sources, one per line.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        out.push('\n');
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// Names in single or double quotes in tera messages (`'article.html'`).
fn quoted_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for quote in ['\'', '"', '`'] {
        let parts: Vec<&str> = text.split(quote).collect();
        for (i, part) in parts.iter().enumerate() {
            if i % 2 == 1 && !part.is_empty() && !part.contains(char::is_whitespace) {
                names.push(part.to_string());
            }
        }
    }
    names
}

/// The `--> line:column` that tera puts in syntax errors.
fn tera_position(text: &str) -> Option<(usize, usize)> {
    let after = text.split("--> ").nth(1)?;
    let mut nums = after
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty());
    let line = nums.next()?.parse().ok()?;
    let column = nums.next()?.parse().ok()?;
    Some((line, column))
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
    fn syntax_errors_name_template_and_line() {
        let mut theme = Theme::default();
        theme.templates.insert(
            "article.html".into(),
            (
                "line one\n{% if %}x{% endif %}\nline three\n".into(),
                Origin::Override("themes/x/templates/article.html".into()),
            ),
        );
        let errors = theme.compile().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].file.as_deref(),
            Some(Path::new("themes/x/templates/article.html"))
        );
        assert_eq!(errors[0].line, Some(2), "{:?}", errors[0]);
    }

    /// The `sentence` macro as it was before it used loops instead of
    /// recursion: the loops must write the same bytes.
    const RECURSIVE_SENTENCE: &str = r#"{% macro sentence(text, k1="", u1="", l1="", k2="", u2="", l2="", k3="", u3="", l3="") -%}
{%- if k1 and text is containing(k1) -%}
{%- set parts = text | split(pat=k1) -%}
{{ self::sentence(text=parts | first, k1=k2, u1=u2, l1=l2, k2=k3, u2=u3, l2=l3) }}<a href="{{ u1 }}">{{ l1 }}</a>{{ self::sentence(text=parts | slice(start=1) | join(sep=k1), k1=k1, u1=u1, l1=l1, k2=k2, u2=u2, l2=l2, k3=k3, u3=u3, l3=l3) }}
{%- elif k1 -%}
{{ self::sentence(text=text, k1=k2, u1=u2, l1=l2, k2=k3, u2=u3, l2=l3) }}
{%- else -%}
{{ text }}
{%- endif -%}
{%- endmacro sentence %}"#;

    #[test]
    fn sentence_macro_writes_what_the_recursive_one_did() {
        let mut theme = Theme::default();
        collect_embedded(&DEFAULT_THEME, &mut theme);
        let mut tera = theme.compile().unwrap();
        let call = "{{ m::sentence(text=text, k1=k1, u1=\"/a?x=1&y=2\", l1=\"<one>\", \
                    k2=k2, u2=\"/b/\", l2=\"two's\", k3=k3, u3=\"/c/\", l3=\"3\") }}";
        tera.add_raw_templates(vec![
            ("old-macros.html", RECURSIVE_SENTENCE.to_string()),
            (
                "old.html",
                format!("{{% import \"old-macros.html\" as m %}}{call}"),
            ),
            (
                "new.html",
                format!("{{% import \"macros.html\" as m %}}{call}"),
            ),
        ])
        .unwrap();
        let texts = [
            "",
            "no placeholders & <tags>",
            "{a}",
            "{a}{a}",
            "see {a} or {b}, then {c}.",
            "{c} before {b} before {a}",
            "x{a}y{b}z{a}w{c}v{b}",
            "{b}{c}{a}{c}{b}",
            "it's {a}{",
        ];
        let keys = [
            ("{a}", "{b}", "{c}"),
            ("{a}", "{b}", ""),
            ("{a}", "", "{c}"),
            ("", "{b}", "{c}"),
            ("{b}", "{a}", "{c}"),
            ("{", "a}", "}"),
        ];
        for text in texts {
            for (k1, k2, k3) in keys {
                let mut ctx = tera::Context::new();
                ctx.insert("text", text);
                ctx.insert("k1", k1);
                ctx.insert("k2", k2);
                ctx.insert("k3", k3);
                let old = tera.render("old.html", &ctx).unwrap();
                let new = tera.render("new.html", &ctx).unwrap();
                assert_eq!(new, old, "text {text:?}, keys {k1:?} {k2:?} {k3:?}");
            }
        }
    }

    #[test]
    fn languages_are_named_in_themselves() {
        let mut theme = Theme::default();
        collect_embedded(&DEFAULT_THEME, &mut theme);
        assert_eq!(theme.language_name("es").as_deref(), Some("Español"));
        assert_eq!(theme.language_name("pt-BR").as_deref(), Some("Português"));
        assert_eq!(theme.language_name("ar").as_deref(), Some("العربية"));
        // Not the English fallback's name.
        assert_eq!(theme.language_name("xx"), None);
    }

    #[test]
    fn default_theme_is_embedded_and_compiles() {
        let mut theme = Theme::default();
        collect_embedded(&DEFAULT_THEME, &mut theme);
        assert!(theme.templates.contains_key("base.html"));
        assert!(theme.statics.contains_key("helpbook.css"));
        assert!(theme.compile().is_ok());
    }
}
