//! What the index knows of a speaker (aliases, roles over time, outlets, addressees), a
//! speaker's statements over time, and a quote's provenance.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::schema::TantivyDocument;
use tantivy::{DocAddress, DocId, Searcher, SegmentReader};

use crate::schema::TextColumn;
use crate::search::{highlight, term, Hit, SpeakerRef};
use crate::{bad, dates, quotes, IndexError, StatementIndex, MAX_LIMIT};

/// A speaker identity in a list of speakers.
#[derive(Clone, Debug, Serialize)]
pub struct SpeakerSummary {
    /// The identity's id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Its roles, most frequent first.
    pub roles: Vec<String>,
    /// How many statements it has.
    pub statements: usize,
}

/// What the index knows of a speaker.
#[derive(Clone, Debug, Serialize)]
pub struct SpeakerDetail {
    /// The identity's id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// How many statements it has.
    pub statements: usize,
    /// The names articles give the speaker, with how often.
    pub aliases: Vec<NameCount>,
    /// Roles with the first and last dates they were seen.
    pub roles: Vec<RoleSeen>,
    /// The outlets that carried the speaker's statements, with how often.
    pub outlets: Vec<NameCount>,
    /// Whom the speaker's statements were made to ("Financial Times", "reporters"): the
    /// outlets and people they spoke to, with how often.
    pub addressees: Vec<NameCount>,
    /// The date of the earliest dated article with a statement of the speaker.
    pub first_seen: Option<String>,
    /// The date of the latest.
    pub last_seen: Option<String>,
    /// The speaker's gender across articles, from what each article states.
    pub gender: GenderAcrossArticles,
    /// The kinds of speaker the statements were given, with how often.
    pub categories: Vec<NameCount>,
}

/// A speaker's gender across the articles that quote them: each article that states one
/// (with a pronoun, an honorific or a gendered noun for the speaker) counts once.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct GenderAcrossArticles {
    /// "female" or "male" when at least three in four of the articles that state a gender
    /// state it; "unknown" when they disagree more than that or none states one.
    pub gender: String,
    /// Articles that call the speaker a woman.
    pub female_articles: usize,
    /// Articles that call the speaker a man.
    pub male_articles: usize,
}

impl GenderAcrossArticles {
    fn from_counts(female_articles: usize, male_articles: usize) -> GenderAcrossArticles {
        let stated = female_articles + male_articles;
        let gender = if stated > 0 && 4 * female_articles >= 3 * stated {
            "female"
        } else if stated > 0 && 4 * male_articles >= 3 * stated {
            "male"
        } else {
            "unknown"
        };
        GenderAcrossArticles {
            gender: gender.to_owned(),
            female_articles,
            male_articles,
        }
    }
}

/// A name and how often it was seen.
#[derive(Clone, Debug, Serialize)]
pub struct NameCount {
    /// The name.
    pub name: String,
    /// How often.
    pub count: usize,
}

/// A role and when it was seen.
#[derive(Clone, Debug, Serialize)]
pub struct RoleSeen {
    /// The role, as written.
    pub role: String,
    /// In how many statements.
    pub count: usize,
    /// The earliest date it was seen.
    pub first_seen: Option<String>,
    /// The latest date it was seen.
    pub last_seen: Option<String>,
}

/// Statements over time.
#[derive(Clone, Debug, Serialize)]
pub struct Timeline {
    /// Whose statements.
    pub speaker: SpeakerRef,
    /// The length of each period.
    pub interval: Interval,
    /// Every period from the first with statements to the last, in order (those between
    /// with none too).
    pub buckets: Vec<TimelineBucket>,
    /// Statements whose article has no date.
    pub undated: usize,
}

/// One period of a timeline.
#[derive(Clone, Debug, Serialize)]
pub struct TimelineBucket {
    /// The first day of the period (YYYY-MM-DD).
    pub start: String,
    /// How many statements fall in it.
    pub count: usize,
}

/// The length of a timeline's periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// A day (UTC).
    Day,
    /// An ISO week, from Monday.
    Week,
    /// A calendar month.
    Month,
}

impl Interval {
    /// The interval a name says: "day", "week" or "month".
    pub fn from_name(name: &str) -> Option<Interval> {
        match name {
            "day" => Some(Interval::Day),
            "week" => Some(Interval::Week),
            "month" => Some(Interval::Month),
            _ => None,
        }
    }

    /// Its name: "day", "week" or "month".
    pub fn name(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
        }
    }
}

