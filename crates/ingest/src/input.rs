//! Opening an input as a stream of records. An input's format comes from its name, else from
//! its first bytes; gzip is recognised by its first bytes whatever the name says (see
//! [`is_gzip`]). Which inputs the command line names is [`crate::paths`]'s business.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::gzip::{self, GzipReader};
use crate::jsonl::{JsonFields, JsonlRecords};
use crate::limited;
use crate::paths::{describe, display, human_bytes};
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
    /// Standard input.
    Stdin,
    /// `id` is the path as given, or for a file found in a directory, that directory as given
    /// joined with the file's relative path.
    File {
        /// Where it is.
        path: PathBuf,
        /// The name used in ids and messages.
        id: String,
    },
    /// A path that yields no input: missing, unreadable, a directory without inputs.
    Problem {
        /// The path as given.
        id: String,
        /// What is wrong.
        message: String,
        /// A failed input (counts for the exit code), or only a warning.
        failed: bool,
    },
}

impl Input {
    pub(crate) fn failed(path: &Path, message: String) -> Input {
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
    /// JSON lines as `whosaid extract --format jsonl` writes them: every line an article with
    /// its statements, taken as they are rather than extracted again. Never told from a name
    /// or the content: a file of documents is also a file of JSON lines.
    Extracted,
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
    /// Which JSON fields hold the text and metadata.
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
        Ok(start) => is_gzip(start),
        Err(err) => return one(Err(read_failure(&id, &err))),
    };
    let reader: Box<dyn BufRead + Send> = if gzipped {
        let decoder = GzipReader::new(reader);
        Box::new(BufReader::with_capacity(BUFFER, decoder))
    } else {
        Box::new(reader)
    };
    match options.format.or(name_format) {
        Some(format) => records(reader, id, format, options),
        None => {
            let (reader, format) = sniff(reader, gzipped);
            records(reader, id, format, options)
        }
    }
}

/// Whether a stream is gzip, by its first bytes: the magic number, or what a gzip stream
/// whose first member header is damaged looks like: no text format at the start, a NUL among
/// the first bytes (a header's flags and time are mostly zeros), and the next member's
/// header among the bytes buffered. The gzip reader passes over the damaged member. An
/// uncompressed WARC starts with text, so its gzip-encoded HTTP bodies, full of NULs and
/// member headers, do not count.
fn is_gzip(start: &[u8]) -> bool {
    const MEMBER: [u8; 3] = [0x1f, 0x8b, 0x08];
    if start.starts_with(&MEMBER[..2]) {
        return true;
    }
    start[..start.len().min(16)].contains(&0)
        && Format::sniff(start) == Format::Text
        && memchr::memmem::find(start, &MEMBER).is_some()
}

/// How much of a gzipped stream whose start looks like plain text is read ahead, in case a
/// damaged first member hides what the stream is: its garbage is no sign of the format, the
/// first intact member after it is.
const SNIFF_AHEAD: usize = 1 << 20;

/// Most damaged stretches read ahead while telling the format.
const SNIFF_DAMAGE: usize = 100;

/// Tells a stream's format from its first bytes. A gzipped stream whose first bytes say only
/// "text" may start with a damaged member: it is read ahead, and the start of the first
/// member after damage decides if it is more telling. What was read ahead, damage included,
/// is read again in front of the rest.
fn sniff(mut reader: Box<dyn BufRead + Send>, gzipped: bool) -> (Box<dyn BufRead + Send>, Format) {
    let mut parts: VecDeque<io::Result<Vec<u8>>> = VecDeque::new();
    let (mut ahead, mut damage) = (0, 0);
    loop {
        match reader.fill_buf() {
            Ok([]) => break,
            Ok(bytes) => {
                let bytes = bytes.to_vec();
                reader.consume(bytes.len());
                ahead += bytes.len();
                parts.push_back(Ok(bytes));
            }
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => {
                let goes_on = gzip::is_damage(&err);
                parts.push_back(Err(err));
                damage += 1;
                if !goes_on {
                    break;
                }
            }
        }
        let telling = damage == 0 && sniff_part(&parts, 0) != Format::Text;
        if !gzipped || telling || ahead >= SNIFF_AHEAD || damage >= SNIFF_DAMAGE {
            break;
        }
    }
    // The start of the stream, and the start after each damage.
    let starts = (0..parts.len()).filter(|&i| i == 0 || parts[i - 1].is_err());
    let format = starts
        .map(|start| sniff_part(&parts, start))
        .find(|&format| format != Format::Text)
        .unwrap_or(Format::Text);
    let replay = Replay {
        parts,
        at: 0,
        rest: reader,
    };
    (Box::new(replay), format)
}

