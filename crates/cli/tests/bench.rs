//! `whosaid bench` runs and reports. Its timings are not checked (a test never asserts a
//! speed), only that the report is whole and consistent: the counts of what was found, and
//! the ratio computed from the seconds it reports.

use std::process::Command;

use serde_json::Value;

mod common;

/// Runs `whosaid bench ARGS` in `dir`, which must succeed, and returns its JSON report.
fn bench_json(dir: &std::path::Path, args: &[&str]) -> Value {
    let output = common::whosaid(dir, &[&["bench"], args].concat());
    assert!(output.status.success(), "{}", common::stderr(&output));
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

#[test]
fn bench_reports_speeds_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let article = "\"We will win,\" she said. The minister left.\n";
    std::fs::write(dir.path().join("a.txt"), article).unwrap();
    let report = bench_json(dir.path(), &["--repeat", "1", "--json", "a.txt"]);
    assert_eq!(report["articles"], 1);
    assert_eq!(report["bytes"], article.len());
    assert_eq!(report["threads"], 1);
    for speed in ["extraction", "baseline"] {
        assert!(
            report[speed]["mb_per_s"].as_f64().unwrap() > 0.0,
            "{report}"
        );
        assert_eq!(report[speed]["passes"].as_array().unwrap().len(), 1);
    }
    assert_eq!(report["statements"], 1, "{report}");
    assert_eq!(report["sentences"], 2, "{report}");
    let seconds = |speed: &str| report[speed]["seconds"].as_f64().unwrap();
    let ratio = report["ratio"].as_f64().unwrap();
    let expected = seconds("extraction") / seconds("baseline");
    assert!(
        (ratio - expected).abs() <= 1e-9 * expected,
        "ratio {ratio} is not extraction over baseline seconds ({expected}): {report}"
    );
}

#[test]
fn bench_without_text_fails() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .current_dir(dir.path())
        .args(["bench", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("whosaid: .: no text to measure on"),
        "{stderr}"
    );
}

#[test]
fn bench_times_the_stages_each_with_the_ones_before() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "\"We will win,\" she said. The minister left.\n",
    )
    .unwrap();
    let report = bench_json(
        dir.path(),
        &["--repeat", "1", "--json", "--stages", "a.txt"],
    );
    let stages = report["stages"].as_array().expect("stages");
    let names: Vec<&str> = stages.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "text layer",
            "tagging",
            "parsing",
            "labeller passes",
            "boundary stage",
            "rules, speakers, confidence"
        ]
    );
    // The shares are of the whole extraction's time and add up to it.
    let total: f64 = stages.iter().map(|s| s["share"].as_f64().unwrap()).sum();
    assert!((total - 1.0).abs() < 1e-9, "{report}");
    // The last stage's cumulative time is the extraction's.
    assert_eq!(
        stages.last().unwrap()["cumulative"]["seconds"],
        report["extraction"]["seconds"]
    );
    // Without --stages there are none.
    let report = bench_json(dir.path(), &["--repeat", "1", "--json", "a.txt"]);
    assert!(report.get("stages").is_none(), "{report}");
}

#[test]
fn bench_measures_on_the_dev_bodies_of_a_news_set() {
    let dir = tempfile::tempdir().unwrap();
    let body =
        |text: &str| serde_json::json!({"articleBody": text, "url": "https://example.org/a"});
    let truth = serde_json::json!({
        "a": body("\"We will win,\" she said."),
        "b": body("The minister said taxes would rise. He left."),
        "c": body("A reserved page, never read."),
    });
    std::fs::write(dir.path().join("ground-truth.json"), truth.to_string()).unwrap();
    std::fs::write(
        dir.path().join("splits.tsv"),
        "page\tsplit\na\tdev\nb\tdev\nc\treserved\n",
    )
    .unwrap();
    let report = bench_json(dir.path(), &["--repeat", "1", "--json", "--news", "."]);
    assert_eq!(report["articles"], 2, "{report}");
    assert_eq!(report["statements"], 2, "{report}");
    // Not a news set: a clear error naming the directory.
    let empty = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .current_dir(empty.path())
        .args(["bench", "--news", "."])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not a news-html set"), "{stderr}");
}

#[test]
fn bench_times_the_main_text_of_the_dev_pages_html() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let truth = serde_json::json!({
        "a": {"articleBody": "x", "url": "https://example.org/a"},
        "c": {"articleBody": "A reserved page, never read.", "url": "https://example.org/c"},
    });
    std::fs::write(dir.path().join("ground-truth.json"), truth.to_string()).unwrap();
    std::fs::write(
        dir.path().join("splits.tsv"),
        "page\tsplit\na\tdev\nc\treserved\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("html")).unwrap();
    let paragraph = "The minister said on Tuesday that taxes would rise next year, and that \
                     the budget would be balanced by the end of the decade. ";
    let html = format!(
        "<html><head><title>Taxes</title></head><body><nav>Home | World</nav><article>\
         <h1>Taxes will rise</h1><p>{}</p><p>{}</p></article></body></html>",
        paragraph.repeat(3),
        paragraph.repeat(2)
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(html.as_bytes()).unwrap();
    std::fs::write(dir.path().join("html/a.html.gz"), gz.finish().unwrap()).unwrap();
    // Only the dev page's HTML is read: the reserved page has no file, and the run succeeds.
    let report = bench_json(
        dir.path(),
        &["--repeat", "1", "--json", "--news", ".", "--html"],
    );
    let main_text = &report["main_text"];
    assert_eq!(main_text["pages"], 1, "{report}");
    assert_eq!(main_text["html_bytes"], html.len(), "{report}");
    assert_eq!(main_text["failed"], 0, "{report}");
    assert!(main_text["speed"]["mb_per_s"].as_f64().unwrap() > 0.0);
    // Without --html, no main text is timed.
    let report = bench_json(dir.path(), &["--repeat", "1", "--json", "--news", "."]);
    assert!(report.get("main_text").is_none(), "{report}");
    // A dev page whose HTML is missing is an error that names the file.
    std::fs::remove_file(dir.path().join("html/a.html.gz")).unwrap();
    let output = common::whosaid(dir.path(), &["bench", "--news", ".", "--html"]);
    assert!(!output.status.success());
    let stderr = common::stderr(&output);
    assert!(stderr.contains("a.html.gz"), "{stderr}");
}
