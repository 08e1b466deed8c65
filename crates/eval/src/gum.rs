//! Speaker resolution measured on GUM's gold coreference.
//!
//! PolNeAR marks sources as written ("he", "the candidate") and has no coreference, so it cannot
//! tell whether whosaid resolved "he" to the right person. GUM can: its `Entity=` annotation
//! gives every mention of a person, organisation, … and groups them into chains. We rebuild each
//! document's text from its tokens, run the extractor on it, and check the entity whosaid links
//! each pronoun or description to against the gold chain of that mention.
//!
//! # Definitions
//! Mentions (whosaid's and gold) are classed by their words ([`classify`]):
//! - **pronoun**: a single third-person personal, possessive or reflexive pronoun (`he`, `him`,
//!   `his`, `himself`, `she`, …, `it`, `its`, `they`, `them`, `their`, …);
//! - **description**: starts with `the`, `a`, `an`, `this`, `that`, `these` or `those` and its
//!   head — the last word before a comma, a preposition or a relative pronoun — is lowercase
//!   ("the former ambassador to Kabul", but not "The New York Times");
//! - **named**: otherwise, when a word starts with a capital letter. For gold mentions *named*
//!   means instead that a token of the mention is tagged `PROPN`, which the treebank gives us.
//!
//! For each whosaid entity, its **anchors** are its named mentions, or its first mention (by
//! position) when it has none. Every other mention of the entity that is a pronoun or a
//! description is a **resolution**: whosaid claims it refers to the anchors' referent.
//!
//! A resolution is matched to one gold mention: among the gold mentions sharing a char with it,
//! the one with the same boundaries if any, else the largest overlap, then the closest length.
//! It is **correct** when some anchor shares a char with another gold mention of that gold
//! mention's chain. It is wrong when no gold mention overlaps it (`unmatched`, e.g. a
//! pleonastic "it" — GUM does not mark those) or the anchors touch no mention of its chain.
//!
//! A **candidate** is a gold pronoun or description of a `person` or `organization` chain that
//! has a named gold mention earlier in the same chain: a mention a speaker resolver ought to
//! resolve. A candidate is **covered** when some resolution is matched to it.
//!
//! `accuracy = correct / resolved`, `coverage = covered / candidates`. whosaid only builds
//! entities for speakers and their antecedents, so coverage is bounded well below 1 by design;
//! it is meant for comparing versions of whosaid, not as an absolute figure.

use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use whosaid_corpora::spans::{is_edge_punctuation, is_quote_mark, Fragment};
use whosaid_corpora::{read_to_string, CorpusError};
use whosaid_extract::{Extraction, Extractor};

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
    /// Char offsets into [`GumDocument::text`], end exclusive.
    pub start: usize,
    pub end: usize,
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
    fn fragment(&self) -> Fragment {
        Fragment::new(self.start, self.end)
    }
}

/// The genres speaker resolution is measured on: the ones written like news.
pub const SPEAKER_GENRES: &[&str] = &["news", "interview"];

/// The split speaker resolution is measured on, inside the GUM directory. Dev, not test: this
/// is the figure whosaid is tuned against.
pub const DEV_FILE: &str = "en_gum-ud-dev.conllu";

/// Loads the news and interview documents of GUM's dev split from `gum_dir` (the
/// `ud_english_gum/` folder) and scores `extractor`'s speaker resolution on them.
pub fn run(extractor: &Extractor, gum_dir: &Path) -> Result<ResolutionReport, CorpusError> {
    let docs = load(&gum_dir.join(DEV_FILE), SPEAKER_GENRES)?;
    Ok(score_speaker_resolution(extractor, &docs))
}

