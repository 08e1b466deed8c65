//! WordNet's lexicographer classes of English words, as features that generalise over rare
//! words: a cue word the labeller never saw in training ("grilled", "resented") shares its
//! class (`verb.communication`, `verb.emotion`) with cue words it did see, and a rare source
//! noun ("ombudsman") its class (`noun.person`) with common ones.
//!
//! The classes come from `data/wordnet-classes.tsv`, which `scripts/wordnet_classes.py` writes
//! from WordNet 3.0 (Debian's `wordnet-base`; licence in `data/WORDNET-LICENSE`). It lists
//! lemmas; the regular inflections are generated here and WordNet's irregular forms are
//! listed in the file.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::features::{word_hash, WordHashes};
use crate::lexicon::inflections;

static CLASSES_TSV: &str = include_str!("../data/wordnet-classes.tsv");

/// WordNet's lexicographer files, in their numbering; a class is stored as its number + 1.
const LEXNAMES: [&str; 45] = [
    "adj.all",
    "adj.pert",
    "adv.all",
    "noun.Tops",
    "noun.act",
    "noun.animal",
    "noun.artifact",
    "noun.attribute",
    "noun.body",
    "noun.cognition",
    "noun.communication",
    "noun.event",
    "noun.feeling",
    "noun.food",
    "noun.group",
    "noun.location",
    "noun.motive",
    "noun.object",
    "noun.person",
    "noun.phenomenon",
    "noun.plant",
    "noun.possession",
    "noun.process",
    "noun.quantity",
    "noun.relation",
    "noun.shape",
    "noun.state",
    "noun.substance",
    "noun.time",
    "verb.body",
    "verb.change",
    "verb.cognition",
    "verb.communication",
    "verb.competition",
    "verb.consumption",
    "verb.contact",
    "verb.creation",
    "verb.emotion",
    "verb.motion",
    "verb.perception",
    "verb.possession",
    "verb.social",
    "verb.stative",
    "verb.weather",
    "adj.ppl",
];

/// The WordNet classes of one word form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct WordClasses {
    /// The class of the most frequent verb sense, as lexicographer file number + 1; 0 when
    /// the form is not a verb.
    pub verb: u8,
    /// The same for nouns (only nouns of the classes the file keeps).
    pub noun: u8,
    /// Bit `n` set when one of the senses listed is in lexicographer file `n`.
    pub senses: u64,
}

type Table = HashMap<u64, WordClasses, WordHashes>;

/// Builds the table from `(hash, classes)` claims in priority order: for each hash, the first
/// claim with a verb (noun) class gives the verb (noun) class; the senses of all claims are
/// merged.
fn build(claims: &[(u64, WordClasses)]) -> Table {
    let mut table = Table::with_capacity_and_hasher(claims.len(), Default::default());
    for &(hash, classes) in claims {
        let entry = table.entry(hash).or_default();
        if entry.verb == 0 {
            entry.verb = classes.verb;
        }
        if entry.noun == 0 {
            entry.noun = classes.noun;
        }
        entry.senses |= classes.senses;
    }
    table
}

fn class_number(name: &str, pos: &str) -> Option<u8> {
    LEXNAMES
        .iter()
        .position(|l| l.strip_prefix(pos).and_then(|l| l.strip_prefix('.')) == Some(name))
        .map(|n| n as u8)
}

/// Noun plurals by the regular rules.
fn plurals(lemma: &str, out: &mut Vec<String>) {
    out.push(lemma.to_string());
    let b = lemma.as_bytes();
    let consonant_y = lemma.ends_with('y') && b.len() >= 2 && !b"aeiou".contains(&b[b.len() - 2]);
    if consonant_y {
        out.push(format!("{}ies", &lemma[..lemma.len() - 1]));
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| lemma.ends_with(e))
    {
        out.push(format!("{lemma}es"));
    } else {
        out.push(format!("{lemma}s"));
    }
    // WordNet leaves "-men" plurals to its rules, not its exception list.
    if let Some(stem) = lemma.strip_suffix("man") {
        out.push(format!("{stem}men"));
    }
}

