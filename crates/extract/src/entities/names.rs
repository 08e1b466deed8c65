//! Proper names: finding every run of name tokens in prose, typing it (person, organisation,
//! place, or not a speaker at all), and grouping the runs into entities, with the roles the
//! article gives them ("Foreign Minister Andrii Sybiha", "Mark Rutte, NATO's secretary
//! general").

use std::collections::HashSet;
use std::ops::Range;
use whosaid_tagger::Tag;

use super::{EntityDraft, NameMention, Resolver};
use crate::article::is_acronym;
use crate::lexicon::{self, Gender};
use crate::rules::Rule;
use crate::EntityType;

impl Resolver<'_, '_> {
    /// Finds every proper-name run in prose and groups the runs into entities.
    pub(super) fn find_names(&mut self) {
        let article = self.article;
        // The acronyms the article writes, which "and" may join a name to spell: gathered the
        // first time an "and" stands between names, which most articles never have.
        let mut acronyms: Option<HashSet<&str>> = None;
        let mut token = 0;
        while token < article.len() {
            let starts = article.is_name_token(token)
                || (article.is_capitalised(token)
                    && lexicon::place(article.word(token)).is_some()
                    && token + 1 < article.len()
                    && article.is_name_token(token + 1))
                || (self.rules.contains(Rule::SurnameOpeningAClause)
                    && self.is_known_surname_opening_a_clause(token));
            if !starts
                || article.in_quote(token)
                || !article.is_prose_paragraph(article.paragraph_of(token))
            {
                token += 1;
                continue;
            }
            let sentence_end = article.sentence(token).end;
            let mut end = token + 1;
            loop {
                if end < sentence_end && article.is_name_token(end) {
                    end += 1;
                    continue;
                }
                // "Pacific Gas & Electric Co.", "Procter & Gamble": an ampersand between
                // names joins them into one.
                if end + 1 < sentence_end
                    && article.word(end) == "&"
                    && article.is_name_token(end + 1)
                    && self.rules.contains(Rule::AmpersandJoinsNames)
                {
                    end += 2;
                    continue;
                }
                // "Customs and Border Protection": "and" between names joins them when the
                // article writes the joined name's initials ("CBP"), the way agencies are
                // named; otherwise "and" lists two ("Gannett and GateHouse").
                if end + 1 < sentence_end
                    && article.lower(end) == "and"
                    && article.is_name_token(end + 1)
                    && self.rules.contains(Rule::AndJoinsAnAcronymsName)
                {
                    let mut joined_end = end + 2;
                    while joined_end < sentence_end && article.is_name_token(joined_end) {
                        joined_end += 1;
                    }
                    let acronyms = acronyms.get_or_insert_with(|| {
                        (0..article.len())
                            .map(|k| article.word(k))
                            .filter(|word| is_acronym(word))
                            .collect()
                    });
                    if self
                        .initials(&(token..joined_end))
                        .is_some_and(|initials| acronyms.contains(initials.as_str()))
                    {
                        end = joined_end;
                        continue;
                    }
                }
                // "Institute for the Study of War", "Secretary of State John Kerry". But a
                // name after an honorific is a person's, and the phrase after it says where
                // they work: "Dr. Jane Roe | of the Health Department".
                let person = lexicon::honorific(article.word(token)).is_some();
                if !person && end + 1 < sentence_end && matches!(article.lower(end), "of" | "for") {
                    let mut next = end + 1;
                    if article.lower(next) == "the" {
                        next += 1;
                    }
                    // "Rosa Diaz | of California": a person's name before "of" and a place
                    // after it is where the person is from, not one name. An organisation's
                    // name keeps its place ("University of California", "Bank of England").
                    let from_place = self.rules.contains(Rule::PersonOfAPlace)
                        && lexicon::place(article.word(next)).is_some()
                        && !(token..end).any(|k| lexicon::is_organisation_word(article.word(k)));
                    // "Penelope Muse Abernathy | of the University of North Carolina": a name of
                    // two words or more with no organisation's or title's word in it, before an
                    // organisation, is a person's, and the organisation is where they work.
                    let person_of_organisation = self.rules.contains(Rule::PersonOfAnOrganisation)
                        && end - token >= 2
                        && next < sentence_end
                        && lexicon::is_organisation_word(article.word(next))
                        && !(token..end).any(|k| {
                            lexicon::is_organisation_word(article.word(k))
                                || lexicon::is_title_word(article.lower(k))
                        });
                    if next < sentence_end
                        && article.is_name_token(next)
                        && !from_place
                        && !person_of_organisation
                    {
                        end = next + 1;
                        continue;
                    }
                }
                break;
            }
            // "a VW Atlas Cross Sport SUV", "VOA Pentagon correspondent": an acronym that opens
            // a run of other capitalised words is an organisation of its own, and what follows
            // it names something of the organisation's (a product, a beat), not the
            // organisation. A place's acronym ("US Army"), a second acronym ("CBS DFW") and a
            // title after it ("NASA Administrator Jim Bridenstine") keep the run whole.
            let acronym_opens = self.rules.contains(Rule::AcronymOpensAnotherName)
                && end - token >= 2
                && is_acronym(article.word(token))
                && lexicon::place(article.word(token)).is_none()
                && article.is_capitalised(token + 1)
                && !is_acronym(article.word(token + 1))
                && !lexicon::is_title_word(article.lower(token + 1))
                && !lexicon::is_organisation_word(article.word(end - 1));
            // "a compatible Samsung TV", "Jane Roe MP": an acronym closing a run of other words
            // names a product or a post; the words before it are the name ("Samsung said" is
            // not the TV).
            let acronym_closes = self.rules.contains(Rule::AcronymClosesAProductName)
                && end - token >= 2
                && is_acronym(article.word(end - 1))
                && !is_roman_numeral(article.word(end - 1))
                && (token..end - 1).all(|k| !is_acronym(article.word(k)))
                && !lexicon::is_organisation_word(article.word(end - 1));
            if acronym_opens {
                self.add_name_run(token..token + 1);
                self.add_name_run(token + 1..end);
            } else if acronym_closes {
                self.add_name_run(token..end - 1);
            } else {
                self.add_name_run(token..end);
            }
            token = end;
            // "(ISW)" after a name is its acronym, not a name of its own.
            if token + 2 < article.len()
                && article.word(token) == "("
                && is_acronym(article.word(token + 1))
                && article.word(token + 2) == ")"
            {
                token += 3;
            }
        }
    }

