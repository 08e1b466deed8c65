//! `whosaid extract`: every record of every input, extracted in parallel and written in input
//! order as it is done, with every record accounted for.
//!
//! The main thread reads the inputs one after another (decompressing and splitting archives
//! into records is cheap next to extraction) and hands each record to a rayon pool, which
//! decodes it, takes the main text out of HTML, detects the language, extracts and renders.
//! The main thread keeps a bounded queue of the outcomes still to come, in input order, and
//! writes each as soon as it and all before it are ready. So output starts at once, is the
//! same for any number of threads, and memory holds at most a few records per thread whatever
//! the size of the inputs.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use whosaid_extract::Extractor;
use whosaid_index::StatementIndex;
use whosaid_ingest::{
    self as ingest, guard, Accounting, Input, JsonFields, ReadOptions, Record, Skip, SkipReason,
};

use crate::render::{self, Format, Sink};
use crate::{error, warn};

/// Records that may be in the works per worker thread: enough to keep every thread busy while
/// a slow record holds up the head of the queue, few enough to bound memory.
const JOBS_PER_THREAD: usize = 4;

/// Outcomes known at once (records skipped while reading, such as the request and metadata
/// records that make up two thirds of a Common Crawl WARC) may queue up to this many per
/// thread besides: they are small, and counting them as jobs would starve the workers.
const QUEUE_PER_THREAD: usize = 256;

/// What to read, and how: shared by `whosaid extract` and `whosaid index`.
#[derive(clap::Args, Debug)]
pub struct InputArgs {
    /// Inputs: files (*.txt, *.html, *.warc, *.jsonl, each maybe gzipped as *.gz), directories
    /// (every such file below, recursively, sorted by name), glob patterns (quoted, so that
    /// whosaid expands them), or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Worker threads [default: one per core].
    #[arg(long, value_name = "N")]
    threads: Option<NonZeroUsize>,

    /// Skip (as failed) any input or record larger than this; accepts K, M, G suffixes (powers
    /// of 1024).
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = ingest::parse_size)]
    max_bytes: u64,

    /// Read every input as this format instead of telling it from the name and the content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<ingest::Format>,

    /// JSON lines: the field that holds the article text (a dotted path for nested objects).
    #[arg(long, value_name = "FIELD", default_value = "text")]
    text_field: String,

    /// JSON lines: the field that holds the title.
    #[arg(long, value_name = "FIELD", default_value = "title")]
    title_field: String,

    /// JSON lines: the field that holds the URL.
    #[arg(long, value_name = "FIELD", default_value = "url")]
    url_field: String,

    /// JSON lines: the field that holds the date.
    #[arg(long, value_name = "FIELD", default_value = "date")]
    date_field: String,

    /// Report every skipped record on stderr, also those skipped on purpose (not English, not
    /// HTML, …), which are otherwise only counted in the summary.
    #[arg(short, long, conflicts_with = "quiet")]
    verbose: bool,

    /// No progress bar, no summary and no warnings; errors are still reported.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Output format [default: text when writing to a terminal, else jsonl].
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<Format>,

    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// What became of one record (or one input that yields none), ready to be reported in its
/// place.
struct Outcome {
    id: String,
    /// Input bytes the record took, for the progress bar.
    bytes: u64,
    warnings: Vec<String>,
    result: OutcomeResult,
}

enum OutcomeResult {
    Extracted {
        rendered: render::Rendered,
        statements: usize,
    },
    Skipped(Skip),
    /// Nothing but warnings (a directory with no inputs in it).
    Nothing,
}

/// An outcome in the queue: known at once (a skipped record), or being worked on.
enum Pending {
    Ready(Outcome),
    Working(Receiver<Outcome>),
}

impl Pending {
    /// Waits for the outcome; `None` if its job was dropped because output stopped.
    fn wait(self) -> Option<Outcome> {
        match self {
            Pending::Ready(outcome) => Some(outcome),
            Pending::Working(receiver) => receiver.recv().ok(),
        }
    }
}

pub fn run(args: ExtractArgs) -> ExitCode {
    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
    let format = args.format.unwrap_or(if to_terminal {
        Format::Text
    } else {
        Format::Jsonl
    });
    if format == Format::Parquet && to_terminal {
        error("Parquet is binary: write it to a file with --output FILE, or to a pipe");
        return ExitCode::from(2);
    }
    let out = match open_output(args.output.as_deref()) {
        Ok(out) => out,
        Err(err) => {
            let path = args
                .output
                .as_deref()
                .map(ingest::display)
                .unwrap_or_default();
            error(&format!("{path}: cannot write: {}", ingest::describe(&err)));
            return ExitCode::FAILURE;
        }
    };
    let sink = match Sink::new(out, format) {
        Ok(sink) => sink,
        Err(err) => {
            error(&format!("cannot start the output: {err}"));
            return ExitCode::FAILURE;
        }
    };
    // A bar only where someone watches it, and not over a table printed to the same terminal.
    run_pipeline(&args.input, sink, format, !to_terminal)
}

