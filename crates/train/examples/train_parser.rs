//! Trains the dependency parser on UD English-EWT with the settings given on the command line,
//! printing the dev scores of every epoch, the kept model's scores, and writing the model: the
//! program for trying other settings (`whosaid train` uses the shipped ones).
//!
//! ```text
//! cargo run --release -p whosaid-train --example train_parser -- DATA_DIR OUT
//!     [--epochs N] [--gold-tags] [--folds N] [--no-join] [--explore-from N] [--explore P]
//!     [--bits B] [--max-bytes N] [--test]
//! ```
//! DATA_DIR holds `ud_english_ewt/` (e.g. `../shared/data`); OUT is the model file to write,
//! or `-` to write nothing. Without options this is exactly
//! [`whosaid_train::parser::train_default`] with the shipped tagger. Train and dev are read;
//! test only with `--test`, once every choice is made.

use std::path::PathBuf;
use std::time::Instant;

use whosaid_tagger::Tagger;
use whosaid_train::parser::{data, evaluate, train, TrainOptions};

fn main() {
    let mut positional = Vec::new();
    let mut options = TrainOptions {
        verbose: true,
        ..TrainOptions::default()
    };
    let mut test = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().expect("option needs a value");
        match a.as_str() {
            "--epochs" => options.max_epochs = value().parse().expect("integer"),
            "--gold-tags" => options.gold_tags = true,
            "--folds" => options.jackknife_folds = value().parse().expect("integer"),
            "--no-join" => options.hyphen_join = false,
            "--explore-from" => options.explore_from_epoch = value().parse().expect("integer"),
            "--explore" => options.explore_probability = value().parse().expect("number"),
            "--bits" => options.bucket_bits = value().parse().expect("integer"),
            "--max-bytes" => options.max_model_bytes = value().parse().expect("integer"),
            "--test" => test = true,
            _ => positional.push(a),
        }
    }
    let [data_dir, out] = &positional[..] else {
        eprintln!("usage: train_parser DATA_DIR OUT [options] (OUT `-` writes nothing)");
        std::process::exit(2);
    };
    let ewt = PathBuf::from(data_dir).join("ud_english_ewt");
    let tagger = Tagger::default_model();
    let start = Instant::now();
    let (parser, report) = match train(
        &ewt.join("en_ewt-ud-train.conllu"),
        Some(&ewt.join("en_ewt-ud-dev.conllu")),
        tagger,
        &options,
    ) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("training failed: {e}");
            std::process::exit(1);
        }
    };
    eprintln!("trained in {:.1} s", start.elapsed().as_secs_f64());
    for (k, s) in report.dev_by_epoch.iter().enumerate() {
        println!("epoch {}: dev {s}", k + 1);
    }
    println!(
        "kept epoch {} of {}: {} transition buckets, {} relation features, {} bytes",
        report.best_epoch,
        report.epochs_run,
        report.transition_buckets,
        report.label_features,
        report.model_bytes
    );
    if let Some(dev) = report.dev {
        println!("dev (tagger's tags): {dev}");
    }
    if test {
        let (_, trees) = data::read_file(&ewt.join("en_ewt-ud-test.conllu")).expect("test file");
        println!(
            "test (tagger's tags): {}",
            evaluate(&parser, tagger, &trees)
        );
    }
    if out != "-" {
        std::fs::write(out, parser.to_bytes()).expect("write model");
        println!("wrote {out} ({} bytes)", report.model_bytes);
    }
}
