//! The site's URL space: every page, asset, generated file and alias must have
//! its own URL. Two files that map to one URL, or an alias that would
//! overwrite a page, are errors naming both sides.

use std::collections::BTreeMap;

use crate::base::diagnostic::{Diagnostic, Report};
use crate::model::site::Site;
use crate::model::urls::{Redirect, RESERVED, STATIC_DIR};

/// Checks that every URL is unique and returns the redirects for aliases.
pub(crate) fn check_urls(site: &Site, report: &mut Report) -> Vec<Redirect> {
    // URL path → who owns it, for messages.
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    for (path, what) in RESERVED {
        owners.insert(path.to_string(), what.to_string());
    }
    let mut claim = |url: &str, owner: String, report: &mut Report, at: Diagnostic| {
        let lower = url.to_lowercase();
        if let Some(existing) = owners.get(&lower) {
            report.push(
                Diagnostic {
                    message: format!("{owner} and {existing} both publish to /{url}"),
                    ..at
                }
                .with_help("rename one of them: each page needs its own URL"),
            );
        } else if lower.starts_with(STATIC_DIR) {
            report.push(
                Diagnostic {
                    message: format!(
                        "{owner} publishes to /{url}, inside the theme's static/ folder"
                    ),
                    ..at
                }
                .with_help("rename the folder or file: static/ is reserved for the theme"),
            );
        } else {
            owners.insert(lower, owner);
        }
    };

    for section in site.sections.iter().skip(1) {
        let owner = match &section.file {
            Some(f) => f.path.display().to_string(),
            None => format!("folder content/{}", section.key),
        };
        let mut at = Diagnostic::error("");
        if let Some(f) = &section.file {
            at = at.in_file(&f.path).at_line(1);
        }
        claim(&section.url_path, owner, report, at);
    }
    for article in &site.articles {
        let at = Diagnostic::error("").in_file(&article.file.path).at_line(1);
        claim(
            &article.url_path,
            article.file.path.display().to_string(),
            report,
            at,
        );
    }
    for article in &site.articles {
        let Some(tree) = &article.tree else { continue };
        let owner = article.file.path.display().to_string();
        for (i, node) in tree.nodes.iter().enumerate() {
            if i == tree.start || tree.node(&node.id) != Some(i) {
                continue;
            }
            let at = Diagnostic::error("")
                .in_file(&article.file.path)
                .at(&article.file.text, node.span.clone());
            let url = format!("{}{}", article.url_path, tree.node_path(i));
            claim(&url, format!("step `{}` of {owner}", node.id), report, at);
        }
        let at = Diagnostic::error("").in_file(&article.file.path).at_line(1);
        claim(
            &format!("{}map/", article.url_path),
            format!("the map of {owner}"),
            report,
            at,
        );
    }
    for asset in &site.assets {
        let at = Diagnostic::error("").in_file(format!("content/{}", asset.key));
        claim(&asset.key, format!("content/{}", asset.key), report, at);
    }

    let mut redirects = Vec::new();
    for (i, article) in site.articles.iter().enumerate() {
        for alias in &article.meta.aliases {
            let at = Diagnostic::error("")
                .in_file(&article.file.path)
                .at(&article.file.text, alias.span.clone());
            match normalize_alias(&alias.text, &site.config.base_path) {
                Ok((url_path, output_path)) => {
                    let lower = url_path.to_lowercase();
                    if let Some(existing) = owners.get(&lower) {
                        report.push(
                            Diagnostic {
                                message: format!("alias `{}` collides with {existing} at /{url_path}", alias.text),
                                ..at
                            }
                            .with_help("an alias must be an old URL that no page uses any more; remove it or change it"),
                        );
                        continue;
                    }
                    owners.insert(
                        lower,
                        format!("an alias of {}", article.file.path.display()),
                    );
                    redirects.push(Redirect {
                        output_path,
                        url_path,
                        article: i,
                    });
                }
                Err(message) => report.push(Diagnostic { message, ..at }.with_help(
                    "write aliases as site paths, e.g. aliases = [\"/old/reset-password/\"]",
                )),
            }
        }
    }
    redirects
}

/// An alias as a URL path below the base path and the file to write for it.
fn normalize_alias(alias: &str, base_path: &str) -> Result<(String, String), String> {
    let trimmed = alias.trim();
    if trimmed.contains("://") || trimmed.starts_with("//") {
        return Err(format!(
            "alias `{alias}` is a full URL; only paths on this site can redirect"
        ));
    }
    if trimmed.contains(['?', '#', '\\']) {
        return Err(format!("alias `{alias}` contains ?, # or \\"));
    }
    // Accept aliases written with or without the site's base path.
    let mut path = trimmed.trim_start_matches('/');
    let base = base_path.trim_start_matches('/');
    if !base.is_empty() {
        if let Some(rest) = path.strip_prefix(base) {
            path = rest;
        }
    }
    if path.split('/').any(|p| p == ".." || p == ".") {
        return Err(format!("alias `{alias}` contains `.` or `..`"));
    }
    if path.is_empty() {
        return Err(format!("alias `{alias}` is the home page"));
    }
    if path.ends_with(".html") || path.ends_with(".htm") {
        return Ok((path.to_string(), path.to_string()));
    }
    let dir = format!("{}/", path.trim_end_matches('/'));
    let output = format!("{dir}index.html");
    Ok((dir, output))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_become_index_files() {
        assert_eq!(
            normalize_alias("/old/reset", "/").unwrap(),
            ("old/reset/".into(), "old/reset/index.html".into())
        );
        assert_eq!(
            normalize_alias("/help/old.html", "/help/").unwrap(),
            ("old.html".into(), "old.html".into())
        );
        assert!(normalize_alias("/../etc/", "/").is_err());
        assert!(normalize_alias("https://x/", "/").is_err());
        assert!(normalize_alias("/", "/").is_err());
    }
}
