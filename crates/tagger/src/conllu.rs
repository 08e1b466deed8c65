//! A small CoNLL-U reader: just what training and evaluating the tagger needs.
//!
//! It keeps the syntactic words of each sentence (multiword-token range lines such as
//! `19-20 don't` and enhanced-dependency empty nodes such as `8.1` are skipped) with the columns
//! the tagger uses. Every error names the file and the 1-based line.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::tag::Tag;

/// One syntactic word of a CoNLL-U sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Column 2, FORM.
    pub form: String,
    /// Column 4, UPOS (`_` kept as is).
    pub upos: String,
    /// Column 5, XPOS, parsed.
    pub xpos: Tag,
    /// Column 7, HEAD: 0 for the root, `None` when the column is `_`.
    pub head: Option<u32>,
    /// Column 8, DEPREL (`_` kept as is).
    pub deprel: String,
    /// False when MISC has `SpaceAfter=No`.
    pub space_after: bool,
}

/// One sentence: its syntactic words in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The `# sent_id` comment, if there was one.
    pub id: Option<String>,
    /// The words, word `i` having CoNLL-U ID `i + 1`.
    pub words: Vec<Word>,
}

impl Sentence {
    /// The word forms, ready for [`crate::Tagger::tag`].
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }

    /// The gold XPOS tags.
    pub fn tags(&self) -> Vec<Tag> {
        self.words.iter().map(|w| w.xpos).collect()
    }
}

/// A CoNLL-U file could not be read or is malformed.
#[derive(Debug)]
pub struct ConlluError {
    /// The file (or the name given to [`parse_str`]).
    pub path: PathBuf,
    /// 1-based line number; 0 when the file could not be opened at all.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// The I/O error behind it, if any.
    pub source: Option<std::io::Error>,
}

impl fmt::Display for ConlluError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
        }
    }
}

impl std::error::Error for ConlluError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Reads every sentence of the CoNLL-U file at `path`.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>, ConlluError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConlluError {
        path: path.to_path_buf(),
        line: 0,
        message: format!("cannot read file: {e}"),
        source: Some(e),
    })?;
    parse_str(&text, path)
}

/// Parses CoNLL-U text; `name` is used in error messages in place of a file path.
pub fn parse_str(text: &str, name: impl AsRef<Path>) -> Result<Vec<Sentence>, ConlluError> {
    let name = name.as_ref();
    let err = |line: usize, message: String| ConlluError {
        path: name.to_path_buf(),
        line,
        message,
        source: None,
    };
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    for (i, raw) in text.lines().enumerate() {
        let lineno = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            if !current.words.is_empty() {
                sentences.push(std::mem::take(&mut current));
            } else {
                current = Sentence::default();
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(id) = comment.trim().strip_prefix("sent_id") {
                let id = id.trim_start().trim_start_matches('=').trim();
                current.id = Some(id.to_string());
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(
                lineno,
                format!("expected 10 tab-separated columns, found {}", cols.len()),
            ));
        }
        let id = cols[0];
        if id.contains('-') || id.contains('.') {
            // Multiword-token range or empty node: not a syntactic word of the basic tree.
            continue;
        }
        let id: usize = id
            .parse()
            .map_err(|_| err(lineno, format!("bad word ID {id:?}")))?;
        if id != current.words.len() + 1 {
            return Err(err(
                lineno,
                format!(
                    "word ID {id} out of sequence (expected {})",
                    current.words.len() + 1
                ),
            ));
        }
        let xpos: Tag = cols[4]
            .parse()
            .map_err(|e| err(lineno, format!("column 5 (XPOS): {e}")))?;
        let head = match cols[6] {
            "_" => None,
            h => Some(
                h.parse::<u32>()
                    .map_err(|_| err(lineno, format!("bad HEAD {h:?}")))?,
            ),
        };
        let space_after = !cols[9].split('|').any(|m| m == "SpaceAfter=No");
        current.words.push(Word {
            form: cols[1].to_string(),
            upos: cols[3].to_string(),
            xpos,
            head,
            deprel: cols[7].to_string(),
            space_after,
        });
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = s1\n# text = I don't.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t0\troot\t_\tSpaceAfter=No\n3.1\tx\tx\tX\tXX\t_\t_\t_\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n";

    #[test]
    fn reads_words_and_skips_ranges_and_empty_nodes() {
        let s = parse_str(SAMPLE, "sample").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].id.as_deref(), Some("s1"));
        assert_eq!(s[0].forms(), vec!["I", "do", "n't", "."]);
        assert_eq!(s[0].tags(), vec![Tag::PRP, Tag::VBP, Tag::RB, Tag::Period]);
        assert!(!s[0].words[2].space_after);
        assert_eq!(s[0].words[2].head, Some(0));
        assert_eq!(s[1].forms(), vec!["Hi"]);
    }

    #[test]
    fn errors_name_file_and_line() {
        let bad = "1\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n2\tx\tx\tX\tNOPE\t_\t1\tdep\t_\t_\n";
        let e = parse_str(bad, "bad.conllu").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().starts_with("bad.conllu:2: "), "{e}");
        let short = "1\tI\tI\n";
        let e = parse_str(short, "short.conllu").unwrap_err();
        assert_eq!(
            e.to_string(),
            "short.conllu:1: expected 10 tab-separated columns, found 3"
        );
        let e = read_file(Path::new("/nonexistent/x.conllu")).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("/nonexistent/x.conllu: cannot read file"));
    }
}
