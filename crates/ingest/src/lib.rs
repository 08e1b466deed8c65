//! whosaid-ingest owns everything between a path on the command line and the text of an
//! English article: expanding paths (files, directories, globs, standard input), telling the
//! formats apart (plain text, HTML, WARC as Common Crawl publishes it, JSON lines, each maybe
//! gzipped), reading them as a stream of [`Record`]s with bounded memory, and turning a record
//! into an [`Article`]: decoding its charset, taking the main text and metadata out of an HTML
//! page, and detecting its language. Every record read comes out either as an article or as a
//! [`Skip`] that names the input, the record and the reason, so a corpus is always accounted
//! for. It knows nothing about how statements are found: it depends on no model.

#![deny(missing_docs)]

mod decode;
mod gzip;
mod html;
mod input;
mod jsonl;
mod language;
mod limited;
mod paths;
mod warc;

use serde::Serialize;
pub use whosaid_article::{Article, DateKind, Metadata};

pub use decode::{decode, Decoded};
pub use html::{main_text, MainText, MAX_HTML_BYTES};
pub use input::{open, open_reader, Format, Input, ReadOptions, Records, STDIN};
pub use jsonl::{read_document, JsonFields};
pub use language::{detect as detect_language, Language};
pub use paths::{describe, display, expand, human_bytes, parse_size};

/// One record as read from an input, before decoding: a text file, an HTML page, a WARC
/// response's payload, or one JSON line's text.
#[derive(Debug)]
pub struct Record {
    /// Names the record for people: the path, `path:LINE` for a JSON line, `path@OFFSET` for
    /// a WARC record (the byte offset of its header in the uncompressed stream).
    pub id: String,
    /// The record's bytes, as far as the container tells what they are.
    pub payload: Payload,
    /// What the container said about the record (WARC target URI and date, JSON fields).
    pub metadata: Metadata,
    /// How many input bytes the record took (compressed size is not known per record, so
    /// this counts uncompressed bytes); for progress reports.
    pub bytes: u64,
}

/// What a record holds, before decoding.
#[derive(Debug)]
pub enum Payload {
    /// Bytes of plain text in an unknown encoding.
    Text(Vec<u8>),
    /// Bytes of an HTML page, with the charset the HTTP headers declared, if any.
    Html {
        /// The page.
        bytes: Vec<u8>,
        /// The charset the HTTP headers declared, if any.
        charset: Option<String>,
    },
    /// Text that is already decoded (a JSON string).
    Decoded(String),
    /// A line `whosaid extract` wrote: an article already extracted ([`read_document`]).
    Document(Vec<u8>),
}

/// A record that yields no article, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skip {
    /// The record's id (or the input's, when it yields no record).
    pub id: String,
    /// Why.
    pub reason: SkipReason,
    /// The particulars, for people ("Content-Length says 5120 bytes, the file ends after 812").
    pub detail: String,
}

impl Skip {
    /// A skip of record `id` for `reason`, with the particulars.
    pub fn new(id: impl Into<String>, reason: SkipReason, detail: impl Into<String>) -> Skip {
        Skip {
            id: id.into(),
            reason,
            detail: detail.into(),
        }
    }
}

/// Why a record yields no article. The first five are filters (the record is sound but holds
/// no English article); the rest mean the input is damaged or unusable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// A WARC record other than a response: warcinfo, request, metadata, …
    NotResponse,
    /// An HTTP response whose status is not 2xx (a redirect, a 404).
    HttpStatus,
    /// A response or file whose content is not HTML or text (an image, a PDF, JSON).
    NotHtml,
    /// No main text could be found, or the text is blank.
    EmptyText,
    /// The article is in another language.
    NotEnglish,
    /// Binary data where text was expected, or a charset that cannot be decoded.
    BadEncoding,
    /// The input ends inside a record: a truncated gzip member or file.
    Truncated,
    /// A record whose framing is wrong: a WARC header that does not parse, a Content-Length
    /// that does not match, an HTTP response without headers.
    Malformed,
    /// A JSON line that is not a JSON object, or lacks the text field.
    BadJson,
    /// Larger than the size limit.
    TooLarge,
    /// The input could not be read at all (missing, permissions, an I/O error).
    Unreadable,
    /// The extractor failed on the record (a bug: please report it).
    Internal,
}

