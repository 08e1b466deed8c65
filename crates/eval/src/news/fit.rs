//! Fitting the extractor's confidence model ([`ConfidenceModel`]) on annotated news.
//!
//! Every statement whosaid finds in the articles, none left out, is scored against the gold
//! statements: *a statement* when it is matched to a gold one, *right* when it also names the
//! gold speaker. Two logistic regressions over the statements' [`Evidence`] learn those two
//! outcomes: the first gives the threshold below which a statement is not reported (the one
//! that makes who-said-what F1 highest on these articles), the second, fitted on the
//! statements kept, gives each its confidence. Only the tuning part of the news set may be
//! fitted on; the held-out part measures the result.

use rayon::prelude::*;
use whosaid_corpora::GoldArticle;
use whosaid_extract::models::ConfidenceModel;
use whosaid_extract::{Evidence, Extraction, Extractor, EVIDENCE_FEATURES};

use super::{is_right, pair, score_article, GoldNews, NewsReport, Predicted};

/// The strength of the L2 penalty on the weights (not on the bias): enough that a feature
/// seen on a handful of statements cannot take an extreme weight.
const L2: f64 = 0.01;
/// Gradient steps of the fit; the loss is convex and the features are small numbers, so a
/// fixed step size and count reach the optimum within a rounding error.
const STEPS: usize = 4000;
const STEP_SIZE: f64 = 0.5;
/// The thresholds tried, in hundredths.
const THRESHOLDS: std::ops::RangeInclusive<u32> = 0..=60;
/// How much of PolNeAR train's attribution F1 the threshold may cost.
pub const POLNEAR_COST: f64 = 0.002;
/// Folds of the cross-validation that chooses the threshold (articles are dealt round robin).
const FOLDS: usize = 5;

/// One statement found in an article, with what the gold says of it.
struct Sample {
    prediction: Predicted,
    evidence: Evidence,
    matched: bool,
    right: bool,
}

/// What a fit did, for the person who runs it.
#[derive(Debug)]
pub struct FitReport {
    /// Statements fitted on.
    pub statements: usize,
    /// Of them, matched to a gold statement.
    pub matched: usize,
    /// The threshold chosen.
    pub threshold: f32,
    /// The cross-validated who-said-what F1 at that threshold, and with none.
    pub f1: (f64, f64),
    /// PolNeAR train's attribution F1 at that threshold, and with none, when it was given.
    pub polnear: Option<(f64, f64)>,
}

