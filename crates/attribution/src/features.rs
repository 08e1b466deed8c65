//! Hashed features of one token in its paragraph.
//!
//! Every feature is a template number plus one or more hashed values, mixed into a 64-bit hash
//! whose top bits pick a row of the weight table (feature hashing: no feature dictionary is
//! stored, so the model holds no text, and collisions are rare enough to cost nothing
//! measurable). Besides the usual local features (word, affixes, shape, tags and words ±2), the
//! templates look at what decides attribution roles and lies beyond a small window: whether
//! the token is inside a quotation and where the nearest quotation is, how far the nearest
//! reporting verb is (in this sentence or another), and where the token sits in its sentence
//! and paragraph. The last templates read the sentence's dependency parse: a token's relation,
//! what it hangs from, and by which relation its branch hangs from the nearest cue word above
//! it (the subject of "said" is where sources are, its clausal complement where contents are),
//! however far apart the words are.

use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use whosaid_modelfile::fmix;
use whosaid_parser::{DepLabel, Parse};
use whosaid_tagger::Tag;
use whosaid_text::{Document, TokenKind};

use crate::lexicon::cue_class;
use crate::wordnet::{classes, WordClasses};

/// Bumped whenever the features change, so that an old model is refused instead of silently
/// scoring the wrong features.
pub const FEATURE_VERSION: u32 = 6;

/// Number of features per token.
pub const N_FEATURES: usize = 64;

/// How many heads up from a token the syntax templates look for a cue word: the subject or
/// complement of a reporting verb is rarely deeper than this below it, and the bound keeps the
/// work per token constant.
const MAX_CLIMB: usize = 8;

const K: u64 = 0x9e37_79b9_7f4a_7c15;

/// FNV-1a over bytes, then mixed: the hash of words.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    fmix(h)
}

/// The hashes of a word's normalised form (lowercased, digits as `0`, curly apostrophes and
/// quotes straightened) and of its last three chars. `buf` is scratch space.
pub(crate) fn word_hash(word: &str, buf: &mut String) -> (u64, u64) {
    buf.clear();
    for c in word.chars() {
        match c {
            '0'..='9' => buf.push('0'),
            'A'..='Z' => buf.push(c.to_ascii_lowercase()),
            c if c.is_ascii() => buf.push(c),
            '\u{2019}' | '\u{2018}' | '\u{201B}' => buf.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => {
                buf.push('"')
            }
            '\u{2014}' | '\u{2013}' | '\u{2015}' => buf.push_str("--"),
            c if c.is_numeric() => buf.push('0'),
            c => buf.extend(c.to_lowercase()),
        }
    }
    let full = hash_bytes(buf.as_bytes());
    let mut start = buf.len();
    for _ in 0..3 {
        match buf[..start].char_indices().next_back() {
            Some((i, _)) => start = i,
            None => break,
        }
    }
    let suffix = hash_bytes(&buf.as_bytes()[start..]) ^ 0x5f;
    (full, suffix)
}

/// Hashing for tables keyed by [`word_hash`]es: they are already well mixed, and hashing them
/// again would cost more than the lookup.
pub(crate) type WordHashes = BuildHasherDefault<PassThrough>;

#[derive(Default)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The hash of `normalised` (a word as [`word_hash`] leaves it in its buffer) without an
/// inflectional ending.
fn stem_hash(normalised: &str) -> u64 {
    let mut stem = normalised;
    for ending in ["ing", "ed", "es", "s"] {
        if let Some(s) = normalised.strip_suffix(ending) {
            if s.len() >= 3 {
                stem = s;
                break;
            }
        }
    }
    hash_bytes(stem.as_bytes()) ^ 0x57e
}

/// The shape of a word: `Xx`, `x`, `X.X.`, `d`, … (character classes, repeats collapsed, at
/// most five classes).
fn shape_hash(word: &str) -> u64 {
    let mut h: u64 = 0x51;
    let mut last = 0u8;
    let mut n = 0;
    for c in word.chars() {
        let class = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else {
            match c {
                '.' | '-' | '\'' | '\u{2019}' => c as u8,
                _ => b'#',
            }
        };
        if class != last {
            h = h.wrapping_mul(31).wrapping_add(class as u64);
            last = class;
            n += 1;
            if n == 5 {
                break;
            }
        }
    }
    h
}

