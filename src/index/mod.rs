//! The site as search documents, and the files of the packed index.
//!
//! One document per category page, per article (title, description,
//! keywords, every heading, the whole text) and per article section (the
//! text under each `##`/`###` heading, so a hit can link to `#heading`).
//! The index itself is built by `helpbook-search`; the browser side is the
//! committed wasm module and the worker script, shipped with the site.

use std::collections::BTreeSet;
use std::sync::Mutex;

use rayon::prelude::*;

use helpbook_search::card::{Card, Kind};
use helpbook_search::pack::Category;
use helpbook_search::writer::{self, Document, Input, Stats, Text};

use sha2::{Digest, Sha256};

use crate::base::hash::short_hash;
use crate::model::search::Locations;
use crate::model::site::Site;
use crate::write::{Sink, WriteError};

/// The search module, compiled from `search/wasm` by `scripts/build-wasm.sh`.
pub const WASM: &[u8] = include_bytes!("../../search/wasm/helpbook_search.wasm");
/// The worker that runs the module in the browser (and under Node in tests).
pub const WORKER_JS: &str = include_str!("../../search/js/helpbook-search.js");
/// Folder of the index in the built site.
pub const DIR: &str = "search/";
/// Text kept in a result card for excerpts.
const CARD_TEXT_CHARS: usize = 400;

/// The packed index and where its files go.
#[derive(Debug)]
pub struct SearchOutput {
    /// Where things are.
    pub locations: Locations,
    /// Output path → bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// Sizes.
    pub stats: Stats,
}

/// The search documents of `site`, in a stable order, all at once (a live
/// preview's index; `build` uses [`SiteDocuments`] as a source instead).
///
/// `contact_title` names the contact page in results (the theme's
/// `contact_us` string in the site's language).
pub fn input(site: &Site, contact_title: &str) -> Input {
    let source = SiteDocuments::new(site, contact_title);
    let mut documents = Vec::new();
    for page in 0..source.pages.len() {
        source.page_documents(page, &mut documents);
    }
    let options = source.options();
    Input {
        language: options.language,
        categories: options.categories,
        documents,
        page_size: None,
        threads: None,
    }
}

/// A site's search documents, made one page at a time when the index asks
/// for them: a category page, an article and its sections, a
/// troubleshooter's steps, and last the contact page.
pub struct SiteDocuments<'a> {
    site: &'a Site,
    contact_title: String,
    pages: Vec<PageRef>,
}

/// What a page of search documents stands for.
#[derive(Clone, Copy)]
enum PageRef {
    Category(usize),
    Article(usize),
    Contact,
}

