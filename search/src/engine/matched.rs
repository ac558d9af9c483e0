//! Which words of the query a result matched, and with which of their
//! variants: what its count, its "only some of your words" note and its
//! highlights tell the reader.
//!
//! A word expands to many terms (its stem, typo variants, completions of the
//! word being typed); a result matched some of them. Its highlights show,
//! for each word, only the best variant the result itself holds (the exact
//! stem before a completion, a completion before a typo), so "reset" marks
//! "reset" in a page that has it, never "restrict" or "resend" beside it.

use std::collections::BTreeMap;
use std::sync::Arc;

use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, InvertedIndexReader, Term};

use super::error::Error;
use super::expand::Variant;
use crate::query::Plan;
use crate::schema::TEXT_FIELDS;

/// One word of the query and the terms it expanded to.
struct WordTerms {
    /// The word as typed (lower-cased and folded).
    surface: String,
    /// A filler word: a result without it still has all the words.
    optional: bool,
    /// Each variant's terms (several for a synonym phrase, all needed) and
    /// field (its index in `Fields::text`).
    terms: Vec<(usize, Vec<Term>)>,
    /// Each term's text and how close it is to the word: 1 for the exact
    /// stem, less for completions and typos (the variant's weight over its
    /// field's weight; the best over the fields).
    closeness: BTreeMap<String, f32>,
}

/// The words of a query with their variants, and the stems of its phrases.
pub(super) struct Terms {
    words: Vec<WordTerms>,
    phrase_stems: Vec<String>,
}

/// What one result (its best document) matched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Coverage {
    /// Every word and phrase of the query.
    pub(super) all_words: bool,
    /// The words it does not contain, as typed, in the query's order.
    pub(super) missing: Vec<String>,
}

/// The terms to highlight in one result: term text → the number of the
/// query word (or phrase word) it stands for.
pub(super) type Chosen = BTreeMap<String, usize>;

impl Terms {
    /// The terms of `plan`'s words (`variants[i]` are the terms of
    /// `plan.words[i]`, as expansion found them) and of its phrases.
    pub(super) fn new(plan: &Plan, variants: &[Vec<(usize, Variant)>]) -> Terms {
        let words = plan
            .words
            .iter()
            .zip(variants)
            .map(|(word, variants)| {
                let mut closeness: BTreeMap<String, f32> = BTreeMap::new();
                let mut terms = Vec::with_capacity(variants.len());
                for (field, variant) in variants {
                    let field_weight = TEXT_FIELDS.get(*field).map_or(1.0, |(_, w)| *w);
                    let close = (variant.weight / field_weight).min(1.0);
                    for (_, term) in variant.terms() {
                        if let Some(text) = term.value().as_str() {
                            let entry = closeness.entry(text.to_owned()).or_insert(0.0);
                            *entry = entry.max(close);
                        }
                    }
                    terms.push((*field, variant.terms().map(|(_, t)| t).collect()));
                }
                WordTerms {
                    surface: word.surface.clone(),
                    optional: word.optional,
                    terms,
                    closeness,
                }
            })
            .collect();
        let mut phrase_stems: Vec<String> = plan
            .phrases
            .iter()
            .flatten()
            .map(|(_, stem)| stem.clone())
            .collect();
        phrase_stems.sort();
        phrase_stems.dedup();
        Terms {
            words,
            phrase_stems,
        }
    }

