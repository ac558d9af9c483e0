//! The files of a language's search index in the built site: where they
//! go (a folder named after a hash of everything that decides their bytes),
//! the engine and worker shipped beside them, and the manifest.

use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use helpbook_search::writer::{self, Document, Input, Stats};

use crate::base::hash::short_hash;
use crate::model::search::Locations;
use crate::write::{Sink, WriteError};

/// The search module, compiled from `search/wasm` by `scripts/build-wasm.sh`.
pub const WASM: &[u8] = include_bytes!("../../search/wasm/helpbook_search.wasm");
/// The same module compressed with brotli (quality 11), made by
/// `scripts/build-wasm.sh` beside it and written next to the module as
/// `<module>.br`, for hosts that serve pre-compressed files (nginx's
/// `brotli_static`, Caddy's `precompressed`, `helpbook serve`): 19% fewer
/// bytes than gzip -9 for the largest download of a first search.
const WASM_BR: &[u8] = include_bytes!("../../search/wasm/helpbook_search.wasm.br");
/// The worker that runs the module in the browser (and under Node in tests).
pub const WORKER_JS: &str = include_str!("../../search/js/helpbook-search.js");
/// Folder of the index in the built site.
pub const DIR: &str = "search/";
/// The packed index and where its files go.
#[derive(Debug)]
pub struct SearchOutput {
    /// Where things are.
    pub locations: Locations,
    /// Output path → bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// Sizes.
    pub stats: Stats,
}

/// Where the files of an index of `source`'s documents will be: the folder
/// is named after a hash of everything that decides the index bytes, so
/// pages can be cached forever and the HTML can be rendered before the
/// index is. The documents are made (and hashed) a page at a time, on
/// every core, and dropped.
pub fn locations(options: &writer::Options, source: &dyn writer::Source) -> Locations {
    let pages: Vec<[u8; 32]> = (0..source.pages())
        .into_par_iter()
        .map_init(Vec::new, |documents, page| {
            documents.clear();
            source.documents(page, documents);
            let mut hasher = Sha256::new();
            for d in documents.iter() {
                hash_document(&mut hasher, d);
            }
            hasher.finalize().into()
        })
        .collect();
    let mut hasher = Sha256::new();
    hasher.update(helpbook_search::pack::VERSION.to_le_bytes());
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(options.language.as_bytes());
    for c in &options.categories {
        for part in [&c.key, &c.name] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
    }
    for page in &pages {
        hasher.update(page);
    }
    let digest = hasher.finalize();
    let hash: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    locations_in(format!("{DIR}{hash}/"))
}

/// Feeds every field of `d` to `hasher`, each with its length.
fn hash_document(hasher: &mut Sha256, d: &Document) {
    let card = &d.card;
    hasher.update([card.kind as u8]);
    hasher.update(card.page.to_le_bytes());
    for part in [
        card.url.as_str(),
        &card.title,
        &card.page_title,
        &card.breadcrumb,
        &card.category,
        &card.text,
        &d.title,
        &d.headings,
        &d.description,
        &d.keywords,
        d.body.as_str(),
    ] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.update((d.categories.len() as u64).to_le_bytes());
    for key in &d.categories {
        hasher.update(key.as_bytes());
        hasher.update([0]);
    }
}

/// The index in folder `dir`, with the engine and worker named by their hashes.
fn locations_in(dir: String) -> Locations {
    Locations {
        format: helpbook_search::pack::VERSION,
        hot: format!("{dir}hot.bin"),
        dir,
        wasm: format!("{DIR}helpbook-search.{}.wasm", short_hash(WASM, 6)),
        worker: format!(
            "{DIR}helpbook-search.{}.js",
            short_hash(WORKER_JS.as_bytes(), 6)
        ),
    }
}

/// Where the index lives in a live preview: fixed names (the server answers
/// with `no-cache`), so rebuilding the index never changes a page;
/// `search/live/` for the original language, `search/live-<code>/` for a
/// translation.
pub fn live_locations(translation: Option<&str>) -> Locations {
    match translation {
        None => locations_in(format!("{DIR}live/")),
        Some(code) => locations_in(format!("{DIR}live-{code}/")),
    }
}

