//! whosaid's scorer. It owns everything between gold annotations and the figures `whosaid eval`
//! prints: loading PolNeAR's BRAT attribution files (with their format traps) and GUM's CoNLL-U
//! coreference, turning an [`Extraction`] into role spans, matching
//! predictions to gold one-to-one, and reporting micro-averaged precision, recall and F1 per role
//! (source, cue, content; exact and overlap), per attribution and on the quoted subset, plus the
//! accuracy and coverage of speaker resolution. It knows nothing about how extraction works: the
//! same code scores whosaid's own output, run in-process, and any other system's JSONL output in
//! the `whosaid extract --format jsonl` format.
//!
//! It also scores main-text extraction from HTML against the news-html gold bodies
//! ([`main_text`]).
//!
//! Entry points: [`run_polnear`] and [`score_jsonl`] for PolNeAR, [`score`] for predictions you
//! already hold, and [`gum::run`] (or [`gum::load`] + [`gum::score_speaker_resolution`]) for
//! speaker resolution.

pub mod gum;
mod jsonl;
pub mod main_text;
mod matching;
mod score;

pub use jsonl::{article_name, read_jsonl, score_jsonl};
pub use score::{score, Counts, ErrorAnalysis, Prf, Reasons, Report, RoleScores};
pub use whosaid_corpora::{polnear, spans, CorpusError, Fragment, GoldArticle, GoldAttribution};

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
