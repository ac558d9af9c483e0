//! The code's layout stays what ARCHITECTURE.md says: the folders of `src/`
//! are the pipeline's stages and may import only what sits below them, no
//! module imports in a circle (in either crate), and no function outside
//! tests is longer than a screenful (120 lines).
//!
//! The imports are read from the source text (`crate::…` and `super::…`
//! paths, `use` groups included; comments, strings and `#[cfg(test)]`
//! modules left out), so the rules hold for every path, not only `use`
//! lines.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What each folder (or top-level file) of `src/` may import, besides
/// itself. Lower layers first; `main.rs` and `cli/` are the binary, above
/// everything, and import the library as `helpbook::`.
const RULES: &[(&str, &[&str])] = &[
    ("base", &[]),
    ("config", &["base"]),
    ("markdown", &["base"]),
    ("theme", &["base", "config"]),
    ("model", &["base", "config", "markdown"]),
    ("write", &["base"]),
    // The four stages never import each other.
    (
        "load",
        &["base", "config", "markdown", "theme", "model", "write"],
    ),
    (
        "validate",
        &["base", "config", "markdown", "theme", "model", "write"],
    ),
    (
        "render",
        &["base", "config", "markdown", "theme", "model", "write"],
    ),
    (
        "index",
        &["base", "config", "markdown", "theme", "model", "write"],
    ),
    // Only the pipeline knows the order of the stages.
    (
        "pipeline",
        &[
            "base", "config", "markdown", "theme", "model", "write", "load", "validate", "render",
            "index",
        ],
    ),
    // Above the pipeline.
    (
        "serve",
        &[
            "base", "config", "markdown", "theme", "model", "write", "load", "validate", "render",
            "index", "pipeline",
        ],
    ),
    (
        "insights",
        &[
            "base", "config", "markdown", "theme", "model", "write", "load", "validate", "render",
            "index", "pipeline",
        ],
    ),
    (
        "tools",
        &[
            "base", "config", "markdown", "theme", "model", "write", "load", "validate", "render",
            "index", "pipeline",
        ],
    ),
];

/// Longest function allowed outside tests, in lines (signature to closing
/// brace).
const MAX_FUNCTION_LINES: usize = 120;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file below `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

/// The module path of a file below a crate's `src/`: `a/b.rs` and
/// `a/b/mod.rs` are `["a", "b"]`, `lib.rs` and `main.rs` are `[]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).expect("file below src");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// The source without comments, string and character literals (their
/// contents blanked) and without the `#[cfg(test)]` module, keeping line
/// breaks so that line numbers stay right.
fn code_only(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if let Some(after) = rest.strip_prefix("#[cfg(test)]") {
            if after.trim_start().starts_with("mod ") {
                // Blank to the end of the module: the test module comes last.
                out.extend(rest.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
                break;
            }
        }
        if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            out.push_str(&" ".repeat(end));
            i += end;
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(rest.len(), |e| e + 2);
            out.extend(
                rest[..end]
                    .chars()
                    .map(|c| if c == '\n' { '\n' } else { ' ' }),
            );
            i += end;
        } else if let Some(len) = raw_string_len(rest) {
            out.extend(
                rest[..len]
                    .chars()
                    .map(|c| if c == '\n' { '\n' } else { ' ' }),
            );
            i += len;
        } else if rest.starts_with('"') {
            let mut j = 1;
            let b = rest.as_bytes();
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(rest.len());
            out.extend(
                rest[..end]
                    .chars()
                    .map(|c| if c == '\n' { '\n' } else { ' ' }),
            );
            i += end;
        } else if let Some(len) = char_literal_len(rest) {
            out.push_str(&" ".repeat(len));
            i += len;
        } else {
            let c = rest.chars().next().expect("not at the end");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The length of a raw string literal (`r"…"`, `r#"…"#`) at the start of
/// `text`, if one starts there.
fn raw_string_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('r').or_else(|| text.strip_prefix("br"))?;
    let prefix = text.len() - rest.len();
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    if rest.as_bytes().get(hashes) != Some(&b'"') {
        return None;
    }
    let close = format!("\"{}", "#".repeat(hashes));
    let body = &rest[hashes + 1..];
    let end = body.find(&close)? + close.len();
    Some(prefix + hashes + 1 + end)
}

/// The length of a character literal (`'a'`, `'\n'`, `'\''`) at the start
/// of `text`; lifetimes (`'a`) are not literals.
fn char_literal_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('\'')?;
    let mut chars = rest.char_indices();
    let (_, first) = chars.next()?;
    let after = if first == '\\' {
        // An escape: find the closing quote within a few characters.
        let end = rest[1..].find('\'')?;
        return (end <= 10).then_some(end + 3);
    } else {
        first.len_utf8()
    };
    (rest.as_bytes().get(after) == Some(&b'\'')).then_some(after + 2)
}

