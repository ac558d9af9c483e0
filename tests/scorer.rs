//! The engine's own scorer against tantivy's query path: the same
//! documents, in the same order, with the same scores (within float
//! rounding) and the same counts, for many queries (the relevance sets',
//! the benchmark's, typos, completions, phrases, filler words and synonyms,
//! category filters) on the demo's index and on a synthetic help center
//! with many similar articles (long postings lists, ties).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{copy_tree, helpbook};
use helpbook_search::engine::{Request, Scorer};
use helpbook_search::local::LocalIndex;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn index_dir(site: &Path) -> PathBuf {
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(site.join("search/index.json")).unwrap()).unwrap();
    site.join(manifest["dir"].as_str().unwrap())
}

fn build(root: &Path, site: &Path) {
    helpbook()
        .args(["build", "-q", "--root"])
        .arg(root)
        .arg("--dest")
        .arg(site)
        .assert()
        .success();
}

/// The queries of the relevance sets and the benchmark, and more.
fn queries() -> Vec<String> {
    let mut out = Vec::new();
    for set in [
        "dev-keywords-typos.jsonl",
        "dev-questions-paraphrases.jsonl",
    ] {
        let text = fs::read_to_string(repo().join("bench/relevance").join(set)).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            out.push(value["query"].as_str().unwrap().to_owned());
        }
    }
    let bench = fs::read_to_string(repo().join("bench/queries.txt")).unwrap();
    out.extend(
        bench
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(str::to_owned),
    );
    out.extend(
        [
            "\"backup codes\"",
            "\"reset your password\" email",
            "\"two factor\" \"backup codes\"",
            "\"settings page\"",
            "account",
            "acc",
            "pass",
            "reset pas",
            "password zebra",
            "zebra",
            "log in problem",
            "login issue",
            "direct message not working",
            "get rid of spam",
            "reset pasword",
            "reset xyzzyq",
            "acount",
            "why does my app keep crashing",
            "how do i change my email",
            "can't sign in to my account",
            "the a of",
            "problem",
            "problem issue",
            "error 0x80070005",
            "set up two-step verification",
            "configure shared calendar",
            "export report",
            "restore deleted file",
            "invoice payment method",
            "(((",
            "كلمة",
            "contraseña",
            "a",
            "",
        ]
        .map(str::to_owned),
    );
    out
}

/// Runs `request` with both scorers; a description of the first difference.
fn compare(index: &LocalIndex, request: &Request) -> Option<String> {
    // A search loads every page scoring reads.
    index.search(request).unwrap();
    let run = |scorer| loop {
        match index.engine().documents(request, scorer).unwrap() {
            Ok(documents) => return documents,
            // tantivy's searcher reads the document store's footer, which
            // the engine does not.
            Err(pages) if scorer == Scorer::Reference => {
                index.load(&pages).unwrap();
            }
            Err(pages) => panic!("{request:?}: pages {pages:?} missing after the search"),
        }
    };
    let (own, reference) = (run(Scorer::Own), run(Scorer::Reference));
    let what = format!("{:?} in {:?}", request.text, request.category);
    if (own.all, own.count, own.any) != (reference.all, reference.count, reference.any) {
        return Some(format!(
            "{what}: all/count/any {:?} vs {:?}",
            (own.all, own.count, own.any),
            (reference.all, reference.count, reference.any)
        ));
    }
    let docs = |d: &[(f32, u32)]| d.iter().map(|(_, d)| *d).collect::<Vec<_>>();
    if docs(&own.top) != docs(&reference.top) {
        return Some(format!(
            "{what}: documents\n  own       {:?}\n  reference {:?}",
            own.top, reference.top
        ));
    }
    for (a, b) in own.top.iter().zip(&reference.top) {
        if (a.0 - b.0).abs() > 1e-4 * b.0.abs().max(1e-6) {
            return Some(format!("{what}: score of {} {} vs {}", a.1, a.0, b.0));
        }
    }
    None
}

/// Compares the scorers on every query, with and without each category
/// filter given; returns the differences.
fn differences(site: &Path, categories: &[&str]) -> (usize, Vec<String>) {
    let index = LocalIndex::open(&index_dir(site)).unwrap();
    let mut compared = 0;
    let mut out = Vec::new();
    for (i, text) in queries().into_iter().enumerate() {
        let mut filters = vec![None];
        if i % 5 == 0 {
            filters.extend(categories.iter().map(|c| Some((*c).to_owned())));
        }
        for category in filters {
            for limit in [10, 150] {
                let request = Request {
                    text: text.clone(),
                    category: category.clone(),
                    limit,
                };
                compared += 1;
                out.extend(compare(&index, &request));
            }
        }
    }
    (compared, out)
}