impl<'a> SiteDocuments<'a> {
    /// The documents of `site`; `contact_title` names the contact page in
    /// results (the theme's `contact_us` string in the site's language).
    pub fn new(site: &'a Site, contact_title: &str) -> SiteDocuments<'a> {
        let pages = (1..site.sections.len())
            .map(PageRef::Category)
            .chain((0..site.articles.len()).map(PageRef::Article))
            .chain([PageRef::Contact])
            .collect();
        SiteDocuments {
            site,
            contact_title: contact_title.to_string(),
            pages,
        }
    }

    /// The index's language and categories.
    pub fn options(&self) -> writer::Options {
        writer::Options {
            language: self.site.config.language.clone(),
            categories: self
                .site
                .sections
                .iter()
                .skip(1)
                .map(|s| Category {
                    key: s.key.clone(),
                    name: s.title.clone(),
                })
                .collect(),
            ..writer::Options::default()
        }
    }

    /// A section's breadcrumb (`Account › Recovery`), its category keys
    /// from the top, and the top one.
    fn breadcrumb(&self, section: usize) -> (String, Vec<String>, String) {
        let site = self.site;
        let chain: Vec<usize> = site
            .section_chain(section)
            .into_iter()
            .filter(|&s| s != 0)
            .collect();
        let names: Vec<&str> = chain
            .iter()
            .map(|&s| site.sections[s].title.as_str())
            .collect();
        let keys: Vec<String> = chain
            .iter()
            .map(|&s| site.sections[s].key.clone())
            .collect();
        let top = keys.first().cloned().unwrap_or_default();
        (names.join(" › "), keys, top)
    }

    /// The synonyms (`[search] synonyms` groups) of words in `text`.
    fn synonyms(&self, text: &str) -> String {
        let config = &self.site.config;
        if config.synonyms.is_empty() {
            return String::new();
        }
        let lower = text.to_lowercase();
        let words: BTreeSet<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let mut extra = Vec::new();
        for group in &config.synonyms {
            let present = group.iter().any(|term| {
                if term.contains(|c: char| !c.is_alphanumeric()) {
                    lower.contains(term.as_str())
                } else {
                    words.contains(term.as_str())
                }
            });
            if present {
                extra.extend(group.iter().cloned());
            }
        }
        extra.join(" ")
    }

    /// Appends the documents of page `page`.
    fn page_documents(&self, page: usize, documents: &mut Vec<Document>) {
        let site = self.site;
        let synonyms = |text: &str| self.synonyms(text);
        let number = page as u32;
        match self.pages[page] {
            PageRef::Category(i) => {
                let section = &site.sections[i];
                let (crumbs, keys, top) = self.breadcrumb(i);
                let text = format!("{}\n{}", section.meta.description, section.body.plain_text);
                documents.push(Document {
                    card: Card {
                        kind: Kind::Category,
                        page: number,
                        url: section.url_path.clone(),
                        title: section.title.clone(),
                        page_title: section.title.clone(),
                        breadcrumb: crumbs,
                        category: top,
                        text: cap(text.trim(), CARD_TEXT_CHARS),
                    },
                    title: section.title.clone(),
                    categories: keys,
                    headings: String::new(),
                    description: section.meta.description.clone(),
                    keywords: synonyms(&format!("{} {}", section.title, section.meta.description)),
                    body: section.body.plain_text.clone().into(),
                });
            }
            PageRef::Article(i) => {
                let article = &site.articles[i];
                let (crumbs, keys, top) = self.breadcrumb(article.section);
                if let Some(tree) = &article.tree {
                    let place = Place {
                        crumbs: &crumbs,
                        keys: &keys,
                        top: &top,
                        page: number,
                    };
                    tree_documents(article, tree, &place, &synonyms, documents);
                } else {
                    article_documents(article, (crumbs, keys, top), number, &synonyms, documents);
                }
            }
            PageRef::Contact => documents.push(self.contact_document(number)),
        }
    }

    /// The contact page: readers search for "contact support" or "talk to
    /// a person" when self-service fails.
    fn contact_document(&self, page: u32) -> Document {
        let config = &self.site.config;
        let mut contact_text = config.support_intro.clone();
        for channel in &config.support_channels {
            contact_text.push_str(&format!(
                "\n{} {} {}",
                channel.name, channel.response_time, channel.description
            ));
        }
        let contact_title = self.contact_title.as_str();
        Document {
            card: Card {
                kind: Kind::Article,
                page,
                url: "contact/".into(),
                title: contact_title.into(),
                page_title: contact_title.into(),
                breadcrumb: String::new(),
                category: String::new(),
                text: cap(contact_text.trim(), CARD_TEXT_CHARS),
            },
            title: contact_title.into(),
            categories: Vec::new(),
            headings: String::new(),
            description: String::new(),
            keywords: "contact help support agent human person talk email chat reach us".into(),
            body: contact_text.into(),
        }
    }
}

impl writer::Source for SiteDocuments<'_> {
    fn pages(&self) -> usize {
        self.pages.len()
    }

    fn weight(&self, page: usize) -> usize {
        match self.pages[page] {
            PageRef::Category(i) => self.site.sections[i].body.plain_text.len(),
            // The whole text, then again cut into sections.
            PageRef::Article(i) => 2 * self.site.articles[i].body.plain_text.len(),
            PageRef::Contact => 0,
        }
    }

