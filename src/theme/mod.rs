//! Themes: the default theme embedded in the binary and a help center's
//! overrides ([`files`]), compiled once into a tera instance
//! ([`templates`]), and the theme's words in every language ([`strings`]).

pub(crate) mod files;
pub(crate) mod strings;
pub(crate) mod templates;

pub use files::{Origin, Theme};
pub use strings::{Strings, STRINGS_FALLBACK};
pub use templates::error_chain;
