//! The speaker-resolution measure on hand-built entities over a small GUM snippet, and on the
//! real GUM dev file when it is present. (The GUM loader itself is tested in whosaid-corpora.)

use std::path::{Path, PathBuf};
use whosaid_corpora::gum::GumDocument;
use whosaid_eval::gum;
use whosaid_extract::{Entity, EntityType, Extraction, Span};

/// Column 1, 2, 4 (UPOS) and 10 (MISC) of each token; the other columns are filled in.
fn conllu(rows: &[&str]) -> String {
    rows.iter()
        .map(|row| {
            if row.starts_with('#') || row.is_empty() {
                return row.to_string();
            }
            let c: Vec<&str> = row.split(' ').collect();
            format!("{}\t{}\t_\t{}\t_\t_\t0\tdep\t_\t{}", c[0], c[1], c[2], c[3])
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn snippet() -> String {
    conllu(&[
        "# newdoc id = GUM_news_invented",
        "# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity",
        "# meta::genre = news",
        "# newpar",
        "# newpar_block = p (1 s)",
        "# sent_id = GUM_news_invented-1",
        "# text = Ambassador Jane Doe said her country's plan works.",
        "1 Ambassador PROPN Entity=(1-person-new-sssss-cf1-1,2,3-coref-Jane_Doe",
        "2 Jane PROPN _",
        "3 Doe PROPN Entity=1)",
        "4 said VERB _",
        "5 her PRON Entity=(3-abstract-new-nnnnn-cf2-3-sgl(2-place-new-nnnnn-cf3-2-coref(1-person-giv:act-sssss-cf1-1-ana)",
        "6-7 country's _ _",
        "6 country NOUN Entity=2)",
        "7 's PART _",
        "8 plan NOUN Entity=3)",
        "9 works VERB SpaceAfter=No",
        "9.1 works VERB CopyOf=9",
        "10 . PUNCT _",
        "",
        "# newpar",
        "# sent_id = GUM_news_invented-2",
        "# text = The diplomat added that it would succeed.",
        "1 The DET Entity=(1-person-giv:inact-sssss-cf1-2-coref",
        "2 diplomat NOUN Entity=1)",
        "3 added VERB _",
        "4 that SCONJ _",
        "5 it PRON Entity=(2-place-giv:act-nnnnn-cf2-1-coref)",
        "6 would AUX _",
        "7 succeed VERB SpaceAfter=No",
        "8 . PUNCT _",
        "",
        "# sent_id = GUM_news_invented-3",
        "# text = She left.",
        "1 She PRON Entity=(1-person-giv:act-sssss-cf1-1-coref)",
        "2 left VERB SpaceAfter=No",
        "3 . PUNCT _",
        "",
        "# sent_id = GUM_news_invented-4",
        "# text = It rained.",
        "1 It PRON _",
        "2 rained VERB SpaceAfter=No",
        "3 . PUNCT _",
        "",
        "# newdoc id = GUM_fiction_other",
        "# meta::genre = fiction",
        "# newpar",
        "# sent_id = GUM_fiction_other-1",
        "# text = Nobody.",
        "1 Nobody PRON Entity=(1-person-new-sssss-cf1-1-sgl)|SpaceAfter=No",
        "2 . PUNCT _",
        "",
    ])
}

fn load_snippet() -> Vec<GumDocument> {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("whosaid-eval-gum.conllu");
    std::fs::write(&path, snippet()).unwrap();
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