/// What the features need to know about one token.
#[derive(Clone, Copy, Debug, Default)]
struct TokInfo {
    word: u64,
    suffix: u64,
    /// The word without an inflectional ending (`-s`, `-es`, `-ed`, `-ing`), so that the forms
    /// of a rare verb share weights.
    stem: u64,
    shape: u64,
    tag: u8,
    /// 2 for a strong cue word of the lexicon, 1 for another cue word, 0 otherwise.
    cue: u8,
    /// 0 outside quotes, 1 opening mark, 2 closing mark, 3 inside, 4 unpaired mark.
    quote: u8,
    capitalised: bool,
    /// WordNet's classes of the word.
    wn: WordClasses,
}

/// A padding token's info, for the window around a paragraph.
fn pad(name: u64) -> TokInfo {
    TokInfo {
        word: name,
        suffix: name,
        stem: name,
        shape: name,
        tag: 250,
        cue: 0,
        quote: 0,
        capitalised: false,
        wn: WordClasses::default(),
    }
}

/// Distance buckets: 1, 2, 3, 4, 5–6, 7–10, 11–20, more.
#[inline]
pub(crate) fn bucket(d: usize) -> u64 {
    match d {
        0 => 0,
        1..=4 => d as u64,
        5..=6 => 5,
        7..=10 => 6,
        11..=20 => 7,
        _ => 8,
    }
}

/// What the second (stacked) pass needs to know about a token besides the first pass's labels.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct StackInfo {
    pub word: u64,
    pub tag: u8,
    pub quote: u8,
    /// Index of the token's sentence within the paragraph.
    pub sentence: u32,
}

/// Reusable buffers for computing features; after [`paragraph_features`], `stack` describes
/// the paragraph's tokens for [`crate::stack::stacked_features`].
#[derive(Default)]
pub(crate) struct Scratch {
    info: Vec<TokInfo>,
    buf: String,
    pub stack: Vec<StackInfo>,
}

