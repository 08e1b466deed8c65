use super::*;

fn sentences(text: &str) -> Vec<&str> {
    let doc = Document::parse(text);
    doc.sentences
        .iter()
        .map(|s| {
            let range = doc.byte_range(s.tokens.clone());
            &text[range]
        })
        .collect()
}

fn paragraphs(text: &str) -> Vec<&str> {
    let doc = Document::parse(text);
    doc.paragraphs
        .iter()
        .map(|p| &text[doc.byte_range(p.tokens.clone())])
        .collect()
}

/// Each quote as (text from opening to closing mark, continues_previous, continues_next).
fn quotes(text: &str) -> Vec<(&str, bool, bool)> {
    let doc = Document::parse(text);
    doc.quotes
        .iter()
        .map(|q| {
            (
                &text[doc.byte_range(q.tokens())],
                q.continues_previous,
                q.continues_next,
            )
        })
        .collect()
}

#[test]
fn paragraphs_from_blank_lines_and_single_newlines() {
    assert_eq!(paragraphs("One.\n\nTwo.\nThree"), ["One.", "Two.", "Three"]);
    assert_eq!(paragraphs("One.\r\n\r\nTwo."), ["One.", "Two."]);
    assert_eq!(
        paragraphs("A line that is\nwrapped here.\n\nNext."),
        ["A line that is\nwrapped here.", "Next."]
    );
    assert_eq!(
        paragraphs("Ukraine war: Latest updates\nThis development comes."),
        ["Ukraine war: Latest updates", "This development comes."]
    );
}

#[test]
fn sentences_respect_abbreviations() {
    assert_eq!(
        sentences("Mr. Rutte met Gen. Smith and Sen. J. Doe on Jan. 5. They talked."),
        [
            "Mr. Rutte met Gen. Smith and Sen. J. Doe on Jan. 5.",
            "They talked."
        ]
    );
    assert_eq!(
        sentences("The U.S. Army left. It was late. He lives on St. Mark's Place."),
        [
            "The U.S. Army left.",
            "It was late.",
            "He lives on St. Mark's Place."
        ]
    );
    assert_eq!(
        sentences("He moved to the U.S. The move was hard."),
        ["He moved to the U.S.", "The move was hard."]
    );
}

#[test]
fn sentence_ends_inside_closing_quote() {
    assert_eq!(
        sentences("He said: “It is over.” Then he left. “Really?” she asked."),
        [
            "He said: “It is over.”",
            "Then he left.",
            "“Really?” she asked."
        ]
    );
}

#[test]
fn pairs_every_quote_style() {
    let text = "A \"straight\" and “curly” and ‘single’ and «guillemets» and „low-high“.";
    let found: Vec<&str> = quotes(text).iter().map(|q| q.0).collect();
    assert_eq!(
        found,
        [
            "\"straight\"",
            "“curly”",
            "‘single’",
            "«guillemets»",
            "„low-high“"
        ]
    );
}

#[test]
fn doubled_apostrophes_pair_as_double_quotes() {
    let text = "''Trump suits were made in Mexico,'' she said. ''I hope not.''";
    let found: Vec<&str> = quotes(text).iter().map(|q| q.0).collect();
    assert_eq!(
        found,
        ["''Trump suits were made in Mexico,''", "''I hope not.''"]
    );
}

#[test]
fn apostrophes_are_not_quotes() {
    let text = "Russia’s war in the ’90s, rock ’n’ roll and Sanders’ campaign.";
    assert!(quotes(text).is_empty());
    let text = "‘We must avoid the errors of the Sanders’ campaign’";
    assert_eq!(quotes(text).len(), 1);
}

#[test]
fn same_curly_mark_opens_and_closes() {
    let text = "He said: “He is utilizing Ukraine as a testing site.“";
    assert_eq!(
        quotes(text),
        [("“He is utilizing Ukraine as a testing site.“", false, false)]
    );
}

#[test]
fn multi_paragraph_quote() {
    let text = "He said: “Russia shows no signs of stopping.\n“He is testing missiles.”\nNext.";
    assert_eq!(
        quotes(text),
        [
            ("“Russia shows no signs of stopping.", false, true),
            ("“He is testing missiles.”", true, false)
        ]
    );
}

#[test]
fn nested_quotes() {
    let text = "“He told me ‘never again’ twice,” she said.";
    let doc = Document::parse(text);
    assert_eq!(doc.quotes.len(), 2);
    assert_eq!(doc.quotes[0].depth, 0);
    assert_eq!(doc.quotes[1].depth, 1);
    assert_eq!(
        &text[doc.byte_range(doc.quotes[1].tokens())],
        "‘never again’"
    );
}

#[test]
fn quote_of_token_points_at_innermost_quote() {
    let text = "“He told me ‘never’ twice,” she said.";
    let doc = Document::parse(text);
    let never = doc
        .tokens
        .iter()
        .position(|t| &text[t.start..t.end] == "never")
        .unwrap();
    let told = doc
        .tokens
        .iter()
        .position(|t| &text[t.start..t.end] == "told")
        .unwrap();
    let she = doc
        .tokens
        .iter()
        .position(|t| &text[t.start..t.end] == "she")
        .unwrap();
    assert_eq!(doc.quote_of_token[never], Some(1));
    assert_eq!(doc.quote_of_token[told], Some(0));
    assert_eq!(doc.quote_of_token[she], None);
}

#[test]
fn unclosed_quote_runs_to_paragraph_end() {
    let text = "She said “we will win\n\nNext paragraph.";
    assert_eq!(quotes(text), [("“we will win", false, false)]);
}

#[test]
fn a_paragraph_without_breaks_is_cut_into_bounded_pieces() {
    let text = "One more sentence here. ".repeat(3000);
    let doc = Document::parse(&text);
    assert!(doc.paragraphs.len() > 1);
    for paragraph in &doc.paragraphs {
        assert!(paragraph.tokens.len() <= 2000);
        assert_eq!(doc.token_text(paragraph.tokens.end - 1), ".");
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn check(text: &str) {
        let doc = Document::parse(text);
        let mut previous_end = 0;
        for token in &doc.tokens {
            assert!(token.start < token.end && token.start >= previous_end);
            assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
            previous_end = token.end;
        }
        let mut next = 0;
        for sentence in &doc.sentences {
            assert_eq!(sentence.tokens.start, next);
            next = sentence.tokens.end;
        }
        assert_eq!(next, doc.tokens.len());
        for quote in &doc.quotes {
            assert!(quote.open < quote.end && quote.end <= doc.tokens.len());
        }
        let index = CharIndex::new(text);
        for token in &doc.tokens {
            let start = index.char_offset(token.start);
            let end = index.char_offset(token.end);
            let chars: String = text.chars().skip(start).take(end - start).collect();
            assert_eq!(chars, &text[token.start..token.end]);
        }
    }

    proptest! {
        #[test]
        fn arbitrary_unicode_never_panics(text in "\\PC{0,200}") {
            check(&text);
        }

        #[test]
        fn quote_heavy_text_never_panics(
            text in "[a-zA-Z .,:;!?\n\r'\"“”‘’«»„\u{feff}\u{301}😀א-ת-]{0,200}"
        ) {
            check(&text);
        }
    }
}
