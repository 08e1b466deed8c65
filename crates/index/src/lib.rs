//! whosaid-index owns the statement index: the statements of many articles, with their
//! articles' metadata, in an embedded tantivy index on disk (no server). It decides which
//! statements belong to one speaker across articles ([`speakers`]) and which are one quote
//! carried by several outlets ([`quotes`]), and answers searches with filters and facets,
//! speaker pages and timelines, and a quote's provenance. Everything it knows is in the
//! tantivy documents, committed atomically in batches: killed in the middle of indexing, an
//! index opens with exactly its last committed batches, and the in-memory registries of
//! speakers and quote groups are rebuilt from them.

pub mod dates;
pub mod quotes;
pub mod speakers;

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Bound;
use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::AggregationCollector;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TantivyDocument, Value, FAST,
    STORED, STRING, TEXT,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Term};
use whosaid_extract::Extraction;
use whosaid_ingest::{table, Article};

use crate::quotes::QuoteGroups;
use crate::speakers::Speakers;

/// Most results one search returns, and how deep it may page.
pub const MAX_LIMIT: usize = 100;
pub const MAX_OFFSET: usize = 10_000;
/// Longest query text accepted.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// Why an index operation failed.
#[derive(Debug)]
pub enum IndexError {
    /// The request is wrong (bad query syntax, a date that does not parse, a limit too large):
    /// the caller's fault, with a message for them.
    BadRequest(String),
    /// The index could not be opened, read or written.
    Index(String),
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexError::BadRequest(message) | IndexError::Index(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for IndexError {}

impl From<std::io::Error> for IndexError {
    fn from(err: std::io::Error) -> IndexError {
        IndexError::Index(err.to_string())
    }
}

impl From<tantivy::TantivyError> for IndexError {
    fn from(err: tantivy::TantivyError) -> IndexError {
        IndexError::Index(err.to_string())
    }
}

#[derive(Clone, Copy)]
struct Fields {
    statement: Field,
    article: Field,
    article_id: Field,
    url: Field,
    title: Field,
    outlet: Field,
    date: Field,
    date_kind: Field,
    kind: Field,
    speaker: Field,
    speaker_name: Field,
    alias: Field,
    roles: Field,
    source: Field,
    cue: Field,
    content: Field,
    quote: Field,
    confidence: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fast_string = STRING | STORED | FAST;
    let date = DateOptions::from(tantivy::schema::INDEXED)
        .set_stored()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    let fields = Fields {
        statement: builder.add_text_field("statement", STRING | STORED),
        article: builder.add_text_field("article", STRING | STORED),
        article_id: builder.add_text_field("article_id", STORED),
        url: builder.add_text_field("url", STRING | STORED),
        title: builder.add_text_field("title", TEXT | STORED),
        outlet: builder.add_text_field("outlet", fast_string.clone()),
        date: builder.add_date_field("date", date),
        date_kind: builder.add_text_field("date_kind", STORED),
        kind: builder.add_text_field("kind", fast_string.clone()),
        speaker: builder.add_text_field("speaker", fast_string.clone()),
        speaker_name: builder.add_text_field("speaker_name", TEXT | STORED),
        alias: builder.add_text_field("alias", STORED),
        roles: builder.add_text_field("roles", STORED),
        source: builder.add_text_field("source", STORED),
        cue: builder.add_text_field("cue", STORED),
        content: builder.add_text_field("content", TEXT | STORED),
        quote: builder.add_text_field("quote", fast_string),
        confidence: builder.add_f64_field("confidence", STORED),
    };
    (builder.build(), fields)
}

/// An embedded statement index in a directory.
pub struct StatementIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    registries: Mutex<Registries>,
}

#[derive(Default)]
struct Registries {
    speakers: Speakers,
    quotes: QuoteGroups,
}

impl StatementIndex {
    /// Opens the index in `dir`, creating it (and the directory) if there is none.
    pub fn open_or_create(dir: &Path) -> Result<StatementIndex, IndexError> {
        std::fs::create_dir_all(dir)
            .map_err(|err| IndexError::Index(format!("{}: cannot create: {err}", dir.display())))?;
        let (schema, _) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir)
            .map_err(|err| IndexError::Index(format!("{}: {err}", dir.display())))?;
        let index = Index::open_or_create(directory, schema).map_err(|err| {
            IndexError::Index(format!("{}: not a whosaid index: {err}", dir.display()))
        })?;
        StatementIndex::from_index(index)
    }

