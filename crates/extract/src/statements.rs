//! Finding statements: cues, their contents and the mentions of who spoke, as token ranges.
//!
//! The learned labeller (`whosaid-attribution`) marks every token as part of a source, a cue, a
//! content or nothing; this module turns those spans into statements. Each cue takes the
//! content spans nearest to it in its paragraph (a quote that reopens in the next paragraph
//! goes with the cue of the paragraph before) and its grammatical subject, or the nearest
//! labelled source, as its source. Rules then drop what the labeller learned from PolNeAR but
//! no reader would call a statement (naming: "nicknamed “Oreshnik”"; speculation: "analysts may
//! conclude"). Interview transcripts ("COLE: We will borrow …") get the speaker their label
//! names, and a last pass gives quoted paragraphs with no cue of their own to the statement of
//! the paragraph before.

use std::ops::Range;

use whosaid_attribution::Kind;
use whosaid_tagger::Tag;
use whosaid_text::TokenKind;

use crate::article::Article;
use crate::StatementKind;

/// A statement as token ranges of the article.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub kind: StatementKind,
    pub cue: Option<Range<usize>>,
    pub contents: Vec<Range<usize>>,
    pub source: Option<Range<usize>>,
    pub confidence: f32,
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
        found: Vec::new(),
    };
    finder.labelled();
    finder.speaker_labels();
    finder.dash_attributions();
    finder.continuations();
    let mut found = finder.found;
    found.sort_by_key(Found::first_token);
    found
}

struct Finder<'a, 'b> {
    article: &'b Article<'a>,
    found: Vec<Found>,
}

