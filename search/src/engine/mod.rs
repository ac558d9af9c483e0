//! Running a query against the packed index.
//!
//! A search runs in *attempts*. Each attempt starts from the query text and
//! goes through the stages below; a stage that reads bytes not yet loaded
//! records every page it is missing and the attempt ends with
//! [`Attempt::NeedPages`]. The caller loads those pages (all at once, in
//! parallel in the browser) and tries again; stages that already have their
//! bytes finish instantly. A query on a large site takes three rounds:
//! dictionary blocks, postings, result cards.
//!
//! 1. term dictionary blocks for every word in every field, exact and
//!    typo-tolerant (asynchronous reads, so all misses are collected at once);
//! 2. expansion: the dictionary terms each word matches (exact stem, typo
//!    variants within the word's distance, completions of the word being
//!    typed), then their postings;
//! 3. scoring with tantivy (BM25, field weights, all words required, or any
//!    word when that finds nothing);
//! 4. result cards for the top documents, grouped by page, with highlighted
//!    excerpts from tantivy's snippet generator.

use std::collections::BTreeMap;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur,
    PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, InvertedIndexReader, ReloadPolicy, Searcher, Term};

use crate::card::{Card, Kind};
use crate::codec::Decoder;
use crate::directory::{lock, PagedDirectory, SharedCache};
use crate::pack::{HotBundle, Manifest, PageCache};
use crate::query::{self, Word};
use crate::schema::{self, Analysis, Fields, TEXT_FIELDS};

/// Typo and completion variants kept per word and field.
const MAX_EXPANSIONS: usize = 12;
/// Documents scored before grouping by page.
const MAX_DOCS: usize = 60;
/// Sections listed under a page result.
const MAX_SECTIONS: usize = 3;
/// Characters in an excerpt.
const EXCERPT_CHARS: usize = 160;

/// Weight of a typo variant at distance 1 and 2, and of a completion.
const TYPO_WEIGHT: [f32; 3] = [1.0, 0.5, 0.3];
const PREFIX_WEIGHT: f32 = 0.8;

/// What to search for.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// The text as typed.
    pub text: String,
    /// Restrict to a category key (and its sub-categories).
    pub category: Option<String>,
    /// Most page results to return.
    pub limit: usize,
}

/// The outcome of one attempt.
#[derive(Debug)]
pub enum Attempt {
    /// The search finished.
    Done(Results),
    /// Load these pages, then try again.
    NeedPages(Vec<u32>),
}

/// Whether every word had to match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Every word matched.
    All,
    /// No page had every word; pages with any of them.
    Any,
}

/// A section listed under a page result.
#[derive(Clone, Debug, PartialEq)]
pub struct SubHit {
    /// URL with the heading's anchor.
    pub url: String,
    /// The heading.
    pub title: String,
    /// Highlighted excerpt (HTML, escaped).
    pub excerpt_html: String,
}

/// One page in the results.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Where to go: the page, or the best-matching section of it.
    pub url: String,
    /// The page's title.
    pub title: String,
    /// The title with matched words in `<mark>` (HTML, escaped).
    pub title_html: String,
    /// The best-matching section's heading, when the hit is a section.
    pub section: Option<String>,
    /// What the page is.
    pub kind: Kind,
    /// Category path.
    pub breadcrumb: String,
    /// Top-level category key.
    pub category: String,
    /// Highlighted excerpt (HTML, escaped).
    pub excerpt_html: String,
    /// Other matching sections of the page.
    pub sections: Vec<SubHit>,
    /// The best document's score.
    pub score: f32,
}

/// A finished search.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    /// Whether all words matched.
    pub mode: Mode,
    /// Matching documents (articles, sections, categories, steps).
    pub matched_documents: usize,
    /// Page results, best first.
    pub hits: Vec<Hit>,
}

impl Results {
    fn empty() -> Results {
        Results {
            mode: Mode::All,
            matched_documents: 0,
            hits: Vec::new(),
        }
    }

