//! `whosaid extract` on the inputs of the web: HTML pages, WARC archives (gzipped per record,
//! as Common Crawl writes them), JSON lines, and the damaged versions of each that a crawl
//! always contains. The files are built by the tests; the last test uses the real pages of
//! `../shared/data/news-html` when they are there.

mod common;

use std::fs;
use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use common::*;

fn german_page() -> String {
    page(
        "Minister",
        &[
            "Die Außenministerin Anna Berg sprach am Dienstag in Brüssel mit Journalisten, nach \
           einem langen Treffen mit ihren Amtskollegen aus den anderen Mitgliedstaaten.",
            "„Wir werden gewinnen“, sagte sie. „Die Ukraine wird nicht allein gelassen, und \
           niemand in diesem Gebäude hat daran irgendeinen Zweifel.“",
        ],
    )
}

fn english_warc() -> Vec<Vec<u8>> {
    vec![
        record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        record(
            "request",
            "https://daily.example/berg",
            "application/http; msgtype=request",
            b"GET /berg HTTP/1.1\r\nHost: daily.example\r\n\r\n",
        ),
        response(
            "https://daily.example/berg",
            "200 OK",
            "text/html; charset=utf-8",
            page("Berg: we will win", &STORY).as_bytes(),
        ),
        response(
            "https://daily.example/de/berg",
            "200 OK",
            "text/html; charset=utf-8",
            german_page().as_bytes(),
        ),
        response(
            "https://daily.example/logo.png",
            "200 OK",
            "image/png",
            b"\x89PNG\r\n\x1a\n",
        ),
        response(
            "https://daily.example/old",
            "301 Moved Permanently",
            "text/html",
            b"",
        ),
        record(
            "metadata",
            "https://daily.example/berg",
            "application/warc-fields",
            b"fetchTimeMs: 12\r\n",
        ),
    ]
}

