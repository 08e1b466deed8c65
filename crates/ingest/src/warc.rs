//! WARC files as crawlers write them (ISO 28500, versions 0.18 to 1.1), and as Common Crawl
//! publishes them: each record its own gzip member, `response` records holding an HTTP
//! response whose body is the page.
//!
//! Web-scale archives are damaged in every way a file can be, so the reader trusts nothing: a
//! header line or a block larger than the limit is skipped, not held. A Content-Length is
//! trusted when the record ends where it says: the block is followed by its two line breaks,
//! by the end of the input, or directly by the next record. Only when it is not does the
//! reader look inside the block for the next record's start (the Content-Length ran into the
//! next record), or else resume after the block (it stopped short). Looking inside first would
//! let a page that shows `\r\n\r\nWARC/1.0` (an attacker's, or one about WARC) be cut there
//! and its bytes be read as a record of their own. After damage, reading resumes at the next
//! line that starts a record, and the damaged stretch is reported as one
//! [`SkipReason::Malformed`] record, so nothing is dropped unaccounted. Damage in the gzip
//! stream below ([`crate::gzip`]) costs the record being read, and reading goes on.

use std::io::{self, BufRead, Read};

use memchr::memmem;

use self::http::{http_payload, is_http, typed_payload};
use crate::gzip;
use crate::input::read_failure;
use crate::limited::{self, Line};
use crate::{DateKind, Metadata, Record, Skip, SkipReason};

/// Longest header line kept; real ones are a few hundred bytes.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// Most header lines a record may have.
const MAX_HEADERS: usize = 1000;
/// Most bytes a record's header may take in all; real ones take about a kilobyte.
const MAX_HEADER_BYTES: u64 = 1 << 20;
/// How many bytes after a block are looked at to tell whether the record ends there: its two
/// line breaks and the next record's first line (`WARC/1.0\r\n`) fit with room to spare.
const END_PEEK: usize = 32;
/// What precedes a record that follows a block: the block's line breaks and the next
/// record's version line.
const NEXT_RECORD: &[u8] = b"\r\n\r\nWARC/";

/// The records of one WARC stream (already decompressed), as an iterator.
pub struct WarcRecords {
    input: Stream,
    /// The input's name, for record ids.
    name: String,
    max_bytes: u64,
    /// A record header line found while resynchronising, to start the next record with.
    pending_header: Option<(u64, Vec<u8>)>,
    finished: bool,
}

impl WarcRecords {
    pub fn new(reader: Box<dyn BufRead + Send>, name: String, max_bytes: u64) -> WarcRecords {
        WarcRecords {
            input: Stream::new(reader),
            name,
            max_bytes,
            pending_header: None,
            finished: false,
        }
    }

    fn id(&self, offset: u64) -> String {
        format!("{}@{offset}", self.name)
    }

    /// Bytes consumed from the uncompressed stream.
    fn offset(&self) -> u64 {
        self.input.offset
    }

    fn skipped(&self, offset: u64, reason: SkipReason, detail: impl Into<String>) -> Skip {
        Skip::new(self.id(offset), reason, detail)
    }

    /// The skip for a read error. Damage in the gzip stream costs only the record being read:
    /// reading goes on after it. Any other error ends the stream.
    fn fail(&mut self, offset: u64, err: &io::Error) -> Skip {
        if !gzip::is_damage(err) {
            self.finished = true;
        }
        read_failure(&self.id(offset), err)
    }

    fn read_line(&mut self, line: &mut Vec<u8>) -> io::Result<Line> {
        limited::read_line(&mut self.input, line, MAX_HEADER_LINE)
    }

    /// Reads past lines that do not start a record, up to the next one that does (kept in
    /// `pending_header`); returns the skip that accounts for what was passed over.
    fn resync(&mut self, start: u64, why: &str) -> Skip {
        let mut line = Vec::new();
        loop {
            let at = self.offset();
            match self.read_line(&mut line) {
                Err(err) => {
                    let skipped = at - start;
                    let skip = self.fail(start, &err);
                    let detail = format!("{why}; {skipped} bytes skipped, then {}", skip.detail);
                    return Skip { detail, ..skip };
                }
                Ok(Line::End) => {
                    self.finished = true;
                    break;
                }
                Ok(Line::TooLong(_)) => {}
                Ok(Line::Read(_)) => {
                    if is_record_start(&line) {
                        self.pending_header = Some((at, line));
                        break;
                    }
                }
            }
        }
        let end = self
            .pending_header
            .as_ref()
            .map_or(self.offset(), |(at, _)| *at);
        self.skipped(
            start,
            SkipReason::Malformed,
            format!("{why}; {} bytes skipped to the next record", end - start),
        )
    }

