//! The days `status --metrics --since` covers: `7d` (the last seven UTC days, today
//! included), `30d`, any `Nd` up to Meta's 90-day lookback, or a date `YYYY-MM-DD` (from that
//! day through today).

use super::{Counts, Day};
use crate::graph::analytics::LOOKBACK_DAYS;

const DAY_SECS: i64 = 86_400;

/// UTC days, from `first_day` (unix seconds of its 00:00), `days` of them, ending today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first_day: i64,
    pub days: u32,
}

impl Period {
    /// Reads `--since` against `now` (unix seconds). The error says what is allowed.
    pub fn parse(since: &str, now: i64) -> Result<Period, String> {
        let today = now.div_euclid(DAY_SECS) * DAY_SECS;
        let days = if let Some(count) = since.strip_suffix('d') {
            count.parse::<i64>().ok().filter(|n| *n >= 1)
        } else {
            crate::utc::parse_date(since).map(|first| (today - first) / DAY_SECS + 1)
        };
        let Some(days) = days else {
            return Err(format!(
                "--since `{since}` is neither a number of days (7d, 30d) nor a date \
                 (YYYY-MM-DD)"
            ));
        };
        if days < 1 {
            return Err(format!(
                "--since {since} is in the future (today is {})",
                crate::utc::date(now)
            ));
        }
        if days > LOOKBACK_DAYS {
            return Err(format!(
                "--since {since} reaches back {days} days; Meta keeps template analytics for \
                 {LOOKBACK_DAYS} days (from {} on)",
                crate::utc::date(today - (LOOKBACK_DAYS - 1) * DAY_SECS)
            ));
        }
        Ok(Period {
            first_day: today - (days - 1) * DAY_SECS,
            days: days as u32,
        })
    }

    /// The unix seconds of the 00:00 UTC after the last day.
    pub fn end(&self) -> i64 {
        self.first_day + i64::from(self.days) * DAY_SECS
    }

    /// Which day of the period `start` (unix seconds) falls on.
    pub fn index_of(&self, start: i64) -> Option<usize> {
        let offset = start.checked_sub(self.first_day)?;
        (offset >= 0 && start < self.end()).then_some((offset / DAY_SECS) as usize)
    }

    /// `YYYY-MM-DD` of day `index`.
    pub fn date(&self, index: usize) -> String {
        crate::utc::date(self.first_day + index as i64 * DAY_SECS)
    }

    /// The daily counts as dated days.
    pub fn days_of(&self, daily: &[Counts]) -> Vec<Day> {
        daily
            .iter()
            .enumerate()
            .map(|(index, counts)| Day {
                date: self.date(index),
                counts: *counts,
            })
            .collect()
    }
}
