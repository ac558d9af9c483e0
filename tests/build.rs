//! `helpbook build` on good help centers: the pages a reader gets, links,
//! sub-path hosting, drafts, aliases, reproducibility and atomic replacement.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

mod common;

fn helpbook() -> Command {
    let mut cmd = Command::cargo_bin("helpbook").expect("binary");
    // A fixed build date: the fixture's announcement runs through 2026.
    cmd.env("SOURCE_DATE_EPOCH", "1780000000"); // 2026-05-28
    cmd
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies a fixture into a temporary folder so a test can change it.
fn copy_fixture(name: &str, into: &Path) -> PathBuf {
    let target = into.join(name);
    copy_dir(&fixture(name), &target);
    target
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

/// Runs `helpbook build --root ROOT --dest DEST`.
fn build_into(root: &Path, dest: &Path) -> assert_cmd::assert::Assert {
    helpbook()
        .args(["build", "--root"])
        .arg(root)
        .arg("--dest")
        .arg(dest)
        .assert()
}

/// Builds `root` into a new temporary folder; returns (tempdir, site dir).
fn build(root: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("site");
    helpbook()
        .args(["build", "--root"])
        .arg(root)
        .arg("--dest")
        .arg(&dest)
        .args(extra)
        .assert()
        .success();
    (tmp, dest)
}

fn read(site: &Path, path: &str) -> String {
    fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every file under `dir`, relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Values of `attr="…"` in `html`.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.split(needle.as_str())
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

#[test]
fn builds_every_page_a_reader_needs() {
    let (_tmp, site) = build(&fixture("good"), &[]);
    for path in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "contact/index.html",
        "search/index.html",
        "account/index.html",
        "account/security/index.html",
        "account/reset-password/index.html",
        "account/two-factor/index.html",
        "account/security/sessions/index.html",
        "billing/index.html",
        "billing/refunds/index.html",
        "messaging/index.html",
        "account/logo.png",
        "static/helpbook.css",
        "static/helpbook.js",
        "old/reset/index.html",
        "legacy/reset-password.html",
    ] {
        assert!(site.join(path).is_file(), "missing {path}");
    }
    // Drafts are left out by default.
    assert!(!site.join("account/draft-article").exists());
}

#[test]
fn internal_links_resolve_to_urls_under_the_base_path() {
    let (_tmp, site) = build(&fixture("good"), &[]);
    let html = read(&site, "account/reset-password/index.html");
    assert!(html.contains("href=\"/help/account/two-factor/#backup-codes\""));
    assert!(html.contains("href=\"/help/messaging/unsend/\""));
    assert!(
        html.contains("href=\"/help/account/\""),
        "link to _index.md"
    );
    assert!(html.contains("href=\"/help/account/security/\""));
    assert!(html.contains("href=\"#by-email\""));
    assert!(html.contains("href=\"https://example.org/\""));
    assert!(html.contains("src=\"/help/account/logo.png\""));
    assert!(!html.contains(".md\""), "no .md link survives");
}

#[test]
fn every_internal_url_respects_site_url_and_exists() {
    let (_tmp, site) = build(&fixture("good"), &[]);
    let files = tree(&site);
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for url in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if !url.starts_with('/') || url.starts_with("//") {
                continue;
            }
            assert!(url.starts_with("/help/"), "{path}: {url} ignores site-url");
            let target = url
                .trim_start_matches("/help/")
                .split(['#', '?'])
                .next()
                .unwrap();
            let exists = target.is_empty() && files.contains_key("index.html")
                || files.contains_key(target)
                || files.contains_key(&format!("{target}index.html"));
            assert!(exists, "{path}: {url} points to nothing");
        }
    }
}

