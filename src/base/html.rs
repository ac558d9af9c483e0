//! HTML escaping for everything helpbook writes into pages: the search
//! crate's escaper, so pages and search results escape alike.

pub use helpbook_search::html::{escape as escape_html, push_escaped};
