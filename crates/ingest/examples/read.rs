//! Reads any input whosaid reads (text, HTML, WARC, JSON lines, gzipped or not, a directory)
//! and says what became of each record: an article with its title and language, or a skip
//! with its reason. No extraction: this is the reading layer alone.
//!
//! ```sh
//! cargo run -p whosaid-ingest --example read -- examples/nato-foreign-ministers.txt
//! ```

use std::path::PathBuf;

use whosaid_ingest::{expand, open, prepare, ReadOptions};

fn main() {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let options = ReadOptions::default();
    for input in expand(&paths) {
        for record in open(&input, &options) {
            match record.and_then(prepare) {
                Ok(article) => println!(
                    "{}: {} chars, title {:?}, language {}",
                    article.id,
                    article.text.chars().count(),
                    article.metadata.title.as_deref().unwrap_or("-"),
                    article.metadata.language.as_deref().unwrap_or("-"),
                ),
                Err(skip) => println!(
                    "{}: skipped, {} ({})",
                    skip.id,
                    skip.detail,
                    skip.reason.label()
                ),
            }
        }
    }
}
