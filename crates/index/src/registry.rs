//! The derived fields of the statements in an index, their speaker identity and quote group,
//! kept as a function of the statements the index holds.
//!
//! Every statement has facts (what its article says: the speaker's name, type and roles, the
//! words of its content) and derived fields (what the index makes of them together with every
//! other statement). [`Registry::apply`] takes a batch of articles, each replacing whatever the
//! index held under its key, and returns the derived fields of the batch's statements and of
//! every statement already stored whose derived fields the batch changed, for the writer to
//! rewrite in the same commit. Since the derived fields depend only on the set of facts, the
//! index comes out the same whatever order articles are indexed in, and indexing an article
//! again changes nothing.

use std::collections::BTreeMap;
use std::hash::BuildHasher;
use std::path::Path;
use std::sync::Arc;

// A seeded hash that is fast on the statement ids these maps are keyed by: ids come from
// URLs, so a fixed hash would be open to chosen collisions.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use serde::{Deserialize, Serialize};

use crate::mapped::MappedMap;
use crate::quotes::{GroupName, QuoteFacts, QuoteGroups, StatementId};
use crate::speakers::{Identity, IdentityTable, NameRecord, NameResolver, SpeakerFacts, Speakers};
use crate::state::{ByArticle, Staged, Store, StoreMeta};
use crate::IndexError;

/// What an article says about a statement: the inputs of its derived fields.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct StatementFacts {
    pub speaker: Option<SpeakerFacts>,
    /// The hashed word set of its content ([`crate::quotes::word_set`]).
    pub words: Vec<u64>,
}

/// What the index makes of a statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Derived {
    /// The speaker's identity id.
    pub speaker: Option<String>,
    /// The quote group's name (`quotes::group_id` writes its id); none in a registry that
    /// keeps no quote groups.
    pub quote: Option<GroupName>,
}

/// An article of a batch: its key and its statements (id and facts), in order.
pub(crate) type BatchArticle = (String, Vec<(String, StatementFacts)>);

/// What a batch does to the index's derived fields.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// The derived fields of every statement of the batch.
    pub batch: HashMap<StatementId, Derived>,
    /// Statements outside the batch whose derived fields changed, with the new ones.
    pub rewrites: BTreeMap<StatementId, Derived>,
    /// The batch's articles that the index has statements of, which the batch replaces (the
    /// others are new, and have no documents to delete).
    pub replaced: HashSet<String>,
}

/// A statement as the registry keeps it: only what a later batch needs of it (its words are
/// with its quote variant, what its speaker said with the speakers).
#[derive(Serialize, Deserialize)]
struct Live {
    /// A hash of its facts, to tell a statement indexed again unchanged.
    facts: u64,
    /// Where its speaker is recorded, if it has one with a name.
    speaker: Option<NameRecord>,
    derived: Derived,
}

/// Every statement of an index with its facts and derived fields, in memory or, for a
/// writer, in a [`Store`] beside the index.
pub(crate) struct Registry {
    /// Every statement, kept with the others of its article (whose key its id begins with).
    statements: ByArticle<Live>,
    speakers: Speakers,
    /// The quote groups, if kept (a writer needs them; a reader finds them stored).
    quotes: Option<QuoteGroups>,
    /// The identities as shown, computed when first asked for after a change.
    identities: Option<Identities>,
    /// For a registry read from a saved [`IdentityTable`] (which holds no statements): how
    /// names resolve.
    resolver: Option<NameResolver>,
    /// Hashes statements' facts, seeded for this registry: an article could otherwise be
    /// changed so that its facts hash as before and the change go unnoticed.
    /// Kept in the store with its seed: a hash that a new build computes differently only
    /// makes a statement indexed again look changed, which decides it anew the same way.
    facts_hasher: foldhash::fast::FixedState,
    seed: u64,
    /// The store the registry is kept in, if any.
    store: Option<Arc<Store>>,
    /// The segments whose documents the registry holds; `None` when it must be read again
    /// from the index (a commit failed half-way).
    pub version: Option<RegistryVersion>,
}

/// The file beside the index's own files that holds the first variant of each LSH band key
/// of a writer's quote groups.
pub(crate) const BANDS_FILE: &str = "whosaid-bands.map";

/// A seed no one outside can guess, for the hash of facts.
fn random_seed() -> u64 {
    foldhash::fast::RandomState::default().hash_one(0u64)
}

/// Which documents a registry was read from: an index's segments and their deletes.
pub(crate) type RegistryVersion = BTreeMap<tantivy::index::SegmentId, Option<tantivy::Opstamp>>;

