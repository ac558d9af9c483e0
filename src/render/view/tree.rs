//! `tree`: the view of a troubleshooting tree's pages, one per step (the
//! start at the tree's URL, the others at `<tree>/<step-id>/`) and a map of
//! all steps.

use std::collections::VecDeque;

use serde::Serialize;

use crate::config::Config;
use crate::markdown::{self, LinkUrls};
use crate::model::meta::ArticleKind;
use crate::model::site::{Article, DocId, Site};
use crate::model::tree::{Target, Terminal, Tree};
use crate::render::view::date::iso_date;
use crate::render::view::page::Crumb;
use crate::render::view::request::{self, RequestView};
use crate::render::view::site::{ordered_channels, ChannelView};
use crate::theme::Strings;

/// `tree` on the pages of a troubleshooter or wizard (one page per step,
/// and the map).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TreeView {
    /// Stable key (`account-access/recover-your-account`).
    pub id: String,
    /// `troubleshooter` or `wizard`.
    pub kind: &'static str,
    /// The tree's title.
    pub title: String,
    /// Its summary.
    pub description: String,
    /// URL of the first step.
    pub url: String,
    /// URL of the overview of all steps.
    pub map_url: String,
    /// Its category.
    pub section: Crumb,
    /// The text before the first step (shown on the first step's page only).
    pub intro_html: String,
    /// Number of steps.
    pub step_count: usize,
    /// The step this page shows (absent on the map).
    pub node: Option<NodeView>,
    /// The overview: the first step and, nested, where each answer leads.
    pub map: Option<MapNode>,
    /// The rest of the overview when it would nest deeper than
    /// [`MAP_DEPTH`] steps: each a step the map reaches there, with what
    /// follows it nested again (empty for almost every tree).
    pub map_more: Vec<MapNode>,
    /// The tree as JSON for `tree.js` (questions, answers, URLs), already
    /// safe to put inside `<script type="application/json">`.
    pub data_json: String,
    /// "Last updated" date, `YYYY-MM-DD` or empty.
    pub updated: String,
}

/// What all the pages of one tree share, made once for all of them by the
/// caller (they are rendered in parallel): the data `tree.js` reads, and
/// the introduction and each step's body as HTML from one replay of the
/// article's Markdown.
pub(crate) struct TreeParts {
    /// The tree's [`data_json`](crate::render::view::tree_data::data_json).
    data_json: String,
    /// The text before the first step.
    intro_html: String,
    /// Each step's body up to its list of choices (which become buttons).
    step_html: Vec<String>,
    /// Each step's text after its list of choices (shown after the
    /// buttons), empty when there is none.
    after_html: Vec<String>,
}

impl TreeParts {
    /// The parts of the tree of article `index`, with its `data_json`.
    pub(crate) fn new(
        site: &Site,
        index: usize,
        tree: &Tree,
        labels: &markdown::Labels,
        data_json: String,
    ) -> TreeParts {
        let article = &site.articles[index];
        // Two parts per step: the text before its list of choices and the
        // text after it (a step without choices is all "before").
        let mut parts = vec![(tree.intro.clone(), 0..0)];
        for n in &tree.nodes {
            match &n.choice_list {
                Some(list) => {
                    parts.push((n.body.start..list.start.max(n.body.start), 0..0));
                    parts.push((list.end.min(n.body.end)..n.body.end, 0..0));
                }
                None => {
                    parts.push((n.body.clone(), 0..0));
                    parts.push((0..0, 0..0));
                }
            }
        }
        let mut html = markdown::render_parts(&article.body, rewrites(site, index), labels, &parts)
            .into_iter();
        let intro_html = html.next().unwrap_or_default();
        let (mut step_html, mut after_html) = (Vec::new(), Vec::new());
        while let (Some(before), Some(after)) = (html.next(), html.next()) {
            step_html.push(before);
            after_html.push(after);
        }
        TreeParts {
            data_json,
            intro_html,
            step_html,
            after_html,
        }
    }
}

