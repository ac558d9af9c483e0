//! Checks of a loaded help center: links, URLs, translations.

pub mod links;
pub mod suggest;
pub mod translations;
pub mod urls;