/// The identities, by id.
pub(crate) struct Identities {
    list: Vec<Identity>,
    by_id: HashMap<String, usize>,
}

impl Identities {
    pub fn all(&self) -> &[Identity] {
        &self.list
    }

    pub fn get(&self, id: &str) -> Option<&Identity> {
        self.by_id.get(id).map(|&n| &self.list[n])
    }
}

impl Registry {
    /// An empty registry; one that keeps quote groups if `with_quotes`.
    pub fn new(with_quotes: bool) -> Registry {
        let seed = random_seed();
        Registry {
            statements: ByArticle::in_memory("statements"),
            speakers: Speakers::default(),
            quotes: with_quotes.then(QuoteGroups::default),
            identities: None,
            resolver: None,
            facts_hasher: foldhash::fast::FixedState::with_seed(seed),
            seed,
            store: None,
            version: None,
        }
    }

    /// A writer's registry, with its quote groups, kept in `dir`: the one saved there if it
    /// describes the index commit `opstamp`, else `None`.
    pub fn open_stored(dir: &Path, opstamp: u64) -> Result<Option<Registry>, IndexError> {
        let Some((store, meta)) = Store::open(dir)? else {
            return Ok(None);
        };
        if meta.opstamp != opstamp {
            return Ok(None);
        }
        let bands = dir.join(BANDS_FILE);
        match MappedMap::open(&bands) {
            Ok(Some((bands, stamp))) if stamp == opstamp => {
                Ok(Some(Registry::stored(Arc::new(store), bands, meta.seed)))
            }
            Ok(_) => Ok(None),
            Err(err) => Err(IndexError::Index(format!("{}: {err}", bands.display()))),
        }
    }

    /// A new, empty writer's registry kept in `dir`, replacing any there; for
    /// [`Registry::load`] to fill and [`Registry::commit`] to save.
    pub fn create_stored(dir: &Path) -> Result<Registry, IndexError> {
        let store = Store::create(dir)?;
        let path = dir.join(BANDS_FILE);
        let bands = MappedMap::create(&path)
            .map_err(|err| IndexError::Index(format!("{}: {err}", path.display())))?;
        Ok(Registry::stored(Arc::new(store), bands, random_seed()))
    }

    fn stored(store: Arc<Store>, bands: MappedMap, seed: u64) -> Registry {
        Registry {
            statements: ByArticle::in_store("statements", store.clone()),
            speakers: Speakers::in_store(&store),
            quotes: Some(QuoteGroups::in_store(&store, bands)),
            identities: None,
            resolver: None,
            facts_hasher: foldhash::fast::FixedState::with_seed(seed),
            seed,
            store: Some(store),
            version: None,
        }
    }

    /// Why what the last batch decided cannot be trusted (part of the state could not be
    /// read or written), if it cannot.
    pub fn failure(&mut self) -> Option<String> {
        let quotes = self.quotes.as_mut().and_then(QuoteGroups::failure);
        quotes.or_else(|| self.store.as_ref()?.failure())
    }

    /// Saves what the batches since the last commit changed, as the state of the index
    /// commit `opstamp`. The band keys' file, which is changed in place, is written out and
    /// said to be of that commit only when `finished` (a writer that is done): writing it out
    /// at every batch would cost time in its size, not the batch's. Until then it says it is
    /// being changed, and a writer that dies leaves it to be rebuilt. A registry in memory has
    /// nothing to save.
    pub fn commit(&mut self, opstamp: u64, finished: bool) -> Result<(), IndexError> {
        let staged = self.stage()?;
        self.commit_staged(staged, opstamp, finished)
    }

    /// Writes what the batches since the last commit changed to the store, to be committed
    /// by [`Registry::commit_staged`] as the state of an index commit not made yet (`None`
    /// for a registry in memory). The registry forgets what it wrote: if the staged changes
    /// are not committed, it must be read again.
    pub fn stage(&mut self) -> Result<Option<Staged>, IndexError> {
        let Some(store) = self.store.clone() else {
            return Ok(None);
        };
        let staged = store.stage(|txn| {
            self.statements.flush(txn)?;
            self.speakers.flush(txn)?;
            match &mut self.quotes {
                Some(quotes) => quotes.flush(txn),
                None => Ok(()),
            }
        })?;
        Ok(Some(staged))
    }

