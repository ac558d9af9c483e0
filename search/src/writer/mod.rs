//! Building the packed index (native only): tantivy in RAM, one merged
//! segment written deterministically, then cut into pages with a hot bundle.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::directory::RamDirectory;
use tantivy::index::{Segment, SegmentComponent, SegmentId};
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::TantivyDocument;
use tantivy::{Directory, Index, IndexSettings, IndexWriter, ReloadPolicy};

use crate::card::Card;
use crate::codec::{Decoder, Encoder};
use crate::engine::Engine;
use crate::pack::{CardTable, Category, FileEntry, HotBundle, Manifest, PageCache};
use crate::schema::{self, Analysis, Fields};

/// Default page size in bytes (4 KiB measured best on the corpora: 8 KiB
/// pages fetch ~30% more bytes for a first query, 2 KiB twice the requests).
pub const PAGE_SIZE: u32 = 4 * 1024;
/// Page size of the result cards (a result reads one).
pub const CARD_PAGE_SIZE: u32 = 2560;
/// Cards per card page: a card is found from its doc id alone. Four cards
/// average 1.9 KB on the real corpus (mshelp-full); 2.1% of its pages have
/// longer ones, whose longest texts are shortened to fit (by 122 bytes in
/// all, on average), the rest is zeros, which gzip takes to nothing.
pub const CARDS_PER_PAGE: u32 = 4;
/// The segment id every packed index uses, so that tantivy's random ids
/// never reach the output.
pub const SEGMENT_ID: &str = "00000000000000000000000000000001";
/// Text per indexing batch on large sites: each batch becomes one segment,
/// merged in order.
const BATCH_TEXT_BYTES: usize = 8 << 20;
const WRITER_MEMORY: usize = 128 << 20;
/// Below this much text, one thread indexes everything into one segment,
/// with no merge: rendering the pages runs beside it and keeps the other
/// cores busy, so splitting would only add the merge's work (a fifteenth of
/// the index's at 4,560 articles). Its memory stays small (the 10,000
/// article bench site, ~90 MB of text, peaks at about 260 MB in all).
const SINGLE_SEGMENT_MAX: usize = 128 << 20;
/// The writer's memory budget for one segment of up to `SINGLE_SEGMENT_MAX`
/// of text (tantivy starts a new segment when it is exceeded).
const SINGLE_WRITER_MEMORY: usize = 1 << 30;
/// Largest index considered for inlining whole into the hot bundle.
const INLINE_MAX: usize = 1 << 20;

/// Text to index, shared with whoever else holds it: a document's body is
/// usually a slice of its page's whole text, which a large site should not
/// copy once per document.
#[derive(Clone, Debug, Default)]
pub struct Text {
    whole: Arc<str>,
    range: Range<usize>,
}

impl Text {
    /// `whole[range]`, or `None` when `range` is not a slice of `whole` on
    /// character boundaries.
    pub fn slice(whole: &Arc<str>, range: Range<usize>) -> Option<Text> {
        whole.get(range.clone())?;
        Some(Text {
            whole: whole.clone(),
            range,
        })
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.whole.get(self.range.clone()).unwrap_or_default()
    }

    /// The same text without leading and trailing white space.
    pub fn trimmed(&self) -> Text {
        let text = self.as_str();
        let start = self.range.start + (text.len() - text.trim_start().len());
        let end = start + text.trim().len();
        Text {
            whole: self.whole.clone(),
            range: start..end,
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<Arc<str>> for Text {
    fn from(whole: Arc<str>) -> Text {
        let range = 0..whole.len();
        Text { whole, range }
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::from(Arc::<str>::from(text))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::from(Arc::<str>::from(text))
    }
}

/// One document to index.
#[derive(Clone, Debug)]
pub struct Document {
    /// What a result for this document shows.
    pub card: Card,
    /// The title as indexed (weighted most); a section's heading goes in
    /// `headings` instead, so page titles outrank section headings.
    pub title: String,
    /// Keys of the document's category and its ancestors (for the filter).
    pub categories: Vec<String>,
    /// Headings inside the document.
    pub headings: String,
    /// The description (articles and categories).
    pub description: String,
    /// Keywords and synonyms.
    pub keywords: String,
    /// The text.
    pub body: Text,
}

/// What to index.
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// Language tag of the content.
    pub language: String,
    /// Categories, in display order.
    pub categories: Vec<Category>,
    /// The documents, in a stable order.
    pub documents: Vec<Document>,
    /// Page size (defaults to [`PAGE_SIZE`]).
    pub page_size: Option<u32>,
    /// Indexing threads: `None` uses every core on large inputs (one thread
    /// below a few megabytes of text); `Some(n)` always splits into `n`
    /// parts (tests compare the two).
    pub threads: Option<usize>,
}

impl Input {
    /// The build options of this input (no scratch folder: small inputs
    /// stay in memory).
    pub fn options(&self) -> Options {
        Options {
            language: self.language.clone(),
            categories: self.categories.clone(),
            page_size: self.page_size,
            threads: self.threads,
            scratch: None,
        }
    }
}

/// Where the documents come from, one site page at a time (an article and
/// its sections, a category, a troubleshooter and its steps): a large site
/// is indexed without all its documents existing at once.
pub trait Source: Sync {
    /// How many pages there are.
    fn pages(&self) -> usize;
    /// About how many bytes of text page `page` has (to share the work out
    /// evenly between threads).
    fn weight(&self, page: usize) -> usize;
    /// Appends the documents of page `page`, in order; they share one
    /// `card.page` number, distinct from every other page's.
    fn documents(&self, page: usize, out: &mut Vec<Document>);
}

/// Documents in memory (an [`Input`]'s) as a [`Source`]: their runs of
/// equal `card.page` are the pages.
pub struct Runs<'a> {
    documents: &'a [Document],
    starts: Vec<usize>,
}

impl<'a> Runs<'a> {
    /// The pages of `documents`.
    pub fn of(documents: &'a [Document]) -> Runs<'a> {
        let mut starts: Vec<usize> = (0..documents.len())
            .filter(|&i| i == 0 || documents[i - 1].card.page != documents[i].card.page)
            .collect();
        starts.push(documents.len());
        Runs { documents, starts }
    }

    fn run(&self, page: usize) -> &'a [Document] {
        &self.documents[self.starts[page]..self.starts[page + 1]]
    }
}

impl Source for Runs<'_> {
    fn pages(&self) -> usize {
        self.starts.len() - 1
    }

