//! One identity per real speaker across articles.
//!
//! Within an article the extractor already gives each speaker its fullest name ("Mark Rutte"
//! for "Rutte", "He", "The NATO leader"), with roles split off ("NATO Secretary General").
//! Across articles, names are matched with evidence, never on a surname alone:
//!
//! - the same full name (case, dots and spacing aside) is the same speaker;
//! - the same first and last name with a middle name or initial more or less ("Mark R. Rutte")
//!   is the same speaker;
//! - a bare surname ("Rutte") joins the one speaker of the corpus with that surname; if there
//!   are several, the one sharing a role with it, and if that does not settle it, none: it
//!   stays an identity of its own, so two Smiths are never merged without evidence.
//!
//! A bare surname seen before any full name with it gets an identity of its own; when the
//! first full name with that surname arrives, the bare identity is merged into it ([`Speakers::take_merges`]
//! says which, for the index to rewrite its statements), unless another full name shares the
//! surname by then. Merges are decided as statements come in, in their order; identities read
//! back from an index are taken as they were written.
//!
//! Identity ids are slugs of the first name seen ("mark-rutte"), so they are stable across
//! re-indexing of the same corpus.

use std::collections::{BTreeSet, HashMap};

/// A known speaker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub id: String,
    pub name: String,
    /// Roles seen with the name, lower-cased, for telling namesakes apart.
    pub roles: BTreeSet<String>,
}

/// The identities of an index, rebuilt from its documents when it opens.
#[derive(Debug, Default)]
pub struct Speakers {
    identities: Vec<Identity>,
    by_key: HashMap<String, usize>,
    by_first_last: HashMap<(String, String), usize>,
    by_surname: HashMap<String, Vec<usize>>,
    by_id: HashMap<String, usize>,
    /// Bare-surname identities merged into a full name since the last [`take_merges`].
    merges: Vec<(String, usize)>,
}

impl Speakers {
    /// The identity of a speaker named `name` with `roles`, created if new.
    pub fn resolve(&mut self, name: &str, roles: &[String]) -> &Identity {
        let index = match self.find(name, roles) {
            Some(index) => index,
            None => self.insert(name, None, true),
        };
        let identity = &mut self.identities[index];
        identity
            .roles
            .extend(roles.iter().map(|role| role.to_lowercase()));
        &self.identities[index]
    }

    /// Records an identity read back from the index (so that its id is kept).
    pub fn restore(&mut self, id: &str, name: &str, roles: &[String]) {
        let index = match self.by_id.get(id) {
            Some(&index) => index,
            // Identities read back are as they were written: who merges with whom was decided
            // when the statements came in, in their order, which reading back does not keep.
            None => self.insert(name, Some(id.to_owned()), false),
        };
        let identity = &mut self.identities[index];
        identity
            .roles
            .extend(roles.iter().map(|role| role.to_lowercase()));
    }

    pub fn get(&self, id: &str) -> Option<&Identity> {
        self.by_id.get(id).map(|&index| &self.identities[index])
    }

    /// The identity a user means by `name_or_id`: an id, or a name as [`resolve`] would match
    /// it, without creating anything.
    pub fn lookup(&self, name_or_id: &str) -> Option<&Identity> {
        self.get(name_or_id).or_else(|| {
            self.find(name_or_id, &[])
                .map(|index| &self.identities[index])
        })
    }

    pub fn all(&self) -> &[Identity] {
        &self.identities
    }

    /// The merges since the last call: (the bare identity's id, the identity it joined).
    pub fn take_merges(&mut self) -> Vec<(String, Identity)> {
        std::mem::take(&mut self.merges)
            .into_iter()
            .map(|(from, to)| (from, self.identities[to].clone()))
            .collect()
    }

    /// Points a bare surname's identity at the one full name with that surname.
    fn merge(&mut self, bare: usize, full: usize) {
        let bare_id = self.identities[bare].id.clone();
        self.by_id.insert(bare_id.clone(), full);
        if let Some(key) = words(&self.identities[bare].name).pop() {
            self.by_key.insert(key, full);
        }
        let roles = self.identities[bare].roles.clone();
        self.identities[full].roles.extend(roles);
        self.merges.push((bare_id, full));
    }

    fn find(&self, name: &str, roles: &[String]) -> Option<usize> {
        let words = words(name);
        match words.len() {
            0 => None,
            1 => self
                .surname_match(&words[0], roles)
                .or_else(|| self.by_key.get(&words[0]).copied()),
            _ => self.by_key.get(&words.join(" ")).copied().or_else(|| {
                let first_last = (words[0].clone(), words[words.len() - 1].clone());
                self.by_first_last.get(&first_last).copied()
            }),
        }
    }

