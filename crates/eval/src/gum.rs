//! Speaker resolution measured on GUM's gold coreference.
//!
//! PolNeAR marks sources as written ("he", "the candidate") and has no coreference, so it cannot
//! tell whether whosaid resolved "he" to the right person. GUM can: its `Entity=` annotation
//! gives every mention of a person, organisation, … and groups them into chains. Each
//! document's text is rebuilt from its tokens (by `whosaid_corpora::gum`, which loads them),
//! the extractor runs on it, and the entity whosaid links each pronoun or description to is
//! checked against the gold chain of that mention.
//!
//! # Definitions
//! Mentions (whosaid's and gold) are classed by their words ([`classify`]):
//! - **pronoun**: a single third-person personal, possessive or reflexive pronoun (`he`, `him`,
//!   `his`, `himself`, `she`, …, `it`, `its`, `they`, `them`, `their`, …);
//! - **description**: starts with `the`, `a`, `an`, `this`, `that`, `these` or `those` and its
//!   head — the last word before a comma, a preposition or a relative pronoun — is lowercase
//!   ("the former ambassador to Kabul", but not "The New York Times");
//! - **named**: otherwise, when a word starts with a capital letter. For gold mentions *named*
//!   means instead that a token of the mention is tagged `PROPN`, which the treebank gives us.
//!
//! For each whosaid entity, its **anchors** are its named mentions, or its first mention (by
//! position) when it has none. Every other mention of the entity that is a pronoun or a
//! description is a **resolution**: whosaid claims it refers to the anchors' referent.
//!
//! A resolution is matched to one gold mention: among the gold mentions sharing a char with it,
//! the one with the same boundaries if any, else the largest overlap, then the closest length.
//! It is **correct** when some anchor shares a char with another gold mention of that gold
//! mention's chain. It is wrong when no gold mention overlaps it (`unmatched`, e.g. a
//! pleonastic "it" — GUM does not mark those) or the anchors touch no mention of its chain.
//!
//! A **candidate** is a gold pronoun or description of a `person` or `organization` chain that
//! has a named gold mention earlier in the same chain: a mention a speaker resolver ought to
//! resolve. A candidate is **covered** when some resolution is matched to it.
//!
//! `accuracy = correct / resolved`, `coverage = covered / candidates`. whosaid only builds
//! entities for speakers and their antecedents, so coverage is bounded well below 1 by design;
//! it is meant for comparing versions of whosaid, not as an absolute figure.

use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use whosaid_corpora::spans::{is_edge_punctuation, is_quote_mark, Fragment};
use whosaid_corpora::CorpusError;
use whosaid_extract::{Extraction, Extractor};

pub use whosaid_corpora::gum::{GoldMention, GumDocument};

/// The genres speaker resolution is measured on: the ones written like news.
pub const SPEAKER_GENRES: &[&str] = &["news", "interview"];

/// The split speaker resolution is measured on, inside the GUM directory. Dev, not test: this
/// is the figure whosaid is tuned against.
pub const DEV_FILE: &str = "en_gum-ud-dev.conllu";

/// Loads the news and interview documents of GUM's dev split from `gum_dir` (the
/// `ud_english_gum/` folder) and scores `extractor`'s speaker resolution on them.
pub fn run(extractor: &Extractor, gum_dir: &Path) -> Result<ResolutionReport, CorpusError> {
    let docs = whosaid_corpora::gum::load(&gum_dir.join(DEV_FILE), SPEAKER_GENRES)?;
    Ok(score_speaker_resolution(extractor, &docs))
}

/// How a mention refers, judged from its words (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionClass {
    /// A single third-person pronoun.
    Pronoun,
    /// A determiner and a lowercase head.
    Description,
    /// A name.
    Named,
    /// Anything else.
    Other,
}

const PRONOUNS: &[&str] = &[
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
];

const DETERMINERS: &[&str] = &["the", "a", "an", "this", "that", "these", "those"];

/// Words after which a description's head has been passed.
const HEAD_STOPS: &[&str] = &[
    "of", "who", "whom", "whose", "which", "that", "from", "in", "at", "for", "with", "on", "to",
    "by", "and", "or", "as",
];

/// Classes a mention by its text (see the module documentation).
pub fn classify(text: &str) -> MentionClass {
    let words: Vec<(&str, bool)> = text
        .split_whitespace()
        .map(|w| {
            let trimmed = w.trim_matches(|c: char| is_quote_mark(c) || is_edge_punctuation(c));
            (trimmed, w.ends_with(','))
        })
        .filter(|(w, _)| !w.is_empty())
        .collect();
    let Some(&(first, _)) = words.first() else {
        return MentionClass::Other;
    };
    let first_lower = first.to_lowercase();
    if words.len() == 1 && PRONOUNS.contains(&first_lower.as_str()) {
        return MentionClass::Pronoun;
    }
    if words.len() >= 2 && DETERMINERS.contains(&first_lower.as_str()) {
        let mut head = None;
        for &(w, comma) in &words[1..] {
            if HEAD_STOPS.contains(&w.to_lowercase().as_str()) {
                break;
            }
            head = Some(w);
            if comma {
                break;
            }
        }
        if head.is_some_and(|h| h.chars().next().is_some_and(char::is_lowercase)) {
            return MentionClass::Description;
        }
    }
    if words
        .iter()
        .any(|(w, _)| w.chars().next().is_some_and(char::is_uppercase))
    {
        MentionClass::Named
    } else {
        MentionClass::Other
    }
}