    /// The results as JSON (the same document for the CLI and the browser).
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"mode\":");
        json_str(
            &mut out,
            match self.mode {
                Mode::All => "all",
                Mode::Any => "any",
            },
        );
        out.push_str(&format!(
            ",\"matched_documents\":{},\"results\":[",
            self.matched_documents
        ));
        for (i, hit) in self.hits.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"url\":");
            json_str(&mut out, &hit.url);
            out.push_str(",\"title\":");
            json_str(&mut out, &hit.title);
            out.push_str(",\"title_html\":");
            json_str(&mut out, &hit.title_html);
            out.push_str(",\"section\":");
            match &hit.section {
                Some(s) => json_str(&mut out, s),
                None => out.push_str("null"),
            }
            out.push_str(",\"kind\":");
            json_str(&mut out, hit.kind.as_str());
            out.push_str(",\"breadcrumb\":");
            json_str(&mut out, &hit.breadcrumb);
            out.push_str(",\"category\":");
            json_str(&mut out, &hit.category);
            out.push_str(",\"excerpt_html\":");
            json_str(&mut out, &hit.excerpt_html);
            out.push_str(&format!(",\"score\":{:.4},\"sections\":[", hit.score));
            for (j, sub) in hit.sections.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                out.push_str("{\"url\":");
                json_str(&mut out, &sub.url);
                out.push_str(",\"title\":");
                json_str(&mut out, &sub.title);
                out.push_str(",\"excerpt_html\":");
                json_str(&mut out, &sub.excerpt_html);
                out.push('}');
            }
            out.push_str("]}");
        }
        out.push_str("]}");
        out
    }
}

/// Appends `value` as a JSON string.
pub fn json_str(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Keeps the JSON safe to embed in HTML, and valid JS.
            '<' => out.push_str("\\u003c"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Why the engine could not open or search.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error(e.to_string())
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error(e.to_string())
    }
}

/// An opened index.
pub struct Engine {
    manifest: Manifest,
    analysis: Analysis,
    cache: SharedCache,
    reader: IndexReader,
    fields: Fields,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Engine")
    }
}

type Stage<'a> = Pin<Box<dyn Future<Output = io::Result<()>> + 'a>>;

/// Polls every future once. `None` when any is waiting for pages.
fn poll_all(stages: Vec<Stage<'_>>) -> Option<io::Result<()>> {
    let mut cx = Context::from_waker(Waker::noop());
    let mut waiting = false;
    let mut error = None;
    for mut stage in stages {
        match stage.as_mut().poll(&mut cx) {
            Poll::Ready(Ok(())) => {}
            Poll::Ready(Err(e)) => error = error.or(Some(e)),
            Poll::Pending => waiting = true,
        }
    }
    match error {
        Some(e) => Some(Err(e)),
        None if waiting => None,
        None => Some(Ok(())),
    }
}

/// A term query on an indexed field. `TermQuery::weight` falls back to a
/// fast-field range scan for fields that are not indexed; every field
/// searched here is indexed, and skipping that path keeps range queries and
/// columnar readers out of the wasm module (~45 KB gzipped).
#[derive(Clone, Debug)]
struct IndexedTermQuery(TermQuery);

impl Query for IndexedTermQuery {
    fn weight(
        &self,
        scoring: tantivy::query::EnableScoring<'_>,
    ) -> tantivy::Result<Box<dyn tantivy::query::Weight>> {
        Ok(Box::new(self.0.specialized_weight(scoring)?))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor)
    }
}

