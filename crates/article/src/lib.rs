//! whosaid-article owns the data every layer of whosaid shares: an [`Article`] as a reader
//! makes it (its text, where it came from, its [`Metadata`]), and an [`Extraction`] as the
//! extractor finds it in the text (the [`Statement`]s, with their [`Span`]s and [`Speaker`]s,
//! and the [`Entity`]s the speakers resolve to). Readers, the extractor, the index and the
//! outputs all speak these types, and none of them needs another's code to do so.
//!
//! Every offset counts Unicode code points (chars) into the article text exactly as it is,
//! end exclusive: the convention of PolNeAR's BRAT files and of BBC R&D's Citron JSON.

#![deny(missing_docs)]

mod article;
mod statement;

pub mod dates;

pub use article::{Article, DateKind, Metadata};
pub use statement::{
    Act, Addressee, Entity, EntityType, Extraction, Gender, Medium, MediumType, SaidAt, Span,
    Speaker, SpeakerCategory, Statement, StatementKind, Voice,
};
