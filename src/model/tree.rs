//! Troubleshooting trees as later stages see them: steps, their choices
//! and where each leads. `load` reads them from Markdown; `validate` fills
//! in the distances (depth, remaining steps, parent).

use std::collections::BTreeMap;
use std::ops::Range;

use crate::model::meta::ArticleKind;

/// How a step ends the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Terminal {
    /// `.resolved`: the reader's problem is solved.
    Resolved,
    /// `.escalate`: hand over to a person.
    Escalate,
}

impl Terminal {
    /// `resolved` or `escalate`.
    pub fn as_str(self) -> &'static str {
        match self {
            Terminal::Resolved => "resolved",
            Terminal::Escalate => "escalate",
        }
    }
}

/// Where a choice leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Another step (index into [`Tree::nodes`]).
    Node(usize),
    /// A page of the help center (`@/path.md`, resolved by `links`); it ends
    /// the tree there.
    Page,
    /// A step id that does not exist (already reported).
    Missing,
}

/// One answer a reader can give.
#[derive(Clone, Debug)]
pub struct Choice {
    /// The link text.
    pub label: String,
    /// Text after the link in the same list item, or empty.
    pub hint: String,
    /// Where it goes.
    pub target: Target,
    /// The link as written.
    pub dest: String,
    /// The list item's position in the file.
    pub span: Range<usize>,
    /// Index of the link's start event (its resolved URL is in
    /// `site.link_urls` when it points to a page).
    pub link_event: usize,
}

/// One step.
#[derive(Clone, Debug)]
pub struct Node {
    /// The heading's id; the step's page is `<tree>/<id>/`.
    pub id: String,
    /// The heading's text: the question (or the end's title).
    pub question: String,
    /// `.resolved` or `.escalate`, if it is an end.
    pub terminal: Option<Terminal>,
    /// The heading's position in the file.
    pub span: Range<usize>,
    /// Events of the body, after the heading up to the next step.
    pub body: Range<usize>,
    /// Events of the list that holds the choices (rendered as buttons, not
    /// as part of the body).
    pub choice_list: Option<Range<usize>>,
    /// The choices, in order.
    pub choices: Vec<Choice>,
    /// Fewest answers from the start (0 for the start), `None` when no path
    /// reaches it.
    pub depth: Option<usize>,
    /// Fewest further steps to an end (0 at an end, 1 next to an article
    /// choice), `None` when there is no way out.
    pub remaining: Option<usize>,
    /// The step that first leads here on a shortest path from the start (the
    /// "Back" link of pages read without JavaScript).
    pub parent: Option<usize>,
}

/// A troubleshooting tree.
#[derive(Clone, Debug)]
pub struct Tree {
    /// Troubleshooter or wizard.
    pub kind: ArticleKind,
    /// The steps, in file order.
    pub nodes: Vec<Node>,
    /// Index of the first step.
    pub start: usize,
    /// Events before the first step (an introduction).
    pub intro: Range<usize>,
    /// Headings inside steps (`###`): anchor id → step index.
    pub anchors: BTreeMap<String, usize>,
}

impl Tree {
    /// The index of the step with this id.
    pub fn node(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// The URL path of step `node` below the tree's own URL path: `""` for
    /// the start, `id/` for the others.
    pub fn node_path(&self, node: usize) -> String {
        if node == self.start {
            String::new()
        } else {
            format!("{}/", self.nodes[node].id)
        }
    }

    /// Where a link to `#anchor` of the tree goes, below the tree's URL
    /// path: a step's page, or a heading on a step's page.
    pub fn anchor_path(&self, anchor: &str) -> Option<String> {
        if let Some(node) = self.node(anchor) {
            return Some(self.node_path(node));
        }
        let node = *self.anchors.get(anchor)?;
        Some(format!("{}#{anchor}", self.node_path(node)))
    }

    /// Fewest steps a reader sees from the start to an end through `node`
    /// (the "about N" of "Step 2 of about N").
    pub fn total_steps(&self, node: usize) -> Option<usize> {
        let n = &self.nodes[node];
        Some(n.depth? + 1 + n.remaining?)
    }
}