/// Loads the documents of a GUM CoNLL-U file whose genre is in `genres` (all when empty).
pub fn load(conllu: &Path, genres: &[&str]) -> Result<Vec<GumDocument>, CorpusError> {
    let content = read_to_string(conllu)?;
    let docs = parse_conllu(conllu, &content)?;
    Ok(docs
        .into_iter()
        .filter(|d| genres.is_empty() || genres.contains(&d.genre.as_str()))
        .collect())
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
struct Word {
    start: usize,
    end: usize,
    propn: bool,
}

/// The multiword token being read: its word id range, surface span and alignment cursor.
struct Multiword {
    last: usize,
    start: usize,
    end: usize,
    form: Vec<char>,
    cursor: usize,
    aligned: bool,
}

#[derive(Default)]
struct DocBuilder {
    id: String,
    genre: Option<String>,
    text: String,
    len: usize,
    words: Vec<Word>,
    open: Vec<Open>,
    mentions: Vec<(GoldMention, usize)>,
    newpar: bool,
    sentence_started: bool,
    space_pending: bool,
    multiword: Option<Multiword>,
}

impl DocBuilder {
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

    fn finish(mut self, path: &Path) -> Result<GumDocument, CorpusError> {
        if let Some(open) = self.open.first() {
            return Err(CorpusError::format(
                path,
                open.line,
                format!("mention of group {} is never closed", open.group),
            ));
        }
        let chars: Vec<char> = self.text.chars().collect();
        let mut mentions: Vec<GoldMention> = self
            .mentions
            .drain(..)
            .map(|(mut m, _)| {
                m.text = m.fragment().text(&chars);
                m
            })
            .collect();
        let mut sizes: std::collections::HashMap<String, usize> = Default::default();
        for m in &mentions {
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

/// Parses a whole CoNLL-U file into documents. `path` is only used in error messages.
pub fn parse_conllu(path: &Path, content: &str) -> Result<Vec<GumDocument>, CorpusError> {
    let err = |line: usize, message: String| CorpusError::format(path, line, message);
    let mut docs = Vec::new();
    let mut doc: Option<DocBuilder> = None;
    for (i, line) in content.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            if let Some(d) = doc.as_mut() {
                d.sentence_started = false;
                d.space_pending = false;
                d.multiword = None;
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
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
            continue;
        }
        let d = doc.get_or_insert_with(DocBuilder::default);
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(
                line_no,
                format!("expected 10 columns, found {}", cols.len()),
            ));
        }
        let (id, form, upos, misc) = (cols[0], cols[1], cols[3], cols[9]);
        let space_after = !misc.split('|').any(|m| m == "SpaceAfter=No");
        if id.contains('.') {
            continue; // empty node: not part of the surface text
        }
        if let Some((first, last)) = id.split_once('-') {
            let parse = |s: &str| {
                s.parse::<usize>()
                    .map_err(|_| err(line_no, format!("bad multiword token id {id:?}")))
            };
            let (_, last) = (parse(first)?, parse(last)?);
            let (start, end) = d.push_token(form, space_after);
            d.multiword = Some(Multiword {
                last,
                start,
                end,
                form: form.chars().collect(),
                cursor: 0,
                aligned: true,
            });
            continue;
        }
        let word_id: usize = id
            .parse()
            .map_err(|_| err(line_no, format!("bad token id {id:?}")))?;
        let (start, end) = match d.multiword.as_mut() {
            Some(mw) if word_id <= mw.last => {
                // A syntactic word inside a multiword token: align it with the surface form
                // ("daughter's" = "daughter" + "'s"), else give it the whole token.
                let word: Vec<char> = form.chars().collect();
                let rest = &mw.form[mw.cursor.min(mw.form.len())..];
                let fits = mw.aligned
                    && rest.len() >= word.len()
                    && rest
                        .iter()
                        .zip(&word)
                        .all(|(a, b)| a.to_lowercase().eq(b.to_lowercase()));
                let span = if fits {
                    let s = mw.start + mw.cursor;
                    mw.cursor += word.len();
                    if word_id == mw.last && mw.cursor != mw.form.len() {
                        (s, mw.end)
                    } else {
                        (s, s + word.len())
                    }
                } else {
                    mw.aligned = false;
                    (mw.start, mw.end)
                };
                if word_id == mw.last {
                    d.multiword = None;
                }
                span
            }
            _ => {
                d.multiword = None;
                d.push_token(form, space_after)
            }
        };
        let word = d.words.len();
        d.words.push(Word {
            start,
            end,
            propn: upos == "PROPN",
        });
        if let Some(value) = misc.split('|').find_map(|m| m.strip_prefix("Entity=")) {
            parse_entity(value, word, line_no, d).map_err(|m| err(line_no, m))?;
        }
    }
    if let Some(d) = doc.take() {
        docs.push(d.finish(path)?);
    }
    Ok(docs)
}

/// Applies one token's `Entity=` value: `(GRP-type-…` opens a mention, `(GRP-type-…)` is a
/// one-word mention, `GRP)` closes the innermost open mention of that group.
fn parse_entity(value: &str, word: usize, line: usize, d: &mut DocBuilder) -> Result<(), String> {
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
            d.open.push(Open {
                group,
                entity_type,
                first_word: word,
                line,
            });
            if j < bytes.len() && bytes[j] == b')' {
                close(d, d.open.len() - 1, word);
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
            let index = d
                .open
                .iter()
                .rposition(|o| o.group == group)
                .ok_or_else(|| format!("closes group {group}, which is not open"))?;
            close(d, index, word);
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

fn close(d: &mut DocBuilder, index: usize, last_word: usize) {
    let open = d.open.remove(index);
    let words = &d.words[open.first_word..=last_word];
    let mention = GoldMention {
        start: words.iter().map(|w| w.start).min().unwrap_or(0),
        end: words.iter().map(|w| w.end).max().unwrap_or(0),
        text: String::new(),
        chain: open.group,
        entity_type: open.entity_type,
        named: words.iter().any(|w| w.propn),
        singleton: false,
    };
    d.mentions.push((mention, open.first_word));
}

/// How a mention refers, judged from its words (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionClass {
    Pronoun,
    Description,
    Named,
    Other,
}

const PRONOUNS: &[&str] = &[
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
];

const DETERMINERS: &[&str] = &["the", "a", "an", "this", "that", "these", "those"];

/// Words after which a description's head has been passed.
const HEAD_STOPS: &[&str] = &[
    "of", "who", "whom", "whose", "which", "that", "from", "in", "at", "for", "with", "on", "to",
    "by", "and", "or", "as",
];

/// Classes a mention by its text (see the module documentation).
pub fn classify(text: &str) -> MentionClass {
    let words: Vec<(&str, bool)> = text
        .split_whitespace()
        .map(|w| {
            let trimmed = w.trim_matches(|c: char| is_quote_mark(c) || is_edge_punctuation(c));
            (trimmed, w.ends_with(','))
        })
        .filter(|(w, _)| !w.is_empty())
        .collect();
    let Some(&(first, _)) = words.first() else {
        return MentionClass::Other;
    };
    let first_lower = first.to_lowercase();
    if words.len() == 1 && PRONOUNS.contains(&first_lower.as_str()) {
        return MentionClass::Pronoun;
    }
    if words.len() >= 2 && DETERMINERS.contains(&first_lower.as_str()) {
        let mut head = None;
        for &(w, comma) in &words[1..] {
            if HEAD_STOPS.contains(&w.to_lowercase().as_str()) {
                break;
            }
            head = Some(w);
            if comma {
                break;
            }
        }
        if head.is_some_and(|h| h.chars().next().is_some_and(char::is_lowercase)) {
            return MentionClass::Description;
        }
    }
    if words
        .iter()
        .any(|(w, _)| w.chars().next().is_some_and(char::is_uppercase))
    {
        MentionClass::Named
    } else {
        MentionClass::Other
    }
}

/// Accuracy and coverage of speaker resolution (definitions in the module documentation).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ResolutionReport {
    pub documents: usize,
    /// whosaid's pronoun and description mentions linked to an anchor.
    pub resolved: usize,
    /// Resolutions whose anchors touch the gold chain of the resolved mention.
    pub correct: usize,
    /// Resolutions that overlap no gold mention at all (counted as wrong).
    pub unmatched: usize,
    /// Gold pronouns and descriptions of person/organization chains with a named antecedent.
    pub candidates: usize,
    /// Candidates matched by at least one resolution.
    pub covered: usize,
    /// `correct / resolved` (0 when nothing was resolved).
    pub accuracy: f64,
    /// `covered / candidates` (0 when there are no candidates).
    pub coverage: f64,
}

impl fmt::Display for ResolutionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "speaker resolution on {} GUM documents: accuracy {:.1}% ({} of {} resolved, {} \
             unmatched), coverage {:.1}% ({} of {} candidates)",
            self.documents,
            100.0 * self.accuracy,
            self.correct,
            self.resolved,
            self.unmatched,
            100.0 * self.coverage,
            self.covered,
            self.candidates
        )
    }
}

