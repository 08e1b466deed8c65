//! Article dates as pages give them, to seconds since the Unix epoch (UTC) and back.
//!
//! Pages give dates as RFC 3339 (`2019-11-19T13:03:00.000Z`, `2024-11-26T08:00:00+01:00`),
//! as a bare day (`2016-09-12`), or as RFC 2822 (`Tue, 19 Nov 2019 13:03:00 GMT`). Anything
//! else counts as no date.

use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::{Date, Month, OffsetDateTime, Weekday};

/// Seconds since the epoch, for dates from 1800 to 2199; anything outside is a mistake.
pub fn parse(text: &str) -> Option<i64> {
    const EARLIEST: i64 = -5_364_662_400; // 1800-01-01
    const LATEST: i64 = 7_258_118_400; // 2200-01-01
    parse_any(text).filter(|seconds| (EARLIEST..LATEST).contains(seconds))
}

/// Like [`parse`], for the end of a range: a bare day (`2024-11-27`) means the end of that
/// day, so that a range "to" it includes it.
pub fn parse_until(text: &str) -> Option<i64> {
    let seconds = parse(text)?;
    Some(if parse_day(text.trim()).is_some() {
        seconds + 86_399
    } else {
        seconds
    })
}

fn parse_any(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(date) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(date.unix_timestamp());
    }
    if let Some(day) = parse_day(text) {
        return Some(day.midnight().assume_utc().unix_timestamp());
    }
    // A date and time without an offset (`2019-11-19T13:03:00`): taken as UTC. The text is
    // a page's, so it is cut only where a character ends.
    if let Some(local) = text
        .get(..19)
        .filter(|t| t.as_bytes().get(10) == Some(&b'T'))
    {
        if let Ok(date) = OffsetDateTime::parse(&format!("{local}Z"), &Rfc3339) {
            return Some(date.unix_timestamp());
        }
    }
    if let Ok(date) = OffsetDateTime::parse(text, &Rfc2822) {
        return Some(date.unix_timestamp());
    }
    written_day(text).map(|day| day.midnight().assume_utc().unix_timestamp())
}

/// A day written out in English, as pages print it: "November 19, 2019, 07:47 PM EST",
/// "Tue Nov 19 2019 03:05:46 GMT+0000", "01:38:07 PM IST Nov 20, 2019". The time of day is
/// dropped (its zone is rarely one a program can read).
fn written_day(text: &str) -> Option<Date> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    let month_at = words
        .iter()
        .position(|word| word.len() >= 3 && MONTHS.iter().any(|month| word.starts_with(month)))?;
    let month = MONTHS.iter().position(|m| words[month_at].starts_with(m))? as u8 + 1;
    let number = |word: &String| {
        word.trim_end_matches(['.', 's', 't', 'h', 'n', 'd', 'r'])
            .parse::<u32>()
            .ok()
    };
    let year = words
        .iter()
        .filter_map(number)
        .find(|n| (1800..2200).contains(n))?;
    let day = words[month_at + 1..]
        .iter()
        .chain(words[..month_at].iter().rev())
        .filter(|word| !word.contains(':'))
        .filter_map(number)
        .find(|n| (1..=31).contains(n))?;
    Date::from_calendar_date(year as i32, Month::try_from(month).ok()?, day as u8).ok()
}

