//! Tests of [`super`]: the warc module's behaviour on hand-made input.

use super::http::{dechunk, http_payload};
use super::*;
use crate::Payload;

pub(crate) fn record(warc_type: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: https://news.example/a\r\n\
         WARC-Date: 2024-11-25T10:00:00Z\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn response(status: &str, content_type: &str, body: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n{body}");
    record(
        "response",
        "application/http; msgtype=response",
        http.as_bytes(),
    )
}

fn read_all(bytes: Vec<u8>) -> Vec<Result<Record, Skip>> {
    let reader = Box::new(io::Cursor::new(bytes));
    WarcRecords::new(reader, "a.warc".to_owned(), 1 << 20).collect()
}

fn reasons(records: &[Result<Record, Skip>]) -> Vec<Option<SkipReason>> {
    records
        .iter()
        .map(|r| r.as_ref().err().map(|s| s.reason))
        .collect()
}

#[test]
fn responses_yield_pages_and_other_records_are_accounted() {
    let mut warc = record("warcinfo", "application/warc-fields", b"software: test\r\n");
    warc.extend(record(
        "request",
        "application/http; msgtype=request",
        b"GET / HTTP/1.1\r\n\r\n",
    ));
    warc.extend(response(
        "200 OK",
        "text/html; charset=ISO-8859-1",
        "<p>caf\u{e9}</p>",
    ));
    warc.extend(response("301 Moved", "text/html", ""));
    warc.extend(response("200 OK", "image/png", "PNG"));
    let records = read_all(warc);
    assert_eq!(
        reasons(&records),
        [
            Some(SkipReason::NotResponse),
            Some(SkipReason::NotResponse),
            None,
            Some(SkipReason::HttpStatus),
            Some(SkipReason::NotHtml),
        ]
    );
    let page = records[2].as_ref().unwrap();
    assert_eq!(page.metadata.url.as_deref(), Some("https://news.example/a"));
    assert_eq!(page.metadata.date_kind, Some(DateKind::Crawled));
    assert!(page.id.starts_with("a.warc@"));
    match &page.payload {
        Payload::Html { bytes, charset } => {
            assert_eq!(bytes, "<p>caf\u{e9}</p>".as_bytes());
            assert_eq!(charset.as_deref(), Some("iso-8859-1"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_content_length_too_long_loses_only_its_own_record() {
    let mut first = response("200 OK", "text/html", "<p>one</p>");
    let text = String::from_utf8(first.clone()).unwrap();
    let lying = text.replacen(
        &format!(
            "Content-Length: {}",
            text.len() - text.find("HTTP/").unwrap() - 4
        ),
        "Content-Length: 90",
        1,
    );
    assert_ne!(lying, text);
    first = lying.into_bytes();
    first.extend(response(
        "200 OK",
        "text/html",
        "<p>two, a long enough page body here</p>",
    ));
    first.extend(response("200 OK", "text/html", "<p>three</p>"));
    let records = read_all(first);
    assert_eq!(reasons(&records), [Some(SkipReason::Malformed), None, None]);
}

#[test]
fn a_content_length_too_short_is_caught_and_reading_resumes() {
    let good = response("200 OK", "text/html", "<p>one two three four five</p>");
    let text = String::from_utf8(good.clone()).unwrap();
    let length = text.len() - text.find("HTTP/").unwrap() - 4;
    let mut warc = text
        .replacen(
            &format!("Content-Length: {length}"),
            "Content-Length: 20",
            1,
        )
        .into_bytes();
    warc.extend(good);
    let records = read_all(warc);
    assert_eq!(reasons(&records), [Some(SkipReason::Malformed), None]);
}

#[test]
fn garbage_between_records_and_a_cut_end_are_reported() {
    let mut warc = b"this is not a warc file\r\nnor this\r\n".to_vec();
    warc.extend(response("200 OK", "text/html", "<p>one</p>"));
    let whole = response("200 OK", "text/html", "<p>two</p>");
    warc.extend_from_slice(&whole[..whole.len() - 12]);
    let records = read_all(warc);
    assert_eq!(
        reasons(&records),
        [
            Some(SkipReason::Malformed),
            None,
            Some(SkipReason::Truncated)
        ]
    );
    assert!(records[0]
        .as_ref()
        .unwrap_err()
        .detail
        .contains("35 bytes skipped"));
}

#[test]
fn chunked_and_gzipped_bodies_are_decoded() {
    assert_eq!(
        dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").unwrap(),
        b"Wikipedia"
    );
    assert_eq!(dechunk(b"4\r\nWi"), None);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, b"<p>zipped</p>").unwrap();
    let body = gz.finish().unwrap();
    let mut http =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
    http.extend(body);
    match http_payload(&http, 1 << 20).unwrap() {
        Payload::Html { bytes, .. } => assert_eq!(bytes, b"<p>zipped</p>"),
        other => panic!("{other:?}"),
    }
}

/// `warc` with the first record's Content-Length changed by `delta`.
fn lying(mut warc: Vec<u8>, delta: i64) -> Vec<u8> {
    let text = String::from_utf8_lossy(&warc).into_owned();
    let at = text.find("Content-Length: ").unwrap() + "Content-Length: ".len();
    let end = at + text[at..].find("\r\n").unwrap();
    let length: i64 = text[at..end].parse().unwrap();
    let lie = (length + delta).to_string();
    warc.splice(at..end, lie.bytes());
    warc
}

fn page_of(record: &Result<Record, Skip>) -> String {
    match &record.as_ref().unwrap().payload {
        Payload::Html { bytes, .. } => String::from_utf8_lossy(bytes).into_owned(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_page_that_shows_a_record_is_not_cut_there() {
    let smuggled = record(
        "response",
        "application/http; msgtype=response",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>the attacker's text</p>",
    );
    let body = format!(
        "<p>A WARC file looks like this:</p><pre>\r\n\r\n{}</pre>",
        String::from_utf8_lossy(&smuggled)
    );
    let mut warc = response("200 OK", "text/html", &body);
    warc.extend(response("200 OK", "text/html", "<p>next</p>"));
    let records = read_all(warc);
    assert_eq!(reasons(&records), [None, None]);
    assert_eq!(page_of(&records[0]), body);
    assert_eq!(page_of(&records[1]), "<p>next</p>");
}

#[test]
fn a_content_length_that_ends_inside_the_next_version_line_loses_no_record() {
    let mut warc = lying(response("200 OK", "text/html", "<p>one</p>"), 6);
    warc.extend(response("200 OK", "text/html", "<p>two</p>"));
    warc.extend(response("200 OK", "text/html", "<p>three</p>"));
    let records = read_all(warc);
    assert_eq!(reasons(&records), [Some(SkipReason::Malformed), None, None]);
    assert_eq!(page_of(&records[1]), "<p>two</p>");
}

#[test]
fn a_request_whose_content_length_runs_into_a_response_gives_it_back() {
    let request = record(
        "request",
        "application/http; msgtype=request",
        b"GET / HTTP/1.1\r\n\r\n",
    );
    let mut warc = lying(request, 40);
    warc.extend(response("200 OK", "text/html", "<p>the page</p>"));
    let records = read_all(warc);
    assert_eq!(reasons(&records), [Some(SkipReason::Malformed), None]);
    assert_eq!(page_of(&records[1]), "<p>the page</p>");
}

#[test]
fn many_lying_content_lengths_in_a_row_are_each_recovered() {
    // Each record's Content-Length runs into the next one, which is read again from
    // memory: the records must not pile up state on each other.
    let one = lying(response("200 OK", "text/html", "<p>x</p>"), 300);
    let count = 100_000;
    let mut warc = one.repeat(count);
    warc.extend(response("200 OK", "text/html", "<p>last</p>"));
    let records = read_all(warc);
    assert_eq!(records.len(), count + 1);
    assert!(records[..count]
        .iter()
        .all(|r| r.as_ref().unwrap_err().reason == SkipReason::Malformed));
    assert_eq!(page_of(&records[count]), "<p>last</p>");
    let last = records[count].as_ref().unwrap();
    assert_eq!(last.id, format!("a.warc@{}", one.len() * count));
}
