//! Tokens: words, numbers, punctuation and quotation marks, as byte ranges of the original text.
//!
//! The split follows the Penn Treebank conventions that the part-of-speech tagger was trained
//! on (clitics apart: `Russia` `’s`, `do` `n’t`), except that hyphenated words stay whole
//! (`US-based`), because in news they are almost always one modifier.

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (possibly with digits, hyphens, apostrophes or an abbreviation's dots).
    Word,
    /// Starts with a digit: `725`, `1,000.5`, `’90s`, `10:30`.
    Number,
    /// One punctuation mark or symbol, or an ellipsis / double hyphen.
    Punct,
    /// A character that may be a quotation mark: `"` `“` `”` `‘` `’` `'` `«` `»` `„` `‚` `‹` `›`.
    /// Whether it opens, closes or is an apostrophe after all is decided by quote pairing.
    QuoteMark,
}

/// One token: `text[start..end]` of the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset after the last byte.
    pub end: usize,
    /// What the token is.
    pub kind: TokenKind,
}

/// Abbreviations that take a period but never end a sentence: titles, and months that are
/// followed by a day.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "adm", "atty", "brig", "capt", "cmdr", "col", "cpl", "cpt", "det", "dr", "fr", "ft", "gen",
    "gov", "hon", "insp", "lt", "maj", "messrs", "mme", "mr", "mrs", "ms", "mt", "pres", "prof",
    "pvt", "rep", "reps", "rev", "sen", "sens", "sgt", "st", "supt", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vol", "vs", "gens",
];

/// Abbreviations that take a period and may end a sentence.
const OTHER_ABBREVIATIONS: &[&str] = &[
    "inc", "corp", "co", "ltd", "llc", "jr", "sr", "etc", "approx", "dept", "est", "ala", "ariz",
    "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky", "la", "md",
    "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex",
    "va", "vt", "wash", "wis", "wyo", "bros", "ave", "blvd",
];

/// How a word that ends with a period relates to sentence ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Abbreviation {
    /// `Mr.`, `Gen.`, `Jan.`, initials: the next word continues the sentence.
    NeverFinal,
    /// `U.S.`, `Inc.`, `a.m.`: may also end the sentence.
    MaybeFinal,
}

/// Classifies a token text ending in `.` as an abbreviation, if it is one.
pub fn abbreviation(token: &str) -> Option<Abbreviation> {
    let stem = token.strip_suffix('.')?;
    if stem.is_empty() {
        return None;
    }
    let mut chars = stem.chars();
    let first = chars.next()?;
    if chars.next().is_none() && first.is_uppercase() {
        return Some(Abbreviation::NeverFinal);
    }
    if stem.contains('.') {
        return Some(Abbreviation::MaybeFinal);
    }
    let lower = stem.to_lowercase();
    if TITLE_ABBREVIATIONS.contains(&lower.as_str()) {
        Some(Abbreviation::NeverFinal)
    } else if OTHER_ABBREVIATIONS.contains(&lower.as_str()) {
        Some(Abbreviation::MaybeFinal)
    } else {
        None
    }
}

/// True for characters that separate tokens and carry nothing: white space, byte-order marks,
/// zero-width and bidirectional controls, other control characters.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{feff}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is a quotation mark of any style whosaid pairs.
pub fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '”'
            | '‘'
            | '’'
            | '\''
            | '«'
            | '»'
            | '„'
            | '‚'
            | '‹'
            | '›'
            | '‟'
            | '‛'
            | '＂'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Characters that are always a token of their own (or part of `...`/`--`).
fn is_punct(c: char) -> bool {
    if c.is_alphanumeric() || is_space(c) {
        return false;
    }
    c.is_ascii_punctuation()
        || matches!(
            c,
            '–' | '—'
                | '‒'
                | '―'
                | '…'
                | '•'
                | '·'
                | '¿'
                | '¡'
                | '§'
                | '¶'
                | '†'
                | '‡'
                | '′'
                | '″'
                | '€'
                | '£'
                | '¥'
                | '¢'
                | '©'
                | '®'
                | '™'
                | '°'
                | '×'
                | '÷'
                | '±'
                | '‐'
                | '‑'
                | '【'
                | '】'
                | '「'
                | '」'
                | '『'
                | '』'
                | '（'
                | '）'
                | '，'
                | '。'
                | '：'
                | '；'
                | '！'
                | '？'
                | '、'
        )
        || is_quote_char(c)
}

fn is_word_char(c: char) -> bool {
    !is_space(c) && !is_punct(c)
}

