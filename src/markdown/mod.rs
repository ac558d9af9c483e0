//! Markdown: parsing bodies once (pulldown-cmark) and rendering them to HTML.
//!
//! [`parse`] keeps the event stream together with what later stages need from
//! it (headings with stable ids, links with their positions), so validation
//! and rendering never parse a file again. [`render`] turns the events into
//! HTML, rewriting internal links to URLs and adding the theme's markup for
//! GitHub alerts and tables.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use crate::theme::Strings;
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A heading of a Markdown body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The anchor id: `{#id}` when written, else a slug of the text, made
    /// unique within the page.
    pub id: String,
    /// Whether the writer gave the id explicitly.
    pub explicit_id: bool,
    /// Classes written as `{.class}`.
    pub classes: Vec<String>,
    /// The heading's text, without markup.
    pub text: String,
    /// Where it is in the file.
    pub span: Range<usize>,
    /// Where its text starts in [`Parsed::plain_text`] (sections for search
    /// are cut there).
    pub plain_offset: usize,
}

/// A link or image destination found in a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRef {
    /// The destination as written.
    pub dest: String,
    /// Where the link is in the file.
    pub span: Range<usize>,
    /// Index of its `Start` event, to rewrite it when rendering.
    pub event_index: usize,
    /// `![…](…)` rather than `[…](…)`.
    pub is_image: bool,
}

/// A `{{ name }}` in a body that no `[extra]` table defines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownValue {
    /// The name written.
    pub name: String,
    /// Where it is in the file.
    pub span: Range<usize>,
}

/// `{{ name }}` values a body is parsed with (shared by every article that
/// adds none of its own).
pub type Values = Arc<BTreeMap<String, String>>;

/// A parsed Markdown body: what validation and rendering need to know
/// about it. The event stream itself is not kept (it is several times the
/// size of the text); [`Parsed::events`] replays it from the source, with
/// the same indices, when a page is rendered.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The whole file.
    source: Arc<str>,
    /// The body's range in `source`.
    body: Range<usize>,
    /// What `{{ name }}` stands for.
    values: Values,
    /// `{{ name }}` references to values nobody defined.
    pub unknown_values: Vec<UnknownValue>,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Every link and image, in order.
    pub links: Vec<LinkRef>,
    /// Duplicate explicit heading ids: `(id, span)`.
    pub duplicate_ids: Vec<(String, Range<usize>)>,
    /// The text of the body without markup, for search and excerpts
    /// (shared with the search input).
    pub plain_text: Arc<str>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
}

/// The anchor slug of a heading's text: lower-case ASCII words joined by `-`
/// ("Can't log in?" → `can-t-log-in`); `section` when nothing is left.
pub fn slugify(text: &str) -> String {
    let slug = slug::slugify(text);
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// The events of a body, with the source range of each (in the whole file).
#[derive(Debug)]
pub struct Events<'a> {
    /// The events, text runs joined and values substituted.
    pub events: Vec<Event<'a>>,
    spans: Vec<Range<usize>>,
}

impl<'a> Events<'a> {
    /// The source range (in the whole file) of event `index`.
    pub fn span(&self, index: usize) -> Range<usize> {
        self.spans.get(index).cloned().unwrap_or(0..0)
    }
}

impl<'a> std::ops::Deref for Events<'a> {
    type Target = [Event<'a>];
    fn deref(&self) -> &[Event<'a>] {
        &self.events
    }
}

/// Runs pulldown-cmark over `source[body]`, one text event per run of text
/// (so `{{ name }}` is never split), values substituted.
fn stream<'a>(
    source: &'a str,
    body: Range<usize>,
    values: &BTreeMap<String, String>,
    unknown: &mut Vec<UnknownValue>,
) -> Events<'a> {
    let text = &source[body.clone()];
    let base = body.start;
    // About one event per 24 bytes of Markdown: most bodies need no regrowth.
    let mut events: Vec<Event<'a>> = Vec::with_capacity(text.len() / 24 + 16);
    let mut spans: Vec<Range<usize>> = Vec::with_capacity(text.len() / 24 + 16);
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let range = range.start + base..range.end + base;
        if let (Event::Text(t), Some(Event::Text(previous))) = (&event, events.last_mut()) {
            let mut joined = previous.to_string();
            joined.push_str(t);
            *previous = CowStr::from(joined);
            if let Some(last) = spans.last_mut() {
                last.end = last.end.max(range.end);
            }
            continue;
        }
        events.push(event);
        spans.push(range);
    }
    substitute_values(source, &mut events, &spans, values, unknown);
    Events { events, spans }
}