    fn documents(&self, page: usize, out: &mut Vec<Document>) {
        self.page_documents(page, out);
    }
}

/// An article's document, then one per section (the text from each h2/h3
/// to the next).
fn article_documents(
    article: &crate::model::site::Article,
    (crumbs, keys, top): (String, Vec<String>, String),
    page: u32,
    synonyms: &dyn Fn(&str) -> String,
    documents: &mut Vec<Document>,
) {
    let body = &article.body;
    let meta = &article.meta;
    let headings: Vec<&str> = body.headings.iter().map(|h| h.text.as_str()).collect();
    let keywords = article_keywords(article, synonyms);
    let lead_end = body
        .headings
        .iter()
        .find(|h| h.level <= 3)
        .map_or(body.plain_text.len(), |h| h.plain_offset);
    let lead = format!("{}\n{}", meta.description, &body.plain_text[..lead_end]);
    documents.push(Document {
        card: Card {
            kind: Kind::Article,
            page,
            url: article.url_path.clone(),
            title: meta.title.clone(),
            page_title: meta.title.clone(),
            breadcrumb: crumbs.clone(),
            category: top.clone(),
            text: cap(lead.trim(), CARD_TEXT_CHARS),
        },
        title: meta.title.clone(),
        categories: keys.clone(),
        headings: headings.join("\n"),
        description: meta.description.clone(),
        keywords,
        body: body.plain_text.clone().into(),
    });
    let cuts: Vec<&crate::markdown::Heading> =
        body.headings.iter().filter(|h| h.level <= 3).collect();
    for (n, heading) in cuts.iter().enumerate() {
        let end = cuts
            .get(n + 1)
            .map_or(body.plain_text.len(), |next| next.plain_offset);
        let start = (heading.plain_offset + heading.text.len()).min(end);
        let Some(shared) = Text::slice(&body.plain_text, start..end) else {
            continue;
        };
        let shared = shared.trimmed();
        let text = shared.as_str();
        if text.is_empty() {
            continue;
        }
        documents.push(Document {
            card: Card {
                kind: Kind::Section,
                page,
                url: format!("{}#{}", article.url_path, heading.id),
                title: heading.text.clone(),
                page_title: meta.title.clone(),
                breadcrumb: crumbs.clone(),
                category: top.clone(),
                text: cap(text, CARD_TEXT_CHARS),
            },
            title: String::new(),
            categories: keys.clone(),
            headings: heading.text.clone(),
            description: String::new(),
            keywords: String::new(),
            body: shared.clone(),
        });
    }
}

/// One document per step of a troubleshooting tree, all in the tree's
/// group: "Troubleshooter · <tree> › <step>" in results, linking to the
/// step's own page. The first step also carries the tree's title,
/// description and keywords, and its result shows as the tree itself.
fn tree_documents(
    article: &crate::model::site::Article,
    tree: &crate::model::tree::Tree,
    place: &Place<'_>,
    synonyms: &dyn Fn(&str) -> String,
    documents: &mut Vec<Document>,
) {
    let Place {
        crumbs,
        keys,
        top,
        page,
    } = *place;
    let body = &article.body;
    let meta = &article.meta;
    // Where each step's text starts and ends in the plain text.
    let offsets: Vec<usize> = tree
        .nodes
        .iter()
        .map(|n| {
            body.headings
                .iter()
                .find(|h| h.span == n.span)
                .map_or(0, |h| h.plain_offset)
        })
        .collect();
    for (i, node) in tree.nodes.iter().enumerate() {
        if tree.node(&node.id) != Some(i) {
            continue;
        }
        let start = (offsets[i] + node.question.len()).min(body.plain_text.len());
        let end = offsets
            .iter()
            .copied()
            .filter(|&o| o > offsets[i])
            .min()
            .unwrap_or(body.plain_text.len())
            .max(start);
        let text = body.plain_text.get(start..end).unwrap_or_default().trim();
        let is_start = i == tree.start;
        let intro = if is_start {
            body.plain_text.get(..offsets[i]).unwrap_or_default().trim()
        } else {
            ""
        };
        let card_text = if is_start && !meta.description.is_empty() {
            format!("{}\n{text}", meta.description)
        } else {
            text.to_string()
        };
        let keywords = if is_start {
            article_keywords(article, synonyms)
        } else {
            String::new()
        };
        documents.push(Document {
            card: Card {
                kind: Kind::Step,
                page,
                url: format!("{}{}", article.url_path, tree.node_path(i)),
                // The first step stands for the whole tree.
                title: if is_start {
                    meta.title.clone()
                } else {
                    node.question.clone()
                },
                page_title: meta.title.clone(),
                breadcrumb: crumbs.to_string(),
                category: top.to_string(),
                text: cap(card_text.trim(), CARD_TEXT_CHARS),
            },
            title: if is_start {
                meta.title.clone()
            } else {
                String::new()
            },
            categories: keys.to_vec(),
            headings: node.question.clone(),
            description: if is_start {
                meta.description.clone()
            } else {
                String::new()
            },
            keywords,
            body: format!("{intro}\n{text}").trim().into(),
        });
    }
}

