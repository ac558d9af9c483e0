//! Assembling one language's [`Site`] from its loaded files: sections from
//! the folders (a translation keeps only those that hold translated
//! articles, titled as in the original unless translated), articles placed
//! in their sections, everything in display order (weight, then title,
//! then path, so the order is total).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::config::Config;
use crate::load::document::Loaded;
use crate::load::walk::{FoundFile, MarkdownRole};
use crate::markdown::{slugify, Headings, Parsed};
use crate::model::meta::SectionMeta;
use crate::model::site::Issue;
use crate::model::site::{Announcement, Article, Asset, Section, Site};
use crate::model::status::IssueMeta;

/// One language's loaded files and what they are assembled with.
pub(crate) struct Parts<'a> {
    /// The help center's root.
    pub(crate) root: &'a Path,
    /// The language's config.
    pub(crate) config: Config,
    /// Every folder under `content/`.
    pub(crate) dirs: &'a [String],
    /// The language's Markdown files, loaded, in path order.
    pub(crate) files: Vec<(&'a FoundFile, Loaded)>,
    /// Every non-Markdown file.
    pub(crate) assets: &'a [Asset],
    /// The original language's site, for a translation.
    pub(crate) original: Option<&'a Site>,
    /// Include `draft = true` articles.
    pub(crate) drafts: bool,
}

/// What the files of a language hold, placed in sections.
#[derive(Default)]
struct Placed {
    articles: Vec<Article>,
    announcement: Option<Announcement>,
    issues: Vec<Issue>,
    skipped_drafts: Vec<String>,
    unreadable: Vec<String>,
    unreadable_headings: BTreeMap<String, Headings>,
}

/// Builds the site of one language from its files. `original` is the site
/// of the original language (for a translation): folders without an
/// `_index.<code>.md` take their title from it, and the announcement too.
pub(crate) fn assemble(parts: Parts<'_>) -> Site {
    let Parts {
        root,
        config,
        dirs,
        files,
        assets,
        original,
        drafts,
    } = parts;
    let dirs = shown_dirs(dirs, &files, original);
    let mut sections = sections_of(&dirs, original);
    let placed = place_files(files, &mut sections, original, drafts);
    if sections[0].file.is_none()
        || original.is_some_and(|o| {
            sections[0].file.as_ref().map(|f| &f.path)
                == o.sections[0].file.as_ref().map(|f| &f.path)
        })
    {
        sections[0].title = config.title.clone();
    }
    order(&mut sections, &placed.articles);
    Site {
        root: root.to_path_buf(),
        config,
        sections,
        articles: placed.articles,
        assets: assets.to_vec(),
        announcement: placed.announcement,
        skipped_drafts: placed.skipped_drafts,
        unreadable: placed.unreadable,
        unreadable_headings: placed.unreadable_headings,
        link_urls: Default::default(),
        related: Default::default(),
        announced: Default::default(),
        issues: placed.issues,
        affected: Default::default(),
    }
}

/// The folders a language shows as categories: for the original, those
/// that hold Markdown (an article or an `_index.md`, here or in a folder
/// inside; a folder of images alone is no category, its files are still
/// published); for a translation, those that hold a translated article.
fn shown_dirs<'a>(
    dirs: &'a [String],
    files: &[(&FoundFile, Loaded)],
    original: Option<&Site>,
) -> Vec<&'a String> {
    let used: HashSet<&str> = files
        .iter()
        .filter(|(f, l)| match original {
            None => matches!(f.role, MarkdownRole::Article | MarkdownRole::SectionIndex),
            Some(_) => f.role == MarkdownRole::Article && matches!(l, Loaded::Article(..)),
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

/// Sections: the root, then every folder (walkdir yields parents first);
/// a translation's take the original's title, front matter and body until
/// its own `_index.<code>.md` replaces them.
fn sections_of(dirs: &[&String], original: Option<&Site>) -> Vec<Section> {
    let mut sections = vec![new_section(String::new(), None)];
    for dir in dirs {
        let parent_key = dir.rsplit_once('/').map_or("", |(p, _)| p);
        let parent = sections.iter().position(|s| s.key == parent_key);
        sections.push(new_section((*dir).clone(), parent));
    }
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
    sections
}

/// Puts each loaded file where it belongs: articles (drafts left out
/// unless `drafts`) with their section and URL, `_index.md` into its
/// section, the announcement aside.
fn place_files(
    files: Vec<(&FoundFile, Loaded)>,
    sections: &mut [Section],
    original: Option<&Site>,
    drafts: bool,
) -> Placed {
    let section_index: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.clone(), i))
        .collect();
    let mut placed = Placed {
        announcement: original.and_then(|o| o.announcement.clone()),
        issues: original.map(|o| o.issues.clone()).unwrap_or_default(),
        ..Placed::default()
    };
    for (found, loaded) in files {
        // Known issues are in no section.
        let loaded = match loaded {
            Loaded::Status(meta, file, body) => {
                place_issue(&mut placed.issues, found, meta, file, body);
                continue;
            }
            other => other,
        };
        let folder = found.key.rsplit_once('/').map_or("", |(p, _)| p);
        let Some(&section) = section_index.get(folder) else {
            continue;
        };
        match loaded {
            Loaded::Article(meta, file, body, tree) => {
                if meta.draft && !drafts {
                    placed.skipped_drafts.push(found.key.clone());
                    continue;
                }
                let stem = found.key.trim_end_matches(".md");
                let file_name = stem.rsplit('/').next().unwrap_or(stem);
                let url_path = format!("{}{}/", sections[section].url_path, slugify(file_name));
                placed.articles.push(Article {
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
                placed.announcement = Some(Announcement { file, meta, body });
            }
            Loaded::Status(..) => {}
            Loaded::Failed(headings) => {
                placed.unreadable.push(found.key.clone());
                if let Some(headings) = headings {
                    placed
                        .unreadable_headings
                        .insert(found.key.clone(), headings);
                }
            }
        }
    }
    placed
}

/// Adds a known issue, or gives the original's of the same name its
/// translation's title and text (the list stays in name order).
fn place_issue(
    issues: &mut Vec<Issue>,
    found: &FoundFile,
    meta: IssueMeta,
    file: crate::model::site::SourceFile,
    body: Parsed,
) {
    let stem = found.key.trim_end_matches(".md");
    let name = stem.rsplit('/').next().unwrap_or(stem).to_string();
    let issue = Issue {
        name,
        file,
        meta,
        body,
    };
    match issues.iter_mut().find(|i| i.name == issue.name) {
        // A translation words the issue; when and where it happens is the original's.
        Some(slot) => {
            slot.meta.title = issue.meta.title;
            slot.file = issue.file;
            slot.body = issue.body;
        }
        None => {
            let at = issues.partition_point(|i| i.name < issue.name);
            issues.insert(at, issue);
        }
    }
}

/// Lists each section's articles and sub-sections in display order:
/// weight, then title, then key (so the order is total).
fn order(sections: &mut [Section], articles: &[Article]) {
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
    for section in sections.iter_mut() {
        section.articles.sort_by_cached_key(article_order);
        section
            .subsections
            .sort_by_key(|&i| section_order[i].clone());
    }
}

/// A section for folder `key` (`""` for `content/` itself), titled from
/// its name until its `_index.md` says otherwise.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_folder_names() {
        assert_eq!(title_from_name("account-access"), "Account access");
        assert_eq!(title_from_name("faq"), "Faq");
    }
}
