//! The HTTP side of template groups (see `groups.rs` for what each call does): the account's
//! `template_groups` edge, and `GET`, `POST` and `DELETE` on a group's id, which share the
//! template routes of a node id.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::errors::ErrorReply;
use super::graph_query::{GraphQuery, node_fields};
use super::groups;
use super::server_state::{AppState, ServerState, check_version, check_waba, json_body};

type GraphResult = Result<Response, ErrorReply>;

/// `GET /{GROUP_ID}`, when `id` is a group's.
pub async fn get(
    shared: &ServerState,
    id: &str,
    fields: Option<&str>,
) -> Result<Option<Response>, ErrorReply> {
    let waba_id = &shared.policy.waba_id;
    let group = shared
        .transact(false, |account| {
            Ok(groups::find(account, id).map(|g| groups::get(account, g, waba_id)))
        })
        .await?;
    Ok(group.map(|g| Json(node_fields(g, fields)).into_response()))
}

/// `POST /{GROUP_ID}`, when `id` is a group's.
pub async fn update(
    shared: &ServerState,
    id: &str,
    body: &Value,
) -> Result<Option<Response>, ErrorReply> {
    let is_group = shared
        .transact(false, |account| Ok(groups::find(account, id).is_some()))
        .await?;
    if !is_group {
        return Ok(None);
    }
    let updated = shared
        .transact(true, |account| groups::update(account, id, body))
        .await?;
    Ok(Some(Json(updated).into_response()))
}

pub async fn list(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
    GraphQuery(query): GraphQuery<Vec<(String, String)>>,
) -> GraphResult {
    check_waba(&shared, "get", &version, &id)?;
    let fields = query
        .iter()
        .rev()
        .find(|(k, _)| k == "fields")
        .map(|(_, v)| v.clone());
    let (mut page, usage) = shared
        .transact(false, |account| {
            Ok((groups::list(account, &id), shared.usage_header()))
        })
        .await?;
    if let Some(Value::Array(items)) = page.get_mut("data") {
        for item in items.iter_mut() {
            *item = node_fields(item.take(), fields.as_deref());
        }
    }
    Ok(([usage], Json(page)).into_response())
}

pub async fn create(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
    body: Bytes,
) -> GraphResult {
    check_waba(&shared, "post", &version, &id)?;
    let body = json_body(&body)?;
    let (created, usage) = shared
        .transact(true, |account| {
            Ok((groups::create(account, &body)?, shared.usage_header()))
        })
        .await?;
    Ok(([usage], Json(created)).into_response())
}

pub async fn delete(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
) -> GraphResult {
    check_version(&version)?;
    let deleted = shared
        .transact(true, |account| groups::delete(account, &id))
        .await?;
    Ok(Json(deleted).into_response())
}
