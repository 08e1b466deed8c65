//! The labeller's last stage: where each source, cue and content span starts and where it ends,
//! chosen for the span with its cue in view.
//!
//! The BIO passes decide token by token, seeing a window of words and of first-pass labels.
//! They find most of a content, but about half the contents they do not get exactly right have
//! the wrong first or last word: the addressee taken in ("tells voters she is with them"), the
//! object of a verb that is not the cue, a clause cut at a comma. What decides a boundary is
//! the structure around it: is this word the first of a clause the cue governs, is the word
//! before it the cue's object, is the labeller sure of its call here. Sources ("Tom Berg, a
//! farmer who lost his crop") and cues ("said in a statement") have the same kind of mistake.
//! This stage scores, for every source, cue and content span the passes found, each word
//! within [`REACH`] tokens of its first word as the span's start, and each within [`REACH`] of
//! its last as its end, with features of the word, of its neighbours, of the dependency
//! subtrees it begins or ends, of its distance to the nearest cue word and of the labeller's
//! margins there, and moves the span to the best start and end (each role with weights of its
//! own). It never moves a span over a word of another role, out of its paragraph, or to an
//! empty span, nor a source's start left over a verb; a span whose best boundaries are its own
//! stays as it is.
//!
//! The weights are learned by `whosaid-train` from labels the passes gave articles they were
//! not trained on (the folds of a cross-validation), so that the stage learns the mistakes the
//! passes make on unseen text, not on their own training data.
//!
//! Cost: a subtree's first and last token are found by climbing at most [`MAX_CLIMB`] heads
//! from each token, and each span scores at most `2 × (2 × REACH + 1)` candidates of a bounded
//! number of features: linear in the article's length.

use std::ops::Range;

use whosaid_parser::Parse;
use whosaid_tagger::Tag;
use whosaid_text::{Document, TokenKind};

use crate::features::{feature_hash, pair, word_hash};
use crate::model::Labeller;
use crate::role::{spans, Kind, Role};

/// How many tokens a boundary may move, either way.
pub const REACH: usize = 12;

/// Heads climbed from a token to find the subtrees it begins or ends.
const MAX_CLIMB: usize = 8;

/// The version of the features below: a model file with other boundary features is refused.
pub(crate) const BOUNDARY_FEATURE_VERSION: u32 = 1;

/// The learned weights of the stage: one per hash bucket.
#[derive(Clone, Debug, PartialEq)]
pub struct Boundaries {
    bits: u32,
    weights: Vec<f32>,
}

/// The candidates for one boundary of one content span.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoundaryChoice {
    /// Candidate positions: token indexes for a start, token indexes one past the last token
    /// for an end.
    pub positions: Vec<usize>,
    /// The weight indexes of each candidate's features, `features[k]` for `positions[k]`.
    pub features: Vec<Vec<u32>>,
    /// The index in `positions` of the span's boundary as the passes left it.
    pub current: usize,
}

/// A source, cue or content span the passes found and the choices for its two boundaries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanChoices {
    /// The span's role.
    pub kind: Kind,
    /// The span's tokens as the passes labelled them.
    pub span: Range<usize>,
    /// The span without quotation marks and punctuation at either end: the boundaries the
    /// choices replace (and the ones PolNeAR's scoring compares).
    pub trimmed: Range<usize>,
    /// Where it may start.
    pub start: BoundaryChoice,
    /// Where it may end.
    pub end: BoundaryChoice,
}

impl Boundaries {
    /// The stage from its weights, `2^bits` of them. The bits must be in the labeller's range.
    pub fn from_weights(bits: u32, weights: Vec<f32>) -> Option<Boundaries> {
        let ok = (crate::model::MIN_BITS..=crate::model::MAX_BITS).contains(&bits)
            && weights.len() == 1 << bits
            && weights.iter().all(|w| w.is_finite());
        ok.then_some(Boundaries { bits, weights })
    }

    /// log2 of the number of weights.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// The weights, one per hash bucket.
    pub fn weights(&self) -> &[f32] {
        &self.weights
    }

    /// The score of a candidate with these features.
    pub fn score(&self, features: &[u32]) -> f32 {
        features.iter().map(|&i| self.weights[i as usize]).sum()
    }

