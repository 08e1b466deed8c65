//! Gold spans to token labels.
//!
//! PolNeAR gives char-offset fragments; the labeller works on whosaid's tokens. A token takes
//! a role if it overlaps one of the role's fragments; the first token of each fragment is a
//! `B*`. Because PolNeAR is univocal (a char has at most one role, apart from 68 chars in six
//! train files), conflicts are rare; when they happen the first role assigned keeps the token,
//! in the order cue, source, content (the cue is the shortest and the most informative span).

use whosaid_eval::{Fragment, GoldArticle};
use whosaid_text::{CharIndex, Document};

use crate::role::{repair, Kind, Role};

/// The gold label of every token of `doc` (the parse of `article.text`), valid BIO within
/// every paragraph.
pub fn gold_roles(article: &GoldArticle, doc: &Document) -> Vec<Role> {
    let index = CharIndex::new(doc.text);
    let bounds: Vec<(usize, usize)> = doc
        .tokens
        .iter()
        .map(|t| (index.char_offset(t.start), index.char_offset(t.end)))
        .collect();
    let mut roles = vec![Role::O; doc.tokens.len()];
    let mut assign = |fragments: &[Fragment], kind: Kind| {
        for f in fragments {
            // Tokens are sorted and disjoint: find the first that ends after the fragment's
            // start.
            let first = bounds.partition_point(|&(_, end)| end <= f.start);
            let mut begun = false;
            for k in first..bounds.len() {
                let (start, _) = bounds[k];
                if start >= f.end {
                    break;
                }
                if roles[k] == Role::O {
                    roles[k] = if begun {
                        Role::inside(kind)
                    } else {
                        Role::begin(kind)
                    };
                }
                begun = true;
            }
        }
    };
    for a in &article.attributions {
        assign(&a.cue, Kind::Cue);
    }
    for a in &article.attributions {
        assign(&a.source, Kind::Source);
    }
    for a in &article.attributions {
        assign(&a.content, Kind::Content);
    }
    for p in &doc.paragraphs {
        repair(&mut roles[p.tokens.clone()]);
    }
    roles
}
