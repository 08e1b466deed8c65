//! Statements that the layout marks rather than a reporting verb the labeller would find:
//! speaker labels of interview transcripts. They replace what the labeller found inside the
//! paragraph, so they run after the labelled pass.

use std::collections::HashMap;
use std::ops::Range;

use super::{Finder, Found};
use crate::article::is_in_capitals;
use crate::lexicon;
use crate::rules::Rule;
use crate::{MediumType, StatementKind};

impl Finder<'_, '_> {
    /// Interview transcripts: "BENENSON: Senator Sanders doesn’t get to decide …", "Q: How did
    /// things go?". A short name and a colon open the paragraph (after a quotation mark, when
    /// the transcript is quoted) and the rest is what was said; what the labeller found inside
    /// it is reported within those words. Measured on PolNeAR dev (as was the newsroom
    /// note below, also on train).
    pub(super) fn speaker_labels(&mut self) {
        let article = self.article;
        let mut turns: Vec<Turn> = Vec::new();
        for paragraph in 0..article.doc.paragraphs.len() {
            let range = article.doc.paragraphs[paragraph].tokens.clone();
            // "A: Trip to Disney World": an interview's short answers need not end like a
            // sentence to be spoken.
            let answer_or_question = self.rules.contains(Rule::AnswersNeedNoFullStop)
                && range.len() > 2
                && matches!(article.word(range.start), "Q" | "A")
                && article.word(range.start + 1) == ":";
            if !self.attributes(paragraph) && !answer_or_question {
                continue;
            }
            let Some(colon) = range
                .clone()
                .take(6)
                .find(|&token| article.word(token) == ":")
            else {
                continue;
            };
            // A transcript quoted paragraph by paragraph opens each with a quotation mark
            // ("\"WALLACE: Let's start …").
            let label_start = if article.is_quote_mark(range.start) {
                range.start + 1
            } else {
                range.start
            };
            let label = label_start..colon;
            // "A:" is an answer's label, though the tagger may read it as the article "a".
            let question = label.len() == 1 && matches!(article.word(label.start), "Q" | "A");
            let is_name = question
                || (!label.is_empty()
                    && label.clone().all(|token| {
                        article.is_capitalised(token)
                            && (article.tag(token).is_noun() || article.word(token).ends_with('.'))
                    }));
            // Notes from the newsroom, not speakers ("CORRECTION: An earlier version …",
            // "Contributing: …"): PolNeAR train never attributes them.
            let newsroom = self.rules.contains(Rule::NewsroomNotesAreNotSpeakers)
                && label.len() == 1
                && matches!(
                    article.lower(label.start),
                    "correction"
                        | "corrections"
                        | "clarification"
                        | "update"
                        | "updated"
                        | "contributing"
                        | "byline"
                        | "related"
                        | "breaking"
                );
            // "NEW DELHI: Nearly 150 Indians …" opens a dispatch from a place, not a turn.
            let dateline = self.rules.contains(Rule::DatelinesAreNotSpeakers) && {
                let words: Vec<String> =
                    label.clone().map(|t| title_case(article.word(t))).collect();
                lexicon::place(&words.join(" ")).is_some()
            };
            let content = colon + 1..range.end;
            // What a speaker says has a verb; a label before a list does not ("Portion Fix
            // Containers: 1 Green, 1 Purple, 1 Red"). Only an interviewer's question may be
            // verbless ("Q: Most memorable live event?").
            let says = question || content.clone().any(|token| article.tag(token).is_verb());
            if !is_name || newsroom || dateline || content.len() < 2 || !says {
                continue;
            }
            turns.push(Turn {
                paragraph: range,
                label,
                content,
                question,
            });
        }
        // A conversation has turns: some speaker's label comes back, or the labels are a
        // transcript's capitals ("COLE:") or its "Q" and "A". Names in ordinary case that each
        // open one paragraph are a list's entries ("Jane Roe: possession of …, held on $5,000
        // bond").
        let recurs = !self.rules.contains(Rule::LabelsMustRecur) || {
            // Each label's words, counted once per turn: linear however many paragraphs a
            // page has.
            let mut seen: HashMap<Vec<&str>, usize> = HashMap::new();
            for turn in &turns {
                let words = turn.label.clone().map(|t| article.lower(t)).collect();
                *seen.entry(words).or_default() += 1;
            }
            seen.values().any(|&count| count > 1)
                || turns.iter().any(|turn| {
                    turn.question || turn.label.clone().all(|t| is_in_capitals(article.word(t)))
                })
        };
        if !recurs {
            return;
        }
        for turn in turns {
            let Turn {
                paragraph: range,
                label,
                content,
                ..
            } = turn;
            let colon = label.end;
            let inside = |r: &Range<usize>| r.start >= range.start && r.end <= range.end;
            self.found.retain(|f| !f.cue.as_ref().is_some_and(inside));
            let kind = self.kind_of(&content);
            self.push(Found {
                kind,
                cue: Some(colon..colon + 1),
                contents: vec![content],
                source: Some(label),
                medium: None,
            });
        }
    }
}

/// The most paragraphs a signature signs: a tweet or a reader's comment is short.
const MAX_SIGNED_PARAGRAPHS: usize = 8;

