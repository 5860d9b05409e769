//! The account's write rules: create (quota, name lock, duplicate, template limit), edit
//! (editable statuses, approved-edit limits, frozen category and identity) and delete (by name,
//! by `hsm_id` + name, or by `hsm_ids`; DISABLED kept; approved names locked for 30 days).

use serde_json::{Map, Value, json};

use super::assume::{Assumption, Assumptions};
use super::errors::{self, ErrorReply};
use super::review::{self, ReviewRules};
use super::state::{AccountState, NameLock, StoredTemplate};
use super::status::Status;
use super::{library, normalize, validate};

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;
/// How long a deleted approved (name, language) stays locked.
pub const NAME_LOCK_MS: i64 = 30 * DAY_MS;

/// The account's limits.
#[derive(Debug, Clone)]
pub struct Policy {
    pub waba_id: String,
    /// Templates created per rolling hour; 0 = unlimited.
    pub create_quota_per_hour: u32,
    /// Graph calls per rolling hour that make 100% of the call budget; 0 = not reported.
    pub calls_per_hour: u32,
    /// Templates the account may hold.
    pub template_limit: usize,
    pub review: ReviewRules,
    /// Undocumented behaviour modelled on request.
    pub assume: Assumptions,
}

fn object(body: &Value) -> Result<&Map<String, Value>, ErrorReply> {
    body.as_object().ok_or_else(|| {
        errors::invalid_parameter("Invalid request", "The request body must be a JSON object.")
    })
}

/// `POST /{WABA_ID}/message_templates`: answers `{id, status, category}`.
pub fn create(
    state: &mut AccountState,
    body: &Value,
    policy: &Policy,
) -> Result<Value, ErrorReply> {
    let now = state.now_ms();
    let body = object(body)?;
    check_quota(state, now, policy)?;
    // A library template is checked and stored with the library's components.
    let from_library = library::expand(body)?;
    let body = from_library.as_ref().unwrap_or(body);
    validate::create_body(body)?;
    let name = body["name"].as_str().unwrap_or_default();
    let language = body["language"].as_str().unwrap_or_default();
    state.name_locks.retain(|lock| lock.until_ms > now);
    if let Some(lock) = state
        .name_locks
        .iter()
        .find(|l| l.name == name && l.language == language)
    {
        // Meta documents the 30-day hold, not the error that reports it.
        if !policy.assume.has(Assumption::NameLockSubcode) {
            return Err(errors::invalid_parameter(
                "Invalid parameter",
                "Invalid parameter",
            ));
        }
        let days_left = (lock.until_ms - now + DAY_MS - 1) / DAY_MS;
        return Err(errors::name_locked(name, language, days_left));
    }
    if state.find_by_identity(name, language).is_some() {
        return Err(errors::duplicate(name, language));
    }
    if state.live_count() >= policy.template_limit {
        return Err(errors::template_limit(policy.template_limit));
    }
    let mut fields = normalize::template(body);
    fields.insert("id".into(), json!(state.new_id()));
    let mut template = StoredTemplate::new(state.new_seq(), fields, now);
    review::submit(&mut template, now, &policy.review);
    review::recategorise(&mut template);
    let answer = json!({
        "id": template.id(),
        "status": template.status().as_str(),
        "category": template.category(),
    });
    state.touched.ids.insert(template.id().to_owned());
    state.templates.push(template);
    state.creations_ms.push(now);
    Ok(answer)
}

fn check_quota(state: &mut AccountState, now: i64, policy: &Policy) -> Result<(), ErrorReply> {
    state.creations_ms.retain(|t| *t > now - HOUR_MS);
    let quota = policy.create_quota_per_hour as usize;
    if quota == 0 || state.creations_ms.len() < quota {
        return Ok(());
    }
    let oldest = state.creations_ms.iter().min().copied().unwrap_or(now);
    let wait_ms = (oldest + HOUR_MS - now).max(1);
    let minutes = ((wait_ms + MINUTE_MS - 1) / MINUTE_MS) as u64;
    Err(errors::throttled(
        &policy.waba_id,
        minutes,
        &format!(
            "This account may create {quota} templates per hour; that many were created in the \
             last hour. Try again in {minutes} minute(s)."
        ),
    ))
}

