//! The URL space through the CLI: every output a build would write has a
//! file of its own, and `check` refuses first, at its source line, what
//! `build` could not write or would overwrite: aliases in any spelling of a
//! page's file (`tests/fixtures/broken/alias-overwrites`), aliases and step
//! ids that no file system can write, files that would have to be folders
//! (`broken/alias-unwritable`), and folders, articles and aliases where a
//! translation's pages go (`broken/folder-like-language`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{
    build_refused, build_to, check_json, copy_tree, diagnostics, fixture_path, list_files,
};
use serde_json::Value;

fn broken(case: &str) -> PathBuf {
    fixture_path(&format!("broken/{case}"))
}

/// Runs `check --format json` on `root`, asserts it fails with content
/// errors (exit 1, no panic) and returns the report.
fn check_fails(root: &Path) -> Value {
    let run = check_json(root);
    run.assert_no_panic("check");
    assert_eq!(
        run.code,
        Some(1),
        "check exits 1 on content errors\n{run:#?}"
    );
    run.json()
}

/// The error at `file`:`line` whose message contains every part of
/// `message`, which has a help; fails showing every diagnostic otherwise.
fn error_at<'r>(report: &'r Value, file: &str, line: Option<u64>, message: &[&str]) -> &'r Value {
    let diags = diagnostics(report);
    let found = diags.iter().find(|d| {
        d["severity"] == "error"
            && d["file"] == file
            && d["line"].as_u64() == line
            && message
                .iter()
                .all(|m| d["message"].as_str().unwrap_or_default().contains(m))
    });
    let Some(d) = found else {
        panic!("no error at {file}:{line:?} saying {message:?}; diagnostics:\n{report:#}");
    };
    assert!(
        d["help"].as_str().is_some_and(|h| !h.trim().is_empty()),
        "an error says what to do: {d:#}"
    );
    d
}

/// Builds `root` into a fresh folder and asserts the build refuses it as
/// `check` does (exit 1, not an I/O error) and writes nothing.
fn build_refuses(root: &Path) {
    let run = build_refused(root);
    assert!(!run.stderr.contains("cannot write"), "{}", run.stderr);
}

#[test]
fn an_alias_never_replaces_a_page_whatever_its_spelling() {
    let root = broken("alias-overwrites");
    let report = check_fails(&root);
    let file = "content/account/two-factor.md";
    for (line, alias, owner) in [
        (4, "/index.html", "the home page at /"),
        (
            5,
            "/account/reset-password/index.html",
            "content/account/reset-password.md at /account/reset-password/",
        ),
        (6, "/contact/index.html", "the contact page at /contact/"),
        (
            7,
            "/account/index.html",
            "content/account/_index.md at /account/",
        ),
        (8, "/search/index.html", "the search page at /search/"),
        (
            9,
            "/Account/Reset-Password",
            "content/account/reset-password.md",
        ),
        (
            10,
            "/account//reset-password/",
            "content/account/reset-password.md",
        ),
        (
            11,
            "/account/%72eset-password/",
            "content/account/reset-password.md",
        ),
    ] {
        let message = format!("alias `{alias}` collides with {owner}");
        error_at(&report, file, Some(line), &[&message]);
    }
    assert_eq!(
        report["errors"], 8,
        "`/old/2fa/` is a fine alias: {report:#}"
    );
    build_refuses(&root);
}

#[test]
fn check_refuses_what_build_could_not_write() {
    let root = broken("alias-unwritable");
    let report = check_fails(&root);
    let file = "content/account/two-factor.md";
    for (line, message) in [
        (
            4,
            "alias `/robots.txt` collides with robots.txt at /robots.txt",
        ),
        (5, "alias `/sitemap.xml` collides with the sitemap"),
        (
            6,
            "alias `/static/helpbook.css` collides with the theme's static files at /static/",
        ),
        (
            7,
            "alias `/search/index.json` collides with the search index at /search/",
        ),
        (
            8,
            "alias `/404.html/` collides with the not-found page at /404.html",
        ),
        (
            9,
            "alias `/a\\u{0}b/` contains the control character U+0000",
        ),
        (10, "publishes to a name of 256 bytes"),
    ] {
        error_at(&report, file, Some(line), &[message]);
    }
    let step = error_at(
        &report,
        "content/account/locked-out.md",
        Some(10),
        &["step `sss", "publishes to a name of 300 bytes"],
    );
    assert!(step["help"]
        .as_str()
        .unwrap()
        .contains("shorten the step's id"));
    error_at(
        &report,
        "content/account/reset-password",
        None,
        &["publishes a file at /account/reset-password, where content/account/reset-password.md needs a folder"],
    );
    assert_eq!(report["errors"], 9, "{report:#}");
    build_refuses(&root);
}

