//! `whosaid extract --list-rules` and `--without-rules`: the research switches that show and
//! turn off the extractor's rules, through the built binary.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn whosaid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
}

/// Runs `whosaid extract --format jsonl ARGS -` on `text`.
fn extract(args: &[&str], text: &str) -> Output {
    let mut child = whosaid()
        .args(["extract", "--format", "jsonl", "--quiet"])
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("whosaid starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    match input.write_all(text.as_bytes()) {
        // whosaid refuses bad arguments before it reads its input, and may be gone already.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => {}
        written => written.expect("stdin takes the text"),
    }
    drop(input);
    child.wait_with_output().expect("whosaid runs")
}

/// The cues of the statements of a one-document jsonl output.
fn cues(output: &Output) -> Vec<String> {
    assert!(output.status.success(), "{output:?}");
    let doc: Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    doc["statements"]
        .as_array()
        .expect("statements")
        .iter()
        .map(|s| s["cue"]["text"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn list_rules_prints_name_stage_and_description_of_each() {
    let output = whosaid()
        .args(["extract", "--list-rules"])
        .output()
        .expect("whosaid runs");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let lines: Vec<Vec<&str>> = stdout.lines().map(|l| l.split('\t').collect()).collect();
    assert!(lines.len() >= 30, "{stdout}");
    for fields in &lines {
        assert_eq!(fields.len(), 3, "{fields:?}");
        let rule = whosaid_extract::Rule::from_name(fields[0]).expect("a rule's name");
        assert_eq!(
            fields[2].ends_with("(news convention only)"),
            rule.news_only(),
            "{fields:?}"
        );
        assert!(matches!(fields[1], "statements" | "speakers"), "{fields:?}");
        assert!(!fields[2].is_empty(), "{fields:?}");
    }
    assert!(lines.iter().any(|f| f[0] == "speaker-labels"), "{stdout}");
}

#[test]
fn list_rules_goes_alone() {
    let output = whosaid()
        .args(["extract", "--list-rules", "article.txt"])
        .output()
        .expect("whosaid runs");
    assert!(!output.status.success());
}

#[test]
fn without_rules_switches_a_rule_off() {
    // The speculation rule drops "may argue": switched off, the statement is there.
    let text = "Some economists may argue that the tax will never pay for itself.\n";
    let with = cues(&extract(&[], text));
    assert!(!with.iter().any(|cue| cue == "may argue"), "{with:?}");
    let without = cues(&extract(&["--without-rules", "drop-speculation"], text));
    assert!(without.iter().any(|cue| cue == "may argue"), "{without:?}");
}

#[test]
fn an_unknown_rule_is_an_error_that_names_it() {
    let output = extract(
        &["--without-rules", "drop-speculation,drop-everything"],
        "Hi.\n",
    );
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("\"drop-everything\""), "{stderr}");
    assert!(stderr.contains("speaker-labels"), "{stderr}");
}

#[test]
fn the_polnear_convention_keeps_what_the_news_convention_drops() {
    // "hitting" narrates what the singer did: PolNeAR's labeller takes it for a cue, the news
    // convention does not report it.
    let text = "The band was back on stage, with the singer and guitarist hitting “Takin’ It To the Streets,” the crowd cheering.\n";
    let news = cues(&extract(&[], text));
    assert!(!news.iter().any(|cue| cue == "hitting"), "{news:?}");
    assert_eq!(news, cues(&extract(&["--convention", "news"], text)));
    let polnear = cues(&extract(&["--convention", "polnear"], text));
    assert!(polnear.iter().any(|cue| cue == "hitting"), "{polnear:?}");
    // A decision reports no words either.
    let decision =
        "Browns lineman Sheldon Richardson decided to weigh in on the fight on Monday.\n";
    assert!(!cues(&extract(&[], decision)).contains(&"decided".to_owned()));
    let polnear = cues(&extract(&["--convention", "polnear"], decision));
    assert!(polnear.contains(&"decided".to_owned()), "{polnear:?}");
    let bad = extract(&["--convention", "tabloid"], text);
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("news or polnear"), "{stderr}");
}
