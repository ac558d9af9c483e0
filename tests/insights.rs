//! `helpbook insights` through the binary, on the help center of
//! `tests/fixtures/insights/` and its fixed events (`events.jsonl`): the
//! text and JSON reports against golden files, the same report from a
//! database, a bad events line, `--suggest-tests` accepted by `helpbook
//! check`, the HTML page, usage errors, and `tree graph --insights`.
//!
//! The golden files are `tests/fixtures/insights/expected/`; after a change
//! that should alter the report, regenerate them with
//! `UPDATE_GOLDEN=1 cargo test --test insights` and review the diff.
//! "Now" is the tests' `SOURCE_DATE_EPOCH` (2026-05-28), so `--since 7d`
//! is 2026-05-22 to 2026-05-28.

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use common::{copy_tree, fixture_path, run, Run};
use helpbook::insights::event::Stored;
use helpbook::insights::store::Store;

fn root() -> PathBuf {
    fixture_path("insights")
}

fn events_file() -> PathBuf {
    fixture_path("insights/events.jsonl")
}

/// `helpbook insights --root <fixture> --since 7d <extra…>`.
fn insights(extra: &[&OsStr]) -> Run {
    let root = root();
    let mut args: Vec<&OsStr> = vec![
        "insights".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--since".as_ref(),
        "7d".as_ref(),
    ];
    args.extend_from_slice(extra);
    let run = run(&args);
    run.assert_no_panic("helpbook insights");
    run
}

/// Compares `actual` with the golden file `name`, or writes it when
/// `UPDATE_GOLDEN` is set.
fn golden(name: &str, actual: &str) {
    let path = fixture_path("insights/expected").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (UPDATE_GOLDEN=1 cargo test --test insights writes it)",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from {} at line {}:\n  expected: {:?}\n  actual:   {:?}\n(if the change is right: UPDATE_GOLDEN=1 cargo test --test insights, and review the diff)\n--- actual ---\n{actual}",
            path.display(),
            first + 1,
            expected.lines().nth(first).unwrap_or(""),
            actual.lines().nth(first).unwrap_or(""),
        );
    }
}

