//! The index schema and the text analysis shared by indexing and querying.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STRING,
};

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenFilter,
    TokenStream, Tokenizer,
};

use crate::stem::{self, Language};

/// Name of the analyzer used by every text field: lower-case, ASCII folding,
/// stop words and stemming for the site's language.
pub(crate) const ANALYZER: &str = "hb";

/// The text fields a query searches, with their weights (title and keywords
/// count more than body).
pub(crate) const TEXT_FIELDS: [(&str, f32); 5] = [
    ("title", 4.0),
    ("keywords", 3.0),
    ("headings", 2.0),
    ("description", 1.5),
    ("body", 1.0),
];

/// Handles to every field of the schema.
#[derive(Clone, Debug)]
pub(crate) struct Fields {
    /// The text fields, in the order of [`TEXT_FIELDS`].
    pub text: [Field; 5],
    /// Category keys of the document and its ancestors (untokenized), for
    /// the category filter.
    pub category: Field,
    /// The document's number in insertion order (a fast field used at
    /// build time only, to lay out result cards in tantivy's doc order).
    pub card: Field,
}

impl Fields {
    /// The `body` field.
    pub(crate) fn body(&self) -> Field {
        self.text[4]
    }

    /// The `title` field.
    pub(crate) fn title(&self) -> Field {
        self.text[0]
    }
}

/// Builds the schema.
pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(ANALYZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    let text = TEXT_FIELDS.map(|(name, _)| builder.add_text_field(name, options.clone()));
    let category = builder.add_text_field("category", STRING);
    let card = builder.add_u64_field("card", NumericOptions::default().set_fast());
    (
        builder.build(),
        Fields {
            text,
            category,
            card,
        },
    )
}

/// How an index's text is analysed: words as [`WordTokenizer`] splits
/// them, at most 40 bytes, lower-cased, folded to ASCII, without the stop
/// words, stemmed for the language. The same for indexing and querying:
/// the index's manifest records the language and the stop words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Analysis {
    /// BCP 47 language tag of the content (decides stemming).
    pub language: String,
    /// Words left out (as they come out of lower-casing and folding).
    pub stop_words: Vec<String>,
    /// Groups of words and phrases that find each other in queries
    /// (lower-cased; see [`crate::synonyms`]).
    pub synonyms: Vec<Vec<String>>,
    /// Filler words a query may contain that results need not contain.
    pub optional_words: Vec<String>,
}

impl Analysis {
    /// The analysis for content in `tag`: its stemmer and its stop-word
    /// list (see [`crate::stop_words`]).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn for_language(tag: &str) -> Analysis {
        // Words are compared once lower-cased and folded, so the list is
        // folded too ("más" → "mas"), in a stable order.
        let mut stop_words: Vec<String> = crate::stop_words::for_language(Language::of_tag(tag))
            .iter()
            .filter_map(|word| surface_of(word))
            .collect();
        stop_words.sort();
        stop_words.dedup();
        let language = Language::of_tag(tag);
        let optional_words = crate::synonyms::optional_for(language)
            .iter()
            .filter_map(|word| surface_of(word))
            .collect();
        Analysis {
            language: tag.to_owned(),
            stop_words,
            synonyms: crate::synonyms::groups_for(language),
            optional_words,
        }
    }

    /// The analysis without the built-in synonyms and filler words
    /// (`[output.html.search] builtin-synonyms = false`).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn without_vocabulary(self) -> Analysis {
        Analysis {
            synonyms: Vec::new(),
            optional_words: Vec::new(),
            ..self
        }
    }

    /// Whether `word` (lower-cased and folded) is a filler word.
    pub(crate) fn is_optional_word(&self, word: &str) -> bool {
        self.optional_words.iter().any(|w| w == word)
    }

    /// The stemmer, `None` for a language without one.
    pub(crate) fn stemmer(&self) -> Option<Language> {
        Language::of_tag(&self.language)
    }

    /// The full analyzer: tokens as they are indexed.
    pub(crate) fn analyzer(&self) -> TextAnalyzer {
        let stop: FxHashSet<String> = self.stop_words.iter().cloned().collect();
        TextAnalyzer::builder(WordTokenizer)
            .filter_dynamic(Normalize {
                stop: Arc::new(stop),
                language: self.stemmer(),
            })
            .build()
    }

    /// Whether `word` (lower-cased and folded) is a stop word.
    pub(crate) fn is_stop_word(&self, word: &str) -> bool {
        self.stop_words.iter().any(|w| w == word)
    }

    /// Registers the analyzer on an index (at build time and when opened).
    pub(crate) fn register(&self, index: &tantivy::Index) {
        index.tokenizers().register(ANALYZER, self.analyzer());
    }
}