    /// Opens an existing index, read-only use; fails if `dir` holds none.
    pub fn open(dir: &Path) -> Result<StatementIndex, IndexError> {
        if !dir.join("meta.json").is_file() {
            let message = format!(
                "{}: no index here (create one with whosaid index)",
                dir.display()
            );
            return Err(IndexError::Index(message));
        }
        let index = Index::open_in_dir(dir)
            .map_err(|err| IndexError::Index(format!("{}: {err}", dir.display())))?;
        StatementIndex::from_index(index)
    }

    fn from_index(index: Index) -> Result<StatementIndex, IndexError> {
        let (expected, fields) = schema();
        if index.schema() != expected {
            return Err(IndexError::Index(
                "the index was made by another version of whosaid; rebuild it".to_owned(),
            ));
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let index = StatementIndex {
            index,
            reader,
            fields,
            registries: Mutex::new(Registries::default()),
        };
        index.rebuild_registries()?;
        Ok(index)
    }

    /// Reads every statement back to know its speakers and quote groups.
    fn rebuild_registries(&self) -> Result<(), IndexError> {
        let mut registries = Registries::default();
        let searcher = self.reader.searcher();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(64)?;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let doc = doc?;
                let speaker = text(&doc, self.fields.speaker);
                if let (Some(id), Some(name)) = (&speaker, text(&doc, self.fields.speaker_name)) {
                    registries
                        .speakers
                        .restore(id, &name, &texts(&doc, self.fields.roles));
                }
                if let (Some(group), Some(content)) = (
                    text(&doc, self.fields.quote),
                    text(&doc, self.fields.content),
                ) {
                    registries
                        .quotes
                        .restore(&group, &content, speaker.as_deref());
                }
            }
        }
        *self.registries.lock().unwrap_or_else(|e| e.into_inner()) = registries;
        Ok(())
    }

    /// A writer for adding articles; one at a time per index.
    pub fn writer(&self) -> Result<Writer<'_>, IndexError> {
        let writer = self.index.writer(100_000_000)?;
        Ok(Writer {
            index: self,
            writer,
        })
    }

    /// Number of statements in the index (as of the last reload).
    pub fn statements(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Makes the last commit visible to searches.
    pub fn reload(&self) -> Result<(), IndexError> {
        Ok(self.reader.reload()?)
    }

    fn registries(&self) -> std::sync::MutexGuard<'_, Registries> {
        self.registries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Adds articles to an index; nothing is visible or durable until [`Writer::commit`].
pub struct Writer<'a> {
    index: &'a StatementIndex,
    writer: IndexWriter,
}

