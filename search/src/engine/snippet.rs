//! Excerpts and titles with the matched words in `<mark>`: tantivy's
//! snippet generator for the body, the whole title marked, and the text's
//! lead when no word of the body matched.

use tantivy::query::Query;
use tantivy::snippet::SnippetGenerator;
use tantivy::Searcher;

use crate::card::Card;
use crate::html::escape;
use crate::schema::Fields;

/// Characters in an excerpt.
const EXCERPT_CHARS: usize = 160;

/// Highlights one query's matches in the cards of its results.
pub(super) struct Snippets {
    body: SnippetGenerator,
    title: SnippetGenerator,
}

impl Snippets {
    /// The snippet generators of `query`'s matches in the body and title.
    pub(super) fn new(
        searcher: &Searcher,
        query: &dyn Query,
        fields: &Fields,
    ) -> tantivy::Result<Snippets> {
        let mut body = SnippetGenerator::create(searcher, query, fields.body())?;
        body.set_max_num_chars(EXCERPT_CHARS);
        let mut title = SnippetGenerator::create(searcher, query, fields.title())?;
        title.set_max_num_chars(1000);
        Ok(Snippets { body, title })
    }

    /// A card's excerpt (HTML): the best fragment of its text with the
    /// matched words marked, or the text's start when none matched.
    pub(super) fn excerpt(&self, card: &Card) -> String {
        let snippet = self.body.snippet(&card.text);
        if snippet.highlighted().is_empty() {
            escape(&lead(&card.text, EXCERPT_CHARS))
        } else {
            mark(snippet.to_html())
        }
    }

    /// The whole title (HTML), with the matched words marked (a snippet's
    /// fragment may stop after the last match).
    pub(super) fn title(&self, text: &str) -> String {
        let snippet = self.title.snippet(text);
        let offset = snippet.fragment_range().start;
        let mut html = String::with_capacity(text.len() + 16);
        let mut pos = 0;
        for range in snippet.highlighted() {
            let (start, end) = (range.start + offset, range.end + offset);
            let (Some(before), Some(word)) = (text.get(pos..start), text.get(start..end)) else {
                return escape(text);
            };
            html.push_str(&escape(before));
            html.push_str("<mark>");
            html.push_str(&escape(word));
            html.push_str("</mark>");
            pos = end;
        }
        html.push_str(&escape(text.get(pos..).unwrap_or_default()));
        html
    }
}

/// tantivy's snippets use `<b>`; results use `<mark>`.
fn mark(html: String) -> String {
    html.replace("<b>", "<mark>").replace("</b>", "</mark>")
}

/// The first `max` characters of `text`, cut at a word boundary.
fn lead(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_cuts_at_words() {
        assert_eq!(lead("short", 10), "short");
        assert_eq!(lead("one two three four", 12), "one two…");
    }

    #[test]
    fn mark_replaces_tantivys_bold() {
        assert_eq!(mark("a <b>b</b> c".into()), "a <mark>b</mark> c");
    }
}
