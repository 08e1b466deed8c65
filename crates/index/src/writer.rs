//! Adding articles to an index: buffered until [`Writer::commit`], which decides the derived
//! fields of the batch (and of the statements already stored that the batch changes) and writes
//! everything in one atomic tantivy commit.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument};
use tantivy::{DateTime, IndexWriter, Term};
use whosaid_article::{Article, EntityType, Extraction};

use crate::quotes::{fnv1a, group_id, word_set};
use crate::registry::{BatchArticle, Derived, Registry, StatementFacts};
use crate::schema::{statement_id, statement_parts, Fields, FORMAT};
use crate::speakers::SpeakerFacts;
use crate::{dates, IndexError, StatementIndex};

/// Adds articles to an index; nothing is visible or durable until [`Writer::commit`].
pub struct Writer<'a> {
    pub(crate) index: &'a StatementIndex,
    pub(crate) writer: IndexWriter,
    /// The articles added since the last commit, by key; a later one replaces an earlier one.
    pending: Vec<PreparedArticle>,
    by_key: HashMap<String, usize>,
    /// The last commit's opstamp, if its identity table is not saved yet.
    unsaved: Option<u64>,
    /// Whether the writer's state of the last commit is not on disk yet ([`Writer::finish`]).
    unfinished: bool,
    /// When the identity table was last saved, and how long that took.
    last_save: Option<(Instant, Duration)>,
}

/// An article made ready for [`Writer::add_prepared`] by [`StatementIndex::prepare`]: its
/// statements' documents without their derived fields, and their facts.
pub struct PreparedArticle {
    key: String,
    statements: Vec<(String, TantivyDocument, StatementFacts)>,
}

impl PreparedArticle {
    /// How many statements the article has.
    pub fn statements(&self) -> usize {
        self.statements.len()
    }
}

impl StatementIndex {
    /// Makes an article ready to be added to this index: the work of [`Writer::add`] that
    /// needs no writer, so that it can run on any thread (it is most of the work).
    pub fn prepare(&self, article: &Article, extraction: &Extraction) -> PreparedArticle {
        let f = self.fields;
        let key = article_key(article);
        let metadata = &article.metadata;
        let outlet = metadata
            .site
            .clone()
            .or_else(|| metadata.url.as_deref().and_then(host));
        let date = metadata.date.as_deref().and_then(dates::parse);
        let mut statements = Vec::with_capacity(extraction.statements.len());
        for (n, statement) in extraction.statements.iter().enumerate() {
            let id = statement_id(&key, n as u64);
            let mut doc = TantivyDocument::default();
            doc.add_text(f.statement, &id);
            doc.add_text(f.article, &key);
            doc.add_u64(f.number, n as u64);
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
                doc.add_text(f.month, dates::month(date));
                if let Some(kind) = metadata.date_kind {
                    doc.add_text(f.date_kind, kind.name());
                }
            }
            doc.add_text(f.kind, statement.kind.name());
            doc.add_text(f.act, statement.act.name());
            let voice = &statement.voice;
            doc.add_text(f.anonymous, if voice.anonymous { "true" } else { "false" });
            doc.add_text(f.category, voice.speaker_category.name());
            doc.add_text(f.gender, voice.speaker_gender.name());
            let said = voice.said_at.as_ref();
            if let Some(said) = said {
                doc.add_text(f.said_text, &said.span.text);
                if let (Some(start), Some(end)) = (&said.start, &said.end) {
                    doc.add_text(f.said_start, start);
                    doc.add_text(f.said_end, end);
                }
            }
            // When it was said: the day the text gives, else the article's date, which says
            // what kind of date it is (published, crawled, given).
            let said_day = said
                .and_then(|said| said.start.as_deref())
                .and_then(dates::parse);
            let article_basis = metadata.date_kind.map_or("published", |kind| kind.name());
            let (said_day, basis) = match (said_day, date) {
                (Some(day), _) => (Some(day), "text"),
                (None, Some(day)) => (Some(day), article_basis),
                (None, None) => (None, ""),
            };
            if let Some(day) = said_day {
                doc.add_date(f.said, DateTime::from_timestamp_secs(day));
                doc.add_text(f.said_basis, basis);
            }
            if let Some(addressee) = &statement.addressee {
                doc.add_text(f.addressee, &addressee.name);
            }
            if let Some(medium) = &statement.medium {
                doc.add_text(f.medium, medium.medium_type.name());
                if let Some(span) = &medium.span {
                    doc.add_text(f.medium_text, &span.text);
                }
            }
            if let Some(speaker) = &statement.speaker {
                doc.add_text(f.alias, &speaker.name);
                doc.add_text(f.speaker_type, speaker.entity_type.name());
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
            let content = statement.content_text();
            doc.add_text(f.content, &content);
            doc.add_f64(f.confidence, statement.confidence);
            let facts = StatementFacts {
                speaker: statement.speaker.as_ref().map(|speaker| SpeakerFacts {
                    name: speaker.name.clone(),
                    person: speaker.entity_type == EntityType::Person,
                    roles: speaker.roles.clone(),
                }),
                words: word_set(&content),
            };
            statements.push((id, doc, facts));
        }
        PreparedArticle { key, statements }
    }
}

