//! Search, end to end: the index `helpbook build` writes, queried through the
//! CLI, the library and the committed wasm module under Node.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::OnceLock;

use common::{copy_tree, helpbook, list_files};
use helpbook_search::engine::Request;
use helpbook_search::local::LocalIndex;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The demo help center, built once for this test binary.
fn demo_site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, site) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        // The demo with `site-url = "/"`: results give URLs as paths (with
        // the demo's full site-url, `helpbook search` prints full URLs).
        let root = dir.path().join("demo");
        copy_tree(&repo().join("content"), &root.join("content"));
        let book = fs::read_to_string(repo().join("book.toml")).unwrap();
        let site_url = book.lines().find(|l| l.starts_with("site-url = ")).unwrap();
        fs::write(
            root.join("book.toml"),
            book.replace(site_url, "site-url = \"/\""),
        )
        .unwrap();
        helpbook()
            .args(["build", "-q", "--root"])
            .arg(&root)
            .arg("--dest")
            .arg(&site)
            .assert()
            .success();
        (dir, site)
    });
    site
}

fn index_dir(site: &Path) -> PathBuf {
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(site.join("search/index.json")).unwrap()).unwrap();
    site.join(manifest["dir"].as_str().unwrap())
}

fn search_json(site: &Path, query: &str, extra: &[&str]) -> serde_json::Value {
    let output = helpbook()
        .args(["search", query, "--json", "--site"])
        .arg(site)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "search {query:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn urls(results: &serde_json::Value) -> Vec<String> {
    results["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap().to_owned())
        .collect()
}

/// Realistic reader queries, misspellings included, and the article each
/// must find in its top 3.
const RELEVANCE: &[(&str, &str)] = &[
    ("forgot pasword", "/account-access/reset-password/"),
    (
        "hacked acount email changed",
        "/account-access/hacked-account/",
    ),
    ("unsend message", "/messaging/unsend-a-message/"),
    ("disappearing messages", "/messaging/disappearing-messages/"),
    ("appeal removed post", "/content-removal/appeal-a-removal/"),
    ("2fa codes lost", "/account-access/lost-2fa-device/"),
    (
        "someone logged into my account",
        "/account-access/hacked-account/",
    ),
    ("cant get login code", "/account-access/login-codes/"),
    ("download my data", "/privacy-safety/download-your-data/"),
    ("make acount private", "/privacy-safety/private-account/"),
    ("block someone", "/privacy-safety/block-mute-restrict/"),
    (
        "stop strangers messaging me",
        "/messaging/message-requests/",
    ),
    ("messages not sending", "/messaging/messages-wont-send/"),
    ("end to end encription", "/messaging/end-to-end-encryption/"),
    (
        "copyright strike",
        "/content-removal/copyright-counter-notice/",
    ),
    ("account disabled", "/content-removal/disabled-account/"),
    ("verified badge", "/business-creator/verification-badge/"),
    (
        "payout missing",
        "/business-creator/payouts/missing-payout/",
    ),
    (
        "when do i get paid",
        "/business-creator/payouts/payout-schedule/",
    ),
    (
        "add team member to business",
        "/business-creator/roles-and-team-access/",
    ),
    (
        "who can see my posts",
        "/privacy-safety/who-can-see-your-posts/",
    ),
    (
        "report harassment",
        "/privacy-safety/harassment-and-self-harm/",
    ),
    (
        "switch to creator account",
        "/business-creator/switch-account-type/",
    ),
    ("backup codes", "/account-access/backup-codes/"),
    (
        "suspicious security email",
        "/account-access/security-emails/",
    ),
    ("confirm identity id", "/account-access/confirm-identity/"),
    (
        "counter notice",
        "/content-removal/copyright-counter-notice/",
    ),
    ("passw", "/account-access/reset-password/"),
    ("password", "/account-access/reset-password/"),
    ("contact support", "/contact/"),
    ("talk to a person", "/contact/"),
];

#[test]
fn reader_queries_find_their_article_in_the_top_three() {
    let site = demo_site();
    let mut misses = Vec::new();
    for (query, expected) in RELEVANCE {
        let results = search_json(site, query, &["--limit", "3"]);
        let top: Vec<String> = urls(&results)
            .into_iter()
            .map(|u| u.split('#').next().unwrap_or_default().to_owned())
            .collect();
        if !top.iter().any(|u| u == expected) {
            misses.push(format!("{query:?}: expected {expected}, got {top:?}"));
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn section_hits_link_to_their_heading() {
    let results = search_json(demo_site(), "backup codes", &[]);
    let hits = results["results"].as_array().unwrap();
    let with_anchor = hits
        .iter()
        .flat_map(|h| {
            std::iter::once(h["url"].as_str().unwrap()).chain(
                h["sections"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["url"].as_str().unwrap()),
            )
        })
        .find(|u| u.starts_with("/account-access/two-factor/#"));
    assert!(with_anchor.is_some(), "{results:#}");
    // Every anchor a result links to exists on its page.
    for hit in hits {
        let url = hit["url"].as_str().unwrap();
        if let Some((path, anchor)) = url.split_once('#') {
            let html = fs::read_to_string(
                demo_site()
                    .join(path.trim_start_matches('/'))
                    .join("index.html"),
            )
            .unwrap();
            assert!(html.contains(&format!("id=\"{anchor}\"")), "{url}");
        }
    }
}

#[test]
fn the_category_filter_narrows_results() {
    let all = urls(&search_json(demo_site(), "account", &[]));
    assert!(all.iter().any(|u| !u.starts_with("/business-creator/")));
    let business = urls(&search_json(
        demo_site(),
        "account",
        &["--category", "business-creator"],
    ));
    assert!(!business.is_empty());
    assert!(
        business.iter().all(|u| u.starts_with("/business-creator/")),
        "{business:?}"
    );
    // A sub-category is inside its parent's filter.
    let payouts = urls(&search_json(
        demo_site(),
        "payout",
        &["--category", "business-creator"],
    ));
    assert!(payouts
        .iter()
        .any(|u| u.starts_with("/business-creator/payouts/")));
}

#[test]
fn hostile_queries_are_searched_leniently() {
    let long = "password ".repeat(1_200);
    for query in [
        "\"",
        ":",
        "(((",
        "title:",
        "a\"b",
        "[x] AND (y OR",
        "*",
        "🔐🙂",
        "كلمة المرور",
        "סיסמה",
        &long[..10_000],
        "\u{7}",
        "-",
        "\\",
    ] {
        let output = helpbook()
            .args(["search", query, "--json", "--site"])
            .arg(demo_site())
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{query:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let _: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    }
    // Quotes are phrases; an unbalanced one is ignored.
    assert!(!urls(&search_json(demo_site(), "\"backup codes\"", &[])).is_empty());
    assert!(!urls(&search_json(demo_site(), "backup \"codes", &[])).is_empty());
}

#[test]
fn human_output_lists_title_url_and_excerpt() {
    let output = helpbook()
        .args(["search", "forgot pasword", "--limit", "2", "--site"])
        .arg(demo_site())
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("1. Reset a forgotten password\n"),
        "{text}"
    );
    assert!(
        text.contains("   /account-access/reset-password/\n"),
        "{text}"
    );
    assert!(!text.contains("<mark>"), "{text}");
    assert!(text.contains("2. "), "{text}");
    // Excerpts are text in a terminal: no HTML entities (the engine escapes
    // an apostrophe as `&#x27;`).
    let apostrophe = helpbook()
        .args(["search", "code doesn't arrive", "--limit", "3", "--site"])
        .arg(demo_site())
        .output()
        .unwrap();
    let apostrophe = String::from_utf8(apostrophe.stdout).unwrap();
    assert!(
        apostrophe.contains("doesn't") || apostrophe.contains("doesn’t"),
        "{apostrophe}"
    );
    assert!(!apostrophe.contains("&#"), "{apostrophe}");
    assert!(!text.contains("3. "), "{text}");
    let none = helpbook()
        .args(["search", "zzzzqqqq", "--site"])
        .arg(demo_site())
        .output()
        .unwrap();
    assert!(String::from_utf8(none.stdout)
        .unwrap()
        .contains("No results"));
}

/// Each hit says whether it has every word and which it lacks; a word the
/// index does not know is lacking from every hit (before, the results read
/// as if they had it); hits with every word come first.
#[test]
fn hits_say_which_words_they_have() {
    let hits = |query: &str| -> Vec<serde_json::Value> {
        search_json(demo_site(), query, &["--limit", "30"])["results"]
            .as_array()
            .unwrap()
            .clone()
    };
    let unknown = hits("reset xyzzyq");
    assert!(unknown.len() >= 3);
    for hit in &unknown {
        assert_eq!(hit["all_words"], false, "{hit}");
        assert_eq!(hit["missing_words"], serde_json::json!(["xyzzyq"]), "{hit}");
    }
    let mixed = hits("reset pasword");
    let first_some = mixed.iter().position(|h| h["all_words"] == false).unwrap();
    assert!(first_some >= 3, "{first_some}");
    for hit in &mixed[..first_some] {
        assert_eq!(hit["missing_words"], serde_json::json!([]), "{hit}");
    }
    for hit in &mixed[first_some..] {
        assert_eq!(
            hit["all_words"], false,
            "hits with every word come first: {hit}"
        );
        let missing = hit["missing_words"].as_array().unwrap();
        assert!(missing == &["reset"] || missing == &["pasword"], "{hit}");
    }
    // The variant a hit matched is the one marked: "reset", not "resend".
    let reset = hits("reset");
    let codes = reset
        .iter()
        .find(|h| h["title"] == "Login codes that never arrive")
        .unwrap();
    assert_eq!(
        codes["matched_terms"],
        serde_json::json!(["reset"]),
        "{codes}"
    );
    assert!(!codes["excerpt_html"]
        .as_str()
        .unwrap()
        .contains("<mark>resend"));
}

/// A word the index has is not read as a typo: "reset" finds and marks
/// "reset" only, never "restrict", "restart" or "rest" in pages without it
/// (before, those pages were results, with "Restrict" highlighted). A
/// word the index lacks is still corrected, and the word being typed still
/// completes.
#[test]
fn a_word_the_index_has_gets_no_typo_variants() {
    let hits = |query: &str| -> Vec<serde_json::Value> {
        search_json(demo_site(), query, &["--limit", "30"])["results"]
            .as_array()
            .unwrap()
            .clone()
    };
    let reset = hits("reset");
    assert!(reset.len() >= 5, "{reset:?}");
    for hit in &reset {
        assert_eq!(hit["matched_terms"], serde_json::json!(["reset"]), "{hit}");
        let excerpt = hit["excerpt_html"].as_str().unwrap().to_lowercase();
        for mark in excerpt.split("<mark>").skip(1) {
            assert!(mark.starts_with("reset"), "{hit}");
        }
    }
    assert!(
        !reset
            .iter()
            .any(|h| h["title"] == "Block, mute or restrict someone"),
        "{reset:?}"
    );
    let typo = hits("pasword");
    assert_eq!(typo[0]["title"], "Reset a forgotten password", "{typo:?}");
    assert_eq!(typo[0]["matched_terms"], serde_json::json!(["password"]));
    let typing = hits("reset passw");
    assert_eq!(
        typing[0]["title"], "Reset a forgotten password",
        "{typing:?}"
    );
}

/// A word typed in two parts finds the pages that write it as one: "pass
/// word" finds "password" (both parts count as found, and it is marked).
#[test]
fn a_compound_typed_as_two_words_is_found() {
    let results = search_json(demo_site(), "forgot pass word", &["--limit", "5"]);
    let first = &results["results"][0];
    assert_eq!(first["title"], "Reset a forgotten password", "{results}");
    assert_eq!(first["all_words"], true, "{first}");
    assert!(
        first["matched_terms"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("password")),
        "{first}"
    );
}

/// The text output lists hits with only some of the words after a line
/// saying so, each with the words it lacks.
#[test]
fn human_output_sets_apart_hits_with_some_words() {
    let output = helpbook()
        .args(["search", "reset pasword", "--limit", "30", "--site"])
        .arg(demo_site())
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let (all, some) = text
        .split_once("— Results with only some of your words —\n")
        .expect(&text);
    assert!(!all.contains("Missing:"), "{text}");
    assert!(
        some.contains("   Missing: reset\n") || some.contains("   Missing: pasword\n"),
        "{text}"
    );
}

#[test]
fn search_errors_are_clear() {
    let empty = tempfile::tempdir().unwrap();
    let run = helpbook()
        .args(["search", "password", "--site"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("run `helpbook build` first"));

    let run = helpbook()
        .args(["search", "password", "--category", "nope", "--site"])
        .arg(demo_site())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("account-access"));

    let run = helpbook()
        .args(["search", "password", "--limit", "0", "--site"])
        .arg(demo_site())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
}

/// A small help center of its own, with a hostile title and search settings.
/// Builds the help center at `root` into its `site` folder (quietly; the
/// build must succeed).
fn build(root: &Path) {
    helpbook()
        .args(["build", "-q", "--root"])
        .arg(root)
        .assert()
        .success();
}

fn fixture_with(book_extra: &str, articles: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("hc");
    fs::create_dir_all(root.join("content/safety")).unwrap();
    fs::write(
        root.join("book.toml"),
        format!("[book]\ntitle = \"Test\"\n[output.html]\nsite-url = \"/help/\"\n{book_extra}"),
    )
    .unwrap();
    for (name, text) in articles {
        fs::write(root.join("content/safety").join(name), text).unwrap();
    }
    (dir, root)
}

#[test]
fn markup_in_titles_is_text_in_results() {
    let (_dir, root) = fixture_with(
        "",
        &[(
            "xss.md",
            "+++\ntitle = \"<img src=x onerror=alert(1)>\"\n+++\nThis article has a hostile title and a <script>alert(2)</script> tag.\n",
        )],
    );
    build(&root);
    let results = search_json(&root.join("site"), "hostile", &[]);
    let hit = &results["results"][0];
    assert_eq!(hit["title"], "<img src=x onerror=alert(1)>");
    assert_eq!(hit["title_html"], "&lt;img src=x onerror=alert(1)&gt;");
    assert!(
        !hit["excerpt_html"].as_str().unwrap().contains("<script"),
        "{hit}"
    );
    assert_eq!(hit["url"], "/help/safety/xss/");
}

#[test]
fn synonyms_from_book_toml_find_each_other() {
    let (_dir, root) = fixture_with(
        "[output.html.search]\nsynonyms = [\"2fa, two-factor, mfa\"]\n",
        &[(
            "tf.md",
            "+++\ntitle = \"Turn on two-factor authentication\"\n+++\nAdd a second step when you log in.\n",
        )],
    );
    build(&root);
    let results = search_json(&root.join("site"), "mfa", &[]);
    assert_eq!(urls(&results), ["/help/safety/tf/"]);
}

#[test]
fn built_in_synonyms_apply_unless_turned_off() {
    let article = (
        "junk.md",
        "+++\ntitle = \"Emails land in the junk folder\"\n+++\nMark the sender as safe.\n",
    );
    for (extra, expected) in [
        ("", vec!["/help/safety/junk/"]),
        ("[output.html.search]\nbuiltin-synonyms = false\n", vec![]),
    ] {
        let (_dir, root) = fixture_with(extra, &[article]);
        build(&root);
        let results = search_json(&root.join("site"), "spam", &[]);
        assert_eq!(urls(&results), expected, "{extra}");
    }
}

#[test]
fn search_can_be_turned_off() {
    let (_dir, root) = fixture_with(
        "[output.html.search]\nenable = false\n",
        &[("a.md", "+++\ntitle = \"A\"\n+++\nText.\n")],
    );
    build(&root);
    let files = list_files(&root.join("site"));
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("search/") && f != "search/index.html"),
        "{files:?}"
    );
    let html = fs::read_to_string(root.join("site/safety/a/index.html")).unwrap();
    assert!(!html.contains(".wasm"));
}

#[test]
fn the_index_is_deterministic_and_content_addressed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("hc");
    copy_tree(&repo().join("content"), &root.join("content"));
    fs::copy(repo().join("book.toml"), root.join("book.toml")).unwrap();
    let read_search = |site: &Path| -> BTreeMap<String, Vec<u8>> {
        list_files(&site.join("search"))
            .into_iter()
            .map(|f| {
                let bytes = fs::read(site.join("search").join(&f)).unwrap();
                (f, bytes)
            })
            .collect()
    };
    for dest in ["a", "b"] {
        helpbook()
            .args(["build", "-q", "--root"])
            .arg(&root)
            .arg("--dest")
            .arg(dir.path().join(dest))
            .assert()
            .success();
    }
    let a = read_search(&dir.path().join("a"));
    assert!(a.keys().any(|f| f.ends_with("/hot.bin")), "{:?}", a.keys());
    assert_eq!(a, read_search(&dir.path().join("b")));
    // No tantivy segment id or timestamp leaks into the files.
    assert!(!a
        .keys()
        .any(|f| f.contains("meta.json") || f.contains(".idx")));

    // An edit gives a new index folder, so cached pages never go stale.
    // (An article the Spanish translation has: its index holds the
    // originals it lacks, so an edit to one of those changes it too.)
    let article = root.join("content/account-access/two-factor.md");
    let text = fs::read_to_string(&article).unwrap();
    fs::write(&article, text.replace("two-factor", "two-step")).unwrap();
    helpbook()
        .args(["build", "-q", "--root"])
        .arg(&root)
        .arg("--dest")
        .arg(dir.path().join("c"))
        .assert()
        .success();
    let c = read_search(&dir.path().join("c"));
    // The original language's index (the demo has translations, whose
    // indexes this edit does not touch).
    let hot = |files: &BTreeMap<String, Vec<u8>>| {
        let manifest: serde_json::Value = serde_json::from_slice(&files["index.json"]).unwrap();
        let hot = manifest["hot"].as_str().unwrap().to_string();
        assert!(
            files.contains_key(hot.trim_start_matches("search/")),
            "{hot}"
        );
        hot
    };
    assert_ne!(hot(&a), hot(&c));
    let translation = |files: &BTreeMap<String, Vec<u8>>| files["index.es.json"].clone();
    assert_eq!(
        translation(&a),
        translation(&c),
        "the Spanish index did not change"
    );
}

#[test]
fn pages_reference_the_hashed_search_files() {
    let html = fs::read_to_string(demo_site().join("index.html")).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(demo_site().join("search/index.json")).unwrap()).unwrap();
    for key in ["hot", "wasm", "worker"] {
        let path = manifest[key].as_str().unwrap();
        assert!(
            html.contains(&format!("/{path}")),
            "{key}: {path} not in the home page"
        );
        assert!(demo_site().join(path).is_file());
    }
}

