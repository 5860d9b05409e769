//! The HTTP routes, mirroring the Graph API paths (`/{version}/{node}[/{edge}]`), the fault and
//! token layer in front of them, and the unauthenticated `/__sandbox/*` debug endpoints.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use super::conn::ConnKill;
use super::errors::{self, ErrorReply};
use super::faults::{Fault, Faults};
use super::graph_query::{GraphQuery, node_fields};
use super::groups;
use super::listing::{self, ListContext};
use super::persist::Persister;
use super::review;
use super::send;
use super::state::AccountState;
use super::template_writes::{self, DeleteQuery, Policy};
use super::upload_routes;
use super::uploads::MediaStore;
use super::upsert;

/// What every handler shares.
pub struct ServerState {
    pub token: String,
    pub phone_number_id: String,
    pub base_url: String,
    pub policy: Policy,
    pub account: Mutex<AccountState>,
    pub persist: Persister,
    pub faults: Faults,
    /// When each Graph call of the last hour arrived, for the call budget.
    pub calls: Mutex<VecDeque<Instant>>,
    /// Upload sessions and uploaded samples.
    pub media: MediaStore,
}

type AppState = Arc<ServerState>;
type GraphResult = Result<Response, ErrorReply>;

pub fn router(shared: AppState) -> Router {
    let api = Router::new()
        .route(
            "/{version}/{id}/message_templates",
            get(list_templates)
                .post(create_template)
                .delete(delete_templates),
        )
        .route(
            "/{version}/{id}/template_groups",
            get(list_groups).post(create_group),
        )
        .route("/{version}/{id}/uploads", post(open_upload_session))
        .route(
            "/{version}/{id}/upsert_message_templates",
            post(upsert_templates),
        )
        .route(
            "/{version}/{id}/message_templates/archive",
            post(archive_templates),
        )
        .route(
            "/{version}/{id}/message_templates/unarchive",
            post(unarchive_templates),
        )
        // Meta's Template archival page writes these two without a version (on its own host).
        .route(
            "/{version}/message_templates/archive",
            post(archive_unversioned),
        )
        .route(
            "/{version}/message_templates/unarchive",
            post(unarchive_unversioned),
        )
        .route("/{version}/{id}/messages", post(send_message))
        .route(
            "/{version}/{id}/marketing_messages",
            post(send_marketing_message),
        )
        .route(
            "/{version}/{id}",
            get(get_node).post(edit_template).delete(delete_group),
        )
        .route("/{version}/{id}/unpause", post(unpause_template))
        .fallback(unknown_path)
        .layer(middleware::from_fn_with_state(shared.clone(), graph_layer));
    Router::new()
        .route("/__sandbox/state", get(debug_state))
        .route("/__sandbox/clock", post(debug_clock))
        .route("/media/{name}", get(serve_media))
        .route("/__sandbox/pause", post(debug_pause))
        .merge(api)
        .with_state(shared)
}

impl ServerState {
    fn lock(&self) -> MutexGuard<'_, AccountState> {
        self.account.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `op` on the account after any due reviews. When something changed, answers only
    /// once the change is saved (see [`Persister`]).
    async fn transact<T>(
        &self,
        write: bool,
        op: impl FnOnce(&mut AccountState) -> Result<T, ErrorReply>,
    ) -> Result<T, ErrorReply> {
        let (outcome, generation) = {
            let mut account = self.lock();
            let reviewed = review::run_due(&mut account, &self.policy.review);
            let purged = account.purge_deleted(super::template_writes::NAME_LOCK_MS)
                | super::archival::purge_archived(&mut account);
            let outcome = op(&mut account);
            let changed = reviewed || purged || (write && outcome.is_ok());
            (outcome, changed.then(|| self.persist.changed()))
        };
        if let Some(generation) = generation {
            self.persist
                .saved(generation)
                .await
                .map_err(|_| errors::transient().with_message(1, "An unknown error occurred"))?;
        }
        outcome
    }

    /// Counts a Graph call against the rolling hour.
    fn count_call(&self) {
        let now = Instant::now();
        let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        while calls
            .front()
            .is_some_and(|t| now.duration_since(*t) > Duration::from_secs(3600))
        {
            calls.pop_front();
        }
        calls.push_back(now);
    }

    /// `call_count` is the share of the call budget used, as Meta's rate-limiting page
    /// defines it: calls only. The creation quota is not a call budget; it is answered with
    /// 80008 when spent, never folded into this share.
    fn usage_header(&self) -> (HeaderName, String) {
        let calls = self.calls.lock().unwrap_or_else(|e| e.into_inner()).len() as u64;
        let percent = (calls * 100)
            .checked_div(u64::from(self.policy.calls_per_hour))
            .unwrap_or(0)
            .min(100);
        (
            HeaderName::from_static("x-business-use-case-usage"),
            errors::usage_header(&self.policy.waba_id, percent, 0),
        )
    }
}

