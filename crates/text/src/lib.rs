//! whosaid's text layer. It owns the structure of an article's text: tokens, paragraphs,
//! sentences and the pairing of quotation marks into quotes, all as byte ranges of the original
//! text, so that nothing downstream ever loses the way back to the input exactly as read. There
//! is no normalised copy of the text: tokens are classified on the original characters (curly
//! and straight marks, CRLF, byte-order marks, bidirectional controls), and [`CharIndex`] turns
//! byte offsets into the char offsets that whosaid reports.

#![deny(missing_docs)]

mod offsets;
mod quotes;
mod tokens;

pub use offsets::CharIndex;
pub use quotes::{Quote, QuoteStyle};
pub use tokens::{abbreviation, is_quote_char, is_space, tokenize, Abbreviation, Token, TokenKind};

use std::ops::Range;

/// A paragraph: a range of token indexes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// The paragraph's tokens (indexes into `Document::tokens`).
    pub tokens: Range<usize>,
}

/// A sentence: a range of token indexes inside one paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence's tokens (indexes into `Document::tokens`).
    pub tokens: Range<usize>,
    /// The paragraph it is in (an index into `Document::paragraphs`).
    pub paragraph: usize,
}

/// The analysed text of one article.
#[derive(Clone, Debug)]
pub struct Document<'a> {
    /// The text exactly as given.
    pub text: &'a str,
    /// Its tokens, in order.
    pub tokens: Vec<Token>,
    /// Its paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
    /// Its sentences, in order.
    pub sentences: Vec<Sentence>,
    /// Every paired quote, ordered by opening mark (an outer quote before the quotes inside it).
    pub quotes: Vec<Quote>,
    /// For each token, the index in `quotes` of the innermost quote whose marks enclose it (the
    /// marks themselves included), if any.
    pub quote_of_token: Vec<Option<usize>>,
}

impl<'a> Document<'a> {
    /// Tokenizes `text` and finds its paragraphs, quotes and sentences.
    pub fn parse(text: &'a str) -> Document<'a> {
        let tokens = tokenize(text);
        let paragraph_ranges = split_paragraphs(text, &tokens);
        let quotes = quotes::pair_quotes(text, &tokens, &paragraph_ranges);
        let mut quote_of_token = vec![None; tokens.len()];
        // Outer quotes come first, so inner quotes overwrite them.
        for (index, quote) in quotes.iter().enumerate() {
            for slot in &mut quote_of_token[quote.tokens()] {
                *slot = Some(index);
            }
        }
        let mut is_closing_mark = vec![false; tokens.len()];
        for quote in &quotes {
            if let Some(close) = quote.close {
                is_closing_mark[close] = true;
            }
        }
        let mut sentences = Vec::new();
        for (paragraph, range) in paragraph_ranges.iter().enumerate() {
            split_sentences(text, &tokens, range.clone(), &is_closing_mark, |tokens| {
                sentences.push(Sentence { tokens, paragraph })
            });
        }
        Document {
            text,
            tokens,
            paragraphs: paragraph_ranges
                .into_iter()
                .map(|tokens| Paragraph { tokens })
                .collect(),
            sentences,
            quotes,
            quote_of_token,
        }
    }

    /// The text of token `index`.
    pub fn token_text(&self, index: usize) -> &'a str {
        let token = self.tokens[index];
        &self.text[token.start..token.end]
    }

    /// The byte range covered by the tokens `range` (empty ranges give an empty byte range).
    pub fn byte_range(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() {
            let at = self
                .tokens
                .get(range.start)
                .map_or(self.text.len(), |t| t.start);
            return at..at;
        }
        self.tokens[range.start].start..self.tokens[range.end - 1].end
    }
}

