//! Searching statements: query text and filters, one page of hits with highlights, the
//! total and facets, in one pass over the matches.

use std::ops::Bound;

use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::AggregationCollector;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, TantivyDocument, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, Order, Term};

use crate::registry::Identities;
use crate::schema::{date_of, text};
use whosaid_article::{Act, Gender, MediumType, SpeakerCategory, StatementKind};

use crate::{bad, dates, IndexError, StatementIndex, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS};

/// A search: query text (tantivy's syntax: words, "phrases", AND/OR/-, field:value) and
/// filters. Empty text matches every statement, newest first.
#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    /// The query text; empty for every statement.
    pub q: String,
    /// A speaker id, or a name as articles give it ("Rutte", "Mark Rutte").
    pub speaker: Option<String>,
    /// The earliest article date, in seconds since the epoch (UTC), inclusive
    /// ([`dates::parse`] reads one as pages and people write it).
    pub from: Option<i64>,
    /// The latest article date, inclusive ([`dates::parse_until`]: a day means its end).
    pub to: Option<i64>,
    /// Only statements from this outlet (the page's site name, else the URL's host).
    pub outlet: Option<String>,
    /// Only statements of this kind.
    pub kind: Option<StatementKind>,
    /// Only statements reporting one of these acts; empty for every act.
    pub act: Vec<Act>,
    /// Only statements made through this kind of channel.
    pub medium: Option<MediumType>,
    /// Only statements made to this addressee, as the extractor names it ("Financial Times").
    pub addressee: Option<String>,
    /// Only statements whose speaker is anonymous (`true`) or not (`false`).
    pub anonymous: Option<bool>,
    /// Only statements by this kind of speaker.
    pub category: Option<SpeakerCategory>,
    /// Only statements whose speaker's stated gender is this.
    pub gender: Option<Gender>,
    /// Results to skip, at most [`MAX_OFFSET`].
    pub offset: usize,
    /// Results to return, at most [`MAX_LIMIT`].
    pub limit: usize,
}

/// What a search found.
#[derive(Clone, Debug, Serialize)]
pub struct SearchResults {
    /// How many statements match, in all.
    pub total: usize,
    /// The page of matches asked for: best first for query text, else newest first.
    pub results: Vec<Hit>,
    /// Counts of the matches by speaker, outlet, kind, act and medium (the ten largest of
    /// each).
    pub facets: Facets,
}

/// Counts of a search's matches by value of a field.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Facets {
    /// By speaker identity (the id, labelled with the name).
    pub speaker: Vec<FacetCount>,
    /// By outlet.
    pub outlet: Vec<FacetCount>,
    /// By kind: direct, mixed, indirect.
    pub kind: Vec<FacetCount>,
    /// By act: speech, thought, other.
    pub act: Vec<FacetCount>,
    /// By medium type, of the matches that have one.
    pub medium: Vec<FacetCount>,
    /// By kind of speaker.
    pub category: Vec<FacetCount>,
    /// By the speaker's stated gender.
    pub gender: Vec<FacetCount>,
    /// By whether the speaker is anonymous ("true", "false").
    pub anonymous: Vec<FacetCount>,
}

/// One value of a facet and how many matches have it.
#[derive(Clone, Debug, Serialize)]
pub struct FacetCount {
    /// The value (for speakers, the identity's id).
    pub value: String,
    /// For speakers, their name (value is the id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// How many matches have the value.
    pub count: u64,
}

/// One statement found, with its speaker and article.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    /// The statement.
    pub statement: StatementView,
    /// Its speaker's identity, if it has one.
    pub speaker: Option<SpeakerRef>,
    /// The article that carried it.
    pub article: ArticleView,
    /// The content cut around the matches, as parts to show plain or highlighted (never
    /// HTML: whoever displays it escapes it).
    pub highlight: Vec<HighlightPart>,
}

