//! JSON text for both targets: the search results ([`crate::engine`]) and
//! what the wasm module hands the worker script, written with serde_json
//! from `#[derive(Serialize)]` types through one [`Formatter`] so that the
//! CLI and the browser read the very same bytes.
//!
//! The text stays safe to embed in HTML and valid JavaScript: `<` is
//! written `\u003c` (no `</script>` can close an inline script), and U+2028
//! and U+2029, line terminators in older JavaScript, are escaped too.
//! Control characters are escaped as `\u00XX` except `\n`, `\r` and `\t`,
//! and `f32` numbers (result scores) are written with four decimals.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter};

/// `value` as JSON (see the module's notes on escapes and numbers).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, SafeFormatter);
    // Writing into a Vec cannot fail, and every type serialized here is a
    // tree of structs, sequences, strings and numbers, which always can be.
    if value.serialize(&mut serializer).is_err() {
        return String::new();
    }
    // serde_json writes UTF-8 only.
    String::from_utf8(out).unwrap_or_default()
}

/// serde_json's compact output with the escapes and number format above.
struct SafeFormatter;

impl Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut plain = 0;
        for (i, c) in fragment.char_indices() {
            let escape = match c {
                '<' => "\\u003c",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[plain..i])?;
            writer.write_all(escape.as_bytes())?;
            plain = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[plain..])
    }

    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        char_escape: CharEscape,
    ) -> io::Result<()> {
        match char_escape {
            CharEscape::Backspace => writer.write_all(b"\\u0008"),
            CharEscape::FormFeed => writer.write_all(b"\\u000c"),
            other => serde_json::ser::CompactFormatter.write_char_escape(writer, other),
        }
    }

    /// Four decimals, as `{:.4}` would write them (ties to even), from
    /// integers: the float formatting of `core` (Grisu and Dragon, ~9 KB
    /// of wasm) stays out of the browser's engine. An `f32` times 10,000
    /// is exact in an `f64`, so the only rounding is the last one.
    fn write_f32<W: ?Sized + Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        if !value.is_finite() {
            return writer.write_all(b"null");
        }
        let scaled = (f64::from(value) * 10_000.0).round_ties_even();
        let sign = if scaled < 0.0 { "-" } else { "" };
        // |value| < 3.4e38, so the scaled magnitude fits in a u128.
        let n = scaled.abs() as u128;
        write!(writer, "{sign}{}.{:04}", n / 10_000, n % 10_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_escaped_for_html_and_js() {
        assert_eq!(
            to_string("a\"</script>\n\u{2028}"),
            "\"a\\\"\\u003c/script>\\n\\u2028\""
        );
    }

    #[test]
    fn control_characters_and_scores() {
        assert_eq!(
            to_string("\u{8}\u{c}\u{1}\t\r\\\u{2029}é"),
            "\"\\u0008\\u000c\\u0001\\t\\r\\\\\\u2029é\""
        );
        assert_eq!(to_string(&[1.5f32, 0.123_456]), "[1.5000,0.1235]");
        // Ties go to even, like `{:.4}`; signs, big numbers, non-finite.
        assert_eq!(
            to_string(&[0.03125f32, 0.09375, -2.25]),
            "[0.0312,0.0938,-2.2500]"
        );
        assert_eq!(to_string(&[3.0e9f32, f32::NAN]), "[3000000000.0000,null]");
        for x in [
            0.0f32,
            1.0e-5,
            0.333_333_3,
            12.345_678,
            987.654_3,
            65_504.1,
            1.0e7,
        ] {
            assert_eq!(to_string(&x), format!("{x:.4}"), "{x}");
        }
        assert_eq!(to_string(&Some(3u32)), "3");
    }
}
