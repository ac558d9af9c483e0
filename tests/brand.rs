//! The brand and search engines: `[theme]` (logo, favicon, accent checked
//! for contrast), the built-in icons a category names, the warning for a
//! `site-url` that is not a full URL, and the JSON-LD of pages.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{build_to, check_json, diagnostics, fixture_path};
use serde_json::Value;

/// A help center in a temporary folder: `book.toml` (after a `[book]` with
/// a title) and a category `help/` with one article, plus `files`.
fn help_center(book: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hc");
    let write = |path: &str, text: &str| {
        let file = root.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    };
    write(
        "book.toml",
        &format!("[book]\ntitle = \"Acme Help\"\n\n{book}"),
    );
    write(
        "content/help/_index.md",
        "+++\ntitle = \"Help\"\nicon = \"lock\"\n+++\n",
    );
    write(
        "content/help/guide.md",
        "+++\ntitle = \"A guide\"\ndescription = \"How it works.\"\nupdated = 2026-10-14\n+++\n\nText.\n",
    );
    for (path, text) in files {
        write(path, text);
    }
    (tmp, root)
}

const ABSOLUTE: &str = "[output.html]\nsite-url = \"https://help.example.com/\"\n";

/// The diagnostics of `helpbook check` on `root`, and its exit code.
fn check(root: &Path) -> (Option<i32>, Vec<Value>) {
    let run = check_json(root);
    run.assert_no_panic("check");
    let report = run.json();
    (run.code, diagnostics(&report).clone())
}

/// Builds `root` into `<root>/site`, which must succeed.
fn build(root: &Path) -> PathBuf {
    let dest = root.join("site");
    let run = build_to(root, &dest);
    assert_eq!(run.code, Some(0), "build failed\n{run:#?}");
    dest
}

fn find<'a>(diags: &'a [Value], message: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["message"].as_str().unwrap_or("").contains(message))
        .unwrap_or_else(|| panic!("no diagnostic with {message:?} in {diags:#?}"))
}

#[test]
fn an_accent_below_4_5_on_white_is_an_error_with_both_ratios() {
    let root = fixture_path("broken/accent-low-contrast");
    let (code, diags) = check(&root);
    assert_eq!(code, Some(1), "{diags:#?}");
    let d = find(&diags, "`accent` #7fb0ff");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "book.toml");
    assert_eq!(d["line"], 9);
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("2.19:1 on white"), "{message}");
    assert!(message.contains("#7fb0ff has 8.40:1"), "{message}");
    assert!(
        message.contains("on the dark background #111418"),
        "{message}"
    );
    let help = d["help"].as_str().unwrap();
    assert!(
        help.contains("accent = \"#"),
        "a colour that passes: {help}"
    );
    // The colour suggested passes.
    let suggested = help.split("accent = \"").nth(1).unwrap().get(..7).unwrap();
    let (_tmp, root) = help_center(
        &format!("{ABSOLUTE}[theme]\naccent = \"{suggested}\"\n"),
        &[],
    );
    let (code, diags) = check(&root);
    assert_eq!(code, Some(0), "{suggested}: {diags:#?}");
}

#[test]
fn an_explicit_dark_accent_is_checked_on_the_dark_background() {
    let (_tmp, root) = help_center(
        &format!("{ABSOLUTE}[theme]\naccent = \"#0b57d0\"\naccent-dark = \"#1a2b6d\"\n"),
        &[],
    );
    let (code, diags) = check(&root);
    assert_eq!(code, Some(1));
    let d = find(&diags, "`accent-dark` #1a2b6d");
    assert_eq!(d["line"], 8);
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("on the dark background #111418"));
    assert!(d["help"].as_str().unwrap().contains("accent-dark = \"#"));
}

