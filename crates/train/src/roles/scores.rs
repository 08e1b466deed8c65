//! Token-level and exact-span scores per role: what the labeller's epochs are chosen by and
//! its model card reports.

use std::fmt;

use whosaid_attribution::{spans, trim_span, Kind, Role};
use whosaid_corpora::Prf;
use whosaid_text::Document;

/// Scores per role ([`Kind`] order: source, cue, content).
///
/// - `token`: every token whose gold role (ignoring B/I) is `k` and predicted role is `k` is a
///   true positive; a predicted `k` elsewhere a false positive; a missed `k` a false negative.
/// - `exact`: spans (maximal B I* chunks) must match exactly, after trimming punctuation and
///   quotation-mark tokens from both ends of gold and predicted spans alike: whether a span
///   takes the final period or the quote marks is an annotation convention, and the PolNeAR
///   scorer in whosaid-eval trims them too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scores {
    /// Token-level counts, by [`Kind::index`].
    pub token: [Prf; 3],
    /// Exact-span counts, by [`Kind::index`].
    pub exact: [Prf; 3],
}

impl Scores {
    /// Adds the scores of one document's labels.
    pub fn add(&mut self, doc: &Document, gold: &[Role], predicted: &[Role]) {
        for (g, p) in gold.iter().zip(predicted) {
            match (g.kind(), p.kind()) {
                (Some(a), Some(b)) if a == b => self.token[a.index()].tp += 1,
                (a, b) => {
                    if let Some(a) = a {
                        self.token[a.index()].fn_ += 1;
                    }
                    if let Some(b) = b {
                        self.token[b.index()].fp += 1;
                    }
                }
            }
        }
        let trimmed = |roles: &[Role]| {
            let mut out: Vec<(Kind, usize, usize)> = spans(roles)
                .into_iter()
                .map(|(kind, r)| {
                    let r = trim_span(doc, r);
                    (kind, r.start, r.end)
                })
                .collect();
            out.sort_unstable();
            out
        };
        let g = trimmed(gold);
        let p = trimmed(predicted);
        let mut counts = [Prf::default(); 3];
        let (mut i, mut j) = (0, 0);
        while i < g.len() || j < p.len() {
            if j == p.len() || (i < g.len() && g[i] < p[j]) {
                counts[g[i].0.index()].fn_ += 1;
                i += 1;
            } else if i == g.len() || p[j] < g[i] {
                counts[p[j].0.index()].fp += 1;
                j += 1;
            } else {
                counts[g[i].0.index()].tp += 1;
                i += 1;
                j += 1;
            }
        }
        for (total, c) in self.exact.iter_mut().zip(counts) {
            *total += c;
        }
    }

    /// Mean exact-span F1 over the three roles: the figure epochs are chosen by.
    pub fn mean_exact_f1(&self) -> f64 {
        self.exact.iter().map(Prf::f1).sum::<f64>() / 3.0
    }
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "role     level   precision  recall     F1")?;
        for kind in Kind::ALL {
            for (level, prf) in [
                ("token", self.token[kind.index()]),
                ("exact", self.exact[kind.index()]),
            ] {
                writeln!(
                    f,
                    "{:<8} {:<7} {:>8.1}  {:>7.1}  {:>6.1}",
                    kind.as_str(),
                    level,
                    100.0 * prf.precision(),
                    100.0 * prf.recall(),
                    100.0 * prf.f1()
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_spans_ignore_edge_punctuation_and_quote_marks() {
        let doc = Document::parse("“We win,” he said.");
        // Tokens: “ We win , ” he said .
        use Role::*;
        let gold = [
            BContent, IContent, IContent, IContent, IContent, BSource, BCue, O,
        ];
        let predicted = [O, BContent, IContent, O, O, BSource, BCue, ICue];
        let mut scores = Scores::default();
        scores.add(&doc, &gold, &predicted);
        for kind in Kind::ALL {
            let e = scores.exact[kind.index()];
            assert_eq!((e.tp, e.fp, e.fn_), (1, 0, 0), "{kind:?}");
        }
        // Token level is strict: the marks and the final period count.
        let content = scores.token[Kind::Content.index()];
        assert_eq!((content.tp, content.fp, content.fn_), (2, 0, 3));
        let cue = scores.token[Kind::Cue.index()];
        assert_eq!((cue.tp, cue.fp, cue.fn_), (1, 1, 0));
    }
}
