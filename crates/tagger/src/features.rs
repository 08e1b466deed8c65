//! The features of a position in a sentence, shared by training and tagging.
//!
//! Every feature is a `u64` key: a template id mixed with hashes of the strings it looks at.
//! No string is built per feature. Each token is normalised and hashed once (see `token`: its
//! word, prefix, suffix and shape hashes are kept in a [`TokInfo`]); the features of position
//! `i` are then a fixed number of cheap mixes of those hashes and the two previous tags.
//!
//! Changing anything here changes the keys a model was trained with: bump [`FEATURE_VERSION`]
//! and retrain.

use std::sync::OnceLock;

use whosaid_modelfile::{fmix, prefetch};

use crate::table::KeyTable;
use crate::tag::Tag;
use crate::token::{
    hash_bytes, token_info, TokInfo, F_ALLCAPS, F_ALPHA, F_CAP, F_DIGIT, F_HYPHEN, F_QUOTELIKE, K,
};

/// Version of the feature set; stored in model files so that a model trained with other
/// features is refused instead of silently tagging badly.
pub(crate) const FEATURE_VERSION: u32 = 1;

/// Number of features of a token that do not depend on the predicted tags.
pub(crate) const N_STATIC: usize = 21;
/// Number of features of a token that depend on the two previous predicted tags.
pub(crate) const N_DYNAMIC: usize = 5;

/// Static features with few possible values: the bias, capitalisation × position × casing
/// mode, the digit and hyphen flags, and the next word's capitalisation. Their weights are
/// summed for every combination (a "context", see [`SentenceInfo::context`]) when a model
/// loads, so that tagging looks up one row for all of them.
pub(crate) const N_CONTEXT: usize = 4;
/// Number of contexts: casing mode × capitalisation × position × digit and hyphen flags ×
/// capitalisation of the next word.
pub(crate) const N_CONTEXTS: usize = 3 * 8 * 3 * 4 * 8;
/// Static features looked up one by one: the ones about words, affixes, shapes and classes.
pub(crate) const N_WORD: usize = N_STATIC - N_CONTEXT;
/// Dynamic features that depend on the two previous tags alone; like contexts, their sums are
/// computed for every pair of tags when a model loads.
pub(crate) const N_TAG_HISTORY: usize = 3;
/// Values a history tag can take: a tag, [`START1`] or [`START2`].
pub(crate) const N_HISTORY_TAGS: usize = Tag::COUNT + 2;

/// History value for "tag before the sentence start" (one and two positions back).
pub(crate) const START1: u8 = Tag::COUNT as u8;
pub(crate) const START2: u8 = Tag::COUNT as u8 + 1;

/// Padding tokens on each side of the sentence in the [`TokInfo`] array.
pub(crate) const PAD: usize = 2;

/// Sentence casing mode: ordinary text, Title Case headline, ALL CAPS.
pub(crate) const MODE_NORMAL: u8 = 0;
pub(crate) const MODE_TITLE: u8 = 1;
pub(crate) const MODE_UPPER: u8 = 2;

/// The key of a feature with template `t` and one hashed value.
#[inline]
fn key1(t: u64, a: u64) -> u64 {
    let k = fmix(a ^ t.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    // 0 marks an empty slot in the runtime table.
    k | (k == 0) as u64
}

/// The key of a feature with template `t` and two values.
#[inline]
fn key2(t: u64, a: u64, b: u64) -> u64 {
    key1(t, fmix(a.wrapping_add(K)) ^ b.rotate_left(29))
}

/// Hashes of the padding "words" around a sentence.
pub(crate) fn pad_info(name: &[u8]) -> TokInfo {
    let h = hash_bytes(name);
    TokInfo {
        word: h,
        cased: h,
        class: 1 << 63,
        pre: [h; 3],
        suf: [h; 3],
        shape: h,
        flags: 0,
        forced: u8::MAX,
        pos: 0,
    }
}

/// The padding tokens: two before the sentence, two after.
fn pads() -> &'static [TokInfo; 4] {
    static PADS: OnceLock<[TokInfo; 4]> = OnceLock::new();
    PADS.get_or_init(|| {
        [
            pad_info(b"\x00-START2-"),
            pad_info(b"\x00-START-"),
            pad_info(b"\x00-END-"),
            pad_info(b"\x00-END2-"),
        ]
    })
}