/// Clitics split off a word, as the tagger expects (`’s`, `’re`, …), without the apostrophe.
const CLITICS: &[&str] = &[
    "s", "re", "ve", "ll", "d", "m", "S", "RE", "VE", "LL", "D", "M",
];

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while i < text.len() {
        let c = char_at(text, i);
        let width = c.len_utf8();
        if is_space(c) {
            i += width;
            continue;
        }
        // `` and '' are double quotation marks in Penn-Treebank-style and NYT-style text.
        if text[i..].starts_with("''") || text[i..].starts_with("``") {
            tokens.push(Token {
                start: i,
                end: i + 2,
                kind: TokenKind::QuoteMark,
            });
            i += 2;
            continue;
        }
        if is_apostrophe(c) {
            if let Some(end) = apostrophe_token_end(text, i, tokens.last()) {
                tokens.push(Token {
                    start: i,
                    end,
                    kind: word_kind(&text[i + width..end]),
                });
                i = end;
                continue;
            }
        }
        if is_quote_char(c) {
            tokens.push(Token {
                start: i,
                end: i + width,
                kind: TokenKind::QuoteMark,
            });
            i += width;
            continue;
        }
        if is_punct(c) {
            let end = punct_end(text, i, c);
            // `@handle` and `#tag` are words.
            if (c == '@' || c == '#') && end == i + 1 {
                let word_end = word_end(text, i + 1);
                if word_end > i + 1 {
                    tokens.push(Token {
                        start: i,
                        end: word_end,
                        kind: TokenKind::Word,
                    });
                    i = word_end;
                    continue;
                }
            }
            tokens.push(Token {
                start: i,
                end,
                kind: TokenKind::Punct,
            });
            i = end;
            continue;
        }
        let mut end = word_end(text, i);
        let word = &text[i..end];
        if (word == "http" || word == "https") && text[end..].starts_with("://") {
            end = text[end..]
                .find(|c: char| is_space(c) || matches!(c, '"' | '“' | '”' | '<' | '>'))
                .map_or(text.len(), |n| end + n);
        } else if bytes.get(end) == Some(&b'.')
            && (takes_period(&text[i..end + 1]) || is_number_sign(word, &text[end + 1..]))
        {
            end += 1;
        }
        // Split `n’t` off its verb (`do` `n’t`), as the Penn Treebank does.
        let word = &text[i..end];
        if let Some(split) = negation_split(word) {
            tokens.push(Token {
                start: i,
                end: i + split,
                kind: TokenKind::Word,
            });
            tokens.push(Token {
                start: i + split,
                end,
                kind: TokenKind::Word,
            });
            i = end;
            continue;
        }
        tokens.push(Token {
            start: i,
            end,
            kind: word_kind(word),
        });
        i = end;
    }
    tokens
}

/// Words that start with a digit are numbers (`725`, `’90s` after its apostrophe).
fn word_kind(word: &str) -> TokenKind {
    if word.starts_with(|d: char| d.is_ascii_digit()) {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().expect("index inside text")
}

/// The end of a run of punctuation that forms one token: `...`, `--`, else one char.
fn punct_end(text: &str, i: usize, c: char) -> usize {
    let run = |ch: char| text[i..].chars().take_while(|&d| d == ch).count();
    match c {
        '.' if run('.') >= 2 => i + run('.'),
        '-' if run('-') >= 2 => i + run('-'),
        _ => i + c.len_utf8(),
    }
}

/// The end of the word that starts at `i`, with its inner hyphens, dots, apostrophes, commas
/// and colons between digits, but without a final period or clitic.
fn word_end(text: &str, i: usize) -> usize {
    let mut end = i;
    let mut chars = text[i..].char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let position = i + offset;
        if is_word_char(c) {
            end = position + c.len_utf8();
            continue;
        }
        let next = chars.peek().map(|&(_, d)| d);
        let previous = text[..position].chars().next_back();
        let joins = match c {
            '-' | '‐' | '‑' | '&' => next.is_some_and(|d| d.is_alphanumeric()),
            '.' => next.is_some_and(|d| d.is_alphanumeric()),
            ',' | ':' => {
                previous.is_some_and(|d| d.is_ascii_digit())
                    && next.is_some_and(|d| d.is_ascii_digit())
                    && text[position + 1..]
                        .chars()
                        .take_while(|d| d.is_ascii_digit())
                        .count()
                        >= 2
            }
            c if is_apostrophe(c) => {
                // O’Brien, rock’n’roll stay whole; Russia’s and don’t split later.
                let rest = &text[position + c.len_utf8()..];
                next.is_some_and(|d| d.is_alphabetic()) && !starts_with_clitic(rest)
            }
            _ => false,
        };
        if !joins {
            break;
        }
        end = position + c.len_utf8();
    }
    end
}

/// `rest` (the text after an apostrophe) starts with a clitic that ends there.
fn starts_with_clitic(rest: &str) -> bool {
    CLITICS.iter().any(|clitic| {
        rest.starts_with(clitic) && !rest[clitic.len()..].starts_with(|c: char| c.is_alphanumeric())
    })
}

