//! A CoNLL-U reader: the one both the tagger's trainer (UD English-EWT) and the GUM loader
//! ([`crate::gum`]) read their treebanks with.
//!
//! It keeps every column of the syntactic words, the surface forms of multiword tokens (`3-4
//! don't`, whose words are `do` and `n't`) and the comment lines of each sentence, and skips
//! enhanced-dependency empty nodes (`8.1`), which are not part of the text. It is strict where
//! a mistake would shift everything after it (a wrong column count, a word ID out of
//! sequence) and names the file and the 1-based line in every error.

use std::path::Path;

use crate::error::{read_to_string, CorpusError};

/// One sentence: its comments, its syntactic words and its multiword tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The comment lines before the sentence's first word (`# sent_id = s1` gives
    /// `sent_id = s1`), trimmed. Comments of a block without words (between two blank lines)
    /// are kept for the next sentence, so that a document or paragraph mark is never lost.
    pub comments: Vec<String>,
    /// The syntactic words, word `i` having CoNLL-U ID `i + 1`.
    pub words: Vec<Word>,
    /// The multiword tokens, in order.
    pub multiwords: Vec<Multiword>,
}

/// One syntactic word: the ten columns of its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Column 2, FORM.
    pub form: String,
    /// Column 3, LEMMA.
    pub lemma: String,
    /// Column 4, UPOS (`_` kept as is).
    pub upos: String,
    /// Column 5, XPOS (`_` kept as is).
    pub xpos: String,
    /// Column 6, FEATS.
    pub feats: String,
    /// Column 7, HEAD: 0 for the root, `None` when the column is `_`.
    pub head: Option<u32>,
    /// Column 8, DEPREL (`_` kept as is).
    pub deprel: String,
    /// Column 9, DEPS.
    pub deps: String,
    /// Column 10, MISC.
    pub misc: String,
    /// The 1-based line of the word in its file, for error messages.
    pub line: usize,
}

/// A multiword token: the surface form of several syntactic words (`don't` for `do` `n't`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Multiword {
    /// The ID of its first word.
    pub first: usize,
    /// The ID of its last word.
    pub last: usize,
    /// Column 2, the surface form.
    pub form: String,
    /// Column 10, MISC.
    pub misc: String,
    /// The 1-based line in its file.
    pub line: usize,
}

impl Sentence {
    /// The `sent_id` comment's value, if there is one.
    pub fn id(&self) -> Option<&str> {
        self.comments.iter().rev().find_map(|c| {
            let id = c.strip_prefix("sent_id")?;
            Some(id.trim_start().trim_start_matches('=').trim())
        })
    }

    /// The word forms, in order.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }
}

impl Word {
    /// False when MISC has `SpaceAfter=No`.
    pub fn space_after(&self) -> bool {
        space_after(&self.misc)
    }

    /// The value of `key` in MISC (`Entity` in `Entity=(1-person)|SpaceAfter=No`).
    pub fn misc_value(&self, key: &str) -> Option<&str> {
        misc_value(&self.misc, key)
    }
}

impl Multiword {
    /// False when MISC has `SpaceAfter=No`.
    pub fn space_after(&self) -> bool {
        space_after(&self.misc)
    }
}

fn space_after(misc: &str) -> bool {
    !misc.split('|').any(|m| m == "SpaceAfter=No")
}

fn misc_value<'a>(misc: &'a str, key: &str) -> Option<&'a str> {
    misc.split('|')
        .find_map(|m| m.strip_prefix(key)?.strip_prefix('='))
}

/// Reads every sentence of the CoNLL-U file at `path`.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>, CorpusError> {
    let text = read_to_string(path)?;
    parse_str(&text, path)
}

