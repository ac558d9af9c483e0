//! What a search returns: page results with their best sections, built
//! from the result cards of the documents found, and their JSON (the same
//! document for the CLI and the browser, through [`crate::json`]).

use serde::Serialize;

use super::matched::{Chosen, Coverage};
use super::snippet::{Found, Snippets};
use crate::card::{Card, Kind};

/// Sections listed under a page result.
const MAX_SECTIONS: usize = 3;

/// Whether every word had to match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Every word matched.
    All,
    /// No page had every word; pages with any of them.
    Any,
}

/// A section listed under a page result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubHit {
    /// URL with the heading's anchor.
    pub url: String,
    /// The heading.
    pub title: String,
    /// The heading with matched words in `<mark>` (HTML, escaped).
    pub title_html: String,
    /// Highlighted excerpt (HTML, escaped).
    pub excerpt_html: String,
}

/// One page in the results. The fields are in the order of its JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// Where to go: the page, or the best-matching section of it.
    pub url: String,
    /// The page's title.
    pub title: String,
    /// The title with matched words in `<mark>` (HTML, escaped).
    pub title_html: String,
    /// The best-matching section's heading, when the hit is a section.
    pub section: Option<String>,
    /// That heading with matched words in `<mark>` (HTML, escaped).
    pub section_html: Option<String>,
    /// What the page is.
    pub kind: Kind,
    /// Category path.
    pub breadcrumb: String,
    /// Top-level category key.
    pub category: String,
    /// The page's language when it is not the index's: an article not yet
    /// translated, found from a translation's search in the original's
    /// language (`en`); `None` for the index's own pages.
    pub language: Option<String>,
    /// Highlighted excerpt (HTML, escaped).
    pub excerpt_html: String,
    /// The best document's score (four decimals in the JSON).
    pub score: f32,
    /// Other matching sections of the page.
    pub sections: Vec<SubHit>,
    /// Whether the page's best document has every word (and phrase) of
    /// the query. Pages with every word come first; when they are few,
    /// pages with only some of them follow (see [`Results::mode`]).
    pub all_words: bool,
    /// The words of the query (as typed, lower-cased) that the page's best
    /// document does not contain; empty when it has them all.
    pub missing_words: Vec<String>,
    /// The index terms marked in the title and excerpt (stems): for each
    /// word, the closest of its variants the result has, so a completion
    /// or typo variant is marked only where it is what matched.
    pub matched_terms: Vec<String>,
}

/// A finished search.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Results {
    /// `all` when some documents have every word the index knows (their
    /// pages come first), `any` when none has and the results have some of
    /// the words. Whether a page has every word the reader typed, one
    /// unknown to the index included, is its hit's `all_words`.
    pub mode: Mode,
    /// Matching documents (articles, categories, troubleshooter steps).
    pub matched_documents: usize,
    /// Page results, best first.
    #[serde(rename = "results")]
    pub hits: Vec<Hit>,
}

impl Results {
    /// No results.
    pub(super) fn empty() -> Results {
        Results {
            mode: Mode::All,
            matched_documents: 0,
            hits: Vec::new(),
        }
    }

    /// The results as JSON (the same document for the CLI and the browser).
    pub fn to_json(&self) -> String {
        crate::json::to_string(self)
    }
}

/// One page result per site page found, from its best document's card
/// (`cards`, best page first): an article's sections holding the query's
/// words, or a troubleshooter's steps, found on the card are listed as its
/// sections. `coverage[i]` is what page `i`'s best document matched.
pub(super) fn hits(
    cards: Vec<(f32, Card)>,
    coverage: Vec<Coverage>,
    snippets: &Snippets,
) -> Vec<Hit> {
    let mut coverage = coverage.into_iter();
    cards
        .into_iter()
        .map(|(score, card)| hit(score, card, coverage.next().unwrap_or_default(), snippets))
        .collect()
}

