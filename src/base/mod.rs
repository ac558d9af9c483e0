//! What every stage shares and that knows nothing of help centers:
//! diagnostics, did-you-mean, spanned data read from TOML or YAML, HTML
//! escaping, paths, URL schemes and short hashes. Imports nothing of the crate.

pub(crate) mod data;
pub mod diagnostic;
pub(crate) mod did_you_mean;
pub(crate) mod hash;
pub(crate) mod html;
pub(crate) mod paths;
pub mod url;
