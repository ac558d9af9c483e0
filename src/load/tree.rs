//! Troubleshooting trees: the steps of a `kind = "troubleshooter"` or
//! `kind = "wizard"` article, read from its parsed Markdown, and the checks
//! that keep readers from getting stuck.
//!
//! Each top-level `## Question {#id}` is a step. Its body is ordinary
//! Markdown; its choices are the **last list** whose items are each one link
//! to another step (`#id`) or to an article (`@/path.md`). A step marked
//! `{.resolved}` or `{.escalate}` is an end. The checks follow the graph:
//! dead ends, traps (no way to an end), unreachable steps and long paths.

use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::base::diagnostic::Diagnostic;
use crate::base::did_you_mean::did_you_mean;
use crate::markdown::{Events, Parsed};
use crate::model::meta::ArticleMeta;
use crate::model::tree::{Choice, Node, Target, Terminal, Tree};

/// Paths longer than this many steps get a warning.
pub const MAX_STEPS: usize = 12;

/// Step ids that would collide with the tree's own pages.
pub const RESERVED_IDS: &[&str] = &["map"];

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

/// Reads the tree of an article and checks it. Returns `None` when there is
/// nothing to build (no steps); problems go to the diagnostics either way.
pub fn parse(
    parsed: &Parsed,
    meta: &ArticleMeta,
    source: &str,
    file: &Path,
) -> (Option<Tree>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let events = parsed.events();
    let depth = depths(&events);
    let error = |message: String, span: Range<usize>, help: String| {
        Diagnostic::error(message)
            .in_file(file)
            .at(source, span)
            .with_help(help)
    };
    let warning = |message: String, span: Range<usize>, help: String| {
        Diagnostic::warning(message)
            .in_file(file)
            .at(source, span)
            .with_help(help)
    };
    let what = meta.kind.as_str();

    // Steps: top-level h2 headings.
    let mut starts = Vec::new();
    for (i, event) in events.iter().enumerate() {
        if depth[i] == 0
            && matches!(
                event,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    ..
                })
            )
        {
            starts.push(i);
        }
    }
    let heading_at = |event: usize| {
        let span = events.span(event);
        parsed.headings.iter().find(|h| h.span == span)
    };

    if starts.is_empty() {
        let d = error(
            format!("this {what} has no steps: there is no start node"),
            events.span(0),
            "each step is a `##` heading with an id, its body, and a list of links to the next steps:\n## Can you receive a login code? {#start}\n\n- [Yes](#send-code)\n- [No](#no-code)".into(),
        );
        diagnostics.push(d);
        return (None, diagnostics);
    }

    let mut nodes: Vec<Node> = Vec::new();
    let mut anchors = BTreeMap::new();
    for (n, &start) in starts.iter().enumerate() {
        let Some(heading) = heading_at(start) else {
            continue;
        };
        let mut end = start + 1;
        while end < events.len() && !matches!(events[end], Event::End(TagEnd::Heading(_))) {
            end += 1;
        }
        let body_end = starts.get(n + 1).copied().unwrap_or(events.len());
        let body = (end + 1).min(body_end)..body_end;

        // Headings inside the step are anchors on its page.
        for h in &parsed.headings {
            let inside = body.clone().any(|e| events.span(e) == h.span);
            if inside && h.level > 2 {
                anchors.insert(h.id.clone(), nodes.len());
            }
        }

        // Terminal classes.
        let mut terminal = None;
        for class in &heading.classes {
            let found = match class.as_str() {
                "resolved" => Some(Terminal::Resolved),
                "escalate" => Some(Terminal::Escalate),
                other => {
                    if let Some(s) = did_you_mean(other, ["resolved", "escalate"]) {
                        diagnostics.push(error(
                            format!("unknown step class `.{other}` on step `{}`", heading.id),
                            heading.span.clone(),
                            format!("did you mean `.{s}`?"),
                        ));
                    }
                    None
                }
            };
            if let Some(found) = found {
                if terminal.is_some_and(|t| t != found) {
                    diagnostics.push(error(
                        format!("step `{}` is marked both `.resolved` and `.escalate`", heading.id),
                        heading.span.clone(),
                        "keep one: `.resolved` when the problem is solved, `.escalate` when the reader should contact a person".into(),
                    ));
                } else {
                    terminal = Some(found);
                }
            }
        }

        if !is_url_safe_id(&heading.id) {
            diagnostics.push(error(
                format!("step id `{}` can't be used in a URL", heading.id),
                heading.span.clone(),
                format!(
                    "each step gets its own page named after its id; use lower-case letters, digits and hyphens: {{#{}}}",
                    crate::markdown::slugify(&heading.id)
                ),
            ));
        } else if RESERVED_IDS.contains(&heading.id.as_str()) {
            diagnostics.push(error(
                format!("step id `{}` is reserved", heading.id),
                heading.span.clone(),
                format!(
                    "the tree's overview page is at `{}/`; give this step another id",
                    heading.id
                ),
            ));
        }

        // Choices: the last list whose items are all one choice link.
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
                let shape = read_list(&events, i, j.min(events.len() - 1), &depth);
                if let Some(found) = shape.choices {
                    choice_list = Some(shape.events);
                    choices = found;
                }
                i = j + 1;
            } else {
                i += 1;
            }
        }

        nodes.push(Node {
            id: heading.id.clone(),
            question: heading.text.clone(),
            terminal,
            span: heading.span.clone(),
            body,
            choice_list,
            choices,
            depth: None,
            remaining: None,
            parent: None,
        });
    }

    // Duplicate ids (explicit ones; generated ids are made unique).
    let mut first_line: BTreeMap<&str, usize> = BTreeMap::new();
    for node in &nodes {
        let line = crate::base::diagnostic::line_col(source, node.span.start).0;
        if let Some(first) = first_line.get(node.id.as_str()) {
            diagnostics.push(error(
                format!(
                    "two steps have the id `{}` (the first is on line {first})",
                    node.id
                ),
                node.span.clone(),
                "give each step its own id: choices that link to it would be ambiguous".into(),
            ));
        } else {
            first_line.insert(&node.id, line);
        }
    }
    for (id, span) in &parsed.duplicate_ids {
        if !nodes.iter().any(|n| &n.span == span) {
            diagnostics.push(error(
                format!("two headings have the id `{id}`"),
                span.clone(),
                "give each heading its own {#id}: links to this anchor would be ambiguous".into(),
            ));
        }
    }

    // Resolve choice targets and check labels.
    let ids: Vec<String> = nodes.iter().map(|n| n.id.clone()).collect();
    let index_of = |id: &str| ids.iter().position(|i| i == id);
    for node in &mut nodes {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let node_id = node.id.clone();
        for choice in &mut node.choices {
            let line = crate::base::diagnostic::line_col(source, choice.span.start).0;
            if choice.label.is_empty() {
                diagnostics.push(error(
                    format!("a choice in step `{node_id}` has no label"),
                    choice.span.clone(),
                    "write what the reader would answer between the brackets: - [I can't find the code](#no-code)".into(),
                ));
            } else {
                let key = choice.label.to_lowercase();
                if let Some(first) = seen.get(&key) {
                    diagnostics.push(error(
                        format!(
                            "step `{node_id}` has two choices labelled \"{}\" (the first is on line {first})",
                            choice.label
                        ),
                        choice.span.clone(),
                        "readers can't tell them apart: reword one, or merge them".into(),
                    ));
                } else {
                    seen.insert(key, line);
                }
            }
            let target = match choice.dest.strip_prefix('#') {
                None => Target::Page,
                Some(id) => match index_of(id) {
                    Some(t) => Target::Node(t),
                    None => {
                        let help = if let Some(&inside) = anchors.get(id) {
                            format!(
                                "`#{id}` is a heading inside step `{}`; link to a step's id instead: #{}",
                                ids[inside], ids[inside]
                            )
                        } else {
                            match did_you_mean(id, ids.iter().map(String::as_str)) {
                                Some(s) => format!("did you mean `#{s}`?"),
                                None => format!(
                                    "link to one of this {what}'s steps ({}), or to an article with @/path.md",
                                    ids.iter().take(8).map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")
                                ),
                            }
                        };
                        diagnostics.push(error(
                            format!(
                                "choice \"{}\" points to `#{id}`, but no step has that id",
                                choice.label
                            ),
                            choice.span.clone(),
                            help,
                        ));
                        Target::Missing
                    }
                },
            };
            choice.target = target;
        }
    }

    // The start.
    let start = match &meta.start {
        None => 0,
        Some(start) => match index_of(&start.text) {
            Some(i) => i,
            None => {
                let help = match did_you_mean(&start.text, ids.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean \"{s}\"?"),
                    None => format!(
                        "name the id of a step, or remove `start` to begin with the first step (`{}`)",
                        ids[0]
                    ),
                };
                diagnostics.push(error(
                    format!(
                        "`start` is \"{}\", but no step has that id: there is no start node",
                        start.text
                    ),
                    start.span.clone(),
                    help,
                ));
                0
            }
        },
    };

    let mut tree = Tree {
        kind: meta.kind,
        nodes,
        start,
        intro: 0..starts[0],
        anchors,
    };
    check_graph(&mut tree, source, file, &mut diagnostics, &error, &warning);
    (Some(tree), diagnostics)
}

