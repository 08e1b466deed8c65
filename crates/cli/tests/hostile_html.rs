//! `whosaid extract` on pages built to hurt it: nesting that overflowed the stack, nesting
//! that took time quadratic in it, and paragraphs that made html5ever's serializer quadratic.
//! Each is read or refused in bounded time, and the pages around it are read as usual.

mod common;

use serde_json::Value;
use tempfile::TempDir;

use common::*;

#[test]
fn a_page_nested_too_deep_is_skipped_as_too_large_and_the_pages_around_it_are_read() {
    let dir = TempDir::new().unwrap();
    // 180 KB of nested spans: overflowed the stack of the worker and aborted the whole run.
    let deep = format!("<html><body>{}<p>He said hi.</p>", "<span>".repeat(30_000));
    let before = html_response(
        "https://daily.example/before",
        page("Berg", &STORY).as_bytes(),
    );
    let records = [
        before.clone(),
        html_response("https://evil.example/deep", deep.as_bytes()),
        html_response(
            "https://daily.example/after",
            page("Berg again", &STORY).as_bytes(),
        ),
    ];
    let warc: Vec<u8> = records.iter().flat_map(|record| gzip(record)).collect();
    write(dir.path(), "crawl.warc.gz", &warc);
    let output = whosaid(
        dir.path(),
        &["extract", "--format", "jsonl", "crawl.warc.gz"],
    );
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let named = format!(
        "whosaid: crawl.warc.gz@{}: elements nested more than 512 deep, the most whosaid \
         parses (too large)",
        before.len()
    );
    assert!(stderr.contains(&named), "{named:?} in {stderr}");
    let urls: Vec<Value> = documents(&output)
        .iter()
        .map(|doc| doc["metadata"]["url"].clone())
        .collect();
    assert_eq!(
        urls,
        [
            "https://daily.example/before",
            "https://daily.example/after"
        ]
    );
    assert!(stderr.contains("3 records read: 2 extracted ("), "{stderr}");
    assert!(stderr.contains("1 skipped (1 too large)"), "{stderr}");
}

#[test]
fn a_page_of_nested_divs_is_refused_at_once() {
    let dir = TempDir::new().unwrap();
    // 500 KB of nested divs: minutes of dom_smoothie's descendant queries, then a crash.
    let divs = format!(
        "<html><body>{}{}",
        "<div>".repeat(100_000),
        page("Berg", &STORY)
    );
    write(dir.path(), "divs.html", divs.as_bytes());
    let output = whosaid(dir.path(), &["extract", "--format", "jsonl", "divs.html"]);
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("whosaid: divs.html: elements nested more than 512 deep"),
        "{stderr}"
    );
    assert!(stderr.contains("(too large)"), "{stderr}");
}

#[test]
fn a_page_full_of_escaped_characters_is_read_in_linear_time() {
    let dir = TempDir::new().unwrap();
    // 5 MB of words joined by NBSPs in an attribute of the article, and entities in its
    // text: html5ever's serializer scanned the rest of the string at each of them, which took
    // most of a minute.
    let entities = "Berg &amp; co ".repeat(20_000);
    let paragraphs = [STORY[0], STORY[1], &entities, STORY[2]];
    let html = page("Berg", &paragraphs).replace(
        "<article>",
        &format!("<article title=\"{}\">", "a\u{a0}b ".repeat(1_000_000)),
    );
    write(dir.path(), "escaped.html", html.as_bytes());
    let output = whosaid(
        dir.path(),
        &["extract", "--format", "jsonl", "escaped.html"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let docs = documents(&output);
    let text = docs[0]["text"].as_str().unwrap();
    assert!(text.contains("\u{201c}We will win,\u{201d} she said."));
    assert!(text.contains(&"Berg & co ".repeat(20_000).trim_end().to_owned()));
}
