//! Structured averaged-perceptron training on PolNeAR.
//!
//! Each training example is one paragraph with its gold labels. The model decodes it with
//! Viterbi under the current weights; where the best sequence differs from the gold one, the
//! features of every wrongly labelled token move one unit towards the gold label and away from
//! the predicted one, and so do the label bigrams that differ. Weights are averaged over all
//! steps (the "w − u/c" trick), which is what makes a perceptron generalise. The run is exactly
//! reproducible: paragraphs are visited in a shuffle seeded by the options, with no other
//! randomness and no threads, so the same data and options give the same model bytes. After
//! every epoch the averaged, quantised model (the very model that would ship) is scored on
//! dev, and the best epoch by mean exact-span F1 is kept. The test split is never read.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use whosaid_corpora::CorpusError;
use whosaid_tagger::{Tag, Tagger};
use whosaid_text::Document;

use crate::align::gold_roles;
use crate::eval::Scores;
use crate::features::{paragraph_features, Scratch, StackInfo, N_FEATURES};
use crate::gold::{load_polnear, GoldDocument};
use crate::model::{combine, viterbi, Buffers, Labeller, Level, ModelError, ROW};
use crate::role::Role;
use crate::stack::{stacked_features, SECOND_WIDTH};

const NL: usize = Role::COUNT;
const START: usize = NL;

/// Training or writing a model failed.
#[derive(Debug)]
pub enum Error {
    /// The PolNeAR data could not be loaded.
    Data(CorpusError),
    /// A file could not be written.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A model failed to load.
    Model(ModelError),
    /// There is nothing to train on.
    NoTrainingData,
    /// An option is out of range.
    BadOption(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Data(e) => e.fmt(f),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Model(e) => e.fmt(f),
            Error::NoTrainingData => write!(f, "no training paragraphs"),
            Error::BadOption(what) => write!(f, "bad training option: {what}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Data(e) => Some(e),
            Error::Io { source, .. } => Some(source),
            Error::Model(e) => Some(e),
            _ => None,
        }
    }
}

impl From<CorpusError> for Error {
    fn from(e: CorpusError) -> Error {
        Error::Data(e)
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
    /// Most passes over the training data, per level.
    pub max_epochs: usize,
    /// Stop after this many epochs without a better dev score (without dev data, every epoch
    /// runs and the last is kept).
    pub patience: usize,
    /// log2 of the number of hash buckets (weight rows) of each pass.
    pub bits: u32,
    /// Train a second, stacked pass on the first pass's labels.
    pub stacking: bool,
    /// Folds (by article) of the jackknife that gives the second pass first-pass labels of
    /// paragraphs the first pass did not train on.
    pub folds: usize,
    /// Seed of the per-epoch shuffle.
    pub seed: u64,
    /// Perceptrons trained side by side on differently shuffled data, whose averaged
    /// weights make the pass.
    pub replicas: usize,
    /// The exported model keeps only its most important rows (by largest weight) so that its
    /// file stays within this many bytes.
    pub max_model_bytes: usize,
    /// Print one line per epoch to stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            max_epochs: 15,
            patience: 3,
            bits: 18,
            stacking: true,
            folds: 4,
            seed: 0x5eed_a77b,
            replicas: 5,
            max_model_bytes: 7 << 20,
            verbose: false,
        }
    }
}

/// One epoch's outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct EpochReport {
    /// 1 for the first pass, 2 for the stacked one.
    pub pass: usize,
    pub epoch: usize,
    /// Training paragraphs decoded wrongly during the epoch (before their update), by the
    /// last of the replicas: each replica sees every paragraph once an epoch.
    pub wrong_paragraphs: usize,
    /// Scores of the averaged model after the epoch on dev.
    pub dev: Scores,
}

/// What a training run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub train_articles: usize,
    pub train_paragraphs: usize,
    pub train_tokens: usize,
    pub dev_articles: usize,
    /// Every epoch of every pass trained with dev scoring (the jackknife's are not listed).
    pub epochs: Vec<EpochReport>,
    /// The epoch kept for each pass (1-based).
    pub best_epochs: Vec<usize>,
    /// Dev scores of the first pass alone.
    pub first_pass_dev: Scores,
    /// Dev scores of the kept model.
    pub dev: Scores,
    /// Non-zero weight rows in the kept model.
    pub rows: usize,
    /// Size of the kept model's file.
    pub model_bytes: usize,
}

