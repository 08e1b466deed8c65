//! Turning the bytes of one input into the text the extractor sees.
//!
//! The rule is that offsets in the output must refer to the text as the user has it. So valid
//! UTF-8 is used exactly as read: a byte-order mark stays in the text as U+FEFF and CRLF stays
//! CRLF. Anything else has to be decoded, and then offsets can only refer to the decoded text;
//! the warning that comes back says so.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How many leading bytes are examined to tell text from binary data.
const SNIFF_LEN: usize = 8 * 1024;

/// The text of one input, and what the user should be told about how it was obtained.
#[derive(Debug)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Warnings (not errors): the text is usable, but maybe not what the user expected.
    pub warnings: Vec<String>,
}

/// Why an input's bytes cannot be used as text.
#[derive(Debug, PartialEq, Eq)]
pub enum Undecodable {
    Binary,
}

impl std::fmt::Display for Undecodable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Undecodable::Binary => f.write_str("binary data, not text"),
        }
    }
}

/// Decodes `bytes`, taking ownership so that the common case (valid UTF-8) costs no copy, which
/// matters for documents of hundreds of megabytes. `charset` is what the source declared (an
/// HTTP header, an HTML meta tag); a byte-order mark overrides it, as in browsers.
pub fn decode(bytes: Vec<u8>, charset: Option<&str>) -> Result<Decoded, Undecodable> {
    let decoded = if let Some(utf16) = utf16_bom(&bytes) {
        // Checked before the binary sniffing: UTF-16 text is full of NUL bytes.
        decode_utf16(&bytes, utf16)
    } else {
        if looks_binary(&bytes) {
            return Err(Undecodable::Binary);
        }
        match charset.map(|label| (label, Encoding::for_label(label.trim().as_bytes()))) {
            // UTF-8 declared or not, valid UTF-8 is used as is (no copy).
            None => decode_bytes(bytes),
            Some((_, Some(encoding))) if encoding == UTF_8 => decode_bytes(bytes),
            Some((_, Some(encoding))) => decode_declared(&bytes, encoding),
            Some((label, None)) => {
                let mut decoded = decode_bytes(bytes);
                let label: String = label.chars().take(40).collect();
                decoded
                    .warnings
                    .insert(0, format!("unknown charset {label:?}, ignored"));
                decoded
            }
        }
    };
    // A UTF-16 BOM can also start a binary file; the decoded text shows it.
    if looks_binary(decoded.text.as_bytes()) {
        return Err(Undecodable::Binary);
    }
    Ok(decoded)
}

/// Decodes with the encoding the source declared; a wrong declaration shows as U+FFFD.
fn decode_declared(bytes: &[u8], encoding: &'static Encoding) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let warnings = if had_errors {
        vec![format!(
            "not valid {} as declared; some bytes were replaced by U+FFFD",
            encoding.name()
        )]
    } else {
        Vec::new()
    };
    Decoded {
        text: text.into_owned(),
        warnings,
    }
}

fn decode_bytes(bytes: Vec<u8>) -> Decoded {
    match String::from_utf8(bytes) {
        Ok(text) => Decoded {
            text,
            warnings: Vec::new(),
        },
        Err(err) if is_truncated_utf8(&err) => repair_truncated_utf8(err),
        Err(err) => {
            let bytes = err.into_bytes();
            let evidence = Utf8Evidence::of(&bytes);
            if evidence.is_mostly_utf8() {
                decode_damaged_utf8(&bytes, &evidence)
            } else {
                decode_legacy(&bytes)
            }
        }
    }
}

/// What bytes that are not all valid UTF-8 hold: evidence for UTF-8 with a few bad bytes (a
/// corrupted download, one stray Latin-1 byte pasted in) against a legacy encoding.
#[derive(Debug, PartialEq, Eq)]
struct Utf8Evidence {
    /// Valid multi-byte UTF-8 characters.
    multibyte: usize,
    /// Invalid sequences (each a byte, or the bytes of a character cut off), and the bytes in
    /// them.
    invalid: usize,
    invalid_bytes: usize,
    /// Offset of the first invalid byte.
    first_invalid: usize,
}

