//! Reading what a reader typed. Nothing a reader types is an error: quotes,
//! colons, brackets and other syntax are treated as text, unbalanced quotes
//! are ignored, and over-long input is cut.

use rustc_hash::FxHashMap;
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

/// Weight of a synonym of a typed word, against the word itself.
pub(crate) const SYNONYM_WEIGHT: f32 = 0.5;

/// Weight of a compound of a typed word and its neighbour ("onedrive"
/// for "one drive"), against the word itself.
pub(crate) const COMPOUND_WEIGHT: f32 = 1.0;

/// The first code point of the CJK scripts, whose words are not joined
/// into compounds (their text is not split into words by spaces).
const FIRST_CJK: u32 = 0x2E80;

/// Most words in a synonym phrase that a query is matched against.
const MAX_PHRASE_WORDS: usize = 5;

/// One word of the query (or one phrase of it that a synonym group names).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Word {
    /// Lower-cased and folded, as typed.
    pub surface: String,
    /// As indexed (stemmed); empty when the word is a phrase of several
    /// words typed as a synonym group names it ("direct message"): then
    /// only its alternatives are looked up.
    pub stem: String,
    /// Typo tolerance: 0, 1 (4+ letters) or 2 (8+ letters).
    pub distance: u8,
    /// The word is being typed (last, not followed by a space): it also
    /// matches longer words.
    pub prefix: bool,
    /// Other ways to say it that count as the word: synonyms, the typed
    /// phrase itself when `stem` is empty, and the word joined with a
    /// neighbour ("onedrive" for "one" in "one drive").
    pub alternatives: Vec<Alternative>,
    /// A filler word ("problem", "issue"): results need not contain it.
    pub optional: bool,
    /// The index has the word itself (or, for the word being typed, words
    /// it starts) in enough documents that it is no typo: it gets no typo
    /// variants, and only completions that start with it exactly. Set by
    /// the engine: before any dictionary read for the manifest's common
    /// words, after them for the others; false when parsed.
    pub known: bool,
}

/// Documents (of one field) a word must be in for the index to know it, at
/// least, and the share of all documents it must be in (one in
/// `KNOWN_SHARE`): a rarer word may be a misspelling in a few pages, or a
/// rare word a typo's stem happens to equal ("invoces" and "invocation"
/// are both "invoc"), and keeps its typo variants.
const KNOWN_DOCUMENTS: u32 = 4;
const KNOWN_SHARE: u32 = 1000;

/// How many documents of one field a word must be in, in an index of
/// `documents`, for the index to know it ([`Word::known`]).
pub(crate) fn known_threshold(documents: u32) -> u32 {
    KNOWN_DOCUMENTS.max(documents / KNOWN_SHARE)
}

/// A phrase that counts as a query word, with its weight.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Alternative {
    /// Its stems with their positions (one stem: a single word).
    pub stems: Phrase,
    /// 1 for the typed phrase, [`SYNONYM_WEIGHT`] for a synonym,
    /// [`COMPOUND_WEIGHT`] for a compound.
    pub weight: f32,
}

/// A quoted phrase: stemmed words with their positions.
pub(crate) type Phrase = Vec<(usize, String)>;

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq)]
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

/// The analyzers and word lists a query is read with.
struct Reader<'a> {
    analysis: &'a Analysis,
    surface: TextAnalyzer,
    full: TextAnalyzer,
    english: bool,
}

impl Reader<'_> {
    fn new(analysis: &Analysis) -> Reader<'_> {
        Reader {
            analysis,
            surface: schema::surface_analyzer(),
            full: analysis.analyzer(),
            english: analysis.stemmer() == Some(Language::English),
        }
    }

    /// Whether a typed word (lower-cased, folded) is left out.
    fn is_stop(&self, word: &str) -> bool {
        (self.english && CONTRACTIONS.contains(&word)) || self.analysis.is_stop_word(word)
    }

    /// The stem of one typed word (the word itself if the analyzer drops it).
    fn stem(&mut self, word: &str) -> String {
        tokens(&mut self.full, word)
            .into_iter()
            .next()
            .map(|(_, t)| t)
            .unwrap_or_else(|| word.to_string())
    }

    /// How a typed word is compared with synonym phrases: a stop word as
    /// typed, any other word by its stem.
    fn key(&mut self, word: &str) -> String {
        if self.is_stop(word) {
            word.to_string()
        } else {
            self.stem(word)
        }
    }
}

