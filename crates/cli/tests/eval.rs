//! `whosaid eval` over the scorer's hand-made PolNeAR-layout fixture: live extraction and the
//! scoring of the same extraction written as JSONL give the same figures.

use std::path::{Path, PathBuf};
use std::process::Command;

fn whosaid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
}

fn gold() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../eval/tests/fixtures/polnear/dev")
}

fn eval_json(extra: &[&str], out: &Path) -> serde_json::Value {
    let status = whosaid()
        .arg("eval")
        .arg("--gold")
        .arg(gold())
        .arg("--json")
        .arg(out)
        .args(extra)
        .output()
        .expect("run whosaid eval");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert!(stdout.contains("attribution"), "{stdout}");
    serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
}

#[test]
fn live_and_jsonl_scores_agree() {
    let dir = tempfile::tempdir().unwrap();
    let live = eval_json(&[], &dir.path().join("live.json"));
    assert_eq!(live["polnear"]["articles"], 2);
    assert_eq!(live["polnear"]["gold_attributions"], 6);

    let predictions = dir.path().join("predictions.jsonl");
    let extract = whosaid()
        .args(["extract", "--format", "jsonl", "-o"])
        .arg(&predictions)
        .arg(gold().join("text"))
        .status()
        .unwrap();
    assert!(extract.success());
    let scored = eval_json(
        &["--predictions", predictions.to_str().unwrap()],
        &dir.path().join("scored.json"),
    );
    assert_eq!(live["polnear"], scored["polnear"]);
    assert!(scored["speaker_resolution"].is_null());
}

#[test]
fn a_missing_gold_folder_is_an_error_naming_it() {
    let output = whosaid()
        .args(["eval", "--gold", "/nonexistent/polnear/dev"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("/nonexistent/polnear"), "{stderr}");
}
