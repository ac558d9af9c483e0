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
//! 2. expansion: the dictionary terms each word matches (exact stem,
//!    completions of the word being typed, synonyms as terms or phrases
//!    and, for a word the index does not know, typo variants within the
//!    word's distance: `expand`), then their postings;
//! 3. scoring by the engine's own evaluator over tantivy's postings (`tree`,
//!    `evaluate`: BM25, field weights, every needed word required
//!    and filler words optional, a bonus for a title with every needed
//!    word; then any word, each word found adding a constant);
//! 4. the result card of each site page's best document (an article's card
//!    holds its sections, a troubleshooter's first step's its other steps);
//! 5. the page results (`results`), with excerpts cut between words and
//!    the variant each result matched highlighted (`snippet`, `matched`).

mod error;
mod evaluate;
mod expand;
mod matched;
#[cfg(not(target_arch = "wasm32"))]
mod reference;
mod results;
mod snippet;
mod tree;

use std::collections::BTreeSet;
use std::future::Future;
use std::io;
use std::ops::Range;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll, Waker};

use tantivy::index::SegmentId;
use tantivy::{Index, IndexSettings, InvertedIndexReader, SegmentReader, Term};

pub use error::Error;
use expand::{alternatives, automata, documents_with, expand, Pass, Variant};
use matched::Terms;
pub use results::{Hit, Mode, Results, SubHit};
use snippet::Snippets;
use tree::Scored;

use crate::card::Card;
use crate::codec::Decoder;
use crate::directory::{lock, PagedDirectory, SharedCache};
use crate::pack::{HotBundle, Manifest, PageCache, SEGMENT_ID};
use crate::query::{self, Plan, Thesaurus};
use crate::schema::{self, Analysis, Fields, TEXT_FIELDS};

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

/// The shortest word being typed whose dictionary blocks
/// [`Engine::prefetch`] fetches.
pub const PREFETCH_MIN_CHARS: usize = 3;

/// The outcome of one attempt.
#[derive(Debug)]
pub enum Attempt {
    /// The search finished.
    Done(Results),
    /// Load these pages, then try again.
    NeedPages(Vec<u32>),
}

