//! The site's URL space: every page, step, map, asset, generated file and
//! alias must have an output file of its own, that `build` can write. What
//! a build writes comes from [`model::urls`](crate::model::urls), the list
//! `render` writes from, and is compared as files, case-insensitively (a
//! site built on Linux is often served from a file system that ignores
//! case): two outputs at one file, a path that would have to be both a file
//! and a folder (`robots.txt` and `robots.txt/index.html`), an output inside
//! a folder the generator fills (`static/`, `search/`, a translation's
//! `<code>/`), a name over 255 bytes, a path too long, a control character.
//! Each is an error at the source line of the output that came second,
//! naming the first.

use std::collections::{HashMap, HashSet};

use crate::base::diagnostic::{Diagnostic, Report};
use crate::config::CONTENT_DIR;
use crate::model::site::Site;
use crate::model::urls::{
    map_url, output_file, site_pages, Page, Redirect, FIXED_PAGES, MAX_NAME_BYTES, MAX_PATH_BYTES,
    NOT_FOUND, ROOT_FILES, SEARCH_DIR, STATIC_DIR,
};

/// Checks that every output of `site` has a file of its own (see the
/// module's documentation) and returns the redirects of its aliases. The
/// original language's site (at the help center's root) also holds the
/// not-found page, the sitemap, robots.txt, the content assets and every
/// translation's folder.
pub(crate) fn check_urls(site: &Site, report: &mut Report) -> Vec<Redirect> {
    let at_root = site.config.language == site.config.default_language;
    let mut space = Space::new(site, at_root);
    for (file, page) in site_pages(site, at_root, &[]) {
        if !matches!(
            page,
            Page::Home | Page::Contact | Page::Search | Page::NotFound | Page::Redirect(_)
        ) {
            space.claim(&file, Source::Page(page), report);
        }
    }
    if at_root {
        for (i, asset) in site.assets.iter().enumerate() {
            space.claim(&asset.key, Source::Asset(i), report);
        }
    }
    let mut redirects = Vec::new();
    for (i, article) in site.articles.iter().enumerate() {
        for (k, alias) in article.meta.aliases.iter().enumerate() {
            let (url_path, output_path) = match alias_path(&alias.text, &site.config.base_path) {
                Ok(paths) => paths,
                Err(message) => {
                    report.push(Diagnostic { message, ..space.at(Source::Alias(i, k)) }.with_help(
                        "write aliases as site paths, e.g. aliases = [\"/old/reset-password/\"]",
                    ));
                    continue;
                }
            };
            if space.claim(&output_path, Source::Alias(i, k), report) {
                redirects.push(Redirect {
                    output_path,
                    url_path,
                    article: i,
                });
            }
        }
    }
    redirects
}

/// What publishes an output. Described (for messages) only when there is
/// a problem: a large site has tens of thousands of outputs.
#[derive(Clone, Copy, Debug)]
enum Source {
    /// A file or folder the generator writes itself: `Space::generated[i]`.
    Generated(usize),
    /// A page made from the content.
    Page(Page),
    /// `site.assets[i]`.
    Asset(usize),
    /// Alias `.1` of `site.articles[.0]`.
    Alias(usize, usize),
}

/// A file or folder the generator writes itself.
struct Generated {
    /// What it is (`the sitemap`, `the search index`).
    what: String,
    /// Its URL path, as shown in messages.
    url: String,
    /// For a folder it fills, where nothing else may go: how a message
    /// says where an output is (`inside the theme's static/ folder`), and
    /// what to do after `change {noun}`.
    reserved: Option<(String, String)>,
}

/// Why an output cannot have its file.
enum Conflict {
    /// A name in its path cannot be written: what is wrong (after
    /// "publishes to"), and how to fix it.
    Name(String, Fix),
    /// Its file or folders are another source's.
    Owner(Clash, Source),
}

/// How an output's file clashes with another source's.
#[derive(Clone, Copy)]
enum Clash {
    /// It would overwrite the owner's file.
    Same,
    /// It is inside the owner, a folder the generator fills.
    Reserved,
    /// One of its folders is the owner's file.
    FolderIsFile,
    /// It is a folder that the owner's files are in.
    FileIsFolder,
}

/// What fixes a name that cannot be written.
#[derive(Clone, Copy)]
enum Fix {
    /// A shorter name.
    Shorten,
    /// A shorter path.
    ShortenPath,
    /// Another name.
    Rename,
}

