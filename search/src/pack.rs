//! The packed index: one address space holding tantivy's segment files and
//! the result cards, cut into fixed-size pages, plus a small "hot" bundle
//! (manifest and the byte ranges every query needs) that is fetched first.
//!
//! ```text
//! hot bundle = "HBSX" version manifest spans
//! manifest   = language stop_words synonyms optional_words stemmer
//!              page_size card_page_size
//!              total_len files cards groups categories inline
//!              cuts common_words
//! pages      = the term dictionaries (the first file) in pages cut
//!              between their blocks (`cuts`), the other segment files in
//!              pages of page_size, then the cards in smaller pages of
//!              card_page_size (a result reads little)
//! ```

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::codec::{Decoder, Encoder};
use crate::common_words::CommonWords;
use crate::schema::Analysis;

/// Identifies the format; bumped on any incompatible change.
pub(crate) const MAGIC: &[u8; 4] = b"HBSX";
/// Version of the packed format.
pub const VERSION: u64 = 8;
/// The id of the one segment of every packed index (its files are named
/// `<SEGMENT_ID>.<ext>`), so that tantivy's random ids never reach the
/// output and a reader needs no `meta.json` to find it.
pub(crate) const SEGMENT_ID: &str = "00000000000000000000000000000001";

/// One tantivy file inside the address space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEntry {
    /// File name as tantivy asks for it (`<segment>.idx`).
    pub name: String,
    /// Start in the address space.
    pub offset: u64,
    /// Length in bytes.
    pub len: u64,
}

/// Where the result cards are: `per_page` to a card page, in doc-id order
/// (doc `d` is card `d % per_page` of card page `d / per_page`), so finding
/// a card needs no table (a table of card offsets grew with the site: 187
/// KB of a 50,000-article site's hot bundle).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardTable {
    /// Start of the cards in the address space.
    pub offset: u64,
    /// Number of cards (one per tantivy document, in doc-id order).
    pub count: u32,
    /// Cards per card page.
    pub per_page: u32,
}

/// A category a query can be restricted to (in the JSON the wasm module
/// answers `hb_open` with: `{"key":…,"name":…}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Category {
    /// Folder path under `content/` (`account-access`, `business/payouts`).
    pub key: String,
    /// Display name.
    pub name: String,
}

/// How the address space is cut into pages: pages starting at `cuts` up to
/// its last entry (the term dictionaries), then the segment files in pages
/// of `page_size`, then, from `split` (the cards), pages of
/// `card_page_size`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Layout {
    /// Starts of the first pages and the end of the last of them
    /// (ascending; empty: every segment page is `page_size`).
    pub cuts: Arc<[u64]>,
    /// Page size of the segment files.
    pub page_size: u64,
    /// Page size of the cards.
    pub card_page_size: u64,
    /// Where the cards start.
    pub split: u64,
    /// Length of the address space.
    pub total_len: u64,
}

impl Layout {
    /// Number of pages given by `cuts`, and where they end.
    fn cut(&self) -> (u64, u64) {
        let end = self.cuts.last().copied().unwrap_or(0).min(self.split);
        (self.cuts.len().saturating_sub(1) as u64, end)
    }

    fn first_card_page(&self) -> u64 {
        let (pages, end) = self.cut();
        pages + (self.split - end).div_ceil(self.page_size.max(1))
    }

    /// Number of pages.
    pub(crate) fn page_count(&self) -> u32 {
        let cards = self.total_len.saturating_sub(self.split);
        (self.first_card_page() + cards.div_ceil(self.card_page_size.max(1))) as u32
    }

    /// The page holding byte `pos`.
    pub(crate) fn page_of(&self, pos: u64) -> u32 {
        let (pages, end) = self.cut();
        if pos < end {
            (self.cuts.partition_point(|&start| start <= pos) - 1) as u32
        } else if pos < self.split {
            (pages + (pos - end) / self.page_size.max(1)) as u32
        } else {
            (self.first_card_page() + (pos - self.split) / self.card_page_size.max(1)) as u32
        }
    }

