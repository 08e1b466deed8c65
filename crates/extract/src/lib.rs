//! whosaid's extraction core. It owns everything between the text of one article and its list
//! of attributed statements: finding cues, quotes and reported clauses, picking out the mentions
//! of who spoke, and resolving those mentions to the people, organisations and places of the
//! article. Build one [`Extractor`] per process and share it across threads; each call to
//! [`Extractor::extract`] is independent of the others.

mod model;

pub use model::{Entity, EntityType, Extraction, Span, Speaker, Statement, StatementKind};

/// Finds attributed statements in article texts. Built once with its lexicons and models, then
/// shared (`&Extractor` is `Send + Sync`).
#[derive(Debug, Default)]
pub struct Extractor {}

impl Extractor {
    /// An extractor with the models and lexicons that ship inside whosaid.
    pub fn new() -> Extractor {
        Extractor {}
    }

    /// Every attributed statement in `text`, with the entities its speakers resolve to.
    pub fn extract(&self, text: &str) -> Extraction {
        let _ = text;
        Extraction::default()
    }
}