#[test]
fn theme_keys_are_checked_with_did_you_mean() {
    let (_tmp, root) = help_center(
        &format!("{ABSOLUTE}[theme]\nacent = \"#0b57d0\"\nlogo = \"../outside.png\"\nfavicon = \"icon.bmp\"\naccent-dark = \"#8ab4f8\"\n"),
        &[],
    );
    let (code, diags) = check(&root);
    assert_eq!(code, Some(1));
    let unknown = find(&diags, "unknown key `acent` in [theme]");
    assert_eq!(unknown["help"], "did you mean `accent`?");
    assert_eq!(unknown["line"], 7);
    assert_eq!(
        find(&diags, "`logo` in [theme] must be a path inside")["line"],
        8
    );
    assert_eq!(
        find(&diags, "`favicon` in [theme] is not an image type")["line"],
        9
    );
    assert_eq!(
        find(&diags, "`accent-dark` in [theme] needs an `accent`")["line"],
        10
    );
    let (_tmp, root) = help_center(&format!("{ABSOLUTE}[theme]\naccent = \"blueish\"\n"), &[]);
    let (_, diags) = check(&root);
    let d = find(
        &diags,
        "`accent` in [theme] is not a CSS colour: \"blueish\"",
    );
    assert!(d["help"].as_str().unwrap().contains("#1a73e8"));
}

#[test]
fn a_missing_logo_is_an_error_at_its_line() {
    let (_tmp, root) = help_center(
        &format!("{ABSOLUTE}[theme]\nlogo = \"images/logo.svg\"\n"),
        &[],
    );
    let (code, diags) = check(&root);
    assert_eq!(code, Some(1));
    let d = find(
        &diags,
        "cannot read the `logo` of [theme], \"images/logo.svg\"",
    );
    assert_eq!(d["file"], "book.toml");
    assert_eq!(d["line"], 7);
    assert!(d["help"].as_str().unwrap().contains("folder of book.toml"));
}

#[test]
fn logo_favicon_and_accent_reach_every_page() {
    let logo = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 32\"><rect width=\"120\" height=\"32\"/></svg>";
    let (_tmp, root) = help_center(
        &format!("{ABSOLUTE}[theme]\nlogo = \"brand/logo.svg\"\nfavicon = \"brand/icon.svg\"\naccent = \"#5e35b1\"\n"),
        &[("brand/logo.svg", logo), ("brand/icon.svg", logo)],
    );
    let site = build(&root);
    let html = fs::read_to_string(site.join("help/guide/index.html")).unwrap();
    let img = html
        .split("<a class=\"site-title\"")
        .nth(1)
        .and_then(|h| h.split("</a>").next())
        .unwrap();
    assert!(
        img.contains("<img class=\"site-logo\" src=\"/static/brand/logo.svg?v="),
        "{img}"
    );
    assert!(
        img.contains("alt=\"\" width=\"120\" height=\"32\">Acme Help"),
        "{img}"
    );
    assert_eq!(
        fs::read_to_string(site.join("static/brand/logo.svg")).unwrap(),
        logo
    );
    assert!(
        html.contains("<link rel=\"icon\" href=\"/static/brand/favicon.svg?v="),
        "{html}"
    );
    assert!(
        html.contains("<style>:root{--brand:#5e35b1;--brand-hover:#"),
        "{html}"
    );
    assert!(site.join("static/brand/favicon.svg").is_file());
}

