//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta 2011): a stack, a
//! buffer read left to right, and three transitions.
//!
//! - `Shift` moves the buffer's first token `b0` onto the stack;
//! - `Left` makes `b0` the head of the stack's top `s0`, and pops `s0`;
//! - `Right` makes the token under the top, `s1`, the head of `s0`, and pops `s0`.
//!
//! Each token is shifted once and popped once, so a sentence of `n` tokens takes exactly
//! `2n − 1` transitions, and the token left on the stack at the end is the root. Every state
//! short of the end has a valid transition (`Shift` while the buffer has tokens, `Right` after),
//! so parsing always ends with a tree.

use crate::parse::NO_HEAD;

/// "No token": the value of an absent stack, buffer or child position.
pub const NONE: u32 = u32::MAX;

/// A label number for "no label" (absent child) in features: one past the last relation.
pub(crate) const NO_LABEL: u8 = crate::DepLabel::COUNT as u8;

/// The largest valency features tell apart; more children count as this many.
const MAX_VALENCY: u8 = 7;

/// A transition of the arc-hybrid system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Move the first token of the buffer onto the stack.
    Shift = 0,
    /// Attach the stack's top to the buffer's first token, and pop it.
    Left = 1,
    /// Attach the stack's top to the token under it, and pop it.
    Right = 2,
}

impl Action {
    /// The three transitions, in the order of their scores.
    pub const ALL: [Action; 3] = [Action::Shift, Action::Left, Action::Right];
}

/// A parser state over one sentence of `n` tokens (sentence-local indexes), with what the
/// features read of the arcs built so far. Its memory is reused from sentence to sentence.
#[derive(Clone, Debug, Default)]
pub struct State {
    n: u32,
    stack: Vec<u32>,
    next: u32,
    heads: Vec<u32>,
    labels: Vec<u8>,
    /// The leftmost and second leftmost child of each token, [`NONE`] if absent.
    left: Vec<[u32; 2]>,
    /// The rightmost and second rightmost child.
    right: Vec<[u32; 2]>,
    /// Number of left and right children, up to [`MAX_VALENCY`].
    valency: Vec<[u8; 2]>,
    /// The set of relations of the left and of the right children (bit `l` for relation `l`).
    label_sets: Vec<[u64; 2]>,
}

impl State {
    /// The initial state of a sentence of `n` tokens.
    pub fn new(n: usize) -> State {
        let mut s = State::default();
        s.reset(n);
        s
    }

    /// Makes this the initial state of a sentence of `n` tokens, reusing the memory.
    pub fn reset(&mut self, n: usize) {
        self.n = n as u32;
        self.next = 0;
        self.stack.clear();
        self.heads.clear();
        self.heads.resize(n, NO_HEAD);
        self.labels.clear();
        self.labels.resize(n, NO_LABEL);
        self.left.clear();
        self.left.resize(n, [NONE; 2]);
        self.right.clear();
        self.right.resize(n, [NONE; 2]);
        self.valency.clear();
        self.valency.resize(n, [0; 2]);
        self.label_sets.clear();
        self.label_sets.resize(n, [0; 2]);
    }

    /// Number of tokens of the sentence.
    pub fn len(&self) -> usize {
        self.n as usize
    }

    /// Whether the sentence has no token.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Whether parsing is over: the buffer is empty and at most the root is on the stack.
    pub fn is_terminal(&self) -> bool {
        self.next >= self.n && self.stack.len() <= 1
    }

    /// Whether `action` may be taken now.
    pub fn is_valid(&self, action: Action) -> bool {
        match action {
            Action::Shift => self.next < self.n,
            Action::Left => !self.stack.is_empty() && self.next < self.n,
            Action::Right => self.stack.len() >= 2,
        }
    }

    /// The arc `(head, dependent)` that `action` would build now, if it builds one and is
    /// valid.
    pub fn arc(&self, action: Action) -> Option<(u32, u32)> {
        if !self.is_valid(action) {
            return None;
        }
        match action {
            Action::Shift => None,
            Action::Left => Some((self.next, self.stack(0))),
            Action::Right => Some((self.stack(1), self.stack(0))),
        }
    }

    /// Takes `action`, which must be valid; an arc it builds gets relation number `label`.
    /// Returns the arc built, `(head, dependent)`, if any.
    pub fn apply(&mut self, action: Action, label: u8) -> Option<(u32, u32)> {
        debug_assert!(self.is_valid(action));
        match action {
            Action::Shift => {
                if self.next < self.n {
                    self.stack.push(self.next);
                    self.next += 1;
                }
                None
            }
            Action::Left => {
                let h = self.next;
                let d = self.stack.pop()?;
                self.add_arc(h, d, label);
                Some((h, d))
            }
            Action::Right => {
                if self.stack.len() < 2 {
                    return None;
                }
                let d = self.stack.pop()?;
                let h = *self.stack.last()?;
                self.add_arc(h, d, label);
                Some((h, d))
            }
        }
    }