/// Lower-casing and folding only: the surface form of a word, used for
/// prefix matching of the word being typed and for typo distance.
pub(crate) fn surface_analyzer() -> TextAnalyzer {
    base().build()
}

/// Longest word indexed, in bytes as written.
const LONGEST_WORD: usize = 40;

/// The tokens of `tokenizer`, without those over [`LONGEST_WORD`] bytes,
/// lower-cased and folded to ASCII.
fn folded<T: Tokenizer>(tokenizer: T) -> tantivy::tokenizer::TextAnalyzerBuilder {
    TextAnalyzer::builder(tokenizer)
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .dynamic()
}

fn base() -> tantivy::tokenizer::TextAnalyzerBuilder {
    folded(WordTokenizer)
}

/// What [`base`] does to one word: the word as it comes out, or `None`
/// when it is too long.
fn surface_of(word: &str) -> Option<String> {
    let mut analyzer = folded(tantivy::tokenizer::RawTokenizer::default()).build();
    let mut stream = analyzer.token_stream(word);
    stream.advance().then(|| stream.token().text.clone())
}

/// Words a [`Normalize`] filter remembers before it starts afresh (a help
/// center's vocabulary is a few tens of thousands of words).
const MEMO_WORDS: usize = 100_000;

/// Turns each word as written into the term indexed: drops words over
/// [`LONGEST_WORD`] bytes, lower-cases, folds to ASCII, drops stop words
/// and stems the rest, remembering the outcome for each word as written:
/// the same few thousand words make up most of a help center, and working
/// each out again (folding, a set lookup, the Snowball algorithm) was a
/// sixth of a large build.
#[derive(Clone, Debug)]
pub(crate) struct Normalize {
    /// The stop words.
    pub stop: Arc<FxHashSet<String>>,
    /// The stemmer, if any.
    pub language: Option<Language>,
}

impl TokenFilter for Normalize {
    type Tokenizer<T: Tokenizer> = NormalizeFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> NormalizeFilter<T> {
        NormalizeFilter {
            inner: tokenizer,
            stop: self.stop,
            language: self.language,
            memo: FxHashMap::default(),
        }
    }
}

/// The tokenizer a [`Normalize`] filter makes: the memo lives as long as
/// the analyzer (an indexing batch, or one query).
#[derive(Clone)]
pub(crate) struct NormalizeFilter<T> {
    inner: T,
    stop: Arc<FxHashSet<String>>,
    language: Option<Language>,
    /// Word as written → the term, or `None` for a word left out.
    memo: FxHashMap<String, Option<String>>,
}

impl<T: Tokenizer> Tokenizer for NormalizeFilter<T> {
    type TokenStream<'a> = NormalizeStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        NormalizeStream {
            tail: self.inner.token_stream(text),
            stop: &self.stop,
            language: self.language,
            memo: &mut self.memo,
        }
    }
}

/// The token stream of a [`NormalizeFilter`].
pub(crate) struct NormalizeStream<'a, T> {
    tail: T,
    stop: &'a FxHashSet<String>,
    language: Option<Language>,
    memo: &'a mut FxHashMap<String, Option<String>>,
}