#[test]
fn the_default_favicon_is_the_themes_and_an_override_replaces_it() {
    let (_tmp, root) = help_center(ABSOLUTE, &[]);
    let site = build(&root);
    let html = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        html.contains("<link rel=\"icon\" href=\"/static/favicon.svg?v="),
        "{html}"
    );
    assert!(
        !html.contains("<style>:root"),
        "no accent, no colours of its own"
    );
    assert!(!html.contains("site-logo"));
    let built_in = fs::read(site.join("static/favicon.svg")).unwrap();
    // A theme override's static/favicon.svg wins.
    let (_tmp, root) = help_center(
        &format!("{ABSOLUTE}theme = \"mine\"\n"),
        &[(
            "themes/mine/static/favicon.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )],
    );
    let site = build(&root);
    let own = fs::read(site.join("static/favicon.svg")).unwrap();
    assert_ne!(own, built_in);
    assert_eq!(own, b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
}

#[test]
fn categories_name_built_in_icons_and_emoji_still_show() {
    let (_tmp, root) = help_center(
        ABSOLUTE,
        &[
            (
                "content/emoji/_index.md",
                "+++\ntitle = \"Emoji\"\nicon = \"🔑\"\n+++\n",
            ),
            ("content/emoji/a.md", "+++\ntitle = \"A\"\n+++\n\nText.\n"),
        ],
    );
    let site = build(&root);
    let home = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        home.contains("<span class=\"card-icon\" aria-hidden=\"true\"><svg class=\"icon\" aria-hidden=\"true\" focusable=\"false\""),
        "{home}"
    );
    assert!(home.contains("<span class=\"card-icon\" aria-hidden=\"true\">🔑</span>"));
    let page = fs::read_to_string(site.join("help/index.html")).unwrap();
    assert!(page.contains("<span class=\"page-icon\" aria-hidden=\"true\"><svg class=\"icon\""));
}

#[test]
fn a_theme_adds_icons_of_its_own() {
    let rocket = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path d=\"M12 2v20\"/></svg>";
    let (_tmp, root) = help_center(
        &format!("{ABSOLUTE}theme = \"mine\"\n"),
        &[
            ("themes/mine/icons/rocket.svg", rocket),
            (
                "content/help/_index.md",
                "+++\ntitle = \"Help\"\nicon = \"rocket\"\n+++\n",
            ),
        ],
    );
    let site = build(&root);
    let home = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(home.contains("<svg class=\"icon\" aria-hidden=\"true\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path d=\"M12 2v20\"/></svg>"), "{home}");
    // An icons/ folder holds SVG only.
    let (_tmp, root) = help_center(
        &format!("{ABSOLUTE}theme = \"mine\"\n"),
        &[("themes/mine/icons/rocket.png", "not an svg")],
    );
    let (code, diags) = check(&root);
    assert_eq!(code, Some(1));
    let d = find(&diags, "icons/ folder holds SVG files only");
    assert_eq!(d["file"], "themes/mine/icons/rocket.png");
}

#[test]
fn an_unknown_icon_name_is_an_error_with_did_you_mean() {
    let (_tmp, root) = help_center(
        ABSOLUTE,
        &[
            (
                "content/help/_index.md",
                "+++\ntitle = \"Help\"\nicon = \"lokc\"\n+++\n",
            ),
            (
                "content/more/_index.md",
                "+++\ntitle = \"More\"\nicon = \"spaceship\"\n+++\n",
            ),
            ("content/more/a.md", "+++\ntitle = \"A\"\n+++\n\nText.\n"),
        ],
    );
    let (code, diags) = check(&root);
    assert_eq!(code, Some(1));
    let d = find(&diags, "`icon` is \"lokc\"");
    assert_eq!(d["file"], "content/help/_index.md");
    assert_eq!(d["line"], 3);
    assert_eq!(d["help"], "did you mean \"lock\"?");
    let d = find(&diags, "`icon` is \"spaceship\"");
    let help = d["help"].as_str().unwrap();
    assert!(
        help.contains("lock") && help.contains("shield") && help.contains("chat"),
        "{help}"
    );
}

/// `helpbook build --format json` of `root` into `<root>/site`: its
/// diagnostics (the build must succeed).
fn build_json(root: &Path) -> Vec<Value> {
    let dest = root.join("site");
    let run = common::run(&[
        "build".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--dest".as_ref(),
        dest.as_os_str(),
    ]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    diagnostics(&run.json()).clone()
}

#[test]
fn build_warns_when_site_url_is_not_a_full_url() {
    for (book, line) in [
        ("[output.html]\nsite-url = \"/help/\"\n", Some(5)),
        ("", None),
    ] {
        let (_tmp, root) = help_center(book, &[]);
        // `check` is about the content: it says nothing of it.
        let (code, diags) = check(&root);
        assert_eq!((code, diags.len()), (Some(0), 0), "{diags:#?}");
        let diags = build_json(&root);
        let d = diags
            .iter()
            .find(|d| d["message"].as_str().unwrap().contains("site-url"))
            .unwrap_or_else(|| panic!("{diags:#?}"));
        assert_eq!(d["severity"], "warning");
        assert_eq!(d["file"], "book.toml");
        if let Some(line) = line {
            assert_eq!(d["line"], line);
        }
        let help = d["help"].as_str().unwrap();
        let path = if line.is_some() { "/help/" } else { "/" };
        assert!(
            help.contains(&format!("site-url = \"https://help.example.com{path}\"")),
            "{help}"
        );
        // robots.txt names no sitemap it cannot give a full URL for.
        let robots = fs::read_to_string(root.join("site/robots.txt")).unwrap();
        assert!(!robots.contains("Sitemap"), "{robots}");
    }
    let (_tmp, root) = help_center(ABSOLUTE, &[]);
    let diags = build_json(&root);
    assert!(diags.is_empty(), "{diags:#?}");
    let robots = fs::read_to_string(root.join("site/robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://help.example.com/sitemap.xml"),
        "{robots}"
    );
}

/// The JSON-LD of a built page.
fn json_ld(html: &str) -> Value {
    let start = "<script type=\"application/ld+json\">";
    let text = html
        .split(start)
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .unwrap_or_else(|| panic!("no JSON-LD in {html}"));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn pages_describe_themselves_in_json_ld() {
    let (_tmp, root) = help_center(ABSOLUTE, &[]);
    let site = build(&root);
    let html = fs::read_to_string(site.join("help/guide/index.html")).unwrap();
    let ld = json_ld(&html);
    assert_eq!(ld["@context"], "https://schema.org");
    let graph = ld["@graph"].as_array().unwrap();
    let crumbs = &graph[0];
    assert_eq!(crumbs["@type"], "BreadcrumbList");
    let items: Vec<(&str, &str)> = crumbs["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["name"].as_str().unwrap(), i["item"].as_str().unwrap()))
        .collect();
    assert_eq!(
        items,
        [
            ("Home", "https://help.example.com/"),
            ("Help", "https://help.example.com/help/"),
            ("A guide", "https://help.example.com/help/guide/"),
        ]
    );
    let article = &graph[1];
    assert_eq!(article["@type"], "Article");
    assert_eq!(article["headline"], "A guide");
    assert_eq!(article["dateModified"], "2026-10-14");
    assert_eq!(article["inLanguage"], "en");
    assert_eq!(
        article["mainEntityOfPage"],
        "https://help.example.com/help/guide/"
    );
    // A category page has breadcrumbs only; the not-found page has nothing
    // to say.
    let category = json_ld(&fs::read_to_string(site.join("help/index.html")).unwrap());
    assert_eq!(category["@type"], "BreadcrumbList");
    let html = fs::read_to_string(site.join("404.html")).unwrap();
    assert!(!html.contains("application/ld+json"));
    // The home page names the site and where its search is.
    let home = json_ld(&fs::read_to_string(site.join("index.html")).unwrap());
    assert_eq!(home["@type"], "WebSite");
    assert_eq!(home["name"], "Acme Help");
    assert_eq!(home["url"], "https://help.example.com/");
    assert_eq!(home["inLanguage"], "en");
    let action = &home["potentialAction"];
    assert_eq!(action["@type"], "SearchAction");
    assert_eq!(
        action["target"]["urlTemplate"],
        "https://help.example.com/search/?q={search_term_string}"
    );
    assert_eq!(action["query-input"], "required name=search_term_string");
}

#[test]
fn a_title_cannot_close_the_json_ld_script() {
    let title = "</script><script>alert(1)</script><!-- & \u{2028}";
    let (_tmp, root) = help_center(
        ABSOLUTE,
        &[(
            "content/help/guide.md",
            &format!(
                "+++\ntitle = {}\n+++\n\nText.\n",
                Value::String(title.into())
            ),
        )],
    );
    let site = build(&root);
    let html = fs::read_to_string(site.join("help/guide/index.html")).unwrap();
    assert!(!html.contains("<script>alert(1)"), "{html}");
    let ld = json_ld(&html);
    assert_eq!(ld["@graph"][1]["headline"], title);
}
