//! whosaid-fuzz owns the fuzz targets: one function per way hostile bytes reach whosaid (a WARC
//! archive, a gzip stream, an HTML page, JSON lines, a date, the search API's parameters, the
//! extractor), each checking what must hold for every input, not only that nothing panics.
//!
//! Two runners drive them. `fuzz/` at the top of the repository is a cargo-fuzz project, for
//! coverage-guided runs of any length (`scripts/fuzz.sh`); its seeds in `fuzz/seeds/` hold the
//! inputs that once crashed or stalled whosaid. [`mutate`] is a small deterministic mutator
//! that the tests of this crate run over the same seeds on every `cargo test`, so that a
//! regression is found without the nightly-only instrumentation cargo-fuzz needs.

#![deny(missing_docs)]

pub mod mutate;

use std::io::Cursor;
use std::sync::OnceLock;

use whosaid_extract::{EntityType, Extraction, Extractor, Span, Speaker, Statement, StatementKind};
use whosaid_index::StatementIndex;
use whosaid_ingest::{self as ingest, Article, DateKind, Format, Metadata, ReadOptions};

/// A target: its name (the cargo-fuzz target and the seed directory) and its function.
pub struct Target {
    /// The cargo-fuzz target's name, and its seeds' directory under `fuzz/seeds/`.
    pub name: &'static str,
    /// Runs the target on one input; panics when something that must hold does not.
    pub run: fn(&[u8]),
}

/// Every target.
pub const TARGETS: &[Target] = &[
    Target {
        name: "warc",
        run: warc,
    },
    Target {
        name: "gzip",
        run: gzip,
    },
    Target {
        name: "html",
        run: html,
    },
    Target {
        name: "jsonl",
        run: jsonl,
    },
    Target {
        name: "dates",
        run: dates,
    },
    Target {
        name: "search",
        run: search,
    },
    Target {
        name: "extract",
        run: extract,
    },
];

/// Records are capped small here, so that a run spends its time on framing, not on copying.
fn options(format: Option<Format>) -> ReadOptions {
    ReadOptions {
        max_bytes: 1 << 20,
        format,
        ..ReadOptions::default()
    }
}

/// Reads `data` as a stream of records and prepares every one (decoding, main text, language),
/// as `whosaid extract` does; every record read must be accounted for, and a stream of n bytes
/// cannot hold more than a record per byte it decompresses to (deflate makes at most 1032
/// bytes of one), and one more.
fn read_all(data: &[u8], format: Option<Format>) {
    let records = ingest::open_reader(
        Box::new(Cursor::new(data.to_vec())),
        "fuzz".to_owned(),
        format,
        &options(format),
    );
    let mut count = 0usize;
    for record in records {
        count += 1;
        assert!(count <= data.len() * 1032 + 1, "more records than bytes");
        match record.and_then(ingest::prepare) {
            Ok(article) => assert!(!article.text.trim().is_empty()),
            Err(skip) => assert!(!skip.detail.is_empty(), "a skip says why: {skip:?}"),
        }
    }
}

/// A WARC stream, uncompressed (a gzip stream is the `gzip` target's).
pub fn warc(data: &[u8]) {
    read_all(data, Some(Format::Warc));
}

/// Any stream whose format is sniffed, gzipped or not: the gzip member reader first.
pub fn gzip(data: &[u8]) {
    read_all(data, None);
}

/// JSON lines.
pub fn jsonl(data: &[u8]) {
    read_all(data, Some(Format::Jsonl));
}

