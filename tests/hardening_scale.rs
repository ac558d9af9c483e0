//! Work that grew with the square of the input (issue 20, item 7), each
//! case made at test time: 20,000 headings with one text (their ids were
//! made unique by trying `-1`, `-2`… from the start each time), YAML front
//! matter nested 150,000 deep (libyaml read it all before serde_norway
//! refused it), and a thousand broken links on one line (each diagnostic
//! reprinted the whole line: 28 MB). Timings are not asserted here; what is
//! checked is the outcome, and that the output stays small.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{build_to, check_json, copy_tree, diagnostics, fixture_path, run};

/// `ok-baseline` with `content/account/<name>` holding `text`.
fn with_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture_path("broken/ok-baseline"), &root);
    fs::write(root.join("content/account").join(name), text).unwrap();
    (tmp, root)
}

#[test]
fn twenty_thousand_headings_with_one_text_get_numbered_ids() {
    let mut text = String::from("+++\ntitle = \"Same\"\n+++\n");
    // A heading whose slug is one of the numbered ids comes first: the
    // numbering skips it, as it always did.
    text.push_str("\n## Same 3\n");
    for _ in 0..20_000 {
        text.push_str("\n## Same\n\nText.\n");
    }
    let (tmp, root) = with_file("same.md", &text);
    let dest = tmp.path().join("out");
    let run = build_to(&root, &dest);
    run.assert_no_panic("build");
    assert_eq!(run.code, Some(0), "{run:#?}");
    let page = fs::read_to_string(dest.join("account/same/index.html")).unwrap();
    for id in [
        "same",
        "same-1",
        "same-2",
        "same-3",
        "same-4",
        "same-19999",
        "same-20000",
    ] {
        assert_eq!(
            page.matches(&format!("<h2 id=\"{id}\">")).count(),
            1,
            "one heading with id {id}"
        );
    }
    assert!(!page.contains("id=\"same-20001\""));
}

#[test]
fn yaml_front_matter_nested_too_deep_is_refused_before_parsing() {
    let depth = 150_000;
    let text = format!(
        "---\ntitle: \"Deep\"\nx: {}{}\n---\nBody.\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let (_tmp, root) = with_file("deep.md", &text);
    let run = check_json(&root);
    run.assert_no_panic("check");
    assert_eq!(run.code, Some(1), "{run:#?}");
    let report = run.json();
    let diags = diagnostics(&report);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d["file"], "content/account/deep.md");
    // Line 3, at the 128th bracket: the 129th level (the key's table is
    // the first).
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 4 + 127);
    assert_eq!(
        d["message"],
        "front matter is not valid YAML: lists and tables are nested more than 128 levels deep here"
    );

    // The same with block lists (`- - - …`) on lines of their own.
    let text = format!(
        "---\ntitle: \"Deep\"\nx:\n{}v\n---\nBody.\n",
        "- ".repeat(depth)
    );
    let (_tmp, root) = with_file("deep.md", &text);
    let run = check_json(&root);
    assert_eq!(run.code, Some(1), "{run:#?}");
    let report = run.json();
    let d = &diagnostics(&report)[0];
    assert_eq!(d["line"], 4);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("nested more than 128 levels"),
        "{d}"
    );
}

#[test]
fn yaml_front_matter_nested_within_the_limit_still_reads() {
    // 100 levels of lists inside `[extra]`-like data: no error about depth
    // (the key itself is unknown, as before).
    let text = format!(
        "---\ntitle: \"Deep\"\nx: {}{}\n---\nBody.\n",
        "[".repeat(100),
        "]".repeat(100)
    );
    let (_tmp, root) = with_file("deep.md", &text);
    let run = check_json(&root);
    let report = run.json();
    let diags = diagnostics(&report);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["message"], "unknown key `x` in front matter");
}

/// A page with `links` broken links on one line (line 5).
fn broken_links(links: usize) -> String {
    let line: Vec<String> = (0..links)
        .map(|i| format!("[link {i}](missing-{i}.md)"))
        .collect();
    format!("+++\ntitle = \"Links\"\n+++\n\n{}\n", line.join(" "))
}

#[test]
fn a_thousand_broken_links_on_one_line_are_cut_and_summarised() {
    let (_tmp, root) = with_file("links.md", &broken_links(1000));
    let run = run(&[
        "check".as_ref(),
        "--color".as_ref(),
        "never".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
    ]);
    run.assert_no_panic("check");
    assert_eq!(run.code, Some(1), "{run:#?}");
    let err = &run.stderr;
    // 100 shown, each with an excerpt of about 100 characters; the whole
    // line is over 24,000.
    assert!(err.len() < 60_000, "{} bytes of diagnostics", err.len());
    assert!(
        err.lines().all(|l| l.chars().count() < 160),
        "a long line is shown whole"
    );
    assert_eq!(err.matches("error: link to a missing file").count(), 100);
    assert!(
        err.contains(
            "note: … and 900 more errors like \"link to a missing file: `…`\" in content/account/links.md"
        ),
        "{err}"
    );
    assert!(err.contains("1000 error(s)"), "{err}");
    // The 50th link, cut around, with its own line and column.
    let column = broken_links(1000)
        .lines()
        .nth(4)
        .unwrap()
        .find("[link 50]")
        .unwrap()
        + 1;
    let at = format!("┌─ content/account/links.md:5:{column}\n");
    let excerpt = err
        .split(&at)
        .nth(1)
        .unwrap_or_else(|| panic!("no {at} in {err}"));
    let shown = excerpt.lines().nth(1).unwrap();
    assert!(shown.starts_with("5 │ …"), "{shown}");
    assert!(shown.ends_with('…'), "{shown}");
    assert!(shown.contains("[link 50](missing-50.md)"), "{shown}");
    let underline = excerpt.lines().nth(2).unwrap();
    let caret = underline.chars().position(|c| c == '^').unwrap();
    let under: String = shown.chars().skip(caret).take(24).collect();
    assert_eq!(under, "[link 50](missing-50.md)", "{shown}\n{underline}");

    // JSON lists every one.
    let run = check_json(&root);
    let report = run.json();
    assert_eq!(diagnostics(&report).len(), 1000);
}
