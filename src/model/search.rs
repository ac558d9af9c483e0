//! Where a language's search index and engine are in the built site: the
//! index stage names them, pages link to them.

use serde::Serialize;

/// Where the search files are in the built site, relative to its root.
#[derive(Clone, Debug, Serialize)]
pub struct Locations {
    /// Version of the packed format.
    pub format: u64,
    /// `search/<hash>/`: the hot bundle and pages.
    pub dir: String,
    /// The hot bundle.
    pub hot: String,
    /// The wasm module.
    pub wasm: String,
    /// The worker script.
    pub worker: String,
}

/// A `[[search.expect]]` of book.toml found in the content (by
/// `validate`), ready to run on its language's search index (by `index`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    /// Its position in `Config::search_expectations` (query, `top`, spans).
    pub number: usize,
    /// The site whose index is searched: 0 for the original language, `n`
    /// for the translation `config.languages[n - 1]`.
    pub language: usize,
    /// The pages (URL paths below the language's root, without `#anchor`)
    /// a result may lead to for the expectation to hold: an article's
    /// page, every step page of a troubleshooter or wizard, or the one
    /// step page that `#step` names. A result counts when its URL or a
    /// section listed under it is one of them.
    pub urls: Vec<String>,
}