/// Where a token that starts with an apostrophe ends, when it is not a quotation mark: a clitic
/// right after a word (`’s`), a clipped year (`’90s`), or `’n’`.
fn apostrophe_token_end(text: &str, i: usize, previous: Option<&Token>) -> Option<usize> {
    let width = char_at(text, i).len_utf8();
    let rest = &text[i + width..];
    let attached = previous.is_some_and(|t| t.end == i && t.kind != TokenKind::Punct);
    if attached {
        for clitic in CLITICS {
            if rest.starts_with(clitic)
                && !rest[clitic.len()..].starts_with(|c: char| c.is_alphanumeric())
            {
                return Some(i + width + clitic.len());
            }
        }
        return None;
    }
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 2 {
        let after = &rest[2..];
        let suffix = if after.starts_with('s') { 1 } else { 0 };
        if !after[suffix..].starts_with(|c: char| c.is_alphanumeric()) {
            return Some(i + width + 2 + suffix);
        }
    }
    if let Some(after) = rest.strip_prefix('n') {
        if let Some(c) = after.chars().next() {
            if is_apostrophe(c) && !after[c.len_utf8()..].starts_with(|d: char| d.is_alphanumeric())
            {
                return Some(i + width + 1 + c.len_utf8());
            }
        }
    }
    None
}

/// The byte at which `n’t` starts in a word such as `don’t`, if the word ends with it.
fn negation_split(word: &str) -> Option<usize> {
    for suffix in ["n't", "n’t", "N'T", "N’T"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                return Some(stem.len());
            }
        }
    }
    None
}

/// `No. 10`, `nos. 3 and 4`: "no" takes a period only before a number.
fn is_number_sign(word: &str, after_period: &str) -> bool {
    matches!(word, "No" | "no" | "Nos" | "nos")
        && after_period
            .trim_start_matches(' ')
            .starts_with(|c: char| c.is_ascii_digit())
}

/// Whether the period after a word belongs to it (`Mr.`, `U.S.`, `J.`).
fn takes_period(word_with_period: &str) -> bool {
    abbreviation(word_with_period).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn splits_words_and_punctuation() {
        assert_eq!(
            texts("Mr. Rutte said: “No.”"),
            ["Mr.", "Rutte", "said", ":", "“", "No", ".", "”"]
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        assert_eq!(
            texts("U.S. Sen. John F. Kennedy arrived at No. 10 at 10:30 a.m."),
            [
                "U.S.", "Sen.", "John", "F.", "Kennedy", "arrived", "at", "No.", "10", "at",
                "10:30", "a.m."
            ]
        );
    }

    #[test]
    fn splits_clitics_but_not_names() {
        assert_eq!(
            texts("Russia’s O’Brien don’t Sanders’ we're"),
            [
                "Russia",
                "’s",
                "O’Brien",
                "do",
                "n’t",
                "Sanders",
                "’",
                "we",
                "'re"
            ]
        );
    }

    #[test]
    fn doubled_marks_are_one_quotation_mark() {
        assert_eq!(
            texts("''Trump suits,'' she said. ``Yes''"),
            ["''", "Trump", "suits", ",", "''", "she", "said", ".", "``", "Yes", "''"]
        );
    }

    #[test]
    fn apostrophe_tokens() {
        assert_eq!(
            texts("the ’90s and rock ’n’ roll"),
            ["the", "’90s", "and", "rock", "’n’", "roll"]
        );
    }

    #[test]
    fn numbers_hyphens_and_symbols() {
        assert_eq!(
            texts("a US-based, two-day $725 million (£570,000.50)... --"),
            [
                "a",
                "US-based",
                ",",
                "two-day",
                "$",
                "725",
                "million",
                "(",
                "£",
                "570,000.50",
                ")",
                "...",
                "--"
            ]
        );
    }

    #[test]
    fn sentence_final_period_is_split() {
        assert_eq!(texts("in Brussels."), ["in", "Brussels", "."]);
        assert_eq!(texts("by 2024."), ["by", "2024", "."]);
    }

    #[test]
    fn urls_and_handles() {
        assert_eq!(
            texts("see https://sky.com/a?b=1 or @NATO #Ukraine"),
            ["see", "https://sky.com/a?b=1", "or", "@NATO", "#Ukraine"]
        );
    }

    #[test]
    fn skips_bom_and_controls() {
        assert_eq!(texts("\u{feff}Hi\r\n\u{200f}there"), ["Hi", "there"]);
    }

    #[test]
    fn classifies_abbreviations() {
        assert_eq!(abbreviation("Mr."), Some(Abbreviation::NeverFinal));
        assert_eq!(abbreviation("J."), Some(Abbreviation::NeverFinal));
        assert_eq!(abbreviation("U.S."), Some(Abbreviation::MaybeFinal));
        assert_eq!(abbreviation("Inc."), Some(Abbreviation::MaybeFinal));
        assert_eq!(abbreviation("said."), None);
    }
}