/// A quote and every article that carried it.
#[derive(Clone, Debug, Serialize)]
pub struct QuoteGroup {
    /// The group's id.
    pub id: String,
    /// How many statements carry it.
    pub total: usize,
    /// The position of the page's first carrier among all, earliest first.
    pub offset: usize,
    /// The earliest carrier: the one said first (by the day its text gives for the statement,
    /// else its article's date; undated ones come last), then published first. Its
    /// `statement.said` says which day that is and on what basis.
    pub earliest: Hit,
    /// A page of the statements of the group, earliest first, in the same order.
    pub carriers: Vec<Hit>,
    /// The page's carriers whose wording differs from the earliest's, with a word-level diff.
    pub variants: Vec<Variant>,
}

/// A carrier whose wording differs from the earliest's.
#[derive(Clone, Debug, Serialize)]
pub struct Variant {
    /// The statement's id.
    pub statement: String,
    /// How its words differ from the earliest's.
    pub diff: Vec<quotes::DiffPart>,
}

impl StatementIndex {
    /// Speakers whose name contains `q` (all when empty), most quoted first.
    pub fn speakers(&self, q: &str, limit: usize) -> Result<Vec<SpeakerSummary>, IndexError> {
        let q = q.trim().to_lowercase();
        let mut registry = self.registry()?;
        let mut summaries: Vec<SpeakerSummary> = registry
            .identities()?
            .all()
            .iter()
            .filter(|identity| q.is_empty() || identity.name.to_lowercase().contains(&q))
            .map(|identity| SpeakerSummary {
                id: identity.id.clone(),
                name: identity.name.clone(),
                roles: identity.roles.clone(),
                statements: identity.statements,
            })
            .collect();
        summaries.sort_by(|a, b| b.statements.cmp(&a.statements).then(a.id.cmp(&b.id)));
        summaries.truncate(limit.min(MAX_LIMIT * 10));
        Ok(summaries)
    }

    fn identity_name(&self, id: &str) -> Result<Option<String>, IndexError> {
        let mut registry = self.registry()?;
        Ok(registry.identities()?.get(id).map(|i| i.name.clone()))
    }

    /// Visits the statements of a speaker a segment at a time, through the segment's columns
    /// (no stored document is read); returns how many there were.
    fn for_each_statement_of(
        &self,
        searcher: &Searcher,
        id: &str,
        mut visit: impl FnMut(&SpeakerColumns, &[DocId]),
    ) -> Result<usize, IndexError> {
        let f = self.fields;
        let found = searcher.search(&*term(f.speaker, id), &DocSetCollector)?;
        let schema = searcher.schema();
        for (segment_ord, docs) in by_segment(&found) {
            let segment = searcher.segment_reader(segment_ord);
            let column = |field| TextColumn::open_for(segment, schema.get_field_name(field), &docs);
            let columns = SpeakerColumns {
                // Articles are told apart by their term ordinals in a segment, and across
                // segments by a hash of their key (`ArticleHashes`).
                articles: segment
                    .fast_fields()
                    .str(schema.get_field_name(f.article))?
                    .map(|articles| (segment_ord, articles)),
                genders: column(f.gender)?,
                categories: column(f.category)?,
                aliases: column(f.alias)?,
                outlets: column(f.outlet)?,
                addressees: column(f.addressee)?,
                roles: column(f.roles)?,
                dates: segment
                    .fast_fields()
                    .date(schema.get_field_name(f.date))
                    .ok(),
            };
            visit(&columns, &docs);
        }
        Ok(found.len())
    }

