//! What pages send is what the collector accepts: the events the browser
//! tests expect the default theme's `insights.js` to send
//! (`tests/e2e/expected-events.json`, compared there with what Chromium
//! posts) parse as batches of the event format, unchanged; and the query
//! rules `insights.js` mirrors (`tests/e2e/scrub-queries.json`, checked
//! there against the script) are `scrub_query`'s.

use helpbook::insights::event::{scrub_query, Batch};
use serde_json::{json, Value};

fn read_json(name: &str) -> Value {
    let path = format!("{}/tests/e2e/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_events_pages_send_parse_unchanged() {
    let expected = read_json("expected-events.json");
    let walks = expected.as_object().expect("an object of walks");
    assert!(walks.len() >= 7, "{walks:?}");
    let mut kinds = Vec::new();
    for (walk, events) in walks {
        let body = json!({ "version": 1, "events": events }).to_string();
        let parsed = Batch::parse(body.as_bytes()).unwrap_or_else(|e| panic!("{walk}: {e}"));
        // Nothing scrubbed or changed: pages send events as the collector keeps them.
        assert_eq!(&serde_json::to_value(&parsed).unwrap(), events, "{walk}");
        kinds.extend(parsed.iter().map(|e| e.kind()));
    }
    for kind in ["search", "vote", "tree", "contact"] {
        assert!(kinds.contains(&kind), "no {kind} event expected anywhere");
    }
}

#[test]
fn the_query_rules_pages_mirror_are_scrub_querys() {
    let cases = read_json("scrub-queries.json");
    let cases = cases.as_array().expect("a list of [query, scrubbed]");
    assert!(cases.len() >= 8);
    for case in cases {
        let (query, scrubbed) = (case[0].as_str().unwrap(), case[1].as_str().unwrap());
        assert_eq!(scrub_query(query), scrubbed, "{query:?}");
    }
}
