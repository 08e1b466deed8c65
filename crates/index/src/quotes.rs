//! Quote provenance: the same statement carried by many outlets, grouped.
//!
//! Two statements are one quote when their words overlap enough (Jaccard similarity of their
//! word sets at least [`MIN_JACCARD`]) and they have the same speaker identity (or both none).
//! A quote group is a connected set of such pairs, so the groups are a function of the
//! statements in the index, whatever order they came in; a group's id is the smallest of its
//! statements' own ids, so it stays put as carriers come and go, unless the statement that
//! named it goes. Candidates are found with MinHash locality-sensitive hashing (16 hashes in 8
//! bands of 2), so adding a statement costs a few hash lookups, not a pass over the corpus, and
//! are then checked exactly. Exact copies, trimmed copies and lightly altered quotes group
//! together; a different sentence that shares a phrase does not.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

/// Least word overlap for two statements to be one quote.
pub const MIN_JACCARD: f64 = 0.6;
/// Statements with fewer distinct words are grouped only with exact copies: "We will win"
/// said by two people on two days is not one quote.
const MIN_WORDS: usize = 5;
const HASHES: usize = 16;
const ROWS_PER_BAND: usize = 2;
const BANDS: usize = HASHES / ROWS_PER_BAND;

/// The words a quote is compared on: lower-cased runs of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|word| word.trim_matches(['\'', '’']).to_lowercase())
        .filter(|word| !word.is_empty())
        .collect()
}

/// The word set of a text, hashed (with a hash that does not change between builds, since
/// groups are stored): what [`QuoteGroups`] compares.
pub fn word_set(text: &str) -> Vec<u64> {
    let mut set: Vec<u64> = words(text).iter().map(|w| fnv1a(w.as_bytes())).collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// The group id a statement has on its own: `q` and 16 hex digits of a hash of its id.
pub fn own_group(statement: &str) -> String {
    format!("q{:016x}", fnv1a(statement.as_bytes()))
}

/// What decides a statement's quote group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteFacts {
    /// [`word_set`] of its content.
    pub words: Vec<u64>,
    /// Its speaker's identity, if it has one.
    pub speaker: Option<String>,
}

struct Member {
    facts: QuoteFacts,
    bands: Vec<(usize, u64)>,
    group: String,
}

/// The quote groups of an index.
#[derive(Default)]
pub struct QuoteGroups {
    members: HashMap<String, Member>,
    buckets: HashMap<(usize, u64), Vec<String>>,
    groups: HashMap<String, BTreeSet<String>>,
}

impl QuoteGroups {
    /// The group of a statement in the index.
    pub fn group_of(&self, statement: &str) -> Option<&str> {
        self.members.get(statement).map(|m| m.group.as_str())
    }

    /// Applies a batch of changes (statements that are gone or whose facts changed, then
    /// statements that are new or changed) and regroups what they touch: the groups that lost
    /// a statement are rebuilt from their remaining members, and every statement added joins
    /// whatever it matches. Returns the group of every statement added and of every statement
    /// whose group changed.
    pub fn update(
        &mut self,
        removed: &[String],
        added: Vec<(String, QuoteFacts)>,
    ) -> BTreeMap<String, String> {
        // Groups that lose a statement are regrouped from scratch: they may fall apart.
        let mut work: BTreeSet<String> = BTreeSet::new();
        let mut take_out = |groups: &mut Self, statement: &str| {
            if let Some(member) = groups.remove_member(statement) {
                work.extend(groups.groups.remove(&member.group).unwrap_or_default());
            }
        };
        for statement in removed {
            take_out(self, statement);
        }
        let mut new = Vec::with_capacity(added.len());
        for (statement, facts) in added {
            take_out(self, &statement);
            new.push((statement, facts));
        }
        for (statement, facts) in new {
            let bands = band_keys(&facts.words);
            for key in &bands {
                self.buckets
                    .entry(*key)
                    .or_default()
                    .push(statement.clone());
            }
            let group = own_group(&statement);
            self.members.insert(
                statement.clone(),
                Member {
                    facts,
                    bands,
                    group,
                },
            );
            work.insert(statement);
        }
        // Statements taken out may have been in `work` already.
        work.retain(|statement| self.members.contains_key(statement));
        self.regroup(work)
    }

