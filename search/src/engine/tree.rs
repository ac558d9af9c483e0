//! Stage 3, scoring: the query tree of a plan's words, phrases and
//! category filter (BM25, field weights, every needed word required and
//! filler words optional, a bonus for a title with the needed words; then
//! any word, each word found adding a constant), evaluated by
//! [`Evaluator`], and the best documents.

use std::collections::BTreeSet;

use tantivy::{DocId, SegmentReader, Term};

use super::error::Error;
use super::evaluate::{Combiner, Evaluator, Node};
use super::expand::Variant;
use super::results::Mode;
use crate::query::{self, Plan};
use crate::schema::{Fields, TEXT_FIELDS};

/// Documents scored before grouping by page.
const MAX_DOCS: usize = 60;

/// Weight of a filler word ("problem"), which says little about the page
/// a reader needs.
const FILLER_WEIGHT: f32 = 0.6;

/// What a title with every needed word of the query adds to a score in
/// all, shared between the words (a title with some of them adds its share).
const TITLE_WORDS_BONUS: f32 = 8.0;

/// What a title with every needed word of the query adds to a score.
const TITLE_BONUS: f32 = 8.0;

/// What each query word found adds to a score when results need only some
/// of the words (a typical word scores 5 to 20).
const COORDINATION: f32 = 8.0;

/// The tie breaker of a word's variants and of a phrase's fields: the
/// best counts, the others a tenth.
const TIE_BREAKER: f32 = 0.1;

/// What scoring found: the best documents, how many matched and whether
/// every word had to.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Scored {
    /// `(score, document)`, best first (equal scores: smaller document
    /// first).
    pub(super) top: Vec<(f32, DocId)>,
    /// The first `all` of `top` have every word and phrase.
    pub(super) all: usize,
    /// Documents that matched (all words, or in [`Mode::Any`] any word).
    pub(super) count: usize,
    /// Whether results needed every word.
    pub(super) mode: Mode,
}

/// The documents scored per search: at least [`MAX_DOCS`], four per
/// result asked for, at most 400.
pub(super) fn documents_limit(limit: usize) -> usize {
    MAX_DOCS.max(limit.saturating_mul(4)).min(400)
}

/// Runs a query tree: its best documents (at most the `limit` of
/// [`documents_limit`]), best first (equal scores: smaller document
/// first), and how many documents it matched.
pub(super) type Search<'a> = dyn Fn(&Node) -> Result<(Vec<(f32, DocId)>, usize), Error> + 'a;

/// The engine's [`Search`]: its own evaluator over `segment`, the best
/// `limit` documents.
pub(super) fn evaluator(segment: &SegmentReader, limit: usize) -> Box<Search<'_>> {
    let evaluator = Evaluator::new(segment);
    Box::new(move |tree| {
        let found = evaluator.eval(tree, 1.0, true)?.docs;
        Ok((best(&found, limit), found.len()))
    })
}

/// Stage 3: scores documents with every word (and phrase); when they are
/// few, documents with some of the words follow (a stray word should not
/// hide the answer). `None` when no word is in the index. The trees run
/// by `search`, which keeps `limit` documents: the engine's
/// [`evaluator`], or in native builds tantivy's own queries
/// (`reference`), which the differential tests compare on the same trees.
pub(super) fn score(
    fields: &Fields,
    plan: &Plan,
    category: Option<&str>,
    variants: &[Vec<(usize, Variant)>],
    limit: usize,
    search: &Search<'_>,
) -> Result<Option<Scored>, Error> {
    let title = title_bonus(plan, variants);
    let words = word_nodes(plan, variants);
    let phrases: Vec<Node> = plan
        .phrases
        .iter()
        .map(|p| phrase_node(fields, p))
        .collect();
    if words.is_empty() && phrases.is_empty() {
        return Ok(None);
    }
    let filter = category.map(|key| category_filter(fields, key));
    let build = |every: bool| {
        let query = combine(&words, &phrases, filter.as_ref(), every);
        match &title {
            Some(title) => Node::Bool {
                must: vec![query],
                should: vec![title.clone()],
                minimum: 0,
                combiner: Combiner::Sum,
            },
            None => query,
        }
    };
    let (mut top, mut count) = search(&build(true))?;
    let mut mode = Mode::All;
    let all = top.len();
    if top.len() < limit && words.len() + phrases.len() > 1 {
        let (more, more_count) = search(&build(false))?;
        if top.is_empty() {
            mode = Mode::Any;
            count = more_count;
        }
        let seen: BTreeSet<DocId> = top.iter().map(|(_, d)| *d).collect();
        top.extend(more.into_iter().filter(|(_, d)| !seen.contains(d)));
        top.truncate(limit);
    }
    Ok(Some(Scored {
        top,
        all,
        count,
        mode,
    }))
}

