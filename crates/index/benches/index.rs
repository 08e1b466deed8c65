//! Indexing throughput and search latency on an index of at least 100,000 statements.
//!
//! Extracts the statements of every PolNeAR article (train and dev) once, then indexes them
//! as many times as it takes to pass 100,000 statements, each copy a distinct article (its own
//! URL and date, shifted by a week per copy, so timelines and quote groups have work to do).
//! Then it times two-word queries with a speaker filter, all in this one process:
//!
//! ```sh
//! cargo bench -p whosaid-index --bench index -- ../shared/data/polnear
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use whosaid_article::{Article, DateKind, Metadata};
use whosaid_extract::Extractor;
use whosaid_index::{SearchRequest, StatementIndex};

const TARGET_STATEMENTS: usize = 100_000;

fn main() {
    // `cargo bench` passes `--bench` along with the arguments given after `--`.
    let corpus = PathBuf::from(
        std::env::args()
            .skip(1)
            .find(|arg| !arg.starts_with("--"))
            .unwrap_or_else(|| "../shared/data/polnear".into()),
    );
    let texts = read_texts(&corpus);
    assert!(!texts.is_empty(), "no *.txt under {}", corpus.display());
    let extractor = Extractor::new();
    let extracted: Vec<_> = texts
        .iter()
        .map(|(name, text)| (name, text, extractor.extract(text)))
        .collect();
    let per_copy: usize = extracted.iter().map(|(_, _, e)| e.statements.len()).sum();
    let copies = TARGET_STATEMENTS.div_ceil(per_copy.max(1));

    let dir = tempfile::tempdir().unwrap();
    let index = StatementIndex::open_or_create(dir.path()).unwrap();
    let mut writer = index.writer().unwrap();
    let start = Instant::now();
    let mut statements = 0;
    for copy in 0..copies {
        for (n, (name, text, extraction)) in extracted.iter().enumerate() {
            let date = format!("2016-{:02}-{:02}", 1 + (copy + n) % 12, 1 + n % 28);
            let article = Article {
                id: format!("{name}#{copy}"),
                text: (*text).clone(),
                from_html: false,
                metadata: Metadata {
                    url: Some(format!("https://copy{copy}.example/{name}")),
                    site: Some(format!("Outlet {}", n % 20)),
                    date: Some(date),
                    date_kind: Some(DateKind::Published),
                    ..Metadata::default()
                },
                warnings: Vec::new(),
            };
            statements += writer.add(&article, extraction).unwrap();
        }
        writer.commit().unwrap();
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "indexed {statements} statements ({} articles × {copies} copies) in {seconds:.1} s: {:.0} statements/s",
        extracted.len(),
        statements as f64 / seconds
    );

    // Two-word queries from the corpus's own words, each with a speaker filter on one of the
    // most quoted speakers.
    let speakers = index.speakers("", 50).unwrap();
    let words: Vec<&str> = [
        "said",
        "campaign",
        "percent",
        "voters",
        "president",
        "debate",
        "Clinton",
        "Trump",
        "emails",
        "tax",
        "police",
        "immigration",
        "economy",
        "poll",
        "Republican",
        "state",
    ]
    .to_vec();
    let mut latencies = Vec::new();
    for i in 0..1000 {
        let request = SearchRequest {
            q: format!(
                "{} {}",
                words[i % words.len()],
                words[(i * 7 + 3) % words.len()]
            ),
            speaker: Some(speakers[i % speakers.len()].id.clone()),
            limit: 20,
            ..SearchRequest::default()
        };
        let start = Instant::now();
        let results = index.search(&request).unwrap();
        latencies.push(start.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(results);
    }
    latencies.sort_by(f64::total_cmp);
    let median = latencies[latencies.len() / 2];
    let p99 = latencies[latencies.len() * 99 / 100];
    println!(
        "search, two words and a speaker filter, 1000 queries over {} statements: median {median:.2} ms, p99 {p99:.2} ms",
        index.statements()
    );
}

fn read_texts(dir: &Path) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                    texts.push((name, text));
                }
            }
        }
    }
    texts
}