/// What a live preview builds one language's index from.
#[derive(Debug)]
pub struct LiveJob {
    /// The documents.
    pub input: Input,
    /// Where the files go.
    pub locations: Locations,
    /// The site's URL, for the manifest.
    pub base_url: String,
}

/// Where the manifest of a language's index goes: `search/index.json` for
/// the original language, `search/index.<code>.json` for a translation
/// (what `helpbook search` reads).
pub fn manifest_path(translation: Option<&str>) -> String {
    match translation {
        None => format!("{DIR}index.json"),
        Some(code) => format!("{DIR}index.{code}.json"),
    }
}

/// Why the index could not be built.
#[derive(Debug)]
pub enum IndexError {
    /// Tantivy failed (none is expected).
    Index(writer::Error),
    /// A file of the index could not be written.
    Write(WriteError),
}

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IndexError::Index(e) => e.fmt(f),
            IndexError::Write(e) => e.fmt(f),
        }
    }
}

/// `search/index.json`: where a language's index is, what `helpbook search`
/// and the browser read first. (Fields in alphabetical order: the order
/// the manifest has always been written in.)
#[derive(Serialize)]
struct Manifest<'a> {
    /// The site's URL (or base path) that result URLs are relative to.
    base_url: &'a str,
    /// The index's folder.
    dir: &'a str,
    /// How many documents it holds.
    documents: usize,
    /// Version of the packed format.
    format: u64,
    /// The hot bundle.
    hot: &'a str,
    /// Whether the index is small enough to be inlined.
    inline: bool,
    /// The engine.
    wasm: &'a str,
    /// The worker script.
    worker: &'a str,
}

/// Builds the index and gives its files to `sink` (those a memory sink
/// keeps are in [`SearchOutput::files`]). `base_url` is the site's URL (or
/// base path) that result URLs are relative to, recorded for
/// `helpbook search`.
pub fn build(
    options: &writer::Options,
    source: &dyn writer::Source,
    locations: Locations,
    base_url: &str,
    manifest_path: &str,
    sink: Sink<'_>,
) -> Result<SearchOutput, IndexError> {
    let kept = Mutex::new(Vec::new());
    let failed: Mutex<Option<WriteError>> = Mutex::new(None);
    let put = |path: String, bytes: Vec<u8>| -> Result<(), WriteError> {
        if let Some(bytes) = sink.put(&path, bytes)? {
            if let Ok(mut kept) = kept.lock() {
                kept.push((path, bytes));
            }
        }
        Ok(())
    };
    // The hot bundle's brotli copy is written below: ask the writer for it.
    let options = writer::Options {
        brotli_copy: true,
        ..options.clone()
    };
    let packed = writer::build_from(&options, source, &|number, page| {
        put(format!("{}{number}.bin", locations.dir), page).map_err(|e| {
            let message = e.to_string();
            if let Ok(mut failed) = failed.lock() {
                failed.get_or_insert(e);
            }
            writer::Error(message)
        })
    });
    if let Some(e) = failed.into_inner().ok().flatten() {
        return Err(IndexError::Write(e));
    }
    let packed = packed.map_err(IndexError::Index)?;
    let manifest = Manifest {
        base_url,
        dir: &locations.dir,
        documents: packed.stats.documents,
        format: locations.format,
        hot: &locations.hot,
        inline: packed.stats.inline,
        wasm: &locations.wasm,
        worker: &locations.worker,
    };
    let mut json = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    json.push(b'\n');
    if let Some(bytes) = packed.hot_br {
        put(format!("{}.br", locations.hot), bytes).map_err(IndexError::Write)?;
    }
    for (path, bytes) in [
        (locations.hot.clone(), packed.hot),
        (locations.wasm.clone(), WASM.to_vec()),
        (format!("{}.br", locations.wasm), WASM_BR.to_vec()),
        (locations.worker.clone(), WORKER_JS.as_bytes().to_vec()),
        (manifest_path.to_string(), json),
    ] {
        put(path, bytes).map_err(IndexError::Write)?;
    }
    let mut files = kept.into_inner().unwrap_or_default();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(SearchOutput {
        locations,
        files,
        stats: packed.stats,
    })
}