#[test]
fn a_warc_gz_yields_the_english_html_responses_with_their_metadata() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "crawl.warc.gz", &warc_gz(&english_warc()));
    let output = whosaid(
        dir.path(),
        &["extract", "--format", "jsonl", "crawl.warc.gz"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let docs = documents(&output);
    assert_eq!(docs.len(), 1, "{docs:?}");
    let doc = &docs[0];
    assert!(
        doc["id"].as_str().unwrap().starts_with("crawl.warc.gz@"),
        "{doc}"
    );
    let metadata = &doc["metadata"];
    assert_eq!(metadata["url"], "https://daily.example/berg");
    assert_eq!(metadata["site"], "The Daily");
    assert_eq!(metadata["date"], "2024-11-26T08:00:00Z");
    assert_eq!(metadata["date_kind"], "published");
    assert_eq!(metadata["language"], "eng");
    let text = doc["text"]
        .as_str()
        .expect("HTML articles carry their text");
    assert!(
        text.contains("\u{201c}We will win,\u{201d} she said."),
        "{text}"
    );
    assert!(!text.contains("Copyright"), "{text}");
    assert!(text.contains("\n\n"), "paragraphs are kept: {text}");
    assert!(!doc["statements"].as_array().unwrap().is_empty(), "{doc}");
    assert_spans_match(doc, text);
    let summary = stderr(&output);
    assert!(
        summary.contains("7 records read: 1 extracted ("),
        "{summary}"
    );
    assert!(
        summary.contains(
            "6 skipped (3 not a response, 1 HTTP error status, 1 not HTML, 1 not English)"
        ),
        "{summary}"
    );

    // The same archive uncompressed, and with threads, gives the same articles.
    let plain: Vec<u8> = english_warc().concat();
    write(dir.path(), "crawl.warc", &plain);
    let again = whosaid(
        dir.path(),
        &[
            "extract",
            "--format",
            "jsonl",
            "--threads",
            "3",
            "crawl.warc",
        ],
    );
    let again = documents(&again);
    assert_eq!(again[0]["statements"], doc["statements"]);
    assert_eq!(again[0]["metadata"], doc["metadata"]);
}

#[test]
fn a_page_without_a_publication_date_takes_the_crawl_date_and_says_so() {
    let dir = TempDir::new().unwrap();
    let html = page("Berg", &STORY).replace("article:published_time", "x-nothing");
    let warc = response(
        "https://daily.example/b",
        "200 OK",
        "text/html",
        html.as_bytes(),
    );
    write(dir.path(), "a.warc", &warc);
    let output = whosaid(dir.path(), &["extract", "--format", "jsonl", "a.warc"]);
    let docs = documents(&output);
    assert_eq!(docs[0]["metadata"]["date"], "2024-12-01T10:00:00Z");
    assert_eq!(docs[0]["metadata"]["date_kind"], "crawled");
}

#[test]
fn damaged_inputs_are_skipped_counted_and_named_and_the_rest_is_read() {
    let dir = TempDir::new().unwrap();
    let good = |n: usize| {
        response(
            &format!("https://daily.example/{n}"),
            "200 OK",
            "text/html",
            page("Berg", &STORY).as_bytes(),
        )
    };
    // A gzip cut in the middle of its last member: two records survive.
    let whole = warc_gz(&[good(1), good(2), good(3)]);
    write(dir.path(), "cut.warc.gz", &whole[..whole.len() - 200]);
    // A record whose Content-Length claims more than it has, followed by a good one.
    let mut lying = String::from_utf8(good(4)).unwrap();
    let length = lying.find("Content-Length: ").unwrap();
    let end = length + lying[length..].find("\r\n").unwrap();
    lying.replace_range(length..end, "Content-Length: 99999");
    let mut lying = lying.into_bytes();
    lying.extend(good(5));
    lying.extend(good(6));
    write(dir.path(), "lying.warc", &lying);
    // Binary data served as text/html, and a page in an unknown charset (decoded anyway).
    let mut mixed = response(
        "https://daily.example/bin",
        "200 OK",
        "text/html",
        b"\x00\x01\x02\x03\x7fELF\x00\x00",
    );
    mixed.extend(response(
        "https://daily.example/klingon",
        "200 OK",
        "text/html; charset=x-klingon",
        page("Berg", &STORY).as_bytes(),
    ));
    write(dir.path(), "mixed.warc", &mixed);
    // JSON lines with a line that is not JSON, and a gzipped JSON lines file cut short.
    let line =
        serde_json::json!({"text": STORY.join("\n\n"), "url": "https://x.example/1"}).to_string();
    write(
        dir.path(),
        "feed.jsonl",
        format!("{line}\n{{not json\n{line}\n").as_bytes(),
    );
    let zipped = gzip(format!("{line}\n{line}\n{line}\n").as_bytes());
    write(dir.path(), "feed2.jsonl.gz", &zipped[..zipped.len() / 2]);

    let output = whosaid(
        dir.path(),
        &[
            "extract",
            "--format",
            "jsonl",
            "cut.warc.gz",
            "lying.warc",
            "mixed.warc",
            "feed.jsonl",
            "feed2.jsonl.gz",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "damage is reported in the exit status"
    );
    let stderr = stderr(&output);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let ids: Vec<String> = documents(&output)
        .iter()
        .map(|doc| doc["id"].as_str().unwrap().to_owned())
        .collect();
    let from = |name: &str| ids.iter().filter(|id| id.starts_with(name)).count();
    assert_eq!(from("cut.warc.gz@"), 2, "{ids:?}");
    assert_eq!(from("lying.warc@"), 2, "{ids:?}");
    assert_eq!(from("mixed.warc@"), 1, "{ids:?}");
    assert_eq!(
        ids.iter()
            .filter(|id| id.starts_with("feed.jsonl:"))
            .count(),
        2,
        "{ids:?}"
    );
    for expected in [
        "whosaid: cut.warc.gz@",
        "(truncated)",
        "whosaid: lying.warc@0: ",
        "(malformed)",
        "binary data, not text (bad encoding)",
        "whosaid: feed.jsonl:2: not JSON",
        "whosaid: warning: mixed.warc@",
        "unknown charset \"x-klingon\", ignored",
        "whosaid: feed2.jsonl.gz:",
    ] {
        assert!(stderr.contains(expected), "{expected:?} in {stderr}");
    }
    assert!(stderr.contains(" skipped ("), "{stderr}");
}

#[test]
fn html_files_and_json_lines_are_articles_too() {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "pages/berg.html",
        page("Berg", &STORY).as_bytes(),
    );
    let zipped = gzip(page("Berg", &STORY).as_bytes());
    write(dir.path(), "pages/berg2.htm.gz", &zipped);
    let line = serde_json::json!({
        "article": {"body": STORY.join("\n\n")},
        "link": "https://x.example/1",
        "headline": "Berg speaks",
    });
    write(
        dir.path(),
        "pages/feed.jsonl",
        format!("{line}\n").as_bytes(),
    );
    let output = whosaid(
        dir.path(),
        &[
            "extract",
            "--format",
            "jsonl",
            "--text-field",
            "article.body",
            "--url-field",
            "link",
            "--title-field",
            "headline",
            "pages",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let docs = documents(&output);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "pages/berg.html",
            "pages/berg2.htm.gz",
            "pages/feed.jsonl:1"
        ]
    );
    assert_eq!(docs[0]["statements"], docs[1]["statements"]);
    assert!(docs[0]["text"].is_string());
    assert!(
        docs[2]["text"].is_null(),
        "a JSON line's text is the user's own"
    );
    assert_eq!(docs[2]["metadata"]["url"], "https://x.example/1");
    assert_eq!(docs[2]["metadata"]["title"], "Berg speaks");
    assert_spans_match(&docs[2], &STORY.join("\n\n"));
}

#[test]
fn formats_are_sniffed_when_the_name_says_nothing_and_globs_expand() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "in/a.data", &english_warc().concat());
    write(dir.path(), "in/b.txt", STORY.join("\n\n").as_bytes());
    write(dir.path(), "in/c.txt", STORY.join("\n\n").as_bytes());
    let sniffed = whosaid(dir.path(), &["extract", "--format", "jsonl", "in/a.data"]);
    assert_eq!(documents(&sniffed).len(), 1, "{}", stderr(&sniffed));
    let globbed = whosaid(dir.path(), &["extract", "--format", "jsonl", "in/*.txt"]);
    let ids: Vec<String> = documents(&globbed)
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["in/b.txt", "in/c.txt"]);
    let nothing = whosaid(dir.path(), &["extract", "in/*.nothing"]);
    assert_eq!(nothing.status.code(), Some(1));
    assert!(stderr(&nothing).contains("no file matches it as a pattern"));
}

