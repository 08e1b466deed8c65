//! One identity per real speaker across articles, decided from the whole index at once.
//!
//! Within an article the extractor already gives each speaker its fullest name ("Mark Rutte"
//! for "Rutte", "He", "The NATO leader"), with roles split off ("NATO Secretary General").
//! Across articles, this module decides which names are one speaker. The decision is a
//! function of the set of statements in the index, never of the order they came in: indexing
//! the same articles again, or in another order, gives every statement the same identity.
//! When new articles change what a name means (a second "Smith" arrives), the identities of
//! the statements concerned change too, and [`Speakers::dirty`] says which names to look at.
//!
//! The rules, for people:
//!
//! - Names are compared on their words, lower-cased, without dots, with leading titles
//!   ("Sen.", "Lt. Col.", "Mr.") and a trailing "of Vermont" set aside. A generational suffix
//!   ("Jr.", "III") is kept: Donald Trump Jr. is not Donald Trump.
//! - The same first and last name is one speaker whatever the middle names, unless the index
//!   holds two different middle names for it (George W. Bush and George H. W. Bush): then each
//!   middle name is its own speaker, and the name without one is a third, undecided, identity.
//!   Middle names compare by their initials ("John" and "J." agree). A different first name is
//!   always a different speaker.
//! - A bare surname ("Rutte") is the one person of the index with that surname; if there are
//!   several, the one that shares a role with this statement's speaker; if that does not
//!   settle it, or the only candidate and this statement both have roles and share none
//!   ("President Obama" and the only Obama being a first lady), it stays an identity of its
//!   own, named after the surname. Merging two people is worse than splitting one.
//!
//! Organisations, places and groups are one identity per name (case, dots and spacing aside).
//!
//! An identity's id is a slug of the words that decide it ("mark-rutte", "george-hw-bush",
//! "obama"), so it is stable as long as what the index holds about the name is; its display
//! name is the form articles use most for it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

// Seeded and fast: see `registry`.
use foldhash::{HashMap, HashSet, HashSetExt};

use serde::{Deserialize, Serialize};

use crate::quotes::StatementId;
use crate::state::{Store, Stored, WriteError};
use crate::IndexError;

mod names;

pub use names::NameKey;
use names::{role_key, slug, GroupKey};

/// What the index knows of a statement's speaker: the inputs of its identity.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SpeakerFacts {
    /// The name as the article gives it ("Mark Rutte", "the NATO leader").
    pub name: String,
    /// Whether the extractor took the speaker for a person (names of people are matched by
    /// first and last name; other names only as a whole).
    pub person: bool,
    /// The roles the article gives the speaker.
    pub roles: Vec<String>,
}

/// What the index holds under one name key: what its statements say of it, each saying
/// once with how many say it (its statements are in [`Speakers::statements`]). Most
/// statements of a name say the same of it ("Donald Trump", "President"), so this stays
/// small however often the name is quoted.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct NameEntry {
    /// Sayings by number (a statement refers to its saying by it); one no statement says any
    /// more is free for the next new saying.
    sayings: Vec<Saying>,
    /// The place the name's next statement takes among its statements (see [`NameRecord`]).
    next_place: u64,
}

/// Where a statement's speaker is recorded: under which name, with which of the name's
/// sayings, and in which place among the name's statements. A statement keeps its record
/// (the registry keeps it with the statement's other facts) and hands it back to be removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct NameRecord {
    pub key: NameKey,
    /// The number of its saying in the name's entry.
    saying: u32,
    /// Its place among the name's statements: places are given out in the order statements
    /// come and never again, so a store, which keeps a name's statements in the order of
    /// their places, [`PLACES_PER_ENTRY`] to an entry, adds a batch's to the last entries
    /// of each name. Kept in the order of their ids instead, each would fall at random
    /// among the others and, once the table outgrows the store's cache, cost a page read
    /// and a page written of its own.
    place: u64,
}

