//! Expansion: the dictionary terms a query word matches in one field, its
//! exact stem, completions of the word being typed and, for a word the
//! index does not know, typo variants within the word's distance, each with
//! the weight it scores with.

use std::collections::BTreeMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::termdict::TermStreamer;
use tantivy::{InvertedIndexReader, Term};

use super::error::Error;
use super::evaluate::Node;
use crate::query::{self, Word};
use crate::schema::{Fields, TEXT_FIELDS};

/// Typo and completion variants kept per word and field.
const MAX_EXPANSIONS: usize = 12;

/// Weight of a typo variant at distance 1 and 2, and of a completion.
const TYPO_WEIGHT: [f32; 3] = [1.0, 0.5, 0.3];
const PREFIX_WEIGHT: f32 = 0.8;

/// One term (or phrase) a word expanded to, in one field.
pub(super) struct Variant {
    /// The dictionary term, or the terms of a phrase with their positions.
    terms: Vec<(usize, Term)>,
    /// The field's weight times the variant's (exact 1, typos,
    /// completions and synonyms less).
    pub(super) weight: f32,
}

impl Variant {
    fn term(term: Term, weight: f32) -> Variant {
        Variant {
            terms: vec![(0, term)],
            weight,
        }
    }

    /// The terms to read postings of.
    pub(super) fn terms(&self) -> impl Iterator<Item = (usize, Term)> + '_ {
        self.terms.iter().cloned()
    }

    /// Whether the variant is a phrase (its postings need positions).
    pub(super) fn is_phrase(&self) -> bool {
        self.terms.len() > 1
    }

    /// The node matching the variant (unweighted).
    pub(super) fn node(&self) -> Node {
        if self.is_phrase() {
            Node::Phrase(self.terms.clone())
        } else {
            let term = self.terms.first().map(|(_, t)| t.clone());
            Node::Term(term.unwrap_or_else(|| Term::from_field_text(Field::from_field_id(0), "")))
        }
    }
}

/// The alternatives of `word` (synonyms, or the typed phrase) that `field`
/// (weighted `weight`, dictionary `inv`) holds every word of. The
/// dictionary blocks must be loaded.
pub(super) fn alternatives(
    inv: &InvertedIndexReader,
    field: Field,
    weight: f32,
    word: &Word,
) -> Result<Vec<Variant>, Error> {
    let mut out = Vec::new();
    'alternatives: for alternative in &word.alternatives {
        for (_, stem) in &alternative.stems {
            if inv.terms().get(stem.as_bytes())?.is_none() {
                continue 'alternatives;
            }
        }
        out.push(Variant {
            terms: alternative
                .stems
                .iter()
                .map(|(position, stem)| (*position, Term::from_field_text(field, stem)))
                .collect(),
            weight: weight * alternative.weight,
        });
    }
    Ok(out)
}

/// A word's typo-tolerant or completion automaton, limited to dictionary
/// keys that start like the word (typos in the first letters are rare, and
/// the limit keeps a query from reading most of the dictionary).
pub(super) struct Fuzzy {
    /// The automaton dictionary keys are matched with.
    pub(super) automaton: tantivy::query::DfaWrapper,
    /// The smallest key read.
    pub(super) lower: String,
    /// The key reading stops before, if any.
    pub(super) upper: Option<String>,
    /// Completions of the word being typed (else typo variants).
    pub(super) completion: bool,
}

/// The builder of a [`Fuzzy`]'s dictionary reads: its automaton, between
/// its lower and upper keys (a macro: tantivy does not export the
/// builder's type, so no function can return it).
macro_rules! keys {
    ($fuzzy:expr, $inv:expr) => {{
        let builder = $inv
            .terms()
            .search(&$fuzzy.automaton)
            .ge($fuzzy.lower.as_bytes());
        match &$fuzzy.upper {
            Some(upper) => builder.lt(upper.as_bytes()),
            None => builder,
        }
    }};
}

impl Fuzzy {
    /// The keys of `inv`'s dictionary the automaton matches, between
    /// [`Fuzzy::lower`] and [`Fuzzy::upper`]. Their blocks must be loaded
    /// ([`Fuzzy::load`]).
    pub(super) fn stream<'a>(
        &'a self,
        inv: &'a InvertedIndexReader,
    ) -> std::io::Result<TermStreamer<'a, &'a tantivy::query::DfaWrapper>> {
        keys!(self, inv).into_stream()
    }

    /// Loads the dictionary blocks [`Fuzzy::stream`] reads.
    pub(super) async fn load(&self, inv: &InvertedIndexReader) -> std::io::Result<()> {
        keys!(self, inv).into_stream_async().await.map(drop)
    }
}

