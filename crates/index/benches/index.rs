//! Indexing throughput, opening time and search latency at a chosen size and shape.
//!
//! Extracts the statements of every PolNeAR article (train and dev) once. Those articles,
//! rewritten, are the *stories*: story 0 is the corpus as extracted; story `g > 0` is the same
//! articles with every word of each content but the corpus's 150 most frequent given the
//! suffix `g` (so no statement of one story is a quote of another, and each story's quotes
//! have the structure of real ones, function words shared across stories) and the same
//! speakers (so speakers gather statements as a wire corpus's do). Each story is then carried
//! by `--carriers` outlets, each copy a distinct article (its own URL and date) with the same
//! statements, as an agency story is carried word for word. Stories are added until the index
//! holds `--statements` statements. Everything is timed in this one process:
//!
//! ```sh
//! cargo bench -p whosaid-index --bench index -- ../shared/data/polnear --statements 1000000 --carriers 20
//! ```
//!
//! It prints indexing throughput per tenth of the target (flat is the aim), then the time to
//! open the index again, the search median and p99 for two-word queries with a speaker filter,
//! and the time of a speaker page and of a quote's provenance, and last what a later run
//! adding to the index pays: opening a writer on it, and adding and committing one new
//! article. `--keep DIR` builds the index
//! in DIR and leaves it there, to measure a reader in a process of its own (`whosaid search`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use whosaid_article::{Article, DateKind, Extraction, Metadata};
use whosaid_extract::Extractor;
use whosaid_index::{SearchRequest, StatementIndex};

// The allocator `whosaid index` runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Articles per commit, as `whosaid index` commits.
const BATCH: usize = 1_000;

struct Options {
    corpus: PathBuf,
    statements: usize,
    carriers: usize,
    /// Where to build the index and leave it (for measuring a reader in another process);
    /// a temporary directory, removed at the end, if none.
    keep: Option<PathBuf>,
}

/// Ends the benchmark with a message saying what is wrong with its arguments.
fn fail(message: &str) -> ! {
    eprintln!("index_bench: {message}");
    std::process::exit(2)
}

fn options() -> Options {
    let mut options = Options {
        corpus: PathBuf::from("../shared/data/polnear"),
        statements: 100_000,
        carriers: 1,
        keep: None,
    };
    // `cargo bench` passes `--bench` along with the arguments given after `--`.
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> usize {
            let value = args.next().unwrap_or_default();
            value
                .parse()
                .unwrap_or_else(|_| fail(&format!("{name} takes a number, not {value:?}")))
        };
        match arg.as_str() {
            "--statements" => options.statements = number("--statements"),
            "--carriers" => options.carriers = number("--carriers").max(1),
            "--keep" => {
                let dir = args.next().unwrap_or_else(|| fail("--keep takes a directory"));
                options.keep = Some(PathBuf::from(dir));
            }
            "--bench" => {}
            other if other.starts_with("--") => fail(&format!(
                "unknown option {other}; the options are --statements N, --carriers N and --keep DIR"
            )),
            // Cargo runs a benchmark in its crate's directory; a relative path is read from
            // the workspace's root, where the commands in the docs are typed.
            other => {
                options.corpus = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../..")
                    .join(other)
            }
        }
    }
    options
}

