//! A bound on the work of html5ever's tokenizer on attributes, found before it reads them.
//!
//! html5ever's tokenizer checks each new attribute name against all the names the tag has so
//! far, so a tag with n distinct attributes costs n²/2 comparisons: 100,000 of them (700 KB)
//! take seconds, a 32 MiB page of them hours. The tokenizer builds the whole tag before the
//! tree builder or anything of ours sees it, so the bound has to come from the bytes.
//!
//! Which `<` starts a tag depends on the tokenizer's state (a `<b` inside a script, a comment
//! or an attribute value is not a tag), and that state depends on the tree builder (whether
//! `<style>` is raw text depends on being inside `<svg>`; `</svg>` may or may not close it).
//! Guessing that context wrongly would let a tag through unseen, so [`attribute_comparisons`]
//! does not guess: it follows the tag that *would* start at every `<` followed by a letter (or
//! `</` and a letter), wherever it is. Once a tag has started, the tokenizer's states up to its
//! `>` depend on the bytes alone, so each such candidate is followed exactly. Candidates that
//! reach the same state at the same byte go on alike, so only the one with the most attributes
//! is kept per state: at most [`STATES`] are followed at once, and the scan is linear. The
//! tokenizer is in one tag at a time, and that tag is one of the candidates, so adding up,
//! byte by byte, the most that any candidate would compare there bounds what it does.

/// The tokenizer's states inside a tag (HTML's "tag name state" and those after it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    TagName,
    BeforeAttributeName,
    AttributeName,
    AfterAttributeName,
    BeforeAttributeValue,
    DoubleQuotedValue,
    SingleQuotedValue,
    UnquotedValue,
    AfterQuotedValue,
    SelfClosingStartTag,
}

const STATES: usize = 10;

const ALL: [State; STATES] = [
    State::TagName,
    State::BeforeAttributeName,
    State::AttributeName,
    State::AfterAttributeName,
    State::BeforeAttributeValue,
    State::DoubleQuotedValue,
    State::SingleQuotedValue,
    State::UnquotedValue,
    State::AfterQuotedValue,
    State::SelfClosingStartTag,
];

