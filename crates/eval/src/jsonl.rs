//! Reading extractions from JSONL, the format of `whosaid extract --format jsonl`: one object
//! per line, `{"id": "<path>", "statements": [...], "entities": [...]}`.

use crate::polnear;
use crate::score::{score, Report};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;
use whosaid_corpora::{read_to_string, CorpusError};
use whosaid_extract::{Extraction, Span, Statement, StatementKind};

/// A line exactly as whosaid writes it.
#[derive(Deserialize)]
struct Line {
    id: String,
    #[serde(flatten)]
    extraction: Extraction,
}

/// The least a line must hold to be scored, for other systems' output: `id`, and per statement
/// `kind` and the spans (`start`, `end`; `text` optional). Everything else may be missing.
#[derive(Deserialize)]
struct MinimalLine {
    id: String,
    #[serde(default)]
    statements: Vec<MinimalStatement>,
}

#[derive(Deserialize)]
struct MinimalStatement {
    kind: StatementKind,
    #[serde(default)]
    cue: Option<MinimalSpan>,
    #[serde(default)]
    contents: Vec<MinimalSpan>,
    #[serde(default)]
    sources: Vec<MinimalSpan>,
    #[serde(default)]
    confidence: Option<f64>,
}

#[derive(Deserialize)]
struct MinimalSpan {
    start: usize,
    end: usize,
    #[serde(default)]
    text: String,
}

impl From<MinimalSpan> for Span {
    fn from(s: MinimalSpan) -> Span {
        Span {
            start: s.start,
            end: s.end,
            text: s.text,
        }
    }
}

impl From<MinimalLine> for (String, Extraction) {
    fn from(line: MinimalLine) -> (String, Extraction) {
        let statements = line
            .statements
            .into_iter()
            .map(|s| Statement {
                kind: s.kind,
                cue: s.cue.map(Span::from),
                contents: s.contents.into_iter().map(Span::from).collect(),
                sources: s.sources.into_iter().map(Span::from).collect(),
                speaker: None,
                speakers: Vec::new(),
                act: whosaid_extract::Act::Speech,
                addressee: None,
                medium: None,
                confidence: s.confidence.unwrap_or(1.0),
                voice: Default::default(),
            })
            .collect();
        (
            line.id,
            Extraction {
                statements,
                entities: Vec::new(),
            },
        )
    }
}

/// Reads a JSONL file of extractions as `(id, extraction)` pairs, in file order. A line in
/// whosaid's own format is read in full; failing that, the minimal format (see above) is
/// accepted, with entities and speakers dropped. Blank lines are skipped. Errors name the line.
pub fn read_jsonl(path: &Path) -> Result<Vec<(String, Extraction)>, CorpusError> {
    let content = read_to_string(path)?;
    let mut out = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Line>(line) {
            Ok(l) => out.push((l.id, l.extraction)),
            Err(_) => match serde_json::from_str::<MinimalLine>(line) {
                Ok(l) => out.push(l.into()),
                Err(e) => return Err(CorpusError::format(path, i + 1, e.to_string())),
            },
        }
    }
    Ok(out)
}

/// The gold article name an output id refers to: the id itself, its file name, or its file
/// stem (`/x/polnear/dev/text/nyt_….txt` → `nyt_…`), whichever names a gold article first.
/// Otherwise the file stem, which the report then lists as ignored.
pub fn article_name(id: &str, gold_names: &HashSet<&str>) -> String {
    let path = Path::new(id);
    let file_name = path.file_name().map(|s| s.to_string_lossy().into_owned());
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    [Some(id.to_string()), file_name, stem.clone()]
        .into_iter()
        .flatten()
        .find(|n| gold_names.contains(n.as_str()))
        .or(stem)
        .unwrap_or_else(|| id.to_string())
}

/// Scores a JSONL file of extractions (whosaid's or another system's) against the PolNeAR split
/// in `gold_dir`, matching ids to articles by file stem.
pub fn score_jsonl(gold_dir: &Path, jsonl_path: &Path) -> Result<Report, CorpusError> {
    let gold = polnear::load(gold_dir)?;
    let names: HashSet<&str> = gold.iter().map(|a| a.name.as_str()).collect();
    let predicted: Vec<(String, Extraction)> = read_jsonl(jsonl_path)?
        .into_iter()
        .map(|(id, extraction)| (article_name(&id, &names), extraction))
        .collect();
    Ok(score(&gold, &predicted))
}