fn parse_day(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i32 = text.get(..4)?.parse().ok()?;
    let month: u8 = text.get(5..7)?.parse().ok()?;
    let day: u8 = text.get(8..10)?.parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// `2019-11-19T13:03:00Z`.
pub fn format(seconds: i64) -> String {
    let date = OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    date.format(&Rfc3339).unwrap_or_default()
}

/// `2019-11-19`: the day (UTC) of `seconds`.
pub fn day(seconds: i64) -> String {
    let text = format(seconds);
    text.get(..10).unwrap_or(&text).to_owned()
}

/// `2019-11`: the month (UTC) of `seconds`.
pub fn month(seconds: i64) -> String {
    let text = format(seconds);
    text.get(..7).unwrap_or(&text).to_owned()
}

/// A time expression that says when something was said ("on Tuesday", "last week", "Nov.
/// 5", "in 2019"), as [`TimeExpression::parse`] reads it from the words of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeExpression {
    /// A day of the week ("on Tuesday", "Tuesday night"); `last` for "last Tuesday", which
    /// never means the article's own day.
    Weekday {
        /// The day.
        day: Weekday,
        /// Whether "last" came before it.
        last: bool,
    },
    /// "yesterday", "last night".
    Yesterday,
    /// "today", "tonight", "this morning", "earlier today".
    Today,
    /// "last week", "last month", "last year".
    Last(Period),
    /// "this week", "earlier this month", "this year".
    This(Period),
    /// A month and maybe a day and a year ("in March", "Nov. 5", "November 18, 2019",
    /// "March 2019").
    Month {
        /// The month.
        month: Month,
        /// The day of the month, if given.
        day: Option<u8>,
        /// The year, if given.
        year: Option<i32>,
    },
    /// A year alone ("in 2019", "a 2019 interview").
    Year(i32),
}

/// A stretch of the calendar a time expression may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

/// Nouns for what something was said in, after which a year says when ("a 2019 interview").
const DATED_MEDIA: &[&str] = &[
    "interview",
    "statement",
    "speech",
    "letter",
    "post",
    "tweet",
    "article",
    "book",
    "op",
    "memo",
    "email",
    "report",
    "testimony",
    "deposition",
    "podcast",
    "essay",
    "column",
];

/// The longest time expression [`TimeExpression::parse`] reads, in words.
pub const MAX_EXPRESSION_WORDS: usize = 4;

impl TimeExpression {
    /// The expression `words` make, all of them (lowercased words without punctuation, as
    /// [`expression_words`] gives them): "on tuesday", "last week", "nov 5 2019", "in 2019",
    /// "2019 interview".
    pub fn parse(words: &[&str]) -> Option<TimeExpression> {
        use TimeExpression::*;
        // "a 2019 interview": the year of the medium it was said in.
        if let [year, medium] = words {
            if let Some(year) = year_named(year).filter(|_| DATED_MEDIA.contains(medium)) {
                return Some(Year(year));
            }
        }
        // A month or a year alone is a time only after "in" ("in March", "in 2019"): "may"
        // alone is a verb, "2019" alone a number.
        let after_in = words.first() == Some(&"in");
        let words = match words {
            ["on" | "in" | "earlier" | "at", rest @ ..] if !rest.is_empty() => {
                // "earlier this week", "earlier today"; "on Tuesday"; "in March"; "in 2019".
                if words[0] == "earlier" && !matches!(rest, ["this", _] | ["today"]) {
                    return None;
                }
                rest
            }
            _ => words,
        };
        let period = |word: &str| match word {
            "week" => Some(Period::Week),
            "month" => Some(Period::Month),
            "year" => Some(Period::Year),
            _ => None,
        };
        let part = |word: &str| matches!(word, "morning" | "afternoon" | "evening" | "night");
        match words {
            ["yesterday"] | ["last", "night"] => Some(Yesterday),
            ["today" | "tonight"] | ["this", "morning" | "afternoon" | "evening"] => Some(Today),
            ["last", word] if period(word).is_some() => period(word).map(Last),
            ["this", word] if period(word).is_some() => period(word).map(This),
            ["last", day] => weekday_named(day).map(|day| Weekday { day, last: true }),
            [day] => weekday_named(day)
                .map(|day| Weekday { day, last: false })
                .or_else(|| year_named(day).filter(|_| after_in).map(Year))
                .or_else(|| {
                    let month = month_named(day).filter(|_| after_in)?;
                    Some(Month {
                        month,
                        day: None,
                        year: None,
                    })
                }),
            [day, time] if part(time) => weekday_named(day).map(|day| Weekday { day, last: false }),
            [number, name] if month_named(name).is_some() => Some(Month {
                month: month_named(name)?,
                day: Some(day_of_month(number)?),
                year: None,
            }),
            [name, number] => {
                let month = month_named(name)?;
                match (day_of_month(number), year_named(number)) {
                    (Some(day), _) => Some(Month {
                        month,
                        day: Some(day),
                        year: None,
                    }),
                    (None, Some(year)) => Some(Month {
                        month,
                        day: None,
                        year: Some(year),
                    }),
                    _ => None,
                }
            }
            // "November 18 2019", "5 November 2019".
            [first, second, y] => {
                let (month, day) = match (month_named(first), month_named(second)) {
                    (Some(month), None) => (month, day_of_month(second)?),
                    (None, Some(month)) => (month, day_of_month(first)?),
                    _ => return None,
                };
                Some(Month {
                    month,
                    day: Some(day),
                    year: Some(year_named(y)?),
                })
            }
            _ => None,
        }
    }