    fn weight(&self, page: usize) -> usize {
        self.run(page).iter().map(text_bytes).sum()
    }

    fn documents(&self, page: usize, out: &mut Vec<Document>) {
        out.extend_from_slice(self.run(page));
    }
}

/// How to build an index from a [`Source`].
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Language tag of the content.
    pub language: String,
    /// Categories, in display order.
    pub categories: Vec<Category>,
    /// Page size (defaults to [`PAGE_SIZE`]).
    pub page_size: Option<u32>,
    /// Indexing threads, as in [`Input::threads`].
    pub threads: Option<usize>,
    /// A folder for the result cards while the index is built, so that a
    /// large site's cards (most of its index) do not wait in memory; the
    /// writer deletes its files there. `None` keeps them in memory.
    pub scratch: Option<PathBuf>,
}

/// The packed index, ready to write.
#[derive(Clone, Debug)]
pub struct Packed {
    /// The hot bundle, gzipped.
    pub hot: Vec<u8>,
    /// The pages, gzipped (empty when everything is inline).
    pub pages: Vec<Vec<u8>>,
    /// Figures for reports.
    pub stats: Stats,
}

/// Sizes of the packed index.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Documents indexed.
    pub documents: usize,
    /// Bytes of the address space (segment files and cards), raw.
    pub raw_bytes: u64,
    /// Of which result cards.
    pub card_bytes: u64,
    /// The hot bundle, gzipped.
    pub hot_bytes: u64,
    /// All pages, gzipped.
    pub page_bytes: u64,
    /// Whether everything is inline in the hot bundle.
    pub inline: bool,
    /// Size of each tantivy file (`term`, `idx`, ...), raw.
    pub files: Vec<(String, u64)>,
}

/// Why building the index failed (tantivy errors; none are expected).
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "building the search index failed: {}", self.0)
    }
}

impl std::error::Error for Error {}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error(e.to_string())
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error(e.to_string())
    }
}

/// The packed address space, in parts (segment files, then the cards).
#[derive(Default)]
struct Space {
    parts: Vec<(u64, Arc<Part>)>,
    len: u64,
}

/// Bytes of the address space: in memory, in a scratch file, or the result
/// cards packed into card pages from the cards as written.
enum Part {
    Memory(Arc<Vec<u8>>),
    File { file: Mutex<File>, len: u64 },
    Cards(PackedCards),
}

/// The result cards as card pages: `per_page` cards to a page of
/// `page_size` bytes (texts shortened when they do not fit, the rest
/// zeros), made from the cards as the indexing threads wrote them each
/// time a page is read.
struct PackedCards {
    /// The cards, one after another.
    raw: Space,
    /// Where each card starts in `raw`, and where the last ends.
    starts: Vec<u64>,
    per_page: usize,
    page_size: usize,
}

impl PackedCards {
    fn pages(&self) -> usize {
        (self.starts.len() - 1).div_ceil(self.per_page.max(1))
    }

    /// Card page `page`.
    fn page(&self, page: usize) -> Result<Vec<u8>, Error> {
        let count = self.starts.len() - 1;
        let first = page * self.per_page;
        let last = (first + self.per_page).min(count);
        let bytes = self.raw.copy(self.starts[first]..self.starts[last])?;
        let mut decoder = Decoder::new(&bytes);
        let mut cards = (first..last)
            .map(|_| Card::decode(&mut decoder))
            .collect::<Option<Vec<Card>>>()
            .ok_or_else(|| Error("a result card could not be read back".into()))?;
        if !crate::card::fit(&mut cards, self.page_size) {
            return Err(Error(format!(
                "the search results of documents {first} to {last} do not fit in a card page \
                 of {} bytes: their URLs are too long",
                self.page_size
            )));
        }
        let mut encoder = Encoder::default();
        for card in &cards {
            card.encode(&mut encoder);
        }
        let mut out = encoder.bytes;
        out.resize(self.page_size, 0);
        Ok(out)
    }
}

