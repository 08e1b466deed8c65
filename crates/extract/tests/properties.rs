//! Properties that hold on every input: spans point at exactly their text, in chars, and
//! nothing panics.

use proptest::prelude::*;
use whosaid_extract::{Extraction, Extractor, Span};

fn check_span(text: &str, span: &Span) {
    assert!(span.start <= span.end, "{span:?}");
    let chars: String = text
        .chars()
        .skip(span.start)
        .take(span.end - span.start)
        .collect();
    assert_eq!(chars, span.text, "span {span:?} in {text:?}");
}

fn check_spans(text: &str, extraction: &Extraction) {
    for statement in &extraction.statements {
        for span in statement
            .cue
            .iter()
            .chain(&statement.contents)
            .chain(&statement.sources)
        {
            check_span(text, span);
        }
        if let Some(addressee) = &statement.addressee {
            check_span(text, &addressee.span);
            assert!(!addressee.name.is_empty(), "{addressee:?}");
        }
        if let Some(span) = statement.medium.as_ref().and_then(|m| m.span.as_ref()) {
            check_span(text, span);
        }
        if let Some(said) = &statement.voice.said_at {
            check_span(text, &said.span);
        }
        assert!((0.0..=1.0).contains(&statement.confidence));
        assert_eq!(statement.speaker.as_ref(), statement.speakers.first());
    }
    for entity in &extraction.entities {
        for span in entity.mentions.iter().chain(&entity.gender_evidence) {
            check_span(text, span);
        }
    }
}

#[test]
fn extractor_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Extractor>();
}

#[test]
fn offsets_count_chars_through_crlf_bom_emoji_combining_and_rtl_text() {
    let text = "\u{feff}Café owner José Núñez 😀 said: “We re\u{301}opened.”\r\n\r\n\
                “שלום עליכם,” said Mayor Dana Levi on Tuesday. “مرحبا,” she added.\r\n";
    let extraction = Extractor::new().extract(text);
    assert!(extraction.statements.len() >= 2, "{extraction:#?}");
    // The voice's spans are checked too: a time, and a gender's evidence.
    assert!(
        extraction
            .statements
            .iter()
            .any(|s| s.voice.said_at.is_some())
            && extraction
                .entities
                .iter()
                .any(|e| !e.gender_evidence.is_empty()),
        "{extraction:#?}"
    );
    check_spans(text, &extraction);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_unicode(text in "\\PC{0,300}") {
        let extraction = Extractor::new().extract(&text);
        check_spans(&text, &extraction);
    }

    #[test]
    fn article_like_text(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("“We will win,” said Mr. Smith. ".to_string()),
                Just("He told reporters that it was over.\n".to_string()),
                Just("According to police, nobody was hurt. ".to_string()),
                Just("she told the Financial Times in an interview with ".to_string()),
                Just("said in a letter to ".to_string()),
                Just("at a Nov. ".to_string()),
                Just("via ".to_string()),
                Just("Q: ".to_string()),
                Just("“It is ".to_string()),
                Just("\r\n\r\n".to_string()),
                Just("‘".to_string()),
                Just("’s ".to_string()),
                Just("The NATO leader, ".to_string()),
                Just("😀 ".to_string()),
                Just("e\u{301} ".to_string()),
                "[a-zA-Z ,.:\"“”]{0,20}",
            ],
            0..30,
        )
    ) {
        let text: String = parts.concat();
        let extraction = Extractor::new().extract(&text);
        check_spans(&text, &extraction);
    }
}
