//! A bounded fuzz run inside `cargo test`: inputs generated and mutated
//! from fixed seeds (so a failure is the same on every machine), fed to the
//! library, asserting that nothing panics and nothing aborts (a stack
//! overflow kills this test binary, which fails the run too).
//!
//! - `book.toml` texts: [`Config::parse_best_effort`], then the diagnostics
//!   rendered with their excerpts;
//! - Markdown bodies: [`markdown::parse`] and [`markdown::render`];
//! - whole help centers in a temporary folder (book.toml, categories,
//!   articles with TOML, YAML, broken or no front matter, troubleshooters
//!   and wizards with cycles and up to 250 steps, translations, assets,
//!   files that are not UTF-8): the pipeline as `check` runs it, a few as a
//!   build in memory (search index included), and the report rendered.
//!
//! Inputs are seeded with what breaks parsers: deep nesting, huge numbers,
//! NUL, BOM, CRLF, lone CR, invalid UTF-8, unbalanced front matter,
//! `javascript:` and odd links. Each part stops after its cases or its time
//! budget, whichever comes first (about 20 s in all on a debug build).
//! `HELPBOOK_FUZZ_SCALE=N` runs N times as many cases with N times the
//! budget, `HELPBOOK_FUZZ_SEED=S` starts from another seed; a failing case
//! is printed (and, for a help center, its folder kept) with its seed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use codespan_reporting::term::termcolor::NoColor;
use fastrand::Rng;
use helpbook::base::diagnostic::{render_human, render_json, Report};
use helpbook::config::Config;
use helpbook::markdown::{self, Labels};
use helpbook::pipeline::{self, BuildOptions, Target};

/// Tokens that break parsers, spliced into generated text.
const NASTY: &[&str] = &[
    "\0",
    "\u{FEFF}",
    "\r\n",
    "\r",
    "\t",
    "\u{202E}",
    "\u{FFFD}",
    "\u{2028}",
    "\u{85}",
    "é",
    "e\u{301}",
    "👩‍👩‍👧",
    "中文",
    "עברית",
    "\\",
    "\"",
    "'",
    "`",
    "[[",
    "]]",
    "{{",
    "}}",
    "{{ wait }}",
    "{{ nope }}",
    "{#",
    "}",
    "#",
    "<script>alert(1)</script>",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "&#0;",
    "&#x0;",
    "&amp;",
    "%00",
    "%",
    "%1é",
    "%FF",
    "../",
    "@/",
    "//",
    ":",
    "javascript:alert(1)",
    "data:text/html,x",
    "+++",
    "---",
    "...",
    "```",
    "~~~",
    "|",
    "> ",
    "- ",
    "1. ",
    "* ",
    "[^1]",
    "[^1]: note",
    "> [!WARNING]",
    "\\u0000",
    "99999999999999999999999",
    "-9223372036854775809",
    "1e999",
    "nan",
    "-inf",
    "0x10",
    "true",
    "null",
    "~",
    "&anchor",
    "*anchor",
    "!!binary",
    "? ",
    ": ",
    " ",
    "\n",
    "\n\n",
    "## ",
    "{#start}",
    "{.resolved}",
    ".escalate",
];

/// Link destinations, good and bad.
const DESTS: &[&str] = &[
    "a.md",
    "../a.md",
    "@/help/a.md",
    "@/help/a.md#intro",
    "#start",
    "#s1",
    "#missing",
    "b/",
    "img.png",
    "nope.md",
    "https://example.com/x",
    "mailto:help@example.com",
    "tel:+1555",
    "javascript:alert(1)",
    " JaVa\tScript:x",
    "data:image/png;base64,AAAA",
    "data:text/html,<b>",
    "/contact/",
    "//cdn.example/x",
    "",
    "%2e%2e/a.md",
    "a%20b.md",
    "../../../../etc/passwd",
    "a.md#",
    "?q=1",
    "<with space.md>",
    "a.md#%",
];

