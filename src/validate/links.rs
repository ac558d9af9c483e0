//! Internal links: resolves every link and image in every document, and each
//! article's `related` list, to the URLs they will have in the built site.
//!
//! Links are written as relative `.md` paths (`../account/reset.md#by-email`)
//! or from the content root (`@/account/reset.md`). A link to a missing file
//! or heading is an error (or a warning under `broken-links = "warn"`) that
//! names file:line and suggests the closest existing target.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::config::BrokenLinks;
use rayon::prelude::*;

use crate::base::diagnostic::{Diagnostic, Report, Severity};
use crate::base::did_you_mean::did_you_mean;
use crate::base::url::unsafe_link_scheme;
use crate::markdown::{Headings, LinkRef, LinkUrls};
use crate::model::site::{DocId, Site};
use crate::validate::status::{resolve_affects, PageLookup};
use crate::validate::suggest::PathSuggester;

/// A page a link can point to.
#[derive(Clone, Copy, Debug)]
enum Target {
    Article(usize),
    Section(usize),
}

/// Every page, folder and asset a link can point to, by its path under
/// `content/`. Built once per site; it only changes when files are added or
/// removed.
#[derive(Debug, Default)]
pub(crate) struct LinkIndex {
    /// `account/reset.md` or `account/_index.md` → page.
    pages: HashMap<String, Target>,
    /// Section folder keys (`account`) → section.
    folders: HashMap<String, usize>,
    assets: HashSet<String>,
    drafts: HashSet<String>,
    /// Files that exist but could not be read (already reported).
    unreadable: HashSet<String>,
    /// Every page and asset, arranged for "did you mean" on missing files.
    suggester: PathSuggester,
}

/// What the links of one document resolve to.
#[derive(Debug, Default)]
pub(crate) struct DocLinks {
    /// Link event index → URL.
    pub urls: BTreeMap<usize, String>,
    /// Articles it links to (the pages to re-check when one of them changes).
    pub targets: BTreeSet<usize>,
    /// In a translation: the original's articles it links to because they
    /// are not translated (the pages to re-check when one of them changes).
    pub fallback_targets: BTreeSet<usize>,
    /// Links that do not resolve.
    pub diagnostics: Vec<Diagnostic>,
}

fn severity(site: &Site) -> Severity {
    match site.config.broken_links {
        BrokenLinks::Error => Severity::Error,
        BrokenLinks::Warn => Severity::Warning,
    }
}

/// Every document of the site that can hold links.
pub(crate) fn documents(site: &Site) -> Vec<DocId> {
    let mut docs: Vec<DocId> = (0..site.articles.len()).map(DocId::Article).collect();
    docs.extend((0..site.sections.len()).map(DocId::Section));
    if site.announcement.is_some() {
        docs.push(DocId::Announcement);
    }
    docs.extend((0..site.issues.len()).map(DocId::Issue));
    docs
}

/// Resolves links and `related` for the whole site, storing the URLs in
/// `site.link_urls` and `site.related`, and reporting what does not resolve.
///
/// In a translation, `original` is the site in the original language: a
/// link to an article that is not translated goes to the original.
pub(crate) fn resolve_links(site: &mut Site, original: Option<&Site>, report: &mut Report) {
    let index = build_index(site);
    let original_index = original.map(|o| (o, build_index(o)));
    let fallback = original_index.as_ref().map(|(o, i)| (*o, i));
    let mut link_urls = BTreeMap::new();
    let mut related = BTreeMap::new();
    // Every document on every core, reported in document order.
    // Each document's URLs packed where they are resolved, so that the
    // maps they are collected in never all exist at once.
    let resolved: Vec<(DocId, LinkUrls, Vec<Diagnostic>)> = documents(site)
        .into_par_iter()
        .map(|doc| {
            let links = resolve_doc(site, &index, doc, fallback);
            (doc, LinkUrls::from(links.urls), links.diagnostics)
        })
        .collect();
    for (doc, urls, diagnostics) in resolved {
        report.extend(diagnostics);
        if !urls.is_empty() {
            link_urls.insert(doc, urls);
        }
    }
    let lists: Vec<_> = (0..site.articles.len())
        .into_par_iter()
        .map(|i| resolve_related(site, &index, i, fallback.map(|(_, i)| i)))
        .collect();
    for (i, (list, diagnostics)) in lists.into_iter().enumerate() {
        report.extend(diagnostics);
        if !list.is_empty() {
            related.insert(i, list);
        }
    }
    site.link_urls = link_urls;
    site.related = related;
    let (announced, diagnostics) = resolve_announced(site, &index, fallback.map(|(_, i)| i));
    report.extend(diagnostics);
    site.announced = announced;
    let original: Option<&dyn PageLookup> = fallback.map(|(_, i)| i as &dyn PageLookup);
    let (affected, diagnostics) = resolve_affects(site, &index, original);
    report.extend(diagnostics);
    site.affected = affected;
}