    /// The one full-named speaker a bare surname can mean: the only one with that surname,
    /// else the only one sharing a role with it.
    fn surname_match(&self, surname: &str, roles: &[String]) -> Option<usize> {
        let candidates = self.by_surname.get(surname)?;
        let roles: BTreeSet<String> = roles.iter().map(|role| role.to_lowercase()).collect();
        let sharing: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&index| !self.identities[index].roles.is_disjoint(&roles))
            .collect();
        match (&candidates[..], &sharing[..]) {
            (_, [only]) => Some(*only),
            // Roles are written in too many ways ("U.S. President", "president") to count
            // against the only candidate there is.
            ([only], []) => Some(*only),
            _ => None,
        }
    }

    fn insert(&mut self, name: &str, id: Option<String>, may_merge: bool) -> usize {
        let words = words(name);
        let index = self.identities.len();
        let id = id.unwrap_or_else(|| self.fresh_id(&words));
        self.identities.push(Identity {
            id: id.clone(),
            name: name.split_whitespace().collect::<Vec<_>>().join(" "),
            roles: BTreeSet::new(),
        });
        self.by_id.insert(id, index);
        if !words.is_empty() {
            self.by_key.entry(words.join(" ")).or_insert(index);
        }
        if words.len() >= 2 {
            let first_last = (words[0].clone(), words[words.len() - 1].clone());
            self.by_first_last.entry(first_last).or_insert(index);
            let surname = &words[words.len() - 1];
            self.by_surname
                .entry(surname.clone())
                .or_default()
                .push(index);
            // The first full name for a surname seen bare before: the bare one was this one.
            if may_merge && self.by_surname[surname].len() == 1 {
                let bare = self.by_key.get(surname).copied();
                if let Some(bare) = bare.filter(|&b| word_count(&self.identities[b].name) == 1) {
                    self.merge(bare, index);
                }
            }
        }
        index
    }

    fn fresh_id(&self, words: &[String]) -> String {
        let slug = if words.is_empty() {
            "speaker".to_owned()
        } else {
            words.join("-")
        };
        let mut id = slug.clone();
        let mut n = 2;
        while self.by_id.contains_key(&id) {
            id = format!("{slug}-{n}");
            n += 1;
        }
        id
    }
}

fn word_count(name: &str) -> usize {
    words(name).len()
}

/// The words of a name, lower-cased, without dots and other punctuation ("Mark R. Rutte" →
/// mark, r, rutte).
fn words(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .map(|word| {
            word.chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(list: &[&str]) -> Vec<String> {
        list.iter().map(|r| r.to_string()).collect()
    }

    #[test]
    fn full_names_and_variants_are_one_speaker() {
        let mut speakers = Speakers::default();
        let rutte = speakers
            .resolve("Mark Rutte", &roles(&["NATO Secretary General"]))
            .id
            .clone();
        assert_eq!(rutte, "mark-rutte");
        assert_eq!(speakers.resolve("mark  rutte", &[]).id, rutte);
        assert_eq!(speakers.resolve("Mark R. Rutte", &[]).id, rutte);
        assert_eq!(speakers.resolve("Rutte", &[]).id, rutte, "the only Rutte");
    }

    #[test]
    fn namesakes_are_not_merged_without_evidence() {
        let mut speakers = Speakers::default();
        let john = speakers
            .resolve("John Smith", &roles(&["senator"]))
            .id
            .clone();
        let jane = speakers
            .resolve("Jane Smith", &roles(&["mayor"]))
            .id
            .clone();
        assert_ne!(john, jane);
        let bare = speakers.resolve("Smith", &[]).id.clone();
        assert!(
            bare != john && bare != jane,
            "two Smiths: a bare Smith is neither"
        );
        assert_eq!(
            speakers.resolve("Smith", &roles(&["Mayor"])).id,
            jane,
            "a role settles it"
        );
    }

    #[test]
    fn a_bare_surname_seen_first_joins_the_first_full_name() {
        let mut speakers = Speakers::default();
        assert_eq!(
            speakers.resolve("Trump", &roles(&["president"])).id,
            "trump"
        );
        assert_eq!(speakers.resolve("Donald Trump", &[]).id, "donald-trump");
        let merges = speakers.take_merges();
        assert_eq!(merges.len(), 1);
        assert_eq!(
            (merges[0].0.as_str(), merges[0].1.id.as_str()),
            ("trump", "donald-trump")
        );
        assert!(merges[0].1.roles.contains("president"));
        assert_eq!(speakers.resolve("Trump", &[]).id, "donald-trump");
        assert_eq!(speakers.lookup("trump").unwrap().id, "donald-trump");
        // With a second full name, a bare surname stays apart.
        speakers.resolve("Smith", &[]);
        speakers.resolve("John Smith", &[]);
        speakers.resolve("Jane Smith", &[]);
        assert_eq!(
            speakers.take_merges().len(),
            1,
            "Smith joined John, the first"
        );
        assert_eq!(speakers.resolve("Smith", &[]).id, "john-smith");
    }

    #[test]
    fn restored_ids_are_kept_and_looked_up() {
        let mut speakers = Speakers::default();
        speakers.restore("keir-starmer", "Keir Starmer", &roles(&["Prime Minister"]));
        assert_eq!(speakers.lookup("Starmer").unwrap().id, "keir-starmer");
        assert_eq!(
            speakers.lookup("keir-starmer").unwrap().name,
            "Keir Starmer"
        );
        assert!(speakers.lookup("Macron").is_none());
        assert_eq!(
            speakers.resolve("Emmanuel Macron", &[]).id,
            "emmanuel-macron"
        );
    }
}