#[test]
fn the_text_report_of_the_fixed_events_matches_its_golden_file() {
    let events = events_file();
    let run = insights(&["--events".as_ref(), events.as_os_str()]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert_eq!(run.stderr, "", "no warnings for a clean events file");
    golden("report.txt", &run.stdout);
    // The parts that matter, spelled out (the golden file shows them all).
    let text = &run.stdout;
    assert!(text.starts_with(
        "Insights Fixture: insights for 2026-05-22 to 2026-05-28 (7 days, UTC), all languages\n"
    ));
    assert!(
        text.contains("synonym:       \"pasword, password\""),
        "{text}"
    );
    assert!(text.contains("2026-05-25  6 no results for “dark mode” (en) (median 0)"));
    // Reader text cannot drive the terminal.
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'));
}

#[test]
fn the_json_report_of_the_fixed_events_matches_its_golden_file() {
    let events = events_file();
    let run = insights(&[
        "--events".as_ref(),
        events.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    golden("report.json", &run.stdout);
    let json = run.json();
    assert_eq!(json["version"], 1);
    assert_eq!(json["period"]["since"], "2026-05-22");
    assert_eq!(json["period"]["previous_since"], "2026-05-15");
    // The alias /help/old/reset/ counts for the article it redirects to.
    let first = &json["helpfulness"][0];
    assert_eq!(first["page"]["path"], "account/reset-password.md");
    assert_eq!(
        (first["yes"].as_u64(), first["no"].as_u64()),
        (Some(3), Some(6))
    );
    let tree = &json["trees"][0];
    assert_eq!(tree["starts"], 7);
    assert_eq!(tree["resolution_rate"], 0.4286);
    assert_eq!(tree["unmatched"], 1);
    let nothing = &json["searches"]["without_results"];
    let pasword = nothing
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["query"] == "pasword")
        .expect("pasword found nothing");
    assert_eq!(pasword["closest"][0]["path"], "account/reset-password.md");
    assert_eq!(pasword["synonyms"][0], "pasword, password");
    let unreached: Vec<&str> = json["unreached"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(unreached, ["billing/refunds.md", "messaging/unsend.md"]);
}

#[test]
fn a_database_gives_the_same_report_as_the_events_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("insights.sqlite");
    let text = std::fs::read_to_string(events_file()).unwrap();
    let events: Vec<(i64, helpbook::insights::event::Event)> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| Stored::from_json_line(l).unwrap())
        .map(|s| (s.time, s.event))
        .collect();
    let mut store = Store::open(&db).unwrap();
    store.insert(&events).unwrap();
    drop(store);

    let json = ["--format".as_ref(), "json".as_ref()];
    let from_db = insights(&[&["--db".as_ref(), db.as_os_str()][..], &json].concat());
    assert_eq!(from_db.code, Some(0), "{from_db:#?}");
    let file = events_file();
    let from_file = insights(&[&["--events".as_ref(), file.as_os_str()][..], &json].concat());
    assert_eq!(from_db.stdout, from_file.stdout);
}

#[test]
fn a_bad_line_of_an_events_file_is_reported_at_its_line_and_the_rest_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("events.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"kind":"contact","page":"/help/contact/","language":"en","channel":"Chat","time":"2026-05-27T10:00:00Z"}"#,
            "\n",
            r#"{"kind":"contact","page":"/help/contact/","language":"en","time":"2026-05-27T10:00:00Z"}"#,
            "\n\nnot json at all\n",
            r#"{"kind":"contact","page":"/help/contact/","language":"en","channel":"Chat","time":"2026-05-28T10:00:00Z"}"#,
            "\n",
        ),
    )
    .unwrap();
    let run = insights(&[
        "--events".as_ref(),
        file.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert!(
        run.stderr.contains("events.jsonl:2:1") && run.stderr.contains("missing field `channel`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("events.jsonl:4:1"), "{}", run.stderr);
    assert!(!run.stderr.contains("events.jsonl:1:"), "{}", run.stderr);
    assert_eq!(run.json()["channels"][0]["count"], 2);
}

#[test]
fn suggested_search_tests_pasted_into_book_toml_pass_helpbook_check() {
    let events = events_file();
    let run = insights(&[
        "--events".as_ref(),
        events.as_os_str(),
        "--suggest-tests".as_ref(),
    ]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    let toml = &run.stdout;
    assert!(
        toml.contains("[[search.expect]]\nquery = \"reset password\"\narticle = \"account/reset-password.md\"\ntop = 3\n"),
        "{toml}"
    );
    assert!(
        toml.contains("query = \"contraseña\"\narticle = \"account/reset-password.md\"\ntop = 3\nlanguage = \"es\"\n"),
        "{toml}"
    );
    // "two factor": opens split between two pages; "dark mode": nothing opened.
    assert!(
        !toml.contains("two factor") && !toml.contains("dark mode"),
        "{toml}"
    );
    assert_eq!(toml.matches("[[search.expect]]").count(), 2, "{toml}");

    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&root(), &site);
    let book = site.join("book.toml");
    let mut text = std::fs::read_to_string(&book).unwrap();
    text.push('\n');
    text.push_str(toml);
    std::fs::write(&book, text).unwrap();
    let check = common::check_json(&site);
    assert_eq!(check.code, Some(0), "{check:#?}");
    let report = check.json();
    assert_eq!(report["errors"], 0, "{report:#}");

    // A higher bar suggests nothing, and says so.
    let none = insights(&[
        "--events".as_ref(),
        events.as_os_str(),
        "--suggest-tests".as_ref(),
        "--min-searches".as_ref(),
        "11".as_ref(),
    ]);
    assert!(
        none.stdout.contains("# No query qualifies"),
        "{}",
        none.stdout
    );
}

#[test]
fn the_html_report_is_one_self_contained_page_with_tables_behind_its_charts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let events = events_file();
    let run = insights(&[
        "--events".as_ref(),
        events.as_os_str(),
        "--format".as_ref(),
        "html".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert_eq!(run.stdout, "");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    // Nothing to fetch: no script, no external style, font or image.
    for banned in [
        "<script", "<link", "src=", "@import", "url(", "http://", "https://",
    ] {
        assert!(!html.contains(banned), "the page has {banned}");
    }
    assert!(html.contains("prefers-color-scheme:dark"));
    assert!(html.contains("<svg"));
    // Reader text is escaped and isolated.
    assert!(html.contains("<bdi>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</bdi>"));
    // Every table has a caption and scoped header cells.
    let tables = html.matches("<table>").count();
    assert!(tables >= 6, "{tables} tables");
    assert_eq!(html.matches("<caption>").count(), tables);
    assert!(!html.contains("<th>"), "a header cell without a scope");
}

#[test]
fn language_keeps_one_language_and_unknown_ones_are_usage_errors() {
    let events = events_file();
    let run = insights(&[
        "--events".as_ref(),
        events.as_os_str(),
        "--language".as_ref(),
        "es".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    let json = run.json();
    assert_eq!(json["language"], "es");
    assert_eq!(json["searches"]["total"], 10);
    assert_eq!(json["searches"]["top"][0]["query"], "contraseña");
    assert_eq!(json["trees"].as_array().unwrap().len(), 0);

    let run = insights(&[
        "--events".as_ref(),
        events.as_os_str(),
        "--language".as_ref(),
        "fr".as_ref(),
    ]);
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(
        run.stderr
            .contains("no language `fr`; its languages are: en, es"),
        "{}",
        run.stderr
    );
}

#[test]
fn unusable_inputs_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.sqlite");
    let run = insights(&["--db".as_ref(), missing.as_os_str()]);
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(run.stderr.contains("no such file"), "{}", run.stderr);

    let text = dir.path().join("notes.sqlite");
    std::fs::write(
        &text,
        "not a database, but long enough to have a header of sorts",
    )
    .unwrap();
    let run = insights(&["--db".as_ref(), text.as_os_str()]);
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(
        run.stderr.contains("is not a helpbook events database"),
        "{}",
        run.stderr
    );

    let events = events_file();
    let run = run_args(&[
        "insights".as_ref(),
        "--root".as_ref(),
        root().as_os_str(),
        "--events".as_ref(),
        events.as_os_str(),
        "--since".as_ref(),
        "fortnight".as_ref(),
    ]);
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(
        run.stderr.contains("neither a number of days"),
        "{}",
        run.stderr
    );

    let run = run_args(&["insights".as_ref(), "--root".as_ref(), root().as_os_str()]);
    assert_eq!(run.code, Some(2), "neither --db nor --events: {run:#?}");

    let run = run_args(&[
        "insights".as_ref(),
        "--root".as_ref(),
        dir.path().as_os_str(),
        "--events".as_ref(),
        events.as_os_str(),
    ]);
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(run.stderr.contains("no book.toml"), "{}", run.stderr);
}

fn run_args(args: &[&OsStr]) -> Run {
    let run = run(args);
    run.assert_no_panic("helpbook");
    run
}

/// `helpbook tree graph <file> --insights <events> --since 7d --format <format>`.
fn graph(file: &Path, events: &Path, format: &str) -> Run {
    run_args(&[
        "tree".as_ref(),
        "graph".as_ref(),
        file.as_os_str(),
        "--root".as_ref(),
        root().as_os_str(),
        "--insights".as_ref(),
        events.as_os_str(),
        "--since".as_ref(),
        "7d".as_ref(),
        "--format".as_ref(),
        format.as_ref(),
    ])
}

#[test]
fn tree_graph_draws_how_many_readers_took_each_answer() {
    let tree = root().join("content/account/fix-login.md");
    let events = events_file();
    let mermaid = graph(&tree, &events, "mermaid");
    assert_eq!(mermaid.code, Some(0), "{mermaid:#?}");
    let out = &mermaid.stdout;
    assert!(
        out.contains(
            "title: I can't log in (7 starts, readers per answer, 2026-05-22 to 2026-05-28)"
        ),
        "{out}"
    );
    for arrow in [
        "n0 -->|\"It says my password is wrong (4)\"| n1",
        "n0 -->|\"No login code arrives (2)\"| n2",
        "n0 -->|\"I forgot my password (0)\"| a0",
        "n1 -->|\"No (1)\"| n5",
        "n2 -->|\"No, it changed (1)\"| n5",
    ] {
        assert!(out.contains(arrow), "no `{arrow}` in\n{out}");
    }
    let dot = graph(&tree, &events, "dot");
    assert_eq!(dot.code, Some(0), "{dot:#?}");
    assert!(
        dot.stdout.contains(
            "\"start\" -> \"wrong-password\" [label=\"It says my password is\\nwrong (4)\", penwidth=5.0];"
        ),
        "{}",
        dot.stdout
    );

    // The same counts from a database.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("insights.sqlite");
    let text = std::fs::read_to_string(&events).unwrap();
    let stored: Vec<_> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| Stored::from_json_line(l).unwrap())
        .map(|s| (s.time, s.event))
        .collect();
    Store::open(&db).unwrap().insert(&stored).unwrap();
    assert_eq!(graph(&tree, &db, "mermaid").stdout, mermaid.stdout);

    // An article is not a tree.
    let article = root().join("content/account/two-factor.md");
    let run = graph(&article, &events, "mermaid");
    assert_ne!(run.code, Some(0), "{run:#?}");
}