#[test]
fn a_record_over_the_size_limit_is_skipped_by_name() {
    let dir = TempDir::new().unwrap();
    let huge =
        page("Berg", &STORY).replace("<footer>", &format!("<footer>{}", "x".repeat(300_000)));
    let mut warc = response(
        "https://daily.example/huge",
        "200 OK",
        "text/html",
        huge.as_bytes(),
    );
    warc.extend(response(
        "https://daily.example/ok",
        "200 OK",
        "text/html",
        page("Berg", &STORY).as_bytes(),
    ));
    write(dir.path(), "big.warc", &warc);
    let output = whosaid(
        dir.path(),
        &[
            "extract",
            "--format",
            "jsonl",
            "--max-bytes",
            "200K",
            "big.warc",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("whosaid: big.warc@0: "),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("(too large)"),
        "{}",
        stderr(&output)
    );
    assert_eq!(documents(&output).len(), 1);
}

#[test]
fn a_huge_page_is_refused_before_it_is_parsed() {
    let dir = TempDir::new().unwrap();
    // 40 MB of paragraphs: under --max-bytes, over what a page may have.
    let huge = page("Berg", &[&STORY.join("</p><p>").repeat(80_000)]);
    assert!(huge.len() > 40 << 20);
    let mut warc = gzip(&response(
        "https://daily.example/huge",
        "200 OK",
        "text/html",
        huge.as_bytes(),
    ));
    warc.extend(gzip(&response(
        "https://daily.example/ok",
        "200 OK",
        "text/html",
        page("Berg", &STORY).as_bytes(),
    )));
    write(dir.path(), "huge.warc.gz", &warc);
    let output = whosaid(
        dir.path(),
        &["extract", "--format", "jsonl", "huge.warc.gz"],
    );
    let stderr = stderr(&output);
    assert!(stderr.contains("HTML page of 4"), "{stderr}");
    assert!(stderr.contains("(too large)"), "{stderr}");
    assert_eq!(documents(&output).len(), 1);
}

#[test]
fn csv_and_parquet_have_one_row_per_statement_with_the_article_metadata() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "crawl.warc.gz", &warc_gz(&english_warc()));
    write(dir.path(), "story.txt", STORY.join("\n\n").as_bytes());
    let inputs = ["crawl.warc.gz", "story.txt"];
    let jsonl = whosaid(
        dir.path(),
        &[&["extract", "--format", "jsonl"][..], &inputs].concat(),
    );
    let statements: usize = documents(&jsonl)
        .iter()
        .map(|doc| doc["statements"].as_array().unwrap().len())
        .sum();
    assert!(statements >= 2);

    let csv = whosaid(
        dir.path(),
        &[&["extract", "--format", "csv"][..], &inputs].concat(),
    );
    assert!(csv.status.success(), "{}", stderr(&csv));
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(&header[..3], ["article_id", "url", "title"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), statements);
    let url = header.iter().position(|h| h == "url").unwrap();
    assert_eq!(&rows[0][url], "https://daily.example/berg");

    let out = dir.path().join("statements.parquet");
    let parquet = whosaid(
        dir.path(),
        &[
            &[
                "extract",
                "--format",
                "parquet",
                "-o",
                out.to_str().unwrap(),
            ][..],
            &inputs,
        ]
        .concat(),
    );
    assert!(parquet.status.success(), "{}", stderr(&parquet));
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let reader = SerializedFileReader::new(fs::File::open(&out).unwrap()).unwrap();
    let metadata = reader.metadata().file_metadata();
    assert_eq!(metadata.num_rows() as usize, statements);
    let names: Vec<&str> = metadata
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name())
        .collect();
    assert_eq!(names, header);
    let first = reader.get_row_iter(None).unwrap().next().unwrap().unwrap();
    let url_value = first
        .get_column_iter()
        .find(|(name, _)| *name == "url")
        .unwrap()
        .1
        .to_string();
    assert!(
        url_value.contains("https://daily.example/berg"),
        "{url_value}"
    );
}

