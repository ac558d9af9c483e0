//! Compiling a theme's templates once into a tera instance (autoescaping
//! with helpbook's HTML escaper), and tera's errors as diagnostics that
//! name the template file and, for syntax errors, the line.

use std::path::PathBuf;

use crate::base::diagnostic::Diagnostic;
use crate::theme::files::{Origin, Theme};

impl Theme {
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

#[cfg(test)]
mod tests {
    use std::path::Path;

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
        let theme = Theme::built_in();
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
    fn default_theme_compiles() {
        assert!(Theme::built_in().compile().is_ok());
    }
}
