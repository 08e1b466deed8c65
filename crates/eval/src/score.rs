//! Scoring predicted extractions against gold PolNeAR attributions.
//!
//! # Role spans
//! Each role is scored as a set of spans per article, independently of which attribution a
//! span belongs to. Gold: every fragment of every attribution's `source`, `cue` and `content`
//! (a discontinuous span counts as its fragments; a source shared by two attributions counts
//! once). Predicted: every span of a statement's `sources`, its `cue`, and every span of its
//! `contents`. Every span is first trimmed ([`trim`]: white space, quotation marks and edge
//! punctuation, repeatedly, from both ends), then duplicates within each side are dropped.
//!
//! - **Exact**: a predicted span matches a gold span with the same trimmed boundaries. After
//!   deduplication equal boundaries pair up one-to-one by construction.
//! - **Overlap**: a predicted span may match a gold span when their trimmed spans share a char.
//!   Pairs are chosen by a maximum bipartite matching (see `matching::max_matching`): each span
//!   is used at most once, so two predictions overlapping one gold span give one TP and one FP.
//!   Overlap is measured on trimmed spans so that sharing only a quotation mark or a comma does
//!   not count.
//!
//! # Attributions
//! A predicted statement can match a gold attribution when
//! 1. their contents overlap by at least half the length of the shorter of the two (content
//!    length = chars in the union of the trimmed fragments; the overlap must be non-empty), and
//! 2. if the gold attribution has a source, one of the statement's sources overlaps it.
//!
//! A gold attribution without content (an annotation slip; dev has one) is matched on its cue
//! instead: the predicted cue must overlap the gold cue. Pairs are again chosen by maximum
//! bipartite matching, weighted towards larger content overlap.
//!
//! The **quoted** figures repeat this on a subset of both sides: gold attributions whose content
//! contains a double quotation mark ([`GoldAttribution::is_quoted`]: “, ”, ", or the doubled
//! apostrophes with which the New York Times texts write them) and predicted statements of
//! kind direct or mixed. They measure quote attribution on its own terms, so a quoted gold
//! attribution found only by an indirect statement is a miss here. The **strict** quoted
//! figures take the data README's narrower subset instead
//! ([`GoldAttribution::is_quoted_strict`]): there a correct direct statement from
//! a New York Times article counts as a false positive, so they understate precision.
//!
//! All figures are micro-averaged: TP, FP and FN are summed over the articles, then precision,
//! recall and F1 computed once. A ratio whose denominator is zero is reported as 0.

use crate::analysis::{ErrorAnalysis, Reasons};
use crate::items::{match_attributions, normalise, Item};
use crate::matching::max_matching;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use whosaid_corpora::polnear::{cue_key, GoldArticle, GoldAttribution};
use whosaid_corpora::spans::{trim, Fragment};
use whosaid_corpora::Prf;
use whosaid_extract::{Extraction, Span, StatementKind};

/// How many of the most frequent missed (and spurious) cues the error analysis keeps.
const TOP_CUES: usize = 20;

/// Exact and overlap figures for one role.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct RoleScores {
    /// Spans with the same trimmed boundaries.
    pub exact: Prf,
    /// Spans that share a char, matched one-to-one.
    pub overlap: Prf,
}

/// Every figure of one evaluation run. Serializes to the JSON `whosaid eval --json` writes;
/// `Display` prints it as a table.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// Gold articles scored (an article with no prediction counts as predicting nothing).
    pub articles: usize,
    /// Gold attributions in them.
    pub gold_attributions: usize,
    /// Statements predicted for them.
    pub predicted_statements: usize,
    /// Source spans.
    pub source: RoleScores,
    /// Cue spans.
    pub cue: RoleScores,
    /// Content spans.
    pub content: RoleScores,
    /// Whole attributions (see the module documentation).
    pub attribution: Prf,
    /// Attributions of the quoted subset.
    pub quoted: Prf,
    /// The quoted figures on the data README's narrower subset (see the module documentation).
    pub quoted_strict: Prf,
    /// Why attributions were missed and statements were spurious.
    pub errors: ErrorAnalysis,
    /// Names of predictions that were not scored: no gold article has that name, or an
    /// earlier prediction already had it.
    pub ignored_predictions: Vec<String>,
    /// Predicted spans whose `text` differs from the article's chars at their offsets: a sign
    /// of byte or UTF-16 offsets, or of output for a different text. They are scored by their
    /// offsets anyway; spans with an empty `text` are not checked.
    pub offset_mismatches: usize,
}

