//! Measures parsing speed against tagging speed, in the same process, on text files (news,
//! such as PolNeAR's dev texts): the text layer runs once, then tagging alone and parsing alone
//! (with the tags already computed) each run over every document `--reps` times, on one
//! thread. Prints megabytes of text per second of each and their ratio.
//!
//! ```text
//! cargo run --release -p whosaid-parser --example speed -- [--reps N] [--model FILE] FILE_OR_DIR...
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use whosaid_parser::Parser;
use whosaid_tagger::{Tag, Tagger};
use whosaid_text::Document;

fn tag_document(tagger: &Tagger, doc: &Document, out: &mut Vec<Tag>) {
    out.clear();
    let mut words: Vec<&str> = Vec::new();
    let mut tags = Vec::new();
    for s in &doc.sentences {
        words.clear();
        words.extend(s.tokens.clone().map(|k| doc.token_text(k)));
        tagger.tag_into(&words, &mut tags);
        out.extend_from_slice(&tags);
    }
    out.resize(doc.tokens.len(), Tag::NN);
}

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .expect("read directory")
            .map(|e| e.expect("directory entry").path())
            .collect();
        entries.sort();
        entries.iter().for_each(|p| files(p, out));
    } else {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut reps = 10;
    let mut model = None;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--reps" => reps = args.next().and_then(|r| r.parse().ok()).expect("--reps N"),
            "--model" => model = Some(args.next().expect("--model FILE")),
            _ => files(Path::new(&a), &mut paths),
        }
    }
    let texts: Vec<String> = (paths.iter())
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let docs: Vec<Document> = texts.iter().map(|t| Document::parse(t)).collect();
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let tagger = Tagger::default_model();
    let loaded;
    let parser = match model {
        Some(f) => {
            loaded = Parser::from_file(&f).expect("model loads");
            &loaded
        }
        None => Parser::default_model(),
    };
    let mut tags: Vec<Vec<Tag>> = vec![Vec::new(); docs.len()];

    let start = Instant::now();
    for _ in 0..reps {
        for (doc, tags) in docs.iter().zip(&mut tags) {
            tag_document(tagger, doc, tags);
        }
    }
    let tag_secs = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let mut arcs = 0usize;
    for _ in 0..reps {
        for (doc, tags) in docs.iter().zip(&tags) {
            let parse = parser.parse(doc, tags);
            arcs += (0..parse.len())
                .filter(|&i| parse.head(i).is_some())
                .count();
        }
    }
    let parse_secs = start.elapsed().as_secs_f64();

    let mb = (bytes * reps) as f64 / 1e6;
    println!(
        "{} documents, {bytes} bytes, {tokens} tokens, {reps} repetitions ({arcs} arcs)",
        docs.len()
    );
    println!(
        "tag only:   {:6.2} MB/s ({:.2} M tokens/s)",
        mb / tag_secs,
        (tokens * reps) as f64 / tag_secs / 1e6
    );
    println!(
        "parse only: {:6.2} MB/s ({:.2} M tokens/s); parsing takes {:.2}× the time of tagging",
        mb / parse_secs,
        (tokens * reps) as f64 / parse_secs / 1e6,
        parse_secs / tag_secs
    );
}
