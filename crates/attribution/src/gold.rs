//! Gold annotations as the labeller trains on them, and the PolNeAR loader that makes them.
//!
//! Training and scoring take [`GoldDocument`]s, this crate's own type, so that nothing but
//! [`load_polnear`] depends on the corpus loader (whosaid-corpora, which depends on nothing of
//! whosaid's: the extractor can use this labeller without a dependency cycle).

use std::path::Path;

use crate::role::Kind;
use crate::train::Error;

/// One role span of a gold attribution: char offsets `start..end` (Unicode code points, end
/// exclusive) into the document's text. A discontinuous PolNeAR span is several of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GoldSpan {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// An article's text and its gold role spans, in any order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoldDocument {
    pub text: String,
    pub spans: Vec<GoldSpan>,
}

impl From<&whosaid_corpora::GoldArticle> for GoldDocument {
    fn from(article: &whosaid_corpora::GoldArticle) -> GoldDocument {
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
    let articles = whosaid_corpora::polnear::load(split_dir).map_err(Error::Data)?;
    Ok(articles.iter().map(GoldDocument::from).collect())
}
