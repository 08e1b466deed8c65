//! Who gets a voice, counted: the statements a search matches, and their distinct speakers,
//! by gender, kind of speaker, anonymity, act or medium, overall or per outlet or month.

use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::AggregationCollector;

use crate::search::{query_error, SearchRequest};
use crate::{bad, dates, IndexError, Interval, StatementIndex};

/// What statistics count statements by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatsGroup {
    /// The speaker's stated gender: female, male, unknown.
    Gender,
    /// The kind of speaker.
    Category,
    /// Whether the speaker is anonymous.
    Anonymous,
    /// Speech, thought or other.
    Act,
    /// The kind of channel (`none` when the article names none).
    Medium,
}

impl StatsGroup {
    /// Every group, in the order above.
    pub const ALL: [StatsGroup; 5] = [
        StatsGroup::Gender,
        StatsGroup::Category,
        StatsGroup::Anonymous,
        StatsGroup::Act,
        StatsGroup::Medium,
    ];

    /// Its name in the API and the CLI, which is also the index field it counts.
    pub fn name(self) -> &'static str {
        match self {
            StatsGroup::Gender => "gender",
            StatsGroup::Category => "category",
            StatsGroup::Anonymous => "anonymous",
            StatsGroup::Act => "act",
            StatsGroup::Medium => "medium",
        }
    }

    /// The group with this name.
    pub fn from_name(name: &str) -> Option<StatsGroup> {
        StatsGroup::ALL
            .into_iter()
            .find(|g| g.name() == name.trim())
    }
}

/// What statistics split the statements by, besides the group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatsBy {
    /// The outlet that carried the article, most statements first.
    Outlet,
    /// The article's month (UTC), in time order, every month between the first and the last
    /// (those with no statement too), so that a chart of them keeps time proportional.
    Month,
}

impl StatsBy {
    /// Its name in the API and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            StatsBy::Outlet => "outlet",
            StatsBy::Month => "month",
        }
    }

    /// The split with this name.
    pub fn from_name(name: &str) -> Option<StatsBy> {
        [StatsBy::Outlet, StatsBy::Month]
            .into_iter()
            .find(|b| b.name() == name.trim())
    }
}

/// A statistics request: which statements (a search's filters and query text; its offset and
/// limit are not used), counted by what, split by what.
#[derive(Clone, Debug)]
pub struct StatsRequest {
    /// Which statements.
    pub filter: SearchRequest,
    /// What they are counted by.
    pub group: StatsGroup,
    /// What they are split by; `None` for one bucket of all.
    pub by: Option<StatsBy>,
}

/// Counts of statements and of distinct speakers.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Stats {
    /// The group's name ("gender").
    pub group: String,
    /// The split's name ("outlet", "month"), if any.
    pub by: Option<String>,
    /// Statements matched.
    pub statements: u64,
    /// Statements in no bucket: with no date when split by month, with no outlet when split
    /// by outlet, or in the outlets past the most a split lists ([`MAX_BUCKETS`]).
    pub unbucketed: u64,
    /// The buckets: one (with no key) without a split.
    pub buckets: Vec<StatsBucket>,
}

/// One outlet's or month's counts, or the whole's.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct StatsBucket {
    /// The outlet or the month (`YYYY-MM`); none without a split.
    pub key: Option<String>,
    /// Statements in the bucket.
    pub statements: u64,
    /// Distinct speaker identities among them (statements with no speaker are not counted).
    pub speakers: u64,
    /// By value of the group, most statements first.
    pub groups: Vec<StatsCount>,
}

/// The statements with one value of the group.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct StatsCount {
    /// The value ("female", "politician", "true", …; `none` for a statement without one).
    pub value: String,
    /// Statements with it.
    pub statements: u64,
    /// Distinct speaker identities among them.
    pub speakers: u64,
}

/// Most buckets a split lists (outlets with the most statements; a month split over a longer
/// span is refused).
pub const MAX_BUCKETS: usize = 1000;

