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

/// A news-html layout of two `dev` pages and one `reserved` page: one page whose main text is
/// found, and a predictions file that gets one page half right and misses the other. The
/// reserved page is scored only when asked for by name.
#[test]
fn main_text_is_scored_live_and_from_jsonl_against_known_counts() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("news-html");
    std::fs::create_dir_all(gold.join("html")).unwrap();
    let body = "The minister said on Monday that the plan would go ahead after weeks of talks \
                with the unions and the opposition parties in parliament, and that the first \
                money would be paid in the spring to the families who need it most.";
    let truth = serde_json::json!({
        "aa": {"articleBody": body, "url": "https://x.example/aa"},
        "bb": {"articleBody": "one two three four", "url": "https://x.example/bb"},
        "cc": {"articleBody": "held out", "url": "https://x.example/cc"},
    });
    std::fs::write(gold.join("ground-truth.json"), truth.to_string()).unwrap();
    std::fs::write(
        gold.join("splits.tsv"),
        "page\tsplit\naa\tdev\nbb\tdev\ncc\treserved\n",
    )
    .unwrap();
    for (id, text) in [
        ("aa", body),
        ("bb", "one two three four"),
        ("cc", "held out"),
    ] {
        let html = format!(
            "<html><body><nav>Home | World | Sport</nav><article><p>{text}</p></article></body></html>"
        );
        let file = std::fs::File::create(gold.join(format!("html/{id}.html.gz"))).unwrap();
        let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
        gz.write_all(html.as_bytes()).unwrap();
        gz.finish().unwrap();
    }
    let run = |extra: &[&str]| {
        let out = dir.path().join("figures.json");
        let output = whosaid()
            .arg("eval")
            .arg("--main-text")
            .arg(&gold)
            .arg("--json")
            .arg(&out)
            .args(extra)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let figures: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
        figures["main_text"].clone()
    };
    let live = run(&[]);
    assert_eq!(live["pages"], 2, "the dev pages only: {live}");
    assert!(live["micro"]["recall"].as_f64().unwrap() > 0.9, "{live}");

    // "one two" of four gold tokens, plus two wrong ones: P = R = 0.5 on bb; aa is missing.
    let predictions = dir.path().join("predictions.jsonl");
    std::fs::write(
        &predictions,
        "{\"id\": \"dir/bb.html.gz\", \"text\": \"one two five six\"}\n",
    )
    .unwrap();
    let scored = run(&["--predictions", predictions.to_str().unwrap()]);
    assert_eq!(scored["empty"], 1);
    assert_eq!(scored["failures"], 1);
    assert_eq!(scored["mean"]["precision"], 0.25);
    assert_eq!(scored["mean"]["f1"], 0.25);

    assert_eq!(run(&["--split", "reserved"])["pages"], 1);
    assert_eq!(run(&["--split", "all"])["pages"], 3);
    let output = whosaid()
        .args(["eval", "--main-text"])
        .arg(&gold)
        .args(["--split", "test"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("splits.tsv: no page is in split \"test\" (the splits are: dev, reserved)"),
        "{stderr}"
    );
    std::fs::remove_file(gold.join("splits.tsv")).unwrap();
    let output = whosaid()
        .args(["eval", "--main-text"])
        .arg(&gold)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("splits.tsv: missing"), "{stderr}");
}