/// Runs `extractor` on every document (in parallel) and scores its speaker resolution.
pub fn score_speaker_resolution(extractor: &Extractor, docs: &[GumDocument]) -> ResolutionReport {
    let extractions: Vec<Extraction> = docs
        .par_iter()
        .map(|d| extractor.extract(&d.text))
        .collect();
    score_resolutions(docs, &extractions)
}

/// Scores extractions already made, `extractions[i]` being the output for `docs[i]` (missing
/// ones count as empty).
pub fn score_resolutions(docs: &[GumDocument], extractions: &[Extraction]) -> ResolutionReport {
    let mut report = ResolutionReport {
        documents: docs.len(),
        ..ResolutionReport::default()
    };
    let empty = Extraction::default();
    for (i, doc) in docs.iter().enumerate() {
        score_document(doc, extractions.get(i).unwrap_or(&empty), &mut report);
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    report.accuracy = ratio(report.correct, report.resolved);
    report.coverage = ratio(report.covered, report.candidates);
    report
}

fn score_document(doc: &GumDocument, extraction: &Extraction, report: &mut ResolutionReport) {
    let gold = &doc.mentions;
    let classes: Vec<MentionClass> = gold.iter().map(|m| classify(&m.text)).collect();
    let candidates: HashSet<usize> = (0..gold.len())
        .filter(|&g| {
            let m = &gold[g];
            matches!(m.entity_type.as_str(), "person" | "organization")
                && matches!(
                    classes[g],
                    MentionClass::Pronoun | MentionClass::Description
                )
                && gold
                    .iter()
                    .any(|a| a.chain == m.chain && a.named && a.start < m.start)
        })
        .collect();
    report.candidates += candidates.len();

    let mut covered = HashSet::new();
    for entity in &extraction.entities {
        let mut mentions: Vec<(Fragment, MentionClass)> = entity
            .mentions
            .iter()
            .map(|s| (Fragment::new(s.start, s.end), classify(&s.text)))
            .filter(|(f, _)| !f.is_empty())
            .collect();
        mentions.sort_by_key(|(f, _)| *f);
        mentions.dedup_by_key(|(f, _)| *f);
        let named: Vec<Fragment> = mentions
            .iter()
            .filter(|(_, c)| *c == MentionClass::Named)
            .map(|(f, _)| *f)
            .collect();
        let anchors = if named.is_empty() {
            mentions.first().map(|(f, _)| vec![*f]).unwrap_or_default()
        } else {
            named
        };
        for (fragment, class) in &mentions {
            if anchors.contains(fragment)
                || !matches!(class, MentionClass::Pronoun | MentionClass::Description)
            {
                continue;
            }
            report.resolved += 1;
            let Some(g) = best_gold(gold, fragment) else {
                report.unmatched += 1;
                continue;
            };
            if candidates.contains(&g) {
                covered.insert(g);
            }
            let chain = &gold[g].chain;
            let correct = anchors.iter().any(|a| {
                gold.iter()
                    .enumerate()
                    .any(|(k, m)| k != g && &m.chain == chain && m.fragment().overlap(a) > 0)
            });
            if correct {
                report.correct += 1;
            }
        }
    }
    report.covered += covered.len();
}

/// The gold mention a predicted mention stands for: same boundaries if any, else the largest
/// overlap, then the closest length, then the earliest.
fn best_gold(gold: &[GoldMention], mention: &Fragment) -> Option<usize> {
    gold.iter()
        .enumerate()
        .filter_map(|(k, m)| {
            let overlap = m.fragment().overlap(mention);
            (overlap > 0).then(|| {
                let exact = m.start == mention.start && m.end == mention.end;
                let diff = m.fragment().len().abs_diff(mention.len());
                (
                    k,
                    (
                        exact,
                        overlap,
                        std::cmp::Reverse(diff),
                        std::cmp::Reverse(k),
                    ),
                )
            })
        })
        .max_by_key(|(_, key)| *key)
        .map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(classify("he"), MentionClass::Pronoun);
        assert_eq!(classify("Their"), MentionClass::Pronoun);
        assert_eq!(classify("the former ambassador"), MentionClass::Description);
        assert_eq!(
            classify("the ambassador of Afghanistan"),
            MentionClass::Description
        );
        assert_eq!(classify("The New York Times"), MentionClass::Named);
        assert_eq!(classify("Ambassador Mohib"), MentionClass::Named);
        assert_eq!(classify("officials"), MentionClass::Other);
    }
}
