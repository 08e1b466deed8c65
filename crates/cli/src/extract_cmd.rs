//! `whosaid extract`: many documents in parallel, written in input order as they are done.
//!
//! Documents are read, extracted and rendered on a rayon pool; the main thread keeps a bounded
//! queue of the results still to come, in input order, and writes each as soon as it and all
//! before it are ready. So output starts at once, is the same for any number of threads, and a
//! batch of any size holds at most a few documents per thread in memory.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};

use whosaid_extract::Extractor;

use crate::guard;
use crate::input::{self, Input, Source};
use crate::render::{self, Format, Stream};
use crate::{error, warn};

/// Documents that may be queued per worker thread: enough to keep every thread busy while a
/// slow document holds up the head of the queue, few enough to bound memory.
const QUEUE_PER_THREAD: usize = 4;

#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    /// Files to read, directories (every *.txt file below, recursively, sorted by name), or `-`
    /// for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format [default: text when writing to a terminal, else jsonl].
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<Format>,

    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Worker threads [default: one per core].
    #[arg(long, value_name = "N")]
    threads: Option<NonZeroUsize>,

    /// Skip (as failed) any input larger than this; accepts K, M, G suffixes (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = input::parse_size)]
    max_bytes: u64,
}

/// What became of one input, ready to be reported in its place.
struct Outcome {
    id: String,
    warnings: Vec<String>,
    /// Set when the input failed; then there is no document.
    error: Option<String>,
    /// The rendered document.
    document: Option<String>,
}

/// An outcome in the queue: known at once (a path that does not exist), or being worked on.
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

/// Counts for the exit code and the closing summary.
#[derive(Default)]
struct Tally {
    inputs: usize,
    failed: usize,
}

pub fn run(args: ExtractArgs) -> ExitCode {
    let format = args
        .format
        .unwrap_or_else(|| default_format(args.output.as_deref()));
    let out = match open_output(args.output.as_deref()) {
        Ok(out) => out,
        Err(err) => {
            let path = args
                .output
                .as_deref()
                .map(input::display)
                .unwrap_or_default();
            error(&format!("{path}: cannot write: {}", input::describe(&err)));
            return ExitCode::FAILURE;
        }
    };
    let pool = match worker_pool(args.threads) {
        Ok(pool) => pool,
        Err(err) => {
            error(&format!("cannot start worker threads: {err}"));
            return ExitCode::FAILURE;
        }
    };
    let extractor = Extractor::new();
    let stop = AtomicBool::new(false);
    let job = Job {
        extractor: &extractor,
        stop: &stop,
        format,
        max_bytes: args.max_bytes,
    };
    let mut stream = Stream::new(out, format);
    let mut tally = Tally::default();
    let queue_len = pool.current_num_threads() * QUEUE_PER_THREAD;
    // FIFO, so that documents are started in the order they will be written.
    let written = pool.in_place_scope_fifo(|scope| {
        let inputs = input::expand(&args.paths);
        let written = pump(scope, job, inputs, queue_len, &mut stream, &mut tally);
        // Output is gone if anything is left: queued jobs need not start.
        stop.store(true, Ordering::Relaxed);
        written
    });
    let written = written.and_then(|()| stream.finish());
    finish(tally, written)
}

fn worker_pool(threads: Option<NonZeroUsize>) -> Result<rayon::ThreadPool, String> {
    let threads = threads.map_or(0, NonZeroUsize::get);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
    pool.map_err(|err| err.to_string())
}

/// Feeds inputs to the pool and writes their outcomes in order, with at most `queue_len`
/// outcomes pending; stops at the first write error, which it returns.
fn pump<'scope, W: Write>(
    scope: &rayon::ScopeFifo<'scope>,
    job: Job<'scope>,
    mut inputs: impl Iterator<Item = Input>,
    queue_len: usize,
    stream: &mut Stream<W>,
    tally: &mut Tally,
) -> io::Result<()> {
    let mut queue = VecDeque::with_capacity(queue_len);
    loop {
        if queue.len() >= queue_len {
            report(queue.pop_front().expect("the queue is full"), stream, tally)?;
            continue;
        }
        let Some(input) = inputs.next() else { break };
        queue.push_back(match input {
            Input::Problem {
                id,
                message,
                failed,
            } => Pending::Ready(problem(id, message, failed)),
            Input::Stdin => job.spawn(scope, None, input::STDIN.to_owned()),
            Input::File { path, id } => job.spawn(scope, Some(path), id),
        });
    }
    queue
        .into_iter()
        .try_for_each(|pending| report(pending, stream, tally))
}

