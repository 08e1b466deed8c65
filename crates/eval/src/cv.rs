//! Cross-validation over PolNeAR train: the figures every choice of features, epochs and
//! rules is made by, so that dev stays a check nobody tuned to.
//!
//! The articles of a split are dealt into `k` folds ([`whosaid_train::roles::fold_of`]). For
//! each fold, a labeller is trained on the other folds with the options given (scoring every
//! epoch on the fold, which draws the learning curve that chooses the epochs), and the
//! extractor, with that labeller and everything else as shipped, is scored on the fold's
//! articles exactly as `whosaid eval` scores dev. The figures are the mean over folds and
//! their spread (the sample standard deviation), so that a difference smaller than the spread
//! is not taken for a gain.
//!
//! Training a fold takes minutes, so the fold labellers can be kept in a directory and
//! reused: each file is stored with a description of what it was trained on (the folds'
//! articles and the options), and a file whose description differs from the run's is an
//! error, never silently reused.
//!
//! The labeller's boundary stage is learned, as for the shipped model, from labels of
//! articles the passes did not train on: each article labelled by its own fold's labeller.
//! Fold `f`'s stage learns from the articles of the other folds only, so it never sees the
//! gold spans of the articles it is scored on (the labellers that labelled its examples did,
//! as training data: a nested jackknife would cost K times the training).
//!
//! With rule variants ([`CvOptions::variants`]), each fold's articles are also extracted
//! with some rules switched off; the differences to the extractor with all rules, fold by
//! fold, are what keeps a rule or drops it.

use std::fmt;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use whosaid_corpora::{polnear, CorpusError, GoldArticle, Prf};
use whosaid_extract::models::{Labeller, Parser, Tagger};
use whosaid_extract::{Extraction, Extractor, Rules};
use whosaid_train::roles::{
    self, BoundaryExample, BoundaryOptions, EpochReport, GoldDocument, TrainOptions,
};

use crate::score::{score, Report};

/// What a cross-validation runs.
#[derive(Clone, Debug)]
pub struct CvOptions {
    /// Folds of articles (at least 2).
    pub folds: usize,
    /// How each fold's labeller is trained.
    pub train: TrainOptions,
    /// How each fold's boundary stage is trained (`epochs` 0: none).
    pub boundary: BoundaryOptions,
    /// Where fold labellers are kept and reused, if anywhere.
    pub models_dir: Option<PathBuf>,
    /// The extractor's rules: those of the convention the split is annotated in (PolNeAR's).
    pub rules: Rules,
    /// Extractor rule sets to score beside `rules`, each with its name (the rule it leaves
    /// out, say).
    pub variants: Vec<(String, Rules)>,
}

/// One fold's outcome.
#[derive(Clone, Debug, Serialize)]
pub struct FoldResult {
    /// The fold's number, from 0.
    pub fold: usize,
    /// Its articles, which its labeller never saw.
    pub articles: usize,
    /// The extractor's figures on them, with the options' rules.
    pub report: Report,
    /// The same with each variant's rules, in [`CvOptions::variants`] order.
    pub variants: Vec<Report>,
    /// The labeller's per-epoch scores on the fold (labelling figures, not statements).
    #[serde(skip)]
    pub curve: Vec<EpochReport>,
}

/// Every fold's outcome, in fold order.
#[derive(Clone, Debug, Serialize)]
pub struct CvReport {
    /// The folds.
    pub folds: Vec<FoldResult>,
    /// Names of the rule variants, in order.
    pub variants: Vec<String>,
    /// Epochs of the two passes the fold labellers kept.
    pub epochs: [usize; 2],
}

/// The five headline figures of a report, in [`FIGURES`] order, in percent.
pub fn headline(report: &Report) -> [f64; 5] {
    [
        report.content.exact.f1(),
        report.source.exact.f1(),
        report.cue.exact.f1(),
        report.attribution.f1(),
        report.quoted.f1(),
    ]
    .map(|f| 100.0 * f)
}

