//! The steps of a troubleshooting tree (`kind = "troubleshooter"` or
//! `kind = "wizard"`), read from the article's parsed Markdown, with the
//! problems a writer can see in the file itself: no steps, unknown or
//! conflicting end classes, ids unusable in URLs, duplicate ids, choices
//! without a label or twice the same, choices to steps that don't exist, an
//! unknown `start`. The graph (dead ends, traps, unreachable steps, long
//! paths, distances) is checked by `validate::trees`.
//!
//! Each top-level `## Question {#id}` is a step. Its body is ordinary
//! Markdown; its choices are the **last list** whose items are each one link
//! to another step (`#id`) or to an article (`@/path.md`). A step marked
//! `{.resolved}` or `{.escalate}` is an end.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::base::diagnostic::{line_col, Diagnostic};
use crate::base::did_you_mean::did_you_mean;
use crate::markdown::{Events, Heading, Parsed};
use crate::model::meta::ArticleMeta;
use crate::model::tree::{Choice, Node, Target, Terminal, Tree};

/// Step ids that would collide with the tree's own pages.
pub const RESERVED_IDS: &[&str] = &["map"];

/// The most steps a tree may have. Every step's page carries the whole
/// tree for `tree.js`, so a tree's pages grow with the square of its steps
/// (1,000 steps: 1,000 pages of about 200 KB each).
pub const MAX_TREE_STEPS: usize = 1000;

/// Diagnostics about one file, located in its text.
struct Found<'a> {
    file: &'a Path,
    source: &'a str,
    diagnostics: Vec<Diagnostic>,
}

impl Found<'_> {
    fn error(&mut self, message: String, span: Range<usize>, help: String) {
        self.diagnostics.push(
            Diagnostic::error(message)
                .in_file(self.file)
                .at(self.source, span)
                .with_help(help),
        );
    }
}

/// Reads the steps of a tree article. Returns `None` when there is nothing
/// to build (no steps, or more than [`MAX_TREE_STEPS`]); problems go to
/// the diagnostics either way. The
/// steps' distances (`depth`, `remaining`, `parent`) are left for
/// `validate::trees` to fill in.
pub fn read(
    parsed: &Parsed,
    meta: &ArticleMeta,
    source: &str,
    file: &Path,
) -> (Option<Tree>, Vec<Diagnostic>) {
    let mut found = Found {
        file,
        source,
        diagnostics: Vec::new(),
    };
    let events = parsed.events(source);
    let depth = depths(&events);
    let what = meta.kind.as_str();

    let starts = step_starts(&events, &depth);
    if starts.is_empty() {
        found.error(
            format!("this {what} has no steps: there is no start node"),
            events.span(0),
            "each step is a `##` heading with an id, its body, and a list of links to the next steps:\n## Can you receive a login code? {#start}\n\n- [Yes](#send-code)\n- [No](#no-code)".into(),
        );
        return (None, found.diagnostics);
    }
    if starts.len() > MAX_TREE_STEPS {
        // Refused before anything else is checked: the writer splits it
        // first, and then each part is checked.
        found.error(
            format!(
                "this {what} has {} steps; a {what} has at most {MAX_TREE_STEPS}",
                starts.len()
            ),
            events.span(starts[MAX_TREE_STEPS]),
            format!("split it into several {what}s that hand over to each other with article choices (- [Go on](@/path/next-part.md)): every step's page carries the whole {what}, so its pages grow with the square of its steps"),
        );
        return (None, found.diagnostics);
    }
    // Each heading by the source range of its events (its start and end).
    let mut heading_at: HashMap<Range<usize>, Heading<'_>> = HashMap::new();
    for h in parsed.headings.iter() {
        heading_at.entry(h.span.clone()).or_insert(h);
    }
    let mut nodes: Vec<Node> = Vec::new();
    let mut anchors = BTreeMap::new();
    for (n, &start) in starts.iter().enumerate() {
        let body_end = starts.get(n + 1).copied().unwrap_or(events.len());
        let Some(heading) = heading_at.get(&events.span(start)) else {
            continue;
        };
        let node = read_step(heading, &events, &depth, start..body_end, &mut found);
        // Headings inside the step are anchors on its page.
        for e in node.body.clone() {
            if let Some(h) = heading_at.get(&events.span(e)) {
                if h.level > 2 {
                    anchors.insert(h.id.to_string(), nodes.len());
                }
            }
        }
        nodes.push(node);
    }
    duplicate_ids(&nodes, parsed, &mut found);
    resolve_choices(&mut nodes, &anchors, what, &mut found);
    let start = start_step(meta, &nodes, &mut found);
    let tree = Tree {
        kind: meta.kind,
        nodes,
        start,
        intro: 0..starts[0],
        anchors,
    };
    (Some(tree), found.diagnostics)
}

