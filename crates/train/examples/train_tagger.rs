//! Trains the tagger on UD English-EWT with the settings given on the command line, prints
//! the run's report and the model's accuracy on dev and on its variants, and writes the model:
//! the program for trying other settings (`whosaid train` uses the shipped ones).
//!
//! ```text
//! cargo run --release -p whosaid-train --example train_tagger -- DATA_DIR OUT
//!     [--min-count N] [--min-weight W] [--epochs N] [--no-augment]
//!     [--dict-count N] [--dict-share S] [--class-count N] [--class-share S]
//! ```
//! DATA_DIR holds `ud_english_ewt/` (e.g. `../shared/data`); OUT is the model file to write,
//! or `-` to write nothing. Without options this is exactly
//! [`whosaid_train::tagger::train_default`]. Only train and dev are read.

use std::path::PathBuf;
use std::time::Instant;

use whosaid_train::tagger::{accuracy, augment, sentences, train, TrainOptions};

fn main() {
    let mut positional = Vec::new();
    let mut options = TrainOptions {
        verbose: true,
        ..TrainOptions::default()
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().expect("option needs a value");
        match a.as_str() {
            "--min-count" => options.min_feature_count = value().parse().expect("integer"),
            "--min-weight" => options.min_weight = value().parse().expect("number"),
            "--dict-count" => options.dict_min_count = value().parse().expect("integer"),
            "--dict-share" => options.dict_min_share = value().parse().expect("number"),
            "--class-count" => options.class_min_count = value().parse().expect("integer"),
            "--class-share" => options.class_min_share = value().parse().expect("number"),
            "--epochs" => options.max_epochs = value().parse().expect("integer"),
            "--no-augment" => {
                options.hyphen_join = false;
                options.title_case_every = 0;
                options.upper_case_every = 0;
            }
            _ => positional.push(a),
        }
    }
    let [data_dir, out] = &positional[..] else {
        eprintln!("usage: train_tagger DATA_DIR OUT [options] (OUT `-` writes nothing)");
        std::process::exit(2);
    };
    let data_dir = PathBuf::from(data_dir);
    let ewt = data_dir.join("ud_english_ewt");
    let dev_path = ewt.join("en_ewt-ud-dev.conllu");

    let start = Instant::now();
    let (tagger, report) = match train(
        &ewt.join("en_ewt-ud-train.conllu"),
        Some(&dev_path),
        &options,
    ) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("training failed: {e}");
            std::process::exit(1);
        }
    };
    eprintln!("trained in {:.1} s", start.elapsed().as_secs_f64());
    println!("{report:#?}");

    // Robustness on dev variants (informational: epochs were chosen on plain dev only).
    let dev = sentences::read_file(&dev_path).expect("dev was read above");
    let title: Vec<_> = dev.iter().map(augment::title_case).collect();
    let joined: Vec<_> = dev.iter().filter_map(augment::join_hyphens).collect();
    println!(
        "dev {:.4} | dev Title Case {:.4} | dev sentences with hyphens joined {:.4} ({} sentences)",
        accuracy(&tagger, &dev).ratio(),
        accuracy(&tagger, &title).ratio(),
        accuracy(&tagger, &joined).ratio(),
        joined.len()
    );

    if out != "-" {
        std::fs::write(out, tagger.to_bytes()).expect("write model");
        println!("wrote {out} ({} bytes)", report.model_bytes);
    }
}