impl<T: TokenStream> TokenStream for NormalizeStream<'_, T> {
    fn advance(&mut self) -> bool {
        loop {
            if !self.tail.advance() {
                return false;
            }
            let token = self.tail.token_mut();
            if let Some(decided) = self.memo.get(&token.text) {
                match decided {
                    Some(stem) => {
                        token.text.clear();
                        token.text.push_str(stem);
                        return true;
                    }
                    None => continue,
                }
            }
            let decided = surface_of(&token.text)
                .filter(|surface| !self.stop.contains(surface))
                .map(|surface| match self.language {
                    Some(language) => stem::stem(language, &surface).into_owned(),
                    None => surface,
                });
            if self.memo.len() >= MEMO_WORDS {
                self.memo.clear();
            }
            let word = match &decided {
                Some(stem) => std::mem::replace(&mut token.text, stem.clone()),
                None => token.text.clone(),
            };
            let keep = decided.is_some();
            self.memo.insert(word, decided);
            if keep {
                return true;
            }
        }
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().text.clone(), stream.token().position));
        }
        out
    }

    /// What the analyzer did before it remembered its decisions: tantivy's
    /// stop-word filter, then the stemmer on every token.
    fn plain(analysis: &Analysis, text: &str) -> Vec<(String, usize)> {
        let mut analyzer = base()
            .filter_dynamic(tantivy::tokenizer::StopWordFilter::remove(
                analysis.stop_words.clone(),
            ))
            .build();
        tokens(&mut analyzer, text)
            .into_iter()
            .map(|(word, position)| match analysis.stemmer() {
                Some(language) => (stem::stem(language, &word).into_owned(), position),
                None => (word, position),
            })
            .collect()
    }

    #[test]
    fn remembered_decisions_are_the_same_decisions() {
        let text = "Resetting passwords: reset your password, then resets \
                    happen; running runners ran. Contraseñas y CONTRASEÑA de la cuenta. \
                    Resetting passwords again, resetting The passwords again; \
                    pneumonoultramicroscopicsilicovolcanoconiosis Übergrößenträger";
        for tag in ["en", "es", "ja", "pl"] {
            let analysis = Analysis::for_language(tag);
            let mut analyzer = analysis.analyzer();
            let expected = plain(&analysis, text);
            // Twice: the second pass is answered from the memo.
            assert_eq!(tokens(&mut analyzer, text), expected, "{tag}");
            assert_eq!(tokens(&mut analyzer, text), expected, "{tag}");
        }
        let english = tokens(
            &mut Analysis::for_language("en").analyzer(),
            "the passwords",
        );
        assert_eq!(english, [("password".to_string(), 1)], "positions kept");
    }

    /// Stop words are compared after folding, so the lists are folded too:
    /// Spanish "más" or German "für" were never left out before.
    #[test]
    fn accented_stop_words_are_left_out() {
        let spanish = Analysis::for_language("es");
        assert_eq!(
            tokens(&mut spanish.analyzer(), "Más ayuda también"),
            [("ayud".to_string(), 1)]
        );
        assert!(spanish.is_stop_word("mas") && spanish.is_stop_word("tambien"));
        let german = Analysis::for_language("de");
        assert_eq!(tokens(&mut german.analyzer(), "für Konten").len(), 1);
        for tag in ["da", "fi", "fr", "hu", "it", "no", "pt", "ru", "sv"] {
            for word in &Analysis::for_language(tag).stop_words {
                assert_eq!(surface_of(word).as_deref(), Some(word.as_str()), "{tag}");
            }
        }
    }

    #[test]
    fn the_memo_starts_afresh_when_full() {
        let mut analyzer = Analysis::for_language("en").analyzer();
        let words: String = (0..MEMO_WORDS + 10).map(|n| format!("word{n}s ")).collect();
        assert_eq!(tokens(&mut analyzer, &words).len(), MEMO_WORDS + 10);
        assert_eq!(tokens(&mut analyzer, "the passwords")[0].0, "password");
    }
}