/// Names of the figures [`headline`] gives.
pub const FIGURES: [&str; 5] = ["content", "source", "cue", "attribution", "quoted"];

/// Mean and sample standard deviation.
pub fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return (mean, 0.0);
    }
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var.sqrt())
}

impl CvReport {
    /// Mean and spread over folds of each headline figure, with all rules.
    pub fn summary(&self) -> [(f64, f64); 5] {
        let per_fold: Vec<[f64; 5]> = self.folds.iter().map(|f| headline(&f.report)).collect();
        std::array::from_fn(|i| mean_sd(&per_fold.iter().map(|h| h[i]).collect::<Vec<_>>()))
    }

    /// Each variant's effect: for every headline figure, the mean over folds of (variant −
    /// all rules), and on how many folds the rule set with all rules scored higher, the same,
    /// or lower than the variant.
    pub fn effects(&self) -> Vec<RuleEffect> {
        (0..self.variants.len())
            .map(|v| {
                let deltas: Vec<[f64; 5]> = self
                    .folds
                    .iter()
                    .map(|f| {
                        let (a, b) = (headline(&f.report), headline(&f.variants[v]));
                        std::array::from_fn(|i| b[i] - a[i])
                    })
                    .collect();
                let mean = std::array::from_fn(|i| {
                    mean_sd(&deltas.iter().map(|d| d[i]).collect::<Vec<_>>()).0
                });
                // The figure that decides is attribution F1, with exact spans averaged in:
                // a rule pays on a fold when leaving it out lowers their mean.
                let mut pays_on = 0;
                let mut costs_on = 0;
                for d in &deltas {
                    let m = d[..4].iter().sum::<f64>() / 4.0;
                    if m < -1e-9 {
                        pays_on += 1;
                    } else if m > 1e-9 {
                        costs_on += 1;
                    }
                }
                RuleEffect {
                    name: self.variants[v].clone(),
                    mean_delta: mean,
                    pays_on,
                    costs_on,
                }
            })
            .collect()
    }

    /// The learning curve: for each pass and epoch, the mean over folds of the labeller's
    /// exact-span F1 (mean of source, cue and content) on the held-out fold.
    pub fn curve(&self) -> Vec<(usize, usize, f64)> {
        let mut points: Vec<(usize, usize, Vec<f64>)> = Vec::new();
        for fold in &self.folds {
            for e in &fold.curve {
                let value = 100.0 * e.held_out.mean_exact_f1();
                match points
                    .iter_mut()
                    .find(|(p, ep, _)| *p == e.pass && *ep == e.epoch)
                {
                    Some((_, _, values)) => values.push(value),
                    None => points.push((e.pass, e.epoch, vec![value])),
                }
            }
        }
        points.sort_by_key(|(p, e, _)| (*p, *e));
        points
            .into_iter()
            .filter(|(_, _, v)| v.len() == self.folds.len())
            .map(|(p, e, v)| (p, e, mean_sd(&v).0))
            .collect()
    }
}

/// What leaving a rule out did, over the folds.
#[derive(Clone, Debug, Serialize)]
pub struct RuleEffect {
    /// The variant's name.
    pub name: String,
    /// Mean over folds of (without − with) for each headline figure, in points.
    pub mean_delta: [f64; 5],
    /// Folds on which the rule raised the mean of the four span and attribution figures.
    pub pays_on: usize,
    /// Folds on which it lowered it.
    pub costs_on: usize,
}