    fn remove_member(&mut self, statement: &str) -> Option<Member> {
        let member = self.members.remove(statement)?;
        for key in &member.bands {
            if let Some(bucket) = self.buckets.get_mut(key) {
                bucket.retain(|other| other != statement);
                if bucket.is_empty() {
                    self.buckets.remove(key);
                }
            }
        }
        if let Some(group) = self.groups.get_mut(&member.group) {
            group.remove(statement);
            if group.is_empty() {
                self.groups.remove(&member.group);
            }
        }
        Some(member)
    }

    /// Links the statements of `work` (which belong to no group now) with each other and with
    /// the existing groups they match, and names each resulting group by its smallest member.
    fn regroup(&mut self, work: BTreeSet<String>) -> BTreeMap<String, String> {
        let work: Vec<String> = work.into_iter().collect();
        let position: HashMap<&str, usize> = work
            .iter()
            .enumerate()
            .map(|(n, s)| (s.as_str(), n))
            .collect();
        // Nodes: the statements of `work`, then whole existing groups, which stay connected.
        let mut sets = DisjointSets::new(work.len());
        let mut group_nodes: HashMap<String, usize> = HashMap::new();
        for (n, statement) in work.iter().enumerate() {
            let member = &self.members[statement];
            for key in &member.bands {
                for other in self.buckets.get(key).into_iter().flatten() {
                    if other == statement {
                        continue;
                    }
                    let node = match position.get(other.as_str()) {
                        Some(&m) => m,
                        None => {
                            let group = &self.members[other].group;
                            *group_nodes
                                .entry(group.clone())
                                .or_insert_with(|| sets.push())
                        }
                    };
                    if sets.find(n) == sets.find(node) {
                        continue;
                    }
                    if is_one_quote(&member.facts, &self.members[other].facts) {
                        sets.union(n, node);
                    }
                }
            }
        }
        // Each set's name: the smallest own id of its statements, which for an existing group
        // is its name.
        let mut names: HashMap<usize, String> = HashMap::new();
        let mut consider = |root: usize, id: String| {
            let name = names.entry(root).or_insert_with(|| id.clone());
            if id < *name {
                *name = id;
            }
        };
        for (n, statement) in work.iter().enumerate() {
            consider(sets.find(n), own_group(statement));
        }
        for (group, &node) in &group_nodes {
            consider(sets.find(node), group.clone());
        }
        let mut changed = BTreeMap::new();
        for (n, statement) in work.iter().enumerate() {
            let name = names[&sets.find(n)].clone();
            self.set_group(statement, &name);
            changed.insert(statement.clone(), name);
        }
        for (group, &node) in &group_nodes {
            let name = &names[&sets.find(node)];
            if name == group {
                continue;
            }
            for statement in self.groups.remove(group).unwrap_or_default() {
                self.set_group(&statement, name);
                changed.insert(statement, name.clone());
            }
        }
        changed
    }

    fn set_group(&mut self, statement: &str, group: &str) {
        if let Some(member) = self.members.get_mut(statement) {
            group.clone_into(&mut member.group);
        }
        self.groups
            .entry(group.to_owned())
            .or_default()
            .insert(statement.to_owned());
    }
}

/// Whether two statements are one quote (see the module documentation).
fn is_one_quote(a: &QuoteFacts, b: &QuoteFacts) -> bool {
    if a.speaker != b.speaker {
        return false;
    }
    let similarity = jaccard(&a.words, &b.words);
    if a.words.len().min(b.words.len()) < MIN_WORDS {
        similarity == 1.0
    } else {
        similarity >= MIN_JACCARD
    }
}

