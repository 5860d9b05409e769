//! Template analytics, as Meta's Analytics page describes them: off until the account is
//! confirmed for insights (`POST /{WABA_ID}?is_enabled_for_insights=true`, which cannot be
//! undone), then counted from the sends the sandbox accepts. `sent` and `delivered` are counted
//! at the send; `read` and `clicked` are simulated: each message sent is read, and each read
//! message with a URL or quick-reply button clicked, by a fixed seeded draw, so the same sends
//! give the same figures. `GET /{WABA_ID}/template_analytics` answers them per template and
//! UTC day, in Meta's shape.

use serde_json::{Value, json};

use super::errors::{self, ErrorReply};
use super::state::AccountState;

/// Template ids one request may name (Meta: "Maximum 10").
pub const MAX_TEMPLATE_IDS: usize = 10;
/// How far back analytics reach (Meta: "a lookback window of up to 90 days").
pub const LOOKBACK_DAYS: i64 = 90;
/// The share of sent messages read, and of read messages with a button clicked.
pub const READ_RATE: f64 = 0.7;
pub const CLICK_RATE: f64 = 0.3;
/// The seed of the draws.
const SEED: u64 = 0x0005_EED0_FA11_AB1E;
const DAY_SECS: i64 = 86_400;

/// Counts an accepted send of template `id`, once analytics are on: Meta captures template
/// analytics from the confirmation on.
pub fn record_send(state: &mut AccountState, id: &str) {
    if !state.insights.enabled {
        return;
    }
    let day = state.now_ms().div_euclid(1000).div_euclid(DAY_SECS) * DAY_SECS;
    *state
        .insights
        .sent
        .entry(id.to_owned())
        .or_default()
        .entry(day)
        .or_default() += 1;
}

/// `POST /{WABA_ID}?is_enabled_for_insights=true`: answers the account id, as Meta does.
pub fn enable(
    state: &mut AccountState,
    query: &[(String, String)],
    waba_id: &str,
) -> Result<Value, ErrorReply> {
    match query
        .iter()
        .find(|(k, _)| k == "is_enabled_for_insights")
        .map(|(_, v)| v.as_str())
    {
        Some("true") => {
            state.insights.enabled = true;
            Ok(json!({"id": waba_id}))
        }
        Some(_) => Err(errors::invalid_parameter(
            "Invalid parameter",
            "Template analytics cannot be disabled once confirmed.",
        )),
        None => Err(errors::missing_parameter("is_enabled_for_insights")),
    }
}

