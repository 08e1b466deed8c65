//! Resolving one statement's source mention to its speakers: an appositive split off, the
//! conjuncts of "X and Y" taken one by one, and each resolved as a name, a pronoun, a relative
//! "that" or a description.

use std::ops::Range;
use whosaid_tagger::Tag;

use super::Resolver;
use crate::lexicon::{self, Gender, Pronoun};
use crate::rules::Rule;
use crate::EntityType;

/// How far back, in tokens, "the report" looks for the report the article named before: a
/// long article's worth.
const DOCUMENT_WINDOW: usize = 5_000;

impl Resolver<'_, '_> {
    /// The speakers that a source mention names.
    pub(super) fn resolve_source(&mut self, source: Range<usize>) -> Vec<usize> {
        let article = self.article;
        let rules = self.rules;
        if rules.contains(Rule::InterviewLabels) {
            if let Some(speaker) = self.interview_label(&source) {
                return speaker.into_iter().collect();
            }
        }
        let (core, appositive) = self.split_appositive(source.clone());
        let core = self.cut_after_person(core);
        let conjuncts = if rules.contains(Rule::ConjoinedSpeakers) {
            self.conjuncts(core)
        } else {
            vec![core]
        };
        let mut speakers = Vec::new();
        for mut conjunct in conjuncts {
            if rules.contains(Rule::PossessorSpeaks) {
                if let Some(possessor) = self.document_possessor(&conjunct) {
                    conjunct = possessor;
                }
            }
            if rules.contains(Rule::DocumentSpeaksForAuthor) {
                if let Some(author) = self.document_author(&conjunct) {
                    conjunct = author;
                }
            }
            if rules.contains(Rule::DocumentNamedBefore) {
                if let Some(author) = self.document_named_before(&conjunct) {
                    conjunct = author;
                }
            }
            // "the NATO leader, Mark Rutte": the appositive names the speaker. But "André Neu,
            // Head of Platform Solutions for Ascom" is named before the comma, and a
            // capitalised title after it is no name of theirs. (A dash after a capitalised
            // word is a dateline more often than a name: "ATLANTIC CITY — Hillary Clinton".)
            let appositive_name = appositive
                .as_ref()
                .filter(|_| rules.contains(Rule::AppositiveNamesSpeaker))
                .filter(|ap| {
                    article.word(ap.start - 1) != ","
                        || self.person_named(conjunct.start..conjunct.end).is_none()
                })
                .and_then(|ap| {
                    let name = &self.names[*self.names_by_end.get(&ap.end)?];
                    // "Another holdout -- the Nordic Miners Union": a name may take "the"
                    // (but "a Democrat" is a description, not the party).
                    let mut start = ap.start;
                    if ap.len() > 1 && article.lower(start) == "the" {
                        start += 1;
                    }
                    let whole = |range: &Range<usize>| range.end == ap.end && range.start == start;
                    (whole(&name.full) || whole(&name.name)).then_some(name.entity)
                });
            let entity = if let Some(entity) = appositive_name {
                let mut start = conjunct.start;
                while start < conjunct.end && matches!(article.tag(start), Tag::DT) {
                    start += 1;
                }
                let role = self.clean_text(start..conjunct.end);
                self.add_role(entity, role);
                self.type_by_description(entity, &conjunct);
                Some(entity)
            } else if (conjunct.len() == 1
                && lexicon::pronoun(article.word(conjunct.start)).is_some())
                || lexicon::pronoun(article.word(conjunct.start)) == Some(Pronoun::Relative)
            {
                self.resolve_pronoun(conjunct.start)
            } else if conjunct.len() == 1
                && article.lower(conjunct.start) == "that"
                && article.tag(conjunct.start) == Tag::WDT
                && rules.contains(Rule::RelativeThatAntecedent)
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
                // "Some members of Congress", "a spokesperson for the Foreign Office": a name
                // after a preposition is where the speaker belongs, and the noun before it is
                // who speaks.
                .filter(|n| {
                    !rules.contains(Rule::NameAfterPrepositionIsNotSpeaker)
                        || !self.is_object_of_preposition(n.full.start, conjunct.start)
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
                    if rules.contains(Rule::AppositiveGivesRole)
                        && self.entities[entity].entity_type == EntityType::Person
                        && lexicon::is_person_noun(article.lower(article.head_of(appositive)))
                    {
                        self.add_role(entity, role);
                    }
                    if appositive_name.is_none() {
                        self.type_by_description(entity, appositive);
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

    /// "The Wrap's report today claims", "Mr. Smith's": a possessor alone, or the possessor
    /// of a document (a report, a statement, a letter), is the speaker, named without the
    /// possessive ending; the document speaks for its author.
    fn document_possessor(&self, conjunct: &Range<usize>) -> Option<Range<usize>> {
        let article = self.article;
        let is_possessive = |token: usize| {
            article.tag(token) == Tag::POS || matches!(article.word(token), "’s" | "'s" | "’" | "'")
        };
        let mut end = conjunct.end;
        while end > conjunct.start + 1 && lexicon::is_time_noun(article.lower(end - 1)) {
            end -= 1;
        }
        if end > conjunct.start + 2 && lexicon::is_document_noun(article.lower(end - 1)) {
            end -= 1;
            // "The Verge's Stadia review", "the agency's new guidelines": words that say
            // which document stand between it and its possessor.
            let mut k = end;
            while k > conjunct.start + 2
                && k + 3 > end
                && !is_possessive(k - 1)
                && (article.tag(k - 1).is_noun() || article.tag(k - 1).is_adjective())
            {
                k -= 1;
            }
            if is_possessive(k - 1) {
                end = k;
            }
        }
        (end > conjunct.start + 1 && is_possessive(end - 1)).then(|| conjunct.start..end - 1)
    }

    /// "The group that owns her records, Big Machine, says": a name (or a phrase taken for
    /// one) reads as a person's unless something says otherwise, and a description set beside
    /// it whose head is an organisation's noun does. Only a guess is corrected: a name with a title, an
    /// honorific or a gender stays a person's.
    pub(super) fn type_by_description(&mut self, entity: usize, description: &Range<usize>) {
        if !self.rules.contains(Rule::OrganisationByDescription) {
            return;
        }
        let article = self.article;
        // The head: the last noun before a preposition, a relative pronoun, a verb or a comma.
        let end = (description.start + 1..description.end)
            .find(|&k| {
                let tag = article.tag(k);
                tag == Tag::IN
                    || tag.is_verb()
                    || matches!(tag, Tag::WDT | Tag::WP)
                    || article.word(k) == ","
            })
            .unwrap_or(description.end);
        let Some(head) = (description.start..end)
            .rev()
            .find(|&k| article.tag(k).is_noun())
        else {
            return;
        };
        let e = &mut self.entities[entity];
        if e.entity_type == EntityType::Person
            && e.gender == Gender::Unknown
            && e.roles
                .iter()
                .all(|role| !lexicon::is_title_word(&role.to_lowercase()))
            && lexicon::is_organisation_noun(article.lower(head))
        {
            e.entity_type = EntityType::Organisation;
        }
    }

    /// Whether the name that starts at `name_start` follows a preposition (and a determiner)
    /// after a noun inside the source that starts at `source_start`.
    fn is_object_of_preposition(&self, name_start: usize, source_start: usize) -> bool {
        let article = self.article;
        let mut k = name_start;
        if k > source_start && article.tag(k - 1) == Tag::DT {
            k -= 1;
        }
        k > source_start + 1
            && matches!(
                article.lower(k - 1),
                "of" | "for" | "at" | "from" | "in" | "with"
            )
            && article.tag(k - 2).is_noun()
    }

    /// "the TexAuto Facts report from InfoNation", "a study by the Urban Institute": a document
    /// "from" or "by" someone speaks for them, and they are the speaker. So does a document
    /// "in" a named publication ("a report in the Argus Leader"), but not one in a month.
    fn document_author(&self, conjunct: &Range<usize>) -> Option<Range<usize>> {
        let article = self.article;
        let in_publication = self.rules.contains(Rule::ReportInAPublication);
        let preposition = (conjunct.start + 1..conjunct.end).find(|&k| {
            let by = matches!(article.lower(k), "from" | "by")
                || (in_publication && article.lower(k) == "in");
            by && lexicon::is_document_noun(article.lower(k - 1))
        })?;
        let mut start = preposition + 1;
        if start < conjunct.end && article.tag(start) == Tag::DT {
            start += 1;
        }
        if article.lower(preposition) == "in"
            && start < conjunct.end
            && lexicon::is_time_noun(article.lower(start))
        {
            return None;
        }
        // "the Argus Leader of Sioux Falls": "of" may join the words of a name.
        let named = start < conjunct.end
            && (start..conjunct.end).all(|k| {
                article.is_capitalised(k)
                    || article.tag(k).is_proper_noun()
                    || (in_publication
                        && article.lower(k) == "of"
                        && k > start
                        && k + 1 < conjunct.end
                        && article.is_capitalised(k + 1))
            });
        named.then_some(start..conjunct.end)
    }

    /// "The report says …" after "A recent report by the International Energy Agency" or "the
    /// agency's report": "the" and a document's noun recall the last document the article
    /// named with that noun, which speaks for the author given there.
    fn document_named_before(&self, conjunct: &Range<usize>) -> Option<Range<usize>> {
        let article = self.article;
        if conjunct.len() != 2 || article.lower(conjunct.start) != "the" {
            return None;
        }
        let noun = article.lower(conjunct.start + 1);
        if !lexicon::is_document_noun(noun) {
            return None;
        }
        // Within a window, so that a page of "the report said" stays linear in its length.
        let earlier = (conjunct.start.saturating_sub(DOCUMENT_WINDOW)..conjunct.start)
            .rev()
            .find(|&k| article.lower(k) == noun)?;
        // "a report by X", "a report from X", "a report in X".
        let mut start = earlier + 1;
        if start < article.len()
            && (matches!(article.lower(start), "by" | "from")
                || (article.lower(start) == "in"
                    && self.rules.contains(Rule::ReportInAPublication)))
        {
            start += 1;
            if start < article.len() && article.tag(start) == Tag::DT {
                start += 1;
            }
            let sentence_end = article.sentence(earlier).end;
            let mut end = start;
            while end < sentence_end
                && (article.is_capitalised(end)
                    || article.tag(end).is_proper_noun()
                    || (article.tag(end) == Tag::POS
                        && end + 1 < sentence_end
                        && article.is_capitalised(end + 1)))
            {
                end += 1;
            }
            let named = end > start && !lexicon::is_time_noun(article.lower(start));
            return named.then_some(start..end);
        }
        // "the agency's report", "The Verge's Stadia review".
        let mut possessive = earlier;
        while possessive > 0
            && earlier - possessive < 3
            && article.tag(possessive - 1) != Tag::POS
            && (article.tag(possessive - 1).is_noun() || article.tag(possessive - 1).is_adjective())
        {
            possessive -= 1;
        }
        if possessive == 0 || article.tag(possessive - 1) != Tag::POS {
            return None;
        }
        let name = &self.names[*self.names_by_end.get(&(possessive - 1))?];
        Some(name.name.clone())
    }

    /// The person that `range` is the name of, titles included ("Senator Chris Coons"), if it
    /// is one person's name and nothing more ("the chairman of the Joint Chiefs" is not).
    fn person_named(&self, range: Range<usize>) -> Option<usize> {
        let mut start = range.start;
        while start < range.end && self.article.tag(start) == Tag::DT {
            start += 1;
        }
        let name = &self.names[*self.names_by_end.get(&range.end)?];
        let whole = name.full.start == start || name.name.start == start;
        (whole
            && name.name.end == range.end
            && self.entities[name.entity].entity_type == EntityType::Person)
            .then_some(name.entity)
    }

    /// "Dr. Joneigh Khaldun of the Michigan Department of Health and Human Services" →
    /// "Dr. Joneigh Khaldun": a source that opens with a person's name followed by a
    /// prepositional phrase ("of", "for", "at", "from", "in", "with") names the person; the
    /// phrase says where they belong, and its own names ("Human Services", "California") are
    /// not the speaker. Only a name that opens the source: in "the Super PAC backing Jeb Bush
    /// for president" Jeb Bush is not the one speaking. An organisation's name before "in" or
    /// "at" is cut the same way: "the CDC in the US" is the CDC, and the place is where it is.
    fn cut_after_person(&self, core: Range<usize>) -> Range<usize> {
        let article = self.article;
        let rules = self.rules;
        let preposition = (core.start + 1..core.end).find(|&token| {
            (rules.contains(Rule::PersonBeforePreposition)
                && matches!(
                    article.lower(token),
                    "of" | "for" | "at" | "from" | "in" | "with"
                )
                && self.person_named(core.start..token).is_some())
                || (rules.contains(Rule::OrganisationBeforePlace)
                    && matches!(article.lower(token), "in" | "at")
                    && self.names_organisation(core.start..token))
        });
        match preposition {
            Some(token) => core.start..token,
            None => core,
        }
    }

    /// Whether `range` is an organisation's name and nothing more, its acronym in brackets
    /// included ("the Centre for Disease Control (CDC)").
    fn names_organisation(&self, range: Range<usize>) -> bool {
        let mut start = range.start;
        while start < range.end && self.article.tag(start) == Tag::DT {
            start += 1;
        }
        let Some(&index) = self.names_by_end.get(&range.end) else {
            return false;
        };
        let name = &self.names[index];
        let ends =
            name.name.end == range.end || name.acronym.is_some_and(|token| token + 2 == range.end);
        (name.full.start == start || name.name.start == start)
            && ends
            && self.entities[name.entity].entity_type == EntityType::Organisation
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

    /// "both Sir Keir and French President Emmanuel Macron" → the two people. An ampersand
    /// joins one name ("Pacific Gas & Electric Co.") unless that rule is off.
    pub(super) fn conjuncts(&self, core: Range<usize>) -> Vec<Range<usize>> {
        let article = self.article;
        let ampersand_joins = self.rules.contains(Rule::AmpersandJoinsNames);
        let mut start = core.start;
        if matches!(article.lower(start), "both" | "either" | "neither") && core.len() > 1 {
            start += 1;
        }
        let mut parts = Vec::new();
        let mut part_start = start;
        for token in start..core.end {
            let conjunction = match article.lower(token) {
                "and" => true,
                "&" => !ampersand_joins,
                _ => false,
            };
            if conjunction && token > part_start && token + 1 < core.end {
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
