//! The index schema and the text analysis shared by indexing and querying.

use std::collections::HashMap;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STRING,
};

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer,
    StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Name of the analyzer used by every text field: lower-case, ASCII folding,
/// stop words and stemming for the site's language.
pub const ANALYZER: &str = "hb";

/// The text fields a query searches, with their weights (title and keywords
/// count more than body).
pub const TEXT_FIELDS: [(&str, f32); 5] = [
    ("title", 4.0),
    ("keywords", 3.0),
    ("headings", 2.0),
    ("description", 1.5),
    ("body", 1.0),
];

/// Handles to every field of the schema.
#[derive(Clone, Debug)]
pub struct Fields {
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
    pub fn body(&self) -> Field {
        self.text[4]
    }

    /// The `title` field.
    pub fn title(&self) -> Field {
        self.text[0]
    }
}

/// Builds the schema.
pub fn build_schema() -> (Schema, Fields) {
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

/// Looks the fields up in a schema read from an index.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let text = [
        schema.get_field(TEXT_FIELDS[0].0)?,
        schema.get_field(TEXT_FIELDS[1].0)?,
        schema.get_field(TEXT_FIELDS[2].0)?,
        schema.get_field(TEXT_FIELDS[3].0)?,
        schema.get_field(TEXT_FIELDS[4].0)?,
    ];
    Ok(Fields {
        text,
        category: schema.get_field("category")?,
        card: schema.get_field("card")?,
    })
}

/// The stemming language for a BCP 47 language tag (`en`, `pt-BR`), or
/// `None` when tantivy has no stemmer for it (words are then only
/// lower-cased and folded).
pub fn language(tag: &str) -> Option<Language> {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    Some(match primary.as_str() {
        "ar" => Language::Arabic,
        "da" => Language::Danish,
        "nl" => Language::Dutch,
        "en" => Language::English,
        "fi" => Language::Finnish,
        "fr" => Language::French,
        "de" => Language::German,
        "el" => Language::Greek,
        "hu" => Language::Hungarian,
        "it" => Language::Italian,
        "no" | "nb" | "nn" => Language::Norwegian,
        "pt" => Language::Portuguese,
        "ro" => Language::Romanian,
        "ru" => Language::Russian,
        "es" => Language::Spanish,
        "sv" => Language::Swedish,
        "ta" => Language::Tamil,
        "tr" => Language::Turkish,
        _ => return None,
    })
}

/// The full analyzer: tokens as they are indexed.
pub fn analyzer(tag: &str) -> TextAnalyzer {
    let mut builder = base();
    if let Some(lang) = language(tag) {
        if let Some(stop) = stop_words(tag) {
            builder = builder.filter_dynamic(stop);
        }
        builder = builder.filter_dynamic(CachedStemmer(lang));
    }
    builder.build()
}

/// Lower-casing and folding only: the surface form of a word, used for
/// prefix matching of the word being typed and for typo distance.
pub fn surface_analyzer() -> TextAnalyzer {
    base().build()
}

/// English words that carry no meaning in a help-center query ("how do I
/// ...", "my account"): Lucene's list plus pronouns, auxiliaries and
/// question words. Negations stay out: "can't log in" keeps "log".
const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "about", "am", "an", "and", "are", "as", "at", "be", "been", "being", "but", "by", "can",
    "could", "did", "do", "does", "doing", "for", "from", "had", "has", "have", "having", "he",
    "her", "here", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "may", "me",
    "might", "mine", "my", "myself", "of", "on", "onto", "or", "our", "ours", "she", "should",
    "so", "such", "t", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "to", "too", "us", "very", "was", "we", "were", "what", "when", "where",
    "which", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "s", "ll",
    "ve", "re", "d", "m",
];

/// Stop-word removal only (after lower-casing), to tell stop words apart.
pub fn stop_words(tag: &str) -> Option<StopWordFilter> {
    let lang = language(tag)?;
    if lang == Language::English {
        return Some(StopWordFilter::remove(
            ENGLISH_STOP_WORDS.iter().map(|w| w.to_string()),
        ));
    }
    StopWordFilter::new(lang)
}

fn base() -> tantivy::tokenizer::TextAnalyzerBuilder {
    TextAnalyzer::builder(WordTokenizer)
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .dynamic()
}

/// Registers the analyzer on an index (at build time and when opened).
pub fn register(index: &tantivy::Index, tag: &str) {
    index.tokenizers().register(ANALYZER, analyzer(tag));
}

/// Words a [`CachedStemmer`] remembers before it starts afresh (a help
/// center's vocabulary is a few tens of thousands of words).
const STEM_CACHE_WORDS: usize = 100_000;

/// Tantivy's [`Stemmer`], remembering the stem of each word it has seen:
/// the same few thousand words make up most of a help center, and stemming
/// them again took about a seventh of a large build.
#[derive(Clone, Copy, Debug)]
pub struct CachedStemmer(pub Language);

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(self.0))
                .build(),
            stems: HashMap::new(),
        }
    }
}

/// The tokenizer a [`CachedStemmer`] makes: the memo lives as long as the
/// analyzer (an indexing batch, or one query).
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    stemmer: TextAnalyzer,
    stems: HashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
            stems: &mut self.stems,
        }
    }
}

/// The token stream of a [`CachedStemmerFilter`].
pub struct CachedStemmerStream<'a, T> {
    tail: T,
    stemmer: &'a mut TextAnalyzer,
    stems: &'a mut HashMap<String, String>,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.stems.get(&token.text) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem = {
            let mut stream = self.stemmer.token_stream(&token.text);
            if stream.advance() {
                stream.token().text.clone()
            } else {
                token.text.clone()
            }
        };
        if self.stems.len() >= STEM_CACHE_WORDS {
            self.stems.clear();
        }
        self.stems
            .insert(std::mem::replace(&mut token.text, stem.clone()), stem);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn the_cached_stemmer_stems_like_tantivys() {
        let text = "Resetting passwords: reset your password, then resets \
                    happen; running runners ran. Contraseñas y contraseña. \
                    Resetting passwords again, resetting again";
        for (tag, lang) in [("en", Language::English), ("es", Language::Spanish)] {
            let mut plain = base().filter_dynamic(Stemmer::new(lang)).build();
            let mut cached = base().filter_dynamic(CachedStemmer(lang)).build();
            let expected = tokens(&mut plain, text);
            // Twice: the second pass is answered from the memo.
            assert_eq!(tokens(&mut cached, text), expected, "{tag}");
            assert_eq!(tokens(&mut cached, text), expected, "{tag}");
        }
    }

    #[test]
    fn the_memo_starts_afresh_when_full() {
        let mut cached = base()
            .filter_dynamic(CachedStemmer(Language::English))
            .build();
        let words: String = (0..STEM_CACHE_WORDS + 10)
            .map(|n| format!("word{n}s "))
            .collect();
        let out = tokens(&mut cached, &words);
        assert_eq!(out.len(), STEM_CACHE_WORDS + 10);
        assert_eq!(tokens(&mut cached, "passwords"), ["password"]);
    }
}

/// Whether `c` belongs to a script written without spaces between words
/// (Chinese, Japanese, Thai, Lao, Khmer, Myanmar), where words are indexed
/// as overlapping character pairs; Korean, written with spaces but in long
/// compounds, is paired too.
#[inline]
pub fn is_unspaced(c: char) -> bool {
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
pub struct WordTokenizer;

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
pub struct WordStream<'a> {
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
