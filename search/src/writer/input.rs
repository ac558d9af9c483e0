//! What the writer indexes: documents ([`Document`], their text shared as
//! [`Text`]) from a [`Source`] one site page at a time, or all in memory
//! ([`Input`], read through [`Runs`]), and the [`Options`] of a build.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::card::Card;
use crate::pack::Category;

/// Text to index, shared with whoever else holds it: a document's body is
/// usually a slice of its page's whole text, which a large site should not
/// copy once per document.
#[derive(Clone, Debug, Default)]
pub struct Text {
    whole: Arc<str>,
    range: Range<usize>,
}

impl Text {
    /// `whole[range]`, or `None` when `range` is not a slice of `whole` on
    /// character boundaries.
    pub fn slice(whole: &Arc<str>, range: Range<usize>) -> Option<Text> {
        whole.get(range.clone())?;
        Some(Text {
            whole: whole.clone(),
            range,
        })
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.whole.get(self.range.clone()).unwrap_or_default()
    }

    /// The same text without leading and trailing white space.
    pub fn trimmed(&self) -> Text {
        let text = self.as_str();
        let start = self.range.start + (text.len() - text.trim_start().len());
        let end = start + text.trim().len();
        Text {
            whole: self.whole.clone(),
            range: start..end,
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<Arc<str>> for Text {
    fn from(whole: Arc<str>) -> Text {
        let range = 0..whole.len();
        Text { whole, range }
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::from(Arc::<str>::from(text))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::from(Arc::<str>::from(text))
    }
}

/// One document to index.
#[derive(Clone, Debug)]
pub struct Document {
    /// What a result for this document shows.
    pub card: Card,
    /// The title as indexed (weighted most); a section's heading goes in
    /// `headings` instead, so page titles outrank section headings.
    pub title: String,
    /// Keys of the document's category and its ancestors (for the filter).
    pub categories: Vec<String>,
    /// Headings inside the document.
    pub headings: String,
    /// The description (articles and categories).
    pub description: String,
    /// Keywords and synonyms.
    pub keywords: String,
    /// The text.
    pub body: Text,
}

/// What to index.
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// Language tag of the content.
    pub language: String,
    /// Leave the built-in synonyms and filler words of the language out
    /// of the index's query vocabulary (see the crate's `synonyms`).
    pub no_builtin_synonyms: bool,
    /// Categories, in display order.
    pub categories: Vec<Category>,
    /// The documents, in a stable order.
    pub documents: Vec<Document>,
    /// Page size (defaults to [`PAGE_SIZE`](super::PAGE_SIZE)).
    pub page_size: Option<u32>,
    /// Indexing threads: `None` uses every core on large inputs (one thread
    /// below a few megabytes of text); `Some(n)` always splits into `n`
    /// parts (tests compare the two).
    pub threads: Option<usize>,
}

impl Input {
    /// The build options of this input (no scratch folder: small inputs
    /// stay in memory).
    pub fn options(&self) -> Options {
        Options {
            language: self.language.clone(),
            no_builtin_synonyms: self.no_builtin_synonyms,
            categories: self.categories.clone(),
            page_size: self.page_size,
            threads: self.threads,
            scratch: None,
            brotli_copy: false,
        }
    }
}

/// Where the documents come from, one site page at a time (an article, a
/// category, a troubleshooter and its steps): a large site
/// is indexed without all its documents existing at once.
pub trait Source: Sync {
    /// How many pages there are.
    fn pages(&self) -> usize;
    /// About how many bytes of text page `page` has (to share the work out
    /// evenly between threads).
    fn weight(&self, page: usize) -> usize;
    /// Appends the documents of page `page`, in order; they share one
    /// `card.page` number, distinct from every other page's.
    fn documents(&self, page: usize, out: &mut Vec<Document>);
}

/// Documents in memory (an [`Input`]'s) as a [`Source`]: their runs of
/// equal `card.page` are the pages.
pub struct Runs<'a> {
    documents: &'a [Document],
    starts: Vec<usize>,
}

impl<'a> Runs<'a> {
    /// The pages of `documents`.
    pub fn of(documents: &'a [Document]) -> Runs<'a> {
        let mut starts: Vec<usize> = (0..documents.len())
            .filter(|&i| i == 0 || documents[i - 1].card.page != documents[i].card.page)
            .collect();
        starts.push(documents.len());
        Runs { documents, starts }
    }

    fn run(&self, page: usize) -> &'a [Document] {
        &self.documents[self.starts[page]..self.starts[page + 1]]
    }
}

impl Source for Runs<'_> {
    fn pages(&self) -> usize {
        self.starts.len() - 1
    }

    fn weight(&self, page: usize) -> usize {
        self.run(page).iter().map(text_bytes).sum()
    }

    fn documents(&self, page: usize, out: &mut Vec<Document>) {
        out.extend_from_slice(self.run(page));
    }
}

/// How to build an index from a [`Source`].
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Language tag of the content.
    pub language: String,
    /// Leave the built-in synonyms and filler words of the language out
    /// of the index's query vocabulary (see the crate's `synonyms`).
    pub no_builtin_synonyms: bool,
    /// Categories, in display order.
    pub categories: Vec<Category>,
    /// Page size (defaults to [`PAGE_SIZE`](super::PAGE_SIZE)).
    pub page_size: Option<u32>,
    /// Indexing threads, as in [`Input::threads`].
    pub threads: Option<usize>,
    /// A folder for the result cards while the index is built, so that a
    /// large site's cards (most of its index) do not wait in memory; the
    /// writer deletes its files there. `None` keeps them in memory.
    pub scratch: Option<PathBuf>,
    /// Make the hot bundle's brotli copy ([`Packed::hot_br`](super::Packed::hot_br)),
    /// while the pages are compressed.
    pub brotli_copy: bool,
}

/// The bytes of text a document indexes.
fn text_bytes(document: &Document) -> usize {
    document.title.len()
        + document.keywords.len()
        + document.headings.len()
        + document.description.len()
        + document.body.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_text_slices_and_trims() {
        let whole: Arc<str> = Arc::from("  intro  \n  Section text.  ");
        let text = Text::slice(&whole, 9..whole.len()).unwrap();
        assert_eq!(text.as_str(), "\n  Section text.  ");
        assert_eq!(text.trimmed().as_str(), "Section text.");
        assert!(Text::slice(&whole, 0..100).is_none());
        let accented: Arc<str> = Arc::from("é");
        assert!(
            Text::slice(&accented, 0..1).is_none(),
            "not a char boundary"
        );
    }
}
