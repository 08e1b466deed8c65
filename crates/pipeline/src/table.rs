//! The flat statements table: one row per statement, with its article's metadata, for people
//! who load results into pandas, Polars, Spark or a spreadsheet. The CSV and Parquet outputs
//! and the Python bindings all take their columns from [`COLUMNS`], so they cannot drift apart.
//!
//! A statement with several content spans (a quote interrupted by its cue) has them joined with
//! " … " in `content`, with `content_start` the first span's start and `content_end` the last
//! span's end. Offsets count chars in the article's text, as in the JSON output.

use whosaid_article::{Metadata, Span, Statement};

/// One statement with its article's metadata.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatementRow {
    /// The article's id (path, `path:LINE`, `path@OFFSET`).
    pub article_id: String,
    /// The article's URL.
    pub url: Option<String>,
    /// The article's title.
    pub title: Option<String>,
    /// The site or outlet.
    pub site: Option<String>,
    /// The byline.
    pub byline: Option<String>,
    /// The date as the source gives it.
    pub date: Option<String>,
    /// What the date is: "published", "crawled" or "given".
    pub date_kind: Option<String>,
    /// The detected language (ISO 639-3).
    pub language: Option<String>,
    /// The statement's position in its article, from 0.
    pub statement: i64,
    /// "direct", "mixed" or "indirect".
    pub kind: String,
    /// What the attribution reports: "speech", "thought" or "other".
    pub act: String,
    /// The speaker's name.
    pub speaker: Option<String>,
    /// The speaker's type: "person", "organisation", "place" or "group".
    pub speaker_type: Option<String>,
    /// The speaker's roles joined with "; ".
    pub speaker_roles: Option<String>,
    /// What kind of speaker it is: "politician", "government_official", "spokesperson" …
    pub speaker_category: Option<String>,
    /// The speaker's gender as the article states it: "female", "male" or "unknown".
    pub speaker_gender: Option<String>,
    /// 1 when the article deliberately leaves the speaker unnamed, else 0.
    pub anonymous: Option<i64>,
    /// The time expression that says when it was said ("on Tuesday"), when the text has one.
    pub said_at: Option<String>,
    /// The first day it names (`YYYY-MM-DD`), when known.
    pub said_start: Option<String>,
    /// The last day it names.
    pub said_end: Option<String>,
    /// The first source mention, as written.
    pub source: Option<String>,
    /// Where the source mention starts (chars).
    pub source_start: Option<i64>,
    /// Where the source mention ends (chars, exclusive).
    pub source_end: Option<i64>,
    /// The cue.
    pub cue: Option<String>,
    /// Where the cue starts.
    pub cue_start: Option<i64>,
    /// Where the cue ends.
    pub cue_end: Option<i64>,
    /// To whom it was said, as the index keys it ("Financial Times", "reporters").
    pub addressee: Option<String>,
    /// The kind of channel it was said through: "statement", "interview", "social_media" …
    pub medium: Option<String>,
    /// The words naming the channel ("in a statement", "on Twitter"), when the text has them
    /// (a medium given only by the cue, as "testified" gives testimony, has none).
    pub medium_text: Option<String>,
    /// The content, its spans joined by ` … `.
    pub content: String,
    /// Where the first content span starts.
    pub content_start: Option<i64>,
    /// Where the last content span ends.
    pub content_end: Option<i64>,
    /// The extractor's confidence, in [0, 1].
    pub confidence: f64,
}

/// The rows of one article's statements.
pub fn rows(article_id: &str, metadata: &Metadata, statements: &[Statement]) -> Vec<StatementRow> {
    statements
        .iter()
        .enumerate()
        .map(|(index, statement)| row(article_id, metadata, index, statement))
        .collect()
}

