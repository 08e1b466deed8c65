//! Finding statements: cues, their contents and the mentions of who spoke, as token ranges.
//!
//! The learned labeller (`whosaid-attribution`) marks every token as part of a source, a cue, a
//! content or nothing; this module turns those spans into statements. [`find`] runs four
//! passes over an article, in this order, each owning one way a statement shows itself (the
//! layout gives two):
//!
//! 1. [`labelled`]: the labeller's spans. Each cue takes the content spans nearest to it in its
//!    paragraph (a quote that reopens in the next paragraph goes with the cue of the paragraph
//!    before) and its grammatical subject, or the nearest labelled source, as its source. A
//!    chain of small rules, listed in order in [`labelled`], then drops what the labeller
//!    learned from PolNeAR but no reader would call a statement (naming: "nicknamed
//!    “Oreshnik”"; speculation: "analysts may conclude") and completes what it missed.
//! 2. [`reportedly`]: "GateHouse reportedly laid off 60 employees", a clause the adverb
//!    attributes to unnamed reports, which the labeller seldom marks; and [`nested`]: a
//!    quotation inside a quotation ("“And I said, ‘I want more.’”"), which the labeller,
//!    marking one role a token, cannot.
//! 3. [`layout`], speaker labels: interview transcripts ("COLE: We will borrow …") get the
//!    speaker their label names, in place of what the labeller found in the paragraph; and
//!    signatures: the paragraphs above "— Name (@handle) date" (an embedded tweet) or
//!    "– Ann Lee" (a reader's comment) are that name's words.
//! 4. [`continuations`]: quoted paragraphs with no cue of their own join the statement of the
//!    paragraph before.
//!
//! The helpers the passes share live apart: [`cues`] (what kind of cue a cue is), [`sources`]
//! (who a cue's speaker is) and [`contents`] (what a cue reports when the labeller marked no
//! content).
//!
//! Every convention here is a [`Rule`] that can be switched off (see [`crate::rules`]): the
//! last two passes, each rule of [`labelled`]'s list and the conventions inside the
//! helpers, each checked where it runs.
//!
//! The order matters: later passes replace or extend what earlier ones found, so that a
//! transcript label wins over a cue the labeller found inside its paragraph, and a
//! continuation joins the statement that is last in its paragraph once all others are known.

use std::ops::Range;

use crate::article::{is_in_capitals, Article};
use crate::rules::{Rule, Rules};
use crate::{MediumType, StatementKind};

mod contents;
mod continuations;
mod cues;
mod labelled;
mod layout;
mod nested;
mod reportedly;
mod sources;

/// A statement as token ranges of the article.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub kind: StatementKind,
    pub cue: Option<Range<usize>>,
    pub contents: Vec<Range<usize>>,
    pub source: Option<Range<usize>>,
    /// The channel the layout shows when no cue says it (an embedded tweet's signature).
    pub medium: Option<MediumType>,
}

impl Found {
    pub fn first_token(&self) -> usize {
        let content = self.contents.first().map_or(usize::MAX, |c| c.start);
        let cue = self.cue.as_ref().map_or(usize::MAX, |c| c.start);
        content.min(cue)
    }
}

/// Every statement of `article`, in text order (by the first token of its cue or content).
/// Only the conventions of `rules` apply (see [`crate::rules`]).
pub(crate) fn find(article: &Article, rules: Rules) -> Vec<Found> {
    let mut finder = Finder {
        article,
        rules,
        found: Vec::new(),
    };
    finder.labelled();
    if rules.contains(Rule::ReportedlyAttributes) {
        finder.reportedly();
    }
    if rules.contains(Rule::NestedQuotes) {
        finder.nested_quotes();
    }
    if rules.contains(Rule::SpeakerLabels) {
        finder.speaker_labels();
    }
    if rules.contains(Rule::SignedParagraphs) {
        finder.signed_paragraphs();
    }
    if rules.contains(Rule::QuoteContinuations) {
        finder.continuations();
    }
    let mut found = finder.found;
    found.sort_by_key(Found::first_token);
    found
}