    /// The best candidate of `choice` ([`best_candidate`]).
    pub fn best(&self, choice: &BoundaryChoice) -> usize {
        best_candidate(choice.current, choice.features.len(), |k| {
            self.score(&choice.features[k])
        })
    }

    /// Moves every content span of `roles` to its best boundaries. `margins` are the
    /// labeller's, one per token.
    pub fn refine(
        &self,
        doc: &Document,
        tags: &[Tag],
        parse: &Parse,
        roles: &mut [Role],
        margins: &[f32],
    ) {
        let n = doc.tokens.len().min(roles.len());
        let moved = moved_spans(&roles[..n]);
        if moved.is_empty() {
            return;
        }
        let chosen: Vec<(Candidates, usize, usize)> = {
            let context = Context::new(doc, tags, parse, &roles[..n], margins);
            moved
                .into_iter()
                .filter_map(|(kind, span)| context.best(self, kind, span))
                .collect()
        };
        for (c, start, end) in chosen {
            move_span(roles, c.kind, c.span, c.trimmed, start, end);
        }
    }
}

/// The index of the best of `len` candidates scored by `score`: the current one (index
/// `current`, the boundary the passes chose) unless another scores higher, and then the
/// first of those that score highest. Labelling and training choose by this same rule.
pub fn best_candidate<S: PartialOrd>(
    current: usize,
    len: usize,
    mut score: impl FnMut(usize) -> S,
) -> usize {
    let mut best = current;
    let mut best_score = score(current);
    for k in (0..len).filter(|&k| k != current) {
        let s = score(k);
        if s > best_score {
            best = k;
            best_score = s;
        }
    }
    best
}

/// Rewrites the `kind` span `span` of `roles` (`trimmed`: without its edge punctuation, see
/// [`trim_span`]) to run from token `start` to before token `end`. A boundary left where
/// it was keeps the quotation marks and punctuation the passes put at that end; `start >=
/// end` leaves the span alone.
pub fn move_span(
    roles: &mut [Role],
    kind: Kind,
    span: Range<usize>,
    trimmed: Range<usize>,
    start: usize,
    end: usize,
) {
    if start >= end || end > roles.len() {
        return;
    }
    let from = if start == trimmed.start {
        span.start
    } else {
        start
    };
    let to = if end == trimmed.end { span.end } else { end };
    if from == span.start && to == span.end {
        return;
    }
    let (begin, inside) = (Role::begin(kind), Role::inside(kind));
    roles[span].fill(Role::O);
    roles[from..to].fill(inside);
    roles[from] = begin;
    // The token after the span may have been an I of the old span's run: make it begin.
    if to < roles.len() && roles[to] == inside {
        roles[to] = begin;
    }
}

/// Whether token `k` is trimmed from a span's ends.
fn is_edge(doc: &Document, k: usize) -> bool {
    matches!(doc.tokens[k].kind, TokenKind::Punct | TokenKind::QuoteMark)
}

/// `span` (token indexes into `doc`) without the punctuation and quotation-mark tokens at
/// either end, or `span` itself when it holds nothing else: the boundaries PolNeAR's exact
/// scoring compares, so the ones the boundary stage chooses and the trainers score.
pub fn trim_span(doc: &Document, span: Range<usize>) -> Range<usize> {
    let (mut a, mut b) = (span.start, span.end);
    while a < b && is_edge(doc, a) {
        a += 1;
    }
    while b > a && is_edge(doc, b - 1) {
        b -= 1;
    }
    if a == b {
        span
    } else {
        a..b
    }
}

/// The roles whose spans the stage moves.
pub const MOVED: [Kind; 3] = [Kind::Source, Kind::Cue, Kind::Content];

/// Every source, cue and content span of `roles` with the candidates for its boundaries and their
/// features (as weight indexes for a table of `2^bits`). What [`Boundaries::refine`] scores,
/// and what a trainer learns from.
pub fn span_choices(
    doc: &Document,
    tags: &[Tag],
    parse: &Parse,
    roles: &[Role],
    margins: &[f32],
    bits: u32,
) -> Vec<SpanChoices> {
    let n = doc.tokens.len().min(roles.len());
    let moved = moved_spans(&roles[..n]);
    if moved.is_empty() {
        return Vec::new();
    }
    let context = Context::new(doc, tags, parse, &roles[..n], margins);
    moved
        .into_iter()
        .filter_map(|(kind, span)| context.choices(kind, span, bits))
        .collect()
}