/// One paragraph ready for training.
struct Paragraph {
    /// First-pass row indexes, [`N_FEATURES`] per token.
    indices: Vec<u32>,
    gold: Vec<Role>,
    stack: Vec<StackInfo>,
    article: usize,
}

/// Tags a document sentence by sentence with whosaid's shipped tagger, as the extractor does:
/// one tag per token.
pub fn tag_document(doc: &Document) -> Vec<Tag> {
    let tagger = Tagger::default_model();
    let mut tags = Vec::with_capacity(doc.tokens.len());
    let mut words: Vec<&str> = Vec::new();
    let mut sentence_tags = Vec::new();
    for sentence in &doc.sentences {
        words.clear();
        words.extend(sentence.tokens.clone().map(|k| doc.token_text(k)));
        tagger.tag_into(&words, &mut sentence_tags);
        tags.extend_from_slice(&sentence_tags);
    }
    tags.resize(doc.tokens.len(), Tag::NN);
    tags
}

/// Parses, tags and aligns articles; returns their paragraphs and, per article, the parse,
/// gold labels and the paragraphs' token ranges.
fn prepare(articles: &[GoldDocument], bits: u32) -> (Vec<Paragraph>, Vec<DocInfo<'_>>) {
    let mut paragraphs = Vec::new();
    let mut docs = Vec::new();
    let mut scratch = Scratch::default();
    let mut hashes = Vec::new();
    for (a, article) in articles.iter().enumerate() {
        let doc = Document::parse(&article.text);
        let tags = tag_document(&doc);
        let gold = gold_roles(article, &doc);
        let mut ranges = Vec::new();
        for p in &doc.paragraphs {
            if p.tokens.is_empty() {
                continue;
            }
            paragraph_features(&doc, &tags, p.tokens.clone(), &mut scratch, &mut hashes);
            ranges.push((p.tokens.clone(), paragraphs.len()));
            paragraphs.push(Paragraph {
                indices: hashes.iter().map(|&h| Labeller::index(bits, h)).collect(),
                gold: gold[p.tokens.clone()].to_vec(),
                stack: scratch.stack.clone(),
                article: a,
            });
        }
        docs.push(DocInfo { doc, gold, ranges });
    }
    (paragraphs, docs)
}

/// An article for scoring: its parse, gold labels and paragraphs (token range, index).
struct DocInfo<'a> {
    doc: Document<'a>,
    gold: Vec<Role>,
    ranges: Vec<(Range<usize>, usize)>,
}

/// Scores per-paragraph predictions against whole documents.
fn score_docs(docs: &[DocInfo], predicted: &[Vec<Role>]) -> Scores {
    let mut scores = Scores::default();
    for d in docs {
        let mut roles = vec![Role::O; d.doc.tokens.len()];
        for (range, p) in &d.ranges {
            roles[range.clone()].copy_from_slice(&predicted[*p]);
        }
        scores.add(&d.doc, &d.gold, &roles);
    }
    scores
}

/// Scores `labeller` on gold articles.
pub fn evaluate(labeller: &Labeller, articles: &[GoldDocument]) -> Scores {
    let mut scores = Scores::default();
    for article in articles {
        let doc = Document::parse(&article.text);
        let tags = tag_document(&doc);
        let gold = gold_roles(article, &doc);
        let predicted = labeller.label(&doc, &tags);
        scores.add(&doc, &gold, &predicted);
    }
    scores
}

/// Loads PolNeAR `train_dir` and `dev_dir` (e.g. `…/polnear/train` and `…/polnear/dev`) and
/// trains a labeller on train, choosing the epochs on dev.
pub fn train(
    train_dir: &Path,
    dev_dir: &Path,
    options: &TrainOptions,
) -> Result<(Labeller, Report), Error> {
    let train = load_polnear(train_dir)?;
    let dev = load_polnear(dev_dir)?;
    train_on(&train, &dev, options)
}

/// Decodes every paragraph of `inputs` with `level`.
fn decode_all(level: &Level, inputs: &[Vec<u32>], width: usize) -> Vec<Vec<Role>> {
    let mut buffers = Buffers::default();
    inputs
        .iter()
        .map(|indices| {
            let mut out = Vec::new();
            level.decode(indices, width, &mut buffers, &mut out);
            out
        })
        .collect()
}

