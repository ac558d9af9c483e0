//! Articles of one language with the same title: readers would see two
//! identical entries in a category, in related articles and in search
//! results, and could not tell which one they need.

use std::collections::HashMap;
use std::ops::Range;

use crate::base::diagnostic::{line_col, Diagnostic, Report};
use crate::model::site::{Article, Site};

/// A warning for each article whose title (compared without case and
/// surrounding spaces) an earlier article of `site` already has, at its
/// title's line and naming the other file and line.
pub(crate) fn check(site: &Site, report: &mut Report) {
    let mut first: HashMap<String, &Article> = HashMap::new();
    for article in &site.articles {
        let key = article.meta.title.trim().to_lowercase();
        let Some(earlier) = first.get(&key) else {
            first.insert(key, article);
            continue;
        };
        let (earlier_line, _) = title_span(&earlier.file.text.get()).map_or((1, 1), |span| {
            line_col(&earlier.file.text.get(), span.start)
        });
        let mut warning = Diagnostic::warning(format!(
            "{SAME_TITLE} \"{}\": this one and {}:{earlier_line}",
            article.meta.title.trim(),
            earlier.file.path.display()
        ))
        .in_file(&article.file.path)
        .with_help(
            "readers see two identical entries in the category and in search; give each a title that says how it differs",
        );
        warning = match title_span(&article.file.text.get()) {
            Some(span) => warning.at(&article.file.text.get(), span),
            None => warning.at_line(1),
        };
        report.push(warning);
    }
}

/// Whether `d` is one of [`check`]'s warnings (a live preview replaces
/// them after an edit).
pub(crate) fn is_same_title(d: &Diagnostic) -> bool {
    d.message.starts_with(SAME_TITLE)
}

/// How [`check`]'s warnings start.
const SAME_TITLE: &str = "two articles are titled";

/// Where `title` is written in an article's front matter (the line's key
/// and value): the first line of the front matter that starts with
/// `title =` or `title:`.
fn title_span(text: &str) -> Option<Range<usize>> {
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if n > 0 && (trimmed == "+++" || trimmed == "---") {
            return None;
        }
        let rest = trimmed.strip_prefix("title").map(str::trim_start);
        if n > 0 && rest.is_some_and(|r| r.starts_with('=') || r.starts_with(':')) {
            return Some(offset..offset + trimmed.len());
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_line_is_found_in_toml_and_yaml() {
        let line = |text: &str| title_span(text).map(|s| line_col(text, s.start).0);
        assert_eq!(line("+++\nweight = 1\ntitle = \"A\"\n+++\n"), Some(3));
        assert_eq!(line("---\ntitle: A\n---\n"), Some(2));
        assert_eq!(line("+++\n+++\ntitle = \"body\"\n"), None);
    }
}
