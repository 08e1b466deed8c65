//! whosaid-serve owns the read-only web face of a statement index: the JSON search API
//! (`/api/...`), its OpenAPI description (`/openapi.json`), and the web page at `/`, whose
//! assets are compiled into the binary (no CDN, nothing fetched at run time). Everything in an
//! index comes from arbitrary web pages, so the API returns plain data (highlights as parts,
//! never HTML) and the page builds its DOM with text nodes only; a bad request is a 400 with
//! a message.
//!
//! Anyone who can reach the port may be hostile, so everything a client can make the server
//! hold is bounded:
//!
//! - a request: its head to 16 KiB (else 431) and its URI to 4 KiB (else 414), its answer
//!   to 10 s of work (else 503), and results in number;
//! - a connection: its request's head must arrive within the header timeout (from the accept,
//!   or from the first byte of a later request on it), and between requests it may idle only
//!   for the idle timeout; past either, it is closed (see [`ServeOptions`]);
//! - connections together: at most `max_connections` are open, derived by default from the
//!   process's file limit, which is first raised to its hard limit; further clients wait in
//!   the kernel's listen queue until one closes.
//!
//! The server speaks HTTP/1.1 only (browsers speak HTTP/2 only over TLS, which this server
//! leaves to a proxy in front of it). Failing accepts (out of descriptors, aborted
//! connections) never stop it, and Ctrl-C or SIGTERM stops it gracefully.

#![deny(missing_docs)]

mod deadline;
mod open_files;
mod server;

pub use open_files::raise_open_file_limit;
pub use server::{serve_until, serve_with, ServeOptions};

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use whosaid_article::{Act, Gender, MediumType, SpeakerCategory, StatementKind};
use whosaid_index::{
    dates, IndexError, Interval, SearchRequest, StatementIndex, StatsBy, StatsGroup, StatsRequest,
};

/// Longest request URI accepted (the query string included).
const MAX_URI_BYTES: usize = 4096;
/// Longest a request may take before it is answered with 503.
pub(crate) const QUERY_TIME: Duration = Duration::from_secs(10);
const DEFAULT_LIMIT: usize = 20;

const INDEX_HTML: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");

type Shared = Arc<StatementIndex>;

/// The whole application: API, OpenAPI description and web page.
pub fn router(index: Shared) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }),
        )
        .route(
            "/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }),
        )
        .route(
            "/app.css",
            get(|| async { asset("text/css; charset=utf-8", APP_CSS) }),
        )
        .route("/openapi.json", get(|| async { Json(openapi()) }))
        .route("/api/search", get(search))
        .route("/api/speakers", get(speakers))
        .route("/api/speakers/{id}", get(speaker))
        .route("/api/speakers/{id}/timeline", get(timeline))
        .route("/api/quotes/{id}", get(quote))
        .route("/api/stats", get(stats))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "no such page".to_owned()) })
        .layer(middleware::from_fn(limits_and_headers))
        .with_state(index)
}

/// Serves `index` on `addr` with the default [`ServeOptions`] until Ctrl-C or SIGTERM.
pub async fn serve(index: Shared, addr: SocketAddr) -> std::io::Result<()> {
    serve_with(index, addr, ServeOptions::default()).await
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// Refuses overlong requests and adds the headers that keep a browser from running anything
/// but the page's own script.
async fn limits_and_headers(request: Request, next: Next) -> Response {
    if request.uri().to_string().len() > MAX_URI_BYTES {
        let message = format!("request longer than {MAX_URI_BYTES} bytes");
        return error(StatusCode::URI_TOO_LONG, message);
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

#[derive(Serialize)]
struct ErrorBody {
    error: String,
}

fn error(status: StatusCode, message: String) -> Response {
    (status, Json(ErrorBody { error: message })).into_response()
}

/// Why a request gets no answer: the caller's mistake (400), or the index's failure (500).
enum ApiError {
    BadRequest(String),
    Index(String),
}

impl From<IndexError> for ApiError {
    fn from(err: IndexError) -> ApiError {
        match err {
            IndexError::Query(message) => ApiError::BadRequest(message),
            IndexError::Index(message) => ApiError::Index(message),
        }
    }
}

/// Runs an index call off the async threads, within the time limit, and answers with its
/// result as JSON, or 400, 404, 503 or 500.
async fn answer<T, F>(index: Shared, call: F) -> Response
where
    T: Serialize + Send + 'static,
    F: FnOnce(&StatementIndex) -> Result<Option<T>, ApiError> + Send + 'static,
{
    let work = tokio::task::spawn_blocking(move || call(&index));
    match tokio::time::timeout(QUERY_TIME, work).await {
        Err(_) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the query took too long".to_owned(),
        ),
        Ok(Err(_)) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the query failed".to_owned(),
        ),
        Ok(Ok(Ok(Some(value)))) => Json(value).into_response(),
        Ok(Ok(Ok(None))) => error(StatusCode::NOT_FOUND, "not found".to_owned()),
        Ok(Ok(Err(ApiError::BadRequest(message)))) => error(StatusCode::BAD_REQUEST, message),
        Ok(Ok(Err(ApiError::Index(message)))) => error(StatusCode::INTERNAL_SERVER_ERROR, message),
    }
}

type Params = Query<HashMap<String, String>>;

/// A parameter's value, trimmed; `None` when it is missing or blank.
fn param<'p>(params: &'p HashMap<String, String>, name: &str) -> Option<&'p str> {
    params
        .get(name)
        .map(|value| value.trim())
        .filter(|v| !v.is_empty())
}

