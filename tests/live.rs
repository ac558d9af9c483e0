//! Incremental rebuilds of `helpbook serve` (the `live` module), without the
//! server: which pages an edit re-renders, which problems it finds, and —
//! the property that matters — that after any sequence of edits the pages
//! are exactly what a full build of the same files gives.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use helpbook::pipeline::BuildOptions;
use helpbook::serve::live::{Files, LiveSite, Update};

fn options() -> BuildOptions {
    BuildOptions {
        drafts: false,
        today: jiff::civil::date(2026, 11, 15),
        live: true,
    }
}

/// A copy of `tests/fixtures/<fixture>` (or of the demo for `"demo"`).
fn copy(fixture: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    if fixture.starts_with("demo") {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        common::copy_tree(&repo.join("content"), &root.join("content"));
        fs::copy(repo.join("book.toml"), root.join("book.toml")).unwrap();
        if fixture == "demo-monolingual" {
            // The demo without its translations.
            let config = fs::read_to_string(root.join("book.toml")).unwrap();
            let cut = config.find("\n[language.").expect("the demo has languages");
            fs::write(root.join("book.toml"), &config[..cut]).unwrap();
            for file in common::list_files(&root.join("content")) {
                if file.ends_with(".es.md") || file.ends_with(".ar.md") {
                    fs::remove_file(root.join("content").join(file)).unwrap();
                }
            }
        }
    } else {
        common::copy_tree(&common::fixture_path(fixture), &root);
    }
    (tmp, root)
}

fn edit(root: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    PathBuf::from(file)
}

fn page(files: &Files, path: &str) -> String {
    String::from_utf8_lossy(files.files.get(path).unwrap_or_else(|| panic!("no {path}")))
        .into_owned()
}

fn apply(live: &mut LiveSite, files: &mut Files, paths: &[PathBuf]) -> Update {
    live.apply(files, paths).expect("a help center")
}

#[test]
fn a_body_edit_re_renders_only_that_page() {
    let (_tmp, root) = copy("trees");
    let (mut live, mut files) = LiveSite::build(&root, options()).unwrap();
    assert_eq!(live.counts(), (0, 0));
    let changed = edit(
        &root,
        "content/help/guide.md",
        "Codes expire after",
        "Codes run out after",
    );
    let update = apply(&mut live, &mut files, &[changed]);
    assert!(!update.full);
    assert_eq!(update.rendered, 1, "{update:?}");
    assert_eq!(update.changed, ["help/guide/index.html"]);
    assert!(page(&files, "help/guide/index.html").contains("Codes run out after 10 minutes."));
    assert!(update.fresh.is_empty());
}

#[test]
fn a_title_edit_updates_the_category_and_the_pages_that_list_it() {
    let (_tmp, root) = copy("trees");
    let (mut live, mut files) = LiveSite::build(&root, options()).unwrap();
    let changed = edit(
        &root,
        "content/help/guide.md",
        "title = \"Guide\"",
        "title = \"The codes guide\"",
    );
    let update = apply(&mut live, &mut files, &[changed]);
    assert!(!update.full);
    assert!(
        update.changed.contains(&"help/index.html".to_string()),
        "{update:?}"
    );
    assert!(page(&files, "help/index.html").contains("The codes guide"));
    // The wizard's map names the article its answer leads to.
    assert!(
        update
            .changed
            .contains(&"help/router/map/index.html".to_string()),
        "{update:?}"
    );
    assert!(page(&files, "help/router/map/index.html").contains("The codes guide"));
}

#[test]
fn an_edit_to_a_tree_re_renders_its_steps() {
    let (_tmp, root) = copy("trees");
    let (mut live, mut files) = LiveSite::build(&root, options()).unwrap();
    let changed = edit(
        &root,
        "content/help/router.md",
        "We will confirm it's you.",
        "We will confirm it is you.",
    );
    let update = apply(&mut live, &mut files, &[changed]);
    assert!(!update.full);
    // Five steps and the map.
    assert_eq!(update.rendered, 6, "{update:?}");
    assert_eq!(update.changed, ["help/router/contact/index.html"]);
    // A new step changes the tree's pages: a full build.
    let changed = edit(
        &root,
        "content/help/router.md",
        "- [Still nothing](#contact)",
        "- [Still nothing](#contact)\n- [Other](#other)\n\n## Other {#other .escalate}\n",
    );
    let update = apply(&mut live, &mut files, &[changed]);
    assert!(update.full);
    assert!(files.files.contains_key("help/router/other/index.html"));
}

