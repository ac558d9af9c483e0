//! The index schema and the text analysis shared by indexing and querying.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer,
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
        builder = builder.filter_dynamic(Stemmer::new(lang));
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
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .dynamic()
}

/// Registers the analyzer on an index (at build time and when opened).
pub fn register(index: &tantivy::Index, tag: &str) {
    index.tokenizers().register(ANALYZER, analyzer(tag));
}
