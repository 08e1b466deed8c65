//! The extractor's output on real articles, pinned: a digest of every statement, span and
//! speaker whosaid finds in each PolNeAR train and dev article and each `dev` page body of
//! news-html, and of the main text and metadata whosaid takes from each `dev` page's HTML
//! with what it finds there, compared with the digests stored in `data/output-digests.tsv`.
//!
//! A change that is meant to leave the output alone (a faster path, a refactoring) must pass
//! this test unchanged. A change that is meant to alter it (a retrained model, a new rule) is
//! a measured accuracy change: report its figures, then rewrite the file with
//!
//! ```sh
//! WHOSAID_UPDATE_DIGESTS=1 cargo test -p whosaid-eval --test output_identity
//! ```
//!
//! and commit it with the change, so that the diff of the file shows which articles moved.
//! The file holds article names and hashes only, no text. The `reserved` news pages are left
//! out, as everywhere outside independent evaluation. Skipped with a message when the data is
//! absent, failing under `CI=true`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use rayon::prelude::*;
use whosaid_eval::main_text::{load_gold, read_page, Pages};
use whosaid_extract::Extractor;

const DIGESTS: &str = "tests/data/output-digests.tsv";

/// FNV-1a, 64 bits: stable across builds and platforms, unlike `std`'s hasher.
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The statements whosaid finds in `text` and the digest of its extraction's JSON.
fn digest(extractor: &Extractor, text: &str) -> (usize, u64) {
    let extraction = extractor.extract(text);
    let json = serde_json::to_vec(&extraction).expect("an extraction serialises");
    (extraction.statements.len(), fnv(&json))
}

fn parse(file: &str) -> BTreeMap<String, (usize, u64)> {
    file.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "{DIGESTS}: malformed line {line:?}");
            let statements = fields[1].parse().expect("a statement count");
            let digest = u64::from_str_radix(fields[2], 16).expect("a hex digest");
            (fields[0].to_owned(), (statements, digest))
        })
        .collect()
}

fn render(digests: &BTreeMap<String, (usize, u64)>) -> String {
    let mut out = String::from(
        "# article\tstatements\tdigest of whosaid's output (crates/eval/tests/output_identity.rs)\n",
    );
    for (name, (statements, digest)) in digests {
        let _ = writeln!(out, "{name}\t{statements}\t{digest:016x}");
    }
    out
}

#[test]
fn output_on_real_articles_is_unchanged() {
    let (Some(polnear), Some(news)) = (
        whosaid_corpora::shared_data("polnear"),
        whosaid_corpora::shared_data("news-html"),
    ) else {
        return;
    };
    let mut texts = Vec::new();
    for split in ["train", "dev"] {
        let articles = whosaid_corpora::polnear::load(&polnear.join(split)).unwrap();
        texts.extend(
            articles
                .into_iter()
                .map(|a| (format!("polnear/{split}/{}", a.name), a.text)),
        );
    }
    let pages = load_gold(&news, &Pages::Split("dev".into())).unwrap();
    let extractor = Extractor::new();
    let mut now: BTreeMap<String, (usize, u64)> = texts
        .par_iter()
        .map(|(name, text)| (name.clone(), digest(&extractor, text)))
        .chain(
            pages
                .par_iter()
                .map(|p| (format!("news-html/{}", p.id), digest(&extractor, &p.body))),
        )
        .collect();
    // The main text of each page, from its HTML: what `whosaid extract` reads in an HTML
    // file or a WARC response. Its digest covers the main text and metadata too.
    now.par_extend(pages.par_iter().map(|p| {
        let html = read_page(&news, &p.id).unwrap();
        let (text, metadata) = match whosaid_ingest::main_text(&html, Some(&p.url)) {
            Ok(main) => (main.text, serde_json::to_string(&main.metadata).unwrap()),
            Err((reason, detail)) => (String::new(), format!("{reason:?}: {detail}")),
        };
        let (statements, found) = digest(&extractor, &text);
        let page = fnv(text.as_bytes()) ^ fnv(metadata.as_bytes()).rotate_left(7);
        (
            format!("news-html/{}.html", p.id),
            (statements, found ^ page.rotate_left(1)),
        )
    }));
    assert_eq!(
        now.len(),
        texts.len() + 2 * pages.len(),
        "article names are unique"
    );

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIGESTS);
    if std::env::var("WHOSAID_UPDATE_DIGESTS").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, render(&now)).unwrap();
        eprintln!("wrote {} digests to {}", now.len(), path.display());
        return;
    }
    let stored = parse(&std::fs::read_to_string(&path).unwrap());
    let mut changed = Vec::new();
    for (name, &(statements, digest)) in &now {
        match stored.get(name) {
            Some(&(s, d)) if (s, d) == (statements, digest) => {}
            Some(&(s, _)) => changed.push(format!("{name}: {s} statements, now {statements}")),
            None => changed.push(format!("{name}: not in {DIGESTS}")),
        }
    }
    for name in stored.keys().filter(|n| !now.contains_key(*n)) {
        changed.push(format!("{name}: in {DIGESTS} but no longer read"));
    }
    assert!(
        changed.is_empty(),
        "whosaid's output changed on {} of {} articles (first ones: {:#?}). If the change is \
         meant, measure it and rewrite the digests: WHOSAID_UPDATE_DIGESTS=1 cargo test -p \
         whosaid-eval --test output_identity",
        changed.len(),
        now.len(),
        &changed[..changed.len().min(20)]
    );
}
