//! The dynamic oracle of the arc-hybrid system (Goldberg and Nivre 2013; Kiperwasser and
//! Goldberg 2016): for any state, how many gold arcs each transition makes unreachable.
//!
//! Training follows the model's own transitions some of the time (exploration), so it sees the
//! states the parser gets into after a mistake, and learns the best way on from there: the
//! transitions of least cost. The costs are exact for projective trees; for the few
//! non-projective ones they are still a sound guide, so every tree is trained on.

use whosaid_parser::training::{Action, State, NONE};

/// The cost of each transition in `state` given the gold heads (indexed by [`Action`] as
/// `usize`), `u32::MAX` for an invalid one. Linear in the sentence length.
pub fn costs(state: &State, gold: &[u32]) -> [u32; 3] {
    let n = state.len() as u32;
    let next = state.buffer(0);
    let in_buffer = |i: u32| i != NONE && next != NONE && i >= next && i < n;
    // Gold dependents of `x` still in the buffer (b0 included): lost when `x` is popped.
    let deps_in_buffer = |x: u32| -> u32 {
        if next == NONE {
            return 0;
        }
        (next..n).filter(|&j| gold[j as usize] == x).count() as u32
    };
    let (s0, s1) = (state.stack(0), state.stack(1));
    let mut out = [u32::MAX; 3];
    if state.is_valid(Action::Shift) {
        // b0 can no longer take a head from the stack under s0, nor a dependent on the stack.
        let b0 = next;
        let mut c = 0;
        for k in 0..state.stack_len() {
            let x = state.stack(k);
            if k > 0 && gold[b0 as usize] == x {
                c += 1;
            }
            if gold[x as usize] == b0 {
                c += 1;
            }
        }
        out[Action::Shift as usize] = c;
    }
    if state.is_valid(Action::Left) {
        let h = gold[s0 as usize];
        let lost_head = h != next && (h == NONE || (s1 != NONE && h == s1) || in_buffer(h));
        out[Action::Left as usize] = u32::from(lost_head) + deps_in_buffer(s0);
    }
    if state.is_valid(Action::Right) {
        let h = gold[s0 as usize];
        let lost_head = h != s1 && (h == NONE || in_buffer(h));
        out[Action::Right as usize] = u32::from(lost_head) + deps_in_buffer(s0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Following least-cost transitions from the start reaches the gold tree of a projective
    /// sentence exactly.
    #[test]
    fn zero_cost_transitions_rebuild_a_projective_tree() {
        // The governor told reporters that taxes would rise .
        //  0    1       2     3        4    5     6     7   8
        let gold = [1, 2, NONE, 2, 7, 7, 7, 2, 2];
        let mut s = State::new(gold.len());
        while !s.is_terminal() {
            let c = costs(&s, &gold);
            let a = Action::ALL
                .into_iter()
                .min_by_key(|&a| c[a as usize])
                .unwrap();
            assert_eq!(c[a as usize], 0, "a zero-cost transition exists");
            s.apply(a, 0);
        }
        assert_eq!(s.heads(), gold);
    }
}
