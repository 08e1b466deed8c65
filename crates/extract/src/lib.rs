//! whosaid's extraction core. It owns everything between the text of one article and its list
//! of attributed statements: finding cues, quotes and reported clauses, picking out the mentions
//! of who spoke, and resolving those mentions to the people, organisations and places of the
//! article. Build one [`Extractor`] per process and share it across threads; each call to
//! [`Extractor::extract`] is independent of the others.
//!
//! The extractor runs three learned models: the part-of-speech tagger (`whosaid-tagger`), the
//! attribution-role labeller (`whosaid-attribution`) and its own confidence model
//! ([`models::ConfidenceModel`], which gives each statement its `confidence` and drops what is
//! not an attribution). [`Extractor::new`] uses the ones shipped inside whosaid;
//! [`Extractor::builder`] takes others, such as retrained ones loaded from their files:
//!
//! ```no_run
//! use whosaid_extract::Extractor;
//! use whosaid_extract::models::{Labeller, Tagger};
//!
//! let extractor = Extractor::builder()
//!     .tagger(Tagger::from_file("models/en-ewt-xpos.bin")?)
//!     .labeller(Labeller::from_file("models/polnear-roles.bin")?)
//!     .build();
//! // Or, for a directory that `whosaid train --out models` wrote:
//! let extractor = Extractor::with_models_in("models".as_ref())?;
//! # Ok::<(), whosaid_extract::models::ModelError>(())
//! ```
//!
//! `examples/extract_text.rs` is a whole program around one extractor: `cargo run -p
//! whosaid-extract --example extract_text`.
//!
//! Inside, [`Extractor::extract`] runs five stages, one module each: `article` tags the text
//! and labels its attribution roles, `statements` turns the labels into statements by a list
//! of named passes, `entities` resolves each statement's source to the people,
//! organisations and places of the article, `delivery` reads each statement's act, addressee
//! and medium, and `confidence` weighs what is known of it. `lexicon` holds the word lists the rules consult.
//! Every convention the `statements` and `entities` stages layer on the labeller is a named
//! [`Rule`] that [`Builder::rules`] or [`Extractor::with_rules`] can switch off, to measure
//! what it does ([`rules`]).

#![deny(missing_docs)]

mod article;
mod confidence;
mod delivery;
mod entities;
mod lexicon;
pub mod rules;
mod statements;
mod voice;

pub use voice::date_statements;

pub use rules::{Convention, Rule, Rules};

pub use whosaid_article::{
    Act, Addressee, Entity, EntityType, Extraction, Gender, Medium, MediumType, Span, Speaker,
    SpeakerCategory, Statement, StatementKind, Voice,
};

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use whosaid_attribution::Labeller;
use whosaid_parser::Parser;
use whosaid_tagger::Tagger;
use whosaid_text::CharIndex;

use article::Article;
use confidence::ConfidenceModel;

/// The models an extractor can run, and the error a model file that does not load gives.
pub mod models {
    pub use crate::confidence::ConfidenceModel;
    pub use whosaid_attribution::Labeller;
    pub use whosaid_parser::Parser;
    pub use whosaid_tagger::{ModelError, ModelErrorKind, Tagger};
}

pub use confidence::{Evidence, FEATURES as EVIDENCE_FEATURES};

/// Finds attributed statements in article texts. Built once with its lexicons and models, then
/// shared (`&Extractor` is `Send + Sync`): nothing in it changes after it is built.
#[derive(Clone, Debug)]
pub struct Extractor {
    tagger: Model<Tagger>,
    parser: Model<Parser>,
    labeller: Model<Labeller>,
    confidence: Model<ConfidenceModel>,
    rules: Rules,
}

/// A model the extractor runs: one shipped inside whosaid, parsed once per process, or one the
/// caller gave, shared by the clones of the extractor.
#[derive(Debug)]
enum Model<T: 'static> {
    Shipped(&'static T),
    Given(Arc<T>),
}

impl<T> Model<T> {
    fn get(&self) -> &T {
        match self {
            Model::Shipped(model) => model,
            Model::Given(model) => model,
        }
    }
}