    /// A speaker's aliases, roles over time, outlets, addressees and counts; `None` for an
    /// unknown id.
    pub fn speaker(&self, id: &str) -> Result<Option<SpeakerDetail>, IndexError> {
        let Some(name) = self.identity_name(id)? else {
            return Ok(None);
        };
        let mut aliases: BTreeMap<String, usize> = BTreeMap::new();
        let mut outlets: BTreeMap<String, usize> = BTreeMap::new();
        let mut addressees: BTreeMap<String, usize> = BTreeMap::new();
        let mut roles: BTreeMap<String, (usize, Option<i64>, Option<i64>)> = BTreeMap::new();
        let (mut first, mut last): (Option<i64>, Option<i64>) = (None, None);
        let mut categories: BTreeMap<String, usize> = BTreeMap::new();
        // The genders each article states for the speaker (bit 1 female, bit 2 male), by
        // segment and article ordinal there; the ordinals are named in one pass over each
        // segment's dictionary at the end, since one article may lie in several segments.
        let mut stated_in: BTreeMap<u32, (StrColumn, HashMap<u64, u8>)> = BTreeMap::new();
        let searcher = self.reader.searcher();
        let statements = self.for_each_statement_of(&searcher, id, |columns, docs| {
            // Counted by the value's place among the segment's terms, then by name once per
            // value: a string looked up per statement was most of a large speaker's page.
            count_first_values(&columns.aliases, docs, &mut aliases);
            count_first_values(&columns.outlets, docs, &mut outlets);
            count_first_values(&columns.addressees, docs, &mut addressees);
            count_first_values(&columns.categories, docs, &mut categories);
            let mut seen_roles: Vec<(usize, Option<i64>, Option<i64>)> =
                vec![(0, None, None); columns.roles.as_ref().map_or(0, TextColumn::terms_read)];
            for &doc in docs {
                let date = columns.date(doc);
                let gender = columns.first(&columns.genders, doc);
                if let (Some((segment, articles)), Some(gender @ ("female" | "male"))) =
                    (columns.articles.as_ref(), gender)
                {
                    if let Some(ord) = articles.term_ords(doc).next() {
                        let bit = if gender == "female" { 1 } else { 2 };
                        let (_, bits) = stated_in
                            .entry(*segment)
                            .or_insert_with(|| (articles.clone(), HashMap::new()));
                        *bits.entry(ord).or_default() |= bit;
                    }
                }
                for at in columns.roles.iter().flat_map(|roles| roles.indices(doc)) {
                    let seen = &mut seen_roles[at];
                    seen.0 += 1;
                    seen.1 = min_date(seen.1, date);
                    seen.2 = max_date(seen.2, date);
                }
                first = min_date(first, date);
                last = max_date(last, date);
            }
            if let Some(column) = &columns.roles {
                for (at, seen) in seen_roles.into_iter().enumerate() {
                    if seen.0 == 0 {
                        continue;
                    }
                    let all = roles.entry(column.term(at).to_owned()).or_default();
                    all.0 += seen.0;
                    all.1 = min_date(all.1, seen.1);
                    all.2 = max_date(all.2, seen.2);
                }
            }
        })?;
        if statements == 0 {
            return Ok(None);
        }
        let stated = self.article_hashes.articles_stating(&searcher, stated_in)?;
        let counted = |map: BTreeMap<String, usize>| {
            let mut list: Vec<NameCount> = map
                .into_iter()
                .map(|(name, count)| NameCount { name, count })
                .collect();
            list.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
            list
        };
        Ok(Some(SpeakerDetail {
            id: id.to_owned(),
            name,
            statements,
            aliases: counted(aliases),
            outlets: counted(outlets),
            addressees: counted(addressees),
            roles: roles
                .into_iter()
                .map(|(role, (count, first, last))| RoleSeen {
                    role,
                    count,
                    first_seen: first.map(dates::format),
                    last_seen: last.map(dates::format),
                })
                .collect(),
            first_seen: first.map(dates::format),
            last_seen: last.map(dates::format),
            gender: GenderAcrossArticles::from_counts(
                stated.iter().filter(|&&bits| bits & 1 != 0).count(),
                stated.iter().filter(|&&bits| bits & 2 != 0).count(),
            ),
            categories: counted(categories),
        }))
    }

    /// A speaker's statements counted by period; `None` for an unknown id.
    pub fn timeline(&self, id: &str, interval: Interval) -> Result<Option<Timeline>, IndexError> {
        let Some(name) = self.identity_name(id)? else {
            return Ok(None);
        };
        let mut buckets: BTreeMap<i64, usize> = BTreeMap::new();
        let mut undated = 0;
        let searcher = self.reader.searcher();
        self.for_each_statement_of(&searcher, id, |columns, docs| {
            for &doc in docs {
                match columns.date(doc) {
                    Some(date) => {
                        *buckets
                            .entry(dates::period_start(date, interval))
                            .or_default() += 1
                    }
                    None => undated += 1,
                }
            }
        })?;
        // Every period from the first to the last, those without statements too, so that a
        // chart of them keeps time proportional.
        if let (Some(&first), Some(&last)) = (buckets.keys().next(), buckets.keys().next_back()) {
            let periods = dates::every_period(first, last, interval, crate::MAX_BUCKETS)
                .ok_or_else(|| {
                    bad(format!(
                        "the statements span more than {} periods of a {}: ask for a longer \
                         interval",
                        crate::MAX_BUCKETS,
                        interval.name()
                    ))
                })?;
            for start in periods {
                buckets.entry(start).or_default();
            }
        }
        Ok(Some(Timeline {
            speaker: SpeakerRef {
                id: id.to_owned(),
                name,
            },
            interval,
            buckets: buckets
                .into_iter()
                .map(|(start, count)| TimelineBucket {
                    start: dates::day(start),
                    count,
                })
                .collect(),
            undated,
        }))
    }

