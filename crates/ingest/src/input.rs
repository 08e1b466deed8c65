//! Which inputs the command line names, and opening each one as a stream of records.
//!
//! Paths expand lazily, in a deterministic order, so that a huge directory tree starts producing
//! output at once. A path that cannot be used becomes an [`Input::Problem`] in its place in the
//! order rather than stopping the batch. An input's format comes from its name, else from its
//! first bytes; gzip is recognised by its magic number whatever the name says.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use walkdir::WalkDir;

use crate::jsonl::{JsonFields, JsonlRecords};
use crate::warc::WarcRecords;
use crate::{Payload, Record, Skip, SkipReason};

/// The command-line name for standard input.
pub const STDIN: &str = "-";

/// Read buffer size: large enough that decompression and parsing work in big steps.
const BUFFER: usize = 256 * 1024;

/// One input named on the command line or found in a directory, or something to report in
/// its place.
#[derive(Debug)]
pub enum Input {
    Stdin,
    /// `id` is the path as given, or for a file found in a directory, that directory as given
    /// joined with the file's relative path.
    File {
        path: PathBuf,
        id: String,
    },
    Problem {
        id: String,
        message: String,
        /// A failed input (counts for the exit code), or only a warning.
        failed: bool,
    },
}

impl Input {
    fn failed(path: &Path, message: String) -> Input {
        Input::Problem {
            id: display(path),
            message,
            failed: true,
        }
    }

    /// The name used in record ids and messages.
    pub fn id(&self) -> &str {
        match self {
            Input::Stdin => STDIN,
            Input::File { id, .. } | Input::Problem { id, .. } => id,
        }
    }
}

/// What an input holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    /// Plain text: one article.
    Text,
    /// One HTML page: its main text is the article.
    Html,
    /// A WARC archive: every HTML response in it is an article.
    Warc,
    /// JSON lines: every line is an article.
    Jsonl,
}

impl Format {
    /// The format a file name says, looking through a `.gz` suffix.
    pub fn from_name(name: &Path) -> Option<Format> {
        let name = name.file_name()?.to_string_lossy().to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let extension = name.rsplit_once('.')?.1;
        match extension {
            "txt" | "text" => Some(Format::Text),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "warc" => Some(Format::Warc),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ => None,
        }
    }

    /// The format the first bytes of a (decompressed) input show.
    pub fn sniff(start: &[u8]) -> Format {
        let trimmed = trim_start(start);
        if trimmed.starts_with(b"WARC/") {
            Format::Warc
        } else if trimmed.starts_with(b"{") {
            Format::Jsonl
        } else if looks_like_html(trimmed) {
            Format::Html
        } else {
            Format::Text
        }
    }
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// An HTML document starts with a doctype, a comment or one of the outer tags.
pub(crate) fn looks_like_html(bytes: &[u8]) -> bool {
    let start = trim_start(bytes);
    let head = &start[..start.len().min(512)];
    let lower = head.to_ascii_lowercase();
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<!--",
        "<meta",
        "<title",
    ]
    .iter()
    .any(|tag| lower.starts_with(tag.as_bytes()))
}

/// How inputs are read.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Records (and single-article files) larger than this are skipped as too large.
    pub max_bytes: u64,
    /// The format of every input, instead of detecting it.
    pub format: Option<Format>,
    pub json_fields: JsonFields,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            max_bytes: 256 << 20,
            format: None,
            json_fields: JsonFields::default(),
        }
    }
}

/// The records of one input, in order.
pub type Records = Box<dyn Iterator<Item = Result<Record, Skip>> + Send>;

/// Opens an input as a stream of records. A problem input yields one skip if it failed, and
/// nothing if it was only a warning.
pub fn open(input: &Input, options: &ReadOptions) -> Records {
    let id = input.id().to_owned();
    let (reader, name_format): (Box<dyn Read + Send>, _) = match input {
        Input::Problem {
            message, failed, ..
        } => {
            let skip = Skip::new(id, SkipReason::Unreadable, message.clone());
            return Box::new(Some(Err(skip)).filter(|_| *failed).into_iter());
        }
        Input::Stdin => (Box::new(io::stdin()), None),
        Input::File { path, .. } => match open_file(path, options) {
            Ok(file) => (file, Format::from_name(path)),
            Err(skip) => return one(Err(skip.named(&id))),
        },
    };
    open_reader(reader, id, name_format, options)
}

