//! Features of the second, stacked pass: what the first pass predicted around a token.
//!
//! A first-order model sees its neighbour's label but not the shape of the whole paragraph:
//! that a content span ended two tokens back (`“…,” Smith said`), that there is a cue later
//! in the sentence, that the sentence already has a source. The second pass gets these from
//! the first pass's labels, as features, and relabels. To learn how far the first pass can be
//! trusted, the second is trained on first-pass labels of paragraphs the first pass did not
//! see (jackknifed by article; see `whosaid_train::roles`).

use crate::features::{bucket, feature_hash, pair, StackInfo, N_FEATURES};
use crate::role::{Kind, Role};

/// Number of stacked features per token.
pub const N_STACKED: usize = 16;

/// The second pass also uses the first this many first-pass features (the local ones: word,
/// affixes, shape, tags and words around): the stacked features stand in for the rest, and
/// fewer features make the second pass cheaper. (The last six are the WordNet classes.)
pub const SECOND_BASE: usize = 24;

/// Features per token in the second pass.
pub const SECOND_WIDTH: usize = SECOND_BASE + N_STACKED;

/// Templates are numbered after the first pass's.
const FIRST: usize = N_FEATURES;

/// Appends the [`N_STACKED`] feature hashes of every token of a paragraph to `out` (not
/// cleared), given the first pass's `roles` for it.
pub(crate) fn stacked_features(info: &[StackInfo], roles: &[Role], out: &mut Vec<u64>) {
    let n = roles.len();
    debug_assert_eq!(info.len(), n);
    let none = usize::MAX;
    // Nearest token of each kind to the left and to the right (strictly).
    let mut left = vec![[none; 3]; n];
    let mut right = vec![[none; 3]; n];
    let mut last = [none; 3];
    for i in 0..n {
        left[i] = last;
        if let Some(k) = roles[i].kind() {
            last[k.index()] = i;
        }
    }
    let mut next = [none; 3];
    for i in (0..n).rev() {
        right[i] = next;
        if let Some(k) = roles[i].kind() {
            next[k.index()] = i;
        }
    }
    // Kinds present in each sentence, as bits.
    let sentences = info.last().map_or(0, |t| t.sentence as usize + 1);
    let mut present = vec![0u64; sentences];
    for (t, r) in info.iter().zip(roles) {
        if let Some(k) = r.kind() {
            present[t.sentence as usize] |= 1 << k.index();
        }
    }
    let paragraph_kinds = present.iter().fold(0, |a, b| a | b);
    let label = |i: isize| -> u64 {
        if i < 0 || i as usize >= n {
            9
        } else {
            roles[i as usize].index() as u64
        }
    };
    let cue_span = cue_span_positions(info, roles);
    out.reserve(n * N_STACKED);
    for i in 0..n {
        let t = info[i];
        let s = t.sentence;
        let d = |j: usize, from_left: bool| -> u64 {
            if j == none {
                99
            } else {
                let dist = if from_left { i - j } else { j - i };
                bucket(dist) + 10 * u64::from(info[j].sentence == s)
            }
        };
        let ii = i as isize;
        let r = label(ii);
        let cue = Kind::Cue.index();
        let source = Kind::Source.index();
        let content = Kind::Content.index();
        let (cl, cr) = (d(left[i][cue], true), d(right[i][cue], false));
        let (sl, sr) = (d(left[i][source], true), d(right[i][source], false));
        let (tl, tr) = (d(left[i][content], true), d(right[i][content], false));
        let tag = t.tag as u64;
        let f: [u64; N_STACKED] = [
            r,
            pair(label(ii - 1), r),
            pair(r, label(ii + 1)),
            pair(
                pair(label(ii - 2), label(ii - 1)),
                pair(r, pair(label(ii + 1), label(ii + 2))),
            ),
            pair(r, tag),
            pair(r, t.word),
            pair(cl, tag),
            pair(cr, tag),
            pair(sl, sr),
            pair(tl, pair(tr, t.quote as u64)),
            pair(present[s as usize], r),
            pair(pair(cl, cr), r),
            pair(paragraph_kinds, t.quote as u64),
            pair(r, pair(cr, sr)),
            pair(cue_span[i].0, cue_span[i].1),
            pair(pair(cue_span[i].0, cue_span[i].1), t.word),
        ];
        for (k, &value) in f.iter().enumerate() {
            out.push(feature_hash(FIRST + k, value));
        }
    }
}

/// The words of each first-pass cue span, hashed together, and where each token stands
/// towards the span it is in or next to (0: none; 1, 2, 3: first, last, inside; 4, 5: one
/// or two tokens after; 6, 7: one or two before, which wins between two spans): boundaries
/// are where the first pass errs most ("said" or "said Friday", "vowed" or "vowed to"), and
/// they depend on the whole span.
fn cue_span_positions(info: &[StackInfo], roles: &[Role]) -> Vec<(u64, u64)> {
    let n = roles.len();
    let mut out = vec![(0u64, 0u64); n];
    let mut i = 0;
    while i < n {
        if roles[i].kind() != Some(Kind::Cue) {
            i += 1;
            continue;
        }
        let start = i;
        let mut words = info[i].word;
        i += 1;
        while i < n && roles[i] == Role::ICue {
            words = pair(words, info[i].word);
            i += 1;
        }
        let end = i;
        for (k, slot) in out[start..end].iter_mut().enumerate() {
            let position = if k == 0 {
                1
            } else if start + k + 1 == end {
                2
            } else {
                3
            };
            *slot = (words, position);
        }
        for (distance, k) in (end..n.min(end + 2)).enumerate() {
            if out[k].1 == 0 {
                out[k] = (words, 4 + distance as u64);
            }
        }
        for (distance, k) in (start.saturating_sub(2)..start).rev().enumerate() {
            if out[k].1 == 0 || out[k].1 >= 4 {
                out[k] = (words, 6 + distance as u64);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_span_positions_mark_each_span_and_its_neighbours() {
        use Role::*;
        let roles = [O, O, BCue, ICue, ICue, O, O, BCue, O, BSource];
        let info: Vec<StackInfo> = (0..roles.len())
            .map(|k| StackInfo {
                word: 100 + k as u64,
                ..StackInfo::default()
            })
            .collect();
        let positions = cue_span_positions(&info, &roles);
        let first = pair(pair(102, 103), 104);
        let second = 107;
        let expected = [
            (first, 7),
            (first, 6),
            (first, 1),
            (first, 3),
            (first, 2),
            // Between two spans, a token belongs to the one that follows.
            (second, 7),
            (second, 6),
            (second, 1),
            (second, 4),
            (second, 5),
        ];
        assert_eq!(positions, expected);
    }
}
