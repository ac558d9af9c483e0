//! "Describe your problem" in the built HTML (issue 19): the box
//! (`parts/describe.html`) on the contact page and at escalate steps, with
//! how each channel takes a request (`describe`); the plain request template
//! for readers without JavaScript; the prompts of a good request in a
//! wizard's pre-filled request; no box where there is no channel.

mod common;

use std::fs;
use std::path::Path;

use common::{build_to, copy_tree, fixture_path};

const PROMPTS: [&str; 4] = [
    "What happened:",
    "Since when:",
    "What I expected to happen:",
    "What I already tried:",
];
const SCREENSHOT: &str = "attach a screenshot and copy the exact error message";

/// `tests/fixtures/trees` built into a temporary folder: (its guard, the site).
fn built_trees() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("site");
    built(&fixture_path("trees"), &dest);
    (tmp, dest)
}

/// Builds the help center at `root` into `dest`, which must succeed.
fn built(root: &Path, dest: &Path) {
    let run = build_to(root, dest);
    assert_eq!(run.code, Some(0), "build {}: {run:#?}", root.display());
}

fn page(site: &Path, path: &str) -> String {
    fs::read_to_string(site.join(path).join("index.html"))
        .unwrap_or_else(|e| panic!("read {path}index.html: {e}"))
}

/// The JSON of `<script … data-describe-channels>` in `html`.
fn channels_json(html: &str) -> serde_json::Value {
    let start = html
        .find("data-describe-channels>")
        .expect("the page says how channels take a request")
        + "data-describe-channels>".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("valid JSON")
}

#[test]
fn contact_page_has_the_box_the_channels_and_the_template_without_javascript() {
    let (_tmp, site) = built_trees();
    let html = page(&site, "contact/");
    // The box: a labelled text box, suggestions as a list, a polite live region.
    assert!(html
        .contains("<section class=\"describe\" aria-labelledby=\"describe-title\" data-describe>"));
    assert!(html.contains("<label class=\"describe-label\" for=\"describe-text\">"));
    assert!(html.contains("<textarea id=\"describe-text\""));
    assert!(html.contains("role=\"status\" aria-live=\"polite\""));
    assert!(html.contains("<ul class=\"describe-list\""));
    // Its script, and hidden without JavaScript (the template shows instead).
    assert!(html.contains("/describe."), "describe.js is loaded");
    assert!(html.contains("<noscript><style>.describe { display: none; }</style></noscript>"));
    let template_at = html
        .find("<noscript>\n  <section class=\"describe-template\"")
        .expect("the template without JavaScript");
    let template = &html[template_at..];
    for prompt in PROMPTS {
        assert!(template.contains(prompt), "the template asks {prompt}");
    }
    assert!(template.contains(SCREENSHOT));
    // How each channel takes the request: email, or a form with its own parameters.
    let json = channels_json(&html);
    let channels = json["channels"].as_array().unwrap();
    assert_eq!(channels.len(), 2);
    assert_eq!(channels[0]["key"], "Email");
    assert_eq!(channels[0]["kind"], "email");
    assert_eq!(channels[1]["key"], "Recovery form");
    assert_eq!(channels[1]["kind"], "form");
    assert_eq!(channels[1]["subject_param"], "title");
    assert_eq!(channels[1]["body_param"], "details");
    // The channel cards are there as before, the box before them.
    let cards = html.find("data-channel=\"Email\"").expect("the email card");
    assert!(html.find("data-describe>").unwrap() < cards);
}

#[test]
fn escalate_steps_have_the_box_after_the_way_to_a_human() {
    let (_tmp, site) = built_trees();
    // A troubleshooter's escalate step: the box writes its own request.
    let html = page(&site, "help/fix-sync/contact/");
    let box_at = html
        .find("data-describe>")
        .expect("the box at a troubleshooter's escalate step");
    let channel_at = html.find("data-channel=").expect("a channel card");
    assert!(channel_at < box_at, "the way to a human comes first");
    assert!(html.contains("<div class=\"describe-place\">"));
    assert_eq!(
        channels_json(&html)["channels"].as_array().unwrap().len(),
        2
    );

    // A wizard's escalate step: the words go into its request, whose text asks the
    // questions of a good request even without JavaScript.
    let html = page(&site, "help/router/contact/");
    assert!(html.contains("<div class=\"describe-place describe-for-request\">"));
    let request_at = html
        .find("data-tree-request")
        .expect("the pre-filled request");
    assert!(request_at < html.find("data-describe>").unwrap());
    let text_at = html.find("data-request-text>").unwrap();
    let text = &html[text_at..text_at + html[text_at..].find("</textarea>").unwrap()];
    for prompt in PROMPTS {
        assert!(text.contains(prompt), "the request asks {prompt}: {text}");
    }
    assert!(text.contains(SCREENSHOT), "{text}");

    // Other steps: the script (a step may be swapped in place), no box.
    let first = page(&site, "help/router/");
    assert!(!first.contains("data-describe>"));
    assert!(first.contains("/describe."));
}

#[test]
fn no_box_without_channels() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hc");
    copy_tree(&fixture_path("good"), &root);
    let book = fs::read_to_string(root.join("book.toml")).unwrap();
    let start = book.find("[[support.channels]]").unwrap();
    let end = book.find("[insights]").unwrap();
    fs::write(
        root.join("book.toml"),
        format!("{}{}", &book[..start], &book[end..]),
    )
    .unwrap();
    let dest = tmp.path().join("site");
    built(&root, &dest);
    let html = page(&dest, "contact/");
    assert!(
        !html.contains("data-describe"),
        "no box without a channel to send to"
    );
    assert!(!html.contains("/describe."));
}
