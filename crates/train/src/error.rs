//! Why training failed.

use std::fmt;
use std::path::PathBuf;

use whosaid_corpora::CorpusError;
use whosaid_modelfile::ModelError;

/// Training or writing a model failed.
#[derive(Debug)]
pub enum Error {
    /// The training or dev data is missing or malformed (the error names the file and line).
    Data(CorpusError),
    /// A model file could not be written.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The learned weights did not make a valid model.
    Model(ModelError),
    /// There is nothing to train on: the text says what was missing (`sentences`,
    /// `paragraphs`).
    NoTrainingData(&'static str),
    /// An option is out of range: the text says which and why.
    BadOption(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Data(e) => e.fmt(f),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Model(e) => e.fmt(f),
            Error::NoTrainingData(what) => write!(f, "no training {what}"),
            Error::BadOption(what) => write!(f, "bad training option: {what}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Data(e) => Some(e),
            Error::Io { source, .. } => Some(source),
            Error::Model(e) => Some(e),
            Error::NoTrainingData(_) | Error::BadOption(_) => None,
        }
    }
}

impl From<CorpusError> for Error {
    fn from(e: CorpusError) -> Error {
        Error::Data(e)
    }
}

impl From<ModelError> for Error {
    fn from(e: ModelError) -> Error {
        Error::Model(e)
    }
}
