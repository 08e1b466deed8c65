//! Word lists the rules rely on: reporting verbs with their inflections, role nouns, honorifics,
//! organisation and place words, pronouns. They are data, kept here in one place so that the
//! rules read as rules.

use std::collections::HashMap;
use std::sync::OnceLock;

/// How a reporting verb introduces what was said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Complement {
    /// A clause, quote or noun phrase follows directly: said (that) …, announced …
    Clause,
    /// An addressee comes first: told reporters (that) …, warned allies …
    Addressee,
    /// An infinitive or clause: vowed to …, urged … to …
    Infinitive,
}

/// A reporting verb's entry.
#[derive(Clone, Copy, Debug)]
pub struct CueVerb {
    pub complement: Complement,
    /// Prior belief that the verb reports speech when it has a source and a content.
    pub prior: f32,
}

/// (lemma, irregular past, irregular past participle, complement, prior).
const CUE_VERBS: &[(&str, &str, &str, Complement, f32)] = &[
    ("say", "said", "said", Complement::Clause, 0.95),
    ("tell", "told", "told", Complement::Addressee, 0.9),
    ("state", "", "", Complement::Clause, 0.9),
    ("add", "", "", Complement::Clause, 0.85),
    ("note", "", "", Complement::Clause, 0.85),
    ("explain", "", "", Complement::Clause, 0.85),
    ("claim", "", "", Complement::Clause, 0.9),
    ("argue", "", "", Complement::Clause, 0.9),
    ("insist", "", "", Complement::Clause, 0.9),
    ("assert", "", "", Complement::Clause, 0.9),
    ("caution", "", "", Complement::Clause, 0.85),
    ("warn", "", "", Complement::Addressee, 0.85),
    ("announce", "", "", Complement::Clause, 0.85),
    ("declare", "", "", Complement::Clause, 0.85),
    ("write", "wrote", "written", Complement::Clause, 0.85),
    ("comment", "", "", Complement::Clause, 0.85),
    ("remark", "", "", Complement::Clause, 0.85),
    ("reply", "", "", Complement::Clause, 0.85),
    ("respond", "", "", Complement::Clause, 0.8),
    ("acknowledge", "", "", Complement::Clause, 0.85),
    ("admit", "", "", Complement::Clause, 0.85),
    ("concede", "", "", Complement::Clause, 0.85),
    ("affirm", "", "", Complement::Clause, 0.85),
    ("emphasize", "", "", Complement::Clause, 0.8),
    ("emphasise", "", "", Complement::Clause, 0.8),
    ("stress", "", "", Complement::Clause, 0.8),
    ("contend", "", "", Complement::Clause, 0.85),
    ("maintain", "", "", Complement::Clause, 0.75),
    ("predict", "", "", Complement::Clause, 0.8),
    ("urge", "", "", Complement::Infinitive, 0.8),
    ("deny", "", "", Complement::Clause, 0.8),
    ("reveal", "", "", Complement::Clause, 0.75),
    ("confirm", "", "", Complement::Clause, 0.8),
    ("complain", "", "", Complement::Clause, 0.8),
    ("tweet", "", "", Complement::Clause, 0.85),
    ("testify", "", "", Complement::Clause, 0.85),
    ("mention", "", "", Complement::Clause, 0.7),
    ("recall", "", "", Complement::Clause, 0.75),
    ("report", "", "", Complement::Clause, 0.75),
    ("allege", "", "", Complement::Clause, 0.85),
    ("proclaim", "", "", Complement::Clause, 0.85),
    ("vow", "", "", Complement::Infinitive, 0.85),
    ("pledge", "", "", Complement::Infinitive, 0.85),
    ("promise", "", "", Complement::Infinitive, 0.8),
    ("threaten", "", "", Complement::Infinitive, 0.75),
    ("boast", "", "", Complement::Clause, 0.8),
    ("quip", "", "", Complement::Clause, 0.85),
    ("joke", "", "", Complement::Clause, 0.8),
    ("observe", "", "", Complement::Clause, 0.75),
    ("suggest", "", "", Complement::Clause, 0.75),
    ("indicate", "", "", Complement::Clause, 0.75),
    ("express", "", "", Complement::Clause, 0.7),
    ("convey", "", "", Complement::Clause, 0.75),
    ("ask", "", "", Complement::Addressee, 0.75),
    ("wonder", "", "", Complement::Clause, 0.7),
    ("counter", "", "", Complement::Clause, 0.75),
    ("retort", "", "", Complement::Clause, 0.85),
    ("charge", "", "", Complement::Clause, 0.6),
    ("accuse", "", "", Complement::Addressee, 0.7),
    ("estimate", "", "", Complement::Clause, 0.7),
    ("conclude", "", "", Complement::Clause, 0.7),
    ("reiterate", "", "", Complement::Clause, 0.85),
    ("repeat", "", "", Complement::Clause, 0.7),
    ("agree", "", "", Complement::Clause, 0.6),
    ("signal", "", "", Complement::Clause, 0.65),
    ("hint", "", "", Complement::Clause, 0.7),
    ("speculate", "", "", Complement::Clause, 0.75),
    ("lament", "", "", Complement::Clause, 0.75),
    ("exclaim", "", "", Complement::Clause, 0.85),
    ("continue", "", "", Complement::Clause, 0.4),
    ("clarify", "", "", Complement::Clause, 0.7),
    ("demand", "", "", Complement::Clause, 0.75),
    ("assure", "", "", Complement::Addressee, 0.8),
    ("reassure", "", "", Complement::Addressee, 0.75),
    ("inform", "", "", Complement::Addressee, 0.75),
    ("remind", "", "", Complement::Addressee, 0.75),
    ("advise", "", "", Complement::Addressee, 0.65),
    ("recommend", "", "", Complement::Clause, 0.65),
    ("propose", "", "", Complement::Clause, 0.65),
    ("argue", "", "", Complement::Clause, 0.9),
    ("believe", "", "", Complement::Clause, 0.6),
    ("think", "thought", "thought", Complement::Clause, 0.5),
    ("fear", "", "", Complement::Clause, 0.55),
    ("hope", "", "", Complement::Clause, 0.5),
    ("worry", "", "", Complement::Clause, 0.55),
    ("doubt", "", "", Complement::Clause, 0.55),
    ("feel", "felt", "felt", Complement::Clause, 0.45),
    ("know", "knew", "known", Complement::Clause, 0.4),
    ("find", "found", "found", Complement::Clause, 0.45),
    ("show", "", "shown", Complement::Clause, 0.5),
    ("rule", "", "", Complement::Clause, 0.6),
    ("cite", "", "", Complement::Clause, 0.55),
    ("describe", "", "", Complement::Clause, 0.5),
    ("call", "", "", Complement::Addressee, 0.45),
    ("criticize", "", "", Complement::Clause, 0.5),
    ("criticise", "", "", Complement::Clause, 0.5),
    ("blame", "", "", Complement::Clause, 0.5),
    ("praise", "", "", Complement::Clause, 0.45),
    ("acknowledge", "", "", Complement::Clause, 0.85),
    ("posit", "", "", Complement::Clause, 0.8),
    ("contest", "", "", Complement::Clause, 0.6),
    ("dispute", "", "", Complement::Clause, 0.6),
    ("recount", "", "", Complement::Clause, 0.75),
    ("shout", "", "", Complement::Clause, 0.8),
    ("yell", "", "", Complement::Clause, 0.8),
    ("whisper", "", "", Complement::Clause, 0.8),
    ("scream", "", "", Complement::Clause, 0.8),
    ("mutter", "", "", Complement::Clause, 0.8),
    ("muse", "", "", Complement::Clause, 0.8),
    ("write", "wrote", "written", Complement::Clause, 0.85),
    ("post", "", "", Complement::Clause, 0.5),
    ("declare", "", "", Complement::Clause, 0.85),
    ("explain", "", "", Complement::Clause, 0.85),
    ("elaborate", "", "", Complement::Clause, 0.7),
    ("question", "", "", Complement::Clause, 0.6),
    ("demur", "", "", Complement::Clause, 0.7),
    ("opine", "", "", Complement::Clause, 0.85),
];

