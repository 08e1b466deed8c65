//! Finding statements: cues, their contents and the mentions of who spoke, as token ranges.
//!
//! Three passes, each claiming tokens so that a character has at most one role (PolNeAR's
//! "univocal" reading): quotes with an attribution next to them (direct statements), reporting
//! verbs with a clause (indirect, or mixed when the clause holds a quote), then quotes that only
//! continue an earlier statement (a multi-paragraph quote, a quoted paragraph with no cue).

use std::collections::HashSet;
use std::ops::Range;
use whosaid_tagger::Tag;

use crate::article::Article;
use crate::lexicon::{self, Complement};
use crate::StatementKind;

/// A statement as token ranges of the article.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub kind: StatementKind,
    pub cue: Option<Range<usize>>,
    pub contents: Vec<Range<usize>>,
    pub source: Option<Range<usize>>,
    pub confidence: f32,
    /// The statement whose speaker this one inherits (a quoted paragraph with no cue).
    pub inherits_from: Option<usize>,
}

impl Found {
    fn first_token(&self) -> usize {
        let content = self.contents.first().map_or(usize::MAX, |c| c.start);
        let cue = self.cue.as_ref().map_or(usize::MAX, |c| c.start);
        content.min(cue)
    }
}

pub(crate) fn find(article: &Article) -> Vec<Found> {
    let mut finder = Finder {
        article,
        claimed: vec![false; article.len()],
        found: Vec::new(),
        quote_owner: vec![None; article.doc.quotes.len()],
        sources: HashSet::new(),
    };
    finder.direct_quotes();
    finder.speaker_labels();
    finder.reporting_verbs();
    finder.continuations();
    let mut found = finder.found;
    // Sort by position, keeping `inherits_from` pointing at the right statement.
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&i| found[i].first_token());
    let mut new_index = vec![0; found.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    for statement in &mut found {
        statement.inherits_from = statement.inherits_from.map(|old| new_index[old]);
    }
    let mut sorted: Vec<Option<Found>> = found.into_iter().map(Some).collect();
    order
        .iter()
        .map(|&old| sorted[old].take().expect("each statement moved once"))
        .collect()
}

struct Finder<'a, 'b> {
    article: &'b Article<'a>,
    /// Tokens that already have a role in some statement.
    claimed: Vec<bool>,
    found: Vec<Found>,
    /// For each quote, the statement whose content it is.
    quote_owner: Vec<Option<usize>>,
    /// Every statement's source, since one speaker may have several cues.
    sources: HashSet<Range<usize>>,
}

impl Finder<'_, '_> {
    fn claim(&mut self, range: &Range<usize>) {
        self.claimed[range.clone()].fill(true);
    }

    fn is_free(&self, range: &Range<usize>) -> bool {
        !self.claimed[range.clone()].iter().any(|&c| c)
    }

    fn push(&mut self, statement: Found) -> usize {
        for range in statement
            .contents
            .iter()
            .chain(statement.cue.iter())
            .chain(statement.source.iter())
        {
            self.claim(range);
        }
        let index = self.found.len();
        let doc = &self.article.doc;
        for content in &statement.contents {
            for k in content.clone() {
                if let Some(q) = doc.quote_of_token[k] {
                    if doc.quotes[q].open == k {
                        self.quote_owner[q] = Some(index);
                    }
                }
            }
        }
        if let Some(source) = &statement.source {
            self.sources.insert(source.clone());
        }
        self.found.push(statement);
        index
    }

    /// Direct when the content is one whole quote, mixed when it holds quoted words, else
    /// indirect.
    fn kind_of(&self, content: &Range<usize>) -> StatementKind {
        let a = self.article;
        let whole_quote = a.doc.quote_of_token[content.start].is_some_and(|q| {
            let quote = &a.doc.quotes[q];
            quote.open == content.start && quote.end == content.end
        });
        if whole_quote {
            StatementKind::Direct
        } else if content.clone().any(|t| a.is_quote_mark(t)) {
            StatementKind::Mixed
        } else {
            StatementKind::Indirect
        }
    }