/// Parses CoNLL-U text; `name` stands for the file in error messages.
pub fn parse_str(text: &str, name: impl AsRef<Path>) -> Result<Vec<Sentence>, CorpusError> {
    let name = name.as_ref();
    let err = |line: usize, message: String| CorpusError::format(name, line, message);
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    for (i, raw) in text.lines().enumerate() {
        let lineno = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            if !current.words.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            current.comments.push(comment.trim().to_string());
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
        if id.contains('.') {
            // An empty node of the enhanced graph: not a word of the sentence.
            continue;
        }
        let next = current.words.len() + 1;
        if let Some((first, last)) = id.split_once('-') {
            let range = first.parse::<usize>().ok().zip(last.parse::<usize>().ok());
            let Some((first, last)) = range.filter(|&(a, b)| a == next && a <= b) else {
                return Err(err(
                    lineno,
                    format!("bad multiword token ID {id:?} (the next word is {next})"),
                ));
            };
            current.multiwords.push(Multiword {
                first,
                last,
                form: cols[1].to_string(),
                misc: cols[9].to_string(),
                line: lineno,
            });
            continue;
        }
        let id: usize = id
            .parse()
            .map_err(|_| err(lineno, format!("bad word ID {id:?}")))?;
        if id != next {
            return Err(err(
                lineno,
                format!("word ID {id} out of sequence (expected {next})"),
            ));
        }
        let head = match cols[6] {
            "_" => None,
            h => Some(
                h.parse::<u32>()
                    .map_err(|_| err(lineno, format!("bad HEAD {h:?}")))?,
            ),
        };
        current.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
            line: lineno,
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

    const SAMPLE: &str = "# sent_id = s1\n# text = I don't.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n2\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t0\troot\t_\tSpaceAfter=No\n3.1\tx\tx\tX\tXX\t_\t_\t_\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n# newpar\n\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\tEntity=(1-person)\n";

    #[test]
    fn reads_words_multiword_tokens_and_comments_and_skips_empty_nodes() {
        let s = parse_str(SAMPLE, "sample").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].id(), Some("s1"));
        assert_eq!(s[0].comments, ["sent_id = s1", "text = I don't."]);
        assert_eq!(s[0].forms(), vec!["I", "do", "n't", "."]);
        assert_eq!(s[0].words[1].xpos, "VBP");
        assert_eq!(s[0].words[1].line, 5);
        assert!(!s[0].words[2].space_after());
        assert_eq!(s[0].words[2].head, Some(0));
        assert_eq!(
            s[0].multiwords,
            [Multiword {
                first: 2,
                last: 3,
                form: "don't".into(),
                misc: "SpaceAfter=No".into(),
                line: 4
            }]
        );
        assert!(!s[0].multiwords[0].space_after());
        // The comment of a block without words goes with the next sentence.
        assert_eq!(s[1].comments, ["newpar"]);
        assert_eq!(s[1].forms(), vec!["Hi"]);
        assert_eq!(s[1].words[0].misc_value("Entity"), Some("(1-person)"));
        assert_eq!(s[1].words[0].misc_value("Ent"), None);
    }

    #[test]
    fn errors_name_file_and_line() {
        let short = "1\tI\tI\n";
        let e = parse_str(short, "short.conllu").unwrap_err();
        assert_eq!(
            e.to_string(),
            "short.conllu:1: expected 10 tab-separated columns, found 3"
        );
        let gap = "1\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n3\tx\tx\tX\tNN\t_\t1\tdep\t_\t_\n";
        let e = parse_str(gap, "gap.conllu").unwrap_err();
        assert_eq!(
            e.to_string(),
            "gap.conllu:2: word ID 3 out of sequence (expected 2)"
        );
        let range = "1-x\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n";
        let e = parse_str(range, "range.conllu").unwrap_err();
        assert!(
            e.to_string().starts_with("range.conllu:1: bad multiword"),
            "{e}"
        );
        let head = "1\tI\tI\tPRON\tPRP\t_\tx\troot\t_\t_\n";
        let e = parse_str(head, "head.conllu").unwrap_err();
        assert_eq!(e.to_string(), "head.conllu:1: bad HEAD \"x\"");
        let e = read_file(Path::new("/nonexistent/x.conllu")).unwrap_err();
        assert!(e.to_string().starts_with("/nonexistent/x.conllu: "), "{e}");
    }
}
