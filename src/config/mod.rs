//! `book.toml`: the help center's configuration. [`read`] checks every
//! table and key of the file into a [`Config`] ([`book`]); [`languages`]
//! and [`channels`] are the tables a translation and a support request
//! build on; [`theme`] is the brand (`[theme]`: logo, favicon, accent);
//! [`url`] says which URLs book.toml may hold.

pub(crate) mod book;
pub(crate) mod channels;
pub(crate) mod hours;
pub(crate) mod insights;
pub(crate) mod languages;
pub(crate) mod read;
pub(crate) mod theme;
pub(crate) mod url;

pub use book::{BrokenLinks, ColorScheme, Config, RawHtml, CONFIG_FILE, CONTENT_DIR};
pub use channels::SupportChannel;
pub use hours::{DurationUnit, Hours, ReplyWithin, TimeRange};
pub use insights::{SearchExpectation, DEFAULT_EXPECT_TOP};
pub use languages::{is_language_tag, is_rtl, Language};
pub use read::{is_value_name, parse_size, ConfigFile, DEFAULT_SEARCH_BUDGET, MAX_CONFIG_BYTES};
pub use theme::{Accent, Brand, BrandFile, Rgb};
pub use url::BOOK_URL_SCHEMES;
