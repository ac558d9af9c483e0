//! Hours and reply-by (issue 19) through the CLI: `[support.hours]` and a
//! channel's `reply-within`, `business-hours` and `live` make the sentence
//! written at build time in each language of the site, with the schedule
//! `hours.js` reads; each mistake is an error at its line of book.toml with
//! what to write (a time zone with a did-you-mean).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{build_to, check_report, copy_tree, diagnostics, fixture_path};

/// The languages fixture (English, Spanish, Arabic, Japanese) with its
/// `[[support.channels]]` replaced by `support` (everything from the first
/// channel to `[extra]`), and the Spanish channel's translation by
/// `spanish` (everything from it to `[language.ar]`).
fn help_center(support: &str, spanish: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hc");
    copy_tree(&fixture_path("languages"), &root);
    let book = fs::read_to_string(root.join("book.toml")).unwrap();
    let (head, rest) = book.split_once("[[support.channels]]").unwrap();
    let (_, rest) = rest.split_once("[extra]").unwrap();
    let (middle, rest) = rest.split_once("[[language.es.support.channels]]").unwrap();
    let (_, tail) = rest.split_once("[language.ar]").unwrap();
    let book = format!("{head}{support}\n[extra]{middle}{spanish}\n[language.ar]{tail}");
    fs::write(root.join("book.toml"), book).unwrap();
    (tmp, root)
}

const HOURS: &str = r#"[support.hours]
time-zone = "Europe/Madrid"
weekdays = "09:00-18:00"
saturday = ["10:00-12:00", "13:00-14:00"]
holidays = [2026-12-25]
"#;

const CHANNELS: &str = r#"
[[support.channels]]
name = "Email"
url = "mailto:help@example.com"
reply-within = "24h"
business-hours = true

[[support.channels]]
name = "Form"
url = "https://example.com/form"
reply-within = "2 days"

[[support.channels]]
name = "Chat"
url = "https://example.com/chat"
live = true

[[support.channels]]
name = "Safety"
url = "https://example.com/safety"
response-time = "around the clock"
"#;

const SPANISH: &str = r#"[[language.es.support.channels]]
channel = "Chat"
name = "Chat en directo"
"#;