/// How many places among a name's statements one store entry holds. A batch writes an
/// entry once, however many of its statements it gains, where an entry per statement was a
/// B-tree insert per statement (most of the cost of writing the speakers' tables); a
/// statement's ids make an entry of at most a couple of kilobytes, rewritten whole when the
/// next batch adds to it or a statement in it is removed.
const PLACES_PER_ENTRY: u64 = 32;

#[derive(Debug, Serialize, Deserialize)]
struct Saying {
    said: Said,
    statements: usize,
}

impl NameEntry {
    fn statements(&self) -> usize {
        self.sayings.iter().map(|saying| saying.statements).sum()
    }

    /// The number of `said` among the sayings, added if it is new.
    fn number_of(&mut self, said: Said) -> u32 {
        if let Some(n) = self.sayings.iter().position(|saying| saying.said == said) {
            return n as u32;
        }
        let saying = Saying {
            said,
            statements: 0,
        };
        match self
            .sayings
            .iter()
            .position(|saying| saying.statements == 0)
        {
            Some(free) => {
                self.sayings[free] = saying;
                free as u32
            }
            None => {
                self.sayings.push(saying);
                (self.sayings.len() - 1) as u32
            }
        }
    }
}

/// What one statement says of its speaker.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct Said {
    /// The name as the article wrote it, spaces made single.
    form: String,
    /// The roles as the article wrote them.
    roles: Vec<String>,
    /// The roles as they are compared.
    role_keys: Vec<String>,
}

/// The identities of an index: every speaker name it holds, and what they resolve to.
pub struct Speakers {
    /// Every name key held.
    names: Stored<NameKey, NameEntry>,
    /// The statements of each name, with the number of their saying in its entry.
    statements: NameStatements,
    /// The roles of each name's statements as they are compared ([`role_key`]), with how
    /// often: what a bare surname is matched against. Apart from the names' statements, which
    /// matching does not need.
    roles: Stored<NameKey, BTreeMap<String, usize>>,
    /// Full names by first, last name and suffix: the middle names seen, with how many names.
    groups: Stored<GroupKey, BTreeMap<String, usize>>,
    /// Full-name groups by surname, for bare surnames.
    surnames: Stored<String, BTreeSet<GroupKey>>,
    /// Bare names by surname: the names a change to a full name may concern.
    bare: Stored<String, BTreeSet<NameKey>>,
    /// Name keys whose recorded statements may have a new identity since
    /// [`Speakers::take_dirty`].
    dirty: HashSet<NameKey>,
}

/// The statements of each name by their place (see [`NameRecord`]): in memory, a map per
/// name; in a store, an entry per name and run of [`PLACES_PER_ENTRY`] places, so that a
/// batch writes only the entries it adds to or removes from, and reads all of a name's only
/// when they may change identity.
enum NameStatements {
    Memory(HashMap<NameKey, HashMap<u64, StatementId>>),
    Store(Stored<NamePlaces, PlacedStatements>),
}

/// A run of places among a name's statements (the places `run * PLACES_PER_ENTRY` on), as
/// a key of the store.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct NamePlaces {
    pub name: NameKey,
    pub run: u64,
}

/// The statements of a run of places, each with its place in the run, in the order they
/// came.
type PlacedStatements = Vec<(u8, StatementId)>;

impl NamePlaces {
    /// The run of `place` among `name`'s statements, and its place in the run.
    fn of(name: &NameKey, place: u64) -> (NamePlaces, u8) {
        let run = NamePlaces {
            name: name.clone(),
            run: place / PLACES_PER_ENTRY,
        };
        // Less than PLACES_PER_ENTRY, which is less than 256.
        (run, (place % PLACES_PER_ENTRY) as u8)
    }

    /// What the store's keys of a name's statements begin with: the name's key in postcard's
    /// encoding, which no other name's begins with (it ends with a string that says its
    /// length).
    fn prefix(name: &NameKey) -> Vec<u8> {
        postcard::to_allocvec(name).unwrap_or_default()
    }
}

