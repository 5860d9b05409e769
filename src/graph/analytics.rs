//! Meta's template analytics on the wire (Analytics page, "Template analytics"): whether the
//! account has confirmed them, and the per-template, per-day figures
//! `GET /{WABA_ID}/template_analytics` answers.

use serde::Deserialize;

/// Template ids one request may name: Meta's "Maximum 10".
pub const MAX_TEMPLATE_IDS: usize = 10;
/// How far back template analytics reach: Meta's "lookback window of up to 90 days".
pub const LOOKBACK_DAYS: i64 = 90;
/// The metrics asked for, as Meta's `metric_types` spells them.
pub const METRIC_TYPES: &str = "[SENT,DELIVERED,READ,CLICKED]";

/// `GET /{WABA_ID}?fields=is_enabled_for_insights`.
#[derive(Debug, Clone, Deserialize)]
pub struct InsightsFlag {
    /// Absent when the account does not say: read as not confirmed.
    #[serde(default)]
    pub is_enabled_for_insights: Option<bool>,
}

/// One series of the answer (one per granularity and product type).
#[derive(Debug, Clone, Deserialize)]
pub struct AnalyticsSeries {
    #[serde(default)]
    pub granularity: Option<String>,
    #[serde(default)]
    pub data_points: Vec<DataPoint>,
}

/// One template on one day.
#[derive(Debug, Clone, Deserialize)]
pub struct DataPoint {
    pub template_id: String,
    /// The day's start and end, unix seconds.
    pub start: i64,
    pub end: i64,
    #[serde(default)]
    pub sent: Option<u64>,
    #[serde(default)]
    pub delivered: Option<u64>,
    #[serde(default)]
    pub read: Option<u64>,
    /// Clicks per button; absent for templates without URL or quick-reply buttons, or opted
    /// out of click tracking.
    #[serde(default)]
    pub clicked: Option<Vec<ButtonClicks>>,
}

/// Clicks on one button: `type` is `url_button`, `unique_url_button` (distinct people, a
/// subset of `url_button`'s clicks) or `quick_reply_button`.
#[derive(Debug, Clone, Deserialize)]
pub struct ButtonClicks {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub button_content: Option<String>,
    #[serde(default)]
    pub count: u64,
}

impl DataPoint {
    /// Every click on the template's buttons: the unique counts are left out, as they count
    /// again people already counted.
    pub fn clicks(&self) -> u64 {
        self.clicked
            .iter()
            .flatten()
            .filter(|c| !c.kind.starts_with("unique_"))
            .map(|c| c.count)
            .sum()
    }
}
