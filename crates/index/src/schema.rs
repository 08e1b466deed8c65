//! The tantivy schema of a statement index: one document per statement, with its article's
//! metadata copied in, so that a search needs no join.

use tantivy::columnar::StrColumn;
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, Schema, TantivyDocument, Value, FAST, INDEXED, STORED,
    STRING, TEXT,
};
use tantivy::{DocId, SegmentReader};

/// What the stored documents are written by. A commit carries it as its payload; an index
/// written by another version of the rules (identities, quote groups) or of the fields
/// (version 3 added act, addressee and medium; version 4 made the fields a speaker's page and
/// the speakers are read from columnar, and groups quotes another way; version 5 added the
/// speaker's anonymity, kind and gender, when it was said and the article's month; version 6
/// names a quote group by its variants, not its statements; version 7 finds a statement by
/// its article and number, and keeps neither its id nor its group as a column) must be
/// rebuilt, since its documents would disagree with what this version computes and reads.
pub(crate) const FORMAT: &str = "whosaid-index 7";

#[derive(Clone, Copy)]
pub(crate) struct Fields {
    /// `{article}#{number}`: the statement's id, unique in the index. Stored only: a term or
    /// a column value per document is a dictionary that every merge builds again, and
    /// `article` with `number` find a statement and give its id from columns.
    pub statement: Field,
    /// The article's key (its URL, else a hash of its text): what replacing an article deletes.
    pub article: Field,
    /// The statement's place among its article's statements, from 0.
    pub number: Field,
    /// The record id the article was read as (`path@offset`).
    pub article_id: Field,
    pub url: Field,
    pub title: Field,
    pub outlet: Field,
    pub date: Field,
    pub date_kind: Field,
    pub kind: Field,
    /// Derived: the speaker's identity across articles (see `speakers`).
    pub speaker: Field,
    /// The speaker's name as the article gives it; searchable.
    pub alias: Field,
    /// The speaker's entity type as the extractor gave it ("person", "organisation", …).
    pub speaker_type: Field,
    pub roles: Field,
    pub source: Field,
    pub cue: Field,
    pub content: Field,
    /// Derived: the quote group (see `quotes`). Not a column, for the reason `statement` is
    /// not: with one carrier a quote, nearly every statement is a group of its own.
    pub quote: Field,
    pub confidence: Field,
    /// What the attribution reports: "speech", "thought" or "other".
    pub act: Field,
    /// The kind of channel ("statement", "social_media" …), when the text gives one.
    pub medium: Field,
    /// The words naming the channel, as written ("in a statement").
    pub medium_text: Field,
    /// To whom it was said, as the extractor keys it ("Financial Times"); a filter takes it
    /// exactly.
    pub addressee: Field,
    /// "true" when the article deliberately leaves the speaker unnamed, else "false".
    pub anonymous: Field,
    /// The kind of speaker ("politician", "government_official" …).
    pub category: Field,
    /// The speaker's gender as the article states it: "female", "male" or "unknown".
    pub gender: Field,
    /// The article's month, `YYYY-MM` (UTC), when it has a date: what statistics count by.
    pub month: Field,
    /// When the statement was made: the first day the text gives for it, else the article's
    /// date; what a quote's provenance orders its carriers by.
    pub said: Field,
    /// Which of the two `said` is: "text" or "published".
    pub said_basis: Field,
    /// The time expression that says when ("on Tuesday"), as written.
    pub said_text: Field,
    /// The first and last day (`YYYY-MM-DD`) the expression names, when they are known.
    pub said_start: Field,
    pub said_end: Field,
}

pub(crate) fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fast_string = STRING | STORED | FAST;
    let date = DateOptions::from(INDEXED)
        .set_stored()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    let fields = Fields {
        statement: builder.add_text_field("statement", STORED),
        article: builder.add_text_field("article", fast_string.clone()),
        article_id: builder.add_text_field("article_id", STORED),
        url: builder.add_text_field("url", STRING | STORED),
        title: builder.add_text_field("title", TEXT | STORED),
        outlet: builder.add_text_field("outlet", fast_string.clone()),
        date: builder.add_date_field("date", date.clone()),
        date_kind: builder.add_text_field("date_kind", STORED),
        kind: builder.add_text_field("kind", fast_string.clone()),
        speaker: builder.add_text_field("speaker", fast_string.clone()),
        alias: builder.add_text_field("alias", TEXT | STORED | FAST),
        speaker_type: builder.add_text_field("speaker_type", STORED | FAST),
        roles: builder.add_text_field("roles", STORED | FAST),
        source: builder.add_text_field("source", STORED),
        cue: builder.add_text_field("cue", STORED),
        content: builder.add_text_field("content", TEXT | STORED),
        quote: builder.add_text_field("quote", STRING | STORED),
        confidence: builder.add_f64_field("confidence", STORED),
        // Added last, so that the schema of version 2 is this one without them.
        act: builder.add_text_field("act", fast_string.clone()),
        medium: builder.add_text_field("medium", fast_string.clone()),
        medium_text: builder.add_text_field("medium_text", STORED),
        addressee: builder.add_text_field("addressee", fast_string.clone()),
        anonymous: builder.add_text_field("anonymous", fast_string.clone()),
        category: builder.add_text_field("category", fast_string.clone()),
        gender: builder.add_text_field("gender", fast_string.clone()),
        month: builder.add_text_field("month", fast_string),
        said: builder.add_date_field("said", date.clone()),
        said_basis: builder.add_text_field("said_basis", STORED),
        said_text: builder.add_text_field("said_text", STORED),
        said_start: builder.add_text_field("said_start", STORED),
        said_end: builder.add_text_field("said_end", STORED),
        number: builder.add_u64_field("number", INDEXED | STORED | FAST),
    };
    (builder.build(), fields)
}