/// Reads, extracts and hands every article to `sink`, in input order, and accounts for every
/// record; the exit code says whether anything was damaged or could not be written.
pub fn run_pipeline(args: &InputArgs, mut sink: Sink<'_>, format: Format, bar: bool) -> ExitCode {
    let pool = match worker_pool(args.threads) {
        Ok(pool) => pool,
        Err(err) => {
            error(&format!("cannot start worker threads: {err}"));
            return ExitCode::FAILURE;
        }
    };
    let options = ReadOptions {
        max_bytes: args.max_bytes,
        format: args.input_format,
        json_fields: JsonFields {
            text: args.text_field.clone(),
            title: args.title_field.clone(),
            url: args.url_field.clone(),
            date: args.date_field.clone(),
        },
    };
    let progress = (bar && !args.quiet && io::stderr().is_terminal()).then(progress_bar);
    let extractor = Extractor::new();
    let stop = AtomicBool::new(false);
    let job = Job {
        extractor: &extractor,
        stop: &stop,
        format,
        index: sink.index(),
    };
    let mut reporter = Reporter {
        sink: &mut sink,
        tally: Accounting::default(),
        progress,
        verbose: args.verbose,
        quiet: args.quiet,
    };
    let threads = pool.current_num_threads();
    let limits = QueueLimits {
        jobs: threads * JOBS_PER_THREAD,
        entries: threads * QUEUE_PER_THREAD,
    };
    // FIFO, so that records are started in the order they will be written.
    let written = pool.in_place_scope_fifo(|scope| {
        let records = ingest::expand(&args.paths).flat_map(|input| records_of(input, &options));
        let written = pump(scope, job, records, limits, &mut reporter);
        // Output is gone if anything is left: queued jobs need not start.
        stop.store(true, Ordering::Relaxed);
        written
    });
    if let Some(bar) = &reporter.progress {
        bar.finish_and_clear();
    }
    let Reporter { tally, quiet, .. } = reporter;
    let written = written.and_then(|()| sink.finish());
    finish(&tally, written, quiet)
}

/// What the main thread has for each record: a record to work on, or something to report.
enum Item {
    Record(Record),
    Skip(Skip),
    Warning { id: String, message: String },
}

fn records_of(input: Input, options: &ReadOptions) -> Box<dyn Iterator<Item = Item>> {
    if let Input::Problem {
        id,
        message,
        failed: false,
    } = input
    {
        return Box::new(std::iter::once(Item::Warning { id, message }));
    }
    Box::new(ingest::open(&input, options).map(|record| match record {
        Ok(record) => Item::Record(record),
        Err(skip) => Item::Skip(skip),
    }))
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{spinner} {elapsed_precise} {binary_bytes} read, {binary_bytes_per_sec} · {msg}",
    )
    .expect("the template is valid");
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn worker_pool(threads: Option<NonZeroUsize>) -> Result<rayon::ThreadPool, String> {
    let threads = threads.map_or(0, NonZeroUsize::get);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
    pool.map_err(|err| err.to_string())
}

/// How much the queue of outcomes may hold.
#[derive(Clone, Copy)]
struct QueueLimits {
    /// Records being worked on.
    jobs: usize,
    /// Outcomes in all, known or in the works.
    entries: usize,
}

/// Feeds records to the pool and writes their outcomes in order, within `limits`; stops at
/// the first write error, which it returns.
fn pump<'scope>(
    scope: &rayon::ScopeFifo<'scope>,
    job: Job<'scope>,
    mut items: impl Iterator<Item = Item>,
    limits: QueueLimits,
    reporter: &mut Reporter<'_, '_>,
) -> io::Result<()> {
    let mut queue = VecDeque::new();
    let mut jobs = 0;
    loop {
        if jobs >= limits.jobs || queue.len() >= limits.entries {
            let pending = queue.pop_front().expect("the queue is full");
            if let Pending::Working(_) = pending {
                jobs -= 1;
            }
            reporter.report(pending)?;
            continue;
        }
        let Some(item) = items.next() else { break };
        queue.push_back(match item {
            Item::Record(record) => {
                jobs += 1;
                job.spawn(scope, record)
            }
            Item::Skip(skip) => Pending::Ready(skipped(skip, 0, Vec::new())),
            Item::Warning { id, message } => Pending::Ready(Outcome {
                id,
                bytes: 0,
                warnings: vec![message],
                result: OutcomeResult::Nothing,
            }),
        });
    }
    queue
        .into_iter()
        .try_for_each(|pending| reporter.report(pending))
}

fn open_output(path: Option<&Path>) -> io::Result<Box<dyn Write + Send>> {
    Ok(match path {
        Some(path) => Box::new(BufWriter::new(File::create(path)?)),
        None => Box::new(BufWriter::new(io::stdout())),
    })
}

