//! Quote provenance: the same statement carried by many outlets, grouped.
//!
//! Two statements are one quote when their words overlap enough (Jaccard similarity of their
//! word sets at least [`MIN_JACCARD`]) and they are not attributed to two different speakers.
//! Candidates are found with MinHash locality-sensitive hashing (16 hashes in 8 bands of 2),
//! so adding a statement costs a few hash lookups, not a pass over the corpus, and then
//! checked exactly. Exact copies, trimmed copies and lightly altered quotes group together;
//! a different sentence that shares a phrase does not.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Serialize;

/// Least word overlap for two statements to be one quote.
pub const MIN_JACCARD: f64 = 0.6;
/// Statements with fewer distinct words are grouped only with exact copies: "We will win"
/// said by two people on two days is not one quote.
const MIN_WORDS: usize = 5;
const HASHES: usize = 16;
const ROWS_PER_BAND: usize = 2;

/// The words a quote is compared on: lower-cased runs of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|word| word.trim_matches(['\'', '’']).to_lowercase())
        .filter(|word| !word.is_empty())
        .collect()
}

struct Member {
    group: String,
    words: HashSet<u64>,
}

/// The quote groups of an index, rebuilt from its documents when it opens.
#[derive(Default)]
pub struct QuoteGroups {
    members: Vec<Member>,
    bands: HashMap<(usize, u64), Vec<usize>>,
    /// The speaker of each group, once one of its statements has a known speaker.
    speakers: HashMap<String, String>,
}

impl QuoteGroups {
    /// The group of a statement: an existing group it belongs to, else a new one named `new_id`.
    pub fn assign(&mut self, text: &str, speaker: Option<&str>, new_id: &str) -> String {
        let words = hashed_words(text);
        let group = self
            .find(&words, speaker)
            .unwrap_or_else(|| new_id.to_owned());
        self.add(&group, words, speaker);
        group
    }

    /// A speaker merged into another: their groups are the other's now.
    pub fn rename_speaker(&mut self, from: &str, to: &str) {
        for speaker in self.speakers.values_mut() {
            if speaker == from {
                to.clone_into(speaker);
            }
        }
    }

    /// Records a statement read back from the index with the group it was given.
    pub fn restore(&mut self, group: &str, text: &str, speaker: Option<&str>) {
        self.add(group, hashed_words(text), speaker);
    }

    fn find(&self, words: &HashSet<u64>, speaker: Option<&str>) -> Option<String> {
        let mut best: Option<(f64, usize)> = None;
        let mut seen = HashSet::new();
        for key in band_keys(words) {
            for &member in self.bands.get(&key).into_iter().flatten() {
                if !seen.insert(member) {
                    continue;
                }
                let other = &self.members[member];
                let group_speaker = self.speakers.get(&other.group);
                if let (Some(a), Some(b)) = (speaker, group_speaker) {
                    if a != b {
                        continue;
                    }
                }
                let similarity = jaccard(words, &other.words);
                let short = words.len().min(other.words.len()) < MIN_WORDS;
                let matches = if short {
                    similarity == 1.0
                } else {
                    similarity >= MIN_JACCARD
                };
                if matches && best.is_none_or(|(s, _)| similarity > s) {
                    best = Some((similarity, member));
                }
            }
        }
        best.map(|(_, member)| self.members[member].group.clone())
    }

    fn add(&mut self, group: &str, words: HashSet<u64>, speaker: Option<&str>) {
        if words.is_empty() {
            return;
        }
        if let Some(speaker) = speaker {
            self.speakers
                .entry(group.to_owned())
                .or_insert_with(|| speaker.to_owned());
        }
        let index = self.members.len();
        for key in band_keys(&words) {
            self.bands.entry(key).or_default().push(index);
        }
        self.members.push(Member {
            group: group.to_owned(),
            words,
        });
    }
}

fn hashed_words(text: &str) -> HashSet<u64> {
    words(text).iter().map(|word| hash(word, 0)).collect()
}

fn hash(value: impl Hash, seed: u64) -> u64 {
    let mut hasher = DefaultHasher::new();
    seed.hash(&mut hasher);
    value.hash(&mut hasher);
    hasher.finish()
}