/// The terms `word` matches in `field` (whose dictionary `inv` holds): the
/// exact stem first, then the best completions of the word being typed and,
/// for a word the index does not know, typo variants. The dictionary blocks
/// must be loaded (reads are synchronous).
pub(super) fn expand(
    inv: &InvertedIndexReader,
    fields: &Fields,
    field: Field,
    word: &Word,
) -> Result<Vec<Variant>, Error> {
    let weight = TEXT_FIELDS[fields.text.iter().position(|&f| f == field).unwrap_or(4)].1;
    let mut out = Vec::new();
    let exact = inv.terms().get(word.stem.as_bytes())?;
    if exact.is_some() {
        out.push(Variant::term(
            Term::from_field_text(field, &word.stem),
            weight,
        ));
    }
    // (distance, -doc_freq, term) so the best variants come first.
    let mut candidates: BTreeMap<(usize, std::cmp::Reverse<u32>, Vec<u8>), f32> = BTreeMap::new();
    let mut fuzzies = automata(field, word, Pass::Exact)?;
    fuzzies.extend(automata(field, word, Pass::Fuzzy)?);
    for fuzzy in fuzzies {
        let is_prefix = fuzzy.completion;
        if !is_prefix && exact.is_some() {
            // A word this field has is no typo here.
            continue;
        }
        let mut stream = fuzzy.stream(inv)?;
        while stream.advance() {
            let key = stream.key();
            if key == word.stem.as_bytes() {
                continue;
            }
            let Ok(text) = std::str::from_utf8(key) else {
                continue;
            };
            let (rank, factor) = if is_prefix {
                let typed = text.get(..word.surface.len()).unwrap_or(text);
                let d = distance(typed, &word.surface);
                (d, PREFIX_WEIGHT * TYPO_WEIGHT[d.min(2)])
            } else {
                let d = distance(text, &word.stem);
                (d, TYPO_WEIGHT[d.min(2)])
            };
            let doc_freq = stream.value().doc_freq;
            let entry = candidates
                .entry((rank, std::cmp::Reverse(doc_freq), key.to_vec()))
                .or_insert(0.0);
            *entry = entry.max(factor);
        }
    }
    for ((_, _, key), factor) in candidates.into_iter().take(MAX_EXPANSIONS) {
        if let Ok(text) = String::from_utf8(key) {
            out.push(Variant::term(
                Term::from_field_text(field, &text),
                weight * factor,
            ));
        }
    }
    Ok(out)
}

/// How many documents of `inv`'s field have the word (its stem, or for the
/// word being typed the most common dictionary word starting with it). The
/// blocks [`Pass::Exact`] reads must be loaded.
pub(super) fn documents_with(
    inv: &InvertedIndexReader,
    field: Field,
    word: &Word,
) -> Result<u32, Error> {
    let mut most = inv
        .terms()
        .get(word.stem.as_bytes())?
        .map_or(0, |info| info.doc_freq);
    for fuzzy in automata(field, word, Pass::Exact)? {
        let mut stream = fuzzy.stream(inv)?;
        while stream.advance() {
            most = most.max(stream.value().doc_freq);
        }
    }
    Ok(most)
}

/// Optimal string alignment distance (typos with transpositions), on bytes.
fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut previous2: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(previous2[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut previous2, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The first `chars` characters of `word` and the smallest string after all
/// strings starting with them.
fn prefix_range(word: &str, chars: usize) -> (String, Option<String>) {
    let lower: String = word.chars().take(chars).collect();
    let mut upper: Vec<char> = lower.chars().collect();
    while let Some(last) = upper.pop() {
        if let Some(next) = (last as u32 + 1..=0x10FFFF).find_map(char::from_u32) {
            upper.push(next);
            return (lower, Some(upper.into_iter().collect()));
        }
    }
    (lower, None)
}

/// Which dictionary reads a word needs: [`Pass::Exact`] ones always,
/// [`Pass::Fuzzy`] ones only for a word the index does not know (a second
/// round of dictionary reads, for typos only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pass {
    /// Completions that start with the word being typed exactly.
    Exact,
    /// Completions with a typo in them, and typo variants.
    Fuzzy,
}

/// Automata for a word's matches beyond its exact stem in one pass: the
/// completion automaton first (when the word is being typed), then the
/// typo automaton (a [`Pass::Fuzzy`] of a word the index does not know).
pub(super) fn automata(field: Field, word: &Word, pass: Pass) -> Result<Vec<Fuzzy>, Error> {
    let mut out = Vec::new();
    match pass {
        Pass::Exact if word.prefix && !word.surface.is_empty() => {
            let term = Term::from_field_text(field, &word.surface);
            let (lower, upper) = prefix_range(&word.surface, usize::MAX);
            out.push(Fuzzy {
                automaton: FuzzyTermQuery::new_prefix(term, 0, true).automaton()?,
                lower,
                upper,
                completion: true,
            });
        }
        Pass::Exact => {}
        Pass::Fuzzy if word.known => {}
        Pass::Fuzzy => {
            let distance = query::distance_for(word.surface.chars().count()).min(1);
            if word.prefix && distance > 0 {
                let term = Term::from_field_text(field, &word.surface);
                let (lower, upper) = prefix_range(&word.surface, 1);
                out.push(Fuzzy {
                    automaton: FuzzyTermQuery::new_prefix(term, distance, true).automaton()?,
                    lower,
                    upper,
                    completion: true,
                });
            }
            if word.distance > 0 {
                let term = Term::from_field_text(field, &word.stem);
                let (lower, upper) = prefix_range(&word.stem, usize::from(word.distance));
                out.push(Fuzzy {
                    automaton: FuzzyTermQuery::new(term, word.distance, true).automaton()?,
                    lower,
                    upper,
                    completion: false,
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_ranges() {
        assert_eq!(prefix_range("password", 1), ("p".into(), Some("q".into())));
        assert_eq!(
            prefix_range("password", 2),
            ("pa".into(), Some("pb".into()))
        );
        assert_eq!(prefix_range("é", 1), ("é".into(), Some("ê".into())));
        assert_eq!(prefix_range("\u{10FFFF}", 1), ("\u{10FFFF}".into(), None));
    }

    #[test]
    fn typo_distance() {
        assert_eq!(distance("password", "pasword"), 1);
        assert_eq!(distance("account", "acount"), 1);
        assert_eq!(distance("abcd", "abdc"), 1);
        assert_eq!(distance("", "abc"), 3);
    }
}
