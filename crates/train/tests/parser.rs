//! Training the parser: bad input gives clear errors; on UD English-EWT (when it is next to
//! the workspace) a short run on a few hundred sentences parses far better than a trivial
//! baseline and is deterministic, and the shipped model reaches its card's dev scores.

use std::path::PathBuf;

use whosaid_parser::Parser;
use whosaid_tagger::Tagger;
use whosaid_train::parser::{data, evaluate, train_on, Scores, TrainOptions};
use whosaid_train::tagger::sentences;
use whosaid_train::Error;

/// The dev scores in `crates/parser/models/README.md`, in percent.
const CARD_DEV_UAS: f64 = 82.98;
const CARD_DEV_LAS: f64 = 79.13;

fn ewt() -> Option<PathBuf> {
    whosaid_corpora::shared_data("ud_english_ewt")
}

/// The share of words whose head is the word before them (the root counts when it is the
/// first word): what a parser that knew nothing would get.
fn previous_word_baseline(trees: &[data::Tree]) -> f64 {
    let (mut right, mut total) = (0usize, 0usize);
    for t in trees {
        for i in 0..t.len() {
            let guess = if i == 0 {
                whosaid_parser::training::NONE
            } else {
                i as u32 - 1
            };
            right += usize::from(t.heads[i] == guess);
            total += 1;
        }
    }
    right as f64 / total as f64
}

#[test]
fn bad_options_and_empty_data_are_errors() {
    let tagger = Tagger::default_model();
    let e = train_on(&[], None, tagger, &TrainOptions::default()).unwrap_err();
    assert!(matches!(e, Error::NoTrainingData(_)), "{e}");
    let zero = TrainOptions {
        max_epochs: 0,
        ..TrainOptions::default()
    };
    let e = train_on(&[], None, tagger, &zero).unwrap_err();
    assert!(matches!(e, Error::BadOption(_)), "{e}");
    let text = "1\tRutte\tRutte\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_\n";
    let s = sentences::parse_str(text, "t.conllu").unwrap();
    let bits = TrainOptions {
        bucket_bits: 40,
        ..TrainOptions::default()
    };
    let e = train_on(&s, None, tagger, &bits).unwrap_err();
    assert!(matches!(e, Error::BadOption(_)), "{e}");
}

#[test]
fn a_short_run_learns_syntax_and_is_deterministic() {
    let Some(ewt) = ewt() else { return };
    let train = sentences::read_file(&ewt.join("en_ewt-ud-train.conllu")).unwrap();
    let (_, dev) = data::read_file(&ewt.join("en_ewt-ud-dev.conllu")).unwrap();
    let train = &train[..400];
    let dev = &dev[..300];
    let options = TrainOptions {
        max_epochs: 4,
        jackknife_folds: 0,
        bucket_bits: 16,
        ..TrainOptions::default()
    };
    let tagger = Tagger::default_model();
    let (a, report) = train_on(train, Some(dev), tagger, &options).unwrap();
    assert_eq!(report.epochs_run, 4);
    let scores: Scores = evaluate(&a, tagger, dev);
    let baseline = previous_word_baseline(dev);
    assert!(
        scores.uas() > baseline + 0.2,
        "UAS {:.3} against a previous-word baseline of {baseline:.3}",
        scores.uas()
    );
    assert!(scores.las() > 0.45, "{scores}");
    let (b, _) = train_on(train, Some(dev), tagger, &options).unwrap();
    assert_eq!(a.to_bytes(), b.to_bytes(), "two runs give the same bytes");
    // The bytes load back into the same parser.
    let c = Parser::from_bytes(&a.to_bytes()).unwrap();
    assert_eq!(evaluate(&c, tagger, dev), scores);
}

#[test]
fn the_shipped_model_reaches_its_card_on_dev() {
    let Some(ewt) = ewt() else { return };
    let (_, dev) = data::read_file(&ewt.join("en_ewt-ud-dev.conllu")).unwrap();
    let scores = evaluate(Parser::default_model(), Tagger::default_model(), &dev);
    assert!(scores.words > 25_000, "{scores}");
    assert!(100.0 * scores.uas() >= CARD_DEV_UAS - 1.0, "{scores}");
    assert!(100.0 * scores.las() >= CARD_DEV_LAS - 1.0, "{scores}");
}
