//! `whosaid bench`: extraction speed on one thread over a real corpus, next to the speed of the
//! text layer alone (tokens, sentences, quotes), which every extraction starts with. The ratio
//! of the two says how much the extraction adds on top of reading the text.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use serde::Serialize;
use whosaid_extract::Extractor;

use crate::{error, warn};
use whosaid_ingest::{self as ingest, Input, ReadOptions};

/// Where the default corpus is, from the current directory or from the workspace root.
const DEFAULT_CORPUS: &str = "../shared/data/polnear";

/// The example article bundled with whosaid: the corpus of last resort, so that `bench` works
/// anywhere.
#[cfg(bundled_example)]
const BUNDLED_EXAMPLE: Option<&str> = Some(include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/nato-foreign-ministers.txt"
)));
#[cfg(not(bundled_example))]
const BUNDLED_EXAMPLE: Option<&str> = None;
const BUNDLED_NAME: &str = "the bundled examples/nato-foreign-ministers.txt";

#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// Files or directories (every *.txt file below) to measure on [default: every *.txt under
    /// ../shared/data/polnear/ from the current directory, else from the workspace root, else
    /// the bundled example article].
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Timed passes over the corpus, after one warm-up pass; the median is reported.
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..))]
    repeat: u32,

    /// Measure on the gold article bodies of a news-html set instead (e.g.
    /// ../shared/data/news-html: the pages its splits.tsv puts in `dev`, every page without
    /// one; the `reserved` pages are never read).
    #[arg(long, value_name = "DIR", conflicts_with = "paths")]
    news: Option<PathBuf>,

    /// With --news: also time taking the main text out of each page's HTML (html5ever,
    /// readability and whosaid's guards against hostile pages), in MB/s of HTML: the step
    /// before extraction when the input is HTML or WARC.
    #[arg(long, requires = "news")]
    html: bool,

    /// Print the results as one JSON object.
    #[arg(long)]
    json: bool,

    /// Also time the extraction's stages: the text layer, then tagging, parsing, the
    /// labeller's two passes and its boundary stage each added to the ones before, in the same
    /// process; what each adds is its share of the extraction's time (the rest is the
    /// extractor's rules, speakers and confidence).
    #[arg(long)]
    stages: bool,
}

/// The texts measured on, all in memory so that reading files is not measured.
struct Corpus {
    name: String,
    texts: Vec<String>,
    /// The pages the texts were taken from, with `--news --html`.
    pages: Vec<Page>,
}

/// A news page's HTML and where it came from.
struct Page {
    html: String,
    url: String,
}

impl Corpus {
    fn bytes(&self) -> usize {
        self.texts.iter().map(String::len).sum()
    }
}

/// The speed of one thing over the whole corpus.
#[derive(Clone, Serialize)]
struct Speed {
    /// Median seconds per pass over the corpus.
    seconds: f64,
    mb_per_s: f64,
    articles_per_s: f64,
    /// Times each timed pass went over the corpus (more than once for a small corpus).
    rounds: u32,
    /// Every timed pass's seconds per time over the corpus, in order.
    passes: Vec<f64>,
}

#[derive(Serialize)]
struct Report {
    corpus: String,
    articles: usize,
    /// Bytes of UTF-8 text; MB below are 10^6 of these.
    bytes: usize,
    threads: usize,
    repeat: u32,
    /// Statements the extraction found in the corpus.
    statements: usize,
    /// Sentences the text layer found in the corpus.
    sentences: usize,
    extraction: Speed,
    /// `whosaid_text::Document::parse` alone.
    baseline: Speed,
    /// With `--html`: taking the main text out of the pages' HTML, in MB/s of HTML.
    #[serde(skip_serializing_if = "Option::is_none")]
    main_text: Option<MainTextSpeed>,
    /// Extraction time over baseline time: how many times longer the extraction takes.
    ratio: f64,
    /// With `--stages`: each stage's cumulative time (everything up to and including it), in
    /// pipeline order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    stages: Vec<Stage>,
}

/// The speed of taking the main text out of the pages' HTML.
#[derive(Serialize)]
struct MainTextSpeed {
    pages: usize,
    /// Bytes of HTML; MB/s are of these.
    html_bytes: usize,
    /// Pages whose main text whosaid could not take (none on the news-html pages).
    failed: usize,
    speed: Speed,
}