impl Writer<'_> {
    /// Adds an article's statements, replacing those of the same article indexed before (the
    /// same URL, or for an article without one, the same text). Returns how many were added.
    pub fn add(&mut self, article: &Article, extraction: &Extraction) -> Result<usize, IndexError> {
        let f = self.index.fields;
        let key = article_key(article);
        self.writer
            .delete_term(Term::from_field_text(f.article, &key));
        let metadata = &article.metadata;
        let outlet = metadata
            .site
            .clone()
            .or_else(|| metadata.url.as_deref().and_then(host));
        let date = metadata.date.as_deref().and_then(dates::parse);
        let mut registries = self.index.registries();
        for (n, statement) in extraction.statements.iter().enumerate() {
            let statement_id = format!("{key}#{n}");
            let mut doc = TantivyDocument::default();
            doc.add_text(f.statement, &statement_id);
            doc.add_text(f.article, &key);
            doc.add_text(f.article_id, &article.id);
            if let Some(url) = &metadata.url {
                doc.add_text(f.url, url);
            }
            if let Some(title) = &metadata.title {
                doc.add_text(f.title, title);
            }
            if let Some(outlet) = &outlet {
                doc.add_text(f.outlet, outlet);
            }
            if let Some(date) = date {
                doc.add_date(f.date, DateTime::from_timestamp_secs(date));
                if let Some(kind) = metadata.date_kind {
                    doc.add_text(f.date_kind, table::date_kind_name(kind));
                }
            }
            doc.add_text(f.kind, table::kind_name(statement.kind));
            let speaker = statement.speaker.as_ref().map(|speaker| {
                let identity = registries.speakers.resolve(&speaker.name, &speaker.roles);
                (identity.id.clone(), identity.name.clone(), speaker)
            });
            if let Some((id, name, speaker)) = &speaker {
                doc.add_text(f.speaker, id);
                doc.add_text(f.speaker_name, name);
                doc.add_text(f.alias, &speaker.name);
                for role in &speaker.roles {
                    doc.add_text(f.roles, role);
                }
            }
            if let Some(source) = statement.sources.first() {
                doc.add_text(f.source, &source.text);
            }
            if let Some(cue) = &statement.cue {
                doc.add_text(f.cue, &cue.text);
            }
            let content = statement
                .contents
                .iter()
                .map(|span| span.text.as_str())
                .collect::<Vec<_>>()
                .join(" … ");
            let speaker_id = speaker.as_ref().map(|(id, _, _)| id.as_str());
            let group_id = format!("q{:016x}", fnv1a(statement_id.as_bytes()));
            let group = registries.quotes.assign(&content, speaker_id, &group_id);
            doc.add_text(f.quote, &group);
            doc.add_text(f.content, &content);
            doc.add_f64(f.confidence, statement.confidence);
            self.writer.add_document(doc)?;
        }
        Ok(extraction.statements.len())
    }

    /// Makes everything added so far durable and visible, atomically. Then rewrites the
    /// statements of bare-surname speakers merged into a full name, in a second commit (if the
    /// process dies in between, those statements keep the bare surname's identity).
    pub fn commit(&mut self) -> Result<(), IndexError> {
        self.writer.commit()?;
        self.index.reload()?;
        let merges = {
            let mut registries = self.index.registries();
            let merges = registries.speakers.take_merges();
            for (from, to) in &merges {
                registries.quotes.rename_speaker(from, &to.id);
            }
            merges
        };
        if merges.is_empty() {
            return Ok(());
        }
        let f = self.index.fields;
        let searcher = self.index.reader.searcher();
        for (from, to) in merges {
            for address in searcher.search(&*term(f.speaker, &from), &DocSetCollector)? {
                let old: TantivyDocument = searcher.doc(address)?;
                let mut new = TantivyDocument::default();
                for (field, value) in old.field_values() {
                    if field != f.speaker && field != f.speaker_name {
                        new.add_field_value(field, value);
                    }
                }
                new.add_text(f.speaker, &to.id);
                new.add_text(f.speaker_name, &to.name);
                let statement = text(&old, f.statement).unwrap_or_default();
                self.writer
                    .delete_term(Term::from_field_text(f.statement, &statement));
                self.writer.add_document(new)?;
            }
        }
        self.writer.commit()?;
        self.index.reload()
    }
}

/// Which article a statement belongs to, for replacing it when it is indexed again: its URL
/// (without the fragment), else a hash of its text.
fn article_key(article: &Article) -> String {
    match &article.metadata.url {
        Some(url) => format!("url:{}", url.split('#').next().unwrap_or(url)),
        None => format!("text:{:016x}", fnv1a(article.text.as_bytes())),
    }
}

/// FNV-1a, 64 bits: a hash that stays the same across Rust versions, for ids kept on disk.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The host of a URL, without "www.": the outlet of an article whose page names none.
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_lowercase())
}

fn text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|value| value.as_str())
        .map(str::to_owned)
}

fn texts(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|value| value.as_str())
        .map(str::to_owned)
        .collect()
}

// ---------------------------------------------------------------------------------------
// Search