/// Title Case or ALL CAPS detection over a whole sentence (headlines), so that capitalisation
/// features can mean different things there.
pub(crate) fn sentence_mode(infos: &[TokInfo]) -> u8 {
    let mut alpha = 0u32;
    let mut upper = 0u32;
    let mut cap = 0u32;
    for t in infos {
        if t.flags & F_ALPHA != 0 {
            alpha += 1;
            if t.flags & F_ALLCAPS != 0 {
                upper += 1;
            }
            if t.flags & F_CAP != 0 {
                cap += 1;
            }
        }
    }
    if alpha >= 3 && upper * 10 >= alpha * 8 {
        MODE_UPPER
    } else if alpha >= 4 && cap * 10 >= alpha * 7 {
        MODE_TITLE
    } else {
        MODE_NORMAL
    }
}

/// Per-sentence token information, padded with [`PAD`] pseudo-tokens on each side.
#[derive(Default)]
pub(crate) struct SentenceInfo {
    pub toks: Vec<TokInfo>,
    pub mode: u8,
}

impl SentenceInfo {
    pub fn new() -> SentenceInfo {
        SentenceInfo {
            toks: Vec::new(),
            mode: MODE_NORMAL,
        }
    }

    /// Prepares `tokens` for tagging, reusing this buffer's memory.
    pub fn fill<S: AsRef<str>>(&mut self, tokens: &[S], buf: &mut String, classes: &KeyTable<u64>) {
        let [start2, start, end, end2] = pads();
        self.toks.clear();
        self.toks.extend([*start2, *start]);
        let mut seen_word = false;
        let mut prev_flags = start.flags;
        for (k, t) in tokens.iter().enumerate() {
            // Tokens may be scattered over the heap; their bytes are the first thing read.
            if let Some(t) = tokens.get(k + 4) {
                prefetch(t.as_ref().as_ptr());
            }
            let mut info = token_info(t.as_ref(), buf);
            classes.prefetch(info.word);
            info.pos = if !seen_word {
                0
            } else if prev_flags & F_QUOTELIKE != 0 {
                1
            } else {
                2
            };
            seen_word |= info.flags & (F_ALPHA | F_DIGIT) != 0;
            prev_flags = info.flags;
            self.toks.push(info);
        }
        // Class lookups miss the cache often enough to be worth a second pass, after the
        // prefetches above.
        for t in &mut self.toks[PAD..] {
            t.class = classes.get(t.word).unwrap_or(0);
        }
        self.toks.extend([*end, *end2]);
        self.mode = sentence_mode(&self.toks[PAD..self.toks.len() - PAD]);
    }

    /// Number of real tokens.
    pub fn len(&self) -> usize {
        self.toks.len() - 2 * PAD
    }

    /// The tag forced on token `i` by its spelling alone, if any.
    pub fn forced(&self, i: usize) -> Option<u8> {
        let f = self.toks[i + PAD].forced;
        (f != u8::MAX).then_some(f)
    }

    /// The case-preserving hash of token `i`'s normalised form (the tag-dictionary key).
    pub fn cased(&self, i: usize) -> u64 {
        self.toks[i + PAD].cased
    }

    /// The keys of the features of token `i` that do not depend on predicted tags, in the
    /// order training has always used.
    #[inline]
    pub fn static_features(&self, i: usize, out: &mut [u64; N_STATIC]) {
        let c = context_features(self.context(i));
        let mut w = [0; N_WORD];
        self.word_features(i, &mut w);
        *out = [
            c[0], w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], c[1], c[2], w[8], w[9], w[10],
            w[11], w[12], c[3], w[13], w[14], w[15], w[16],
        ];
    }

    /// The context of token `i`: what its [`context_features`] are computed from.
    #[inline]
    pub fn context(&self, i: usize) -> usize {
        let p = i + PAD;
        let cur = &self.toks[p];
        let dh = (cur.flags & (F_DIGIT | F_HYPHEN)) >> 2;
        let c = self.mode as usize;
        let c = c * 8 + capitalisation(cur.flags);
        let c = c * 3 + cur.pos as usize;
        let c = c * 4 + dh as usize;
        c * 8 + capitalisation(self.toks[p + 1].flags)
    }

    /// The keys of the static features of token `i` that are not in its context.
    #[inline]
    pub fn word_features(&self, i: usize, out: &mut [u64; N_WORD]) {
        let p = i + PAD;
        let w = &self.toks;
        let cur = &w[p];
        let mode = self.mode as u64;
        let capbits = (cur.flags & (F_CAP | F_ALLCAPS | F_ALPHA)) as u64;
        *out = [
            key1(1, cur.word),
            key1(2, cur.pre[0]),
            key1(3, cur.pre[1]),
            key1(4, cur.pre[2]),
            key1(5, cur.suf[0]),
            key1(6, cur.suf[1]),
            key1(7, cur.suf[2]),
            key2(8, cur.shape, mode),
            key1(11, w[p - 1].word),
            key1(12, w[p - 2].word),
            key1(13, w[p + 1].word),
            key1(14, w[p + 2].word),
            key1(16, w[p + 1].suf[2]),
            key2(26, cur.word, capbits | mode << 8),
            key1(27, cur.class),
            key1(28, w[p + 1].class),
            key2(29, w[p + 1].class, w[p + 2].class),
        ];
    }

    /// The keys of the features of token `i` that depend on the tags already predicted, in
    /// the order training has always used.
    #[inline]
    pub fn dynamic_features(&self, i: usize, h: &History, out: &mut [u64; N_DYNAMIC]) {
        let t = tag_history_features(h.t1, h.t2);
        let w = self.word_history_features(i, h);
        *out = [t[0], t[1], t[2], w[0], w[1]];
    }

    /// The keys of the dynamic features of token `i` that look at the token too.
    #[inline]
    pub fn word_history_features(&self, i: usize, h: &History) -> [u64; N_DYNAMIC - N_TAG_HISTORY] {
        let cur = &self.toks[i + PAD];
        let t1 = h.t1 as u64;
        [key2(20, t1, cur.word), key2(21, t1, cur.suf[2])]
    }
}

