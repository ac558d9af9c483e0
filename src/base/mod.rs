//! What every stage shares and that knows nothing of help centers:
//! diagnostics and spanned data read from TOML or YAML.

pub mod data;
pub mod diagnostic;
