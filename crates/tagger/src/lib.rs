//! whosaid's part-of-speech tagger. It owns the Penn Treebank tag set ([`Tag`]), a greedy
//! averaged-perceptron tagger ([`Tagger`]) trained in Rust on UD English-EWT's XPOS column, the
//! shipped model (embedded in the binary, so tagging needs no data files), the training entry
//! points ([`train`], [`train_default`]) that rebuild it reproducibly, and the small CoNLL-U
//! reader ([`conllu`]) they need. Input is one sentence of tokens as whosaid's tokenizer splits
//! them; output is one [`Tag`] per token.

#![warn(missing_docs)]

pub mod augment;
pub mod conllu;
mod features;
mod model;
mod table;
mod tag;
mod train;

pub use features::normalize;
pub use model::{Accuracy, ModelError, Tagger};
pub use tag::{Tag, UnknownTag};
pub use train::{
    default_model_path, train, train_default, train_on, Error, TrainOptions, TrainReport,
};
