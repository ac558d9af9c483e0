//! `[[search.expect]]` against the content: each expectation's language
//! and article (or tree step) found, with did-you-mean for a mistyped one,
//! into the pages its results may lead to. The searches themselves run on
//! the index the build makes (`index`); this stage only checks the paths.

use std::cell::OnceCell;
use std::ops::Range;

use crate::base::diagnostic::{Diagnostic, Report};
use crate::base::did_you_mean::did_you_mean;
use crate::config::{SearchExpectation, CONFIG_FILE};
use crate::model::search::Expectation;
use crate::model::site::{Article, Site};
use crate::validate::suggest::PathSuggester;

/// The expectations of book.toml (read from the original site's config)
/// that name a language and a page of `sites` (the original first, then
/// its translations); the others are errors at their line of `config_text`
/// in `report`. Nothing when there are none, or when search is disabled
/// (an error: they could not run).
pub(crate) fn resolve(sites: &[Site], config_text: &str, report: &mut Report) -> Vec<Expectation> {
    let Some(original) = sites.first() else {
        return Vec::new();
    };
    let expectations = &original.config.search_expectations;
    let Some(first) = expectations.first() else {
        return Vec::new();
    };
    if !original.config.search_enabled {
        report.push(
            error(config_text, &first.span, format!(
                "book.toml has {} [[search.expect]] but search is disabled ([output.html.search] enable = false): there is no index to test",
                expectations.len()
            ))
            .with_help("enable search ([output.html.search] enable = true), or remove the [[search.expect]] entries"),
        );
        return Vec::new();
    }
    let mut resolved = Vec::new();
    // Made for a language only when one of its articles is missing.
    let suggesters: Vec<OnceCell<PathSuggester>> = sites.iter().map(|_| OnceCell::new()).collect();
    for (number, expectation) in expectations.iter().enumerate() {
        let language = match language_of(sites, expectation, config_text) {
            Ok(language) => language,
            Err(diagnostic) => {
                report.push(diagnostic);
                continue;
            }
        };
        let found = Found {
            sites,
            language,
            suggester: &suggesters[language],
            config_text,
        };
        // An article whose front matter is broken is already an error at
        // its own line; "no article" here would send the writer looking
        // for a file that is there.
        if found.unreadable(expectation) {
            continue;
        }
        match found.urls(expectation) {
            Ok(urls) => resolved.push(Expectation {
                number,
                language,
                urls,
            }),
            Err(diagnostic) => report.push(diagnostic),
        }
    }
    resolved
}

/// An error at `span` of book.toml.
fn error(config_text: &str, span: &Range<usize>, message: String) -> Diagnostic {
    Diagnostic::error(message)
        .in_file(CONFIG_FILE)
        .at(config_text, span.clone())
}