/// Parses `source[body]` (the body of a file whose whole text is `source`).
/// `values` are what `{{ name }}` in the text stands for (outside code).
pub fn parse(source: Arc<str>, body: Range<usize>, values: Values) -> Parsed {
    let mut parsed = Parsed::default();
    let Events { events, spans } =
        stream(&source, body.clone(), &values, &mut parsed.unknown_values);
    let mut used_ids: HashSet<String> = HashSet::new();
    // First the explicit ids, so slugs never take them.
    for event in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            used_ids.insert(id.to_string());
        }
    }
    let mut explicit_seen: HashSet<String> = HashSet::new();
    let mut plain = String::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let level = heading_level(*level);
                let classes: Vec<String> = classes.iter().map(|c| c.to_string()).collect();
                let explicit = id.as_ref().map(|s| s.to_string());
                let explicit_id = explicit.is_some();
                let mut text = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j] {
                        text.push_str(t);
                    }
                    j += 1;
                }
                let text = text.trim().to_string();
                let id = match explicit {
                    Some(id) => {
                        if !explicit_seen.insert(id.clone()) {
                            parsed.duplicate_ids.push((id.clone(), spans[i].clone()));
                        }
                        id
                    }
                    None => {
                        let base_slug = slugify(&text);
                        let mut candidate = base_slug.clone();
                        let mut n = 1;
                        while used_ids.contains(&candidate) {
                            candidate = format!("{base_slug}-{n}");
                            n += 1;
                        }
                        used_ids.insert(candidate.clone());
                        candidate
                    }
                };
                parsed.headings.push(Heading {
                    level,
                    explicit_id,
                    id,
                    classes,
                    text,
                    span: spans[i].clone(),
                    plain_offset: plain.len(),
                });
            }
            Event::Start(Tag::Link { dest_url, .. }) => parsed.links.push(LinkRef {
                dest: dest_url.to_string(),
                span: spans[i].clone(),
                event_index: i,
                is_image: false,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => parsed.links.push(LinkRef {
                dest: dest_url.to_string(),
                span: spans[i].clone(),
                event_index: i,
                is_image: true,
            }),
            Event::Text(t) | Event::Code(t) => {
                plain.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak => plain.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => plain.push('\n'),
            _ => {}
        }
        i += 1;
    }
    drop(events);
    parsed.plain_text = plain.into();
    parsed.source = source;
    parsed.body = body;
    parsed.values = values;
    parsed
}

/// Replaces `{{ name }}` in text (not in code) with `values[name]`; names
/// nobody defined are collected with their position.
fn substitute_values(
    source: &str,
    events: &mut [Event<'_>],
    spans: &[Range<usize>],
    values: &BTreeMap<String, String>,
    unknown: &mut Vec<UnknownValue>,
) {
    let mut in_code = false;
    for (event, span) in events.iter_mut().zip(spans) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) if !in_code && text.contains("{{") => {
                let mut out = String::with_capacity(text.len());
                let mut rest: &str = &*text;
                while let Some(open) = rest.find("{{") {
                    let Some(close) = rest[open + 2..].find("}}") else {
                        break;
                    };
                    let inner = &rest[open + 2..open + 2 + close];
                    let name = inner.trim();
                    out.push_str(&rest[..open]);
                    match values.get(name) {
                        Some(value) => out.push_str(value),
                        None => {
                            let written = &rest[open..open + 4 + close];
                            let at = source
                                .get(span.clone())
                                .and_then(|s| s.find(written))
                                .map_or(span.clone(), |i| {
                                    span.start + i..span.start + i + written.len()
                                });
                            unknown.push(UnknownValue {
                                name: name.to_string(),
                                span: at,
                            });
                            out.push_str(written);
                        }
                    }
                    rest = &rest[open + 4 + close..];
                }
                out.push_str(rest);
                *text = CowStr::from(out);
            }
            _ => {}
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A callout's class and the key of its title in the theme's strings.
fn callout_name(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "callout_note"),
        BlockQuoteKind::Tip => ("tip", "callout_tip"),
        BlockQuoteKind::Important => ("important", "callout_important"),
        BlockQuoteKind::Warning => ("warning", "callout_warning"),
        BlockQuoteKind::Caution => ("caution", "callout_caution"),
    }
}

