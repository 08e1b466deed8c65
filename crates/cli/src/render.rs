//! The output formats of `whosaid extract`, one article at a time so that a batch can stream:
//! documents (text tables, JSON, JSON lines) and the flat statements table (CSV, Parquet).

use std::io::{self, Write};

use clap::ValueEnum;
use whosaid_article::{Act, Article};
use whosaid_extract::{Extraction, Statement};
use whosaid_index::{PreparedArticle, StatementIndex};
use whosaid_pipeline::table::{self, StatementRow};
use whosaid_pipeline::ArticleOut;

use crate::index_cmd::IndexSink;
use crate::tables::{CsvWriter, ParquetWriter};

/// How articles are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable table per article.
    Text,
    /// One pretty-printed JSON array of articles.
    Json,
    /// One compact JSON object per line, per article.
    Jsonl,
    /// The statements table: one row per statement, with its article's metadata.
    Csv,
    /// The statements table as Parquet (snappy-compressed, one row group per 64k rows).
    Parquet,
    /// Articles for `whosaid index` (not an output format).
    #[value(skip)]
    Index,
}

/// One article rendered, ready to be written in its place in the output.
pub enum Rendered {
    Document(String),
    Rows(Vec<StatementRow>),
    /// Ready to be added to the index the sink writes to.
    Indexed(PreparedArticle),
}

/// Which statements an output keeps: `whosaid extract --act … --min-confidence …`. The default
/// keeps every statement.
#[derive(Clone, Debug, Default)]
pub struct Keep {
    /// The acts kept; every act when empty.
    pub acts: Vec<Act>,
    /// The lowest confidence kept.
    pub min_confidence: f64,
}

impl Keep {
    /// Whether `statement` is written.
    pub fn keeps(&self, statement: &Statement) -> bool {
        (self.acts.is_empty() || self.acts.contains(&statement.act))
            && statement.confidence >= self.min_confidence
    }
}

/// Renders one article with the statements `keep` keeps; runs on worker threads. `index` is
/// the index the sink writes to, for [`Format::Index`] (which keeps every statement).
pub fn render(
    format: Format,
    article: Article,
    mut extraction: Extraction,
    keep: &Keep,
    index: Option<&StatementIndex>,
) -> Rendered {
    if let (Format::Index, Some(index)) = (format, index) {
        return Rendered::Indexed(index.prepare(&article, &extraction));
    }
    let kept = |statement: &Statement| keep.keeps(statement);
    if let Format::Csv | Format::Parquet = format {
        // A row's `statement` is its position among all the article's statements, whichever
        // are kept, so that it names the same statement in every run.
        let rows = table::rows(&article.id, &article.metadata, &extraction.statements);
        let rows = rows
            .into_iter()
            .zip(&extraction.statements)
            .filter(|(_, statement)| kept(statement))
            .map(|(row, _)| row)
            .collect();
        return Rendered::Rows(rows);
    }
    extraction.statements.retain(kept);
    let (article, extraction) = (&article, &extraction);
    let document = ArticleOut::new(article, extraction);
    Rendered::Document(match format {
        Format::Jsonl => {
            let mut line = serde_json::to_string(&document).expect("documents serialize");
            line.push('\n');
            line
        }
        Format::Json => {
            let pretty = serde_json::to_string_pretty(&document).expect("documents serialize");
            // JSON strings cannot hold a raw line break, so every line is the document's own.
            let mut indented = String::with_capacity(pretty.len() + pretty.len() / 8);
            for (i, line) in pretty.lines().enumerate() {
                if i > 0 {
                    indented.push('\n');
                }
                indented.push_str("  ");
                indented.push_str(line);
            }
            indented
        }
        Format::Text => table(&article.id, extraction),
        Format::Csv | Format::Parquet => unreachable!("rendered as rows above"),
        Format::Index => unreachable!("an index sink gives its index"),
    })
}

/// Where rendered articles go, with what a format needs around and between them (the brackets
/// and commas of a JSON array, blank lines between tables, a CSV header, Parquet row groups).
pub enum Sink<'i> {
    Documents {
        out: Box<dyn Write + Send>,
        format: Format,
        written: usize,
    },
    Csv(CsvWriter),
    Parquet(ParquetWriter),
    Index(IndexSink<'i>),
}

