use std::fmt;
use std::path::PathBuf;

/// Why gold data or a predictions file could not be read. Every variant names the file, and the
/// 1-based line where there is one, so that a broken corpus file can be found and fixed.
#[derive(Debug)]
pub enum EvalError {
    /// The file could not be read (missing, unreadable, not UTF-8).
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file was read but a line in it does not follow the expected format, or refers to
    /// something that does not exist (an unknown T id, offsets past the end of the text).
    Format {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

impl EvalError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> EvalError {
        EvalError::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn format(
        path: impl Into<PathBuf>,
        line: usize,
        message: impl Into<String>,
    ) -> EvalError {
        EvalError::Format {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Io { path, source } => write!(f, "{}: {}", path.display(), source),
            EvalError::Format {
                path,
                line,
                message,
            } => write!(f, "{}:{}: {}", path.display(), line, message),
        }
    }
}

impl std::error::Error for EvalError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EvalError::Io { source, .. } => Some(source),
            EvalError::Format { .. } => None,
        }
    }
}

/// Reads a whole file as UTF-8, naming the file in the error.
pub(crate) fn read_to_string(path: &std::path::Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|e| EvalError::io(path, e))
}
