//! Structured averaged-perceptron training of the attribution-role labeller on PolNeAR.
//!
//! Each training example is one paragraph with its gold labels. The model decodes it with
//! Viterbi under the current weights; where the best sequence differs from the gold one, the
//! features of every wrongly labelled token move one unit towards the gold label and away from
//! the predicted one, and so do the label bigrams that differ. Weights are averaged over all
//! steps (the "w − u/c" trick), which is what makes a perceptron generalise. The run is exactly
//! reproducible: paragraphs are visited in a shuffle seeded by the options, with no other
//! randomness and no threads, so the same data and options give the same model bytes.
//!
//! How many epochs each pass trains is a setting ([`TrainOptions::epochs`]), chosen by
//! cross-validation over PolNeAR train ([`cross_validate`], `whosaid eval --cv`): the mean,
//! over folds of articles, of each epoch's exact-span F1 on the fold held out. Dev scores of
//! the trained model are reported, never used to choose; the test split is never read.
//!
//! Two passes are trained: the first on the features of each token in its paragraph, the
//! second, stacked, also on the first pass's labels around the token. The second must learn
//! how far the first can be trusted on text it did not train on, so its training paragraphs
//! get first-pass labels from a jackknife: models trained on the other folds of articles.
//!
//! Layout: `gold` (gold spans and their alignment to tokens), `scores` (what epochs are
//! chosen by), `fit` (one pass's perceptron and the export of its weights).

mod boundaries;
mod fit;
mod gold;
mod scores;

pub use boundaries::{
    boundary_examples, jackknife_examples, train_boundaries, BoundaryExample, BoundaryOptions,
};
pub use gold::{gold_roles, load_polnear, GoldDocument, GoldSpan};
pub use scores::Scores;

use std::ops::Range;
use std::path::Path;

use whosaid_attribution::training::{
    DecodeBuffers, Featurizer, ParagraphFeatures, Pass, BITS, FIRST_WIDTH, SECOND_WIDTH,
};
use whosaid_attribution::{tag_document, Labeller, Role};
use whosaid_parser::Parser;
use whosaid_tagger::Tagger;
use whosaid_text::Document;

use crate::Error;
use fit::fit;

/// Settings of a training run. [`TrainOptions::default`] is what the shipped model used.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    /// Epochs of the first and of the second pass: the model after these is kept.
    pub epochs: [usize; 2],
    /// With held-out articles to score, train on up to this many epochs, so that the learning
    /// curve shows past the kept epoch (cross-validation reads it to choose `epochs`).
    pub curve_epochs: usize,
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
            epochs: [8, 12],
            curve_epochs: 0,
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
    /// 1 for the first epoch.
    pub epoch: usize,
    /// Training paragraphs decoded wrongly during the epoch (before their update), by the
    /// last of the replicas: each replica sees every paragraph once an epoch.
    pub wrong_paragraphs: usize,
    /// Scores of the averaged model after the epoch on the held-out articles.
    pub held_out: Scores,
}

/// What a training run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Articles trained on.
    pub train_articles: usize,
    /// Their non-empty paragraphs: the training examples.
    pub train_paragraphs: usize,
    /// Their tokens.
    pub train_tokens: usize,
    /// Held-out articles scored (dev, or a fold of train in cross-validation).
    pub held_out_articles: usize,
    /// Every epoch of every pass, scored on the held-out articles (the jackknife's are not
    /// listed).
    pub epochs: Vec<EpochReport>,
    /// The epoch kept for each pass (1-based).
    pub kept_epochs: Vec<usize>,
    /// Held-out scores of the first pass alone.
    pub first_pass_held_out: Scores,
    /// Held-out scores of the kept model.
    pub held_out: Scores,
    /// Non-zero weight rows in the kept model.
    pub rows: usize,
    /// Size of the kept model's file.
    pub model_bytes: usize,
    /// Examples the boundary stage trained on (0: the model has no stage).
    pub boundary_examples: usize,
}

/// One paragraph ready for training.
struct Paragraph {
    features: ParagraphFeatures,
    gold: Vec<Role>,
    /// The article's index, for the jackknife's folds.
    article: usize,
}