    /// Reads one record from its first header line on.
    fn record(&mut self, start: u64) -> Result<Record, Skip> {
        let mut headers = Vec::new();
        let mut line = Vec::new();
        loop {
            match self.read_line(&mut line) {
                Err(err) => return Err(self.fail(start, &err)),
                Ok(Line::End) => {
                    self.finished = true;
                    return Err(self.skipped(
                        start,
                        SkipReason::Truncated,
                        "input ends inside the record's header",
                    ));
                }
                Ok(Line::TooLong(_)) => {
                    return Err(self.resync(start, "a header line is too long"));
                }
                Ok(Line::Read(_)) => {}
            }
            let text = trim_line(&line);
            if text.is_empty() {
                break;
            }
            if headers.len() == MAX_HEADERS || self.offset() - start > MAX_HEADER_BYTES {
                return Err(self.resync(start, "the header is too large"));
            }
            match parse_header(text) {
                Some(header) => headers.push(header),
                None if is_record_start(&line) => {
                    // The previous header never ended: this line starts the next record.
                    self.pending_header = Some((self.offset() - line.len() as u64, line));
                    return Err(self.skipped(start, SkipReason::Malformed, "header never ends"));
                }
                None => return Err(self.resync(start, "a header line has no colon")),
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.as_str())
        };
        let Some(length) = header("Content-Length").and_then(|v| v.parse::<u64>().ok()) else {
            return Err(self.resync(start, "no valid Content-Length header"));
        };
        let warc_type = header("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let content_type = header("Content-Type").unwrap_or("").to_owned();
        let metadata = Metadata {
            url: header("WARC-Target-URI").map(|uri| uri.trim_matches(['<', '>']).to_owned()),
            date: header("WARC-Date").map(str::to_owned),
            date_kind: header("WARC-Date").map(|_| DateKind::Crawled),
            ..Metadata::default()
        };
        let wanted = matches!(warc_type.as_str(), "response" | "resource");
        let not_wanted = || {
            let detail = format!("{} record", display_type(&warc_type));
            (SkipReason::NotResponse, detail)
        };
        let fits = usize::try_from(length)
            .ok()
            .filter(|_| length <= self.max_bytes);
        let Some(length) = fits else {
            let (reason, detail) = if wanted {
                let size = crate::human_bytes(length);
                let limit = crate::human_bytes(self.max_bytes);
                let detail = format!("{size} record, over the limit of {limit}");
                (SkipReason::TooLarge, detail)
            } else {
                not_wanted()
            };
            self.pass_block(start, length)?;
            return Err(self.skipped(start, reason, detail));
        };
        // Requests and metadata are read like responses, so that one whose Content-Length
        // runs into the next record gives that record back.
        let block = self.block(start, length)?;
        if !wanted {
            let (reason, detail) = not_wanted();
            return Err(self.skipped(start, reason, detail));
        }
        let bytes = self.offset() - start;
        let id = self.id(start);
        let payload = if warc_type == "response" && is_http(&content_type) {
            http_payload(&block, self.max_bytes)
                .map_err(|(reason, detail)| Skip::new(id.clone(), reason, detail))?
        } else {
            typed_payload(&content_type, block)
                .map_err(|detail| Skip::new(id.clone(), SkipReason::NotHtml, detail))?
        };
        Ok(Record {
            id,
            payload,
            metadata,
            bytes,
        })
    }

    /// Reads a block of `length` bytes and the end of its record. When the record does not
    /// end where the Content-Length says, the record is skipped, and reading resumes at the
    /// next record inside the block if there is one, else after the block.
    fn block(&mut self, start: u64, length: usize) -> Result<Vec<u8>, Skip> {
        let whole = self.input.hold(length.saturating_add(END_PEEK));
        let held = self.input.held();
        let got = held.len().min(length);
        if got == length {
            if let Some(end) = record_end(&held[length..], !whole) {
                let block = self.input.take_block(length);
                self.input.pass(end);
                return Ok(block);
            }
        }
        if got < length {
            if let Some(err) = self.input.take_error() {
                // The input failed inside the block (damage in the gzip stream below).
                let held = self.input.held().len();
                self.input.pass(held);
                return Err(self.fail(start, &err));
            }
        }
        let held = self.input.held();
        // A match that starts inside the block may end after it.
        let search = held.len().min(length.saturating_add(NEXT_RECORD.len() - 1));
        if let Some(next) = next_record_start(held, search) {
            // The Content-Length runs into the next record (maybe past the end of the
            // input): read that record next.
            self.input.pass(next + 4);
            let detail = format!(
                "Content-Length says {length} bytes, but the next record starts after {next}"
            );
            return Err(self.skipped(start, SkipReason::Malformed, detail));
        }
        if got < length {
            self.input.pass(got);
            self.finished = true;
            return Err(self.truncated(start, length as u64, got as u64));
        }
        self.input.pass(length);
        let why = format!("the record does not end after its Content-Length of {length} bytes");
        Err(self.resync(start, &why))
    }

    /// Passes over a block too large to hold, and the end of its record.
    fn pass_block(&mut self, start: u64, length: u64) -> Result<(), Skip> {
        let passed =
            limited::skip(&mut self.input, length).map_err(|err| self.fail(start, &err))?;
        if passed < length {
            self.finished = true;
            return Err(self.truncated(start, length, passed));
        }
        let whole = self.input.hold(END_PEEK);
        match record_end(self.input.held(), !whole) {
            Some(end) => {
                self.input.pass(end);
                Ok(())
            }
            None => {
                let why =
                    format!("the record does not end after its Content-Length of {length} bytes");
                Err(self.resync(start, &why))
            }
        }
    }

    fn truncated(&self, start: u64, length: u64, got: u64) -> Skip {
        self.skipped(
            start,
            SkipReason::Truncated,
            format!("Content-Length says {length} bytes, the input ends after {got}"),
        )
    }
}

impl Iterator for WarcRecords {
    type Item = Result<Record, Skip>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut line = Vec::new();
        loop {
            if let Some((start, _)) = self.pending_header.take() {
                return Some(self.record(start));
            }
            if self.finished {
                return None;
            }
            let start = self.offset();
            match self.read_line(&mut line) {
                Err(err) => return Some(Err(self.fail(start, &err))),
                Ok(Line::End) => {
                    self.finished = true;
                    return None;
                }
                Ok(Line::Read(_)) if trim_line(&line).is_empty() => continue,
                Ok(Line::Read(_)) if is_record_start(&line) => {
                    return Some(self.record(start));
                }
                Ok(_) => return Some(Err(self.resync(start, "not a WARC record header"))),
            }
        }
    }
}

