//! Measures the tagger: load time of the embedded model (or of `--model FILE`), tagging speed
//! on one thread, and accuracy on EWT dev (and test with `--test`, which the model card
//! reports once).
//!
//! ```text
//! cargo bench -p whosaid-train --bench tagger -- [DATA_DIR] [--model FILE] [--test]
//!     [--confusions] [--reps N] [--speed-only] [--eval FILE.conllu]...
//! ```
//!
//! It is a plain program (no harness), here rather than in whosaid-tagger because it reads the
//! treebank, which only the trainers' crate does; `cargo bench` builds it optimised.

use std::path::PathBuf;
use std::time::Instant;

use whosaid_tagger::Tagger;
use whosaid_train::tagger::accuracy;
use whosaid_train::tagger::sentences::{self, Sentence};

fn main() {
    let mut data_dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"));
    let mut model_file = None;
    let mut test = false;
    let mut confusions = false;
    let mut reps = 20;
    let mut speed_only = false;
    let mut extra = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--model" => model_file = args.next(),
            "--test" => test = true,
            "--confusions" => confusions = true,
            "--speed-only" => speed_only = true,
            "--eval" => extra.push(args.next().expect("--eval FILE")),
            "--reps" => reps = args.next().and_then(|r| r.parse().ok()).expect("--reps N"),
            // Passed by `cargo bench`.
            "--bench" => {}
            _ => data_dir = PathBuf::from(a),
        }
    }

    // Load time: median of several parses of the bytes.
    let bytes = match &model_file {
        Some(f) => std::fs::read(f).expect("read model"),
        None => Tagger::load_default().expect("embedded model").to_bytes(),
    };
    let mut times = Vec::new();
    let mut tagger = None;
    for _ in 0..if speed_only { 1 } else { 7 } {
        let t = Instant::now();
        tagger = Some(Tagger::from_bytes(&bytes).expect("model loads"));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let tagger = tagger.expect("loaded");
    println!(
        "model: {} bytes, {} features, {} weights; load {:.1} ms (median of 7)",
        bytes.len(),
        tagger.n_features(),
        tagger.n_weights(),
        times[times.len() / 2]
    );

    let ewt = data_dir.join("ud_english_ewt");
    let dev = sentences::read_file(&ewt.join("en_ewt-ud-dev.conllu")).expect("read dev");
    print_accuracy(&tagger, "dev accuracy", &dev, confusions);
    for f in &extra {
        let sentences = sentences::read_file(std::path::Path::new(f)).expect("read --eval file");
        print_accuracy(&tagger, &format!("{f}: accuracy"), &sentences, confusions);
    }
    if test {
        let t = sentences::read_file(&ewt.join("en_ewt-ud-test.conllu")).expect("read test");
        print_accuracy(&tagger, "test accuracy", &t, false);
    }

    // Speed: tag dev repeatedly on this thread.
    let sentences: Vec<Vec<&str>> = dev.iter().map(|s| s.forms()).collect();
    let n_tokens: usize = sentences.iter().map(|s| s.len()).sum();
    let mut out = Vec::new();
    let mut checksum = 0usize;
    if !speed_only {
        for s in &sentences {
            tagger.tag_into(s, &mut out);
        }
    }
    let mut rates = Vec::new();
    let mut cpu_rates = Vec::new();
    let runs = if speed_only { 1 } else { 5 };
    for _ in 0..runs {
        let t = Instant::now();
        let cpu = cpu_seconds();
        for _ in 0..reps {
            for s in &sentences {
                tagger.tag_into(s, &mut out);
                checksum += out.len();
            }
        }
        rates.push((reps * n_tokens) as f64 / t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu, cpu_seconds()) {
            cpu_rates.push((reps * n_tokens) as f64 / (b - a));
        }
    }
    cpu_rates.sort_by(|a, b| a.total_cmp(b));
    if cpu_rates.len() == runs {
        println!(
            "speed per CPU second (time this thread ran, from /proc): {:.2} M tokens/s (median)",
            cpu_rates[runs / 2] / 1e6
        );
    }
    rates.sort_by(|a, b| a.total_cmp(b));
    println!(
        "speed: {:.2} M tokens/s (wall clock, median of 5 runs over {reps} x {} dev tokens, one thread; best {:.2}) [{checksum}]",
        rates[runs / 2] / 1e6,
        n_tokens,
        rates[runs - 1] / 1e6
    );
}

/// Prints `label`, the tagger's accuracy on `sentences` and, with `confusions`, its most
/// frequent confusions there.
fn print_accuracy(tagger: &Tagger, label: &str, sentences: &[Sentence], confusions: bool) {
    let acc = accuracy(tagger, sentences);
    println!("{label} {:.4} ({}/{})", acc.ratio(), acc.correct, acc.total);
    if confusions {
        print_confusions(tagger, sentences);
    }
}

/// User + system CPU seconds of this process so far, from `/proc/self/stat` (Linux only).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Prints the most frequent (gold, predicted) errors.
fn print_confusions(tagger: &Tagger, sentences: &[Sentence]) {
    let mut counts = std::collections::HashMap::new();
    for s in sentences {
        let forms = s.forms();
        for (p, w) in tagger.tag(&forms).iter().zip(&s.words) {
            if *p != w.xpos {
                *counts.entry((w.xpos, *p)).or_insert(0) += 1;
            }
        }
    }
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((g, p), n) in counts.iter().take(25) {
        println!("  gold {g:<5} predicted {p:<5} {n}");
    }
}
