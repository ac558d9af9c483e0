//! The built segment laid out as the start of the address space: its
//! files in a fixed order under a fixed segment id ([`SEGMENT_ID`]), then
//! the result cards packed into card pages; and the check that tantivy
//! kept the source's order. No `meta.json` travels: the reader knows the
//! schema, the segment id and the number of documents
//! (`Engine::with_cache`).

use std::fs::File;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentComponent;
use tantivy::{Directory, Index, ReloadPolicy};

use super::error::Error;
use super::segments::{Indexed, PartCards};
use super::space::{PackedCards, Part, Space, CARDS_PER_PAGE, CARD_PAGE_SIZE};
use crate::pack::{FileEntry, SEGMENT_ID};
use crate::schema::Fields;

/// Checks that tantivy's doc ids are the source's order: batches are
/// merged in order, so each part's documents are numbered from 0 within
/// the part.
pub(super) fn check_order(indexed: &Indexed, fields: &Fields) -> Result<(), Error> {
    let order = card_order(&indexed.index, fields)?;
    let expected = indexed
        .parts
        .iter()
        .flat_map(|part| 0..part.card_lens.len());
    if order.len() != indexed.documents() || !order.iter().copied().eq(expected) {
        return Err(Error("tantivy reordered the documents".into()));
    }
    Ok(())
}

/// The segment's files in the address space.
pub(super) struct SegmentFiles {
    /// Where each file is in the address space.
    pub(super) files: Vec<FileEntry>,
    /// Each file's size, by extension (`term`, `idx`, ...).
    pub(super) sizes: Vec<(String, u64)>,
}

/// Appends the segment's files to `space` in a fixed order (each file
/// leaves the index once copied, when it is in memory), named with
/// [`SEGMENT_ID`].
pub(super) fn segment_files(indexed: &Indexed, space: &mut Space) -> Result<SegmentFiles, Error> {
    let index = &indexed.index;
    let metas = index.searchable_segment_metas()?;
    let segment_meta = metas
        .first()
        .ok_or_else(|| Error("the index has no segment".into()))?;
    let directory = index.directory();
    let mut files = Vec::new();
    let mut sizes = Vec::new();
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
        sizes.push((ext.to_owned(), part.len()));
        space.push_part(part);
    }
    Ok(SegmentFiles { files, sizes })
}

/// Appends the cards of every part to `space`, packed
/// [`CARDS_PER_PAGE`] to a card page; returns the groups (site pages),
/// each starting at the first document of a page that has any.
pub(super) fn pack_cards(parts: Vec<PartCards>, space: &mut Space) -> Vec<u32> {
    let count: usize = parts.iter().map(|p| p.card_lens.len()).sum();
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
    groups
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
