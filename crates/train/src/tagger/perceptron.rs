//! The perceptron and what it learns from besides the weights: the training examples (with
//! their variants), the tag dictionary and the ambiguity classes.

use whosaid_tagger::training::{
    class_key, dictionary_key, AmbiguityClasses, SentenceFeatures, MAX_WEIGHT, N_FEATURES,
};
use whosaid_tagger::{ModelError, Tag, Tagger};

use super::augment::{join_hyphens, title_case, upper_case};
use super::sentences::Sentence;
use super::TrainOptions;
use crate::keys::KeyMap;

const NT: usize = Tag::COUNT;

/// One training sentence, prepared once.
pub(super) struct Example {
    pub features: SentenceFeatures,
    pub gold: Vec<u8>,
}

/// The training sentences plus their variants, in a fixed order.
pub(super) fn examples(
    train: &[Sentence],
    options: &TrainOptions,
    fold_classes: &[AmbiguityClasses],
) -> Vec<Example> {
    let mut out = Vec::new();
    let mut push = |s: &Sentence, i: usize| {
        let features = SentenceFeatures::new(&s.forms(), &fold_classes[i % fold_classes.len()]);
        out.push(Example {
            features,
            gold: s.words.iter().map(|w| w.xpos as u8).collect(),
        });
    };
    for (i, s) in train.iter().enumerate() {
        push(s, i);
        let joined = if options.hyphen_join {
            join_hyphens(s)
        } else {
            None
        };
        if let Some(j) = &joined {
            push(j, i);
        }
        let base = joined.as_ref().unwrap_or(s);
        if options.title_case_every > 0
            && i % options.title_case_every == options.title_case_every / 2
        {
            push(&title_case(base), i);
        }
        if options.upper_case_every > 0 && i % options.upper_case_every == 1 {
            push(&upper_case(base), i);
        }
    }
    out
}

/// Frequent words that (almost) always have one tag, as `(cased hash, tag)` in key order.
pub(super) fn tag_dictionary(train: &[Sentence], options: &TrainOptions) -> Vec<(u64, u8)> {
    if options.dict_min_count == 0 {
        return Vec::new();
    }
    let mut counts: KeyMap<[u32; NT]> = KeyMap::default();
    for s in train {
        for w in &s.words {
            counts.entry(dictionary_key(&w.form)).or_insert([0; NT])[w.xpos as usize] += 1;
        }
    }
    let mut dict: Vec<(u64, u8)> = counts
        .into_iter()
        .filter_map(|(k, c)| {
            let total: u32 = c.iter().sum();
            let (tag, &best) = c
                .iter()
                .enumerate()
                .max_by_key(|&(t, &n)| (n, std::cmp::Reverse(t)))?;
            (total >= options.dict_min_count
                && best as f64 >= options.dict_min_share * total as f64)
                .then_some((k, tag as u8))
        })
        .collect();
    dict.sort_unstable();
    dict
}

/// Number of folds for jackknifed ambiguity classes.
pub(super) const CLASS_FOLDS: usize = 10;

/// Ambiguity classes of frequent words: `(lowercased word hash, tag set)` in key order,
/// counted over the training sentences whose index modulo [`CLASS_FOLDS`] is not `skip_fold`
/// (all of them for `None`).
pub(super) fn ambiguity_classes(
    train: &[Sentence],
    options: &TrainOptions,
    skip_fold: Option<usize>,
) -> Vec<(u64, u64)> {
    if options.class_min_count == 0 {
        return Vec::new();
    }
    let mut counts: KeyMap<[u32; NT]> = KeyMap::default();
    for (i, s) in train.iter().enumerate() {
        if skip_fold == Some(i % CLASS_FOLDS) {
            continue;
        }
        for w in &s.words {
            counts.entry(class_key(&w.form)).or_insert([0; NT])[w.xpos as usize] += 1;
        }
    }
    let mut classes: Vec<(u64, u64)> = counts
        .into_iter()
        .filter_map(|(k, c)| {
            let total: u32 = c.iter().sum();
            if total < options.class_min_count {
                return None;
            }
            let set = c
                .iter()
                .enumerate()
                .filter(|&(_, &n)| n > 0 && n as f64 >= options.class_min_share * total as f64)
                .fold(0u64, |set, (t, _)| set | 1 << t);
            Some((k, set))
        })
        .collect();
    classes.sort_unstable();
    classes
}

/// Perceptron state: dense rows of `NT` integer weights per kept feature.
pub(super) struct Perceptron {
    pub rows: KeyMap<u32>,
    /// Current weights.
    pub w: Vec<i32>,
    /// Sum of `step * update`, for averaging.
    pub u: Vec<i64>,
    /// Updates so far count from 1.
    pub step: i64,
    /// Tags seen in training: the only ones predicted.
    pub seen: [bool; NT],
}

impl Perceptron {
    pub fn active_rows(&self, keys: &[u64; N_FEATURES], out: &mut Vec<usize>) {
        out.clear();
        out.extend(
            keys.iter()
                .filter_map(|k| self.rows.get(k).map(|&r| r as usize * NT)),
        );
    }

    pub fn predict(&self, rows: &[usize]) -> u8 {
        let mut scores = [0i64; NT];
        for &r in rows {
            for (s, &w) in scores.iter_mut().zip(&self.w[r..r + NT]) {
                *s += w as i64;
            }
        }
        let mut best = 0;
        let mut best_score = i64::MIN;
        for (t, (&s, &seen)) in scores.iter().zip(&self.seen).enumerate() {
            if seen && s > best_score {
                best = t;
                best_score = s;
            }
        }
        best as u8
    }

    pub fn update(&mut self, rows: &[usize], gold: u8, pred: u8) {
        let c = self.step;
        for &r in rows {
            self.w[r + gold as usize] += 1;
            self.u[r + gold as usize] += c;
            self.w[r + pred as usize] -= 1;
            self.u[r + pred as usize] -= c;
        }
    }

    /// The averaged weights, pruned and quantised to integers of magnitude at most
    /// [`MAX_WEIGHT`] (10 bits are as accurate as floats on dev), as a tagger.
    pub fn export(
        &self,
        min_weight: f32,
        dict: &[(u64, u8)],
        classes: &[(u64, u64)],
    ) -> Result<Tagger, ModelError> {
        let c = self.step as f64;
        let avg = |i: usize| self.w[i] as f64 - self.u[i] as f64 / c;
        let mut max_abs = 0f64;
        for i in 0..self.w.len() {
            max_abs = max_abs.max(avg(i).abs());
        }
        let scale = if max_abs > 0.0 {
            MAX_WEIGHT as f64 / max_abs
        } else {
            1.0
        };
        let mut keyed: Vec<(u64, u32)> = self.rows.iter().map(|(&k, &r)| (k, r)).collect();
        keyed.sort_unstable();
        let mut rows = Vec::new();
        for (key, r) in keyed {
            let base = r as usize * NT;
            let row: Vec<(u8, i16)> = (0..NT)
                .filter_map(|t| {
                    let a = avg(base + t);
                    let q = (a * scale).round() as i16;
                    (a.abs() >= min_weight as f64 && q != 0).then_some((t as u8, q))
                })
                .collect();
            if !row.is_empty() {
                rows.push((key, row));
            }
        }
        Tagger::from_weights(rows, dict.to_vec(), classes.to_vec(), scale as f32)
    }
}
