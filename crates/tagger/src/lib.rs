//! whosaid's part-of-speech tagger. It owns the Penn Treebank tag set ([`Tag`]), a greedy
//! averaged-perceptron tagger ([`Tagger`]) trained on UD English-EWT's XPOS column, the
//! shipped model (embedded in the binary, so tagging needs no data files), and the loading of
//! retrained models from their files ([`Tagger::from_file`]). Input is one sentence of tokens
//! as whosaid's tokenizer splits them; output is one [`Tag`] per token.
//!
//! ```
//! use whosaid_tagger::{Tag, Tagger};
//!
//! let tagger = Tagger::default_model();
//! let tags = tagger.tag(&["Rutte", "said", "the", "talks", "failed", "."]);
//! assert_eq!(tags[1], Tag::VBD);
//! ```
//!
//! Training is not here: `whosaid-train` learns the weights through the narrow interface of
//! [`training`] (the feature keys of a sentence, [`Tagger::from_weights`]), so that the tagger
//! compiles no trainer and depends on no corpus reader. Model files share their header,
//! checksum and errors ([`ModelError`]) with the labeller's, through `whosaid-modelfile`.
//!
//! Layout: `tag` (the tag set), `token` (what one token is reduced to: normalised form,
//! hashes, flags), `features` (the feature keys of a position), `table` (the hash table of
//! the dictionary and classes), `model` (the weight table, greedy decoding, the model file),
//! `training` (the trainer's interface).

#![deny(missing_docs)]

mod features;
mod model;
mod table;
mod tag;
mod token;
pub mod training;

pub use model::Tagger;
pub use tag::{Tag, UnknownTag};
pub use token::normalize;
pub use whosaid_modelfile::{ModelError, ModelErrorKind};
