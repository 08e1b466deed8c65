//! An index in a temporary directory: two articles from two outlets that carry the same quote,
//! one naming the speaker in full and one by surname. The index makes one speaker of them and
//! one quote group, and a search finds both.
//!
//! ```sh
//! cargo run -p whosaid-index --example search
//! ```

use whosaid_article::{
    Article, DateKind, EntityType, Extraction, Metadata, Span, Speaker, Statement, StatementKind,
};
use whosaid_index::{SearchRequest, StatementIndex};

fn article(url: &str, site: &str, date: &str, name: &str, content: &str) -> (Article, Extraction) {
    let span = |text: &str| Span {
        start: 0,
        end: text.chars().count(),
        text: text.to_owned(),
    };
    let speaker = Speaker {
        entity: 0,
        name: name.to_owned(),
        entity_type: EntityType::Person,
        roles: Vec::new(),
    };
    let statement = Statement {
        kind: StatementKind::Direct,
        cue: Some(span("said")),
        contents: vec![span(content)],
        sources: vec![span(name)],
        speaker: Some(speaker.clone()),
        speakers: vec![speaker],
        act: whosaid_article::Act::Speech,
        addressee: None,
        medium: None,
        confidence: 0.9,
        voice: Default::default(),
    };
    let article = Article {
        id: url.to_owned(),
        text: content.to_owned(),
        from_html: true,
        metadata: Metadata {
            url: Some(url.to_owned()),
            site: Some(site.to_owned()),
            date: Some(date.to_owned()),
            date_kind: Some(DateKind::Published),
            ..Metadata::default()
        },
        warnings: Vec::new(),
    };
    let extraction = Extraction {
        statements: vec![statement],
        entities: Vec::new(),
    };
    (article, extraction)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let index = StatementIndex::open_or_create(dir.path())?;
    let quote = "“We will support Ukraine for as long as it takes, whatever it costs us,”";
    let mut writer = index.writer()?;
    for (article, extraction) in [
        article(
            "https://daily.example/1",
            "The Daily",
            "2024-11-26",
            "Anna Berg",
            quote,
        ),
        article(
            "https://wire.example/2",
            "Wire",
            "2024-11-27",
            "Berg",
            quote,
        ),
    ] {
        writer.add(&article, &extraction)?;
    }
    writer.commit()?;
    let request = SearchRequest {
        q: "Ukraine".to_owned(),
        limit: 10,
        ..SearchRequest::default()
    };
    for hit in index.search(&request)?.results {
        let speaker = hit
            .speaker
            .map_or("?".to_owned(), |s| format!("{} ({})", s.name, s.id));
        let outlet = hit.article.outlet.unwrap_or_default();
        println!("{outlet}: {speaker}, quote group {}", hit.statement.quote);
    }
    Ok(())
}
