//! The HTTP routes, mirroring the Graph API paths (`/{version}/{node}[/{edge}]`), the fault and
//! token layer in front of them, and the unauthenticated `/__sandbox/*` debug endpoints.

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
use super::faults::Fault;
use super::graph_query::{GraphQuery, node_fields};
use super::group_routes;
use super::listing::{self, ListContext};
use super::send;
pub use super::server_state::ServerState;
use super::server_state::{AppState, check_version, check_waba, json_body};
use super::state::AccountState;
use super::template_writes::{self, DeleteQuery};
use super::upload_routes;
use super::upsert;

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
            get(group_routes::list).post(group_routes::create),
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
        .route("/{version}/{id}/template_analytics", get(analytics))
        .route("/{version}/{id}/messages", post(send_message))
        .route(
            "/{version}/{id}/marketing_messages",
            post(send_marketing_message),
        )
        .route(
            "/{version}/{id}",
            get(get_node)
                .post(edit_template)
                .delete(group_routes::delete),
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
        let enabled = shared.transact(false, |a| Ok(a.insights.enabled)).await?;
        let node = json!({
            "id": id,
            "name": "wabactl sandbox account",
            "message_template_namespace": "sandbox_namespace",
            "is_enabled_for_insights": enabled,
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
    if let Some(group) = group_routes::get(&shared, &id, fields.as_deref()).await? {
        return Ok(group);
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
    GraphQuery(query): GraphQuery<Vec<(String, String)>>,
    headers: HeaderMap,
    body: Bytes,
) -> GraphResult {
    check_version(&version)?;
    if let Some(session) = id.strip_prefix("upload:") {
        return upload_routes::receive(&shared.media, session, &headers, &body);
    }
    if id == shared.policy.waba_id {
        let waba = shared.policy.waba_id.clone();
        let answer = shared.transact(true, |a| super::analytics::enable(a, &query, &waba));
        return Ok(Json(answer.await?).into_response());
    }
    let mut body = json_body(&body)?;
    if let Some(updated) = group_routes::update(&shared, &id, &body).await? {
        return Ok(updated);
    }
    shared.media.resolve_handles(&mut body)?;
    let edited = shared
        .transact(true, |account| {
            template_writes::edit(account, &id, &body, &shared.policy)
        })
        .await?;
    Ok(Json(edited).into_response())
}

/// `GET /{WABA_ID}/template_analytics`.
async fn analytics(
    State(shared): State<AppState>,
    Path((version, id)): Path<(String, String)>,
    GraphQuery(query): GraphQuery<Vec<(String, String)>>,
) -> GraphResult {
    check_waba(&shared, "get", &version, &id)?;
    let answer = shared.transact(false, |a| super::analytics::answer(a, &query));
    Ok(([shared.usage_header()], Json(answer.await?)).into_response())
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