impl TreeView {
    /// The view of step `node` of the tree of article `index` (or of the
    /// map when `None`), with what its pages share (`parts`).
    pub(crate) fn new(
        site: &Site,
        index: usize,
        tree: &Tree,
        node: Option<usize>,
        t: &Strings,
        parts: &TreeParts,
    ) -> TreeView {
        let config = &site.config;
        let article = &site.articles[index];
        let intro_html = if node == Some(tree.start) {
            parts.intro_html.clone()
        } else {
            String::new()
        };
        let mut view = TreeView {
            id: article.key.clone(),
            kind: tree.kind.as_str(),
            title: article.meta.title.clone(),
            description: article.meta.description.clone(),
            url: config.url(&article.url_path),
            map_url: config.url(&format!("{}map/", article.url_path)),
            section: Crumb::section(site, article.section, t),
            intro_html,
            step_count: tree.nodes.len(),
            map: None,
            map_more: Vec::new(),
            node: node.map(|i| NodeView::new(site, index, tree, i, t, parts)),
            data_json: parts.data_json.clone(),
            updated: iso_date(article.meta.updated),
        };
        if node.is_none() {
            let mut roots = map(site, index, tree).into_iter();
            view.map = roots.next();
            view.map_more = roots.collect();
        }
        view
    }
}

/// One step's page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct NodeView {
    /// The step's id.
    pub id: String,
    /// The question (the page's `h1`).
    pub question: String,
    /// The step's body up to its answers.
    pub html: String,
    /// The step's text after its answers (notes a reader needs only after
    /// answering), shown after them; empty when there is none.
    pub after_html: String,
    /// `resolved`, `escalate` or empty.
    pub terminal: &'static str,
    /// This page's URL.
    pub url: String,
    /// Whether this is the first step.
    pub is_start: bool,
    /// The answers, as links.
    pub choices: Vec<ChoiceView>,
    /// Step number on the shortest way here (1 for the first step; tree.js
    /// writes the real one).
    pub step: usize,
    /// How far along the progress bar is, in percent: the step number over
    /// the fewest steps to an end through this step (tree.js keeps it from
    /// ever moving back along a reader's walk), 100 at an end.
    pub percent: usize,
    /// The step before this one on the shortest way here.
    pub back: Option<Crumb>,
    /// The pre-filled support request (wizard `.escalate` steps).
    pub request: Option<RequestView>,
    /// On an `.escalate` step: the tree's own channel (its `support-channel`,
    /// else `[support] request-channel`), shown first.
    pub channel: Option<ChannelView>,
    /// On an `.escalate` step: the other channels, urgent ones first.
    pub other_channels: Vec<ChannelView>,
}

impl NodeView {
    /// Step `i` of the tree of article `index`: its body (without the list
    /// of choices, which become buttons, rendered in `parts`), its answers
    /// and, on a wizard's `.escalate` step, the support request.
    pub(crate) fn new(
        site: &Site,
        index: usize,
        tree: &Tree,
        i: usize,
        t: &Strings,
        parts: &TreeParts,
    ) -> NodeView {
        let config = &site.config;
        let article = &site.articles[index];
        let n = &tree.nodes[i];
        let html = parts.step_html.get(i).cloned().unwrap_or_default();
        let after_html = parts.after_html.get(i).cloned().unwrap_or_default();
        let escalate = n.terminal == Some(Terminal::Escalate);
        let own = escalate
            .then(|| request::channel(config, article))
            .flatten();
        let request = match (tree.kind, own) {
            (ArticleKind::Wizard, Some(c)) => {
                Some(RequestView::new(c, t, config, article, &n.question))
            }
            _ => None,
        };
        let other_channels = if escalate {
            ordered_channels(config, t, own.map(|c| c.key.as_str()))
        } else {
            Vec::new()
        };
        let step = n.depth.unwrap_or(0) + 1;
        let percent = match (n.terminal, tree.total_steps(i)) {
            (Some(_), _) => 100,
            (None, Some(total)) => step * 100 / total.max(1),
            (None, None) => 0,
        };
        NodeView {
            id: n.id.clone(),
            question: n.question.clone(),
            html,
            after_html,
            terminal: n.terminal.map_or("", |t| t.as_str()),
            url: node_url(config, article, tree, i),
            is_start: i == tree.start,
            choices: (0..n.choices.len())
                .map(|c| ChoiceView::new(site, index, tree, i, c))
                .collect(),
            step,
            percent,
            back: n.parent.map(|p| Crumb {
                title: tree.nodes[p].question.clone(),
                url: node_url(config, article, tree, p),
            }),
            request,
            channel: own.map(|c| ChannelView::new(c, config, t)),
            other_channels,
        }
    }
}

