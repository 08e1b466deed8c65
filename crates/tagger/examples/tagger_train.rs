//! Trains the tagger on UD English-EWT and writes the model.
//!
//! ```text
//! cargo run --release -p whosaid-tagger --example tagger_train -- [DATA_DIR] [OUT]
//!     [--min-count N] [--min-weight W] [--epochs N] [--no-augment]
//!     [--dict-count N] [--dict-share S] [--class-count N] [--class-share S]
//! ```
//! DATA_DIR defaults to `../shared/data` next to the workspace; OUT to the shipped model path
//! (`crates/tagger/models/en-ewt-xpos.bin`); with `-` as OUT nothing is written. Without options
//! this is exactly [`whosaid_tagger::train_default`]. Only train and dev are read.

use std::path::PathBuf;
use std::time::Instant;

use whosaid_tagger::{augment, conllu, default_model_path, train, TrainOptions};

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
    let data_dir = positional.first().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
    });
    let out = positional
        .get(1)
        .cloned()
        .unwrap_or_else(|| default_model_path().display().to_string());
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
    let dev = conllu::read_file(&dev_path).expect("dev was read above");
    let title: Vec<_> = dev.iter().map(augment::title_case).collect();
    let joined: Vec<_> = dev.iter().filter_map(augment::join_hyphens).collect();
    println!(
        "dev {:.4} | dev Title Case {:.4} | dev sentences with hyphens joined {:.4} ({} sentences)",
        tagger.evaluate(&dev).ratio(),
        tagger.evaluate(&title).ratio(),
        tagger.evaluate(&joined).ratio(),
        joined.len()
    );

    if out != "-" {
        std::fs::write(&out, tagger.to_bytes()).expect("write model");
        println!("wrote {out} ({} bytes)", report.model_bytes);
    }
}
