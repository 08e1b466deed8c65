//! Who the speakers are: proper-name mentions grouped into entities, and each statement's
//! source mentions (names, pronouns, descriptions) resolved to one of them.
//!
//! Names link by their tokens ("Rutte" and "Sir Keir" to "Mark Rutte" and "Keir Starmer"),
//! pronouns to the nearest compatible antecedent (favouring the last speaker, disfavouring
//! people who were only talked about), descriptions to the entity the article gave that role
//! ("the NATO leader"), or, when nothing earlier fits, to the entity named as the subject of the
//! next sentence (the news lede's "NATO's Secretary General has cautioned … Mark Rutte
//! delivered these comments …").

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use whosaid_tagger::Tag;

use crate::article::{is_acronym, Article};
use crate::lexicon::{self, Gender, Pronoun};
use crate::statements::Found;
use crate::EntityType;

/// An entity under construction, with token ranges for mentions.
#[derive(Clone, Debug)]
pub(crate) struct EntityDraft {
    pub name: String,
    /// The name's words, for linking shorter forms ("Rutte", "Keir").
    name_words: Vec<String>,
    pub entity_type: EntityType,
    pub roles: Vec<String>,
    pub mentions: Vec<Range<usize>>,
    gender: Gender,
    acronym: Option<String>,
    /// Lowercased words of its roles and descriptions, for matching descriptions.
    description_words: HashSet<String>,
}

/// A proper-name mention found in the text.
#[derive(Clone, Debug)]
struct NameMention {
    /// Everything as written: role, honorific and name ("Ukrainian Foreign Minister Andrii Sybiha").
    full: Range<usize>,
    /// The name alone ("Andrii Sybiha").
    name: Range<usize>,
    acronym: Option<usize>,
    entity: usize,
}

pub(crate) struct Resolution {
    pub entities: Vec<EntityDraft>,
    /// For each statement, its speakers (entity indexes).
    pub speakers: Vec<Vec<usize>>,
}

pub(crate) fn resolve(article: &Article, found: &[Found]) -> Resolution {
    let mut resolver = Resolver {
        article,
        entities: Vec::new(),
        names: Vec::new(),
        names_by_end: HashMap::new(),
        names_by_start: HashMap::new(),
        entities_by_word: HashMap::new(),
        name_history: Vec::new(),
        speaker_history: Vec::new(),
        in_content: vec![false; article.len()],
    };
    for statement in found {
        for content in &statement.contents {
            resolver.in_content[content.clone()].fill(true);
        }
    }
    resolver.find_names();
    let mut speakers: Vec<Vec<usize>> = Vec::with_capacity(found.len());
    for statement in found {
        let resolved = if let Some(source) = &statement.source {
            resolver.resolve_source(source.clone())
        } else {
            Vec::new()
        };
        let at = statement.cue.as_ref().map_or_else(
            || statement.contents.first().map_or(0, |c| c.start),
            |c| c.start,
        );
        for &entity in &resolved {
            resolver.speaker_history.push((at, entity));
        }
        speakers.push(resolved);
    }
    Resolution {
        entities: resolver.entities,
        speakers,
    }
}

struct Resolver<'a, 'b> {
    article: &'b Article<'a>,
    entities: Vec<EntityDraft>,
    names: Vec<NameMention>,
    /// Name mentions by the token after their name (or after their acronym's bracket), and by
    /// the first token as written: sources and relative pronouns look names up by position.
    names_by_end: HashMap<usize, usize>,
    names_by_start: HashMap<usize, usize>,
    /// Entities by the lowercased words of their names, so that linking a name looks only at
    /// entities that share a word with it (linear time on long documents).
    entities_by_word: HashMap<String, Vec<usize>>,
    /// (token, entity) of every proper-name mention, in text order.
    name_history: Vec<(usize, usize)>,
    /// (token, entity) of every resolved source, in statement order (nearly text order).
    speaker_history: Vec<(usize, usize)>,
    in_content: Vec<bool>,
}

impl Resolver<'_, '_> {
    fn text(&self, range: Range<usize>) -> &str {
        let a = self.article;
        &a.doc.text[a.doc.byte_range(range)]
    }

    /// The words of `range` joined by single spaces, without possessive endings.
    fn clean_text(&self, range: Range<usize>) -> String {
        let a = self.article;
        let mut out = String::new();
        for k in range {
            if a.tag(k) == Tag::POS || matches!(a.word(k), "’s" | "'s") {
                continue;
            }
            if !out.is_empty()
                && (a.doc.tokens[k].start != a.doc.tokens[k - 1].end || a.tag(k - 1) == Tag::POS)
            {
                out.push(' ');
            }
            out.push_str(a.word(k));
        }
        out
    }