/// Writes the [`N_FEATURES`] feature hashes of every token of `range` (a paragraph) to `out`
/// (cleared first), token after token. `tags` holds one tag per token of the whole document,
/// and `parse` its dependency trees (an empty parse, or one of another length, counts as no
/// syntax at all).
pub(crate) fn paragraph_features(
    doc: &Document,
    tags: &[Tag],
    parse: &Parse,
    range: Range<usize>,
    scratch: &mut Scratch,
    out: &mut Vec<u64>,
) {
    out.clear();
    let n = range.len();
    if n == 0 {
        return;
    }
    let Scratch { info, buf, stack } = scratch;
    info.clear();
    stack.clear();
    // Two pads either side, so that windows need no bounds checks.
    let start_pad = pad(0x1111);
    let end_pad = pad(0x2222);
    info.push(start_pad);
    info.push(start_pad);
    for k in range.clone() {
        let text = doc.token_text(k);
        let token = doc.tokens[k];
        let (word, suffix) = word_hash(text, buf);
        let stem = stem_hash(buf);
        let tag = tags.get(k).copied().unwrap_or(Tag::NN);
        // Both lexicons list words only; the lookups are a good part of the cost here.
        let is_word = token.kind == TokenKind::Word;
        let cue = if is_word { cue_class(word) } else { 0 };
        let quote = match doc.quote_of_token[k] {
            Some(q) => {
                let q = &doc.quotes[q];
                if q.open == k {
                    1
                } else if q.close == Some(k) {
                    2
                } else {
                    3
                }
            }
            None if token.kind == TokenKind::QuoteMark => 4,
            None => 0,
        };
        info.push(TokInfo {
            word,
            suffix,
            stem,
            shape: shape_hash(text),
            tag: tag as u8,
            cue,
            quote,
            capitalised: text.starts_with(char::is_uppercase),
            wn: if is_word {
                classes(word)
            } else {
                WordClasses::default()
            },
        });
    }
    info.push(end_pad);
    info.push(end_pad);

    // Sentence boundaries inside the paragraph: sentence index and start/end of each token's
    // sentence.
    let mut sentence_of = vec![0u32; n];
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    {
        let first = doc
            .sentences
            .partition_point(|s| s.tokens.end <= range.start);
        for s in &doc.sentences[first..] {
            if s.tokens.start >= range.end {
                break;
            }
            let a = s.tokens.start.max(range.start) - range.start;
            let b = s.tokens.end.min(range.end) - range.start;
            if a < b {
                for x in &mut sentence_of[a..b] {
                    *x = bounds.len() as u32;
                }
                bounds.push((a, b));
            }
        }
        if bounds.is_empty() {
            bounds.push((0, n));
        }
    }

    // Nearest cue to the left and right (paragraph-wide), nearest quote opening to the right
    // and closing to the left, and whether a colon precedes in the sentence.
    let none = usize::MAX;
    let mut left_cue = vec![none; n];
    let mut right_cue = vec![none; n];
    let mut next_open = vec![none; n];
    let mut prev_close = vec![none; n];
    let mut colon_before = vec![false; n];
    {
        let mut last = none;
        let mut close = none;
        let mut colon = false;
        for i in 0..n {
            if i > 0 && sentence_of[i] != sentence_of[i - 1] {
                colon = false;
            }
            left_cue[i] = last;
            prev_close[i] = close;
            colon_before[i] = colon;
            let t = &info[i + 2];
            if t.cue > 0 {
                last = i;
            }
            if t.quote == 2 {
                close = i;
            }
            if doc.token_text(range.start + i) == ":" {
                colon = true;
            }
        }
        let mut next = none;
        let mut open = none;
        for i in (0..n).rev() {
            right_cue[i] = next;
            next_open[i] = open;
            let t = &info[i + 2];
            if t.cue > 0 {
                next = i;
            }
            if t.quote == 1 {
                open = i;
            }
        }
    }
    // The same for strong cues only.
    let mut left_strong = vec![none; n];
    let mut right_strong = vec![none; n];
    {
        let mut last = none;
        for (i, slot) in left_strong.iter_mut().enumerate() {
            *slot = last;
            if info[i + 2].cue == 2 {
                last = i;
            }
        }
        let mut next = none;
        for (i, slot) in right_strong.iter_mut().enumerate().rev() {
            *slot = next;
            if info[i + 2].cue == 2 {
                next = i;
            }
        }
    }
    // Runs of noun-phrase-like tags: a source is typically such a run that ends right before
    // its cue ("The former secretary of state said"), an addressee or post-posed source one
    // that starts right after it ("said Smith", "told reporters").
    let np_like = |t: &TokInfo| {
        Tag::from_index(t.tag as usize).is_some_and(|tag| {
            tag.is_noun()
                || tag.is_adjective()
                || matches!(
                    tag,
                    Tag::DT
                        | Tag::PDT
                        | Tag::PRP
                        | Tag::PRPS
                        | Tag::POS
                        | Tag::CD
                        | Tag::HYPH
                        | Tag::RB
                )
        })
    };
    let mut run_right = vec![0usize; n + 1];
    for i in (0..n).rev() {
        run_right[i] = if np_like(&info[i + 2]) {
            run_right[i + 1] + 1
        } else {
            0
        };
    }
    let mut run_left = vec![0usize; n];
    for i in 0..n {
        let before = if i == 0 { 0 } else { run_left[i - 1] };
        run_left[i] = if np_like(&info[i + 2]) { before + 1 } else { 0 };
    }
    let sentence_has_quote: Vec<bool> = bounds
        .iter()
        .map(|&(a, b)| info[a + 2..b + 2].iter().any(|t| t.quote != 0))
        .collect();
    let sentence_has_cue: Vec<bool> = bounds
        .iter()
        .map(|&(a, b)| info[a + 2..b + 2].iter().any(|t| t.cue > 0))
        .collect();

    stack.extend((0..n).map(|i| {
        let t = &info[i + 2];
        StackInfo {
            word: t.word,
            tag: t.tag,
            quote: t.quote,
            sentence: sentence_of[i],
        }
    }));
    let syntax = syntax_values(parse, doc.tokens.len(), &range, info);
    let that = word_hash("that", buf).0;
    let colon = word_hash(":", buf).0;
    let comma = word_hash(",", buf).0;
    out.reserve(n * N_FEATURES);
    for i in 0..n {
        let c = i + 2;
        let t = info[c];
        let (p1, p2, n1, n2) = (info[c - 1], info[c - 2], info[c + 1], info[c + 2]);
        let s = sentence_of[i] as usize;
        let (sa, sb) = bounds[s];
        let tag = t.tag as u64;
        let inq = t.quote as u64;
        let position = if i == sa {
            0
        } else if i == sa + 1 {
            1
        } else if i + 1 == sb {
            2
        } else if i + 2 == sb {
            3
        } else {
            4 + ((i - sa) * 4 / (sb - sa).max(1)) as u64
        };
        let sentence_index = (s as u64).min(3);
        let (lc_dist, lc_same, lc_word) = match left_cue[i] {
            x if x == none => (9, 2, 0),
            j => (
                bucket(i - j),
                u64::from(sentence_of[j] as usize == s),
                info[j + 2].word,
            ),
        };
        let (rc_dist, rc_same, rc_word) = match right_cue[i] {
            x if x == none => (9, 2, 0),
            j => (
                bucket(j - i),
                u64::from(sentence_of[j] as usize == s),
                info[j + 2].word,
            ),
        };
        let open_dist = match next_open[i] {
            x if x == none => 9,
            j => bucket(j - i) + 10 * u64::from(sentence_of[j] as usize == s),
        };
        let close_dist = match prev_close[i] {
            x if x == none => 9,
            j => bucket(i - j) + 10 * u64::from(sentence_of[j] as usize == s),
        };
        let strong_left = match left_strong[i] {
            x if x == none => 9,
            j => bucket(i - j) + 10 * u64::from(sentence_of[j] as usize == s),
        };
        let strong_right = match right_strong[i] {
            x if x == none => 9,
            j => bucket(j - i) + 10 * u64::from(sentence_of[j] as usize == s),
        };
        // Does the noun-phrase run through this token end right before the next cue, or
        // start right after the previous one?
        let reaches_cue = match right_cue[i] {
            x if x == none => 2,
            j => u64::from(run_right[i] > 0 && i + run_right[i] == j),
        };
        let from_cue = match left_cue[i] {
            x if x == none => 2,
            j => u64::from(run_left[i] > 0 && j + 1 + run_left[i] > i && j < i),
        };
        // What follows a verb: a complementiser, a quotation, a colon or comma, or else.
        let after = if n1.word == that {
            1
        } else if n1.quote == 1 || n1.quote == 4 {
            2
        } else if n1.word == colon {
            3
        } else if n1.word == comma {
            4
        } else {
            0
        };
        let verb = u64::from(Tag::from_index(t.tag as usize).is_some_and(Tag::is_verb));
        let sq = u64::from(sentence_has_quote[s]);
        let sc = u64::from(sentence_has_cue[s]);
        let colon = u64::from(colon_before[i]);
        let cap = u64::from(t.capitalised);

        let f: [u64; N_FEATURES] = [
            1,
            t.word,
            t.suffix,
            t.shape,
            tag,
            p1.tag as u64,
            n1.tag as u64,
            p2.tag as u64,
            n2.tag as u64,
            pair(p1.tag as u64, tag),
            pair(tag, n1.tag as u64),
            pair(pair(p1.tag as u64, tag), n1.tag as u64),
            p1.word,
            n1.word,
            p2.word,
            n2.word,
            pair(p1.word, t.word),
            pair(t.word, n1.word),
            pair(t.wn.verb as u64, tag),
            pair(t.wn.noun as u64, pair(tag, inq)),
            pair(t.wn.senses, tag),
            pair(pair(p1.wn.verb as u64, t.wn.verb as u64), tag),
            pair(t.wn.verb as u64, pair(after, tag)),
            pair(t.wn.noun as u64, pair(rc_dist, rc_same)),
            pair(t.cue as u64, tag),
            pair(p1.cue as u64, n1.cue as u64),
            pair(inq, tag),
            pair(inq, pair(p1.quote as u64, n1.quote as u64)),
            pair(open_dist, inq),
            pair(close_dist, inq),
            pair(position, inq),
            pair(sentence_index, position.min(2)),
            pair(pair(lc_dist, lc_same), tag),
            pair(pair(rc_dist, rc_same), tag),
            pair(pair(lc_dist, lc_same), pair(rc_dist, rc_same) ^ (inq << 8)),
            pair(lc_word, pair(lc_dist, lc_same)),
            pair(rc_word, pair(rc_dist, rc_same)),
            pair(t.word, pair(rc_dist, rc_same)),
            pair(pair(sq, sc), pair(inq, tag)),
            pair(t.shape, tag),
            pair(cap, n1.tag as u64),
            pair(colon, pair(inq, tag)),
            pair(p1.word, n1.word),
            pair(t.suffix, tag),
            pair(t.word, inq),
            pair(pair(lc_dist, lc_same), pair(open_dist, close_dist)),
            pair(pair(rc_dist, rc_same), pair(p1.tag as u64, tag)),
            pair(n1.word, pair(n2.word, rc_same)),
            pair(p1.word, pair(p2.word, lc_same)),
            pair(open_dist, pair(close_dist, tag)),
            pair(strong_left, tag),
            pair(t.stem, verb),
            pair(
                pair(verb, after),
                pair(u64::from(np_like(&p1)), reaches_cue),
            ),
            pair(strong_right, tag),
            pair(pair(strong_left, strong_right), inq),
            pair(pair(reaches_cue, bucket(run_right[i])), pair(tag, rc_same)),
            pair(pair(from_cue, bucket(run_left[i])), pair(tag, lc_word)),
            syntax[i][0],
            syntax[i][1],
            syntax[i][2],
            syntax[i][3],
            syntax[i][4],
            syntax[i][5],
            syntax[i][6],
        ];
        for (template, &value) in f.iter().enumerate() {
            out.push(feature_hash(template, value));
        }
    }
}

