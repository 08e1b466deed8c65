//! Training the attribution-role labeller: deterministic training on a tiny corpus, the
//! alignment of gold spans to tokens, the shipped model's dev figures (when PolNeAR is next to
//! the workspace), and retraining that gives its bytes (ignored by default: minutes).

use std::path::{Path, PathBuf};
use std::time::Instant;

use whosaid_attribution::{spans, tag_document, Kind, Labeller};
use whosaid_parser::Parser;
use whosaid_tagger::Tagger;
use whosaid_text::Document;
use whosaid_train::roles::{
    evaluate, gold_roles, load_polnear, train_default, train_on, GoldDocument, GoldSpan, Scores,
    TrainOptions,
};

/// Char offsets of the first occurrence of `needle` in `text`.
fn find(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).expect("needle in text");
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// A small hand-made article: (source, cue, content) triples, by their text.
fn article(text: &str, triples: &[(&str, &str, &str)]) -> GoldDocument {
    let mut spans = Vec::new();
    for (source, cue, content) in triples {
        for (kind, needle) in [
            (Kind::Source, source),
            (Kind::Cue, cue),
            (Kind::Content, content),
        ] {
            if !needle.is_empty() {
                let (start, end) = find(text, needle);
                spans.push(GoldSpan { kind, start, end });
            }
        }
    }
    GoldDocument {
        text: text.to_string(),
        spans,
    }
}

fn tiny_corpus() -> Vec<GoldDocument> {
    vec![
        article(
            "Senator Smith said the bill would pass.\n\n“We will win,” the governor told reporters.",
            &[
                ("Senator Smith", "said", "the bill would pass"),
                ("the governor", "told", "We will win,"),
            ],
        ),
        article(
            "The mayor announced that taxes would fall.\n\nAccording to officials, the road is closed.",
            &[
                ("The mayor", "announced", "that taxes would fall"),
                ("officials", "According to", "the road is closed"),
            ],
        ),
        article(
            "Critics argued the plan was a mistake. She said: “It is fine.”",
            &[
                ("Critics", "argued", "the plan was a mistake"),
                ("She", "said", "“It is fine.”"),
            ],
        ),
    ]
}

/// The tagger the shipped labeller was trained with.
fn tagger() -> &'static Tagger {
    Tagger::default_model()
}

/// The parser the shipped labeller was trained with.
fn parser() -> &'static Parser {
    Parser::default_model()
}

fn tiny_options() -> TrainOptions {
    TrainOptions {
        epochs: [4, 4],
        bits: 12,
        ..TrainOptions::default()
    }
}

#[test]
fn training_is_deterministic() {
    let corpus = tiny_corpus();
    let (a, report_a) =
        train_on(&corpus, &corpus[..1], tagger(), parser(), &tiny_options()).expect("train");
    let (b, report_b) =
        train_on(&corpus, &corpus[..1], tagger(), parser(), &tiny_options()).expect("train");
    assert_eq!(a.to_bytes(), b.to_bytes());
    assert_eq!(report_a, report_b);
    assert!(report_a.train_tokens > 30);
    // The model round-trips through its bytes.
    let c = Labeller::from_bytes(&a.to_bytes()).expect("load");
    assert_eq!(c.to_bytes(), a.to_bytes());
    // It learnt something on its own training data.
    let doc = Document::parse(&corpus[0].text);
    let tags = tag_document(tagger(), &doc);
    let parse = parser().parse(&doc, &tags);
    assert_eq!(c.label(&doc, &tags, &parse), a.label(&doc, &tags, &parse));
    assert!(report_a.epochs.last().unwrap().held_out.exact[Kind::Cue as usize].tp > 0);
}

#[test]
fn replicas_are_averaged_into_one_model() {
    let corpus = tiny_corpus();
    let single = TrainOptions {
        replicas: 1,
        ..tiny_options()
    };
    let one = train_on(&corpus, &corpus[..1], tagger(), parser(), &single)
        .expect("train")
        .0;
    let options = TrainOptions {
        replicas: 3,
        ..tiny_options()
    };
    let (three, report) =
        train_on(&corpus, &corpus[..1], tagger(), parser(), &options).expect("train");
    let (again, _) = train_on(&corpus, &corpus[..1], tagger(), parser(), &options).expect("train");
    assert_eq!(three.to_bytes(), again.to_bytes());
    // Other weights than one perceptron's: the replicas saw the paragraphs in other orders.
    assert!(three.n_rows() > 0);
    assert_ne!(three.to_bytes(), one.to_bytes());
    assert!(report.epochs.last().unwrap().held_out.exact[Kind::Cue as usize].tp > 0);
    let none = TrainOptions {
        replicas: 0,
        ..tiny_options()
    };
    assert!(train_on(&corpus, &corpus[..1], tagger(), parser(), &none).is_err());
}

