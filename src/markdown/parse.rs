//! Parsing a Markdown body once (pulldown-cmark) into what later stages
//! need: headings with stable ids, links with their positions, `{{ name }}`
//! values filled in. The events themselves are replayed from the source
//! when a page is rendered, and the plain text (for search and excerpts)
//! is made again from it when asked.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use super::compact::{Heading, Headings, HeadingsBuilder, LinkRef, Links, LinksBuilder};
use crate::base::text::SourceText;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

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
    /// The whole file (packed once parsed, in a full build).
    source: SourceText,
    /// The body's range in `source`.
    body: Range<usize>,
    /// What `{{ name }}` stands for.
    values: Values,
    /// `{{ name }}` references to values nobody defined.
    pub unknown_values: Vec<UnknownValue>,
    /// Every heading, in order.
    pub headings: Headings,
    /// Every link and image, in order.
    pub links: Links,
    /// Duplicate explicit heading ids: `(id, span)`.
    pub duplicate_ids: Vec<(String, Range<usize>)>,
    /// The length in bytes of [`Parsed::plain_text`].
    plain_len: usize,
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

/// The text of a link or image whose start event comes just before
/// `events`: its text and code up to its end, nested elements included.
fn inner_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    let mut depth = 0usize;
    for event in events {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
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
pub fn parse(source: impl Into<SourceText>, body: Range<usize>, values: Values) -> Parsed {
    let source = source.into();
    let mut parsed = Parsed::default();
    let text = source.get();
    let Events { events, spans } = stream(&text, body.clone(), &values, &mut parsed.unknown_values);
    let mut used_ids: HashSet<String> = HashSet::new();
    // First the explicit ids, so slugs never take them.
    for event in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            used_ids.insert(id.to_string());
        }
    }
    let mut explicit_seen: HashSet<String> = HashSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut plain = String::new();
    let mut headings = HeadingsBuilder::default();
    let mut links = LinksBuilder::default();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
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
                let text = text.trim();
                let id = match explicit {
                    Some(id) => {
                        if !explicit_seen.insert(id.clone()) {
                            parsed.duplicate_ids.push((id.clone(), spans[i].clone()));
                        }
                        id
                    }
                    None => unique_slug(slugify(text), &mut used_ids, &mut next_suffix),
                };
                let classes: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
                let heading = Heading {
                    level: heading_level(*level),
                    explicit_id,
                    id: &id,
                    text,
                    span: spans[i].clone(),
                    plain_offset: plain.len(),
                    classes: "",
                };
                headings.push(heading, &classes);
            }
            Event::Start(Tag::Link { dest_url, .. }) => links.push(LinkRef {
                dest: dest_url,
                span: spans[i].clone(),
                event_index: i,
                is_image: false,
                text: &inner_text(&events[i + 1..]),
            }),
            Event::Start(Tag::Image { dest_url, .. }) => links.push(LinkRef {
                dest: dest_url,
                span: spans[i].clone(),
                event_index: i,
                is_image: true,
                text: &inner_text(&events[i + 1..]),
            }),
            event => push_plain(event, &mut plain),
        }
        i += 1;
    }
    drop(events);
    // Kept to the end of a build: one string each, no room to grow (issue
    // 22).
    parsed.headings = headings.finish();
    parsed.links = links.finish();
    parsed.plain_len = plain.len();
    parsed.source = source;
    parsed.body = body;
    parsed.values = values;
    parsed
}

/// Adds what `event` stands for in a body's plain text: its text and
/// code, a space for a line break, a line end after a paragraph, heading,
/// list item or table cell.
fn push_plain(event: &Event<'_>, plain: &mut String) {
    match event {
        Event::Text(t) | Event::Code(t) => plain.push_str(t),
        Event::SoftBreak | Event::HardBreak => plain.push(' '),
        Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
            plain.push('\n')
        }
        _ => {}
    }
}

/// `slug`, or if a heading already has that id the first of `slug-1`,
/// `slug-2`… that none has; the id is added to `used`. `next_suffix`
/// remembers per slug where the last search ended (ids are only ever
/// added, so the numbers below it stay taken): a page of many headings
/// with the same text takes linear time, not quadratic.
fn unique_slug(
    slug: String,
    used: &mut HashSet<String>,
    next_suffix: &mut HashMap<String, usize>,
) -> String {
    if !used.contains(&slug) {
        used.insert(slug.clone());
        return slug;
    }
    let mut n = next_suffix.get(&slug).copied().unwrap_or(1);
    let mut candidate = format!("{slug}-{n}");
    while used.contains(&candidate) {
        n += 1;
        candidate = format!("{slug}-{n}");
    }
    used.insert(candidate.clone());
    next_suffix.insert(slug, n + 1);
    candidate
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
                let filled = fill(text, values, |name, written| {
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
                });
                *text = CowStr::from(filled);
            }
            _ => {}
        }
    }
}

/// `text` with each `{{ name }}` replaced by `values[name]`; one nobody
/// defined is kept as written and given to `unknown` (name, as written).
fn fill(
    text: &str,
    values: &BTreeMap<String, String>,
    mut unknown: impl FnMut(&str, &str),
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = text;
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
                unknown(name, written);
                out.push_str(written);
            }
        }
        rest = &rest[open + 4 + close..];
    }
    out.push_str(rest);
    out
}

