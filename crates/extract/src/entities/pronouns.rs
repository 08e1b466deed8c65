//! Pronoun sources: "he", "she", "it", "they" to the nearest compatible mention of the last
//! few sentences, and a relative pronoun ("who") to the name before it.

use super::Resolver;
use crate::lexicon::{self, Gender, Pronoun};
use crate::rules::Rule;
use crate::EntityType;

impl Resolver<'_, '_> {
    /// The entity a personal or relative pronoun source refers to: the nearest compatible
    /// mention of the last few sentences, favouring the last speaker and disfavouring people
    /// who were only talked about inside someone's words. Among the mentions of one earlier
    /// sentence the first wins (its subject, as a rule: the centre of attention that a pronoun
    /// in the next sentence continues), among those of the pronoun's own sentence the nearest.
    /// A pronoun that resolves tells the entity's gender when it was unknown.
    pub(super) fn resolve_pronoun(&mut self, token: usize) -> Option<usize> {
        let article = self.article;
        let pronoun = lexicon::pronoun(article.word(token))?;
        if pronoun == Pronoun::Relative {
            return self.relative_antecedent(token).or_else(|| {
                if self.rules.contains(Rule::RelativeWhoDescription) {
                    self.described_antecedent(token)
                } else {
                    None
                }
            });
        }
        if pronoun == Pronoun::Deictic {
            if !self.rules.contains(Rule::InterviewerWe) {
                return None;
            }
            return self.interviewer_we(token);
        }
        self.resolve_pronoun_like(token, pronoun, false)
    }

