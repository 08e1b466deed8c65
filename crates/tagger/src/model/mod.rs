//! The trained tagger: a hashed sparse weight table and the lookups decoding makes in it.
//!
//! Submodules: `decode` tags sentences with the table (greedy, left to right, pipelined
//! lookups); `file` reads and writes the model file. `reference` (tests only) is the plain
//! decoder the fast one must agree with.

mod decode;
mod file;
#[cfg(test)]
mod reference;

use std::fmt;
use std::sync::OnceLock;

use whosaid_modelfile::{prefetch, ModelError};

use crate::features::{
    context_features, tag_history_features, N_CONTEXTS, N_DYNAMIC, N_HISTORY_TAGS, N_STATIC, N_WORD,
};
use crate::table::KeyTable;

/// The shipped model, trained on UD English-EWT train (see `models/README.md`).
static DEFAULT_MODEL_BYTES: &[u8] = include_bytes!("../../models/en-ewt-xpos.bin");

/// Largest weight magnitude a model may store. Scores are summed in `i16`, which cannot
/// overflow while every feature's weight stays within this bound; nor can a score fall to
/// `i16::MIN`, which marks the tags a model has no weight for.
pub const MAX_WEIGHT: i16 = 1023;
const _: () = assert!((N_STATIC + N_DYNAMIC) * MAX_WEIGHT as usize <= i16::MAX as usize);

/// One non-zero weight of a feature row.
#[derive(Clone, Copy, Debug)]
#[repr(C)]
struct Entry {
    weight: i16,
    tag: u16,
}

/// Weights kept inside a table slot: rows this short (most rows of the shipped model) are
/// read with the same cache line as their key.
const INLINE: usize = 6;

/// Rows longer than this are stored dense (all 64 scores), which is faster to add than the
/// scattered sparse form; they are few (the bias, tag-history and frequent-word features).
const DENSE_MIN: usize = 17;

/// Marks a feature without weights among found slot indices.
const NO_SLOT: u32 = u32::MAX;

/// A dense row: one weight per score slot, aligned to cache lines.
#[derive(Clone, Copy, Debug)]
#[repr(C, align(64))]
struct DenseRow([i16; 64]);

/// Open-addressing table slot: a feature key and where its weights are. Rows of at most
/// [`INLINE`] weights are copied into the slot itself (unused inline tags point at the spare
/// score 63, with weight 0, so that adding them needs no branch); longer ones are in `entries`
/// at `start`, and rows of [`DENSE_MIN`] or more weights in `dense` at `start`. Key 0 means
/// empty. 32 bytes, aligned, so a slot never straddles two cache lines.
#[derive(Clone, Copy, Debug)]
#[repr(C, align(32))]
struct Slot {
    key: u64,
    start: u32,
    len: u8,
    tags: [u8; INLINE],
    weights: [i16; INLINE],
}

impl Default for Slot {
    fn default() -> Slot {
        Slot {
            key: 0,
            start: 0,
            len: 0,
            tags: [63; INLINE],
            weights: [0; INLINE],
        }
    }
}

/// An averaged-perceptron part-of-speech tagger predicting Penn Treebank tags.
///
/// Immutable once built, so one instance is shared by all threads (`&Tagger` is `Send + Sync`).
/// Get the shipped model with [`Tagger::default_model`]; load a retrained one with
/// [`Tagger::from_file`] or [`Tagger::from_bytes`].
#[derive(Clone)]
pub struct Tagger {
    /// Feature keys in ascending order (the file order), for [`Tagger::to_bytes`].
    keys: Vec<u64>,
    /// Quantisation scale: weight = stored value / scale. Informational; decoding only compares.
    scale: f32,
    /// Non-zero weights, grouped by feature in `keys` order, tags ascending within a feature.
    entries: Vec<Entry>,
    /// Hash table from key to weights; length is a power of two.
    slots: Vec<Slot>,
    /// The long rows, dense.
    dense: Vec<DenseRow>,
    mask: usize,
    /// Summed weights of the context features (see `features::context_features`) of each
    /// context, the scores a token starts from. Tags without any weight start at `i16::MIN`,
    /// below any score a tag with weights can reach, so that they are never the best.
    contexts: Vec<DenseRow>,
    /// Summed weights of the tag-history features of each pair of previous tags, indexed by
    /// `History::index`.
    histories: Vec<DenseRow>,
    /// Tag dictionary: frequent words that (almost) always had one tag in training, keyed by
    /// the case-preserving hash of their normalised form, in ascending key order. These
    /// tokens get their tag without scoring.
    dict: Vec<(u64, u8)>,
    /// Hash table over `dict`.
    dict_table: KeyTable<u8>,
    /// Ambiguity classes: for words seen often enough in training, keyed by the hash of their
    /// lowercased normalised form, the set of tags they had (bit `t` for tag `t`). Ascending
    /// key order.
    classes: Vec<(u64, u64)>,
    /// Hash table over `classes`.
    class_table: KeyTable<u64>,
}

