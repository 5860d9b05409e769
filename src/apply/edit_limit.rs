//! An edit Meta refused because the approved template's edit allowance is spent (1 edit per
//! 24 hours, 10 per 30 days; error 80012): what the report says about it. Pure.

use crate::graph::error::ApiError;
use crate::utc;

/// Meta's rule, said wherever the limit comes up.
pub const EDIT_LIMIT_RULE: &str =
    "an approved template can be edited once per 24 hours and 10 times per 30 days";

/// "edit limit reached, next edit possible after …": the time Meta's answer gives (the first
/// UTC timestamp in its details or messages), else the earliest it can be (24 hours from
/// `now_secs`, since at least the daily edit is used).
pub fn reached(error: &ApiError, now_secs: i64) -> String {
    let body = &error.body;
    let texts = [
        body.details(),
        body.error_user_msg.clone(),
        Some(body.message.clone()),
    ];
    let from_meta = texts.iter().flatten().find_map(|t| utc::find_rfc3339(t));
    match from_meta {
        Some(at) => format!(
            "{PREFIX}{} ({EDIT_LIMIT_RULE}; Meta answered code {})",
            utc::minute(at),
            body.code
        ),
        None => format!(
            "{PREFIX}{} at the earliest (Meta's answer, code {}, gives no time; \
             {EDIT_LIMIT_RULE})",
            utc::minute(now_secs + 24 * 3600),
            body.code
        ),
    }
}

/// The time in a message of [`reached`]: when the next edit is possible (`2026-12-07 02:25 UTC`,
/// or that followed by `at the earliest`); `None` for any other message.
pub fn next_edit_in(message: &str) -> Option<&str> {
    let rest = message.split_once(PREFIX)?.1;
    Some(rest.split_once(" (").map_or(rest, |(time, _)| time))
}

const PREFIX: &str = "edit limit reached, next edit possible after ";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::error::{ErrorClass, GraphErrorBody};

    fn refusal(body: serde_json::Value) -> ApiError {
        let body: GraphErrorBody = serde_json::from_value(body).unwrap();
        ApiError {
            operation: "edit template 1".into(),
            status: 400,
            class: body.classify(400),
            body,
            token_origin: "WHATSAPP_ACCESS_TOKEN".into(),
            sandbox_state: None,
        }
    }

    #[test]
    fn the_time_meta_gives_is_reported() {
        let err = refusal(
            serde_json::json!({"message": "(#80012) Too many calls", "code": 80012,
            "type": "OAuthException",
            "error_data": {"details": "next edit possible after 2026-12-01T23:00:05Z"}}),
        );
        assert_eq!(err.class, ErrorClass::EditQuota);
        let text = reached(&err, 0);
        assert!(
            text.starts_with("edit limit reached, next edit possible after 2026-12-01 23:00 UTC"),
            "{text}"
        );
    }

    #[test]
    fn without_a_time_the_earliest_is_a_day_away() {
        let err = refusal(serde_json::json!({"message": "(#80012) Too many calls",
            "code": 80012, "type": "OAuthException"}));
        let text = reached(&err, 1_796_079_472);
        assert!(
            text.contains("after 2026-12-01 22:57 UTC at the earliest"),
            "{text}"
        );
    }
}
