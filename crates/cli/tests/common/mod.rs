//! What the command-line tests of web inputs share: an English story, HTML pages, WARC records
//! gzipped as Common Crawl writes them, and running `whosaid` in a directory.

#![allow(dead_code)] // each test file uses its own part

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::Value;

/// Paragraphs of an English article with quotes, long enough to be a page's main text.
pub const STORY: [&str; 4] = [
    "Foreign Minister Anna Berg spoke to reporters in Brussels on Tuesday, after a long \
     meeting with her counterparts from the other member states of the alliance.",
    "\u{201c}We will win,\u{201d} she said. \u{201c}Ukraine will not stand alone, and nobody \
     in this building has any doubt about that.\u{201d}",
    "The ministers agreed to send more air defence systems before the winter, according to \
     two diplomats who attended the meeting and asked not to be named.",
    "Berg said that the alliance would meet again in February to review the progress of the \
     deliveries and the state of the front line.",
];

pub fn page(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta property=\"og:site_name\" content=\"The Daily\">\
         <meta property=\"article:published_time\" content=\"2024-11-26T08:00:00Z\">\
         </head><body><nav><a href=\"/\">Home</a> | <a href=\"/world\">World</a></nav>\
         <article><h1>{title}</h1>{body}</article>\
         <footer>Copyright The Daily. All rights reserved.</footer></body></html>"
    )
}

/// A WARC record with the given headers and block.
pub fn record(warc_type: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:{}>\r\n\
         WARC-Date: 2024-12-01T10:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

pub fn response(uri: &str, status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    http.extend_from_slice(body);
    record("response", uri, "application/http; msgtype=response", &http)
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// Records gzipped one member each, as Common Crawl writes them.
pub fn warc_gz(records: &[Vec<u8>]) -> Vec<u8> {
    records.iter().flat_map(|record| gzip(record)).collect()
}

pub fn whosaid(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("whosaid runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn documents(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .expect("UTF-8 output")
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON document per line"))
        .collect()
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

/// A 200 response with an HTML body, as a crawler stores it.
pub fn html_response(uri: &str, body: &[u8]) -> Vec<u8> {
    response(uri, "200 OK", "text/html; charset=utf-8", body)
}

/// Checks every span against the text the document carries (or `text` when it carries none).
pub fn assert_spans_match(doc: &Value, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let statements = doc["statements"].as_array().unwrap();
    for statement in statements {
        let spans = statement["contents"]
            .as_array()
            .unwrap()
            .iter()
            .chain(statement["sources"].as_array().unwrap())
            .chain(statement["cue"].as_object().map(|_| &statement["cue"]));
        for span in spans {
            let (start, end) = (
                span["start"].as_u64().unwrap(),
                span["end"].as_u64().unwrap(),
            );
            let slice: String = chars[start as usize..end as usize].iter().collect();
            assert_eq!(span["text"], slice, "{span}");
        }
    }
}
