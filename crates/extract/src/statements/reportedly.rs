//! "GateHouse reportedly laid off more than 60 employees": the adverb "reportedly" attributes
//! its clause to reports it does not name. The labeller, which learned cues that are mostly
//! verbs, seldom marks it; this pass adds the statement it makes, with no source.

use std::ops::Range;

use super::{Finder, Found};
use crate::StatementKind;

impl Finder<'_, '_> {
    /// Adds a statement for every "reportedly" in prose that no statement has as its cue
    /// or inside its content: the clause around it, as two pieces without the adverb.
    pub(super) fn reportedly(&mut self) {
        let article = self.article;
        for token in 0..article.len() {
            if article.lower(token) != "reportedly"
                || article.in_quote(token)
                || !self.attributes(article.paragraph_of(token))
            {
                continue;
            }
            let taken = self.found.iter().any(|found| {
                let within = |r: &Range<usize>| r.start <= token && token < r.end;
                found.cue.as_ref().is_some_and(within) || found.contents.iter().any(within)
            });
            if taken {
                continue;
            }
            let Some(clause) = self.clause_around(token) else {
                continue;
            };
            let contents: Vec<Range<usize>> = [clause.start..token, token + 1..clause.end]
                .into_iter()
                .filter(|piece| !piece.is_empty())
                .collect();
            self.push(Found {
                kind: StatementKind::Indirect,
                cue: Some(token..token + 1),
                contents,
                source: None,
                medium: None,
            });
        }
    }

    /// The clause a sentence adverb at `token` stands in: from the sentence's start, or the
    /// comma before it (and a "with" or "as" that opens the clause), to the sentence's end, or
    /// the first comma or parenthesis after it that another clause with a verb of its own
    /// follows. `None` when the clause has no finite verb after the adverb.
    fn clause_around(&self, token: usize) -> Option<Range<usize>> {
        let article = self.article;
        let sentence = article.sentence(token);
        let mut start = (sentence.start..token)
            .rev()
            .find(|&k| matches!(article.word(k), "," | ";" | "—" | "("))
            .map_or(sentence.start, |k| k + 1);
        if start < token && matches!(article.lower(start), "with" | "as" | "while" | "and") {
            start += 1;
        }
        let mut end = sentence.end;
        while end > token + 1 && matches!(article.word(end - 1), "." | "!" | "?" | "”" | "\"") {
            end -= 1;
        }
        // A comma has a verb after it when it stands before the clause's last verb: one
        // backward scan, not one per comma.
        let last_verb = (token + 1..end).rev().find(|&k| article.tag(k).is_verb());
        if let Some(stop) = (token + 1..end).find(|&k| {
            article.word(k) == "(" || (article.word(k) == "," && last_verb.is_some_and(|v| v > k))
        }) {
            end = stop;
        }
        let has_verb = (token + 1..end).any(|k| article.tag(k).is_verb());
        (start < token && has_verb).then_some(start..end)
    }
}
