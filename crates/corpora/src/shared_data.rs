//! Where the tests find the corpora: `../shared/data` next to the workspace.
//!
//! The corpora are not in the repository (their licences and sizes keep them out), so a test
//! that needs one must decide what to do when it is absent. On a user's machine it is skipped
//! with a message saying so; under `CI=true` the data is always there, so its absence means a
//! broken path, and a test that quietly passed would hide it: there it fails.

use std::path::{Path, PathBuf};

/// The path of `relative` (a file or directory, e.g. `"polnear/dev"`) inside the shared data
/// directory, if it exists.
///
/// When it does not exist this prints `skipped: …` to stderr and returns `None`, for the caller
/// to return early, or panics if the environment variable `CI` is `true`.
pub fn shared_data(relative: &str) -> Option<PathBuf> {
    let path = data_root().join(relative);
    if path.exists() {
        return Some(path);
    }
    let message = format!(
        "{} is missing (the shared data directory is expected next to the workspace)",
        path.display()
    );
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{message}, and CI must have it");
    }
    eprintln!("skipped: {message}");
    None
}

/// `../shared/data` relative to the workspace root, found from this crate's own directory
/// (`crates/corpora`) so that it does not depend on the directory the tests run in.
fn data_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}