/// Every output of a site claimed so far, by its file path in lower case.
struct Space<'a> {
    site: &'a Site,
    /// What the generator writes itself.
    generated: Vec<Generated>,
    /// File → whose it is.
    files: HashMap<String, Source>,
    /// Folder (`a/b/`) → the first source with a file in it.
    folders: HashMap<String, Source>,
    /// Folders the generator fills → their index in `generated`.
    reserved: HashMap<String, usize>,
    /// Folders of pages that could not be claimed for a reason everything
    /// inside shares (a folder named like a language): not reported again.
    failed: HashSet<String>,
}

impl<'a> Space<'a> {
    /// The space of `site` with what the generator writes itself: the
    /// fixed pages and, at the help center's root (`at_root`), the
    /// not-found page, the sitemap, robots.txt and every translation's
    /// folder; the folders of the theme's files and of the search page and
    /// index.
    fn new(site: &'a Site, at_root: bool) -> Space<'a> {
        let mut space = Space {
            site,
            generated: Vec::new(),
            files: HashMap::new(),
            folders: HashMap::new(),
            reserved: HashMap::new(),
            failed: HashSet::new(),
        };
        let mut files: Vec<(&str, &str)> = FIXED_PAGES.iter().map(|&(_, u, w)| (u, w)).collect();
        if at_root {
            files.push((NOT_FOUND.1, NOT_FOUND.2));
            files.extend(ROOT_FILES);
        }
        for (url, what) in files {
            space.generated.push(Generated {
                what: what.to_string(),
                url: url.to_string(),
                reserved: None,
            });
            let source = Source::Generated(space.generated.len() - 1);
            space.insert(&output_file(url).to_lowercase(), source);
        }
        for (folder, what, reserved) in reserved_folders(site, at_root) {
            let folded = folder.to_lowercase();
            space.generated.push(Generated {
                what,
                url: folder,
                reserved: Some(reserved),
            });
            let index = space.generated.len() - 1;
            space.reserved.insert(folded.clone(), index);
            space
                .folders
                .entry(folded)
                .or_insert(Source::Generated(index));
        }
        space
    }

    /// Claims `file` (below the site's folder) for `source`: `true` when it
    /// is its own, else the problem is in `report` (unless it is inside a
    /// folder already reported).
    fn claim(&mut self, file: &str, source: Source, report: &mut Report) -> bool {
        let folded = file.to_lowercase();
        // A page's folder: what is in a refused one is not reported again
        // (an alias is no page's folder).
        let folder = match source {
            Source::Alias(..) => None,
            _ => Some(folded.strip_suffix("index.html").unwrap_or(&folded)),
        };
        let conflict = match self.find(file, &folded, folder) {
            Ok(()) => {
                self.insert(&folded, source);
                return true;
            }
            Err(None) => return false,
            Err(Some(conflict)) => conflict,
        };
        let shared = matches!(
            conflict,
            Conflict::Name(..)
                | Conflict::Owner(Clash::Reserved, _)
                | Conflict::Owner(Clash::FolderIsFile, _)
        );
        if let Some(folder) = folder.filter(|f| shared && f.ends_with('/')) {
            self.failed.insert(folder.to_string());
        }
        report.push(self.diagnostic(source, &conflict));
        false
    }

    /// Whether `file` (`folded` in lower case) can be claimed. With
    /// `folder` (its page's folder in lower case), `Err(None)` when it is
    /// inside the folder of another page that was refused already.
    fn find(&self, file: &str, folded: &str, folder: Option<&str>) -> Result<(), Option<Conflict>> {
        let ends: Vec<usize> = folded.match_indices('/').map(|(i, _)| i).collect();
        if let Some(own) = folder {
            let inside_failed =
                |&i: &usize| &folded[..=i] != own && self.failed.contains(&folded[..=i]);
            if ends.iter().any(inside_failed) {
                return Err(None);
            }
        }
        if let Some(problem) = name_problem(file) {
            return Err(Some(problem));
        }
        let clash = |clash, owner: &Source| Err(Some(Conflict::Owner(clash, *owner)));
        if let Some(owner) = self.files.get(folded) {
            return clash(Clash::Same, owner);
        }
        for &i in &ends {
            if let Some(&index) = self.reserved.get(&folded[..=i]) {
                return clash(Clash::Reserved, &Source::Generated(index));
            }
            if let Some(owner) = self.files.get(&folded[..i]) {
                return clash(Clash::FolderIsFile, owner);
            }
        }
        match self.folders.get(&format!("{folded}/")) {
            Some(owner) => clash(Clash::FileIsFolder, owner),
            None => Ok(()),
        }
    }

    /// Records `folded` as `source`'s file, and its folders.
    fn insert(&mut self, folded: &str, source: Source) {
        for (i, _) in folded.match_indices('/') {
            if !self.folders.contains_key(&folded[..=i]) {
                self.folders.insert(folded[..=i].to_string(), source);
            }
        }
        self.files.insert(folded.to_string(), source);
    }

    /// The error for `source`, which `conflict` keeps from its file.
    fn diagnostic(&self, source: Source, conflict: &Conflict) -> Diagnostic {
        let noun = noun(source);
        let alias = match source {
            Source::Alias(i, k) => Some(shown(&self.site.articles[i].meta.aliases[k].text)),
            _ => None,
        };
        let (message, help) = match (conflict, &alias) {
            (Conflict::Name(problem, fix), _) => {
                let who = match &alias {
                    Some(text) => format!("alias `{text}`"),
                    None => self.what(source),
                };
                let help = match fix {
                    Fix::Shorten => format!("shorten {noun}: each name in a URL is the name of a file or folder of the site"),
                    Fix::ShortenPath => "shorten the names in its URL, or nest its folders less deeply".to_string(),
                    Fix::Rename => format!("change {noun}: each name in a URL is the name of a file or folder of the site"),
                };
                (format!("{who} publishes to {problem}"), help)
            }
            (Conflict::Owner(_, owner), Some(text)) => (
                format!(
                    "alias `{text}` collides with {} at /{}",
                    self.what(*owner),
                    self.url(*owner)
                ),
                "an alias must be an old URL that no page uses any more; remove it or change it"
                    .to_string(),
            ),
            (Conflict::Owner(clash, owner), None) => self.content_clash(source, *clash, *owner),
        };
        Diagnostic {
            message,
            ..self.at(source)
        }
        .with_help(help)
    }

    /// The message and help when a page or asset cannot have its file
    /// because of `owner`'s.
    fn content_clash(&self, source: Source, clash: Clash, owner: Source) -> (String, String) {
        let (what, url) = (self.what(source), self.url(source));
        let (owner_what, owner_url) = (self.what(owner), self.url(owner));
        let both = "rename one of them: one path can't be both a file and a folder".to_string();
        match clash {
            Clash::Same => (
                format!("{what} and {owner_what} both publish to /{url}"),
                "rename one of them: each page needs its own URL".to_string(),
            ),
            Clash::Reserved => {
                let reserved = match owner {
                    Source::Generated(i) => self.generated[i].reserved.as_ref(),
                    _ => None,
                };
                let (inside, help) = match reserved {
                    Some((inside, help)) => (inside.as_str(), help.as_str()),
                    None => ("where the generator writes", ""),
                };
                (
                    format!("{what} publishes to /{url}, {inside}"),
                    format!("change {}{help}", noun(source)),
                )
            }
            Clash::FolderIsFile => (
                format!("{what} publishes to /{url}, which needs a folder where {owner_what} publishes a file (/{owner_url})"),
                both,
            ),
            Clash::FileIsFolder => (
                format!("{what} publishes a file at /{url}, where {owner_what} needs a folder (/{owner_url})"),
                both,
            ),
        }
    }

    /// What `source` is, for messages (`content/a/b.md`, `folder
    /// content/a`, `step `x` of content/a/t.md`, `the sitemap`).
    fn what(&self, source: Source) -> String {
        let site = self.site;
        let path = |i: usize| site.articles[i].file.path.display().to_string();
        match source {
            Source::Generated(i) => self.generated[i].what.clone(),
            Source::Page(Page::Section(i)) => match &site.sections[i].file {
                Some(f) => f.path.display().to_string(),
                None => format!("folder {CONTENT_DIR}/{}", site.sections[i].key),
            },
            Source::Page(Page::Step(i, n)) => match &site.articles[i].tree {
                Some(tree) if n != tree.start => {
                    format!("step `{}` of {}", shown(&tree.nodes[n].id), path(i))
                }
                _ => path(i),
            },
            Source::Page(Page::Map(i)) => format!("the map of {}", path(i)),
            Source::Page(Page::Article(i)) => path(i),
            Source::Page(_) => String::new(),
            Source::Asset(i) => format!("{CONTENT_DIR}/{}", site.assets[i].key),
            Source::Alias(i, _) => format!("an alias of {}", path(i)),
        }
    }

    /// The URL path of `source` below the site's folder, for messages.
    fn url(&self, source: Source) -> String {
        let site = self.site;
        match source {
            Source::Generated(i) => self.generated[i].url.clone(),
            Source::Page(Page::Section(i)) => site.sections[i].url_path.clone(),
            Source::Page(Page::Article(i)) => site.articles[i].url_path.clone(),
            Source::Page(Page::Step(i, n)) => {
                let article = &site.articles[i];
                let step = article.tree.as_ref().map(|t| t.node_path(n));
                format!("{}{}", article.url_path, step.unwrap_or_default())
            }
            Source::Page(Page::Map(i)) => map_url(&site.articles[i].url_path),
            Source::Page(_) => String::new(),
            Source::Asset(i) => site.assets[i].key.clone(),
            Source::Alias(i, k) => {
                let text = &site.articles[i].meta.aliases[k].text;
                alias_path(text, &site.config.base_path)
                    .map(|(url, _)| url)
                    .unwrap_or_default()
            }
        }
    }

    /// Where a problem with `source` is reported (the message is set then).
    fn at(&self, source: Source) -> Diagnostic {
        let site = self.site;
        let in_article = |i: usize| Diagnostic::error("").in_file(&site.articles[i].file.path);
        match source {
            Source::Page(Page::Section(i)) => match &site.sections[i].file {
                Some(f) => Diagnostic::error("").in_file(&f.path).at_line(1),
                None => {
                    Diagnostic::error("").in_file(format!("{CONTENT_DIR}/{}", site.sections[i].key))
                }
            },
            Source::Page(Page::Step(i, n)) => {
                let article = &site.articles[i];
                match &article.tree {
                    Some(tree) if n != tree.start => {
                        in_article(i).at(&article.file.text.get(), tree.nodes[n].span.clone())
                    }
                    _ => in_article(i).at_line(1),
                }
            }
            Source::Page(Page::Article(i) | Page::Map(i)) => in_article(i).at_line(1),
            Source::Asset(i) => {
                Diagnostic::error("").in_file(format!("{CONTENT_DIR}/{}", site.assets[i].key))
            }
            Source::Alias(i, k) => {
                let article = &site.articles[i];
                let span = article.meta.aliases[k].span.clone();
                in_article(i).at(&article.file.text.get(), span)
            }
            Source::Generated(_) | Source::Page(_) => Diagnostic::error(""),
        }
    }
}

/// What the writer changes to fix a problem with `source` (`the folder's
/// name`, `the step's id`).
fn noun(source: Source) -> &'static str {
    match source {
        Source::Page(Page::Section(_)) => "the folder's name",
        Source::Page(Page::Step(..)) => "the step's id",
        Source::Alias(..) => "the alias",
        _ => "the file's name",
    }
}