impl NameStatements {
    fn insert(&mut self, name: &NameKey, place: u64, statement: &StatementId) {
        match self {
            NameStatements::Memory(map) => {
                let statements = map.entry(name.clone()).or_default();
                statements.insert(place, statement.clone());
            }
            NameStatements::Store(stored) => {
                let (run, at) = NamePlaces::of(name, place);
                stored.get_or_default(run).push((at, statement.clone()));
            }
        }
    }

    fn remove(&mut self, name: &NameKey, place: u64) {
        match self {
            NameStatements::Memory(map) => {
                if let Some(statements) = map.get_mut(name) {
                    statements.remove(&place);
                    if statements.is_empty() {
                        map.remove(name);
                    }
                }
            }
            NameStatements::Store(stored) => {
                let (run, at) = NamePlaces::of(name, place);
                let Some(statements) = stored.get_mut(&run) else {
                    return;
                };
                statements.retain(|(place, _)| *place != at);
                if statements.is_empty() {
                    stored.remove(&run);
                }
            }
        }
    }

    /// Every statement of the names.
    fn of_names(&mut self, names: &[NameKey]) -> Vec<StatementId> {
        match self {
            NameStatements::Memory(map) => names
                .iter()
                .filter_map(|name| map.get(name))
                .flat_map(|statements| statements.values().cloned())
                .collect(),
            NameStatements::Store(stored) => {
                let prefixes: Vec<Vec<u8>> = names.iter().map(NamePlaces::prefix).collect();
                let runs = stored.values_with_prefixes(&prefixes);
                runs.into_iter()
                    .flatten()
                    .map(|(_, statement)| statement)
                    .collect()
            }
        }
    }
}

impl crate::state::StoreKey for NamePlaces {
    fn key_bytes(&self) -> std::borrow::Cow<'_, [u8]> {
        let mut bytes = NamePlaces::prefix(&self.name);
        // Big-endian, so that a name's runs are in order among the store's keys.
        bytes.extend_from_slice(&self.run.to_be_bytes());
        std::borrow::Cow::Owned(bytes)
    }
}

impl crate::state::FromStoreKey for NamePlaces {
    fn from_key_bytes(bytes: &[u8]) -> Option<NamePlaces> {
        let (name, rest) = postcard::take_from_bytes::<NameKey>(bytes).ok()?;
        Some(NamePlaces {
            name,
            run: u64::from_be_bytes(rest.try_into().ok()?),
        })
    }
}

/// An identity as shown: id, display name, roles and how many statements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// A slug of the words that decide it ("mark-rutte").
    pub id: String,
    /// The form articles use most for it.
    pub name: String,
    /// Roles as articles wrote them, most frequent first.
    pub roles: Vec<String>,
    /// How many statements have it.
    pub statements: usize,
}

impl Default for Speakers {
    fn default() -> Speakers {
        Speakers {
            names: Stored::in_memory("names"),
            statements: NameStatements::Memory(HashMap::default()),
            roles: Stored::in_memory("name_roles"),
            groups: Stored::in_memory("name_groups"),
            surnames: Stored::in_memory("surnames"),
            bare: Stored::in_memory("bare_names"),
            dirty: HashSet::default(),
        }
    }
}

impl Speakers {
    /// The speakers kept in `store`.
    pub(crate) fn in_store(store: &Arc<Store>) -> Speakers {
        Speakers {
            names: Stored::in_store("names", store.clone()),
            statements: NameStatements::Store(Stored::in_store("name_statements", store.clone())),
            roles: Stored::in_store("name_roles", store.clone()),
            groups: Stored::in_store("name_groups", store.clone()),
            surnames: Stored::in_store("surnames", store.clone()),
            bare: Stored::in_store("bare_names", store.clone()),
            dirty: HashSet::default(),
        }
    }

    /// Writes what changed to the store (see [`Stored::flush`]).
    pub(crate) fn flush(&mut self, txn: &redb::WriteTransaction) -> Result<(), WriteError> {
        self.names.flush(txn)?;
        if let NameStatements::Store(statements) = &mut self.statements {
            statements.flush(txn)?;
        }
        self.roles.flush(txn)?;
        self.groups.flush(txn)?;
        self.surnames.flush(txn)?;
        self.bare.flush(txn)
    }

