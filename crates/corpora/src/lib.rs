//! The annotated corpora whosaid's models are trained on and its output is scored against, and
//! how results are counted against them. It owns reading the corpora and nothing about what is
//! done with them:
//!
//! - [`polnear`]: PolNeAR's BRAT attribution files (with their format traps), as gold
//!   attributions over char-offset [`Fragment`]s ([`spans`]);
//! - [`conllu`]: the CoNLL-U reader both treebanks are read with;
//! - [`gum`]: GUM's documents and gold coreference chains, from its CoNLL-U files;
//! - [`Prf`]: true and false positives and false negatives, and the figures computed from them;
//! - [`shared_data`]: where tests find the corpora, and what they do when they are absent.
//!
//! It depends on nothing of whosaid's, so that both the scorer (`whosaid-eval`) and the model
//! trainers (`whosaid-train`) can use it without depending on the extractor they evaluate or
//! feed, and the runtime crates (the tagger, the labeller, the extractor) never depend on it.

#![deny(missing_docs)]

pub mod conllu;
mod error;
pub mod gum;
pub mod polnear;
mod prf;
mod shared_data;
pub mod spans;

pub use error::{read_to_string, CorpusError};
pub use polnear::{GoldArticle, GoldAttribution};
pub use prf::Prf;
pub use shared_data::shared_data;
pub use spans::Fragment;
