//! Averaged-perceptron training of the dependency parser (greedy arc-hybrid, dynamic oracle)
//! on UD English-EWT.
//!
//! Each training sentence is parsed with the current weights. At every state the dynamic
//! oracle (`oracle`) says which transitions lose no more gold arcs than the best one; when the
//! model's choice is not among them, its weights move towards the best-scoring of them and away
//! from its choice. From `explore_from_epoch` on, the parser then follows its own mistaken
//! choice most of the time (`explore_probability`), so that it learns to recover from the
//! states its mistakes lead to (Goldberg and Nivre 2012). When a transition builds an arc with
//! the right head, the relation perceptron learns its gold relation.
//!
//! The run is exactly reproducible: sentences are visited in a shuffle seeded by the options,
//! exploration draws from the same seeded generator, and there are no threads, so the same data
//! and options give the same model bytes. After every epoch the averaged, quantised model (the
//! very model that would ship) parses dev with the tagger's tags, and the epoch with the best
//! labelled attachment score is kept. The test split is never read here.
//!
//! Tokens: whosaid's tokenizer splits clitics as EWT does (`do` `n't`, `Trump` `'s`) but keeps
//! hyphenated words whole (`US-based`), which EWT splits; every training tree with a split
//! hyphenated word is also seen with it joined (`data::joined`), as the tagger's training does.
//!
//! Layout: `data` (trees and the joined variant), `oracle` (transition costs), `perceptron`
//! (weights, averaging, export).

pub mod data;
pub mod oracle;
mod perceptron;

use std::path::Path;

use whosaid_parser::training::{
    label_keys, transition_keys, Action, SentenceTokens, State, N_LABEL_FEATURES,
    N_TRANSITION_FEATURES,
};
use whosaid_parser::{DepLabel, Parser};
use whosaid_tagger::{Tag, Tagger};

use crate::keys::SplitMix;
use crate::Error;
use data::Tree;
use perceptron::Perceptron;

/// Settings of a training run. [`TrainOptions::default`] is what the shipped model used.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    /// Most passes over the training data. Without dev data, exactly this many are run.
    pub max_epochs: usize,
    /// With dev data: stop after this many epochs without a better dev score.
    pub patience: usize,
    /// The first epoch (1-based) that follows the model's mistakes; before it, training
    /// follows the oracle only.
    pub explore_from_epoch: usize,
    /// How often a mistaken transition is followed, from `explore_from_epoch` on.
    pub explore_probability: f64,
    /// Train on the gold tags of the treebank rather than the tagger's. Parsing (and the dev
    /// scores) always use the tagger's.
    pub gold_tags: bool,
    /// With the tagger's tags (`gold_tags` false): tag each training sentence with a tagger
    /// trained on the other folds of the training data (this many folds; 0 or 1: the given
    /// tagger), so that the parser learns from tags as wrong as on text the tagger never saw.
    /// The given tagger was trained on these very sentences, and its tags there are too good.
    pub jackknife_folds: usize,
    /// Epochs of each jackknife tagger (the shipped tagger kept 11).
    pub jackknife_epochs: usize,
    /// Also train on the trees with EWT's split hyphenated words joined.
    pub hyphen_join: bool,
    /// log2 of the number of transition weight buckets (features share them by hash).
    pub bucket_bits: u32,
    /// The exported model keeps only its most important rows (by largest weight) so that its
    /// file stays within this many bytes.
    pub max_model_bytes: usize,
    /// Seed of the shuffle and the exploration.
    pub seed: u64,
    /// Print one line per epoch to stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            max_epochs: 20,
            patience: 3,
            explore_from_epoch: 2,
            explore_probability: 0.9,
            gold_tags: false,
            jackknife_folds: 0,
            jackknife_epochs: 11,
            hyphen_join: true,
            bucket_bits: 19,
            max_model_bytes: 4_000_000,
            seed: 0x5eed_9a25,
            verbose: false,
        }
    }
}

/// Attachment scores over a set of sentences.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scores {
    /// Words scored.
    pub words: usize,
    /// Words with the right head.
    pub heads: usize,
    /// Words with the right head and relation.
    pub labelled: usize,
    /// Words scored that are not punctuation (gold relation `punct`).
    pub words_no_punct: usize,
    /// Of those, with the right head.
    pub heads_no_punct: usize,
    /// Of those, with the right head and relation.
    pub labelled_no_punct: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl Scores {
    /// Unlabelled attachment score: the share of words with the right head.
    pub fn uas(&self) -> f64 {
        ratio(self.heads, self.words)
    }
    /// Labelled attachment score: the share with the right head and relation.
    pub fn las(&self) -> f64 {
        ratio(self.labelled, self.words)
    }
    /// UAS without punctuation.
    pub fn uas_no_punct(&self) -> f64 {
        ratio(self.heads_no_punct, self.words_no_punct)
    }
    /// LAS without punctuation.
    pub fn las_no_punct(&self) -> f64 {
        ratio(self.labelled_no_punct, self.words_no_punct)
    }
}

impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "UAS {:.2} LAS {:.2} (without punctuation: UAS {:.2} LAS {:.2}; {} words)",
            100.0 * self.uas(),
            100.0 * self.las(),
            100.0 * self.uas_no_punct(),
            100.0 * self.las_no_punct(),
            self.words
        )
    }
}

/// Parses every tree's sentence with `parser`, tagged by `tagger`, and scores the heads and
/// relations against the gold ones.
pub fn evaluate(parser: &Parser, tagger: &Tagger, trees: &[Tree]) -> Scores {
    let mut s = Scores::default();
    let mut tags = Vec::new();
    for t in trees {
        tagger.tag_into(&t.forms, &mut tags);
        let parse = parser.parse_tokens(&t.forms, &tags);
        for i in 0..t.len() {
            let gold_head = t.heads[i];
            let head_ok = match parse.head(i) {
                Some(h) => h as u32 == gold_head,
                None => gold_head == whosaid_parser::training::NONE,
            };
            let label_ok = head_ok && parse.label(i).index() as u8 == t.labels[i];
            s.words += 1;
            s.heads += usize::from(head_ok);
            s.labelled += usize::from(label_ok);
            if t.labels[i] != DepLabel::PUNCT.index() as u8 {
                s.words_no_punct += 1;
                s.heads_no_punct += usize::from(head_ok);
                s.labelled_no_punct += usize::from(label_ok);
            }
        }
    }
    s
}

/// What a training run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrainReport {
    /// Sentences with a full tree in the training data.
    pub train_trees: usize,
    /// Of those, non-projective ones (trained on too, see `oracle`).
    pub non_projective: usize,
    /// Their words.
    pub train_words: usize,
    /// Trees trained on per epoch, variants included.
    pub examples: usize,
    /// Epochs run.
    pub epochs_run: usize,
    /// The epoch whose averaged weights were kept (1-based).
    pub best_epoch: usize,
    /// Dev scores after each epoch (empty without dev).
    pub dev_by_epoch: Vec<Scores>,
    /// Dev scores of the kept model.
    pub dev: Option<Scores>,
    /// Transition weight buckets of the kept model.
    pub transition_buckets: usize,
    /// Features with relation weights in the kept model.
    pub label_features: usize,
    /// Size of the kept model's file.
    pub model_bytes: usize,
}

/// One training sentence, prepared once.
struct Example {
    toks: SentenceTokens,
    heads: Vec<u32>,
    labels: Vec<u8>,
}

/// Trains a parser on the CoNLL-U file `train`, choosing the number of epochs on `dev` if
/// given. Tokens are tagged with `tagger` (the tagger the parser will run with) for dev, and
/// for train unless `options.gold_tags`.
pub fn train(
    train: &Path,
    dev: Option<&Path>,
    tagger: &Tagger,
    options: &TrainOptions,
) -> Result<(Parser, TrainReport), Error> {
    let (train_sentences, _) = data::read_file(train)?;
    let dev = dev.map(data::read_file).transpose()?.map(|d| d.1);
    train_on(&train_sentences, dev.as_deref(), tagger, options)
}