/// Fits a confidence model on `gold` with `extractor`'s statements. With `polnear` (the
/// articles of PolNeAR train), the threshold is also held to one that costs PolNeAR's
/// attribution F1 at most [`POLNEAR_COST`]: a statement PolNeAR annotates is one a reader of
/// political news wants, even where the news set's conventions are narrower.
pub fn fit(
    extractor: &Extractor,
    gold: &[GoldNews],
    polnear: &[GoldArticle],
) -> (ConfidenceModel, FitReport) {
    let per_article: Vec<Vec<Sample>> = gold
        .par_iter()
        .map(|news| {
            let (extraction, evidence) = extractor.extract_with_evidence(&news.body);
            let found: Vec<(Predicted, Evidence)> = extraction
                .statements
                .iter()
                .zip(evidence)
                .filter_map(|(s, e)| Some((Predicted::from_statement(s)?, e)))
                .collect();
            let predicted: Vec<Predicted> = found.iter().map(|(p, _)| p.clone()).collect();
            let gold_statements = &news.article.statements;
            let matched = pair(gold_statements, &predicted);
            found
                .into_iter()
                .zip(matched)
                .map(|((prediction, evidence), g)| Sample {
                    right: is_right(gold_statements, &prediction, g),
                    matched: g.is_some(),
                    prediction,
                    evidence,
                })
                .collect()
        })
        .collect();
    let samples: Vec<&Sample> = per_article.iter().flatten().collect();
    let polnear_found = extract_polnear(extractor, polnear);
    // PolNeAR's statements teach the statement model what an attribution is, weighted so that
    // the two corpora count alike: PolNeAR has many more statements, the news set is what
    // the model is for.
    let polnear_samples: Vec<(&Evidence, bool)> = polnear_found
        .iter()
        .flat_map(|(_, _, evidence, matched)| evidence.iter().zip(matched.iter().copied()))
        .collect();
    let polnear_weight = if polnear_samples.is_empty() {
        0.0
    } else {
        samples.len() as f64 / polnear_samples.len() as f64
    };
    let statement_model = |news: &mut dyn Iterator<Item = (&Evidence, bool)>| {
        let mut weighted: Vec<(&Evidence, bool, f64)> = news.map(|(e, y)| (e, y, 1.0)).collect();
        weighted.extend(polnear_samples.iter().map(|&(e, y)| (e, y, polnear_weight)));
        logistic_regression(&weighted)
    };
    // The threshold is chosen by cross-validation over the articles: each fold's statements
    // are judged by a model fitted on the other folds, so that the threshold is the one that
    // pays on articles the model did not see, not the one that fits these best.
    let mut by_threshold = vec![NewsReport::default(); THRESHOLDS.count()];
    for fold in 0..FOLDS {
        let mut training = per_article
            .iter()
            .enumerate()
            .filter(|(a, _)| a % FOLDS != fold)
            .flat_map(|(_, samples)| samples)
            .map(|s| (&s.evidence, s.matched));
        let mut model = ConfidenceModel::neutral();
        model.statement = statement_model(&mut training);
        for (a, (news, samples)) in gold.iter().zip(&per_article).enumerate() {
            if a % FOLDS != fold {
                continue;
            }
            for (hundredths, total) in THRESHOLDS.zip(by_threshold.iter_mut()) {
                model.threshold = hundredths as f32 / 100.0;
                let kept: Vec<Predicted> = samples
                    .iter()
                    .filter(|s| model.keeps(&s.evidence))
                    .map(|s| s.prediction.clone())
                    .collect();
                total.add(&score_article(&news.article.statements, &kept));
            }
        }
    }
    let f1: Vec<f64> = by_threshold
        .iter()
        .map(|r| r.who_said_what().f1())
        .collect();
    let mut model = ConfidenceModel::neutral();
    model.statement = statement_model(&mut samples.iter().map(|s| (&s.evidence, s.matched)));
    let polnear_f1 = polnear_by_threshold(&model, polnear, &polnear_found);
    let allowed = |i: usize| polnear_f1.is_empty() || polnear_f1[i] >= polnear_f1[0] - POLNEAR_COST;
    // The lowest allowed threshold with the best F1: drop no more than pays.
    let best =
        (0..f1.len())
            .filter(|&i| allowed(i))
            .fold(0, |best, i| if f1[i] > f1[best] { i } else { best });
    model.threshold = threshold_at(best);
    let kept: Vec<&&Sample> = samples
        .iter()
        .filter(|s| model.keeps(&s.evidence))
        .collect();
    let kept: Vec<(&Evidence, bool, f64)> =
        kept.iter().map(|s| (&s.evidence, s.right, 1.0)).collect();
    model.right = logistic_regression(&kept);
    let report = FitReport {
        statements: samples.len(),
        matched: samples.iter().filter(|s| s.matched).count(),
        threshold: model.threshold,
        f1: (f1[best], f1[0]),
        polnear: polnear_f1.first().map(|&none| (polnear_f1[best], none)),
    };
    (model, report)
}

/// The threshold of the `i`th candidate.
fn threshold_at(i: usize) -> f32 {
    (*THRESHOLDS.start() as usize + i) as f32 / 100.0
}

/// A PolNeAR article's name, its statements, their evidence, and which statements match a
/// gold attribution.
type PolnearFound = (String, Extraction, Vec<Evidence>, Vec<bool>);

