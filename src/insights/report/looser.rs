//! The search engine on today's content, for what a query would find if it
//! were looser. Each language's index is built in memory the way the live
//! preview builds it (`index::input`, then `helpbook_search::writer`) and
//! searched with the same engine readers run in the browser.
//!
//! A query is loosened word by word: a word the index knows (as written,
//! or as the engine stems it) stays; a word it does not know is replaced
//! by the index's word a typo away (1 edit for words of 4–5 letters, 2 for
//! longer ones of about the same length, starting with the same letter as
//! the engine assumes; the
//! most frequent on a tie), which is also the synonym a
//! writer could add; a word with no near miss is dropped. The engine then
//! runs the looser query, falling back to pages with any of its words as
//! it always does.

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, BTreeSet};

use helpbook_search::engine::{Attempt, Engine, Hit, Request};
use helpbook_search::writer;

use crate::base::did_you_mean::edit_distance_within;
use crate::model::site::Site;

use super::content::{page_path, Content};

/// Most attempts one search may take (each loads the pages it asks for).
const MAX_ROUNDS: usize = 16;

/// One language's index, in memory.
pub struct SiteIndex {
    engine: Engine,
    /// The packed pages, gzipped, loaded into the engine when asked for.
    pages: Vec<Vec<u8>>,
    loaded: RefCell<BTreeSet<u32>>,
    /// The site's base path: result URLs are relative to it.
    base_path: String,
    /// Every word of the indexed text, folded: its most common spelling
    /// and how many documents have it.
    words: BTreeMap<String, (String, u32)>,
    /// `[output.html.search] synonyms`.
    synonyms: Vec<Vec<String>>,
}

/// The indexes of a help center's languages, each built the first time
/// it is needed.
pub struct Indexes<'a> {
    content: &'a Content,
    built: Vec<OnceCell<Option<SiteIndex>>>,
}

impl<'a> Indexes<'a> {
    /// No index built yet.
    pub fn new(content: &'a Content) -> Indexes<'a> {
        Indexes {
            content,
            built: content.sites.iter().map(|_| OnceCell::new()).collect(),
        }
    }

    /// The index of the site in `language` (`None` when the help center
    /// has no such language, or its index could not be built).
    pub fn of(&self, language: &str) -> Option<&SiteIndex> {
        let site = self.content.site_of(language)?;
        self.built[site]
            .get_or_init(|| {
                SiteIndex::build(
                    &self.content.sites[site],
                    (site > 0).then(|| &self.content.sites[0]),
                    &self.content.contact_titles[site],
                )
                .ok()
            })
            .as_ref()
    }
}

/// What a looser query finds.
#[derive(Debug, Default)]
pub struct Loosened {
    /// The URL paths of the best results, best first.
    pub urls: Vec<String>,
    /// Near misses: (the query's word, the index's word).
    pub near_misses: Vec<(String, String)>,
}

impl SiteIndex {
    /// Builds `site`'s index as a build does (`original`: the original
    /// language's site, for a translation; `contact_title` names its
    /// contact page).
    pub fn build(
        site: &Site,
        original: Option<&Site>,
        contact_title: &str,
    ) -> Result<SiteIndex, String> {
        let input = crate::index::input(site, original, contact_title);
        let words = vocabulary(&input.documents);
        let packed = writer::build(&input).map_err(|e| e.to_string())?;
        let hot = writer::gunzip(&packed.hot).map_err(|e| e.to_string())?;
        let engine = Engine::open(&hot).map_err(|e| e.to_string())?;
        Ok(SiteIndex {
            engine,
            pages: packed.pages,
            loaded: RefCell::new(BTreeSet::new()),
            base_path: site.config.base_path.clone(),
            words,
            synonyms: site.config.synonyms.clone(),
        })
    }

    /// Runs `text` as a reader would, to the end: the best `limit` page
    /// results.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<Hit>, String> {
        let request = Request {
            text: text.to_string(),
            category: None,
            limit,
        };
        for _ in 0..MAX_ROUNDS {
            match self.engine.search(&request).map_err(|e| e.to_string())? {
                Attempt::Done(results) => return Ok(results.hits),
                Attempt::NeedPages(pages) => {
                    for page in pages {
                        self.load(page)?;
                    }
                }
            }
        }
        Err("the search kept asking for more pages".into())
    }

    /// Gives the engine page `page` of the index.
    fn load(&self, page: u32) -> Result<(), String> {
        if !self.loaded.borrow_mut().insert(page) {
            return Ok(());
        }
        let stored = self
            .pages
            .get(page as usize)
            .ok_or_else(|| format!("the search asked for page {page}, which does not exist"))?;
        let bytes = writer::gunzip(stored).map_err(|e| e.to_string())?;
        if self.engine.insert_page(page, bytes) {
            Ok(())
        } else {
            Err(format!("page {page} does not fit the index"))
        }
    }

    /// The URL path of a result (its URL is relative to the site's).
    pub fn url_of(&self, relative: &str) -> String {
        format!("{}{}", self.base_path, relative)
    }

