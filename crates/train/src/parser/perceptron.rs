//! The two perceptrons of the parser (transitions, relations) and the export of their averaged
//! weights as a [`Parser`].
//!
//! Weights are integers updated by ±1, averaged with the "w − u/c" trick (Daumé 2006), so a run
//! is exactly reproducible. A feature gets a row the first time an update touches it.

use whosaid_parser::training::{bucket, MAX_WEIGHT, N_LABEL_FEATURES, N_TRANSITION_FEATURES};
use whosaid_parser::{DepLabel, ModelError, Parser};

use crate::keys::KeyMap;

const NL: usize = DepLabel::COUNT;

/// Integer weights and their running sums for averaging, `width` per feature.
#[derive(Default)]
struct Rows {
    index: KeyMap<u32>,
    keys: Vec<u64>,
    w: Vec<i32>,
    u: Vec<i64>,
}

impl Rows {
    fn get(&self, key: u64) -> Option<usize> {
        self.index.get(&key).map(|&r| r as usize)
    }

    fn get_or_insert(&mut self, key: u64, width: usize) -> usize {
        if let Some(r) = self.get(key) {
            return r;
        }
        let r = self.keys.len();
        self.index.insert(key, r as u32);
        self.keys.push(key);
        self.w.resize(self.w.len() + width, 0);
        self.u.resize(self.u.len() + width, 0);
        r
    }

    /// Moves the weight of `class` in the rows of `keys` by `delta`, at step `c`.
    fn update(&mut self, keys: &[u64], width: usize, class: usize, delta: i32, c: i64) {
        for &k in keys {
            let r = self.get_or_insert(k, width) * width + class;
            self.w[r] += delta;
            self.u[r] += delta as i64 * c;
        }
    }

    /// The averaged weights of every row, in ascending key order, quantised with `scale`.
    fn averaged(&self, width: usize, c: i64) -> (Vec<(u64, Vec<i16>)>, f64) {
        let c = c as f64;
        let avg = |i: usize| self.w[i] as f64 - self.u[i] as f64 / c;
        let max_abs = (0..self.w.len()).map(|i| avg(i).abs()).fold(0.0, f64::max);
        let scale = if max_abs > 0.0 {
            MAX_WEIGHT as f64 / max_abs
        } else {
            1.0
        };
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_unstable_by_key(|&r| self.keys[r]);
        let rows = order
            .into_iter()
            .map(|r| {
                let row = (0..width)
                    .map(|t| (avg(r * width + t) * scale).round() as i16)
                    .collect();
                (self.keys[r], row)
            })
            .collect();
        (rows, scale)
    }
}

/// The transition and relation perceptrons.
pub(super) struct Perceptron {
    /// log2 of the number of transition buckets.
    bits: u32,
    /// Transition weights, three per bucket, and their running sums.
    trans_w: Vec<i32>,
    trans_u: Vec<i64>,
    labels: Rows,
    /// Steps so far, counting from 1.
    pub step: i64,
}

impl Perceptron {
    pub fn new(bits: u32) -> Perceptron {
        Perceptron {
            bits,
            trans_w: vec![0; 3 << bits],
            trans_u: vec![0; 3 << bits],
            labels: Rows::default(),
            step: 1,
        }
    }

    /// The current scores of the three transitions.
    pub fn transition_scores(&self, keys: &[u64; N_TRANSITION_FEATURES]) -> [i64; 3] {
        let mut s = [0i64; 3];
        for &k in keys {
            let b = bucket(k, self.bits) * 3;
            for (a, s) in s.iter_mut().enumerate() {
                *s += self.trans_w[b + a] as i64;
            }
        }
        s
    }

    /// Moves the transition weights towards `good` and away from `bad`.
    pub fn update_transition(
        &mut self,
        keys: &[u64; N_TRANSITION_FEATURES],
        good: usize,
        bad: usize,
    ) {
        for &k in keys {
            let b = bucket(k, self.bits) * 3;
            self.trans_w[b + good] += 1;
            self.trans_u[b + good] += self.step;
            self.trans_w[b + bad] -= 1;
            self.trans_u[b + bad] -= self.step;
        }
    }

    /// The best relation (never `root`) by the current weights.
    pub fn predict_label(&self, keys: &[u64; N_LABEL_FEATURES]) -> u8 {
        let mut s = [0i64; NL];
        for &k in keys {
            if let Some(r) = self.labels.get(k) {
                for (l, s) in s.iter_mut().enumerate() {
                    *s += self.labels.w[r * NL + l] as i64;
                }
            }
        }
        let mut best = DepLabel::DEP.index();
        for l in 1..NL {
            if s[l] > s[best] || (s[l] == s[best] && l < best) {
                best = l;
            }
        }
        best as u8
    }

    /// Moves the relation weights towards `good` and away from `bad`.
    pub fn update_label(&mut self, keys: &[u64; N_LABEL_FEATURES], good: u8, bad: u8) {
        self.labels.update(keys, NL, good as usize, 1, self.step);
        self.labels.update(keys, NL, bad as usize, -1, self.step);
    }

    /// The averaged weights as a parser, pruned: all-zero relation rows are dropped, then the
    /// relation rows with the smallest largest weight until the model file is within
    /// `max_bytes` (the transition buckets are a fixed size).
    pub fn export(&self, max_bytes: usize) -> Result<Parser, ModelError> {
        let c = self.step as f64;
        let avg = |i: usize| self.trans_w[i] as f64 - self.trans_u[i] as f64 / c;
        let max_abs = (0..self.trans_w.len())
            .map(|i| avg(i).abs())
            .fold(0.0, f64::max);
        let scale = if max_abs > 0.0 {
            MAX_WEIGHT as f64 / max_abs
        } else {
            1.0
        };
        let q = |i: usize| (avg(i) * scale).round() as i16;
        let trans: Vec<[i16; 3]> = (0..1usize << self.bits)
            .map(|b| [q(3 * b), q(3 * b + 1), q(3 * b + 2)])
            .collect();
        let (labels, _) = self.labels.averaged(NL, self.step);
        let mut labels: Vec<(u64, Vec<(u8, i16)>)> = labels
            .into_iter()
            .map(|(k, w)| {
                let row: Vec<(u8, i16)> = (w.iter().enumerate())
                    .filter(|&(_, &x)| x != 0)
                    .map(|(l, &x)| (l as u8, x))
                    .collect();
                (k, row)
            })
            .filter(|(_, row)| !row.is_empty())
            .collect();
        // Bytes: 6 per transition bucket, 9 per relation row and 3 per relation weight, plus
        // the header and the relation names.
        let fixed = 600 + trans.len() * 6;
        let size = |l: &[(u64, Vec<(u8, i16)>)]| {
            fixed + l.iter().map(|r| 9 + 3 * r.1.len()).sum::<usize>()
        };
        if size(&labels) > max_bytes {
            // A threshold on the largest weight of a row, found by bisection.
            let peak_l = |r: &[(u8, i16)]| r.iter().map(|x| x.1.unsigned_abs()).max().unwrap_or(0);
            let fits = |th: u16| {
                let l: usize = (labels.iter())
                    .filter(|r| peak_l(&r.1) >= th)
                    .map(|r| 9 + 3 * r.1.len())
                    .sum();
                fixed + l <= max_bytes
            };
            let (mut lo, mut hi) = (1u16, MAX_WEIGHT as u16 + 1);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if fits(mid) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            labels.retain(|r| peak_l(&r.1) >= lo);
        }
        Parser::from_weights(trans, labels, scale as f32)
    }
}