/// One stage of the extraction, timed with every stage before it.
#[derive(Serialize)]
struct Stage {
    name: &'static str,
    /// Up to and including this stage.
    cumulative: Speed,
    /// What this stage adds, as a share of the whole extraction's time (can be slightly
    /// negative when a stage costs less than the noise between passes).
    share: f64,
}

pub fn run(args: BenchArgs) -> ExitCode {
    let loaded = match &args.news {
        Some(dir) => load_news(dir, args.html),
        None => load(&args.paths),
    };
    let (corpus, failed) = match loaded {
        Ok(loaded) => loaded,
        Err(message) => {
            error(&message);
            return ExitCode::FAILURE;
        }
    };
    let extractor = Extractor::new();
    let (extraction, statements) = measure_texts(&corpus, args.repeat, |text| {
        black_box(extractor.extract(text)).statements.len()
    });
    let (baseline, sentences) = measure_texts(&corpus, args.repeat, |text| {
        black_box(whosaid_text::Document::parse(text))
            .sentences
            .len()
    });
    let main_text = (!corpus.pages.is_empty()).then(|| {
        let pages = &corpus.pages;
        let html_bytes = pages.iter().map(|page| page.html.len()).sum();
        let (speed, failed) = measure(pages.len(), html_bytes, args.repeat, |i| {
            let page = &pages[i];
            usize::from(black_box(whosaid_ingest::main_text(&page.html, Some(&page.url))).is_err())
        });
        MainTextSpeed {
            pages: pages.len(),
            html_bytes,
            failed,
            speed,
        }
    });
    let stages = if args.stages {
        stages(&corpus, args.repeat, &baseline, &extraction)
    } else {
        Vec::new()
    };
    let report = Report {
        stages,
        corpus: corpus.name.clone(),
        articles: corpus.texts.len(),
        bytes: corpus.bytes(),
        threads: 1,
        repeat: args.repeat,
        statements,
        sentences,
        ratio: extraction.seconds / baseline.seconds,
        extraction,
        baseline,
        main_text,
    };
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("reports serialize")
        );
    } else {
        print!("{}", plain(&report));
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The cumulative times of tagging, parsing, labelling without and with the boundary stage,
/// with the built-in models (those of [`Extractor::new`]), each stage's share against the whole
/// `extraction`; the text layer (`baseline`) is the first stage.
fn stages(corpus: &Corpus, repeat: u32, baseline: &Speed, extraction: &Speed) -> Vec<Stage> {
    use whosaid_attribution::tag_document;
    use whosaid_extract::models::{Labeller, Parser, Tagger};
    use whosaid_parser::Parse;
    use whosaid_tagger::Tag;
    use whosaid_text::Document;

    let (tagger, parser) = (Tagger::default_model(), Parser::default_model());
    let labeller = Labeller::default_model();
    let passes = labeller.clone().with_boundaries(None);
    fn tag<'t>(tagger: &Tagger, text: &'t str) -> (Document<'t>, Vec<Tag>) {
        let doc = Document::parse(text);
        let tags = tag_document(tagger, &doc);
        (doc, tags)
    }
    fn parse<'t>(
        tagger: &Tagger,
        parser: &Parser,
        text: &'t str,
    ) -> (Document<'t>, Vec<Tag>, Parse) {
        let (doc, tags) = tag(tagger, text);
        let parse = parser.parse(&doc, &tags);
        (doc, tags, parse)
    }
    let cumulative = [
        ("text layer", baseline.clone()),
        (
            "tagging",
            measure_texts(corpus, repeat, |text| black_box(tag(tagger, text)).1.len()).0,
        ),
        (
            "parsing",
            measure_texts(corpus, repeat, |text| {
                black_box(parse(tagger, parser, text)).2.len()
            })
            .0,
        ),
        (
            "labeller passes",
            measure_texts(corpus, repeat, |text| {
                let (doc, tags, parse) = parse(tagger, parser, text);
                black_box(passes.label(&doc, &tags, &parse)).len()
            })
            .0,
        ),
        (
            "boundary stage",
            measure_texts(corpus, repeat, |text| {
                let (doc, tags, parse) = parse(tagger, parser, text);
                black_box(labeller.label(&doc, &tags, &parse)).len()
            })
            .0,
        ),
        ("rules, speakers, confidence", extraction.clone()),
    ];
    let mut before = 0.0;
    cumulative
        .into_iter()
        .map(|(name, cumulative)| {
            let share = (cumulative.seconds - before) / extraction.seconds;
            before = cumulative.seconds;
            Stage {
                name,
                cumulative,
                share,
            }
        })
        .collect()
}