/// Splits tokens into paragraphs. A blank line always ends a paragraph; a single line break does
/// too, except where the line is visibly hard-wrapped mid-sentence (it ends without closing
/// punctuation and the next line starts in lower case).
fn split_paragraphs(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut paragraphs = Vec::new();
    let mut start = 0;
    for k in 1..tokens.len() {
        // A paragraph with no line breaks for pages on end (a flattened page, a dump) is cut at
        // a sentence end, then anywhere: per-paragraph work downstream stays bounded.
        let length = k - start;
        let after_sentence_end = matches!(
            &text[tokens[k - 1].start..tokens[k - 1].end],
            "." | "!" | "?"
        );
        if length >= MAX_PARAGRAPH_TOKENS
            && (after_sentence_end || length >= 2 * MAX_PARAGRAPH_TOKENS)
        {
            paragraphs.push(start..k);
            start = k;
            continue;
        }
        let gap = &text[tokens[k - 1].end..tokens[k].start];
        let breaks = gap
            .chars()
            .filter(|&c| {
                matches!(
                    c,
                    '\n' | '\u{2029}' | '\u{2028}' | '\u{85}' | '\u{b}' | '\u{c}'
                )
            })
            .count()
            + usize::from(gap.contains('\r') && !gap.contains('\n'));
        if breaks == 0 {
            continue;
        }
        let previous = &text[tokens[k - 1].start..tokens[k - 1].end];
        let next = &text[tokens[k].start..tokens[k].end];
        let wrapped = breaks == 1
            && !previous.ends_with(['.', '!', '?', ':', '"', '”', '’', '»', '…'])
            && next.starts_with(|c: char| c.is_lowercase());
        if !wrapped {
            paragraphs.push(start..k);
            start = k;
        }
    }
    if start < tokens.len() {
        paragraphs.push(start..tokens.len());
    }
    paragraphs
}

/// Words that start a sentence after an abbreviation that may also end one (`U.S.`, `Inc.`).
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "A",
    "An",
    "In",
    "But",
    "And",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Their",
    "Our",
    "Its",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "At",
    "On",
    "For",
    "So",
    "Yet",
    "Still",
    "However",
    "Meanwhile",
    "What",
    "Why",
    "How",
    "Who",
    "Some",
    "Many",
    "Most",
    "One",
    "No",
    "Not",
    "Mr.",
    "Ms.",
    "Mrs.",
];

/// The longest paragraph, in tokens, before it is cut at a sentence end; news paragraphs stay
/// far below it.
const MAX_PARAGRAPH_TOKENS: usize = 2000;

/// The longest sentence, in tokens; news sentences stay far below it.
const MAX_SENTENCE_TOKENS: usize = 400;

fn split_sentences(
    text: &str,
    tokens: &[Token],
    paragraph: Range<usize>,
    is_closing_mark: &[bool],
    mut emit: impl FnMut(Range<usize>),
) {
    let mut start = paragraph.start;
    let mut k = paragraph.start;
    while k < paragraph.end {
        let token = tokens[k];
        let word = &text[token.start..token.end];
        let terminal = match token.kind {
            TokenKind::Punct => {
                matches!(word, "." | "!" | "?" | "…" | "?!" | "!?") || word.starts_with("..")
            }
            TokenKind::Word => abbreviation(word) == Some(Abbreviation::MaybeFinal),
            _ => false,
        };
        // Text with no sentence ends (lists, tables, garbage) is cut into bounded pieces, which
        // keeps every later per-sentence step linear in the size of the document.
        if !terminal && k + 1 - start >= MAX_SENTENCE_TOKENS {
            emit(start..k + 1);
            start = k + 1;
            k += 1;
            continue;
        }
        if !terminal {
            k += 1;
            continue;
        }
        // A sentence may end inside its closing quote or bracket: “… behaviours.” He said
        let mut last = k;
        while last + 1 < paragraph.end {
            let next = tokens[last + 1];
            let next_text = &text[next.start..next.end];
            let closes =
                is_closing_mark[last + 1] || matches!(next_text, ")" | "]" | "." | "!" | "?");
            if !closes {
                break;
            }
            last += 1;
        }
        if last + 1 >= paragraph.end {
            break;
        }
        let next = tokens[last + 1];
        let next_text = &text[next.start..next.end];
        let starts_sentence = if token.kind == TokenKind::Word {
            SENTENCE_STARTERS.contains(&next_text)
        } else {
            next_text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || (next.kind == TokenKind::QuoteMark && !is_closing_mark[last + 1])
                || matches!(next_text, "(" | "[" | "—" | "–" | "-" | "•")
        };
        if starts_sentence {
            emit(start..last + 1);
            start = last + 1;
        }
        k = last + 1;
    }
    if start < paragraph.end {
        emit(start..paragraph.end);
    }
}

#[cfg(test)]
mod tests;
