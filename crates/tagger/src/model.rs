//! The trained tagger: a hashed sparse weight table, its file format and greedy decoding.

use std::cell::RefCell;
use std::fmt;
use std::sync::OnceLock;

use crate::conllu::Sentence;
use crate::features::{
    context_features, hash_bytes, tag_history_features, History, SentenceInfo, FEATURE_VERSION,
    N_CONTEXTS, N_DYNAMIC, N_HISTORY_TAGS, N_STATIC, N_WORD,
};
use crate::table::KeyTable;
use crate::tag::Tag;

/// The shipped model, trained on UD English-EWT train (see `models/README.md`).
static DEFAULT_MODEL_BYTES: &[u8] = include_bytes!("../models/en-ewt-xpos.bin");

const MAGIC: &[u8; 8] = b"WSDTAGGR";

/// Largest weight magnitude a model may store. Scores are summed in `i16`, which cannot
/// overflow while every feature's weight stays within this bound; nor can a score fall to
/// `i16::MIN`, which marks the tags a model has no weight for.
pub(crate) const MAX_WEIGHT: i16 = 1023;
const _: () = assert!((N_STATIC + N_DYNAMIC) * MAX_WEIGHT as usize <= i16::MAX as usize);
const FORMAT_VERSION: u32 = 1;

/// Model bytes could not be loaded. Loading never panics on bad input; it returns one of these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelError {
    /// The bytes do not start with the model file signature: not a whosaid tagger model.
    BadMagic,
    /// The file is a tagger model of another format version.
    UnsupportedVersion {
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        supported: u32,
    },
    /// The model was trained with another feature set than this build computes.
    FeatureVersion {
        /// Feature version in the file.
        found: u32,
        /// Feature version of this build.
        expected: u32,
    },
    /// The model's tag set differs from [`Tag::ALL`].
    TagSetMismatch,
    /// The bytes end before the model does.
    Truncated {
        /// Bytes the header says the model has.
        expected: usize,
        /// Bytes given.
        found: usize,
    },
    /// There are bytes after the end of the model.
    TrailingBytes {
        /// Bytes the header says the model has.
        expected: usize,
        /// Bytes given.
        found: usize,
    },
    /// The checksum does not match: the bytes were altered.
    ChecksumMismatch,
    /// The checksum matched but the content is inconsistent.
    Corrupt(&'static str),
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::BadMagic => write!(f, "not a whosaid tagger model (bad signature)"),
            ModelError::UnsupportedVersion { found, supported } => write!(
                f,
                "tagger model format version {found} is not supported (this build reads {supported})"
            ),
            ModelError::FeatureVersion { found, expected } => write!(
                f,
                "tagger model was trained with feature set {found}, this build computes {expected}: retrain it"
            ),
            ModelError::TagSetMismatch => {
                write!(f, "tagger model was trained with a different tag set")
            }
            ModelError::Truncated { expected, found } => write!(
                f,
                "tagger model is truncated: {found} bytes, expected {expected}"
            ),
            ModelError::TrailingBytes { expected, found } => write!(
                f,
                "tagger model has trailing bytes: {found} bytes, expected {expected}"
            ),
            ModelError::ChecksumMismatch => {
                write!(f, "tagger model is corrupt (checksum mismatch)")
            }
            ModelError::Corrupt(what) => write!(f, "tagger model is corrupt: {what}"),
        }
    }
}

impl std::error::Error for ModelError {}

/// One non-zero weight of a feature row.
#[derive(Clone, Copy, Debug)]
#[repr(C)]
struct Entry {
    weight: i16,
    tag: u16,
}

/// Weights kept inside a table slot: rows this short (85% of them in the shipped model) are
/// read with the same cache line as their key.
const INLINE: usize = 6;

/// Rows longer than this are stored dense (all 64 scores), which is faster to add than the
/// scattered sparse form; they are few (the bias, tag-history and frequent-word features).
const DENSE_MIN: usize = 17;

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

