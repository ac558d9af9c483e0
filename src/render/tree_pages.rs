//! The view of a troubleshooting tree's pages: one per step (the start at the
//! tree's URL, the others at `<tree>/<step-id>/`) and a map of all steps,
//! plus the JSON `tree.js` reads to swap steps in place, keep the reader's
//! answers and write the support request.

use std::collections::BTreeMap;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::config::{Config, SupportChannel};
use crate::markdown;
use crate::model::meta::ArticleKind;
use crate::model::site::{Article, DocId, Site};
use crate::model::tree::{Target, Tree};
use crate::render::view::*;
use crate::theme::Strings;

/// Characters kept as they are in `mailto:` and query values (RFC 3986
/// unreserved); everything else is percent-encoded, spaces as `%20`.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn encode(text: &str) -> String {
    utf8_percent_encode(text, QUERY_VALUE).to_string()
}

/// `url` with query parameters added (after `?`, or `&` when it has a query).
pub fn with_query(url: &str, params: &[(&str, &str)]) -> String {
    let mut out = url.to_string();
    for (name, value) in params {
        out.push(if out.contains('?') { '&' } else { '?' });
        out.push_str(&encode(name));
        out.push('=');
        out.push_str(&encode(value));
    }
    out
}

/// The pages of one tree, by output path (`a/b/index.html`), with the step
/// each shows (`None` for the map).
pub fn pages(article: &Article, tree: &Tree) -> Vec<(String, Option<usize>)> {
    let mut out = Vec::with_capacity(tree.nodes.len() + 1);
    for i in 0..tree.nodes.len() {
        // Duplicate ids are errors; never two pages at one path.
        if tree.node(&tree.nodes[i].id) == Some(i) {
            out.push((
                format!("{}{}index.html", article.url_path, tree.node_path(i)),
                Some(i),
            ));
        }
    }
    out.push((format!("{}map/index.html", article.url_path), None));
    out
}

/// The support channel requests from this tree go to.
fn channel<'a>(config: &'a Config, article: &Article) -> Option<&'a SupportChannel> {
    match &article.meta.support_channel {
        Some(name) => config.support_channels.iter().find(|c| c.key == name.text),
        None => config
            .request_channel
            .and_then(|i| config.support_channels.get(i)),
    }
}

fn channel_view(c: &SupportChannel) -> ChannelView {
    ChannelView {
        name: c.name.clone(),
        url: c.url.clone(),
        response_time: c.response_time.clone(),
        description: c.description.clone(),
    }
}

/// The subject line of a support request sent from `question`.
fn request_subject(t: &Strings, title: &str, question: &str) -> String {
    t.fill(
        "request_subject",
        &[("title", title), ("question", question)],
    )
}

/// The text of a support request around the reader's answers.
fn request_text(t: &Strings, config: &Config, title: &str, question: &str) -> (String, String) {
    let before = format!(
        "{}\n\n{}\n\n{}\n\n",
        t.get("request_hello"),
        t.fill("request_used", &[("title", title), ("site", &config.title)]),
        t.fill("request_where", &[("question", question)]),
    );
    let after = format!(
        "{} \n{} \n{} \n",
        t.get("request_field_username"),
        t.get("request_field_contact"),
        t.get("request_field_other")
    );
    (before, after)
}

/// The URL of step `node`.
fn node_url(config: &Config, article: &Article, tree: &Tree, node: usize) -> String {
    config.url(&format!("{}{}", article.url_path, tree.node_path(node)))
}

/// Where each choice of `node` goes.
fn choice_url(site: &Site, index: usize, tree: &Tree, node: usize, choice: usize) -> String {
    let article = &site.articles[index];
    let c = &tree.nodes[node].choices[choice];
    match c.target {
        Target::Node(t) => node_url(&site.config, article, tree, t),
        Target::Page | Target::Missing => site
            .link_urls
            .get(&DocId::Article(index))
            .and_then(|urls| urls.get(&c.link_event))
            .cloned()
            .unwrap_or_else(|| c.dest.clone()),
    }
}