/// A timed pass lasts at least this long: a small corpus (the bundled example) is gone over
/// several times per pass, so that the timer's resolution and noise do not dominate.
const MIN_PASS_SECONDS: f64 = 0.2;

/// [`measure`] over the texts of a corpus.
fn measure_texts(
    corpus: &Corpus,
    repeat: u32,
    mut run: impl FnMut(&str) -> usize,
) -> (Speed, usize) {
    let texts = &corpus.texts;
    measure(texts.len(), corpus.bytes(), repeat, |i| run(&texts[i]))
}

/// One untimed pass over `count` items (of `bytes` bytes in all) to warm caches and lazily
/// built tables (and to count what `run`, given an item's index, finds, which is returned),
/// then `repeat` timed ones.
fn measure(
    count: usize,
    bytes: usize,
    repeat: u32,
    mut run: impl FnMut(usize) -> usize,
) -> (Speed, usize) {
    let mut round = || (0..count).map(&mut run).sum::<usize>();
    let start = Instant::now();
    let found = round();
    let warm_up = start.elapsed().as_secs_f64();
    let rounds = (MIN_PASS_SECONDS / warm_up.max(1e-9))
        .ceil()
        .clamp(1.0, 1e6) as u32;
    let passes: Vec<f64> = (0..repeat)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..rounds {
                round();
            }
            start.elapsed().as_secs_f64() / f64::from(rounds)
        })
        .collect();
    let seconds = median(&passes).max(f64::MIN_POSITIVE);
    let speed = Speed {
        seconds,
        mb_per_s: bytes as f64 / 1e6 / seconds,
        articles_per_s: count as f64 / seconds,
        rounds,
        passes,
    };
    (speed, found)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    }
}

fn plain(report: &Report) -> String {
    let line = |name: &str, speed: &Speed, items: &str| {
        format!(
            "  {name:<11} {:>9.2} MB/s {:>10.1} {items:>8}/s {:>9.4} s/pass\n",
            speed.mb_per_s, speed.articles_per_s, speed.seconds
        )
    };
    let mut out = format!(
        "corpus: {} ({} article{}, {:.2} MB)\n\
         one thread, 1 warm-up pass + {} timed, median pass:\n",
        report.corpus,
        report.articles,
        if report.articles == 1 { "" } else { "s" },
        report.bytes as f64 / 1e6,
        report.repeat,
    );
    out += &line("extraction", &report.extraction, "articles");
    out += &line("text layer", &report.baseline, "articles");
    if let Some(main_text) = &report.main_text {
        out += &format!(
            "main text from the pages' HTML ({} pages, {:.2} MB of HTML{}):\n",
            main_text.pages,
            main_text.html_bytes as f64 / 1e6,
            match main_text.failed {
                0 => String::new(),
                n => format!(", {n} without one"),
            }
        );
        out += &line("main text", &main_text.speed, "pages");
    }
    out += &format!(
        "found {} statements ({} sentences)\n\
         extraction takes {:.2}x the time of the text layer alone\n",
        report.statements, report.sentences, report.ratio
    );
    if !report.stages.is_empty() {
        out += "stages, each timed with the ones before it:\n";
        for stage in &report.stages {
            out += &format!(
                "  {:<28} {:>9.4} s/pass so far, adds {:>5.1} % of the extraction's time\n",
                stage.name,
                stage.cumulative.seconds,
                100.0 * stage.share
            );
        }
    }
    if cfg!(debug_assertions) {
        out += "note: this is a debug build; measure with `cargo run --release -- bench`\n";
    }
    out
}

