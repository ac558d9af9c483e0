//! The reference scorer (native only): the query tree built with tantivy's
//! `BooleanQuery`, `DisjunctionMaxQuery`, `BoostQuery`, `ConstScoreQuery`,
//! `TermQuery` and `PhraseQuery` and run by its `Searcher` with `TopDocs`
//! and `Count`, as the engine scored before it had its own evaluator
//! (`evaluate`). The differential tests check that both find the same
//! documents, in the same order, with the same scores; the browser's
//! engine leaves this machinery out.

use std::collections::BTreeSet;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, ReloadPolicy, Searcher, Term};

use super::error::Error;
use super::expand::Variant;
use super::results::Mode;
use super::term_query::IndexedTermQuery;
use super::tree::{
    documents_limit, Scored, COORDINATION, FILLER_WEIGHT, TIE_BREAKER, TITLE_BONUS,
    TITLE_WORDS_BONUS,
};
use crate::query::{self, Plan};
use crate::schema::{Fields, TEXT_FIELDS};

/// Stage 3 with tantivy's queries and collectors (see `tree::score`), run
/// by a searcher of `index`.
pub(super) fn score(
    index: &Index,
    fields: &Fields,
    plan: &Plan,
    category: Option<&str>,
    limit: usize,
    variants: &[Vec<(usize, Variant)>],
) -> Result<Option<Scored>, Error> {
    let title = title_bonus(plan, variants);
    let words = word_queries(plan, variants);
    let phrases: Vec<Box<dyn Query>> = plan
        .phrases
        .iter()
        .map(|phrase| phrase_query(fields, phrase))
        .collect();
    if words.is_empty() && phrases.is_empty() {
        return Ok(None);
    }
    let filter = category.map(|key| category_filter(fields, key));
    let build = |occur: Occur| {
        let query = combine(&words, &phrases, filter.as_deref(), occur);
        match &title {
            Some(title) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (Occur::Should, title.box_clone()),
            ])) as Box<dyn Query>,
            None => query,
        }
    };
    let limit = documents_limit(limit);
    let query = build(Occur::Must);
    let searcher: Searcher = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?
        .searcher();
    let search = |query: &dyn Query| {
        searcher.search(query, &(TopDocs::with_limit(limit).order_by_score(), Count))
    };
    let (top, mut count) = search(query.as_ref())?;
    let mut top: Vec<(f32, u32)> = top.into_iter().map(|(s, a)| (s, a.doc_id)).collect();
    let mut mode = Mode::All;
    let all = top.len();
    if top.len() < limit && words.len() + phrases.len() > 1 {
        let any = build(Occur::Should);
        let (more, more_count) = search(any.as_ref())?;
        if top.is_empty() {
            mode = Mode::Any;
            count = more_count;
        }
        let seen: BTreeSet<_> = top.iter().map(|(_, d)| *d).collect();
        top.extend(
            more.into_iter()
                .map(|(s, a)| (s, a.doc_id))
                .filter(|(_, d)| !seen.contains(d)),
        );
        top.truncate(limit);
    }
    Ok(Some(Scored {
        top,
        all,
        count,
        mode,
    }))
}

/// A quoted phrase in any text field (the best field counts).
fn phrase_query(fields: &Fields, phrase: &query::Phrase) -> Box<dyn Query> {
    let disjuncts: Vec<Box<dyn Query>> = fields
        .text
        .iter()
        .zip(TEXT_FIELDS)
        .map(|(&field, (_, weight))| {
            let terms: Vec<(usize, Term)> = phrase
                .iter()
                .map(|(pos, stem)| (*pos, Term::from_field_text(field, stem)))
                .collect();
            Box::new(BoostQuery::new(
                Box::new(PhraseQuery::new_with_offset(terms)),
                weight,
            )) as Box<dyn Query>
        })
        .collect();
    Box::new(DisjunctionMaxQuery::with_tie_breaker(
        disjuncts,
        TIE_BREAKER,
    ))
}

/// The category filter, which adds nothing to scores.
fn category_filter(fields: &Fields, key: &str) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(
        Box::new(IndexedTermQuery(TermQuery::new(
            Term::from_field_text(fields.category, key),
            IndexRecordOption::Basic,
        ))),
        0.0,
    ))
}