/// The newest Graph API version Meta has published (v26.0; Graph API changelog). A path with
/// a newer one is unknown to Meta. An older one is served: Meta's "Platform Versioning" page
/// says calls to a version no longer usable go to the oldest usable one.
const NEWEST_VERSION: u32 = 26;

/// `v25.0` and the like: `v` + major + `.0`, no newer than [`NEWEST_VERSION`].
fn check_version(version: &str) -> Result<(), ErrorReply> {
    let valid = version
        .strip_prefix('v')
        .and_then(|v| v.strip_suffix(".0"))
        .filter(|major| !major.is_empty() && major.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|major| major.parse::<u32>().ok())
        .is_some_and(|major| major <= NEWEST_VERSION);
    if valid {
        Ok(())
    } else {
        Err(errors::unknown_path(&format!("/{version}/")))
    }
}

fn json_body(bytes: &Bytes) -> Result<Value, ErrorReply> {
    serde_json::from_slice(bytes).map_err(|err| {
        errors::invalid_parameter(
            "Invalid request body",
            format!("The request body must be JSON (Content-Type: application/json): {err}."),
        )
    })
}

fn token_of<'a>(headers: &'a HeaderMap, uri: &'a Uri) -> Option<&'a str> {
    let from_header = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("OAuth "))
        });
    from_header.or_else(|| {
        uri.query()?
            .split('&')
            .find_map(|kv| kv.strip_prefix("access_token="))
    })
}

/// Faults first (they model the network and Meta's servers), then the token check.
async fn graph_layer(State(shared): State<AppState>, req: Request, next: Next) -> Response {
    shared.count_call();
    if let Some(latency) = shared.faults.latency() {
        tokio::time::sleep(latency).await;
    }
    let version = req
        .uri()
        .path()
        .split('/')
        .nth(1)
        .filter(|v| check_version(v).is_ok())
        .map(str::to_owned);
    let kill = req
        .extensions()
        .get::<ConnectInfo<ConnKill>>()
        .map(|c| c.0.clone());
    let is_write = req.method() != Method::GET;
    let mut response = match shared.faults.decide(is_write) {
        Fault::None => authorized(&shared, req, next).await,
        Fault::ServerError => errors::transient().into_response(),
        Fault::Throttle => errors::throttled(
            &shared.policy.waba_id,
            0,
            "Simulated throttling (--throttle-rate); nothing was changed. Retry later.",
        )
        .into_response(),
        Fault::DropBefore | Fault::DropAfter if kill.is_none() => {
            errors::transient().into_response()
        }
        Fault::DropBefore => {
            kill.iter().for_each(ConnKill::kill);
            StatusCode::OK.into_response()
        }
        Fault::DropAfter => {
            let _ = authorized(&shared, req, next).await;
            kill.iter().for_each(ConnKill::kill);
            StatusCode::OK.into_response()
        }
    };
    if let Some(version) = version.and_then(|v| HeaderValue::from_str(&v).ok()) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("facebook-api-version"), version);
    }
    response
}

async fn authorized(shared: &ServerState, req: Request, next: Next) -> Response {
    if token_of(req.headers(), req.uri()) != Some(shared.token.as_str()) {
        return errors::invalid_token().into_response();
    }
    next.run(req).await
}

async fn unknown_path(uri: Uri) -> Response {
    errors::unknown_path(uri.path()).into_response()
}

fn check_waba(
    shared: &ServerState,
    method: &str,
    version: &str,
    id: &str,
) -> Result<(), ErrorReply> {
    check_version(version)?;
    if id == shared.policy.waba_id {
        Ok(())
    } else {
        Err(errors::unknown_object(method, id))
    }
}

async fn list_templates(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
    GraphQuery(query): GraphQuery<Vec<(String, String)>>,
) -> GraphResult {
    check_waba(&shared, "get", &version, &id)?;
    let ctx = ListContext {
        base_url: &shared.base_url,
        version: &version,
        waba_id: &shared.policy.waba_id,
        template_limit: shared.policy.template_limit,
        assume: &shared.policy.assume,
    };
    let (page, usage) = shared
        .transact(false, |account| {
            Ok((listing::list(account, &query, &ctx)?, shared.usage_header()))
        })
        .await?;
    let json = (header::CONTENT_TYPE, "application/json".to_owned());
    Ok(([usage, json], page).into_response())
}