    /// "Young, in his testimony, …" after "Tom Young": a capitalised word that opens a clause
    /// is read as a common word ("young"), but when it is the last word of a person named
    /// before and stands alone as a subject (a comma, a verb or a possessive follows, not a
    /// noun it would modify), it is that person's surname.
    fn is_known_surname_opening_a_clause(&self, token: usize) -> bool {
        let article = self.article;
        if !article.is_capitalised(token)
            || !article.is_clause_initial(token)
            || article.in_quote(token)
            || token + 1 >= article.len()
        {
            return false;
        }
        let next = token + 1;
        let stands_alone = matches!(article.word(next), "," | "’s" | "'s")
            || article.tag(next) == Tag::POS
            || article.tag(next).is_verb();
        let lower = article.lower(token);
        stands_alone
            && self.entities_by_word.get(lower).is_some_and(|candidates| {
                candidates.iter().any(|&e| {
                    let entity = &self.entities[e];
                    entity.entity_type == EntityType::Person
                        && entity.name_words.len() >= 2
                        && entity.name_words.last().is_some_and(|w| w == lower)
                })
            })
    }

    /// Adds one run of name tokens: splits off the role and honorific before the name
    /// ("Ukrainian Foreign Minister | Andrii Sybiha"), types it, links it to its entity and
    /// records the role and any appositive that says what the entity is. A run that is all
    /// title ("NATO Secretary General") is a description, and names nobody here.
    pub(super) fn add_name_run(&mut self, run: Range<usize>) {
        let article = self.article;
        // Split off the role: the name is what follows the last title word or honorific. But
        // a run that ends in an organisation's word is the organisation's name whole: its
        // title-like words name what it does ("the Interior Ministry", "the Foreign Office").
        let mut name_start = run.end;
        if lexicon::is_organisation_word(article.word(run.end - 1)) {
            name_start = run.start;
        }
        while name_start > run.start {
            let word = article.word(name_start - 1);
            // "Home Depot", "Health Canada", "State Farm": a word that makes a title only
            // with a head after it ("Home Secretary") ends no role before a name, unless a
            // title's "of" makes it the title's domain ("Secretary of State Mike Pompeo").
            let modifier_alone = self.rules.contains(Rule::TitleModifiersNeedAHead)
                && is_title_modifier(article.lower(name_start - 1))
                && !lexicon::is_title_word(article.lower(name_start))
                && !(name_start >= run.start + 2 && article.lower(name_start - 2) == "of");
            if (lexicon::is_title_word(article.lower(name_start - 1)) && !modifier_alone)
                || lexicon::honorific(word).is_some()
            {
                break;
            }
            name_start -= 1;
        }
        if name_start == run.end {
            return; // "NATO Secretary General": a description, not a name.
        }
        // "High Commissioner for Human Rights": what follows a title's "of" or "for" is the
        // title's domain, not a name of the one who holds it.
        if name_start > run.start && matches!(article.lower(name_start), "of" | "for") {
            return;
        }
        let mut gender = Gender::Unknown;
        let mut role_end = name_start;
        if name_start > run.start {
            if let Some(g) = lexicon::honorific(article.word(name_start - 1)) {
                gender = g;
                role_end = name_start - 1;
            }
        }
        // A role may also start with lowercase title words before the run: "Kremlin affiliate".
        let mut role_start = run.start;
        let sentence_start = article.sentence(run.start).start;
        while role_start > sentence_start
            && lexicon::is_title_word(article.lower(role_start - 1))
            && !article.in_quote(role_start - 1)
        {
            role_start -= 1;
            while role_start > sentence_start
                && article.is_capitalised(role_start - 1)
                && !article.in_quote(role_start - 1)
            {
                role_start -= 1;
            }
        }
        // "a former NASA astronaut": a name before a common noun modifies that noun, and the
        // title words before it are the noun's ("former … astronaut"), not the name's.
        let attributive = self.rules.contains(Rule::AttributiveNamesTakeNoRole)
            && role_start < run.start
            && run.end < article.len()
            && matches!(article.tag(run.end), Tag::NN | Tag::NNS)
            && !article.is_capitalised(run.end);
        let role = (role_start < role_end
            && !attributive
            && (role_start..role_end).any(|t| lexicon::is_title_word(article.lower(t))))
        .then_some(role_start..role_end);
        let name = name_start..run.end;
        let acronym = (run.end + 2 < article.len()
            && article.word(run.end) == "("
            && is_acronym(article.word(run.end + 1))
            && article.word(run.end + 2) == ")")
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
        // "Emily Maitlis": a first name that names one gender hints at it, for pronouns. Only
        // before a surname: alone, "Warren" may be Elizabeth Warren.
        let gender = match gender {
            Gender::Unknown
                if self.rules.contains(Rule::FirstNameGender)
                    && entity_type == EntityType::Person
                    && name.len() >= 2 =>
            {
                lexicon::first_name_gender(article.word(name.start)).unwrap_or(gender)
            }
            _ => gender,
        };
        let entity = self.link_name(&name, entity_type, gender, acronym);
        if let Some(role) = &role {
            let role_text = self.clean_text(role.clone());
            self.add_role(entity, role_text);
        }
        if let Some(appositive) = article.appositive_after(
            name.end + acronym.map_or(0, |_| 3),
            article.sentence(name.start).end,
        ) {
            let head = article.lower(article.head_of(&appositive));
            let fits = match self.entities[entity].entity_type {
                EntityType::Person => lexicon::is_person_noun(head),
                EntityType::Organisation => lexicon::is_organisation_noun(head),
                _ => false,
            };
            if fits {
                let mut start = appositive.start;
                while start < appositive.end && matches!(article.tag(start), Tag::DT | Tag::PRPS) {
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
        if let Some(token) = acronym {
            self.names_by_end.insert(token + 2, index);
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
    pub(super) fn name_type(
        &self,
        name: &Range<usize>,
        has_person_marker: bool,
    ) -> Option<EntityType> {
        let article = self.article;
        let text = self.clean_text(name.clone());
        if has_person_marker {
            return Some(EntityType::Person);
        }
        if lexicon::place(&text).is_some() {
            return Some(EntityType::Place);
        }
        let words: Vec<&str> = name.clone().map(|token| article.word(token)).collect();
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
        // Words that end the names of places people visit, never a person's name ("Central
        // Park", "Tower Bridge"); a surname such as "Park" opens Korean names, not ends them.
        const PLACE_ENDINGS: &[&str] = &["Park", "Bridge", "Tower", "Lake", "Valley", "Gardens"];
        if words.len() >= 2 && words.last().is_some_and(|w| PLACE_ENDINGS.contains(w)) {
            return None;
        }
        // "Virginia Giuffre", "Georgia Lane": a place's name (not a demonym: "British Realm")
        // is also a first name, and a second word that names no kind of place makes the two a
        // person's name.
        const PLACE_HEADS: &[&str] = &[
            "City",
            "County",
            "State",
            "Province",
            "Region",
            "Beach",
            "Island",
            "Islands",
            "Bay",
            "Coast",
            "Peninsula",
            "Republic",
            "Kingdom",
            "Capital",
            "Strip",
            "Bank",
        ];
        let first_name_of_place = words.len() == 2
            && lexicon::place(words[0]) == Some(words[0])
            && lexicon::place(words[1]).is_none()
            && !PLACE_HEADS.contains(&words[1])
            && !is_acronym(words[1]);
        if words.iter().any(|w| lexicon::place(w).is_some())
            && words.len() <= 2
            && !first_name_of_place
        {
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
        // "McClatchy" after "McClatchy Co.": the organisation spoken of again.
        let shortens_an_organisation = self.rules.contains(Rule::ShortNameOfAnOrganisation)
            && self.entities_by_word.get(&lower).is_some_and(|candidates| {
                candidates.iter().any(|&e| {
                    let entity = &self.entities[e];
                    entity.entity_type == EntityType::Organisation && entity.name_words.len() >= 2
                })
            });
        if shortens_an_organisation {
            return Some(EntityType::Organisation);
        }
        self.is_subject_of_cue(name).then_some(EntityType::Person)
    }

    /// Whether a one-word name is the subject of a reporting verb ("Fiorina said"): only people
    /// and organisations speak, and a single unknown word gets the benefit of the doubt as a
    /// person.
    pub(super) fn is_subject_of_cue(&self, name: &Range<usize>) -> bool {
        let article = self.article;
        let mut v = name.end;
        while v < article.len() && article.is_verb_modifier(v) {
            v += 1;
        }
        v < article.len()
            && article.tag(v).is_verb()
            && whosaid_attribution::is_reporting_verb(article.lower(v))
    }

    /// The entity a name belongs to: an earlier one whose name contains it (or is contained in
    /// it), else a new one.
    pub(super) fn link_name(
        &mut self,
        name: &Range<usize>,
        entity_type: EntityType,
        gender: Gender,
        acronym: Option<usize>,
    ) -> usize {
        let article = self.article;
        let text = self.clean_text(name.clone());
        let canonical_place = (entity_type == EntityType::Place)
            .then(|| lexicon::place(&text))
            .flatten();
        // Marks that mask a name ("Jo** Al****") are no words of it.
        let words: Vec<String> = name
            .clone()
            .filter(|&token| article.tag(token) != Tag::POS)
            .map(|token| article.lower(token).to_string())
            .filter(|word| word.chars().any(char::is_alphanumeric))
            .collect();
        let acronym_text = acronym.map(|token| article.word(token).to_string());
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
            } else if words.len() == 1
                && entity.acronym.as_deref() == Some(article.word(name.start))
            {
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
        // "the EU" and "the European Union": an acronym and the name whose initials spell it
        // are one entity, whichever comes first.
        let initials =
            if canonical_place.is_some() || !self.rules.contains(Rule::AcronymLinksFullName) {
                None
            } else if words.len() == 1 && is_acronym(article.word(name.start)) {
                // "PG&E" for "Pacific Gas & Electric": the ampersand has no initial.
                Some((true, article.word(name.start).replace('&', "")))
            } else {
                self.initials(name).map(|initials| (false, initials))
            };
        if best.is_none() {
            best = initials
                .as_ref()
                .and_then(|(acronym, key)| self.entities_by_initials.get(&(!acronym, key.clone())))
                .copied()
                .filter(|&index| self.entities[index].entity_type != EntityType::Place);
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
        if let Some(key) = initials {
            self.entities_by_initials.entry(key).or_insert(index);
        }
        let entity = &mut self.entities[index];
        if entity.gender == Gender::Unknown {
            entity.gender = gender;
        }
        // A longer name replaces a shorter one when it completes it ("Donald Trump" for
        // "Trump", "European Union" for "EU"), not when it names something of the entity's
        // ("Samsung TV" for "Samsung", "Trump Tower"): a name ends in its head.
        let completes = entity.name_words.is_empty()
            || entity.name_words.last() == words.last()
            || (entity.name_words.len() == 1 && is_acronym(&entity.name));
        if canonical_place.is_none() && words.len() > entity.name_words.len() && completes {
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
        let acronym_key = entity
            .acronym
            .as_ref()
            .map(|acronym| acronym.to_lowercase());
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

    /// The initials of a name of two words or more, all capitalised but for "of", "the",
    /// "for" and "and" ("EU" for "European Union", "IMF" for "International Monetary Fund").
    fn initials(&self, name: &Range<usize>) -> Option<String> {
        let article = self.article;
        let mut initials = String::new();
        for token in name.clone() {
            // Words with no initial, a company's legal form among them ("Pacific Gas & Electric
            // Co." is "PG&E").
            if matches!(
                article.lower(token),
                "of" | "the"
                    | "for"
                    | "and"
                    | "&"
                    | "co."
                    | "co"
                    | "inc."
                    | "inc"
                    | "corp."
                    | "corp"
                    | "ltd"
                    | "ltd."
                    | "llc"
                    | "plc"
            ) {
                continue;
            }
            if article.tag(token) == Tag::POS {
                return None;
            }
            let first = article.word(token).chars().next()?;
            if !first.is_uppercase() {
                return None;
            }
            initials.push(first);
        }
        (initials.chars().count() >= 2).then_some(initials)
    }

    /// Adds `role` to the entity's roles if it says what someone is (see
    /// [`says_what_someone_is`]), and its words to those that descriptions match against.
    pub(super) fn add_role(&mut self, entity: usize, role: String) {
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
}

/// "II", "III", "IV": a generation's numeral, which closes a person's name.
fn is_roman_numeral(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// Title words that make a title only with a head after them ("Home Secretary", "Foreign
/// Minister", "Vice President"), never alone.
fn is_title_modifier(lowercase: &str) -> bool {
    matches!(
        lowercase,
        "home"
            | "foreign"
            | "interior"
            | "finance"
            | "health"
            | "defence"
            | "defense"
            | "state"
            | "vice"
            | "prime"
            | "deputy"
            | "minority"
            | "majority"
            | "executive"
            | "senior"
    )
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
