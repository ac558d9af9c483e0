//! A small tree of values with source positions, read from TOML or YAML.
//!
//! `book.toml` and article front matter are both checked key by key, so that
//! every unknown key, missing key and wrong type in a file is reported at once
//! with its line. serde's derive stops at the first problem and forgets where
//! keys were, so both are parsed into this tree first and read with [`Fields`].

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use crate::base::diagnostic::Diagnostic;
use crate::base::did_you_mean::did_you_mean;

/// A value with the byte range it came from (relative to the parsed text).
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// The value.
    pub value: Value,
    /// Where it is in the text.
    pub span: Range<usize>,
}

/// A TOML or YAML value.
#[derive(Clone, Debug)]
pub(crate) enum Value {
    /// A string.
    String(String),
    /// An integer.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A TOML date or date-time, as written (`2026-10-14`).
    Datetime(String),
    /// An array.
    Array(Vec<Node>),
    /// A table: keys with their spans, in source order.
    Table(Vec<(String, Range<usize>, Node)>),
    /// YAML null.
    Null,
}

impl Value {
    /// A short name of the type, for messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "a string",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Bool(_) => "true or false",
            Value::Datetime(_) => "a date",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
            Value::Null => "empty",
        }
    }
}

/// Parses TOML, returning every syntax error (as `(message, span)`) on failure.
pub(crate) fn parse_toml(text: &str) -> Result<Node, Vec<(String, Range<usize>)>> {
    let (node, errors) = parse_toml_partial(text);
    if errors.is_empty() {
        Ok(node)
    } else {
        Err(errors)
    }
}

/// Parses TOML as far as it can: the document with what could be read
/// (the parser skips what it cannot), and every syntax error with its
/// span. For a best-effort reading of a file that has errors.
pub(crate) fn parse_toml_partial(text: &str) -> (Node, Vec<(String, Range<usize>)>) {
    let (table, errors) = toml::de::DeTable::parse_recoverable(text);
    let errors = errors
        .into_iter()
        .map(|e| {
            let span = e.span().unwrap_or(0..0);
            (e.message().trim().to_string(), span)
        })
        .collect();
    let span = table.span();
    let node = Node {
        value: toml_table(table.into_inner()),
        span,
    };
    (node, errors)
}

fn toml_table(table: toml::de::DeTable<'_>) -> Value {
    Value::Table(
        table
            .into_iter()
            .map(|(key, value)| {
                let key_span = key.span();
                (key.into_inner().into_owned(), key_span, toml_node(value))
            })
            .collect(),
    )
}

fn toml_node(node: toml::Spanned<toml::de::DeValue<'_>>) -> Node {
    use toml::de::DeValue;
    let span = node.span();
    let value = match node.into_inner() {
        DeValue::String(s) => Value::String(s.into_owned()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            match i64::from_str_radix(&digits, i.radix()) {
                Ok(n) => Value::Integer(n),
                Err(_) => Value::Float(f64::NAN),
            }
        }
        DeValue::Float(f) => Value::Float(f.as_str().replace('_', "").parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(items) => Value::Array(items.into_iter().map(toml_node).collect()),
        DeValue::Table(t) => toml_table(t),
    };
    Node { value, span }
}

/// Parses YAML front matter. serde_norway keeps no positions for values, so
/// each top-level key is located by searching its line in `text`.
pub(crate) fn parse_yaml(text: &str) -> Result<Node, Vec<(String, Range<usize>)>> {
    if text.trim().is_empty() {
        return Ok(Node {
            value: Value::Table(Vec::new()),
            span: 0..text.len(),
        });
    }
    // libyaml slows down with the square of the nesting (150,000 levels
    // took a minute) before serde_norway refuses more than 128: refuse
    // first, from a scan of the text.
    if let Some(at) = yaml_too_deep(text) {
        return Err(vec![(
            format!("lists and tables are nested more than {MAX_YAML_DEPTH} levels deep here"),
            at..at,
        )]);
    }
    let parsed: serde_norway::Value = serde_norway::from_str(text).map_err(|e| {
        let offset = e.location().map_or(0, |l| l.index());
        vec![(strip_yaml_position(&e.to_string()), offset..offset)]
    })?;
    let whole = 0..text.len();
    match parsed {
        serde_norway::Value::Mapping(map) => {
            let lines = KeyLines::of(text);
            let mut entries = Vec::new();
            for (key, value) in map {
                let key = match key {
                    serde_norway::Value::String(s) => s,
                    other => yaml_scalar_text(&other),
                };
                let span = lines.find(text, &key).unwrap_or(0..0);
                let node = yaml_node(value, span.clone());
                entries.push((key, span, node));
            }
            Ok(Node {
                value: Value::Table(entries),
                span: whole,
            })
        }
        other => Err(vec![(
            format!(
                "front matter must be a list of `key: value` lines, found {}",
                yaml_node(other, 0..0).value.type_name()
            ),
            0..0,
        )]),
    }
}

/// How deep YAML front matter may nest lists and tables (serde_norway's own
/// limit, which it applies only after libyaml has read everything).
pub(crate) const MAX_YAML_DEPTH: usize = 128;

/// Where YAML `text` first nests lists and tables more than
/// [`MAX_YAML_DEPTH`] levels deep, from a scan in one pass: indentation
/// levels, `- ` and `? ` entries and flow brackets outside quotes, comments
/// and block scalars. It may count a level where YAML has none (a plain
/// scalar's next line), never fewer.
fn yaml_too_deep(text: &str) -> Option<usize> {
    let mut scan = YamlDepth::default();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(at) = scan.line(line) {
            return Some(offset + at);
        }
        offset += line.len();
    }
    None
}