/// `eval --news` on a one-page news-html layout with its annotations: whosaid finds the
/// quote and names its speaker; a second statement it cannot find counts against `found`.
#[test]
fn news_is_scored_against_annotations_by_part() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("news-html");
    std::fs::create_dir_all(&pages).unwrap();
    let body = "“We will win,” Jane Doe said on Monday.\n\nThe weather was fine.";
    let truth = serde_json::json!({ "p1": {"articleBody": body, "url": "https://x.example/1"} });
    std::fs::write(pages.join("ground-truth.json"), truth.to_string()).unwrap();
    std::fs::write(pages.join("splits.tsv"), "page\tsplit\np1\tdev\n").unwrap();
    // The quote (chars 1..12), and a made-up speech statement over "The weather was fine".
    let annotations = dir.path().join("annotations.jsonl");
    std::fs::write(
        &annotations,
        r#"{"page": "p1", "part": "heldout", "statements": [{"act": "speech", "speaker": "Jane Doe", "content": [[1, 12]]}, {"act": "speech", "speaker": null, "content": [[41, 61]]}]}"#,
    )
    .unwrap();
    let out = dir.path().join("figures.json");
    let output = whosaid()
        .args(["eval", "--news"])
        .arg(&pages)
        .arg("--annotations")
        .arg(&annotations)
        .arg("--json")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("held-out part:"), "{stdout}");
    assert!(!stdout.contains("tuning part:"), "{stdout}");
    let figures: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let heldout = &figures["news"]["heldout"];
    assert_eq!(heldout["gold_speech"], 2, "{figures}");
    assert_eq!(heldout["matched_speech"], 1, "{figures}");
    assert_eq!(heldout["speaker_right"], 1, "{figures}");
    assert_eq!(figures["news"]["tune"]["articles"], 0);

    let output = whosaid()
        .args(["eval", "--news"])
        .arg(&pages)
        .args(["--part", "test"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--part test: not a part"), "{stderr}");

    // The confidence model is fitted on the tuning part only.
    let model = dir.path().join("confidence.bin");
    let output = whosaid()
        .args(["eval", "--news"])
        .arg(&pages)
        .arg("--annotations")
        .arg(&annotations)
        .arg("--fit-confidence")
        .arg(&model)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("tuning part only"), "{stderr}");
    assert!(!model.exists());

    // On a tuning part it writes a model that a models directory can carry.
    let tune = dir.path().join("tune.jsonl");
    let annotated = std::fs::read_to_string(&annotations).unwrap();
    std::fs::write(&tune, annotated.replace("heldout", "tune")).unwrap();
    let output = whosaid()
        .args(["eval", "--news"])
        .arg(&pages)
        .arg("--annotations")
        .arg(&tune)
        .args(["--part", "tune", "--fit-confidence"])
        .arg(&model)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("Fitted the confidence model on"),
        "{stdout}"
    );
    assert!(stdout.contains("calibration error"), "{stdout}");
    whosaid_extract::models::ConfidenceModel::from_file(&model).unwrap();
}

/// A PolNeAR-layout `train` split of four articles in `root`: the fixture's two, and a copy of
/// each under another name (enough for two folds whose labellers train on two articles).
fn four_article_train(root: &Path) -> PathBuf {
    let train = root.join("polnear/train");
    for sub in ["text", "attributions"] {
        std::fs::create_dir_all(train.join(sub)).unwrap();
    }
    let mut metadata = String::from(
        "compartment\tfilename\tlevel\tannotators\tpublisher\tpublication_date\tauthor\ttitle\ttrump_count\tclinton_count\tcredit\twire\n",
    );
    for (name, annotator) in [
        ("alpha_2020-01-01_council-delays-vote", "aa01"),
        ("beta_2020-01-02_storm-warning-issued", "bb02"),
    ] {
        for copy in ["", "-again"] {
            let new = format!("{name}{copy}");
            std::fs::copy(
                gold().join(format!("text/{name}.txt")),
                train.join(format!("text/{new}.txt")),
            )
            .unwrap();
            std::fs::copy(
                gold().join(format!("attributions/{name}_{annotator}.ann")),
                train.join(format!("attributions/{new}_{annotator}.ann")),
            )
            .unwrap();
            metadata.push_str(&format!(
                "train\t{new}\t1\t{annotator}\tx\t2020-01-01\tA. Writer\tT\t0\t0\tNone\tNone\n"
            ));
        }
    }
    std::fs::write(root.join("polnear/metadata.tsv"), metadata).unwrap();
    train
}

