//! Excerpts and titles with the matched words in `<mark>`.
//!
//! A result's text is read with the index's own analyzer (so "Resetting"
//! is found as the stem "reset"), the terms to mark are chosen for that
//! result alone ([`Terms::choose`]), and the excerpt is the window of the
//! text that holds the most of the query's words, with some words of
//! context before the first, cut only between words (or between the
//! characters of a script written without spaces) and with `…` where the
//! text goes on. Without a match the excerpt is the text's lead.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::Index;

use super::error::Error;
use super::matched::{Chosen, Terms};
use crate::card::Card;
use crate::html::escape;
use crate::schema::{is_unspaced, Fields};

/// Characters in an excerpt, not counting the ellipses.
const EXCERPT_CHARS: usize = 160;

/// Characters of context kept before the first marked word, about.
const CONTEXT_CHARS: usize = 40;

/// The ellipsis where an excerpt's text is cut.
const ELLIPSIS: char = '…';

/// Highlights one query's matches in the cards of its results.
pub(super) struct Snippets {
    body: TextAnalyzer,
    title: TextAnalyzer,
    terms: Terms,
}

/// The words of a text as analysed: byte range and term.
type Tokens = Vec<(Range<usize>, String)>;

impl Snippets {
    /// The highlighter of `terms`, in texts analysed as the body field is
    /// and titles as the title field is.
    pub(super) fn new(index: &Index, fields: &Fields, terms: Terms) -> Result<Snippets, Error> {
        Ok(Snippets {
            body: index.tokenizer_for_field(fields.body())?,
            title: index.tokenizer_for_field(fields.title())?,
            terms,
        })
    }

    /// The words of `text` as `analyzer` reads them.
    fn tokens(analyzer: &TextAnalyzer, text: &str) -> Tokens {
        let mut analyzer = analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let token = stream.token();
            if text.get(token.offset_from..token.offset_to).is_some() {
                out.push((token.offset_from..token.offset_to, token.text.clone()));
            }
        }
        out
    }

    /// The terms to mark in `card`'s title, heading and text: for each
    /// word, the closest of its variants the card has.
    pub(super) fn choose(&self, card: &Card) -> Chosen {
        let mut present: BTreeMap<String, usize> = BTreeMap::new();
        let texts = [
            (&self.title, &card.page_title),
            (&self.title, &card.title),
            (&self.body, &card.text),
        ];
        let headings = card.sections.iter().map(|s| (&self.title, &s.heading));
        for (analyzer, text) in texts.into_iter().chain(headings) {
            for (_, term) in Snippets::tokens(analyzer, text) {
                *present.entry(term).or_insert(0) += 1;
            }
        }
        self.terms.choose(&present)
    }

    /// A card's excerpt (HTML): the best window of its text with the
    /// `chosen` terms marked, or the text's lead when none is there.
    pub(super) fn excerpt(&self, card: &Card, chosen: &Chosen) -> String {
        self.excerpt_of(card, 0..card.text.len(), chosen)
    }

    /// The excerpt of `card.text[part]` (a section's text), as
    /// [`Snippets::excerpt`].
    pub(super) fn excerpt_of(&self, card: &Card, part: Range<usize>, chosen: &Chosen) -> String {
        let Some(text) = card.text.get(part) else {
            return String::new();
        };
        let marks: Vec<(Range<usize>, usize)> = Snippets::tokens(&self.body, text)
            .into_iter()
            .filter_map(|(range, term)| chosen.get(&term).map(|&word| (range, word)))
            .collect();
        excerpt(text, &marks, EXCERPT_CHARS)
    }

    /// The query's words (numbers of their `chosen` terms) in `text`, read
    /// as the body field is.
    pub(super) fn words_in(&self, text: &str, chosen: &Chosen) -> BTreeSet<usize> {
        Snippets::word_set(&self.body, text, chosen)
    }

    /// The query's words in `text`, read as the title field is.
    pub(super) fn words_in_title(&self, text: &str, chosen: &Chosen) -> BTreeSet<usize> {
        Snippets::word_set(&self.title, text, chosen)
    }

    /// The query's words (numbers of their `chosen` terms) in `text` as
    /// `analyzer` reads it.
    fn word_set(analyzer: &TextAnalyzer, text: &str, chosen: &Chosen) -> BTreeSet<usize> {
        Snippets::tokens(analyzer, text)
            .into_iter()
            .filter_map(|(_, term)| chosen.get(&term).copied())
            .collect()
    }

    /// What each section of an article's card holds of the query's words
    /// (their `chosen` terms), in its heading and text.
    pub(super) fn sections(&self, card: &Card, chosen: &Chosen) -> Vec<Found> {
        let marks: Vec<(usize, usize)> = Snippets::tokens(&self.body, &card.text)
            .into_iter()
            .filter_map(|(range, term)| chosen.get(&term).map(|&word| (range.start, word)))
            .collect();
        (0..card.sections.len())
            .map(|i| {
                let part = card.section_text(i);
                let inside: Vec<usize> = marks
                    .iter()
                    .filter(|(at, _)| part.contains(at))
                    .map(|&(_, word)| word)
                    .collect();
                let in_heading = self.words_in_title(&card.sections[i].heading, chosen);
                Found {
                    section: i,
                    words: in_heading.union(&inside.iter().copied().collect()).count(),
                    heading_words: in_heading.len(),
                    marks: inside.len(),
                }
            })
            .collect()
    }

    /// The whole title (HTML), with the `chosen` terms marked.
    pub(super) fn title(&self, text: &str, chosen: &Chosen) -> String {
        let marks: Vec<Range<usize>> = Snippets::tokens(&self.title, text)
            .into_iter()
            .filter(|(_, term)| chosen.contains_key(term))
            .map(|(range, _)| range)
            .collect();
        marked(text, 0..text.len(), &marks)
    }
}