/// Scores `predicted` (article name, extraction) against `gold`, as described in the module
/// documentation. Predictions are matched to gold articles by name; a gold article with no
/// prediction counts as an empty extraction.
pub fn score(gold: &[GoldArticle], predicted: &[(String, Extraction)]) -> Report {
    let gold_names: HashSet<&str> = gold.iter().map(|a| a.name.as_str()).collect();
    let mut by_name: HashMap<&str, &Extraction> = HashMap::new();
    let mut report = Report {
        articles: gold.len(),
        ..Report::default()
    };
    for (name, extraction) in predicted {
        if !gold_names.contains(name.as_str()) || by_name.contains_key(name.as_str()) {
            report.ignored_predictions.push(name.clone());
        } else {
            by_name.insert(name, extraction);
        }
    }

    let empty = Extraction::default();
    let mut missed_cues: HashMap<String, usize> = HashMap::new();
    let mut spurious_cues: HashMap<String, usize> = HashMap::new();
    for article in gold {
        let extraction = by_name
            .get(article.name.as_str())
            .copied()
            .unwrap_or(&empty);
        let s = score_article(article, extraction);
        report.gold_attributions += article.attributions.len();
        report.predicted_statements += extraction.statements.len();
        report.source.exact += s.source.0;
        report.source.overlap += s.source.1;
        report.cue.exact += s.cue.0;
        report.cue.overlap += s.cue.1;
        report.content.exact += s.content.0;
        report.content.overlap += s.content.1;
        report.attribution += s.attribution;
        report.quoted += s.quoted;
        report.quoted_strict += s.quoted_strict;
        report.offset_mismatches += s.offset_mismatches;
        let e = &mut report.errors;
        e.missed_by.add(s.missed_by);
        e.spurious_by.add(s.spurious_by);
        e.gold_quoted += s.gold_quoted;
        e.missed_quoted += s.missed_quoted;
        e.gold_unquoted += article.attributions.len() - s.gold_quoted;
        e.missed_unquoted += s.missed_unquoted;
        for cue in s.missed_cues {
            *missed_cues.entry(cue).or_default() += 1;
        }
        for cue in s.spurious_cues {
            *spurious_cues.entry(cue).or_default() += 1;
        }
    }
    report.errors.top_missed_cues = top(missed_cues);
    report.errors.top_spurious_cues = top(spurious_cues);
    report
}

fn top(counts: HashMap<String, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(TOP_CUES);
    v
}

struct ArticleScore {
    source: (Prf, Prf),
    cue: (Prf, Prf),
    content: (Prf, Prf),
    attribution: Prf,
    quoted: Prf,
    quoted_strict: Prf,
    offset_mismatches: usize,
    gold_quoted: usize,
    missed_quoted: usize,
    missed_unquoted: usize,
    missed_by: Reasons,
    spurious_by: Reasons,
    missed_cues: Vec<String>,
    spurious_cues: Vec<String>,
}

/// The gold attributions and predicted statements of an article as [`Item`]s.
fn items(article: &GoldArticle, chars: &[char], extraction: &Extraction) -> (Vec<Item>, Vec<Item>) {
    let to_fragment = |s: &Span| Fragment::new(s.start, s.end);
    let gold_items: Vec<Item> = article
        .attributions
        .iter()
        .map(|a| Item {
            source: normalise(chars, a.source.iter().copied()),
            cue: normalise(chars, a.cue.iter().copied()),
            content: normalise(chars, a.content.iter().copied()),
            quoted: a.is_quoted(chars),
        })
        .collect();
    let predicted_items: Vec<Item> = extraction
        .statements
        .iter()
        .map(|s| Item {
            source: normalise(chars, s.sources.iter().map(to_fragment)),
            cue: normalise(chars, s.cue.iter().map(to_fragment)),
            content: normalise(chars, s.contents.iter().map(to_fragment)),
            quoted: matches!(s.kind, StatementKind::Direct | StatementKind::Mixed),
        })
        .collect();
    (gold_items, predicted_items)
}

