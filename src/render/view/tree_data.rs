//! The JSON `tree.js` reads from a tree's pages (`tree.data_json`) to swap
//! steps in place, keep the reader's answers and write the support request.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::meta::ArticleKind;
use crate::model::site::Site;
use crate::model::tree::{Target, Tree};
use crate::render::view::request;
use crate::render::view::tree::{choice_url, node_url};
use crate::theme::Strings;

/// One answer.
#[derive(Serialize)]
struct DataChoice<'a> {
    /// What the reader answers.
    label: &'a str,
    /// Step id, or `None` for an article.
    to: Option<&'a str>,
    /// Where it goes.
    url: String,
}

/// One step.
#[derive(Serialize)]
struct DataNode<'a> {
    /// The step's id.
    id: &'a str,
    /// Its question.
    q: &'a str,
    /// Its page.
    url: String,
    /// `resolved`, `escalate` or empty.
    end: &'static str,
    /// Fewest further steps to an end.
    rem: usize,
    /// Its answers.
    choices: Vec<DataChoice<'a>>,
}

/// The support request of a wizard.
#[derive(Serialize)]
struct DataRequest {
    /// The channel's name.
    channel: String,
    /// The channel's URL (`mailto:` or a web form).
    url: String,
    /// Whether the channel is email.
    email: bool,
    /// The form's query parameter for the subject.
    subject_param: String,
    /// The form's query parameter for the text.
    body_param: String,
    /// Per escalate step: (subject, text before the answers); the text after.
    subjects: BTreeMap<String, (String, String)>,
    /// The text after the answers.
    after: String,
}

/// The whole tree.
#[derive(Serialize)]
struct Data<'a> {
    /// `troubleshooter` or `wizard`.
    kind: &'static str,
    /// The tree's title.
    title: &'a str,
    /// The first step's id.
    start: &'a str,
    /// Every step, in file order.
    nodes: Vec<DataNode<'a>>,
    /// The support request (wizards with a channel).
    request: Option<DataRequest>,
}

/// The tree of article `index` as JSON for `tree.js`, safe inside a
/// `<script>` element.
pub(crate) fn data_json(site: &Site, index: usize, tree: &Tree, t: &Strings) -> String {
    let article = &site.articles[index];
    let data = Data {
        kind: tree.kind.as_str(),
        title: &article.meta.title,
        start: &tree.nodes[tree.start].id,
        nodes: (0..tree.nodes.len())
            .map(|i| data_node(site, index, tree, i))
            .collect(),
        request: data_request(site, index, tree, t),
    };
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "{}".into());
    // `</script>` or `<!--` inside a string must not end the element.
    json.replace('<', "\\u003c")
}

/// Step `i` as `tree.js` reads it.
fn data_node<'a>(site: &Site, index: usize, tree: &'a Tree, i: usize) -> DataNode<'a> {
    let n = &tree.nodes[i];
    DataNode {
        id: &n.id,
        q: &n.question,
        url: node_url(&site.config, &site.articles[index], tree, i),
        end: n.terminal.map_or("", |t| t.as_str()),
        rem: n.remaining.unwrap_or(0),
        choices: n
            .choices
            .iter()
            .enumerate()
            .map(|(c, choice)| DataChoice {
                label: &choice.label,
                to: match choice.target {
                    Target::Node(t) => Some(tree.nodes[t].id.as_str()),
                    _ => None,
                },
                url: choice_url(site, index, tree, i, c),
            })
            .collect(),
    }
}

/// A wizard's support request, written by `tree.js` at its `.escalate`
/// steps; `None` for a troubleshooter or without a channel.
fn data_request(site: &Site, index: usize, tree: &Tree, t: &Strings) -> Option<DataRequest> {
    let config = &site.config;
    let article = &site.articles[index];
    let title = &article.meta.title;
    let c = (tree.kind == ArticleKind::Wizard)
        .then(|| request::channel(config, article))
        .flatten()?;
    let mut subjects = BTreeMap::new();
    let mut after = String::new();
    for n in tree.nodes.iter().filter(|n| n.terminal.is_some()) {
        let (before, rest) = request::text(t, config, title, &n.question);
        after = rest;
        subjects.insert(
            n.id.clone(),
            (request::subject(t, title, &n.question), before),
        );
    }
    Some(DataRequest {
        channel: c.name.clone(),
        url: c.url.clone(),
        email: c.url.starts_with("mailto:"),
        subject_param: c.subject_param.clone(),
        body_param: c.body_param.clone(),
        subjects,
        after,
    })
}
