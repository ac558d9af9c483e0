//! Translations against their original: what each translation lacks or has
//! let fall behind, and that a translated troubleshooting tree has the
//! original's steps and choices.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::base::diagnostic::{Diagnostic, Report};
use crate::config::CONTENT_DIR;
use crate::model::site::{Article, Site};
use crate::model::tree::{Target, Tree};
use crate::theme::Theme;

/// What `check` found about each translated article: whether its original
/// was updated after it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Status {
    /// Per site (the original's entry is empty), per article: outdated.
    pub outdated: Vec<Vec<bool>>,
}

/// Checks the translations against the original (`sites[0]`): a warning per
/// language listing the articles it lacks (the language named as `theme`
/// names it), a warning per translation whose
/// original was updated after it, and errors where a translated tree's
/// steps or choices differ from the original's.
///
/// A language book.toml marks `partial` gets its list only when
/// `list_partial` (`check`); `build` and `serve` sum it up in one line.
pub(crate) fn check(
    sites: &[Site],
    theme: &Theme,
    list_partial: bool,
    report: &mut Report,
) -> Status {
    let mut status = Status {
        outdated: sites
            .iter()
            .map(|s| vec![false; s.articles.len()])
            .collect(),
    };
    let Some((original, translations)) = sites.split_first() else {
        return status;
    };
    let by_key: HashMap<&str, usize> = original
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.key.as_str(), i))
        .collect();
    for (n, site) in translations.iter().enumerate() {
        let code = &site.config.language;
        let have: HashSet<&str> = site.articles.iter().map(|a| a.key.as_str()).collect();
        let missing: Vec<String> = original
            .articles
            .iter()
            .filter(|a| !have.contains(a.key.as_str()))
            .map(|a| format!("{}.{code}.md", a.key))
            .collect();
        let partial = site
            .config
            .languages
            .iter()
            .any(|l| l.code == *code && l.partial);
        if !missing.is_empty() && (list_partial || !partial) {
            // A partial language's list is asked for (`check`): all of it.
            let limit = if partial { missing.len() } else { 8 };
            let shown: Vec<&str> = missing.iter().take(limit).map(String::as_str).collect();
            let more = missing.len().saturating_sub(shown.len());
            let mut list = shown.join(", ");
            if more > 0 {
                list.push_str(&format!(" and {more} more"));
            }
            report.push(
                Diagnostic::warning(format!(
                    "{} of {} articles {} no translation into `{code}` ({}){}: readers of that language find them only in the original",
                    missing.len(),
                    original.articles.len(),
                    if missing.len() == 1 { "has" } else { "have" },
                    theme.name_of_language(&site.config),
                    if partial { ", partial as book.toml says" } else { "" }
                ))
                .in_file(CONTENT_DIR)
                .with_help(format!("missing: {list}")),
            );
        }
        for (i, article) in site.articles.iter().enumerate() {
            let Some(&s) = by_key.get(article.key.as_str()) else {
                continue;
            };
            status.outdated[n + 1][i] = check_translation(&original.articles[s], article, report);
        }
    }
    status
}

/// Whether `article`, a translation of `source`, is older than it: the
/// original was updated after the translation.
pub(crate) fn is_outdated(source: &Article, article: &Article) -> bool {
    matches!(
        (source.meta.updated, article.meta.updated),
        (Some(theirs), Some(ours)) if theirs > ours
    )
}

/// [`check`] for one translated article against its original `source`:
/// the warning when it is outdated (returned as `true`), and the errors
/// where a translated tree differs from the original's. A live preview
/// runs it again when either file is saved.
pub(crate) fn check_translation(source: &Article, article: &Article, report: &mut Report) -> bool {
    let outdated = is_outdated(source, article);
    if let (true, Some(theirs), Some(ours)) = (outdated, source.meta.updated, article.meta.updated)
    {
        report.push(
            Diagnostic::warning(format!(
                "this translation may be out of date: the original was updated on {theirs}, the translation on {ours}"
            ))
            .in_file(&article.file.path)
            .at_line(1)
            .with_help(format!(
                "bring it up to date with {} and set `updated = {theirs}` (or later); until then its page says it may be out of date",
                source.file.path.display()
            )),
        );
    }
    match (&source.tree, &article.tree) {
        (Some(theirs), Some(ours)) => {
            compare_trees(source, theirs, article, ours, report);
        }
        (Some(_), None) if article.meta.kind != source.meta.kind => report.push(
            Diagnostic::error(format!(
                "the original is a {}, but this translation is not",
                source.meta.kind.as_str()
            ))
            .in_file(&article.file.path)
            .at_line(1)
            .with_help(format!(
                "set kind = \"{}\" in the front matter, with the same steps as the original",
                source.meta.kind.as_str()
            )),
        ),
        _ => {}
    }
    outdated
}