impl Part {
    fn len(&self) -> u64 {
        match self {
            Part::Memory(bytes) => bytes.len() as u64,
            Part::File { len, .. } => *len,
            Part::Cards(cards) => (cards.pages() * cards.page_size) as u64,
        }
    }

    /// Appends bytes `range` of this part to `out`.
    fn read(&self, range: Range<u64>, out: &mut Vec<u8>) -> Result<(), Error> {
        match self {
            Part::Memory(bytes) => {
                out.extend_from_slice(&bytes[range.start as usize..range.end as usize]);
            }
            Part::File { file, .. } => {
                let mut file = file
                    .lock()
                    .map_err(|_| Error("a compression thread failed".into()))?;
                file.seek(SeekFrom::Start(range.start))?;
                let at = out.len();
                out.resize(at + (range.end - range.start) as usize, 0);
                file.read_exact(&mut out[at..])?;
            }
            Part::Cards(cards) => {
                let size = cards.page_size as u64;
                let mut pos = range.start;
                while pos < range.end {
                    let page = pos / size;
                    let bytes = cards.page(page as usize)?;
                    let end = range.end.min((page + 1) * size);
                    out.extend_from_slice(
                        &bytes[(pos - page * size) as usize..(end - page * size) as usize],
                    );
                    pos = end;
                }
            }
        }
        Ok(())
    }
}

impl Space {
    #[cfg(test)]
    fn push(&mut self, bytes: Vec<u8>) {
        self.push_part(Part::Memory(Arc::new(bytes)));
    }

    fn push_part(&mut self, part: Part) {
        let len = part.len();
        self.parts.push((self.len, Arc::new(part)));
        self.len += len;
    }

    /// Bytes `range`, across parts.
    fn copy(&self, range: Range<u64>) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity((range.end - range.start) as usize);
        for (start, part) in &self.parts {
            let end = start + part.len();
            if end <= range.start || *start >= range.end {
                continue;
            }
            let from = range.start.max(*start) - start;
            let to = range.end.min(end) - start;
            part.read(from..to, &mut out)?;
        }
        Ok(out)
    }

    /// The parts held in memory, shared.
    fn memory_spans(&self) -> Vec<(u64, Arc<Vec<u8>>)> {
        self.parts
            .iter()
            .filter_map(|(start, part)| match &**part {
                Part::Memory(bytes) => Some((*start, bytes.clone())),
                Part::File { .. } | Part::Cards(_) => None,
            })
            .collect()
    }

    /// A second handle on the same parts.
    fn share(&self) -> Space {
        Space {
            parts: self.parts.clone(),
            len: self.len,
        }
    }
}

/// How a page is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Storage {
    /// Gzipped at [`PAGE_LEVEL`].
    Gzip,
    /// As it is: positions, which gzip shrinks by only ~12% and which only
    /// quoted phrases read, are not worth a fifth of the build's
    /// compression time.
    Raw,
}

/// The pages of `ranges`, each with how it is stored: raw inside `raw`.
fn storage_of(ranges: &[Range<u64>], raw: Option<Range<u64>>) -> Vec<(Range<u64>, Storage)> {
    ranges
        .iter()
        .map(|r| {
            let inside = raw
                .as_ref()
                .is_some_and(|raw| raw.start <= r.start && r.end <= raw.end);
            let storage = if inside { Storage::Raw } else { Storage::Gzip };
            (r.clone(), storage)
        })
        .collect()
}

/// Encodes the `pages` of `space` on every core, giving each to `sink`.
fn pack_all(
    space: &Space,
    pages: &[(Range<u64>, Storage)],
    sink: &PageSink<'_>,
) -> Result<(), Error> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Pages are handed out in small batches as threads become free: raw
    // pages cost almost nothing, so equal shares would not be equal work.
    const BATCH: usize = 16;
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.min(pages.len().div_ceil(BATCH)).max(1))
            .map(|_| {
                let next = &next;
                scope.spawn(move || -> Result<(), Error> {
                    loop {
                        let start = next.fetch_add(BATCH, std::sync::atomic::Ordering::Relaxed);
                        if start >= pages.len() {
                            return Ok(());
                        }
                        for (number, (range, storage)) in
                            pages.iter().enumerate().skip(start).take(BATCH)
                        {
                            let bytes = space.copy(range.clone())?;
                            let page = match storage {
                                // A raw page that starts like gzip would be
                                // taken for gzip: gzip it.
                                Storage::Raw if !bytes.starts_with(&GZIP_MAGIC) => bytes,
                                _ => gzip_at(&bytes, PAGE_LEVEL),
                            };
                            sink(number, page)?;
                        }
                    }
                })
            })
            .collect();
        for handle in handles {
            handle
                .join()
                .map_err(|_| Error("compressing the index pages failed".into()))??;
        }
        Ok(())
    })
}

