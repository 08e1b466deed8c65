//! Labels a text from standard input and prints its attribution spans, one per line: the
//! whole runtime API of the labeller (parse, tag, label, spans), with the shipped models or,
//! given a models directory as argument, with the ones `whosaid train --out DIR` wrote there.
//!
//! ```text
//! echo '“We will win,” the governor told reporters.' |
//!     cargo run --release -p whosaid-attribution --example label [-- MODELS_DIR]
//! ```

use std::io::Read;

use whosaid_attribution::{spans, tag_document, Labeller};
use whosaid_tagger::Tagger;
use whosaid_text::Document;

fn main() {
    let (tagger, labeller) = match std::env::args_os().nth(1) {
        Some(dir) => {
            let dir = std::path::PathBuf::from(dir);
            let load = || -> Result<_, whosaid_attribution::ModelError> {
                Ok((
                    Tagger::from_file(dir.join(Tagger::FILE_NAME))?,
                    Labeller::from_file(dir.join(Labeller::FILE_NAME))?,
                ))
            };
            load().unwrap_or_else(|e| {
                eprintln!("label: {e}");
                std::process::exit(1)
            })
        }
        None => (
            Tagger::default_model().clone(),
            Labeller::default_model().clone(),
        ),
    };
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .expect("read standard input");
    let doc = Document::parse(&text);
    let tags = tag_document(&tagger, &doc);
    // The shipped parser: the one every shipped or `whosaid train`-built labeller learnt from.
    let parse = whosaid_parser::Parser::default_model().parse(&doc, &tags);
    let roles = labeller.label(&doc, &tags, &parse);
    for (kind, tokens) in spans(&roles) {
        println!("{:<8} {}", kind.as_str(), &doc.text[doc.byte_range(tokens)]);
    }
}
