//! whosaid's dependency parser. It owns the relations it predicts ([`DepLabel`], UD
//! English-EWT's, subtypes included), the trees of a document ([`Parse`]: each token's head and
//! relation, each token's children), a greedy transition-based parser ([`Parser`]) trained on
//! UD English-EWT, the shipped model (embedded in the binary, so parsing needs no data files),
//! and the loading of retrained models from their files ([`Parser::from_file`]).
//!
//! ```
//! use whosaid_parser::{DepLabel, Parser};
//! use whosaid_tagger::Tagger;
//! use whosaid_text::Document;
//!
//! let doc = Document::parse("Rutte said the talks failed.");
//! let words: Vec<&str> = (0..doc.tokens.len()).map(|k| doc.token_text(k)).collect();
//! let tags = Tagger::default_model().tag(&words);
//! let parse = Parser::default_model().parse(&doc, &tags);
//! assert_eq!(parse.head(0), Some(1)); // Rutte ← said
//! assert_eq!(parse.label(0), DepLabel::NSUBJ);
//! assert_eq!(parse.head(1), None); // said is the root
//! ```
//!
//! # Why
//!
//! The role labeller sees a few tokens around each token; who said what is a matter of syntax:
//! the subject of a cue verb, its clausal complement, the head of an appositive, what "according
//! to" hangs from. A parse gives those directly, however far apart the words are.
//!
//! # How
//!
//! The arc-hybrid transition system (Kuhlmann et al. 2011; `system`), decoded greedily: at
//! each step the parser scores `Shift`, `Left` and `Right` with a linear model over hashed
//! features of the stack and buffer (Zhang and Nivre 2011, reduced; `features`) and takes the
//! best valid one; when a transition builds an arc, a second linear model chooses its
//! relation. The weights are averaged-perceptron weights quantised to 13-bit integers, trained
//! with a dynamic oracle (Goldberg and Nivre 2012) in `whosaid-train`.
//!
//! # Bounds
//!
//! A sentence of `n` tokens takes exactly `2n − 1` transitions (each token is shifted once and
//! popped once); each transition computes a fixed number of feature keys and looks each up
//! once, and each arc's relation likewise. So parsing is linear in the number of tokens,
//! whatever the input (a 100,000-token paragraph, a sentence without punctuation, nothing but
//! quotation marks), its memory is linear in the longest sentence, and nothing recurses.
//!
//! Layout: `label` (the relations), `parse` (the trees), `system` (the transition system),
//! `features` (the feature keys), `model` (the weight tables and parsing), `file` (the model
//! file), `training` (the trainer's interface).

#![deny(missing_docs)]

mod features;
mod file;
mod label;
mod model;
mod parse;
mod system;
pub mod training;

pub use label::DepLabel;
pub use model::Parser;
pub use parse::Parse;
pub use whosaid_modelfile::{ModelError, ModelErrorKind};