/// The spans of `roles` whose boundaries the stage moves ([`MOVED`]).
fn moved_spans(roles: &[Role]) -> Vec<(Kind, Range<usize>)> {
    spans(roles)
        .into_iter()
        .filter(|(kind, _)| MOVED.contains(kind))
        .collect()
}

/// How far from a span its cue is looked for, either way, in tokens.
const CUE_WINDOW: usize = 50;

/// The candidate boundaries of one span, before their features.
struct Candidates {
    kind: Kind,
    span: Range<usize>,
    trimmed: Range<usize>,
    cue: Option<usize>,
    starts: Vec<usize>,
    start_current: usize,
    ends: Vec<usize>,
    end_current: usize,
}

/// What the features of one article read.
struct Context<'a, 'd> {
    doc: &'a Document<'d>,
    tags: &'a [Tag],
    parse: &'a Parse,
    roles: &'a [Role],
    margins: &'a [f32],
    /// The first token of each token's subtree (as far as [`MAX_CLIMB`] reaches).
    left: Vec<usize>,
    /// Its last token.
    right: Vec<usize>,
    /// Each token's word hash, computed when a feature first reads it.
    words: Vec<std::cell::OnceCell<u64>>,
}

/// Templates of a content span's start; an end's are offset by [`t::END`], a source span's by
/// [`t::SOURCE`], a cue span's by [`t::CUE`].
mod t {
    pub const OFFSET: usize = 0;
    pub const OUT_WORD: usize = 1;
    pub const IN_WORD: usize = 2;
    pub const OUT_TAG: usize = 3;
    pub const IN_TAG: usize = 4;
    pub const TAGS: usize = 5;
    pub const OUT_WORD_IN_TAG: usize = 6;
    pub const OUT_TAG_IN_WORD: usize = 7;
    pub const OUT_ROLE: usize = 8;
    pub const IN_ROLE: usize = 9;
    pub const ROLES: usize = 10;
    pub const RELATION: usize = 11;
    pub const SIDE: usize = 12;
    pub const OUT_TAGS: usize = 13;
    pub const OUT_WORDS: usize = 14;
    pub const EDGE: usize = 15;
    pub const EDGE_OF_CUE: usize = 16;
    pub const EDGE_OF_CUE_WORD: usize = 17;
    pub const EDGES: usize = 18;
    pub const CUE_DISTANCE: usize = 19;
    pub const CUE_DISTANCE_WORD: usize = 20;
    pub const CUE_WORD_IN_WORD: usize = 21;
    pub const HEADED_BY_CUE: usize = 22;
    pub const NO_CUE: usize = 23;
    pub const QUOTE_OUTSIDE: usize = 24;
    pub const QUOTE_OUTSIDE_OFFSET: usize = 25;
    pub const OUT_MARGIN: usize = 26;
    pub const IN_MARGIN: usize = 27;
    pub const MARGINS: usize = 28;
    /// Added to a start template to make the end's.
    pub const END: usize = 32;
    /// Added to a content span's template to make a source span's.
    pub const SOURCE: usize = 64;
    /// Added to a content span's template to make a cue span's.
    pub const CUE: usize = 128;
}

/// A value for positions outside the paragraph.
const NONE: u64 = 0x0bad_f00d;

impl<'a, 'd> Context<'a, 'd> {
    fn new(
        doc: &'a Document<'d>,
        tags: &'a [Tag],
        parse: &'a Parse,
        roles: &'a [Role],
        margins: &'a [f32],
    ) -> Context<'a, 'd> {
        let n = roles.len();
        let mut left: Vec<usize> = (0..n).collect();
        let mut right: Vec<usize> = (0..n).collect();
        if parse.len() == n {
            for i in 0..n {
                let mut at = i;
                for _ in 0..MAX_CLIMB {
                    match parse.head(at) {
                        Some(h) if h < n => at = h,
                        _ => break,
                    }
                    left[at] = left[at].min(i);
                    right[at] = right[at].max(i);
                }
            }
        }
        let words = vec![std::cell::OnceCell::new(); n];
        Context {
            doc,
            tags,
            parse,
            roles,
            margins,
            left,
            right,
            words,
        }
    }

