//! One Markdown file of `content/` read whole: its text, its front matter
//! for its role (article, a folder's `_index.md`, the announcement), its
//! body parsed with the `{{ name }}` values it may use, and a tree's steps.

use std::collections::BTreeMap;
use std::path::Path;

use crate::base::diagnostic::Diagnostic;
use crate::base::did_you_mean::did_you_mean;
use crate::base::text::SourceText;
use crate::config::Config;
use crate::load::front_matter;
use crate::load::read::read_text;
use crate::load::tree_steps;
use crate::load::walk::{FoundFile, MarkdownRole};
use crate::markdown::{self, Headings, Parsed};
use crate::model::meta::{AnnouncementMeta, ArticleMeta, SectionMeta};
use crate::model::site::SourceFile;
use crate::model::status::IssueMeta;
use crate::model::tree::Tree;

// One short-lived value per file, moved once into the site: boxing the large
// variant would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Loaded {
    Article(ArticleMeta, SourceFile, Parsed, Option<Tree>),
    SectionIndex(SectionMeta, SourceFile, Parsed),
    Announcement(AnnouncementMeta, SourceFile, Parsed),
    Status(IssueMeta, SourceFile, Parsed),
    /// Not loaded (its errors say why); for an article whose body could
    /// still be read, the body's headings (to check anchors against).
    Failed(Option<Headings>),
}

/// Reads one Markdown file and parses its front matter and body.
pub(crate) fn load_markdown(
    root: &Path,
    config: &Config,
    found: &FoundFile,
) -> (Loaded, Vec<Diagnostic>, Option<SourceFile>) {
    let relative = found
        .path
        .strip_prefix(root)
        .unwrap_or(&found.path)
        .to_path_buf();
    let text = match read_text(&found.path, &relative) {
        Ok(text) => text,
        Err(diagnostic) => return (Loaded::Failed(None), vec![diagnostic], None),
    };
    let file = SourceFile {
        path: relative.clone(),
        text: SourceText::new(text),
    };
    let text = file.text.get();
    let source = &*text;
    let split = match front_matter::split(source, &relative) {
        Ok(split) => split,
        Err(diagnostic) => return (Loaded::Failed(None), vec![diagnostic], Some(file)),
    };
    let body_range = split.body_offset..source.len();
    // Read the front matter for the file's role; parse the body only when it is valid.
    let parse_body = |values: markdown::Values| {
        let parsed = markdown::parse(file.text.clone(), body_range.clone(), values.clone());
        let unknown: Vec<Diagnostic> = parsed
            .unknown_values
            .iter()
            .map(|u| unknown_value(u, &values, source, &relative))
            .collect();
        (parsed, unknown)
    };
    let mut extra_diagnostics = Vec::new();
    let (loaded, diagnostics) = match found.role {
        MarkdownRole::Article => {
            let (meta, mut diagnostics) = front_matter::read_article(&split, source, &relative);
            let loaded = meta.map(|m| {
                let values = if m.extra.is_empty() {
                    config.extra.clone()
                } else {
                    let mut values = (*config.extra).clone();
                    for (name, value, _) in &m.extra {
                        values.insert(name.clone(), value.clone());
                    }
                    values.into()
                };
                let (body, unknown) = parse_body(values);
                extra_diagnostics.extend(unknown);
                let tree = if m.kind.is_tree() {
                    let (tree, found) = tree_steps::read(&body, &m, source, &relative);
                    diagnostics.extend(found);
                    tree
                } else {
                    None
                };
                Loaded::Article(m, file.clone(), body, tree)
            });
            // Front matter broken, body fine: links to its anchors are
            // still checked in this run.
            let loaded = loaded.unwrap_or_else(|| {
                Loaded::Failed(Some(parse_body(config.extra.clone()).0.headings))
            });
            (Some(loaded), diagnostics)
        }
        MarkdownRole::SectionIndex => {
            let (meta, diagnostics) = front_matter::read_section(&split, source, &relative);
            let loaded = meta.map(|m| {
                let (body, unknown) = parse_body(config.extra.clone());
                extra_diagnostics.extend(unknown);
                Loaded::SectionIndex(m, file.clone(), body)
            });
            (loaded, diagnostics)
        }
        MarkdownRole::Announcement => {
            let (meta, diagnostics) = front_matter::read_announcement(&split, source, &relative);
            let loaded = meta.map(|m| {
                let (body, unknown) = parse_body(config.extra.clone());
                extra_diagnostics.extend(unknown);
                Loaded::Announcement(m, file.clone(), body)
            });
            (loaded, diagnostics)
        }
        MarkdownRole::Status => {
            let (meta, diagnostics) =
                front_matter::read_issue(&split, source, &relative, found.language != 0);
            let loaded = meta.map(|m| {
                let (body, unknown) = parse_body(config.extra.clone());
                extra_diagnostics.extend(unknown);
                Loaded::Status(m, file.clone(), body)
            });
            (loaded, diagnostics)
        }
    };
    let loaded = loaded.unwrap_or(Loaded::Failed(None));
    let mut diagnostics = diagnostics;
    diagnostics.extend(extra_diagnostics);
    // Trees report their own duplicate ids (steps and headings).
    if let Some(body) = match &loaded {
        Loaded::Article(_, _, body, None) | Loaded::SectionIndex(_, _, body) => Some(body),
        _ => None,
    } {
        for (id, span) in &body.duplicate_ids {
            diagnostics.push(
                Diagnostic::error(format!("two headings have the id `{id}`"))
                    .in_file(&relative)
                    .at(source, span.clone())
                    .with_help(
                        "give each heading its own {#id}: links to this anchor would be ambiguous",
                    ),
            );
        }
    }
    (loaded, diagnostics, Some(file))
}

/// A `{{ name }}` nobody defined.
fn unknown_value(
    unknown: &markdown::UnknownValue,
    values: &BTreeMap<String, String>,
    source: &str,
    file: &Path,
) -> Diagnostic {
    let help = match did_you_mean(&unknown.name, values.keys().map(String::as_str)) {
        Some(s) => format!("did you mean `{{{{ {s} }}}}`?"),
        None => format!(
            "define it in book.toml under [extra] (or in this file's front matter under [extra]): {} = \"30 days\"; for literal braces, put the text in `code`",
            if unknown.name.is_empty() { "name" } else { &unknown.name }
        ),
    };
    Diagnostic::error(format!("unknown value `{{{{ {} }}}}`", unknown.name))
        .in_file(file)
        .at(source, unknown.span.clone())
        .with_help(help)
}
