//! `page.json_ld`: what a page says about itself to search engines as
//! schema.org JSON-LD, written in a `<script type="application/ld+json">`
//! of the page's head: a `BreadcrumbList` on every page with breadcrumbs
//! (but the not-found page),
//! an `Article` (headline, description, language, `dateModified`) on
//! articles and a tree's first step, and a `WebSite` on the home page (its
//! name, and the search page as a `SearchAction` when search is on). URLs
//! are absolute when `site-url` is.

use serde_json::{json, Value};

use crate::config::Config;
use crate::model::site::Article;
use crate::render::view::date::iso_date;
use crate::render::view::page::PageView;

/// The most characters of an `Article`'s headline (Google's limit).
const HEADLINE_LENGTH: usize = 110;

/// The JSON-LD of `page` (with `article` when it shows one), safe inside
/// `<script>`: `<` is escaped, so no title can close the element. Empty
/// when there is nothing to say (the home page, a redirect, the not-found
/// page).
pub(crate) fn json_ld(config: &Config, page: &PageView, article: Option<&Article>) -> String {
    let mut graph = Vec::new();
    if let Some(crumbs) = breadcrumb_list(config, page) {
        graph.push(crumbs);
    }
    if let Some(article) = article {
        graph.push(article_of(config, page, article));
    }
    if page.kind == "home" {
        graph.push(web_site(config, page));
    }
    let value = match graph.len() {
        0 => return String::new(),
        1 => {
            let mut only = graph.remove(0);
            only["@context"] = json!("https://schema.org");
            only
        }
        _ => json!({ "@context": "https://schema.org", "@graph": graph }),
    };
    script_safe(&value.to_string())
}

/// JSON text made safe inside a `<script>` element: `<`, `>` and `&` as
/// `\u` escapes (a string may hold `</script>` or `<!--`), and the line
/// separators that older JavaScript parsers refuse.
pub(crate) fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The page's breadcrumbs, itself last; `None` without breadcrumbs.
fn breadcrumb_list(config: &Config, page: &PageView) -> Option<Value> {
    if page.breadcrumbs.is_empty() || matches!(page.kind, "redirect" | "not_found") {
        return None;
    }
    let current = page.crumb_title.as_deref().unwrap_or(&page.title);
    let items: Vec<Value> = page
        .breadcrumbs
        .iter()
        .map(|c| (c.title.as_str(), c.url.as_str()))
        .chain([(current, page.url.as_str())])
        .enumerate()
        .map(|(i, (name, url))| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": name,
                "item": config.absolute_url(url),
            })
        })
        .collect();
    Some(json!({ "@type": "BreadcrumbList", "itemListElement": items }))
}

/// An `Article` for `article`, shown on `page`.
fn article_of(config: &Config, page: &PageView, article: &Article) -> Value {
    let mut value = json!({
        "@type": "Article",
        "headline": headline(&article.meta.title),
        "inLanguage": config.language,
        "mainEntityOfPage": page.canonical_url,
        "url": page.canonical_url,
        "publisher": { "@type": "Organization", "name": config.title },
    });
    if !page.description.is_empty() {
        value["description"] = json!(page.description);
    }
    let updated = iso_date(article.meta.updated);
    if !updated.is_empty() {
        value["dateModified"] = json!(updated);
    }
    value
}

/// The help center as a `WebSite`, for its home page `page`: what search
/// engines show as the site's name, and where its search is.
fn web_site(config: &Config, page: &PageView) -> Value {
    let mut value = json!({
        "@type": "WebSite",
        "name": config.title,
        "url": page.canonical_url,
        "inLanguage": config.language,
    });
    if !page.description.is_empty() {
        value["description"] = json!(page.description);
    }
    if config.search_enabled {
        let search = config.absolute_url(&config.url("search/"));
        value["potentialAction"] = json!({
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": format!("{search}?q={{search_term_string}}"),
            },
            "query-input": "required name=search_term_string",
        });
    }
    value
}

/// `title`, cut on a word to at most [`HEADLINE_LENGTH`] characters.
fn headline(title: &str) -> String {
    if title.chars().count() <= HEADLINE_LENGTH {
        return title.to_string();
    }
    crate::render::view::page::excerpt(title, HEADLINE_LENGTH - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_can_close_the_script() {
        let json =
            json!({ "name": "</script><script>alert(1)</script> <!-- & \u{2028}" }).to_string();
        let safe = script_safe(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(
            back["name"],
            "</script><script>alert(1)</script> <!-- & \u{2028}"
        );
    }

    #[test]
    fn long_headlines_are_cut_on_words() {
        let long = "word ".repeat(40);
        let cut = headline(long.trim());
        assert!(cut.chars().count() <= HEADLINE_LENGTH, "{cut}");
        assert!(cut.ends_with('…'));
        assert_eq!(headline("Reset your password"), "Reset your password");
    }
}
