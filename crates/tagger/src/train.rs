//! Averaged-perceptron training (greedy, left to right, predicted tags as history).
//!
//! Weights are integers updated by ±1, averaged with the "w − u/c" trick (Daumé 2006), so a run
//! is exactly reproducible: same data and options give the same model bytes. Epochs are chosen
//! on the dev file when one is given; the test split is never read here.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};

use crate::augment::{join_hyphens, title_case, upper_case};
use crate::conllu::{self, ConlluError, Sentence};
use crate::features::{cased_hash, word_hash, History, SentenceInfo, N_DYNAMIC, N_STATIC};

const N_FEATURES: usize = N_STATIC + N_DYNAMIC;
use crate::model::{Accuracy, ModelError, Tagger, MAX_WEIGHT};
use crate::table::KeyTable;
use crate::tag::Tag;

const NT: usize = Tag::COUNT;

/// Training or writing a model failed.
#[derive(Debug)]
pub enum Error {
    /// A CoNLL-U file is missing or malformed.
    Conllu(ConlluError),
    /// The model file could not be written.
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A model failed to load.
    Model(ModelError),
    /// The training file has no sentences.
    NoTrainingData,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Conllu(e) => e.fmt(f),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Model(e) => e.fmt(f),
            Error::NoTrainingData => write!(f, "no training sentences"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Conllu(e) => Some(e),
            Error::Io { source, .. } => Some(source),
            Error::Model(e) => Some(e),
            Error::NoTrainingData => None,
        }
    }
}

impl From<ConlluError> for Error {
    fn from(e: ConlluError) -> Error {
        Error::Conllu(e)
    }
}

impl From<ModelError> for Error {
    fn from(e: ModelError) -> Error {
        Error::Model(e)
    }
}

/// Settings of a training run. [`TrainOptions::default`] is what the shipped model used.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    /// Most passes over the training data. Without a dev set, exactly this many are run.
    pub max_epochs: usize,
    /// With a dev set: stop after this many epochs without a better dev accuracy.
    pub patience: usize,
    /// Features seen fewer times than this in the training data (with gold tags as history)
    /// get no weights: rare features mostly memorise noise and cost model size.
    pub min_feature_count: u32,
    /// Averaged weights smaller in magnitude than this are dropped from the exported model.
    pub min_weight: f32,
    /// Words seen at least this often in training with one tag in at least
    /// `dict_min_share` of their occurrences go into the tag dictionary: they get that tag
    /// without scoring, which is faster and as accurate (0 disables the dictionary).
    pub dict_min_count: u32,
    /// See `dict_min_count`.
    pub dict_min_share: f64,
    /// Words seen at least this often in training get an ambiguity class (the set of tags
    /// they had), a feature for themselves and as the next words (0: no classes).
    pub class_min_count: u32,
    /// A tag joins a word's ambiguity class if it has at least this share of the word's
    /// occurrences.
    pub class_min_share: f64,
    /// Seed of the per-epoch shuffle.
    pub seed: u64,
    /// Also train on copies of sentences with EWT's split hyphenated words joined, as whosaid's
    /// tokenizer produces them.
    pub hyphen_join: bool,
    /// Every n-th training sentence is also seen in Title Case (0: never), for headlines.
    pub title_case_every: usize,
    /// Every n-th training sentence is also seen in ALL CAPS (0: never).
    pub upper_case_every: usize,
    /// Print one line per epoch to stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            max_epochs: 20,
            patience: 3,
            min_feature_count: 2,
            min_weight: 0.0,
            dict_min_count: 20,
            dict_min_share: 0.99,
            class_min_count: 3,
            class_min_share: 0.05,
            seed: 0x5eed_7a66,
            hyphen_join: true,
            title_case_every: 20,
            upper_case_every: 40,
            verbose: false,
        }
    }
}

/// What a training run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrainReport {
    /// Sentences in the training file.
    pub train_sentences: usize,
    /// Syntactic words in the training file.
    pub train_tokens: usize,
    /// Sentences trained on per epoch, variants included.
    pub examples: usize,
    /// Words in the tag dictionary.
    pub dictionary_words: usize,
    /// Words with an ambiguity class.
    pub class_words: usize,
    /// Features kept after the `min_feature_count` cut.
    pub candidate_features: usize,
    /// Epochs run.
    pub epochs_run: usize,
    /// The epoch whose averaged weights were kept (1-based).
    pub best_epoch: usize,
    /// Dev accuracy after each epoch (empty without dev).
    pub dev_accuracy_by_epoch: Vec<f64>,
    /// Dev accuracy of the kept model.
    pub dev_accuracy: Option<Accuracy>,
    /// Features with weights in the kept model.
    pub n_features: usize,
    /// Weights in the kept model.
    pub n_weights: usize,
    /// Size of the kept model's bytes.
    pub model_bytes: usize,
}

