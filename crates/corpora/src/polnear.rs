//! Loading PolNeAR's gold attributions (BRAT standoff) for one split.
//!
//! Layout: `<split>/text/<filename>.txt` and `<split>/attributions/<filename>_<annotator>.ann`,
//! with `metadata.tsv` in the split's parent. For an article with several annotators only the
//! first one listed in `metadata.tsv` is used, so that results are deterministic and comparable
//! with the counts in the data README.
//!
//! The loader is strict where a mistake would silently change the figures and lenient where
//! the corpus is merely irregular:
//! - every T record is checked against the text: the chars at its offsets (fragments joined by
//!   one space) must equal its covered text, else loading fails naming the file and line. The
//!   corpus satisfies this everywhere, so a mismatch means a wrong file, a re-encoded text or a
//!   bug here, and scoring against shifted offsets would be meaningless;
//! - a physical line that does not start a `T`/`E`/`#` record continues the previous record
//!   (covered texts can contain newlines, even blank lines);
//! - E argument lists are split on any white space (some lines end with a space);
//! - an event's roles are taken by role name (`Source`, `Cue`, `Content`, `Content2`), whatever
//!   the label of the T they point to; T records that no event uses (`Discuss`, `Discard`, and a
//!   few stray role spans) are ignored;
//! - an event without a `Cue` role takes its trigger (`Attribution`/`Attribution-no-source`) as
//!   its cue: the trigger carries the cue's offsets in all but a handful of events, and it is the
//!   only cue-like span such an event has. Events may lack `Source` or `Content`.

use crate::error::{read_to_string, CorpusError};
use crate::spans::{contains_double_quote_char, contains_quote_mark, trim};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use crate::spans::Fragment;

/// One gold article: its text and the attributions of its first annotator.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoldArticle {
    /// The file name without extension (`nyt_2016-09-12_visa-program-up-for-renewal-amid`).
    pub name: String,
    /// The annotator whose `.ann` file was loaded.
    pub annotator: String,
    /// The article's text, as in its `.txt` file.
    pub text: String,
    /// The annotator's attributions, in the order of their `E` records.
    pub attributions: Vec<GoldAttribution>,
}

/// One attribution relation (one BRAT `E` record). Each role is a list of fragments, sorted by
/// start: a discontinuous span has several, an absent role none. `content` holds the fragments
/// of both `Content` and `Content2`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GoldAttribution {
    /// The `E` record's id, for tracing a figure back to the file.
    pub id: String,
    /// Who is speaking (`Source`).
    pub source: Vec<Fragment>,
    /// The words that signal speech (`Cue`, or the event's trigger).
    pub cue: Vec<Fragment>,
    /// What was said (`Content` and `Content2`).
    pub content: Vec<Fragment>,
}

impl GoldAttribution {
    /// Whether the content contains a double quotation mark, the New York Times' doubled
    /// apostrophes included ([`contains_quote_mark`]): the definition of the *quoted* subset
    /// (direct and mixed quotes).
    pub fn is_quoted(&self, chars: &[char]) -> bool {
        self.content
            .iter()
            .any(|f| contains_quote_mark(&f.text(chars)))
    }

    /// Whether the content contains a double quotation mark character
    /// ([`contains_double_quote_char`]): the data README's narrower count, which leaves the
    /// New York Times' quotes out.
    pub fn is_quoted_strict(&self, chars: &[char]) -> bool {
        self.content
            .iter()
            .any(|f| contains_double_quote_char(&f.text(chars)))
    }

    /// The cue's words, lowercased and with edge punctuation trimmed, fragments joined by a
    /// space: the key for the error analysis's missed-cue counts.
    pub fn cue_key(&self, chars: &[char]) -> String {
        cue_key(chars, &self.cue)
    }
}

