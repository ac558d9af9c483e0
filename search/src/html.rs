//! HTML escaping, shared by search results and, through the CLI crate's
//! `base::html`, every page helpbook renders.

/// Escapes `& < > " '` for HTML text and quoted attributes. tera's default
/// also escapes `/`, which makes every URL in the output unreadable and larger
/// for no safety gain in quoted attributes. Pages (through the CLI's
/// `base::html`) and search results use this one function, so they agree.
///
/// tera calls this for every string a template writes (and for every string
/// an `{% if %}` tests), so it copies runs of plain bytes at once rather than
/// one character at a time.
pub fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    push_escaped(&mut out, input);
    out
}

/// [`escape`] of `input`, appended to `out`.
pub fn push_escaped(out: &mut String, input: &str) {
    let mut plain = 0;
    for (i, byte) in input.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // `i` is at an ASCII byte, so both slices end on character boundaries.
        out.push_str(&input[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&input[plain..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_urls_readable() {
        assert_eq!(
            escape("/a/b?x=1&y=\"<'>"),
            "/a/b?x=1&amp;y=&quot;&lt;&#39;&gt;"
        );
    }

    #[test]
    fn escapes_every_special_character_once() {
        for (text, expected) in [
            ("", ""),
            ("plain", "plain"),
            ("&", "&amp;"),
            ("<<>>", "&lt;&lt;&gt;&gt;"),
            ("a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f"),
            (
                "café & crème <brûlée> «quoted» 日本語'",
                "café &amp; crème &lt;brûlée&gt; «quoted» 日本語&#39;",
            ),
            ("\u{1F600}&\u{1F600}", "\u{1F600}&amp;\u{1F600}"),
            ("ends with &", "ends with &amp;"),
            ("&starts", "&amp;starts"),
        ] {
            assert_eq!(escape(text), expected, "{text}");
        }
    }
}
