//! Loading: walks `content/` (walkdir), reads and parses every Markdown file
//! (in parallel, results kept in path order) and assembles the [`Site`].

pub mod front_matter;
pub mod tree;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::base::diagnostic::{Diagnostic, Report};
use crate::base::did_you_mean::did_you_mean;
use crate::config::{Config, CONTENT_DIR};
use crate::markdown::{self, slugify, Parsed};
use crate::model::meta::{ArticleMeta, SectionMeta};
use crate::model::site::{Announcement, Article, Asset, Section, Site, SourceFile};
use crate::model::tree::Tree;

/// Markdown files larger than this are refused: they are almost certainly a
/// mistake (a log or a data dump), and would slow every build.
pub const MAX_MARKDOWN_BYTES: u64 = 8 * 1024 * 1024;

/// Choices that change what is loaded.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// Include articles marked `draft = true`.
    pub drafts: bool,
}

/// What a Markdown file is, from its name and place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MarkdownRole {
    Article,
    SectionIndex,
    Announcement,
}

struct FoundFile {
    /// Path under `content/`, `/`-separated, without a language suffix
    /// (`account/reset.md` for `account/reset.es.md`).
    key: String,
    path: PathBuf,
    role: MarkdownRole,
    /// Index into the site list: 0 for the original language, `n` for
    /// `config.languages[n - 1]`.
    language: usize,
}

// One short-lived value per file, moved once into the site: boxing the large
// variant would only add an allocation.
#[allow(clippy::large_enum_variant)]
enum Loaded {
    Article(ArticleMeta, SourceFile, Parsed, Option<Tree>),
    SectionIndex(SectionMeta, SourceFile, Parsed),
    Announcement(crate::model::meta::AnnouncementMeta, SourceFile, Parsed),
    Failed,
}

/// Loads `root/content` into a [`Site`] in the original language (see
/// [`load_all`] for translations). Problems go to `report`; the site is
/// still returned (with what could be read) so later stages can report theirs.
pub fn load(root: &Path, config: Config, options: LoadOptions, report: &mut Report) -> Site {
    let mut sites = load_all(root, config, options, report);
    sites.swap_remove(0)
}

/// Loads `root/content` into one [`Site`] per language: the original
/// first, then one for each `[language.<code>]` in book.toml, in that order.
/// A translation is a file named like the original with the language code
/// before `.md` (`reset-password.es.md`, `_index.es.md`); a translated
/// site holds the translated articles only, under `/<code>/`, and the
/// folders that contain them (titled from `_index.<code>.md`, else as in
/// the original).
pub fn load_all(
    root: &Path,
    config: Config,
    options: LoadOptions,
    report: &mut Report,
) -> Vec<Site> {
    let content = root.join(CONTENT_DIR);
    let mut dirs: Vec<String> = Vec::new();
    let mut markdown_files: Vec<FoundFile> = Vec::new();
    let mut assets: Vec<Asset> = Vec::new();
    let configs: Vec<Config> = std::iter::once(config.clone())
        .chain(config.languages.iter().map(|l| config.for_language(l)))
        .collect();

    if !content.is_dir() {
        report.push(
            Diagnostic::error(format!("there is no `{CONTENT_DIR}/` folder in {}", root.display()))
                .in_file(CONTENT_DIR)
                .with_help("create content/ with a folder per category, or run `helpbook init` to start a help center"),
        );
    } else {
        let walker = WalkDir::new(&content)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    report.push(walk_error(root, &err));
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(&content) else {
                continue;
            };
            let key = crate::base::paths::slash_path(relative);
            if entry.file_type().is_dir() {
                dirs.push(key);
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            if !name.ends_with(".md") {
                assets.push(Asset {
                    key,
                    source: entry.path().to_path_buf(),
                });
                continue;
            }
            let (name, key, language) = match split_language(&name, &config) {
                Some((base, language)) => {
                    let folder = key.rsplit_once('/').map_or("", |(p, _)| p);
                    let key = if folder.is_empty() {
                        format!("{base}.md")
                    } else {
                        format!("{folder}/{base}.md")
                    };
                    (format!("{base}.md"), key, language)
                }
                None => {
                    if let Some(d) = undeclared_language(&name, &config, relative) {
                        report.push(d);
                    }
                    (name.into_owned(), key, 0)
                }
            };
            let role = if name == "_index.md" {
                MarkdownRole::SectionIndex
            } else if name == "_announcement.md" && entry.depth() == 1 {
                MarkdownRole::Announcement
            } else if name.starts_with('_') {
                // Partials and notes: not pages.
                continue;
            } else {
                MarkdownRole::Article
            };
            markdown_files.push(FoundFile {
                key,
                path: entry.path().to_path_buf(),
                role,
                language,
            });
        }
    }

    let loaded: Vec<(Loaded, Vec<Diagnostic>, Option<SourceFile>)> = markdown_files
        .par_iter()
        .map(|found| load_markdown(root, &configs[found.language], found))
        .collect();
    let mut by_language: Vec<Vec<(&FoundFile, Loaded)>> =
        (0..configs.len()).map(|_| Vec::new()).collect();
    for (found, (loaded, diagnostics, source)) in markdown_files.iter().zip(loaded) {
        report.extend(diagnostics);
        if let Some(source) = source {
            report.add_source(source.path.clone(), source.text.clone());
        }
        by_language[found.language].push((found, loaded));
    }

    let mut sites: Vec<Site> = Vec::with_capacity(configs.len());
    for (config, files) in configs.into_iter().zip(by_language) {
        let original = sites.first();
        let site = assemble(root, config, &dirs, files, &assets, original, options);
        sites.push(site);
    }

    // Only when there is nothing to publish at all: a single article whose
    // front matter is broken has its own error already.
    let article_files = markdown_files
        .iter()
        .filter(|f| f.role == MarkdownRole::Article && f.language == 0)
        .count();
    if article_files == sites[0].skipped_drafts.len() && content.is_dir() {
        report.push(
            Diagnostic::error(format!("`{CONTENT_DIR}/` has no articles"))
                .in_file(CONTENT_DIR)
                .with_help("add a Markdown file with a title, e.g. content/getting-started/welcome.md, or run `helpbook init`"),
        );
    }
    sites
}

