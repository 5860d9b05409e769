//! What a run costs the account: the Graph calls it made, and the share of the account's
//! call budget Meta reports in `X-Business-Use-Case-Usage`. Meta's Business Management limits
//! are counted in calls (about 200 an hour per account, more with a registered phone number),
//! so every report says how many it spent.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// At or above this share of any budget, the report warns before Meta starts throttling.
pub const WARN_PERCENT: u64 = 75;

/// The account's usage as Meta reported it last: each figure is a percentage of its budget
/// (the highest over the header's entries), and the minutes until a throttled account may
/// call again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BusinessUsage {
    pub call_count: u64,
    pub total_cputime: u64,
    pub total_time: u64,
    pub estimated_time_to_regain_access: u64,
}

impl BusinessUsage {
    /// Parses `{"<business id>": [{"type": …, "call_count": 28, "total_cputime": 2,
    /// "total_time": 2, "estimated_time_to_regain_access": 0}, …]}` (numbers or strings).
    pub fn parse(header: &str) -> Option<BusinessUsage> {
        let highest = |key: &str| highest_in_header(header, key).map(|v| v.ceil() as u64);
        Some(BusinessUsage {
            call_count: highest("call_count")?,
            total_cputime: highest("total_cputime")?,
            total_time: highest("total_time")?,
            estimated_time_to_regain_access: highest("estimated_time_to_regain_access")?,
        })
    }

    /// The largest of the three budget shares.
    pub fn highest_percent(&self) -> u64 {
        self.call_count.max(self.total_cputime).max(self.total_time)
    }
}

/// The highest value of `key` over every entry of every business object in the header
/// (numbers or numeric strings; 0 where absent); `None` when the header holds no entry.
pub fn highest_in_header(header: &str, key: &str) -> Option<f64> {
    let value: serde_json::Value = serde_json::from_str(header).ok()?;
    let entries: Vec<&serde_json::Value> = value
        .as_object()?
        .values()
        .filter_map(serde_json::Value::as_array)
        .flatten()
        .collect();
    if entries.is_empty() {
        return None;
    }
    Some(
        entries
            .iter()
            .filter_map(|entry| entry.get(key))
            .filter_map(|v| v.as_f64().or_else(|| v.as_str()?.trim().parse().ok()))
            .fold(0.0_f64, f64::max),
    )
}

/// The calls of one run and the last usage Meta reported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Requests {
    /// HTTP requests sent to the Graph API, retries included.
    pub count: u64,
    /// The account's usage from the last `X-Business-Use-Case-Usage` header, if Meta sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<BusinessUsage>,
}

impl Requests {
    /// A warning when the account is close to its call budget or already throttled.
    pub fn warning(&self) -> Option<String> {
        let usage = self.usage?;
        if usage.estimated_time_to_regain_access > 0 {
            return Some(format!(
                "Meta is throttling this account for about {} more minutes: wait before the \
                 next run",
                usage.estimated_time_to_regain_access
            ));
        }
        (usage.highest_percent() >= WARN_PERCENT).then(|| {
            format!(
                "the account has used {}% of its Graph API call budget; Meta throttles at 100%. \
                 Space out runs, or scope them with --name or --language",
                usage.highest_percent()
            )
        })
    }

    /// `12 Graph API requests (account usage: 4% of its call budget)`
    pub fn summary(&self) -> String {
        let requests = if self.count == 1 {
            "1 Graph API request".to_owned()
        } else {
            format!("{} Graph API requests", self.count)
        };
        match self.usage {
            Some(usage) => format!(
                "{requests} (account usage: {}% of its call budget)",
                usage.highest_percent()
            ),
            None => requests,
        }
    }
}

/// Counts the requests of a client and its clones.
#[derive(Debug, Default)]
pub struct Meter {
    count: AtomicU64,
    usage: Mutex<Option<BusinessUsage>>,
}

impl Meter {
    pub fn count_request(&self) {
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    pub fn record_usage(&self, header: Option<&str>) {
        if let Some(usage) = header.and_then(BusinessUsage::parse) {
            *self.usage.lock().unwrap_or_else(|e| e.into_inner()) = Some(usage);
        }
    }

    pub fn requests(&self) -> Requests {
        Requests {
            count: self.count.load(Ordering::Relaxed),
            usage: *self.usage.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_highest_share_of_every_entry() {
        let header = r#"{"1":[{"type":"a","call_count":28,"total_cputime":"3","total_time":2,
            "estimated_time_to_regain_access":0}],"2":[{"type":"b","call_count":5,"total_time":91}]}"#;
        let usage = BusinessUsage::parse(header).unwrap();
        assert_eq!(usage.call_count, 28);
        assert_eq!(usage.total_cputime, 3);
        assert_eq!(usage.total_time, 91);
        assert_eq!(usage.highest_percent(), 91);
        assert_eq!(BusinessUsage::parse("{}"), None);
        assert_eq!(BusinessUsage::parse("not json"), None);
    }

    #[test]
    fn warns_near_the_budget_and_when_throttled() {
        let at = |call_count, regain| Requests {
            count: 3,
            usage: Some(BusinessUsage {
                call_count,
                estimated_time_to_regain_access: regain,
                ..BusinessUsage::default()
            }),
        };
        assert_eq!(at(74, 0).warning(), None);
        assert!(at(75, 0).warning().unwrap().contains("used 75%"));
        assert!(
            at(100, 12)
                .warning()
                .unwrap()
                .contains("about 12 more minutes")
        );
        assert_eq!(Requests::default().warning(), None);
        assert_eq!(
            at(4, 0).summary(),
            "3 Graph API requests (account usage: 4% of its call budget)"
        );
    }
}