#[test]
fn pages_carry_metadata_and_breadcrumbs() {
    let (_tmp, site) = build(&fixture("good"), &[]);
    let html = read(&site, "account/security/sessions/index.html");
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("<link rel=\"canonical\" href=\"https://help.example.com/help/account/security/sessions/\">"));
    assert!(html.contains("property=\"og:title\" content=\"Log out of other sessions\""));
    assert!(
        html.contains("property=\"og:description\" content=\"See where you&#39;re logged in.\"")
    );
    // Breadcrumbs: Home › Account › Security › this page.
    let crumbs = html
        .split("aria-label=\"Breadcrumb\"")
        .nth(1)
        .unwrap()
        .split("</nav>")
        .next()
        .unwrap();
    let hrefs = attr_values(crumbs, "href");
    assert_eq!(
        hrefs[..3],
        ["/help/", "/help/account/", "/help/account/security/"]
    );
    // "Still need help?" on the HTML pages, linking to the contact page; not on the contact
    // page itself, nor on a home page that lists the channels (tests/page_frame.rs).
    for page in [
        "account/index.html",
        "account/reset-password/index.html",
        "404.html",
    ] {
        let html = read(&site, page);
        assert!(html.contains("Still need help?"), "{page}");
        assert!(html.contains("href=\"/help/contact/\""), "{page}");
    }
    for page in ["index.html", "contact/index.html"] {
        assert!(!read(&site, page).contains("Still need help?"), "{page}");
    }
}

#[test]
fn article_page_has_toc_updated_related_and_vote() {
    let (_tmp, site) = build(&fixture("good"), &[]);
    let html = read(&site, "account/reset-password/index.html");
    assert!(html.contains("<time datetime=\"2026-03-04\">March 4, 2026</time>"));
    // Two headings: no table of contents (from three, tests/page_frame.rs).
    assert!(!html.contains("<nav class=\"toc\""), "table of contents");
    assert!(html.contains("<h2 id=\"still-stuck\">"));
    assert!(html.contains("<div class=\"callout callout-warning\" role=\"note\">"));
    assert!(html.contains("class=\"table-wrap\""));
    assert!(html.contains("type=\"checkbox\""), "task list");
    assert!(html.contains("footnote-definition"));
    // [insights]: the events script, told where to send, and "Was this helpful?" for this
    // page, hidden until the script shows it (no widget without JavaScript).
    assert!(html.contains("<script src=\"/help/static/insights.js?v=",));
    assert!(html.contains(
        "data-insights-endpoint=\"https://feedback.example.com/collect\" defer></script>"
    ));
    assert!(
        html.contains("<div class=\"vote\" data-vote=\"/help/account/reset-password/\" hidden>")
    );
    for reason in [
        "outdated",
        "did-not-answer",
        "hard-to-follow",
        "something-missing",
    ] {
        assert!(html.contains(&format!(
            "name=\"reason\" id=\"vote-reason-{reason}\" value=\"{reason}\""
        )));
    }
    assert!(html.contains("maxlength=\"500\""));
    assert!(!html.contains("method=\"post\""), "no form posts anywhere");
    // No related in front matter: neighbours from the same category.
    let related = html.split("Related articles").nth(1).expect("related list");
    assert!(related.contains("/help/account/two-factor/"));
    // Front matter `related` wins.
    let html = read(&site, "account/two-factor/index.html");
    let related = html
        .split("Related articles")
        .nth(1)
        .and_then(|r| r.split("</section>").next())
        .expect("related list");
    let first = related.find("/help/account/security/sessions/").unwrap();
    let second = related.find("/help/messaging/blocking/").unwrap();
    assert!(first < second);
    assert!(
        !related.contains("/help/account/reset-password/\""),
        "only the listed ones"
    );
}

#[test]
fn no_events_script_or_vote_without_insights() {
    let tmp = tempfile::tempdir().unwrap();
    let root = copy_fixture("good", tmp.path());
    let config = read(&root, "book.toml").replace(
        "[insights]\nendpoint = \"https://feedback.example.com/collect\"\n",
        "",
    );
    fs::write(root.join("book.toml"), config).unwrap();
    let (_t, site) = build(&root, &[]);
    for page in [
        "account/reset-password/index.html",
        "contact/index.html",
        "index.html",
    ] {
        let html = read(&site, page);
        assert!(!html.contains("Was this helpful?"), "{page}");
        assert!(!html.contains("data-vote"), "{page}");
        assert!(!html.contains("feedback.example.com"), "{page}");
        assert!(!html.contains("insights.js"), "{page}: no extra script");
    }
}

