//! Counts of a comparison against gold data, and the precision, recall and F1 computed from
//! them: the one type both the trainers (epochs are chosen by F1 on dev) and the scorer
//! (`whosaid eval`) report in.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// True positives, false positives and false negatives, with the figures computed from them.
/// Precision, recall and F1 are fractions in [0, 1]; a ratio whose denominator is zero is 0.
///
/// Serialises as `{"tp", "fp", "fn", "precision", "recall", "f1"}`, the figures included so
/// that a JSON report can be read without recomputing them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prf {
    /// Predicted items that match a gold item.
    pub tp: usize,
    /// Predicted items that match none.
    pub fp: usize,
    /// Gold items that no prediction matches.
    pub fn_: usize,
}

impl Prf {
    /// The counts `tp`, `fp` and `fn`.
    pub fn new(tp: usize, fp: usize, fn_: usize) -> Prf {
        Prf { tp, fp, fn_ }
    }

    /// The counts of a one-to-one matching of `gold` items against `predicted` ones in which
    /// `matched` pairs were found (at most the smaller of the two).
    pub fn from_matching(gold: usize, predicted: usize, matched: usize) -> Prf {
        Prf {
            tp: matched,
            fp: predicted - matched,
            fn_: gold - matched,
        }
    }

    /// Counts one item's answer against its gold answer, either of which may be absent:
    /// `right` (the prediction is there and agrees) is a true positive, a prediction that is
    /// not right a false positive, a gold answer that is not matched a false negative.
    pub fn count(&mut self, predicted: bool, gold: bool, right: bool) {
        self.tp += usize::from(right);
        self.fp += usize::from(predicted && !right);
        self.fn_ += usize::from(gold && !right);
    }

    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: &Prf) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    /// `tp / (tp + fp)`.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// `tp / (tp + fn)`.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// The harmonic mean of precision and recall, computed from them.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Number of gold items (`tp + fn`).
    pub fn gold(&self) -> usize {
        self.tp + self.fn_
    }

    /// Number of predicted items (`tp + fp`).
    pub fn predicted(&self) -> usize {
        self.tp + self.fp
    }
}

impl std::ops::AddAssign for Prf {
    fn add_assign(&mut self, other: Prf) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

impl std::ops::Add for Prf {
    type Output = Prf;

    fn add(mut self, other: Prf) -> Prf {
        self += other;
        self
    }
}

impl Serialize for Prf {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Prf", 6)?;
        s.serialize_field("tp", &self.tp)?;
        s.serialize_field("fp", &self.fp)?;
        s.serialize_field("fn", &self.fn_)?;
        s.serialize_field("precision", &self.precision())?;
        s.serialize_field("recall", &self.recall())?;
        s.serialize_field("f1", &self.f1())?;
        s.end()
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_answer_against_its_gold() {
        let mut p = Prf::default();
        p.count(true, true, true); // right
        p.count(true, true, false); // wrong: a false positive and a miss
        p.count(true, false, false); // given where the gold has none
        p.count(false, true, false); // missed
        p.count(false, false, false); // neither: nothing
        assert_eq!((p.tp, p.fp, p.fn_), (1, 2, 2));
    }

    #[test]
    fn figures_and_zero_denominators() {
        let p = Prf::new(3, 1, 2);
        assert_eq!(p.precision(), 0.75);
        assert_eq!(p.recall(), 0.6);
        assert!((p.f1() - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-15);
        assert_eq!((p.gold(), p.predicted()), (5, 4));
        let none = Prf::default();
        assert_eq!(
            (none.precision(), none.recall(), none.f1()),
            (0.0, 0.0, 0.0)
        );
        assert_eq!(Prf::from_matching(5, 4, 3), p);
        assert_eq!(p + p, Prf::new(6, 2, 4));
    }

    #[test]
    fn serialises_counts_and_figures() {
        let json = serde_json::to_string(&Prf::new(1, 1, 0)).unwrap();
        assert_eq!(
            json,
            r#"{"tp":1,"fp":1,"fn":0,"precision":0.5,"recall":1.0,"f1":0.6666666666666666}"#
        );
    }
}
