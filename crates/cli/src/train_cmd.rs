//! `whosaid train`: rebuilds the models that ship inside whosaid from the public corpora, the
//! same way every time. The training itself belongs to each model's crate.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// The shared data folder, holding ud_english_ewt/ (and the other corpora).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,

    /// Write the models into DIR instead of over the shipped ones in the source tree.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(args: TrainArgs) -> ExitCode {
    let tagger_path = match &args.out {
        Some(dir) => dir.join("en-ewt-xpos.bin"),
        None => whosaid_tagger::default_model_path(),
    };
    eprintln!(
        "training the part-of-speech tagger on {} …",
        args.data.join("ud_english_ewt").display()
    );
    match whosaid_tagger::train_default(&args.data, &tagger_path) {
        Ok((_, report)) => {
            let accuracy = report.dev_accuracy.map_or_else(
                || "no dev set".to_string(),
                |a| format!("{:.2}% on dev", a.ratio() * 100.0),
            );
            println!(
                "tagger: {} ({} epochs, best {}), {accuracy}",
                tagger_path.display(),
                report.epochs_run,
                report.best_epoch
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            crate::error(&error.to_string());
            ExitCode::FAILURE
        }
    }
}