impl<'i> Sink<'i> {
    /// The index this sink writes to, if it is an index's.
    pub fn index(&self) -> Option<&'i StatementIndex> {
        match self {
            Sink::Index(sink) => Some(sink.index()),
            _ => None,
        }
    }

    pub fn new(out: Box<dyn Write + Send>, format: Format) -> io::Result<Sink<'static>> {
        Ok(match format {
            Format::Csv => Sink::Csv(CsvWriter::new(out)?),
            Format::Parquet => Sink::Parquet(ParquetWriter::new(out)?),
            _ => Sink::Documents {
                out,
                format,
                written: 0,
            },
        })
    }

    pub fn write(&mut self, rendered: Rendered) -> io::Result<()> {
        match (self, rendered) {
            (
                Sink::Documents {
                    out,
                    format,
                    written,
                },
                Rendered::Document(document),
            ) => {
                let separator = match (*format, *written) {
                    (Format::Json, 0) => "[\n",
                    (Format::Json, _) => ",\n",
                    (Format::Text, 1..) => "\n",
                    _ => "",
                };
                out.write_all(separator.as_bytes())?;
                out.write_all(document.as_bytes())?;
                *written += 1;
                Ok(())
            }
            (Sink::Csv(writer), Rendered::Rows(rows)) => writer.write(&rows),
            (Sink::Parquet(writer), Rendered::Rows(rows)) => writer.write(rows),
            (Sink::Index(index), Rendered::Indexed(article)) => index.write(article),
            _ => unreachable!("articles are rendered for the sink's format"),
        }
    }

    /// Makes what is written so far visible, before a message on stderr.
    pub fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Documents { out, .. } => out.flush(),
            Sink::Csv(writer) => writer.flush(),
            // Parquet is only readable once finished; the index commits in batches.
            Sink::Parquet(_) | Sink::Index(_) => Ok(()),
        }
    }

    pub fn finish(self) -> io::Result<()> {
        match self {
            Sink::Documents {
                mut out,
                format,
                written,
            } => {
                if format == Format::Json {
                    let end = if written == 0 { "[]\n" } else { "\n]\n" };
                    out.write_all(end.as_bytes())?;
                }
                out.flush()
            }
            Sink::Csv(writer) => writer.finish(),
            Sink::Parquet(writer) => writer.finish(),
            Sink::Index(index) => index.finish(),
        }
    }
}

const SPEAKER_WIDTH: usize = 24;
const CUE_WIDTH: usize = 16;
const CONTENT_WIDTH: usize = 80;
const UNKNOWN: &str = "(unknown)";

/// A table of one document's statements:
///
/// ```text
/// article.txt: 2 statements, 1 entity
///   SPEAKER     KIND      CUE   CONTENT
///   Mark Rutte  direct    said  “We will win,”
///   they?       indirect  told  that the alliance …
/// ```
///
/// A speaker the extractor could not resolve shows as the mention that names it followed by
/// `?`, or as `(unknown)` when there is no mention either.
fn table(id: &str, extraction: &Extraction) -> String {
    let mut out = format!(
        "{id}: {}, {}\n",
        count(extraction.statements.len(), "statement"),
        count(extraction.entities.len(), "entity"),
    );
    if extraction.statements.is_empty() {
        return out;
    }
    let rows: Vec<[String; 4]> = extraction.statements.iter().map(row).collect();
    let width = |column: usize, min: usize, max: usize| {
        rows.iter()
            .map(|row| row[column].chars().count())
            .fold(min, usize::max)
            .min(max)
    };
    let widths = [
        width(0, "SPEAKER".len(), SPEAKER_WIDTH),
        width(1, "indirect".len(), usize::MAX),
        width(2, "CUE".len(), CUE_WIDTH),
    ];
    let header = ["SPEAKER", "KIND", "CUE", "CONTENT"].map(str::to_owned);
    for row in std::iter::once(&header).chain(&rows) {
        out.push_str("  ");
        for (cell, width) in row.iter().zip(widths) {
            let cell = truncate(cell, width);
            let pad = width - cell.chars().count();
            out.push_str(&cell);
            out.push_str(&" ".repeat(pad + 2));
        }
        out.push_str(&truncate(&row[3], CONTENT_WIDTH));
        out.push('\n');
    }
    out
}

