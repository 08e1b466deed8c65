//! The shipped news annotations against the real news-html bodies, when they are present next
//! to the workspace (`../shared/data/news-html`): every span falls inside its article, every
//! page is a dev page, and the counts are the ones docs/news-annotation.md describes. Skipped
//! with a message elsewhere, failing under `CI=true`.

use std::path::Path;

use whosaid_eval::news::{self, Act, Part};
use whosaid_extract::Extractor;

#[test]
fn shipped_annotations_fit_the_real_bodies_and_score() {
    let Some(dir) = whosaid_corpora::shared_data("news-html") else {
        return;
    };
    let origin = Path::new("crates/eval/data/news/annotations.jsonl");
    let articles = news::parse_annotations(news::ANNOTATIONS, origin).unwrap();
    let gold = news::load(&dir, articles, Part::All, origin).unwrap();
    assert_eq!(gold.len(), 126);
    let heldout = gold.iter().filter(|n| n.article.part == "heldout").count();
    assert_eq!(heldout, 42);
    let statements: Vec<_> = gold.iter().flat_map(|n| &n.article.statements).collect();
    assert_eq!(statements.len(), 1459);
    assert_eq!(
        statements.iter().filter(|s| s.act == Act::Speech).count(),
        1127
    );

    let second = news::parse_annotations(news::SECOND_ANNOTATOR, origin).unwrap();
    assert_eq!(second.len(), 24);
    let agreement = news::agreement(&gold, &second);
    assert_eq!(agreement.all.articles, 24);

    // whosaid finds statements on these articles; how many is the figure the README reports,
    // not something a test fixes.
    let scores = news::run(&Extractor::new(), &gold);
    assert_eq!(scores.all.articles, 126);
    assert!(scores.all.matched_speech > 0, "{scores}");
}

/// Fitting the confidence model on the tuning part gives confidences that tell right
/// statements from wrong ones on that part, and a model file that loads back.
#[test]
fn a_confidence_model_fitted_on_the_tuning_part_separates_right_from_wrong() {
    let Some(dir) = whosaid_corpora::shared_data("news-html") else {
        return;
    };
    let origin = Path::new("crates/eval/data/news/annotations.jsonl");
    let articles = news::parse_annotations(news::ANNOTATIONS, origin).unwrap();
    let gold = news::load(&dir, articles, Part::Tune, origin).unwrap();
    // As the shipped model is fitted: with PolNeAR train holding the threshold down.
    let Some(polnear) = whosaid_corpora::shared_data("polnear/train") else {
        return;
    };
    let polnear = whosaid_eval::polnear::load(&polnear).unwrap();
    let (model, report) = news::fit::fit(&Extractor::new(), &gold, &polnear);
    assert!(report.statements > report.matched && report.matched > 0);
    assert!((0.0..=0.6).contains(&report.threshold), "{report:?}");
    let bytes = model.to_bytes();
    assert_eq!(
        whosaid_extract::models::ConfidenceModel::from_bytes(&bytes).unwrap(),
        model
    );
    let extractor = Extractor::new().with_confidence(model);
    let mut right = (0.0, 0usize);
    let mut wrong = (0.0, 0usize);
    for article in &gold {
        let extraction = extractor.extract(&article.body);
        let predicted = news::Predicted::from_extraction(&extraction);
        let matched = news::pair(&article.article.statements, &predicted);
        for (prediction, g) in predicted.iter().zip(matched) {
            let side = if news::is_right(&article.article.statements, prediction, g) {
                &mut right
            } else {
                &mut wrong
            };
            side.0 += prediction.confidence;
            side.1 += 1;
        }
    }
    let (right, wrong) = (right.0 / right.1 as f64, wrong.0 / wrong.1 as f64);
    assert!(right > wrong + 0.15, "right {right:.2}, wrong {wrong:.2}");
}
