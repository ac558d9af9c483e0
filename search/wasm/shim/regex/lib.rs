//! `regex` for the browser build of the search engine: literals and one
//! bracket class of literal characters (`[\\/]`, what tantivy escapes
//! facet paths with), with the API tantivy calls (`Regex::new`, `find`,
//! `is_match`, `replace_all` with a literal replacement, `escape`). Any
//! other pattern is an error from [`Regex::new`], never a wrong match.
//! The real crate (or regex-lite) added ~25 KB to a module in which no
//! other pattern is ever compiled.

use std::borrow::Cow;
use std::fmt;

/// A pattern: a literal string, or a set of characters (one of which
/// matches).
#[derive(Clone, Debug)]
pub struct Regex {
    pattern: String,
    kind: Kind,
}

#[derive(Clone, Debug)]
enum Kind {
    Literal(String),
    Class(Vec<char>),
}

/// Why a pattern was refused.
#[derive(Clone, Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pattern not supported in the browser build: {}", self.0)
    }
}

impl std::error::Error for Error {}

/// A match: where it is in the searched text.
#[derive(Clone, Copy, Debug)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    /// Start byte offset.
    pub fn start(&self) -> usize {
        self.start
    }

    /// End byte offset.
    pub fn end(&self) -> usize {
        self.end
    }

    /// The matched text.
    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
}

const META: &str = "\\.+*?()|[]{}^$#&-~";

/// Reads `\x` as `x` for a metacharacter `x`; `None` for anything else.
fn unescape(chars: &mut std::str::Chars<'_>) -> Option<char> {
    chars.next().filter(|c| META.contains(*c) || *c == '/')
}

impl Regex {
    /// Compiles `pattern`: a literal (metacharacters escaped with `\`) or
    /// one bracket class of such characters.
    pub fn new(pattern: &str) -> Result<Regex, Error> {
        let refuse = || Error(pattern.to_owned());
        let kind = if let Some(inner) = pattern.strip_prefix('[').and_then(|p| p.strip_suffix(']')) {
            let mut set = Vec::new();
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => set.push(unescape(&mut chars).ok_or_else(refuse)?),
                    '^' | '-' | '[' | ']' => return Err(refuse()),
                    c => set.push(c),
                }
            }
            if set.is_empty() {
                return Err(refuse());
            }
            Kind::Class(set)
        } else {
            let mut literal = String::new();
            let mut chars = pattern.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => literal.push(unescape(&mut chars).ok_or_else(refuse)?),
                    c if META.contains(c) => return Err(refuse()),
                    c => literal.push(c),
                }
            }
            Kind::Literal(literal)
        };
        Ok(Regex {
            pattern: pattern.to_owned(),
            kind,
        })
    }

    /// The pattern as given.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The first match at or after byte `start`.
    pub fn find_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Match<'h>> {
        let rest = haystack.get(start..)?;
        let (at, len) = match &self.kind {
            Kind::Literal(literal) => (rest.find(literal.as_str())?, literal.len()),
            Kind::Class(set) => {
                let (at, c) = rest.char_indices().find(|(_, c)| set.contains(c))?;
                (at, c.len_utf8())
            }
        };
        Some(Match {
            haystack,
            start: start + at,
            end: start + at + len,
        })
    }

    /// The first match.
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.find_at(haystack, 0)
    }

    /// Whether the pattern matches anywhere.
    pub fn is_match(&self, haystack: &str) -> bool {
        self.find(haystack).is_some()
    }

    /// Every match replaced by `replacement`, taken literally (`$` group
    /// references are not supported and are copied as they are).
    pub fn replace_all<'h>(&self, haystack: &'h str, replacement: &str) -> Cow<'h, str> {
        let mut out = String::new();
        let mut last = 0;
        let mut at = 0;
        while let Some(m) = self.find_at(haystack, at) {
            out.push_str(&haystack[last..m.start()]);
            out.push_str(replacement);
            last = m.end();
            at = if m.end() > m.start() { m.end() } else { m.end() + 1 };
            if at > haystack.len() {
                break;
            }
        }
        if last == 0 && out.is_empty() {
            return Cow::Borrowed(haystack);
        }
        out.push_str(&haystack[last..]);
        Cow::Owned(out)
    }
}

/// `text` with every metacharacter escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if META.contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_facet_slashes_like_tantivy() {
        let slash = Regex::new(r"[\\/]").unwrap();
        assert_eq!(slash.replace_all("a/b\\c", "\\/"), "a\\/b\\/c");
        assert!(matches!(slash.replace_all("plain", "x"), Cow::Borrowed("plain")));
        assert_eq!(slash.find("ab/").map(|m| (m.start(), m.end())), Some((2, 3)));
    }

    #[test]
    fn literals_and_refusals() {
        let lit = Regex::new(r"a\.b").unwrap();
        assert!(lit.is_match("xa.by"));
        assert!(!lit.is_match("axb"));
        for pattern in [r"a.*", r"\w+", "[^a]", "[a-z]", "(a)", "^a$"] {
            assert!(Regex::new(pattern).is_err(), "{pattern}");
        }
        assert_eq!(escape("a.b*"), r"a\.b\*");
    }
}