/// A stored statement, as search results show it.
#[derive(Clone, Debug, Serialize)]
pub struct StatementView {
    /// Its id: the article's key and its position in the article (`url:…#3`).
    pub id: String,
    /// "direct", "mixed" or "indirect".
    pub kind: String,
    /// "speech", "thought" or "other".
    pub act: String,
    /// To whom it was said ("Financial Times"), when the article says.
    pub addressee: Option<String>,
    /// The kind of channel ("statement", "social_media" …), when the article says.
    pub medium: Option<String>,
    /// The words naming the channel ("in a statement"), when the article has them.
    pub medium_text: Option<String>,
    /// What was said, its spans joined by ` … `.
    pub content: String,
    /// The cue, as written.
    pub cue: Option<String>,
    /// The first source mention, as written ("He", "The NATO leader").
    pub source: Option<String>,
    /// The extractor's confidence, in [0, 1].
    pub confidence: f64,
    /// The quote group (provenance) this statement belongs to.
    pub quote: String,
    /// Whether the article deliberately leaves the speaker unnamed.
    pub anonymous: bool,
    /// The kind of speaker ("politician", "government_official" …).
    pub speaker_category: String,
    /// The speaker's gender as the article states it: "female", "male" or "unknown".
    pub speaker_gender: String,
    /// When it was said, as far as the article tells; none for an undated article that gives
    /// no time.
    pub said: Option<Said>,
}

/// When a statement was made.
#[derive(Clone, Debug, Serialize)]
pub struct Said {
    /// The day (`YYYY-MM-DD`): the first the text gives for the statement, else the article's.
    pub date: String,
    /// "text" when the text gives the time; else the kind of the article's date that stands
    /// in: "published", "given" or "crawled".
    pub basis: String,
    /// The time expression, as written ("on Tuesday"), when the text has one.
    pub text: Option<String>,
    /// The first and last day the expression names, when known.
    pub start: Option<String>,
    /// See `start`.
    pub end: Option<String>,
}

/// A speaker identity, by id and display name.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct SpeakerRef {
    /// The identity's id ("mark-rutte").
    pub id: String,
    /// The name it is shown by ("Mark Rutte").
    pub name: String,
}

/// An article, as search results show it.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleView {
    /// What identifies it in the index: `url:` and its URL, else `text:` and a hash of its text.
    pub key: String,
    /// The record id it was read as (`path@offset`).
    pub id: String,
    /// Its URL.
    pub url: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// The outlet: the page's site name, else the URL's host.
    pub outlet: Option<String>,
    /// Its date, RFC 3339, UTC.
    pub date: Option<String>,
    /// What the date is: "published", "crawled" or "given".
    pub date_kind: Option<String>,
}

/// A piece of highlighted content.
#[derive(Clone, Debug, Serialize)]
pub struct HighlightPart {
    /// The text of the piece.
    pub text: String,
    /// Whether it matched the query.
    #[serde(rename = "match")]
    pub matched: bool,
}

