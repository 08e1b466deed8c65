//! Labelling speed on one core: parses and tags PolNeAR dev once, then times
//! [`Labeller::label`] alone over it, several rounds.
//!
//! `cargo run --release -p whosaid-attribution --example bench -- [POLNEAR_DIR]`

use std::path::PathBuf;
use std::time::Instant;

use whosaid_attribution::{tag_document, Labeller};
use whosaid_text::Document;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/polnear")
        });
    let started = Instant::now();
    let _ = Labeller::load_default().expect("model");
    println!("model loaded in {:?}", started.elapsed());
    let model = Labeller::default_model();
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(dir.join("dev/text")).expect("dev/text") {
        let path = entry.expect("entry").path();
        texts.push(std::fs::read_to_string(path).expect("read"));
    }
    texts.sort();
    let docs: Vec<Document> = texts.iter().map(|t| Document::parse(t)).collect();
    let tags: Vec<_> = docs.iter().map(tag_document).collect();
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let rounds = 5;
    let started = Instant::now();
    let mut labelled = 0;
    for _ in 0..rounds {
        for (doc, tags) in docs.iter().zip(&tags) {
            labelled += model.label(doc, tags).len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "labelled {labelled} tokens in {secs:.3}s: {:.0} tokens/s, {:.1} MB/s of text",
        labelled as f64 / secs,
        (bytes * rounds) as f64 / secs / 1e6
    );
    let started = Instant::now();
    for (text, doc) in texts.iter().zip(&docs) {
        let doc2 = Document::parse(text);
        let _ = tag_document(&doc2);
        assert_eq!(doc2.tokens.len(), doc.tokens.len());
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "for comparison, parsing + tagging: {:.0} tokens/s, {:.1} MB/s",
        tokens as f64 / secs,
        bytes as f64 / secs / 1e6
    );
}