/// For each statement of `extraction`, whether the one-to-one attribution matching of
/// [`score`] pairs it with a gold attribution of `article`.
pub fn matched_statements(article: &GoldArticle, extraction: &Extraction) -> Vec<bool> {
    let chars: Vec<char> = article.text.chars().collect();
    let (gold_items, predicted_items) = items(article, &chars, extraction);
    let all_gold: Vec<usize> = (0..gold_items.len()).collect();
    let all_predicted: Vec<usize> = (0..predicted_items.len()).collect();
    match_attributions(&gold_items, &predicted_items, &all_gold, &all_predicted).2
}

fn score_article(article: &GoldArticle, extraction: &Extraction) -> ArticleScore {
    let chars: Vec<char> = article.text.chars().collect();
    let to_fragment = |s: &Span| Fragment::new(s.start, s.end);

    let offset_mismatches = extraction
        .statements
        .iter()
        .flat_map(|st| st.cue.iter().chain(&st.contents).chain(&st.sources))
        .filter(|s| !s.text.is_empty() && s.text != to_fragment(s).text(&chars))
        .count();

    let gold_role = |role: fn(&GoldAttribution) -> &Vec<Fragment>| {
        article
            .attributions
            .iter()
            .flat_map(move |a| role(a).iter().copied())
    };
    let st = &extraction.statements;
    let source = role_counts(
        &chars,
        gold_role(|a| &a.source),
        st.iter().flat_map(|s| s.sources.iter().map(to_fragment)),
    );
    let cue = role_counts(
        &chars,
        gold_role(|a| &a.cue),
        st.iter().flat_map(|s| s.cue.iter().map(to_fragment)),
    );
    let content = role_counts(
        &chars,
        gold_role(|a| &a.content),
        st.iter().flat_map(|s| s.contents.iter().map(to_fragment)),
    );

    let (gold_items, predicted_items) = items(article, &chars, extraction);
    let all_gold: Vec<usize> = (0..gold_items.len()).collect();
    let all_predicted: Vec<usize> = (0..predicted_items.len()).collect();
    let (attribution, gold_matched, predicted_matched) =
        match_attributions(&gold_items, &predicted_items, &all_gold, &all_predicted);
    let quoted =
        |items: &[Item]| -> Vec<usize> { (0..items.len()).filter(|&i| items[i].quoted).collect() };
    let quoted_gold = quoted(&gold_items);
    let quoted_predicted = quoted(&predicted_items);
    // Both quoted subsets take the same predicted statements.
    let strict_gold: Vec<usize> = (0..article.attributions.len())
        .filter(|&g| article.attributions[g].is_quoted_strict(&chars))
        .collect();
    let (quoted, _, _) = match_attributions(
        &gold_items,
        &predicted_items,
        &quoted_gold,
        &quoted_predicted,
    );
    let (quoted_strict, _, _) = match_attributions(
        &gold_items,
        &predicted_items,
        &strict_gold,
        &quoted_predicted,
    );

    let mut missed_quoted = 0;
    let mut missed_unquoted = 0;
    let mut missed_cues = Vec::new();
    let mut missed_by = Reasons::default();
    let mut spurious_by = Reasons::default();
    for (p, item) in predicted_items.iter().enumerate() {
        if !predicted_matched[p] {
            spurious_by.count(item, &gold_items, false);
        }
    }
    for (g, attribution) in article.attributions.iter().enumerate() {
        if gold_matched[g] {
            continue;
        }
        missed_by.count(&gold_items[g], &predicted_items, true);
        if gold_items[g].quoted {
            missed_quoted += 1;
        } else {
            missed_unquoted += 1;
        }
        missed_cues.push(attribution.cue_key(&chars));
    }
    let spurious_cues = st
        .iter()
        .zip(&predicted_matched)
        .filter(|(_, matched)| !**matched)
        .map(|(s, _)| {
            let cue: Vec<Fragment> = s.cue.iter().map(to_fragment).collect();
            cue_key(&chars, &cue)
        })
        .collect();

    ArticleScore {
        source,
        cue,
        content,
        attribution,
        quoted,
        quoted_strict,
        offset_mismatches,
        gold_quoted: quoted_gold.len(),
        missed_quoted,
        missed_unquoted,
        missed_by,
        spurious_by,
        missed_cues,
        spurious_cues,
    }
}