/// The state of [`yaml_too_deep`] between lines.
#[derive(Default)]
struct YamlDepth {
    /// Indentation of the block collections open around this line.
    indents: Vec<usize>,
    /// Open flow brackets (`[`, `{`).
    flow: usize,
    /// Inside a quoted scalar that goes on: its quote.
    quote: Option<u8>,
    /// Inside a block scalar (`|`, `>`): the indentation of its parent.
    block_scalar: Option<usize>,
}

impl YamlDepth {
    /// Scans one line; `Some(byte in the line)` where it nests too deep.
    fn line(&mut self, line: &str) -> Option<usize> {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let blank = bytes[indent..].iter().all(u8::is_ascii_whitespace);
        if let Some(parent) = self.block_scalar {
            if blank || indent > parent {
                return None;
            }
            self.block_scalar = None;
        }
        let mut i = 0;
        if self.quote.is_none() && self.flow == 0 {
            if blank || bytes[indent] == b'#' {
                return None;
            }
            while self.indents.last().is_some_and(|&top| top > indent) {
                self.indents.pop();
            }
            if self.indents.last() != Some(&indent) {
                self.indents.push(indent);
            }
            i = indent;
            if self.indents.len() > MAX_YAML_DEPTH {
                return Some(i);
            }
            // `- ` and `? ` open a collection inside this one.
            while i + 1 < bytes.len() && matches!(bytes[i], b'-' | b'?') && bytes[i + 1] == b' ' {
                let marker = i;
                i += 2;
                while i < bytes.len() && bytes[i] == b' ' {
                    i += 1;
                }
                self.indents.push(i);
                if self.indents.len() > MAX_YAML_DEPTH {
                    return Some(marker);
                }
            }
        }
        loop {
            if self.quote.is_none() && self.flow == 0 {
                i = self.node(bytes, i, indent);
            }
            if i >= bytes.len() {
                return None;
            }
            match self.flow_or_quoted(bytes, i) {
                Ok(Some(next)) => i = next,
                Ok(None) => return None,
                Err(at) => return Some(at),
            }
        }
    }

    /// At the start of a node in block context (`i`): where the scan goes
    /// on in flow or quoted text, or the line's end when nothing nests
    /// further on this line.
    fn node(&mut self, bytes: &[u8], mut i: usize, indent: usize) -> usize {
        loop {
            // Anchors and tags come before the node.
            while i < bytes.len() && matches!(bytes[i], b'&' | b'!') {
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                while i < bytes.len() && bytes[i] == b' ' {
                    i += 1;
                }
            }
            match bytes.get(i) {
                Some(b'[' | b'{' | b'"' | b'\'') => return i,
                Some(b'|' | b'>') => {
                    self.block_scalar = Some(indent);
                    return bytes.len();
                }
                None | Some(b'#') => return bytes.len(),
                Some(_) => {}
            }
            // A plain key or scalar: a value may follow its `: `.
            let rest = &bytes[i..];
            let colon = rest
                .windows(2)
                .position(|w| w[0] == b':' && w[1].is_ascii_whitespace())
                .filter(|&c| !rest[..c].windows(2).any(|w| w == b" #"));
            match colon {
                Some(c) => {
                    i += c + 1;
                    while i < bytes.len() && bytes[i] == b' ' {
                        i += 1;
                    }
                }
                None => return bytes.len(),
            }
        }
    }

