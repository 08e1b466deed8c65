//! A statement as whosaid's outputs write it: the types of this crate, serialised.
//!
//! ```sh
//! cargo run -p whosaid-article --example json
//! ```

use whosaid_article::{EntityType, Span, Speaker, Statement, StatementKind};

fn main() {
    let text = "\u{201c}We will win,\u{201d} she said.";
    let span = |start: usize, end: usize| Span {
        start,
        end,
        text: text.chars().skip(start).take(end - start).collect(),
    };
    let speaker = Speaker {
        entity: 0,
        name: "Anna Berg".to_owned(),
        entity_type: EntityType::Person,
        roles: vec!["Foreign Minister".to_owned()],
    };
    let statement = Statement {
        kind: StatementKind::Direct,
        cue: Some(span(19, 23)),
        contents: vec![span(0, 14)],
        sources: vec![span(15, 18)],
        speaker: Some(speaker.clone()),
        speakers: vec![speaker],
        act: whosaid_article::Act::Speech,
        addressee: None,
        medium: None,
        confidence: 0.9,
        voice: Default::default(),
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&statement).expect("serialises")
    );
    println!("content: {}", statement.content_text());
}
