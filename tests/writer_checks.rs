//! What `check` says to a writer, through the CLI: two articles with the
//! same title, a link to an anchor of a file whose front matter is broken,
//! and help lines that fit their key (a bad date says the date format).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{check_json, diagnostics, write_files};
use serde_json::Value;

/// A help center in a temporary folder: `book.toml`, one category `a`, and
/// `files` (path under content/ → text).
fn help_center(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("help");
    write_files(
        &root,
        &[
            ("book.toml", "[book]\ntitle = \"Help\"\n"),
            ("content/a/_index.md", "+++\ntitle = \"A\"\n+++\n"),
        ],
    );
    let content = root.join("content");
    for (path, text) in files {
        fs::write(content.join(path), text).unwrap();
    }
    (tmp, root)
}

fn with<'a>(report: &'a Value, needle: &str) -> Vec<&'a Value> {
    diagnostics(report)
        .iter()
        .filter(|d| d["message"].as_str().unwrap_or("").contains(needle))
        .collect()
}

fn report(root: &Path) -> Value {
    check_json(root).json()
}

#[test]
fn two_articles_with_one_title_are_a_warning_naming_both_files() {
    let (_tmp, root) = help_center(&[
        (
            "a/reset.md",
            "+++\ntitle = \"Reset your password\"\n+++\nOne.\n",
        ),
        (
            "a/reset-2.md",
            "+++\nweight = 2\ntitle = \"Reset your  password\"\n+++\nNot the same.\n",
        ),
        (
            "a/reset-again.md",
            "+++\nweight = 3\ntitle = \" reset your password\"\n+++\nTwo.\n",
        ),
    ]);
    let report = report(&root);
    let found = with(&report, "two articles are titled");
    assert_eq!(found.len(), 1, "{report:#}");
    let d = found[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "content/a/reset.md");
    assert_eq!(d["line"], 2);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("content/a/reset-again.md:3"),
        "{d:#}"
    );
}

#[test]
fn an_anchor_in_a_file_with_broken_front_matter_is_checked_in_the_same_run() {
    let (_tmp, root) = help_center(&[
        (
            "a/broken.md",
            "+++\ntitle = \"Broken\"\nupdated = 2026-13-01\n+++\n## Reset {#reset}\n",
        ),
        (
            "a/links.md",
            "+++\ntitle = \"Links\"\n+++\n[good](broken.md#reset) and [bad](broken.md#rest).\n",
        ),
    ]);
    let report = report(&root);
    let missing = with(&report, "missing heading");
    assert_eq!(missing.len(), 1, "{report:#}");
    assert_eq!(missing[0]["file"], "content/a/links.md");
    assert!(missing[0]["message"]
        .as_str()
        .unwrap()
        .contains("`#rest` is not in content/a/broken.md"));
    assert_eq!(missing[0]["help"], "did you mean `#reset`?");
    // The front matter's own error, whose help is about dates.
    let date = with(&report, "front matter is not valid TOML");
    assert_eq!(date.len(), 1, "{report:#}");
    assert_eq!(date[0]["line"], 3);
    let help = date[0]["help"].as_str().unwrap();
    assert!(help.contains("YYYY-MM-DD"), "{help}");
    assert!(!help.contains("double quotes"), "{help}");
}