impl<T> Clone for Model<T> {
    fn clone(&self) -> Model<T> {
        match self {
            Model::Shipped(model) => Model::Shipped(model),
            Model::Given(model) => Model::Given(Arc::clone(model)),
        }
    }
}

/// Builds an [`Extractor`] with other models than the shipped ones (see
/// [`Extractor::builder`]). A model that is not given is the shipped one.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    tagger: Option<Arc<Tagger>>,
    parser: Option<Arc<Parser>>,
    labeller: Option<Arc<Labeller>>,
    confidence: Option<Arc<ConfidenceModel>>,
    rules: Rules,
}

impl Builder {
    /// A builder with the shipped models.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Runs `tagger` as the part-of-speech tagger.
    pub fn tagger(&mut self, tagger: Tagger) -> &mut Builder {
        self.tagger = Some(Arc::new(tagger));
        self
    }

    /// Runs `parser` as the dependency parser. It should have been trained on the tags of the
    /// tagger it runs with (`whosaid train` trains them together).
    pub fn parser(&mut self, parser: Parser) -> &mut Builder {
        self.parser = Some(Arc::new(parser));
        self
    }

    /// Runs `labeller` as the attribution-role labeller. It should have been trained on the
    /// tags and parses of the tagger and parser it runs with (`whosaid train` trains them
    /// together).
    pub fn labeller(&mut self, labeller: Labeller) -> &mut Builder {
        self.labeller = Some(Arc::new(labeller));
        self
    }

    /// Gives statements their confidence, and drops those that are not attributions, with
    /// `model` (as `whosaid eval --news … --fit-confidence` fits it).
    pub fn confidence(&mut self, model: ConfidenceModel) -> &mut Builder {
        self.confidence = Some(Arc::new(model));
        self
    }

    /// Applies only `rules` (by default [`Rules::all`], the extractor as it ships): a
    /// research switch, to measure what each rule does (see [`rules`]).
    pub fn rules(&mut self, rules: Rules) -> &mut Builder {
        self.rules = rules;
        self
    }

    /// The extractor. The builder can build more, which share its models.
    pub fn build(&self) -> Extractor {
        Extractor {
            tagger: match &self.tagger {
                Some(tagger) => Model::Given(Arc::clone(tagger)),
                None => Model::Shipped(Tagger::default_model()),
            },
            parser: match &self.parser {
                Some(parser) => Model::Given(Arc::clone(parser)),
                None => Model::Shipped(Parser::default_model()),
            },
            labeller: match &self.labeller {
                Some(labeller) => Model::Given(Arc::clone(labeller)),
                None => Model::Shipped(Labeller::default_model()),
            },
            confidence: match &self.confidence {
                Some(model) => Model::Given(Arc::clone(model)),
                None => Model::Shipped(ConfidenceModel::default_model()),
            },
            rules: self.rules,
        }
    }
}

impl Default for Extractor {
    fn default() -> Extractor {
        Extractor::new()
    }
}

impl Extractor {
    /// An extractor with the models and lexicons that ship inside whosaid.
    pub fn new() -> Extractor {
        Builder::new().build()
    }

    /// A builder for an extractor with other models: `Extractor::builder().tagger(t)
    /// .labeller(l).build()`.
    pub fn builder() -> Builder {
        Builder::new()
    }

    /// An extractor with the models in `dir`, as `whosaid train --out DIR` writes them:
    /// `dir/`[`Tagger::FILE_NAME`], `dir/`[`Parser::FILE_NAME`] and `dir/`[`Labeller::FILE_NAME`],
    /// all required, and
    /// `dir/`[`ConfidenceModel::FILE_NAME`] if it is there (else the shipped one). A missing,
    /// damaged or foreign file is an error that names it.
    pub fn with_models_in(dir: &Path) -> Result<Extractor, models::ModelError> {
        let mut builder = Extractor::builder();
        builder
            .tagger(Tagger::from_file(dir.join(Tagger::FILE_NAME))?)
            .parser(Parser::from_file(dir.join(Parser::FILE_NAME))?)
            .labeller(Labeller::from_file(dir.join(Labeller::FILE_NAME))?);
        let confidence = dir.join(ConfidenceModel::FILE_NAME);
        if confidence.exists() {
            builder.confidence(ConfidenceModel::from_file(confidence)?);
        }
        Ok(builder.build())
    }