#[test]
fn channel_links_carry_their_book_toml_name() {
    let (_tmp, site) = build(&fixture("good"), &[]);
    let html = read(&site, "contact/index.html");
    assert!(
        html.contains("href=\"mailto:help@example.com\" data-channel=\"Email\">"),
        "{html}"
    );
}

#[test]
fn home_lists_categories_promoted_contact_and_announcement() {
    let (_tmp, site) = build(&fixture("good"), &[]);
    let html = read(&site, "index.html");
    // Categories in weight order, then title: Account (1), Messaging (2), Billing (none).
    let account = html.find("href=\"/help/account/\"").unwrap();
    let messaging = html.find("href=\"/help/messaging/\"").unwrap();
    let billing = html.find("href=\"/help/billing/\"").unwrap();
    assert!(account < messaging && messaging < billing);
    assert!(html.contains("Billing"), "title from the folder name");
    assert!(
        html.contains("3 articles"),
        "Account counts its sub-section"
    );
    assert!(html.contains("Reset your password"), "promoted article");
    assert!(html.contains("within a day"), "response time");
    assert!(html.contains("Login codes are delayed"), "announcement");
    assert!(html.contains("data-end=\"2026-12-31\""));
    assert!(html.contains("Welcome to the <strong>fixture</strong> help center."));
}

#[test]
fn announcement_outside_its_dates_is_not_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("site");
    helpbook()
        .env("SOURCE_DATE_EPOCH", "1800000000") // 2027-01-15
        .args(["build", "--root"])
        .arg(fixture("good"))
        .arg("--dest")
        .arg(&dest)
        .assert()
        .success();
    assert!(!read(&dest, "index.html").contains("Login codes are delayed"));
}

#[test]
fn section_lists_articles_and_subsections_in_order() {
    let (_tmp, site) = build(&fixture("good"), &[]);
    let html = read(&site, "messaging/index.html");
    let blocking = html.find("Block someone").unwrap();
    let unsend = html.find("Unsend a message").unwrap();
    assert!(blocking < unsend, "weight 1 before no weight");
    let html = read(&site, "account/index.html");
    assert!(
        html.contains("href=\"/help/account/security/\""),
        "sub-section listed"
    );
}

#[test]
fn aliases_redirect_to_the_article() {
    let (_tmp, site) = build(&fixture("good"), &[]);
    for alias in ["old/reset/index.html", "legacy/reset-password.html"] {
        let html = read(&site, alias);
        assert!(
            html.contains(
                "http-equiv=\"refresh\" content=\"0; url=/help/account/reset-password/\""
            ),
            "{alias}"
        );
        assert!(html.contains("noindex"));
        assert!(html.contains(
            "rel=\"canonical\" href=\"https://help.example.com/help/account/reset-password/\""
        ));
    }
}

#[test]
fn sitemap_and_robots() {
    let (_tmp, site) = build(&fixture("good"), &[]);
    let sitemap = read(&site, "sitemap.xml");
    assert!(sitemap.contains(
        "<loc>https://help.example.com/help/account/reset-password/</loc><lastmod>2026-03-04</lastmod>"
    ));
    assert!(sitemap.contains("<loc>https://help.example.com/help/</loc>"));
    assert!(
        !sitemap.contains("old/reset"),
        "redirects are not in the sitemap"
    );
    assert!(!sitemap.contains("draft"), "drafts are not in the sitemap");
    assert!(
        read(&site, "robots.txt").contains("Sitemap: https://help.example.com/help/sitemap.xml")
    );
}