    fn choices(&self, kind: Kind, span: Range<usize>, bits: u32) -> Option<SpanChoices> {
        let c = self.candidates(kind, span)?;
        let choice = |positions: &[usize], current: usize, is_end: bool| {
            let mut features = Vec::with_capacity(positions.len());
            for &k in positions {
                let mut f = Vec::new();
                self.boundary_features(&c, k, is_end, bits, &mut f);
                features.push(f);
            }
            BoundaryChoice {
                positions: positions.to_vec(),
                features,
                current,
            }
        };
        Some(SpanChoices {
            kind,
            start: choice(&c.starts, c.start_current, false),
            end: choice(&c.ends, c.end_current, true),
            span: c.span,
            trimmed: c.trimmed,
        })
    }

    /// The best start and end of `span` under `weights`, scoring each candidate as its
    /// features are computed (what [`Boundaries::refine`] does, without keeping them).
    ///
    /// Returns the candidates with the chosen start and end positions.
    fn best(
        &self,
        weights: &Boundaries,
        kind: Kind,
        span: Range<usize>,
    ) -> Option<(Candidates, usize, usize)> {
        let c = self.candidates(kind, span)?;
        let mut buffer = Vec::new();
        let mut best = |positions: &[usize], current: usize, is_end: bool| {
            let k = best_candidate(current, positions.len(), |k| {
                buffer.clear();
                self.boundary_features(&c, positions[k], is_end, weights.bits, &mut buffer);
                weights.score(&buffer)
            });
            positions[k]
        };
        let start = best(&c.starts, c.start_current, false);
        let end = best(&c.ends, c.end_current, true);
        Some((c, start, end))
    }

    /// Where `span` may start and end.
    fn candidates(&self, kind: Kind, span: Range<usize>) -> Option<Candidates> {
        let doc = self.doc;
        let trimmed = trim_span(doc, span.clone());
        let paragraph = doc
            .paragraphs
            .iter()
            .find(|p| p.tokens.contains(&trimmed.start))?
            .tokens
            .clone();
        let paragraph = paragraph.start..paragraph.end.min(self.roles.len());
        // The cue the span belongs to: the nearest cue word of the paragraph outside the span,
        // within CUE_WINDOW tokens (so that a paragraph of many spans costs linear time).
        let window = span.start.saturating_sub(CUE_WINDOW).max(paragraph.start)
            ..(span.end + CUE_WINDOW).min(paragraph.end);
        let cue = window
            .filter(|&k| self.roles[k].kind() == Some(Kind::Cue) && !span.contains(&k))
            .min_by_key(|&k| {
                if k < span.start {
                    span.start - k
                } else {
                    k + 1 - span.end
                }
            });
        // A span never takes in a word of another role.
        let blocked =
            |k: usize| !span.contains(&k) && self.roles[k].kind().is_some_and(|r| r != kind);
        // Starts: from as far left as no cue or source word blocks, to REACH right.
        // A source does not start further left over a verb: "She joined the nurses who wrote
        // …" has the source "who", never "She joined the nurses who".
        let verb = |k: usize| kind == Kind::Source && self.tags.get(k).is_some_and(|t| t.is_verb());
        let mut lo = trimmed.start;
        while lo > paragraph.start
            && trimmed.start - lo < REACH
            && !blocked(lo - 1)
            && !verb(lo - 1)
        {
            lo -= 1;
        }
        let hi = (trimmed.start + REACH).min(trimmed.end - 1);
        let starts: Vec<usize> = (lo..=hi)
            .filter(|&k| !is_edge(doc, k) || k == trimmed.start)
            .collect();
        // Ends (one past the last token): from REACH left to as far right as nothing blocks.
        let mut hi = trimmed.end;
        while hi < paragraph.end && hi - trimmed.end < REACH && !blocked(hi) {
            hi += 1;
        }
        let lo = trimmed.end.saturating_sub(REACH).max(trimmed.start + 1);
        let ends: Vec<usize> = (lo..=hi)
            .filter(|&k| !is_edge(doc, k - 1) || k == trimmed.end)
            .collect();
        Some(Candidates {
            kind,
            start_current: starts.iter().position(|&k| k == trimmed.start)?,
            end_current: ends.iter().position(|&k| k == trimmed.end)?,
            starts,
            ends,
            cue,
            span,
            trimmed,
        })
    }

