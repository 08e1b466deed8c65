//! The state a writer keeps between batches, on disk beside the index: each statement's facts
//! and derived fields, the speakers' names, the quote variants and groups.
//!
//! A writer decides a batch's derived fields from what the index already holds (see
//! [`crate::registry`]). Kept in memory, that state grows with the corpus and must be rebuilt
//! from every stored statement whenever a writer opens. Kept here, in a [redb] database, a
//! writer opens in constant time and holds in memory only what a batch touches: a [`Stored`]
//! map reads an entry from the store the first time a batch asks for it and keeps it until
//! [`Stored::flush`] writes back those that changed and forgets them all.
//!
//! The store names the commit of the index it describes. A writer commits tantivy first and
//! the store after, so a store that does not name the index's last commit is behind it (the
//! process died between the two, or a commit failed) and is rebuilt from the documents.
//!
//! A [`Stored`] map without a store is an ordinary map in memory: for unit tests, and for a
//! reader's registry, which is small.
//!
//! What is kept per statement is kept per article ([`ByArticle`]): one entry holds every
//! statement of an article. A batch's statement ids fall at random among the store's keys,
//! and redb writes every page a commit changes anew, so once a table has more pages than a
//! batch has keys, each key a batch writes costs a page of its own; an article's statements,
//! which come and go together, then cost one.

use std::borrow::{Borrow, Cow};
use std::collections::BTreeMap;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use elsa::FrozenMap;
use redb::{Database, ReadOnlyTable, ReadTransaction, ReadableTable, TableDefinition};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::quotes::StatementId;
use crate::{another_writer, IndexError};

/// The store's file, beside the index's own files.
pub(crate) const STORE_FILE: &str = "whosaid-writer.redb";

/// What the store's layout is; a store of another layout is rebuilt.
const LAYOUT: u64 = 6;

/// The store's own cache of its pages. redb's default (a gigabyte) would make a writer's
/// memory grow with the index up to that; the pages a batch does not find here are in the
/// system's page cache, a system call away.
const CACHE_BYTES: usize = 64 << 20;

/// Small numbers about the store itself (layout, commit, seeds), by name.
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");

/// A store of a writer's state (see the module documentation).
pub(crate) struct Store {
    db: Database,
    path: PathBuf,
    /// What a batch reads: the last commit of the store, opened once per batch.
    reading: Mutex<Reading>,
}

/// A table of the store as read: keys and values are bytes (postcard's, for values).
type BytesTable = ReadOnlyTable<&'static [u8], &'static [u8]>;

#[derive(Default)]
struct Reading {
    txn: Option<ReadTransaction>,
    /// The tables opened in `txn`; `None` for a table the store does not have yet.
    tables: foldhash::HashMap<&'static str, Option<BytesTable>>,
    /// The first error met reading, if any: a batch that met one must not be committed,
    /// since it was decided without part of the state.
    failed: Option<String>,
}

/// The values a store keeps about itself (in its `meta` table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StoreMeta {
    /// The opstamp of the index commit the store describes.
    pub opstamp: u64,
    /// The seed of the writer's hash of statements' facts.
    pub seed: u64,
}

