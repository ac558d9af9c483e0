//! Files a help center should not hold, made at test time (git cannot hold
//! them): symbolic links out of the help center, FIFOs, links to devices
//! (`/dev/zero`), a huge `book.toml`; and translations the file names get
//! wrong (`x.es.md` with no `x.md`, `t.fr.md` with no `[language.fr]`).
//!
//! Each is refused or warned about with the file named, never read without
//! a limit, never waited on, never published: through `check`, `build` and
//! `serve`.

#![cfg(unix)]

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{
    build_refused, build_to, check_json, check_report, copy_tree, diagnostics, fixture_path,
    list_files,
};
use serde_json::Value;

/// A help center in `<tmp>/hc` (a copy of `broken/<case>`), with a file
/// outside it at `<tmp>/outside/secret.txt` and a folder `<tmp>/outside/`
/// holding a Markdown file whose front matter is broken (an error if it is
/// ever read).
fn help_center(case: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hc");
    copy_tree(&fixture_path(&format!("broken/{case}")), &root);
    let outside = tmp.path().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("secret.txt"), "top secret\n").unwrap();
    fs::write(outside.join("broken.md"), "+++\ntitle = \n+++\n").unwrap();
    (tmp, root)
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

fn allow_external_links(root: &Path) {
    let mut toml = fs::read_to_string(root.join("book.toml")).unwrap();
    toml.push_str("\n[build]\nfollow-external-symlinks = true\n");
    fs::write(root.join("book.toml"), toml).unwrap();
}

/// `check --format json`: its exit code and report (no panic, no hang).
fn check(root: &Path) -> (Option<i32>, Value) {
    check_report(root)
}

/// The diagnostic of `severity` in `file` whose message contains every one
/// of `words`, or a failure listing them all.
fn find<'r>(report: &'r Value, severity: &str, file: &str, words: &[&str]) -> &'r Value {
    let diags = diagnostics(report);
    diags
        .iter()
        .find(|d| {
            d["severity"] == severity
                && d["file"] == file
                && words
                    .iter()
                    .all(|w| d["message"].as_str().unwrap_or_default().contains(w))
        })
        .unwrap_or_else(|| panic!("no {severity} in {file} saying {words:?}:\n{report:#}"))
}

/// Runs `build` into a fresh folder and asserts it failed (exit 1) without
/// writing anything; returns stderr.
fn build_fails(root: &Path) -> String {
    build_refused(root).stderr
}

// ------------------------------------------------------ links out of root

#[test]
fn a_link_to_a_file_outside_is_an_error_naming_link_and_target() {
    let (tmp, root) = help_center("ok-baseline");
    let target = tmp.path().join("outside/secret.txt");
    symlink(&target, root.join("content/account/passwd.txt")).unwrap();
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    let d = find(
        &report,
        "error",
        "content/account/passwd.txt",
        &["symbolic link", "outside the help center"],
    );
    let canonical = fs::canonicalize(&target).unwrap();
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains(&*canonical.to_string_lossy()),
        "names the target: {d:#}"
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("follow-external-symlinks = true"),
        "{d:#}"
    );
    assert_eq!(report["errors"], 1, "{report:#}");
    let stderr = build_fails(&root);
    assert!(stderr.contains("content/account/passwd.txt"), "{stderr}");
}

#[test]
fn a_link_to_a_folder_outside_is_not_walked() {
    let (tmp, root) = help_center("ok-baseline");
    symlink(tmp.path().join("outside"), root.join("content/etc")).unwrap();
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    find(
        &report,
        "error",
        "content/etc",
        &["symbolic link", "outside"],
    );
    // The broken Markdown file out there was never read.
    assert_eq!(report["errors"], 1, "{report:#}");
}

#[test]
fn links_inside_the_help_center_are_followed() {
    let (_tmp, root) = help_center("ok-baseline");
    fs::create_dir(root.join("shared")).unwrap();
    fs::write(root.join("shared/logo.txt"), "logo").unwrap();
    symlink(
        "../../shared/logo.txt",
        root.join("content/account/logo.txt"),
    )
    .unwrap();
    symlink("../shared", root.join("content/shared")).unwrap();
    let (code, report) = check(&root);
    assert_eq!(code, Some(0), "{report:#}");
    let out = tempfile::tempdir().unwrap();
    let run = build_to(&root, &out.path().join("site"));
    assert_eq!(run.code, Some(0), "{run:#?}");
    let built = list_files(&out.path().join("site"));
    assert!(built.contains(&"account/logo.txt".to_string()), "{built:?}");
    assert!(built.contains(&"shared/logo.txt".to_string()), "{built:?}");
}

