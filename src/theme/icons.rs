//! The theme's icons: `icons/<name>.svg` (the default theme's set, and any
//! a theme override adds or replaces), chosen by name in a category's
//! `icon` and drawn inline in the page's text colour, hidden from
//! assistive technology (the category's title says what it is).

/// Whether a category's `icon` value is meant as an icon's name (ASCII
/// letters, digits, `-` and `_`) rather than text such as an emoji, which
/// is shown as it is.
pub fn is_icon_name(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// An icon file's SVG made ready to write inline: what precedes the `<svg`
/// element (an XML declaration, comments) dropped, and `class="icon"`,
/// `aria-hidden="true"` and `focusable="false"` added to it unless it has
/// them. `None` when the text has no `<svg` element.
pub(crate) fn inline_svg(text: &str) -> Option<String> {
    let start = text.find("<svg")?;
    let svg = text[start..].trim_end();
    let tag_end = svg.find('>')?;
    let tag = &svg[..tag_end];
    let mut added = String::new();
    for (name, value) in [
        ("class", "icon"),
        ("aria-hidden", "true"),
        ("focusable", "false"),
    ] {
        if !tag.contains(&format!(" {name}=")) {
            added.push_str(&format!(" {name}=\"{value}\""));
        }
    }
    Some(format!("<svg{added}{}", &svg[4..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_emoji() {
        assert!(is_icon_name("lock"));
        assert!(is_icon_name("credit-card"));
        assert!(is_icon_name("Lock"), "a name, misspelt");
        assert!(!is_icon_name("🔑"));
        assert!(!is_icon_name("⚖️"));
        assert!(!is_icon_name(""));
    }

    #[test]
    fn svg_is_hidden_and_classed() {
        let out = inline_svg(
            "<?xml version=\"1.0\"?>\n<svg viewBox=\"0 0 24 24\"><path d=\"M0 0\"/></svg>\n",
        )
        .unwrap();
        assert_eq!(
            out,
            "<svg class=\"icon\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 24 24\"><path d=\"M0 0\"/></svg>"
        );
        let own = inline_svg("<svg class=\"mine\" aria-hidden=\"true\"></svg>").unwrap();
        assert_eq!(
            own,
            "<svg focusable=\"false\" class=\"mine\" aria-hidden=\"true\"></svg>"
        );
        assert!(inline_svg("no svg").is_none());
    }
}
