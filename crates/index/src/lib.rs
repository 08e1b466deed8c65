//! whosaid-index owns the statement index: the statements of many articles, with their
//! articles' metadata, in an embedded tantivy index on disk (no server). It decides which
//! statements belong to one speaker across articles ([`speakers`]) and which are one quote
//! carried by several outlets ([`quotes`]), and answers searches with filters and facets,
//! speaker pages and timelines, and a quote's provenance.
//!
//! Those two decisions are the index's derived fields, and they are a function of the set of
//! statements it holds: indexing the same articles again, or in another order, gives the same
//! index. A batch that changes them for statements already stored (a second "Smith" arrives,
//! a new carrier links two copies of a quote) rewrites those statements in the same atomic
//! commit as the batch ([`registry`]). Killed in the middle of indexing, an index opens with
//! exactly its last committed batches. An index open for reading follows the commits of a
//! writer in another process: every call answers from the newest commit.
//!
//! A writer decides those fields from state it keeps on disk beside the index ([`state`],
//! [`mapped`]), so that it opens in constant time and holds in memory only what a batch
//! touches; state that does not describe the index's last commit is rebuilt from the
//! documents. A reader needs only the speaker identities (every statement stores its derived
//! fields). A writer saves them beside the index, tagged with the commit they describe
//! ([`speakers::IdentityTable`]); a reader opens from that file when it describes the last
//! commit, and rebuilds them from the statements' columns otherwise.

#![deny(missing_docs)]

pub mod dates;
mod mapped;
pub mod quotes;
mod registry;
mod schema;
mod search;
pub mod speakers;
mod state;
mod stats;
mod views;
mod writer;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use tantivy::schema::TantivyDocument;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyError};

use crate::quotes::word_set;
use crate::registry::{BatchArticle, Registry, RegistryVersion, StatementFacts};
use crate::schema::{statement_id, text, texts, Fields, TextColumn, FORMAT};
use crate::speakers::{IdentityTable, SpeakerFacts};

pub use crate::search::{
    ArticleView, FacetCount, Facets, HighlightPart, Hit, Said, SearchRequest, SearchResults,
    SpeakerRef, StatementView,
};
pub use crate::stats::{
    Stats, StatsBucket, StatsBy, StatsCount, StatsGroup, StatsRequest, MAX_BUCKETS,
};
pub use crate::views::{
    GenderAcrossArticles, Interval, NameCount, QuoteGroup, RoleSeen, SpeakerDetail, SpeakerSummary,
    Timeline, TimelineBucket, Variant,
};
pub use crate::writer::{PreparedArticle, Writer};

