//! Building the packed index (native only): tantivy in RAM, one merged
//! segment written deterministically, then cut into pages with a hot bundle.
//!
//! - `input`: what is indexed ([`Document`]), from a [`Source`] a site page
//!   at a time or an [`Input`] in memory;
//! - `segments`: the documents indexed into one segment in the source's
//!   order, their result cards encoded on the way;
//! - `layout`: the segment's files and the cards as the address space;
//! - `common`: the index's common words for the manifest;
//! - `space`: the address space kept in parts and cut into pages, made on
//!   every core;
//! - `gzip`: compression of the pages and the hot bundle;
//! - `brotli_copy`: the hot bundle's brotli copy.

mod brotli_copy;
mod common;
mod error;
mod gzip;
mod input;
mod layout;
mod segments;
mod space;

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

pub use error::Error;
pub use gzip::{gunzip, gzip};
pub use input::{Document, Input, Options, Runs, Source, Text};
pub use space::PageSink;

use brotli_copy::brotli_copy;
use segments::Indexed;
use space::{
    pack_all, pack_pages, storage_of, Collected, Space, Storage, CARDS_PER_PAGE, CARD_PAGE_SIZE,
};

use crate::engine::Engine;
use crate::pack::{CardTable, HotBundle, Manifest, PageCache};
use crate::schema::{self, Analysis};

/// Default page size in bytes (4 KiB measured best on the corpora: 8 KiB
/// pages fetch ~30% more bytes for a first query, 2 KiB twice the requests).
pub const PAGE_SIZE: u32 = 4 * 1024;
/// Largest index considered for inlining whole into the hot bundle.
const INLINE_MAX: usize = 1 << 20;

