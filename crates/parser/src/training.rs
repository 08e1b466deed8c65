//! What a trainer needs from the parser, and nothing that parsing does not also use: the
//! transition system, the feature keys of a state and of a new arc, and
//! [`Parser::from_weights`](crate::Parser::from_weights) to build a parser from learned
//! weights. The training itself (the perceptron, the oracle, the data, the choice of epochs)
//! lives in `whosaid-train`, so that this crate compiles no trainer.
//!
//! Relations are passed as `u8`: a [`DepLabel`](crate::DepLabel)'s
//! [`index`](crate::DepLabel::index).
//!
//! ```
//! use whosaid_parser::training::{transition_keys, Action, SentenceTokens, State, N_TRANSITION_FEATURES};
//! use whosaid_tagger::Tag;
//!
//! let toks = SentenceTokens::new(&["Rutte", "said", "."], &[Tag::NNP, Tag::VBD, Tag::Period]);
//! let mut state = State::new(toks.len());
//! let mut keys = [0u64; N_TRANSITION_FEATURES];
//! transition_keys(&state, &toks, &mut keys);
//! assert!(keys.iter().all(|&k| k != 0));
//! state.apply(Action::Shift, 0);
//! assert_eq!(state.arc(Action::Left), Some((1, 0)));
//! ```

pub use crate::model::MAX_WEIGHT;
pub use crate::system::{Action, State, NONE};

use whosaid_tagger::Tag;

use crate::features::{
    context_keys, label_keys as arc_keys, roles, unigram_keys, Tok, NONE_TOK, N_CONTEXT, N_LABEL,
    N_ROLES, N_UNIGRAM,
};

/// Number of features of a state: the keys [`transition_keys`] writes.
pub const N_TRANSITION_FEATURES: usize = N_ROLES * N_UNIGRAM + N_CONTEXT;

/// The transition weight bucket of feature `key` in a model of `2^bits` buckets: features that
/// share a bucket share their weights, in training as in parsing.
pub fn bucket(key: u64, bits: u32) -> usize {
    key as usize & ((1usize << bits) - 1)
}

/// Number of features of a new arc: the keys [`label_keys`] writes.
pub const N_LABEL_FEATURES: usize = N_LABEL;

/// One sentence's tokens as the features see them: each normalised and hashed once, with its
/// tag, as parsing prepares them.
#[derive(Clone, Debug, Default)]
pub struct SentenceTokens(Vec<Tok>);

impl SentenceTokens {
    /// The tokens `forms` with their tags (a missing tag counts as `NN`, as in parsing).
    pub fn new<S: AsRef<str>>(forms: &[S], tags: &[Tag]) -> SentenceTokens {
        let mut buf = String::new();
        SentenceTokens(
            forms
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    Tok::new(
                        f.as_ref(),
                        tags.get(i).copied().unwrap_or(Tag::NN),
                        &mut buf,
                    )
                })
                .collect(),
        )
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no token.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The keys of the features of `state` that score its transitions, in a fixed order.
pub fn transition_keys(
    state: &State,
    toks: &SentenceTokens,
    out: &mut [u64; N_TRANSITION_FEATURES],
) {
    let (uni, ctx) = out.split_at_mut(N_ROLES * N_UNIGRAM);
    for (role, &i) in roles(state).iter().enumerate() {
        let tok = toks.0.get(i as usize).unwrap_or(&NONE_TOK);
        uni[role * N_UNIGRAM..(role + 1) * N_UNIGRAM].copy_from_slice(&unigram_keys(role, tok));
    }
    context_keys(state, &toks.0, ctx.try_into().expect("N_CONTEXT keys"));
}

/// The keys of the features that choose the relation of the arc `head → dependent` that a
/// transition is about to build in `state` (see [`State::arc`]).
pub fn label_keys(
    state: &State,
    toks: &SentenceTokens,
    head: u32,
    dependent: u32,
    out: &mut [u64; N_LABEL_FEATURES],
) {
    arc_keys(state, &toks.0, head, dependent, out);
}