/// `reset-password.es.md` → (`reset-password`, index of `es` in the site
/// list) when `es` is a language of book.toml.
fn split_language(name: &str, config: &Config) -> Option<(String, usize)> {
    let stem = name.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    let index = config.languages.iter().position(|l| l.code == code)?;
    (!base.is_empty()).then(|| (base.to_string(), index + 1))
}

/// A warning for `guide.fr.md` when book.toml declares languages but not
/// `fr`: it is read as an article of the original language.
fn undeclared_language(name: &str, config: &Config, relative: &Path) -> Option<Diagnostic> {
    if config.languages.is_empty() {
        return None;
    }
    let stem = name.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    if base.is_empty() || !crate::config::is_language_tag(code) || code == config.language {
        return None;
    }
    let declared: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    Some(
        Diagnostic::warning(format!(
            "{name} looks like a translation into `{code}`, but book.toml has no [language.{code}]: it is built as an article of its own"
        ))
        .in_file(Path::new(CONTENT_DIR).join(relative))
        .with_help(format!(
            "add [language.{code}] to book.toml (declared: {}), or rename the file",
            declared.join(", ")
        )),
    )
}

/// Builds the site of one language from its files. `original` is the site
/// of the original language (for a translation): folders without an
/// `_index.<code>.md` take their title from it, and the announcement too.
fn assemble(
    root: &Path,
    config: Config,
    dirs: &[String],
    files: Vec<(&FoundFile, Loaded)>,
    assets: &[Asset],
    original: Option<&Site>,
    options: LoadOptions,
) -> Site {
    // A translation shows only the folders that hold translated articles.
    let dirs: Vec<&String> = match original {
        None => dirs.iter().collect(),
        Some(_) => {
            let used: std::collections::HashSet<&str> = files
                .iter()
                .filter(|(f, l)| {
                    f.role == MarkdownRole::Article && matches!(l, Loaded::Article(..))
                })
                .flat_map(|(f, _)| {
                    let mut folders = Vec::new();
                    let mut key = f.key.as_str();
                    while let Some((parent, _)) = key.rsplit_once('/') {
                        folders.push(parent);
                        key = parent;
                    }
                    folders
                })
                .collect();
            dirs.iter().filter(|d| used.contains(d.as_str())).collect()
        }
    };
    // Sections: the root, then every folder (walkdir yields parents first).
    let mut sections = vec![new_section(String::new(), None)];
    for dir in dirs {
        let parent_key = dir.rsplit_once('/').map_or("", |(p, _)| p);
        let parent = sections.iter().position(|s| s.key == parent_key);
        sections.push(new_section(dir.clone(), parent));
    }
    let section_index: std::collections::HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.clone(), i))
        .collect();
    if let Some(original) = original {
        for section in &mut sections {
            if let Some(source) = original.sections.iter().find(|s| s.key == section.key) {
                section.title = source.title.clone();
                section.meta = source.meta.clone();
                section.file = source.file.clone();
                section.body = source.body.clone();
            }
        }
    }

    let mut articles = Vec::new();
    let mut announcement = original.and_then(|o| o.announcement.clone());
    let mut skipped_drafts = Vec::new();
    let mut unreadable = Vec::new();
    for (found, loaded) in files {
        let folder = found.key.rsplit_once('/').map_or("", |(p, _)| p);
        let Some(&section) = section_index.get(folder) else {
            continue;
        };
        match loaded {
            Loaded::Article(meta, file, body, tree) => {
                if meta.draft && !options.drafts {
                    skipped_drafts.push(found.key.clone());
                    continue;
                }
                let stem = found.key.trim_end_matches(".md");
                let file_name = stem.rsplit('/').next().unwrap_or(stem);
                let url_path = format!("{}{}/", sections[section].url_path, slugify(file_name));
                articles.push(Article {
                    key: stem.to_string(),
                    file,
                    meta,
                    section,
                    url_path,
                    body,
                    tree,
                });
            }
            Loaded::SectionIndex(meta, file, body) => {
                let s = &mut sections[section];
                if let Some(title) = &meta.title {
                    s.title = title.clone();
                }
                s.meta = meta;
                s.file = Some(file);
                s.body = body;
            }
            Loaded::Announcement(meta, file, body) => {
                announcement = Some(Announcement { file, meta, body });
            }
            Loaded::Failed => unreadable.push(found.key.clone()),
        }
    }
    if sections[0].file.is_none()
        || original.is_some_and(|o| {
            sections[0].file.as_ref().map(|f| &f.path)
                == o.sections[0].file.as_ref().map(|f| &f.path)
        })
    {
        sections[0].title = config.title.clone();
    }

    // Order: weight, then title, then key (so the order is total).
    for (i, article) in articles.iter().enumerate() {
        sections[article.section].articles.push(i);
    }
    for i in 1..sections.len() {
        if let Some(parent) = sections[i].parent {
            sections[parent].subsections.push(i);
        }
    }
    let article_order = |&i: &usize| {
        let a: &Article = &articles[i];
        (
            a.meta.weight.unwrap_or(i64::MAX),
            a.meta.title.to_lowercase(),
            a.key.clone(),
        )
    };
    let section_order: Vec<(i64, String, String)> = sections
        .iter()
        .map(|s| {
            (
                s.meta.weight.unwrap_or(i64::MAX),
                s.title.to_lowercase(),
                s.key.clone(),
            )
        })
        .collect();
    for section in &mut sections {
        section.articles.sort_by_cached_key(article_order);
        section
            .subsections
            .sort_by_key(|&i| section_order[i].clone());
    }

    Site {
        root: root.to_path_buf(),
        config,
        sections,
        articles,
        assets: assets.to_vec(),
        announcement,
        skipped_drafts,
        unreadable,
        link_urls: Default::default(),
        related: Default::default(),
    }
}

