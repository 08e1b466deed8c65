//! whosaid's scorer. It owns everything between gold annotations and the figures `whosaid eval`
//! prints: turning an [`Extraction`] into role spans, matching predictions to gold one-to-one,
//! and reporting micro-averaged precision, recall and F1 per role (source, cue, content; exact
//! and overlap), per attribution and on the quoted subset, plus the accuracy and coverage of
//! speaker resolution. Reading the gold data (PolNeAR's BRAT files, GUM's CoNLL-U coreference)
//! belongs to `whosaid-corpora`; this crate scores against what it loads. It knows nothing
//! about how extraction works: the same code scores whosaid's own output, run in-process, and
//! any other system's JSONL output in the `whosaid extract --format jsonl` format.
//!
//! It also scores main-text extraction from HTML against the news-html gold bodies
//! ([`main_text`]).
//!
//! Entry points: [`run_polnear`] and [`score_jsonl`] for PolNeAR, [`score`] for predictions you
//! already hold, and [`gum::run`] (or [`gum::score_speaker_resolution`] on documents from
//! `whosaid_corpora::gum::load`) for speaker resolution.
//!
//! Layout: `score` (the PolNeAR report and role spans), `items` (attribution matching),
//! `analysis` (why attributions were missed), `matching` (maximum bipartite matching), `jsonl`
//! (predictions from files), [`gum`], [`main_text`].

#![deny(missing_docs)]

mod analysis;
pub mod cv;
pub mod gum;
mod items;
mod jsonl;
pub mod main_text;
mod matching;
pub mod news;
mod score;

pub use analysis::{ErrorAnalysis, Reasons};
pub use jsonl::{article_name, read_jsonl, score_jsonl};
pub use score::{matched_statements, score, Report, RoleScores};
pub use whosaid_corpora::{
    polnear, spans, CorpusError, Fragment, GoldArticle, GoldAttribution, Prf,
};

use rayon::prelude::*;
use std::path::Path;
use whosaid_extract::{Extraction, Extractor};

/// Runs `extractor` over every article of a PolNeAR split (`gold_dir` is e.g. `polnear/dev`,
/// with `metadata.tsv` in its parent) and scores the output against the first listed
/// annotator's attributions. Articles are extracted in parallel; the report does not depend on
/// the order in which they finish.
pub fn run_polnear(extractor: &Extractor, gold_dir: &Path) -> Result<Report, CorpusError> {
    let gold = polnear::load(gold_dir)?;
    let predicted: Vec<(String, Extraction)> = gold
        .par_iter()
        .map(|article| (article.name.clone(), extractor.extract(&article.text)))
        .collect();
    Ok(score(&gold, &predicted))
}