/// The words of the cue `cue` of a text of `chars`, lowercased and with edge punctuation
/// trimmed, fragments joined by a space (see [`GoldAttribution::cue_key`]).
pub fn cue_key(chars: &[char], cue: &[Fragment]) -> String {
    let words: Vec<String> = cue
        .iter()
        .map(|f| trim(chars, *f).text(chars).to_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    if words.is_empty() {
        "(no cue)".to_string()
    } else {
        words
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Loads every article of the split in `gold_dir` (e.g. `…/polnear/dev`).
///
/// The articles are the rows of `../metadata.tsv` whose `compartment` equals the directory's
/// name; when no row does (a custom layout), the rows whose text file exists in `text/`. Every
/// text file in `text/` must have a row, and every row its text and `.ann` file. Articles come
/// back in metadata order.
pub fn load(gold_dir: &Path) -> Result<Vec<GoldArticle>, CorpusError> {
    let dir = std::fs::canonicalize(gold_dir).map_err(|e| CorpusError::io(gold_dir, e))?;
    let split = dir
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let metadata_path = dir
        .parent()
        .map(|p| p.join("metadata.tsv"))
        .unwrap_or_else(|| dir.join("metadata.tsv"));
    let rows = read_metadata(&metadata_path)?;
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");

    let text_path = |name: &str| text_dir.join(format!("{name}.txt"));
    let selected: Vec<&MetadataRow> = if rows.iter().any(|r| r.compartment == split) {
        rows.iter().filter(|r| r.compartment == split).collect()
    } else {
        rows.iter()
            .filter(|r| text_path(&r.filename).is_file())
            .collect()
    };
    if selected.is_empty() {
        return Err(CorpusError::format(
            &metadata_path,
            1,
            format!("no article of {} is listed here", text_dir.display()),
        ));
    }

    let listed: HashSet<&str> = selected.iter().map(|r| r.filename.as_str()).collect();
    let entries = std::fs::read_dir(&text_dir).map_err(|e| CorpusError::io(&text_dir, e))?;
    let mut unlisted = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| CorpusError::io(&text_dir, e))?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        if !stem.as_deref().is_some_and(|s| listed.contains(s)) {
            unlisted.push(path);
        }
    }
    if let Some(path) = unlisted.into_iter().min() {
        return Err(CorpusError::format(
            path,
            1,
            format!(
                "text file has no row for split {split:?} in {}",
                metadata_path.display()
            ),
        ));
    }

    selected
        .par_iter()
        .map(|row| {
            let text = read_to_string(&text_path(&row.filename))?;
            let ann_path: PathBuf =
                ann_dir.join(format!("{}_{}.ann", row.filename, row.first_annotator));
            let ann = read_to_string(&ann_path)?;
            let attributions = parse_ann(&ann_path, &ann, &text)?;
            Ok(GoldArticle {
                name: row.filename.clone(),
                annotator: row.first_annotator.clone(),
                text,
                attributions,
            })
        })
        .collect()
}

struct MetadataRow {
    compartment: String,
    filename: String,
    first_annotator: String,
}

fn read_metadata(path: &Path) -> Result<Vec<MetadataRow>, CorpusError> {
    let content = read_to_string(path)?;
    let mut lines = content.lines().enumerate();
    let header: Vec<&str> = match lines.next() {
        Some((_, h)) => h.split('\t').map(str::trim).collect(),
        None => return Err(CorpusError::format(path, 1, "empty metadata file")),
    };
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| CorpusError::format(path, 1, format!("no `{name}` column in header")))
    };
    let (c_compartment, c_filename, c_annotators) = (
        column("compartment")?,
        column("filename")?,
        column("annotators")?,
    );
    let mut rows = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let cell = |c: usize, name: &str| {
            cells
                .get(c)
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .ok_or_else(|| CorpusError::format(path, i + 1, format!("missing `{name}`")))
        };
        let annotators = cell(c_annotators, "annotators")?;
        let first_annotator = annotators
            .split('|')
            .map(str::trim)
            .find(|a| !a.is_empty())
            .ok_or_else(|| CorpusError::format(path, i + 1, "no annotator listed"))?;
        rows.push(MetadataRow {
            compartment: cell(c_compartment, "compartment")?.to_string(),
            filename: cell(c_filename, "filename")?.to_string(),
            first_annotator: first_annotator.to_string(),
        });
    }
    Ok(rows)
}