/// [`pack_all`], the pages returned in order.
fn pack_pages(space: &Space, pages: &[(Range<u64>, Storage)]) -> Result<Vec<Vec<u8>>, Error> {
    let collected = Collected::default();
    pack_all(space, pages, &|number, page| collected.add(number, page))?;
    collected.into_pages()
}

/// The first two bytes of a gzip stream.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Compression level of index pages: level 3 makes pages 0.45% larger than
/// level 6 in 17% less time (measured on mshelp-full's pages).
const PAGE_LEVEL: u32 = 3;

/// Gzips bytes at level 6 (deterministic: no name, no timestamp).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    gzip_at(bytes, 6)
}

/// Gzips bytes at `level` (1 to 9). Each thread keeps a compressor per
/// level: making one allocates and clears a few hundred kilobytes of
/// tables, which for a large index's tens of thousands of small pages cost
/// as much as compressing them.
pub fn gzip_at(bytes: &[u8], level: u32) -> Vec<u8> {
    /// What `flate2::GzBuilder` writes: no flags, no time, no extra flags,
    /// unknown operating system.
    const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    thread_local! {
        static DEFLATE: std::cell::RefCell<Vec<Option<flate2::Compress>>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    let level = level.clamp(1, 9);
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    out.extend_from_slice(&HEADER);
    DEFLATE.with(|deflaters| {
        let mut deflaters = deflaters.borrow_mut();
        if deflaters.len() <= level as usize {
            deflaters.resize_with(level as usize + 1, || None);
        }
        let deflate = deflaters[level as usize]
            .get_or_insert_with(|| flate2::Compress::new(flate2::Compression::new(level), false));
        deflate.reset();
        let start = deflate.total_in();
        loop {
            let done = (deflate.total_in() - start) as usize;
            // Compressing into a Vec with room left cannot fail; when the
            // room runs out, it doubles.
            match deflate.compress_vec(&bytes[done..], &mut out, flate2::FlushCompress::Finish) {
                Ok(flate2::Status::StreamEnd) | Err(_) => break,
                Ok(_) => out.reserve(out.capacity().max(64)),
            }
        }
    });
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out
}

/// Reverses [`gzip`]; bytes that are not gzipped are returned as they are
/// (a host may have decoded them already).
pub fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

/// Builds the packed index, keeping every page in memory.
pub fn build(input: &Input) -> Result<Packed, Error> {
    let pages = Collected::default();
    let mut packed = build_streaming(input, &|number, page| pages.add(number, page))?;
    packed.pages = pages.into_pages()?;
    Ok(packed)
}

/// Pages handed over from several threads, put back in order.
#[derive(Default)]
struct Collected(std::sync::Mutex<Vec<(usize, Vec<u8>)>>);

impl Collected {
    fn add(&self, number: usize, page: Vec<u8>) -> Result<(), Error> {
        self.0
            .lock()
            .map_err(|_| Error("a compression thread failed".into()))?
            .push((number, page));
        Ok(())
    }

    fn into_pages(self) -> Result<Vec<Vec<u8>>, Error> {
        let mut pages = self
            .0
            .into_inner()
            .map_err(|_| Error("a compression thread failed".into()))?;
        pages.sort_by_key(|(number, _)| *number);
        Ok(pages.into_iter().map(|(_, page)| page).collect())
    }
}

/// Receives each gzipped page (its number and bytes) as soon as it is
/// compressed, from any thread, in no particular order.
pub type PageSink<'a> = dyn Fn(usize, Vec<u8>) -> Result<(), Error> + Sync + 'a;

/// Builds the packed index, handing each page to `sink` instead of keeping
/// it ([`Packed::pages`] is empty): a large site's pages are written while
/// the rest are still being compressed.
pub fn build_streaming(input: &Input, sink: &PageSink<'_>) -> Result<Packed, Error> {
    build_from(&input.options(), &Runs::of(&input.documents), sink)
}

/// Builds the packed index of the documents `source` makes, handing each
/// page to `sink` as [`build_streaming`] does. Each indexing thread asks
/// the source for its pages' documents as it goes, so they never all
/// exist at once; their cards go to `options.scratch` when given.
pub fn build_from(
    options: &Options,
    source: &dyn Source,
    sink: &PageSink<'_>,
) -> Result<Packed, Error> {
    let (schema, fields) = schema::build_schema();
    let analysis = Analysis::for_language(&options.language);
    let indexed = index_documents(&schema, &fields, &analysis, options, source)?;
    let index = &indexed.index;
    // Batches are merged in order, so tantivy's doc ids are the source's
    // order: each part's documents, numbered from 0 within the part.
    let order = card_order(index, &fields)?;
    let expected = indexed
        .parts
        .iter()
        .flat_map(|part| 0..part.card_lens.len());
    if order.len() != indexed.documents() || !order.iter().copied().eq(expected) {
        return Err(Error("tantivy reordered the documents".into()));
    }

    let metas = index.searchable_segment_metas()?;
    let segment_meta = metas
        .first()
        .ok_or_else(|| Error("the index has no segment".into()))?;
    let segment_id = segment_meta.id().uuid_string();
    let directory = index.directory();
    let meta_json = String::from_utf8(
        directory
            .atomic_read(Path::new("meta.json"))
            .map_err(|e| Error(e.to_string()))?,
    )
    .map_err(|e| Error(e.to_string()))?
    .replace(&segment_id, SEGMENT_ID)
    .replace(&hyphenated(&segment_id), &hyphenated(SEGMENT_ID));
    let meta_json = without_payload(&meta_json);

    // The address space: segment files in a fixed order, then the cards,
    // kept as separate parts (one contiguous copy would need the index
    // twice in memory). Each file leaves the index once copied.
    let mut space = Space::default();
    let mut files = Vec::new();
    let mut file_stats = Vec::new();
    for (component, ext) in [
        (SegmentComponent::Terms, "term"),
        (SegmentComponent::FieldNorms, "fieldnorm"),
        (SegmentComponent::Postings, "idx"),
        (SegmentComponent::Positions, "pos"),
        (SegmentComponent::FastFields, "fast"),
        (SegmentComponent::Store, "store"),
    ] {
        let path = segment_meta.relative_path(component);
        if !directory.exists(&path).unwrap_or(false) {
            continue;
        }
        let part = match &indexed.merged {
            // The file as tantivy wrote it, footer included.
            Some(dir) => {
                let path = dir.join(&path);
                let file =
                    File::open(&path).map_err(|e| Error(format!("{}: {e}", path.display())))?;
                let len = file.metadata()?.len();
                Part::File {
                    file: Mutex::new(file),
                    len,
                }
            }
            None => {
                // atomic_read keeps tantivy's footer (open_read strips it).
                let bytes = directory
                    .atomic_read(&path)
                    .map_err(|e| Error(e.to_string()))?;
                let _ = directory.delete(&path);
                Part::Memory(Arc::new(bytes))
            }
        };
        files.push(FileEntry {
            name: format!("{SEGMENT_ID}.{ext}"),
            offset: space.len,
            len: part.len(),
        });
        file_stats.push((ext.to_owned(), part.len()));
        space.push_part(part);
    }
    drop(metas);

    // Groups (site pages) start at the first document of each page that
    // has any; cards are packed CARDS_PER_PAGE to a card page.
    let count = indexed.documents();
    let Indexed { parts, index, .. } = indexed;
    drop(index);
    let cards_offset = space.len;
    let mut groups = Vec::new();
    let mut raw = Space::default();
    let mut starts = Vec::with_capacity(count + 1);
    starts.push(0u64);
    let mut document = 0u32;
    for part in parts {
        for &n in &part.page_documents {
            if n > 0 {
                groups.push(document);
            }
            document += n;
        }
        for &len in &part.card_lens {
            starts.push(starts[starts.len() - 1] + u64::from(len));
        }
        raw.push_part(part.cards);
    }
    space.push_part(Part::Cards(PackedCards {
        raw,
        starts,
        per_page: CARDS_PER_PAGE as usize,
        page_size: CARD_PAGE_SIZE as usize,
    }));
    let card_bytes = space.len - cards_offset;

    let mut manifest = Manifest {
        language: options.language.clone(),
        stemmer: analysis.stemmer().map_or(Vec::new(), |language| {
            crate::stem::module(language).to_vec()
        }),
        stop_words: analysis.stop_words,
        page_size: options.page_size.unwrap_or(PAGE_SIZE).max(512),
        card_page_size: CARD_PAGE_SIZE,
        total_len: space.len,
        meta_json,
        files,
        cards: CardTable {
            offset: cards_offset,
            count: count as u32,
            per_page: CARDS_PER_PAGE,
        },
        groups,
        categories: options.categories.clone(),
        inline: false,
    };

    let hot_ranges = ranges_read_on_open(&manifest, &space)?;
    let spans: Vec<(u64, Vec<u8>)> = hot_ranges
        .iter()
        .map(|r| Ok((r.start, space.copy(r.clone())?)))
        .collect::<Result<_, Error>>()?;
    let hot = gzip(
        &HotBundle {
            manifest: manifest.clone(),
            spans,
        }
        .encode(),
    );
    let ranges: Vec<Range<u64>> = (0..manifest.page_count())
        .map(|page| manifest.page_range(page))
        .collect();
    let positions = manifest
        .files
        .iter()
        .find(|file| file.name.ends_with(".pos"))
        .map(|file| file.offset..file.offset + file.len);
    let pages = storage_of(&ranges, positions);

    // Small sites: one file with everything beats a hot bundle plus the
    // pages a query needs (three rounds of at least one page each). Past
    // INLINE_MAX it never does, so it is not even tried.
    let mut inline = false;
    let mut page_bytes = 0u64;
    if space.len <= INLINE_MAX as u64 {
        let pages = pack_pages(&space, &pages)?;
        manifest.inline = true;
        let everything = gzip(
            &HotBundle {
                manifest: manifest.clone(),
                spans: vec![(0, space.copy(0..space.len)?)],
            }
            .encode(),
        );
        let mut sizes: Vec<usize> = pages.iter().map(Vec::len).collect();
        sizes.sort_unstable();
        let median_page = sizes.get(sizes.len() / 2).copied().unwrap_or(0);
        inline = everything.len() <= hot.len() + 3 * median_page;
        if inline {
            let stats = Stats {
                documents: count,
                raw_bytes: space.len,
                card_bytes,
                hot_bytes: everything.len() as u64,
                page_bytes: 0,
                inline,
                files: file_stats,
            };
            return Ok(Packed {
                hot: everything,
                pages: Vec::new(),
                stats,
            });
        }
        for (number, page) in pages.into_iter().enumerate() {
            page_bytes += page.len() as u64;
            sink(number, page)?;
        }
    } else {
        let total = std::sync::atomic::AtomicU64::new(0);
        pack_all(&space, &pages, &|number, page: Vec<u8>| {
            total.fetch_add(page.len() as u64, std::sync::atomic::Ordering::Relaxed);
            sink(number, page)
        })?;
        page_bytes = total.into_inner();
    }
    let stats = Stats {
        documents: count,
        raw_bytes: space.len,
        card_bytes,
        hot_bytes: hot.len() as u64,
        page_bytes,
        inline,
        files: file_stats,
    };
    Ok(Packed {
        hot,
        pages: Vec::new(),
        stats,
    })
}

/// `0123…` → `01234567-89ab-…`, the form meta.json uses.
fn hyphenated(simple: &str) -> String {
    let mut out = String::with_capacity(36);
    for (i, c) in simple.chars().enumerate() {
        if matches!(i, 8 | 12 | 16 | 20) {
            out.push('-');
        }
        out.push(c);
    }
    out
}

/// The index settings: no compression of the document store, which holds
/// nothing (results read the cards), so the browser needs no decompressor.
fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: tantivy::store::Compressor::None,
        ..IndexSettings::default()
    }
}