#[test]
fn a_folder_whose_url_is_too_long_is_refused_at_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("long-folder");
    copy_tree(&broken("ok-baseline"), &root);
    // 240 bytes on disk; its URL, `zhong-zhong-…`, is 479.
    let folder = root.join("content").join("中".repeat(80));
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join("a.md"), "+++\ntitle = \"A\"\n+++\nText.\n").unwrap();
    let report = check_fails(&root);
    let shown = format!("content/{}", "中".repeat(80));
    error_at(&report, &shown, None, &["publishes to a name of 479 bytes"]);
    assert_eq!(
        report["errors"], 1,
        "its article is not reported again: {report:#}"
    );
    build_refuses(&root);
}

#[test]
fn a_folder_or_article_named_like_a_language_is_an_error() {
    let root = broken("folder-like-language");
    let report = check_fails(&root);
    let folder = error_at(
        &report,
        "content/es",
        None,
        &["folder content/es publishes to /es/, where the `es` translation's pages are"],
    );
    let help = folder["help"].as_str().unwrap();
    assert!(help.contains("change the folder's name"), "{help}");
    assert!(help.contains("[language.es]"), "{help}");
    error_at(
        &report,
        "content/fr.md",
        Some(1),
        &["content/fr.md publishes to /fr/, where the `fr` translation's pages are"],
    );
    error_at(
        &report,
        "content/account/reset-password.md",
        Some(5),
        &["alias `/es/restablecer/` collides with the `es` translation at /es/"],
    );
    assert_eq!(report["errors"], 3, "one error per source: {report:#}");
    build_refuses(&root);
}

#[test]
fn aliases_check_accepts_are_written_where_a_server_looks_for_them() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("aliases");
    copy_tree(&broken("ok-baseline"), &root);
    let article = root.join("content/account/reset-password.md");
    let text = fs::read_to_string(&article).unwrap().replacen(
        "keywords",
        "aliases = [\"/old%20reset/\", \"/older//reset.html\", \"/robots.txt.old/\"]\nkeywords",
        1,
    );
    fs::write(&article, text).unwrap();
    let run = check_json(&root);
    assert_eq!(run.code, Some(0), "{run:#?}");
    let dest = tmp.path().join("site");
    let run = build_to(&root, &dest);
    assert_eq!(
        run.code,
        Some(0),
        "what check accepts, build writes\n{run:#?}"
    );
    let files = list_files(&dest);
    for redirect in [
        "old reset/index.html",
        "older/reset.html",
        "robots.txt.old/index.html",
    ] {
        assert!(
            files.iter().any(|f| f == redirect),
            "{redirect} in {files:?}"
        );
    }
}

/// A write that fails for a reason `check` cannot know (here the
/// destination's own path leaves no room under Linux's 4,096-byte
/// `PATH_MAX`) names the site's page, not only the staging folder's file.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_names_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    // The staging folder `<parent>/.site.helpbook-new-<pid>` is 4,087 to
    // 4,095 bytes long whatever the pid: it can be made, no page in it.
    let mut parent = tmp.path().to_path_buf();
    while parent.as_os_str().len() < 4067 {
        let room = 4067 - parent.as_os_str().len() - 1;
        parent.push("d".repeat(room.clamp(1, 200)));
    }
    assert_eq!(parent.as_os_str().len(), 4067);
    fs::create_dir_all(&parent).unwrap();
    let run = build_to(&broken("ok-baseline"), &parent.join("site"));
    run.assert_no_panic("build");
    assert_eq!(run.code, Some(2), "an I/O error is exit 2\n{run:#?}");
    let (_, after) = run
        .stderr
        .split_once("cannot write /")
        .unwrap_or_else(|| panic!("{}", run.stderr));
    let page = after.split(' ').next().unwrap_or_default();
    assert!(
        [
            "index.html",
            "404.html",
            "contact/",
            "search/",
            "account/",
            "static/",
            "sitemap.xml",
            "robots.txt"
        ]
        .iter()
        .any(|p| page.starts_with(p)),
        "the error names the page first: {}",
        run.stderr
    );
    assert!(run.stderr.contains("File name too long"), "{}", run.stderr);
    assert!(!parent.join("site").exists());
}
