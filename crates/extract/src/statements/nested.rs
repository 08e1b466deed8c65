//! Statements inside quotations: "“And I said, ‘I want more.’ They said, ‘The farmers can’t
//! handle it.’”" The labeller gives each token one role, so the words of a quotation inside a
//! quotation are all the outer one's content; this pass finds the inner statements it cannot.

use whosaid_tagger::Tag;

use super::{Finder, Found};
use crate::StatementKind;

/// The most words between a word of saying and the quotation it introduces: a comma, a colon,
/// "that" or a spoken "quote" ("ask, quote, ‘…’").
const MAX_LEAD: usize = 4;

impl Finder<'_, '_> {
    /// A quotation inside another that a word of saying introduces ("I said, ‘…’", "Sondland
    /// replied that ‘…’", "heard President Trump ask, quote, ‘…’") is that verb's subject's
    /// statement, with the inner quotation as its content. Only a subject the quotation
    /// itself holds: a pronoun, or a name with its title, just before the verb.
    pub(super) fn nested_quotes(&mut self) {
        let article = self.article;
        let mut nested = Vec::new();
        for quote in &article.doc.quotes {
            if quote.depth == 0 || quote.close.is_none() {
                continue;
            }
            let mut lead = quote.open;
            while lead > 0
                && quote.open - lead < MAX_LEAD
                && matches!(article.lower(lead - 1), "," | ":" | "that" | "quote")
            {
                lead -= 1;
            }
            if lead == 0 || !article.in_quote(lead - 1) {
                continue;
            }
            let verb = lead - 1;
            if !article.tag(verb).is_verb()
                || !whosaid_attribution::is_reporting_verb(article.lower(verb))
            {
                continue;
            }
            let Some(source) = self.subject_in_quote(verb) else {
                continue;
            };
            nested.push(Found {
                kind: StatementKind::Direct,
                cue: Some(verb..verb + 1),
                contents: vec![quote.tokens()],
                source: Some(source),
                medium: None,
            });
        }
        for statement in nested {
            self.push(statement);
        }
    }

    /// The subject of a verb inside a quotation: the personal pronoun just before it ("I
    /// said"), or the name just before it with the title words it opens with ("Ambassador
    /// Sondland replied").
    fn subject_in_quote(&self, verb: usize) -> Option<std::ops::Range<usize>> {
        let article = self.article;
        let sentence = article.sentence(verb);
        let mut end = verb;
        while end > sentence.start && matches!(article.tag(end - 1), Tag::RB) {
            end -= 1;
        }
        if end == sentence.start || !article.in_quote(end - 1) {
            return None;
        }
        if article.tag(end - 1) == Tag::PRP {
            return Some(end - 1..end);
        }
        let mut start = end;
        while start > sentence.start
            && end - start < 6
            && article.in_quote(start - 1)
            && article.tag(start - 1).is_proper_noun()
            && article.is_capitalised(start - 1)
        {
            start -= 1;
        }
        (start < end).then_some(start..end)
    }
}