/// Most results one search returns.
pub const MAX_LIMIT: usize = 100;
/// How deep a search may page.
pub const MAX_OFFSET: usize = 10_000;
/// Longest query text accepted.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// Why an index operation failed.
#[derive(Debug)]
pub enum IndexError {
    /// The request asks for what the index cannot give (query syntax it cannot read, a field
    /// it cannot search that way, a limit too large): the caller's to fix, with a message
    /// for them.
    Query(String),
    /// The index could not be opened, read or written.
    Index(String),
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexError::Query(message) | IndexError::Index(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for IndexError {}

impl From<std::io::Error> for IndexError {
    fn from(err: std::io::Error) -> IndexError {
        IndexError::Index(err.to_string())
    }
}

impl From<TantivyError> for IndexError {
    fn from(err: TantivyError) -> IndexError {
        IndexError::Index(err.to_string())
    }
}

/// An embedded statement index in a directory.
pub struct StatementIndex {
    index: Index,
    /// The directory the index is in.
    dir: PathBuf,
    reader: IndexReader,
    fields: Fields,
    registry: Mutex<Registry>,
    /// A hash of each article key of each segment, by the key's ordinal in the segment's
    /// column: what tells a speaker's page that two segments hold statements of one article
    /// (see [`views::ArticleHashes`]).
    article_hashes: views::ArticleHashes,
}

impl StatementIndex {
    /// Opens the index in `dir` for writing (see [`StatementIndex::writer`]), creating it (and
    /// the directory) if there is none.
    pub fn open_or_create(dir: &Path) -> Result<StatementIndex, IndexError> {
        std::fs::create_dir_all(dir)
            .map_err(|err| IndexError::Index(format!("{}: cannot create: {err}", dir.display())))?;
        let (schema, _) = schema::schema();
        let directory = tantivy::directory::MmapDirectory::open(dir)
            .map_err(|err| IndexError::Index(format!("{}: {err}", dir.display())))?;
        // An existing index is opened whatever its schema, so that one of another version is
        // told to be rebuilt (below) rather than called no index at all.
        let opened = if dir.join("meta.json").is_file() {
            Index::open(directory)
        } else {
            Index::open_or_create(directory, schema)
        };
        let index = opened.map_err(|err| {
            IndexError::Index(format!("{}: not a whosaid index: {err}", dir.display()))
        })?;
        // The writer reloads after each of its commits itself.
        StatementIndex::from_index(index, dir, ReloadPolicy::Manual, true)
    }

    /// Opens an existing index for reading; fails if `dir` holds none. Commits made later by a
    /// writer, in this process or another, are seen by the calls that follow them.
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
        StatementIndex::from_index(index, dir, ReloadPolicy::OnCommitWithDelay, false)
    }

    /// The index, with its registry read (with the quote groups too if `for_writing`).
    fn from_index(
        index: Index,
        dir: &Path,
        policy: ReloadPolicy,
        for_writing: bool,
    ) -> Result<StatementIndex, IndexError> {
        let (expected, fields) = schema::schema();
        let rebuild = || {
            IndexError::Index(format!(
                "{}: the index was made by another version of whosaid; rebuild it",
                dir.display()
            ))
        };
        if index.schema() != expected {
            return Err(rebuild());
        }
        let metas = index.load_metas()?;
        let has_documents = metas.segments.iter().any(|segment| segment.num_docs() > 0);
        if has_documents && metas.payload.as_deref() != Some(FORMAT) {
            return Err(rebuild());
        }
        let reader = index.reader_builder().reload_policy(policy).try_into()?;
        let index = StatementIndex {
            index,
            dir: dir.to_path_buf(),
            reader,
            fields,
            registry: Mutex::new(Registry::new(false)),
            article_hashes: views::ArticleHashes::default(),
        };
        drop(index.registry_with(for_writing)?);
        Ok(index)
    }

    /// A writer for adding articles. One process at a time may write to an index.
    pub fn writer(&self) -> Result<Writer<'_>, IndexError> {
        let writer = self.index.writer(100_000_000).map_err(|err| match err {
            TantivyError::LockFailure(..) => another_writer(&self.dir),
            other => other.into(),
        })?;
        Ok(Writer::new(self, writer))
    }

    /// Number of statements in the index (as of the last commit seen).
    pub fn statements(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Makes the last commit visible to searches.
    pub fn reload(&self) -> Result<(), IndexError> {
        Ok(self.reader.reload()?)
    }

    /// The identity table a writer saved beside the index, if it describes exactly the
    /// documents of `version`, which must be the index's last commit: a table of another
    /// commit (a reader that has not caught up yet, a writer killed between its commit and
    /// the table) or one that cannot be read is not used, and the registry is read from the
    /// documents instead.
    fn saved_table(&self, version: &RegistryVersion) -> Option<IdentityTable> {
        let metas = self.index.load_metas().ok()?;
        let committed: RegistryVersion = metas
            .segments
            .iter()
            .map(|segment| (segment.id(), segment.delete_opstamp()))
            .collect();
        if committed != *version {
            return None;
        }
        let bytes = std::fs::read(self.dir.join(IDENTITIES_FILE)).ok()?;
        let saved: SavedTable = serde_json::from_slice(&bytes).ok()?;
        (saved.format == FORMAT && saved.opstamp == metas.opstamp).then_some(saved.table)
    }

    /// Saves the identity table of `registry` (the registry of the commit `opstamp`) beside the
    /// index, replacing the last atomically.
    fn save_table(&self, registry: &mut Registry, opstamp: u64) -> Result<(), IndexError> {
        let saved = SavedTable {
            format: FORMAT.to_owned(),
            opstamp,
            table: registry.table()?,
        };
        let path = self.dir.join(IDENTITIES_FILE);
        let partial = self.dir.join(format!("{IDENTITIES_FILE}.partial"));
        let failed = |err: std::io::Error| {
            IndexError::Index(format!("{}: cannot save: {err}", path.display()))
        };
        let bytes = serde_json::to_vec(&saved).map_err(|err| failed(err.into()))?;
        std::fs::write(&partial, bytes).map_err(failed)?;
        std::fs::rename(&partial, &path).map_err(failed)
    }

    fn version(&self) -> RegistryVersion {
        version_of(&self.reader.searcher())
    }

    /// The registry of derived fields, read again from the documents if a commit it has not
    /// seen was made (by a writer in another process, or after a failed commit). Reading only
    /// needs the speakers; the quote groups (which only a writer needs, since every statement
    /// stores its group) are read too when `for_writing`.
    fn registry(&self) -> Result<MutexGuard<'_, Registry>, IndexError> {
        self.registry_with(false)
    }

