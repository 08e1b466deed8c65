//! What a trainer needs from the labeller, and nothing that labelling does not also use: the
//! row indexes of every token's features in each pass, Viterbi decoding under BIO
//! constraints, and [`Labeller::from_passes`](crate::Labeller::from_passes) to build a
//! labeller from learned weights. The training itself (the structured perceptron, the gold
//! data, the choice of epochs) lives in `whosaid-train`, so that this crate compiles no
//! trainer and depends on no corpus reader.
//!
//! A pass scores a token by summing one weight row per feature; a feature is a hash whose top
//! `bits` bits are its row index. The first pass uses [`FIRST_WIDTH`] features per token; the
//! second, stacked pass [`SECOND_WIDTH`]: the local ones of the first, and features of the
//! labels the first pass gave around the token ([`ParagraphFeatures::second_pass`]).
//!
//! ```
//! use whosaid_attribution::training::{Featurizer, FIRST_WIDTH};
//! use whosaid_attribution::tag_document;
//! use whosaid_parser::Parser;
//! use whosaid_tagger::Tagger;
//! use whosaid_text::Document;
//!
//! let doc = Document::parse("“We will win,” the governor said.");
//! let tags = tag_document(Tagger::default_model(), &doc);
//! let parse = Parser::default_model().parse(&doc, &tags);
//! let mut featurizer = Featurizer::default();
//! let tokens = doc.paragraphs[0].tokens.clone();
//! let paragraph = featurizer.paragraph(&doc, &tags, &parse, tokens, 18);
//! assert_eq!(paragraph.first_pass().len(), doc.tokens.len() * FIRST_WIDTH);
//! ```

use std::ops::Range;

use whosaid_parser::Parse;
use whosaid_tagger::Tag;
use whosaid_text::Document;

use crate::features::{paragraph_features, Scratch, StackInfo, N_FEATURES};
use crate::model::{combine, Labeller};
use crate::role::Role;
use crate::stack::stacked_features;

pub use crate::model::{viterbi, DecodeBuffers, Pass, ROW};
pub use crate::stack::SECOND_WIDTH;

/// Features per token in the first pass.
pub const FIRST_WIDTH: usize = N_FEATURES;

/// The index of the "start of paragraph" state among the rows of a transition table: the
/// labels are `0..Role::COUNT`, this comes after them.
pub const START: usize = Role::COUNT;

/// The number of hash-bucket bits a model may have.
pub const BITS: std::ops::RangeInclusive<u32> = crate::model::MIN_BITS..=crate::model::MAX_BITS;

/// Computes the features of paragraphs, reusing its working memory from one to the next.
#[derive(Default)]
pub struct Featurizer {
    scratch: Scratch,
    hashes: Vec<u64>,
}

impl Featurizer {
    /// The features of the paragraph made of `tokens` of `doc`, as row indexes of a model with
    /// `2^bits` rows per pass. `tags` holds one tag per token of the whole document (missing
    /// ones count as `NN`), as for [`Labeller::label`].
    pub fn paragraph(
        &mut self,
        doc: &Document,
        tags: &[Tag],
        parse: &Parse,
        tokens: Range<usize>,
        bits: u32,
    ) -> ParagraphFeatures {
        if tokens.is_empty() {
            return ParagraphFeatures {
                first: Vec::new(),
                stack: Vec::new(),
                bits,
            };
        }
        paragraph_features(
            doc,
            tags,
            parse,
            tokens,
            &mut self.scratch,
            &mut self.hashes,
        );
        ParagraphFeatures {
            first: self
                .hashes
                .iter()
                .map(|&h| Labeller::index(bits, h))
                .collect(),
            stack: self.scratch.stack.clone(),
            bits,
        }
    }
}

/// The features of one paragraph (see [`Featurizer::paragraph`]).
#[derive(Clone, Debug)]
pub struct ParagraphFeatures {
    first: Vec<u32>,
    stack: Vec<StackInfo>,
    bits: u32,
}

impl ParagraphFeatures {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.stack.len()
    }

    /// Whether the paragraph has no token.
    pub fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }

    /// The first pass's row indexes: [`FIRST_WIDTH`] per token, token after token.
    pub fn first_pass(&self) -> &[u32] {
        &self.first
    }

    /// The second pass's row indexes, [`SECOND_WIDTH`] per token, given the first pass's
    /// labels of the paragraph (one per token).
    pub fn second_pass(&self, first_labels: &[Role]) -> Vec<u32> {
        let mut hashes = Vec::new();
        stacked_features(&self.stack, first_labels, &mut hashes);
        combine(&self.first, &hashes, self.bits)
    }
}
