//! Description sources ("the NATO leader", "a paper arguing …"): the entity the article gave
//! that role, the one the next sentence names, or an entity the article describes but never
//! names.

use std::collections::HashSet;
use std::ops::Range;
use whosaid_tagger::Tag;

use super::{EntityDraft, Resolver};
use crate::article::is_acronym;
use crate::lexicon::{self, Gender};
use crate::rules::Rule;
use crate::EntityType;

impl Resolver<'_, '_> {
    /// The entity a description source ("the NATO leader", "a paper arguing …") refers to: a
    /// document's author; else an earlier entity whose roles share its words; else the entity
    /// the next sentence names (a lede that describes before it names); else a new entity the
    /// article describes but never names.
    pub(super) fn resolve_description(&mut self, description: Range<usize>) -> Option<usize> {
        let article = self.article;
        // "according to InfoNation": one proper noun that the name finder left alone (a single
        // word it could not type) is a name, not a description that a role ("InfoNation
        // President") could match: it names an entity of its own.
        let rules = self.rules;
        if rules.contains(Rule::LoneProperNounIsAName)
            && description.len() == 1
            && article.tag(description.start).is_proper_noun()
            && article.is_capitalised(description.start)
            && lexicon::pronoun(article.word(description.start)).is_none()
        {
            let word = article.word(description.start);
            let organisation = is_acronym(word) || word.chars().skip(1).any(char::is_uppercase);
            let entity_type = if organisation {
                EntityType::Organisation
            } else {
                EntityType::Person
            };
            return Some(self.link_name(&description, entity_type, Gender::Unknown, None));
        }
        // "who co-authored a paper … arguing": a document speaks for its author.
        if rules.contains(Rule::DocumentSpeaksForAuthor)
            && lexicon::is_document_noun(article.lower(description.end - 1))
            && description.start > 0
        {
            let mut verb = description.start;
            while verb > 0 && article.is_verb_modifier(verb - 1) {
                verb -= 1;
            }
            if verb > 0 && article.tag(verb - 1).is_verb() {
                if let Some(author) = article.subject_of(verb - 1, 1) {
                    if let Some(&entity) = self.resolve_source(author).first() {
                        return Some(entity);
                    }
                }
            }
        }
        // "A spokesperson who did not wish to be named": the description is the noun phrase
        // before its relative clause.
        let description = if rules.contains(Rule::DescriptionCore) {
            self.description_core(description)
        } else {
            description
        };
        let head = description.end - 1;
        let head_word = article.lower(head).to_string();
        let entity_type = if lexicon::is_organisation_noun(&head_word) {
            EntityType::Organisation
        } else if matches!(head_word.as_str(), "nation" | "country") {
            EntityType::Place
        } else if article.tag(head) == Tag::NNS || article.tag(head) == Tag::NNPS {
            EntityType::Group
        } else {
            EntityType::Person
        };
        let first = article.lower(description.start);
        let indefinite = matches!(
            first,
            "a" | "an" | "one" | "another" | "some" | "many" | "several"
        );
        let words: Vec<String> = description
            .clone()
            .filter(|&t| !matches!(article.tag(t), Tag::DT | Tag::POS | Tag::PRPS | Tag::PDT))
            .map(|t| article.lower(t).to_string())
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .filter(|w| {
                !matches!(
                    w.as_str(),
                    "former" | "previous" | "new" | "current" | "top" | "senior" | "other"
                )
            })
            .collect();
        // "the French foreign ministry": the places a description names, as canonical names.
        let places: Vec<&str> = description
            .clone()
            .filter(|&t| t != head)
            .filter_map(|t| lexicon::place(article.word(t)))
            .collect();
        if !indefinite
            && entity_type != EntityType::Group
            && rules.contains(Rule::DescriptionMatchesRole)
        {
            if let Some(entity) = self.description_antecedent(
                &words,
                &head_word,
                &places,
                entity_type,
                description.start,
            ) {
                return Some(entity);
            }
        }
        if rules.contains(Rule::PersonAnaphor) {
            if let Some(entity) = self.person_anaphor(&description, entity_type) {
                return Some(entity);
            }
        }
        if rules.contains(Rule::OrganisationAnaphor) {
            if let Some(entity) = self.organisation_anaphor(&description, entity_type, &places) {
                return Some(entity);
            }
        }
        let cataphoric = || {
            self.cataphoric_name(description.clone(), entity_type)
                .filter(|_| rules.contains(Rule::CataphoricName))
        };
        if let Some(entity) = cataphoric() {
            let mut start = description.start;
            while start < description.end && matches!(article.tag(start), Tag::DT) {
                start += 1;
            }
            let role = self.clean_text(start..description.end);
            self.add_role(entity, role);
            return Some(entity);
        }
        // An entity that the article describes but never names: named as the article
        // describes it, without the article or quantifier before ("spokesperson", "legal
        // expert", "editors").
        let mut name_start = description.start;
        if rules.contains(Rule::DescriptionCore) {
            // A name keeps its "The" ("The Island Courier").
            while name_start + 1 < description.end
                && (matches!(article.tag(name_start), Tag::DT | Tag::PRPS)
                    || matches!(article.lower(name_start), "one" | "another"))
                && !matches!(article.tag(name_start + 1), Tag::IN | Tag::Comma)
                && !article.tag(name_start + 1).is_proper_noun()
            {
                name_start += 1;
            }
        }
        let name = self.text(name_start..description.end).to_string();
        let mut description_words: HashSet<String> = words.into_iter().collect();
        description_words.insert(head_word);
        self.entities.push(EntityDraft {
            name,
            name_words: Vec::new(),
            entity_type,
            roles: Vec::new(),
            mentions: Vec::new(),
            gender: Gender::Unknown,
            acronym: None,
            description_words,
        });
        Some(self.entities.len() - 1)
    }