/// An HTML page's main text and metadata, with and without the URL it came from.
pub fn html(data: &[u8]) {
    let page = String::from_utf8_lossy(data);
    for url in [None, Some("https://news.example/a/story.html")] {
        if let Ok(main) = ingest::main_text(&page, url) {
            if let (Some(fetched), Some(declared)) = (url, main.metadata.url.as_deref()) {
                assert_eq!(host(fetched), host(declared), "a page claimed another host");
            }
        }
    }
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// A date as a page gives it: parsed or not, never a panic, and in range when parsed.
pub fn dates(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some(seconds) = whosaid_index::dates::parse(&text) {
        assert!((-5_364_662_400..7_258_118_400).contains(&seconds));
        let formatted = whosaid_index::dates::format(seconds);
        assert_eq!(whosaid_index::dates::parse(&formatted), Some(seconds));
    }
}

/// The extractor on any text: every span it gives is exactly the text at its offsets.
pub fn extract(data: &[u8]) {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    let text = String::from_utf8_lossy(data);
    let extraction = EXTRACTOR.get_or_init(Extractor::new).extract(&text);
    let chars: Vec<char> = text.chars().collect();
    let check = |span: &Span| {
        assert!(
            span.start <= span.end && span.end <= chars.len(),
            "{span:?}"
        );
        let at: String = chars[span.start..span.end].iter().collect();
        assert_eq!(at, span.text);
    };
    for statement in &extraction.statements {
        statement.cue.iter().for_each(check);
        statement.contents.iter().for_each(check);
        statement.sources.iter().for_each(check);
        for speaker in statement.speakers.iter().chain(&statement.speaker) {
            assert!(speaker.entity < extraction.entities.len());
        }
    }
    for entity in &extraction.entities {
        entity.mentions.iter().for_each(check);
    }
}

/// The HTTP API over a small index: the first byte picks an endpoint, the rest is its query
/// string or path id, as a client could send it. Nothing a client sends may be a server error.
pub fn search(data: &[u8]) {
    let (app, runtime) = api();
    let (&pick, rest) = data.split_first().unwrap_or((&0, &[]));
    let encoded = percent_encode(rest);
    let uri = match pick % 6 {
        0 | 1 => format!("/api/search?{encoded}"),
        2 => format!("/api/speakers?{encoded}"),
        3 => format!("/api/speakers/{encoded}"),
        4 => format!("/api/speakers/{encoded}/timeline?interval={encoded}"),
        _ => format!("/api/quotes/{encoded}"),
    };
    let Ok(request) = axum::http::Request::get(uri).body(axum::body::Body::empty()) else {
        return;
    };
    let status = runtime.block_on(async {
        use tower::ServiceExt;
        app.clone().oneshot(request).await.map(|r| r.status())
    });
    let status = status.unwrap_or_else(|never| match never {});
    assert!(!status.is_server_error(), "{status} for {data:?}");
}

/// Bytes as a query string: what may stand in a URI as is, the rest percent-encoded, so that
/// `&`, `=` and `%` in the input still shape the query.
fn percent_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &byte in bytes {
        if byte.is_ascii_alphanumeric() || b"-._~&=%+:,;@!$'()*".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The API over a fixture index, built once per process.
fn api() -> &'static (axum::Router, tokio::runtime::Runtime) {
    static API: OnceLock<(axum::Router, tokio::runtime::Runtime)> = OnceLock::new();
    API.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let index = fixture_index(dir.path());
        // The index lives as long as the process.
        std::mem::forget(dir);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        (whosaid_serve::router(std::sync::Arc::new(index)), runtime)
    })
}

fn fixture_index(dir: &std::path::Path) -> StatementIndex {
    let span = |text: &str| Span {
        start: 0,
        end: text.chars().count(),
        text: text.to_owned(),
    };
    let index = StatementIndex::open_or_create(dir).expect("an index");
    let mut writer = index.writer().expect("a writer");
    let speakers = [("Mark Rutte", "NATO Secretary General"), ("Rutte", "")];
    for (n, day) in ["2024-10-02", "2024-11-26T08:00:00Z", "not a date"]
        .iter()
        .enumerate()
    {
        let (name, role) = speakers[n % 2];
        let speaker = Speaker {
            entity: 0,
            name: name.to_owned(),
            entity_type: EntityType::Person,
            roles: vec![role.to_owned()]
                .into_iter()
                .filter(|r| !r.is_empty())
                .collect(),
        };
        let content = "“Ukraine will not stand alone while the alliance stands together,”";
        let statement = Statement {
            kind: StatementKind::Direct,
            cue: Some(span("said")),
            contents: vec![span(content)],
            sources: vec![span(name)],
            speakers: vec![speaker.clone()],
            speaker: Some(speaker),
            act: whosaid_extract::Act::Speech,
            addressee: None,
            medium: None,
            confidence: 0.9,
            voice: Default::default(),
        };
        let article = Article {
            id: format!("a{n}"),
            text: content.to_owned(),
            from_html: true,
            metadata: Metadata {
                url: Some(format!("https://news{n}.example/story")),
                title: Some(format!("Story {n}")),
                site: Some(format!("Outlet {n}")),
                date: Some((*day).to_owned()),
                date_kind: Some(DateKind::Published),
                ..Metadata::default()
            },
            warnings: Vec::new(),
        };
        let extraction = Extraction {
            statements: vec![statement],
            entities: Vec::new(),
        };
        writer.add(&article, &extraction).expect("added");
    }
    writer.commit().expect("committed");
    drop(writer);
    index
}