impl Store {
    /// A new, empty store in `dir`, replacing any there.
    pub fn create(dir: &Path) -> Result<Store, IndexError> {
        let path = dir.join(STORE_FILE);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(store_error(&path, err)),
        }
        let db = Database::builder()
            .set_cache_size(CACHE_BYTES)
            .create(&path)
            .map_err(|err| store_error(&path, err))?;
        Ok(Store::with(db, path))
    }

    /// The store in `dir` and what it says of itself, if there is one of this layout; `None`
    /// if there is none or it cannot be read (the caller rebuilds it).
    pub fn open(dir: &Path) -> Result<Option<(Store, StoreMeta)>, IndexError> {
        let path = dir.join(STORE_FILE);
        if !path.is_file() {
            return Ok(None);
        }
        let db = match Database::builder().set_cache_size(CACHE_BYTES).open(&path) {
            Ok(db) => db,
            Err(redb::DatabaseError::DatabaseAlreadyOpen) => return Err(another_writer(dir)),
            // A store that cannot be opened is rebuilt, like one behind the index.
            Err(_) => return Ok(None),
        };
        let store = Store::with(db, path);
        Ok(store.meta().map(|meta| (store, meta)))
    }

    fn with(db: Database, path: PathBuf) -> Store {
        Store {
            db,
            path,
            reading: Mutex::new(Reading::default()),
        }
    }

    /// What the store says of itself, if it is of this layout and complete.
    fn meta(&self) -> Option<StoreMeta> {
        let txn = self.db.begin_read().ok()?;
        let table = txn.open_table(META).ok()?;
        let get = |name: &str| Some(table.get(name).ok()??.value());
        if get("layout")? != LAYOUT {
            return None;
        }
        Some(StoreMeta {
            opstamp: get("opstamp")?,
            seed: get("seed")?,
        })
    }

    /// Calls `read` with `table` as of the last commit of the store (`None` if it has no
    /// such table). An error is kept for [`Store::failure`] and read as no value.
    fn reading<T>(
        &self,
        table: &'static str,
        read: impl FnOnce(Option<&BytesTable>) -> Result<T, String>,
    ) -> Option<T> {
        let mut reading = self.reading.lock().unwrap_or_else(|e| e.into_inner());
        let reading = &mut *reading;
        let result = (|| -> Result<T, String> {
            if reading.txn.is_none() {
                reading.txn = Some(self.db.begin_read().map_err(|err| err.to_string())?);
            }
            let Some(txn) = reading.txn.as_ref() else {
                return Err("no read transaction".to_owned());
            };
            let opened = match reading.tables.entry(table) {
                std::collections::hash_map::Entry::Occupied(slot) => slot.into_mut(),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    let opened = match txn.open_table(definition(table)) {
                        Ok(opened) => Some(opened),
                        Err(redb::TableError::TableDoesNotExist(_)) => None,
                        Err(err) => return Err(err.to_string()),
                    };
                    slot.insert(opened)
                }
            };
            read(opened.as_ref())
        })();
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                reading
                    .failed
                    .get_or_insert(format!("table {table}: {err}"));
                None
            }
        }
    }

    /// Reads the value of `key` in `table` as of the last commit of the store.
    fn load<V: DeserializeOwned>(&self, table: &'static str, key: &[u8]) -> Option<V> {
        self.reading(table, |opened| {
            let Some(opened) = opened else {
                return Ok(None);
            };
            let Some(bytes) = opened.get(key).map_err(|err| err.to_string())? else {
                return Ok(None);
            };
            postcard::from_bytes(bytes.value())
                .map(Some)
                .map_err(|err| err.to_string())
        })
        .flatten()
    }

    /// Calls `visit` with every entry (key and value) of `table` whose key begins with
    /// `prefix`, as of the last commit of the store.
    fn scan_prefix(&self, table: &'static str, prefix: &[u8], mut visit: impl FnMut(&[u8], &[u8])) {
        self.reading(table, |opened| {
            let Some(opened) = opened else {
                return Ok(());
            };
            for entry in opened.range(prefix..).map_err(|err| err.to_string())? {
                let (key, value) = entry.map_err(|err| err.to_string())?;
                if !key.value().starts_with(prefix) {
                    break;
                }
                visit(key.value(), value.value());
            }
            Ok(())
        });
    }

    /// Calls `visit` with every entry of `table` as of the last commit of the store. In a
    /// transaction of its own, not through [`Store::reading`] as [`Store::scan_prefix`] is:
    /// `visit` may read the store (an identity counted from a name reads its surname's
    /// entries), which would wait on the reading lock this would hold.
    fn scan(
        &self,
        table: &'static str,
        mut visit: impl FnMut(&[u8], &[u8]),
    ) -> Result<(), IndexError> {
        let failed = |err: &dyn std::fmt::Display| {
            IndexError::Index(format!("{}: cannot read: {err}", self.path.display()))
        };
        let txn = self.db.begin_read().map_err(|err| failed(&err))?;
        let opened = match txn.open_table(definition(table)) {
            Ok(opened) => opened,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(()),
            Err(err) => return Err(failed(&err)),
        };
        for entry in opened.iter().map_err(|err| failed(&err))? {
            let (key, value) = entry.map_err(|err| failed(&err))?;
            visit(key.value(), value.value());
        }
        Ok(())
    }

    /// Records an error met reading, like those [`Store::reading`] meets.
    fn fail(&self, why: String) {
        let mut reading = self.reading.lock().unwrap_or_else(|e| e.into_inner());
        reading.failed.get_or_insert(why);
    }

    /// The first error met reading since the last [`Store::commit`], if any.
    pub fn failure(&self) -> Option<String> {
        let reading = self.reading.lock().unwrap_or_else(|e| e.into_inner());
        reading.failed.clone()
    }

    /// Writes what `write` puts in a transaction, with `meta`, atomically and durably: a
    /// [`Store::stage`] committed at once, for tests.
    #[cfg(test)]
    pub fn commit(
        &self,
        meta: StoreMeta,
        write: impl FnOnce(&redb::WriteTransaction) -> Result<(), WriteError>,
    ) -> Result<(), IndexError> {
        self.stage(write)?.commit(meta)
    }

    /// Writes what `write` puts in a transaction and keeps it to be committed with the
    /// [`StoreMeta`] of an index commit not made yet: a writer stages the store while tantivy
    /// prepares its commit, on another thread, and commits it after. A staged transaction
    /// dropped uncommitted leaves the store as it was.
    pub fn stage(
        &self,
        write: impl FnOnce(&redb::WriteTransaction) -> Result<(), WriteError>,
    ) -> Result<Staged, IndexError> {
        // Reads of the old state end here: they would keep its pages from being reused.
        *self.reading.lock().unwrap_or_else(|e| e.into_inner()) = Reading::default();
        let staged = (|| -> Result<redb::WriteTransaction, WriteError> {
            let txn = self.db.begin_write()?;
            write(&txn)?;
            Ok(txn)
        })();
        match staged {
            Ok(txn) => Ok(Staged {
                txn,
                path: self.path.clone(),
            }),
            Err(err) => Err(store_error(&self.path, err)),
        }
    }
}