/// The real pages of news-html, wrapped as a Common Crawl-style WARC, give the same articles
/// as the pages read one by one.
#[test]
fn news_html_pages_read_alike_as_files_and_as_a_warc() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/news-html");
    let Ok(truth) = fs::read_to_string(data.join("ground-truth.json")) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} is missing, and CI needs it",
            data.display()
        );
        eprintln!("skipped: {} is not here", data.display());
        return;
    };
    let truth: serde_json::Map<String, Value> = serde_json::from_str(&truth).unwrap();
    // Only the pages marked dev: the reserved ones are kept for independent evaluation.
    let splits = fs::read_to_string(data.join("splits.tsv")).unwrap();
    let dev: std::collections::HashSet<&str> = splits
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .filter(|(_, split)| *split == "dev")
        .map(|(page, _)| page)
        .collect();
    let dir = TempDir::new().unwrap();
    let mut records = Vec::new();
    let pages = truth.iter().filter(|(id, _)| dev.contains(id.as_str()));
    for (id, entry) in pages.take(40) {
        let zipped = fs::read(data.join("html").join(format!("{id}.html.gz"))).unwrap();
        let mut html = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&zipped[..]), &mut html)
            .unwrap();
        let url = entry["url"].as_str().unwrap();
        records.push(response(url, "200 OK", "text/html", &html));
        write(dir.path(), &format!("pages/{id}.html"), &html);
    }
    write(dir.path(), "pages.warc.gz", &warc_gz(&records));
    let from_warc = whosaid(
        dir.path(),
        &["extract", "--format", "jsonl", "pages.warc.gz"],
    );
    assert!(from_warc.status.success(), "{}", stderr(&from_warc));
    let from_files = whosaid(dir.path(), &["extract", "--format", "jsonl", "pages"]);
    let from_warc = documents(&from_warc);
    let mut from_files = documents(&from_files);
    assert!(
        from_warc.len() >= 30,
        "most pages are English: {}",
        from_warc.len()
    );
    // Files come out in name order, the WARC in record order (the map's, which is also by id).
    from_files.sort_by_key(|doc| doc["id"].as_str().unwrap().to_owned());
    assert_eq!(from_warc.len(), from_files.len());
    for (warc, file) in from_warc.iter().zip(&from_files) {
        assert_eq!(warc["text"], file["text"]);
        assert_eq!(warc["statements"], file["statements"]);
        assert_spans_match(warc, warc["text"].as_str().unwrap());
    }
}