impl Finder<'_, '_> {
    fn push(&mut self, mut statement: Found) {
        // The labeller's source often takes the comma or dash that closes an appositive ("Mr.
        // Rutte, the previous prime minister of the Netherlands, stated"); it is not the
        // speaker's.
        let a = self.article;
        if let Some(source) = &mut statement.source {
            while source.len() > 1
                && matches!(
                    a.word(source.end - 1),
                    "," | ";" | ":" | "—" | "–" | "-" | "--"
                )
            {
                source.end -= 1;
            }
            // "who co-authored a paper earlier this year arguing …": the relative pronoun is
            // the source; the verb after it is the clause's own.
            if a.is_relative_pronoun(source.start)
                && (source.start + 1..source.end).any(|k| a.tag(k).is_verb())
            {
                source.end = source.start + 1;
            }
        }
        self.found.push(statement);
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

    /// Statements from the learned labeller's spans: each cue takes the content spans nearest
    /// to it in its paragraph and the nearest source span of its sentence.
    fn labelled(&mut self) {
        let a = self.article;
        let mut cues = Vec::new();
        let mut contents = Vec::new();
        let mut sources = Vec::new();
        for (kind, range) in whosaid_attribution::spans(&a.roles) {
            let paragraph = a.paragraph_of(range.start);
            if !a.is_prose_paragraph(paragraph) && !self.introduces_next(paragraph) {
                continue;
            }
            match kind {
                // A possessive ending belongs to the source ("Trump’s | claim"), even where
                // the labeller put it in the cue.
                Kind::Cue if a.tag(range.start) == Tag::POS => {
                    if range.len() > 1 {
                        cues.push(range.start + 1..range.end);
                    }
                }
                Kind::Cue => cues.push(range),
                Kind::Content => contents.push(range),
                Kind::Source => sources.push(range),
            }
        }
        if cues.is_empty() {
            return;
        }
        // Each content span goes to the nearest cue of its paragraph (or of the paragraph
        // before, for a quote that continues there). Spans come in text order, so the cues near
        // a content are found by binary search, within a bounded window: work stays linear
        // however long a paragraph is.
        const WINDOW: usize = 300;
        let cues_between = |start: usize, end: usize| {
            cues.partition_point(|c| c.start < start)..cues.partition_point(|c| c.start < end)
        };
        let mut cue_contents: Vec<Vec<Range<usize>>> = vec![Vec::new(); cues.len()];
        for content in contents {
            let paragraph = a.paragraph_of(content.start);
            let paragraph_tokens = a.doc.paragraphs[paragraph].tokens.clone();
            let sentence = a.sentence_of[content.start];
            let window = cues_between(
                content
                    .start
                    .saturating_sub(WINDOW)
                    .max(paragraph_tokens.start),
                (content.end + WINDOW).min(paragraph_tokens.end),
            );
            let nearest = window.min_by_key(|&i| {
                let cue = &cues[i];
                let other_sentence = a.sentence_of[cue.start] != sentence
                    && a.sentence_of[cue.start] != a.sentence_of[content.end - 1];
                // A reported clause usually follows its cue ("stated … that …").
                let after = if cue.start >= content.end { 3 } else { 0 };
                (
                    usize::from(other_sentence),
                    span_distance(cue, &content) + after,
                )
            });
            let continued = || {
                let opens_quote = a.doc.quote_of_token[content.start]
                    .is_some_and(|q| a.doc.quotes[q].continues_previous);
                let last_before = cues.partition_point(|c| c.start < paragraph_tokens.start);
                (opens_quote && last_before > 0)
                    .then(|| last_before - 1)
                    .filter(|&i| a.paragraph_of(cues[i].start) + 1 == paragraph)
            };
            if let Some(cue) = nearest.or_else(continued) {
                cue_contents[cue].push(content);
            }
        }
        // Each cue takes the nearest source of its sentence; one source may serve several cues.
        // What the rules below report after a cue, in its sentence: a cue the labeller found
        // inside it is part of what was reported ("According to Politico, both areas are …").
        let mut reported_after: Option<Range<usize>> = None;
        for (cue, mut contents) in cues.into_iter().zip(cue_contents) {
            // A naming cue's content (a nickname, a title) is dropped with it, and so is the
            // author's speculation about what someone may think ("analysts may conclude").
            if self.is_naming_cue(&cue) || self.is_hypothetical(&cue) || !self.reports(&cue) {
                continue;
            }
            if reported_after
                .as_ref()
                .is_some_and(|r| r.start <= cue.start && cue.end <= r.end)
            {
                continue;
            }
            let mut source = self.source_of_cue(&cue, &sources);
            // A cue that closes its paragraph with a colon introduces the next paragraph; what
            // the labeller marked as content before it is the speaker's description.
            if let Some(next) = self.next_paragraph(&cue, source.as_ref()) {
                let paragraph = a.paragraph_of(cue.start);
                contents.retain(|c| a.paragraph_of(c.start) != paragraph);
                if !contents
                    .iter()
                    .any(|c| c.start < next.end && next.start < c.end)
                {
                    contents.push(next);
                }
            }
            // The labeller took only the clause after an interposed cue ("X, Mr. Okafor said,
            // until …"): the clause before it is reported too, as PolNeAR train has it in 269
            // of 392 such attributions.
            if !contents.is_empty() {
                if let Some((before, after)) = self.parenthetical(&cue, source.as_ref()) {
                    if contents
                        .iter()
                        .all(|c| c.start >= after.start && c.end <= after.end)
                        && !self.found.iter().any(|f| {
                            f.contents
                                .iter()
                                .any(|c| c.start < before.end && before.start < c.end)
                        })
                    {
                        contents.push(before);
                    }
                }
            }
            if contents.is_empty() {
                let reported = match self.parenthetical(&cue, source.as_ref()) {
                    Some((before, after)) => vec![before, after],
                    None => match self
                        .content_before(&cue, source.as_ref())
                        .or_else(|| self.content_after_according_to(&cue, source.as_ref()))
                        .or_else(|| self.content_after_colon(&cue, source.as_ref()))
                    {
                        Some(content) => vec![content],
                        None => continue,
                    },
                };
                // What the labeller read as a statement inside it is part of this one (the
                // statements found so far are in cue order, so those are the last ones).
                // A colon that introduces it is part of this statement too, not a cue of its own.
                if let Some(last) = reported.last().filter(|r| r.start >= cue.end) {
                    let colon = a.word(last.start - 1) == ":";
                    reported_after = Some(last.start - usize::from(colon)..last.end);
                }
                // The speaker's whole description is the source, as PolNeAR has it.
                if let Some(described) = self
                    .described_source(&cue, source.as_ref())
                    .filter(|_| reported.len() == 1 && reported[0].end <= cue.start)
                {
                    source = Some(described);
                }
                let before = &reported[0];
                while self.found.last().is_some_and(|f| {
                    f.cue
                        .as_ref()
                        .is_some_and(|c| c.start >= before.start && c.end <= before.end)
                }) {
                    self.found.pop();
                }
                contents.extend(reported);
            }
            // A passive cue's agent opens what the labeller read as content ("was criticized
            // | by the union as a betrayal"): the agent is the source, the rest the content.
            if let Some(s) = &source {
                for c in contents.iter_mut() {
                    let agent_first = c.start == cue.end && c.start + 1 == s.start;
                    if agent_first && a.lower(c.start) == "by" && s.end < c.end {
                        c.start = s.end;
                    }
                }
            }
            contents.sort_by_key(|c| c.start);
            if self.is_impression(&cue) {
                source = None;
            }
            // A source is never part of what was said ("It was reported that …").
            if source
                .as_ref()
                .is_some_and(|s| contents.iter().any(|c| c.start < s.end && s.start < c.end))
            {
                source = None;
            }
            // An infinitive with nobody to say it is a purpose or a plan ("appeared before
            // reporters to discuss …", "ways to express …"), not a statement: on PolNeAR
            // train, 10 of the 39 such cues are annotated.
            if source.is_none() && a.tag(cue.start) == Tag::TO {
                continue;
            }
            let kinds: Vec<StatementKind> = contents.iter().map(|c| self.kind_of(c)).collect();
            let kind = if kinds.iter().all(|&k| k == StatementKind::Direct) {
                StatementKind::Direct
            } else if kinds.iter().any(|&k| k != StatementKind::Indirect) {
                StatementKind::Mixed
            } else {
                StatementKind::Indirect
            };
            let confidence = if source.is_some() { 0.9 } else { 0.7 };
            self.push(Found {
                kind,
                cue: Some(cue),
                contents,
                source,
                confidence,
            });
        }
    }

    /// Cues that name or describe rather than report: "nicknamed “Oreshnik”", "known as the
    /// Budapest Memorandum", "designated by Mr. Trump as …", "displaying a copy".
    fn is_naming_cue(&self, cue: &Range<usize>) -> bool {
        let a = self.article;
        cue.clone().any(|k| {
            matches!(
                a.lower(k),
                "nicknamed"
                    | "dubbed"
                    | "known"
                    | "named"
                    | "titled"
                    | "entitled"
                    | "designated"
                    | "labelled"
                    | "labeled"
                    | "displaying"
                    | "branded"
                    | "billed"
            )
        })
    }

    /// A cue reports when it has a verb, or is "according to", a colon or a dash before a
    /// quote; nouns alone ("a copy of", "arrival at") are where the labeller strays. A
    /// reporting verb of the lexicon counts whatever its tag: the tagger reads some verbs in -s
    /// as plural nouns ("The Tax Policy Center estimates that …", "the letter reads").
    fn reports(&self, cue: &Range<usize>) -> bool {
        let a = self.article;
        cue.clone().any(|k| {
            a.tag(k).is_verb()
                || whosaid_attribution::is_reporting_verb(a.lower(k))
                || matches!(a.lower(k), "according" | ":" | "―" | "—" | "--")
        })
    }

    /// "may conclude", "might argue", "will advocate": the author's speculation or forecast;
    /// nobody has said it (yet).
    fn is_hypothetical(&self, cue: &Range<usize>) -> bool {
        let a = self.article;
        let mut start = cue.start;
        while start > 0 && a.is_verb_modifier(start - 1) {
            start -= 1;
        }
        // Only the modals of possibility and the future: PolNeAR attributes refusals ("did
        // not comment") and conditionals ("would back") to their sources, and keeping those
        // raised attribution F1 on train by almost a point (80.9 to 81.8). "could" is a
        // possibility ("Beijing could declare …") unless it tells what someone could or could
        // not bring themselves to do ("could not explain", "could only quip").
        (start..cue.end).any(|k| match a.lower(k) {
            "may" | "might" | "will" => true,
            "could" => {
                k + 1 == a.len()
                    || !matches!(
                        a.lower(k + 1),
                        "not" | "n't" | "never" | "only" | "hardly" | "barely"
                    )
            }
            _ => false,
        })
    }

    /// "Melania seems to have vanished", "it appears that …", "Obama's veto is expected to
    /// come": the writer's impression or a general expectation, not something the subject
    /// said, and naming the subject as its speaker would put words in their mouth. PolNeAR
    /// annotates these without a source: on train, 7 of the 72 sources whosaid gave them
    /// were right. "seemed hopeful", "appeared to mock" describe the subject's own stance,
    /// and keep it as the source, as PolNeAR does.
    fn is_impression(&self, cue: &Range<usize>) -> bool {
        let a = self.article;
        // A contracted "’s" before a participle is "is" ("she’s expected to").
        let be = |k: usize| a.is_be(k) || matches!(a.lower(k), "'s" | "’s");
        let copula_after = |k: usize| {
            (k + 2 < a.len() && a.lower(k + 1) == "to" && matches!(a.lower(k + 2), "be" | "have"))
                || (k + 1 < a.len() && a.lower(k + 1) == "that")
        };
        cue.clone().any(|k| {
            let w = a.lower(k);
            ((w.starts_with("seem") || w.starts_with("appear")) && copula_after(k))
                || (w == "expected" && (cue.start..k).any(be))
        })
    }

    /// "Nobody expects the plant to reopen, Mr. Okafor said.": a cue and source that close
    /// their sentence after a comma (or after a quotation closed by its comma: “…,” he said)
    /// report everything before it.
    fn content_before(
        &self,
        cue: &Range<usize>,
        source: Option<&Range<usize>>,
    ) -> Option<Range<usize>> {
        let a = self.article;
        let sentence = a.sentence(cue.start);
        let head = source.map_or(cue.start, |s| s.start.min(cue.start));
        let tail = source.map_or(cue.end, |s| s.end.max(cue.end));
        let rest = (tail..sentence.end)
            .filter(|&k| !matches!(a.word(k), "." | "!" | "?"))
            .count();
        // Who was told may follow, with no verb of its own ("told The Huffington Post on
        // Thursday").
        let addressee = || {
            matches!(a.lower(cue.end - 1), "told" | "tells" | "telling")
                && (tail..sentence.end).all(|k| !a.tag(k).is_verb())
        };
        let described = || self.described_source(cue, source).is_some();
        if head < sentence.start + 3 || (rest > 3 && !addressee() && !described()) {
            return None;
        }
        if a.word(head - 1) == "," {
            return Some(sentence.start..head - 1);
        }
        // “…,” he said: the comma closes the quotation.
        if a.is_quote_mark(head - 1)
            && a.word(head - 2) == ","
            && a.doc.quote_of_token[head - 1]
                .is_some_and(|q| a.doc.quotes[q].close == Some(head - 1))
        {
            return Some(sentence.start..head);
        }
        None
    }

    /// "…, said Brian Baker, a longtime adviser to the family who runs the campaign.": a
    /// source after its cue that closes the sentence is described by everything after it, a
    /// relative clause included. The whole of that is the source (as PolNeAR has it), and the
    /// clause before the comma is what was said.
    fn described_source(
        &self,
        cue: &Range<usize>,
        source: Option<&Range<usize>>,
    ) -> Option<Range<usize>> {
        let a = self.article;
        let source = source.filter(|s| s.start == cue.end && cue.start > 0)?;
        // A reporting verb before a name: "said Ms. Gil", not "announced plans".
        let last = cue.end - 1;
        if a.word(cue.start - 1) != ","
            || !matches!(a.tag(last), Tag::VBD | Tag::VBZ)
            || !whosaid_attribution::is_reporting_verb(a.lower(last))
            || !source.clone().any(|k| a.is_name_token(k))
        {
            return None;
        }
        let sentence = a.sentence(cue.start);
        let described = self.rest_of_sentence(source.start, &sentence)?;
        // A colon or a quotation after the name opens what was said ("explained Nancy
        // Cordes: “…”").
        let opens_statement = |k: usize| a.word(k) == ":" || a.is_quote_mark(k);
        (described.end > source.end && !described.clone().any(opens_statement)).then_some(described)
    }

    /// "Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt.": a cue and source
    /// set off by commas inside their sentence report what comes before and after them.
    fn parenthetical(
        &self,
        cue: &Range<usize>,
        source: Option<&Range<usize>>,
    ) -> Option<(Range<usize>, Range<usize>)> {
        let a = self.article;
        let sentence = a.sentence(cue.start);
        let source = source?;
        // Source and cue side by side ("Mr. Clarke said", "said Mr. Clarke").
        if span_distance(source, cue) > 1 {
            return None;
        }
        let head = source.start.min(cue.start);
        let tail = source.end.max(cue.end);
        if head < sentence.start + 3 || a.word(head - 1) != "," || tail >= sentence.end {
            return None;
        }
        if a.word(tail) != "," {
            return None;
        }
        let after = self.rest_of_sentence(tail + 1, &sentence)?;
        Some((sentence.start..head - 1, after))
    }

    /// The source of a labelled cue: the labelled source that the cue's grammatical subject
    /// overlaps (participles take their main clause's subject), else the nearest labelled
    /// source in the cue's sentence, else that subject.
    fn source_of_cue(&self, cue: &Range<usize>, sources: &[Range<usize>]) -> Option<Range<usize>> {
        if self.is_according_to(cue) {
            return self.according_to_source(cue, sources);
        }
        if let Some(agent) = self.passive_agent(cue, sources) {
            return Some(agent);
        }
        let a = self.article;
        let verb = cue
            .clone()
            .rev()
            .find(|&k| a.tag(k).is_verb())
            .unwrap_or(cue.end - 1);
        let sentence = a.sentence(cue.start);
        // Sources are in text order: those that end in the cue's sentence, by binary search.
        let first = sources.partition_point(|s| s.end <= sentence.start);
        let last = sources.partition_point(|s| s.start < sentence.end);
        let in_sentence = sources[first..last.max(first)].iter();
        let subject = a
            .subject_of(verb, 0)
            .filter(|s| s.end <= cue.start || s.start >= cue.end);
        if let Some(subject) = &subject {
            let overlapping = in_sentence
                .clone()
                .find(|s| s.start < subject.end && subject.start < s.end);
            if let Some(overlapping) = overlapping {
                return Some(overlapping.clone());
            }
        }
        let nearest = in_sentence.min_by_key(|s| span_distance(s, cue));
        // The labeller's "who" between the subject and the cue is the source of a verb in the
        // relative clause ("Obama, who has denounced the attack, reiterated …").
        let in_relative_clause = |s: &&Range<usize>| {
            subject.as_ref().is_some_and(|subject| {
                s.len() == 1
                    && a.is_relative_pronoun(s.start)
                    && s.start >= subject.end
                    && s.end <= cue.start
            })
        };
        if nearest.is_some_and(|s| in_relative_clause(&s)) {
            return subject;
        }
        nearest.cloned().or(subject)
    }

    /// "according to": PolNeAR's source is the noun phrase right after it, whatever the
    /// sentence's subject.
    fn is_according_to(&self, cue: &Range<usize>) -> bool {
        let a = self.article;
        cue.len() >= 2 && a.lower(cue.end - 2) == "according" && a.lower(cue.end - 1) == "to"
    }

    /// The source of an "according to" cue: the labelled source that starts right after it,
    /// else the noun phrase there.
    fn according_to_source(
        &self,
        cue: &Range<usize>,
        sources: &[Range<usize>],
    ) -> Option<Range<usize>> {
        let a = self.article;
        let sentence = a.sentence(cue.start);
        let i = sources.partition_point(|s| s.start < cue.end);
        let labelled = sources.get(i).filter(|s| s.start == cue.end).cloned();
        let np = a.np_starting_at(cue.end, sentence.end);
        match (labelled, np) {
            // The labeller ran on over the comma ("According to [Politico, both of these
            // areas] are …"): the noun phrase ends there.
            (Some(labelled), Some(np)) if np.end < labelled.end && a.word(np.end) == "," => {
                Some(np)
            }
            // The same when the tagger read the phrase as a verb ("According to [exit polls,
            // Mitt Romney] had …", "exit" as a verb).
            (Some(labelled), None) => match labelled
                .clone()
                .find(|&k| a.word(k) == "," && !a.in_quote(k))
            {
                Some(comma) if comma > labelled.start => Some(labelled.start..comma),
                _ => Some(labelled),
            },
            (Some(labelled), _) => Some(labelled),
            (None, np) => np,
        }
    }

    /// "The plan was criticized by the union": the source of a passive cue is its agent, the
    /// noun phrase after "by" (PolNeAR train: 58 of 69 passive cues followed by "by").
    fn passive_agent(&self, cue: &Range<usize>, sources: &[Range<usize>]) -> Option<Range<usize>> {
        let a = self.article;
        let by = if a.lower(cue.end - 1) == "by" {
            cue.end - 1
        } else if cue.end < a.len() && a.lower(cue.end) == "by" {
            cue.end
        } else {
            return None;
        };
        let participle = by.checked_sub(1).filter(|&k| k >= cue.start)?;
        let be = (cue.start..participle).any(|k| a.is_be(k));
        if !be || a.tag(participle) != Tag::VBN {
            return None;
        }
        let sentence = a.sentence(cue.start);
        let i = sources.partition_point(|s| s.start <= by);
        sources
            .get(i)
            .filter(|s| s.start == by + 1)
            .cloned()
            .or_else(|| a.np_starting_at(by + 1, sentence.end))
    }

    /// "According to the agency, the plant will reopen.": a sentence that opens with the cue
    /// and its source reports what follows the comma after them.
    fn content_after_according_to(
        &self,
        cue: &Range<usize>,
        source: Option<&Range<usize>>,
    ) -> Option<Range<usize>> {
        let a = self.article;
        let sentence = a.sentence(cue.start);
        let source = source?;
        if !self.is_according_to(cue) || cue.start != sentence.start || source.start != cue.end {
            return None;
        }
        let start = source.end + 1;
        if source.end >= sentence.end || a.word(source.end) != "," {
            return None;
        }
        self.rest_of_sentence(start, &sentence)
    }

    /// "Said Ellis: “I don't get the sense …”": a cue and its source followed by a colon
    /// report what comes after it, the quotation it opens or else the rest of the sentence.
    fn content_after_colon(
        &self,
        cue: &Range<usize>,
        source: Option<&Range<usize>>,
    ) -> Option<Range<usize>> {
        let a = self.article;
        let source = source?;
        if span_distance(source, cue) > 0 {
            return None;
        }
        let colon = source.end.max(cue.end);
        let sentence = a.sentence(cue.start);
        if colon + 1 >= sentence.end || a.word(colon) != ":" {
            return None;
        }
        let start = colon + 1;
        if let Some(q) = a.doc.quote_of_token[start].filter(|&q| a.doc.quotes[q].open == start) {
            return Some(start..a.doc.quotes[q].end);
        }
        self.rest_of_sentence(start, &sentence)
    }

    /// The tokens from `start` to the end of `sentence`, without its closing punctuation, if
    /// that leaves at least two: what a cue before them reports.
    fn rest_of_sentence(&self, start: usize, sentence: &Range<usize>) -> Option<Range<usize>> {
        let a = self.article;
        let mut end = sentence.end;
        while end > start && matches!(a.word(end - 1), "." | "!" | "?") {
            end -= 1;
        }
        (end >= start + 2).then_some(start..end)
    }

    /// A paragraph that ends with a colon ("Caddell continued:") and introduces the next one.
    fn introduces_next(&self, paragraph: usize) -> bool {
        let a = self.article;
        let range = &a.doc.paragraphs[paragraph].tokens;
        !range.is_empty()
            && a.word(range.end - 1) == ":"
            && paragraph + 1 < a.doc.paragraphs.len()
            && a.is_prose_paragraph(paragraph + 1)
    }

    /// "The New York Times reports:" closing its paragraph: what is reported is the next
    /// paragraph.
    fn next_paragraph(
        &self,
        cue: &Range<usize>,
        source: Option<&Range<usize>>,
    ) -> Option<Range<usize>> {
        let a = self.article;
        let paragraph = a.paragraph_of(cue.start);
        if !self.introduces_next(paragraph) {
            return None;
        }
        let end = a.doc.paragraphs[paragraph].tokens.end;
        let tail = source.map_or(cue.end, |s| s.end.max(cue.end));
        // Only the colon (or nothing, when the cue took it) may follow the cue and source.
        if tail + 1 < end {
            return None;
        }
        Some(a.doc.paragraphs[paragraph + 1].tokens.clone())
    }

    /// Interview transcripts: "BENENSON: Senator Sanders doesn’t get to decide …", "Q: How did
    /// things go?". A short name and a colon open the paragraph (after a quotation mark, when
    /// the transcript is quoted) and the rest is what was said; what the labeller found inside
    /// it is reported within those words.
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
            // A transcript quoted paragraph by paragraph opens each with a quotation mark
            // ("\"WALLACE: Let's start …").
            let label_start = if a.is_quote_mark(range.start) {
                range.start + 1
            } else {
                range.start
            };
            let label = label_start..colon;
            let is_name = !label.is_empty()
                && label.clone().all(|k| {
                    a.is_capitalised(k) && (a.tag(k).is_noun() || a.word(k).ends_with('.'))
                });
            // Notes from the newsroom, not speakers ("CORRECTION: An earlier version …",
            // "Contributing: …"): PolNeAR train never attributes them.
            let newsroom = label.len() == 1
                && matches!(
                    a.lower(label.start),
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
            let question = label.len() == 1 && matches!(a.word(label.start), "Q" | "A");
            let says = question || content.clone().any(|k| a.tag(k).is_verb());
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
                confidence: 0.7,
            });
        }
    }

    /// Quotes signed with a dash, as in reader responses and epigraphs: a paragraph that is one
    /// quotation followed by a dash and a name (“We can build a wall.” ― Steve Quinlan). The
    /// dash is the cue. Such a paragraph does not end like a sentence, so the labeller's spans
    /// there were never read; any that were are replaced.
    fn dash_attributions(&mut self) {
        let a = self.article;
        let is_mark = |k: usize| a.doc.tokens[k].kind == TokenKind::QuoteMark;
        for paragraph in &a.doc.paragraphs {
            let range = paragraph.tokens.clone();
            if range.len() < 4 || !is_mark(range.start) {
                continue;
            }
            // The dash comes right after the closing mark, within a short signature.
            const SIGNATURE: usize = 12;
            let Some(dash) = range
                .clone()
                .rev()
                .take(SIGNATURE)
                .find(|&k| matches!(a.word(k), "\u{2015}" | "\u{2014}" | "\u{2013}" | "--"))
            else {
                continue;
            };
            if dash <= range.start + 1 || !is_mark(dash - 1) {
                continue;
            }
            let name_end = (dash + 1..range.end)
                .find(|&k| !a.is_capitalised(k) || a.word(k) == ",")
                .unwrap_or(range.end);
            let name = dash + 1..name_end;
            let rest_is_signature = (name_end..range.end).all(|k| !is_mark(k));
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
                confidence: 0.7,
            });
        }
    }

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

    /// Pass 3: quoted paragraphs that carry no cue of their own but continue the statement of
    /// the paragraph before (“…” after “…,” he said.) join that statement's contents.
    fn continuations(&mut self) {
        let a = self.article;
        let mut quoting = self.quoting_statements();
        // Quotes that open inside some statement's content, derived from the statements as
        // they stand (earlier passes may have dropped statements they found first).
        let mut owned = vec![false; a.doc.quotes.len()];
        for content in self.found.iter().flat_map(|f| &f.contents) {
            for k in content.clone() {
                if let Some(q) = a.doc.quote_of_token[k].filter(|&q| a.doc.quotes[q].open == k) {
                    owned[q] = true;
                }
            }
        }
        for (q, (quote, owned)) in a.doc.quotes.iter().zip(owned).enumerate() {
            if quote.depth != 0 || owned || quote.continues_previous {
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
            let mut contents = vec![quote.tokens()];
            self.add_quote_continuations(q, &mut contents);
            for content in &contents {
                quoting[a.paragraph_of(content.start)] = Some(previous);
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

/// Tokens between two ranges (0 when they overlap).
fn span_distance(x: &Range<usize>, y: &Range<usize>) -> usize {
    y.start
        .saturating_sub(x.end)
        .max(x.start.saturating_sub(y.end))
}