async fn create_template(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
    body: Bytes,
) -> GraphResult {
    check_waba(&shared, "post", &version, &id)?;
    let mut body = json_body(&body)?;
    shared.media.resolve_handles(&mut body)?;
    let (created, usage) = shared
        .transact(true, |account| {
            let created = template_writes::create(account, &body, &shared.policy)?;
            Ok((created, shared.usage_header()))
        })
        .await?;
    Ok(([usage], Json(created)).into_response())
}

async fn upsert_templates(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
    body: Bytes,
) -> GraphResult {
    check_waba(&shared, "post", &version, &id)?;
    let body = json_body(&body)?;
    let (upserted, usage) = shared
        .transact(true, |account| {
            let upserted = upsert::upsert(account, &body, &shared.policy)?;
            Ok((upserted, shared.usage_header()))
        })
        .await?;
    Ok(([usage], Json(upserted)).into_response())
}

async fn delete_templates(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
    GraphQuery(query): GraphQuery<DeleteQuery>,
) -> GraphResult {
    check_waba(&shared, "delete", &version, &id)?;
    let (deleted, usage) = shared
        .transact(true, |account| {
            Ok((
                template_writes::delete(account, &query, &shared.policy)?,
                shared.usage_header(),
            ))
        })
        .await?;
    Ok(([usage], Json(deleted)).into_response())
}

async fn get_node(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
    GraphQuery(query): GraphQuery<Vec<(String, String)>>,
    headers: HeaderMap,
) -> GraphResult {
    check_version(&version)?;
    if let Some(session) = id.strip_prefix("upload:") {
        return upload_routes::status(&shared.media, session, &headers);
    }
    let fields = query
        .iter()
        .rev()
        .find(|(k, _)| k == "fields")
        .map(|(_, v)| v.clone());
    if id == shared.policy.waba_id {
        let node = json!({
            "id": id,
            "name": "wabactl sandbox account",
            "message_template_namespace": "sandbox_namespace",
        });
        return Ok(Json(node_fields(node, fields.as_deref())).into_response());
    }
    if id == shared.phone_number_id {
        let node = json!({
            "id": id,
            "display_phone_number": "+1 555-000-0000",
            "verified_name": "wabactl sandbox",
        });
        return Ok(Json(node_fields(node, fields.as_deref())).into_response());
    }
    let waba_id = &shared.policy.waba_id;
    let group = shared
        .transact(false, |account| {
            Ok(groups::find(account, &id).map(|g| groups::get(account, g, waba_id)))
        })
        .await?;
    if let Some(group) = group {
        return Ok(Json(node_fields(group, fields.as_deref())).into_response());
    }
    let template = shared
        .transact(false, |account| {
            let template = account
                .find(&id)
                .ok_or_else(|| errors::unknown_object("get", &id))?;
            Ok(listing::select(template, fields.as_deref())?.into_value(&shared.base_url))
        })
        .await?;
    Ok(Json(template).into_response())
}