    /// Finds every proper-name run in prose and groups the runs into entities.
    fn find_names(&mut self) {
        let a = self.article;
        let mut k = 0;
        while k < a.len() {
            let starts = a.is_name_token(k)
                || (a.is_capitalised(k)
                    && lexicon::place(a.word(k)).is_some()
                    && k + 1 < a.len()
                    && a.is_name_token(k + 1));
            if !starts || a.in_quote(k) || !a.is_prose_paragraph(a.paragraph_of(k)) {
                k += 1;
                continue;
            }
            let sentence_end = a.sentence(k).end;
            let mut end = k + 1;
            loop {
                if end < sentence_end && a.is_name_token(end) {
                    end += 1;
                    continue;
                }
                // "Institute for the Study of War", "Secretary of State John Kerry"
                if end + 1 < sentence_end && matches!(a.lower(end), "of" | "for") {
                    let mut next = end + 1;
                    if a.lower(next) == "the" {
                        next += 1;
                    }
                    if next < sentence_end && a.is_name_token(next) {
                        end = next + 1;
                        continue;
                    }
                }
                break;
            }
            self.add_name_run(k..end);
            k = end;
            // "(ISW)" after a name is its acronym, not a name of its own.
            if k + 2 < a.len()
                && a.word(k) == "("
                && is_acronym(a.word(k + 1))
                && a.word(k + 2) == ")"
            {
                k += 3;
            }
        }
    }

    fn add_name_run(&mut self, run: Range<usize>) {
        let a = self.article;
        // Split off the role: the name is what follows the last title word or honorific.
        let mut name_start = run.end;
        while name_start > run.start {
            let word = a.word(name_start - 1);
            if lexicon::is_title_word(a.lower(name_start - 1)) || lexicon::honorific(word).is_some()
            {
                break;
            }
            name_start -= 1;
        }
        if name_start == run.end {
            return; // "NATO Secretary General": a description, not a name.
        }
        let mut gender = Gender::Unknown;
        let mut role_end = name_start;
        if name_start > run.start {
            if let Some(g) = lexicon::honorific(a.word(name_start - 1)) {
                gender = g;
                role_end = name_start - 1;
            }
        }
        // A role may also start with lowercase title words before the run: "Kremlin affiliate".
        let mut role_start = run.start;
        let sentence_start = a.sentence(run.start).start;
        while role_start > sentence_start
            && lexicon::is_title_word(a.lower(role_start - 1))
            && !a.in_quote(role_start - 1)
        {
            role_start -= 1;
            while role_start > sentence_start
                && a.is_capitalised(role_start - 1)
                && !a.in_quote(role_start - 1)
            {
                role_start -= 1;
            }
        }
        let role = (role_start < role_end
            && (role_start..role_end).any(|t| lexicon::is_title_word(a.lower(t))))
        .then_some(role_start..role_end);
        let name = name_start..run.end;
        let acronym = (run.end + 2 < a.len()
            && a.word(run.end) == "("
            && is_acronym(a.word(run.end + 1))
            && a.word(run.end + 2) == ")")
            .then_some(run.end + 1);
        let entity_type = self.name_type(&name, role.is_some() || gender != Gender::Unknown);
        let Some(entity_type) = entity_type else {
            return;
        };
        let written_start = if gender != Gender::Unknown || role_end < name_start {
            name_start - 1
        } else {
            name_start
        };
        let full = role.as_ref().map_or(written_start, |r| r.start)..name.end;
        let entity = self.link_name(&name, entity_type, gender, acronym);
        if let Some(role) = &role {
            let role_text = self.clean_text(role.clone());
            self.add_role(entity, role_text);
        }
        if let Some(appositive) = a.appositive_after(
            name.end + acronym.map_or(0, |_| 3),
            a.sentence(name.start).end,
        ) {
            let head = a.lower(a.head_of(&appositive));
            let fits = match self.entities[entity].entity_type {
                EntityType::Person => lexicon::is_person_noun(head),
                EntityType::Organisation => lexicon::is_organisation_noun(head),
                _ => false,
            };
            if fits {
                let mut start = appositive.start;
                while start < appositive.end && matches!(a.tag(start), Tag::DT | Tag::PRPS) {
                    start += 1;
                }
                let role_text = self.clean_text(start..appositive.end);
                self.add_role(entity, role_text);
            }
        }
        self.entities[entity].mentions.push(full.clone());
        self.name_history.push((full.start, entity));
        let index = self.names.len();
        self.names_by_end.insert(name.end, index);
        if let Some(k) = acronym {
            self.names_by_end.insert(k + 2, index);
        }
        self.names_by_start.insert(full.start, index);
        self.names.push(NameMention {
            full,
            name,
            acronym,
            entity,
        });
    }

