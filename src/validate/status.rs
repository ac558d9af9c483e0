//! Known issues: each `affects` entry of `content/_status/*.md` resolved to
//! the article, tree or tree step it names (`account-access/login-codes.md`,
//! `account-access/recover-your-account.md#enter-code`), into
//! `Site::affected`. A missing article or step is an error at its line with
//! did-you-mean; in a translation, a page that is not translated is left
//! out quietly (its original shows the issue).

use crate::base::diagnostic::Diagnostic;
use crate::base::did_you_mean::did_you_mean;
use crate::model::site::Site;
use crate::model::status::Affected;

/// What resolving `affects` needs of a site's pages (`links::LinkIndex`
/// answers it: the link index is built once, for links and `affects` alike).
pub(crate) trait PageLookup {
    /// The article at `path` under content/ (`account/reset.md`).
    fn article(&self, path: &str) -> Option<usize>;
    /// Whether `path` is a file that could not be read (already reported).
    fn is_unreadable(&self, path: &str) -> bool;
    /// The page nearest to `path`, for did-you-mean.
    fn suggest_page(&self, path: &str) -> Option<String>;
}

/// The pages each issue of `site` affects, and what could not be resolved.
/// `original` indexes the original site of a translation.
pub(crate) fn resolve_affects(
    site: &Site,
    index: &dyn PageLookup,
    original: Option<&dyn PageLookup>,
) -> (Vec<Vec<Affected>>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let affected = site
        .issues
        .iter()
        .map(|issue| {
            let mut pages = Vec::new();
            for entry in &issue.meta.affects {
                match resolve(site, index, original, &entry.text) {
                    Ok(Some(page)) => pages.push(page),
                    Ok(None) => {}
                    Err((message, help)) => diagnostics.push(
                        Diagnostic::error(message)
                            .in_file(&issue.file.path)
                            .at(&issue.file.text.get(), entry.span.clone())
                            .with_help(help),
                    ),
                }
            }
            pages.sort();
            pages.dedup();
            pages
        })
        .collect();
    (affected, diagnostics)
}

/// One `affects` entry: the page, `None` when it is left out quietly, or
/// the error's message and help.
fn resolve(
    site: &Site,
    index: &dyn PageLookup,
    original: Option<&dyn PageLookup>,
    entry: &str,
) -> Result<Option<Affected>, (String, String)> {
    let entry = entry.trim();
    let (path, step) = match entry.split_once('#') {
        Some((p, s)) => (p, Some(s)),
        None => (entry, None),
    };
    let path = path.trim_start_matches("@/").trim_start_matches('/');
    let Some(article) = index.article(path) else {
        if index.is_unreadable(path) || original.is_some_and(|o| o.article(path).is_some()) {
            return Ok(None);
        }
        let help = match index.suggest_page(path) {
            Some(s) if s.ends_with(".md") && !s.ends_with("_index.md") => {
                format!("did you mean \"{s}{}\"?", step.map(|s| format!("#{s}")).unwrap_or_default())
            }
            _ => "name an article or tree from content/, e.g. affects = [\"account-access/login-codes.md\"], or a tree's step: \"account-access/recover-your-account.md#enter-code\"".into(),
        };
        return Err((
            format!("`affects` names a missing article: `{entry}` (looked for content/{path})"),
            help,
        ));
    };
    let Some(step) = step else {
        return Ok(Some(Affected::Article(article)));
    };
    let a = &site.articles[article];
    let Some(tree) = &a.tree else {
        return Err((
            format!("`affects` names a step of content/{path}, which is not a troubleshooter or wizard: `{entry}`"),
            format!("name the article alone: \"{path}\""),
        ));
    };
    match tree.node(step) {
        Some(n) => Ok(Some(Affected::Step(article, n))),
        None => {
            let near = did_you_mean(step, tree.nodes.iter().map(|n| n.id.as_str()));
            let help = match near {
                Some(s) => format!("did you mean \"{path}#{s}\"?"),
                None => format!(
                    "name one of the steps of content/{path} (its `##` headings' ids: {})",
                    tree.nodes
                        .iter()
                        .take(8)
                        .map(|n| n.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            Err((
                format!(
                    "`affects` names a missing step: `#{step}` is not a step of content/{path}"
                ),
                help,
            ))
        }
    }
}
