//! `whosaid extract` on damaged and hostile archives: gzip members cut short, missing their
//! trailers or separated by garbage, bodies that inflate without end, records that hide other
//! records in their pages, and text and JSON lines with a stray byte or a byte-order mark.
//! Every record that is intact must be read, and every damage named.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Output;

use flate2::Compression;
use serde_json::Value;
use tempfile::TempDir;

use common::*;

/// An HTTP response record; `headers` are extra HTTP header lines, each ending in CRLF.
fn response_with(uri: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{headers}\
         Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    http.extend_from_slice(body);
    record("response", uri, "application/http; msgtype=response", &http)
}

/// A good article page as a response record, its URL numbered.
fn article(n: usize) -> Vec<u8> {
    let title = format!("Berg, part {n}");
    html_response(
        &format!("https://daily.example/{n}"),
        page(&title, &STORY).as_bytes(),
    )
}

/// Twenty article records, each gzipped as its own member as Common Crawl writes them.
fn members() -> Vec<Vec<u8>> {
    (1..=20).map(|n| gzip(&article(n))).collect()
}

fn extract(dir: &Path, args: &[&str]) -> Output {
    whosaid(dir, &[&["extract", "--format", "jsonl"][..], args].concat())
}

/// The URLs of the documents, in order.
fn urls(output: &Output) -> Vec<String> {
    documents(output)
        .iter()
        .map(|doc| doc["metadata"]["url"].as_str().unwrap_or("").to_owned())
        .collect()
}

fn article_urls(numbers: impl IntoIterator<Item = usize>) -> Vec<String> {
    numbers
        .into_iter()
        .map(|n| format!("https://daily.example/{n}"))
        .collect()
}

#[test]
fn a_gzip_member_cut_in_half_costs_only_its_record() {
    let dir = TempDir::new().unwrap();
    let members = members();
    let offset: usize = members[..9].iter().map(Vec::len).sum();
    let mut bytes = Vec::new();
    for (i, member) in members.iter().enumerate() {
        let member = if i == 9 {
            &member[..member.len() / 2]
        } else {
            &member[..]
        };
        bytes.extend_from_slice(member);
    }
    write(dir.path(), "cut.warc.gz", &bytes);
    let output = extract(dir.path(), &["cut.warc.gz"]);
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let expected: Vec<usize> = (1..=20).filter(|&n| n != 10).collect();
    assert_eq!(urls(&output), article_urls(expected), "{stderr}");
    assert!(stderr.contains("20 records read: 19 extracted"), "{stderr}");
    assert!(
        stderr.contains(&format!("gzip member at compressed byte {offset}")),
        "{stderr}"
    );
    assert!(
        stderr.contains("reading resumes at the next member"),
        "{stderr}"
    );
}