    /// This extractor with `model` as its confidence model, its other models shared.
    pub fn with_confidence(&self, model: ConfidenceModel) -> Extractor {
        Extractor {
            confidence: Model::Given(Arc::new(model)),
            ..self.clone()
        }
    }

    /// This extractor applying only `rules`, its models shared: what an ablation runs (see
    /// [`rules`]).
    pub fn with_rules(&self, rules: Rules) -> Extractor {
        Extractor {
            rules,
            ..self.clone()
        }
    }

    /// The rules this extractor applies.
    pub fn rules(&self) -> Rules {
        self.rules
    }

    /// Every attributed statement in `text`, with the entities its speakers resolve to.
    /// Statements the confidence model judges not to be attributions (events: "police
    /// spotted the car") are left out.
    pub fn extract(&self, text: &str) -> Extraction {
        let (mut extraction, evidence) = self.extract_with_evidence(text);
        self.confidence
            .get()
            .retain_statements(&mut extraction.statements, &evidence);
        extraction
    }

    /// Every statement the extractor finds in `text`, none left out, each with the evidence its
    /// confidence was computed from (in the same order): what a confidence model is fitted on.
    ///
    /// A text longer than [`MAX_PART_BYTES`] is read in parts of at most that many bytes, cut
    /// at paragraph breaks where there are any ([`parts`]), so that the memory extraction
    /// needs is bounded whatever the text's size (about 30 bytes per byte of a part) rather
    /// than growing with it. Speakers are then resolved within each part, and the parts'
    /// entities with the same proper name and type are joined into one (descriptions are
    /// not). News articles are far shorter; a text this long is a dump of many.
    pub fn extract_with_evidence(&self, text: &str) -> (Extraction, Vec<Evidence>) {
        let (mut extraction, evidence) = self.extract_in_parts(text, MAX_PART_BYTES);
        voice::describe(text, &mut extraction);
        (extraction, evidence)
    }

    fn extract_in_parts(&self, text: &str, max_part: usize) -> (Extraction, Vec<Evidence>) {
        if text.len() <= max_part {
            return self.extract_part(text);
        }
        let mut whole = Extraction::default();
        let mut evidence = Vec::new();
        let mut chars_before = 0;
        let mut named = std::collections::HashMap::new();
        for range in parts(text, max_part) {
            let part = &text[range];
            let (extraction, part_evidence) = self.extract_part(part);
            join(extraction, chars_before, &mut whole, &mut named);
            evidence.extend(part_evidence);
            chars_before += part.chars().count();
        }
        // A joined entity may have gained roles in a later part: every speaker reads as its
        // entity does.
        for statement in &mut whole.statements {
            for speaker in statement.speaker.iter_mut().chain(&mut statement.speakers) {
                if let Some(entity) = whole.entities.get(speaker.entity) {
                    speaker.roles.clone_from(&entity.roles);
                }
            }
        }
        (whole, evidence)
    }