/// Errors where the translated tree `ours` differs in shape from the
/// original `theirs`: steps added or dropped, choices added, dropped or
/// going elsewhere.
fn compare_trees(
    source: &Article,
    theirs: &Tree,
    article: &Article,
    ours: &Tree,
    report: &mut Report,
) {
    let file = &article.file.path;
    let text = &article.file.text.get();
    let original = source.file.path.display().to_string();
    let (our_ids, their_ids) = (step_index(ours), step_index(theirs));
    for node in &theirs.nodes {
        if !our_ids.contains_key(node.id.as_str()) {
            report.push(
                Diagnostic::error(format!(
                    "step `{}` of the original is missing from this translation",
                    node.id
                ))
                .in_file(file)
                .at_line(1)
                .with_help(format!(
                    "translate the step \"{}\" ({original}) as a heading with {{#{}}}: a translated tree keeps the original's steps and ids",
                    node.question, node.id
                )),
            );
        }
    }
    for node in &ours.nodes {
        let Some(&j) = their_ids.get(node.id.as_str()) else {
            report.push(
                Diagnostic::error(format!(
                    "step `{}` is not in the original ({original})",
                    node.id
                ))
                .in_file(file)
                .at(text, node.span.clone())
                .with_help("a translated tree has the original's steps, with the same ids: add the step to the original first, or give this heading the id of the step it translates"),
            );
            continue;
        };
        let them = &theirs.nodes[j];
        let target = |tree: &Tree, choice: &crate::model::tree::Choice| -> String {
            match choice.target {
                Target::Node(k) => format!("#{}", tree.nodes[k].id),
                _ => link_path(&choice.dest),
            }
        };
        for (c, (choice, original_choice)) in node.choices.iter().zip(&them.choices).enumerate() {
            let (ours_to, theirs_to) = (target(ours, choice), target(theirs, original_choice));
            if ours_to != theirs_to {
                report.push(
                    Diagnostic::error(format!(
                        "answer {} of step `{}` goes to `{ours_to}`, but in the original to `{theirs_to}`",
                        c + 1,
                        node.id
                    ))
                    .in_file(file)
                    .at(text, choice.span.clone())
                    .with_help(format!(
                        "keep the original's answers in the same order and with the same targets (\"{}\" → {theirs_to})",
                        original_choice.label
                    )),
                );
            }
        }
        if node.choices.len() != them.choices.len() {
            // At the first extra answer, or at the step when some are missing.
            let (span, help) = match node.choices.get(them.choices.len()) {
                Some(extra) => (
                    extra.span.clone(),
                    "remove the extra answer, or add it to the original first: every language offers the same answers".to_string(),
                ),
                None => {
                    let dropped = &them.choices[node.choices.len()];
                    (
                        node.span.clone(),
                        format!(
                            "translate the missing answer \"{}\" → {}",
                            dropped.label,
                            target(theirs, dropped)
                        ),
                    )
                }
            };
            report.push(
                Diagnostic::error(format!(
                    "step `{}` has {} here but {} in the original",
                    node.id,
                    answers(node.choices.len()),
                    answers(them.choices.len())
                ))
                .in_file(file)
                .at(text, span)
                .with_help(help),
            );
        }
        if node.terminal != them.terminal {
            let name = |t: Option<crate::model::tree::Terminal>| {
                t.map_or("a question".to_string(), |t| {
                    format!("a .{} end", t.as_str())
                })
            };
            report.push(
                Diagnostic::error(format!(
                    "step `{}` is {} here but {} in the original",
                    node.id,
                    name(node.terminal),
                    name(them.terminal)
                ))
                .in_file(file)
                .at(text, node.span.clone())
                .with_help("keep the original's {.resolved} and {.escalate} classes on the translated headings"),
            );
        }
    }
}

/// The first step with each id (what [`Tree::node`] finds, looked up in
/// constant time).
fn step_index(tree: &Tree) -> HashMap<&str, usize> {
    let mut index = HashMap::new();
    for (i, node) in tree.nodes.iter().enumerate() {
        index.entry(node.id.as_str()).or_insert(i);
    }
    index
}

/// `1 answer`, `3 answers`.
fn answers(n: usize) -> String {
    if n == 1 {
        "1 answer".into()
    } else {
        format!("{n} answers")
    }
}

/// A link's page, without the language or an anchor (`../a/b.md#x` →
/// `../a/b.md`), to compare a translation's article exits with the
/// original's.
fn link_path(dest: &str) -> String {
    let path = dest.split('#').next().unwrap_or(dest);
    let file = Path::new(path);
    // `b.es.md` and `b.md` go to the same article.
    match (file.file_stem().and_then(|s| s.to_str()), file.parent()) {
        (Some(stem), parent) if path.ends_with(".md") => {
            let base = stem.rsplit_once('.').map_or(stem, |(b, _)| b);
            let base =
                if crate::config::is_language_tag(stem.rsplit_once('.').map_or("", |(_, c)| c)) {
                    base
                } else {
                    stem
                };
            match parent {
                Some(p) if !p.as_os_str().is_empty() => format!("{}/{base}.md", p.display()),
                _ => format!("{base}.md"),
            }
        }
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_paths_ignore_language_and_anchor() {
        assert_eq!(link_path("../a/b.md#x"), "../a/b.md");
        assert_eq!(link_path("../a/b.es.md"), "../a/b.md");
        assert_eq!(link_path("b.md"), "b.md");
        assert_eq!(link_path("v1.2.md"), "v1.2.md");
    }
}