/// An opened index.
pub struct Engine {
    manifest: Manifest,
    analysis: Analysis,
    /// The analysis's synonym groups, stemmed once for every query. Made
    /// on the first attempt, not at open: in the browser the stemmer
    /// module may arrive after the index.
    thesaurus: OnceLock<Thesaurus>,
    cache: SharedCache,
    /// The index (its schema and tokenizers, for highlighting).
    index: Index,
    /// The only segment, opened without an `IndexReader` (no searcher,
    /// no document store: scoring reads postings and norms directly).
    segment: SegmentReader,
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

/// [`poll_all`]: whether every stage has its bytes (false: pages are
/// missing, and the cache has recorded which).
fn ready(stages: Vec<Stage<'_>>) -> Result<bool, Error> {
    match poll_all(stages) {
        None => Ok(false),
        Some(result) => {
            result?;
            Ok(true)
        }
    }
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

/// The term dictionaries and postings a search reads: one inverted index
/// per text field (in the order of `Fields::text`), and the categories'.
struct Inverted {
    text: Vec<Arc<InvertedIndexReader>>,
    category: Arc<InvertedIndexReader>,
}

/// Stages 1 to 3 of an attempt.
enum Stage3 {
    /// Pages are missing.
    Waiting,
    /// Nothing to search for, or no word in the index.
    Nothing,
    /// The documents found, and the terms of the query's words.
    Scored(Terms, Scored),
}

/// Which code scores documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[doc(hidden)]
pub enum Scorer {
    /// The engine's own evaluator (`evaluate`), in every build.
    Own,
    /// tantivy's queries and collectors (`reference`), in native builds.
    #[cfg(not(target_arch = "wasm32"))]
    Reference,
}

/// What a search scored, for the differential tests.
#[cfg(not(target_arch = "wasm32"))]
#[doc(hidden)]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Documents {
    /// `(score, document)`, best first.
    pub top: Vec<(f32, u32)>,
    /// The first `all` of `top` have every word and phrase.
    pub all: usize,
    /// Documents that matched.
    pub count: usize,
    /// No document had every word: `top` has some of them.
    pub any: bool,
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
    pub(crate) fn with_cache(manifest: Manifest, cache: PageCache) -> Result<Engine, Error> {
        let cache = Arc::new(Mutex::new(cache));
        // No meta.json to read (see `directory`): the schema is the one the
        // writer built, and the one segment has a fixed id and a document
        // per card.
        let (schema, fields) = schema::build_schema();
        let directory = PagedDirectory::new(&manifest, cache.clone());
        let index = Index::create(directory, schema, IndexSettings::default())?;
        let analysis = manifest.analysis();
        analysis.register(&index);
        let id = SegmentId::from_uuid_string(SEGMENT_ID)
            .map_err(|_| Error("the search index's segment id is not valid".into()))?;
        let meta = index.new_segment_meta(id, manifest.cards.count);
        let segment = SegmentReader::open(&index.segment(meta))?;
        Ok(Engine {
            manifest,
            thesaurus: OnceLock::new(),
            analysis,
            cache,
            index,
            segment,
            fields,
        })
    }

    /// Reads what every query needs before its first page fetch: each
    /// searched field's term dictionary index and token count, and the
    /// field norms of the scored fields. The hot bundle holds these bytes.
    pub(crate) fn load_query_essentials(&self) -> Result<(), Error> {
        let segment = &self.segment;
        for field in self.fields.text.iter().chain([&self.fields.category]) {
            segment.inverted_index(*field)?.total_num_tokens();
        }
        for field in &self.fields.text {
            segment.get_fieldnorms_reader(*field)?;
        }
        Ok(())
    }

    /// The byte range of every block of every term dictionary (native:
    /// the writer cuts the dictionaries' pages between blocks). Reading a
    /// term by its ordinal reads exactly its block; each block's last
    /// ordinal is found by an exponential then a binary search.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn dictionary_block_ranges(&self) -> Result<Vec<Range<u64>>, Error> {
        let segment = &self.segment;
        let mut blocks = Vec::new();
        let mut term = Vec::new();
        for field in self.fields.text.iter().chain([&self.fields.category]) {
            let inverted = segment.inverted_index(*field)?;
            let terms = inverted.terms();
            let block_of = |ordinal: u64, term: &mut Vec<u8>| -> Result<Range<u64>, Error> {
                lock(&self.cache).record();
                terms.ord_to_term(ordinal, term)?;
                let read = lock(&self.cache).take_recorded();
                match read.as_slice() {
                    [block] => Ok(block.clone()),
                    _ => Err(Error("a dictionary block was not read whole".into())),
                }
            };
            let count = terms.num_terms() as u64;
            let mut ordinal = 0;
            while ordinal < count {
                let block = block_of(ordinal, &mut term)?;
                let (mut inside, mut step) = (ordinal, 1);
                let mut outside = loop {
                    let probe = inside + step;
                    if probe >= count {
                        break count;
                    }
                    if block_of(probe, &mut term)? != block {
                        break probe;
                    }
                    inside = probe;
                    step *= 2;
                };
                while outside - inside > 1 {
                    let middle = inside + (outside - inside) / 2;
                    if block_of(middle, &mut term)? == block {
                        inside = middle;
                    } else {
                        outside = middle;
                    }
                }
                blocks.push(block);
                ordinal = outside;
            }
        }
        Ok(blocks)
    }