    /// Flow brackets and quoted scalars from byte `i`: `Ok(Some(next))`
    /// where block context resumes on this line (after a quoted key, say),
    /// `Ok(None)` at the line's end, `Err(at)` where it nests too deep.
    fn flow_or_quoted(&mut self, bytes: &[u8], mut i: usize) -> Result<Option<usize>, usize> {
        while i < bytes.len() {
            let b = bytes[i];
            if let Some(q) = self.quote {
                if q == b'"' && b == b'\\' {
                    i += 1;
                } else if b == q {
                    if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 1;
                    } else {
                        self.quote = None;
                        if self.flow == 0 {
                            return Ok(Some(i + 1));
                        }
                    }
                }
                i += 1;
                continue;
            }
            match b {
                b'"' | b'\'' => self.quote = Some(b),
                b'[' | b'{' => {
                    self.flow += 1;
                    if self.indents.len() + self.flow > MAX_YAML_DEPTH {
                        return Err(i);
                    }
                }
                b']' | b'}' => {
                    self.flow = self.flow.saturating_sub(1);
                    if self.flow == 0 {
                        return Ok(Some(i + 1));
                    }
                }
                b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => return Ok(None),
                _ => {}
            }
            i += 1;
        }
        Ok(None)
    }
}

/// serde_norway ends messages with "at line 2 column 18", counted inside the
/// front matter; the diagnostic carries the position in the file instead.
fn strip_yaml_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => message[..i].to_string(),
        _ => message.to_string(),
    }
}

fn yaml_scalar_text(value: &serde_norway::Value) -> String {
    serde_norway::to_string(value)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

fn yaml_node(value: serde_norway::Value, span: Range<usize>) -> Node {
    use serde_norway::Value as Y;
    let value = match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(|v| yaml_node(v, span.clone()))
                .collect(),
        ),
        Y::Mapping(map) => Value::Table(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        other => yaml_scalar_text(&other),
                    };
                    (key, span.clone(), yaml_node(v, span.clone()))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => return yaml_node(tagged.value, span),
    };
    Node { value, span }
}

/// Where each line's key is, to find a key's line in constant time: what
/// [`find_key_line`] finds, without reading the text again for each key.
struct KeyLines<'a> {
    /// The text before a line's first `:` (trimmed) → where the first line
    /// with that text starts (after its indentation).
    first: HashMap<&'a str, usize>,
}

impl<'a> KeyLines<'a> {
    fn of(text: &'a str) -> KeyLines<'a> {
        let mut first = HashMap::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if let Some(colon) = trimmed.find(':') {
                let start = offset + line.len() - trimmed.len();
                first.entry(trimmed[..colon].trim_end()).or_insert(start);
            }
            offset += line.len();
        }
        KeyLines { first }
    }

    /// The byte range of `key` (maybe quoted) on the first line that starts
    /// with `key:`, as [`find_key_line`] finds it.
    fn find(&self, text: &str, key: &str) -> Option<Range<usize>> {
        // A key with a colon, or ending in spaces, is not what a line's
        // text before its colon can be: read the lines for it.
        if key.contains(':') || key.trim_end() != key {
            return find_key_line(text, key);
        }
        [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
            .into_iter()
            .filter_map(|written| {
                let start = *self.first.get(written.as_str())?;
                Some(start..start + written.len())
            })
            .min_by_key(|span| span.start)
    }
}

/// The byte range of the first line that starts with `key:` (YAML) — used to
/// point at keys when the parser keeps no positions.
fn find_key_line(text: &str, key: &str) -> Option<Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        for quoted in [key.to_string(), format!("\"{key}\""), format!("'{key}'")] {
            if let Some(rest) = trimmed.strip_prefix(quoted.as_str()) {
                if rest.trim_start().starts_with(':') {
                    let start = offset + indent;
                    return Some(start..start + quoted.len());
                }
            }
        }
        offset += line.len();
    }
    None
}

/// One entry of a table of named text values ([`Fields::take_value_table`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NamedValue {
    /// The key.
    pub name: String,
    /// The value, as text.
    pub value: String,
    /// Where the value is (relative to the parsed text).
    pub span: Range<usize>,
    /// Where the key is.
    pub key_span: Range<usize>,
}

