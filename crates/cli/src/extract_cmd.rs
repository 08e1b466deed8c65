//! `whosaid extract`: every record of every input, extracted in parallel by the record pipeline
//! (`whosaid-pipeline`) and written in input order as it is done, with every record accounted
//! for. This module owns what the pipeline leaves to its caller: the command-line arguments,
//! the messages and progress bar on stderr, the closing summary and the exit status.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use whosaid_article::Act;
use whosaid_extract::{Convention, Extractor, Rule, Rules};
use whosaid_ingest::{self as ingest, JsonFields, ReadOptions};
use whosaid_pipeline::{self as pipeline, Accounting, Event};

use crate::render::{self, Format, Keep, Rendered, Sink};
use crate::{error, warn};

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

    /// Run the extractor with the models in DIR, as `whosaid train --out DIR` writes them
    /// (en-ewt-xpos.bin and polnear-roles.bin), instead of the ones built in.
    #[arg(long, value_name = "DIR")]
    models: Option<PathBuf>,

    /// Which attributions count: `news`, the statements a reader of the news wants (sayings,
    /// thoughts and findings, not events); or `polnear`, every attribution of a stance as
    /// PolNeAR annotates it, however it is worded ("mocked", "reserved his passion for").
    /// Documents read with --input-format extracted keep the statements they hold.
    #[arg(long, value_name = "CONVENTION", value_parser = convention, default_value = "news")]
    convention: Convention,

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

    /// Only statements that report these acts, a comma-separated list of: speech (said, wrote,
    /// told), thought (believes, hopes, fears), other (what studies, polls and documents
    /// found) [default: every act].
    #[arg(long, value_name = "ACT,...", value_delimiter = ',', value_parser = act)]
    act: Vec<Act>,

    /// Only statements whose confidence is at least P, a number from 0 to 1: the calibrated
    /// probability that the statement and its speaker are right [default: 0, every statement].
    #[arg(long, value_name = "P", value_parser = probability)]
    min_confidence: Option<f64>,

    /// A research switch, to measure what a rule does: extract with these rules switched off,
    /// a comma-separated list of the names --list-rules prints. Not for everyday use: the
    /// rules that ship are those that paid in cross-validation (whosaid eval --cv).
    #[arg(long, value_name = "RULE,...", value_parser = rules)]
    without_rules: Option<Rules>,

    /// Print the extractor's rules, one a line: name, stage (statements or speakers) and the
    /// convention it implements, separated by tabs; then exit.
    #[arg(long, exclusive = true)]
    list_rules: bool,
}

/// Rules as `--without-rules` names them.
pub fn rules(text: &str) -> Result<Rules, String> {
    Rules::from_names(text).map_err(|err| err.to_string())
}

/// A convention as `--convention` names it.
pub fn convention(text: &str) -> Result<Convention, String> {
    Convention::from_name(text.trim()).ok_or_else(|| "news or polnear".to_owned())
}

/// A probability as `--min-confidence` takes it.
pub fn probability(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err("a number from 0 to 1".to_owned()),
    }
}

/// An act as `--act` names it.
pub fn act(text: &str) -> Result<Act, String> {
    Act::from_name(text.trim()).ok_or_else(|| "speech, thought or other".to_owned())
}

pub fn run(args: ExtractArgs) -> ExitCode {
    if args.list_rules {
        return list_rules();
    }
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
    let keep = Keep {
        acts: args.act,
        min_confidence: args.min_confidence.unwrap_or(0.0),
    };
    let rules = args
        .input
        .convention
        .rules()
        .except(args.without_rules.unwrap_or(Rules::none()));
    run_pipeline_with_rules(&args.input, sink, format, &keep, !to_terminal, rules)
}