    /// What each of `docs` matched (in their order), from the postings of
    /// every variant (read already for scoring). `in_all[i]`: `docs[i]` was
    /// found with every word and phrase required.
    pub(super) fn coverage(
        &self,
        inverted: &[Arc<InvertedIndexReader>],
        docs: &[u32],
        in_all: &[bool],
    ) -> Result<Vec<Coverage>, Error> {
        // Postings are read in doc order, each list once.
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by_key(|&i| docs[i]);
        let mut matched = vec![vec![false; self.words.len()]; docs.len()];
        for (w, word) in self.words.iter().enumerate() {
            for (field, variant) in &word.terms {
                let Some(inv) = inverted.get(*field) else {
                    continue;
                };
                // A document has the variant when it has each of its terms.
                let mut has_all = vec![true; docs.len()];
                for term in variant {
                    let mut has = vec![false; docs.len()];
                    if let Some(mut postings) = inv.read_postings(term, IndexRecordOption::Basic)? {
                        for &i in &order {
                            if postings.doc() <= docs[i] && postings.seek(docs[i]) == docs[i] {
                                has[i] = true;
                            }
                        }
                    }
                    for (all, one) in has_all.iter_mut().zip(has) {
                        *all &= one;
                    }
                }
                for (i, found) in has_all.into_iter().enumerate() {
                    matched[i][w] |= found;
                }
            }
        }
        Ok(matched
            .into_iter()
            .zip(in_all)
            .map(|(found, &in_all)| {
                let missing: Vec<String> = self
                    .words
                    .iter()
                    .zip(&found)
                    .filter(|(word, &found)| !found && !word.optional)
                    .map(|(word, _)| word.surface.clone())
                    .collect();
                Coverage {
                    all_words: missing.is_empty() && (self.phrase_stems.is_empty() || in_all),
                    missing,
                }
            })
            .collect())
    }

    /// The terms to highlight in a result whose text has the terms
    /// `present` (term → occurrences): for each word, its closest variant
    /// there (more occurrences, then the smaller term, break ties); every
    /// phrase word there.
    pub(super) fn choose(&self, present: &BTreeMap<String, usize>) -> Chosen {
        let mut chosen = Chosen::new();
        for (w, word) in self.words.iter().enumerate() {
            let best = word
                .closeness
                .iter()
                .filter_map(|(term, &close)| present.get(term).map(|&n| (term, close, n)))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(a.2.cmp(&b.2)).then(b.0.cmp(a.0)));
            if let Some((term, _, _)) = best {
                chosen.entry(term.clone()).or_insert(w);
            }
        }
        for (p, stem) in self.phrase_stems.iter().enumerate() {
            if present.contains_key(stem) {
                chosen.entry(stem.clone()).or_insert(self.words.len() + p);
            }
        }
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[(&str, &[(&str, f32)])]) -> Terms {
        Terms {
            words: words
                .iter()
                .map(|(surface, variants)| WordTerms {
                    surface: (*surface).to_owned(),
                    optional: false,
                    terms: Vec::new(),
                    closeness: variants
                        .iter()
                        .map(|(t, c)| ((*t).to_owned(), *c))
                        .collect(),
                })
                .collect(),
            phrase_stems: vec!["two".into()],
        }
    }

    fn present(words: &[(&str, usize)]) -> BTreeMap<String, usize> {
        words.iter().map(|(w, n)| ((*w).to_owned(), *n)).collect()
    }

    #[test]
    fn the_closest_variant_a_result_has_is_chosen() {
        let t = terms(&[(
            "reset",
            &[("reset", 1.0), ("resend", 0.4), ("restrict", 0.24)],
        )]);
        // The exact stem wins over completions and typos the text also has.
        let both = t.choose(&present(&[("reset", 1), ("resend", 3), ("restrict", 2)]));
        assert_eq!(both.keys().collect::<Vec<_>>(), ["reset"]);
        // Without it, the variant the result matched with is marked.
        let only = t.choose(&present(&[("restrict", 2), ("resend", 1)]));
        assert_eq!(only.keys().collect::<Vec<_>>(), ["resend"]);
        assert!(t.choose(&present(&[("other", 1)])).is_empty());
    }

    #[test]
    fn one_completion_per_word_and_phrase_words() {
        let t = terms(&[("pass", &[("password", 0.8), ("passport", 0.8)])]);
        let chosen = t.choose(&present(&[("passport", 1), ("password", 2), ("two", 1)]));
        assert_eq!(chosen.keys().collect::<Vec<_>>(), ["password", "two"]);
        assert_eq!(chosen["two"], 1);
        let tie = t.choose(&present(&[("passport", 1), ("password", 1)]));
        assert_eq!(tie.keys().collect::<Vec<_>>(), ["passport"]);
    }
}