    /// Commits what [`Registry::stage`] wrote as the state of the index commit `opstamp`;
    /// see [`Registry::commit`] for `finished`.
    pub fn commit_staged(
        &mut self,
        staged: Option<Staged>,
        opstamp: u64,
        finished: bool,
    ) -> Result<(), IndexError> {
        let Some(staged) = staged else {
            return Ok(());
        };
        staged.commit(StoreMeta {
            opstamp,
            seed: self.seed,
        })?;
        if let Some(quotes) = self.quotes.as_mut().filter(|_| finished) {
            quotes.mark_clean(opstamp).map_err(|err| {
                IndexError::Index(format!("{BANDS_FILE} beside the index: cannot save: {err}"))
            })?;
        }
        Ok(())
    }

    /// A registry for reading from a saved table: its identities and how names resolve, no
    /// statements.
    pub fn from_table(table: IdentityTable) -> Registry {
        let (list, resolver) = table.into_parts();
        let by_id = list
            .iter()
            .enumerate()
            .map(|(n, identity)| (identity.id.clone(), n))
            .collect();
        Registry {
            identities: Some(Identities { list, by_id }),
            resolver: Some(resolver),
            ..Registry::new(false)
        }
    }

    /// What a reader needs of the identities, to save beside the index.
    pub fn table(&mut self) -> Result<IdentityTable, IndexError> {
        let identities = self.identities()?.all().to_vec();
        self.speakers.table(identities)
    }

    /// Whether it keeps quote groups.
    pub fn keeps_quotes(&self) -> bool {
        self.quotes.is_some()
    }

    /// Applies a batch of articles, each replacing the statements the index held under its
    /// key (an article without statements just removes them).
    pub fn apply(&mut self, articles: Vec<BatchArticle>) -> Changes {
        let (batch_ids, changed, replaced) = self.update(articles, false);
        let mut changes = Changes {
            replaced,
            ..Changes::default()
        };
        let in_batch: HashSet<&StatementId> = batch_ids.iter().collect();
        for id in &batch_ids {
            if let Some(live) = self.statements.get(id) {
                changes.batch.insert(id.clone(), live.derived.clone());
            }
        }
        for id in changed {
            if in_batch.contains(&id) {
                continue;
            }
            if let Some(live) = self.statements.get(&id) {
                changes.rewrites.insert(id, live.derived.clone());
            }
        }
        changes
    }

    /// Adds statements read back from the index, whose documents already hold what they
    /// decide: [`Registry::apply`] without gathering the changes, and with an article's
    /// statements added to those it has (the index's documents come in any order, an
    /// article's not always together).
    pub fn load(&mut self, articles: Vec<BatchArticle>) {
        self.update(articles, true);
    }

