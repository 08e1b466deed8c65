//! `whosaid index` and `whosaid search` as a user runs them, and what a killed indexing run
//! leaves behind.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn whosaid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// An English article of a few paragraphs in which `name` says something about `topic`.
fn article(n: usize, name: &str, topic: &str) -> String {
    format!(
        "{name} spoke to reporters in Brussels on day {n} of the summit.\n\n\
         \u{201c}We will not give up on {topic}, not now and not later,\u{201d} {name} said. \
         \u{201c}Everyone here knows what is at stake for {topic}.\u{201d}\n\n\
         The ministers met again in the evening to discuss item {n} of the agenda.\n"
    )
}

fn search(index: &Path, args: &[&str]) -> Value {
    let output = whosaid()
        .args(["search", "--format", "json", "--index"])
        .arg(index)
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn articles_are_indexed_searched_and_replaced_when_indexed_again() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    fs::write(corpus.join("a.txt"), article(1, "Anna Berg", "Ukraine")).unwrap();
    fs::write(corpus.join("b.txt"), article(2, "Anna Berg", "the climate")).unwrap();
    fs::write(corpus.join("c.txt"), article(3, "Paul Jones", "Ukraine")).unwrap();
    let index = dir.path().join("index");
    for _ in 0..2 {
        let output = whosaid()
            .args(["index", "--index"])
            .arg(&index)
            .arg(&corpus)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("whosaid: committed 3 articles"),
            "{}",
            stderr(&output)
        );
    }
    let all = search(&index, &[""]);
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 3, "{all}");
    let again = search(&index, &["Ukraine"]);
    let hits = again["results"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|hit| hit["statement"]["content"]
        .as_str()
        .unwrap()
        .contains("Ukraine")));
    let berg = search(&index, &["Ukraine", "--speaker", "Berg"]);
    assert!(
        berg["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|hit| hit["speaker"]["id"] == "anna-berg"),
        "{berg}"
    );
    assert!(berg["total"].as_u64().unwrap() >= 1);

    let text = whosaid()
        .args(["search", "--index"])
        .arg(&index)
        .arg("Ukraine")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("statements\n"));
    let bad = whosaid()
        .args(["search", "--index"])
        .arg(&index)
        .arg("\"unclosed")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("cannot read the query"),
        "{}",
        stderr(&bad)
    );
    let missing = whosaid()
        .args(["search", "--index"])
        .arg(dir.path().join("nothing"))
        .arg("x")
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("no index here"),
        "{}",
        stderr(&missing)
    );
}

/// Killed in the middle of indexing, the index opens and holds exactly its committed batches.
#[test]
fn a_killed_indexing_run_leaves_exactly_its_committed_batches() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    for n in 0..3000 {
        fs::write(
            corpus.join(format!("{n:05}.txt")),
            article(n, "Anna Berg", &format!("plan {n}")),
        )
        .unwrap();
    }
    let index = dir.path().join("index");
    let batch = 7;
    let mut child = whosaid()
        .args([
            "index",
            "--threads",
            "2",
            "--batch",
            &batch.to_string(),
            "--index",
        ])
        .arg(&index)
        .arg(&corpus)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut committed = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("whosaid: committed ") {
            committed.push(rest.split(' ').next().unwrap().parse::<u64>().unwrap());
            if committed.len() == 3 {
                break;
            }
        }
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the run was killed before it finished");
    for line in lines.map_while(Result::ok) {
        if let Some(rest) = line.strip_prefix("whosaid: committed ") {
            committed.push(rest.split(' ').next().unwrap().parse::<u64>().unwrap());
        }
    }
    let last = *committed.last().unwrap();
    let all = search(&index, &["", "--limit", "100", "--offset", "0"]);
    // Count the articles in the index through the statements of each: every article here has
    // at least one statement about its own "plan N".
    let total = all["total"].as_u64().unwrap();
    assert!(total > 0);
    let mut articles = 0;
    for n in 0..3000u64 {
        if n > last + batch {
            break;
        }
        let hits = search(&index, &[&format!("\"plan {n}\""), "--limit", "1"]);
        if hits["total"].as_u64().unwrap() > 0 {
            articles += 1;
        }
    }
    // A commit may finish between the last line read and the kill, so the index holds the
    // last reported batch or one more; never a part of a batch.
    assert!(
        articles == last || articles == last + batch,
        "{articles} articles, last commit {last}"
    );
    assert_eq!(articles % batch, 0);
}