#[test]
fn errors_appear_and_clear_and_the_last_good_page_stays() {
    let (_tmp, root) = copy("trees");
    let (mut live, mut files) = LiveSite::build(&root, options()).unwrap();
    let good = page(&files, "help/guide/index.html");
    let changed = edit(
        &root,
        "content/help/guide.md",
        "title = \"Guide\"",
        "title = ",
    );
    let update = apply(&mut live, &mut files, std::slice::from_ref(&changed));
    assert!(!update.full);
    assert_eq!(live.counts(), (1, 0));
    assert_eq!(update.fresh.len(), 1);
    let d = &update.fresh[0];
    assert_eq!(d.file.as_deref(), Some(Path::new("content/help/guide.md")));
    assert_eq!(d.line, Some(2));
    assert_eq!(
        page(&files, "help/guide/index.html"),
        good,
        "the last good page is kept"
    );
    // The errors report has the file's text for the excerpt.
    let mut text = codespan_text(&live.errors());
    assert!(text.contains("content/help/guide.md:2"), "{text}");
    // Fixed.
    edit(
        &root,
        "content/help/guide.md",
        "title = ",
        "title = \"Guide again\"",
    );
    let update = apply(&mut live, &mut files, &[changed]);
    assert_eq!(live.counts(), (0, 0));
    assert!(update.fresh.is_empty());
    assert!(page(&files, "help/guide/index.html").contains("Guide again"));
    text = codespan_text(&live.errors());
    assert!(text.is_empty(), "{text}");
}

fn codespan_text(report: &helpbook::base::diagnostic::Report) -> String {
    let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    if !report.sorted().is_empty() {
        helpbook::base::diagnostic::render_human(report, &mut out).unwrap();
    }
    String::from_utf8(out.into_inner()).unwrap()
}

#[test]
fn renaming_a_heading_breaks_the_links_into_it_and_fixing_it_mends_them() {
    let (_tmp, root) = copy("trees");
    let (mut live, mut files) = LiveSite::build(&root, options()).unwrap();
    // guide.md links to `@/help/router.md#where`.
    let changed = edit(
        &root,
        "content/help/router.md",
        "### Where to look {#where}",
        "### Where to look {#where-to-look}",
    );
    let update = apply(&mut live, &mut files, std::slice::from_ref(&changed));
    assert!(!update.full, "{update:?}");
    assert_eq!(live.counts(), (1, 0));
    let d = &update.fresh[0];
    assert_eq!(
        d.file.as_deref(),
        Some(Path::new("content/help/guide.md")),
        "{d:?}"
    );
    assert!(d.message.contains("#where"), "{d:?}");
    edit(
        &root,
        "content/help/router.md",
        "{#where-to-look}",
        "{#where}",
    );
    apply(&mut live, &mut files, &[changed]);
    assert_eq!(live.counts(), (0, 0));
}

#[test]
fn structure_changes_rebuild_everything() {
    let (_tmp, root) = copy("trees");
    let (mut live, mut files) = LiveSite::build(&root, options()).unwrap();
    fs::write(
        root.join("content/help/new.md"),
        "+++\ntitle = \"New\"\n+++\nHello.\n",
    )
    .unwrap();
    let update = apply(
        &mut live,
        &mut files,
        &[PathBuf::from("content/help/new.md")],
    );
    assert!(update.full);
    assert!(files.files.contains_key("help/new/index.html"));
    fs::remove_file(root.join("content/help/new.md")).unwrap();
    let update = apply(
        &mut live,
        &mut files,
        &[PathBuf::from("content/help/new.md")],
    );
    assert!(update.full);
    assert!(!files.files.contains_key("help/new/index.html"));
    // A temporary file that came and went (an editor's save): nothing.
    let update = apply(
        &mut live,
        &mut files,
        &[
            PathBuf::from("content/help/.guide.md.swp"),
            PathBuf::from("content/help/sedAbc123"),
        ],
    );
    assert!(!update.full && update.changed.is_empty(), "{update:?}");
    // book.toml: everything.
    let update = apply(&mut live, &mut files, &[PathBuf::from("book.toml")]);
    assert!(update.full);
}

