//! A document's dependency trees: each token's head and relation, and each token's children.

use crate::label::DepLabel;

/// Marks a token without a head (a sentence's root) in `heads`.
pub(crate) const NO_HEAD: u32 = u32::MAX;

/// The dependency trees of a document, one per sentence: for every token of the
/// [`Document`](whosaid_text::Document), its head (another token of the same sentence, by
/// document token index, or none for the sentence's root) and its relation to it.
///
/// The children of every token are computed once, when the parse is built, so that
/// [`Parse::children`] is a slice, not a search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parse {
    /// The head of each token, [`NO_HEAD`] for a root.
    heads: Vec<u32>,
    /// The relation of each token to its head ([`DepLabel::ROOT`] for a root).
    labels: Vec<DepLabel>,
    /// The children of token `i` are `children[child_starts[i]..child_starts[i + 1]]`.
    child_starts: Vec<u32>,
    /// Every token's children, in token order, grouped by head.
    children: Vec<u32>,
}

impl Parse {
    /// A parse from the heads ([`NO_HEAD`] for roots) and labels of every token. Heads must be
    /// token indexes below `heads.len()`.
    pub(crate) fn new(heads: Vec<u32>, labels: Vec<DepLabel>) -> Parse {
        debug_assert_eq!(heads.len(), labels.len());
        let n = heads.len();
        // Counting sort of the tokens by head: children come out in token order.
        let mut child_starts = vec![0u32; n + 1];
        for &h in &heads {
            if h != NO_HEAD {
                child_starts[h as usize + 1] += 1;
            }
        }
        for i in 0..n {
            child_starts[i + 1] += child_starts[i];
        }
        let mut fill = child_starts.clone();
        let mut children = vec![0u32; child_starts[n] as usize];
        for (d, &h) in heads.iter().enumerate() {
            if h != NO_HEAD {
                let at = &mut fill[h as usize];
                children[*at as usize] = d as u32;
                *at += 1;
            }
        }
        Parse {
            heads,
            labels,
            child_starts,
            children,
        }
    }

    /// Number of tokens: the document's.
    pub fn len(&self) -> usize {
        self.heads.len()
    }

    /// Whether the document has no token.
    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// The head of token `i` (a document token index), or `None` for the root of a sentence.
    ///
    /// # Panics
    /// If `i` is not a token of the document (`i >= self.len()`), as slice indexing does.
    pub fn head(&self, i: usize) -> Option<usize> {
        let h = self.heads[i];
        (h != NO_HEAD).then_some(h as usize)
    }

    /// The relation of token `i` to its head; [`DepLabel::ROOT`] for a sentence's root.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    pub fn label(&self, i: usize) -> DepLabel {
        self.labels[i]
    }

    /// The children of token `i` (document token indexes), in text order.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    pub fn children(&self, i: usize) -> &[u32] {
        let (a, b) = (self.child_starts[i], self.child_starts[i + 1]);
        &self.children[a as usize..b as usize]
    }

    /// The children of token `i` with relation `label`, in text order.
    pub fn children_with(&self, i: usize, label: DepLabel) -> impl Iterator<Item = usize> + '_ {
        self.children(i)
            .iter()
            .map(|&c| c as usize)
            .filter(move |&c| self.labels[c] == label)
    }

    /// The number of arcs from token `i` up to its sentence's root.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    pub fn depth(&self, i: usize) -> usize {
        let mut depth = 0;
        let mut at = i;
        // A tree has no cycle; the bound only makes that an assumption this loop cannot hang on.
        while let Some(h) = self.head(at) {
            depth += 1;
            at = h;
            if depth > self.len() {
                break;
            }
        }
        depth
    }

    /// The number of arcs on the path between tokens `i` and `j` in their tree (0 when
    /// `i == j`), or `None` when they are in different sentences. Linear in the depths of the
    /// two tokens; allocates nothing.
    ///
    /// # Panics
    /// If `i` or `j` is not below `self.len()`.
    pub fn path_len(&self, i: usize, j: usize) -> Option<usize> {
        let (mut a, mut b) = (i, j);
        let (mut da, mut db) = (self.depth(a), self.depth(b));
        let mut steps = 0;
        while da > db {
            a = self.head(a)?;
            da -= 1;
            steps += 1;
        }
        while db > da {
            b = self.head(b)?;
            db -= 1;
            steps += 1;
        }
        while a != b {
            a = self.head(a)?;
            b = self.head(b)?;
            steps += 2;
        }
        Some(steps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_and_paths() {
        // 0 ← 1 → 2 → 3, and a second sentence: 4 → 5.
        let heads = vec![1, NO_HEAD, 1, 2, NO_HEAD, 4];
        let labels = vec![
            DepLabel::NSUBJ,
            DepLabel::ROOT,
            DepLabel::CCOMP,
            DepLabel::OBJ,
            DepLabel::ROOT,
            DepLabel::PUNCT,
        ];
        let p = Parse::new(heads, labels);
        assert_eq!(p.len(), 6);
        assert_eq!(p.head(0), Some(1));
        assert_eq!(p.head(1), None);
        assert_eq!(p.children(1), &[0, 2]);
        assert_eq!(p.children(2), &[3]);
        assert_eq!(p.children(0), &[] as &[u32]);
        assert_eq!(p.children(4), &[5]);
        assert_eq!(p.children_with(1, DepLabel::CCOMP).collect::<Vec<_>>(), [2]);
        assert_eq!(p.depth(3), 2);
        assert_eq!(p.path_len(0, 3), Some(3));
        assert_eq!(p.path_len(3, 0), Some(3));
        assert_eq!(p.path_len(2, 2), Some(0));
        assert_eq!(p.path_len(0, 5), None);
        assert!(Parse::new(Vec::new(), Vec::new()).is_empty());
    }
}
