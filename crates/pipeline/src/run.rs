//! A batch on a pool of threads, handed on in input order with bounded memory.
//!
//! The calling thread reads the inputs one after another (decompressing and splitting archives
//! into records is cheap next to extraction) and hands each record to a rayon pool, which
//! prepares, extracts and renders it. The calling thread keeps a bounded queue of the events
//! still to come, in input order, and hands each on as soon as it and all before it are
//! ready. So output starts at once, is the same for any number of threads, and memory holds at
//! most a few records per thread whatever the size of the inputs.

use std::collections::VecDeque;
use std::io;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};

use whosaid_article::{Article, Extraction};
use whosaid_extract::Extractor;
use whosaid_ingest::{self as ingest, Input, ReadOptions, Record, Skip};

use crate::{guard, internal, process, Accounting};

/// Records that may be in the works per worker thread: enough to keep every thread busy while
/// a slow record holds up the head of the queue, few enough to bound memory.
const JOBS_PER_THREAD: usize = 4;

/// Events known at once (records skipped while reading, such as the request and metadata
/// records that make up two thirds of a Common Crawl WARC) may queue up to this many per
/// thread besides: they are small, and counting them as jobs would starve the workers.
const QUEUE_PER_THREAD: usize = 256;

/// What the reading side has for each place in the order.
#[derive(Debug)]
pub enum Item {
    /// A record to prepare and extract.
    Record(Record),
    /// A record skipped while reading (damaged, not a response, too large).
    Skip(Skip),
    /// Something to tell the user about an input that yields no record (a directory with no
    /// inputs in it).
    Warning {
        /// The input.
        id: String,
        /// What to tell.
        message: String,
    },
}

/// The items of the inputs `paths` names (files, directories, globs, `-`), in order.
pub fn items<'a>(
    paths: &'a [PathBuf],
    options: &'a ReadOptions,
) -> impl Iterator<Item = Item> + 'a {
    ingest::expand(paths).flat_map(move |input| -> Box<dyn Iterator<Item = Item>> {
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
    })
}

/// What became of one item, handed on in input order.
#[derive(Debug)]
pub enum Event<R> {
    /// An article extracted and rendered.
    Extracted {
        /// The article's id.
        id: String,
        /// Input bytes the record took, for progress reports.
        bytes: u64,
        /// Things the user should know that did not stop the article (a guessed encoding).
        warnings: Vec<String>,
        /// How many statements it has.
        statements: usize,
        /// What `render` made of it.
        rendered: R,
    },
    /// A record that yields no article, and why.
    Skipped {
        /// The record and the reason.
        skip: Skip,
        /// Input bytes the record took.
        bytes: u64,
    },
    /// A warning about an input that yields no record.
    Warning {
        /// The input.
        id: String,
        /// What to tell.
        message: String,
    },
}

/// How a run ended.
#[derive(Debug)]
pub struct Finished {
    /// Every record read, extracted or skipped by reason.
    pub accounting: Accounting,
    /// The first error the sink returned, which stopped the run; `Ok` when it ran to the end.
    pub written: io::Result<()>,
}

/// The worker pool could not be started.
#[derive(Debug)]
pub struct RunError(pub String);

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot start worker threads: {}", self.0)
    }
}

impl std::error::Error for RunError {}