    /// Is token `k` a reporting verb (not in a quote), and which?
    fn cue_verb(&self, k: usize) -> Option<&'static lexicon::CueVerb> {
        let a = self.article;
        if a.in_quote(k) || !a.tag(k).is_verb() || a.is_name_token(k) {
            return None;
        }
        // "follows remarks by", "the claims", "her says": a noun the tagger took for a verb.
        if k > 0 && !a.in_quote(k - 1) && a.tag(k) == Tag::VBZ {
            let previous = a.tag(k - 1);
            let noun_context =
                matches!(previous, Tag::DT | Tag::PRPS | Tag::POS | Tag::JJ | Tag::IN)
                    || (matches!(previous, Tag::VBZ | Tag::VBD | Tag::VBP)
                        && !a.is_verb_modifier(k - 1));
            if noun_context && a.lower(k - 1) != "that" {
                return None;
            }
        }
        lexicon::cue_verb(a.lower(k))
    }

    /// Pass 1: quotes with their attribution right next to them.
    fn direct_quotes(&mut self) {
        let a = self.article;
        for q in 0..a.doc.quotes.len() {
            let quote = &a.doc.quotes[q];
            if quote.depth != 0
                || quote.continues_previous
                || quote.inner().is_empty()
                || self.quote_owner[q].is_some()
            {
                continue;
            }
            if !self.article.is_prose_paragraph(quote.paragraph) {
                continue;
            }
            let statement = self
                .attribution_after(q)
                .or_else(|| self.attribution_before(q));
            if let Some(mut statement) = statement {
                self.add_quote_continuations(q, &mut statement);
                self.push(statement);
            }
        }
    }

    /// “…,” he said / “…,” said Rutte / “…,” Rutte said, “…”.
    fn attribution_after(&self, q: usize) -> Option<Found> {
        let a = self.article;
        let quote = &a.doc.quotes[q];
        let close = quote.close?;
        let paragraph_end = a.doc.paragraphs[quote.paragraph].tokens.end;
        let mut k = close + 1;
        if k < paragraph_end && a.word(k) == "," {
            k += 1;
        }
        if k >= paragraph_end {
            return None;
        }
        // The quote must be a clause of its own: it starts a sentence or follows a colon, comma
        // or dash, and ends with “…,” or “…?” or “…!” (not “…” followed by more text).
        let opens_clause = quote.open == a.sentence(quote.open).start
            || matches!(
                a.word(quote.open - 1),
                ":" | "," | "—" | "–" | "-" | "(" | ";"
            )
            || a.is_quote_mark(quote.open - 1);
        if !opens_clause {
            return None;
        }
        let before_close = a.word(close - 1);
        if !(matches!(before_close, "," | "?" | "!" | "—" | "–" | "-" | "...")
            || a.word(close + 1) == ",")
        {
            return None;
        }
        let (source, cue) = if self.cue_verb(k).is_some() {
            let source = a.np_starting_at(k + 1, paragraph_end);
            (source, k)
        } else {
            let mut source = a.np_starting_at(k, paragraph_end)?;
            let mut v = source.end;
            // “…,” Cruz, who has proposed repealing the mandate, said at the time.
            if v < paragraph_end && a.word(v) == "," {
                if let Some(comma) =
                    (v + 1..(v + 20).min(paragraph_end)).find(|&t| a.word(t) == ",")
                {
                    source = source.start..comma;
                    v = comma + 1;
                }
            }
            while v < paragraph_end && a.is_verb_modifier(v) {
                v += 1;
            }
            if v >= paragraph_end || self.cue_verb(v).is_none() {
                return None;
            }
            (Some(source), v)
        };
        let mut contents = vec![quote.tokens()];
        // “…,” he said, “…”: the second quote continues the first, also after an addressee
        // or a short phrase (“…,” she told reporters on Monday, “…”).
        let mut after = source.as_ref().map_or(cue + 1, |s| s.end.max(cue + 1));
        if let Some(comma) = (after..(after + 5).min(paragraph_end))
            .take_while(|&t| !a.in_quote(t) && a.word(t) != ".")
            .find(|&t| a.word(t) == ",")
        {
            after = comma;
        }
        if after + 1 < paragraph_end && a.word(after) == "," {
            if let Some(second) = a.doc.quote_of_token[after + 1] {
                let second_quote = &a.doc.quotes[second];
                if second_quote.open == after + 1 && second_quote.depth == 0 {
                    contents.push(second_quote.tokens());
                }
            }
        }
        let confidence = if source.is_some() { 0.95 } else { 0.8 };
        Some(Found {
            kind: StatementKind::Direct,
            cue: Some(cue..cue + 1),
            contents,
            source,
            confidence,
            inherits_from: None,
        })
    }

    /// He said: “…” / Mr. Sybiha asserted: “…” / Rutte: “…”.
    fn attribution_before(&self, q: usize) -> Option<Found> {
        let a = self.article;
        let quote = &a.doc.quotes[q];
        let paragraph_start = a.doc.paragraphs[quote.paragraph].tokens.start;
        if quote.open == paragraph_start {
            return None;
        }
        let lead = quote.open - 1;
        let introducer = a.word(lead);
        let sentence_start = a.sentence(lead).start;
        let search_from = if matches!(introducer, ":" | ",") {
            lead
        } else {
            quote.open
        };
        let mut k = search_from;
        let limit = search_from.saturating_sub(12).max(sentence_start);
        while k > limit {
            k -= 1;
            if a.in_quote(k) || matches!(a.word(k), "." | "!" | "?" | ";") {
                break;
            }
            if self.cue_verb(k).is_some() {
                let strong = self.cue_verb(k).is_some_and(|v| v.prior >= 0.8);
                if introducer != ":" && introducer != "," && (k + 1 != quote.open || !strong) {
                    return None;
                }
                let source = a.subject_of(k, 0);
                let confidence = if source.is_some() { 0.95 } else { 0.75 };
                return Some(Found {
                    kind: StatementKind::Direct,
                    cue: Some(k..k + 1),
                    contents: vec![quote.tokens()],
                    source,
                    confidence,
                    inherits_from: None,
                });
            }
        }
        // "Rutte: “…”": a colon after a name is the cue.
        if introducer == ":" {
            let source = a.np_ending_at(lead, sentence_start)?;
            if source.start == sentence_start && a.tag(source.end - 1).is_proper_noun() {
                return Some(Found {
                    kind: StatementKind::Direct,
                    cue: Some(lead..lead + 1),
                    contents: vec![quote.tokens()],
                    source: Some(source),
                    confidence: 0.8,
                    inherits_from: None,
                });
            }
        }
        None
    }

    /// Interview transcripts: "BENENSON: Senator Sanders doesn’t get to decide …", "Q: How did
    /// things go?". A short name and a colon open the paragraph; the rest is what was said.
    fn speaker_labels(&mut self) {
        let a = self.article;
        for paragraph in 0..a.doc.paragraphs.len() {
            let range = a.doc.paragraphs[paragraph].tokens.clone();
            if !a.is_prose_paragraph(paragraph) {
                continue;
            }
            let Some(colon) = range.clone().take(6).find(|&k| a.word(k) == ":") else {
                continue;
            };
            let label = range.start..colon;
            let is_name = !label.is_empty()
                && label.clone().all(|k| {
                    a.is_capitalised(k) && (a.tag(k).is_noun() || a.word(k).ends_with('.'))
                });
            let content = colon + 1..range.end;
            if !is_name || content.len() < 2 || !self.is_free(&content) {
                continue;
            }
            let kind = self.kind_of(&content);
            self.push(Found {
                kind,
                cue: Some(colon..colon + 1),
                contents: vec![content],
                source: Some(label),
                confidence: 0.7,
                inherits_from: None,
            });
        }
    }

    /// A quote left open at the end of its paragraph continues in the next one(s).
    fn add_quote_continuations(&self, q: usize, statement: &mut Found) {
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
                    statement.contents.push(quotes[next].tokens());
                    current = next;
                }
                None => break,
            }
        }
    }

    /// Pass 2: reporting verbs and "according to" with a clause.
    fn reporting_verbs(&mut self) {
        let a = self.article;
        for k in 0..a.len() {
            if self.claimed[k] {
                continue;
            }
            if a.lower(k) == "according" && k + 1 < a.len() && a.lower(k + 1) == "to" {
                if let Some(statement) = self.according_to(k) {
                    if self.is_free(&statement.contents[0]) {
                        self.push(statement);
                    }
                }
                continue;
            }
            let Some(verb) = self.cue_verb(k) else {
                continue;
            };
            if !self.article.is_prose_paragraph(a.paragraph_of(k)) {
                continue;
            }
            if let Some(statement) = self.reported_clause(k, verb) {
                let content = &statement.contents[0];
                let source_free = statement.source.as_ref().is_none_or(|s| {
                    // A source shared with another statement is fine (one speaker, two cues).
                    self.is_free(s) || self.sources.contains(s)
                });
                if self.is_free(content) && source_free {
                    self.push(statement);
                }
            }
        }
    }

    fn reported_clause(&self, v: usize, verb: &lexicon::CueVerb) -> Option<Found> {
        let a = self.article;
        let sentence = a.sentence(v);
        // Hypotheticals and passives without an agent do not report anyone's words.
        let mut m = v;
        let mut passive = false;
        while m > sentence.start && a.is_verb_modifier(m - 1) {
            m -= 1;
            match a.lower(m) {
                "may" | "might" | "could" | "would" | "should" | "will" | "must" | "can"
                | "not" | "n't" | "n’t" | "never" => return None,
                "is" | "are" | "was" | "were" | "be" | "been" | "being" => {
                    passive |= a.tag(v) == Tag::VBN
                }
                _ => {}
            }
        }
        // "comments made by …": a participle modifying a noun.
        let reduced_relative =
            a.tag(v) == Tag::VBN && m == v && v + 1 < a.len() && a.lower(v + 1) == "by";
        // "It was reported that …": a report with no one behind it.
        let impersonal = passive
            && m > sentence.start
            && a.lower(m - 1) == "it"
            && v + 1 < a.len()
            && a.lower(v + 1) == "that";
        if impersonal {
            let end = self.sentence_content_end(v);
            let content = v + 1..end;
            return (content.len() >= 3).then(|| Found {
                kind: StatementKind::Indirect,
                cue: Some(m..v + 1),
                contents: vec![content],
                source: None,
                confidence: verb.prior * 0.7,
                inherits_from: None,
            });
        }
        // "that accord, known as …": a participle-only form with no auxiliary describes.
        let bare_participle =
            m == v && matches!(a.lower(v), "known" | "shown" | "written" | "seen" | "given");
        if passive || reduced_relative || bare_participle {
            return None;
        }
        let end = self.sentence_content_end(v);
        let mut source = a.subject_of(v, 0);
        let mut start = v + 1;
        if source.is_none() && matches!(a.tag(v), Tag::VBD | Tag::VBZ | Tag::VBP) {
            // "…, said Rutte." / "…, says the think tank."
            if let Some(inverted) = a.np_starting_at(v + 1, end) {
                source = Some(inverted.clone());
                start = inverted.end;
            }
        }
        let contents = match self.parenthetical(v, source.as_ref()) {
            Some(contents) => contents,
            None => vec![self
                .complement(v, verb, start, end)
                .or_else(|| self.content_before(v, source.as_ref()))?],
        };
        let content = contents[0].clone();
        // Weak verbs (think, find, know, show …) report only when a clause follows.
        if verb.prior < 0.6
            && !matches!(
                a.lower(content.start),
                "that" | "whether" | "if" | "how" | "why" | "what" | "when"
            )
        {
            return None;
        }
        let length: usize = contents.iter().map(|c| c.len()).sum();
        if length < 2 || !contents.iter().all(|c| self.is_free(c)) {
            return None;
        }
        let kind = self.kind_of(&content);
        let mut confidence = verb.prior;
        if source.is_none() {
            confidence *= 0.7;
        }
        Some(Found {
            kind,
            cue: Some(v..v + 1),
            contents,
            source,
            confidence,
            inherits_from: None,
        })
    }

    /// "Putting the show together, Butz said, allowed him …": an attribution set off by commas
    /// inside the clause it reports. The content is the clause around it, in two fragments.
    fn parenthetical(&self, v: usize, source: Option<&Range<usize>>) -> Option<Vec<Range<usize>>> {
        let a = self.article;
        let sentence = a.sentence(v);
        let head = source.map_or(v, |s| s.start.min(v));
        if head < sentence.start + 2 || a.word(head - 1) != "," {
            return None;
        }
        let mut tail = v + 1;
        if let Some(s) = source {
            tail = tail.max(s.end);
        }
        // A short phrase may sit between the cue and the closing comma ("said on Monday,").
        let closing = (tail..(tail + 4).min(sentence.end)).find(|&k| a.word(k) == ",")?;
        let end = self.sentence_content_end(v);
        if end <= closing + 2 || (tail..closing).any(|k| a.tag(k).is_verb()) {
            return None;
        }
        let before = sentence.start..head - 1;
        let after = closing + 1..end;
        let before_is_clause_start =
            (before.clone()).any(|k| a.tag(k).is_noun() || a.tag(k).is_verb());
        before_is_clause_start.then(|| vec![before, after])
    }

    /// The end of the sentence of token `v`, without its final full stop.
    fn sentence_content_end(&self, v: usize) -> usize {
        let a = self.article;
        let end = a.sentence(v).end;
        if end > v + 1 && matches!(a.word(end - 1), "." | "!" | "?") {
            end - 1
        } else {
            end
        }
    }

    /// What follows a reporting verb: "(that) …", "reporters (that) …", "to …".
    fn complement(
        &self,
        v: usize,
        verb: &lexicon::CueVerb,
        start: usize,
        end: usize,
    ) -> Option<Range<usize>> {
        let a = self.article;
        if start >= end {
            return None;
        }
        let mut s = start;
        // "stated in Belgium that …", "told reporters on Monday that …": start at "that".
        let window = (s + 10).min(end);
        if let Some(that) = (s..window).find(|&t| a.lower(t) == "that" && !a.in_quote(t)) {
            let gap_is_phrase = (s..that).all(|t| {
                let tag = a.tag(t);
                tag.is_noun()
                    || tag.is_adjective()
                    || tag.is_determiner()
                    || tag.is_pronoun()
                    || matches!(tag, Tag::IN | Tag::CD | Tag::POS | Tag::HYPH | Tag::TO)
                    || tag.is_adverb()
                    || a.word(t) == ","
            });
            if gap_is_phrase {
                s = that;
            }
        } else if verb.complement == Complement::Addressee {
            if let Some(addressee) = a.np_starting_at(s, end) {
                s = addressee.end;
                if s < end && a.word(s) == "," {
                    s += 1;
                }
            }
        }
        if s < end && a.word(s) == ":" {
            s += 1;
        }
        if s >= end || matches!(a.word(s), "," | "." | ";") {
            return None;
        }
        let _ = v;
        let content = s..self.clause_end(s, end);
        (content.len() >= 2).then_some(content)
    }

    /// A reported clause ends at the sentence end, or before ", as he affirmed …" where a new
    /// attribution with its own subject begins.
    fn clause_end(&self, start: usize, end: usize) -> usize {
        let a = self.article;
        let mut k = start;
        while k + 2 < end {
            // "…, indicating that …": a participle starts an attribution of its own.
            if a.word(k) == "," && a.tag(k + 1) == Tag::VBG && self.cue_verb(k + 1).is_some() {
                return k;
            }
            // "… and said it would strike": a second verb phrase with its own cue.
            if matches!(a.lower(k), "and" | "but")
                && k > start + 1
                && a.tag(k + 1).is_finite_verb()
                && self.cue_verb(k + 1).is_some()
                && !a.in_quote(k)
            {
                return if a.word(k - 1) == "," { k - 1 } else { k };
            }
            if a.word(k) == "," && !a.in_quote(k) {
                let mut s = k + 1;
                if matches!(
                    a.lower(s),
                    "as" | "while" | "but" | "and" | "whereas" | "although"
                ) {
                    s += 1;
                }
                if let Some(subject) = a.np_starting_at(s, end) {
                    let mut v = subject.end;
                    while v < end && a.is_verb_modifier(v) {
                        v += 1;
                    }
                    let finite = v < end && matches!(a.tag(v), Tag::VBD | Tag::VBZ | Tag::VBP);
                    if v < end && self.cue_verb(v).is_some() && (s > k + 1 || finite) {
                        return k;
                    }
                }
            }
            k += 1;
        }
        end
    }

    /// "Putin is losing, Rutte said." — the content is the clause before the attribution.
    fn content_before(&self, v: usize, source: Option<&Range<usize>>) -> Option<Range<usize>> {
        let a = self.article;
        let sentence = a.sentence(v);
        let head = source.map_or(v, |s| s.start.min(v));
        if head < sentence.start + 3 {
            return None;
        }
        // The comma may sit inside a closing quote: … “not just billionaires,” Sanders said.
        let comma_inside_quote = a.is_quote_mark(head - 1) && a.word(head - 2) == ",";
        if a.word(head - 1) != "," && !comma_inside_quote {
            return None;
        }
        let content_end = if comma_inside_quote { head } else { head - 1 };
        // Nothing but a short phrase may follow the verb ("on Monday", "in a statement").
        let mut rest = v + 1;
        if let Some(s) = source {
            rest = rest.max(s.end);
        }
        let tail = sentence.end - rest;
        if tail > 6 {
            return None;
        }
        Some(sentence.start..content_end)
    }

    /// "According to X, …" / "…, according to X."
    fn according_to(&self, k: usize) -> Option<Found> {
        let a = self.article;
        let sentence = a.sentence(k);
        if !self.article.is_prose_paragraph(a.paragraph_of(k)) {
            return None;
        }
        let mut end = sentence.end;
        if matches!(a.word(end - 1), "." | "!" | "?") {
            end -= 1;
        }
        let source = a.np_starting_at(k + 2, end)?;
        let content = if k > sentence.start + 2 && a.word(k - 1) == "," {
            sentence.start..k - 1
        } else if source.end < end && a.word(source.end) == "," {
            source.end + 1..end
        } else {
            return None;
        };
        if content.len() < 3 {
            return None;
        }
        let kind = self.kind_of(&content);
        Some(Found {
            kind,
            cue: Some(k..k + 2),
            contents: vec![content],
            source: Some(source),
            confidence: 0.85,
            inherits_from: None,
        })
    }

    /// Pass 3: quoted paragraphs that carry no cue of their own but continue the statement of
    /// the paragraph before (“…” after “…,” he said.).
    fn continuations(&mut self) {
        let a = self.article;
        let mut quoting = self.quoting_statements();
        for q in 0..a.doc.quotes.len() {
            let quote = &a.doc.quotes[q];
            if quote.depth != 0 || self.quote_owner[q].is_some() || quote.continues_previous {
                continue;
            }
            let paragraph = &a.doc.paragraphs[quote.paragraph].tokens;
            let covers_paragraph = quote.open == paragraph.start && quote.end + 1 >= paragraph.end;
            if !covers_paragraph
                || quote.paragraph == 0
                || !self.article.is_prose_paragraph(quote.paragraph)
            {
                continue;
            }
            if quote.inner().filter(|&t| a.tag(t).is_verb()).count() == 0 || quote.inner().len() < 4
            {
                continue;
            }
            // The previous paragraph's last statement, if it quoted someone.
            let Some(previous) = quoting[quote.paragraph - 1] else {
                continue;
            };
            let mut statement = Found {
                kind: StatementKind::Direct,
                cue: None,
                contents: vec![quote.tokens()],
                source: None,
                confidence: 0.7,
                inherits_from: Some(previous),
            };
            self.add_quote_continuations(q, &mut statement);
            let paragraphs: Vec<usize> = statement
                .contents
                .iter()
                .map(|c| a.paragraph_of(c.start))
                .collect();
            let index = self.push(statement);
            for paragraph in paragraphs {
                quoting[paragraph] = Some(index);
            }
        }
    }

    /// For each paragraph, the last statement found so far that quotes someone there.
    fn quoting_statements(&self) -> Vec<Option<usize>> {
        let a = self.article;
        let mut quoting = vec![None; a.doc.paragraphs.len()];
        for (index, statement) in self.found.iter().enumerate() {
            if statement.kind == StatementKind::Indirect {
                continue;
            }
            for content in &statement.contents {
                quoting[a.paragraph_of(content.start)] = Some(index);
                quoting[a.paragraph_of(content.end - 1)] = Some(index);
            }
        }
        quoting
    }
}
