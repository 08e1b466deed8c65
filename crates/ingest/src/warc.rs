//! WARC files as crawlers write them (ISO 28500, versions 0.18 to 1.1), and as Common Crawl
//! publishes them: each record its own gzip member, `response` records holding an HTTP
//! response whose body is the page.
//!
//! Web-scale archives are damaged in every way a file can be, so the reader trusts nothing: a
//! header line or a block larger than the limit is skipped, not held; a Content-Length that
//! overruns the next record is caught by looking for that record's header inside the block;
//! one that stops short is caught because the record does not end with its blank lines. After
//! damage, reading resumes at the next line that starts a record, and the damaged stretch is
//! reported as one [`SkipReason::Malformed`] record, so nothing is dropped unaccounted.

use std::io::{self, BufRead, Cursor, Read};

use crate::input::read_failure;
use crate::limited::{self, Line};
use crate::{DateKind, Metadata, Payload, Record, Skip, SkipReason};

/// Longest header line kept; real ones are a few hundred bytes.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// Most header lines a record may have.
const MAX_HEADERS: usize = 1000;

/// The records of one WARC stream (already decompressed), as an iterator.
pub struct WarcRecords {
    reader: Box<dyn BufRead + Send>,
    /// The input's name, for record ids.
    name: String,
    /// Bytes consumed from the uncompressed stream.
    offset: u64,
    max_bytes: u64,
    /// A record header line found while resynchronising, to start the next record with.
    pending_header: Option<(u64, Vec<u8>)>,
    finished: bool,
}

impl WarcRecords {
    pub fn new(reader: Box<dyn BufRead + Send>, name: String, max_bytes: u64) -> WarcRecords {
        WarcRecords {
            reader,
            name,
            offset: 0,
            max_bytes,
            pending_header: None,
            finished: false,
        }
    }

    fn id(&self, offset: u64) -> String {
        format!("{}@{offset}", self.name)
    }

    fn skipped(&self, offset: u64, reason: SkipReason, detail: impl Into<String>) -> Skip {
        Skip::new(self.id(offset), reason, detail)
    }

    /// An I/O error ends the stream: after a decompression error nothing further can be read.
    fn fail(&mut self, offset: u64, err: &io::Error) -> Skip {
        self.finished = true;
        read_failure(&self.id(offset), err)
    }

    fn read_line(&mut self, line: &mut Vec<u8>) -> io::Result<Line> {
        let read = limited::read_line(&mut self.reader, line, MAX_HEADER_LINE)?;
        if let Line::Read(n) | Line::TooLong(n) = read {
            self.offset += n;
        }
        Ok(read)
    }