#[test]
fn follow_external_symlinks_publishes_what_links_lead_to() {
    let (tmp, root) = help_center("ok-baseline");
    symlink(
        tmp.path().join("outside/secret.txt"),
        root.join("content/account/notes.txt"),
    )
    .unwrap();
    allow_external_links(&root);
    let (code, report) = check(&root);
    assert_eq!(code, Some(0), "{report:#}");
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let run = build_to(&root, &dest);
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert_eq!(
        fs::read_to_string(dest.join("account/notes.txt")).unwrap(),
        "top secret\n"
    );
}

#[test]
fn a_theme_file_linking_outside_is_an_error() {
    let (tmp, root) = help_center("ok-baseline");
    let templates = root.join("themes/mine/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(tmp.path().join("outside/footer.html"), "<footer></footer>").unwrap();
    symlink(
        tmp.path().join("outside/footer.html"),
        templates.join("footer.html"),
    )
    .unwrap();
    symlink(tmp.path().join("outside"), root.join("themes/mine/static")).unwrap();
    let mut toml = fs::read_to_string(root.join("book.toml")).unwrap();
    toml.push_str("\n[output.html]\ntheme = \"mine\"\n");
    fs::write(root.join("book.toml"), toml).unwrap();
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    find(
        &report,
        "error",
        "themes/mine/templates/footer.html",
        &["symbolic link", "outside"],
    );
    find(&report, "error", "themes/mine/static", &["symbolic link"]);
}

// ------------------------------------------- special files, size limits

#[test]
fn a_fifo_named_like_an_article_is_skipped_not_waited_on() {
    let (_tmp, root) = help_center("ok-baseline");
    mkfifo(&root.join("content/account/f.md"));
    mkfifo(&root.join("content/account/pipe.png"));
    let started = Instant::now();
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    find(
        &report,
        "error",
        "content/account/f.md",
        &["FIFO", "not a regular file"],
    );
    find(
        &report,
        "error",
        "content/account/pipe.png",
        &["FIFO", "not a regular file"],
    );
    assert_eq!(report["summary"]["articles"], 1, "{report:#}");
    // Not a benchmark: only a hang would take this long.
    assert!(started.elapsed() < Duration::from_secs(60));
    build_fails(&root);
}

#[test]
fn a_link_to_dev_zero_is_refused_without_reading_it() {
    let (_tmp, root) = help_center("ok-baseline");
    symlink("/dev/zero", root.join("content/account/z.md")).unwrap();
    symlink("/dev/zero", root.join("content/account/z.bin")).unwrap();
    // By default: a link out of the help center.
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    find(
        &report,
        "error",
        "content/account/z.md",
        &["/dev/zero", "outside"],
    );
    // Allowed out: still not a regular file.
    allow_external_links(&root);
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    for file in ["content/account/z.md", "content/account/z.bin"] {
        find(
            &report,
            "error",
            file,
            &["character device", "not a regular file"],
        );
    }
    build_fails(&root);
}

#[test]
fn a_fifo_in_a_theme_is_an_error() {
    let (_tmp, root) = help_center("ok-baseline");
    let templates = root.join("themes/mine/templates");
    fs::create_dir_all(&templates).unwrap();
    mkfifo(&templates.join("footer.html"));
    let mut toml = fs::read_to_string(root.join("book.toml")).unwrap();
    toml.push_str("\n[output.html]\ntheme = \"mine\"\n");
    fs::write(root.join("book.toml"), toml).unwrap();
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    find(
        &report,
        "error",
        "themes/mine/templates/footer.html",
        &["FIFO", "not a regular file"],
    );
}

#[test]
fn a_huge_book_toml_is_refused() {
    let (_tmp, root) = help_center("ok-baseline");
    let mut toml = fs::read_to_string(root.join("book.toml")).unwrap();
    toml.push_str("\n[extra]\n");
    let mut n = 0;
    while toml.len() <= 9 * 1024 * 1024 {
        toml.push_str(&format!("value-{n} = \"{}\"\n", "x".repeat(100)));
        n += 1;
    }
    fs::write(root.join("book.toml"), toml).unwrap();
    let (code, report) = check(&root);
    assert_eq!(code, Some(1), "{report:#}");
    find(&report, "error", "book.toml", &["larger than 8 MB"]);
}

#[test]
fn a_book_toml_that_is_a_fifo_or_a_device_is_not_read() {
    for make in ["fifo", "/dev/zero"] {
        let (_tmp, root) = help_center("ok-baseline");
        fs::remove_file(root.join("book.toml")).unwrap();
        if make == "fifo" {
            mkfifo(&root.join("book.toml"));
        } else {
            symlink(make, root.join("book.toml")).unwrap();
        }
        let run = check_json(&root);
        run.assert_no_panic("check");
        assert_eq!(run.code, Some(2), "{make}: {run:#?}");
    }
}

// ------------------------------------------------------------- serve

/// A running `helpbook serve --port 0`, killed when dropped.
struct Server {
    child: std::process::Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_helpbook"))
            .env("NO_COLOR", "1")
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve starts");
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut line).unwrap();
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let port = line
            .trim()
            .strip_prefix("Serving at http://127.0.0.1:")
            .and_then(|rest| rest.split_once('/'))
            .and_then(|(port, _)| port.parse().ok())
            .unwrap_or_else(|| panic!("no address: {line:?}"));
        Server { child, port }
    }

    /// `GET path`: the status and body.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("a reply in time");
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, text)
    }
}

