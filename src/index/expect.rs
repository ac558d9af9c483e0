//! `[[search.expect]]` run on the index a build makes: every query goes
//! through the real engine (`helpbook_search::engine`, the code the
//! browser runs) on the language's packed index, as the search page asks
//! it, and each article that does not rank high enough is an error at the
//! expectation's line of book.toml, saying at which rank it was found and
//! what ranked above it.

use std::collections::BTreeMap;
use std::ops::Range;

use helpbook_search::card::Kind;
use helpbook_search::engine::{Attempt, Engine, Hit, Request, Results};
use helpbook_search::writer::gunzip;

use crate::base::diagnostic::Diagnostic;
use crate::config::{SearchExpectation, CONFIG_FILE};
use crate::index::files::SearchOutput;
use crate::model::search::Expectation;
use crate::model::site::Site;
use crate::write::Sink;

/// Results asked for, as the search page asks (at least `top`): an article
/// below them is "not in the first N results".
pub(crate) const RESULTS_SEARCHED: usize = 30;

/// Results listed as "ranked above it" in a miss's help.
const ABOVE_LISTED: usize = 10;

/// One language's search tests.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SearchTests<'a> {
    /// Every `[[search.expect]]` of book.toml (query, `top`, lines).
    pub(crate) written: &'a [SearchExpectation],
    /// Those to run on this language's index, as `validate` found them.
    pub(crate) expectations: &'a [Expectation],
    /// book.toml's text, for the lines of diagnostics.
    pub(crate) config_text: &'a str,
}

/// Runs `tests` on the index `built` of `site` (its files are in
/// [`SearchOutput::files`] or, written to a staging folder, read back from
/// `sink`): one error per expectation that does not hold.
pub(crate) fn run(
    tests: &SearchTests<'_>,
    site: &Site,
    built: &SearchOutput,
    sink: Sink<'_>,
) -> Vec<Diagnostic> {
    if tests.expectations.is_empty() {
        return Vec::new();
    }
    let index = Index { built, sink };
    let engine = match index.open() {
        Ok(engine) => engine,
        Err(e) => {
            return vec![Diagnostic::error(format!(
                "the search tests could not open the index: {e}"
            ))]
        }
    };
    let mut pages = None;
    let mut diagnostics = Vec::new();
    for expectation in tests.expectations {
        let Some(written) = tests.written.get(expectation.number) else {
            continue;
        };
        let limit = written.top.max(RESULTS_SEARCHED);
        let results = match index.search(&engine, &written.query, limit) {
            Ok(results) => results,
            Err(e) => {
                diagnostics.push(at(
                    tests.config_text,
                    &written.span,
                    format!("search for \"{}\" failed: {e}", written.query),
                ));
                continue;
            }
        };
        let rank = results
            .hits
            .iter()
            .position(|hit| leads_to(hit, &expectation.urls));
        if rank.is_some_and(|r| r < written.top) {
            continue;
        }
        let pages = pages.get_or_insert_with(|| content_paths(site));
        let miss = Miss {
            written,
            results: &results,
            rank,
            limit,
        };
        diagnostics.push(miss.diagnostic(tests.config_text, pages));
    }
    diagnostics
}

/// Where a language's index files are.
struct Index<'a> {
    built: &'a SearchOutput,
    sink: Sink<'a>,
}

impl Index<'_> {
    /// A file of the index, stored (gzipped): kept in memory, or read back
    /// from the staging folder.
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        let files = &self.built.files;
        if let Ok(i) = files.binary_search_by(|(p, _)| p.as_str().cmp(path)) {
            return Ok(files[i].1.clone());
        }
        match self.sink.read(path) {
            Some(Ok(bytes)) => Ok(bytes),
            Some(Err(e)) => Err(e.to_string()),
            None => Err(format!("{path} is not in the index")),
        }
    }

    /// The engine on the hot bundle.
    fn open(&self) -> Result<Engine, String> {
        let hot = gunzip(&self.read(&self.built.locations.hot)?).map_err(|e| e.to_string())?;
        Engine::open(&hot).map_err(|e| e.to_string())
    }

    /// Searches to the end, giving the engine the pages it asks for.
    fn search(&self, engine: &Engine, text: &str, limit: usize) -> Result<Results, String> {
        let request = Request {
            text: text.to_owned(),
            category: None,
            limit,
        };
        for _ in 0..16 {
            match engine.search(&request).map_err(|e| e.to_string())? {
                Attempt::Done(results) => return Ok(results),
                Attempt::NeedPages(pages) => {
                    for page in pages {
                        let path = format!("{}{page}.bin", self.built.locations.dir);
                        let bytes = gunzip(&self.read(&path)?).map_err(|e| e.to_string())?;
                        if !engine.insert_page(page, bytes) {
                            return Err(format!("{path} does not fit the index"));
                        }
                    }
                }
            }
        }
        Err("the search kept asking for more pages".into())
    }
}