/// Union-find over `0..n`, with path halving and union by size.
struct DisjointSets {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> DisjointSets {
        DisjointSets {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn push(&mut self) -> usize {
        self.parent.push(self.parent.len());
        self.size.push(1);
        self.parent.len() - 1
    }

    fn find(&mut self, mut node: usize) -> usize {
        while self.parent[node] != node {
            self.parent[node] = self.parent[self.parent[node]];
            node = self.parent[node];
        }
        node
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        self.size[a] += self.size[b];
    }
}

/// FNV-1a, 64 bits: a hash that stays the same across Rust versions, for ids kept on disk.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// SplitMix64's finaliser: a word hash seen through one of [`HASHES`] independent hashes.
fn mix(word: u64, seed: u64) -> u64 {
    let mut z = word ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The LSH keys of a word set: each band's minimum hashes, hashed together.
fn band_keys(words: &[u64]) -> Vec<(usize, u64)> {
    if words.is_empty() {
        return Vec::new();
    }
    let minima: Vec<u64> = (0..HASHES as u64)
        .map(|seed| {
            let hashes = words.iter().map(|&w| mix(w, seed + 1));
            hashes.min().unwrap_or_default()
        })
        .collect();
    (0..BANDS)
        .map(|band| {
            let rows = &minima[band * ROWS_PER_BAND..(band + 1) * ROWS_PER_BAND];
            let key = rows.iter().fold(band as u64, |acc, &row| mix(acc ^ row, 0));
            (band, key)
        })
        .collect()
}

/// Jaccard similarity of two sorted, deduplicated sets.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
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
    /// The words, as written.
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

    fn facts(text: &str, speaker: Option<&str>) -> QuoteFacts {
        QuoteFacts {
            words: word_set(text),
            speaker: speaker.map(str::to_owned),
        }
    }

    /// Adds each statement in its own batch; returns the final group of each.
    fn grouped(statements: &[(&str, &str, Option<&str>)]) -> Vec<String> {
        let mut groups = QuoteGroups::default();
        for (id, text, speaker) in statements {
            groups.update(&[], vec![(id.to_string(), facts(text, *speaker))]);
        }
        statements
            .iter()
            .map(|(id, _, _)| groups.group_of(id).unwrap().to_owned())
            .collect()
    }

    #[test]
    fn copies_and_light_edits_group_and_other_sentences_do_not() {
        let edited = QUOTE.replace("unflinchingly and ", "");
        let other = "Ukraine will not stand alone, the foreign minister told reporters on Tuesday.";
        let groups = grouped(&[
            ("s1", QUOTE, Some("keir-starmer")),
            ("s2", &edited, Some("keir-starmer")),
            ("s3", QUOTE, None),
            ("s4", QUOTE, Some("someone-else")),
            ("s5", other, Some("keir-starmer")),
            ("s6", "We will win", None),
            ("s7", "We will win!", None),
            ("s8", "We will win today", None),
        ]);
        assert_eq!(groups[0], groups[1]);
        assert_ne!(
            groups[0], groups[2],
            "another speaker, or none, is another quote"
        );
        assert_ne!(groups[0], groups[3]);
        assert_ne!(groups[0], groups[4]);
        assert_eq!(groups[5], groups[6], "short: exact words only");
        assert_ne!(groups[5], groups[7]);
        let smallest = ["s1", "s2"].map(own_group).into_iter().min().unwrap();
        assert_eq!(
            groups[0], smallest,
            "a group is named by its smallest member"
        );
    }

    #[test]
    fn groups_do_not_depend_on_order_or_batches() {
        let edited = QUOTE.replace("unflinchingly and ", "");
        let trimmed = QUOTE.replace("“We will ", "");
        let statements = [
            ("a", QUOTE, Some("x")),
            ("b", edited.as_str(), Some("x")),
            ("c", trimmed.as_str(), Some("x")),
            (
                "d",
                "Nothing like the others at all, said someone else entirely.",
                Some("x"),
            ),
        ];
        let forward = grouped(&statements);
        let mut reversed = statements.to_vec();
        reversed.reverse();
        let mut backward = grouped(&reversed);
        backward.reverse();
        assert_eq!(forward, backward);
        let mut at_once = QuoteGroups::default();
        at_once.update(
            &[],
            statements
                .iter()
                .map(|(id, text, speaker)| (id.to_string(), facts(text, *speaker)))
                .collect(),
        );
        let together: Vec<String> = statements
            .iter()
            .map(|(id, ..)| at_once.group_of(id).unwrap().to_owned())
            .collect();
        assert_eq!(forward, together);
    }

    #[test]
    fn a_group_falls_apart_when_its_link_goes() {
        // b links a and c, which are too different to be one quote on their own.
        let a = "one two three four five six seven eight";
        let b = "one two three four five six seven eight nine ten eleven";
        let c = "four five six seven eight nine ten eleven";
        let mut groups = QuoteGroups::default();
        let all = |text: &str, id: &str| (id.to_owned(), facts(text, None));
        groups.update(&[], vec![all(a, "a"), all(b, "b"), all(c, "c")]);
        assert_eq!(groups.group_of("a"), groups.group_of("c"));
        let changed = groups.update(&["b".to_owned()], Vec::new());
        assert_ne!(groups.group_of("a"), groups.group_of("c"));
        assert_eq!(groups.group_of("a"), Some(own_group("a").as_str()));
        assert_eq!(groups.group_of("c"), Some(own_group("c").as_str()));
        assert!(changed.contains_key("a") && changed.contains_key("c"));
        // Put back, the group is what it was.
        groups.update(&[], vec![all(b, "b")]);
        assert_eq!(groups.group_of("a"), groups.group_of("c"));
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
