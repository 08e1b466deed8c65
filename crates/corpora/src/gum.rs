//! Loading GUM's documents and gold coreference from its CoNLL-U files.
//!
//! GUM marks every mention of a person, organisation, place, … in the `Entity=` field of MISC
//! and groups the mentions into chains. A document's text is rebuilt from its tokens (a
//! multiword token's surface form, not its words; a space unless `SpaceAfter=No`; a newline
//! between sentences and a blank line between paragraphs), and every mention becomes a
//! char-offset span of that text with its chain, so that a system's output on the text can be
//! scored against it (`whosaid-eval` measures speaker resolution so).

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::conllu::{self, Sentence, Word};
use crate::error::{read_to_string, CorpusError};
use crate::spans::Fragment;

/// One GUM document with its rebuilt text and gold mentions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GumDocument {
    /// `# newdoc id` (`GUM_news_homeopathic`).
    pub id: String,
    /// `# meta::genre`, or the second part of the id when that comment is missing.
    pub genre: String,
    /// The document's text: token forms (a multiword token's surface form, not its words)
    /// joined by a space unless `SpaceAfter=No`, sentences separated by a newline, paragraphs
    /// (`# newpar`) by a blank line.
    pub text: String,
    /// Gold mentions in order of their closing token (inner before outer).
    pub mentions: Vec<GoldMention>,
}

/// A gold mention: a span of the document's text and its chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoldMention {
    /// Char offset into [`GumDocument::text`] where the mention starts.
    pub start: usize,
    /// Char offset where it ends, exclusive.
    pub end: usize,
    /// The mention's text.
    pub text: String,
    /// The entity group number: mentions with the same `chain` in a document corefer.
    pub chain: String,
    /// `person`, `organization`, `place`, `event`, …
    pub entity_type: String,
    /// Whether a token of the mention is a proper noun (`PROPN`).
    pub named: bool,
    /// Whether this is the only mention of its chain (GUM marks most of these `sgl`).
    pub singleton: bool,
}

impl GoldMention {
    /// The mention's span.
    pub fn fragment(&self) -> Fragment {
        Fragment::new(self.start, self.end)
    }
}

/// Loads the documents of a GUM CoNLL-U file whose genre is in `genres` (all when empty).
pub fn load(conllu: &Path, genres: &[&str]) -> Result<Vec<GumDocument>, CorpusError> {
    let content = read_to_string(conllu)?;
    let docs = parse(conllu, &content)?;
    Ok(docs
        .into_iter()
        .filter(|d| genres.is_empty() || genres.contains(&d.genre.as_str()))
        .collect())
}

/// Parses a whole CoNLL-U file into documents. `path` is only used in error messages.
pub fn parse(path: &Path, content: &str) -> Result<Vec<GumDocument>, CorpusError> {
    let mut docs = Vec::new();
    let mut doc: Option<DocBuilder> = None;
    for sentence in conllu::parse_str(content, path)? {
        for comment in &sentence.comments {
            if let Some(id) = comment.strip_prefix("newdoc id =") {
                if let Some(d) = doc.take() {
                    docs.push(d.finish(path)?);
                }
                doc = Some(DocBuilder {
                    id: id.trim().to_string(),
                    ..DocBuilder::default()
                });
            } else if let Some(d) = doc.as_mut() {
                if let Some(genre) = comment.strip_prefix("meta::genre =") {
                    d.genre = Some(genre.trim().to_string());
                } else if comment == "newpar" || comment.starts_with("newpar ") {
                    d.newpar = true;
                }
            }
        }
        let d = doc.get_or_insert_with(DocBuilder::default);
        d.add_sentence(&sentence)
            .map_err(|(line, message)| CorpusError::format(path, line, message))?;
    }
    if let Some(d) = doc.take() {
        docs.push(d.finish(path)?);
    }
    Ok(docs)
}

/// An open mention: its group, entity type, first word (index into the document's words) and
/// the line that opened it.
struct Open {
    group: String,
    entity_type: String,
    first_word: usize,
    line: usize,
}

/// A syntactic word's place in the text.
struct Placed {
    start: usize,
    end: usize,
    propn: bool,
}

/// The multiword token being read: its last word's id, surface span and alignment cursor.
struct Surface {
    last: usize,
    start: usize,
    end: usize,
    form: Vec<char>,
    cursor: usize,
    aligned: bool,
}

/// A document being read, sentence by sentence.
#[derive(Default)]
struct DocBuilder {
    id: String,
    genre: Option<String>,
    text: String,
    /// Length of `text` in chars.
    len: usize,
    words: Vec<Placed>,
    open: Vec<Open>,
    mentions: Vec<GoldMention>,
    newpar: bool,
    sentence_started: bool,
    space_pending: bool,
}

impl DocBuilder {
    /// Appends a sentence's tokens to the text and opens and closes its mentions. An error is
    /// a line number and what is wrong there.
    fn add_sentence(&mut self, sentence: &Sentence) -> Result<(), (usize, String)> {
        self.sentence_started = false;
        self.space_pending = false;
        let mut multiwords = sentence.multiwords.iter().peekable();
        let mut surface: Option<Surface> = None;
        for (i, word) in sentence.words.iter().enumerate() {
            let id = i + 1;
            if let Some(mw) = multiwords.next_if(|mw| mw.first == id) {
                let (start, end) = self.push_token(&mw.form, mw.space_after());
                surface = Some(Surface {
                    last: mw.last,
                    start,
                    end,
                    form: mw.form.chars().collect(),
                    cursor: 0,
                    aligned: true,
                });
            }
            let (start, end) = match surface.as_mut() {
                Some(mw) if id <= mw.last => {
                    let span = mw.align(&word.form, id);
                    if id == mw.last {
                        surface = None;
                    }
                    span
                }
                _ => {
                    surface = None;
                    self.push_token(&word.form, word.space_after())
                }
            };
            self.add_word(word, start, end)?;
        }
        Ok(())
    }

