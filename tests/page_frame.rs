//! The page frame of the default theme (issue 18): "Contact us" in the
//! header of every page (marked current on the contact page, which has no
//! "Still need help?" band pointing at itself), the home page's title once,
//! the category navigation of category and article pages (the current page
//! marked, a long category cut short with a link to the rest), and "On this
//! page" only on articles with three headings or more. Built through the
//! CLI from a copy of `tests/fixtures/good` with a long article and a long
//! category added.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{build_to, copy_tree, fixture_path};

/// Articles in the added long category: more than the navigation lists.
const LONG_CATEGORY: usize = 14;

/// `good` plus `account/long.md` (three headings) and `many/` (a category
/// of [`LONG_CATEGORY`] articles), built; the temp folder and the site.
fn site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("src");
    copy_tree(&fixture_path("good"), &root);
    let content = root.join("content");
    fs::write(
        content.join("account/long.md"),
        "+++\ntitle = \"A long article\"\n+++\n\nIntro.\n\n## First {#first}\n\nText.\n\n### Detail\n\nText.\n\n## Second\n\nText.\n",
    )
    .unwrap();
    fs::create_dir_all(content.join("many")).unwrap();
    fs::write(
        content.join("many/_index.md"),
        "+++\ntitle = \"Many things\"\nweight = 99\n+++\n",
    )
    .unwrap();
    for n in 1..=LONG_CATEGORY {
        fs::write(
            content.join(format!("many/thing-{n:02}.md")),
            format!("+++\ntitle = \"Thing {n:02}\"\nweight = {n}\n+++\n\nAbout thing {n}.\n"),
        )
        .unwrap();
    }
    let dest = tmp.path().join("site");
    let run = build_to(&root, &dest);
    assert_eq!(run.code, Some(0), "{run:#?}");
    (tmp, dest)
}