    /// Records the speaker of a statement not recorded (or removed since); returns where
    /// (`None` for a name without words, which has no identity).
    pub(crate) fn add(
        &mut self,
        statement: &StatementId,
        facts: &SpeakerFacts,
    ) -> Option<NameRecord> {
        let key = NameKey::of(&facts.name, facts.person)?;
        let entry = self.names.get_or_default(key.clone());
        let role_keys: Vec<String> = facts.roles.iter().map(|r| role_key(r)).collect();
        let said = Said {
            form: normal_form(&facts.name),
            roles: facts.roles.iter().map(|r| r.trim().to_owned()).collect(),
            role_keys: role_keys.clone(),
        };
        let new_name = entry.statements() == 0;
        let saying = entry.number_of(said);
        entry.sayings[saying as usize].statements += 1;
        let place = entry.next_place;
        entry.next_place += 1;
        self.statements.insert(&key, place, statement);
        let mut new_role = false;
        if !role_keys.is_empty() {
            let roles = self.roles.get_or_default(key.clone());
            for role in role_keys {
                let count = roles.entry(role).or_default();
                new_role |= *count == 0;
                *count += 1;
            }
        }
        if new_name {
            match &key {
                NameKey::Full { .. } => {
                    let group = key.group().unwrap_or_default();
                    *self
                        .groups
                        .get_or_default(group.clone())
                        .entry(middle_of(&key))
                        .or_default() += 1;
                    self.surnames.get_or_default(group.1.clone()).insert(group);
                }
                NameKey::Bare { surname, .. } => {
                    self.bare
                        .get_or_default(surname.clone())
                        .insert(key.clone());
                }
                NameKey::Other(_) => {}
            }
        }
        self.changed(&key, new_name, new_role);
        Some(NameRecord { key, saying, place })
    }

    /// Forgets a statement's speaker, recorded before as `record`.
    pub(crate) fn remove(&mut self, record: &NameRecord) {
        let key = &record.key;
        self.statements.remove(key, record.place);
        let Some(entry) = self.names.get_mut(key) else {
            return;
        };
        let Some(saying) = entry.sayings.get_mut(record.saying as usize) else {
            return;
        };
        saying.statements = saying.statements.saturating_sub(1);
        let said = saying.said.clone();
        let gone = entry.statements() == 0;
        let mut lost_role = false;
        if !said.role_keys.is_empty() {
            if let Some(roles) = self.roles.get_mut(key) {
                for role in &said.role_keys {
                    lost_role |= decrement(roles, role);
                }
                if roles.is_empty() {
                    self.roles.remove(key);
                }
            }
        }
        if gone {
            self.names.remove(key);
            match key {
                NameKey::Full { .. } => {
                    let group = key.group().unwrap_or_default();
                    if let Some(middles) = self.groups.get_mut(&group) {
                        decrement(middles, &middle_of(key));
                        if middles.is_empty() {
                            self.groups.remove(&group);
                            remove_from(&mut self.surnames, &group.1, &group);
                        }
                    }
                }
                NameKey::Bare { surname, .. } => remove_from(&mut self.bare, surname, key),
                NameKey::Other(_) => {}
            }
        }
        self.changed(key, gone, lost_role);
    }

    /// Marks the names whose statements may resolve differently after a change under `key`:
    /// when a full name appears or goes, every name of its group (the middle names decide them
    /// together) and the bare surnames that may mean it; when its roles change, those bare
    /// surnames. A statement's own identity depends on nothing else, so the other names of a
    /// change need no second look.
    fn changed(&mut self, key: &NameKey, name_changed: bool, roles_changed: bool) {
        let Some(group) = key.group() else { return };
        if name_changed {
            for middle in self.groups.get(&group).into_iter().flat_map(|m| m.keys()) {
                self.dirty.insert(NameKey::Full {
                    first: group.0.clone(),
                    middle: middle.clone(),
                    last: group.1.clone(),
                    suffix: group.2.clone(),
                });
            }
        }
        if name_changed || roles_changed {
            let bare = self.bare.get(&group.1).into_iter().flatten().cloned();
            self.dirty.extend(bare);
        }
    }