/// The folders the generator fills in a site: the theme's files, the
/// search page and index, and at the help center's root (`at_root`) each
/// translation's: (folder, what it is, (where an output inside is, what
/// to do after `change {noun}`)).
fn reserved_folders(site: &Site, at_root: bool) -> Vec<(String, String, (String, String))> {
    let mut folders = vec![
        (
            STATIC_DIR.to_string(),
            "the theme's static files".to_string(),
            (
                format!("inside the theme's {STATIC_DIR} folder"),
                format!(": {STATIC_DIR} is reserved for the theme"),
            ),
        ),
        (
            SEARCH_DIR.to_string(),
            "the search index".to_string(),
            (
                format!("inside {SEARCH_DIR}, the folder of the search page and index"),
                format!(": {SEARCH_DIR} is reserved for the search page and index"),
            ),
        ),
    ];
    if at_root {
        for language in &site.config.languages {
            let code = &language.code;
            folders.push((
                format!("{code}/"),
                format!("the `{code}` translation"),
                (
                    format!("where the `{code}` translation's pages are ([language.{code}] in book.toml)"),
                    format!(", or the language's code in [language.{code}] of book.toml: each translation's pages are published under /<code>/"),
                ),
            ));
        }
    }
    folders
}

/// Why `file` (below the site's folder) cannot be written on common file
/// systems, if it cannot.
fn name_problem(file: &str) -> Option<Conflict> {
    if file.len() > MAX_PATH_BYTES {
        return Some(Conflict::Name(
            format!(
                "a path of {} bytes; the most a site's path may have is {MAX_PATH_BYTES}",
                file.len()
            ),
            Fix::ShortenPath,
        ));
    }
    for name in file.split('/') {
        let problem = if name.len() > MAX_NAME_BYTES {
            let problem = format!(
                "a name of {} bytes (`{}`); file systems allow {MAX_NAME_BYTES}",
                name.len(),
                shortened(name, 24)
            );
            (problem, Fix::Shorten)
        } else if let Some(c) = name.chars().find(|c| c.is_control()) {
            let problem = format!("a name with the control character U+{:04X}", c as u32);
            (problem, Fix::Rename)
        } else if name.is_empty() || name == "." || name == ".." {
            let problem = format!("a path with an empty, `.` or `..` name (`{}`)", shown(file));
            (problem, Fix::Rename)
        } else {
            continue;
        };
        return Some(Conflict::Name(problem.0, problem.1));
    }
    None
}

