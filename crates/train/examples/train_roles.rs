//! Trains the attribution-role labeller on PolNeAR train with the settings given on the
//! command line, prints every epoch's dev figures (`--curve=N` runs N epochs to show them past the kept ones) and the final table,
//! and writes the model with `--out=PATH`: the program for trying other settings (`whosaid
//! train` uses the shipped ones, with which this rebuilds the shipped model).
//!
//! `cargo run --release -p whosaid-train --example train_roles -- [POLNEAR_DIR] [--out=PATH]
//! [--bits=N] [--epochs=N,M] [--curve=N] [--max-bytes=N] [--replicas=N] [--seed=N] [--no-stacking]`
//! (default directory: `../shared/data/polnear` next to the workspace). Tokens are tagged with
//! the shipped tagger.

use std::path::PathBuf;
use std::time::Instant;

use whosaid_tagger::Tagger;
use whosaid_train::roles::{train, TrainOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/polnear")
        });
    let mut options = TrainOptions {
        verbose: true,
        ..TrainOptions::default()
    };
    for a in &args {
        if let Some(v) = a.strip_prefix("--bits=") {
            options.bits = v.parse().expect("--bits=N");
        }
        if a == "--no-stacking" {
            options.stacking = false;
        }
        if let Some(v) = a.strip_prefix("--max-bytes=") {
            options.max_model_bytes = v.parse().expect("--max-bytes=N");
        }
        if let Some(v) = a.strip_prefix("--replicas=") {
            options.replicas = v.parse().expect("--replicas=N");
        }
        if let Some(v) = a.strip_prefix("--seed=") {
            options.seed = v.parse().expect("--seed=N");
        }
        if let Some(v) = a.strip_prefix("--epochs=") {
            let (first, second) = v.split_once(',').expect("--epochs=N,M");
            options.epochs = [
                first.parse().expect("--epochs=N,M"),
                second.parse().expect("--epochs=N,M"),
            ];
        }
        if let Some(v) = a.strip_prefix("--curve=") {
            options.curve_epochs = v.parse().expect("--curve=N");
        }
    }
    let started = Instant::now();
    let tagger = Tagger::default_model();
    let (labeller, report) = match train(
        &dir.join("train"),
        &dir.join("dev"),
        tagger,
        whosaid_parser::Parser::default_model(),
        &options,
    ) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("training failed: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "trained on {} articles, {} paragraphs, {} tokens in {:.1}s; epochs per pass {:?}",
        report.train_articles,
        report.train_paragraphs,
        report.train_tokens,
        started.elapsed().as_secs_f64(),
        report.kept_epochs,
    );
    println!("first pass on dev:\n{}", report.first_pass_held_out);
    println!(
        "dev ({} articles):\n{}",
        report.held_out_articles, report.held_out
    );
    println!("rows {}, model {} bytes", report.rows, report.model_bytes);
    if let Some(path) = args.iter().find_map(|a| a.strip_prefix("--out=")) {
        std::fs::write(path, labeller.to_bytes()).expect("write model");
        println!("wrote {path}");
    }
}
