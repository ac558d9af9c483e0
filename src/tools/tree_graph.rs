//! `helpbook tree graph FILE`: a troubleshooting tree as a diagram for its
//! writers, in Graphviz `dot` or Mermaid (which GitHub and many wikis draw
//! inline); with `--insights`, how many readers took each answer is drawn
//! on its arrow (the counts come from `helpbook insights`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use crate::base::diagnostic::{Diagnostic, Report};
use crate::config::Config;
use crate::load::front_matter;
use crate::load::tree_steps;
use crate::markdown;
use crate::model::tree::{Target, Terminal, Tree};
use crate::validate::trees;

/// The diagram language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz (`dot -Tsvg`).
    Dot,
    /// Mermaid flowchart.
    Mermaid,
}

/// How many readers took each answer in a period, drawn on the arrows.
#[derive(Clone, Debug, Default)]
pub struct AnswerCounts {
    /// The days counted (`2026-04-29 to 2026-05-28`), shown in the title.
    pub period: String,
    /// Readers who started the tree.
    pub starts: u64,
    /// (step id, answer index at that step) → readers who took it.
    pub answers: BTreeMap<(String, usize), u64>,
}

impl AnswerCounts {
    /// The count of answer `choice` at step `step` (0 when none).
    fn of(&self, step: &str, choice: usize) -> u64 {
        self.answers
            .get(&(step.to_string(), choice))
            .copied()
            .unwrap_or(0)
    }

    /// The most readers any answer had.
    fn most(&self) -> u64 {
        self.answers.values().copied().max().unwrap_or(0)
    }
}

/// Why there is no diagram (the details are in the report).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFailure {
    /// The file could not be read (exit 2).
    Unreadable,
    /// It is not a tree, or the tree has errors (exit 1).
    Invalid,
}

/// Reads the tree in `file` (relative to `root` or absolute) and draws it,
/// with `counts` on the arrows when given. Problems that stop the drawing
/// (unreadable file, not a tree, errors in the tree) are in the report;
/// warnings are reported with a diagram.
pub fn graph(
    root: &Path,
    file: &Path,
    format: GraphFormat,
    counts: Option<&AnswerCounts>,
    report: &mut Report,
) -> Result<String, GraphFailure> {
    let path = if file.is_absolute() || file.exists() {
        file.to_path_buf()
    } else {
        root.join(file)
    };
    let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            report.push(
                Diagnostic::error(format!("cannot read {}: {e}", file.display()))
                    .with_help("give the path of a troubleshooter's Markdown file, e.g. content/account/recover.md"),
            );
            return Err(GraphFailure::Unreadable);
        }
    };
    report.add_source(shown.clone(), Arc::from(text.as_str()));
    // Values for `{{ name }}` come from book.toml when there is one.
    let extra = match Config::load(root) {
        Ok((Some(config), _, _)) => (*config.extra).clone(),
        _ => BTreeMap::new(),
    };
    let split = match front_matter::split(&text, &shown) {
        Ok(split) => split,
        Err(d) => {
            report.push(d);
            return Err(GraphFailure::Invalid);
        }
    };
    let (meta, diagnostics) = front_matter::read_article(&split, &text, &shown);
    report.extend(diagnostics);
    let meta = meta.ok_or(GraphFailure::Invalid)?;
    if !meta.kind.is_tree() {
        report.push(
            Diagnostic::error(format!(
                "{} is an article, not a troubleshooter",
                shown.display()
            ))
            .in_file(&shown)
            .at_line(1)
            .with_help(
                "trees have kind = \"troubleshooter\" or kind = \"wizard\" in their front matter",
            ),
        );
        return Err(GraphFailure::Invalid);
    }
    let mut values = extra;
    for (name, value, _) in &meta.extra {
        values.insert(name.clone(), value.clone());
    }
    let body = markdown::parse(text.as_str(), split.body_offset..text.len(), values.into());
    let (tree, diagnostics) = tree_steps::read(&body, &meta, &text, &shown);
    report.extend(diagnostics);
    let mut tree = tree.ok_or(GraphFailure::Invalid)?;
    report.extend(trees::check(&mut tree, &shown, &text));
    if report.has_errors() {
        return Err(GraphFailure::Invalid);
    }
    Ok(match format {
        GraphFormat::Dot => dot(&meta.title, &tree, counts),
        GraphFormat::Mermaid => mermaid(&meta.title, &tree, counts),
    })
}

/// Breaks `text` into lines of about `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().map(|l| l.chars().count()).unwrap_or(0);
        if last > 0 && last + 1 + word.chars().count() > width {
            lines.push(String::new());
        }
        if let Some(line) = lines.last_mut() {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// Article exits, each drawn once: destination → label.
fn exits(tree: &Tree) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for node in &tree.nodes {
        for c in &node.choices {
            if c.target == Target::Page {
                let next = out.len();
                out.entry(c.dest.clone()).or_insert(next);
            }
        }
    }
    out
}