/// `--list-rules`: `name<TAB>stage<TAB>description`, one rule a line, in the order they run.
fn list_rules() -> ExitCode {
    let mut out = io::stdout().lock();
    let written = Rule::ALL.iter().try_for_each(|rule| {
        writeln!(
            out,
            "{}\t{}\t{}{}",
            rule.name(),
            rule.stage(),
            rule.description(),
            if rule.news_only() {
                " (news convention only)"
            } else {
                ""
            }
        )
    });
    match written.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // `whosaid extract --list-rules | head`: the reader has what it wanted.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            error(&format!("cannot write the rules: {err}"));
            ExitCode::FAILURE
        }
    }
}

/// Reads, extracts and hands every article to `sink`, in input order, and accounts for every
/// record; the exit code says whether anything was damaged or could not be written. Only the
/// statements `keep` keeps are written; the summary still counts every statement extracted.
pub fn run_pipeline(
    args: &InputArgs,
    sink: Sink<'_>,
    format: Format,
    keep: &Keep,
    bar: bool,
) -> ExitCode {
    run_pipeline_with_rules(args, sink, format, keep, bar, args.convention.rules())
}

/// [`run_pipeline`] with an extractor that applies only `rules`.
fn run_pipeline_with_rules(
    args: &InputArgs,
    mut sink: Sink<'_>,
    format: Format,
    keep: &Keep,
    bar: bool,
    rules: Rules,
) -> ExitCode {
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
    let extractor = match args.models.as_deref().map(Extractor::with_models_in) {
        None => Extractor::new(),
        Some(Ok(extractor)) => extractor,
        Some(Err(err)) => {
            error(&err.to_string());
            return ExitCode::FAILURE;
        }
    };
    let extractor = extractor.with_rules(rules);
    let index = sink.index();
    let render = |article, extraction| render::render(format, article, extraction, keep, index);
    let mut reporter = Reporter {
        sink: &mut sink,
        progress,
        verbose: args.verbose,
        quiet: args.quiet,
    };
    let items = pipeline::items(&args.paths, &options);
    let run = pipeline::run(items, args.threads, &extractor, render, |event, tally| {
        reporter.report(event, tally)
    });
    let finished = match run {
        Ok(finished) => finished,
        Err(err) => {
            error(&err.to_string());
            return ExitCode::FAILURE;
        }
    };
    if let Some(bar) = &reporter.progress {
        bar.finish_and_clear();
    }
    let quiet = reporter.quiet;
    let written = finished.written.and_then(|()| sink.finish());
    finish(&finished.accounting, written, quiet)
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

fn open_output(path: Option<&Path>) -> io::Result<Box<dyn Write + Send>> {
    Ok(match path {
        Some(path) => Box::new(BufWriter::new(File::create(path)?)),
        None => Box::new(BufWriter::new(io::stdout())),
    })
}

/// Hands events on in order: messages to stderr, articles to the output.
struct Reporter<'s, 'i> {
    sink: &'s mut Sink<'i>,
    progress: Option<ProgressBar>,
    verbose: bool,
    quiet: bool,
}

impl Reporter<'_, '_> {
    fn report(&mut self, event: Event<Rendered>, tally: &Accounting) -> io::Result<()> {
        let mut messages: Vec<(bool, String)> = Vec::new();
        let bytes = match &event {
            Event::Extracted {
                id,
                warnings,
                bytes,
                ..
            } => {
                if !self.quiet {
                    let named = warnings.iter().map(|w| (false, format!("{id}: {w}")));
                    messages.extend(named);
                }
                *bytes
            }
            Event::Skipped { skip, bytes } => {
                let damage = skip.reason.is_damage();
                if damage || self.verbose {
                    let text = format!("{}: {} ({})", skip.id, skip.detail, skip.reason.label());
                    messages.push((damage, text));
                }
                *bytes
            }
            Event::Warning { id, message } => {
                if !self.quiet {
                    messages.push((false, format!("{id}: {message}")));
                }
                0
            }
        };
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
            bar.inc(bytes);
            bar.set_message(format!(
                "{} articles, {} statements, {:.0} articles/s",
                tally.extracted,
                tally.statements,
                tally.extracted as f64 / bar.elapsed().as_secs_f64().max(1e-3)
            ));
        }
        match event {
            Event::Extracted { rendered, .. } => self.sink.write(rendered),
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
