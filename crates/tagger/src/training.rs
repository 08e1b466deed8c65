//! What a trainer needs from the tagger, and nothing that tagging does not also use: the
//! feature keys of every position of a sentence, the keys of the tag dictionary and of the
//! ambiguity classes, and [`Tagger::from_weights`](crate::Tagger::from_weights) to build a
//! tagger from learned weights. The training itself (the perceptron, the data, the choice of
//! epochs) lives in `whosaid-train`, so that this crate compiles no trainer.
//!
//! Tags are passed as `u8`: a [`Tag`](crate::Tag) as `tag as u8`, its index in
//! [`Tag::ALL`](crate::Tag::ALL).
//!
//! ```
//! use whosaid_tagger::training::{AmbiguityClasses, History, SentenceFeatures, N_FEATURES};
//! use whosaid_tagger::Tag;
//!
//! let classes = AmbiguityClasses::new(&[]);
//! let sentence = SentenceFeatures::new(&["Rutte", "said", "."], &classes);
//! let mut history = History::new();
//! let mut keys = [0u64; N_FEATURES];
//! for (i, gold) in [Tag::NNP, Tag::VBD, Tag::Period].into_iter().enumerate() {
//!     sentence.keys(i, &history, &mut keys);
//!     assert!(keys.iter().all(|&k| k != 0));
//!     history.push(gold as u8);
//! }
//! ```

pub use crate::features::History;
pub use crate::model::MAX_WEIGHT;

use crate::features::{SentenceInfo, N_DYNAMIC, N_STATIC};
use crate::table::KeyTable;
use crate::token::{cased_hash, word_hash};

/// Number of features of one position: the keys [`SentenceFeatures::keys`] writes.
pub const N_FEATURES: usize = N_STATIC + N_DYNAMIC;

/// The key of `token` in the tag dictionary: the hash of its normalised form with its case
/// kept.
pub fn dictionary_key(token: &str) -> u64 {
    cased_hash(token)
}

/// The key of `token` among the ambiguity classes: the hash of its lowercased normalised form.
pub fn class_key(token: &str) -> u64 {
    word_hash(token)
}

/// Ambiguity classes to compute features with: for each word key ([`class_key`]), the set of
/// tags the word had in training (bit `t` for tag `t`).
#[derive(Clone, Debug, Default)]
pub struct AmbiguityClasses(KeyTable<u64>);

impl AmbiguityClasses {
    /// The classes `(word key, tag set)`; keys must be distinct and non-zero.
    pub fn new(classes: &[(u64, u64)]) -> AmbiguityClasses {
        AmbiguityClasses(KeyTable::new(classes))
    }
}

/// A sentence prepared for feature extraction: each token normalised and hashed once, as
/// tagging prepares it.
#[derive(Default)]
pub struct SentenceFeatures(SentenceInfo);

impl SentenceFeatures {
    /// Prepares the tokens of one sentence; the ambiguity classes are part of the features.
    pub fn new<S: AsRef<str>>(tokens: &[S], classes: &AmbiguityClasses) -> SentenceFeatures {
        let mut info = SentenceInfo::new();
        info.fill(tokens, &mut String::new(), &classes.0);
        SentenceFeatures(info)
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the sentence has no token.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The tag token `i` always gets whatever its context (curly double quotes and
    /// guillemets, which say which side they are on), if it has one.
    pub fn forced(&self, i: usize) -> Option<u8> {
        self.0.forced(i)
    }

    /// Token `i`'s key in the tag dictionary ([`dictionary_key`] of its text).
    pub fn dictionary_key(&self, i: usize) -> u64 {
        self.0.cased(i)
    }

    /// The keys of the features of token `i`, given the tags predicted before it. The order
    /// is fixed: it is the one models are trained with.
    pub fn keys(&self, i: usize, history: &History, out: &mut [u64; N_FEATURES]) {
        let (s, d) = out.split_at_mut(N_STATIC);
        self.0
            .static_features(i, s.try_into().expect("N_STATIC keys"));
        self.0
            .dynamic_features(i, history, d.try_into().expect("N_DYNAMIC keys"));
    }
}
