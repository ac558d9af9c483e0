//! Scoring: helpbook's own evaluator of the query tree, over tantivy's
//! postings, field norms and BM25 weights.
//!
//! It computes what tantivy's `BooleanQuery`, `DisjunctionMaxQuery`,
//! `BoostQuery`, `ConstScoreQuery`, `TermQuery` and `PhraseQuery` (slop 0)
//! compute for the trees the engine builds, with the same arithmetic: a
//! boost multiplies the BM25 weight before the term frequency factor
//! (`Bm25Weight::boost_by`), a constant score is `boost × constant`, a sum
//! adds its clauses' scores in their order from 0, a disjunction-max takes
//! `max + (sum − max) × tie_breaker`, required clauses add up in tantivy's
//! intersection order (cheapest first). It leaves tantivy's `Query`,
//! `Weight`, `Scorer` and collector machinery out of the browser's engine.
//! Lists of `(document, score)` in document order are evaluated bottom up,
//! whole: a query reads a few postings lists of at most some ten thousand
//! documents, and every list is read once.
//!
//! The native build keeps tantivy's query path as the reference
//! (`reference`); the differential tests run both.

use std::cmp::Ordering;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, SegmentReader, Term, TERMINATED};

use super::error::Error;

/// A node of the query tree.
#[derive(Clone, Debug)]
pub(super) enum Node {
    /// A term, scored with BM25 (its field's norms).
    Term(Term),
    /// Terms at relative positions in one field (a phrase, slop 0), scored
    /// with BM25 on the phrase's frequency and the sum of its terms' idf.
    Phrase(Vec<(usize, Term)>),
    /// The node's scores times a factor.
    Boost(Box<Node>, f32),
    /// The documents of the node, each scored the constant.
    Const(Box<Node>, f32),
    /// Clauses combined: documents with every `must` clause and at least
    /// `minimum` of the `should` clauses (any one when there are no `must`
    /// clauses and `minimum` is 0), scored by `combiner`.
    Bool {
        must: Vec<Node>,
        should: Vec<Node>,
        minimum: usize,
        combiner: Combiner,
    },
}

/// How a `Bool` node adds up its clauses' scores.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Combiner {
    /// The sum.
    Sum,
    /// The best, plus the others times a tie breaker.
    Max(f32),
}

impl Node {
    /// Every clause required (`BooleanQuery::new` with `Occur::Must` only).
    pub(super) fn all(must: Vec<Node>) -> Node {
        Node::Bool {
            must,
            should: Vec::new(),
            minimum: 0,
            combiner: Combiner::Sum,
        }
    }

    /// Any clause, the scores added (`BooleanQuery::union`).
    pub(super) fn any(should: Vec<Node>) -> Node {
        Node::Bool {
            must: Vec::new(),
            should,
            minimum: 1,
            combiner: Combiner::Sum,
        }
    }

    /// The best clause (`DisjunctionMaxQuery::with_tie_breaker`).
    pub(super) fn best(disjuncts: Vec<Node>, tie_breaker: f32) -> Node {
        Node::Bool {
            must: Vec::new(),
            should: disjuncts,
            minimum: 1,
            combiner: Combiner::Max(tie_breaker),
        }
    }
}

/// Documents and their scores, in document order.
pub(super) type Docs = Vec<(DocId, f32)>;

/// What a node matched, and what tantivy estimates driving its scorer
/// costs (`DocSet::cost`): an intersection adds its clauses' scores
/// cheapest first, so the estimate decides the order of the additions.
#[derive(Clone, Debug, Default)]
pub(super) struct Found {
    /// The documents and their scores.
    pub(super) docs: Docs,
    cost: u64,
}

/// Documents a buffered union reads ahead (tantivy's `HORIZON`): a
/// clause whose documents all lie in the first window is done when the
/// union is made, and no longer counts in its cost.
const HORIZON: u32 = 64 * 64;

/// The evaluator of one segment.
pub(super) struct Evaluator<'a> {
    segment: &'a SegmentReader,
}

/// The BM25 statistics of the only segment (tantivy's `Searcher` sums them
/// over segments; the engine opens indexes of one segment only).
struct Statistics<'a>(&'a SegmentReader);

impl Bm25StatisticsProvider for Statistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        Ok(self.0.inverted_index(field)?.total_num_tokens())
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(u64::from(self.0.max_doc()))
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Ok(u64::from(
            self.0.inverted_index(term.field())?.doc_freq(term)?,
        ))
    }
}

