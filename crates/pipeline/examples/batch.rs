//! The record pipeline on a batch: every record of the inputs read, extracted on all cores and
//! handed on in input order, each article's speakers printed, and the account of the run.
//!
//! ```sh
//! cargo run --release -p whosaid-pipeline --example batch -- examples/
//! ```

use std::path::PathBuf;

use whosaid_extract::Extractor;
use whosaid_ingest::ReadOptions;
use whosaid_pipeline::{items, run, Event};

fn main() {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let options = ReadOptions::default();
    let extractor = Extractor::new();
    // Rendering runs on the worker threads: here, the names of the speakers.
    let render = |_article, extraction: whosaid_article::Extraction| {
        let mut names: Vec<String> = extraction
            .statements
            .iter()
            .filter_map(|s| s.speaker.as_ref().map(|speaker| speaker.name.clone()))
            .collect();
        names.sort();
        names.dedup();
        names
    };
    let finished = run(
        items(&paths, &options),
        None,
        &extractor,
        render,
        |event, _| {
            match event {
                Event::Extracted { id, rendered, .. } => println!("{id}: {}", rendered.join(", ")),
                Event::Skipped { skip, .. } => println!("{}: {}", skip.id, skip.reason.label()),
                Event::Warning { id, message } => println!("{id}: {message}"),
            }
            Ok(())
        },
    )
    .expect("worker threads start");
    println!("{}", finished.accounting.summary());
}