/// Text for people at a terminal, JSON lines for programs and files.
fn default_format(output: Option<&Path>) -> Format {
    if output.is_none() && io::stdout().is_terminal() {
        Format::Text
    } else {
        Format::Jsonl
    }
}

fn open_output(path: Option<&Path>) -> io::Result<Box<dyn Write>> {
    Ok(match path {
        Some(path) => Box::new(BufWriter::new(File::create(path)?)),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

/// What every job shares.
#[derive(Clone, Copy)]
struct Job<'a> {
    extractor: &'a Extractor,
    /// Set when output has stopped: jobs not yet started are skipped.
    stop: &'a AtomicBool,
    format: Format,
    max_bytes: u64,
}

impl<'a> Job<'a> {
    /// Queues the document at `path`, or standard input for `None`.
    fn spawn<'scope>(
        self,
        scope: &rayon::ScopeFifo<'scope>,
        path: Option<PathBuf>,
        id: String,
    ) -> Pending
    where
        'a: 'scope,
    {
        let (sender, receiver) = mpsc::sync_channel(1);
        scope.spawn_fifo(move |_| {
            if self.stop.load(Ordering::Relaxed) {
                return;
            }
            let source = path.as_deref().map_or(Source::Stdin, Source::File);
            // The receiver is gone only if output stopped; the outcome is not wanted then.
            let _ = sender.send(self.process(source, id));
        });
        Pending::Working(receiver)
    }

    /// Reads, extracts and renders one document, on a worker thread.
    fn process(self, source: Source<'_>, id: String) -> Outcome {
        let decoded = match input::read_text(source, self.max_bytes) {
            Ok(decoded) => decoded,
            Err(err) => return problem(id, err.message(self.max_bytes), true),
        };
        let extracted = guard::catch(|| {
            let extraction = self.extractor.extract(&decoded.text);
            render::render(self.format, &id, &extraction)
        });
        match extracted {
            Ok(document) => Outcome {
                id,
                warnings: decoded.warnings,
                error: None,
                document: Some(document),
            },
            Err(panic) => problem(
                id,
                format!("internal error in the extractor: {panic}"),
                true,
            ),
        }
    }
}

fn problem(id: String, message: String, failed: bool) -> Outcome {
    let (warnings, error) = if failed {
        (Vec::new(), Some(message))
    } else {
        (vec![message], None)
    };
    Outcome {
        id,
        warnings,
        error,
        document: None,
    }
}

/// Writes one outcome: its messages to stderr, its document to the output.
fn report<W: Write>(pending: Pending, stream: &mut Stream<W>, tally: &mut Tally) -> io::Result<()> {
    let Some(outcome) = pending.wait() else {
        return Ok(());
    };
    if outcome.document.is_some() || outcome.error.is_some() {
        tally.inputs += 1;
    }
    if !outcome.warnings.is_empty() || outcome.error.is_some() {
        // At a terminal, a message should come after the documents before it.
        stream.flush()?;
    }
    for warning in &outcome.warnings {
        warn(&format!("{}: {warning}", outcome.id));
    }
    if let Some(message) = &outcome.error {
        tally.failed += 1;
        error(&format!("{}: {message}", outcome.id));
    }
    match &outcome.document {
        Some(document) => stream.document(document),
        None => Ok(()),
    }
}

fn finish(tally: Tally, written: io::Result<()>) -> ExitCode {
    let write_failed = match written {
        Ok(()) => false,
        // The reader has gone (`| head`): what it did not want need not be produced.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => false,
        Err(err) => {
            error(&format!("cannot write output: {}", input::describe(&err)));
            true
        }
    };
    if tally.failed > 0 {
        let inputs = tally.inputs;
        error(&format!("{} of {inputs} inputs failed", tally.failed));
    }
    if tally.failed > 0 || write_failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
