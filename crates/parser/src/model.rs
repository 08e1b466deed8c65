//! The trained parser: two hashed weight tables (transitions, relations) and greedy parsing
//! with them.

use std::fmt;
use std::sync::OnceLock;

use whosaid_modelfile::{prefetch, ModelError};
use whosaid_tagger::Tag;
use whosaid_text::Document;

use crate::features::{
    context_keys, label_keys, roles, unigram_keys, Tok, NONE_TOK, N_CONTEXT, N_LABEL, N_ROLES,
};
use crate::label::DepLabel;
use crate::parse::{Parse, NO_HEAD};
use crate::system::{Action, State, NONE};

/// The shipped model, trained on UD English-EWT train (see `models/README.md`).
static DEFAULT_MODEL_BYTES: &[u8] = include_bytes!("../models/en-ewt-parser.bin");

/// Largest weight magnitude a model may store. Scores are summed in `i32`, which no sum of a
/// bounded number of such weights can overflow.
pub const MAX_WEIGHT: i16 = 4095;

/// Bounds on the number of transition buckets a model may have (log2): a model file says how
/// many it has, and a foreign or damaged one must not make the parser allocate without bound.
pub(crate) const MIN_BUCKET_BITS: u32 = 4;
pub(crate) const MAX_BUCKET_BITS: u32 = 24;

/// A slot of the relation table: a feature key and where its weights are in `entries`.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(16))]
pub(crate) struct LabelSlot {
    pub key: u64,
    pub start: u32,
    pub len: u32,
}

/// One non-zero weight of a relation row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LabelEntry {
    pub label: u8,
    pub weight: i16,
}

/// A greedy arc-hybrid dependency parser with averaged-perceptron weights.
///
/// Immutable once built, so one instance is shared by all threads (`&Parser` is `Send +
/// Sync`). Get the shipped model with [`Parser::default_model`]; load a retrained one with
/// [`Parser::from_file`] or [`Parser::from_bytes`].
#[derive(Clone)]
pub struct Parser {
    /// Transition weights: for each hash bucket, the weights of `Shift`, `Left` and `Right`
    /// (and padding, so that a bucket is 8 aligned bytes). A feature's bucket is its key's low
    /// bits; features that share a bucket share weights, and were trained that way (the
    /// "hashing trick"): a lookup is one load, with no key to compare and no probing.
    trans: Vec<[i16; 4]>,
    trans_mask: usize,
    /// Relation weights: a table of slots pointing into `entries`.
    labels: Vec<LabelSlot>,
    labels_mask: usize,
    n_label_rows: usize,
    entries: Vec<LabelEntry>,
    /// The long relation rows (at least [`DENSE_ROW_MIN`] weights: features of tags, seen
    /// with most relations) again as dense rows of every relation's weight, which add as
    /// vectors instead of one scattered weight at a time. Built at load; the file stores
    /// only the sparse rows. A slot's `len` is [`DENSE_ROW`] and its `start` an index here.
    dense: Vec<[i16; 64]>,
    /// Where each dense row is in `entries` (start, length), for writing the model.
    dense_sparse: Vec<(u32, u32)>,
    /// The unigram weights of the absent token in each position, summed once.
    none_unigrams: [[i32; 4]; N_ROLES],
    /// Quantisation scale: weight = stored value / scale. Informational.
    pub(crate) scale: f32,
}

impl fmt::Debug for Parser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Parser")
            .field("transition_buckets", &self.trans.len())
            .field("label_features", &self.n_label_rows)
            .field("label_weights", &self.entries.len())
            .finish()
    }
}

/// Relation rows with at least this many weights are also kept dense: adding a sparse row
/// costs a scattered add per weight, a dense one a few vector adds.
const DENSE_ROW_MIN: u32 = 6;

/// The `len` of a slot whose row is dense.
const DENSE_ROW: u32 = u32::MAX;

/// A power-of-two table size for `n` keys, at most two-thirds full.
fn table_size(n: usize) -> usize {
    (n * 3 / 2 + 1).next_power_of_two().max(16)
}