/// Cross-validates over the PolNeAR split in `gold_dir` (PolNeAR train: see the module
/// documentation), with the shipped tagger and parser. Folds run in parallel on the current
/// rayon pool.
pub fn cross_validate(gold_dir: &Path, options: &CvOptions) -> Result<CvReport, CvError> {
    let tagger = Tagger::default_model();
    let parser = Parser::default_model();
    if options.folds < 2 {
        return Err(CvError::Options("--cv needs at least 2 folds".into()));
    }
    let gold = polnear::load(gold_dir)?;
    if gold.len() < options.folds {
        return Err(CvError::Options(format!(
            "{} holds {} articles, fewer than the {} folds asked for",
            gold_dir.display(),
            gold.len(),
            options.folds
        )));
    }
    let documents: Vec<GoldDocument> = gold.iter().map(GoldDocument::from).collect();
    if let Some(dir) = &options.models_dir {
        std::fs::create_dir_all(dir).map_err(|e| CvError::Io(dir.clone(), e))?;
    }
    // Every fold runs to its end, and the first failing fold in order is the one reported:
    // the error does not depend on which thread finished first.
    let labellers: Vec<Result<(Labeller, Vec<EpochReport>), CvError>> = (0..options.folds)
        .into_par_iter()
        .map(|fold| fold_labeller(&gold, &documents, fold, tagger, parser, options))
        .collect();
    let (labellers, curves): (Vec<Labeller>, Vec<Vec<EpochReport>>) = labellers
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .unzip();
    let examples = if options.boundary.epochs > 0 {
        roles::jackknife_examples(
            &documents,
            &labellers,
            tagger,
            parser,
            options.boundary.bits,
        )
    } else {
        Vec::new()
    };
    let folds: Vec<FoldResult> = labellers
        .into_par_iter()
        .zip(curves)
        .enumerate()
        .map(|(fold, (labeller, curve))| {
            let others: Vec<&BoundaryExample> = examples
                .iter()
                .enumerate()
                .filter(|(i, _)| roles::fold_of(*i, options.folds) != fold)
                .flat_map(|(_, e)| e)
                .collect();
            let labeller =
                labeller.with_boundaries(roles::train_boundaries(&others, &options.boundary));
            run_fold(&gold, fold, labeller, curve, options)
        })
        .collect();
    Ok(CvReport {
        folds,
        variants: options.variants.iter().map(|(n, _)| n.clone()).collect(),
        epochs: options.train.epochs,
    })
}

/// Scores the extractor with `labeller` (and each rule variant) on the articles of `fold`.
fn run_fold(
    gold: &[GoldArticle],
    fold: usize,
    labeller: Labeller,
    curve: Vec<EpochReport>,
    options: &CvOptions,
) -> FoldResult {
    // Everything but the labeller is as shipped: the tagger and parser are the ones it was
    // trained with.
    let extractor = Extractor::builder()
        .labeller(labeller)
        .build()
        .with_rules(options.rules);
    let held_out: Vec<GoldArticle> = gold
        .iter()
        .enumerate()
        .filter(|(i, _)| roles::fold_of(*i, options.folds) == fold)
        .map(|(_, a)| a.clone())
        .collect();
    let run = |extractor: &Extractor| {
        let predicted: Vec<(String, Extraction)> = held_out
            .par_iter()
            .map(|a| (a.name.clone(), extractor.extract(&a.text)))
            .collect();
        score(&held_out, &predicted)
    };
    let report = run(&extractor);
    let variants = options
        .variants
        .iter()
        .map(|(_, rules)| run(&extractor.with_rules(*rules)))
        .collect();
    FoldResult {
        fold,
        articles: held_out.len(),
        report,
        variants,
        curve,
    }
}