/// Accuracy and coverage of speaker resolution (definitions in the module documentation).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ResolutionReport {
    /// Documents scored.
    pub documents: usize,
    /// whosaid's pronoun and description mentions linked to an anchor.
    pub resolved: usize,
    /// Resolutions whose anchors touch the gold chain of the resolved mention.
    pub correct: usize,
    /// Resolutions that overlap no gold mention at all (counted as wrong).
    pub unmatched: usize,
    /// Gold pronouns and descriptions of person/organization chains with a named antecedent.
    pub candidates: usize,
    /// Candidates matched by at least one resolution.
    pub covered: usize,
    /// `correct / resolved` (0 when nothing was resolved).
    pub accuracy: f64,
    /// `covered / candidates` (0 when there are no candidates).
    pub coverage: f64,
}

impl fmt::Display for ResolutionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "speaker resolution on {} GUM documents: accuracy {:.1}% ({} of {} resolved, {} \
             unmatched), coverage {:.1}% ({} of {} candidates)",
            self.documents,
            100.0 * self.accuracy,
            self.correct,
            self.resolved,
            self.unmatched,
            100.0 * self.coverage,
            self.covered,
            self.candidates
        )
    }
}

/// Runs `extractor` on every document (in parallel) and scores its speaker resolution.
pub fn score_speaker_resolution(extractor: &Extractor, docs: &[GumDocument]) -> ResolutionReport {
    let extractions: Vec<Extraction> = docs
        .par_iter()
        .map(|d| extractor.extract(&d.text))
        .collect();
    score_resolutions(docs, &extractions)
}

/// Scores extractions already made, `extractions[i]` being the output for `docs[i]` (missing
/// ones count as empty).
pub fn score_resolutions(docs: &[GumDocument], extractions: &[Extraction]) -> ResolutionReport {
    let mut report = ResolutionReport {
        documents: docs.len(),
        ..ResolutionReport::default()
    };
    let empty = Extraction::default();
    for (i, doc) in docs.iter().enumerate() {
        score_document(doc, extractions.get(i).unwrap_or(&empty), &mut report);
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    report.accuracy = ratio(report.correct, report.resolved);
    report.coverage = ratio(report.covered, report.candidates);
    report
}

fn score_document(doc: &GumDocument, extraction: &Extraction, report: &mut ResolutionReport) {
    let gold = &doc.mentions;
    let classes: Vec<MentionClass> = gold.iter().map(|m| classify(&m.text)).collect();
    let candidates: HashSet<usize> = (0..gold.len())
        .filter(|&g| {
            let m = &gold[g];
            matches!(m.entity_type.as_str(), "person" | "organization")
                && matches!(
                    classes[g],
                    MentionClass::Pronoun | MentionClass::Description
                )
                && gold
                    .iter()
                    .any(|a| a.chain == m.chain && a.named && a.start < m.start)
        })
        .collect();
    report.candidates += candidates.len();

    let mut covered = HashSet::new();
    for entity in &extraction.entities {
        let mut mentions: Vec<(Fragment, MentionClass)> = entity
            .mentions
            .iter()
            .map(|s| (Fragment::new(s.start, s.end), classify(&s.text)))
            .filter(|(f, _)| !f.is_empty())
            .collect();
        mentions.sort_by_key(|(f, _)| *f);
        mentions.dedup_by_key(|(f, _)| *f);
        let named: Vec<Fragment> = mentions
            .iter()
            .filter(|(_, c)| *c == MentionClass::Named)
            .map(|(f, _)| *f)
            .collect();
        let anchors = if named.is_empty() {
            mentions.first().map(|(f, _)| vec![*f]).unwrap_or_default()
        } else {
            named
        };
        for (fragment, class) in &mentions {
            if anchors.contains(fragment)
                || !matches!(class, MentionClass::Pronoun | MentionClass::Description)
            {
                continue;
            }
            report.resolved += 1;
            let Some(g) = best_gold(gold, fragment) else {
                report.unmatched += 1;
                continue;
            };
            if candidates.contains(&g) {
                covered.insert(g);
            }
            let chain = &gold[g].chain;
            let correct = anchors.iter().any(|a| {
                gold.iter()
                    .enumerate()
                    .any(|(k, m)| k != g && &m.chain == chain && m.fragment().overlap(a) > 0)
            });
            if correct {
                report.correct += 1;
            }
        }
    }
    report.covered += covered.len();
}

/// The gold mention a predicted mention stands for: same boundaries if any, else the largest
/// overlap, then the closest length, then the earliest.
fn best_gold(gold: &[GoldMention], mention: &Fragment) -> Option<usize> {
    gold.iter()
        .enumerate()
        .filter_map(|(k, m)| {
            let overlap = m.fragment().overlap(mention);
            (overlap > 0).then(|| {
                let exact = m.start == mention.start && m.end == mention.end;
                let diff = m.fragment().len().abs_diff(mention.len());
                (
                    k,
                    (
                        exact,
                        overlap,
                        std::cmp::Reverse(diff),
                        std::cmp::Reverse(k),
                    ),
                )
            })
        })
        .max_by_key(|(_, key)| *key)
        .map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(classify("he"), MentionClass::Pronoun);
        assert_eq!(classify("Their"), MentionClass::Pronoun);
        assert_eq!(classify("the former ambassador"), MentionClass::Description);
        assert_eq!(
            classify("the ambassador of Afghanistan"),
            MentionClass::Description
        );
        assert_eq!(classify("The New York Times"), MentionClass::Named);
        assert_eq!(classify("Ambassador Mohib"), MentionClass::Named);
        assert_eq!(classify("officials"), MentionClass::Other);
    }
}
