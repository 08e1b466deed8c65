//! whosaid-pipeline owns the one way a record becomes output: read by `whosaid-ingest`, made an
//! [`Article`] and extracted by `whosaid-extract` under a panic guard ([`process`]), counted in
//! an [`Accounting`], and handed on in input order. [`run`] does that for a whole batch on a
//! pool of threads with bounded memory (the command line's `extract` and `index`); a caller
//! that pulls one record at a time (the Python package) calls [`process`] and keeps its own
//! [`Accounting`]. Both give the same documents ([`ArticleOut`]) and statement rows
//! ([`table`]), so the outputs of the command line and of Python cannot drift apart.

#![deny(missing_docs)]

pub mod guard;
mod run;
pub mod table;

use std::collections::BTreeMap;

use serde::Serialize;
use whosaid_article::{Article, DateKind, Extraction, Metadata};
use whosaid_extract::Extractor;
use whosaid_ingest::{Payload, Record, Skip, SkipReason};

pub use run::{items, run, Event, Finished, Item, RunError};

/// Prepares one record (decoding, main text, language) and extracts its statements; a
/// document `whosaid extract` wrote is read back as it is, without extracting again. A panic
/// anywhere in that costs this record only: it comes back as a skip for an internal error,
/// naming the record and what went wrong.
pub fn process(extractor: &Extractor, record: Record) -> Result<(Article, Extraction), Skip> {
    let id = record.id.clone();
    guard::catch(|| {
        if let Payload::Document(line) = &record.payload {
            return whosaid_ingest::read_document(&record.id, line);
        }
        let article = whosaid_ingest::prepare(record)?;
        let mut extraction = extractor.extract(&article.text);
        // "said on Tuesday" is a day only against the article's date, which the extractor
        // does not see; a crawl's date may be days or years after the article's, and does
        // not count.
        let metadata = &article.metadata;
        let published = match metadata.date_kind {
            Some(DateKind::Crawled) => None,
            _ => metadata.date.as_deref(),
        };
        whosaid_extract::date_statements(&mut extraction, published);
        Ok((article, extraction))
    })
    .unwrap_or_else(|panic| Err(internal(&id, &panic)))
}

/// The skip that accounts for a panic met on record `id`.
pub fn internal(id: &str, panic: &str) -> Skip {
    Skip::new(id, SkipReason::Internal, format!("internal error: {panic}"))
}

/// An article with what was extracted from it: the document of the JSON outputs, the same in
/// the command line's output and the Python bindings'.
#[derive(Serialize)]
pub struct ArticleOut<'a> {
    /// The article's id.
    pub id: &'a str,
    /// What is known about the article.
    pub metadata: &'a Metadata,
    /// The text the offsets refer to, when it is not the input as the user has it (HTML).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
    /// Its statements and entities.
    #[serde(flatten)]
    pub extraction: &'a Extraction,
}

impl<'a> ArticleOut<'a> {
    /// The document of `article` with what was extracted from it.
    pub fn new(article: &'a Article, extraction: &'a Extraction) -> ArticleOut<'a> {
        ArticleOut {
            id: &article.id,
            metadata: &article.metadata,
            text: article.from_html.then_some(article.text.as_str()),
            extraction,
        }
    }
}

/// The account of a run: every record read is either extracted or skipped for a reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Accounting {
    /// Records read.
    pub records: u64,
    /// Records that became an article and were extracted.
    pub extracted: u64,
    /// Statements in the extracted articles.
    pub statements: u64,
    /// Skipped records by reason ([`SkipReason::name`]).
    pub skipped: BTreeMap<SkipReason, u64>,
}

impl Accounting {
    /// Counts a record extracted, with its statements.
    pub fn extracted(&mut self, statements: usize) {
        self.records += 1;
        self.extracted += 1;
        self.statements += statements as u64;
    }

    /// Counts a record skipped for `reason`.
    pub fn skipped(&mut self, reason: SkipReason) {
        self.records += 1;
        *self.skipped.entry(reason).or_default() += 1;
    }

    /// Records skipped because their input is damaged (see [`SkipReason::is_damage`]).
    pub fn damaged(&self) -> u64 {
        let damaged = self.skipped.iter().filter(|(reason, _)| reason.is_damage());
        damaged.map(|(_, count)| count).sum()
    }

    /// `181 records read: 160 extracted (1234 statements), 21 skipped (21 not English)`.
    pub fn summary(&self) -> String {
        fn plural(n: u64, noun: &str) -> String {
            if n == 1 {
                format!("1 {noun}")
            } else {
                format!("{n} {noun}s")
            }
        }
        let skipped: u64 = self.skipped.values().sum();
        let mut line = format!(
            "{} read: {} extracted ({})",
            plural(self.records, "record"),
            self.extracted,
            plural(self.statements, "statement"),
        );
        if skipped > 0 {
            let reasons: Vec<String> = self
                .skipped
                .iter()
                .map(|(reason, count)| format!("{count} {}", reason.label()))
                .collect();
            line += &format!(", {skipped} skipped ({})", reasons.join(", "));
        }
        line
    }
}
