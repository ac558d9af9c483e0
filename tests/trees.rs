//! Troubleshooting trees through the CLI: every validation rule on a broken
//! fixture (`tests/fixtures/broken/tree-*`), and the pages, links, progress
//! numbers, support requests, search documents and diagrams of a good one
//! (`tests/fixtures/trees`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{build_to, check_json, diagnostics, fixture_path, run, write_files};
use serde_json::Value;

/// One rule: the case, and the diagnostic it must produce.
struct Rule {
    case: &'static str,
    severity: &'static str,
    file: &'static str,
    line: u64,
    message: &'static str,
    help: &'static str,
}

const TREE: &str = "content/help/tree.md";

const RULES: &[Rule] = &[
    Rule {
        case: "tree-missing-start",
        severity: "error",
        file: TREE,
        line: 6,
        message: "this troubleshooter has no steps: there is no start node",
        help: "## Can you receive a login code? {#start}",
    },
    Rule {
        case: "tree-bad-start",
        severity: "error",
        file: TREE,
        line: 4,
        message: "`start` is \"begining\", but no step has that id",
        help: "did you mean \"beginning\"?",
    },
    Rule {
        case: "tree-unknown-target",
        severity: "error",
        file: TREE,
        line: 9,
        message: "choice \"No\" points to `#contcat`, but no step has that id",
        help: "did you mean `#contact`?",
    },
    Rule {
        case: "tree-unknown-article",
        severity: "error",
        file: TREE,
        line: 9,
        message: "link to a missing file: `@/help/no-such-article.md`",
        help: "check the path",
    },
    Rule {
        case: "tree-duplicate-id",
        severity: "error",
        file: TREE,
        line: 12,
        message: "two steps have the id `done` (the first is on line 10)",
        help: "give each step its own id",
    },
    Rule {
        case: "tree-empty-label",
        severity: "error",
        file: TREE,
        line: 8,
        message: "a choice in step `start` has no label",
        help: "between the brackets",
    },
    Rule {
        case: "tree-identical-labels",
        severity: "error",
        file: TREE,
        line: 10,
        message: "step `start` has two choices labelled \"yes\" (the first is on line 8)",
        help: "reword one",
    },
    Rule {
        case: "tree-dead-end",
        severity: "error",
        file: TREE,
        line: 13,
        message: "step `stuck` is a dead end",
        help: "{#stuck .resolved}",
    },
    Rule {
        case: "tree-trap",
        severity: "error",
        file: TREE,
        line: 13,
        message: "step `restart` is a trap: no choice from here ever reaches an end (restart → check → restart)",
        help: "go round in circles",
    },
    Rule {
        case: "tree-unreachable",
        severity: "warning",
        file: TREE,
        line: 12,
        message: "step `forgotten` can't be reached from the start (`start`)",
        help: "link to it from another step's choices",
    },
    Rule {
        case: "tree-long-path",
        severity: "warning",
        file: TREE,
        line: 54,
        message: "step `s12` is 13 steps from the start",
        help: "shortcut",
    },
    Rule {
        case: "tree-unknown-value",
        severity: "error",
        file: TREE,
        line: 8,
        message: "unknown value `{{ code-validty }}`",
        help: "did you mean `{{ code-validity }}`?",
    },
    Rule {
        case: "tree-unknown-channel",
        severity: "error",
        file: TREE,
        line: 4,
        message: "`support-channel` is \"Emial\", but book.toml has no such channel",
        help: "did you mean \"Email\"?",
    },
    Rule {
        case: "tree-bad-kind",
        severity: "error",
        file: TREE,
        line: 3,
        message: "`kind` must be \"article\", \"troubleshooter\" or \"wizard\", not \"troubleshooting\"",
        help: "did you mean \"troubleshooter\"?",
    },
];

#[test]
fn every_tree_rule_names_file_line_and_a_fix() {
    for rule in RULES {
        let root = fixture_path(&format!("broken/{}", rule.case));
        let run = check_json(&root);
        run.assert_no_panic(rule.case);
        let expected_code = if rule.severity == "error" { 1 } else { 0 };
        assert_eq!(run.code, Some(expected_code), "{}: {run:#?}", rule.case);
        let report = run.json();
        let diags = diagnostics(&report);
        let found = diags.iter().find(|d| {
            d["severity"] == rule.severity
                && d["file"] == rule.file
                && d["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(rule.message))
        });
        let Some(d) = found else {
            panic!(
                "{}: no {} {:?}; got:\n{report:#}",
                rule.case, rule.severity, rule.message
            );
        };
        assert_eq!(d["line"], rule.line, "{}: {d:#}", rule.case);
        assert!(d["column"].as_u64().is_some_and(|c| c >= 1), "{d:#}");
        let help = d["help"].as_str().unwrap_or_default();
        assert!(help.contains(rule.help), "{}: help {help:?}", rule.case);
        // One problem, one diagnostic: no knock-on reports.
        assert_eq!(diags.len(), 1, "{}: {report:#}", rule.case);
    }
}

#[test]
fn a_broken_tree_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let run = build_to(&fixture_path("broken/tree-trap"), &dest);
    run.assert_no_panic("build");
    assert_eq!(run.code, Some(1), "{run:#?}");
    assert!(!dest.exists());
    assert!(
        run.stderr.contains("content/help/tree.md:13"),
        "{}",
        run.stderr
    );
}

