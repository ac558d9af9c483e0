//! Picking the index's common words for the manifest: the stems in enough
//! documents of some text field to be known ([`query::known_threshold`]),
//! the most common first, as many as fit in [`COMMON_WORDS_BYTES`].

use std::collections::HashMap;

use tantivy::Index;

use super::error::Error;
use crate::common_words::CommonWords;
use crate::query;
use crate::schema::Fields;

/// Room for the common words in the hot bundle, front-coded, before
/// compression. Readers' words are mostly the site's common ones; the
/// list costs every first visit its bytes (about a third after
/// compression), and saves each query of a listed word its typo
/// neighbours' dictionary blocks.
pub(super) const COMMON_WORDS_BYTES: usize = 8 << 10;

/// The known stems of `index`'s text fields, most common first (by the
/// most documents of one field that have them), as many as fit in
/// `budget` bytes of the list.
pub(super) fn common_words(
    index: &Index,
    fields: &Fields,
    budget: usize,
) -> Result<CommonWords, Error> {
    let searcher = index.reader()?.searcher();
    let Some(segment) = searcher.segment_readers().first() else {
        return Ok(CommonWords::default());
    };
    let threshold = query::known_threshold(segment.max_doc());
    let mut most: HashMap<Vec<u8>, u32> = HashMap::new();
    for &field in &fields.text {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let documents = stream.value().doc_freq;
            if documents >= threshold {
                let entry = most.entry(stream.key().to_vec()).or_insert(0);
                *entry = (*entry).max(documents);
            }
        }
    }
    let mut ranked: Vec<(u32, String)> = most
        .into_iter()
        .filter_map(|(key, documents)| Some((documents, String::from_utf8(key).ok()?)))
        .collect();
    // Most documents first; ties alphabetically, so the list is the same
    // on every build.
    ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut words = Vec::new();
    let mut bytes = 0;
    for (_, word) in ranked {
        // A word's cost: its bytes and two length prefixes, at most (the
        // front coding only makes it smaller).
        bytes += word.len() + 2;
        if bytes > budget {
            break;
        }
        words.push(word);
    }
    Ok(CommonWords::new(words))
}
