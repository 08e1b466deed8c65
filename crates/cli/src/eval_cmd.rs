//! `whosaid eval`: accuracy against annotated data, printed as tables and optionally written as
//! JSON. The scoring itself belongs to `whosaid-eval`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use whosaid_extract::Extractor;

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// A PolNeAR split: DIR/text/*.txt and DIR/attributions/*.ann, with metadata.tsv in DIR's
    /// parent (e.g. ../shared/data/polnear/dev).
    #[arg(long, value_name = "DIR")]
    gold: PathBuf,

    /// Score this `whosaid extract --format jsonl` output (or another system's, in the same
    /// format) instead of running the extractor.
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,

    /// GUM in CoNLL-U (the folder holding en_gum-ud-dev.conllu), for the speaker-resolution
    /// measure [default: ud_english_gum beside the PolNeAR folder, when present].
    #[arg(long, value_name = "DIR")]
    gum: Option<PathBuf>,

    /// Also write the figures as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
}

pub fn run(args: EvalArgs) -> ExitCode {
    let extractor = Extractor::new();
    let report = match &args.predictions {
        Some(predictions) => whosaid_eval::score_jsonl(&args.gold, predictions),
        None => whosaid_eval::run_polnear(&extractor, &args.gold),
    };
    let report = match report {
        Ok(report) => report,
        Err(error) => {
            crate::error(&error.to_string());
            return ExitCode::FAILURE;
        }
    };
    println!("PolNeAR ({}):\n{report}", args.gold.display());

    // Speaker resolution needs the extractor's entities, so it runs only on live extraction.
    let gum_dir = args.gum.clone().or_else(|| default_gum_dir(&args.gold));
    let resolution = match (&args.predictions, gum_dir) {
        (None, Some(dir)) => match whosaid_eval::gum::run(&extractor, &dir) {
            Ok(resolution) => {
                println!(
                    "Speaker resolution on GUM dev ({}):\n{resolution}",
                    dir.display()
                );
                Some(resolution)
            }
            Err(error) => {
                crate::error(&error.to_string());
                return ExitCode::FAILURE;
            }
        },
        _ => None,
    };

    if let Some(path) = &args.json {
        let figures = serde_json::json!({
            "gold": args.gold,
            "polnear": report,
            "speaker_resolution": resolution,
        });
        let written = serde_json::to_string_pretty(&figures)
            .map_err(std::io::Error::other)
            .and_then(|json| std::fs::write(path, json + "\n"));
        if let Err(error) = written {
            crate::error(&format!("{}: {error}", path.display()));
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// `polnear/dev` → `ud_english_gum`, the layout of the shared data folder.
fn default_gum_dir(gold: &Path) -> Option<PathBuf> {
    let dir = gold.parent()?.parent()?.join("ud_english_gum");
    dir.join("en_gum-ud-dev.conllu").is_file().then_some(dir)
}