impl StatementIndex {
    /// Counts the statements `request` matches, and their distinct speakers, by its group and
    /// split. Distinct speakers are counted with HyperLogLog (tantivy's cardinality): exact
    /// for small numbers, within about a percent for large ones.
    pub fn stats(&self, request: &StatsRequest) -> Result<Stats, IndexError> {
        let (query, _) = self.query_of(&request.filter)?;
        let group = request.group.name();
        let counted = serde_json::json!({
            "terms": {"field": group, "size": 20, "missing": "none"},
            "aggs": {"speakers": {"cardinality": {"field": "speaker"}}},
        });
        let whole = serde_json::json!({
            "group": counted,
            "speakers": {"cardinality": {"field": "speaker"}},
        });
        let request_json = match request.by {
            None => whole,
            Some(by) => {
                let order = match by {
                    StatsBy::Outlet => serde_json::json!({"_count": "desc"}),
                    StatsBy::Month => serde_json::json!({"_key": "asc"}),
                };
                serde_json::json!({"by": {
                    "terms": {"field": by.name(), "size": MAX_BUCKETS, "order": order},
                    "aggs": whole,
                }})
            }
        };
        let aggregations: Aggregations =
            serde_json::from_value(request_json).expect("the aggregation request is valid");
        let collector = (
            tantivy::collector::Count,
            AggregationCollector::from_aggs(aggregations, Default::default()),
        );
        let searcher = self.reader.searcher();
        let (total, results) = searcher
            .search(&*query, &collector)
            .map_err(|err| query_error(&request.filter.q, err))?;
        let value = serde_json::to_value(results).unwrap_or_default();
        let mut buckets = match request.by {
            None => vec![bucket(None, &value, total as u64)],
            Some(_) => value["by"]["buckets"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .map(|b| {
                            let count = b["doc_count"].as_u64().unwrap_or(0);
                            bucket(b["key"].as_str().map(str::to_owned), b, count)
                        })
                        .collect()
                })
                .unwrap_or_default(),
        };
        if request.by == Some(StatsBy::Month) {
            buckets = every_month(buckets)?;
        }
        let bucketed: u64 = buckets.iter().map(|b| b.statements).sum();
        Ok(Stats {
            group: group.to_owned(),
            by: request.by.map(|by| by.name().to_owned()),
            statements: total as u64,
            unbucketed: (total as u64).saturating_sub(bucketed),
            buckets,
        })
    }
}

/// A bucket from an aggregation result holding `group` and `speakers`.
fn bucket(key: Option<String>, value: &serde_json::Value, statements: u64) -> StatsBucket {
    let cardinality = |v: &serde_json::Value| v["value"].as_f64().unwrap_or(0.0).round() as u64;
    let groups = value["group"]["buckets"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|b| {
                    Some(StatsCount {
                        value: b["key"].as_str()?.to_owned(),
                        statements: b["doc_count"].as_u64()?,
                        speakers: cardinality(&b["speakers"]),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    StatsBucket {
        key,
        statements,
        speakers: cardinality(&value["speakers"]),
        groups,
    }
}

/// Month buckets (in order) with the months between them that have no statement filled in.
fn every_month(buckets: Vec<StatsBucket>) -> Result<Vec<StatsBucket>, IndexError> {
    let month = |b: &StatsBucket| b.key.as_deref().and_then(parse_month);
    let (Some(first), Some(last)) = (
        buckets.first().and_then(month),
        buckets.last().and_then(month),
    ) else {
        return Ok(buckets);
    };
    let months = (first <= last)
        .then(|| dates::every_period(first, last, Interval::Month, MAX_BUCKETS))
        .flatten()
        .ok_or_else(|| {
            bad(format!(
                "the statements span more than {MAX_BUCKETS} months: narrow them with from and to"
            ))
        })?;
    let mut given = buckets.into_iter().peekable();
    let mut all = Vec::new();
    for start in months {
        let key = dates::month(start);
        match given.peek() {
            Some(b) if b.key.as_deref() == Some(key.as_str()) => all.extend(given.next()),
            _ => all.push(StatsBucket {
                key: Some(key),
                statements: 0,
                speakers: 0,
                groups: Vec::new(),
            }),
        }
    }
    Ok(all)
}

/// The start of a `YYYY-MM` month bucket, in seconds.
fn parse_month(key: &str) -> Option<i64> {
    dates::parse(&format!("{key}-01"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(key: &str, statements: u64) -> StatsBucket {
        StatsBucket {
            key: Some(key.to_owned()),
            statements,
            speakers: 1,
            groups: Vec::new(),
        }
    }

    #[test]
    fn months_between_are_filled_in_so_time_stays_proportional() {
        let filled = every_month(vec![month("2019-11", 3), month("2020-02", 1)]).unwrap();
        let keys: Vec<&str> = filled.iter().filter_map(|b| b.key.as_deref()).collect();
        assert_eq!(keys, ["2019-11", "2019-12", "2020-01", "2020-02"]);
        assert_eq!(filled[1].statements, 0);
        assert!(every_month(vec![month("1900-01", 1), month("2026-01", 1)]).is_err());
        assert_eq!(parse_month("2019-13"), None);
        assert_eq!(parse_month("20é9-01"), None);
    }
}