/// A search: query text (tantivy's syntax: words, "phrases", AND/OR/-, field:value) and
/// filters. Empty text matches every statement, newest first.
#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    pub q: String,
    /// A speaker id, or a name as articles give it ("Rutte", "Mark Rutte").
    pub speaker: Option<String>,
    /// Dates (YYYY-MM-DD or RFC 3339), inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub outlet: Option<String>,
    pub kind: Option<String>,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct SearchResults {
    pub total: usize,
    pub results: Vec<Hit>,
    pub facets: Facets,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Facets {
    pub speaker: Vec<FacetCount>,
    pub outlet: Vec<FacetCount>,
    pub kind: Vec<FacetCount>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FacetCount {
    pub value: String,
    /// For speakers, their name (value is the id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub count: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    pub statement: StatementView,
    pub speaker: Option<SpeakerRef>,
    pub article: ArticleView,
    /// The content cut around the matches, as parts to show plain or highlighted (never
    /// HTML: whoever displays it escapes it).
    pub highlight: Vec<HighlightPart>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StatementView {
    pub id: String,
    pub kind: String,
    pub content: String,
    pub cue: Option<String>,
    pub source: Option<String>,
    pub confidence: f64,
    /// The quote group (provenance) this statement belongs to.
    pub quote: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct SpeakerRef {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ArticleView {
    pub key: String,
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub date_kind: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HighlightPart {
    pub text: String,
    #[serde(rename = "match")]
    pub matched: bool,
}

impl StatementIndex {
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, IndexError> {
        if request.limit > MAX_LIMIT {
            return Err(bad(format!("limit must be at most {MAX_LIMIT}")));
        }
        if request.offset > MAX_OFFSET {
            return Err(bad(format!("offset must be at most {MAX_OFFSET}")));
        }
        if request.q.chars().count() > MAX_QUERY_CHARS {
            return Err(bad(format!(
                "query longer than {MAX_QUERY_CHARS} characters"
            )));
        }
        let f = self.fields;
        let searcher = self.reader.searcher();
        let text_query = self.text_query(&request.q)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(query) = &text_query {
            clauses.push((Occur::Must, query.box_clone()));
        }
        if let Some(speaker) = request.speaker.as_deref().filter(|s| !s.trim().is_empty()) {
            // An unknown speaker matches nothing, rather than everything.
            let id = self
                .registries()
                .speakers
                .lookup(speaker.trim())
                .map(|identity| identity.id.clone())
                .unwrap_or_else(|| format!("unknown:{speaker}"));
            clauses.push((Occur::Must, term(f.speaker, &id)));
        }
        if let Some(outlet) = request.outlet.as_deref().filter(|s| !s.trim().is_empty()) {
            clauses.push((Occur::Must, term(f.outlet, outlet.trim())));
        }
        if let Some(kind) = request.kind.as_deref().filter(|s| !s.trim().is_empty()) {
            if !matches!(kind, "direct" | "mixed" | "indirect") {
                return Err(bad(format!(
                    "kind must be direct, mixed or indirect, not {kind:?}"
                )));
            }
            clauses.push((Occur::Must, term(f.kind, kind)));
        }
        let from = parse_bound(request.from.as_deref(), "from")?;
        let to = parse_bound(request.to.as_deref(), "to")?;
        if from.is_some() || to.is_some() {
            let lower = from.map_or(Bound::Unbounded, |secs| {
                Bound::Included(Term::from_field_date(
                    f.date,
                    DateTime::from_timestamp_secs(secs),
                ))
            });
            let upper = to.map_or(Bound::Unbounded, |secs| {
                Bound::Included(Term::from_field_date(
                    f.date,
                    DateTime::from_timestamp_secs(secs),
                ))
            });
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        let query: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        let limit = request.limit.max(1);
        let aggregations: Aggregations = serde_json::from_value(serde_json::json!({
            "speaker": {"terms": {"field": "speaker", "size": 10}},
            "outlet": {"terms": {"field": "outlet", "size": 10}},
            "kind": {"terms": {"field": "kind", "size": 3}},
        }))
        .expect("the aggregation request is valid");
        let facets = AggregationCollector::from_aggs(aggregations, Default::default());
        let top = TopDocs::with_limit(limit).and_offset(request.offset);
        // One pass over the matches collects the page, the total and the facets.
        let (addresses, total, facets): (Vec<tantivy::DocAddress>, usize, _) =
            if text_query.is_some() {
                let (found, total, facets) =
                    searcher.search(&query, &(top.order_by_score(), Count, facets))?;
                (found.into_iter().map(|(_, a)| a).collect(), total, facets)
            } else {
                let newest = top.order_by_fast_field::<DateTime>("date", Order::Desc);
                let (found, total, facets) = searcher.search(&query, &(newest, Count, facets))?;
                (found.into_iter().map(|(_, a)| a).collect(), total, facets)
            };
        let snippets = match &text_query {
            Some(query) => {
                let mut generator = SnippetGenerator::create(&searcher, &**query, f.content)?;
                generator.set_max_num_chars(300);
                Some(generator)
            }
            None => None,
        };
        let results = addresses
            .into_iter()
            .map(|address| {
                let doc: TantivyDocument = searcher.doc(address)?;
                let highlight = highlight(&doc, f.content, snippets.as_ref());
                Ok(self.hit(&doc, highlight))
            })
            .collect::<Result<Vec<Hit>, tantivy::TantivyError>>()?;
        Ok(SearchResults {
            total,
            results,
            facets: self.facets(facets),
        })
    }

    fn text_query(&self, q: &str) -> Result<Option<Box<dyn Query>>, IndexError> {
        if q.trim().is_empty() {
            return Ok(None);
        }
        let f = self.fields;
        let mut parser =
            QueryParser::for_index(&self.index, vec![f.content, f.speaker_name, f.title]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.content, 2.0);
        parser
            .parse_query(q)
            .map(Some)
            .map_err(|err| bad(format!("cannot read the query {q:?}: {err}")))
    }

    fn facets(&self, results: tantivy::aggregation::agg_result::AggregationResults) -> Facets {
        let value = serde_json::to_value(results).unwrap_or_default();
        let buckets = |name: &str| -> Vec<FacetCount> {
            value[name]["buckets"]
                .as_array()
                .map(|buckets| {
                    buckets
                        .iter()
                        .filter_map(|bucket| {
                            Some(FacetCount {
                                value: bucket["key"].as_str()?.to_owned(),
                                label: None,
                                count: bucket["doc_count"].as_u64()?,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let registries = self.registries();
        let mut speaker = buckets("speaker");
        for facet in &mut speaker {
            facet.label = registries
                .speakers
                .get(&facet.value)
                .map(|s| s.name.clone());
        }
        Facets {
            speaker,
            outlet: buckets("outlet"),
            kind: buckets("kind"),
        }
    }

    fn hit(&self, doc: &TantivyDocument, highlight: Vec<HighlightPart>) -> Hit {
        let f = self.fields;
        Hit {
            statement: StatementView {
                id: text(doc, f.statement).unwrap_or_default(),
                kind: text(doc, f.kind).unwrap_or_default(),
                content: text(doc, f.content).unwrap_or_default(),
                cue: text(doc, f.cue),
                source: text(doc, f.source),
                confidence: doc
                    .get_first(f.confidence)
                    .and_then(|value| value.as_f64())
                    .unwrap_or_default(),
                quote: text(doc, f.quote).unwrap_or_default(),
            },
            speaker: text(doc, f.speaker).map(|id| SpeakerRef {
                id,
                name: text(doc, f.speaker_name).unwrap_or_default(),
            }),
            article: ArticleView {
                key: text(doc, f.article).unwrap_or_default(),
                id: text(doc, f.article_id).unwrap_or_default(),
                url: text(doc, f.url),
                title: text(doc, f.title),
                outlet: text(doc, f.outlet),
                date: date_of(doc, f.date).map(dates::format),
                date_kind: text(doc, f.date_kind),
            },
            highlight,
        }
    }
}

fn bad(message: String) -> IndexError {
    IndexError::BadRequest(message)
}

fn term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

fn parse_bound(value: Option<&str>, name: &str) -> Result<Option<i64>, IndexError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let parsed = dates::parse(value)
        .ok_or_else(|| bad(format!("{name}: {value:?} is not a date (YYYY-MM-DD)")))?;
    // "to" a day means to the end of that day.
    let is_day = value.len() == 10;
    Ok(Some(if name == "to" && is_day {
        parsed + 86_399
    } else {
        parsed
    }))
}

fn date_of(doc: &TantivyDocument, field: Field) -> Option<i64> {
    doc.get_first(field)
        .and_then(|value| value.as_datetime())
        .map(|date| date.into_timestamp_secs())
}

fn highlight(
    doc: &TantivyDocument,
    field: Field,
    generator: Option<&SnippetGenerator>,
) -> Vec<HighlightPart> {
    let content = text(doc, field).unwrap_or_default();
    let Some(generator) = generator else {
        return vec![HighlightPart {
            text: content,
            matched: false,
        }];
    };
    let snippet = generator.snippet_from_doc(doc);
    let fragment = snippet.fragment();
    if fragment.is_empty() {
        return vec![HighlightPart {
            text: content,
            matched: false,
        }];
    }
    let mut parts = Vec::new();
    let mut at = 0;
    for range in snippet.highlighted() {
        if range.start > at {
            parts.push(HighlightPart {
                text: fragment[at..range.start].to_owned(),
                matched: false,
            });
        }
        parts.push(HighlightPart {
            text: fragment[range.clone()].to_owned(),
            matched: true,
        });
        at = range.end;
    }
    if at < fragment.len() {
        parts.push(HighlightPart {
            text: fragment[at..].to_owned(),
            matched: false,
        });
    }
    parts
}

// ---------------------------------------------------------------------------------------
// Speakers, timelines, quotes

#[derive(Clone, Debug, Serialize)]
pub struct SpeakerSummary {
    pub id: String,
    pub name: String,
    pub roles: Vec<String>,
    pub statements: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct SpeakerDetail {
    pub id: String,
    pub name: String,
    pub statements: usize,
    /// The names articles give the speaker, with how often.
    pub aliases: Vec<NameCount>,
    /// Roles with the first and last dates they were seen.
    pub roles: Vec<RoleSeen>,
    pub outlets: Vec<NameCount>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NameCount {
    pub name: String,
    pub count: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct RoleSeen {
    pub role: String,
    pub count: usize,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

/// Statements over time.
#[derive(Clone, Debug, Serialize)]
pub struct Timeline {
    pub speaker: SpeakerRef,
    pub interval: Interval,
    pub buckets: Vec<TimelineBucket>,
    /// Statements whose article has no date.
    pub undated: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct TimelineBucket {
    /// The first day of the period (YYYY-MM-DD).
    pub start: String,
    pub count: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    Day,
    Week,
    Month,
}

impl Interval {
    pub fn parse(text: &str) -> Result<Interval, IndexError> {
        match text {
            "day" => Ok(Interval::Day),
            "week" => Ok(Interval::Week),
            "month" => Ok(Interval::Month),
            other => Err(bad(format!(
                "interval must be day, week or month, not {other:?}"
            ))),
        }
    }
}

/// A quote and every article that carried it.
#[derive(Clone, Debug, Serialize)]
pub struct QuoteGroup {
    pub id: String,
    /// The first article to carry it (by date; undated articles come last).
    pub earliest: Hit,
    /// Every statement of the group, earliest first.
    pub carriers: Vec<Hit>,
    /// The carriers whose wording differs from the earliest's, with a word-level diff.
    pub variants: Vec<Variant>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Variant {
    pub statement: String,
    pub diff: Vec<quotes::DiffPart>,
}

impl StatementIndex {
    /// Speakers whose name contains `q` (all when empty), most quoted first.
    pub fn speakers(&self, q: &str, limit: usize) -> Result<Vec<SpeakerSummary>, IndexError> {
        let q = q.trim().to_lowercase();
        let searcher = self.reader.searcher();
        let identities: Vec<speakers::Identity> = {
            let registries = self.registries();
            registries
                .speakers
                .all()
                .iter()
                .filter(|identity| q.is_empty() || identity.name.to_lowercase().contains(&q))
                .cloned()
                .collect()
        };
        let mut summaries = Vec::new();
        for identity in identities {
            let count = searcher.search(&*term(self.fields.speaker, &identity.id), &Count)?;
            if count > 0 {
                summaries.push(SpeakerSummary {
                    id: identity.id,
                    name: identity.name,
                    roles: identity.roles.into_iter().collect(),
                    statements: count,
                });
            }
        }
        summaries.sort_by(|a, b| b.statements.cmp(&a.statements).then(a.id.cmp(&b.id)));
        summaries.truncate(limit.min(MAX_LIMIT * 10));
        Ok(summaries)
    }

    /// Every stored statement of a speaker, as documents.
    fn speaker_docs(&self, id: &str) -> Result<Vec<TantivyDocument>, IndexError> {
        let searcher = self.reader.searcher();
        let found = searcher.search(&*term(self.fields.speaker, id), &DocSetCollector)?;
        let mut docs = Vec::with_capacity(found.len());
        for address in found {
            docs.push(searcher.doc(address)?);
        }
        Ok(docs)
    }

    pub fn speaker(&self, id: &str) -> Result<Option<SpeakerDetail>, IndexError> {
        let Some(name) = self.registries().speakers.get(id).map(|s| s.name.clone()) else {
            return Ok(None);
        };
        let f = self.fields;
        let docs = self.speaker_docs(id)?;
        if docs.is_empty() {
            return Ok(None);
        }
        let mut aliases: BTreeMap<String, usize> = BTreeMap::new();
        let mut outlets: BTreeMap<String, usize> = BTreeMap::new();
        let mut roles: BTreeMap<String, (usize, Option<i64>, Option<i64>)> = BTreeMap::new();
        let (mut first, mut last): (Option<i64>, Option<i64>) = (None, None);
        for doc in &docs {
            let date = date_of(doc, f.date);
            if let Some(alias) = text(doc, f.alias) {
                *aliases.entry(alias).or_default() += 1;
            }
            if let Some(outlet) = text(doc, f.outlet) {
                *outlets.entry(outlet).or_default() += 1;
            }
            for role in texts(doc, f.roles) {
                let seen = roles.entry(role).or_default();
                seen.0 += 1;
                seen.1 = min_date(seen.1, date);
                seen.2 = max_date(seen.2, date);
            }
            first = min_date(first, date);
            last = max_date(last, date);
        }
        let counted = |map: BTreeMap<String, usize>| {
            let mut list: Vec<NameCount> = map
                .into_iter()
                .map(|(name, count)| NameCount { name, count })
                .collect();
            list.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
            list
        };
        Ok(Some(SpeakerDetail {
            id: id.to_owned(),
            name,
            statements: docs.len(),
            aliases: counted(aliases),
            outlets: counted(outlets),
            roles: roles
                .into_iter()
                .map(|(role, (count, first, last))| RoleSeen {
                    role,
                    count,
                    first_seen: first.map(dates::format),
                    last_seen: last.map(dates::format),
                })
                .collect(),
            first_seen: first.map(dates::format),
            last_seen: last.map(dates::format),
        }))
    }

    pub fn timeline(&self, id: &str, interval: Interval) -> Result<Option<Timeline>, IndexError> {
        let Some(name) = self.registries().speakers.get(id).map(|s| s.name.clone()) else {
            return Ok(None);
        };
        let mut buckets: BTreeMap<i64, usize> = BTreeMap::new();
        let mut undated = 0;
        for doc in self.speaker_docs(id)? {
            match date_of(&doc, self.fields.date) {
                Some(date) => {
                    *buckets
                        .entry(dates::period_start(date, interval))
                        .or_default() += 1
                }
                None => undated += 1,
            }
        }
        Ok(Some(Timeline {
            speaker: SpeakerRef {
                id: id.to_owned(),
                name,
            },
            interval,
            buckets: buckets
                .into_iter()
                .map(|(start, count)| TimelineBucket {
                    start: dates::format(start)[..10].to_owned(),
                    count,
                })
                .collect(),
            undated,
        }))
    }

    pub fn quote(&self, id: &str) -> Result<Option<QuoteGroup>, IndexError> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let found = searcher.search(&*term(f.quote, id), &DocSetCollector)?;
        let mut docs: Vec<TantivyDocument> = Vec::with_capacity(found.len());
        for address in found {
            docs.push(searcher.doc(address)?);
        }
        if docs.is_empty() {
            return Ok(None);
        }
        docs.sort_by_key(|doc| {
            (
                date_of(doc, f.date).unwrap_or(i64::MAX),
                text(doc, f.statement).unwrap_or_default(),
            )
        });
        let carriers: Vec<Hit> = docs
            .iter()
            .map(|doc| self.hit(doc, highlight(doc, f.content, None)))
            .collect();
        let earliest = carriers[0].clone();
        let original = quotes::words(&earliest.statement.content);
        let variants = carriers[1..]
            .iter()
            .filter(|hit| quotes::words(&hit.statement.content) != original)
            .map(|hit| Variant {
                statement: hit.statement.id.clone(),
                diff: quotes::diff(&earliest.statement.content, &hit.statement.content),
            })
            .collect();
        Ok(Some(QuoteGroup {
            id: id.to_owned(),
            earliest,
            carriers,
            variants,
        }))
    }
}

fn min_date(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_date(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}
