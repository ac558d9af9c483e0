//! `[insights]` (where pages send what readers do) and `[[search.expect]]`
//! (searches that must find an article, checked on every build).

use std::ops::Range;

use crate::base::data::{Fields, Node};
use crate::base::diagnostic::Diagnostic;
use crate::config::languages::Source;

/// The rank an expectation accepts when it does not say (`top`).
pub const DEFAULT_EXPECT_TOP: usize = 3;

/// One `[[search.expect]]`: a query readers type and the article (or tree
/// step) it must find among the first `top` results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchExpectation {
    /// What a reader types.
    pub query: String,
    /// The content path of the article (`account-access/hacked-account.md`),
    /// with `#step` for a troubleshooter's or wizard's step.
    pub article: String,
    /// The result must rank this high or better (1 = first).
    pub top: usize,
    /// The language whose index is searched; `None` for the help center's
    /// own language.
    pub language: Option<String>,
    /// Where the expectation is in book.toml (its `query`), for
    /// diagnostics.
    pub span: Range<usize>,
    /// Where its `article` is.
    pub article_span: Range<usize>,
}

/// `[insights] endpoint`: empty when unset. It must be an http(s) URL or a
/// path on the same host, with no spaces, control characters or
/// backslashes.
pub(crate) fn read_insights(mut f: Fields<'_>, diagnostics: &mut Vec<Diagnostic>) -> String {
    let span = f.span_of("endpoint").unwrap_or(0..0);
    let endpoint = f.take_string("endpoint").unwrap_or_default();
    let endpoint = endpoint.trim().to_string();
    // Backslashes count as `/` in browsers (`/\\host` is another host);
    // spaces and control characters are never part of a URL.
    let plain = !endpoint.contains(|c: char| c.is_control() || c.is_whitespace() || c == '\\');
    let usable = plain
        && (endpoint.starts_with("https://")
            || endpoint.starts_with("http://")
            || (endpoint.starts_with('/') && !endpoint.starts_with("//")));
    if !usable {
        f.error_at(
            &span,
            format!("`endpoint` in [insights] must be an http(s) URL or a path starting with `/`, not \"{endpoint}\""),
            Some("endpoint = \"https://insights.example.com/events\" (where `helpbook collect` listens, or your own collector)".into()),
        );
    }
    diagnostics.extend(f.finish());
    if usable {
        endpoint
    } else {
        String::new()
    }
}

/// The `[feedback]` table of earlier versions: an error saying what to write
/// instead (votes are now one kind of insights event, sent as JSON).
pub(crate) fn feedback_replaced(node: &Node, source: &Source<'_>) -> Diagnostic {
    let endpoint = match &node.value {
        crate::base::data::Value::Table(entries) => entries
            .iter()
            .find(|(k, _, _)| k == "endpoint")
            .and_then(|(_, _, v)| match &v.value {
                crate::base::data::Value::String(s) => Some(s.clone()),
                _ => None,
            }),
        _ => None,
    };
    let endpoint = endpoint.unwrap_or_else(|| "https://insights.example.com/events".into());
    Diagnostic::error("[feedback] is replaced by [insights]")
        .in_file(source.file)
        .at(source.text, node.span.clone())
        .with_help(format!(
            "write:\n[insights]\nendpoint = \"{endpoint}\"\n\"Was this helpful?\" votes are now sent there as JSON `vote` events, with searches, troubleshooter steps and contact clicks (schemas/insights-events-v1.json); `helpbook collect` receives them"
        ))
}