/// The title bonuses of `tree::title_bonus`.
fn title_bonus(plan: &Plan, variants: &[Vec<(usize, Variant)>]) -> Option<Box<dyn Query>> {
    let needed = plan.words.iter().filter(|w| !w.optional).count();
    if needed < 2 {
        return None;
    }
    let each_bonus = TITLE_WORDS_BONUS / needed as f32;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut bonus: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut shares: Vec<Box<dyn Query>> = Vec::new();
    let mut all = true;
    for (per_word, word) in variants.iter().zip(&plan.words) {
        if word.optional || per_word.is_empty() {
            continue;
        }
        let in_title: Vec<&Variant> = per_word
            .iter()
            .filter(|(field, _)| *field == 0)
            .map(|(_, v)| v)
            .collect();
        if in_title.is_empty() {
            all = false;
            continue;
        }
        clauses.push((
            Occur::Must,
            Box::new(BooleanQuery::union(
                in_title.iter().map(|v| v.query()).collect(),
            )),
        ));
        let closest: Vec<Box<dyn Query>> = in_title
            .iter()
            .map(|v| {
                let close = (v.weight / TEXT_FIELDS[0].1).min(1.0);
                Box::new(ConstScoreQuery::new(v.query(), each_bonus * close)) as Box<dyn Query>
            })
            .collect();
        shares.push(Box::new(DisjunctionMaxQuery::new(closest)));
    }
    if shares.len() >= 2 {
        bonus.push((
            Occur::Should,
            Box::new(BooleanQuery::union_with_minimum_required_clauses(shares, 2)),
        ));
    }
    if all && clauses.len() >= 2 {
        bonus.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(
                Box::new(BooleanQuery::new(clauses)),
                TITLE_BONUS,
            )),
        ));
    }
    (!bonus.is_empty()).then(|| Box::new(BooleanQuery::new(bonus)) as Box<dyn Query>)
}

/// A word's query, and whether results need it (filler words are
/// optional).
type WordQuery = (bool, Box<dyn Query>);

/// Each word's query: the best of its variants in any field.
fn word_queries(plan: &Plan, variants: &[Vec<(usize, Variant)>]) -> Vec<WordQuery> {
    variants
        .iter()
        .zip(&plan.words)
        .filter(|(v, _)| !v.is_empty())
        .map(|(per_word, word)| {
            let disjuncts: Vec<Box<dyn Query>> = per_word
                .iter()
                .map(|(_, v)| Box::new(BoostQuery::new(v.query(), v.weight)) as Box<dyn Query>)
                .collect();
            let query = Box::new(DisjunctionMaxQuery::with_tie_breaker(
                disjuncts,
                TIE_BREAKER,
            ));
            if word.optional {
                (
                    false,
                    Box::new(BoostQuery::new(query, FILLER_WEIGHT)) as Box<dyn Query>,
                )
            } else {
                (true, query as Box<dyn Query>)
            }
        })
        .collect()
}

/// The words and phrases, every one required (`Occur::Must`) or at least
/// one (`Occur::Should`), within the category filter if any.
fn combine(
    words: &[WordQuery],
    phrases: &[Box<dyn Query>],
    filter: Option<&dyn Query>,
    occur: Occur,
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let required = phrases.iter().map(|q| (true, q));
    for (needed, q) in words.iter().map(|(n, q)| (*n, q)).chain(required) {
        if occur == Occur::Must && needed {
            clauses.push((Occur::Must, q.box_clone()));
        } else if occur == Occur::Must {
            clauses.push((Occur::Should, q.box_clone()));
        } else {
            let found = ConstScoreQuery::new(q.box_clone(), COORDINATION);
            any.push((
                Occur::Should,
                Box::new(BooleanQuery::new(vec![
                    (Occur::Should, q.box_clone()),
                    (Occur::Should, Box::new(found)),
                ])),
            ));
        }
    }
    if !any.is_empty() {
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    if let Some(filter) = filter {
        clauses.push((Occur::Must, filter.box_clone()));
    }
    Box::new(BooleanQuery::new(clauses))
}