    fn extract_part(&self, text: &str) -> (Extraction, Vec<Evidence>) {
        let article = Article::analyse(
            text,
            self.tagger.get(),
            self.parser.get(),
            self.labeller.get(),
        );
        let found = statements::find(&article, self.rules);
        let resolution = entities::resolve(&article, &found, self.rules);
        let spans = SpanMaker {
            article: &article,
            index: CharIndex::new(text),
        };
        let entities: Vec<Entity> = resolution
            .entities
            .iter()
            .enumerate()
            .map(|(id, draft)| {
                let mut mentions: Vec<Range<usize>> = draft.mentions.clone();
                mentions.sort_by_key(|m| (m.start, m.end));
                mentions.dedup();
                Entity {
                    id,
                    name: draft.name.clone(),
                    entity_type: draft.entity_type,
                    roles: draft.roles.clone(),
                    mentions: mentions.into_iter().map(|m| spans.span(m)).collect(),
                    // Decided from the whole text once its parts are joined (`voice`).
                    gender: Gender::Unknown,
                    gender_evidence: Vec::new(),
                }
            })
            .collect();
        let model = self.confidence.get();
        let mut evidence = Vec::with_capacity(found.len());
        let statements = found
            .iter()
            .zip(&resolution.speakers)
            .map(|(statement, speaker_ids)| {
                let delivery = delivery::describe(&article, statement);
                let statement_evidence = confidence::evidence(
                    &article,
                    statement,
                    &delivery,
                    speaker_ids,
                    &resolution.entities,
                );
                let confidence = model.confidence(&statement_evidence);
                evidence.push(statement_evidence);
                let speakers: Vec<Speaker> = speaker_ids
                    .iter()
                    .map(|&id| {
                        let entity = &entities[id];
                        Speaker {
                            entity: id,
                            name: entity.name.clone(),
                            entity_type: entity.entity_type,
                            roles: entity.roles.clone(),
                        }
                    })
                    .collect();
                Statement {
                    kind: statement.kind,
                    cue: statement.cue.clone().map(|c| spans.span(c)),
                    contents: statement
                        .contents
                        .iter()
                        .map(|c| spans.span(c.clone()))
                        .collect(),
                    sources: statement
                        .source
                        .iter()
                        .map(|s| spans.span(s.clone()))
                        .collect(),
                    speaker: speakers.first().cloned(),
                    speakers,
                    act: delivery.act,
                    addressee: delivery.addressee.map(|tokens| {
                        let span = spans.span(tokens);
                        let name = addressee_name(&span.text);
                        Addressee { span, name }
                    }),
                    medium: delivery.medium.map(|(tokens, medium_type)| Medium {
                        span: tokens.map(|t| spans.span(t)),
                        medium_type,
                    }),
                    // Two decimals: more would claim a precision the estimate does not have.
                    confidence: (confidence.clamp(0.0, 1.0) * 100.0).round() / 100.0,
                    voice: Voice::default(),
                }
            })
            .collect();
        (
            Extraction {
                statements,
                entities,
            },
            evidence,
        )
    }
}

/// The most bytes of text analysed at once: a longer text is read in parts (see
/// [`Extractor::extract_with_evidence`]).
pub const MAX_PART_BYTES: usize = 1 << 20;

/// The byte ranges `text` is read in, each at most `max` bytes (`max` below 4 counts as 4, so
/// that any char fits) and non-empty, and
/// together all of it, in order: each cut at the last paragraph break (a blank line, else a
/// line break) in the second half of the part's room, else after the last sentence end or
/// space there, else at the last char boundary that fits.
pub fn parts(text: &str, max: usize) -> Vec<std::ops::Range<usize>> {
    let max = max.max(4);
    let mut out = Vec::with_capacity(text.len() / max + 1);
    let mut start = 0;
    while start < text.len() {
        if text.len() - start <= max {
            out.push(start..text.len());
            break;
        }
        let mut limit = start + max;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        // `max` is at least 4, the longest char, so `room` holds at least one char and
        // every part does: the loop ends.
        let room = &text[start..limit];
        let half = room.len() / 2;
        let cut = [
            room.rfind("\n\n").map(|i| i + 2),
            room.rfind('\n').map(|i| i + 1),
            room.rfind(". ").map(|i| i + 2),
            room.rfind(char::is_whitespace)
                .map(|i| i + room[i..].chars().next().map_or(1, char::len_utf8)),
        ]
        .into_iter()
        .flatten()
        .find(|&cut| cut > half)
        .unwrap_or(room.len());
        out.push(start..start + cut);
        start += cut;
    }
    out
}