fn row(statement: &Statement) -> [String; 4] {
    let speaker = match (&statement.speaker, statement.sources.first()) {
        (Some(speaker), _) => one_line(&speaker.name),
        (None, Some(source)) => format!("{}?", one_line(&source.text)),
        (None, None) => UNKNOWN.to_owned(),
    };
    let kind = statement.kind.name().to_owned();
    let cue = statement
        .cue
        .as_ref()
        .map_or("-".to_owned(), |cue| one_line(&cue.text));
    // Parts of a quote interrupted by its cue, read as one.
    let content = statement
        .contents
        .iter()
        .map(|span| one_line(&span.text))
        .collect::<Vec<_>>()
        .join(" … ");
    [speaker, kind, cue, content]
}

/// The text on one line: every run of whitespace (line breaks included) becomes one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` chars, ending with `…` when cut.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

fn count(n: usize, noun: &str) -> String {
    match (n, noun) {
        (1, _) => format!("1 {noun}"),
        (_, "entity") => format!("{n} entities"),
        _ => format!("{n} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use whosaid_article::Metadata;
    use whosaid_extract::{Span, StatementKind};

    fn span(text: &str) -> Span {
        Span {
            start: 0,
            end: text.chars().count(),
            text: text.to_owned(),
        }
    }

    fn statement(source: Option<&str>, content: &str) -> Statement {
        Statement {
            kind: StatementKind::Direct,
            cue: Some(span("said")),
            contents: vec![span(content)],
            sources: source.map(span).into_iter().collect(),
            speaker: None,
            speakers: Vec::new(),
            act: whosaid_article::Act::Speech,
            addressee: None,
            medium: None,
            confidence: 0.9,
            voice: Default::default(),
        }
    }

    #[test]
    fn table_shows_unresolved_and_unknown_speakers_and_cuts_long_content() {
        let long = "word ".repeat(40);
        let extraction = Extraction {
            statements: vec![
                statement(Some("she"), "“We will\nwin,”"),
                statement(None, &long),
            ],
            entities: Vec::new(),
        };
        let table = table("a.txt", &extraction);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[0], "a.txt: 2 statements, 0 entities");
        assert!(lines[2].starts_with("  she?"), "{table}");
        assert!(lines[2].ends_with("“We will win,”"), "{table}");
        assert!(lines[3].starts_with("  (unknown)"), "{table}");
        assert!(lines[3].ends_with("word…"), "{table}");
    }

    fn article(id: &str) -> Article {
        Article {
            id: id.to_owned(),
            text: String::new(),
            from_html: false,
            metadata: Metadata {
                language: Some("eng".to_owned()),
                ..Metadata::default()
            },
            warnings: Vec::new(),
        }
    }

    fn document(rendered: Rendered) -> String {
        match rendered {
            Rendered::Document(document) => document,
            _ => panic!("not a document"),
        }
    }

    #[test]
    fn json_documents_flatten_the_extraction() {
        let rendered = render(
            Format::Jsonl,
            article("-"),
            Extraction::default(),
            &Keep::default(),
            None,
        );
        assert_eq!(
            document(rendered),
            "{\"id\":\"-\",\"metadata\":{\"language\":\"eng\"},\"statements\":[],\"entities\":[]}\n"
        );
    }

    #[test]
    fn json_output_is_one_array() {
        let path = tempfile::NamedTempFile::new().unwrap();
        let file = std::fs::File::create(path.path()).unwrap();
        let mut sink = Sink::new(Box::new(file), Format::Json).unwrap();
        for id in ["a", "b"] {
            sink.write(render(
                Format::Json,
                article(id),
                Extraction::default(),
                &Keep::default(),
                None,
            ))
            .unwrap();
        }
        sink.finish().unwrap();
        let value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path.path()).unwrap()).unwrap();
        assert_eq!(value[1]["id"], "b");

        let empty = tempfile::NamedTempFile::new().unwrap();
        let file = std::fs::File::create(empty.path()).unwrap();
        Sink::new(Box::new(file), Format::Json)
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(std::fs::read(empty.path()).unwrap(), b"[]\n");
    }
}
