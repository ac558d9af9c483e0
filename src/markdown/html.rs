//! Markdown to HTML: a parsed body's events replayed and written by
//! pulldown-cmark, with internal links rewritten to URLs and helpbook's own
//! markup (callouts for GitHub alerts, scrollable tables) worded in the
//! page's language.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use crate::base::html::escape_html;
use crate::base::url::unsafe_link_scheme;
use crate::markdown::compact::LinkUrls;
use crate::markdown::parse::Parsed;

/// The words of the markup helpbook adds around Markdown, in the page's
/// language (the theme's strings `callout_*`, `table` and `table_named`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labels {
    /// Title of `> [!NOTE]`.
    pub note: String,
    /// Title of `> [!TIP]`.
    pub tip: String,
    /// Title of `> [!IMPORTANT]`.
    pub important: String,
    /// Title of `> [!WARNING]`.
    pub warning: String,
    /// Title of `> [!CAUTION]`.
    pub caution: String,
    /// A table's accessible name when no heading comes before it.
    pub table: String,
    /// A table's accessible name under a heading; `{heading}` is its text.
    pub table_named: String,
}

/// A callout's class and its title.
fn callout(kind: BlockQuoteKind, labels: &Labels) -> (&'static str, &str) {
    match kind {
        BlockQuoteKind::Note => ("note", &labels.note),
        BlockQuoteKind::Tip => ("tip", &labels.tip),
        BlockQuoteKind::Important => ("important", &labels.important),
        BlockQuoteKind::Warning => ("warning", &labels.warning),
        BlockQuoteKind::Caution => ("caution", &labels.caution),
    }
}

/// `event` without what the checks refuse in a body, for a preview that
/// renders despite errors: a link or image whose URL would run a script
/// points nowhere, and NUL becomes U+FFFD (as HTML parsers read it).
fn defused(event: Event<'_>) -> Event<'_> {
    fn nul(t: CowStr<'_>) -> CowStr<'_> {
        if t.contains('\0') {
            CowStr::from(t.replace('\0', "\u{FFFD}"))
        } else {
            t
        }
    }
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if unsafe_link_scheme(&dest_url, false).is_some() => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if unsafe_link_scheme(&dest_url, true).is_some() => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::Borrowed(""),
            title,
            id,
        }),
        Event::Text(t) => Event::Text(nul(t)),
        Event::Code(t) => Event::Code(nul(t)),
        Event::Html(t) => Event::Html(nul(t)),
        Event::InlineHtml(t) => Event::InlineHtml(nul(t)),
        other => other,
    }
}

/// Renders `parsed` to HTML. `rewrites` maps a link's `event_index` to the URL
/// it should point to instead of what was written; `labels` word the
/// markup helpbook adds (callout titles, table names).
pub fn render(parsed: &Parsed, rewrites: &LinkUrls, labels: &Labels) -> String {
    render_events(parsed, rewrites, labels, |_| true)
}

/// Renders only the events whose index `keep` accepts (a part of a body,
/// such as one step of a troubleshooting tree). The kept events must be
/// balanced (every start with its end).
pub fn render_events(
    parsed: &Parsed,
    rewrites: &LinkUrls,
    labels: &Labels,
    keep: impl Fn(usize) -> bool,
) -> String {
    let text = parsed.source();
    let source = parsed.events(&text).events;
    let capacity = (source.len() + 8, parsed.plain_len() * 2);
    // The replayed events are moved, not copied, into what is rendered.
    let kept = source
        .into_iter()
        .enumerate()
        .filter(|(index, _)| keep(*index));
    write_html(kept, capacity, rewrites, labels)
}

/// Renders several parts of one body, replaying its events once for all
/// of them (a tree's steps, each shown on its own page: replaying the whole
/// body for each made a tree's pages take the square of its steps). Each
/// part is the events in its first range less those in its second; they
/// must be balanced.
pub fn render_parts(
    parsed: &Parsed,
    rewrites: &LinkUrls,
    labels: &Labels,
    parts: &[(Range<usize>, Range<usize>)],
) -> Vec<String> {
    let text = parsed.source();
    let events = parsed.events(&text);
    parts
        .iter()
        .map(|(keep, skip)| {
            let kept = keep
                .clone()
                .filter(|index| !skip.contains(index))
                .filter_map(|index| Some((index, events.get(index)?.clone())));
            let size = keep.len().min(events.len());
            write_html(kept, (size + 8, size * 16), rewrites, labels)
        })
        .collect()
}

