//! `whosaid train`: rebuilds the models that ship inside whosaid from the public corpora, the
//! same way every time. The training itself belongs to each model's crate.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// The shared data folder, holding ud_english_ewt/ and polnear/.
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,

    /// Write the models into DIR instead of over the shipped ones in the source tree.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// Train only these models [default: all, the tagger first].
    #[arg(long = "model", value_name = "MODEL")]
    models: Vec<Model>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Model {
    /// The part-of-speech tagger, from UD English-EWT (train; dev chooses the epoch).
    Tagger,
    /// The source/cue/content labeller, from PolNeAR (train; dev chooses the epochs). It uses
    /// the tagger built into this binary.
    Roles,
}

pub fn run(args: TrainArgs) -> ExitCode {
    let models = if args.models.is_empty() {
        vec![Model::Tagger, Model::Roles]
    } else {
        args.models.clone()
    };
    for model in models {
        let trained = match model {
            Model::Tagger => train_tagger(&args.data, args.out.as_deref()),
            Model::Roles => train_roles(&args.data, args.out.as_deref()),
        };
        if let Err(message) = trained {
            crate::error(&message);
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn train_tagger(data: &Path, out: Option<&Path>) -> Result<(), String> {
    let path = out.map_or_else(whosaid_tagger::default_model_path, |dir| {
        dir.join("en-ewt-xpos.bin")
    });
    eprintln!(
        "training the part-of-speech tagger on {} …",
        data.join("ud_english_ewt").display()
    );
    let (_, report) =
        whosaid_tagger::train_default(data, &path).map_err(|error| error.to_string())?;
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
    Ok(())
}

fn train_roles(data: &Path, out: Option<&Path>) -> Result<(), String> {
    let path = out.map_or_else(whosaid_attribution::default_model_path, |dir| {
        dir.join("polnear-roles.bin")
    });
    let polnear = data.join("polnear");
    eprintln!(
        "training the attribution-role labeller on {} …",
        polnear.display()
    );
    let options = whosaid_attribution::TrainOptions::default();
    let (labeller, report) =
        whosaid_attribution::train(&polnear.join("train"), &polnear.join("dev"), &options)
            .map_err(|error| error.to_string())?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&path, labeller.to_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
    println!(
        "roles: {} ({} bytes, epochs kept {:?}); on dev:\n{}",
        path.display(),
        report.model_bytes,
        report.best_epochs,
        report.dev
    );
    Ok(())
}