/// Verbs whose `-ed`/`-ing` forms double the final consonant.
const DOUBLING: &[&str] = &[
    "admit", "quip", "regret", "commit", "submit", "omit", "refer",
];

fn inflections(lemma: &str, past: &str, participle: &str) -> Vec<String> {
    let mut forms = vec![lemma.to_string()];
    let bytes = lemma.as_bytes();
    let last = bytes[bytes.len() - 1];
    let before_last = bytes
        .get(bytes.len().wrapping_sub(2))
        .copied()
        .unwrap_or(b'a');
    let consonant_y = last == b'y' && !b"aeiou".contains(&before_last);
    let stem = &lemma[..lemma.len() - 1];
    forms.push(if consonant_y {
        format!("{stem}ies")
    } else if lemma.ends_with('s') || lemma.ends_with("sh") || lemma.ends_with("ch") {
        format!("{lemma}es")
    } else {
        format!("{lemma}s")
    });
    let doubled = DOUBLING.contains(&lemma);
    let regular_past = if consonant_y {
        format!("{stem}ied")
    } else if last == b'e' {
        format!("{lemma}d")
    } else if doubled {
        format!("{lemma}{}ed", last as char)
    } else {
        format!("{lemma}ed")
    };
    forms.push(if past.is_empty() {
        regular_past.clone()
    } else {
        past.to_string()
    });
    forms.push(if participle.is_empty() {
        regular_past
    } else {
        participle.to_string()
    });
    forms.push(if last == b'e' && !lemma.ends_with("ee") {
        format!("{stem}ing")
    } else if doubled {
        format!("{lemma}{}ing", last as char)
    } else {
        format!("{lemma}ing")
    });
    forms
}

