//! Article dates: read and written by [`whosaid_article::dates`], and cut into the periods a
//! timeline counts by.

use time::{Duration, OffsetDateTime, Weekday};

pub use whosaid_article::dates::{day, format, month, parse, parse_until};

use crate::Interval;

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

/// The start of the period after the one that starts at `start` (a [`period_start`]).
pub fn next_period(start: i64, interval: Interval) -> i64 {
    const DAY: i64 = 86_400;
    match interval {
        Interval::Day => start + DAY,
        Interval::Week => start + 7 * DAY,
        // Past the longest month, then back to its first day.
        Interval::Month => period_start(start + 32 * DAY, Interval::Month),
    }
}

/// The start of every period from the one starting at `first` to the one starting at `last`
/// (both [`period_start`]s), in order, so that a chart of them keeps time proportional;
/// `None` if there are more than `most`.
pub fn every_period(first: i64, last: i64, interval: Interval, most: usize) -> Option<Vec<i64>> {
    let mut periods = vec![first];
    let mut start = first;
    while start < last {
        if periods.len() >= most {
            return None;
        }
        start = next_period(start, interval);
        periods.push(start);
    }
    Some(periods)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let november = period_start(wednesday, Interval::Month);
        assert_eq!(
            format(next_period(november, Interval::Month)),
            "2024-12-01T00:00:00Z"
        );
        let monday = period_start(wednesday, Interval::Week);
        assert_eq!(
            format(next_period(monday, Interval::Week)),
            "2024-12-02T00:00:00Z"
        );
    }

    #[test]
    fn every_period_between_and_no_more_than_asked() {
        let november = parse("2024-11-01").unwrap();
        let february = parse("2025-02-01").unwrap();
        let months: Vec<String> = every_period(november, february, Interval::Month, 4)
            .unwrap()
            .into_iter()
            .map(month)
            .collect();
        assert_eq!(months, ["2024-11", "2024-12", "2025-01", "2025-02"]);
        assert_eq!(every_period(november, february, Interval::Month, 3), None);
        assert_eq!(
            every_period(november, november, Interval::Day, 1),
            Some(vec![november])
        );
    }
}