/// What one section of an article's card holds of a query's words.
#[derive(Clone, Copy, Debug)]
pub(super) struct Found {
    /// The section's number in the card.
    pub(super) section: usize,
    /// Different words of the query in its heading and text.
    pub(super) words: usize,
    /// Different words of the query in its heading.
    pub(super) heading_words: usize,
    /// Marks in its text.
    pub(super) marks: usize,
}

impl Found {
    /// How well the section matches: more different words, then more of
    /// them in its heading, then more marks.
    pub(super) fn rank(&self) -> (usize, usize, usize) {
        (self.words, self.heading_words, self.marks)
    }
}

/// `text[window]` escaped, with `marks` (sorted byte ranges) in `<mark>`.
fn marked(text: &str, window: Range<usize>, marks: &[Range<usize>]) -> String {
    let mut html = String::with_capacity(window.len() + 16);
    let mut pos = window.start;
    for range in marks {
        if range.start < pos || range.end > window.end {
            continue;
        }
        html.push_str(&escape(&text[pos..range.start]));
        html.push_str("<mark>");
        html.push_str(&escape(&text[range.clone()]));
        html.push_str("</mark>");
        pos = range.end;
    }
    html.push_str(&escape(&text[pos..window.end]));
    html
}

/// Whether a text may be cut at byte `at` (a character boundary): at
/// either end, beside a space, or beside a character of a script written
/// without spaces.
fn is_boundary(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    match (before, after) {
        (None, _) | (_, None) => true,
        (Some(b), Some(a)) => {
            b.is_whitespace() || a.is_whitespace() || is_unspaced(b) || is_unspaced(a)
        }
    }
}

/// The character boundaries of `text[range]`, from `range.start` on.
fn char_starts(text: &str, range: Range<usize>) -> impl DoubleEndedIterator<Item = usize> + '_ {
    let start = range.start;
    text[range.clone()]
        .char_indices()
        .map(move |(i, _)| start + i)
        .chain(std::iter::once(range.end))
}