/// An article's front matter keywords and the synonyms of words in it.
fn article_keywords(
    article: &crate::model::site::Article,
    synonyms: &dyn Fn(&str) -> String,
) -> String {
    let meta = &article.meta;
    let mut keywords = meta.keywords.join(" ");
    let extra = synonyms(&format!(
        "{} {} {}",
        meta.title, meta.description, article.body.plain_text
    ));
    if !extra.is_empty() {
        keywords.push(' ');
        keywords.push_str(&extra);
    }
    keywords
}

/// Where a page's documents sit: its breadcrumb, category keys (all and
/// top-level) and result group.
#[derive(Clone, Copy)]
struct Place<'a> {
    crumbs: &'a str,
    keys: &'a [String],
    top: &'a str,
    page: u32,
}

/// The first `max` characters of `text`.
fn cap(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => text[..i].to_owned(),
        None => text.to_owned(),
    }
}

/// Where the files of an index of `source`'s documents will be: the folder
/// is named after a hash of everything that decides the index bytes, so
/// pages can be cached forever and the HTML can be rendered before the
/// index is. The documents are made (and hashed) a page at a time, on
/// every core, and dropped.
pub fn locations(options: &writer::Options, source: &dyn writer::Source) -> Locations {
    let pages: Vec<[u8; 32]> = (0..source.pages())
        .into_par_iter()
        .map_init(Vec::new, |documents, page| {
            documents.clear();
            source.documents(page, documents);
            let mut hasher = Sha256::new();
            for d in documents.iter() {
                hash_document(&mut hasher, d);
            }
            hasher.finalize().into()
        })
        .collect();
    let mut hasher = Sha256::new();
    hasher.update(helpbook_search::pack::VERSION.to_le_bytes());
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(options.language.as_bytes());
    for c in &options.categories {
        for part in [&c.key, &c.name] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
    }
    for page in &pages {
        hasher.update(page);
    }
    let digest = hasher.finalize();
    let hash: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    locations_in(format!("{DIR}{hash}/"))
}

/// Feeds every field of `d` to `hasher`, each with its length.
fn hash_document(hasher: &mut Sha256, d: &Document) {
    let card = &d.card;
    hasher.update([card.kind as u8]);
    hasher.update(card.page.to_le_bytes());
    for part in [
        card.url.as_str(),
        &card.title,
        &card.page_title,
        &card.breadcrumb,
        &card.category,
        &card.text,
        &d.title,
        &d.headings,
        &d.description,
        &d.keywords,
        d.body.as_str(),
    ] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.update((d.categories.len() as u64).to_le_bytes());
    for key in &d.categories {
        hasher.update(key.as_bytes());
        hasher.update([0]);
    }
}

