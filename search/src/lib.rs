//! helpbook's search engine, shared by the CLI (`helpbook build` writes the
//! index, `helpbook search` queries it) and the browser (this crate compiled
//! to wasm32, see `search/wasm/`).
//!
//! Public, for the CLI, the wasm module, tests and examples:
//!
//! - [`writer`] (native only): builds one merged tantivy segment and packs it
//!   with the result cards ([`card`]) into pages plus a hot bundle ([`pack`]).
//! - [`engine`]: runs a query in attempts; an attempt that needs pages it
//!   does not have says which, the caller fetches them all and retries.
//! - [`local`] (native only): an index in a folder, searched from disk.
//! - [`json`]: the JSON both targets write (results, the wasm module's
//!   answers), safe to embed in HTML; [`html`]: escaping for results and
//!   pages.
//! - [`common_words`]: the index's most common words, in the manifest, so a
//!   query skips their typo neighbours' dictionary blocks.
//!
//! Inside the crate:
//!
//! - `schema`: fields and text analysis (stemming follows the language,
//!   `stem`; the stop words, `stop_words`, are recorded in the index).
//! - `query`: what a reader typed, as words and phrases to look up, with
//!   the synonyms of its words and its filler words marked optional
//!   (`synonyms` holds the built-in lists, recorded in the index).
//! - `directory`: a read-only tantivy directory over the pages fetched so far.
//! - `codec`: the small binary encoding of the manifest and the cards.
#![warn(missing_docs, unreachable_pub)]
// The wasm build leaves out the writer, and with it the parts of the shared
// modules only the writer uses (encoding cards, making the schema,
// recording what opening an index reads); the native build checks them.
#![cfg_attr(target_arch = "wasm32", allow(dead_code))]

pub mod card;
mod codec;
pub mod common_words;
mod directory;
pub mod engine;
pub mod html;
pub mod json;
#[cfg(not(target_arch = "wasm32"))]
pub mod local;
pub mod pack;
mod query;
mod schema;
mod stem;
#[cfg(not(target_arch = "wasm32"))]
mod stop_words;
#[cfg(not(target_arch = "wasm32"))]
mod synonyms;
#[cfg(not(target_arch = "wasm32"))]
pub mod writer;