#[test]
fn a_gzip_member_without_its_trailer_loses_nothing_and_is_named() {
    let dir = TempDir::new().unwrap();
    let mut members = members();
    let ninth = &mut members[8];
    ninth.truncate(ninth.len() - 8);
    write(dir.path(), "no-trailer.warc.gz", &members.concat());
    let output = extract(dir.path(), &["no-trailer.warc.gz"]);
    let stderr = stderr(&output);
    assert_eq!(urls(&output), article_urls(1..=20), "{stderr}");
    assert!(stderr.contains("has no trailer"), "{stderr}");
    assert!(stderr.contains("21 records read: 20 extracted"), "{stderr}");
    assert!(stderr.contains("1 malformed"), "{stderr}");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn random_bytes_between_gzip_members_lose_nothing_and_are_named() {
    let dir = TempDir::new().unwrap();
    let members = members();
    let mut bytes = members[..7].concat();
    let garbage: Vec<u8> = (0..1000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    bytes.extend_from_slice(&garbage);
    bytes.extend(members[7..].concat());
    write(dir.path(), "garbage.warc.gz", &bytes);
    let output = extract(dir.path(), &["garbage.warc.gz"]);
    let stderr = stderr(&output);
    assert_eq!(urls(&output), article_urls(1..=20), "{stderr}");
    assert!(stderr.contains("not gzip data"), "{stderr}");
    assert!(stderr.contains("1000 compressed bytes skipped"), "{stderr}");
    assert!(stderr.contains("21 records read: 20 extracted"), "{stderr}");
}

#[test]
fn a_damaged_member_of_json_lines_loses_only_its_lines() {
    let dir = TempDir::new().unwrap();
    let line = |n: usize| {
        serde_json::json!({"text": STORY.join("\n\n"), "url": format!("https://x.example/{n}")})
            .to_string()
            + "\n"
    };
    let member = |from: usize| gzip((from..from + 3).map(line).collect::<String>().as_bytes());
    let mut bytes = member(0);
    let mut damaged = member(3);
    let middle = damaged.len() / 2;
    damaged[middle..middle + 16].fill(0);
    bytes.extend(damaged);
    bytes.extend(member(6));
    write(dir.path(), "feed.jsonl.gz", &bytes);
    let output = extract(dir.path(), &["feed.jsonl.gz"]);
    let stderr = stderr(&output);
    let urls = urls(&output);
    for n in [0, 1, 2, 6, 7, 8] {
        let url = format!("https://x.example/{n}");
        assert!(urls.contains(&url), "{url} in {urls:?}: {stderr}");
    }
    assert!(
        stderr.contains("gzip member at compressed byte"),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_content_encoded_body_is_inflated_only_up_to_the_limit() {
    let dir = TempDir::new().unwrap();
    // Four MiB of the same paragraph compress to a few kilobytes.
    let huge = page("Berg", &[&STORY[0].repeat(30_000)]);
    assert!(huge.len() > 4 << 20);
    for encoding in ["gzip", "deflate"] {
        let body = match encoding {
            "gzip" => gzip(huge.as_bytes()),
            _ => {
                let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), Compression::fast());
                encoder.write_all(huge.as_bytes()).unwrap();
                encoder.finish().unwrap()
            }
        };
        assert!(body.len() < 200 << 10, "{}", body.len());
        let headers = format!("Content-Encoding: {encoding}\r\n");
        let mut warc = response_with("https://daily.example/bomb", &headers, &body);
        warc.extend(article(2));
        write(dir.path(), "bomb.warc", &warc);
        let output = extract(dir.path(), &["--max-bytes", "1M", "bomb.warc"]);
        let stderr = stderr(&output);
        assert_eq!(urls(&output), article_urls([2]), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "bomb.warc@0: {encoding} body inflates to more than 1 MiB, the --max-bytes limit \
                 (too large)"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn a_page_that_contains_a_warc_record_is_one_page() {
    let dir = TempDir::new().unwrap();
    // The attacker's page carries a whole record for the victim's URL, with a Content-Length
    // of its own, right after a blank line.
    let fake = html_response(
        "https://victim.example/article",
        page("Victim", &["\u{201c}I resign,\u{201d} the victim said."]).as_bytes(),
    );
    let mut attacker_page = page("Attacker", &STORY).into_bytes();
    attacker_page.extend_from_slice(b"\r\n\r\n");
    attacker_page.extend_from_slice(&fake);
    let mut warc = html_response("https://attacker.example/", &attacker_page);
    warc.extend(article(2));
    write(dir.path(), "smuggled.warc", &warc);
    let output = extract(dir.path(), &["smuggled.warc"]);
    let stderr = stderr(&output);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        urls(&output),
        [
            "https://attacker.example/".to_owned(),
            "https://daily.example/2".to_owned()
        ],
        "{stderr}"
    );
    assert!(stderr.contains("2 records read: 2 extracted"), "{stderr}");
}

/// The direct and mixed statements of a document: kind, contents and sources, without offsets.
fn quotes(doc: &Value) -> Vec<String> {
    let texts = |spans: &Value| -> Vec<String> {
        spans
            .as_array()
            .unwrap()
            .iter()
            .map(|span| span["text"].as_str().unwrap().to_owned())
            .collect()
    };
    doc["statements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "direct" || s["kind"] == "mixed")
        .map(|s| {
            let contents = texts(&s["contents"]).join(" | ");
            format!(
                "{} [{}] {contents}",
                s["kind"],
                texts(&s["sources"]).join(" | ")
            )
        })
        .collect()
}

#[test]
fn one_bad_byte_in_a_utf8_text_leaves_its_quotes_alone() {
    let dir = TempDir::new().unwrap();
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/nato-foreign-ministers.txt");
    let text = fs::read(example).unwrap();
    // One 0xFF at the end of the fourth line.
    let at = text
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(3)
        .unwrap()
        .0;
    let mut damaged = text.clone();
    damaged.insert(at, 0xFF);
    write(dir.path(), "clean.txt", &text);
    write(dir.path(), "damaged.txt", &damaged);
    let clean = extract(dir.path(), &["clean.txt"]);
    let output = extract(dir.path(), &["damaged.txt"]);
    let stderr = stderr(&output);
    assert!(output.status.success(), "{stderr}");
    let (clean, damaged) = (&documents(&clean)[0], &documents(&output)[0]);
    assert!(quotes(clean).len() >= 5, "{:?}", quotes(clean));
    assert_eq!(quotes(damaged), quotes(clean));
    assert!(
        stderr.contains(&format!("1 invalid byte (at byte {at}) replaced by U+FFFD")),
        "{stderr}"
    );
    assert!(!stderr.contains("windows-1252"), "{stderr}");
}

#[test]
fn a_byte_order_mark_does_not_cost_the_first_json_line() {
    let dir = TempDir::new().unwrap();
    let line = |n: usize| {
        serde_json::json!({"text": STORY.join("\n\n"), "url": format!("https://x.example/{n}")})
            .to_string()
    };
    let feed = format!("\u{FEFF}{}\n{}\n", line(1), line(2));
    write(dir.path(), "feed.jsonl", feed.as_bytes());
    let output = extract(dir.path(), &["feed.jsonl"]);
    let stderr = stderr(&output);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        urls(&output),
        ["https://x.example/1", "https://x.example/2"],
        "{stderr}"
    );
}

#[test]
fn a_compressed_text_over_the_limit_says_so_plainly() {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "long.txt.gz",
        &gzip(STORY.join("\n\n").repeat(10).as_bytes()),
    );
    let output = extract(dir.path(), &["--max-bytes", "1K", "long.txt.gz"]);
    let stderr = stderr(&output);
    assert!(
        stderr.contains("long.txt.gz: over the --max-bytes limit of 1 KiB, skipped (too large)"),
        "{stderr}"
    );
    assert!(!stderr.contains("more is"), "{stderr}");
}

/// Wherever a member is cut, only its record is lost. A cut member's deflate data runs on
/// into the next member's bytes, and may even end a stream there, to be caught only by the
/// CRC: the next member must still be found, from the cut member's start.
#[test]
fn a_member_cut_anywhere_costs_only_its_record() {
    let dir = TempDir::new().unwrap();
    let members = members();
    let mut files = Vec::new();
    for eighth in 1..8 {
        let mut bytes = Vec::new();
        for (i, member) in members[..6].iter().enumerate() {
            let keep = if i == 2 {
                member.len() * eighth / 8
            } else {
                member.len()
            };
            bytes.extend_from_slice(&member[..keep]);
        }
        let name = format!("cut-{eighth}.warc.gz");
        write(dir.path(), &name, &bytes);
        files.push(name);
    }
    for name in &files {
        let output = extract(dir.path(), &[name]);
        let stderr = stderr(&output);
        assert_eq!(
            urls(&output),
            article_urls([1, 2, 4, 5, 6]),
            "{name}: {stderr}"
        );
        assert!(
            stderr.contains("6 records read: 5 extracted"),
            "{name}: {stderr}"
        );
    }
}
