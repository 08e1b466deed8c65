//! Loaders for the annotated corpora that whosaid's models are trained on and its output is
//! scored against: PolNeAR's BRAT attribution files (with their format traps), as gold
//! attributions over char-offset [`Fragment`]s. It depends on nothing of whosaid's, so that
//! both the scorer (`whosaid-eval`) and the model trainers can use it without depending on the
//! extractor they evaluate or feed.

mod error;
pub mod polnear;
pub mod spans;

pub use error::{read_to_string, CorpusError};
pub use polnear::{GoldArticle, GoldAttribution};
pub use spans::Fragment;
