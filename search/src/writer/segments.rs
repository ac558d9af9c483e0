//! Building the segment: the documents of a [`Source`] indexed by tantivy
//! into one segment whose doc ids are the source's order (below 128 MB of
//! text on one thread, with no merge; above, contiguous parts of pages on
//! separate threads, each in batches of one segment, all merged once, in
//! order), their result cards encoded on the way (into scratch files
//! during `build`).

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::directory::RamDirectory;
use tantivy::index::{Segment, SegmentId};
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::{Schema, TantivyDocument};
use tantivy::{Directory, Index, IndexSettings, IndexWriter};

use super::error::Error;
use super::input::{Document, Options, Source};
use super::space::Part;
use crate::codec::Encoder;
use crate::schema::{Analysis, Fields};

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
/// Cards waiting in memory before they go to a scratch file.
const CARD_BUFFER: usize = 1 << 20;

/// The merged index and what each part made besides.
pub(super) struct Indexed {
    /// The index, with one segment.
    pub(super) index: Index,
    /// The folder the index was merged into, when not in memory.
    pub(super) merged: Option<PathBuf>,
    /// Each part's cards, in order.
    pub(super) parts: Vec<PartCards>,
    /// Deletes the scratch files once the pages are written.
    pub(super) _scratch: Option<ScratchFiles>,
}

impl Indexed {
    /// How many documents were indexed.
    pub(super) fn documents(&self) -> usize {
        self.parts.iter().map(|p| p.card_lens.len()).sum()
    }
}

/// One part's cards: their bytes, each card's length, and how many
/// documents each of the part's pages has.
pub(super) struct PartCards {
    /// The encoded cards, one after another.
    pub(super) cards: Part,
    /// Each card's length in bytes.
    pub(super) card_lens: Vec<u32>,
    /// How many documents each page of the part has.
    pub(super) page_documents: Vec<u32>,
}

/// Files and folders in a scratch folder, deleted when dropped.
pub(super) struct ScratchFiles(Vec<PathBuf>);

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

/// How much one indexing batch (one segment) takes.
#[derive(Clone, Copy, Debug)]
struct Batch {
    /// Bytes of text before the batch is committed.
    text: usize,
    /// The writer's memory budget.
    memory: usize,
}

/// What one indexing thread made: its index, its batches' segments in
/// order, and its cards.
type Written = (Index, Vec<Segment>, PartCards);