    /// A page of a quote group's carriers, earliest first (by date, undated last, then by
    /// statement id), from `offset`, at most `limit` (up to [`MAX_LIMIT`]); with the earliest
    /// carrier, the number of carriers, and the differences of the page's carriers whose
    /// wording differs from the earliest's. `None` for an unknown id. Only the page's
    /// statements are read: the order comes from columns.
    pub fn quote(
        &self,
        id: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Option<QuoteGroup>, IndexError> {
        if limit == 0 || limit > MAX_LIMIT {
            return Err(bad(format!("limit must be 1 to {MAX_LIMIT}, not {limit}")));
        }
        let f = self.fields;
        let searcher = self.reader.searcher();
        let found = searcher.search(&*term(f.quote, id), &DocSetCollector)?;
        if found.is_empty() {
            return Ok(None);
        }
        let schema = searcher.schema();
        // Earliest said first (the day the text gives, else the article's), then earliest
        // published, then by statement (its article and number), so that the order does not
        // depend on where the documents are.
        let mut order: Vec<(i64, i64, String, u64, DocAddress)> = Vec::with_capacity(found.len());
        for (segment_ord, docs) in by_segment(&found) {
            let segment = searcher.segment_reader(segment_ord);
            let articles = TextColumn::open_for(segment, schema.get_field_name(f.article), &docs)?;
            let numbers = segment.fast_fields().u64(schema.get_field_name(f.number))?;
            let column = |field| {
                segment
                    .fast_fields()
                    .date(schema.get_field_name(field))
                    .ok()
            };
            let (said, dates) = (column(f.said), column(f.date));
            let seconds = |column: &Option<Column<tantivy::DateTime>>, doc| {
                column
                    .as_ref()
                    .and_then(|column| column.first(doc))
                    .map_or(i64::MAX, |date| date.into_timestamp_secs())
            };
            for doc in docs {
                let article = articles.as_ref().and_then(|articles| articles.first(doc));
                order.push((
                    seconds(&said, doc),
                    seconds(&dates, doc),
                    article.unwrap_or_default().to_owned(),
                    numbers.first(doc).unwrap_or_default(),
                    DocAddress::new(segment_ord, doc),
                ));
            }
        }
        order.sort();
        let total = order.len();
        let page: Vec<DocAddress> = order
            .iter()
            .skip(offset)
            .take(limit)
            .map(|(.., address)| *address)
            .collect();
        let mut registry = self.registry()?;
        let mut hit_at = |address: DocAddress| -> Result<Hit, IndexError> {
            let doc: TantivyDocument = searcher.doc(address)?;
            Ok(self.hit(
                &doc,
                highlight(&doc, f.content, None),
                registry.identities()?,
            ))
        };
        let carriers = page
            .into_iter()
            .map(&mut hit_at)
            .collect::<Result<Vec<Hit>, IndexError>>()?;
        // The first page starts with the earliest: it is read once.
        let earliest = match carriers.first() {
            Some(first) if offset == 0 => first.clone(),
            _ => hit_at(order[0].4)?,
        };
        drop(registry);
        let original = quotes::words(&earliest.statement.content);
        let variants = carriers
            .iter()
            .filter(|hit| quotes::words(&hit.statement.content) != original)
            .map(|hit| Variant {
                statement: hit.statement.id.clone(),
                diff: quotes::diff(&earliest.statement.content, &hit.statement.content),
            })
            .collect();
        Ok(Some(QuoteGroup {
            id: id.to_owned(),
            total,
            offset,
            earliest,
            carriers,
            variants,
        }))
    }
}

/// Documents found, by segment: for reading each segment's columns once.
fn by_segment(found: &HashSet<DocAddress>) -> BTreeMap<u32, Vec<DocId>> {
    let mut by_segment: BTreeMap<u32, Vec<DocId>> = BTreeMap::new();
    for address in found {
        by_segment
            .entry(address.segment_ord)
            .or_default()
            .push(address.doc_id);
    }
    by_segment
}

/// Adds to `counts` the number of `docs` with each first value of `column`.
fn count_first_values(
    column: &Option<TextColumn>,
    docs: &[DocId],
    counts: &mut BTreeMap<String, usize>,
) {
    let Some(column) = column else {
        return;
    };
    let mut by_place = vec![0usize; column.terms_read()];
    for &doc in docs {
        if let Some(at) = column.indices(doc).next() {
            by_place[at] += 1;
        }
    }
    for (at, count) in by_place.into_iter().enumerate() {
        if count > 0 {
            *counts.entry(column.term(at).to_owned()).or_default() += count;
        }
    }
}

/// The columns of one segment that a speaker's page reads.
struct SpeakerColumns {
    /// The segment's number and its column of article ids.
    articles: Option<(u32, StrColumn)>,
    genders: Option<TextColumn>,
    categories: Option<TextColumn>,
    aliases: Option<TextColumn>,
    outlets: Option<TextColumn>,
    addressees: Option<TextColumn>,
    roles: Option<TextColumn>,
    dates: Option<Column<tantivy::DateTime>>,
}

impl SpeakerColumns {
    fn first<'c>(&self, column: &'c Option<TextColumn>, doc: DocId) -> Option<&'c str> {
        column.as_ref().and_then(|column| column.first(doc))
    }

    fn date(&self, doc: DocId) -> Option<i64> {
        let dates = self.dates.as_ref()?;
        dates.first(doc).map(|date| date.into_timestamp_secs())
    }
}