impl StatementIndex {
    /// The statements that match `request`: one page of hits, the total and the facets.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, IndexError> {
        if request.limit > MAX_LIMIT {
            return Err(bad(format!("limit must be at most {MAX_LIMIT}")));
        }
        if request.offset > MAX_OFFSET {
            return Err(bad(format!("offset must be at most {MAX_OFFSET}")));
        }
        if request.q.chars().count() > MAX_QUERY_CHARS {
            return Err(bad(format!(
                "query longer than {MAX_QUERY_CHARS} characters"
            )));
        }
        let f = self.fields;
        let searcher = self.reader.searcher();
        let (query, text_query) = self.query_of(request)?;
        let limit = request.limit.max(1);
        let aggregations: Aggregations = serde_json::from_value(serde_json::json!({
            "speaker": {"terms": {"field": "speaker", "size": 10}},
            "outlet": {"terms": {"field": "outlet", "size": 10}},
            "kind": {"terms": {"field": "kind", "size": 3}},
            "act": {"terms": {"field": "act", "size": 3}},
            "medium": {"terms": {"field": "medium", "size": 10}},
            "category": {"terms": {"field": "category", "size": 11}},
            "gender": {"terms": {"field": "gender", "size": 3}},
            "anonymous": {"terms": {"field": "anonymous", "size": 2}},
        }))
        .expect("the aggregation request is valid");
        let facets = AggregationCollector::from_aggs(aggregations, Default::default());
        let top = TopDocs::with_limit(limit).and_offset(request.offset);
        // One pass over the matches collects the page, the total and the facets.
        let (addresses, total, facets): (Vec<tantivy::DocAddress>, usize, _) =
            if text_query.is_some() {
                let (found, total, facets) = searcher
                    .search(&query, &(top.order_by_score(), Count, facets))
                    .map_err(|err| query_error(&request.q, err))?;
                (found.into_iter().map(|(_, a)| a).collect(), total, facets)
            } else {
                let newest = top.order_by_fast_field::<DateTime>("date", Order::Desc);
                let (found, total, facets) = searcher
                    .search(&query, &(newest, Count, facets))
                    .map_err(|err| query_error(&request.q, err))?;
                (found.into_iter().map(|(_, a)| a).collect(), total, facets)
            };
        let snippets = match &text_query {
            Some(query) => {
                let mut generator = SnippetGenerator::create(&searcher, &**query, f.content)
                    .map_err(|err| query_error(&request.q, err))?;
                generator.set_max_num_chars(300);
                Some(generator)
            }
            None => None,
        };
        let docs = addresses
            .into_iter()
            .map(|address| searcher.doc::<TantivyDocument>(address))
            .collect::<Result<Vec<_>, _>>()?;
        let mut registry = self.registry()?;
        let identities = registry.identities()?;
        let results = docs
            .iter()
            .map(|doc| {
                let highlight = highlight(doc, f.content, snippets.as_ref());
                self.hit(doc, highlight, identities)
            })
            .collect();
        Ok(SearchResults {
            total,
            results,
            facets: facets_of(facets, identities),
        })
    }

    /// The query a request asks for, and its text part alone (for scoring and highlights),
    /// if it has one.
    pub(crate) fn query_of(&self, request: &SearchRequest) -> Result<Queries, IndexError> {
        let f = self.fields;
        let text_query = self.text_query(&request.q)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(query) = &text_query {
            clauses.push((Occur::Must, query.box_clone()));
        }
        if let Some(speaker) = request.speaker.as_deref().filter(|s| !s.trim().is_empty()) {
            // An unknown speaker matches nothing, rather than everything.
            let id = self
                .registry()?
                .lookup(speaker.trim())
                .unwrap_or_else(|| format!("unknown:{speaker}"));
            clauses.push((Occur::Must, term(f.speaker, &id)));
        }
        if let Some(outlet) = request.outlet.as_deref().filter(|s| !s.trim().is_empty()) {
            clauses.push((Occur::Must, term(f.outlet, outlet.trim())));
        }
        if let Some(kind) = request.kind {
            clauses.push((Occur::Must, term(f.kind, kind.name())));
        }
        if !request.act.is_empty() {
            // Any one of the acts asked for.
            let acts: Vec<(Occur, Box<dyn Query>)> = request
                .act
                .iter()
                .map(|act| (Occur::Should, term(f.act, act.name())))
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(acts))));
        }
        if let Some(medium) = request.medium {
            clauses.push((Occur::Must, term(f.medium, medium.name())));
        }
        if let Some(addressee) = request
            .addressee
            .as_deref()
            .filter(|s| !s.trim().is_empty())
        {
            clauses.push((Occur::Must, term(f.addressee, addressee.trim())));
        }
        let (from, to) = (request.from, request.to);
        if from.is_some() || to.is_some() {
            let lower = from.map_or(Bound::Unbounded, |secs| {
                Bound::Included(Term::from_field_date(
                    f.date,
                    DateTime::from_timestamp_secs(secs),
                ))
            });
            let upper = to.map_or(Bound::Unbounded, |secs| {
                Bound::Included(Term::from_field_date(
                    f.date,
                    DateTime::from_timestamp_secs(secs),
                ))
            });
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        if let Some(anonymous) = request.anonymous {
            let value = if anonymous { "true" } else { "false" };
            clauses.push((Occur::Must, term(f.anonymous, value)));
        }
        if let Some(category) = request.category {
            clauses.push((Occur::Must, term(f.category, category.name())));
        }
        if let Some(gender) = request.gender {
            clauses.push((Occur::Must, term(f.gender, gender.name())));
        }
        let query: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        Ok((query, text_query))
    }

    fn text_query(&self, q: &str) -> Result<Option<Box<dyn Query>>, IndexError> {
        if q.trim().is_empty() {
            return Ok(None);
        }
        let f = self.fields;
        let mut parser = QueryParser::for_index(&self.index, vec![f.content, f.alias, f.title]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.content, 2.0);
        parser
            .parse_query(q)
            .map(Some)
            .map_err(|err| bad(format!("cannot read the query {q:?}: {err}")))
    }

    /// A stored statement as a search result; the speaker's name is the identity's.
    pub(crate) fn hit(
        &self,
        doc: &TantivyDocument,
        highlight: Vec<HighlightPart>,
        identities: &Identities,
    ) -> Hit {
        let f = self.fields;
        Hit {
            statement: StatementView {
                id: text(doc, f.statement).unwrap_or_default(),
                kind: text(doc, f.kind).unwrap_or_default(),
                act: text(doc, f.act).unwrap_or_default(),
                addressee: text(doc, f.addressee),
                medium: text(doc, f.medium),
                medium_text: text(doc, f.medium_text),
                content: text(doc, f.content).unwrap_or_default(),
                cue: text(doc, f.cue),
                source: text(doc, f.source),
                confidence: doc
                    .get_first(f.confidence)
                    .and_then(|value| value.as_f64())
                    .unwrap_or_default(),
                quote: text(doc, f.quote).unwrap_or_default(),
                anonymous: text(doc, f.anonymous).as_deref() == Some("true"),
                speaker_category: text(doc, f.category)
                    .unwrap_or_else(|| SpeakerCategory::Unknown.name().to_owned()),
                speaker_gender: text(doc, f.gender)
                    .unwrap_or_else(|| Gender::Unknown.name().to_owned()),
                said: date_of(doc, f.said).map(|day| Said {
                    date: dates::day(day),
                    basis: text(doc, f.said_basis).unwrap_or_default(),
                    text: text(doc, f.said_text),
                    start: text(doc, f.said_start),
                    end: text(doc, f.said_end),
                }),
            },
            speaker: text(doc, f.speaker).map(|id| SpeakerRef {
                name: identities.get(&id).map_or_else(
                    || text(doc, f.alias).unwrap_or_default(),
                    |i| i.name.clone(),
                ),
                id,
            }),
            article: ArticleView {
                key: text(doc, f.article).unwrap_or_default(),
                id: text(doc, f.article_id).unwrap_or_default(),
                url: text(doc, f.url),
                title: text(doc, f.title),
                outlet: text(doc, f.outlet),
                date: date_of(doc, f.date).map(dates::format),
                date_kind: text(doc, f.date_kind),
            },
            highlight,
        }
    }
}