/// Whether a result, or a section listed under it, leads to one of `urls`.
fn leads_to(hit: &Hit, urls: &[String]) -> bool {
    std::iter::once(hit.url.as_str())
        .chain(hit.sections.iter().map(|s| s.url.as_str()))
        .map(|url| url.split('#').next().unwrap_or_default())
        .any(|url| urls.iter().any(|u| u == url))
}

/// The content path of each page a result can lead to (URL path → path
/// under content/), for "ranked above it".
fn content_paths(site: &Site) -> BTreeMap<String, String> {
    let mut paths = BTreeMap::new();
    for section in site.sections.iter().skip(1) {
        let path = match &section.file {
            Some(file) => content_path(&file.path),
            None => format!("{}/", section.key),
        };
        paths.insert(section.url_path.clone(), path);
    }
    for article in &site.articles {
        let path = content_path(&article.file.path);
        if let Some(tree) = &article.tree {
            for (n, node) in tree
                .nodes
                .iter()
                .enumerate()
                .filter(|(n, _)| *n != tree.start)
            {
                paths.insert(
                    format!("{}{}", article.url_path, tree.node_path(n)),
                    format!("{path}#{}", node.id),
                );
            }
        }
        paths.insert(article.url_path.clone(), path);
    }
    paths
}

/// `content/a/b.md` → `a/b.md`.
fn content_path(path: &std::path::Path) -> String {
    let path = path.to_string_lossy().replace('\\', "/");
    match path.strip_prefix("content/") {
        Some(rest) => rest.to_string(),
        None => path,
    }
}

/// An error at `span` of book.toml.
fn at(config_text: &str, span: &Range<usize>, message: String) -> Diagnostic {
    Diagnostic::error(message)
        .in_file(CONFIG_FILE)
        .at(config_text, span.clone())
}

/// An expectation that did not hold.
struct Miss<'a> {
    written: &'a SearchExpectation,
    results: &'a Results,
    /// Where the article was found (0-based), when it was.
    rank: Option<usize>,
    /// How many results were asked for.
    limit: usize,
}

impl Miss<'_> {
    /// The error: where the article ranked, what ranked above it, and
    /// what to do.
    fn diagnostic(&self, config_text: &str, pages: &BTreeMap<String, String>) -> Diagnostic {
        let Miss {
            written,
            results,
            rank,
            limit,
        } = self;
        let (query, article, top) = (&written.query, &written.article, written.top);
        let first = if top == 1 {
            "first".to_string()
        } else {
            format!("first {top}")
        };
        let message = match rank {
            Some(r) => format!("search for \"{query}\" finds {article} at rank {}; it must be in the {first} results", r + 1),
            None if results.hits.is_empty() => format!("search for \"{query}\" finds nothing; it must find {article} in the {first} results"),
            None if results.hits.len() < *limit => format!(
                "search for \"{query}\": {article} is not among its {} results; it must be in the {first}",
                results.hits.len()
            ),
            None => format!("search for \"{query}\": {article} is not in the first {limit} results; it must be in the {first}"),
        };
        // What a reader sees instead: everything above the article, or
        // the first `top` results when it is not found at all.
        let above = &results.hits[..rank.unwrap_or(top).min(results.hits.len())];
        let mut help = String::new();
        if !above.is_empty() {
            match rank {
                Some(_) => help.push_str("ranked above it:\n"),
                None => help.push_str(&format!("the {first} results:\n")),
            }
            for (n, hit) in above.iter().enumerate().take(ABOVE_LISTED) {
                help.push_str(&format!(
                    "  {}. {} ({})\n",
                    n + 1,
                    title(hit),
                    page_of(hit, pages)
                ));
            }
            if above.len() > ABOVE_LISTED {
                help.push_str(&format!("  … and {} more\n", above.len() - ABOVE_LISTED));
            }
        }
        help.push_str(if article.contains('#') {
            "add the words readers type to the step's question (its `##` heading) or text, or to [search] synonyms"
        } else {
            "add the words readers type to the article's `keywords` (front matter) or to [search] synonyms, or reword its title"
        });
        if let Some(r) = rank {
            help.push_str(&format!(
                "; or, if rank {} is good enough, raise `top` to {}",
                r + 1,
                r + 1
            ));
        }
        at(config_text, &written.span, message).with_help(help)
    }
}

/// A result as the search box shows it: the page's title, and the
/// section or step it leads to.
fn title(hit: &Hit) -> String {
    let title = match &hit.section {
        Some(section) => format!("{} › {section}", hit.title),
        None => hit.title.clone(),
    };
    if hit.kind == Kind::Step {
        format!("Troubleshooter · {title}")
    } else {
        title
    }
}

/// The content path of the page a result leads to.
fn page_of(hit: &Hit, pages: &BTreeMap<String, String>) -> String {
    let url = hit.url.split('#').next().unwrap_or_default();
    match pages.get(url) {
        Some(path) => path.clone(),
        None if url == "contact/" => "the contact page".to_string(),
        None => url.to_string(),
    }
}
