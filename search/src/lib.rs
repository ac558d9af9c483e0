//! helpbook's search engine, shared by the CLI (`helpbook build` writes the
//! index, `helpbook search` queries it) and the browser (this crate compiled
//! to wasm32, see `search/wasm/`).
//!
//! - [`schema`]: fields and text analysis (stemming follows the language,
//!   [`stem`]; the stop words are recorded in the index).
//! - [`writer`] (native only): builds one merged tantivy segment and packs it
//!   with the result cards into pages plus a hot bundle ([`pack`]).
//! - [`directory`]: a read-only tantivy directory over the pages fetched so far.
//! - [`engine`]: runs a query in attempts; an attempt that needs pages it
//!   does not have says which, the caller fetches them all and retries.
#![warn(missing_docs)]

pub mod card;
mod codec;
pub mod directory;
pub mod engine;
pub mod html;
#[cfg(not(target_arch = "wasm32"))]
pub mod local;
pub mod pack;
pub mod query;
pub mod schema;
pub mod stem;
#[cfg(not(target_arch = "wasm32"))]
pub mod stop_words;
#[cfg(not(target_arch = "wasm32"))]
pub mod writer;
