//! The engine end to end on a small index: written, packed, read back page by
//! page.

use std::fs;
use std::path::Path;

use helpbook_search::card::{Card, Kind};
use helpbook_search::engine::Request;
use helpbook_search::local::LocalIndex;
use helpbook_search::pack::Category;
use helpbook_search::writer::{self, Document, Input, Packed};

fn doc(page: u32, kind: Kind, url: &str, title: &str, category: &str, body: &str) -> Document {
    Document {
        title: title.into(),
        card: Card {
            kind,
            page,
            url: url.into(),
            title: title.into(),
            page_title: title.into(),
            breadcrumb: category.into(),
            category: category.into(),
            text: body.into(),
            language: String::new(),
            sections: Vec::new(),
        },
        categories: vec![category.into()],
        headings: String::new(),
        description: String::new(),
        keywords: String::new(),
        body: body.into(),
    }
}

fn input(extra: usize) -> Input {
    let mut documents = vec![
        doc(
            0,
            Kind::Article,
            "account/reset-password/",
            "Reset your password",
            "account",
            "If you forgot your password, request a reset link by email or text.",
        ),
        doc(
            1,
            Kind::Article,
            "account/hacked/",
            "Recover a hacked account",
            "account",
            "Someone changed your email and password. Secure your account now.",
        ),
        doc(
            2,
            Kind::Article,
            "messages/unsend/",
            "Unsend a message",
            "messages",
            "You can unsend a message within ten minutes. Disappearing messages vanish.",
        ),
        doc(
            3,
            Kind::Article,
            "safety/<img>/",
            "<img src=x onerror=alert(1)>",
            "safety",
            "A title that looks like markup <script>alert(1)</script> must stay text.",
        ),
    ];
    for i in 0..extra {
        documents.push(doc(
            4 + i as u32,
            Kind::Article,
            &format!("filler/{i}/"),
            &format!("Filler article number {i}"),
            "filler",
            &format!(
                "lorem ipsum dolor word{i} sit amet {} consectetur",
                "padding ".repeat(40)
            ),
        ));
    }
    Input {
        language: "en".into(),
        no_builtin_synonyms: false,
        categories: vec![Category {
            key: "account".into(),
            name: "Account".into(),
        }],
        documents,
        page_size: Some(1024),
        threads: None,
    }
}

fn write(packed: &Packed, dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join("hot.bin"), &packed.hot).unwrap();
    for (i, page) in packed.pages.iter().enumerate() {
        fs::write(dir.join(format!("{i}.bin")), page).unwrap();
    }
}

fn urls(index: &LocalIndex, text: &str) -> Vec<String> {
    let request = Request {
        text: text.into(),
        category: None,
        limit: 10,
    };
    let (results, _) = index.search(&request).unwrap();
    results.hits.into_iter().map(|h| h.url).collect()
}

#[test]
fn finds_with_typos_prefixes_and_phrases_from_pages() {
    let packed = writer::build(&input(400)).unwrap();
    assert!(
        !packed.stats.inline,
        "400 filler articles should not be inlined"
    );
    let dir = tempfile::tempdir().unwrap();
    write(&packed, dir.path());
    let index = LocalIndex::open(dir.path()).unwrap();
    assert_eq!(urls(&index, "forgot pasword")[0], "account/reset-password/");
    assert_eq!(urls(&index, "hacked acount")[0], "account/hacked/");
    assert_eq!(urls(&index, "unse")[0], "messages/unsend/");
    assert_eq!(
        urls(&index, "\"disappearing messages\"")[0],
        "messages/unsend/"
    );
    assert!(urls(&index, "\"messages disappearing\"").is_empty());
    // AND finds nothing, so any word counts.
    assert_eq!(urls(&index, "password zebra")[0], "account/reset-password/");
    let request = Request {
        text: "password".into(),
        category: Some("messages".into()),
        limit: 10,
    };
    assert!(index.search(&request).unwrap().0.hits.is_empty());
}

