//! Broken help centers: every kind of bad input gives a located, actionable
//! diagnostic (file, line, severity, message, help), the right exit code, and
//! never a panic, a hang or a half-written site.
//!
//! Each case is a small help center under `tests/fixtures/broken/<case>/`.
//! Cases git cannot hold (invalid UTF-8, empty folders, symbolic links, huge
//! files) are made at test time from a copy of `ok-baseline`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{
    build_to, check_json, copy_tree, diagnostics, fixture_path, list_files, run, run_in, Run,
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

/// What a diagnostic must say. `line: None` means "no line" (a whole-file or
/// site-wide problem); `file: None` means "no file".
struct Expect<'a> {
    file: Option<&'a str>,
    line: Option<u64>,
    severity: &'a str,
    message: &'a str,
    /// A substring the help must contain (the did-you-mean suggestion), or
    /// `None` when any non-empty help will do.
    help: Option<&'a str>,
}

fn error<'a>(file: &'a str, line: u64, message: &'a str) -> Expect<'a> {
    Expect {
        file: Some(file),
        line: Some(line),
        severity: "error",
        message,
        help: None,
    }
}

impl<'a> Expect<'a> {
    fn help(mut self, help: &'a str) -> Self {
        self.help = Some(help);
        self
    }
}

fn describe(diags: &[Value]) -> String {
    diags
        .iter()
        .map(|d| {
            format!(
                "  {} {}:{}:{} | {} | help: {}",
                d["severity"], d["file"], d["line"], d["column"], d["message"], d["help"]
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Finds the diagnostic `expect` describes in a JSON report, or fails showing
/// every diagnostic there is.
fn find<'r>(report: &'r Value, expect: &Expect<'_>) -> &'r Value {
    let diags = diagnostics(report);
    let found = diags.iter().find(|d| {
        d["file"].as_str() == expect.file
            && d["line"].as_u64() == expect.line
            && d["severity"] == expect.severity
            && d["message"]
                .as_str()
                .is_some_and(|m| m.contains(expect.message))
    });
    let Some(d) = found else {
        panic!(
            "no {} at {:?}:{:?} containing {:?}; diagnostics were:\n{}",
            expect.severity,
            expect.file,
            expect.line,
            expect.message,
            describe(diags)
        );
    };
    let help = d["help"].as_str().unwrap_or_default();
    assert!(!help.trim().is_empty(), "diagnostic has no help: {d:#}");
    if let Some(wanted) = expect.help {
        assert!(
            help.contains(wanted),
            "help {help:?} should contain {wanted:?}; diagnostic: {d:#}"
        );
    }
    if expect.line.is_some() {
        assert!(
            d["column"].as_u64().is_some_and(|c| c >= 1),
            "a located diagnostic has a column: {d:#}"
        );
    }
    d
}

/// Runs `check --format json` on `root`, asserts exit 1 and no panic, and
/// returns the report.
fn check_fails(root: &Path) -> Value {
    let run = check_json(root);
    run.assert_no_panic("check");
    assert_eq!(
        run.code,
        Some(1),
        "check should exit 1 on content errors\n{run:#?}"
    );
    let report = run.json();
    assert_eq!(report["ok"], false, "{report:#}");
    assert!(report["errors"].as_u64().unwrap() >= 1, "{report:#}");
    assert_eq!(
        report["errors"].as_u64().unwrap() + report["warnings"].as_u64().unwrap(),
        diagnostics(&report).len() as u64,
        "counts match the list: {report:#}"
    );
    report
}

/// Checks `broken/<case>` and asserts it fails with the expected diagnostic.
fn assert_case(case: &str, expect: Expect<'_>) -> Value {
    let report = check_fails(&broken(case));
    find(&report, &expect);
    report
}

/// Runs `build` of `root` into a fresh temporary folder and asserts it fails
/// (exit 1) without writing anything. Returns stderr.
fn build_fails_cleanly(root: &Path) -> String {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let run = build_to(root, &dest);
    run.assert_no_panic("build");
    assert_eq!(
        run.code,
        Some(1),
        "build should exit 1 on content errors\n{run:#?}"
    );
    assert!(
        !dest.exists(),
        "a failed build must not create {}",
        dest.display()
    );
    assert_eq!(
        list_files(out.path()),
        Vec::<String>::new(),
        "no staging files are left behind"
    );
    let entries: Vec<_> = fs::read_dir(out.path()).unwrap().collect();
    assert!(
        entries.is_empty(),
        "nothing at all is left in the destination's parent: {entries:?}"
    );
    assert!(run.stderr.contains("Nothing was written"), "{}", run.stderr);
    run.stderr
}

// ---------------------------------------------------------------- baseline

#[test]
fn baseline_fixture_is_clean() {
    let run = check_json(&broken("ok-baseline"));
    run.assert_no_panic("check");
    assert_eq!(run.code, Some(0), "{run:#?}");
    let report = run.json();
    assert_eq!(report["ok"], true);
    assert_eq!(diagnostics(&report).len(), 0, "{report:#}");
}

// ------------------------------------------------------------ front matter

#[test]
fn malformed_toml_front_matter() {
    assert_case(
        "bad-toml-front-matter",
        error(
            "content/account/broken.md",
            3,
            "front matter is not valid TOML",
        )
        .help("double quotes"),
    );
}

#[test]
fn malformed_toml_front_matter_build_shows_location() {
    let stderr = build_fails_cleanly(&broken("bad-toml-front-matter"));
    assert!(
        stderr.contains("┌─ content/account/broken.md:3:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("front matter is not valid TOML"),
        "{stderr}"
    );
    assert!(stderr.contains("help:"), "{stderr}");
}

#[test]
fn malformed_yaml_front_matter() {
    assert_case(
        "bad-yaml-front-matter",
        error(
            "content/account/broken.md",
            3,
            "front matter is not valid YAML",
        )
        .help("quote text that contains a colon"),
    );
}

#[test]
fn malformed_yaml_message_does_not_contradict_its_line() {
    let report = check_fails(&broken("bad-yaml-front-matter"));
    let d = find(
        &report,
        &error(
            "content/account/broken.md",
            3,
            "front matter is not valid YAML",
        ),
    );
    let message = d["message"].as_str().unwrap();
    // The file line is 3; a position in the message must agree with it (or be left out).
    assert!(
        !message.contains("at line 2"),
        "message contradicts the diagnostic's line 3: {message}"
    );
}

#[test]
fn front_matter_never_closed() {
    let report = assert_case(
        "unclosed-front-matter",
        error("content/account/broken.md", 1, "never closed").help("`+++`"),
    );
    assert_eq!(report["errors"], 1, "one problem, one error: {report:#}");
}

#[test]
fn missing_title() {
    assert_case(
        "missing-title",
        error(
            "content/account/untitled.md",
            2,
            "missing the required `title`",
        )
        .help("title = "),
    );
}

#[test]
fn unknown_front_matter_key_suggests_the_right_one() {
    assert_case(
        "unknown-key",
        error("content/account/two-factor.md", 3, "unknown key `keywrods`")
            .help("did you mean `keywords`?"),
    );
}

#[test]
fn wrong_type_in_front_matter() {
    assert_case(
        "wrong-type",
        error(
            "content/account/two-factor.md",
            4,
            "`weight` in front matter must be a whole number",
        )
        .help("weight = 10"),
    );
}

#[test]
fn invalid_date_in_front_matter() {
    assert_case(
        "bad-date",
        error(
            "content/account/two-factor.md",
            3,
            "not a valid date: `2026-13-45`",
        )
        .help("YEAR-MONTH-DAY"),
    );
}

// ---------------------------------------------------------------- book.toml

#[test]
fn unknown_book_toml_keys_suggest_the_right_ones() {
    let report = assert_case(
        "book-unknown-key",
        error("book.toml", 5, "unknown key `biuld`").help("did you mean `build`?"),
    );
    find(
        &report,
        &error("book.toml", 3, "unknown key `descriptoin` in [book]")
            .help("did you mean `description`?"),
    );
    assert_eq!(report["errors"], 2, "{report:#}");
}

#[test]
fn invalid_book_toml_syntax() {
    assert_case(
        "book-bad-syntax",
        error("book.toml", 3, "book.toml is not valid TOML"),
    );
}

#[test]
fn invalid_book_toml_build_shows_location() {
    let stderr = build_fails_cleanly(&broken("book-bad-syntax"));
    assert!(stderr.contains("┌─ book.toml:3:"), "{stderr}");
}

#[test]
fn unknown_theme_is_located_at_the_theme_line() {
    assert_case(
        "unknown-theme",
        error("book.toml", 6, "unknown theme \"fancy\"").help("theme = \"default\""),
    );
}

#[test]
fn missing_book_toml_is_a_usage_error() {
    let run = check_json(&broken("no-book-toml"));
    run.assert_no_panic("check");
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(run.stderr.contains("no book.toml"), "{}", run.stderr);
    assert!(
        run.stderr.contains("helpbook init"),
        "says what to do: {}",
        run.stderr
    );

    let out = tempfile::tempdir().unwrap();
    let run = build_to(&broken("no-book-toml"), &out.path().join("site"));
    run.assert_no_panic("build");
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(!out.path().join("site").exists());
}

#[test]
fn root_that_does_not_exist_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let run = check_json(&tmp.path().join("nowhere"));
    run.assert_no_panic("check");
    assert_eq!(run.code, Some(2), "{run:#?}");
}

// -------------------------------------------------------------------- links

#[test]
fn links_to_missing_articles_suggest_near_names() {
    let report = check_fails(&broken("missing-link"));
    // Relative form.
    find(
        &report,
        &error(
            "content/account/two-factor.md",
            7,
            "link to a missing file: `reset-pasword.md`",
        )
        .help("did you mean `content/account/reset-password.md`?"),
    );
    // `@/` form.
    find(
        &report,
        &error(
            "content/account/two-factor.md",
            9,
            "link to a missing file: `@/acount/reset-password.md`",
        )
        .help("did you mean `content/account/reset-password.md`?"),
    );
    assert_eq!(report["errors"], 2, "{report:#}");
}

/// A `%` escape cut short by a character of several bytes (`%1é`) made the
/// hand-written percent decoding slice a string inside a character: a
/// panic. Now such a link is a missing file like any other, and a valid
/// escape (`%C3%A1`) is decoded.
#[test]
fn links_with_odd_percent_escapes_are_reported_not_a_panic() {
    let report = check_fails(&broken("percent-escape-link"));
    find(
        &report,
        &error(
            "content/account/reset-password.md",
            5,
            "link to a missing file: `caf%1é.md` (looked for content/account/caf%1é.md)",
        ),
    );
    find(
        &report,
        &error(
            "content/account/reset-password.md",
            7,
            "looked for content/account/reset-pássword.md",
        ),
    );
}

#[test]
fn missing_link_build_shows_location() {
    let stderr = build_fails_cleanly(&broken("missing-link"));
    assert!(
        stderr.contains("┌─ content/account/two-factor.md:7:28"),
        "{stderr}"
    );
    assert!(
        stderr.contains("┌─ content/account/two-factor.md:9:14"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean"), "{stderr}");
}

#[test]
fn missing_link_without_a_near_name_has_no_suggestion() {
    let report = check_fails(&broken("many-errors"));
    let d = find(
        &report,
        &error(
            "content/account/three.md",
            5,
            "link to a missing file: `nowhere.md`",
        ),
    );
    let help = d["help"].as_str().unwrap();
    assert!(
        !help.contains("did you mean"),
        "`nowhere.md` is not a typo of any article: {help}"
    );
}

#[test]
fn link_to_a_missing_heading_suggests_the_near_id() {
    assert_case(
        "missing-anchor",
        error(
            "content/account/two-factor.md",
            7,
            "`#by-emial` is not in content/account/reset-password.md",
        )
        .help("did you mean `#by-email`?"),
    );
}

#[test]
fn link_to_a_draft() {
    assert_case(
        "draft-link",
        error(
            "content/account/two-factor.md",
            6,
            "link to a draft: `passkeys.md`",
        )
        .help("draft = true"),
    );
}

#[test]
fn draft_link_is_fine_with_drafts() {
    let run = run(&[
        "check".as_ref(),
        "--drafts".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--root".as_ref(),
        broken("draft-link").as_os_str(),
    ]);
    run.assert_no_panic("check --drafts");
    assert_eq!(run.code, Some(0), "{run:#?}");
}

#[test]
fn related_entry_that_does_not_exist() {
    let report = assert_case(
        "missing-related",
        error(
            "content/account/two-factor.md",
            5,
            "related article to a missing file: `account/reset-pasword.md`",
        )
        .help("did you mean `content/account/reset-password.md`?"),
    );
    assert_eq!(
        report["errors"], 1,
        "the valid entry on line 4 is fine: {report:#}"
    );
}

#[test]
fn broken_links_warn_downgrades_to_a_warning() {
    let root = broken("broken-links-warn");
    let run = check_json(&root);
    run.assert_no_panic("check");
    assert_eq!(run.code, Some(0), "warnings do not fail check\n{run:#?}");
    let report = run.json();
    assert_eq!(report["ok"], true);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 1);
    find(
        &report,
        &Expect {
            file: Some("content/account/two-factor.md"),
            line: Some(6),
            severity: "warning",
            message: "link to a missing file: `reset-pasword.md`",
            help: Some("did you mean `content/account/reset-password.md`?"),
        },
    );

    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let run = build_to(&root, &dest);
    run.assert_no_panic("build");
    assert_eq!(run.code, Some(0), "warnings do not fail build\n{run:#?}");
    assert!(
        dest.join("account/two-factor/index.html").is_file(),
        "{:?}",
        list_files(&dest)
    );
    assert!(
        run.stderr.contains("warning"),
        "the warning is still shown: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/account/two-factor.md:6:"),
        "{}",
        run.stderr
    );
    // A build packs the Markdown texts before rendering (issue 22): the
    // excerpt is still the file's line.
    assert!(
        run.stderr
            .contains("6 │ If you are locked out, [reset your password](reset-pasword.md)."),
        "{}",
        run.stderr
    );
}

// --------------------------------------------------------------------- URLs

#[test]
fn two_files_with_the_same_url() {
    assert_case(
        "duplicate-url",
        error(
            "content/account/reset_password.md",
            1,
            "content/account/reset_password.md and content/account/reset-password.md both publish to /account/reset-password/",
        ),
    );
}

#[test]
fn two_files_differing_only_in_case() {
    let (_tmp, root) = copy_case("ok-baseline");
    let account = root.join("content/account");
    fs::copy(
        account.join("reset-password.md"),
        account.join("Reset-Password.md"),
    )
    .unwrap();
    if list_files(&account).len() != 3 {
        return; // A case-insensitive file system: both names are one file.
    }
    let report = check_fails(&root);
    let diags = diagnostics(&report);
    let d = diags
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap_or_default()
                .contains("both publish to /account/reset-password/")
        })
        .unwrap_or_else(|| panic!("no collision reported:\n{}", describe(diags)));
    assert!(
        d["message"].as_str().unwrap().contains("Reset-Password.md"),
        "{d:#}"
    );
    assert_eq!(d["line"], 1);
    assert!(
        d["file"].as_str().unwrap().starts_with("content/account/"),
        "{d:#}"
    );
}

#[test]
fn folder_and_file_with_the_same_url() {
    assert_case(
        "folder-and-file",
        error("content/account/faq.md", 1, "content/account/faq.md and content/account/faq/_index.md both publish to /account/faq/"),
    );
}

#[test]
fn alias_colliding_with_a_page() {
    assert_case(
        "alias-page",
        error(
            "content/account/two-factor.md",
            5,
            "alias `/account/reset-password/` collides with content/account/reset-password.md",
        ),
    );
}

#[test]
fn alias_colliding_with_another_alias() {
    let report = assert_case(
        "alias-alias",
        error(
            "content/account/two-factor.md",
            3,
            "alias `/old/security/` collides with an alias of content/account/passkeys.md",
        ),
    );
    assert_eq!(report["errors"], 1, "{report:#}");
}

// ----------------------------------------------------------------- headings

#[test]
fn duplicate_explicit_heading_ids() {
    assert_case(
        "duplicate-heading-id",
        error(
            "content/account/two-factor.md",
            11,
            "two headings have the id `setup`",
        ),
    );
}

// ------------------------------------------------------------------- themes

#[test]
fn template_syntax_error_names_the_override_and_line() {
    let report = assert_case(
        "template-syntax",
        error(
            "themes/custom/templates/article.html",
            4,
            "template syntax error: expected an expression",
        ),
    );
    assert_eq!(report["errors"], 1, "{report:#}");
}

#[test]
fn template_syntax_error_build_shows_location() {
    let stderr = build_fails_cleanly(&broken("template-syntax"));
    assert!(
        stderr.contains("themes/custom/templates/article.html:4:"),
        "{stderr}"
    );
}

#[test]
fn template_with_an_unknown_variable_names_the_template() {
    let report = check_fails(&broken("template-unknown-var"));
    let diags = diagnostics(&report);
    let d = diags
        .iter()
        .find(|d| d["file"] == "themes/custom/templates/article.html")
        .unwrap_or_else(|| panic!("no diagnostic names the override:\n{}", describe(diags)));
    assert_eq!(d["severity"], "error");
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("article.author_name"),
        "names the variable: {message}"
    );
    assert!(!d["help"].as_str().unwrap_or_default().is_empty(), "{d:#}");
    assert_eq!(
        report["errors"], 1,
        "one error, not one per article page: {report:#}"
    );
}

#[test]
fn template_with_an_unknown_variable_build_writes_nothing() {
    let stderr = build_fails_cleanly(&broken("template-unknown-var"));
    assert!(
        stderr.contains("themes/custom/templates/article.html"),
        "{stderr}"
    );
}

// ------------------------------------------------------------ files, folders

#[test]
fn file_that_is_not_utf8() {
    let (_tmp, root) = copy_case("ok-baseline");
    // "Café" in Latin-1: 0xE9 is not valid UTF-8.
    let mut bytes = b"+++\ntitle = \"Caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b"\"\n+++\n\nLatin-1 text.\n");
    fs::write(root.join("content/account/latin1.md"), bytes).unwrap();
    let report = check_fails(&root);
    let d = find(
        &report,
        &error("content/account/latin1.md", 2, "not valid UTF-8").help("UTF-8"),
    );
    assert_eq!(d["column"], 13, "the column of the bad byte: {d:#}");
    assert_eq!(
        report["errors"], 1,
        "the other article is still fine: {report:#}"
    );
}

