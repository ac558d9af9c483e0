//! Troubleshooting trees read from Markdown (`load::tree_steps`) and
//! checked as a graph (`validate::trees`), as `check` and `build` do for
//! every tree: the problems a writer is told about, at their lines.

use std::path::Path;

use helpbook::base::diagnostic::{Diagnostic, Severity};
use helpbook::load::tree_steps;
use helpbook::model::meta::{ArticleKind, ArticleMeta, Located};
use helpbook::model::tree::{Target, Terminal, Tree};
use helpbook::validate::trees;

fn tree(body: &str) -> (Option<Tree>, Vec<Diagnostic>) {
    tree_with(body, None)
}

fn tree_with(body: &str, start: Option<&str>) -> (Option<Tree>, Vec<Diagnostic>) {
    let source = format!("+++\ntitle = \"T\"\nkind = \"troubleshooter\"\n+++\n{body}");
    let offset = source[4..].find("+++\n").unwrap() + 8;
    let parsed =
        helpbook::markdown::parse(source.as_str(), offset..source.len(), Default::default());
    let meta = ArticleMeta {
        kind: ArticleKind::Troubleshooter,
        start: start.map(|s| Located {
            text: s.into(),
            span: 0..3,
        }),
        ..Default::default()
    };
    let (mut tree, mut diagnostics) = tree_steps::read(&parsed, &meta, &source, Path::new("t.md"));
    if let Some(tree) = &mut tree {
        diagnostics.extend(trees::check(tree, Path::new("t.md"), &source));
    }
    (tree, diagnostics)
}

/// (severity, line, message) of each diagnostic.
fn found(d: &[Diagnostic]) -> Vec<(Severity, usize, String)> {
    d.iter()
        .map(|d| (d.severity, d.line.unwrap_or(0), d.message.clone()))
        .collect()
}

const GOOD: &str = "Intro.\n\n## Can you get a code? {#start}\n\nSome text.\n\n- [Yes](#code) — it arrived\n- [No](#no-code)\n\n## Enter the code {#code}\n\n### Where {#where}\n\n- [It worked](#done)\n- [Try again](#start)\n\n## No code {#no-code}\n\n- [Read more](@/a/b.md)\n- [Contact](#contact)\n\n## Done {#done .resolved}\n\nGreat.\n\n## Contact us {#contact .escalate}\n";

#[test]
fn a_good_tree() {
    let (tree, d) = tree(GOOD);
    assert!(d.is_empty(), "{:?}", found(&d));
    let tree = tree.unwrap();
    let ids: Vec<_> = tree.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["start", "code", "no-code", "done", "contact"]);
    let start = &tree.nodes[0];
    assert_eq!(start.question, "Can you get a code?");
    assert_eq!(start.choices.len(), 2);
    assert_eq!(start.choices[0].label, "Yes");
    assert_eq!(start.choices[0].hint, "it arrived");
    assert_eq!(start.choices[0].target, Target::Node(1));
    assert_eq!(tree.nodes[2].choices[0].target, Target::Page);
    assert_eq!(tree.nodes[3].terminal, Some(Terminal::Resolved));
    assert_eq!(tree.nodes[4].terminal, Some(Terminal::Escalate));
    // Depths and the fewest steps left.
    let depth: Vec<_> = tree.nodes.iter().map(|n| n.depth.unwrap()).collect();
    assert_eq!(depth, [0, 1, 1, 2, 2]);
    let remaining: Vec<_> = tree.nodes.iter().map(|n| n.remaining.unwrap()).collect();
    assert_eq!(remaining, [2, 1, 1, 0, 0]);
    assert_eq!(tree.total_steps(0), Some(3));
    assert_eq!(tree.nodes[3].parent, Some(1));
    // Anchors: steps and headings inside steps.
    assert_eq!(tree.anchor_path("start").as_deref(), Some(""));
    assert_eq!(tree.anchor_path("done").as_deref(), Some("done/"));
    assert_eq!(tree.anchor_path("where").as_deref(), Some("code/#where"));
    assert_eq!(tree.anchor_path("nope"), None);
}

#[test]
fn missing_start() {
    let (tree, d) = tree("Just text, no steps.\n");
    assert!(tree.is_none());
    assert_eq!(found(&d)[0].0, Severity::Error);
    assert!(d[0].message.contains("no start node"), "{:?}", found(&d));
    let (_, d) = tree_with(GOOD, Some("begin"));
    assert!(
        d[0].message.contains("`start` is \"begin\""),
        "{:?}",
        found(&d)
    );
}

#[test]
fn unknown_target_names_the_line_and_a_suggestion() {
    let (_, d) = tree("## A {#a}\n\n- [Go](#b)\n- [Elsewhere](#contcat)\n\n## B {#b .resolved}\n\n## C {#contact .escalate}\n");
    let f = found(&d);
    assert_eq!(f.len(), 1, "{f:?}"); // not also "`contact` is unreachable"
    assert_eq!(f[0].1, 8);
    assert!(f[0].2.contains("`#contcat`"), "{f:?}");
    assert_eq!(d[0].help.as_deref(), Some("did you mean `#contact`?"));
}

