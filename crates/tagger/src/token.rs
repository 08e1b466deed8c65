//! What the tagger knows about one token on its own: its normalised form, the hashes of its
//! word, affixes and shape, and its capitalisation flags, computed once per token so that the
//! features of a position (in `features`) are only cheap mixes of these hashes.
//!
//! Changing anything here changes the keys a model was trained with: bump
//! `features::FEATURE_VERSION` and retrain.

use crate::tag::Tag;
use whosaid_modelfile::fmix;

// Token flags.
pub(crate) const F_CAP: u8 = 1; // first character is an uppercase letter
pub(crate) const F_ALLCAPS: u8 = 2; // at least two letters and no lowercase letter
pub(crate) const F_DIGIT: u8 = 4; // contains a digit
pub(crate) const F_HYPHEN: u8 = 8; // contains a hyphen between two other characters
pub(crate) const F_ALPHA: u8 = 16; // first character is a letter
pub(crate) const F_QUOTELIKE: u8 = 32; // opening quote, colon, dash or bracket: the next word may be capitalised

/// What the tagger knows about one token before tagging.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TokInfo {
    /// Hash of the normalised (lowercased, digit-folded) form.
    pub word: u64,
    /// Hash of the normalised form with its case kept: the tag-dictionary key.
    pub cased: u64,
    /// Hashes of the 1, 2 and 3 character prefixes of the normalised form.
    pub pre: [u64; 3],
    /// Hashes of the 1, 2 and 3 character suffixes of the normalised form.
    pub suf: [u64; 3],
    /// Ambiguity class: the set of tags the word had in training (bit per tag), 0 if unknown
    /// or too rare. Set by `SentenceInfo::fill`.
    pub class: u64,
    /// Hash of the word shape (`Xxx`, `dddd`, `X.X.`, `xx-xx`).
    pub shape: u64,
    /// `F_*` bits.
    pub flags: u8,
    /// A tag fixed by the token alone (curly double quotes and guillemets), or `u8::MAX`.
    pub forced: u8,
    /// Position class, set by `SentenceInfo::fill`: 0 = first word (only punctuation
    /// before it), 1 = right after an opening quote, colon, dash or bracket, 2 = elsewhere.
    pub pos: u8,
}

pub(crate) const K: u64 = 0x517c_c1b7_2722_0a95;