    /// The bytes of page `page`.
    pub(crate) fn page_range(&self, page: u32) -> Range<u64> {
        let page = u64::from(page);
        let first_card = self.first_card_page();
        let (pages, end) = self.cut();
        if page < pages {
            self.cuts[page as usize]..self.cuts[page as usize + 1]
        } else if page < first_card {
            let start = end + (page - pages) * self.page_size;
            start..(start + self.page_size).min(self.split)
        } else {
            let start = self.split + (page - first_card) * self.card_page_size;
            start.min(self.total_len)..(start + self.card_page_size).min(self.total_len)
        }
    }
}

/// Everything a reader needs to know before touching the pages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    /// BCP 47 language tag of the content (decides stemming).
    pub language: String,
    /// The words the index left out, left out of queries too.
    pub stop_words: Vec<String>,
    /// Groups of words and phrases that find each other in queries.
    pub synonyms: Vec<Vec<String>>,
    /// Filler words a query may contain that results need not contain.
    pub optional_words: Vec<String>,
    /// The browser's stemmer module for the language (WebAssembly), empty
    /// for a language without a stemmer (see the crate's `stem` module).
    pub stemmer: Vec<u8>,
    /// Size of a page of segment files in bytes.
    pub page_size: u32,
    /// Size of a page of cards in bytes.
    pub card_page_size: u32,
    /// Length of the address space.
    pub total_len: u64,
    /// tantivy files in the address space.
    pub files: Vec<FileEntry>,
    /// The result cards.
    pub cards: CardTable,
    /// First doc id of each group (a page of the site: an article and its
    /// sections), ascending; results are grouped without reading cards.
    pub groups: Vec<u32>,
    /// Categories, in display order.
    pub categories: Vec<Category>,
    /// Whether the hot bundle holds the whole address space (small sites).
    pub inline: bool,
    /// Where the pages of the term dictionaries start, and where the last
    /// of them ends (ascending, from 0; empty: pages of `page_size` from
    /// the start). Cut between dictionary blocks, so a block (6–8 KB) is
    /// one page, not the end of one and the start of the next.
    pub cuts: Vec<u64>,
    /// The index's most common words: a query word among them is no typo,
    /// known before any dictionary block is read.
    pub common_words: CommonWords,
}

impl Manifest {
    /// How the address space is cut into pages.
    pub(crate) fn layout(&self) -> Layout {
        Layout {
            cuts: Arc::from(self.cuts.as_slice()),
            page_size: u64::from(self.page_size.max(1)),
            card_page_size: u64::from(self.card_page_size.max(1)),
            split: self.cards.offset.min(self.total_len),
            total_len: self.total_len,
        }
    }

    /// Number of pages.
    pub fn page_count(&self) -> u32 {
        self.layout().page_count()
    }

    /// The byte range of page `page`.
    pub(crate) fn page_range(&self, page: u32) -> Range<u64> {
        self.layout().page_range(page)
    }

    /// How the index's text was analysed (queries are analysed the same way).
    pub(crate) fn analysis(&self) -> Analysis {
        Analysis {
            language: self.language.clone(),
            stop_words: self.stop_words.clone(),
            synonyms: self.synonyms.clone(),
            optional_words: self.optional_words.clone(),
        }
    }

    /// The byte range (in the address space) of the card page holding
    /// `doc`'s card, and the card's position on the page.
    pub(crate) fn card_of(&self, doc: u32) -> Option<(Range<u64>, usize)> {
        if doc >= self.cards.count || self.cards.per_page == 0 {
            return None;
        }
        let page_size = u64::from(self.card_page_size.max(1));
        let start = self.cards.offset + u64::from(doc / self.cards.per_page) * page_size;
        let end = (start + page_size).min(self.total_len);
        (start < end).then(|| (start..end, (doc % self.cards.per_page) as usize))
    }

    /// The group (site page) of a document.
    pub(crate) fn group_of(&self, doc: u32) -> u32 {
        self.groups
            .partition_point(|&start| start <= doc)
            .saturating_sub(1) as u32
    }