    /// Whether an expression [`TimeExpression::parse`] reads can start with `word`
    /// (lowercased): a preposition or "last", "this", "earlier", a day's or a month's name,
    /// or a number. Most words cannot, so a search for expressions tries only these.
    pub fn could_open(word: &str) -> bool {
        matches!(
            word,
            "on" | "in" | "at" | "earlier" | "last" | "this" | "yesterday" | "today" | "tonight"
        ) || word.starts_with(|c: char| c.is_ascii_digit())
            || TimeExpression::parse(&[word]).is_some()
            || TimeExpression::parse(&["in", word]).is_some()
            || TimeExpression::parse(&[word, "1"]).is_some()
    }

    /// The first and last day (UTC) the expression names, read against the day the article
    /// was published (`published`, seconds since the epoch): "on Tuesday" is the last Tuesday
    /// on or before it, "last week" the week before its week. An expression that needs the
    /// article's day has none without it; a named day after the article's is taken in the
    /// year before.
    pub fn range(self, published: Option<i64>) -> Option<(Date, Date)> {
        use TimeExpression::*;
        if let Month {
            month,
            day,
            year: Some(year),
        } = self
        {
            return Some(match day {
                Some(day) => {
                    let date = Date::from_calendar_date(year, month, day).ok()?;
                    (date, date)
                }
                None => month_range(year, month)?,
            });
        }
        if let Year(year) = self {
            return Some((
                Date::from_calendar_date(year, time::Month::January, 1).ok()?,
                Date::from_calendar_date(year, time::Month::December, 31).ok()?,
            ));
        }
        let today = OffsetDateTime::from_unix_timestamp(published?).ok()?.date();
        let day = time::Duration::days(1);
        Some(match self {
            Weekday { day: weekday, last } => {
                let mut back = i64::from(
                    (7 + today.weekday().number_days_from_monday()
                        - weekday.number_days_from_monday())
                        % 7,
                );
                if last && back == 0 {
                    back = 7;
                }
                let date = today - time::Duration::days(back);
                (date, date)
            }
            Yesterday => (today - day, today - day),
            Today => (today, today),
            Last(Period::Week) => {
                let monday = today
                    - time::Duration::days(i64::from(today.weekday().number_days_from_monday()));
                (monday - time::Duration::days(7), monday - day)
            }
            This(Period::Week) => (
                today - time::Duration::days(i64::from(today.weekday().number_days_from_monday())),
                today,
            ),
            Last(Period::Month) => {
                let first = today.replace_day(1).ok()?;
                let previous = first - day;
                (previous.replace_day(1).ok()?, previous)
            }
            This(Period::Month) => (today.replace_day(1).ok()?, today),
            Last(Period::Year) => month_range(today.year() - 1, time::Month::January)
                .map(|(first, _)| first)
                .zip(Date::from_calendar_date(today.year() - 1, time::Month::December, 31).ok())?,
            This(Period::Year) => (
                Date::from_calendar_date(today.year(), time::Month::January, 1).ok()?,
                today,
            ),
            Month {
                month,
                day: Some(d),
                year: None,
            } => {
                let this_year = Date::from_calendar_date(today.year(), month, d).ok();
                let date = match this_year {
                    Some(date) if date <= today => date,
                    _ => Date::from_calendar_date(today.year() - 1, month, d).ok()?,
                };
                (date, date)
            }
            Month {
                month,
                day: None,
                year: None,
            } => {
                let year = if month as u8 <= today.month() as u8 {
                    today.year()
                } else {
                    today.year() - 1
                };
                let (first, last) = month_range(year, month)?;
                (first, last.min(today))
            }
            Month { year: Some(_), .. } | Year(_) => return None,
        })
    }
}