/// A batch's changes to a [`Store`], written but not committed (see [`Store::stage`]).
pub(crate) struct Staged {
    txn: redb::WriteTransaction,
    path: PathBuf,
}

impl Staged {
    /// Commits the changes, with `meta`, atomically and durably; what batches read from then
    /// on is the new state. (Commits that are not durable would be no faster here, and redb
    /// reuses the pages they free only after a durable one, so the file would grow with every
    /// batch.)
    pub fn commit(self, meta: StoreMeta) -> Result<(), IndexError> {
        let txn = self.txn;
        let written = (|| -> Result<(), WriteError> {
            {
                let mut table = txn.open_table(META)?;
                table.insert("layout", LAYOUT)?;
                table.insert("opstamp", meta.opstamp)?;
                table.insert("seed", meta.seed)?;
            }
            txn.commit()?;
            Ok(())
        })();
        written.map_err(|err| store_error(&self.path, err))
    }
}

/// Why the store could not be written (boxed: redb's error is large, and a result carrying
/// it would make every caller's larger).
#[derive(Debug)]
pub(crate) struct WriteError(Box<redb::Error>);

impl<E: Into<redb::Error>> From<E> for WriteError {
    fn from(err: E) -> WriteError {
        WriteError(Box::new(err.into()))
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

fn store_error(path: &Path, err: impl std::fmt::Display) -> IndexError {
    IndexError::Index(format!("{}: cannot write: {err}", path.display()))
}

fn definition(table: &'static str) -> TableDefinition<'static, &'static [u8], &'static [u8]> {
    TableDefinition::new(table)
}

/// A key of a [`Stored`] map as the store keeps it: integers big-endian, so that keys given
/// out in order are written in order; strings as their bytes.
pub(crate) trait StoreKey {
    fn key_bytes(&self) -> Cow<'_, [u8]>;
}

/// A key read back from the store.
pub(crate) trait FromStoreKey: Sized {
    fn from_key_bytes(bytes: &[u8]) -> Option<Self>;
}

impl StoreKey for str {
    fn key_bytes(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(self.as_bytes())
    }
}

impl StoreKey for String {
    fn key_bytes(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(self.as_bytes())
    }
}

impl StoreKey for Arc<str> {
    fn key_bytes(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(self.as_bytes())
    }
}

impl FromStoreKey for String {
    fn from_key_bytes(bytes: &[u8]) -> Option<String> {
        String::from_utf8(bytes.to_vec()).ok()
    }
}

impl FromStoreKey for Arc<str> {
    fn from_key_bytes(bytes: &[u8]) -> Option<Arc<str>> {
        std::str::from_utf8(bytes).ok().map(Arc::from)
    }
}

macro_rules! integer_key {
    ($($int:ty),*) => {$(
        impl StoreKey for $int {
            fn key_bytes(&self) -> Cow<'_, [u8]> {
                Cow::Owned(self.to_be_bytes().to_vec())
            }
        }

        impl FromStoreKey for $int {
            fn from_key_bytes(bytes: &[u8]) -> Option<$int> {
                Some(<$int>::from_be_bytes(bytes.try_into().ok()?))
            }
        }
    )*};
}

integer_key!(u8, u32, u64);

/// Keys of several parts (names, groups of names) are kept in postcard's encoding.
macro_rules! serde_key {
    ($($key:ty),*) => {$(
        impl StoreKey for $key {
            fn key_bytes(&self) -> Cow<'_, [u8]> {
                Cow::Owned(postcard::to_allocvec(self).unwrap_or_default())
            }
        }

        impl FromStoreKey for $key {
            fn from_key_bytes(bytes: &[u8]) -> Option<$key> {
                postcard::from_bytes(bytes).ok()
            }
        }
    )*};
}

serde_key!(crate::speakers::NameKey, (String, String, String));

/// Pushes onto `keys` the keys of `table` that begin with `prefix` as of the last commit of
/// the store, less those the batch read or wrote (`entries`), which are as the batch left
/// them: the caller adds those it holds.
fn untouched_keys<K, V>(
    store: &Store,
    table: &'static str,
    prefix: &[u8],
    entries: &foldhash::HashMap<K, Box<Option<V>>>,
    keys: &mut Vec<K>,
) where
    K: FromStoreKey + Hash + Eq,
{
    store.scan_prefix(table, prefix, |bytes, _| match K::from_key_bytes(bytes) {
        Some(key) if !entries.contains_key(&key) => keys.push(key),
        _ => {}
    });
}

/// The entry of `key` in a store's `entries` (read in if it was not), marked changed.
fn slot<'a, K, V>(
    table: &'static str,
    store: &Store,
    entries: &'a mut FrozenMap<K, Box<Option<V>>, foldhash::fast::RandomState>,
    changed: &mut foldhash::HashSet<K>,
    key: K,
) -> &'a mut Option<V>
where
    K: StoreKey + Hash + Eq + Clone,
    V: DeserializeOwned,
{
    changed.insert(key.clone());
    entries
        .as_mut()
        .entry(key)
        .or_insert_with_key(|key| Box::new(store.load(table, &key.key_bytes())))
}

