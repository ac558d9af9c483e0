//! Themes: the default theme embedded in the binary and a help center's
//! overrides ([`files`]), compiled once into a tera instance
//! ([`templates`]), the theme's words in every language ([`strings`]), its
//! icons ([`icons`]) and the brand's logo and favicon ([`brand`]).

pub(crate) mod brand;
pub(crate) mod files;
pub(crate) mod icons;
pub(crate) mod strings;
pub(crate) mod templates;

pub use brand::{Image, DEFAULT_FAVICON};
pub use files::{Origin, Theme};
pub use icons::is_icon_name;
pub use strings::{Strings, STRINGS_FALLBACK};
pub use templates::error_chain;
