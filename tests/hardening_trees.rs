//! Long troubleshooters (issue 20, item 1): a linear tree of 500 steps used
//! to overflow the stack (the map was built, serialised and drawn by
//! recursion as deep as the tree), killing `check`, `build` and a running
//! `serve`. Every walk over a tree is now iterative or bounded (the map
//! nests at most 32 steps deep, the rest continues in lists of its own),
//! and a tree of more than 1,000 steps is refused at its 1,001st step.
//!
//! The trees are made at test time (tens of thousands of lines).

mod common;

use std::fs;
use std::path::PathBuf;

use common::{build_to, check_json, copy_tree, diagnostics, fixture_path};
use helpbook::pipeline::BuildOptions;
use helpbook::serve::live::LiveSite;

/// A troubleshooter of `steps` steps in a line: `## S0 {#s0}` with one
/// choice to the next, the last `.resolved`. Step `i`'s heading is on line
/// `6 + 4 * i`.
fn linear_tree(steps: usize) -> String {
    let mut text = String::from("+++\ntitle = \"Long\"\nkind = \"troubleshooter\"\n+++\n");
    for i in 0..steps {
        if i + 1 == steps {
            text.push_str(&format!("\n## S{i} {{#s{i} .resolved}}\n\nDone.\n"));
        } else {
            text.push_str(&format!("\n## S{i} {{#s{i}}}\n\n- [next](#s{})\n", i + 1));
        }
    }
    text
}

/// `ok-baseline` with `content/account/long.md` holding `text`.
fn with_tree(text: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture_path("broken/ok-baseline"), &root);
    fs::write(root.join("content/account/long.md"), text).unwrap();
    (tmp, root)
}

#[test]
fn a_600_step_tree_checks_and_builds_with_its_map_in_parts() {
    let (tmp, root) = with_tree(&linear_tree(600));
    let run = check_json(&root);
    run.assert_no_panic("check");
    assert_eq!(run.code, Some(0), "{run:#?}");
    // Only the long-path warning (at the 13th step).
    let report = run.json();
    let diags = diagnostics(&report);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["line"], 6 + 4 * 12);
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("step `s12` is 13 steps from the start"));

    let dest = tmp.path().join("out");
    let run = build_to(&root, &dest);
    run.assert_no_panic("build");
    assert_eq!(run.code, Some(0), "{run:#?}");
    let last = fs::read_to_string(dest.join("account/long/s599/index.html")).unwrap();
    assert!(last.contains("S599"));
    // The map lists every step: 32 nested under the first, then lists of
    // 32 that the step before each points to as "listed below".
    let map = fs::read_to_string(dest.join("account/long/map/index.html")).unwrap();
    assert_eq!(map.matches("(listed below)").count(), 600 / 32, "{map}");
    assert_eq!(map.matches("class=\"map-step").count(), 600);
    let nesting = map.matches("<ul class=\"map-answers\">").count();
    assert_eq!(nesting, 599);
    assert!(map.contains(">S599</a>"));
}

#[test]
fn a_tree_over_1000_steps_is_refused_at_its_1001st_step() {
    let (tmp, root) = with_tree(&linear_tree(10_000));
    let run = check_json(&root);
    run.assert_no_panic("check");
    assert_eq!(run.code, Some(1), "{run:#?}");
    let report = run.json();
    let diags = diagnostics(&report);
    assert_eq!(
        diags.len(),
        1,
        "one error, nothing else about the tree: {diags:#?}"
    );
    let d = &diags[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "content/account/long.md");
    assert_eq!(d["line"], 6 + 4 * 1000);
    assert_eq!(
        d["message"],
        "this troubleshooter has 10000 steps; a troubleshooter has at most 1000"
    );
    assert!(d["help"].as_str().unwrap().contains("split it"), "{d}");

    let dest = tmp.path().join("out");
    let run = build_to(&root, &dest);
    run.assert_no_panic("build");
    assert_eq!(run.code, Some(1), "{run:#?}");
    assert!(
        run.stderr.contains("content/account/long.md:4006:1"),
        "{}",
        run.stderr
    );
    assert!(!dest.exists());
}

#[test]
fn a_1000_step_tree_is_still_accepted() {
    let (_tmp, root) = with_tree(&linear_tree(1000));
    let run = check_json(&root);
    run.assert_no_panic("check");
    assert_eq!(run.code, Some(0), "{run:#?}");
}

#[test]
fn saving_a_long_tree_in_the_preview_does_not_stop_it() {
    let (_tmp, root) = with_tree(&linear_tree(3));
    let options = BuildOptions {
        drafts: false,
        today: jiff::civil::date(2026, 11, 15),
        live: true,
    };
    let (mut live, mut files) = LiveSite::build(&root, options).unwrap();
    assert!(files.files.contains_key("account/long/s2/index.html"));
    fs::write(root.join("content/account/long.md"), linear_tree(700)).unwrap();
    let update = live
        .apply(&mut files, &[PathBuf::from("content/account/long.md")])
        .expect("a help center");
    assert_eq!(live.counts().0, 0, "{update:?}");
    assert!(files.files.contains_key("account/long/s699/index.html"));
    let map = String::from_utf8_lossy(&files.files["account/long/map/index.html"]).into_owned();
    assert!(map.contains(">S699</a>"));
}

#[test]
fn tree_graph_draws_a_long_tree() {
    let (_tmp, root) = with_tree(&linear_tree(800));
    let run = common::run(&[
        "tree".as_ref(),
        "graph".as_ref(),
        "content/account/long.md".as_ref(),
        "--format".as_ref(),
        "dot".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
    ]);
    run.assert_no_panic("tree graph");
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert!(
        run.stdout.contains("\"s798\" -> \"s799\""),
        "{}",
        &run.stdout[..200]
    );
}