/// The reporting verb that a lowercased word form belongs to, if any.
pub fn cue_verb(lowercase_form: &str) -> Option<&'static CueVerb> {
    static TABLE: OnceLock<HashMap<String, CueVerb>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            let mut table = HashMap::new();
            for &(lemma, past, participle, complement, prior) in CUE_VERBS {
                for form in inflections(lemma, past, participle) {
                    table.entry(form).or_insert(CueVerb { complement, prior });
                }
            }
            table
        })
        .get(lowercase_form)
}

/// Honorifics that precede a name and are not part of it, with the gender they imply.
pub fn honorific(word: &str) -> Option<Gender> {
    match word {
        "Mr." | "Mr" | "Sir" | "Lord" | "Messrs." => Some(Gender::Male),
        "Mrs." | "Mrs" | "Ms." | "Ms" | "Miss" | "Dame" | "Lady" | "Mme." | "Madam" => {
            Some(Gender::Female)
        }
        "Dr." | "Dr" | "Prof." | "Rev." | "Hon." => Some(Gender::Unknown),
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    Unknown,
}

/// Title words that can stand before a person's name as part of a role ("Foreign Minister
/// Andrii Sybiha", "Gen. Smith"), lowercased.
pub fn is_title_word(lowercase: &str) -> bool {
    const TITLES: &[&str] = &[
        "president",
        "president-elect",
        "vice",
        "prime",
        "minister",
        "secretary",
        "general",
        "gen.",
        "sen.",
        "senator",
        "rep.",
        "representative",
        "gov.",
        "governor",
        "mayor",
        "chancellor",
        "chairman",
        "chairwoman",
        "chair",
        "ambassador",
        "envoy",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "director",
        "chief",
        "commissioner",
        "judge",
        "justice",
        "attorney",
        "leader",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "cardinal",
        "bishop",
        "rabbi",
        "imam",
        "sheikh",
        "colonel",
        "col.",
        "lt.",
        "lieutenant",
        "captain",
        "capt.",
        "sgt.",
        "sergeant",
        "major",
        "maj.",
        "admiral",
        "adm.",
        "commander",
        "marshal",
        "officer",
        "deputy",
        "foreign",
        "defence",
        "defense",
        "interior",
        "finance",
        "health",
        "home",
        "state",
        "executive",
        "ceo",
        "cfo",
        "founder",
        "co-founder",
        "head",
        "speaker",
        "premier",
        "emir",
        "minority",
        "majority",
        "whip",
        "coach",
        "manager",
        "superintendent",
        "sheriff",
        "detective",
        "inspector",
        "professor",
        "prof.",
        "dr.",
        "economist",
        "analyst",
        "adviser",
        "advisor",
        "candidate",
        "nominee",
        "sen",
        "rep",
        "congressman",
        "congresswoman",
        "assemblyman",
        "assemblywoman",
        "councilman",
        "councilwoman",
        "lawmaker",
        "delegate",
        "sec.",
        "atty.",
        "affiliate",
        "official",
        "reporter",
        "correspondent",
        "editor",
        "columnist",
        "author",
        "writer",
        "activist",
        "lawyer",
        "attorney-general",
        "strategist",
        "pollster",
        "consultant",
        "aide",
        "operative",
        "chairperson",
        "treasurer",
        "senior",
        "former",
        "acting",
        "interim",
        "first",
        "lady",
        "dep.",
        "supt.",
        "insp.",
        "det.",
        "pres.",
        "cmdr.",
        "brig.",
    ];
    TITLES.contains(&lowercase)
}

/// Nouns that head a description of a person ("the NATO leader", "a former general").
pub fn is_person_noun(lowercase: &str) -> bool {
    is_title_word(lowercase)
        || matches!(
            lowercase,
            "man"
                | "woman"
                | "source"
                | "sources"
                | "diplomat"
                | "diplomats"
                | "officials"
                | "expert"
                | "experts"
                | "analysts"
                | "leaders"
                | "critics"
                | "critic"
                | "supporters"
                | "supporter"
                | "voters"
                | "voter"
                | "residents"
                | "resident"
                | "people"
                | "person"
                | "witness"
                | "witnesses"
                | "investigators"
                | "investigator"
                | "researchers"
                | "researcher"
                | "scientist"
                | "scientists"
                | "prosecutor"
                | "prosecutors"
                | "lawmakers"
                | "politician"
                | "politicians"
                | "billionaire"
                | "businessman"
                | "businesswoman"
                | "mogul"
                | "star"
                | "actor"
                | "actress"
                | "singer"
                | "player"
                | "players"
                | "democrat"
                | "democrats"
                | "republican"
                | "republicans"
                | "conservative"
                | "conservatives"
                | "liberal"
                | "liberals"
                | "ministers"
                | "officers"
                | "aides"
                | "advisers"
                | "doctor"
                | "doctors"
                | "nurse"
                | "teacher"
                | "student"
                | "students"
                | "worker"
                | "workers"
                | "father"
                | "mother"
                | "son"
                | "daughter"
                | "wife"
                | "husband"
                | "friend"
                | "colleague"
                | "counterpart"
                | "counterparts"
                | "partners"
                | "partner"
                | "allies"
                | "ally"
                | "observers"
                | "insiders"
                | "insider"
                | "proponents"
                | "opponents"
                | "opponent"
                | "rival"
                | "rivals"
                | "campaigner"
                | "campaigners"
                | "protesters"
                | "protester"
                | "mr."
                | "mrs."
                | "ms."
                | "sir"
                | "he"
                | "she"
                | "veteran"
                | "veterans"
                | "tycoon"
        )
}

/// Nouns that head a description of an organisation ("the think tank", "the ministry").
pub fn is_organisation_noun(lowercase: &str) -> bool {
    matches!(
        lowercase,
        "tank"
            | "institute"
            | "institution"
            | "university"
            | "party"
            | "council"
            | "committee"
            | "ministry"
            | "department"
            | "agency"
            | "commission"
            | "company"
            | "firm"
            | "corporation"
            | "bank"
            | "newspaper"
            | "paper"
            | "magazine"
            | "network"
            | "association"
            | "foundation"
            | "union"
            | "alliance"
            | "organisation"
            | "organization"
            | "court"
            | "congress"
            | "senate"
            | "parliament"
            | "government"
            | "administration"
            | "campaign"
            | "group"
            | "center"
            | "centre"
            | "fund"
            | "board"
            | "office"
            | "service"
            | "army"
            | "military"
            | "police"
            | "team"
            | "club"
            | "coalition"
            | "cabinet"
            | "kremlin"
            | "embassy"
            | "regime"
            | "authority"
            | "authorities"
            | "watchdog"
            | "charity"
            | "bureau"
            | "league"
            | "federation"
            | "society"
            | "academy"
            | "school"
            | "hospital"
            | "station"
            | "outlet"
            | "website"
            | "site"
            | "poll"
            | "survey"
            | "study"
            | "report"
            | "statement"
            | "letter"
            | "spokesman's"
            | "legislature"
            | "assembly"
            | "navy"
            | "forces"
            | "media"
            | "press"
            | "nato"
            | "un"
            | "eu"
            | "fbi"
            | "cia"
            | "pentagon"
            | "house"
            | "state"
            | "county"
            | "city"
            | "nation"
            | "country"
    )
}

/// Nouns for texts that speak for their authors ("a paper arguing …").
pub fn is_document_noun(lowercase: &str) -> bool {
    matches!(
        lowercase,
        "paper"
            | "report"
            | "study"
            | "letter"
            | "statement"
            | "article"
            | "book"
            | "op-ed"
            | "memo"
            | "essay"
            | "column"
            | "post"
            | "tweet"
            | "email"
            | "speech"
            | "filing"
    )
}

/// Words inside a proper name that make it an organisation's.
pub fn is_organisation_word(word: &str) -> bool {
    matches!(
        word,
        "Institute"
            | "University"
            | "Party"
            | "Council"
            | "Committee"
            | "Ministry"
            | "Department"
            | "Agency"
            | "Commission"
            | "Company"
            | "Corporation"
            | "Corp."
            | "Inc."
            | "Ltd"
            | "Ltd."
            | "LLC"
            | "Bank"
            | "Times"
            | "News"
            | "Post"
            | "Journal"
            | "Association"
            | "Foundation"
            | "Union"
            | "Alliance"
            | "Organisation"
            | "Organization"
            | "Court"
            | "Congress"
            | "Senate"
            | "Parliament"
            | "Government"
            | "Administration"
            | "Campaign"
            | "Group"
            | "Center"
            | "Centre"
            | "Fund"
            | "Board"
            | "Office"
            | "Service"
            | "Army"
            | "Police"
            | "Club"
            | "Coalition"
            | "Cabinet"
            | "Kremlin"
            | "Embassy"
            | "Bureau"
            | "League"
            | "Federation"
            | "Society"
            | "Academy"
            | "School"
            | "Hospital"
            | "Network"
            | "Press"
            | "Reuters"
            | "Tribune"
            | "Herald"
            | "Guardian"
            | "Telegraph"
            | "Street"
            | "Pentagon"
            | "Navy"
            | "Forces"
            | "Institution"
            | "Authority"
            | "Assembly"
            | "Democrats"
            | "Republicans"
            | "Labour"
            | "Conservatives"
            | "NATO"
            | "House"
            | "Commission's"
            | "Systems"
            | "Technologies"
            | "Industries"
            | "Airlines"
            | "Motors"
            | "Media"
            | "Broadcasting"
            | "Co."
            | "Group's"
            | "Fed"
            | "Reserve"
            | "Treasury"
            | "FBI"
            | "CIA"
            | "UN"
            | "EU"
            | "WHO"
            | "IMF"
            | "OPEC"
            | "GOP"
            | "ISW"
            | "BBC"
            | "CNN"
            | "AP"
            | "AFP"
            | "Politico"
            | "Breitbart"
    )
}

/// Countries, regions and large cities that appear as speakers or speakers' affiliations
/// ("Ukraine has firmly maintained …"), with demonyms mapped to them.
pub fn place(word: &str) -> Option<&'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            let mut table = HashMap::new();
            for line in PLACES.lines() {
                let mut names = line.split(',').map(str::trim).filter(|n| !n.is_empty());
                if let Some(canonical) = names.next() {
                    table.insert(canonical, canonical);
                    for alias in names {
                        table.insert(alias, canonical);
                    }
                }
            }
            table
        })
        .get(word)
        .copied()
}