/// Trains on treebank sentences already read. See [`train`].
pub fn train_on(
    train: &[crate::tagger::sentences::Sentence],
    dev: Option<&[Tree]>,
    tagger: &Tagger,
    options: &TrainOptions,
) -> Result<(Parser, TrainReport), Error> {
    if options.max_epochs == 0 {
        return Err(Error::BadOption("max_epochs must be at least 1"));
    }
    if !(0.0..=1.0).contains(&options.explore_probability) {
        return Err(Error::BadOption("explore_probability must be within 0..=1"));
    }
    let mut report = TrainReport::default();
    let mut examples = Vec::new();
    let mut tags = Vec::new();
    // Sentence `i` is tagged by `fold_taggers[i % folds]`, trained without it.
    let folds = if options.gold_tags {
        0
    } else {
        options.jackknife_folds
    };
    let mut fold_taggers = Vec::new();
    if folds > 1 {
        let tagger_options = crate::tagger::TrainOptions {
            max_epochs: options.jackknife_epochs.max(1),
            ..crate::tagger::TrainOptions::default()
        };
        for k in 0..folds {
            let rest: Vec<_> = (train.iter().enumerate())
                .filter(|(i, _)| i % folds != k)
                .map(|(_, s)| s.clone())
                .collect();
            fold_taggers.push(crate::tagger::train_on(&rest, None, &tagger_options)?.0);
        }
    }
    let mut push = |tree: &Tree, i: usize, examples: &mut Vec<Example>| {
        let input: &[Tag] = if options.gold_tags {
            &tree.tags
        } else {
            let t = fold_taggers.get(i % folds.max(1)).unwrap_or(tagger);
            t.tag_into(&tree.forms, &mut tags);
            &tags
        };
        examples.push(Example {
            toks: SentenceTokens::new(&tree.forms, input),
            heads: tree.heads.clone(),
            labels: tree.labels.clone(),
        });
    };
    for (i, s) in train.iter().enumerate() {
        let Some(tree) = Tree::from_sentence(s) else {
            continue;
        };
        report.train_trees += 1;
        report.train_words += tree.len();
        report.non_projective += usize::from(!tree.is_projective());
        push(&tree, i, &mut examples);
        if options.hyphen_join {
            if let Some(j) = data::joined(s) {
                push(&j, i, &mut examples);
            }
        }
    }
    if examples.is_empty() {
        return Err(Error::NoTrainingData("sentences"));
    }
    report.examples = examples.len();

    if !(4..=24).contains(&options.bucket_bits) {
        return Err(Error::BadOption("bucket_bits must be within 4..=24"));
    }
    let mut p = Perceptron::new(options.bucket_bits);
    let mut rng = SplitMix(options.seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut state = State::default();
    let mut keys = [0u64; N_TRANSITION_FEATURES];
    let mut lkeys = [0u64; N_LABEL_FEATURES];
    let mut best: Option<(Parser, Scores)> = None;
    let mut last = None;
    let mut since_best = 0;
    for epoch in 1..=options.max_epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let explore = epoch >= options.explore_from_epoch;
        let threshold = (options.explore_probability * (1u64 << 53) as f64) as u64;
        let (mut mistakes, mut decisions) = (0usize, 0usize);
        for &e in &order {
            let ex = &examples[e];
            state.reset(ex.heads.len());
            while !state.is_terminal() {
                transition_keys(&state, &ex.toks, &mut keys);
                let scores = p.transition_scores(&keys);
                let costs = oracle::costs(&state, &ex.heads);
                let best_of = |allowed: &dyn Fn(usize) -> bool| {
                    (0..3)
                        .filter(|&a| allowed(a))
                        .fold(None, |b: Option<usize>, a| match b {
                            Some(b) if scores[b] >= scores[a] => Some(b),
                            _ => Some(a),
                        })
                };
                let Some(pred) = best_of(&|a| costs[a] != u32::MAX) else {
                    break;
                };
                let min_cost = *costs.iter().min().expect("three costs");
                let good = best_of(&|a| costs[a] == min_cost).expect("a least-cost transition");
                decisions += 1;
                let action = if costs[pred] == min_cost {
                    pred
                } else {
                    mistakes += 1;
                    p.update_transition(&keys, good, pred);
                    if explore && (rng.next() >> 11) < threshold {
                        pred
                    } else {
                        good
                    }
                };
                let action = Action::ALL[action];
                let label = match state.arc(action) {
                    Some((h, d)) => {
                        label_keys(&state, &ex.toks, h, d, &mut lkeys);
                        let predicted = p.predict_label(&lkeys);
                        if ex.heads[d as usize] == h {
                            let gold = ex.labels[d as usize];
                            if predicted != gold {
                                p.update_label(&lkeys, gold, predicted);
                            }
                            gold
                        } else {
                            predicted
                        }
                    }
                    None => 0,
                };
                state.apply(action, label);
                p.step += 1;
            }
        }
        report.epochs_run = epoch;
        let model = p.export(options.max_model_bytes)?;
        match dev {
            Some(dev) => {
                let scores = evaluate(&model, tagger, dev);
                report.dev_by_epoch.push(scores);
                if options.verbose {
                    eprintln!(
                        "epoch {epoch}: {:.2}% of transitions wrong; dev {scores}",
                        100.0 * ratio(mistakes, decisions)
                    );
                }
                let improved = best
                    .as_ref()
                    .is_none_or(|(_, b)| scores.labelled > b.labelled);
                if improved {
                    best = Some((model, scores));
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
                    eprintln!(
                        "epoch {epoch}: {:.2}% of transitions wrong",
                        100.0 * ratio(mistakes, decisions)
                    );
                }
                report.best_epoch = epoch;
                last = Some(model);
            }
        }
    }
    let model = match best {
        Some((model, scores)) => {
            report.dev = Some(scores);
            model
        }
        None => last.expect("at least one epoch ran"),
    };
    report.transition_buckets = model.n_transition_buckets();
    report.label_features = model.n_label_features();
    report.model_bytes = model.to_bytes().len();
    Ok((model, report))
}

/// Rebuilds the shipped model: trains with [`TrainOptions::default`] on
/// `<data_dir>/ud_english_ewt/en_ewt-ud-train.conllu` tagged by `tagger`, chooses epochs on
/// `en_ewt-ud-dev.conllu`, and writes the model file to `out` (its directory is created if
/// needed). This is what `whosaid train` runs; with the same data and the shipped tagger the
/// file is byte for byte the one shipped in `whosaid-parser`.
pub fn train_default(
    data_dir: &Path,
    tagger: &Tagger,
    out: &Path,
) -> Result<(Parser, TrainReport), Error> {
    let ewt = data_dir.join("ud_english_ewt");
    let (parser, report) = train(
        &ewt.join("en_ewt-ud-train.conllu"),
        Some(&ewt.join("en_ewt-ud-dev.conllu")),
        tagger,
        &TrainOptions::default(),
    )?;
    crate::write_model(out, &parser.to_bytes())?;
    Ok((parser, report))
}