/// Second-pass inputs of paragraphs given their first-pass labels.
fn stacked_inputs(paragraphs: &[Paragraph], first: &[Vec<Role>], bits: u32) -> Vec<Vec<u32>> {
    let mut hashes = Vec::new();
    paragraphs
        .iter()
        .zip(first)
        .map(|(p, roles)| {
            hashes.clear();
            stacked_features(&p.stack, roles, &mut hashes);
            combine(&p.indices, &hashes, bits)
        })
        .collect()
}

/// Trains on gold articles already in memory (`dev` may be empty).
pub fn train_on(
    train: &[GoldDocument],
    dev: &[GoldDocument],
    options: &TrainOptions,
) -> Result<(Labeller, Report), Error> {
    if !(8..=24).contains(&options.bits) {
        return Err(Error::BadOption("bits must be in 8..=24"));
    }
    if options.max_epochs == 0 {
        return Err(Error::BadOption("max_epochs must be at least 1"));
    }
    if options.replicas == 0 {
        return Err(Error::BadOption("replicas must be at least 1"));
    }
    if options.stacking && options.folds < 2 {
        return Err(Error::BadOption("stacking needs at least 2 folds"));
    }
    let bits = options.bits;
    let (data, _) = prepare(train, bits);
    if data.is_empty() {
        return Err(Error::NoTrainingData);
    }
    let (dev_data, dev_docs) = prepare(dev, bits);
    let mut report = Report {
        train_articles: train.len(),
        train_paragraphs: data.len(),
        train_tokens: data.iter().map(|e| e.gold.len()).sum(),
        dev_articles: dev.len(),
        ..Report::default()
    };
    let passes = if options.stacking { 2 } else { 1 };
    let budget = options.max_model_bytes / passes;
    let golds: Vec<&[Role]> = data.iter().map(|p| p.gold.as_slice()).collect();

    // First pass.
    let inputs: Vec<&[u32]> = data.iter().map(|p| p.indices.as_slice()).collect();
    let dev_inputs: Vec<Vec<u32>> = dev_data.iter().map(|p| p.indices.clone()).collect();
    let dev_check = |level: &Level, inputs: &[Vec<u32>], width: usize| {
        score_docs(&dev_docs, &decode_all(level, inputs, width))
    };
    let fit1 = fit(
        &inputs,
        &golds,
        N_FEATURES,
        options,
        options.max_epochs,
        budget,
        (!dev.is_empty()).then_some(&|level: &Level| dev_check(level, &dev_inputs, N_FEATURES)),
        1,
    );
    report.epochs.extend(fit1.epochs);
    report.best_epochs.push(fit1.best_epoch);
    report.first_pass_dev = fit1.dev;
    let mut levels = vec![fit1.level];

    if options.stacking {
        // Jackknife: first-pass labels of each fold from a model trained on the others, for
        // as many epochs as the full first pass kept.
        let mut first = vec![Vec::new(); data.len()];
        for fold in 0..options.folds {
            let train_idx: Vec<usize> = (0..data.len())
                .filter(|&i| data[i].article % options.folds != fold)
                .collect();
            let held: Vec<usize> = (0..data.len())
                .filter(|&i| data[i].article % options.folds == fold)
                .collect();
            if held.is_empty() || train_idx.is_empty() {
                continue;
            }
            let inputs: Vec<&[u32]> = train_idx
                .iter()
                .map(|&i| data[i].indices.as_slice())
                .collect();
            let golds: Vec<&[Role]> = train_idx.iter().map(|&i| data[i].gold.as_slice()).collect();
            let fold_fit = fit(
                &inputs,
                &golds,
                N_FEATURES,
                options,
                fit1_epochs(&report),
                usize::MAX,
                None,
                1,
            );
            let mut buffers = Buffers::default();
            for &i in &held {
                fold_fit
                    .level
                    .decode(&data[i].indices, N_FEATURES, &mut buffers, &mut first[i]);
            }
        }
        let inputs2 = stacked_inputs(&data, &first, bits);
        let dev_first = decode_all(&levels[0], &dev_inputs, N_FEATURES);
        let dev_inputs2 = stacked_inputs(&dev_data, &dev_first, bits);
        let inputs: Vec<&[u32]> = inputs2.iter().map(Vec::as_slice).collect();
        let width = SECOND_WIDTH;
        let fit2 = fit(
            &inputs,
            &golds,
            width,
            options,
            options.max_epochs,
            budget,
            (!dev.is_empty()).then_some(&|level: &Level| dev_check(level, &dev_inputs2, width)),
            2,
        );
        report.epochs.extend(fit2.epochs);
        report.best_epochs.push(fit2.best_epoch);
        report.dev = fit2.dev;
        levels.push(fit2.level);
    } else {
        report.dev = report.first_pass_dev;
    }
    let labeller = Labeller::from_levels(bits, levels);
    report.rows = labeller.n_rows();
    report.model_bytes = labeller.to_bytes().len();
    Ok((labeller, report))
}