/// The synonym groups of an analysis, ready to match typed words against.
pub(crate) struct Thesaurus {
    /// The keys of a member's words → the groups it belongs to.
    members: FxHashMap<Vec<String>, Vec<usize>>,
    /// Each group's members as phrases of stems.
    phrases: Vec<Vec<Phrase>>,
    /// Most words in a member.
    longest: usize,
}

impl Thesaurus {
    /// The synonym groups of `analysis`, their members stemmed.
    pub(crate) fn of(analysis: &Analysis) -> Thesaurus {
        Thesaurus::new(&mut Reader::new(analysis))
    }

    fn new(reader: &mut Reader<'_>) -> Thesaurus {
        let mut thesaurus = Thesaurus {
            members: FxHashMap::default(),
            phrases: Vec::new(),
            longest: 0,
        };
        for (g, group) in reader.analysis.synonyms.iter().enumerate() {
            let mut phrases = Vec::new();
            for member in group {
                let words: Vec<String> = tokens(&mut reader.surface, member)
                    .into_iter()
                    .map(|(_, w)| w)
                    .collect();
                let stems = tokens(&mut reader.full, member);
                if words.is_empty() || words.len() > MAX_PHRASE_WORDS || stems.is_empty() {
                    continue;
                }
                let keys: Vec<String> = words.iter().map(|w| reader.key(w)).collect();
                thesaurus.longest = thesaurus.longest.max(keys.len());
                let entry = thesaurus.members.entry(keys).or_default();
                if !entry.contains(&g) {
                    entry.push(g);
                }
                let first = stems[0].0;
                let stems: Phrase = stems.into_iter().map(|(p, s)| (p - first, s)).collect();
                if !phrases.contains(&stems) {
                    phrases.push(stems);
                }
            }
            thesaurus.phrases.push(phrases);
        }
        thesaurus
    }

    /// The longest member starting at `words[0]`: its length and groups.
    fn longest_match(&self, keys: &[String]) -> Option<(usize, &[usize])> {
        (1..=self.longest.min(keys.len()))
            .rev()
            .find_map(|n| self.members.get(&keys[..n]).map(|g| (n, g.as_slice())))
    }
}

/// A run of typed words outside quotes: one word, or the words of a
/// synonym group's member.
struct Span {
    words: Vec<String>,
    groups: Vec<usize>,
}