/// Number of syntax templates.
const N_SYNTAX: usize = 7;

/// The relations of a token's dependents that mark a reporting clause, one bit each in the
/// template of its dependents.
const CLAUSE_RELATIONS: [DepLabel; 9] = [
    DepLabel::NSUBJ,
    DepLabel::NSUBJ_PASS,
    DepLabel::CCOMP,
    DepLabel::PARATAXIS,
    DepLabel::OBL_AGENT,
    DepLabel::IOBJ,
    DepLabel::OBJ,
    DepLabel::XCOMP,
    DepLabel::MARK,
];

/// The values of the syntax templates of every token of `range`, from the parse (all zero
/// when `parse` does not cover the document). `info` holds the paragraph's token info, two
/// pads on either side.
fn syntax_values(
    parse: &Parse,
    n_tokens: usize,
    range: &Range<usize>,
    info: &[TokInfo],
) -> Vec<[u64; N_SYNTAX]> {
    if parse.len() != n_tokens {
        return vec![[0; N_SYNTAX]; range.len()];
    }
    // A head outside the paragraph (a parse never makes one, sentences lie within paragraphs)
    // is treated as no head.
    let at = |k: usize| range.contains(&k).then(|| &info[k - range.start + 2]);
    let label = |k: usize| parse.label(k).index() as u64 + 1;
    let mut out = Vec::with_capacity(range.len());
    for k in range.clone() {
        let t = &info[k - range.start + 2];
        let own = label(k);
        let head = parse.head(k).and_then(|h| at(h).map(|i| (h, i)));
        let (head_label, head_value) = match head {
            Some((h, hi)) if hi.cue > 0 => (label(h), pair(u64::from(hi.cue), hi.word)),
            Some((h, hi)) => (label(h), u64::from(hi.tag) + 0x100),
            None => (0, 0),
        };
        // The nearest cue word above the token, and the relation of the branch under it that
        // holds the token ("nsubj" for every word of "the former minister" in "the former
        // minister said …").
        let (mut below, mut up, mut climbed) = (k, parse.head(k), 1);
        let mut cue_above = None;
        while let Some(h) = up {
            let Some(hi) = at(h) else { break };
            if hi.cue > 0 {
                cue_above = Some((label(below), hi, climbed));
                break;
            }
            if climbed == MAX_CLIMB {
                break;
            }
            (below, up, climbed) = (h, parse.head(h), climbed + 1);
        }
        let (branch, branch_word) = match cue_above {
            Some((branch, cue, climbed)) => (
                pair(branch, pair(u64::from(cue.cue), bucket(climbed))),
                pair(branch, cue.word),
            ),
            None => (0x77, 0x77),
        };
        // The relations of the token's own dependents that mark a reporting clause: a verb
        // with a subject and a clausal complement is likely a cue, its subject likely a
        // source.
        let mut children = 0u64;
        let mut case_word = 0;
        for &c in parse.children(k) {
            let c = c as usize;
            let l = parse.label(c);
            if let Some(bit) = CLAUSE_RELATIONS.iter().position(|&x| x == l) {
                children |= 1 << bit;
            }
            if l == DepLabel::CASE && case_word == 0 {
                case_word = at(c).map_or(0, |i| i.word);
            }
        }
        // The preposition of the token's phrase ("according" for every word of "according to
        // the report", "by" for a passive's agent).
        if case_word == 0 {
            if let Some((h, _)) = head {
                case_word = parse
                    .children(h)
                    .iter()
                    .map(|&c| c as usize)
                    .find(|&c| parse.label(c) == DepLabel::CASE)
                    .and_then(at)
                    .map_or(0, |i| i.word);
            }
        }
        out.push([
            pair(own, u64::from(t.tag)),
            pair(own, head_value),
            pair(own, head_label),
            branch,
            branch_word,
            pair(children, pair(u64::from(t.cue), u64::from(t.tag))),
            pair(case_word, own),
        ]);
    }
    out
}