/// Whether `c` belongs to a script written without spaces between words
/// (Chinese, Japanese, Thai, Lao, Khmer, Myanmar), where words are indexed
/// as overlapping character pairs; Korean, written with spaces but in long
/// compounds, is paired too.
#[inline]
pub(crate) fn is_unspaced(c: char) -> bool {
    // Below Thai, nothing is (the common case, answered with one comparison).
    (c as u32) >= 0x0E00
        && matches!(c as u32,
        0x0E00..=0x0EFF   // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x20000..=0x2FFFF)
}

/// Splits text into words as tantivy's `SimpleTokenizer` does (runs of
/// letters and digits), except that a run of [`is_unspaced`] characters
/// becomes its overlapping pairs (`パスワード` → `パス`, `スワ`, `ワー`,
/// `ード`; a single character stays as it is): the usual way to search
/// Chinese, Japanese or Thai without a dictionary, which would not fit in
/// the browser's download.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordTokenizer;

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        WordStream {
            text,
            pos: 0,
            pending: Vec::new(),
            token: Token::default(),
        }
    }
}

/// The token stream of a [`WordTokenizer`].
pub(crate) struct WordStream<'a> {
    text: &'a str,
    /// Where the next word may start.
    pos: usize,
    /// Pairs of an unspaced run not given out yet, last first.
    pending: Vec<(usize, usize)>,
    token: Token,
}

/// The character at byte `i` of `text` and its length (ASCII without
/// decoding: most text is).
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().unwrap_or('\0');
        (c, c.len_utf8())
    }
}

impl WordStream<'_> {
    fn emit(&mut self, from: usize, to: usize) {
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
        self.token.position_length = 1;
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        if let Some((from, to)) = self.pending.pop() {
            self.emit(from, to);
            return true;
        }
        let text = self.text;
        let len = text.len();
        // Skip what is not a letter or digit.
        let mut i = self.pos;
        let first = loop {
            if i >= len {
                self.pos = len;
                return false;
            }
            let (c, n) = char_at(text, i);
            if c.is_alphanumeric() {
                break c;
            }
            i += n;
        };
        let start = i;
        if is_unspaced(first) {
            // The start of each character of the run, and the run's end.
            let mut starts = Vec::new();
            while i < len {
                let (c, n) = char_at(text, i);
                if !is_unspaced(c) {
                    break;
                }
                starts.push(i);
                i += n;
            }
            self.pos = i;
            let end = i;
            let mut pairs: Vec<(usize, usize)> = if starts.len() < 2 {
                vec![(start, end)]
            } else {
                (0..starts.len() - 1)
                    .map(|k| (starts[k], starts.get(k + 2).copied().unwrap_or(end)))
                    .collect()
            };
            pairs.reverse();
            self.pending = pairs;
            let Some((from, to)) = self.pending.pop() else {
                return false;
            };
            self.emit(from, to);
            return true;
        }
        while i < len {
            let (c, n) = char_at(text, i);
            if !c.is_alphanumeric() || is_unspaced(c) {
                break;
            }
            i += n;
        }
        self.pos = i;
        self.emit(start, i);
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod word_tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut tokenizer = WordTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn spaced_text_splits_like_tantivys_simple_tokenizer() {
        let text = "Can't log in? Reset your password (2FA) — contraseña, пароль; 123abc";
        let mut simple = tantivy::tokenizer::SimpleTokenizer::default();
        let mut stream = simple.token_stream(text);
        let mut expected = Vec::new();
        while stream.advance() {
            let t = stream.token();
            expected.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        assert_eq!(words(text), expected);
    }

    #[test]
    fn unspaced_scripts_become_pairs() {
        let got: Vec<String> = words("パスワードを変更").into_iter().map(|w| w.0).collect();
        assert_eq!(
            got,
            ["パス", "スワ", "ワー", "ード", "ドを", "を変", "変更"]
        );
        let got: Vec<(String, usize)> = words("重置密码 password 码")
            .into_iter()
            .map(|w| (w.0, w.1))
            .collect();
        assert_eq!(
            got,
            [
                ("重置".to_string(), 0),
                ("置密".to_string(), 1),
                ("密码".to_string(), 2),
                ("password".to_string(), 3),
                ("码".to_string(), 4)
            ]
        );
        let got: Vec<String> = words("Wi-Fi設定").into_iter().map(|w| w.0).collect();
        assert_eq!(got, ["Wi", "Fi", "設定"]);
    }
}
