//! Statements that the layout marks rather than a reporting verb the labeller would find:
//! speaker labels of interview transcripts and quotations signed with a dash. Both replace
//! what the labeller found inside the paragraph, so they run after the labelled pass.

use std::ops::Range;

use whosaid_text::TokenKind;

use super::{Finder, Found};
use crate::rules::Rule;
use crate::StatementKind;

impl Finder<'_, '_> {
    /// Interview transcripts: "BENENSON: Senator Sanders doesn’t get to decide …", "Q: How did
    /// things go?". A short name and a colon open the paragraph (after a quotation mark, when
    /// the transcript is quoted) and the rest is what was said; what the labeller found inside
    /// it is reported within those words. Measured on PolNeAR dev (as was the newsroom
    /// note below, also on train).
    pub(super) fn speaker_labels(&mut self) {
        let article = self.article;
        for paragraph in 0..article.doc.paragraphs.len() {
            let range = article.doc.paragraphs[paragraph].tokens.clone();
            if !self.attributes(paragraph) {
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
            let content = colon + 1..range.end;
            // What a speaker says has a verb; a label before a list does not ("Portion Fix
            // Containers: 1 Green, 1 Purple, 1 Red"). Only an interviewer's question may be
            // verbless ("Q: Most memorable live event?").
            let says = question || content.clone().any(|token| article.tag(token).is_verb());
            if !is_name || newsroom || content.len() < 2 || !says {
                continue;
            }
            let inside = |r: &Range<usize>| r.start >= range.start && r.end <= range.end;
            self.found.retain(|f| !f.cue.as_ref().is_some_and(inside));
            let kind = self.kind_of(&content);
            self.push(Found {
                kind,
                cue: Some(colon..colon + 1),
                contents: vec![content],
                source: Some(label),
            });
        }
    }

    /// Quotes signed with a dash, as in reader responses and epigraphs: a paragraph that is one
    /// quotation followed by a dash and a name (“We can build a wall.” ― Steve Quinlan). The
    /// dash is the cue. Such a paragraph does not end like a sentence, so the labeller's spans
    /// there were never read; any that were are replaced. No figure is recorded for
    /// this rule.
    pub(super) fn dash_attributions(&mut self) {
        let article = self.article;
        let is_mark = |token: usize| article.doc.tokens[token].kind == TokenKind::QuoteMark;
        for paragraph in &article.doc.paragraphs {
            let range = paragraph.tokens.clone();
            if range.len() < 4 || !is_mark(range.start) {
                continue;
            }
            // The dash comes right after the closing mark, within a short signature.
            const SIGNATURE: usize = 12;
            let Some(dash) = range.clone().rev().take(SIGNATURE).find(|&token| {
                matches!(
                    article.word(token),
                    "\u{2015}" | "\u{2014}" | "\u{2013}" | "--"
                )
            }) else {
                continue;
            };
            if dash <= range.start + 1 || !is_mark(dash - 1) {
                continue;
            }
            let name_end = (dash + 1..range.end)
                .find(|&token| !article.is_capitalised(token) || article.word(token) == ",")
                .unwrap_or(range.end);
            let name = dash + 1..name_end;
            let rest_is_signature = (name_end..range.end).all(|token| !is_mark(token));
            if name.is_empty() || name.len() > 5 || !rest_is_signature {
                continue;
            }
            let inside = |r: &Range<usize>| r.start >= range.start && r.end <= range.end;
            self.found
                .retain(|f| !f.cue.as_ref().is_some_and(inside) && !f.contents.iter().any(inside));
            let quotation = range.start..dash;
            self.push(Found {
                kind: StatementKind::Direct,
                cue: Some(dash..dash + 1),
                contents: vec![quotation],
                source: Some(name),
            });
        }
    }
}
