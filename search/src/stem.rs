//! Stemming: the Snowball algorithms of the `frostem` crate (the stemmers
//! tantivy itself uses), one per language.
//!
//! Native builds link every algorithm. The browser's engine links none: an
//! index carries the small module of its language ([`module`]: the same
//! `frostem` code built for that one language, `search/wasm/stem/`) in its
//! hot bundle, the worker script instantiates it beside the engine, and
//! the engine calls it through the import `env.hb_stem`. The engine then
//! carries no stemmer tables it does not need (the eighteen stemmers
//! tantivy bundles were a fifth of the module).

use std::borrow::Cow;

/// A language with a Snowball stemmer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Language {
    /// `ar`
    Arabic,
    /// `hy`
    Armenian,
    /// `eu`
    Basque,
    /// `ca`
    Catalan,
    /// `cs`
    Czech,
    /// `da`
    Danish,
    /// `nl`
    Dutch,
    /// `en`
    English,
    /// `eo`
    Esperanto,
    /// `et`
    Estonian,
    /// `fi`
    Finnish,
    /// `fr`
    French,
    /// `de`
    German,
    /// `el`
    Greek,
    /// `hi`
    Hindi,
    /// `hu`
    Hungarian,
    /// `id`
    Indonesian,
    /// `ga`
    Irish,
    /// `it`
    Italian,
    /// `lt`
    Lithuanian,
    /// `ne`
    Nepali,
    /// `no`, `nb`, `nn`
    Norwegian,
    /// `fa`
    Persian,
    /// `pl`
    Polish,
    /// `pt`
    Portuguese,
    /// `ro`
    Romanian,
    /// `ru`
    Russian,
    /// `sr`
    Serbian,
    /// `es`
    Spanish,
    /// `sv`
    Swedish,
    /// `ta`
    Tamil,
    /// `tr`
    Turkish,
    /// `yi`
    Yiddish,
}

impl Language {
    /// Every language, in the order of their ids.
    pub(crate) const ALL: [Language; 33] = [
        Language::Arabic,
        Language::Armenian,
        Language::Basque,
        Language::Catalan,
        Language::Czech,
        Language::Danish,
        Language::Dutch,
        Language::English,
        Language::Esperanto,
        Language::Estonian,
        Language::Finnish,
        Language::French,
        Language::German,
        Language::Greek,
        Language::Hindi,
        Language::Hungarian,
        Language::Indonesian,
        Language::Irish,
        Language::Italian,
        Language::Lithuanian,
        Language::Nepali,
        Language::Norwegian,
        Language::Persian,
        Language::Polish,
        Language::Portuguese,
        Language::Romanian,
        Language::Russian,
        Language::Serbian,
        Language::Spanish,
        Language::Swedish,
        Language::Tamil,
        Language::Turkish,
        Language::Yiddish,
    ];

    /// The stemming language of a BCP 47 tag (`en`, `pt-BR`), or `None`
    /// when there is no stemmer for it (words are then only lower-cased
    /// and folded).
    pub(crate) fn of_tag(tag: &str) -> Option<Language> {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Language::ALL
            .into_iter()
            .find(|l| l.codes().contains(&primary.as_str()))
    }

