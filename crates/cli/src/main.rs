//! `whosaid`, the command-line tool. This crate owns the command line and nothing below it:
//! turning paths into documents (directory walks, reading, encoding detection, refusing binary
//! data), running the extractor over many documents in parallel, writing the results in order
//! as text, JSON or JSON lines, reporting bad inputs, `whosaid bench`, `whosaid eval` and `whosaid train`. What a statement is
//! and how it is found belong to `whosaid-extract`.
//!
//! Exit codes: 0 when every input was read and extracted (warnings, such as a legacy encoding
//! or an empty file, do not count), 1 when any input failed or the output could not be
//! written, 2 for a usage error.

mod bench;
mod eval_cmd;
mod extract_cmd;
mod guard;
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
    after_help = "Exit status: 0 if every input was read and extracted (warnings do not count), \
                  1 if any input failed or the output could not be written, 2 for usage errors."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract attributed statements from articles.
    ///
    /// Offsets (start, end) count Unicode code points, end exclusive, in the text exactly as
    /// read: UTF-8 input is used as is, so a byte-order mark counts as one character (U+FEFF)
    /// and CRLF as two. Input that is not UTF-8 is decoded from the legacy encoding detected
    /// (with a warning); its offsets then refer to the decoded text.
    ///
    /// Each document is {"id", "statements", "entities"}; id is the path as given (a file
    /// found in a directory: the directory as given joined with its relative path), or "-".
    /// Documents come out in input order whatever the number of threads. Binary, unreadable,
    /// missing or too large inputs are reported on stderr and skipped; the rest still run.
    #[command(
        after_help = "Exit status: 0 if every input was read and extracted (warnings \
                            such as a legacy encoding or an empty file do not count), 1 if any \
                            input failed or the output could not be written, 2 for usage \
                            errors."
    )]
    Extract(extract_cmd::ExtractArgs),

    /// Measure extraction speed on one thread over a corpus, against the text layer alone.
    ///
    /// Loads every text first, makes one warm-up pass, then times --repeat passes and reports
    /// the median. This is a benchmark, not a test: build with --release.
    Bench(bench::BenchArgs),

    /// Score the extractor against PolNeAR's gold attributions (and its speaker resolution
    /// against GUM's coreference), or score a JSONL file of predictions.
    Eval(eval_cmd::EvalArgs),

    /// Rebuild the shipped models from the public corpora (deterministic: the same data gives
    /// the same model files).
    Train(train_cmd::TrainArgs),
}

fn main() -> ExitCode {
    // Clap exits with 2 on a usage error, and 0 for --help and --version.
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => extract_cmd::run(args),
        Command::Bench(args) => bench::run(args),
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
