//! Multilingual help centers through the CLI, on `tests/fixtures/languages`
//! (English with Spanish, Arabic and Japanese translations) and the broken
//! `tests/fixtures/broken/translation-*` trees: URLs, `lang`/`dir`,
//! hreflang, the language switcher's targets, links that fall back to the
//! original, missing and outdated translations, translated trees that must
//! keep the original's shape, book.toml mistakes, and search per language.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{build_to, check_json, copy_tree, diagnostics, fixture_path, run};
use serde_json::Value;

/// The fixture, built once for every test that only reads the site.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, dest) = SITE.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("site");
        let run = build_to(&fixture_path("languages"), &dest);
        assert_eq!(run.code, Some(0), "the fixture builds\n{run:#?}");
        (tmp, dest)
    });
    dest
}

fn page(path: &str) -> String {
    let file = site().join(path);
    fs::read_to_string(&file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()))
}

/// `(hreflang, href)` of every `<link rel="alternate">`.
fn hreflangs(html: &str) -> Vec<(String, String)> {
    html.split("<link rel=\"alternate\" hreflang=\"")
        .skip(1)
        .map(|rest| {
            let (code, rest) = rest.split_once('"').unwrap();
            let href = rest
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            (code.to_string(), href.to_string())
        })
        .collect()
}

