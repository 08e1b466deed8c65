//! Attribution matching: gold attributions and predicted statements reduced to their trimmed
//! role fragments ([`Item`]), the rule that lets a pair match, and the one-to-one matching of
//! the pairs (criteria in the `score` module documentation).

use whosaid_corpora::spans::{trim, Fragment};
use whosaid_corpora::Prf;

use crate::matching::max_matching;

/// A gold attribution or predicted statement reduced to what attribution matching needs:
/// trimmed fragments, merged into sorted disjoint runs per role.
pub(crate) struct Item {
    pub source: Vec<Fragment>,
    pub cue: Vec<Fragment>,
    pub content: Vec<Fragment>,
    pub quoted: bool,
}

/// Trims each fragment, drops empty ones and merges the rest into sorted disjoint runs, so that
/// lengths and overlaps count each char once.
pub(crate) fn normalise(
    chars: &[char],
    fragments: impl Iterator<Item = Fragment>,
) -> Vec<Fragment> {
    let mut v: Vec<Fragment> = fragments
        .filter(|f| !f.is_empty())
        .map(|f| trim(chars, f))
        .filter(|f| !f.is_empty())
        .collect();
    v.sort();
    let mut merged: Vec<Fragment> = Vec::with_capacity(v.len());
    for f in v {
        match merged.last_mut() {
            Some(last) if f.start <= last.end => last.end = last.end.max(f.end),
            _ => merged.push(f),
        }
    }
    merged
}

fn total_len(runs: &[Fragment]) -> usize {
    runs.iter().map(Fragment::len).sum()
}

/// Chars shared by two sorted lists of disjoint runs.
pub(crate) fn shared(a: &[Fragment], b: &[Fragment]) -> usize {
    let (mut i, mut j, mut total) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        total += a[i].overlap(&b[j]);
        if a[i].end <= b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    total
}

/// The weight of the edge between a gold attribution and a predicted statement, or `None`
/// when they cannot match (criteria in the module documentation).
pub(crate) fn attribution_edge(gold: &Item, predicted: &Item) -> Option<usize> {
    if !gold.source.is_empty() && shared(&gold.source, &predicted.source) == 0 {
        return None;
    }
    content_overlap(gold, predicted)
}

/// The content half of [`attribution_edge`]: the weight of the pair if the contents match
/// (or, for a gold attribution without content, the cues overlap).
pub(crate) fn content_overlap(gold: &Item, predicted: &Item) -> Option<usize> {
    if gold.content.is_empty() {
        let cue = shared(&gold.cue, &predicted.cue);
        return (cue > 0).then_some(cue);
    }
    let overlap = shared(&gold.content, &predicted.content);
    let shorter = total_len(&gold.content).min(total_len(&predicted.content));
    (overlap > 0 && 2 * overlap >= shorter).then_some(overlap)
}

/// Matches the gold items `gold_ids` against the predicted items `predicted_ids` one-to-one.
/// Returns the counts and which gold and predicted items (by index into the full lists) matched.
pub(crate) fn match_attributions(
    gold: &[Item],
    predicted: &[Item],
    gold_ids: &[usize],
    predicted_ids: &[usize],
) -> (Prf, Vec<bool>, Vec<bool>) {
    let edges: Vec<Vec<(usize, usize)>> = gold_ids
        .iter()
        .map(|&g| {
            predicted_ids
                .iter()
                .enumerate()
                .filter_map(|(j, &p)| attribution_edge(&gold[g], &predicted[p]).map(|w| (j, w)))
                .collect()
        })
        .collect();
    let matching = max_matching(gold_ids.len(), predicted_ids.len(), &edges);
    let mut gold_matched = vec![false; gold.len()];
    let mut predicted_matched = vec![false; predicted.len()];
    let mut tp = 0;
    for (i, m) in matching.iter().enumerate() {
        if let Some(j) = m {
            tp += 1;
            gold_matched[gold_ids[i]] = true;
            predicted_matched[predicted_ids[*j]] = true;
        }
    }
    let counts = Prf::from_matching(gold_ids.len(), predicted_ids.len(), tp);
    (counts, gold_matched, predicted_matched)
}
