//! `whosaid train` on a tiny corpus: the run works, writes a model that loads, and is
//! deterministic; missing data is an error that names the file; the models it writes are the
//! ones `extract --models` and `eval --models` run, and a damaged model file is an error that
//! names it, not a panic.

use std::path::Path;
use std::process::Command;

const SENTENCES: &str = "\
# text = Mr. Rutte said the alliance was ready.
1\tMr.\tMr.\tPROPN\tNNP\t_\t2\tcompound\t_\t_
2\tRutte\tRutte\tPROPN\tNNP\t_\t3\tnsubj\t_\t_
3\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\talliance\talliance\tNOUN\tNN\t_\t7\tnsubj\t_\t_
6\twas\tbe\tAUX\tVBD\t_\t7\tcop\t_\t_
7\tready\tready\tADJ\tJJ\t_\t3\tccomp\t_\tSpaceAfter=No
8\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# text = She told reporters it was over.
1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\ttold\ttell\tVERB\tVBD\t_\t0\troot\t_\t_
3\treporters\treporter\tNOUN\tNNS\t_\t2\tobj\t_\t_
4\tit\tit\tPRON\tPRP\t_\t6\tnsubj\t_\t_
5\twas\tbe\tAUX\tVBD\t_\t6\tcop\t_\t_
6\tover\tover\tADJ\tJJ\t_\t2\tccomp\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

fn write_corpus(data: &Path) {
    let ewt = data.join("ud_english_ewt");
    std::fs::create_dir_all(&ewt).unwrap();
    std::fs::write(ewt.join("en_ewt-ud-train.conllu"), SENTENCES.repeat(3)).unwrap();
    std::fs::write(ewt.join("en_ewt-ud-dev.conllu"), SENTENCES).unwrap();
}

fn train(model: &str, data: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(["train", "--model", model, "--data"])
        .arg(data)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn a_short_training_run_writes_a_loadable_deterministic_model() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    write_corpus(&data);
    let first = train("tagger", &data, &dir.path().join("first"));
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let second = train("tagger", &data, &dir.path().join("second"));
    assert!(second.status.success());
    let bytes = std::fs::read(dir.path().join("first/en-ewt-xpos.bin")).unwrap();
    assert_eq!(
        bytes,
        std::fs::read(dir.path().join("second/en-ewt-xpos.bin")).unwrap()
    );
    let tagger = whosaid_tagger::Tagger::from_bytes(&bytes).expect("the model loads");
    assert_eq!(
        tagger.tag(&["She", "said", "."])[1],
        whosaid_tagger::Tag::VBD
    );
}

#[test]
fn the_role_labeller_needs_polnear_and_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let output = train("roles", dir.path(), &dir.path().join("out"));
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("polnear"), "{stderr}");
}

#[test]
fn missing_data_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = train(
        "tagger",
        &dir.path().join("nowhere"),
        &dir.path().join("out"),
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("en_ewt-ud-train.conllu"), "{stderr}");
}

/// `whosaid extract` with `--models DIR` on a short text, as JSON lines.
fn extract_with(models: Option<&Path>, text: &Path) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_whosaid"));
    command.args(["extract", "--format", "jsonl"]);
    if let Some(dir) = models {
        command.arg("--models").arg(dir);
    }
    command.arg(text).output().unwrap()
}

/// The shipped model files, copied into `dir` as `whosaid train --out` would write them.
fn copy_shipped_models(dir: &Path) {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::create_dir_all(dir).unwrap();
    for (from, name) in [
        ("tagger/models/en-ewt-xpos.bin", "en-ewt-xpos.bin"),
        ("parser/models/en-ewt-parser.bin", "en-ewt-parser.bin"),
        ("attribution/models/polnear-roles.bin", "polnear-roles.bin"),
    ] {
        std::fs::copy(crates.join(from), dir.join(name)).unwrap();
    }
}

const STORY: &str = "“We will win,” the governor told reporters on Tuesday.\n\nMr. Rutte said the \
                     alliance was ready.\n";

#[test]
fn models_written_by_train_are_the_ones_extract_runs() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("story.txt");
    std::fs::write(&text, STORY).unwrap();
    let shipped = extract_with(None, &text);
    assert!(shipped.status.success());

    // The shipped files, loaded from a directory: the same output as the built-in models.
    let copies = dir.path().join("copies");
    copy_shipped_models(&copies);
    let loaded = extract_with(Some(&copies), &text);
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    assert_eq!(loaded.stdout, shipped.stdout);

    // A tagger trained on the tiny corpus replaces the shipped one and extraction runs with it.
    let data = dir.path().join("data");
    write_corpus(&data);
    let trained = train("tagger", &data, &copies);
    assert!(trained.status.success());
    let tagger = std::fs::read(copies.join("en-ewt-xpos.bin")).unwrap();
    let shipped_tagger = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tagger/models/en-ewt-xpos.bin"),
    )
    .unwrap();
    assert_ne!(tagger, shipped_tagger, "train wrote its own model");
    let retrained = extract_with(Some(&copies), &text);
    assert!(
        retrained.status.success(),
        "{}",
        String::from_utf8_lossy(&retrained.stderr)
    );
    let line: serde_json::Value =
        serde_json::from_slice(retrained.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert!(line["statements"].is_array(), "{line}");
}

#[test]
fn a_damaged_or_missing_model_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("story.txt");
    std::fs::write(&text, STORY).unwrap();
    let models = dir.path().join("models");
    copy_shipped_models(&models);

    // A tagger file cut in half.
    let tagger = models.join("en-ewt-xpos.bin");
    let bytes = std::fs::read(&tagger).unwrap();
    std::fs::write(&tagger, &bytes[..bytes.len() / 2]).unwrap();
    let output = extract_with(Some(&models), &text);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{}: tagger model is truncated", tagger.display())),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.stdout.is_empty());

    // The labeller's file in the tagger's place: a model of another kind.
    std::fs::copy(models.join("polnear-roles.bin"), &tagger).unwrap();
    let output = extract_with(Some(&models), &text);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not a whosaid tagger model (bad signature)"),
        "{stderr}"
    );

    // A missing labeller file, for eval too.
    std::fs::write(&tagger, &bytes).unwrap();
    std::fs::remove_file(models.join("polnear-roles.bin")).unwrap();
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("../eval/tests/fixtures/polnear/dev");
    let output = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(["eval", "--gold"])
        .arg(gold)
        .arg("--models")
        .arg(&models)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "{}: cannot read the attribution model",
            models.join("polnear-roles.bin").display()
        )),
        "{stderr}"
    );
}

#[test]
fn train_needs_a_directory_to_write_to() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(["train", "--model", "tagger", "--data"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--out"), "{stderr}");
}
