//! `helpbook search`: queries a built site's index from the terminal with
//! the same engine (and the same files) the browser uses.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use helpbook::config::Config;
use helpbook_search::engine::Request;
use helpbook_search::local::LocalIndex;

/// The languages of the translations' indexes in a built site
/// (`search/index.<code>.json`).
fn translated_languages(site: &Path) -> Vec<String> {
    let mut codes: Vec<String> = std::fs::read_dir(site.join("search"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let code = name.strip_prefix("index.")?.strip_suffix(".json")?;
            (!code.is_empty()).then(|| code.to_string())
        })
        .collect();
    codes.sort();
    codes
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// What to search for.
pub struct Query<'a> {
    /// As a reader would type it.
    pub text: &'a str,
    /// Only in this category.
    pub category: Option<&'a str>,
    /// In this translation's index.
    pub language: Option<&'a str>,
    /// Most results.
    pub limit: usize,
}

/// Runs the command.
pub fn run(root: &Path, site: Option<&Path>, q: &Query<'_>, json: bool, verbose: bool) -> ExitCode {
    let (query, category, limit) = (q.text, q.category, q.limit);
    let site: PathBuf = match site {
        Some(site) => site.to_path_buf(),
        None => match Config::load(root) {
            Ok((Some(config), _, _)) => root.join(&config.build_dir),
            _ => root.join("site"),
        },
    };
    let manifest_path = site.join(helpbook::index::manifest_path(q.language));
    let manifest: serde_json::Value = match std::fs::read(&manifest_path) {
        Ok(bytes) => match serde_json::from_slice(&bytes) {
            Ok(value) => value,
            Err(e) => return fail(format!("{} is not valid JSON: {e}", manifest_path.display())),
        },
        Err(_) if q.language.is_some() && site.join("search/index.json").is_file() => {
            let known = translated_languages(&site);
            return fail(format!(
                "the site in {} has no search index in `{}`; its translations are: {}",
                site.display(),
                q.language.unwrap_or_default(),
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ));
        }
        Err(_) => {
            return fail(format!(
                "no search index in {}: run `helpbook build` first (and check that [output.html.search] enable is not false)",
                site.display()
            ))
        }
    };
    let Some(dir) = manifest.get("dir").and_then(|d| d.as_str()) else {
        return fail(format!("{} has no \"dir\"", manifest_path.display()));
    };
    let index = match LocalIndex::open(&site.join(dir)) {
        Ok(index) => index,
        Err(e) => return fail(format!("cannot open the search index: {e}")),
    };
    if let Some(key) = category {
        let categories = &index.engine().manifest().categories;
        if !categories.iter().any(|c| c.key == key) {
            let known: Vec<&str> = categories.iter().map(|c| c.key.as_str()).collect();
            return fail(format!(
                "no category `{key}`; the categories are: {}",
                known.join(", ")
            ));
        }
    }
    let request = Request {
        text: query.to_owned(),
        category: category.map(str::to_owned),
        limit,
    };
    let started = std::time::Instant::now();
    let results = match index.search(&request) {
        Ok((results, trace)) => {
            if verbose {
                let pages: usize = trace.rounds.iter().map(Vec::len).sum();
                eprintln!(
                    "searched in {:.1} ms: hot bundle {} bytes, then {} page(s) in {} round(s) {:?}, {} bytes",
                    started.elapsed().as_secs_f64() * 1000.0,
                    index.hot_bytes,
                    pages,
                    trace.rounds.len(),
                    trace.rounds.iter().map(Vec::len).collect::<Vec<_>>(),
                    trace.bytes
                );
            }
            results
        }
        Err(e) => return fail(format!("search failed: {e}")),
    };
    // Result URLs are relative to the site's URL, recorded at build time.
    let base = manifest
        .get("base_url")
        .and_then(|b| b.as_str())
        .unwrap_or("/")
        .to_owned();
    let url = |relative: &str| -> String { format!("{base}{relative}") };
    let mut out = std::io::stdout().lock();
    if json {
        let mut value: serde_json::Value =
            serde_json::from_str(&results.to_json()).unwrap_or_default();
        if let Some(hits) = value.get_mut("results").and_then(|r| r.as_array_mut()) {
            for hit in hits {
                absolutize(hit, &url);
                if let Some(sections) = hit.get_mut("sections").and_then(|s| s.as_array_mut()) {
                    for section in sections {
                        absolutize(section, &url);
                    }
                }
            }
        }
        value["query"] = serde_json::Value::String(query.to_owned());
        let _ = writeln!(out, "{value:#}");
        return ExitCode::SUCCESS;
    }
    if results.hits.is_empty() {
        let _ = writeln!(out, "No results for “{query}”.");
        return ExitCode::SUCCESS;
    }
    let bold = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for (i, hit) in results.hits.iter().enumerate() {
        let mut title = match &hit.section {
            Some(section) => format!("{} › {}", hit.title, section),
            None => hit.title.clone(),
        };
        if hit.kind == helpbook_search::card::Kind::Step {
            title = format!("Troubleshooter · {title}");
        }
        let _ = writeln!(out, "{}. {}", i + 1, title);
        if !hit.breadcrumb.is_empty() {
            let _ = writeln!(out, "   {}", hit.breadcrumb);
        }
        let _ = writeln!(out, "   {}", url(&hit.url));
        let _ = writeln!(out, "   {}", terminal_text(&hit.excerpt_html, bold));
    }
    if results.mode == helpbook_search::engine::Mode::Any {
        let _ = writeln!(out, "(No page has every word; these have some of them.)");
    }
    ExitCode::SUCCESS
}

fn absolutize(value: &mut serde_json::Value, url: &impl Fn(&str) -> String) {
    if let Some(relative) = value.get("url").and_then(|u| u.as_str()) {
        value["url"] = serde_json::Value::String(url(relative));
    }
}

/// Excerpt HTML (`<mark>` and entities only) as terminal text.
fn terminal_text(html: &str, bold: bool) -> String {
    let (on, off) = if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    html.replace("<mark>", on)
        .replace("</mark>", off)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
        .replace('\n', " ")
}
