//! The structure whosaid's text layer finds in a text: paragraphs, sentences and paired quotes,
//! as ranges of the original bytes.
//!
//! ```sh
//! cargo run -p whosaid-text --example structure
//! ```

use whosaid_text::Document;

fn main() {
    let text = "Foreign Minister Anna Berg spoke in Brussels on Tuesday.\n\n\
                \u{201c}We will win,\u{201d} she said. \u{201c}Nobody doubts it.\u{201d}";
    let document = Document::parse(text);
    for (n, sentence) in document.sentences.iter().enumerate() {
        let bytes = document.byte_range(sentence.tokens.clone());
        println!(
            "sentence {n} (paragraph {}): {}",
            sentence.paragraph, &text[bytes]
        );
    }
    for quote in &document.quotes {
        let end = quote.close.map_or(quote.end, |close| close + 1);
        let bytes = document.byte_range(quote.open..end);
        println!("quote: {}", &text[bytes]);
    }
}