/// The hash of template `template` with value `value`.
#[inline]
pub(crate) fn feature_hash(template: usize, value: u64) -> u64 {
    fmix(value.wrapping_mul(K) ^ (template as u64 + 1).wrapping_mul(0xd6e8_feb8_6659_fd93))
}

/// Combines two hashed values into one.
#[inline]
pub(crate) fn pair(a: u64, b: u64) -> u64 {
    fmix(a.wrapping_add(K)) ^ b.rotate_left(29)
}

#[cfg(test)]
mod tests {
    use super::*;
    use whosaid_parser::Parser;
    use whosaid_tagger::Tagger;

    /// The features of every token of `doc`'s first paragraph.
    fn features(doc: &Document, tags: &[Tag], parse: &Parse) -> Vec<u64> {
        let mut out = Vec::new();
        let range = doc.paragraphs[0].tokens.clone();
        paragraph_features(doc, tags, parse, range, &mut Scratch::default(), &mut out);
        out
    }

    #[test]
    fn syntax_templates_read_the_parse_and_only_they_do() {
        let doc = Document::parse("The former minister said the talks had failed.");
        let words: Vec<&str> = (0..doc.tokens.len()).map(|k| doc.token_text(k)).collect();
        let tags = Tagger::default_model().tag(&words);
        let parse = Parser::default_model().parse(&doc, &tags);
        // "minister" is the subject of "said", a cue word.
        assert_eq!(parse.head(2), Some(3));
        let with = features(&doc, &tags, &parse);
        let without = features(&doc, &tags, &Parse::default());
        assert_eq!(with.len(), doc.tokens.len() * N_FEATURES);
        let syntax = N_FEATURES - N_SYNTAX..N_FEATURES;
        for k in 0..doc.tokens.len() {
            let (a, b) = (&with[k * N_FEATURES..], &without[k * N_FEATURES..]);
            assert_eq!(a[..syntax.start], b[..syntax.start], "token {k}");
        }
        let minister = &with[2 * N_FEATURES..3 * N_FEATURES];
        let bare = &without[2 * N_FEATURES..3 * N_FEATURES];
        for t in syntax.clone() {
            assert_ne!(minister[t], bare[t], "template {t}");
        }
        // The words of the subject hang from the cue by the same relation: they share the
        // template of the branch with the cue's word (not the one with the distance).
        assert_eq!(parse.head(1), Some(2));
        let former = &with[N_FEATURES..2 * N_FEATURES];
        let (branch, branch_word) = (syntax.start + 3, syntax.start + 4);
        assert_eq!(former[branch_word], minister[branch_word]);
        assert_ne!(former[branch], minister[branch]);
        // A parse of another document counts as none.
        let other = Document::parse("Rain.");
        let other_parse = Parser::default_model().parse(&other, &tags[..2]);
        assert_eq!(features(&doc, &tags, &other_parse), without);
    }
}
