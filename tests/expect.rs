//! Search tests that fail a build (`[[search.expect]]` in book.toml),
//! through the CLI on `tests/fixtures/expect` (English with a Spanish
//! translation, articles, a troubleshooter): passing and failing
//! expectations in `check` and `build`, human and JSON output, tree steps,
//! a translation's index, mistakes in the entries, and `check` building no
//! index without them.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{check_json, copy_tree, diagnostics, fixture_path, run};
use serde_json::Value;

/// A copy of the fixture with `expectations` appended to its book.toml.
struct Center {
    _dir: tempfile::TempDir,
    root: PathBuf,
    toml: String,
}

impl Center {
    fn new(expectations: &str) -> Center {
        Center::with_book(expectations, |toml| toml)
    }

    /// With book.toml edited by `edit` before the expectations are added.
    fn with_book(expectations: &str, edit: impl Fn(String) -> String) -> Center {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("help");
        copy_tree(&fixture_path("expect"), &root);
        let original = fs::read_to_string(root.join("book.toml")).unwrap();
        let toml = format!("{}\n{expectations}", edit(original));
        fs::write(root.join("book.toml"), &toml).unwrap();
        Center {
            _dir: dir,
            root,
            toml,
        }
    }

    /// The 1-based line of book.toml where `text` starts.
    fn line_of(&self, text: &str) -> u64 {
        let at = self
            .toml
            .find(text)
            .unwrap_or_else(|| panic!("{text:?} not in book.toml"));
        self.toml[..at].matches('\n').count() as u64 + 1
    }

    fn dest(&self) -> PathBuf {
        self.root.parent().unwrap().join("site")
    }

    fn check(&self, extra: &[&str]) -> common::Run {
        let mut args: Vec<&std::ffi::OsStr> =
            vec!["check".as_ref(), "--root".as_ref(), self.root.as_os_str()];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        let run = run(&args);
        run.assert_no_panic("check");
        run
    }

    fn build(&self, extra: &[&str]) -> common::Run {
        let dest = self.dest();
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "build".as_ref(),
            "--root".as_ref(),
            self.root.as_os_str(),
            "--dest".as_ref(),
            dest.as_os_str(),
        ];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        let run = run(&args);
        run.assert_no_panic("build");
        run
    }
}

/// The errors of a JSON report.
fn errors(report: &Value) -> Vec<&Value> {
    diagnostics(report)
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect()
}

/// Expectations that hold in the fixture: a typo, a tree step, a whole
/// tree (any step counts), a step listed under its tree's result, a
/// category page, the Spanish index.
const PASSING: &str = r##"
[[search.expect]]
query = "hacked acount"
article = "account/hacked-account.md"
top = 1

[[search.expect]]
query = "confirm identity selfie"
article = "account/recover.md#confirm-identity"
top = 1

[[search.expect]]
query = "recover account"
article = "account/recover.md"

[[search.expect]]
query = "password"
article = "account/recover.md"
top = 2

[[search.expect]]
query = "recover account"
article = "account/recover.md#confirm-identity"

[[search.expect]]
query = "unsend"
article = "messaging/_index.md"
top = 2

[[search.expect]]
query = "contraseña olvidada"
article = "account/reset-password.md"
language = "es"
top = 1

[[search.expect]]
query = "me hackearon"
article = "account/hacked-account.es.md"
language = "es"
top = 1
"##;

/// "password" finds two-factor.md at rank 4, below the default `top`.
const FAILING: &str = r##"
[[search.expect]]
query = "hacked acount"
article = "account/hacked-account.md"

[[search.expect]]
query = "password"
article = "account/two-factor.md"
"##;

