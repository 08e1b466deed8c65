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

const TEXT: &str = "Ambassador Jane Doe said her country's plan works.\n\n\
                    The diplomat added that it would succeed.\nShe left.\nIt rained.";

/// Two invented GUM documents in GUM's CoNLL-U (a news one with nested and discontinuous
/// entities, a fiction one to be filtered out): `tests/fixtures/gum_snippet.conllu`, which
/// whosaid-eval's GUM test reads too.
fn load_snippet() -> Vec<GumDocument> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gum_snippet.conllu");
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