/// Every path the code names from the crate root: `crate::a::b`,
/// `crate::{a::b, c}` and `super::x` (resolved against `module`), each as
/// segments with its line.
fn crate_paths(code: &str, module: &[String], is_mod_file: bool) -> Vec<(Vec<String>, usize)> {
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let line_no = n + 1;
        let mut rest = line;
        while let Some(at) = find_path_start(rest) {
            let (base, tail) = if rest[at..].starts_with("crate::") {
                (Vec::new(), &rest[at + "crate::".len()..])
            } else {
                // `super::` from `a/b.rs` (module a::b) is `a`; from
                // `a/mod.rs` (module a) it is the crate root.
                let mut base = module.to_vec();
                let mut tail = &rest[at..];
                while let Some(t) = tail.strip_prefix("super::") {
                    base.pop();
                    tail = t;
                }
                let _ = is_mod_file;
                (base, tail)
            };
            let consumed;
            if let Some(group) = tail.strip_prefix('{') {
                // A group may span lines: read it from the whole text.
                let start = line_offset(code, n) + (line.len() - group.len());
                let inner = read_group(&code[start..]);
                for item in split_group(inner) {
                    let mut path = base.clone();
                    path.extend(segments(&item));
                    out.push((path, line_no));
                }
                consumed = tail.len().min(1);
            } else {
                let mut path = base.clone();
                let segs = segments(tail);
                consumed = segs.iter().map(|s| s.len() + 2).sum::<usize>().max(1);
                path.extend(segs);
                out.push((path, line_no));
            }
            let skip = (rest.len() - tail.len()) + consumed.min(tail.len());
            rest = &rest[skip.min(rest.len())..];
        }
    }
    out
}

fn line_offset(text: &str, line: usize) -> usize {
    text.split_inclusive('\n').take(line).map(str::len).sum()
}

/// Where the next `crate::` or `super::` path starts in `text` (not inside
/// another identifier or path).
fn find_path_start(text: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let candidates = [text[from..].find("crate::"), text[from..].find("super::")];
        let at = from + candidates.into_iter().flatten().min()?;
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':' || c == '$') {
            from = at + 1;
            continue;
        }
        return Some(at);
    }
}

/// The inside of a `{…}` group whose opening brace has just been read.
fn read_group(text: &str) -> &str {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..i];
                }
            }
            _ => {}
        }
    }
    text
}

/// The items of a use group, nested groups flattened to their prefixes
/// (`a::{b, c}` is `a::b` and `a::c`).
fn split_group(inner: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut current = String::new();
    for c in inner.chars() {
        match c {
            '{' => {
                depth += 1;
                current.push(c);
            }
            '}' => {
                depth -= 1;
                current.push(c);
            }
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut current));
            }
            _ => current.push(c),
        }
    }
    items.push(current);
    let mut out = Vec::new();
    for item in items {
        let item: String = item.split_whitespace().collect::<Vec<_>>().join(" ");
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        if let Some(open) = item.find('{') {
            let prefix = item[..open].trim_end_matches("::").to_string();
            let close = item.rfind('}').unwrap_or(item.len());
            for sub in split_group(&item[open + 1..close]) {
                out.push(format!("{prefix}::{sub}"));
            }
        } else {
            out.push(item.to_string());
        }
    }
    out
}

/// The identifier segments at the start of a path (`a::b::C as D` → a, b, C).
fn segments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text.trim_start();
    loop {
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        out.push(rest[..end].to_string());
        match rest[end..].strip_prefix("::") {
            Some(next) if !next.starts_with('{') && !next.starts_with('*') => rest = next,
            _ => break,
        }
    }
    out.retain(|s| s != "self");
    out
}

/// A crate's modules and the modules each imports, with the line of the
/// first import.
struct Crate {
    /// Module path → file.
    files: BTreeMap<Vec<String>, PathBuf>,
    /// Module → (imported module → line).
    imports: BTreeMap<Vec<String>, BTreeMap<Vec<String>, usize>>,
}

