//! Fitting the extractor's confidence model ([`ConfidenceModel`]) on annotated news.
//!
//! Every statement whosaid finds in the articles, none left out, is scored against the gold
//! statements: *a statement* when it is matched to a gold one, *right* when it also names the
//! gold speaker. Two logistic regressions over the statements' [`Evidence`] learn those two
//! outcomes: the first, with a threshold chosen by cross-validation over the articles (and
//! held to what PolNeAR train can afford), decides which statements are reported; the
//! second, fitted on the statements kept, gives each its confidence. Only the tuning part of
//! the news set may be fitted on; the held-out part measures the result.

use rayon::prelude::*;
use whosaid_corpora::GoldArticle;
use whosaid_extract::models::ConfidenceModel;
use whosaid_extract::{Evidence, Extraction, Extractor, EVIDENCE_FEATURES};

use super::{is_right, pair, score_article, GoldNews, NewsReport, Predicted};

/// The strength of the L2 penalty on the `statement` model's weights (not on the bias):
/// enough that a feature seen on a handful of statements cannot take an extreme weight.
const L2: f64 = 0.01;
/// The penalties the `right` model's is chosen among, by cross-validated log loss: too strong
/// a penalty squeezes its probabilities towards the middle, too weak lets a rare feature take
/// an extreme weight.
const RIGHT_PENALTIES: [f64; 5] = [0.001, 0.003, 0.01, 0.03, 0.1];
/// The most Newton steps a fit takes; it stops earlier once a step changes no weight.
const NEWTON_STEPS: usize = 50;
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
    /// The penalty chosen for the `right` model.
    pub penalty: f64,
    /// The expected calibration error of the `right` model's cross-validated probabilities
    /// (each from a model that did not see the statement): what to expect on articles the
    /// fit never saw.
    pub cross_validated_calibration_error: f64,
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
        logistic_regression(&weighted, L2)
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
            for (i, total) in by_threshold.iter_mut().enumerate() {
                model.threshold = threshold_at(i);
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
    // The `right` model, on the statements kept, article by article for its folds.
    let kept: Vec<Vec<(&Evidence, bool, f64)>> = per_article
        .iter()
        .map(|samples| {
            samples
                .iter()
                .filter(|s| model.keeps(&s.evidence))
                .map(|s| (&s.evidence, s.right, 1.0))
                .collect()
        })
        .collect();
    let (_, penalty, out_of_fold) = RIGHT_PENALTIES
        .into_iter()
        .map(|penalty| {
            let out_of_fold = out_of_fold_probabilities(&kept, penalty);
            (log_loss(&out_of_fold), penalty, out_of_fold)
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .expect("at least one penalty");
    let all_kept: Vec<(&Evidence, bool, f64)> = kept.iter().flatten().copied().collect();
    model.right = logistic_regression(&all_kept, penalty);

    let report = FitReport {
        statements: samples.len(),
        matched: samples.iter().filter(|s| s.matched).count(),
        threshold: model.threshold,
        f1: (f1[best], f1[0]),
        polnear: polnear_f1.first().map(|&none| (polnear_f1[best], none)),
        penalty,
        cross_validated_calibration_error: calibration_error(&out_of_fold),
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
                    model.retain_statements(&mut kept.statements, evidence);
                    (name.clone(), kept)
                })
                .collect();
            crate::score(polnear, &predicted).attribution.f1()
        })
        .collect()
}