/// The capitalisation bits of `flags` (`F_CAP`, `F_ALLCAPS`, `F_ALPHA`) as a number below 8.
#[inline]
fn capitalisation(flags: u8) -> usize {
    (flags & (F_CAP | F_ALLCAPS)) as usize | ((flags & F_ALPHA) >> 2) as usize
}

/// The keys of the context features of a token in `context` (see [`SentenceInfo::context`]).
pub(crate) fn context_features(context: usize) -> [u64; N_CONTEXT] {
    let capbits = |c: usize| ((c & 3) | ((c & 4) << 2)) as u64;
    let next_cap = capbits(context % 8);
    let c = context / 8;
    let dh = ((c % 4) << 2) as u64;
    let c = c / 4;
    let pos_class = (c % 3) as u64;
    let c = c / 3;
    let capbits = capbits(c % 8);
    let mode = (c / 8) as u64;
    [
        key1(0, 0),
        key1(9, capbits | pos_class << 8 | mode << 16),
        key1(10, dh | mode << 8),
        key1(24, next_cap | mode << 8),
    ]
}

/// The keys of the dynamic features that depend on the previous tag `t1` and the one before
/// it, `t2`, alone.
pub(crate) fn tag_history_features(t1: u8, t2: u8) -> [u64; N_TAG_HISTORY] {
    let (t1, t2) = (t1 as u64, t2 as u64);
    [key1(17, t1), key1(18, t2), key1(19, t1 | t2 << 8)]
}

/// [`SentenceInfo::fill`] done the plain way, every token through the general path: the
/// reference the fast paths are tested against.
#[cfg(test)]
pub(crate) fn reference_sentence_info(tokens: &[&str], classes: &KeyTable<u64>) -> SentenceInfo {
    let mut buf = String::new();
    let mut toks = vec![pad_info(b"\x00-START2-"), pad_info(b"\x00-START-")];
    for t in tokens {
        let mut info = crate::token::token_info_general(t, &mut buf);
        info.class = classes.get(info.word).unwrap_or(0);
        toks.push(info);
    }
    let mut seen_word = false;
    for p in PAD..toks.len() {
        toks[p].pos = if !seen_word {
            0
        } else if toks[p - 1].flags & F_QUOTELIKE != 0 {
            1
        } else {
            2
        };
        seen_word |= toks[p].flags & (F_ALPHA | F_DIGIT) != 0;
    }
    toks.push(pad_info(b"\x00-END-"));
    toks.push(pad_info(b"\x00-END2-"));
    let mode = sentence_mode(&toks[PAD..toks.len() - PAD]);
    SentenceInfo { toks, mode }
}

/// What decoding has predicted so far in a sentence, as the features see it: the previous
/// tag and the one before it.
#[derive(Clone, Copy, Debug)]
pub struct History {
    /// The previous tag.
    pub(crate) t1: u8,
    /// The tag before it.
    pub(crate) t2: u8,
}

impl Default for History {
    fn default() -> History {
        History::new()
    }
}

impl History {
    /// The history at the start of a sentence.
    pub fn new() -> History {
        History {
            t1: START1,
            t2: START2,
        }
    }

    /// A number below `N_HISTORY_TAGS²` for the pair of tags.
    #[inline]
    pub(crate) fn index(&self) -> usize {
        self.t1 as usize * N_HISTORY_TAGS + self.t2 as usize
    }