#[test]
fn drafts_are_built_with_the_flag() {
    let (_tmp, site) = build(&fixture("good"), &["--drafts"]);
    assert!(site.join("account/draft-article/index.html").is_file());
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, first) = build(&fixture("good"), &[]);
    let (_b, second) = build(&fixture("good"), &[]);
    let (first, second) = (tree(&first), tree(&second));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
    }
}

/// Every search index has the brotli copy of its hot bundle beside it,
/// holding the same bundle (hosts that serve pre-compressed files send it).
#[test]
fn each_hot_bundle_has_its_brotli_copy() {
    let (_tmp, site) = build(&fixture("good"), &[]);
    let files = tree(&site);
    let hot: Vec<&String> = files.keys().filter(|p| p.ends_with("/hot.bin")).collect();
    assert!(!hot.is_empty(), "no search index");
    for path in hot {
        let copy = files
            .get(&format!("{path}.br"))
            .unwrap_or_else(|| panic!("{path}.br is missing"));
        let mut unpacked = Vec::new();
        brotli_decompressor::BrotliDecompress(&mut &copy[..], &mut unpacked).unwrap();
        let gzipped = &files[path];
        assert_eq!(
            unpacked,
            helpbook_search::writer::gunzip(gzipped).unwrap(),
            "{path}.br holds another bundle"
        );
    }
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let root = copy_fixture("good", tmp.path());
    let dest = tmp.path().join("out");
    build_into(&root, &dest).success();
    let before = tree(&dest);

    // Break one article and add a new one: neither change may reach the site.
    fs::write(
        root.join("content/messaging/unsend.md"),
        "+++\ntitle = \"Unsend\"\nbroken = \n+++\n",
    )
    .unwrap();
    fs::write(
        root.join("content/messaging/new.md"),
        "+++\ntitle = \"New\"\n+++\nhi",
    )
    .unwrap();
    build_into(&root, &dest).code(1);
    assert_eq!(tree(&dest), before);
    assert_no_staging_left(tmp.path());
}