/// The keys an edit may carry besides the (unchangeable) identity.
const EDITABLE: &[&str] = &[
    "category",
    "components",
    "message_send_ttl_seconds",
    "parameter_format",
    "cta_url_link_tracking_opted_out",
];

/// `POST /{TEMPLATE_ID}`: answers `{success, id, name, category}`. The template must exist.
pub fn edit(
    state: &mut AccountState,
    id: &str,
    body: &Value,
    policy: &Policy,
) -> Result<Value, ErrorReply> {
    let now = state.now_ms();
    let body = object(body)?;
    let template = state
        .find_mut(id)
        .ok_or_else(|| errors::unknown_object("post", id))?;
    let status = template.status();
    if !matches!(status, Status::Approved | Status::Rejected | Status::Paused) {
        return Err(errors::not_editable(status.as_str()));
    }
    for key in ["name", "language"] {
        if let Some(value) = body.get(key)
            && value.as_str() != Some(template.field(key))
        {
            return Err(errors::invalid_parameter(
                "Field Cannot Be Edited",
                format!(
                    "The {key} of a template cannot be changed; create a new template instead."
                ),
            ));
        }
    }
    if !EDITABLE.iter().any(|k| body.contains_key(*k)) {
        return Err(errors::invalid_parameter(
            "Nothing to edit",
            format!("Give at least one of {}.", EDITABLE.join(", ")),
        ));
    }
    let approved = status == Status::Approved;
    let new_category = validate::category(body)?;
    if approved
        && let Some(category) = &new_category
        && category != template.category()
    {
        return Err(errors::category_frozen(template.category()));
    }
    if approved {
        template
            .approved_edits_ms
            .retain(|t| *t > now - 30 * DAY_MS);
        if let Some((window, allowed, next_ms)) = edit_allowance(&template.approved_edits_ms, now) {
            return Err(errors::edit_limit(window, allowed, next_ms / 1000));
        }
    }
    let category = new_category.unwrap_or_else(|| template.category().to_owned());
    validate::edit_body(body, &category)?;

    template.set("category", category.clone());
    if let Some(Value::String(format)) = body.get("parameter_format") {
        template.set("parameter_format", format.to_ascii_uppercase());
    }
    if let Some(ttl) = body.get("message_send_ttl_seconds") {
        let ttl = ttl
            .as_str()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .map_or_else(|| ttl.clone(), |n| json!(n));
        template.set("message_send_ttl_seconds", ttl);
    }
    if let Some(opted_out) = body.get("cta_url_link_tracking_opted_out") {
        template.set("cta_url_link_tracking_opted_out", opted_out.clone());
    }
    if let Some(Value::Array(components)) = body.get("components") {
        let components = normalize::components_of(components, &category);
        template.set("components", Value::Array(components));
    }
    if approved {
        template.approved_edits_ms.push(now);
    }
    review::submit(template, now, &policy.review);
    Ok(json!({
        "success": true,
        "id": template.id(),
        "name": template.name(),
        "category": template.category(),
    }))
}

/// When an approved template's edits (times within the last 30 days) allow no edit at `now`:
/// the window that is spent, the edits it allows, and when the next edit becomes possible.
fn edit_allowance(edits_ms: &[i64], now: i64) -> Option<(&'static str, usize, i64)> {
    let last_day = edits_ms.iter().copied().filter(|t| *t > now - DAY_MS).max();
    let month_full = edits_ms.len() >= 10;
    // The 10th-newest edit leaves the 30-day window first among those that keep it full.
    let mut sorted = edits_ms.to_vec();
    sorted.sort_unstable();
    let month_next = month_full.then(|| sorted[sorted.len() - 10] + 30 * DAY_MS);
    let day_next = last_day.map(|t| t + DAY_MS);
    match (day_next, month_next) {
        (None, None) => None,
        (Some(day), None) => Some(("24 hours", 1, day)),
        (day, Some(month)) => Some(("30 days", 10, month.max(day.unwrap_or(month)))),
    }
}

