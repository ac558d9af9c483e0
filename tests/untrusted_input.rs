//! What a hostile or careless help center tries, through the binary: URLs
//! in book.toml and in Markdown that would run a script in readers'
//! browsers, raw HTML under `[build] raw-html`, NUL characters, a
//! book.toml that is not UTF-8, too large or has errors (which must not
//! hide the content's), and support channels named twice.
//!
//! Each case is a fixture under `tests/fixtures/broken/<case>/`, or made at
//! test time from a copy of `ok-baseline` when git cannot hold it well
//! (NUL bytes, invalid UTF-8, a huge file).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{
    build_refused, build_to, check_json, check_report, copy_tree, diagnostics, fixture_path,
};
use serde_json::Value;

fn broken(case: &str) -> PathBuf {
    fixture_path(&format!("broken/{case}"))
}

/// A temporary copy of `broken/<case>` that a test may change.
fn copy_case(case: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join(case);
    copy_tree(&broken(case), &root);
    (tmp, root)
}

/// Runs `check --format json` on `root` and returns its exit code and
/// report, asserting there was no panic.
fn check(root: &Path) -> (Option<i32>, Value) {
    check_report(root)
}

/// The diagnostic of `report` with this severity at `file:line` whose
/// message contains `message`; fails showing every diagnostic otherwise.
/// A located one must have a column and a help.
fn find<'r>(report: &'r Value, severity: &str, file: &str, line: u64, message: &str) -> &'r Value {
    let all = diagnostics(report);
    let found = all.iter().find(|d| {
        d["severity"] == severity
            && d["file"] == file
            && d["line"] == line
            && d["message"].as_str().is_some_and(|m| m.contains(message))
    });
    let Some(d) = found else {
        panic!("no {severity} at {file}:{line} containing {message:?} in {report:#}");
    };
    assert!(d["column"].as_u64().is_some_and(|c| c >= 1), "{d:#}");
    assert!(
        d["help"].as_str().is_some_and(|h| !h.trim().is_empty()),
        "{d:#}"
    );
    d
}

/// Asserts `build` of `root` exits 1 and writes nothing.
fn build_writes_nothing(root: &Path) {
    let run = build_refused(root);
    assert!(run.stderr.contains("Nothing was written"), "{}", run.stderr);
}

/// `<root>/book.toml` with `from` replaced by `to` (which must be there).
fn edit_book(root: &Path, from: &str, to: &str) {
    let path = root.join("book.toml");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {text}");
    fs::write(&path, text.replace(from, to)).unwrap();
}

// ------------------------------------------------------ URLs in book.toml

#[test]
fn channel_urls_that_would_run_a_script_are_refused_at_their_line() {
    let root = broken("channel-unsafe-url");
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    let d = find(&report, "error", "book.toml", 10, "uses `javascript:`");
    assert_eq!(d["column"], 7, "{d:#}");
    assert!(
        d["help"].as_str().unwrap().contains("mailto:"),
        "says what to write: {d:#}"
    );
    // A translated channel's URL too, spaces and capitals notwithstanding.
    find(
        &report,
        "error",
        "book.toml",
        16,
        "`url` in [[language.es.support.channels]] uses `javascript:`",
    );
    // The tree that uses the refused channel is not also reported.
    assert_eq!(report["errors"], 2, "{report:#}");
    build_writes_nothing(&root);
}

#[test]
fn other_urls_of_book_toml_are_checked_too() {
    let (_tmp, root) = copy_case("ok-baseline");
    fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Fixture\"\n\n[output.html]\nsite-url = \"javascript:alert(1)\"\n\n[insights]\nendpoint = \"/\\\\evil.example/collect\"\n\n[[support.channels]]\nname = \"Form\"\nurl = \"data:text/html,<script>alert(1)</script>\"\n",
    )
    .unwrap();
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    find(&report, "error", "book.toml", 5, "`site-url`");
    find(&report, "error", "book.toml", 8, "`endpoint` in [insights]");
    find(&report, "error", "book.toml", 12, "uses `data:`");
    assert_eq!(report["errors"], 3, "{report:#}");
}

// ----------------------------------------------------- links in Markdown

#[test]
fn markdown_links_that_would_run_a_script_are_errors_even_under_warn() {
    let root = broken("markdown-unsafe-link");
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    let file = "content/help/links.md";
    let d = find(&report, "error", file, 5, "link to a `javascript:` URL");
    assert_eq!(d["column"], 7, "{d:#}");
    find(&report, "error", file, 9, "image to a `data:` URL");
    // `data:image/png` in an image, https:, mailto: and tel: are fine.
    assert_eq!(report["errors"], 2, "{report:#}");
    assert_eq!(report["warnings"], 0, "{report:#}");
    build_writes_nothing(&root);
}

// ------------------------------------------------------------- raw HTML

#[test]
fn raw_html_deny_refuses_each_block_tag_and_heading_attribute() {
    let root = broken("raw-html-deny");
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    let file = "content/help/raw.md";
    find(
        &report,
        "error",
        file,
        7,
        "raw HTML in Markdown (HTML block)",
    );
    let d = find(&report, "error", file, 9, "raw HTML in Markdown (HTML tag)");
    assert!(
        d["help"].as_str().unwrap().contains("raw-html = \"deny\""),
        "{d:#}"
    );
    find(&report, "error", file, 11, "(heading attribute): `onclick");
    // The comment on line 5 is not reported; each <kbd> once (not </kbd>).
    assert_eq!(report["errors"], 4, "{report:#}");
    build_writes_nothing(&root);
}