/// A map kept in a [`Store`], or in memory if it has none (see the module documentation).
pub(crate) struct Stored<K, V> {
    table: &'static str,
    kept: Kept<K, V>,
}

enum Kept<K, V> {
    Memory(foldhash::HashMap<K, V>),
    Store {
        store: Arc<Store>,
        /// The entries a batch has read or written, `None` for one the store does not have or
        /// that the batch removed. Read through `&self` (an entry is read in when first asked
        /// for), written through `&mut self`.
        entries: FrozenMap<K, Box<Option<V>>, foldhash::fast::RandomState>,
        /// The keys of the entries written since the last flush.
        changed: foldhash::HashSet<K>,
    },
}

impl<K, V> Stored<K, V>
where
    K: StoreKey + FromStoreKey + Hash + Eq + Clone,
    V: Serialize + DeserializeOwned,
{
    /// A map in memory, named `table` if it is later kept in a store.
    pub fn in_memory(table: &'static str) -> Stored<K, V> {
        Stored {
            table,
            kept: Kept::Memory(Default::default()),
        }
    }

    /// A map kept as `table` in `store`.
    pub fn in_store(table: &'static str, store: Arc<Store>) -> Stored<K, V> {
        Stored {
            table,
            kept: Kept::Store {
                store,
                entries: FrozenMap::default(),
                changed: Default::default(),
            },
        }
    }

    /// The value of `key`.
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q> + From<Q::Owned>,
        Q: ?Sized + Hash + Eq + StoreKey + ToOwned,
    {
        match &self.kept {
            Kept::Memory(map) => map.get(key),
            Kept::Store { store, entries, .. } => {
                if let Some(slot) = entries.get(key) {
                    return slot.as_ref();
                }
                let loaded: Option<V> = store.load(self.table, &key.key_bytes());
                entries
                    .insert(K::from(key.to_owned()), Box::new(loaded))
                    .as_ref()
            }
        }
    }

    /// Whether there is a value for `key`.
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q> + From<Q::Owned>,
        Q: ?Sized + Hash + Eq + StoreKey + ToOwned,
    {
        self.get(key).is_some()
    }

    /// The value of `key`, to change.
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q> + From<Q::Owned>,
        Q: ?Sized + Hash + Eq + StoreKey + ToOwned,
    {
        self.get(key)?;
        match &mut self.kept {
            Kept::Memory(map) => map.get_mut(key),
            Kept::Store {
                store,
                entries,
                changed,
            } => slot(self.table, store, entries, changed, K::from(key.to_owned())).as_mut(),
        }
    }

    /// The value of `key`, made the default if there is none, to change.
    pub fn get_or_default(&mut self, key: K) -> &mut V
    where
        V: Default,
    {
        match &mut self.kept {
            Kept::Memory(map) => map.entry(key).or_default(),
            Kept::Store {
                store,
                entries,
                changed,
            } => slot(self.table, store, entries, changed, key).get_or_insert_with(V::default),
        }
    }

    /// Sets the value of `key`. (It does not say what it was: in a store, that would cost a
    /// read, most often of a key that is new.)
    pub fn insert(&mut self, key: K, value: V) {
        match &mut self.kept {
            Kept::Memory(map) => {
                map.insert(key, value);
            }
            Kept::Store {
                entries, changed, ..
            } => {
                changed.insert(key.clone());
                entries.as_mut().insert(key, Box::new(Some(value)));
            }
        }
    }

    /// Removes the value of `key`; returns it.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q> + From<Q::Owned>,
        Q: ?Sized + Hash + Eq + StoreKey + ToOwned,
    {
        match &mut self.kept {
            Kept::Memory(map) => map.remove(key),
            Kept::Store {
                store,
                entries,
                changed,
            } => slot(self.table, store, entries, changed, K::from(key.to_owned())).take(),
        }
    }

    /// The values of the keys that begin (as the store keeps them) with one of `prefixes`.
    /// A value the store holds that cannot be read counts as an error of the batch (see
    /// [`Store::failure`]).
    pub fn values_with_prefixes(&mut self, prefixes: &[Vec<u8>]) -> Vec<V>
    where
        V: Clone,
    {
        let wanted = |key: &K| {
            let bytes = key.key_bytes();
            prefixes.iter().any(|prefix| bytes.starts_with(prefix))
        };
        let mut values = Vec::new();
        match &mut self.kept {
            Kept::Memory(map) => values.extend(
                map.iter()
                    .filter(|(key, _)| wanted(key))
                    .map(|(_, value)| value.clone()),
            ),
            Kept::Store { store, entries, .. } => {
                let entries = entries.as_mut();
                let mut unreadable = false;
                for prefix in prefixes {
                    store.scan_prefix(self.table, prefix, |key, value| {
                        match K::from_key_bytes(key) {
                            Some(key) if entries.contains_key(&key) => {}
                            Some(_) => match postcard::from_bytes(value) {
                                Ok(value) => values.push(value),
                                Err(_) => unreadable = true,
                            },
                            None => unreadable = true,
                        }
                    });
                }
                if unreadable {
                    store.fail(format!("table {}: an entry cannot be read", self.table));
                }
                let held = entries.iter().filter(|(key, _)| wanted(key));
                values.extend(held.filter_map(|(_, slot)| slot.as_ref().clone()));
            }
        }
        values
    }

    /// The keys with a value that begin (as the store keeps them) with `prefix`, when
    /// `touched` holds every such key this batch wrote or removed: the batch's other entries
    /// are not gone through.
    pub fn keys_with_prefix(
        &mut self,
        prefix: &[u8],
        touched: impl IntoIterator<Item = K>,
    ) -> Vec<K> {
        let mut keys = Vec::new();
        match &mut self.kept {
            Kept::Memory(map) => keys.extend(
                map.keys()
                    .filter(|key| key.key_bytes().starts_with(prefix))
                    .cloned(),
            ),
            Kept::Store { store, entries, .. } => {
                let entries = entries.as_mut();
                untouched_keys(store, self.table, prefix, entries, &mut keys);
                let mut held: Vec<K> = touched
                    .into_iter()
                    .filter(|key| entries.get(key).is_some_and(|slot| slot.is_some()))
                    .collect();
                held.sort_by(|a, b| a.key_bytes().cmp(&b.key_bytes()));
                held.dedup();
                keys.extend(held);
            }
        }
        keys
    }

    /// Writes the entries changed since the last flush in `txn` and forgets every entry read,
    /// so that the next batch starts with nothing in memory. A map in memory keeps everything.
    pub fn flush(&mut self, txn: &redb::WriteTransaction) -> Result<(), WriteError> {
        let Kept::Store {
            entries, changed, ..
        } = &mut self.kept
        else {
            return Ok(());
        };
        let mut entries = std::mem::take(entries.as_mut());
        let mut writes: Vec<(Vec<u8>, Option<Vec<u8>>)> = Vec::with_capacity(changed.len());
        for key in changed.drain() {
            let Some(value) = entries.remove(&key) else {
                continue;
            };
            let bytes = match *value {
                Some(value) => Some(postcard::to_allocvec(&value).map_err(|err| {
                    let why = format!("table {}: {err}", self.table);
                    redb::Error::Io(std::io::Error::other(why))
                })?),
                None => None,
            };
            writes.push((key.key_bytes().into_owned(), bytes));
        }
        drop(entries);
        if writes.is_empty() {
            return Ok(());
        }
        // In key order: neighbouring keys share the store's pages.
        writes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut table = txn.open_table(definition(self.table))?;
        for (key, value) in writes {
            match value {
                Some(value) => {
                    table.insert(key.as_slice(), value.as_slice())?;
                }
                None => {
                    table.remove(key.as_slice())?;
                }
            }
        }
        Ok(())
    }

    /// Calls `visit` with every entry. A map in a store must have been flushed since its last
    /// change: the entries are read from the store.
    pub fn for_each(&self, mut visit: impl FnMut(&K, &V)) -> Result<(), IndexError> {
        match &self.kept {
            Kept::Memory(map) => {
                for (key, value) in map {
                    visit(key, value);
                }
                Ok(())
            }
            Kept::Store { store, changed, .. } => {
                debug_assert!(changed.is_empty(), "visited before a flush");
                let mut bad = None;
                store.scan(self.table, |key, value| {
                    let key = K::from_key_bytes(key);
                    let value: Option<V> = postcard::from_bytes(value).ok();
                    match (key, value) {
                        (Some(key), Some(value)) => visit(&key, &value),
                        _ => {
                            bad.get_or_insert(());
                        }
                    }
                })?;
                match bad {
                    None => Ok(()),
                    Some(()) => Err(IndexError::Index(format!(
                        "{}: an entry of table {} cannot be read",
                        store.path.display(),
                        self.table
                    ))),
                }
            }
        }
    }
}

