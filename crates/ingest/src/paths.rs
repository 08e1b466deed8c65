//! Which inputs the command line names: files, directories walked in name order, glob
//! patterns, standard input. Paths expand lazily, in a deterministic order, so that a huge
//! directory tree starts producing output at once; a path that cannot be used becomes an
//! [`Input::Problem`] in its place in the order rather than stopping the batch. Also the
//! words for paths, I/O errors and sizes in messages.

use std::cell::Cell;
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use walkdir::WalkDir;

use crate::input::{Format, Input, STDIN};

/// Expands the command-line paths, in order: `-` is standard input, a directory is every file
/// below it whose name says a format whosaid reads (sorted by name at each level), a pattern
/// with `*`, `?` or `[` that names no file is a glob, and anything else is read as a file.
pub fn expand(paths: &[PathBuf]) -> impl Iterator<Item = Input> + '_ {
    let mut stdin_seen = false;
    paths
        .iter()
        .flat_map(move |path| -> Box<dyn Iterator<Item = Input>> {
            if path.as_os_str() == STDIN {
                // Read twice, in parallel, which read would get the text would be up to chance.
                let input = if std::mem::replace(&mut stdin_seen, true) {
                    Input::Problem {
                        id: STDIN.to_owned(),
                        message: "standard input named more than once; read only the first time"
                            .to_owned(),
                        failed: false,
                    }
                } else {
                    Input::Stdin
                };
                return Box::new(std::iter::once(input));
            }
            match std::fs::metadata(path) {
                Ok(meta) if meta.is_dir() => Box::new(walk(path)),
                // Named explicitly, FIFOs and devices are read too: `<(zcat a.txt.gz)` is a FIFO.
                Ok(_) => Box::new(std::iter::once(Input::File {
                    path: path.clone(),
                    id: display(path),
                })),
                Err(_) if is_glob(path) => Box::new(glob_matches(path)),
                Err(err) => Box::new(std::iter::once(Input::failed(path, describe(&err)))),
            }
        })
}

fn is_glob(path: &Path) -> bool {
    path.to_string_lossy().contains(['*', '?', '['])
}

/// The files a glob pattern matches, sorted; directories it matches are walked.
fn glob_matches(pattern: &Path) -> impl Iterator<Item = Input> {
    let text = display(pattern);
    let matches: Vec<Input> = match glob::glob(&text) {
        Err(err) => vec![Input::failed(pattern, format!("bad pattern: {err}"))],
        Ok(paths) => paths
            .flat_map(|entry| -> Box<dyn Iterator<Item = Input>> {
                match entry {
                    Ok(path) if path.is_dir() => {
                        Box::new(walk(&path).collect::<Vec<_>>().into_iter())
                    }
                    Ok(path) => Box::new(std::iter::once(Input::File {
                        id: display(&path),
                        path,
                    })),
                    Err(err) => Box::new(std::iter::once(Input::failed(
                        err.path(),
                        describe(err.error()),
                    ))),
                }
            })
            .collect(),
    };
    let nothing = matches.is_empty().then(|| Input::Problem {
        id: text,
        message: "no such file, and no file matches it as a pattern".to_owned(),
        failed: true,
    });
    matches.into_iter().chain(nothing)
}

fn walk(dir: &Path) -> impl Iterator<Item = Input> {
    let found = Rc::new(Cell::new(false));
    let inputs = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map({
            let found = Rc::clone(&found);
            move |entry| {
                let input = match entry {
                    Ok(entry) => walked_file(&entry)?,
                    Err(err) => walk_error(&err)?,
                };
                found.set(true);
                Some(input)
            }
        });
    // A directory without a single input is most likely a wrong path: say so, but as a
    // warning, since nothing failed. `chain` asks only once the walk is over.
    let root = display(dir);
    let nothing_found = std::iter::once(())
        .filter(move |()| !found.get())
        .map(move |()| Input::Problem {
            id: root.clone(),
            message: "no *.txt, *.html, *.warc or *.jsonl files (maybe .gz) in this directory"
                .to_owned(),
            failed: false,
        });
    inputs.chain(nothing_found)
}

/// The input for a directory entry, if its name says a format whosaid reads.
fn walked_file(entry: &walkdir::DirEntry) -> Option<Input> {
    if entry.file_type().is_dir() || !is_readable_name(entry.path()) {
        return None;
    }
    if !entry.file_type().is_file() {
        // A FIFO would block the batch forever, and a device is not an article.
        let message = "not a regular file, skipped".to_owned();
        return Some(Input::failed(entry.path(), message));
    }
    Some(Input::File {
        path: entry.path().to_path_buf(),
        id: display(entry.path()),
    })
}

/// What to report for an error met while walking a directory, if anything.
fn walk_error(err: &walkdir::Error) -> Option<Input> {
    let path = err.path().unwrap_or(Path::new("?"));
    if let Some(ancestor) = err.loop_ancestor() {
        // Everything below the loop is walked once anyway, so nothing is missing.
        return Some(Input::Problem {
            id: display(path),
            message: format!("symbolic link loop to {}, not followed", ancestor.display()),
            failed: false,
        });
    }
    // A dangling link that would not have been read anyway (`notes.md -> gone`) is no failure.
    let is_link = path.symlink_metadata().is_ok_and(|m| m.is_symlink());
    if is_link && !is_readable_name(path) {
        return None;
    }
    let message = match err.io_error() {
        Some(io) => describe(io),
        None => err.to_string(),
    };
    Some(Input::failed(path, message))
}

fn is_readable_name(path: &Path) -> bool {
    Format::from_name(path).is_some()
}

/// A path for messages and ids: as given, lossily converted if it is not Unicode.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// An I/O error as `cat` would say it: "No such file or directory", without "(os error 2)".
pub fn describe(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// A byte count for people: `256 MiB`, `1.5 GiB`, `812 bytes`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64;
    let mut unit = "bytes";
    for next in UNITS {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = next;
    }
    if value.fract() == 0.0 {
        format!("{value} {unit}")
    } else {
        format!("{value:.1} {unit}")
    }
}

/// Parses a size for `--max-bytes`: a number of bytes, optionally with a binary suffix
/// (`K`, `M`, `G`, `T`, with or without `iB`/`B`).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (examples: 1000000, 64M, 2GiB)"))?;
    let shift = match suffix.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        "T" | "TB" | "TIB" => 40,
        _ => return Err(format!("`{text}` has an unknown unit (use K, M, G or T)")),
    };
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("3X").is_err());
    }

    #[test]
    fn sizes_print_for_people() {
        assert_eq!(human_bytes(812), "812 bytes");
        assert_eq!(human_bytes(256 << 20), "256 MiB");
        assert_eq!(human_bytes(3 << 29), "1.5 GiB");
    }

    #[test]
    fn os_error_numbers_are_dropped() {
        let err = io::Error::from_raw_os_error(2);
        assert_eq!(describe(&err), "No such file or directory");
    }
}
