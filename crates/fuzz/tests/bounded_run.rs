//! A bounded fuzzing run of every target on stable Rust, part of every `cargo test`: each seed
//! in `fuzz/seeds/<target>/` (among them every input that once crashed or stalled whosaid),
//! then mutations of them from a fixed random seed. `WHOSAID_FUZZ_RUNS` sets the number of
//! mutations per target (default 500). A failing input is written to `target/fuzz-failures/`
//! and named in the failure, for `cargo fuzz run <target> <file>` or for a regression seed.

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use whosaid_fuzz::mutate::{mutate, Rng};
use whosaid_fuzz::{Target, TARGETS};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = root().join("fuzz/seeds").join(target);
    let mut seeds: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| {
            let path = entry.expect("a directory entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("a readable seed"))
        })
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "no seeds for {target}");
    seeds
}

/// Runs the target on `input`; on failure, keeps the input and fails naming it.
fn run(target: &Target, what: &str, input: &[u8]) {
    if panic::catch_unwind(AssertUnwindSafe(|| (target.run)(input))).is_ok() {
        return;
    }
    let dir = root().join("target/fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{}-{what}", target.name));
    let _ = std::fs::write(&path, input);
    panic!(
        "fuzz target {} failed on {what}; the input is in {}",
        target.name,
        path.display()
    );
}

fn fuzz(name: &str) {
    let target = TARGETS.iter().find(|t| t.name == name).expect("a target");
    let seeds = seeds(name);
    for (file, input) in &seeds {
        run(target, &format!("seed-{file}"), input);
    }
    let runs: usize = std::env::var("WHOSAID_FUZZ_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(500);
    let max_len = seeds.iter().map(|(_, s)| s.len()).max().unwrap_or(0) + 4096;
    let mut rng = Rng::new(0x5eed ^ name.len() as u64);
    for n in 0..runs {
        let input = &seeds[rng.below(seeds.len())].1;
        let other = &seeds[rng.below(seeds.len())].1;
        let mutated = mutate(&mut rng, input, other, max_len);
        run(target, &format!("mutation-{n}"), &mutated);
    }
}

#[test]
fn warc() {
    fuzz("warc");
}

#[test]
fn gzip() {
    fuzz("gzip");
}

#[test]
fn html() {
    fuzz("html");
}

#[test]
fn jsonl() {
    fuzz("jsonl");
}

#[test]
fn dates() {
    fuzz("dates");
}

#[test]
fn search() {
    fuzz("search");
}

#[test]
fn extract() {
    fuzz("extract");
}

#[test]
fn every_target_has_a_test_and_seeds() {
    let names: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
    assert_eq!(
        names,
        ["warc", "gzip", "html", "jsonl", "dates", "search", "extract"]
    );
    for name in names {
        assert!(!seeds(name).is_empty());
        let harness = root().join("fuzz/fuzz_targets").join(format!("{name}.rs"));
        assert!(harness.is_file(), "{} is missing", harness.display());
    }
}