/// `text` for a message: control characters escaped, cut after 60
/// characters.
fn shown(text: &str) -> String {
    shortened(text, 60)
}

/// `text` for a message: control characters escaped, cut after `max`
/// characters.
fn shortened(text: &str, max: usize) -> String {
    let mut out: String = text
        .chars()
        .take(max)
        .flat_map(|c| {
            if c.is_control() {
                c.escape_unicode().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// An alias as a URL path below the base path and the file to write for
/// it, as a web server maps the URL to a file: `%`-escapes decoded, the
/// base path (when written) and empty names dropped, a folder's
/// `index.html` unless it names an `.html` file (`/old/` and `/old` →
/// `old/index.html`; `/old.html` → `old.html`).
fn alias_path(alias: &str, base_path: &str) -> Result<(String, String), String> {
    let trimmed = alias.trim();
    let shown_alias = shown(alias);
    if trimmed.contains("://") || trimmed.starts_with("//") {
        return Err(format!(
            "alias `{shown_alias}` is a full URL; only paths on this site can redirect"
        ));
    }
    if trimmed.contains(['?', '#', '\\']) {
        return Err(format!("alias `{shown_alias}` contains ?, # or \\"));
    }
    let decoded = percent_encoding::percent_decode_str(trimmed)
        .decode_utf8()
        .map_err(|_| format!("alias `{shown_alias}` has %-escapes that are not UTF-8"))?;
    if decoded.contains('\\') {
        return Err(format!(
            "alias `{shown_alias}` contains an escaped \\ (%5C)"
        ));
    }
    if let Some(c) = decoded.chars().find(|c| c.is_control()) {
        return Err(format!(
            "alias `{shown_alias}` contains the control character U+{:04X}",
            c as u32
        ));
    }
    // Accept aliases written with or without the site's base path.
    let mut path = decoded.trim_start_matches('/');
    let base = base_path.trim_start_matches('/');
    if !base.is_empty() {
        if let Some(rest) = path.strip_prefix(base) {
            path = rest;
        }
    }
    if path.split('/').any(|p| p == ".." || p == ".") {
        return Err(format!("alias `{shown_alias}` contains `.` or `..`"));
    }
    let names: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    if names.is_empty() {
        return Err(format!("alias `{shown_alias}` is the home page"));
    }
    let joined = names.join("/");
    if !path.ends_with('/') && (joined.ends_with(".html") || joined.ends_with(".htm")) {
        return Ok((joined.clone(), joined));
    }
    let dir = format!("{joined}/");
    let output = format!("{dir}index.html");
    Ok((dir, output))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_become_index_files() {
        assert_eq!(
            alias_path("/old/reset", "/").unwrap(),
            ("old/reset/".into(), "old/reset/index.html".into())
        );
        assert_eq!(
            alias_path("/help/old.html", "/help/").unwrap(),
            ("old.html".into(), "old.html".into())
        );
        assert!(alias_path("/../etc/", "/").is_err());
        assert!(alias_path("https://x/", "/").is_err());
        assert!(alias_path("/", "/").is_err());
    }

    #[test]
    fn every_spelling_of_a_path_is_one_file() {
        for spelling in [
            "/a/b",
            "/a/b/",
            "/a//b",
            "/a/b/index.html",
            "/a/%62/",
            "/%61/b",
        ] {
            assert_eq!(
                alias_path(spelling, "/").unwrap().1,
                "a/b/index.html",
                "{spelling}"
            );
        }
        assert!(alias_path("/a/./b/", "/").is_err());
        assert!(alias_path("/a/%2e%2e/b/", "/").is_err());
        assert!(alias_path("/a\u{0}b/", "/").is_err());
        assert!(alias_path("/a%00b/", "/").is_err());
        assert!(alias_path("/a%5Cb/", "/").is_err());
        assert!(alias_path("/a%ffb/", "/").is_err());
    }

    #[test]
    fn names_that_file_systems_refuse() {
        assert!(name_problem("a/b/index.html").is_none());
        assert!(name_problem(&format!("{}/index.html", "x".repeat(256))).is_some());
        assert!(name_problem(&format!("{}/index.html", "x".repeat(255))).is_none());
        assert!(name_problem("a\tb/index.html").is_some());
        assert!(name_problem(&"ab/".repeat(1100)).is_some());
    }
}
