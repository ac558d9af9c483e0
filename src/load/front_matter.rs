//! Front matter: the TOML (`+++`) or YAML (`---`) block at the top of a
//! Markdown file, split from the body and read into typed structs.

use std::ops::Range;
use std::path::Path;

use crate::base::data::{self, Fields, Node};
use crate::base::diagnostic::Diagnostic;
use crate::model::meta::{
    AnnouncementMeta, AnnouncementSeverity, ArticleKind, ArticleMeta, Located, SectionMeta,
};
use crate::model::status::IssueMeta;

/// Which language the front matter is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// Between `+++` lines.
    Toml,
    /// Between `---` lines.
    Yaml,
}

/// A file cut into its front matter and body.
#[derive(Clone, Debug)]
pub(crate) struct Split<'a> {
    /// The front matter's language, or `None` when the file has none.
    pub format: Option<Format>,
    /// The front matter's text (between the delimiter lines).
    pub matter: &'a str,
    /// Byte offset of `matter` in the file.
    pub matter_offset: usize,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Cuts `source` into front matter and body. A block that is opened but never
/// closed is an error.
pub(crate) fn split<'a>(source: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &source[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let first = rest[..first_line_end].trim_end();
    let (format, delimiter) = match first {
        "+++" => (Format::Toml, "+++"),
        "---" => (Format::Yaml, "---"),
        _ => {
            return Ok(Split {
                format: None,
                matter: "",
                matter_offset: start,
                body_offset: start,
            })
        }
    };
    let matter_offset = start + first_line_end;
    let mut offset = matter_offset;
    for line in source[matter_offset..].split_inclusive('\n') {
        if line.trim_end() == delimiter {
            let body_offset = offset + line.len();
            return Ok(Split {
                format: Some(format),
                matter: &source[matter_offset..offset],
                matter_offset,
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(format!(
        "front matter opened with `{delimiter}` is never closed"
    ))
    .in_file(file)
    .at(source, start..start + 3)
    .with_help(format!(
        "add a line with just `{delimiter}` after the last front matter line"
    )))
}

/// Parses the front matter of `split` into a table node, reporting syntax errors.
fn parse_matter(split: &Split<'_>, source: &str, file: &Path) -> Result<Node, Vec<Diagnostic>> {
    let result = match split.format {
        Some(Format::Toml) => data::parse_toml(split.matter),
        Some(Format::Yaml) => data::parse_yaml(split.matter),
        None => {
            return Ok(Node {
                value: data::Value::Table(Vec::new()),
                span: 0..0,
            })
        }
    };
    let language = match split.format {
        Some(Format::Yaml) => "YAML",
        _ => "TOML",
    };
    result.map_err(|errors| {
        errors
            .into_iter()
            .map(|(message, span)| {
                Diagnostic::error(format!("front matter is not valid {language}: {message}"))
                    .in_file(file)
                    .at(source, data::shift(&span, split.matter_offset))
                    .with_help(syntax_help(split, &span, &message))
            })
            .collect()
    })
}

/// The help line of a front matter syntax error: what the key on the
/// error's line holds (a date, a list, a number, true or false), or how a
/// line is written when the key says nothing.
fn syntax_help(split: &Split<'_>, span: &Range<usize>, message: &str) -> String {
    let yaml = split.format == Some(Format::Yaml);
    let line_start = split
        .matter
        .get(..span.start)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line = split.matter.get(line_start..).unwrap_or("");
    let key = line
        .split(['=', ':', '\n'])
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(['"', '\'']);
    let sep = if yaml { ": " } else { " = " };
    let message = message.to_ascii_lowercase();
    if key == "updated" || message.contains("date") || message.contains("time") {
        let key = if matches!(key, "start" | "end") {
            key
        } else {
            "updated"
        };
        return format!(
            "a date is written YYYY-MM-DD, without quotes, and must exist (month 01 to 12, a day the month has): {key}{sep}2026-01-31"
        );
    }
    match key {
        "keywords" | "aliases" | "related" => {
            format!("`{key}` is a list of texts in double quotes: {key}{sep}[\"first\", \"second\"]")
        }
        "weight" => format!("`{key}` is a whole number, without quotes: {key}{sep}10"),
        "draft" | "promoted" => {
            format!("`{key}` is true or false, without quotes: {key}{sep}true")
        }
        _ if yaml => "each line is `key: value`; quote text that contains a colon".into(),
        _ => "each line is `key = value`; text goes in double quotes: title = \"Reset your password\"".into(),
    }
}

fn located(items: Vec<(String, Range<usize>)>, base: usize) -> Vec<Located> {
    items
        .into_iter()
        .map(|(text, span)| Located {
            text,
            span: data::shift(&span, base),
        })
        .collect()
}

/// Reads an article's front matter. `None` when it has errors (all reported).
pub(crate) fn read_article(
    split: &Split<'_>,
    source: &str,
    file: &Path,
) -> (Option<ArticleMeta>, Vec<Diagnostic>) {
    if split.format.is_none() {
        return (
            None,
            vec![Diagnostic::error("article has no front matter")
                .in_file(file)
                .at_line(1)
                .with_help("start the file with:\n+++\ntitle = \"Reset your password\"\n+++")],
        );
    }
    let node = match parse_matter(split, source, file) {
        Ok(node) => node,
        Err(diagnostics) => return (None, diagnostics),
    };
    let base = split.matter_offset;
    let mut f = Fields::new(&node, "front matter", file, source, base);
    let title = f.require_string("title", "title = \"Reset your password\"");
    let description = f.take_string("description").unwrap_or_default();
    let weight = f.take_integer("weight");
    let draft = f.take_bool("draft").unwrap_or(false);
    let keywords = f
        .take_string_list("keywords")
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    let aliases = located(f.take_string_list("aliases"), base);
    let updated = f.take_date("updated").map(|(d, _)| d);
    let related = located(f.take_string_list("related"), base);
    let promoted = f.take_bool("promoted").unwrap_or(false);
    let kind = match f.take_string("kind").as_deref() {
        None | Some("article") => ArticleKind::Article,
        Some("troubleshooter") => ArticleKind::Troubleshooter,
        Some("wizard") => ArticleKind::Wizard,
        Some(other) => {
            let span = f.span_of("kind").unwrap_or(0..0);
            let suggestion = crate::base::did_you_mean::did_you_mean(
                other,
                ["article", "troubleshooter", "wizard"],
            );
            f.error_at(
                &span,
                format!("`kind` must be \"article\", \"troubleshooter\" or \"wizard\", not \"{other}\""),
                Some(match suggestion {
                    Some(s) => format!("did you mean \"{s}\"?"),
                    None => "kind = \"troubleshooter\" makes each `## Question {#id}` a step; \"wizard\" adds progress and a summary of answers".into(),
                }),
            );
            ArticleKind::Article
        }
    };
    let start = f.take_string("start").map(|text| {
        let span = data::shift(&f.span_of("start").unwrap_or(0..0), base);
        Located { text, span }
    });
    let support_channel = f.take_string("support-channel").map(|text| {
        let span = data::shift(&f.span_of("support-channel").unwrap_or(0..0), base);
        Located { text, span }
    });
    let extra = f
        .take_value_table("extra")
        .into_iter()
        .map(|v| (v.name, v.value, data::shift(&v.span, base)))
        .collect();
    if kind == ArticleKind::Article {
        for key in ["start", "support-channel"] {
            if let Some(span) = f.span_of(key) {
                f.error_at(
                    &span,
                    format!("`{key}` only applies to troubleshooters and wizards"),
                    Some(
                        "add kind = \"troubleshooter\" (or \"wizard\"), or remove this line".into(),
                    ),
                );
            }
        }
    }
    let diagnostics = f.finish();
    let meta = match title {
        Some(title) if !diagnostics.iter().any(Diagnostic::is_error) => Some(ArticleMeta {
            title,
            description,
            weight,
            draft,
            keywords,
            aliases,
            updated,
            related,
            promoted,
            kind,
            start,
            support_channel,
            extra,
        }),
        _ => None,
    };
    (meta, diagnostics)
}

/// Reads a section's front matter.
pub(crate) fn read_section(
    split: &Split<'_>,
    source: &str,
    file: &Path,
) -> (Option<SectionMeta>, Vec<Diagnostic>) {
    let node = match parse_matter(split, source, file) {
        Ok(node) => node,
        Err(diagnostics) => return (None, diagnostics),
    };
    let mut f = Fields::new(
        &node,
        "section front matter",
        file,
        source,
        split.matter_offset,
    );
    let title = f.take_string("title");
    let description = f.take_string("description").unwrap_or_default();
    let weight = f.take_integer("weight");
    let icon_span = f
        .span_of("icon")
        .map(|span| crate::base::data::shift(&span, split.matter_offset));
    let icon = f.take_string("icon").unwrap_or_default();
    let diagnostics = f.finish();
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (None, diagnostics);
    }
    (
        Some(SectionMeta {
            title,
            description,
            weight,
            icon,
            icon_span,
        }),
        diagnostics,
    )
}

/// Reads the announcement's front matter.
pub(crate) fn read_announcement(
    split: &Split<'_>,
    source: &str,
    file: &Path,
) -> (Option<AnnouncementMeta>, Vec<Diagnostic>) {
    let node = match parse_matter(split, source, file) {
        Ok(node) => node,
        Err(diagnostics) => return (None, diagnostics),
    };
    let mut f = Fields::new(
        &node,
        "announcement front matter",
        file,
        source,
        split.matter_offset,
    );
    let title = f.require_string("title", "title = \"Some login codes are delayed\"");
    let severity = take_severity(&mut f);
    let start = f.take_date("start");
    let end = f.take_date("end");
    let pages = located(f.take_string_list("pages"), split.matter_offset);
    if let (Some((s, _)), Some((e, span))) = (&start, &end) {
        if e < s {
            let span = span.clone();
            f.error_at(
                &span,
                format!("the announcement ends ({e}) before it starts ({s})"),
                Some("swap `start` and `end`, or fix the dates".into()),
            );
        }
    }
    let diagnostics = f.finish();
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (None, diagnostics);
    }
    match (title, severity) {
        (Some(title), Some(severity)) => (
            Some(AnnouncementMeta {
                title,
                severity,
                start: start.map(|(d, _)| d),
                end: end.map(|(d, _)| d),
                pages,
            }),
            diagnostics,
        ),
        _ => (None, diagnostics),
    }
}