/// The events where steps start: top-level `##` headings.
fn step_starts(events: &Events<'_>, depth: &[usize]) -> Vec<usize> {
    events
        .iter()
        .enumerate()
        .filter(|(i, event)| {
            depth[*i] == 0
                && matches!(
                    event,
                    Event::Start(Tag::Heading {
                        level: HeadingLevel::H2,
                        ..
                    })
                )
        })
        .map(|(i, _)| i)
        .collect()
}

/// The step whose heading (`heading`) starts at event `range.start`, its
/// body running to `range.end`: its end class, id checks and choices
/// (targets not yet resolved).
fn read_step(
    heading: &Heading<'_>,
    events: &Events<'_>,
    depth: &[usize],
    range: Range<usize>,
    found: &mut Found<'_>,
) -> Node {
    let start = range.start;
    let mut end = start + 1;
    while end < events.len() && !matches!(events[end], Event::End(TagEnd::Heading(_))) {
        end += 1;
    }
    let body = (end + 1).min(range.end)..range.end;
    let terminal = end_class(heading, found);
    check_step_id(heading, found);
    let (choice_list, choices) = last_choice_list(events, depth, &body);
    Node {
        id: heading.id.to_string(),
        question: heading.text.to_string(),
        terminal,
        span: heading.span.clone(),
        body,
        choice_list,
        choices,
        depth: None,
        remaining: None,
        parent: None,
    }
}

/// `.resolved` or `.escalate` from the heading's classes; a misspelt or
/// conflicting class is an error.
fn end_class(heading: &Heading<'_>, found: &mut Found<'_>) -> Option<Terminal> {
    let mut terminal = None;
    for class in heading.classes() {
        let class_end = match class {
            "resolved" => Some(Terminal::Resolved),
            "escalate" => Some(Terminal::Escalate),
            other => {
                if let Some(s) = did_you_mean(other, ["resolved", "escalate"]) {
                    found.error(
                        format!("unknown step class `.{other}` on step `{}`", heading.id),
                        heading.span.clone(),
                        format!("did you mean `.{s}`?"),
                    );
                }
                None
            }
        };
        if let Some(class_end) = class_end {
            if terminal.is_some_and(|t| t != class_end) {
                found.error(
                    format!("step `{}` is marked both `.resolved` and `.escalate`", heading.id),
                    heading.span.clone(),
                    "keep one: `.resolved` when the problem is solved, `.escalate` when the reader should contact a person".into(),
                );
            } else {
                terminal = Some(class_end);
            }
        }
    }
    terminal
}

/// A step's id names its page: it must be usable in a URL and not reserved.
fn check_step_id(heading: &Heading<'_>, found: &mut Found<'_>) {
    if !is_url_safe_id(heading.id) {
        found.error(
            format!("step id `{}` can't be used in a URL", heading.id),
            heading.span.clone(),
            format!(
                "each step gets its own page named after its id; use lower-case letters, digits and hyphens: {{#{}}}",
                crate::markdown::slugify(heading.id)
            ),
        );
    } else if RESERVED_IDS.contains(&heading.id) {
        found.error(
            format!("step id `{}` is reserved", heading.id),
            heading.span.clone(),
            format!(
                "the tree's overview page is at `{}/`; give this step another id",
                heading.id
            ),
        );
    }
}