    fn encode(&self, e: &mut Encoder) {
        e.str(&self.language);
        e.uint(self.stop_words.len() as u64);
        for word in &self.stop_words {
            e.str(word);
        }
        e.uint(self.synonyms.len() as u64);
        for group in &self.synonyms {
            e.uint(group.len() as u64);
            for member in group {
                e.str(member);
            }
        }
        e.uint(self.optional_words.len() as u64);
        for word in &self.optional_words {
            e.str(word);
        }
        e.blob(&self.stemmer);
        e.uint(u64::from(self.page_size));
        e.uint(u64::from(self.card_page_size));
        e.uint(self.total_len);
        e.uint(self.files.len() as u64);
        for file in &self.files {
            e.str(&file.name);
            e.uint(file.offset);
            e.uint(file.len);
        }
        e.uint(self.cards.offset);
        e.uint(u64::from(self.cards.count));
        e.uint(u64::from(self.cards.per_page));
        e.uint(self.groups.len() as u64);
        let mut previous = 0;
        for &start in &self.groups {
            e.uint(u64::from(start - previous));
            previous = start;
        }
        e.uint(self.categories.len() as u64);
        for category in &self.categories {
            e.str(&category.key);
            e.str(&category.name);
        }
        e.uint(u64::from(self.inline));
        e.uint(self.cuts.len() as u64);
        let mut previous = 0;
        for &cut in &self.cuts {
            e.uint(cut - previous);
            previous = cut;
        }
        self.common_words.encode(e);
    }

    fn decode(d: &mut Decoder<'_>) -> Option<Manifest> {
        let language = d.str()?.to_owned();
        let stop_count = d.usize()?;
        let mut stop_words = Vec::with_capacity(stop_count.min(4096));
        for _ in 0..stop_count {
            stop_words.push(d.str()?.to_owned());
        }
        let group_count = d.usize()?;
        let mut synonyms = Vec::with_capacity(group_count.min(4096));
        for _ in 0..group_count {
            let members = d.usize()?;
            let mut group = Vec::with_capacity(members.min(64));
            for _ in 0..members {
                group.push(d.str()?.to_owned());
            }
            synonyms.push(group);
        }
        let optional_count = d.usize()?;
        let mut optional_words = Vec::with_capacity(optional_count.min(4096));
        for _ in 0..optional_count {
            optional_words.push(d.str()?.to_owned());
        }
        let stemmer = d.blob()?.to_vec();
        let page_size = u32::try_from(d.uint()?).ok()?;
        let card_page_size = u32::try_from(d.uint()?).ok()?;
        let total_len = d.uint()?;
        let file_count = d.usize()?;
        let mut files = Vec::with_capacity(file_count.min(64));
        for _ in 0..file_count {
            files.push(FileEntry {
                name: d.str()?.to_owned(),
                offset: d.uint()?,
                len: d.uint()?,
            });
        }
        let offset = d.uint()?;
        let count = u32::try_from(d.uint()?).ok()?;
        let per_page = u32::try_from(d.uint()?).ok()?;
        let group_count = d.usize()?;
        let mut groups = Vec::with_capacity(group_count.min(1 << 20));
        let mut previous = 0u32;
        for _ in 0..group_count {
            previous = previous.checked_add(u32::try_from(d.uint()?).ok()?)?;
            groups.push(previous);
        }
        let category_count = d.usize()?;
        let mut categories = Vec::with_capacity(category_count.min(4096));
        for _ in 0..category_count {
            categories.push(Category {
                key: d.str()?.to_owned(),
                name: d.str()?.to_owned(),
            });
        }
        let inline = d.uint()? != 0;
        let cut_count = d.usize()?;
        let mut cuts = Vec::with_capacity(cut_count.min(1 << 20));
        let mut previous = 0u64;
        for _ in 0..cut_count {
            previous = previous.checked_add(d.uint()?)?;
            cuts.push(previous);
        }
        if cuts.first().is_some_and(|&first| first != 0)
            || cuts.last().is_some_and(|&l| l > total_len)
        {
            return None;
        }
        let common_words = CommonWords::decode(d)?;
        Some(Manifest {
            language,
            stop_words,
            synonyms,
            optional_words,
            stemmer,
            page_size,
            card_page_size,
            total_len,
            files,
            cards: CardTable {
                offset,
                count,
                per_page,
            },
            groups,
            categories,
            inline,
            cuts,
            common_words,
        })
    }
}