/// The error of FAILING's second expectation, as both commands report it.
fn assert_rank_error(center: &Center, report: &Value) {
    let errors = errors(report);
    assert_eq!(errors.len(), 1, "{report:#}");
    let error = errors[0];
    assert_eq!(error["file"], "book.toml");
    assert_eq!(error["line"], center.line_of("query = \"password\""));
    assert_eq!(error["column"], 9);
    assert_eq!(
        error["message"],
        "search for \"password\" finds account/two-factor.md at rank 4; it must be in the first 3 results"
    );
    assert_eq!(
        error["help"],
        "ranked above it:\n  1. Reset a forgotten password (account/reset-password.md)\n  2. Troubleshooter · Get back into your account › Reset your password (account/recover.md#send-reset)\n  3. Account (account/_index.md)\nadd the words readers type to the article's `keywords` (front matter) or to [search] synonyms, or reword its title; or, if rank 4 is good enough, raise `top` to 4"
    );
}

#[test]
fn expectations_that_hold_pass_check_and_build() {
    let center = Center::new(PASSING);
    let checked = center.check(&[]);
    assert_eq!(checked.code, Some(0), "{checked:#?}");
    assert!(checked.stderr.contains("0 error(s)"), "{}", checked.stderr);
    let built = center.build(&["-q"]);
    assert_eq!(built.code, Some(0), "{built:#?}");
    assert!(center.dest().join("search/index.json").is_file());
    assert!(center.dest().join("search/index.es.json").is_file());
}

#[test]
fn a_miss_is_an_error_at_its_line_with_the_rank_and_what_ranked_above() {
    let center = Center::new(FAILING);
    let report = check_json(&center.root);
    assert_eq!(report.code, Some(1), "{report:#?}");
    assert_rank_error(&center, &report.json());

    let human = center.check(&[]);
    assert_eq!(human.code, Some(1));
    let line = center.line_of("query = \"password\"");
    for expected in [
        "error: search for \"password\" finds account/two-factor.md at rank 4; it must be in the first 3 results".to_string(),
        format!("┌─ book.toml:{line}:9"),
        "ranked above it:".to_string(),
        "1. Reset a forgotten password (account/reset-password.md)".to_string(),
        "3. Account (account/_index.md)".to_string(),
        "raise `top` to 4".to_string(),
        "1 error(s)".to_string(),
    ] {
        assert!(human.stderr.contains(&expected), "{expected:?} in\n{}", human.stderr);
    }
}

#[test]
fn a_build_with_a_miss_writes_nothing() {
    let center = Center::new(FAILING);
    let json = center.build(&["--format", "json"]);
    assert_eq!(json.code, Some(1), "{json:#?}");
    let report = json.json();
    assert_rank_error(&center, &report);
    assert_eq!(report["ok"], false);
    assert!(!center.dest().exists(), "a failed build wrote the site");

    let human = center.build(&[]);
    assert_eq!(human.code, Some(1), "{human:#?}");
    assert!(
        human
            .stderr
            .contains("finds account/two-factor.md at rank 4"),
        "{}",
        human.stderr
    );
    assert!(
        human.stderr.contains("Nothing was written"),
        "{}",
        human.stderr
    );
    assert!(!center.dest().exists());
    // Nothing is left beside the destination either.
    let left: Vec<String> = fs::read_dir(center.root.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["help"]);
}

#[test]
fn a_step_must_be_found_itself_not_only_its_tree() {
    // The tree ranks 2nd for "password", through its `send-reset` step
    // (PASSING has the whole tree hold there).
    let center = Center::new(
        r##"
[[search.expect]]
query = "password"
article = "account/recover.md#confirm-identity"
top = 5
"##,
    );
    let report = check_json(&center.root).json();
    let errors = errors(&report);
    assert_eq!(errors.len(), 1, "{report:#}");
    assert_eq!(errors[0]["line"], center.line_of("query = \"password\""));
    assert_eq!(
        errors[0]["message"],
        "search for \"password\": account/recover.md#confirm-identity is not among its 5 results; it must be in the first 5"
    );
    let help = errors[0]["help"].as_str().unwrap();
    assert!(
        help.starts_with("the first 5 results:\n  1. Reset a forgotten password (account/reset-password.md)\n  2. Troubleshooter · Get back into your account › Reset your password (account/recover.md#send-reset)\n  3. Account (account/_index.md)\n  4. Turn on two-factor authentication (account/two-factor.md)\n  5. My account was hacked › Get it back (account/hacked-account.md)\n"),
        "{help}"
    );
    assert!(help.contains("the step's question"), "{help}");
}