// ------------------------------------------------------------------ wasm

/// The committed modules (the engine and the stemmers) are rebuilt whenever
/// the search crate changes.
#[test]
fn the_committed_wasm_matches_its_sources() {
    let mut files = vec![
        "search/Cargo.toml".to_owned(),
        "search/wasm/Cargo.toml".to_owned(),
        "search/wasm/Cargo.lock".to_owned(),
    ];
    for dir in [
        "search/src",
        "search/wasm/src",
        "search/wasm/stem",
        "search/wasm/shim",
    ] {
        for entry in walkdir::WalkDir::new(repo().join(dir)) {
            let entry = entry.unwrap();
            let path = entry.path();
            let hashed = path.extension().is_some_and(|e| e == "rs")
                || (dir.starts_with("search/wasm/s")
                    && path.file_name().is_some_and(|n| n == "Cargo.toml"));
            if entry.file_type().is_file() && hashed {
                let relative = entry.path().strip_prefix(repo()).unwrap();
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
    for file in &files {
        sha2::Digest::update(&mut hasher, file.as_bytes());
        sha2::Digest::update(&mut hasher, [0]);
        sha2::Digest::update(&mut hasher, fs::read(repo().join(file)).unwrap());
        sha2::Digest::update(&mut hasher, [0]);
    }
    let hash: String = sha2::Digest::finalize(hasher)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let recorded = fs::read_to_string(repo().join("search/wasm/SOURCE_HASH")).unwrap();
    assert_eq!(
        recorded.trim(),
        hash,
        "search/wasm/helpbook_search.wasm is stale: run `bash scripts/build-wasm.sh` and commit the result"
    );
}

/// Runs the committed wasm module through the worker script under Node.
fn wasm_results(site: &Path, queries: &[&str]) -> Vec<serde_json::Value> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(site.join("search/index.json")).unwrap()).unwrap();
    let script = r#"
const fs = require('fs');
const path = require('path');
const [worker, site, hot, dir, wasm, queries] = process.argv.slice(1);
const hs = require(worker);
(async () => {
  const module = await WebAssembly.compile(fs.readFileSync(path.join(site, wasm)));
  const index = await hs.openIndex({
    module,
    fetchBytes: async (url) => new Uint8Array(fs.readFileSync(path.join(site, url))),
    hotUrl: hot,
    dirUrl: dir,
  });
  const out = [];
  for (const q of JSON.parse(queries)) out.push((await index.search(q, { limit: 10 })).results);
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
"#;
    let worker = repo().join("search/js/helpbook-search.js");
    let queries = serde_json::to_string(queries).unwrap();
    node_json(
        script,
        &[
            worker.as_os_str(),
            site.as_os_str(),
            manifest["hot"].as_str().unwrap().as_ref(),
            manifest["dir"].as_str().unwrap().as_ref(),
            manifest["wasm"].as_str().unwrap().as_ref(),
            queries.as_ref(),
        ],
    )
}

/// Runs `script` under Node with `args` and reads what it prints as JSON.
fn node_json<T: serde::de::DeserializeOwned>(script: &str, args: &[&std::ffi::OsStr]) -> T {
    let output = Process::new("node")
        .arg("-e")
        .arg(script)
        .args(args)
        .output()
        .expect("node is needed for the wasm tests (it is installed with the e2e suite)");
    assert!(
        output.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn wasm_in_node_ranks_exactly_like_the_native_engine() {
    let site = demo_site();
    let mut queries: Vec<&str> = RELEVANCE.iter().map(|(q, _)| *q).collect();
    queries.extend([
        "\"backup codes\"",
        "account",
        "(((",
        "password zebra",
        "كلمة",
        // Synonyms (a word's, a phrase's) and filler words.
        "log in problem",
        "direct message not working",
        "2fa",
        "get rid of spam",
        "reset pasword",
        "reset xyzzyq",
        "acount",
    ]);
    let wasm = wasm_results(site, &queries);
    let native = LocalIndex::open(&index_dir(site)).unwrap();
    for (query, from_wasm) in queries.iter().zip(&wasm) {
        let request = Request {
            text: (*query).to_owned(),
            category: None,
            limit: 10,
        };
        let (results, _) = native.search(&request).unwrap();
        let from_native: serde_json::Value = serde_json::from_str(&results.to_json()).unwrap();
        assert_eq!(&from_native, from_wasm, "query {query:?}");
    }
}

/// The browser's engine stems through the stemmer module the index carries;
/// without it (a worker script that did not load it) every search is an
/// error saying so, never results that silently miss inflected words.
#[test]
fn the_wasm_engine_refuses_to_search_without_its_stemmer() {
    let site = demo_site();
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(site.join("search/index.json")).unwrap()).unwrap();
    let script = r#"
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const [site, hot, wasmFile] = process.argv.slice(1);
(async () => {
  const env = { hb_stem: () => -1 };
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(path.join(site, wasmFile)), { env });
  const w = instance.exports;
  const put = (bytes) => { const p = w.hb_alloc(bytes.length); new Uint8Array(w.memory.buffer, p, bytes.length).set(bytes); return p; };
  const out = () => Buffer.from(new Uint8Array(w.memory.buffer, w.hb_output_ptr(), w.hb_output_len())).toString();
  const bytes = zlib.gunzipSync(fs.readFileSync(path.join(site, hot)));
  if (w.hb_open(put(bytes), bytes.length) !== 0) throw new Error('open: ' + out());
  const stemmer = w.hb_stemmer();
  const q = Buffer.from('passwords');
  const status = w.hb_search(put(q), q.length, 0, 0, 10);
  process.stdout.write(JSON.stringify({ stemmer, status, message: out() }));
})().catch((e) => { console.error(e); process.exit(1); });
"#;
    let result: serde_json::Value = node_json(
        script,
        &[
            site.as_os_str(),
            manifest["hot"].as_str().unwrap().as_ref(),
            manifest["wasm"].as_str().unwrap().as_ref(),
        ],
    );
    assert!(result["stemmer"].as_u64().unwrap() > 1000, "{result}");
    assert_eq!(result["status"], -1, "{result}");
    assert_eq!(
        result["message"], "the english stemmer module is not loaded",
        "{result}"
    );
}

/// A browser's download before the first result (engine + index start) over
/// `size-budget` is a warning (the site is still built); a bad size an error.
#[test]
fn the_search_download_budget_warns() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::copy_tree(&common::fixture_path("trees"), &root);
    let book = root.join("book.toml");
    let text = std::fs::read_to_string(&book).unwrap();
    std::fs::write(
        &book,
        format!("{text}\n[output.html.search]\nsize-budget = \"100 KB\"\n"),
    )
    .unwrap();
    let dest = tmp.path().join("out");
    let run = common::run(&[
        "build".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--dest".as_ref(),
        dest.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    let report = run.json();
    let warning = common::diagnostics(&report)
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap_or_default()
                .contains("over the 0.1 MB size-budget")
        })
        .unwrap_or_else(|| panic!("no budget warning: {report:#}"));
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["file"], "book.toml");
    // Within the default budget (5 MB): no warning.
    std::fs::write(&book, &text).unwrap();
    let run = common::check_json(&root);
    assert!(!run.stdout.contains("size-budget"), "{}", run.stdout);
}

#[test]
fn a_translations_search_finds_the_articles_it_lacks_in_the_original_language() {
    let articles = [
        (
            "payouts.md",
            "+++\ntitle = \"Missing payout\"\n+++\nWhen a payout is late, check your bank details.\n",
        ),
        (
            "reset.md",
            "+++\ntitle = \"Reset your password\"\n+++\nUse the reset link we email you.\n",
        ),
        (
            "reset.es.md",
            "+++\ntitle = \"Restablecer la contraseña\"\n+++\nUsa el enlace que te enviamos.\n",
        ),
    ];
    let es = "[language.es]\nname = \"Español\"\npartial = true\n";
    for (extra, expected) in [
        ("", vec!["/help/safety/payouts/"]),
        ("[output.html.search]\nuntranslated = false\n", vec![]),
    ] {
        let (_dir, root) = fixture_with(&format!("{es}{extra}"), &articles);
        build(&root);
        let site = root.join("site");
        // The original's page, not a missing /es/ one, labelled English.
        let results = search_json(&site, "payout", &["--language", "es"]);
        assert_eq!(urls(&results), expected, "{extra}");
        if !expected.is_empty() {
            assert_eq!(results["results"][0]["language"], "en");
        }
        // The translated article is found in Spanish only, as before.
        let results = search_json(&site, "contraseña", &["--language", "es"]);
        assert_eq!(urls(&results), ["/help/es/safety/reset/"], "{extra}");
        assert!(results["results"][0]["language"].is_null());
        // The original's own index is unchanged.
        let results = search_json(&site, "payout", &[]);
        assert!(results["results"][0]["language"].is_null());
    }
}

#[test]
fn the_words_other_pages_link_to_an_article_with_find_it() {
    let articles = [
        (
            "payouts.md",
            "+++\ntitle = \"Missing payout\"\n+++\nWhen a payout is late, check your bank details.\n",
        ),
        (
            "earnings.md",
            "+++\ntitle = \"Your earnings\"\n+++\nIf your money never reached the bank, see [transfer that never arrived](payouts.md).\n",
        ),
    ];
    let (_dir, root) = fixture_with("", &articles);
    build(&root);
    // "transfer" and "arrived" are only in the link's text: the page it
    // links to has every word, as the page that holds the link does.
    let results = search_json(&root.join("site"), "transfer never arrived", &[]);
    let payouts = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hit| hit["url"] == "/help/safety/payouts/")
        .unwrap_or_else(|| panic!("the linked page is found: {results:#}"));
    assert_eq!(payouts["all_words"], true);
}