impl Parsed {
    /// The events, in order, exactly as [`parse`] saw them (heading ids
    /// included): for rendering, and for structure built on top of
    /// Markdown, such as troubleshooting trees. Replayed from the source.
    pub fn events(&self) -> Events<'_> {
        let mut events = stream(
            &self.source,
            self.body.clone(),
            &self.values,
            &mut Vec::new(),
        );
        let mut headings = self.headings.iter();
        for event in events.events.iter_mut() {
            if let Event::Start(Tag::Heading { id, .. }) = event {
                if let Some(heading) = headings.next() {
                    if !heading.explicit_id {
                        *id = Some(CowStr::Borrowed(&heading.id));
                    }
                }
            }
        }
        events
    }
}

/// Renders `parsed` to HTML. `rewrites` maps a link's `event_index` to the URL
/// it should point to instead of what was written; `t` words the callouts'
/// titles.
pub fn render(parsed: &Parsed, rewrites: &BTreeMap<usize, String>, t: &Strings) -> String {
    render_events(parsed, rewrites, t, |_| true)
}

/// Renders only the events whose index `keep` accepts (a part of a body,
/// such as one step of a troubleshooting tree). The kept events must be
/// balanced (every start with its end).
pub fn render_events(
    parsed: &Parsed,
    rewrites: &BTreeMap<usize, String>,
    t: &Strings,
    keep: impl Fn(usize) -> bool,
) -> String {
    let mut out = String::with_capacity(parsed.plain_text.len() * 2);
    let mut last_heading = String::new();
    let mut in_heading = false;
    let source = parsed.events().events;
    let mut events: Vec<Event<'_>> = Vec::with_capacity(source.len() + 8);
    // The replayed events are moved, not copied, into what is rendered.
    for (index, event) in source.into_iter().enumerate() {
        if !keep(index) {
            continue;
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                title,
                id,
                ..
            }) if rewrites.contains_key(&index) => {
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(rewrites[&index].as_str()),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                title,
                id,
                ..
            }) if rewrites.contains_key(&index) => {
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(rewrites[&index].as_str()),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, key) = callout_name(kind);
                let label = escape_attr(&t.get(key));
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{label}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                events.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Start(Tag::Table(_)) => {
                let mut label = String::from("Table");
                if !last_heading.is_empty() {
                    let _ = write!(label, ": {}", last_heading);
                }
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
                    escape_attr(&label)
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

/// Escapes text for an HTML attribute value in double quotes.
pub fn escape_attr(text: &str) -> String {
    crate::theme::escape_html(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(s: &str) -> Parsed {
        parse(s.into(), 0..s.len(), Values::default())
    }

    #[test]
    fn values_are_substituted_outside_code() {
        let mut values = BTreeMap::new();
        values.insert("appeal-window".to_string(), "30 days".to_string());
        let s = "You have {{ appeal-window }} to *appeal*.\n\n`{{ appeal-window }}` and {{appeal-windw}}\n\n## Within {{appeal-window}}\n";
        let p = parse(s.into(), 0..s.len(), Arc::new(values));
        let html = render(&p, &BTreeMap::new(), &Strings::english());
        assert!(
            html.contains("You have 30 days to <em>appeal</em>"),
            "{html}"
        );
        assert!(html.contains("<code>{{ appeal-window }}</code>"), "{html}");
        assert_eq!(p.headings[0].text, "Within 30 days");
        assert_eq!(p.unknown_values.len(), 1);
        assert_eq!(p.unknown_values[0].name, "appeal-windw");
        assert_eq!(&s[p.unknown_values[0].span.clone()], "{{appeal-windw}}");
    }

    #[test]
    fn heading_ids_are_stable_and_unique() {
        let p = parse_all(
            "## Can't log in?\n\n## Use backup codes {#backup}\n\n## Can't log in?\n\n## Backup\n",
        );
        let ids: Vec<_> = p.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["can-t-log-in", "backup", "can-t-log-in-1", "backup-1"]
        );
        let html = render(&p, &BTreeMap::new(), &Strings::english());
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
        assert_eq!(p.links[0].dest, "../a/reset.md#by-email");
        assert_eq!(
            &s[p.links[0].span.clone()],
            "[reset](../a/reset.md#by-email)"
        );
        assert!(p.links[1].is_image);
        let mut rewrites = BTreeMap::new();
        rewrites.insert(p.links[0].event_index, "/a/reset/#by-email".to_string());
        let html = render(&p, &rewrites, &Strings::english());
        assert!(html.contains("href=\"/a/reset/#by-email\""), "{html}");
    }

    #[test]
    fn alerts_become_callouts_and_tables_scroll() {
        let p =
            parse_all("## Times\n\n> [!WARNING]\n> Careful.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        let html = render(&p, &BTreeMap::new(), &Strings::english());
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