/// `[search]`: its `[[search.expect]]` entries.
pub(crate) fn read_search_expectations(
    mut f: Fields<'_>,
    source: &Source<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<SearchExpectation> {
    let nodes = f.take_table_array("expect");
    diagnostics.extend(f.finish());
    let mut out = Vec::new();
    for node in nodes {
        let mut f = Fields::new(node, "[[search.expect]]", source.file, source.text, 0);
        let span = f.span_of("query").unwrap_or(node.span.clone());
        let article_span = f.span_of("article").unwrap_or(node.span.clone());
        let top_span = f.span_of("top").unwrap_or(node.span.clone());
        let query = f.require_string("query", "query = \"hacked acount\"");
        let article = f.require_string("article", "article = \"account-access/hacked-account.md\"");
        let top = f.take_integer("top");
        let language = f.take_string("language");
        if let Some(article) = &article {
            let path = article.split('#').next().unwrap_or_default();
            if !path.ends_with(".md") || path.starts_with('/') {
                f.error_at(
                    &article_span,
                    format!("`article` must be a content path ending in .md, not \"{article}\""),
                    Some("the path under content/: article = \"account-access/hacked-account.md\" (add #step for a tree's step)".into()),
                );
            }
        }
        if let Some(query) = &query {
            if query.trim().is_empty() {
                f.error_at(
                    &span,
                    "`query` is empty".into(),
                    Some("query = \"hacked acount\"".into()),
                );
            }
        }
        let top = match top {
            None => Some(DEFAULT_EXPECT_TOP),
            Some(n) if (1..=100).contains(&n) => usize::try_from(n).ok(),
            Some(n) => {
                f.error_at(
                    &top_span,
                    format!("`top` must be from 1 to 100, not {n}"),
                    Some("top = 3 accepts the first three results".into()),
                );
                None
            }
        };
        diagnostics.extend(f.finish());
        if let (Some(query), Some(article), Some(top)) = (query, article, top) {
            out.push(SearchExpectation {
                query,
                article,
                top,
                language,
                span,
                article_span,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::Config;

    fn parse(extra: &str) -> (Option<Config>, Vec<String>) {
        let text = format!("[book]\ntitle = \"T\"\n{extra}");
        let (config, diagnostics) = Config::parse(&text, Path::new("book.toml"));
        let messages = diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {} | {}",
                    d.line.unwrap_or(0),
                    d.column.unwrap_or(0),
                    d.message,
                    d.help.clone().unwrap_or_default()
                )
            })
            .collect();
        (config, messages)
    }

    #[test]
    fn insights_endpoint_is_read_and_checked() {
        let (config, _) = parse("[insights]\nendpoint = \"https://i.example/events\"\n");
        assert_eq!(
            config.unwrap().insights_endpoint,
            "https://i.example/events"
        );
        let (config, _) = parse("");
        assert_eq!(config.unwrap().insights_endpoint, "");
        let (config, messages) = parse("[insights]\nendpoint = \"ftp://x\"\n");
        assert!(config.is_none());
        assert!(
            messages[0].starts_with("4:12 `endpoint` in [insights] must be"),
            "{messages:?}"
        );
        for bad in [
            "javascript:alert(1)",
            "/\\\\evil.example/e",
            "https://x/ e",
            "//evil.example",
        ] {
            let (config, _) = parse(&format!("[insights]\nendpoint = \"{bad}\"\n"));
            assert!(config.is_none(), "{bad}");
        }
    }

    #[test]
    fn the_feedback_table_says_what_to_write_instead() {
        let (config, messages) = parse("[feedback]\nendpoint = \"https://f.example/vote\"\n");
        assert!(config.is_none());
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].contains("[feedback] is replaced by [insights]"),
            "{messages:?}"
        );
        assert!(
            messages[0].contains("endpoint = \"https://f.example/vote\""),
            "{messages:?}"
        );
    }

    #[test]
    fn search_expectations_are_read_with_their_lines() {
        let (config, messages) = parse(
            "[[search.expect]]\nquery = \"hacked acount\"\narticle = \"account-access/hacked-account.md\"\n\n[[search.expect]]\nquery = \"recuperar cuenta\"\narticle = \"account-access/recover-your-account.md#confirm-identity\"\ntop = 1\nlanguage = \"es\"\n",
        );
        assert!(messages.is_empty(), "{messages:?}");
        let expect = config.unwrap().search_expectations;
        assert_eq!(expect.len(), 2);
        assert_eq!(expect[0].top, super::DEFAULT_EXPECT_TOP);
        assert_eq!(expect[1].language.as_deref(), Some("es"));
        assert_eq!(
            expect[1].article,
            "account-access/recover-your-account.md#confirm-identity"
        );
        let (config, messages) = parse(
            "[[search.expect]]\nquery = \"x\"\narticle = \"/abs/path\"\ntop = 0\nfirst = 1\n",
        );
        assert!(config.is_none());
        assert!(
            messages
                .iter()
                .any(|m| m.contains("content path ending in .md")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("from 1 to 100")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("unknown key `first`")),
            "{messages:?}"
        );
    }
}
