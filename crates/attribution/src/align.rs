//! Gold spans to token labels.
//!
//! PolNeAR gives char-offset fragments; the labeller works on whosaid's tokens. A token takes
//! a role if it overlaps one of the role's fragments; the first token of each fragment is a
//! `B*`. Because PolNeAR is univocal (a char has at most one role, apart from 68 chars in six
//! train files), conflicts are rare; when they happen the first role assigned keeps the token,
//! in the order cue, source, content (the cue is the shortest and the most informative span).

use whosaid_text::{CharIndex, Document};

use crate::gold::GoldDocument;
use crate::role::{repair, Kind, Role};

/// The gold label of every token of `doc` (the parse of `gold.text`), valid BIO within every
/// paragraph.
pub fn gold_roles(gold: &GoldDocument, doc: &Document) -> Vec<Role> {
    let index = CharIndex::new(doc.text);
    let bounds: Vec<(usize, usize)> = doc
        .tokens
        .iter()
        .map(|t| (index.char_offset(t.start), index.char_offset(t.end)))
        .collect();
    let mut roles = vec![Role::O; doc.tokens.len()];
    let priority = |kind: Kind| match kind {
        Kind::Cue => 0,
        Kind::Source => 1,
        Kind::Content => 2,
    };
    let mut spans = gold.spans.clone();
    // Stable: spans of one kind keep their order.
    spans.sort_by_key(|s| priority(s.kind));
    for span in &spans {
        // Tokens are sorted and disjoint: find the first that ends after the span's start.
        let first = bounds.partition_point(|&(_, end)| end <= span.start);
        let mut begun = false;
        for k in first..bounds.len() {
            if bounds[k].0 >= span.end {
                break;
            }
            if roles[k] == Role::O {
                roles[k] = if begun {
                    Role::inside(span.kind)
                } else {
                    Role::begin(span.kind)
                };
            }
            begun = true;
        }
    }
    for p in &doc.paragraphs {
        repair(&mut roles[p.tokens.clone()]);
    }
    roles
}
