//! An article: its text, where it came from and what is known about it.

use serde::{Deserialize, Serialize};

/// An article, ready for extraction: its text and what is known about it.
#[derive(Clone, Debug)]
pub struct Article {
    /// Names the article for people: the path it was read from, `path:LINE` for a JSON line,
    /// `path@OFFSET` for a WARC record.
    pub id: String,
    /// The text statements are found in, and their offsets refer to.
    pub text: String,
    /// Whether `text` was taken out of HTML, so that it is not the input as the user has it
    /// and outputs should carry it.
    pub from_html: bool,
    /// What the page or its container said about it.
    pub metadata: Metadata,
    /// Things the user should know that did not stop the article (a guessed encoding).
    pub warnings: Vec<String>,
}

/// What is known about an article besides its text. Every field is optional: a plain text file
/// has none but its language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Metadata {
    /// The URL the page declares (JSON-LD) when it is on the host the page was fetched from,
    /// else the URL it was fetched from (WARC-Target-URI, a JSON lines field); none for a page
    /// of unknown origin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The title as the page gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The byline as the page gives it ("By Jane Doe and John Roe").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// The site or outlet name (og:site_name, JSON-LD publisher).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// A date as the source gives it (usually ISO 8601); what it means is in `date_kind`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// What `date` is: a publication date, a crawl date, or a date an export gave.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_kind: Option<DateKind>,
    /// ISO 639-3 code of the detected language ("eng").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl Metadata {
    /// Fills the fields that are empty in `self` from `other`.
    pub fn or(mut self, other: Metadata) -> Metadata {
        fn keep<T>(mine: &mut Option<T>, theirs: Option<T>) {
            if mine.is_none() {
                *mine = theirs;
            }
        }
        if self.date.is_none() {
            self.date_kind = other.date_kind;
        }
        keep(&mut self.url, other.url);
        keep(&mut self.title, other.title);
        keep(&mut self.byline, other.byline);
        keep(&mut self.site, other.site);
        keep(&mut self.date, other.date);
        keep(&mut self.language, other.language);
        self
    }
}

/// What an article's date is: the publication date the page states, or only the date a
/// crawler fetched it (a WARC record's date), which can be years later.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateKind {
    /// The publication date the page states (meta tags, JSON-LD).
    Published,
    /// Only the date a crawler fetched the page (a WARC record's date).
    Crawled,
    /// A date from a JSON lines field, whose meaning the exporter knows.
    Given,
}

impl DateKind {
    /// The date kind as the outputs name it: "published", "crawled", "given".
    pub fn name(self) -> &'static str {
        match self {
            DateKind::Published => "published",
            DateKind::Crawled => "crawled",
            DateKind::Given => "given",
        }
    }
}