    /// The features of candidate position `k` of `c`: a start token, or (`is_end`) the
    /// position after an end token.
    fn boundary_features(
        &self,
        c: &Candidates,
        k: usize,
        is_end: bool,
        bits: u32,
        out: &mut Vec<u32>,
    ) {
        if is_end {
            self.features(c, k - 1, c.trimmed.end - 1, true, bits, out);
        } else {
            self.features(c, k, c.trimmed.start, false, bits, out);
        }
    }

    /// The features of token `x` as the first (or, `is_end`, the last) token of the span of
    /// `c`, whose first (last) token the passes made `current`.
    fn features(
        &self,
        c: &Candidates,
        x: usize,
        current: usize,
        is_end: bool,
        bits: u32,
        out_features: &mut Vec<u32>,
    ) {
        let (kind, cue) = (c.kind, c.cue);
        let n = self.roles.len() as isize;
        let base = if is_end { t::END } else { 0 }
            + match kind {
                Kind::Source => t::SOURCE,
                Kind::Cue => t::CUE,
                Kind::Content => 0,
            };
        let step: isize = if is_end { 1 } else { -1 };
        let xi = x as isize;
        let out = xi + step;
        let out2 = xi + 2 * step;
        let valid = |k: isize| (0..n).contains(&k);
        let word = |k: isize| {
            if valid(k) {
                self.word(k as usize)
            } else {
                NONE
            }
        };
        let tag = |k: isize| {
            if valid(k) {
                self.tags.get(k as usize).map_or(NONE, |t| t.index() as u64)
            } else {
                NONE
            }
        };
        let role = |k: isize| {
            if valid(k) {
                self.roles[k as usize]
                    .kind()
                    .map_or(3, |r| r.index() as u64)
            } else {
                4
            }
        };
        // The labeller's margin, in buckets of powers of two.
        let margin = |k: isize| -> u64 {
            match self.margins.get(k as usize) {
                Some(&m) if valid(k) && m >= 1e-3 => {
                    (m.log2().floor().clamp(-4.0, 6.0) + 6.0) as u64
                }
                Some(_) if valid(k) => 0,
                _ => 20,
            }
        };
        let offset = (xi - current as isize).clamp(-6, 6) as u64;
        let mut push = |template: usize, value: u64| {
            out_features.push(Labeller::index(bits, feature_hash(base + template, value)));
        };
        push(t::OFFSET, offset);
        push(t::OUT_WORD, word(out));
        push(t::IN_WORD, word(xi));
        push(t::OUT_TAG, tag(out));
        push(t::IN_TAG, tag(xi));
        push(t::TAGS, pair(tag(out), tag(xi)));
        push(t::OUT_WORD_IN_TAG, pair(word(out), tag(xi)));
        push(t::OUT_TAG_IN_WORD, pair(tag(out), word(xi)));
        push(t::OUT_ROLE, role(out));
        push(t::IN_ROLE, role(xi));
        push(t::ROLES, pair(role(out), role(xi)));
        push(t::RELATION, self.relation(x));
        push(t::SIDE, (xi - current as isize).signum() as u64);
        push(t::OUT_TAGS, pair(tag(out2), tag(out)));
        push(t::OUT_WORDS, pair(word(out2), word(out)));
        // The subtrees this token begins (or ends): the token's own, then its ancestors'.
        let mut at = x;
        let mut edges = 0u64;
        for climbed in 0..=MAX_CLIMB {
            let at_edge = if is_end {
                self.right[at] == x
            } else {
                self.left[at] == x
            };
            if at_edge {
                edges += 1;
                let relation = self.relation(at);
                push(t::EDGE, relation);
                if let Some(q) = cue {
                    if self.head(at) == Some(q) {
                        push(t::EDGE_OF_CUE, relation);
                        push(t::EDGE_OF_CUE_WORD, pair(relation, self.word(q)));
                    }
                }
            }
            match self.head(at) {
                Some(h) if climbed < MAX_CLIMB => at = h,
                _ => break,
            }
        }
        push(t::EDGES, edges.min(4));
        match cue {
            Some(q) => {
                let d = (xi - q as isize).clamp(-5, 5) as u64;
                push(t::CUE_DISTANCE, d);
                push(t::CUE_DISTANCE_WORD, pair(d, word(xi)));
                push(t::CUE_WORD_IN_WORD, pair(self.word(q), word(xi)));
                if self.head(x) == Some(q) {
                    push(t::HEADED_BY_CUE, self.relation(x));
                }
            }
            None => push(t::NO_CUE, 1),
        }
        let quote_outside =
            u64::from(valid(out) && self.doc.tokens[out as usize].kind == TokenKind::QuoteMark);
        push(t::QUOTE_OUTSIDE, quote_outside);
        push(t::QUOTE_OUTSIDE_OFFSET, pair(quote_outside, offset));
        push(t::OUT_MARGIN, pair(role(out), margin(out)));
        push(t::IN_MARGIN, pair(role(xi), margin(xi)));
        push(t::MARGINS, pair(offset, pair(margin(out), margin(xi))));
    }

