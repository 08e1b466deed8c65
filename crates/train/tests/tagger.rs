//! Training the tagger: on tiny data it works, it is deterministic, and bad input gives clear
//! errors; on UD English-EWT (when it is next to the workspace) the shipped model reaches its
//! dev accuracy, and retraining gives its bytes (ignored by default: minutes of training).

use std::path::{Path, PathBuf};

use whosaid_tagger::{Tag, Tagger};
use whosaid_train::tagger::{
    accuracy, augment, sentences, train, train_default, train_on, TrainOptions,
};
use whosaid_train::Error;

/// Six short sentences in CoNLL-U, one with a multiword token.
const TINY: &str = "\
# sent_id = t1
1\tRutte\tRutte\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
3\tit\tit\tPRON\tPRP\t_\t4\tnsubj\t_\t_
4\tworks\twork\tVERB\tVBZ\t_\t2\tccomp\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tminister\tminister\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tsays\tsay\tVERB\tVBZ\t_\t0\troot\t_\t_
4\tno\tno\tINTJ\tUH\t_\t3\tobj\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_
2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_
3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No
4\t!\t!\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tSmith\tSmith\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\tplan\tplan\tNOUN\tNN\t_\t2\tobj\t_\t_
5\tworks\twork\tVERB\tVBZ\t_\t2\tccomp\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tsays\tsay\tVERB\tVBZ\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\ttwo\ttwo\tNUM\tCD\t_\t6\tnummod\t_\tSpaceAfter=No
5\t-\t-\tPUNCT\tHYPH\t_\t6\tpunct\t_\tSpaceAfter=No
6\tday\tday\tNOUN\tNN\t_\t7\tcompound\t_\t_
7\ttrip\ttrip\tNOUN\tNN\t_\t2\tobj\t_\t_
8\tworks\twork\tVERB\tVBZ\t_\t2\tccomp\t_\tSpaceAfter=No
9\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tJones\tJones\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
3\tno\tno\tINTJ\tUH\t_\t2\tobj\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";

fn tiny_options() -> TrainOptions {
    TrainOptions {
        max_epochs: 8,
        min_feature_count: 1,
        dict_min_count: 0,
        class_min_count: 1,
        ..TrainOptions::default()
    }
}

#[test]
fn tiny_training_run_learns_its_data_and_is_deterministic() {
    let sentences = sentences::parse_str(TINY, "tiny.conllu").unwrap();
    assert_eq!(sentences.len(), 6);
    let (a, report) = train_on(&sentences, None, &tiny_options()).unwrap();
    assert_eq!(report.train_sentences, 6);
    assert_eq!(report.train_tokens, 33);
    assert_eq!(report.epochs_run, 8);
    assert!(
        report.examples > 6,
        "variants are trained on too: {report:?}"
    );
    let acc = accuracy(&a, &sentences);
    assert!(acc.ratio() > 0.95, "{acc:?}");
    assert_eq!(a.tag(&["Smith", "said", "it", "works", "."])[1], Tag::VBD);

    let (b, _) = train_on(&sentences, None, &tiny_options()).unwrap();
    assert_eq!(
        a.to_bytes(),
        b.to_bytes(),
        "same data and options, same bytes"
    );

    // With a dev set, the epoch is chosen on it.
    let (c, report) = train_on(&sentences, Some(&sentences[..2]), &tiny_options()).unwrap();
    assert!(report.best_epoch >= 1 && report.best_epoch <= report.epochs_run);
    assert_eq!(report.dev_accuracy_by_epoch.len(), report.epochs_run);
    assert!(report.dev_accuracy.is_some());
    assert!(accuracy(&c, &sentences[..2]).ratio() > 0.9);
}

#[test]
fn short_run_on_an_ewt_slice_is_deterministic() {
    let Some(ewt) = ewt_dir() else { return };
    let train_file = sentences::read_file(&ewt.join("en_ewt-ud-train.conllu")).unwrap();
    let slice = &train_file[..400];
    let options = TrainOptions {
        max_epochs: 2,
        ..TrainOptions::default()
    };
    let (a, _) = train_on(slice, None, &options).unwrap();
    let (b, _) = train_on(slice, None, &options).unwrap();
    assert_eq!(a.to_bytes(), b.to_bytes());
}

#[test]
fn bad_training_input_gives_clear_errors() {
    let dir = std::env::temp_dir().join(format!("whosaid-train-tagger-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.conllu");
    std::fs::write(&bad, "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n2\tthere\n").unwrap();
    let e = train(&bad, None, &TrainOptions::default()).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("bad.conllu:2:"), "{msg}");
    assert!(matches!(e, Error::Data(_)));

    let missing = dir.join("missing.conllu");
    let e = train(&missing, None, &TrainOptions::default()).unwrap_err();
    assert!(e.to_string().contains("missing.conllu"), "{e}");

    let empty = dir.join("empty.conllu");
    std::fs::write(&empty, "# nothing here\n\n").unwrap();
    let e = train(&empty, None, &TrainOptions::default()).unwrap_err();
    assert!(matches!(e, Error::NoTrainingData(_)), "{e:?}");
    assert_eq!(e.to_string(), "no training sentences");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `<workspace>/../shared/data/ud_english_ewt`, if it is there.
fn ewt_dir() -> Option<PathBuf> {
    whosaid_corpora::shared_data("ud_english_ewt")
}

#[test]
fn shipped_model_scores_at_least_94_percent_on_ewt_dev() {
    let Some(ewt) = ewt_dir() else { return };
    let dev = sentences::read_file(&ewt.join("en_ewt-ud-dev.conllu")).unwrap();
    let tagger = Tagger::default_model();
    let acc = accuracy(tagger, &dev);
    println!(
        "EWT dev: {:.4} ({}/{})",
        acc.ratio(),
        acc.correct,
        acc.total
    );
    assert_eq!(acc.total, 25_147);
    assert!(acc.ratio() >= 0.94, "dev accuracy {:.4}", acc.ratio());

    // Robustness: headlines in Title Case and hyphenated words kept whole.
    let title: Vec<_> = dev.iter().map(augment::title_case).collect();
    let title_acc = accuracy(tagger, &title).ratio();
    println!("EWT dev in Title Case: {title_acc:.4}");
    assert!(title_acc >= 0.90, "Title Case dev accuracy {title_acc:.4}");
    let joined: Vec<_> = dev.iter().filter_map(augment::join_hyphens).collect();
    let joined_acc = accuracy(tagger, &joined).ratio();
    println!("EWT dev sentences with hyphenated words joined: {joined_acc:.4}");
    assert!(joined_acc >= 0.92, "joined-hyphen accuracy {joined_acc:.4}");
}

/// `whosaid train` on EWT writes the very bytes shipped in whosaid-tagger. Ignored by default
/// (minutes in a test build); run it with
/// `cargo test --release -p whosaid-train --test tagger -- --ignored`.
#[test]
#[ignore]
fn retraining_on_ewt_gives_the_shipped_model() {
    let Some(ewt) = ewt_dir() else { return };
    let out = std::env::temp_dir().join(format!("whosaid-retrain-tagger-{}", std::process::id()));
    let file = out.join(Tagger::FILE_NAME);
    train_default(ewt.parent().unwrap(), &file).unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tagger/models/en-ewt-xpos.bin");
    let same = std::fs::read(&file).unwrap() == std::fs::read(shipped).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    assert!(same, "the retrained tagger differs from the shipped one");
}
