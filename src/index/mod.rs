//! The search stage: the site as search documents ([`documents`]), the
//! files of the packed index ([`files`]), the download budget
//! ([`budget`]) and the search tests of book.toml run on the index
//! ([`expect`]). The index itself is built by `helpbook-search`; the
//! browser side is the committed wasm module and the worker script,
//! shipped with the site.

pub(crate) mod budget;
pub(crate) mod documents;
pub(crate) mod expect;
pub(crate) mod files;

pub use documents::{input, input_unless, SiteDocuments};
pub use files::{
    build, live_locations, locations, manifest_path, IndexError, LiveJob, SearchOutput, DIR, WASM,
    WORKER_JS,
};
