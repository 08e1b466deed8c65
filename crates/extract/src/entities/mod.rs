//! Who the speakers are: proper-name mentions grouped into entities, and each statement's
//! source mentions (names, pronouns, descriptions) resolved to one of them.
//!
//! Names link by their tokens ("Rutte" and "Sir Keir" to "Mark Rutte" and "Keir Starmer"),
//! pronouns to the nearest compatible antecedent (favouring the last speaker, disfavouring
//! people who were only talked about), descriptions to the entity the article gave that role
//! ("the NATO leader"), or, when nothing earlier fits, to the entity named as the subject of the
//! next sentence (the news lede's "NATO's Secretary General has cautioned … Mark Rutte
//! delivered these comments …").
//!
//! [`resolve`] finds the names first ([`names`]), so that every source can look back and
//! ahead at them, then resolves the statements' sources in order ([`sources`], which hands
//! pronouns to [`pronouns`] and descriptions to [`descriptions`]): a pronoun prefers the
//! speakers resolved before it.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use whosaid_tagger::Tag;

use crate::article::Article;
use crate::lexicon::Gender;
use crate::rules::{Rule, Rules};
use crate::statements::Found;
use crate::EntityType;

mod descriptions;
mod interviews;
mod names;
mod pronouns;
mod sources;

/// An entity under construction, with token ranges for mentions.
#[derive(Clone, Debug)]
pub(crate) struct EntityDraft {
    pub name: String,
    /// The name's words, for linking shorter forms ("Rutte", "Keir").
    name_words: Vec<String>,
    pub entity_type: EntityType,
    pub roles: Vec<String>,
    pub mentions: Vec<Range<usize>>,
    gender: Gender,
    acronym: Option<String>,
    /// Lowercased words of its roles and descriptions, for matching descriptions.
    description_words: HashSet<String>,
}

/// A proper-name mention found in the text.
#[derive(Clone, Debug)]
struct NameMention {
    /// Everything as written: role, honorific and name ("Ukrainian Foreign Minister Andrii Sybiha").
    full: Range<usize>,
    /// The name alone ("Andrii Sybiha").
    name: Range<usize>,
    acronym: Option<usize>,
    entity: usize,
}

/// The entities of one article and who spoke each statement.
pub(crate) struct Resolution {
    pub entities: Vec<EntityDraft>,
    /// For each statement, its speakers (entity indexes).
    pub speakers: Vec<Vec<usize>>,
}

/// The entities of `article` and the speakers of each statement of `found`, in order. Only the
/// conventions of `rules` apply (see [`crate::rules`]).
pub(crate) fn resolve(article: &Article, found: &[Found], rules: Rules) -> Resolution {
    let mut resolver = Resolver {
        article,
        rules,
        entities: Vec::new(),
        names: Vec::new(),
        names_by_end: HashMap::new(),
        names_by_start: HashMap::new(),
        entities_by_word: HashMap::new(),
        entities_by_initials: HashMap::new(),
        name_history: Vec::new(),
        speaker_history: Vec::new(),
        in_content: vec![false; article.len()],
        interview: None,
    };
    for statement in found {
        for content in &statement.contents {
            resolver.in_content[content.clone()].fill(true);
        }
    }
    resolver.find_names();
    let mut speakers: Vec<Vec<usize>> = Vec::with_capacity(found.len());
    for (index, statement) in found.iter().enumerate() {
        let resolved = match &statement.source {
            // "“And I said, ‘I want more.’”": "I" inside a quotation is whoever speaks it.
            Some(source) if rules.contains(Rule::NestedQuotes) && is_quoted_i(article, source) => {
                enclosing_speakers(found, &speakers, index, source.start)
            }
            Some(source) => resolver.resolve_source(source.clone()),
            None => Vec::new(),
        };
        let at = statement.cue.as_ref().map_or_else(
            || statement.contents.first().map_or(0, |c| c.start),
            |c| c.start,
        );
        for &entity in &resolved {
            resolver.speaker_history.push((at, entity));
        }
        speakers.push(resolved);
    }
    Resolution {
        entities: resolver.entities,
        speakers,
    }
}

/// Whether `source` is "I" or "we" inside a quotation.
fn is_quoted_i(article: &Article, source: &Range<usize>) -> bool {
    source.len() == 1
        && article.in_quote(source.start)
        && matches!(article.lower(source.start), "i" | "we")
}

/// The speakers of the last statement before `index` whose content holds `token`: who speaks
/// the quotation a nested statement is in. Statements come in text order, so the one is among
/// the last few; looking no further keeps a page of nested quotes linear.
fn enclosing_speakers(
    found: &[Found],
    speakers: &[Vec<usize>],
    index: usize,
    token: usize,
) -> Vec<usize> {
    const LOOK_BACK: usize = 64;
    (index.saturating_sub(LOOK_BACK)..index)
        .rev()
        .find(|&j| found[j].contents.iter().any(|c| c.contains(&token)))
        .map(|j| speakers[j].clone())
        .unwrap_or_default()
}

/// The state of one article's resolution: the entities so far and the indexes that let a
/// mention find its candidates without scanning the whole article.
struct Resolver<'a, 'b> {
    article: &'b Article<'a>,
    /// The conventions that apply.
    rules: Rules,
    entities: Vec<EntityDraft>,
    names: Vec<NameMention>,
    /// Name mentions by the token after their name (or after their acronym's bracket), and by
    /// the first token as written: sources and relative pronouns look names up by position.
    names_by_end: HashMap<usize, usize>,
    names_by_start: HashMap<usize, usize>,
    /// Entities by the lowercased words of their names, so that linking a name looks only at
    /// entities that share a word with it (linear time on long documents).
    entities_by_word: HashMap<String, Vec<usize>>,
    /// Entities by the initials of their names ("EU" for "European Union", with `false`), and
    /// entities named by an acronym alone by the acronym (with `true`), so that an acronym
    /// finds its full name and a full name its acronym (but two full names never each other).
    entities_by_initials: HashMap<(bool, String), usize>,
    /// (token, entity) of every proper-name mention, in text order.
    name_history: Vec<(usize, usize)>,
    /// (token, entity) of every resolved source, in statement order (nearly text order).
    speaker_history: Vec<(usize, usize)>,
    /// Whether each token is inside some statement's content: a person mentioned there was
    /// talked about, and is a less likely antecedent for a pronoun source.
    in_content: Vec<bool>,
    /// Who a transcript's "Q:" and "A:" labels stand for, found when the first is resolved.
    interview: Option<interviews::Interview>,
}

impl Resolver<'_, '_> {
    /// The text of `range` as written.
    fn text(&self, range: Range<usize>) -> &str {
        let article = self.article;
        &article.doc.text[article.doc.byte_range(range)]
    }

    /// The words of `range` joined by single spaces, without possessive endings.
    fn clean_text(&self, range: Range<usize>) -> String {
        let article = self.article;
        let mut out = String::new();
        for token in range {
            if article.tag(token) == Tag::POS || matches!(article.word(token), "’s" | "'s") {
                continue;
            }
            if !out.is_empty()
                && (article.doc.tokens[token].start != article.doc.tokens[token - 1].end
                    || article.tag(token - 1) == Tag::POS)
            {
                out.push(' ');
            }
            out.push_str(article.word(token));
        }
        out
    }
}