/// A list being combined: its documents and the next one's index.
struct Cursor<'d> {
    docs: &'d [(DocId, f32)],
    at: usize,
}

impl<'d> Cursor<'d> {
    fn new(docs: &'d [(DocId, f32)]) -> Cursor<'d> {
        Cursor { docs, at: 0 }
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.at).map_or(TERMINATED, |d| d.0)
    }

    /// The score at `doc` (no document before it is left), moving past it,
    /// if the list has it.
    fn take(&mut self, doc: DocId) -> Option<f32> {
        while self.doc() < doc {
            self.at += 1;
        }
        match self.docs.get(self.at) {
            Some(&(d, score)) if d == doc => {
                self.at += 1;
                Some(score)
            }
            _ => None,
        }
    }
}

impl<'a> Evaluator<'a> {
    /// An evaluator of `segment` (the postings it reads must be loaded).
    pub(super) fn new(segment: &'a SegmentReader) -> Evaluator<'a> {
        Evaluator { segment }
    }

    /// The documents `node` matches and their scores, with the boost
    /// `boost` (1 at the root). Without `scoring`, the scores are 1.
    pub(super) fn eval(&self, node: &Node, boost: f32, scoring: bool) -> Result<Found, Error> {
        match node {
            Node::Term(term) => self.term(term, boost, scoring),
            Node::Phrase(terms) => self.phrase(terms, boost, scoring),
            Node::Boost(inner, factor) => self.eval(inner, boost * factor, scoring),
            Node::Const(inner, score) => {
                let mut found = self.eval(inner, 1.0, false)?;
                let score = if scoring { boost * score } else { 1.0 };
                found.docs.iter_mut().for_each(|d| d.1 = score);
                Ok(found)
            }
            Node::Bool {
                must,
                should,
                minimum,
                combiner,
            } => self.boolean(must, should, *minimum, *combiner, boost, scoring),
        }
    }

    /// A term's documents: `boost × BM25` (tantivy's `TermScorer`).
    fn term(&self, term: &Term, boost: f32, scoring: bool) -> Result<Found, Error> {
        let field = term.field();
        let inverted = self.segment.inverted_index(field)?;
        let option = if scoring {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        let Some(mut postings) = inverted.read_postings(term, option)? else {
            return Ok(Found::default());
        };
        let mut docs = Docs::with_capacity(postings.size_hint() as usize);
        let cost = u64::from(postings.size_hint());
        if !scoring {
            while postings.doc() != TERMINATED {
                docs.push((postings.doc(), 1.0));
                postings.advance();
            }
            return Ok(Found { docs, cost });
        }
        let statistics = Statistics(self.segment);
        let weight =
            Bm25Weight::for_terms(&statistics, std::slice::from_ref(term))?.boost_by(boost);
        let norms = self.segment.get_fieldnorms_reader(field)?;
        while postings.doc() != TERMINATED {
            let doc = postings.doc();
            let norm = norms.fieldnorm_id(doc);
            docs.push((doc, weight.score(norm, postings.term_freq())));
            postings.advance();
        }
        Ok(Found { docs, cost })
    }

    /// A phrase's documents: `boost × BM25` of the times the phrase occurs
    /// (tantivy's `PhraseScorer` with no slop).
    fn phrase(&self, terms: &[(usize, Term)], boost: f32, scoring: bool) -> Result<Found, Error> {
        let mut terms = terms.to_vec();
        terms.sort_by_key(|(offset, _)| *offset);
        let Some((_, first)) = terms.first() else {
            return Ok(Found::default());
        };
        let field = first.field();
        let inverted = self.segment.inverted_index(field)?;
        let last = terms.last().map_or(0, |(offset, _)| *offset);
        let mut lists = Vec::with_capacity(terms.len());
        for (offset, term) in &terms {
            let option = IndexRecordOption::WithFreqsAndPositions;
            match inverted.read_postings(term, option)? {
                Some(postings) => lists.push(((last - offset) as u32, postings)),
                None => return Ok(Found::default()),
            }
        }
        let weight = if scoring {
            let plain: Vec<Term> = terms.iter().map(|(_, t)| t.clone()).collect();
            Some(Bm25Weight::for_terms(&Statistics(self.segment), &plain)?.boost_by(boost))
        } else {
            None
        };
        let mut sizes: Vec<u32> = lists.iter().map(|(_, p)| p.size_hint()).collect();
        sizes.sort_unstable();
        let estimate = estimate_intersection(&sizes, self.segment.num_docs());
        let cost = u64::from(estimate) * 10 * lists.len() as u64;
        let norms = self.segment.get_fieldnorms_reader(field)?;
        let docs = phrase_docs(&mut lists, weight.as_ref(), &norms);
        Ok(Found { docs, cost })
    }

    /// A `Bool` node (tantivy's `BooleanWeight`, scoring as it does).
    fn boolean(
        &self,
        must: &[Node],
        should: &[Node],
        minimum: usize,
        combiner: Combiner,
        boost: f32,
        scoring: bool,
    ) -> Result<Found, Error> {
        // As `BooleanWeight::with_minimum_number_should_match` rewrites it.
        let (must, should, minimum): (Vec<&Node>, Vec<&Node>, usize) =
            match should.len().cmp(&minimum) {
                Ordering::Greater => (must.iter().collect(), should.iter().collect(), minimum),
                Ordering::Equal => (must.iter().chain(should).collect(), Vec::new(), 0),
                Ordering::Less => return Ok(Found::default()),
            };
        match (must.as_slice(), should.as_slice()) {
            ([], []) => return Ok(Found::default()),
            ([one], []) | ([], [one]) => return self.eval(one, boost, scoring),
            _ => {}
        }
        let mut required = Vec::with_capacity(must.len());
        for node in must {
            let found = self.eval(node, boost, scoring)?;
            if found.docs.is_empty() {
                return Ok(Found::default());
            }
            required.push(found);
        }
        let mut optional = Vec::with_capacity(should.len());
        for node in should {
            let found = self.eval(node, boost, scoring)?;
            if !found.docs.is_empty() {
                optional.push(found);
            }
        }
        if minimum > optional.len() {
            return Ok(Found::default());
        }
        Ok(match minimum {
            0 if optional.is_empty() => intersect(required),
            0 if required.is_empty() => union(&optional, 1, combiner),
            0 => required_optional(intersect(required), &optional, combiner),
            n if n == optional.len() => {
                required.extend(optional);
                intersect(required)
            }
            n => {
                let some = union(&optional, n, combiner);
                if required.is_empty() {
                    some
                } else {
                    required.push(some);
                    intersect(required)
                }
            }
        })
    }
}

/// tantivy's estimate of the size of an intersection of lists of `sizes`
/// documents (`query::size_hint::estimate_intersection`, not exported).
fn estimate_intersection(sizes: &[u32], max_docs: u32) -> u32 {
    let Some((&first, rest)) = sizes.split_first() else {
        return 0;
    };
    if max_docs == 0 {
        return 0;
    }
    let mut co_location: f64 = 1.3;
    let mut estimate = f64::from(first);
    let mut smallest = estimate;
    for &size in rest {
        co_location = (co_location - 0.1).max(1.0);
        estimate *= (f64::from(size) / f64::from(max_docs)) * co_location;
        smallest = smallest.min(f64::from(size));
    }
    estimate.round().min(smallest) as u32
}

/// The documents in every list, their scores added in tantivy's
/// intersection order: cheapest first (a stable sort), `left + right +
/// (the others' sum)`.
fn intersect(mut lists: Vec<Found>) -> Found {
    if lists.len() <= 1 {
        return lists.pop().unwrap_or_default();
    }
    lists.sort_by_key(|found| found.cost);
    let cost = lists[0].cost;
    let mut cursors: Vec<Cursor<'_>> = lists.iter().map(|f| Cursor::new(&f.docs)).collect();
    let mut docs = Docs::new();
    let mut scores = vec![0.0f32; cursors.len()];
    'docs: for &(doc, first) in &lists[0].docs {
        scores[0] = first;
        for (i, cursor) in cursors.iter_mut().enumerate().skip(1) {
            match cursor.take(doc) {
                Some(score) => scores[i] = score,
                None => continue 'docs,
            }
        }
        let others: f32 = scores[2..].iter().sum();
        docs.push((doc, scores[0] + scores[1] + others));
    }
    Found { docs, cost }
}

/// The documents in at least `minimum` of the lists, their scores
/// combined in the lists' order (tantivy's `BufferedUnionScorer`, or its
/// `Disjunction` for a minimum above 1).
fn union(lists: &[Found], minimum: usize, combiner: Combiner) -> Found {
    if let [one] = lists {
        return if minimum <= 1 {
            one.clone()
        } else {
            Found::default()
        };
    }
    let start = lists
        .iter()
        .filter_map(|f| f.docs.first())
        .map(|d| d.0)
        .min();
    let window_end = start.unwrap_or(0).saturating_add(HORIZON);
    let cost = if minimum <= 1 {
        lists
            .iter()
            .filter(|f| f.docs.last().is_some_and(|d| d.0 >= window_end))
            .map(|f| f.cost)
            .sum()
    } else {
        lists.iter().map(|f| f.cost).max().unwrap_or(0)
    };
    let mut cursors: Vec<Cursor<'_>> = lists.iter().map(|f| Cursor::new(&f.docs)).collect();
    let mut docs = Docs::new();
    loop {
        let doc = cursors.iter().map(Cursor::doc).min().unwrap_or(TERMINATED);
        if doc == TERMINATED {
            return Found { docs, cost };
        }
        let mut combined = Combined::new(combiner);
        for cursor in &mut cursors {
            if let Some(score) = cursor.take(doc) {
                combined.add(score);
            }
        }
        if combined.count >= minimum {
            docs.push((doc, combined.score()));
        }
    }
}

/// The documents of `required`, each with the combined score of its
/// required part and (where they match) the optional lists (tantivy's
/// `RequiredOptionalScorer`).
fn required_optional(required: Found, optional: &[Found], combiner: Combiner) -> Found {
    let any = union(optional, 1, combiner);
    let mut cursor = Cursor::new(&any.docs);
    let docs = required
        .docs
        .into_iter()
        .map(|(doc, score)| {
            let mut combined = Combined::new(combiner);
            combined.add(score);
            if let Some(extra) = cursor.take(doc) {
                combined.add(extra);
            }
            (doc, combined.score())
        })
        .collect();
    Found {
        docs,
        cost: required.cost,
    }
}

/// Scores being combined (tantivy's `SumCombiner`,
/// `DisjunctionMaxCombiner`).
struct Combined {
    combiner: Combiner,
    sum: f32,
    max: f32,
    count: usize,
}

impl Combined {
    fn new(combiner: Combiner) -> Combined {
        Combined {
            combiner,
            sum: 0.0,
            max: 0.0,
            count: 0,
        }
    }

