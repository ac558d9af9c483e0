//! `regex` for the wasm build: regex-lite's API, which covers what tantivy
//! uses (`Regex::new`, `find`, `replace_all`, `escape`).
pub use regex_lite::*;
