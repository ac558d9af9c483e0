//! Known issues (issue 19): `content/_status/*.md` through the CLI. `check`
//! errors at file:line with a did-you-mean (an `affects` entry naming a
//! missing article or step, end before start, a misspelt severity, an
//! unknown key); the notice on an affected article and tree step and not on
//! an unrelated page; a site-wide issue on every page; the status page with
//! current and past issues, its Atom feed, `status.json` and the badges'
//! data; `_announcement.md` still working beside them.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{build_to, check_report, copy_tree, diagnostics, fixture_path};

/// A copy of `tests/fixtures/status` (the build date, 2026-05-28, is inside
/// its current issue and after its past one).
fn status_fixture() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hc");
    copy_tree(&fixture_path("status"), &root);
    (tmp, root)
}

fn built(root: &Path) -> PathBuf {
    let dest = root.join("site");
    let run = build_to(root, &dest);
    assert_eq!(run.code, Some(0), "build\n{run:#?}");
    dest
}

fn read(dest: &Path, path: &str) -> String {
    fs::read_to_string(dest.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The notices (`data-issue="…"` sections before the page's `<main>` or in a
/// tree's step) of a page.
fn notices(html: &str) -> Vec<String> {
    html.split("class=\"announcement ")
        .skip(1)
        .filter_map(|s| {
            let at = s.find("data-issue=\"")? + "data-issue=\"".len();
            let end = s[at..].find('"')?;
            Some(s[at..at + end].to_string())
        })
        .collect()
}

#[test]
fn check_reports_every_status_error_at_its_line_with_a_fix() {
    let (code, report) = check_report(&fixture_path("broken/status-errors"));
    assert_eq!(code, Some(1), "{report:#}");
    let found: Vec<(String, u64, String, String)> = diagnostics(&report)
        .iter()
        .filter(|d| d["file"].as_str().is_some_and(|f| f.contains("_status")))
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_string(),
                d["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let has = |file: &str, line: u64, message: &str, help: &str| {
        assert!(
            found.iter().any(|(f, l, m, h)| f.ends_with(file)
                && *l == line
                && m.contains(message)
                && h.contains(help)),
            "expected {file}:{line} `{message}` / `{help}` in {found:#?}"
        );
    };
    has(
        "_status/pages.md",
        5,
        "`affects` names a missing article: `help/guid.md`",
        "did you mean \"help/guide.md\"?",
    );
    has(
        "_status/pages.md",
        6,
        "`#no-cod` is not a step of content/help/router.md",
        "did you mean \"help/router.md#no-code\"?",
    );
    has(
        "_status/pages.md",
        7,
        "which is not a troubleshooter or wizard",
        "name the article alone: \"help/guide.md\"",
    );
    has(
        "_status/dates.md",
        3,
        "`severity` must be",
        "did you mean \"warning\"?",
    );
    has(
        "_status/dates.md",
        5,
        "the issue ends (2026-05-01) before it starts (2026-05-10)",
        "swap `start` and `end`",
    );
    has("_status/dates.md", 6, "afects", "did you mean `affects`?");
    // The folder is no category, and its files are no articles.
    let all = format!("{report:#}");
    assert!(!all.contains("_status/pages.md\" is"), "{all}");
}

#[test]
fn an_issue_shows_on_the_pages_it_affects_and_not_elsewhere() {
    let (_tmp, root) = status_fixture();
    let dest = built(&root);
    // The article it names: in full, with a link to its entry on the status page.
    let guide = read(&dest, "help/guide/index.html");
    assert_eq!(notices(&guide), ["codes-delayed"]);
    assert!(guide.contains("<h2 class=\"announcement-title\" id=\"issue-codes-delayed-title\">Login codes are delayed</h2>"), "{guide}");
    assert!(guide.contains("href=\"/status/#issue-codes-delayed\""));
    // Links in its text are resolved like an article's.
    assert!(guide.contains("href=\"/help/guide/#codes\""), "{guide}");
    // The tree's step it names: one line that opens, inside the step tree.js swaps.
    let step = read(&dest, "help/router/no-code/index.html");
    assert_eq!(notices(&step), ["codes-delayed"]);
    let swap = step.find("data-tree-swap").unwrap();
    let notice = step.find("data-issue=\"codes-delayed\"").unwrap();
    assert!(notice > swap, "the notice is inside the step");
    assert!(step.contains("announcement-compact status-notice status-notice-step"));
    // Not the tree's other steps, an unrelated page, or the home page.
    for page in [
        "help/router/index.html",
        "help/router/code/index.html",
        "help/fix-sync/index.html",
        "index.html",
        "help/index.html",
    ] {
        assert_eq!(notices(&read(&dest, page)), Vec::<String>::new(), "{page}");
    }
    // The past issue shows on no page.
    assert!(!read(&dest, "help/fix-sync/index.html").contains("Sync was down"));
}

#[test]
fn the_status_page_lists_current_and_past_issues_with_a_feed() {
    let (_tmp, root) = status_fixture();
    let dest = built(&root);
    let page = read(&dest, "status/index.html");
    let current = page.find("id=\"status-current\"").unwrap();
    let past = page.find("id=\"status-past\"").unwrap();
    let codes = page.find("id=\"issue-codes-delayed\"").unwrap();
    let sync = page.find("id=\"issue-sync-outage\"").unwrap();
    assert!(
        current < codes && codes < past && past < sync,
        "current, then past"
    );
    assert!(
        page.contains("<time datetime=\"2026-05-01\">May 1, 2026</time>"),
        "a date-time keeps its day"
    );
    assert!(page.contains("Ended <time datetime=\"2026-03-02\">"));
    assert!(
        page.contains("<a href=\"/help/router/no-code/\">Sign-in help › No code arrived</a>")
            || page.contains("href=\"/help/router/no-code/\"")
    );
    // Linked from every page's footer, with the feed in <head>.
    let home = read(&dest, "index.html");
    assert!(home.contains("<li><a href=\"/status/\">Service status</a></li>"));
    assert!(home.contains("<link rel=\"alternate\" type=\"application/atom+xml\""));
    assert!(home.contains("data-status-live=\"/status.json\""));
    // The feed: every issue, with stable ids and `updated`.
    let feed = read(&dest, "status/feed.xml");
    assert!(feed.starts_with("<?xml"));
    assert!(feed.contains("<id>urn:helpbook:status:feed</id>"), "{feed}");
    assert!(feed.contains("<id>urn:helpbook:status:codes-delayed</id>"));
    assert!(feed.contains("<id>urn:helpbook:status:sync-outage</id>"));
    assert!(
        feed.contains("<updated>2026-03-02T00:00:00Z</updated>"),
        "a past issue was updated when it ended"
    );
    assert!(feed.contains("<updated>2026-05-01T00:00:00Z</updated>"));
    // status.json: the build writes the issues in the documented format.
    let json: serde_json::Value = serde_json::from_str(&read(&dest, "status.json")).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["issues"][0]["id"], "codes-delayed");
    assert_eq!(
        json["issues"][0]["affects"],
        serde_json::json!(["/help/guide/", "/help/router/no-code/"])
    );
    assert_eq!(json["issues"][1]["end"], "2026-03-02");
    // The badges' data for search results: the current issue's pages only.
    assert!(
        home.contains("id=\"hb-status\">{\"/help/guide/\":{\"id\":\"codes-delayed\""),
        "{home}"
    );
    assert!(!home.contains("\"/help/fix-sync/\""));
    // Listed in the sitemap.
    assert!(read(&dest, "sitemap.xml").contains("/status/</loc>"));
}

#[test]
fn a_status_json_of_the_content_is_kept_and_an_issue_without_affects_is_site_wide() {
    let (_tmp, root) = status_fixture();
    fs::write(
        root.join("content/status.json"),
        "{\"version\": 1, \"issues\": []}\n",
    )
    .unwrap();
    fs::write(
        root.join("content/_status/maintenance.md"),
        "+++\ntitle = \"Planned maintenance tonight\"\nseverity = \"info\"\nstart = 2026-05-20\nend = 2026-06-01\n+++\nShort text.\n",
    )
    .unwrap();
    let dest = built(&root);
    assert_eq!(
        read(&dest, "status.json"),
        "{\"version\": 1, \"issues\": []}\n"
    );
    // In full on the home page, one line elsewhere, before the page's own issues' notices.
    let home = read(&dest, "index.html");
    assert_eq!(notices(&home), ["maintenance"]);
    assert!(!home.contains(
        "announcement-compact status-notice\" aria-labelledby=\"issue-maintenance-title\""
    ));
    let sync = read(&dest, "help/fix-sync/index.html");
    assert_eq!(notices(&sync), ["maintenance"]);
    assert!(sync.contains("announcement-compact status-notice"));
    assert_eq!(
        notices(&read(&dest, "help/guide/index.html")),
        ["codes-delayed", "maintenance"]
    );
}

#[test]
fn no_status_page_without_issues_or_status_table() {
    let (_tmp, root) = status_fixture();
    fs::remove_dir_all(root.join("content/_status")).unwrap();
    let book = fs::read_to_string(root.join("book.toml")).unwrap();
    fs::write(
        root.join("book.toml"),
        book.replace("[status]\nlive = \"status.json\"\n", ""),
    )
    .unwrap();
    let dest = built(&root);
    assert!(!dest.join("status").exists());
    assert!(!dest.join("status.json").exists());
    let home = read(&dest, "index.html");
    assert!(!home.contains("/status/"));
    assert!(!home.contains("hb-status"));
}

#[test]
fn status_live_must_be_a_path_or_an_http_url() {
    let (_tmp, root) = status_fixture();
    let book = fs::read_to_string(root.join("book.toml")).unwrap();
    fs::write(
        root.join("book.toml"),
        book.replace(
            "live = \"status.json\"",
            "live = \"javascript:alert(1)\"\nrefresh = 5",
        ),
    )
    .unwrap();
    let (code, report) = check_report(&root);
    assert_eq!(code, Some(1));
    let all = format!("{report:#}");
    assert!(
        all.contains("`live` in [status] must be a path or an http(s) URL"),
        "{all}"
    );
    assert!(all.contains("refresh"), "unknown keys reported: {all}");
}

#[test]
fn the_announcement_keeps_working_beside_known_issues() {
    let (_tmp, root) = status_fixture();
    fs::write(
        root.join("content/_announcement.md"),
        "+++\ntitle = \"New look\"\nseverity = \"info\"\nstart = 2026-01-01\npages = [\"help/guide.md\"]\n+++\nWe changed things.\n",
    )
    .unwrap();
    let dest = built(&root);
    let guide = read(&dest, "help/guide/index.html");
    assert!(
        guide.contains("id=\"announcement-title\">New look</h2>"),
        "{guide}"
    );
    assert_eq!(notices(&guide), ["codes-delayed"]);
    let sync = read(&dest, "help/fix-sync/index.html");
    assert!(sync.contains("<details class=\"container announcement-inner\">"));
}

#[test]
fn serve_shows_an_edit_under_content_status_on_save() {
    use helpbook::pipeline::BuildOptions;
    use helpbook::serve::live::LiveSite;
    let (_tmp, root) = status_fixture();
    let options = BuildOptions {
        drafts: false,
        today: jiff::civil::date(2026, 5, 28),
        live: true,
    };
    let (mut live, mut files) = LiveSite::build(&root, options).expect("first build");
    let page = |files: &helpbook::serve::live::Files, path: &str| {
        String::from_utf8_lossy(files.files.get(path).expect(path)).into_owned()
    };
    assert_eq!(
        notices(&page(&files, "help/fix-sync/index.html")),
        Vec::<String>::new()
    );
    // The past issue comes back, now affecting the troubleshooter.
    let file = root.join("content/_status/sync-outage.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replace("end = 2026-03-02\n", "")).unwrap();
    let update = live
        .apply(
            &mut files,
            &[PathBuf::from("content/_status/sync-outage.md")],
        )
        .expect("rebuild");
    assert!(update.fresh.is_empty(), "{:?}", update.fresh);
    assert_eq!(
        notices(&page(&files, "help/fix-sync/index.html")),
        ["sync-outage"]
    );
    assert!(page(&files, "status/index.html").contains("id=\"issue-sync-outage\""));
    // A new issue file shows too.
    fs::write(
        root.join("content/_status/new.md"),
        "+++\ntitle = \"Everything is slow\"\nstart = 2026-05-27\n+++\nSorry.\n",
    )
    .unwrap();
    live.apply(&mut files, &[PathBuf::from("content/_status/new.md")])
        .expect("rebuild");
    assert_eq!(notices(&page(&files, "index.html")), ["new"]);
}

#[test]
fn the_written_status_json_and_the_readme_example_follow_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/status-v1.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("the schema compiles");
    let (_tmp, root) = status_fixture();
    let dest = built(&root);
    let written: serde_json::Value = serde_json::from_str(&read(&dest, "status.json")).unwrap();
    assert!(validator.is_valid(&written), "{written:#}");
    let example = serde_json::json!({
        "version": 1,
        "issues": [
            {"id": "sms-login-codes", "title": "Codes", "severity": "warning", "start": "2026-11-01", "end": "2026-11-20"},
            {"id": "messages-slow", "title": "Slow", "severity": "outage", "start": "2026-11-14T08:00:00Z", "affects": ["/messaging/"], "body": "We are on it."}
        ]
    });
    assert!(validator.is_valid(&example));
    for bad in [
        serde_json::json!({"version": 2, "issues": []}),
        serde_json::json!({"version": 1, "issues": [{"id": "<b>", "title": "x", "start": "2026-11-01"}]}),
        serde_json::json!({"version": 1, "issues": [{"id": "a", "title": "x", "start": "soon"}]}),
    ] {
        assert!(!validator.is_valid(&bad), "{bad:#}");
    }
}

/// An issue's text gets the checks of every other body: a NUL character is
/// an error at its line, and `[build] raw-html = "deny"` refuses raw HTML
/// in it, as in an article.
#[test]
fn an_issue_body_is_checked_like_an_article_body() {
    let (_tmp, root) = status_fixture();
    let path = root.join("content/_status/codes-delayed.md");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("\nA damaged line: ab\0cd\n\n<div>raw</div>\n");
    fs::write(&path, text).unwrap();
    let book = root.join("book.toml");
    let toml = fs::read_to_string(&book).unwrap();
    fs::write(&book, format!("{toml}\n[build]\nraw-html = \"deny\"\n")).unwrap();
    let (code, report) = check_report(&root);
    assert_eq!(code, Some(1), "{report:#}");
    let errors: Vec<String> = diagnostics(&report)
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| format!("{}: {}", d["file"].as_str().unwrap_or(""), d["message"]))
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/_status/codes-delayed.md")
                && e.contains("NUL character")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/_status/codes-delayed.md") && e.contains("HTML")),
        "{errors:#?}"
    );
}