/// What every job shares.
#[derive(Clone, Copy)]
struct Job<'a> {
    extractor: &'a Extractor,
    /// Set when output has stopped: jobs not yet started are skipped.
    stop: &'a AtomicBool,
    format: Format,
    /// The index articles go to, for `whosaid index`.
    index: Option<&'a StatementIndex>,
}

impl<'a> Job<'a> {
    fn spawn<'scope>(self, scope: &rayon::ScopeFifo<'scope>, record: Record) -> Pending
    where
        'a: 'scope,
    {
        let (sender, receiver) = mpsc::sync_channel(1);
        scope.spawn_fifo(move |_| {
            if self.stop.load(Ordering::Relaxed) {
                return;
            }
            // The receiver is gone only if output stopped; the outcome is not wanted then.
            let _ = sender.send(self.process(record));
        });
        Pending::Working(receiver)
    }

    /// Prepares, extracts and renders one record, on a worker thread. A panic anywhere in
    /// that costs this record only: it is skipped as an internal error, and the batch goes on.
    fn process(self, record: Record) -> Outcome {
        let bytes = record.bytes;
        let id = record.id.clone();
        let work = guard::catch(|| -> Result<_, Skip> {
            let mut article = ingest::prepare(record)?;
            let warnings = std::mem::take(&mut article.warnings);
            let extraction = self.extractor.extract(&article.text);
            let statements = extraction.statements.len();
            let id = article.id.clone();
            let rendered = render::render(self.format, article, extraction, self.index);
            Ok((id, warnings, statements, rendered))
        });
        match work {
            Ok(Ok((id, warnings, statements, rendered))) => Outcome {
                id,
                bytes,
                warnings,
                result: OutcomeResult::Extracted {
                    statements,
                    rendered,
                },
            },
            Ok(Err(skip)) => skipped(skip, bytes, Vec::new()),
            Err(panic) => {
                let detail = format!("internal error: {panic}");
                skipped(
                    Skip::new(id, SkipReason::Internal, detail),
                    bytes,
                    Vec::new(),
                )
            }
        }
    }
}

fn skipped(skip: Skip, bytes: u64, warnings: Vec<String>) -> Outcome {
    Outcome {
        id: skip.id.clone(),
        bytes,
        warnings,
        result: OutcomeResult::Skipped(skip),
    }
}

/// Writes outcomes in order: messages to stderr, articles to the output, counts to the tally.
struct Reporter<'s, 'i> {
    sink: &'s mut Sink<'i>,
    tally: Accounting,
    progress: Option<ProgressBar>,
    verbose: bool,
    quiet: bool,
}

impl Reporter<'_, '_> {
    fn report(&mut self, pending: Pending) -> io::Result<()> {
        let Some(outcome) = pending.wait() else {
            return Ok(());
        };
        let mut messages: Vec<(bool, String)> = Vec::new();
        if !self.quiet {
            for warning in &outcome.warnings {
                messages.push((false, format!("{}: {warning}", outcome.id)));
            }
        }
        match &outcome.result {
            OutcomeResult::Extracted { statements, .. } => self.tally.extracted(*statements),
            OutcomeResult::Skipped(skip) => {
                self.tally.skipped(skip.reason);
                let damage = skip.reason.is_damage();
                if damage || self.verbose {
                    let text = format!("{}: {} ({})", skip.id, skip.detail, skip.reason.label());
                    messages.push((damage, text));
                }
            }
            OutcomeResult::Nothing => {}
        }
        if !messages.is_empty() {
            // At a terminal, a message should come after the articles before it.
            self.sink.flush()?;
            let print = || {
                for (failed, message) in &messages {
                    if *failed {
                        error(message);
                    } else {
                        warn(message);
                    }
                }
            };
            match &self.progress {
                Some(bar) => bar.suspend(print),
                None => print(),
            }
        }
        if let Some(bar) = &self.progress {
            bar.inc(outcome.bytes);
            bar.set_message(format!(
                "{} articles, {} statements, {:.0} articles/s",
                self.tally.extracted,
                self.tally.statements,
                self.tally.extracted as f64 / bar.elapsed().as_secs_f64().max(1e-3)
            ));
        }
        match outcome.result {
            OutcomeResult::Extracted { rendered, .. } => self.sink.write(rendered),
            _ => Ok(()),
        }
    }
}

fn finish(tally: &Accounting, written: io::Result<()>, quiet: bool) -> ExitCode {
    let write_failed = match written {
        Ok(()) => false,
        // The reader has gone (`| head`): what it did not want need not be produced, and it
        // wants no summary either.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
        Err(err) => {
            error(&format!("cannot write output: {}", ingest::describe(&err)));
            true
        }
    };
    let damaged = tally.damaged();
    if damaged > 0 {
        error(&tally.summary());
    } else if !quiet {
        // Not a warning: a plain account of the run, on stderr to keep the output clean.
        let _ = writeln!(io::stderr().lock(), "whosaid: {}", tally.summary());
    }
    if damaged > 0 || write_failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