/// Issues 21 and 22: an article is one search document, and its result
/// still finds its sections from its card: a long article whose lead never
/// names "quarantine" links to the section whose heading does, with the
/// word marked in that section's excerpt; its other sections with the
/// word are listed under it; a word in three sections is one matched
/// document, not four (before, each section was a document of its own);
/// a troubleshooter's result lists the steps with the word.
#[test]
fn sections_are_found_from_one_document_per_article() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("help");
    let filler = "Nothing in this sentence names the word readers look for here. ".repeat(12);
    let article = format!(
        "+++\ntitle = \"Keep your inbox tidy\"\ndescription = \"Folders, filters and more.\"\n+++\n\
         {filler}\n\n## Sort with folders {{#folders}}\n\n{filler}\n\n\
         ## Files in quarantine {{#quarantine}}\n\nA file in quarantine waits for a scan. {filler}\n\n\
         ## Empty the trash {{#trash}}\n\n{filler} Items you restore from quarantine come back here.\n"
    );
    let tree = "+++\ntitle = \"Fix a stuck upload\"\nkind = \"troubleshooter\"\nstart = \"start\"\n+++\n\n\
        ## Does the upload stop at once? {#start}\n\n- [Yes](#check)\n- [No](#done)\n\n\
        ## Check the quarantine folder {#check}\n\nA blocked upload waits in quarantine.\n\n- [Found it](#done)\n\n\
        ## It works {#done .resolved}\n\nGood.\n";
    common::write_files(
        &root,
        &[
            (
                "book.toml",
                "[book]\ntitle = \"Sections\"\nlanguage = \"en\"\n",
            ),
            ("content/mail/_index.md", "+++\ntitle = \"Mail\"\n+++\n"),
            ("content/mail/inbox.md", &article),
            ("content/mail/upload.md", tree),
        ],
    );
    let site = dir.path().join("site");
    let built = common::build_to(&root, &site);
    assert_eq!(built.code, Some(0), "{built:?}");
    let results = search_json(&site, "quarantine", &[]);
    assert_eq!(results["matched_documents"], 2, "{results:#}");
    let hits = results["results"].as_array().unwrap();
    let inbox = hits
        .iter()
        .find(|h| h["title"] == "Keep your inbox tidy")
        .unwrap_or_else(|| panic!("{results:#}"));
    assert_eq!(inbox["url"], "/mail/inbox/#quarantine", "{inbox:#}");
    assert_eq!(inbox["section"], "Files in quarantine", "{inbox:#}");
    // The section's heading is marked like the page's title.
    assert_eq!(
        inbox["section_html"], "Files in <mark>quarantine</mark>",
        "{inbox:#}"
    );
    let excerpt = inbox["excerpt_html"].as_str().unwrap();
    assert!(
        excerpt.starts_with("A file in <mark>quarantine</mark>"),
        "{excerpt}"
    );
    let subs: Vec<&str> = inbox["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["url"].as_str().unwrap())
        .collect();
    assert_eq!(subs, ["/mail/inbox/#trash"], "{inbox:#}");
    let sub = &inbox["sections"][0]["excerpt_html"];
    assert!(
        sub.as_str().unwrap().contains("<mark>quarantine</mark>"),
        "{sub}"
    );
    let tree = hits
        .iter()
        .find(|h| h["title"] == "Fix a stuck upload")
        .unwrap_or_else(|| panic!("{results:#}"));
    assert_eq!(tree["kind"], "step", "{tree:#}");
    assert_eq!(tree["url"], "/mail/upload/check/", "{tree:#}");
    assert_eq!(tree["section"], "Check the quarantine folder", "{tree:#}");
    assert_eq!(
        tree["section_html"], "Check the <mark>quarantine</mark> folder",
        "{tree:#}"
    );
    // A sub-result's heading is marked too.
    let results = search_json(&site, "trash quarantine", &[]);
    let inbox = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["title"] == "Keep your inbox tidy")
        .unwrap_or_else(|| panic!("{results:#}"))
        .clone();
    let titles: Vec<(&str, &str)> = inbox["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["title"].as_str().unwrap(),
                s["title_html"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        inbox["section_html"], "Empty the <mark>trash</mark>",
        "{inbox:#}"
    );
    assert_eq!(
        titles,
        [("Files in quarantine", "Files in <mark>quarantine</mark>")],
        "{inbox:#}"
    );
}