/// Reads article `i` of `site` again from disk (a live preview's edit),
/// keeping its place in the site: key, section and URL. `None` when the file
/// can no longer be read or its front matter has errors (in the
/// diagnostics). The text read is returned too, for excerpts.
pub fn reload_article(
    site: &Site,
    i: usize,
) -> (Option<Article>, Vec<Diagnostic>, Option<SourceFile>) {
    let old = &site.articles[i];
    let found = FoundFile {
        key: format!("{}.md", old.key),
        path: site.root.join(&old.file.path),
        role: MarkdownRole::Article,
        language: 0,
    };
    let (loaded, diagnostics, source) = load_markdown(&site.root, &site.config, &found);
    let article = match loaded {
        Loaded::Article(meta, file, body, tree) => Some(Article {
            key: old.key.clone(),
            file,
            meta,
            section: old.section,
            url_path: old.url_path.clone(),
            body,
            tree,
        }),
        _ => None,
    };
    (article, diagnostics, source)
}

fn new_section(key: String, parent: Option<usize>) -> Section {
    let url_path = if key.is_empty() {
        String::new()
    } else {
        let mut path: String = key.split('/').map(slugify).collect::<Vec<_>>().join("/");
        path.push('/');
        path
    };
    let name = key.rsplit('/').next().unwrap_or(&key);
    Section {
        title: title_from_name(name),
        key,
        file: None,
        meta: SectionMeta::default(),
        url_path,
        parent,
        subsections: Vec::new(),
        articles: Vec::new(),
        body: Parsed::default(),
    }
}

