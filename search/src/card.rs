//! Result cards: the few fields a result needs (URL, titles, breadcrumb,
//! text for the excerpt), stored outside tantivy in doc-id order so that a
//! result costs one small, cacheable read instead of a doc-store block.

use serde::Serialize;

use crate::codec::{Decoder, Encoder};

/// What a search document stands for (in JSON: `"article"`, `"section"`,
/// `"category"`, `"step"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
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
    /// The language of the document's text when it is not the index's:
    /// an article a translation does not have yet, searchable from the
    /// translation's pages in the original language (`en`). Empty for the
    /// index's own language.
    pub language: String,
}

impl Card {
    /// Appends the card's encoding.
    pub(crate) fn encode(&self, e: &mut Encoder) {
        e.uint(self.kind.code());
        e.uint(u64::from(self.page));
        e.str(&self.url);
        e.str(&self.title);
        e.str(&self.page_title);
        e.str(&self.breadcrumb);
        e.str(&self.category);
        e.str(&self.text);
        e.str(&self.language);
    }

    /// The length of the card's encoding.
    pub(crate) fn encoded_len(&self) -> usize {
        let mut e = Encoder::default();
        self.encode(&mut e);
        e.bytes.len()
    }

    /// Reads one card.
    pub(crate) fn decode(d: &mut Decoder<'_>) -> Option<Card> {
        Some(Card {
            kind: Kind::from_code(d.uint()?)?,
            page: u32::try_from(d.uint()?).ok()?,
            url: d.str()?.to_owned(),
            title: d.str()?.to_owned(),
            page_title: d.str()?.to_owned(),
            breadcrumb: d.str()?.to_owned(),
            category: d.str()?.to_owned(),
            text: d.str()?.to_owned(),
            language: d.str()?.to_owned(),
        })
    }
}

/// Shortens the texts of `cards` until their encodings fit in `room` bytes
/// together: the longest texts are cut to one length, as long as the others
/// can stay whole (at a word boundary where one is near). When the texts
/// alone cannot make room, the titles and breadcrumbs are cut the same way
/// (URLs never are). False when even that is not enough.
pub(crate) fn fit(cards: &mut [Card], room: usize) -> bool {
    fn size(cards: &[Card]) -> usize {
        cards.iter().map(Card::encoded_len).sum()
    }
    fn field(card: &mut Card, f: usize) -> &mut String {
        match f {
            0 => &mut card.text,
            1 => &mut card.title,
            2 => &mut card.page_title,
            _ => &mut card.breadcrumb,
        }
    }
    for fields in [&[0][..], &[1, 2, 3][..]] {
        loop {
            let total = size(cards);
            if total <= room {
                return true;
            }
            let excess = total - room;
            let mut lens: Vec<usize> = cards
                .iter_mut()
                .flat_map(|card| {
                    fields
                        .iter()
                        .map(|&f| field(card, f).len())
                        .collect::<Vec<_>>()
                })
                .collect();
            if lens.iter().all(|&n| n == 0) {
                break;
            }
            // The highest level that removes `excess` bytes when every
            // longer field is cut down to it.
            lens.sort_unstable_by(|a, b| b.cmp(a));
            let mut level = 0;
            let mut removed = 0;
            for (i, &len) in lens.iter().enumerate() {
                let next = lens.get(i + 1).copied().unwrap_or(0);
                let step = (len - next) * (i + 1);
                if removed + step >= excess {
                    level = len - (excess - removed).div_ceil(i + 1);
                    break;
                }
                removed += step;
            }
            for card in cards.iter_mut() {
                for &f in fields {
                    let text = field(card, f);
                    if text.len() > level {
                        cut(text, level);
                    }
                }
            }
        }
    }
    size(cards) <= room
}

/// Cuts `text` to at most `keep` bytes, at a character boundary, and back
/// to the last space when one is within 24 bytes.
fn cut(text: &mut String, keep: usize) {
    let mut end = keep.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if let Some(space) = text[..end].rfind(char::is_whitespace) {
        if end - space <= 24 && end < text.len() {
            end = space;
        }
    }
    text.truncate(end);
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(text: &str) -> Card {
        Card {
            kind: Kind::Section,
            page: 7,
            url: "a/b/#c".into(),
            title: "A heading".into(),
            page_title: "An article".into(),
            breadcrumb: "Category".into(),
            category: "category".into(),
            text: text.into(),
            language: String::new(),
        }
    }

    #[test]
    fn cards_that_fit_are_left_alone() {
        let mut cards = vec![card("short"), card("also short")];
        let before = cards.clone();
        assert!(fit(&mut cards, 1000));
        assert_eq!(cards, before);
    }

    #[test]
    fn the_longest_texts_are_cut_to_one_length_at_words() {
        let long = "word ".repeat(80);
        let mut cards = vec![card(&long), card("kept whole"), card(&long[..150])];
        assert!(fit(&mut cards, 300));
        assert!(cards.iter().map(Card::encoded_len).sum::<usize>() <= 300);
        assert_eq!(cards[1].text, "kept whole");
        assert!(cards[0].text.len().abs_diff(cards[2].text.len()) <= 24);
        assert!(cards[0].text.len() > 60, "{:?}", cards[0].text);
        for c in &cards {
            assert!(
                !c.text.ends_with(' ') && !c.text.ends_with("wor"),
                "{:?}",
                c.text
            );
        }
        let mut accented = vec![card(&"é".repeat(300))];
        assert!(fit(&mut accented, 200));
        assert!(accented[0].text.chars().all(|c| c == 'é'));
    }

    #[test]
    fn titles_are_cut_when_texts_are_not_enough_but_urls_never() {
        let mut cards = vec![card("")];
        cards[0].title = "t".repeat(500);
        assert!(fit(&mut cards, 100));
        assert_eq!(cards[0].url, "a/b/#c");
        let mut cards = vec![card("")];
        cards[0].url = "u".repeat(500);
        assert!(!fit(&mut cards, 100));
    }
}
