//! The site as search documents: one per category page, per article
//! (title, description, keywords, every heading, the whole text; its card
//! holds where each `##`/`###` section starts, so a hit can link to
//! `#heading`), per tree step, and the contact page; made a page at a
//! time, so a large site's documents never all exist at once. A
//! translation's index also holds the original's articles it does not
//! translate yet, in the original's words and marked with its language,
//! so that its readers find them too (linking to the original's page).

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use helpbook_search::card::{Card, Kind, Section};
use helpbook_search::pack::Category;
use helpbook_search::writer::{self, Document, Input};

use crate::markdown::Parsed;
use crate::model::site::{DocId, Site};

/// Plain text a site's documents keep between the pass that hashes them
/// and the pass that indexes them (see [`SiteDocuments::keep_plain_texts`]):
/// all of it when it is no more than this (up to ~16,000 articles)...
const KEPT_PLAIN_BYTES: usize = 64 << 20;

/// ... else the first pages' up to this much: on larger sites what is kept
/// waits beside the start of rendering and indexing, at the build's peak
/// (50,000 articles: 516 MiB with the first 64 MB kept, 466 MiB with 16 MB,
/// `bench/scale.md`).
const KEPT_PLAIN_BYTES_LARGE: usize = 16 << 20;

/// Text kept in a result card for excerpts (an article's lead).
const CARD_TEXT_CHARS: usize = 400;

/// Text kept of each section of a long article in its card, at least.
const CARD_SECTION_MIN_CHARS: usize = 160;

/// The text, headings and links of an article's card, at most (its card
/// page holds 4 KB; `helpbook_search::card::fit` cuts what still does not
/// fit).
const CARD_ARTICLE_BYTES: usize = 3400;

/// The search documents of `site`, in a stable order, all at once (a live
/// preview's index; `build` uses [`SiteDocuments`] as a source instead).
///
/// `contact_title` names the contact page in results (the theme's
/// `contact_us` string in the site's language).
///
/// `original` is the original language's site, for a translation: its
/// articles that `site` lacks are indexed too.
pub fn input(site: &Site, original: Option<&Site>, contact_title: &str) -> Input {
    let never = || false;
    let source = SiteDocuments::new(site, original, contact_title);
    let documents = source.all_unless(never).unwrap_or_default();
    source.into_input(documents)
}

/// [`input`], given up (`None`) as soon as `stop` says so: it is asked
/// before each page (a live preview gives way to a save).
pub fn input_unless(
    site: &Site,
    original: Option<&Site>,
    contact_title: &str,
    stop: impl FnMut() -> bool,
) -> Option<Input> {
    let source = SiteDocuments::new(site, original, contact_title);
    let documents = source.all_unless(stop)?;
    Some(source.into_input(documents))
}

/// A site's search documents, made one page at a time when the index asks
/// for them: a category page, an article and its sections, a
/// troubleshooter's steps, and last the contact page.
pub struct SiteDocuments<'a> {
    site: &'a Site,
    /// The original language's site, for a translation.
    original: Option<&'a Site>,
    /// Per article, the texts of the links to it from other pages.
    anchors: Vec<String>,
    contact_title: String,
    pages: Vec<PageRef>,
    /// Page `page`'s plain text, from the pass that hashes the documents
    /// (for the index folder's name) to the pass that indexes them, which
    /// takes it: a body kept here is parsed for its plain text once, not
    /// twice (issue 22). The first pages' only, on a large site: the
    /// index takes them first, while its own memory is still small, so
    /// the two do not stack at the peak.
    plain: Vec<Mutex<Option<Arc<str>>>>,
    /// Whether [`SiteDocuments::documents`] keeps what it makes in `plain`.
    keep_plain: AtomicBool,
    /// Pages below this one keep their plain text when asked to.
    keep_below: usize,
}

/// What a page of search documents stands for.
#[derive(Clone, Copy)]
enum PageRef {
    Category(usize),
    Article(usize),
    /// An article of the original that the translation lacks.
    Untranslated(usize),
    Contact,
}