/// The first and last day of a month.
fn month_range(year: i32, month: Month) -> Option<(Date, Date)> {
    let first = Date::from_calendar_date(year, month, 1).ok()?;
    let last =
        Date::from_calendar_date(year, month, time::util::days_in_month(month, year)).ok()?;
    Some((first, last))
}

/// The words of a text as [`TimeExpression::parse`] reads them, with each word's char range:
/// runs of letters and digits, lowercased, ordinal endings dropped ("5th" is "5").
pub fn expression_words(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut words = Vec::new();
    let mut start = None;
    let chars: Vec<char> = text.chars().collect();
    for (at, c) in chars
        .iter()
        .enumerate()
        .chain(std::iter::once((chars.len(), &' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                let word: String = chars[from..at].iter().collect::<String>().to_lowercase();
                let word = match word.strip_suffix(['h', 't', 'd']) {
                    Some(rest)
                        if word.len() > 2
                            && rest
                                .trim_end_matches(['s', 'n', 'r', 't'])
                                .chars()
                                .all(|c| c.is_ascii_digit())
                            && rest.chars().next().is_some_and(|c| c.is_ascii_digit()) =>
                    {
                        rest.trim_end_matches(['s', 'n', 'r', 't']).to_owned()
                    }
                    _ => word,
                };
                words.push((from..at, word));
                start = None;
            }
            _ => {}
        }
    }
    words
}

fn weekday_named(word: &str) -> Option<Weekday> {
    Some(match word {
        "monday" => Weekday::Monday,
        "tuesday" => Weekday::Tuesday,
        "wednesday" => Weekday::Wednesday,
        "thursday" => Weekday::Thursday,
        "friday" => Weekday::Friday,
        "saturday" => Weekday::Saturday,
        "sunday" => Weekday::Sunday,
        _ => return None,
    })
}

fn month_named(word: &str) -> Option<Month> {
    const NAMES: [(&str, &str, Month); 12] = [
        ("january", "jan", Month::January),
        ("february", "feb", Month::February),
        ("march", "mar", Month::March),
        ("april", "apr", Month::April),
        ("may", "may", Month::May),
        ("june", "jun", Month::June),
        ("july", "jul", Month::July),
        ("august", "aug", Month::August),
        ("september", "sept", Month::September),
        ("october", "oct", Month::October),
        ("november", "nov", Month::November),
        ("december", "dec", Month::December),
    ];
    NAMES
        .iter()
        .find(|(name, short, _)| {
            word == *name || word == *short || (word == "sep" && *short == "sept")
        })
        .map(|(_, _, month)| *month)
}

fn year_named(word: &str) -> Option<i32> {
    let year: i32 = word.parse().ok().filter(|_| word.len() == 4)?;
    (1900..=2100).contains(&year).then_some(year)
}

