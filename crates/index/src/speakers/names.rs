//! How the index compares speakers' names: the key of a name (first, middle initials, last
//! name and suffix for people; the words of anything else), and the word-level helpers the
//! identity rules in the parent module use. A module of its own because what counts as the
//! same name is a question apart from how identities are kept up to date.

use serde::{Deserialize, Serialize};

/// A name as the index compares it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NameKey {
    /// A person's first and last name, with the initials of the middle names (maybe none).
    Full {
        /// The first name.
        first: String,
        /// The initials of the middle names, in order ("hw" for "Herbert Walker").
        middle: String,
        /// The last name.
        last: String,
        /// A generational suffix ("jr", "iii"), or empty.
        suffix: String,
    },
    /// A person named by one word only: a surname, most of the time.
    Bare {
        /// The one word.
        surname: String,
        /// A generational suffix, or empty.
        suffix: String,
    },
    /// Anything else, by its words.
    Other(String),
}

impl NameKey {
    /// The key of a speaker's name; `None` when the name has no word in it.
    pub fn of(name: &str, person: bool) -> Option<NameKey> {
        NameKey::parse(name, person, true)
    }

    /// The key of a name a user typed, as a person's: in any case ("berg").
    pub(super) fn of_query(name: &str) -> Option<NameKey> {
        NameKey::parse(name, true, false)
    }

    fn parse(name: &str, person: bool, as_written: bool) -> Option<NameKey> {
        let mut written: Vec<&str> = name.split_whitespace().collect();
        // "Bernie Sanders of Vermont": the place is not part of the name.
        if let Some(of) = written
            .iter()
            .position(|w| *w == "of")
            .filter(|&at| at >= 2)
        {
            written.truncate(of);
        }
        // "the New Jersey governor" is a person, but its words are no name to match on.
        if !person || (as_written && !is_proper_name(&written)) {
            let words = words(name);
            return (!words.is_empty()).then(|| NameKey::Other(words.join(" ")));
        }
        let mut words = words(&written.join(" "));
        while words.len() > 1 && TITLES.contains(&words[0].as_str()) {
            words.remove(0);
        }
        let mut suffix = String::new();
        if words.len() > 1 && SUFFIXES.contains(&words[words.len() - 1].as_str()) {
            suffix = words.pop().unwrap_or_default();
        }
        match words.len() {
            0 => None,
            1 => Some(NameKey::Bare {
                surname: words.remove(0),
                suffix,
            }),
            n => Some(NameKey::Full {
                first: words[0].clone(),
                middle: words[1..n - 1]
                    .iter()
                    .filter_map(|w| w.chars().next())
                    .collect(),
                last: words[n - 1].clone(),
                suffix,
            }),
        }
    }

    /// A full name's first and last name and suffix: the group that decides about middles.
    pub(super) fn group(&self) -> Option<GroupKey> {
        match self {
            NameKey::Full {
                first,
                last,
                suffix,
                ..
            } => Some((first.clone(), last.clone(), suffix.clone())),
            _ => None,
        }
    }
}

/// First name, last name, suffix.
pub(super) type GroupKey = (String, String, String);

/// Leading words that are titles, not names ("Sen.", "Lt. Col.", "Democrat"), after
/// [`words`] has dropped the dots.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "rev",
    "reverend",
    "hon",
    "mme",
    "madam",
    "president",
    "pres",
    "vice",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "mayor",
    "lt",
    "col",
    "gen",
    "general",
    "sgt",
    "capt",
    "captain",
    "maj",
    "adm",
    "admiral",
    "cmdr",
    "judge",
    "justice",
    "secretary",
    "minister",
    "chancellor",
    "former",
    "rival",
    "candidate",
    "nominee",
    "democrat",
    "democratic",
    "republican",
    "gop",
];

const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// Whether `name` is written as a proper name: every word capitalised, but for the particles
/// of names ("Ursula von der Leyen", "Charles de Gaulle"), and not opening with a determiner.
fn is_proper_name(words: &[&str]) -> bool {
    const PARTICLES: &[&str] = &[
        "al", "bin", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "el",
        "ibn", "la", "le", "ten", "ter", "van", "von", "y",
    ];
    const DETERMINERS: &[&str] = &["The", "A", "An", "This", "That", "These", "Those"];
    if words
        .first()
        .is_some_and(|first| DETERMINERS.contains(first))
    {
        return false;
    }
    words.iter().all(|word| {
        let first = word.chars().find(|c| c.is_alphanumeric());
        first.is_some_and(|c| c.is_uppercase() || c.is_numeric()) || PARTICLES.contains(word)
    })
}

/// The words of a name, lower-cased, keeping letters, digits, inner hyphens and apostrophes
/// ("Mark R. Rutte" → mark, r, rutte; "O'Rourke" → o'rourke).
fn words(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(|word| {
            let kept: String = word
                .chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’'))
                .flat_map(char::to_lowercase)
                .map(|c| if c == '’' { '\'' } else { c })
                .collect();
            kept.trim_matches(['-', '\'']).to_owned()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// A role as roles are compared: lower-cased words without punctuation ("U.S. President" →
/// "us president").
pub(super) fn role_key(role: &str) -> String {
    words(role).join(" ")
}

/// The slug of an identity's deciding words: the id users see.
pub(super) fn slug(words: &[&str]) -> String {
    let parts: Vec<String> = words
        .iter()
        .map(|word| word.chars().filter(|c| c.is_alphanumeric()).collect())
        .filter(|word: &String| !word.is_empty())
        .collect();
    parts.join("-")
}
