//! Loading: walks `content/` ([`walk`]), reads and parses every Markdown
//! file in parallel ([`document`]: [`read`] the text, [`front_matter`],
//! the body, a tree's [`tree_steps`]), results kept in path order, and
//! assembles one [`Site`] per language ([`assemble`]). Problems inside a
//! file are reported here; problems between files are `validate`'s.

pub(crate) mod assemble;
pub(crate) mod document;
pub(crate) mod front_matter;
pub(crate) mod read;
pub mod tree_steps;
pub(crate) mod walk;

use std::path::Path;

use rayon::prelude::*;

use crate::base::diagnostic::{Diagnostic, Report};
use crate::config::book::external_link_error;
use crate::config::{Config, CONTENT_DIR};
use crate::load::assemble::{assemble, Parts};
use crate::load::document::{load_markdown, Loaded};
use crate::load::walk::{walk, FoundFile, MarkdownRole, Walked};
use crate::model::site::{Article, Site, SourceFile};

pub use crate::load::read::MAX_MARKDOWN_BYTES;

/// Choices that change what is loaded.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// Include articles marked `draft = true`.
    pub drafts: bool,
    /// Pack each file's text (zstd) once it is parsed: a full build reads
    /// the texts again only to check, render and index them (issue 22).
    pub pack_texts: bool,
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
    let configs: Vec<Config> = std::iter::once(config.clone())
        .chain(config.languages.iter().map(|l| config.for_language(l)))
        .collect();
    let walked = if content.is_dir() {
        walk(root, &config, report)
    } else {
        report.push(
            Diagnostic::error(format!("there is no `{CONTENT_DIR}/` folder in {}", root.display()))
                .in_file(CONTENT_DIR)
                .with_help("create content/ with a folder per category, or run `helpbook init` to start a help center"),
        );
        Walked::default()
    };
    let Walked {
        dirs,
        markdown_files,
        assets,
    } = &walked;

    let loaded: Vec<(Loaded, Vec<Diagnostic>, Option<SourceFile>)> = markdown_files
        .par_iter()
        .map(|found| {
            let loaded = load_markdown(root, &configs[found.language], found);
            if let (true, Some(file)) = (options.pack_texts, &loaded.2) {
                file.text.pack();
            }
            loaded
        })
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
        let site = assemble(Parts {
            root,
            config,
            dirs,
            files,
            assets,
            original: sites.first(),
            drafts: options.drafts,
        });
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

/// Reads article `i` of `site` again from disk (a live preview's edit),
/// keeping its place in the site: key, section and URL. `None` when the file
/// can no longer be read or its front matter has errors (in the
/// diagnostics). The text read is returned too, for excerpts.
pub fn reload_article(
    site: &Site,
    i: usize,
) -> (Option<Article>, Vec<Diagnostic>, Option<SourceFile>) {
    let old = &site.articles[i];
    let path = site.root.join(&old.file.path);
    // Saved since the walk: the file (or a folder on its way) may have
    // become a link out of the help center.
    if let Some(target) = site.config.link_guard(&site.root).refuses_on_the_way(&path) {
        return (
            None,
            vec![external_link_error(&old.file.path, &target)],
            None,
        );
    }
    let found = FoundFile {
        key: format!("{}.md", old.key),
        path,
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