/// The key of the article a statement belongs to: its id up to the last `#`. A statement's id
/// is its article's key, `#` and its number (the writer makes them so, and a number has no
/// `#`), so the article is known from the id alone; an id without `#` is an article of its
/// own.
pub(crate) fn article_of(statement: &str) -> &str {
    statement
        .rsplit_once('#')
        .map_or(statement, |(article, _)| article)
}

/// A map from statement ids, kept as one entry per article ([`article_of`]) holding its
/// statements' values: in a store, a batch reads and writes an article's statements together.
pub(crate) struct ByArticle<V> {
    articles: Stored<String, BTreeMap<StatementId, V>>,
}

impl<V> ByArticle<V>
where
    V: Serialize + DeserializeOwned,
{
    /// A map in memory, named `table` if it is later kept in a store.
    pub fn in_memory(table: &'static str) -> ByArticle<V> {
        ByArticle {
            articles: Stored::in_memory(table),
        }
    }

    /// A map kept as `table` in `store`.
    pub fn in_store(table: &'static str, store: Arc<Store>) -> ByArticle<V> {
        ByArticle {
            articles: Stored::in_store(table, store),
        }
    }

    /// The value of a statement.
    pub fn get(&self, statement: &str) -> Option<&V> {
        self.articles.get(article_of(statement))?.get(statement)
    }

    /// Whether a statement has a value.
    pub fn contains_key(&self, statement: &str) -> bool {
        self.get(statement).is_some()
    }

    /// The value of a statement, to change.
    pub fn get_mut(&mut self, statement: &str) -> Option<&mut V> {
        self.articles
            .get_mut(article_of(statement))?
            .get_mut(statement)
    }

    /// Sets the value of a statement.
    pub fn insert(&mut self, statement: StatementId, value: V) {
        let article = article_of(&statement).to_owned();
        self.articles
            .get_or_default(article)
            .insert(statement, value);
    }

    /// Removes the value of a statement; returns it.
    pub fn remove(&mut self, statement: &str) -> Option<V> {
        let article = article_of(statement);
        let statements = self.articles.get_mut(article)?;
        let value = statements.remove(statement);
        if statements.is_empty() {
            self.articles.remove(article);
        }
        value
    }

    /// Removes every statement of an article; returns them with their values.
    pub fn remove_article(&mut self, article: &str) -> BTreeMap<StatementId, V> {
        self.articles.remove(article).unwrap_or_default()
    }

    /// See [`Stored::flush`].
    pub fn flush(&mut self, txn: &redb::WriteTransaction) -> Result<(), WriteError> {
        self.articles.flush(txn)
    }

    /// Calls `visit` with every statement and its value (see [`Stored::for_each`]).
    #[cfg(test)]
    pub fn for_each(&self, mut visit: impl FnMut(&StatementId, &V)) -> Result<(), IndexError> {
        self.articles.for_each(|_, statements| {
            for (statement, value) in statements {
                visit(statement, value);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(dir: &Path) -> [Stored<Arc<str>, Vec<u32>>; 2] {
        let store = Arc::new(Store::create(dir).unwrap());
        [
            Stored::in_memory("lists"),
            Stored::in_store("lists", store.clone()),
        ]
    }

    fn committed(map: &mut Stored<Arc<str>, Vec<u32>>) {
        if let Kept::Store { store, .. } = &map.kept {
            let store = store.clone();
            let meta = StoreMeta {
                opstamp: 3,
                seed: 9,
            };
            store.commit(meta, |txn| map.flush(txn)).unwrap();
            assert_eq!(store.meta(), Some(meta));
        }
    }

    fn all(map: &Stored<Arc<str>, Vec<u32>>) -> Vec<(String, Vec<u32>)> {
        let mut all = Vec::new();
        map.for_each(|k, v| all.push((k.to_string(), v.clone())))
            .unwrap();
        all.sort();
        all
    }

    /// The same operations give the same map in memory and in a store, through flushes that
    /// forget what was read.
    #[test]
    fn a_stored_map_is_a_map() {
        let dir = tempfile::tempdir().unwrap();
        for mut map in both(dir.path()) {
            map.insert("a".into(), vec![1]);
            map.get_or_default("b".into()).push(2);
            assert_eq!(map.get("a"), Some(&vec![1]));
            committed(&mut map);
            assert_eq!(map.get("b"), Some(&vec![2]));
            map.get_mut("a").unwrap().push(3);
            assert_eq!(map.remove("b"), Some(vec![2]));
            assert_eq!(map.remove("b"), None);
            assert!(!map.contains_key("c"));
            committed(&mut map);
            assert_eq!(map.get("a"), Some(&vec![1, 3]));
            assert!(map.get("b").is_none());
            map.get_or_default("c".into()).push(4);
            map.insert("c".into(), vec![5]);
            committed(&mut map);
            assert_eq!(all(&map), [("a".into(), vec![1, 3]), ("c".into(), vec![5])]);
        }
    }

    /// Statements kept per article behave as a map of statements, in memory and in a store.
    #[test]
    fn statements_kept_per_article_are_a_map_of_statements() {
        assert_eq!(
            article_of("url:https://a.example/x#y#3"),
            "url:https://a.example/x#y"
        );
        assert_eq!(article_of("s12"), "s12");
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::create(dir.path()).unwrap());
        let maps: [ByArticle<u32>; 2] = [
            ByArticle::in_memory("by_article"),
            ByArticle::in_store("by_article", store.clone()),
        ];
        let commit = |map: &mut ByArticle<u32>| {
            let meta = StoreMeta {
                opstamp: 1,
                seed: 2,
            };
            store.commit(meta, |txn| map.flush(txn)).unwrap();
        };
        for mut map in maps {
            map.insert("a#0".into(), 1);
            map.insert("a#1".into(), 2);
            map.insert("b#0".into(), 3);
            commit(&mut map);
            assert_eq!(map.get("a#1"), Some(&2));
            *map.get_mut("a#0").unwrap() += 10;
            assert_eq!(map.remove("b#0"), Some(3));
            assert!(!map.contains_key("b#0"));
            assert_eq!(map.remove("b#0"), None);
            commit(&mut map);
            let mut all = Vec::new();
            map.for_each(|id, value| all.push((id.to_string(), *value)))
                .unwrap();
            all.sort();
            assert_eq!(all, [("a#0".to_owned(), 11), ("a#1".to_owned(), 2)]);
            let removed = map.remove_article("a");
            assert_eq!(removed.len(), 2);
            assert!(map.get("a#0").is_none());
            commit(&mut map);
            assert!(map.remove_article("a").is_empty());
        }
    }

    #[test]
    fn a_store_of_another_layout_or_none_is_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Store::open(dir.path()).unwrap().is_none());
        // Created, never committed: it says nothing of itself.
        drop(Store::create(dir.path()).unwrap());
        assert!(Store::open(dir.path()).unwrap().is_none());
        std::fs::write(dir.path().join(STORE_FILE), b"not a store").unwrap();
        assert!(Store::open(dir.path()).unwrap().is_none());
    }
}