    /// What [`Registry::apply`] does (or with `append`, [`Registry::load`]); returns the
    /// batch's statements, the statements outside it whose derived fields changed, and the
    /// batch's articles that had statements before.
    fn update(
        &mut self,
        articles: Vec<BatchArticle>,
        append: bool,
    ) -> (Vec<StatementId>, HashSet<StatementId>, HashSet<String>) {
        self.identities = None;
        let mut removed: Vec<(StatementId, Live)> = Vec::new();
        let mut added: Vec<(StatementId, StatementFacts)> = Vec::new();
        // The added statements that were not in the index before (their article did not have
        // them): the quote groups need not look for them.
        let mut unseen: HashSet<StatementId> = HashSet::new();
        let mut batch_ids: Vec<StatementId> = Vec::new();
        let mut replaced: HashSet<String> = HashSet::new();
        for (article, statements) in articles {
            // Loading adds to what the article has; applying replaces it.
            let mut old: HashMap<StatementId, Live> = match append {
                true => HashMap::new(),
                false => self
                    .statements
                    .remove_article(&article)
                    .into_iter()
                    .collect(),
            };
            if !old.is_empty() {
                replaced.insert(article.clone());
            }
            let mut ids: Vec<StatementId> = Vec::with_capacity(statements.len());
            for (id, facts) in statements {
                let id: StatementId = id.into();
                // Statements are kept by the article their id names, which is the one they
                // come with (the writer makes the ids so).
                debug_assert_eq!(crate::state::article_of(&id), article);
                ids.push(id.clone());
                match old.remove(&id) {
                    // The same statement again: nothing to decide anew.
                    Some(live) if live.facts == self.facts_hasher.hash_one(&facts) => {
                        self.statements.insert(id, live);
                    }
                    Some(live) => {
                        removed.push((id.clone(), live));
                        added.push((id, facts));
                    }
                    None => {
                        unseen.insert(id.clone());
                        added.push((id, facts));
                    }
                }
            }
            removed.extend(old);
            batch_ids.extend(ids);
        }

        // Identities first: the quote groups depend on them.
        for (_, live) in &removed {
            if let Some(record) = &live.speaker {
                self.speakers.remove(record);
            }
        }
        let mut fresh: HashSet<StatementId> = HashSet::new();
        // The words of the new statements, until the quote groups keep them.
        let mut new_words: HashMap<StatementId, Vec<u64>> = HashMap::new();
        for (id, facts) in added {
            let speaker = facts
                .speaker
                .as_ref()
                .and_then(|speaker| self.speakers.add(&id, speaker));
            let live = Live {
                facts: self.facts_hasher.hash_one(&facts),
                speaker,
                derived: Derived {
                    speaker: None,
                    quote: None,
                },
            };
            fresh.insert(id.clone());
            if self.quotes.is_some() {
                new_words.insert(id.clone(), facts.words);
            }
            self.statements.insert(id, live);
        }
        let mut to_regroup: Vec<StatementId> = fresh.iter().cloned().collect();
        let mut changed: HashSet<StatementId> = HashSet::new();
        for id in self
            .speakers
            .take_dirty()
            .into_iter()
            .chain(fresh.iter().cloned())
        {
            let Some(live) = self.statements.get_mut(&id) else {
                continue;
            };
            let speaker = live
                .speaker
                .as_ref()
                .map(|record| self.speakers.identity_of_statement(record));
            if speaker != live.derived.speaker || fresh.contains(&id) {
                if !fresh.contains(&id) && changed.insert(id.clone()) {
                    to_regroup.push(id.clone());
                }
                live.derived.speaker = speaker;
            }
        }

        // Then the quote groups of everything new, gone, or with a new speaker.
        let gone: Vec<StatementId> = removed
            .iter()
            .map(|(id, _)| id.clone())
            .filter(|id| !self.statements.contains_key(id))
            .collect();
        to_regroup.sort();
        to_regroup.dedup();
        let regrouped = match &mut self.quotes {
            Some(quotes) => {
                let (new, regroup): (Vec<_>, Vec<_>) = to_regroup
                    .iter()
                    .filter_map(|id| {
                        let live = self.statements.get(id)?;
                        let words = match new_words.remove(id) {
                            Some(words) => words,
                            None => quotes.words_of(id)?.to_vec(),
                        };
                        let speaker = live.derived.speaker.clone();
                        Some((id.clone(), QuoteFacts { words, speaker }))
                    })
                    .partition(|(id, _)| unseen.contains(id));
                quotes.update(&gone, regroup, new)
            }
            None => Default::default(),
        };
        for (id, group) in regrouped {
            if let Some(live) = self.statements.get_mut(&id) {
                if live.derived.quote != Some(group) {
                    live.derived.quote = Some(group);
                    if !fresh.contains(&id) {
                        changed.insert(id);
                    }
                }
            }
        }

        (batch_ids, changed, replaced)
    }

    /// The derived fields of a statement in the index.
    #[cfg(test)]
    pub fn derived(&self, statement: &str) -> Option<&Derived> {
        self.statements.get(statement).map(|live| &live.derived)
    }

    /// The identities as shown: display names, roles, statement counts.
    pub fn identities(&mut self) -> Result<&Identities, IndexError> {
        if self.identities.is_none() {
            let list = self.speakers.identities()?;
            let by_id = list
                .iter()
                .enumerate()
                .map(|(n, identity)| (identity.id.clone(), n))
                .collect();
            self.identities = Some(Identities { list, by_id });
        }
        Ok(self.identities.as_ref().expect("set above"))
    }

    /// The identity a user means by a name or an id.
    pub fn lookup(&self, name_or_id: &str) -> Option<String> {
        if let (Some(resolver), Some(identities)) = (&self.resolver, &self.identities) {
            return resolver.lookup(name_or_id, |id| identities.get(id).is_some());
        }
        match &self.identities {
            Some(identities) if identities.get(name_or_id).is_some() => Some(name_or_id.to_owned()),
            _ => self.speakers.lookup(name_or_id),
        }
    }