/// Whether a physical line starts a BRAT record we know: `T`, `E` or `#`, digits, then a TAB.
fn starts_record(line: &str) -> bool {
    let mut chars = line.chars();
    if !matches!(chars.next(), Some('T' | 'E' | '#')) {
        return false;
    }
    let rest = chars.as_str();
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && rest[digits..].starts_with('\t')
}

struct TextBound {
    label: String,
    fragments: Vec<Fragment>,
}

/// Parses one `.ann` file against its article text. `path` is only used in error messages.
pub fn parse_ann(path: &Path, ann: &str, text: &str) -> Result<Vec<GoldAttribution>, CorpusError> {
    let chars: Vec<char> = text.chars().collect();
    let err = |line: usize, message: String| CorpusError::format(path, line, message);

    // Group physical lines into records (1-based line of the record's first line, text).
    let body = ann.strip_suffix('\n').unwrap_or(ann);
    let mut records: Vec<(usize, String)> = Vec::new();
    for (i, line) in body.split('\n').enumerate() {
        if starts_record(line) {
            records.push((i + 1, line.to_string()));
        } else if let Some((_, record)) = records.last_mut() {
            record.push('\n');
            record.push_str(line);
        } else if !line.trim().is_empty() {
            return Err(err(i + 1, format!("not a BRAT record: {line:?}")));
        }
    }

    let mut bounds: HashMap<String, (usize, TextBound)> = HashMap::new();
    let mut events: Vec<(usize, &str)> = Vec::new();
    for (line, record) in &records {
        match record.as_bytes()[0] {
            b'T' => {
                let mut parts = record.splitn(3, '\t');
                let id = parts.next().unwrap_or_default();
                let middle = parts
                    .next()
                    .ok_or_else(|| err(*line, format!("{id} has no label and offsets")))?;
                let covered = parts.next();
                let (label, offsets) = middle
                    .split_once(' ')
                    .ok_or_else(|| err(*line, format!("{id} has no offsets: {middle:?}")))?;
                let fragments = parse_offsets(offsets, chars.len())
                    .map_err(|m| err(*line, format!("{id}: {m}")))?;
                let actual = fragments
                    .iter()
                    .map(|f| f.text(&chars))
                    .collect::<Vec<_>>()
                    .join(" ");
                if let Some(covered) = covered {
                    if covered != actual {
                        return Err(err(
                            *line,
                            format!(
                                "{id}: covered text {covered:?} differs from the text at \
                                 {offsets}: {actual:?}"
                            ),
                        ));
                    }
                }
                let bound = TextBound {
                    label: label.to_string(),
                    fragments,
                };
                if bounds.insert(id.to_string(), (*line, bound)).is_some() {
                    return Err(err(*line, format!("duplicate id {id}")));
                }
            }
            b'E' => events.push((*line, record.as_str())),
            _ => {} // `#` AnnotatorNotes
        }
    }

    let mut attributions = Vec::with_capacity(events.len());
    for (line, record) in events {
        let (id, args) = record.split_once('\t').unwrap_or((record, ""));
        let mut args = args.split_whitespace();
        let lookup = |arg: &str| -> Result<(String, &TextBound), CorpusError> {
            let (role, target) = arg
                .split_once(':')
                .ok_or_else(|| err(line, format!("{id}: argument {arg:?} is not Role:Tid")))?;
            let (_, bound) = bounds
                .get(target)
                .ok_or_else(|| err(line, format!("{id}: {target} is not defined")))?;
            Ok((role.to_string(), bound))
        };
        let trigger = args
            .next()
            .ok_or_else(|| err(line, format!("{id} has no trigger")))?;
        let (_, trigger) = lookup(trigger)?;
        let mut attribution = GoldAttribution {
            id: id.to_string(),
            ..GoldAttribution::default()
        };
        let mut has_cue = false;
        for arg in args {
            let (role, bound) = lookup(arg)?;
            let target = match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "Source" => &mut attribution.source,
                "Cue" => {
                    has_cue = true;
                    &mut attribution.cue
                }
                "Content" => &mut attribution.content,
                _ => {
                    return Err(err(
                        line,
                        format!("{id}: unknown role {role:?} (T label {:?})", bound.label),
                    ))
                }
            };
            target.extend(bound.fragments.iter().copied());
        }
        if !has_cue {
            attribution.cue.extend(trigger.fragments.iter().copied());
        }
        for role in [
            &mut attribution.source,
            &mut attribution.cue,
            &mut attribution.content,
        ] {
            role.sort();
            role.dedup();
        }
        attributions.push(attribution);
    }
    Ok(attributions)
}