/// Marks a feature without weights among found slot indices.
const NO_SLOT: u32 = u32::MAX;

/// Asks the CPU to start loading the cache line at `p` (a no-op off x86-64).
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint that never faults, whatever the address.
    unsafe {
        core::arch::x86_64::_mm_prefetch(p as *const i8, core::arch::x86_64::_MM_HINT_T0)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Working memory of one tagging call, kept per thread so that tagging allocates nothing once
/// warmed up.
#[derive(Default)]
struct Scratch {
    info: SentenceInfo,
    buf: String,
    fixed: Vec<u8>,
    todo: Vec<usize>,
    keys: Vec<[u64; N_WORD]>,
    found: Vec<[u32; N_WORD]>,
    scores: Vec<[i16; 64]>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Tag accuracy over a set of sentences.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Accuracy {
    /// Tokens whose predicted tag equals the gold tag.
    pub correct: usize,
    /// Tokens scored.
    pub total: usize,
}

impl Accuracy {
    /// `correct / total`, or 0 for no tokens.
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }
}

/// An averaged-perceptron part-of-speech tagger predicting Penn Treebank tags.
///
/// Immutable once built, so one instance is shared by all threads (`&Tagger` is `Send + Sync`).
/// Get the shipped model with [`Tagger::default_model`]; build others with [`crate::train`] or
/// [`Tagger::from_bytes`].
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

/// Reads little-endian values from a byte slice whose length was checked beforehand.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .pos
            .checked_add(n)
            .ok_or(ModelError::Corrupt("size overflow"))?;
        let s = self.bytes.get(self.pos..end).ok_or(ModelError::Truncated {
            expected: end,
            found: self.bytes.len(),
        })?;
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// The tag names joined by spaces: stored in model files to detect tag-set changes.
fn tagset_string() -> String {
    Tag::ALL
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Tagger {
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

    /// Builds a tagger from sorted rows of `(key, [(tag, weight)])`, as training exports them.
    /// `dict` lists `(cased word hash, tag)` pairs and `classes` `(word hash, tag set)` pairs,
    /// both in ascending key order.
    pub(crate) fn from_rows(
        rows: Vec<(u64, Vec<(u8, i16)>)>,
        dict: Vec<(u64, u8)>,
        classes: Vec<(u64, u64)>,
        scale: f32,
    ) -> Tagger {
        let mut keys = Vec::with_capacity(rows.len());
        let mut entries = Vec::new();
        let mut starts = Vec::with_capacity(rows.len());
        for (key, row) in rows {
            keys.push(key);
            starts.push((entries.len() as u32, row.len() as u32));
            entries.extend(row.into_iter().map(|(tag, weight)| Entry {
                weight,
                tag: tag as u16,
            }));
        }
        Tagger::assemble(keys, starts, entries, dict, classes, scale)
    }

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

    /// Serialises the model. The bytes depend only on the weights, so the same training run
    /// gives the same file.
    ///
    /// Layout (little-endian): signature `WSDTAGGR`; format version u32; feature version u32;
    /// tag-set string (u32 length + UTF-8); feature count u32; weight count u32; dictionary
    /// size u32; scale f32; keys u64 × features (ascending); row lengths u8 × features;
    /// tags u8 × weights; weights i16 × weights; dictionary keys u64 (ascending) and tags u8;
    /// class count u32, class keys u64 (ascending) and tag sets u64; checksum u64 of
    /// everything before it.
    pub fn to_bytes(&self) -> Vec<u8> {
        let tagset = tagset_string();
        let n = self.keys.len();
        let m = self.entries.len();
        let mut out = Vec::with_capacity(40 + tagset.len() + n * 9 + m * 3);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.extend_from_slice(&(tagset.len() as u32).to_le_bytes());
        out.extend_from_slice(tagset.as_bytes());
        out.extend_from_slice(&(n as u32).to_le_bytes());
        out.extend_from_slice(&(m as u32).to_le_bytes());
        out.extend_from_slice(&(self.dict.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for k in &self.keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        out.extend(self.row_lens().map(|len| len as u8));
        out.extend(self.entries.iter().map(|e| e.tag as u8));
        for e in &self.entries {
            out.extend_from_slice(&e.weight.to_le_bytes());
        }
        for (k, _) in &self.dict {
            out.extend_from_slice(&k.to_le_bytes());
        }
        out.extend(self.dict.iter().map(|&(_, t)| t));
        out.extend_from_slice(&(self.classes.len() as u32).to_le_bytes());
        for (k, _) in &self.classes {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for (_, c) in &self.classes {
            out.extend_from_slice(&c.to_le_bytes());
        }
        let sum = hash_bytes(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Loads a model written by [`Tagger::to_bytes`]. Truncated, altered or foreign bytes give
    /// an error, never a panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        let mut r = Reader { bytes, pos: 0 };
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(ModelError::BadMagic);
        }
        r.take(MAGIC.len())?;
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(ModelError::UnsupportedVersion {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        let fv = r.u32()?;
        if fv != FEATURE_VERSION {
            return Err(ModelError::FeatureVersion {
                found: fv,
                expected: FEATURE_VERSION,
            });
        }
        let tagset_len = r.u32()? as usize;
        let tagset = r.take(tagset_len)?;
        if tagset != tagset_string().as_bytes() {
            return Err(ModelError::TagSetMismatch);
        }
        let n = r.u32()? as usize;
        let m = r.u32()? as usize;
        let d = r.u32()? as usize;
        let scale = f32::from_le_bytes(r.take(4)?.try_into().expect("4 bytes"));
        // The class count sits after the dictionary; peek at it to know the total size.
        let class_count_at = n
            .checked_mul(9)
            .and_then(|x| m.checked_mul(3).and_then(|y| x.checked_add(y)))
            .and_then(|x| d.checked_mul(9).and_then(|y| x.checked_add(y)))
            .and_then(|x| x.checked_add(r.pos))
            .ok_or(ModelError::Corrupt("size overflow"))?;
        let c = match bytes.get(class_count_at..class_count_at + 4) {
            Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize,
            None => {
                return Err(ModelError::Truncated {
                    expected: class_count_at + 4,
                    found: bytes.len(),
                })
            }
        };
        let expected = c
            .checked_mul(16)
            .and_then(|x| x.checked_add(class_count_at + 4 + 8))
            .ok_or(ModelError::Corrupt("size overflow"))?;
        if bytes.len() < expected {
            return Err(ModelError::Truncated {
                expected,
                found: bytes.len(),
            });
        }
        if bytes.len() > expected {
            return Err(ModelError::TrailingBytes {
                expected,
                found: bytes.len(),
            });
        }
        let body = &bytes[..expected - 8];
        let stored = u64::from_le_bytes(bytes[expected - 8..].try_into().expect("8 bytes"));
        if hash_bytes(body) != stored {
            return Err(ModelError::ChecksumMismatch);
        }

        let key_bytes = r.take(n * 8)?;
        let lens = r.take(n)?;
        let tags = r.take(m)?;
        let weight_bytes = r.take(m * 2)?;
        let dict_keys = r.take(d * 8)?;
        let dict_tags = r.take(d)?;
        r.take(4)?;
        let class_keys = r.take(c * 8)?;
        let class_sets = r.take(c * 8)?;

        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u64;
        for (i, c) in key_bytes.chunks_exact(8).enumerate() {
            let k = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            if k == 0 || (i > 0 && k <= prev) {
                return Err(ModelError::Corrupt("feature keys are not ascending"));
            }
            keys.push(k);
            prev = k;
        }
        let mut rows = Vec::with_capacity(n);
        let mut start = 0usize;
        for &len in lens {
            let len = len as usize;
            if len == 0 || len > Tag::COUNT {
                return Err(ModelError::Corrupt("bad feature row length"));
            }
            rows.push((start as u32, len as u32));
            start += len;
        }
        if start != m {
            return Err(ModelError::Corrupt(
                "row lengths do not add up to the weight count",
            ));
        }
        let mut entries = Vec::with_capacity(m);
        for (&tag, w) in tags.iter().zip(weight_bytes.chunks_exact(2)) {
            if tag as usize >= Tag::COUNT {
                return Err(ModelError::Corrupt("tag index out of range"));
            }
            let weight = i16::from_le_bytes([w[0], w[1]]);
            if !(-MAX_WEIGHT..=MAX_WEIGHT).contains(&weight) {
                return Err(ModelError::Corrupt("weight out of range"));
            }
            entries.push(Entry {
                weight,
                tag: tag as u16,
            });
        }
        for &(start, len) in &rows {
            let row = &entries[start as usize..(start + len) as usize];
            if row.windows(2).any(|p| p[0].tag >= p[1].tag) {
                return Err(ModelError::Corrupt(
                    "tags within a feature row are not ascending",
                ));
            }
        }
        let mut dict = Vec::with_capacity(d);
        for (c, &tag) in dict_keys.chunks_exact(8).zip(dict_tags) {
            let k = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            if k == 0 || dict.last().is_some_and(|&(p, _)| k <= p) {
                return Err(ModelError::Corrupt("dictionary keys are not ascending"));
            }
            if tag as usize >= Tag::COUNT {
                return Err(ModelError::Corrupt("dictionary tag out of range"));
            }
            dict.push((k, tag));
        }
        let mut classes = Vec::with_capacity(c);
        for (k, v) in class_keys.chunks_exact(8).zip(class_sets.chunks_exact(8)) {
            let k = u64::from_le_bytes(k.try_into().expect("8 bytes"));
            let v = u64::from_le_bytes(v.try_into().expect("8 bytes"));
            if k == 0 || classes.last().is_some_and(|&(p, _)| k <= p) {
                return Err(ModelError::Corrupt("class keys are not ascending"));
            }
            if v >> Tag::COUNT != 0 {
                return Err(ModelError::Corrupt("class tag set out of range"));
            }
            classes.push((k, v));
        }
        Ok(Tagger::assemble(keys, rows, entries, dict, classes, scale))
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

    /// Tags one sentence of tokens (as whosaid's tokenizer splits them), one tag per token.
    ///
    /// Tokens may use curly or straight quotes and apostrophes, and hyphenated words may be one
    /// token (`US-based`) or three (`US` `-` `based`). Pass one sentence at a time: the first
    /// word and the casing of the whole sentence (headlines) are features.
    pub fn tag<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<Tag> {
        let mut out = Vec::with_capacity(tokens.len());
        self.tag_into(tokens, &mut out);
        out
    }

    /// Like [`Tagger::tag`], but clears `out` and writes the tags there, so that a caller
    /// tagging many sentences can reuse one buffer.
    pub fn tag_into<S: AsRef<str>>(&self, tokens: &[S], out: &mut Vec<Tag>) {
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => self.tag_with(tokens, &mut scratch, out),
            Err(_) => self.tag_with(tokens, &mut Scratch::default(), out),
        })
    }

    /// [`Tagger::tag_into`] with explicit working memory.
    fn tag_with<S: AsRef<str>>(&self, tokens: &[S], scratch: &mut Scratch, out: &mut Vec<Tag>) {
        out.clear();
        let Scratch {
            info,
            buf,
            fixed,
            todo,
            keys,
            found,
            scores,
        } = scratch;
        info.fill(tokens, buf, &self.class_table);
        let n = info.len();

        // Tokens whose tag is known without scoring: curly quotes, dictionary words.
        fixed.clear();
        fixed.extend((0..n).map(|i| {
            info.forced(i)
                .or_else(|| self.dict_tag(info.cased(i)))
                .unwrap_or(u8::MAX)
        }));

        // Greedy decoding, left to right. Table lookups are memory-bound, so they are issued
        // early: the tag-independent ("static") part of the scores is computed AHEAD tokens in
        // advance, as the last step of a pipeline that prefetches the table slots of a token,
        // then, a token later, finds its slots and prefetches the weights kept outside them,
        // and adds them a token later still. It runs while the slots of the current token's
        // tag-history features, prefetched first, load.
        const AHEAD: usize = 2;
        todo.clear();
        todo.extend((0..n).filter(|&i| fixed[i] == u8::MAX));
        let m = todo.len();
        keys.clear();
        scores.clear();
        for &i in todo.iter() {
            let mut k = [0u64; N_WORD];
            info.word_features(i, &mut k);
            keys.push(k);
            scores.push(self.contexts[info.context(i)].0);
        }
        for k in keys.iter().take(2) {
            k.iter().for_each(|&k| self.prefetch(k));
        }
        found.clear();
        found.resize(m, [NO_SLOT; N_WORD]);
        if let (Some(k), Some(f)) = (keys.first(), found.first_mut()) {
            self.find_all(k, f);
        }
        let mut done = 0; // static scores are computed for todo[..done]
        let mut next = 0; // todo[next] is the next token to decode by score
        let mut history = History::new();
        for (i, &f) in fixed.iter().enumerate() {
            let tag = if f != u8::MAX {
                f
            } else {
                let dynamic = info.word_history_features(i, &history);
                dynamic.iter().for_each(|&k| self.prefetch(k));
                while done < (next + AHEAD + 1).min(m) {
                    if let Some(k) = keys.get(done + 2) {
                        k.iter().for_each(|&k| self.prefetch(k));
                    }
                    if let (Some(k), Some(f)) = (keys.get(done + 1), found.get_mut(done + 1)) {
                        self.find_all(k, f);
                    }
                    for &f in &found[done] {
                        if f != NO_SLOT {
                            self.add_slot(&self.slots[f as usize], &mut scores[done]);
                        }
                    }
                    done += 1;
                }
                let s = &mut scores[next];
                next += 1;
                Tagger::add_row(&self.histories[history.index()], s);
                for &k in &dynamic {
                    self.add(k, s);
                }
                Tagger::best(s)
            };
            out.push(Tag::ALL[tag as usize]);
            history.push(tag);
        }
    }

    /// Tags every sentence and counts the tokens whose tag matches the gold XPOS.
    pub fn evaluate(&self, sentences: &[Sentence]) -> Accuracy {
        let mut acc = Accuracy::default();
        let mut out = Vec::new();
        for s in sentences {
            let forms = s.forms();
            self.tag_into(&forms, &mut out);
            acc.total += out.len();
            acc.correct += out
                .iter()
                .zip(&s.words)
                .filter(|(p, w)| **p == w.xpos)
                .count();
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{reference_sentence_info, N_STATIC};
    use std::collections::HashMap;
    use std::hash::BuildHasherDefault;
    use std::path::{Path, PathBuf};

    /// Greedy decoding written as plainly as possible, with the weights in a `HashMap` and
    /// token information from the general (slow) path: what [`Tagger::tag`] must reproduce tag
    /// for tag, whatever is done to make it fast.
    struct Reference<'a> {
        tagger: &'a Tagger,
        rows: HashMap<u64, Vec<(usize, i16)>, BuildHasherDefault<KeysAreHashes>>,
        /// Tags with at least one weight: the only ones decoding may output.
        present: [bool; Tag::COUNT],
        dict: HashMap<u64, u8, BuildHasherDefault<KeysAreHashes>>,
    }

    /// Feature keys are hashes already; hashing them again only slows the test down.
    #[derive(Default)]
    struct KeysAreHashes(u64);

    impl std::hash::Hasher for KeysAreHashes {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, _: &[u8]) {
            unreachable!("only u64 keys")
        }
        fn write_u64(&mut self, k: u64) {
            self.0 = k;
        }
    }

    impl<'a> Reference<'a> {
        fn new(tagger: &'a Tagger) -> Reference<'a> {
            let bytes = tagger.to_bytes();
            let back = Tagger::from_bytes(&bytes).unwrap();
            assert_eq!(back.to_bytes(), bytes);
            let mut rows = HashMap::default();
            let mut start = 0;
            for (&key, len) in tagger.keys.iter().zip(tagger.row_lens()) {
                let row = &tagger.entries[start..start + len];
                rows.insert(
                    key,
                    row.iter().map(|e| (e.tag as usize, e.weight)).collect(),
                );
                start += len;
            }
            assert_eq!(start, tagger.entries.len());
            let dict = tagger.dict.iter().copied().collect();
            let mut present = [false; Tag::COUNT];
            for e in &tagger.entries {
                present[e.tag as usize] = true;
            }
            Reference {
                tagger,
                rows,
                present,
                dict,
            }
        }

        fn tag(&self, tokens: &[&str]) -> Vec<Tag> {
            let t = self.tagger;
            let info = reference_sentence_info(tokens, &t.class_table);
            let mut out = Vec::new();
            let mut history = History::new();
            for i in 0..tokens.len() {
                // The empty token hashes to 0, the key of an empty dictionary slot, and has
                // always been given tag 0 (`` `` ``) that way.
                let cased = info.cased(i);
                let dict = match cased {
                    0 => Some(0),
                    _ => self.dict.get(&cased).copied(),
                };
                let fixed = info.forced(i).or(dict);
                let tag = fixed.unwrap_or_else(|| {
                    let mut keys = [0u64; N_STATIC + N_DYNAMIC];
                    let (s, d) = keys.split_at_mut(N_STATIC);
                    info.static_features(i, s.try_into().unwrap());
                    info.dynamic_features(i, &history, d.try_into().unwrap());
                    let mut scores = [0i32; Tag::COUNT];
                    for k in keys {
                        for &(tag, w) in self.rows.get(&k).map_or(&[][..], |r| &r[..]) {
                            scores[tag] += w as i32;
                        }
                    }
                    let mut best = 0;
                    let mut best_score = i32::MIN;
                    for (tag, &s) in scores.iter().enumerate() {
                        if self.present[tag] && s > best_score {
                            best = tag;
                            best_score = s;
                        }
                    }
                    best as u8
                });
                out.push(Tag::ALL[tag as usize]);
                history.push(tag);
            }
            out
        }
    }

    fn data_dir() -> Option<PathBuf> {
        let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
        d.join("ud_english_ewt").exists().then_some(d)
    }

    /// Token sequences from plain text, split crudely (whitespace, with leading and trailing
    /// punctuation split off, sentences cut after `.`, `?` and `!`): any token stream will do
    /// to compare two decoders, and odd ones are welcome.
    fn crude_sentences(text: &str) -> Vec<Vec<&str>> {
        let mut sentences = vec![Vec::new()];
        for word in text.split_whitespace() {
            let core = word.trim_matches(|c: char| !c.is_alphanumeric());
            let (lead, rest) = word.split_at(word.find(core).unwrap_or(0));
            let (core, trail) = rest.split_at(core.len());
            let s = sentences.last_mut().unwrap();
            s.extend(lead.char_indices().map(|(i, c)| &lead[i..i + c.len_utf8()]));
            if !core.is_empty() {
                s.push(core);
            }
            s.extend(
                trail
                    .char_indices()
                    .map(|(i, c)| &trail[i..i + c.len_utf8()]),
            );
            if trail.contains(['.', '?', '!']) {
                sentences.push(Vec::new());
            }
        }
        sentences
    }

    fn check_same(reference: &Reference, sentences: &[Vec<&str>], what: &str) -> usize {
        let mut out = Vec::new();
        let mut n = 0;
        for s in sentences {
            reference.tagger.tag_into(s, &mut out);
            assert_eq!(out, reference.tag(s), "{what}: {s:?}");
            n += s.len();
        }
        n
    }

    #[test]
    fn tags_equal_the_reference_decoder_on_real_text() {
        let tagger = Tagger::default_model();
        let reference = Reference::new(tagger);
        let odd = [
            vec![],
            vec![""],
            vec![
                "\u{1F600}",
                "日本",
                "ÉTAT",
                "x\u{0301}",
                "http://example.com/a-b",
                "--",
                "\u{2026}",
            ],
            vec!["word"; 300],
            vec![
                "\u{201C}",
                "I",
                "do",
                "n\u{2019}t",
                "know",
                ",",
                "\u{201D}",
                "said",
                "Smith",
                ".",
            ],
            vec![
                "A-B-C-D-E-F-G-H-I-J-K-L-M-N-O-P-Q-R-S-T-U-V-W",
                "1,000,000.00",
                "I",
                "A",
                "Mr.",
            ],
        ];
        check_same(&reference, &odd, "odd input");
        let Some(data) = data_dir() else {
            println!("skipped the corpora: ../shared/data not found");
            return;
        };
        let mut n = 0;
        for (dir, prefix) in [("ud_english_ewt", "en_ewt"), ("ud_english_gum", "en_gum")] {
            for split in ["train", "dev", "test"] {
                let f = data.join(dir).join(format!("{prefix}-ud-{split}.conllu"));
                let Ok(sentences) = crate::conllu::read_file(&f) else {
                    continue;
                };
                // Headline casings and joined hyphens too, on the smaller splits.
                let mut variants: Vec<crate::conllu::Sentence> = Vec::new();
                for s in sentences.iter().filter(|_| split != "train") {
                    variants.push(crate::augment::title_case(s));
                    variants.push(crate::augment::upper_case(s));
                    variants.extend(crate::augment::join_hyphens(s));
                }
                let forms: Vec<Vec<&str>> = sentences
                    .iter()
                    .chain(&variants)
                    .map(|s| s.forms())
                    .collect();
                n += check_same(&reference, &forms, &f.display().to_string());
            }
        }
        for split in ["train", "dev"] {
            let Ok(files) = std::fs::read_dir(data.join("polnear").join(split).join("text")) else {
                continue;
            };
            for f in files {
                let f = f.unwrap().path();
                let text = std::fs::read_to_string(&f).unwrap();
                n += check_same(
                    &reference,
                    &crude_sentences(&text),
                    &f.display().to_string(),
                );
            }
        }
        println!("{n} tokens tagged the same as the reference");
    }

    /// Re-seals `bytes` with a correct checksum after a change.
    fn reseal(bytes: &mut [u8]) {
        let n = bytes.len() - 8;
        let sum = hash_bytes(&bytes[..n]);
        bytes[n..].copy_from_slice(&sum.to_le_bytes());
    }

    #[test]
    fn damaged_models_with_valid_checksums_never_panic() {
        let good = Tagger::load_default().unwrap().to_bytes();
        let mut state = 0x9e37_79b9_u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let mut loaded = 0;
        for round in 0..300 {
            let mut bytes = good.clone();
            // Damage the header fields in early rounds, anywhere later.
            let span = if round < 100 { 120 } else { bytes.len() - 8 };
            for _ in 0..1 + round % 3 {
                let i = next() % span;
                bytes[i] ^= 1 << (next() % 8);
            }
            reseal(&mut bytes);
            if let Ok(t) = Tagger::from_bytes(&bytes) {
                loaded += 1;
                let tags = t.tag(&["The", "minister", "said", "\u{201C}", "no", "\u{201D}", "."]);
                assert_eq!(tags.len(), 7);
            }
        }
        // Most single-bit changes in the weights still give a valid (slightly different) model.
        assert!(loaded > 0);
    }
}
