//! Markdown: [`parse`] reads a body once (pulldown-cmark) and keeps what
//! later stages need from it (headings with stable ids, links with their
//! positions, the plain text's length; the plain text itself is made again
//! when asked), so validation and rendering never parse a file again;
//! [`html`] turns the replayed events into HTML, rewriting internal links
//! to URLs and adding helpbook's markup for GitHub alerts and tables in the
//! words it is given.

pub(crate) mod compact;
pub(crate) mod html;
pub(crate) mod parse;

pub use compact::{Heading, Headings, LinkRef, LinkUrls, Links};
pub use html::{render, render_events, render_parts, Labels};
pub use parse::{parse, slugify, Events, Parsed, UnknownValue, Values};