    /// The type a proper name implies, or `None` for names that are not speakers' (a treaty, a
    /// holiday, a missile).
    fn name_type(&self, name: &Range<usize>, has_person_marker: bool) -> Option<EntityType> {
        let a = self.article;
        let text = self.clean_text(name.clone());
        if has_person_marker {
            return Some(EntityType::Person);
        }
        if lexicon::place(&text).is_some() {
            return Some(EntityType::Place);
        }
        let words: Vec<&str> = name.clone().map(|k| a.word(k)).collect();
        if words.iter().any(|w| lexicon::is_organisation_word(w))
            || (words.len() == 1 && is_acronym(words[0]))
        {
            return Some(EntityType::Organisation);
        }
        const THINGS: &[&str] = &[
            "Memorandum",
            "Agreement",
            "Treaty",
            "Act",
            "Accord",
            "Plan",
            "War",
            "Day",
            "Convention",
            "Protocol",
            "Summit",
            "Olympics",
            "Cup",
            "Award",
            "Prize",
            "Avenue",
            "Road",
            "Square",
            "River",
            "Sea",
            "Ocean",
            "Mountain",
            "Island",
            "Airport",
            "Hotel",
            "Mosque",
            "Cathedral",
            "Palace",
            "Stadium",
            "Arena",
            "Festival",
            "Christmas",
            "Easter",
            "Ramadan",
            "God",
            "Jesus",
            "Internet",
            "Twitter",
            "Facebook",
            "Google",
        ];
        if words.iter().any(|w| THINGS.contains(w)) {
            return None;
        }
        if words.iter().any(|w| lexicon::place(w).is_some()) && words.len() <= 2 {
            return Some(EntityType::Place);
        }
        if words.len() >= 2 {
            return Some(EntityType::Person);
        }
        // One word: a person if it shortens a known person's name, else let a later use decide.
        let lower = words[0].to_lowercase();
        let shortens_a_person = self.entities_by_word.get(&lower).is_some_and(|candidates| {
            candidates
                .iter()
                .any(|&e| self.entities[e].entity_type == EntityType::Person)
        });
        if shortens_a_person {
            return Some(EntityType::Person);
        }
        self.is_subject_of_cue(name).then_some(EntityType::Person)
    }

    fn is_subject_of_cue(&self, name: &Range<usize>) -> bool {
        let a = self.article;
        let mut v = name.end;
        while v < a.len() && a.is_verb_modifier(v) {
            v += 1;
        }
        v < a.len() && a.tag(v).is_verb() && whosaid_attribution::is_reporting_verb(a.lower(v))
    }