/// The epoch the first pass kept.
fn fit1_epochs(report: &Report) -> usize {
    report.best_epochs[0]
}

/// The outcome of training one pass.
struct Fit {
    level: Level,
    best_epoch: usize,
    dev: Scores,
    epochs: Vec<EpochReport>,
}

/// Trains one pass: a structured averaged perceptron over paragraphs `inputs` (`width` row
/// indexes per token) with gold labels `golds`. With `dev`, keeps the epoch with the best
/// mean exact-span F1 and stops after `options.patience` epochs without improvement;
/// without, runs `epochs` epochs.
#[allow(clippy::too_many_arguments)]
fn fit(
    inputs: &[&[u32]],
    golds: &[&[Role]],
    width: usize,
    options: &TrainOptions,
    epochs: usize,
    max_bytes: usize,
    dev: Option<&dyn Fn(&Level) -> Scores>,
    pass: usize,
) -> Fit {
    let n_rows = 1usize << options.bits;
    let mut replicas: Vec<Replica> = (0..options.replicas)
        .map(|r| Replica {
            w: vec![[0f32; ROW]; n_rows],
            u: vec![[0f64; ROW]; n_rows],
            tw: [[0f32; ROW]; NL + 1],
            tu: [[0f64; ROW]; NL + 1],
            order: (0..inputs.len()).collect(),
            rng: (options.seed ^ (r as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1,
        })
        .collect();
    let mut c: f64 = 1.0;
    let mut scores: Vec<[f32; ROW]> = Vec::new();
    let mut back = Vec::new();
    let mut predicted = Vec::new();
    let mut best: Option<(f64, Level, Scores, usize)> = None;
    let mut since_best = 0;
    let mut reports = Vec::new();

    for epoch in 1..=epochs.max(1) {
        let mut wrong = 0;
        for replica in &mut replicas {
            let Replica {
                w,
                u,
                tw,
                tu,
                order,
                rng,
            } = replica;
            // Fisher–Yates with xorshift64*, seeded: the same order on every run.
            for i in (1..order.len()).rev() {
                *rng ^= *rng >> 12;
                *rng ^= *rng << 25;
                *rng ^= *rng >> 27;
                let r = rng.wrapping_mul(0x2545_f491_4f6c_dd1d);
                order.swap(i, (r % (i as u64 + 1)) as usize);
            }
            let mut step = c;
            wrong = 0;
            for &e in order.iter() {
                let (indices, gold) = (inputs[e], golds[e]);
                scores.clear();
                for features in indices.chunks_exact(width) {
                    let mut s = [0f32; ROW];
                    for &f in features {
                        for (a, &x) in s.iter_mut().zip(&w[f as usize]) {
                            *a += x;
                        }
                    }
                    scores.push(s);
                }
                viterbi(&scores, tw, &mut back, &mut predicted);
                if predicted != gold {
                    wrong += 1;
                    for (t, (&g, &p)) in gold.iter().zip(&predicted).enumerate() {
                        let (g, p) = (g.index(), p.index());
                        if g != p {
                            for &f in &indices[t * width..(t + 1) * width] {
                                let (row, acc) = (&mut w[f as usize], &mut u[f as usize]);
                                row[g] += 1.0;
                                acc[g] += step;
                                row[p] -= 1.0;
                                acc[p] -= step;
                            }
                        }
                        let gp = if t == 0 { START } else { gold[t - 1].index() };
                        let pp = if t == 0 {
                            START
                        } else {
                            predicted[t - 1].index()
                        };
                        if (gp, g) != (pp, p) {
                            tw[gp][g] += 1.0;
                            tu[gp][g] += step;
                            tw[pp][p] -= 1.0;
                            tu[pp][p] -= step;
                        }
                    }
                }
                step += 1.0;
            }
        }
        c += inputs.len() as f64;

        let Some(dev) = dev else {
            if epoch == epochs.max(1) {
                let level = export(&replicas, c, max_bytes);
                return Fit {
                    level,
                    best_epoch: epoch,
                    dev: Scores::default(),
                    epochs: reports,
                };
            }
            continue;
        };
        let level = export(&replicas, c, max_bytes);
        let dev_scores = dev(&level);
        if options.verbose {
            eprintln!(
                "pass {pass} epoch {epoch}: {wrong}/{} paragraphs wrong; dev exact F1 source {:.1} cue {:.1} content {:.1} (mean {:.2}); rows {}",
                inputs.len(),
                100.0 * dev_scores.exact[0].f1(),
                100.0 * dev_scores.exact[1].f1(),
                100.0 * dev_scores.exact[2].f1(),
                100.0 * dev_scores.mean_exact_f1(),
                level.nonzero,
            );
        }
        reports.push(EpochReport {
            pass,
            epoch,
            wrong_paragraphs: wrong,
            dev: dev_scores,
        });
        let figure = dev_scores.mean_exact_f1();
        if !matches!(&best, Some(b) if figure <= b.0) {
            best = Some((figure, level, dev_scores, epoch));
            since_best = 0;
        } else {
            since_best += 1;
            if since_best >= options.patience {
                break;
            }
        }
    }
    let (_, level, dev, best_epoch) = best.expect("at least one epoch ran");
    Fit {
        level,
        best_epoch,
        dev,
        epochs: reports,
    }
}

/// One perceptron of a pass: weights, their running sums for averaging, and its own order
/// of the training paragraphs.
struct Replica {
    w: Vec<[f32; ROW]>,
    u: Vec<[f64; ROW]>,
    tw: [[f32; ROW]; NL + 1],
    tu: [[f64; ROW]; NL + 1],
    order: Vec<usize>,
    rng: u64,
}

/// Averages the weights over training (and over the replicas) and quantises them into a
/// pass, keeping the rows with the largest weights when the pass would take more than
/// `max_bytes` of the file.
fn export(replicas: &[Replica], c: f64, max_bytes: usize) -> Level {
    let k = replicas.len() as f64;
    let average = |pick: &dyn Fn(&Replica) -> (f32, f64)| -> f32 {
        let mut sum = 0f64;
        for r in replicas {
            let (w, u) = pick(r);
            sum += w as f64 - u / c;
        }
        (sum / k) as f32
    };
    let n_rows = replicas[0].w.len();
    let mut weights = vec![[0f32; ROW]; n_rows];
    let mut max_abs = 0f32;
    for (i, out) in weights.iter_mut().enumerate() {
        for (l, x) in out.iter_mut().enumerate().take(NL) {
            *x = average(&|r: &Replica| (r.w[i][l], r.u[i][l]));
            max_abs = max_abs.max(x.abs());
        }
    }
    let mut transition_weights = [[0f32; ROW]; NL + 1];
    for (p, out) in transition_weights.iter_mut().enumerate() {
        for (l, x) in out.iter_mut().enumerate().take(NL) {
            *x = average(&|r: &Replica| (r.tw[p][l], r.tu[p][l]));
            max_abs = max_abs.max(x.abs());
        }
    }
    let scale = if max_abs > 0.0 {
        32767.0 / max_abs
    } else {
        1.0
    };
    let quantise = |x: f32| (x * scale).round().clamp(-32767.0, 32767.0) as i16;
    let mut rows = vec![[0i16; ROW]; n_rows];
    let mut strength = Vec::new();
    for (i, (row, out)) in weights.iter().zip(rows.iter_mut()).enumerate() {
        let mut m = 0i32;
        for l in 0..NL {
            out[l] = quantise(row[l]);
            m = m.max((out[l] as i32).abs());
        }
        if m > 0 {
            strength.push((m, i));
        }
    }
    let budget = max_bytes.saturating_sub(256) / (4 + 2 * NL);
    if strength.len() > budget {
        // Drop the weakest rows; ties broken by index, so the result is deterministic.
        strength.sort_unstable();
        let drop = strength.len() - budget;
        for &(_, i) in &strength[..drop] {
            rows[i] = [0; ROW];
        }
    }
    let mut transitions = [[0i16; ROW]; NL + 1];
    for (row, out) in transition_weights.iter().zip(transitions.iter_mut()) {
        for l in 0..NL {
            out[l] = quantise(row[l]);
        }
    }
    Level::new(scale, transitions, rows)
}