/// Parses `text` for an index analysed with `analysis`, whose synonym
/// groups are `thesaurus` (made once per index: [`Thesaurus::of`]).
pub(crate) fn parse(text: &str, analysis: &Analysis, thesaurus: &Thesaurus) -> Plan {
    let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
    let mut reader = Reader::new(analysis);

    // Split on double quotes; text between a pair is a phrase. A final
    // unpaired quote is ignored.
    let parts: Vec<&str> = text.split('"').collect();
    let paired = if parts.len() % 2 == 1 {
        parts.len()
    } else {
        parts.len() - 1
    };
    let mut plan = Plan::default();
    let mut spans: Vec<Span> = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let quoted = i % 2 == 1 && i < paired;
        if quoted {
            let stems = tokens(&mut reader.full, part);
            match stems.len() {
                0 => {}
                1 => {
                    let (_, stem) = &stems[0];
                    push_word(&mut plan, Word::exact(stem));
                }
                _ if plan.phrases.len() < MAX_PHRASES => plan.phrases.push(stems),
                _ => {}
            }
        } else {
            let words: Vec<String> = tokens(&mut reader.surface, part)
                .into_iter()
                .map(|(_, t)| t)
                .collect();
            spans.extend(spans_of(words, &mut reader, thesaurus));
        }
    }
    let typing = !text.ends_with(|c: char| c.is_whitespace() || c == '"');
    let last_word = spans.last().and_then(|s| s.words.last()).cloned();
    let content = |span: &Span, reader: &Reader<'_>| -> Vec<String> {
        span.words
            .iter()
            .filter(|w| !reader.is_stop(w))
            .cloned()
            .collect()
    };
    let any_content = spans.iter().any(|s| !content(s, &reader).is_empty());
    let compounds = compounds_of(&spans, &mut reader);
    let count = spans.len();
    for (i, span) in spans.iter().enumerate() {
        // A query of stop words only ("how to") keeps them, so it is not empty.
        let words = if any_content {
            content(span, &reader)
        } else {
            span.words.clone()
        };
        let Some(first) = words.first() else {
            continue;
        };
        let typed_last = typing && i + 1 == count && last_word.as_ref() == words.last();
        let mut word = if words.len() == 1 {
            let stem = reader.stem(first);
            let chars = first.chars().count();
            Word {
                surface: first.clone(),
                stem,
                distance: distance_for(chars),
                prefix: typed_last,
                alternatives: Vec::new(),
                optional: span.groups.is_empty() && analysis.is_optional_word(first),
                known: false,
            }
        } else {
            let typed = tokens(&mut reader.full, &span.words.join(" "));
            let start = typed.first().map_or(0, |(p, _)| *p);
            Word {
                surface: span.words.join(" "),
                stem: String::new(),
                distance: 0,
                prefix: false,
                alternatives: vec![Alternative {
                    stems: typed.into_iter().map(|(p, s)| (p - start, s)).collect(),
                    weight: 1.0,
                }],
                optional: false,
                known: false,
            }
        };
        // A word and its neighbour typed apart may be one word in the
        // pages ("one drive" for "onedrive"): the compound counts as both.
        let neighbours = [i.checked_sub(1), Some(i)];
        let joined = neighbours.into_iter().flatten();
        for stem in joined.filter_map(|j| compounds.get(j).cloned().flatten()) {
            word.alternatives.push(Alternative {
                stems: vec![(0, stem)],
                weight: COMPOUND_WEIGHT,
            });
        }
        for &g in &span.groups {
            for stems in &thesaurus.phrases[g] {
                let own = stems.len() == 1 && stems[0].1 == word.stem;
                if !own && !word.alternatives.iter().any(|a| &a.stems == stems) {
                    word.alternatives.push(Alternative {
                        stems: stems.clone(),
                        weight: SYNONYM_WEIGHT,
                    });
                }
            }
        }
        push_word(&mut plan, word);
    }
    // A query of filler words only ("help") needs them.
    if plan.words.iter().all(|w| w.optional) {
        for word in &mut plan.words {
            word.optional = false;
        }
    }
    plan
}

/// For each span, the stem of its word joined with the next span's
/// ("one" + "drive": "onedrive"), when both are single words of letters
/// outside a synonym group, not stop words and of two letters or more.
/// Whether the index has the compound is seen when it is looked up.
fn compounds_of(spans: &[Span], reader: &mut Reader<'_>) -> Vec<Option<String>> {
    let single = |span: &Span, reader: &Reader<'_>| -> Option<String> {
        let [word] = span.words.as_slice() else {
            return None;
        };
        let letters = word.chars().count() >= 2
            && word
                .chars()
                .all(|c| c.is_alphabetic() && (c as u32) < FIRST_CJK);
        (letters && span.groups.is_empty() && !reader.is_stop(word)).then(|| word.clone())
    };
    let mut out = Vec::with_capacity(spans.len());
    for (i, span) in spans.iter().enumerate() {
        let pair = spans.get(i + 1).and_then(|next| {
            let first = single(span, reader)?;
            let second = single(next, reader)?;
            Some(first + &second)
        });
        out.push(pair.map(|joined| reader.stem(&joined)));
    }
    out
}

/// Splits typed words into spans: the longest synonym member at each
/// word, else the word alone.
fn spans_of(words: Vec<String>, reader: &mut Reader<'_>, thesaurus: &Thesaurus) -> Vec<Span> {
    let keys: Vec<String> = words.iter().map(|w| reader.key(w)).collect();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match thesaurus.longest_match(&keys[i..]) {
            Some((n, groups)) => {
                spans.push(Span {
                    words: words[i..i + n].to_vec(),
                    groups: groups.to_vec(),
                });
                i += n;
            }
            None => {
                spans.push(Span {
                    words: vec![words[i].clone()],
                    groups: Vec::new(),
                });
                i += 1;
            }
        }
    }
    spans
}

