//! How many weight lookups extraction makes per token, model by model, on a corpus of text
//! files: the count that, times the cost of one lookup (`cargo run --release -p
//! whosaid-modelfile --example lookup_cost`), bounds how fast the models can run.
//!
//! `cargo run --release -p whosaid-attribution --example lookup_counts -- DIR...` (every
//! `*.txt` file below each DIR, e.g. `../shared/data/polnear/train/text`).
//!
//! Counted from what the models do, not measured: the tagger's lookups per scored token are
//! its feature counts (tokens its dictionary tags are not scored, and are not told apart
//! here: an upper bound); the parser's are its unigram features per token, its context
//! features per transition and two lookups (slot, then weights) per relation feature per arc;
//! the labeller's first pass has 64 features per token and its second pass 40 per token of
//! the paragraphs where the first found a cue; the boundary stage's features are counted
//! exactly, candidate by candidate.

use std::path::Path;

use whosaid_attribution::{span_choices, tag_document, Labeller, Role};
use whosaid_parser::Parser;
use whosaid_tagger::Tagger;
use whosaid_text::Document;

fn texts(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            texts(&path, out);
        } else if path.extension().is_some_and(|e| e == "txt") {
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push(text);
            }
        }
    }
}

fn main() {
    let mut corpus = Vec::new();
    for dir in std::env::args().skip(1) {
        texts(Path::new(&dir), &mut corpus);
    }
    if corpus.is_empty() {
        eprintln!("usage: lookup_counts DIR... (directories of *.txt files)");
        std::process::exit(2);
    }
    let (tagger, parser, labeller) = (
        Tagger::default_model(),
        Parser::default_model(),
        Labeller::default_model(),
    );
    let bits = labeller.boundaries().map_or(18, |b| b.bits());
    let (mut bytes, mut tokens, mut sentences, mut in_cue_paragraphs) = (0, 0, 0, 0);
    let (mut stage_features, mut stage_candidates) = (0usize, 0usize);
    for text in &corpus {
        let doc = Document::parse(text);
        let tags = tag_document(tagger, &doc);
        let parse = parser.parse(&doc, &tags);
        let first = labeller.label_first_pass(&doc, &tags, &parse);
        bytes += text.len();
        tokens += doc.tokens.len();
        sentences += doc.sentences.len();
        for p in &doc.paragraphs {
            if first[p.tokens.clone()]
                .iter()
                .any(|r| matches!(r, Role::BCue | Role::ICue))
            {
                in_cue_paragraphs += p.tokens.len();
            }
        }
        let (roles, margins) = labeller.label_with_margins(&doc, &tags, &parse);
        // The stage scores the spans of the passes' labels; `roles` are after it, close enough
        // for a count (it moves edges, it never adds or removes a span).
        for choice in span_choices(&doc, &tags, &parse, &roles, &margins, bits) {
            for boundary in [&choice.start, &choice.end] {
                stage_candidates += boundary.features.len();
                stage_features += boundary.features.iter().map(Vec::len).sum::<usize>();
            }
        }
    }
    let per = |x: f64| x / tokens as f64;
    // Tagger: 17 word features + its context row + its history row + 5 history features.
    let tagger_lookups = 24.0;
    // Parser: 6 positions × 3 unigram features per token, 35 context features per transition
    // (2n − 1 per sentence of n tokens), 19 relation features per arc (n − 1), two lookups each.
    let transitions = 2 * tokens - sentences;
    let arcs = tokens - sentences;
    let parser_lookups = per((18 * tokens + 35 * transitions + 2 * 19 * arcs) as f64);
    let labeller_lookups = 64.0 + per(40.0 * in_cue_paragraphs as f64);
    let stage_lookups = per(stage_features as f64);
    println!(
        "{} texts, {:.2} MB, {} tokens ({:.2} bytes per token), {} sentences",
        corpus.len(),
        bytes as f64 / 1e6,
        tokens,
        bytes as f64 / tokens as f64,
        sentences
    );
    println!("lookups per token:");
    println!("  tagger (upper bound)   {tagger_lookups:>6.1}");
    println!("  parser                 {parser_lookups:>6.1}");
    println!(
        "  labeller passes        {labeller_lookups:>6.1}   ({:.0} % of tokens in paragraphs with a first-pass cue)",
        100.0 * per(in_cue_paragraphs as f64)
    );
    println!(
        "  boundary stage         {stage_lookups:>6.1}   ({:.1} candidates per token, {:.1} features each)",
        per(stage_candidates as f64),
        stage_features as f64 / stage_candidates.max(1) as f64
    );
    println!(
        "  all                    {:>6.1}",
        tagger_lookups + parser_lookups + labeller_lookups + stage_lookups
    );
}
