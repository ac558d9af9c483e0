//! The URLs book.toml may hold (a support channel's button): the web,
//! email, phone, or a path on the site; never `javascript:` and the like,
//! which would run in readers' browsers.

use std::ops::Range;

use crate::base::data::Fields;
use crate::base::url::url_scheme;

/// The schemes a URL written in book.toml may have (besides a relative URL
/// or a path): a support channel's button, the insights endpoint.
pub const BOOK_URL_SCHEMES: [&str; 4] = ["https", "http", "mailto", "tel"];

/// Why `url` cannot be a link in book.toml (a support channel's button):
/// only `https:`, `http:`, `mailto:`, `tel:` and relative URLs (a path on
/// the site) are allowed, and no control characters. `None` when it is
/// fine.
pub(crate) fn book_url_problem(url: &str) -> Option<String> {
    if url.chars().any(|c| c.is_control()) {
        return Some("contains a control character (a tab or a line break)".into());
    }
    match url_scheme(url) {
        Some(scheme) if !BOOK_URL_SCHEMES.contains(&scheme.as_str()) => Some(format!(
            "uses `{scheme}:`; only https:, http:, mailto: and tel: URLs or a path on the site are allowed"
        )),
        _ => None,
    }
}

/// `url` of a support channel in `context` when it is one a page may link
/// to (see [`book_url_problem`]), else an error at `span` and an empty
/// URL.
pub(crate) fn checked_channel_url(
    f: &mut Fields<'_>,
    context: &str,
    url: String,
    span: &Range<usize>,
) -> String {
    match book_url_problem(&url) {
        None => url,
        Some(problem) => {
            f.error_at(
                span,
                format!("`url` in {context} {problem}"),
                Some("a channel's button opens its URL: write url = \"https://example.com/support\", \"mailto:help@example.com\" or \"tel:+15555550100\"".into()),
            );
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn book_urls() {
        for fine in [
            "https://x.example/form",
            "http://x",
            "mailto:help@x.example",
            "tel:+15555550100",
            "/contact/",
            "support/",
        ] {
            assert_eq!(book_url_problem(fine), None, "{fine}");
        }
        for bad in [
            "javascript:alert(document.domain)",
            " javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "java\tscript:alert(1)",
            "file:///etc/passwd",
        ] {
            assert!(book_url_problem(bad).is_some(), "{bad}");
        }
    }
}