/// The good fixture, built once for the tests below.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = SITE.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("site");
        let run = build_to(&fixture_path("trees"), &dest);
        assert_eq!(run.code, Some(0), "{run:#?}");
        // No warning but the one for its missing `site-url` (left out so
        // URLs read as paths here).
        let others = run
            .stderr
            .lines()
            .filter(|l| l.starts_with("warning:") && !l.contains("`site-url`"));
        assert_eq!(others.count(), 0, "{}", run.stderr);
        (tmp, dest)
    });
    path
}

fn page(path: &str) -> String {
    let file = site().join(path).join("index.html");
    fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

fn title(html: &str) -> &str {
    let start = html.find("<title>").unwrap() + 7;
    let end = html[start..].find("</title>").unwrap() + start;
    &html[start..end]
}

fn h1(html: &str) -> &str {
    let start = html.find("<h1").unwrap();
    let start = html[start..].find('>').unwrap() + start + 1;
    let end = html[start..].find("</h1>").unwrap() + start;
    &html[start..end]
}

#[test]
fn every_step_has_its_own_page() {
    for (path, question) in [
        ("help/router", "Can you sign in anywhere?"),
        ("help/router/inside", "Secure your account from inside"),
        ("help/router/code", "Did a login code arrive?"),
        ("help/router/no-code", "No code arrived"),
        ("help/router/contact", "Contact the recovery team"),
        // `start = "begin"`: the tree's own URL shows that step.
        ("help/fix-sync", "Does it sync at all?"),
        ("help/fix-sync/other", "Is it only one device?"),
        ("help/fix-sync/restart", "Restart the app"),
    ] {
        assert_eq!(h1(&page(path)), question, "{path}");
    }
    assert!(!site().join("help/router/start").exists());
    assert!(!site().join("help/fix-sync/begin").exists());
    // Every step is in the sitemap.
    let sitemap = fs::read_to_string(site().join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>/help/router/no-code/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn answers_are_links_to_the_next_step_or_article() {
    let start = page("help/router");
    assert!(start.contains(r#"<a class="choice" href="/help/router/inside/" data-to="inside" data-choice="0"><span class="choice-label">Yes, on my phone</span><span class="choice-hint">the app still works</span></a>"#), "{start}");
    assert!(start.contains(r#"href="/help/router/code/" data-to="code" data-choice="1""#));
    // The intro is on the first page only; the choice list is not repeated as text.
    assert!(start.contains("Answer a few questions"));
    assert!(!page("help/router/code").contains("Answer a few questions"));
    let code = page("help/router/code");
    assert!(
        code.contains(
            r#"<a class="choice choice-article" href="/help/guide/#codes" data-choice="2">"#
        ),
        "{code}"
    );
    assert!(
        code.contains("Codes work for 10 minutes."),
        "values are filled in"
    );
    assert!(code.contains(r#"<h3 id="where">Where to look</h3>"#));
    let visible = &code[..code.find("<script type=\"application/json\"").unwrap()];
    assert_eq!(
        visible.matches("Yes, it arrived").count(),
        1,
        "the choice list is not also in the body"
    );
}

#[test]
fn wizard_progress_never_guesses_a_total() {
    // "Step N" (the number on the shortest way here; tree.js writes the real
    // one), "N of N" only at an end, where it is exact: no "of about 3" that
    // could become "of about 4" on the next step.
    let cases = [
        ("help/router", "Step 1: Can you sign in anywhere?"),
        ("help/router/code", "Step 2: Did a login code arrive?"),
        ("help/router/no-code", "Step 3: No code arrived"),
        (
            "help/router/contact",
            "Step 4 of 4: Contact the recovery team",
        ),
        (
            "help/router/inside",
            "Step 2 of 2: Secure your account from inside",
        ),
    ];
    for (path, prefix) in cases {
        let html = page(path);
        assert_eq!(
            title(&html),
            format!("{prefix} · Sign-in helper · Tree Fixture"),
            "{path}"
        );
    }
    let no_code = page("help/router/no-code");
    assert!(
        no_code
            .contains(r#"<span class="tree-progress-text" data-tree-progress-text>Step 3</span>"#),
        "{no_code}"
    );
    assert!(!no_code.contains("of about"), "no guessed total");
    // The bar: the step over the fewest steps to an end through it (3 of 4).
    assert!(no_code.contains(r#"<span data-tree-bar style="width: 75%">"#));
    let end = page("help/router/contact");
    assert!(end.contains(r#"data-tree-progress-text>Step 4 of 4</span>"#));
    assert!(end.contains(r#"<span data-tree-bar style="width: 100%">"#));
    // Short breadcrumbs: the category, then the tree's title; the question is
    // the heading, not repeated in the trail.
    let crumbs = &no_code[no_code.find(r#"class="breadcrumbs""#).unwrap()..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    assert!(
        crumbs.ends_with("<li><span aria-current=\"page\">Sign-in helper</span></li>\n  </ol>\n"),
        "{crumbs}"
    );
    assert!(!crumbs.contains("No code arrived"), "{crumbs}");
    // Troubleshooters have no progress indicator.
    let restart = page("help/fix-sync/restart");
    assert_eq!(
        title(&restart),
        "Restart the app · Sync is stuck · Tree Fixture"
    );
    assert!(!restart.contains("data-tree-progress"));
}

#[test]
fn back_and_start_over_work_without_javascript() {
    let start = page("help/router");
    assert!(
        !start.contains("data-tree-back"),
        "the first step has no Back"
    );
    assert!(!start.contains("data-tree-restart"));
    let no_code = page("help/router/no-code");
    assert!(
        no_code.contains(r#"<a class="tree-back" href="/help/router/code/" data-tree-back>"#),
        "{no_code}"
    );
    assert!(no_code.contains(r#"<a href="/help/router/" data-tree-restart>Start over</a>"#));
    assert!(no_code.contains(r#"<a href="/help/router/map/">See all steps</a>"#));
}

#[test]
fn escalate_steps_show_channels_and_a_ready_request() {
    let contact = page("help/router/contact");
    // Both channels, with their response times: the request to the wizard's
    // own channel first, the other after, collapsed; the own channel is not
    // listed again; no generic "Still need help?" band.
    assert!(contact.contains("help@example.com"));
    let request = contact.find("data-request-send").unwrap();
    let others = contact
        .find(r#"<details class="tree-other-channels">"#)
        .unwrap();
    assert!(request < others);
    assert!(contact[others..].contains(r#"data-channel="Email""#));
    assert_eq!(
        contact.matches(r#"data-channel="Recovery form""#).count(),
        1
    );
    assert!(!contact.contains("Still need help?"));
    assert!(page("help/router/code").contains("Still need help?"));
    assert!(contact.contains("Typically replies within 24 hours"));
    assert!(contact.contains("Typically replies within 2 days"));
    // The wizard's channel (front matter `support-channel`): a form with its
    // own parameter names; without JavaScript the link carries the subject;
    // `data-channel` names the channel for insights.
    assert!(contact.contains(r#"href="https://example.com/recover?lang=en&amp;title=Sign-in%20helper%3A%20Contact%20the%20recovery%20team" data-request-send data-channel="Recovery form">"#), "{contact}");
    assert!(contact.contains("<textarea id=\"request-text\" class=\"request-text\" rows=\"8\" readonly data-request-text>Hello,\n\nI used &quot;Sign-in helper&quot; in the Tree Fixture and I still need help.\n\nWhere I ended up: Contact the recovery team\n\n"), "{contact}");
    assert!(contact.contains("Never include your password or a login code"));
    // The data the script fills the request from.
    let data = tree_data(&contact);
    assert_eq!(
        data["request"]["url"],
        "https://example.com/recover?lang=en"
    );
    assert_eq!(data["request"]["subject_param"], "title");
    assert_eq!(data["request"]["body_param"], "details");
    assert_eq!(data["request"]["email"], false);
    // A troubleshooter's escalate step lists channels, with no request.
    let sync = page("help/fix-sync/contact");
    assert!(sync.contains("Typically replies within 24 hours"));
    assert!(!sync.contains("data-tree-request"));
    // Its own channel (no `support-channel`: `[support] request-channel`)
    // first, the others after, collapsed.
    let own = sync.find(r#"data-channel="Email""#).unwrap();
    let others = sync
        .find(r#"<details class="tree-other-channels">"#)
        .unwrap();
    let form = sync.find(r#"data-channel="Recovery form""#).unwrap();
    assert!(own < others && others < form, "{sync}");
    assert!(!sync.contains("Still need help?"));
}

#[test]
fn resolved_steps_say_so_and_ask_whether_they_helped() {
    let inside = page("help/router/inside");
    assert!(inside.contains("Glad that helped"));
    // The vote is about the step's own page ([insights] is set).
    assert!(
        inside.contains(r#"<div class="vote" data-vote="/help/router/inside/" hidden>"#),
        "{inside}"
    );
    assert!(!inside.contains("data-tree-request"));
}

fn tree_data(html: &str) -> Value {
    let start = html
        .find("<script type=\"application/json\" data-tree-data>")
        .unwrap();
    let start = html[start..].find('>').unwrap() + start + 1;
    let end = html[start..].find("</script>").unwrap() + start;
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn the_script_gets_the_whole_tree() {
    let data = tree_data(&page("help/router/code"));
    assert_eq!(data["kind"], "wizard");
    assert_eq!(data["start"], "start");
    let nodes = data["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 5);
    assert_eq!(nodes[2]["id"], "code");
    assert_eq!(nodes[2]["url"], "/help/router/code/");
    assert_eq!(nodes[2]["rem"], 1);
    assert_eq!(nodes[2]["choices"][1]["to"], "no-code");
    assert_eq!(nodes[2]["choices"][2]["to"], Value::Null);
    assert_eq!(nodes[2]["choices"][2]["url"], "/help/guide/#codes");
}

#[test]
fn links_to_steps_from_articles_go_to_the_step_pages() {
    let guide = page("help/guide");
    assert!(guide.contains(r#"href="/help/router/no-code/""#), "{guide}");
    assert!(guide.contains(r#"href="/help/router/code/#where""#));
    assert!(guide.contains(r#"href="/help/fix-sync/restart/""#));
    // Trees are marked in category lists.
    let section = page("help");
    assert!(
        section.contains(r#"<span class="badge">Guided help</span>"#),
        "{section}"
    );
    assert!(section.contains(r#"<span class="badge">Troubleshooter</span>"#));
}

#[test]
fn the_map_lists_every_step() {
    let map = page("help/router/map");
    for url in [
        "/help/router/",
        "/help/router/inside/",
        "/help/router/code/",
        "/help/router/no-code/",
        "/help/router/contact/",
    ] {
        assert!(map.contains(&format!("href=\"{url}\"")), "{url}: {map}");
    }
    assert!(map.contains("(listed above)"), "loops point back");
    assert!(map.contains("(article)"));
    assert!(map.contains("All 5 steps"));
}

#[test]
fn each_step_is_a_search_result() {
    let site = site();
    let run = run(&[
        "search".as_ref(),
        "zebracorn".as_ref(),
        "--site".as_ref(),
        site.as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    let results = run.json();
    let hit = &results["results"][0];
    assert_eq!(hit["kind"], "step", "{results:#}");
    assert_eq!(hit["title"], "Sign-in helper");
    assert_eq!(hit["section"], "No code arrived");
    assert!(
        hit["url"]
            .as_str()
            .unwrap()
            .ends_with("help/router/no-code/"),
        "{hit:#}"
    );
    let human = common::run(&[
        "search".as_ref(),
        "zebracorn".as_ref(),
        "--site".as_ref(),
        site.as_os_str(),
    ]);
    assert!(
        human
            .stdout
            .starts_with("1. Troubleshooter · Sign-in helper › No code arrived\n"),
        "{}",
        human.stdout
    );
    // The tree's own title and keywords find its first step.
    let run = common::run(&[
        "search".as_ref(),
        "locked out".as_ref(),
        "--site".as_ref(),
        site.as_os_str(),
        "--json".as_ref(),
    ]);
    let hit = &run.json()["results"][0];
    assert_eq!(hit["title"], "Sign-in helper");
    assert_eq!(hit["section"], Value::Null);
}

#[test]
fn tree_graph_draws_dot_and_mermaid() {
    let file = fixture_path("trees/content/help/router.md");
    let root = fixture_path("trees");
    let dot = run(&[
        "--root".as_ref(),
        root.as_os_str(),
        "tree".as_ref(),
        "graph".as_ref(),
        file.as_os_str(),
        "--format".as_ref(),
        "dot".as_ref(),
    ]);
    assert_eq!(dot.code, Some(0), "{dot:#?}");
    assert!(
        dot.stdout.starts_with("digraph \"Sign-in helper\" {"),
        "{}",
        dot.stdout
    );
    assert!(dot
        .stdout
        .contains("\"no-code\" -> \"contact\" [label=\"Still nothing\"];"));
    assert!(dot.stdout.contains("\"inside\" [label=\"Secure your account from\\ninside\", style=\"rounded,filled\", fillcolor=\"#e9f6ec\"];"), "{}", dot.stdout);
    assert!(
        dot.stdout.contains("shape=note"),
        "the article exit is drawn"
    );
    let mermaid = run(&[
        "--root".as_ref(),
        root.as_os_str(),
        "tree".as_ref(),
        "graph".as_ref(),
        file.as_os_str(),
    ]);
    assert_eq!(mermaid.code, Some(0));
    assert!(mermaid.stdout.contains("flowchart TD\n"));
    assert!(
        mermaid.stdout.contains("  n3 -->|\"Still nothing\"| n4\n"),
        "{}",
        mermaid.stdout
    );
    assert!(mermaid
        .stdout
        .contains("n4([\"Contact the recovery team\"]):::escalate"));
    // A broken tree: diagnostics and exit 1; a missing file: exit 2.
    let broken = fixture_path("broken/tree-trap/content/help/tree.md");
    let run1 = run(&["tree".as_ref(), "graph".as_ref(), broken.as_os_str()]);
    assert_eq!(run1.code, Some(1), "{run1:#?}");
    assert!(run1.stderr.contains("is a trap"), "{}", run1.stderr);
    assert!(run1.stdout.is_empty());
    let run2 = run(&[
        "tree".as_ref(),
        "graph".as_ref(),
        "no/such/file.md".as_ref(),
    ]);
    assert_eq!(run2.code, Some(2), "{run2:#?}");
}

#[test]
fn the_demo_trees_are_clean_and_complete() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = check_json(root);
    assert_eq!(run.code, Some(0), "{run:#?}");
    let report = run.json();
    // Only the two notes on how far the translations go (tests/build.rs).
    let other: Vec<&Value> = diagnostics(&report)
        .iter()
        .filter(|d| {
            !d["message"]
                .as_str()
                .unwrap_or("")
                .contains("no translation into")
        })
        .collect();
    assert_eq!(other.len(), 0, "{report:#}");
    // The account-recovery wizard has several ways to a fix and to a person.
    let text =
        fs::read_to_string(root.join("content/account-access/recover-your-account.md")).unwrap();
    assert!(text.contains("kind = \"wizard\""));
    assert!(text.matches(".resolved}").count() >= 2);
    assert!(text.matches(".escalate}").count() >= 2);
    assert!(
        !text.contains("30 days"),
        "periods come from [extra], not prose"
    );
}

/// Text a writer puts after a step's answers (notes a reader needs once they
/// have answered) is shown after the answer buttons, not between the question
/// and its answers; a step without it has no notes block. (`tree.js` swaps
/// in these same pages.)
#[test]
fn text_after_the_answers_is_shown_after_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[
            ("book.toml", "[book]\ntitle = \"Fixture\"\n"),
            ("content/help/_index.md", "+++\ntitle = \"Help\"\n+++\n"),
            (
                "content/help/tree.md",
                "+++\ntitle = \"Log in\"\nkind = \"troubleshooter\"\n+++\n\n\
         ## Reset your password {#start}\n\n\
         1. Tap **Forgot password?**\n\n\
         - [It worked](#done)\n\
         - [Nothing arrived](#done)\n\n\
         The link works once, for an hour.\n\n\
         ## Done {#done .resolved}\n\n\
         Well done.\n",
            ),
        ],
    );
    let dest = root.join("site");
    let run = build_to(root, &dest);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let page = fs::read_to_string(dest.join("help/tree/index.html")).unwrap();
    // The page's body (its description in <head> holds the step's text too).
    let html = &page[page.find("<body").expect("a body")..];
    let question = html.find("Reset your password</h1>").expect("the question");
    let steps = html
        .find("Tap <strong>Forgot password?</strong>")
        .expect("the instructions");
    let answers = html.find("class=\"choice-list\"").expect("the answers");
    let notes = html
        .find("class=\"prose tree-notes\"")
        .expect("the notes block");
    let note = html
        .find("The link works once, for an hour.")
        .expect("the note");
    assert!(
        question < steps && steps < answers,
        "instructions, then answers"
    );
    assert!(
        answers < notes && notes < note,
        "the note after the answers"
    );
    assert_eq!(
        html.matches("The link works once").count(),
        1,
        "the note once"
    );
    let end = fs::read_to_string(dest.join("help/tree/done/index.html")).unwrap();
    assert!(end.contains("Well done."));
    assert!(
        !end.contains("tree-notes"),
        "no notes block where there are none"
    );
}
