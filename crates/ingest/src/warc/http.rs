//! The page inside a WARC `response` record: an HTTP response whose status is checked, whose
//! headers give the content type, charset and encodings, and whose body is de-chunked and
//! inflated (never past the record size limit).

use std::io;

use super::{find, parse_header};
use crate::limited;
use crate::{Payload, SkipReason};

pub(super) fn is_http(content_type: &str) -> bool {
    content_type
        .to_ascii_lowercase()
        .starts_with("application/http")
}

/// The page inside an HTTP response block: status checked, headers read for the content type,
/// charset and encodings, body decoded.
pub(super) fn http_payload(block: &[u8], max_bytes: u64) -> Result<Payload, (SkipReason, String)> {
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
            body = match inflate(&body, encoding, max_bytes) {
                Ok(Some(inflated)) => inflated,
                Ok(None) => {
                    let limit = crate::human_bytes(max_bytes);
                    let detail = format!(
                        "{encoding} body inflates to more than {limit}, the --max-bytes limit"
                    );
                    return Err((SkipReason::TooLarge, detail));
                }
                Err(err) => {
                    let detail = format!("{encoding} body does not decompress: {err}");
                    return Err((SkipReason::BadEncoding, detail));
                }
            };
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
pub(super) fn typed_payload(content_type: &str, body: Vec<u8>) -> Result<Payload, String> {
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

pub(super) fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
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

/// A compressed body inflated, if it inflates to at most `max_bytes` (a few kilobytes of
/// zeros inflate to gigabytes, so the output is bounded, not the input).
fn inflate(body: &[u8], encoding: &str, max_bytes: u64) -> io::Result<Option<Vec<u8>>> {
    if encoding == "deflate" {
        // Servers send zlib-wrapped deflate as the RFC says, or raw deflate as IIS did.
        let zlib = limited::read_at_most(&mut flate2::read::ZlibDecoder::new(body), max_bytes);
        if let Ok(inflated) = zlib {
            return Ok(inflated);
        }
        limited::read_at_most(&mut flate2::read::DeflateDecoder::new(body), max_bytes)
    } else {
        limited::read_at_most(&mut flate2::read::MultiGzDecoder::new(body), max_bytes)
    }
}
