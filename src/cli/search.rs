//! `helpbook search`: queries a built site's index from the terminal with
//! the same engine (and the same files) the browser uses.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use helpbook::config::Config;
use helpbook_search::engine::{Request, Results};
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

/// A failure of the command: `error: message`, exit 2.
fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// What to search for.
pub(crate) struct Query<'a> {
    /// As a reader would type it.
    pub text: &'a str,
    /// Only in this category.
    pub category: Option<&'a str>,
    /// In this translation's index.
    pub language: Option<&'a str>,
    /// Most results.
    pub limit: usize,
}

/// Runs the command: `site` is the built site (by default book.toml's
/// `build-dir` below `root`); `verbose` adds what the search read.
pub(crate) fn run(
    root: &Path,
    site: Option<&Path>,
    q: &Query<'_>,
    json: bool,
    verbose: bool,
) -> ExitCode {
    match search(root, site, q, json, verbose) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(message),
    }
}

/// [`run`], with the failures (exit 2) as messages.
fn search(
    root: &Path,
    site: Option<&Path>,
    q: &Query<'_>,
    json: bool,
    verbose: bool,
) -> Result<(), String> {
    let site: PathBuf = match site {
        Some(site) => site.to_path_buf(),
        None => match Config::load(root) {
            Ok((Some(config), _, _)) => root.join(&config.build_dir),
            _ => root.join("site"),
        },
    };
    let manifest = read_manifest(&site, q.language)?;
    let index = open_index(&site, q.language, &manifest)?;
    if let Some(key) = q.category {
        let categories = &index.engine().manifest().categories;
        if !categories.iter().any(|c| c.key == key) {
            let known: Vec<&str> = categories.iter().map(|c| c.key.as_str()).collect();
            return Err(format!(
                "no category `{key}`; the categories are: {}",
                known.join(", ")
            ));
        }
    }
    let results = query(&index, q, verbose)?;
    // Result URLs are relative to the site's URL, recorded at build time;
    // those of a translation's results in the original language (articles
    // not translated yet) to the original's.
    let base_of = |manifest: &serde_json::Value| {
        manifest
            .get("base_url")
            .and_then(|b| b.as_str())
            .unwrap_or("/")
            .to_owned()
    };
    let base = base_of(&manifest);
    let original_base = match q.language {
        Some(_) => read_manifest(&site, None).map_or_else(|_| base.clone(), |m| base_of(&m)),
        None => base.clone(),
    };
    let url = |relative: &str, original: bool| -> String {
        format!(
            "{}{relative}",
            if original { &original_base } else { &base }
        )
    };
    let mut out = std::io::stdout().lock();
    if json {
        print_json(&mut out, &results, q.text, &url);
    } else {
        print_text(&mut out, &results, q.text, &url);
    }
    Ok(())
}

/// The manifest of the index of `language` (the original language's when
/// `None`) in the built `site`.
fn read_manifest(site: &Path, language: Option<&str>) -> Result<serde_json::Value, String> {
    let manifest_path = site.join(helpbook::index::manifest_path(language));
    match std::fs::read(&manifest_path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map_err(|e| format!("{} is not valid JSON: {e}", manifest_path.display())),
        Err(_) if language.is_some() && site.join("search/index.json").is_file() => {
            let known = translated_languages(site);
            Err(format!(
                "the site in {} has no search index in `{}`; its translations are: {}",
                site.display(),
                language.unwrap_or_default(),
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ))
        }
        Err(_) => Err(format!(
            "no search index in {}: run `helpbook build` first (and check that [output.html.search] enable is not false)",
            site.display()
        )),
    }
}

/// Opens the index folder that `manifest` (of `language`'s index) names.
fn open_index(
    site: &Path,
    language: Option<&str>,
    manifest: &serde_json::Value,
) -> Result<LocalIndex, String> {
    let Some(dir) = manifest.get("dir").and_then(|d| d.as_str()) else {
        let manifest_path = site.join(helpbook::index::manifest_path(language));
        return Err(format!("{} has no \"dir\"", manifest_path.display()));
    };
    LocalIndex::open(&site.join(dir)).map_err(|e| format!("cannot open the search index: {e}"))
}

/// Runs the query; `verbose` tells on stderr what it read and how fast.
fn query(index: &LocalIndex, q: &Query<'_>, verbose: bool) -> Result<Results, String> {
    let request = Request {
        text: q.text.to_owned(),
        category: q.category.map(str::to_owned),
        limit: q.limit,
    };
    let started = std::time::Instant::now();
    let (results, trace) = index
        .search(&request)
        .map_err(|e| format!("search failed: {e}"))?;
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
    Ok(results)
}

/// The results as one JSON document, with absolute URLs and the query.
fn print_json(out: &mut impl Write, results: &Results, query: &str, url: &Url<'_>) {
    let mut value: serde_json::Value = serde_json::from_str(&results.to_json()).unwrap_or_default();
    if let Some(hits) = value.get_mut("results").and_then(|r| r.as_array_mut()) {
        for hit in hits {
            let original = hit.get("language").is_some_and(|l| l.is_string());
            absolutize(hit, original, url);
            if let Some(sections) = hit.get_mut("sections").and_then(|s| s.as_array_mut()) {
                for section in sections {
                    absolutize(section, original, url);
                }
            }
        }
    }
    value["query"] = serde_json::Value::String(query.to_owned());
    let _ = writeln!(out, "{value:#}");
}

/// The results for people: a numbered title, its breadcrumb, URL and
/// excerpt (matches in bold on a terminal); the results with only some of
/// the words after a line that says so, each with the words it lacks.
fn print_text(out: &mut impl Write, results: &Results, query: &str, url: &Url<'_>) {
    if results.hits.is_empty() {
        let _ = writeln!(out, "No results for “{query}”.");
        return;
    }
    let bold = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut all_so_far = true;
    for (i, hit) in results.hits.iter().enumerate() {
        if all_so_far && !hit.all_words {
            all_so_far = false;
            let _ = writeln!(out, "— Results with only some of your words —");
        }
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
        if let Some(language) = &hit.language {
            let _ = writeln!(out, "   In `{language}` (not translated yet)");
        }
        let _ = writeln!(out, "   {}", url(&hit.url, hit.language.is_some()));
        let _ = writeln!(out, "   {}", terminal_text(&hit.excerpt_html, bold));
        if !hit.missing_words.is_empty() {
            let _ = writeln!(out, "   Missing: {}", hit.missing_words.join(", "));
        }
    }
    if results.mode == helpbook_search::engine::Mode::Any {
        let _ = writeln!(out, "(No page has every word; these have some of them.)");
    }
}

/// A result's absolute URL from its relative one, and whether the result
/// is in the original language (an article the translation lacks).
type Url<'a> = dyn Fn(&str, bool) -> String + 'a;

/// Makes the `url` field of a result (or section) absolute.
fn absolutize(value: &mut serde_json::Value, original: bool, url: &Url<'_>) {
    if let Some(relative) = value.get("url").and_then(|u| u.as_str()) {
        value["url"] = serde_json::Value::String(url(relative, original));
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