/// Parses `start end[;start end]*`, checking `start <= end <= text_len`.
fn parse_offsets(offsets: &str, text_len: usize) -> Result<Vec<Fragment>, String> {
    offsets
        .split(';')
        .map(|pair| {
            let mut numbers = pair.split_whitespace().map(str::parse::<usize>);
            match (numbers.next(), numbers.next(), numbers.next()) {
                (Some(Ok(start)), Some(Ok(end)), None) if start <= end && end <= text_len => {
                    Ok(Fragment::new(start, end))
                }
                (Some(Ok(start)), Some(Ok(end)), None) => Err(format!(
                    "offsets {start} {end} are reversed or past the end of the text \
                     ({text_len} chars)"
                )),
                _ => Err(format!("bad offsets {pair:?}")),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(ann: &str, text: &str) -> Result<Vec<GoldAttribution>, CorpusError> {
        parse_ann(Path::new("x.ann"), ann, text)
    }

    #[test]
    fn continuation_lines_and_trailing_space() {
        let text = "Bo said: “a\n\nb” ok";
        let ann = "T1\tSource 0 2\tBo\nT2\tCue 3 7\tsaid\nT3\tContent 9 15\t“a\n\nb”\n\
                   T4\tAttribution 3 7\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3 \n";
        let a = parse(ann, text).unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].content, vec![Fragment::new(9, 15)]);
        assert_eq!(a[0].source, vec![Fragment::new(0, 2)]);
    }

    #[test]
    fn role_name_wins_over_label_and_trigger_replaces_missing_cue() {
        let text = "Bo said yes";
        let ann = "T1\tCue 0 2\tBo\nT2\tAttribution-no-source 3 7\tsaid\n\
                   E1\tAttribution-no-source:T2 Source:T1\n";
        let a = parse(ann, text).unwrap();
        assert_eq!(a[0].source, vec![Fragment::new(0, 2)]);
        assert_eq!(a[0].cue, vec![Fragment::new(3, 7)]);
        assert!(a[0].content.is_empty());
    }

    #[test]
    fn errors_name_the_line() {
        let text = "Bo said yes";
        let e = parse("T1\tSource 0 2\tBo\nT2\tCue 3 7\tsays\n", text).unwrap_err();
        assert!(e.to_string().starts_with("x.ann:2:"), "{e}");
        let e = parse("T1\tSource 0 2\tBo\nE1\tAttribution:T9\n", text).unwrap_err();
        assert!(e.to_string().contains("x.ann:2:"), "{e}");
        let e = parse("T1\tSource 0 99\tBo\n", text).unwrap_err();
        assert!(e.to_string().contains("past the end"), "{e}");
        let e = parse("junk\n", text).unwrap_err();
        assert!(e.to_string().starts_with("x.ann:1:"), "{e}");
    }

    #[test]
    fn char_offsets_not_bytes() {
        let text = "“Ja,” sagte Jörg.";
        let ann = "T1\tSource 12 16\tJörg\nT2\tCue 6 11\tsagte\nT3\tContent 0 5\t“Ja,”\n\
                   T4\tAttribution 6 11\tsagte\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n";
        let a = parse(ann, text).unwrap();
        assert!(a[0].is_quoted(&text.chars().collect::<Vec<_>>()));
    }
}