/// Every page (not the search index) of a live site, for comparison.
fn pages(files: &Files) -> Vec<(String, String)> {
    files
        .files
        .iter()
        .filter(|(k, _)| !k.starts_with("search/live/"))
        .map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).into_owned()))
        .collect()
}

#[test]
fn after_incremental_edits_the_pages_equal_a_full_build() {
    let (_tmp, root) = copy("demo-monolingual");
    let (mut live, mut files) = LiveSite::build(&root, options()).unwrap();
    assert_eq!(live.counts(), (0, 0));
    let steps: Vec<(&str, &str, &str)> = vec![
        // A body edit.
        (
            "content/messaging/unsend-a-message.md",
            "\n## ",
            "\nA new sentence.\n\n## ",
        ),
        // A title: the category, neighbours' related lists, search.
        (
            "content/privacy-safety/private-account.md",
            "title = \"",
            "title = \"Zz ",
        ),
        // An order change: the category list and neighbours.
        (
            "content/messaging/message-requests.md",
            "weight = ",
            "weight = 1",
        ),
        // Promote an article: the home page.
        (
            "content/messaging/disappearing-messages.md",
            "+++\ntitle",
            "+++\npromoted = true\ntitle",
        ),
        // A description shown in lists.
        (
            "content/account-access/backup-codes.md",
            "description = \"",
            "description = \"Updated: ",
        ),
        // The title of an article a tree's answer leads to (the tree's map names it).
        (
            "content/account-access/find-your-account.md",
            "title = \"",
            "title = \"Renamed: ",
        ),
        // A tree's text.
        (
            "content/account-access/recover-your-account.md",
            "\n## ",
            "\nA tree edit.\n\n## ",
        ),
        // Explicit related list.
        (
            "content/messaging/unsend-a-message.md",
            "related = [",
            "related = [\"privacy-safety/private-account.md\", ",
        ),
        // Back to the fallback neighbours.
        (
            "content/messaging/unsend-a-message.md",
            "related = [",
            "# related = [",
        ),
    ];
    for (file, from, to) in steps {
        let changed = edit(&root, file, from, to);
        let update = apply(&mut live, &mut files, &[changed]);
        assert!(!update.full, "{file}: {update:?}");
        assert_eq!(
            live.counts(),
            (0, 0),
            "{file}: {}",
            codespan_text(&live.report())
        );
        let (_, fresh) = LiveSite::build(&root, options()).unwrap();
        let (got, want) = (pages(&files), pages(&fresh));
        let got_keys: Vec<&String> = got.iter().map(|(k, _)| k).collect();
        let want_keys: Vec<&String> = want.iter().map(|(k, _)| k).collect();
        assert_eq!(got_keys, want_keys, "after editing {file}");
        for ((path, a), (_, b)) in got.iter().zip(&want) {
            assert!(
                a == b,
                "after editing {file}, {path} differs from a full build"
            );
        }
    }
}