impl Utf8Evidence {
    fn of(bytes: &[u8]) -> Utf8Evidence {
        let mut evidence = Utf8Evidence {
            multibyte: 0,
            invalid: 0,
            invalid_bytes: 0,
            first_invalid: 0,
        };
        let mut offset = 0;
        for chunk in bytes.utf8_chunks() {
            let valid = chunk.valid().as_bytes();
            // Every multi-byte character has one lead byte, 0xC2 to 0xF4.
            evidence.multibyte += valid.iter().filter(|&&b| b >= 0xC0).count();
            offset += valid.len();
            let invalid = chunk.invalid();
            if !invalid.is_empty() {
                if evidence.invalid == 0 {
                    evidence.first_invalid = offset;
                }
                evidence.invalid += 1;
                evidence.invalid_bytes += invalid.len();
                offset += invalid.len();
            }
        }
        evidence
    }

    /// At least two valid multi-byte characters for each invalid sequence. Text in a legacy
    /// encoding forms a valid UTF-8 sequence only by chance (in windows-1252, a capital
    /// accented letter followed by a curly quote or a symbol), while nearly every other
    /// accented letter and quote in it is an invalid sequence: it has far fewer valid
    /// characters than invalid sequences, and UTF-8 text with a few bad bytes far more.
    fn is_mostly_utf8(&self) -> bool {
        self.multibyte > 0 && self.multibyte >= 2 * self.invalid
    }
}

/// Decodes text that is UTF-8 but for a few bytes: they become U+FFFD, and everything else
/// stays as it is, instead of turning every curly quote into mojibake by decoding the whole
/// text in a legacy encoding.
fn decode_damaged_utf8(bytes: &[u8], evidence: &Utf8Evidence) -> Decoded {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let (count, noun) = match evidence.invalid_bytes {
        1 => ("1".to_owned(), "byte"),
        n => (n.to_string(), "bytes"),
    };
    let first = if evidence.invalid_bytes == 1 {
        "at"
    } else {
        "the first at"
    };
    let warning = format!(
        "not valid UTF-8: {count} invalid {noun} ({first} byte {}) replaced by U+FFFD, the rest \
         is UTF-8; offsets refer to the decoded text",
        evidence.first_invalid
    );
    Decoded {
        text,
        warnings: vec![warning],
    }
}

/// True for text cut in the middle of its last character (`head -c`, a partial download), which
/// is UTF-8 all the same and must not be sent to the legacy-encoding detector.
fn is_truncated_utf8(err: &std::string::FromUtf8Error) -> bool {
    let utf8 = err.utf8_error();
    utf8.error_len().is_none() && err.as_bytes().len() - utf8.valid_up_to() < 4
}

fn repair_truncated_utf8(err: std::string::FromUtf8Error) -> Decoded {
    let valid = err.utf8_error().valid_up_to();
    let mut bytes = err.into_bytes();
    bytes.truncate(valid);
    let mut text = String::from_utf8(bytes).expect("the prefix up to valid_up_to is UTF-8");
    text.push(char::REPLACEMENT_CHARACTER);
    Decoded {
        text,
        warnings: vec![
            "ends in the middle of a UTF-8 character; the incomplete bytes were replaced by U+FFFD"
                .to_owned(),
        ],
    }
}

/// Decodes text that is not UTF-8 with the legacy encoding chardetng finds most likely (the
/// detector of Firefox, tuned on real web text, so Windows-1252 for Western European text).
fn decode_legacy(bytes: &[u8]) -> Decoded {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    // UTF-8 is already ruled out, and there is no top-level domain to hint with.
    let encoding = detector.guess(None, false);
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let warning = format!(
        "not UTF-8; decoded as {} (detected), offsets refer to the decoded text",
        encoding.name()
    );
    decoded_with_warning(text, had_errors, warning)
}

/// The decoded text, with a warning that says how it was decoded and whether bytes were lost.
fn decoded_with_warning(
    text: std::borrow::Cow<'_, str>,
    had_errors: bool,
    mut warning: String,
) -> Decoded {
    if had_errors {
        warning.push_str("; some bytes could not be decoded and were replaced by U+FFFD");
    }
    Decoded {
        text: text.into_owned(),
        warnings: vec![warning],
    }
}

fn utf16_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(UTF_16LE),
        [0xFE, 0xFF, ..] => Some(UTF_16BE),
        _ => None,
    }
}

fn decode_utf16(bytes: &[u8], encoding: &'static Encoding) -> Decoded {
    let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
    let warning = format!(
        "{} (byte-order mark); decoded without the mark, offsets refer to the decoded text",
        encoding.name()
    );
    decoded_with_warning(text, had_errors, warning)
}

