//! The graph of a troubleshooting tree: where a reader can get stuck, and
//! how far each step is from the start and from an end. Dead ends (a step
//! with no choices that is not an end) and traps (steps from which no
//! choice ever reaches an end) are errors; steps no path reaches and paths
//! over [`MAX_STEPS`] steps are warnings. The distances found on the way
//! (`depth`, `remaining`, `parent`) are written into the tree's steps, for
//! the "Step 2 of about 4" and "Back" of its pages.

use std::collections::VecDeque;
use std::ops::Range;
use std::path::Path;

use crate::base::diagnostic::Diagnostic;
use crate::model::tree::{Target, Tree};

/// Paths longer than this many steps get a warning.
pub const MAX_STEPS: usize = 12;

/// The graph's view of a tree: the steps each step's choices lead to, and
/// whether it has a choice that leaves the tree for an article.
struct Graph {
    edges: Vec<Vec<usize>>,
    exits: Vec<bool>,
    /// Not an end, and no choices.
    dead: Vec<bool>,
}

impl Graph {
    fn of(tree: &Tree) -> Graph {
        let edges = tree
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
        let exits = tree
            .nodes
            .iter()
            .map(|node| node.choices.iter().any(|c| c.target == Target::Page))
            .collect();
        let dead = tree
            .nodes
            .iter()
            .map(|node| node.terminal.is_none() && node.choices.is_empty())
            .collect();
        Graph { edges, exits, dead }
    }

    fn len(&self) -> usize {
        self.edges.len()
    }

    /// The steps reachable from `from`, in depth-first order.
    fn reach(&self, from: usize) -> Vec<usize> {
        let mut seen = vec![false; self.len()];
        let mut order = Vec::new();
        let mut stack = vec![from];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            order.push(i);
            for &t in self.edges[i].iter().rev() {
                if !seen[t] {
                    stack.push(t);
                }
            }
        }
        order
    }
}

/// Checks one tree (of the article in `file`, whose text is `source`) and
/// fills in its steps' distances.
pub fn check(tree: &mut Tree, file: &Path, source: &str) -> Vec<Diagnostic> {
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
    let graph = Graph::of(tree);
    let mut diagnostics = Vec::new();
    dead_ends(tree, &graph, &mut diagnostics, &error);
    let remaining = steps_to_an_end(tree, &graph);
    traps(tree, &graph, &remaining, &mut diagnostics, &error);
    let (depth, parent) = depths(tree, &graph);
    for (i, node) in tree.nodes.iter_mut().enumerate() {
        node.depth = depth[i];
        node.remaining = remaining[i];
        node.parent = parent[i];
    }
    unreachable_and_long(tree, &mut diagnostics, &warning);
    diagnostics
}

/// Makes a located diagnostic: (message, span, help).
type Located<'a> = dyn Fn(String, Range<usize>, String) -> Diagnostic + 'a;

/// Steps with no choices that are not an end.
fn dead_ends(tree: &Tree, graph: &Graph, diagnostics: &mut Vec<Diagnostic>, error: &Located<'_>) {
    for (i, node) in tree.nodes.iter().enumerate() {
        if graph.dead[i] {
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
}

/// Fewest further steps from each step to an end (0 at an end, 1 next to an
/// article choice), `None` where there is no way out.
fn steps_to_an_end(tree: &Tree, graph: &Graph) -> Vec<Option<usize>> {
    // Relaxation; trees are small.
    let mut remaining: Vec<Option<usize>> = tree
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            if node.terminal.is_some() {
                Some(0)
            } else if graph.exits[i] {
                Some(1)
            } else {
                None
            }
        })
        .collect();
    loop {
        let mut changed = false;
        for i in 0..graph.len() {
            for &t in &graph.edges[i] {
                if let Some(r) = remaining[t] {
                    if remaining[i].is_none_or(|current| r + 1 < current) {
                        remaining[i] = Some(r + 1);
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            return remaining;
        }
    }
}

/// Steps with no way to an end, and no dead end to blame: one error per
/// region of such steps, showing the loop.
fn traps(
    tree: &Tree,
    graph: &Graph,
    remaining: &[Option<usize>],
    diagnostics: &mut Vec<Diagnostic>,
    error: &Located<'_>,
) {
    let mut covered = vec![false; graph.len()];
    for i in 0..graph.len() {
        if remaining[i].is_some() || graph.dead[i] || covered[i] {
            continue;
        }
        let region = graph.reach(i);
        if region.iter().any(|&r| graph.dead[r]) {
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
            .and_then(|&last| graph.edges[last].iter().find(|t| region.contains(t)))
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
}

/// Fewest answers from the start to each step, and the step that first
/// leads there (for "Back"); breadth first.
fn depths(tree: &Tree, graph: &Graph) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut depth: Vec<Option<usize>> = vec![None; graph.len()];
    let mut parent: Vec<Option<usize>> = vec![None; graph.len()];
    let mut queue = VecDeque::new();
    depth[tree.start] = Some(0);
    queue.push_back(tree.start);
    while let Some(i) = queue.pop_front() {
        for &t in &graph.edges[i] {
            if depth[t].is_none() {
                depth[t] = depth[i].map(|d| d + 1);
                parent[t] = Some(i);
                queue.push_back(t);
            }
        }
    }
    (depth, parent)
}

/// Warnings for steps no path reaches and for paths over [`MAX_STEPS`].
fn unreachable_and_long(tree: &Tree, diagnostics: &mut Vec<Diagnostic>, warning: &Located<'_>) {
    let start_id = &tree.nodes[tree.start].id;
    // A choice to a missing step is already an error, and may be why a step
    // can't be reached: no second report for the same mistake.
    let broken_choice = tree
        .nodes
        .iter()
        .any(|n| n.choices.iter().any(|c| c.target == Target::Missing));
    for (i, node) in tree.nodes.iter().enumerate() {
        let duplicate = tree.nodes[..i].iter().any(|m| m.id == node.id);
        match node.depth {
            None if duplicate || broken_choice => {}
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