/// Indexes the documents into one segment whose doc ids are the source's
/// order: on large inputs, contiguous parts of pages of about equal text
/// size are indexed on separate threads, each in batches of one segment;
/// then every batch of every part is merged at once, in order (tantivy's
/// merger concatenates segments as given), so the bytes do not depend on
/// thread timing.
pub(super) fn index_documents(
    schema: &Schema,
    fields: &Fields,
    analysis: &Analysis,
    options: &Options,
    source: &dyn Source,
) -> Result<Indexed, Error> {
    let (ranges, batch) = plan_parts(options, source);
    let scratch: Option<Vec<PathBuf>> = options.scratch.as_ref().map(|dir| {
        (0..ranges.len())
            .map(|n| dir.join(format!("cards-{n}.bin")))
            .collect()
    });
    let scratch_files = scratch.clone().map(ScratchFiles);
    let new_index = || -> Result<Index, Error> {
        let index = Index::builder()
            .schema(schema.clone())
            .settings(settings())
            .create_in_ram()?;
        analysis.register(&index);
        Ok(index)
    };
    let written = write_parts(
        &new_index,
        fields,
        source,
        &ranges,
        batch,
        scratch.as_deref(),
    )?;
    let (index, merged) = merge(&written, options, analysis)?;
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

/// The parts of the source's pages indexed on separate threads (one part
/// on small inputs), cut at page boundaries into about equal text sizes,
/// and the size of their batches.
fn plan_parts(options: &Options, source: &dyn Source) -> (Vec<Range<usize>>, Batch) {
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
    if threads < 2 || pages < 2 {
        return (std::iter::once(0..pages).collect(), batch);
    }
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
    (ranges, batch)
}

/// Indexes each part of `ranges` on its own thread, into its own index
/// (`new_index`), its cards into its file of `scratch` when given.
fn write_parts(
    new_index: &(dyn Fn() -> Result<Index, Error> + Sync),
    fields: &Fields,
    source: &dyn Source,
    ranges: &[Range<usize>],
    batch: Batch,
    scratch: Option<&[PathBuf]>,
) -> Result<Vec<Written>, Error> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = ranges
            .iter()
            .enumerate()
            .map(|(n, pages)| {
                let cards_file = scratch.map(|files| files[n].as_path());
                scope.spawn(move || -> Result<Written, Error> {
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
    })
}

/// One merge of every batch of every part, in order (none when there is
/// only one): the index, and the folder it was merged into, if not memory.
fn merge(
    written: &[Written],
    options: &Options,
    analysis: &Analysis,
) -> Result<(Index, Option<PathBuf>), Error> {
    let segments: Vec<Segment> = written
        .iter()
        .flat_map(|(_, segments, _)| segments.iter().cloned())
        .collect();
    if let [(index, _, _)] = written {
        if segments.len() == 1 {
            return Ok((index.clone(), None));
        }
    }
    let merged_dir = options.scratch.as_ref().map(|dir| dir.join("merged"));
    let alive = segments.iter().map(|_| None).collect();
    // Into a scratch folder when there is one: the merged index is then
    // never in memory next to the segments it is made from.
    let output: Box<dyn Directory> = match &merged_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Error(format!("{}: {e}", dir.display())))?;
            Box::new(
                tantivy::directory::MmapDirectory::open(dir).map_err(|e| Error(e.to_string()))?,
            )
        }
        None => Box::new(RamDirectory::create()),
    };
    let merged = tantivy::indexer::merge_filtered_segments(&segments, settings(), alive, output)?;
    analysis.register(&merged);
    Ok((merged, merged_dir))
}

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
            let (doc, text_bytes) = tantivy_document(fields, document, number);
            batch_bytes += text_bytes;
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
    let cards = cards_part(file.zip(cards_file), encoder.bytes, &card_lens)?;
    Ok((
        segments,
        PartCards {
            cards,
            card_lens,
            page_documents,
        },
    ))
}

/// A document as tantivy indexes it (its card number is `number`), and the
/// bytes of text it has.
fn tantivy_document(fields: &Fields, document: &Document, number: u64) -> (TantivyDocument, usize) {
    let mut doc = TantivyDocument::default();
    let mut bytes = 0;
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
        bytes += value.len();
    }
    for category in &document.categories {
        doc.add_text(fields.category, category);
    }
    doc.add_u64(fields.card, number);
    (doc, bytes)
}

/// A part's cards as a part of the address space: the rest of `encoded`
/// written to the scratch file and the file reopened for reading, or, with
/// no scratch file, `encoded` itself.
fn cards_part(
    file: Option<(File, &Path)>,
    encoded: Vec<u8>,
    card_lens: &[u32],
) -> Result<Part, Error> {
    Ok(match file {
        Some((mut file, path)) => {
            file.write_all(&encoded)?;
            drop(file);
            let len = card_lens.iter().map(|&n| u64::from(n)).sum();
            let file = File::open(path).map_err(|e| Error(format!("{}: {e}", path.display())))?;
            Part::File {
                file: Mutex::new(file),
                len,
            }
        }
        None => Part::Memory(Arc::new(encoded)),
    })
}

/// Commits the batch and appends the ids of the segments it made to `order`.
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

/// The index settings: no compression of the document store, which holds
/// nothing (results read the cards), so the browser needs no decompressor.
fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: tantivy::store::Compressor::None,
        ..IndexSettings::default()
    }
}