/// `GET /{WABA_ID}/template_analytics?start=&end=&granularity=DAILY&template_ids=[..]
/// [&metric_types=[..]]`.
pub fn answer(state: &AccountState, query: &[(String, String)]) -> Result<Value, ErrorReply> {
    if !state.insights.enabled {
        // Assumed: no Meta source shows the refusal; its shape is the rest's.
        return Err(errors::invalid_parameter(
            "Template analytics not enabled",
            "Template analytics are not enabled for this WhatsApp Business Account. Confirm \
             them in WhatsApp Manager or with POST /{WABA_ID}?is_enabled_for_insights=true.",
        ));
    }
    let param = |name: &str| {
        query
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let granularity =
        param("granularity").ok_or_else(|| errors::missing_parameter("granularity"))?;
    if !granularity.eq_ignore_ascii_case("DAILY") {
        return Err(errors::invalid_parameter(
            "Invalid granularity",
            "The granularity of template analytics must be DAILY.",
        ));
    }
    let now = state.now_ms().div_euclid(1000);
    let start = day_of(param("start").ok_or_else(|| errors::missing_parameter("start"))?)?;
    let end = day_of(param("end").ok_or_else(|| errors::missing_parameter("end"))?)?;
    let oldest = (now.div_euclid(DAY_SECS) - LOOKBACK_DAYS) * DAY_SECS;
    if start < oldest {
        return Err(errors::invalid_parameter(
            "Invalid start",
            format!("Template analytics reach back {LOOKBACK_DAYS} days at most."),
        ));
    }
    if end < start {
        return Err(errors::invalid_parameter(
            "Invalid time range",
            "The end of the time range is before its start.",
        ));
    }
    let ids = list(param("template_ids").ok_or_else(|| errors::missing_parameter("template_ids"))?);
    if ids.is_empty() || ids.len() > MAX_TEMPLATE_IDS {
        return Err(errors::invalid_parameter(
            "Invalid template_ids",
            format!("template_ids takes 1 to {MAX_TEMPLATE_IDS} template ids."),
        ));
    }
    let metrics: Vec<String> = param("metric_types")
        .map(list)
        .unwrap_or_default()
        .into_iter()
        .map(|m| m.to_ascii_lowercase())
        .collect();
    let wanted = |metric: &str| metrics.is_empty() || metrics.iter().any(|m| m == metric);
    let mut points = Vec::new();
    for id in &ids {
        // Only templates of this account at the time of the request are answered.
        let Some(template) = state.find(id) else {
            continue;
        };
        let button = clickable_button(&template.fields);
        let mut day = start;
        while day <= end.min(now) {
            let sent = state
                .insights
                .sent
                .get(id.as_str())
                .and_then(|days| days.get(&day))
                .copied()
                .unwrap_or(0);
            let (read, clicked) = simulated(id, day, sent, button.is_some());
            let mut point = json!({"template_id": id, "start": day, "end": day + DAY_SECS});
            if wanted("sent") {
                point["sent"] = json!(sent);
            }
            if wanted("delivered") {
                point["delivered"] = json!(sent);
            }
            if wanted("read") {
                point["read"] = json!(read);
            }
            if let (true, Some((kind, text))) = (wanted("clicked"), &button) {
                point["clicked"] =
                    json!([{"type": kind, "button_content": text, "count": clicked}]);
            }
            points.push(point);
            day += DAY_SECS;
        }
    }
    Ok(json!({"data": [{"granularity": "DAILY", "data_points": points}]}))
}

/// A UNIX timestamp or a `YYYY-MM-DD` date, as the UTC day it falls on.
fn day_of(text: &str) -> Result<i64, ErrorReply> {
    let secs = match text.parse::<i64>() {
        Ok(secs) => Some(secs),
        Err(_) => crate::utc::parse_date(text),
    };
    secs.map(|s| s.div_euclid(DAY_SECS) * DAY_SECS)
        .ok_or_else(|| {
            errors::invalid_parameter(
                "Invalid time",
                format!("`{text}` is neither a UNIX timestamp nor a date (YYYY-MM-DD)."),
            )
        })
}

/// `[1,2]`, `1,2` or `["1","2"]` as its items.
fn list(text: &str) -> Vec<String> {
    text.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|item| item.trim().trim_matches('"').to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}

/// The first URL or quick-reply button of a MARKETING or UTILITY template, whose clicks Meta
/// counts: (`url_button` or `quick_reply_button`, its text).
fn clickable_button(fields: &serde_json::Map<String, Value>) -> Option<(&'static str, String)> {
    let category = fields.get("category").and_then(Value::as_str).unwrap_or("");
    if !["MARKETING", "UTILITY"].contains(&category.to_ascii_uppercase().as_str()) {
        return None;
    }
    let components = fields.get("components")?.as_array()?;
    components
        .iter()
        .filter_map(|c| c.get("buttons").and_then(Value::as_array))
        .flatten()
        .find_map(|button| {
            let kind = match button.get("type")?.as_str()?.to_ascii_uppercase().as_str() {
                "URL" => "url_button",
                "QUICK_REPLY" => "quick_reply_button",
                _ => return None,
            };
            Some((kind, button.get("text")?.as_str()?.to_owned()))
        })
}

/// Of `sent` messages of template `id` on `day`, how many were read, and how many of those had
/// their button clicked: one draw per message, from a fixed seed.
fn simulated(id: &str, day: i64, sent: u64, clickable: bool) -> (u64, u64) {
    let base = id
        .bytes()
        .fold(SEED ^ day.cast_unsigned(), |h, b| mix(h ^ u64::from(b)));
    let (mut read, mut clicked) = (0, 0);
    for message in 0..sent {
        let draw = mix(base ^ message);
        if unit(draw) < READ_RATE {
            read += 1;
            if clickable && unit(mix(draw)) < CLICK_RATE {
                clicked += 1;
            }
        }
    }
    (read, clicked)
}

/// splitmix64's finaliser.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_draws_are_the_same_every_time_and_near_the_rates() {
        let (read, clicked) = simulated("1000000000000001", 1_764_979_200, 10_000, true);
        assert_eq!(
            (read, clicked),
            simulated("1000000000000001", 1_764_979_200, 10_000, true)
        );
        assert!((6_800..7_200).contains(&read), "{read}");
        assert!((1_900..2_300).contains(&clicked), "{clicked}");
        assert_eq!(simulated("1", 0, 50, false).1, 0);
    }

    #[test]
    fn id_lists_are_read_in_each_spelling() {
        assert_eq!(list("[1,2]"), ["1", "2"]);
        assert_eq!(list("1, 2"), ["1", "2"]);
        assert_eq!(list("[\"1\",\"2\"]"), ["1", "2"]);
        assert!(list("[]").is_empty());
    }
}
