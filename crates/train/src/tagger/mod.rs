//! Averaged-perceptron training of the part-of-speech tagger (greedy, left to right, predicted
//! tags as history).
//!
//! Weights are integers updated by ±1, averaged with the "w − u/c" trick (Daumé 2006), so a run
//! is exactly reproducible: same data and options give the same model bytes. Epochs are chosen
//! on the dev file when one is given; the test split is never read here.

pub mod augment;
mod perceptron;
pub mod sentences;

use std::path::Path;

use whosaid_tagger::training::{AmbiguityClasses, History, N_FEATURES};
use whosaid_tagger::{Tag, Tagger};

use crate::keys::{KeyMap, SplitMix};
use crate::Error;
use perceptron::{ambiguity_classes, examples, tag_dictionary, Perceptron, CLASS_FOLDS};
use sentences::Sentence;

const NT: usize = Tag::COUNT;

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

/// Tags every sentence with `tagger` and counts the tokens whose tag matches the gold one.
pub fn accuracy(tagger: &Tagger, sentences: &[Sentence]) -> Accuracy {
    let mut acc = Accuracy::default();
    let mut out = Vec::new();
    for s in sentences {
        let forms = s.forms();
        tagger.tag_into(&forms, &mut out);
        acc.total += out.len();
        acc.correct += out
            .iter()
            .zip(&s.words)
            .filter(|(p, w)| **p == w.xpos)
            .count();
    }
    acc
}

/// Trains a tagger on the CoNLL-U file `train`, choosing the number of epochs on `dev` if given.
pub fn train(
    train: &Path,
    dev: Option<&Path>,
    options: &TrainOptions,
) -> Result<(Tagger, TrainReport), Error> {
    let train = sentences::read_file(train)?;
    let dev = dev.map(sentences::read_file).transpose()?;
    train_on(&train, dev.as_deref(), options)
}

/// Trains a tagger on sentences already read. See [`train`].
pub fn train_on(
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    options: &TrainOptions,
) -> Result<(Tagger, TrainReport), Error> {
    if train.iter().all(|s| s.words.is_empty()) {
        return Err(Error::NoTrainingData("sentences"));
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
    let fold_classes: Vec<AmbiguityClasses> = (0..CLASS_FOLDS)
        .map(|k| AmbiguityClasses::new(&ambiguity_classes(train, options, Some(k))))
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
            ex.features.keys(i, &history, &mut keys);
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
        rng.shuffle(&mut order);
        let mut correct = 0usize;
        let mut total = 0usize;
        for &e in &order {
            let ex = &examples[e];
            let mut history = History::new();
            for (i, &g) in ex.gold.iter().enumerate() {
                let fixed = ex
                    .features
                    .forced(i)
                    .or_else(|| dict_map.get(&ex.features.dictionary_key(i)).copied());
                let pred = match fixed {
                    Some(t) => t,
                    None => {
                        ex.features.keys(i, &history, &mut keys);
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
        let model = p.export(options.min_weight, &dict, &classes)?;
        match dev {
            Some(dev) => {
                let acc = accuracy(&model, dev);
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

/// Rebuilds the shipped model: trains with [`TrainOptions::default`] on
/// `<data_dir>/ud_english_ewt/en_ewt-ud-train.conllu`, chooses epochs on
/// `en_ewt-ud-dev.conllu`, and writes the model file to `out` (its directory is created if
/// needed). This is what `whosaid train` runs; with the same data the file is byte for byte
/// the one shipped in `whosaid-tagger`.
pub fn train_default(data_dir: &Path, out: &Path) -> Result<(Tagger, TrainReport), Error> {
    let ewt = data_dir.join("ud_english_ewt");
    let (tagger, report) = train(
        &ewt.join("en_ewt-ud-train.conllu"),
        Some(&ewt.join("en_ewt-ud-dev.conllu")),
        &TrainOptions::default(),
    )?;
    crate::write_model(out, &tagger.to_bytes())?;
    Ok((tagger, report))
}