/// The labeller of one fold: from the models directory when it holds one trained on the same
/// articles with the same options, else trained (and then stored there).
fn fold_labeller(
    gold: &[GoldArticle],
    documents: &[GoldDocument],
    fold: usize,
    tagger: &Tagger,
    parser: &Parser,
    options: &CvOptions,
) -> Result<(Labeller, Vec<EpochReport>), CvError> {
    let k = options.folds;
    let description = describe_fold(gold, k, fold, &options.train);
    let paths = options.models_dir.as_ref().map(|dir| {
        (
            dir.join(format!("fold-{fold}-of-{k}.bin")),
            dir.join(format!("fold-{fold}-of-{k}.txt")),
        )
    });
    if let Some((model, about)) = &paths {
        if model.exists() {
            let stored =
                std::fs::read_to_string(about).map_err(|e| CvError::Io(about.clone(), e))?;
            let (head, curve) = stored.split_once(CURVE_HEADER).unwrap_or((&stored, ""));
            if head != description {
                return Err(CvError::Options(format!(
                    "{} was trained on other folds or with other options than this run's \
                     (see {}); remove it or choose another --cv-models directory",
                    model.display(),
                    about.display()
                )));
            }
            let labeller = Labeller::from_file(model).map_err(|e| CvError::Model(e.to_string()))?;
            return Ok((labeller, parse_curve(curve)));
        }
    }
    let (labeller, report) = roles::train_fold(documents, k, fold, tagger, parser, &options.train)
        .map_err(|e| CvError::Train(e.to_string()))?;
    if let Some((model, about)) = &paths {
        let mut text = description;
        text.push_str(CURVE_HEADER);
        for e in &report.epochs {
            let _ = writeln!(
                text,
                "{}\t{}\t{}",
                e.pass,
                e.epoch,
                e.held_out
                    .exact
                    .iter()
                    .chain(&e.held_out.token)
                    .map(|p| format!("{} {} {}", p.tp, p.fp, p.fn_))
                    .collect::<Vec<_>>()
                    .join("\t")
            );
        }
        std::fs::write(about, text).map_err(|e| CvError::Io(about.clone(), e))?;
        std::fs::write(model, labeller.to_bytes()).map_err(|e| CvError::Io(model.clone(), e))?;
    }
    Ok((labeller, report.epochs))
}

const CURVE_HEADER: &str = "# held-out scores by epoch: pass, epoch, exact tp fp fn (source, cue, content), token tp fp fn (the same)\n";

/// What a fold labeller was trained on and how, as text: reuse needs it to be identical.
fn describe_fold(gold: &[GoldArticle], k: usize, fold: usize, options: &TrainOptions) -> String {
    let mut text = format!(
        "fold {fold} of {k}, options {:?}\nheld-out articles:\n",
        TrainOptions {
            verbose: false,
            ..options.clone()
        }
    );
    for (i, a) in gold.iter().enumerate() {
        if roles::fold_of(i, k) == fold {
            text.push_str(&a.name);
            text.push('\n');
        }
    }
    text
}

fn parse_curve(text: &str) -> Vec<EpochReport> {
    let mut out = Vec::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 8 {
            continue;
        }
        let prf = |s: &str| {
            let n: Vec<usize> = s.split(' ').filter_map(|x| x.parse().ok()).collect();
            match n[..] {
                [tp, fp, fn_] => Prf { tp, fp, fn_ },
                _ => Prf::default(),
            }
        };
        let (Ok(pass), Ok(epoch)) = (fields[0].parse(), fields[1].parse()) else {
            continue;
        };
        let mut held_out = roles::Scores::default();
        for i in 0..3 {
            held_out.exact[i] = prf(fields[2 + i]);
            held_out.token[i] = prf(fields[5 + i]);
        }
        out.push(EpochReport {
            pass,
            epoch,
            wrong_paragraphs: 0,
            held_out,
        });
    }
    out
}

/// Why a cross-validation could not run.
#[derive(Debug)]
pub enum CvError {
    /// The gold data could not be read.
    Corpus(CorpusError),
    /// A file of the models directory could not be read or written.
    Io(PathBuf, std::io::Error),
    /// A stored fold labeller could not be loaded.
    Model(String),
    /// Training failed.
    Train(String),
    /// The options do not fit the data or the models directory.
    Options(String),
}

impl From<CorpusError> for CvError {
    fn from(e: CorpusError) -> CvError {
        CvError::Corpus(e)
    }
}