/// Depths, distances to an end, dead ends, traps, unreachable steps and long
/// paths.
fn check_graph(
    tree: &mut Tree,
    _source: &str,
    _file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    error: &dyn Fn(String, Range<usize>, String) -> Diagnostic,
    warning: &dyn Fn(String, Range<usize>, String) -> Diagnostic,
) {
    let n = tree.nodes.len();
    let edges: Vec<Vec<usize>> = tree
        .nodes
        .iter()
        .map(|node| {
            node.choices
                .iter()
                .filter_map(|c| match c.target {
                    Target::Node(t) => Some(t),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let exits: Vec<bool> = tree
        .nodes
        .iter()
        .map(|node| node.choices.iter().any(|c| c.target == Target::Page))
        .collect();

    // Dead ends.
    let dead: Vec<bool> = tree
        .nodes
        .iter()
        .map(|node| node.terminal.is_none() && node.choices.is_empty())
        .collect();
    for (i, node) in tree.nodes.iter().enumerate() {
        if dead[i] {
            diagnostics.push(error(
                format!("step `{}` is a dead end: it has no choices and is not marked as an end", node.id),
                node.span.clone(),
                format!(
                    "end the step with a list of links to the next steps (- [That worked](#fixed)), or mark it as an end: ## {} {{#{} .resolved}} or {{#{} .escalate}}",
                    node.question, node.id, node.id
                ),
            ));
        }
    }

    // Fewest steps to an end (relaxation; trees are small).
    let mut remaining: Vec<Option<usize>> = tree
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            if node.terminal.is_some() {
                Some(0)
            } else if exits[i] {
                Some(1)
            } else {
                None
            }
        })
        .collect();
    loop {
        let mut changed = false;
        for i in 0..n {
            for &t in &edges[i] {
                if let Some(r) = remaining[t] {
                    if remaining[i].is_none_or(|current| r + 1 < current) {
                        remaining[i] = Some(r + 1);
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }

    // Traps: no way to an end, and no dead end to blame.
    let reach = |from: usize| -> Vec<usize> {
        let mut seen = vec![false; n];
        let mut order = Vec::new();
        let mut stack = vec![from];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            order.push(i);
            for &t in edges[i].iter().rev() {
                if !seen[t] {
                    stack.push(t);
                }
            }
        }
        order
    };
    let mut covered = vec![false; n];
    for i in 0..n {
        if remaining[i].is_some() || dead[i] || covered[i] {
            continue;
        }
        let region = reach(i);
        if region.iter().any(|&r| dead[r]) {
            continue;
        }
        for &r in &region {
            covered[r] = true;
        }
        let mut path: Vec<&str> = region
            .iter()
            .take(6)
            .map(|&r| tree.nodes[r].id.as_str())
            .collect();
        if region.len() > 6 {
            path.push("…");
        }
        // Show the loop closing when it does.
        let back = region
            .last()
            .and_then(|&last| edges[last].iter().find(|t| region.contains(t)))
            .map(|&t| tree.nodes[t].id.as_str());
        let mut shown = path.join(" → ");
        if let Some(back) = back {
            if region.len() <= 6 {
                shown.push_str(" → ");
                shown.push_str(back);
            }
        }
        diagnostics.push(error(
            format!(
                "step `{}` is a trap: no choice from here ever reaches an end ({shown})",
                tree.nodes[i].id
            ),
            tree.nodes[i].span.clone(),
            "readers would go round in circles: give one of these steps a choice that leads to a `.resolved` or `.escalate` step (or an article)".into(),
        ));
    }

    // Depth from the start, and the first way in (for "Back").
    let mut depth: Vec<Option<usize>> = vec![None; n];
    let mut parent: Vec<Option<usize>> = vec![None; n];
    let mut queue = VecDeque::new();
    depth[tree.start] = Some(0);
    queue.push_back(tree.start);
    while let Some(i) = queue.pop_front() {
        for &t in &edges[i] {
            if depth[t].is_none() {
                depth[t] = depth[i].map(|d| d + 1);
                parent[t] = Some(i);
                queue.push_back(t);
            }
        }
    }
    let start_id = tree.nodes[tree.start].id.clone();
    let duplicate: Vec<bool> = (0..n)
        .map(|i| tree.nodes[..i].iter().any(|m| m.id == tree.nodes[i].id))
        .collect();
    // A choice to a missing step is already an error, and may be why a step
    // can't be reached: no second report for the same mistake.
    let broken_choice = tree
        .nodes
        .iter()
        .any(|n| n.choices.iter().any(|c| c.target == Target::Missing));
    for (i, node) in tree.nodes.iter_mut().enumerate() {
        node.depth = depth[i];
        node.remaining = remaining[i];
        node.parent = parent[i];
        match depth[i] {
            None if duplicate[i] || broken_choice => {}
            None => diagnostics.push(warning(
                format!("step `{}` can't be reached from the start (`{start_id}`)", node.id),
                node.span.clone(),
                format!("link to it from another step's choices (- [Answer](#{})), or remove it", node.id),
            )),
            Some(d) if d == MAX_STEPS => diagnostics.push(warning(
                format!(
                    "step `{}` is {} steps from the start; paths longer than {MAX_STEPS} steps lose most readers",
                    node.id,
                    d + 1
                ),
                node.span.clone(),
                "offer a shortcut from an earlier step, or split the tree into two".into(),
            )),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostic::Severity;
    use crate::model::meta::ArticleKind;

    fn tree(body: &str) -> (Option<Tree>, Vec<Diagnostic>) {
        tree_with(body, None)
    }

    fn tree_with(body: &str, start: Option<&str>) -> (Option<Tree>, Vec<Diagnostic>) {
        let source = format!("+++\ntitle = \"T\"\nkind = \"troubleshooter\"\n+++\n{body}");
        let offset = source[4..].find("+++\n").unwrap() + 8;
        let parsed = crate::markdown::parse(
            source.as_str().into(),
            offset..source.len(),
            Default::default(),
        );
        let meta = ArticleMeta {
            kind: ArticleKind::Troubleshooter,
            start: start.map(|s| crate::model::meta::Located {
                text: s.into(),
                span: 0..3,
            }),
            ..Default::default()
        };
        parse(&parsed, &meta, &source, Path::new("t.md"))
    }

    /// (severity, line, message) of each diagnostic.
    fn found(d: &[Diagnostic]) -> Vec<(Severity, usize, String)> {
        d.iter()
            .map(|d| (d.severity, d.line.unwrap_or(0), d.message.clone()))
            .collect()
    }

    const GOOD: &str = "Intro.\n\n## Can you get a code? {#start}\n\nSome text.\n\n- [Yes](#code) — it arrived\n- [No](#no-code)\n\n## Enter the code {#code}\n\n### Where {#where}\n\n- [It worked](#done)\n- [Try again](#start)\n\n## No code {#no-code}\n\n- [Read more](@/a/b.md)\n- [Contact](#contact)\n\n## Done {#done .resolved}\n\nGreat.\n\n## Contact us {#contact .escalate}\n";

    #[test]
    fn a_good_tree() {
        let (tree, d) = tree(GOOD);
        assert!(d.is_empty(), "{:?}", found(&d));
        let tree = tree.unwrap();
        let ids: Vec<_> = tree.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["start", "code", "no-code", "done", "contact"]);
        let start = &tree.nodes[0];
        assert_eq!(start.question, "Can you get a code?");
        assert_eq!(start.choices.len(), 2);
        assert_eq!(start.choices[0].label, "Yes");
        assert_eq!(start.choices[0].hint, "it arrived");
        assert_eq!(start.choices[0].target, Target::Node(1));
        assert_eq!(tree.nodes[2].choices[0].target, Target::Page);
        assert_eq!(tree.nodes[3].terminal, Some(Terminal::Resolved));
        assert_eq!(tree.nodes[4].terminal, Some(Terminal::Escalate));
        // Depths and the fewest steps left.
        let depth: Vec<_> = tree.nodes.iter().map(|n| n.depth.unwrap()).collect();
        assert_eq!(depth, [0, 1, 1, 2, 2]);
        let remaining: Vec<_> = tree.nodes.iter().map(|n| n.remaining.unwrap()).collect();
        assert_eq!(remaining, [2, 1, 1, 0, 0]);
        assert_eq!(tree.total_steps(0), Some(3));
        assert_eq!(tree.nodes[3].parent, Some(1));
        // Anchors: steps and headings inside steps.
        assert_eq!(tree.anchor_path("start").as_deref(), Some(""));
        assert_eq!(tree.anchor_path("done").as_deref(), Some("done/"));
        assert_eq!(tree.anchor_path("where").as_deref(), Some("code/#where"));
        assert_eq!(tree.anchor_path("nope"), None);
    }

    #[test]
    fn missing_start() {
        let (tree, d) = tree("Just text, no steps.\n");
        assert!(tree.is_none());
        assert_eq!(found(&d)[0].0, Severity::Error);
        assert!(d[0].message.contains("no start node"), "{:?}", found(&d));
        let (_, d) = tree_with(GOOD, Some("begin"));
        assert!(
            d[0].message.contains("`start` is \"begin\""),
            "{:?}",
            found(&d)
        );
    }

    #[test]
    fn unknown_target_names_the_line_and_a_suggestion() {
        let (_, d) = tree("## A {#a}\n\n- [Go](#b)\n- [Elsewhere](#contcat)\n\n## B {#b .resolved}\n\n## C {#contact .escalate}\n");
        let f = found(&d);
        assert_eq!(f.len(), 1, "{f:?}"); // not also "`contact` is unreachable"
        assert_eq!(f[0].1, 8);
        assert!(f[0].2.contains("`#contcat`"), "{f:?}");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `#contact`?"));
    }

    #[test]
    fn duplicate_ids() {
        let (_, d) =
            tree("## A {#a}\n\n- [Go](#b)\n\n## B {#b .resolved}\n\n## B again {#b .resolved}\n");
        let f = found(&d);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].1, 11);
        assert!(
            f[0].2
                .contains("two steps have the id `b` (the first is on line 9)"),
            "{f:?}"
        );
    }

    #[test]
    fn empty_and_identical_labels() {
        let (_, d) = tree("## A {#a}\n\n- [](#b)\n- [Yes](#b)\n- [yes](#c)\n\n## B {#b .resolved}\n\n## C {#c .resolved}\n");
        let f = found(&d);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!((f[0].1, f[1].1), (7, 9));
        assert!(f[0].2.contains("has no label"));
        assert!(f[1]
            .2
            .contains("two choices labelled \"yes\" (the first is on line 8)"));
    }

    #[test]
    fn dead_end() {
        let (_, d) = tree("## A {#a}\n\n- [Go](#b)\n- [Done](#c)\n\n## B {#b}\n\nNothing here.\n\n## C {#c .resolved}\n");
        let f = found(&d);
        assert_eq!(f.len(), 1, "{f:?}"); // no separate trap report for `a`
        assert_eq!(f[0].1, 10);
        assert!(f[0].2.contains("step `b` is a dead end"));
    }

    #[test]
    fn trap_is_a_cycle_without_exit_and_try_again_loops_are_fine() {
        let (_, d) = tree("## A {#a}\n\n- [Loop](#b)\n- [Out](#d)\n\n## B {#b}\n\n- [Next](#c)\n\n## C {#c}\n\n- [Again](#b)\n\n## D {#d .resolved}\n");
        let f = found(&d);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].1, 10);
        assert!(f[0].2.contains("step `b` is a trap"), "{f:?}");
        assert!(f[0].2.contains("b → c → b"), "{f:?}");
        // A loop with a way out is allowed.
        let (_, d) = tree("## A {#a}\n\n- [Try](#b)\n\n## B {#b}\n\n- [Again](#a)\n- [Works](#d)\n\n## D {#d .resolved}\n");
        assert!(d.is_empty(), "{:?}", found(&d));
    }

    #[test]
    fn unreachable_is_a_warning() {
        let (_, d) = tree(
            "## A {#a}\n\n- [Done](#d)\n\n## Lost {#lost}\n\n- [Done](#d)\n\n## D {#d .resolved}\n",
        );
        let f = found(&d);
        assert_eq!(
            f,
            [(
                Severity::Warning,
                9,
                "step `lost` can't be reached from the start (`a`)".to_string()
            )]
        );
    }

    #[test]
    fn long_paths_are_a_warning() {
        let mut body = String::new();
        for i in 0..14 {
            body.push_str(&format!(
                "## Step {i} {{#s{i}}}\n\n- [Next](#s{})\n\n",
                i + 1
            ));
        }
        body.push_str("## End {#s14 .resolved}\n");
        let (_, d) = tree(&body);
        let f = found(&d);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, Severity::Warning);
        assert!(
            f[0].2.contains("step `s12` is 13 steps from the start"),
            "{f:?}"
        );
    }

    #[test]
    fn the_last_list_of_links_holds_the_choices() {
        let (tree, d) = tree("## A {#a}\n\n- [Go](#b)\n\nThen:\n\n1. do this\n2. and [that](https://x.example)\n\n- [Done](#b)\n- [Read](../x.md#y)\n\nAfter.\n\n- plain\n\n## B {#b .resolved}\n");
        assert!(d.is_empty(), "{:?}", found(&d));
        let labels: Vec<_> = tree.unwrap().nodes[0]
            .choices
            .iter()
            .map(|c| c.label.clone())
            .collect();
        assert_eq!(labels, ["Done", "Read"]);
    }

    #[test]
    fn ids_must_be_usable_in_urls_and_not_reserved() {
        let (_, d) = tree("## A {#a}\n\n- [Go](#map)\n- [B](#Big_One)\n\n## M {#map .resolved}\n\n## B {#Big_One .resolved}\n");
        let f = found(&d);
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[0].2.contains("`map` is reserved"));
        assert!(f[1].2.contains("can't be used in a URL"));
    }

    #[test]
    fn misspelled_terminal_class() {
        let (_, d) = tree("## A {#a}\n\n- [Go](#b)\n\n## B {#b .resolve}\n");
        let f = found(&d);
        assert!(
            f.iter()
                .any(|x| x.2.contains("unknown step class `.resolve`")),
            "{f:?}"
        );
        assert_eq!(d[0].help.as_deref(), Some("did you mean `.resolved`?"));
    }
}