/// Exact and overlap counts for one role, from the raw gold and predicted fragments.
fn role_counts(
    chars: &[char],
    gold: impl Iterator<Item = Fragment>,
    predicted: impl Iterator<Item = Fragment>,
) -> (Prf, Prf) {
    let prepare = |spans: &mut dyn Iterator<Item = Fragment>| -> Vec<Fragment> {
        let set: BTreeSet<Fragment> = spans
            .filter(|f| !f.is_empty())
            .map(|f| trim(chars, f))
            .filter(|f| !f.is_empty())
            .collect();
        set.into_iter().collect()
    };
    let (mut gold, mut predicted) = (gold, predicted);
    let gold = prepare(&mut gold);
    let predicted = prepare(&mut predicted);

    let gold_set: HashSet<&Fragment> = gold.iter().collect();
    let exact_tp = predicted.iter().filter(|p| gold_set.contains(p)).count();
    let exact = Prf::from_matching(gold.len(), predicted.len(), exact_tp);

    let edges: Vec<Vec<(usize, usize)>> = gold
        .iter()
        .map(|g| {
            predicted
                .iter()
                .enumerate()
                .map(|(i, p)| (i, g.overlap(p)))
                .filter(|&(_, o)| o > 0)
                .collect()
        })
        .collect();
    let overlap_tp = max_matching(gold.len(), predicted.len(), &edges)
        .iter()
        .filter(|m| m.is_some())
        .count();
    let overlap = Prf::from_matching(gold.len(), predicted.len(), overlap_tp);
    (exact, overlap)
}

fn pct(x: f64) -> String {
    format!("{:.1}", 100.0 * x)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} articles, {} gold attributions, {} predicted statements",
            self.articles, self.gold_attributions, self.predicted_statements
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "{:<12} {:<8} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "", "match", "gold", "pred", "TP", "FP", "FN", "P%", "R%", "F1%"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, kind: &str, s: &Prf| {
            writeln!(
                f,
                "{:<12} {:<8} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
                name,
                kind,
                s.gold(),
                s.predicted(),
                s.tp,
                s.fp,
                s.fn_,
                pct(s.precision()),
                pct(s.recall()),
                pct(s.f1())
            )
        };
        for (name, r) in [
            ("source", &self.source),
            ("cue", &self.cue),
            ("content", &self.content),
        ] {
            row(f, name, "exact", &r.exact)?;
            row(f, name, "overlap", &r.overlap)?;
        }
        row(f, "attribution", "", &self.attribution)?;
        row(f, "quoted", "", &self.quoted)?;
        row(f, "quoted", "strict", &self.quoted_strict)?;
        let e = &self.errors;
        writeln!(f)?;
        writeln!(
            f,
            "missed attributions: {} of {} quoted, {} of {} unquoted",
            e.missed_quoted, e.gold_quoted, e.missed_unquoted, e.gold_unquoted
        )?;
        let list = |v: &[(String, usize)]| {
            v.iter()
                .take(10)
                .map(|(cue, n)| format!("{cue} ({n})"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let reasons = |r: &Reasons| {
            format!(
                "cue not found {}, content not covered {}, source not found {}, \
                 paired with another {}",
                r.cue, r.content, r.source, r.paired_elsewhere
            )
        };
        writeln!(f, "missed, by reason: {}", reasons(&e.missed_by))?;
        writeln!(f, "spurious, by reason: {}", reasons(&e.spurious_by))?;
        if !e.top_missed_cues.is_empty() {
            writeln!(f, "most missed cues: {}", list(&e.top_missed_cues))?;
        }
        if !e.top_spurious_cues.is_empty() {
            writeln!(f, "most spurious cues: {}", list(&e.top_spurious_cues))?;
        }
        if self.offset_mismatches > 0 {
            writeln!(
                f,
                "warning: {} predicted spans have a text that differs from the article at \
                 their offsets",
                self.offset_mismatches
            )?;
        }
        if !self.ignored_predictions.is_empty() {
            writeln!(
                f,
                "warning: {} predictions ignored (unknown or duplicate article): {}",
                self.ignored_predictions.len(),
                self.ignored_predictions
                    .iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )?;
        }
        Ok(())
    }
}