/// Reads any byte stream as records (gzip is recognised by its magic number). `id` names the
/// stream in record ids; `name_format` is what its name says, if anything, and the content
/// decides otherwise (unless `options.format` forces one).
pub fn open_reader(
    reader: Box<dyn Read + Send>,
    id: String,
    name_format: Option<Format>,
    options: &ReadOptions,
) -> Records {
    let mut reader = BufReader::with_capacity(BUFFER, reader);
    let gzipped = match reader.fill_buf() {
        Ok(start) => start.starts_with(&[0x1f, 0x8b]),
        Err(err) => return one(Err(read_failure(&id, &err))),
    };
    let mut reader: Box<dyn BufRead + Send> = if gzipped {
        let decoder = flate2::bufread::MultiGzDecoder::new(reader);
        Box::new(BufReader::with_capacity(BUFFER, decoder))
    } else {
        Box::new(reader)
    };
    let format = match options.format.or(name_format) {
        Some(format) => format,
        None => match reader.fill_buf() {
            Ok(start) => Format::sniff(start),
            Err(err) => return one(Err(read_failure(&id, &err))),
        },
    };
    match format {
        Format::Warc => Box::new(WarcRecords::new(reader, id, options.max_bytes)),
        Format::Jsonl => Box::new(JsonlRecords::new(
            reader,
            id,
            options.json_fields.clone(),
            options.max_bytes,
        )),
        Format::Text | Format::Html => one(read_article(reader, id, format, options.max_bytes)),
    }
}

fn one(record: Result<Record, Skip>) -> Records {
    Box::new(std::iter::once(record))
}

/// A file opened for reading, refused at once if it is too large to be worth reading.
fn open_file(path: &Path, options: &ReadOptions) -> Result<Box<dyn Read + Send>, Skip> {
    let unreadable = |err: &io::Error| Skip::new("", SkipReason::Unreadable, describe(err));
    let file = File::open(path).map_err(|err| unreadable(&err))?;
    let meta = file.metadata().map_err(|err| unreadable(&err))?;
    if meta.is_dir() {
        let err = io::Error::new(io::ErrorKind::IsADirectory, "is a directory");
        return Err(unreadable(&err));
    }
    // One article in a file: refuse a huge one before reading any of it. Containers hold many
    // records, each checked on its own.
    let single = !matches!(
        options.format.or_else(|| Format::from_name(path)),
        Some(Format::Warc | Format::Jsonl)
    );
    let compressed = path.extension().is_some_and(|ext| ext == "gz");
    if single && !compressed && meta.is_file() && meta.len() > options.max_bytes {
        return Err(Skip::new(
            "",
            SkipReason::TooLarge,
            over_limit(Some(meta.len()), options.max_bytes),
        ));
    }
    Ok(Box::new(file))
}

impl Skip {
    fn named(mut self, id: &str) -> Skip {
        self.id = id.to_owned();
        self
    }
}

fn over_limit(size: Option<u64>, max_bytes: u64) -> String {
    let size = size.map_or("more".to_owned(), human_bytes);
    format!(
        "{size} is over the --max-bytes limit of {}, skipped",
        human_bytes(max_bytes)
    )
}

/// Reads a whole single-article input, at most `max_bytes` of it.
fn read_article(
    reader: Box<dyn BufRead + Send>,
    id: String,
    format: Format,
    max_bytes: u64,
) -> Result<Record, Skip> {
    let mut bytes = Vec::new();
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| read_failure(&id, &err))?;
    if bytes.len() as u64 > max_bytes {
        let detail = over_limit(None, max_bytes);
        return Err(Skip::new(id, SkipReason::TooLarge, detail));
    }
    let size = bytes.len() as u64;
    let payload = if format == Format::Html {
        Payload::Html {
            bytes,
            charset: None,
        }
    } else {
        Payload::Text(bytes)
    };
    Ok(Record {
        id,
        payload,
        metadata: crate::Metadata::default(),
        bytes: size,
    })
}

/// A read error as a skip: truncated or corrupt compressed data, or an I/O failure.
pub(crate) fn read_failure(id: &str, err: &io::Error) -> Skip {
    let reason = if is_truncation(err) {
        SkipReason::Truncated
    } else if matches!(
        err.kind(),
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput
    ) {
        SkipReason::Malformed
    } else {
        SkipReason::Unreadable
    };
    Skip::new(id, reason, describe(err))
}

/// A compressed stream that stops in the middle: what a partial download leaves.
pub(crate) fn is_truncation(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::UnexpectedEof
}

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
