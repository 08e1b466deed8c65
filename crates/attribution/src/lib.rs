//! whosaid's attribution-role labeller. It owns a learned sequence labeller that marks every
//! token of an article as part of a **source** (who speaks), a **cue** (the words that signal
//! speech: `said`, `according to`, a colon) or a **content** (what was said), in BIO form
//! ([`Role`]), one paragraph at a time; the word lists its features consult (a reporting-verb
//! lexicon, and WordNet's lexicographer classes in `data/wordnet-classes.tsv`); the shipped
//! model, embedded in the binary ([`Labeller::default_model`]); and the loading of retrained
//! models from their files ([`Labeller::from_file`]). It does not group labels into
//! statements nor resolve who a source is: that stays with the extractor, which can take these
//! labels as evidence.
//!
//! Use: parse with [`whosaid_text::Document::parse`], tag with [`tag_document`] (or reuse the
//! tags you already have, one per token), then [`Labeller::label`]:
//!
//! ```
//! use whosaid_attribution::{spans, tag_document, Kind, Labeller};
//! use whosaid_parser::Parser;
//! use whosaid_tagger::Tagger;
//! use whosaid_text::Document;
//!
//! let doc = Document::parse("“We will win,” the governor told reporters.");
//! let tags = tag_document(Tagger::default_model(), &doc);
//! let parse = Parser::default_model().parse(&doc, &tags);
//! let roles = Labeller::default_model().label(&doc, &tags, &parse);
//! let cues: Vec<&str> = spans(&roles)
//!     .into_iter()
//!     .filter(|(kind, _)| *kind == Kind::Cue)
//!     .map(|(_, tokens)| &doc.text[doc.byte_range(tokens)])
//!     .collect();
//! assert_eq!(cues, ["told"]);
//! ```
//!
//! Training is not here: `whosaid-train` learns the weights (a two-pass structured averaged
//! perceptron on PolNeAR train, epochs chosen on dev) through the narrow interface of
//! [`training`], so that the labeller compiles no trainer and depends on no corpus reader.
//! Model files share their header, checksum and errors ([`ModelError`]) with the tagger's,
//! through `whosaid-modelfile`.
//!
//! Layout: `role` (the labels), `lexicon` and `wordnet` (the word lists), `features` (the
//! first pass's features of a token in its paragraph), `stack` (the second pass's, from the
//! first pass's labels), `model` (the weights, Viterbi, the model file), `training` (the
//! trainer's interface).

#![deny(missing_docs)]

mod boundaries;
mod features;
mod lexicon;
mod model;
mod role;
mod stack;
pub mod training;
mod wordnet;

pub use boundaries::{
    best_candidate, move_span, span_choices, trim_span, Boundaries, BoundaryChoice, SpanChoices,
    MOVED, REACH,
};
pub use lexicon::{inflections, is_reporting_verb};
pub use model::Labeller;
pub use role::{repair, spans, Kind, Role};
pub use whosaid_modelfile::{ModelError, ModelErrorKind};

use whosaid_tagger::{Tag, Tagger};
use whosaid_text::Document;

/// Tags a document sentence by sentence with `tagger`, as the extractor does: one tag per
/// token, what [`Labeller::label`] takes.
pub fn tag_document(tagger: &Tagger, doc: &Document) -> Vec<Tag> {
    let mut tags = Vec::with_capacity(doc.tokens.len());
    let mut words: Vec<&str> = Vec::new();
    let mut sentence_tags = Vec::new();
    for sentence in &doc.sentences {
        words.clear();
        words.extend(sentence.tokens.clone().map(|k| doc.token_text(k)));
        tagger.tag_into(&words, &mut sentence_tags);
        tags.extend_from_slice(&sentence_tags);
    }
    tags.resize(doc.tokens.len(), Tag::NN);
    tags
}