fn number(params: &HashMap<String, String>, name: &str, default: usize) -> Result<usize, ApiError> {
    match param(params, name) {
        None => Ok(default),
        Some(value) => value.parse().map_err(|_| {
            ApiError::BadRequest(format!("{name} must be a whole number, not {value:?}"))
        }),
    }
}

/// A date parameter, read as pages and people write dates; `until` reads a bare day as its end.
fn date(
    params: &HashMap<String, String>,
    name: &str,
    until: bool,
) -> Result<Option<i64>, ApiError> {
    let Some(value) = param(params, name) else {
        return Ok(None);
    };
    let parsed = if until {
        dates::parse_until(value)
    } else {
        dates::parse(value)
    };
    parsed.map(Some).ok_or_else(|| {
        ApiError::BadRequest(format!("{name}: {value:?} is not a date (YYYY-MM-DD)"))
    })
}

/// The `act` parameter: a comma-separated list of acts; none (or blank) for every act.
fn acts(params: &HashMap<String, String>) -> Result<Vec<Act>, ApiError> {
    let Some(value) = param(params, "act") else {
        return Ok(Vec::new());
    };
    value
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| {
            Act::from_name(name).ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "act must be speech, thought or other (or several, comma-separated), \
                     not {name:?}"
                ))
            })
        })
        .collect()
}

/// The `medium` parameter: a medium type by name.
fn medium(params: &HashMap<String, String>) -> Result<Option<MediumType>, ApiError> {
    let Some(value) = param(params, "medium") else {
        return Ok(None);
    };
    MediumType::from_name(value).map(Some).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "medium must be one of {}, not {value:?}",
            medium_names()
        ))
    })
}

/// The names of every value of an enum (`all`, named by `name`), comma-separated: what an
/// error and the API description list as the accepted values.
fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> String {
    let names: Vec<&str> = all.iter().map(|&value| name(value)).collect();
    names.join(", ")
}

/// Every medium type's name, comma-separated.
fn medium_names() -> String {
    names(&MediumType::ALL, MediumType::name)
}

/// The `anonymous`, `category` and `gender` parameters.
struct VoiceFilters {
    anonymous: Option<bool>,
    category: Option<SpeakerCategory>,
    gender: Option<Gender>,
}

fn voice_filters(params: &HashMap<String, String>) -> Result<VoiceFilters, ApiError> {
    let anonymous = match param(params, "anonymous") {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "anonymous must be true or false, not {other:?}"
            )))
        }
    };
    let category = match param(params, "category") {
        None => None,
        Some(name) => Some(SpeakerCategory::from_name(name).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "category must be one of {}, not {name:?}",
                category_names()
            ))
        })?),
    };
    let gender = match param(params, "gender") {
        None => None,
        Some(name) => Some(Gender::from_name(name).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "gender must be female, male or unknown, not {name:?}"
            ))
        })?),
    };
    Ok(VoiceFilters {
        anonymous,
        category,
        gender,
    })
}

/// Every kind of speaker's name, comma-separated.
fn category_names() -> String {
    names(&SpeakerCategory::ALL, SpeakerCategory::name)
}

