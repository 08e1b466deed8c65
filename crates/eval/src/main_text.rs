//! Main-text extraction from HTML, scored against the gold article bodies of the news-html
//! pages (the Zyte article extraction benchmark): token precision, recall and F1 per page, as
//! that benchmark computes them (lower-cased word tokens, counted as a multiset), averaged over
//! pages, and also summed over all tokens.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::{CorpusError, Prf};

/// Scores of one extractor over the pages.
#[derive(Clone, Debug, Serialize)]
pub struct MainTextReport {
    /// Pages scored.
    pub pages: usize,
    /// Pages for which the extractor gave no text at all.
    pub empty: usize,
    /// Per-page figures averaged over pages (as the benchmark reports them).
    pub mean: MeanPrf,
    /// Figures over all tokens of all pages: true positives are tokens in both texts.
    pub micro: Prf,
    /// Pages whose F1 is below 0.5: the extractor took the wrong block or missed most of it.
    pub failures: usize,
}

/// Precision, recall and F1 averaged over pages.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct MeanPrf {
    /// Mean precision.
    pub precision: f64,
    /// Mean recall.
    pub recall: f64,
    /// Mean F1.
    pub f1: f64,
}

impl fmt::Display for MainTextReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  pages                {}", self.pages)?;
        writeln!(f, "  empty predictions    {}", self.empty)?;
        writeln!(f, "  pages with F1 < 0.5  {}", self.failures)?;
        writeln!(f, "                       precision  recall     F1")?;
        let micro = MeanPrf {
            precision: self.micro.precision(),
            recall: self.micro.recall(),
            f1: self.micro.f1(),
        };
        for (name, prf) in [("mean over pages", self.mean), ("all tokens", micro)] {
            writeln!(
                f,
                "  {name:<20} {:>8.1}  {:>7.1}  {:>6.1}",
                prf.precision * 100.0,
                prf.recall * 100.0,
                prf.f1 * 100.0
            )?;
        }
        Ok(())
    }
}

/// One gold page: its id (the file name without `.html.gz`), URL and body.
pub struct GoldPage {
    /// The page's file name without its extensions.
    pub id: String,
    /// The page's URL.
    pub url: String,
    /// The gold article body.
    pub body: String,
}

/// Which pages of the set are scored, by `DIR/splits.tsv` (a `page<TAB>split` table).
///
/// The news-html pages are split into `dev`, which whosaid's main-text rules may be designed
/// and measured on, and `reserved`, kept for independent evaluation: a measurement that reads
/// the reserved pages while rules are still being chosen would stop them being independent. So
/// the scorer reads one split, `dev` unless another is asked for by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pages {
    /// The pages `splits.tsv` puts in the split of this name.
    Split(String),
    /// Every page of `ground-truth.json`, for a page set without `splits.tsv`.
    All,
}

impl Pages {
    /// `all`, or a split's name.
    pub fn from_name(name: &str) -> Pages {
        match name {
            "all" => Pages::All,
            split => Pages::Split(split.to_owned()),
        }
    }
}

/// Reads `DIR/ground-truth.json`, keeping the pages `pages` selects.
pub fn load_gold(dir: &Path, pages: &Pages) -> Result<Vec<GoldPage>, CorpusError> {
    let keep = match pages {
        Pages::All => None,
        Pages::Split(split) => Some(split_pages(dir, split)?),
    };
    let mut gold = load_all_gold(dir)?;
    if let Some(keep) = keep {
        gold.retain(|page| keep.contains(&page.id));
    }
    Ok(gold)
}

/// The ids `DIR/splits.tsv` puts in `split`; an error if the file is missing or malformed, or
/// if no page is in that split (a misspelt name would otherwise score nothing and say 0.0).
fn split_pages(dir: &Path, split: &str) -> Result<std::collections::HashSet<String>, CorpusError> {
    let path = dir.join("splits.tsv");
    if !path.exists() {
        let message = "missing: without it, choose every page with the split name `all`";
        return Err(CorpusError::io(&path, std::io::Error::other(message)));
    }
    let text = whosaid_corpora::read_to_string(&path)?;
    let mut names = std::collections::BTreeSet::new();
    let mut ids = std::collections::HashSet::new();
    for (number, line) in text.lines().enumerate() {
        if number == 0 || line.trim().is_empty() {
            continue; // the header, `page<TAB>split`
        }
        let Some((id, name)) = line.split_once('\t') else {
            return Err(CorpusError::format(
                &path,
                number + 1,
                "needs page<TAB>split",
            ));
        };
        let name = name.trim();
        if name == split {
            ids.insert(id.trim().to_owned());
        }
        names.insert(name.to_owned());
    }
    if ids.is_empty() {
        let known: Vec<&str> = names.iter().map(String::as_str).collect();
        let message = format!(
            "no page is in split {split:?} (the splits are: {})",
            known.join(", ")
        );
        return Err(CorpusError::io(&path, std::io::Error::other(message)));
    }
    Ok(ids)
}

/// Reads every page of `DIR/ground-truth.json`.
fn load_all_gold(dir: &Path) -> Result<Vec<GoldPage>, CorpusError> {
    let path = dir.join("ground-truth.json");
    let text = whosaid_corpora::read_to_string(&path)?;
    #[derive(serde::Deserialize)]
    struct Entry {
        #[serde(rename = "articleBody")]
        body: String,
        url: String,
    }
    let entries: HashMap<String, Entry> = serde_json::from_str(&text).map_err(|err| {
        CorpusError::format(&path, err.line(), format!("not the expected JSON: {err}"))
    })?;
    let mut pages: Vec<GoldPage> = entries
        .into_iter()
        .map(|(id, entry)| GoldPage {
            id,
            url: entry.url,
            body: entry.body,
        })
        .collect();
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(pages)
}