    /// The ISO 639-1 codes the language is written as.
    pub(crate) fn codes(self) -> &'static [&'static str] {
        match self {
            Language::Arabic => &["ar"],
            Language::Armenian => &["hy"],
            Language::Basque => &["eu"],
            Language::Catalan => &["ca"],
            Language::Czech => &["cs"],
            Language::Danish => &["da"],
            Language::Dutch => &["nl"],
            Language::English => &["en"],
            Language::Esperanto => &["eo"],
            Language::Estonian => &["et"],
            Language::Finnish => &["fi"],
            Language::French => &["fr"],
            Language::German => &["de"],
            Language::Greek => &["el"],
            Language::Hindi => &["hi"],
            Language::Hungarian => &["hu"],
            Language::Indonesian => &["id"],
            Language::Irish => &["ga"],
            Language::Italian => &["it"],
            Language::Lithuanian => &["lt"],
            Language::Nepali => &["ne"],
            Language::Norwegian => &["no", "nb", "nn"],
            Language::Persian => &["fa"],
            Language::Polish => &["pl"],
            Language::Portuguese => &["pt"],
            Language::Romanian => &["ro"],
            Language::Russian => &["ru"],
            Language::Serbian => &["sr"],
            Language::Spanish => &["es"],
            Language::Swedish => &["sv"],
            Language::Tamil => &["ta"],
            Language::Turkish => &["tr"],
            Language::Yiddish => &["yi"],
        }
    }

    /// Snowball's name of the algorithm (`english`), which is also the
    /// `frostem` feature and the name of the browser's stemmer module.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Language::Arabic => "arabic",
            Language::Armenian => "armenian",
            Language::Basque => "basque",
            Language::Catalan => "catalan",
            Language::Czech => "czech",
            Language::Danish => "danish",
            Language::Dutch => "dutch",
            Language::English => "english",
            Language::Esperanto => "esperanto",
            Language::Estonian => "estonian",
            Language::Finnish => "finnish",
            Language::French => "french",
            Language::German => "german",
            Language::Greek => "greek",
            Language::Hindi => "hindi",
            Language::Hungarian => "hungarian",
            Language::Indonesian => "indonesian",
            Language::Irish => "irish",
            Language::Italian => "italian",
            Language::Lithuanian => "lithuanian",
            Language::Nepali => "nepali",
            Language::Norwegian => "norwegian",
            Language::Persian => "persian",
            Language::Polish => "polish",
            Language::Portuguese => "portuguese",
            Language::Romanian => "romanian",
            Language::Russian => "russian",
            Language::Serbian => "serbian",
            Language::Spanish => "spanish",
            Language::Swedish => "swedish",
            Language::Tamil => "tamil",
            Language::Turkish => "turkish",
            Language::Yiddish => "yiddish",
        }
    }
}

/// Stems one (lower-cased) word.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn stem(language: Language, word: &str) -> Cow<'_, str> {
    let algorithm = match frostem::Algorithm::from_name(language.name()) {
        Ok(algorithm) => algorithm,
        // Every language above is a frostem feature this crate enables.
        Err(_) => return Cow::Borrowed(word),
    };
    frostem::Stemmer::new(algorithm).stem(word)
}

/// The browser's stemmer module for `language` (`search/wasm/stemmers/`,
/// built by `scripts/build-wasm.sh` from the same frostem code): an index
/// carries its language's module in its hot bundle.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn module(language: Language) -> &'static [u8] {
    match language {
        Language::Arabic => include_bytes!("../wasm/stemmers/arabic.wasm"),
        Language::Armenian => include_bytes!("../wasm/stemmers/armenian.wasm"),
        Language::Basque => include_bytes!("../wasm/stemmers/basque.wasm"),
        Language::Catalan => include_bytes!("../wasm/stemmers/catalan.wasm"),
        Language::Czech => include_bytes!("../wasm/stemmers/czech.wasm"),
        Language::Danish => include_bytes!("../wasm/stemmers/danish.wasm"),
        Language::Dutch => include_bytes!("../wasm/stemmers/dutch.wasm"),
        Language::English => include_bytes!("../wasm/stemmers/english.wasm"),
        Language::Esperanto => include_bytes!("../wasm/stemmers/esperanto.wasm"),
        Language::Estonian => include_bytes!("../wasm/stemmers/estonian.wasm"),
        Language::Finnish => include_bytes!("../wasm/stemmers/finnish.wasm"),
        Language::French => include_bytes!("../wasm/stemmers/french.wasm"),
        Language::German => include_bytes!("../wasm/stemmers/german.wasm"),
        Language::Greek => include_bytes!("../wasm/stemmers/greek.wasm"),
        Language::Hindi => include_bytes!("../wasm/stemmers/hindi.wasm"),
        Language::Hungarian => include_bytes!("../wasm/stemmers/hungarian.wasm"),
        Language::Indonesian => include_bytes!("../wasm/stemmers/indonesian.wasm"),
        Language::Irish => include_bytes!("../wasm/stemmers/irish.wasm"),
        Language::Italian => include_bytes!("../wasm/stemmers/italian.wasm"),
        Language::Lithuanian => include_bytes!("../wasm/stemmers/lithuanian.wasm"),
        Language::Nepali => include_bytes!("../wasm/stemmers/nepali.wasm"),
        Language::Norwegian => include_bytes!("../wasm/stemmers/norwegian.wasm"),
        Language::Persian => include_bytes!("../wasm/stemmers/persian.wasm"),
        Language::Polish => include_bytes!("../wasm/stemmers/polish.wasm"),
        Language::Portuguese => include_bytes!("../wasm/stemmers/portuguese.wasm"),
        Language::Romanian => include_bytes!("../wasm/stemmers/romanian.wasm"),
        Language::Russian => include_bytes!("../wasm/stemmers/russian.wasm"),
        Language::Serbian => include_bytes!("../wasm/stemmers/serbian.wasm"),
        Language::Spanish => include_bytes!("../wasm/stemmers/spanish.wasm"),
        Language::Swedish => include_bytes!("../wasm/stemmers/swedish.wasm"),
        Language::Tamil => include_bytes!("../wasm/stemmers/tamil.wasm"),
        Language::Turkish => include_bytes!("../wasm/stemmers/turkish.wasm"),
        Language::Yiddish => include_bytes!("../wasm/stemmers/yiddish.wasm"),
    }
}

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "env")]
extern "C" {
    /// Provided by the page's script from the language's stemmer module:
    /// stems the UTF-8 word at `ptr`/`len` into `out` (room for `cap`
    /// bytes) and returns the stem's length, or -1 when no stemmer module
    /// is loaded or the stem does not fit.
    fn hb_stem(ptr: *const u8, len: usize, out: *mut u8, cap: usize) -> isize;
}