    /// The word hash of token `k`.
    fn word(&self, k: usize) -> u64 {
        *self.words[k].get_or_init(|| word_hash(self.doc.token_text(k), &mut String::new()).0)
    }

    /// The head of token `k`, if the article was parsed (a `Parse::default()` has no trees).
    fn head(&self, k: usize) -> Option<usize> {
        if self.parse.len() == self.roles.len() {
            self.parse.head(k).filter(|&h| h < self.roles.len())
        } else {
            None
        }
    }

    fn relation(&self, k: usize) -> u64 {
        if self.parse.len() == self.roles.len() {
            self.parse.label(k).index() as u64
        } else {
            NONE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_a_span_keeps_valid_bio_and_its_kept_ends() {
        use Role::*;
        let doc = Document::parse("He told voters “ she is with them . ”");
        // He told voters " she is with them . "
        let mut roles = vec![
            BSource, BCue, BContent, IContent, IContent, IContent, IContent, IContent, IContent,
            IContent,
        ];
        let trimmed = trim_span(&doc, 2..10);
        assert_eq!(trimmed, 2..8);
        move_span(&mut roles, Kind::Content, 2..10, trimmed.clone(), 4, 8);
        assert_eq!(
            roles,
            [BSource, BCue, O, O, BContent, IContent, IContent, IContent, IContent, IContent]
        );
        let before = roles.clone();
        move_span(&mut roles, Kind::Content, 2..10, trimmed, 9, 3);
        assert_eq!(roles, before, "an empty span is never made");
    }

    #[test]
    fn trimming_drops_edge_punctuation_but_never_empties() {
        let doc = Document::parse("“Yes,” he said.");
        assert_eq!(trim_span(&doc, 0..3), 1..2);
        assert_eq!(trim_span(&doc, 0..1), 0..1);
    }

    #[test]
    fn candidates_stop_at_cue_and_source_words_and_the_paragraph() {
        use Role::*;
        let doc = Document::parse("Smith said on Monday that the plan would fail.\n\nNext.");
        let n = doc.tokens.len();
        let mut roles = vec![O; n];
        roles[0] = BSource;
        roles[1] = BCue;
        // "the plan would fail"
        roles[5] = BContent;
        roles[6..9].fill(IContent);
        let margins = vec![1.0; n];
        let parse = Parse::default();
        let tags = vec![Tag::NN; n];
        let choices = span_choices(&doc, &tags, &parse, &roles, &margins, 12);
        assert_eq!(choices.len(), 3);
        let source = &choices[0];
        assert_eq!((source.kind, source.trimmed.clone()), (Kind::Source, 0..1));
        // The source may not take in the cue after it, nor the cue the source before it.
        assert_eq!(source.end.positions, [1]);
        let cue = &choices[1];
        assert_eq!((cue.kind, cue.trimmed.clone()), (Kind::Cue, 1..2));
        assert_eq!(cue.start.positions, [1]);
        let c = &choices[2];
        assert_eq!((c.kind, c.trimmed.clone()), (Kind::Content, 5..9));
        assert_eq!(c.start.positions, [2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(c.start.positions[c.start.current], 5);
        // The end may take in the period's sentence but not the next paragraph's word.
        assert_eq!(c.end.positions, [6, 7, 8, 9]);
        assert_eq!(c.end.positions[c.end.current], 9);
        assert!(c
            .start
            .features
            .iter()
            .all(|f| f.iter().all(|&i| i < 1 << 12)));
    }

    #[test]
    fn a_huge_paragraph_of_many_spans_is_refined_without_panic() {
        use Role::*;
        // 30,000 tokens without a line break (the text layer cuts such a run into long
        // paragraphs), a cue and a content span every ten: the cue search and the candidates
        // are bounded per span, so this is linear work.
        let text = "said the plan would fail soon , he argued , ".repeat(3_000);
        let doc = Document::parse(&text);
        let n = doc.tokens.len();
        assert!(doc.paragraphs.len() < 10);
        let mut roles = vec![O; n];
        for k in (0..n).step_by(10) {
            roles[k] = BCue;
            if k + 5 < n {
                roles[k + 1] = BContent;
                roles[k + 2..k + 5].fill(IContent);
            }
        }
        let weights = (0..1 << 12)
            .map(|i| ((i * 7919) % 13) as f32 - 6.0)
            .collect();
        let stage = Boundaries::from_weights(12, weights).unwrap();
        let before = roles.clone();
        stage.refine(
            &doc,
            &vec![Tag::NN; n],
            &Parse::default(),
            &mut roles,
            &vec![0.5; n],
        );
        assert_ne!(roles, before, "some span moved");
        // Whatever moved, the labels are still valid BIO and no cue was touched.
        for k in 0..n {
            if roles[k] == IContent {
                assert!(matches!(roles[k - 1], BContent | IContent), "token {k}");
            }
            assert_eq!(roles[k] == BCue, k % 10 == 0, "token {k}");
        }
    }

    #[test]
    fn weights_move_a_span_and_zero_weights_leave_it() {
        use Role::*;
        let doc = Document::parse("Smith told reporters the plan would fail.");
        let n = doc.tokens.len();
        let mut roles = vec![O; n];
        roles[0] = BSource;
        roles[1] = BCue;
        roles[2] = BContent;
        roles[3..7].fill(IContent);
        let tags = vec![Tag::NN; n];
        let margins = vec![1.0; n];
        let parse = Parse::default();
        let zero = Boundaries::from_weights(10, vec![0.0; 1 << 10]).unwrap();
        let mut same = roles.clone();
        zero.refine(&doc, &tags, &parse, &mut same, &margins);
        assert_eq!(same, roles);
        // Reward starting one word right of where the passes started.
        // A table large enough that the start's features share no weight with the end's.
        let choices: Vec<SpanChoices> = span_choices(&doc, &tags, &parse, &roles, &margins, 20)
            .into_iter()
            .filter(|c| c.kind == Kind::Content)
            .collect();
        let mut weights = vec![0.0; 1 << 20];
        let want = choices[0]
            .start
            .positions
            .iter()
            .position(|&p| p == 3)
            .unwrap();
        for &i in &choices[0].start.features[want] {
            weights[i as usize] += 1.0;
        }
        for &i in &choices[0].start.features[choices[0].start.current] {
            weights[i as usize] -= 1.0;
        }
        let moved = Boundaries::from_weights(20, weights).unwrap();
        moved.refine(&doc, &tags, &parse, &mut roles, &margins);
        assert_eq!(roles[2], O);
        assert_eq!(roles[3], BContent);
        assert!(Boundaries::from_weights(10, vec![0.0; 3]).is_none());
        assert!(Boundaries::from_weights(10, vec![f32::NAN; 1 << 10]).is_none());
    }
}