/// Writes `source` (events with their index in the body) as HTML;
/// `capacity` is a guess at (events, bytes of HTML).
fn write_html<'e>(
    source: impl Iterator<Item = (usize, Event<'e>)>,
    capacity: (usize, usize),
    rewrites: &LinkUrls,
    labels: &Labels,
) -> String {
    let mut out = String::with_capacity(capacity.1);
    let mut last_heading = String::new();
    let mut in_heading = false;
    let mut events: Vec<Event<'_>> = Vec::with_capacity(capacity.0);
    for (index, event) in source {
        let event = defused(event);
        match event {
            Event::Start(Tag::Link {
                link_type,
                title,
                id,
                ..
            }) if rewrites.get(index).is_some() => {
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(rewrites.get(index).unwrap_or_default()),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                title,
                id,
                ..
            }) if rewrites.get(index).is_some() => {
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(rewrites.get(index).unwrap_or_default()),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = callout(kind, labels);
                let label = escape_html(title);
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{label}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                events.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Start(Tag::Table(_)) => {
                let label = if last_heading.is_empty() {
                    labels.table.clone()
                } else {
                    labels.table_named.replace("{heading}", &last_heading)
                };
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
                    escape_html(&label)
                ))));
                events.push(event);
            }
            Event::End(TagEnd::Table) => {
                events.push(event);
                events.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                last_heading.clear();
                events.push(event);
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                events.push(event);
            }
            Event::Text(ref t) | Event::Code(ref t) if in_heading => {
                last_heading.push_str(t);
                events.push(event);
            }
            _ => events.push(event),
        }
    }
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use std::collections::BTreeMap;

    use super::*;
    use crate::markdown::parse::{parse, Values};

    fn labels() -> Labels {
        Labels {
            note: "Note".into(),
            tip: "Tip".into(),
            important: "Important".into(),
            warning: "Warning".into(),
            caution: "Caution".into(),
            table: "Table".into(),
            table_named: "Table: {heading}".into(),
        }
    }

    fn parse_all(s: &str) -> Parsed {
        parse(s, 0..s.len(), Values::default())
    }

    #[test]
    fn values_are_substituted_outside_code() {
        let mut values = BTreeMap::new();
        values.insert("appeal-window".to_string(), "30 days".to_string());
        let s = "You have {{ appeal-window }} to *appeal*.\n\n`{{ appeal-window }}` and {{appeal-windw}}\n\n## Within {{appeal-window}}\n";
        let p = parse(s, 0..s.len(), Arc::new(values));
        let html = render(&p, &LinkUrls::default(), &labels());
        assert!(
            html.contains("You have 30 days to <em>appeal</em>"),
            "{html}"
        );
        assert!(html.contains("<code>{{ appeal-window }}</code>"), "{html}");
        assert_eq!(p.headings.first().map(|h| h.text), Some("Within 30 days"));
        assert_eq!(p.unknown_values.len(), 1);
        assert_eq!(p.unknown_values[0].name, "appeal-windw");
        assert_eq!(&s[p.unknown_values[0].span.clone()], "{{appeal-windw}}");
    }

    #[test]
    fn heading_ids_are_stable_and_unique() {
        let p = parse_all(
            "## Can't log in?\n\n## Use backup codes {#backup}\n\n## Can't log in?\n\n## Backup\n",
        );
        let ids: Vec<_> = p.headings.iter().map(|h| h.id).collect();
        assert_eq!(
            ids,
            ["can-t-log-in", "backup", "can-t-log-in-1", "backup-1"]
        );
        let html = render(&p, &LinkUrls::default(), &labels());
        assert!(html.contains("<h2 id=\"can-t-log-in\">"), "{html}");
        assert!(html.contains("<h2 id=\"backup\">"), "{html}");
    }

    #[test]
    fn duplicate_explicit_ids_are_reported() {
        let p = parse_all("## A {#x}\n\n## B {#x}\n");
        assert_eq!(p.duplicate_ids.len(), 1);
    }

    #[test]
    fn links_are_found_and_rewritten() {
        let s = "intro\n\nSee [reset](../a/reset.md#by-email) and ![logo](img.png).\n";
        let p = parse_all(s);
        assert_eq!(p.links.len(), 2);
        let links: Vec<_> = p.links.iter().collect();
        assert_eq!(links[0].dest, "../a/reset.md#by-email");
        assert_eq!(&s[links[0].span.clone()], "[reset](../a/reset.md#by-email)");
        assert!(links[1].is_image);
        let rewrites = BTreeMap::from([(links[0].event_index, "/a/reset/#by-email".to_string())]);
        let html = render(&p, &rewrites.into(), &labels());
        assert!(html.contains("href=\"/a/reset/#by-email\""), "{html}");
    }

    #[test]
    fn alerts_become_callouts_and_tables_scroll() {
        let p =
            parse_all("## Times\n\n> [!WARNING]\n> Careful.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        let html = render(&p, &LinkUrls::default(), &labels());
        assert!(
            html.contains("<div class=\"callout callout-warning\" role=\"note\">"),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"callout-title\">Warning</p>"),
            "{html}"
        );
        assert!(!html.contains("<blockquote"), "{html}");
        assert!(html.contains("aria-label=\"Table: Times\""), "{html}");
    }
}