    /// The entity a name belongs to: an earlier one whose name contains it (or is contained in
    /// it), else a new one.
    fn link_name(
        &mut self,
        name: &Range<usize>,
        entity_type: EntityType,
        gender: Gender,
        acronym: Option<usize>,
    ) -> usize {
        let a = self.article;
        let text = self.clean_text(name.clone());
        let canonical_place = (entity_type == EntityType::Place)
            .then(|| lexicon::place(&text))
            .flatten();
        let words: Vec<String> = name
            .clone()
            .filter(|&k| a.tag(k) != Tag::POS)
            .map(|k| a.lower(k).to_string())
            .collect();
        let acronym_text = acronym.map(|k| a.word(k).to_string());
        let mut best: Option<usize> = None;
        let mut candidates: Vec<usize> = words
            .iter()
            .chain(canonical_place.map(str::to_lowercase).iter())
            .chain(words.first().filter(|_| words.len() == 1))
            .filter_map(|w| self.entities_by_word.get(w))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        for &index in candidates.iter().rev() {
            let entity = &self.entities[index];
            let same = if let Some(place) = canonical_place {
                entity.entity_type == EntityType::Place && entity.name == place
            } else if entity.entity_type == EntityType::Place {
                false
            } else if words.len() == 1 && entity.acronym.as_deref() == Some(a.word(name.start)) {
                true
            } else {
                let compatible = entity.entity_type == entity_type
                    || (words.len() == 1 && entity.entity_type == EntityType::Person);
                let gender_ok = gender == Gender::Unknown
                    || entity.gender == Gender::Unknown
                    || gender == entity.gender;
                compatible
                    && gender_ok
                    && (words.iter().all(|w| entity.name_words.contains(w))
                        || (entity.name_words.len() == 1
                            && words.contains(&entity.name_words[0])
                            && entity.entity_type == entity_type))
            };
            if same {
                best = Some(index);
                break;
            }
        }
        let index = match best {
            Some(index) => index,
            None => {
                self.entities.push(EntityDraft {
                    name: canonical_place.map_or_else(|| text.clone(), str::to_string),
                    name_words: Vec::new(),
                    entity_type,
                    roles: Vec::new(),
                    mentions: Vec::new(),
                    gender,
                    acronym: None,
                    description_words: HashSet::new(),
                });
                self.entities.len() - 1
            }
        };
        let entity = &mut self.entities[index];
        if entity.gender == Gender::Unknown {
            entity.gender = gender;
        }
        if canonical_place.is_none() && words.len() > entity.name_words.len() {
            entity.name_words = words;
            entity.name = text;
            if entity.entity_type == EntityType::Person && entity_type != EntityType::Person {
                entity.entity_type = entity_type;
            }
        }
        if let Some(acronym) = acronym_text {
            if entity.acronym.is_none() {
                entity.name = format!("{} ({acronym})", entity.name);
                entity.acronym = Some(acronym);
            }
        }
        let words = entity.name_words.clone();
        let place_key =
            (entity.entity_type == EntityType::Place).then(|| entity.name.to_lowercase());
        let acronym_key = entity.acronym.as_ref().map(|a| a.to_lowercase());
        for word in words
            .iter()
            .chain(place_key.iter())
            .chain(acronym_key.iter())
        {
            entity.description_words.insert(word.clone());
            let indexed = self.entities_by_word.entry(word.clone()).or_default();
            if !indexed.contains(&index) {
                indexed.push(index);
            }
        }
        index
    }

    fn add_role(&mut self, entity: usize, role: String) {
        if !says_what_someone_is(&role) {
            return;
        }
        let entity = &mut self.entities[entity];
        for word in role.split_whitespace() {
            entity.description_words.insert(word.to_lowercase());
        }
        if !role.is_empty() && !entity.roles.iter().any(|r| r.eq_ignore_ascii_case(&role)) {
            entity.roles.push(role);
        }
    }