    #[cfg(test)]
    pub fn statements(&self) -> usize {
        let mut count = 0;
        self.statements.for_each(|_, _| count += 1).unwrap();
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes::word_set;

    fn facts(name: Option<&str>, roles: &[&str], content: &str) -> StatementFacts {
        StatementFacts {
            speaker: name.map(|name| SpeakerFacts {
                name: name.to_owned(),
                person: true,
                roles: roles.iter().map(|r| r.to_string()).collect(),
            }),
            words: word_set(content),
        }
    }

    const QUOTE: &str = "we will support Ukraine for as long as it takes, whatever it costs";

    fn corpus() -> Vec<BatchArticle> {
        vec![
            (
                "a".into(),
                vec![("a#0".into(), facts(Some("Rutte"), &[], QUOTE))],
            ),
            (
                "b".into(),
                vec![
                    (
                        "b#0".into(),
                        facts(Some("Mark Rutte"), &["NATO chief"], QUOTE),
                    ),
                    ("b#1".into(), facts(None, &[], "the talks failed")),
                ],
            ),
            (
                "c".into(),
                vec![(
                    "c#0".into(),
                    facts(Some("Mark Rutte"), &[], "something else said here entirely"),
                )],
            ),
        ]
    }

    fn all_derived(registry: &Registry) -> BTreeMap<String, Derived> {
        let mut all = BTreeMap::new();
        registry
            .statements
            .for_each(|id, live| {
                all.insert(id.to_string(), live.derived.clone());
            })
            .unwrap();
        all
    }

    #[test]
    fn a_later_full_name_rewrites_the_bare_surname_and_its_quote() {
        let mut registry = Registry::new(true);
        let mut articles = corpus().into_iter();
        let first = registry.apply(vec![articles.next().unwrap()]);
        assert_eq!(first.batch["a#0"].speaker.as_deref(), Some("rutte"));
        let second = registry.apply(articles.collect());
        assert_eq!(second.batch["b#0"].speaker.as_deref(), Some("mark-rutte"));
        let rewritten = &second.rewrites["a#0"];
        assert_eq!(rewritten.speaker.as_deref(), Some("mark-rutte"));
        assert_eq!(rewritten.quote, second.batch["b#0"].quote, "now one quote");
    }

    #[test]
    fn the_same_articles_in_any_order_or_again_give_the_same_fields() {
        let mut forward = Registry::new(true);
        for article in corpus() {
            forward.apply(vec![article]);
        }
        let mut backward = Registry::new(true);
        for article in corpus().into_iter().rev() {
            backward.apply(vec![article]);
        }
        assert_eq!(all_derived(&forward), all_derived(&backward));
        let before = all_derived(&forward);
        let again = forward.apply(corpus());
        assert!(again.rewrites.is_empty(), "{:?}", again.rewrites);
        assert_eq!(all_derived(&forward), before);
    }

    /// A registry kept in a store, which it writes out after every batch and reads back as
    /// the next batch asks, decides every batch as one in memory does.
    #[test]
    fn a_stored_registry_decides_as_one_in_memory() {
        let mut batches: Vec<Vec<BatchArticle>> = corpus().into_iter().map(|a| vec![a]).collect();
        // An article again, changed, then gone, then all again.
        let mut changed = corpus().remove(1);
        changed.1.pop();
        batches.push(vec![changed]);
        batches.push(vec![("c".into(), Vec::new())]);
        batches.push(corpus());
        let dir = tempfile::tempdir().unwrap();
        let mut stored = Registry::create_stored(dir.path()).unwrap();
        let mut memory = Registry::new(true);
        for (n, batch) in batches.iter().enumerate() {
            let expected = memory.apply(batch.clone());
            let got = stored.apply(batch.clone());
            assert_eq!(got.batch, expected.batch, "batch {n}");
            assert_eq!(got.rewrites, expected.rewrites, "batch {n}");
            assert!(stored.failure().is_none());
            stored.commit(n as u64, false).unwrap();
        }
        stored.commit(batches.len() as u64, true).unwrap();
        assert_eq!(all_derived(&stored), all_derived(&memory));
        let table =
            |registry: &mut Registry| serde_json::to_string(&registry.table().unwrap()).unwrap();
        assert_eq!(table(&mut stored), table(&mut memory));
    }

    #[test]
    fn replacing_an_article_undoes_what_it_decided() {
        let mut registry = Registry::new(true);
        registry.apply(corpus());
        assert_eq!(
            registry.derived("a#0").unwrap().speaker.as_deref(),
            Some("mark-rutte")
        );
        // b and c say nothing any more: the bare Rutte is on its own again.
        let changes = registry.apply(vec![("b".into(), Vec::new()), ("c".into(), Vec::new())]);
        assert_eq!(changes.rewrites["a#0"].speaker.as_deref(), Some("rutte"));
        assert_eq!(registry.statements(), 1);
        assert!(registry.derived("b#0").is_none());
    }
}