/// `(lang, href)` of every link in the language switcher.
fn switcher(html: &str) -> Vec<(String, String)> {
    let start = html
        .find("<details class=\"language-switcher\"")
        .unwrap_or_else(|| panic!("no language switcher in\n{html}"));
    let block = &html[start..];
    let block = &block[..block.find("</details>").unwrap()];
    block
        .split("<a href=\"")
        .skip(1)
        .map(|rest| {
            let (href, rest) = rest.split_once('"').unwrap();
            let lang = rest
                .split("lang=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            (lang.to_string(), href.to_string())
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn translations_live_under_their_language() {
    for path in [
        "index.html",
        "account/reset-password/index.html",
        "es/index.html",
        "es/account/index.html",
        "es/account/reset-password/index.html",
        "es/account/recover/index.html",
        "es/account/recover/locked-out/index.html",
        "es/contact/index.html",
        "es/search/index.html",
        "ar/account/reset-password/index.html",
        "ja/account/reset-password/index.html",
    ] {
        assert!(site().join(path).is_file(), "{path} is built");
    }
    // Only translated articles exist in a language; one 404 page and one
    // copy of the theme's files for the whole site.
    assert!(!site().join("es/account/hacked").exists());
    assert!(!site().join("ar/account/recover").exists());
    assert!(!site().join("es/404.html").exists());
    assert!(!site().join("es/static").exists());
    let es = page("es/account/reset-password/index.html");
    assert!(es.contains("href=\"/static/helpbook.css?v="), "shared CSS");
    assert!(
        es.contains("<h1>Restablecer una contraseña olvidada</h1>"),
        "{es}"
    );
    assert!(
        es.contains("El enlace funciona durante 1 hora."),
        "the language's [extra] value"
    );
}

#[test]
fn pages_say_their_language_and_direction() {
    assert!(page("index.html").contains("<html lang=\"en\" dir=\"ltr\""));
    assert!(page("es/account/reset-password/index.html").contains("<html lang=\"es\" dir=\"ltr\""));
    assert!(page("ar/account/reset-password/index.html").contains("<html lang=\"ar\" dir=\"rtl\""));
    assert!(page("ja/account/reset-password/index.html").contains("<html lang=\"ja\" dir=\"ltr\""));
}

#[test]
fn hreflang_lists_the_translations_that_exist() {
    let expected = pairs(&[
        ("en", "/account/reset-password/"),
        ("x-default", "/account/reset-password/"),
        ("es", "/es/account/reset-password/"),
        ("ar", "/ar/account/reset-password/"),
        ("ja", "/ja/account/reset-password/"),
    ]);
    assert_eq!(
        hreflangs(&page("account/reset-password/index.html")),
        expected
    );
    assert_eq!(
        hreflangs(&page("es/account/reset-password/index.html")),
        expected
    );
    // Not translated: only the original and the one translation.
    assert_eq!(
        hreflangs(&page("account/recover/locked-out/index.html")),
        pairs(&[
            ("en", "/account/recover/locked-out/"),
            ("x-default", "/account/recover/locked-out/"),
            ("es", "/es/account/recover/locked-out/"),
        ])
    );
}

#[test]
fn the_switcher_goes_to_the_same_page_or_the_languages_home() {
    assert_eq!(
        switcher(&page("account/reset-password/index.html")),
        pairs(&[
            ("en", "/account/reset-password/"),
            ("es", "/es/account/reset-password/"),
            ("ar", "/ar/account/reset-password/"),
            ("ja", "/ja/account/reset-password/"),
        ])
    );
    // hacked.md has no translation: never a 404, the language's home.
    assert_eq!(
        switcher(&page("account/hacked/index.html")),
        pairs(&[
            ("en", "/account/hacked/"),
            ("es", "/es/"),
            ("ar", "/ar/"),
            ("ja", "/ja/"),
        ])
    );
    // A wizard's step in Spanish goes to the same step in English.
    let step = page("es/account/recover/locked-out/index.html");
    assert!(switcher(&step).contains(&("en".into(), "/account/recover/locked-out/".into())));
    assert!(step.contains("aria-current=\"true\">Español"), "{step}");
    // The names come from [language.ja] name, or the built-in list.
    assert!(page("index.html").contains(">日本語 (Japanese)"));
    assert!(page("index.html").contains(">العربية"));
    // Every target exists.
    for (_, href) in switcher(&page("account/hacked/index.html"))
        .into_iter()
        .chain(switcher(&page("es/account/recover/locked-out/index.html")))
    {
        let file = site().join(href.trim_start_matches('/')).join("index.html");
        assert!(file.is_file(), "{href} exists");
    }
}

#[test]
fn links_to_untranslated_articles_go_to_the_original() {
    let es = page("es/account/reset-password/index.html");
    assert!(
        es.contains("href=\"/account/hacked/\""),
        "fallback to English: {es}"
    );
    let wizard = page("es/account/recover/locked-out/index.html");
    assert!(
        wizard.contains("href=\"/es/account/reset-password/\""),
        "a translated article stays in Spanish: {wizard}"
    );
    assert!(wizard.contains("href=\"/es/account/recover/contact/\""));
}

#[test]
fn an_outdated_translation_says_so() {
    let es = page("es/account/reset-password/index.html");
    assert!(es.contains("class=\"notice notice-outdated\""), "{es}");
    assert!(
        es.contains("href=\"/account/reset-password/\""),
        "links the original"
    );
    assert!(!page("ar/account/reset-password/index.html").contains("notice-outdated"));
    assert!(!page("account/reset-password/index.html").contains("notice-outdated"));
}

#[test]
fn theme_strings_follow_the_language() {
    let es = page("es/account/reset-password/index.html");
    let en = page("account/reset-password/index.html");
    let strings = |code: &str| -> toml::Table {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("themes/default/strings/{code}.toml"));
        fs::read_to_string(path).unwrap().parse().unwrap()
    };
    let (en_strings, es_strings) = (strings("en"), strings("es"));
    let skip = es_strings["skip_to_content"].as_str().unwrap();
    assert!(es.contains(skip), "Spanish skip link `{skip}`");
    assert!(en.contains(en_strings["skip_to_content"].as_str().unwrap()));
    assert_ne!(skip, en_strings["skip_to_content"].as_str().unwrap());
    // Japanese has no strings file: English.
    let ja = page("ja/account/reset-password/index.html");
    assert!(ja.contains(en_strings["skip_to_content"].as_str().unwrap()));
}

#[test]
fn check_lists_missing_and_outdated_translations() {
    let run = check_json(&fixture_path("languages"));
    assert_eq!(run.code, Some(0), "warnings only\n{run:#?}");
    let report = run.json();
    let messages: Vec<String> = diagnostics(&report)
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["message"].as_str().unwrap(),
                d["help"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(messages[0].starts_with("1 of 3 articles has no translation into `es` (Español)"));
    assert!(messages[0].contains("missing: account/hacked.es.md"));
    assert!(messages[1].contains("into `ar`") && messages[1].contains("account/recover.ar.md"));
    assert!(messages[2].contains("into `ja` (日本語 (Japanese))"));
    let outdated = &diagnostics(&report)[3];
    assert_eq!(outdated["file"], "content/account/reset-password.es.md");
    assert_eq!(outdated["severity"], "warning");
    assert!(outdated["message"]
        .as_str()
        .unwrap()
        .contains("updated on 2026-11-01, the translation on 2026-10-01"));
}

/// A broken translated tree: its one error.
struct Case {
    case: &'static str,
    line: u64,
    message: &'static str,
    help: &'static str,
}

#[test]
fn a_translated_tree_keeps_the_originals_shape() {
    const TREE: &str = "content/help/tree.es.md";
    for case in [
        Case {
            case: "translation-added-step",
            line: 20,
            message: "step `extra` is not in the original (content/help/tree.md)",
            help: "add the step to the original first",
        },
        Case {
            case: "translation-dropped-step",
            line: 1,
            message: "step `call` of the original is missing from this translation",
            help: "translate the step \"Call us\" (content/help/tree.md) as a heading with {#call}",
        },
        Case {
            case: "translation-retargeted-choice",
            line: 9,
            message: "answer 2 of step `start` goes to `#fixed`, but in the original to `#call`",
            help: "(\"No\" → #call)",
        },
        Case {
            case: "translation-extra-choice",
            line: 11,
            message: "step `start` has 4 answers here but 3 answers in the original",
            help: "remove the extra answer",
        },
    ] {
        let root = fixture_path(&format!("broken/{}", case.case));
        let run = check_json(&root);
        assert_eq!(run.code, Some(1), "{}: an error\n{run:#?}", case.case);
        let report = run.json();
        let found = diagnostics(&report)
            .iter()
            .find(|d| d["message"] == case.message);
        let Some(d) = found else {
            panic!("{}: no `{}` in {report:#}", case.case, case.message);
        };
        assert_eq!(d["severity"], "error", "{}", case.case);
        assert_eq!(d["file"], TREE, "{}", case.case);
        assert_eq!(d["line"], case.line, "{}", case.case);
        assert!(
            d["help"].as_str().unwrap_or("").contains(case.help),
            "{}: help {}",
            case.case,
            d["help"]
        );
        // Nothing is built from a broken translation.
        let out = tempfile::tempdir().unwrap();
        assert_eq!(build_to(&root, &out.path().join("site")).code, Some(1));
        assert!(!out.path().join("site").exists());
    }
}

/// The fixture copied, with `book.toml` and files changed.
fn variant(book: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("help");
    copy_tree(&fixture_path("languages"), &root);
    let config = fs::read_to_string(root.join("book.toml")).unwrap();
    fs::write(root.join("book.toml"), format!("{config}\n{book}")).unwrap();
    for (path, text) in files {
        fs::write(root.join(path), text).unwrap();
    }
    (tmp, root)
}

fn find<'a>(report: &'a Value, needle: &str) -> &'a Value {
    diagnostics(report)
        .iter()
        .find(|d| d["message"].as_str().unwrap_or("").contains(needle))
        .unwrap_or_else(|| panic!("no diagnostic with `{needle}` in {report:#}"))
}

#[test]
fn book_toml_language_mistakes_are_errors_with_their_place() {
    let (_tmp, root) = variant(
        "[language.en]\ntitle = \"Again\"\n\n[language.Spanish]\ntitle = \"x\"\n\n[language.fr]\ntitel = \"Aide\"\n\n[language.fr.extra]\nreset-link-validty = \"1 heure\"\n",
        &[],
    );
    let report = check_json(&root).json();
    let own = find(&report, "[language.en] is the help center's own language");
    assert_eq!(own["file"], "book.toml");
    assert!(own["line"].as_u64().unwrap() > 1);
    find(&report, "`Spanish` in [language] is not a language tag");
    let typo = find(&report, "unknown key `titel` in [language.fr]");
    assert!(typo["help"].as_str().unwrap().contains("title"));
    let value = find(
        &report,
        "`reset-link-validty` in [language.fr.extra] is not in [extra]",
    );
    assert!(value["help"]
        .as_str()
        .unwrap()
        .contains("reset-link-validity"));
}

#[test]
fn a_translation_into_an_undeclared_language_is_pointed_out() {
    let (_tmp, root) = variant(
        "",
        &[(
            "content/account/hacked.fr.md",
            "+++\ntitle = \"Compte piraté\"\n+++\n\nTexte.\n",
        )],
    );
    let report = check_json(&root).json();
    let d = find(&report, "hacked.fr.md looks like a translation into `fr`");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "content/account/hacked.fr.md");
    assert!(d["help"]
        .as_str()
        .unwrap()
        .contains("add [language.fr] to book.toml"));
}

/// `helpbook search` on the fixture in `language`: the result URLs.
fn search(language: Option<&str>, query: &str) -> Vec<String> {
    let root = fixture_path("languages");
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "search".as_ref(),
        "--json".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--site".as_ref(),
        site().as_os_str(),
    ];
    if let Some(code) = language {
        args.push("--language".as_ref());
        args.push(code.as_ref());
    }
    args.push(query.as_ref());
    let run = run(&args);
    assert_eq!(run.code, Some(0), "{run:#?}");
    run.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_language_searches_its_own_index_with_its_own_stemmer() {
    let es = search(Some("es"), "contraseñas");
    assert_eq!(es[0], "/es/account/reset-password/", "{es:?}");
    assert!(es.iter().all(|u| u.starts_with("/es/")), "{es:?}");
    // English words are not in the Spanish index.
    assert!(search(Some("es"), "forgotten").is_empty());
    let en = search(None, "passwords");
    assert_eq!(en[0], "/account/reset-password/", "{en:?}");
    let ja = search(Some("ja"), "パスワード");
    assert_eq!(ja[0], "/ja/account/reset-password/", "{ja:?}");
    let ar = search(Some("ar"), "كلمة المرور");
    assert_eq!(ar[0], "/ar/account/reset-password/", "{ar:?}");
    let unknown = run(&[
        "search".as_ref(),
        "--site".as_ref(),
        site().as_os_str(),
        "--language".as_ref(),
        "fr".as_ref(),
        "x".as_ref(),
    ]);
    assert_eq!(unknown.code, Some(2));
    assert!(
        unknown.stderr.contains("its translations are: ar, es, ja"),
        "{unknown:#?}"
    );
}

#[test]
fn labels_in_book_toml_word_the_theme_for_one_language() {
    let (tmp, root) = variant(
        "[language.es.labels]\nskip_to_content = \"Ir al artículo\"\nskip_to_contnet = \"typo\"\n",
        &[],
    );
    let report = check_json(&root).json();
    let typo = find(
        &report,
        "`skip_to_contnet` in [language.es.labels] is not a string of the theme",
    );
    assert_eq!(typo["severity"], "warning");
    assert_eq!(typo["file"], "book.toml");
    assert!(typo["help"].as_str().unwrap().contains("skip_to_content"));
    let dest = tmp.path().join("site");
    assert_eq!(build_to(&root, &dest).code, Some(0));
    let es = fs::read_to_string(dest.join("es/account/reset-password/index.html")).unwrap();
    assert!(es.contains("Ir al artículo"), "the label is used");
    let en = fs::read_to_string(dest.join("account/reset-password/index.html")).unwrap();
    assert!(!en.contains("Ir al artículo"), "only in Spanish");
}

#[test]
fn support_channels_are_shown_in_the_pages_language() {
    let es = page("es/contact/index.html");
    assert!(es.contains("Nuestro equipo te ayuda."), "{es}");
    assert!(es.contains(">Correo<"), "{es}");
    assert!(es.contains("en un día"), "{es}");
    assert!(
        es.contains("href=\"mailto:help@example.com\""),
        "the original's address"
    );
    // The wizard's escalate step finds the channel by its original name: its
    // request goes there, named in Spanish.
    let step = page("es/account/recover/contact/index.html");
    assert!(step.contains("for=\"request-text\">"), "{step}");
    let label = &step[step.find("for=\"request-text\">").unwrap()..];
    assert!(
        label[..label.find("</label>").unwrap()].contains("Correo"),
        "{step}"
    );
    let en = page("contact/index.html");
    assert!(en.contains(">Email<") && !en.contains("Correo"));
    // Arabic has no [language.ar.support]: the original's channels.
    assert!(page("ar/contact/index.html").contains(">Email<"));
}

#[test]
fn a_translated_channel_must_name_an_original_one() {
    let (_tmp, root) = variant(
        "[[language.es.support.channels]]\nchannel = \"Emial\"\nname = \"Correo\"\n",
        &[],
    );
    let report = check_json(&root).json();
    let d = find(
        &report,
        "[[language.es.support.channels]] translates \"Emial\", but no [[support.channels]] has that name",
    );
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "book.toml");
    assert!(d["help"]
        .as_str()
        .unwrap()
        .contains("did you mean \"Email\"?"));
}