    /// The byte ranges read so far, when the cache records them.
    pub(crate) fn take_recorded(&self) -> Vec<Range<u64>> {
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

    /// The stages of one attempt, in order. `Ok(None)`: waiting for pages.
    fn attempt(&self, request: &Request) -> Result<Option<Results>, Error> {
        let inverted = self.inverted()?;
        let (terms, scored) = match self.scored(request, &inverted, Scorer::Own)? {
            Stage3::Waiting => return Ok(None),
            Stage3::Nothing => return Ok(Some(Results::empty())),
            Stage3::Scored(terms, scored) => (terms, scored),
        };
        // Stage 4: result cards, only for the site pages shown.
        let pages = self.pages(&scored.top, request.limit);
        let Some(cards) = self.read_cards(&pages)? else {
            return Ok(None);
        };
        // Stage 5: page results with highlighted excerpts, and the words
        // each page's best document has.
        let all: BTreeSet<u32> = scored.top[..scored.all].iter().map(|(_, d)| *d).collect();
        let best: Vec<u32> = pages.iter().map(|(_, d)| *d).collect();
        let in_all: Vec<bool> = best.iter().map(|d| all.contains(d)).collect();
        let coverage = terms.coverage(&inverted.text, &best, &in_all)?;
        let snippets = Snippets::new(&self.index, &self.fields, terms)?;
        Ok(Some(Results {
            mode: scored.mode,
            matched_documents: scored.count,
            hits: results::hits(cards, coverage, &snippets),
        }))
    }

    /// The pages of stage 1 (the dictionary blocks the query's words look
    /// in) that are not loaded yet, for the browser to fetch while the
    /// reader is still typing, before the search itself starts: its first
    /// round then finds them loaded, or on their way. Nothing while the
    /// word being typed has fewer than [`PREFETCH_MIN_CHARS`] characters
    /// (its completions span too many blocks to fetch on a guess); the
    /// search itself still reads them.
    pub fn prefetch(&self, request: &Request) -> Result<Vec<u32>, Error> {
        let Some(plan) = self.plan(request)? else {
            return Ok(Vec::new());
        };
        let short = |w: &query::Word| w.prefix && w.surface.chars().count() < PREFETCH_MIN_CHARS;
        if plan.words.iter().any(short) {
            return Ok(Vec::new());
        }
        let inverted = self.inverted()?;
        lock(&self.cache).take_missing();
        let loaded = self.stage_one(&plan, request, &inverted);
        let missing = lock(&self.cache).take_missing();
        match loaded {
            Err(e) if missing.is_empty() => Err(e),
            _ => Ok(missing),
        }
    }

    /// The query read into words and phrases, its common words marked
    /// known; `None` when it has nothing to search.
    fn plan(&self, request: &Request) -> Result<Option<Plan>, Error> {
        check_stemmer(&self.analysis)?;
        let thesaurus = self.thesaurus.get_or_init(|| Thesaurus::of(&self.analysis));
        let mut plan = query::parse(&request.text, &self.analysis, thesaurus);
        if plan.is_empty() {
            return Ok(None);
        }
        self.mark_common(&mut plan);
        Ok(Some(plan))
    }

    /// Stage 1: dictionary blocks of the words as typed and of their typo
    /// variants (then, in [`Engine::scored`], which words the index knows).
    /// Both passes are read in one round, before it is known which words
    /// are typos: waiting to know would add a round of requests to every
    /// query with a typo, for a few pages saved on the others. Words of the
    /// manifest's common words are known already, and read no typo blocks.
    /// False while pages are missing.
    fn stage_one(
        &self,
        plan: &Plan,
        request: &Request,
        inverted: &Inverted,
    ) -> Result<bool, Error> {
        let mut blocks = self.dictionary_blocks(plan, request, inverted, Pass::Exact)?;
        blocks.extend(self.dictionary_blocks(plan, request, inverted, Pass::Fuzzy)?);
        ready(blocks)
    }

    /// Stages 1 to 3 of an attempt: the words' dictionary blocks, their
    /// expansions and postings, then the documents scored by `scorer`.
    fn scored(
        &self,
        request: &Request,
        inverted: &Inverted,
        scorer: Scorer,
    ) -> Result<Stage3, Error> {
        let Some(mut plan) = self.plan(request)? else {
            return Ok(Stage3::Nothing);
        };
        if !self.stage_one(&plan, request, inverted)? {
            return Ok(Stage3::Waiting);
        }
        self.mark_known(&mut plan, inverted)?;
        // Stage 2: expansion, then postings.
        let variants = self.expansions(&plan, inverted)?;
        if !ready(self.postings(&plan, request, inverted, &variants))? {
            return Ok(Stage3::Waiting);
        }
        // Stage 3: scoring.
        let category = request.category.as_deref();
        let limit = tree::documents_limit(request.limit);
        let search = match scorer {
            Scorer::Own => tree::evaluator(&self.segment, limit),
            #[cfg(not(target_arch = "wasm32"))]
            Scorer::Reference => reference::searcher(&self.index, &self.segment, limit)?,
        };
        let scored = tree::score(&self.fields, &plan, category, &variants, limit, &*search)?;
        Ok(match scored {
            Some(scored) => Stage3::Scored(Terms::new(&plan, &variants), scored),
            None => Stage3::Nothing,
        })
    }

    /// The documents a search scores (stages 1 to 3), by `scorer`, or
    /// the pages missing (load them and ask again). For the differential
    /// tests, which compare the engine's evaluator with tantivy's query
    /// path.
    #[cfg(not(target_arch = "wasm32"))]
    #[doc(hidden)]
    pub fn documents(
        &self,
        request: &Request,
        scorer: Scorer,
    ) -> Result<Result<Documents, Vec<u32>>, Error> {
        let inverted = self.inverted()?;
        lock(&self.cache).take_missing();
        let stage = self.scored(request, &inverted, scorer);
        let missing = lock(&self.cache).take_missing();
        if !missing.is_empty() {
            return Ok(Err(missing));
        }
        Ok(Ok(match stage? {
            Stage3::Waiting => return Err(Error("a stage waited without naming a page".into())),
            Stage3::Nothing => Documents::default(),
            Stage3::Scored(_, scored) => Documents {
                top: scored.top,
                all: scored.all,
                count: scored.count,
                any: scored.mode == Mode::Any,
            },
        }))
    }

    /// The inverted indexes of the only segment.
    fn inverted(&self) -> Result<Inverted, Error> {
        let segment = &self.segment;
        let text = self
            .fields
            .text
            .iter()
            .map(|&field| segment.inverted_index(field))
            .collect::<tantivy::Result<_>>()?;
        let category = segment.inverted_index(self.fields.category)?;
        Ok(Inverted { text, category })
    }

    /// Stage 1: reads of the term dictionary blocks that every word (in
    /// every field), every phrase word and the category filter look in:
    /// in [`Pass::Exact`] the words' stems and completions that start with
    /// the word being typed, in [`Pass::Fuzzy`] the typo variants of the
    /// words not [known](query::Word::known).
    fn dictionary_blocks<'a>(
        &self,
        plan: &'a Plan,
        request: &'a Request,
        inverted: &'a Inverted,
        pass: Pass,
    ) -> Result<Vec<Stage<'a>>, Error> {
        let mut stages: Vec<Stage<'a>> = Vec::new();
        for word in &plan.words {
            for (i, inv) in inverted.text.iter().enumerate() {
                let field = self.fields.text[i];
                if word.stem.is_empty() && pass == Pass::Fuzzy {
                    continue;
                }
                for fuzzy in automata(field, word, pass)? {
                    stages.push(Box::pin(async move {
                        fuzzy.load(inv).await?;
                        Ok(())
                    }));
                }
                if pass == Pass::Fuzzy {
                    continue;
                }
                for alternative in &word.alternatives {
                    for (_, stem) in &alternative.stems {
                        let stem = stem.clone();
                        stages.push(Box::pin(async move {
                            inv.terms().get_async(stem.as_bytes()).await.map(|_| ())
                        }));
                    }
                }
                if word.stem.is_empty() {
                    continue;
                }
                let exact = word.stem.clone();
                stages.push(Box::pin(async move {
                    inv.terms().get_async(exact.as_bytes()).await.map(|_| ())
                }));
            }
        }
        if pass == Pass::Fuzzy {
            return Ok(stages);
        }
        for phrase in &plan.phrases {
            for (_, stem) in phrase {
                for inv in &inverted.text {
                    let stem = stem.clone();
                    stages.push(Box::pin(async move {
                        inv.terms().get_async(stem.as_bytes()).await.map(|_| ())
                    }));
                }
            }
        }
        if let Some(category) = &request.category {
            let key = category.clone();
            let inv = &inverted.category;
            stages.push(Box::pin(async move {
                inv.terms().get_async(key.as_bytes()).await.map(|_| ())
            }));
        }
        Ok(stages)
    }

    /// Before stage 1: marks the words the manifest lists as common (or,
    /// for the word being typed, that start a common word) as known. They
    /// are a subset of what [`Engine::mark_known`] finds, so this changes
    /// no result, only which dictionary blocks are read.
    fn mark_common(&self, plan: &mut Plan) {
        let common = &self.manifest.common_words;
        for word in &mut plan.words {
            if word.stem.is_empty() {
                continue;
            }
            word.known =
                common.contains(&word.stem) || (word.prefix && common.starts_one(&word.surface));
        }
    }

    /// Stage 1, continued: marks the words the index knows (in enough
    /// documents of some field, [`query::known_threshold`]): they are no
    /// typos.
    fn mark_known(&self, plan: &mut Plan, inverted: &Inverted) -> Result<(), Error> {
        let threshold = query::known_threshold(self.segment.max_doc());
        for word in &mut plan.words {
            if word.stem.is_empty() {
                continue;
            }
            let mut most = 0;
            for (i, inv) in inverted.text.iter().enumerate() {
                most = most.max(documents_with(inv, self.fields.text[i], word)?);
            }
            word.known |= most >= threshold;
        }
        Ok(())
    }

    /// Stage 2: the terms each word expands to, per word, with the index of
    /// their field.
    fn expansions(
        &self,
        plan: &Plan,
        inverted: &Inverted,
    ) -> Result<Vec<Vec<(usize, Variant)>>, Error> {
        let mut variants: Vec<Vec<(usize, Variant)>> = Vec::new();
        for word in &plan.words {
            let mut per_word = Vec::new();
            for (i, inv) in inverted.text.iter().enumerate() {
                let field = self.fields.text[i];
                if !word.stem.is_empty() {
                    for variant in expand(inv, &self.fields, field, word)? {
                        per_word.push((i, variant));
                    }
                }
                for variant in alternatives(inv, field, TEXT_FIELDS[i].1, word)? {
                    per_word.push((i, variant));
                }
            }
            variants.push(per_word);
        }
        Ok(variants)
    }

    /// Stage 2, continued: reads of the postings of every variant, every
    /// phrase word (with positions) and the category.
    fn postings<'a>(
        &self,
        plan: &'a Plan,
        request: &'a Request,
        inverted: &'a Inverted,
        variants: &'a [Vec<(usize, Variant)>],
    ) -> Vec<Stage<'a>> {
        let mut stages: Vec<Stage<'a>> = Vec::new();
        for (i, variant) in variants.iter().flatten() {
            let inv = &inverted.text[*i];
            for (_, term) in variant.terms() {
                let positions = variant.is_phrase();
                stages.push(Box::pin(async move {
                    inv.warm_postings(&term, positions).await.map(|_| ())
                }));
            }
        }
        for phrase in &plan.phrases {
            for (_, stem) in phrase {
                for (i, inv) in inverted.text.iter().enumerate() {
                    let term = Term::from_field_text(self.fields.text[i], stem);
                    stages.push(Box::pin(async move {
                        inv.warm_postings(&term, true).await.map(|_| ())
                    }));
                }
            }
        }
        if let Some(category) = &request.category {
            let term = Term::from_field_text(self.fields.category, category);
            let inv = &inverted.category;
            stages.push(Box::pin(async move {
                inv.warm_postings(&term, false).await.map(|_| ())
            }));
        }
        stages
    }

    /// Stage 4: the best document of each site page found (`(score, doc
    /// id)`, `top` is best first), in that order; the first `limit` pages.
    fn pages(&self, top: &[(f32, u32)], limit: usize) -> Vec<(f32, u32)> {
        let mut seen: BTreeSet<u32> = BTreeSet::new();
        top.iter()
            .filter(|(_, doc)| seen.insert(self.manifest.group_of(*doc)))
            .take(limit.max(1))
            .copied()
            .collect()
    }

    /// Stage 4, continued: the result card of each page's best document
    /// (an article's card holds its sections, a troubleshooter's first
    /// step's its other steps). `None` when card pages are missing (all of
    /// them are recorded).
    fn read_cards(&self, pages: &[(f32, u32)]) -> Result<Option<Vec<(f32, Card)>>, Error> {
        let mut cards = Vec::with_capacity(pages.len());
        let mut complete = true;
        let mut cache = lock(&self.cache);
        for &(score, doc) in pages {
            let Some((range, position)) = self.manifest.card_of(doc) else {
                return Err(Error("a result has no card".into()));
            };
            match cache.read(range) {
                Some(bytes) if complete => cards.push((score, decode_card(&bytes, position)?)),
                Some(_) => {}
                None => complete = false,
            }
        }
        Ok(complete.then_some(cards))
    }
}

/// The card at `position` among the cards that start at `bytes`.
fn decode_card(bytes: &[u8], position: usize) -> Result<Card, Error> {
    let mut d = Decoder::new(bytes);
    let mut card = None;
    for _ in 0..=position {
        card = Card::decode(&mut d);
    }
    card.ok_or_else(|| Error("a result card is damaged".into()))
}
