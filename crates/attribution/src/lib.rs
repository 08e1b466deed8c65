//! whosaid's attribution-role labeller. It owns a learned sequence labeller that marks every
//! token of an article as part of a **source** (who speaks), a **cue** (the words that signal
//! speech: `said`, `according to`, a colon) or a **content** (what was said), in BIO form
//! ([`Role`]), one paragraph at a time; the alignment of gold char-offset spans to whosaid's
//! tokens ([`gold_roles`]); the two-pass structured averaged-perceptron training that learns it
//! in Rust from PolNeAR train, epochs chosen on dev ([`train`], [`train_on`]); the word lists
//! its features consult (a reporting-verb lexicon, and WordNet's lexicographer classes in
//! `data/wordnet-classes.tsv`); the token-level and exact-span scores it is tuned by
//! ([`Scores`]); and the shipped model, embedded in the binary ([`Labeller::default_model`]).
//! It does not group labels into statements nor resolve who a source is: that stays with the
//! extractor, which can take these labels as evidence.
//!
//! Use: parse with [`whosaid_text::Document::parse`], tag with [`tag_document`] (or reuse the
//! tags you already have, one per token), then [`Labeller::label`].

mod align;
mod eval;
mod features;
mod gold;
mod lexicon;
mod model;
mod role;
mod stack;
mod train;
mod wordnet;

pub use align::gold_roles;
pub use eval::{Prf, Scores};
pub use gold::{load_polnear, GoldDocument, GoldSpan};
pub use lexicon::is_reporting_verb;
pub use model::{Labeller, ModelError};
pub use role::{repair, spans, Kind, Role};
pub use train::{
    evaluate, tag_document, train, train_on, EpochReport, Error, Report, TrainOptions,
};

/// Where the shipped model lives, for the training example that rebuilds it.
pub fn default_model_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/polnear-roles.bin")
}