/// The decompressed input of a WARC reader. A record's block and the bytes after it are held
/// in memory before the reader decides where the record ends, so that when the Content-Length
/// proves wrong, the bytes after the record's true end are read again as the records they
/// are, without being copied or read twice from below. An error met while reading ahead is
/// kept, and returned in its place, once the bytes before it have been read.
struct Stream {
    inner: Box<dyn BufRead + Send>,
    /// Bytes read ahead from `inner`: `held[pos..]` come next.
    held: Vec<u8>,
    pos: usize,
    /// An error met while reading ahead, returned after the held bytes.
    error: Option<io::Error>,
    /// Bytes consumed: the offset in the decompressed stream.
    offset: u64,
}

impl Stream {
    fn new(inner: Box<dyn BufRead + Send>) -> Stream {
        Stream {
            inner,
            held: Vec::new(),
            pos: 0,
            error: None,
            offset: 0,
        }
    }

    /// The bytes read ahead.
    fn held(&self) -> &[u8] {
        &self.held[self.pos..]
    }

    /// Reads ahead until `want` bytes are held; false if the input ends or fails first (the
    /// error is kept for its turn).
    fn hold(&mut self, want: usize) -> bool {
        if self.held.len() - self.pos >= want {
            return true;
        }
        if self.error.is_some() {
            return false;
        }
        // Move the held bytes to the front when that frees at least as much as it moves, so
        // that every byte is moved a bounded number of times.
        if self.pos > 0 && self.pos >= self.held.len() / 2 {
            self.held.drain(..self.pos);
            self.pos = 0;
        }
        while self.held.len() - self.pos < want {
            let available = match self.inner.fill_buf() {
                Ok(available) => available,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => {
                    self.error = Some(err);
                    return false;
                }
            };
            if available.is_empty() {
                return false;
            }
            let n = available.len().min(want - (self.held.len() - self.pos));
            self.held.extend_from_slice(&available[..n]);
            self.inner.consume(n);
        }
        true
    }