/// Binary data: a NUL byte, or more than one control byte in ten, among the first bytes. Tabs,
/// line breaks, form feeds and escapes (coloured terminal output) are text.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample.iter().filter(|&&b| is_binary_control(b)).count();
    controls * 10 > sample.len()
}

fn is_binary_control(byte: u8) -> bool {
    matches!(byte, 0x01..=0x08 | 0x0E..=0x1A | 0x1C..=0x1F | 0x7F)
}

/// Nothing but whitespace (and maybe a byte-order mark, which is not whitespace to Rust).
pub(crate) fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(bytes: &[u8]) -> Decoded {
        decode(bytes.to_vec(), None).expect("decodes")
    }

    #[test]
    fn utf8_is_kept_byte_for_byte_with_its_bom_and_crlf() {
        let input = "\u{FEFF}“Yes,” she said.\r\n";
        let decoded = text_of(input.as_bytes());
        assert_eq!(decoded.text, input);
        assert!(decoded.warnings.is_empty());
    }

    #[test]
    fn windows_1252_is_detected_and_decoded() {
        let bytes = b"\x93We will win,\x94 said the minist\xe8re, and the caf\xe9 owner agreed.";
        let decoded = text_of(bytes);
        assert!(decoded.text.starts_with("“We will win,” said"));
        assert!(
            decoded.warnings[0].contains("windows-1252"),
            "{:?}",
            decoded.warnings
        );
    }

    #[test]
    fn nul_bytes_and_control_bytes_mean_binary() {
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00".to_vec(), None).unwrap_err(),
            Undecodable::Binary
        );
        assert_eq!(
            decode(b"\x01\x02\x03\x04abcdef".to_vec(), None).unwrap_err(),
            Undecodable::Binary
        );
    }

    #[test]
    fn a_few_control_bytes_are_still_text() {
        let decoded = text_of(b"page one\x0cpage two, \x1b[1mbold\x1b[0m, and a tab\there");
        assert!(decoded.warnings.is_empty());
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Hi, “you”".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = text_of(&bytes);
        assert_eq!(decoded.text, "Hi, “you”");
        assert!(decoded.warnings[0].contains("UTF-16LE"));
    }

    #[test]
    fn truncated_utf8_keeps_its_text() {
        let mut bytes = "Zoë said “no".as_bytes().to_vec();
        bytes.extend_from_slice(&"”".as_bytes()[..2]);
        let decoded = text_of(&bytes);
        assert_eq!(decoded.text, "Zoë said “no\u{FFFD}");
        assert!(decoded.warnings[0].contains("middle of a UTF-8 character"));
    }

    #[test]
    fn a_declared_charset_is_used_and_an_unknown_one_reported() {
        let decoded = decode(b"caf\xe9".to_vec(), Some("ISO-8859-1")).unwrap();
        assert_eq!(decoded.text, "café");
        assert!(decoded.warnings.is_empty());
        let decoded = decode(b"caf\xc3\xa9".to_vec(), Some("x-klingon")).unwrap();
        assert_eq!(decoded.text, "café");
        assert!(decoded.warnings[0].contains("unknown charset"));
    }

    #[test]
    fn utf8_with_a_few_bad_bytes_stays_utf8() {
        let mut bytes = "\u{201c}We will win,\u{201d} she said. \u{201c}Yes.\u{201d}"
            .as_bytes()
            .to_vec();
        bytes.insert(20, 0xFF);
        let decoded = text_of(&bytes);
        assert_eq!(
            decoded.text,
            "\u{201c}We will win,\u{201d} s\u{FFFD}he said. \u{201c}Yes.\u{201d}"
        );
        assert_eq!(decoded.warnings.len(), 1);
        assert!(
            decoded.warnings[0].contains("1 invalid byte (at byte 20)"),
            "{:?}",
            decoded.warnings
        );
    }

    #[test]
    fn legacy_text_with_a_chance_utf8_sequence_is_still_legacy() {
        // "É’" (0xC9 0x92) happens to be valid UTF-8; the other accents are not.
        let bytes = b"L\xc9\x92T\xc9 \x93caf\xe9\x94, said the minist\xe8re.";
        let decoded = text_of(bytes);
        assert!(decoded.text.contains("“café”"), "{}", decoded.text);
        assert!(decoded.warnings[0].contains("windows-1252"));
        assert_eq!(
            Utf8Evidence::of(bytes),
            Utf8Evidence {
                multibyte: 1,
                invalid: 4,
                invalid_bytes: 5,
                first_invalid: 4,
            }
        );
    }
}
