//! Extracts the statements of one article and prints, for each, who said it, how it was
//! reported and what was said.
//!
//! ```text
//! cargo run -p whosaid-extract --example extract_text
//! cargo run -p whosaid-extract --example extract_text -- article.txt
//! ```
//!
//! With no argument it reads the short article below; with one, the UTF-8 text file it names
//! (paragraphs separated by blank lines, as `whosaid extract` reads them).

use whosaid_extract::Extractor;

const ARTICLE: &str = "\
Harbour council approves new sea wall

The council voted on Tuesday to build a sea wall along the harbour front.

“We cannot wait for the next storm,” said Mayor Elena Ruiz. She added that the work would \
cost less than the repairs after last winter's floods.

Local fishermen said the wall would block their moorings. According to the harbour master, \
work will begin in the spring.";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = match std::env::args_os().nth(1) {
        Some(path) => std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: {e}", std::path::Path::new(&path).display()))?,
        None => ARTICLE.to_string(),
    };
    // One extractor per process: building it parses the shipped models once.
    let extractor = Extractor::new();
    for statement in extractor.extract(&text).statements {
        let speaker = statement
            .speaker
            .map_or_else(|| "(unknown)".to_string(), |s| s.name);
        let content: Vec<&str> = statement.contents.iter().map(|c| c.text.as_str()).collect();
        println!(
            "{speaker} / {} / {}",
            statement.kind.name(),
            content.join(" … ")
        );
    }
    Ok(())
}
