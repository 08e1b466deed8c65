//! JSON lines: one article per line, as crawlers and data exports write them, or one article
//! with its statements per line, as `whosaid extract` writes them ([`read_document`]).

use std::io::BufRead;

use serde_json::Value;

use crate::gzip;
use crate::limited::{self, Line};
use serde::Deserialize;
use whosaid_article::{Article, Entity, Extraction, Statement};

use crate::{DateKind, Metadata, Payload, Record, Skip, SkipReason};

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Which fields of a JSON line hold the text and the metadata. A name may be a dotted path
/// into nested objects (`article.body`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonFields {
    /// The field with the article text.
    pub text: String,
    /// The field with the title.
    pub title: String,
    /// The field with the URL.
    pub url: String,
    /// The field with the date.
    pub date: String,
}

impl Default for JsonFields {
    fn default() -> JsonFields {
        JsonFields {
            text: "text".to_owned(),
            title: "title".to_owned(),
            url: "url".to_owned(),
            date: "date".to_owned(),
        }
    }
}

/// The lines of one JSON lines stream, as records.
pub struct JsonlRecords {
    reader: Box<dyn BufRead + Send>,
    name: String,
    fields: JsonFields,
    max_bytes: u64,
    line_number: u64,
    line: Vec<u8>,
    finished: bool,
    /// Whether the lines are documents `whosaid extract` wrote, handed on whole as
    /// [`Payload::Document`] for a worker to read.
    documents: bool,
}

impl JsonlRecords {
    pub fn new(
        reader: Box<dyn BufRead + Send>,
        name: String,
        fields: JsonFields,
        max_bytes: u64,
    ) -> JsonlRecords {
        JsonlRecords {
            reader,
            name,
            fields,
            max_bytes,
            line_number: 0,
            line: Vec::new(),
            finished: false,
            documents: false,
        }
    }

    /// The lines of a stream of documents as `whosaid extract --format jsonl` writes them.
    pub fn documents(
        reader: Box<dyn BufRead + Send>,
        name: String,
        max_bytes: u64,
    ) -> JsonlRecords {
        JsonlRecords {
            documents: true,
            ..JsonlRecords::new(reader, name, JsonFields::default(), max_bytes)
        }
    }

    fn parse(&self, id: String, bytes: u64) -> Result<Record, Skip> {
        let bad = |detail: String| Skip::new(id.clone(), SkipReason::BadJson, detail);
        let value: Value =
            serde_json::from_slice(&self.line).map_err(|err| bad(format!("not JSON: {err}")))?;
        if !value.is_object() {
            return Err(bad("not a JSON object".to_owned()));
        }
        let text = match field(&value, &self.fields.text) {
            Some(Value::String(text)) => text.clone(),
            Some(_) => return Err(bad(format!("field {:?} is not a string", self.fields.text))),
            None if value.get("statements").is_some() => {
                return Err(bad(format!(
                    "no field {:?}, but statements: a document `whosaid extract` wrote? \
                     (--input-format extracted reads those)",
                    self.fields.text
                )))
            }
            None => return Err(bad(format!("no field {:?}", self.fields.text))),
        };
        let string = |name: &str| match field(&value, name) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let date = string(&self.fields.date);
        let metadata = Metadata {
            title: string(&self.fields.title),
            url: string(&self.fields.url),
            date_kind: date.as_ref().map(|_| DateKind::Given),
            date,
            ..Metadata::default()
        };
        Ok(Record {
            id,
            payload: Payload::Decoded(text),
            metadata,
            bytes,
        })
    }
}

/// A document as `whosaid extract --format jsonl` writes it (`ArticleOut` in
/// whosaid-pipeline).
#[derive(Deserialize)]
struct Document {
    id: String,
    #[serde(default)]
    metadata: Metadata,
    /// Present when the text is not the input as the user has it (taken out of HTML).
    #[serde(default)]
    text: Option<String>,
    statements: Vec<Statement>,
    #[serde(default)]
    entities: Vec<Entity>,
}

/// Reads a document `whosaid extract` wrote ([`Payload::Document`]) back into its article and
/// extraction. The article keeps the document's id (what the extraction named it), and its
/// text only when the document carries one (pages taken out of HTML); a line that is no such
/// document is skipped as bad JSON, saying what is wrong with it.
pub fn read_document(id: &str, line: &[u8]) -> Result<(Article, Extraction), Skip> {
    let document: Document = serde_json::from_slice(line).map_err(|err| {
        Skip::new(
            id,
            SkipReason::BadJson,
            format!("not a document whosaid extract wrote: {err}"),
        )
    })?;
    let article = Article {
        id: document.id,
        from_html: document.text.is_some(),
        text: document.text.unwrap_or_default(),
        metadata: document.metadata,
        warnings: Vec::new(),
    };
    let extraction = Extraction {
        statements: document.statements,
        entities: document.entities,
    };
    Ok((article, extraction))
}

fn field<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |value, key| value.get(key))
}

impl Iterator for JsonlRecords {
    type Item = Result<Record, Skip>;