fn read_crate(src: &Path, skip: &dyn Fn(&Path) -> bool) -> Crate {
    let mut files = BTreeMap::new();
    let mut texts = Vec::new();
    for file in rust_files(src) {
        if skip(&file) {
            continue;
        }
        let module = module_of(src, &file);
        let text = std::fs::read_to_string(&file).expect("readable source");
        texts.push((module.clone(), file.clone(), text));
        files.insert(module, file);
    }
    let mut imports = BTreeMap::new();
    for (module, file, text) in &texts {
        let code = code_only(text);
        let is_mod = file.file_name().is_some_and(|n| n == "mod.rs");
        let mut found: BTreeMap<Vec<String>, usize> = BTreeMap::new();
        let mut paths = crate_paths(&code, module, is_mod);
        // `use child::X` in a module's own file names its child without
        // `crate::` or `self::`.
        let children: Vec<&String> = files
            .keys()
            .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
            .filter_map(|m| m.last())
            .collect();
        for (n, line) in code.lines().enumerate() {
            let trimmed = line.trim_start();
            let Some(used) = trimmed
                .strip_prefix("pub use ")
                .or_else(|| trimmed.strip_prefix("pub(crate) use "))
                .or_else(|| trimmed.strip_prefix("use "))
            else {
                continue;
            };
            let first = segments(used);
            if let Some(child) = first.first().filter(|c| children.contains(c)) {
                let mut path = module.clone();
                path.push(child.clone());
                paths.push((path, n + 1));
            }
        }
        for (path, line) in paths {
            // The longest prefix that is a module of this crate.
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| files.contains_key(p));
            if let Some(target) = target {
                if &target != module {
                    found.entry(target).or_insert(line);
                }
            }
        }
        imports.insert(module.clone(), found);
    }
    Crate { files, imports }
}