#[test]
fn empty_content_folder() {
    let (_tmp, root) = copy_case("ok-baseline");
    fs::remove_dir_all(root.join("content")).unwrap();
    fs::create_dir(root.join("content")).unwrap();
    let report = check_fails(&root);
    let diags = diagnostics(&report);
    let d = diags
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap_or_default()
                .contains("has no articles")
        })
        .unwrap_or_else(|| panic!("no 'no articles' error:\n{}", describe(diags)));
    assert_eq!(d["severity"], "error");
    assert!(!d["help"].as_str().unwrap_or_default().is_empty(), "{d:#}");
}

#[test]
fn no_content_folder() {
    let report = check_fails(&broken("no-content"));
    let diags = diagnostics(&report);
    let d = diags
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap_or_default()
                .contains("no `content/` folder")
        })
        .unwrap_or_else(|| panic!("no 'no content/' error:\n{}", describe(diags)));
    assert_eq!(d["severity"], "error");
    assert!(
        d["help"]
            .as_str()
            .unwrap_or_default()
            .contains("helpbook init"),
        "{d:#}"
    );
    assert_eq!(report["errors"], 1, "not also 'no articles': {report:#}");
    build_fails_cleanly(&broken("no-content"));
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_content_is_reported_not_followed_forever() {
    let (_tmp, root) = copy_case("ok-baseline");
    std::os::unix::fs::symlink("..", root.join("content/account/loop")).unwrap();
    let report = check_fails(&root);
    let d = find(
        &report,
        &Expect {
            file: Some("content/account/loop"),
            line: None,
            severity: "error",
            message: "symbolic link loop",
            help: None,
        },
    );
    assert!(
        d["help"].as_str().unwrap().contains("remove the link"),
        "{d:#}"
    );
    assert_eq!(report["errors"], 1, "{report:#}");
    assert_eq!(
        report["summary"]["articles"], 1,
        "the real article is still loaded: {report:#}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_to_itself_is_reported() {
    let (_tmp, root) = copy_case("ok-baseline");
    std::os::unix::fs::symlink(".", root.join("content/account/self")).unwrap();
    let report = check_fails(&root);
    find(
        &report,
        &Expect {
            file: Some("content/account/self"),
            line: None,
            severity: "error",
            message: "symbolic link loop",
            help: None,
        },
    );
    build_fails_cleanly(&root);
}

#[test]
fn huge_markdown_file_is_refused_quickly() {
    let (_tmp, root) = copy_case("ok-baseline");
    let mut text = String::from("+++\ntitle = \"Huge\"\n+++\n\n");
    let line = "All work and no play makes a very long help article.\n";
    while text.len() <= 9 * 1024 * 1024 {
        text.push_str(line);
    }
    fs::write(root.join("content/account/huge.md"), text).unwrap();
    let started = std::time::Instant::now();
    let report = check_fails(&root);
    find(
        &report,
        &Expect {
            file: Some("content/account/huge.md"),
            line: None,
            severity: "error",
            message: "file is too large",
            help: Some("split it"),
        },
    );
    // Not a benchmark: a generous bound that only a hang or a full parse would break.
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
}

// ---------------------------------------------------------- many problems

#[test]
fn every_error_in_every_file_is_reported_in_one_run() {
    let report = check_fails(&broken("many-errors"));
    find(&report, &error("book.toml", 5, "unknown theme \"fancy\""));
    find(
        &report,
        &error("content/account/one.md", 3, "unknown key `keywrods`")
            .help("did you mean `keywords`?"),
    );
    find(
        &report,
        &error(
            "content/account/two.md",
            3,
            "`weight` in front matter must be a whole number",
        ),
    );
    find(
        &report,
        &error(
            "content/account/three.md",
            5,
            "link to a missing file: `nowhere.md`",
        ),
    );
    find(
        &report,
        &error(
            "content/billing/refunds.md",
            3,
            "not a valid date: `2026-02-30`",
        ),
    );
    assert_eq!(report["errors"], 5, "{report:#}");
    assert_eq!(diagnostics(&report).len(), 5, "{report:#}");

    let stderr = build_fails_cleanly(&broken("many-errors"));
    assert!(stderr.contains("5 error(s)"), "{stderr}");
}

// ------------------------------------------------------------- destination

/// Builds a copy of the baseline into `dest` (a path relative to the help
/// center's root; `..` for its parent) and asserts it is refused with exit 2
/// and that no file of the help center was touched. Tried twice: with
/// absolute paths, and with relative `--root`/`--dest` from the parent folder
/// (as a user typing `helpbook build --root help --dest help/content/x` would).
fn assert_dest_refused(dest: &str) {
    for relative in [false, true] {
        let (tmp, root) = copy_case("ok-baseline");
        let before = list_files(&root);
        let contents: Vec<Vec<u8>> = before
            .iter()
            .map(|f| fs::read(root.join(f)).unwrap())
            .collect();
        let (run, shown) = if relative {
            let dest = Path::new("ok-baseline").join(dest);
            let args = [
                "build".as_ref(),
                "--root".as_ref(),
                "ok-baseline".as_ref(),
                "--dest".as_ref(),
                dest.as_os_str(),
            ];
            (run_in(tmp.path(), &args), dest)
        } else {
            let dest = root.join(dest);
            (build_to(&root, &dest), dest)
        };
        run.assert_no_panic("build");
        assert_eq!(
            run.code,
            Some(2),
            "building into {} must be refused\n{run:#?}",
            shown.display()
        );
        assert!(run.stderr.contains("refusing"), "{}", run.stderr);
        assert_eq!(
            list_files(&root),
            before,
            "nothing was added or deleted in the help center"
        );
        for (file, bytes) in before.iter().zip(contents) {
            assert_eq!(
                fs::read(root.join(file)).unwrap(),
                bytes,
                "{file} is unchanged"
            );
        }
    }
}

#[test]
fn dest_that_is_the_root_is_refused() {
    assert_dest_refused(".");
}

#[test]
fn dest_that_contains_the_root_is_refused() {
    assert_dest_refused("..");
}

#[test]
fn dest_that_is_content_is_refused() {
    assert_dest_refused("content");
}

#[test]
fn dest_inside_content_is_refused() {
    assert_dest_refused("content/account/site");
}

#[test]
fn dest_inside_content_in_a_new_folder_is_refused() {
    assert_dest_refused("content/new/site");
}

#[test]
fn dest_inside_themes_is_refused() {
    assert_dest_refused("themes/x");
}

// ------------------------------------------------------------------ panics

/// Every case, including those made at test time, under check (JSON and
/// human) and build: no panic, no timeout, and a documented exit code.
#[test]
fn no_case_panics() {
    let tmp = tempfile::tempdir().unwrap();
    let mut roots: Vec<PathBuf> = fs::read_dir(fixture_path("broken"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    roots.sort();
    assert!(roots.len() >= 20, "fixtures found: {roots:?}");

    let generated = |name: &str| {
        let root = tmp.path().join(name);
        copy_tree(&broken("ok-baseline"), &root);
        root
    };
    let root = generated("gen-not-utf8");
    fs::write(
        root.join("content/account/bad.md"),
        b"+++\ntitle = \"\xff\"\n+++\n\xfe\n",
    )
    .unwrap();
    roots.push(root);
    let root = generated("gen-empty-content");
    fs::remove_dir_all(root.join("content/account")).unwrap();
    roots.push(root);
    let root = generated("gen-odd-front-matter");
    for (name, text) in [
        ("empty-toml.md", "+++\n+++\n"),
        ("empty-yaml.md", "---\n---\n"),
        ("yaml-list.md", "---\n- a\n- b\n---\n"),
        ("yaml-tab.md", "---\n\ttitle: T\n---\n"),
        ("yaml-dup.md", "---\ntitle: T\ntitle: U\n---\n"),
        ("bom.md", "\u{feff}+++\ntitle = \"BOM\"\n+++\n"),
        ("crlf.md", "+++\r\ntitle = \"T\"\r\nkeywrods = 1\r\n+++\r\n"),
        ("big-int.md", "+++\ntitle = \"T\"\nweight = 99999999999999999999\n+++\n"),
        ("links.md", "+++\ntitle = \"T\"\n+++\n[a](../../../x.md) [b](#) [c](@/) [d](x.md#) [e](%zz.md)\n## é {#é}\n"),
        ("aliases.md", "+++\ntitle = \"T\"\naliases = [\"/\", \"/contact/\", \"https://x/\", \"/../a/\", \"/static/x/\"]\n+++\n"),
        ("no-front-matter.md", "Just text.\n"),
        ("only-opening.md", "+++"),
    ] {
        fs::write(root.join("content/account").join(name), text).unwrap();
    }
    roots.push(root);
    #[cfg(unix)]
    {
        let root = generated("gen-symlink-loop");
        std::os::unix::fs::symlink("../..", root.join("content/account/up")).unwrap();
        roots.push(root);
    }

    for root in &roots {
        let name = root.file_name().unwrap().to_string_lossy().into_owned();
        let allowed = [Some(0), Some(1), Some(2)];

        let checked: Run = check_json(root);
        checked.assert_no_panic(&format!("check --format json {name}"));
        assert!(allowed.contains(&checked.code), "{name}: {checked:#?}");
        if checked.code != Some(2) {
            checked.json();
        }

        let human = run(&["check".as_ref(), "--root".as_ref(), root.as_os_str()]);
        human.assert_no_panic(&format!("check {name}"));
        assert_eq!(human.code, checked.code, "{name}: human and JSON agree");

        let dest = tmp.path().join("out").join(&name);
        let built = build_to(root, &dest);
        built.assert_no_panic(&format!("build {name}"));
        assert_eq!(
            built.code, checked.code,
            "{name}: build and check agree\n{built:#?}"
        );
        if built.code != Some(0) {
            assert!(
                !dest.exists(),
                "{name}: a failed build wrote {}",
                dest.display()
            );
        }
    }
}

#[test]
fn links_to_an_article_with_broken_front_matter_are_not_reported_too() {
    let (_tmp, root) = copy_case("ok-baseline");
    fs::write(
        root.join("content/account/linking.md"),
        "+++\ntitle = \"Linking\"\nrelated = [\"account/reset-password.md\"]\n+++\n\nSee [reset](reset-password.md#by-email) and [again](@/account/reset-password.md).\n",
    )
    .unwrap();
    // (An anchor its body lacks would be reported in the same run:
    // tests/writer_checks.rs.)
    let path = root.join("content/account/reset-password.md");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replacen("title = \"", "title = ", 1)).unwrap();
    let report = check_fails(&root);
    find(
        &report,
        &error(
            "content/account/reset-password.md",
            2,
            "front matter is not valid TOML",
        ),
    );
    assert_eq!(
        report["errors"],
        1,
        "the file's own error explains the links to it:\n{}",
        describe(diagnostics(&report))
    );
}
