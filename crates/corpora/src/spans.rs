//! Char-offset spans and the normalisation that exact matching applies to them.
//!
//! Every offset in this crate counts Unicode code points (chars), end exclusive, as PolNeAR's
//! BRAT files and whosaid's output spans do.

use serde::{Deserialize, Serialize};

/// A half-open range `start..end` of char offsets into an article's text. A discontinuous
/// annotation is a list of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Fragment {
    /// The first char.
    pub start: usize,
    /// The char after the last one.
    pub end: usize,
}

impl Fragment {
    /// The fragment `start..end`.
    pub fn new(start: usize, end: usize) -> Fragment {
        Fragment { start, end }
    }

    /// Number of chars (0 if `end` is before `start`).
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the fragment holds no char.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of chars the two fragments share.
    pub fn overlap(&self, other: &Fragment) -> usize {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        end.saturating_sub(start)
    }

    /// The fragment's text, or `""` where it falls outside `chars`.
    pub fn text(&self, chars: &[char]) -> String {
        let end = self.end.min(chars.len());
        let start = self.start.min(end);
        chars[start..end].iter().collect()
    }
}

/// Quotation marks, straight and typographic, single and double. Exact matching trims all of
/// them: whether a span includes the quote marks around it is an annotation convention, not a
/// difference in what was found.
pub fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '\u{201C}' // “
            | '\u{201D}' // ”
            | '\u{2018}' // ‘
            | '\u{2019}' // ’
            | '\u{201A}' // ‚
            | '\u{201B}' // ‛
            | '\u{201E}' // „
            | '\u{201F}' // ‟
            | '\u{00AB}' // «
            | '\u{00BB}' // »
            | '\u{2039}' // ‹
            | '\u{203A}' // ›
    )
}

/// Double quotation marks as single characters. Single quotes are left out because ’ and '
/// are far more often apostrophes ("Clinton’s").
pub fn is_double_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
    )
}

/// Punctuation that exact matching strips from the edges of a span: where a sentence-final
/// period or the comma before "he said" ends up is an annotation convention too. The horizontal
/// bar ― is not in the usual lists but PolNeAR uses it like a dash (24 dev cues are a bare ―).
pub fn is_edge_punctuation(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | ':'
            | ';'
            | '!'
            | '?'
            | '\u{2014}' // —
            | '\u{2013}' // –
            | '\u{2015}' // ― (HuffPost's “…” ― Name quote style)
            | '-'
            | '('
            | ')'
            | '\u{2026}' // …
    )
}

fn is_trimmable(c: char) -> bool {
    c.is_whitespace() || is_quote_mark(c) || is_edge_punctuation(c)
}

/// `fragment` with white space, quotation marks and edge punctuation stripped from both ends,
/// repeatedly (so `“Yes.”` becomes `Yes`). A fragment made only of such characters — PolNeAR
/// has cues that are a bare colon — is returned unchanged rather than emptied, so that it can
/// still be matched. Offsets outside `chars` are clamped to it.
pub fn trim(chars: &[char], fragment: Fragment) -> Fragment {
    let end = fragment.end.min(chars.len());
    let start = fragment.start.min(end);
    let mut s = start;
    let mut e = end;
    while s < e && is_trimmable(chars[s]) {
        s += 1;
    }
    while e > s && is_trimmable(chars[e - 1]) {
        e -= 1;
    }
    if s == e {
        Fragment::new(start, end)
    } else {
        Fragment::new(s, e)
    }
}

/// Whether `text` contains a double quotation mark: one of [`is_double_quote_mark`], or two
/// apostrophes in a row, which is how the New York Times texts in PolNeAR (and ASCII text
/// generally) write “ and ” (`''It has the important virtue of being fiscally responsible''`).
pub fn contains_quote_mark(text: &str) -> bool {
    contains_double_quote_char(text) || text.contains("''")
}

/// Whether `text` contains one of the characters of [`is_double_quote_mark`]. This narrower
/// test gives the data README's count of quoted contents, which leaves out
///  the New York Times' doubled apostrophes.
pub fn contains_double_quote_char(text: &str) -> bool {
    text.chars().any(is_double_quote_mark)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn trims_quotes_punctuation_and_space_repeatedly() {
        let c = chars("x “Yes, we can.” y");
        let f = trim(&c, Fragment::new(1, 17));
        assert_eq!(f.text(&c), "Yes, we can");
    }

    #[test]
    fn keeps_a_bare_colon() {
        let c = chars("Clinton: no");
        assert_eq!(trim(&c, Fragment::new(7, 8)), Fragment::new(7, 8));
    }

    #[test]
    fn clamps_out_of_range_fragments() {
        let c = chars("abc");
        assert_eq!(trim(&c, Fragment::new(2, 10)), Fragment::new(2, 3));
        assert_eq!(trim(&c, Fragment::new(5, 9)), Fragment::new(3, 3));
    }

    #[test]
    fn doubled_apostrophes_are_a_quotation_mark_but_apostrophes_are_not() {
        assert!(contains_quote_mark(
            "''It has the important virtue,'' he said"
        ));
        assert!(!contains_double_quote_char(
            "''It has the important virtue,'' he said"
        ));
        assert!(contains_quote_mark("“Yes”") && contains_double_quote_char("“Yes”"));
        assert!(!contains_quote_mark("Clinton's plan, the 'wall'"));
    }
}