/// Every statement whosaid finds in the PolNeAR articles, none left out.
fn extract_polnear(extractor: &Extractor, polnear: &[GoldArticle]) -> Vec<PolnearFound> {
    polnear
        .par_iter()
        .map(|article| {
            let (extraction, evidence) = extractor.extract_with_evidence(&article.text);
            let matched = crate::matched_statements(article, &extraction);
            (article.name.clone(), extraction, evidence, matched)
        })
        .collect()
}

/// PolNeAR's attribution F1 for each candidate threshold of `model` (none without articles).
fn polnear_by_threshold(
    model: &ConfidenceModel,
    polnear: &[GoldArticle],
    found: &[PolnearFound],
) -> Vec<f64> {
    if polnear.is_empty() {
        return Vec::new();
    }
    (0..THRESHOLDS.count())
        .into_par_iter()
        .map(|i| {
            let mut model = model.clone();
            model.threshold = threshold_at(i);
            let predicted: Vec<(String, Extraction)> = found
                .iter()
                .map(|(name, extraction, evidence, _)| {
                    let mut kept = extraction.clone();
                    let mut evidence = evidence.iter();
                    kept.statements
                        .retain(|_| evidence.next().is_some_and(|e| model.keeps(e)));
                    (name.clone(), kept)
                })
                .collect();
            crate::score(polnear, &predicted).attribution.f1()
        })
        .collect()
}

/// The weights of a logistic regression of the outcomes on the evidence, each sample counted
/// with its weight, L2-penalised, by gradient descent from zero.
fn logistic_regression(samples: &[(&Evidence, bool, f64)]) -> [f32; EVIDENCE_FEATURES.len()] {
    const N: usize = EVIDENCE_FEATURES.len();
    let total: f64 = samples.iter().map(|s| s.2).sum();
    let mut w = [0.0f64; N];
    if samples.is_empty() || total <= 0.0 {
        return [0.0; N];
    }
    for _ in 0..STEPS {
        let mut gradient = [0.0f64; N];
        for &(evidence, y, weight) in samples {
            let x = evidence.0.map(f64::from);
            let z: f64 = w.iter().zip(&x).map(|(w, x)| w * x).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let y = if y { 1.0 } else { 0.0 };
            for (g, x) in gradient.iter_mut().zip(x) {
                *g += weight * (p - y) * x / total;
            }
        }
        for (i, (w, g)) in w.iter_mut().zip(gradient).enumerate() {
            let penalty = if i == 0 { 0.0 } else { L2 * *w };
            *w -= STEP_SIZE * (g + penalty);
        }
    }
    w.map(|w| w as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(values: &[(usize, f32)]) -> Evidence {
        let mut x = [0.0; EVIDENCE_FEATURES.len()];
        x[0] = 1.0;
        for &(i, v) in values {
            x[i] = v;
        }
        Evidence(x)
    }

    #[test]
    fn a_regression_learns_which_evidence_goes_with_the_outcome() {
        // Feature 4 present: right three times in four; absent: right once in four.
        let mut samples = Vec::new();
        for i in 0..40 {
            samples.push((evidence(&[(4, 1.0)]), i % 4 != 0));
            samples.push((evidence(&[]), i % 4 == 0));
        }
        let samples: Vec<(&Evidence, bool, f64)> =
            samples.iter().map(|(e, y)| (e, *y, 1.0)).collect();
        let w = logistic_regression(&samples);
        let mut model = ConfidenceModel::neutral();
        model.right = w;
        let with = model.confidence(&evidence(&[(4, 1.0)]));
        let without = model.confidence(&evidence(&[]));
        // Calibrated: close to the shares (the penalty pulls a little towards one half).
        assert!((with - 0.75).abs() < 0.05, "{with}");
        assert!((without - 0.25).abs() < 0.05, "{without}");
    }

    #[test]
    fn no_samples_give_the_neutral_weights() {
        let w = logistic_regression(&[]);
        assert!(w.iter().all(|&w| w == 0.0));
    }
}