#[test]
fn stacking_needs_two_training_articles_for_its_jackknife() {
    let corpus = tiny_corpus();
    let error = train_on(&corpus[..1], &[], tagger(), parser(), &tiny_options()).unwrap_err();
    assert!(
        error.to_string().contains("at least 2 training articles"),
        "{error}"
    );
    // Fewer articles than jackknife folds: each article is a fold.
    let (labeller, _) =
        train_on(&corpus[..2], &[], tagger(), parser(), &tiny_options()).expect("train");
    assert!(labeller.n_rows() > 0);
}

#[test]
fn gold_alignment_gives_bio_spans() {
    let corpus = tiny_corpus();
    let doc = Document::parse(&corpus[0].text);
    let roles = gold_roles(&corpus[0], &doc);
    let found: Vec<(Kind, String)> = spans(&roles)
        .into_iter()
        .map(|(k, r)| (k, doc.text[doc.byte_range(r)].to_string()))
        .collect();
    assert_eq!(
        found,
        [
            (Kind::Source, "Senator Smith".to_string()),
            (Kind::Cue, "said".to_string()),
            (Kind::Content, "the bill would pass".to_string()),
            (Kind::Content, "We will win,".to_string()),
            (Kind::Source, "the governor".to_string()),
            (Kind::Cue, "told".to_string()),
        ]
    );
}

fn polnear_dir() -> Option<PathBuf> {
    whosaid_corpora::shared_data("polnear")
}

/// The dev figures of the shipped model (models/README.md), less a small margin: the test
/// catches a model or feature change that loses accuracy, not noise in the last digit.

#[test]
fn shipped_model_reaches_its_dev_figures() {
    let Some(dir) = polnear_dir() else { return };
    let dev = load_polnear(&dir.join("dev")).expect("load dev");
    let started = Instant::now();
    let scores = evaluate(Labeller::default_model(), tagger(), parser(), &dev);
    eprintln!("dev in {:?}:\n{scores}", started.elapsed());
    // (role, token F1, exact F1) as reported, in percent.
    const REPORTED: [(Kind, f64, f64); 3] = REPORTED_DEV;
    for (kind, token, exact) in REPORTED {
        let i = kind as usize;
        let (t, e) = (100.0 * scores.token[i].f1(), 100.0 * scores.exact[i].f1());
        assert!(t >= token - 1.0, "{kind:?} token F1 {t:.1} < {token}");
        assert!(e >= exact - 1.0, "{kind:?} exact F1 {e:.1} < {exact}");
    }
}

/// The first pass alone, as [`Labeller::label_first_pass`] runs it (models/README.md).
#[test]
fn first_pass_reaches_its_dev_figures() {
    let Some(dir) = polnear_dir() else { return };
    let dev = load_polnear(&dir.join("dev")).expect("load dev");
    let model = Labeller::default_model();
    let mut scores = Scores::default();
    for gold in &dev {
        let doc = Document::parse(&gold.text);
        let tags = tag_document(tagger(), &doc);
        let predicted = model.label_first_pass(&doc, &tags, &parser().parse(&doc, &tags));
        assert_eq!(predicted.len(), doc.tokens.len());
        scores.add(&doc, &gold_roles(gold, &doc), &predicted);
    }
    eprintln!("first pass on dev:\n{scores}");
    const REPORTED: [(Kind, f64, f64); 3] = [
        (Kind::Source, 75.3, 72.2),
        (Kind::Cue, 63.7, 66.5),
        (Kind::Content, 87.5, 58.9),
    ];
    for (kind, token, exact) in REPORTED {
        let i = kind as usize;
        let (t, e) = (100.0 * scores.token[i].f1(), 100.0 * scores.exact[i].f1());
        assert!(t >= token - 1.0, "{kind:?} token F1 {t:.1} < {token}");
        assert!(e >= exact - 1.0, "{kind:?} exact F1 {e:.1} < {exact}");
    }
}

const REPORTED_DEV: [(Kind, f64, f64); 3] = [
    (Kind::Source, 76.1, 72.9),
    (Kind::Cue, 63.9, 68.6),
    (Kind::Content, 87.6, 60.8),
];

/// `whosaid train` on PolNeAR writes the very bytes shipped in whosaid-attribution. Ignored
/// by default (minutes even in a release build); run it with
/// `cargo test --release -p whosaid-train --test roles -- --ignored`.
#[test]
#[ignore]
fn retraining_on_polnear_gives_the_shipped_model() {
    let Some(dir) = polnear_dir() else { return };
    let out = std::env::temp_dir().join(format!("whosaid-retrain-roles-{}", std::process::id()));
    let file = out.join(Labeller::FILE_NAME);
    train_default(dir.parent().unwrap(), tagger(), parser(), &file).unwrap();
    let shipped =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../attribution/models/polnear-roles.bin");
    let same = std::fs::read(&file).unwrap() == std::fs::read(shipped).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    assert!(same, "the retrained labeller differs from the shipped one");
}