impl<'a> Writer<'a> {
    pub(crate) fn new(index: &'a StatementIndex, writer: IndexWriter) -> Writer<'a> {
        Writer {
            index,
            writer,
            pending: Vec::new(),
            by_key: HashMap::new(),
            unsaved: None,
            unfinished: false,
            last_save: None,
        }
    }

    /// Adds an article's statements, replacing those of the same article indexed before (the
    /// same URL, or for an article without one, the same text). Returns how many were added.
    pub fn add(&mut self, article: &Article, extraction: &Extraction) -> Result<usize, IndexError> {
        let prepared = self.index.prepare(article, extraction);
        Ok(self.add_prepared(prepared))
    }

    /// Adds an article made ready by [`StatementIndex::prepare`] (of this index); returns how
    /// many statements it has.
    pub fn add_prepared(&mut self, article: PreparedArticle) -> usize {
        let count = article.statements.len();
        match self.by_key.get(&article.key) {
            Some(&at) => self.pending[at] = article,
            None => {
                self.by_key.insert(article.key.clone(), self.pending.len());
                self.pending.push(article);
            }
        }
        count
    }

    /// The index this writer adds to.
    pub fn index(&self) -> &'a StatementIndex {
        self.index
    }

    /// Makes everything added so far durable and visible, atomically: the articles, and the
    /// statements already in the index whose speaker identity or quote group they changed.
    pub fn commit(&mut self) -> Result<(), IndexError> {
        let f = self.index.fields;
        let pending = std::mem::take(&mut self.pending);
        self.by_key.clear();
        let mut registry = self.index.registry_with(true)?;
        let searcher = self.index.reader.searcher();
        let batch: Vec<BatchArticle> = pending
            .iter()
            .map(|article| {
                let facts = article
                    .statements
                    .iter()
                    .map(|(id, _, facts)| (id.clone(), facts.clone()));
                (article.key.clone(), facts.collect())
            })
            .collect();
        let changes = registry.apply(batch);
        // From here on the registry is ahead of the index until the commit is done; if it
        // fails, the registry is read again from what the index holds.
        if let Some(why) = registry.failure() {
            registry.version = None;
            return Err(IndexError::Index(format!(
                "{}: the writer's state beside the index could not be read or written ({why}); \
                 nothing of this batch was indexed",
                self.index.dir.display()
            )));
        }
        let documents = (|| -> Result<(), IndexError> {
            // An article the index has no statements of has no documents to delete; a
            // delete costs a lookup in every segment at the commit.
            for article in &pending {
                if changes.replaced.contains(&article.key) {
                    self.writer
                        .delete_term(Term::from_field_text(f.article, &article.key));
                }
            }
            for (id, derived) in &changes.rewrites {
                let Some(query) = statement_query(f, id) else {
                    continue;
                };
                let found = searcher.search(&query, &DocSetCollector)?;
                let Some(address) = found.into_iter().next() else {
                    continue;
                };
                let old: TantivyDocument = searcher.doc(address)?;
                let mut doc = TantivyDocument::default();
                for (field, value) in old.field_values() {
                    if field != f.speaker && field != f.quote {
                        doc.add_field_value(field, value);
                    }
                }
                self.writer.delete_query(Box::new(query))?;
                self.writer.add_document(with_derived(doc, f, derived))?;
            }
            for article in pending {
                for (id, doc, _) in article.statements {
                    let Some(derived) = changes.batch.get(id.as_str()) else {
                        continue;
                    };
                    self.writer.add_document(with_derived(doc, f, derived))?;
                }
            }
            Ok(())
        })();
        drop(searcher);
        // tantivy's indexing threads finish the batch's segment while this thread writes the
        // store's transaction, so that neither waits for the other. The store is committed
        // after the index, naming its commit (see `state`).
        let writer = &mut self.writer;
        let (written, staged) = std::thread::scope(|scope| {
            let preparing = scope.spawn(move || -> Result<u64, IndexError> {
                documents?;
                let mut commit = writer.prepare_commit()?;
                commit.set_payload(FORMAT);
                Ok(commit.commit()?)
            });
            let staged = registry.stage();
            let written = preparing.join().unwrap_or_else(|_| {
                Err(IndexError::Index(
                    "the index's commit stopped with a panic".to_owned(),
                ))
            });
            (written, staged)
        });
        let saved = written.and_then(|opstamp| {
            self.index.reload()?;
            // The documents are committed; a state that cannot be saved now is rebuilt from
            // them by the next writer, which the error says.
            staged
                .and_then(|staged| registry.commit_staged(staged, opstamp, false))
                .map_err(|err| {
                    IndexError::Index(format!(
                        "{err} (the batch is indexed; the next run rebuilds the writer's state)"
                    ))
                })?;
            Ok(opstamp)
        });
        match saved {
            Ok(opstamp) => {
                registry.version = Some(self.index.version());
                self.unsaved = Some(opstamp);
                self.unfinished = true;
                // Saving the table costs time in the size of the index, not of the batch, so
                // it is done at most a tenth of the time; `finish` brings it up to
                // date at the end.
                let due = self
                    .last_save
                    .is_none_or(|(at, took)| at.elapsed() >= took * 10);
                if due {
                    // A table that cannot be saved now is saved by `finish`, which
                    // says why if it still cannot: readers read the documents meanwhile.
                    let _ = self.save(&mut registry);
                }
                Ok(())
            }
            Err(err) => {
                registry.version = None;
                Err(err)
            }
        }
    }

