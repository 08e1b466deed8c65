//! The speaker-resolution measure on hand-built entities over a small GUM snippet, and on the
//! real GUM dev file when it is present. (The GUM loader itself is tested in whosaid-corpora.)

use std::path::{Path, PathBuf};
use whosaid_corpora::gum::GumDocument;
use whosaid_eval::gum;
use whosaid_extract::{Entity, EntityType, Extraction, Span};

/// The invented GUM snippet whosaid-corpora's GUM test reads: Jane Doe, named, then "The
/// diplomat" and "She"; "it" for her country; a fiction document that is filtered out.
fn load_snippet() -> Vec<GumDocument> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/tests/fixtures/gum_snippet.conllu");
    whosaid_corpora::gum::load(&path, &["news", "interview"]).unwrap()
}

/// The first occurrence of `needle` as a whole word ("It" is not the "it" of "it would").
fn span(text: &str, needle: &str) -> Span {
    let byte = text
        .match_indices(needle)
        .map(|(b, _)| b)
        .find(|&b| {
            let before = text[..b].chars().next_back();
            let after = text[b + needle.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .unwrap();
    let start = text[..byte].chars().count();
    Span {
        start,
        end: start + needle.chars().count(),
        text: needle.to_string(),
    }
}

fn entity(id: usize, mentions: Vec<Span>) -> Entity {
    Entity {
        id,
        name: mentions[0].text.clone(),
        entity_type: EntityType::Person,
        roles: vec![],
        mentions,
        gender: Default::default(),
        gender_evidence: Vec::new(),
    }
}

#[test]
fn resolution_accuracy_and_coverage() {
    let docs = load_snippet();
    let t = &docs[0].text;
    let extraction = Extraction {
        statements: vec![],
        entities: vec![
            // Anchor "Ambassador Jane Doe"; "her", "The diplomat" and "She" are all in its
            // gold chain: 3 correct resolutions, covering all 3 candidates.
            entity(
                0,
                vec![
                    span(t, "Ambassador Jane Doe"),
                    span(t, "her"),
                    span(t, "The diplomat"),
                    span(t, "She"),
                ],
            ),
            // Anchor "Jane Doe", but "it" is the country (chain 2): wrong. "It" (rained) is no
            // gold mention at all: wrong and unmatched.
            entity(1, vec![span(t, "Jane Doe"), span(t, "it"), span(t, "It")]),
        ],
    };

    let report = gum::score_resolutions(&docs, &[extraction]);
    assert_eq!(report.documents, 1);
    assert_eq!(report.resolved, 5);
    assert_eq!(report.correct, 3);
    assert_eq!(report.unmatched, 1);
    // Candidates: "her", "The diplomat", "She" (person chain with a named mention before
    // them). "it" is a place, "her country" neither pronoun nor description.
    assert_eq!(report.candidates, 3);
    assert_eq!(report.covered, 3);
    assert!((report.accuracy - 0.6).abs() < 1e-12);
    assert!((report.coverage - 1.0).abs() < 1e-12);
    assert!(report.to_string().contains("60.0%"), "{report}");

    let nothing = gum::score_resolutions(&docs, &[]);
    assert_eq!((nothing.resolved, nothing.candidates), (0, 3));
    assert_eq!((nothing.accuracy, nothing.coverage), (0.0, 0.0));
}

fn gum_dev() -> Option<PathBuf> {
    whosaid_corpora::shared_data("ud_english_gum/en_gum-ud-dev.conllu")
}

#[test]
fn real_gum_dev_news_can_be_scored() {
    let Some(path) = gum_dev() else { return };
    let news = whosaid_corpora::gum::load(&path, gum::SPEAKER_GENRES).unwrap();
    assert_eq!(news.len(), 4);
    let report = gum::score_resolutions(&news, &[]);
    assert!(report.candidates > 0);
    println!("{report}");
}