#[test]
fn an_edit_to_a_translation_re_renders_its_page_only() {
    let (_tmp, root) = copy("demo");
    let (mut live, mut files) = LiveSite::build(&root, options()).unwrap();
    assert!(live.take_search_jobs().all, "every index at first");
    // Nothing to say: the demo's translations are partial on purpose (book.toml
    // says so), which the preview sums up in a line instead of two warnings.
    assert_eq!(live.counts(), (0, 0), "{}", codespan_text(&live.report()));
    let changed = edit(
        &root,
        "content/account-access/reset-password.es.md",
        "\n## ",
        "\nUna frase nueva.\n\n## ",
    );
    let update = apply(&mut live, &mut files, &[changed]);
    assert!(!update.full, "{update:?}");
    assert_eq!(update.rendered, 1, "{update:?}");
    assert_eq!(
        update.changed,
        ["es/account-access/reset-password/index.html"]
    );
    assert!(
        page(&files, "es/account-access/reset-password/index.html").contains("Una frase nueva.")
    );
    // Only the Spanish index is built again.
    let search = live.take_search_jobs();
    assert!(!search.all);
    assert_eq!(search.jobs.keys().copied().collect::<Vec<_>>(), [1]);
    assert!(live.take_search_jobs().is_empty());
    assert_same_as_a_full_build(&root, &live, &files, "the Spanish edit");
}

#[test]
fn a_search_input_given_up_for_a_save_is_gathered_again_later() {
    let (_tmp, root) = copy("demo");
    let (mut live, mut files) = LiveSite::build(&root, options()).unwrap();
    // Given up at the first index: nothing taken, every index still due.
    assert!(live.take_search_jobs_unless(|| true).is_none());
    assert!(live.take_search_jobs().all, "every index still due");
    let changed = edit(
        &root,
        "content/account-access/reset-password.es.md",
        "\n## ",
        "\nUna frase nueva.\n\n## ",
    );
    apply(&mut live, &mut files, &[changed]);
    // A save arrives while the Spanish documents are gathered.
    let mut asked = 0;
    let stop = || {
        asked += 1;
        asked > 5
    };
    assert!(live.take_search_jobs_unless(stop).is_none());
    let search = live
        .take_search_jobs_unless(|| false)
        .expect("nothing stops it");
    assert!(!search.all);
    assert_eq!(search.jobs.keys().copied().collect::<Vec<_>>(), [1]);
    let gathered = &search.jobs[&1].input.documents;
    let fresh = &live.search_jobs()[1].input.documents;
    assert_eq!(format!("{gathered:?}"), format!("{fresh:?}"));
    assert!(format!("{gathered:?}").contains("Una frase nueva."));
    assert!(live.take_search_jobs().is_empty());
}

/// Every problem of a live site, as text, in order.
fn problems(live: &LiveSite) -> Vec<String> {
    let mut all: Vec<String> = live
        .report()
        .sorted()
        .iter()
        .map(|d| format!("{:?}:{:?}: {}", d.file, d.line, d.message))
        .collect();
    all.sort();
    all
}

/// The pages and problems of `live` are those of a fresh build of `root`.
fn assert_same_as_a_full_build(root: &Path, live: &LiveSite, files: &Files, after: &str) {
    let (fresh_live, fresh) = LiveSite::build(root, options()).unwrap();
    assert_eq!(problems(live), problems(&fresh_live), "after {after}");
    let (got, want) = (pages(files), pages(&fresh));
    let got_keys: Vec<&String> = got.iter().map(|(k, _)| k).collect();
    let want_keys: Vec<&String> = want.iter().map(|(k, _)| k).collect();
    assert_eq!(got_keys, want_keys, "after {after}");
    for ((path, a), (_, b)) in got.iter().zip(&want) {
        assert!(a == b, "after {after}, {path} differs from a full build");
    }
}

