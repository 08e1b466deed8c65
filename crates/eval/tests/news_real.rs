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
    assert_eq!(gold.len(), 66);
    let heldout = gold.iter().filter(|n| n.article.part == "heldout").count();
    assert_eq!(heldout, 22);
    let statements: Vec<_> = gold.iter().flat_map(|n| &n.article.statements).collect();
    assert_eq!(statements.len(), 804);
    assert_eq!(
        statements.iter().filter(|s| s.act == Act::Speech).count(),
        597
    );

    let second = news::parse_annotations(news::SECOND_ANNOTATOR, origin).unwrap();
    assert_eq!(second.len(), 12);
    let agreement = news::agreement(&gold, &second);
    assert_eq!(agreement.all.articles, 12);

    // whosaid finds statements on these articles; how many is the figure the README reports,
    // not something a test fixes.
    let scores = news::run(&Extractor::new(), &gold);
    assert_eq!(scores.all.articles, 66);
    assert!(scores.all.matched_speech > 0, "{scores}");
}
