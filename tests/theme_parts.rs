//! The theme's parts (`templates/parts/<name>.html`): rendered once per
//! site and given to every page as `parts.<name>`, overridable like any
//! template, and a part that fails is reported by the pages that use it.
//! Runs the whole pipeline through the library, in memory.

use helpbook::base::diagnostic::Report;
use helpbook::pipeline::{self, BuildOptions};
use helpbook::render::Output;

/// A help center with one article and the theme parts `parts` (file
/// name, text) over the default theme's.
fn built_with_parts(parts: &[(&str, &str)]) -> (Report, Option<Output>) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "book.toml",
        "[book]\ntitle = \"T&T\"\n[output.html]\ntheme = \"x\"\n",
    );
    write("content/a.md", "+++\ntitle = \"A\"\n+++\nText.\n");
    for (name, text) in parts {
        write(&format!("themes/x/templates/parts/{name}"), text);
    }
    let options = BuildOptions {
        drafts: false,
        today: jiff::civil::date(2026, 1, 1),
        live: false,
    };
    let mut report = Report::default();
    let built = pipeline::run(root, options, &mut report).unwrap();
    (report, built.output)
}

#[test]
fn parts_are_rendered_once_for_every_page_and_overridable() {
    let (report, output) = built_with_parts(&[
        ("footer.html", "<footer>{{ site.title }}</footer>\n"),
        // Not used by any page: its error is not the pages'.
        ("unused.html", "{{ page.title }}"),
    ]);
    assert!(!report.has_errors(), "{report:?}");
    let output = output.unwrap();
    for page in ["index.html", "a/index.html", "contact/index.html"] {
        let html = String::from_utf8(output.files[page].clone()).unwrap();
        // Escaped like any page text; the file's last line break dropped.
        assert!(
            html.contains("  <footer>T&amp;T</footer>\n  <script"),
            "{page}: {html}"
        );
    }
}

#[test]
fn a_part_that_fails_is_reported_by_the_pages_that_use_it() {
    // With its own error.
    let (report, _) = built_with_parts(&[("footer.html", "{{ page.title }}")]);
    assert!(report.has_errors(), "a part has no page");
    let text = format!("{report:?}");
    assert!(text.contains("parts/footer.html"), "{text}");
    assert!(text.contains("page.title"), "{text}");
}
