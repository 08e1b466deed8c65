//! whosaid's model trainers. It owns learning the weights of the two models that ship inside
//! whosaid, from the public corpora, reproducibly: the same data and options give the same
//! model bytes.
//!
//! - [`tagger`]: the part-of-speech tagger, a greedy averaged perceptron over Penn Treebank
//!   tags, on UD English-EWT train (dev chooses the epoch), with training variants that look
//!   like news (hyphenated words joined, headlines) and its accuracy ([`tagger::accuracy`]);
//! - [`parser`]: the dependency parser, a greedy arc-hybrid averaged perceptron with a dynamic
//!   oracle, on UD English-EWT train with the tagger's tags (dev chooses the epoch), and its
//!   attachment scores ([`parser::Scores`]);
//! - [`roles`]: the attribution-role labeller, a two-pass structured averaged perceptron, on
//!   PolNeAR train (dev chooses the epochs), with the alignment of gold spans to tokens and
//!   the labelling scores ([`roles::Scores`]) epochs are chosen by.
//!
//! The runtime crates (`whosaid-tagger`, `whosaid-attribution`) hold the models and what
//! both labelling and training compute (the features, decoding, the model file); each exposes
//! a narrow `training` module for this crate. Corpus reading is `whosaid-corpora`'s. So a
//! program that only labels text compiles neither the trainers nor a corpus reader.
//!
//! `whosaid train` runs [`tagger::train_default`] and [`roles::train_default`], which write
//! the model files into a directory of the caller's choice.

#![deny(missing_docs)]

mod error;
mod keys;
pub mod parser;
pub mod roles;
pub mod tagger;

pub use error::Error;

use std::path::Path;

/// Writes `bytes` to the file `path`, creating its directory if needed.
fn write_model(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| Error::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(path, bytes).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}