    /// The entity a pronoun at `token` would refer to; `description` for a description that
    /// stands where the pronoun would: of a person ("he"), which says nothing of gender and
    /// tells none, and refers only to someone the article gave no role (a role it shared would
    /// have matched it before); of an organisation ("it"), which refers only to an
    /// organisation the article names, never to a place or another description.
    pub(super) fn resolve_pronoun_like(
        &mut self,
        token: usize,
        pronoun: Pronoun,
        description: bool,
    ) -> Option<usize> {
        let article = self.article;
        let sentence = article.sentence_of[token];
        let mut best: Option<(f32, usize)> = None;
        for (at, entity, is_speaker) in self.recent_mentions(token, 4) {
            let distance = sentence - article.sentence_of[at];
            let e = &self.entities[entity];
            let compatible = match pronoun {
                // A person the article gave a role that the description does not share is
                // someone else: the mayor is not "the fire chief".
                Pronoun::He if description => {
                    e.entity_type == EntityType::Person && e.roles.is_empty()
                }
                Pronoun::It if description => {
                    e.entity_type == EntityType::Organisation && !e.name_words.is_empty()
                }
                Pronoun::He => e.entity_type == EntityType::Person && e.gender != Gender::Female,
                Pronoun::She => e.entity_type == EntityType::Person && e.gender != Gender::Male,
                Pronoun::It => {
                    matches!(e.entity_type, EntityType::Organisation | EntityType::Place)
                        || (self.rules.contains(Rule::ItMakesAnOrganisation) && is_untyped_word(e))
                }
                Pronoun::They => e.entity_type != EntityType::Person,
                _ => false,
            };
            if !compatible {
                continue;
            }
            // In an earlier sentence the first mention (usually its subject) is the likelier
            // antecedent; in the pronoun's own sentence, the nearest.
            let order = if distance == 0 { 1.0 } else { -1.0 };
            let mut score = -(distance as f32) + order * at as f32 * 1e-6;
            // A speaker wins among the mentions of one sentence, not over a nearer sentence's:
            // in long features, where many speak, "he" is more often the man just spoken of
            // than the last one quoted (a bonus of 2 sentences was measured against 0.5 on the
            // news set's tuning part).
            if is_speaker && self.rules.contains(Rule::PronounPrefersLastSpeaker) {
                score += 0.5;
            }
            if self.in_content[at] && self.rules.contains(Rule::PronounAvoidsPeopleTalkedAbout) {
                score -= 1.5;
            }
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, entity));
            }
        }
        let (_, entity) = best?;
        let e = &mut self.entities[entity];
        if pronoun == Pronoun::It && !description && e.entity_type == EntityType::Person {
            e.entity_type = EntityType::Organisation;
        }
        if e.gender == Gender::Unknown && !description {
            e.gender = match pronoun {
                Pronoun::He => Gender::Male,
                Pronoun::She => Gender::Female,
                _ => Gender::Unknown,
            };
        }
        Some(entity)
    }

    /// "Keith Kellogg, a former general …, who co-authored": the noun phrase before the
    /// relative pronoun, over an appositive.
    pub(super) fn relative_antecedent(&mut self, token: usize) -> Option<usize> {
        let article = self.article;
        let lo = article.sentence(token).start;
        let mut end = token;
        if end > lo && article.word(end - 1) == "," {
            end -= 1;
        }
        // Over an appositive: back to the comma that opens it.
        let mut candidates = vec![end];
        let mut j = end;
        while j > lo + 1 && end - j < 30 {
            j -= 1;
            if article.word(j) == "," {
                candidates.push(j);
                break;
            }
        }
        candidates
            .into_iter()
            .rev()
            .find_map(|end| self.names_by_end.get(&end).map(|&i| self.names[i].entity))
    }

    /// "analysts who have done the calculations say", "a career diplomat who described the
    /// call": a relative "who" whose antecedent is not a name stands for the noun phrase
    /// before it, resolved as a description (the entity the article gave that role, or the
    /// one the next sentence names). Only "who": it is said of people, where "which" and
    /// "that" are as often said of things.
    fn described_antecedent(&mut self, token: usize) -> Option<usize> {
        let article = self.article;
        if article.lower(token) != "who" {
            return None;
        }
        let lo = article.sentence(token).start;
        let mut end = token;
        if end > lo && article.word(end - 1) == "," {
            end -= 1;
        }
        let np = article.np_ending_at(end, lo)?;
        // "who" is said of people: any noun phrase before it describes someone.
        if !article.tag(np.end - 1).is_noun() || lexicon::pronoun(article.word(np.start)).is_some()
        {
            return None;
        }
        self.resolve_description(np)
    }

    /// Mentions (token, entity, is a speaker's) before `token`, at most `sentences` sentences
    /// back.
    pub(super) fn recent_mentions(
        &self,
        token: usize,
        sentences: usize,
    ) -> Vec<(usize, usize, bool)> {
        let article = self.article;
        let sentence = article.sentence_of[token];
        let first_sentence = sentence.saturating_sub(sentences);
        let window_start = article.doc.sentences[first_sentence].tokens.start;
        let from = self
            .name_history
            .partition_point(|&(at, _)| at < window_start);
        let mut mentions: Vec<(usize, usize, bool)> = self.name_history[from..]
            .iter()
            .take_while(|&&(at, _)| at < token)
            .map(|&(at, entity)| (at, entity, false))
            .collect();
        // Speakers were resolved in statement order, which is text order up to a few tokens.
        for &(at, entity) in self.speaker_history.iter().rev() {
            if article.sentence_of[at] + 1 < first_sentence {
                break;
            }
            if at < token && at >= window_start {
                mentions.push((at, entity, true));
            }
        }
        mentions
    }
}

/// A one-word name taken for a person only because it speaks ("Boeing said"), with nothing
/// else to say it is one: no gender, no role. "it" said of it makes it an organisation.
fn is_untyped_word(e: &super::EntityDraft) -> bool {
    let one_word = !e.name.contains(' ') && e.name.chars().next().is_some_and(char::is_uppercase);
    e.entity_type == EntityType::Person
        && one_word
        && e.name_words.len() <= 1
        && e.gender == Gender::Unknown
        && e.roles.is_empty()
}