/// The `limit` best of `docs`, as tantivy's `TopDocs` orders them: higher
/// score first, then the smaller document.
fn best(docs: &[(DocId, f32)], limit: usize) -> Vec<(f32, DocId)> {
    let order = |a: &(f32, DocId), b: &(f32, DocId)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    let mut top: Vec<(f32, DocId)> = docs.iter().map(|&(d, s)| (s, d)).collect();
    if top.len() > limit && limit > 0 {
        top.select_nth_unstable_by(limit - 1, order);
    }
    top.truncate(limit);
    top.sort_unstable_by(order);
    top
}

/// A quoted phrase in any text field (the best field counts).
fn phrase_node(fields: &Fields, phrase: &query::Phrase) -> Node {
    let disjuncts = fields
        .text
        .iter()
        .zip(TEXT_FIELDS)
        .map(|(&field, (_, weight))| {
            let terms: Vec<(usize, Term)> = phrase
                .iter()
                .map(|(pos, stem)| (*pos, Term::from_field_text(field, stem)))
                .collect();
            Node::Boost(Box::new(Node::Phrase(terms)), weight)
        })
        .collect();
    Node::best(disjuncts, TIE_BREAKER)
}

/// The category filter, which adds nothing to scores.
fn category_filter(fields: &Fields, key: &str) -> Node {
    let term = Term::from_field_text(fields.category, key);
    Node::Const(Box::new(Node::Term(term)), 0.0)
}

/// Bonuses for documents by their title, for a query of two or more
/// needed words: a share of [`TITLE_WORDS_BONUS`] for each needed word a
/// title with two or more of them has (its closest variant there: a typo
/// or a completion less; one word alone is what BM25 on titles weighs), and
/// [`TITLE_BONUS`] when it has every one (a title that says what the reader
/// asked beats a long page that mentions it). `None` for a shorter query.
fn title_bonus(plan: &Plan, variants: &[Vec<(usize, Variant)>]) -> Option<Node> {
    let needed = plan.words.iter().filter(|w| !w.optional).count();
    if needed < 2 {
        return None;
    }
    let each_bonus = TITLE_WORDS_BONUS / needed as f32;
    let mut clauses: Vec<Node> = Vec::new();
    let mut bonus: Vec<Node> = Vec::new();
    let mut shares: Vec<Node> = Vec::new();
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
        clauses.push(Node::any(in_title.iter().map(|v| v.node()).collect()));
        let closest: Vec<Node> = in_title
            .iter()
            .map(|v| {
                let close = (v.weight / TEXT_FIELDS[0].1).min(1.0);
                Node::Const(Box::new(v.node()), each_bonus * close)
            })
            .collect();
        shares.push(Node::best(closest, 0.0));
    }
    if shares.len() >= 2 {
        bonus.push(Node::Bool {
            must: Vec::new(),
            should: shares,
            minimum: 2,
            combiner: Combiner::Sum,
        });
    }
    if all && clauses.len() >= 2 {
        bonus.push(Node::Const(Box::new(Node::all(clauses)), TITLE_BONUS));
    }
    (!bonus.is_empty()).then(|| Node::any(bonus))
}

/// A word's node, and whether results need it (filler words are
/// optional).
type WordNode = (bool, Node);

/// Each word's node: the best of its variants in any field.
fn word_nodes(plan: &Plan, variants: &[Vec<(usize, Variant)>]) -> Vec<WordNode> {
    variants
        .iter()
        .zip(&plan.words)
        .filter(|(v, _)| !v.is_empty())
        .map(|(per_word, word)| {
            let disjuncts: Vec<Node> = per_word
                .iter()
                .map(|(_, v)| Node::Boost(Box::new(v.node()), v.weight))
                .collect();
            let node = Node::best(disjuncts, TIE_BREAKER);
            if word.optional {
                (false, Node::Boost(Box::new(node), FILLER_WEIGHT))
            } else {
                (true, node)
            }
        })
        .collect()
}

/// The words and phrases, every needed one required (`every`) or at least
/// one, within the category filter if any.
fn combine(words: &[WordNode], phrases: &[Node], filter: Option<&Node>, every: bool) -> Node {
    let mut must: Vec<Node> = Vec::new();
    let mut should: Vec<Node> = Vec::new();
    let mut any: Vec<Node> = Vec::new();
    let required = phrases.iter().map(|q| (true, q));
    for (needed, q) in words.iter().map(|(n, q)| (*n, q)).chain(required) {
        if every && needed {
            must.push(q.clone());
        } else if every {
            // A filler word scores when present and is never required.
            should.push(q.clone());
        } else {
            // Each word found adds a constant on top of its score, so that
            // a result with more of the words comes before one with a
            // single rare word.
            let found = Node::Const(Box::new(q.clone()), COORDINATION);
            any.push(Node::any(vec![q.clone(), found]));
        }
    }
    if !any.is_empty() {
        must.push(Node::any(any));
    }
    if let Some(filter) = filter {
        must.push(filter.clone());
    }
    // As `BooleanQuery::new` sets it: one optional clause needed when no
    // clause is required.
    let minimum = usize::from(must.is_empty() && !should.is_empty());
    Node::Bool {
        must,
        should,
        minimum,
        combiner: Combiner::Sum,
    }
}
