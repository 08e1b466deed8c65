//! The GUM loader on a small inline CoNLL-U snippet (nested mentions, several mentions opened
//! on one token, a multiword token, an empty node, paragraphs) and on the real GUM dev file
//! when it is present.

use std::path::{Path, PathBuf};
use whosaid_corpora::gum::{self, GoldMention, GumDocument};

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

const TEXT: &str = "Ambassador Jane Doe said her country's plan works.\n\n\
                    The diplomat added that it would succeed.\nShe left.\nIt rained.";

fn load_snippet() -> Vec<GumDocument> {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("whosaid-corpora-gum.conllu");
    std::fs::write(&path, snippet()).unwrap();
    gum::load(&path, &["news", "interview"]).unwrap()
}

fn mention<'a>(doc: &'a GumDocument, text: &str) -> &'a GoldMention {
    doc.mentions
        .iter()
        .find(|m| m.text == text)
        .unwrap_or_else(|| panic!("no gold mention {text:?} in {:?}", doc.mentions))
}

#[test]
fn rebuilds_text_and_nested_mentions() {
    let docs = load_snippet();
    assert_eq!(docs.len(), 1, "the fiction document is filtered out");
    let doc = &docs[0];
    assert_eq!(doc.id, "GUM_news_invented");
    assert_eq!(doc.genre, "news");
    assert_eq!(doc.text, TEXT);
    assert_eq!(doc.mentions.len(), 7);

    let doe = mention(doc, "Ambassador Jane Doe");
    assert_eq!((doe.start, doe.end, doe.named), (0, 19, true));
    let her = mention(doc, "her");
    assert_eq!((her.start, her.end, her.chain.as_str()), (25, 28, "1"));
    assert!(!her.named);
    // Words of the multiword token "country's" get their own part of its surface form.
    let country = mention(doc, "her country");
    assert_eq!((country.start, country.end), (25, 36));
    assert_eq!(country.entity_type, "place");
    let plan = mention(doc, "her country's plan");
    assert!(plan.singleton);
    assert!(!doe.singleton);
    assert_eq!(mention(doc, "it").chain, "2");
    assert_eq!(mention(doc, "The diplomat").chain, "1");
}

#[test]
fn unbalanced_entity_brackets_are_errors_with_a_line() {
    let text = conllu(&[
        "# newdoc id = GUM_news_broken",
        "1 Jane PROPN Entity=(1-person-new-sssss-cf1-1-coref",
        "2 left VERB _",
        "",
    ]);
    let err = gum::parse(Path::new("b.conllu"), &text).unwrap_err();
    assert!(err.to_string().starts_with("b.conllu:2:"), "{err}");
    let text = conllu(&["1 left VERB Entity=4)", ""]);
    let err = gum::parse(Path::new("b.conllu"), &text).unwrap_err();
    assert!(err.to_string().starts_with("b.conllu:1:"), "{err}");
}

fn gum_dev() -> Option<PathBuf> {
    whosaid_corpora::shared_data("ud_english_gum/en_gum-ud-dev.conllu")
}

#[test]
fn real_gum_dev_matches_the_readme() {
    let Some(path) = gum_dev() else { return };
    let all = gum::load(&path, &[]).unwrap();
    assert_eq!(all.len(), 30);
    let mentions: usize = all.iter().map(|d| d.mentions.len()).sum();
    let persons: usize = all
        .iter()
        .flat_map(|d| &d.mentions)
        .filter(|m| m.entity_type == "person")
        .count();
    assert_eq!((mentions, persons), (7_897, 2_548));

    // Every rebuilt sentence equals its `# text` comment.
    let content = std::fs::read_to_string(&path).unwrap();
    let expected: Vec<&str> = content
        .lines()
        .filter_map(|l| l.strip_prefix("# text = "))
        .collect();
    let rebuilt: Vec<&str> = all
        .iter()
        .flat_map(|d| d.text.split('\n'))
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(rebuilt.len(), expected.len());
    for (r, e) in rebuilt.iter().zip(&expected) {
        assert_eq!(r, e);
    }

    let news = gum::load(&path, &["news", "interview"]).unwrap();
    assert_eq!(news.len(), 4);
    for doc in &news {
        let chars: Vec<char> = doc.text.chars().collect();
        for m in &doc.mentions {
            let text: String = chars[m.start..m.end].iter().collect();
            assert_eq!(text, m.text);
        }
    }
}