#[test]
fn the_announcement_is_translated_or_shown_as_written() {
    let banner = |title: &str| {
        format!("+++\ntitle = \"{title}\"\nseverity = \"warning\"\n+++\n\nDetails in [the article](@/account/reset-password.md).\n")
    };
    let (tmp, root) = variant(
        "",
        &[
            ("content/_announcement.md", &banner("Codes are slow")),
            ("content/_announcement.es.md", &banner("Los códigos tardan")),
        ],
    );
    let dest = tmp.path().join("site");
    let run = build_to(&root, &dest);
    assert_eq!(run.code, Some(0), "{run:#?}");
    let read = |path: &str| fs::read_to_string(dest.join(path)).unwrap();
    let es = read("es/index.html");
    assert!(es.contains("Los códigos tardan") && !es.contains("Codes are slow"));
    assert!(
        es.contains("href=\"/es/account/reset-password/\""),
        "its link stays in Spanish"
    );
    // No Arabic banner: the original's, rather than none.
    assert!(read("ar/index.html").contains("Codes are slow"));
    assert!(read("index.html").contains("Codes are slow"));
}

#[test]
fn aliases_in_a_translation_are_pointed_out() {
    let (_tmp, root) = variant(
        "",
        &[(
            "content/account/hacked.es.md",
            "+++\ntitle = \"Cuenta hackeada\"\naliases = [\"/help/hacked/\"]\n+++\n\nTexto.\n",
        )],
    );
    let report = check_json(&root).json();
    let d = find(&report, "`aliases` in a translation are not used");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "content/account/hacked.es.md");
    assert_eq!(d["line"], 3);
}