fn text_bytes(document: &Document) -> usize {
    document.title.len()
        + document.keywords.len()
        + document.headings.len()
        + document.description.len()
        + document.body.len()
}

/// The merged index and what each part made besides.
struct Indexed {
    index: Index,
    /// The folder the index was merged into, when not in memory.
    merged: Option<PathBuf>,
    parts: Vec<PartCards>,
    /// Deletes the scratch files once the pages are written.
    _scratch: Option<ScratchFiles>,
}

impl Indexed {
    fn documents(&self) -> usize {
        self.parts.iter().map(|p| p.card_lens.len()).sum()
    }
}

/// One part's cards: their bytes, each card's length, and how many
/// documents each of the part's pages has.
struct PartCards {
    cards: Part,
    card_lens: Vec<u32>,
    page_documents: Vec<u32>,
}

/// Files and folders in a scratch folder, deleted when dropped.
struct ScratchFiles(Vec<PathBuf>);

impl Drop for ScratchFiles {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = if path.is_dir() {
                std::fs::remove_dir_all(path)
            } else {
                std::fs::remove_file(path)
            };
        }
    }
}

/// Indexes the documents into one segment whose doc ids are the source's
/// order: on large inputs, contiguous parts of pages of about equal text
/// size are indexed on separate threads, each in batches of one segment;
/// then every batch of every part is merged at once, in order (tantivy's
/// merger concatenates segments as given), so the bytes do not depend on
/// thread timing.
fn index_documents(
    schema: &tantivy::schema::Schema,
    fields: &Fields,
    analysis: &Analysis,
    options: &Options,
    source: &dyn Source,
) -> Result<Indexed, Error> {
    let new_index = || -> Result<Index, Error> {
        let index = Index::builder()
            .schema(schema.clone())
            .settings(settings())
            .create_in_ram()?;
        analysis.register(&index);
        Ok(index)
    };
    let pages = source.pages();
    let weights: Vec<usize> = (0..pages).map(|page| source.weight(page)).collect();
    let total: usize = weights.iter().sum();
    let single = options.threads.is_none() && total < SINGLE_SEGMENT_MAX;
    let threads = match options.threads {
        Some(n) => n.max(1),
        None if single => 1,
        None => std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8),
    };
    let batch = if single {
        Batch {
            text: usize::MAX,
            memory: SINGLE_WRITER_MEMORY,
        }
    } else {
        Batch {
            text: BATCH_TEXT_BYTES,
            memory: WRITER_MEMORY,
        }
    };
    let ranges: Vec<Range<usize>> = if threads < 2 || pages < 2 {
        std::iter::once(0..pages).collect()
    } else {
        // Cut at page boundaries into parts of about total/threads bytes.
        let target = total.div_ceil(threads);
        let mut ranges = Vec::new();
        let (mut start, mut bytes) = (0, 0);
        for (page, weight) in weights.iter().enumerate() {
            bytes += weight;
            if bytes >= target && ranges.len() + 1 < threads {
                ranges.push(start..page + 1);
                start = page + 1;
                bytes = 0;
            }
        }
        if start < pages {
            ranges.push(start..pages);
        }
        ranges
    };
    let scratch: Option<Vec<PathBuf>> = options.scratch.as_ref().map(|dir| {
        (0..ranges.len())
            .map(|n| dir.join(format!("cards-{n}.bin")))
            .collect()
    });
    let scratch_files = scratch.clone().map(ScratchFiles);
    let written: Vec<(Index, Vec<Segment>, PartCards)> = std::thread::scope(|scope| {
        let handles: Vec<_> = ranges
            .iter()
            .enumerate()
            .map(|(n, pages)| {
                let cards_file = scratch.as_ref().map(|files| files[n].as_path());
                let new_index = &new_index;
                scope.spawn(move || -> Result<(Index, Vec<Segment>, PartCards), Error> {
                    let index = new_index()?;
                    let (segments, cards) =
                        write_part(&index, fields, source, pages.clone(), batch, cards_file)?;
                    Ok((index, segments, cards))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| Error("an indexing thread failed".into()))?
            })
            .collect::<Result<Vec<_>, Error>>()
    })?;
    // One merge of every batch of every part, in order.
    let segments: Vec<Segment> = written
        .iter()
        .flat_map(|(_, segments, _)| segments.iter().cloned())
        .collect();
    let merged_dir = options.scratch.as_ref().map(|dir| dir.join("merged"));
    let single = match written.as_slice() {
        [(index, _, _)] if segments.len() == 1 => Some(index.clone()),
        _ => None,
    };
    let (index, merged) = match single {
        Some(index) => (index, None),
        None => {
            let alive = segments.iter().map(|_| None).collect();
            // Into a scratch folder when there is one: the merged index is
            // then never in memory next to the segments it is made from.
            let output: Box<dyn Directory> = match &merged_dir {
                Some(dir) => {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| Error(format!("{}: {e}", dir.display())))?;
                    Box::new(
                        tantivy::directory::MmapDirectory::open(dir)
                            .map_err(|e| Error(e.to_string()))?,
                    )
                }
                None => Box::new(RamDirectory::create()),
            };
            let merged =
                tantivy::indexer::merge_filtered_segments(&segments, settings(), alive, output)?;
            analysis.register(&merged);
            (merged, merged_dir.clone())
        }
    };
    drop(segments);
    let mut scratch_files = scratch_files;
    if let (Some(files), Some(dir)) = (&mut scratch_files, &merged) {
        files.0.push(dir.clone());
    }
    Ok(Indexed {
        index,
        merged,
        parts: written.into_iter().map(|(_, _, cards)| cards).collect(),
        _scratch: scratch_files,
    })
}

