//! The packed address space (segment files, then the result cards) kept
//! in parts, never copied whole: in memory, in a scratch file, or the cards
//! packed into card pages as they are read; and its pages made on every
//! core (gzipped, or stored as they are) and handed to a sink.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::error::Error;
use super::gzip::{gzip_at, GZIP_MAGIC};
use crate::card::Card;
use crate::codec::{Decoder, Encoder};

/// Page size of the result cards (a result reads one).
pub(super) const CARD_PAGE_SIZE: u32 = 4096;
/// Cards per card page: a card is found from its doc id alone. One: an
/// article's card holds its sections' texts too (up to about 3.4 KB, see
/// `index/documents.rs` in the helpbook crate), so that a result finds the
/// sections with the query's words without a document per section; a
/// neighbour's card on the same page would be bytes no result reads. The
/// rest of a page is zeros, which gzip takes to nothing.
pub(super) const CARDS_PER_PAGE: u32 = 1;
/// Compression level of index pages: level 3 makes pages 0.45% larger than
/// level 6 in 17% less time (measured on mshelp-full's pages).
const PAGE_LEVEL: u32 = 3;

/// The packed address space, in parts (segment files, then the cards).
#[derive(Default)]
pub(super) struct Space {
    parts: Vec<(u64, Arc<Part>)>,
    pub(super) len: u64,
}

/// Bytes of the address space: in memory, in a scratch file, or the result
/// cards packed into card pages from the cards as written.
pub(super) enum Part {
    Memory(Arc<Vec<u8>>),
    File { file: Mutex<File>, len: u64 },
    Cards(PackedCards),
}

/// The result cards as card pages: `per_page` cards to a page of
/// `page_size` bytes (texts shortened when they do not fit, the rest
/// zeros), made from the cards as the indexing threads wrote them each
/// time a page is read.
pub(super) struct PackedCards {
    /// The cards, one after another.
    pub(super) raw: Space,
    /// Where each card starts in `raw`, and where the last ends.
    pub(super) starts: Vec<u64>,
    /// Cards per card page.
    pub(super) per_page: usize,
    /// Bytes per card page.
    pub(super) page_size: usize,
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
    pub(super) fn len(&self) -> u64 {
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

    pub(super) fn push_part(&mut self, part: Part) {
        let len = part.len();
        self.parts.push((self.len, Arc::new(part)));
        self.len += len;
    }

    /// Bytes `range`, across parts.
    pub(super) fn copy(&self, range: Range<u64>) -> Result<Vec<u8>, Error> {
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
    pub(super) fn memory_spans(&self) -> Vec<(u64, Arc<Vec<u8>>)> {
        self.parts
            .iter()
            .filter_map(|(start, part)| match &**part {
                Part::Memory(bytes) => Some((*start, bytes.clone())),
                Part::File { .. } | Part::Cards(_) => None,
            })
            .collect()
    }

    /// A second handle on the same parts.
    pub(super) fn share(&self) -> Space {
        Space {
            parts: self.parts.clone(),
            len: self.len,
        }
    }
}

/// How a page is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Storage {
    /// Gzipped at [`PAGE_LEVEL`].
    Gzip,
    /// As it is: positions, which gzip shrinks by only ~12% and which only
    /// quoted phrases read, are not worth a fifth of the build's
    /// compression time.
    Raw,
}

/// The pages of `ranges`, each with how it is stored: raw inside `raw`.
pub(super) fn storage_of(
    ranges: &[Range<u64>],
    raw: Option<Range<u64>>,
) -> Vec<(Range<u64>, Storage)> {
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
pub(super) fn pack_all(
    space: &Space,
    pages: &[(Range<u64>, Storage)],
    sink: &PageSink<'_>,
) -> Result<(), Error> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Pages are handed out in small batches as threads become free: raw
    // pages cost almost nothing, so equal shares would not be equal work.
    const BATCH: usize = 16;
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.min(pages.len().div_ceil(BATCH)).max(1))
            .map(|_| {
                let next = &next;
                scope.spawn(move || -> Result<(), Error> {
                    loop {
                        let start = next.fetch_add(BATCH, Ordering::Relaxed);
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
pub(super) fn pack_pages(
    space: &Space,
    pages: &[(Range<u64>, Storage)],
) -> Result<Vec<Vec<u8>>, Error> {
    let collected = Collected::default();
    pack_all(space, pages, &|number, page| collected.add(number, page))?;
    collected.into_pages()
}

/// Pages handed over from several threads, put back in order.
#[derive(Default)]
pub(super) struct Collected(Mutex<Vec<(usize, Vec<u8>)>>);

impl Collected {
    pub(super) fn add(&self, number: usize, page: Vec<u8>) -> Result<(), Error> {
        self.0
            .lock()
            .map_err(|_| Error("a compression thread failed".into()))?
            .push((number, page));
        Ok(())
    }

    pub(super) fn into_pages(self) -> Result<Vec<Vec<u8>>, Error> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
