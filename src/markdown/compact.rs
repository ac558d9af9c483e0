//! What a parse keeps of a body's headings and links, and the URLs its
//! links resolve to, each list in one string per body instead of a
//! `String` per id, text, destination and URL (issue 22: at 100,000
//! articles those small strings and their structs were about a fifth of
//! the model). Read through views ([`Heading`], [`LinkRef`]) that borrow
//! from the list.

use std::collections::BTreeMap;
use std::ops::Range;

/// An offset into a list's text or a file, kept in 32 bits: files are far
/// below 4 GiB (`load::read`'s limit), and a text past it (values
/// substituted into a heading many times over) is cut, not wrapped.
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `text[start..end]`, or empty when that is not a range of it.
fn slice(text: &str, start: u32, end: u32) -> &str {
    text.get(start as usize..end as usize).unwrap_or_default()
}

/// A heading of a Markdown body, as [`Headings`] gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Heading<'a> {
    /// 1 to 6.
    pub level: u8,
    /// The anchor id: `{#id}` when written, else a slug of the text, made
    /// unique within the page.
    pub id: &'a str,
    /// Whether the writer gave the id explicitly.
    pub explicit_id: bool,
    /// Classes written as `{.class}`, separated by spaces (a class has
    /// none).
    pub(crate) classes: &'a str,
    /// The heading's text, without markup.
    pub text: &'a str,
    /// Where it is in the file.
    pub span: Range<usize>,
    /// Where its text starts in the body's plain text
    /// ([`Parsed::plain_text`](super::Parsed::plain_text): sections for
    /// search are cut there).
    pub plain_offset: usize,
}

impl<'a> Heading<'a> {
    /// Classes written as `{.class}`, in order.
    pub fn classes(&self) -> impl Iterator<Item = &'a str> {
        self.classes.split(' ').filter(|c| !c.is_empty())
    }
}

/// One heading's place in [`Headings`]: its text, id and classes follow
/// one another in the list's text, from where the previous heading's end.
#[derive(Clone, Debug, PartialEq, Eq)]
struct HeadingItem {
    text_end: u32,
    id_end: u32,
    classes_end: u32,
    span: [u32; 2],
    plain_offset: u32,
    level: u8,
    explicit_id: bool,
}

/// The headings of a body, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Headings {
    text: Box<str>,
    items: Box<[HeadingItem]>,
}

impl Headings {
    /// How many there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Heading `i`, if there are that many.
    pub fn get(&self, i: usize) -> Option<Heading<'_>> {
        let item = self.items.get(i)?;
        let start = match i {
            0 => 0,
            _ => self.items[i - 1].classes_end,
        };
        Some(Heading {
            level: item.level,
            id: slice(&self.text, item.text_end, item.id_end),
            explicit_id: item.explicit_id,
            classes: slice(&self.text, item.id_end, item.classes_end),
            text: slice(&self.text, start, item.text_end),
            span: item.span[0] as usize..item.span[1] as usize,
            plain_offset: item.plain_offset as usize,
        })
    }

    /// The first heading.
    pub fn first(&self) -> Option<Heading<'_>> {
        self.get(0)
    }

    /// Every heading, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Heading<'_>> {
        (0..self.items.len()).filter_map(|i| self.get(i))
    }
}

/// Collects [`Headings`] one at a time.
#[derive(Default)]
pub(crate) struct HeadingsBuilder {
    text: String,
    items: Vec<HeadingItem>,
}

impl HeadingsBuilder {
    /// Adds the next heading (its fields as in [`Heading`]).
    pub(crate) fn push(&mut self, heading: Heading<'_>, classes: &[&str]) {
        self.text.push_str(heading.text);
        let text_end = small(self.text.len());
        self.text.push_str(heading.id);
        let id_end = small(self.text.len());
        for (n, class) in classes.iter().enumerate() {
            if n > 0 {
                self.text.push(' ');
            }
            self.text.push_str(class);
        }
        self.items.push(HeadingItem {
            text_end,
            id_end,
            classes_end: small(self.text.len()),
            span: [small(heading.span.start), small(heading.span.end)],
            plain_offset: small(heading.plain_offset),
            level: heading.level,
            explicit_id: heading.explicit_id,
        });
    }

    /// The headings, with no room to grow.
    pub(crate) fn finish(self) -> Headings {
        Headings {
            text: self.text.into_boxed_str(),
            items: self.items.into_boxed_slice(),
        }
    }
}

impl<'a> FromIterator<Heading<'a>> for Headings {
    fn from_iter<I: IntoIterator<Item = Heading<'a>>>(iter: I) -> Headings {
        let mut builder = HeadingsBuilder::default();
        for heading in iter {
            let classes: Vec<&str> = heading.classes().collect();
            builder.push(heading, &classes);
        }
        builder.finish()
    }
}

/// A link or image destination found in a body, as [`Links`] gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRef<'a> {
    /// The destination as written.
    pub dest: &'a str,
    /// Where the link is in the file.
    pub span: Range<usize>,
    /// Index of its `Start` event, to rewrite it when rendering.
    pub event_index: usize,
    /// `![…](…)` rather than `[…](…)`.
    pub is_image: bool,
    /// The link's text without markup (an image's alt text): the words a
    /// writer uses for the page it links to, which search gives to that
    /// page too.
    pub text: &'a str,
}