/// How much one indexing batch (one segment) takes.
#[derive(Clone, Copy, Debug)]
struct Batch {
    /// Bytes of text before the batch is committed.
    text: usize,
    /// The writer's memory budget.
    memory: usize,
}

/// Cards waiting in memory before they go to a scratch file.
const CARD_BUFFER: usize = 1 << 20;

/// Indexes the documents of `pages` in batches of about `batch.text` bytes
/// of text, one segment each, numbering them from 0;
/// returns the segments in batch order (unmerged: the caller merges every
/// part's segments at once) and the part's cards (written to `cards_file`
/// when given).
fn write_part(
    index: &Index,
    fields: &Fields,
    source: &dyn Source,
    pages: Range<usize>,
    batch: Batch,
    cards_file: Option<&Path>,
) -> Result<(Vec<Segment>, PartCards), Error> {
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(1, batch.memory)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    let mut file = cards_file
        .map(|path| File::create(path).map_err(|e| Error(format!("{}: {e}", path.display()))))
        .transpose()?;
    let mut encoder = Encoder::default();
    let mut card_lens = Vec::new();
    let mut page_documents = Vec::with_capacity(pages.len());
    let mut order: Vec<SegmentId> = Vec::new();
    let mut batch_bytes = 0usize;
    let mut pending = false;
    let mut documents = Vec::new();
    let mut number = 0u64;
    for page in pages {
        documents.clear();
        source.documents(page, &mut documents);
        page_documents.push(documents.len() as u32);
        for document in &documents {
            let before = encoder.bytes.len();
            document.card.encode(&mut encoder);
            card_lens.push((encoder.bytes.len() - before) as u32);
            let mut doc = TantivyDocument::default();
            let text: [&str; 5] = [
                &document.title,
                &document.keywords,
                &document.headings,
                &document.description,
                document.body.as_str(),
            ];
            for (field, value) in fields.text.iter().zip(text) {
                if !value.is_empty() {
                    doc.add_text(*field, value);
                }
                batch_bytes += value.len();
            }
            for category in &document.categories {
                doc.add_text(fields.category, category);
            }
            doc.add_u64(fields.card, number);
            number += 1;
            writer.add_document(doc)?;
            pending = true;
            if batch_bytes >= batch.text {
                commit(&mut writer, index, &mut order)?;
                batch_bytes = 0;
                pending = false;
            }
        }
        if let Some(file) = &mut file {
            if encoder.bytes.len() >= CARD_BUFFER {
                file.write_all(&encoder.bytes)?;
                encoder.bytes.clear();
            }
        }
    }
    if pending || order.is_empty() {
        commit(&mut writer, index, &mut order)?;
    }
    writer.wait_merging_threads()?;
    let metas = index.searchable_segment_metas()?;
    let segments = order
        .iter()
        .map(|id| {
            metas
                .iter()
                .find(|meta| meta.id() == *id)
                .map(|meta| index.segment(meta.clone()))
                .ok_or_else(|| Error("a batch's segment went missing".into()))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let cards = match (file, cards_file) {
        (Some(mut file), Some(path)) => {
            file.write_all(&encoder.bytes)?;
            drop(file);
            let len = card_lens.iter().map(|&n| u64::from(n)).sum();
            let file = File::open(path).map_err(|e| Error(format!("{}: {e}", path.display())))?;
            Part::File {
                file: Mutex::new(file),
                len,
            }
        }
        _ => Part::Memory(Arc::new(encoder.bytes)),
    };
    Ok((
        segments,
        PartCards {
            cards,
            card_lens,
            page_documents,
        },
    ))
}

fn commit(
    writer: &mut IndexWriter<TantivyDocument>,
    index: &Index,
    order: &mut Vec<SegmentId>,
) -> Result<(), Error> {
    writer.commit()?;
    let known: BTreeSet<_> = order.iter().copied().collect();
    let mut new: Vec<_> = index
        .searchable_segment_ids()?
        .into_iter()
        .filter(|id| !known.contains(id))
        .collect();
    // More than one new segment means the batch overflowed the writer's
    // memory; their relative order is unknown, so sort for stability.
    new.sort();
    order.extend(new);
    Ok(())
}

/// `meta.json` without its free-text payload: a merge of several indexes
/// writes the (random) ids of the merged segments there.
fn without_payload(meta_json: &str) -> String {
    const KEY: &str = "\"payload\":";
    let Some(start) = meta_json.find(KEY) else {
        return meta_json.to_owned();
    };
    let bytes = meta_json.as_bytes();
    let mut value = start + KEY.len();
    while value < bytes.len() && bytes[value].is_ascii_whitespace() {
        value += 1;
    }
    if bytes.get(value) != Some(&b'"') {
        return meta_json.to_owned(); // already null
    }
    let mut end = value + 1;
    while end < bytes.len() && !(bytes[end] == b'"' && bytes[end - 1] != b'\\') {
        end += 1;
    }
    format!(
        "{}null{}",
        &meta_json[..value],
        meta_json.get(end + 1..).unwrap_or_default()
    )
}

/// For each tantivy doc id, the input document it holds.
fn card_order(index: &Index, fields: &Fields) -> Result<Vec<usize>, Error> {
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let segment = searcher.segment_reader(0);
    let name = index.schema().get_field_name(fields.card).to_owned();
    let column = segment.fast_fields().u64(&name)?;
    (0..segment.max_doc())
        .map(|doc| {
            column
                .first(doc)
                .map(|n| n as usize)
                .ok_or_else(|| Error(format!("document {doc} has no card number")))
        })
        .collect()
}

/// The byte ranges that opening the index and
/// [`Engine::load_query_essentials`] read: what the hot bundle must hold.
fn ranges_read_on_open(manifest: &Manifest, space: &Space) -> Result<Vec<Range<u64>>, Error> {
    let layout = manifest.layout();
    let files = space.share();
    let loader = Box::new(move |page| files.copy(layout.page_range(page)).ok());
    let mut cache = PageCache::with_spans(manifest, space.memory_spans(), Some(loader));
    cache.record();
    let engine = Engine::with_cache(manifest.clone(), cache).map_err(|e| Error(e.0))?;
    engine.load_query_essentials().map_err(|e| Error(e.0))?;
    let mut ranges = engine.take_recorded();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<u64>> = Vec::new();
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end + 64 => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_text_slices_and_trims() {
        let whole: Arc<str> = Arc::from("  intro  \n  Section text.  ");
        let text = Text::slice(&whole, 9..whole.len()).unwrap();
        assert_eq!(text.as_str(), "\n  Section text.  ");
        assert_eq!(text.trimmed().as_str(), "Section text.");
        assert!(Text::slice(&whole, 0..100).is_none());
        let accented: Arc<str> = Arc::from("é");
        assert!(
            Text::slice(&accented, 0..1).is_none(),
            "not a char boundary"
        );
    }

    #[test]
    fn gzip_matches_flate2s_gzip_encoder_and_round_trips() {
        let text: Vec<u8> = (0..50_000u32)
            .flat_map(|i| format!("word{} ", i % 997).into_bytes())
            .collect();
        for input in [&b""[..], b"a", &text[..100], &text[..]] {
            let mut reference =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
            reference.write_all(input).unwrap();
            let reference = reference.finish().unwrap();
            // Twice: the second reuses the thread's compressor.
            assert_eq!(gzip(input), reference);
            assert_eq!(gzip(input), reference);
            assert_eq!(gunzip(&gzip(input)).unwrap(), input);
        }
    }

    #[test]
    fn the_space_reads_across_its_parts() {
        let mut space = Space::default();
        space.push(b"abc".to_vec());
        space.push(Vec::new());
        space.push(b"defg".to_vec());
        assert_eq!(space.len, 7);
        assert_eq!(space.copy(0..7).unwrap(), b"abcdefg");
        assert_eq!(space.copy(2..5).unwrap(), b"cde");
        assert_eq!(space.copy(3..3).unwrap(), b"");
        assert_eq!(space.copy(5..7).unwrap(), b"fg");
    }
}