    /// The speakers that a source mention names.
    fn resolve_source(&mut self, source: Range<usize>) -> Vec<usize> {
        let a = self.article;
        let (core, appositive) = self.split_appositive(source.clone());
        let mut speakers = Vec::new();
        for conjunct in self.conjuncts(core) {
            let appositive_name = appositive.as_ref().and_then(|ap| {
                let name = &self.names[*self.names_by_end.get(&ap.end)?];
                (name.full == *ap || name.name == *ap).then_some(name.entity)
            });
            let entity = if let Some(entity) = appositive_name {
                let mut start = conjunct.start;
                while start < conjunct.end && matches!(a.tag(start), Tag::DT) {
                    start += 1;
                }
                let role = self.clean_text(start..conjunct.end);
                self.add_role(entity, role);
                Some(entity)
            } else if (conjunct.len() == 1 && lexicon::pronoun(a.word(conjunct.start)).is_some())
                || lexicon::pronoun(a.word(conjunct.start)) == Some(Pronoun::Relative)
            {
                self.resolve_pronoun(conjunct.start)
            } else if conjunct.len() == 1
                && a.lower(conjunct.start) == "that"
                && a.tag(conjunct.start) == Tag::WDT
            {
                // "the lawmakers that demand …": a relative "that" names its antecedent, if
                // that is a name, and no one otherwise (not an entity called "that").
                self.relative_antecedent(conjunct.start)
            } else if let Some(name) = self
                .names_by_end
                .get(&conjunct.end)
                .map(|&i| &self.names[i])
                .filter(|n| {
                    n.name.end == conjunct.end || n.acronym.is_some_and(|k| k + 2 == conjunct.end)
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
                    while start < appositive.end && matches!(a.tag(start), Tag::DT | Tag::PRPS) {
                        start += 1;
                    }
                    let role = self.clean_text(start..appositive.end);
                    if self.entities[entity].entity_type == EntityType::Person
                        && lexicon::is_person_noun(a.lower(a.head_of(appositive)))
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
    fn split_appositive(&self, source: Range<usize>) -> (Range<usize>, Option<Range<usize>>) {
        let a = self.article;
        // "Mehmet Oz — Ivy League-trained surgeon and daytime TV star" is set off by a dash.
        match source
            .clone()
            .find(|&k| matches!(a.word(k), "," | "—" | "–" | "--"))
        {
            Some(mark) if mark > source.start && mark + 1 < source.end => {
                (source.start..mark, Some(mark + 1..source.end))
            }
            _ => (source, None),
        }
    }

    /// "both Sir Keir and French President Emmanuel Macron" → the two people.
    fn conjuncts(&self, core: Range<usize>) -> Vec<Range<usize>> {
        let a = self.article;
        let mut start = core.start;
        if matches!(a.lower(start), "both" | "either" | "neither") && core.len() > 1 {
            start += 1;
        }
        let mut parts = Vec::new();
        let mut part_start = start;
        for k in start..core.end {
            if matches!(a.lower(k), "and" | "&") && k > part_start && k + 1 < core.end {
                let left_proper = a.tag(k - 1).is_proper_noun();
                let right_proper = (k + 1..core.end).any(|t| a.tag(t).is_proper_noun());
                if left_proper && right_proper {
                    parts.push(part_start..k);
                    part_start = k + 1;
                }
            }
        }
        parts.push(part_start..core.end);
        parts
    }

    fn resolve_pronoun(&mut self, k: usize) -> Option<usize> {
        let a = self.article;
        let pronoun = lexicon::pronoun(a.word(k))?;
        if pronoun == Pronoun::Relative {
            return self.relative_antecedent(k);
        }
        if pronoun == Pronoun::Deictic {
            return None;
        }
        let sentence = a.sentence_of[k];
        let mut best: Option<(f32, usize)> = None;
        for (at, entity, is_speaker) in self.recent_mentions(k, 4) {
            let distance = sentence - a.sentence_of[at];
            let e = &self.entities[entity];
            let compatible = match pronoun {
                Pronoun::He => e.entity_type == EntityType::Person && e.gender != Gender::Female,
                Pronoun::She => e.entity_type == EntityType::Person && e.gender != Gender::Male,
                Pronoun::It => {
                    matches!(e.entity_type, EntityType::Organisation | EntityType::Place)
                }
                Pronoun::They => e.entity_type != EntityType::Person,
                _ => false,
            };
            if !compatible {
                continue;
            }
            let mut score = -(distance as f32) + at as f32 * 1e-6;
            if is_speaker {
                score += 2.0;
            }
            if self.in_content[at] {
                score -= 1.5;
            }
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, entity));
            }
        }
        let (_, entity) = best?;
        let e = &mut self.entities[entity];
        if e.gender == Gender::Unknown {
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
    fn relative_antecedent(&mut self, k: usize) -> Option<usize> {
        let a = self.article;
        let lo = a.sentence(k).start;
        let mut end = k;
        if end > lo && a.word(end - 1) == "," {
            end -= 1;
        }
        // Over an appositive: back to the comma that opens it.
        let mut candidates = vec![end];
        let mut j = end;
        while j > lo + 1 && end - j < 30 {
            j -= 1;
            if a.word(j) == "," {
                candidates.push(j);
                break;
            }
        }
        candidates
            .into_iter()
            .rev()
            .find_map(|end| self.names_by_end.get(&end).map(|&i| self.names[i].entity))
    }

    /// Mentions (token, entity, is a speaker's) before token `k`, at most `sentences` sentences
    /// back.
    fn recent_mentions(&self, k: usize, sentences: usize) -> Vec<(usize, usize, bool)> {
        let a = self.article;
        let sentence = a.sentence_of[k];
        let first_sentence = sentence.saturating_sub(sentences);
        let window_start = a.doc.sentences[first_sentence].tokens.start;
        let from = self
            .name_history
            .partition_point(|&(at, _)| at < window_start);
        let mut mentions: Vec<(usize, usize, bool)> = self.name_history[from..]
            .iter()
            .take_while(|&&(at, _)| at < k)
            .map(|&(at, entity)| (at, entity, false))
            .collect();
        // Speakers were resolved in statement order, which is text order up to a few tokens.
        for &(at, entity) in self.speaker_history.iter().rev() {
            if a.sentence_of[at] + 1 < first_sentence {
                break;
            }
            if at < k && at >= window_start {
                mentions.push((at, entity, true));
            }
        }
        mentions
    }

    fn resolve_description(&mut self, description: Range<usize>) -> Option<usize> {
        let a = self.article;
        // "who co-authored a paper … arguing": a document speaks for its author.
        if lexicon::is_document_noun(a.lower(description.end - 1)) && description.start > 0 {
            let mut verb = description.start;
            while verb > 0 && a.is_verb_modifier(verb - 1) {
                verb -= 1;
            }
            if verb > 0 && a.tag(verb - 1).is_verb() {
                if let Some(author) = a.subject_of(verb - 1, 1) {
                    if let Some(&entity) = self.resolve_source(author).first() {
                        return Some(entity);
                    }
                }
            }
        }
        let head = description.end - 1;
        let head_word = a.lower(head).to_string();
        let entity_type = if lexicon::is_organisation_noun(&head_word) {
            EntityType::Organisation
        } else if matches!(head_word.as_str(), "nation" | "country") {
            EntityType::Place
        } else if a.tag(head) == Tag::NNS || a.tag(head) == Tag::NNPS {
            EntityType::Group
        } else {
            EntityType::Person
        };
        let first = a.lower(description.start);
        let indefinite = matches!(
            first,
            "a" | "an" | "one" | "another" | "some" | "many" | "several"
        );
        let words: Vec<String> = description
            .clone()
            .filter(|&t| !matches!(a.tag(t), Tag::DT | Tag::POS | Tag::PRPS | Tag::PDT))
            .map(|t| a.lower(t).to_string())
            .filter(|w| {
                !matches!(
                    w.as_str(),
                    "former" | "previous" | "new" | "current" | "top" | "senior" | "other"
                )
            })
            .collect();
        if !indefinite && entity_type != EntityType::Group {
            if let Some(entity) =
                self.description_antecedent(&words, &head_word, entity_type, description.start)
            {
                return Some(entity);
            }
        }
        if let Some(entity) = self.cataphoric_name(description.clone(), entity_type) {
            let mut start = description.start;
            while start < description.end && matches!(a.tag(start), Tag::DT) {
                start += 1;
            }
            let role = self.clean_text(start..description.end);
            self.add_role(entity, role);
            return Some(entity);
        }
        // An entity that the article describes but never names.
        let name = self.text(description.clone()).to_string();
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

    /// The most recent entity whose roles or descriptions share the description's words.
    fn description_antecedent(
        &self,
        words: &[String],
        head: &str,
        entity_type: EntityType,
        before: usize,
    ) -> Option<usize> {
        let mut best: Option<(f32, usize)> = None;
        for (at, entity, _) in self.recent_mentions(before, 60) {
            let e = &self.entities[entity];
            if e.entity_type != entity_type {
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

    /// A description that the next sentence names: its subject, if a proper name of the same
    /// type that was not mentioned before.
    fn cataphoric_name(&self, description: Range<usize>, entity_type: EntityType) -> Option<usize> {
        let a = self.article;
        let next_sentence = a.sentence_of[description.start] + 1;
        let sentence = a.doc.sentences.get(next_sentence)?;
        let mut subject_start = sentence.tokens.start;
        while subject_start < sentence.tokens.end && matches!(a.tag(subject_start), Tag::DT) {
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

/// Whether a role says what someone is ("former CEO", "U.S. President", "NATO Secretary
/// General"): a word in lower case, or a title or a noun for a person. Names and other
/// capitalised words alone ("Fiorina", "AP", "First") are what a wrong split of a headline or
/// a list leaves, not roles.
fn says_what_someone_is(role: &str) -> bool {
    // Title words that only modify another ("First Lady", "Vice President").
    const MODIFIERS: &[&str] = &["first", "vice", "prime", "deputy", "acting"];
    if MODIFIERS.contains(&role.trim().to_lowercase().as_str()) {
        return false;
    }
    role.split_whitespace().any(|word| {
        let lower = word.to_lowercase();
        word.chars().next().is_some_and(char::is_lowercase)
            || lexicon::is_title_word(&lower)
            || lexicon::is_person_noun(lower.trim_end_matches('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_says_what_someone_is() {
        for role in [
            "former CEO",
            "U.S. President",
            "NATO Secretary General",
            "Prime Minister",
            "Presumptive GOP nominee",
            "Spokeswoman",
        ] {
            assert!(says_what_someone_is(role), "{role}");
        }
        // What wrong splits of headlines and lists left as roles of Donald Trump.
        for role in [
            "Fiorina",
            "Clinton",
            "AP",
            "First",
            "Trump",
            "Hewlett-Packard",
        ] {
            assert!(!says_what_someone_is(role), "{role}");
        }
    }
}