/// The index in folder `dir`, with the engine and worker named by their hashes.
fn locations_in(dir: String) -> Locations {
    Locations {
        format: helpbook_search::pack::VERSION,
        hot: format!("{dir}hot.bin"),
        dir,
        wasm: format!("{DIR}helpbook-search.{}.wasm", short_hash(WASM, 6)),
        worker: format!(
            "{DIR}helpbook-search.{}.js",
            short_hash(WORKER_JS.as_bytes(), 6)
        ),
    }
}

/// Where the index lives in a live preview: fixed names (the server answers
/// with `no-cache`), so rebuilding the index never changes a page;
/// `search/live/` for the original language, `search/live-<code>/` for a
/// translation.
pub fn live_locations(translation: Option<&str>) -> Locations {
    match translation {
        None => locations_in(format!("{DIR}live/")),
        Some(code) => locations_in(format!("{DIR}live-{code}/")),
    }
}

/// What a live preview builds one language's index from.
#[derive(Debug)]
pub struct LiveJob {
    /// The documents.
    pub input: Input,
    /// Where the files go.
    pub locations: Locations,
    /// The site's URL, for the manifest.
    pub base_url: String,
}

/// Where the manifest of a language's index goes: `search/index.json` for
/// the original language, `search/index.<code>.json` for a translation
/// (what `helpbook search` reads).
pub fn manifest_path(translation: Option<&str>) -> String {
    match translation {
        None => format!("{DIR}index.json"),
        Some(code) => format!("{DIR}index.{code}.json"),
    }
}

/// Why the index could not be built.
#[derive(Debug)]
pub enum IndexError {
    /// Tantivy failed (none is expected).
    Index(writer::Error),
    /// A file of the index could not be written.
    Write(WriteError),
}

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IndexError::Index(e) => e.fmt(f),
            IndexError::Write(e) => e.fmt(f),
        }
    }
}

/// Builds the index and gives its files to `sink` (those a memory sink
/// keeps are in [`SearchOutput::files`]). `base_url` is the site's URL (or
/// base path) that result URLs are relative to, recorded for
/// `helpbook search`.
pub fn build(
    options: &writer::Options,
    source: &dyn writer::Source,
    locations: Locations,
    base_url: &str,
    manifest_path: &str,
    sink: Sink<'_>,
) -> Result<SearchOutput, IndexError> {
    let kept = Mutex::new(Vec::new());
    let failed: Mutex<Option<WriteError>> = Mutex::new(None);
    let put = |path: String, bytes: Vec<u8>| -> Result<(), WriteError> {
        if let Some(bytes) = sink.put(&path, bytes)? {
            if let Ok(mut kept) = kept.lock() {
                kept.push((path, bytes));
            }
        }
        Ok(())
    };
    let packed = writer::build_from(options, source, &|number, page| {
        put(format!("{}{number}.bin", locations.dir), page).map_err(|e| {
            let message = e.to_string();
            if let Ok(mut failed) = failed.lock() {
                failed.get_or_insert(e);
            }
            writer::Error(message)
        })
    });
    if let Some(e) = failed.into_inner().ok().flatten() {
        return Err(IndexError::Write(e));
    }
    let packed = packed.map_err(IndexError::Index)?;
    let manifest = serde_json::json!({
        "format": locations.format,
        "dir": locations.dir,
        "hot": locations.hot,
        "wasm": locations.wasm,
        "worker": locations.worker,
        "documents": packed.stats.documents,
        "inline": packed.stats.inline,
        "base_url": base_url,
    });
    let mut json = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    json.push(b'\n');
    for (path, bytes) in [
        (locations.hot.clone(), packed.hot),
        (locations.wasm.clone(), WASM.to_vec()),
        (locations.worker.clone(), WORKER_JS.as_bytes().to_vec()),
        (manifest_path.to_string(), json),
    ] {
        put(path, bytes).map_err(IndexError::Write)?;
    }
    let mut files = kept.into_inner().unwrap_or_default();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(SearchOutput {
        locations,
        files,
        stats: packed.stats,
    })
}