#[test]
fn serve_never_returns_an_asset_that_became_a_link_out_or_a_fifo() {
    let (tmp, root) = help_center("ok-baseline");
    let asset = root.join("content/account/notes.txt");
    fs::write(&asset, "our notes\n").unwrap();
    let server = Server::start(&root);
    let (status, body) = server.get("/account/notes.txt");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("our notes"), "{body}");

    // Replaced (atomically) by a link to a file outside the help center.
    let link = root.join("content/account/.notes.tmp");
    symlink(tmp.path().join("outside/secret.txt"), &link).unwrap();
    fs::rename(&link, &asset).unwrap();
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        let (_, body) = server.get("/account/notes.txt");
        assert!(
            !body.contains("top secret"),
            "served through a link: {body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // Replaced by a FIFO: the request is answered, not left waiting.
    fs::remove_file(&asset).unwrap();
    mkfifo(&asset);
    let (status, body) = server.get("/account/notes.txt");
    assert_eq!(status, 404, "{body}");
}

// ------------------------------------------------ translations by name

#[test]
fn a_translation_without_its_original_is_a_warning() {
    let root = fixture_path("broken/translation-orphan");
    let (code, report) = check(&root);
    assert_eq!(code, Some(0), "warnings only: {report:#}");
    let d = find(
        &report,
        "warning",
        "content/account/reset-pasword.es.md",
        &[
            "translates reset-pasword.md, which does not exist",
            "`es` only",
        ],
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("did you mean to translate reset-password.md"),
        "{d:#}"
    );
    let d = find(
        &report,
        "warning",
        "content/account/billing.es.md",
        &["translates billing.md, which does not exist"],
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("add the original, content/account/billing.md"),
        "{d:#}"
    );
    assert!(d["line"].is_null(), "about the whole file: {d:#}");
}

#[test]
fn a_language_suffix_without_any_declared_language_is_a_warning() {
    let root = fixture_path("broken/translation-undeclared");
    let (code, report) = check(&root);
    assert_eq!(code, Some(0), "warnings only: {report:#}");
    let d = find(
        &report,
        "warning",
        "content/account/reset-password.fr.md",
        &["translation into `fr`", "no [language.fr]"],
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("add [language.fr] to book.toml"),
        "{d:#}"
    );
    // Three-letter words that are also language tags are not mistaken for one.
    let quiet: Vec<&Value> = diagnostics(&report)
        .iter()
        .filter(|d| d["file"] == "content/account/setup.ios.md")
        .collect();
    assert!(quiet.is_empty(), "{quiet:#?}");
    assert_eq!(report["warnings"], 1, "{report:#}");
}
