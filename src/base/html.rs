//! HTML escaping for everything helpbook writes into pages: the search
//! crate's escaper, so pages and search results escape alike.

pub(crate) use helpbook_search::html::escape as escape_html;
