//! Resolving one statement's source mention to its speakers: an appositive split off, the
//! conjuncts of "X and Y" taken one by one, and each resolved as a name, a pronoun, a relative
//! "that" or a description.

use std::ops::Range;
use whosaid_tagger::Tag;

use super::Resolver;
use crate::lexicon::{self, Pronoun};
use crate::EntityType;

impl Resolver<'_, '_> {
    /// The speakers that a source mention names.
    pub(super) fn resolve_source(&mut self, source: Range<usize>) -> Vec<usize> {
        let article = self.article;
        let (core, appositive) = self.split_appositive(source.clone());
        let mut speakers = Vec::new();
        for conjunct in self.conjuncts(core) {
            let appositive_name = appositive.as_ref().and_then(|ap| {
                let name = &self.names[*self.names_by_end.get(&ap.end)?];
                (name.full == *ap || name.name == *ap).then_some(name.entity)
            });
            let entity = if let Some(entity) = appositive_name {
                let mut start = conjunct.start;
                while start < conjunct.end && matches!(article.tag(start), Tag::DT) {
                    start += 1;
                }
                let role = self.clean_text(start..conjunct.end);
                self.add_role(entity, role);
                Some(entity)
            } else if (conjunct.len() == 1
                && lexicon::pronoun(article.word(conjunct.start)).is_some())
                || lexicon::pronoun(article.word(conjunct.start)) == Some(Pronoun::Relative)
            {
                self.resolve_pronoun(conjunct.start)
            } else if conjunct.len() == 1
                && article.lower(conjunct.start) == "that"
                && article.tag(conjunct.start) == Tag::WDT
            {
                // "the lawmakers that demand …": a relative "that" names its antecedent, if
                // that is a name, and no one otherwise (not an entity called "that").
                self.relative_antecedent(conjunct.start)
            } else if let Some(name) = self
                .names_by_end
                .get(&conjunct.end)
                .map(|&i| &self.names[i])
                .filter(|n| {
                    n.name.end == conjunct.end
                        || n.acronym.is_some_and(|token| token + 2 == conjunct.end)
                })
            {
                Some(name.entity)
            } else {
                self.resolve_description(conjunct.clone())
            };
            if let Some(entity) = entity {
                self.entities[entity].mentions.push(conjunct.clone());
                if let Some(appositive) = &appositive {
                    let mut start = appositive.start;
                    while start < appositive.end
                        && matches!(article.tag(start), Tag::DT | Tag::PRPS)
                    {
                        start += 1;
                    }
                    let role = self.clean_text(start..appositive.end);
                    if self.entities[entity].entity_type == EntityType::Person
                        && lexicon::is_person_noun(article.lower(article.head_of(appositive)))
                    {
                        self.add_role(entity, role);
                    }
                }
                self.speaker_history.push((conjunct.start, entity));
                if !speakers.contains(&entity) {
                    speakers.push(entity);
                }
            }
        }
        speakers
    }

    /// "Mr. Rutte, the previous prime minister of the Netherlands" → ("Mr. Rutte", appositive),
    /// split at the first comma or dash.
    pub(super) fn split_appositive(
        &self,
        source: Range<usize>,
    ) -> (Range<usize>, Option<Range<usize>>) {
        let article = self.article;
        // "Mehmet Oz — Ivy League-trained surgeon and daytime TV star" is set off by a dash.
        match source
            .clone()
            .find(|&token| matches!(article.word(token), "," | "—" | "–" | "--"))
        {
            Some(mark) if mark > source.start && mark + 1 < source.end => {
                (source.start..mark, Some(mark + 1..source.end))
            }
            _ => (source, None),
        }
    }

    /// "both Sir Keir and French President Emmanuel Macron" → the two people.
    pub(super) fn conjuncts(&self, core: Range<usize>) -> Vec<Range<usize>> {
        let article = self.article;
        let mut start = core.start;
        if matches!(article.lower(start), "both" | "either" | "neither") && core.len() > 1 {
            start += 1;
        }
        let mut parts = Vec::new();
        let mut part_start = start;
        for token in start..core.end {
            if matches!(article.lower(token), "and" | "&")
                && token > part_start
                && token + 1 < core.end
            {
                let left_proper = article.tag(token - 1).is_proper_noun();
                let right_proper = (token + 1..core.end).any(|t| article.tag(t).is_proper_noun());
                if left_proper && right_proper {
                    parts.push(part_start..token);
                    part_start = token + 1;
                }
            }
        }
        parts.push(part_start..core.end);
        parts
    }
}