    /// Saves beside the index what the next writer and readers open from, as of the last
    /// commit: the writer's state whole (a commit leaves its band keys' file to be written
    /// out later, since writing it at every batch would cost time in the size of the index,
    /// not the batch), and the identity table, so that readers open without reading every
    /// statement. Call this when done adding; a writer dropped without it does it then, and
    /// the state a writer that died leaves is rebuilt from the documents by the next.
    pub fn finish(&mut self) -> Result<(), IndexError> {
        if !self.unfinished && self.unsaved.is_none() {
            return Ok(());
        }
        // A registry behind the index (a commit failed since) is not rebuilt only to be
        // saved: the next writer rebuilds it, and readers read the documents.
        let Some(mut registry) = self.index.current_writer_registry() else {
            self.unfinished = false;
            self.unsaved = None;
            return Ok(());
        };
        if self.unfinished {
            // The registry describes the index's last commit, which is this writer's.
            let opstamp = self.index.index.load_metas()?.opstamp;
            registry.commit(opstamp, true)?;
            self.unfinished = false;
        }
        self.save(&mut registry)
    }

    fn save(&mut self, registry: &mut Registry) -> Result<(), IndexError> {
        let Some(opstamp) = self.unsaved else {
            return Ok(());
        };
        let start = Instant::now();
        self.index.save_table(registry, opstamp)?;
        self.last_save = Some((Instant::now(), start.elapsed()));
        self.unsaved = None;
        Ok(())
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        // What cannot be saved now is rebuilt by the next writer (the writer's state) or read
        // from the documents by readers (the identities): slower, never wrong.
        let _ = self.finish();
    }
}

/// The query that finds a statement by its id ([`statement_id`]). The id itself is stored,
/// not indexed: a term per document is a dictionary that every merge builds again.
fn statement_query(f: Fields, id: &str) -> Option<BooleanQuery> {
    let (article, number) = statement_parts(id)?;
    let term =
        |term| -> Box<dyn Query> { Box::new(TermQuery::new(term, IndexRecordOption::Basic)) };
    Some(BooleanQuery::intersection(vec![
        term(Term::from_field_text(f.article, article)),
        term(Term::from_field_u64(f.number, number)),
    ]))
}

fn with_derived(mut doc: TantivyDocument, f: Fields, derived: &Derived) -> TantivyDocument {
    if let Some(speaker) = &derived.speaker {
        doc.add_text(f.speaker, speaker);
    }
    let quote = derived.quote.map(group_id).unwrap_or_default();
    doc.add_text(f.quote, &quote);
    doc
}

/// Which article a statement belongs to, for replacing it when it is indexed again: its URL
/// (without the fragment), else a hash of its text, else (a document `whosaid extract` wrote
/// for a text without a URL, which does not carry the text) its id.
fn article_key(article: &Article) -> String {
    match &article.metadata.url {
        Some(url) => format!("url:{}", url.split('#').next().unwrap_or(url)),
        None if article.text.is_empty() => format!("id:{}", article.id),
        None => format!("text:{:016x}", fnv1a(article.text.as_bytes())),
    }
}

/// The host of a URL, without "www.": the outlet of an article whose page names none.
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_lowercase())
}