/// One link's place in [`Links`]: its destination and text follow one
/// another in the list's text, from where the previous link's end.
#[derive(Clone, Debug, PartialEq, Eq)]
struct LinkItem {
    dest_end: u32,
    text_end: u32,
    span: [u32; 2],
    event_index: u32,
    is_image: bool,
}

/// The links and images of a body, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Links {
    text: Box<str>,
    items: Box<[LinkItem]>,
}

impl Links {
    /// How many there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Link `i`, if there are that many.
    pub fn get(&self, i: usize) -> Option<LinkRef<'_>> {
        let item = self.items.get(i)?;
        let start = match i {
            0 => 0,
            _ => self.items[i - 1].text_end,
        };
        Some(LinkRef {
            dest: slice(&self.text, start, item.dest_end),
            span: item.span[0] as usize..item.span[1] as usize,
            event_index: item.event_index as usize,
            is_image: item.is_image,
            text: slice(&self.text, item.dest_end, item.text_end),
        })
    }

    /// Every link, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = LinkRef<'_>> {
        (0..self.items.len()).filter_map(|i| self.get(i))
    }
}

/// Collects [`Links`] one at a time.
#[derive(Default)]
pub(crate) struct LinksBuilder {
    text: String,
    items: Vec<LinkItem>,
}

impl LinksBuilder {
    /// Adds the next link.
    pub(crate) fn push(&mut self, link: LinkRef<'_>) {
        self.text.push_str(link.dest);
        let dest_end = small(self.text.len());
        self.text.push_str(link.text);
        self.items.push(LinkItem {
            dest_end,
            text_end: small(self.text.len()),
            span: [small(link.span.start), small(link.span.end)],
            event_index: small(link.event_index),
            is_image: link.is_image,
        });
    }

    /// The links, with no room to grow.
    pub(crate) fn finish(self) -> Links {
        Links {
            text: self.text.into_boxed_str(),
            items: self.items.into_boxed_slice(),
        }
    }
}

/// The URLs a body's links resolve to, by the index of each link's start
/// event (links to nothing helpbook knows have none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkUrls {
    text: Box<str>,
    /// Each URL's event index and end in `text`, by event index.
    items: Box<[(u32, u32)]>,
}

impl LinkUrls {
    /// The URL of the link whose start event is `event_index`.
    pub fn get(&self, event_index: usize) -> Option<&str> {
        let i = self
            .items
            .binary_search_by_key(&event_index, |&(event, _)| event as usize)
            .ok()?;
        let start = match i {
            0 => 0,
            _ => self.items[i - 1].1,
        };
        Some(slice(&self.text, start, self.items[i].1))
    }

    /// No URLs (for a body whose links resolve to none).
    pub fn none() -> &'static LinkUrls {
        static NONE: std::sync::LazyLock<LinkUrls> = std::sync::LazyLock::new(LinkUrls::default);
        &NONE
    }

    /// Whether no link has a URL.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl From<BTreeMap<usize, String>> for LinkUrls {
    fn from(urls: BTreeMap<usize, String>) -> LinkUrls {
        let mut text = String::with_capacity(urls.values().map(String::len).sum());
        let items: Vec<(u32, u32)> = urls
            .into_iter()
            .map(|(event, url)| {
                text.push_str(&url);
                (small(event), small(text.len()))
            })
            .collect();
        LinkUrls {
            text: text.into_boxed_str(),
            items: items.into_boxed_slice(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_give_back_what_was_pushed() {
        let mut builder = HeadingsBuilder::default();
        let first = Heading {
            level: 2,
            id: "reset",
            explicit_id: false,
            classes: "",
            text: "Reset your password",
            span: 10..40,
            plain_offset: 7,
        };
        let second = Heading {
            level: 3,
            id: "",
            explicit_id: true,
            classes: "",
            text: "",
            span: 50..52,
            plain_offset: 30,
        };
        builder.push(first.clone(), &[]);
        builder.push(second.clone(), &["resolved", "x"]);
        let headings = builder.finish();
        assert_eq!(headings.len(), 2);
        assert_eq!(headings.get(0), Some(first));
        let got = headings.get(1).expect("second");
        assert_eq!(got.classes().collect::<Vec<_>>(), ["resolved", "x"]);
        assert_eq!(
            (got.id, got.text, got.span),
            (second.id, second.text, second.span)
        );
        assert!(headings.get(2).is_none());
        let again: Headings = headings.iter().collect();
        assert_eq!(again, headings);
    }

    #[test]
    fn links_and_urls_give_back_what_was_pushed() {
        let mut builder = LinksBuilder::default();
        let links = [
            LinkRef {
                dest: "../a/reset.md#by-email",
                span: 3..30,
                event_index: 4,
                is_image: false,
                text: "reset it",
            },
            LinkRef {
                dest: "i.png",
                span: 40..52,
                event_index: 9,
                is_image: true,
                text: "",
            },
        ];
        for link in &links {
            builder.push(link.clone());
        }
        let built = builder.finish();
        assert_eq!(built.iter().collect::<Vec<_>>(), links);
        let urls = LinkUrls::from(BTreeMap::from([
            (4, "/a/reset/#by-email".to_string()),
            (9, String::new()),
            (12, "/b/".to_string()),
        ]));
        assert_eq!(urls.get(4), Some("/a/reset/#by-email"));
        assert_eq!(urls.get(9), Some(""));
        assert_eq!(urls.get(12), Some("/b/"));
        assert_eq!(urls.get(5), None);
    }
}