    fn registry_with(&self, for_writing: bool) -> Result<MutexGuard<'_, Registry>, IndexError> {
        let mut registry = self.registry.lock().unwrap_or_else(|e| e.into_inner());
        let searcher = self.reader.searcher();
        let version = version_of(&searcher);
        let quotes_missing = for_writing && !registry.keeps_quotes();
        if registry.version.as_ref() != Some(&version) || quotes_missing {
            // The old registry goes first: it may hold the store, which opens once.
            *registry = Registry::new(false);
            *registry = match for_writing {
                true => self.writer_registry(&searcher)?,
                false => match self.saved_table(&version) {
                    Some(table) => Registry::from_table(table),
                    None => {
                        let mut registry = Registry::new(false);
                        read_registry(&searcher, self.fields, &mut registry)?;
                        registry
                    }
                },
            };
            registry.version = Some(version);
        }
        Ok(registry)
    }

    /// The writer's registry if it describes the last commit, without reading or rebuilding
    /// anything (for saving it when a writer is done; one that is behind is rebuilt by the
    /// next writer anyway).
    fn current_writer_registry(&self) -> Option<MutexGuard<'_, Registry>> {
        let registry = self.registry.lock().unwrap_or_else(|e| e.into_inner());
        let current = registry.version.as_ref() == Some(&self.version());
        (current && registry.keeps_quotes()).then_some(registry)
    }

    /// A writer's registry: the one kept beside the index if it describes the index's last
    /// commit (which `searcher` sees), else one rebuilt there from the documents.
    fn writer_registry(&self, searcher: &Searcher) -> Result<Registry, IndexError> {
        let opstamp = self.index.load_metas()?.opstamp;
        if let Some(registry) = Registry::open_stored(&self.dir, opstamp)? {
            return Ok(registry);
        }
        let mut registry = Registry::create_stored(&self.dir)?;
        read_registry(searcher, self.fields, &mut registry)?;
        registry.commit(opstamp, true)?;
        Ok(registry)
    }

    /// Every statement's derived fields as stored: statement id → (speaker identity, quote
    /// group). For tests that check that the index is a function of its articles.
    #[doc(hidden)]
    pub fn derived_fields(&self) -> Result<Vec<(String, Option<String>, String)>, IndexError> {
        let f = self.fields;
        let mut all = Vec::new();
        for_each_document(&self.reader.searcher(), |doc| {
            all.push((
                text(doc, f.statement).unwrap_or_default(),
                text(doc, f.speaker),
                text(doc, f.quote).unwrap_or_default(),
            ));
        })?;
        all.sort();
        Ok(all)
    }
}

/// The file beside the index's own files where a writer saves the identity table.
const IDENTITIES_FILE: &str = "whosaid-identities.json";

/// The identity table as saved: for which format and which commit.
#[derive(serde::Serialize, serde::Deserialize)]
struct SavedTable {
    format: String,
    opstamp: u64,
    table: IdentityTable,
}

/// What a searcher holds: its segments and their deletes. A reader reloaded with no new
/// commit gets a new generation but the same segments, and the registry stays.
fn version_of(searcher: &Searcher) -> RegistryVersion {
    searcher.generation().segments().clone()
}

/// Fills an empty `registry` with what `searcher` holds, from the facts stored with each
/// statement. A registry with quote groups needs each statement's words, from the stored
/// documents; one without reads everything it needs from columns.
fn read_registry(
    searcher: &Searcher,
    f: Fields,
    registry: &mut Registry,
) -> Result<(), IndexError> {
    // A slice of the statements at a time: the registry comes out the same (it is a function
    // of the statements, whatever the batches), and what a slice works with, and a stored
    // registry keeps in memory until it is saved, stays small rather than growing with the
    // whole index.
    let with_quotes = registry.keeps_quotes();
    let mut slice = Slice::default();
    let mut add = |slice: &mut Slice, article: String, statement| -> Result<(), IndexError> {
        slice.statements += 1;
        slice.articles.entry(article).or_default().push(statement);
        if slice.statements >= REBUILD_SLICE {
            slice.load_into(registry)?;
        }
        Ok(())
    };
    if with_quotes {
        let mut failed = Ok(());
        for_each_document(searcher, |doc| {
            let speaker = text(doc, f.alias).map(|name| SpeakerFacts {
                name,
                person: text(doc, f.speaker_type).as_deref() == Some("person"),
                roles: texts(doc, f.roles),
            });
            let words = word_set(&text(doc, f.content).unwrap_or_default());
            let id = text(doc, f.statement).unwrap_or_default();
            let article = text(doc, f.article).unwrap_or_default();
            if failed.is_ok() {
                failed = add(&mut slice, article, (id, StatementFacts { speaker, words }));
            }
        })?;
        failed?;
    } else {
        let schema = searcher.schema();
        let name = |field| schema.get_field_name(field);
        for segment in searcher.segment_readers() {
            let column = |field| TextColumn::open(segment, name(field));
            let Some(keys) = column(f.article)? else {
                continue;
            };
            let numbers = segment.fast_fields().u64(name(f.number))?;
            let (aliases, types, roles) =
                (column(f.alias)?, column(f.speaker_type)?, column(f.roles)?);
            for doc in segment.doc_ids_alive() {
                let speaker =
                    aliases
                        .as_ref()
                        .and_then(|a| a.first(doc))
                        .map(|alias| SpeakerFacts {
                            name: alias.to_owned(),
                            person: types.as_ref().and_then(|t| t.first(doc)) == Some("person"),
                            roles: roles
                                .as_ref()
                                .map(|r| r.values(doc).map(str::to_owned).collect())
                                .unwrap_or_default(),
                        });
                let article = keys.first(doc).unwrap_or_default().to_owned();
                let id = statement_id(&article, numbers.first(doc).unwrap_or_default());
                let facts = StatementFacts {
                    speaker,
                    words: Vec::new(),
                };
                add(&mut slice, article, (id, facts))?;
            }
        }
    }
    slice.load_into(registry)
}