    /// The statements whose identity may have changed since the last call, by their name key.
    pub(crate) fn take_dirty(&mut self) -> Vec<StatementId> {
        let keys: Vec<NameKey> = std::mem::take(&mut self.dirty).into_iter().collect();
        let mut statements = self.statements.of_names(&keys);
        statements.sort();
        statements
    }

    /// The identity id of a statement recorded under `key` whose speaker has `roles`.
    pub fn identity_of(&self, key: &NameKey, roles: &[String]) -> String {
        identity_with(
            key,
            |group| self.is_split(group),
            |surname, suffix| {
                let roles: BTreeSet<String> = roles.iter().map(|r| role_key(r)).collect();
                self.bare_match(surname, suffix, &roles)
            },
        )
    }

    /// The identity of a statement already recorded (as `record`): by its own roles.
    pub(crate) fn identity_of_statement(&self, record: &NameRecord) -> String {
        let key = &record.key;
        let said = self
            .names
            .get(key)
            .and_then(|entry| Some(&entry.sayings.get(record.saying as usize)?.said));
        let roles = said.map_or(&[][..], |said| &said.role_keys[..]);
        self.identity_of(key, roles)
    }

    fn full_identity(&self, key: &NameKey) -> String {
        full_slug(key, key.group().is_some_and(|group| self.is_split(&group)))
    }

    /// Whether the index holds two middle names or more for a first and last name, which
    /// makes each middle name its own speaker.
    fn is_split(&self, group: &GroupKey) -> bool {
        let middles = self.groups.get(group);
        middles.map_or(0, |m| m.keys().filter(|m| !m.is_empty()).count()) >= 2
    }

    /// The one full-name identity a bare surname can mean, if the index says which.
    fn bare_match(&self, surname: &str, suffix: &str, roles: &BTreeSet<String>) -> Option<String> {
        // The identities with this surname, each with the roles of its full-name statements.
        let mut candidates: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for group in self.surnames.get(surname)? {
            if !suffix.is_empty() && group.2 != suffix {
                continue;
            }
            for middle in self.groups.get(group).into_iter().flat_map(|m| m.keys()) {
                let key = NameKey::Full {
                    first: group.0.clone(),
                    middle: middle.clone(),
                    last: group.1.clone(),
                    suffix: group.2.clone(),
                };
                let id = self.full_identity(&key);
                let theirs = self.roles.get(&key).into_iter();
                candidates
                    .entry(id)
                    .or_default()
                    .extend(theirs.flat_map(|roles| roles.keys().cloned()));
            }
        }
        let sharing: Vec<&String> = candidates
            .iter()
            .filter(|(_, theirs)| !theirs.is_disjoint(roles))
            .map(|(id, _)| id)
            .collect();
        if let [only] = sharing[..] {
            return Some(only.clone());
        }
        match candidates.iter().next() {
            // Roles are written in too many ways ("U.S. President", "president") to count
            // against the only candidate there is, unless both sides have some and none agree.
            Some((id, theirs))
                if candidates.len() == 1 && (roles.is_empty() || theirs.is_empty()) =>
            {
                Some(id.clone())
            }
            _ => None,
        }
    }

    /// Every identity with its display name, roles and number of statements, sorted by id.
    /// In a store, the speakers must have been flushed since their last change.
    pub fn identities(&self) -> Result<Vec<Identity>, IndexError> {
        let mut by_id: BTreeMap<String, Gathered> = BTreeMap::new();
        self.names.for_each(|key, entry| {
            // A bare name's statements may go to different identities: each takes its own
            // statement's name and roles.
            let full = !matches!(key, NameKey::Bare { .. });
            for saying in entry.sayings.iter().filter(|saying| saying.statements > 0) {
                let (said, count) = (&saying.said, saying.statements);
                let gathered = by_id
                    .entry(self.identity_of(key, &said.role_keys))
                    .or_default();
                gathered.statements += count;
                *gathered.forms.entry((full, said.form.clone())).or_default() += count;
                for role in &said.roles {
                    *gathered.roles.entry(role.clone()).or_default() += count;
                }
            }
        })?;
        Ok(by_id
            .into_iter()
            .map(|(id, gathered)| gathered.identity(id))
            .collect())
    }