    /// Records the arc `h → d`. Left children of a token arrive nearest first (by `Left`, as
    /// the stack empties leftwards) and right children nearest first too (by `Right`, as the
    /// buffer is read rightwards), so the newest is always the outermost.
    fn add_arc(&mut self, h: u32, d: u32, label: u8) {
        let (h, du) = (h as usize, d as usize);
        self.heads[du] = h as u32;
        self.labels[du] = label;
        let side = usize::from(du > h);
        let slot = if side == 0 {
            &mut self.left[h]
        } else {
            &mut self.right[h]
        };
        *slot = [d, slot[0]];
        let v = &mut self.valency[h][side];
        *v = (*v + 1).min(MAX_VALENCY);
        self.label_sets[h][side] |= 1u64 << (label as u64 & 63);
    }

    /// The `k`-th token from the top of the stack (0 is the top), or [`NONE`].
    #[inline]
    pub fn stack(&self, k: usize) -> u32 {
        let len = self.stack.len();
        if k < len {
            self.stack[len - 1 - k]
        } else {
            NONE
        }
    }

    /// Number of tokens on the stack.
    pub fn stack_len(&self) -> usize {
        self.stack.len()
    }

    /// The `k`-th token of the buffer (0 is the first), or [`NONE`].
    #[inline]
    pub fn buffer(&self, k: usize) -> u32 {
        let i = self.next as usize + k;
        if i < self.n as usize {
            i as u32
        } else {
            NONE
        }
    }

    /// The head of token `i` so far, or [`NONE`].
    pub fn head(&self, i: usize) -> u32 {
        self.heads[i]
    }

    /// The relation number of token `i` (`NO_LABEL` before it has a head).
    pub fn label(&self, i: usize) -> u8 {
        self.labels[i]
    }

    /// The heads of all tokens so far ([`NONE`] for none).
    pub fn heads(&self) -> &[u32] {
        &self.heads
    }

    /// The relation numbers of all tokens so far.
    pub fn labels(&self) -> &[u8] {
        &self.labels
    }

    /// The leftmost (`k = 0`) or second leftmost (`k = 1`) child of `i`, or [`NONE`]; `i` may be
    /// [`NONE`].
    #[inline]
    pub(crate) fn left_child(&self, i: u32, k: usize) -> u32 {
        self.left.get(i as usize).map_or(NONE, |c| c[k])
    }

    /// The rightmost (`k = 0`) or second rightmost (`k = 1`) child of `i`, or [`NONE`].
    #[inline]
    pub(crate) fn right_child(&self, i: u32, k: usize) -> u32 {
        self.right.get(i as usize).map_or(NONE, |c| c[k])
    }

    /// The relation number of `i`, or `NO_LABEL` for [`NONE`].
    #[inline]
    pub(crate) fn label_of(&self, i: u32) -> u8 {
        self.labels.get(i as usize).copied().unwrap_or(NO_LABEL)
    }

    /// The left and right valency of `i` (0 for [`NONE`]).
    #[inline]
    pub(crate) fn valency(&self, i: u32) -> [u8; 2] {
        self.valency.get(i as usize).copied().unwrap_or([0; 2])
    }

    /// The sets of relations of the left and right children of `i` (empty for [`NONE`]).
    #[inline]
    pub(crate) fn label_sets(&self, i: u32) -> [u64; 2] {
        self.label_sets.get(i as usize).copied().unwrap_or([0; 2])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_takes_two_n_minus_one_transitions_and_ends_with_a_tree() {
        for n in 0..6 {
            let mut s = State::new(n);
            let mut steps = 0;
            // Prefer Right, then Left, then Shift: any valid sequence must end.
            while !s.is_terminal() {
                let a = [Action::Right, Action::Left, Action::Shift]
                    .into_iter()
                    .find(|&a| s.is_valid(a))
                    .expect("a non-terminal state has a valid transition");
                s.apply(a, 3);
                steps += 1;
            }
            assert_eq!(steps, (2 * n).saturating_sub(1));
            let roots = s.heads().iter().filter(|&&h| h == NONE).count();
            assert_eq!(roots, n.min(1));
        }
    }

    #[test]
    fn children_are_tracked_outermost_first() {
        // a b c d: a ← c (Left via b0 = c), b ← c, c → d.
        let mut s = State::new(4);
        s.apply(Action::Shift, 0);
        s.apply(Action::Shift, 0);
        assert_eq!(s.apply(Action::Left, 1), Some((2, 1)));
        assert_eq!(s.apply(Action::Left, 2), Some((2, 0)));
        assert_eq!(s.left_child(2, 0), 0);
        assert_eq!(s.left_child(2, 1), 1);
        assert_eq!(s.valency(2), [2, 0]);
        assert_eq!(s.label_sets(2)[0], 0b110);
        s.apply(Action::Shift, 0);
        s.apply(Action::Shift, 0);
        assert_eq!(s.apply(Action::Right, 4), Some((2, 3)));
        assert_eq!(s.right_child(2, 0), 3);
        assert!(s.is_terminal());
        assert_eq!(s.stack(0), 2);
        assert_eq!(s.stack(1), NONE);
        assert_eq!(s.buffer(0), NONE);
    }
}