/// The choices of a step: the last top-level list in `body` whose items are
/// all one choice link, with its events.
fn last_choice_list(
    events: &Events<'_>,
    depth: &[usize],
    body: &Range<usize>,
) -> (Option<Range<usize>>, Vec<Choice>) {
    let mut choice_list = None;
    let mut choices = Vec::new();
    let mut i = body.start;
    while i < body.end {
        if depth[i] == 0 && matches!(events[i], Event::Start(Tag::List(_))) {
            let mut j = i + 1;
            while j < body.end
                && !(depth[j] == 0 && matches!(events[j], Event::End(TagEnd::List(_))))
            {
                j += 1;
            }
            let shape = read_list(events, i, j.min(events.len() - 1), depth);
            if let Some(list) = shape.choices {
                choice_list = Some(shape.events);
                choices = list;
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    (choice_list, choices)
}

/// Two steps with one id, and (outside steps) two headings with one id.
fn duplicate_ids(nodes: &[Node], parsed: &Parsed, found: &mut Found<'_>) {
    // Where each id is first used (its line is only worked out when needed).
    let mut first_at: HashMap<&str, usize> = HashMap::new();
    for node in nodes {
        if let Some(&at) = first_at.get(node.id.as_str()) {
            let first = line_col(found.source, at).0;
            found.error(
                format!(
                    "two steps have the id `{}` (the first is on line {first})",
                    node.id
                ),
                node.span.clone(),
                "give each step its own id: choices that link to it would be ambiguous".into(),
            );
        } else {
            first_at.insert(&node.id, node.span.start);
        }
    }
    let step_spans: HashSet<&Range<usize>> = nodes.iter().map(|n| &n.span).collect();
    for (id, span) in &parsed.duplicate_ids {
        if !step_spans.contains(span) {
            found.error(
                format!("two headings have the id `{id}`"),
                span.clone(),
                "give each heading its own {#id}: links to this anchor would be ambiguous".into(),
            );
        }
    }
}

/// Points every choice at its step (or a page), and checks the labels: none
/// empty, no two alike in one step.
fn resolve_choices(
    nodes: &mut [Node],
    anchors: &BTreeMap<String, usize>,
    what: &str,
    found: &mut Found<'_>,
) {
    let ids: Vec<String> = nodes.iter().map(|n| n.id.clone()).collect();
    // The first step with each id.
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        index.entry(id.as_str()).or_insert(i);
    }
    for node in nodes.iter_mut() {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for choice in &mut node.choices {
            check_label(choice, &node.id, &mut seen, found);
            choice.target = match choice.dest.strip_prefix('#') {
                None => Target::Page,
                Some(id) => match index.get(id) {
                    Some(&t) => Target::Node(t),
                    None => {
                        let help = missing_step_help(id, &ids, anchors, what);
                        found.error(
                            format!(
                                "choice \"{}\" points to `#{id}`, but no step has that id",
                                choice.label
                            ),
                            choice.span.clone(),
                            help,
                        );
                        Target::Missing
                    }
                },
            };
        }
    }
}

/// A choice needs a label, different from the other choices' of its step
/// (`seen`: lower-cased labels so far → where the first is).
fn check_label(
    choice: &Choice,
    node_id: &str,
    seen: &mut BTreeMap<String, usize>,
    found: &mut Found<'_>,
) {
    if choice.label.is_empty() {
        found.error(
            format!("a choice in step `{node_id}` has no label"),
            choice.span.clone(),
            "write what the reader would answer between the brackets: - [I can't find the code](#no-code)".into(),
        );
        return;
    }
    let key = choice.label.to_lowercase();
    if let Some(&at) = seen.get(&key) {
        let first = line_col(found.source, at).0;
        found.error(
            format!(
                "step `{node_id}` has two choices labelled \"{}\" (the first is on line {first})",
                choice.label
            ),
            choice.span.clone(),
            "readers can't tell them apart: reword one, or merge them".into(),
        );
    } else {
        seen.insert(key, choice.span.start);
    }
}

/// What to say about a choice to `#id` when no step has that id.
fn missing_step_help(
    id: &str,
    ids: &[String],
    anchors: &BTreeMap<String, usize>,
    what: &str,
) -> String {
    if let Some(&inside) = anchors.get(id) {
        return format!(
            "`#{id}` is a heading inside step `{}`; link to a step's id instead: #{}",
            ids[inside], ids[inside]
        );
    }
    match did_you_mean(id, ids.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `#{s}`?"),
        None => format!(
            "link to one of this {what}'s steps ({}), or to an article with @/path.md",
            ids.iter()
                .take(8)
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The index of the first step: `start` in front matter, else the first.
fn start_step(meta: &ArticleMeta, nodes: &[Node], found: &mut Found<'_>) -> usize {
    let Some(start) = &meta.start else {
        return 0;
    };
    if let Some(i) = nodes.iter().position(|n| n.id == start.text) {
        return i;
    }
    let ids = nodes.iter().map(|n| n.id.as_str());
    let help = match did_you_mean(&start.text, ids) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None => format!(
            "name the id of a step, or remove `start` to begin with the first step (`{}`)",
            nodes[0].id
        ),
    };
    found.error(
        format!(
            "`start` is \"{}\", but no step has that id: there is no start node",
            start.text
        ),
        start.span.clone(),
        help,
    );
    0
}

/// Nesting depth of each event (0 = top level of the body).
fn depths(events: &[Event<'_>]) -> Vec<usize> {
    let mut depth = 0usize;
    events
        .iter()
        .map(|e| match e {
            Event::Start(_) => {
                depth += 1;
                depth - 1
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                depth
            }
            _ => depth,
        })
        .collect()
}

/// Whether a link destination can be a choice: a step (`#id`) or a page of
/// the help center (a `.md` file, relative or `@/`).
fn is_choice_dest(dest: &str) -> bool {
    if dest.starts_with('#') {
        return true;
    }
    if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with('/') {
        return false;
    }
    let path = dest.split('#').next().unwrap_or("");
    path.ends_with(".md") || path.starts_with("@/")
}

/// A list read as possible choices.
struct ListShape {
    events: Range<usize>,
    /// `Some` when every item is one choice link.
    choices: Option<Vec<Choice>>,
}

/// Reads the list whose start event is `start` (ending at `end`, inclusive).
fn read_list(events: &Events<'_>, start: usize, end: usize, depth: &[usize]) -> ListShape {
    let item_depth = depth[start] + 1;
    let mut choices = Vec::new();
    let mut ok = true;
    let mut i = start + 1;
    while i < end {
        if !(depth[i] == item_depth && matches!(events[i], Event::Start(Tag::Item))) {
            i += 1;
            continue;
        }
        // The item runs to its matching end.
        let mut j = i + 1;
        while j < end && !(depth[j] == item_depth && matches!(events[j], Event::End(TagEnd::Item)))
        {
            j += 1;
        }
        let mut link: Option<(usize, String)> = None;
        let mut links = 0;
        let mut label = String::new();
        let mut hint = String::new();
        let mut in_link = false;
        for (k, event) in events.iter().enumerate().take(j).skip(i + 1) {
            match event {
                Event::Start(Tag::Link { dest_url, .. }) => {
                    links += 1;
                    in_link = true;
                    link = Some((k, dest_url.to_string()));
                }
                Event::End(TagEnd::Link) => in_link = false,
                Event::Start(Tag::List(_) | Tag::Image { .. } | Tag::CodeBlock(_))
                | Event::TaskListMarker(_) => ok = false,
                Event::Text(t) | Event::Code(t) => {
                    if in_link {
                        label.push_str(t);
                    } else {
                        hint.push_str(t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if in_link {
                        label.push(' ');
                    } else {
                        hint.push(' ');
                    }
                }
                _ => {}
            }
        }
        match link {
            Some((link_event, dest)) if links == 1 && is_choice_dest(&dest) => {
                choices.push(Choice {
                    label: label.split_whitespace().collect::<Vec<_>>().join(" "),
                    hint: clean_hint(&hint),
                    target: Target::Missing,
                    dest,
                    span: events.span(i),
                    link_event,
                });
            }
            _ => ok = false,
        }
        i = j + 1;
    }
    ListShape {
        events: start..end + 1,
        choices: (ok && !choices.is_empty()).then_some(choices),
    }
}

/// The text after a choice's link, without the dash or colon that joins it.
fn clean_hint(hint: &str) -> String {
    let flat = hint.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.trim_start_matches(['—', '–', '-', ':', ',', '(', ' '])
        .trim_end_matches(')')
        .trim()
        .to_string()
}

/// Lower-case letters, digits, `-` and `_`: ids become URL segments.
fn is_url_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}