impl PageLookup for LinkIndex {
    fn article(&self, path: &str) -> Option<usize> {
        match self.pages.get(path) {
            Some(Target::Article(a)) => Some(*a),
            _ => None,
        }
    }

    fn is_unreadable(&self, path: &str) -> bool {
        self.unreadable.contains(path)
    }

    fn suggest_page(&self, path: &str) -> Option<String> {
        self.suggester.suggest(path, "")
    }
}

/// Resolves the announcement's `pages` (articles and category folders under
/// `content/`) to the documents it concerns. In a translation, `original`
/// indexes the original site: a page that is not translated is left out
/// quietly.
pub(crate) fn resolve_announced(
    site: &Site,
    index: &LinkIndex,
    original: Option<&LinkIndex>,
) -> (BTreeSet<DocId>, Vec<Diagnostic>) {
    let mut announced = BTreeSet::new();
    let mut diagnostics = Vec::new();
    let Some(announcement) = &site.announcement else {
        return (announced, diagnostics);
    };
    for entry in &announcement.meta.pages {
        let path = entry.text.trim_start_matches("@/").trim_start_matches('/');
        let folder = path
            .strip_suffix("_index.md")
            .unwrap_or(path)
            .trim_end_matches('/');
        let file = related_path(path);
        let found = match index.folders.get(folder) {
            Some(&s) if !path.ends_with(".md") || path.ends_with("_index.md") => {
                Some(DocId::Section(s))
            }
            _ => match index.pages.get(&file) {
                Some(Target::Article(a)) => Some(DocId::Article(*a)),
                Some(Target::Section(s)) => Some(DocId::Section(*s)),
                None => None,
            },
        };
        if let Some(doc) = found {
            announced.insert(doc);
            continue;
        }
        let folder_index = format!("{folder}/_index.md");
        let elsewhere = |i: &LinkIndex| {
            i.pages.contains_key(&file)
                || i.folders.contains_key(folder)
                || i.unreadable.contains(&file)
        };
        if original.is_some_and(elsewhere) || index.unreadable.contains(&file) {
            continue;
        }
        let suggestion = index
            .suggester
            .suggest(&file, "_announcement.md")
            .or_else(|| index.suggester.suggest(&folder_index, "_announcement.md"))
            .map(|s| {
                s.strip_suffix("/_index.md")
                    .map_or(s.clone(), |f| format!("{f}/"))
            });
        let looked = if path.ends_with(".md") {
            format!("content/{file}")
        } else if path.ends_with('/') {
            format!("the folder content/{folder}/")
        } else {
            format!("content/{file} and the folder content/{folder}/")
        };
        let message = format!(
            "the announcement's `pages` names a missing page: `{}` (looked for {looked})",
            entry.text
        );
        let d = match severity(site) {
            Severity::Error => Diagnostic::error(message),
            Severity::Warning => Diagnostic::warning(message),
        };
        diagnostics.push(
            d.in_file(&announcement.file.path)
                .at(&announcement.file.text.get(), entry.span.clone())
                .with_help(match suggestion {
                    Some(s) => format!("did you mean \"{s}\"?"),
                    None => "name articles and category folders from content/, e.g. pages = [\"account/reset-password.md\", \"account/\"]".into(),
                }),
        );
    }
    (announced, diagnostics)
}