impl Word {
    /// A quoted single word: no typos, no completions, no synonyms.
    fn exact(stem: &str) -> Word {
        Word {
            surface: stem.to_owned(),
            stem: stem.to_owned(),
            distance: 0,
            prefix: false,
            alternatives: Vec::new(),
            optional: false,
            known: false,
        }
    }
}

fn push_word(plan: &mut Plan, word: Word) {
    if plan.words.len() >= MAX_WORDS {
        return;
    }
    let same = |w: &Word| {
        if word.stem.is_empty() {
            w.surface == word.surface
        } else {
            w.stem == word.stem
        }
    };
    if let Some(existing) = plan.words.iter_mut().find(|w| same(w)) {
        existing.prefix |= word.prefix;
        existing.distance = existing.distance.max(word.distance);
        existing.optional &= word.optional;
        for alternative in word.alternatives {
            if !existing.alternatives.contains(&alternative) {
                existing.alternatives.push(alternative);
            }
        }
        return;
    }
    plan.words.push(word);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, tag: &str) -> Plan {
        let analysis = Analysis::for_language(tag);
        super::parse(text, &analysis, &Thesaurus::of(&analysis))
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

    #[test]
    fn neighbours_typed_apart_count_as_their_compound() {
        let compound = |word: &Word| -> Vec<String> {
            word.alternatives
                .iter()
                .filter(|a| a.weight == COMPOUND_WEIGHT && a.stems.len() == 1)
                .map(|a| a.stems[0].1.clone())
                .collect()
        };
        let plan = parse("one drive sync", "en");
        assert_eq!(stems(&plan), ["one", "drive", "sync"]);
        assert_eq!(compound(&plan.words[0]), ["onedr"]);
        assert_eq!(compound(&plan.words[1]), ["onedr", "drivesync"]);
        assert_eq!(compound(&plan.words[2]), ["drivesync"]);
        // Not across stop words, synonym phrases, digits or CJK text.
        assert!(parse("one of drive", "en")
            .words
            .iter()
            .all(|w| compound(w).is_empty()));
        assert!(compound(&parse("log in page", "en").words[1]).is_empty());
        assert!(parse("office 365", "en")
            .words
            .iter()
            .all(|w| compound(w).is_empty()));
        assert!(parse("密码 重置", "zh")
            .words
            .iter()
            .all(|w| compound(w).is_empty()));
    }

    #[test]
    fn synonyms_and_filler_words() {
        let plan = parse("log in problem ", "en");
        assert_eq!(stems(&plan), ["log", "problem"]);
        let log = &plan.words[0];
        assert!(log
            .alternatives
            .iter()
            .any(|a| a.stems == [(0, "sign".to_string())]));
        assert!(!log.optional && plan.words[1].optional);
        // A phrase a group names is one word, looked up by its alternatives.
        let plan = parse("direct message", "en");
        assert_eq!(plan.words.len(), 1);
        assert!(plan.words[0].stem.is_empty());
        assert_eq!(plan.words[0].alternatives[0].weight, 1.0);
        assert!(plan.words[0]
            .alternatives
            .iter()
            .any(|a| a.stems == [(0, "dm".to_string())]));
        // Function words Snowball lists and words of quantity are filler.
        let plan = parse("how many devices before ", "en");
        assert_eq!(stems(&plan), ["mani", "devic", "befor"]);
        assert!(plan.words[0].optional && !plan.words[1].optional && plan.words[2].optional);
        // Filler words alone are needed; other languages have no lists.
        assert!(!parse("problem", "en").words[0].optional);
        assert!(parse("problema cuenta", "es")
            .words
            .iter()
            .all(|w| !w.optional && w.alternatives.iter().all(|a| a.weight != SYNONYM_WEIGHT)));
    }
}