/// The query of `DELETE /{WABA_ID}/message_templates`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DeleteQuery {
    pub name: Option<String>,
    pub hsm_id: Option<String>,
    pub hsm_ids: Option<String>,
}

/// Parses `hsm_ids`: a JSON array (`["1","2"]` or `[1,2]`) or a comma list.
fn parse_ids(raw: &str) -> Vec<String> {
    match serde_json::from_str::<Value>(raw) {
        Ok(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect(),
        _ => raw
            .trim_matches(|c| c == '[' || c == ']')
            .split(',')
            .map(|s| s.trim().trim_matches('"').to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
    }
}

/// `DELETE /{WABA_ID}/message_templates`: all or nothing; answers `{success: true}`.
pub fn delete(
    state: &mut AccountState,
    query: &DeleteQuery,
    policy: &Policy,
) -> Result<Value, ErrorReply> {
    let now = state.now_ms();
    let targets: Vec<String> = if let Some(raw) = &query.hsm_ids {
        if query.name.is_some() || query.hsm_id.is_some() {
            return Err(errors::invalid_parameter(
                "Invalid parameters",
                "hsm_ids cannot be combined with name or hsm_id.",
            ));
        }
        let ids = parse_ids(raw);
        if ids.is_empty() || ids.len() > 100 {
            return Err(errors::invalid_parameter(
                "Invalid hsm_ids",
                format!("hsm_ids takes 1 to 100 template ids, not {}.", ids.len()),
            ));
        }
        if let Some(unknown) = ids
            .iter()
            .find(|id| state.find(id).is_none_or(StoredTemplate::is_deleted))
        {
            return Err(errors::invalid_parameter(
                "Invalid hsm_ids",
                format!("No template with ID {unknown} exists; nothing was deleted."),
            ));
        }
        ids
    } else {
        let name = query
            .name
            .as_deref()
            .ok_or_else(|| errors::missing_parameter("name"))?;
        match &query.hsm_id {
            Some(id) => match state.find(id) {
                Some(t) if t.name() == name && !t.is_deleted() => vec![id.clone()],
                _ => {
                    return Err(errors::invalid_parameter(
                        "Message Template Not Found",
                        format!("No template with ID {id} is named {name}."),
                    ));
                }
            },
            None => {
                let ids: Vec<String> = state
                    .templates
                    .iter()
                    .filter(|t| t.name() == name && !t.is_deleted())
                    .map(|t| t.id().to_owned())
                    .collect();
                if ids.is_empty() {
                    return Err(errors::template_name_not_found(name));
                }
                ids
            }
        }
    };
    if let Some(disabled) = state
        .templates
        .iter()
        .find(|t| targets.iter().any(|id| id == t.id()) && t.status() == Status::Disabled)
    {
        return Err(errors::not_deletable(
            disabled.name(),
            Status::Disabled.as_str(),
        ));
    }
    let (removed, kept): (Vec<StoredTemplate>, Vec<StoredTemplate>) =
        std::mem::take(&mut state.templates)
            .into_iter()
            .partition(|t| targets.iter().any(|id| id == t.id()));
    state.templates = kept;
    for mut template in removed {
        if template.status() != Status::Approved {
            state.touched.removed.insert(template.id().to_owned());
            continue;
        }
        // Meta locks the name (Template management). That it keeps a DELETED copy in
        // listings meanwhile is an assumption.
        state.name_locks.push(NameLock {
            name: template.name().to_owned(),
            language: template.language().to_owned(),
            until_ms: now + NAME_LOCK_MS,
        });
        if !policy.assume.has(Assumption::DeletedListing) {
            state.touched.removed.insert(template.id().to_owned());
            continue;
        }
        template.set_status(&Status::Deleted);
        template.deleted_ms = Some(now);
        template.review_due_ms = None;
        state.touched.ids.insert(template.id().to_owned());
        state.templates.push(template);
    }
    state.templates.sort_by_key(|t| t.seq);
    Ok(json!({"success": true}))
}
