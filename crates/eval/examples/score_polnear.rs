//! Scores an extractor on a PolNeAR split and prints the report, the table `whosaid eval
//! --gold DIR` prints first: with the shipped models, or with the ones `whosaid train --out
//! MODELS` wrote when MODELS is given.
//!
//! ```text
//! cargo run --release -p whosaid-eval --example score_polnear -- ../shared/data/polnear/dev [MODELS]
//! ```

use std::path::PathBuf;

use whosaid_extract::Extractor;

fn main() {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let Some(gold) = args.next() else {
        eprintln!("usage: score_polnear SPLIT_DIR [MODELS_DIR]");
        std::process::exit(2);
    };
    let fail = |e: &dyn std::fmt::Display| -> ! {
        eprintln!("score_polnear: {e}");
        std::process::exit(1)
    };
    let extractor = match args.next() {
        Some(models) => Extractor::with_models_in(&models).unwrap_or_else(|e| fail(&e)),
        None => Extractor::new(),
    };
    let report = whosaid_eval::run_polnear(&extractor, &gold).unwrap_or_else(|e| fail(&e));
    print!("{report}");
    println!(
        "attribution F1 {:.1}, quoted F1 {:.1}",
        100.0 * report.attribution.f1(),
        100.0 * report.quoted.f1()
    );
}
