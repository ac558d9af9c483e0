//! Reading what a reader typed. Nothing a reader types is an error: quotes,
//! colons, brackets and other syntax are treated as text, unbalanced quotes
//! are ignored, and over-long input is cut.

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use crate::schema::{self, Analysis};
use crate::stem::Language;

/// Longest query considered, in characters.
pub(crate) const MAX_QUERY_CHARS: usize = 256;
/// Most words considered.
pub(crate) const MAX_WORDS: usize = 8;
/// Most quoted phrases considered.
pub(crate) const MAX_PHRASES: usize = 3;

/// English contractions typed without their apostrophe.
const CONTRACTIONS: &[&str] = &[
    "cant", "dont", "wont", "didnt", "doesnt", "isnt", "arent", "wasnt", "werent", "couldnt",
    "wouldnt", "shouldnt", "hasnt", "havent", "im", "ive", "youre", "theyre", "whats", "hows",
];

/// One word of the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    /// Lower-cased and folded, as typed.
    pub surface: String,
    /// As indexed (stemmed).
    pub stem: String,
    /// Typo tolerance: 0, 1 (4+ letters) or 2 (8+ letters).
    pub distance: u8,
    /// The word is being typed (last, not followed by a space): it also
    /// matches longer words.
    pub prefix: bool,
}

/// A quoted phrase: stemmed words with their positions.
pub(crate) type Phrase = Vec<(usize, String)>;

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Words outside quotes (and single quoted words, without typo tolerance).
    pub words: Vec<Word>,
    /// Quoted phrases of two or more words.
    pub phrases: Vec<Phrase>,
}

impl Plan {
    /// Whether there is nothing to search for.
    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }
}

/// Typo tolerance for a word of `chars` characters.
pub(crate) fn distance_for(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let token = stream.token();
        out.push((token.position, token.text.clone()));
    }
    out
}

/// Parses `text` for an index analysed with `analysis`.
pub(crate) fn parse(text: &str, analysis: &Analysis) -> Plan {
    let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
    let mut surface = schema::surface_analyzer();
    let mut full = analysis.analyzer();
    // "can't" is indexed as "can" + "t", both stop words; typed without the
    // apostrophe it would otherwise be a word that must match.
    let english = analysis.stemmer() == Some(Language::English);
    let is_stop =
        |word: &str| (english && CONTRACTIONS.contains(&word)) || analysis.is_stop_word(word);

    // Split on double quotes; text between a pair is a phrase. A final
    // unpaired quote is ignored.
    let parts: Vec<&str> = text.split('"').collect();
    let paired = if parts.len() % 2 == 1 {
        parts.len()
    } else {
        parts.len() - 1
    };
    let mut plan = Plan::default();
    let mut loose: Vec<String> = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let quoted = i % 2 == 1 && i < paired;
        if quoted {
            let stems = tokens(&mut full, part);
            match stems.len() {
                0 => {}
                1 => {
                    let (_, stem) = &stems[0];
                    push_word(
                        &mut plan,
                        Word {
                            surface: stem.clone(),
                            stem: stem.clone(),
                            distance: 0,
                            prefix: false,
                        },
                    );
                }
                _ if plan.phrases.len() < MAX_PHRASES => plan.phrases.push(stems),
                _ => {}
            }
        } else {
            loose.extend(tokens(&mut surface, part).into_iter().map(|(_, t)| t));
        }
    }
    let typing = !text.ends_with(|c: char| c.is_whitespace() || c == '"');
    let content: Vec<&String> = loose.iter().filter(|w| !is_stop(w)).collect();
    // A query of stop words only ("how to") keeps them, so it is not empty.
    let kept: Vec<&String> = if content.is_empty() {
        loose.iter().collect()
    } else {
        content
    };
    let last = kept.len().saturating_sub(1);
    for (i, word) in kept.iter().enumerate() {
        let stem = tokens(&mut full, word)
            .into_iter()
            .next()
            .map(|(_, t)| t)
            .unwrap_or_else(|| word.to_string());
        let chars = word.chars().count();
        push_word(
            &mut plan,
            Word {
                surface: word.to_string(),
                stem,
                distance: distance_for(chars),
                prefix: typing && i == last && loose.last() == Some(word),
            },
        );
    }
    plan
}

fn push_word(plan: &mut Plan, word: Word) {
    if plan.words.len() >= MAX_WORDS {
        return;
    }
    if let Some(existing) = plan.words.iter_mut().find(|w| w.stem == word.stem) {
        existing.prefix |= word.prefix;
        existing.distance = existing.distance.max(word.distance);
        return;
    }
    plan.words.push(word);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, tag: &str) -> Plan {
        super::parse(text, &Analysis::for_language(tag))
    }

    fn stems(plan: &Plan) -> Vec<&str> {
        plan.words.iter().map(|w| w.stem.as_str()).collect()
    }

    #[test]
    fn stems_drops_stop_words_and_marks_the_typed_word() {
        let plan = parse("how do I reset my Passwords", "en");
        assert_eq!(stems(&plan), ["reset", "password"]);
        assert!(plan.words[1].prefix);
        assert_eq!(plan.words[1].distance, 2);
        assert!(!parse("reset password ", "en").words[1].prefix);
    }

    #[test]
    fn phrases_and_stray_quotes() {
        let plan = parse("\"two factor\" codes", "en");
        assert_eq!(
            plan.phrases,
            vec![vec![(0, "two".into()), (1, "factor".into())]]
        );
        assert_eq!(stems(&plan), ["code"]);
        let plan = parse("lost \"codes", "en");
        assert_eq!(stems(&plan), ["lost", "code"]);
        assert!(plan.phrases.is_empty());
    }

    #[test]
    fn hostile_input_is_text() {
        assert!(parse("\"", "en").is_empty());
        assert!(parse("(((", "en").is_empty());
        assert_eq!(
            stems(&parse("title:hacked) AND [x", "en")),
            ["titl", "hack", "x"]
        );
        assert!(parse(&"word ".repeat(2_000), "en").words.len() <= 2);
        assert!(parse("🔒🔑", "en").is_empty());
        assert_eq!(stems(&parse("كلمة المرور", "ar")).len(), 2);
    }

    #[test]
    fn stop_words_only_are_kept() {
        assert_eq!(stems(&parse("how to", "en")), ["how", "to"]);
        assert_eq!(
            stems(&parse("I can't log in to my account", "en")),
            ["log", "account"]
        );
    }
}
