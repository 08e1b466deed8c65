//! Gold annotations as the labeller trains on them: role spans over an article's text, loaded
//! from PolNeAR, and their alignment to whosaid's tokens.
//!
//! PolNeAR gives char-offset fragments; the labeller works on whosaid's tokens. A token takes
//! a role if it overlaps one of the role's fragments; the first token of each fragment is a
//! `B*`. Because PolNeAR is univocal (a char has at most one role, bar a handful of chars in
//! train), conflicts are rare; when they happen the first role assigned keeps the token, in the
//! order cue, source, content (the cue is the shortest and the most informative span).

use std::path::Path;

use whosaid_attribution::{repair, Kind, Role};
use whosaid_corpora::GoldArticle;
use whosaid_text::{CharIndex, Document};

use crate::Error;

/// One role span of a gold attribution: char offsets `start..end` (Unicode code points, end
/// exclusive) into the document's text. A discontinuous PolNeAR span is several of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GoldSpan {
    /// The span's role.
    pub kind: Kind,
    /// Its first char.
    pub start: usize,
    /// The char after its last.
    pub end: usize,
}

/// An article's text and its gold role spans, in any order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoldDocument {
    /// The article's text.
    pub text: String,
    /// Its gold role spans.
    pub spans: Vec<GoldSpan>,
}

impl From<&GoldArticle> for GoldDocument {
    fn from(article: &GoldArticle) -> GoldDocument {
        let mut spans = Vec::new();
        for a in &article.attributions {
            for (kind, fragments) in [
                (Kind::Source, &a.source),
                (Kind::Cue, &a.cue),
                (Kind::Content, &a.content),
            ] {
                spans.extend(fragments.iter().map(|f| GoldSpan {
                    kind,
                    start: f.start,
                    end: f.end,
                }));
            }
        }
        GoldDocument {
            text: article.text.clone(),
            spans,
        }
    }
}

/// Loads a PolNeAR split (e.g. `…/polnear/dev`, with `metadata.tsv` in its parent) with
/// whosaid-corpora's loader: the first listed annotator of each article, in metadata order.
pub fn load_polnear(split_dir: &Path) -> Result<Vec<GoldDocument>, Error> {
    let articles = whosaid_corpora::polnear::load(split_dir)?;
    Ok(articles.iter().map(GoldDocument::from).collect())
}

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
