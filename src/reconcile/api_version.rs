//! How long the configured Graph API version is still served, and what `plan` says about it.
//!
//! Meta serves each version for two years after the next one comes out (templates-api.md §7:
//! v25.0 came out on 2026-02-18 and v24.0 ends on 2028-02-18). The current version therefore
//! has no end date until its successor is published; it is left open here. Today's date is an
//! input, so the decision is tested without a clock.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Days before the end of a version from which `plan` warns.
pub const WARN_DAYS: i64 = 90;

/// The versions whose end Meta has announced (Graph API changelog), oldest first.
const ENDS: [(&str, Date); 5] = [
    ("v21.0", Date::new(2027, 1, 21)),
    ("v22.0", Date::new(2027, 5, 20)),
    ("v23.0", Date::new(2027, 10, 8)),
    ("v24.0", Date::new(2028, 2, 18)),
    ("v25.0", Date::new(2028, 7, 29)),
];

/// A calendar date (UTC), shown as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub const fn new(year: i32, month: u32, day: u32) -> Self {
        Self { year, month, day }
    }

    /// Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's `days_from_civil`).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (`civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        // In range for any date a clock gives: the casts cannot truncate.
        Self::new(year as i32, month as u32, day as u32)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Where a version stands on a given day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Support {
    /// No end announced (the current version, or one newer than wabactl knows).
    Open,
    /// Served until `ends`, more than [`WARN_DAYS`] away.
    Until { ends: Date },
    /// Ends within [`WARN_DAYS`]: `plan` warns.
    EndingSoon { ends: Date, days_left: i64 },
    /// No longer served: Graph calls with it fail.
    Ended { ended: Date },
}

/// The support of `version` on `today`.
pub fn support(version: &str, today: Date) -> Support {
    let Some(ends) = end_of(version) else {
        return Support::Open;
    };
    let days_left = ends.days_since_epoch() - today.days_since_epoch();
    if days_left <= 0 {
        Support::Ended { ended: ends }
    } else if days_left <= WARN_DAYS {
        Support::EndingSoon { ends, days_left }
    } else {
        Support::Until { ends }
    }
}

/// The announced end of `version`; versions older than the table ended before it starts.
fn end_of(version: &str) -> Option<Date> {
    if let Some((_, ends)) = ENDS.iter().find(|(v, _)| *v == version) {
        return Some(*ends);
    }
    let major = |v: &str| v.strip_prefix('v')?.split('.').next()?.parse::<u32>().ok();
    let oldest = major(ENDS[0].0)?;
    // v20.0 ended on 2026-09-24; anything older ended earlier still.
    (major(version)? < oldest).then_some(Date::new(2026, 9, 24))
}

/// The warning `plan` carries when the version ends within [`WARN_DAYS`] (JSON:
/// `api_version_warning`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct VersionWarning {
    /// The configured version, e.g. `v21.0`.
    pub version: String,
    /// The last day Meta serves it, `YYYY-MM-DD`.
    pub ends_on: String,
    /// Whole days from today to that day.
    pub days_left: i64,
    /// The sentence the human and Markdown plans show.
    pub message: String,
}

/// The warning for `version` on `today`, when it ends within [`WARN_DAYS`].
pub fn warning(version: &str, today: Date) -> Option<VersionWarning> {
    let Support::EndingSoon { ends, days_left } = support(version, today) else {
        return None;
    };
    Some(VersionWarning {
        version: version.to_owned(),
        ends_on: ends.to_string(),
        days_left,
        message: format!(
            "Graph API {version} ends on {ends} ({days_left} {} from now); set `api_version` \
             (wabactl.yaml or WABACTL_API_VERSION) to a newer version such as {} before then",
            if days_left == 1 { "day" } else { "days" },
            crate::graph::client::DEFAULT_API_VERSION
        ),
    })
}

/// The error for a version Meta no longer serves, if `version` has ended by `today`.
pub fn ended_error(version: &str, today: Date) -> Option<String> {
    let Support::Ended { ended } = support(version, today) else {
        return None;
    };
    Some(format!(
        "Graph API {version} ended on {ended}: Meta no longer answers calls made with it; set \
         `api_version` (wabactl.yaml or WABACTL_API_VERSION) to {} or another current version",
        crate::graph::client::DEFAULT_API_VERSION
    ))
}

/// Today's date (UTC) from the system clock.
pub fn today_utc() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days_since_epoch(i64::try_from(secs / 86_400).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_days() {
        assert_eq!(Date::new(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(Date::new(2000, 3, 1).days_since_epoch(), 11_017);
        for days in [-1, 0, 59, 11_016, 20_513, 21_000, 22_000, 40_000] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(Date::new(2028, 2, 29).to_string(), "2028-02-29");
    }

    #[test]
    fn the_current_version_is_open() {
        assert_eq!(support("v26.0", Date::new(2026, 11, 30)), Support::Open);
        assert_eq!(support("v27.0", Date::new(2030, 1, 1)), Support::Open);
        assert_eq!(warning("v26.0", Date::new(2028, 7, 1)), None);
    }

    #[test]
    fn a_version_far_from_its_end_is_quiet() {
        let today = Date::new(2026, 8, 1);
        assert_eq!(
            support("v21.0", today),
            Support::Until {
                ends: Date::new(2027, 1, 21)
            }
        );
        assert_eq!(warning("v25.0", today), None);
        assert_eq!(ended_error("v25.0", today), None);
    }

    #[test]
    fn ninety_days_before_the_end_it_warns() {
        // v21.0 ends 2027-01-21: 90 days before is 2026-10-23.
        assert_eq!(warning("v21.0", Date::new(2026, 10, 22)), None);
        let w = warning("v21.0", Date::new(2026, 10, 23)).unwrap();
        assert_eq!(w.days_left, 90);
        assert_eq!(w.ends_on, "2027-01-21");
        assert!(
            w.message.contains("v21.0 ends on 2027-01-21 (90 days"),
            "{}",
            w.message
        );
        let last = warning("v21.0", Date::new(2027, 1, 20)).unwrap();
        assert_eq!(last.days_left, 1);
        assert!(
            last.message.contains("(1 day from now)"),
            "{}",
            last.message
        );
    }

    #[test]
    fn on_and_after_the_end_it_is_an_error() {
        let on = ended_error("v21.0", Date::new(2027, 1, 21)).unwrap();
        assert!(on.contains("v21.0 ended on 2027-01-21"), "{on}");
        assert!(on.contains("api_version"), "{on}");
        assert_eq!(warning("v21.0", Date::new(2027, 1, 21)), None);
        assert!(ended_error("v24.0", Date::new(2028, 3, 1)).is_some());
        assert!(ended_error("v19.0", Date::new(2026, 11, 30)).is_some());
        assert!(ended_error("v20.0", Date::new(2026, 11, 30)).is_some());
    }
}
