//! Pausing and unpausing. A test pauses an approved template through the debug endpoint
//! (standing in for Meta's quality and pacing pauses); `POST /{TEMPLATE_ID}/unpause` lifts
//! the pause, as Meta's pausing page documents, but not within 5 minutes of the pause (the
//! wait pywa documents for that endpoint). Meta documents no error for it: the refusal is the
//! answer's other form, `{"success": false, "reason"}` (the two fields pywa's
//! `unpause_template` returns), naming the time.

use serde_json::{Value, json};

use super::errors::{self, ErrorReply};
use super::state::AccountState;
use super::status::Status;

/// How long after a pause an unpause is refused.
pub const UNPAUSE_WAIT_MS: i64 = 5 * 60_000;

/// `POST /__sandbox/pause?id=ID[&ago_seconds=N]`: an APPROVED template becomes PAUSED, now or
/// N seconds ago (a PAUSED one may be paused again, to move its pause time).
pub fn pause(state: &mut AccountState, id: &str, ago_seconds: i64) -> Result<Value, ErrorReply> {
    let now = state.now_ms() - ago_seconds.max(0).saturating_mul(1000);
    let template = state
        .find_mut(id)
        .filter(|t| !t.is_deleted())
        .ok_or_else(|| errors::unknown_object("post", id))?;
    if !matches!(template.status(), Status::Approved | Status::Paused) {
        return Err(errors::invalid_parameter(
            "Template Cannot Be Paused",
            format!(
                "Only an APPROVED template can be paused; this one is {}.",
                template.status()
            ),
        ));
    }
    template.set_status(&Status::Paused);
    template.paused_ms = Some(now);
    Ok(json!({"success": true, "id": id, "paused_time": now / 1000}))
}

/// `POST /{TEMPLATE_ID}/unpause`: a PAUSED template becomes APPROVED; `{"success": true}`.
pub fn unpause(state: &mut AccountState, id: &str) -> Result<Value, ErrorReply> {
    let now = state.now_ms();
    let template = state
        .find_mut(id)
        .filter(|t| !t.is_deleted())
        .ok_or_else(|| errors::unknown_object("post", id))?;
    if template.status() != Status::Paused {
        return Err(errors::invalid_parameter(
            "Template Is Not Paused",
            format!(
                "Only a PAUSED template can be unpaused; this one is {}.",
                template.status()
            ),
        ));
    }
    if let Some(paused) = template.paused_ms
        && now < paused + UNPAUSE_WAIT_MS
    {
        let at = crate::utc::rfc3339((paused + UNPAUSE_WAIT_MS + 999) / 1000);
        return Ok(json!({
            "success": false,
            "reason": format!(
                "A template can be unpaused 5 minutes after it was paused; try again after {at}."
            ),
        }));
    }
    template.set_status(&Status::Approved);
    template.paused_ms = None;
    Ok(json!({"success": true}))
}