/// The fixture with `[language.es]` marked partial (and `more` after it).
fn partial_spanish(more: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = variant("", &[]);
    let config = fs::read_to_string(root.join("book.toml")).unwrap();
    let config = config.replacen(
        "[language.es]\n",
        &format!("[language.es]\npartial = true\n{more}"),
        1,
    );
    fs::write(root.join("book.toml"), config).unwrap();
    (tmp, root)
}

#[test]
fn a_partial_language_is_one_line_in_build_and_listed_by_check() {
    let (tmp, root) = partial_spanish("");
    let run = build_to(&root, &tmp.path().join("site"));
    assert_eq!(run.code, Some(0), "{run:#?}");
    // build: one line for Spanish, no warning with its list…
    assert!(
        run.stdout
            .contains("Español (es): 2 of 3 articles translated (partial, as book.toml says"),
        "{run:#?}"
    );
    assert!(!run.stderr.contains("into `es`"), "{run:#?}");
    // …while the languages not marked partial keep their warning.
    assert!(run.stderr.contains("no translation into `ar`"), "{run:#?}");
    assert!(!run.stdout.contains("(ar):"), "{run:#?}");
    // check still lists what Spanish lacks.
    let report = check_json(&root).json();
    let spanish = find(&report, "no translation into `es`");
    assert!(spanish["message"]
        .as_str()
        .unwrap()
        .contains("partial as book.toml says"));
    assert!(spanish["help"]
        .as_str()
        .unwrap()
        .contains("account/hacked.es.md"));
    let es = &report["summary"]["languages"][0];
    assert_eq!(es["code"], "es");
    assert_eq!(es["translated"], 2);
    assert_eq!(es["partial"], true);
}

#[test]
fn a_misspelt_partial_is_an_unknown_key_with_a_suggestion() {
    let (_tmp, root) = variant("", &[]);
    let config = fs::read_to_string(root.join("book.toml")).unwrap();
    let config = config.replacen("[language.es]\n", "[language.es]\npartail = true\n", 1);
    fs::write(root.join("book.toml"), config).unwrap();
    let report = check_json(&root).json();
    let typo = find(&report, "unknown key `partail` in [language.es]");
    assert!(
        typo["help"].as_str().unwrap().contains("`partial`"),
        "{typo:#}"
    );
}
