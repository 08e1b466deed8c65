//! whosaid's extraction core. It owns everything between the text of one article and its list
//! of attributed statements: finding cues, quotes and reported clauses, picking out the mentions
//! of who spoke, and resolving those mentions to the people, organisations and places of the
//! article. Build one [`Extractor`] per process and share it across threads; each call to
//! [`Extractor::extract`] is independent of the others.

mod article;
mod entities;
mod lexicon;
mod statements;

pub use whosaid_article::{
    Entity, EntityType, Extraction, Span, Speaker, Statement, StatementKind,
};

use std::ops::Range;
use whosaid_attribution::Labeller;
use whosaid_tagger::Tagger;
use whosaid_text::CharIndex;

use article::Article;

/// Finds attributed statements in article texts. Built once with its lexicons and models, then
/// shared (`&Extractor` is `Send + Sync`).
#[derive(Debug)]
pub struct Extractor {
    tagger: &'static Tagger,
    labeller: &'static Labeller,
}

impl Default for Extractor {
    fn default() -> Extractor {
        Extractor::new()
    }
}

impl Extractor {
    /// An extractor with the models and lexicons that ship inside whosaid.
    pub fn new() -> Extractor {
        Extractor {
            tagger: Tagger::default_model(),
            labeller: Labeller::default_model(),
        }
    }

    /// Every attributed statement in `text`, with the entities its speakers resolve to.
    pub fn extract(&self, text: &str) -> Extraction {
        let article = Article::analyse(text, self.tagger, self.labeller);
        let found = statements::find(&article);
        let resolution = entities::resolve(&article, &found);
        let spans = SpanMaker {
            article: &article,
            index: CharIndex::new(text),
        };
        let entities: Vec<Entity> = resolution
            .entities
            .iter()
            .enumerate()
            .map(|(id, draft)| {
                let mut mentions: Vec<Range<usize>> = draft.mentions.clone();
                mentions.sort_by_key(|m| (m.start, m.end));
                mentions.dedup();
                Entity {
                    id,
                    name: draft.name.clone(),
                    entity_type: draft.entity_type,
                    roles: draft.roles.clone(),
                    mentions: mentions.into_iter().map(|m| spans.span(m)).collect(),
                }
            })
            .collect();
        let statements = found
            .iter()
            .zip(&resolution.speakers)
            .map(|(statement, speakers)| {
                let speakers: Vec<Speaker> = speakers
                    .iter()
                    .map(|&id| {
                        let entity = &entities[id];
                        Speaker {
                            entity: id,
                            name: entity.name.clone(),
                            entity_type: entity.entity_type,
                            roles: entity.roles.clone(),
                        }
                    })
                    .collect();
                Statement {
                    kind: statement.kind,
                    cue: statement.cue.clone().map(|c| spans.span(c)),
                    contents: statement
                        .contents
                        .iter()
                        .map(|c| spans.span(c.clone()))
                        .collect(),
                    sources: statement
                        .source
                        .iter()
                        .map(|s| spans.span(s.clone()))
                        .collect(),
                    speaker: speakers.first().cloned(),
                    speakers,
                    // Two decimals: more would claim a precision the estimate does not have.
                    confidence: (f64::from(statement.confidence.clamp(0.0, 1.0)) * 100.0).round()
                        / 100.0,
                }
            })
            .collect();
        Extraction {
            statements,
            entities,
        }
    }
}

/// Turns token ranges into [`Span`]s with char offsets.
struct SpanMaker<'a, 'b> {
    article: &'b Article<'a>,
    index: CharIndex<'a>,
}

impl SpanMaker<'_, '_> {
    fn span(&self, tokens: Range<usize>) -> Span {
        let bytes = self.article.doc.byte_range(tokens);
        Span {
            start: self.index.char_offset(bytes.start),
            end: self.index.char_offset(bytes.end),
            text: self.article.doc.text[bytes].to_string(),
        }
    }
}