/// One answer.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ChoiceView {
    /// What the reader answers.
    pub label: String,
    /// Extra words under the label, or empty.
    pub hint: String,
    /// Where it goes.
    pub url: String,
    /// The step it leads to, or empty when it leads to an article.
    pub to: String,
}

impl ChoiceView {
    /// Answer `choice` of step `node` of the tree of article `index`.
    pub(crate) fn new(
        site: &Site,
        index: usize,
        tree: &Tree,
        node: usize,
        choice: usize,
    ) -> ChoiceView {
        let c = &tree.nodes[node].choices[choice];
        ChoiceView {
            label: c.label.clone(),
            hint: c.hint.clone(),
            url: choice_url(site, index, tree, node, choice),
            to: match c.target {
                Target::Node(t) => tree.nodes[t].id.clone(),
                _ => String::new(),
            },
        }
    }
}

/// How many steps deep the map nests. A step the map reaches deeper starts
/// a list of its own after the first ([`TreeView::map_more`]): the page,
/// its view and the template that draws it recursively stay shallow however
/// long a path is (browsers stop nesting HTML elements at a few hundred
/// levels anyway).
pub(crate) const MAP_DEPTH: usize = 32;

/// The map of the tree of article `index`: the first step with where each
/// answer leads nested below it, then the steps the map reaches deeper
/// than [`MAP_DEPTH`], each nesting again (in the order the map reaches
/// them).
fn map(site: &Site, index: usize, tree: &Tree) -> Vec<MapNode> {
    let mut roots = Vec::new();
    let mut more = VecDeque::from([tree.start]);
    while let Some(root) = more.pop_front() {
        roots.push(MapNode::new(site, index, tree, root, 1, &mut more));
    }
    roots
}

/// A step in the map, with where each answer leads.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct MapNode {
    /// The step's id.
    pub id: String,
    /// Its question.
    pub question: String,
    /// Its page.
    pub url: String,
    /// `resolved`, `escalate` or empty.
    pub terminal: &'static str,
    /// Its answers.
    pub answers: Vec<MapAnswer>,
}

impl MapNode {
    /// Step `node` of the tree of article `index` in the overview, `level`
    /// steps deep (1 at the top), and under each answer the step it leads to
    /// (nested where the shortest way from the start first reaches it, a
    /// link elsewhere). Steps that would nest deeper than [`MAP_DEPTH`] are
    /// links, added to `more` to be listed on their own.
    fn new(
        site: &Site,
        index: usize,
        tree: &Tree,
        node: usize,
        level: usize,
        more: &mut VecDeque<usize>,
    ) -> MapNode {
        let article = &site.articles[index];
        let n = &tree.nodes[node];
        let mut expanded = Vec::new();
        let answers = n
            .choices
            .iter()
            .enumerate()
            .map(|(c, choice)| {
                let url = choice_url(site, index, tree, node, c);
                let mut answer = MapAnswer {
                    label: choice.label.clone(),
                    node: None,
                    ref_title: String::new(),
                    ref_url: String::new(),
                    is_article: false,
                    continued: false,
                };
                match choice.target {
                    Target::Node(t)
                        if tree.nodes[t].parent == Some(node) && !expanded.contains(&t) =>
                    {
                        expanded.push(t);
                        if level < MAP_DEPTH {
                            answer.node = Some(MapNode::new(site, index, tree, t, level + 1, more));
                        } else {
                            more.push_back(t);
                            (answer.ref_title, answer.ref_url) =
                                (tree.nodes[t].question.clone(), url);
                            answer.continued = true;
                        }
                    }
                    Target::Node(t) => {
                        (answer.ref_title, answer.ref_url) = (tree.nodes[t].question.clone(), url);
                    }
                    _ => {
                        answer.ref_title =
                            article_title(site, &url).unwrap_or_else(|| choice.label.clone());
                        answer.ref_url = url;
                        answer.is_article = true;
                    }
                }
                answer
            })
            .collect();
        MapNode {
            id: n.id.clone(),
            question: n.question.clone(),
            url: node_url(&site.config, article, tree, node),
            terminal: n.terminal.map_or("", |t| t.as_str()),
            answers,
        }
    }
}

