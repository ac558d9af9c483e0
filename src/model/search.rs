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
