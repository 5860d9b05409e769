//! Before the prompt: whether the plan's creates fit in the creation quota, and if not, how
//! many start now and when the rest can. Said before anything is asked, so nobody approves 150
//! creates to find 50 of them refused an hour later.

use std::time::SystemTime;

use super::quota::WINDOW;
use crate::graph::retry::clock_at;

/// What the creation quota means for this plan's creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaForecast {
    pub creates: usize,
    /// Creates per rolling hour.
    pub per_hour: u32,
    /// Creates that start now.
    pub now: usize,
    /// Creates that must wait for the quota.
    pub later: usize,
    /// When the first of them can start, e.g. `14:05 UTC`.
    pub after: String,
    /// Whether this run waits for them (`--wait-for-quota`) or stops.
    pub waits: bool,
}

impl QuotaForecast {
    /// `150 creates, quota 100/h: 100 now, 50 after 14:05 UTC (or --wait-for-quota)`.
    pub fn message(&self) -> String {
        let hours = self.later.div_ceil(self.per_hour as usize);
        let rest = if self.waits {
            format!("this run waits for the quota (--wait-for-quota), about {hours} h in all")
        } else {
            "run again then, or pass --wait-for-quota to wait".to_owned()
        };
        format!(
            "{} creates, quota {}/h: {} now, {} after {}; {rest}",
            self.creates, self.per_hour, self.now, self.later, self.after
        )
    }
}

/// The forecast when `creates` do not fit in `per_hour` (0 = no limit); `None` when they fit.
/// A run starts with the whole quota: wabactl does not know what other runs created this hour.
pub fn forecast(
    creates: usize,
    per_hour: u32,
    wait_for_quota: bool,
    now: SystemTime,
) -> Option<QuotaForecast> {
    let limit = per_hour as usize;
    (per_hour > 0 && creates > limit).then(|| QuotaForecast {
        creates,
        per_hour,
        now: limit,
        later: creates - limit,
        after: clock_at(now, WINDOW),
        waits: wait_for_quota,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn over_the_quota_says_how_many_now_and_when_the_rest() {
        let ten = UNIX_EPOCH + Duration::from_secs(10 * 3600);
        assert_eq!(forecast(100, 100, false, ten), None);
        assert_eq!(forecast(500, 0, false, ten), None);
        let over = forecast(150, 100, false, ten).unwrap();
        assert_eq!(
            over.message(),
            "150 creates, quota 100/h: 100 now, 50 after 11:00 UTC; run again then, or pass \
             --wait-for-quota to wait"
        );
        assert!(
            forecast(350, 100, true, ten)
                .unwrap()
                .message()
                .contains("about 3 h")
        );
    }
}
