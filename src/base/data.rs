//! A small tree of values with source positions, read from TOML or YAML.
//!
//! `book.toml` and article front matter are both checked key by key, so that
//! every unknown key, missing key and wrong type in a file is reported at once
//! with its line. serde's derive stops at the first problem and forgets where
//! keys were, so both are parsed into this tree first and read with [`Fields`].

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
    let parsed: serde_norway::Value = serde_norway::from_str(text).map_err(|e| {
        let offset = e.location().map_or(0, |l| l.index());
        vec![(strip_yaml_position(&e.to_string()), offset..offset)]
    })?;
    let whole = 0..text.len();
    match parsed {
        serde_norway::Value::Mapping(map) => {
            let mut entries = Vec::new();
            for (key, value) in map {
                let key = match key {
                    serde_norway::Value::String(s) => s,
                    other => yaml_scalar_text(&other),
                };
                let span = find_key_line(text, &key).unwrap_or(0..0);
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