/// `<title>` of a step page, and the breadcrumb's shorter text.
pub fn page_title(article: &Article, tree: &Tree, node: usize, t: &Strings) -> (String, String) {
    let n = &tree.nodes[node];
    let step = (n.depth.unwrap_or(0) + 1).to_string();
    let title = match (article.meta.kind, tree.total_steps(node)) {
        (ArticleKind::Wizard, Some(total)) => {
            let key = if n.terminal.is_some() {
                "step_of"
            } else {
                "step_of_about"
            };
            let progress = t.fill(key, &[("step", &step), ("total", &total.to_string())]);
            format!("{progress}: {}", n.question)
        }
        _ => n.question.clone(),
    };
    (
        format!("{title} · {}", article.meta.title),
        n.question.clone(),
    )
}

#[derive(Serialize)]
struct DataChoice<'a> {
    label: &'a str,
    /// Step id, or `None` for an article.
    to: Option<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct DataNode<'a> {
    id: &'a str,
    q: &'a str,
    url: String,
    end: &'static str,
    /// Fewest further steps to an end.
    rem: usize,
    choices: Vec<DataChoice<'a>>,
}

#[derive(Serialize)]
struct DataRequest {
    channel: String,
    url: String,
    email: bool,
    subject_param: String,
    body_param: String,
    /// Per escalate step: (subject, text before the answers); the text after.
    subjects: BTreeMap<String, (String, String)>,
    after: String,
}

#[derive(Serialize)]
struct Data<'a> {
    kind: &'static str,
    title: &'a str,
    start: &'a str,
    nodes: Vec<DataNode<'a>>,
    request: Option<DataRequest>,
}

/// The tree as JSON for `tree.js`, safe inside a `<script>` element.
pub fn data_json(site: &Site, index: usize, tree: &Tree, t: &Strings) -> String {
    let config = &site.config;
    let article = &site.articles[index];
    let nodes = tree
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| DataNode {
            id: &n.id,
            q: &n.question,
            url: node_url(config, article, tree, i),
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
        })
        .collect();
    let request = (tree.kind == ArticleKind::Wizard)
        .then(|| channel(config, article))
        .flatten()
        .map(|c| {
            let mut subjects = BTreeMap::new();
            let mut after = String::new();
            for n in tree.nodes.iter().filter(|n| n.terminal.is_some()) {
                let (before, rest) = request_text(t, config, &article.meta.title, &n.question);
                after = rest;
                subjects.insert(
                    n.id.clone(),
                    (request_subject(t, &article.meta.title, &n.question), before),
                );
            }
            DataRequest {
                channel: c.name.clone(),
                url: c.url.clone(),
                email: c.url.starts_with("mailto:"),
                subject_param: c.subject_param.clone(),
                body_param: c.body_param.clone(),
                subjects,
                after,
            }
        });
    let data = Data {
        kind: tree.kind.as_str(),
        title: &article.meta.title,
        start: &tree.nodes[tree.start].id,
        nodes,
        request,
    };
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "{}".into());
    // `</script>` or `<!--` inside a string must not end the element.
    json.replace('<', "\\u003c")
}