fn read(site: &Path, page: &str) -> String {
    fs::read_to_string(site.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// The header of a page.
fn header(html: &str) -> &str {
    let start = html
        .find("<header class=\"site-header\">")
        .expect("a site header");
    let end = start + html[start..].find("</header>").expect("the header's end");
    &html[start..end]
}

/// The category navigation of a page, if it has one.
fn side_nav(html: &str) -> Option<&str> {
    let start = html.find("<nav class=\"side-nav\"")?;
    let end = start + html[start..].find("</nav>")?;
    Some(&html[start..end])
}

#[test]
fn every_page_has_contact_us_in_its_header_and_the_contact_page_marks_it_current() {
    let (_tmp, site) = site();
    for page in [
        "index.html",
        "account/index.html",
        "account/reset-password/index.html",
        "account/long/index.html",
        "search/index.html",
        "404.html",
        "contact/index.html",
    ] {
        let html = read(&site, page);
        let header = header(&html);
        let link = if page.starts_with("contact/") {
            "<a class=\"header-contact\" href=\"/help/contact/\" aria-current=\"page\">"
        } else {
            "<a class=\"header-contact\" href=\"/help/contact/\">"
        };
        assert!(header.contains(link), "{page}: {header}");
        assert!(header.contains("Contact us</a>"), "{page}: {header}");
    }
    // The contact page does not send readers to itself with "Still need help?".
    let contact = read(&site, "contact/index.html");
    assert!(!contact.contains("class=\"help-cta\""));
    assert!(read(&site, "account/index.html").contains("class=\"help-cta\""));
}

#[test]
fn the_home_page_shows_the_site_title_once_above_the_footer() {
    let (_tmp, site) = site();
    let html = read(&site, "index.html");
    let body = html.split("<body").nth(1).unwrap();
    let above_footer = body.split("<footer class=\"site-footer\">").next().unwrap();
    assert_eq!(
        above_footer.matches(">Fixture Help<").count(),
        1,
        "{above_footer}"
    );
    assert!(html.contains("<h1 class=\"hero-title\">How can we help?</h1>"));
}

#[test]
fn category_and_article_pages_have_the_category_navigation_with_the_page_marked() {
    let (_tmp, site) = site();
    // An article: its category opened, the article current.
    let html = read(&site, "account/reset-password/index.html");
    let nav = side_nav(&html).expect("navigation on an article");
    assert!(nav.contains(
        "<li class=\"side-nav-item nav-level-0 is-open\"><a href=\"/help/account/\">Account</a></li>"
    ));
    assert!(nav.contains("<a href=\"/help/account/reset-password/\" aria-current=\"page\">"));
    assert!(nav.contains("nav-level-1\"><a href=\"/help/account/security/\">"));
    assert!(nav.contains("<a href=\"/help/messaging/\">"));
    assert_eq!(nav.matches("aria-current").count(), 1, "{nav}");
    // A category's own page: current, its content left to the page.
    let html = read(&site, "account/index.html");
    let nav = side_nav(&html).expect("navigation on a category");
    assert!(nav.contains("<a href=\"/help/account/\" aria-current=\"page\">"));
    assert!(!nav.contains("/help/account/reset-password/"), "{nav}");
    // A sub-category: its parent opened.
    let html = read(&site, "account/security/index.html");
    let nav = side_nav(&html).expect("navigation on a sub-category");
    assert!(
        nav.contains("is-open\"><a href=\"/help/account/\">"),
        "{nav}"
    );
    assert!(nav.contains("<a href=\"/help/account/security/\" aria-current=\"page\">"));
    // Not on the other pages.
    for page in [
        "index.html",
        "contact/index.html",
        "search/index.html",
        "404.html",
    ] {
        assert!(side_nav(&read(&site, page)).is_none(), "{page}");
    }
}

#[test]
fn a_long_category_is_cut_short_in_the_navigation_but_the_current_article_is_listed() {
    let (_tmp, site) = site();
    let last = format!("many/thing-{LONG_CATEGORY:02}/index.html");
    let html = read(&site, &last);
    let nav = side_nav(&html).expect("navigation");
    // The first twelve, then the current one, then a link to the category for the rest.
    assert!(nav.contains(">Thing 12</a>"), "{nav}");
    assert!(!nav.contains(">Thing 13</a>"), "{nav}");
    assert!(nav.contains(&format!(
        "aria-current=\"page\">Thing {LONG_CATEGORY:02}</a>"
    )));
    assert!(nav.contains(&format!(
        "<a class=\"side-nav-more\" href=\"/help/many/\">All {LONG_CATEGORY} articles</a>"
    )));
    // The first article's page lists the same twelve, not the fourteenth.
    let html = read(&site, "many/thing-01/index.html");
    let nav = side_nav(&html).expect("navigation");
    assert!(
        !nav.contains(&format!(">Thing {LONG_CATEGORY:02}</a>")),
        "{nav}"
    );
}

#[test]
fn on_this_page_only_from_three_headings() {
    let (_tmp, site) = site();
    let long = read(&site, "account/long/index.html");
    assert!(long.contains("<nav class=\"toc\""));
    assert!(long.contains("<a href=\"#first\">First</a>"));
    assert!(long.contains("class=\"article-layout has-toc\""));
    // reset-password.md has two headings: no table of contents.
    let short = read(&site, "account/reset-password/index.html");
    assert!(!short.contains("<nav class=\"toc\""));
}

/// The footer, rendered once for the whole site, marks its link to the page
/// being read as the current page (the contact page's "Contact support", the
/// home page's "All topics", the search page's "Search"), and no other.
#[test]
fn the_footer_marks_its_link_to_the_page_being_read() {
    let (_tmp, site) = site();
    let footer = |page: &str| {
        let html = read(&site, page);
        let start = html
            .find("<footer class=\"site-footer\">")
            .expect("a footer");
        html[start..].to_string()
    };
    let contact = footer("contact/index.html");
    assert!(
        contact.contains("href=\"/help/contact/\" aria-current=\"page\""),
        "{contact}"
    );
    assert_eq!(contact.matches("aria-current").count(), 1, "{contact}");
    let article = footer("account/reset-password/index.html");
    assert!(!article.contains("aria-current"), "{article}");
    let home = footer("index.html");
    assert!(
        home.contains("href=\"/help/\" aria-current=\"page\""),
        "{home}"
    );
}
