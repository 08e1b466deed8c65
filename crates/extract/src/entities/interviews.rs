//! Question-and-answer transcripts: the labels "Q:" and "A:" stand for the interviewer and
//! the interviewee, whom the prose before the transcript introduces ("We asked Jane Roe about
//! …"). A label is resolved to them, never left as the letter.

use std::collections::HashMap;
use std::ops::Range;

use super::Resolver;
use crate::lexicon::{self, Pronoun};
use crate::EntityType;

/// Who the labels of an article's transcript stand for.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Interview {
    pub interviewer: Option<usize>,
    pub interviewee: Option<usize>,
    /// The introduction's tokens (start, end): the paragraphs before the first label.
    pub introduction: (usize, usize),
}

/// Which side of an interview a label gives the words of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Question,
    Answer,
}

impl Resolver<'_, '_> {
    /// The speaker of a transcript label source ("Q" or "A" before a colon that opens its
    /// paragraph): `Some` when `source` is such a label, with the person (or organisation) the
    /// prose before the transcript names for that side, if it names one.
    pub(super) fn interview_label(&mut self, source: &Range<usize>) -> Option<Option<usize>> {
        let side = self
            .label_side(source.start)
            .filter(|_| source.len() == 1)?;
        let interview = self.interview();
        Some(match side {
            Side::Question => interview.interviewer,
            Side::Answer => interview.interviewee,
        })
    }

    /// "We asked her about her plans": in a transcript's introduction, "we" (outside quotes)
    /// are the ones who ask, the interviewer.
    pub(super) fn interviewer_we(&mut self, token: usize) -> Option<usize> {
        let article = self.article;
        if !matches!(article.lower(token), "we" | "us" | "our") || article.in_quote(token) {
            return None;
        }
        let interview = self.interview();
        let (start, end) = interview.introduction;
        (start <= token && token < end)
            .then_some(interview.interviewer)
            .flatten()
    }

    /// The article's interview, found once.
    fn interview(&mut self) -> Interview {
        match self.interview {
            Some(interview) => interview,
            None => {
                let interview = self.find_interview();
                self.interview = Some(interview);
                interview
            }
        }
    }

    /// The side a transcript label at `token` gives: "Q" or "Question", "A" or "Answer" that
    /// opens its paragraph (after a quotation mark, when the transcript is quoted) and is
    /// followed by a colon.
    fn label_side(&self, token: usize) -> Option<Side> {
        let article = self.article;
        let side = match article.word(token) {
            "Q" | "Question" => Side::Question,
            "A" | "Answer" => Side::Answer,
            _ => return None,
        };
        let paragraph = &article.doc.paragraphs[article.paragraph_of(token)].tokens;
        let opens = token == paragraph.start
            || (token == paragraph.start + 1 && article.is_quote_mark(paragraph.start));
        let colon = token + 1 < article.len() && article.word(token + 1) == ":";
        (opens && colon).then_some(side)
    }

    /// The interviewer and the interviewee that the introduction, the few paragraphs before
    /// the first label, names. The interviewer is the subject of the first "asked" or
    /// "interviewed" there: a name, or, when it is "we", the organisation that writes of
    /// itself so. The interviewee is the person, other than the interviewer, named most often
    /// there (the first named, on a tie): an introduction is about the one who answers.
    fn find_interview(&mut self) -> Interview {
        let article = self.article;
        let Some(first_label) = (0..article.len()).find(|&t| self.label_side(t).is_some()) else {
            return Interview::default();
        };
        // The introduction: the few paragraphs before the transcript, not the whole article
        // ("Trump asked Ukraine …" far above a transcript asks nothing of the interviewee).
        const INTRODUCTION: usize = 3;
        let first_paragraph = article
            .paragraph_of(first_label)
            .saturating_sub(INTRODUCTION);
        let introduction = article.doc.paragraphs[first_paragraph].tokens.start;
        let interviewer = (introduction..first_label)
            .find(|&t| {
                matches!(article.lower(t), "asked" | "interviewed")
                    && article.tag(t).is_verb()
                    && !article.in_quote(t)
            })
            .and_then(|verb| {
                // "We've asked him": a pronoun subject, which the noun-phrase reader skips.
                let lo = article.sentence(verb).start;
                let mut end = verb;
                while end > lo
                    && (article.is_verb_modifier(end - 1) || article.tag(end - 1).is_verb())
                {
                    end -= 1;
                }
                if end > lo && lexicon::pronoun(article.word(end - 1)).is_some() {
                    Some(end - 1..end)
                } else {
                    article.subject_of(verb, 0)
                }
            })
            .and_then(|subject| {
                if subject.len() == 1
                    && lexicon::pronoun(article.word(subject.start)) == Some(Pronoun::Deictic)
                {
                    self.first_person_organisation(introduction..first_label)
                } else {
                    let name = &self.names[*self.names_by_end.get(&subject.end)?];
                    Some(name.entity)
                }
            });
        let mut counts: HashMap<usize, (usize, usize)> = HashMap::new();
        for &(at, entity) in self
            .name_history
            .iter()
            .skip_while(|&&(at, _)| at < introduction)
            .take_while(|&&(at, _)| at < first_label)
        {
            if self.entities[entity].entity_type == EntityType::Person
                && Some(entity) != interviewer
            {
                counts.entry(entity).or_insert((0, at)).0 += 1;
            }
        }
        let interviewee = counts
            .into_iter()
            .max_by_key(|&(_, (count, first))| (count, std::cmp::Reverse(first)))
            .map(|(entity, _)| entity);
        Interview {
            interviewer,
            interviewee,
            introduction: (introduction, first_label),
        }
    }

    /// The organisation that writes of itself as "our" within `within`: the proper name that
    /// opens a prose sentence which says "our" of it ("Acme is proud to welcome Jane Roe as
    /// our new chief executive"), as a company's or a club's own page introduces its people.
    fn first_person_organisation(&mut self, within: Range<usize>) -> Option<usize> {
        let article = self.article;
        let our = within.clone().find(|&t| {
            matches!(article.lower(t), "our" | "we")
                && !article.in_quote(t)
                && article.is_prose_paragraph(article.paragraph_of(t))
        })?;
        let sentence = article.sentence(our);
        let start = sentence.start;
        let mut end = start;
        while end < our
            && article.is_capitalised(end)
            && article.tag(end).is_noun()
            && lexicon::pronoun(article.word(end)).is_none()
        {
            end += 1;
        }
        if end == start || end >= our || !article.tag(end).is_verb() {
            return None;
        }
        if let Some(&index) = self.names_by_end.get(&end) {
            if self.names[index].name.start == start {
                return Some(self.names[index].entity);
            }
        }
        Some(self.link_name(
            &(start..end),
            EntityType::Organisation,
            lexicon::Gender::Unknown,
            None,
        ))
    }
}