/// The passes' shared state: the article, the rules that apply and the statements found so
/// far, which later passes may drop, replace or extend.
struct Finder<'a, 'b> {
    article: &'b Article<'a>,
    rules: Rules,
    found: Vec<Found>,
}

impl Finder<'_, '_> {
    /// Adds `statement`, its source trimmed to the mention of who spoke.
    fn push(&mut self, mut statement: Found) {
        if let Some(source) = &mut statement.source {
            if self.rules.contains(Rule::TrimClosingPunctuation) {
                self.trim_closing_punctuation(source);
            }
            if self.rules.contains(Rule::KeepRelativePronounAlone) {
                self.keep_relative_pronoun_alone(source);
            }
            if self.rules.contains(Rule::DatelinesAreNotSpeakers) {
                self.trim_dateline(source);
            }
        }
        self.found.push(statement);
    }

    /// "HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper accused …": when the labeller
    /// runs a wire story's dateline into the lede's subject, the dateline (capitals opening
    /// the paragraph, up to the dash) is no part of who spoke.
    fn trim_dateline(&self, source: &mut Range<usize>) {
        let article = self.article;
        let paragraph = &article.doc.paragraphs[article.paragraph_of(source.start)].tokens;
        if source.start != paragraph.start || !is_in_capitals(article.word(source.start)) {
            return;
        }
        let dash = (source.start..source.end.min(source.start + 12))
            .find(|&t| matches!(article.word(t), "—" | "–" | "--" | "-"));
        if let Some(dash) = dash.filter(|&dash| dash + 1 < source.end) {
            source.start = dash + 1;
        }
    }

    /// The labeller's source often takes the comma or dash that closes an appositive ("Mr.
    /// Rutte, the previous prime minister of the Netherlands, stated"); it is not the
    /// speaker's, and left there it shows in the speaker's role and name.
    fn trim_closing_punctuation(&self, source: &mut Range<usize>) {
        let article = self.article;
        while source.len() > 1
            && matches!(
                article.word(source.end - 1),
                "," | ";" | ":" | "—" | "–" | "-" | "--"
            )
        {
            source.end -= 1;
        }
    }

    /// "who co-authored a paper earlier this year arguing …": the relative pronoun is the
    /// source; the verb after it is the clause's own. PolNeAR marks the pronoun alone (measured
    /// on PolNeAR train and dev when the rule came in).
    fn keep_relative_pronoun_alone(&self, source: &mut Range<usize>) {
        let article = self.article;
        if article.is_relative_pronoun(source.start)
            && (source.start + 1..source.end).any(|token| article.tag(token).is_verb())
        {
            source.end = source.start + 1;
        }
    }

    /// Whether statements may be found in `paragraph`: the article's first paragraph (its
    /// headline, which may attribute: "Mayor says the bridge will close") and prose
    /// paragraphs, not the captions, link lists and page furniture between them ("Read more:",
    /// other articles' headlines), unless the rule is off.
    fn attributes(&self, paragraph: usize) -> bool {
        !self.rules.contains(Rule::FurnitureAttributesNothing)
            || paragraph == 0
            || self.article.is_prose_paragraph(paragraph)
    }

    /// Direct when the content is one whole quote, mixed when it holds quoted words, else
    /// indirect.
    fn kind_of(&self, content: &Range<usize>) -> StatementKind {
        let article = self.article;
        let whole_quote = article.doc.quote_of_token[content.start].is_some_and(|q| {
            let quote = &article.doc.quotes[q];
            quote.open == content.start && quote.end == content.end
        });
        if whole_quote {
            StatementKind::Direct
        } else if content.clone().any(|token| article.is_quote_mark(token)) {
            StatementKind::Mixed
        } else {
            StatementKind::Indirect
        }
    }
}

/// Tokens between two ranges (0 when they overlap).
fn span_distance(x: &Range<usize>, y: &Range<usize>) -> usize {
    y.start
        .saturating_sub(x.end)
        .max(x.start.saturating_sub(y.end))
}
