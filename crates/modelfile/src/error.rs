//! Why a model file could not be loaded.

use std::fmt;
use std::path::{Path, PathBuf};

/// A model file (or model bytes) could not be loaded. Loading never panics on bad input; it
/// returns one of these, which names the kind of model, the file when there is one, and the
/// problem ([`ModelError::kind`]).
#[derive(Debug)]
pub struct ModelError {
    model: &'static str,
    path: Option<PathBuf>,
    kind: ModelErrorKind,
}

/// What is wrong with a model file.
#[derive(Debug)]
pub enum ModelErrorKind {
    /// The file could not be read.
    Io(std::io::Error),
    /// The file is larger than any model file can be.
    TooLarge {
        /// The largest size read, in bytes.
        limit: u64,
    },
    /// The bytes do not start with the signature of this kind of model: another file, or a
    /// model of another kind.
    BadMagic,
    /// A model of another format version.
    UnsupportedVersion {
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        supported: u32,
    },
    /// A model trained with another feature set than this build computes.
    FeatureVersion {
        /// Feature version in the file.
        found: u32,
        /// Feature version of this build.
        expected: u32,
    },
    /// A model built for something this build does not have (the tagger's: another tag set).
    /// The text says what, completing "… model ".
    Incompatible(&'static str),
    /// The bytes end before the model does.
    Truncated {
        /// Bytes the model needs.
        expected: usize,
        /// Bytes given.
        found: usize,
    },
    /// There are bytes after the end of the model.
    TrailingBytes {
        /// Bytes the model has.
        expected: usize,
        /// Bytes given.
        found: usize,
    },
    /// The checksum does not match: the bytes were altered.
    ChecksumMismatch,
    /// The checksum matched but the content is inconsistent. The text says what.
    Corrupt(&'static str),
}

impl ModelError {
    /// An error about a model of kind `model` (`"tagger"`, `"attribution"`).
    pub fn new(model: &'static str, kind: ModelErrorKind) -> ModelError {
        ModelError {
            model,
            path: None,
            kind,
        }
    }

    /// The same error, naming the file it is about.
    pub fn with_path(mut self, path: &Path) -> ModelError {
        self.path = Some(path.to_path_buf());
        self
    }

    /// What is wrong.
    pub fn kind(&self) -> &ModelErrorKind {
        &self.kind
    }

    /// The kind of model the file was read as: `"tagger"`, `"attribution"`.
    pub fn model(&self) -> &'static str {
        self.model
    }

    /// The file, when the error is about one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}: ", path.display())?;
        }
        let model = self.model;
        match &self.kind {
            ModelErrorKind::Io(e) => write!(f, "cannot read the {model} model: {e}"),
            ModelErrorKind::TooLarge { limit } => write!(
                f,
                "not a whosaid {model} model: larger than any model file ({limit} bytes)"
            ),
            ModelErrorKind::BadMagic => write!(f, "not a whosaid {model} model (bad signature)"),
            ModelErrorKind::UnsupportedVersion { found, supported } => write!(
                f,
                "{model} model format version {found} is not supported (this build reads {supported})"
            ),
            ModelErrorKind::FeatureVersion { found, expected } => write!(
                f,
                "{model} model was trained with feature set {found}, this build computes {expected}: retrain it"
            ),
            ModelErrorKind::Incompatible(what) => write!(f, "{model} model {what}"),
            ModelErrorKind::Truncated { expected, found } => write!(
                f,
                "{model} model is truncated: {found} bytes, expected {expected}"
            ),
            ModelErrorKind::TrailingBytes { expected, found } => write!(
                f,
                "{model} model has trailing bytes: {found} bytes, expected {expected}"
            ),
            ModelErrorKind::ChecksumMismatch => {
                write!(f, "{model} model is corrupt (checksum mismatch)")
            }
            ModelErrorKind::Corrupt(what) => write!(f, "{model} model is corrupt: {what}"),
        }
    }
}

impl std::error::Error for ModelError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ModelErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}