/// Runs `items` through extraction on `threads` worker threads (default one per core): each
/// record is prepared, extracted and given to `render` on a worker, under the panic guard, and
/// every event goes to `sink` in input order, with the accounting so far. The run stops at
/// the first error `sink` returns; records not started by then are not worked on.
pub fn run<R, F, S>(
    items: impl Iterator<Item = Item>,
    threads: Option<NonZeroUsize>,
    extractor: &Extractor,
    render: F,
    mut sink: S,
) -> Result<Finished, RunError>
where
    R: Send,
    F: Fn(Article, Extraction) -> R + Sync,
    S: FnMut(Event<R>, &Accounting) -> io::Result<()>,
{
    let threads = threads.map_or(0, NonZeroUsize::get);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|err| RunError(err.to_string()))?;
    let threads = pool.current_num_threads();
    let limits = QueueLimits {
        jobs: threads * JOBS_PER_THREAD,
        entries: threads * QUEUE_PER_THREAD,
    };
    let stop = AtomicBool::new(false);
    let job = Job {
        extractor,
        render: &render,
        stop: &stop,
    };
    let mut accounting = Accounting::default();
    let mut hand_on = |pending: Pending<R>| -> io::Result<()> {
        let Some(event) = pending.wait() else {
            return Ok(());
        };
        match &event {
            Event::Extracted { statements, .. } => accounting.extracted(*statements),
            Event::Skipped { skip, .. } => accounting.skipped(skip.reason),
            Event::Warning { .. } => {}
        }
        sink(event, &accounting)
    };
    // FIFO, so that records are started in the order they will be handed on.
    let written = pool.in_place_scope_fifo(|scope| {
        let written = pump(scope, job, items, limits, &mut hand_on);
        // The sink has stopped if anything is left: queued jobs need not start.
        stop.store(true, Ordering::Relaxed);
        written
    });
    Ok(Finished {
        accounting,
        written,
    })
}

/// How much the queue of events may hold.
#[derive(Clone, Copy)]
struct QueueLimits {
    /// Records being worked on.
    jobs: usize,
    /// Events in all, known or in the works.
    entries: usize,
}

/// An event in the queue: known at once (a skipped record), or being worked on.
enum Pending<R> {
    Ready(Event<R>),
    Working(Receiver<Event<R>>),
}

impl<R> Pending<R> {
    /// Waits for the event; `None` if its job was dropped because the sink stopped.
    fn wait(self) -> Option<Event<R>> {
        match self {
            Pending::Ready(event) => Some(event),
            Pending::Working(receiver) => receiver.recv().ok(),
        }
    }
}

/// Feeds records to the pool and hands their events on in order, within `limits`; stops at
/// the first error `hand_on` returns, which it returns.
fn pump<'scope, R: Send + 'scope, F: Fn(Article, Extraction) -> R + Sync>(
    scope: &rayon::ScopeFifo<'scope>,
    job: Job<'scope, F>,
    mut items: impl Iterator<Item = Item>,
    limits: QueueLimits,
    hand_on: &mut impl FnMut(Pending<R>) -> io::Result<()>,
) -> io::Result<()> {
    let mut queue = VecDeque::new();
    let mut jobs = 0;
    loop {
        if jobs >= limits.jobs || queue.len() >= limits.entries {
            let Some(pending) = queue.pop_front() else {
                break;
            };
            if let Pending::Working(_) = pending {
                jobs -= 1;
            }
            hand_on(pending)?;
            continue;
        }
        let Some(item) = items.next() else { break };
        queue.push_back(match item {
            Item::Record(record) => {
                jobs += 1;
                job.spawn(scope, record)
            }
            Item::Skip(skip) => Pending::Ready(Event::Skipped { skip, bytes: 0 }),
            Item::Warning { id, message } => Pending::Ready(Event::Warning { id, message }),
        });
    }
    queue.into_iter().try_for_each(hand_on)
}

/// What every job shares.
struct Job<'a, F> {
    extractor: &'a Extractor,
    render: &'a F,
    /// Set when the sink has stopped: jobs not yet started are skipped.
    stop: &'a AtomicBool,
}

impl<F> Clone for Job<'_, F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F> Copy for Job<'_, F> {}

impl<'a, F> Job<'a, F> {
    fn spawn<'scope, R: Send + 'scope>(
        self,
        scope: &rayon::ScopeFifo<'scope>,
        record: Record,
    ) -> Pending<R>
    where
        'a: 'scope,
        F: Fn(Article, Extraction) -> R + Sync,
    {
        let (sender, receiver) = mpsc::sync_channel(1);
        scope.spawn_fifo(move |_| {
            if self.stop.load(Ordering::Relaxed) {
                return;
            }
            // The receiver is gone only if the sink stopped; the event is not wanted then.
            let _ = sender.send(self.process(record));
        });
        Pending::Working(receiver)
    }