    /// Consumes `n` held bytes.
    fn pass(&mut self, n: usize) {
        debug_assert!(n <= self.held.len() - self.pos);
        self.pos += n;
        self.offset += n as u64;
        self.release();
    }

    /// Takes the next `n` held bytes out, as a block: without a copy in the usual case, where
    /// the block is all that is held but for the few bytes looked at after it.
    fn take_block(&mut self, n: usize) -> Vec<u8> {
        let block = if self.pos == 0 && self.held.len() - n <= END_PEEK {
            let rest = self.held.split_off(n);
            std::mem::replace(&mut self.held, rest)
        } else {
            let block = self.held[self.pos..self.pos + n].to_vec();
            self.pos += n;
            block
        };
        self.offset += n as u64;
        self.release();
        block
    }

    fn take_error(&mut self) -> Option<io::Error> {
        self.error.take()
    }

    /// Empties `held` once it is all read, giving back what a large block took.
    fn release(&mut self) {
        if self.pos == self.held.len() {
            if self.held.capacity() > 1 << 20 {
                self.held = Vec::new();
            } else {
                self.held.clear();
            }
            self.pos = 0;
        }
    }
}

impl BufRead for Stream {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.held.len() {
            return Ok(&self.held[self.pos..]);
        }
        if let Some(err) = self.error.take() {
            return Err(err);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if self.pos < self.held.len() {
            self.pass(n);
        } else {
            self.offset += n as u64;
            self.inner.consume(n);
        }
    }
}

impl Read for Stream {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        crate::limited::read_buffered(self, out)
    }
}

/// How many of the bytes after a block end its record, if the record ends there: up to two
/// line breaks followed by the next record's first line, the end of the input (`ends`: the
/// bytes are all there is), or anything after both line breaks. `None` if more data follows
/// the block: its Content-Length is wrong.
fn record_end(after: &[u8], ends: bool) -> Option<usize> {
    let mut at = 0;
    for _ in 0..2 {
        let rest = &after[at..];
        if ends && rest.iter().all(|&b| b == b'\r' || b == b'\n') {
            return Some(after.len());
        }
        if starts_record(rest, ends) {
            return Some(at);
        }
        let returns = rest.iter().take_while(|&&b| b == b'\r').count();
        if rest.get(returns) != Some(&b'\n') {
            return None;
        }
        at += returns + 1;
    }
    Some(at)
}

/// Whether `bytes` start with a record's first line (`ends`: nothing follows them).
fn starts_record(bytes: &[u8], ends: bool) -> bool {
    let head = &bytes[..bytes.len().min(16)];
    match head.iter().position(|&b| b == b'\n') {
        Some(newline) => is_record_start(&head[..=newline]),
        None => ends && bytes.len() < 16 && is_record_start(bytes),
    }
}

/// Where the first record that starts after line breaks begins in `bytes[..limit]` (the
/// offset of the line breaks).
fn next_record_start(bytes: &[u8], limit: usize) -> Option<usize> {
    memmem::find_iter(&bytes[..limit], NEXT_RECORD)
        .find(|&at| starts_record(&bytes[at + 4..], true))
}

/// `WARC/1.0`, `WARC/1.1`, `WARC/0.18`: the first line of a record.
fn is_record_start(line: &[u8]) -> bool {
    let line = trim_line(line);
    line.starts_with(b"WARC/")
        && line.len() <= 12
        && line[5..].iter().all(|b| b.is_ascii_digit() || *b == b'.')
}

fn trim_line(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    &line[..end]
}

pub(super) fn parse_header(line: &[u8]) -> Option<(String, String)> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = String::from_utf8_lossy(&line[..colon]).trim().to_owned();
    if name.is_empty() || name.contains(' ') {
        return None;
    }
    let value = String::from_utf8_lossy(&line[colon + 1..])
        .trim()
        .to_owned();
    Some((name, value))
}

fn display_type(warc_type: &str) -> &str {
    if warc_type.is_empty() {
        "untyped"
    } else {
        warc_type
    }
}

pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memmem::find(haystack, needle)
}

mod http;
#[cfg(test)]
mod tests;