    fn add(&mut self, score: f32) {
        self.max = score.max(self.max);
        self.sum += score;
        self.count += 1;
    }

    fn score(&self) -> f32 {
        match self.combiner {
            Combiner::Sum => self.sum,
            Combiner::Max(tie_breaker) => self.max + (self.sum - self.max) * tie_breaker,
        }
    }
}

/// The documents where the terms of `lists` (each with how far before the
/// phrase's last term it stands) occur as a phrase, scored by `weight` on
/// the phrase's frequency (1 without a weight).
fn phrase_docs<P: Postings>(
    lists: &mut [(u32, P)],
    weight: Option<&Bm25Weight>,
    norms: &FieldNormReader,
) -> Docs {
    let mut docs = Docs::new();
    let (mut positions, mut other) = (Vec::new(), Vec::new());
    let mut candidate = lists
        .iter()
        .map(|(_, p)| p.doc())
        .max()
        .unwrap_or(TERMINATED);
    'docs: while candidate != TERMINATED {
        for (_, postings) in lists.iter_mut() {
            let doc = if postings.doc() < candidate {
                postings.seek(candidate)
            } else {
                postings.doc()
            };
            if doc != candidate {
                candidate = doc;
                continue 'docs;
            }
        }
        for (i, (offset, postings)) in lists.iter_mut().enumerate() {
            if i == 0 {
                postings.positions_with_offset(*offset, &mut positions);
            } else {
                postings.positions_with_offset(*offset, &mut other);
                positions.retain(|p| other.binary_search(p).is_ok());
            }
        }
        if !positions.is_empty() {
            let count = positions.len() as u32;
            let score = weight.map_or(1.0, |w| w.score(norms.fieldnorm_id(candidate), count));
            docs.push((candidate, score));
        }
        candidate = match lists.first_mut() {
            Some((_, postings)) => postings.advance(),
            None => TERMINATED,
        };
    }
    docs
}
