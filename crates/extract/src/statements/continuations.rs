//! The last pass: quoted paragraphs that carry no cue of their own but go on with the statement
//! of the paragraph before (“…” after “…,” he said.) join that statement. It runs last
//! because it needs every other statement of the article to know which one a paragraph
//! continues.

use std::ops::Range;

use super::{Finder, Found};
use crate::rules::Rule;
use crate::StatementKind;

impl Finder<'_, '_> {
    /// A quote left open at the end of its paragraph continues in the next one(s).
    fn add_quote_continuations(&self, q: usize, contents: &mut Vec<Range<usize>>) {
        let quotes = &self.article.doc.quotes;
        let mut current = q;
        while quotes[current].continues_next {
            // Quotes are in text order, so the reopening quote is among the next few.
            let paragraph = quotes[current].paragraph + 1;
            let next = (current + 1..quotes.len())
                .take_while(|&j| quotes[j].paragraph <= paragraph)
                .find(|&j| quotes[j].continues_previous && quotes[j].paragraph == paragraph);
            match next {
                Some(next) => {
                    contents.push(quotes[next].tokens());
                    current = next;
                }
                None => break,
            }
        }
    }

    /// The last pass: quoted paragraphs that carry no cue of their own but continue the
    /// statement of the paragraph before (“…” after “…,” he said.) join that statement's
    /// contents: PolNeAR annotates such a paragraph as a further fragment of the content before
    /// it, never as an attribution of its own (measured on PolNeAR train, and on dev).
    pub(super) fn continuations(&mut self) {
        let article = self.article;
        let mut quoting = self.quoting_statements();
        let reporting = self
            .rules
            .contains(Rule::QuotesAfterReportedSpeech)
            .then(|| self.reporting_statements());
        // Quotes that open inside some statement's content, derived from the statements as
        // they stand (earlier passes may have dropped statements they found first).
        let mut owned = vec![false; article.doc.quotes.len()];
        for content in self.found.iter().flat_map(|f| &f.contents) {
            for token in content.clone() {
                if let Some(q) = article.doc.quote_of_token[token]
                    .filter(|&q| article.doc.quotes[q].open == token)
                {
                    owned[q] = true;
                }
            }
        }
        for (q, (quote, owned)) in article.doc.quotes.iter().zip(owned).enumerate() {
            if quote.depth != 0 || owned || quote.continues_previous {
                continue;
            }
            let paragraph = &article.doc.paragraphs[quote.paragraph].tokens;
            let covers_paragraph = quote.open == paragraph.start && quote.end + 1 >= paragraph.end;
            if !covers_paragraph || quote.paragraph == 0 || !self.attributes(quote.paragraph) {
                continue;
            }
            if quote.inner().filter(|&t| article.tag(t).is_verb()).count() == 0
                || quote.inner().len() < 4
            {
                continue;
            }
            // The previous paragraph's last statement, if it quoted someone.
            let Some(previous) = quoting[quote.paragraph - 1] else {
                // "Erekat said it was only the latest move …" and then the speaker's own words:
                // a statement of their own, with the speaker the reported one names.
                if let Some(reported) = reporting.as_ref().and_then(|r| r[quote.paragraph - 1]) {
                    let mut contents = vec![quote.tokens()];
                    self.add_quote_continuations(q, &mut contents);
                    let source = self.found[reported].source.clone();
                    self.found.push(Found {
                        kind: StatementKind::Direct,
                        cue: None,
                        contents,
                        source,
                        medium: None,
                    });
                }
                continue;
            };
            let mut contents = vec![quote.tokens()];
            self.add_quote_continuations(q, &mut contents);
            for content in &contents {
                quoting[article.paragraph_of(content.start)] = Some(previous);
            }
            // The quote is more of what that statement reports (as PolNeAR annotates it: a
            // further fragment of the same content, not an attribution of its own).
            let statement = &mut self.found[previous];
            statement.contents.extend(contents);
            if statement.kind == StatementKind::Indirect {
                statement.kind = StatementKind::Mixed;
            }
        }
    }

    /// For each paragraph, the last statement found so far that reports someone's words in
    /// its own ("Erekat said it was …"): indirect, with a source and a word of saying.
    fn reporting_statements(&self) -> Vec<Option<usize>> {
        let article = self.article;
        let mut reporting = vec![None; article.doc.paragraphs.len()];
        for (index, statement) in self.found.iter().enumerate() {
            let said = statement.cue.as_ref().is_some_and(|cue| {
                cue.clone().any(|k| {
                    matches!(
                        article.lower(k),
                        "said" | "says" | "told" | "tells" | "added" | "wrote"
                    )
                })
            });
            if statement.kind != StatementKind::Indirect || statement.source.is_none() || !said {
                continue;
            }
            if let Some(content) = statement.contents.last() {
                reporting[article.paragraph_of(content.end - 1)] = Some(index);
            }
        }
        reporting
    }

    /// For each paragraph, the last statement found so far that quotes someone there.
    fn quoting_statements(&self) -> Vec<Option<usize>> {
        let article = self.article;
        let mut quoting = vec![None; article.doc.paragraphs.len()];
        for (index, statement) in self.found.iter().enumerate() {
            if statement.kind == StatementKind::Indirect {
                continue;
            }
            for content in &statement.contents {
                quoting[article.paragraph_of(content.start)] = Some(index);
                quoting[article.paragraph_of(content.end - 1)] = Some(index);
            }
        }
        quoting
    }
}