/// The packed index, ready to write.
#[derive(Clone, Debug)]
pub struct Packed {
    /// The hot bundle, gzipped.
    pub hot: Vec<u8>,
    /// Its brotli copy, uncompressed inside, when [`Options::brotli_copy`]
    /// asked for one (and brotli did not fail).
    pub hot_br: Option<Vec<u8>>,
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

/// Builds the packed index, keeping every page in memory.
pub fn build(input: &Input) -> Result<Packed, Error> {
    let pages = Collected::default();
    let mut packed = build_from(
        &input.options(),
        &Runs::of(&input.documents),
        &|number, page| pages.add(number, page),
    )?;
    packed.pages = pages.into_pages()?;
    Ok(packed)
}

/// Builds the packed index of the documents `source` makes, handing each
/// page to `sink` as soon as it is compressed instead of keeping it
/// ([`Packed::pages`] is empty): a large site's pages are written while the
/// rest are still being compressed. Each indexing thread asks the source
/// for its pages' documents as it goes, so they never all exist at once;
/// their cards go to `options.scratch` when given.
pub fn build_from(
    options: &Options,
    source: &dyn Source,
    sink: &PageSink<'_>,
) -> Result<Packed, Error> {
    let (schema, fields) = schema::build_schema();
    let mut analysis = Analysis::for_language(&options.language);
    if options.no_builtin_synonyms {
        analysis = analysis.without_vocabulary();
    }
    let indexed = segments::index_documents(&schema, &fields, &analysis, options, source)?;
    layout::check_order(&indexed, &fields)?;
    let common_words = common::common_words(&indexed.index, &fields, common::COMMON_WORDS_BYTES)?;

    // The address space: segment files in a fixed order, then the cards,
    // kept as separate parts (one contiguous copy would need the index
    // twice in memory).
    let mut space = Space::default();
    let segment = layout::segment_files(&indexed, &mut space)?;
    let count = indexed.documents();
    let Indexed { parts, index, .. } = indexed;
    drop(index);
    let cards_offset = space.len;
    let groups = layout::pack_cards(parts, &mut space);
    let card_bytes = space.len - cards_offset;

    let manifest = Manifest {
        language: options.language.clone(),
        stemmer: analysis.stemmer().map_or(Vec::new(), |language| {
            crate::stem::module(language).to_vec()
        }),
        stop_words: analysis.stop_words,
        synonyms: analysis.synonyms,
        optional_words: analysis.optional_words,
        page_size: options.page_size.unwrap_or(PAGE_SIZE).max(512),
        card_page_size: CARD_PAGE_SIZE,
        total_len: space.len,
        files: segment.files,
        cards: CardTable {
            offset: cards_offset,
            count: count as u32,
            per_page: CARDS_PER_PAGE,
        },
        groups,
        categories: options.categories.clone(),
        inline: false,
        cuts: Vec::new(),
        common_words,
    };
    let manifest = Manifest {
        cuts: dictionary_cuts(&manifest, &space)?,
        ..manifest
    };
    let stats = Stats {
        documents: count,
        raw_bytes: space.len,
        card_bytes,
        hot_bytes: 0,
        page_bytes: 0,
        inline: false,
        files: segment.sizes,
    };
    pack(manifest, &space, stats, sink, options.brotli_copy)
}

/// Makes the hot bundle and the pages of `space`: everything in the hot
/// bundle when that is smaller for a first query (small sites), else the
/// pages handed to `sink`; with `brotli`, the hot bundle's brotli copy
/// too, made beside the pages.
fn pack(
    mut manifest: Manifest,
    space: &Space,
    mut stats: Stats,
    sink: &PageSink<'_>,
    brotli: bool,
) -> Result<Packed, Error> {
    let hot_raw = hot_bundle(&manifest, space)?;
    let hot = gzip(&hot_raw);
    let copy = |raw: &[u8]| if brotli { brotli_copy(raw) } else { None };
    let pages = pages_of(&manifest);
    // Small sites: one file with everything beats a hot bundle plus the
    // pages a query needs (three rounds of at least one page each). Past
    // INLINE_MAX it never does, so it is not even tried.
    let hot_br = if space.len <= INLINE_MAX as u64 {
        let pages = pack_pages(space, &pages)?;
        manifest.inline = true;
        let everything_raw = HotBundle {
            manifest,
            spans: vec![(0, space.copy(0..space.len)?)],
        }
        .encode();
        let everything = gzip(&everything_raw);
        let mut sizes: Vec<usize> = pages.iter().map(Vec::len).collect();
        sizes.sort_unstable();
        let median_page = sizes.get(sizes.len() / 2).copied().unwrap_or(0);
        if everything.len() <= hot.len() + 3 * median_page {
            stats.inline = true;
            stats.hot_bytes = everything.len() as u64;
            return Ok(Packed {
                hot: everything,
                hot_br: copy(&everything_raw),
                pages: Vec::new(),
                stats,
            });
        }
        for (number, page) in pages.into_iter().enumerate() {
            stats.page_bytes += page.len() as u64;
            sink(number, page)?;
        }
        copy(&hot_raw)
    } else {
        let total = AtomicU64::new(0);
        let hot_br = std::thread::scope(|scope| {
            let hot_br = scope.spawn(|| copy(&hot_raw));
            pack_all(space, &pages, &|number, page: Vec<u8>| {
                total.fetch_add(page.len() as u64, Ordering::Relaxed);
                sink(number, page)
            })?;
            Ok::<_, Error>(hot_br.join().ok().flatten())
        })?;
        stats.page_bytes = total.into_inner();
        hot_br
    };
    stats.hot_bytes = hot.len() as u64;
    Ok(Packed {
        hot,
        hot_br,
        pages: Vec::new(),
        stats,
    })
}

/// The hot bundle, uncompressed: the manifest and the bytes that opening
/// the index reads.
fn hot_bundle(manifest: &Manifest, space: &Space) -> Result<Vec<u8>, Error> {
    let hot_ranges = ranges_read_on_open(manifest, space)?;
    let spans: Vec<(u64, Vec<u8>)> = hot_ranges
        .iter()
        .map(|r| Ok((r.start, space.copy(r.clone())?)))
        .collect::<Result<_, Error>>()?;
    Ok(HotBundle {
        manifest: manifest.clone(),
        spans,
    }
    .encode())
}

/// Every page of the address space and how it is stored: the positions
/// file's as they are, the rest gzipped.
fn pages_of(manifest: &Manifest) -> Vec<(Range<u64>, Storage)> {
    let ranges: Vec<Range<u64>> = (0..manifest.page_count())
        .map(|page| manifest.page_range(page))
        .collect();
    let positions = manifest
        .files
        .iter()
        .find(|file| file.name.ends_with(".pos"))
        .map(|file| file.offset..file.offset + file.len);
    storage_of(&ranges, positions)
}

/// Where the pages of the term dictionaries (the first file of the address
/// space) start, and where the last ends: between dictionary blocks, as
/// many blocks to a page as fit in the page size (a block larger than a
/// page, as most are, makes a page of its own). tantivy's blocks are 6–8 KB, so with
/// fixed 4 KiB pages every block was split over two or three pages and a
/// word's lookup fetched them all. Empty when there is no dictionary.
fn dictionary_cuts(manifest: &Manifest, space: &Space) -> Result<Vec<u64>, Error> {
    let Some(terms) = manifest
        .files
        .iter()
        .find(|file| file.name.ends_with(".term") && file.offset == 0)
    else {
        return Ok(Vec::new());
    };
    let layout = manifest.layout();
    let files = space.share();
    let loader = Box::new(move |page| files.copy(layout.page_range(page)).ok());
    let cache = PageCache::with_spans(manifest, space.memory_spans(), Some(loader));
    let engine = Engine::with_cache(manifest.clone(), cache).map_err(|e| Error(e.0))?;
    let blocks = engine.dictionary_block_ranges().map_err(|e| Error(e.0))?;
    let mut bounds: Vec<u64> = blocks
        .iter()
        .flat_map(|block| [block.start, block.end])
        .chain([0, terms.len])
        .filter(|&bound| bound <= terms.len)
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    Ok(cut(&bounds, u64::from(manifest.page_size.max(1))))
}

/// Pages over `bounds` (ascending, from 0 to the end): each page runs to
/// the last bound that keeps it within `page_size`, or to the next bound
/// when even that is further. Returns each page's start and the end.
fn cut(bounds: &[u64], page_size: u64) -> Vec<u64> {
    let mut cuts = vec![0];
    let mut start = 0;
    let mut last_fit = None;
    for &bound in bounds.iter().skip_while(|&&b| b == 0) {
        if bound - start > page_size {
            let end = last_fit.unwrap_or(bound);
            cuts.push(end);
            start = end;
            last_fit = (bound > start && bound - start <= page_size).then_some(bound);
            if bound > start && last_fit.is_none() {
                cuts.push(bound);
                start = bound;
            }
        } else {
            last_fit = Some(bound);
        }
    }
    if let Some(end) = last_fit.filter(|&end| end > start) {
        cuts.push(end);
    }
    cuts
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
    use super::cut;

    #[test]
    fn dictionary_pages_are_cut_between_blocks() {
        // Blocks of 4,000 bytes: one to a 4,096-byte page.
        assert_eq!(
            cut(&[0, 4000, 8000, 12000, 12500], 4096),
            vec![0, 4000, 8000, 12000, 12500]
        );
        // Small pieces share a page; a piece larger than a page is a page.
        assert_eq!(
            cut(&[0, 100, 200, 5000, 5100, 5200], 4096),
            vec![0, 200, 5000, 5200]
        );
        assert_eq!(cut(&[0, 9000], 4096), vec![0, 9000]);
        assert_eq!(cut(&[0], 4096), vec![0]);
    }
}