/// The statements a request's parameters select: query text and filters, with a page.
fn search_request(params: &HashMap<String, String>) -> Result<SearchRequest, ApiError> {
    let VoiceFilters {
        anonymous,
        category,
        gender,
    } = voice_filters(params)?;
    Ok(SearchRequest {
        q: params.get("q").cloned().unwrap_or_default(),
        speaker: params.get("speaker").cloned(),
        from: date(params, "from", false)?,
        to: date(params, "to", true)?,
        outlet: params.get("outlet").cloned(),
        kind: match param(params, "kind") {
            None => None,
            Some(kind) => Some(StatementKind::from_name(kind).ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "kind must be direct, mixed or indirect, not {kind:?}"
                ))
            })?),
        },
        act: acts(params)?,
        medium: medium(params)?,
        addressee: params.get("addressee").cloned(),
        anonymous,
        category,
        gender,
        offset: number(params, "offset", 0)?,
        limit: number(params, "limit", DEFAULT_LIMIT)?,
    })
}

async fn stats(State(index): State<Shared>, Query(params): Params) -> Response {
    answer(index, move |index| {
        let name = param(&params, "group").unwrap_or("gender");
        let group = StatsGroup::from_name(name).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "group must be one of {}, not {name:?}",
                names(&StatsGroup::ALL, StatsGroup::name)
            ))
        })?;
        let by = match param(&params, "by") {
            None => None,
            Some(name) => Some(StatsBy::from_name(name).ok_or_else(|| {
                ApiError::BadRequest(format!("by must be outlet or month, not {name:?}"))
            })?),
        };
        let request = StatsRequest {
            filter: search_request(&params)?,
            group,
            by,
        };
        Ok(Some(index.stats(&request)?))
    })
    .await
}

async fn search(State(index): State<Shared>, Query(params): Params) -> Response {
    answer(index, move |index| {
        let request = search_request(&params)?;
        Ok(Some(index.search(&request)?))
    })
    .await
}

async fn speakers(State(index): State<Shared>, Query(params): Params) -> Response {
    answer(index, move |index| {
        let limit = number(&params, "limit", 50)?.min(500);
        let q = params.get("q").cloned().unwrap_or_default();
        Ok(Some(index.speakers(&q, limit)?))
    })
    .await
}

async fn speaker(State(index): State<Shared>, Path(id): Path<String>) -> Response {
    answer(index, move |index| Ok(index.speaker(&id)?)).await
}

async fn timeline(
    State(index): State<Shared>,
    Path(id): Path<String>,
    Query(params): Params,
) -> Response {
    answer(index, move |index| {
        let name = param(&params, "interval").unwrap_or("month");
        let interval = Interval::from_name(name).ok_or_else(|| {
            ApiError::BadRequest(format!("interval must be day, week or month, not {name:?}"))
        })?;
        Ok(index.timeline(&id, interval)?)
    })
    .await
}

async fn quote(
    State(index): State<Shared>,
    Path(id): Path<String>,
    Query(params): Params,
) -> Response {
    answer(index, move |index| {
        let offset = number(&params, "offset", 0)?;
        let limit = number(&params, "limit", whosaid_index::MAX_LIMIT)?;
        Ok(index.quote(&id, offset, limit)?)
    })
    .await
}