/// What a byte does to a tag in `state`: the next state (`None` when the tag ends) and
/// whether the byte starts a new attribute. Follows the HTML tokenizer's rules; a NUL or CR
/// behaves here as the character html5ever makes of it (U+FFFD, LF) does.
fn step(state: State, byte: u8) -> (Option<State>, bool) {
    use State::*;
    let space = matches!(byte, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
    match state {
        TagName => match byte {
            _ if space => (Some(BeforeAttributeName), false),
            b'/' => (Some(SelfClosingStartTag), false),
            b'>' => (None, false),
            _ => (Some(TagName), false),
        },
        BeforeAttributeName => match byte {
            _ if space => (Some(BeforeAttributeName), false),
            b'/' => (Some(SelfClosingStartTag), false),
            b'>' => (None, false),
            _ => (Some(AttributeName), true),
        },
        AttributeName => match byte {
            _ if space => (Some(AfterAttributeName), false),
            b'/' => (Some(SelfClosingStartTag), false),
            b'=' => (Some(BeforeAttributeValue), false),
            b'>' => (None, false),
            _ => (Some(AttributeName), false),
        },
        AfterAttributeName => match byte {
            _ if space => (Some(AfterAttributeName), false),
            b'/' => (Some(SelfClosingStartTag), false),
            b'=' => (Some(BeforeAttributeValue), false),
            b'>' => (None, false),
            _ => (Some(AttributeName), true),
        },
        BeforeAttributeValue => match byte {
            _ if space => (Some(BeforeAttributeValue), false),
            b'"' => (Some(DoubleQuotedValue), false),
            b'\'' => (Some(SingleQuotedValue), false),
            b'>' => (None, false),
            _ => (Some(UnquotedValue), false),
        },
        DoubleQuotedValue => match byte {
            b'"' => (Some(AfterQuotedValue), false),
            _ => (Some(DoubleQuotedValue), false),
        },
        SingleQuotedValue => match byte {
            b'\'' => (Some(AfterQuotedValue), false),
            _ => (Some(SingleQuotedValue), false),
        },
        UnquotedValue => match byte {
            _ if space => (Some(BeforeAttributeName), false),
            b'>' => (None, false),
            _ => (Some(UnquotedValue), false),
        },
        AfterQuotedValue => match byte {
            _ if space => (Some(BeforeAttributeName), false),
            b'/' => (Some(SelfClosingStartTag), false),
            b'>' => (None, false),
            // A parse error: the byte is read again as the start of an attribute name.
            _ => step(BeforeAttributeName, byte),
        },
        SelfClosingStartTag => match byte {
            b'>' => (None, false),
            _ => step(BeforeAttributeName, byte),
        },
    }
}

/// Whether a byte can change anything for a candidate in a state that keeps to itself on
/// other bytes (see [`Candidates::only_in_runs`]): spaces, `/ > = " ' <`.
const fn special_bytes() -> [bool; 256] {
    let mut special = [false; 256];
    let bytes = b"\t\n\x0c\r /<>=\"'";
    let mut at = 0;
    while at < bytes.len() {
        special[bytes[at] as usize] = true;
        at += 1;
    }
    special
}

const SPECIAL: [bool; 256] = special_bytes();

/// The states that stay as they are, without a new attribute, on any byte not [`SPECIAL`]:
/// inside a name or a value.
const RUNS: u16 = 1 << State::TagName as u16
    | 1 << State::AttributeName as u16
    | 1 << State::DoubleQuotedValue as u16
    | 1 << State::SingleQuotedValue as u16
    | 1 << State::UnquotedValue as u16;

/// The candidate tags being followed: for each state, the most attributes among those in it.
#[derive(Clone, Copy, Default)]
struct Candidates {
    /// The states that have a candidate, one bit each.
    states: u16,
    counts: [u64; STATES],
}

impl Candidates {
    fn is_empty(&self) -> bool {
        self.states == 0
    }

    /// Whether every candidate is inside a name or a value, where only [`SPECIAL`] bytes can
    /// change anything: the bytes in between can be skipped.
    fn only_in_runs(&self) -> bool {
        self.states & !RUNS == 0
    }

    fn put(&mut self, state: State, count: u64) {
        let bit = 1 << state as u16;
        let slot = &mut self.counts[state as usize];
        *slot = if self.states & bit == 0 {
            count
        } else {
            (*slot).max(count)
        };
        self.states |= bit;
    }

    /// A new candidate, in the tag name state.
    fn start(&mut self) {
        self.put(State::TagName, 0);
    }

    /// Moves every candidate over `byte`, and returns the comparisons the tokenizer may make
    /// there: when a tag starts a new attribute, its name is compared with those the tag
    /// has, and the real tag (if any) is one of the candidates.
    fn step(&mut self, byte: u8) -> u64 {
        let mut next = Candidates::default();
        let mut comparisons = 0;
        for state in ALL {
            if self.states & (1 << state as u16) == 0 {
                continue;
            }
            let count = self.counts[state as usize];
            let (to, starts_attribute) = step(state, byte);
            if starts_attribute {
                comparisons = comparisons.max(count);
            }
            if let Some(to) = to {
                next.put(to, count + u64::from(starts_attribute));
            }
        }
        *self = next;
        comparisons
    }
}

/// A bound on the attribute names html5ever's tokenizer compares in reading `html` (a tag
/// with n attributes takes up to n(n-1)/2), whatever tags it finds there: the sum, over the
/// bytes, of the most that any candidate tag would compare at that byte (see the module's
/// doc). Stops early and returns a count over `limit` as soon as it has one.
pub fn attribute_comparisons(html: &str, limit: u64) -> u64 {
    let bytes = html.as_bytes();
    let mut candidates = Candidates::default();
    let mut comparisons: u64 = 0;
    // The byte after which a new candidate starts: `<` and a letter (a start tag), or `</`
    // and a letter (an end tag, whose attributes the tokenizer reads all the same).
    let mut start_after = None;
    let mut at = 0;
    while at < bytes.len() {
        if start_after.is_none() {
            if candidates.is_empty() {
                // Nothing to follow: skip to the next `<`.
                match memchr::memchr(b'<', &bytes[at..]) {
                    Some(offset) => at += offset,
                    None => break,
                }
            } else if candidates.only_in_runs() {
                // Nothing changes until the next special byte.
                match bytes[at..].iter().position(|&byte| SPECIAL[byte as usize]) {
                    Some(offset) => at += offset,
                    None => break,
                }
            }
        }
        let byte = bytes[at];
        comparisons = comparisons.saturating_add(candidates.step(byte));
        if comparisons > limit {
            return comparisons;
        }
        if byte == b'<' {
            let letter =
                |offset: usize| bytes.get(at + offset).is_some_and(u8::is_ascii_alphabetic);
            if letter(1) {
                start_after = Some(at);
            } else if bytes.get(at + 1) == Some(&b'/') && letter(2) {
                start_after = Some(at + 1);
            }
        }
        if start_after == Some(at) {
            candidates.start();
            start_after = None;
        }
        at += 1;
    }
    comparisons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comparisons(html: &str) -> u64 {
        attribute_comparisons(html, u64::MAX)
    }

    /// The comparisons of one tag with `n` attributes.
    fn pairs(n: u64) -> u64 {
        n * (n - 1) / 2
    }

    /// [`attribute_comparisons`] without skipping: every byte stepped.
    fn bytewise(html: &str) -> u64 {
        let bytes = html.as_bytes();
        let (mut candidates, mut comparisons) = (Candidates::default(), 0u64);
        for (at, &byte) in bytes.iter().enumerate() {
            comparisons = comparisons.saturating_add(candidates.step(byte));
            let letter =
                |offset: usize| bytes.get(at + offset).is_some_and(u8::is_ascii_alphabetic);
            if (byte == b'<' && letter(1))
                || (byte == b'/' && at > 0 && bytes[at - 1] == b'<' && letter(1))
            {
                candidates.start();
            }
        }
        comparisons
    }

    #[test]
    fn skipping_counts_what_stepping_every_byte_counts() {
        // Pseudo-random pages over the bytes that matter, and runs of others.
        let alphabet: &[&str] = &[
            "<", ">", "/", "=", "\"", "'", " ", "\n", "a", "b", "xyz ", "<p ", "</a ",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut page = String::new();
            for _ in 0..(state % 60) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                page.push_str(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            assert_eq!(comparisons(&page), bytewise(&page), "{page:?}");
        }
    }

    #[test]
    fn attributes_are_counted_in_every_form() {
        assert_eq!(comparisons("<p>text</p>"), 0);
        assert_eq!(
            comparisons("<p class=a id='b' title=\"c\" hidden>"),
            pairs(4)
        );
        assert_eq!(comparisons("<img src=x alt=y/>"), pairs(2));
        // After a quoted value, a name may follow without a space.
        assert_eq!(comparisons("<a href=\"x\"title=\"y\">"), pairs(2));
        // A slash separates attributes too.
        assert_eq!(comparisons("<a b/c/d>"), pairs(3));
        assert_eq!(comparisons("<a b = 'c' d>"), pairs(2));
        // End tags have attributes for the tokenizer too.
        assert_eq!(comparisons("</p a b c>"), pairs(3));
        // Tags add up.
        assert_eq!(comparisons("<p a b c><p a b c>"), 2 * pairs(3));
    }

    #[test]
    fn a_quoted_value_may_hold_a_bracket_and_the_tag_goes_on() {
        assert_eq!(comparisons("<a title=\"x > y\" b c>"), pairs(3));
        // The tag in the value is a candidate too (it would be read as one after a stray
        // quote): at each byte the larger of the two counts.
        assert_eq!(comparisons("<a title='<b x y z>' c>"), pairs(3) + 1);
    }

    #[test]
    fn a_tag_is_followed_wherever_it_may_start() {
        // In a comment, a script or an attribute value the tokenizer may not see a tag, but
        // which it sees depends on the tree builder: every candidate counts.
        assert_eq!(comparisons("<!-- <p a b c> -->"), pairs(3));
        // c, d, "e)", "{}<" and, after the slash, "script".
        assert_eq!(comparisons("<script>if (a <b c d e) {}</script>"), pairs(5));
        assert_eq!(comparisons("<style><!--</style><p a b c d>-->"), pairs(4));
        // `<` without a letter after it starts nothing.
        assert_eq!(comparisons("a < b c d > e"), 0);
        assert_eq!(comparisons("<!doctype html><? x y ?>"), 0);
    }

    #[test]
    fn overlapping_candidates_are_followed_in_linear_time() {
        // Every `<a` inside the value starts a candidate; all are followed at once. The first
        // reads the other 99,999 `<a`, the quote and the x as attributes.
        let html = format!("<p title=\"{}\" x>", "<a ".repeat(100_000));
        assert_eq!(comparisons(&html), pairs(100_001));
        let many = format!(
            "<p {}>",
            (0..5000).map(|n| format!("a{n} ")).collect::<String>()
        );
        assert_eq!(comparisons(&many), pairs(5000));
        assert!(attribute_comparisons(&many, 1000) > 1000);
    }

    #[test]
    fn a_tag_cut_by_the_end_of_the_page_counts_too() {
        assert_eq!(comparisons("<p a b"), pairs(2));
        assert_eq!(comparisons("<"), 0);
        assert_eq!(comparisons("</"), 0);
        assert_eq!(comparisons("</a"), 0);
    }
}