async fn edit_template(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> GraphResult {
    check_version(&version)?;
    if let Some(session) = id.strip_prefix("upload:") {
        return upload_routes::receive(&shared.media, session, &headers, &body);
    }
    let mut body = json_body(&body)?;
    let is_group = shared
        .transact(false, |account| Ok(groups::find(account, &id).is_some()))
        .await?;
    if is_group {
        let updated = shared
            .transact(true, |account| groups::update(account, &id, &body))
            .await?;
        return Ok(Json(updated).into_response());
    }
    shared.media.resolve_handles(&mut body)?;
    let edited = shared
        .transact(true, |account| {
            template_writes::edit(account, &id, &body, &shared.policy)
        })
        .await?;
    Ok(Json(edited).into_response())
}

async fn list_groups(
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

async fn create_group(
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

async fn delete_group(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
) -> GraphResult {
    check_version(&version)?;
    let deleted = shared
        .transact(true, |account| groups::delete(account, &id))
        .await?;
    Ok(Json(deleted).into_response())
}

async fn open_upload_session(
    State(shared): State<AppState>,
    Path((version, app_id)): Path<(String, String)>,
    GraphQuery(query): GraphQuery<Vec<(String, String)>>,
) -> GraphResult {
    check_version(&version)?;
    upload_routes::open_session(&shared.media, &app_id, &query)
}

/// The sandbox's CDN: public, like Meta's signed sample URLs.
async fn serve_media(State(shared): State<AppState>, Path(name): Path<String>) -> Response {
    upload_routes::serve_media(&shared.media, &name)
}

/// `POST /{WABA_ID}/message_templates/archive`.
async fn archive_templates(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
    body: Bytes,
) -> GraphResult {
    check_version(&version)?;
    archival_call(&shared, &id, &body, super::archival::archive).await
}

/// `POST /{WABA_ID}/message_templates/archive` without a version, as Meta's page writes it.
async fn archive_unversioned(
    State(shared): State<AppState>,
    Path(waba_id): Path<String>,
    body: Bytes,
) -> GraphResult {
    archival_call(&shared, &waba_id, &body, super::archival::archive).await
}

/// `POST /{WABA_ID}/message_templates/unarchive` without a version.
async fn unarchive_unversioned(
    State(shared): State<AppState>,
    Path(waba_id): Path<String>,
    body: Bytes,
) -> GraphResult {
    archival_call(&shared, &waba_id, &body, super::archival::unarchive).await
}

/// `POST /{WABA_ID}/message_templates/unarchive`.
async fn unarchive_templates(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
    body: Bytes,
) -> GraphResult {
    check_version(&version)?;
    archival_call(&shared, &id, &body, super::archival::unarchive).await
}

async fn archival_call(
    shared: &ServerState,
    waba_id: &str,
    body: &Bytes,
    op: fn(&mut AccountState, &Value) -> Result<Value, ErrorReply>,
) -> GraphResult {
    if waba_id != shared.policy.waba_id {
        return Err(errors::unknown_object("post", waba_id));
    }
    let body = json_body(body)?;
    let answer = shared.transact(true, |account| op(account, &body)).await?;
    Ok(Json(answer).into_response())
}

/// `POST /{TEMPLATE_ID}/unpause`.
async fn unpause_template(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
) -> GraphResult {
    check_version(&version)?;
    let answer = shared
        .transact(true, |account| super::pausing::unpause(account, &id))
        .await?;
    Ok(Json(answer).into_response())
}

#[derive(serde::Deserialize)]
struct PauseQuery {
    id: String,
    #[serde(default)]
    ago_seconds: i64,
}

/// `POST /__sandbox/pause?id=ID[&ago_seconds=N]`: pauses an APPROVED template (as Meta's
/// quality or pacing pause would), now or N seconds ago, for tests.
async fn debug_pause(
    State(shared): State<AppState>,
    GraphQuery(query): GraphQuery<PauseQuery>,
) -> GraphResult {
    let answer = shared
        .transact(true, |account| {
            super::pausing::pause(account, &query.id, query.ago_seconds)
        })
        .await?;
    Ok(Json(answer).into_response())
}

async fn send_message(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
    body: Bytes,
) -> GraphResult {
    send_on(&shared, &version, &id, &body, send::Edge::Messages).await
}

async fn send_marketing_message(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
    body: Bytes,
) -> GraphResult {
    send_on(&shared, &version, &id, &body, send::Edge::MarketingMessages).await
}

async fn send_on(
    shared: &AppState,
    version: &str,
    id: &str,
    body: &Bytes,
    edge: send::Edge,
) -> GraphResult {
    check_version(version)?;
    if id != shared.phone_number_id {
        return Err(errors::unknown_object("post", id));
    }
    let body = json_body(body)?;
    let sent = shared
        .transact(true, |account| send::send(account, &body, edge))
        .await?;
    Ok(Json(sent).into_response())
}

/// `GET /__sandbox/state`: the whole account and the settings in effect (no token needed).
async fn debug_state(State(shared): State<AppState>) -> GraphResult {
    let dump = shared
        .transact(false, |account| {
            Ok(json!({
                "base_url": shared.base_url,
                "waba_id": shared.policy.waba_id,
                "phone_number_id": shared.phone_number_id,
                "now_ms": account.now_ms(),
                "create_quota_per_hour": shared.policy.create_quota_per_hour,
                "template_limit": shared.policy.template_limit,
                "review_delay_ms": shared.policy.review.delay_ms,
                "account": &*account,
            }))
        })
        .await?;
    Ok(Json(dump).into_response())
}

#[derive(serde::Deserialize)]
struct ClockQuery {
    advance_seconds: i64,
}

/// `POST /__sandbox/clock?advance_seconds=N`: moves sandbox time forward (reviews, quotas,
/// edit limits and name locks all follow it).
async fn debug_clock(
    State(shared): State<AppState>,
    GraphQuery(query): GraphQuery<ClockQuery>,
) -> GraphResult {
    let answer = shared
        .transact(true, |account| {
            account.clock_offset_ms += query.advance_seconds.saturating_mul(1000);
            Ok(json!({"now_ms": account.now_ms(), "clock_offset_ms": account.clock_offset_ms}))
        })
        .await?;
    Ok(Json(answer).into_response())
}