#[test]
fn a_translation_is_searched_in_its_own_index() {
    // In English, "contraseña" finds nothing: the expectation must run on
    // the Spanish index to hold (PASSING has it hold there).
    let center = Center::new(
        r##"
[[search.expect]]
query = "contraseña olvidada"
article = "account/reset-password.md"
"##,
    );
    let report = check_json(&center.root).json();
    let errors = errors(&report);
    assert_eq!(errors.len(), 1, "{report:#}");
    assert_eq!(
        errors[0]["message"],
        "search for \"contraseña olvidada\" finds nothing; it must find account/reset-password.md in the first 3 results"
    );
}

#[test]
fn mistakes_in_the_entries_are_errors_with_did_you_mean() {
    let center = Center::new(
        r##"
[[search.expect]]
query = "hacked"
article = "account/hacked-acount.md"

[[search.expect]]
query = "identity"
article = "account/recover.md#confirm-identiy"

[[search.expect]]
query = "two factor"
article = "account/two-factor.md#set-it-up"

[[search.expect]]
query = "pirateada"
article = "account/hacked-account.md"
language = "se"

[[search.expect]]
query = "dos factores"
article = "account/two-factor.md"
language = "es"

[[search.expect]]
query = "reset"
article = "content/account/reset-password.md"

[[search.expect]]
query = "help"
article = "_index.md"

[[search.expect]]
query = "edit message"
article = "messaging/edit-a-message.md"
"##,
    );
    let report = check_json(&center.root);
    assert_eq!(report.code, Some(1));
    let report = report.json();
    let errors = errors(&report);
    let found: Vec<(u64, &str, &str)> = errors
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["message"].as_str().unwrap(),
                e["help"].as_str().unwrap(),
            )
        })
        .collect();
    let expected = [
        (
            center.line_of("article = \"account/hacked-acount.md\""),
            "[[search.expect]]: no article account/hacked-acount.md under content/",
            "did you mean article = \"account/hacked-account.md\"?",
        ),
        (
            center.line_of("article = \"account/recover.md#confirm-identiy\""),
            "account/recover.md has no step `confirm-identiy`",
            "did you mean article = \"account/recover.md#confirm-identity\"?",
        ),
        (
            center.line_of("article = \"account/two-factor.md#set-it-up\""),
            "account/two-factor.md is not a troubleshooter or wizard, so it has no steps to name after `#`",
            "write article = \"account/two-factor.md\": a result leading to any section of it counts",
        ),
        (
            center.line_of("query = \"pirateada\""),
            "[[search.expect]] names language \"se\", which this help center does not have",
            "did you mean language = \"es\"?",
        ),
        (
            center.line_of("article = \"account/two-factor.md\"\nlanguage"),
            "[[search.expect]] (language \"es\"): account/two-factor.md has no translation into `es`, so the `es` index cannot find it",
            "translate it (account/two-factor.es.md), or point this expectation at another article",
        ),
        (
            center.line_of("article = \"content/account"),
            "[[search.expect]]: no article content/account/reset-password.md under content/",
            "the path is relative to content/: article = \"account/reset-password.md\"",
        ),
        (
            center.line_of("article = \"_index.md\""),
            "[[search.expect]]: the home page is not in the search index",
            "name an article, or a category's page (its folder's _index.md)",
        ),
        (
            center.line_of("article = \"messaging/edit-a-message.md\""),
            "[[search.expect]]: messaging/edit-a-message.md is a draft, left out of this build",
            "publish it (remove `draft = true`), or build with --drafts",
        ),
    ];
    assert_eq!(found, expected, "{report:#}");
}