impl Finder<'_, '_> {
    /// Signed paragraphs: an embedded tweet's text above its signature ("— Governor Kristi
    /// Noem (@govkristinoem) November 18, 2019"), a reader's comment above "– Ann Lee". The
    /// signature names who wrote the paragraphs above it, back to a blank line (the first one
    /// above is signed whatever the gap); what the labeller found in them is reported within
    /// those words.
    pub(super) fn signed_paragraphs(&mut self) {
        let article = self.article;
        let paragraphs = &article.doc.paragraphs;
        // Each paragraph's signature, read once: every one is asked about up to three times.
        let signatures: Vec<Option<(Range<usize>, bool)>> =
            (0..paragraphs.len()).map(|p| self.signature(p)).collect();
        for signature in 2..paragraphs.len() {
            let Some((name, tweet)) = signatures[signature].clone() else {
                continue;
            };
            // Two signatures in a row: the second signs nothing.
            if signatures[signature - 1].is_some() {
                continue;
            }
            let mut first = signature - 1;
            while first > 1
                && signature - first < MAX_SIGNED_PARAGRAPHS
                && signatures[first - 1].is_none()
                && !self.blank_line_between(first - 1, first)
            {
                first -= 1;
            }
            let contents: Vec<Range<usize>> = (first..signature)
                .map(|p| paragraphs[p].tokens.clone())
                .collect();
            let block = paragraphs[first].tokens.start..paragraphs[signature - 1].tokens.end;
            let inside = |r: &Range<usize>| r.start >= block.start && r.end <= block.end;
            // "Google says the controller will …" inside a review excerpt signed "[ CNBC ]": a
            // reader of the news takes it as Google's statement inside CNBC's; PolNeAR reads
            // what is found there as part of the signed words.
            if !self.rules.contains(Rule::StatementsInsideSignedParagraphs) {
                self.found.retain(|f| {
                    !f.cue.as_ref().is_some_and(inside) && !f.contents.iter().all(inside)
                });
            }
            self.push(Found {
                kind: StatementKind::Direct,
                cue: None,
                contents,
                source: Some(name),
                medium: tweet.then_some(MediumType::SocialMedia),
            });
        }
    }

    /// The name a paragraph signs with, if it is a signature, and whether it signs a post on
    /// social media: a dash, then a name and a handle in brackets ("— Tottenham Hotspur
    /// (@SpursOfficial) November 20, 2019"), or a dash and a short name alone ("– Ann Lee").
    /// The name leaves out what has no letter or digit (an emoji).
    fn signature(&self, paragraph: usize) -> Option<(Range<usize>, bool)> {
        let article = self.article;
        let range = article.doc.paragraphs[paragraph].tokens.clone();
        if let Some(name) = self
            .bracketed_signature(&range)
            .filter(|_| self.rules.contains(Rule::BracketedSignatures))
        {
            return Some((name, false));
        }
        if range.len() < 2 || !matches!(article.word(range.start), "—" | "–" | "―" | "-" | "--")
        {
            return None;
        }
        let start = range.start + 1;
        let handle = (start..range.end.saturating_sub(1))
            .find(|&k| article.word(k) == "(" && article.word(k + 1).starts_with('@'));
        let end = match handle {
            Some(open) => open,
            // A short name: at most six words, however many marks mask it ("– Jo** Al****").
            None if range.end - start <= 16
                && (start..range.end)
                    .filter(|&k| article.word(k).chars().any(char::is_alphanumeric))
                    .count()
                    <= 6
                && article.is_capitalised(start)
                && !article.is_prose_paragraph(paragraph)
                && !(start..range.end).any(|k| article.tag(k).is_verb()) =>
            {
                range.end
            }
            None => return None,
        };
        let mut end = end;
        while end > start && !article.word(end - 1).chars().any(char::is_alphanumeric) {
            end -= 1;
        }
        (end > start).then_some((start..end, handle.is_some()))
    }

    /// "[ Tom's Guide ]" alone on its line under an excerpt, as review round-ups credit the
    /// outlet they quote: the name in the brackets, a short capitalised one with no verb, and
    /// not a page's furniture ("[ Photo ]", "[ Advertisement ]").
    fn bracketed_signature(&self, range: &Range<usize>) -> Option<Range<usize>> {
        let article = self.article;
        if range.len() < 3
            || range.len() > 8
            || article.word(range.start) != "["
            || article.word(range.end - 1) != "]"
        {
            return None;
        }
        let name = range.start + 1..range.end - 1;
        let furniture = matches!(
            article.lower(name.start),
            "photo"
                | "photos"
                | "video"
                | "image"
                | "images"
                | "advertisement"
                | "ad"
                | "audio"
                | "gallery"
                | "graphic"
                | "map"
                | "chart"
                | "embed"
                | "music"
                | "laughter"
                | "applause"
                | "crosstalk"
                | "inaudible"
                | "sic"
                | "update"
                | "updated"
                | "editor"
                | "correction"
        );
        let named = article.is_capitalised(name.start)
            && !name
                .clone()
                .any(|k| article.tag(k).is_verb() || article.word(k) == "[");
        (named && !furniture).then_some(name)
    }

    /// Whether a blank line separates two paragraphs (`earlier` just before `later`).
    fn blank_line_between(&self, earlier: usize, later: usize) -> bool {
        let doc = &self.article.doc;
        let from = doc.tokens[doc.paragraphs[earlier].tokens.end - 1].end;
        let to = doc.tokens[doc.paragraphs[later].tokens.start].start;
        doc.text
            .get(from..to)
            .is_some_and(|gap| gap.matches('\n').count() >= 2)
    }
}

/// A paragraph a speaker label opens, as [`Finder::speaker_labels`] finds it.
struct Turn {
    /// The paragraph's tokens.
    paragraph: Range<usize>,
    /// The label before the colon ("COLE", "Q").
    label: Range<usize>,
    /// What the speaker says, after the colon.
    content: Range<usize>,
    /// Whether the label is a question's or an answer's ("Q", "A").
    question: bool,
}

/// A word with its first letter upper case and the rest lower case ("DELHI" → "Delhi").
fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}