/// Resolves the links of one document. `fallback` is the original site of a
/// translation, with its index.
pub(crate) fn resolve_doc(
    site: &Site,
    index: &LinkIndex,
    doc: DocId,
    fallback: Option<(&Site, &LinkIndex)>,
) -> DocLinks {
    let mut out = DocLinks::default();
    let (Some(file), Some(body)) = (site.doc_file(doc), site.doc_body(doc)) else {
        return out;
    };
    let severity = severity(site);
    let folder = doc_folder(site, doc);
    let from = doc_content_path(site, doc);
    // Choices to missing steps are reported by the tree.
    let step_choices: Vec<usize> = match doc {
        DocId::Article(i) => site.articles[i]
            .tree
            .iter()
            .flat_map(|t| &t.nodes)
            .flat_map(|n| &n.choices)
            .filter(|c| c.target == crate::model::tree::Target::Missing)
            .map(|c| c.link_event)
            .collect(),
        _ => Vec::new(),
    };
    for link in body.links.iter() {
        if let Some(scheme) = unsafe_link_scheme(link.dest, link.is_image) {
            out.diagnostics.push(
                unsafe_link(&scheme, &link)
                    .at(&file.text.get(), link.span.clone())
                    .in_file(&file.path),
            );
            continue;
        }
        if step_choices.contains(&link.event_index) {
            continue;
        }
        let mut target = None;
        let mut resolved = resolve_one(site, index, doc, &folder, &from, link.dest, &mut target);
        if let (Err(Problem::MissingPage { .. }), Some((original, original_index))) =
            (&resolved, fallback)
        {
            let mut in_original = None;
            // A missing page has a path, so the document (used only for
            // same-page anchors) does not matter here.
            if let Ok(url) = resolve_one(
                original,
                original_index,
                DocId::Announcement,
                &folder,
                &from,
                link.dest,
                &mut in_original,
            ) {
                resolved = Ok(url);
            }
            out.fallback_targets.extend(in_original);
        }
        match resolved {
            Ok(Some(url)) => {
                out.urls.insert(link.event_index, url);
            }
            Ok(None) => {}
            Err(problem) => out.diagnostics.push(
                problem
                    .into_diagnostic(
                        severity,
                        if link.is_image { "image" } else { "link" },
                        link.dest,
                    )
                    .in_file(&file.path)
                    .at(&file.text.get(), link.span.clone()),
            ),
        }
        if let Some(t) = target {
            out.targets.insert(t);
        }
    }
    for d in &mut out.diagnostics {
        d.from_links = true;
    }
    out
}

/// A link or image whose URL has `scheme`, which would run in the
/// reader's browser: always an error, whatever `broken-links` says.
fn unsafe_link(scheme: &str, link: &LinkRef<'_>) -> Diagnostic {
    let what = if link.is_image { "image" } else { "link" };
    let shown = Diagnostic::quote(link.dest, 60);
    let help = if scheme == "data" && link.is_image {
        "put the image next to the article and link to its file (data: images may be PNG, JPEG, GIF or WebP, never SVG)"
    } else if scheme == "data" {
        "put the file next to the article and link to it"
    } else {
        "link to a page or an https: URL; a script in a link would run in readers' browsers"
    };
    Diagnostic::error(format!(
        "{what} to a `{scheme}:` URL is not allowed: `{shown}`"
    ))
    .with_help(help)
}