/// No `.<dest>.helpbook-*` folder is left beside the destination.
fn assert_no_staging_left(parent: &Path) {
    let leftovers: Vec<_> = fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("helpbook"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_build_failing_while_rendering_leaves_the_previous_site_untouched() {
    // Pages are written as they are rendered, so this failure comes after
    // some pages are on disk: they must not reach the site.
    let tmp = tempfile::tempdir().unwrap();
    let root = copy_fixture("broken/template-unknown-var", tmp.path());
    let dest = tmp.path().join("out");
    fs::rename(root.join("themes"), tmp.path().join("themes-aside")).unwrap();
    let config = fs::read_to_string(root.join("book.toml")).unwrap();
    fs::write(
        root.join("book.toml"),
        config.replace("theme = \"custom\"", "theme = \"default\""),
    )
    .unwrap();
    build_into(&root, &dest).success();
    let before = tree(&dest);

    fs::rename(tmp.path().join("themes-aside"), root.join("themes")).unwrap();
    fs::write(root.join("book.toml"), config).unwrap();
    let failed = build_into(&root, &dest).code(1);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    assert!(stderr.contains("article.html"), "{stderr}");
    assert_eq!(tree(&dest), before, "the previous site is unchanged");
    assert_no_staging_left(tmp.path());
}

#[test]
fn rebuilding_replaces_stale_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let root = copy_fixture("good", tmp.path());
    let dest = tmp.path().join("out");
    build_into(&root, &dest).success();
    fs::remove_file(root.join("content/billing/refunds.md")).unwrap();
    build_into(&root, &dest).success();
    assert!(
        !dest.join("billing/refunds").exists(),
        "a deleted article's page must go"
    );
}

#[test]
fn check_writes_nothing_and_reports_json() {
    let tmp = tempfile::tempdir().unwrap();
    let root = copy_fixture("good", tmp.path());
    let out = helpbook()
        .args(["check", "--format", "json", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["errors"], 0);
    assert_eq!(json["warnings"], 0);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0);
    assert!(!root.join("site").exists());
}

#[test]
fn build_json_reports_a_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let out = helpbook()
        .args(["build", "--format", "json", "--root"])
        .arg(fixture("good"))
        .arg("--dest")
        .arg(tmp.path().join("s"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["articles"], 6);
    assert_eq!(json["summary"]["redirects"], 2);
}

#[test]
fn a_theme_overrides_single_templates_and_static_files() {
    let tmp = tempfile::tempdir().unwrap();
    let root = copy_fixture("good", tmp.path());
    let config =
        read(&root, "book.toml").replace("[output.html]\n", "[output.html]\ntheme = \"brand\"\n");
    fs::write(root.join("book.toml"), config).unwrap();
    fs::create_dir_all(root.join("themes/brand/templates")).unwrap();
    fs::create_dir_all(root.join("themes/brand/static")).unwrap();
    fs::write(
        root.join("themes/brand/templates/article.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"brand\">{{ article.title }}</h1>{{ article.html | safe }}{% endblock %}",
    )
    .unwrap();
    fs::write(root.join("themes/brand/static/extra.css"), "body{}").unwrap();
    let (_t, site) = build(&root, &[]);
    let html = read(&site, "account/reset-password/index.html");
    assert!(
        html.contains("<h1 class=\"brand\">Reset your password</h1>"),
        "override used"
    );
    assert!(
        html.contains("Still need help?"),
        "base.html still the default"
    );
    assert!(site.join("static/extra.css").is_file());
    assert!(site.join("static/helpbook.css").is_file());
}

#[test]
fn init_scaffolds_a_help_center_that_builds_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-help");
    helpbook().arg("init").arg(&dir).assert().success();
    assert!(dir.join("book.toml").is_file());
    let out = helpbook()
        .args(["check", "--format", "json", "--root"])
        .arg(&dir)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0, "{json:#}");
    helpbook()
        .args(["build", "--root"])
        .arg(&dir)
        .assert()
        .success();
    assert!(dir.join("site/index.html").is_file());
    assert!(dir.join("site/contact/index.html").is_file());

    // A second init refuses and changes nothing.
    let before = read(&dir, "book.toml");
    fs::write(dir.join("book.toml"), "# mine\n").unwrap();
    let out = helpbook().arg("init").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to overwrite"));
    assert_eq!(read(&dir, "book.toml"), "# mine\n");
    assert!(!before.is_empty());
}