/// An answer in the map.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct MapAnswer {
    /// What the reader answers.
    pub label: String,
    /// The step it leads to, listed here when this is the first place the
    /// map reaches it.
    pub node: Option<MapNode>,
    /// Otherwise: the title of where it goes (a step listed elsewhere, or an
    /// article) and its URL.
    pub ref_title: String,
    /// URL of `ref_title`.
    pub ref_url: String,
    /// Whether it leads out of the tree to an article.
    pub is_article: bool,
    /// Whether the step it leads to is listed on its own further down
    /// (`ref_title`/`ref_url` point at it): the map nests at most
    /// [`MAP_DEPTH`] steps deep.
    pub continued: bool,
}

/// `page.kind` of a tree's step pages (and their body class).
pub(crate) fn page_kind(tree: &Tree) -> &'static str {
    match tree.kind {
        ArticleKind::Wizard => "wizard",
        _ => "troubleshooter",
    }
}

/// `<title>` of a step page: on a wizard's, "Step 2: question" ("Step 6
/// of 6" at an end), the step number on the shortest way there (tree.js
/// writes the real one), then the tree's title.
pub(crate) fn page_title(article: &Article, tree: &Tree, node: usize, t: &Strings) -> String {
    let n = &tree.nodes[node];
    let step = (n.depth.unwrap_or(0) + 1).to_string();
    let title = match article.meta.kind {
        ArticleKind::Wizard => {
            let key = if n.terminal.is_some() {
                "step_of"
            } else {
                "step_n"
            };
            let progress = t.fill(key, &[("step", &step), ("total", &step)]);
            format!("{progress}: {}", n.question)
        }
        _ => n.question.clone(),
    };
    format!("{title} · {}", article.meta.title)
}

/// The URL of step `node`.
pub(crate) fn node_url(config: &Config, article: &Article, tree: &Tree, node: usize) -> String {
    config.url(&format!("{}{}", article.url_path, tree.node_path(node)))
}

/// Where choice `choice` of step `node` goes: another step's page, or the
/// resolved link to a page (as written when it could not be resolved).
pub(crate) fn choice_url(
    site: &Site,
    index: usize,
    tree: &Tree,
    node: usize,
    choice: usize,
) -> String {
    let article = &site.articles[index];
    let c = &tree.nodes[node].choices[choice];
    match c.target {
        Target::Node(t) => node_url(&site.config, article, tree, t),
        Target::Page | Target::Missing => rewrites(site, index)
            .get(c.link_event)
            .map_or_else(|| c.dest.clone(), str::to_string),
    }
}

/// The resolved links of article `index`, by the index of their start
/// event.
fn rewrites(site: &Site, index: usize) -> &LinkUrls {
    site.link_urls
        .get(&DocId::Article(index))
        .unwrap_or(LinkUrls::none())
}

/// The title of the article at `url` (a resolved link, maybe with `#anchor`).
fn article_title(site: &Site, url: &str) -> Option<String> {
    let path = url.split('#').next()?;
    site.articles
        .iter()
        .find(|a| site.config.url(&a.url_path) == path)
        .map(|a| a.meta.title.clone())
}