/// Parses the class file into a table keyed by the [`word_hash`] of every form.
///
/// A form can belong to several lemmas ("found": *find* and *found*, "lies": *lie* and
/// *lie*). The first to claim a part of speech keeps it, in this order: irregular forms (the
/// exception lists name the reading news uses most: "found" is *find*), then lemmas as
/// themselves, then regular inflections; each in file order, so the table is the same on
/// every run and so is a model trained with it.
fn parse(tsv: &str) -> Table {
    let mut lemmas: Vec<(&str, &str, WordClasses)> = Vec::new();
    let mut irregular: Vec<(&str, &str, &str)> = Vec::new();
    for line in tsv.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(kind), Some(word), Some(rest)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        match kind {
            "v" | "n" => {
                let pos = if kind == "v" { "verb" } else { "noun" };
                let mut classes = WordClasses::default();
                for (k, name) in rest.split(' ').enumerate() {
                    let Some(n) = class_number(name, pos) else {
                        continue;
                    };
                    if k == 0 {
                        if kind == "v" {
                            classes.verb = n + 1;
                        } else {
                            classes.noun = n + 1;
                        }
                    }
                    classes.senses |= 1 << n;
                }
                lemmas.push((kind, word, classes));
            }
            "xv" => irregular.push(("v", word, rest)),
            "xn" => irregular.push(("n", word, rest)),
            _ => {}
        }
    }
    let mut buf = String::new();
    // Lemmas by word hash, plus one for nouns, for the irregular forms to find theirs.
    let key = |kind: &str, lemma: &str, buf: &mut String| {
        word_hash(lemma, buf).0.wrapping_add(u64::from(kind == "n"))
    };
    let by_lemma: Table = lemmas
        .iter()
        .map(|&(kind, lemma, c)| (key(kind, lemma, &mut buf), c))
        .collect();
    let mut claims: Vec<(u64, WordClasses)> = Vec::with_capacity(lemmas.len() * 4);
    for &(kind, form, lemma) in &irregular {
        if let Some(&classes) = by_lemma.get(&key(kind, lemma, &mut buf)) {
            claims.push((word_hash(form, &mut buf).0, classes));
        }
    }
    for &(_, lemma, classes) in &lemmas {
        claims.push((word_hash(lemma, &mut buf).0, classes));
    }
    let mut forms = Vec::new();
    for &(kind, lemma, classes) in &lemmas {
        forms.clear();
        if kind == "v" {
            inflections(lemma, "", "", &mut forms);
        } else {
            plurals(lemma, &mut forms);
        }
        for form in &forms {
            claims.push((word_hash(form, &mut buf).0, classes));
        }
    }
    build(&claims)
}

/// The WordNet classes of the word whose [`word_hash`] is `hash`; all zero for words the
/// file does not list.
pub(crate) fn classes(hash: u64) -> WordClasses {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE
        .get_or_init(|| parse(CLASSES_TSV))
        .get(&hash)
        .copied()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(word: &str) -> WordClasses {
        classes(word_hash(word, &mut String::new()).0)
    }

    fn number(lexname: &str) -> u8 {
        LEXNAMES.iter().position(|&l| l == lexname).unwrap() as u8 + 1
    }

    #[test]
    fn knows_regular_and_irregular_forms() {
        let communication = number("verb.communication");
        for form in [
            "say",
            "says",
            "said",
            "saying",
            "grilled",
            "discusses",
            "Discussed",
        ] {
            assert!(
                of(form).senses & (1 << (communication - 1)) != 0,
                "{form}: {:?}",
                of(form)
            );
        }
        assert_eq!(of("resented").verb, number("verb.emotion"));
        assert_eq!(of("spokesmen").noun, number("noun.person"));
        assert_eq!(of("statements").noun, number("noun.communication"));
        assert_eq!(of("the"), WordClasses::default());
        assert_eq!(of("xqzt"), WordClasses::default());
    }

    #[test]
    fn skips_malformed_lines() {
        let table =
            parse("# comment\nv\tmurmur\tcommunication\nv\tbroken\nq\tx\ty\nv\tfoo\tnot-a-class\n");
        let mut buf = String::new();
        assert_eq!(
            table[&word_hash("murmured", &mut buf).0].verb,
            number("verb.communication")
        );
        assert!(!table.contains_key(&word_hash("broken", &mut buf).0));
        assert_eq!(table[&word_hash("foo", &mut buf).0], WordClasses::default());
    }
}