/// Reads the corpus; unreadable files are reported and left out (the second value says
/// whether any was). An empty corpus is an error: there would be nothing to measure.
fn load(paths: &[PathBuf]) -> Result<(Corpus, bool), String> {
    if !paths.is_empty() {
        return read_all(paths, paths_name(paths));
    }
    match default_corpus() {
        Some(dir) => read_all(std::slice::from_ref(&dir), ingest::display(&dir)),
        None => match BUNDLED_EXAMPLE {
            Some(text) => Ok((
                Corpus {
                    name: BUNDLED_NAME.to_owned(),
                    texts: vec![text.to_owned()],
                    pages: Vec::new(),
                },
                false,
            )),
            None => Err(format!(
                "no corpus: {DEFAULT_CORPUS} was not found and this build has no bundled \
                 example; name files or directories to measure on"
            )),
        },
    }
}

/// The gold bodies of the `dev` pages of a news-html set (every page of a set without
/// `splits.tsv`).
fn load_news(dir: &Path, html: bool) -> Result<(Corpus, bool), String> {
    use whosaid_eval::main_text::{load_gold, read_page, Pages};
    if !dir.join("ground-truth.json").is_file() {
        return Err(format!(
            "{}: not a news-html set (it has no ground-truth.json)",
            ingest::display(dir)
        ));
    }
    let (pages, which) = if dir.join("splits.tsv").is_file() {
        (Pages::Split("dev".into()), "dev page bodies")
    } else {
        (Pages::All, "page bodies")
    };
    let gold = load_gold(dir, &pages).map_err(|e| e.to_string())?;
    let mut pages = Vec::new();
    if html {
        for page in &gold {
            let html = read_page(dir, &page.id).map_err(|e| e.to_string())?;
            let url = page.url.clone();
            pages.push(Page { html, url });
        }
    }
    let texts: Vec<String> = gold.into_iter().map(|p| p.body).collect();
    if texts.iter().all(String::is_empty) {
        return Err(format!(
            "{}: no article body to measure on",
            ingest::display(dir)
        ));
    }
    let name = format!("{} ({which})", ingest::display(dir));
    Ok((Corpus { name, texts, pages }, false))
}

fn paths_name(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|path| ingest::display(path)).collect();
    names.join(" ")
}

fn read_all(paths: &[PathBuf], name: String) -> Result<(Corpus, bool), String> {
    let mut texts = Vec::new();
    let mut failed = false;
    let options = ReadOptions {
        max_bytes: u64::MAX,
        ..ReadOptions::default()
    };
    for input in ingest::expand(paths) {
        if let Input::Problem {
            id,
            message,
            failed: false,
        } = &input
        {
            report(id, message, false);
            continue;
        }
        for record in ingest::open(&input, &options) {
            match record.and_then(ingest::prepare) {
                Ok(article) => {
                    for warning in &article.warnings {
                        report(&article.id, warning, false);
                    }
                    texts.push(article.text);
                }
                Err(skip) => {
                    failed |= skip.reason.is_damage();
                    report(&skip.id, &skip.detail, skip.reason.is_damage());
                }
            }
        }
    }
    if texts.is_empty() {
        return Err(format!("{name}: no text to measure on"));
    }
    Ok((
        Corpus {
            name,
            texts,
            pages: Vec::new(),
        },
        failed,
    ))
}

fn report(id: &str, message: &str, failed: bool) {
    if failed {
        error(&format!("{id}: {message}"));
    } else {
        warn(&format!("{id}: {message}"));
    }
}

/// `../shared/data/polnear` from the current directory if it is there, else from the
/// workspace root: the first ancestor of the current directory whose Cargo.toml declares a
/// workspace, or the workspace this binary was built in.
fn default_corpus() -> Option<PathBuf> {
    let relative = Path::new(DEFAULT_CORPUS);
    if relative.is_dir() {
        return Some(relative.to_path_buf());
    }
    let cwd = std::env::current_dir().ok()?;
    let built_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    cwd.ancestors()
        .find(|dir| is_workspace_root(dir))
        .map(Path::to_path_buf)
        .into_iter()
        .chain(is_workspace_root(&built_in).then_some(built_in))
        .map(|root| root.join(relative))
        .find(|corpus| corpus.is_dir())
}

fn is_workspace_root(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|toml| toml.contains("[workspace]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }
}
