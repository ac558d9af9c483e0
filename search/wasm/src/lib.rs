//! The search engine as a WebAssembly module with a plain C ABI (no
//! wasm-bindgen): the browser worker (`helpbook-search.js`) moves bytes in
//! and out through `hb_alloc` and the output buffer.
//!
//! ```text
//! hb_open(hot)             -> 0 ok | -1 error          (output: info JSON or message)
//! hb_stemmer()             -> length of the index's stemmer module (output:
//!                             its bytes; 0: the language has no stemmer)
//! hb_add_page(n, bytes)    -> 0 ok | -1 page does not fit
//! hb_search(q, cat, limit) -> 0 done (output: results JSON)
//!                           | 1 need pages (output: JSON array of page numbers)
//!                           | -1 error (output: message)
//! hb_prefetch(q, cat)      -> 1 pages to fetch first (output: JSON array)
//!                           | 0 nothing to fetch | -1 error (output: message)
//! ```
//! Every pointer passed in comes from `hb_alloc`; the callee takes ownership.
//!
//! The module imports `env.hb_stem` (see `helpbook_search::stem`): the
//! worker implements it with the stemmer module `hb_stemmer` hands over.
//!
//! The JSON answers are written with `helpbook_search::json`, as the CLI's.
#![warn(missing_docs, unreachable_pub)]

use std::cell::RefCell;

use helpbook_search::engine::{Attempt, Engine, Request};
use helpbook_search::pack::Category;
use serde::Serialize;

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn set_output(text: String) {
    OUTPUT.with(|o| *o.borrow_mut() = text.into_bytes());
}

/// What `hb_open` answers about the index it opened.
#[derive(Serialize)]
struct Info<'a> {
    /// Whether everything is in the hot bundle (no page is ever fetched).
    inline: bool,
    /// How many pages the index has.
    pages: u32,
    /// The categories a search can be restricted to, in display order.
    categories: &'a [Category],
}

/// Takes ownership of a buffer allocated with `hb_alloc`.
///
/// # Safety
/// `ptr` and `len` must come from one `hb_alloc` call, used once.
unsafe fn take(ptr: *mut u8, len: usize) -> Vec<u8> {
    if ptr.is_null() || len == 0 {
        return Vec::new();
    }
    unsafe { Vec::from_raw_parts(ptr, len, len) }
}

/// Allocates `len` bytes for the caller to fill.
#[no_mangle]
pub extern "C" fn hb_alloc(len: usize) -> *mut u8 {
    let mut buffer = Vec::<u8>::with_capacity(len.max(1));
    let ptr = buffer.as_mut_ptr();
    std::mem::forget(buffer);
    ptr
}

/// Where the last output is.
#[no_mangle]
pub extern "C" fn hb_output_ptr() -> *const u8 {
    OUTPUT.with(|o| o.borrow().as_ptr())
}

/// Length of the last output.
#[no_mangle]
pub extern "C" fn hb_output_len() -> usize {
    OUTPUT.with(|o| o.borrow().len())
}

/// Opens the index from its (decompressed) hot bundle.
///
/// # Safety
/// See [`take`].
#[no_mangle]
pub unsafe extern "C" fn hb_open(ptr: *mut u8, len: usize) -> i32 {
    let hot = unsafe { take(ptr, len) };
    match Engine::open(&hot) {
        Ok(engine) => {
            let manifest = engine.manifest();
            let info = helpbook_search::json::to_string(&Info {
                inline: manifest.inline,
                pages: manifest.page_count(),
                categories: &manifest.categories,
            });
            set_output(info);
            ENGINE.with(|e| *e.borrow_mut() = Some(engine));
            0
        }
        Err(error) => {
            set_output(error.to_string());
            -1
        }
    }
}

/// Puts the open index's stemmer module (WebAssembly bytes, none for a
/// language without a stemmer) in the output; returns its length.
#[no_mangle]
pub extern "C" fn hb_stemmer() -> usize {
    let module = ENGINE.with(|e| match &*e.borrow() {
        Some(engine) => engine.manifest().stemmer.clone(),
        None => Vec::new(),
    });
    let len = module.len();
    OUTPUT.with(|o| *o.borrow_mut() = module);
    len
}

/// Adds a fetched (decompressed) page.
///
/// # Safety
/// See [`take`].
#[no_mangle]
pub unsafe extern "C" fn hb_add_page(page: u32, ptr: *mut u8, len: usize) -> i32 {
    let bytes = unsafe { take(ptr, len) };
    ENGINE.with(|e| match &*e.borrow() {
        Some(engine) if engine.insert_page(page, bytes) => 0,
        _ => -1,
    })
}

/// The request a query and a category (both UTF-8, the category empty for
/// none) make.
///
/// # Safety
/// See [`take`].
unsafe fn request(
    query_ptr: *mut u8,
    query_len: usize,
    category_ptr: *mut u8,
    category_len: usize,
    limit: u32,
) -> Request {
    let text = String::from_utf8_lossy(&unsafe { take(query_ptr, query_len) }).into_owned();
    let category =
        String::from_utf8_lossy(&unsafe { take(category_ptr, category_len) }).into_owned();
    Request {
        text,
        category: (!category.is_empty()).then_some(category),
        limit: limit as usize,
    }
}

/// Runs one attempt of a search.
///
/// # Safety
/// See [`take`].
#[no_mangle]
pub unsafe extern "C" fn hb_search(
    query_ptr: *mut u8,
    query_len: usize,
    category_ptr: *mut u8,
    category_len: usize,
    limit: u32,
) -> i32 {
    let request = unsafe { request(query_ptr, query_len, category_ptr, category_len, limit) };
    ENGINE.with(|e| {
        let Some(engine) = &*e.borrow() else {
            set_output("the index is not open".into());
            return -1;
        };
        match engine.search(&request) {
            Ok(Attempt::Done(results)) => {
                set_output(results.to_json());
                0
            }
            Ok(Attempt::NeedPages(pages)) => {
                set_output(helpbook_search::json::to_string(&pages));
                1
            }
            Err(error) => {
                set_output(error.to_string());
                -1
            }
        }
    })
}

/// The pages the first round of a search would fetch (the dictionary
/// blocks its words look in), for the worker to fetch while the reader is
/// still typing (see `Engine::prefetch`): 1 with their JSON list in the
/// output, 0 when there is nothing to fetch, -1 on an error.
///
/// # Safety
/// See [`take`].
#[no_mangle]
pub unsafe extern "C" fn hb_prefetch(
    query_ptr: *mut u8,
    query_len: usize,
    category_ptr: *mut u8,
    category_len: usize,
) -> i32 {
    let request = unsafe { request(query_ptr, query_len, category_ptr, category_len, 10) };
    ENGINE.with(|e| {
        let Some(engine) = &*e.borrow() else {
            set_output("the index is not open".into());
            return -1;
        };
        match engine.prefetch(&request) {
            Ok(pages) if pages.is_empty() => 0,
            Ok(pages) => {
                set_output(helpbook_search::json::to_string(&pages));
                1
            }
            Err(error) => {
                set_output(error.to_string());
                -1
            }
        }
    })
}

/// The browser never creates segments, the only users of randomness in
/// tantivy; this satisfies getrandom's custom backend with a fixed stream.
///
/// # Safety
/// Called by getrandom with a valid buffer.
#[no_mangle]
unsafe extern "Rust" fn __getrandom_v03_custom(
    dest: *mut u8,
    len: usize,
) -> Result<(), getrandom::Error> {
    for i in 0..len {
        unsafe { *dest.add(i) = (i as u8).wrapping_mul(151).wrapping_add(17) };
    }
    Ok(())
}
