//! The features of a parser state, shared by training and parsing.
//!
//! Every feature is a `u64` key: a template number mixed with the values it looks at (word
//! hashes, tags, relation numbers, distances, valencies). Each token is normalised and hashed
//! once ([`Tok`]); a state's features are then a fixed number of cheap mixes, so the work per
//! transition is bounded by a constant whatever the sentence.
//!
//! Three groups, in the Zhang and Nivre (2011) spirit, reduced to what paid on EWT dev:
//!
//! - **unigrams** ([`N_UNIGRAM`] per position): the word, the tag and both of the top three
//!   stack tokens and the first three buffer tokens. They depend on one token and its position
//!   only, so parsing sums their weights once per token and position, not once per transition
//!   (`model::Parser::parse`);
//! - **context** ([`N_CONTEXT`]): pairs and triples of those tokens, their distance, the
//!   valency, children and child relations of `s0`, `s1` and `b0`;
//! - **label** ([`N_LABEL`]): the features the relation of a new arc is chosen with, from its
//!   head, its dependent, their distance and the dependent's children (all attached by then:
//!   arc-hybrid pops a dependent when it attaches it).
//!
//! Changing anything here changes the keys a model was trained with: bump
//! [`FEATURE_VERSION`] and retrain.

use whosaid_modelfile::checksum;
use whosaid_tagger::Tag;

use crate::system::{State, NONE, NO_LABEL};

/// Version of the feature set, stored in model files so that a model trained with other
/// features is refused instead of silently parsing badly.
pub(crate) const FEATURE_VERSION: u32 = 2;

/// Positions whose unigram features are summed per token: `s0 s1 s2 b0 b1 b2`.
pub(crate) const N_ROLES: usize = 6;
/// Unigram features of a token in one position: its word, its tag, both.
pub(crate) const N_UNIGRAM: usize = 3;
/// Context features of a state.
pub(crate) const N_CONTEXT: usize = 35;
/// Features of a new arc, for its relation.
pub(crate) const N_LABEL: usize = 19;

/// What features know of a token: the hash of its normalised form, its tag, both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tok {
    pub w: u64,
    pub t: u64,
    pub wt: u64,
}

/// The token of an absent position (an empty stack or buffer slot, a missing child).
pub(crate) const NONE_TOK: Tok = Tok {
    w: 0x6e6f_6e65_2d77_6f72,
    t: Tag::COUNT as u64 + 1,
    wt: 0x6e6f_6e65_2d77_7400,
};

const K1: u64 = 0x9e37_79b9_7f4a_7c15;
const K2: u64 = 0xc2b2_ae3d_27d4_eb4f;

/// Combines two values into one (not yet mixed: [`key`] finishes).
#[inline(always)]
fn comb(a: u64, b: u64) -> u64 {
    (a ^ b.wrapping_mul(K2)).rotate_left(27).wrapping_mul(K1)
}

/// The key of template `t` over the combined value `v`; never 0 (the empty table slot).
///
/// One multiplication and a fold of the high half into the low one, so that the low bits (a
/// key's bucket) depend on every bit of `v`. Not a full mix like `fmix`: the values mixed
/// here are already products of [`comb`] or well-mixed word hashes, and a parse computes tens
/// of keys per transition.
#[inline(always)]
fn key(t: u64, v: u64) -> u64 {
    let m = (v ^ t.wrapping_mul(K1)).wrapping_mul(K2);
    let k = m ^ (m >> 29);
    k | (k == 0) as u64
}

impl Tok {
    /// The token `form` tagged `tag`; `buf` is scratch space.
    pub(crate) fn new(form: &str, tag: Tag, buf: &mut String) -> Tok {
        buf.clear();
        whosaid_tagger::normalize(form, buf);
        let w = checksum(buf.as_bytes());
        let t = tag as u64;
        Tok {
            w,
            t,
            wt: comb(w, t),
        }
    }
}

/// A distance in tokens, bucketed: 1, 2, 3, 4, 5–6, 7–10, more; 0 when a token is absent.
#[inline]
fn distance(a: u32, b: u32) -> u64 {
    if a == NONE || b == NONE {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64,
        5..=6 => 5,
        7..=10 => 6,
        _ => 7,
    }
}

/// The keys of the unigram features of token `tok` in position `role` (below [`N_ROLES`]).
#[inline]
pub(crate) fn unigram_keys(role: usize, tok: &Tok) -> [u64; N_UNIGRAM] {
    let r = role as u64 * 4;
    [key(r + 1, tok.w), key(r + 2, tok.t), key(r + 3, tok.wt)]
}

/// The tokens in the positions `s0 s1 s2 b0 b1 b2` of `state`, [`NONE`] where absent.
#[inline]
pub(crate) fn roles(state: &State) -> [u32; N_ROLES] {
    [
        state.stack(0),
        state.stack(1),
        state.stack(2),
        state.buffer(0),
        state.buffer(1),
        state.buffer(2),
    ]
}

/// The token `i` of `toks`, or [`NONE_TOK`].
#[inline(always)]
fn tok(toks: &[Tok], i: u32) -> &Tok {
    toks.get(i as usize).unwrap_or(&NONE_TOK)
}

