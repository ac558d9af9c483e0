//! The reference scorer (native only): the engine's query trees (`tree`)
//! turned into tantivy's `BooleanQuery`, `DisjunctionMaxQuery`,
//! `BoostQuery`, `ConstScoreQuery`, `TermQuery` and `PhraseQuery` and run by
//! its `Searcher` with `TopDocs` and `Count`, as the engine scored before
//! it had its own evaluator (`evaluate`). The differential tests check that
//! both find the same documents, in the same order, with the same scores;
//! the browser's engine leaves this machinery out.

use std::path::Path;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EnableScoring, Occur,
    PhraseQuery, Query, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Directory, Index, IndexMeta, ReloadPolicy, Searcher, SegmentReader, Term};

use super::error::Error;
use super::evaluate::{Combiner, Node};
use super::tree::Search;

/// Runs query trees with tantivy's queries and `TopDocs`/`Count`
/// collectors, by a searcher of `index` (see `tree::score`), keeping the
/// best `limit` documents. The packed index has no `meta.json` for the
/// searcher to find its segment in: one naming `segment` is written first.
pub(super) fn searcher(
    index: &Index,
    segment: &SegmentReader,
    limit: usize,
) -> Result<Box<Search<'static>>, Error> {
    let mut meta = IndexMeta::with_schema(index.schema());
    meta.segments = vec![index.new_segment_meta(segment.segment_id(), segment.max_doc())];
    let json = serde_json::to_vec(&meta).map_err(|e| Error(e.to_string()))?;
    index
        .directory()
        .atomic_write(Path::new("meta.json"), &json)?;
    let searcher: Searcher = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?
        .searcher();
    Ok(Box::new(move |node| {
        let collector = (TopDocs::with_limit(limit).order_by_score(), Count);
        let (top, count) = searcher.search(query(node).as_ref(), &collector)?;
        Ok((top.into_iter().map(|(s, a)| (s, a.doc_id)).collect(), count))
    }))
}

/// tantivy's query for a node of a tree. A `Max` node is a
/// `DisjunctionMaxQuery` of its optional clauses (the trees make them with
/// `Node::best` only, without required clauses).
fn query(node: &Node) -> Box<dyn Query> {
    match node {
        Node::Term(term) => Box::new(IndexedTermQuery(TermQuery::new(
            term.clone(),
            IndexRecordOption::WithFreqs,
        ))),
        Node::Phrase(terms) => Box::new(PhraseQuery::new_with_offset(terms.clone())),
        Node::Boost(inner, factor) => Box::new(BoostQuery::new(query(inner), *factor)),
        Node::Const(inner, score) => Box::new(ConstScoreQuery::new(query(inner), *score)),
        Node::Bool {
            must,
            should,
            minimum,
            combiner: Combiner::Sum,
        } => {
            let clauses = must
                .iter()
                .map(|n| (Occur::Must, query(n)))
                .chain(should.iter().map(|n| (Occur::Should, query(n))))
                .collect();
            Box::new(BooleanQuery::with_minimum_required_clauses(
                clauses, *minimum,
            ))
        }
        Node::Bool {
            should,
            combiner: Combiner::Max(tie_breaker),
            ..
        } => Box::new(DisjunctionMaxQuery::with_tie_breaker(
            should.iter().map(query).collect(),
            *tie_breaker,
        )),
    }
}

/// A term query that never falls back to a fast-field scan (as the engine
/// ran before its own evaluator): `TermQuery::weight` scans a fast field's
/// range for a field that is not indexed, and every field searched here is.
#[derive(Clone, Debug)]
struct IndexedTermQuery(TermQuery);

impl Query for IndexedTermQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.0.specialized_weight(scoring)?))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor)
    }
}