fn row(article_id: &str, metadata: &Metadata, index: usize, statement: &Statement) -> StatementRow {
    let source = statement.sources.first();
    let speaker = statement.speaker.as_ref();
    let content = statement.content_text();
    let medium = statement.medium.as_ref();
    let said = statement.voice.said_at.as_ref();
    StatementRow {
        article_id: article_id.to_owned(),
        url: metadata.url.clone(),
        title: metadata.title.clone(),
        site: metadata.site.clone(),
        byline: metadata.byline.clone(),
        date: metadata.date.clone(),
        date_kind: metadata.date_kind.map(|kind| kind.name().to_owned()),
        language: metadata.language.clone(),
        statement: index as i64,
        kind: statement.kind.name().to_owned(),
        act: statement.act.name().to_owned(),
        speaker: speaker.map(|s| s.name.clone()),
        speaker_type: speaker.map(|s| s.entity_type.name().to_owned()),
        speaker_roles: speaker
            .filter(|s| !s.roles.is_empty())
            .map(|s| s.roles.join("; ")),
        speaker_category: Some(statement.voice.speaker_category.name().to_owned()),
        speaker_gender: Some(statement.voice.speaker_gender.name().to_owned()),
        anonymous: Some(i64::from(statement.voice.anonymous)),
        said_at: said.map(|said| said.span.text.clone()),
        said_start: said.and_then(|said| said.start.clone()),
        said_end: said.and_then(|said| said.end.clone()),
        source: source.map(|span| span.text.clone()),
        source_start: start(source),
        source_end: end(source),
        cue: statement.cue.as_ref().map(|span| span.text.clone()),
        cue_start: start(statement.cue.as_ref()),
        cue_end: end(statement.cue.as_ref()),
        addressee: statement.addressee.as_ref().map(|a| a.name.clone()),
        medium: medium.map(|m| m.medium_type.name().to_owned()),
        medium_text: medium
            .and_then(|m| m.span.as_ref())
            .map(|span| span.text.clone()),
        content,
        content_start: start(statement.contents.first()),
        content_end: end(statement.contents.last()),
        confidence: statement.confidence,
    }
}

fn start(span: Option<&Span>) -> Option<i64> {
    span.map(|span| span.start as i64)
}

fn end(span: Option<&Span>) -> Option<i64> {
    span.map(|span| span.end as i64)
}

/// A column's type, as Parquet and Arrow know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text, nullable.
    Text,
    /// 64-bit integer, nullable.
    Integer,
    /// 64-bit float, never null.
    Float,
}

/// A cell of the table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell<'a> {
    /// Text, maybe null.
    Text(Option<&'a str>),
    /// An integer, maybe null.
    Integer(Option<i64>),
    /// A float.
    Float(f64),
}

/// A column: its name, type and how to read it from a row.
pub struct Column {
    /// The column's name, as in the CSV header and the Parquet schema.
    pub name: &'static str,
    /// Its type.
    pub column_type: ColumnType,
    /// Reads the column's cell from a row.
    pub cell: fn(&StatementRow) -> Cell<'_>,
}

macro_rules! text {
    ($name:ident) => {
        Column {
            name: stringify!($name),
            column_type: ColumnType::Text,
            cell: |row| Cell::Text(row.$name.as_deref()),
        }
    };
}

macro_rules! integer {
    ($name:ident) => {
        Column {
            name: stringify!($name),
            column_type: ColumnType::Integer,
            cell: |row| Cell::Integer(row.$name),
        }
    };
}