/// The view of step `node` (or of the map when `None`).
/// `data_json` is [`data_json`] of the tree (the same for all its pages, so
/// the caller computes it once).
pub fn tree_view(
    site: &Site,
    index: usize,
    tree: &Tree,
    node: Option<usize>,
    t: &Strings,
    labels: &markdown::Labels,
    data_json: String,
) -> TreeView {
    let config = &site.config;
    let article = &site.articles[index];
    let section = &site.sections[article.section];
    let empty = BTreeMap::new();
    let rewrites = site.link_urls.get(&DocId::Article(index)).unwrap_or(&empty);
    let body = &article.body;
    let node_view = node.map(|i| {
        let n = &tree.nodes[i];
        let skip = n.choice_list.clone().unwrap_or(0..0);
        let html = markdown::render_events(body, rewrites, labels, |e| {
            n.body.contains(&e) && !skip.contains(&e)
        });
        let request = match (tree.kind, n.terminal) {
            (ArticleKind::Wizard, Some(crate::model::tree::Terminal::Escalate)) => {
                channel(config, article).map(|c| {
                    let subject = request_subject(t, &article.meta.title, &n.question);
                    let (before, after) = request_text(t, config, &article.meta.title, &n.question);
                    let is_email = c.url.starts_with("mailto:");
                    let url = if is_email {
                        with_query(&c.url, &[("subject", &subject)])
                    } else {
                        with_query(&c.url, &[(&c.subject_param, &subject)])
                    };
                    RequestView {
                        channel: channel_view(c),
                        is_email,
                        url,
                        subject,
                        body: format!("{before}{after}"),
                    }
                })
            }
            _ => None,
        };
        NodeView {
            id: n.id.clone(),
            question: n.question.clone(),
            html,
            terminal: n.terminal.map_or("", |t| t.as_str()),
            url: node_url(config, article, tree, i),
            is_start: i == tree.start,
            choices: n
                .choices
                .iter()
                .enumerate()
                .map(|(c, choice)| ChoiceView {
                    label: choice.label.clone(),
                    hint: choice.hint.clone(),
                    url: choice_url(site, index, tree, i, c),
                    to: match choice.target {
                        Target::Node(t) => tree.nodes[t].id.clone(),
                        _ => String::new(),
                    },
                })
                .collect(),
            step: n.depth.unwrap_or(0) + 1,
            total: tree.total_steps(i).unwrap_or(0),
            back: n.parent.map(|p| Crumb {
                title: tree.nodes[p].question.clone(),
                url: node_url(config, article, tree, p),
            }),
            request,
        }
    });
    let intro_html = if node == Some(tree.start) {
        markdown::render_events(body, rewrites, labels, |e| tree.intro.contains(&e))
    } else {
        String::new()
    };
    TreeView {
        id: article.key.clone(),
        kind: tree.kind.as_str(),
        title: article.meta.title.clone(),
        description: article.meta.description.clone(),
        url: config.url(&article.url_path),
        map_url: config.url(&format!("{}map/", article.url_path)),
        section: Crumb {
            title: if article.section == 0 {
                t.get("home_crumb")
            } else {
                section.title.clone()
            },
            url: config.url(&section.url_path),
        },
        intro_html,
        step_count: tree.nodes.len(),
        map: node.is_none().then(|| map(site, index, tree)),
        node: node_view,
        data_json,
        updated: article
            .meta
            .updated
            .map(|d| d.to_string())
            .unwrap_or_default(),
    }
}

/// The overview: the start, and under each answer the step it leads to
/// (nested where the shortest way from the start first reaches it, a link
/// elsewhere).
fn map(site: &Site, index: usize, tree: &Tree) -> MapNode {
    let config = &site.config;
    fn build(site: &Site, index: usize, tree: &Tree, node: usize, config: &Config) -> MapNode {
        let article = &site.articles[index];
        let n = &tree.nodes[node];
        let mut expanded = Vec::new();
        let answers = n
            .choices
            .iter()
            .enumerate()
            .map(|(c, choice)| {
                let url = choice_url(site, index, tree, node, c);
                match choice.target {
                    Target::Node(t)
                        if tree.nodes[t].parent == Some(node) && !expanded.contains(&t) =>
                    {
                        expanded.push(t);
                        MapAnswer {
                            label: choice.label.clone(),
                            node: Some(build(site, index, tree, t, config)),
                            ref_title: String::new(),
                            ref_url: String::new(),
                            is_article: false,
                        }
                    }
                    Target::Node(t) => MapAnswer {
                        label: choice.label.clone(),
                        node: None,
                        ref_title: tree.nodes[t].question.clone(),
                        ref_url: url,
                        is_article: false,
                    },
                    _ => MapAnswer {
                        label: choice.label.clone(),
                        node: None,
                        ref_title: article_title(site, &url)
                            .unwrap_or_else(|| choice.label.clone()),
                        ref_url: url,
                        is_article: true,
                    },
                }
            })
            .collect();
        MapNode {
            id: n.id.clone(),
            question: n.question.clone(),
            url: node_url(config, article, tree, node),
            terminal: n.terminal.map_or("", |t| t.as_str()),
            answers,
        }
    }
    build(site, index, tree, tree.start, config)
}

/// The title of the article at `url` (a resolved link, maybe with `#anchor`).
fn article_title(site: &Site, url: &str) -> Option<String> {
    let path = url.split('#').next()?;
    site.articles
        .iter()
        .find(|a| site.config.url(&a.url_path) == path)
        .map(|a| a.meta.title.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(
            with_query(
                "mailto:help@x.example",
                &[("subject", "Locked out: help & more")]
            ),
            "mailto:help@x.example?subject=Locked%20out%3A%20help%20%26%20more"
        );
        assert_eq!(
            with_query("https://x.example/f?lang=en", &[("description", "a\nb")]),
            "https://x.example/f?lang=en&description=a%0Ab"
        );
    }
}
