//! `build`, `check` and `serve` count a help center the same way, in the
//! same words: articles (files that could not be read included, and said),
//! troubleshooters, categories, translations; and `serve` prints its
//! address once.

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{build_to, copy_tree, fixture_path, run};

/// The part of a summary line that says what the help center holds.
fn counts(line: &str) -> &str {
    let start = line.find(|c: char| c.is_ascii_digit()).unwrap();
    let from = line[start..].find(" articles").map(|i| start + i).unwrap();
    let number_start = line[..from].rfind(' ').map_or(0, |i| i + 1);
    let end = line[from..]
        .find(" languages")
        .map(|i| from + i + " languages".len())
        .unwrap_or_else(|| panic!("no languages in {line:?}"));
    &line[number_start..end]
}

/// `helpbook serve` on the help center at `root`: its stdout and stderr
/// lines up to the first build's summary.
fn serve_lines(root: &std::path::Path) -> (Vec<String>, Vec<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .args(["serve", "--port", "0", "--color", "never", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out_tx = tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = out_tx.send((true, line));
        }
    });
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send((false, line));
        }
    });
    let (mut out, mut err) = (Vec::new(), Vec::new());
    while out.is_empty() || !err.iter().any(|l: &String| l.starts_with("Built ")) {
        let Ok((is_out, line)) = rx.recv_timeout(Duration::from_secs(60)) else {
            break;
        };
        if is_out {
            out.push(line);
        } else {
            err.push(line);
        }
    }
    // Anything else it says right after.
    while let Ok((is_out, line)) = rx.recv_timeout(Duration::from_millis(300)) {
        if is_out {
            out.push(line);
        } else {
            err.push(line);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    (out, err)
}

#[test]
fn build_check_and_serve_count_alike_and_serve_says_its_address_once() {
    let tmp = tempfile::tempdir().unwrap();
    let root = fixture_path("languages");
    let built = build_to(&root, &tmp.path().join("site"));
    assert_eq!(built.code, Some(0), "{built:#?}");
    let build_line = built
        .stdout
        .lines()
        .find(|l| l.starts_with("Built "))
        .unwrap();
    let checked = run(&["check".as_ref(), "--root".as_ref(), root.as_os_str()]);
    let check_line = checked
        .stderr
        .lines()
        .find(|l| l.starts_with("Checked "))
        .unwrap();
    let (out, err) = serve_lines(&root);
    let serve_line = err
        .iter()
        .find(|l| l.starts_with("Built "))
        .unwrap_or_else(|| panic!("no summary from serve: {err:#?}"));
    let expected = "3 articles (1 troubleshooter) in 1 category, 4 translations into 3 languages";
    assert_eq!(counts(build_line), expected, "{build_line}");
    assert_eq!(counts(check_line), expected, "{check_line}");
    assert_eq!(counts(serve_line), expected, "{serve_line}");
    // The same number of pages in build and serve.
    let pages = |line: &str| line.split(':').next().unwrap().to_string();
    assert_eq!(pages(build_line), pages(serve_line));
    // The address: once, on stdout.
    let addresses = out
        .iter()
        .chain(&err)
        .filter(|l| l.contains("http://127.0.0.1:"))
        .count();
    assert_eq!(addresses, 1, "{out:#?}\n{err:#?}");
    assert!(
        out[0].starts_with("Serving at http://127.0.0.1:"),
        "{out:#?}"
    );
}

#[test]
fn files_that_could_not_be_read_are_counted_and_said() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("help");
    copy_tree(&fixture_path("languages"), &root);
    fs::write(
        root.join("content/account/broken.md"),
        "+++\ntitle = \"Broken\nupdated = 2026-13-01\n+++\nBody.\n",
    )
    .unwrap();
    let checked = run(&["check".as_ref(), "--root".as_ref(), root.as_os_str()]);
    assert_eq!(checked.code, Some(1), "{checked:#?}");
    assert!(
        checked
            .stderr
            .contains("Checked 4 articles (1 troubleshooter; 1 could not be read) in 1 category"),
        "{checked:#?}"
    );
    let json = common::check_json(&root).json();
    assert_eq!(json["summary"]["articles"], 4, "{json:#}");
    assert_eq!(json["summary"]["unreadable"], 1, "{json:#}");
}
