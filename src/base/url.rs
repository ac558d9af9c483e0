//! URLs as a browser reads them: a URL's scheme (what a link does when
//! followed), and the schemes that run in the reader's browser
//! (`javascript:`, `vbscript:`) or carry a document of their own
//! (`data:`), which no link helpbook writes may have.

/// The scheme of `url` as a browser reads it, lower-cased, or `None` for a
/// relative URL (`reset.md`, `/contact/`, `//cdn.example.com/x`,
/// `#step`).
///
/// As the URL standard says, leading and trailing spaces and control
/// characters are ignored, and tabs and newlines anywhere, so
/// `" JaVa\tScript:alert(1)"` has the scheme `javascript`.
pub fn url_scheme(url: &str) -> Option<String> {
    let url = url.trim_matches(|c: char| c <= ' ');
    let mut chars = url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    let first = chars.next().filter(char::is_ascii_alphabetic)?;
    let mut scheme = String::new();
    scheme.push(first.to_ascii_lowercase());
    for c in chars {
        match c {
            ':' => return Some(scheme),
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {
                scheme.push(c.to_ascii_lowercase());
            }
            _ => return None,
        }
    }
    None
}

/// Why a link or image written in Markdown (`dest`, as pulldown-cmark
/// decoded it) is refused: a scheme that runs in the reader's browser
/// (`javascript:`, `vbscript:`) or carries a document of its own (`data:`;
/// images may be `data:image/…`, which browsers never run). `None` when
/// it is fine.
pub fn unsafe_link_scheme(dest: &str, is_image: bool) -> Option<String> {
    let scheme = url_scheme(dest)?;
    match scheme.as_str() {
        "javascript" | "vbscript" => Some(scheme),
        "data" if is_image && is_data_image(dest) => None,
        "data" => Some(scheme),
        _ => None,
    }
}

/// Whether a `data:` URL holds an image (`data:image/png;base64,…`), but
/// not an SVG one, which can hold scripts when opened on its own.
fn is_data_image(dest: &str) -> bool {
    let cleaned: String = dest
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let media = cleaned
        .strip_prefix("data:")
        .unwrap_or_default()
        .split([';', ','])
        .next()
        .unwrap_or_default()
        .trim();
    media.starts_with("image/") && !media.starts_with("image/svg")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_as_a_browser_reads_them() {
        assert_eq!(url_scheme("https://x.example/").as_deref(), Some("https"));
        assert_eq!(url_scheme("MAILTO:a@b.c").as_deref(), Some("mailto"));
        assert_eq!(
            url_scheme(" \u{1}JaVa\tScr\nipt:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(url_scheme("web+app:x").as_deref(), Some("web+app"));
        for relative in [
            "",
            "reset.md",
            "../a/b.md#x:y",
            "/contact/",
            "//cdn.example/x",
            "#step",
            "?q=a:b",
            "1http:x",
            "a b:c",
        ] {
            assert_eq!(url_scheme(relative), None, "{relative:?}");
        }
    }

    #[test]
    fn markdown_links_that_would_run() {
        assert!(unsafe_link_scheme("javascript:alert(1)", false).is_some());
        assert!(unsafe_link_scheme("  VBScript:msgbox", false).is_some());
        assert!(unsafe_link_scheme("data:text/html,<script>", false).is_some());
        assert!(unsafe_link_scheme("data:image/png;base64,AAAA", false).is_some());
        assert!(unsafe_link_scheme("data:image/png;base64,AAAA", true).is_none());
        assert!(unsafe_link_scheme("data:image/svg+xml,<svg>", true).is_some());
        assert!(unsafe_link_scheme("data:text/html,x", true).is_some());
        for fine in ["https://x", "mailto:a@b", "slack://open", "reset.md", "#a"] {
            assert!(unsafe_link_scheme(fine, false).is_none(), "{fine}");
        }
    }
}