/// FxHash-style hash of a byte string, finalised.
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ v).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = (h.rotate_left(5) ^ le_u64(rest)).wrapping_mul(K);
    }
    fmix(h ^ (bytes.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// At most 8 bytes as a little-endian `u64`, zero-padded. (Built byte by byte because copying
/// them into an 8-byte buffer costs a `memcpy` call for a slice of unknown length.)
#[inline]
fn le_u64(bytes: &[u8]) -> u64 {
    debug_assert!(bytes.len() <= 8);
    bytes
        .iter()
        .enumerate()
        .fold(0, |v, (i, &b)| v | u64::from(b) << (8 * i))
}

/// Appends the normalised form of `token` to `out`: the form the word features look at.
///
/// Lowercases, turns every digit into `0`, curly apostrophes into `'`, quote tokens into `"`,
/// en and em dashes into `--`, `…` into `...`. Exposed so that tests (and curious callers) can see
/// what the model sees.
pub fn normalize(token: &str, out: &mut String) {
    normalize_with(token, true, out)
}

/// [`normalize`], optionally keeping the case of letters.
fn normalize_with(token: &str, lowercase: bool, out: &mut String) {
    if is_double_quote_token(token) {
        out.push('"');
        return;
    }
    match token {
        "\u{2014}" | "\u{2013}" | "\u{2015}" | "\u{2012}" => {
            out.push_str("--");
            return;
        }
        "\u{2026}" => {
            out.push_str("...");
            return;
        }
        _ => {}
    }
    for c in token.chars() {
        if c.is_ascii() {
            let c = if c.is_ascii_digit() {
                '0'
            } else if lowercase {
                c.to_ascii_lowercase()
            } else {
                c
            };
            out.push(c);
        } else {
            match c {
                '\u{2019}' | '\u{2018}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '`' => {
                    out.push('\'')
                }
                '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
                '\u{2010}' | '\u{2011}' => out.push('-'),
                c if c.is_numeric() => out.push('0'),
                c if lowercase => out.extend(c.to_lowercase()),
                c => out.push(c),
            }
        }
    }
}

/// A token made only of double-quote marks, in any of their spellings.
fn is_double_quote_token(token: &str) -> bool {
    matches!(
        token,
        "\"" | "``"
            | "''"
            | "\u{201C}"
            | "\u{201D}"
            | "\u{201E}"
            | "\u{201F}"
            | "\u{00AB}"
            | "\u{00BB}"
            | "\u{2018}\u{2018}"
            | "\u{2019}\u{2019}"
            | "\u{2018}\u{2019}"
            | "\u{301D}"
            | "\u{301E}"
    )
}

/// The tag a token must have whatever its context: curly double quotes and guillemets say
/// which side they are on, unlike `"`.
fn forced_tag(token: &str) -> u8 {
    match token {
        "\u{201C}" | "\u{201E}" | "\u{00AB}" | "``" | "\u{2018}\u{2018}" => Tag::OpenQuote as u8,
        "\u{201D}" | "\u{00BB}" | "\u{2019}\u{2019}" => Tag::CloseQuote as u8,
        _ => u8::MAX,
    }
}

/// Shape class of a character: `X`, `x`, `d`, or the character itself for punctuation.
#[inline]
fn shape_class(c: char) -> u32 {
    if c.is_ascii_lowercase() {
        'x' as u32
    } else if c.is_ascii_uppercase() {
        'X' as u32
    } else if c.is_ascii_digit() {
        'd' as u32
    } else if c.is_ascii() {
        c as u32
    } else if c.is_uppercase() {
        'X' as u32
    } else if c.is_alphabetic() {
        'x' as u32
    } else if c.is_numeric() {
        'd' as u32
    } else {
        match c {
            '\u{2019}' | '\u{2018}' => '\'' as u32,
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"' as u32,
            '\u{2013}' | '\u{2014}' | '\u{2010}' | '\u{2011}' => '-' as u32,
            _ => '*' as u32,
        }
    }
}

/// An affix (at most 3 characters) as a `u64`: its bytes and length packed when they fit,
/// a hash otherwise. Cheaper than hashing, and the feature key mixes it anyway.
#[inline]
fn pack_affix(bytes: &[u8]) -> u64 {
    if bytes.len() <= 7 {
        le_u64(bytes) | (bytes.len() as u64) << 56
    } else {
        hash_bytes(bytes)
    }
}

/// Character-class bookkeeping shared by both paths of [`token_info`].
struct ShapeState {
    shape: u64,
    last: u32,
    run: u32,
    n_sym: u32,
}

impl ShapeState {
    fn new() -> ShapeState {
        ShapeState {
            shape: 0x1234_5678,
            last: 0,
            run: 0,
            n_sym: 0,
        }
    }

    /// Adds one character class: runs are cut to 2 (4 for digits), at most 10 symbols.
    #[inline]
    fn push(&mut self, class: u32) {
        if class == self.last {
            self.run += 1;
        } else {
            self.last = class;
            self.run = 1;
        }
        let limit = if class == 'd' as u32 { 4 } else { 2 };
        if self.run <= limit && self.n_sym < 10 {
            self.shape = (self.shape.rotate_left(7) ^ class as u64).wrapping_mul(K);
            self.n_sym += 1;
        }
    }
}

/// Computes what the features need to know about one token; `buf` is scratch space.
pub(crate) fn token_info(token: &str, buf: &mut String) -> TokInfo {
    let b = token.as_bytes();
    // Most tokens are short ASCII words: they take a fast path with the same results. Tokens
    // that normalisation treats as a whole (quotes, dashes, brackets) start with one of these
    // bytes and take the general path.
    if b.len() <= 32
        && token.is_ascii()
        && !matches!(
            b.first(),
            None | Some(b'"' | b'`' | b'\'' | b':' | b'(' | b'[' | b'-')
        )
    {
        token_info_ascii(b)
    } else {
        token_info_general(token, buf)
    }
}

/// [`token_info`] for ASCII tokens of at most 32 bytes that are not quote-like.
fn token_info_ascii(b: &[u8]) -> TokInfo {
    let n = b.len();
    let mut lower = [0u8; 32];
    let mut cased = [0u8; 32];
    let mut st = ShapeState::new();
    let mut flags = 0u8;
    let mut n_letters = 0u32;
    let mut has_lower = false;
    let mut has_upper = false;
    for (i, &c) in b.iter().enumerate() {
        let (class, low, case) = match c {
            b'a'..=b'z' => {
                n_letters += 1;
                has_lower = true;
                (b'x', c, c)
            }
            b'A'..=b'Z' => {
                n_letters += 1;
                has_upper = true;
                (b'X', c + 32, c)
            }
            b'0'..=b'9' => {
                flags |= F_DIGIT;
                (b'd', b'0', b'0')
            }
            _ => {
                if c == b'-' && i > 0 && i + 1 < n {
                    flags |= F_HYPHEN;
                }
                (c, c, c)
            }
        };
        lower[i] = low;
        cased[i] = case;
        st.push(class as u32);
    }
    match b[0] {
        b'A'..=b'Z' => flags |= F_CAP | F_ALPHA,
        b'a'..=b'z' => flags |= F_ALPHA,
        _ => {}
    }
    if n_letters >= 2 && !has_lower {
        flags |= F_ALLCAPS;
    }
    let lower = &lower[..n];
    let word = hash_bytes(lower);
    let mut pre = [0u64; 3];
    let mut suf = [0u64; 3];
    for k in 0..3 {
        let len = (k + 1).min(n);
        pre[k] = pack_affix(&lower[..len]);
        suf[k] = pack_affix(&lower[n - len..]);
    }
    TokInfo {
        word,
        cased: if has_upper {
            hash_bytes(&cased[..n])
        } else {
            word
        },
        class: 0,
        pre,
        suf,
        shape: fmix(st.shape),
        flags,
        forced: u8::MAX,
        pos: 0,
    }
}

/// [`token_info`] for any token.
pub(crate) fn token_info_general(token: &str, buf: &mut String) -> TokInfo {
    let cased = if token.chars().any(char::is_uppercase) {
        buf.clear();
        normalize_with(token, false, buf);
        Some(hash_bytes(buf.as_bytes()))
    } else {
        None
    };
    buf.clear();
    normalize(token, buf);
    let word = hash_bytes(buf.as_bytes());
    let cased = cased.unwrap_or(word);
    // Prefixes and suffixes of 1..=3 characters; a shorter word is its own affix.
    let bytes = buf.as_bytes();
    let mut pre = [pack_affix(bytes); 3];
    let mut suf = pre;
    for (k, (i, c)) in buf.char_indices().take(3).enumerate() {
        pre[k] = pack_affix(&bytes[..i + c.len_utf8()]);
    }
    for (k, (i, _)) in buf.char_indices().rev().take(3).enumerate() {
        suf[k] = pack_affix(&bytes[i..]);
    }

    let mut st = ShapeState::new();
    let mut flags = 0u8;
    let mut n_letters = 0u32;
    let mut has_lower = false;
    let n_chars = token.chars().count();
    for (idx, c) in token.chars().enumerate() {
        let class = shape_class(c);
        if idx == 0 {
            if c.is_uppercase() {
                flags |= F_CAP;
            }
            if c.is_alphabetic() {
                flags |= F_ALPHA;
            }
        }
        if c.is_alphabetic() {
            n_letters += 1;
            if c.is_lowercase() {
                has_lower = true;
            }
        }
        if c.is_numeric() {
            flags |= F_DIGIT;
        }
        if class == '-' as u32 && idx > 0 && idx + 1 < n_chars {
            flags |= F_HYPHEN;
        }
        st.push(class);
    }
    if n_letters >= 2 && !has_lower {
        flags |= F_ALLCAPS;
    }
    if is_double_quote_token(token)
        || matches!(
            token,
            "'" | "\u{2018}" | ":" | "(" | "[" | "--" | "-" | "\u{2014}" | "\u{2013}"
        )
    {
        flags |= F_QUOTELIKE;
    }
    TokInfo {
        word,
        cased,
        class: 0,
        pre,
        suf,
        shape: fmix(st.shape),
        flags,
        forced: forced_tag(token),
        pos: 0,
    }
}

/// The case-preserving hash of `token`'s normalised form: the tag-dictionary key.
pub(crate) fn cased_hash(token: &str) -> u64 {
    token_info(token, &mut String::new()).cased
}

/// The hash of `token`'s lowercased normalised form: the word feature and class key.
pub(crate) fn word_hash(token: &str) -> u64 {
    token_info(token, &mut String::new()).word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        let mut out = String::new();
        normalize(s, &mut out);
        out
    }

    #[test]
    fn normalisation() {
        assert_eq!(norm("Rutte"), "rutte");
        assert_eq!(norm("\u{2019}s"), "'s");
        assert_eq!(norm("n\u{2019}t"), "n't");
        assert_eq!(norm("\u{201C}"), "\"");
        assert_eq!(norm("``"), "\"");
        assert_eq!(norm("1,000.5"), "0,000.0");
        assert_eq!(norm("2024"), "0000");
        assert_eq!(norm("\u{2014}"), "--");
        assert_eq!(norm("\u{2026}"), "...");
        assert_eq!(norm("US-based"), "us-based");
    }

    #[test]
    fn curly_and_straight_spellings_share_features() {
        let mut buf = String::new();
        let a = token_info("\u{2019}s", &mut buf);
        let b = token_info("'s", &mut buf);
        assert_eq!(a.word, b.word);
        assert_eq!(a.shape, b.shape);
        assert_eq!(
            token_info("\u{201C}", &mut buf).forced,
            Tag::OpenQuote as u8
        );
        assert_eq!(token_info("\"", &mut buf).forced, u8::MAX);
    }

    #[test]
    fn ascii_fast_path_matches_general_path() {
        let mut buf = String::new();
        for t in [
            "Rutte",
            "said",
            "US-based",
            "two-day",
            "2024",
            "$",
            "1,000.5",
            "NATO",
            "a",
            "I",
            "n't",
            "x-",
            "e-mail",
            "3D",
            "iPhone",
            "McDonald's",
            "!!",
            "...",
            "%",
            "AbC-dEf-123",
            "Ab1",
        ] {
            let fast = token_info_ascii(t.as_bytes());
            let general = token_info_general(t, &mut buf);
            assert_eq!(fast.word, general.word, "{t}");
            assert_eq!(fast.cased, general.cased, "{t}");
            assert_eq!(fast.pre, general.pre, "{t}");
            assert_eq!(fast.suf, general.suf, "{t}");
            assert_eq!(fast.shape, general.shape, "{t}");
            assert_eq!(fast.flags, general.flags, "{t}");
            assert_eq!(fast.forced, general.forced, "{t}");
        }
    }
}