/// Appends `part` (extracted from a part of a text that `chars_before` chars precede) to
/// `whole`, its offsets moved to the whole text's. An entity with a proper name (capitalised)
/// that an earlier part also has, with the same type, becomes that entity (its mentions and
/// roles added to it); any other gets the next id. `named` maps the names seen so far to their
/// ids. Descriptions ("the company", "a spokesperson") are never joined: in two parts they
/// may be two people.
fn join(
    mut part: Extraction,
    chars_before: usize,
    whole: &mut Extraction,
    named: &mut std::collections::HashMap<(String, EntityType), usize>,
) {
    let span = |s: &mut Span| {
        s.start += chars_before;
        s.end += chars_before;
    };
    let mut ids = Vec::with_capacity(part.entities.len());
    for mut entity in part.entities {
        entity.mentions.iter_mut().for_each(span);
        let proper = entity.name.starts_with(char::is_uppercase);
        let key = (entity.name.clone(), entity.entity_type);
        match named.get(&key).filter(|_| proper) {
            Some(&id) => {
                let joined = &mut whole.entities[id];
                joined.mentions.append(&mut entity.mentions);
                for role in entity.roles {
                    if !joined.roles.contains(&role) {
                        joined.roles.push(role);
                    }
                }
                ids.push(id);
            }
            None => {
                let id = whole.entities.len();
                if proper {
                    named.insert(key, id);
                }
                entity.id = id;
                whole.entities.push(entity);
                ids.push(id);
            }
        }
    }
    for statement in &mut part.statements {
        statement.cue.iter_mut().for_each(span);
        statement.contents.iter_mut().for_each(span);
        statement.sources.iter_mut().for_each(span);
        for speaker in statement.speaker.iter_mut().chain(&mut statement.speakers) {
            speaker.entity = ids.get(speaker.entity).copied().unwrap_or(speaker.entity);
        }
        if let Some(addressee) = &mut statement.addressee {
            span(&mut addressee.span);
        }
        if let Some(medium) = &mut statement.medium {
            medium.span.iter_mut().for_each(span);
        }
    }
    whole.statements.append(&mut part.statements);
}

/// An addressee's name as an index keys it: a proper name without its leading article ("the
/// Financial Times" is "Financial Times"), anything else as written ("the board",
/// "reporters").
fn addressee_name(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let skip = usize::from(
        words.len() > 1
            && matches!(words[0].to_lowercase().as_str(), "the" | "a" | "an")
            && words[1].starts_with(char::is_uppercase),
    );
    words[skip..].join(" ")
}

/// Turns token ranges into [`Span`]s with char offsets.
struct SpanMaker<'a, 'b> {
    article: &'b Article<'a>,
    index: CharIndex<'a>,
}

