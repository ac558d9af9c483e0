//! The announcement banner and the contact channels (issue 18): in full on
//! the home page and the pages the announcement's `pages` names, a one-line
//! notice elsewhere; a `pages` entry that names nothing is an error at its
//! line with a did-you-mean; `urgent = true` channels listed first.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn helpbook() -> Command {
    let mut cmd = Command::cargo_bin("helpbook").expect("binary");
    // A fixed build date inside the fixture's announcement (2026).
    cmd.env("SOURCE_DATE_EPOCH", "1780000000");
    cmd
}

/// A copy of `tests/fixtures/good` with `announcement` as its
/// `_announcement.md` and `channels` added to its book.toml.
fn help_center(announcement: &str, channels: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hc");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good"),
        &root,
    );
    fs::write(root.join("content/_announcement.md"), announcement).unwrap();
    let book = fs::read_to_string(root.join("book.toml")).unwrap();
    let book = book.replacen("[insights]", &format!("{channels}\n[insights]"), 1);
    fs::write(root.join("book.toml"), book).unwrap();
    (tmp, root)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), dest).unwrap();
        }
    }
}

fn announcement(pages: &str) -> String {
    format!(
        "+++\ntitle = \"Login codes are delayed\"\nseverity = \"warning\"\nstart = 2026-01-01\nend = 2026-12-31\n{pages}\n+++\nCodes may take a while.\n"
    )
}

fn check_json(root: &Path) -> (i32, serde_json::Value) {
    let out = helpbook()
        .args(["check", "--format", "json", "--root"])
        .arg(root)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

fn build(root: &Path) -> PathBuf {
    let dest = root.join("site");
    helpbook()
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--dest")
        .arg(&dest)
        .assert()
        .success();
    dest
}

fn read(site: &Path, page: &str) -> String {
    fs::read_to_string(site.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

const FULL: &str = r#"<h2 class="announcement-title" id="announcement-title">"#;
const NOTICE: &str = "announcement-compact";

#[test]
fn the_banner_is_full_where_it_concerns_and_a_notice_elsewhere() {
    let (_tmp, root) = help_center(
        &announcement("pages = [\"account/two-factor.md\", \"messaging/\"]"),
        "",
    );
    let site = build(&root);
    for page in [
        "index.html",
        "account/two-factor/index.html",
        "messaging/index.html",
        "messaging/blocking/index.html",
    ] {
        let html = read(&site, page);
        assert!(html.contains(FULL) && !html.contains(NOTICE), "{page}");
    }
    for page in [
        "account/index.html",
        "account/reset-password/index.html",
        "contact/index.html",
        "search/index.html",
    ] {
        let html = read(&site, page);
        assert!(html.contains(NOTICE) && !html.contains(FULL), "{page}");
        assert!(
            html.contains(r#"<summary class="announcement-summary">"#),
            "{page}: a one-line notice that opens without JavaScript"
        );
        assert!(
            html.contains("Codes may take a while."),
            "{page}: the text is there, folded"
        );
    }
}

#[test]
fn without_pages_the_banner_is_full_on_the_home_page_only() {
    let (_tmp, root) = help_center(&announcement(""), "");
    let site = build(&root);
    assert!(read(&site, "index.html").contains(FULL));
    assert!(read(&site, "account/two-factor/index.html").contains(NOTICE));
}

#[test]
fn pages_that_name_nothing_are_errors_at_their_line_with_did_you_mean() {
    let (_tmp, root) = help_center(
        &announcement(
            "pages = [\n  \"account/two-facter.md\",\n  \"mesaging/\",\n  \"billing\",\n]",
        ),
        "",
    );
    let (code, report) = check_json(&root);
    assert_eq!(code, 1, "{report:#}");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let at = |line: u64| {
        diagnostics
            .iter()
            .find(|d| d["line"] == line && d["file"] == "content/_announcement.md")
            .unwrap_or_else(|| panic!("no diagnostic at line {line}: {report:#}"))
    };
    let article = at(7);
    assert_eq!(article["severity"], "error");
    assert!(
        article["message"]
            .as_str()
            .unwrap()
            .contains("`pages` names a missing page: `account/two-facter.md`"),
        "{article}"
    );
    assert_eq!(article["help"], "did you mean \"account/two-factor.md\"?");
    let folder = at(8);
    assert_eq!(folder["help"], "did you mean \"messaging/\"?");
    // `billing` (a folder without `_index.md`) is found.
    assert_eq!(report["errors"], 2, "{report:#}");
}

#[test]
fn urgent_channels_come_first_and_are_marked() {
    let (_tmp, root) = help_center(
        &announcement(""),
        "[[support.channels]]\nname = \"Report a safety concern\"\nurl = \"https://example.com/safety\"\nurgent = true\n",
    );
    let site = build(&root);
    let contact = read(&site, "contact/index.html");
    let urgent = contact.find("Report a safety concern").unwrap();
    let email = contact.find(r#"data-channel="Email""#).unwrap();
    assert!(urgent < email, "urgent first");
    assert!(contact.contains(r#"<li class="channel channel-urgent">"#));
    assert!(contact.contains(r#"<span class="badge badge-urgent">Urgent</span>"#));
    // The address breaks only after `@` and before dots.
    assert!(
        contact.contains(r#"<p class="channel-address">help@<wbr>example<wbr>.com</p>"#),
        "{contact}"
    );
    // No "Still need help?" band linking the contact page to itself.
    assert!(!contact.contains("Still need help?"));

    let (_tmp, root) = help_center(
        &announcement(""),
        "[[support.channels]]\nname = \"Safety\"\nurl = \"https://example.com/safety\"\nurgent = \"yes\"\n",
    );
    let (code, report) = check_json(&root);
    assert_eq!(code, 1, "{report:#}");
    let d = &report["diagnostics"][0];
    assert_eq!(d["file"], "book.toml", "{report:#}");
    assert!(
        d["message"].as_str().unwrap().contains("urgent"),
        "{report:#}"
    );
}