/// Parses, tags and aligns articles; returns their paragraphs and, per article, the parse,
/// gold labels and the paragraphs' token ranges.
fn prepare<'a>(
    articles: &'a [GoldDocument],
    tagger: &Tagger,
    parser: &Parser,
    bits: u32,
) -> (Vec<Paragraph>, Vec<DocInfo<'a>>) {
    let mut paragraphs = Vec::new();
    let mut docs = Vec::new();
    let mut featurizer = Featurizer::default();
    for (a, article) in articles.iter().enumerate() {
        let doc = Document::parse(&article.text);
        let tags = tag_document(tagger, &doc);
        let parse = parser.parse(&doc, &tags);
        let gold = gold_roles(article, &doc);
        let mut ranges = Vec::new();
        for p in &doc.paragraphs {
            if p.tokens.is_empty() {
                continue;
            }
            ranges.push((p.tokens.clone(), paragraphs.len()));
            paragraphs.push(Paragraph {
                features: featurizer.paragraph(&doc, &tags, &parse, p.tokens.clone(), bits),
                gold: gold[p.tokens.clone()].to_vec(),
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

/// Scores `labeller` on gold articles, tagged with `tagger` and parsed with `parser` (the
/// ones it was trained with).
pub fn evaluate(
    labeller: &Labeller,
    tagger: &Tagger,
    parser: &Parser,
    articles: &[GoldDocument],
) -> Scores {
    let mut scores = Scores::default();
    for article in articles {
        let doc = Document::parse(&article.text);
        let tags = tag_document(tagger, &doc);
        let gold = gold_roles(article, &doc);
        let parse = parser.parse(&doc, &tags);
        let predicted = labeller.label(&doc, &tags, &parse);
        scores.add(&doc, &gold, &predicted);
    }
    scores
}

/// Loads PolNeAR `train_dir` and `dev_dir` (e.g. `…/polnear/train` and `…/polnear/dev`),
/// trains a labeller on train and scores it on dev. Tokens are tagged with `tagger` and
/// parsed with `parser`, the ones the labeller will run with.
pub fn train(
    train_dir: &Path,
    dev_dir: &Path,
    tagger: &Tagger,
    parser: &Parser,
    options: &TrainOptions,
) -> Result<(Labeller, Report), Error> {
    let train = load_polnear(train_dir)?;
    let dev = load_polnear(dev_dir)?;
    train_on(&train, &dev, tagger, parser, options)
}

/// Rebuilds the shipped model: trains the passes with [`TrainOptions::default`] on
/// `<data_dir>/polnear/train`, then the boundary stage with [`BoundaryOptions::default`] from
/// a jackknife over [`BOUNDARY_FOLDS`] folds of train ([`train_with_boundaries`]), scores the
/// whole on `<data_dir>/polnear/dev`, and writes the model file to `out` (its directory is
/// created if needed). This is what `whosaid train` runs; with the same data and the shipped
/// tagger and parser the file is byte for byte the one shipped in `whosaid-attribution`.
pub fn train_default(
    data_dir: &Path,
    tagger: &Tagger,
    parser: &Parser,
    out: &Path,
) -> Result<(Labeller, Report), Error> {
    let polnear = data_dir.join("polnear");
    let train = load_polnear(&polnear.join("train"))?;
    let dev = load_polnear(&polnear.join("dev"))?;
    let (labeller, report) = train_with_boundaries(
        &train,
        &dev,
        tagger,
        parser,
        &TrainOptions::default(),
        &BoundaryOptions::default(),
    )?;
    crate::write_model(out, &labeller.to_bytes())?;
    Ok((labeller, report))
}

/// Folds of the jackknife that gives the boundary stage labels of articles the passes did
/// not train on: the same as `whosaid eval --cv`'s default, so that its fold labellers are
/// these.
pub const BOUNDARY_FOLDS: usize = 5;

/// Trains the passes on `train` ([`train_on`], scoring every epoch on `held_out`), then a
/// labeller on every [`BOUNDARY_FOLDS`] − 1 folds of `train` ([`train_fold`], in parallel on
/// the machine's cores), and the boundary stage from the labels each of those gives its own
/// fold ([`jackknife_examples`]). Returns the passes with the stage, and the report of the
/// passes with `held_out` rescored with the stage.
pub fn train_with_boundaries(
    train: &[GoldDocument],
    held_out: &[GoldDocument],
    tagger: &Tagger,
    parser: &Parser,
    options: &TrainOptions,
    boundary: &BoundaryOptions,
) -> Result<(Labeller, Report), Error> {
    let (labeller, mut report) = train_on(train, held_out, tagger, parser, options)?;
    if boundary.epochs == 0 || train.len() < BOUNDARY_FOLDS {
        return Ok((labeller, report));
    }
    let fold_options = TrainOptions {
        curve_epochs: 0,
        verbose: false,
        ..options.clone()
    };
    let fold_labellers = fold_labellers(train, BOUNDARY_FOLDS, tagger, parser, &fold_options)?;
    let examples = jackknife_examples(train, &fold_labellers, tagger, parser, boundary.bits);
    let all: Vec<&BoundaryExample> = examples.iter().flatten().collect();
    let labeller = labeller.with_boundaries(train_boundaries(&all, boundary));
    report.boundary_examples = all.len();
    if !held_out.is_empty() {
        report.held_out = evaluate(&labeller, tagger, parser, held_out);
    }
    report.model_bytes = labeller.to_bytes().len();
    Ok((labeller, report))
}

/// The labeller of every fold of `articles`, each trained on the other folds as
/// [`train_fold`] trains it but without scoring its own fold epoch by epoch (nobody reads
/// those scores here), in parallel, as many at a time as the machine has cores. Each is
/// deterministic, so the result does not depend on the threads.
pub fn fold_labellers(
    articles: &[GoldDocument],
    folds: usize,
    tagger: &Tagger,
    parser: &Parser,
    options: &TrainOptions,
) -> Result<Vec<Labeller>, Error> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut labellers = Vec::with_capacity(folds);
    let all: Vec<usize> = (0..folds).collect();
    for batch in all.chunks(cores) {
        let trained: Vec<Result<(Labeller, Report), Error>> = std::thread::scope(|scope| {
            let handles: Vec<_> = batch
                .iter()
                .map(|&fold| {
                    scope.spawn(move || {
                        let (train, _) = split_fold(articles, folds, fold)?;
                        train_on(&train, &[], tagger, parser, options)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        for result in trained {
            labellers.push(result?.0);
        }
    }
    Ok(labellers)
}

/// Decodes every paragraph of `inputs` with `level`.
fn decode_all(level: &Pass, inputs: &[Vec<u32>], width: usize) -> Vec<Vec<Role>> {
    let mut buffers = DecodeBuffers::default();
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
fn stacked_inputs(paragraphs: &[Paragraph], first: &[Vec<Role>]) -> Vec<Vec<u32>> {
    paragraphs
        .iter()
        .zip(first)
        .map(|(p, roles)| p.features.second_pass(roles))
        .collect()
}

/// Trains on gold articles already in memory, tagged with `tagger` and parsed with `parser`,
/// and scores every epoch on the `held_out` ones (which may be empty).
pub fn train_on(
    train: &[GoldDocument],
    held_out: &[GoldDocument],
    tagger: &Tagger,
    parser: &Parser,
    options: &TrainOptions,
) -> Result<(Labeller, Report), Error> {
    if !BITS.contains(&options.bits) {
        return Err(Error::BadOption("bits must be in 8..=24"));
    }
    if options.epochs.contains(&0) {
        return Err(Error::BadOption("epochs must be at least 1"));
    }
    if options.replicas == 0 {
        return Err(Error::BadOption("replicas must be at least 1"));
    }
    if options.stacking && options.folds < 2 {
        return Err(Error::BadOption("stacking needs at least 2 folds"));
    }
    let bits = options.bits;
    let (data, _) = prepare(train, tagger, parser, bits);
    if data.is_empty() {
        return Err(Error::NoTrainingData("paragraphs"));
    }
    let (held_data, held_docs) = prepare(held_out, tagger, parser, bits);
    let mut report = Report {
        train_articles: train.len(),
        train_paragraphs: data.len(),
        train_tokens: data.iter().map(|e| e.gold.len()).sum(),
        held_out_articles: held_out.len(),
        ..Report::default()
    };
    let passes = if options.stacking { 2 } else { 1 };
    let budget = options.max_model_bytes / passes;
    let golds: Vec<&[Role]> = data.iter().map(|p| p.gold.as_slice()).collect();

    // First pass.
    let inputs: Vec<&[u32]> = data.iter().map(|p| p.features.first_pass()).collect();
    let held_inputs: Vec<Vec<u32>> = held_data
        .iter()
        .map(|p| p.features.first_pass().to_vec())
        .collect();
    let held_check = |level: &Pass, inputs: &[Vec<u32>], width: usize| {
        score_docs(&held_docs, &decode_all(level, inputs, width))
    };
    let fit1 = fit(
        &inputs,
        &golds,
        FIRST_WIDTH,
        options,
        options.epochs[0],
        options.curve_epochs,
        budget,
        (!held_out.is_empty())
            .then_some(&|level: &Pass| held_check(level, &held_inputs, FIRST_WIDTH)),
        1,
    );
    report.epochs.extend(fit1.epochs);
    report.kept_epochs.push(options.epochs[0]);
    report.first_pass_held_out = fit1.held_out;
    let mut levels = vec![fit1.level];

    if options.stacking {
        // Jackknife: first-pass labels of each fold from a model trained on the others, for
        // as many epochs as the full first pass.
        // With fewer articles than folds, each article is a fold of its own.
        let folds = options.folds.min(train.len());
        if folds < 2 {
            return Err(Error::BadOption(
                "stacking needs at least 2 training articles",
            ));
        }
        let mut first = vec![Vec::new(); data.len()];
        for fold in 0..folds {
            let train_idx: Vec<usize> = (0..data.len())
                .filter(|&i| data[i].article % folds != fold)
                .collect();
            let held: Vec<usize> = (0..data.len())
                .filter(|&i| data[i].article % folds == fold)
                .collect();
            if held.is_empty() || train_idx.is_empty() {
                continue;
            }
            let inputs: Vec<&[u32]> = train_idx
                .iter()
                .map(|&i| data[i].features.first_pass())
                .collect();
            let golds: Vec<&[Role]> = train_idx.iter().map(|&i| data[i].gold.as_slice()).collect();
            let fold_fit = fit(
                &inputs,
                &golds,
                FIRST_WIDTH,
                options,
                options.epochs[0],
                options.epochs[0],
                usize::MAX,
                None,
                1,
            );
            let mut buffers = DecodeBuffers::default();
            for &i in &held {
                fold_fit.level.decode(
                    data[i].features.first_pass(),
                    FIRST_WIDTH,
                    &mut buffers,
                    &mut first[i],
                );
            }
        }
        let inputs2 = stacked_inputs(&data, &first);
        let held_first = decode_all(&levels[0], &held_inputs, FIRST_WIDTH);
        let held_inputs2 = stacked_inputs(&held_data, &held_first);
        let inputs: Vec<&[u32]> = inputs2.iter().map(Vec::as_slice).collect();
        let width = SECOND_WIDTH;
        let fit2 = fit(
            &inputs,
            &golds,
            width,
            options,
            options.epochs[1],
            options.curve_epochs,
            budget,
            (!held_out.is_empty())
                .then_some(&|level: &Pass| held_check(level, &held_inputs2, width)),
            2,
        );
        report.epochs.extend(fit2.epochs);
        report.kept_epochs.push(options.epochs[1]);
        report.held_out = fit2.held_out;
        levels.push(fit2.level);
    } else {
        report.held_out = report.first_pass_held_out;
    }
    let labeller = Labeller::from_passes(bits, levels)?;
    report.rows = labeller.n_rows();
    report.model_bytes = labeller.to_bytes().len();
    Ok((labeller, report))
}

/// The fold, of `folds`, of the article at `index` in the order the corpus loader gives:
/// articles are dealt round-robin, so that every fold holds articles of every outlet and
/// date the loader's order mixes, and the split never depends on anything but the order.
pub fn fold_of(index: usize, folds: usize) -> usize {
    index % folds.max(1)
}

/// One fold of a cross-validation over `articles`: trains on the articles of every other fold
/// ([`fold_of`]) and scores every epoch on the fold's own, which the labeller never sees. This
/// is what chooses [`TrainOptions::epochs`] (with [`TrainOptions::curve_epochs`] past them)
/// and what `whosaid eval --cv` extracts the held-out fold with.
pub fn train_fold(
    articles: &[GoldDocument],
    folds: usize,
    fold: usize,
    tagger: &Tagger,
    parser: &Parser,
    options: &TrainOptions,
) -> Result<(Labeller, Report), Error> {
    let (train, held_out) = split_fold(articles, folds, fold)?;
    train_on(&train, &held_out, tagger, parser, options)
}

/// The articles of every fold but `fold` ([`fold_of`]), and those of `fold`.
fn split_fold(
    articles: &[GoldDocument],
    folds: usize,
    fold: usize,
) -> Result<(Vec<GoldDocument>, Vec<GoldDocument>), Error> {
    if folds < 2 || fold >= folds {
        return Err(Error::BadOption(
            "cross-validation needs at least 2 folds and a fold below their number",
        ));
    }
    let (mut train, mut held_out) = (Vec::new(), Vec::new());
    for (i, article) in articles.iter().enumerate() {
        if fold_of(i, folds) == fold {
            held_out.push(article.clone());
        } else {
            train.push(article.clone());
        }
    }
    Ok((train, held_out))
}