/// "account-access" → "Account access".
fn title_from_name(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn walk_error(root: &Path, err: &walkdir::Error) -> Diagnostic {
    let path = err
        .path()
        .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
        .unwrap_or_default();
    if let Some(ancestor) = err.loop_ancestor() {
        let ancestor = ancestor.strip_prefix(root).unwrap_or(ancestor);
        return Diagnostic::error(format!(
            "symbolic link loop: {} points back to {}",
            path.display(),
            ancestor.display()
        ))
        .in_file(path)
        .with_help("remove the link or make it point outside this folder; the loop was skipped");
    }
    Diagnostic::error(format!("cannot read {}: {}", path.display(), err))
        .in_file(path)
        .with_help("check that the file exists and that you can read it")
}

/// Reads one Markdown file and parses its front matter and body.
fn load_markdown(
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
        Err(diagnostic) => return (Loaded::Failed, vec![diagnostic], None),
    };
    let file = SourceFile {
        path: relative.clone(),
        text: Arc::from(text),
    };
    let source = &*file.text;
    let split = match front_matter::split(source, &relative) {
        Ok(split) => split,
        Err(diagnostic) => return (Loaded::Failed, vec![diagnostic], Some(file)),
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
                    let (tree, found) = tree::parse(&body, &m, source, &relative);
                    diagnostics.extend(found);
                    if let Some(channel) = &m.support_channel {
                        if !config
                            .support_channels
                            .iter()
                            .any(|c| c.key == channel.text)
                        {
                            diagnostics.push(unknown_channel(config, channel, source, &relative));
                        }
                    }
                    tree
                } else {
                    None
                };
                Loaded::Article(m, file.clone(), body, tree)
            });
            (loaded, diagnostics)
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
    };
    let loaded = loaded.unwrap_or(Loaded::Failed);
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

/// `support-channel` names no `[[support.channels]]` entry.
fn unknown_channel(
    config: &Config,
    channel: &crate::model::meta::Located,
    source: &str,
    file: &Path,
) -> Diagnostic {
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

/// Reads a file as UTF-8 text, refusing huge files and invalid encodings with
/// a diagnostic that says where and what to do.
fn read_text(path: &Path, relative: &Path) -> Result<String, Diagnostic> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_MARKDOWN_BYTES {
        return Err(Diagnostic::error(format!(
            "file is too large ({:.1} MB; the limit is {} MB)",
            size as f64 / 1_048_576.0,
            MAX_MARKDOWN_BYTES / 1_048_576
        ))
        .in_file(relative)
        .with_help("split it into several articles, or move data files out of content/"));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(format!("cannot read file: {e}"))
            .in_file(relative)
            .with_help("check that the file exists and that you can read it")
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = bytes[..valid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&bytes[line_start..valid])
            .chars()
            .count()
            + 1;
        let mut d = Diagnostic::error(format!(
            "file is not valid UTF-8 (byte 0x{:02x} at offset {valid})",
            bytes.get(valid).copied().unwrap_or(0)
        ))
        .in_file(relative)
        .with_help("save the file as UTF-8 in your editor (it may be Latin-1 or UTF-16)");
        d.line = Some(line);
        d.column = Some(column);
        d
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_folder_names() {
        assert_eq!(title_from_name("account-access"), "Account access");
        assert_eq!(title_from_name("faq"), "Faq");
    }
}