impl<'a> SiteDocuments<'a> {
    /// The documents of `site`; `contact_title` names the contact page in
    /// results (the theme's `contact_us` string in the site's language).
    /// For a translation, `original` is the original language's site: the
    /// articles `site` does not translate come last, in the original's
    /// words.
    pub fn new(
        site: &'a Site,
        original: Option<&'a Site>,
        contact_title: &str,
    ) -> SiteDocuments<'a> {
        let untranslated: Vec<usize> = match original {
            Some(original) if site.config.search_untranslated => {
                let translated: BTreeSet<&str> =
                    site.articles.iter().map(|a| a.key.as_str()).collect();
                (0..original.articles.len())
                    .filter(|&i| !translated.contains(original.articles[i].key.as_str()))
                    .collect()
            }
            _ => Vec::new(),
        };
        let pages: Vec<PageRef> = (1..site.sections.len())
            .map(PageRef::Category)
            .chain((0..site.articles.len()).map(PageRef::Article))
            .chain([PageRef::Contact])
            .chain(untranslated.into_iter().map(PageRef::Untranslated))
            .collect();
        SiteDocuments {
            site,
            anchors: anchor_texts(site),
            original,
            contact_title: contact_title.to_string(),
            plain: pages.iter().map(|_| Mutex::new(None)).collect(),
            keep_below: 0,
            pages,
            keep_plain: AtomicBool::new(false),
        }
    }

    /// From now on, keep the plain text of the first pages (all of them
    /// up to [`KEPT_PLAIN_BYTES`], else up to [`KEPT_PLAIN_BYTES_LARGE`])
    /// until the page's documents are asked for again ([`SiteDocuments::documents`]),
    /// or stop keeping new ones: `build`
    /// keeps them while it hashes the documents, for the index's pass that
    /// follows.
    pub fn keep_plain_texts(&mut self, keep: bool) {
        let total: usize = (0..self.pages.len()).map(|page| self.plain_len(page)).sum();
        let most = if total <= KEPT_PLAIN_BYTES {
            KEPT_PLAIN_BYTES
        } else {
            KEPT_PLAIN_BYTES_LARGE
        };
        let mut bytes = 0usize;
        self.keep_below = (0..self.pages.len())
            .find(|&page| {
                bytes += self.plain_len(page);
                bytes > most
            })
            .unwrap_or(self.pages.len());
        self.keep_plain.store(keep, Ordering::Relaxed);
    }

    /// The length of page `page`'s plain text.
    fn plain_len(&self, page: usize) -> usize {
        match self.pages[page] {
            PageRef::Category(i) => self.site.sections[i].body.plain_len(),
            PageRef::Article(i) => self.site.articles[i].body.plain_len(),
            PageRef::Untranslated(i) => self.original.map_or(0, |o| o.articles[i].body.plain_len()),
            PageRef::Contact => 0,
        }
    }

    /// The plain text of `body`, page `page`'s: the one kept for it if
    /// any (taken), else made, and kept when asked to.
    fn plain_text(&self, page: usize, body: &Parsed) -> Arc<str> {
        let Some(slot) = self.plain.get(page) else {
            return body.plain_text();
        };
        let kept = slot.lock().ok().and_then(|mut kept| kept.take());
        if let Some(text) = kept {
            return text;
        }
        let plain = body.plain_text();
        if page < self.keep_below && self.keep_plain.load(Ordering::Relaxed) {
            if let Ok(mut kept) = slot.lock() {
                *kept = Some(plain.clone());
            }
        }
        plain
    }

    /// Every page's documents in order, unless `stop` (asked before each
    /// page) says to give up.
    fn all_unless(&self, mut stop: impl FnMut() -> bool) -> Option<Vec<Document>> {
        let mut documents = Vec::new();
        for page in 0..self.pages.len() {
            if stop() {
                return None;
            }
            self.page_documents(page, &mut documents);
        }
        Some(documents)
    }

    /// `documents` (all of this site's) as an index's input.
    fn into_input(self, documents: Vec<Document>) -> Input {
        let options = self.options();
        Input {
            language: options.language,
            no_builtin_synonyms: options.no_builtin_synonyms,
            categories: options.categories,
            documents,
            page_size: None,
            threads: None,
        }
    }

    /// The index's language and categories.
    pub fn options(&self) -> writer::Options {
        writer::Options {
            language: self.site.config.language.clone(),
            no_builtin_synonyms: !self.site.config.builtin_synonyms,
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
    fn breadcrumb(site: &Site, section: usize) -> (String, Vec<String>, String) {
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

    /// The synonyms (`[search] synonyms` groups of `site`) of words in
    /// `text`.
    fn synonyms(site: &Site, text: &str) -> String {
        let config = &site.config;
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
        let synonyms = |text: &str| Self::synonyms(site, text);
        let number = page as u32;
        match self.pages[page] {
            PageRef::Category(i) => {
                let section = &site.sections[i];
                let (crumbs, keys, top) = Self::breadcrumb(site, i);
                let plain = self.plain_text(page, &section.body);
                let text = format!("{}\n{}", section.meta.description, plain);
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
                        language: String::new(),
                        sections: Vec::new(),
                    },
                    title: section.title.clone(),
                    categories: keys,
                    headings: String::new(),
                    description: section.meta.description.clone(),
                    keywords: synonyms(&format!("{} {}", section.title, section.meta.description)),
                    body: plain.into(),
                });
            }
            PageRef::Article(i) => {
                let first = documents.len();
                let plain = self.plain_text(page, &site.articles[i].body);
                page_of_article(site, i, number, plain, documents);
                // The words other pages link to it with, on the document
                // that stands for the whole page.
                let anchors = &self.anchors[i];
                let whole = documents[first..].iter_mut().find(|d| !d.title.is_empty());
                if let (Some(whole), false) = (whole, anchors.is_empty()) {
                    whole.description.push('\n');
                    whole.description.push_str(anchors);
                }
            }
            PageRef::Untranslated(i) => {
                let Some(original) = self.original else {
                    return;
                };
                let plain = self.plain_text(page, &original.articles[i].body);
                documents.push(untranslated_document(original, i, number, &plain));
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
                language: String::new(),
                sections: Vec::new(),
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

/// Per article of `site`, the texts of the links to it from other pages
/// (articles and category pages; a link to one of its sections counts), a
/// line each, once per linking page and text: how the help center's
/// writers refer to it, often in other words than its title, and more
/// often the more pages point to it.
fn anchor_texts(site: &Site) -> Vec<String> {
    let by_url: std::collections::HashMap<String, usize> = site
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (site.config.url(&a.url_path), i))
        .collect();
    let mut anchors: Vec<BTreeSet<(DocId, String)>> = vec![BTreeSet::new(); site.articles.len()];
    for (&doc, urls) in &site.link_urls {
        let (body, from) = match doc {
            DocId::Article(j) => (&site.articles[j].body, Some(j)),
            DocId::Section(s) => (&site.sections[s].body, None),
            _ => continue,
        };
        for link in body.links.iter() {
            let Some(url) = urls.get(link.event_index) else {
                continue;
            };
            let path = url.split('#').next().unwrap_or(url);
            let Some(&i) = by_url.get(path) else {
                continue;
            };
            if from != Some(i) && link.text.chars().any(char::is_alphanumeric) {
                anchors[i].insert((doc, link.text.to_string()));
            }
        }
    }
    anchors
        .into_iter()
        .map(|texts| {
            texts
                .into_iter()
                .map(|(_, text)| text)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

/// The one document of an article a translation lacks, in its index: the
/// article's title, description, keywords and headings, and its lead (the
/// text before the first heading), with the original's breadcrumb and
/// synonyms. Readers of the translation find it by the original's words
/// for it (a product or feature name, an English word they know) more than
/// by its body's, and one small document per article keeps the
/// translation's index from growing to the original's size.
fn untranslated_document(original: &Site, i: usize, page: u32, plain: &str) -> Document {
    let article = &original.articles[i];
    let (crumbs, keys, top) = SiteDocuments::breadcrumb(original, article.section);
    let synonyms = |text: &str| SiteDocuments::synonyms(original, text);
    let body = &article.body;
    let meta = &article.meta;
    let lead_end = body
        .headings
        .first()
        .map_or(plain.len(), |h| h.plain_offset);
    let lead = plain[..lead_end].trim();
    let headings: Vec<&str> = body.headings.iter().map(|h| h.text).collect();
    Document {
        card: Card {
            kind: if article.tree.is_some() {
                Kind::Step
            } else {
                Kind::Article
            },
            page,
            url: article.url_path.clone(),
            title: meta.title.clone(),
            page_title: meta.title.clone(),
            breadcrumb: crumbs,
            category: top,
            text: cap(
                format!("{}\n{lead}", meta.description).trim(),
                CARD_TEXT_CHARS,
            ),
            language: original.config.language.clone(),
            sections: Vec::new(),
        },
        title: meta.title.clone(),
        categories: keys,
        headings: headings.join("\n"),
        description: meta.description.clone(),
        keywords: article_keywords(article, plain, &synonyms),
        body: lead.to_string().into(),
    }
}

/// Appends the documents of article `i` of `site` (its own language's
/// breadcrumb and synonyms), in result group `page`.
fn page_of_article(
    site: &Site,
    i: usize,
    page: u32,
    plain: Arc<str>,
    documents: &mut Vec<Document>,
) {
    let synonyms = |text: &str| SiteDocuments::synonyms(site, text);
    let article = &site.articles[i];
    let (crumbs, keys, top) = SiteDocuments::breadcrumb(site, article.section);
    if let Some(tree) = &article.tree {
        let place = Place {
            crumbs: &crumbs,
            keys: &keys,
            top: &top,
            page,
        };
        tree_documents(article, tree, &place, &plain, &synonyms, documents);
    } else {
        article_documents(
            article,
            (crumbs, keys, top),
            (page, plain),
            &synonyms,
            documents,
        );
    }
}

impl writer::Source for SiteDocuments<'_> {
    fn pages(&self) -> usize {
        self.pages.len()
    }

    fn weight(&self, page: usize) -> usize {
        match self.pages[page] {
            PageRef::Category(_) | PageRef::Article(_) => self.plain_len(page),
            PageRef::Untranslated(i) => self.original.map_or(0, |o| {
                let article = &o.articles[i];
                article.meta.description.len() + article.body.headings.len() * 32
            }),
            PageRef::Contact => 0,
        }
    }

    fn documents(&self, page: usize, out: &mut Vec<Document>) {
        self.page_documents(page, out);
    }
}

/// An article's one document: its whole text to search, and a card with
/// its lead and the start of each section (the text from each h2/h3 to
/// the next), from which a result finds the sections holding the query's
/// words. (One document per section as well made the index four times
/// larger, and its field norms, which a first search downloads, grow with
/// every document: issues 21 and 22.)
fn article_documents(
    article: &crate::model::site::Article,
    (crumbs, keys, top): (String, Vec<String>, String),
    (page, plain): (u32, Arc<str>),
    synonyms: &dyn Fn(&str) -> String,
    documents: &mut Vec<Document>,
) {
    let body = &article.body;
    let meta = &article.meta;
    let headings: Vec<&str> = body.headings.iter().map(|h| h.text).collect();
    let keywords = article_keywords(article, &plain, synonyms);
    let cuts: Vec<crate::markdown::Heading<'_>> =
        body.headings.iter().filter(|h| h.level <= 3).collect();
    let lead_end = cuts.first().map_or(plain.len(), |h| h.plain_offset);
    let lead = format!("{}\n{}", meta.description, &plain[..lead_end]);
    let mut parts = Vec::new();
    for (n, heading) in cuts.iter().enumerate() {
        let end = cuts
            .get(n + 1)
            .map_or(plain.len(), |next| next.plain_offset);
        let start = (heading.plain_offset + heading.text.len()).min(end);
        let section = plain.get(start..end).unwrap_or_default().trim();
        if !section.is_empty() {
            parts.push((
                format!("#{}", heading.id),
                heading.text.to_string(),
                section,
            ));
        }
    }
    let (text, sections) = with_sections(cap(lead.trim(), CARD_TEXT_CHARS), &parts);
    documents.push(Document {
        card: Card {
            kind: Kind::Article,
            page,
            url: article.url_path.clone(),
            title: meta.title.clone(),
            page_title: meta.title.clone(),
            breadcrumb: crumbs,
            category: top,
            text,
            language: String::new(),
            sections,
        },
        title: meta.title.clone(),
        categories: keys,
        headings: headings.join("\n"),
        description: meta.description.clone(),
        keywords,
        body: plain.into(),
    });
}

/// One document per step of a troubleshooting tree, all in the tree's
/// group: "Troubleshooter · <tree> › <step>" in results, linking to the
/// step's own page. The first step also carries the tree's title,
/// description and keywords, and its result shows as the tree itself; its
/// card holds the other steps' texts, as an article's holds its sections.
fn tree_documents(
    article: &crate::model::site::Article,
    tree: &crate::model::tree::Tree,
    place: &Place<'_>,
    plain: &str,
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
    // Each step's own text (`None` for a repeated id).
    let texts: Vec<Option<&str>> = tree
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            if tree.node(&node.id) != Some(i) {
                return None;
            }
            let start = (offsets[i] + node.question.len()).min(plain.len());
            let end = offsets
                .iter()
                .copied()
                .filter(|&o| o > offsets[i])
                .min()
                .unwrap_or(plain.len())
                .max(start);
            Some(plain.get(start..end).unwrap_or_default().trim())
        })
        .collect();
    for (i, node) in tree.nodes.iter().enumerate() {
        let Some(text) = texts[i] else {
            continue;
        };
        let is_start = i == tree.start;
        let intro = if is_start {
            plain.get(..offsets[i]).unwrap_or_default().trim()
        } else {
            ""
        };
        let card_text = if is_start && !meta.description.is_empty() {
            format!("{}\n{text}", meta.description)
        } else {
            text.to_string()
        };
        let keywords = if is_start {
            article_keywords(article, plain, synonyms)
        } else {
            String::new()
        };
        // The other steps on the first's card, as an article's sections:
        // a result for the tree lists the steps that have the query's words.
        let others: Vec<(String, String, &str)> = if is_start {
            (0..tree.nodes.len())
                .filter_map(|j| {
                    let text = texts[j].filter(|t| j != i && !t.is_empty())?;
                    Some((tree.node_path(j), tree.nodes[j].question.clone(), text))
                })
                .collect()
        } else {
            Vec::new()
        };
        let (card_text, sections) = with_sections(cap(card_text.trim(), CARD_TEXT_CHARS), &others);
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
                text: card_text,
                language: String::new(),
                sections,
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

/// A card's text and sections: `lead`, then each part's text (`(link,
/// heading, text)`), all cut to one length so that together they fit in
/// [`CARD_ARTICLE_BYTES`]: a short article's card holds its whole text, a
/// long one's the start of every section (at least
/// [`CARD_SECTION_MIN_CHARS`] of each while there is room).
fn with_sections(lead: String, parts: &[(String, String, &str)]) -> (String, Vec<Section>) {
    let fixed: usize = lead.len()
        + parts
            .iter()
            .map(|(l, h, _)| l.len() + h.len() + 2)
            .sum::<usize>();
    let room = CARD_ARTICLE_BYTES.saturating_sub(fixed);
    let mut lens: Vec<usize> = parts.iter().map(|(_, _, t)| t.len()).collect();
    lens.sort_unstable();
    // The longest length every part can keep: parts shorter than it stay
    // whole, the others share what is left equally.
    let mut level = usize::MAX;
    let mut used = 0;
    for (n, &len) in lens.iter().enumerate() {
        let left = lens.len() - n;
        if used + len * left > room {
            level = (room - used) / left;
            break;
        }
        used += len;
    }
    let level = level.max(CARD_SECTION_MIN_CHARS);
    let mut text = lead;
    let mut sections = Vec::new();
    for (link, heading, part) in parts {
        if text.len() >= CARD_ARTICLE_BYTES {
            break;
        }
        text.push('\n');
        sections.push(Section {
            link: link.clone(),
            heading: heading.clone(),
            start: u32::try_from(text.len()).unwrap_or(u32::MAX),
        });
        if part.len() <= level {
            text.push_str(part);
        } else {
            text.push_str(&cap(part, level));
        }
    }
    (text, sections)
}

/// An article's front matter keywords and the synonyms of words in it
/// (`plain` is its body's plain text).
fn article_keywords(
    article: &crate::model::site::Article,
    plain: &str,
    synonyms: &dyn Fn(&str) -> String,
) -> String {
    let meta = &article.meta;
    let mut keywords = meta.keywords.join(" ");
    let extra = synonyms(&format!("{} {} {}", meta.title, meta.description, plain));
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

/// The first `max` characters of `text`; when it goes on, cut after its
/// last whole word among them (unless that drops more than 40 characters)
/// and ended with `…`, so that no excerpt ends in half a word.
fn cap(text: &str, max: usize) -> String {
    let Some((i, _)) = text.char_indices().nth(max) else {
        return text.to_owned();
    };
    let mut end = i;
    if !text[i..].starts_with(char::is_whitespace) {
        if let Some(space) = text[..i].rfind(char::is_whitespace) {
            if text[space..i].chars().count() <= 40 {
                end = space;
            }
        }
    }
    format!("{}…", text[..end].trim_end())
}

#[cfg(test)]
mod cap_tests {
    use super::cap;

    #[test]
    fn card_texts_are_cut_between_words_with_an_ellipsis() {
        assert_eq!(cap("short", 10), "short");
        assert_eq!(cap("Blocking stops them", 11), "Blocking…");
        assert_eq!(cap("one two", 4), "one…");
        assert_eq!(cap("密码重置帐户", 4), "密码重置…");
    }
}

#[cfg(test)]
mod kept_plain_tests {
    use super::*;
    use crate::base::diagnostic::Report;
    use crate::config::Config;
    use crate::load::{load, LoadOptions};

    fn all(source: &SiteDocuments<'_>) -> Vec<String> {
        let mut out = Vec::new();
        for page in 0..writer::Source::pages(source) {
            writer::Source::documents(source, page, &mut out);
        }
        out.iter().map(|d| format!("{d:?}")).collect()
    }

    fn kept(source: &SiteDocuments<'_>) -> usize {
        source
            .plain
            .iter()
            .filter(|slot| slot.lock().is_ok_and(|kept| kept.is_some()))
            .count()
    }

    /// The plain texts kept by the hashing pass give the index's pass the
    /// same documents, packed texts or not, and are taken by it.
    #[test]
    fn kept_plain_texts_give_the_same_documents_and_are_taken() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
        let (config, _, _) = Config::load(&root).expect("book.toml");
        let config = config.expect("a valid book.toml");
        for pack_texts in [false, true] {
            let options = LoadOptions {
                pack_texts,
                ..LoadOptions::default()
            };
            let site = load(&root, config.clone(), options, &mut Report::default());
            let mut source = SiteDocuments::new(&site, None, "Contact us");
            let made = all(&source);
            assert_eq!(kept(&source), 0, "nothing kept unless asked");
            source.keep_plain_texts(true);
            let hashed = all(&source);
            let articles = site.articles.len() + site.sections.len() - 1;
            assert_eq!(kept(&source), articles, "every page with a body kept");
            source.keep_plain_texts(false);
            let indexed = all(&source);
            assert_eq!(kept(&source), 0, "the second pass takes them");
            assert_eq!(hashed, made);
            assert_eq!(indexed, made);
        }
    }
}