/// One place a line: its name, then other names and demonyms that point to it.
const PLACES: &str = include_str!("../data/places.txt");

/// Personal pronouns that can be a source, with what they can refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pronoun {
    He,
    She,
    They,
    It,
    /// I, we, you: the speaker is the author or the quoted speaker themself.
    Deictic,
    /// who, which, that: a relative pronoun whose antecedent is the noun phrase before it.
    Relative,
}

pub fn pronoun(word: &str) -> Option<Pronoun> {
    match word.to_lowercase().as_str() {
        "he" | "him" | "his" | "himself" => Some(Pronoun::He),
        "she" | "her" | "hers" | "herself" => Some(Pronoun::She),
        "they" | "them" | "their" | "themselves" => Some(Pronoun::They),
        "it" | "its" | "itself" => Some(Pronoun::It),
        "i" | "we" | "you" | "me" | "us" | "my" | "our" | "your" => Some(Pronoun::Deictic),
        "who" | "which" | "whom" => Some(Pronoun::Relative),
        _ => None,
    }
}

/// Nouns of time that look like noun phrases but never speak ("earlier this year").
pub fn is_time_noun(lowercase: &str) -> bool {
    matches!(
        lowercase,
        "year"
            | "years"
            | "month"
            | "months"
            | "week"
            | "weeks"
            | "day"
            | "days"
            | "today"
            | "yesterday"
            | "tomorrow"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "morning"
            | "afternoon"
            | "evening"
            | "night"
            | "time"
            | "hour"
            | "hours"
            | "minute"
            | "minutes"
            | "decade"
            | "weekend"
            | "ago"
            | "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "interview"
            | "statement"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflects_reporting_verbs() {
        for form in [
            "said", "says", "saying", "told", "tells", "stated", "states", "stating",
        ] {
            assert!(cue_verb(form).is_some(), "{form}");
        }
        for form in [
            "cautioned",
            "insisted",
            "vowing",
            "denies",
            "admitted",
            "quipped",
            "wrote",
        ] {
            assert!(cue_verb(form).is_some(), "{form}");
        }
        assert!(cue_verb("asserted").is_some_and(|v| v.complement == Complement::Clause));
        assert!(cue_verb("table").is_none());
    }

    #[test]
    fn places_and_demonyms() {
        assert_eq!(place("Ukrainian"), Some("Ukraine"));
        assert_eq!(place("US"), Some("United States"));
        assert_eq!(place("Brussels"), Some("Brussels"));
        assert_eq!(place("Rutte"), None);
    }
}
