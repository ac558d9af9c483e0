//! What every stage shares and that knows nothing of help centers:
//! diagnostics, did-you-mean, spanned data read from TOML or YAML, HTML
//! escaping, paths and short hashes. Imports nothing of the crate.

pub mod data;
pub mod diagnostic;
pub mod did_you_mean;
pub mod hash;
pub mod html;
pub mod paths;