/// Hasher for keys that are already well mixed 64-bit hashes.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// SplitMix64: a small, fixed pseudo-random generator for the shuffle.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

impl SentenceInfo {
    /// Static and dynamic features together, as training uses them.
    fn all_features(&self, i: usize, h: &History, out: &mut [u64; N_FEATURES]) {
        let (s, d) = out.split_at_mut(N_STATIC);
        self.static_features(i, s.try_into().expect("N_STATIC keys"));
        self.dynamic_features(i, h, d.try_into().expect("N_DYNAMIC keys"));
    }
}

/// One training sentence, prepared once.
struct Example {
    info: SentenceInfo,
    gold: Vec<u8>,
}

/// The training sentences plus their variants, in a fixed order.
fn examples(
    train: &[Sentence],
    options: &TrainOptions,
    fold_classes: &[KeyTable<u64>],
) -> Vec<Example> {
    let mut buf = String::new();
    let mut out = Vec::new();
    let mut push = |s: &Sentence, i: usize| {
        let mut info = SentenceInfo::new();
        let forms = s.forms();
        info.fill(&forms, &mut buf, &fold_classes[i % fold_classes.len()]);
        out.push(Example {
            info,
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
fn tag_dictionary(train: &[Sentence], options: &TrainOptions) -> Vec<(u64, u8)> {
    if options.dict_min_count == 0 {
        return Vec::new();
    }
    let mut counts: KeyMap<[u32; NT]> = KeyMap::default();
    for s in train {
        for w in &s.words {
            counts.entry(cased_hash(&w.form)).or_insert([0; NT])[w.xpos as usize] += 1;
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
const CLASS_FOLDS: usize = 10;

/// Ambiguity classes of frequent words: `(lowercased word hash, tag set)` in key order,
/// counted over the training sentences whose index modulo [`CLASS_FOLDS`] is not `skip_fold`
/// (all of them for `None`).
fn ambiguity_classes(
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
            counts.entry(word_hash(&w.form)).or_insert([0; NT])[w.xpos as usize] += 1;
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
struct Perceptron {
    rows: KeyMap<u32>,
    /// Current weights.
    w: Vec<i32>,
    /// Sum of `step * update`, for averaging.
    u: Vec<i64>,
    /// Updates so far count from 1.
    step: i64,
    /// Tags seen in training: the only ones predicted.
    seen: [bool; NT],
}

impl Perceptron {
    fn active_rows(&self, keys: &[u64; N_FEATURES], out: &mut Vec<usize>) {
        out.clear();
        out.extend(
            keys.iter()
                .filter_map(|k| self.rows.get(k).map(|&r| r as usize * NT)),
        );
    }

    fn predict(&self, rows: &[usize]) -> u8 {
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

    fn update(&mut self, rows: &[usize], gold: u8, pred: u8) {
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
    fn export(&self, min_weight: f32, dict: &[(u64, u8)], classes: &[(u64, u64)]) -> Tagger {
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
        Tagger::from_rows(rows, dict.to_vec(), classes.to_vec(), scale as f32)
    }
}

/// Trains a tagger on the CoNLL-U file `train`, choosing the number of epochs on `dev` if given.
pub fn train(
    train: &Path,
    dev: Option<&Path>,
    options: &TrainOptions,
) -> Result<(Tagger, TrainReport), Error> {
    let train = conllu::read_file(train)?;
    let dev = dev.map(conllu::read_file).transpose()?;
    train_on(&train, dev.as_deref(), options)
}

/// Trains a tagger on sentences already read. See [`train`].
pub fn train_on(
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    options: &TrainOptions,
) -> Result<(Tagger, TrainReport), Error> {
    if train.iter().all(|s| s.words.is_empty()) {
        return Err(Error::NoTrainingData);
    }
    let mut report = TrainReport {
        train_sentences: train.len(),
        train_tokens: train.iter().map(|s| s.words.len()).sum(),
        ..TrainReport::default()
    };
    let dict = tag_dictionary(train, options);
    report.dictionary_words = dict.len();
    let dict_map: KeyMap<u8> = dict.iter().copied().collect();
    let classes = ambiguity_classes(train, options, None);
    report.class_words = classes.len();
    // Each training sentence sees the classes counted without its own fold, as unseen text
    // would: otherwise every training word has a perfect class and the model trusts them
    // too much.
    let fold_classes: Vec<KeyTable<u64>> = (0..CLASS_FOLDS)
        .map(|k| KeyTable::new(&ambiguity_classes(train, options, Some(k))))
        .collect();
    let examples = examples(train, options, &fold_classes);
    report.examples = examples.len();

    // Candidate features: those seen often enough with gold history.
    let mut counts: KeyMap<u32> = KeyMap::default();
    let mut keys = [0u64; N_FEATURES];
    let mut seen = [false; NT];
    for ex in &examples {
        let mut history = History::new();
        for (i, &g) in ex.gold.iter().enumerate() {
            ex.info.all_features(i, &history, &mut keys);
            for &k in &keys {
                *counts.entry(k).or_insert(0) += 1;
            }
            seen[g as usize] = true;
            history.push(g);
        }
    }
    let mut kept: Vec<u64> = counts
        .into_iter()
        .filter(|&(_, n)| n >= options.min_feature_count.max(1))
        .map(|(k, _)| k)
        .collect();
    kept.sort_unstable();
    report.candidate_features = kept.len();
    let mut rows = KeyMap::default();
    rows.reserve(kept.len());
    for (i, &k) in kept.iter().enumerate() {
        rows.insert(k, i as u32);
    }
    let mut p = Perceptron {
        rows,
        w: vec![0; kept.len() * NT],
        u: vec![0; kept.len() * NT],
        step: 1,
        seen,
    };
    drop(kept);

    let mut rng = SplitMix(options.seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut active = Vec::with_capacity(N_FEATURES);
    let mut best: Option<(Tagger, Accuracy)> = None;
    let mut last: Option<Tagger> = None;
    let mut since_best = 0;
    for epoch in 1..=options.max_epochs.max(1) {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut correct = 0usize;
        let mut total = 0usize;
        for &e in &order {
            let ex = &examples[e];
            let mut history = History::new();
            for (i, &g) in ex.gold.iter().enumerate() {
                let fixed = ex
                    .info
                    .forced(i)
                    .or_else(|| dict_map.get(&ex.info.cased(i)).copied());
                let pred = match fixed {
                    Some(t) => t,
                    None => {
                        ex.info.all_features(i, &history, &mut keys);
                        p.active_rows(&keys, &mut active);
                        let pred = p.predict(&active);
                        if pred != g {
                            p.update(&active, g, pred);
                        }
                        pred
                    }
                };
                if pred == g {
                    correct += 1;
                }
                total += 1;
                p.step += 1;
                history.push(pred);
            }
        }
        report.epochs_run = epoch;
        let model = p.export(options.min_weight, &dict, &classes);
        match dev {
            Some(dev) => {
                let acc = model.evaluate(dev);
                report.dev_accuracy_by_epoch.push(acc.ratio());
                if options.verbose {
                    eprintln!(
                        "epoch {epoch}: train {:.4} dev {:.4} ({} features, {} weights)",
                        correct as f64 / total as f64,
                        acc.ratio(),
                        model.n_features(),
                        model.n_weights()
                    );
                }
                let improved = match &best {
                    None => true,
                    Some((_, b)) => acc.correct > b.correct,
                };
                if improved {
                    best = Some((model, acc));
                    report.best_epoch = epoch;
                    since_best = 0;
                } else {
                    since_best += 1;
                    if since_best >= options.patience {
                        break;
                    }
                }
            }
            None => {
                if options.verbose {
                    eprintln!("epoch {epoch}: train {:.4}", correct as f64 / total as f64);
                }
                report.best_epoch = epoch;
                last = Some(model);
            }
        }
    }
    let model = match best {
        Some((model, acc)) => {
            report.dev_accuracy = Some(acc);
            model
        }
        None => last.expect("at least one epoch ran"),
    };
    report.n_features = model.n_features();
    report.n_weights = model.n_weights();
    report.model_bytes = model.to_bytes().len();
    Ok((model, report))
}

/// Where the shipped model lives in the source tree (`crates/tagger/models/en-ewt-xpos.bin`).
/// Only meaningful when running from a checkout of the repository.
pub fn default_model_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models/en-ewt-xpos.bin")
}

/// Rebuilds the shipped model: trains with [`TrainOptions::default`] on
/// `<data_dir>/ud_english_ewt/en_ewt-ud-train.conllu`, chooses epochs on
/// `en_ewt-ud-dev.conllu`, and writes the model bytes to `out` (usually
/// [`default_model_path`]). This is what `whosaid train` runs.
pub fn train_default(data_dir: &Path, out: &Path) -> Result<(Tagger, TrainReport), Error> {
    let ewt = data_dir.join("ud_english_ewt");
    let (tagger, report) = train(
        &ewt.join("en_ewt-ud-train.conllu"),
        Some(&ewt.join("en_ewt-ud-dev.conllu")),
        &TrainOptions::default(),
    )?;
    let bytes = tagger.to_bytes();
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|source| Error::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(out, &bytes).map_err(|source| Error::Io {
        path: out.to_path_buf(),
        source,
    })?;
    Ok((tagger, report))
}
