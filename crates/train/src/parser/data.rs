//! Treebank trees as the parser trains on them: the syntactic words of UD English-EWT with
//! their tags, heads and relations, and the variant of a tree with EWT's split hyphenated words
//! joined, as whosaid's tokenizer keeps them.

use std::path::Path;

use whosaid_corpora::CorpusError;
use whosaid_parser::training::NONE;
use whosaid_parser::DepLabel;
use whosaid_tagger::Tag;

use crate::tagger::augment::join_hyphens;
use crate::tagger::sentences::{self, Sentence};

/// One sentence with its gold tree. Heads are sentence-local word indexes, [`NONE`] for the
/// root; relations are [`DepLabel`] numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tree {
    /// The word forms.
    pub forms: Vec<String>,
    /// The gold tags.
    pub tags: Vec<Tag>,
    /// The gold heads.
    pub heads: Vec<u32>,
    /// The gold relations.
    pub labels: Vec<u8>,
}

impl Tree {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// Whether the sentence has no word.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// The tree of a treebank sentence, or `None` when a word has no head (`_`) or a head
    /// outside the sentence. An unknown relation counts as its base relation, or `dep`.
    pub fn from_sentence(s: &Sentence) -> Option<Tree> {
        let n = s.words.len();
        let mut heads = Vec::with_capacity(n);
        for w in &s.words {
            heads.push(match w.head? {
                0 => NONE,
                h if h as usize <= n => h - 1,
                _ => return None,
            });
        }
        let tree = Tree {
            forms: s.words.iter().map(|w| w.form.clone()).collect(),
            tags: s.tags(),
            heads,
            labels: (s.words.iter())
                .map(|w| {
                    DepLabel::from_name(&w.deprel)
                        .unwrap_or(DepLabel::DEP)
                        .index() as u8
                })
                .collect(),
        };
        tree.is_tree().then_some(tree)
    }

    /// Whether the heads make one tree: one root, and every word reaches it.
    fn is_tree(&self) -> bool {
        let n = self.len();
        if self.heads.iter().filter(|&&h| h == NONE).count() != 1 {
            return false;
        }
        (0..n).all(|i| {
            let mut at = i;
            for _ in 0..=n {
                match self.heads[at] {
                    NONE => return true,
                    h => at = h as usize,
                }
            }
            false
        })
    }

    /// Whether the tree is projective: no two arcs cross. Informational: the dynamic oracle
    /// trains on every tree.
    pub fn is_projective(&self) -> bool {
        let arcs: Vec<(u32, u32)> = (self.heads.iter().enumerate())
            .filter(|&(_, &h)| h != NONE)
            .map(|(d, &h)| (h.min(d as u32), h.max(d as u32)))
            .collect();
        arcs.iter().all(|&(a, b)| {
            arcs.iter()
                .all(|&(c, d)| !((a < c && c < b && b < d) || (c < a && a < d && d < b)))
        })
    }
}

/// The sentence with EWT's split hyphenated words joined (`two` `-` `day` → `two-day`) as
/// whosaid's tokenizer keeps them, or `None` when it has none (or joining would not give a
/// tree). The joined word gets the tag the tagger's variant gives it
/// (`tagger::augment::join_hyphens`), the head and relation of the part whose head is outside
/// the word; words that depended on a part depend on the joined word.
pub fn joined(s: &Sentence) -> Option<Tree> {
    let tree = Tree::from_sentence(s)?;
    let j = join_hyphens(s)?;
    // Map every old word to the new word it is part of: the new forms are the old ones
    // concatenated, in order.
    let mut map = Vec::with_capacity(tree.len());
    let mut spans = Vec::with_capacity(j.words.len());
    let mut i = 0;
    for (k, w) in j.words.iter().enumerate() {
        let start = i;
        let mut acc = String::new();
        while acc.len() < w.form.len() && i < tree.len() {
            acc.push_str(&tree.forms[i]);
            map.push(k as u32);
            i += 1;
        }
        if acc != w.form {
            return None;
        }
        spans.push(start..i);
    }
    if i != tree.len() {
        return None;
    }
    let new_head = |h: u32| if h == NONE { NONE } else { map[h as usize] };
    let mut out = Tree {
        forms: j.words.iter().map(|w| w.form.clone()).collect(),
        tags: j.tags(),
        heads: Vec::with_capacity(spans.len()),
        labels: Vec::with_capacity(spans.len()),
    };
    for (k, span) in spans.iter().enumerate() {
        // The span's head: its last word whose head is outside it (not the hyphen).
        let head = (span.clone())
            .rev()
            .find(|&w| {
                let h = tree.heads[w];
                (h == NONE || !span.contains(&(h as usize))) && tree.tags[w] != Tag::HYPH
            })
            .unwrap_or(span.end - 1);
        let h = new_head(tree.heads[head]);
        if h == k as u32 {
            return None;
        }
        out.heads.push(h);
        out.labels.push(tree.labels[head]);
    }
    out.is_tree().then_some(out)
}

/// Reads the trees of the CoNLL-U file at `path` (sentences without a full tree are left out).
pub fn read_file(path: &Path) -> Result<(Vec<Sentence>, Vec<Tree>), CorpusError> {
    let sentences = sentences::read_file(path)?;
    let trees = sentences.iter().filter_map(Tree::from_sentence).collect();
    Ok((sentences, trees))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::sentences::parse_str;

    #[test]
    fn joins_hyphenated_words_and_keeps_a_tree() {
        let text = "1\ta\ta\tDET\tDT\t_\t5\tdet\t_\t_\n\
                    2\ttwo\ttwo\tNUM\tCD\t_\t4\tnummod\t_\tSpaceAfter=No\n\
                    3\t-\t-\tPUNCT\tHYPH\t_\t4\tpunct\t_\tSpaceAfter=No\n\
                    4\tday\tday\tNOUN\tNN\t_\t5\tcompound\t_\t_\n\
                    5\ttrip\ttrip\tNOUN\tNN\t_\t0\troot\t_\t_\n\
                    6\tended\tend\tVERB\tVBD\t_\t5\tacl\t_\t_\n";
        let s = &parse_str(text, "t").unwrap()[0];
        let t = Tree::from_sentence(s).unwrap();
        assert_eq!(t.heads, [4, 3, 3, 4, NONE, 4]);
        assert!(t.is_projective());
        let j = joined(s).unwrap();
        assert_eq!(j.forms, ["a", "two-day", "trip", "ended"]);
        assert_eq!(j.heads, [2, 2, NONE, 2]);
        assert_eq!(
            j.labels[1],
            DepLabel::from_name("compound").unwrap().index() as u8
        );
        assert_eq!(j.tags[1], Tag::JJ);
    }
}
