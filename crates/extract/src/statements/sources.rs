//! Who a labelled cue's speaker is: the labelled source or grammatical subject that goes with
//! the cue, with PolNeAR's conventions for "according to", passive agents and a closing cue's
//! described speaker.

use std::ops::Range;

use whosaid_tagger::Tag;

use super::{span_distance, Finder};
use crate::rules::Rule;

impl Finder<'_, '_> {
    /// The source of a labelled cue: the labelled source that the cue's grammatical subject
    /// overlaps (participles take their main clause's subject), else the nearest labelled
    /// source in the cue's sentence, else that subject.
    pub(super) fn source_of_cue(
        &self,
        cue: &Range<usize>,
        sources: &[Range<usize>],
    ) -> Option<Range<usize>> {
        if self.rules.contains(Rule::AccordingToSource) && self.article.is_according_to(cue) {
            return self.according_to_source(cue, sources);
        }
        if self.rules.contains(Rule::PassiveAgentSource) {
            if let Some(agent) = self.passive_agent(cue, sources) {
                return Some(agent);
            }
        }
        if self.rules.contains(Rule::RaisedSubjectIsNotSource) && self.raised_subject(cue) {
            return None;
        }
        if self.rules.contains(Rule::InvertedCueSource) {
            if let Some(subject) = self.inverted_subject(cue) {
                // The labeller's source there keeps the speaker's description ("said Mark
                // Quinlan, PG&E's senior director").
                let labelled = sources.iter().find(|s| s.start == subject.start);
                return Some(labelled.cloned().unwrap_or(subject));
            }
        }
        let article = self.article;
        let verb = cue
            .clone()
            .rev()
            .find(|&token| article.tag(token).is_verb())
            .unwrap_or(cue.end - 1);
        let sentence = article.sentence(cue.start);
        // Sources are in text order: those that end in the cue's sentence, by binary search.
        let first = sources.partition_point(|s| s.end <= sentence.start);
        let last = sources.partition_point(|s| s.start < sentence.end);
        let in_sentence = sources[first..last.max(first)].iter();
        let subject = article
            .subject_of(verb, 0)
            .or_else(|| {
                self.rules
                    .contains(Rule::ParsedSubject)
                    .then(|| article.parsed_subject(verb))
                    .flatten()
            })
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
                    && article.is_relative_pronoun(s.start)
                    && s.start >= subject.end
                    && s.end <= cue.start
            })
        };
        if self.rules.contains(Rule::SubjectOverRelativePronoun)
            && nearest.is_some_and(|s| in_relative_clause(&s))
        {
            return subject;
        }
        nearest.cloned().or(subject)
    }

    /// "The key to Stadia's success, says Buser, is …", "…, said Lt. Matt Harris, the
    /// department's spokesman.": a reporting verb alone between a comma and a noun phrase
    /// that closes at a comma or the sentence's end is inverted, and the phrase after it is
    /// its subject. "said Tuesday" is a time, not a subject; a quotation closing before the
    /// verb ("“…,” said Ms. Lee") is the quote finder's to read.
    pub(super) fn inverted_subject(&self, cue: &Range<usize>) -> Option<Range<usize>> {
        let article = self.article;
        let sentence = article.sentence(cue.start);
        let verb = cue.start;
        if cue.len() != 1
            || verb < sentence.start + 2
            || article.word(verb - 1) != ","
            || article.in_quote(verb)
            || !matches!(article.tag(verb), Tag::VBD | Tag::VBZ)
            || !is_invertible(article.lower(verb))
        {
            return None;
        }
        let subject = article.np_starting_at(cue.end, sentence.end)?;
        let head = article.lower(subject.end - 1);
        if crate::lexicon::is_time_noun(head) || article.tag(subject.end - 1) == Tag::CD {
            return None;
        }
        let closes = subject.end == sentence.end
            || matches!(article.word(subject.end), "," | "." | ";" | "!" | "?");
        closes.then_some(subject)
    }

    /// "“… beyond Earth,” study lead author Lucas Paganini, a planetary scientist at …, and
    /// American University in Washington, D.C., said in a statement.": a quotation closing
    /// on a comma (or "?" or "!"), then a noun phrase, however long its description, then the
    /// cue, with no verb of its own between: the phrase after the quotation is the source,
    /// and the quotation is what the cue reports. Returns the quotation (marks included) and
    /// the source, trimmed of its closing comma.
    pub(super) fn speaker_after_quote(
        &self,
        cue: &Range<usize>,
    ) -> Option<(Range<usize>, Range<usize>)> {
        let article = self.article;
        let paragraph = article.paragraph_of(cue.start);
        let lowest = cue.start.saturating_sub(60);
        let close = (lowest..cue.start)
            .rev()
            .take_while(|&k| article.paragraph_of(k) == paragraph)
            .find(|&k| article.is_quote_mark(k))?;
        let quote = &article.doc.quotes[article.doc.quote_of_token[close]?];
        if quote.close != Some(close)
            || quote.depth != 0
            || close < quote.open + 2
            || !matches!(article.word(close - 1), "," | "?" | "!")
        {
            return None;
        }
        let mut end = cue.start;
        while end > close + 1 && article.is_verb_modifier(end - 1) {
            end -= 1;
        }
        if end > close + 1 && article.word(end - 1) == "," {
            end -= 1;
        }
        let between = close + 1..end;
        // A short source is the subject rules' to find; only a described one runs past them.
        // The tagger reads some nouns that open a sentence as verbs ("study lead author"):
        // the phrase's first word may be one, no word after it.
        if between.len() < 12
            || (between.start + 1..between.end).any(|k| article.tag(k).is_finite_verb())
            || !between.clone().any(|k| article.is_name_token(k))
        {
            return None;
        }
        Some((quote.open..close + 1, between))
    }

    /// The source of an "according to" cue: the labelled source that starts right after it,
    /// else the noun phrase there.
    pub(super) fn according_to_source(
        &self,
        cue: &Range<usize>,
        sources: &[Range<usize>],
    ) -> Option<Range<usize>> {
        let article = self.article;
        let sentence = article.sentence(cue.start);
        let i = sources.partition_point(|s| s.start < cue.end);
        let labelled = sources.get(i).filter(|s| s.start == cue.end).cloned();
        let np = article.np_starting_at(cue.end, sentence.end);
        match (labelled, np) {
            // The labeller ran on over the comma ("According to [Politico, both of these
            // areas] are …"): the noun phrase ends there.
            (Some(labelled), Some(np)) if np.end < labelled.end && article.word(np.end) == "," => {
                Some(np)
            }
            // The same when the tagger read the phrase as a verb ("According to [exit polls,
            // Mitt Romney] had …", "exit" as a verb).
            (Some(labelled), None) => match labelled
                .clone()
                .find(|&token| article.word(token) == "," && !article.in_quote(token))
            {
                Some(comma) if comma > labelled.start => Some(labelled.start..comma),
                _ => Some(labelled),
            },
            (Some(labelled), _) => Some(labelled),
            (None, np) => np,
        }
    }

    /// "The plan was criticized by the union": the source of a passive cue is its agent, the
    /// noun phrase after "by", as PolNeAR train annotates most passive cues followed by "by".
    pub(super) fn passive_agent(
        &self,
        cue: &Range<usize>,
        sources: &[Range<usize>],
    ) -> Option<Range<usize>> {
        let article = self.article;
        let by = if article.lower(cue.end - 1) == "by" {
            cue.end - 1
        } else if cue.end < article.len() && article.lower(cue.end) == "by" {
            cue.end
        } else {
            return None;
        };
        let participle = by.checked_sub(1).filter(|&token| token >= cue.start)?;
        let be = (cue.start..participle).any(|token| article.is_be(token));
        if !be || article.tag(participle) != Tag::VBN {
            return None;
        }
        let sentence = article.sentence(cue.start);
        let i = sources.partition_point(|s| s.start <= by);
        sources
            .get(i)
            .filter(|s| s.start == by + 1)
            .cloned()
            .or_else(|| article.np_starting_at(by + 1, sentence.end))
    }

    /// "Queen Elizabeth was said to have disapproved", "the minister is reported to have
    /// resigned": the subject of a passive word of saying or thinking before "to" is what was
    /// said about, and whoever said it goes unnamed (an agent, "was said by aides to …", is
    /// found before this).
    fn raised_subject(&self, cue: &Range<usize>) -> bool {
        let article = self.article;
        let last = cue.end - 1;
        let be = (cue.start..last).any(|token| article.is_be(token));
        be && cue.end < article.len()
            && article.lower(cue.end) == "to"
            && matches!(
                article.lower(last),
                "said"
                    | "reported"
                    | "believed"
                    | "thought"
                    | "alleged"
                    | "rumored"
                    | "rumoured"
                    | "understood"
                    | "claimed"
                    | "known"
                    | "considered"
            )
    }

    /// "…, said Brian Baker, a longtime adviser to the family who runs the campaign.": a
    /// source after its cue that closes the sentence is described by everything after it, a
    /// relative clause included, so the clause before the comma is what was said. (Taking the
    /// whole of it into the source, as PolNeAR has it, is the labeller's boundary stage's
    /// work: a rule that did it stopped paying on the folds once the stage came.)
    pub(super) fn described_source(
        &self,
        cue: &Range<usize>,
        source: Option<&Range<usize>>,
    ) -> Option<Range<usize>> {
        let article = self.article;
        let source = source.filter(|s| s.start == cue.end && cue.start > 0)?;
        // A reporting verb before a name: "said Ms. Gil", not "announced plans".
        let last = cue.end - 1;
        if article.word(cue.start - 1) != ","
            || !matches!(article.tag(last), Tag::VBD | Tag::VBZ)
            || !whosaid_attribution::is_reporting_verb(article.lower(last))
            || !source.clone().any(|token| article.is_name_token(token))
        {
            return None;
        }
        let sentence = article.sentence(cue.start);
        let described = self.rest_of_sentence(source.start, &sentence)?;
        // A colon or a quotation after the name opens what was said ("explained Nancy
        // Cordes: “…”").
        let opens_statement =
            |token: usize| article.word(token) == ":" || article.is_quote_mark(token);
        (described.end > source.end && !described.clone().any(opens_statement)).then_some(described)
    }
}

/// Reporting verbs that invert with their subject after a comma ("…, said Smith", "…, adds
/// Lee"). Verbs that take an object stay out: after "…, told" or "…, declared" the noun
/// phrase is what was told or declared ("told The Huffington Post", "declared bankruptcy").
fn is_invertible(verb: &str) -> bool {
    matches!(
        verb,
        "said"
            | "says"
            | "added"
            | "adds"
            | "noted"
            | "notes"
            | "explained"
            | "explains"
            | "continued"
            | "continues"
            | "wrote"
            | "writes"
            | "argued"
            | "argues"
            | "insisted"
            | "insists"
            | "recalled"
            | "recalls"
            | "observed"
            | "observes"
            | "conceded"
            | "concedes"
            | "cautioned"
            | "cautions"
    )
}
