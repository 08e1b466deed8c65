//! `whosaid extract` on pages built to hurt it: nesting that overflowed the stack, nesting
//! that took time quadratic in it, and paragraphs that made html5ever's serializer quadratic.
//! Each is read or refused in bounded time, and the pages around it are read as usual.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::Value;
use tempfile::TempDir;

/// Paragraphs of an English article with quotes, long enough to be a page's main text.
const STORY: [&str; 3] = [
    "Foreign Minister Anna Berg spoke to reporters in Brussels on Tuesday, after a long \
     meeting with her counterparts from the other member states of the alliance.",
    "\u{201c}We will win,\u{201d} she said. \u{201c}Ukraine will not stand alone, and nobody \
     in this building has any doubt about that.\u{201d}",
    "The ministers agreed to send more air defence systems before the winter, according to \
     two diplomats who attended the meeting and asked not to be named.",
];

fn page(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         </head><body><nav><a href=\"/\">Home</a></nav>\
         <article><h1>{title}</h1>{body}</article></body></html>"
    )
}

fn response(uri: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    http.extend_from_slice(body);
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{}>\r\n\
         WARC-Date: 2024-12-01T10:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        http.len()
    )
    .into_bytes();
    out.extend_from_slice(&http);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn whosaid(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("whosaid runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn documents(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .expect("UTF-8 output")
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON document per line"))
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_page_nested_too_deep_is_skipped_as_too_large_and_the_pages_around_it_are_read() {
    let dir = TempDir::new().unwrap();
    // 180 KB of nested spans: overflowed the stack of the worker and aborted the whole run.
    let deep = format!("<html><body>{}<p>He said hi.</p>", "<span>".repeat(30_000));
    let before = response(
        "https://daily.example/before",
        page("Berg", &STORY).as_bytes(),
    );
    let records = [
        before.clone(),
        response("https://evil.example/deep", deep.as_bytes()),
        response(
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