#[test]
fn the_demo_help_center_checks_with_no_warnings() {
    let out = helpbook()
        .args(["check", "--format", "json", "--root"])
        .arg(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The translations cover one category (Spanish) and one page (Arabic):
    // one warning per language lists what is left, and nothing else is said.
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let languages: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .filter(|m| m.contains("have no translation into"))
        .collect();
    assert_eq!(languages.len(), 2, "{json:#}");
    assert!(languages[0].contains("into `es`") && languages[1].contains("into `ar`"));
    assert_eq!(diagnostics.len(), 2, "{json:#}");
    assert!(json["summary"]["articles"].as_u64().unwrap() >= 25);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_demo_site_has_no_dead_internal_links() {
    let (_tmp, site) = build(Path::new(env!("CARGO_MANIFEST_DIR")), &[]);
    let files = tree(&site);
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for url in attr_values(&html, "href") {
            if !url.starts_with('/') || url.starts_with("//") {
                continue;
            }
            let (target, fragment) = match url.trim_start_matches('/').split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (url.trim_start_matches('/'), None),
            };
            let target = target.split('?').next().unwrap();
            let file = if target.is_empty() || target.ends_with('/') {
                format!("{target}index.html")
            } else {
                target.to_string()
            };
            let page = files
                .get(&file)
                .unwrap_or_else(|| panic!("{path}: dead link {url}"));
            if let Some(fragment) = fragment {
                let page = String::from_utf8_lossy(page);
                assert!(
                    page.contains(&format!("id=\"{fragment}\"")),
                    "{path}: {url}: no such anchor"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

#[test]
fn json_format_reports_usage_errors_on_stdout_too() {
    let out = helpbook()
        .args([
            "check",
            "--format",
            "json",
            "--root",
            "/nonexistent-help-center",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert!(json["fatal"].as_str().unwrap().contains("no book.toml"));
}

#[test]
fn timings_name_each_stage_with_its_peak_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = helpbook()
        .args(["build", "--timings", "--root"])
        .arg(fixture("good"))
        .arg("--dest")
        .arg(tmp.path().join("site"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for stage in [
        "theme",
        "load",
        "validate",
        "render + index",
        "search input",
        "of which index",
        "write",
    ] {
        assert!(
            stderr.contains(&format!("  {stage} ")),
            "no `{stage}` in:\n{stderr}"
        );
    }
    if cfg!(target_os = "linux") {
        assert!(stderr.contains("peak memory"), "{stderr}");
    }
    // The parts of rendering come right after it.
    let render = stderr.find("render + index").unwrap();
    assert!(stderr.find("of which index").unwrap() > render, "{stderr}");
}

/// The markup helpbook adds around Markdown speaks the page's language: a
/// table's accessible name ("Table: <heading>") and a callout's title were
/// English on Spanish and Arabic pages when they were hard-coded.
#[test]
fn generated_markup_is_worded_in_the_page_language() {
    let (_tmp, site) = build(Path::new(env!("CARGO_MANIFEST_DIR")), &[]);
    for (page, table, tip) in [
        (
            "account-access/reset-password/index.html",
            "aria-label=\"Table: Reset by text message (SMS)\"",
            "<p class=\"callout-title\">Tip</p>",
        ),
        (
            "es/account-access/reset-password/index.html",
            "aria-label=\"Tabla: Restablecer por mensaje de texto (SMS)\"",
            "<p class=\"callout-title\">Consejo</p>",
        ),
        (
            "ar/account-access/reset-password/index.html",
            "aria-label=\"جدول: إعادة التعيين عبر رسالة نصية (SMS)\"",
            "<p class=\"callout-title\">نصيحة</p>",
        ),
    ] {
        let html = read(&site, page);
        assert!(html.contains(table), "{page}: no {table}");
        assert!(html.contains(tip), "{page}: no {tip}");
        if !page.starts_with("account") {
            assert!(
                !html.contains("aria-label=\"Table"),
                "{page} still names a table in English"
            );
        }
    }
}

/// A folder that holds only images (no article, no `_index.md`, here or
/// inside) is no category: nothing empty on the home page, no page of its
/// own, its images published and linked as they are.
#[test]
fn a_folder_of_images_alone_is_no_category() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::write_files(
        root,
        &[
            ("book.toml", "[book]\ntitle = \"Fixture\"\n"),
            ("content/help/_index.md", "+++\ntitle = \"Help\"\n+++\n"),
            (
                "content/help/reset.md",
                "+++\ntitle = \"Reset your password\"\n+++\n\n![The reset screen](@/images/screens/reset.png)\n",
            ),
        ],
    );
    fs::create_dir_all(root.join("content/images/screens")).unwrap();
    fs::write(
        root.join("content/images/screens/reset.png"),
        b"\x89PNG\r\n\x1a\n",
    )
    .unwrap();
    let dest = root.join("site");
    let out = helpbook()
        .args(["build", "--root"])
        .arg(root)
        .arg("--dest")
        .arg(&dest)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(dest.join("images/screens/reset.png").is_file());
    assert!(!dest.join("images/index.html").exists(), "no category page");
    assert!(!dest.join("images/screens/index.html").exists());
    let home = fs::read_to_string(dest.join("index.html")).unwrap();
    assert!(!home.contains("Images"), "no category on the home page");
    assert!(!home.contains("/images/\""), "no link to a category");
    let article = fs::read_to_string(dest.join("help/reset/index.html")).unwrap();
    assert!(article.contains("src=\"/images/screens/reset.png\""));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("in 1 category"), "{stdout}");
}