/// Where a page result leads: its URL, the section it is (if any), its
/// excerpt and the sections listed under it.
struct Located {
    url: String,
    section: Option<String>,
    excerpt_html: String,
    sections: Vec<SubHit>,
}

/// Where an article's result leads, from its card (or a troubleshooter's
/// first step's, whose sections are the other steps): to its section with
/// the most of the query's words when that section has more of them than
/// the top of the page (its title, description and lead) and a heading
/// with one of them (any heading when the top has none), with the excerpt
/// from that section; its other sections with any of the words are listed
/// under it, best first.
fn in_sections(card: &Card, chosen: &Chosen, snippets: &Snippets) -> Located {
    let found = snippets.sections(card, chosen);
    // The top of the page: its title, and its text before the first
    // section (the description and lead).
    let lead = card.lead_text();
    let lead_words = snippets.words_in(card.text.get(lead.clone()).unwrap_or_default(), chosen);
    let on_top = snippets
        .words_in_title(&card.page_title, chosen)
        .union(&lead_words)
        .count();
    let mut ranked: Vec<&Found> = found.iter().filter(|f| f.words > 0).collect();
    ranked.sort_by(|a, b| b.rank().cmp(&a.rank()).then(a.section.cmp(&b.section)));
    let first = ranked.first().copied();
    // A section whose heading names a word of the query, or any when the
    // top of the page has none of them, and more of them than the top.
    let best = first.filter(|f| f.words > on_top && (f.heading_words > 0 || on_top == 0));
    let section_url = |i: usize| format!("{}{}", card.url, card.sections[i].link);
    let (url, section, excerpt_html) = match best {
        Some(f) => (
            section_url(f.section),
            Some(card.sections[f.section].heading.clone()),
            snippets.excerpt_of(card, card.section_text(f.section), chosen),
        ),
        None => {
            // The lead (the description first) when it has a word of the
            // query, else the best section's text.
            let part = match first {
                Some(f) if lead_words.is_empty() => card.section_text(f.section),
                _ => lead,
            };
            (
                card.url.clone(),
                None,
                snippets.excerpt_of(card, part, chosen),
            )
        }
    };
    let sections = ranked
        .iter()
        .filter(|f| best.is_none_or(|b| b.section != f.section))
        .filter(|f| card.sections[f.section].heading != card.page_title)
        .take(MAX_SECTIONS)
        .map(|f| SubHit {
            url: section_url(f.section),
            title: card.sections[f.section].heading.clone(),
            title_html: snippets.title(&card.sections[f.section].heading, chosen),
            excerpt_html: snippets.excerpt_of(card, card.section_text(f.section), chosen),
        })
        .collect();
    Located {
        url,
        section,
        excerpt_html,
        sections,
    }
}

/// The page result of its best card.
fn hit(score: f32, card: Card, covered: Coverage, snippets: &Snippets) -> Hit {
    let chosen: Chosen = snippets.choose(&card);
    let located = if card.sections.is_empty() {
        // A step of a troubleshooter (whose first step stands for the
        // whole tree and has the tree's title).
        let section =
            (card.kind == Kind::Step && card.title != card.page_title).then(|| card.title.clone());
        Located {
            url: card.url.clone(),
            section,
            excerpt_html: snippets.excerpt(&card, &chosen),
            sections: Vec::new(),
        }
    } else {
        in_sections(&card, &chosen, snippets)
    };
    Hit {
        excerpt_html: located.excerpt_html,
        title_html: snippets.title(&card.page_title, &chosen),
        section_html: located
            .section
            .as_deref()
            .map(|section| snippets.title(section, &chosen)),
        url: located.url,
        title: card.page_title,
        section: located.section,
        kind: card.kind,
        breadcrumb: card.breadcrumb,
        category: card.category,
        language: (!card.language.is_empty()).then_some(card.language),
        sections: located.sections,
        score,
        all_words: covered.all_words,
        missing_words: covered.missing,
        matched_terms: chosen.into_keys().collect(),
    }
}
