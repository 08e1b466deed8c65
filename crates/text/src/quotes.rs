//! Pairing quotation marks into quotes.
//!
//! Real news mixes every style: "straight", “curly”, ‘single’, «guillemets», „low-high“, and a
//! quote that opens and closes with the same curly mark. The glyph alone is therefore a weak
//! hint; what decides whether a mark opens or closes is its flanking (a space before and a word
//! after opens, a word before and a space or punctuation after closes), with the glyph only
//! breaking ties. Single marks double as apostrophes (Sanders’ campaign), so a single mark that
//! could close only closes a single quote that is actually open.

use crate::tokens::{Token, TokenKind};
use std::ops::Range;

/// Double (" “ ” „ « ») or single (' ‘ ’ ‚ ‹ ›) quotation marks; each pairs only with its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuoteStyle {
    /// " “ ” „ « »
    Double,
    /// ' ‘ ’ ‚ ‹ ›
    Single,
}

/// A quoted stretch of one paragraph, from its opening mark to its closing mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// Token index of the opening mark.
    pub open: usize,
    /// Token index of the closing mark; `None` when the quote runs to the end of its paragraph
    /// (a multi-paragraph quote, or a mark that is never closed).
    pub close: Option<usize>,
    /// Token index one past the quote's last token (the closing mark, or the paragraph's end).
    pub end: usize,
    /// Double or single marks.
    pub style: QuoteStyle,
    /// 0 for an outermost quote, 1 for a quote inside it, and so on.
    pub depth: usize,
    /// The paragraph it is in.
    pub paragraph: usize,
    /// This quote reopens a quote that the previous paragraph left open.
    pub continues_previous: bool,
    /// This quote is left open at the end of its paragraph and the next paragraph reopens it.
    pub continues_next: bool,
}

impl Quote {
    /// Token indexes strictly between the marks.
    pub fn inner(&self) -> Range<usize> {
        self.open + 1..self.close.unwrap_or(self.end)
    }

    /// Token indexes from the opening mark through the closing mark (or paragraph end).
    pub fn tokens(&self) -> Range<usize> {
        self.open..self.end
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Hint {
    Open,
    Close,
    Either,
}

fn mark_style_and_hint(mark: &str) -> (QuoteStyle, Hint) {
    match mark {
        "“" | "„" | "«" | "‟" | "``" => (QuoteStyle::Double, Hint::Open),
        "”" | "»" => (QuoteStyle::Double, Hint::Close),
        "‘" | "‚" | "‹" | "‛" => (QuoteStyle::Single, Hint::Open),
        "’" | "›" => (QuoteStyle::Single, Hint::Close),
        "'" => (QuoteStyle::Single, Hint::Either),
        _ => (QuoteStyle::Double, Hint::Either),
    }
}

fn opens_context(text: &str) -> bool {
    matches!(
        text,
        "(" | "[" | "{" | "—" | "–" | "-" | "/" | ":" | "“" | "‘" | "\"" | "'" | "«" | "„"
    )
}

/// Pairs the quotation marks of every paragraph (`paragraphs` are token ranges, in order).
pub fn pair_quotes(text: &str, tokens: &[Token], paragraphs: &[Range<usize>]) -> Vec<Quote> {
    let mut quotes = Vec::new();
    // An outermost quote left open by the previous paragraph, waiting to be reopened.
    let mut carried: Option<(usize, QuoteStyle)> = None;
    for (paragraph, range) in paragraphs.iter().enumerate() {
        let mut stack: Vec<(usize, QuoteStyle, bool)> = Vec::new();
        for k in range.clone() {
            let token = tokens[k];
            if token.kind != TokenKind::QuoteMark {
                continue;
            }
            let mark = &text[token.start..token.end];
            let (style, hint) = mark_style_and_hint(mark);
            let previous = (k > range.start).then(|| tokens[k - 1]);
            let next = (k + 1 < range.end).then(|| tokens[k + 1]);
            let attached_before = previous.is_some_and(|p| p.end == token.start);
            let attached_after = next.is_some_and(|n| n.start == token.end);
            let before_opens = previous.is_some_and(|p| opens_context(&text[p.start..p.end]));
            let can_open = next.is_some() && (!attached_before || before_opens);
            let can_close = previous.is_some()
                && attached_before
                && !before_opens
                && (!attached_after
                    || next.is_some_and(|n| {
                        n.kind == TokenKind::Punct || n.kind == TokenKind::QuoteMark
                    }));
            let open_index = stack.iter().rposition(|&(_, s, _)| s == style);
            let close = match (can_open, can_close) {
                (true, false) => false,
                (false, true) => true,
                (true, true) => match hint {
                    Hint::Open => false,
                    Hint::Close => true,
                    Hint::Either => open_index.is_some(),
                },
                (false, false) => match hint {
                    Hint::Open => false,
                    Hint::Close => true,
                    Hint::Either => open_index.is_some(),
                },
            };
            if close {
                // A closing single mark with nothing to close is an apostrophe (Sanders’).
                if let Some(index) = open_index {
                    stack.truncate(index + 1);
                    let (open, style, continues_previous) = stack.pop().expect("index in stack");
                    quotes.push(Quote {
                        open,
                        close: Some(k),
                        end: k + 1,
                        style,
                        depth: stack.len(),
                        paragraph,
                        continues_previous,
                        continues_next: false,
                    });
                }
            } else if can_open || (hint == Hint::Open && next.is_some()) {
                let continues_previous = stack.is_empty()
                    && k == range.start
                    && carried.is_some_and(|(_, carried_style)| carried_style == style);
                stack.push((k, style, continues_previous));
            }
        }
        carried = None;
        // Only the outermost quote may run past its paragraph; inner leftovers were not quotes.
        if let Some(&(open, style, continues_previous)) = stack.first() {
            let next_opens_same = paragraphs.get(paragraph + 1).is_some_and(|next| {
                next.start < next.end
                    && tokens[next.start].kind == TokenKind::QuoteMark
                    && mark_style_and_hint(&text[tokens[next.start].start..tokens[next.start].end])
                        .0
                        == style
            });
            quotes.push(Quote {
                open,
                close: None,
                end: range.end,
                style,
                depth: 0,
                paragraph,
                continues_previous,
                continues_next: next_opens_same,
            });
            if next_opens_same {
                carried = Some((open, style));
            }
        }
    }
    quotes.sort_by_key(|q| (q.open, q.depth));
    quotes
}