/// Statements read back for [`read_registry`], by article, not yet in the registry.
#[derive(Default)]
struct Slice {
    articles: BTreeMap<String, Vec<(String, StatementFacts)>>,
    statements: usize,
}

impl Slice {
    /// Adds the statements to `registry` and, if it is kept in a store, saves them there (as
    /// the state of no commit yet: the caller names the commit once every slice is in).
    fn load_into(&mut self, registry: &mut Registry) -> Result<(), IndexError> {
        let batch: Vec<BatchArticle> = std::mem::take(&mut self.articles).into_iter().collect();
        self.statements = 0;
        registry.load(batch);
        if let Some(why) = registry.failure() {
            return Err(IndexError::Index(format!(
                "cannot rebuild the writer's state beside the index: {why}"
            )));
        }
        registry.commit(NO_COMMIT, false)
    }
}

/// How many statements [`read_registry`] adds at a time.
const REBUILD_SLICE: usize = 50_000;

/// The opstamp a store being rebuilt is saved with: no commit's, so that one left half-built
/// is rebuilt again.
const NO_COMMIT: u64 = u64::MAX;

fn for_each_document(
    searcher: &Searcher,
    mut visit: impl FnMut(&TantivyDocument),
) -> Result<(), IndexError> {
    for segment in searcher.segment_readers() {
        let store = segment.get_store_reader(64)?;
        for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
            visit(&doc?);
        }
    }
    Ok(())
}

/// The error of a writer that finds another at work on the index in `dir` (tantivy's lock, or
/// the writer's state, which one process opens at a time).
pub(crate) fn another_writer(dir: &Path) -> IndexError {
    IndexError::Index(format!(
        "{}: another process is writing to this index (one `whosaid index` at a time); try \
         again when it is done",
        dir.display()
    ))
}

fn bad(message: String) -> IndexError {
    IndexError::Query(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A statement's id gives back its article and number, also for an article key that
    /// holds a `#` (a record id's path), which writing a statement again relies on.
    #[test]
    fn a_statement_id_gives_back_its_article_and_number() {
        for (article, number) in [("url:https://a.example/x", 0), ("id:dir#1/f.txt@40", 12)] {
            let id = schema::statement_id(article, number);
            assert_eq!(schema::statement_parts(&id), Some((article, number)));
        }
        assert_eq!(schema::statement_parts("no number"), None);
        assert_eq!(schema::statement_parts("url:x#y"), None);
    }

    /// An index whose documents have the fields of version 2 (before act, addressee and
    /// medium) is refused with a message that says to rebuild it, not read with the new
    /// fields missing.
    #[test]
    fn an_index_of_an_older_version_must_be_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let (current, _) = schema::schema();
        let added = ["act", "medium", "medium_text", "addressee"];
        let mut builder = tantivy::schema::Schema::builder();
        for (_, entry) in current.fields() {
            if !added.contains(&entry.name()) {
                builder.add_field(entry.clone());
            }
        }
        Index::create_in_dir(dir.path(), builder.build()).unwrap();
        for opened in [
            StatementIndex::open(dir.path()),
            StatementIndex::open_or_create(dir.path()),
        ] {
            match opened {
                Err(IndexError::Index(message)) => {
                    assert!(message.contains("rebuild it"), "{message}")
                }
                other => panic!("opened: {:?}", other.map(|_| ())),
            }
        }
    }
}