/// The site whose index `expectation` searches: its `language`, or the
/// original's when it names none.
fn language_of(
    sites: &[Site],
    expectation: &SearchExpectation,
    config_text: &str,
) -> Result<usize, Diagnostic> {
    let Some(code) = &expectation.language else {
        return Ok(0);
    };
    if let Some(n) = sites.iter().position(|s| &s.config.language == code) {
        return Ok(n);
    }
    let codes: Vec<&str> = sites.iter().map(|s| s.config.language.as_str()).collect();
    let help = match did_you_mean(code, codes.iter().copied()) {
        Some(near) => format!("did you mean language = \"{near}\"?"),
        None => format!(
            "the help center's languages are {} ([book] language and each [language.<code>])",
            codes
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(error(
        config_text,
        &expectation.span,
        format!(
            "[[search.expect]] names language \"{code}\", which this help center does not have"
        ),
    )
    .with_help(help))
}

/// The content paths of a site's pages, for did-you-mean.
fn suggester(site: &Site) -> PathSuggester {
    let sections = site
        .sections
        .iter()
        .skip(1)
        .map(|s| format!("{}/_index.md", s.key));
    let articles = site.articles.iter().map(|a| format!("{}.md", a.key));
    let paths: Vec<String> = sections.chain(articles).collect();
    PathSuggester::new(paths.iter().map(String::as_str))
}

/// Looks an expectation's article up in one language's site.
struct Found<'a> {
    sites: &'a [Site],
    language: usize,
    /// Did-you-mean for the language's content paths, made once needed.
    suggester: &'a OnceCell<PathSuggester>,
    config_text: &'a str,
}

impl Found<'_> {
    /// The pages `expectation`'s results may lead to, or why its article
    /// is not there.
    fn urls(&self, expectation: &SearchExpectation) -> Result<Vec<String>, Diagnostic> {
        let site = &self.sites[self.language];
        let (path, step, key) = self.named(expectation);
        if let Some(article) = site.articles.iter().find(|a| a.key == key) {
            return self.article_urls(expectation, article, step);
        }
        let section_key = key.strip_suffix("/_index").filter(|k| !k.is_empty());
        let section = section_key.and_then(|k| site.sections.iter().skip(1).find(|s| s.key == k));
        match (section, step) {
            (Some(section), None) => Ok(vec![section.url_path.clone()]),
            (Some(_), Some(_)) => Err(self.not_a_tree(expectation, path)),
            (None, _) => Err(self.missing(expectation, key, path)),
        }
    }

    /// What `expectation` names: the path as written, the `#step` after it,
    /// and the article's key (a translation's own file name, `reset.es.md`,
    /// names the same page as `reset.md`).
    fn named<'e>(&self, expectation: &'e SearchExpectation) -> (&'e str, Option<&'e str>, &'e str) {
        let (path, step) = match expectation.article.split_once('#') {
            Some((path, step)) => (path, Some(step)),
            None => (expectation.article.as_str(), None),
        };
        let suffix = format!(".{}.md", self.sites[self.language].config.language);
        let key = match path.strip_suffix(&suffix) {
            Some(base) if self.language > 0 => base,
            _ => path.strip_suffix(".md").unwrap_or(path),
        };
        (path, step, key)
    }

    /// Whether `expectation` names an article that could not be read (its
    /// front matter is broken).
    fn unreadable(&self, expectation: &SearchExpectation) -> bool {
        let (_, _, key) = self.named(expectation);
        let file = format!("{key}.md");
        self.sites[self.language].unreadable.contains(&file)
    }

    /// An article's page, its tree's step pages, or the one step named.
    fn article_urls(
        &self,
        expectation: &SearchExpectation,
        article: &Article,
        step: Option<&str>,
    ) -> Result<Vec<String>, Diagnostic> {
        let path = format!("{}.md", article.key);
        let Some(tree) = &article.tree else {
            return match step {
                None => Ok(vec![article.url_path.clone()]),
                Some(_) => Err(self.not_a_tree(expectation, &path)),
            };
        };
        let Some(step) = step else {
            return Ok((0..tree.nodes.len())
                .map(|n| format!("{}{}", article.url_path, tree.node_path(n)))
                .collect());
        };
        if let Some(n) = tree.node(step) {
            return Ok(vec![format!("{}{}", article.url_path, tree.node_path(n))]);
        }
        let ids: Vec<&str> = tree.nodes.iter().map(|n| n.id.as_str()).collect();
        let help = match did_you_mean(step, ids.iter().copied()) {
            Some(near) => format!("did you mean article = \"{path}#{near}\"?"),
            None => format!("its steps are: {}", ids.join(", ")),
        };
        Err(error(
            self.config_text,
            &expectation.article_span,
            format!("{path} has no step `{step}`"),
        )
        .with_help(help))
    }

    /// `#step` after an article that has no steps.
    fn not_a_tree(&self, expectation: &SearchExpectation, path: &str) -> Diagnostic {
        error(
            self.config_text,
            &expectation.article_span,
            format!(
                "{path} is not a troubleshooter or wizard, so it has no steps to name after `#`"
            ),
        )
        .with_help(format!(
            "write article = \"{path}\": a result leading to any section of it counts"
        ))
    }

    /// An article that is not in this language's site: a typo, a draft,
    /// an untranslated article, or a path with `content/` in front.
    fn missing(&self, expectation: &SearchExpectation, key: &str, path: &str) -> Diagnostic {
        let site = &self.sites[self.language];
        let code = &site.config.language;
        let in_original = self.language > 0 && self.sites[0].articles.iter().any(|a| a.key == key);
        let (message, help) = if in_original {
            (
                format!(
                    "{path} has no translation into `{code}`, so the `{code}` index cannot find it"
                ),
                format!(
                    "translate it ({key}.{code}.md), or point this expectation at another article"
                ),
            )
        } else if path == "_index.md" {
            (
                "the home page is not in the search index".to_string(),
                "name an article, or a category's page (its folder's _index.md)".to_string(),
            )
        } else if site.skipped_drafts.iter().any(|d| d == path) {
            (
                format!("{path} is a draft, left out of this build"),
                "publish it (remove `draft = true`), or build with --drafts".to_string(),
            )
        } else {
            let help = match path.strip_prefix("content/") {
                Some(rest) => format!("the path is relative to content/: article = \"{rest}\""),
                None => match self.suggester.get_or_init(|| suggester(site)).suggest(path, "") {
                    Some(near) => format!("did you mean article = \"{near}\"?"),
                    None => "the path of an article under content/, such as article = \"account-access/hacked-account.md\"".to_string(),
                },
            };
            (format!("no article {path} under content/"), help)
        };
        let language = if self.language > 0 {
            format!(" (language \"{code}\")")
        } else {
            String::new()
        };
        error(
            self.config_text,
            &expectation.article_span,
            format!("[[search.expect]]{language}: {message}"),
        )
        .with_help(help)
    }
}
