//! Article dates as pages give them, to seconds since the Unix epoch (UTC) and back.
//!
//! Pages give dates as RFC 3339 (`2019-11-19T13:03:00.000Z`, `2024-11-26T08:00:00+01:00`),
//! as a bare day (`2016-09-12`), or as RFC 2822 (`Tue, 19 Nov 2019 13:03:00 GMT`). Anything
//! else counts as no date.

use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::{Date, Duration, Month, OffsetDateTime, Weekday};

use crate::Interval;

pub fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(date) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(date.unix_timestamp());
    }
    if let Some(day) = parse_day(text) {
        return Some(day.midnight().assume_utc().unix_timestamp());
    }
    // A date and time without an offset (`2019-11-19T13:03:00`): taken as UTC.
    if text.len() >= 19 && text.as_bytes()[10] == b'T' {
        let with_zone = format!("{}Z", &text[..19]);
        if let Ok(date) = OffsetDateTime::parse(&with_zone, &Rfc3339) {
            return Some(date.unix_timestamp());
        }
    }
    OffsetDateTime::parse(text, &Rfc2822)
        .ok()
        .map(OffsetDateTime::unix_timestamp)
}

fn parse_day(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i32 = text[..4].parse().ok()?;
    let month: u8 = text[5..7].parse().ok()?;
    let day: u8 = text[8..10].parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// `2019-11-19T13:03:00Z`.
pub fn format(seconds: i64) -> String {
    let date = OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    date.format(&Rfc3339).unwrap_or_default()
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
        assert_eq!(parse("last Tuesday"), None);
        assert_eq!(parse("2019-13-45"), None);
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