/// The byte `chars` characters after `from` (or the text's end).
fn advance(text: &str, from: usize, chars: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| from + i)
}

/// The byte `chars` characters before `to` (or 0).
fn retreat(text: &str, to: usize, chars: usize) -> usize {
    if chars == 0 {
        return to;
    }
    text[..to]
        .char_indices()
        .nth_back(chars - 1)
        .map_or(0, |(i, _)| i)
}

/// The last boundary in `lo..=hi`, else the first after `hi`.
fn boundary_back(text: &str, lo: usize, hi: usize) -> usize {
    char_starts(text, lo..hi)
        .rev()
        .find(|&at| is_boundary(text, at))
        .or_else(|| char_starts(text, hi..text.len()).find(|&at| is_boundary(text, at)))
        .unwrap_or(text.len())
}

/// The first boundary in `lo..=hi`, else the last before `lo`.
fn boundary_forward(text: &str, lo: usize, hi: usize) -> usize {
    char_starts(text, lo..hi)
        .find(|&at| is_boundary(text, at))
        .or_else(|| {
            char_starts(text, 0..lo)
                .rev()
                .find(|&at| is_boundary(text, at))
        })
        .unwrap_or(0)
}

/// `text[window]` trimmed, with an ellipsis on each side where the text
/// goes on, and `marks` marked.
fn finish(text: &str, window: Range<usize>, marks: &[Range<usize>]) -> String {
    let slice = &text[window.clone()];
    let start = window.start + (slice.len() - slice.trim_start().len());
    let end = window.end - (slice.len() - slice.trim_end().len());
    if start >= end {
        return String::new();
    }
    let mut html = String::new();
    if !text[..start].trim().is_empty() {
        html.push(ELLIPSIS);
    }
    html.push_str(&marked(text, start..end, marks));
    let rest = text[end..].trim();
    if !rest.is_empty() && !text[..end].ends_with(ELLIPSIS) {
        html.push(ELLIPSIS);
    }
    html
}

