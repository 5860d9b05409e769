//! Archiving and unarchiving, as Meta's "Template archival" page describes them:
//! `POST /{WABA_ID}/message_templates/archive` and `/unarchive` with `{"hsm_ids": [...]}` (at
//! most 100), answered per id (`archived_templates` / `unarchived_templates`, and
//! `failed_templates` with the reason). Only APPROVED and REJECTED templates can be archived;
//! an archived template is deleted 28 days later unless unarchived, which restores its
//! previous status.

use serde_json::{Map, Value, json};

use super::errors::{self, ErrorReply};
use super::state::AccountState;
use super::status::Status;

/// How long an archived template is kept before Meta deletes it.
pub const ARCHIVE_KEPT_MS: i64 = 28 * 24 * 3_600_000;

fn ids_of(body: &Value) -> Result<Vec<String>, ErrorReply> {
    let ids: Vec<String> = body
        .get("hsm_ids")
        .and_then(Value::as_array)
        .ok_or_else(|| errors::missing_parameter("hsm_ids"))?
        .iter()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .collect();
    if ids.is_empty() || ids.len() > 100 {
        return Err(errors::invalid_parameter(
            "Invalid hsm_ids",
            format!("hsm_ids takes 1 to 100 template ids, not {}.", ids.len()),
        ));
    }
    Ok(ids)
}

/// `POST /{WABA_ID}/message_templates/archive`.
pub fn archive(state: &mut AccountState, body: &Value) -> Result<Value, ErrorReply> {
    let now = state.now_ms();
    let mut done = Vec::new();
    let mut failed = Map::new();
    for id in ids_of(body)? {
        let Some(template) = state.find_mut(&id).filter(|t| !t.is_deleted()) else {
            failed.insert(id, json!("Template does not exist"));
            continue;
        };
        let status = template.status();
        if !matches!(status, Status::Approved | Status::Rejected) {
            failed.insert(
                id,
                json!("Only approved or rejected templates can be archived"),
            );
            continue;
        }
        template.status_before_archive = Some(status);
        template.archived_ms = Some(now);
        template.set_status(&Status::Archived);
        done.push(id);
    }
    Ok(json!({"archived_templates": done, "failed_templates": failed}))
}

/// `POST /{WABA_ID}/message_templates/unarchive`.
pub fn unarchive(state: &mut AccountState, body: &Value) -> Result<Value, ErrorReply> {
    let mut done = Vec::new();
    let mut failed = Map::new();
    for id in ids_of(body)? {
        let Some(template) = state.find_mut(&id).filter(|t| !t.is_deleted()) else {
            failed.insert(id, json!("Template does not exist"));
            continue;
        };
        if template.status() != Status::Archived {
            failed.insert(id, json!("Template is not archived"));
            continue;
        }
        let previous = template
            .status_before_archive
            .take()
            .unwrap_or(Status::Approved);
        template.set_status(&previous);
        template.archived_ms = None;
        done.push(id);
    }
    Ok(json!({"unarchived_templates": done, "failed_templates": failed}))
}

/// Deletes templates archived 28 days ago or more. Returns whether any was.
pub fn purge_archived(state: &mut AccountState) -> bool {
    let now = state.now_ms();
    let before = state.templates.len();
    let removed = &mut state.touched.removed;
    state.templates.retain(|t| match t.archived_ms {
        Some(at) if at + ARCHIVE_KEPT_MS <= now => {
            removed.insert(t.id().to_owned());
            false
        }
        _ => true,
    });
    state.templates.len() != before
}
