//! Article dates as pages give them, to seconds since the Unix epoch (UTC) and back.
//!
//! Pages give dates as RFC 3339 (`2019-11-19T13:03:00.000Z`, `2024-11-26T08:00:00+01:00`),
//! as a bare day (`2016-09-12`), or as RFC 2822 (`Tue, 19 Nov 2019 13:03:00 GMT`). Anything
//! else counts as no date.

use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::{Date, Duration, Month, OffsetDateTime, Weekday};

use crate::Interval;

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

/// The start (midnight UTC) of the day, ISO week (from Monday) or month holding `seconds`.
pub fn period_start(seconds: i64, interval: Interval) -> i64 {
    let date = OffsetDateTime::from_unix_timestamp(seconds)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .date();
    let start = match interval {
        Interval::Day => date,
        Interval::Week => {
            let back = date.weekday().number_days_from_monday();
            date - Duration::days(i64::from(back))
        }
        Interval::Month => date.replace_day(1).unwrap_or(date),
    };
    debug_assert!(interval != Interval::Week || start.weekday() == Weekday::Monday);
    start.midnight().assume_utc().unix_timestamp()
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

    #[test]
    fn periods_start_on_their_first_day() {
        let wednesday = parse("2024-11-27T15:00:00Z").unwrap();
        assert_eq!(
            format(period_start(wednesday, Interval::Day)),
            "2024-11-27T00:00:00Z"
        );
        assert_eq!(
            format(period_start(wednesday, Interval::Week)),
            "2024-11-25T00:00:00Z"
        );
        assert_eq!(
            format(period_start(wednesday, Interval::Month)),
            "2024-11-01T00:00:00Z"
        );
    }
}