/// The errors of `check` on `root`, as (line, message, help).
fn errors(root: &Path) -> Vec<(u64, String, String)> {
    let (code, report) = check_report(root);
    assert_eq!(code, Some(1), "check fails\n{report:#}");
    diagnostics(&report)
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            assert_eq!(d["file"], "book.toml", "{d:#}");
            (
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_string(),
                d["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The line of book.toml (from 1) that holds `text`.
fn line_of(root: &Path, text: &str) -> u64 {
    let book = fs::read_to_string(root.join("book.toml")).unwrap();
    let index = book
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no line with {text:?}"));
    index as u64 + 1
}

#[test]
fn the_build_time_text_is_in_every_language_with_the_schedule_for_the_script() {
    let (_tmp, root) = help_center(&format!("{HOURS}{CHANNELS}"), SPANISH);
    let out = tempfile::tempdir().unwrap();
    let run = build_to(&root, &out.path().join("site"));
    assert_eq!(run.code, Some(0), "{run:#?}");
    let page = |path: &str| fs::read_to_string(out.path().join("site").join(path)).unwrap();

    let en = page("contact/index.html");
    for text in [
        "Replies within 24 business hours, Monday to Friday 09:00–18:00; Saturday 10:00–12:00, 13:00–14:00 Madrid time",
        "Replies within 2 days<",
        "Open Monday to Friday 09:00–18:00; Saturday 10:00–12:00, 13:00–14:00 Madrid time",
        "Response time: around the clock",
    ] {
        assert!(en.contains(text), "English contact page has {text:?}");
    }
    // The schedule hours.js reads, and the script itself.
    assert!(
        en.contains("&quot;zone&quot;:&quot;Europe&#x2F;Madrid&quot;")
            || en.contains("&quot;zone&quot;:&quot;Europe/Madrid&quot;"),
        "the team's zone in data-hours"
    );
    assert!(en.contains("[[540,1080]]"), "Monday's hours in minutes");
    assert!(en.contains("2026-12-25"), "the holiday");
    assert!(en.contains("/static/hours.js?v="), "hours.js is loaded");
    assert!(
        en.contains("\"hours_reply_by\""),
        "its strings are on the page"
    );

    let es = page("es/contact/index.html");
    for text in [
        "Responde en un plazo de 24 horas hábiles, de lunes a viernes 09:00–18:00; sábado 10:00–12:00, 13:00–14:00, hora de Madrid",
        "Responde en un plazo de 2 días<",
        "Chat en directo",
        "Abierto de lunes a viernes",
    ] {
        assert!(es.contains(text), "Spanish contact page has {text:?}");
    }
    let ar = page("ar/contact/index.html");
    assert!(ar.contains("يصل الرد خلال 24 ساعة عمل"), "Arabic");
    // A language the theme has no hours strings for falls back to English.
    let ja = page("ja/contact/index.html");
    assert!(
        ja.contains("Replies within 24 business hours"),
        "Japanese falls back to English"
    );

    // "Still need help?" speaks for the request channel (the first one).
    let article = page("ar/account/reset-password/index.html");
    let band = article
        .split("help-cta-hours")
        .nth(1)
        .expect("the band has the hours");
    assert!(
        band.contains("يصل الرد خلال 24 ساعة عمل"),
        "in the page's language"
    );
}

#[test]
fn a_site_without_structured_reply_times_loads_no_hours_script() {
    let (_tmp, root) = help_center(
        "[[support.channels]]\nname = \"Email\"\nurl = \"mailto:help@example.com\"\nresponse-time = \"within a day\"\n",
        "",
    );
    let out = tempfile::tempdir().unwrap();
    let run = build_to(&root, &out.path().join("site"));
    assert_eq!(run.code, Some(0), "{run:#?}");
    let contact = fs::read_to_string(out.path().join("site/contact/index.html")).unwrap();
    assert!(contact.contains("Typically replies within a day"));
    assert!(!contact.contains("hours.js"), "no hours.js");
    assert!(!contact.contains("data-hours"));
}

#[test]
fn each_mistake_is_an_error_at_its_line_with_what_to_write() {
    let hours = r#"[support.hours]
time-zone = "Europe/Madird"
monday = ["09:00-13:00", "12:00-18:00"]
tuesday = "18:00-09:00"
wednesday = "9am-6pm"
"#;
    let channels = r#"
[[support.channels]]
name = "Email"
url = "mailto:help@example.com"
response-time = "within a day"
reply-within = "24h"

[[support.channels]]
name = "Form"
url = "https://example.com/form"
reply-within = "a day"

[[support.channels]]
name = "Chat"
url = "https://example.com/chat"
live = true
"#;
    let (_tmp, root) = help_center(&format!("{hours}{channels}"), "");
    let errors = errors(&root);
    let find = |line: u64, message: &str| {
        errors
            .iter()
            .find(|(l, m, _)| *l == line && m.contains(message))
            .unwrap_or_else(|| panic!("no error {message:?} at line {line}: {errors:#?}"))
            .2
            .clone()
    };
    assert_eq!(
        find(line_of(&root, "Europe/Madird"), "not a known time zone"),
        "did you mean \"Europe/Madrid\"?"
    );
    assert!(find(
        line_of(&root, "monday ="),
        "12:00–18:00 overlaps 09:00–13:00"
    )
    .contains("[\"09:00-13:00\", \"13:00-18:00\"]"));
    assert!(find(line_of(&root, "tuesday ="), "ends before it starts").contains("next day"));
    assert!(find(line_of(&root, "wednesday ="), "not a time range")
        .contains("monday = \"09:00-18:00\""));
    assert!(find(
        line_of(&root, "reply-within = \"24h\""),
        "both `response-time` and `reply-within`"
    )
    .contains("keep one"));
    assert!(
        find(line_of(&root, "reply-within = \"a day\""), "not a duration")
            .contains("\"24h\" (hours)")
    );
    // The time zone is unknown, so there are no hours to count in: `live` says so too.
    assert!(
        find(line_of(&root, "live = true"), "needs the team's hours").contains("[support.hours]")
    );
}

#[test]
fn hours_with_no_open_time_are_an_error() {
    let (_tmp, root) = help_center(
        "[support.hours]\ntime-zone = \"UTC\"\nsunday = \"closed\"\n\n[[support.channels]]\nname = \"Chat\"\nurl = \"https://example.com/chat\"\nlive = true\n",
        "",
    );
    let errors = errors(&root);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].0, line_of(&root, "[support.hours]"));
    assert_eq!(errors[0].1, "[support.hours] has no open hours");
    assert!(errors[0].2.contains("weekdays = \"09:00-18:00\""));
}

#[test]
fn live_and_business_hours_need_support_hours() {
    let channels = r#"[[support.channels]]
name = "Email"
url = "mailto:help@example.com"
reply-within = "8h"
business-hours = true

[[support.channels]]
name = "Chat"
url = "https://example.com/chat"
live = true
reply-within = "5m"

[[support.channels]]
name = "Phone"
url = "tel:+15550100"
business-hours = true
"#;
    let (_tmp, root) = help_center(channels, "");
    let errors = errors(&root);
    let at = |text: &str| line_of(&root, text);
    let lines: Vec<(u64, &str)> = errors.iter().map(|(l, m, _)| (*l, m.as_str())).collect();
    let has = |line: u64, message: &str| {
        assert!(
            lines.iter().any(|(l, m)| *l == line && m.contains(message)),
            "no error {message:?} at line {line}: {errors:#?}"
        );
    };
    let business = line_of(&root, "business-hours = true");
    has(
        business,
        "`business-hours = true` in [[support.channels]] needs the team's hours",
    );
    has(
        at("live = true"),
        "`live = true` in [[support.channels]] needs the team's hours",
    );
    has(
        at("reply-within = \"5m\""),
        "is `live` and has `reply-within`",
    );
    // The phone's `business-hours` (the last one) counts nothing.
    let book = fs::read_to_string(root.join("book.toml")).unwrap();
    let lines_of: Vec<&str> = book.lines().collect();
    let last = lines_of
        .iter()
        .rposition(|l| l.contains("business-hours = true"))
        .unwrap() as u64
        + 1;
    has(last, "has no `reply-within` to count");
    assert!(
        errors.iter().all(|(_, _, help)| !help.is_empty()),
        "every error says what to write"
    );
}