impl SpanMaker<'_, '_> {
    fn span(&self, tokens: Range<usize>) -> Span {
        let bytes = self.article.doc.byte_range(tokens);
        Span {
            start: self.index.char_offset(bytes.start),
            end: self.index.char_offset(bytes.end),
            text: self.article.doc.text[bytes].to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractors_are_send_and_sync_whatever_their_models() {
        fn check<T: Send + Sync + 'static>() {}
        check::<Extractor>();
        check::<Builder>();
    }

    #[test]
    fn parts_cover_the_text_within_the_bound_at_paragraph_breaks() {
        let paragraph = "“We will win,” the governor said. Smith said the plan works.\n\n";
        let text = paragraph.repeat(50);
        let ranges = parts(&text, 300);
        assert!(ranges.len() > 10);
        let mut at = 0;
        for r in &ranges {
            assert_eq!(r.start, at);
            assert!(r.len() <= 300 && !r.is_empty());
            at = r.end;
        }
        assert_eq!(at, text.len());
        // Every cut but the last falls after a paragraph break.
        for r in &ranges[..ranges.len() - 1] {
            assert!(text[..r.end].ends_with("\n\n"), "{r:?}");
        }
        // Without breaks or spaces: cut at char boundaries, never inside a char.
        let dense = "é".repeat(1000) + &"x".repeat(7);
        let ranges = parts(&dense, 101);
        assert_eq!(ranges.last().unwrap().end, dense.len());
        assert!(ranges.iter().all(|r| r.len() <= 101 && !r.is_empty()));
        assert!(ranges.iter().all(|r| dense.is_char_boundary(r.start)));
        // A bound below 4 bytes counts as 4, so that any char fits in a part.
        assert_eq!(parts("ééé", 1), vec![0..4, 4..6]);
        assert!(parts("", 10).is_empty());
    }

    #[test]
    fn parts_join_named_entities_but_never_descriptions() {
        let span = |start, end| Span {
            start,
            end,
            text: String::new(),
        };
        let entity = |id, name: &str, roles: &[&str], at| Entity {
            id,
            name: name.into(),
            entity_type: EntityType::Person,
            roles: roles.iter().map(|r| r.to_string()).collect(),
            mentions: vec![span(at, at + 2)],
            gender: Gender::Unknown,
            gender_evidence: Vec::new(),
        };
        let statement = |entity: usize, at| Statement {
            kind: StatementKind::Indirect,
            cue: Some(span(at, at + 1)),
            contents: vec![],
            sources: vec![span(at + 2, at + 3)],
            speaker: Some(Speaker {
                entity,
                name: String::new(),
                entity_type: EntityType::Person,
                roles: vec![],
            }),
            speakers: vec![],
            act: Act::Speech,
            addressee: None,
            medium: None,
            confidence: 0.5,
            voice: Voice::default(),
        };
        let first = Extraction {
            statements: vec![statement(1, 0)],
            entities: vec![
                entity(0, "the spokesperson", &[], 0),
                entity(1, "Jane Doe", &["minister"], 5),
            ],
        };
        let second = Extraction {
            statements: vec![statement(0, 1), statement(1, 3)],
            entities: vec![
                entity(0, "Jane Doe", &["minister", "MP"], 2),
                entity(1, "the spokesperson", &[], 4),
            ],
        };
        let mut whole = Extraction::default();
        let mut named = std::collections::HashMap::new();
        join(first, 0, &mut whole, &mut named);
        join(second, 100, &mut whole, &mut named);
        let names: Vec<&str> = whole.entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["the spokesperson", "Jane Doe", "the spokesperson"]);
        assert!(whole.entities.iter().enumerate().all(|(i, e)| e.id == i));
        let jane = &whole.entities[1];
        assert_eq!(jane.roles, ["minister", "MP"]);
        assert_eq!(
            jane.mentions.iter().map(|m| m.start).collect::<Vec<_>>(),
            [5, 102]
        );
        let speakers: Vec<usize> = whole
            .statements
            .iter()
            .map(|s| s.speaker.as_ref().unwrap().entity)
            .collect();
        assert_eq!(speakers, [1, 1, 2]);
        assert_eq!(whole.statements[1].cue.as_ref().unwrap().start, 101);
    }

    #[test]
    fn a_long_text_is_read_in_parts_with_offsets_and_ids_of_the_whole() {
        let article = include_str!("../../../examples/nato-foreign-ministers.txt");
        let text = format!("{article}\n\n{article}\n\n{article}");
        let extractor = Extractor::new();
        let max = article.len() + 10;
        let (whole, evidence) = extractor.extract_in_parts(&text, max);
        let (one, _) = extractor.extract_with_evidence(article);
        assert!(!one.statements.is_empty());
        // Three parts, each the article (cut at the paragraph breaks between them).
        assert_eq!(parts(&text, max).len(), 3);
        assert_eq!(whole.statements.len(), 3 * one.statements.len());
        assert_eq!(evidence.len(), whole.statements.len());
        // A named entity is one across the parts, with the mentions of all three; a
        // description is one per part.
        let proper = |e: &Entity| e.name.starts_with(char::is_uppercase);
        let named = one.entities.iter().filter(|e| proper(e)).count();
        assert!(named > 0);
        let described = one.entities.len() - named;
        assert_eq!(whole.entities.len(), named + 3 * described);
        let rutte = |e: &&Entity| e.name == "Mark Rutte";
        let once = one.entities.iter().find(rutte).unwrap();
        let joined = whole.entities.iter().find(rutte).unwrap();
        assert_eq!(joined.mentions.len(), 3 * once.mentions.len());
        assert!(joined.mentions.windows(2).all(|w| w[0].start < w[1].start));
        assert_eq!(joined.roles, once.roles);
        let chars: Vec<char> = text.chars().collect();
        let check = |s: &Span| {
            let at: String = chars[s.start..s.end].iter().collect();
            assert_eq!(at, s.text);
        };
        for (id, entity) in whole.entities.iter().enumerate() {
            assert_eq!(entity.id, id);
            entity.mentions.iter().for_each(check);
        }
        for statement in &whole.statements {
            statement.cue.iter().for_each(check);
            statement.contents.iter().for_each(check);
            statement.sources.iter().for_each(check);
            statement.addressee.iter().for_each(|a| check(&a.span));
            statement
                .medium
                .iter()
                .flat_map(|m| &m.span)
                .for_each(check);
            for speaker in statement.speaker.iter().chain(&statement.speakers) {
                let entity = &whole.entities[speaker.entity];
                assert_eq!(entity.name, speaker.name);
                assert_eq!(entity.roles, speaker.roles);
            }
        }
        // The last part's statements are the article's, moved.
        let n = one.statements.len();
        let moved = &whole.statements[2 * n];
        let first = &one.statements[0];
        assert_eq!(moved.contents[0].text, first.contents[0].text);
        assert!(moved.contents[0].start > first.contents[0].start);
    }

    #[test]
    fn statements_below_the_confidence_threshold_are_left_out_but_keep_their_evidence() {
        let text = "“We will win,” the governor told reporters. Smith said the plan works.";
        let everything = Extractor::new().extract_with_evidence(text);
        assert_eq!(everything.0.statements.len(), 2);
        assert_eq!(everything.1.len(), 2);
        let mut strict = ConfidenceModel::neutral();
        strict.threshold = 0.9;
        let strict = Extractor::new().with_confidence(strict);
        assert!(strict.extract(text).statements.is_empty());
        // What is found and its evidence do not depend on the confidence model.
        let (extraction, evidence) = strict.extract_with_evidence(text);
        assert_eq!(evidence, everything.1);
        assert_eq!(extraction.statements.len(), 2);
        // A neutral model keeps everything, at one half.
        let neutral = Extractor::new().with_confidence(ConfidenceModel::neutral());
        let kept = neutral.extract(text);
        assert_eq!(kept.statements.len(), 2);
        assert!(kept.statements.iter().all(|s| s.confidence == 0.5));
    }

    #[test]
    fn given_models_are_the_ones_that_run() {
        let text = "“We will win,” the governor told reporters.";
        let shipped = Extractor::new().extract(text);
        assert_eq!(shipped.statements.len(), 1);
        // The shipped models, given as loaded ones: the same output.
        let given = Extractor::builder()
            .tagger(Tagger::load_default().unwrap())
            .parser(Parser::load_default().unwrap())
            .labeller(Labeller::load_default().unwrap())
            .build();
        assert_eq!(given.extract(text), shipped);
        assert!(matches!(given.tagger, Model::Given(_)));
        assert!(matches!(given.parser, Model::Given(_)));
        assert!(matches!(given.labeller, Model::Given(_)));
        // A builder that was given one model keeps the shipped other.
        let half = Extractor::builder()
            .tagger(Tagger::load_default().unwrap())
            .build();
        assert!(matches!(half.tagger, Model::Given(_)));
        assert!(matches!(half.labeller, Model::Shipped(_)));
    }

    #[test]
    fn a_models_directory_needs_all_three_files_and_names_the_missing_one() {
        let dir =
            std::env::temp_dir().join(format!("whosaid-extract-models-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(Tagger::FILE_NAME),
            Tagger::default_model().to_bytes(),
        )
        .unwrap();
        let e = Extractor::with_models_in(&dir).unwrap_err();
        assert!(
            e.to_string()
                .starts_with(&dir.join(Parser::FILE_NAME).display().to_string()),
            "{e}"
        );
        std::fs::write(
            dir.join(Parser::FILE_NAME),
            Parser::default_model().to_bytes(),
        )
        .unwrap();
        let e = Extractor::with_models_in(&dir).unwrap_err();
        assert!(
            e.to_string()
                .starts_with(&dir.join(Labeller::FILE_NAME).display().to_string()),
            "{e}"
        );
        std::fs::write(
            dir.join(Labeller::FILE_NAME),
            Labeller::default_model().to_bytes(),
        )
        .unwrap();
        let extractor = Extractor::with_models_in(&dir).unwrap();
        let text = "Smith said the plan works.";
        assert_eq!(extractor.extract(text), Extractor::new().extract(text));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
