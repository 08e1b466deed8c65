//! How much work html5ever's serializer does on a text node or an attribute value, so that
//! no single one can make it quadratic.
//!
//! dom_smoothie always serializes the article it found (`Article::content`), and html5ever's
//! `HtmlSerializer::write_escaped` looks for the next character to escape with two searches:
//! first for the next `<` or `>` (or `"` in an attribute), over the whole rest of the string,
//! then for `&` or the byte 0xC2 (the lead byte of U+0080–U+00BF, NBSP among them) within
//! what the first search covered. It starts again after every escapable character, so a text
//! of many `&` and no `<` costs the number of `&` times the length: a 7 MB paragraph of
//! `a&amp;b ` takes minutes. [`Scan`] counts those bytes exactly, and the parse keeps every
//! text node and attribute value under [`MAX_SERIALIZER_SCAN`] by splitting the text node or
//! cutting the value.

/// The most bytes the serializer may scan for one text node or attribute value. Real pages
/// stay far below it (a news page's longest paragraph costs a few tens of thousands), and
/// with it the serializer scans at most about a thousand bytes per byte of text, which keeps
/// the largest page the parser takes to a second or two.
pub const MAX_SERIALIZER_SCAN: u64 = 1 << 20;

/// The serializer's searches over one string, byte by byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scan {
    /// Searches that have started and not yet met the byte they look for: each of them reads
    /// every byte that comes until then.
    open: u64,
    /// Bytes read by all searches so far.
    scanned: u64,
    /// The bytes that end the long search: `<` `>` in text, also `"` in an attribute.
    in_attribute: bool,
}

impl Scan {
    /// A text node's scan, before its first byte.
    pub fn text() -> Scan {
        Scan {
            open: 1,
            scanned: 0,
            in_attribute: false,
        }
    }

    /// An attribute value's scan, before its first byte.
    pub fn attribute() -> Scan {
        Scan {
            in_attribute: true,
            ..Scan::text()
        }
    }

    /// Bytes the serializer has scanned so far.
    #[cfg(test)]
    pub fn scanned(&self) -> u64 {
        self.scanned
    }

    /// Takes one more byte.
    fn push(&mut self, byte: u8) {
        self.scanned = self.scanned.saturating_add(self.open);
        match byte {
            b'<' | b'>' => self.open = 1,
            b'"' if self.in_attribute => self.open = 1,
            b'&' | 0xC2 => self.open = self.open.saturating_add(1),
            _ => {}
        }
    }

    /// Takes every byte of `bytes`: the same as [`Scan::push`] on each, a run of bytes that
    /// change nothing at a time (each of them adds `open`, and saturating sums of equal terms
    /// are a saturating product).
    fn push_all(&mut self, bytes: &[u8]) {
        let in_attribute = self.in_attribute;
        let special = |byte: &u8| {
            matches!(byte, b'<' | b'>' | b'&' | 0xC2) || (*byte == b'"' && in_attribute)
        };
        let mut rest = bytes;
        while let Some(at) = rest.iter().position(special) {
            self.scanned = (self.scanned).saturating_add(self.open.saturating_mul(at as u64));
            self.push(rest[at]);
            rest = &rest[at + 1..];
        }
        self.scanned = (self.scanned).saturating_add(self.open.saturating_mul(rest.len() as u64));
    }

    /// Takes the longest prefix of `text` that keeps the scan within `limit` and ends on a
    /// character boundary, and returns its length: `text.len()` when all of it fits.
    pub fn take(&mut self, text: &str, limit: u64) -> usize {
        // Almost every text fits: count it in runs between the bytes that change the open
        // searches, and only go byte by byte (minding char boundaries) when it does not.
        let mut whole = *self;
        whole.push_all(text.as_bytes());
        if whole.scanned <= limit {
            *self = whole;
            return text.len();
        }
        let mut scan = *self;
        let mut fits = 0;
        for (at, &byte) in text.as_bytes().iter().enumerate() {
            scan.push(byte);
            if scan.scanned > limit {
                break;
            }
            if text.is_char_boundary(at + 1) {
                fits = at + 1;
                *self = scan;
            }
        }
        fits
    }
}

/// `value` cut so that serializing it as an attribute scans at most `limit` bytes; unchanged
/// (and not copied) when it already does.
pub fn cut_attribute(value: &str, limit: u64) -> Option<&str> {
    let fits = Scan::attribute().take(value, limit);
    (fits < value.len()).then(|| &value[..fits])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(scan: Scan, text: &str) -> u64 {
        let mut scan = scan;
        assert_eq!(scan.take(text, u64::MAX), text.len());
        scan.scanned
    }

    #[test]
    fn plain_text_is_read_once() {
        assert_eq!(scanned(Scan::text(), "hello world"), 11);
    }

    #[test]
    fn every_ampersand_starts_a_search_over_the_rest() {
        // One search from the start and one after each '&', each to the end.
        assert_eq!(scanned(Scan::text(), "a&b&c"), 5 + 3 + 1);
        let long = "a&b ".repeat(1000);
        assert!(scanned(Scan::text(), &long) > 1000 * 1000);
        // NBSP and « are escapable too (their first byte is 0xC2).
        assert!(scanned(Scan::text(), &"\u{a0}x".repeat(1000)) > 1000 * 1000);
    }

    #[test]
    fn a_bracket_ends_the_searches_that_are_open() {
        let text = "a&b&c>".repeat(1000);
        assert!(scanned(Scan::text(), &text) < 20 * text.len() as u64);
        // A quote ends them only in an attribute.
        let quoted = "a&b&c\"".repeat(1000);
        assert!(scanned(Scan::attribute(), &quoted) < 20 * quoted.len() as u64);
        assert!(scanned(Scan::text(), &quoted) > 1000 * 1000);
    }

    #[test]
    fn runs_count_the_same_as_bytes() {
        let texts = [
            "",
            "plain",
            "a&b&c>d\"e&f\u{a0}g<h",
            "&&&&\"\"<<>>&&",
            "é&ü\u{c2}\"x",
        ];
        for text in texts {
            for start in [Scan::text(), Scan::attribute()] {
                let mut bytewise = start;
                text.bytes().for_each(|b| bytewise.push(b));
                let mut runs = start;
                runs.push_all(text.as_bytes());
                assert_eq!(runs, bytewise, "{text:?}");
                // Saturation: a scan near the top stays at the top either way.
                let mut high = start;
                high.scanned = u64::MAX - 3;
                high.open = u64::MAX / 2;
                let (mut a, mut b) = (high, high);
                text.bytes().for_each(|x| a.push(x));
                b.push_all(text.as_bytes());
                assert_eq!(a, b, "{text:?}");
            }
        }
    }

    #[test]
    fn take_stops_before_the_limit_on_a_character_boundary() {
        let text = "é&".repeat(10_000);
        let mut scan = Scan::text();
        let fits = scan.take(&text, 50_000);
        assert!(fits > 0 && fits < text.len());
        assert!(text.is_char_boundary(fits));
        assert!(scan.scanned <= 50_000);
        // The next character would have gone over.
        let mut more = scan;
        let next = text[fits..].chars().next().unwrap();
        assert_eq!(more.take(&text[fits..fits + next.len_utf8()], 50_000), 0);
    }

    #[test]
    fn an_attribute_is_cut_only_when_it_costs_too_much() {
        assert_eq!(cut_attribute("a&b", 100), None);
        let value = "a&amp;b ".repeat(10_000);
        let cut = cut_attribute(&value, MAX_SERIALIZER_SCAN).unwrap();
        assert!(cut.len() < value.len());
        assert!(value.starts_with(cut));
    }
}
