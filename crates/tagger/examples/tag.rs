//! Tags pre-tokenised sentences from standard input, one sentence per line with tokens
//! separated by spaces, and prints `token/TAG` pairs. Handy for eyeballing the model.
//!
//! ```text
//! echo 'Rutte said on Tuesday that the US-based firm would n’t comment .' |
//!     cargo run --release -p whosaid-tagger --example tag
//! ```

use std::io::BufRead;

use whosaid_tagger::Tagger;

fn main() {
    let tagger = Tagger::default_model();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("read standard input");
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let tags = tagger.tag(&tokens);
        let pairs: Vec<String> = tokens
            .iter()
            .zip(&tags)
            .map(|(w, t)| format!("{w}/{t}"))
            .collect();
        println!("{}", pairs.join(" "));
    }
}
