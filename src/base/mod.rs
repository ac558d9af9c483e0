//! What every stage shares and that knows nothing of help centers:
//! diagnostics, did-you-mean, spanned data read from TOML or YAML, HTML
//! escaping, paths, URL schemes, careful file reads, short hashes and
//! source texts that can be packed.
//! Imports nothing of the crate.

pub(crate) mod data;
pub mod diagnostic;
pub(crate) mod did_you_mean;
pub(crate) mod files;
pub(crate) mod hash;
pub(crate) mod html;
pub(crate) mod paths;
pub mod text;
pub mod url;
