//! `whosaid`, the command-line tool. This crate owns the command line and nothing below it:
//! running extraction over the records that `whosaid-ingest` reads, on a pool of threads with
//! output in input order, writing the results (text tables, JSON, JSON lines, CSV, Parquet),
//! the progress bar and the closing account of every record, and the `bench`, `eval` and
//! `train` commands. What an input holds belongs to `whosaid-ingest`; what a statement is and
//! how it is found, to `whosaid-extract`.
//!
//! Exit codes: 0 when no input or record was damaged (records skipped on purpose, such as
//! articles not in English, and warnings, such as a legacy encoding, do not count), 1 when any
//! was or the output could not be written, 2 for a usage error.

mod allocator;
mod bench;
mod eval_cmd;
mod extract_cmd;
mod index_cmd;
mod render;
mod tables;
mod train_cmd;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "whosaid",
    version,
    about = "Find who said what in news articles.",
    after_help = "Exit status: 0 if no input or record was damaged (records skipped on purpose \
                  and warnings do not count), 1 if any was or the output could not be written, \
                  2 for usage errors."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract attributed statements from articles: text, HTML, WARC and JSON lines files
    /// (gzipped or not), directories of them, globs, or standard input.
    ///
    /// Offsets (start, end) count Unicode code points, end exclusive, in the article text:
    /// for text files and JSON lines, the text exactly as read (UTF-8 is used as is, so a
    /// byte-order mark counts as one character and CRLF as two; other encodings are decoded,
    /// with a warning); for HTML, the main text, which the output carries as "text".
    ///
    /// Each article is {"id", "metadata", "text"?, "statements", "entities"}; id is the path
    /// as given, path:LINE for a JSON line, path@OFFSET for a WARC record. Articles come out
    /// in input order whatever the number of threads. Every record is accounted for in a
    /// summary on stderr; damaged ones are named there one by one and the rest still run.
    #[command(
        after_help = "Exit status: 0 if no input or record was damaged (records skipped on \
                      purpose, such as articles not in English, and warnings do not count), \
                      1 if any was or the output could not be written, 2 for usage errors."
    )]
    Extract(extract_cmd::ExtractArgs),

    /// Add articles to a statement index (created if new): the same inputs as extract.
    Index(index_cmd::IndexArgs),

    /// Search a statement index.
    Search(index_cmd::SearchArgs),

    /// Count who gets a voice in a statement index: statements and distinct speakers by the
    /// speaker's stated gender, kind, anonymity, or the act or medium, overall or per outlet or
    /// month, for every statement or a search's. Every field is decided from what the articles
    /// themselves say (a gender only from pronouns, honorifics and gendered nouns, never from
    /// a name).
    Stats(index_cmd::StatsArgs),

    /// Serve a statement index: the search API, its OpenAPI description and the web page.
    Serve(index_cmd::ServeArgs),

    /// Measure extraction speed on one thread over a corpus, against the text layer alone.
    ///
    /// Loads every text first, makes one warm-up pass, then times --repeat passes and reports
    /// the median. This is a benchmark, not a test: build with --release.
    Bench(bench::BenchArgs),

    /// Score the extractor against PolNeAR's gold attributions (and its speaker resolution
    /// against GUM's coreference), or score a JSONL file of predictions.
    Eval(eval_cmd::EvalArgs),

    /// Rebuild the shipped models from the public corpora into a directory (deterministic: the
    /// same data gives the same model files), for extract, index and eval --models.
    Train(train_cmd::TrainArgs),
}

fn main() -> ExitCode {
    // Clap exits with 2 on a usage error, and 0 for --help and --version.
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => {
            allocator::commit_small_pages();
            extract_cmd::run(args)
        }
        Command::Index(args) => index_cmd::run_index(args),
        Command::Search(args) => index_cmd::run_search(args),
        Command::Stats(args) => index_cmd::run_stats(args),
        Command::Serve(args) => index_cmd::run_serve(args),
        Command::Bench(args) => {
            // Measured as `extract` runs.
            allocator::commit_small_pages();
            bench::run(args)
        }
        Command::Eval(args) => eval_cmd::run(args),
        Command::Train(args) => train_cmd::run(args),
    }
}

/// Reports a failure on stderr. A closed stderr must not turn into a panic, so write errors
/// are ignored (as `eprintln!` would not).
pub(crate) fn error(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "whosaid: {message}");
}

/// Reports something worth knowing that is no failure.
pub(crate) fn warn(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "whosaid: warning: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