/// The import circles of a crate: its strongly connected components of more
/// than one module (Tarjan's algorithm, iteratively).
fn circles(krate: &Crate) -> Vec<Vec<Vec<String>>> {
    let nodes: Vec<&Vec<String>> = krate.files.keys().collect();
    let index_of: BTreeMap<&Vec<String>, usize> =
        nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let edges: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| {
            krate.imports[*n]
                .keys()
                .filter_map(|t| index_of.get(t).copied())
                .collect()
        })
        .collect();
    let n = nodes.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((v, edge)) = work.pop() {
            if edge == 0 {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(edge) {
                work.push((v, edge + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(nodes[w].clone());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    out.push(component);
                }
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    out
}

fn show(module: &[String]) -> String {
    if module.is_empty() {
        "(crate root)".into()
    } else {
        module.join("::")
    }
}

fn library() -> Crate {
    let src = root().join("src");
    let bin = src.join("cli");
    let main = src.join("main.rs");
    read_crate(&src, &|f: &Path| f.starts_with(&bin) || f == main)
}

#[test]
fn folders_import_only_what_sits_below_them() {
    let krate = library();
    let rules: BTreeMap<&str, &[&str]> = RULES.iter().copied().collect();
    let mut problems = Vec::new();
    for (module, imports) in &krate.imports {
        let Some(own) = module.first() else {
            continue; // lib.rs declares the modules
        };
        let Some(allowed) = rules.get(own.as_str()) else {
            problems.push(format!(
                "src/{own}: a top-level module with no rule in tests/layout.rs (add it to RULES and to ARCHITECTURE.md)"
            ));
            continue;
        };
        for (target, line) in imports {
            let Some(theirs) = target.first() else {
                continue;
            };
            if theirs != own && !allowed.contains(&theirs.as_str()) {
                problems.push(format!(
                    "{}:{line}: `{}` imports `{}`; {own} may import only {}",
                    krate.files[module]
                        .strip_prefix(root())
                        .unwrap_or(&krate.files[module])
                        .display(),
                    show(module),
                    show(target),
                    if allowed.is_empty() {
                        "nothing of the crate".to_string()
                    } else {
                        allowed.join(", ")
                    }
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "imports against the layering rules:\n{}",
        problems.join("\n")
    );
}

#[test]
fn no_module_imports_in_a_circle() {
    let mut problems = Vec::new();
    let search_src = root().join("search/src");
    for (name, krate) in [
        ("helpbook", library()),
        (
            "helpbook-search",
            read_crate(&search_src, &|_: &Path| false),
        ),
    ] {
        for circle in circles(&krate) {
            let mut lines = Vec::new();
            for module in &circle {
                for (target, line) in &krate.imports[module] {
                    if circle.contains(target) {
                        lines.push(format!(
                            "    {}:{line} imports {}",
                            krate.files[module]
                                .strip_prefix(root())
                                .unwrap_or(&krate.files[module])
                                .display(),
                            show(target)
                        ));
                    }
                }
            }
            problems.push(format!(
                "{name}: a circle of {} modules:\n{}",
                circle.len(),
                lines.join("\n")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Only the binary (`src/main.rs`, `src/cli/`) prints: the library returns
/// diagnostics, summaries and events as values.
#[test]
fn only_the_binary_prints() {
    let src = root().join("src");
    let mut problems = Vec::new();
    for file in rust_files(&src) {
        if file.starts_with(src.join("cli")) || file == src.join("main.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable source");
        let code = code_only(&text);
        for (n, line) in code.lines().enumerate() {
            for call in [
                "println!",
                "eprintln!",
                "print!",
                "eprint!",
                "stdout()",
                "stderr()",
                "dbg!",
            ] {
                let found = line.match_indices(call).any(|(at, _)| {
                    !line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
                });
                if found {
                    problems.push(format!(
                        "{}:{}: `{call}` in the library (return a value or an event; the binary prints it)",
                        file.strip_prefix(root()).unwrap_or(&file).display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Functions (outside `#[cfg(test)]` modules) and their length in lines:
/// from `fn` to the closing brace at the same indentation (rustfmt's
/// layout).
fn long_functions(file: &Path) -> Vec<(String, usize, usize)> {
    let text = std::fs::read_to_string(file).expect("readable source");
    let code = code_only(&text);
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let mut words = trimmed.split_whitespace();
        let mut is_fn = false;
        for word in words.by_ref() {
            match word {
                "pub" | "pub(crate)" | "pub(super)" | "const" | "async" | "unsafe" | "extern"
                | "\"C\"" => {}
                w if w.starts_with("pub(") => {}
                "fn" => {
                    is_fn = true;
                    break;
                }
                _ => break,
            }
        }
        if !is_fn {
            continue;
        }
        let name: String = words
            .next()
            .unwrap_or("")
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // The body opens on the first line (from here) ending with `{`; a
        // declaration ending with `;` has none.
        let Some(open) = (i..lines.len()).find(|&j| {
            let l = lines[j].trim_end();
            l.ends_with('{') || l.ends_with(';')
        }) else {
            continue;
        };
        if lines[open].trim_end().ends_with(';') {
            continue;
        }
        let close_line = format!("{indent}}}");
        if let Some(close) = (open + 1..lines.len()).find(|&j| lines[j].trim_end() == close_line) {
            let length = close - i + 1;
            if length > MAX_FUNCTION_LINES {
                out.push((name, i + 1, length));
            }
        }
    }
    out
}

#[test]
fn no_function_is_longer_than_a_screen() {
    let mut problems = Vec::new();
    for dir in [
        "src",
        "search/src",
        "search/wasm/src",
        "search/wasm/stem/src",
        "search/wasm/shim",
    ] {
        for file in rust_files(&root().join(dir)) {
            for (name, line, length) in long_functions(&file) {
                problems.push(format!(
                    "{}:{line}: `{name}` is {length} lines (at most {MAX_FUNCTION_LINES}: split it by the steps it takes)",
                    file.strip_prefix(root()).unwrap_or(&file).display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The checks themselves: a violation of each kind is found.
#[test]
fn the_checks_find_what_they_look_for() {
    let code = code_only(
        "use crate::{a::b, c::{d, e}};\n// crate::x::y in a comment\nlet s = \"crate::z\";\nfn f() { super::g::h(); }\n#[cfg(test)]\nmod tests { use crate::t; }\n",
    );
    let paths: Vec<Vec<String>> = crate_paths(&code, &["m".into(), "n".into()], false)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let expected: Vec<Vec<String>> = [
        vec!["a", "b"],
        vec!["c", "d"],
        vec!["c", "e"],
        vec!["m", "g", "h"],
    ]
    .iter()
    .map(|p| p.iter().map(|s| s.to_string()).collect())
    .collect();
    assert_eq!(paths, expected);

    // A circle of three modules, and one module outside it.
    let module = |s: &str| -> Vec<String> { s.split("::").map(String::from).collect() };
    let mut krate = Crate {
        files: BTreeMap::new(),
        imports: BTreeMap::new(),
    };
    for (from, to) in [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")] {
        krate
            .files
            .insert(module(from), PathBuf::from(format!("{from}.rs")));
        krate
            .imports
            .entry(module(from))
            .or_default()
            .insert(module(to), 1);
    }
    let found = circles(&krate);
    assert_eq!(found, vec![vec![module("a"), module("b"), module("c")]]);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.rs");
    let body = "    let x = 1;\n".repeat(MAX_FUNCTION_LINES);
    std::fs::write(
        &file,
        format!("fn short() {{\n}}\n\npub(crate) fn long() {{\n{body}}}\n"),
    )
    .unwrap();
    let long = long_functions(&file);
    assert_eq!(long.len(), 1);
    assert_eq!(long[0].0, "long");
}
