//! One language's Snowball stemmer (the `frostem` feature this module is
//! built with) as a WebAssembly module with a plain C ABI:
//!
//! ```text
//! hb_stem_buffer()  -> pointer to a buffer of BUFFER bytes
//! hb_stem(len)      -> stems the UTF-8 word in the buffer's first `len`
//!                      bytes, writes the stem at the buffer's start and
//!                      returns its length (-1: not UTF-8, or too long)
//! ```
//!
//! The search engine imports `env.hb_stem`; the worker script implements
//! it by copying the word into this module's buffer and the stem back.
use std::cell::UnsafeCell;

/// Room for a word and its stem (the engine's words are at most 40 bytes).
const BUFFER: usize = 256;

struct Buffer(UnsafeCell<[u8; BUFFER]>);

// SAFETY: wasm32 without threads: one caller at a time.
unsafe impl Sync for Buffer {}

static WORD: Buffer = Buffer(UnsafeCell::new([0; BUFFER]));

/// Where the caller writes the word and reads the stem.
#[no_mangle]
pub extern "C" fn hb_stem_buffer() -> *mut u8 {
    WORD.0.get().cast()
}

/// Stems the word in the buffer; see the module documentation.
#[no_mangle]
pub extern "C" fn hb_stem(len: usize) -> isize {
    // SAFETY: single-threaded; the buffer is only touched here and by the
    // host between calls.
    let buffer = unsafe { &mut *WORD.0.get() };
    let Some(word) = buffer.get(..len).and_then(|b| std::str::from_utf8(b).ok()) else {
        return -1;
    };
    let Some(&algorithm) = frostem::Algorithm::all().first() else {
        return -1;
    };
    let stem = frostem::Stemmer::new(algorithm).stem(word);
    let bytes = stem.as_bytes();
    if bytes.len() > BUFFER {
        return -1;
    }
    let n = bytes.len();
    let stem = bytes.to_vec();
    buffer[..n].copy_from_slice(&stem);
    n as isize
}