impl SkipReason {
    /// Every reason, in the order summaries list them.
    pub const ALL: [SkipReason; 12] = [
        SkipReason::NotResponse,
        SkipReason::HttpStatus,
        SkipReason::NotHtml,
        SkipReason::EmptyText,
        SkipReason::NotEnglish,
        SkipReason::BadEncoding,
        SkipReason::Truncated,
        SkipReason::Malformed,
        SkipReason::BadJson,
        SkipReason::TooLarge,
        SkipReason::Unreadable,
        SkipReason::Internal,
    ];

    /// True when the input is damaged or unusable, as opposed to filtered on purpose; such
    /// skips are reported one by one and make `whosaid extract` exit with status 1.
    pub fn is_damage(self) -> bool {
        !matches!(
            self,
            SkipReason::NotResponse
                | SkipReason::HttpStatus
                | SkipReason::NotHtml
                | SkipReason::EmptyText
                | SkipReason::NotEnglish
        )
    }

    /// What people read in messages and summaries: "not English", "truncated".
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::NotResponse => "not a response",
            SkipReason::HttpStatus => "HTTP error status",
            SkipReason::NotHtml => "not HTML",
            SkipReason::EmptyText => "empty text",
            SkipReason::NotEnglish => "not English",
            SkipReason::BadEncoding => "bad encoding",
            SkipReason::Truncated => "truncated",
            SkipReason::Malformed => "malformed",
            SkipReason::BadJson => "bad JSON",
            SkipReason::TooLarge => "too large",
            SkipReason::Unreadable => "unreadable",
            SkipReason::Internal => "internal error",
        }
    }

    /// The snake_case name used in machine-readable accounting.
    pub fn name(self) -> &'static str {
        match self {
            SkipReason::NotResponse => "not_response",
            SkipReason::HttpStatus => "http_status",
            SkipReason::NotHtml => "not_html",
            SkipReason::EmptyText => "empty_text",
            SkipReason::NotEnglish => "not_english",
            SkipReason::BadEncoding => "bad_encoding",
            SkipReason::Truncated => "truncated",
            SkipReason::Malformed => "malformed",
            SkipReason::BadJson => "bad_json",
            SkipReason::TooLarge => "too_large",
            SkipReason::Unreadable => "unreadable",
            SkipReason::Internal => "internal",
        }
    }
}

/// Turns a record into an article: decodes it, takes the main text out of HTML, and keeps it
/// only if it is English. Runs on worker threads: this is where the CPU time of ingestion goes.
pub fn prepare(record: Record) -> Result<Article, Skip> {
    let Record {
        id,
        payload,
        metadata,
        bytes: _,
    } = record;
    let skip = |reason, detail: String| Skip::new(id.clone(), reason, detail);
    let (text, from_html, metadata, warnings) = match payload {
        Payload::Text(bytes) => {
            let decoded = decode(bytes, None)
                .map_err(|err| skip(SkipReason::BadEncoding, err.to_string()))?;
            (decoded.text, false, metadata, decoded.warnings)
        }
        Payload::Decoded(text) => (text, false, metadata, Vec::new()),
        // Extracted already: the record pipeline reads it with `read_document` instead.
        Payload::Document(_) => {
            return Err(skip(
                SkipReason::BadJson,
                "an extracted document, not an article to prepare".to_owned(),
            ))
        }
        Payload::Html { bytes, charset } => {
            let decoded = decode(bytes, charset.as_deref())
                .map_err(|err| skip(SkipReason::BadEncoding, err.to_string()))?;
            let page = main_text(&decoded.text, metadata.url.as_deref())
                .map_err(|(reason, detail)| skip(reason, detail))?;
            (
                page.text,
                true,
                page.metadata.or(metadata),
                decoded.warnings,
            )
        }
    };
    if decode::is_blank(&text) {
        let what = if from_html {
            "no main text found"
        } else {
            "blank text"
        };
        return Err(skip(SkipReason::EmptyText, what.to_owned()));
    }
    let language = language::detect(&text);
    if let Language::Other(_) = language {
        return Err(skip(
            SkipReason::NotEnglish,
            format!("language: {}", language.code()),
        ));
    }
    let metadata = Metadata {
        language: Some(language.code().to_owned()),
        ..metadata
    };
    Ok(Article {
        id,
        text,
        from_html,
        metadata,
        warnings,
    })
}