#[test]
fn after_edits_in_several_languages_the_pages_equal_a_full_build() {
    let (_tmp, root) = copy("demo");
    // Broken links as warnings: pages are still built, with the link as written.
    let config = fs::read_to_string(root.join("book.toml")).unwrap();
    fs::write(
        root.join("book.toml"),
        config.replacen("broken-links = \"error\"", "broken-links = \"warn\"", 1),
    )
    .unwrap();
    let (mut live, mut files) = LiveSite::build(&root, options()).unwrap();
    assert_eq!(live.counts(), (0, 0), "{}", codespan_text(&live.report()));
    // The notice, in each language's words.
    let outdated = "class=\"notice notice-outdated\"";
    let es = "es/account-access/reset-password/index.html";
    let ar = "ar/account-access/reset-password/index.html";
    assert!(!page(&files, es).contains(outdated));
    let steps: Vec<(&str, &str, &str)> = vec![
        // An original's title and body (translated into Spanish).
        (
            "content/account-access/two-factor.md",
            "title = \"",
            "title = \"Zz ",
        ),
        (
            "content/account-access/two-factor.md",
            "\n## ",
            "\nA new sentence.\n\n## ",
        ),
        // A translation's title, order and body.
        (
            "content/account-access/two-factor.es.md",
            "title = \"",
            "title = \"Aa ",
        ),
        (
            "content/account-access/two-factor.es.md",
            "weight = 30",
            "weight = 5",
        ),
        (
            "content/account-access/login-codes.es.md",
            "\n## ",
            "\nUna frase nueva.\n\n## ",
        ),
        // The original updated after its translations: both say they may
        // be out of date.
        (
            "content/account-access/reset-password.md",
            "updated = 2026-10-14",
            "updated = 2026-11-02",
        ),
        // The Spanish one brought up to date: the Arabic one still says so.
        (
            "content/account-access/reset-password.es.md",
            "updated = 2026-10-14",
            "updated = 2026-11-03",
        ),
        // A heading of an original that the Arabic translation links to
        // (login codes are not translated into Arabic): the link breaks in
        // every language, then mends.
        (
            "content/account-access/login-codes.md",
            "{#sms-codes}",
            "{#text-codes}",
        ),
        (
            "content/account-access/login-codes.md",
            "{#text-codes}",
            "{#sms-codes}",
        ),
        // The title of an original that is not translated, linked to from
        // translations.
        (
            "content/privacy-safety/report-content.md",
            "title = \"",
            "title = \"Renamed: ",
        ),
        // A translated troubleshooter's text.
        (
            "content/account-access/recover-your-account.es.md",
            "\n## ",
            "\nUna frase nueva.\n\n## ",
        ),
        // The Arabic one brought up to date too.
        (
            "content/account-access/reset-password.ar.md",
            "updated = 2026-10-14",
            "updated = 2026-11-04",
        ),
    ];
    for (n, (file, from, to)) in steps.into_iter().enumerate() {
        let changed = edit(&root, file, from, to);
        let update = apply(&mut live, &mut files, &[changed]);
        assert!(!update.full, "{file}: {update:?}");
        assert_same_as_a_full_build(&root, &live, &files, &format!("editing {file}"));
        match n {
            5 => {
                assert!(page(&files, es).contains(outdated));
                assert!(page(&files, ar).contains(outdated));
                assert_eq!(live.counts(), (0, 2), "{}", codespan_text(&live.report()));
            }
            6 => {
                assert!(!page(&files, es).contains(outdated));
                assert!(page(&files, ar).contains(outdated));
            }
            7 => {
                assert!(
                    problems(&live)
                        .iter()
                        .any(|p| p.contains("reset-password.ar.md") && p.contains("sms-codes")),
                    "{:?}",
                    problems(&live)
                );
            }
            _ => {}
        }
    }
    assert!(!page(&files, ar).contains(outdated));
    assert_eq!(live.counts(), (0, 0), "{}", codespan_text(&live.report()));
}

#[test]
fn a_translation_added_or_removed_rebuilds_everything_and_the_switcher_follows() {
    let (_tmp, root) = copy("demo");
    let (mut live, mut files) = LiveSite::build(&root, options()).unwrap();
    let en = "account-access/login-codes/index.html";
    let link = "href=\"/ar/account-access/login-codes/\" hreflang=\"ar\"";
    assert!(!page(&files, en).contains(link));
    let original = root.join("content/account-access/login-codes.md");
    let added = root.join("content/account-access/login-codes.ar.md");
    let text = fs::read_to_string(&original)
        .unwrap()
        .replacen("title = \"", "title = \"رموز ", 1);
    fs::write(&added, text).unwrap();
    let update = apply(&mut live, &mut files, std::slice::from_ref(&added));
    assert!(update.full);
    assert!(page(&files, en).contains(link), "{}", page(&files, en));
    assert!(files
        .files
        .contains_key("ar/account-access/login-codes/index.html"));
    assert_same_as_a_full_build(&root, &live, &files, "adding a translation");
    // An edit to it now is incremental.
    let changed = edit(
        &root,
        "content/account-access/login-codes.ar.md",
        "\n## ",
        "\nجملة جديدة.\n\n## ",
    );
    let update = apply(&mut live, &mut files, &[changed]);
    assert!(!update.full);
    assert_same_as_a_full_build(&root, &live, &files, "editing the new translation");
    fs::remove_file(&added).unwrap();
    let update = apply(&mut live, &mut files, &[added]);
    assert!(update.full);
    assert!(!page(&files, en).contains(link));
    assert_same_as_a_full_build(&root, &live, &files, "removing a translation");
}

