//! Treebank sentences as the tagger trains on them: the syntactic words of UD English-EWT with
//! their XPOS tags parsed, read with `whosaid-corpora`'s CoNLL-U reader.

use std::path::Path;

use whosaid_corpora::{conllu, CorpusError};
use whosaid_tagger::Tag;

/// One syntactic word of a treebank sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// FORM.
    pub form: String,
    /// UPOS (`_` kept as is).
    pub upos: String,
    /// XPOS, parsed: the gold tag.
    pub xpos: Tag,
    /// HEAD: 0 for the root, `None` when the column is `_`.
    pub head: Option<u32>,
    /// DEPREL (`_` kept as is).
    pub deprel: String,
    /// False when MISC has `SpaceAfter=No`.
    pub space_after: bool,
}

/// One sentence: its syntactic words in order (multiword tokens and empty nodes are not
/// words: the tagger tags the words).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The `# sent_id` comment, if there was one.
    pub id: Option<String>,
    /// The words, word `i` having CoNLL-U ID `i + 1`.
    pub words: Vec<Word>,
}

impl Sentence {
    /// The word forms, ready for [`whosaid_tagger::Tagger::tag`].
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }

    /// The gold tags.
    pub fn tags(&self) -> Vec<Tag> {
        self.words.iter().map(|w| w.xpos).collect()
    }

    /// The sentence of a CoNLL-U file; `path` names the file in the error an unknown XPOS
    /// gives.
    pub fn from_conllu(sentence: &conllu::Sentence, path: &Path) -> Result<Sentence, CorpusError> {
        let words = sentence
            .words
            .iter()
            .map(|w| {
                let xpos: Tag = w.xpos.parse().map_err(|e| {
                    CorpusError::format(path, w.line, format!("column 5 (XPOS): {e}"))
                })?;
                Ok(Word {
                    form: w.form.clone(),
                    upos: w.upos.clone(),
                    xpos,
                    head: w.head,
                    deprel: w.deprel.clone(),
                    space_after: w.space_after(),
                })
            })
            .collect::<Result<_, CorpusError>>()?;
        Ok(Sentence {
            id: sentence.id().map(str::to_string),
            words,
        })
    }
}

/// Reads every sentence of the CoNLL-U file at `path`.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>, CorpusError> {
    from_conllu(&conllu::read_file(path)?, path)
}

/// Parses CoNLL-U text; `name` stands for the file in error messages.
pub fn parse_str(text: &str, name: impl AsRef<Path>) -> Result<Vec<Sentence>, CorpusError> {
    let name = name.as_ref();
    from_conllu(&conllu::parse_str(text, name)?, name)
}

fn from_conllu(sentences: &[conllu::Sentence], path: &Path) -> Result<Vec<Sentence>, CorpusError> {
    sentences
        .iter()
        .map(|s| Sentence::from_conllu(s, path))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_and_names_the_line_of_an_unknown_one() {
        let text = "# sent_id = s1\n1\tI\tI\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n2\tgo\tgo\tVERB\tVBP\t_\t0\troot\t_\tSpaceAfter=No\n";
        let s = parse_str(text, "ok.conllu").unwrap();
        assert_eq!(s[0].id.as_deref(), Some("s1"));
        assert_eq!(s[0].tags(), [Tag::PRP, Tag::VBP]);
        assert!(!s[0].words[1].space_after);
        let bad = "1\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n2\tx\tx\tX\tNOPE\t_\t1\tdep\t_\t_\n";
        let e = parse_str(bad, "bad.conllu").unwrap_err();
        assert!(
            e.to_string().starts_with("bad.conllu:2: column 5 (XPOS): "),
            "{e}"
        );
    }
}