#[test]
fn raw_html_warn_builds_with_a_warning_at_each() {
    let (_tmp, root) = copy_case("raw-html-deny");
    edit_book(&root, "raw-html = \"deny\"", "raw-html = \"warn\"");
    let (code, report) = check(&root);
    assert_eq!(code, Some(0), "{report:#}");
    find(
        &report,
        "warning",
        "content/help/raw.md",
        7,
        "raw HTML in Markdown",
    );
    assert_eq!(report["warnings"], 4, "{report:#}");
}

#[test]
fn raw_html_is_allowed_by_default_and_written_as_is() {
    let (tmp, root) = copy_case("raw-html-deny");
    edit_book(&root, "raw-html = \"deny\"", "");
    let (code, report) = check(&root);
    assert_eq!(code, Some(0), "{report:#}");
    assert_eq!(diagnostics(&report).len(), 0, "{report:#}");
    let dest = tmp.path().join("site");
    let run = build_to(&root, &dest);
    assert_eq!(run.code, Some(0), "{run:#?}");
    let page = fs::read_to_string(dest.join("help/raw/index.html")).unwrap();
    assert!(
        page.contains("<script>alert(document.domain)</script>"),
        "writers are trusted: {page}"
    );
    assert!(page.contains("onclick=\"alert(1)\""), "{page}");

    // An unknown value is an error at its line.
    edit_book(&root, "[build]\n", "[build]\nraw-html = \"sometimes\"\n");
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    find(&report, "error", "book.toml", 5, "`raw-html` must be");
}

// ------------------------------------------------------------ NUL bytes

#[test]
fn nul_in_a_body_is_an_error_at_its_line() {
    let (_tmp, root) = copy_case("ok-baseline");
    let path = root.join("content/account/reset-password.md");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("\nA damaged line: ab\0cd\0\n");
    fs::write(&path, text).unwrap();
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    let d = find(
        &report,
        "error",
        "content/account/reset-password.md",
        17,
        "NUL character (byte 0x00) in the text (and 1 more)",
    );
    assert_eq!(d["column"], 19, "{d:#}");
    assert_eq!(report["errors"], 1, "{report:#}");
    build_writes_nothing(&root);
}

// ------------------------------------------------------------- book.toml

#[test]
fn book_toml_that_is_not_utf8_is_located_and_content_still_checked() {
    let (_tmp, root) = copy_case("ok-baseline");
    // "Café" in Latin-1.
    fs::write(root.join("book.toml"), b"[book]\ntitle = \"Caf\xe9\"\n").unwrap();
    let link = root.join("content/account/reset-password.md");
    let mut text = fs::read_to_string(&link).unwrap();
    text.push_str("\n[gone](gone.md)\n");
    fs::write(&link, text).unwrap();
    let (code, report) = check(&root);
    assert_eq!(
        code,
        Some(1),
        "a problem of book.toml's content: {report:#}"
    );
    let d = find(&report, "error", "book.toml", 2, "not valid UTF-8");
    assert_eq!(d["column"], 13, "{d:#}");
    assert!(d["help"].as_str().unwrap().contains("UTF-8"), "{d:#}");
    find(
        &report,
        "error",
        "content/account/reset-password.md",
        17,
        "link to a missing file",
    );
    assert_eq!(report["errors"], 2, "{report:#}");
    build_writes_nothing(&root);
}

#[test]
fn book_toml_that_is_too_large_is_refused() {
    let (_tmp, root) = copy_case("ok-baseline");
    let mut text = String::from("[book]\ntitle = \"Fixture\"\n");
    let line = format!("# {}\n", "x".repeat(1000));
    while text.len() <= 9 * 1024 * 1024 {
        text.push_str(&line);
    }
    fs::write(root.join("book.toml"), text).unwrap();
    let run = check_json(&root);
    run.assert_no_panic("check");
    assert_eq!(run.code, Some(1), "{run:#?}");
    let report = run.json();
    let d = diagnostics(&report)
        .iter()
        .find(|d| d["file"] == "book.toml")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert!(
        d["message"].as_str().unwrap().contains("larger than 8 MB"),
        "{d:#}"
    );
}

#[test]
fn book_toml_errors_do_not_hide_content_errors() {
    let root = broken("book-and-content-errors");
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    find(&report, "error", "book.toml", 3, "unknown key `titel`");
    find(
        &report,
        "error",
        "content/help/a.md",
        5,
        "link to a missing file: `b.md`",
    );
    assert_eq!(report["errors"], 2, "{report:#}");
    build_writes_nothing(&root);

    // After a syntax error too, the content is read with what the parser
    // could make of the file.
    let (_tmp, copy) = copy_case("book-and-content-errors");
    fs::write(copy.join("book.toml"), "[book\ntitle = \"Fixture\"\n").unwrap();
    let (code, report) = check(&copy);
    assert_eq!(code, Some(1), "{report:#}");
    find(&report, "error", "book.toml", 1, "not valid TOML");
    find(
        &report,
        "error",
        "content/help/a.md",
        5,
        "link to a missing file",
    );
}

#[test]
fn a_support_channel_named_twice_is_an_error_at_the_second() {
    let root = broken("duplicate-channel");
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    find(
        &report,
        "error",
        "book.toml",
        9,
        "two [[support.channels]] are named \"Email\" (the first on line 5)",
    );
    find(
        &report,
        "error",
        "book.toml",
        19,
        "two [[language.es.support.channels]] translate \"Email\" (the first on line 15)",
    );
    assert_eq!(report["errors"], 2, "{report:#}");
}