    /// Reads past lines that do not start a record, up to the next one that does (kept in
    /// `pending_header`); returns the skip that accounts for what was passed over.
    fn resync(&mut self, start: u64, why: &str) -> Skip {
        let mut line = Vec::new();
        loop {
            let at = self.offset;
            match self.read_line(&mut line) {
                Err(err) => return self.fail(start, &err),
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
            .map_or(self.offset, |(at, _)| *at);
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
            if headers.len() == MAX_HEADERS {
                return Err(self.resync(start, "too many header lines"));
            }
            match parse_header(text) {
                Some(header) => headers.push(header),
                None if is_record_start(&line) => {
                    // The previous header never ended: this line starts the next record.
                    self.pending_header = Some((self.offset - line.len() as u64, line));
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
        if length > self.max_bytes || !wanted {
            let skipped = limited::skip(&mut self.reader, length).map_err(|err| {
                self.offset += length;
                self.fail(start, &err)
            })?;
            self.offset += skipped;
            if skipped < length {
                self.finished = true;
                return Err(self.truncated(start, length, skipped));
            }
            self.end_of_record(start, length)?;
            let (reason, detail) = if wanted {
                let size = crate::human_bytes(length);
                let limit = crate::human_bytes(self.max_bytes);
                (
                    SkipReason::TooLarge,
                    format!("{size} record, over the limit of {limit}"),
                )
            } else {
                let detail = format!("{} record", display_type(&warc_type));
                (SkipReason::NotResponse, detail)
            };
            return Err(self.skipped(start, reason, detail));
        }
        let mut block = Vec::with_capacity(length.min(1 << 20) as usize);
        let read = (&mut self.reader).take(length).read_to_end(&mut block);
        self.offset += block.len() as u64;
        if let Err(err) = read {
            return Err(self.fail(start, &err));
        }
        if let Some(next) = find(&block, b"\r\n\r\nWARC/") {
            // The Content-Length runs into the next record (maybe past the end of the input):
            // give the next record's bytes back to the reader.
            self.unread(block.split_off(next + 4));
            let detail = format!(
                "Content-Length says {length} bytes, but the next record starts after {next}"
            );
            return Err(self.skipped(start, SkipReason::Malformed, detail));
        }
        if (block.len() as u64) < length {
            self.finished = true;
            return Err(self.truncated(start, length, block.len() as u64));
        }
        self.end_of_record(start, length)?;
        let bytes = self.offset - start;
        let id = self.id(start);
        let payload = if warc_type == "response" && is_http(&content_type) {
            http_payload(&block)
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

    fn truncated(&self, start: u64, length: u64, got: u64) -> Skip {
        self.skipped(
            start,
            SkipReason::Truncated,
            format!("Content-Length says {length} bytes, the input ends after {got}"),
        )
    }

    /// Checks that the record ends with its two line breaks. A Content-Length that stops short
    /// of the block shows here: what follows is more block, not a blank line.
    fn end_of_record(&mut self, start: u64, length: u64) -> Result<(), Skip> {
        let mut line = Vec::new();
        for _ in 0..2 {
            let at = self.offset;
            match self.read_line(&mut line) {
                Err(err) => return Err(self.fail(start, &err)),
                // The last record of a file written without its final blank lines is whole.
                Ok(Line::End) => return Ok(()),
                Ok(Line::Read(_)) if trim_line(&line).is_empty() => {}
                Ok(Line::Read(_)) if is_record_start(&line) => {
                    self.pending_header = Some((at, line));
                    return Ok(());
                }
                Ok(_) => {
                    let why = format!(
                        "the record does not end after its Content-Length of {length} bytes"
                    );
                    return Err(self.resync(start, &why));
                }
            }
        }
        Ok(())
    }

    /// Puts bytes back in front of the reader, to be read again.
    fn unread(&mut self, bytes: Vec<u8>) {
        self.offset -= bytes.len() as u64;
        let rest = std::mem::replace(&mut self.reader, Box::new(io::empty()));
        self.reader = Box::new(Cursor::new(bytes).chain(rest));
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
            let start = self.offset;
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

fn parse_header(line: &[u8]) -> Option<(String, String)> {
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

fn is_http(content_type: &str) -> bool {
    content_type
        .to_ascii_lowercase()
        .starts_with("application/http")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// The page inside an HTTP response block: status checked, headers read for the content type,
/// charset and encodings, body decoded.
fn http_payload(block: &[u8]) -> Result<Payload, (SkipReason, String)> {
    let malformed = |detail: &str| (SkipReason::Malformed, detail.to_owned());
    let Some(head_end) = find(block, b"\r\n\r\n")
        .map(|at| (at, at + 4))
        .or_else(|| find(block, b"\n\n").map(|at| (at, at + 2)))
    else {
        return Err(malformed(
            "HTTP response without a blank line after its headers",
        ));
    };
    let head = String::from_utf8_lossy(&block[..head_end.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .filter(|_| status_line.starts_with("HTTP/"))
        .ok_or_else(|| malformed("HTTP response without a status line"))?;
    if !(200..300).contains(&status) {
        return Err((SkipReason::HttpStatus, format!("HTTP status {status}")));
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| parse_header(line.as_bytes()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.to_ascii_lowercase())
    };
    let mut body = block[head_end.1..].to_vec();
    if header("Transfer-Encoding").is_some_and(|te| te.contains("chunked")) {
        body = dechunk(&body).ok_or_else(|| malformed("broken chunked transfer encoding"))?;
    }
    match header("Content-Encoding").as_deref().map(str::trim) {
        None | Some("" | "identity") => {}
        Some(encoding @ ("gzip" | "x-gzip" | "deflate")) => {
            body = inflate(&body, encoding).map_err(|err| {
                (
                    SkipReason::BadEncoding,
                    format!("{encoding} body does not decompress: {err}"),
                )
            })?;
        }
        Some(other) => {
            let detail = format!("unsupported Content-Encoding {other:?}");
            return Err((SkipReason::BadEncoding, detail));
        }
    }
    typed_payload(&header("Content-Type").unwrap_or_default(), body)
        .map_err(|detail| (SkipReason::NotHtml, detail))
}

/// A body by its content type: HTML, plain text, or (when untyped) whatever it looks like.
fn typed_payload(content_type: &str, body: Vec<u8>) -> Result<Payload, String> {
    let lower = content_type.to_ascii_lowercase();
    let mime = lower.split(';').next().unwrap_or("").trim();
    let charset = lower
        .split(';')
        .filter_map(|param| param.trim().strip_prefix("charset="))
        .map(|value| value.trim_matches(['"', '\'', ' ']).to_owned())
        .find(|value| !value.is_empty());
    match mime {
        "text/html" | "application/xhtml+xml" => Ok(Payload::Html {
            bytes: body,
            charset,
        }),
        "text/plain" => Ok(Payload::Text(body)),
        "" if crate::input::looks_like_html(&body) => Ok(Payload::Html {
            bytes: body,
            charset,
        }),
        "" => Err("no content type, and the body is not HTML".to_owned()),
        other => Err(format!("content type {other}")),
    }
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let line_end = find(body, b"\n")?;
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let size_text = size_text.trim().split(';').next()?.trim().to_owned();
        let size = usize::from_str_radix(&size_text, 16).ok()?;
        body = &body[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = &body[size..];
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))?;
    }
}

fn inflate(body: &[u8], encoding: &str) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    if encoding == "deflate" {
        // Servers send zlib-wrapped deflate as the RFC says, or raw deflate as IIS did.
        if flate2::read::ZlibDecoder::new(body)
            .read_to_end(&mut out)
            .is_ok()
        {
            return Ok(out);
        }
        out.clear();
        flate2::read::DeflateDecoder::new(body).read_to_end(&mut out)?;
    } else {
        flate2::read::MultiGzDecoder::new(body).read_to_end(&mut out)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn record(warc_type: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: https://news.example/a\r\n\
             WARC-Date: 2024-11-25T10:00:00Z\r\nContent-Type: {content_type}\r\n\
             Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn response(status: &str, content_type: &str, body: &str) -> Vec<u8> {
        let http = format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n{body}");
        record(
            "response",
            "application/http; msgtype=response",
            http.as_bytes(),
        )
    }

    fn read_all(bytes: Vec<u8>) -> Vec<Result<Record, Skip>> {
        let reader = Box::new(Cursor::new(bytes));
        WarcRecords::new(reader, "a.warc".to_owned(), 1 << 20).collect()
    }

    fn reasons(records: &[Result<Record, Skip>]) -> Vec<Option<SkipReason>> {
        records
            .iter()
            .map(|r| r.as_ref().err().map(|s| s.reason))
            .collect()
    }

    #[test]
    fn responses_yield_pages_and_other_records_are_accounted() {
        let mut warc = record("warcinfo", "application/warc-fields", b"software: test\r\n");
        warc.extend(record(
            "request",
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        warc.extend(response(
            "200 OK",
            "text/html; charset=ISO-8859-1",
            "<p>caf\u{e9}</p>",
        ));
        warc.extend(response("301 Moved", "text/html", ""));
        warc.extend(response("200 OK", "image/png", "PNG"));
        let records = read_all(warc);
        assert_eq!(
            reasons(&records),
            [
                Some(SkipReason::NotResponse),
                Some(SkipReason::NotResponse),
                None,
                Some(SkipReason::HttpStatus),
                Some(SkipReason::NotHtml),
            ]
        );
        let page = records[2].as_ref().unwrap();
        assert_eq!(page.metadata.url.as_deref(), Some("https://news.example/a"));
        assert_eq!(page.metadata.date_kind, Some(DateKind::Crawled));
        assert!(page.id.starts_with("a.warc@"));
        match &page.payload {
            Payload::Html { bytes, charset } => {
                assert_eq!(bytes, "<p>caf\u{e9}</p>".as_bytes());
                assert_eq!(charset.as_deref(), Some("iso-8859-1"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_content_length_too_long_loses_only_its_own_record() {
        let mut first = response("200 OK", "text/html", "<p>one</p>");
        let text = String::from_utf8(first.clone()).unwrap();
        let lying = text.replacen(
            &format!(
                "Content-Length: {}",
                text.len() - text.find("HTTP/").unwrap() - 4
            ),
            "Content-Length: 90",
            1,
        );
        assert_ne!(lying, text);
        first = lying.into_bytes();
        first.extend(response(
            "200 OK",
            "text/html",
            "<p>two, a long enough page body here</p>",
        ));
        first.extend(response("200 OK", "text/html", "<p>three</p>"));
        let records = read_all(first);
        assert_eq!(reasons(&records), [Some(SkipReason::Malformed), None, None]);
    }

    #[test]
    fn a_content_length_too_short_is_caught_and_reading_resumes() {
        let good = response("200 OK", "text/html", "<p>one two three four five</p>");
        let text = String::from_utf8(good.clone()).unwrap();
        let length = text.len() - text.find("HTTP/").unwrap() - 4;
        let mut warc = text
            .replacen(
                &format!("Content-Length: {length}"),
                "Content-Length: 20",
                1,
            )
            .into_bytes();
        warc.extend(good);
        let records = read_all(warc);
        assert_eq!(reasons(&records), [Some(SkipReason::Malformed), None]);
    }

    #[test]
    fn garbage_between_records_and_a_cut_end_are_reported() {
        let mut warc = b"this is not a warc file\r\nnor this\r\n".to_vec();
        warc.extend(response("200 OK", "text/html", "<p>one</p>"));
        let whole = response("200 OK", "text/html", "<p>two</p>");
        warc.extend_from_slice(&whole[..whole.len() - 12]);
        let records = read_all(warc);
        assert_eq!(
            reasons(&records),
            [
                Some(SkipReason::Malformed),
                None,
                Some(SkipReason::Truncated)
            ]
        );
        assert!(records[0]
            .as_ref()
            .unwrap_err()
            .detail
            .contains("35 bytes skipped"));
    }

    #[test]
    fn chunked_and_gzipped_bodies_are_decoded() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
        assert_eq!(dechunk(b"4\r\nWi"), None);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"<p>zipped</p>").unwrap();
        let body = gz.finish().unwrap();
        let mut http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        http.extend(body);
        match http_payload(&http).unwrap() {
            Payload::Html { bytes, .. } => assert_eq!(bytes, b"<p>zipped</p>"),
            other => panic!("{other:?}"),
        }
    }
}
