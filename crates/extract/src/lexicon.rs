//! Word lists the rules rely on: role nouns, honorifics, organisation and place words,
//! pronouns (the reporting verbs live with the labeller, in `whosaid-attribution`). They are
//! data, kept here in one place so that the rules read as rules.
//!
//! This file is one word table and stays one file, though it is longer than the others: it
//! holds no logic to split by, only lists, and whoever adds a word should find every list the
//! rules consult in one place (the places are in `data/places.txt`).

use std::collections::HashMap;
use std::sync::OnceLock;

/// Verbs of communication beyond the labeller's reporting verbs, as lemmas: how people say,
/// ask, praise, condemn, disclose and write things (after Levin's classes of verbs of
/// communication and of judgement). Only [`is_communication_word`] reads them, to tell a cue
/// that reports from one that narrates an event; the labeller's own list is part of its
/// trained features and cannot grow without retraining it.
const COMMUNICATION_VERBS: &[&str] = &[
    "advise",
    "air",
    "allude",
    "apologise",
    "apologize",
    "applaud",
    "argue",
    "assail",
    "attest",
    "blast",
    "blog",
    "brag",
    "brief",
    "broadcast",
    "castigate",
    "chide",
    "clarify",
    "commend",
    "concur",
    "condemn",
    "congratulate",
    "convey",
    "counsel",
    "cry",
    "decry",
    "defend",
    "demur",
    "denounce",
    "deride",
    "detail",
    "disclose",
    "discuss",
    "dismiss",
    "divulge",
    "downplay",
    "echo",
    "elaborate",
    "email",
    "exclaim",
    "express",
    "fault",
    "forewarn",
    "grumble",
    "hail",
    "highlight",
    "hypothesize",
    "hypothesise",
    "inquire",
    "enquire",
    "interject",
    "lambaste",
    "lecture",
    "message",
    "mock",
    "mourn",
    "mutter",
    "murmur",
    "object",
    "opine",
    "outline",
    "plead",
    "posit",
    "preach",
    "proclaim",
    "profess",
    "protest",
    "publish",
    "query",
    "rant",
    "reassure",
    "rebuke",
    "rebut",
    "recite",
    "recount",
    "refer",
    "refute",
    "reassert",
    "relay",
    "reprimand",
    "request",
    "retweet",
    "ridicule",
    "rule",
    "scoff",
    "scold",
    "scream",
    "slam",
    "sneer",
    "specify",
    "stammer",
    "summarise",
    "summarize",
    "surmise",
    "swear",
    "tease",
    "testify",
    "text",
    "thank",
    "theorise",
    "theorize",
    "tout",
    "underline",
    "underscore",
    "vent",
    "verify",
    "voice",
    "volunteer",
    "wail",
    "welcome",
    "whisper",
    "criticise",
    "emphasise",
    "recognise",
    "realise",
    "characterise",
    "characterize",
    "acknowledge",
    "concede",
    "insist",
    "question",
    "challenge",
    "contest",
    "accept",
    "approve",
    "appeal",
    "beg",
    "implore",
    "invite",
    "order",
    "petition",
    "pray",
    "press",
    "lobby",
    "campaign",
    "sue",
    "charge",
    "rate",
    "label",
    "brand",
    "dub",
];

/// Irregular forms of [`COMMUNICATION_VERBS`] (those that double their last consonant, which
/// `whosaid_attribution::inflections` does not make for them), and nouns that name a statement
/// ("in a statement", "his remarks", "a tweet").
const COMMUNICATION_WORDS: &[&str] = &[
    "swore",
    "sworn",
    "begged",
    "begging",
    "blogged",
    "blogging",
    "bragged",
    "bragging",
    "concurred",
    "concurring",
    "counselled",
    "counselling",
    "demurred",
    "demurring",
    "dubbed",
    "dubbing",
    "labelled",
    "labelling",
    "rebutted",
    "rebutting",
    "referred",
    "referring",
    "slammed",
    "slamming",
    "cried",
    "cries",
    "statement",
    "statements",
    "comment",
    "comments",
    "remark",
    "remarks",
    "interview",
    "interviews",
    "tweet",
    "tweets",
    "post",
    "posts",
    "letter",
    "letters",
    "testimony",
    "announcement",
    "announcements",
    "words",
    "claim",
    "claims",
    "speech",
    "address",
    "memo",
    "filing",
    "filings",
    "email",
    "emails",
    "note",
    "notes",
    "message",
    "messages",
    "release",
    "briefing",
    "conference",
    "op-ed",
    "essay",
    "column",
    "blog",
    "video",
    "podcast",
    "letter",
    "warning",
    "warnings",
    "plea",
    "appeal",
    "criticism",
    "praise",
    "denial",
    "admission",
    "account",
    "version",
    "view",
    "views",
    "question",
    "questions",
    "answer",
    "answers",
    "reply",
    "response",
    "accusation",
    "accusations",
    "allegation",
    "allegations",
    "assurance",
    "assurances",
    "promise",
    "promises",
    "pledge",
    "vow",
    "threat",
    "threats",
    "complaint",
    "complaints",
    "ruling",
    "verdict",
    "report",
    "reports",
    "study",
    "survey",
    "poll",
    "findings",
    "estimate",
];