/// Reads and unpacks `DIR/html/<id>.html.gz`.
pub fn read_page(dir: &Path, id: &str) -> Result<String, CorpusError> {
    let path = dir.join("html").join(format!("{id}.html.gz"));
    let file = std::fs::File::open(&path).map_err(|err| CorpusError::io(&path, err))?;
    let mut html = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut html)
        .map_err(|err| CorpusError::io(&path, err))?;
    Ok(html)
}

/// Runs whosaid's main-text extraction on the selected pages and scores it.
pub fn run(dir: &Path, pages: &Pages) -> Result<MainTextReport, CorpusError> {
    let gold = load_gold(dir, pages)?;
    let predicted: Vec<String> = gold
        .par_iter()
        .map(|page| {
            let html = read_page(dir, &page.id)?;
            Ok(whosaid_ingest::main_text(&html, Some(&page.url))
                .map(|main| main.text)
                .unwrap_or_default())
        })
        .collect::<Result<_, CorpusError>>()?;
    Ok(score(&gold, &predicted))
}

/// Scores texts from a JSON lines file (`{"id": …, "text": …}` per line, as `whosaid extract
/// --format jsonl` writes for HTML inputs, or another extractor's output in that shape). An id
/// may be a path: the page id is its file name up to the first dot. Pages without a line score
/// as empty; lines for pages that are not selected are ignored.
pub fn score_jsonl(
    dir: &Path,
    pages: &Pages,
    predictions: &Path,
) -> Result<MainTextReport, CorpusError> {
    let gold = load_gold(dir, pages)?;
    let text = whosaid_corpora::read_to_string(predictions)?;
    let mut texts: HashMap<String, String> = HashMap::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(line).map_err(|err| {
            CorpusError::format(predictions, number + 1, format!("not JSON: {err}"))
        })?;
        let (Some(id), Some(body)) = (value["id"].as_str(), value["text"].as_str()) else {
            let message = "needs string fields \"id\" and \"text\"";
            return Err(CorpusError::format(predictions, number + 1, message));
        };
        let name = id.rsplit('/').next().unwrap_or(id);
        let page = name.split('.').next().unwrap_or(name);
        texts.insert(page.to_owned(), body.to_owned());
    }
    let predicted: Vec<String> = gold
        .iter()
        .map(|page| texts.remove(&page.id).unwrap_or_default())
        .collect();
    Ok(score(&gold, &predicted))
}

/// Scores predicted texts against the gold pages, in the same order.
pub fn score(gold: &[GoldPage], predicted: &[String]) -> MainTextReport {
    let mut sum = MeanPrf::default();
    let (mut common_all, mut predicted_all, mut gold_all) = (0usize, 0usize, 0usize);
    let mut empty = 0;
    let mut failures = 0;
    for (page, text) in gold.iter().zip(predicted) {
        let gold_tokens = tokens(&page.body);
        let predicted_tokens = tokens(text);
        if predicted_tokens.is_empty() {
            empty += 1;
        }
        let common = common_count(&gold_tokens, &predicted_tokens);
        let prf = prf(common, predicted_tokens.len(), gold_tokens.len());
        if prf.f1() < 0.5 {
            failures += 1;
        }
        sum.precision += prf.precision();
        sum.recall += prf.recall();
        sum.f1 += prf.f1();
        common_all += common;
        predicted_all += predicted_tokens.len();
        gold_all += gold_tokens.len();
    }
    let n = gold.len().max(1) as f64;
    MainTextReport {
        pages: gold.len(),
        empty,
        mean: MeanPrf {
            precision: sum.precision / n,
            recall: sum.recall / n,
            f1: sum.f1 / n,
        },
        micro: prf(common_all, predicted_all, gold_all),
        failures,
    }
}

/// Lower-cased runs of letters and digits.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|token| !token.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The size of the multiset intersection.
fn common_count(gold: &[String], predicted: &[String]) -> usize {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for token in gold {
        *counts.entry(token).or_default() += 1;
    }
    let mut common = 0;
    for token in predicted {
        if let Some(count) = counts.get_mut(token.as_str()) {
            if *count > 0 {
                *count -= 1;
                common += 1;
            }
        }
    }
    common
}

/// Token figures: true positives are the tokens the texts share.
fn prf(common: usize, predicted: usize, gold: usize) -> Prf {
    Prf::new(common, predicted - common, gold - common)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> GoldPage {
        GoldPage {
            id: "p".to_owned(),
            url: String::new(),
            body: body.to_owned(),
        }
    }

    #[test]
    fn token_figures_count_a_multiset() {
        // Gold and prediction have 5 tokens each; "the" twice, "cat" and "sat" match.
        let gold = [page("The cat sat, the end.")];
        let report = score(&gold, &["the the cat sat menu".to_owned()]);
        assert!((report.mean.precision - 4.0 / 5.0).abs() < 1e-9);
        assert!((report.mean.recall - 4.0 / 5.0).abs() < 1e-9);
        assert_eq!(report.failures, 0);
        let report = score(&gold, &[String::new()]);
        assert_eq!((report.empty, report.failures), (1, 1));
        assert_eq!(report.mean.f1, 0.0);
    }
}
