//! The shipped model on hand-written news sentences, tokenised the way whosaid's tokenizer
//! does it (clitics split, curly quotes, hyphenated words kept whole).

use whosaid_tagger::{Tag, Tagger};

/// Tags `sentence` (tokens separated by spaces) and checks the tags of the listed tokens.
fn check(sentence: &str, expected: &[(&str, Tag)]) {
    let tokens: Vec<&str> = sentence.split(' ').collect();
    let tags = Tagger::default_model().tag(&tokens);
    assert_eq!(tags.len(), tokens.len());
    for &(word, tag) in expected {
        let i = tokens
            .iter()
            .position(|t| *t == word)
            .unwrap_or_else(|| panic!("{word:?} is not a token of {sentence:?}"));
        assert_eq!(
            tags[i], tag,
            "{word:?} in {sentence:?}: got {}, all tags: {tags:?}",
            tags[i]
        );
    }
}

#[test]
fn reporting_verbs_and_speakers() {
    check(
        "Dutch Prime Minister Mark Rutte said on Tuesday that the government would not back the plan .",
        &[
            ("Rutte", Tag::NNP),
            ("Mark", Tag::NNP),
            ("said", Tag::VBD),
            ("the", Tag::DT),
            ("government", Tag::NN),
            ("would", Tag::MD),
            ("Tuesday", Tag::NNP),
        ],
    );
    check(
        "The US-based company says it has hired 725 new workers since 2024 .",
        &[
            ("says", Tag::VBZ),
            ("it", Tag::PRP),
            ("hired", Tag::VBN),
            ("725", Tag::CD),
            ("2024", Tag::CD),
            ("US-based", Tag::JJ),
        ],
    );
    check(
        "Obama told CNN that he was \" very concerned \" about the situation .",
        &[
            ("Obama", Tag::NNP),
            ("told", Tag::VBD),
            ("CNN", Tag::NNP),
            ("he", Tag::PRP),
        ],
    );
}

#[test]
fn curly_quotes_and_clitics() {
    check(
        "\u{201C} I do n\u{2019}t know , \u{201D} said Smith , a spokesman for the Pentagon .",
        &[
            ("\u{201C}", Tag::OpenQuote),
            ("\u{201D}", Tag::CloseQuote),
            ("n\u{2019}t", Tag::RB),
            ("do", Tag::VBP),
            ("said", Tag::VBD),
            ("Smith", Tag::NNP),
            ("spokesman", Tag::NN),
        ],
    );
    check(
        "Trump \u{2019}s campaign manager , Kellyanne Conway , said he would \u{201C} absolutely \u{201D} debate Clinton .",
        &[
            ("\u{2019}s", Tag::POS),
            ("Conway", Tag::NNP),
            ("said", Tag::VBD),
            ("Clinton", Tag::NNP),
        ],
    );
    check(
        "\" It 's over , \" he says .",
        &[("'s", Tag::VBZ), ("he", Tag::PRP), ("says", Tag::VBZ)],
    );
}

#[test]
fn hyphenated_words_whole_or_split() {
    check(
        "She said the two-day summit was a huge success .",
        &[
            ("two-day", Tag::JJ),
            ("said", Tag::VBD),
            ("summit", Tag::NN),
        ],
    );
    check(
        "She said the two - day summit was a huge success .",
        &[("-", Tag::HYPH), ("said", Tag::VBD), ("summit", Tag::NN)],
    );
}

#[test]
fn empty_and_odd_input() {
    let tagger = Tagger::default_model();
    assert!(tagger.tag::<&str>(&[]).is_empty());
    assert_eq!(tagger.tag(&[""]).len(), 1);
    let long = vec!["word"; 5000];
    assert_eq!(tagger.tag(&long).len(), 5000);
    let odd = [
        "\u{1F600}",
        "日本",
        "ÉTAT",
        "x\u{0301}",
        "http://example.com/a-b",
        "--",
        "\u{2026}",
    ];
    assert_eq!(tagger.tag(&odd).len(), odd.len());
    // Owned strings work too.
    let owned: Vec<String> = vec!["He".into(), "said".into(), "so".into(), ".".into()];
    assert_eq!(tagger.tag(&owned)[1], Tag::VBD);
}