#[test]
fn an_unknown_language_far_from_any_lists_the_languages() {
    let center = Center::new(
        r##"
[[search.expect]]
query = "hacked"
article = "account/hacked-account.md"
language = "japanese"
"##,
    );
    let report = check_json(&center.root).json();
    let errors = errors(&report);
    assert_eq!(errors.len(), 1, "{report:#}");
    assert_eq!(
        errors[0]["help"],
        "the help center's languages are \"en\", \"es\" ([book] language and each [language.<code>])"
    );
}

#[test]
fn expectations_without_a_search_index_are_an_error() {
    let center = Center::with_book(FAILING, |toml| {
        format!("{toml}\n[output.html.search]\nenable = false\n")
    });
    for run in [
        check_json(&center.root),
        center.build(&["--format", "json"]),
    ] {
        assert_eq!(run.code, Some(1), "{run:#?}");
        let report = run.json();
        let errors = errors(&report);
        assert_eq!(errors.len(), 1, "{report:#}");
        assert_eq!(
            errors[0]["line"],
            center.line_of("query = \"hacked acount\"")
        );
        assert_eq!(
            errors[0]["message"],
            "book.toml has 2 [[search.expect]] but search is disabled ([output.html.search] enable = false): there is no index to test"
        );
    }
}

/// The stage names `--timings` prints.
fn phases(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(" ms"))
        .map(|l| l.split("  ").find(|p| !p.trim().is_empty()).unwrap().trim())
        .collect()
}

#[test]
fn check_builds_an_index_only_for_the_languages_with_expectations() {
    let none = Center::new("");
    let run = none.check(&["--timings"]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert_eq!(
        phases(&run.stderr),
        ["theme", "load", "validate", "render + index"],
        "{}",
        run.stderr
    );

    // Expectations in English only: one index, in memory.
    let english = Center::new(FAILING);
    let run = english.check(&["--timings"]);
    assert_eq!(
        phases(&run.stderr),
        [
            "theme",
            "load",
            "validate",
            "render + index",
            "search input",
            "of which index",
            "search tests"
        ],
        "{}",
        run.stderr
    );
    assert!(!english.dest().exists());
    assert!(!english.root.join("site").exists());

    // `build` indexes every language, and tests those that have tests.
    let run = english.build(&["--timings"]);
    let tested = phases(&run.stderr)
        .iter()
        .filter(|p| **p == "search tests")
        .count();
    let indexed = phases(&run.stderr)
        .iter()
        .filter(|p| **p == "of which index")
        .count();
    assert_eq!((indexed, tested), (2, 1), "{}", run.stderr);
}

#[test]
fn the_demo_expectations_hold() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let toml = fs::read_to_string(repo.join("book.toml")).unwrap();
    let count = toml.matches("[[search.expect]]").count();
    assert!(count >= 5, "the demo has {count} [[search.expect]]");
    assert!(toml.contains("language = \"es\""));
    let report = check_json(repo);
    assert_eq!(report.code, Some(0), "{report:#?}");
    assert!(errors(&report.json()).is_empty());
}

/// An expectation naming an article whose front matter is broken: the one
/// error is at the article's own line, not a second "no article" in
/// book.toml for a file that is there.
#[test]
fn an_article_with_broken_front_matter_is_reported_once() {
    let center = Center::new(
        "[[search.expect]]\nquery = \"two factor\"\narticle = \"account/two-factor.md\"\n",
    );
    let path = center.root.join("content/account/two-factor.md");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replacen("title = ", "title = = ", 1)).unwrap();
    let run = check_json(&center.root);
    let report = run.json();
    let errors = errors(&report);
    assert!(!errors.is_empty(), "{report:#?}");
    assert!(
        errors
            .iter()
            .all(|e| e["file"] == "content/account/two-factor.md"),
        "{errors:#?}"
    );
}