/// Working memory of one [`Parser::parse`] call, reused from sentence to sentence.
#[derive(Default)]
struct Scratch {
    buf: String,
    toks: Vec<Tok>,
    state: State,
    /// The summed unigram weights of each token in each position.
    unigrams: Vec<[[i32; 4]; N_ROLES]>,
}

impl Parser {
    /// The file name of the parser's model in a models directory: what `whosaid train --out
    /// DIR` writes.
    pub const FILE_NAME: &'static str = "en-ewt-parser.bin";

    /// The model shipped inside this crate (EWT train, see `models/README.md`), parsed on
    /// first use and then shared. It needs no file at run time.
    ///
    /// # Panics
    /// If the embedded model bytes do not load, which the crate's tests rule out.
    pub fn default_model() -> &'static Parser {
        static MODEL: OnceLock<Parser> = OnceLock::new();
        MODEL.get_or_init(|| {
            Parser::load_default().expect("the model embedded in whosaid-parser is invalid")
        })
    }

    /// Parses a fresh copy of the shipped model. Prefer [`Parser::default_model`], which
    /// parses it once per process.
    pub fn load_default() -> Result<Parser, ModelError> {
        Parser::from_bytes(DEFAULT_MODEL_BYTES)
    }

    /// Builds the lookup tables of checked weights: the transition buckets (a power of two of
    /// them) and relation rows `(key, start, len)` into `entries`, in ascending key order with
    /// distinct non-zero keys.
    pub(crate) fn assemble(
        buckets: &[[i16; 3]],
        label_rows: &[(u64, u32, u32)],
        entries: Vec<LabelEntry>,
        scale: f32,
    ) -> Parser {
        let trans: Vec<[i16; 4]> = buckets.iter().map(|&[a, b, c]| [a, b, c, 0]).collect();
        let lsize = table_size(label_rows.len());
        let mut labels = vec![LabelSlot::default(); lsize];
        let mut dense = Vec::new();
        let mut dense_sparse = Vec::new();
        for &(key, start, len) in label_rows {
            let (start, len) = if len >= DENSE_ROW_MIN {
                let mut row = [0i16; 64];
                let (a, n) = (start as usize, len as usize);
                for e in &entries[a..a + n] {
                    row[e.label as usize & 63] = e.weight;
                }
                dense.push(row);
                dense_sparse.push((start, len));
                ((dense.len() - 1) as u32, DENSE_ROW)
            } else {
                (start, len)
            };
            let mut i = key as usize & (lsize - 1);
            while labels[i].key != 0 {
                i = (i + 1) & (lsize - 1);
            }
            labels[i] = LabelSlot { key, start, len };
        }
        let mut parser = Parser {
            trans_mask: trans.len() - 1,
            trans,
            labels,
            labels_mask: lsize - 1,
            n_label_rows: label_rows.len(),
            entries,
            dense,
            dense_sparse,
            none_unigrams: [[0; 4]; N_ROLES],
            scale,
        };
        for role in 0..N_ROLES {
            let mut sum = [0; 4];
            for k in unigram_keys(role, &NONE_TOK) {
                parser.add_trans(k, &mut sum);
            }
            parser.none_unigrams[role] = sum;
        }
        parser
    }

    /// Number of transition weight buckets (features share them by hash).
    pub fn n_transition_buckets(&self) -> usize {
        self.trans.len()
    }

    /// Number of features with relation weights.
    pub fn n_label_features(&self) -> usize {
        self.n_label_rows
    }

    /// Number of stored (non-zero) relation weights.
    pub fn n_label_weights(&self) -> usize {
        self.entries.len()
    }

    /// The transition buckets (for writing the model).
    pub(crate) fn transition_buckets(&self) -> impl Iterator<Item = [i16; 3]> + '_ {
        self.trans.iter().map(|w| [w[0], w[1], w[2]])
    }

    /// The relation rows in ascending key order, with their weights.
    pub(crate) fn label_rows(&self) -> Vec<(u64, &[LabelEntry])> {
        let mut rows: Vec<_> = (self.labels.iter().filter(|s| s.key != 0))
            .map(|s| {
                let (a, n) = if s.len == DENSE_ROW {
                    self.dense_sparse[s.start as usize]
                } else {
                    (s.start, s.len)
                };
                let (a, n) = (a as usize, n as usize);
                (s.key, &self.entries[a..a + n])
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        rows
    }

    #[inline(always)]
    fn prefetch_trans(&self, key: u64) {
        prefetch(
            self.trans
                .as_ptr()
                .wrapping_add(key as usize & self.trans_mask),
        );
    }

    /// Adds the transition weights of feature `key` to `scores`.
    #[inline(always)]
    fn add_trans(&self, key: u64, scores: &mut [i32; 4]) {
        let w = &self.trans[key as usize & self.trans_mask];
        for (s, &w) in scores.iter_mut().zip(w) {
            *s += w as i32;
        }
    }

    /// The relation row of feature `key`, if it has one.
    #[inline]
    fn label_slot(&self, key: u64) -> Option<&LabelSlot> {
        let mut i = key as usize & self.labels_mask;
        loop {
            let s = &self.labels[i];
            if s.key == key {
                return Some(s);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & self.labels_mask;
        }
    }

    /// The relation the model gives the arc `h → d` about to be built in `state`: the
    /// best-scoring one, never `root` (ties go to the lower number).
    fn choose_label(&self, state: &State, toks: &[Tok], h: u32, d: u32) -> u8 {
        let mut keys = [0u64; N_LABEL];
        label_keys(state, toks, h, d, &mut keys);
        keys.iter().for_each(|&k| {
            prefetch(
                self.labels
                    .as_ptr()
                    .wrapping_add(k as usize & self.labels_mask),
            )
        });
        // Find every row first and ask for its weights, then add them: the loads of the rows'
        // weights overlap instead of each waiting for its slot.
        let mut rows = [(0u32, 0u32); N_LABEL];
        for (row, &k) in rows.iter_mut().zip(&keys) {
            if let Some(s) = self.label_slot(k) {
                if s.len == DENSE_ROW {
                    prefetch(self.dense.as_ptr().wrapping_add(s.start as usize));
                } else {
                    prefetch(self.entries.as_ptr().wrapping_add(s.start as usize));
                }
                *row = (s.start, s.len);
            }
        }
        let mut scores = [0i32; 64];
        for &(start, len) in &rows {
            if len == DENSE_ROW {
                if let Some(row) = self.dense.get(start as usize) {
                    for (s, &w) in scores.iter_mut().zip(row) {
                        *s += w as i32;
                    }
                }
            } else {
                let (a, n) = (start as usize, len as usize);
                for e in &self.entries[a..a + n] {
                    scores[e.label as usize & 63] += e.weight as i32;
                }
            }
        }
        let mut best = DepLabel::DEP.index();
        let mut best_score = i32::MIN;
        for (l, &s) in scores.iter().enumerate().take(DepLabel::COUNT).skip(1) {
            if s > best_score {
                best = l;
                best_score = s;
            }
        }
        best as u8
    }

    /// Parses every sentence of `doc`, given the tags of its tokens (`tags[k]` for token `k`,
    /// as the tagger gives them; a missing tag counts as `NN`).
    ///
    /// Each sentence is parsed on its own, greedily: `2n − 1` transitions for `n` tokens, each
    /// scored with a fixed number of feature lookups, so time and memory are linear in the
    /// length of the document whatever its content. A sentence that overlaps or precedes the
    /// one before it (which [`Document::parse`] never makes) is left unparsed: its tokens are
    /// roots with relation `dep`, as are tokens in no sentence.
    pub fn parse(&self, doc: &Document, tags: &[Tag]) -> Parse {
        let n = doc.tokens.len();
        let mut heads = vec![NO_HEAD; n];
        let mut labels = vec![DepLabel::DEP; n];
        let mut scratch = Scratch::default();
        let mut done = 0;
        for sentence in &doc.sentences {
            let (start, end) = (sentence.tokens.start, sentence.tokens.end.min(n));
            if start < done || start >= end {
                continue;
            }
            done = end;
            scratch.toks.clear();
            for k in start..end {
                let t = doc.tokens[k];
                let form = doc.text.get(t.start..t.end).unwrap_or("");
                let tag = tags.get(k).copied().unwrap_or(Tag::NN);
                scratch.toks.push(Tok::new(form, tag, &mut scratch.buf));
            }
            self.parse_sentence(&mut scratch);
            let state = &scratch.state;
            for (i, (&h, &l)) in state.heads().iter().zip(state.labels()).enumerate() {
                let k = start + i;
                if h == NONE {
                    labels[k] = DepLabel::ROOT;
                } else {
                    heads[k] = (start + h as usize) as u32;
                    labels[k] = DepLabel::from_index(l as usize).unwrap_or(DepLabel::DEP);
                }
            }
        }
        Parse::new(heads, labels)
    }

    /// Parses one sentence already split into tokens (`forms`, with their `tags`; a missing tag
    /// counts as `NN`): heads are indexes into `forms`. For text, use [`Parser::parse`], which
    /// parses each sentence of a document.
    pub fn parse_tokens<S: AsRef<str>>(&self, forms: &[S], tags: &[Tag]) -> Parse {
        let mut scratch = Scratch::default();
        for (k, form) in forms.iter().enumerate() {
            let tag = tags.get(k).copied().unwrap_or(Tag::NN);
            scratch
                .toks
                .push(Tok::new(form.as_ref(), tag, &mut scratch.buf));
        }
        self.parse_sentence(&mut scratch);
        let state = &scratch.state;
        let heads = state
            .heads()
            .iter()
            .map(|&h| if h == NONE { NO_HEAD } else { h })
            .collect();
        let labels = (state.heads().iter().zip(state.labels()))
            .map(|(&h, &l)| {
                if h == NONE {
                    DepLabel::ROOT
                } else {
                    DepLabel::from_index(l as usize).unwrap_or(DepLabel::DEP)
                }
            })
            .collect();
        Parse::new(heads, labels)
    }

    /// Parses the sentence in `scratch.toks` into `scratch.state`.
    fn parse_sentence(&self, scratch: &mut Scratch) {
        let Scratch {
            toks,
            state,
            unigrams,
            ..
        } = scratch;
        let n = toks.len();
        state.reset(n);
        // The unigram weights of every token in every position, summed once: a token is in
        // each position at most a few times, but the sums are looked up at every transition.
        unigrams.clear();
        for (i, tok) in toks.iter().enumerate() {
            if let Some(next) = toks.get(i + 2) {
                for role in 0..N_ROLES {
                    unigram_keys(role, next)
                        .iter()
                        .for_each(|&k| self.prefetch_trans(k));
                }
            }
            let mut sums = [[0i32; 4]; N_ROLES];
            for (role, sum) in sums.iter_mut().enumerate() {
                for k in unigram_keys(role, tok) {
                    self.add_trans(k, sum);
                }
            }
            unigrams.push(sums);
        }
        let mut keys = [0u64; N_CONTEXT];
        while !state.is_terminal() {
            context_keys(state, toks, &mut keys);
            keys.iter().for_each(|&k| self.prefetch_trans(k));
            let mut scores = [0i32; 4];
            for (role, &i) in roles(state).iter().enumerate() {
                let u = match unigrams.get(i as usize) {
                    Some(u) => &u[role],
                    None => &self.none_unigrams[role],
                };
                for (s, &w) in scores.iter_mut().zip(u) {
                    *s += w;
                }
            }
            for &k in &keys {
                self.add_trans(k, &mut scores);
            }
            let mut best = None;
            for action in Action::ALL {
                if state.is_valid(action) && best.is_none_or(|(_, s)| scores[action as usize] > s) {
                    best = Some((action, scores[action as usize]));
                }
            }
            // A non-terminal state always has a valid transition (see `system`).
            let Some((action, _)) = best else { break };
            let label = match state.arc(action) {
                Some((h, d)) => self.choose_label(state, toks, h, d),
                None => 0,
            };
            state.apply(action, label);
        }
    }
}