/// The keys of the context features of `state` over the sentence `toks`.
pub(crate) fn context_keys(state: &State, toks: &[Tok], out: &mut [u64; N_CONTEXT]) {
    let [s0i, s1i, s2i, b0i, b1i, b2i] = roles(state);
    let (s0, s1, s2) = (tok(toks, s0i), tok(toks, s1i), tok(toks, s2i));
    let (b0, b1, b2) = (tok(toks, b0i), tok(toks, b1i), tok(toks, b2i));
    let s0l = state.left_child(s0i, 0);
    let s0r = state.right_child(s0i, 0);
    let s1r = state.right_child(s1i, 0);
    let b0l = state.left_child(b0i, 0);
    let (ts0l, ts0r, ts1r, tb0l) = (
        tok(toks, s0l),
        tok(toks, s0r),
        tok(toks, s1r),
        tok(toks, b0l),
    );
    let lab = |i: u32| -> u64 {
        if i == NONE {
            NO_LABEL as u64
        } else {
            state.label_of(i) as u64
        }
    };
    let d_sb = distance(s0i, b0i);
    let d_ss = distance(s1i, s0i);
    let [s0lv, s0rv] = state.valency(s0i).map(u64::from);
    let b0lv = state.valency(b0i)[0] as u64;
    let [s0lset, s0rset] = state.label_sets(s0i);
    let b0lset = state.label_sets(b0i)[0];
    let c = comb;
    *out = [
        key(101, c(s0.wt, b0.wt)),
        key(104, c(s0.wt, b0.t)),
        key(105, c(s0.t, b0.wt)),
        key(107, c(s0.t, b0.t)),
        key(109, c(s1.t, s0.t)),
        key(112, c(s1.wt, s0.wt)),
        key(113, c(b0.t, b1.t)),
        key(114, c(c(b0.t, b1.t), b2.t)),
        key(115, c(c(s0.t, b0.t), b1.t)),
        key(116, c(c(s1.t, s0.t), b0.t)),
        key(117, c(c(s2.t, s1.t), s0.t)),
        key(118, c(c(s0.t, ts0l.t), b0.t)),
        key(119, c(c(s0.t, ts0r.t), b0.t)),
        key(120, c(c(s0.t, b0.t), tb0l.t)),
        key(121, c(c(s1.t, ts1r.t), s0.t)),
        key(122, c(c(s1.t, s0.t), ts0l.t)),
        key(123, c(c(s1.t, s0.t), ts0r.t)),
        key(125, c(s0.t, d_sb)),
        key(127, c(b0.t, d_sb)),
        key(128, c(c(s0.t, b0.t), d_sb)),
        key(129, c(c(s1.t, s0.t), d_ss)),
        key(131, c(s0.t, s0rv)),
        key(133, c(s0.t, s0lv)),
        key(135, c(b0.t, b0lv)),
        key(138, ts0l.t),
        key(139, lab(s0l)),
        key(141, ts0r.t),
        key(142, lab(s0r)),
        key(144, tb0l.t),
        key(145, lab(b0l)),
        key(146, ts1r.t),
        key(147, lab(s1r)),
        key(157, c(s0.t, s0lset)),
        key(158, c(s0.t, s0rset)),
        key(159, c(b0.t, b0lset)),
    ];
}

/// The keys of the features that choose the relation of the arc `h → d` just built in
/// `state` (`d` is popped, its children are all attached).
pub(crate) fn label_keys(state: &State, toks: &[Tok], h: u32, d: u32, out: &mut [u64; N_LABEL]) {
    let (ht, dt) = (tok(toks, h), tok(toks, d));
    // The direction goes into every key: a left and a right dependent are different things.
    let dir = u64::from(d > h) << 8;
    let c = |a: u64, b: u64| comb(a, b) ^ dir;
    let lab = |i: u32| -> u64 {
        if i == NONE {
            NO_LABEL as u64
        } else {
            state.label_of(i) as u64
        }
    };
    let dl = state.left_child(d, 0);
    let dr = state.right_child(d, 0);
    let [dlset, drset] = state.label_sets(d);
    let [hlset, hrset] = state.label_sets(h);
    let before = if d == 0 { NONE } else { d - 1 };
    let after = d.saturating_add(1);
    *out = [
        key(201, c(dt.w, 0)),
        key(202, c(dt.t, 0)),
        key(203, c(dt.wt, 0)),
        key(204, c(ht.w, 0)),
        key(205, c(ht.t, 0)),
        key(206, c(ht.wt, 0)),
        key(207, c(ht.t, dt.t)),
        key(211, c(ht.wt, dt.wt)),
        key(212, c(comb(ht.t, dt.t), distance(h, d))),
        key(213, c(dt.t, dlset)),
        key(214, c(dt.t, drset)),
        key(215, c(dt.t, lab(dl))),
        key(216, c(dt.t, lab(dr))),
        key(217, c(dt.t, tok(toks, dl).w)),
        key(218, c(ht.t, hlset)),
        key(219, c(ht.t, hrset)),
        key(220, c(comb(tok(toks, before).t, dt.t), ht.t)),
        key(221, c(comb(dt.t, tok(toks, after).t), ht.t)),
        key(222, c(comb(dt.w, ht.t), lab(dr))),
    ];
}