/// Resolves the `related` list of article `i`. In a translation,
/// `original` indexes the original site: a related article that exists
/// there but is not translated is left out quietly.
pub(crate) fn resolve_related(
    site: &Site,
    index: &LinkIndex,
    i: usize,
    original: Option<&LinkIndex>,
) -> (Vec<usize>, Vec<Diagnostic>) {
    let severity = severity(site);
    let article = &site.articles[i];
    let mut list = Vec::new();
    let mut diagnostics = Vec::new();
    for entry in &article.meta.related {
        let path = related_path(&entry.text);
        match index.pages.get(&path) {
            Some(Target::Article(j)) if *j != i => {
                if !list.contains(j) {
                    list.push(*j);
                }
            }
            Some(Target::Article(_)) => {}
            None if original.is_some_and(|o| o.pages.contains_key(&path)) => {}
            None if index.unreadable.contains(path.as_str()) => {}
            Some(Target::Section(_)) => diagnostics.push(
                Diagnostic::error(format!(
                    "`related` entry `{}` is a section, not an article",
                    entry.text
                ))
                .in_file(&article.file.path)
                .at(&article.file.text.get(), entry.span.clone())
                .with_help("list article files, e.g. related = [\"account/reset-password.md\"]"),
            ),
            None => {
                let problem = missing_page(index, &path, &format!("{}.md", article.key));
                let mut d = problem
                    .into_diagnostic(severity, "related article", &entry.text)
                    .in_file(&article.file.path)
                    .at(&article.file.text.get(), entry.span.clone());
                if d.help.is_none() {
                    d = d.with_help(
                        "`related` paths start at content/, e.g. \"account/reset-password.md\"",
                    );
                }
                diagnostics.push(d);
            }
        }
    }
    for d in &mut diagnostics {
        d.from_links = true;
    }
    (list, diagnostics)
}

/// A `related` entry as a path under content/ (`account/reset.md`).
fn related_path(entry: &str) -> String {
    let path = entry.trim_start_matches("@/").trim_start_matches('/');
    if path.ends_with(".md") {
        path.to_string()
    } else {
        format!("{path}.md")
    }
}

/// The index of everything links can point to.
pub(crate) fn build_index(site: &Site) -> LinkIndex {
    let mut pages = HashMap::new();
    let mut folders = HashMap::new();
    for (i, section) in site.sections.iter().enumerate() {
        let index_path = if section.key.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{}/_index.md", section.key)
        };
        pages.insert(index_path, Target::Section(i));
        folders.insert(section.key.clone(), i);
    }
    for (i, article) in site.articles.iter().enumerate() {
        pages.insert(format!("{}.md", article.key), Target::Article(i));
    }
    let suggester = PathSuggester::new(
        pages
            .keys()
            .map(String::as_str)
            .chain(site.assets.iter().map(|a| a.key.as_str())),
    );
    LinkIndex {
        pages,
        folders,
        suggester,
        assets: site.assets.iter().map(|a| a.key.clone()).collect(),
        drafts: site.skipped_drafts.iter().cloned().collect(),
        unreadable: site.unreadable.iter().cloned().collect(),
    }
}

/// The folder under `content/` that relative links in `doc` start from.
fn doc_folder(site: &Site, doc: DocId) -> String {
    match doc {
        DocId::Article(i) => {
            let key = &site.articles[i].key;
            key.rsplit_once('/')
                .map_or(String::new(), |(p, _)| p.to_string())
        }
        DocId::Section(i) => site.sections[i].key.clone(),
        DocId::Announcement => String::new(),
        DocId::Issue(_) => crate::model::status::STATUS_DIR.to_string(),
    }
}

/// The path under content/ of a document's file (`account/reset.md`).
fn doc_content_path(site: &Site, doc: DocId) -> String {
    match doc {
        DocId::Article(i) => format!("{}.md", site.articles[i].key),
        DocId::Section(i) if site.sections[i].key.is_empty() => "_index.md".to_string(),
        DocId::Section(i) => format!("{}/_index.md", site.sections[i].key),
        DocId::Announcement => "_announcement.md".to_string(),
        DocId::Issue(i) => format!(
            "{}/{}.md",
            crate::model::status::STATUS_DIR,
            site.issues[i].name
        ),
    }
}

/// Why a link does not resolve.
enum Problem {
    MissingPage {
        path: String,
        suggestion: Option<String>,
    },
    Draft {
        path: String,
    },
    MissingAnchor {
        anchor: String,
        page: String,
        suggestion: Option<String>,
    },
    OutsideContent,
}