#[test]
fn two_articles_given_one_title_are_warned_about_until_one_changes() {
    let (_tmp, root) = copy("trees");
    let (mut live, mut files) = LiveSite::build(&root, options()).unwrap();
    assert_eq!(live.counts(), (0, 0));
    let same = |live: &LiveSite| {
        live.report()
            .sorted()
            .iter()
            .filter(|d| d.message.starts_with("two articles are titled"))
            .map(|d| format!("{}: {}", d.file.as_ref().unwrap().display(), d.message))
            .collect::<Vec<_>>()
    };
    let changed = edit(
        &root,
        "content/help/guide.md",
        "title = \"Guide\"",
        "title = \"Sync is stuck\"",
    );
    let update = apply(&mut live, &mut files, &[changed]);
    assert!(!update.full);
    assert_eq!(same(&live).len(), 1, "{:?}", same(&live));
    assert_eq!(update.fresh.len(), 1, "{update:?}");
    // A body edit of either keeps the one warning.
    let changed = edit(
        &root,
        "content/help/guide.md",
        "Codes expire after",
        "Codes run out after",
    );
    apply(&mut live, &mut files, &[changed]);
    assert_eq!(same(&live).len(), 1, "{:?}", same(&live));
    // The other article renamed: the warning goes.
    let changed = edit(
        &root,
        "content/help/fix-sync.md",
        "title = \"Sync is stuck\"",
        "title = \"Sync does not finish\"",
    );
    apply(&mut live, &mut files, &[changed]);
    assert_eq!(same(&live), Vec::<String>::new());
    assert_eq!(live.counts(), (0, 0));
}

/// Whether any search document of `job` has `word` in its body.
fn indexes(job: &helpbook::index::LiveJob, word: &str) -> bool {
    job.input
        .documents
        .iter()
        .any(|d| d.body.as_str().contains(word))
}

#[test]
fn an_edit_to_an_untranslated_original_rebuilds_the_translations_indexes_that_hold_it() {
    let (_tmp, root) = copy("demo");
    let (mut live, mut files) = LiveSite::build(&root, options()).unwrap();
    assert!(live.take_search_jobs().all);
    // Not translated into Spanish or Arabic: their indexes hold it, in English.
    let changed = edit(
        &root,
        "content/business-creator/insights.md",
        "\n## ",
        "\nZanzibarish sentence.\n\n## ",
    );
    let update = apply(&mut live, &mut files, &[changed]);
    assert!(!update.full, "{update:?}");
    let search = live.take_search_jobs();
    assert!(!search.all);
    assert_eq!(search.jobs.keys().copied().collect::<Vec<_>>(), [0, 1, 2]);
    for (n, job) in &search.jobs {
        assert!(indexes(job, "Zanzibarish"), "index {n} lacks the new text");
    }
    // Translated into both: only the original's index.
    let changed = edit(
        &root,
        "content/account-access/reset-password.md",
        "\n## ",
        "\nQuixotically new.\n\n## ",
    );
    apply(&mut live, &mut files, &[changed]);
    let search = live.take_search_jobs();
    assert_eq!(search.jobs.keys().copied().collect::<Vec<_>>(), [0]);
    assert_same_as_a_full_build(&root, &live, &files, "the edits to originals");
}