/// The format told by the bytes read ahead from `parts[start]` to the next damage.
fn sniff_part(parts: &VecDeque<io::Result<Vec<u8>>>, start: usize) -> Format {
    let mut head = Vec::new();
    for part in parts.range(start..) {
        match part {
            Ok(bytes) if head.len() < 1024 => head.extend_from_slice(bytes),
            _ => break,
        }
    }
    Format::sniff(&head)
}

/// A stream with what was read ahead of it, bytes and errors, in front.
struct Replay {
    parts: VecDeque<io::Result<Vec<u8>>>,
    /// Bytes of the first part already read.
    at: usize,
    rest: Box<dyn BufRead + Send>,
}

impl BufRead for Replay {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        loop {
            match self.parts.front() {
                Some(Ok(bytes)) if self.at < bytes.len() => break,
                Some(Ok(_)) => {
                    self.parts.pop_front();
                    self.at = 0;
                }
                Some(Err(_)) => {
                    if let Some(Err(err)) = self.parts.pop_front() {
                        return Err(err);
                    }
                }
                None => break,
            }
        }
        match self.parts.front() {
            Some(Ok(bytes)) => Ok(&bytes[self.at..]),
            _ => self.rest.fill_buf(),
        }
    }

    fn consume(&mut self, n: usize) {
        match self.parts.front() {
            Some(Ok(_)) => self.at += n,
            _ => self.rest.consume(n),
        }
    }
}

impl Read for Replay {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        crate::limited::read_buffered(self, out)
    }
}

/// The records of a stream in a known format.
fn records(
    reader: Box<dyn BufRead + Send>,
    id: String,
    format: Format,
    options: &ReadOptions,
) -> Records {
    match format {
        Format::Warc => Box::new(WarcRecords::new(reader, id, options.max_bytes)),
        Format::Jsonl => Box::new(JsonlRecords::new(
            reader,
            id,
            options.json_fields.clone(),
            options.max_bytes,
        )),
        Format::Extracted => Box::new(JsonlRecords::documents(reader, id, options.max_bytes)),
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
        Some(Format::Warc | Format::Jsonl | Format::Extracted)
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

/// Says that an input is too large: `size` is its size when known before reading it (a
/// file's); else it was found to hold more than the limit while it was read.
fn over_limit(size: Option<u64>, max_bytes: u64) -> String {
    let limit = human_bytes(max_bytes);
    match size {
        Some(size) => format!(
            "{} is over the --max-bytes limit of {limit}, skipped",
            human_bytes(size)
        ),
        None => format!("over the --max-bytes limit of {limit}, skipped"),
    }
}

/// Reads a whole single-article input, at most `max_bytes` of it.
fn read_article(
    reader: Box<dyn BufRead + Send>,
    id: String,
    format: Format,
    max_bytes: u64,
) -> Result<Record, Skip> {
    let mut reader = reader;
    let Some(bytes) =
        limited::read_at_most(&mut reader, max_bytes).map_err(|err| read_failure(&id, &err))?
    else {
        let detail = over_limit(None, max_bytes);
        return Err(Skip::new(id, SkipReason::TooLarge, detail));
    };
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

#[cfg(test)]
mod tests;
