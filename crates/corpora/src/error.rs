use std::fmt;
use std::path::PathBuf;

/// Why gold data or a predictions file could not be read. Every variant names the file, and the
/// 1-based line where there is one, so that a broken corpus file can be found and fixed.
#[derive(Debug)]
pub enum CorpusError {
    /// The file could not be read (missing, unreadable, not UTF-8).
    Io {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        source: std::io::Error,
    },
    /// The file was read but a line in it does not follow the expected format, or refers to
    /// something that does not exist (an unknown T id, offsets past the end of the text).
    Format {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
        /// What is wrong there.
        message: String,
    },
}

impl CorpusError {
    /// `path` could not be read.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> CorpusError {
        CorpusError::Io {
            path: path.into(),
            source,
        }
    }

    /// Line `line` of `path` is wrong: `message` says how.
    pub fn format(
        path: impl Into<PathBuf>,
        line: usize,
        message: impl Into<String>,
    ) -> CorpusError {
        CorpusError::Format {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CorpusError::Io { path, source } => write!(f, "{}: {}", path.display(), source),
            CorpusError::Format {
                path,
                line,
                message,
            } => write!(f, "{}:{}: {}", path.display(), line, message),
        }
    }
}

impl std::error::Error for CorpusError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CorpusError::Io { source, .. } => Some(source),
            CorpusError::Format { .. } => None,
        }
    }
}

/// Reads a whole file as UTF-8, naming the file in the error.
pub fn read_to_string(path: &std::path::Path) -> Result<String, CorpusError> {
    std::fs::read_to_string(path).map_err(|e| CorpusError::io(path, e))
}