/// `severity`: `info` (the default), `warning` or `outage`; `None` after
/// reporting another value, with did-you-mean.
fn take_severity(f: &mut Fields<'_>) -> Option<AnnouncementSeverity> {
    match f.take_string("severity").as_deref() {
        None | Some("info") => Some(AnnouncementSeverity::Info),
        Some("warning") => Some(AnnouncementSeverity::Warning),
        Some("outage") => Some(AnnouncementSeverity::Outage),
        Some(other) => {
            let span = f.span_of("severity").unwrap_or(0..0);
            let near =
                crate::base::did_you_mean::did_you_mean(other, ["info", "warning", "outage"]);
            f.error_at(
                &span,
                format!("`severity` must be \"info\", \"warning\" or \"outage\", not \"{other}\""),
                near.map(|n| format!("did you mean \"{n}\"?")),
            );
            None
        }
    }
}

/// Reads a known issue's front matter (`content/_status/<name>.md`):
/// `title`, `severity`, `start` (required but in a translation, which
/// takes it from the original with `severity`, `end` and `affects`), `end`,
/// `affects`.
pub(crate) fn read_issue(
    split: &Split<'_>,
    source: &str,
    file: &Path,
    translation: bool,
) -> (Option<IssueMeta>, Vec<Diagnostic>) {
    let node = match parse_matter(split, source, file) {
        Ok(node) => node,
        Err(diagnostics) => return (None, diagnostics),
    };
    let mut f = Fields::new(
        &node,
        "known issue's front matter",
        file,
        source,
        split.matter_offset,
    );
    let title = f.require_string("title", "title = \"Some login codes are delayed\"");
    let severity = take_severity(&mut f);
    let start = f.take_date("start");
    if start.is_none() && f.span_of("start").is_none() && !translation {
        f.error_at(
            &(0..0),
            "a known issue needs `start`, the day it began".to_string(),
            Some("start = 2026-11-01".into()),
        );
    }
    let end = f.take_date("end");
    let affects = located(f.take_string_list("affects"), split.matter_offset);
    if let (Some((s, _)), Some((e, span))) = (&start, &end) {
        if e < s {
            let span = span.clone();
            f.error_at(
                &span,
                format!("the issue ends ({e}) before it starts ({s})"),
                Some("swap `start` and `end`, or fix the dates".into()),
            );
        }
    }
    let diagnostics = f.finish();
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (None, diagnostics);
    }
    let start = match start {
        Some((date, _)) => Some(date),
        None if translation => Some(jiff::civil::Date::MIN),
        None => None,
    };
    match (title, severity, start) {
        (Some(title), Some(severity), Some(start)) => (
            Some(IssueMeta {
                title,
                severity,
                start,
                end: end.map(|(d, _)| d),
                affects,
            }),
            diagnostics,
        ),
        _ => (None, diagnostics),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(source: &str) -> (Option<ArticleMeta>, Vec<Diagnostic>) {
        let file = Path::new("content/a.md");
        let split = split(source, file).unwrap();
        read_article(&split, source, file)
    }

    #[test]
    fn toml_and_yaml_read_the_same() {
        let (toml, d1) = article(
            "+++\ntitle = \"T\"\nkeywords = [\"a\", \"b\"]\nupdated = 2026-01-02\n+++\nbody",
        );
        let (yaml, d2) = article("---\ntitle: T\nkeywords: [a, b]\nupdated: 2026-01-02\n---\nbody");
        assert!(d1.is_empty() && d2.is_empty(), "{d1:?} {d2:?}");
        let (toml, yaml) = (toml.unwrap(), yaml.unwrap());
        assert_eq!(toml.title, yaml.title);
        assert_eq!(toml.keywords, yaml.keywords);
        assert_eq!(toml.updated, yaml.updated);
    }

    #[test]
    fn unknown_keys_point_at_their_line() {
        let (meta, diags) = article("+++\ntitle = \"T\"\nkeywrods = [\"x\"]\n+++\n");
        assert!(meta.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, Some(3));
        assert_eq!(diags[0].help.as_deref(), Some("did you mean `keywords`?"));
        let (_, diags) = article("---\ntitle: T\nprmoted: true\n---\n");
        assert_eq!(diags[0].line, Some(3));
        assert_eq!(diags[0].help.as_deref(), Some("did you mean `promoted`?"));
    }

    #[test]
    fn every_problem_is_reported() {
        let (_, diags) = article("+++\nweight = \"ten\"\ndraft = 1\nfoo = 2\n+++\n");
        // missing title, two wrong types, one unknown key
        assert_eq!(diags.len(), 4, "{diags:#?}");
    }

    #[test]
    fn syntax_errors_are_located_in_the_file() {
        let (_, diags) = article("+++\ntitle = \"T\"\ndescription = \"unclosed\n+++\n");
        assert!(!diags.is_empty());
        assert_eq!(diags[0].line, Some(3));
    }

    #[test]
    fn syntax_help_lines_fit_the_key() {
        let help = |source: &str| {
            let (_, diags) = article(source);
            diags[0].help.clone().unwrap_or_default()
        };
        // A month 13 is about dates, not about quoting text.
        let date = help("+++\ntitle = \"T\"\nupdated = 2026-13-01\n+++\n");
        assert!(date.contains("YYYY-MM-DD"), "{date}");
        assert!(date.contains("updated = 2026-01-31"), "{date}");
        assert!(!date.contains("double quotes"), "{date}");
        let weight = help("+++\ntitle = \"T\"\nweight = ten\n+++\n");
        assert!(weight.contains("whole number"), "{weight}");
        let list = help("+++\ntitle = \"T\"\nkeywords = [a]\n+++\n");
        assert!(list.contains("keywords = [\"first\""), "{list}");
        let text = help("+++\ntitle = Reset\n+++\n");
        assert!(text.contains("double quotes"), "{text}");
    }

    #[test]
    fn unclosed_front_matter() {
        let err = split("+++\ntitle = \"x\"\n", Path::new("a.md")).unwrap_err();
        assert!(err.message.contains("never closed"));
        assert_eq!(err.line, Some(1));
    }
}