    /// One identity by id.
    #[cfg(test)]
    pub fn get(&self, id: &str) -> Option<Identity> {
        self.identities()
            .ok()?
            .into_iter()
            .find(|identity| identity.id == id)
    }

    /// The identity a user means by `name_or_id`: an id, or a name as it would be resolved
    /// for a statement without roles.
    pub fn lookup(&self, name_or_id: &str) -> Option<String> {
        let identities = self.identities().ok()?;
        let ids: BTreeSet<String> = identities.into_iter().map(|i| i.id).collect();
        lookup_with(
            name_or_id,
            |id| ids.contains(id),
            |key| self.identity_of(key, &[]),
        )
    }

    /// What a reader needs of the identities, without the statements.
    pub fn table(&self, identities: Vec<Identity>) -> Result<IdentityTable, IndexError> {
        let mut split = BTreeSet::new();
        self.groups.for_each(|group, _| {
            if self.is_split(group) {
                split.insert(group.clone());
            }
        })?;
        let mut surnames = Vec::new();
        self.surnames
            .for_each(|surname, groups| surnames.push((surname.clone(), groups.clone())))?;
        let mut bare = Vec::new();
        for (surname, groups) in &surnames {
            let suffixes: BTreeSet<&str> = groups
                .iter()
                .map(|group| group.2.as_str())
                .chain([""])
                .collect();
            for suffix in suffixes {
                if let Some(id) = self.bare_match(surname, suffix, &BTreeSet::new()) {
                    bare.push((surname.clone(), suffix.to_owned(), id));
                }
            }
        }
        bare.sort();
        Ok(IdentityTable {
            identities,
            split,
            bare,
        })
    }
}

/// The identity a user means by `name_or_id`, given which ids exist and what a name key with
/// no roles resolves to: an id, or a name as it would be resolved for a statement without
/// roles, if that is an identity of the index.
fn lookup_with(
    name_or_id: &str,
    is_id: impl Fn(&str) -> bool,
    resolve: impl Fn(&NameKey) -> String,
) -> Option<String> {
    if is_id(name_or_id) {
        return Some(name_or_id.to_owned());
    }
    [
        NameKey::of_query(name_or_id),
        NameKey::of(name_or_id, false),
    ]
    .into_iter()
    .flatten()
    .map(|key| resolve(&key))
    .find(|id| is_id(id))
}

/// The identity id of a name key, given which full-name groups their middle names split and
/// which full-name identity a bare surname (with its suffix) means, if any: the rules that
/// [`Speakers`] and [`NameResolver`] share, each with its own way of answering those two.
fn identity_with(
    key: &NameKey,
    is_split: impl Fn(&GroupKey) -> bool,
    bare_match: impl Fn(&str, &str) -> Option<String>,
) -> String {
    match key {
        NameKey::Other(words) => slug(&words.split(' ').collect::<Vec<_>>()),
        NameKey::Full { .. } => full_slug(key, key.group().is_some_and(|group| is_split(&group))),
        NameKey::Bare { surname, suffix } => bare_match(surname, suffix)
            .unwrap_or_else(|| slug(&[surname.as_str(), suffix.as_str()])),
    }
}

/// A full name's identity: its first and last name and suffix, with its middle name too when
/// the index holds several for them (`split`).
fn full_slug(key: &NameKey, split: bool) -> String {
    let NameKey::Full {
        first,
        middle,
        last,
        suffix,
    } = key
    else {
        return String::new();
    };
    if split && !middle.is_empty() {
        slug(&[first, middle, last, suffix])
    } else {
        slug(&[first, last, suffix])
    }
}