fn day_of_month(word: &str) -> Option<u8> {
    let day: u8 = word.parse().ok().filter(|_| word.len() <= 2)?;
    (1..=31).contains(&day).then_some(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_pages_use_parse() {
        assert_eq!(
            format(parse("2019-11-19T13:03:00.000Z").unwrap()),
            "2019-11-19T13:03:00Z"
        );
        assert_eq!(
            format(parse("2024-11-26T08:00:00+01:00").unwrap()),
            "2024-11-26T07:00:00Z"
        );
        assert_eq!(format(parse("2016-09-12").unwrap()), "2016-09-12T00:00:00Z");
        assert_eq!(
            format(parse("2019-11-19T13:03:00").unwrap()),
            "2019-11-19T13:03:00Z"
        );
        assert_eq!(
            format(parse("Tue, 19 Nov 2019 13:03:00 GMT").unwrap()),
            "2019-11-19T13:03:00Z"
        );
        assert_eq!(
            format(parse("November 19, 2019, 07:47 PM EST").unwrap()),
            "2019-11-19T00:00:00Z"
        );
        assert_eq!(
            format(parse("Tue Nov 19 2019 03:05:46 GMT+0000").unwrap()),
            "2019-11-19T00:00:00Z"
        );
        assert_eq!(
            format(parse("01:38:07 PM IST Nov 20, 2019").unwrap()),
            "2019-11-20T00:00:00Z"
        );
        assert_eq!(
            format(parse("Mon, 18 Nov 2019 16:07:38 -0600").unwrap()),
            "2019-11-18T22:07:38Z"
        );
        assert_eq!(parse("last Tuesday"), None);
        // Pages are hostile: a date cut inside a character, or full of them, is no date.
        assert_eq!(parse("2019-11-19T13:03:0é"), None);
        assert_eq!(parse("2019-11-19T13:03:0é0Z"), None);
        assert_eq!(parse("2019-1é-19"), None);
        assert_eq!(parse("éééééééééééééééééééééé"), None);
        assert_eq!(parse("Nov ١٩ ٢٠١٩"), None);
        assert_eq!(parse("2019-13-45"), None);
        assert_eq!(parse("9999-12-31"), None);
        assert_eq!(parse("0001-01-01T00:00:00Z"), None);
    }

    fn said(text: &str, published: Option<&str>) -> Option<(String, String)> {
        let words = expression_words(text);
        let words: Vec<&str> = words.iter().map(|(_, w)| w.as_str()).collect();
        let expression = TimeExpression::parse(&words)?;
        let (first, last) = expression.range(published.and_then(parse))?;
        Some((first.to_string(), last.to_string()))
    }

    #[test]
    fn only_some_words_can_open_a_time_expression() {
        for word in [
            "on",
            "earlier",
            "tuesday",
            "yesterday",
            "nov",
            "march",
            "5",
            "2019",
        ] {
            assert!(TimeExpression::could_open(word), "{word}");
        }
        for word in ["the", "said", "may be", "minister", ""] {
            assert!(!TimeExpression::could_open(word), "{word}");
        }
    }

    #[test]
    fn time_expressions_resolve_against_the_articles_day() {
        // 2019-11-20 is a Wednesday.
        let day = Some("2019-11-20T10:00:00Z");
        let one = |d: &str| Some((d.to_owned(), d.to_owned()));
        assert_eq!(said("on Tuesday", day), one("2019-11-19"));
        assert_eq!(said("Wednesday", day), one("2019-11-20"));
        assert_eq!(said("last Wednesday", day), one("2019-11-13"));
        assert_eq!(said("Tuesday night", day), one("2019-11-19"));
        assert_eq!(said("yesterday", day), one("2019-11-19"));
        assert_eq!(said("earlier today", day), one("2019-11-20"));
        let range = |a: &str, b: &str| Some((a.to_owned(), b.to_owned()));
        assert_eq!(said("last week", day), range("2019-11-11", "2019-11-17"));
        assert_eq!(
            said("earlier this week", day),
            range("2019-11-18", "2019-11-20")
        );
        assert_eq!(said("last month", day), range("2019-10-01", "2019-10-31"));
        assert_eq!(
            said("earlier this year", day),
            range("2019-01-01", "2019-11-20")
        );
        assert_eq!(said("Nov. 5", day), one("2019-11-05"));
        assert_eq!(said("5 November", day), one("2019-11-05"));
        // A day after the article's is last year's.
        assert_eq!(said("Dec. 24", day), one("2018-12-24"));
        assert_eq!(said("in March", day), range("2019-03-01", "2019-03-31"));
        assert_eq!(said("in November", day), range("2019-11-01", "2019-11-20"));
        // Absolute expressions need no article date; relative ones do.
        assert_eq!(said("November 18, 2019", None), one("2019-11-18"));
        assert_eq!(said("in 2016", None), range("2016-01-01", "2016-12-31"));
        assert_eq!(said("March 2018", None), range("2018-03-01", "2018-03-31"));
        assert_eq!(said("on Tuesday", None), None);
        // Not time expressions.
        assert_eq!(said("in a statement", day), None);
        assert_eq!(said("may", day), None);
        assert_eq!(said("2019", day), None);
        assert_eq!(
            said("2019 interview", None),
            range("2019-01-01", "2019-12-31")
        );
        assert_eq!(said("2019 weekend", None), None);
        assert_eq!(said("in May", day), range("2019-05-01", "2019-05-31"));
        assert_eq!(said("February 30 2019", None), None);
        assert_eq!(said("31 14", day), None);
    }
}
