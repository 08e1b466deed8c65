//! Loads a PolNeAR split and prints what it holds: articles, attributions, how many have a
//! source and how many a quoted content, and the most frequent cues. The loader's whole API in
//! a few lines.
//!
//! ```text
//! cargo run -p whosaid-corpora --example load_polnear -- ../shared/data/polnear/dev
//! ```

use std::collections::HashMap;
use std::path::PathBuf;

fn main() {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: load_polnear SPLIT_DIR (e.g. ../shared/data/polnear/dev)");
        std::process::exit(2);
    };
    let articles = whosaid_corpora::polnear::load(&dir).unwrap_or_else(|e| {
        eprintln!("load_polnear: {e}");
        std::process::exit(1)
    });
    let (mut attributions, mut with_source, mut quoted) = (0, 0, 0);
    let mut cues: HashMap<String, usize> = HashMap::new();
    for article in &articles {
        let chars: Vec<char> = article.text.chars().collect();
        for a in &article.attributions {
            attributions += 1;
            with_source += usize::from(!a.source.is_empty());
            quoted += usize::from(a.is_quoted(&chars));
            *cues.entry(a.cue_key(&chars)).or_default() += 1;
        }
    }
    println!(
        "{}: {} articles, {attributions} attributions, {with_source} with a source, {quoted} quoted",
        dir.display(),
        articles.len()
    );
    let mut cues: Vec<(String, usize)> = cues.into_iter().collect();
    cues.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (cue, n) in cues.iter().take(10) {
        println!("  {n:>5}  {cue}");
    }
}