/// The LSH keys of a word set: each band's minimum hashes, hashed together.
fn band_keys(words: &HashSet<u64>) -> Vec<(usize, u64)> {
    if words.is_empty() {
        return Vec::new();
    }
    let minima: Vec<u64> = (0..HASHES as u64)
        .map(|seed| {
            words
                .iter()
                .map(|&w| hash(w, seed + 1))
                .min()
                .expect("not empty")
        })
        .collect();
    minima
        .chunks(ROWS_PER_BAND)
        .enumerate()
        .map(|(band, rows)| (band, hash(rows, 0)))
        .collect()
}

fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let common = a.intersection(b).count();
    let union = a.len() + b.len() - common;
    if union == 0 {
        0.0
    } else {
        common as f64 / union as f64
    }
}

/// One step of a word-level diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffPart {
    /// "same", "removed" (in the earliest wording, not in this one) or "added".
    pub op: &'static str,
    pub text: String,
}

/// How `variant` differs from `original`, word by word (longest common subsequence). Texts
/// longer than 1,000 words are compared as two single parts.
pub fn diff(original: &str, variant: &str) -> Vec<DiffPart> {
    let a: Vec<&str> = original.split_whitespace().collect();
    let b: Vec<&str> = variant.split_whitespace().collect();
    if a.len() > 1000 || b.len() > 1000 {
        return vec![
            DiffPart {
                op: "removed",
                text: a.join(" "),
            },
            DiffPart {
                op: "added",
                text: b.join(" "),
            },
        ];
    }
    // Compare words without the punctuation and case a copy editor changes.
    let key = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let (ka, kb): (Vec<String>, Vec<String>) = (
        a.iter().map(|w| key(w)).collect(),
        b.iter().map(|w| key(w)).collect(),
    );
    let mut lcs = vec![vec![0u16; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if ka[i] == kb[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut parts: Vec<DiffPart> = Vec::new();
    let mut push = |op: &'static str, word: &str| match parts.last_mut() {
        Some(last) if last.op == op => {
            last.text.push(' ');
            last.text.push_str(word);
        }
        _ => parts.push(DiffPart {
            op,
            text: word.to_owned(),
        }),
    };
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && ka[i] == kb[j] {
            push("same", b[j]);
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            push("removed", a[i]);
            i += 1;
        } else {
            push("added", b[j]);
            j += 1;
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUOTE: &str = "“We will support Ukraine unflinchingly and for as long as necessary to \
                         counter Russian aggression,” the leaders said.";

    #[test]
    fn copies_and_light_edits_group_and_other_sentences_do_not() {
        let mut groups = QuoteGroups::default();
        let first = groups.assign(QUOTE, Some("keir-starmer"), "q1");
        assert_eq!(first, "q1");
        let edited = QUOTE.replace("unflinchingly and ", "");
        assert_eq!(groups.assign(&edited, Some("keir-starmer"), "q2"), "q1");
        assert_eq!(
            groups.assign(QUOTE, None, "q3"),
            "q1",
            "an unknown speaker may match"
        );
        assert_eq!(groups.assign(QUOTE, Some("someone-else"), "q4"), "q4");
        let other = "Ukraine will not stand alone, the foreign minister told reporters on Tuesday.";
        assert_eq!(groups.assign(other, Some("keir-starmer"), "q5"), "q5");
        assert_eq!(groups.assign("We will win", None, "q6"), "q6");
        assert_eq!(
            groups.assign("We will win!", None, "q7"),
            "q6",
            "short: exact words only"
        );
        assert_eq!(groups.assign("We will win today", None, "q8"), "q8");
    }

    #[test]
    fn the_diff_shows_removed_and_added_words() {
        let parts = diff(
            "we will support Ukraine for as long as it takes",
            "we will back Ukraine as long as it takes",
        );
        let ops: Vec<(&str, &str)> = parts.iter().map(|p| (p.op, p.text.as_str())).collect();
        assert_eq!(
            ops,
            [
                ("same", "we will"),
                ("removed", "support"),
                ("added", "back"),
                ("same", "Ukraine"),
                ("removed", "for"),
                ("same", "as long as it takes"),
            ]
        );
    }
}