/// Every column, in order.
pub const COLUMNS: &[Column] = &[
    Column {
        name: "article_id",
        column_type: ColumnType::Text,
        cell: |row| Cell::Text(Some(&row.article_id)),
    },
    text!(url),
    text!(title),
    text!(site),
    text!(byline),
    text!(date),
    text!(date_kind),
    text!(language),
    Column {
        name: "statement",
        column_type: ColumnType::Integer,
        cell: |row| Cell::Integer(Some(row.statement)),
    },
    Column {
        name: "kind",
        column_type: ColumnType::Text,
        cell: |row| Cell::Text(Some(&row.kind)),
    },
    Column {
        name: "act",
        column_type: ColumnType::Text,
        cell: |row| Cell::Text(Some(&row.act)),
    },
    text!(speaker),
    text!(speaker_type),
    text!(speaker_roles),
    text!(speaker_category),
    text!(speaker_gender),
    integer!(anonymous),
    text!(said_at),
    text!(said_start),
    text!(said_end),
    text!(source),
    integer!(source_start),
    integer!(source_end),
    text!(cue),
    integer!(cue_start),
    integer!(cue_end),
    text!(addressee),
    text!(medium),
    text!(medium_text),
    Column {
        name: "content",
        column_type: ColumnType::Text,
        cell: |row| Cell::Text(Some(&row.content)),
    },
    integer!(content_start),
    integer!(content_end),
    Column {
        name: "confidence",
        column_type: ColumnType::Float,
        cell: |row| Cell::Float(row.confidence),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use whosaid_article::{
        Act, Addressee, DateKind, EntityType, Gender, Medium, MediumType, SaidAt, Speaker,
        SpeakerCategory, StatementKind, Voice,
    };

    fn span(start: usize, text: &str) -> Span {
        Span {
            start,
            end: start + text.chars().count(),
            text: text.to_owned(),
        }
    }

    #[test]
    fn a_statement_becomes_one_row_with_its_article() {
        let statement = Statement {
            kind: StatementKind::Direct,
            cue: Some(span(12, "said")),
            contents: vec![span(0, "“We will,”"), span(22, "“win.”")],
            sources: vec![span(17, "she")],
            speaker: Some(Speaker {
                entity: 0,
                name: "Anna Berg".to_owned(),
                entity_type: EntityType::Person,
                roles: vec!["Foreign Minister".to_owned()],
            }),
            speakers: Vec::new(),
            act: whosaid_article::Act::Speech,
            addressee: None,
            medium: None,
            confidence: 0.9,
            voice: Default::default(),
        };
        let metadata = Metadata {
            url: Some("https://x.example/a".to_owned()),
            date: Some("2024-11-25".to_owned()),
            date_kind: Some(DateKind::Published),
            ..Metadata::default()
        };
        let rows = rows("a.html", &metadata, &[statement]);
        let row = &rows[0];
        assert_eq!(row.content, "“We will,” … “win.”");
        assert_eq!((row.content_start, row.content_end), (Some(0), Some(28)));
        assert_eq!(row.speaker_roles.as_deref(), Some("Foreign Minister"));
        assert_eq!(row.date_kind.as_deref(), Some("published"));
        let cells: Vec<Cell> = COLUMNS.iter().map(|column| (column.cell)(row)).collect();
        assert_eq!(cells[0], Cell::Text(Some("a.html")));
        assert_eq!(cells.len(), COLUMNS.len());
        for (column, cell) in COLUMNS.iter().zip(&cells) {
            let matches = matches!(
                (column.column_type, cell),
                (ColumnType::Text, Cell::Text(_))
                    | (ColumnType::Integer, Cell::Integer(_))
                    | (ColumnType::Float, Cell::Float(_))
            );
            assert!(matches, "{} has a {cell:?}", column.name);
        }
        // A statement that says nothing of its addressee or medium has empty cells for them.
        assert_eq!(cell(row, "act"), Cell::Text(Some("speech")));
        for name in ["addressee", "medium", "medium_text"] {
            assert_eq!(cell(row, name), Cell::Text(None), "{name}");
        }
    }

    /// The cell of the column named `name`.
    fn cell<'r>(row: &'r StatementRow, name: &str) -> Cell<'r> {
        let column = COLUMNS.iter().find(|c| c.name == name);
        (column.unwrap_or_else(|| panic!("no column {name}")).cell)(row)
    }

    #[test]
    fn a_row_says_the_act_the_voice_the_addressee_and_the_medium() {
        let statement = Statement {
            kind: StatementKind::Indirect,
            cue: Some(span(10, "told")),
            contents: vec![span(35, "that the alliance would hold")],
            sources: vec![span(0, "Anna Berg")],
            speaker: None,
            speakers: Vec::new(),
            act: Act::Thought,
            addressee: Some(Addressee {
                span: span(15, "the Financial Times"),
                name: "Financial Times".to_owned(),
            }),
            medium: Some(Medium {
                span: Some(span(64, "in an interview")),
                medium_type: MediumType::PressConference,
            }),
            confidence: 0.8,
            voice: Voice {
                anonymous: true,
                speaker_category: SpeakerCategory::GovernmentOfficial,
                speaker_gender: Gender::Female,
                said_at: Some(SaidAt {
                    span: span(50, "on Tuesday"),
                    start: Some("2024-11-26".to_owned()),
                    end: Some("2024-11-26".to_owned()),
                }),
            },
        };
        let rows = rows(
            "a.txt",
            &Metadata::default(),
            std::slice::from_ref(&statement),
        );
        let row = &rows[0];
        assert_eq!(cell(row, "act"), Cell::Text(Some("thought")));
        assert_eq!(cell(row, "anonymous"), Cell::Integer(Some(1)));
        assert_eq!(
            cell(row, "speaker_category"),
            Cell::Text(Some("government_official"))
        );
        assert_eq!(cell(row, "speaker_gender"), Cell::Text(Some("female")));
        assert_eq!(cell(row, "said_at"), Cell::Text(Some("on Tuesday")));
        assert_eq!(cell(row, "said_start"), Cell::Text(Some("2024-11-26")));
        assert_eq!(cell(row, "addressee"), Cell::Text(Some("Financial Times")));
        assert_eq!(cell(row, "medium"), Cell::Text(Some("press_conference")));
        assert_eq!(
            cell(row, "medium_text"),
            Cell::Text(Some("in an interview"))
        );
        // A medium that only the cue gives has a type and no words.
        let cue_only = Statement {
            medium: Some(Medium {
                span: None,
                medium_type: MediumType::Testimony,
            }),
            ..statement
        };
        let rows = super::rows("a.txt", &Metadata::default(), &[cue_only]);
        assert_eq!(rows[0].medium.as_deref(), Some("testimony"));
        assert_eq!(rows[0].medium_text, None);
    }
}
