//! Why attributions were missed and statements were spurious: the error analysis that
//! `whosaid eval` prints under the figures.

use serde::Serialize;

use crate::items::{attribution_edge, content_overlap, shared, Item};

/// Counts for error analysis: which gold attributions were missed, and the cue words most
/// often involved in misses and in spurious statements.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ErrorAnalysis {
    /// Gold attributions whose content contains a double quotation mark.
    pub gold_quoted: usize,
    /// Of those, how many the attribution matching missed.
    pub missed_quoted: usize,
    /// Gold attributions whose content has no double quotation mark.
    pub gold_unquoted: usize,
    /// Of those, how many the attribution matching missed.
    pub missed_unquoted: usize,
    /// Why the missed gold attributions were missed.
    pub missed_by: Reasons,
    /// Why the spurious statements matched no gold attribution.
    pub spurious_by: Reasons,
    /// Cues (lowercased, trimmed) of missed gold attributions, most frequent first.
    pub top_missed_cues: Vec<(String, usize)>,
    /// Cues of predicted statements that matched no gold attribution, most frequent first.
    pub top_spurious_cues: Vec<(String, usize)>,
}

/// Why an attribution was missed (or a statement was spurious), each counted under the first
/// reason that applies, looking at the other side's items: the pair that would have matched
/// went to another partner; no item there has a cue sharing a char with this one's; items
/// with the cue exist but none covers the content (by the attribution rule); or they cover it
/// but their source does not overlap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Reasons {
    /// The pair that would have matched went to another partner.
    pub paired_elsewhere: usize,
    /// No item on the other side has a cue sharing a char with this one's.
    pub cue: usize,
    /// Items with the cue exist but none covers the content.
    pub content: usize,
    /// They cover the content but their source does not overlap.
    pub source: usize,
}

impl Reasons {
    pub(crate) fn add(&mut self, other: Reasons) {
        self.paired_elsewhere += other.paired_elsewhere;
        self.cue += other.cue;
        self.content += other.content;
        self.source += other.source;
    }

    /// Counts the reason why `item`, unmatched, found no partner among `others`.
    /// `gold_side` says whether `item` is gold (the attribution rule is not symmetric).
    pub(crate) fn count(&mut self, item: &Item, others: &[Item], gold_side: bool) {
        let edge = |other: &Item| {
            if gold_side {
                attribution_edge(item, other)
            } else {
                attribution_edge(other, item)
            }
        };
        let content = |other: &Item| {
            if gold_side {
                content_overlap(item, other)
            } else {
                content_overlap(other, item)
            }
        };
        let with_cue = || others.iter().filter(|o| shared(&item.cue, &o.cue) > 0);
        if others.iter().any(|o| edge(o).is_some()) {
            self.paired_elsewhere += 1;
        } else if with_cue().next().is_none() {
            self.cue += 1;
        } else if with_cue().any(|o| content(o).is_some()) {
            self.source += 1;
        } else {
            self.content += 1;
        }
    }
}