/// The first file a reader fetches: the manifest plus byte ranges of the
/// address space (the ranges opening the index reads, or everything when
/// `manifest.inline`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HotBundle {
    /// The manifest.
    pub manifest: Manifest,
    /// `(start, bytes)` ranges of the address space, sorted, not overlapping.
    pub spans: Vec<(u64, Vec<u8>)>,
}

impl HotBundle {
    /// Encodes the bundle (uncompressed).
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::default();
        e.bytes.extend_from_slice(MAGIC);
        e.uint(VERSION);
        self.manifest.encode(&mut e);
        e.uint(self.spans.len() as u64);
        let mut previous_end = 0;
        for (start, bytes) in &self.spans {
            e.uint(start - previous_end);
            e.blob(bytes);
            previous_end = start + bytes.len() as u64;
        }
        e.bytes
    }

    /// Decodes a bundle; `None` when it is not one, or of another version.
    pub fn decode(bytes: &[u8]) -> Option<HotBundle> {
        let mut d = Decoder::new(bytes);
        if d.raw(4)? != MAGIC || d.uint()? != VERSION {
            return None;
        }
        let manifest = Manifest::decode(&mut d)?;
        let span_count = d.usize()?;
        let mut spans = Vec::with_capacity(span_count.min(1 << 16));
        let mut previous_end = 0u64;
        for _ in 0..span_count {
            let start = previous_end.checked_add(d.uint()?)?;
            let data = d.blob()?.to_vec();
            previous_end = start.checked_add(data.len() as u64)?;
            spans.push((start, data));
        }
        Some(HotBundle { manifest, spans })
    }
}

/// The bytes of the address space a reader has so far: pages fetched on
/// demand plus the hot spans. Reads of bytes it does not have record the
/// pages they need, so a caller can fetch them all at once and retry.
pub(crate) struct PageCache {
    layout: Layout,
    pages: HashMap<u32, Arc<[u8]>>,
    spans: Vec<(u64, Arc<Vec<u8>>)>,
    missing: BTreeSet<u32>,
    recorded: Option<Vec<Range<u64>>>,
    loader: Option<PageLoader>,
}

/// Reads a page a [`PageCache`] does not have (the writer's index, part of
/// which is in files while it is built).
pub(crate) type PageLoader = Box<dyn Fn(u32) -> Option<Vec<u8>> + Send>;

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("pages", &self.pages.len())
            .field("spans", &self.spans.len())
            .field("missing", &self.missing)
            .finish_non_exhaustive()
    }
}

impl PageCache {
    /// A cache holding the hot spans of `bundle`.
    pub(crate) fn new(bundle: HotBundle) -> PageCache {
        PageCache {
            layout: bundle.manifest.layout(),
            pages: HashMap::new(),
            spans: bundle
                .spans
                .into_iter()
                .map(|(start, bytes)| (start, Arc::new(bytes)))
                .collect(),
            missing: BTreeSet::new(),
            recorded: None,
            loader: None,
        }
    }

    /// A cache holding `spans` of the address space of `manifest`, shared
    /// with the caller, and reading any other page it needs with `loader`
    /// (the writer lends it the whole index this way).
    pub(crate) fn with_spans(
        manifest: &Manifest,
        spans: Vec<(u64, Arc<Vec<u8>>)>,
        loader: Option<PageLoader>,
    ) -> PageCache {
        PageCache {
            layout: manifest.layout(),
            pages: HashMap::new(),
            spans,
            missing: BTreeSet::new(),
            recorded: None,
            loader,
        }
    }