/// The identities of an index as a reader needs them, without its statements: every identity,
/// and what decides how a name a user types resolves (which full names are split by their
/// middle names, and what each bare surname means). A writer saves it beside the index, so
/// that a reader opens without reading every statement; it resolves names exactly as
/// [`Speakers::lookup`] does.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct IdentityTable {
    /// Every identity, sorted by id.
    pub identities: Vec<Identity>,
    /// First name, last name and suffix of the full names split by their middle names.
    split: BTreeSet<GroupKey>,
    /// Surname, suffix, and the identity the bare surname means with no roles, where the
    /// index says.
    bare: Vec<(String, String, String)>,
}

impl IdentityTable {
    /// Splits the table into its identities and what resolves names.
    pub fn into_parts(self) -> (Vec<Identity>, NameResolver) {
        let bare = self
            .bare
            .into_iter()
            .map(|(surname, suffix, id)| ((surname, suffix), id))
            .collect();
        let resolver = NameResolver {
            split: self.split,
            bare,
        };
        (self.identities, resolver)
    }
}

/// How names resolve to identities, from an [`IdentityTable`].
#[derive(Debug, Default)]
pub struct NameResolver {
    split: BTreeSet<GroupKey>,
    bare: HashMap<(String, String), String>,
}

impl NameResolver {
    /// The identity a user means by `name_or_id`, as [`Speakers::lookup`] says; `is_id` says
    /// which ids exist.
    pub fn lookup(&self, name_or_id: &str, is_id: impl Fn(&str) -> bool) -> Option<String> {
        lookup_with(name_or_id, is_id, |key| self.resolve(key))
    }

    /// What [`Speakers::identity_of`] says of `key` with no roles.
    fn resolve(&self, key: &NameKey) -> String {
        identity_with(
            key,
            |group| self.split.contains(group),
            |surname, suffix| {
                let key = (surname.to_owned(), suffix.to_owned());
                self.bare.get(&key).cloned()
            },
        )
    }
}

/// What [`Speakers::identities`] gathers per identity.
#[derive(Default)]
struct Gathered {
    statements: usize,
    /// Forms, keyed by whether the name is more than a bare surname, then the form.
    forms: BTreeMap<(bool, String), usize>,
    roles: BTreeMap<String, usize>,
}

impl Gathered {
    fn identity(self, id: String) -> Identity {
        // The display name: a full name if there is one, the most frequent, then one not in
        // capitals, then the first in order.
        let name = self
            .forms
            .iter()
            .max_by(|(a, ca), (b, cb)| {
                a.0.cmp(&b.0)
                    .then(ca.cmp(cb))
                    .then(is_shouted(&b.1).cmp(&is_shouted(&a.1)))
                    .then(b.1.cmp(&a.1))
            })
            .map(|((_, form), _)| form.clone())
            .unwrap_or_else(|| id.clone());
        let mut roles: Vec<(String, usize)> = self.roles.into_iter().collect();
        roles.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        // One spelling per role ("President", "president").
        let mut seen = HashSet::new();
        let roles = roles
            .into_iter()
            .filter(|(role, _)| seen.insert(role_key(role)))
            .map(|(role, _)| role)
            .collect();
        Identity {
            id,
            name,
            roles,
            statements: self.statements,
        }
    }
}

fn is_shouted(name: &str) -> bool {
    !name.chars().any(char::is_lowercase) && name.chars().any(char::is_uppercase)
}

fn normal_form(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn middle_of(key: &NameKey) -> String {
    match key {
        NameKey::Full { middle, .. } => middle.clone(),
        _ => String::new(),
    }
}

/// Counts one `key` less; true when that was the last.
fn decrement(map: &mut BTreeMap<String, usize>, key: &str) -> bool {
    let Some(count) = map.get_mut(key) else {
        return false;
    };
    *count -= 1;
    let last = *count == 0;
    if last {
        map.remove(key);
    }
    last
}

fn remove_from<K>(map: &mut Stored<String, BTreeSet<K>>, at: &str, item: &K)
where
    K: Ord + Serialize + serde::de::DeserializeOwned,
{
    if let Some(set) = map.get_mut(at) {
        set.remove(item);
        if set.is_empty() {
            map.remove(at);
        }
    }
}

#[cfg(test)]
mod tests;