/// One term a word expanded to, in one field.
struct Variant {
    term: Term,
    weight: f32,
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

/// In the browser, stemming needs the language's stemmer module, which the
/// worker script instantiates from the hot bundle beside the engine:
/// without it every query would silently miss inflected words, so a search
/// fails instead.
#[cfg(target_arch = "wasm32")]
fn check_stemmer(analysis: &Analysis) -> Result<(), Error> {
    match analysis.stemmer() {
        Some(language) if crate::stem::try_stem("a").is_none() => Err(Error(format!(
            "the {} stemmer module is not loaded",
            language.name()
        ))),
        _ => Ok(()),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn check_stemmer(_analysis: &Analysis) -> Result<(), Error> {
    Ok(())
}

impl Engine {
    /// Opens an index from its hot bundle (already decompressed).
    pub fn open(hot: &[u8]) -> Result<Engine, Error> {
        let bundle = HotBundle::decode(hot)
            .ok_or_else(|| Error("the search index is damaged or from another version".into()))?;
        let manifest = bundle.manifest.clone();
        Engine::with_cache(manifest, PageCache::new(bundle))
    }

    /// Opens an index whose bytes are in `cache` (the writer passes a
    /// recording cache holding everything, to learn what opening reads).
    pub fn with_cache(manifest: Manifest, cache: PageCache) -> Result<Engine, Error> {
        let cache = Arc::new(Mutex::new(cache));
        let index = Index::open(PagedDirectory::new(&manifest, cache.clone()))?;
        let analysis = manifest.analysis();
        analysis.register(&index);
        let fields = schema::fields_of(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        if reader.searcher().segment_readers().len() != 1 {
            return Err(Error(
                "the search index must have exactly one segment".into(),
            ));
        }
        Ok(Engine {
            manifest,
            analysis,
            cache,
            reader,
            fields,
        })
    }

    /// Reads what every query needs before its first page fetch: each
    /// searched field's term dictionary index and token count, and the
    /// field norms of the scored fields. The hot bundle holds these bytes.
    pub fn load_query_essentials(&self) -> Result<(), Error> {
        let searcher = self.reader.searcher();
        let segment = searcher.segment_reader(0);
        for field in self.fields.text.iter().chain([&self.fields.category]) {
            segment.inverted_index(*field)?.total_num_tokens();
        }
        for field in &self.fields.text {
            segment.get_fieldnorms_reader(*field)?;
        }
        Ok(())
    }

    /// The byte ranges read so far, when the cache records them.
    pub fn take_recorded(&self) -> Vec<std::ops::Range<u64>> {
        lock(&self.cache).take_recorded()
    }

    /// The manifest (categories, language, sizes).
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Adds a fetched page (decompressed). False when it does not fit.
    pub fn insert_page(&self, page: u32, bytes: Vec<u8>) -> bool {
        lock(&self.cache).insert_page(page, bytes)
    }

    /// Runs one attempt of `request`.
    pub fn search(&self, request: &Request) -> Result<Attempt, Error> {
        lock(&self.cache).take_missing();
        let result = self.attempt(request);
        let missing = lock(&self.cache).take_missing();
        match result {
            Ok(Some(results)) if missing.is_empty() => Ok(Attempt::Done(results)),
            Ok(_) if !missing.is_empty() => Ok(Attempt::NeedPages(missing)),
            Err(_) if !missing.is_empty() => Ok(Attempt::NeedPages(missing)),
            Ok(None) => Err(Error("a search stage waited without naming a page".into())),
            Ok(Some(results)) => Ok(Attempt::Done(results)),
            Err(e) => Err(e),
        }
    }

    /// `Ok(None)`: waiting for pages.
    fn attempt(&self, request: &Request) -> Result<Option<Results>, Error> {
        check_stemmer(&self.analysis)?;
        let plan = query::parse(&request.text, &self.analysis);
        if plan.is_empty() {
            return Ok(Some(Results::empty()));
        }
        let searcher = self.reader.searcher();
        let segment = searcher.segment_reader(0);
        let inverted: Vec<Arc<InvertedIndexReader>> = self
            .fields
            .text
            .iter()
            .map(|&field| segment.inverted_index(field))
            .collect::<tantivy::Result<_>>()?;
        let category_index = segment.inverted_index(self.fields.category)?;

        // Stage 1: dictionary blocks.
        let mut stages: Vec<Stage<'_>> = Vec::new();
        for word in &plan.words {
            for (i, inv) in inverted.iter().enumerate() {
                let field = self.fields.text[i];
                let exact = word.stem.clone();
                stages.push(Box::pin(async move {
                    inv.terms().get_async(exact.as_bytes()).await.map(|_| ())
                }));
                for fuzzy in automata(field, word)? {
                    stages.push(Box::pin(async move {
                        let mut builder = inv
                            .terms()
                            .search(&fuzzy.automaton)
                            .ge(fuzzy.lower.as_bytes());
                        if let Some(upper) = &fuzzy.upper {
                            builder = builder.lt(upper.as_bytes());
                        }
                        builder.into_stream_async().await?;
                        Ok(())
                    }));
                }
            }
        }
        for phrase in &plan.phrases {
            for (_, stem) in phrase {
                for inv in &inverted {
                    let stem = stem.clone();
                    stages.push(Box::pin(async move {
                        inv.terms().get_async(stem.as_bytes()).await.map(|_| ())
                    }));
                }
            }
        }
        if let Some(category) = &request.category {
            let key = category.clone();
            let inv = &category_index;
            stages.push(Box::pin(async move {
                inv.terms().get_async(key.as_bytes()).await.map(|_| ())
            }));
        }
        match poll_all(stages) {
            None => return Ok(None),
            Some(result) => result?,
        }

        // Stage 2: expansion, then postings.
        let mut variants: Vec<Vec<(usize, Variant)>> = Vec::new();
        for word in &plan.words {
            let mut per_word = Vec::new();
            for (i, inv) in inverted.iter().enumerate() {
                for variant in self.expand(inv, self.fields.text[i], word)? {
                    per_word.push((i, variant));
                }
            }
            variants.push(per_word);
        }
        let mut stages: Vec<Stage<'_>> = Vec::new();
        for (i, variant) in variants.iter().flatten() {
            let inv = &inverted[*i];
            let term = variant.term.clone();
            stages.push(Box::pin(async move {
                inv.warm_postings(&term, false).await.map(|_| ())
            }));
        }
        for phrase in &plan.phrases {
            for (_, stem) in phrase {
                for (i, inv) in inverted.iter().enumerate() {
                    let term = Term::from_field_text(self.fields.text[i], stem);
                    stages.push(Box::pin(async move {
                        inv.warm_postings(&term, true).await.map(|_| ())
                    }));
                }
            }
        }
        if let Some(category) = &request.category {
            let term = Term::from_field_text(self.fields.category, category);
            let inv = &category_index;
            stages.push(Box::pin(async move {
                inv.warm_postings(&term, false).await.map(|_| ())
            }));
        }
        match poll_all(stages) {
            None => return Ok(None),
            Some(result) => result?,
        }

        // Stage 3: scoring.
        let words: Vec<Box<dyn Query>> = variants
            .into_iter()
            .filter(|v| !v.is_empty())
            .map(|per_word| {
                let disjuncts: Vec<Box<dyn Query>> = per_word
                    .into_iter()
                    .map(|(_, v)| {
                        Box::new(BoostQuery::new(
                            Box::new(IndexedTermQuery(TermQuery::new(
                                v.term,
                                IndexRecordOption::WithFreqs,
                            ))),
                            v.weight,
                        )) as Box<dyn Query>
                    })
                    .collect();
                Box::new(DisjunctionMaxQuery::with_tie_breaker(disjuncts, 0.1)) as Box<dyn Query>
            })
            .collect();
        let phrases: Vec<Box<dyn Query>> = plan
            .phrases
            .iter()
            .map(|phrase| self.phrase_query(phrase))
            .collect();
        if words.is_empty() && phrases.is_empty() {
            return Ok(Some(Results::empty()));
        }
        let filter: Option<Box<dyn Query>> = request.category.as_ref().map(|key| {
            Box::new(ConstScoreQuery::new(
                Box::new(IndexedTermQuery(TermQuery::new(
                    Term::from_field_text(self.fields.category, key),
                    IndexRecordOption::Basic,
                ))),
                0.0,
            )) as Box<dyn Query>
        });
        let build = |occur: Occur| -> Box<dyn Query> {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for q in words.iter().chain(&phrases) {
                if occur == Occur::Must {
                    clauses.push((Occur::Must, q.box_clone()));
                } else {
                    any.push((Occur::Should, q.box_clone()));
                }
            }
            if !any.is_empty() {
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
            }
            if let Some(filter) = &filter {
                clauses.push((Occur::Must, filter.box_clone()));
            }
            Box::new(BooleanQuery::new(clauses))
        };
        // Pages with every word come first; when they are few, pages with
        // some of the words follow (a stray word should not hide the answer).
        let limit = MAX_DOCS.max(request.limit.saturating_mul(4)).min(400);
        let query = build(Occur::Must);
        let (mut top, mut count) = searcher.search(
            &query,
            &(TopDocs::with_limit(limit).order_by_score(), Count),
        )?;
        let mut mode = Mode::All;
        let mut query = query;
        if top.len() < limit && words.len() + phrases.len() > 1 {
            let any = build(Occur::Should);
            let (more, more_count) =
                searcher.search(&any, &(TopDocs::with_limit(limit).order_by_score(), Count))?;
            if top.is_empty() {
                mode = Mode::Any;
                query = any;
                count = more_count;
            }
            let seen: std::collections::BTreeSet<_> = top.iter().map(|(_, a)| *a).collect();
            top.extend(more.into_iter().filter(|(_, a)| !seen.contains(a)));
            top.truncate(limit);
        }

        // Stage 4: result cards, only for the groups (site pages) shown.
        let mut groups: Vec<Vec<(f32, u32)>> = Vec::new();
        let mut group_index: BTreeMap<u32, usize> = BTreeMap::new();
        for (score, address) in &top {
            let group = self.manifest.group_of(address.doc_id);
            let slot = *group_index.entry(group).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[slot].push((*score, address.doc_id));
        }
        groups.truncate(request.limit.max(1));
        let mut cards: Vec<Vec<(f32, Card)>> = Vec::with_capacity(groups.len());
        let mut complete = true;
        {
            let mut cache = lock(&self.cache);
            for docs in &groups {
                let mut group_cards = Vec::new();
                // The best document, then others of the group whose cards are
                // on the same card pages (free to read) to list sections.
                let layout = self.manifest.layout();
                let pages_of = |range: &std::ops::Range<u64>| {
                    layout.page_of(range.start)..=layout.page_of(range.end.saturating_sub(1))
                };
                let mut primary_pages = None;
                for &(score, doc) in docs.iter().take(MAX_SECTIONS + 2) {
                    let Some((range, position)) = self.manifest.card_of(doc) else {
                        return Err(Error("a result has no card".into()));
                    };
                    match &primary_pages {
                        None => primary_pages = Some(pages_of(&range)),
                        Some(primary) => {
                            let pages = pages_of(&range);
                            if pages.start() < primary.start() || pages.end() > primary.end() {
                                continue;
                            }
                        }
                    }
                    match cache.read(range) {
                        Some(bytes) if complete => {
                            let mut d = Decoder::new(&bytes);
                            let mut card = None;
                            for _ in 0..=position {
                                card = Card::decode(&mut d);
                            }
                            let card =
                                card.ok_or_else(|| Error("a result card is damaged".into()))?;
                            group_cards.push((score, card));
                        }
                        Some(_) => {}
                        None => complete = false,
                    }
                }
                cards.push(group_cards);
            }
        }
        if !complete {
            return Ok(None);
        }
        Ok(Some(self.group(&searcher, &*query, mode, count, cards)?))
    }

    fn expand(
        &self,
        inv: &InvertedIndexReader,
        field: Field,
        word: &Word,
    ) -> Result<Vec<Variant>, Error> {
        let weight = TEXT_FIELDS[self
            .fields
            .text
            .iter()
            .position(|&f| f == field)
            .unwrap_or(4)]
        .1;
        let mut out = Vec::new();
        let exact = inv.terms().get(word.stem.as_bytes())?;
        if exact.is_some() {
            out.push(Variant {
                term: Term::from_field_text(field, &word.stem),
                weight,
            });
        }
        // (distance, -doc_freq, term) so the best variants come first.
        let mut candidates: BTreeMap<(usize, std::cmp::Reverse<u32>, Vec<u8>), f32> =
            BTreeMap::new();
        for fuzzy in automata(field, word)? {
            let is_prefix = fuzzy.completion;
            if !is_prefix && exact.is_some() {
                // A word the site uses is not treated as a typo.
                continue;
            }
            let mut builder = inv
                .terms()
                .search(&fuzzy.automaton)
                .ge(fuzzy.lower.as_bytes());
            if let Some(upper) = &fuzzy.upper {
                builder = builder.lt(upper.as_bytes());
            }
            let mut stream = builder.into_stream()?;
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
                out.push(Variant {
                    term: Term::from_field_text(field, &text),
                    weight: weight * factor,
                });
            }
        }
        Ok(out)
    }

    fn phrase_query(&self, phrase: &query::Phrase) -> Box<dyn Query> {
        let disjuncts: Vec<Box<dyn Query>> = self
            .fields
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
        Box::new(DisjunctionMaxQuery::with_tie_breaker(disjuncts, 0.1))
    }

    fn group(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        mode: Mode,
        count: usize,
        groups: Vec<Vec<(f32, Card)>>,
    ) -> Result<Results, Error> {
        let mut body = SnippetGenerator::create(searcher, query, self.fields.body())?;
        body.set_max_num_chars(EXCERPT_CHARS);
        let mut title = SnippetGenerator::create(searcher, query, self.fields.title())?;
        title.set_max_num_chars(1000);
        let excerpt = |card: &Card| -> String {
            let snippet = body.snippet(&card.text);
            if snippet.highlighted().is_empty() {
                crate::html::escape(&lead(&card.text, EXCERPT_CHARS))
            } else {
                mark(snippet.to_html())
            }
        };
        // The whole title, with the matched words marked (a snippet's
        // fragment may stop after the last match).
        let highlight_title = |text: &str| -> String {
            let snippet = title.snippet(text);
            let offset = snippet.fragment_range().start;
            let mut html = String::with_capacity(text.len() + 16);
            let mut pos = 0;
            for range in snippet.highlighted() {
                let (start, end) = (range.start + offset, range.end + offset);
                let (Some(before), Some(word)) = (text.get(pos..start), text.get(start..end))
                else {
                    return crate::html::escape(text);
                };
                html.push_str(&crate::html::escape(before));
                html.push_str("<mark>");
                html.push_str(&crate::html::escape(word));
                html.push_str("</mark>");
                pos = end;
            }
            html.push_str(&crate::html::escape(text.get(pos..).unwrap_or_default()));
            html
        };
        let mut hits: Vec<Hit> = Vec::new();
        for group in groups {
            let mut cards = group.into_iter();
            let Some((score, card)) = cards.next() else {
                continue;
            };
            // A section of an article, or a step of a troubleshooter (whose
            // first step stands for the whole tree and has the tree's title).
            let section = match card.kind {
                Kind::Section => Some(card.title.clone()),
                Kind::Step if card.title != card.page_title => Some(card.title.clone()),
                _ => None,
            };
            let mut hit = Hit {
                excerpt_html: excerpt(&card),
                title_html: highlight_title(&card.page_title),
                url: card.url,
                title: card.page_title,
                section,
                kind: if card.kind == Kind::Section {
                    Kind::Article
                } else {
                    card.kind
                },
                breadcrumb: card.breadcrumb,
                category: card.category,
                sections: Vec::new(),
                score,
            };
            for (_, card) in cards {
                if matches!(card.kind, Kind::Section | Kind::Step)
                    && card.title != card.page_title
                    && hit.sections.len() < MAX_SECTIONS
                    && hit.url != card.url
                {
                    hit.sections.push(SubHit {
                        excerpt_html: excerpt(&card),
                        url: card.url,
                        title: card.title,
                    });
                }
            }
            hits.push(hit);
        }
        Ok(Results {
            mode,
            matched_documents: count,
            hits,
        })
    }
}

/// A word's typo-tolerant or completion automaton, limited to dictionary
/// keys that start like the word (typos in the first letters are rare, and
/// the limit keeps a query from reading most of the dictionary).
struct Fuzzy {
    automaton: tantivy::query::DfaWrapper,
    lower: String,
    upper: Option<String>,
    completion: bool,
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

/// Automata for a word's fuzzy matches: the completion automaton first (when
/// the word is being typed), then the typo automaton.
fn automata(field: Field, word: &Word) -> Result<Vec<Fuzzy>, Error> {
    let mut out = Vec::new();
    if word.prefix {
        let distance = query::distance_for(word.surface.chars().count()).min(1);
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
    Ok(out)
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

    #[test]
    fn json_is_escaped_for_html_and_js() {
        let mut s = String::new();
        json_str(&mut s, "a\"</script>\n\u{2028}");
        assert_eq!(s, "\"a\\\"\\u003c/script>\\n\\u2028\"");
    }

    #[test]
    fn lead_cuts_at_words() {
        assert_eq!(lead("short", 10), "short");
        assert_eq!(lead("one two three four", 12), "one two…");
    }
}