    /// Starts recording every range read (used at build time to find what
    /// opening the index touches).
    pub(crate) fn record(&mut self) {
        self.recorded = Some(Vec::new());
    }

    /// Stops recording and returns the ranges read.
    pub(crate) fn take_recorded(&mut self) -> Vec<Range<u64>> {
        self.recorded.take().unwrap_or_default()
    }

    /// Adds a fetched page. Returns false (and keeps nothing) when the page
    /// number or length does not fit the address space.
    pub(crate) fn insert_page(&mut self, page: u32, bytes: Vec<u8>) -> bool {
        let range = self.layout.page_range(page);
        if page >= self.layout.page_count() || bytes.len() as u64 != range.end - range.start {
            return false;
        }
        self.missing.remove(&page);
        self.pages.insert(page, Arc::from(bytes));
        true
    }

    /// Pages that reads asked for and did not find, in order; clears the list.
    pub(crate) fn take_missing(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.missing).into_iter().collect()
    }

    /// Bytes `range` of the address space, or `None` after recording the
    /// pages that are missing.
    pub(crate) fn read(&mut self, range: Range<u64>) -> Option<Vec<u8>> {
        if range.end > self.layout.total_len || range.start > range.end {
            return None;
        }
        if let Some(recorded) = &mut self.recorded {
            recorded.push(range.clone());
        }
        let mut out = Vec::with_capacity((range.end - range.start) as usize);
        let mut pos = range.start;
        let mut complete = true;
        while pos < range.end {
            let page = self.layout.page_of(pos);
            let page_range = self.layout.page_range(page);
            let page_start = page_range.start;
            if let Some(bytes) = self.pages.get(&page) {
                let end = range.end.min(page_start + bytes.len() as u64);
                if complete {
                    out.extend_from_slice(
                        &bytes[(pos - page_start) as usize..(end - page_start) as usize],
                    );
                }
                pos = end;
                continue;
            }
            if let Some((start, bytes)) = self.span_at(pos) {
                let end = range.end.min(start + bytes.len() as u64);
                if complete {
                    out.extend_from_slice(&bytes[(pos - start) as usize..(end - start) as usize]);
                }
                pos = end;
                continue;
            }
            if let Some(bytes) = self.loader.as_ref().and_then(|load| load(page)) {
                if bytes.len() as u64 == page_range.end - page_range.start {
                    self.pages.insert(page, Arc::from(bytes));
                    continue;
                }
            }
            complete = false;
            self.missing.insert(page);
            pos = page_range.end;
        }
        complete.then_some(out)
    }

    fn span_at(&self, pos: u64) -> Option<(u64, Arc<Vec<u8>>)> {
        let index = self.spans.partition_point(|(start, _)| *start <= pos);
        let (start, bytes) = self.spans.get(index.checked_sub(1)?)?;
        (pos < start + bytes.len() as u64).then(|| (*start, bytes.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(total: u64, spans: Vec<(u64, Vec<u8>)>) -> HotBundle {
        HotBundle {
            manifest: Manifest {
                language: "en".into(),
                stop_words: vec!["the".into(), "a".into()],
                synonyms: vec![vec!["log in".into(), "login".into()]],
                optional_words: vec!["problem".into()],
                stemmer: b"\0asm".to_vec(),
                page_size: 4,
                card_page_size: 4,
                total_len: total,
                files: vec![FileEntry {
                    name: "a.idx".into(),
                    offset: 0,
                    len: total,
                }],
                cards: CardTable {
                    offset: total,
                    count: 5,
                    per_page: 2,
                },
                groups: vec![0, 2],
                categories: vec![Category {
                    key: "k".into(),
                    name: "K".into(),
                }],
                inline: false,
                cuts: Vec::new(),
                common_words: CommonWords::new(vec!["password".into(), "account".into()]),
            },
            spans,
        }
    }

    #[test]
    fn hot_bundle_round_trips() {
        let mut b = bundle(10, vec![(1, vec![1, 2]), (6, vec![7])]);
        assert_eq!(HotBundle::decode(&b.encode()), Some(b.clone()));
        b.manifest.cuts = vec![0, 3, 4];
        assert_eq!(HotBundle::decode(&b.encode()), Some(b.clone()));
        b.manifest.cuts = vec![0, 3, 11];
        assert_eq!(HotBundle::decode(&b.encode()), None, "cut past the end");
        assert_eq!(HotBundle::decode(b"nope"), None);
    }

    #[test]
    fn reads_combine_pages_and_spans_and_record_misses() {
        let mut cache = PageCache::new(bundle(10, vec![(5, vec![50, 60])]));
        assert_eq!(cache.read(0..6), None);
        assert_eq!(cache.take_missing(), vec![0, 1]);
        assert!(cache.insert_page(0, vec![0, 1, 2, 3]));
        assert_eq!(cache.read(2..7), None, "byte 4 is on page 1, not in a span");
        assert_eq!(cache.take_missing(), vec![1]);
        assert_eq!(cache.read(5..7), Some(vec![50, 60]));
        assert!(cache.insert_page(1, vec![4, 5, 6, 7]));
        assert_eq!(cache.read(2..7), Some(vec![2, 3, 4, 5, 6]));
        assert!(!cache.insert_page(2, vec![1, 2, 3]), "last page is 2 bytes");
        assert!(cache.insert_page(2, vec![8, 9]));
        assert!(!cache.insert_page(3, vec![]));
        assert_eq!(cache.read(8..11), None, "past the end");
    }

    #[test]
    fn two_page_sizes() {
        let layout = Layout {
            cuts: Arc::from(&[][..]),
            page_size: 8,
            card_page_size: 3,
            split: 10,
            total_len: 17,
        };
        assert_eq!(layout.page_count(), 2 + 3);
        assert_eq!(layout.page_range(1), 8..10);
        assert_eq!(layout.page_range(2), 10..13);
        assert_eq!(layout.page_range(4), 16..17);
        assert_eq!(layout.page_of(9), 1);
        assert_eq!(layout.page_of(10), 2);
        assert_eq!(layout.page_of(16), 4);
    }

    #[test]
    fn pages_cut_between_dictionary_blocks_then_fixed_pages() {
        let layout = Layout {
            cuts: Arc::from(&[0, 5, 9, 12][..]),
            page_size: 4,
            card_page_size: 3,
            split: 20,
            total_len: 23,
        };
        // Pages: 0..5, 5..9, 9..12 (cut), 12..16, 16..20 (fixed), 20..23 (cards).
        assert_eq!(layout.page_count(), 6);
        assert_eq!(layout.page_range(0), 0..5);
        assert_eq!(layout.page_range(2), 9..12);
        assert_eq!(layout.page_range(3), 12..16);
        assert_eq!(layout.page_range(4), 16..20);
        assert_eq!(layout.page_range(5), 20..23);
        for (pos, page) in [
            (0, 0),
            (4, 0),
            (5, 1),
            (11, 2),
            (12, 3),
            (19, 4),
            (20, 5),
            (22, 5),
        ] {
            assert_eq!(layout.page_of(pos), page, "byte {pos}");
        }
    }

    #[test]
    fn groups() {
        let b = bundle(10, vec![]);
        assert_eq!(b.manifest.group_of(0), 0);
        assert_eq!(b.manifest.group_of(1), 0);
        assert_eq!(b.manifest.group_of(4), 1);
    }

    #[test]
    fn cards_are_found_by_doc_id_alone() {
        let mut m = bundle(10, vec![]).manifest;
        m.total_len = 22; // three card pages of 4 bytes from 10
        assert_eq!(m.card_of(0), Some((10..14, 0)));
        assert_eq!(m.card_of(1), Some((10..14, 1)));
        assert_eq!(m.card_of(3), Some((14..18, 1)));
        assert_eq!(m.card_of(4), Some((18..22, 0)));
        assert_eq!(m.card_of(5), None, "past the last card");
        m.total_len = 20;
        assert_eq!(m.card_of(4), Some((18..20, 0)), "a short last page");
    }
}