/// The plain text of `text`, a body: what [`push_plain`] makes of the
/// events [`stream`] gives, without keeping them (runs of text joined, and
/// values filled in outside code, as `stream` does).
fn plain_of(text: &str, values: &BTreeMap<String, String>, capacity: usize) -> String {
    let mut plain = String::with_capacity(capacity);
    let mut run = String::new();
    let mut in_code = false;
    let flush = |run: &mut String, in_code: bool, plain: &mut String| {
        if !in_code && run.contains("{{") {
            plain.push_str(&fill(run, values, |_, _| {}));
        } else {
            plain.push_str(run);
        }
        run.clear();
    };
    for event in Parser::new_ext(text, options()) {
        if let Event::Text(t) = &event {
            run.push_str(t);
            continue;
        }
        flush(&mut run, in_code, &mut plain);
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
        push_plain(&event, &mut plain);
    }
    flush(&mut run, in_code, &mut plain);
    plain
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

impl Parsed {
    /// The text of the body without markup, for search and excerpts
    /// ([`Heading::plain_offset`] points into it). Made again from the
    /// source on each call, the same text [`parse`] made: kept, it was
    /// about as large as the source itself (issue 22).
    pub fn plain_text(&self) -> Arc<str> {
        let source = self.source.get();
        let body = source.get(self.body.clone()).unwrap_or_default();
        plain_of(body, &self.values, self.plain_len).into()
    }

    /// The length in bytes of [`Parsed::plain_text`], without making it.
    pub fn plain_len(&self) -> usize {
        self.plain_len
    }

    /// The whole file's text the body was parsed from, to replay its
    /// events from ([`Parsed::events`]); unpacked when packed.
    pub fn source(&self) -> Arc<str> {
        self.source.get()
    }

    /// The events, in order, exactly as [`parse`] saw them (heading ids
    /// included): for rendering, and for structure built on top of
    /// Markdown, such as troubleshooting trees. Replayed from `source`,
    /// which is [`Parsed::source`].
    pub fn events<'a>(&'a self, source: &'a str) -> Events<'a> {
        let mut events = stream(source, self.body.clone(), &self.values, &mut Vec::new());
        let mut headings = self.headings.iter();
        for event in events.events.iter_mut() {
            if let Event::Start(Tag::Heading { id, .. }) = event {
                if let Some(heading) = headings.next() {
                    if !heading.explicit_id {
                        *id = Some(CowStr::Borrowed(heading.id));
                    }
                }
            }
        }
        events
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// The ids as the first version made them: `-1`, `-2`… tried from the
    /// start for every heading.
    fn numbered_from_one(slugs: &[&str], explicit: &[&str]) -> Vec<String> {
        let mut used: HashSet<String> = explicit.iter().map(|s| s.to_string()).collect();
        slugs
            .iter()
            .map(|base| {
                let mut candidate = base.to_string();
                let mut n = 1;
                while used.contains(&candidate) {
                    candidate = format!("{base}-{n}");
                    n += 1;
                }
                used.insert(candidate.clone());
                candidate
            })
            .collect()
    }

    /// The plain text made again without keeping events is the one the
    /// replayed events give, packed or not, at the length `parse` saw.
    #[test]
    fn plain_text_is_the_replayed_events_text() {
        let values: Values = Arc::new(BTreeMap::from([
            ("days".to_string(), "30 days".to_string()),
            ("app".to_string(), "Murmur {{ days }}".to_string()),
        ]));
        let bodies = [
            "# Title {#top}\n\nText *with* `code` and {{ days }} and {{ nobody }}.\n",
            "Para {{days}} line\nsoft break  \nhard break\n\n- item {{ app }}\n- [link](a.md#x) ![alt](i.png)\n",
            "```\n{{ days }} in code\n```\n\n    indented {{ days }}\n\n{{ days",
            "| a | b |\n|---|---|\n| {{ days }} | `x` |\n\n> [!NOTE]\n> note {{ app }}\n",
            "Smart \"quotes\" -- and... <b>html</b> &amp; [^1]\n\n[^1]: foot {{ days }}\n",
            "## A\n## A\n### B {.c}\n\n1. one\n2. two\n\n- [ ] task\n~~gone~~",
            "",
        ];
        for body in bodies {
            let source = format!("+++\ntitle = \"T\"\n+++\n{body}");
            let start = source.len() - body.len();
            let parsed = parse(source.as_str(), start..source.len(), values.clone());
            let text = parsed.source();
            let mut replayed = String::new();
            for event in parsed.events(&text).iter() {
                push_plain(event, &mut replayed);
            }
            assert_eq!(&*parsed.plain_text(), replayed.as_str(), "{body:?}");
            assert_eq!(parsed.plain_len(), replayed.len(), "{body:?}");
            parsed.source.pack();
            assert_eq!(&*parsed.plain_text(), replayed.as_str(), "{body:?}");
        }
    }

    #[test]
    fn unique_slugs_are_the_ones_numbering_from_one_gives() {
        let explicit = ["a-2", "b"];
        let slugs = [
            "a", "a", "a-1", "a", "a", "b", "b", "b-1", "a-3", "a", "c", "c-1", "c", "c", "b-1",
        ];
        let mut used: HashSet<String> = explicit.iter().map(|s| s.to_string()).collect();
        let mut next = HashMap::new();
        let fast: Vec<String> = slugs
            .iter()
            .map(|s| unique_slug(s.to_string(), &mut used, &mut next))
            .collect();
        assert_eq!(fast, numbered_from_one(&slugs, &explicit));
    }
}
