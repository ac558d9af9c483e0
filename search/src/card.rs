//! Result cards: the few fields a result needs (URL, titles, breadcrumb,
//! text for the excerpt), stored outside tantivy in doc-id order so that a
//! result costs one small, cacheable read instead of a doc-store block.

use crate::codec::{Decoder, Encoder};

/// What a search document stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A whole article.
    Article,
    /// One section of an article (text under a heading).
    Section,
    /// A category page.
    Category,
    /// One step of a troubleshooter.
    Step,
}

impl Kind {
    /// The name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Section => "section",
            Kind::Category => "category",
            Kind::Step => "step",
        }
    }

    fn code(self) -> u64 {
        match self {
            Kind::Article => 0,
            Kind::Section => 1,
            Kind::Category => 2,
            Kind::Step => 3,
        }
    }

    fn from_code(code: u64) -> Option<Kind> {
        Some(match code {
            0 => Kind::Article,
            1 => Kind::Section,
            2 => Kind::Category,
            3 => Kind::Step,
            _ => return None,
        })
    }
}

/// What a result shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    /// What the document stands for.
    pub kind: Kind,
    /// Documents of one page (an article and its sections) share this number;
    /// results are grouped by it.
    pub page: u32,
    /// URL relative to the site root, with `#anchor` for sections
    /// (`account-access/reset-password/#no-email`).
    pub url: String,
    /// The document's own title (a section's heading).
    pub title: String,
    /// Title of the page the document belongs to.
    pub page_title: String,
    /// Category path, such as `Account access › Recovery`.
    pub breadcrumb: String,
    /// Key of the top-level category (`account-access`), empty for none.
    pub category: String,
    /// Plain text the excerpt is cut from (capped at build time).
    pub text: String,
}

impl Card {
    /// Appends the card's encoding.
    pub fn encode(&self, e: &mut Encoder) {
        e.uint(self.kind.code());
        e.uint(u64::from(self.page));
        e.str(&self.url);
        e.str(&self.title);
        e.str(&self.page_title);
        e.str(&self.breadcrumb);
        e.str(&self.category);
        e.str(&self.text);
    }

    /// Reads one card.
    pub fn decode(d: &mut Decoder<'_>) -> Option<Card> {
        Some(Card {
            kind: Kind::from_code(d.uint()?)?,
            page: u32::try_from(d.uint()?).ok()?,
            url: d.str()?.to_owned(),
            title: d.str()?.to_owned(),
            page_title: d.str()?.to_owned(),
            breadcrumb: d.str()?.to_owned(),
            category: d.str()?.to_owned(),
            text: d.str()?.to_owned(),
        })
    }
}