impl fmt::Debug for Tagger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tagger")
            .field("features", &self.keys.len())
            .field("weights", &self.entries.len())
            .field("dictionary", &self.dict.len())
            .field("classes", &self.classes.len())
            .finish()
    }
}

impl Tagger {
    /// The file name of the tagger's model in a models directory: what `whosaid train --out
    /// DIR` writes and `--models DIR` reads.
    pub const FILE_NAME: &'static str = "en-ewt-xpos.bin";

    /// The model shipped inside this crate (EWT train, see `models/README.md`), parsed on
    /// first use and then shared. It needs no file at run time.
    ///
    /// # Panics
    /// If the embedded model bytes do not load, which the crate's tests rule out.
    pub fn default_model() -> &'static Tagger {
        static MODEL: OnceLock<Tagger> = OnceLock::new();
        MODEL.get_or_init(|| {
            Tagger::load_default().expect("the model embedded in whosaid-tagger is invalid")
        })
    }

    /// Parses a fresh copy of the shipped model. Prefer [`Tagger::default_model`], which parses
    /// it once per process.
    pub fn load_default() -> Result<Tagger, ModelError> {
        Tagger::from_bytes(DEFAULT_MODEL_BYTES)
    }

    /// Builds a tagger from the weights a trainer exports: rows of `(feature key, [(tag,
    /// weight)])` in ascending key order, tags ascending within a row, weights within
    /// ±[`MAX_WEIGHT`]; the tag dictionary as `(cased word key, tag)` pairs and the ambiguity
    /// classes as `(word key, tag set)` pairs, both in ascending key order (see
    /// [`crate::training`] for the keys). `scale` is what the weights were multiplied by when
    /// they were quantised (informational: decoding only compares scores). Weights that break
    /// these rules are an error, as they would be in a model file.
    pub fn from_weights(
        rows: Vec<(u64, Vec<(u8, i16)>)>,
        dictionary: Vec<(u64, u8)>,
        classes: Vec<(u64, u64)>,
        scale: f32,
    ) -> Result<Tagger, ModelError> {
        let mut parts = file::Parts {
            keys: Vec::with_capacity(rows.len()),
            row_lens: Vec::with_capacity(rows.len()),
            entries: Vec::new(),
            dict: dictionary,
            classes,
            scale,
        };
        for (key, row) in rows {
            parts.keys.push(key);
            parts.row_lens.push(row.len());
            parts
                .entries
                .extend(row.into_iter().map(|(tag, weight)| Entry {
                    weight,
                    tag: tag as u16,
                }));
        }
        parts.build()
    }

    /// Builds the lookup tables of a model whose parts were checked (see `file::Parts`).
    fn assemble(
        keys: Vec<u64>,
        rows: Vec<(u32, u32)>,
        entries: Vec<Entry>,
        dict: Vec<(u64, u8)>,
        classes: Vec<(u64, u64)>,
        scale: f32,
    ) -> Tagger {
        let cap = (keys.len() * 3 / 2 + 1).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![Slot::default(); cap];
        let mut dense = Vec::new();
        // Long rows belong to frequent features (the bias-like ones, common words and
        // affixes): inserted first, they sit in their home slots and take one probe.
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by_key(|&k| std::cmp::Reverse(rows[k].1));
        for k in order {
            let (key, (start, len)) = (keys[k], rows[k]);
            let mut i = key as usize & mask;
            while slots[i].key != 0 {
                i = (i + 1) & mask;
            }
            let mut slot = Slot {
                key,
                start,
                len: len as u8,
                ..Slot::default()
            };
            let row = &entries[start as usize..(start + len) as usize];
            if row.len() <= INLINE {
                for (k, e) in row.iter().enumerate() {
                    slot.tags[k] = e.tag as u8;
                    slot.weights[k] = e.weight;
                }
            } else if row.len() >= DENSE_MIN {
                let mut d = DenseRow([0; 64]);
                for e in row {
                    d.0[e.tag as usize & 63] = e.weight;
                }
                slot.start = dense.len() as u32;
                dense.push(d);
            }
            slots[i] = slot;
        }
        let mut tagger = Tagger {
            dict_table: KeyTable::new(&dict),
            class_table: KeyTable::new(&classes),
            classes,
            keys,
            scale,
            entries,
            slots,
            dense,
            mask,
            contexts: Vec::new(),
            histories: Vec::new(),
            dict,
        };
        let mut absent = DenseRow([i16::MIN; 64]);
        for e in &tagger.entries {
            absent.0[e.tag as usize & 63] = 0;
        }
        tagger.contexts = (0..N_CONTEXTS)
            .map(|c| {
                let mut row = absent;
                context_features(c)
                    .iter()
                    .for_each(|&k| tagger.add(k, &mut row.0));
                row
            })
            .collect();
        tagger.histories = (0..N_HISTORY_TAGS * N_HISTORY_TAGS)
            .map(|h| {
                let mut row = DenseRow([0; 64]);
                let (t1, t2) = (h / N_HISTORY_TAGS, h % N_HISTORY_TAGS);
                tag_history_features(t1 as u8, t2 as u8)
                    .iter()
                    .for_each(|&k| tagger.add(k, &mut row.0));
                row
            })
            .collect();
        tagger
    }

    /// Number of features with at least one weight.
    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// Number of stored (non-zero) weights.
    pub fn n_weights(&self) -> usize {
        self.entries.len()
    }

    /// Number of words in the tag dictionary (tagged without scoring).
    pub fn n_dictionary_words(&self) -> usize {
        self.dict.len()
    }

    /// Number of words with an ambiguity class.
    pub fn n_class_words(&self) -> usize {
        self.classes.len()
    }

    /// The dictionary tag of a token with case-preserving hash `cased`, if it has one.
    #[inline]
    fn dict_tag(&self, cased: u64) -> Option<u8> {
        self.dict_table.get(cased)
    }

    /// The length of each feature row, in `keys` order.
    fn row_lens(&self) -> impl Iterator<Item = usize> + '_ {
        self.keys
            .iter()
            .map(|&key| self.slot(key).expect("every key has a slot").len as usize)
    }

    /// The table slot of feature `key`, if it has weights.
    #[inline]
    fn slot(&self, key: u64) -> Option<&Slot> {
        self.find(key).map(|i| &self.slots[i])
    }

    /// The index of the table slot of feature `key`, if it has weights.
    #[inline]
    fn find(&self, key: u64) -> Option<usize> {
        let mut i = key as usize & self.mask;
        loop {
            let s = &self.slots[i];
            if s.key == key {
                return Some(i);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Asks the CPU to start loading the table slot of `key`: lookups are memory-bound, and
    /// issuing them a token ahead hides much of the latency. The slot after it is loaded too:
    /// every lookup that does not end at the home slot reads it, and half the time it is on
    /// the next cache line.
    #[inline(always)]
    fn prefetch(&self, key: u64) {
        let home = self.slots.as_ptr().wrapping_add(key as usize & self.mask);
        prefetch(home);
        prefetch(home.wrapping_add(1));
    }

    /// Asks the CPU to start loading the weights of `slot` that are not in the slot itself.
    #[inline(always)]
    fn prefetch_row(&self, slot: &Slot) {
        let (start, len) = (slot.start as usize, slot.len as usize);
        if len >= DENSE_MIN {
            let row = self.dense.as_ptr().wrapping_add(start) as *const [u8; 64];
            prefetch(row);
            prefetch(row.wrapping_add(1));
        } else if len > INLINE {
            let row = self.entries.as_ptr().wrapping_add(start);
            prefetch(row);
            prefetch(row.wrapping_add(len - 1));
        }
    }

    /// Adds the weights of feature `key` (if it has any) to `scores`.
    #[inline]
    fn add(&self, key: u64, scores: &mut [i16; 64]) {
        if let Some(slot) = self.slot(key) {
            self.add_slot(slot, scores);
        }
    }

    /// Adds the weights of `slot` to `scores`.
    #[inline]
    fn add_slot(&self, slot: &Slot, scores: &mut [i16; 64]) {
        let len = slot.len as usize;
        if len <= INLINE {
            for (&t, &w) in slot.tags.iter().zip(&slot.weights) {
                let s = &mut scores[t as usize & 63];
                *s = s.wrapping_add(w);
            }
        } else if len >= DENSE_MIN {
            Tagger::add_row(&self.dense[slot.start as usize], scores);
        } else {
            let start = slot.start as usize;
            for e in &self.entries[start..start + len] {
                let s = &mut scores[e.tag as usize & 63];
                *s = s.wrapping_add(e.weight);
            }
        }
    }

    /// Finds the table slots of the features in `keys` (`NO_SLOT` for those without weights)
    /// and asks the CPU to start loading the weights kept outside them.
    #[inline]
    fn find_all(&self, keys: &[u64; N_WORD], found: &mut [u32; N_WORD]) {
        for (&k, f) in keys.iter().zip(found.iter_mut()) {
            *f = match self.find(k) {
                Some(i) => {
                    self.prefetch_row(&self.slots[i]);
                    i as u32
                }
                None => NO_SLOT,
            };
        }
    }

    /// Adds a whole row of weights to `scores`.
    #[inline]
    fn add_row(row: &DenseRow, scores: &mut [i16; 64]) {
        for (s, &w) in scores.iter_mut().zip(row.0.iter()) {
            *s = s.wrapping_add(w);
        }
    }

    /// The best tag for the given scores: the first of the highest. Tags the model has no
    /// weight for score `i16::MIN` (see `contexts`), so they lose to every other tag; that
    /// they can still win when the model has no weight at all (tag 0) is how it always was.
    #[inline]
    fn best(scores: &[i16; 64]) -> u8 {
        // Two passes the compiler turns into vector code: the highest score, then the least
        // tag index with it.
        let max = scores.iter().copied().fold(i16::MIN, i16::max);
        let first = (scores.iter().zip(0i16..))
            .map(|(&s, t)| if s == max { t } else { 64 })
            .fold(64, i16::min);
        first as u8
    }
}