/// A request's whole query and its text part, if any.
pub(crate) type Queries = (Box<dyn Query>, Option<Box<dyn Query>>);

fn facets_of(
    results: tantivy::aggregation::agg_result::AggregationResults,
    identities: &Identities,
) -> Facets {
    let value = serde_json::to_value(results).unwrap_or_default();
    let buckets = |name: &str| -> Vec<FacetCount> {
        value[name]["buckets"]
            .as_array()
            .map(|buckets| {
                buckets
                    .iter()
                    .filter_map(|bucket| {
                        Some(FacetCount {
                            value: bucket["key"].as_str()?.to_owned(),
                            label: None,
                            count: bucket["doc_count"].as_u64()?,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut speaker = buckets("speaker");
    for facet in &mut speaker {
        facet.label = identities.get(&facet.value).map(|s| s.name.clone());
    }
    Facets {
        speaker,
        outlet: buckets("outlet"),
        kind: buckets("kind"),
        act: buckets("act"),
        medium: buckets("medium"),
        category: buckets("category"),
        gender: buckets("gender"),
        anonymous: buckets("anonymous"),
    }
}

/// An error running a query: one the query asked for (a field it cannot search that way, such
/// as `content:*` on a field that is not a fast field) is the caller's to fix; anything else
/// is the index's.
pub(crate) fn query_error(q: &str, err: tantivy::TantivyError) -> IndexError {
    use tantivy::TantivyError::*;
    match err {
        SchemaError(message) | InvalidArgument(message) | FieldNotFound(message) => {
            bad(format!("cannot run the query {q:?}: {message}"))
        }
        other => other.into(),
    }
}

pub(crate) fn term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

pub(crate) fn highlight(
    doc: &TantivyDocument,
    field: Field,
    generator: Option<&SnippetGenerator>,
) -> Vec<HighlightPart> {
    let content = text(doc, field).unwrap_or_default();
    let Some(generator) = generator else {
        return vec![HighlightPart {
            text: content,
            matched: false,
        }];
    };
    let snippet = generator.snippet_from_doc(doc);
    let fragment = snippet.fragment();
    if fragment.is_empty() {
        return vec![HighlightPart {
            text: content,
            matched: false,
        }];
    }
    let mut parts = Vec::new();
    let mut at = 0;
    for range in snippet.highlighted() {
        if range.start > at {
            parts.push(HighlightPart {
                text: fragment[at..range.start].to_owned(),
                matched: false,
            });
        }
        parts.push(HighlightPart {
            text: fragment[range.clone()].to_owned(),
            matched: true,
        });
        at = range.end;
    }
    if at < fragment.len() {
        parts.push(HighlightPart {
            text: fragment[at..].to_owned(),
            matched: false,
        });
    }
    parts
}