fn dot_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The title, with the period and starts when there are counts.
fn titled(title: &str, counts: Option<&AnswerCounts>) -> String {
    match counts {
        Some(c) => format!(
            "{title} ({} starts, readers per answer, {})",
            c.starts, c.period
        ),
        None => title.to_string(),
    }
}

/// An answer's label, with its count when there are counts.
fn answer_label(label: &str, step: &str, choice: usize, counts: Option<&AnswerCounts>) -> String {
    match counts {
        Some(c) => format!("{label} ({})", c.of(step, choice)),
        None => label.to_string(),
    }
}

/// Graphviz: boxes for steps, green for `.resolved`, amber for `.escalate`,
/// notes for articles the tree hands over to; with counts, each arrow's
/// width grows with its readers.
pub fn dot(title: &str, tree: &Tree, counts: Option<&AnswerCounts>) -> String {
    let title = titled(title, counts);
    let title = title.as_str();
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", dot_escape(title));
    let _ = writeln!(out, "  label=\"{}\";\n  labelloc=t;", dot_escape(title));
    let _ = writeln!(out, "  rankdir=TB;");
    let _ = writeln!(
        out,
        "  node [shape=box, style=\"rounded\", fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];"
    );
    for (i, node) in tree.nodes.iter().enumerate() {
        let label = dot_escape(&wrap(&node.question, 28).join("\n")).replace('\n', "\\n");
        let style = match node.terminal {
            Some(Terminal::Resolved) => ", style=\"rounded,filled\", fillcolor=\"#e9f6ec\"",
            Some(Terminal::Escalate) => ", style=\"rounded,filled\", fillcolor=\"#fdf4dc\"",
            None if i == tree.start => ", penwidth=2",
            None => "",
        };
        let _ = writeln!(
            out,
            "  \"{}\" [label=\"{label}\"{style}];",
            dot_escape(&node.id)
        );
    }
    let exits = exits(tree);
    for (dest, n) in &exits {
        let _ = writeln!(
            out,
            "  \"article-{n}\" [label=\"{}\", shape=note];",
            dot_escape(dest)
        );
    }
    let most = counts.map_or(0, AnswerCounts::most);
    for node in &tree.nodes {
        for (i, c) in node.choices.iter().enumerate() {
            let to = match c.target {
                Target::Node(t) => dot_escape(&tree.nodes[t].id),
                Target::Page => format!("article-{}", exits.get(&c.dest).copied().unwrap_or(0)),
                Target::Missing => continue,
            };
            let text = answer_label(&c.label, &node.id, i, counts);
            let label = dot_escape(&wrap(&text, 24).join("\n")).replace('\n', "\\n");
            let width = match counts {
                Some(counts) if most > 0 => format!(
                    ", penwidth={:.1}",
                    1.0 + 4.0 * counts.of(&node.id, i) as f64 / most as f64
                ),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{to}\" [label=\"{label}\"{width}];",
                dot_escape(&node.id)
            );
        }
    }
    out.push_str("}\n");
    out
}

fn mermaid_text(text: &str) -> String {
    text.replace('"', "#quot;")
}

/// Mermaid flowchart (node names are `n0`, `n1`… so any id is safe).
pub fn mermaid(title: &str, tree: &Tree, counts: Option<&AnswerCounts>) -> String {
    let title = titled(title, counts);
    let title = title.as_str();
    let mut out = String::new();
    let _ = writeln!(out, "---\ntitle: {}\n---", mermaid_text(title));
    out.push_str("flowchart TD\n");
    for (i, node) in tree.nodes.iter().enumerate() {
        let label = mermaid_text(&wrap(&node.question, 28).join("<br/>"));
        let (open, close, class) = match node.terminal {
            Some(Terminal::Resolved) => ("([\"", "\"])", ":::resolved"),
            Some(Terminal::Escalate) => ("([\"", "\"])", ":::escalate"),
            None => ("[\"", "\"]", ""),
        };
        let _ = writeln!(out, "  n{i}{open}{label}{close}{class}");
    }
    let exits = exits(tree);
    for (dest, n) in &exits {
        let _ = writeln!(out, "  a{n}[/\"{}\"/]:::article", mermaid_text(dest));
    }
    for (i, node) in tree.nodes.iter().enumerate() {
        for (n, c) in node.choices.iter().enumerate() {
            let to = match c.target {
                Target::Node(t) => format!("n{t}"),
                Target::Page => format!("a{}", exits.get(&c.dest).copied().unwrap_or(0)),
                Target::Missing => continue,
            };
            let label = answer_label(&c.label, &node.id, n, counts);
            let _ = writeln!(out, "  n{i} -->|\"{}\"| {to}", mermaid_text(&label));
        }
    }
    out.push_str("  classDef resolved fill:#e9f6ec,stroke:#17692e\n");
    out.push_str("  classDef escalate fill:#fdf4dc,stroke:#7a4f00\n");
    out.push_str("  classDef article fill:#ebf2fd,stroke:#0b57d0\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_wrap_on_words() {
        assert_eq!(
            wrap(
                "Can you still get email or texts at the address on your account?",
                28
            ),
            [
                "Can you still get email or",
                "texts at the address on your",
                "account?"
            ]
        );
    }
}