/// Whether a lowercased word is a form of a verb of communication or a noun naming a
/// statement ([`COMMUNICATION_VERBS`], [`COMMUNICATION_WORDS`]).
pub fn is_communication_word(lowercase: &str) -> bool {
    static FORMS: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    FORMS
        .get_or_init(|| {
            let mut forms: std::collections::HashSet<String> =
                COMMUNICATION_WORDS.iter().map(|w| w.to_string()).collect();
            let mut verb_forms = Vec::new();
            for &lemma in COMMUNICATION_VERBS {
                whosaid_attribution::inflections(lemma, "", "", &mut verb_forms);
            }
            forms.extend(verb_forms);
            forms
        })
        .contains(lowercase)
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

/// The gender an honorific or a resolved pronoun tells of a person, so that "she" does not
/// resolve to a "Mr.". Most names tell none.
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
        // "the 56-year-old said": an age said of someone.
        || (lowercase.ends_with("-year-old") && lowercase.len() > "-year-old".len())
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
                | "agent"
                | "owner"
                | "employee"
                | "guitarist"
                | "musician"
                | "artist"
                | "athlete"
                | "pilot"
                | "farmer"
                | "victim"
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
            | "label"
            | "studio"
            | "publisher"
            | "broadcaster"
            | "retailer"
            | "carmaker"
            | "automaker"
            | "manufacturer"
            | "startup"
            | "utility"
            | "airline"
            | "carrier"
            | "insurer"
            | "lender"
            | "chain"
            | "operator"
            | "supplier"
            | "chipmaker"
            | "maker"
            | "conglomerate"
            | "nonprofit"
            | "regulator"
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
            | "reports"
            | "studies"
            | "letters"
            | "statements"
            | "review"
            | "reviews"
            | "analysis"
            | "guidelines"
            | "guidance"
            | "findings"
            | "survey"
            | "poll"
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
            | "Productions"
            | "Records"
            | "Studios"
            | "Entertainment"
            | "Pictures"
            | "Holdings"
            // A club's or a company's legal form, closing its name ("Harbor City FC",
            // "Siemens AG").
            | "FC"
            | "AFC"
            | "CF"
            | "SC"
            | "AG"
            | "SA"
            | "NV"
            | "PLC"
            | "LLP"
            | "GmbH"
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

/// The gender a first name hints at ("Emily" → female), for names that name one gender far
/// more often than the other (`data/first-names.txt`); none for others.
pub fn first_name_gender(word: &str) -> Option<Gender> {
    static TABLE: OnceLock<HashMap<&'static str, Gender>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            FIRST_NAMES
                .lines()
                .filter(|line| !line.starts_with('#'))
                .filter_map(|line| {
                    let (name, gender) = line.split_once('\t')?;
                    let gender = match gender.trim() {
                        "f" => Gender::Female,
                        "m" => Gender::Male,
                        _ => return None,
                    };
                    Some((name.trim(), gender))
                })
                .collect()
        })
        .get(word)
        .copied()
}

/// One first name a line, a tab, and `f` or `m`.
const FIRST_NAMES: &str = include_str!("../data/first-names.txt");

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

/// The pronoun `word` is, in any case and form ("him", "their"), if it can be a source.
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
    fn first_names_hint_one_gender_or_none() {
        assert_eq!(first_name_gender("Emily"), Some(Gender::Female));
        assert_eq!(first_name_gender("Andrew"), Some(Gender::Male));
        // Given to both, or not a first name: no hint.
        assert_eq!(first_name_gender("Jordan"), None);
        assert_eq!(first_name_gender("Taylor"), None);
        assert_eq!(first_name_gender("emily"), None);
        // The file's comment lines are no names.
        assert_eq!(first_name_gender("#"), None);
    }

    #[test]
    fn an_age_is_said_of_a_person_and_a_document_may_be_plural() {
        assert!(is_person_noun("56-year-old"));
        assert!(!is_person_noun("-year-old"));
        assert!(!is_person_noun("year"));
        assert!(is_document_noun("reports"));
        assert!(is_document_noun("review"));
        assert!(!is_document_noun("reporter"));
    }

    #[test]
    fn places_and_demonyms() {
        assert_eq!(place("Ukrainian"), Some("Ukraine"));
        assert_eq!(place("US"), Some("United States"));
        assert_eq!(place("Brussels"), Some("Brussels"));
        assert_eq!(place("Rutte"), None);
    }
}
