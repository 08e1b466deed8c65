//! Rebuilds the shipped model: trains on PolNeAR train, chooses the epoch on dev, prints the
//! dev figures and writes `models/polnear-roles.bin`.
//!
//! `cargo run --release -p whosaid-attribution --example roles_train -- [POLNEAR_DIR] [--dry-run]
//! [--out=PATH] [--bits=N] [--epochs=N] [--max-bytes=N] [--replicas=N] [--seed=N]
//! [--no-stacking]`
//! (default directory: `../shared/data/polnear` next to the workspace).

use std::path::PathBuf;
use std::time::Instant;

use whosaid_attribution::{default_model_path, train, TrainOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dry_run = args.iter().any(|a| a == "--dry-run");
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
            options.max_epochs = v.parse().expect("--epochs=N");
        }
    }
    let started = Instant::now();
    let (labeller, report) = match train(&dir.join("train"), &dir.join("dev"), &options) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("training failed: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "trained on {} articles, {} paragraphs, {} tokens in {:.1}s; epochs kept per pass {:?} of {}",
        report.train_articles,
        report.train_paragraphs,
        report.train_tokens,
        started.elapsed().as_secs_f64(),
        report.best_epochs,
        report.epochs.len()
    );
    println!("first pass on dev:\n{}", report.first_pass_dev);
    println!("dev ({} articles):\n{}", report.dev_articles, report.dev);
    println!("rows {}, model {} bytes", report.rows, report.model_bytes);
    if !dry_run {
        let path = args
            .iter()
            .find_map(|a| a.strip_prefix("--out="))
            .map(PathBuf::from)
            .unwrap_or_else(default_model_path);
        std::fs::write(&path, labeller.to_bytes()).expect("write model");
        println!("wrote {}", path.display());
    }
}
