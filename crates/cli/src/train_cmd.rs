//! `whosaid train`: rebuilds the models that ship inside whosaid from the public corpora, the
//! same way every time, into a directory of the user's choice (never over the shipped files:
//! replacing those is a deliberate copy). The training itself belongs to `whosaid-train`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use whosaid_attribution::Labeller;
use whosaid_parser::Parser;
use whosaid_tagger::Tagger;

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// The shared data folder, holding ud_english_ewt/ and polnear/.
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,

    /// Write the model files into DIR (created if missing): en-ewt-xpos.bin for the tagger,
    /// en-ewt-parser.bin for the parser, polnear-roles.bin for the labeller, the directory
    /// `whosaid extract --models DIR` reads.
    #[arg(long, value_name = "DIR", required = true)]
    out: PathBuf,

    /// Train only these models [default: all, the tagger first].
    #[arg(long = "model", value_name = "MODEL")]
    models: Vec<Model>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Model {
    /// The part-of-speech tagger, from UD English-EWT (train; dev chooses the epoch).
    Tagger,
    /// The dependency parser, from UD English-EWT (train; dev chooses the epoch). Its input
    /// includes part-of-speech tags: from the tagger trained in the same run, or else from the
    /// one built into this binary.
    Parser,
    /// The source/cue/content labeller, from PolNeAR train (epochs chosen by cross-validation
    /// over train; dev only reported), and its boundary stage, learned from labels that five
    /// labellers trained on four fifths of train each give the fifth they did not see (so this
    /// trains six labellers: minutes on every core). Its features include part-of-speech tags
    /// and dependency parses: from the tagger and parser trained in the same run, or else from
    /// the ones built into this binary.
    Roles,
}

pub fn run(args: TrainArgs) -> ExitCode {
    let models = if args.models.is_empty() {
        vec![Model::Tagger, Model::Parser, Model::Roles]
    } else {
        args.models.clone()
    };
    // The parser and the labeller learn from the tags of the tagger they will run with, the
    // labeller from the parses of the parser it will run with.
    let mut tagger: Option<Tagger> = None;
    let mut parser: Option<Parser> = None;
    for model in models {
        let trained = match model {
            Model::Tagger => train_tagger(&args.data, &args.out).map(|t| tagger = Some(t)),
            Model::Parser => train_parser(
                &args.data,
                tagger.as_ref().unwrap_or(Tagger::default_model()),
                &args.out,
            )
            .map(|p| parser = Some(p)),
            Model::Roles => train_roles(
                &args.data,
                tagger.as_ref().unwrap_or(Tagger::default_model()),
                parser.as_ref().unwrap_or(Parser::default_model()),
                &args.out,
            ),
        };
        if let Err(message) = trained {
            crate::error(&message);
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn train_tagger(data: &Path, out: &Path) -> Result<Tagger, String> {
    let path = out.join(Tagger::FILE_NAME);
    eprintln!(
        "training the part-of-speech tagger on {} …",
        data.join("ud_english_ewt").display()
    );
    let (tagger, report) =
        whosaid_train::tagger::train_default(data, &path).map_err(|error| error.to_string())?;
    let accuracy = report.dev_accuracy.map_or_else(
        || "no dev set".to_string(),
        |a| format!("{:.2}% on dev", a.ratio() * 100.0),
    );
    println!(
        "tagger: {} ({} epochs, best {}), {accuracy}",
        path.display(),
        report.epochs_run,
        report.best_epoch
    );
    Ok(tagger)
}

fn train_parser(data: &Path, tagger: &Tagger, out: &Path) -> Result<Parser, String> {
    let path = out.join(Parser::FILE_NAME);
    eprintln!(
        "training the dependency parser on {} …",
        data.join("ud_english_ewt").display()
    );
    let (parser, report) = whosaid_train::parser::train_default(data, tagger, &path)
        .map_err(|error| error.to_string())?;
    let dev = report
        .dev
        .map_or_else(|| "no dev set".to_string(), |s| format!("on dev: {s}"));
    println!(
        "parser: {} ({} bytes, {} epochs, best {}), {dev}",
        path.display(),
        report.model_bytes,
        report.epochs_run,
        report.best_epoch
    );
    Ok(parser)
}

fn train_roles(data: &Path, tagger: &Tagger, parser: &Parser, out: &Path) -> Result<(), String> {
    let path = out.join(Labeller::FILE_NAME);
    eprintln!(
        "training the attribution-role labeller on {} …",
        data.join("polnear").display()
    );
    let (_, report) = whosaid_train::roles::train_default(data, tagger, parser, &path)
        .map_err(|error| error.to_string())?;
    println!(
        "roles: {} ({} bytes, epochs {:?}, boundary stage from {} examples); on dev:\n{}",
        path.display(),
        report.model_bytes,
        report.kept_epochs,
        report.boundary_examples,
        report.held_out
    );
    Ok(())
}
