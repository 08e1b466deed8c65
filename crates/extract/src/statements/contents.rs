//! What a cue reports when the labeller marked no content for it, or too little: the clause
//! its position gives it (before a closing cue, around an interposed one, after "According to
//! X," or "Said Ellis:") and the paragraph a closing colon introduces.

use std::ops::Range;

use super::{span_distance, Finder};

impl Finder<'_, '_> {
    /// "Nobody expects the plant to reopen, Mr. Okafor said.": a cue and source that close
    /// their sentence after a comma (or after a quotation closed by its comma: “…,” he said)
    /// report everything before it.
    pub(super) fn content_before(
        &self,
        cue: &Range<usize>,
        source: Option<&Range<usize>>,
    ) -> Option<Range<usize>> {
        let article = self.article;
        let sentence = article.sentence(cue.start);
        let head = source.map_or(cue.start, |s| s.start.min(cue.start));
        let tail = source.map_or(cue.end, |s| s.end.max(cue.end));
        let rest = (tail..sentence.end)
            .filter(|&token| !matches!(article.word(token), "." | "!" | "?"))
            .count();
        // Who was told may follow, with no verb of its own ("told The Huffington Post on
        // Thursday").
        let addressee = || {
            matches!(article.lower(cue.end - 1), "told" | "tells" | "telling")
                && (tail..sentence.end).all(|token| !article.tag(token).is_verb())
        };
        let described = || self.described_source(cue, source).is_some();
        if head < sentence.start + 3 || (rest > 3 && !addressee() && !described()) {
            return None;
        }
        if article.word(head - 1) == "," {
            return Some(sentence.start..head - 1);
        }
        // “…,” he said: the comma closes the quotation.
        if article.is_quote_mark(head - 1)
            && article.word(head - 2) == ","
            && article.doc.quote_of_token[head - 1]
                .is_some_and(|q| article.doc.quotes[q].close == Some(head - 1))
        {
            return Some(sentence.start..head);
        }
        None
    }

    /// "Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt.": a cue and source
    /// set off by commas inside their sentence report what comes before and after them.
    pub(super) fn parenthetical(
        &self,
        cue: &Range<usize>,
        source: Option<&Range<usize>>,
    ) -> Option<(Range<usize>, Range<usize>)> {
        let article = self.article;
        let sentence = article.sentence(cue.start);
        let source = source?;
        // Source and cue side by side ("Mr. Clarke said", "said Mr. Clarke").
        if span_distance(source, cue) > 1 {
            return None;
        }
        let head = source.start.min(cue.start);
        let tail = source.end.max(cue.end);
        if head < sentence.start + 3 || article.word(head - 1) != "," || tail >= sentence.end {
            return None;
        }
        if article.word(tail) != "," {
            return None;
        }
        let after = self.rest_of_sentence(tail + 1, &sentence)?;
        Some((sentence.start..head - 1, after))
    }

    /// "According to the agency, the plant will reopen.": a sentence that opens with the cue
    /// and its source reports what follows the comma after them.
    pub(super) fn content_after_according_to(
        &self,
        cue: &Range<usize>,
        source: Option<&Range<usize>>,
    ) -> Option<Range<usize>> {
        let article = self.article;
        let sentence = article.sentence(cue.start);
        let source = source?;
        if !self.article.is_according_to(cue)
            || cue.start != sentence.start
            || source.start != cue.end
        {
            return None;
        }
        let start = source.end + 1;
        if source.end >= sentence.end || article.word(source.end) != "," {
            return None;
        }
        self.rest_of_sentence(start, &sentence)
    }

    /// "Said Ellis: “I don't get the sense …”": a cue and its source followed by a colon
    /// report what comes after it, the quotation it opens or else the rest of the sentence.
    pub(super) fn content_after_colon(
        &self,
        cue: &Range<usize>,
        source: Option<&Range<usize>>,
    ) -> Option<Range<usize>> {
        let article = self.article;
        let source = source?;
        if span_distance(source, cue) > 0 {
            return None;
        }
        let colon = source.end.max(cue.end);
        let sentence = article.sentence(cue.start);
        if colon + 1 >= sentence.end || article.word(colon) != ":" {
            return None;
        }
        let start = colon + 1;
        if let Some(q) =
            article.doc.quote_of_token[start].filter(|&q| article.doc.quotes[q].open == start)
        {
            return Some(start..article.doc.quotes[q].end);
        }
        self.rest_of_sentence(start, &sentence)
    }

    /// The tokens from `start` to the end of `sentence`, without its closing punctuation, if
    /// that leaves at least two: what a cue before them reports.
    pub(super) fn rest_of_sentence(
        &self,
        start: usize,
        sentence: &Range<usize>,
    ) -> Option<Range<usize>> {
        let article = self.article;
        let mut end = sentence.end;
        while end > start && matches!(article.word(end - 1), "." | "!" | "?") {
            end -= 1;
        }
        (end >= start + 2).then_some(start..end)
    }

    /// A paragraph that ends with a colon ("Caddell continued:") and introduces the next one.
    pub(super) fn introduces_next(&self, paragraph: usize) -> bool {
        let article = self.article;
        let range = &article.doc.paragraphs[paragraph].tokens;
        !range.is_empty()
            && article.word(range.end - 1) == ":"
            && paragraph + 1 < article.doc.paragraphs.len()
            && article.is_prose_paragraph(paragraph + 1)
    }

    /// "The New York Times reports:" closing its paragraph: what is reported is the next
    /// paragraph.
    pub(super) fn next_paragraph(
        &self,
        cue: &Range<usize>,
        source: Option<&Range<usize>>,
    ) -> Option<Range<usize>> {
        let article = self.article;
        let paragraph = article.paragraph_of(cue.start);
        if !self.introduces_next(paragraph) {
            return None;
        }
        let end = article.doc.paragraphs[paragraph].tokens.end;
        let tail = source.map_or(cue.end, |s| s.end.max(cue.end));
        // Only the colon (or nothing, when the cue took it) may follow the cue and source.
        if tail + 1 < end {
            return None;
        }
        Some(article.doc.paragraphs[paragraph + 1].tokens.clone())
    }
}