impl Problem {
    fn into_diagnostic(self, severity: Severity, what: &str, dest: &str) -> Diagnostic {
        let d = |message: String| match severity {
            Severity::Error => Diagnostic::error(message),
            Severity::Warning => Diagnostic::warning(message),
        };
        match self {
            Problem::MissingPage { path, suggestion } => {
                let diagnostic = d(format!("{what} to a missing file: `{dest}` (looked for content/{path})"));
                match suggestion {
                    Some(s) => diagnostic.with_help(format!("did you mean `content/{s}`?")),
                    None => diagnostic.with_help(
                        "check the path: relative links start from this file's folder, `@/` links from content/",
                    ),
                }
            }
            Problem::Draft { path } => d(format!("{what} to a draft: `{dest}`"))
                .with_help(format!("content/{path} has `draft = true`; publish it or remove the link (or build with --drafts)")),
            Problem::MissingAnchor {
                anchor,
                page,
                suggestion,
            } => {
                let diagnostic = d(format!("{what} to a missing heading: `#{anchor}` is not in {page}"));
                match suggestion {
                    Some(s) => diagnostic.with_help(format!("did you mean `#{s}`?")),
                    None => diagnostic.with_help(
                        "link to an existing heading's id, or give the heading an explicit id: ## Title {#id}",
                    ),
                }
            }
            Problem::OutsideContent => d(format!("{what} points outside content/: `{dest}`"))
                .with_help("link only to files inside content/"),
        }
    }
}