    /// Whether the index has `word` as written or as the engine stems it.
    fn knows(&self, word: &str) -> bool {
        self.words.contains_key(&fold(word))
            || self
                .search(&format!("\"{word}\""), 1)
                .is_ok_and(|hits| !hits.is_empty())
    }

    /// The index's word a typo away from `word`, if any.
    fn near_miss(&self, word: &str) -> Option<String> {
        let folded = fold(word);
        let allowed = match folded.chars().count() {
            0..=3 => return None,
            4..=5 => 1,
            _ => 2,
        };
        let first = folded.chars().next()?;
        self.words
            .iter()
            .filter(|(w, _)| w.starts_with(first) && w.chars().count() >= 3)
            .filter_map(|(w, (spelling, documents))| {
                let distance = edit_distance_within(&folded, w, allowed)?;
                // Two edits only between words of about the same length
                // (`paswrod` → `password`, not `crashes` → `cases`).
                if distance == 2 && folded.len().abs_diff(w.len()) > 1 {
                    return None;
                }
                Some((distance, std::cmp::Reverse(*documents), spelling))
            })
            .min()
            .map(|(_, _, spelling)| spelling.clone())
    }

    /// Whether a synonym group already holds both words.
    fn already_synonyms(&self, a: &str, b: &str) -> bool {
        self.synonyms
            .iter()
            .any(|group| group.iter().any(|w| w == a) && group.iter().any(|w| w == b))
    }

    /// What `query` finds when loosened (see the module's comment): the
    /// URL paths of the best `limit` results and the near misses no
    /// synonym covers yet.
    pub fn loosen(&self, query: &str, limit: usize) -> Loosened {
        let mut out = Loosened::default();
        let mut words = Vec::new();
        for word in query_words(query) {
            if self.knows(&word) {
                words.push(word);
            } else if let Some(near) = self.near_miss(&word) {
                if !self.already_synonyms(&word, &near) {
                    out.near_misses.push((word.clone(), near.clone()));
                }
                words.push(near);
            }
        }
        if words.is_empty() {
            return out;
        }
        if let Ok(hits) = self.search(&words.join(" "), limit) {
            out.urls = hits.iter().map(|h| self.url_of(&h.url)).collect();
        }
        out
    }

    /// The rank (from 1) at which `query` finds the page `url` today
    /// (its own result, or one of its sections), within `limit`.
    pub fn rank_of(&self, query: &str, url: &str, limit: usize) -> Option<usize> {
        let hits = self.search(query, limit).ok()?;
        let same = |relative: &str| page_path(&self.url_of(relative)) == url;
        hits.iter()
            .position(|h| same(&h.url) || h.sections.iter().any(|s| same(&s.url)))
            .map(|i| i + 1)
    }
}

/// The words of a query: runs of letters and digits, lower-cased
/// (placeholders such as `[email]` are not words).
pub fn query_words(query: &str) -> Vec<String> {
    let text = query.replace("[email]", " ").replace("[phone]", " ");
    let mut words: Vec<String> = Vec::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// A word folded as the index folds it: lower-case, accents and other
/// letters transliterated to ASCII (`contraseña` → `contrasena`).
fn fold(word: &str) -> String {
    let folded = slug::slugify(word);
    if folded.is_empty() {
        word.to_lowercase()
    } else {
        folded
    }
}

/// Every word of the documents' text, folded, with its most common
/// spelling and how many documents have it.
fn vocabulary(documents: &[writer::Document]) -> BTreeMap<String, (String, u32)> {
    let mut spellings: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    let mut documents_with: BTreeMap<String, u32> = BTreeMap::new();
    for document in documents {
        let mut seen = BTreeSet::new();
        for text in [
            document.title.as_str(),
            document.headings.as_str(),
            document.description.as_str(),
            document.keywords.as_str(),
            document.body.as_str(),
        ] {
            for word in text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                let lower = word.to_lowercase();
                let folded = fold(&lower);
                *spellings
                    .entry(folded.clone())
                    .or_default()
                    .entry(lower)
                    .or_default() += 1;
                seen.insert(folded);
            }
        }
        for word in seen {
            *documents_with.entry(word).or_default() += 1;
        }
    }
    spellings
        .into_iter()
        .map(|(folded, forms)| {
            let spelling = forms
                .iter()
                .max_by_key(|(form, n)| (**n, std::cmp::Reverse((*form).clone())))
                .map(|(form, _)| form.clone())
                .unwrap_or_else(|| folded.clone());
            let documents = documents_with.get(&folded).copied().unwrap_or(0);
            (folded, (spelling, documents))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_words_leave_placeholders_out() {
        assert_eq!(query_words("Reset  PASSWORD reset"), ["reset", "password"]);
        assert_eq!(query_words("[email] login"), ["login"]);
        assert_eq!(query_words("change email"), ["change", "email"]);
    }

    #[test]
    fn folding_matches_the_index() {
        assert_eq!(fold("Contraseña"), "contrasena");
        assert_eq!(fold("2fa"), "2fa");
    }
}