/// The OpenAPI 3.1 description of the API.
pub fn openapi() -> serde_json::Value {
    let param = |name: &str, description: &str| {
        serde_json::json!({"name": name, "in": "query", "required": false,
                           "description": description, "schema": {"type": "string"}})
    };
    let int_param = |name: &str, description: &str, max: usize| {
        serde_json::json!({"name": name, "in": "query", "required": false,
                           "description": description,
                           "schema": {"type": "integer", "minimum": 0, "maximum": max}})
    };
    let id = serde_json::json!({"name": "id", "in": "path", "required": true,
                                "schema": {"type": "string"}});
    let json = |description: &str| {
        serde_json::json!({"description": description,
                           "content": {"application/json": {"schema": {"type": "object"}}}})
    };
    let errors = serde_json::json!({
        "400": json("bad request: the message says what is wrong"),
        "404": json("no such speaker or quote"),
        "503": json("the query took too long"),
    });
    let with_errors = |ok: serde_json::Value| {
        let mut responses = errors.clone();
        responses["200"] = ok;
        responses
    };
    serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "whosaid", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Who said what, when, and where it was reported: search a whosaid statement index. Read-only."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Search statements",
                "parameters": [
                    param("q", "query text: words, \"phrases\", AND/OR, -word; empty for all, newest first"),
                    param("speaker", "a speaker id or name"),
                    param("from", "earliest article date, YYYY-MM-DD"),
                    param("to", "latest article date, YYYY-MM-DD"),
                    param("outlet", "outlet name"),
                    param("kind", "direct, mixed or indirect"),
                    param("act", "speech, thought or other, or several comma-separated (speech,thought); every act when absent"),
                    param("medium", &format!("the kind of channel: {}", medium_names())),
                    param("addressee", "to whom it was said, as whosaid names it (Financial Times)"),
                    param("anonymous", "true for anonymous sources only, false for named ones"),
                    param("category", &format!("the kind of speaker: {}", category_names())),
                    param("gender", "the speaker's gender as the article states it: female, male or unknown"),
                    int_param("offset", "results to skip", whosaid_index::MAX_OFFSET),
                    int_param("limit", "results to return (default 20)", whosaid_index::MAX_LIMIT),
                ],
                "responses": with_errors(json("{total, results: [{statement: {id, kind, act, addressee, medium, medium_text, content, cue, source, confidence, quote, anonymous, speaker_category, speaker_gender}, speaker, article, highlight}], facets: {speaker, outlet, kind, act, medium, category, gender, anonymous}}")),
            }},
            "/api/stats": {"get": {
                "summary": "Who gets a voice: the statements a search matches, and their distinct speakers, counted by gender, kind of speaker, anonymity, act or medium, overall or per outlet or month",
                "parameters": [
                    param("group", "what to count by: gender (default), category, anonymous, act or medium"),
                    param("by", "what to split by: outlet (most statements first) or month (every month from the first to the last); absent for one bucket"),
                    param("q", "query text, as for search"),
                    param("speaker", "a speaker id or name"),
                    param("from", "earliest article date, YYYY-MM-DD"),
                    param("to", "latest article date, YYYY-MM-DD"),
                    param("outlet", "outlet name"),
                    param("kind", "direct, mixed or indirect"),
                    param("act", "speech, thought or other, or several comma-separated; every act when absent"),
                    param("medium", "the kind of channel"),
                    param("anonymous", "true or false"),
                    param("category", "the kind of speaker"),
                    param("gender", "female, male or unknown"),
                ],
                "responses": with_errors(json("{group, by, statements, unbucketed, buckets: [{key, statements, speakers, groups: [{value, statements, speakers}]}]}; speakers are distinct identities (HyperLogLog: exact for small counts); every field is decided from what the articles themselves say")),
            }},
            "/api/speakers": {"get": {
                "summary": "Speakers, most quoted first",
                "parameters": [param("q", "part of the name"), int_param("limit", "speakers to return (default 50)", 500)],
                "responses": with_errors(json("[{id, name, roles, statements}]")),
            }},
            "/api/speakers/{id}": {"get": {
                "summary": "A speaker: aliases, roles with the dates seen, outlets, whom they spoke to, counts",
                "parameters": [id.clone()],
                "responses": with_errors(json("{id, name, statements, aliases, roles, outlets, addressees: [{name, count}], first_seen, last_seen, gender: {gender, female_articles, male_articles}, categories: [{name, count}]}; gender is female or male when three in four of the articles that state one agree, else unknown")),
            }},
            "/api/speakers/{id}/timeline": {"get": {
                "summary": "A speaker's statements over time",
                "parameters": [id.clone(), param("interval", "day, week or month (default)")],
                "responses": with_errors(json("{speaker, interval, buckets: [{start, count}], undated}")),
            }},
            "/api/quotes/{id}": {"get": {
                "summary": "A quote's provenance: the earliest article, a page of its carriers (earliest first), the page's variants with word diffs",
                "parameters": [
                    id,
                    int_param("offset", "carriers to skip", u32::MAX as usize),
                    int_param("limit", "carriers to return (default and most 100)", whosaid_index::MAX_LIMIT),
                ],
                "responses": with_errors(json("{id, total, offset, earliest, carriers, variants: [{statement, diff}]}")),
            }},
        }
    })
}
