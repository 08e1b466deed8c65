//! The shipped model on UD English-EWT dev, when the corpus is next to the workspace
//! (`../shared/data/ud_english_ewt` from the workspace root). Test is never read here.

use std::path::PathBuf;

use whosaid_tagger::{augment, conllu, Tagger};

fn dev_file() -> Option<PathBuf> {
    let f = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ud_english_ewt/en_ewt-ud-dev.conllu");
    f.exists().then_some(f)
}

#[test]
fn shipped_model_scores_at_least_94_percent_on_ewt_dev() {
    let Some(dev) = dev_file() else {
        println!("skipped: UD English-EWT dev not found at ../shared/data/ud_english_ewt");
        return;
    };
    let dev = conllu::read_file(&dev).unwrap();
    let tagger = Tagger::default_model();
    let acc = tagger.evaluate(&dev);
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
    let title_acc = tagger.evaluate(&title).ratio();
    println!("EWT dev in Title Case: {title_acc:.4}");
    assert!(title_acc >= 0.90, "Title Case dev accuracy {title_acc:.4}");
    let joined: Vec<_> = dev.iter().filter_map(augment::join_hyphens).collect();
    let joined_acc = tagger.evaluate(&joined).ratio();
    println!("EWT dev sentences with hyphenated words joined: {joined_acc:.4}");
    assert!(joined_acc >= 0.92, "joined-hyphen accuracy {joined_acc:.4}");
}
