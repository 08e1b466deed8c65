//! Prints the parse of the text given as arguments, one token per line (CoNLL-like): for
//! looking at what the parser does with a sentence.
//!
//! ```text
//! cargo run -p whosaid-parser --example show -- "The governor told reporters that taxes would rise."
//! ```

use whosaid_parser::Parser;
use whosaid_tagger::{Tag, Tagger};
use whosaid_text::Document;

fn main() {
    let text = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let doc = Document::parse(&text);
    let mut tags = Vec::new();
    for s in &doc.sentences {
        let words: Vec<&str> = s.tokens.clone().map(|k| doc.token_text(k)).collect();
        tags.extend(Tagger::default_model().tag(&words));
    }
    tags.resize(doc.tokens.len(), Tag::NN);
    let parse = Parser::default_model().parse(&doc, &tags);
    for (k, tag) in tags.iter().enumerate() {
        let head = parse.head(k).map_or("-".to_string(), |h| h.to_string());
        let word = doc.token_text(k);
        println!("{k}\t{word}\t{tag}\t{head}\t{}", parse.label(k));
    }
}