    /// Prepares, extracts and renders one record, on a worker thread; a panic in rendering
    /// costs the record too, as one in extraction does.
    fn process<R>(self, record: Record) -> Event<R>
    where
        F: Fn(Article, Extraction) -> R,
    {
        let bytes = record.bytes;
        let (mut article, extraction) = match process(self.extractor, record) {
            Ok(done) => done,
            Err(skip) => return Event::Skipped { skip, bytes },
        };
        let id = article.id.clone();
        let warnings = std::mem::take(&mut article.warnings);
        let statements = extraction.statements.len();
        match guard::catch(|| (self.render)(article, extraction)) {
            Ok(rendered) => Event::Extracted {
                id,
                bytes,
                warnings,
                statements,
                rendered,
            },
            Err(panic) => Event::Skipped {
                skip: internal(&id, &panic),
                bytes,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use whosaid_ingest::SkipReason;

    /// Files 0.txt … 7.txt; file 3 makes the renderer panic, file 5 is not English.
    fn corpus(dir: &std::path::Path) -> Vec<PathBuf> {
        (0..8)
            .map(|n| {
                let text = match n {
                    3 => "Anna Berg said the plan would go ahead, and the boom came later."
                        .to_owned(),
                    5 => "Die Ministerin sagte, dass der Plan weitergehen werde.".to_owned(),
                    _ => format!(
                        "\u{201c}We will win,\u{201d} Anna Berg said on day {n} of the talks."
                    ),
                };
                let path = dir.join(format!("{n}.txt"));
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect()
    }

    #[test]
    fn events_come_in_input_order_and_a_panic_costs_only_its_record() {
        let dir = tempfile::tempdir().unwrap();
        let paths = corpus(dir.path());
        let extractor = Extractor::new();
        let options = ReadOptions::default();
        for threads in [1, 3] {
            let mut seen = Vec::new();
            let render = |article: Article, extraction: Extraction| {
                assert!(!article.text.contains("boom"), "a bug in rendering");
                (article.id, extraction.statements.len())
            };
            let finished = run(
                items(&paths, &options),
                NonZeroUsize::new(threads),
                &extractor,
                render,
                |event, _| {
                    seen.push(match event {
                        Event::Extracted { rendered, .. } => format!("{} ok", rendered.0),
                        Event::Skipped { skip, .. } => {
                            format!("{} {}", skip.id, skip.reason.name())
                        }
                        Event::Warning { id, .. } => format!("{id} warning"),
                    });
                    Ok(())
                },
            )
            .unwrap();
            assert!(finished.written.is_ok());
            let name = |n: usize| paths[n].display().to_string();
            let expected: Vec<String> = (0..8)
                .map(|n| match n {
                    3 => format!("{} internal", name(n)),
                    5 => format!("{} not_english", name(n)),
                    _ => format!("{} ok", name(n)),
                })
                .collect();
            assert_eq!(seen, expected, "{threads} threads");
            let accounting = finished.accounting;
            assert_eq!((accounting.records, accounting.extracted), (8, 6));
            assert_eq!(accounting.skipped[&SkipReason::Internal], 1);
            assert_eq!(
                accounting.damaged(),
                1,
                "an internal error counts as damage"
            );
        }
    }

    #[test]
    fn a_sink_error_stops_the_run_and_is_returned() {
        let dir = tempfile::tempdir().unwrap();
        let paths = corpus(dir.path());
        let extractor = Extractor::new();
        let options = ReadOptions::default();
        let mut handed = 0;
        let finished = run(
            items(&paths, &options),
            NonZeroUsize::new(2),
            &extractor,
            |article: Article, _| article.id,
            |_, _| {
                handed += 1;
                if handed == 2 {
                    Err(io::Error::other("disk full"))
                } else {
                    Ok(())
                }
            },
        )
        .unwrap();
        assert_eq!(finished.written.unwrap_err().to_string(), "disk full");
        assert_eq!(handed, 2);
        assert_eq!(
            finished.accounting.records, 2,
            "nothing is counted past the stop"
        );
    }
}