    fn next(&mut self) -> Option<Self::Item> {
        let max = usize::try_from(self.max_bytes).unwrap_or(usize::MAX);
        loop {
            if self.finished {
                return None;
            }
            self.line_number += 1;
            let id = format!("{}:{}", self.name, self.line_number);
            let mut line = std::mem::take(&mut self.line);
            let read = limited::read_line(&mut self.reader, &mut line, max);
            self.line = line;
            match read {
                Err(err) => {
                    // Damage in the gzip stream below costs the line being read; the lines
                    // after it are read on (their numbers count the lines read).
                    if !gzip::is_damage(&err) {
                        self.finished = true;
                    }
                    return Some(Err(crate::input::read_failure(&id, &err)));
                }
                Ok(Line::End) => {
                    self.finished = true;
                    return None;
                }
                Ok(Line::TooLong(n)) => {
                    let detail = format!(
                        "line of {} is over the limit of {}",
                        crate::human_bytes(n),
                        crate::human_bytes(self.max_bytes)
                    );
                    return Some(Err(Skip::new(id, SkipReason::TooLarge, detail)));
                }
                Ok(Line::Read(n)) => {
                    if self.line_number == 1 && self.line.starts_with(BOM) {
                        // Editors on Windows start UTF-8 files with a byte-order mark, which
                        // is no part of the JSON.
                        self.line.drain(..BOM.len());
                    }
                    if self.line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    if self.documents {
                        return Some(Ok(Record {
                            id,
                            payload: Payload::Document(std::mem::take(&mut self.line)),
                            metadata: Metadata::default(),
                            bytes: n,
                        }));
                    }
                    return Some(self.parse(id, n));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, fields: JsonFields) -> Vec<Result<Record, Skip>> {
        let reader = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        JsonlRecords::new(reader, "a.jsonl".to_owned(), fields, 1 << 20).collect()
    }

    #[test]
    fn lines_become_records_and_bad_lines_are_named() {
        let input = "{\"text\": \"He said so.\", \"title\": \"T\", \"date\": \"2024-01-02\"}\n\
                     \n\
                     not json\n\
                     [1, 2]\n\
                     {\"body\": \"x\"}\n\
                     {\"text\": 3}\n";
        let records = read(input, JsonFields::default());
        assert_eq!(records.len(), 5);
        let first = records[0].as_ref().unwrap();
        assert_eq!(first.id, "a.jsonl:1");
        assert_eq!(first.metadata.title.as_deref(), Some("T"));
        assert_eq!(first.metadata.date_kind, Some(DateKind::Given));
        let skips: Vec<String> = records[1..]
            .iter()
            .map(|r| {
                let skip = r.as_ref().unwrap_err();
                assert_eq!(skip.reason, SkipReason::BadJson);
                skip.id.clone()
            })
            .collect();
        assert_eq!(skips, ["a.jsonl:3", "a.jsonl:4", "a.jsonl:5", "a.jsonl:6"]);
    }

    #[test]
    fn fields_can_be_renamed_and_nested() {
        let fields = JsonFields {
            text: "article.body".to_owned(),
            ..JsonFields::default()
        };
        let records = read("{\"article\": {\"body\": \"Hi.\"}, \"url\": \"u\"}", fields);
        let record = records[0].as_ref().unwrap();
        assert!(matches!(&record.payload, Payload::Decoded(text) if text == "Hi."));
        assert_eq!(record.metadata.url.as_deref(), Some("u"));
    }

    #[test]
    fn a_byte_order_mark_does_not_cost_the_first_line() {
        let records = read(
            "\u{FEFF}{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n",
            JsonFields::default(),
        );
        assert_eq!(records.len(), 2);
        let first = records[0].as_ref().expect("the first line is read");
        assert!(matches!(&first.payload, Payload::Decoded(text) if text == "One."));
        assert_eq!(first.id, "a.jsonl:1");
    }

    #[test]
    fn documents_are_read_back_whole_and_other_lines_are_named() {
        let document = r#"{"id":"in.txt","metadata":{"url":"https://a.example/x","date":"2024-01-02","date_kind":"given","language":"eng"},"statements":[],"entities":[]}"#;
        let page = r#"{"id":"p.html","metadata":{},"text":"Body.","statements":[]}"#;
        let input = format!("{document}\n\n{page}\n{{\"id\": 3}}\n{{\"text\": \"x\"}}\n");
        let reader = Box::new(std::io::Cursor::new(input.into_bytes()));
        let records: Vec<Record> = JsonlRecords::documents(reader, "d.jsonl".to_owned(), 1 << 20)
            .map(|record| record.expect("lines are handed on whole"))
            .collect();
        let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["d.jsonl:1", "d.jsonl:3", "d.jsonl:4", "d.jsonl:5"]);
        let read: Vec<Result<(Article, Extraction), Skip>> = records
            .iter()
            .map(|record| match &record.payload {
                Payload::Document(line) => read_document(&record.id, line),
                other => panic!("not a document: {other:?}"),
            })
            .collect();
        let (article, _) = read[0].as_ref().unwrap();
        assert_eq!(article.id, "in.txt");
        assert_eq!(article.metadata.url.as_deref(), Some("https://a.example/x"));
        assert_eq!(article.metadata.date_kind, Some(DateKind::Given));
        assert!(!article.from_html && article.text.is_empty());
        let (page, _) = read[1].as_ref().unwrap();
        assert!(page.from_html && page.text == "Body.");
        for bad in &read[2..] {
            let skip = bad.as_ref().unwrap_err();
            assert_eq!(skip.reason, SkipReason::BadJson);
            assert!(skip.detail.starts_with("not a document"), "{}", skip.detail);
        }
        assert_eq!(read[3].as_ref().unwrap_err().id, "d.jsonl:5");
    }
}