impl fmt::Display for CvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CvError::Corpus(e) => write!(f, "{e}"),
            CvError::Io(path, e) => write!(f, "{}: {e}", path.display()),
            CvError::Model(e) => write!(f, "{e}"),
            CvError::Train(e) => write!(f, "training a fold's labeller: {e}"),
            CvError::Options(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CvError {}

impl fmt::Display for CvReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}-fold cross-validation (labellers trained {} + {} epochs on the other folds)",
            self.folds.len(),
            self.epochs[0],
            self.epochs[1]
        )?;
        write!(f, "{:<8} {:>8}", "fold", "articles")?;
        for name in FIGURES {
            write!(f, " {name:>11}")?;
        }
        writeln!(f)?;
        for fold in &self.folds {
            write!(f, "{:<8} {:>8}", fold.fold, fold.articles)?;
            for v in headline(&fold.report) {
                write!(f, " {v:>11.1}")?;
            }
            writeln!(f)?;
        }
        write!(f, "{:<17}", "mean ± sd")?;
        for (m, s) in self.summary() {
            write!(f, " {:>11}", format!("{m:.1} ± {s:.1}"))?;
        }
        writeln!(f)?;
        let curve = self.curve();
        if !curve.is_empty() {
            writeln!(
                f,
                "\nlabeller on the held-out folds, mean exact F1 of source, cue and content by epoch:"
            )?;
            for pass in [1, 2] {
                let points: Vec<_> = curve.iter().filter(|(p, _, _)| *p == pass).collect();
                let Some(best) = points.iter().max_by(|a, b| a.2.total_cmp(&b.2)) else {
                    continue;
                };
                write!(f, "pass {pass}:")?;
                for (_, epoch, value) in &points {
                    let mark = if *epoch == best.1 { "*" } else { "" };
                    write!(f, " {epoch}:{value:.2}{mark}")?;
                }
                writeln!(f)?;
            }
        }
        let effects = self.effects();
        if !effects.is_empty() {
            writeln!(
                f,
                "\nrules left out, mean change over folds (points; negative: the rule pays), and folds where the rule pays / costs:"
            )?;
            write!(f, "{:<44}", "without")?;
            for name in FIGURES {
                write!(f, " {name:>11}")?;
            }
            writeln!(f, " {:>9}", "pays/costs")?;
            for e in effects {
                write!(f, "{:<44}", e.name)?;
                for d in e.mean_delta {
                    write!(f, " {d:>+11.2}")?;
                }
                writeln!(f, " {:>5}/{}", e.pays_on, e.costs_on)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(attribution_tp: usize) -> Report {
        Report {
            attribution: Prf {
                tp: attribution_tp,
                fp: 10,
                fn_: 10,
            },
            ..Report::default()
        }
    }

    #[test]
    fn mean_and_sample_spread() {
        assert_eq!(mean_sd(&[]), (0.0, 0.0));
        assert_eq!(mean_sd(&[3.0]), (3.0, 0.0));
        let (m, s) = mean_sd(&[1.0, 2.0, 3.0]);
        assert!((m - 2.0).abs() < 1e-12 && (s - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_rule_pays_on_the_folds_where_leaving_it_out_scores_lower() {
        let fold = |fold, with, without: Vec<usize>| FoldResult {
            fold,
            articles: 1,
            report: report(with),
            variants: without.into_iter().map(report).collect(),
            curve: Vec::new(),
        };
        let cv = CvReport {
            // Variant 0 scores lower on both folds (the rule pays), variant 1 higher on one
            // and the same on the other (the rule costs).
            folds: vec![fold(0, 30, vec![20, 40]), fold(1, 30, vec![25, 30])],
            variants: vec!["without-a".into(), "without-b".into()],
            epochs: [1, 1],
        };
        let effects = cv.effects();
        assert_eq!((effects[0].pays_on, effects[0].costs_on), (2, 0));
        assert!(effects[0].mean_delta[3] < 0.0);
        assert_eq!((effects[1].pays_on, effects[1].costs_on), (0, 1));
        assert!(effects[1].mean_delta[3] > 0.0);
        let table = cv.to_string();
        assert!(
            table.contains("without-a") && table.contains("2/0"),
            "{table}"
        );
    }
}