    /// The noun phrase a description source opens with, without the relative clause that
    /// follows its head: "A spokesperson | who did not wish to be named". A participle stays:
    /// "people briefed on the talks" is who they are.
    fn description_core(&self, description: Range<usize>) -> Range<usize> {
        let article = self.article;
        let cut = (description.start + 1..description.end).find(|&k| {
            article.tag(k - 1).is_noun()
                && (matches!(article.lower(k), "who" | "whom" | "whose" | "which")
                    || (article.lower(k) == "that" && article.tag(k) == Tag::WDT))
        });
        match cut {
            Some(k) => description.start..k,
            None => description,
        }
    }

    /// The most recent entity whose roles or descriptions share the description's words. A
    /// description that names a place ("the French foreign ministry", "Michigan health
    /// authorities") says whose it is: it refers back only to an entity of that place, never
    /// to another country's ministry that shares its other words.
    pub(super) fn description_antecedent(
        &self,
        words: &[String],
        head: &str,
        places: &[&str],
        entity_type: EntityType,
        before: usize,
    ) -> Option<usize> {
        let mut best: Option<(f32, usize)> = None;
        for (at, entity, _) in self.recent_mentions(before, 60) {
            let e = &self.entities[entity];
            if e.entity_type != entity_type {
                continue;
            }
            if self.rules.contains(Rule::DescriptionPlaceMustMatch)
                && !places.iter().all(|place| has_place(e, place))
            {
                continue;
            }
            let mut score = 0.0;
            for word in words {
                if e.description_words.contains(word) {
                    score += if word == head { 2.0 } else { 1.0 };
                }
            }
            if score < 1.0 {
                continue;
            }
            let score = score + at as f32 * 1e-6;
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, entity));
            }
        }
        best.map(|(_, entity)| entity)
    }

    /// "The real estate agent said", "the singer told the audience": a definite description of
    /// one person that no role of the article matches is said of someone just spoken of, as
    /// "he" or "she" would be: the person a pronoun there would stand for.
    fn person_anaphor(
        &mut self,
        description: &Range<usize>,
        entity_type: EntityType,
    ) -> Option<usize> {
        let article = self.article;
        let head = description.end - 1;
        if entity_type != EntityType::Person
            || article.lower(description.start) != "the"
            || !matches!(article.tag(head), Tag::NN | Tag::JJ)
            || !lexicon::is_person_noun(article.lower(head))
            || (description.start..description.end)
                .any(|t| article.is_name_token(t) || matches!(article.word(t), "," | "and" | "or"))
        {
            return None;
        }
        self.resolve_pronoun_like(description.start, crate::lexicon::Pronoun::He, true)
    }

    /// "The company said", "the agency confirmed", "the automaker told reporters": "the" and
    /// an organisation's noun, which no role of the article matches, is said of the named
    /// organisation just spoken of, as "it" would be. A longer description ("the regional
    /// budget office") introduces an organisation more often than it recalls one; documents
    /// ("the report", whose issuer is another question), places and bodies spoken of in the
    /// plural ("the authorities", "the police") stay apart.
    fn organisation_anaphor(
        &mut self,
        description: &Range<usize>,
        entity_type: EntityType,
        places: &[&str],
    ) -> Option<usize> {
        let article = self.article;
        let head = description.end - 1;
        let head_word = article.lower(head);
        // "the French foreign ministry" names whose it is: only a role can match it.
        if entity_type != EntityType::Organisation
            || !places.is_empty()
            || description.len() != 2
            || article.lower(description.start) != "the"
            || article.tag(head) != Tag::NN
            || lexicon::is_document_noun(head_word)
            || matches!(
                head_word,
                "state"
                    | "county"
                    | "city"
                    | "nation"
                    | "country"
                    | "house"
                    | "police"
                    | "media"
                    | "press"
                    | "authorities"
                    | "forces"
                    | "site"
                    | "website"
            )
            || (description.start..description.end)
                .any(|t| article.is_name_token(t) || matches!(article.word(t), "," | "and" | "or"))
        {
            return None;
        }
        self.resolve_pronoun_like(description.start, crate::lexicon::Pronoun::It, true)
    }

    /// A description that the next sentence names: its subject, if a proper name of the same
    /// type that was not mentioned before.
    pub(super) fn cataphoric_name(
        &self,
        description: Range<usize>,
        entity_type: EntityType,
    ) -> Option<usize> {
        let article = self.article;
        let next_sentence = article.sentence_of[description.start] + 1;
        let sentence = article.doc.sentences.get(next_sentence)?;
        let mut subject_start = sentence.tokens.start;
        while subject_start < sentence.tokens.end && matches!(article.tag(subject_start), Tag::DT) {
            subject_start += 1;
        }
        let name = &self.names[*self.names_by_start.get(&subject_start)?];
        let entity = &self.entities[name.entity];
        let first_mention = entity
            .mentions
            .first()
            .is_some_and(|m| m.start >= sentence.tokens.start);
        (entity.entity_type == entity_type && first_mention).then_some(name.entity)
    }
}

/// Whether the entity's name, roles or descriptions name `place` (a canonical place name), in
/// any of the place's forms ("French" for France).
fn has_place(entity: &EntityDraft, place: &str) -> bool {
    let names = |word: &str| {
        let mut chars = word.chars();
        let capitalised: String = chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        lexicon::place(&capitalised) == Some(place)
            || lexicon::place(&word.to_uppercase()) == Some(place)
    };
    entity.name == place || entity.description_words.iter().any(|word| names(word))
}
