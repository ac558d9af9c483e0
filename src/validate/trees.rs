//! The graph of a troubleshooting tree: where a reader can get stuck, and
//! how far each step is from the start and from an end. Dead ends (a step
//! with no choices that is not an end) and traps (steps from which no
//! choice ever reaches an end) are errors; steps no path reaches and paths
//! over [`MAX_STEPS`] steps are warnings. The distances found on the way
//! (`depth`, `remaining`, `parent`) are written into the tree's steps, for
//! the "Step 2 of about 4" and "Back" of its pages.

use std::collections::{HashSet, VecDeque};
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

    /// For each step, the steps with a choice that leads to it (once per
    /// choice).
    fn predecessors(&self) -> Vec<Vec<usize>> {
        let mut before = vec![Vec::new(); self.len()];
        for (i, targets) in self.edges.iter().enumerate() {
            for &t in targets {
                before[t].push(i);
            }
        }
        before
    }

    /// The first `limit` steps reachable from `from`, in depth-first order,
    /// and whether that is all of them.
    fn reach(&self, from: usize, limit: usize) -> (Vec<usize>, bool) {
        let mut seen = vec![false; self.len()];
        let mut order = Vec::new();
        let mut stack = vec![from];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            if order.len() == limit {
                return (order, false);
            }
            order.push(i);
            for &t in self.edges[i].iter().rev() {
                if !seen[t] {
                    stack.push(t);
                }
            }
        }
        (order, true)
    }

    /// Marks every step reachable from `from` (itself included) in `marked`;
    /// steps already marked are not walked again (what they reach is marked
    /// too, as every marked set here is closed under the choices).
    fn mark_reach(&self, from: usize, marked: &mut [bool]) {
        let mut stack = vec![from];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut marked[i], true) {
                continue;
            }
            stack.extend(self.edges[i].iter().copied().filter(|&t| !marked[t]));
        }
    }

    /// Whether each step can reach a dead end (itself included): breadth
    /// first from the dead ends, backwards along the choices.
    fn reaches_dead_end(&self) -> Vec<bool> {
        let before = self.predecessors();
        let mut reaches = self.dead.clone();
        let mut queue: VecDeque<usize> = (0..self.len()).filter(|&i| self.dead[i]).collect();
        while let Some(t) = queue.pop_front() {
            for &i in &before[t] {
                if !std::mem::replace(&mut reaches[i], true) {
                    queue.push_back(i);
                }
            }
        }
        reaches
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
/// article choice), `None` where there is no way out: breadth first from the
/// ends, backwards along the choices (each step and choice is seen once).
fn steps_to_an_end(tree: &Tree, graph: &Graph) -> Vec<Option<usize>> {
    let mut remaining: Vec<Option<usize>> = vec![None; graph.len()];
    let mut queue = VecDeque::new();
    // The ends first, then the steps next to an article: the queue stays
    // in order of distance.
    for (i, node) in tree.nodes.iter().enumerate() {
        if node.terminal.is_some() {
            remaining[i] = Some(0);
            queue.push_back(i);
        }
    }
    for (i, node) in tree.nodes.iter().enumerate() {
        if node.terminal.is_none() && graph.exits[i] {
            remaining[i] = Some(1);
            queue.push_back(i);
        }
    }
    let before = graph.predecessors();
    while let Some(t) = queue.pop_front() {
        let next = remaining[t].map(|r| r + 1);
        for &i in &before[t] {
            if remaining[i].is_none() {
                remaining[i] = next;
                queue.push_back(i);
            }
        }
    }
    remaining
}

/// Steps with no way to an end, and no dead end to blame: one error per
/// region of such steps, showing the loop. Each step's region is what it
/// reaches; only its first steps are shown, so only those are listed, and
/// regions are marked as covered without walking a covered step twice.
fn traps(
    tree: &Tree,
    graph: &Graph,
    remaining: &[Option<usize>],
    diagnostics: &mut Vec<Diagnostic>,
    error: &Located<'_>,
) {
    /// Steps shown in the message.
    const SHOWN: usize = 6;
    let reaches_dead = graph.reaches_dead_end();
    let mut covered = vec![false; graph.len()];
    for i in 0..graph.len() {
        if remaining[i].is_some() || graph.dead[i] || covered[i] || reaches_dead[i] {
            continue;
        }
        let (region, whole) = graph.reach(i, SHOWN + 1);
        graph.mark_reach(i, &mut covered);
        let mut path: Vec<&str> = region
            .iter()
            .take(SHOWN)
            .map(|&r| tree.nodes[r].id.as_str())
            .collect();
        let small = whole && region.len() <= SHOWN;
        if !small {
            path.push("…");
        }
        let mut shown = path.join(" → ");
        // Show the loop closing when it does.
        if small {
            let back = region
                .last()
                .and_then(|&last| graph.edges[last].iter().find(|t| region.contains(t)))
                .map(|&t| tree.nodes[t].id.as_str());
            if let Some(back) = back {
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
    let mut ids_so_far: HashSet<&str> = HashSet::new();
    for node in &tree.nodes {
        let duplicate = !ids_so_far.insert(node.id.as_str());
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::meta::ArticleKind;
    use crate::model::tree::{Choice, Node, Terminal};

    /// A choice to an article in [`tree`]'s `edges`.
    const ARTICLE: usize = usize::MAX;

    /// A tree whose step `i` has a choice to each of `edges[i]`, ends where
    /// `ends` says.
    fn tree(edges: &[Vec<usize>], ends: &[Option<Terminal>]) -> Tree {
        let nodes = edges
            .iter()
            .zip(ends)
            .enumerate()
            .map(|(i, (targets, &terminal))| Node {
                id: format!("s{i}"),
                question: format!("S{i}"),
                terminal,
                span: 0..0,
                body: 0..0,
                choice_list: None,
                choices: targets
                    .iter()
                    .map(|&t| Choice {
                        label: format!("to {t}"),
                        hint: String::new(),
                        target: if t == ARTICLE {
                            Target::Page
                        } else {
                            Target::Node(t)
                        },
                        dest: format!("#s{t}"),
                        span: 0..0,
                        link_event: 0,
                    })
                    .collect(),
                depth: None,
                remaining: None,
                parent: None,
            })
            .collect();
        Tree {
            kind: ArticleKind::Troubleshooter,
            nodes,
            start: 0,
            intro: 0..0,
            anchors: BTreeMap::new(),
        }
    }

    /// A chain of `n` steps, each with a choice to the next; the last ends
    /// as `last` says.
    fn chain(n: usize, last: Option<Terminal>) -> Tree {
        let edges: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![] })
            .collect();
        let mut ends = vec![None; n];
        ends[n - 1] = last;
        tree(&edges, &ends)
    }

    #[test]
    fn a_chain_of_200000_steps_is_checked_in_linear_time() {
        // Relaxation took a pass per step (20 billion steps here); each
        // step's trap region was walked again.
        let n = 200_000;
        let mut long = chain(n, Some(Terminal::Resolved));
        let diagnostics = check(&mut long, Path::new("t.md"), "");
        assert_eq!(diagnostics.len(), 1, "only the long-path warning");
        assert_eq!(long.nodes[0].remaining, Some(n - 1));
        assert_eq!(long.nodes[n - 1].depth, Some(n - 1));
        assert_eq!(long.nodes[n - 1].parent, Some(n - 2));
        assert_eq!(long.total_steps(n / 2), Some(n));

        let mut dead = chain(n, None);
        let diagnostics = check(&mut dead, Path::new("t.md"), "");
        let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "only the dead end, no trap");
        assert!(errors[0].message.contains("dead end"));
    }

    #[test]
    fn traps_show_their_loop_or_its_first_six_steps() {
        // 0 → 1 → 2 → 0: one trap, the loop closing.
        let mut small = tree(&[vec![1], vec![2], vec![0]], &[None, None, None]);
        let messages: Vec<String> = check(&mut small, Path::new("t.md"), "")
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            messages,
            ["step `s0` is a trap: no choice from here ever reaches an end (s0 → s1 → s2 → s0)"]
        );
        // A loop of eight: the first six and "…".
        let edges: Vec<Vec<usize>> = (0..8).map(|i| vec![(i + 1) % 8]).collect();
        let mut big = tree(&edges, &[None; 8]);
        let messages: Vec<String> = check(&mut big, Path::new("t.md"), "")
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            messages,
            ["step `s0` is a trap: no choice from here ever reaches an end (s0 → s1 → s2 → s3 → s4 → s5 → …)"]
        );
        // 0 → 1 → 2 ↺ (2 loops on itself), found from 2 first: 0 and 1
        // each report their own region, as before.
        let mut reversed = tree(&[vec![2], vec![0], vec![2]], &[None, None, None]);
        let messages: Vec<String> = check(&mut reversed, Path::new("t.md"), "")
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| d.message)
            .collect();
        assert_eq!(
            messages,
            [
                "step `s0` is a trap: no choice from here ever reaches an end (s0 → s2 → s2)",
                "step `s1` is a trap: no choice from here ever reaches an end (s1 → s0 → s2 → s2)"
            ]
        );
    }

    /// What the first version computed (relaxation to a fixpoint, every
    /// trap region walked whole), to compare with on random trees.
    fn first_version(tree: &Tree) -> (Vec<Option<usize>>, Vec<String>) {
        let graph = Graph::of(tree);
        let mut remaining: Vec<Option<usize>> = (0..graph.len())
            .map(|i| match (tree.nodes[i].terminal, graph.exits[i]) {
                (Some(_), _) => Some(0),
                (None, true) => Some(1),
                _ => None,
            })
            .collect();
        let mut changed = true;
        while changed {
            changed = false;
            for i in 0..graph.len() {
                for &t in &graph.edges[i] {
                    if let Some(r) = remaining[t] {
                        if remaining[i].is_none_or(|c| r + 1 < c) {
                            remaining[i] = Some(r + 1);
                            changed = true;
                        }
                    }
                }
            }
        }
        let mut covered = vec![false; graph.len()];
        let mut messages = Vec::new();
        for i in 0..graph.len() {
            if remaining[i].is_some() || graph.dead[i] || covered[i] {
                continue;
            }
            let (region, _) = graph.reach(i, usize::MAX);
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
            let back = region
                .last()
                .and_then(|&last| graph.edges[last].iter().find(|t| region.contains(t)))
                .map(|&t| tree.nodes[t].id.as_str());
            let mut shown = path.join(" → ");
            if let (Some(back), true) = (back, region.len() <= 6) {
                shown.push_str(" → ");
                shown.push_str(back);
            }
            messages.push(format!(
                "step `{}` is a trap: no choice from here ever reaches an end ({shown})",
                tree.nodes[i].id
            ));
        }
        (remaining, messages)
    }

    #[test]
    fn random_trees_get_what_the_first_version_gave() {
        // A small linear congruential generator: the same trees every run.
        let mut seed: u64 = 20;
        let mut next = |below: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % below
        };
        for _ in 0..3000 {
            let n = 1 + next(10);
            let edges: Vec<Vec<usize>> = (0..n)
                .map(|_| {
                    (0..next(3))
                        .map(|_| if next(8) == 0 { ARTICLE } else { next(n) })
                        .collect()
                })
                .collect();
            let ends: Vec<Option<Terminal>> = (0..n)
                .map(|_| match next(6) {
                    0 => Some(Terminal::Resolved),
                    1 => Some(Terminal::Escalate),
                    _ => None,
                })
                .collect();
            let mut t = tree(&edges, &ends);
            let (remaining, expected) = first_version(&t);
            let messages: Vec<String> = check(&mut t, Path::new("t.md"), "")
                .into_iter()
                .filter(|d| d.message.contains("is a trap"))
                .map(|d| d.message)
                .collect();
            let now: Vec<Option<usize>> = t.nodes.iter().map(|n| n.remaining).collect();
            assert_eq!(now, remaining, "{edges:?} {ends:?}");
            assert_eq!(messages, expected, "{edges:?} {ends:?}");
        }
    }
}