#[test]
fn duplicate_ids() {
    let (_, d) =
        tree("## A {#a}\n\n- [Go](#b)\n\n## B {#b .resolved}\n\n## B again {#b .resolved}\n");
    let f = found(&d);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].1, 11);
    assert!(
        f[0].2
            .contains("two steps have the id `b` (the first is on line 9)"),
        "{f:?}"
    );
}

#[test]
fn empty_and_identical_labels() {
    let (_, d) = tree("## A {#a}\n\n- [](#b)\n- [Yes](#b)\n- [yes](#c)\n\n## B {#b .resolved}\n\n## C {#c .resolved}\n");
    let f = found(&d);
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!((f[0].1, f[1].1), (7, 9));
    assert!(f[0].2.contains("has no label"));
    assert!(f[1]
        .2
        .contains("two choices labelled \"yes\" (the first is on line 8)"));
}

#[test]
fn dead_end() {
    let (_, d) = tree("## A {#a}\n\n- [Go](#b)\n- [Done](#c)\n\n## B {#b}\n\nNothing here.\n\n## C {#c .resolved}\n");
    let f = found(&d);
    assert_eq!(f.len(), 1, "{f:?}"); // no separate trap report for `a`
    assert_eq!(f[0].1, 10);
    assert!(f[0].2.contains("step `b` is a dead end"));
}

#[test]
fn trap_is_a_cycle_without_exit_and_try_again_loops_are_fine() {
    let (_, d) = tree("## A {#a}\n\n- [Loop](#b)\n- [Out](#d)\n\n## B {#b}\n\n- [Next](#c)\n\n## C {#c}\n\n- [Again](#b)\n\n## D {#d .resolved}\n");
    let f = found(&d);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].1, 10);
    assert!(f[0].2.contains("step `b` is a trap"), "{f:?}");
    assert!(f[0].2.contains("b → c → b"), "{f:?}");
    // A loop with a way out is allowed.
    let (_, d) = tree("## A {#a}\n\n- [Try](#b)\n\n## B {#b}\n\n- [Again](#a)\n- [Works](#d)\n\n## D {#d .resolved}\n");
    assert!(d.is_empty(), "{:?}", found(&d));
}

#[test]
fn unreachable_is_a_warning() {
    let (_, d) = tree(
        "## A {#a}\n\n- [Done](#d)\n\n## Lost {#lost}\n\n- [Done](#d)\n\n## D {#d .resolved}\n",
    );
    let f = found(&d);
    assert_eq!(
        f,
        [(
            Severity::Warning,
            9,
            "step `lost` can't be reached from the start (`a`)".to_string()
        )]
    );
}

#[test]
fn long_paths_are_a_warning() {
    let mut body = String::new();
    for i in 0..14 {
        body.push_str(&format!(
            "## Step {i} {{#s{i}}}\n\n- [Next](#s{})\n\n",
            i + 1
        ));
    }
    body.push_str("## End {#s14 .resolved}\n");
    let (_, d) = tree(&body);
    let f = found(&d);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, Severity::Warning);
    assert!(
        f[0].2.contains("step `s12` is 13 steps from the start"),
        "{f:?}"
    );
}

#[test]
fn the_last_list_of_links_holds_the_choices() {
    let (tree, d) = tree("## A {#a}\n\n- [Go](#b)\n\nThen:\n\n1. do this\n2. and [that](https://x.example)\n\n- [Done](#b)\n- [Read](../x.md#y)\n\nAfter.\n\n- plain\n\n## B {#b .resolved}\n");
    assert!(d.is_empty(), "{:?}", found(&d));
    let labels: Vec<_> = tree.unwrap().nodes[0]
        .choices
        .iter()
        .map(|c| c.label.clone())
        .collect();
    assert_eq!(labels, ["Done", "Read"]);
}

#[test]
fn ids_must_be_usable_in_urls_and_not_reserved() {
    let (_, d) = tree("## A {#a}\n\n- [Go](#map)\n- [B](#Big_One)\n\n## M {#map .resolved}\n\n## B {#Big_One .resolved}\n");
    let f = found(&d);
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(f[0].2.contains("`map` is reserved"));
    assert!(f[1].2.contains("can't be used in a URL"));
}

#[test]
fn misspelled_terminal_class() {
    let (_, d) = tree("## A {#a}\n\n- [Go](#b)\n\n## B {#b .resolve}\n");
    let f = found(&d);
    assert!(
        f.iter()
            .any(|x| x.2.contains("unknown step class `.resolve`")),
        "{f:?}"
    );
    assert_eq!(d[0].help.as_deref(), Some("did you mean `.resolved`?"));
}