/// Whether `dest` starts with a URL scheme (`https:`, `mailto:`) or `//`.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// Resolves one link. `Ok(None)` leaves it as written (external, or a site
/// path such as `/contact/`).
fn resolve_one(
    site: &Site,
    index: &LinkIndex,
    doc: DocId,
    folder: &str,
    from: &str,
    dest: &str,
    linked: &mut Option<usize>,
) -> Result<Option<String>, Problem> {
    if dest.is_empty() || is_external(dest) || dest.starts_with('/') {
        return Ok(None);
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((p, f)) if !f.is_empty() => (p, Some(f)),
        Some((p, _)) => (p, None),
        None => (dest, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    if path_part.is_empty() {
        // `#anchor` on the same page: in a tree, the page of a step.
        if let DocId::Article(i) = doc {
            if let (Some(anchor), Some(tree)) = (fragment, &site.articles[i].tree) {
                *linked = Some(i);
                return tree_anchor(site, i, tree, anchor, "this troubleshooter").map(Some);
            }
        }
        if let (Some(anchor), Some(body)) = (fragment, site.doc_body(doc)) {
            if doc != DocId::Announcement {
                check_anchor(&body.headings, anchor, "this page")?;
            }
        }
        return Ok(None);
    }
    let path = match path_part.strip_prefix("@/") {
        Some(from_root) => normalize("", from_root),
        None => normalize(folder, path_part),
    }
    .ok_or(Problem::OutsideContent)?;
    let path = percent_decode(&path);

    let base = &site.config.base_path;
    if path.ends_with(".md") {
        let target = match index.pages.get(&path) {
            Some(t) => *t,
            None if index.drafts.contains(path.as_str()) => return Err(Problem::Draft { path }),
            // Its own error is reported; the link is left as written. When
            // only its front matter is broken, its anchors are still checked.
            None if index.unreadable.contains(path.as_str()) => {
                let headings = site.unreadable_headings.get(path.as_str());
                if let (Some(anchor), Some(headings)) = (fragment, headings) {
                    check_anchor(headings, anchor, &format!("content/{path}"))?;
                }
                return Ok(None);
            }
            None => return Err(missing_page(index, &path, from)),
        };
        if let Target::Article(i) = target {
            *linked = Some(i);
        }
        let (url_path, headings, name) = match target {
            Target::Article(i) => (
                &site.articles[i].url_path,
                &site.articles[i].body.headings,
                site.articles[i].file.path.display().to_string(),
            ),
            Target::Section(i) => (
                &site.sections[i].url_path,
                &site.sections[i].body.headings,
                format!("content/{path}"),
            ),
        };
        if let (Target::Article(i), Some(anchor)) = (target, fragment) {
            if let Some(tree) = &site.articles[i].tree {
                return tree_anchor(site, i, tree, anchor, &name).map(Some);
            }
        }
        if let Some(anchor) = fragment {
            check_anchor(headings, anchor, &name)?;
        }
        let mut url = format!("{base}{url_path}");
        if let Some(anchor) = fragment {
            url.push('#');
            url.push_str(anchor);
        }
        return Ok(Some(url));
    }
    let trimmed = path.trim_end_matches('/');
    if let Some(&section) = index.folders.get(trimmed) {
        let mut url = format!("{base}{}", site.sections[section].url_path);
        if let Some(anchor) = fragment {
            url.push('#');
            url.push_str(anchor);
        }
        return Ok(Some(url));
    }
    if index.assets.contains(path.as_str()) {
        // Assets are shared by every language, at the site's root.
        return Ok(Some(format!("{}{path}", site.config.root_path)));
    }
    Err(missing_page(index, &path, from))
}

fn missing_page(index: &LinkIndex, path: &str, from: &str) -> Problem {
    Problem::MissingPage {
        path: path.to_string(),
        suggestion: index.suggester.suggest(path, from),
    }
}

/// The URL of `#anchor` in a troubleshooting tree: a step's own page, or a
/// heading on one.
fn tree_anchor(
    site: &Site,
    article: usize,
    tree: &crate::model::tree::Tree,
    anchor: &str,
    page: &str,
) -> Result<String, Problem> {
    match tree.anchor_path(anchor) {
        Some(path) => Ok(format!(
            "{}{}{path}",
            site.config.base_path, site.articles[article].url_path
        )),
        None => {
            let ids = tree
                .nodes
                .iter()
                .map(|n| n.id.as_str())
                .chain(tree.anchors.keys().map(String::as_str));
            Err(Problem::MissingAnchor {
                anchor: anchor.to_string(),
                page: page.to_string(),
                suggestion: did_you_mean(anchor, ids).map(str::to_string),
            })
        }
    }
}

fn check_anchor(headings: &Headings, anchor: &str, page: &str) -> Result<(), Problem> {
    if headings.iter().any(|h| h.id == anchor) {
        return Ok(());
    }
    let suggestion = did_you_mean(anchor, headings.iter().map(|h| h.id)).map(str::to_string);
    Err(Problem::MissingAnchor {
        anchor: anchor.to_string(),
        page: page.to_string(),
        suggestion,
    })
}

/// Joins `relative` onto `folder` (both `/`-separated, under content/),
/// resolving `.` and `..`. `None` when the result would leave content/.
fn normalize(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut out = parts.join("/");
    if relative.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// Decodes `%20`-style escapes (writers sometimes escape spaces in links).
fn percent_decode(path: &str) -> String {
    percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_or_else(|_| path.to_string(), |decoded| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_relative_paths() {
        assert_eq!(normalize("a/b", "../c/d.md").as_deref(), Some("a/c/d.md"));
        assert_eq!(normalize("a", "./d.md").as_deref(), Some("a/d.md"));
        assert_eq!(normalize("", "../x.md"), None);
        assert_eq!(normalize("a", "../../x.md"), None);
    }

    #[test]
    fn external_links_are_left_alone() {
        assert!(is_external("https://example.com"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example.com/x"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("a.md#x:y"));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
        assert_eq!(percent_decode("100%"), "100%");
        // An escape cut short by a character of several bytes is left as
        // written (this panicked when the decoding was hand-written).
        assert_eq!(percent_decode("%1é.md"), "%1é.md");
        assert_eq!(percent_decode("caf%C3%A9.md"), "café.md");
        // Bytes that are not UTF-8: the path as written.
        assert_eq!(percent_decode("a%FF.md"), "a%FF.md");
    }
}