#[test]
fn the_own_scorer_ranks_the_demo_exactly_like_tantivy() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("demo");
    copy_tree(&repo().join("content"), &root.join("content"));
    fs::copy(repo().join("book.toml"), root.join("book.toml")).unwrap();
    let site = dir.path().join("site");
    build(&root, &site);
    let categories = ["account-access", "messaging", "business-creator", "nowhere"];
    let (compared, differences) = differences(&site, &categories);
    assert!(compared > 600, "{compared} searches compared");
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// Words of the synthetic articles: few, so that most are in many
/// documents and scores tie often.
const NOUNS: &[&str] = &[
    "account",
    "mailbox",
    "folder",
    "calendar",
    "invoice",
    "payment",
    "subscription",
    "license",
    "profile",
    "group",
    "team",
    "channel",
    "file",
    "document",
    "template",
    "report",
    "password",
    "domain",
    "certificate",
    "backup",
    "export",
    "import",
    "notification",
    "permission",
    "role",
];
const VERBS: &[&str] = &[
    "create",
    "delete",
    "rename",
    "share",
    "move",
    "restore",
    "configure",
    "reset",
    "change",
    "export",
    "archive",
    "recover",
    "verify",
    "connect",
    "enable",
    "disable",
    "update",
    "review",
];
const WORDS: &[&str] = &[
    "the",
    "a",
    "to",
    "of",
    "in",
    "your",
    "you",
    "can",
    "select",
    "open",
    "page",
    "settings",
    "menu",
    "option",
    "button",
    "error",
    "message",
    "problem",
    "issue",
    "app",
    "device",
    "sync",
    "two",
    "step",
    "verification",
    "shared",
    "deleted",
    "missing",
    "slow",
    "blocked",
    "sign",
];

/// A deterministic pseudo-random generator (a 64-bit LCG).
struct Lcg(u64);

impl Lcg {
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        words[(self.0 >> 33) as usize % words.len()]
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut out: Vec<&str> = Vec::new();
        for i in 0..words {
            out.push(match i % 4 {
                1 => self.pick(NOUNS),
                3 => self.pick(VERBS),
                _ => self.pick(WORDS),
            });
        }
        format!("{}.", out.join(" "))
    }
}

/// A help center of `articles` similar articles in four categories,
/// written into `root`.
fn synthetic(root: &Path, articles: usize) {
    fs::create_dir_all(root).unwrap();
    fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Synthetic\"\n[output.html]\nsite-url = \"/\"\n",
    )
    .unwrap();
    let mut random = Lcg(7);
    let categories = ["mail", "billing", "admin", "files"];
    for category in categories {
        let folder = root.join("content").join(category);
        fs::create_dir_all(&folder).unwrap();
        fs::write(
            folder.join("_index.md"),
            format!("+++\ntitle = \"{category}\"\n+++\n\nArticles about {category}.\n"),
        )
        .unwrap();
    }
    for n in 0..articles {
        let category = categories[n % categories.len()];
        let title = format!(
            "{} {} {}",
            random.pick(VERBS),
            random.pick(WORDS),
            random.pick(NOUNS)
        );
        let mut body = format!(
            "+++\ntitle = \"{title}\"\ndescription = \"{}\"\n+++\n\n{}\n",
            random.sentence(8),
            random.sentence(12)
        );
        for section in 0..(n % 4) {
            let heading = format!("{} the {}", random.pick(VERBS), random.pick(NOUNS));
            body.push_str(&format!(
                "\n## {heading} {section}\n\n{} {}\n",
                random.sentence(10 + section * 7),
                random.sentence(6)
            ));
        }
        let path = root
            .join("content")
            .join(category)
            .join(format!("article-{n}.md"));
        fs::write(path, body).unwrap();
    }
}

#[test]
fn the_own_scorer_ranks_a_synthetic_help_center_exactly_like_tantivy() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("synthetic");
    synthetic(&root, 1200);
    let site = dir.path().join("site");
    build(&root, &site);
    let (compared, differences) = differences(&site, &["mail", "files"]);
    assert!(compared > 500, "{compared} searches compared");
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
