//! Reader text (queries, comments) made safe to print where it is not
//! escaped by a format: on a terminal and in TOML comments. Control
//! characters (which could move a terminal's cursor or hide text) and the
//! bidirectional formatting characters (which could reorder what a reader
//! of the report sees) become spaces; line breaks become spaces too.

/// `text` on one line, without control or bidirectional formatting
/// characters.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || is_bidi_control(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The characters that override or isolate text direction.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn control_and_direction_characters_go() {
        assert_eq!(one_line("a\u{1b}[2Jb\nc\u{202E}d"), "a [2Jb c d");
        assert_eq!(one_line("contraseña"), "contraseña");
    }
}