/// How many times more than the default to run.
fn scale() -> u32 {
    std::env::var("HELPBOOK_FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// The first seed.
fn first_seed() -> u64 {
    std::env::var("HELPBOOK_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
}

/// Runs `case(seed, rng)` for up to `cases` seeds or `budget`, whichever
/// ends first; a panic fails the test naming its seed.
fn run_cases(what: &str, cases: u32, budget: Duration, mut case: impl FnMut(u64, &mut Rng)) {
    let cases = cases * scale();
    let budget = budget * scale();
    let started = Instant::now();
    let first = first_seed();
    let mut ran = 0;
    for n in 0..u64::from(cases) {
        if started.elapsed() > budget {
            break;
        }
        let seed = first.wrapping_mul(1_000_003).wrapping_add(n);
        let mut rng = Rng::with_seed(seed);
        if catch_unwind(AssertUnwindSafe(|| case(seed, &mut rng))).is_err() {
            panic!("{what}: case with seed {seed} panicked (HELPBOOK_FUZZ_SEED={first}, case {n}); its input is printed above");
        }
        ran += 1;
    }
    eprintln!("{what}: {ran} cases in {:?}", started.elapsed());
    assert!(ran > 0, "{what}: no case ran");
}

// ------------------------------------------------------------- generators

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

/// A short piece of text: words, sometimes nasty tokens.
fn words(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..rng.usize(0..6) {
        if rng.u8(..) < 40 {
            out.push_str(pick(rng, NASTY));
        } else {
            out.push_str(pick(
                rng,
                &[
                    "reset",
                    "password",
                    "Can't",
                    "log",
                    "in",
                    "Café",
                    "two-factor",
                    "2FA",
                    "login",
                    "code",
                    "x",
                    "A",
                    "über",
                    "日本語",
                ],
            ));
        }
        out.push(' ');
    }
    out
}

/// `text` as a TOML basic string (usually well escaped, sometimes not).
fn toml_string(rng: &mut Rng, text: &str) -> String {
    if rng.u8(..) < 20 {
        format!("\"{text}\"")
    } else {
        toml_quoted(text)
    }
}

/// `text` as a TOML basic string, escaped.
fn toml_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Splices, cuts and repeats parts of `text` at character boundaries.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..rng.usize(1..4) {
        let at = rng.usize(..=chars.len());
        match rng.u8(..4) {
            0 => {
                let token: Vec<char> = pick(rng, NASTY).chars().collect();
                chars.splice(at..at, token);
            }
            1 => {
                let end = (at + rng.usize(..20)).min(chars.len());
                chars.drain(at..end);
            }
            2 => {
                let end = (at + rng.usize(..40)).min(chars.len());
                let copy: Vec<char> = chars[at..end].to_vec();
                chars.splice(at..at, copy);
            }
            _ => chars.truncate(at),
        }
    }
    chars.into_iter().collect()
}

/// Text nested `depth` deep (`[[[…]]]`, `{a = {a = …}}`).
fn nested(open: &str, close: &str, depth: usize, inner: &str) -> String {
    format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
}

/// A book.toml: mostly valid tables, values good and bad, sometimes mutated
/// or replaced by something nested deep.
fn book_toml(rng: &mut Rng) -> String {
    match rng.u8(..40) {
        0 => {
            return format!(
                "[book]\ntitle = \"T\"\n[extra]\na = {}\n",
                nested("[", "]", 10_000, "1")
            )
        }
        1 => {
            return format!(
                "[book]\ntitle = \"T\"\n[extra]\na = {}\n",
                nested("{a = ", "}", 5_000, "1")
            )
        }
        2 => {
            return format!(
                "[book]\ntitle = \"T\"\n{}",
                "[[support.channels]]\nname = \"x\"\nurl = \"/\"\n".repeat(500)
            )
        }
        3 => return "\u{FEFF}[book]\r\ntitle = \"BOM and CRLF\"\r\n".into(),
        _ => {}
    }
    let mut t = String::from("[book]\n");
    if rng.u8(..) > 10 {
        let title = words(rng);
        let _ = writeln!(t, "title = {}", toml_string(rng, &title));
    }
    if rng.bool() {
        let _ = writeln!(
            t,
            "language = \"{}\"",
            pick(rng, &["en", "es", "fr", "ar", "EN", "e", "zh-Hant"])
        );
    }
    if rng.bool() {
        let _ = writeln!(
            t,
            "[build]\nbroken-links = \"{}\"\nraw-html = \"{}\"",
            pick(rng, &["warn", "error", "maybe"]),
            pick(rng, &["allow", "warn", "deny", "no"])
        );
    }
    if rng.bool() {
        let _ = writeln!(
            t,
            "[output.html]\nsite-url = \"{}\"\ndefault-theme = \"{}\"\n[output.html.search]\nenable = {}\nsynonyms = [\"2fa, two-factor\", \",,\"]\nsize-budget = \"{}\"",
            pick(rng, &["/", "/help/", "https://help.example.com/", "javascript:x", "https://", "/a b/", "http://[::1]:8/"]),
            pick(rng, &["auto", "dark", "purple"]),
            rng.bool(),
            pick(rng, &["5 MB", "1e999 MB", "-1", "lots"])
        );
    }
    if rng.bool() {
        t.push_str("[extra]\nwait = \"30 days\"\n");
        if rng.bool() {
            t.push_str("Bad-Name = \"x\"\n");
        }
    }
    for n in 0..rng.usize(0..4) {
        let name = pick(rng, &["Email", "Chat", "Email", "Form"]);
        let url = pick(
            rng,
            &[
                "mailto:help@example.com",
                "https://example.com/form?x=1",
                "javascript:alert(1)",
                "/contact/",
                "tel:+1555",
                "",
            ],
        );
        let _ = writeln!(t, "[[support.channels]]\nname = \"{name}\"\nurl = \"{url}\"\nresponse-time = \"{n} days\"");
    }
    if rng.bool() {
        let _ = writeln!(
            t,
            "[support]\nrequest-channel = \"{}\"",
            pick(rng, &["Email", "Nope"])
        );
    }
    if rng.u8(..) < 80 {
        let _ = writeln!(
            t,
            "[language.es]\nname = \"Español\"\n[language.es.extra]\nwait = \"30 días\"\n[[language.es.support.channels]]\nchannel = \"{}\"\nurl = \"{}\"",
            pick(rng, &["Email", "Nope"]),
            pick(rng, &["", "https://example.com/es", "vbscript:x"])
        );
    }
    if rng.u8(..) < 50 {
        let _ = writeln!(
            t,
            "[insights]\nendpoint = \"{}\"",
            pick(
                rng,
                &["https://i.example/e", "/events", "//x", "ftp://x", "/\\x"]
            )
        );
    }
    if rng.u8(..) < 50 {
        let _ = writeln!(
            t,
            "[[search.expect]]\nquery = \"{}\"\narticle = \"{}\"\ntop = {}",
            pick(rng, &["reset", "", "zzz"]),
            pick(rng, &["help/a.md", "help/tree.md#s1", "/abs.md", "nope.md"]),
            pick(rng, &["1", "3", "0", "99999999999999999999"])
        );
    }
    if rng.u8(..) < 60 {
        mutate(rng, &t)
    } else {
        t
    }
}

/// A Markdown body of random blocks.
fn markdown_body(rng: &mut Rng) -> String {
    let mut b = String::new();
    for _ in 0..rng.usize(0..12) {
        match rng.u8(..14) {
            0 => {
                let level = "#".repeat(rng.usize(1..8));
                let attrs = pick(
                    rng,
                    &[
                        "",
                        " {#intro}",
                        " {#intro .x}",
                        " {#a onclick=x}",
                        " {#}",
                        " {#start}",
                    ],
                );
                let _ = write!(b, "{level} {}{attrs}\n\n", words(rng));
            }
            1 => {
                let dest = pick(rng, DESTS);
                let _ = write!(
                    b,
                    "See [{}]({dest}) and ![i]({}).\n\n",
                    words(rng),
                    pick(rng, DESTS)
                );
            }
            2 => {
                let depth = rng.usize(1..60);
                for d in 0..depth {
                    let _ = writeln!(b, "{}- item {d}", "  ".repeat(d));
                }
                b.push('\n');
            }
            3 => {
                let _ = write!(b, "{} quoted\n\n", "> ".repeat(rng.usize(1..100)));
            }
            4 => {
                let fence = pick(rng, &["```", "~~~", "````"]);
                let _ = write!(b, "{fence}rust\n{{{{ wait }}}} {}\n", words(rng));
                if rng.bool() {
                    let _ = write!(b, "{fence}\n\n");
                }
            }
            5 => {
                let _ = write!(
                    b,
                    "| a | b |\n|---|{}\n| {} | {} | extra |\n\n",
                    pick(rng, &["---|", ":-:|", ""]),
                    words(rng),
                    words(rng)
                );
            }
            6 => {
                let _ = write!(
                    b,
                    "<div class=\"x\">\n{}\n</div>\n\n<!-- c -->\n\n",
                    words(rng)
                );
            }
            7 => {
                let _ = write!(
                    b,
                    "> [!{}]\n> {}\n\n",
                    pick(
                        rng,
                        &["NOTE", "TIP", "WARNING", "CAUTION", "IMPORTANT", "NOPE"]
                    ),
                    words(rng)
                );
            }
            8 => {
                let _ = write!(b, "Text[^1] <https://example.com> <javascript:x> {{{{ wait }}}} {{{{nope}}}}.\n\n[^1]: {}\n\n", words(rng));
            }
            9 => {
                let _ = write!(
                    b,
                    "[ref]: {} \"title\"\n\n[x][ref] [y][missing]\n\n",
                    pick(rng, DESTS)
                );
            }
            10 => b.push_str(&"x".repeat(rng.usize(..20_000))),
            _ => {
                let _ = write!(b, "{}\n\n", words(rng));
            }
        }
    }
    if rng.u8(..) < 60 {
        b = mutate(rng, &b);
    }
    if rng.u8(..) < 30 {
        b = b.replace('\n', "\r\n");
    }
    b
}

/// A troubleshooter's or wizard's steps, with cycles, ends and choices to
/// missing steps; at most `max` steps.
fn tree_body(rng: &mut Rng, max: usize) -> String {
    let steps = rng.usize(1..=max);
    let mut b = String::new();
    for i in 0..steps {
        let id = if i == 0 && rng.u8(..) > 20 {
            "start".to_string()
        } else {
            format!("s{i}")
        };
        let class = match rng.u8(..10) {
            0 => " .resolved",
            1 => " .escalate",
            2 => " .resolve",
            _ => "",
        };
        let _ = write!(b, "## Step {i}? {{#{id}{class}}}\n\n{}\n\n", words(rng));
        for _ in 0..rng.usize(0..4) {
            let target = match rng.u8(..10) {
                0 => "#missing".to_string(),
                1 => pick(rng, DESTS).to_string(),
                2 => "#start".to_string(),
                _ => format!("#s{}", rng.usize(..steps + 1)),
            };
            let _ = writeln!(
                b,
                "- [{}]({target}){}",
                words(rng).trim(),
                pick(rng, &["", " — a hint"])
            );
        }
        b.push('\n');
    }
    // A long chain now and then (well under the depth trees are refused at).
    if rng.u8(..) < 20 {
        for i in 0..max {
            let _ = write!(b, "## Chain {i} {{#c{i}}}\n\n- [next](#c{})\n\n", i + 1);
        }
        let _ = writeln!(b, "## End {{#c{max} .resolved}}");
    }
    b
}

/// Front matter for an article: TOML, YAML, none, unbalanced or deep.
fn front_matter(rng: &mut Rng, tree: bool) -> String {
    let title = words(rng);
    let kind = if tree {
        pick(rng, &["troubleshooter", "wizard"])
    } else {
        pick(rng, &["article", "article", "howto"])
    };
    match rng.u8(..12) {
        0 => String::new(),
        1 => format!("+++\ntitle = {}\n", toml_string(rng, &title)),
        2 => format!("---\ntitle: {title}\nkind: {kind}\n"),
        3 => format!("---\ntitle: x\nextra: {}\n---\n", nested("[", "]", 1_000, "1")),
        4 => format!("+++\ntitle = \"x\"\n[extra]\na = {}\n+++\n", nested("[", "]", 10_000, "1")),
        5 => format!("---\ntitle: \"{title}\"\nkind: {kind}\nweight: 99999999999999999999999\nkeywords: [a, *b]\naliases: [\"/x/\", \"/{}\"]\nupdated: 2026-02-30\nsupport-channel: Chat\n---\n", words(rng).trim()),
        6 => format!(
            "---\ntitle: \"{}\"\nkind: {kind}\ndescription: |\n  {}\nrelated: [help/a.md, nope.md]\npromoted: yes\n---\n",
            title.replace('"', ""),
            words(rng)
        ),
        _ => {
            let mut t = format!("+++\ntitle = {}\nkind = \"{kind}\"\n", toml_string(rng, &title));
            for _ in 0..rng.usize(0..5) {
                let line = match rng.u8(..10) {
                    0 => format!("weight = {}", pick(rng, &["1", "-5", "99999999999999999999", "1.5", "\"x\""])),
                    1 => {
                        let keyword = words(rng);
                        format!("keywords = [{}]", toml_string(rng, &keyword))
                    }
                    2 => format!("aliases = [\"/old/{}\"]", rng.u32(..)),
                    3 => format!("updated = {}", pick(rng, &["2026-01-02", "2026-02-30", "\"soon\""])),
                    4 => "related = [\"help/a.md\", \"help/\", \"x\"]".into(),
                    5 => format!("draft = {}", rng.bool()),
                    6 => "support-channel = \"Chat\"".into(),
                    7 => "[extra]\nwait = \"2 days\"".into(),
                    8 => "keywrods = []".into(),
                    _ => "promoted = true".into(),
                };
                t.push_str(&line);
                t.push('\n');
            }
            t.push_str("+++\n");
            t
        }
    }
}

/// An article: front matter and a body (a tree's steps for a tree).
fn article(rng: &mut Rng) -> Vec<u8> {
    let tree = rng.u8(..) < 90;
    let mut text = front_matter(rng, tree);
    text.push('\n');
    if tree {
        text.push_str(&tree_body(rng, 250));
    } else {
        text.push_str(&markdown_body(rng));
    }
    if rng.u8(..) < 20 {
        text.insert(0, '\u{FEFF}');
    }
    let mut bytes = text.into_bytes();
    if rng.u8(..) < 8 {
        let at = rng.usize(..=bytes.len());
        bytes.insert(at, 0xE9);
    }
    bytes
}

/// A whole help center written under `root`.
fn help_center(rng: &mut Rng, root: &Path) {
    fs::create_dir_all(root.join("content/help/b")).unwrap();
    fs::write(root.join("book.toml"), book_toml(rng)).unwrap();
    let names = [
        "a.md",
        "tree.md",
        "b/c.md",
        "b/_index.md",
        "_index.md",
        "_announcement.md",
        "a.es.md",
        "tree.es.md",
        "x.es.md",
        "t.fr.md",
        "with space.md",
        "ünï.md",
        "UPPER.md",
        "index.md",
        "b.md",
    ];
    for _ in 0..rng.usize(1..10) {
        let name = pick(rng, &names);
        let dir = if name.starts_with('_') && rng.bool() {
            "content"
        } else {
            "content/help"
        };
        fs::write(root.join(dir).join(name), article(rng)).unwrap();
    }
    if rng.bool() {
        let bytes: Vec<u8> = (0..rng.usize(..2_000)).map(|_| rng.u8(..)).collect();
        fs::write(root.join("content/help/img.png"), bytes).unwrap();
    }
}

// ------------------------------------------- help centers without errors

/// Odd but valid text: what a clean help center may hold, so that cases
/// get past the checks into rendering and indexing.
const ODD: &[&str] = &[
    "é",
    "e\u{301}",
    "👩‍👩‍👧",
    "中文",
    "עברית",
    "\u{202E}",
    "\u{FFFD}",
    "\u{2028}",
    "\"",
    "'",
    "&amp;",
    "<b>bold</b>",
    "\\",
    "\t",
    "99999999999999999999999",
    "`code`",
    "*em*",
    "~~gone~~",
    "[^n]",
    "<https://example.com/a?b=c&d>",
    "{{ wait }}",
];

/// Words and odd but valid text.
fn clean_words(rng: &mut Rng) -> String {
    let mut out = String::from("Word");
    for _ in 0..rng.usize(0..8) {
        out.push(' ');
        out.push_str(if rng.u8(..) < 60 {
            pick(rng, ODD)
        } else {
            pick(
                rng,
                &["reset", "password", "two-factor", "login", "über", "日本語"],
            )
        });
    }
    out
}

/// A valid book.toml with odd text in it.
fn clean_book_toml(rng: &mut Rng, spanish: bool) -> String {
    let title = clean_words(rng);
    let mut t = format!(
        "[book]\ntitle = {}\ndescription = {}\n\n[output.html]\nsite-url = \"{}\"\n\n[extra]\nwait = {}\n\n[[support.channels]]\nname = \"Email\"\nurl = \"mailto:help@example.com\"\n\n[[support.channels]]\nname = \"Form\"\nurl = \"https://example.com/form?a=1\"\nbody-param = \"text\"\n",
        toml_quoted(&title).replace(['\t'], " "),
        toml_quoted(&clean_words(rng)),
        pick(rng, &["/", "/help/", "https://help.example.com/docs/"]),
        toml_quoted(&clean_words(rng)),
    );
    if spanish {
        t.push_str("\n[language.es]\n[language.es.extra]\nwait = \"30 días\"\n");
    }
    t
}

/// A valid article body: headings, paragraphs, lists, code, a table, a
/// callout, footnotes, and links to pages that exist.
fn clean_body(rng: &mut Rng) -> String {
    let mut b = String::new();
    for n in 0..rng.usize(0..10) {
        match rng.u8(..8) {
            0 => {
                let _ = write!(
                    b,
                    "{} {} {n}\n\n",
                    "#".repeat(rng.usize(2..7)),
                    clean_words(rng)
                );
            }
            1 => {
                let dest = pick(
                    rng,
                    &[
                        "a.md",
                        "@/help/a.md",
                        "https://example.com",
                        "img.png",
                        "/contact/",
                    ],
                );
                let _ = write!(b, "See [{}]({dest}).\n\n", clean_words(rng));
            }
            2 => {
                for d in 0..rng.usize(1..30) {
                    let _ = writeln!(b, "{}- {}", "  ".repeat(d), clean_words(rng));
                }
                b.push('\n');
            }
            3 => {
                let _ = write!(b, "```\n{}\n```\n\n", clean_words(rng));
            }
            4 => {
                let _ = write!(
                    b,
                    "| a | b |\n|---|---|\n| {} | {} |\n\n",
                    clean_words(rng),
                    clean_words(rng)
                );
            }
            5 => {
                let _ = write!(b, "> [!TIP]\n> {}\n\n", clean_words(rng));
            }
            6 => {
                let _ = write!(
                    b,
                    "{}[^n].\n\n[^n]: {}\n\n",
                    clean_words(rng),
                    clean_words(rng)
                );
            }
            _ => {
                let _ = write!(b, "{}\n\n", clean_words(rng));
            }
        }
    }
    b
}

/// A valid troubleshooter of up to `max` steps: each step leads to later
/// ones (the next two always), some end as resolved or escalated.
fn clean_tree(rng: &mut Rng, max: usize) -> String {
    let steps = rng.usize(2..=max);
    let mut b = String::new();
    let mut previous_end = true;
    for i in 0..steps {
        let id = if i == 0 {
            "start".to_string()
        } else {
            format!("s{i}")
        };
        let last = i + 1 == steps;
        // An end is never right after another, so the step after it is
        // reached from the one before (which leads two steps on too).
        let end = if last {
            " .resolved"
        } else if !previous_end && rng.u8(..) < 30 {
            " .escalate"
        } else {
            ""
        };
        previous_end = !end.is_empty();
        let _ = write!(
            b,
            "## {} {i}? {{#{id}{end}}}\n\n{}\n\n",
            clean_words(rng),
            clean_words(rng)
        );
        if !end.is_empty() {
            continue;
        }
        let mut targets = vec![i + 1];
        if i + 2 < steps {
            targets.push(i + 2);
        }
        for _ in 0..rng.usize(0..3) {
            let t = rng.usize(i + 1..steps);
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
        for (n, t) in targets.iter().enumerate() {
            let label = pick(rng, &["Yes", "No", "Maybe — über", "日本語", "Not sure?"]);
            let _ = writeln!(b, "- [Answer {n}: {label}](#s{t})");
        }
        b.push('\n');
    }
    b
}

/// A help center that should check clean (odd text, long trees, a
/// translation, assets), so its pages are rendered and indexed.
fn clean_help_center(rng: &mut Rng, root: &Path) {
    let spanish = rng.bool();
    fs::create_dir_all(root.join("content/help")).unwrap();
    fs::write(root.join("book.toml"), clean_book_toml(rng, spanish)).unwrap();
    let crlf = rng.u8(..) < 60;
    let write = |name: &str, text: String| {
        let text = if crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        };
        fs::write(root.join("content/help").join(name), text).unwrap();
    };
    let title = |rng: &mut Rng| toml_quoted(&clean_words(rng));
    write(
        "_index.md",
        format!("+++\ntitle = {}\n+++\n\n{}", title(rng), clean_body(rng)),
    );
    write(
        "a.md",
        format!(
            "+++\ntitle = {}\nkeywords = [{}]\n+++\n\n{}",
            title(rng),
            title(rng),
            clean_body(rng)
        ),
    );
    write(
        "tree.md",
        format!(
            "---\ntitle: \"Tree {}\"\nkind: {}\n---\n\n{}",
            rng.u32(..),
            pick(rng, &["troubleshooter", "wizard"]),
            clean_tree(rng, 250)
        ),
    );
    if spanish {
        write(
            "a.es.md",
            format!("+++\ntitle = {}\n+++\n\n{}", title(rng), clean_body(rng)),
        );
    }
    fs::write(root.join("content/help/img.png"), [0x89, b'P', b'N', b'G']).unwrap();
}

// ----------------------------------------------------------------- tests

/// Renders a report both ways, as the binary does (excerpts of every
/// diagnostic included).
fn render_report(report: &Report) {
    let mut out = NoColor::new(Vec::new());
    render_human(report, &mut out).expect("rendered into memory");
    let _ = render_json(report, None, None);
}

#[test]
fn book_toml_never_panics() {
    run_cases("book.toml", 3_000, Duration::from_secs(4), |seed, rng| {
        let text = book_toml(rng);
        let ok = catch_unwind(|| {
            let (_, diagnostics) = Config::parse_best_effort(&text, Path::new("book.toml"));
            let mut report = Report::default();
            report.add_source("book.toml".into(), text.as_str());
            report.extend(diagnostics);
            render_report(&report);
        });
        if ok.is_err() {
            eprintln!("book.toml of seed {seed}:\n{text:?}");
            panic!("book.toml panicked");
        }
    });
}

#[test]
fn markdown_bodies_never_panic() {
    let labels = Labels {
        note: "Note".into(),
        tip: "Tip".into(),
        important: "Important".into(),
        warning: "Warning".into(),
        caution: "Caution".into(),
        table: "Table".into(),
        table_named: "Table: {heading}".into(),
    };
    run_cases("Markdown", 3_000, Duration::from_secs(4), |seed, rng| {
        let body = if rng.u8(..) < 40 {
            tree_body(rng, 250)
        } else {
            markdown_body(rng)
        };
        let ok = catch_unwind(|| {
            let mut values = BTreeMap::new();
            values.insert("wait".to_string(), "30 <b>days</b>".to_string());
            let source: Arc<str> = body.as_str().into();
            let parsed = markdown::parse(source.clone(), 0..source.len(), Arc::new(values));
            let _ = markdown::render(&parsed, &markdown::LinkUrls::default(), &labels);
        });
        if ok.is_err() {
            eprintln!("Markdown of seed {seed}:\n{body:?}");
            panic!("Markdown panicked");
        }
    });
}

#[test]
fn generated_help_centers_never_panic() {
    let today = jiff::civil::date(2026, 5, 28);
    let mut rendered = 0;
    run_cases("help centers", 400, Duration::from_secs(14), |seed, rng| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("hc");
        let clean = seed % 2 == 0;
        if clean {
            clean_help_center(rng, &root);
        } else {
            help_center(rng, &root);
        }
        // Every tenth builds in memory, the search index included.
        let target = if seed % 10 == 0 {
            Target::Memory
        } else {
            Target::Check
        };
        let options = BuildOptions {
            drafts: rng.bool(),
            today,
            live: false,
        };
        let ok = catch_unwind(AssertUnwindSafe(|| {
            let mut report = Report::default();
            let built = pipeline::run_with_progress(&root, options, target, &mut report, &|_| {});
            let built = built
                .unwrap_or_else(|e| panic!("a help center with a book.toml is never fatal: {e}"));
            render_report(&report);
            rendered += usize::from(built.output.is_some());
        }));
        if ok.is_err() {
            let kept = dir.keep();
            eprintln!(
                "help center of seed {seed} kept in {}",
                kept.join("hc").display()
            );
            panic!("help center panicked");
        }
    });
    // The clean ones get past the checks: pages are rendered too.
    eprintln!("help centers rendered: {rendered}");
    assert!(rendered > 0, "no generated help center was rendered");
}
