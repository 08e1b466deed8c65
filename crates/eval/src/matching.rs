//! One-to-one matching between gold and predicted items.

/// A maximum-cardinality bipartite matching between `n_left` left items and `n_right` right
/// items, given each left item's candidates as `(right, weight)` pairs. Returns, for each left
/// item, the right item it is matched to.
///
/// Why maximum cardinality: a one-to-one score should credit a system with as many true
/// positives as any consistent pairing allows; a greedy pass can pair a gold span with the
/// "wrong" prediction and strand another pair that would have matched. Among the maximum
/// matchings this one is steered towards heavy edges: each left item tries its candidates in
/// order of decreasing weight (ties by index), so the result is deterministic and pairs large
/// overlaps first where that costs nothing.
///
/// Kuhn's augmenting-path algorithm, O(V·E): per article the graphs have at most a few hundred
/// nodes and are sparse (spans rarely overlap more than one or two others).
pub(crate) fn max_matching(
    n_left: usize,
    n_right: usize,
    edges: &[Vec<(usize, usize)>],
) -> Vec<Option<usize>> {
    debug_assert_eq!(edges.len(), n_left);
    let adjacency: Vec<Vec<usize>> = edges
        .iter()
        .map(|candidates| {
            let mut c: Vec<(usize, usize)> = candidates
                .iter()
                .copied()
                .filter(|&(r, _)| r < n_right)
                .collect();
            c.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            c.dedup_by_key(|e| e.0);
            c.into_iter().map(|(r, _)| r).collect()
        })
        .collect();
    let mut right_of_left: Vec<Option<usize>> = vec![None; n_left];
    let mut left_of_right: Vec<Option<usize>> = vec![None; n_right];
    let mut visited = vec![false; n_right];
    for left in 0..n_left {
        if adjacency[left].is_empty() {
            continue;
        }
        visited.iter_mut().for_each(|v| *v = false);
        augment(
            left,
            &adjacency,
            &mut visited,
            &mut right_of_left,
            &mut left_of_right,
        );
    }
    right_of_left
}

fn augment(
    left: usize,
    adjacency: &[Vec<usize>],
    visited: &mut [bool],
    right_of_left: &mut [Option<usize>],
    left_of_right: &mut [Option<usize>],
) -> bool {
    for &right in &adjacency[left] {
        if visited[right] {
            continue;
        }
        visited[right] = true;
        let free = match left_of_right[right] {
            None => true,
            Some(other) => augment(other, adjacency, visited, right_of_left, left_of_right),
        };
        if free {
            left_of_right[right] = Some(left);
            right_of_left[left] = Some(right);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn augmenting_beats_greedy() {
        // Left 0 prefers right 0 (heavier), but left 1 can only take right 0.
        let edges = vec![vec![(0, 10), (1, 1)], vec![(0, 5)]];
        let m = max_matching(2, 2, &edges);
        assert_eq!(m, vec![Some(1), Some(0)]);
    }

    #[test]
    fn two_lefts_one_right() {
        let edges = vec![vec![(0, 3)], vec![(0, 4)]];
        let m = max_matching(2, 1, &edges);
        assert_eq!(m.iter().filter(|x| x.is_some()).count(), 1);
    }
}
