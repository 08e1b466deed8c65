//! `whosaid train` on a tiny corpus: the run works, writes a model that loads, and is
//! deterministic; missing data is an error that names the file.

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