/// The id of statement `number` of the article keyed `article`: `{article}#{number}`.
pub(crate) fn statement_id(article: &str, number: u64) -> String {
    format!("{article}#{number}")
}

/// The article key and number a [`statement_id`] was made of. The number follows the last
/// `#`, since an article key may hold one (a record id's path).
pub(crate) fn statement_parts(id: &str) -> Option<(&str, u64)> {
    let (article, number) = id.rsplit_once('#')?;
    Some((article, number.parse().ok()?))
}

/// A segment's text column (a fast field) with the terms of the documents asked for read
/// once: the values of a document without reading the stored document.
pub(crate) struct TextColumn {
    column: StrColumn,
    /// The terms read: every term of the column, by ordinal, when `ords` is `None`; else the
    /// terms of the ordinals in `ords`, in the same order.
    terms: Vec<String>,
    /// The ordinals read, sorted, unless all were.
    ords: Option<Vec<u64>>,
}

impl TextColumn {
    /// The column of `field` in `segment` with every term read; `None` if the segment has
    /// none (no document in it has a value). For reading every document of the segment.
    pub fn open(segment: &SegmentReader, field: &str) -> tantivy::Result<Option<TextColumn>> {
        let Some(column) = segment.fast_fields().str(field)? else {
            return Ok(None);
        };
        TextColumn::all_terms(column).map(Some)
    }

    /// The column of `field` in `segment`, with the terms of `docs` read; `None` if the
    /// segment has none. Only the dictionary blocks that hold those terms are read, so the
    /// cost follows the documents, not the segment: a column of statement ids has as many
    /// terms as the segment has documents.
    pub fn open_for(
        segment: &SegmentReader,
        field: &str,
        docs: &[DocId],
    ) -> tantivy::Result<Option<TextColumn>> {
        let Some(column) = segment.fast_fields().str(field)? else {
            return Ok(None);
        };
        let mut ords: Vec<u64> = docs.iter().flat_map(|&doc| column.term_ords(doc)).collect();
        ords.sort_unstable();
        ords.dedup();
        // Most of the terms: one pass over the whole dictionary is cheaper than seeking.
        if ords.len() >= column.num_terms() / 4 {
            return TextColumn::all_terms(column).map(Some);
        }
        let mut terms = Vec::with_capacity(ords.len());
        column.dictionary().sorted_ords_to_term_cb(&ords, |term| {
            terms.push(String::from_utf8_lossy(term).into_owned());
        })?;
        Ok(Some(TextColumn {
            column,
            terms,
            ords: Some(ords),
        }))
    }

    fn all_terms(column: StrColumn) -> tantivy::Result<TextColumn> {
        let mut terms = Vec::with_capacity(column.num_terms());
        let mut stream = column.dictionary().stream()?;
        while stream.advance() {
            terms.push(String::from_utf8_lossy(stream.key()).into_owned());
        }
        Ok(TextColumn {
            column,
            terms,
            ords: None,
        })
    }

    /// A document's values (of a document whose terms were read).
    pub fn values(&self, doc: DocId) -> impl Iterator<Item = &str> + '_ {
        self.indices(doc).map(|at| self.terms[at].as_str())
    }

    /// A document's first value.
    pub fn first(&self, doc: DocId) -> Option<&str> {
        self.values(doc).next()
    }

    /// The places of a document's values among the terms read (below
    /// [`TextColumn::terms_read`]): to count documents by value with a number per value
    /// rather than a string per document.
    pub fn indices(&self, doc: DocId) -> impl Iterator<Item = usize> + '_ {
        self.column.term_ords(doc).filter_map(|ord| {
            let at = match &self.ords {
                None => usize::try_from(ord).ok()?,
                Some(ords) => ords.binary_search(&ord).ok()?,
            };
            (at < self.terms.len()).then_some(at)
        })
    }

    /// How many terms were read.
    pub fn terms_read(&self) -> usize {
        self.terms.len()
    }

    /// The term read at a place ([`TextColumn::indices`]).
    pub fn term(&self, at: usize) -> &str {
        &self.terms[at]
    }
}

/// The first value of a text field.
pub(crate) fn text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|value| value.as_str())
        .map(str::to_owned)
}

/// Every value of a text field.
pub(crate) fn texts(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|value| value.as_str())
        .map(str::to_owned)
        .collect()
}

/// A date field, as seconds since the epoch.
pub(crate) fn date_of(doc: &TantivyDocument, field: Field) -> Option<i64> {
    doc.get_first(field)
        .and_then(|value| value.as_datetime())
        .map(|date| date.into_timestamp_secs())
}