fn main() {
    let options = options();
    let texts = read_texts(&options.corpus);
    if texts.is_empty() {
        fail(&format!(
            "no *.txt under {} (a relative path is read from the workspace's root)",
            options.corpus.display()
        ));
    }
    let extractor = Extractor::new();
    let extracted: Vec<(String, Extraction)> = texts
        .iter()
        .map(|(name, text)| (name.clone(), extractor.extract(text)))
        .collect();

    let common = most_frequent(&extracted, 150);

    let temporary = tempfile::tempdir().unwrap();
    let dir = options.keep.as_deref().unwrap_or(temporary.path());
    let index = StatementIndex::open_or_create(dir).unwrap();
    let mut writer = index.writer().unwrap();
    let start = Instant::now();
    let mut statements = 0;
    let mut articles = 0;
    let mut pending = 0;
    let mut tenth_start = (Instant::now(), 0usize);
    let mut story = 0;
    'stories: loop {
        for (n, (name, extraction)) in extracted.iter().enumerate() {
            let extraction = rewritten(extraction, story, &common);
            for carrier in 0..options.carriers {
                let article = carried(name, n, story, carrier);
                statements += writer.add(&article, &extraction).unwrap();
                articles += 1;
                pending += 1;
                if pending == BATCH {
                    writer.commit().unwrap();
                    pending = 0;
                    let tenth = options.statements.div_ceil(10).max(1);
                    if statements / tenth > tenth_start.1 / tenth {
                        let seconds = tenth_start.0.elapsed().as_secs_f64();
                        println!(
                            "  {statements:>10} statements: {:.0} statements/s since {}",
                            (statements - tenth_start.1) as f64 / seconds,
                            tenth_start.1
                        );
                        tenth_start = (Instant::now(), statements);
                    }
                    if statements >= options.statements {
                        break 'stories;
                    }
                }
            }
        }
        story += 1;
    }
    writer.commit().unwrap();
    writer.finish().unwrap();
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "indexed {statements} statements ({articles} articles, {} stories, {} carriers each) in {seconds:.1} s: {:.0} statements/s",
        story + 1,
        options.carriers,
        statements as f64 / seconds
    );
    drop(writer);
    drop(index);

    let start = Instant::now();
    let index = StatementIndex::open(dir).unwrap();
    println!(
        "opened the index again in {:.3} s",
        start.elapsed().as_secs_f64()
    );

    // Two-word queries from the corpus's own words, each with a speaker filter on one of the
    // most quoted speakers.
    let speakers = index.speakers("", 50).unwrap();
    let words = [
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
    ];
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
    let (median, p99) = percentiles(&mut latencies);
    println!(
        "search, two words and a speaker filter, 1000 queries over {} statements: median {median:.2} ms, p99 {p99:.2} ms",
        index.statements()
    );
    let top = &speakers[0];
    // The first page reads a hash of each article's key, once per segment; a server pays it
    // once.
    let mut page_ms = Vec::new();
    for _ in 0..2 {
        let start = Instant::now();
        let detail = index.speaker(&top.id).unwrap();
        page_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(detail);
    }
    println!(
        "speaker page of {} ({} statements): {:.1} ms, then {:.1} ms",
        top.id, top.statements, page_ms[0], page_ms[1]
    );
    // The quote of the newest statement: with carriers, one carried by them all.
    let newest = index
        .search(&SearchRequest {
            limit: 1,
            ..SearchRequest::default()
        })
        .unwrap();
    if let Some(hit) = newest.results.first() {
        let quote = &hit.statement.quote;
        let start = Instant::now();
        let group = index.quote(quote, 0, 100).unwrap().unwrap();
        println!(
            "provenance of quote {quote} ({} carriers), first page: {:.1} ms",
            group.total,
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
    drop(index);

    // A later run adding to the index, as a daily `whosaid index` does: open a writer, add one
    // new article, commit, and save the writer's state and identities for the next run.
    let start = Instant::now();
    let index = StatementIndex::open(dir).unwrap();
    let mut writer = index.writer().unwrap();
    let (name, extraction) = &extracted[0];
    let extraction = rewritten(extraction, story + 1, &common);
    writer
        .add(&carried(name, 0, story + 1, 0), &extraction)
        .unwrap();
    writer.commit().unwrap();
    writer.finish().unwrap();
    println!(
        "a later run adding one article (open a writer, add, commit, finish): {:.1} s",
        start.elapsed().as_secs_f64()
    );
}

/// Story `story` of an extraction: story 0 as it is; in later ones, every word of the content
/// but the corpus's most frequent ones (`common`) gets the story's number as a suffix, so a
/// later story's statements are new quotes that still share their function words, as real
/// ones do.
fn rewritten(extraction: &Extraction, story: usize, common: &HashSet<String>) -> Extraction {
    let mut extraction = extraction.clone();
    if story == 0 {
        return extraction;
    }
    let suffix = story.to_string();
    for statement in &mut extraction.statements {
        for span in &mut statement.contents {
            let mut text = String::with_capacity(span.text.len() + 16);
            let mut word = String::new();
            for c in span.text.chars().chain(std::iter::once(' ')) {
                if c.is_alphanumeric() {
                    word.push(c);
                    continue;
                }
                if !word.is_empty() {
                    text.push_str(&word);
                    if !common.contains(&word.to_lowercase()) {
                        text.push_str(&suffix);
                    }
                    word.clear();
                }
                text.push(c);
            }
            text.pop();
            span.text = text;
        }
    }
    extraction
}

/// The `n` most frequent words of the extractions' contents, lower-cased.
fn most_frequent(extracted: &[(String, Extraction)], n: usize) -> HashSet<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (_, extraction) in extracted {
        for statement in &extraction.statements {
            for span in &statement.contents {
                for word in span.text.split(|c: char| !c.is_alphanumeric()) {
                    if !word.is_empty() {
                        *counts.entry(word.to_lowercase()).or_default() += 1;
                    }
                }
            }
        }
    }
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts.into_iter().take(n).map(|(word, _)| word).collect()
}

/// Carrier `carrier`'s copy of article `n` of story `story`.
fn carried(name: &str, n: usize, story: usize, carrier: usize) -> Article {
    let day = story * 7 + carrier;
    let date = format!(
        "20{:02}-{:02}-{:02}",
        10 + (day / 336) % 80,
        1 + (day / 28) % 12,
        1 + day % 28
    );
    Article {
        id: format!("{name}#{story}#{carrier}"),
        text: String::new(),
        from_html: false,
        metadata: Metadata {
            url: Some(format!("https://outlet{carrier}.example/{story}/{name}")),
            site: Some(format!("Outlet {}", (carrier + n) % 1000)),
            date: Some(date),
            date_kind: Some(DateKind::Published),
            ..Metadata::default()
        },
        warnings: Vec::new(),
    }
}

fn percentiles(latencies: &mut [f64]) -> (f64, f64) {
    latencies.sort_by(f64::total_cmp);
    (
        latencies[latencies.len() / 2],
        latencies[latencies.len() * 99 / 100],
    )
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