/// The weights of a logistic regression of the outcomes on the evidence, each sample counted
/// with its weight, L2-penalised (the bias excepted), by Newton's method from zero: the loss
/// is convex and has few weights, so a few exact steps reach its minimum, where gradient
/// descent stops short and leaves the probabilities squeezed towards one half.
fn logistic_regression(
    samples: &[(&Evidence, bool, f64)],
    penalty: f64,
) -> [f32; EVIDENCE_FEATURES.len()] {
    const N: usize = EVIDENCE_FEATURES.len();
    let total: f64 = samples.iter().map(|s| s.2).sum();
    let mut w = [0.0f64; N];
    if samples.is_empty() || total <= 0.0 {
        return [0.0; N];
    }
    for _ in 0..NEWTON_STEPS {
        let mut gradient = [0.0f64; N];
        let mut hessian = [[0.0f64; N]; N];
        for &(evidence, y, weight) in samples {
            let x = evidence.0.map(f64::from);
            let z: f64 = w.iter().zip(&x).map(|(w, x)| w * x).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let y = if y { 1.0 } else { 0.0 };
            let weight = weight / total;
            for i in 0..N {
                gradient[i] += weight * (p - y) * x[i];
                for j in 0..N {
                    hessian[i][j] += weight * p * (1.0 - p) * x[i] * x[j];
                }
            }
        }
        for i in 1..N {
            gradient[i] += penalty * w[i];
            hessian[i][i] += penalty;
        }
        // A feature never seen (all zeros) has only its penalty, which may be none: a floor
        // keeps the system solvable, and leaves such a weight at zero.
        for (i, row) in hessian.iter_mut().enumerate() {
            row[i] += 1e-9;
        }
        let Some(step) = solve(hessian, gradient) else {
            break;
        };
        let mut largest = 0.0f64;
        for (w, step) in w.iter_mut().zip(step) {
            *w -= step;
            largest = largest.max(step.abs());
        }
        if largest < 1e-9 {
            break;
        }
    }
    w.map(|w| w as f32)
}

/// Every sample's probability of being right, and whether it is, each from a model with
/// `penalty` fitted on the other folds' articles (dealt round robin).
fn out_of_fold_probabilities(
    articles: &[Vec<(&Evidence, bool, f64)>],
    penalty: f64,
) -> Vec<(f64, bool)> {
    let mut probabilities = Vec::new();
    for fold in 0..FOLDS {
        let training: Vec<(&Evidence, bool, f64)> = articles
            .iter()
            .enumerate()
            .filter(|(a, _)| a % FOLDS != fold)
            .flat_map(|(_, samples)| samples.iter().copied())
            .collect();
        let mut model = ConfidenceModel::neutral();
        model.right = logistic_regression(&training, penalty);
        for (_, samples) in articles
            .iter()
            .enumerate()
            .filter(|(a, _)| a % FOLDS == fold)
        {
            for &(evidence, right, _) in samples {
                probabilities.push((model.confidence(evidence), right));
            }
        }
    }
    probabilities
}

/// The mean log loss of probabilities against outcomes.
fn log_loss(probabilities: &[(f64, bool)]) -> f64 {
    let loss: f64 = probabilities
        .iter()
        .map(|&(p, right)| {
            let p = p.clamp(1e-6, 1.0 - 1e-6);
            if right {
                -p.ln()
            } else {
                -(1.0 - p).ln()
            }
        })
        .sum();
    loss / probabilities.len().max(1) as f64
}

/// The expected calibration error of probabilities against outcomes, over ten bins of width
/// 0.1, as the news report computes it.
fn calibration_error(probabilities: &[(f64, bool)]) -> f64 {
    let mut report = NewsReport::default();
    for &(p, right) in probabilities {
        let bin = &mut report.reliability[((p * 10.0).floor().max(0.0) as usize).min(9)];
        bin.count += 1;
        bin.confidence += p;
        bin.right += usize::from(right);
    }
    report.expected_calibration_error()
}

/// The solution of `a x = b` by Gaussian elimination with partial pivoting; none when `a` is
/// singular.
fn solve<const N: usize>(mut a: [[f64; N]; N], mut b: [f64; N]) -> Option<[f64; N]> {
    for col in 0..N {
        let pivot = (col..N).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-15 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..N {
            let factor = a[row][col] / a[col][col];
            let pivot_row = a[col];
            for (entry, pivot_entry) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *entry -= factor * pivot_entry;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = [0.0f64; N];
    for row in (0..N).rev() {
        let sum: f64 = (row + 1..N).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - sum) / a[row][row];
    }
    Some(x)
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
        let w = logistic_regression(&samples, L2);
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
        let w = logistic_regression(&[], L2);
        assert!(w.iter().all(|&w| w == 0.0));
    }
}

#[cfg(test)]
mod solve_tests {
    use super::solve;

    #[test]
    fn a_linear_system_is_solved_and_a_singular_one_is_not() {
        let x = solve([[2.0, 1.0], [1.0, 3.0]], [3.0, 5.0]).unwrap();
        assert!(
            (x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12,
            "{x:?}"
        );
        assert!(solve([[1.0, 2.0], [2.0, 4.0]], [1.0, 2.0]).is_none());
    }
}