fn eval_cv(train: &Path, extra: &[&str]) -> std::process::Output {
    whosaid()
        .arg("eval")
        .arg("--gold")
        .arg(train)
        .arg("--cv")
        .args(extra)
        .output()
        .expect("run whosaid eval --cv")
}

#[test]
fn cross_validation_trains_a_labeller_per_fold_and_reuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let train = four_article_train(dir.path());
    let models = dir.path().join("folds");
    let json = dir.path().join("cv.json");
    let args = |json: &Path| {
        vec![
            "2".to_string(),
            "--cv-models".into(),
            models.display().to_string(),
            "--cv-epochs".into(),
            "2,1".into(),
            "--cv-curve".into(),
            "3".into(),
            "--json".into(),
            json.display().to_string(),
        ]
    };
    let run = |json: &Path| {
        let args = args(json);
        let output = eval_cv(&train, &args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let first = run(&json);
    assert!(first.contains("2-fold cross-validation"), "{first}");
    assert!(first.contains("mean ± sd"), "{first}");
    // The learning curve runs past the kept epochs.
    assert!(
        first.contains("pass 1: 1:") && first.contains(" 3:"),
        "{first}"
    );
    let figures: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let folds = figures["cross_validation"]["folds"].as_array().unwrap();
    assert_eq!(folds.len(), 2);
    assert_eq!(folds[0]["articles"], 2);
    assert_eq!(folds[1]["articles"], 2);
    assert_eq!(figures["summary"].as_array().unwrap().len(), 5);
    for fold in 0..2 {
        assert!(models.join(format!("fold-{fold}-of-2.bin")).exists());
    }

    // A second run reuses the stored labellers and gives the same figures and curve.
    let again = run(&dir.path().join("again.json"));
    assert_eq!(first, again);

    // Other options with the same directory: an error naming the stored file, not a reuse.
    let output = eval_cv(
        &train,
        &[
            "2",
            "--cv-models",
            models.to_str().unwrap(),
            "--cv-epochs",
            "1,1",
        ],
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("fold-0-of-2.bin"), "{stderr}");
    assert!(stderr.contains("other options"), "{stderr}");
}

#[test]
fn cross_validation_refuses_impossible_folds_and_epochs() {
    let dir = tempfile::tempdir().unwrap();
    let train = four_article_train(dir.path());
    for (args, expected) in [
        (&["1"][..], "at least 2 folds"),
        (&["5"][..], "fewer than the 5 folds"),
        (&["2", "--cv-epochs", "0,3"][..], "--cv-epochs"),
        (&["2", "--cv-epochs", "four"][..], "--cv-epochs"),
        (&["2", "--cv-bits", "30"][..], "--cv-bits"),
    ] {
        let output = eval_cv(&train, args);
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn cross_validation_trains_with_the_table_size_and_passes_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let train = four_article_train(dir.path());
    // Cross-validates with `extra` options, keeping the fold labellers in `name`, and returns
    // the description stored with fold 0's labeller.
    let about = |name: &str, extra: &[&str]| {
        let models = dir.path().join(name);
        let mut args = vec![
            "2",
            "--cv-models",
            models.to_str().unwrap(),
            "--cv-epochs",
            "1,1",
            "--cv-curve",
            "0",
        ];
        args.extend_from_slice(extra);
        let output = eval_cv(&train, &args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        std::fs::read_to_string(models.join("fold-0-of-2.txt")).unwrap()
    };
    // The fold labellers were trained with 2^12 rows a pass, as their description says.
    let bits = about("folds", &["--cv-bits", "12"]);
    assert!(bits.contains("bits: 12"), "{bits}");
    assert!(bits.contains("stacking: true"), "{bits}");
    // One pass only: the labellers have no stacked pass.
    let one = about("one-pass", &["--cv-bits", "12", "--cv-one-pass"]);
    assert!(one.contains("stacking: false"), "{one}");
}
