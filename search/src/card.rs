//! Result cards: the few fields a result needs (URL, titles, breadcrumb,
//! text for the excerpt), stored outside tantivy in doc-id order so that a
//! result costs one small, cacheable read instead of a doc-store block.

use serde::Serialize;

use crate::codec::{Decoder, Encoder};

/// What a search document stands for (in JSON: `"article"`, `"category"`,
/// `"step"`). An article's sections are no documents of their own: its
/// card holds them ([`Card::sections`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A whole article.
    Article,
    /// A category page.
    Category,
    /// One step of a troubleshooter.
    Step,
}

impl Kind {
    fn code(self) -> u64 {
        match self {
            Kind::Article => 0,
            Kind::Category => 2,
            Kind::Step => 3,
        }
    }

    fn from_code(code: u64) -> Option<Kind> {
        Some(match code {
            0 => Kind::Article,
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
    /// Documents of one page (a troubleshooter's steps) share this number;
    /// results are grouped by it.
    pub page: u32,
    /// URL relative to the site root (`account-access/reset-password/`).
    pub url: String,
    /// The document's own title (a step's question).
    pub title: String,
    /// Title of the page the document belongs to.
    pub page_title: String,
    /// Category path, such as `Account access › Recovery`.
    pub breadcrumb: String,
    /// Key of the top-level category (`account-access`), empty for none.
    pub category: String,
    /// Plain text the excerpt is cut from (capped at build time). An
    /// article's is its lead, then the text of each of its `sections`.
    pub text: String,
    /// An article's sections (the text under each h2/h3), where their
    /// text starts in `text`, in order: the index has one document per
    /// article, and a result finds the sections holding the query's words
    /// from these (links to `#anchor`, sub-results). On a troubleshooter's
    /// first step, its other steps.
    pub sections: Vec<Section>,
    /// The language of the document's text when it is not the index's:
    /// an article a translation does not have yet, searchable from the
    /// translation's pages in the original language (`en`). Empty for the
    /// index's own language.
    pub language: String,
}

/// A section of an article's card, or a step of a troubleshooter on its
/// first step's card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Its link, relative to the card's URL: the heading's anchor
    /// (`#no-email`), or a troubleshooter step's page (`confirm-identity/`).
    pub link: String,
    /// The heading.
    pub heading: String,
    /// Where the section's text starts in the card's text (bytes); it ends
    /// where the next section's starts, or with the text.
    pub start: u32,
}

impl Card {
    /// The byte range of section `i`'s text in [`Card::text`] (empty when
    /// the text was cut before it).
    pub fn section_text(&self, i: usize) -> std::ops::Range<usize> {
        let len = self.text.len();
        let at = |s: &Section| (s.start as usize).min(len);
        let start = self.sections.get(i).map_or(len, at);
        let end = self.sections.get(i + 1).map_or(len, at).max(start);
        start..end
    }

    /// The byte range of the text before the first section.
    pub fn lead_text(&self) -> std::ops::Range<usize> {
        let end = self
            .sections
            .first()
            .map_or(self.text.len(), |s| (s.start as usize).min(self.text.len()));
        0..end
    }

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
        e.uint(self.sections.len() as u64);
        for section in &self.sections {
            e.str(&section.link);
            e.str(&section.heading);
            e.uint(u64::from(section.start));
        }
    }

    /// The length of the card's encoding.
    pub(crate) fn encoded_len(&self) -> usize {
        let mut e = Encoder::default();
        self.encode(&mut e);
        e.bytes.len()
    }

    /// Reads one card.
    pub(crate) fn decode(d: &mut Decoder<'_>) -> Option<Card> {
        let mut card = Card {
            kind: Kind::from_code(d.uint()?)?,
            page: u32::try_from(d.uint()?).ok()?,
            url: d.str()?.to_owned(),
            title: d.str()?.to_owned(),
            page_title: d.str()?.to_owned(),
            breadcrumb: d.str()?.to_owned(),
            category: d.str()?.to_owned(),
            text: d.str()?.to_owned(),
            language: d.str()?.to_owned(),
            sections: Vec::new(),
        };
        let count = usize::try_from(d.uint()?).ok()?;
        for _ in 0..count {
            card.sections.push(Section {
                link: d.str()?.to_owned(),
                heading: d.str()?.to_owned(),
                start: u32::try_from(d.uint()?).ok()?,
            });
        }
        Some(card)
    }

    /// Drops the sections whose text starts at or after the text's end
    /// (after [`fit`] or a cap cut it).
    fn drop_cut_sections(&mut self) {
        let len = self.text.len();
        self.sections.retain(|s| (s.start as usize) < len);
    }
}

/// Shortens the texts of `cards` until their encodings fit in `room` bytes
/// together: the longest texts are cut to one length, as long as the others
/// can stay whole (at a word boundary where one is near; an article's
/// sections cut off its text go with it). When the texts
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
                card.drop_cut_sections();
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
            kind: Kind::Article,
            page: 7,
            url: "a/b/#c".into(),
            title: "A heading".into(),
            page_title: "An article".into(),
            breadcrumb: "Category".into(),
            category: "category".into(),
            text: text.into(),
            language: String::new(),
            sections: Vec::new(),
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

    #[test]
    fn sections_round_trip_and_go_with_the_text_cut_before_them() {
        let mut article = card(&format!(
            "{}first words of the first section. {}",
            "lead ".repeat(10),
            "second ".repeat(60)
        ));
        let second = article.text.find("second").unwrap_or(0) as u32;
        article.sections = vec![
            Section {
                link: "#first".into(),
                heading: "First".into(),
                start: 50,
            },
            Section {
                link: "#second".into(),
                heading: "Second".into(),
                start: second,
            },
        ];
        let mut e = Encoder::default();
        article.encode(&mut e);
        assert_eq!(
            Card::decode(&mut Decoder::new(&e.bytes)).as_ref(),
            Some(&article)
        );
        assert_eq!(article.lead_text(), 0..50);
        assert_eq!(article.section_text(0), 50..second as usize);
        assert_eq!(article.section_text(1), second as usize..article.text.len());
        // Room for the text up to just before the second section.
        let room = article.encoded_len() - (article.text.len() - second as usize + 2);
        let mut cards = vec![article];
        assert!(fit(&mut cards, room));
        assert_eq!(cards[0].sections.len(), 1, "{:?}", cards[0]);
        assert_eq!(cards[0].section_text(0), 50..cards[0].text.len());
    }
}
