//! Walking `content/` (walkdir, sorted, symlink loops reported, links out
//! of the help center and special files refused): its folders, its
//! Markdown files with their role and language, and the other files,
//! copied as assets; and what the file names alone tell of translations.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::base::diagnostic::{Diagnostic, Report};
use crate::base::did_you_mean::did_you_mean;
use crate::base::files::special_kind;
use crate::base::paths::slash_path;
use crate::config::book::external_link_error;
use crate::config::{is_language_tag, Config, CONTENT_DIR};
use crate::load::read::not_a_file;
use crate::model::site::Asset;
use crate::model::status::STATUS_DIR;

/// What a Markdown file is, from its name and place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MarkdownRole {
    /// An article (any `.md` not named with `_`).
    Article,
    /// A folder's `_index.md`.
    SectionIndex,
    /// `content/_announcement.md`.
    Announcement,
    /// A known issue, `content/_status/<name>.md`.
    Status,
}

/// A Markdown file found under `content/`.
pub(crate) struct FoundFile {
    /// Path under `content/`, `/`-separated, without a language suffix
    /// (`account/reset.md` for `account/reset.es.md`).
    pub(crate) key: String,
    /// Where it is on disk.
    pub(crate) path: PathBuf,
    /// What it is.
    pub(crate) role: MarkdownRole,
    /// Index into the site list: 0 for the original language, `n` for
    /// `config.languages[n - 1]`.
    pub(crate) language: usize,
}

/// What is under `content/`, in path order.
#[derive(Default)]
pub(crate) struct Walked {
    /// Folders, `/`-separated, parents first.
    pub(crate) dirs: Vec<String>,
    /// Markdown files.
    pub(crate) markdown_files: Vec<FoundFile>,
    /// Every other file.
    pub(crate) assets: Vec<Asset>,
}

/// Walks `root/content` (which must exist). Problems reading it go to
/// `report`; what could be read is returned. A symbolic link that leads out
/// of the help center (unless `[build] follow-external-symlinks`) and
/// anything that is not a regular file or a folder (a FIFO, a socket, a
/// device) are errors and skipped: never read, copied or walked into.
pub(crate) fn walk(root: &Path, config: &Config, report: &mut Report) -> Walked {
    let content = root.join(CONTENT_DIR);
    let guard = config.link_guard(root);
    let mut walked = Walked::default();
    let mut refused: Vec<Diagnostic> = Vec::new();
    let walker = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            if !e.path_is_symlink() {
                return true;
            }
            // Checked before walkdir reads a linked folder: `/etc` is never walked.
            match guard.refuses(e.path()) {
                Some(target) => {
                    let link = e.path().strip_prefix(root).unwrap_or(e.path());
                    refused.push(external_link_error(link, &target));
                    false
                }
                None => true,
            }
        });
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
        let key = slash_path(relative);
        if entry.file_type().is_dir() {
            // The known issues' folder is not a category.
            if !(entry.depth() == 1 && key == STATUS_DIR) {
                walked.dirs.push(key);
            }
            continue;
        }
        if let Some(kind) = special_kind(entry.file_type()) {
            report.push(not_a_file(&Path::new(CONTENT_DIR).join(relative), kind));
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if !name.ends_with(".md") {
            walked.assets.push(Asset {
                key,
                source: entry.path().to_path_buf(),
            });
            continue;
        }
        let (name, key, language) = match split_language(&name, config) {
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
                if let Some(d) = undeclared_language(&name, config, relative) {
                    report.push(d);
                }
                (name.into_owned(), key, 0)
            }
        };
        let role = if name == "_index.md" {
            MarkdownRole::SectionIndex
        } else if name == "_announcement.md" && entry.depth() == 1 {
            MarkdownRole::Announcement
        } else if entry.depth() == 2 && key.starts_with(&format!("{STATUS_DIR}/")) {
            MarkdownRole::Status
        } else if name.starts_with('_') {
            // Partials and notes: not pages.
            continue;
        } else {
            MarkdownRole::Article
        };
        walked.markdown_files.push(FoundFile {
            key,
            path: entry.path().to_path_buf(),
            role,
            language,
        });
    }
    report.extend(refused);
    orphan_translations(root, &walked.markdown_files, config, report);
    walked
}

/// `reset-password.es.md` → (`reset-password`, index of `es` in the site
/// list) when `es` is a language of book.toml.
fn split_language(name: &str, config: &Config) -> Option<(String, usize)> {
    let stem = name.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    let index = config.languages.iter().position(|l| l.code == code)?;
    (!base.is_empty()).then(|| (base.to_string(), index + 1))
}

/// A warning for `guide.fr.md` when book.toml does not declare `fr`: it is
/// read as an article of the original language. When book.toml declares no
/// language at all, only two-letter codes (`fr`, `pt-BR`) count, so that
/// `setup.ios.md` or `notes.old.md` stay quiet in a help center that is not
/// translated.
fn undeclared_language(name: &str, config: &Config, relative: &Path) -> Option<Diagnostic> {
    let stem = name.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    if base.is_empty() || !is_language_tag(code) || code == config.language {
        return None;
    }
    let declared: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    let declared = if declared.is_empty() {
        let primary = code.split('-').next().unwrap_or(code);
        if primary.len() != 2 {
            return None;
        }
        "book.toml declares no languages yet".to_string()
    } else {
        format!("declared: {}", declared.join(", "))
    };
    Some(
        Diagnostic::warning(format!(
            "{name} looks like a translation into `{code}`, but book.toml has no [language.{code}]: it is built as an article of its own"
        ))
        .in_file(Path::new(CONTENT_DIR).join(relative))
        .with_help(format!(
            "add [language.{code}] to book.toml ({declared}), or rename the file (`{base}-{code}.md`)"
        )),
    )
}

/// A warning for each translation whose original is missing (`x.es.md`
/// without `x.md`): it is published in its language only, most often
/// because the original was renamed or the translation's name is misspelt
/// (the help suggests the nearest original of the same folder).
fn orphan_translations(root: &Path, files: &[FoundFile], config: &Config, report: &mut Report) {
    let translates = |f: &FoundFile| f.role != MarkdownRole::SectionIndex;
    let originals: BTreeSet<&str> = files
        .iter()
        .filter(|f| f.language == 0 && translates(f))
        .map(|f| f.key.as_str())
        .collect();
    let split = |key: &'_ str| -> (String, String) {
        let (folder, name) = key.rsplit_once('/').unwrap_or(("", key));
        (folder.to_string(), name.trim_end_matches(".md").to_string())
    };
    for file in files {
        if file.language == 0 || !translates(file) || originals.contains(file.key.as_str()) {
            continue;
        }
        let code = &config.languages[file.language - 1].code;
        let (folder, name) = split(&file.key);
        let siblings: Vec<String> = originals
            .iter()
            .map(|k| split(k))
            .filter(|(f, _)| *f == folder)
            .map(|(_, n)| n)
            .collect();
        let help = match did_you_mean(&name, siblings.iter().map(String::as_str)) {
            Some(original) => format!(
                "did you mean to translate {original}.md? Rename this file {original}.{code}.md"
            ),
            None => format!(
                "add the original, content/{}, or remove this translation if the article is gone",
                file.key
            ),
        };
        report.push(
            Diagnostic::warning(format!(
                "{name}.{code}.md translates {name}.md, which does not exist: the page is published in `{code}` only"
            ))
            .in_file(file.path.strip_prefix(root).unwrap_or(&file.path))
            .with_help(help),
        );
    }
}

/// A walk error as a diagnostic: a symbolic link loop, or a file that
/// cannot be read.
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