    /// Records the tag just predicted (a [`Tag`] as `u8`).
    #[inline]
    pub fn push(&mut self, tag: u8) {
        self.t2 = self.t1;
        self.t1 = tag;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::word_hash;

    /// The static and dynamic features as they were written before they were split into
    /// contexts, words and tag histories: the keys models are trained with must not change.
    fn features_as_trained(info: &SentenceInfo, i: usize, h: &History) -> Vec<u64> {
        let p = i + PAD;
        let w = &info.toks;
        let cur = &w[p];
        let mode = info.mode as u64;
        let pos_class = cur.pos as u64;
        let capbits = (cur.flags & (F_CAP | F_ALLCAPS | F_ALPHA)) as u64;
        let (t1, t2) = (h.t1 as u64, h.t2 as u64);
        vec![
            key1(0, 0),
            key1(1, cur.word),
            key1(2, cur.pre[0]),
            key1(3, cur.pre[1]),
            key1(4, cur.pre[2]),
            key1(5, cur.suf[0]),
            key1(6, cur.suf[1]),
            key1(7, cur.suf[2]),
            key2(8, cur.shape, mode),
            key1(9, capbits | pos_class << 8 | mode << 16),
            key1(10, (cur.flags & (F_DIGIT | F_HYPHEN)) as u64 | mode << 8),
            key1(11, w[p - 1].word),
            key1(12, w[p - 2].word),
            key1(13, w[p + 1].word),
            key1(14, w[p + 2].word),
            key1(16, w[p + 1].suf[2]),
            key1(
                24,
                (w[p + 1].flags & (F_CAP | F_ALLCAPS | F_ALPHA)) as u64 | mode << 8,
            ),
            key2(26, cur.word, capbits | mode << 8),
            key1(27, cur.class),
            key1(28, w[p + 1].class),
            key2(29, w[p + 1].class, w[p + 2].class),
            key1(17, t1),
            key1(18, t2),
            key1(19, t1 | t2 << 8),
            key2(20, t1, cur.word),
            key2(21, t1, cur.suf[2]),
        ]
    }

    #[test]
    fn feature_keys_are_the_ones_models_were_trained_with() {
        let mut buf = String::new();
        let mut s = SentenceInfo::new();
        let c = KeyTable::new(&[(word_hash("said"), 1 << 40), (word_hash("the"), 1 << 12)]);
        let mut contexts = std::collections::HashSet::new();
        for sentence in [
            &[
                "\u{201C}", "Rutte", "said", "US-based", "NATO", "3D", "x-", "2024", ".",
            ][..],
            &["RUTTE", "SAYS", "DUTCH", "TROOPS", "-", "STAY", "3-D"],
            &[
                "Rutte", "Says", "the", "Troops", "Will", "Stay", "(", "Now", ")", "'",
            ],
            &[
                "--",
                "a",
                ":",
                "B",
                "4-4",
                "e-mail",
                "\u{00C9}TAT",
                "\u{00E9}t\u{00E9}",
                "",
            ],
        ] {
            s.fill(sentence, &mut buf, &c);
            for i in 0..sentence.len() {
                for h in [(START1, START2), (3, START1), (17, 49)] {
                    let h = History { t1: h.0, t2: h.1 };
                    let mut keys = [0; N_STATIC + N_DYNAMIC];
                    let (st, dy) = keys.split_at_mut(N_STATIC);
                    s.static_features(i, st.try_into().unwrap());
                    s.dynamic_features(i, &h, dy.try_into().unwrap());
                    assert_eq!(
                        keys[..],
                        features_as_trained(&s, i, &h)[..],
                        "{sentence:?} {i}"
                    );
                }
                contexts.insert(s.context(i));
            }
        }
        assert!(contexts.len() > 20, "{contexts:?}");
        assert!(contexts.iter().all(|&c| c < N_CONTEXTS));
    }

    #[test]
    fn modes() {
        let mut buf = String::new();
        let mut s = SentenceInfo::new();
        let c = KeyTable::default();
        s.fill(
            &["Rutte", "says", "Dutch", "troops", "will", "stay"],
            &mut buf,
            &c,
        );
        assert_eq!(s.mode, MODE_NORMAL);
        s.fill(
            &["Rutte", "Says", "Dutch", "Troops", "Will", "Stay"],
            &mut buf,
            &c,
        );
        assert_eq!(s.mode, MODE_TITLE);
        s.fill(
            &["RUTTE", "SAYS", "DUTCH", "TROOPS", "WILL", "STAY"],
            &mut buf,
            &c,
        );
        assert_eq!(s.mode, MODE_UPPER);
    }
}