/// The excerpt of `text` (HTML) at most `max` characters long (plus
/// ellipses) with `marks` (sorted byte ranges, each with its word's number)
/// marked: the window with the most different words, then the most marks,
/// then the earliest; or the lead when nothing is marked.
fn excerpt(text: &str, marks: &[(Range<usize>, usize)], max: usize) -> String {
    let ranges: Vec<Range<usize>> = marks.iter().map(|(r, _)| r.clone()).collect();
    if text.chars().count() <= max {
        return finish(text, 0..text.len(), &ranges);
    }
    if marks.is_empty() {
        let end = advance(text, 0, max);
        return finish(text, 0..boundary_back(text, advance(text, 0, 1), end), &[]);
    }
    // The best run of marks that fits with room for some context.
    let room = max.saturating_sub(CONTEXT_CHARS).max(max / 2);
    let mut best = (0usize, 0usize, 0usize); // (words, marks, first)
    let mut best_last = 0;
    for first in 0..marks.len() {
        let mut words: Vec<usize> = Vec::new();
        let mut last = first;
        for (j, (range, word)) in marks.iter().enumerate().skip(first) {
            if text[marks[first].0.start..range.end].chars().count() > room {
                break;
            }
            if !words.contains(word) {
                words.push(*word);
            }
            last = j;
        }
        let score = (words.len(), last + 1 - first);
        if score > (best.0, best.1) {
            best = (score.0, score.1, first);
            best_last = last;
        }
    }
    let (first, last) = (marks[best.2].0.clone(), marks[best_last].0.clone());
    // Context before the first mark, as much as the run leaves room for.
    let used = text[first.start..last.end].chars().count();
    let before = (max - used.min(max)).min(CONTEXT_CHARS);
    // From the text's start when the run fits there: no ellipsis for a few words.
    let start = if text[..last.end].chars().count() <= max {
        0
    } else {
        boundary_forward(text, retreat(text, first.start, before), first.start)
    };
    let end = advance(text, start, max).max(last.end);
    let end = if end >= text.len() {
        text.len()
    } else {
        boundary_back(text, last.end, end)
    };
    finish(text, start..end, &ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The marks of `words` (each its own word number) in `text`.
    fn marks_of(text: &str, words: &[&str]) -> Vec<(Range<usize>, usize)> {
        let mut marks: Vec<(Range<usize>, usize)> = Vec::new();
        for (n, word) in words.iter().enumerate() {
            for (at, _) in text.match_indices(word) {
                marks.push((at..at + word.len(), n));
            }
        }
        marks.sort_by_key(|(r, _)| r.start);
        marks
    }

    fn plain(html: &str) -> String {
        html.replace("<mark>", "").replace("</mark>", "")
    }

    #[test]
    fn short_texts_are_whole() {
        assert_eq!(
            excerpt(
                "Reset a password",
                &marks_of("Reset a password", &["Reset"]),
                160
            ),
            "<mark>Reset</mark> a password"
        );
        assert_eq!(excerpt("  short  ", &[], 160), "short");
    }

    #[test]
    fn the_lead_is_cut_between_words() {
        let text = "one two three four five six";
        assert_eq!(excerpt(text, &[], 12), "one two…");
        // A word longer than the room is not cut in two.
        assert_eq!(excerpt("abcdefghijklmnop qr", &[], 5), "abcdefghijklmnop…");
    }

    #[test]
    fn excerpts_start_and_end_at_words_with_ellipses() {
        let text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. \
            Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. \
            To reset your password, open Settings and tap Security. Ut enim ad \
            minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip.";
        let html = excerpt(text, &marks_of(text, &["reset", "password"]), 80);
        assert!(
            html.contains("<mark>reset</mark> your <mark>password</mark>"),
            "{html}"
        );
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        let shown = plain(&html);
        let inner = shown.trim_matches('…');
        assert!(inner.chars().count() <= 80, "{inner}");
        // Every word shown is a whole word of the text.
        let words: Vec<&str> = text.split_whitespace().collect();
        for word in inner.split_whitespace() {
            assert!(words.contains(&word), "{word:?} is cut in {html}");
        }
        // Some context before the first match.
        assert!(!inner.starts_with("reset"), "{html}");
    }

    #[test]
    fn the_window_with_most_words_wins() {
        let text = format!(
            "{} reset once here. {} Then reset the password again.",
            "filler ".repeat(20),
            "more ".repeat(20)
        );
        let html = excerpt(&text, &marks_of(&text, &["reset", "password"]), 60);
        assert!(
            html.contains("<mark>reset</mark> the <mark>password</mark>"),
            "{html}"
        );
    }

    #[test]
    fn unspaced_scripts_are_cut_between_characters() {
        let text = "密码".repeat(60) + "重置" + &"帐户".repeat(60);
        let at = text.find("重置").unwrap_or(0);
        let html = excerpt(&text, &[(at..at + "重置".len(), 0)], 40);
        assert!(html.contains("<mark>重置</mark>"), "{html}");
        assert!(
            plain(&html).trim_matches('…').chars().count() <= 40,
            "{html}"
        );
    }

    #[test]
    fn marked_text_is_escaped() {
        let text = "a <b> & reset";
        let at = text.find("reset").unwrap_or(0);
        assert_eq!(
            marked(text, 0..text.len(), std::slice::from_ref(&(at..at + 5))),
            "a &lt;b&gt; &amp; <mark>reset</mark>"
        );
    }

    #[test]
    fn a_text_cut_at_build_time_keeps_its_one_ellipsis() {
        let text = format!("{} reset end…", "word ".repeat(40));
        let html = excerpt(&text, &marks_of(&text, &["reset"]), 60);
        assert!(html.ends_with("end…") && !html.ends_with("……"), "{html}");
    }
}