    /// Records a word's place and the mentions its `Entity=` value opens and closes.
    fn add_word(&mut self, word: &Word, start: usize, end: usize) -> Result<(), (usize, String)> {
        let index = self.words.len();
        self.words.push(Placed {
            start,
            end,
            propn: word.upos == "PROPN",
        });
        if let Some(value) = word.misc_value("Entity") {
            self.parse_entity(value, index, word.line)
                .map_err(|m| (word.line, m))?;
        }
        Ok(())
    }

    /// Appends a surface token to the text and returns its char span.
    fn push_token(&mut self, form: &str, space_after: bool) -> (usize, usize) {
        if !self.sentence_started {
            if self.len > 0 {
                let sep = if self.newpar { "\n\n" } else { "\n" };
                self.text.push_str(sep);
                self.len += sep.len();
            }
            self.newpar = false;
            self.sentence_started = true;
        } else if self.space_pending {
            self.text.push(' ');
            self.len += 1;
        }
        let start = self.len;
        self.text.push_str(form);
        self.len += form.chars().count();
        self.space_pending = space_after;
        (start, self.len)
    }

    /// Applies one token's `Entity=` value: `(GRP-type-…` opens a mention, `(GRP-type-…)` is
    /// a one-word mention, `GRP)` closes the innermost open mention of that group.
    fn parse_entity(&mut self, value: &str, word: usize, line: usize) -> Result<(), String> {
        let bytes = value.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'(' {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'(' && bytes[j] != b')' {
                    j += 1;
                }
                let attrs = &value[i + 1..j];
                let mut fields = attrs.split('-');
                let group = fields.next().unwrap_or_default().to_string();
                let entity_type = fields.next().unwrap_or_default().to_string();
                if group.is_empty() {
                    return Err(format!("mention without a group in Entity={value}"));
                }
                self.open.push(Open {
                    group,
                    entity_type,
                    first_word: word,
                    line,
                });
                if j < bytes.len() && bytes[j] == b')' {
                    self.close(self.open.len() - 1, word);
                    j += 1;
                }
                i = j;
            } else if bytes[i].is_ascii_alphanumeric() {
                let mut j = i;
                while j < bytes.len() && bytes[j] != b')' && bytes[j] != b'(' {
                    j += 1;
                }
                if j == bytes.len() || bytes[j] != b')' {
                    return Err(format!("unterminated close in Entity={value}"));
                }
                let group = &value[i..j];
                let index = self
                    .open
                    .iter()
                    .rposition(|o| o.group == group)
                    .ok_or_else(|| format!("closes group {group}, which is not open"))?;
                self.close(index, word);
                i = j + 1;
            } else {
                return Err(format!(
                    "unexpected {:?} in Entity={value}",
                    bytes[i] as char
                ));
            }
        }
        Ok(())
    }

    /// Closes the open mention at `index` on word `last_word`.
    fn close(&mut self, index: usize, last_word: usize) {
        let open = self.open.remove(index);
        let words = &self.words[open.first_word..=last_word];
        self.mentions.push(GoldMention {
            start: words.iter().map(|w| w.start).min().unwrap_or(0),
            end: words.iter().map(|w| w.end).max().unwrap_or(0),
            text: String::new(),
            chain: open.group,
            entity_type: open.entity_type,
            named: words.iter().any(|w| w.propn),
            singleton: false,
        });
    }

    fn finish(self, path: &Path) -> Result<GumDocument, CorpusError> {
        if let Some(open) = self.open.first() {
            return Err(CorpusError::format(
                path,
                open.line,
                format!("mention of group {} is never closed", open.group),
            ));
        }
        let chars: Vec<char> = self.text.chars().collect();
        let mut mentions = self.mentions;
        let mut sizes: HashMap<String, usize> = HashMap::new();
        for m in &mut mentions {
            m.text = m.fragment().text(&chars);
            *sizes.entry(m.chain.clone()).or_default() += 1;
        }
        for m in &mut mentions {
            m.singleton = sizes[&m.chain] == 1;
        }
        let genre = self.genre.unwrap_or_else(|| {
            self.id
                .split('_')
                .nth(1)
                .map(str::to_string)
                .unwrap_or_default()
        });
        Ok(GumDocument {
            id: self.id,
            genre,
            text: self.text,
            mentions,
        })
    }
}

impl Surface {
    /// The span of word `id`, a word of this multiword token: aligned with the surface form
    /// where it spells part of it ("daughter's" = "daughter" + "'s"), else the whole token.
    fn align(&mut self, form: &str, id: usize) -> (usize, usize) {
        let word: Vec<char> = form.chars().collect();
        let rest = &self.form[self.cursor.min(self.form.len())..];
        let fits = self.aligned
            && rest.len() >= word.len()
            && rest
                .iter()
                .zip(&word)
                .all(|(a, b)| a.to_lowercase().eq(b.to_lowercase()));
        if fits {
            let s = self.start + self.cursor;
            self.cursor += word.len();
            if id == self.last && self.cursor != self.form.len() {
                (s, self.end)
            } else {
                (s, s + word.len())
            }
        } else {
            self.aligned = false;
            (self.start, self.end)
        }
    }
}