/// A hash of each article key of each segment of an index, by the key's ordinal in the
/// segment's column of article keys, made when a speaker's page first needs a segment's and
/// kept while the segment is the reader's (segments do not change).
///
/// A speaker's page counts the articles that state a gender for the speaker, and one article
/// may lie in several segments (a statement whose identity or quote group changed is written
/// again, into a new segment). Naming the article ordinals it meets through each segment's
/// dictionary cost most of the page for a speaker with a hundred thousand statements: the
/// dictionary's compressed blocks are read again for every page. The hashes cost eight bytes
/// an article, read once.
#[derive(Default)]
pub(crate) struct ArticleHashes {
    by_segment: Mutex<HashMap<SegmentId, Arc<Vec<u64>>>>,
    /// The hash's seed, random, so that no two article keys can be made to collide.
    seed: foldhash::fast::RandomState,
}

impl ArticleHashes {
    /// The genders stated by each article (bit 1 female, bit 2 male), from the genders
    /// stated by each article ordinal of each segment (of `searcher`): one segment's ordinals
    /// are its articles; across segments, the same article's are merged.
    fn articles_stating(
        &self,
        searcher: &Searcher,
        by_segment: BTreeMap<u32, (StrColumn, HashMap<u64, u8>)>,
    ) -> Result<Vec<u8>, IndexError> {
        if by_segment.len() <= 1 {
            return Ok(by_segment
                .into_values()
                .flat_map(|(_, bits)| bits.into_values())
                .collect());
        }
        let mut by_article: HashMap<u64, u8> = HashMap::new();
        for (segment_ord, (articles, bits)) in by_segment {
            let segment = searcher.segment_reader(segment_ord).segment_id();
            let hashes = self.of_segment(segment, &articles)?;
            for (ord, bits) in bits {
                let hash = usize::try_from(ord).ok().and_then(|at| hashes.get(at));
                if let Some(&hash) = hash {
                    *by_article.entry(hash).or_default() |= bits;
                }
            }
        }
        // Segments merged away since are not kept.
        let current: HashSet<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        self.lock().retain(|segment, _| current.contains(segment));
        Ok(by_article.into_values().collect())
    }

    /// The hashes of a segment's article keys, read from its column the first time.
    fn of_segment(
        &self,
        segment: SegmentId,
        articles: &StrColumn,
    ) -> Result<Arc<Vec<u64>>, IndexError> {
        if let Some(hashes) = self.lock().get(&segment) {
            return Ok(hashes.clone());
        }
        let dictionary = articles.dictionary();
        let mut hashes = Vec::with_capacity(dictionary.num_terms());
        let mut stream = dictionary.stream().map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            hashes.push(self.seed.hash_one(stream.key()));
        }
        let hashes = Arc::new(hashes);
        self.lock().insert(segment, hashes.clone());
        Ok(hashes)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SegmentId, Arc<Vec<u64>>>> {
        // The map is whole after any panic (each step is one insert or retain).
        self.by_segment
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn min_date(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_date(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod gender_tests {
    use super::GenderAcrossArticles;

    #[test]
    fn articles_that_disagree_leave_the_gender_unknown() {
        assert_eq!(GenderAcrossArticles::from_counts(3, 1).gender, "female");
        assert_eq!(GenderAcrossArticles::from_counts(1, 3).gender, "male");
        assert_eq!(GenderAcrossArticles::from_counts(2, 1).gender, "unknown");
        assert_eq!(GenderAcrossArticles::from_counts(0, 0).gender, "unknown");
        assert_eq!(GenderAcrossArticles::from_counts(0, 1).gender, "male");
    }
}
