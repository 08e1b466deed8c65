//! Training the labeller's boundary stage ([`whosaid_attribution::Boundaries`]).
//!
//! The stage must learn where the passes put content boundaries wrongly on text they did not
//! train on, so its examples come from a jackknife: each article is labelled by a labeller
//! trained on the folds of articles without it ([`fold_of`]), the same folds as
//! cross-validation's. For every content span the passes found that overlaps exactly one gold
//! content span (after trimming quotation marks and punctuation, as the scorer does), the gold
//! span's start, if it is among the span's candidate starts, is the answer to one ranking
//! example, and its end to another. Spans the passes invented or split have no answer and
//! teach nothing.
//!
//! Training is a ranking perceptron: for each example, in a seeded shuffle, the best-scoring
//! candidate; if it is not the answer, the answer's features gain one and the chosen
//! candidate's lose one. Weights are averaged over every step. No threads and no other
//! randomness: the same examples and options give the same weights.

use whosaid_attribution::{
    best_candidate, span_choices, spans, tag_document, trim_span, BoundaryChoice, Labeller, MOVED,
};
use whosaid_parser::Parser;
use whosaid_tagger::Tagger;
use whosaid_text::Document;

use super::{fold_of, gold_roles, GoldDocument};
use crate::keys::SplitMix;

/// Settings of the boundary stage's training. [`BoundaryOptions::default`] is what the shipped
/// model used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoundaryOptions {
    /// Epochs over the examples; 0 trains no stage.
    pub epochs: usize,
    /// log2 of the number of weights.
    pub bits: u32,
    /// Seed of the per-epoch shuffle.
    pub seed: u64,
}

impl Default for BoundaryOptions {
    fn default() -> BoundaryOptions {
        BoundaryOptions {
            epochs: 3,
            bits: 18,
            seed: 0xb0_0d_a2_1e,
        }
    }
}

/// One ranking example: a boundary's candidates and the index of the right one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoundaryExample {
    /// The candidates.
    pub choice: BoundaryChoice,
    /// The index of the gold boundary in `choice.positions`.
    pub answer: usize,
}

/// The boundary examples of every article (one list per article, in order), each article
/// labelled by `labeller_of(its index)`, which should not have trained on it.
pub fn boundary_examples<'l>(
    articles: &[GoldDocument],
    labeller_of: impl Fn(usize) -> &'l Labeller,
    tagger: &Tagger,
    parser: &Parser,
    bits: u32,
) -> Vec<Vec<BoundaryExample>> {
    articles
        .iter()
        .enumerate()
        .map(|(i, article)| {
            let doc = Document::parse(&article.text);
            let tags = tag_document(tagger, &doc);
            let parse = parser.parse(&doc, &tags);
            // The passes' labels only: a labeller given here should have no stage yet.
            let labeller = labeller_of(i);
            let (roles, margins) = labeller.label_with_margins(&doc, &tags, &parse);
            let gold = gold_roles(article, &doc);
            let gold_spans: Vec<_> = spans(&gold)
                .into_iter()
                .filter(|(kind, _)| MOVED.contains(kind))
                .map(|(kind, span)| (kind, trim_span(&doc, span)))
                .collect();
            let mut examples = Vec::new();
            for choices in span_choices(&doc, &tags, &parse, &roles, &margins, bits) {
                let (s, e) = (choices.trimmed.start, choices.trimmed.end);
                let mut overlapping = gold_spans
                    .iter()
                    .filter(|(kind, g)| *kind == choices.kind && g.start < e && s < g.end)
                    .map(|(_, g)| g);
                let (Some(g), None) = (overlapping.next(), overlapping.next()) else {
                    continue;
                };
                for (choice, gold) in [(choices.start, g.start), (choices.end, g.end)] {
                    if let Some(answer) = choice.positions.iter().position(|&p| p == gold) {
                        examples.push(BoundaryExample { choice, answer });
                    }
                }
            }
            examples
        })
        .collect()
}

/// The examples of [`boundary_examples`] for `articles`, each labelled by the labeller of its
/// fold out of `labellers.len()` (`labellers[f]` trained without fold `f`).
pub fn jackknife_examples(
    articles: &[GoldDocument],
    labellers: &[Labeller],
    tagger: &Tagger,
    parser: &Parser,
    bits: u32,
) -> Vec<Vec<BoundaryExample>> {
    let folds = labellers.len();
    boundary_examples(
        articles,
        |i| &labellers[fold_of(i, folds)],
        tagger,
        parser,
        bits,
    )
}

/// Trains the stage on `examples` (see the module documentation).
pub fn train_boundaries(
    examples: &[&BoundaryExample],
    options: &BoundaryOptions,
) -> Option<whosaid_attribution::Boundaries> {
    if options.epochs == 0 {
        return None;
    }
    let size = 1usize << options.bits;
    let mut weights = vec![0f64; size];
    // Sum of each weight over the steps up to `stamp`, for the average.
    let mut totals = vec![0f64; size];
    let mut stamps = vec![0u64; size];
    let mut step = 0u64;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = SplitMix(options.seed);
    let score = |weights: &[f64], features: &[u32]| -> f64 {
        features.iter().map(|&i| weights[i as usize]).sum()
    };
    for _ in 0..options.epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            step += 1;
            let example = examples[k];
            let choice = &example.choice;
            let best = best_candidate(choice.current, choice.features.len(), |c| {
                score(&weights, &choice.features[c])
            });
            if best == example.answer {
                continue;
            }
            for (features, delta) in [
                (&choice.features[example.answer], 1.0),
                (&choice.features[best], -1.0),
            ] {
                for &i in features {
                    let i = i as usize;
                    totals[i] += weights[i] * (step - stamps[i]) as f64;
                    stamps[i] = step;
                    weights[i] += delta;
                }
            }
        }
    }
    let averaged = (0..size)
        .map(|i| {
            let total = totals[i] + weights[i] * (step - stamps[i]) as f64;
            (total / step.max(1) as f64) as f32
        })
        .collect();
    whosaid_attribution::Boundaries::from_weights(options.bits, averaged)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An example of `n` candidates whose answer is the one holding feature 7; every candidate
    /// also holds its own position's feature, and the current one feature 3.
    fn example(n: usize, answer: usize, current: usize) -> BoundaryExample {
        let features = (0..n)
            .map(|k| {
                let mut f = vec![100 + k as u32];
                if k == answer {
                    f.push(7);
                }
                if k == current {
                    f.push(3);
                }
                f
            })
            .collect();
        BoundaryExample {
            choice: BoundaryChoice {
                positions: (10..10 + n).collect(),
                features,
                current,
            },
            answer,
        }
    }

    #[test]
    fn learns_the_feature_that_marks_the_answer_and_is_deterministic() {
        let examples: Vec<BoundaryExample> =
            (0..40).map(|i| example(5, i % 5, (i + 2) % 5)).collect();
        let refs: Vec<&BoundaryExample> = examples.iter().collect();
        let options = BoundaryOptions {
            epochs: 3,
            bits: 10,
            seed: 1,
        };
        let stage = train_boundaries(&refs, &options).unwrap();
        for e in &examples {
            assert_eq!(stage.best(&e.choice), e.answer);
        }
        assert!(stage.weights()[7] > 0.0 && stage.weights()[3] < 0.0);
        assert_eq!(Some(stage), train_boundaries(&refs, &options));
        let none = BoundaryOptions {
            epochs: 0,
            ..options
        };
        assert_eq!(train_boundaries(&refs, &none), None);
    }
}