/// Reads the fields of one table, recording a diagnostic for every problem.
///
/// Each `take_*` call marks a key as known; [`Fields::finish`] then reports
/// every key nobody asked for, with a did-you-mean suggestion.
pub(crate) struct Fields<'a> {
    entries: &'a [(String, Range<usize>, Node)],
    used: Vec<bool>,
    known: Vec<&'static str>,
    /// Where the table is, for "missing key" errors.
    table_span: Range<usize>,
    /// What the table is called in messages (`front matter`, `[book]`).
    context: String,
    source: &'a str,
    /// Added to every span: the table's text may be a slice of the file.
    base: usize,
    file: &'a Path,
    /// Problems found so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// Reads `node`, which must be a table. `source` is the whole file and
    /// `base` the offset of the parsed text within it.
    pub(crate) fn new(
        node: &'a Node,
        context: impl Into<String>,
        file: &'a Path,
        source: &'a str,
        base: usize,
    ) -> Self {
        let context = context.into();
        let mut diagnostics = Vec::new();
        let entries: &[(String, Range<usize>, Node)] = match &node.value {
            Value::Table(entries) => entries,
            other => {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "{context} must be a table, found {}",
                        other.type_name()
                    ))
                    .in_file(file)
                    .at(source, shift(&node.span, base)),
                );
                &[]
            }
        };
        Fields {
            used: vec![false; entries.len()],
            entries,
            known: Vec::new(),
            table_span: node.span.clone(),
            context,
            source,
            base,
            file,
            diagnostics,
        }
    }

    fn lookup(&mut self, key: &'static str) -> Option<&'a Node> {
        self.known.push(key);
        let index = self.entries.iter().position(|(k, _, _)| k == key)?;
        self.used[index] = true;
        Some(&self.entries[index].2)
    }

    /// Records an error at `span` (relative to the parsed text).
    pub(crate) fn error_at(&mut self, span: &Range<usize>, message: String, help: Option<String>) {
        let mut d = Diagnostic::error(message)
            .in_file(self.file)
            .at(self.source, shift(span, self.base));
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.diagnostics.push(d);
    }

    /// Records a warning at `span` (relative to the parsed text).
    pub(crate) fn warning_at(&mut self, span: &Range<usize>, message: String, help: String) {
        let d = self.warning(span, message, help);
        self.diagnostics.push(d);
    }

    /// A warning at `span` (relative to the parsed text), not recorded.
    pub(crate) fn warning(&self, span: &Range<usize>, message: String, help: String) -> Diagnostic {
        Diagnostic::warning(message)
            .in_file(self.file)
            .at(self.source, shift(span, self.base))
            .with_help(help)
    }

    fn wrong_type(&mut self, key: &str, node: &Node, expected: &str, example: &str) {
        self.error_at(
            &node.span,
            format!(
                "`{key}` in {} must be {expected}, found {}",
                self.context,
                node.value.type_name()
            ),
            Some(format!("write it like: {example}")),
        );
    }

    /// A string field.
    pub(crate) fn take_string(&mut self, key: &'static str) -> Option<String> {
        let node = self.lookup(key)?;
        match &node.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.wrong_type(key, node, "a string in quotes", &format!("{key} = \"…\""));
                None
            }
        }
    }

    /// A required string field: reports it when missing or empty.
    pub(crate) fn require_string(&mut self, key: &'static str, example: &str) -> Option<String> {
        let present = self.entries.iter().any(|(k, _, _)| k == key);
        let value = self.take_string(key);
        if !present {
            let span = self.table_span.start..self.table_span.start;
            self.error_at(
                &span,
                format!("{} is missing the required `{key}`", self.context),
                Some(format!("add a line such as: {example}")),
            );
        } else if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            let span = self.entry_span(key);
            self.error_at(
                &span,
                format!("`{key}` in {} is empty", self.context),
                Some(format!("write it like: {example}")),
            );
            return None;
        }
        value
    }

    fn entry_span(&self, key: &str) -> Range<usize> {
        self.entries
            .iter()
            .find(|(k, _, _)| k == key)
            .map_or(self.table_span.clone(), |(_, span, _)| span.clone())
    }

    /// An integer field.
    pub(crate) fn take_integer(&mut self, key: &'static str) -> Option<i64> {
        let node = self.lookup(key)?;
        match &node.value {
            Value::Integer(i) => Some(*i),
            _ => {
                self.wrong_type(key, node, "a whole number", &format!("{key} = 10"));
                None
            }
        }
    }

    /// A boolean field.
    pub(crate) fn take_bool(&mut self, key: &'static str) -> Option<bool> {
        let node = self.lookup(key)?;
        match &node.value {
            Value::Bool(b) => Some(*b),
            _ => {
                self.wrong_type(key, node, "true or false", &format!("{key} = true"));
                None
            }
        }
    }

    /// A list of strings; a single string is accepted as a list of one.
    /// Returns each string with its span (relative to the parsed text).
    pub(crate) fn take_string_list(&mut self, key: &'static str) -> Vec<(String, Range<usize>)> {
        let Some(node) = self.lookup(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::String(s) => vec![(s.clone(), node.span.clone())],
            Value::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    match &item.value {
                        Value::String(s) => out.push((s.clone(), item.span.clone())),
                        _ => self.wrong_type(
                            key,
                            item,
                            "a list of strings",
                            &format!("{key} = [\"first\", \"second\"]"),
                        ),
                    }
                }
                out
            }
            _ => {
                self.wrong_type(
                    key,
                    node,
                    "a list of strings",
                    &format!("{key} = [\"first\", \"second\"]"),
                );
                Vec::new()
            }
        }
    }

    /// A calendar date (`2026-10-14`, TOML date or string), returned as written
    /// in ISO form along with its span.
    pub(crate) fn take_date(
        &mut self,
        key: &'static str,
    ) -> Option<(jiff::civil::Date, Range<usize>)> {
        let node = self.lookup(key)?;
        let text = match &node.value {
            Value::Datetime(s) | Value::String(s) => s.clone(),
            _ => {
                self.wrong_type(key, node, "a date", &format!("{key} = 2026-10-14"));
                return None;
            }
        };
        // Accept a full date-time too, keeping its date.
        let date_part = text.get(..10).unwrap_or(&text);
        match date_part.parse::<jiff::civil::Date>() {
            Ok(date) => Some((date, node.span.clone())),
            Err(_) => {
                let span = node.span.clone();
                self.error_at(
                    &span,
                    format!("`{key}` in {} is not a valid date: `{text}`", self.context),
                    Some(format!("use the form YEAR-MONTH-DAY: {key} = 2026-10-14")),
                );
                None
            }
        }
    }

    /// A list of calendar dates (`[2026-12-25, 2027-01-01]`, TOML dates or
    /// strings), each with its span; a wrong item is reported and skipped.
    pub(crate) fn take_date_list(
        &mut self,
        key: &'static str,
    ) -> Vec<(jiff::civil::Date, Range<usize>)> {
        let Some(node) = self.lookup(key) else {
            return Vec::new();
        };
        let example = format!("{key} = [2026-12-25, 2027-01-01]");
        let Value::Array(items) = &node.value else {
            self.wrong_type(key, node, "a list of dates", &example);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let parsed = match &item.value {
                Value::Datetime(s) | Value::String(s) => {
                    s.get(..10).unwrap_or(s).parse::<jiff::civil::Date>().ok()
                }
                _ => None,
            };
            match parsed {
                Some(date) => out.push((date, item.span.clone())),
                None => self.error_at(
                    &item.span,
                    format!(
                        "`{key}` in {} holds something that is not a date",
                        self.context
                    ),
                    Some(format!("use the form YEAR-MONTH-DAY: {example}")),
                ),
            }
        }
        out
    }

    /// A sub-table, or `None` when absent (reports a wrong type).
    pub(crate) fn take_table(&mut self, key: &'static str) -> Option<&'a Node> {
        let node = self.lookup(key)?;
        match &node.value {
            Value::Table(_) => Some(node),
            _ => {
                self.wrong_type(key, node, "a table", &format!("[{key}]"));
                None
            }
        }
    }

    /// An array of tables (`[[key]]`), or empty.
    pub(crate) fn take_table_array(&mut self, key: &'static str) -> Vec<&'a Node> {
        let Some(node) = self.lookup(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::Array(items) if items.iter().all(|i| matches!(i.value, Value::Table(_))) => {
                items.iter().collect()
            }
            _ => {
                self.wrong_type(key, node, "a list of tables", &format!("[[{key}]]"));
                Vec::new()
            }
        }
    }

    /// A table of named text values (`[extra]`): strings, or numbers written
    /// as they are, in source order.
    pub(crate) fn take_value_table(&mut self, key: &'static str) -> Vec<NamedValue> {
        let Some(node) = self.take_table(key) else {
            return Vec::new();
        };
        let Value::Table(entries) = &node.value else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, key_span, value) in entries {
            let text = match &value.value {
                Value::String(s) => s.clone(),
                Value::Integer(i) => i.to_string(),
                Value::Float(f) => f.to_string(),
                other => {
                    let span = value.span.clone();
                    self.error_at(
                        &span,
                        format!(
                            "`{name}` in [{key}] must be text, found {}",
                            other.type_name()
                        ),
                        Some(format!("write it like: {name} = \"30 days\"")),
                    );
                    continue;
                }
            };
            out.push(NamedValue {
                name: name.clone(),
                value: text,
                span: value.span.clone(),
                key_span: key_span.clone(),
            });
        }
        out
    }

    /// The span (relative to the parsed text) of the table itself: its
    /// header, or the start of the file for the root or a missing table.
    pub(crate) fn table_span(&self) -> Range<usize> {
        self.table_span.start..self.table_span.start
    }

    /// The span (relative to the parsed text) of a key's value, if present.
    pub(crate) fn span_of(&self, key: &str) -> Option<Range<usize>> {
        self.entries
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, _, node)| node.span.clone())
    }

    /// Reports every key that no `take_*` asked for, and returns the diagnostics.
    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        let unknown: Vec<(String, Range<usize>)> = self
            .entries
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|((key, span, _), _)| (key.clone(), span.clone()))
            .collect();
        for (key, span) in unknown {
            let suggestion = did_you_mean(&key, self.known.iter().copied());
            let help = match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "the keys {} accepts are: {}",
                    self.context,
                    self.known.join(", ")
                ),
            };
            self.error_at(
                &span,
                format!("unknown key `{key}` in {}", self.context),
                Some(help),
            );
        }
        self.diagnostics
    }
}