/// Stems one (lower-cased) word with the stemmer module the host loaded
/// (the one the index carries, so for `language`); the word as it is when
/// the host has none (the engine refuses to search then, see
/// [`try_stem`]).
#[cfg(target_arch = "wasm32")]
pub(crate) fn stem(_language: Language, word: &str) -> Cow<'_, str> {
    try_stem(word).map_or(Cow::Borrowed(word), |stem| {
        if stem == word {
            Cow::Borrowed(word)
        } else {
            Cow::Owned(stem)
        }
    })
}

/// The stem of `word` from the host's stemmer module, `None` without one.
#[cfg(target_arch = "wasm32")]
pub(crate) fn try_stem(word: &str) -> Option<String> {
    let mut out = vec![0u8; word.len() * 2 + 16];
    // SAFETY: the host reads `len` bytes at `ptr` and writes at most `cap`
    // bytes at `out`, as the import's contract says.
    let n = unsafe { hb_stem(word.as_ptr(), word.len(), out.as_mut_ptr(), out.len()) };
    let n = usize::try_from(n).ok().filter(|&n| n <= out.len())?;
    out.truncate(n);
    String::from_utf8(out).ok()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn tags_name_languages() {
        assert_eq!(Language::of_tag("en"), Some(Language::English));
        assert_eq!(Language::of_tag("pt-BR"), Some(Language::Portuguese));
        assert_eq!(Language::of_tag("nb_NO"), Some(Language::Norwegian));
        assert_eq!(Language::of_tag("PL"), Some(Language::Polish));
        assert_eq!(Language::of_tag("ja"), None);
        assert_eq!(Language::of_tag(""), None);
    }

    #[test]
    fn every_language_has_its_browser_module() {
        for language in Language::ALL {
            assert!(module(language).starts_with(b"\0asm"), "{language:?}");
        }
    }

    #[test]
    fn every_language_has_its_stemmer() {
        for language in Language::ALL {
            assert!(
                frostem::Algorithm::from_name(language.name()).is_ok(),
                "{language:?}"
            );
        }
        assert_eq!(stem(Language::English, "passwords"), "password");
        assert_eq!(stem(Language::Spanish, "contraseñas"), "contraseñ");
        assert_eq!(stem(Language::Polish, "hasła"), "hasł");
    }
}
