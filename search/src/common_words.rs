//! The index's most common words, listed in the hot bundle so that a query
//! knows before reading any dictionary block that they are no typos (see
//! `query::known_threshold`): it then reads only their own blocks,
//! not those of their typo neighbours. "password" on a 4,560-article help
//! center reads 5 dictionary pages instead of 8, which on HTTP/1.1 (six
//! connections) is one round of requests fewer.

use crate::codec::{Decoder, Encoder};

/// Stems, sorted, each in enough documents of some field of the index to
/// be known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommonWords(Vec<String>);

impl CommonWords {
    /// The list of `words` (sorted and deduplicated here).
    pub fn new(mut words: Vec<String>) -> CommonWords {
        words.sort_unstable();
        words.dedup();
        CommonWords(words)
    }

    /// The words, sorted.
    pub fn words(&self) -> &[String] {
        &self.0
    }

    /// Whether `stem` is one of the words.
    pub fn contains(&self, stem: &str) -> bool {
        self.0
            .binary_search_by(|word| word.as_str().cmp(stem))
            .is_ok()
    }

    /// Whether one of the words starts with `prefix`.
    pub fn starts_one(&self, prefix: &str) -> bool {
        let at = self.0.partition_point(|word| word.as_str() < prefix);
        self.0.get(at).is_some_and(|word| word.starts_with(prefix))
    }

    /// Front-coded: each word as the length of the prefix it shares with
    /// the one before and the rest.
    pub(crate) fn encode(&self, e: &mut Encoder) {
        e.uint(self.0.len() as u64);
        let mut previous: &str = "";
        for word in &self.0 {
            let shared = shared_prefix(previous, word);
            e.uint(shared as u64);
            e.str(&word[shared..]);
            previous = word;
        }
    }

    /// The inverse of [`CommonWords::encode`]; `None` on bytes it did not
    /// write, or words out of order.
    pub(crate) fn decode(d: &mut Decoder<'_>) -> Option<CommonWords> {
        let count = d.usize()?;
        let mut words: Vec<String> = Vec::with_capacity(count.min(1 << 16));
        for _ in 0..count {
            let shared = d.usize()?;
            let rest = d.str()?;
            let previous = words.last().map_or("", String::as_str);
            let mut word = previous.get(..shared)?.to_owned();
            word.push_str(rest);
            if words.last().is_some_and(|last| *last >= word) {
                return None;
            }
            words.push(word);
        }
        Some(CommonWords(words))
    }
}

/// Bytes of the longest common prefix of `a` and `b`, at a character
/// boundary.
fn shared_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_answers_membership_and_prefixes() {
        let words = CommonWords::new(
            ["password", "pass", "account", "passé", "passéport", "reset"]
                .map(String::from)
                .to_vec(),
        );
        let mut e = Encoder::default();
        words.encode(&mut e);
        let decoded = CommonWords::decode(&mut Decoder::new(&e.bytes)).unwrap();
        assert_eq!(decoded, words);
        assert!(decoded.contains("pass") && decoded.contains("passéport"));
        assert!(!decoded.contains("passw") && !decoded.contains("zzz"));
        assert!(decoded.starts_one("passw") && decoded.starts_one("a"));
        assert!(decoded.starts_one("passé") && !decoded.starts_one("passx"));
        assert!(!decoded.starts_one("z"));
        assert_eq!(shared_prefix("passé", "passéport"), "passé".len());
        assert_eq!(shared_prefix("passé", "passe"), "pass".len());
    }

    #[test]
    fn words_out_of_order_are_rejected() {
        let mut e = Encoder::default();
        e.uint(2);
        e.uint(0);
        e.str("reset");
        e.uint(0);
        e.str("account");
        assert_eq!(CommonWords::decode(&mut Decoder::new(&e.bytes)), None);
    }
}