#[test]
fn a_query_loads_pages_in_few_rounds() {
    let packed = writer::build(&input(400)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(&packed, dir.path());
    let index = LocalIndex::open(dir.path()).unwrap();
    let request = Request {
        text: "forgot pasword".into(),
        category: None,
        limit: 10,
    };
    let (_, trace) = index.search(&request).unwrap();
    assert!(trace.rounds.len() <= 3, "rounds: {:?}", trace.rounds);
    let total: usize = packed.pages.len();
    let loaded: usize = trace.rounds.iter().map(Vec::len).sum();
    assert!(loaded < total, "loaded {loaded} of {total} pages");
}

/// A word the hot bundle lists as common reads only its own dictionary
/// blocks, not its typo neighbours' (which a word the index may not know
/// needs): fewer pages, in no more rounds, and the same results as without
/// the list.
#[test]
fn common_words_skip_their_typo_neighbours_blocks() {
    let mut input = input(0);
    for i in 0..3000 {
        input.documents.push(doc(
            4 + i,
            Kind::Article,
            &format!("filler/{i}/"),
            &format!("Filler {i}"),
            "filler",
            &format!("a word about word{i} and words{i}x"),
        ));
    }
    let packed = writer::build(&input).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let with_list = tmp.path().join("with");
    write(&packed, &with_list);
    let mut hot =
        helpbook_search::pack::HotBundle::decode(&writer::gunzip(&packed.hot).unwrap()).unwrap();
    assert!(hot.manifest.common_words.contains("word"));
    assert!(!hot.manifest.common_words.contains("word17"));
    hot.manifest.common_words = Default::default();
    let without_list = tmp.path().join("without");
    write(
        &Packed {
            hot: writer::gzip(&hot.encode()),
            hot_br: None,
            pages: packed.pages.clone(),
            stats: packed.stats.clone(),
        },
        &without_list,
    );
    let mut fewer = 0;
    for text in ["word ", "word", "filler word ", "wor", "wrod "] {
        let request = Request {
            text: text.into(),
            category: None,
            limit: 10,
        };
        // Each query on a new reader: pages read by one stay for the next.
        let (a, trace_a) = LocalIndex::open(&with_list)
            .unwrap()
            .search(&request)
            .unwrap();
        let (b, trace_b) = LocalIndex::open(&without_list)
            .unwrap()
            .search(&request)
            .unwrap();
        assert_eq!(a.to_json(), b.to_json(), "{text:?}");
        let pages = |trace: &helpbook_search::local::Trace| -> Vec<u32> {
            let mut all: Vec<u32> = trace.rounds.concat();
            all.sort_unstable();
            all
        };
        let (pages_a, pages_b) = (pages(&trace_a), pages(&trace_b));
        assert!(
            pages_a.iter().all(|p| pages_b.contains(p))
                && trace_a.rounds.len() <= trace_b.rounds.len(),
            "{text:?}: {:?} against {:?}",
            trace_a.rounds,
            trace_b.rounds
        );
        fewer += usize::from(pages_a.len() < pages_b.len());
        if text == "wrod " {
            // Not a common word: its typo neighbours are read as before.
            assert_eq!(pages_a, pages_b);
        }
    }
    assert!(
        fewer >= 2,
        "common words read fewer pages in {fewer} queries"
    );
}

/// What `Engine::prefetch` names is what the search's first round reads:
/// fetched while the reader types, the search then needs one round fewer,
/// with the same results; a word of fewer than three letters being typed
/// prefetches nothing.
#[test]
fn prefetched_pages_save_the_first_round() {
    let packed = writer::build(&input(400)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(&packed, dir.path());
    for text in ["forgot pasword", "hacked acount", "unse", "password"] {
        let request = Request {
            text: text.into(),
            category: None,
            limit: 10,
        };
        let cold = LocalIndex::open(dir.path()).unwrap();
        let (expected, cold_trace) = cold.search(&request).unwrap();
        let warm = LocalIndex::open(dir.path()).unwrap();
        let pages = warm.engine().prefetch(&request).unwrap();
        assert_eq!(pages, cold_trace.rounds[0], "{text:?}");
        warm.load(&pages).unwrap();
        assert!(warm.engine().prefetch(&request).unwrap().is_empty());
        let (found, trace) = warm.search(&request).unwrap();
        assert_eq!(found.to_json(), expected.to_json(), "{text:?}");
        assert_eq!(trace.rounds, cold_trace.rounds[1..], "{text:?}");
    }
    let short = Request {
        text: "forgot pa".into(),
        category: None,
        limit: 10,
    };
    let index = LocalIndex::open(dir.path()).unwrap();
    assert!(index.engine().prefetch(&short).unwrap().is_empty());
    assert!(!index.search(&short).unwrap().1.rounds.is_empty());
}

#[test]
fn hostile_queries_are_searched_not_errors() {
    let packed = writer::build(&input(0)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(&packed, dir.path());
    let index = LocalIndex::open(dir.path()).unwrap();
    for text in [
        "\"",
        ":",
        "(((",
        "title:",
        "a\"b\"c\"",
        "🔒",
        "كلمة المرور",
        "*?~^",
        "",
    ] {
        let request = Request {
            text: text.into(),
            category: None,
            limit: 10,
        };
        index.search(&request).unwrap();
    }
    let long = "password ".repeat(2000);
    assert_eq!(urls(&index, &long[..10_000])[0], "account/reset-password/");
}

#[test]
fn markup_in_titles_and_text_is_escaped() {
    let packed = writer::build(&input(0)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(&packed, dir.path());
    let index = LocalIndex::open(dir.path()).unwrap();
    let request = Request {
        text: "markup".into(),
        category: None,
        limit: 10,
    };
    let (results, _) = index.search(&request).unwrap();
    let hit = &results.hits[0];
    assert_eq!(hit.title, "<img src=x onerror=alert(1)>");
    assert!(
        !hit.title_html.contains('<') || !hit.title_html.contains("<img"),
        "{}",
        hit.title_html
    );
    assert!(
        hit.excerpt_html.contains("&lt;script&gt;"),
        "{}",
        hit.excerpt_html
    );
    assert!(
        hit.excerpt_html.contains("<mark>markup</mark>"),
        "{}",
        hit.excerpt_html
    );
    assert!(!results.to_json().contains("<img"));
    // The whole title comes back, matched words marked.
    let request = Request {
        text: "onerror".into(),
        category: None,
        limit: 10,
    };
    let (results, _) = index.search(&request).unwrap();
    assert_eq!(
        results.hits[0].title_html,
        "&lt;img src=x <mark>onerror</mark>=alert(1)&gt;"
    );
    let request = Request {
        text: "hacked".into(),
        category: None,
        limit: 10,
    };
    let (results, _) = index.search(&request).unwrap();
    assert_eq!(
        results.hits[0].title_html,
        "Recover a <mark>hacked</mark> account"
    );
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let a = writer::build(&input(400)).unwrap();
    let b = writer::build(&input(400)).unwrap();
    assert_eq!(a.hot, b.hot);
    assert_eq!(a.pages, b.pages);
}

/// Indexing in parallel parts merged in order gives the same index as one
/// thread: every query returns the same results (and doc ids stay in input
/// order, which the writer checks itself).
#[test]
fn parallel_indexing_matches_one_thread() {
    let tmp = tempfile::tempdir().unwrap();
    let mut results = Vec::new();
    for threads in [1, 3] {
        let mut input = input(200);
        input.threads = Some(threads);
        let packed = writer::build(&input).unwrap();
        let dir = tmp.path().join(format!("t{threads}"));
        write(&packed, &dir);
        let index = LocalIndex::open(&dir).unwrap();
        let mut out = Vec::new();
        for query in [
            "password",
            "word17",
            "filler article 150",
            "lorem",
            "two-factor",
        ] {
            let request = Request {
                text: query.into(),
                category: None,
                limit: 10,
            };
            let (found, _) = index.search(&request).unwrap();
            out.push(found.to_json());
        }
        results.push(out);
    }
    assert_eq!(results[0], results[1]);
}

/// Cards and the merged index kept in files while building (what `build`
/// does, so a large site's index does not wait in memory) give the same
/// bytes as keeping them in memory, and the files are deleted afterwards.
#[test]
fn building_through_a_scratch_folder_gives_the_same_index() {
    let mut input = input(300);
    input.threads = Some(3); // parts, so there is a merge to do
    let in_memory = writer::build(&input).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let options = writer::Options {
        scratch: Some(scratch.path().to_path_buf()),
        brotli_copy: true,
        ..input.options()
    };
    let pages = std::sync::Mutex::new(Vec::new());
    let packed = writer::build_from(
        &options,
        &writer::Runs::of(&input.documents),
        &|number, page| {
            pages.lock().unwrap().push((number, page));
            Ok(())
        },
    )
    .unwrap();
    let mut pages = pages.into_inner().unwrap();
    pages.sort();
    let pages: Vec<Vec<u8>> = pages.into_iter().map(|(_, page)| page).collect();
    assert!(!in_memory.pages.is_empty());
    assert_eq!(packed.hot, in_memory.hot);
    // The brotli copy, asked for here only, holds the same bundle.
    assert!(in_memory.hot_br.is_none());
    let mut unpacked = Vec::new();
    brotli_decompressor::BrotliDecompress(&mut &packed.hot_br.unwrap()[..], &mut unpacked).unwrap();
    assert_eq!(unpacked, writer::gunzip(&packed.hot).unwrap());
    assert_eq!(pages, in_memory.pages);
    assert_eq!(packed.stats.card_bytes, in_memory.stats.card_bytes);
    let left: Vec<_> = fs::read_dir(scratch.path()).unwrap().collect();
    assert!(left.is_empty(), "scratch files left behind: {left:?}");
}

/// An index of `docs` (url, title, body) in `language`.
fn language_index(language: &str, docs: &[(&str, &str, &str)]) -> (tempfile::TempDir, LocalIndex) {
    index_of(language, docs, false)
}

/// [`language_index`], with or without the built-in synonyms.
fn index_of(
    language: &str,
    docs: &[(&str, &str, &str)],
    no_builtin_synonyms: bool,
) -> (tempfile::TempDir, LocalIndex) {
    let documents = docs
        .iter()
        .enumerate()
        .map(|(i, (url, title, body))| doc(i as u32, Kind::Article, url, title, "cuenta", body))
        .collect();
    let input = Input {
        language: language.into(),
        no_builtin_synonyms,
        categories: Vec::new(),
        documents,
        page_size: Some(1024),
        threads: None,
    };
    let packed = writer::build(&input).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(&packed, dir.path());
    let index = LocalIndex::open(dir.path()).unwrap();
    (dir, index)
}

#[test]
fn spanish_is_stemmed_in_spanish() {
    let (_dir, index) = language_index(
        "es",
        &[
            (
                "cuenta/restablecer/",
                "Restablecer la contraseña",
                "Si olvidaste la contraseña, pide un enlace para restablecerla.",
            ),
            (
                "mensajes/anular/",
                "Anular el envío de un mensaje",
                "Puedes anular el envío de los mensajes durante diez minutos.",
            ),
        ],
    );
    assert_eq!(urls(&index, "contraseñas")[0], "cuenta/restablecer/");
    assert_eq!(
        urls(&index, "contrasenas")[0],
        "cuenta/restablecer/",
        "accents are optional"
    );
    assert_eq!(urls(&index, "mensaje")[0], "mensajes/anular/");
    // Spanish stop words do not have to match.
    assert_eq!(urls(&index, "la contraseña de")[0], "cuenta/restablecer/");
}

#[test]
fn chinese_japanese_and_arabic_are_found() {
    let (_dir, index) = language_index(
        "zh",
        &[
            (
                "zh/reset/",
                "重置密码",
                "如果你忘记了密码，可以通过电子邮件重置。",
            ),
            ("zh/unsend/", "撤回消息", "你可以在十分钟内撤回一条消息。"),
        ],
    );
    assert_eq!(urls(&index, "忘记密码")[0], "zh/reset/");
    assert_eq!(urls(&index, "撤回")[0], "zh/unsend/");
    assert!(urls(&index, "订阅").is_empty());

    let (_dir, index) = language_index(
        "ja",
        &[
            (
                "ja/reset/",
                "パスワードを再設定する",
                "パスワードを忘れた場合は、メールで再設定できます。",
            ),
            (
                "ja/unsend/",
                "メッセージの送信を取り消す",
                "送信したメッセージは10分以内なら取り消せます。",
            ),
        ],
    );
    assert_eq!(urls(&index, "パスワード")[0], "ja/reset/");
    assert_eq!(urls(&index, "送信 取り消し")[0], "ja/unsend/");

    let (_dir, index) = language_index(
        "ar",
        &[
            (
                "ar/reset/",
                "إعادة تعيين كلمة المرور",
                "إذا نسيت كلمة المرور، اطلب رابط إعادة التعيين.",
            ),
            (
                "ar/unsend/",
                "إلغاء إرسال رسالة",
                "يمكنك إلغاء إرسال الرسائل خلال عشر دقائق.",
            ),
        ],
    );
    assert_eq!(urls(&index, "كلمة المرور")[0], "ar/reset/");
    assert_eq!(urls(&index, "الرسائل")[0], "ar/unsend/");
}

/// Cards four to a page, found by doc id alone: pages whose cards are too
/// long have their texts shortened, and every result still shows its own
/// URL and title.
#[test]
fn long_cards_are_shortened_to_fit_their_page_and_keep_their_links() {
    let mut input = input(0);
    for i in 0..40u32 {
        let mut d = doc(
            10 + i,
            Kind::Article,
            &format!("long/{i}/"),
            &format!("Long card {i} about quokkas"),
            "long",
            &format!("quokka{i} {}", "a long sentence about quokkas ".repeat(40)),
        );
        d.card.text = d.body.as_str().to_owned();
        d.card.breadcrumb = format!("Long › {}", "crumb ".repeat(30));
        input.documents.push(d);
    }
    let packed = writer::build(&input).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(&packed, dir.path());
    let index = LocalIndex::open(dir.path()).unwrap();
    for i in [0u32, 7, 21, 39] {
        let request = Request {
            text: format!("quokka{i}"),
            category: None,
            limit: 3,
        };
        let (results, _) = index.search(&request).unwrap();
        let hit = &results.hits[0];
        assert_eq!(hit.url, format!("long/{i}/"));
        assert_eq!(hit.title, format!("Long card {i} about quokkas"));
        assert!(hit.excerpt_html.contains("quokka"), "{}", hit.excerpt_html);
    }
}

/// Positions pages are stored as they are (gzip hardly shrinks them), the
/// rest gzipped; quoted phrases, which read positions, still match.
#[test]
fn positions_pages_are_stored_raw_and_phrases_still_match() {
    let packed = writer::build(&input(400)).unwrap();
    let gzipped = |page: &Vec<u8>| page.starts_with(&[0x1f, 0x8b]);
    let raw = packed.pages.iter().filter(|p| !gzipped(p)).count();
    assert!(raw > 0, "some pages are positions");
    assert!(
        raw < packed.pages.len() / 2,
        "{raw} of {}",
        packed.pages.len()
    );
    let dir = tempfile::tempdir().unwrap();
    write(&packed, dir.path());
    let index = LocalIndex::open(dir.path()).unwrap();
    assert_eq!(urls(&index, "\"unsend a message\"")[0], "messages/unsend/");
    assert!(urls(&index, "\"message unsend\"").is_empty());
}

const VOCABULARY_DOCS: &[(&str, &str, &str)] = &[
    (
        "sign-in/",
        "Can't sign in to your account",
        "Check your username and request a new code.",
    ),
    (
        "two-factor/",
        "Turn on two-factor authentication",
        "Two-factor authentication asks for a code from your phone.",
    ),
    (
        "dm/",
        "Send a DM",
        "A DM is seen only by the people in the conversation.",
    ),
    (
        "junk/",
        "Emails go to the junk folder",
        "Move wanted emails out of the junk folder and mark the sender as safe.",
    ),
    (
        "unsend/",
        "Unsend a message",
        "You can unsend a message within ten minutes.",
    ),
    (
        "trouble/",
        "Trouble with your profile",
        "If you have a problem or an issue with your profile photo, read on.",
    ),
];

fn first(index: &LocalIndex, text: &str) -> String {
    urls(index, text).into_iter().next().unwrap_or_default()
}

#[test]
fn synonyms_find_each_other_as_words_and_phrases() {
    let (_dir, index) = language_index("en", VOCABULARY_DOCS);
    // A one-word synonym of a typed word ("log in" → "sign in").
    assert_eq!(first(&index, "log in"), "sign-in/");
    // A phrase typed as a group names it ("direct message" → "dm").
    assert_eq!(first(&index, "direct message"), "dm/");
    // A word whose synonym is a phrase ("2fa" → "two-factor").
    assert_eq!(first(&index, "2fa"), "two-factor/");
    assert_eq!(first(&index, "spam"), "junk/");
    // Typos of the typed word still count.
    assert_eq!(first(&index, "emails in spam foldr"), "junk/");
}

#[test]
fn filler_words_are_not_required() {
    let (_dir, index) = language_index("en", VOCABULARY_DOCS);
    let request = Request {
        text: "unsend message problem".into(),
        category: None,
        limit: 10,
    };
    let (results, _) = index.search(&request).unwrap();
    assert_eq!(results.hits[0].url, "unsend/");
    // Found with every needed word: not the "some of your words" fallback.
    assert_eq!(results.mode, helpbook_search::engine::Mode::All);
    // A query of filler words only still finds what has them.
    assert_eq!(first(&index, "problem issue"), "trouble/");
}

#[test]
fn the_built_in_vocabulary_can_be_turned_off() {
    let (_dir, index) = index_of("en", VOCABULARY_DOCS, true);
    assert!(urls(&index, "spam").is_empty());
    assert_eq!(first(&index, "junk"), "junk/");
}