/// `span` moved by `base` bytes.
pub(crate) fn shift(span: &Range<usize>, base: usize) -> Range<usize> {
    span.start + base..span.end + base
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_error(text: &str) -> Option<usize> {
        yaml_too_deep(text)
    }

    #[test]
    fn deep_flow_and_block_nesting_is_found_where_it_passes_the_limit() {
        let flow = format!("x: {}{}\n", "[".repeat(200), "]".repeat(200));
        assert_eq!(depth_error(&flow), Some(3 + 127));
        let quoted_key = format!("\"x\": &a !!seq {}\n", "{".repeat(200));
        assert!(depth_error(&quoted_key).is_some());
        let dashes = format!("x:\n{}v\n", "- ".repeat(200));
        assert_eq!(depth_error(&dashes), Some(3 + 2 * 127));
        let mut lines = String::new();
        for i in 0..200 {
            lines.push_str(&format!("{}k{i}:\n", " ".repeat(i)));
        }
        assert!(depth_error(&lines).is_some());
        // Flow collections may span lines.
        let spread = "x: [\n".repeat(200);
        assert!(depth_error(&spread).is_some());
    }

    #[test]
    fn brackets_in_text_are_not_nesting() {
        let many = "[".repeat(300);
        for text in [
            format!("title: \"{many}\"\n"),
            format!("title: '{many}'\n"),
            format!("title: a {many}\n"),
            format!("# {many}\ntitle: x # {many}\n"),
            format!("description: |\n  {many}\n  {many}\ntitle: x\n"),
            format!("description: >-\n\n  {many}\n"),
            format!("keywords: [\"{many}\", '{many}']\n"),
            format!("title: \"a\\\"{many}\"\n"),
            format!("title: 'it''s {many}'\n"),
        ] {
            assert_eq!(depth_error(&text), None, "{text}");
        }
        let within = format!("x: {}{}\n", "[".repeat(120), "]".repeat(120));
        assert_eq!(depth_error(&within), None);
    }

    #[test]
    fn key_lines_find_what_a_search_of_each_line_finds() {
        let text = "title: a\n  nested: b\n\"quoted\": c\n'single' : d\nurl: \"http://x\"\nkey with: colon: e\ntitle: again\n: empty\n";
        let lines = KeyLines::of(text);
        for key in [
            "title",
            "nested",
            "quoted",
            "single",
            "url",
            "key with",
            "key with: colon",
            "missing",
            "",
            "url: \"http",
            " title",
            "title ",
        ] {
            assert_eq!(lines.find(text, key), find_key_line(text, key), "{key:?}");
        }
    }
}
